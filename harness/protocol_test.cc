// Harness tests: the JSON-lines protocol end to end with `wasmref serve` (harness/PROTOCOL.md):
// the same records as the in-process reference, crash, timeout, restart + replay, the cap.
#include "harness/protocol.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/cli.h"
#include "harness/convert.h"
#include "harness/driver.h"
#include "harness/json_reader.h"
#include "harness/profiles.h"
#include "harness/runner.h"

namespace wasmref::harness {
namespace {

const std::string kCli = WASMREF_CLI_PATH;

// Every kind the driver handles; `die` and `hang` are the exports the test-only options of
// `serve` break on, and both are followed by commands that need the state replayed (a named
// module, a registered instance, the current instance).
const char* kWast = R"wast(
(module $A
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "boom") unreachable)
  (func (export "die") (result i32) (i32.const 1))
  (func (export "hang") (result i32) (i32.const 2))
  (func (export "f") (param f32) (result f32) (local.get 0))
  (func (export "v") (param v128) (result v128) (local.get 0))
  (func (export "r") (param externref) (result externref) (local.get 0))
  (func (export "rec") (call 7))
  (global (export "g") i32 (i32.const 42)))
(register "A" $A)
(module $B
  (import "A" "add" (func $add (param i32 i32) (result i32)))
  (func (export "call") (result i32) (call $add (i32.const 2) (i32.const 3))))
(assert_return (invoke "call") (i32.const 5))
(assert_return (invoke $A "add" (i32.const 1) (i32.const 2)) (i32.const 3))
(assert_trap (invoke $A "boom") "unreachable")
(assert_return (invoke $A "f" (f32.const nan:0x200000)) (f32.const nan:0x200000))
(assert_return (invoke $A "f" (f32.const -0)) (f32.const -0))
(assert_return (invoke $A "v" (v128.const i32x4 1 2 3 4)) (v128.const i16x8 1 0 2 0 3 0 4 0))
(assert_return (invoke $A "r" (ref.extern 7)) (ref.extern 7))
(assert_exhaustion (invoke $A "rec") "call stack exhausted")
(assert_return (get $A "g") (i32.const 42))
(assert_invalid (module (func (result i32))) "type mismatch")
(assert_malformed (module quote "(func") "unexpected token")
(assert_unlinkable (module (import "A" "nope" (func))) "unknown import")
(assert_trap (module (func $s unreachable) (start $s)) "unreachable")
(module $C (func (export "x") (result i32) (i32.const 9)))
(assert_return (invoke $A "die") (i32.const 1))
(assert_return (invoke $C "x") (i32.const 9))
(assert_return (invoke $B "call") (i32.const 5))
(assert_return (invoke $A "hang") (i32.const 2))
(assert_return (invoke "x") (i32.const 9))
(module (import "A" "add" (func (param i32 i32) (result i32))))
(assert_return (invoke $A "add" (i32.const 5) (i32.const 5)) (i32.const 10))
)wast";

// The commands the test looks at by index.
constexpr size_t kDie = 17, kAfterDie = 18, kHang = 20, kLast = 23;

std::optional<std::string> wast2json() {
  std::optional<std::string> t = find_executable("wast2json");
  if (!t) t = find_executable(default_wast2json());
  return t;
}

// Converts a .wast text into `dir` and loads the script.
std::optional<Script> convert(const std::string& text, const std::string& dir,
                              const std::string& name) {
  const std::optional<std::string> tool = wast2json();
  if (!tool) return std::nullopt;
  const std::string wast = dir + "/" + name + ".wast";
  std::ofstream(wast) << text;
  Conversion c = convert_wast(*tool, {}, wast, dir);
  EXPECT_EQ(c.status, Conversion::Status::ok) << c.stderr_head;
  ScriptLoad l = load_script(c.json_path);
  EXPECT_TRUE(l.script) << l.error;
  return l.script;
}

// A record without how it ran (the paths may differ between in-process and serve).
nlohmann::json comparable(const Record& r) {
  nlohmann::json j = to_json(r);
  j.erase("path");
  j.erase("path_reason");
  return j;
}

std::vector<Record> run_reference(const Script& s) {
  RunOptions ro;
  ro.file = "t.wast";
  ro.profile = "core";
  ro.limits = default_script_limits();
  return run_script(s, ro);
}

std::vector<Record> run_protocol(const Script& s, const std::string& serve_args,
                                 u32 deadline_ms = 10'000, bool bytes = false) {
  ProtocolOptions po;
  po.command = "'" + kCli + "' serve " + serve_args;
  po.deadline_ms = deadline_ms;
  po.send_bytes = bytes;
  std::string error;
  std::unique_ptr<Engine> e = make_protocol_engine(po, error);
  EXPECT_TRUE(e) << error;
  if (!e) return {};
  Profile p;
  p.name = "core";
  return drive_script(*e, s, p, "t.wast");
}

class ServeProtocol : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!wast2json()) GTEST_SKIP() << "wast2json (WABT) is not installed";
    std::optional<Script> s = convert(kWast, dir_.path(), "t");
    ASSERT_TRUE(s);
    script_ = *s;
    ASSERT_EQ(script_.commands.size(), kLast + 1);
    reference_ = run_reference(script_);
  }
  TempDir dir_;
  Script script_;
  std::vector<Record> reference_;
};

TEST_F(ServeProtocol, TheReferenceInProcessPassesTheWholeScript) {
  for (const Record& r : reference_)
    EXPECT_TRUE(r.verdict == Verdict::pass || (r.verdict == Verdict::skip && r.reason == "text"))
        << r.index << " " << to_json(r).dump();
}

TEST_F(ServeProtocol, SameRecordsAsTheInProcessReferenceModuloPath) {
  for (bool bytes : {false, true}) {
    const std::vector<Record> got = run_protocol(script_, "", 10'000, bytes);
    ASSERT_EQ(got.size(), reference_.size());
    for (size_t i = 0; i < got.size(); ++i)
      EXPECT_EQ(comparable(got[i]), comparable(reference_[i])) << "command " << i;
  }
}

TEST_F(ServeProtocol, ACrashIsRecordedAndTheScriptReplayedAndContinued) {
  const std::vector<Record> got = run_protocol(script_, "--crash-on-invoke die");
  ASSERT_EQ(got.size(), reference_.size());
  EXPECT_EQ(got[kDie].verdict, Verdict::fail);
  EXPECT_EQ(got[kDie].actual_outcome, "crash");
  EXPECT_NE(got[kDie].actual_message.find("status 70"), std::string::npos)
      << got[kDie].actual_message;
  // Everything else as in process: named modules, the registration and the current instance
  // were rebuilt by the replay.
  for (size_t i = 0; i < got.size(); ++i)
    if (i != kDie) {
      EXPECT_EQ(comparable(got[i]), comparable(reference_[i])) << "command " << i;
    }
  EXPECT_EQ(got[kAfterDie].verdict, Verdict::pass);
  EXPECT_EQ(got[kLast].verdict, Verdict::pass);
}

TEST_F(ServeProtocol, ATimeoutKillsTheEngineAndTheScriptGoesOn) {
  const std::vector<Record> got = run_protocol(script_, "--hang-on-invoke hang", 1'000);
  ASSERT_EQ(got.size(), reference_.size());
  EXPECT_EQ(got[kHang].verdict, Verdict::fail);
  EXPECT_EQ(got[kHang].actual_outcome, "timeout");
  EXPECT_NE(got[kHang].actual_message.find("1000 ms"), std::string::npos);
  for (size_t i = 0; i < got.size(); ++i)
    if (i != kHang) {
      EXPECT_EQ(comparable(got[i]), comparable(reference_[i])) << "command " << i;
    }
}

TEST_F(ServeProtocol, AfterThreeRestartsTheRestOfTheFileIsBlocked) {
  // `die` four times: three crashes are followed by restarts, the fourth is not.
  std::string wast = kWast;
  wast += "(assert_return (invoke $A \"die\") (i32.const 1))\n";
  wast += "(assert_return (invoke $A \"die\") (i32.const 1))\n";
  wast += "(assert_return (invoke $A \"die\") (i32.const 1))\n";
  wast += "(assert_return (invoke $C \"x\") (i32.const 9))\n";
  wast += "(module $D)\n";
  std::optional<Script> s = convert(wast, dir_.path(), "cap");
  ASSERT_TRUE(s);
  const std::vector<Record> got = run_protocol(*s, "--crash-on-invoke die");
  ASSERT_EQ(got.size(), kLast + 6);
  for (size_t i : {kDie, kLast + 1, kLast + 2, kLast + 3}) {
    EXPECT_EQ(got[i].actual_outcome, "crash") << i;
  }
  for (size_t i = kDie + 1; i <= kLast; ++i) EXPECT_NE(got[i].verdict, Verdict::blocked) << i;
  for (size_t i : {kLast + 4, kLast + 5}) {
    EXPECT_EQ(got[i].verdict, Verdict::blocked) << i;
    EXPECT_EQ(got[i].reason, "blocked-by:" + std::to_string(kLast + 3)) << i;
  }
}

TEST(Serve, HelloBeginAndErrorsAreReplies) {
  std::istringstream in(
      "{\"id\": 1, \"type\": \"hello\"}\n"
      "{\"id\": 2, \"type\": \"compile\", \"path\": \"/nonexistent.wasm\"}\n"
      "{\"id\": 3, \"type\": \"begin\", \"profile\": \"core\", \"features\": [\"nope\"]}\n"
      "{\"id\": 4, \"type\": \"begin\", \"profile\": \"core\", \"features\": [\"simd\"]}\n"
      "{\"id\": 5, \"type\": \"compile\", \"bytes\": \"AGFzbQEAAAA=\"}\n"
      "{\"id\": 6, \"type\": \"instantiate\", \"module\": 0}\n"
      "{\"id\": 7, \"type\": \"invoke\", \"instance\": 0, \"field\": \"f\", \"args\": []}\n"
      "{\"id\": 8, \"type\": \"instantiate\", \"module\": 9}\n"
      "not json\n"
      "{\"id\": 9, \"type\": \"frobnicate\"}\n"
      "{\"id\": 10, \"type\": \"end\"}\n");
  std::ostringstream out, err;
  EXPECT_EQ(serve_main({}, in, out, err), kExitOk);
  std::vector<nlohmann::json> replies;
  std::istringstream lines(out.str());
  for (std::string line; std::getline(lines, line);) {
    JsonParse p = parse_json_tolerant(line);
    ASSERT_TRUE(p.value) << line;
    replies.push_back(*p.value);
  }
  ASSERT_EQ(replies.size(), 11u);
  EXPECT_EQ(replies[0]["outcome"], "ok");
  EXPECT_EQ(replies[0]["engine"]["name"], "wasmref-serve");
  EXPECT_EQ(replies[0]["protocol"], kProtocolVersion);
  EXPECT_EQ(replies[1]["reason"], "no-script");
  EXPECT_EQ(replies[2]["reason"], "unsupported-feature");
  EXPECT_EQ(replies[3]["outcome"], "ok");
  EXPECT_EQ(replies[4]["handle"], 0);  // the empty module, sent as base64
  EXPECT_EQ(replies[5]["handle"], 0);
  EXPECT_EQ(replies[6]["reason"], "unknown-export");
  EXPECT_EQ(replies[7]["reason"], "bad-handle");
  EXPECT_EQ(replies[8]["id"], nullptr);
  EXPECT_EQ(replies[8]["reason"], "bad-request");
  EXPECT_EQ(replies[9]["id"], 9);
  EXPECT_EQ(replies[9]["reason"], "bad-request");
  EXPECT_EQ(replies[10]["outcome"], "ok");
}

TEST(ProtocolWire, RepliesRoundTripAndEnginesCannotClaimHarnessOutcomes) {
  Reply r;
  r.outcome = "trap";
  r.js_class = "RuntimeError";
  r.message = "unreachable";
  r.values = nlohmann::json::array();
  r.handle = 3;
  r.path = "jsapi";
  const Reply back = reply_from_json(reply_to_json(r, 1));
  EXPECT_EQ(back.outcome, "trap");
  EXPECT_EQ(back.js_class, "RuntimeError");
  EXPECT_EQ(back.message, "unreachable");
  EXPECT_EQ(back.handle, 3u);
  EXPECT_EQ(back.path, "jsapi");
  EXPECT_EQ(reply_from_json({{"id", 1}, {"outcome", "timeout"}}).reason, "bad-reply");
  EXPECT_EQ(reply_from_json({{"id", 1}, {"outcome", "blocked"}}).reason, "bad-reply");
  EXPECT_EQ(reply_from_json({{"id", 1}}).reason, "bad-reply");
  EXPECT_EQ(reply_from_json({{"id", 1}, {"outcome", "ok"}, {"handle", -1}}).reason, "bad-reply");
  EXPECT_EQ(reply_from_json({{"id", 1}, {"outcome", "ok"}, {"values", 5}}).reason, "bad-reply");
}

TEST(ProtocolWire, Base64) {
  const std::vector<u8> bytes = {0, 0x61, 0x73, 0x6d, 0xff};
  for (size_t n = 0; n <= bytes.size(); ++n) {
    const std::vector<u8> part(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_EQ(base64_decode(base64_encode(part)), part) << n;
  }
  EXPECT_EQ(base64_encode(bytes), "AGFzbf8=");
  EXPECT_FALSE(base64_decode("AGF"));
  EXPECT_FALSE(base64_decode("A=Fz"));
  EXPECT_FALSE(base64_decode("AG*z"));
}

TEST(ProtocolEngine, AnEngineThatIsNoEngineGivesCrashRecords) {
  TempDir dir;
  std::ofstream(dir.path() + "/m.0.wasm") << "";
  ScriptLoad l = parse_script(
      R"({"source_filename": "m.wast", "commands": [{"type": "module", "line": 1, "filename": "m.0.wasm"}]})",
      dir.path() + "/m.json");
  ASSERT_TRUE(l.script);
  ProtocolOptions po;
  po.command = "true";  // exits at once: every start fails
  po.deadline_ms = 2'000;
  std::string error;
  std::unique_ptr<Engine> e = make_protocol_engine(po, error);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->describe().name, "protocol");
  Profile p;
  p.name = "core";
  const std::vector<Record> rs = drive_script(*e, *l.script, p, "m.wast");
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].verdict, Verdict::error);
  EXPECT_EQ(rs[0].reason, "engine-error");
  EXPECT_FALSE(make_protocol_engine(ProtocolOptions{}, error));
}

// Real files of the pinned suite through serve: the same records as in process, bar the path.
TEST(ServeSuite, PinnedFilesGiveTheSameRecords) {
  const std::string root = default_suite_root();
  if (root.empty() || !std::filesystem::exists(root) || !wast2json())
    GTEST_SKIP() << "no pinned testsuite or no wast2json";
  for (const char* name : {"linking.wast", "names.wast", "float_misc.wast", "simd_lane.wast",
                           "ref_func.wast", "exports.wast"}) {
    const std::string wast = root + "/" + name;
    if (!std::filesystem::exists(wast)) continue;
    TempDir dir;
    const std::optional<std::string> tool = wast2json();
    Conversion c = convert_wast(*tool, {}, wast, dir.path());
    ASSERT_EQ(c.status, Conversion::Status::ok) << name;
    ScriptLoad l = load_script(c.json_path);
    ASSERT_TRUE(l.script) << l.error;
    const std::vector<Record> want = run_reference(*l.script);
    const std::vector<Record> got = run_protocol(*l.script, "");
    ASSERT_EQ(got.size(), want.size()) << name;
    size_t passes = 0;
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(comparable(got[i]), comparable(want[i])) << name << " command " << i;
      passes += got[i].verdict == Verdict::pass;
    }
    EXPECT_GT(passes, 0u) << name;
  }
}

}  // namespace
}  // namespace wasmref::harness
