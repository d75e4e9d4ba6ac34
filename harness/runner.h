// Harness: running a script in process through the JS-API layer (ARCHITECTURE "The JS-API
// layer", notes-harness §5.2, §5.4)
//
// Per script: one JS host (MiniHost) and one Agent (its store has a call-depth and a fuel
// limit, so no script can hang), the `spectest` import object made of the JS objects of the
// spectest host's externals, a registry of registered instances (name -> exports object), a
// table of named modules (`$id`) and a current instance. A failed `module` poisons the current
// instance: later actions on it are `blocked` until the next `module`.
//
// Every command goes through the `WebAssembly` operations (jsapi/webassembly.h): `module` is
// validate() + new Module + new Instance; actions call the Exported Function or read the
// Global's value with JS values. What JS cannot carry exactly (v128 in a signature, NaN
// payloads of f32/f64) goes through the embedding interface on the same store instead, and the
// record says so (`path`, `path_reason`).
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
