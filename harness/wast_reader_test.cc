// Harness tests: the .wast script reader (interpreter/README.md "Scripts", core 3.0 §6)
#include "harness/wast_reader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/match.h"

namespace wasmref::harness {
namespace {

Script read_ok(std::string_view src, const WastReadOptions& o = {}) {
  WastReadOptions opts = o;
  if (opts.stem.empty()) opts.stem = "t";
  ScriptLoad l = read_wast(src, "t.wast", opts);
  EXPECT_TRUE(l.script) << l.error;
  return l.script ? *l.script : Script{};
}

std::string read_error(std::string_view src) {
  WastReadOptions opts;
  opts.stem = "t";
  ScriptLoad l = read_wast(src, "dir/t.wast", opts);
  EXPECT_FALSE(l.script);
  return l.error;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const std::string kEmptyModule("\0asm\x01\0\0\0", 8);

TEST(WastReader, ModulesAreNumberedAndWritten) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / "wasmref_wast_reader_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  WastReadOptions o;
  o.module_dir = dir.string();
  o.stem = "m";
  const Script s = read_ok(
      "(module $A)\n"
      "(module binary \"\\00asm\" \"\\01\\00\\00\\00\")\n"
      "(assert_invalid (module (func (result i32))) \"type mismatch\")\n"
      "(module $Q quote \"(module)\")\n",
      o);
  ASSERT_EQ(s.commands.size(), 4u);
  EXPECT_EQ(s.base_dir, dir.string());
  EXPECT_EQ(s.json_path, "t.wast");
  EXPECT_EQ(s.commands[0].filename, "m.0.wasm");
  EXPECT_EQ(s.commands[0].name, "$A");
  EXPECT_EQ(s.commands[1].filename, "m.1.wasm");
  EXPECT_FALSE(s.commands[1].name);
  EXPECT_EQ(s.commands[2].filename, "m.2.wasm");
  EXPECT_EQ(s.commands[2].kind, CommandKind::assert_invalid);
  EXPECT_EQ(s.commands[2].text, "type mismatch");
  EXPECT_EQ(s.commands[3].filename, "m.3.wasm");
  EXPECT_EQ(s.commands[3].name, "$Q");
  EXPECT_EQ(slurp(dir / "m.0.wasm"), kEmptyModule);
  EXPECT_EQ(slurp(dir / "m.1.wasm"), kEmptyModule);
  EXPECT_EQ(slurp(dir / "m.3.wasm"), kEmptyModule);
  // The text module in the assertion is encoded: a type section, a function, a code entry.
  EXPECT_GT(slurp(dir / "m.2.wasm").size(), kEmptyModule.size());
  // The same bytes are kept in memory.
  for (size_t i = 0; i < 4; ++i) {
    ASSERT_TRUE(s.commands[i].module_bytes) << i;
    EXPECT_EQ(*s.commands[i].module_bytes, slurp(dir / s.commands[i].filename)) << i;
  }
  std::filesystem::remove_all(dir);
}

// Without a module_dir nothing is written: the modules are in memory only, under the names
// they would have as files.
TEST(WastReader, WithoutAModuleDirModulesStayInMemory) {
  WastReadOptions o;
  o.stem = "m";
  const Script s = read_ok("(module $A)\n(module quote \"(module)\")\n", o);
  ASSERT_EQ(s.commands.size(), 2u);
  EXPECT_EQ(s.base_dir, "");
  EXPECT_EQ(s.commands[1].filename, "m.1.wasm");
  ASSERT_TRUE(s.commands[0].module_bytes);
  EXPECT_EQ(*s.commands[0].module_bytes, kEmptyModule);
  ASSERT_TRUE(s.commands[1].module_bytes);
  EXPECT_EQ(*s.commands[1].module_bytes, kEmptyModule);
  EXPECT_FALSE(std::filesystem::exists("m.0.wasm"));
}

TEST(WastReader, LinesAreThoseOfTheCommandsParen) {
  const Script s = read_ok(
      ";; comment\n"
      "(module)\n"
      "\n"
      "  (register \"M\")  (register \"N\" $x)\n"
      "(;block\n comment;)(module\n"
      "  (func))\n");
  ASSERT_EQ(s.commands.size(), 4u);
  EXPECT_EQ(s.commands[0].line, 2u);
  EXPECT_EQ(s.commands[1].line, 4u);
  EXPECT_EQ(s.commands[2].line, 4u);
  EXPECT_EQ(s.commands[3].line, 6u);
  EXPECT_EQ(s.commands[1].kind, CommandKind::register_);
  EXPECT_EQ(s.commands[1].as, "M");
  EXPECT_FALSE(s.commands[1].name);
  EXPECT_EQ(s.commands[2].name, "$x");
  for (size_t i = 0; i < s.commands.size(); ++i) EXPECT_EQ(s.commands[i].index, i);
}

TEST(WastReader, ActionsInTheWast2jsonEncoding) {
  const Script s = read_ok(
      "(module $M (func (export \"f\") (param i32 i64 f32 f64)))\n"
      "(invoke $M \"f\" (i32.const -1) (i64.const 0x10) (f32.const -0.0) (f64.const 1))\n"
      "(assert_return (get \"g\") (i32.const 7))\n");
  ASSERT_EQ(s.commands.size(), 3u);
  const Command& inv = s.commands[1];
  EXPECT_EQ(inv.kind, CommandKind::action);
  EXPECT_EQ(inv.type_name, "action");
  ASSERT_TRUE(inv.action);
  EXPECT_EQ(inv.action->json, nlohmann::json::parse(R"({"type": "invoke", "module": "$M",
      "field": "f", "args": [{"type": "i32", "value": "4294967295"},
      {"type": "i64", "value": "16"}, {"type": "f32", "value": "2147483648"},
      {"type": "f64", "value": "4607182418800017408"}]})"));
  ASSERT_EQ(inv.action->args.size(), 4u);
  EXPECT_EQ(inv.action->args[0].bits, 0xffffffffu);
  const Command& get = s.commands[2];
  EXPECT_EQ(get.action->op, Action::Op::get);
  EXPECT_EQ(get.action->json, nlohmann::json::parse(R"({"type": "get", "field": "g"})"));
  EXPECT_EQ(get.expected_json, nlohmann::json::parse(R"([{"type": "i32", "value": "7"}])"));
  ASSERT_EQ(get.alternatives.size(), 1u);
  EXPECT_EQ(get.alternatives[0].size(), 1u);
}

TEST(WastReader, ResultPatternsAndVectors) {
  const Script s = read_ok(
      "(assert_return (invoke \"f\")\n"
      "  (f32.const nan:canonical) (f64.const nan:arithmetic) (f32.const nan:0x200000)\n"
      "  (v128.const i8x16 -1 0 1 2 3 4 5 6 7 8 9 10 11 12 13 255)\n"
      "  (v128.const f32x4 nan:canonical 1.0 -0 nan:arithmetic))\n");
  ASSERT_EQ(s.commands.size(), 1u);
  const auto& alt = s.commands[0].alternatives.at(0);
  ASSERT_EQ(alt.size(), 5u);
  EXPECT_EQ(alt[0].kind, PatKind::nan_canonical);
  EXPECT_EQ(alt[1].kind, PatKind::nan_arithmetic);
  EXPECT_EQ(alt[2].kind, PatKind::bits);
  EXPECT_EQ(alt[2].bits, 0x7fa00000u);
  EXPECT_EQ(alt[3].lane_type, LaneType::i8);
  EXPECT_EQ(alt[3].lanes[0].bits, 255u);
  EXPECT_EQ(alt[4].lanes[0].kind, PatKind::nan_canonical);
  EXPECT_EQ(alt[4].lanes[1].bits, 0x3f800000u);
  EXPECT_EQ(alt[4].lanes[2].bits, 0x80000000u);
  EXPECT_EQ(s.commands[0].expected_json[4], nlohmann::json::parse(
      R"({"type": "v128", "lane_type": "f32",
          "value": ["nan:canonical", "1065353216", "2147483648", "nan:arithmetic"]})"));
  EXPECT_EQ(s.commands[0].expected_json[3]["value"][0], "255");
}

TEST(WastReader, NaNPatternsAreNotArguments) {
  EXPECT_NE(read_error("(invoke \"f\" (f32.const nan:canonical))").find("dir/t.wast:1:"),
            std::string::npos);
  EXPECT_NE(read_error("(invoke \"f\" (ref.func))").find("unknown value"), std::string::npos);
}

TEST(WastReader, ReferenceValuesOf30) {
  const Script s = read_ok(
      "(invoke \"f\" (ref.null func) (ref.null extern) (ref.extern 3))\n"
      "(assert_return (invoke \"g\") (ref.null) (ref.null any) (ref.null nofunc)\n"
      "  (ref.extern) (ref.extern 4) (ref.host 5) (ref.func) (ref.struct) (ref.array)\n"
      "  (ref.i31) (ref.eq) (ref.any) (ref.exn) (ref.null exn))\n"
      "(invoke \"h\" (ref.host 1))\n");
  ASSERT_EQ(s.commands.size(), 3u);
  EXPECT_EQ(s.commands[0].action->json["args"], nlohmann::json::parse(
      R"([{"type": "funcref", "value": "null"}, {"type": "externref", "value": "null"},
          {"type": "externref", "value": "3"}])"));
  EXPECT_TRUE(s.commands[0].problem.empty());
  const nlohmann::json expected = nlohmann::json::parse(R"([
      {"type": "refnull", "value": "null"}, {"type": "anyref", "value": "null"},
      {"type": "nullfuncref", "value": "null"}, {"type": "externref"},
      {"type": "externref", "value": "4"}, {"type": "hostref", "value": "5"},
      {"type": "funcref", "value": "0"}, {"type": "structref"}, {"type": "arrayref"},
      {"type": "i31ref"}, {"type": "eqref"}, {"type": "anyref"}, {"type": "exnref"},
      {"type": "exnref", "value": "null"}])");
  EXPECT_EQ(s.commands[1].expected_json, expected);
  // Every encoded pattern reads back as itself.
  const auto& alt = s.commands[1].alternatives.at(0);
  ASSERT_EQ(alt.size(), expected.size());
  for (size_t i = 0; i < alt.size(); ++i) {
    ValueParse p = parse_wast_value(expected[i], true);
    ASSERT_TRUE(p.value) << p.error;
    EXPECT_EQ(encode_wast_value(*p.value), expected[i]);
    EXPECT_EQ(p.value->kind, alt[i].kind) << i;
    EXPECT_EQ(p.value->type, alt[i].type) << i;
  }
  // A host reference of the any hierarchy is an argument (core 3.0: ref.host N).
  EXPECT_FALSE(s.commands[2].problem_unsupported) << s.commands[2].problem;
}

TEST(WastReader, EitherAsWast2jsonWritesIt) {
  const Script s = read_ok(
      "(assert_return (invoke \"f\") (either (i32.const 1) (i32.const 2)))\n"
      "(assert_return (invoke \"g\") (i32.const 0) (either (i32.const 1) (i32.const 2)))\n");
  const Command& one = s.commands[0];
  EXPECT_TRUE(one.uses_either);
  EXPECT_EQ(one.expected_json, nlohmann::json::parse(
      R"([{"type": "i32", "value": "1"}, {"type": "i32", "value": "2"}])"));
  ASSERT_EQ(one.alternatives.size(), 2u);
  const Command& two = s.commands[1];
  EXPECT_TRUE(two.uses_either);
  EXPECT_EQ(two.expected_json[1]["type"], "either");
  ASSERT_EQ(two.alternatives.size(), 2u);
  EXPECT_EQ(two.alternatives[1][0].bits, 0u);
  EXPECT_EQ(two.alternatives[1][1].bits, 2u);
  // `either` does not nest.
  EXPECT_FALSE(read_error("(assert_return (invoke \"f\") (either (either (i32.const 1))))")
                   .empty());
}

TEST(WastReader, AssertionKinds) {
  const Script s = read_ok(
      "(assert_trap (invoke \"f\") \"unreachable\")\n"
      "(assert_trap (module (func $s unreachable) (start $s)) \"unreachable\")\n"
      "(assert_exhaustion (invoke \"r\") \"call stack exhausted\")\n"
      "(assert_exception (invoke \"t\"))\n"
      "(assert_malformed (module binary \"\\00asm\") \"unexpected end\")\n"
      "(assert_unlinkable (module (import \"x\" \"y\" (func))) \"unknown import\")\n");
  ASSERT_EQ(s.commands.size(), 6u);
  EXPECT_EQ(s.commands[0].kind, CommandKind::assert_trap);
  EXPECT_EQ(s.commands[0].text, "unreachable");
  EXPECT_EQ(s.commands[1].kind, CommandKind::assert_uninstantiable);
  EXPECT_EQ(s.commands[1].type_name, "assert_uninstantiable");
  EXPECT_EQ(s.commands[1].filename, "t.0.wasm");
  EXPECT_EQ(s.commands[2].kind, CommandKind::assert_exhaustion);
  EXPECT_EQ(s.commands[3].kind, CommandKind::assert_exception);
  EXPECT_FALSE(s.commands[3].text);
  EXPECT_EQ(s.commands[4].kind, CommandKind::assert_malformed);
  EXPECT_EQ(s.commands[4].filename, "t.1.wasm");
  EXPECT_EQ(s.commands[5].kind, CommandKind::assert_unlinkable);
  EXPECT_EQ(s.commands[5].text, "unknown import");
}

TEST(WastReader, QuotedModulesOkAndMalformed) {
  const Script s = read_ok(
      "(assert_malformed (module quote \"(func (i32.const 1) (\" \"drop))\") \"x\")\n"
      "(assert_malformed (module quote \"(func)\\n  (func i32.nope)\") \"unknown operator\")\n"
      "(assert_malformed (module quote \"(module quote \\\"\\\")\") \"unexpected token\")\n"
      "(module quote)\n");
  ASSERT_EQ(s.commands.size(), 4u);
  EXPECT_FALSE(s.commands[0].text_error);
  EXPECT_EQ(s.commands[0].filename, "t.0.wasm");
  ASSERT_TRUE(s.commands[1].text_error);
  EXPECT_TRUE(s.commands[1].filename.empty());
  EXPECT_EQ(s.commands[1].text_error->message.rfind("unknown operator", 0), 0u)
      << s.commands[1].text_error->message;
  EXPECT_EQ(s.commands[1].text_error->line, 2u);
  EXPECT_EQ(s.commands[1].text_error->column, 9u);
  EXPECT_FALSE(s.commands[1].text_module);
  // A quoted module inside a quoted module is just a malformed text module.
  ASSERT_TRUE(s.commands[2].text_error);
  // The failed quote keeps its number: the next module is t.3.
  EXPECT_EQ(s.commands[3].filename, "t.3.wasm");
}

TEST(WastReader, DefinitionsAndInstances) {
  const Script s = read_ok(
      "(module definition $M (func (export \"f\")))\n"
      "(module instance $I1 $M)\n"
      "(module instance $I2)\n"
      "(module instance)\n"
      "(module definition binary \"\\00asm\\01\\00\\00\\00\")\n");
  ASSERT_EQ(s.commands.size(), 5u);
  EXPECT_TRUE(s.commands[0].definition);
  EXPECT_EQ(s.commands[0].name, "$M");
  EXPECT_EQ(s.commands[0].filename, "t.0.wasm");
  EXPECT_TRUE(s.commands[1].instance);
  EXPECT_EQ(s.commands[1].name, "$I1");
  EXPECT_EQ(s.commands[1].instance_of, "$M");
  EXPECT_TRUE(s.commands[1].filename.empty());
  EXPECT_EQ(s.commands[2].name, "$I2");
  EXPECT_FALSE(s.commands[2].instance_of);
  EXPECT_FALSE(s.commands[3].name);
  EXPECT_TRUE(s.commands[4].definition);
  EXPECT_EQ(s.commands[4].filename, "t.1.wasm");
  for (const Command& c : s.commands) EXPECT_EQ(c.kind, CommandKind::module);
  EXPECT_FALSE(read_error("(assert_invalid (module instance $I) \"x\")").empty());
}

TEST(WastReader, NotYetRunnableCommandsAreRead) {
  const Script s = read_ok(
      "(module $Mem (memory 1 1))\n"
      "(thread $T1 (shared (module $Mem))\n"
      "  (register \"mem\" $Mem)\n"
      "  (module (func (export \"run\")))\n"
      "  (invoke \"run\"))\n"
      "(wait $T1)\n"
      "(assert_suspension (invoke \"s\") \"suspend\")\n"
      "(input \"x.wast\") (output $M \"y\") (script $S (module))\n"
      "(module)\n");
  ASSERT_EQ(s.commands.size(), 8u);
  EXPECT_EQ(s.commands[1].kind, CommandKind::unsupported);
  EXPECT_EQ(s.commands[1].type_name, "thread");
  EXPECT_TRUE(s.commands[1].problem_unsupported);
  EXPECT_EQ(s.commands[1].problem, "not implemented yet: threads");
  EXPECT_EQ(s.commands[2].type_name, "wait");
  EXPECT_EQ(s.commands[2].line, 6u);
  EXPECT_EQ(s.commands[3].type_name, "assert_suspension");
  EXPECT_EQ(s.commands[4].type_name, "input");
  EXPECT_EQ(s.commands[6].type_name, "script");
  EXPECT_EQ(s.commands[7].kind, CommandKind::module);
  EXPECT_EQ(s.commands[7].line, 9u);
  // Modules inside skipped commands take no number.
  EXPECT_EQ(s.commands[7].filename, "t.1.wasm");
}

TEST(WastReader, ABareFileOfFieldsIsOneModule) {
  const Script s = read_ok("(func) (memory 0) (func (export \"f\"))\n");
  ASSERT_EQ(s.commands.size(), 1u);
  EXPECT_EQ(s.commands[0].kind, CommandKind::module);
  EXPECT_EQ(s.commands[0].filename, "t.0.wasm");
  EXPECT_EQ(s.commands[0].line, 1u);
}

TEST(WastReader, AnnotationsBetweenCommandsAreSkipped) {
  const Script s = read_ok("((@a) module (@a) $m (@a x) (func))\n(@b (c)) (module)");
  ASSERT_EQ(s.commands.size(), 2u);
  EXPECT_EQ(s.commands[0].name, "$m");
}

TEST(WastReader, ReadErrorsNameLineAndColumn) {
  EXPECT_EQ(read_error("(module)\n  (frobnicate)").rfind("dir/t.wast:2:4: unknown command", 0),
            0u);
  EXPECT_EQ(read_error("(module)\n(module (func i32.nope))").rfind("dir/t.wast:2:15:", 0), 0u)
      << read_error("(module)\n(module (func i32.nope))");
  EXPECT_EQ(read_error("(module)\n  (invoke \"f\" (i32.const 0x1_0000_0000))")
                .rfind("dir/t.wast:2:26: constant out of range", 0),
            0u);
  EXPECT_EQ(read_error("module").rfind("dir/t.wast:1:1: unexpected token", 0), 0u);
  EXPECT_NE(read_error("(assert_return (invoke \"f\") (i32.const 1)").find("dir/t.wast:1:"),
            std::string::npos);
  EXPECT_NE(read_error("(register \"unterminated)\n").find("dir/t.wast:1:11:"),
            std::string::npos);
  EXPECT_FALSE(read_error("(assert_trap (invoke \"f\"))").empty());  // text missing
  EXPECT_FALSE(read_error("(thread $t (module)").empty());          // unclosed
  EXPECT_FALSE(read_error(")").empty());
}

TEST(WastReader, HostileNestingIsAnErrorNotAStackOverflow) {
  const std::string parens(200'000, '(');
  EXPECT_NE(read_error(parens).find("dir/t.wast:1:2:"), std::string::npos);
  EXPECT_FALSE(read_error("(invoke \"f\" " + parens).empty());
  EXPECT_FALSE(read_error("(assert_return (invoke \"f\") (either " + parens).empty());
  // Inside a module body the text reader unfolds with a stack of its own.
  std::string deep = "(module (func ";
  for (int i = 0; i < 100'000; ++i) deep += "(block ";
  EXPECT_FALSE(read_error(deep).empty());
  // A thread skipped by counting, however deep.
  EXPECT_FALSE(read_error("(thread $t " + parens).empty());
}

// Peak resident memory in kB (Linux), or 0 when unknown.
long peak_rss_kb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

TEST(WastReader, TenMegabytesOfModulesInBoundedMemory) {
  std::string src;
  const std::string one = "(module (func (export \"f\") (result i32) (i32.const 1)))\n";
  while (src.size() < 10'000'000) src += one;
  const size_t n = src.size() / one.size();
  const long before = peak_rss_kb();
  ScriptLoad l = read_wast(src, "big.wast", WastReadOptions{{}, "", "big"});
  ASSERT_TRUE(l.script) << l.error;
  EXPECT_EQ(l.script->commands.size(), n);
  EXPECT_EQ(l.script->commands.back().filename, "big." + std::to_string(n - 1) + ".wasm");
  EXPECT_EQ(l.script->commands.back().line, n);
  const long after = peak_rss_kb();
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer's allocator adds redzones and keeps freed blocks in quarantine: the bound
  // is checked in the normal build only.
  (void)before;
  (void)after;
#else
  if (before > 0 && after > 0) {
    // The commands (no module bytes kept) are a small multiple of the source.
    EXPECT_LT(static_cast<size_t>(after - before) * 1024, 12 * src.size())
        << "peak grew by " << (after - before) << " kB";
  }
#endif
}

TEST(WastReader, LoadWastReportsAMissingFile) {
  ScriptLoad l = load_wast("/nonexistent/x.wast", WastReadOptions{});
  EXPECT_FALSE(l.script);
  EXPECT_EQ(l.error, "/nonexistent/x.wast: cannot read the file");
}

}  // namespace
}  // namespace wasmref::harness
