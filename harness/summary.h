// Harness: the run summary, merged across concurrent processes (reports/README.md)
//
// ctest runs one process per .wast, all writing into the same report directory at once, so
// the summary is merged: lock, read, replace the entries of the files this process ran,
// recompute the totals, write a temporary file and rename it over the summary.
//
// Provenance: every process that writes a summary adds itself to `runs` (wasmref version and
// commit, command line, start time, converter), and each file entry names the run that
// produced it (`run`), so an entry left from an earlier run can be told from this run's.
#pragma once

#include <ctime>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/record.h"

namespace wasmref::harness {

inline constexpr const char* kSummarySchema = "wasmref-summary/1";
inline constexpr const char* kRecordSchema = "wasmref-record/1";

struct SummaryInfo {
  std::string engine_name = "reference";
  std::string engine_version;
  bool engine_coarse = false;  // EngineDescription::coarse (records carry the verdict only)
  std::string engine_config;   // EngineDescription::config (e.g. the V8 flags in use)
  std::string suite = "2022";     // the suite this run read ("2022" or "3.0")
  std::string testsuite_revision;  // of that suite
  std::string converter_name = "wast2json";  // or "native" (the text reader; per file in `files`)
  std::string converter_version;  // `wast2json --version` or wasmref's version, "" when not run

  // Provenance of the run (reports/README.md "Provenance"). A run with an empty `started` is
  // not added to `runs` (callers that predate provenance, tests).
  std::string wasmref_version;            // project_version()
  std::string wasmref_commit;             // project_commit(): git HEAD at configure time
  std::vector<std::string> command_line;  // argv as given, "wasmref" first
  std::string started;                    // UTC ISO 8601, process_started_utc()
  std::string run_id;                     // unique per process; "" = started + "/" + pid
};

// `t` as UTC ISO 8601 with seconds, e.g. "2025-03-01T12:00:05Z".
std::string utc_iso8601(std::time_t t);
// When this process started (taken during static initialisation), as utc_iso8601.
std::string process_started_utc();

// The merged summary: `existing` (may be null or not a summary) with every file entry whose
// (file, profile) is in `files` replaced, and all totals recomputed from the file entries.
// Replaced, not merged: every existing entry with such a key is dropped and all of this run's
// entries for it are kept, so two scripts of one run that share a key (same base name) are
// both counted (each marked `"key_collision": true`), never one hiding the other's failure.
// Runs no file entry names any more are dropped from `runs`.
nlohmann::json merge_summary(const nlohmann::json& existing,
                             const std::vector<nlohmann::json>& files, const SummaryInfo& info);

// Locks `<path>.lock` (flock), merges into the summary at `path` and renames a temporary file
// over it. Returns an error message, or "" on success.
std::string write_summary(const std::string& path, const std::vector<nlohmann::json>& files,
                          const SummaryInfo& info);

// Writes the records of one file as JSON lines (temporary file + rename). "" on success.
std::string write_records(const std::string& path, const std::vector<Record>& records);

}  // namespace wasmref::harness
