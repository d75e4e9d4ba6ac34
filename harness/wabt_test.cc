// Harness: the WABT spectest-interp engine (harness/wabt.h)
#include "harness/wabt.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "harness/convert.h"
#include "harness/summary.h"

namespace wasmref::harness {
namespace {

namespace fs = std::filesystem;

// A script of four commands: a module, two assertions on line 2, one on line 4.
constexpr const char* kScript = R"({"source_filename": "t.wast",
 "commands": [
  {"type": "module", "line": 1, "filename": "t.0.wasm"},
  {"type": "assert_return", "line": 2, "action": {"type": "invoke", "field": "f", "args": []}, "expected": [{"type": "i32", "value": "1"}]},
  {"type": "assert_return", "line": 2, "action": {"type": "invoke", "field": "f", "args": []}, "expected": [{"type": "i32", "value": "2"}]},
  {"type": "assert_trap", "line": 4, "action": {"type": "invoke", "field": "g", "args": []}, "text": "unreachable", "expected": []},
  {"type": "assert_trap", "line": 5, "action": {"type": "invoke", "field": "g", "args": []}, "text": "integer overflow", "expected": []}]})";

Script script() {
  ScriptLoad l = parse_script(kScript, "/nowhere/t.json");
  EXPECT_TRUE(l.script) << l.error;
  return *l.script;
}

WabtRun finished() {
  WabtRun r;
  r.status = WabtRun::Status::finished;
  return r;
}

// --- parse_spectest_interp_output -----------------------------------------------------------

TEST(ParseSpectestInterpOutput, PassNotesFailuresContinuationsAndTally) {
  const std::string text =
      "t.wast:2: mismatch in result 0 of assert_return: expected i32:2, got i32:1\n"
      "f() => i32:1\n"
      "t.wast:4: assert_trap passed: unreachable executed\n"
      "t.wast:7: assert_malformed passed:\n"
      "  t.1.wat:1:2: error: unexpected token\n"
      "  (module\n"
      "t.wast:9: error reading module: \"t.3.wasm\"\n"
      "other.wast:11: not ours\n"
      "t.json:12:1: expected {\n"
      "3/4 tests passed.\n";
  const WabtOutput o = parse_spectest_interp_output(text, "t.wast");
  ASSERT_TRUE(o.tests_total);
  EXPECT_EQ(*o.tests_passed, 3u);
  EXPECT_EQ(*o.tests_total, 4u);
  EXPECT_EQ(o.last_line, 9u);
  ASSERT_EQ(o.lines.size(), 4u);
  EXPECT_EQ(o.lines.at(2).failures.size(), 1u);
  EXPECT_TRUE(o.lines.at(2).passes.empty());
  EXPECT_EQ(o.lines.at(4).passes,
            std::vector<std::string>{"assert_trap passed: unreachable executed"});
  ASSERT_EQ(o.lines.at(7).passes.size(), 1u);
  EXPECT_EQ(o.lines.at(7).passes[0],
            "assert_malformed passed:\nt.1.wat:1:2: error: unexpected token\n(module");
  EXPECT_EQ(o.lines.at(9).failures, std::vector<std::string>{"error reading module: \"t.3.wasm\""});
  EXPECT_FALSE(o.lines.count(11));
  EXPECT_FALSE(o.lines.count(12));
}

TEST(ParseSpectestInterpOutput, AbsolutePrefixAndNoTally) {
  const WabtOutput o = parse_spectest_interp_output(
      "/s/a b.wast:3: unknown module in register\n/s/a b.wast:3: invalid register command\n",
      "/s/a b.wast");
  EXPECT_FALSE(o.tests_total);
  EXPECT_EQ(o.last_line, 3u);
  EXPECT_EQ(o.lines.at(3).failures.size(), 2u);
}

TEST(ParseSpectestInterpOutput, GarbageIsNotAReport) {
  const WabtOutput o = parse_spectest_interp_output(
      "t.wast:: x\nt.wast:12x: y\nt.wast:99999999999999999999999: z\n/ tests passed.\n", "t.wast");
  EXPECT_TRUE(o.lines.empty());
  EXPECT_FALSE(o.tests_total);
  EXPECT_EQ(o.last_line, 0u);
}

// --- wabt_records ------------------------------------------------------------------------------

TEST(WabtRecords, FailingLineFailsEveryCommandOnItOthersPass) {
  const Script s = script();
  const WabtOutput o = parse_spectest_interp_output(
      "t.wast:2: mismatch in result 0 of assert_return: expected i32:2, got i32:1\n"
      "t.wast:4: assert_trap passed: unreachable executed\n"
      "t.wast:5: assert_trap passed: unreachable executed\n"
      "3/4 tests passed.\n",
      "t.wast");
  const std::vector<Record> r = wabt_records(s, "t.wast", "core", o, finished());
  ASSERT_EQ(r.size(), 5u);
  EXPECT_EQ(r[0].verdict, Verdict::pass);
  EXPECT_EQ(r[1].verdict, Verdict::fail);
  EXPECT_EQ(r[2].verdict, Verdict::fail);  // same line: spectest-interp cannot say which
  EXPECT_EQ(r[1].reason, "coarse-fail");
  EXPECT_NE(r[1].actual_message.find("mismatch in result 0"), std::string::npos);
  EXPECT_NE(r[1].actual_message.find("line shared by 2 commands"), std::string::npos);
  EXPECT_EQ(r[3].verdict, Verdict::pass);
  EXPECT_EQ(r[3].actual_message, "assert_trap passed: unreachable executed");
  EXPECT_EQ(r[3].text_match, "prefix");
  EXPECT_EQ(r[4].text_match, "mismatch");  // informational only
  EXPECT_EQ(r[4].verdict, Verdict::pass);
  for (const Record& x : r) {
    EXPECT_TRUE(x.coarse);
    EXPECT_EQ(x.file, "t.wast");
    EXPECT_EQ(x.profile, "core");
    EXPECT_FALSE(x.actual_js_class);
  }
}

TEST(WabtRecords, CoarseRecordHasNullOutcomeInJson) {
  const std::vector<Record> r = wabt_records(
      script(), "t.wast", "core", parse_spectest_interp_output("", "t.wast"), finished());
  const nlohmann::json j = to_json(r[1]);
  EXPECT_TRUE(j["actual"]["outcome"].is_null());
  EXPECT_TRUE(j["actual"]["js_class"].is_null());
  EXPECT_EQ(j["coarse"], true);
  EXPECT_EQ(j["verdict"], "pass");
  EXPECT_EQ(j["expected"]["outcome"], "ok");
}

TEST(WabtRecords, UnfinishedRunLeavesLaterCommandsUnknown) {
  WabtRun run;
  run.status = WabtRun::Status::exited;
  run.exit_code = 1;
  const WabtOutput o =
      parse_spectest_interp_output("t.wast:2: unknown module in register\n", "t.wast");
  const std::vector<Record> r = wabt_records(script(), "t.wast", "core", o, run);
  EXPECT_EQ(r[0].verdict, Verdict::pass);  // line 1 < last reported line: it ran
  EXPECT_EQ(r[1].verdict, Verdict::fail);
  EXPECT_EQ(r[3].verdict, Verdict::error);
  EXPECT_EQ(r[3].reason, "engine-aborted");
  EXPECT_NE(r[3].actual_message.find("after reporting line 2"), std::string::npos);
  EXPECT_EQ(r[4].verdict, Verdict::error);
}

TEST(WabtRecords, CrashTimeoutAndSpawnFailure) {
  const WabtOutput none = parse_spectest_interp_output("", "t.wast");
  WabtRun crash;
  crash.status = WabtRun::Status::crashed;
  crash.signal = 11;
  std::vector<Record> r = wabt_records(script(), "t.wast", "core", none, crash);
  for (const Record& x : r) {
    EXPECT_EQ(x.verdict, Verdict::error);
    EXPECT_EQ(x.reason, "engine-crash");
  }
  EXPECT_NE(r[0].actual_message.find("signal 11"), std::string::npos);
  WabtRun timeout;
  timeout.status = WabtRun::Status::timed_out;
  timeout.timeout_s = 3;
  r = wabt_records(script(), "t.wast", "core", none, timeout);
  EXPECT_EQ(r[0].reason, "engine-timeout");
  EXPECT_NE(r[0].actual_message.find("within 3 s"), std::string::npos);
  r = wabt_records(script(), "t.wast", "core", none, WabtRun{});
  EXPECT_EQ(r[0].verdict, Verdict::error);
  EXPECT_EQ(r[0].reason, "engine-aborted");
}

// --- The engine with fake tools (no WABT needed) ---------------------------------------------

class FakeTool : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(dir_.ok()); }
  // An executable shell script `body`, and the test script's JSON beside it.
  std::string tool(const std::string& body) {
    const std::string path = dir_.path() + "/fake-spectest-interp";
    std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
    ::chmod(path.c_str(), 0755);
    std::ofstream(dir_.path() + "/t.json") << kScript;
    return path;
  }
  Script load() {
    ScriptLoad l = load_script(dir_.path() + "/t.json");
    EXPECT_TRUE(l.script) << l.error;
    return *l.script;
  }
  TempDir dir_;
};

TEST_F(FakeTool, FinishedRun) {
  WabtEngine e(
      tool("echo 't.wast:4: expected trap: \"unreachable\"'\necho '3/4 tests passed.'\nexit 1"));
  Profile p;
  p.name = "core";
  p.timeout = 10;
  const std::optional<std::vector<Record>> r = e.run_whole_file(load(), p);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 5u);
  EXPECT_EQ((*r)[1].verdict, Verdict::pass);
  EXPECT_EQ((*r)[3].verdict, Verdict::fail);
  EXPECT_EQ((*r)[4].verdict, Verdict::pass);
  EXPECT_EQ((*r)[0].file, "t.wast");
}

TEST_F(FakeTool, HangingToolIsKilledAtTheProfileTimeout) {
  WabtEngine e(tool("echo 't.wast:2: mismatch'\nexec sleep 30"));
  Profile p;
  p.name = "core";
  p.timeout = 1;
  const auto start = std::chrono::steady_clock::now();
  const std::optional<std::vector<Record>> r = e.run_whole_file(load(), p);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[1].verdict, Verdict::fail);
  EXPECT_EQ((*r)[3].verdict, Verdict::error);
  EXPECT_EQ((*r)[3].reason, "engine-timeout");
}

TEST_F(FakeTool, CrashingTool) {
  WabtEngine e(tool("kill -SEGV $$"));
  Profile p;
  p.name = "core";
  const std::optional<std::vector<Record>> r = e.run_whole_file(load(), p);
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].reason, "engine-crash");
}

TEST_F(FakeTool, PerCommandRequestsAreRefused) {
  WabtEngine e(tool("exit 0"));
  EXPECT_EQ(e.compile(0, "x.wasm").outcome, "error");
  EXPECT_EQ(e.invoke(0, 0, "f", nlohmann::json::array()).outcome, "error");
  const EngineDescription d = e.describe();
  EXPECT_EQ(d.name, "wabt");
  EXPECT_TRUE(d.coarse);
}

// --- The real spectest-interp (skipped without WABT) -------------------------------------------

TEST(WabtEngineReal, RunsAConvertedScript) {
  std::string error;
  std::unique_ptr<Engine> e = make_wabt_engine(error);
  const std::optional<std::string> w2j = find_executable("wast2json");
  if (!e || !w2j) GTEST_SKIP() << "spectest-interp or wast2json not installed: " << error;
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  const std::string wast = dir.path() + "/r.wast";
  std::ofstream(wast) << "(module (func (export \"f\") (result i32) (i32.const 1))\n"
                         "        (func (export \"u\") unreachable))\n"
                         "(assert_return (invoke \"f\") (i32.const 1)) (assert_return (invoke "
                         "\"f\") (i32.const 2))\n"
                         "(assert_return (invoke \"f\") (i32.const 1))\n"
                         "(assert_trap (invoke \"u\") \"unreachable\")\n"
                         "(assert_malformed (module quote \"(func\") \"unexpected end\")\n";
  const Conversion c = convert_wast(*w2j, {}, wast, dir.path());
  ASSERT_EQ(c.status, Conversion::Status::ok) << c.stderr_head;
  ScriptLoad l = load_script(c.json_path);
  ASSERT_TRUE(l.script) << l.error;
  Profile p;
  p.name = "core";
  const std::optional<std::vector<Record>> r = e->run_whole_file(*l.script, p);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 6u);
  EXPECT_EQ((*r)[0].verdict, Verdict::pass);  // module
  EXPECT_EQ((*r)[1].verdict, Verdict::fail);  // shares line 3 with the failing assertion
  EXPECT_EQ((*r)[2].verdict, Verdict::fail);
  EXPECT_NE((*r)[2].actual_message.find("expected i32:2, got i32:1"), std::string::npos);
  EXPECT_EQ((*r)[3].verdict, Verdict::pass);
  EXPECT_EQ((*r)[4].verdict, Verdict::pass);
  EXPECT_NE((*r)[4].actual_message.find("assert_trap passed"), std::string::npos);
  EXPECT_EQ((*r)[5].verdict, Verdict::pass);  // WABT parses text modules itself
  const EngineDescription d = e->describe();
  EXPECT_EQ(d.name, "wabt");
  EXPECT_FALSE(d.version.empty());
  EXPECT_TRUE(d.coarse);
}

}  // namespace
}  // namespace wasmref::harness
