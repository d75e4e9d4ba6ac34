// Harness: `wasmref diff` (harness/diff.h)
#include "harness/diff.h"

#include <algorithm>
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

size_t lines(const std::string& s) { return static_cast<size_t>(std::count(s.begin(), s.end(), '\n')); }

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
    if (fresh) {
      fs::create_directories((dir / "core" / f).parent_path());
      it->second.open(dir / "core" / f);
    }
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
  EXPECT_TRUE(d.only_in_b.empty());  // c.wast is a file only node ran: counted per file
  EXPECT_EQ(d.files_only_in_b, (std::map<std::string, u64>{{"c.wast", 1}}));
  EXPECT_EQ(d.files_compared, 2u);
  EXPECT_TRUE(d.incomplete());
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

TEST_F(Diff, CoarseFromRecordsWhenTheSummaryDoesNotSay) {
  const fs::path dir = fs::path(tmp_.path()) / "x";
  fs::create_directories(dir / "core");
  nlohmann::json r = record("a.wast", 0, "module", "pass", nullptr, nullptr);
  r["coarse"] = true;
  std::ofstream(dir / "core" / "a.jsonl") << dump_json(r) << "\n\n";  // empty lines are fine
  std::ofstream(dir / "summary.json") << R"({"schema": "wasmref-summary/1"})";
  const EngineRecords e = load(dir.string());
  EXPECT_TRUE(e.coarse);
  EXPECT_EQ(e.name, "x");  // no engine name in the summary: the directory's
  EXPECT_EQ(e.records.size(), 1u);
  EXPECT_TRUE(e.warnings.empty());
}

// Issue 9: a damaged record file is one error naming the first bad line and the count, not a
// warning per line.
TEST_F(Diff, CorruptRecordsAreOneError) {
  std::ofstream(fs::path(a_) / "core" / "a.jsonl", std::ios::app)
      << "not json\n{\"file\": \"a.wast\"}\nnot json either\n";
  const EngineRecordsLoad l = load_engine_records(a_);
  EXPECT_FALSE(l.records);
  EXPECT_NE(l.error.find("a.jsonl:6: not a record"), std::string::npos) << l.error;
  EXPECT_NE(l.error.find("and 2 more such lines"), std::string::npos) << l.error;
  EXPECT_NE(l.error.find("corrupt"), std::string::npos) << l.error;
  std::ostringstream out, err;
  EXPECT_EQ(diff_main({a_, b_}, out, err), 2);
  EXPECT_EQ(lines(err.str()), 1u) << err.str();
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
  // Both verdicts, outcome and class of each side, under a group header naming the cause.
  EXPECT_NE(out.find("-- 1 x reference pass, node fail; differs in outcome, js_class\n"
                     "  a.wast:4: assert_uninstantiable  #3\n"
                     "      reference  pass: instantiation_trap RuntimeError \"m\"\n"
                     "      node       fail: link_error LinkError \"m\"\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("by kind:\n  assert_return: 1\n  assert_trap: 1\n"), std::string::npos);
  // c.wast is a file only node ran: one summary line, not compared.
  EXPECT_NE(out.find("1 files only node ran (1 commands, not compared): c.wast\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("7 commands compared, 3 disagree; 0 only in reference, 0 only in node"),
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
  EXPECT_NE(out.find("NEW  a.wast:3: assert_trap  #2"), std::string::npos) << out;

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


// --- Issue 9: by cause -----------------------------------------------------------------------

nlohmann::json f32v(u32 bits) { return {{"type", "f32"}, {"value", std::to_string(bits)}}; }
nlohmann::json f32p(const char* pattern) { return {{"type", "f32"}, {"value", pattern}}; }

// A record with what the command expects and the action it runs.
nlohmann::json full(const std::string& file, size_t index, u64 line, const std::string& kind,
                    const std::string& verdict, const std::string& reason,
                    const nlohmann::json& outcome, const nlohmann::json& js_class,
                    const nlohmann::json& values, const nlohmann::json& expected,
                    const nlohmann::json& action = nullptr) {
  nlohmann::json r = record(file, index, kind, verdict, outcome, js_class, values);
  r["line"] = line;
  r["reason"] = reason;
  r["actual"]["message"] = "";
  r["expected"] = expected;
  r["action"] = action;
  return r;
}

nlohmann::json returns(const nlohmann::json& values) {
  return {{"outcome", "ok"}, {"js_class", nullptr}, {"text", nullptr}, {"values", values}};
}
nlohmann::json invoke(const char* field, const nlohmann::json& args) {
  return {{"op", "invoke"}, {"module", nullptr}, {"field", field}, {"args", args}};
}
nlohmann::json arr(std::initializer_list<nlohmann::json> v) {
  nlohmann::json a = nlohmann::json::array();
  for (const nlohmann::json& x : v) a.push_back(x);
  return a;
}

class DiffByCause : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(tmp_.ok());
    const nlohmann::json add = invoke("add", arr({i32("2"), i32("2")}));
    const nlohmann::json div = invoke("div", arr({i32("1"), i32("0")}));
    const nlohmann::json nan = invoke("nan", arr({}));
    const nlohmann::json trap = {{"outcome", "trap"}, {"js_class", "RuntimeError"},
                                 {"text", "integer divide by zero"}, {"values", nullptr}};
    const nlohmann::json invalid = {{"outcome", "invalid"}, {"js_class", "CompileError"},
                                    {"text", "type mismatch"}, {"values", nullptr}};
    const nlohmann::json either = {{"outcome", "ok"}, {"js_class", nullptr},
                                   {"either", arr({i32("1"), i32("2")})}};
    // clang-format off
    a_ = write_engine(tmp_.path(), "reference", false, {
      full("m.wast", 0, 10, "assert_return", "pass", "", "ok", nullptr, arr({i32("4")}), returns(arr({i32("4")})), add),
      full("m.wast", 1, 11, "assert_trap", "fail", "outcome-mismatch", "ok", nullptr, arr({i32("1")}), trap, div),
      full("m.wast", 2, 12, "assert_return", "pass", "", "ok", nullptr, arr({f32v(0x7fc00000)}), returns(arr({f32p("nan:canonical")})), nan),
      full("m.wast", 3, 13, "assert_return", "pass", "", "ok", nullptr, arr({f32v(0x7fe00000)}), returns(arr({f32p("nan:arithmetic")})), nan),
      full("m.wast", 4, 14, "assert_return", "pass", "", "ok", nullptr, arr({i32("1")}), either, nan),
      full("m.wast", 5, 15, "assert_invalid", "fail", "wrong-phase", "malformed", "CompileError", nullptr, invalid),
      full("m.wast", 6, 16, "assert_return", "skip", "unsupported", nullptr, nullptr, nullptr, returns(arr({i32("0")})), nan),
      full("m.wast", 7, 17, "assert_return", "pass", "", "ok", nullptr, arr({f32v(0x7fc00000)}), returns(arr({f32p("nan:canonical")})), nan),
      full("sub/n.wast", 0, 3, "assert_return", "pass", "", "ok", nullptr, arr({i32("4")}), returns(arr({i32("4")})), add)});
    b_ = write_engine(tmp_.path(), "node", false, {
      full("m.wast", 0, 10, "assert_return", "fail", "value-mismatch", "ok", nullptr, arr({i32("5")}), returns(arr({i32("4")})), add),
      full("m.wast", 1, 11, "assert_trap", "pass", "", "trap", "RuntimeError", nullptr, trap, div),
      full("m.wast", 2, 12, "assert_return", "pass", "", "ok", nullptr, arr({f32v(0xffc00000)}), returns(arr({f32p("nan:canonical")})), nan),
      full("m.wast", 3, 13, "assert_return", "pass", "", "ok", nullptr, arr({f32v(0xffc00000)}), returns(arr({f32p("nan:arithmetic")})), nan),
      full("m.wast", 4, 14, "assert_return", "pass", "", "ok", nullptr, arr({i32("2")}), either, nan),
      full("m.wast", 5, 15, "assert_invalid", "fail", "outcome-mismatch", "ok", nullptr, nullptr, invalid),
      full("m.wast", 6, 16, "assert_return", "pass", "", "ok", nullptr, arr({i32("0")}), returns(arr({i32("0")})), nan),
      full("m.wast", 7, 17, "assert_return", "fail", "value-mismatch", "ok", nullptr, arr({f32v(0x7fa00000)}), returns(arr({f32p("nan:canonical")})), nan),
      full("sub/n.wast", 0, 3, "assert_return", "fail", "value-mismatch", "ok", nullptr, arr({i32("5")}), returns(arr({i32("4")})), add)});
    // clang-format on
  }
  int run(const std::vector<std::string>& extra) {
    std::vector<std::string> args{a_, b_};
    args.insert(args.end(), extra.begin(), extra.end());
    std::ostringstream o, e;
    const int rc = diff_main(args, o, e);
    out_ = o.str();
    err_ = e.str();
    return rc;
  }
  size_t at(const std::string& text) const {
    const size_t p = out_.find(text);
    EXPECT_NE(p, std::string::npos) << "missing: " << text << "\n" << out_;
    return p;
  }
  size_t lines_with(const std::string& prefix) const {
    size_t n = 0;
    std::istringstream in(out_);
    for (std::string l; std::getline(in, l);) n += l.rfind(prefix, 0) == 0;
    return n;
  }
  void absent(const std::string& text) const {
    EXPECT_EQ(out_.find(text), std::string::npos) << "present: " << text << "\n" << out_;
  }
  TempDir tmp_;
  std::string a_, b_, out_, err_;
};

TEST_F(DiffByCause, CategoriesFromVerdicts) {
  const DiffResult d = diff_records(load(a_), load(b_));
  ASSERT_EQ(d.disagreements.size(), 9u);
  auto cat = [&](size_t i) { return d.disagreements[i].category; };
  EXPECT_EQ(cat(0), DiffCategory::a_passes_b_fails);
  EXPECT_EQ(cat(1), DiffCategory::a_fails_b_passes);
  EXPECT_EQ(cat(2), DiffCategory::spec_allowed);
  EXPECT_EQ(d.disagreements[2].allowed, "NaN sign");
  EXPECT_EQ(cat(3), DiffCategory::spec_allowed);
  EXPECT_EQ(d.disagreements[3].allowed, "NaN payload");
  EXPECT_EQ(cat(4), DiffCategory::spec_allowed);
  EXPECT_EQ(d.disagreements[4].allowed, "either alternative");
  EXPECT_EQ(cat(5), DiffCategory::both_fail);
  EXPECT_EQ(cat(6), DiffCategory::other);
  EXPECT_EQ(cat(7), DiffCategory::a_passes_b_fails);  // node's NaN is not canonical
  EXPECT_EQ(d.by_category.at(DiffCategory::spec_allowed), 3u);
  EXPECT_EQ(side_state("xfail"), SideState::fails);
  EXPECT_EQ(side_state("blocked"), SideState::fails);
  EXPECT_EQ(side_state("xpass"), SideState::passes);
  EXPECT_EQ(side_state("skip"), SideState::neither);
}

TEST_F(DiffByCause, SpecAllowedNeedsBothResultsToMatchTheScript) {
  const EngineRecords a = load(a_), b = load(b_);
  const nlohmann::json& ra = a.records.at({"m.wast", 7});
  const nlohmann::json& rb = b.records.at({"m.wast", 7});
  EXPECT_EQ(spec_allowed_cause(ra, rb), "");  // 0x7fa00000 is not nan:canonical
  EXPECT_EQ(spec_allowed_cause(a.records.at({"m.wast", 2}), b.records.at({"m.wast", 2})),
            "NaN sign");
  // An exact expectation never allows a difference, even a NaN's sign.
  nlohmann::json xa = a.records.at({"m.wast", 2}), xb = b.records.at({"m.wast", 2});
  xa["expected"]["values"] = arr({f32v(0x7fc00000)});
  xb["expected"]["values"] = xa["expected"]["values"];
  EXPECT_EQ(spec_allowed_cause(xa, xb), "");
}

TEST_F(DiffByCause, OrderOnePassesFirstSpecAllowedLastAndHidden) {
  EXPECT_EQ(run({}), 1);
  const size_t first = at("== reference passes, node fails: 3 ==\n");
  const size_t second = at("== reference fails, node passes: 1 ==\n");
  const size_t both = at("== both fail, differently: 1 ==\n");
  const size_t other = at("== other differences (a side skipped, or both pass): 1 ==\n");
  EXPECT_LT(first, second);
  EXPECT_LT(second, both);
  EXPECT_LT(both, other);
  absent("== spec-allowed");
  const size_t hidden =
      at("3 spec-allowed differences not shown (NaN payload 1, NaN sign 1, either alternative 1; "
         "--all lists them)\n");
  EXPECT_LT(other, hidden);
  at("9 commands compared in 2 files, 9 disagree: 3 reference passes and node fails, 1 reference "
     "fails and node passes, 1 both fail, 1 other, 3 spec-allowed\n");

  // With --all they are listed, after everything else.
  EXPECT_EQ(run({"--all"}), 1);
  const size_t allowed = at("== spec-allowed differences");
  EXPECT_LT(at("== other differences"), allowed);
  EXPECT_LT(allowed, at("-- 1 x spec-allowed: NaN sign\n"
                        "  m.wast:12: assert_return (invoke \"nan\")  #2\n"
                        "      expected (f32.const nan:canonical)\n"
                        "      reference  pass: (f32.const nan)\n"
                        "      node       pass: (f32.const -nan)\n"));
  at("-- 1 x spec-allowed: NaN payload\n"
     "  m.wast:13: assert_return (invoke \"nan\")  #3\n"
     "      expected (f32.const nan:arithmetic)\n"
     "      reference  pass: (f32.const nan:0x600000)\n");
  at("      expected (either (i32.const 1) (i32.const 2))\n");
}

TEST_F(DiffByCause, EachDisagreementShowsActionExpectedAndBothVerdicts) {
  EXPECT_EQ(run({}), 1);
  at("-- 3 x reference pass, node fail [value-mismatch]; differs in values\n"
     "  m.wast:10: assert_return (invoke \"add\" (i32.const 2) (i32.const 2))  #0\n"
     "      expected (i32.const 4)\n"
     "      reference  pass: (i32.const 4)\n"
     "      node       fail [value-mismatch]: (i32.const 5)\n");
  at("-- 1 x reference fail [outcome-mismatch], node pass; differs in outcome, js_class, values\n"
     "  m.wast:11: assert_trap (invoke \"div\" (i32.const 1) (i32.const 0))  #1\n"
     "      expected trap RuntimeError \"integer divide by zero\"\n"
     "      reference  fail [outcome-mismatch]: (i32.const 1)\n"
     "      node       pass: trap RuntimeError\n");
  at("-- 1 x reference fail [wrong-phase], node fail [outcome-mismatch]; differs in outcome, "
     "js_class\n"
     "  m.wast:15: assert_invalid  #5\n"
     "      expected invalid CompileError \"type mismatch\"\n"
     "      reference  fail [wrong-phase]: malformed CompileError\n"
     "      node       fail [outcome-mismatch]: ok\n");
  at("      reference  skip [unsupported]: (no outcome: verdict only)\n");
  // --quiet: the group headers and counts, no commands.
  EXPECT_EQ(run({"--quiet"}), 1);
  at("-- 3 x reference pass, node fail [value-mismatch]; differs in values\n");
  absent("m.wast:10:");
  // --limit: a group's first N commands and a count of the rest.
  EXPECT_EQ(run({"--limit", "1"}), 1);
  at("  ... 2 more in this group (--limit 0 lists all)\n");
  EXPECT_EQ(run({"--limit", "x"}), 2);
}

TEST_F(DiffByCause, GroupsByBaselineClasses) {
  const std::string base = tmp_.path() + "/baseline.json";
  std::ofstream(base) << R"({"schema": "wasmref-diff-baseline/1", "a": "reference", "b": "node",
      "classes": [
        {"reason": "node adds wrong", "entries": [{"file": "m.wast", "index": 0}]},
        {"reason": "NaN differences", "entries": [
          {"file": "m.wast", "index": 2, "fields": ["values"]},
          {"file": "m.wast", "index": 3, "fields": ["values"]}]},
        {"reason": "listed with other fields", "entries": [
          {"file": "m.wast", "index": 1, "fields": ["outcome"]}]}]})";
  EXPECT_EQ(run({"--baseline", base, "--all"}), 1);
  // In each category, the baseline's reason is the cause; unlisted ones say NEW.
  const size_t fresh =
      at("-- 2 x NEW (not in the baseline): reference pass, node fail [value-mismatch]; differs "
         "in values\n");
  const size_t known = at("-- 1 x node adds wrong\n");
  EXPECT_LT(fresh, known);  // the bigger group first
  EXPECT_LT(known, at("== reference fails, node passes"));
  at("-- 1 x CHANGED (the baseline lists outcome): reference fail [outcome-mismatch], node pass; "
     "differs in outcome, js_class, values\n");
  EXPECT_LT(at("== spec-allowed"), at("-- 2 x NaN differences\n"));
  at("-- 1 x NEW (not in the baseline): spec-allowed: either alternative\n");
  at("baseline " + base + ": 3 known, 5 new, 0 no longer disagree, 1 changed\n");

  const DiffResult d = diff_records(load(a_), load(b_));
  const BaselineLoad bl = load_baseline(base);
  ASSERT_TRUE(bl.baseline);
  const std::vector<DiffGroup> groups = group_by_cause(d, &*bl.baseline, "reference", "node");
  ASSERT_FALSE(groups.empty());
  EXPECT_EQ(groups.front().category, DiffCategory::a_passes_b_fails);
  EXPECT_EQ(groups.back().category, DiffCategory::spec_allowed);
  // Without a baseline: verdict pair, reasons and fields.
  const std::vector<DiffGroup> plain = group_by_cause(d, nullptr, "reference", "node");
  EXPECT_EQ(plain.front().cause,
            "reference pass, node fail [value-mismatch]; differs in values");
  EXPECT_EQ(plain.front().members.size(), 3u);
}

TEST_F(DiffByCause, ReasonsOfBlockedAndXfailAreGroupedTogether) {
  Disagreement g;
  g.category = DiffCategory::a_fails_b_passes;
  g.fields = {"outcome"};
  g.a = {{"verdict", "blocked"}, {"reason", "blocked-by:12"}};
  g.b = {{"verdict", "pass"}, {"reason", ""}};
  EXPECT_EQ(auto_cause(g, "A", "B"), "A blocked [blocked-by], B pass; differs in outcome");
  g.a = {{"verdict", "xfail"}, {"reason", "outcome-mismatch; expected failure: no SIMD"}};
  EXPECT_EQ(auto_cause(g, "A", "B"), "A xfail [outcome-mismatch], B pass; differs in outcome");
}

TEST_F(DiffByCause, Filters) {
  // --file: a prefix or a glob; it narrows what is compared.
  EXPECT_EQ(run({"--file", "sub/"}), 1);
  at("compared only: files sub/\n");
  at("1 commands compared in 1 files, 1 disagree: 1 reference passes and node fails");
  absent("m.wast:");
  EXPECT_EQ(run({"--file", "s*/n.wast"}), 1);
  at("1 commands compared in 1 files");
  EXPECT_EQ(run({"--file", "*.wast"}), 1);
  at("9 commands compared in 2 files");
  EXPECT_EQ(run({"--file", "nothing"}), 0);
  at("0 commands compared in 0 files, 0 disagree");
  // --kind
  EXPECT_EQ(run({"--kind", "assert_trap", "--kind", "assert_invalid"}), 1);
  at("2 commands compared in 1 files, 2 disagree: 0 reference passes and node fails, 1 reference "
     "fails and node passes, 1 both fail");
  // --failing: only where a side fails; the rest is a count.
  EXPECT_EQ(run({"--failing", "--all"}), 1);
  absent("== other differences");
  absent("== spec-allowed");
  at("4 disagreements where no side fails not shown (--failing)\n");
  at("== both fail, differently: 1 ==\n");
  // Files only one side ran: one summary line, and with a baseline the check fails.
  const fs::path extra = fs::path(b_) / "core" / "extra.jsonl";
  std::ofstream(extra) << dump_json(record("extra.wast", 0, "module", "pass", "ok", nullptr))
                       << "\n"
                       << dump_json(record("extra.wast", 1, "module", "pass", "ok", nullptr))
                       << "\n";
  EXPECT_EQ(run({"--file", "sub/"}), 1);
  absent("extra.wast");  // outside the filter
  EXPECT_EQ(run({}), 1);
  at("1 files only node ran (2 commands, not compared): extra.wast\n");
  absent("only in node: extra.wast");
}

TEST_F(DiffByCause, BaselineEntriesOutsideTheFiltersAreNotExpected) {
  const std::string base = tmp_.path() + "/baseline.json";
  std::ofstream(base) << R"({"schema": "wasmref-diff-baseline/1", "classes": [
      {"reason": "known", "entries": [
        {"file": "sub/n.wast", "index": 0, "kind": "assert_return"},
        {"file": "m.wast", "index": 0, "kind": "assert_return"}]}]})";
  EXPECT_EQ(run({"--baseline", base, "--file", "sub/"}), 0) << out_;
  at("1 known, 0 new, 0 no longer disagree, 0 changed");
  EXPECT_EQ(run({"--baseline", base, "--kind", "assert_trap"}), 1);
  at("0 known, 1 new, 0 no longer disagree, 0 changed");
}

// A stale baseline (180 GONE entries against the node report) is capped like a group.
TEST_F(DiffByCause, BaselineListsAreCapped) {
  const std::string base = tmp_.path() + "/baseline.json";
  std::ofstream(base) << R"({"schema": "wasmref-diff-baseline/1", "classes": [
      {"reason": "stale", "entries": [
        {"file": "x.wast", "index": 0}, {"file": "x.wast", "index": 1},
        {"file": "x.wast", "index": 2}]}]})";
  EXPECT_EQ(run({"--baseline", base, "--limit", "2"}), 1);
  at("0 known, 9 new, 3 no longer disagree, 0 changed\n");
  EXPECT_EQ(lines_with("NEW  "), 2u);
  at("... 7 more NEW (--limit 0 or --json lists all)\n");
  EXPECT_EQ(lines_with("GONE  "), 2u);
  at("... 1 more GONE (--limit 0 or --json lists all)\n");
}

TEST_F(DiffByCause, JsonHasCategoriesAndGroups) {
  const std::string json = tmp_.path() + "/diff.json";
  EXPECT_EQ(run({"--json", json}), 1);
  std::ifstream in(json);
  std::stringstream s;
  s << in.rdbuf();
  const JsonParse p = parse_json_tolerant(s.str());
  ASSERT_TRUE(p.value) << p.error;
  const nlohmann::json& j = *p.value;
  EXPECT_EQ(j["by_category"]["spec-allowed"], 3);
  EXPECT_EQ(j["disagreements"][2]["category"], "spec-allowed");
  EXPECT_EQ(j["disagreements"][2]["allowed"], "NaN sign");
  ASSERT_TRUE(j["groups"].is_array());
  EXPECT_EQ(j["groups"][0]["category"], "a-passes-b-fails");
  EXPECT_EQ(j["groups"][0]["count"], 3);
  EXPECT_EQ(j["groups"][0]["disagreements"], arr({0, 7, 8}));
  EXPECT_EQ(j["groups"].back()["category"], "spec-allowed");
}

// Issue 9: `wasmref diff reports reports/node` merged two engines, printed 118,638 warnings
// and exited 0.
TEST_F(DiffByCause, ReportRootIsRefused) {
  std::ostringstream o, e;
  EXPECT_EQ(diff_main({tmp_.path(), b_}, o, e), 2);
  EXPECT_NE(e.str().find(tmp_.path() + " is a report root holding 2 engines, not one engine's "
                                       "report: did you mean " +
                         (fs::path(tmp_.path()) / "node").string() + " or " +
                         (fs::path(tmp_.path()) / "reference").string() + "?"),
            std::string::npos)
      << e.str();
  EXPECT_EQ(lines(e.str()), 1u) << e.str();
  EXPECT_TRUE(o.str().empty());
}

TEST_F(DiffByCause, MissingOrCorruptSummaryIsOneError) {
  const fs::path dir = fs::path(tmp_.path()) / "nosummary";
  fs::create_directories(dir / "core");
  std::ofstream(dir / "core" / "a.jsonl")
      << dump_json(record("a.wast", 0, "module", "pass", "ok", nullptr)) << "\n";
  std::ostringstream o1, e1;
  EXPECT_EQ(diff_main({a_, dir.string()}, o1, e1), 2);
  EXPECT_NE(e1.str().find("no summary.json: not an engine report directory"), std::string::npos)
      << e1.str();
  std::ofstream(dir / "summary.json") << "{\"schema\": ";
  std::ostringstream o2, e2;
  EXPECT_EQ(diff_main({a_, dir.string()}, o2, e2), 2);
  EXPECT_NE(e2.str().find("summary.json: corrupt summary"), std::string::npos) << e2.str();
  EXPECT_EQ(lines(e2.str()), 1u) << e2.str();
  // A summary and no records.
  fs::remove_all(dir / "core");
  std::ofstream(dir / "summary.json") << R"({"schema": "wasmref-summary/1"})";
  std::ostringstream o3, e3;
  EXPECT_EQ(diff_main({a_, dir.string()}, o3, e3), 2);
  EXPECT_NE(e3.str().find("no records"), std::string::npos) << e3.str();
}

TEST_F(DiffByCause, RepeatedWarningsAreCapped) {
  {
    std::ofstream dup(fs::path(b_) / "core" / "dup.jsonl");
    for (int i = 0; i < 25; ++i)
      dup << dump_json(record("m.wast", 0, "assert_return", "pass", "ok", nullptr)) << "\n";
  }
  EXPECT_EQ(run({}), 1);
  EXPECT_EQ(lines(err_), 11u) << err_;
  EXPECT_NE(err_.find("... and 15 more warnings like these in " + b_), std::string::npos) << err_;
}

TEST_F(DiffByCause, HelpListsEveryOptionWithItsDefault) {
  std::ostringstream o, e;
  EXPECT_EQ(diff_main({"--help"}, o, e), 0);
  const std::string h = o.str();
  for (const char* opt : {"--baseline FILE", "--file PATTERN", "--kind KIND", "--failing",
                          "--all", "--limit N", "--json FILE", "--quiet", "-h, --help"})
    EXPECT_NE(h.find("\n  " + std::string(opt)), std::string::npos) << opt << "\n" << h;
  size_t defaults = 0;
  for (size_t p = h.find("default"); p != std::string::npos; p = h.find("default", p + 1))
    ++defaults;
  EXPECT_EQ(defaults, 8u) << h;
  EXPECT_TRUE(e.str().empty());
}

TEST(DiffDefinition, DisagreeingFields) {
  nlohmann::json a = record("a.wast", 0, "assert_return", "pass", "ok", nullptr,
                            arr({funcref("1")}));
  nlohmann::json b = record("a.wast", 0, "assert_return", "fail", "ok", nullptr,
                            arr({funcref("2")}));
  EXPECT_FALSE(disagree(a, b, false));  // function addresses are per engine; verdicts do not count
  EXPECT_TRUE(disagree(a, b, true));    // coarse: verdicts only
  b["coarse"] = true;                   // a coarse record makes the comparison coarse
  EXPECT_EQ(disagreeing_fields(a, b, false), std::vector<std::string>{"verdict"});
  b = record("a.wast", 0, "assert_return", "pass", "trap", "RuntimeError");
  EXPECT_EQ(disagreeing_fields(a, b, false),
            (std::vector<std::string>{"outcome", "js_class", "values"}));
}

}  // namespace
}  // namespace wasmref::harness
