// Harness tests: reading wast2json scripts (notes-harness §1.2-§1.7, §1.11)
#include "harness/convert.h"
#include "harness/profiles.h"
#include "harness/script.h"

#include <gtest/gtest.h>

namespace wasmref::harness {
namespace {

Script parse(const std::string& commands) {
  ScriptLoad l = parse_script("{\"source_filename\": \"x.wast\", \"commands\": [" + commands + "]}",
                              "/some/dir/x.json");
  EXPECT_TRUE(l.script) << l.error;
  return l.script ? *l.script : Script{};
}

TEST(ScriptReader, ElevenKindsAndIndices) {
  Script s = parse(R"(
    {"type": "module", "line": 1, "name": "$M1", "filename": "x.0.wasm"},
    {"type": "register", "line": 2, "as": "m"},
    {"type": "register", "line": 3, "name": "$M1", "as": "m2"},
    {"type": "action", "line": 4, "action": {"type": "invoke", "field": "f", "args": []}, "expected": []},
    {"type": "assert_return", "line": 5, "action": {"type": "get", "module": "$M1", "field": "g"}, "expected": [{"type": "i32", "value": "1"}]},
    {"type": "assert_trap", "line": 6, "action": {"type": "invoke", "field": "f", "args": []}, "text": "unreachable", "expected": []},
    {"type": "assert_exhaustion", "line": 7, "action": {"type": "invoke", "field": "f", "args": []}, "text": "call stack exhausted", "expected": []},
    {"type": "assert_exception", "line": 8, "action": {"type": "invoke", "field": "f", "args": []}, "expected": []},
    {"type": "assert_invalid", "line": 9, "filename": "x.1.wasm", "text": "type mismatch", "module_type": "binary"},
    {"type": "assert_malformed", "line": 10, "filename": "x.2.wat", "text": "unexpected token", "module_type": "text"},
    {"type": "assert_unlinkable", "line": 11, "filename": "x.3.wasm", "text": "unknown import", "module_type": "binary"},
    {"type": "assert_uninstantiable", "line": 12, "filename": "x.4.wasm", "text": "unreachable", "module_type": "binary"}
  )");
  ASSERT_EQ(s.commands.size(), 12u);
  EXPECT_EQ(s.base_dir, "/some/dir");
  const CommandKind kinds[] = {CommandKind::module,
                               CommandKind::register_,
                               CommandKind::register_,
                               CommandKind::action,
                               CommandKind::assert_return,
                               CommandKind::assert_trap,
                               CommandKind::assert_exhaustion,
                               CommandKind::assert_exception,
                               CommandKind::assert_invalid,
                               CommandKind::assert_malformed,
                               CommandKind::assert_unlinkable,
                               CommandKind::assert_uninstantiable};
  for (size_t i = 0; i < 12; ++i) {
    EXPECT_EQ(s.commands[i].kind, kinds[i]) << i;
    EXPECT_EQ(s.commands[i].index, i);
    EXPECT_EQ(s.commands[i].line, i + 1);
    EXPECT_TRUE(s.commands[i].problem.empty()) << i << ": " << s.commands[i].problem;
  }
  EXPECT_EQ(*s.commands[0].name, "$M1");  // ids keep their `$`
  EXPECT_FALSE(s.commands[1].name);
  EXPECT_EQ(s.commands[1].as, "m");
  EXPECT_EQ(*s.commands[2].name, "$M1");
  EXPECT_EQ(s.commands[4].action->op, Action::Op::get);
  EXPECT_EQ(*s.commands[4].action->module, "$M1");
  EXPECT_EQ(*s.commands[5].text, "unreachable");
  EXPECT_FALSE(s.commands[7].text);
  EXPECT_FALSE(s.commands[8].text_module);
  EXPECT_TRUE(s.commands[9].text_module);
  EXPECT_EQ(s.commands[9].filename, "x.2.wat");
}

TEST(ScriptReader, CommaBugInTypeOnlyExpected) {
  ScriptLoad l = parse_script(R"({"source_filename": "x.wast", "commands": [
    {"type": "assert_trap", "line": 3, "action": {"type": "invoke", "field": "f", "args": []},
     "text": "unreachable", "expected": [{"type": "i32"}{"type": "f64"}]}]})",
                              "x.json");
  ASSERT_TRUE(l.script) << l.error;
  EXPECT_EQ(l.script->commands[0].kind, CommandKind::assert_trap);
  EXPECT_TRUE(l.script->commands[0].problem.empty());
}

TEST(ScriptReader, EitherAlternativesWithDifferentShapes) {
  Script s = parse(R"({"type": "assert_return", "line": 7,
     "action": {"type": "invoke", "field": "f", "args": []},
     "either": [{"type": "v128", "lane_type": "f32", "value": ["nan:canonical", "0", "0", "0"]},
                {"type": "v128", "lane_type": "i64", "value": ["1", "2"]}]})");
  const Command& c = s.commands[0];
  ASSERT_TRUE(c.problem.empty()) << c.problem;
  EXPECT_TRUE(c.uses_either);
  ASSERT_EQ(c.alternatives.size(), 2u);
  EXPECT_EQ(c.alternatives[0].size(), 1u);
  EXPECT_EQ(c.alternatives[0][0].lane_type, LaneType::f32);
  EXPECT_EQ(c.alternatives[0][0].lanes[0].kind, PatKind::nan_canonical);
  EXPECT_EQ(c.alternatives[1][0].lane_type, LaneType::i64);
  EXPECT_EQ(c.alternatives[1][0].lanes[1].bits, 2u);
}

TEST(ScriptReader, NestedEitherOfNewerGeneratorsIsExpandedPerPosition) {
  Script s = parse(R"({"type": "assert_return", "line": 7,
     "action": {"type": "invoke", "field": "f", "args": []},
     "expected": [{"type": "i32", "value": "1"},
                  {"type": "either", "values": [{"type": "i32", "value": "2"}, {"type": "i32", "value": "3"}]}]})");
  const Command& c = s.commands[0];
  ASSERT_TRUE(c.problem.empty()) << c.problem;
  ASSERT_EQ(c.alternatives.size(), 2u);
  EXPECT_EQ(c.alternatives[0][0].bits, 1u);
  EXPECT_EQ(c.alternatives[0][1].bits, 2u);
  EXPECT_EQ(c.alternatives[1][1].bits, 3u);
}

TEST(ScriptReader, NamesAreByteStrings) {
  Script s = parse(
      "{\"type\": \"assert_return\", \"line\": 1, \"action\": {\"type\": \"invoke\", "
      "\"field\": \"a\\u0000b\xe2\x82\xac\", \"args\": []}, \"expected\": []}");
  EXPECT_EQ(s.commands[0].action->field, std::string("a\0b\xe2\x82\xac", 6));
}

TEST(ScriptReader, SignedAndUnsignedIntegers) {
  Script s = parse(R"({"type": "action", "line": 1, "action": {"type": "invoke", "field": "f",
     "args": [{"type": "i32", "value": "4294967295"}, {"type": "i32", "value": "-1"},
              {"type": "i64", "value": "-9223372036854775808"},
              {"type": "v128", "lane_type": "i8", "value": ["-1","255","0","1","2","3","4","5","6","7","8","9","10","11","12","-128"]}]}})");
  const Action& a = *s.commands[0].action;
  ASSERT_EQ(a.args.size(), 4u);
  EXPECT_EQ(a.args[0].bits, 0xffffffffu);
  EXPECT_EQ(a.args[1].bits, 0xffffffffu);
  EXPECT_EQ(a.args[2].bits, 0x8000000000000000ull);
  EXPECT_EQ(a.args[3].lanes[0].bits, 0xffu);
  EXPECT_EQ(a.args[3].lanes[15].bits, 0x80u);
}

TEST(ScriptReader, UnknownKindsAndFieldsAreTolerated) {
  Script s = parse(R"(
    {"type": "thread", "line": 1, "name": "T", "commands": []},
    {"type": "module", "line": 2, "filename": "x.0.wasm", "some_new_field": 3},
    {"type": "assert_return", "line": 3, "action": {"type": "invoke", "field": "f", "args": []},
     "expected": [{"type": "contref"}]},
    {"type": "assert_return", "line": 4, "action": {"type": "invoke", "field": "f", "args": []},
     "expected": [{"type": "i32", "value": "x"}]},
    {"type": "assert_return", "line": 5, "action": {"type": "invoke", "field": "f",
     "args": [{"type": "f32", "value": "nan:canonical"}]}, "expected": []},
    {"type": "assert_trap", "line": 6}
  )");
  ASSERT_EQ(s.commands.size(), 6u);
  // An unknown command type is an error (it may be an assertion), not a skip (issue 9).
  EXPECT_EQ(s.commands[0].kind, CommandKind::unsupported);
  EXPECT_FALSE(s.commands[0].problem_unsupported);
  EXPECT_EQ(s.commands[0].problem_reason, "unknown-command");
  EXPECT_EQ(s.commands[0].problem, "unknown command type \"thread\"");
  EXPECT_EQ(s.commands[0].type_name, "thread");
  EXPECT_TRUE(s.commands[1].problem.empty());
  EXPECT_TRUE(s.commands[2].problem_unsupported);
  EXPECT_FALSE(s.commands[3].problem.empty());
  EXPECT_FALSE(s.commands[3].problem_unsupported);
  EXPECT_FALSE(s.commands[4].problem.empty());  // NaN patterns are not arguments
  EXPECT_FALSE(s.commands[5].problem.empty());  // no action
}

TEST(ScriptReader, ModuleFilesOutsideTheScriptsDirectoryAreRefused) {
  // Issue 9: a script names files beside it; an absolute name or one that climbs out with
  // `..` (after normalising) is refused, reason bad-module-path.
  Script s = parse(R"(
    {"type": "module", "line": 1, "filename": "/etc/passwd"},
    {"type": "module", "line": 2, "filename": "../x.0.wasm"},
    {"type": "assert_invalid", "line": 3, "filename": "a/../../x.1.wasm", "text": "t"},
    {"type": "module", "line": 4, "filename": "sub/../x.2.wasm"},
    {"type": "assert_malformed", "line": 5, "filename": "x.3.wat", "module_type": "text",
     "text": "t"},
    {"type": "module", "line": 6, "filename": "./x.4.wasm"}
  )");
  ASSERT_EQ(s.commands.size(), 6u);
  for (size_t i : {0u, 1u, 2u}) {
    EXPECT_EQ(s.commands[i].problem_reason, "bad-module-path") << i;
    EXPECT_FALSE(s.commands[i].problem_unsupported) << i;
    EXPECT_NE(s.commands[i].problem.find("outside the script's directory"), std::string::npos);
  }
  for (size_t i : {3u, 4u, 5u}) {
    EXPECT_TRUE(s.commands[i].problem.empty()) << i << ": " << s.commands[i].problem;
    EXPECT_TRUE(s.commands[i].problem_reason.empty()) << i;
  }
}

TEST(ScriptReader, CorruptJsonIsAnError) {
  EXPECT_FALSE(parse_script("{\"commands\": [", "x.json").script);
  EXPECT_FALSE(parse_script("{\"source_filename\": \"x\"}", "x.json").script);
  EXPECT_FALSE(parse_script("[]", "x.json").script);
  ScriptLoad l = parse_script("{\"commands\": [{]}", "bad.json");
  EXPECT_FALSE(l.script);
  EXPECT_EQ(l.error.rfind("bad.json: ", 0), 0u);
  EXPECT_EQ(l.error.find('\n'), std::string::npos);  // one line
  EXPECT_FALSE(load_script("/nonexistent/dir/x.json").script);
}

TEST(ScriptReader, RealConvertedFileReads) {
  // A real conversion of the pinned suite's names.wast (its NUL and non-ASCII names) by
  // wast2json: every command reads without a problem.
  const std::optional<std::string> tool = find_executable(default_wast2json());
  if (!tool) GTEST_SKIP() << "wast2json not installed";
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  Conversion c = convert_wast(*tool, {}, std::string(default_suite_root()) + "/names.wast",
                              dir.path());
  ASSERT_EQ(c.status, Conversion::Status::ok) << c.stderr_head;
  ScriptLoad l = load_script(c.json_path);
  ASSERT_TRUE(l.script) << l.error;
  EXPECT_GT(l.script->commands.size(), 400u);
  for (const Command& c : l.script->commands)
    EXPECT_TRUE(c.problem.empty()) << c.index << ": " << c.problem;
}

}  // namespace
}  // namespace wasmref::harness
