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
  // Outcomes outside PROTOCOL.md's list, and the offending reply quoted in the message.
  for (const char* o : {"maybe", "pass", "Trap", "compile_error"}) {
    const Reply bad = reply_from_json({{"id", 1}, {"outcome", o}});
    EXPECT_EQ(bad.outcome, "error") << o;
    EXPECT_EQ(bad.reason, "bad-reply") << o;
    EXPECT_NE(bad.message.find(std::string("\"outcome\":\"") + o + "\""), std::string::npos)
        << bad.message;
  }
  for (const char* o : {"ok", "malformed", "invalid", "link_error", "instantiation_trap", "trap",
                        "exhaustion", "exception", "crash", "js_error", "unsupported", "error"})
    EXPECT_EQ(reply_from_json({{"id", 1}, {"outcome", o}}).outcome, o);
  EXPECT_EQ(reply_from_json({{"id", 1}, {"outcome", 3}}).reason, "bad-reply");
  EXPECT_EQ(reply_from_json({{"id", 1}, {"outcome", "trap"}, {"message", 3}}).reason,
            "bad-reply");
  EXPECT_EQ(reply_from_json({{"id", 1}, {"outcome", "error"}, {"reason", false}}).reason,
            "bad-reply");
  EXPECT_EQ(reply_from_json(nlohmann::json::array()).reason, "bad-reply");
  // A very long reply is quoted in part.
  const Reply long_bad =
      reply_from_json({{"id", 1}, {"outcome", "maybe"}, {"message", std::string(100000, 'x')}});
  EXPECT_LT(long_bad.message.size(), 1000u);
  // What an "ok" must carry, per request type.
  const nlohmann::json raw = {{"id", 1}, {"outcome", "ok"}};
  for (const char* t : {"compile", "instantiate", "invoke", "get"})
    EXPECT_EQ(check_reply_for(t, reply_from_json(raw), raw).reason, "bad-reply") << t;
  for (const char* t : {"begin", "register", "end"})
    EXPECT_EQ(check_reply_for(t, reply_from_json(raw), raw).outcome, "ok") << t;
  const nlohmann::json two = {{"id", 1}, {"outcome", "ok"}, {"values", {{{"type", "i32"}, {"value", "1"}}, {{"type", "i32"}, {"value", "2"}}}}};
  EXPECT_EQ(check_reply_for("invoke", reply_from_json(two), two).outcome, "ok");
  EXPECT_EQ(check_reply_for("get", reply_from_json(two), two).reason, "bad-reply");
  const nlohmann::json trap = {{"id", 1}, {"outcome", "trap"}};
  EXPECT_EQ(check_reply_for("invoke", reply_from_json(trap), trap).outcome, "trap");
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

// Issue 9: a missing engine binary printed one error per command (3,389 lines). An engine
// that cannot say hello is now one error from make_protocol_engine, before any script.
TEST(ProtocolEngine, AnEngineThatCannotSayHelloFailsUpFront) {
  ProtocolOptions po;
  po.deadline_ms = 2'000;
  std::string error;
  po.command = "true";  // exits at once
  EXPECT_FALSE(make_protocol_engine(po, error));
  EXPECT_NE(error.find("`true` did not start"), std::string::npos) << error;
  EXPECT_NE(error.find("exited with status 0"), std::string::npos) << error;
  EXPECT_EQ(error.find('\n'), std::string::npos) << error;  // one line
  po.command = "/nonexistent/engine --serve";  // a missing binary
  EXPECT_FALSE(make_protocol_engine(po, error));
  EXPECT_NE(error.find("/nonexistent/engine"), std::string::npos) << error;
  EXPECT_NE(error.find("exited with status 127"), std::string::npos) << error;
  po.command = "cat";  // answers every line with itself: no "ok", no `engine`
  EXPECT_FALSE(make_protocol_engine(po, error));
  EXPECT_NE(error.find("reply to hello"), std::string::npos) << error;
  po.command = "sleep 30";  // never answers
  po.deadline_ms = 300;
  EXPECT_FALSE(make_protocol_engine(po, error));
  EXPECT_NE(error.find("no reply to hello within 300 ms"), std::string::npos) << error;
  EXPECT_FALSE(make_protocol_engine(ProtocolOptions{}, error));
}

// A fake engine in sh: hello is fine, every compile is answered by the line for its command
// index, anything else "ok".
const char* kFakeEngine = R"sh(#!/bin/sh
while IFS= read -r line; do
  id=$(printf '%s\n' "$line" | sed -n 's/.*"id":\([0-9][0-9]*\).*/\1/p')
  case "$line" in
    *'"type":"hello"'*) printf '{"id":%s,"outcome":"ok","engine":{"name":"fake","version":"0"}}\n' "$id" ;;
    *'"index":0,'*'"type":"compile"'*) printf '{"id":%s,"outcome":"maybe","handle":0}\n' "$id" ;;
    *'"index":1,'*'"type":"compile"'*) printf '{"id":%s,"outcome":"ok"}\n' "$id" ;;
    *'"index":2,'*'"type":"compile"'*) printf '{"id":%s,"outcome":"malformed","js_class":5}\n' "$id" ;;
    *'"index":3,'*'"type":"compile"'*) printf '{"id":%s,"outcome":"invalid","message":["x"]}\n' "$id" ;;
    *'"index":4,'*'"type":"compile"'*) printf '{"id":%s,"outcome":"malformed","js_class":"CompileError","message":"unexpected end"}\n' "$id" ;;
    *) printf '{"id":%s,"outcome":"ok"}\n' "$id" ;;
  esac
done
)sh";

// Issue 9: a reply with an invalid outcome ("maybe") was recorded as given. Every reply that
// breaks PROTOCOL.md is now an error record, reason `bad-reply`, quoting the reply.
TEST(ProtocolEngine, RepliesThatBreakTheProtocolAreBadReplies) {
  TempDir dir;
  const std::string engine = dir.path() + "/fake.sh";
  std::ofstream(engine) << kFakeEngine;
  std::filesystem::permissions(engine, std::filesystem::perms::owner_exec,
                               std::filesystem::perm_options::add);
  std::ofstream(dir.path() + "/m.wasm") << "";
  ScriptLoad l = parse_script(
      R"({"source_filename": "m.wast", "commands": [
        {"type": "module", "line": 1, "filename": "m.wasm"},
        {"type": "module", "line": 2, "filename": "m.wasm"},
        {"type": "assert_malformed", "line": 3, "filename": "m.wasm", "text": "unexpected end", "module_type": "binary"},
        {"type": "assert_invalid", "line": 4, "filename": "m.wasm", "text": "type mismatch", "module_type": "binary"},
        {"type": "assert_malformed", "line": 5, "filename": "m.wasm", "text": "unexpected end", "module_type": "binary"}]})",
      dir.path() + "/m.json");
  ASSERT_TRUE(l.script) << l.error;
  ProtocolOptions po;
  po.command = "'" + engine + "'";
  po.deadline_ms = 5'000;
  std::string error;
  std::unique_ptr<Engine> e = make_protocol_engine(po, error);
  ASSERT_TRUE(e) << error;
  EXPECT_EQ(e->describe().name, "fake");
  Profile p;
  p.name = "core";
  const std::vector<Record> rs = drive_script(*e, *l.script, p, "m.wast");
  ASSERT_EQ(rs.size(), 5u);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(rs[i].verdict, Verdict::error) << i;
    EXPECT_EQ(rs[i].reason, "bad-reply") << i << " " << rs[i].actual_message;
    EXPECT_EQ(rs[i].actual_outcome, "error") << i;
  }
  EXPECT_NE(rs[0].actual_message.find("\"maybe\" is not one of the protocol's"),
            std::string::npos) << rs[0].actual_message;
  EXPECT_NE(rs[0].actual_message.find(R"("outcome":"maybe")"), std::string::npos)
      << rs[0].actual_message;  // the offending text
  EXPECT_NE(rs[1].actual_message.find("without a \"handle\""), std::string::npos)
      << rs[1].actual_message;
  EXPECT_NE(rs[2].actual_message.find("\"js_class\" is not a string"), std::string::npos)
      << rs[2].actual_message;
  EXPECT_NE(rs[3].actual_message.find("must be a string"), std::string::npos)
      << rs[3].actual_message;
  // A well-formed reply is judged as before.
  EXPECT_EQ(rs[4].verdict, Verdict::pass) << to_json(rs[4]).dump();
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
