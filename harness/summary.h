// Harness: the run summary, merged across concurrent processes (reports/README.md)
//
// ctest runs one process per .wast, all writing into the same report directory at once, so
// the summary is merged: lock, read, replace the entries of the files this process ran,
// recompute the totals, write a temporary file and rename it over the summary.
#pragma once

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
};

// The merged summary: `existing` (may be null or not a summary) with every file entry whose
// (file, profile) is in `files` replaced, and all totals recomputed from the file entries.
nlohmann::json merge_summary(const nlohmann::json& existing,
                             const std::vector<nlohmann::json>& files, const SummaryInfo& info);

// Locks `<path>.lock` (flock), merges into the summary at `path` and renames a temporary file
// over it. Returns an error message, or "" on success.
std::string write_summary(const std::string& path, const std::vector<nlohmann::json>& files,
                          const SummaryInfo& info);

// Writes the records of one file as JSON lines (temporary file + rename). "" on success.
std::string write_records(const std::string& path, const std::vector<Record>& records);

}  // namespace wasmref::harness
