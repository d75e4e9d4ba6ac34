// Harness tests: the embedded profile table and judging helpers
#include "harness/profiles.h"

#include <gtest/gtest.h>

#include "harness/judge.h"

namespace wasmref::harness {
namespace {

ProfileTable embedded() {
  ProfilesLoad l = parse_profiles(embedded_profiles_json(), "embedded");
  EXPECT_TRUE(l.table) << l.error;
  return l.table ? *l.table : ProfileTable{};
}

TEST(Profiles, EmbeddedTableParses) {
  ProfileTable t = embedded();
  const Profile* core = t.by_name("core");
  ASSERT_NE(core, nullptr);
  EXPECT_EQ(core->dir, "");
  EXPECT_TRUE(core->wast2json.empty());
  EXPECT_TRUE(core->features.simd);
  const Profile* threads = t.by_name("proposals/threads");
  ASSERT_NE(threads, nullptr);
  EXPECT_EQ(threads->wast2json, std::vector<std::string>{"--enable-threads"});
  EXPECT_TRUE(threads->features.threads);
  EXPECT_FALSE(threads->features.reference_types);  // "!reference_types"
  EXPECT_NE(std::string(embedded_testsuite_revision()).find("3a04b2cf"), std::string::npos);
  EXPECT_STRNE(project_version(), "");
}

TEST(Profiles, NodeFlagsAndDeadlines) {
  ProfileTable t = embedded();
  EXPECT_TRUE(t.by_name("core")->node_flags.empty());
  EXPECT_EQ(t.by_name("proposals/tail-call")->node_flags,
            std::vector<std::string>{"--experimental-wasm-return-call"});
  EXPECT_EQ(t.by_name("core")->deadline_ms, 0u);
  ProfilesLoad l = parse_profiles(
      R"({"schema": "wasmref-profiles/1", "profiles": [{"name": "a", "dir": "", "node": ["--x"],
          "deadline_ms": 30000, "file_deadline_ms": {"big.wast": 60000}}]})",
      "x");
  ASSERT_TRUE(l.table) << l.error;
  const Profile& a = l.table->profiles[0];
  EXPECT_EQ(a.node_flags, std::vector<std::string>{"--x"});
  EXPECT_EQ(a.deadline_ms, 30000u);
  EXPECT_EQ(a.file_deadline_ms.at("big.wast"), 60000u);
  for (const char* bad : {R"("node": "--x")", R"("node": [1])", R"("deadline_ms": -1)",
                          R"("deadline_ms": "5")", R"("deadline_ms": 99999999999)",
                          R"("file_deadline_ms": [])", R"("file_deadline_ms": {"f": "x"})"}) {
    const std::string text = std::string(R"({"schema": "wasmref-profiles/1", "profiles": [)") +
                             R"({"name": "a", "dir": "", )" + bad + "}]}";
    EXPECT_FALSE(parse_profiles(text, "x").table) << bad;
  }
}

TEST(Profiles, FeatureNamesRoundTrip) {
  const Features def;
  std::string unknown;
  const std::vector<std::string> names = enabled_feature_names(def);
  EXPECT_EQ(names, (std::vector<std::string>{"simd", "reference_types", "bulk_memory",
                                             "multi_value"}));
  std::optional<Features> back = features_from_names(names, unknown);
  ASSERT_TRUE(back);
  EXPECT_EQ(enabled_feature_names(*back), names);
  const ProfileTable table = embedded();
  const Profile* threads = table.by_name("proposals/threads");
  ASSERT_NE(threads, nullptr);
  back = features_from_names(enabled_feature_names(threads->features), unknown);
  ASSERT_TRUE(back);
  EXPECT_TRUE(back->threads);
  EXPECT_FALSE(back->reference_types);
  EXPECT_FALSE(features_from_names({"simd", "warp"}, unknown));
  EXPECT_EQ(unknown, "warp");
  EXPECT_FALSE(features_from_names({"!simd"}, unknown));
}

TEST(Profiles, LongestDirectoryPrefix) {
  ProfileTable t = embedded();
  EXPECT_EQ(t.for_dir("")->name, "core");
  EXPECT_EQ(t.for_dir("proposals/threads")->name, "proposals/threads");
  EXPECT_EQ(t.for_dir("proposals/threads/sub")->name, "proposals/threads");
  EXPECT_EQ(t.for_dir("proposals/threadsX")->name, "core");  // whole components only
  EXPECT_EQ(t.for_dir("proposals")->name, "core");
}

TEST(Profiles, BadTables) {
  EXPECT_FALSE(parse_profiles("{", "x").table);
  EXPECT_FALSE(
      parse_profiles(R"({"schema": "wasmref-profiles/1", "profiles": [{"name": "a"}]})", "x")
          .table);
  ProfilesLoad l = parse_profiles(
      R"({"schema": "wasmref-profiles/1", "profiles": [{"name": "a", "dir": "", "features": ["warp"]}]})",
      "x");
  EXPECT_FALSE(l.table);
  EXPECT_NE(l.error.find("warp"), std::string::npos);
}

TEST(Judge, ExpectedOutcomePerKind) {
  EXPECT_STREQ(expected_outcome(CommandKind::module), "ok");
  EXPECT_STREQ(expected_outcome(CommandKind::register_), "ok");
  EXPECT_STREQ(expected_outcome(CommandKind::action), "ok");
  EXPECT_STREQ(expected_outcome(CommandKind::assert_return), "ok");
  EXPECT_STREQ(expected_outcome(CommandKind::assert_trap), "trap");
  EXPECT_STREQ(expected_outcome(CommandKind::assert_exhaustion), "exhaustion");
  EXPECT_STREQ(expected_outcome(CommandKind::assert_exception), "exception");
  EXPECT_STREQ(expected_outcome(CommandKind::assert_invalid), "invalid");
  EXPECT_STREQ(expected_outcome(CommandKind::assert_malformed), "malformed");
  EXPECT_STREQ(expected_outcome(CommandKind::assert_unlinkable), "link_error");
  EXPECT_STREQ(expected_outcome(CommandKind::assert_uninstantiable), "instantiation_trap");
}

TEST(Judge, OutcomeDecidesTextIsSeparate) {
  Command c;
  c.kind = CommandKind::assert_trap;
  c.type_name = "assert_trap";
  c.text = "integer divide by zero";
  Record r = begin_record(c, "i32.wast", "core");
  EXPECT_EQ(r.expected_js_class, "RuntimeError");
  judge_outcome(r, "trap", "integer overflow", "RuntimeError");
  EXPECT_EQ(r.verdict, Verdict::pass);  // right outcome, wrong text: still a pass
  EXPECT_EQ(r.text_match, "mismatch");
  EXPECT_EQ(r.actual_js_class, "RuntimeError");
  judge_outcome(r, "trap", "integer divide by zero: in f", "RuntimeError");
  EXPECT_EQ(r.text_match, "prefix");
  judge_outcome(r, "exhaustion", "integer divide by zero", "RangeError");
  EXPECT_EQ(r.verdict, Verdict::fail);
  EXPECT_EQ(r.reason, "outcome-mismatch");

  c.kind = CommandKind::assert_invalid;
  Record v = begin_record(c, "x.wast", "core");
  judge_outcome(v, "malformed", "unexpected end", "CompileError");
  EXPECT_EQ(v.verdict, Verdict::fail);
  EXPECT_EQ(v.reason, "wrong-phase");
  judge_outcome(v, "ok", "", std::nullopt);
  EXPECT_EQ(v.text_match, "n/a");
  EXPECT_FALSE(v.actual_js_class);
}

// Issue 9: a module the reference rejects because it does not implement a proposal says so in
// the reason, not as a broken module of the script's.
TEST(Judge, AnUnsupportedProposalIsItsOwnReason) {
  Command c;
  c.kind = CommandKind::module;
  c.type_name = "module";
  Record r = begin_record(c, "atomic.wast", "proposals/threads");
  judge_outcome(r, "malformed", "integer too large: unsupported: threads (limits flag 0x03: a "
                "shared memory)", "CompileError");
  EXPECT_EQ(r.verdict, Verdict::fail);
  EXPECT_EQ(r.reason, "unsupported: threads");
  judge_outcome(r, "malformed", "integer too large", "CompileError");
  EXPECT_EQ(r.reason, "outcome-mismatch");
}

TEST(Judge, ClassMustMatchTheKind) {
  Command c;
  c.kind = CommandKind::assert_trap;
  c.type_name = "assert_trap";
  Record r = begin_record(c, "x.wast", "core");
  // The right outcome under another class (or none) is a fail of its own kind.
  judge_outcome(r, "trap", "unreachable", "TypeError");
  EXPECT_EQ(r.verdict, Verdict::fail);
  EXPECT_EQ(r.reason, "class-mismatch");
  judge_outcome(r, "trap", "unreachable", std::nullopt);
  EXPECT_EQ(r.reason, "class-mismatch");
  judge_outcome(r, "trap", "unreachable", "RuntimeError");
  EXPECT_EQ(r.verdict, Verdict::pass);
  EXPECT_EQ(r.reason, "");

  c.kind = CommandKind::module;
  c.type_name = "module";
  Record m = begin_record(c, "x.wast", "core");
  EXPECT_FALSE(m.expected_js_class);
  judge_outcome(m, "ok", "", "RuntimeError");  // "ok" but something was thrown
  EXPECT_EQ(m.reason, "class-mismatch");
  judge_outcome(m, "ok", "", std::nullopt);
  EXPECT_EQ(m.verdict, Verdict::pass);
}

TEST(Judge, ExpectedClassPerKind) {
  EXPECT_EQ(expected_js_class(CommandKind::module), nullptr);
  EXPECT_EQ(expected_js_class(CommandKind::register_), nullptr);
  EXPECT_EQ(expected_js_class(CommandKind::action), nullptr);
  EXPECT_EQ(expected_js_class(CommandKind::assert_return), nullptr);
  EXPECT_STREQ(expected_js_class(CommandKind::assert_invalid), "CompileError");
  EXPECT_STREQ(expected_js_class(CommandKind::assert_malformed), "CompileError");
  EXPECT_STREQ(expected_js_class(CommandKind::assert_unlinkable), "LinkError");
  EXPECT_STREQ(expected_js_class(CommandKind::assert_uninstantiable), "RuntimeError");
  EXPECT_STREQ(expected_js_class(CommandKind::assert_trap), "RuntimeError");
  EXPECT_STREQ(expected_js_class(CommandKind::assert_exhaustion), "RangeError");
  EXPECT_STREQ(expected_js_class(CommandKind::assert_exception), "Exception");
  EXPECT_STREQ(js_class_of_outcome("malformed"), "CompileError");
  EXPECT_STREQ(js_class_of_outcome("invalid"), "CompileError");
  EXPECT_STREQ(js_class_of_outcome("link_error"), "LinkError");
  EXPECT_STREQ(js_class_of_outcome("trap"), "RuntimeError");
  EXPECT_STREQ(js_class_of_outcome("instantiation_trap"), "RuntimeError");
  EXPECT_STREQ(js_class_of_outcome("exhaustion"), "RangeError");
  EXPECT_STREQ(js_class_of_outcome("exception"), "Exception");
  EXPECT_EQ(js_class_of_outcome("ok"), nullptr);
}

TEST(Judge, AssertReturnValues) {
  Command c;
  c.kind = CommandKind::assert_return;
  c.type_name = "assert_return";
  ValueParse p = parse_wast_value(
      nlohmann::json::parse(R"({"type": "v128", "lane_type": "i64", "value": ["1", "2"]})"), true);
  ASSERT_TRUE(p.value);
  c.alternatives = {{*p.value}};
  Record r = begin_record(c, "x.wast", "core");
  const Value good[] = {Value::v128(1, 2)};
  judge_values(r, c, good);
  EXPECT_EQ(r.verdict, Verdict::pass);
  EXPECT_EQ(r.actual_values[0]["lane_type"], "i64");  // reported in the expectation's shape
  const Value bad[] = {Value::v128(1, 3)};
  judge_values(r, c, bad);
  EXPECT_EQ(r.verdict, Verdict::fail);
  EXPECT_EQ(r.reason, "value-mismatch");
  judge_values(r, c, std::span<const Value>{});
  EXPECT_EQ(r.reason, "count-mismatch");
}

}  // namespace
}  // namespace wasmref::harness
