// Harness: running a script in process through the embedding interface (notes-harness §5.2, §5.4)
//
// Per script: a fresh Store with a call-depth and a fuel limit (no script can hang), the
// `spectest` host registered, a registry of registered instances (name -> exports), a table
// of named modules (`$id`) and a current instance. A failed `module` poisons the current
// instance: later actions on it are `blocked` until the next `module`.
#pragma once

#include <string>
#include <vector>

#include "embed/embed.h"
#include "harness/record.h"
#include "harness/script.h"

namespace wasmref::harness {

struct RunOptions {
  std::string file;     // suite-relative .wast path (for records)
  std::string profile;  // profile name (for records)
  Features features;
  ExecLimits limits;
};

// Default limits for scripts: the embedding's defaults plus a fuel budget per invocation.
ExecLimits default_script_limits();

// One record per command, with raw verdicts (pass, fail, skip, blocked, error); expectations
// are applied afterwards (finish_file).
std::vector<Record> run_script(const Script& script, const RunOptions& options);

}  // namespace wasmref::harness
