// Harness tests: the `wasmref wast` command line (exit codes, conversion, reports)
#include "harness/cli.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/convert.h"
#include "harness/json_reader.h"

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
  CliRun r = cli({"wast", "--quiet", "--suite-root", suite_, "--report", report_, suite_});
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
  EXPECT_NE(r.out.find("core/good.wast: pass"), std::string::npos) << r.out;
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

}  // namespace
}  // namespace wasmref::harness
