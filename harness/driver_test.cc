// Harness tests: the script driver over a scripted fake Engine (notes-harness §5.2, §5.4)
#include "harness/driver.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "harness/convert.h"

namespace wasmref::harness {
namespace {

// An engine whose replies the test chooses, recording every call.
class FakeEngine final : public Engine {
 public:
  std::vector<std::string> calls;
  std::map<std::string, Reply> compile_replies;  // by file name; default: ok + a new handle
  std::map<u32, Reply> instantiate_replies;      // by module handle; default: ok + a handle
  std::map<std::string, Reply> invoke_replies;   // by field; default: ok, no values
  Reply begin_reply;
  std::optional<std::vector<Record>> whole;

  EngineDescription describe() override { return {"fake", "1", false, {}, ""}; }
  Reply begin_script(const Script&, const Profile& p) override {
    calls.push_back("begin " + p.name);
    return begin_reply;
  }
  Reply compile(size_t index, const std::string& path) override {
    const std::string name = std::filesystem::path(path).filename().string();
    calls.push_back("compile " + std::to_string(index) + " " + name);
    auto it = compile_replies.find(name);
    if (it != compile_replies.end()) return it->second;
    Reply r;
    r.path = "fake";
    r.handle = next_module_++;
    return r;
  }
  Reply instantiate(size_t index, u32 m) override {
    calls.push_back("instantiate " + std::to_string(index) + " m" + std::to_string(m));
    auto it = instantiate_replies.find(m);
    if (it != instantiate_replies.end()) return it->second;
    Reply r;
    r.path = "fake";
    r.handle = 100 + m;
    return r;
  }
  Reply register_instance(size_t index, u32 i, const std::string& as) override {
    calls.push_back("register " + std::to_string(index) + " i" + std::to_string(i) + " " + as);
    return Reply{};
  }
  Reply invoke(size_t index, u32 i, const std::string& field, const nlohmann::json& args) override {
    calls.push_back("invoke " + std::to_string(index) + " i" + std::to_string(i) + " " + field +
                    " " + args.dump());
    auto it = invoke_replies.find(field);
    if (it != invoke_replies.end()) return it->second;
    Reply r;
    r.values = nlohmann::json::array();
    return r;
  }
  Reply get(size_t index, u32 i, const std::string& field) override {
    calls.push_back("get " + std::to_string(index) + " i" + std::to_string(i) + " " + field);
    Reply r;
    r.values = nlohmann::json::array({{{"type", "i32"}, {"value", "7"}}});
    return r;
  }
  void end_script() override { calls.push_back("end"); }
  std::optional<std::vector<Record>> run_whole_file(const Script&, const Profile&) override {
    return whole;
  }
  bool takes_bytes = false;  // compiles_bytes()
  bool compiles_bytes() const override { return takes_bytes; }
  Reply compile_bytes(size_t index, const std::string& bytes) override {
    calls.push_back("compile_bytes " + std::to_string(index) + " " + bytes);
    Reply r;
    r.path = "fake";
    r.handle = next_module_++;
    return r;
  }

 private:
  u32 next_module_ = 0;
};

// A script in a fresh directory whose module files exist (empty: the fake never reads them).
struct Fixture {
  TempDir dir;
  Script script;
  Profile profile;

  explicit Fixture(const std::string& commands) {
    for (const char* f : {"m.0.wasm", "m.1.wasm", "m.2.wasm", "m.3.wasm", "m.4.wasm"})
      std::ofstream(dir.path() + "/" + f) << "";
    ScriptLoad l = parse_script(
        "{\"source_filename\": \"m.wast\", \"commands\": [" + commands + "]}",
        dir.path() + "/m.json");
    EXPECT_TRUE(l.script) << l.error;
    if (l.script) script = *l.script;
    profile.name = "core";
  }
  std::vector<Record> run(Engine& e) { return drive_script(e, script, profile, "m.wast"); }
};

const char* kInvokeF =
    R"({"type": "assert_return", "line": 3, "action": {"type": "invoke", "field": "f", "args": [{"type": "i32", "value": "1"}]}, "expected": [{"type": "i32", "value": "2"}]})";

TEST(ScriptDriver, ModuleThenActionsUseTheInstanceHandle) {
  Fixture fx(std::string(R"({"type": "module", "line": 1, "filename": "m.0.wasm"},)") + kInvokeF +
             R"(, {"type": "assert_return", "line": 4, "action": {"type": "get", "field": "g"}, "expected": [{"type": "i32", "value": "7"}]})");
  FakeEngine e;
  Reply two;
  two.path = "fake";
  two.values = nlohmann::json::array({{{"type", "i32"}, {"value", "2"}}});
  e.invoke_replies["f"] = two;
  const std::vector<Record> rs = fx.run(e);
  ASSERT_EQ(rs.size(), 3u);
  EXPECT_EQ(rs[0].verdict, Verdict::pass);
  EXPECT_EQ(rs[0].path, "fake");
  EXPECT_EQ(rs[1].verdict, Verdict::pass);
  EXPECT_EQ(rs[1].actual_values, two.values);
  EXPECT_EQ(rs[2].verdict, Verdict::pass);
  EXPECT_EQ(rs[0].file, "m.wast");
  EXPECT_EQ(rs[0].profile, "core");
  const std::vector<std::string> want = {
      "begin core", "compile 0 m.0.wasm", "instantiate 0 m0",
      R"(invoke 1 i100 f [{"type":"i32","value":"1"}])", "get 2 i100 g", "end"};
  EXPECT_EQ(e.calls, want);
}

// The native reader keeps modules in memory (Command::module_bytes): an engine that compiles
// bytes gets them and no file is opened (this one does not exist); an engine that compiles
// files gets the file.
TEST(ScriptDriver, ModuleBytesGoToEnginesThatCompileBytes) {
  Fixture fx(std::string(R"({"type": "module", "line": 1, "filename": "gone.wasm"},)") + kInvokeF);
  fx.script.commands[0].module_bytes = std::make_shared<const std::string>("BYTES");
  FakeEngine e;
  e.takes_bytes = true;
  const std::vector<Record> rs = fx.run(e);
  ASSERT_EQ(rs.size(), 2u);
  EXPECT_EQ(rs[0].verdict, Verdict::pass) << rs[0].actual_message;
  EXPECT_EQ(rs[0].module_file, "gone.wasm");
  const std::vector<std::string> want = {"begin core", "compile_bytes 0 BYTES", "instantiate 0 m0",
                                         R"(invoke 1 i100 f [{"type":"i32","value":"1"}])", "end"};
  EXPECT_EQ(e.calls, want);

  FakeEngine files;
  const std::vector<Record> rf = fx.run(files);
  EXPECT_EQ(rf[0].verdict, Verdict::error);
  EXPECT_EQ(rf[0].reason, "missing-module-file");
  EXPECT_EQ(files.calls, (std::vector<std::string>{"begin core", "end"}));
}

TEST(ScriptDriver, WrongValuesFailWithTheMatcherReason) {
  Fixture fx(std::string(R"({"type": "module", "line": 1, "filename": "m.0.wasm"},)") + kInvokeF);
  FakeEngine e;
  Reply three;
  three.values = nlohmann::json::array({{{"type", "i32"}, {"value", "3"}}});
  e.invoke_replies["f"] = three;
  const std::vector<Record> rs = fx.run(e);
  EXPECT_EQ(rs[1].verdict, Verdict::fail);
  EXPECT_EQ(rs[1].reason, "value-mismatch");
}

TEST(ScriptDriver, AFailedModuleBlocksLaterActionsUntilTheNextModule) {
  Fixture fx(std::string(R"({"type": "module", "line": 1, "filename": "m.0.wasm"},)") + kInvokeF +
             R"(, {"type": "module", "line": 5, "filename": "m.1.wasm"},)" + kInvokeF);
  FakeEngine e;
  Reply trap;
  trap.outcome = "instantiation_trap";
  trap.js_class = "RuntimeError";
  trap.message = "unreachable";
  e.instantiate_replies[0] = trap;
  Reply two;
  two.values = nlohmann::json::array({{{"type", "i32"}, {"value", "2"}}});
  e.invoke_replies["f"] = two;
  const std::vector<Record> rs = fx.run(e);
  ASSERT_EQ(rs.size(), 4u);
  EXPECT_EQ(rs[0].verdict, Verdict::fail);
  EXPECT_EQ(rs[0].actual_outcome, "instantiation_trap");
  EXPECT_EQ(rs[0].actual_js_class, "RuntimeError");
  EXPECT_EQ(rs[1].verdict, Verdict::blocked);
  EXPECT_EQ(rs[1].reason, "blocked-by:0");
  EXPECT_EQ(rs[2].verdict, Verdict::pass);
  EXPECT_EQ(rs[3].verdict, Verdict::pass);
}

TEST(ScriptDriver, NamedModulesRegisterAndAssertionModulesAreNeverCurrent) {
  Fixture fx(R"(
    {"type": "module", "line": 1, "name": "$A", "filename": "m.0.wasm"},
    {"type": "module", "line": 2, "filename": "m.1.wasm"},
    {"type": "register", "line": 3, "name": "$A", "as": "a"},
    {"type": "assert_invalid", "line": 4, "filename": "m.2.wasm", "text": "type mismatch", "module_type": "binary"},
    {"type": "assert_unlinkable", "line": 5, "filename": "m.3.wasm", "text": "unknown import", "module_type": "binary"},
    {"type": "action", "line": 6, "action": {"type": "invoke", "module": "$A", "field": "h", "args": []}, "expected": []},
    {"type": "action", "line": 7, "action": {"type": "invoke", "field": "h", "args": []}, "expected": []},
    {"type": "action", "line": 8, "action": {"type": "invoke", "module": "$Z", "field": "h", "args": []}, "expected": []})");
  FakeEngine e;
  Reply invalid;
  invalid.outcome = "invalid";
  invalid.js_class = "CompileError";
  invalid.message = "type mismatch: something";
  e.compile_replies["m.2.wasm"] = invalid;
  Reply link;
  link.outcome = "link_error";
  link.js_class = "LinkError";
  link.message = "unknown import";
  e.instantiate_replies[2] = link;
  const std::vector<Record> rs = fx.run(e);
  ASSERT_EQ(rs.size(), 8u);
  for (size_t i = 0; i < 7; ++i) EXPECT_EQ(rs[i].verdict, Verdict::pass) << i;
  EXPECT_EQ(rs[3].text_match, "prefix");
  EXPECT_EQ(rs[7].verdict, Verdict::error);
  EXPECT_EQ(rs[7].reason, "unknown-module");
  const std::vector<std::string> want = {
      "begin core",         "compile 0 m.0.wasm", "instantiate 0 m0", "compile 1 m.1.wasm",
      "instantiate 1 m1",   "register 2 i100 a",  "compile 3 m.2.wasm", "compile 4 m.3.wasm",
      "instantiate 4 m2",   "invoke 5 i100 h []", "invoke 6 i101 h []", "end"};
  EXPECT_EQ(e.calls, want);
}

TEST(ScriptDriver, Wast2jsonTextModulesAreReadByTheTextReader) {
  Fixture fx(R"(
    {"type": "module", "line": 1, "filename": "m.9.wat", "module_type": "text"},
    {"type": "action", "line": 2, "action": {"type": "invoke", "field": "h", "args": []}, "expected": []},
    {"type": "assert_malformed", "line": 3, "filename": "m.8.wat", "text": "unknown operator", "module_type": "text"},
    {"type": "module", "line": 4, "filename": "missing.wasm"},
    {"type": "action", "line": 5, "action": {"type": "invoke", "field": "h", "args": []}, "expected": []})");
  std::ofstream(fx.dir.path() + "/m.9.wat") << "(module (func (export \"h\")))";
  std::ofstream(fx.dir.path() + "/m.8.wat") << "(module (func\n i32.nope))";
  FakeEngine e;
  const std::vector<Record> rs = fx.run(e);
  ASSERT_EQ(rs.size(), 5u);
  // The .wat is encoded next to itself and judged like a binary module.
  EXPECT_EQ(rs[0].verdict, Verdict::pass);
  EXPECT_TRUE(std::filesystem::exists(fx.dir.path() + "/m.9.wat.wasm"));
  EXPECT_EQ(rs[1].verdict, Verdict::pass);
  // Malformed as text: judged by the text reader, never reaching the engine.
  EXPECT_EQ(rs[2].verdict, Verdict::pass);
  EXPECT_EQ(rs[2].actual_outcome, "malformed");
  EXPECT_EQ(rs[2].actual_js_class, "CompileError");
  EXPECT_EQ(rs[2].path, "text");
  EXPECT_EQ(rs[2].text_match, "prefix");
  EXPECT_NE(rs[2].actual_message.find("(quoted text 2:2)"), std::string::npos)
      << rs[2].actual_message;
  EXPECT_EQ(rs[3].verdict, Verdict::error);
  EXPECT_EQ(rs[3].reason, "missing-module-file");
  EXPECT_EQ(rs[4].reason, "blocked-by:3");
  EXPECT_EQ(e.calls, (std::vector<std::string>{"begin core", "compile 0 m.9.wat.wasm",
                                               "instantiate 0 m0", "invoke 1 i100 h []",
                                               "end"}));
}

// A script of the native reader, with commands set up as wast_reader.cc makes them.
Command module_command(size_t index, std::optional<std::string> name, std::string file) {
  Command c;
  c.index = index;
  c.line = index + 1;
  c.kind = CommandKind::module;
  c.type_name = "module";
  c.name = std::move(name);
  c.filename = std::move(file);
  return c;
}

Command invoke_command(size_t index, std::optional<std::string> module, std::string field) {
  Command c;
  c.index = index;
  c.line = index + 1;
  c.kind = CommandKind::action;
  c.type_name = "action";
  Action a;
  a.module = std::move(module);
  a.field = std::move(field);
  a.json = {{"type", "invoke"}, {"field", a.field}, {"args", nlohmann::json::array()}};
  c.action = std::move(a);
  return c;
}

TEST(ScriptDriver, DefinitionsCompileAndInstancesInstantiate) {
  Fixture fx("");
  Script& s = fx.script;
  Command def = module_command(0, "$M", "m.0.wasm");
  def.definition = true;
  s.commands.push_back(def);
  Command i1 = module_command(1, "$I1", "");
  i1.instance = true;
  i1.instance_of = "$M";
  s.commands.push_back(i1);
  Command i2 = module_command(2, "$I2", "");
  i2.instance = true;  // the last definition
  s.commands.push_back(i2);
  s.commands.push_back(invoke_command(3, "$I1", "f"));
  s.commands.push_back(invoke_command(4, std::nullopt, "f"));  // current: $I2
  Command unknown = module_command(5, std::nullopt, "");
  unknown.instance = true;
  unknown.instance_of = "$Nope";
  s.commands.push_back(unknown);
  s.commands.push_back(invoke_command(6, std::nullopt, "f"));
  FakeEngine e;
  const std::vector<Record> rs = fx.run(e);
  ASSERT_EQ(rs.size(), 7u);
  for (size_t i = 0; i < 5; ++i) EXPECT_EQ(rs[i].verdict, Verdict::pass) << i;
  EXPECT_EQ(rs[5].verdict, Verdict::error);
  EXPECT_EQ(rs[5].reason, "unknown-module");
  EXPECT_EQ(rs[6].verdict, Verdict::blocked);  // the failed instance poisoned current
  EXPECT_EQ(rs[6].reason, "blocked-by:5");
  const std::vector<std::string> want = {
      "begin core",         "compile 0 m.0.wasm", "instantiate 1 m0", "instantiate 2 m0",
      "invoke 3 i100 f []", "invoke 4 i100 f []", "end"};
  EXPECT_EQ(e.calls, want);
}

TEST(ScriptDriver, AFailedDefinitionBlocksItsInstances) {
  Fixture fx("");
  Command def = module_command(0, "$M", "m.0.wasm");
  def.definition = true;
  fx.script.commands.push_back(def);
  Command inst = module_command(1, std::nullopt, "");
  inst.instance = true;
  inst.instance_of = "$M";
  fx.script.commands.push_back(inst);
  fx.script.commands.push_back(invoke_command(2, std::nullopt, "f"));
  FakeEngine e;
  Reply bad;
  bad.outcome = "invalid";
  bad.js_class = "CompileError";
  e.compile_replies["m.0.wasm"] = bad;
  const std::vector<Record> rs = fx.run(e);
  ASSERT_EQ(rs.size(), 3u);
  EXPECT_EQ(rs[0].verdict, Verdict::fail);
  EXPECT_EQ(rs[1].verdict, Verdict::blocked);
  EXPECT_EQ(rs[1].reason, "blocked-by:0");
  EXPECT_EQ(rs[2].verdict, Verdict::blocked);
}

TEST(ScriptDriver, QuotedTextErrorsAreMalformedWithoutTheEngine) {
  Fixture fx("");
  Command m = module_command(0, std::nullopt, "");
  m.kind = CommandKind::assert_malformed;
  m.type_name = "assert_malformed";
  m.text = "unexpected token";
  m.text_error = Command::TextError{"unexpected token", 1, 7};
  fx.script.commands.push_back(m);
  Command top = module_command(1, std::nullopt, "");
  top.text_error = Command::TextError{"unknown operator", 2, 3};
  fx.script.commands.push_back(top);
  fx.script.commands.push_back(invoke_command(2, std::nullopt, "f"));
  FakeEngine e;
  const std::vector<Record> rs = fx.run(e);
  ASSERT_EQ(rs.size(), 3u);
  EXPECT_EQ(rs[0].verdict, Verdict::pass);
  EXPECT_EQ(rs[0].actual_outcome, "malformed");
  EXPECT_EQ(rs[0].actual_js_class, "CompileError");
  EXPECT_EQ(rs[0].path, "text");
  EXPECT_EQ(rs[0].actual_message, "unexpected token (quoted text 1:7)");
  EXPECT_EQ(rs[1].verdict, Verdict::fail);  // a module must compile
  EXPECT_EQ(rs[1].actual_outcome, "malformed");
  EXPECT_EQ(rs[2].verdict, Verdict::blocked);
  EXPECT_EQ(e.calls, (std::vector<std::string>{"begin core", "end"}));
}

TEST(ScriptDriver, ErrorCrashTimeoutAndBlockedReplies) {
  Fixture fx(std::string(R"({"type": "module", "line": 1, "filename": "m.0.wasm"},)") + R"(
    {"type": "action", "line": 2, "action": {"type": "invoke", "field": "nope", "args": []}, "expected": []},
    {"type": "action", "line": 3, "action": {"type": "invoke", "field": "dies", "args": []}, "expected": []},
    {"type": "action", "line": 4, "action": {"type": "invoke", "field": "hangs", "args": []}, "expected": []},
    {"type": "action", "line": 5, "action": {"type": "invoke", "field": "gone", "args": []}, "expected": []},
    {"type": "action", "line": 6, "action": {"type": "invoke", "field": "junk", "args": []}, "expected": []})");
  FakeEngine e;
  Reply err;
  err.outcome = "error";
  err.reason = "unknown-export";
  err.message = "no function export \"nope\"";
  e.invoke_replies["nope"] = err;
  Reply crash;
  crash.outcome = "crash";
  crash.message = "the engine exited with status 70";
  e.invoke_replies["dies"] = crash;
  Reply timeout;
  timeout.outcome = "timeout";
  e.invoke_replies["hangs"] = timeout;
  Reply blocked;
  blocked.outcome = "blocked";
  blocked.message = "no more restarts";
  e.invoke_replies["gone"] = blocked;
  Reply junk;
  junk.values = nlohmann::json::array({{{"type", "i32"}, {"value", "nan:canonical"}}});
  e.invoke_replies["junk"] = junk;
  const std::vector<Record> rs = fx.run(e);
  ASSERT_EQ(rs.size(), 6u);
  EXPECT_EQ(rs[1].verdict, Verdict::error);
  EXPECT_EQ(rs[1].reason, "unknown-export");
  EXPECT_EQ(rs[2].verdict, Verdict::fail);
  EXPECT_EQ(rs[2].actual_outcome, "crash");
  EXPECT_EQ(rs[3].actual_outcome, "timeout");
  EXPECT_EQ(rs[3].reason, "outcome-mismatch");
  EXPECT_EQ(rs[4].verdict, Verdict::blocked);
  EXPECT_EQ(rs[4].reason, "blocked-by:3");  // the last command that crashed or timed out
  EXPECT_EQ(rs[5].verdict, Verdict::error);
  EXPECT_EQ(rs[5].reason, "bad-reply");
}

TEST(ScriptDriver, AnEngineThatCannotBeginErrsEveryRunnableCommand) {
  Fixture fx(std::string(R"({"type": "module", "line": 1, "filename": "m.0.wasm"},)") +
             R"({"type": "module", "line": 2, "filename": "m.9.wat", "module_type": "text"})");
  Command quoted;
  quoted.index = 2;
  quoted.kind = CommandKind::assert_malformed;
  quoted.type_name = "assert_malformed";
  quoted.text = "unexpected token";
  quoted.text_error = Command::TextError{"unexpected token", 1, 1};
  fx.script.commands.push_back(quoted);
  FakeEngine e;
  e.begin_reply.outcome = "crash";
  e.begin_reply.message = "no engine";
  const std::vector<Record> rs = fx.run(e);
  ASSERT_EQ(rs.size(), 3u);
  EXPECT_EQ(rs[0].verdict, Verdict::error);
  EXPECT_EQ(rs[0].reason, "engine-error");
  EXPECT_EQ(rs[1].verdict, Verdict::error);  // a text module needs the engine too
  // A text error is the text reader's verdict: no engine needed.
  EXPECT_EQ(rs[2].verdict, Verdict::pass);
  EXPECT_EQ(e.calls, (std::vector<std::string>{"begin core"}));
}

TEST(ScriptDriver, WholeFileRecordsAreTakenAsTheyAreWithTheDriversFileAndProfile) {
  Fixture fx(R"({"type": "module", "line": 1, "filename": "m.0.wasm"})");
  FakeEngine e;
  Record r;
  r.file = "elsewhere.wast";
  r.verdict = Verdict::pass;
  r.coarse = true;
  e.whole = std::vector<Record>{r};
  const std::vector<Record> rs = fx.run(e);
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].file, "m.wast");
  EXPECT_EQ(rs[0].profile, "core");
  EXPECT_TRUE(rs[0].coarse);
  EXPECT_TRUE(e.calls.empty());
}

TEST(DecodeReplyValue, ExactBitsAndReferences) {
  std::string why;
  EXPECT_EQ(decode_reply_value({{"type", "f32"}, {"value", "2143289344"}}, why),
            Value::f32_bits(0x7fc00000u));
  EXPECT_EQ(decode_reply_value({{"type", "funcref"}, {"value", "5"}}, why),
            Value::func(FuncAddr{5}));
  EXPECT_EQ(decode_reply_value({{"type", "externref"}, {"value", "null"}}, why),
            Value::null(ValType::externref));
  const std::optional<Value> v = decode_reply_value(
      {{"type", "v128"}, {"lane_type", "i64"}, {"value", {"1", "2"}}}, why);
  EXPECT_EQ(v, Value::v128(1, 2));
  EXPECT_FALSE(decode_reply_value({{"type", "f64"}, {"value", "nan:arithmetic"}}, why));
  EXPECT_FALSE(decode_reply_value({{"type", "i32"}}, why));
  EXPECT_FALSE(decode_reply_value("x", why));
  // 3.0 references (PROTOCOL.md "Values"): the hierarchy's shorthand and a kind.
  const ValType anyref = ValType::ref(AbsHeap::any, true);
  EXPECT_EQ(decode_reply_value({{"type", "anyref"}, {"value", "7"}, {"kind", "i31"}}, why),
            (Value{anyref, 7, Value::kI31}));
  EXPECT_EQ(decode_reply_value({{"type", "anyref"}, {"value", "3"}, {"kind", "struct"}}, why),
            (Value{anyref, 3, Value::kStruct}));
  EXPECT_EQ(decode_reply_value({{"type", "externref"}, {"value", "4"}, {"kind", "array"}}, why),
            (Value{ValType::externref, 4, Value::kArray}));
  EXPECT_EQ(decode_reply_value({{"type", "anyref"}, {"value", "2"}, {"kind", "host"}}, why),
            (Value{anyref, 2, Value::kAddr}));
  EXPECT_EQ(decode_reply_value({{"type", "anyref"}, {"value", "null"}}, why), Value::null(anyref));
  EXPECT_FALSE(decode_reply_value({{"type", "funcref"}, {"value", "1"}, {"kind", "i31"}}, why));
  EXPECT_FALSE(decode_reply_value({{"type", "anyref"}, {"value", "1"}, {"kind", "blob"}}, why));
  // What encode_value writes reads back as the same value.
  for (const Value& x : {Value{anyref, 7, Value::kI31}, Value{anyref, 3, Value::kStruct},
                         Value::null(ValType::exnref), Value::extern_(ExternAddr{9})}) {
    EXPECT_EQ(decode_reply_value(encode_value(x, LaneType::i32), why), x) << why;
  }
}

}  // namespace
}  // namespace wasmref::harness
