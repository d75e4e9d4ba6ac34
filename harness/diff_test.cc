// Harness: `wasmref diff` (harness/diff.h)
#include "harness/diff.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "harness/convert.h"
#include "harness/json_reader.h"

namespace wasmref::harness {
namespace {

namespace fs = std::filesystem;

nlohmann::json record(const std::string& file, size_t index, const std::string& kind,
                      const std::string& verdict, const nlohmann::json& outcome,
                      const nlohmann::json& js_class, const nlohmann::json& values = nullptr) {
  return {{"schema", "wasmref-record/1"},
          {"file", file},
          {"profile", "core"},
          {"index", index},
          {"line", index + 1},
          {"kind", kind},
          {"verdict", verdict},
          {"reason", ""},
          {"actual",
           {{"outcome", outcome}, {"js_class", js_class}, {"message", "m"}, {"values", values}}}};
}

nlohmann::json i32(const char* v) { return {{"type", "i32"}, {"value", v}}; }
nlohmann::json funcref(const char* v) { return {{"type", "funcref"}, {"value", v}}; }

// An engine report directory below `root`: <root>/<name>/core/<file>.jsonl + summary.json.
std::string write_engine(const std::string& root, const std::string& name, bool coarse,
                         const std::vector<nlohmann::json>& records) {
  const fs::path dir = fs::path(root) / name;
  fs::create_directories(dir / "core");
  std::map<std::string, std::ofstream> files;
  for (const nlohmann::json& r : records) {
    std::string f = r["file"].get<std::string>();
    f = f.substr(0, f.size() - 5) + ".jsonl";
    auto [it, fresh] = files.try_emplace(f);
    if (fresh) it->second.open(dir / "core" / f);
    it->second << dump_json(r) << "\n";
  }
  std::ofstream(dir / "summary.json")
      << dump_json({{"schema", "wasmref-summary/1"},
                    {"engine", {{"name", name}, {"version", "9"}, {"coarse", coarse}}}});
  return dir.string();
}

EngineRecords load(const std::string& dir) {
  EngineRecordsLoad l = load_engine_records(dir);
  EXPECT_TRUE(l.records) << l.error;
  return l.records ? *l.records : EngineRecords{};
}

class Diff : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(tmp_.ok());
    a_ = write_engine(
        tmp_.path(), "reference", false,
        {record("a.wast", 0, "module", "pass", "ok", nullptr),
         record("a.wast", 1, "assert_return", "pass", "ok", nullptr,
                nlohmann::json::array({i32("1")})),
         record("a.wast", 2, "assert_trap", "pass", "trap", "RuntimeError"),
         record("a.wast", 3, "assert_uninstantiable", "pass", "instantiation_trap", "RuntimeError"),
         record("a.wast", 4, "assert_return", "pass", "ok", nullptr,
                nlohmann::json::array({funcref("7")})),
         record("b.wast", 0, "assert_return", "fail", "ok", nullptr,
                nlohmann::json::array({i32("3")})),
         record("b.wast", 1, "assert_malformed", "skip", "none", nullptr)});
    b_ = write_engine(
        tmp_.path(), "node", false,
        {record("a.wast", 0, "module", "pass", "ok", nullptr),
         record("a.wast", 1, "assert_return", "fail", "ok", nullptr,
                nlohmann::json::array({i32("2")})),
         record("a.wast", 2, "assert_trap", "fail", "trap", "TypeError"),
         record("a.wast", 3, "assert_uninstantiable", "fail", "link_error", "LinkError"),
         record("a.wast", 4, "assert_return", "pass", "ok", nullptr,
                nlohmann::json::array({funcref("123")})),
         record("b.wast", 0, "assert_return", "fail", "ok", nullptr,
                nlohmann::json::array({i32("3")})),
         record("b.wast", 1, "assert_malformed", "skip", "none", nullptr),
         record("c.wast", 0, "module", "pass", "ok", nullptr)});
  }
  TempDir tmp_;
  std::string a_, b_;
};

TEST_F(Diff, ListsOutcomeClassAndValueDifferencesIndependentOfVerdicts) {
  const EngineRecords a = load(a_), b = load(b_);
  EXPECT_EQ(a.name, "reference");
  EXPECT_EQ(b.version, "9");
  EXPECT_FALSE(a.coarse);
  const DiffResult d = diff_records(a, b);
  EXPECT_FALSE(d.coarse);
  EXPECT_EQ(d.compared, 7u);
  ASSERT_EQ(d.disagreements.size(), 3u);
  EXPECT_EQ(d.disagreements[0].index, 1u);
  EXPECT_EQ(d.disagreements[0].fields, std::vector<std::string>{"values"});
  EXPECT_EQ(d.disagreements[1].fields, std::vector<std::string>{"js_class"});
  EXPECT_EQ(d.disagreements[2].fields, (std::vector<std::string>{"outcome", "js_class"}));
  EXPECT_EQ(d.disagreements[2].kind, "assert_uninstantiable");
  EXPECT_EQ(d.disagreements[2].a["outcome"], "instantiation_trap");
  EXPECT_EQ(d.disagreements[2].b["js_class"], "LinkError");
  EXPECT_EQ(d.by_file.at("a.wast"), 3u);
  EXPECT_EQ(d.by_kind.at("assert_return"), 1u);
  EXPECT_EQ(d.by_field.at("js_class"), 2u);
  EXPECT_TRUE(d.only_in_a.empty());
  ASSERT_EQ(d.only_in_b.size(), 1u);
  EXPECT_EQ(d.only_in_b[0], (CommandKey{"c.wast", 0}));
}

TEST_F(Diff, NullAndNonNullFuncrefDisagree) {
  EngineRecords a = load(a_), b = load(b_);
  b.records[{"a.wast", 4}]["actual"]["values"] = nlohmann::json::array({funcref("null")});
  const DiffResult d = diff_records(a, b);
  ASSERT_EQ(d.disagreements.size(), 4u);
  EXPECT_EQ(d.disagreements[3].index, 4u);
  EXPECT_EQ(d.disagreements[3].fields, std::vector<std::string>{"values"});
}

TEST_F(Diff, CoarseEngineComparesVerdictsOnly) {
  const std::string w =
      write_engine(tmp_.path(), "wabt", true,
                   {record("a.wast", 0, "module", "pass", nullptr, nullptr),
                    record("a.wast", 1, "assert_return", "pass", nullptr, nullptr),
                    record("a.wast", 2, "assert_trap", "xfail", nullptr, nullptr),
                    record("a.wast", 3, "assert_uninstantiable", "pass", nullptr, nullptr),
                    record("a.wast", 4, "assert_return", "pass", nullptr, nullptr),
                    record("b.wast", 0, "assert_return", "fail", nullptr, nullptr),
                    record("b.wast", 1, "assert_malformed", "pass", nullptr, nullptr)});
  const DiffResult d = diff_records(load(a_), load(w));
  EXPECT_TRUE(d.coarse);
  ASSERT_EQ(d.disagreements.size(), 2u);
  EXPECT_EQ(d.disagreements[0].index, 2u);  // pass vs xfail
  EXPECT_EQ(d.disagreements[0].fields, std::vector<std::string>{"verdict"});
  EXPECT_EQ(d.disagreements[1].file, "b.wast");  // skip vs pass
  EXPECT_EQ(d.disagreements[1].index, 1u);
  EXPECT_EQ(verdict_class("xpass"), "pass");
  EXPECT_EQ(verdict_class("blocked"), "blocked");
}

TEST_F(Diff, CoarseFromRecordsWithoutSummary) {
  const fs::path dir = fs::path(tmp_.path()) / "x";
  fs::create_directories(dir / "core");
  nlohmann::json r = record("a.wast", 0, "module", "pass", nullptr, nullptr);
  r["coarse"] = true;
  std::ofstream(dir / "core" / "a.jsonl") << dump_json(r) << "\n\nnot json\n";
  const EngineRecords e = load(dir.string());
  EXPECT_TRUE(e.coarse);
  EXPECT_EQ(e.name, "x");
  EXPECT_EQ(e.records.size(), 1u);
  EXPECT_EQ(e.warnings.size(), 1u);  // the bad line, not the empty one
}

TEST(DiffLoad, MissingDirectoryIsAnError) {
  EngineRecordsLoad l = load_engine_records("/nonexistent/wasmref/report");
  EXPECT_FALSE(l.records);
  EXPECT_NE(l.error.find("not a report directory"), std::string::npos);
}

// --- Baselines -------------------------------------------------------------------------------

TEST(DiffBaseline, ParseErrors) {
  EXPECT_FALSE(parse_baseline("{", "b").baseline);
  EXPECT_NE(parse_baseline(R"({"schema": "x", "classes": []})", "b").error.find("schema"),
            std::string::npos);
  EXPECT_NE(parse_baseline(R"({"schema": "wasmref-diff-baseline/1", "classes": [
              {"entries": [{"file": "a.wast", "index": 1}]}]})",
                           "b")
                .error.find("no reason"),
            std::string::npos);
  EXPECT_NE(parse_baseline(R"({"schema": "wasmref-diff-baseline/1", "classes": [
              {"reason": "r", "entries": [{"file": "a.wast", "index": 1},
                                          {"file": "a.wast", "index": 1}]}]})",
                           "b")
                .error.find("listed twice"),
            std::string::npos);
  EXPECT_NE(parse_baseline(R"({"schema": "wasmref-diff-baseline/1", "classes": [
              {"reason": "r", "entries": [{"file": "a.wast", "index": -1}]}]})",
                           "b")
                .error.find("index"),
            std::string::npos);
  EXPECT_NE(parse_baseline(R"({"schema": "wasmref-diff-baseline/1", "classes": [
              {"reason": "r", "entries": [{"file": "a.wast", "index": 1, "fields": [1]}]}]})",
                           "b")
                .error.find("fields"),
            std::string::npos);
  const BaselineLoad ok = parse_baseline(R"({"schema": "wasmref-diff-baseline/1",
      "a": "reference", "b": "node", "classes": [
        {"reason": "class reason", "entries": [
          {"file": "a.wast", "index": 1, "kind": "assert_return", "fields": ["values"]},
          {"file": "a.wast", "index": 2, "reason": "own reason"}]}]})",
                                         "b");
  ASSERT_TRUE(ok.baseline) << ok.error;
  EXPECT_EQ(ok.baseline->b, "node");
  EXPECT_EQ(ok.baseline->entries.at({"a.wast", 1}).reason, "class reason");
  EXPECT_EQ(ok.baseline->entries.at({"a.wast", 2}).reason, "own reason");
  EXPECT_FALSE(ok.baseline->entries.at({"a.wast", 2}).fields);
}

TEST_F(Diff, BaselineNewGoneChangedAndKnown) {
  const DiffResult d = diff_records(load(a_), load(b_));
  const BaselineLoad b = parse_baseline(R"({"schema": "wasmref-diff-baseline/1", "classes": [
      {"reason": "r", "entries": [
        {"file": "a.wast", "index": 1, "fields": ["values"]},
        {"file": "a.wast", "index": 2, "fields": ["outcome"]},
        {"file": "b.wast", "index": 0}]}]})",
                                        "b");
  ASSERT_TRUE(b.baseline) << b.error;
  const BaselineCheck c = check_baseline(d, *b.baseline);
  EXPECT_FALSE(c.ok());
  EXPECT_EQ(c.known, 1u);           // a.wast #1
  ASSERT_EQ(c.changed.size(), 1u);  // a.wast #2: js_class, listed as outcome
  EXPECT_EQ(c.changed[0].first->index, 2u);
  ASSERT_EQ(c.fresh.size(), 1u);  // a.wast #3
  EXPECT_EQ(c.fresh[0]->index, 3u);
  ASSERT_EQ(c.gone.size(), 1u);  // b.wast #0 agrees
  EXPECT_EQ(c.gone[0]->file, "b.wast");
}

// --- The command -----------------------------------------------------------------------------

int run(const std::vector<std::string>& args, std::string& out, std::string& err) {
  std::ostringstream o, e;
  const int rc = diff_main(args, o, e);
  out = o.str();
  err = e.str();
  return rc;
}

TEST_F(Diff, CommandTextJsonAndExitCodes) {
  std::string out, err;
  const std::string json = tmp_.path() + "/diff.json";
  EXPECT_EQ(run({a_, b_, "--json", json}, out, err), 1) << err;
  EXPECT_NE(out.find("a.wast #3 line 4 assert_uninstantiable: outcome reference=instantiation_trap "
                     "node=link_error; js_class reference=RuntimeError node=LinkError"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("by kind:\n  assert_return: 1\n  assert_trap: 1\n"), std::string::npos);
  EXPECT_NE(out.find("only in node: c.wast #0"), std::string::npos);
  EXPECT_NE(out.find("7 commands compared, 3 disagree; 0 only in reference, 1 only in node"),
            std::string::npos);
  std::ifstream in(json);
  std::stringstream s;
  s << in.rdbuf();
  const JsonParse p = parse_json_tolerant(s.str());
  ASSERT_TRUE(p.value) << p.error;
  EXPECT_EQ((*p.value)["schema"], "wasmref-diff/1");
  EXPECT_EQ((*p.value)["disagreeing"], 3);
  EXPECT_EQ((*p.value)["b"]["name"], "node");
  EXPECT_EQ((*p.value)["by_field"]["values"], 1);
  EXPECT_EQ((*p.value)["disagreements"][2]["a"]["outcome"], "instantiation_trap");

  // The same directory twice agrees with itself: exit 0, engines called A and B.
  EXPECT_EQ(run({a_, a_}, out, err), 0) << out << err;
  EXPECT_NE(out.find("7 commands compared, 0 disagree"), std::string::npos);

  EXPECT_EQ(run({a_}, out, err), 2);
  EXPECT_EQ(run({a_, b_, "--bogus"}, out, err), 2);
  EXPECT_EQ(run({a_, tmp_.path() + "/missing"}, out, err), 2);
}

TEST_F(Diff, CommandWithBaseline) {
  fs::remove_all(fs::path(b_) / "core" / "c.jsonl");  // both sides cover the same commands
  const std::string base = tmp_.path() + "/baseline.json";
  std::ofstream(base) << R"({"schema": "wasmref-diff-baseline/1", "a": "reference", "b": "node",
      "classes": [{"reason": "known", "entries": [
        {"file": "a.wast", "index": 1, "fields": ["values"]},
        {"file": "a.wast", "index": 2, "fields": ["js_class"]},
        {"file": "a.wast", "index": 3, "fields": ["outcome", "js_class"]}]}]})";
  std::string out, err;
  EXPECT_EQ(run({a_, b_, "--baseline", base, "--quiet"}, out, err), 0) << out << err;
  EXPECT_NE(out.find("3 known, 0 new, 0 no longer disagree, 0 changed"), std::string::npos);

  // A baseline entry that no longer disagrees fails.
  std::ofstream(base) << R"({"schema": "wasmref-diff-baseline/1", "classes": [
      {"reason": "known", "entries": [
        {"file": "a.wast", "index": 1}, {"file": "a.wast", "index": 2},
        {"file": "a.wast", "index": 3}, {"file": "a.wast", "index": 0}]}]})";
  EXPECT_EQ(run({a_, b_, "--baseline", base}, out, err), 1);
  EXPECT_NE(out.find("GONE  a.wast #0"), std::string::npos) << out;

  // A new disagreement fails.
  std::ofstream(base) << R"({"schema": "wasmref-diff-baseline/1", "classes": [
      {"reason": "known", "entries": [{"file": "a.wast", "index": 1}]}]})";
  EXPECT_EQ(run({a_, b_, "--baseline", base}, out, err), 1);
  EXPECT_NE(out.find("NEW  a.wast #2"), std::string::npos) << out;

  // The baseline of another pair of engines is a usage error.
  std::ofstream(base) << R"({"schema": "wasmref-diff-baseline/1", "a": "reference",
      "b": "wabt", "classes": []})";
  EXPECT_EQ(run({a_, b_, "--baseline", base}, out, err), 2);
  EXPECT_NE(err.find("not of reference vs node"), std::string::npos);
}

TEST_F(Diff, BaselineFailsWhenOneSideIsIncomplete) {
  const std::string base = tmp_.path() + "/baseline.json";
  std::ofstream(base) << R"({"schema": "wasmref-diff-baseline/1", "classes": [
      {"reason": "known", "entries": [
        {"file": "a.wast", "index": 1}, {"file": "a.wast", "index": 2},
        {"file": "a.wast", "index": 3}]}]})";
  std::string out, err;
  EXPECT_EQ(run({a_, b_, "--baseline", base}, out, err), 1);  // c.wast only in node
  EXPECT_NE(out.find("INCOMPLETE: 1 commands"), std::string::npos) << out;
}

}  // namespace
}  // namespace wasmref::harness
