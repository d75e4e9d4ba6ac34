// Harness: conformance reports people read, Markdown and HTML (harness/report.h)
#include "harness/report.h"

#include <filesystem>
#include <fstream>
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

TEST(ReportHtml, MatrixEnginesDisagreementAndEscaping) {
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
  EXPECT_NE(html.find("<td class=\"cell st-fail disagree\" data-engine=\"node\""),
            std::string::npos);
  EXPECT_EQ(html.find("st-pass disagree"), std::string::npos);  // the baseline is never marked
  EXPECT_NE(html.find("v20.20.2"), std::string::npos);
  EXPECT_NE(html.find("3a04b2cf"), std::string::npos);
  EXPECT_NE(html.find("2 / 1 / 0"), std::string::npos);
  // The convert_error message is escaped in the title and summary; the hostile record message
  // only appears \u-escaped inside the JSON data block.
  EXPECT_NE(html.find("&lt;b&gt;bad&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<b>bad</b>"), std::string::npos);
  EXPECT_EQ(html.find("alert(1)</script>"), std::string::npos);
  EXPECT_NE(html.find("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)"), std::string::npos);
  // Self-contained: no network assets.
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find(" src="), std::string::npos);
}

TEST(ReportHtml, DrillDownDataHasEveryCommand) {
  TempReportDir d;
  write_fixture(d);
  std::string error;
  std::optional<ReportModel> m = load_report(d.path().string(), error);
  ASSERT_TRUE(m) << error;
  const std::string html = render_html(*m);
  const std::string open = "<script type=\"application/json\" id=\"d-0\">";
  const size_t at = html.find(open);
  ASSERT_NE(at, std::string::npos);
  const size_t end = html.find("</script>", at);
  ASSERT_NE(end, std::string::npos);
  const nlohmann::json data =
      nlohmann::json::parse(html.substr(at + open.size(), end - at - open.size()));
  ASSERT_EQ(data.size(), 3u);
  EXPECT_EQ(data[2]["i"], 2);
  EXPECT_EQ(data[2]["l"], 9);
  EXPECT_EQ(data[2]["k"], "assert_trap");
  EXPECT_EQ(data[2]["d"], 2);  // class disagreement
  EXPECT_EQ(data[2]["e"][0], "trap");
  EXPECT_EQ(data[2]["e"][1], "RuntimeError");
  EXPECT_EQ(data[2]["a"][0][2], "RuntimeError");
  EXPECT_EQ(data[2]["a"][1][0], "fail");
  EXPECT_EQ(data[2]["a"][1][1], "exhaustion");
  EXPECT_EQ(data[2]["a"][1][2], "RangeError");
  EXPECT_EQ(data[2]["a"][1][3], "</script><script>alert(1)</script> | x");
  EXPECT_EQ(data[2]["a"][1][6], true);
  EXPECT_EQ(data[0]["d"], 0);
}

TEST(ReportMarkdown, MatrixAndDisagreementsEscaped) {
  TempReportDir d;
  write_fixture(d);
  std::string error;
  std::optional<ReportModel> m = load_report(d.path().string(), error);
  ASSERT_TRUE(m) << error;
  const std::string md = render_markdown(*m);
  EXPECT_NE(md.find("| file | profile | reference | node |"), std::string::npos);
  EXPECT_NE(md.find("| a.wast | core | 3 / 0 / 0 | **fail** 2 / 1 / 0 ⚠ 1 class |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| b.wast | core | - | **convert\\_error** 0 / 0 / 0 |"), std::string::npos)
      << md;
  EXPECT_NE(md.find("### core: a.wast"), std::string::npos);
  EXPECT_NE(md.find("| 2 | 9 | assert\\_trap | trap (RuntimeError) | pass: trap (RuntimeError)"),
            std::string::npos)
      << md;
  // The hostile message: no raw HTML and no unescaped cell separator.
  EXPECT_EQ(md.find("<script>"), std::string::npos);
  EXPECT_NE(md.find("\\<script\\>alert(1)\\</script\\> \\| x"), std::string::npos) << md;
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
}

}  // namespace
}  // namespace wasmref::harness
