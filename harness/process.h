// Harness: running an external tool (wast2json, spectest-interp) with its output in files
#pragma once

#include <string>
#include <vector>

namespace wasmref::harness {

struct ProcessResult {
  bool started = false;    // spawned and waited for
  bool timed_out = false;  // killed at the deadline
  int status = 0;          // waitpid status (WIFEXITED / WIFSIGNALED apply)
};

// Runs args[0] (a path, not searched in PATH) with stdin from /dev/null and stdout / stderr
// written to the given files; waits for it, killing it (SIGKILL) after `timeout_s` seconds
// when `timeout_s` > 0.
ProcessResult run_process(const std::vector<std::string>& args, const std::string& out_file,
                          const std::string& err_file, double timeout_s = 0);

}  // namespace wasmref::harness
