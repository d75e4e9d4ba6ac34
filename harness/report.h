// Harness: conformance reports people read, Markdown and HTML (ARCHITECTURE "Reports",
// reports/README.md)
//
//   wasmref report DIR
//
// reads every `DIR/<engine>/summary.json` and the records below it
// (`DIR/<engine>/<profile>/<file>.jsonl`) and writes `DIR/index.md` and one self-contained
// `DIR/index.html` (inline CSS and JS, no network assets): a matrix of files x engines with
// the verdict counts, the cells where an engine's JS classes differ from the baseline's
// highlighted, and a drill-down to every command (kind, line, expected, actual, message).
// The baseline is the engine named `reference` when present, else the first engine by name.
// Both files are rendered from the same model (`ReportModel`), written to a temporary file and
// renamed. Every text from the records is escaped for its output (HTML, Markdown, JSON inside
// a <script>).
#pragma once

#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/record.h"

namespace wasmref::harness {

// One engine's report directory, `DIR/<dir>/`.
struct ReportEngine {
  std::string dir;  // the directory name below DIR
  std::string name;
  std::string version;
  bool coarse = false;  // verdicts only: excluded from the class comparison
  std::string config;
  std::string testsuite_revision;
  std::string converter_version;
};

// One record, reduced to what the report shows (values already as people read them).
struct ReportCommand {
  u64 index = 0;
  u64 line = 0;
  std::string kind;
  std::string expected_outcome;
  std::optional<std::string> expected_js_class;
  std::string expected_text;
  std::string expected_values;  // display_value of each, or the `either` alternatives
  std::string verdict;
  std::string actual_outcome;
  std::optional<std::string> actual_js_class;
  std::string actual_message;
  std::string actual_values;
  std::string reason;  // the record's reason, and the path reason when it took the embed path
  // The command ran (so it has an outcome and class of its own): not skip, blocked or error.
  bool ran() const;
};
ReportCommand report_command(const nlohmann::json& record);

// One engine's result for one file: its summary entry and its commands.
struct ReportCell {
  bool present = false;  // the engine ran this file
  std::string status;    // files[].status, or derived from the records
  Counts counts;
  std::string message;                 // files[].message
  std::vector<ReportCommand> records;  // by command order (index)
  // Commands whose actual.js_class differs from the baseline's (both ran the command, neither
  // engine is coarse); 0 for the baseline itself.
  u64 class_disagreements = 0;
  u64 outcome_disagreements = 0;
};

struct ReportFile {
  std::string profile;
  std::string file;
  std::vector<ReportCell> cells;  // one per engine, in ReportModel::engines order
};

struct ReportModel {
  std::vector<ReportEngine> engines;  // sorted: the baseline first, then by name
  size_t baseline = 0;                // index into engines (0 when there is any engine)
  std::vector<ReportFile> files;      // sorted by (profile, file)
  std::vector<std::string> warnings;  // unreadable summaries or record lines
};

// Reads DIR. Engines are the subdirectories with a summary.json or any .jsonl below them.
// nullopt and `error` set when DIR cannot be read or holds no engine.
std::optional<ReportModel> load_report(const std::string& dir, std::string& error);

// The two renderings of a model.
std::string render_markdown(const ReportModel& m);
std::string render_html(const ReportModel& m);

// A value in the wast2json encoding as people read it: `i32:42`, `f32:1.5`,
// `f64:nan:0x7ff8000000000000`, `v128:i32x4[1 2 3 4]`, `funcref:null`; patterns as written
// (`f32:nan:canonical`). Anything unexpected is shown as its JSON.
std::string display_value(const nlohmann::json& v);

// Escapes for HTML text and attribute values (& < > " '), replacing bytes that are not UTF-8
// and control characters other than tab and newline with U+FFFD.
std::string html_escape(const std::string& s);

// `wasmref report DIR`; `args` excludes "report". Exit 0, or 2 on usage or I/O error.
int report_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace wasmref::harness
