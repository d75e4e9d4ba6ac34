// Harness: conformance reports people read, Markdown and HTML (ARCHITECTURE "Reports",
// reports/README.md)
//
//   wasmref report DIR [--baseline FILE]...
//
// reads every `DIR/<engine>/summary.json` and the records below it
// (`DIR/<engine>/<profile>/<file>.jsonl`) and writes `DIR/index.md` and one self-contained
// `DIR/index.html` (inline CSS and JS, no network assets): first the failures and
// disagreements grouped by cause (the side that fails named, a link to each command), then a
// matrix of files x engines with the verdict counts, then per file the commands where some
// engine does not pass or engines disagree (action, expected, per engine what happened; only
// the side that fails highlighted). Commands every engine passed alike are counts only.
// Each command's anchor is `<file>:<line>` (`proposals/threads/atomic.wast:492`), made
// unique with `@<index>` when lines repeat. The baseline is the engine named `reference`
// when present, else the first engine by name.
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
  // Provenance (summary.json `wasmref` and the latest of `runs`).
  std::string wasmref_version;
  std::string wasmref_commit;
  std::string started;       // the latest run's start (UTC ISO 8601)
  std::string command_line;  // the latest run's command line, joined by spaces
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
  std::string record_reason;  // the record's reason alone
  std::string note;           // the record's note (a pass checked only in part), "" for none
  // What the command does, as the script writes it: `(invoke "add" (i32.const 1) (i32.const
  // 2))`, `(get $M "g")`; "" when it has no action.
  std::string action;
  std::string module_file;  // module commands: the module's file name
  std::string values_key;   // the actual values compared across engines (funcref addresses masked)
  bool coarse = false;      // the record carries a verdict only
  // The command ran (so it has an outcome and class of its own): not skip, blocked or error.
  bool ran() const;
  // fail, error or xpass: the verdict that makes a run fail (the side that is wrong).
  bool fails() const;
};
ReportCommand report_command(const nlohmann::json& record);

// One engine's result for one file: its summary entry and its commands.
struct ReportCell {
  bool present = false;  // the engine ran this file
  std::string status;    // files[].status, or derived from the records
  Counts counts;
  std::string message;                 // files[].message
  std::string records_path;            // the .jsonl relative to DIR ("" without records)
  std::vector<ReportCommand> records;  // by command order (index)
  u64 failing = 0;  // commands whose verdict is fail, error or xpass
  // Commands whose actual.js_class differs from the baseline's (both ran the command, neither
  // engine is coarse); 0 for the baseline itself.
  u64 class_disagreements = 0;
  u64 outcome_disagreements = 0;
};

// One command the report shows: some engine does not pass it (fail, error, xpass, xfail,
// blocked) or an engine disagrees with the baseline (commands_disagree).
struct ReportRow {
  u64 index = 0;
  u64 line = 0;
  std::string anchor;                // unique id in index.html, e.g. "core/i32.wast:37"
  std::vector<size_t> record;        // per engine: position in cells[e].records, or npos
  std::vector<bool> fails;           // per engine: fail, error or xpass
  std::vector<std::vector<std::string>> differs;  // per engine: the fields differing from the baseline's
};

struct ReportFile {
  std::string profile;
  std::string file;
  std::string anchor;             // the file's id in index.html: its path, unique
  std::vector<ReportCell> cells;  // one per engine, in ReportModel::engines order
  std::vector<ReportRow> rows;    // the commands shown, by index
  u64 commands = 0;               // commands of the file (joined across engines)
  u64 disagreeing = 0;            // commands where some engine disagrees with the baseline
};

// A group of the "failures and disagreements by cause" section.
struct ReportCause {
  int rank = 0;        // 0 fails (fail, error, xpass), 1 xfail or blocked, 2 disagreement only
  std::string engine;  // the side that fails, "" when no side fails
  std::string cause;   // the diff baseline's class when known, else reason and outcomes
  std::vector<std::pair<size_t, size_t>> commands;  // (file, row)
};

struct ReportModel {
  std::vector<ReportEngine> engines;  // sorted: the baseline first, then by name
  size_t baseline = 0;                // index into engines (0 when there is any engine)
  std::vector<ReportFile> files;      // sorted by (profile, file)
  std::vector<ReportCause> causes;    // by rank, then most commands first
  std::vector<std::string> warnings;  // unreadable summaries or record lines
};

// Whether two engines' records of one command disagree, and on which fields: the rule of
// harness/diff.h disagreeing_fields (one definition; report_test checks the two agree) on the
// loaded form (reports/README.md "Disagreement"): when both ran and neither is coarse, `outcome`, `js_class` and `values`
// (non-null funcrefs equal: addresses are per engine); otherwise the verdict class (pass and
// xpass pass, fail and xfail fail, skip, blocked, error) as `verdict`. Empty: they agree.
std::vector<std::string> commands_disagree(const ReportCommand& a, bool a_coarse,
                                           const ReportCommand& b, bool b_coarse);

// Reads DIR. Engines are the subdirectories with a summary.json or any .jsonl below them.
// `baselines` are `wasmref diff` baselines (schema wasmref-diff-baseline/1): a disagreement
// they list between their engines `a` and `b` is grouped under its class's reason.
// nullopt and `error` set when DIR cannot be read or holds no engine.
std::optional<ReportModel> load_report(const std::string& dir, std::string& error,
                                       const std::vector<nlohmann::json>& baselines = {});

// The two renderings of a model.
std::string render_markdown(const ReportModel& m);
std::string render_html(const ReportModel& m);

// A value in the wast2json encoding as people read it: `i32:42`, `f32:1.5`,
// `f64:nan:0x7ff8000000000000`, `v128:i32x4[1 2 3 4]`, `funcref:null`; patterns as written
// (`f32:nan:canonical`). Anything unexpected is shown as its JSON.
std::string display_value(const nlohmann::json& v);

// A value in the wast2json encoding as the script writes it: `(i32.const -1)`,
// `(f32.const nan:0x200000)`, `(v128.const i16x8 1 2 3 4 5 6 7 8)`, `(ref.null func)`,
// patterns as written (`(f32.const nan:canonical)`). Anything unexpected as display_value.
std::string wast_constant(const nlohmann::json& v);

// Escapes for HTML text and attribute values (& < > " '), replacing bytes that are not UTF-8
// and control characters other than tab and newline with U+FFFD.
std::string html_escape(const std::string& s);

// `wasmref report DIR [--baseline FILE]...`; `args` excludes "report". Exit 0, or 2 on usage
// or I/O error.
int report_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace wasmref::harness
