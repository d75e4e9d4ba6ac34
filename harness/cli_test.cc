// Harness tests: the `wasmref wast` command line (exit codes, conversion, reports)
#include "harness/cli.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "harness/convert.h"
#include "harness/json_reader.h"
#include "harness/profiles.h"

namespace wasmref::harness {
namespace {

struct CliRun {
  int rc = -1;
  std::string out, err;
};

CliRun cli(std::vector<std::string> args) {
  std::ostringstream out, err;
  CliRun r;
  r.rc = cli_main(args, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

std::string last_line(const std::string& s) {
  std::string t = s;
  while (!t.empty() && t.back() == '\n') t.pop_back();
  const size_t nl = t.rfind('\n');
  return nl == std::string::npos ? t : t.substr(nl + 1);
}

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  JsonParse p = parse_json_tolerant(ss.str());
  return p.value ? *p.value : nlohmann::json();
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok());
    suite_ = dir_.path() + "/suite";
    std::filesystem::create_directories(suite_ + "/proposals/threads");
    std::ofstream(suite_ + "/good.wast")
        << R"((module (func (export "f") (result i32) (i32.const 7)))
(assert_return (invoke "f") (i32.const 7))
(assert_malformed (module quote "(") "unexpected token")
)";
    std::ofstream(suite_ + "/bad.wast")
        << R"((module (func (export "f") (result i32) (i32.const 7)))
(assert_return (invoke "f") (i32.const 8))
(assert_return (invoke "f") (i32.const 7))
)";
    std::ofstream(suite_ + "/unconvertible.wast") << "(module (func (this is not wat)))\n";
    std::ofstream(suite_ + "/proposals/threads/t.wast")
        << "(module (memory 1 1) (func (export \"f\") (result i32) (i32.const 1)))\n"
           "(assert_return (invoke \"f\") (i32.const 1))\n";
    report_ = dir_.path() + "/report";
  }
  TempDir dir_;
  std::string suite_, report_;
};

TEST_F(CliTest, UsageErrorsExit2) {
  EXPECT_EQ(cli({}).rc, kExitHarness);
  EXPECT_NE(cli({}).err.find("usage"), std::string::npos);
  EXPECT_EQ(cli({"frobnicate"}).rc, kExitHarness);
  EXPECT_EQ(cli({"wast"}).rc, kExitHarness);
  CliRun r = cli({"wast", "--no-such-option", "x.json"});
  EXPECT_EQ(r.rc, kExitHarness);
  EXPECT_NE(r.err.find("--no-such-option"), std::string::npos);
  EXPECT_EQ(cli({"wast", "--profile", "nope", suite_ + "/good.wast"}).rc, kExitHarness);
  EXPECT_EQ(cli({"wast", dir_.path() + "/does-not-exist.json"}).rc, kExitHarness);
  EXPECT_EQ(cli({"wast", "--expect", dir_.path() + "/none.json", suite_ + "/good.wast"}).rc,
            kExitHarness);
}

TEST_F(CliTest, CorruptJsonExit2WithOneLine) {
  std::ofstream(dir_.path() + "/corrupt.json") << "{\"commands\": [{\"type\": \"mod";
  CliRun r = cli({"wast", "--quiet", dir_.path() + "/corrupt.json"});
  EXPECT_EQ(r.rc, kExitHarness);
  EXPECT_NE(r.err.find("corrupt.json"), std::string::npos);
  EXPECT_EQ(last_line(r.out), "0 passed, 0 failed, 0 skipped");
}

TEST_F(CliTest, MissingWast2jsonExit2) {
  CliRun r = cli({"wast", "--converter", "wabt", "--wast2json", dir_.path() + "/no-such-tool",
                  suite_ + "/good.wast"});
  EXPECT_EQ(r.rc, kExitHarness);
  EXPECT_NE(r.err.find("wast2json not found"), std::string::npos);
}

TEST_F(CliTest, ConvertsRunsAndReports) {
  CliRun r = cli({"wast", "--suite-root", suite_, "--report", report_, suite_ + "/good.wast"});
  EXPECT_EQ(r.rc, kExitOk) << r.out << r.err;
  EXPECT_NE(r.out.find("core/good.wast: pass (3 passed, 0 failed, 0 skipped)"), std::string::npos)
      << r.out;
  EXPECT_EQ(last_line(r.out), "3 passed, 0 failed, 0 skipped");
  std::ifstream records(report_ + "/reference/core/good.jsonl");
  ASSERT_TRUE(records.good());
  std::string line;
  int n = 0;
  while (std::getline(records, line)) {
    nlohmann::json j = nlohmann::json::parse(line);
    EXPECT_EQ(j["file"], "good.wast");
    EXPECT_EQ(j["index"], static_cast<unsigned>(n));
    ++n;
  }
  EXPECT_EQ(n, 3);
  {
    // The JS-API fields: the module and the assert_return ran through JS and threw nothing.
    std::ifstream again(report_ + "/reference/core/good.jsonl");
    std::getline(again, line);
    nlohmann::json j = nlohmann::json::parse(line);
    EXPECT_EQ(j["path"], "jsapi");
    EXPECT_TRUE(j["expected"]["js_class"].is_null());
    EXPECT_TRUE(j["actual"]["js_class"].is_null());
    std::getline(again, line);
    std::getline(again, line);
    j = nlohmann::json::parse(line);  // the quoted text module, malformed as text
    EXPECT_EQ(j["expected"]["js_class"], "CompileError");
    EXPECT_EQ(j["actual"]["js_class"], "CompileError");
    EXPECT_EQ(j["actual"]["outcome"], "malformed");
    EXPECT_EQ(j["path"], "text");
    EXPECT_EQ(j["verdict"], "pass");
  }
  nlohmann::json s = read_json(report_ + "/reference/summary.json");
  EXPECT_EQ(s["js_classes"]["module"]["none"], 1u);
  EXPECT_EQ(s["js_classes"]["assert_return"]["none"], 1u);
  EXPECT_EQ(s["js_classes"]["assert_malformed"]["CompileError"], 1u);
  EXPECT_EQ(s["files"][0]["js_classes"]["module"]["none"], 1u);
  EXPECT_EQ(s["schema"], "wasmref-summary/1");
  EXPECT_EQ(s["converter"]["name"], "native");
  EXPECT_EQ(s["files"][0]["converter"], "native");
  EXPECT_EQ(s["files"][0]["suite"], "2022");
  EXPECT_EQ(s["files"][0]["status"], "pass");
  EXPECT_TRUE(s["files"][0]["skipped_by_reason"].empty());
}

TEST_F(CliTest, Wast2jsonConverterJudgesQuotedTextNatively) {
  // --converter wabt: wast2json writes the quoted module as a .wat file; it is judged by the
  // native text reader, not skipped.
  CliRun r = cli({"wast", "--converter", "wabt", "--suite-root", suite_, "--report", report_,
                  suite_ + "/good.wast"});
  EXPECT_EQ(r.rc, kExitOk) << r.out << r.err;
  EXPECT_EQ(last_line(r.out), "3 passed, 0 failed, 0 skipped");
  nlohmann::json s = read_json(report_ + "/reference/summary.json");
  EXPECT_EQ(s["converter"]["name"], "wast2json");
  EXPECT_EQ(s["converter"]["version"], "1.0.32");
  EXPECT_EQ(s["files"][0]["converter"], "wast2json");
}

TEST_F(CliTest, UnreadableScriptIsAnErrorExit1) {
  // A syntax error in a script is the file's error (exit 1) naming line and column, never a
  // skip.
  CliRun r =
      cli({"wast", "--suite-root", suite_, "--report", report_, suite_ + "/unconvertible.wast"});
  EXPECT_EQ(r.rc, kExitFail) << r.out << r.err;
  EXPECT_NE(r.out.find("core/unconvertible.wast: error"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("unconvertible.wast:1:16: unknown operator"), std::string::npos) << r.err;
  nlohmann::json s = read_json(report_ + "/reference/summary.json");
  EXPECT_EQ(s["files"][0]["status"], "error");
}

TEST_F(CliTest, TheThreePointZeroSuiteKeysFilesBySuite) {
  const std::string root = dir_.path() + "/suite3";
  std::filesystem::create_directories(root + "/core/gc");
  std::ofstream(root + "/core/gc/t.wast")
      << "(module (func (export \"f\") (result i32) (i32.const 1)))\n"
         "(assert_return (invoke \"f\") (i32.const 1))\n";
  CliRun r = cli({"wast", "--suite", "3.0", "--suite-root", root, "--report", report_,
                  root + "/core/gc/t.wast"});
  EXPECT_EQ(r.rc, kExitOk) << r.out << r.err;
  EXPECT_NE(r.out.find("3.0/core/gc/t.wast: pass"), std::string::npos) << r.out;
  EXPECT_TRUE(std::filesystem::exists(report_ + "/reference/3.0/core/gc/t.jsonl"));
  nlohmann::json s = read_json(report_ + "/reference/summary.json");
  EXPECT_EQ(s["files"][0]["file"], "3.0/core/gc/t.wast");
  EXPECT_EQ(s["files"][0]["suite"], "3.0");
  EXPECT_EQ(s["testsuites"]["3.0"], "285a9032950cbad6a9f84de11183008e286092a2");
  EXPECT_EQ(cli({"wast", "--suite", "4.0", root}).rc, kExitHarness);
  EXPECT_EQ(cli({"wast", "--converter", "other", root}).rc, kExitHarness);
}

TEST_F(CliTest, FailuresExit1AndSummaryMerges) {
  cli({"wast", "--suite-root", suite_, "--report", report_, suite_ + "/good.wast"});
  CliRun r =
      cli({"wast", "--quiet", "--suite-root", suite_, "--report", report_, suite_ + "/bad.wast"});
  EXPECT_EQ(r.rc, kExitFail) << r.out << r.err;
  EXPECT_EQ(last_line(r.out), "2 passed, 1 failed, 0 skipped");
  nlohmann::json s = read_json(report_ + "/reference/summary.json");
  ASSERT_EQ(s["files"].size(), 2u);
  EXPECT_EQ(s["counts"]["pass"], 5u);
  EXPECT_EQ(s["counts"]["fail"], 1u);
}

TEST_F(CliTest, ExpectationsTurnFailuresIntoXfail) {
  std::ofstream(dir_.path() + "/expect.json")
      << R"({"schema": "wasmref-expectations/1", "entries": [
    {"file": "bad.wast", "index": 1, "reason": "known"},
    {"file": "good.wast", "reason": "stale whole-file entry"}]})";
  CliRun r = cli({"wast", "--suite-root", suite_, "--expect", dir_.path() + "/expect.json",
                  suite_ + "/bad.wast"});
  EXPECT_EQ(r.rc, kExitOk) << r.out;
  EXPECT_NE(r.out.find("core/bad.wast: xfail"), std::string::npos) << r.out;
  r = cli({"wast", "--suite-root", suite_, "--expect", dir_.path() + "/expect.json",
           suite_ + "/good.wast"});
  EXPECT_EQ(r.rc, kExitFail) << r.out;  // xpass fails the run
  EXPECT_NE(r.out.find("core/good.wast: xpass"), std::string::npos) << r.out;
}

TEST_F(CliTest, ConversionFailureIsSkipped77) {
  CliRun r = cli({"wast", "--converter", "wabt", "--suite-root", suite_, "--report", report_,
                  suite_ + "/unconvertible.wast"});
  EXPECT_EQ(r.rc, kExitSkipped) << r.out << r.err;
  EXPECT_NE(r.out.find("convert_error"), std::string::npos);
  nlohmann::json s = read_json(report_ + "/reference/summary.json");
  EXPECT_EQ(s["files"][0]["status"], "convert_error");
  EXPECT_NE(s["files"][0]["message"].get<std::string>().find("wast2json exited with"),
            std::string::npos);
}

TEST_F(CliTest, DirectoryRecursionAndProfilesByDirectory) {
  CliRun r = cli({"wast", "--suite-root", suite_, "--report", report_, suite_});
  EXPECT_EQ(r.rc, kExitFail) << r.out << r.err;  // bad.wast fails
  // Sorted, recursive, each with its profile.
  const size_t bad = r.out.find("core/bad.wast: fail");
  const size_t good = r.out.find("core/good.wast: pass");
  const size_t threads = r.out.find("proposals/threads/t.wast: pass");
  EXPECT_NE(bad, std::string::npos) << r.out;
  EXPECT_NE(good, std::string::npos) << r.out;
  EXPECT_NE(threads, std::string::npos) << r.out;
  EXPECT_LT(bad, good);
  EXPECT_TRUE(std::filesystem::exists(report_ + "/reference/proposals/threads/t.jsonl"));
  nlohmann::json s = read_json(report_ + "/reference/summary.json");
  EXPECT_EQ(s["files"].size(), 4u);
}

TEST_F(CliTest, JsonInputResolvesModulesBesideTheJson) {
  // Convert by hand, then move the output elsewhere: source_filename must not matter.
  CliRun r = cli({"wast", "--suite-root", suite_, suite_ + "/good.wast"});
  ASSERT_EQ(r.rc, kExitOk);
  const std::string out = dir_.path() + "/converted";
  std::filesystem::create_directories(out);
  const std::optional<std::string> tool = find_executable("wast2json");
  ASSERT_TRUE(tool);
  Conversion c = convert_wast(*tool, {}, suite_ + "/good.wast", out);
  ASSERT_EQ(c.status, Conversion::Status::ok) << c.stderr_head;
  const std::string moved = dir_.path() + "/moved";
  std::filesystem::rename(out, moved);
  r = cli({"wast", moved + "/good.json"});
  EXPECT_EQ(r.rc, kExitOk) << r.out << r.err;
  // Outside the suite root and the current directory: keyed by its whole path, never by its
  // base name alone.
  EXPECT_NE(r.out.find(std::filesystem::path(moved).relative_path().generic_string() +
                       "/good.wast: pass"),
            std::string::npos)
      << r.out;
  // A missing module file is an error verdict (exit 1), not a crash.
  std::filesystem::remove(moved + "/good.0.wasm");
  r = cli({"wast", moved + "/good.json"});
  EXPECT_EQ(r.rc, kExitFail) << r.out;
  EXPECT_NE(r.out.find("missing-module-file"), std::string::npos) << r.out;
}

TEST_F(CliTest, EnginesByNameAndReportsUnderTheEnginesName) {
  CliRun r = cli({"wast", "--engine", "warp", suite_ + "/good.wast"});
  EXPECT_EQ(r.rc, kExitHarness);
  EXPECT_NE(r.err.find("unknown engine 'warp'"), std::string::npos) << r.err;
  r = cli({"wast", "--engine", "cmd:", suite_ + "/good.wast"});
  EXPECT_EQ(r.rc, kExitHarness);
  r = cli({"wast", "--deadline", "soon", suite_ + "/good.wast"});
  EXPECT_EQ(r.rc, kExitHarness);
  r = cli({"wast", "--engine", "reference", "--suite-root", suite_, "--report", report_,
           suite_ + "/good.wast"});
  EXPECT_EQ(r.rc, kExitOk) << r.out << r.err;
  nlohmann::json s = read_json(report_ + "/reference/summary.json");
  EXPECT_EQ(s["engine"]["name"], "reference");
  EXPECT_EQ(s["engine"]["coarse"], false);
  EXPECT_NE(s["engine"]["config"].get<std::string>().find("fuel"), std::string::npos);
}

#ifdef WASMREF_CLI_PATH
TEST_F(CliTest, AProtocolEngineWritesItsOwnReportDirectory) {
  CliRun r = cli({"wast", "--engine", std::string("cmd:'") + WASMREF_CLI_PATH + "' serve",
                  "--deadline", "5000", "--suite-root", suite_, "--report", report_,
                  suite_ + "/good.wast", suite_ + "/bad.wast"});
  EXPECT_EQ(r.rc, kExitFail) << r.out << r.err;
  EXPECT_NE(r.out.find("core/good.wast: pass (3 passed, 0 failed, 0 skipped)"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("core/bad.wast: fail (2 passed, 1 failed, 0 skipped)"), std::string::npos)
      << r.out;
  nlohmann::json s = read_json(report_ + "/wasmref-serve/summary.json");
  EXPECT_EQ(s["engine"]["name"], "wasmref-serve");
  EXPECT_EQ(s["counts"]["fail"], 1u);
  EXPECT_TRUE(std::filesystem::exists(report_ + "/wasmref-serve/core/good.jsonl"));
  EXPECT_FALSE(std::filesystem::exists(report_ + "/reference"));
}
#endif

TEST(CliServe, ServeIsASubcommand) {
  CliRun r = cli({"serve", "--help"});
  EXPECT_EQ(r.rc, kExitOk);
  EXPECT_NE(r.out.find("JSON-lines"), std::string::npos);
  r = cli({"serve", "--bogus"});
  EXPECT_EQ(r.rc, kExitHarness);
}


// --- wasmref validate / run -------------------------------------------------------------------

TEST_F(CliTest, ValidateTextAndBinary) {
  const std::string ok = dir_.path() + "/ok.wat";
  std::ofstream(ok) << "(module (func (export \"add\") (param i32 i32) (result i32)\n"
                       "  (i32.add (local.get 0) (local.get 1))))\n";
  CliRun r = cli({"validate", ok});
  EXPECT_EQ(r.rc, kExitOk) << r.out << r.err;
  EXPECT_EQ(r.out, ok + ": valid\n");
  const std::string bad = dir_.path() + "/bad.wat";
  std::ofstream(bad) << "(module\n  (func (result i32) (i64.const 1)))\n";
  r = cli({"validate", bad});
  EXPECT_EQ(r.rc, kExitFail);
  EXPECT_NE(r.out.find("invalid: type mismatch"), std::string::npos) << r.out;
  const std::string malformed = dir_.path() + "/malformed.wat";
  std::ofstream(malformed) << "(module\n  (func (i32.const 99999999999)))\n";
  r = cli({"validate", malformed});
  EXPECT_EQ(r.rc, kExitFail);
  EXPECT_NE(r.out.find("malformed.wat:2:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("malformed: constant out of range"), std::string::npos) << r.out;
  const std::string wasm = dir_.path() + "/bad.wasm";
  std::ofstream(wasm, std::ios::binary) << std::string("\0asm\2\0\0\0", 8);
  r = cli({"validate", wasm});
  EXPECT_EQ(r.rc, kExitFail);
  EXPECT_NE(r.out.find("malformed: unknown binary version"), std::string::npos) << r.out;
  // 3.0 features the reference implements are valid (issue 11: tags and try_table).
  const std::string exn = dir_.path() + "/exn.wat";
  std::ofstream(exn) << "(module (tag $e (param i32)) (memory i64 1)\n"
                        "  (func (result i32) (block $h (result i32)\n"
                        "    (try_table (catch $e $h) (throw $e (i32.const 1))) (i32.const 0))))\n";
  r = cli({"validate", exn});
  EXPECT_EQ(r.rc, kExitOk) << r.out << r.err;
  EXPECT_EQ(cli({"validate", dir_.path() + "/none.wasm"}).rc, kExitHarness);
  EXPECT_EQ(cli({"validate"}).rc, kExitHarness);
  EXPECT_EQ(cli({"validate", "--help"}).rc, kExitOk);
}

TEST_F(CliTest, RunInvokesAnExportWithConstants) {
  const std::string m = dir_.path() + "/m.wat";
  std::ofstream(m) << R"((module
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "id") (param f32) (result f32) (local.get 0))
  (func (export "trap") (unreachable))
  (func (export "spin") (loop (br 0))))
)";
  CliRun r = cli({"run", m, "--invoke", "add", "i32.const", "2", "(i32.const 40)"});
  EXPECT_EQ(r.rc, kExitOk) << r.out << r.err;
  EXPECT_EQ(r.out, "i32.const 42\n");
  r = cli({"run", m, "--invoke", "id", "f32.const nan:0x200000"});
  EXPECT_EQ(r.out, "f32.const nan:0x200000\n");
  r = cli({"run", m, "--invoke", "trap"});
  EXPECT_EQ(r.rc, kExitFail);
  EXPECT_NE(r.out.find("trap: unreachable"), std::string::npos) << r.out;
  r = cli({"run", m, "--invoke", "spin", "--fuel", "1000"});
  EXPECT_EQ(r.rc, kExitFail);  // a runaway loop ends
  r = cli({"run", m, "--invoke", "nope"});
  EXPECT_EQ(r.rc, kExitFail);
  EXPECT_NE(r.out.find("no exported function"), std::string::npos);
  r = cli({"run", m, "--invoke", "add", "i32.const", "x"});
  EXPECT_EQ(r.rc, kExitHarness);
  EXPECT_NE(r.err.find("arguments"), std::string::npos);
  r = cli({"run", m, "--invoke", "add", "i32.const", "1"});  // one argument short
  EXPECT_EQ(r.rc, kExitFail);
  EXPECT_EQ(cli({"run", m}).rc, kExitHarness);
}



// --- Failure lines (issue 9) --------------------------------------------------------------------

nlohmann::json val(const char* type, const std::string& bits) {
  return {{"type", type}, {"value", bits}};
}
nlohmann::json v128(const char* lane, std::vector<std::string> lanes) {
  return {{"type", "v128"}, {"lane_type", lane}, {"value", lanes}};
}
nlohmann::json invoke(const std::string& field, nlohmann::json args) {
  return {{"op", "invoke"}, {"module", nullptr}, {"field", field}, {"args", std::move(args)}};
}
// A JSON array of these values. (A braced list of one json is a copy of it with clang and an
// array with GCC: spelled out here so the tests mean the same with both.)
nlohmann::json list(std::initializer_list<nlohmann::json> values) {
  nlohmann::json a = nlohmann::json::array();
  for (const nlohmann::json& v : values) a.push_back(v);
  return a;
}

Record return_record(nlohmann::json action, nlohmann::json expected, nlohmann::json actual) {
  Record r;
  r.line = 7;
  r.kind = "assert_return";
  r.action = std::move(action);
  r.expected_outcome = "ok";
  r.expected_values = std::move(expected);
  r.actual_outcome = "ok";
  r.actual_values = std::move(actual);
  r.verdict = Verdict::fail;
  r.reason = "value-mismatch";
  return r;
}

TEST(FailureLine, AssertReturnWithI32Arguments) {
  Record r = return_record(invoke("add", list({val("i32", "2"), val("i32", "2")})),
                           list({val("i32", "5")}), list({val("i32", "4294967292")}));
  r.line = 17;
  EXPECT_EQ(failure_line(r, "dir/mytest.wast"),
            "dir/mytest.wast:17: assert_return (invoke \"add\" (i32.const 2) (i32.const 2)): "
            "expected (i32.const 5), got (i32.const -4) [value-mismatch]");
}

TEST(FailureLine, FloatsExactlyAndNaNsByPayload) {
  // f32 1.0 expected, a signalling NaN with payload 0x200000 returned.
  Record r = return_record(invoke("nan", nlohmann::json::array()),
                           list({val("f32", "1065353216")}),
                           list({val("f32", std::to_string(0x7fa00000u))}));
  EXPECT_EQ(failure_line(r, "m.wast"),
            "m.wast:7: assert_return (invoke \"nan\"): expected (f32.const 1), got "
            "(f32.const nan:0x200000) [value-mismatch]");
  // A pattern, a negative NaN, and the shortest decimal that reads back (0.1f).
  r = return_record(invoke("g", list({val("f64", std::to_string(0x3ff8000000000000ull))})),
                    list({val("f32", "nan:canonical")}),
                    list({val("f32", std::to_string(0xffc00001u))}));
  EXPECT_EQ(failure_line(r, "m.wast"),
            "m.wast:7: assert_return (invoke \"g\" (f64.const 1.5)): expected (f32.const "
            "nan:canonical), got (f32.const -nan:0x400001) [value-mismatch]");
  EXPECT_EQ(value_text(val("f32", "1036831949")), "(f32.const 0.1)");
  EXPECT_EQ(value_text(val("i64", "18446744073709551615")), "(i64.const -1)");
}

TEST(FailureLine, V128ByLanes) {
  Record r = return_record(invoke("v", nlohmann::json::array()),
                           list({v128("i32", {"1", "2", "3", "4"})}),
                           list({v128("i32", {"1", "2", "3", "4294967295"})}));
  EXPECT_EQ(failure_line(r, "simd.wast"),
            "simd.wast:7: assert_return (invoke \"v\"): expected (v128.const i32x4 1 2 3 4), got "
            "(v128.const i32x4 1 2 3 -1) [value-mismatch]");
  EXPECT_EQ(value_text(v128("f32", {"nan:canonical", "0", "2143289344", "1065353216"})),
            "(v128.const f32x4 nan:canonical 0 nan 1)");
  EXPECT_EQ(value_text(v128("i8", std::vector<std::string>(16, "255"))),
            "(v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1)");
  // A lane count that does not fit the shape is shown as it is, never read past its end.
  EXPECT_EQ(value_text(v128("i64", {"1"})).rfind("{", 0), 0u);
}

TEST(FailureLine, EitherReferencesAndOddValues) {
  Record r =
      return_record(invoke("e", nlohmann::json::array()), nullptr, list({val("i32", "3")}));
  r.expected_either = list({val("i32", "1"), val("i32", "2")});
  EXPECT_EQ(failure_line(r, "e.wast"),
            "e.wast:7: assert_return (invoke \"e\"): expected (either (i32.const 1) (i32.const "
            "2)), got (i32.const 3) [value-mismatch]");
  // The nested form: a list of positions, one of them an `either`.
  r.expected_either =
      list({val("i32", "1"), {{"type", "either"}, {"values", list({val("i32", "2")})}}});
  EXPECT_NE(failure_line(r, "e.wast")
                .find("expected (i32.const 1) (either (i32.const 2)), got (i32.const 3)"),
            std::string::npos);
  EXPECT_EQ(value_text({{"type", "funcref"}, {"value", "null"}}), "(ref.null func)");
  EXPECT_EQ(value_text({{"type", "externref"}, {"value", "3"}}), "(ref.extern 3)");
  EXPECT_EQ(value_text({{"type", "externref"}}), "(ref.extern)");
  EXPECT_EQ(value_text({{"type", "structref"}}), "(ref.struct)");
  EXPECT_EQ(value_text({{"type", "refnull"}, {"value", "null"}}), "(ref.null)");
  EXPECT_EQ(value_text({{"type", "i32"}, {"value", "x"}}), R"({"type":"i32","value":"x"})");
  EXPECT_EQ(value_text(42), "42");
  // Names are script strings: quotes and control bytes escaped.
  Record q = return_record(invoke(std::string("a\"\n\0b", 5), nlohmann::json::array()),
                           nlohmann::json::array(), list({val("i32", "1")}));
  EXPECT_EQ(command_text(q), "assert_return (invoke \"a\\\"\\0a\\00b\")");
  EXPECT_NE(failure_line(q, "q.wast").find("expected no values, got (i32.const 1)"),
            std::string::npos);
}

TEST(FailureLine, OtherKindsReadNaturally) {
  Record t;
  t.line = 9;
  t.kind = "assert_trap";
  t.action = invoke("div", list({val("i32", "1"), val("i32", "1")}));
  t.expected_outcome = "trap";
  t.expected_js_class = "RuntimeError";
  t.expected_text = "integer divide by zero";
  t.actual_outcome = "ok";
  t.actual_values = list({val("i32", "1")});
  t.verdict = Verdict::fail;
  t.reason = "outcome-mismatch";
  EXPECT_EQ(failure_line(t, "d.wast"),
            "d.wast:9: assert_trap (invoke \"div\" (i32.const 1) (i32.const 1)): expected trap "
            "\"integer divide by zero\", got (i32.const 1) [outcome-mismatch]");

  Record i;
  i.line = 3;
  i.kind = "assert_invalid";
  i.module_file = "m.3.wasm";
  i.expected_outcome = "invalid";
  i.expected_js_class = "CompileError";
  i.expected_text = "type mismatch";
  i.actual_outcome = "ok";
  i.verdict = Verdict::fail;
  i.reason = "outcome-mismatch";
  EXPECT_EQ(failure_line(i, "m.wast"),
            "m.wast:3: assert_invalid (module m.3.wasm): expected invalid \"type mismatch\", got "
            "ok [outcome-mismatch]");
  // The right outcome under another class: the classes are what differs.
  i.actual_outcome = "invalid";
  i.actual_js_class = "TypeError";
  i.actual_message = "type mismatch: i32 vs i64\nmore";
  i.reason = "class-mismatch";
  EXPECT_EQ(failure_line(i, "m.wast"),
            "m.wast:3: assert_invalid (module m.3.wasm): expected invalid \"type mismatch\", got "
            "invalid \"type mismatch: i32 vs i64\" (class CompileError expected, got TypeError) "
            "[class-mismatch]");

  Record e;
  e.line = 4;
  e.kind = "action";
  e.action = {{"op", "get"}, {"module", "$M"}, {"field", "g"}, {"args", nlohmann::json::array()}};
  e.verdict = Verdict::error;
  e.reason = "unknown-export";
  e.actual_outcome = "error";
  e.actual_message = "no global export g";
  EXPECT_EQ(failure_line(e, "g.wast"),
            "g.wast:4: action (get $M \"g\"): error: no global export g [unknown-export]");
}

TEST(FailureLine, BlockedCommandsCollapseIntoOneLinePerCause) {
  std::vector<Record> rs;
  Record m;
  m.index = 0;
  m.line = 10;
  m.kind = "module";
  m.module_file = "m.0.wasm";
  m.expected_outcome = "ok";
  m.actual_outcome = "link_error";
  m.actual_js_class = "LinkError";
  m.actual_message = "unknown import: spectest.nope";
  m.verdict = Verdict::fail;
  m.reason = "outcome-mismatch";
  rs.push_back(m);
  for (size_t i = 1; i <= 246; ++i) {
    Record b;
    b.index = i;
    b.line = 11 + i;
    b.kind = "assert_return";
    b.action = invoke("f", nlohmann::json::array());
    b.verdict = Verdict::blocked;
    b.reason = "blocked-by:0";
    b.actual_outcome = "blocked";
    b.actual_message = "command 0 (the module) failed";
    rs.push_back(b);
  }
  const std::vector<std::string> lines = failure_lines(rs, "b.wast", true);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0],
            "b.wast:10: module m.0.wasm: expected ok, got link_error \"unknown import: "
            "spectest.nope\" [outcome-mismatch]");
  EXPECT_EQ(lines[1],
            "b.wast:12: 246 commands blocked: module at line 10 failed: link_error \"unknown "
            "import: spectest.nope\"");
  // A file listed whole in the expectations: blocked commands are not failures.
  EXPECT_EQ(failure_lines(rs, "b.wast", false).size(), 1u);
}

TEST_F(CliTest, FailureLinesNameThePathAsGiven) {
  std::ofstream(suite_ + "/fl.wast") << R"((module
  (import "spectest" "print_i32" (func (param i32)))
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
(assert_return (invoke "add" (i32.const 2) (i32.const 2)) (i32.const 5))
(assert_return (invoke "add" (i32.const 2) (i32.const 2)) (i32.const 4))
(module (import "spectest" "nope" (func)) (func (export "f") (result i32) (i32.const 1)))
(assert_return (invoke "f") (i32.const 1))
(assert_return (invoke "f") (i32.const 1))
(assert_return (invoke "f") (i32.const 1))
)";
  const std::string given = suite_ + "/./fl.wast";
  CliRun r = cli({"wast", "--suite-root", suite_, given});
  EXPECT_EQ(r.rc, kExitFail) << r.out << r.err;
  EXPECT_NE(r.out.find("\n" + given +
                       ":4: assert_return (invoke \"add\" (i32.const 2) (i32.const 2)): expected "
                       "(i32.const 5), got (i32.const 4) [value-mismatch]\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\n" + given + ":6: module fl.1.wasm: expected ok, got link_error"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\n" + given + ":7: 3 commands blocked: module at line 6 failed: "
                                      "link_error"),
            std::string::npos)
      << r.out;
  size_t blocked_lines = 0;
  for (size_t p = r.out.find("blocked:"); p != std::string::npos; p = r.out.find("blocked:", p + 1))
    ++blocked_lines;
  EXPECT_EQ(blocked_lines, 1u) << r.out;
}

TEST_F(CliTest, QuietPrintsFailuresAndTotalsOnly) {
  CliRun r = cli({"wast", "--quiet", "--suite-root", suite_, suite_});
  EXPECT_EQ(r.rc, kExitFail) << r.out << r.err;
  EXPECT_EQ(r.out.find("good.wast: pass"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("t.wast: pass"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("core/bad.wast: fail"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(suite_ + "/bad.wast:2: assert_return (invoke \"f\"): expected (i32.const "
                                "8), got (i32.const 7) [value-mismatch]"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(last_line(r.out), "7 passed, 1 failed, 0 skipped");
}

// --- The command line: help, version, expectations, keep, safety ---------------------------------

TEST(CliHelp, EverySubcommandHasHelp) {
  for (const char* cmd : {"wast", "diff", "report", "serve", "validate", "run", "crosscheck"})
    for (const char* flag : {"--help", "-h"}) {
      CliRun r = cli({cmd, flag});
      EXPECT_EQ(r.rc, kExitOk) << cmd << " " << flag << ": " << r.err;
      EXPECT_NE(r.out.find(std::string("usage: wasmref ") + cmd), std::string::npos)
          << cmd << " " << flag << ": " << r.out;
      EXPECT_TRUE(r.err.empty()) << cmd << ": " << r.err;
    }
  // `wasmref wast --help`: one line per option, each saying its default or what it does.
  CliRun r = cli({"wast", "--help"});
  for (const char* opt :
       {"--engine NAME", "--name NAME", "--suite 2022|3.0", "--suite-root DIR", "--profile NAME",
        "--profiles FILE", "--expect FILE", "--no-expect", "--report DIR", "--keep DIR",
        "--converter native|wabt", "--wast2json PATH", "--fuel N", "--deadline MS", "--quiet",
        "--verbose", "-h, --help"})
    EXPECT_NE(r.out.find(std::string("\n  ") + opt), std::string::npos) << opt << "\n" << r.out;
  EXPECT_NE(r.out.find("(default: 100000000)"), std::string::npos);
  // `wasmref --help` names every subcommand with a word on it.
  r = cli({"--help"});
  EXPECT_EQ(r.rc, kExitOk);
  for (const char* cmd : {"  wast ", "  report ", "  diff ", "  serve ", "  validate ", "  run ",
                          "  crosscheck ", "  --version "})
    EXPECT_NE(r.out.find(cmd), std::string::npos) << cmd;
  for (const char* cmd : {"serve", "run", "crosscheck"})
    EXPECT_NE(cli({cmd, "--help"}).out.find("default"), std::string::npos) << cmd;
}

TEST(CliHelp, Version) {
  CliRun r = cli({"--version"});
  EXPECT_EQ(r.rc, kExitOk);
  EXPECT_EQ(r.out, std::string("wasmref ") + project_version() + " (commit " + project_commit() +
                       ")\n");
}

TEST(CliExpect, ThePinnedSuiteOnTheReferenceUsesTheProjectsExpectations) {
  const std::string file =
      std::string(default_suite_root()) + "/proposals/gc/i31.wast";
  if (!std::filesystem::exists(file)) GTEST_SKIP() << "no pinned suite at " << file;
  ASSERT_TRUE(std::filesystem::exists(std::string(default_expectations_dir()) + "/reference.json"));
  CliRun r = cli({"wast", file});
  EXPECT_EQ(r.rc, kExitOk) << r.out << r.err;  // listed whole: pre-standard syntax
  EXPECT_NE(r.out.find("i31.wast: xfail"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("expectations applied: "), std::string::npos) << r.out;
  r = cli({"wast", "--no-expect", file});
  EXPECT_EQ(r.rc, kExitFail) << r.out << r.err;
  EXPECT_EQ(r.out.find("expectations applied"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(file + ":"), std::string::npos) << r.out;  // its failure lines
  EXPECT_EQ(cli({"wast", "--no-expect", "--expect", "x.json", file}).rc, kExitHarness);
}

TEST_F(CliTest, OwnFilesGetNoDefaultExpectations) {
  CliRun r = cli({"wast", "--suite-root", suite_, suite_ + "/bad.wast"});
  EXPECT_EQ(r.rc, kExitFail);
  EXPECT_EQ(r.out.find("expectations applied"), std::string::npos) << r.out;
}

TEST_F(CliTest, KeepKeepsTheModulesAndRecordsPointAtThem) {
  const std::string keep = dir_.path() + "/kept";
  CliRun r = cli({"wast", "--suite-root", suite_, "--keep", keep, "--report", report_,
                  suite_ + "/good.wast"});
  EXPECT_EQ(r.rc, kExitOk) << r.out << r.err;
  EXPECT_TRUE(std::filesystem::is_regular_file(keep + "/good/good.0.wasm"));
  std::ifstream records(report_ + "/reference/core/good.jsonl");
  std::string line;
  ASSERT_TRUE(std::getline(records, line));
  const nlohmann::json j = nlohmann::json::parse(line);
  EXPECT_EQ(j["module_file"], keep + "/good/good.0.wasm");
  EXPECT_TRUE(std::filesystem::is_regular_file(j["module_file"].get<std::string>()));
  // wast2json: its whole output.
  const std::string keep2 = dir_.path() + "/kept2";
  r = cli({"wast", "--converter", "wabt", "--suite-root", suite_, "--keep", keep2,
           suite_ + "/good.wast"});
  EXPECT_EQ(r.rc, kExitOk) << r.out << r.err;
  EXPECT_TRUE(std::filesystem::is_regular_file(keep2 + "/good/good.json"));
  EXPECT_TRUE(std::filesystem::is_regular_file(keep2 + "/good/good.0.wasm"));
  EXPECT_EQ(cli({"wast", "--keep", "", suite_ + "/good.wast"}).rc, kExitHarness);
}

TEST_F(CliTest, BadReportDirectoriesAreRefusedBeforeTheRun) {
  CliRun r = cli({"wast", "--suite-root", suite_, "--report", "", suite_ + "/good.wast"});
  EXPECT_EQ(r.rc, kExitHarness);
  EXPECT_NE(r.err.find("--report needs a directory"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;  // nothing ran
  std::ofstream(dir_.path() + "/a-file") << "x";
  r = cli({"wast", "--suite-root", suite_, "--report", dir_.path() + "/a-file/reports",
           suite_ + "/good.wast"});
  EXPECT_EQ(r.rc, kExitHarness);
  EXPECT_NE(r.err.find("a-file/reports"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_EQ(cli({"wast", "--name", "a/b", suite_ + "/good.wast"}).rc, kExitHarness);
}

TEST_F(CliTest, ScriptsWithOneBaseNameInTwoDirectoriesKeepTheirRecords) {
  std::filesystem::create_directories(suite_ + "/a");
  std::filesystem::create_directories(suite_ + "/b");
  std::filesystem::copy_file(suite_ + "/good.wast", suite_ + "/a/x.wast");
  std::filesystem::copy_file(suite_ + "/bad.wast", suite_ + "/b/x.wast");
  for (const std::string& root : {suite_, dir_.path() + "/elsewhere"}) {
    const std::string report = dir_.path() + "/r" + std::to_string(root.size());
    CliRun r = cli({"wast", "--suite-root", root, "--report", report, suite_ + "/a/x.wast",
                    suite_ + "/b/x.wast"});
    EXPECT_EQ(r.rc, kExitFail) << r.out << r.err;
    nlohmann::json s = read_json(report + "/reference/summary.json");
    ASSERT_EQ(s["files"].size(), 2u) << s.dump();
    EXPECT_NE(s["files"][0]["file"], s["files"][1]["file"]);
    EXPECT_EQ(s["counts"]["fail"], 1u);
    std::set<std::string> statuses;
    for (const auto& f : s["files"]) {
      statuses.insert(f["status"].get<std::string>());
      EXPECT_NE(f["file"], "x.wast");  // never the bare base name
    }
    EXPECT_EQ(statuses, (std::set<std::string>{"pass", "fail"}));
  }
  EXPECT_TRUE(std::filesystem::exists(dir_.path() + "/r" + std::to_string(suite_.size()) +
                                      "/reference/core/a/x.jsonl"));
  EXPECT_TRUE(std::filesystem::exists(dir_.path() + "/r" + std::to_string(suite_.size()) +
                                      "/reference/core/b/x.jsonl"));
}

TEST_F(CliTest, AnEngineThatCannotStartIsOneFatalMessage) {
  CliRun r = cli({"wast", "--engine", "cmd:" + dir_.path() + "/no-such-engine", "--deadline",
                  "2000", "--suite-root", suite_, suite_ + "/good.wast", suite_ + "/bad.wast"});
  EXPECT_EQ(r.rc, kExitHarness) << r.out << r.err;
  // make_engine's own message, or cli.cc's when only begin_script finds out.
  EXPECT_TRUE(r.err.find("did not start") != std::string::npos ||
              r.err.find("could not start") != std::string::npos)
      << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_EQ(r.out.find("error"), std::string::npos) << r.out;  // no line per command
}

#ifdef WASMREF_CLI_PATH
TEST_F(CliTest, AnEngineNamedLikeABuiltInOneNeedsName) {
  // A protocol engine whose hello says "reference" would overwrite the reference's reports.
  const std::string engine = std::string("cmd:'") + WASMREF_CLI_PATH +
                             "' serve | sed -u 's/\"wasmref-serve\"/\"reference\"/'";
  CliRun r = cli({"wast", "--engine", engine, "--suite-root", suite_, "--report", report_,
                  suite_ + "/good.wast"});
  EXPECT_EQ(r.rc, kExitHarness) << r.out << r.err;
  EXPECT_NE(r.err.find("--name"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(report_ + "/reference"));
  r = cli({"wast", "--engine", engine, "--name", "mine", "--suite-root", suite_, "--report",
           report_, suite_ + "/good.wast"});
  EXPECT_EQ(r.rc, kExitOk) << r.out << r.err;
  EXPECT_TRUE(std::filesystem::exists(report_ + "/mine/core/good.jsonl"));
  EXPECT_FALSE(std::filesystem::exists(report_ + "/reference"));
}
#endif

}  // namespace
}  // namespace wasmref::harness
