// Harness: conformance reports people read, Markdown and HTML (harness/report.h)
#include "harness/report.h"

#include "harness/diff.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <unistd.h>

namespace wasmref::harness {
namespace {
namespace fs = std::filesystem;

class TempReportDir {
 public:
  TempReportDir() {
    std::string tmpl = (fs::temp_directory_path() / "wasmref-report-test-XXXXXX").string();
    if (::mkdtemp(tmpl.data())) path_ = tmpl;
  }
  ~TempReportDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }
  void write(const std::string& rel, const std::string& text) const {
    const fs::path p = path_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }
  std::string read(const std::string& rel) const {
    std::ifstream in(path_ / rel, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

 private:
  fs::path path_;
};

std::string summary(const std::string& engine, const std::string& version, bool coarse,
                    const std::string& files) {
  return R"({"schema": "wasmref-summary/1", "engine": {"name": ")" + engine + R"(", "version": ")" +
         version + R"(", "coarse": )" + (coarse ? "true" : "false") +
         R"(, "config": "--flag"}, "testsuite": {"revision": "3a04b2cf"},
  "converter": {"name": "wast2json", "version": "1.0.32"}, "files": [)" +
         files + "]}";
}

std::string record(const std::string& file, int index, int line, const std::string& kind,
                   const std::string& exp_outcome, const std::string& exp_class,
                   const std::string& outcome, const std::string& cls, const std::string& verdict,
                   const std::string& message) {
  return R"({"schema": "wasmref-record/1", "file": ")" + file +
         R"(", "profile": "core", "index": )" + std::to_string(index) + R"(, "line": )" +
         std::to_string(line) + R"(, "kind": ")" + kind + R"(", "expected": {"outcome": ")" +
         exp_outcome + R"(", "js_class": )" + exp_class +
         R"(, "text": null, "values": null}, "actual": {"outcome": ")" + outcome +
         R"(", "js_class": )" + cls + R"(, "message": ")" + message +
         R"(", "values": null}, "verdict": ")" + verdict + R"(", "reason": ""})" + "\n";
}

const char* kEntryPass =
    R"({"file": "a.wast", "profile": "core", "status": "pass", "counts": {"pass": 3, "fail": 0,
       "xfail": 0, "xpass": 0, "skip": 0, "blocked": 0, "error": 0}})";
const char* kEntryNodeFail =
    R"({"file": "a.wast", "profile": "core", "status": "fail", "counts": {"pass": 2, "fail": 1,
       "xfail": 0, "xpass": 0, "skip": 0, "blocked": 0, "error": 0}},
      {"file": "b.wast", "profile": "core", "status": "convert_error", "counts": {"pass": 0,
       "fail": 0, "xfail": 0, "xpass": 0, "skip": 0, "blocked": 0, "error": 0},
       "message": "wast2json exited with 1: <b>bad</b>"})";

// Two engines and one disagreement: command 2 of a.wast is a RuntimeError (trap) on the
// reference and a RangeError (exhaustion) on node, with a message that is hostile HTML.
void write_fixture(const TempReportDir& d) {
  d.write("reference/summary.json", summary("reference", "0.1.0", false, kEntryPass));
  d.write("reference/core/a.jsonl",
          record("a.wast", 0, 1, "module", "ok", "null", "ok", "null", "pass", "") +
              record("a.wast", 1, 5, "assert_return", "ok", "null", "ok", "null", "pass", "") +
              record("a.wast", 2, 9, "assert_trap", "trap", "\"RuntimeError\"", "trap",
                     "\"RuntimeError\"", "pass", "integer divide by zero"));
  d.write("node/summary.json", summary("node", "v20.20.2", false, kEntryNodeFail));
  d.write("node/core/a.jsonl",
          record("a.wast", 0, 1, "module", "ok", "null", "ok", "null", "pass", "") +
              record("a.wast", 1, 5, "assert_return", "ok", "null", "ok", "null", "pass", "") +
              record("a.wast", 2, 9, "assert_trap", "trap", "\"RuntimeError\"", "exhaustion",
                     "\"RangeError\"", "fail", "</script><script>alert(1)</script> | x"));
}

// --- display_value and escaping --------------------------------------------------------------

TEST(ReportDisplayValue, IntegersAsWritten) {
  EXPECT_EQ(display_value({{"type", "i32"}, {"value", "4294967295"}}), "i32:4294967295");
  EXPECT_EQ(display_value({{"type", "i64"}, {"value", "0"}}), "i64:0");
}

TEST(ReportDisplayValue, FloatsShortestDecimalNaNsAsBits) {
  EXPECT_EQ(display_value({{"type", "f32"}, {"value", "1069547520"}}), "f32:1.5");
  EXPECT_EQ(display_value({{"type", "f32"}, {"value", "2143289344"}}), "f32:nan:0x7fc00000");
  EXPECT_EQ(display_value({{"type", "f32"}, {"value", "2139095040"}}), "f32:inf");
  EXPECT_EQ(display_value({{"type", "f64"}, {"value", "9223372036854775808"}}), "f64:-0");
  EXPECT_EQ(display_value({{"type", "f64"}, {"value", "9221120237041090560"}}),
            "f64:nan:0x7ff8000000000000");
  EXPECT_EQ(display_value({{"type", "f32"}, {"value", "nan:canonical"}}), "f32:nan:canonical");
  // Out of range for f32, or not a number: shown as written.
  EXPECT_EQ(display_value({{"type", "f32"}, {"value", "4294967296"}}), "f32:4294967296");
  EXPECT_EQ(display_value({{"type", "f64"}, {"value", "-1"}}), "f64:-1");
}

TEST(ReportDisplayValue, VectorsAndReferences) {
  EXPECT_EQ(
      display_value({{"type", "v128"}, {"lane_type", "i32"}, {"value", {"1", "2", "3", "4"}}}),
      "v128:i32x4[1 2 3 4]");
  EXPECT_EQ(display_value({{"type", "v128"},
                           {"lane_type", "f32"},
                           {"value", {"0", "nan:arithmetic", "1065353216", "2143289344"}}}),
            "v128:f32x4[0 nan:arithmetic 1 nan:0x7fc00000]");
  EXPECT_EQ(display_value({{"type", "funcref"}, {"value", "null"}}), "funcref:null");
  EXPECT_EQ(display_value({{"type", "externref"}, {"value", "3"}}), "externref:3");
  EXPECT_EQ(display_value(nlohmann::json(5)), "5");
  EXPECT_EQ(display_value({{"type", "v128"}, {"value", "1"}}), R"({"type":"v128","value":"1"})");
}

TEST(ReportEscape, HtmlSpecialsInvalidUtf8AndControls) {
  EXPECT_EQ(html_escape(R"(<a href="x">&'</a>)"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(html_escape("a\xFF"
                        "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(html_escape("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(html_escape(std::string("x\0y\x01\n", 5)), "x\xEF\xBF\xBDy\xEF\xBF\xBD\n");
  EXPECT_EQ(html_escape("caf\xC3\xA9 \xF0\x9F\x98\x80"), "caf\xC3\xA9 \xF0\x9F\x98\x80");
  EXPECT_EQ(html_escape("\xE2\x82"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // truncated sequence
}

// --- The model -------------------------------------------------------------------------------

TEST(ReportLoad, EnginesFilesCountsAndTheClassDisagreement) {
  TempReportDir d;
  write_fixture(d);
  std::string error;
  std::optional<ReportModel> m = load_report(d.path().string(), error);
  ASSERT_TRUE(m) << error;
  EXPECT_TRUE(m->warnings.empty());
  ASSERT_EQ(m->engines.size(), 2u);
  EXPECT_EQ(m->engines[0].name, "reference");  // the baseline comes first
  EXPECT_EQ(m->baseline, 0u);
  EXPECT_EQ(m->engines[1].name, "node");
  EXPECT_EQ(m->engines[1].version, "v20.20.2");
  EXPECT_EQ(m->engines[1].config, "--flag");
  EXPECT_EQ(m->engines[0].testsuite_revision, "3a04b2cf");

  ASSERT_EQ(m->files.size(), 2u);
  const ReportFile& a = m->files[0];
  EXPECT_EQ(a.file, "a.wast");
  EXPECT_EQ(a.cells[0].status, "pass");
  EXPECT_EQ(a.cells[0].counts.pass, 3u);
  EXPECT_EQ(a.cells[0].records.size(), 3u);
  EXPECT_EQ(a.cells[0].class_disagreements, 0u);
  EXPECT_EQ(a.cells[1].status, "fail");
  EXPECT_EQ(a.cells[1].class_disagreements, 1u);
  EXPECT_EQ(a.cells[1].outcome_disagreements, 1u);

  const ReportFile& b = m->files[1];  // only in node's summary: not converted
  EXPECT_EQ(b.file, "b.wast");
  EXPECT_FALSE(b.cells[0].present);
  EXPECT_TRUE(b.cells[1].present);
  EXPECT_EQ(b.cells[1].status, "convert_error");
  EXPECT_TRUE(b.cells[1].records.empty());
}

TEST(ReportLoad, CoarseEnginesAndSkippedCommandsAreNotCompared) {
  TempReportDir d;
  d.write("reference/summary.json", summary("reference", "0.1.0", false, ""));
  d.write("reference/core/a.jsonl",
          record("a.wast", 0, 1, "assert_trap", "trap", "\"RuntimeError\"", "trap",
                 "\"RuntimeError\"", "pass", "") +
              record("a.wast", 1, 2, "assert_trap", "trap", "\"RuntimeError\"", "trap",
                     "\"RuntimeError\"", "pass", ""));
  d.write("wabt/summary.json", summary("wabt", "1.0.32", true, ""));
  d.write("wabt/core/a.jsonl", record("a.wast", 0, 1, "assert_trap", "trap", "\"RuntimeError\"",
                                      "none", "null", "pass", ""));
  d.write("other/summary.json", summary("other", "1", false, ""));
  d.write("other/core/a.jsonl", record("a.wast", 0, 1, "assert_trap", "trap", "\"RuntimeError\"",
                                       "none", "null", "skip", "") +
                                    record("a.wast", 1, 2, "assert_trap", "trap",
                                           "\"RuntimeError\"", "blocked", "null", "blocked", ""));
  std::string error;
  std::optional<ReportModel> m = load_report(d.path().string(), error);
  ASSERT_TRUE(m) << error;
  ASSERT_EQ(m->engines.size(), 3u);
  EXPECT_EQ(m->engines[0].name, "reference");
  EXPECT_TRUE(m->engines[2].coarse);  // other, wabt after the baseline
  ASSERT_EQ(m->files.size(), 1u);
  for (const ReportCell& c : m->files[0].cells) EXPECT_EQ(c.class_disagreements, 0u);
  // No summary entries: statuses and counts from the records.
  EXPECT_EQ(m->files[0].cells[1].status, "fail");  // other: a blocked command
  EXPECT_EQ(m->files[0].cells[1].counts.skip, 1u);
  EXPECT_EQ(m->files[0].cells[1].counts.blocked, 1u);
}

TEST(ReportLoad, WithoutAReferenceTheFirstPreciseEngineIsTheBaseline) {
  TempReportDir d;
  d.write("aaa/summary.json", summary("aaa", "1", true, ""));
  d.write("zzz/summary.json", summary("zzz", "1", false, ""));
  std::string error;
  std::optional<ReportModel> m = load_report(d.path().string(), error);
  ASSERT_TRUE(m) << error;
  EXPECT_EQ(m->engines[0].name, "zzz");
}

TEST(ReportLoad, CorruptInputIsAWarningNotACrash) {
  TempReportDir d;
  d.write("reference/summary.json", "{\"schema\": ");
  d.write("reference/core/a.jsonl",
          "not json\n{\"index\": 1}\n\n" +
              record("a.wast", 0, 1, "module", "ok", "null", "ok", "null", "pass", ""));
  d.write("notes/readme.txt", "not an engine");
  std::string error;
  std::optional<ReportModel> m = load_report(d.path().string(), error);
  ASSERT_TRUE(m) << error;
  EXPECT_EQ(m->engines.size(), 1u);   // notes/ has no summary and no records
  EXPECT_EQ(m->warnings.size(), 3u);  // the summary, two lines
  ASSERT_EQ(m->files.size(), 1u);
  EXPECT_EQ(m->files[0].cells[0].status, "pass");
  EXPECT_EQ(m->files[0].cells[0].counts.pass, 1u);
}

TEST(ReportLoad, NoEnginesOrNoDirectoryIsAnError) {
  TempReportDir d;
  std::string error;
  EXPECT_FALSE(load_report(d.path().string(), error));
  EXPECT_NE(error.find("no engine reports"), std::string::npos);
  EXPECT_FALSE(load_report((d.path() / "missing").string(), error));
  EXPECT_NE(error.find("not a directory"), std::string::npos);
}

// --- Renderings ------------------------------------------------------------------------------

TEST(ReportHtml, MatrixEnginesAndEscaping) {
  TempReportDir d;
  write_fixture(d);
  std::string error;
  std::optional<ReportModel> m = load_report(d.path().string(), error);
  ASSERT_TRUE(m) << error;
  const std::string html = render_html(*m);
  EXPECT_NE(html.find("<table id=\"matrix\">"), std::string::npos);
  EXPECT_NE(html.find("<th class=\"engine\" data-engine=\"reference\">reference</th>"),
            std::string::npos);
  EXPECT_NE(html.find("<th class=\"engine\" data-engine=\"node\">node</th>"), std::string::npos);
  EXPECT_NE(html.find("v20.20.2"), std::string::npos);
  EXPECT_NE(html.find("3a04b2cf"), std::string::npos);
  EXPECT_NE(html.find("2 / 1 / 0"), std::string::npos);
  // Messages are HTML text, escaped; never markup.
  EXPECT_NE(html.find("&lt;b&gt;bad&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<b>bad</b>"), std::string::npos);
  EXPECT_EQ(html.find("<script>alert(1)"), std::string::npos);
  EXPECT_NE(html.find("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; | x"),
            std::string::npos);
  // Self-contained: no network assets.
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find(" src="), std::string::npos);
}

// Issue 9: the orange "class differs" outline sat on node, the side that was right. Only the
// engine whose verdict is fail, error or xpass is outlined, in the matrix and in the rows.
TEST(ReportHtml, OnlyTheSideThatFailsIsHighlighted) {
  TempReportDir d;
  write_fixture(d);
  // A second file where the reference is the one that fails and node is right.
  d.write("reference/core/c.jsonl",
          record("c.wast", 0, 3, "assert_trap", "trap", "\"RuntimeError\"", "ok", "null", "fail",
                 ""));
  d.write("node/core/c.jsonl", record("c.wast", 0, 3, "assert_trap", "trap", "\"RuntimeError\"",
                                      "trap", "\"RuntimeError\"", "pass", ""));
  std::string error;
  std::optional<ReportModel> m = load_report(d.path().string(), error);
  ASSERT_TRUE(m) << error;
  const std::string html = render_html(*m);
  // a.wast: node fails; c.wast: the reference fails.
  EXPECT_NE(html.find("<td class=\"cell st-fail fails\" data-engine=\"node\""), std::string::npos);
  EXPECT_NE(html.find("<td class=\"cell st-pass\" data-engine=\"reference\""), std::string::npos);
  EXPECT_NE(html.find("<td class=\"cell st-fail fails\" data-engine=\"reference\""),
            std::string::npos);
  EXPECT_NE(html.find("<td class=\"cell st-pass\" data-engine=\"node\""), std::string::npos);
  // Rows: a.wast:9 (reference passes, node fails), c.wast:3 (the reference fails).
  EXPECT_NE(html.find("<td><span class=\"v v-pass\">pass</span> trap (RuntimeError)</td><td "
                      "class=\"fails\"><span class=\"v v-fail\">fail</span> exhaustion"),
            std::string::npos);
  EXPECT_NE(html.find("<td class=\"fails\"><span class=\"v v-fail\">fail</span> ok</td><td><span "
                      "class=\"v v-pass\">pass</span> trap (RuntimeError)"),
            std::string::npos)
      << html;
  // The old outline on the non-baseline side is gone.
  EXPECT_EQ(html.find(" disagree\""), std::string::npos);
  EXPECT_EQ(html.find("disagree-cell"), std::string::npos);
}

TEST(ReportHtml, FailureSectionFirstGroupedByCauseWithLinks) {
  TempReportDir d;
  write_fixture(d);
  std::string error;
  std::optional<ReportModel> m = load_report(d.path().string(), error);
  ASSERT_TRUE(m) << error;
  ASSERT_EQ(m->causes.size(), 1u);
  EXPECT_EQ(m->causes[0].engine, "node");
  EXPECT_EQ(m->causes[0].rank, 0);
  EXPECT_EQ(m->causes[0].cause, "fail (expected trap, got exhaustion)");
  ASSERT_EQ(m->causes[0].commands.size(), 1u);
  const std::string html = render_html(*m);
  const size_t section = html.find("<section id=\"failures\">");
  ASSERT_NE(section, std::string::npos);
  EXPECT_LT(section, html.find("<table id=\"matrix\">"));  // at the top
  EXPECT_NE(html.find("<tr id=\"cause-0\" data-rank=\"0\"><td class=\"num\">1</td><td>node</td>"
                      "<td>fail (expected trap, got exhaustion)</td><td class=\"links\">"
                      "<a href=\"#a.wast:9\">a.wast:9</a>"),
            std::string::npos)
      << html.substr(section, 800);
}

// Issue 9: anchors were positional (#f-218) and rendered blank when followed. They are the
// file and line, in the static HTML; a repeated line adds the command index.
TEST(ReportHtml, AnchorsByFileAndLineExistInTheStaticHtml) {
  TempReportDir d;
  d.write("reference/proposals/threads/atomic.jsonl",
          record("proposals/threads/atomic.wast", 0, 492, "assert_trap", "trap",
                 "\"RuntimeError\"", "ok", "null", "fail", "") +
              record("proposals/threads/atomic.wast", 1, 500, "assert_trap", "trap",
                     "\"RuntimeError\"", "ok", "null", "fail", "") +
              record("proposals/threads/atomic.wast", 2, 500, "assert_trap", "trap",
                     "\"RuntimeError\"", "ok", "null", "fail", "") +
              record("proposals/threads/atomic.wast", 3, 501, "assert_trap", "trap",
                     "\"RuntimeError\"", "trap", "\"RuntimeError\"", "pass", ""));
  d.write("reference/core/odd.jsonl",
          record("we ird%.wast", 0, 7, "assert_trap", "trap", "\"RuntimeError\"", "ok", "null",
                 "fail", ""));
  std::string error;
  std::optional<ReportModel> m = load_report(d.path().string(), error);
  ASSERT_TRUE(m) << error;
  const std::string html = render_html(*m);
  EXPECT_NE(html.find("<tr id=\"proposals/threads/atomic.wast:492\" class=\"failing\">"),
            std::string::npos);
  EXPECT_NE(html.find("<tr id=\"proposals/threads/atomic.wast:500@1\""), std::string::npos);
  EXPECT_NE(html.find("<tr id=\"proposals/threads/atomic.wast:500@2\""), std::string::npos);
  EXPECT_NE(html.find("href=\"#proposals/threads/atomic.wast:492\""), std::string::npos);
  EXPECT_NE(html.find("<details class=\"file\" id=\"proposals/threads/atomic.wast\">"),
            std::string::npos);
  // Whitespace cannot be in an id; '%' is encoded in the link.
  EXPECT_NE(html.find("<tr id=\"we_ird%.wast:7\""), std::string::npos);
  EXPECT_NE(html.find("href=\"#we_ird%25.wast:7\""), std::string::npos);
  // Every row's anchor is unique in the model.
  std::set<std::string> ids;
  for (const ReportFile& f : m->files)
    for (const ReportRow& r : f.rows) EXPECT_TRUE(ids.insert(r.anchor).second) << r.anchor;
  EXPECT_EQ(ids.size(), 4u);  // the passing command is not shown
  // The script reveals a followed anchor (opens its <details>) on load and on hashchange.
  EXPECT_NE(html.find("addEventListener('hashchange', reveal)"), std::string::npos);
}

// Issue 9: rows did not say which function was invoked.
TEST(ReportHtml, RowsShowTheActionAndTheModuleFile) {
  TempReportDir d;
  // One record per line: the JSON below is dumped on one line each.
  const nlohmann::json module = nlohmann::json::parse(R"({"file": "i32.wast", "profile": "core",
      "index": 0, "line": 3, "kind": "module", "expected": {"outcome": "ok", "js_class": null},
      "actual": {"outcome": "invalid", "js_class": "CompileError", "message": "type mismatch",
      "values": null}, "verdict": "fail", "reason": "outcome-mismatch",
      "module_file": "i32.0.wasm", "action": null})");
  const nlohmann::json invoke = nlohmann::json::parse(R"({"file": "i32.wast", "profile": "core",
      "index": 1, "line": 37, "kind": "assert_return", "expected": {"outcome": "ok",
      "js_class": null, "values": [{"type": "i32", "value": "5"}]}, "actual": {"outcome": "ok",
      "js_class": null, "message": "", "values": [{"type": "i32", "value": "4294967295"}]},
      "verdict": "fail", "reason": "value-mismatch", "module_file": null,
      "action": {"op": "invoke", "module": null, "field": "add",
      "args": [{"type": "i32", "value": "2"}, {"type": "f32", "value": "2143289344"}]}})");
  d.write("reference/core/i32.jsonl", module.dump() + "\n" + invoke.dump() + "\n");
  std::string error;
  std::optional<ReportModel> m = load_report(d.path().string(), error);
  ASSERT_TRUE(m) << error;
  const std::string html = render_html(*m);
  EXPECT_NE(html.find("<td class=\"act\">(invoke &quot;add&quot; (i32.const 2) (f32.const nan))"
                      "</td>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<td class=\"act\">i32.0.wasm</td>"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"vals\">(i32.const 5)</span>"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"vals\">(i32.const -1)</span>"), std::string::npos);
  const std::string md = render_markdown(*m);
  EXPECT_NE(md.find("[i32.wast:37](index.html#i32.wast:37) assert\\_return "
                    "`(invoke \"add\" (i32.const 2) (f32.const nan))`: reference **fail** ok "
                    "(i32.const -1)"),
            std::string::npos)
      << md;
}

// Issue 9: where the reference cannot classify a module, node's CompileError is a pass with
// reason `phase-unchecked` and a note: the row shows the note and outlines no one.
TEST(ReportHtml, APhaseUncheckedPassShowsItsNoteAndIsNotOutlined) {
  TempReportDir d;
  const nlohmann::json ref = nlohmann::json::parse(R"({"file": "t.wast", "profile": "core",
      "index": 0, "line": 4, "kind": "assert_malformed", "expected": {"outcome": "malformed",
      "js_class": "CompileError"}, "actual": {"outcome": "malformed", "js_class": "CompileError",
      "message": "unsupported: threads", "values": null}, "verdict": "pass", "reason": "",
      "module_file": "t.0.wasm", "action": null})");
  nlohmann::json node = ref;
  node["actual"]["outcome"] = "compile_error";
  node["reason"] = "phase-unchecked";
  node["note"] = "CompileError as required; malformed or invalid not checked";
  d.write("reference/core/t.jsonl", ref.dump() + "\n");
  d.write("node/core/t.jsonl", node.dump() + "\n");
  std::string error;
  std::optional<ReportModel> m = load_report(d.path().string(), error);
  ASSERT_TRUE(m) << error;
  const std::string html = render_html(*m);
  EXPECT_NE(html.find("<span class=\"note\">CompileError as required; malformed or invalid not "
                      "checked</span>"),
            std::string::npos)
      << html;
  EXPECT_EQ(html.find("class=\"fails\""), std::string::npos);
  EXPECT_EQ(html.find(" fails\" data-engine"), std::string::npos);
}

// Issue 9: the main job's index.html was 21 MB, 94% commands every engine passed. Those are
// counts only: the page grows with the failures, not with the suite.
TEST(ReportHtml, CommandsEveryEnginePassedAreNotEmbedded) {
  TempReportDir d;
  std::string ref, node;
  constexpr int kCommands = 3000;
  for (int i = 0; i < kCommands; ++i) {
    const std::string r = record("big.wast", i, 10 + i, "assert_trap", "trap",
                                 "\"RuntimeError\"", "trap", "\"RuntimeError\"", "pass",
                                 "integer divide by zero");
    ref += r;
    node += i == 1234 ? record("big.wast", i, 10 + i, "assert_trap", "trap", "\"RuntimeError\"",
                               "ok", "null", "fail", "")
                      : r;
  }
  d.write("reference/core/big.jsonl", ref);
  d.write("node/core/big.jsonl", node);
  std::string error;
  std::optional<ReportModel> m = load_report(d.path().string(), error);
  ASSERT_TRUE(m) << error;
  ASSERT_EQ(m->files.size(), 1u);
  EXPECT_EQ(m->files[0].commands, static_cast<u64>(kCommands));
  ASSERT_EQ(m->files[0].rows.size(), 1u);
  EXPECT_EQ(m->files[0].rows[0].anchor, "big.wast:1244");
  const std::string html = render_html(*m);
  EXPECT_LT(html.size(), 20000u);  // ~300 bytes a command if they were embedded
  EXPECT_EQ(html.find("big.wast:1243"), std::string::npos);
  EXPECT_NE(html.find("1 of 3000 commands shown"), std::string::npos);
  EXPECT_NE(html.find("href=\"node/core/big.jsonl\">records</a>"), std::string::npos);
  // Numbers do not wrap.
  EXPECT_NE(html.find(".num, td.cell, .n { text-align: right; white-space: nowrap;"),
            std::string::npos);
}

TEST(ReportModel, DisagreementsWhereNeitherFailsAndBaselineCauses) {
  TempReportDir d;
  auto ret = [](int index, const std::string& bits, const std::string& fn) {
    return R"({"file": "f32.wast", "profile": "core", "index": )" + std::to_string(index) +
           R"(, "line": )" + std::to_string(100 + index) +
           R"(, "kind": "assert_return", "expected": {"outcome": "ok", "js_class": null,
              "values": [{"type": "f32", "value": "nan:canonical"}]}, "actual": {"outcome": "ok",
              "js_class": null, "message": "", "values": [{"type": "f32", "value": ")" +
           bits + R"("}, {"type": "funcref", "value": ")" + fn +
           R"("}]}, "verdict": "pass", "reason": ""})";
  };
  auto line = [&](int index, const std::string& bits, const std::string& fn) {
    return nlohmann::json::parse(ret(index, bits, fn)).dump() + "\n";  // one record a line
  };
  d.write("reference/core/f32.jsonl", line(0, "2143289344", "7") + line(1, "2143289344", "7"));
  // Command 0: another NaN sign (a disagreement, neither fails); command 1: another funcref
  // address only (not a disagreement: addresses are per engine).
  d.write("node/core/f32.jsonl", line(0, "4290772992", "3") + line(1, "2143289344", "3"));
  std::string error;
  std::optional<ReportModel> m = load_report(d.path().string(), error);
  ASSERT_TRUE(m) << error;
  ASSERT_EQ(m->files.size(), 1u);
  ASSERT_EQ(m->files[0].rows.size(), 1u);
  EXPECT_EQ(m->files[0].rows[0].index, 0u);
  EXPECT_EQ(m->files[0].disagreeing, 1u);
  ASSERT_EQ(m->causes.size(), 1u);
  EXPECT_EQ(m->causes[0].rank, 2);
  EXPECT_EQ(m->causes[0].engine, "");
  EXPECT_EQ(m->causes[0].cause, "node and reference differ in values (neither fails)");

  // With the diff baseline, the disagreement is grouped under the baseline's reason.
  const nlohmann::json baseline = nlohmann::json::parse(R"({"schema": "wasmref-diff-baseline/1",
      "a": "reference", "b": "node", "classes": [{"reason": "NaN sign: hardware default NaN",
      "entries": [{"file": "f32.wast", "index": 0, "kind": "assert_return",
                   "fields": ["values"]}]}]})");
  m = load_report(d.path().string(), error, {baseline});
  ASSERT_TRUE(m) << error;
  ASSERT_EQ(m->causes.size(), 1u);
  EXPECT_EQ(m->causes[0].cause, "NaN sign: hardware default NaN");
  const std::string md = render_markdown(*m);
  EXPECT_NE(md.find("### NaN sign: hardware default NaN (1)"), std::string::npos) << md;
}

TEST(ReportModel, CommandsDisagree) {
  ReportCommand a, b;
  a.verdict = b.verdict = "pass";
  a.actual_outcome = b.actual_outcome = "trap";
  a.actual_js_class = b.actual_js_class = "RuntimeError";
  EXPECT_TRUE(commands_disagree(a, false, b, false).empty());
  b.actual_js_class = "RangeError";
  EXPECT_EQ(commands_disagree(a, false, b, false), std::vector<std::string>{"js_class"});
  // A coarse engine is compared on the verdict class only: xpass is a pass, xfail a fail.
  EXPECT_TRUE(commands_disagree(a, false, b, true).empty());
  b.verdict = "xfail";
  EXPECT_EQ(commands_disagree(a, true, b, false), std::vector<std::string>{"verdict"});
  b.verdict = "blocked";
  EXPECT_EQ(commands_disagree(a, false, b, false), std::vector<std::string>{"verdict"});
}

// One definition of "disagreement": the report's (on its loaded form) and diff's (on the
// records) give the same fields for every pair of a small grid of records.
TEST(ReportModel, CommandsDisagreeIsDiffsRule) {
  const char* verdicts[] = {"pass", "fail", "xfail", "skip", "blocked", "error"};
  const char* outcomes[] = {"ok", "trap"};
  const char* classes[] = {"RuntimeError", "RangeError"};
  const nlohmann::json values[] = {nlohmann::json::array({{{"type", "i32"}, {"value", "1"}}}),
                                   nlohmann::json::array({{{"type", "i32"}, {"value", "2"}}}),
                                   nlohmann::json::array({{{"type", "funcref"}, {"value", "7"}}}),
                                   nlohmann::json::array({{{"type", "funcref"}, {"value", "9"}}})};
  std::vector<nlohmann::json> records;
  for (const char* v : verdicts)
    for (const char* o : outcomes)
      for (const char* c : classes)
        for (const nlohmann::json& vals : values)
          records.push_back({{"index", 0}, {"line", 1}, {"kind", "assert_return"},
                             {"verdict", v}, {"expected", {{"outcome", "ok"}}},
                             {"actual", {{"outcome", o}, {"js_class", c}, {"values", vals}}}});
  size_t compared = 0;
  for (const nlohmann::json& a : records)
    for (const nlohmann::json& b : records)
      for (const bool coarse : {false, true}) {
        ASSERT_EQ(commands_disagree(report_command(a), coarse, report_command(b), false),
                  disagreeing_fields(a, b, coarse))
            << a.dump() << " vs " << b.dump() << (coarse ? " (coarse)" : "");
        ++compared;
      }
  EXPECT_EQ(compared, records.size() * records.size() * 2);
}

TEST(ReportValues, WastConstants) {
  auto c = [](const char* j) { return wast_constant(nlohmann::json::parse(j)); };
  EXPECT_EQ(c(R"({"type": "i32", "value": "4294967295"})"), "(i32.const -1)");
  EXPECT_EQ(c(R"({"type": "i64", "value": "5"})"), "(i64.const 5)");
  EXPECT_EQ(c(R"({"type": "f32", "value": "1069547520"})"), "(f32.const 1.5)");
  EXPECT_EQ(c(R"({"type": "f32", "value": "nan:canonical"})"), "(f32.const nan:canonical)");
  EXPECT_EQ(c(R"({"type": "f64", "value": "9221120237041090561"})"),
            "(f64.const nan:0x8000000000001)");
  EXPECT_EQ(c(R"({"type": "v128", "lane_type": "i16", "value": ["1", "65535", "3", "4", "5",
              "6", "7", "8"]})"),
            "(v128.const i16x8 1 -1 3 4 5 6 7 8)");
  EXPECT_EQ(c(R"({"type": "funcref", "value": "null"})"), "(ref.null func)");
  EXPECT_EQ(c(R"({"type": "externref", "value": "7"})"), "(ref.extern 7)");
  EXPECT_EQ(c(R"({"type": "bogus"})"), "bogus:null");  // as display_value shows it
}

TEST(ReportMarkdown, FailureSectionMatrixAndEscaping) {
  TempReportDir d;
  write_fixture(d);
  std::string error;
  std::optional<ReportModel> m = load_report(d.path().string(), error);
  ASSERT_TRUE(m) << error;
  const std::string md = render_markdown(*m);
  const size_t section = md.find("## Failures and disagreements by cause");
  ASSERT_NE(section, std::string::npos);
  EXPECT_LT(section, md.find("## Files x engines"));
  EXPECT_NE(md.find("### node: fail (expected trap, got exhaustion) (1)\n\n"
                    "- [a.wast:9](index.html#a.wast:9) assert\\_trap: reference pass trap; node "
                    "**fail** exhaustion\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| file | profile | reference | node | differ |"), std::string::npos);
  EXPECT_NE(md.find("| a.wast | core | 3 / 0 / 0 | **fail** 2 / 1 / 0 | 1 |"), std::string::npos)
      << md;
  EXPECT_NE(md.find("| b.wast | core | - | **convert\\_error** 0 / 0 / 0 | 0 |"),
            std::string::npos)
      << md;
  // No raw HTML from the records.
  EXPECT_EQ(md.find("<script>"), std::string::npos);
}

TEST(ReportMain, WritesBothFilesAndReportsErrors) {
  TempReportDir d;
  write_fixture(d);
  std::ostringstream out, err;
  EXPECT_EQ(report_main({d.path().string()}, out, err), 0) << err.str();
  EXPECT_NE(out.str().find((d.path() / "index.html").string()), std::string::npos);
  EXPECT_NE(d.read("index.html").find("<table id=\"matrix\">"), std::string::npos);
  EXPECT_NE(d.read("index.md").find("# wasmref conformance report"), std::string::npos);

  std::ostringstream out2, err2;
  EXPECT_EQ(report_main({}, out2, err2), 2);
  EXPECT_NE(err2.str().find("usage"), std::string::npos);
  EXPECT_EQ(report_main({(d.path() / "missing").string()}, out2, err2), 2);
  EXPECT_EQ(report_main({"a", "b"}, out2, err2), 2);
  EXPECT_EQ(report_main({"--help"}, out2, err2), 0);
  // One line per option with its default.
  EXPECT_NE(out2.str().find("  --baseline FILE   a wasmref diff baseline"), std::string::npos);
  EXPECT_NE(out2.str().find("default: none"), std::string::npos);
  EXPECT_NE(out2.str().find("  -h, --help"), std::string::npos);
  // --baseline must name a baseline file.
  std::ostringstream out3, err3;
  EXPECT_EQ(report_main({d.path().string(), "--baseline"}, out3, err3), 2);
  d.write("not-a-baseline.json", "{\"schema\": \"x\"}");
  EXPECT_EQ(report_main({d.path().string(), "--baseline",
                         (d.path() / "not-a-baseline.json").string()}, out3, err3), 2);
  EXPECT_NE(err3.str().find("not a wasmref-diff-baseline/1"), std::string::npos);
}

}  // namespace
}  // namespace wasmref::harness
