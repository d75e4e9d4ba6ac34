// Harness: diff of two engines' records (ARCHITECTURE "Reports", notes-harness §5.5)
//
//   wasmref diff DIR/A DIR/B [--json FILE] [--baseline FILE] [--quiet]
//
// DIR/A and DIR/B are engine report directories (`<report>/<engine>`, holding
// `<profile>/<file>.jsonl` and `summary.json`). Records are joined on (file, index) and every
// command whose actual outcome, JS class or values differ is listed, independent of which
// engine is right (so two engines failing the same way agree). When either engine is coarse
// (its records carry only a verdict), only the pass/fail verdict is compared, and the output
// says so. Counts per file, per command kind and per differing field; text on stdout, JSON
// with --json.
//
// With --baseline FILE (schema `wasmref-diff-baseline/1`): the disagreements are checked
// against a list of known ones, grouped in classes with a reason each. A disagreement not in
// the list, a listed one that no longer disagrees, one that disagrees in other fields than
// listed, and a command only one engine has records for all fail the check (exit 1), so the
// baseline stays true.
//
// Exit: 0 no disagreement (or, with --baseline, exactly the baseline's); 1 otherwise; 2 usage
// or input error.
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

struct Disagreement {
  std::string file;
  std::string profile;
  size_t index = 0;
  u64 line = 0;
  std::string kind;
  std::vector<std::string> fields;  // "outcome", "js_class", "values"; coarse: "verdict"
  nlohmann::json a, b;  // each side: verdict, reason, outcome, js_class, values, message
};

struct DiffResult {
  bool coarse = false;                      // verdicts only
  u64 compared = 0;                         // commands present on both sides
  std::vector<Disagreement> disagreements;  // in (file, index) order
  std::vector<CommandKey> only_in_a, only_in_b;
  std::map<std::string, u64> by_file, by_kind, by_field;
};

// The verdict class a coarse comparison uses: "pass" (pass, xpass), "fail" (fail, xfail),
// else the verdict itself (skip, blocked, error).
std::string verdict_class(const std::string& verdict);

DiffResult diff_records(const EngineRecords& a, const EngineRecords& b);
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

// `args` are the arguments after "diff".
int diff_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace wasmref::harness
