// Harness: converting a .wast with wast2json 1.0.32 (notes-harness §1.1, §1.9, §5.7)
//
// wast2json runs as a child process (posix_spawn, no shell) with the profile's flags, into a
// fresh temporary directory that is removed afterwards. A non-zero exit is a conversion
// error and a signal a converter crash: both are file statuses, not test failures.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace wasmref::harness {

// A fresh directory below $TMPDIR (or /tmp), removed with everything in it on destruction.
// While it lives its path is also in a fixed table that the signal handler of
// install_temp_dir_cleanup() empties, so a run stopped by a signal leaves no directory behind.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  bool ok() const { return !path_.empty(); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int slot_ = -1;  // its slot in the signal handler's table, -1 for none
};

// Installs handlers for SIGINT, SIGTERM, SIGHUP and SIGPIPE that remove the live TempDirs (and
// the files directly in them: conversion output is flat) and then die of the same signal, so
// the exit status still says which (a SIGPIPE from a closed stdout: 141, quietly). For the
// `wasmref` executable only (main.cc): a library does not take a process's signals.
void install_temp_dir_cleanup();

// The executable to run: a path containing '/' if it is executable, else a search of PATH.
std::optional<std::string> find_executable(const std::string& name);

struct Conversion {
  enum class Status { ok, failed, crashed, spawn_failed };
  Status status = Status::spawn_failed;
  std::string json_path;    // the converted script (status ok)
  std::string stderr_head;  // the converter's first stderr lines
  int exit_code = 0;
  int signal = 0;
};

// Runs `tool flags... wast -o <out_dir>/<stem>.json`.
Conversion convert_wast(const std::string& tool, const std::vector<std::string>& flags,
                        const std::string& wast_path, const std::string& out_dir);

// `tool --version`, trimmed; "" if it cannot be run.
std::string tool_version(const std::string& tool);

}  // namespace wasmref::harness
