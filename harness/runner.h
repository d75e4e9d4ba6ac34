// Harness: the `reference` engine, in process through the JS-API layer (ARCHITECTURE "The
// JS-API layer", notes-harness §5.2, §5.4)
//
// The reference as an Engine (engine.h): per script (begin_script) one JS host (MiniHost) and
// one Agent (its store has a call-depth and a fuel limit, so no script can hang), the
// `spectest` import object made of the JS objects of the spectest host's externals, and a
// registry of registered instances (name -> exports object). Compiled modules and instances
// are handed out as handles; the script bookkeeping (current instance, `$id`s, poisoning) is
// the driver's (driver.h).
//
// Every request goes through the `WebAssembly` operations (jsapi/webassembly.h): compile is
// validate() + new Module, instantiate new Instance; actions call the Exported Function or
// read the Global's value with JS values. What JS cannot carry exactly (v128 in a signature,
// NaN payloads of f32/f64) goes through the embedding interface on the same store instead,
// and the reply says so (`path`, `path_reason`). To decide, the adapter looks at the
// command's expectations in the script it was given; with no script (`wasmref serve`), it
// takes the embedding path for every float or v128 in the signature.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "embed/embed.h"
#include "harness/engine.h"
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

// The `reference` Engine with these store limits.
std::unique_ptr<Engine> make_reference_engine(const ExecLimits& limits = default_script_limits());

// The reference engine driven over the whole script (drive_script): one record per command,
// with raw verdicts (pass, fail, skip, blocked, error); expectations are applied afterwards
// (finish_file).
std::vector<Record> run_script(const Script& script, const RunOptions& options);

}  // namespace wasmref::harness
