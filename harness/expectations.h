// Harness: expected failures of an engine (ARCHITECTURE "Expectations", notes-harness §5.6)
//
// A checked-in list of known failures, keyed by suite-relative file and optionally a command
// index. Listed and failing = xfail; listed and passing = xpass, which fails the run, so the
// list can only shrink. A whole-file entry turns failing commands into xfail and leaves
// passing ones as pass, but the file is xpass when none of its commands fails.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "harness/record.h"

namespace wasmref::harness {

inline constexpr const char* kExpectationsSchema = "wasmref-expectations/1";

struct ExpectationEntry {
  std::string file;             // suite-relative .wast path
  std::optional<size_t> index;  // nullopt: the whole file
  std::string reason;
  mutable bool used = false;  // matched a file/command of this run
};

struct Expectations {
  std::string engine;
  std::vector<ExpectationEntry> entries;

  bool file_listed(const std::string& file) const;  // any entry for the file
  bool whole_file_listed(const std::string& file) const;
  const ExpectationEntry* whole_file_entry(const std::string& file) const;
  const ExpectationEntry* command_entry(const std::string& file, size_t index) const;
  std::vector<const ExpectationEntry*> unused() const;
};

struct ExpectationsLoad {
  std::optional<Expectations> expectations;
  std::string error;
};
ExpectationsLoad parse_expectations(const std::string& text, const std::string& path);
ExpectationsLoad load_expectations(const std::string& path);

// Turns raw verdicts (pass/fail/skip/blocked/error) into final ones and computes the file's
// status, counts and skipped_by_reason. `expectations` may be null. A file whose status is
// already convert_error/convert_crash/error (set before running) keeps it.
void finish_file(FileResult& f, const Expectations* expectations);

}  // namespace wasmref::harness
