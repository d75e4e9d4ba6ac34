// Harness: diff of two engines' records, grouped by cause (ARCHITECTURE "Reports",
// notes-harness §5.5, issue 9 "wasmref diff by cause")
//
//   wasmref diff DIR/A DIR/B [--baseline FILE] [--file GLOB] [--kind KIND] [--failing] [--all]
//                [--limit N] [--json FILE] [--quiet]
//
// DIR/A and DIR/B are engine report directories (`<report>/<engine>`, holding
// `<profile>/<file>.jsonl` and `summary.json`; a report root holding several engines is refused
// with the engine directories it holds). Records are joined on (file, index) and every command
// that disagrees (see `disagreeing_fields`: actual outcome, JS class or values; verdict class
// for a coarse engine) is listed, independent of which engine is right.
//
// Each disagreement is put in a category by who fails (`DiffCategory`): A passes and B fails,
// A fails and B passes, both fail, other, and last the differences the script allows (both
// results match its NaN pattern or one of its `either` alternatives). Inside a category the
// disagreements are grouped by cause: the baseline's class reason when a baseline lists them,
// else the verdict pair, the reasons and the differing fields. Spec-allowed differences are a
// one-line count unless --all. Only files both engines ran are compared; files only one has
// are one summary line each side.
//
// With --baseline FILE (schema `wasmref-diff-baseline/1`): the disagreements are checked
// against a list of known ones, grouped in classes with a reason each. A disagreement not in
// the list, a listed one that no longer disagrees, one that disagrees in other fields than
// listed, and a command only one engine has records for all fail the check (exit 1), so the
// baseline stays true.
//
// Exit: 0 no disagreement (or, with --baseline, exactly the baseline's); 1 otherwise; 2 usage
// or input error. --file and --kind narrow what is compared (and so the exit code); --failing,
// --all and --limit only change what is printed.
#pragma once

#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "syntax/types.h"

namespace wasmref::harness {

inline constexpr const char* kDiffSchema = "wasmref-diff/1";
inline constexpr const char* kDiffBaselineSchema = "wasmref-diff-baseline/1";

using CommandKey = std::pair<std::string, size_t>;  // (suite-relative file, command index)

// One engine's records, read from its report directory.
struct EngineRecords {
  std::string dir;
  std::string name;     // summary.json engine.name, else the directory's name
  std::string version;  // summary.json engine.version, else ""
  bool coarse = false;  // summary.json engine.coarse, or any record with "coarse": true
  std::map<CommandKey, nlohmann::json> records;
  std::vector<std::string> warnings;  // unreadable lines, duplicate keys
};

struct EngineRecordsLoad {
  std::optional<EngineRecords> records;
  std::string error;
};
EngineRecordsLoad load_engine_records(const std::string& dir);

// --- What "disagreement" means (one definition for diff, index.md and index.html) ----------
//
// Two records of the same command (same file and index) disagree in a field when:
//   - coarse (either engine reports only pass/fail per line, or either record has
//     "coarse": true), or a side did not run (verdict skip, blocked or error): "verdict",
//     when verdict_class(a.verdict) != verdict_class(b.verdict);
//   - otherwise: "outcome" when actual.outcome differs, "js_class" when actual.js_class
//     differs, "values" when actual.values differ (bit patterns as recorded; any two non-null
//     funcrefs are equal, their addresses are per engine).
// Verdicts and messages never count: two engines failing the same way agree; who is right is
// the category's business (DiffCategory).
std::vector<std::string> disagreeing_fields(const nlohmann::json& a, const nlohmann::json& b,
                                            bool coarse);
inline bool disagree(const nlohmann::json& a, const nlohmann::json& b, bool coarse) {
  return !disagreeing_fields(a, b, coarse).empty();
}

// Who fails, from a record's verdict: pass and xpass pass; fail, xfail, error and blocked fail
// (an xfail is a known failure, still a failure of the command); skip and anything else is
// neither.
enum class SideState : u8 { passes, fails, neither };
SideState side_state(const std::string& verdict);

// The order in which diff shows disagreements.
enum class DiffCategory : u8 {
  a_passes_b_fails,
  a_fails_b_passes,
  both_fail,     // both fail, differently
  other,         // a side is skipped, or both pass with results the script does not allow
  spec_allowed,  // both pass: the results differ where the script allows it
};
const char* to_string(DiffCategory c);  // "a-passes-b-fails", ..., "spec-allowed"

// Why the script allows two different results of an assert_return, or "" when it does not:
// both sides' actual values match the expectation (harness/match.h), and then "NaN sign"
// (every differing value or lane differs in the sign of a NaN only), "either alternative"
// (the sides match different `either` alternatives), else "NaN payload".
std::string spec_allowed_cause(const nlohmann::json& a, const nlohmann::json& b);

struct Disagreement {
  std::string file;
  std::string profile;
  size_t index = 0;
  u64 line = 0;
  std::string kind;
  std::vector<std::string> fields;  // "outcome", "js_class", "values"; coarse: "verdict"
  nlohmann::json a, b;  // each side: verdict, reason, outcome, js_class, values, message
  DiffCategory category = DiffCategory::other;
  std::string allowed;      // spec_allowed: spec_allowed_cause
  nlohmann::json action;    // the record's `action` (A's), for display
  nlohmann::json expected;  // the record's `expected` (A's)
  std::string module_file;  // module commands: the record's module_file, else ""
};

// What is compared: --file (a glob, `*` crossing `/`, or a path prefix; any of several) and
// --kind (any of several). Empty lists select everything.
struct DiffFilter {
  std::vector<std::string> files;
  std::vector<std::string> kinds;
  bool selects_file(const std::string& file) const;
  bool selects_kind(const std::string& kind) const;
};

struct DiffResult {
  bool coarse = false;                      // verdicts only
  u64 compared = 0;                         // commands present on both sides
  std::vector<Disagreement> disagreements;  // in (file, index) order
  std::vector<CommandKey> only_in_a, only_in_b;  // in files both engines ran
  // Files only one engine ran (their commands are not in only_in_a/only_in_b), with the number
  // of commands each has.
  std::map<std::string, u64> files_only_in_a, files_only_in_b;
  u64 files_compared = 0;
  std::map<std::string, u64> by_file, by_kind, by_field;
  std::map<DiffCategory, u64> by_category;
  // Every command only one engine has, whether or not its file is shared.
  bool incomplete() const {
    return !only_in_a.empty() || !only_in_b.empty() || !files_only_in_a.empty() ||
           !files_only_in_b.empty();
  }
};

// The verdict class a coarse comparison uses: "pass" (pass, xpass), "fail" (fail, xfail),
// else the verdict itself (skip, blocked, error).
std::string verdict_class(const std::string& verdict);

DiffResult diff_records(const EngineRecords& a, const EngineRecords& b,
                        const DiffFilter& filter = {});
nlohmann::json to_json(const DiffResult& d, const EngineRecords& a, const EngineRecords& b);

// A checked-in list of known disagreements.
struct BaselineEntry {
  std::string file;
  size_t index = 0;
  std::string kind;                                // informational
  std::optional<std::vector<std::string>> fields;  // when given, must equal the diff's fields
  std::string reason;                              // the entry's own, else its class's
};
struct Baseline {
  std::string a, b;  // engine names ("" = any)
  std::map<CommandKey, BaselineEntry> entries;
};
struct BaselineLoad {
  std::optional<Baseline> baseline;
  std::string error;
};
BaselineLoad parse_baseline(const std::string& text, const std::string& origin);
BaselineLoad load_baseline(const std::string& path);

struct BaselineCheck {
  std::vector<const Disagreement*> fresh;                                     // not listed
  std::vector<const BaselineEntry*> gone;                                     // listed, agree now
  std::vector<std::pair<const Disagreement*, const BaselineEntry*>> changed;  // other fields
  u64 known = 0;                                                              // listed and matching
  bool ok() const { return fresh.empty() && gone.empty() && changed.empty(); }
};
BaselineCheck check_baseline(const DiffResult& d, const Baseline& baseline);

// Disagreements of one category and one cause, in (file, index) order.
struct DiffGroup {
  DiffCategory category = DiffCategory::other;
  std::string cause;
  std::vector<const Disagreement*> members;
};
// Groups in display order: by category, then by size (largest first), then by cause. The cause
// is, with a baseline, the listed entry's reason ("NEW (not in the baseline): ..." and
// "CHANGED (...): ..." otherwise); without one, `auto_cause`. The names are the engines' names
// as shown (A and B when both engines have the same name).
std::vector<DiffGroup> group_by_cause(const DiffResult& d, const Baseline* baseline,
                                      const std::string& name_a, const std::string& name_b);
// "reference xfail [outcome-mismatch], node pass; differs in outcome, js_class", or for a
// spec-allowed difference "spec-allowed: NaN sign" (reasons as recorded, `blocked-by:N` as
// `blocked-by`, an xfail's "; expected failure: ..." left out).
std::string auto_cause(const Disagreement& g, const std::string& name_a,
                       const std::string& name_b);

// `args` are the arguments after "diff".
int diff_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace wasmref::harness
