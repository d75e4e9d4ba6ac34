// Harness: the script driver, one Record per command for any Engine (ARCHITECTURE "The
// harness", notes-harness §5.2, §5.4)
//
// The driver walks a Script's commands in order, asks an Engine (engine.h) to compile,
// instantiate, register, invoke and get, and judges each Reply into a Record with judge.h.
// Everything that is script bookkeeping rather than engine behaviour lives here, once, for
// every engine: text modules (wast2json's `.wat` files, the native reader's quoted modules)
// are read by the native text reader, and one malformed as text is judged `malformed`
// (CompileError, path `text`) without reaching the engine; a failed `module` poisons the
// current instance (and its `$id`) so later actions on it are `blocked`; named modules; 3.0
// module definitions (compile only) and instances; the module of an assertion is never
// current; a command the script cannot express is `skip`/`error`.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/engine.h"

namespace wasmref::harness {

// Drives one script through `engine` (begin_script ... end_script), or takes the engine's
// whole-file records (coarse engines). `file` is the suite-relative .wast path of the records.
// Raw verdicts (pass, fail, skip, blocked, error); expectations are applied afterwards.
std::vector<Record> drive_script(Engine& engine, const Script& script, const Profile& profile,
                                 const std::string& file);

// A reply value (wast2json encoding, exact bits: no patterns) as a runtime Value; a non-null
// funcref's number is taken as the address it names. nullopt + `error` when it is not one.
std::optional<Value> decode_reply_value(const nlohmann::json& j, std::string& error);

// --- Making engines with options (engine.cc) ------------------------------------------------

struct EngineOptions {
  std::optional<u64> fuel;  // reference: fuel per invocation (default: default_script_limits)
  std::optional<u32> max_call_depth;  // reference: wasm frames active at once (ExecLimits)
  // Protocol engines: the per-request deadline in milliseconds (a profile may raise it).
  u32 deadline_ms = 10'000;
};

// make_engine (engine.h) with options; make_engine(name, error) uses the defaults.
std::unique_ptr<Engine> make_engine_with(const std::string& name, const EngineOptions& options,
                                         std::string& error);

}  // namespace wasmref::harness
