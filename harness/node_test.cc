// Harness tests: the node (V8) engine adapter end to end through node (harness/node.h)
#include "harness/node.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "binary/builder.h"
#include "harness/judge.h"

namespace wasmref::harness {
namespace {

using testing::Bytes;
using testing::WasmBuilder;
constexpr u8 V128 = 0x7B;

// A directory with the module files and the script of one test; removed at the end.
class ScriptDir {
 public:
  ScriptDir() {
    static int n = 0;
    dir_ = std::filesystem::temp_directory_path() /
           ("wasmref-node-test-" + std::to_string(static_cast<long>(getpid())) + "-" +
            std::to_string(n++));
    std::filesystem::create_directories(dir_);
  }
  ~ScriptDir() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  void write(const std::string& name, const Bytes& bytes) const {
    std::ofstream out(dir_ / name, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
  }
  Script script(const std::string& commands) const {
    ScriptLoad l = parse_script(
        "{\"source_filename\": \"t.wast\", \"commands\": [" + commands + "]}",
        (dir_ / "t.json").string());
    EXPECT_TRUE(l.script) << l.error;
    return l.script ? *l.script : Script{};
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

 private:
  std::filesystem::path dir_;
};

Bytes le_bytes(u64 v, unsigned n) {
  Bytes out;
  for (unsigned i = 0; i < n; ++i) out.push_back(static_cast<u8>(v >> (8 * i)));
  return out;
}

// Exports: f32/f64/v128 identities, add64, an externref identity, a trap, endless
// recursion, and f32 global `g` holding a signalling NaN.
Bytes main_module() {
  using namespace testing;
  WasmBuilder b;
  const u32 tf32 = b.type({F32}, {F32});
  const u32 tf64 = b.type({F64}, {F64});
  const u32 tv = b.type({V128}, {V128});
  const u32 ti64 = b.type({I64, I64}, {I64});
  const u32 tref = b.type({EXTERNREF}, {EXTERNREF});
  const u32 tvoid = b.type({}, {});
  b.export_func("f32", b.func(tf32, local_get(0)));
  b.export_func("f64", b.func(tf64, local_get(0)));
  b.export_func("v128", b.func(tv, local_get(0)));
  b.export_func("add64", b.func(ti64, cat({local_get(0), local_get(1), {0x7C}})));  // i64.add
  b.export_func("ref", b.func(tref, local_get(0)));
  b.export_func("trap", b.func(tvoid, {0x00}));  // unreachable
  const u32 rec = 6;                             // the next function index
  b.export_func("rec", b.func(tvoid, call(rec)));
  const u32 g = b.global(F32, false, cat({{0x43}, le_bytes(0x7fa00001u, 4)}));
  b.export_("g", 0x03, g);
  return b.bytes();
}

constexpr const char* kScript = R"(
  {"type": "module", "line": 1, "filename": "t.0.wasm"},
  {"type": "assert_return", "line": 2, "action": {"type": "invoke", "field": "f32", "args": [{"type": "f32", "value": "2141192193"}]}, "expected": [{"type": "f32", "value": "2141192193"}]},
  {"type": "assert_return", "line": 3, "action": {"type": "invoke", "field": "f64", "args": [{"type": "f64", "value": "9218868437227405313"}]}, "expected": [{"type": "f64", "value": "9218868437227405313"}]},
  {"type": "assert_return", "line": 4, "action": {"type": "invoke", "field": "v128", "args": [{"type": "v128", "lane_type": "i16", "value": ["1", "2", "3", "4", "5", "6", "65535", "32768"]}]}, "expected": [{"type": "v128", "lane_type": "i16", "value": ["1", "2", "3", "4", "5", "6", "65535", "32768"]}]},
  {"type": "assert_return", "line": 5, "action": {"type": "invoke", "field": "add64", "args": [{"type": "i64", "value": "18446744073709551615"}, {"type": "i64", "value": "2"}]}, "expected": [{"type": "i64", "value": "1"}]},
  {"type": "assert_return", "line": 6, "action": {"type": "invoke", "field": "ref", "args": [{"type": "externref", "value": "7"}]}, "expected": [{"type": "externref", "value": "7"}]},
  {"type": "assert_trap", "line": 7, "action": {"type": "invoke", "field": "trap", "args": []}, "text": "unreachable", "expected": []},
  {"type": "assert_exhaustion", "line": 8, "action": {"type": "invoke", "field": "rec", "args": []}, "text": "call stack exhausted", "expected": []},
  {"type": "assert_return", "line": 9, "action": {"type": "get", "field": "g"}, "expected": [{"type": "f32", "value": "2141192193"}]},
  {"type": "assert_malformed", "line": 10, "filename": "t.1.wasm", "text": "magic header not detected", "module_type": "binary"},
  {"type": "assert_invalid", "line": 11, "filename": "t.2.wasm", "text": "type mismatch", "module_type": "binary"},
  {"type": "assert_unlinkable", "line": 12, "filename": "t.3.wasm", "text": "unknown import", "module_type": "binary"},
  {"type": "assert_uninstantiable", "line": 13, "filename": "t.4.wasm", "text": "unreachable", "module_type": "binary"},
  {"type": "register", "line": 14, "as": "M"},
  {"type": "module", "line": 15, "name": "$N", "filename": "t.5.wasm"},
  {"type": "assert_return", "line": 16, "action": {"type": "invoke", "module": "$N", "field": "call_add", "args": []}, "expected": [{"type": "i64", "value": "5"}]},
  {"type": "assert_malformed", "line": 17, "filename": "t.6.wat", "text": "unexpected token", "module_type": "text"}
)";

void write_modules(const ScriptDir& d) {
  using namespace testing;
  d.write("t.0.wasm", main_module());
  d.write("t.1.wasm", {0x00, 0x61, 0x73, 0x6E, 0x01, 0x00, 0x00, 0x00});  // bad magic
  {
    WasmBuilder b;  // (func (result i32)) with an empty body: type mismatch
    b.func(b.type({}, {I32}), {});
    d.write("t.2.wasm", b.bytes());
  }
  {
    WasmBuilder b;  // imports from a module name nobody registered
    b.import_func("nowhere", "f", b.type({}, {}));
    d.write("t.3.wasm", b.bytes());
  }
  {
    WasmBuilder b;  // the start function traps
    b.start(b.func(b.type({}, {}), {0x00}));
    d.write("t.4.wasm", b.bytes());
  }
  {
    WasmBuilder b;  // imports M.add64 and calls it with 2 and 3
    const u32 t = b.type({I64, I64}, {I64});
    const u32 add = b.import_func("M", "add64", t);
    b.import_global("spectest", "global_i32", I32, false);
    b.export_func("call_add", b.func(b.type({}, {I64}), cat({i64_const(2), i64_const(3), call(add)})));
    d.write("t.5.wasm", b.bytes());
  }
}

Profile core_profile() {
  Profile p;
  p.name = "core";
  p.timeout = 60;
  return p;
}

std::string value_of(const Reply& r, size_t i = 0) {
  if (!r.values.is_array() || r.values.size() <= i) return "<none>";
  return r.values[i].dump();
}

TEST(NodeEngine, RunsAScriptEndToEnd) {
  if (!node_version()) GTEST_SKIP() << "node is not installed";
  ScriptDir d;
  write_modules(d);
  const Script s = d.script(kScript);
  ASSERT_EQ(s.commands.size(), 17u);
  NodeEngine node;
  const Reply begin = node.begin_script(s, core_profile());
  ASSERT_EQ(begin.outcome, "ok") << begin.message;
  EXPECT_NE(node.script_js().find("wasmref_run("), std::string::npos);

  const Reply c0 = node.compile(0, d.path("t.0.wasm"));
  ASSERT_EQ(c0.outcome, "ok") << c0.message;
  ASSERT_TRUE(c0.handle);
  const Reply i0 = node.instantiate(0, *c0.handle);
  ASSERT_EQ(i0.outcome, "ok") << i0.message;
  ASSERT_TRUE(i0.handle);
  const u32 inst = *i0.handle;

  // Bit-exact through the wrapper: signalling NaNs keep their payload, v128 its lanes.
  const Reply f32 = node.invoke(1, inst, "f32", nullptr);
  EXPECT_EQ(f32.outcome, "ok") << f32.message;
  EXPECT_EQ(f32.path, "wrapper");
  EXPECT_EQ(value_of(f32), R"({"type":"f32","value":"2141192193"})");
  const Reply f64 = node.invoke(2, inst, "f64", nullptr);
  EXPECT_EQ(f64.path, "wrapper");
  EXPECT_EQ(value_of(f64), R"({"type":"f64","value":"9218868437227405313"})");
  const Reply v = node.invoke(3, inst, "v128", nullptr);
  EXPECT_EQ(v.path, "wrapper");
  EXPECT_EQ(value_of(v),
            R"({"lane_type":"i16","type":"v128","value":["1","2","3","4","5","6","65535","32768"]})");

  // Directly: i64 as BigInt, externref N as one object per N.
  const Reply add = node.invoke(4, inst, "add64", nullptr);
  EXPECT_EQ(add.path, "direct");
  EXPECT_EQ(value_of(add), R"({"type":"i64","value":"1"})");
  const Reply ref = node.invoke(5, inst, "ref", nullptr);
  EXPECT_EQ(ref.path, "direct");
  EXPECT_EQ(value_of(ref), R"({"type":"externref","value":"7"})");

  const Reply trap = node.invoke(6, inst, "trap", nullptr);
  EXPECT_EQ(trap.outcome, "trap");
  EXPECT_EQ(trap.js_class, "RuntimeError");
  EXPECT_FALSE(trap.message.empty());
  const Reply rec = node.invoke(7, inst, "rec", nullptr);
  EXPECT_EQ(rec.outcome, "exhaustion");
  EXPECT_EQ(rec.js_class, "RangeError");
  const Reply g = node.get(8, inst, "g");
  EXPECT_EQ(g.path, "wrapper");
  EXPECT_EQ(value_of(g), R"({"type":"f32","value":"2141192193"})");

  const Reply bad_magic = node.compile(9, d.path("t.1.wasm"));
  EXPECT_EQ(bad_magic.outcome, "malformed");
  EXPECT_EQ(bad_magic.js_class, "CompileError");
  const Reply invalid = node.compile(10, d.path("t.2.wasm"));
  EXPECT_EQ(invalid.outcome, "invalid");
  EXPECT_EQ(invalid.js_class, "CompileError");
  // An unknown module name is a LinkError (the registry answers {}), not a TypeError.
  const Reply c11 = node.compile(11, d.path("t.3.wasm"));
  ASSERT_EQ(c11.outcome, "ok");
  const Reply unlinkable = node.instantiate(11, *c11.handle);
  EXPECT_EQ(unlinkable.outcome, "link_error");
  EXPECT_EQ(unlinkable.js_class, "LinkError");
  const Reply c12 = node.compile(12, d.path("t.4.wasm"));
  ASSERT_EQ(c12.outcome, "ok");
  const Reply uninst = node.instantiate(12, *c12.handle);
  EXPECT_EQ(uninst.outcome, "instantiation_trap");
  EXPECT_EQ(uninst.js_class, "RuntimeError");

  EXPECT_EQ(node.register_instance(13, inst, "M").outcome, "ok");
  const Reply c14 = node.compile(14, d.path("t.5.wasm"));
  ASSERT_EQ(c14.outcome, "ok");
  const Reply i14 = node.instantiate(14, *c14.handle);
  ASSERT_EQ(i14.outcome, "ok") << i14.message;
  const Reply call_add = node.invoke(15, *i14.handle, "call_add", nullptr);
  EXPECT_EQ(value_of(call_add), R"({"type":"i64","value":"5"})");

  // A text module whose .wat cannot be read is not planned (the driver reports the missing
  // file); neither is a request the script does not make, nor one on another instance than
  // the script's.
  EXPECT_EQ(node.compile(16, d.path("t.6.wat")).outcome, "error");
  EXPECT_EQ(node.invoke(1, inst + 1, "f32", nullptr).outcome, "error");
  EXPECT_EQ(node.invoke(1, inst, "f64", nullptr).outcome, "error");
  node.end_script();

  const EngineDescription desc = node.describe();
  EXPECT_EQ(desc.name, "node");
  EXPECT_EQ(desc.version.rfind("v", 0), 0u) << desc.version;
  EXPECT_FALSE(desc.coarse);
}

// A failed module poisons: its actions are planned against it, never against the previous
// instance, so node answers "no instance" rather than calling a stale export.
TEST(NodeEngine, FailedModuleIsNeverReplacedByTheLastOne) {
  if (!node_version()) GTEST_SKIP() << "node is not installed";
  ScriptDir d;
  write_modules(d);
  const Script s = d.script(R"(
    {"type": "module", "line": 1, "filename": "t.0.wasm"},
    {"type": "module", "line": 2, "filename": "t.3.wasm"},
    {"type": "assert_return", "line": 3, "action": {"type": "invoke", "field": "add64", "args": [{"type": "i64", "value": "1"}, {"type": "i64", "value": "2"}]}, "expected": [{"type": "i64", "value": "3"}]}
  )");
  NodeEngine node;
  ASSERT_EQ(node.begin_script(s, core_profile()).outcome, "ok");
  EXPECT_EQ(node.instantiate(1, 1).outcome, "link_error");
  const Reply r = node.invoke(2, 1, "add64", nullptr);
  EXPECT_EQ(r.outcome, "error");
  EXPECT_NE(r.message.find("no instance"), std::string::npos) << r.message;
  EXPECT_EQ(node.invoke(2, 0, "add64", nullptr).outcome, "error");  // not the planned instance
}

TEST(NodeEngine, TimeoutAndCrashAnswerTheRequestsWithoutReply) {
  if (!node_version()) GTEST_SKIP() << "node is not installed";
  ScriptDir d;
  write_modules(d);
  const Script s = d.script(kScript);
  {
    NodeOptions o;
    o.deadline_s = 0.001;  // node cannot even start in time
    NodeEngine node(o);
    EXPECT_EQ(node.begin_script(s, core_profile()).outcome, "ok");
    const Reply r = node.compile(0, d.path("t.0.wasm"));
    EXPECT_EQ(r.outcome, "timeout");
    EXPECT_FALSE(r.js_class);
    EXPECT_EQ(node.invoke(1, 0, "f32", nullptr).outcome, "timeout");
  }
  {
    NodeOptions o;
    o.node = "false";  // exits 1 at once, replying nothing
    NodeEngine node(o);
    EXPECT_EQ(node.begin_script(s, core_profile()).outcome, "ok");
    const Reply r = node.compile(0, d.path("t.0.wasm"));
    EXPECT_EQ(r.outcome, "crash");
    EXPECT_NE(r.message.find("status 1"), std::string::npos) << r.message;
  }
  {
    NodeOptions o;
    o.node = "/nonexistent/node";
    NodeEngine node(o);
    EXPECT_EQ(node.begin_script(s, core_profile()).outcome, "error");
    EXPECT_EQ(node.compile(0, d.path("t.0.wasm")).outcome, "crash");
    std::string error;
    EXPECT_EQ(make_node_engine(error, o), nullptr);
    EXPECT_NE(error, "");
  }
}

// Issue 9: where the reference cannot classify a module (its own verdict contradicts the
// script: a proposal it does not implement, or a gap of its own), V8's CompileError used to
// take the reference's split and fail as `wrong-phase` (176 of node's 206 failures). Now it
// is `compile_error`, a pass with reason `phase-unchecked`, a note, and the reference's view
// in `path_reason`; where the reference agrees with the script its split still holds, and a
// `module` V8 rejects still fails. Run with a fake node that prints V8's replies (so the test
// runs without node) and, where installed, with node itself.
TEST(NodeEngine, CompileErrorsTheReferenceCannotClassifyAreNotFailures) {
  ScriptDir d;
  write_modules(d);
  const Script s = d.script(R"(
    {"type": "assert_invalid", "line": 1, "filename": "t.1.wasm", "text": "type mismatch", "module_type": "binary"},
    {"type": "assert_malformed", "line": 2, "filename": "t.1.wasm", "text": "magic header not detected", "module_type": "binary"},
    {"type": "assert_invalid", "line": 3, "filename": "t.2.wasm", "text": "type mismatch", "module_type": "binary"},
    {"type": "assert_malformed", "line": 4, "filename": "t.2.wasm", "text": "unexpected end", "module_type": "binary"},
    {"type": "module", "line": 5, "filename": "t.1.wasm"},
    {"type": "assert_invalid", "line": 6, "filename": "t.3.wasm", "text": "type mismatch", "module_type": "binary"}
  )");
  // What V8 says for each (a CompileError for every module but t.3.wasm, which compiles).
  std::string fake = "#!/bin/sh\ncat <<'EOF'\n";
  for (int i : {0, 1, 2, 3, 4})
    fake += "{\"index\":" + std::to_string(i) +
            ",\"op\":\"compile\",\"outcome\":\"invalid\",\"js_class\":\"CompileError\","
            "\"message\":\"WebAssembly.Module(): v8 says no\"}\n";
  fake += "{\"index\":5,\"op\":\"compile\",\"outcome\":\"ok\",\"handle\":5}\nEOF\n";
  d.write("fake-node", Bytes(fake.begin(), fake.end()));
  std::filesystem::permissions(d.path("fake-node"), std::filesystem::perms::owner_exec,
                               std::filesystem::perm_options::add);
  std::vector<std::string> nodes = {d.path("fake-node")};
  if (node_version()) nodes.push_back("node");
  for (const std::string& exe : nodes) {
    NodeOptions o;
    o.node = exe;
    NodeEngine node(o);
    ASSERT_EQ(node.begin_script(s, core_profile()).outcome, "ok") << exe;
    // Each command's compile, judged as the script driver judges a reply (driver.cc).
    std::vector<Record> r;
    for (const Command& c : s.commands) {
      const Reply rep = node.compile(c.index, d.path(c.filename));
      Record rec = begin_record(c, "t.wast", "core");
      rec.path_reason = rep.path_reason;
      judge_outcome(rec, rep.outcome, rep.message, rep.js_class);
      r.push_back(std::move(rec));
    }
    node.end_script();
    ASSERT_EQ(r.size(), 6u) << exe;
    // The reference says malformed (bad magic), the script invalid: phase unknown, a pass.
    EXPECT_EQ(r[0].verdict, Verdict::pass) << exe << " " << to_json(r[0]).dump();
    EXPECT_EQ(r[0].actual_outcome, kCompileError) << exe;
    EXPECT_EQ(r[0].actual_js_class, "CompileError") << exe;
    EXPECT_EQ(r[0].reason, kPhaseUnchecked) << exe;
    EXPECT_NE(r[0].note, "") << exe;
    EXPECT_EQ(to_json(r[0])["note"], r[0].note);
    EXPECT_NE(r[0].path_reason.find("the reference says malformed (magic header not detected"),
              std::string::npos) << r[0].path_reason;
    EXPECT_NE(r[0].path_reason.find("the script expects invalid"), std::string::npos)
        << r[0].path_reason;
    // The reference agrees with the script: its split, a plain pass.
    EXPECT_EQ(r[1].verdict, Verdict::pass) << exe;
    EXPECT_EQ(r[1].actual_outcome, "malformed") << exe;
    EXPECT_EQ(r[1].reason, "") << exe;
    EXPECT_EQ(r[1].note, "") << exe;
    EXPECT_EQ(to_json(r[1]).count("note"), 0u);
    EXPECT_EQ(r[2].verdict, Verdict::pass) << exe;
    EXPECT_EQ(r[2].actual_outcome, "invalid") << exe;
    // The reference says invalid, the script malformed: no longer `wrong-phase`.
    EXPECT_EQ(r[3].verdict, Verdict::pass) << exe;
    EXPECT_EQ(r[3].actual_outcome, kCompileError) << exe;
    EXPECT_EQ(r[3].reason, kPhaseUnchecked) << exe;
    // A module V8 rejects is V8's failure, whatever the reference says.
    EXPECT_EQ(r[4].verdict, Verdict::fail) << exe;
    EXPECT_EQ(r[4].reason, "outcome-mismatch") << exe;
    EXPECT_EQ(r[4].actual_outcome, "malformed") << exe;
    // A module V8 accepts where the script expects invalid is a fail.
    EXPECT_EQ(r[5].verdict, Verdict::fail) << exe;
    EXPECT_EQ(r[5].actual_outcome, "ok") << exe;
  }
}

TEST(NodeEngine, ProfileFlagsReachNode) {
  if (!node_version()) GTEST_SKIP() << "node is not installed";
  const ProfilesLoad table = parse_profiles(embedded_profiles_json(), "embedded");
  ASSERT_TRUE(table.table) << table.error;
  const Profile* tail_call = table.table->by_name("proposals/tail-call");
  ASSERT_NE(tail_call, nullptr);
  const Profile& p = *tail_call;
  const std::vector<std::string> flags = node_flags(p);
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0], "--experimental-wasm-return-call");
  ScriptDir d;
  write_modules(d);
  NodeEngine node;
  ASSERT_EQ(node.begin_script(d.script(kScript), p).outcome, "ok");
  EXPECT_EQ(node.compile(0, d.path("t.0.wasm")).outcome, "ok");  // node accepted the flag
  EXPECT_EQ(node.describe().config, "--experimental-wasm-return-call");
}


// 3.0 `(module definition $D)` compiles only and binds $D; `(module instance $I $D)` and
// `(module instance)` (the last definition) instantiate it as their own commands, with the
// definition's export types; a definition never becomes the current instance.
TEST(NodeEngine, DefinitionsAndInstances) {
  if (!node_version()) GTEST_SKIP() << "node is not installed";
  ScriptDir d;
  write_modules(d);
  Script s = d.script(R"(
    {"type": "module", "line": 1, "filename": "t.3.wasm"},
    {"type": "module", "line": 2, "name": "$D", "filename": "t.0.wasm", "definition": "true"},
    {"type": "assert_return", "line": 3, "action": {"type": "invoke", "field": "add64", "args": [{"type": "i64", "value": "1"}, {"type": "i64", "value": "2"}]}, "expected": [{"type": "i64", "value": "3"}]},
    {"type": "module", "line": 4, "filename": "instance"},
    {"type": "module", "line": 5, "filename": "instance"},
    {"type": "assert_return", "line": 6, "action": {"type": "invoke", "module": "$I1", "field": "add64", "args": [{"type": "i64", "value": "1"}, {"type": "i64", "value": "2"}]}, "expected": [{"type": "i64", "value": "3"}]},
    {"type": "assert_return", "line": 7, "action": {"type": "invoke", "field": "f32", "args": [{"type": "f32", "value": "2141192193"}]}, "expected": [{"type": "f32", "value": "2141192193"}]},
    {"type": "register", "line": 8, "name": "$I1", "as": "M"},
    {"type": "module", "line": 9, "filename": "instance"},
    {"type": "assert_return", "line": 10, "action": {"type": "invoke", "field": "add64", "args": [{"type": "i64", "value": "1"}, {"type": "i64", "value": "2"}]}, "expected": [{"type": "i64", "value": "3"}]}
  )");
  ASSERT_EQ(s.commands.size(), 10u);
  ASSERT_TRUE(s.commands[1].definition);
  // What the .wast reader writes for `(module instance $I1 $D)`, `(module instance)` and
  // `(module instance $X $nowhere)`: no file.
  for (size_t i : {3u, 4u, 8u}) {
    s.commands[i].filename.clear();
    s.commands[i].instance = true;
  }
  s.commands[3].name = "$I1";
  s.commands[3].instance_of = "$D";
  s.commands[8].instance_of = "$nowhere";
  NodeEngine node;
  ASSERT_EQ(node.begin_script(s, core_profile()).outcome, "ok");

  // The definition: compiled, never instantiated by its own command.
  const Reply c1 = node.compile(1, d.path("t.0.wasm"));
  ASSERT_EQ(c1.outcome, "ok") << c1.message;
  ASSERT_TRUE(c1.handle);
  const Reply i1 = node.instantiate(1, *c1.handle);
  EXPECT_EQ(i1.outcome, "error");
  EXPECT_NE(i1.message.find("not a planned request"), std::string::npos) << i1.message;
  // The definition did not replace the current instance (command 0, unlinkable): the action
  // is planned against command 0's instance, which node never made.
  const Reply r2 = node.invoke(2, 0, "add64", nullptr);
  EXPECT_EQ(r2.outcome, "error");
  EXPECT_NE(r2.message.find("no instance"), std::string::npos) << r2.message;

  // `(module instance $I1 $D)` and `(module instance)`: two instances of the definition.
  EXPECT_EQ(node.compile(3, "").outcome, "error");  // no compile of its own
  const Reply i3 = node.instantiate(3, *c1.handle);
  ASSERT_EQ(i3.outcome, "ok") << i3.message;
  ASSERT_TRUE(i3.handle);
  const Reply i4 = node.instantiate(4, *c1.handle);
  ASSERT_EQ(i4.outcome, "ok") << i4.message;
  ASSERT_TRUE(i4.handle);
  EXPECT_NE(*i3.handle, *i4.handle);
  // $I1 by name, with the definition's signature (a direct i64 call).
  const Reply add = node.invoke(5, *i3.handle, "add64", nullptr);
  EXPECT_EQ(add.outcome, "ok") << add.message;
  EXPECT_EQ(add.path, "direct");
  EXPECT_EQ(value_of(add), R"({"type":"i64","value":"3"})");
  EXPECT_EQ(node.invoke(5, *i4.handle, "add64", nullptr).outcome, "error");  // not $I1
  // The last instance is current; f32 in the definition's signature takes the wrapper.
  const Reply f32 = node.invoke(6, *i4.handle, "f32", nullptr);
  EXPECT_EQ(f32.outcome, "ok") << f32.message;
  EXPECT_EQ(f32.path, "wrapper");
  EXPECT_EQ(value_of(f32), R"({"type":"f32","value":"2141192193"})");
  EXPECT_EQ(node.register_instance(7, *i3.handle, "M").outcome, "ok");

  // An instance of an unknown definition is not planned, but is current: the next action
  // runs against it (no instance), never against $I1 or the last good one.
  EXPECT_EQ(node.instantiate(8, *c1.handle).outcome, "error");
  const Reply r9 = node.invoke(9, 8, "add64", nullptr);
  EXPECT_EQ(r9.outcome, "error");
  EXPECT_NE(r9.message.find("no instance"), std::string::npos) << r9.message;
  EXPECT_EQ(node.invoke(9, *i4.handle, "add64", nullptr).outcome, "error");
}

// A quoted module malformed as text (Command::text_error) never reaches node: nothing is
// planned for it. As a module it is still current (poisoned); as a definition it is not.
TEST(NodeEngine, TextErrorsAreNotPlanned) {
  if (!node_version()) GTEST_SKIP() << "node is not installed";
  ScriptDir d;
  write_modules(d);
  Script s = d.script(R"(
    {"type": "module", "line": 1, "filename": "t.0.wasm"},
    {"type": "module", "line": 2, "filename": "none"},
    {"type": "module", "line": 3, "filename": "none", "definition": "true"},
    {"type": "assert_return", "line": 4, "action": {"type": "invoke", "field": "add64", "args": [{"type": "i64", "value": "1"}, {"type": "i64", "value": "2"}]}, "expected": [{"type": "i64", "value": "3"}]},
    {"type": "assert_malformed", "line": 5, "filename": "none", "text": "unexpected token", "module_type": "binary"},
    {"type": "module", "line": 6, "filename": "none", "definition": "true"},
    {"type": "module", "line": 7, "filename": "instance"},
    {"type": "assert_return", "line": 8, "action": {"type": "invoke", "field": "add64", "args": [{"type": "i64", "value": "1"}, {"type": "i64", "value": "2"}]}, "expected": [{"type": "i64", "value": "3"}]}
  )");
  ASSERT_EQ(s.commands.size(), 8u);
  for (size_t i : {1u, 2u, 4u, 5u}) {
    s.commands[i].filename.clear();
    s.commands[i].text_error = Command::TextError{"unexpected token", 1, 7};
  }
  s.commands[6].filename.clear();
  s.commands[6].instance = true;  // of the last definition: the text error
  NodeEngine node;
  ASSERT_EQ(node.begin_script(s, core_profile()).outcome, "ok");
  EXPECT_EQ(node.compile(0, d.path("t.0.wasm")).outcome, "ok");
  EXPECT_EQ(node.instantiate(0, 0).outcome, "ok");
  for (size_t i : {1u, 2u, 4u, 5u}) {
    const Reply r = node.compile(i, "");
    EXPECT_EQ(r.outcome, "error") << i;
    EXPECT_NE(r.message.find("not a planned request"), std::string::npos) << r.message;
  }
  EXPECT_EQ(node.script_js().find("\"index\":1,"), std::string::npos);
  // Command 1 (a module) is current: the action is planned against it, not command 0.
  const Reply r3 = node.invoke(3, 1, "add64", nullptr);
  EXPECT_EQ(r3.outcome, "error");
  EXPECT_NE(r3.message.find("no instance"), std::string::npos) << r3.message;
  EXPECT_EQ(node.invoke(3, 0, "add64", nullptr).outcome, "error");
  // An instance of a definition that never compiled is not planned either.
  EXPECT_EQ(node.instantiate(6, 5).outcome, "error");
  EXPECT_EQ(node.invoke(7, 6, "add64", nullptr).outcome, "error");
}

// A wast2json text module (`module_type: text`, a .wat): the adapter reads it with the native
// text reader while planning, writes `<file>.wat.wasm` (the file and bytes the script driver
// writes when it reaches the command) and plans it like a binary module, with the signatures
// of the converted bytes. One malformed as text is not planned: the driver judges it.
TEST(NodeEngine, TextModulesAreConvertedWhilePlanning) {
  if (!node_version()) GTEST_SKIP() << "node is not installed";
  ScriptDir d;
  write_modules(d);
  auto write_text = [&](const std::string& name, const std::string& text) {
    d.write(name, Bytes(text.begin(), text.end()));
  };
  write_text("t.6.wat",
             "(module (func (export \"f32\") (param f32) (result f32) (local.get 0))\n"
             "  (func (export \"seven\") (result i32) (i32.const 7)))");
  write_text("t.7.wat", "(module (func (result i32)))");              // type mismatch
  write_text("t.8.wat", "(module (func (i32.const 0x1_0000_0000_0)))");  // out of range
  write_text("t.9.wat", "(module (func $s unreachable) (start $s))");
  const Script s = d.script(R"(
    {"type": "module", "line": 1, "filename": "t.6.wat", "module_type": "text"},
    {"type": "assert_return", "line": 2, "action": {"type": "invoke", "field": "f32", "args": [{"type": "f32", "value": "2141192193"}]}, "expected": [{"type": "f32", "value": "2141192193"}]},
    {"type": "assert_return", "line": 3, "action": {"type": "invoke", "field": "seven", "args": []}, "expected": [{"type": "i32", "value": "7"}]},
    {"type": "assert_invalid", "line": 4, "filename": "t.7.wat", "text": "type mismatch", "module_type": "text"},
    {"type": "assert_malformed", "line": 5, "filename": "t.8.wat", "text": "constant out of range", "module_type": "text"},
    {"type": "assert_uninstantiable", "line": 6, "filename": "t.9.wat", "text": "unreachable", "module_type": "text"}
  )");
  ASSERT_EQ(s.commands.size(), 6u);
  ASSERT_TRUE(s.commands[0].text_module);
  NodeEngine node;
  ASSERT_EQ(node.begin_script(s, core_profile()).outcome, "ok");

  // The converted bytes are on disk, as the driver would have written them.
  bool ok = false;
  {
    std::ifstream in(d.path("t.6.wat.wasm"), std::ios::binary);
    ok = static_cast<bool>(in);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(bytes.substr(0, 4), std::string("\0asm", 4));
  }
  EXPECT_TRUE(ok);
  const Reply c0 = node.compile(0, d.path("t.6.wat.wasm"));
  ASSERT_EQ(c0.outcome, "ok") << c0.message;
  const Reply i0 = node.instantiate(0, *c0.handle);
  ASSERT_EQ(i0.outcome, "ok") << i0.message;
  // The signature comes from the converted bytes: f32 is bit-exact through the wrapper.
  const Reply f32 = node.invoke(1, *i0.handle, "f32", nullptr);
  EXPECT_EQ(f32.path, "wrapper");
  EXPECT_EQ(value_of(f32), R"({"type":"f32","value":"2141192193"})");
  EXPECT_EQ(value_of(node.invoke(2, *i0.handle, "seven", nullptr)), R"({"type":"i32","value":"7"})");
  // Invalid (not malformed): the reference validates the converted bytes.
  const Reply invalid = node.compile(3, d.path("t.7.wat.wasm"));
  EXPECT_EQ(invalid.outcome, "invalid");
  EXPECT_EQ(invalid.js_class, "CompileError");
  // Malformed as text: nothing planned, no file written.
  EXPECT_EQ(node.compile(4, d.path("t.8.wat.wasm")).outcome, "error");
  EXPECT_FALSE(std::filesystem::exists(d.path("t.8.wat.wasm")));
  const Reply c5 = node.compile(5, d.path("t.9.wat.wasm"));
  ASSERT_EQ(c5.outcome, "ok") << c5.message;
  EXPECT_EQ(node.instantiate(5, *c5.handle).outcome, "instantiation_trap");
}

// Signatures of modules the reference rejects: read from the sections, past an unknown
// memory encoding (memory64 limits) and an undecodable code section.
TEST(ExportTypesBySections, ReadsSignaturesPastUnknownCode) {
  using namespace testing;
  WasmBuilder b;
  const u32 t = b.type({F32, V128, EXTERNREF}, {F64});
  b.import_func("m", "f", b.type({I32}, {}));
  b.import_global("m", "g", F32, true);
  const u32 f = b.func(t, {0xFD, 0xFF, 0x7F});  // no such opcode
  b.export_func("sig", f);
  b.export_func("imported", 0);
  const u32 g = b.global(V128, false, cat({{0xFD, 0x0C}, Bytes(16, 0)}));
  b.export_("g_imported", 0x03, 0);
  b.export_("g_v128", 0x03, g);
  Bytes bytes = b.bytes();
  // A memory64 memory section (limits flag 0x04) before the globals.
  const Bytes mem64 = {0x05, 0x03, 0x01, 0x04, 0x01};
  Bytes with_mem(bytes.begin(), bytes.begin() + 8);
  with_mem.insert(with_mem.end(), mem64.begin(), mem64.end());
  with_mem.insert(with_mem.end(), bytes.begin() + 8, bytes.end());
  const auto types = export_types_by_sections(with_mem);
  ASSERT_TRUE(types);
  ASSERT_EQ(types->size(), 4u);
  EXPECT_EQ(types->at("sig").func,
            (FuncType{{ValType::f32, ValType::v128, ValType::externref}, {ValType::f64}}));
  EXPECT_EQ(types->at("imported").func, (FuncType{{ValType::i32}, {}}));
  EXPECT_EQ(types->at("g_imported").global, (GlobalType{Mut::var, ValType::f32}));
  EXPECT_EQ(types->at("g_v128").global, (GlobalType{Mut::const_, ValType::v128}));

  // Truncated or unknown encodings give up rather than guess.
  EXPECT_FALSE(export_types_by_sections(Bytes(with_mem.begin(), with_mem.begin() + 20)));
  Bytes gc = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x03, 0x01, 0x5F, 0x00};
  EXPECT_FALSE(export_types_by_sections(gc));  // a struct type
  EXPECT_FALSE(export_types_by_sections(Bytes{0x00, 0x61}));
}

}  // namespace
}  // namespace wasmref::harness
