// Harness: engine adapters (ARCHITECTURE "Data flow", notes-harness §5.4)
//
// One interface for every engine the harness drives: the reference in process, node (V8)
// through a generated JS driver, WABT's spectest-interp (coarse, whole file), and any engine
// speaking the JSON-lines protocol (harness/PROTOCOL.md). The script driver (driver.h) walks
// a script's commands, calls the adapter, and judges each reply into a Record; adapters never
// judge. Values cross the interface in the wast2json encoding (type + unsigned decimal bit
// strings, v128 as lane_type + value array), so no float is ever formatted in transit.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/profiles.h"
#include "harness/record.h"
#include "harness/script.h"

namespace wasmref::harness {

struct EngineDescription {
  std::string name;     // "reference", "node", "wabt", or the protocol engine's own name
  std::string version;  // e.g. "0.1.0", "v20.20.2", "1.0.32"
  // Coarse engines only report pass/fail per command (e.g. spectest-interp's output lines):
  // their records carry the verdict and a message but no outcome/class/values of their own.
  bool coarse = false;
  std::vector<std::string> features;  // what it supports (informational)
  std::string config;                 // flags in use (e.g. V8 flags of the profile)
};

// What happened for one request. `outcome` is one of the outcomes of reports/README.md (ok,
// malformed, invalid, link_error, instantiation_trap, trap, exhaustion, exception,
// unsupported, crash, timeout, error, and `blocked` when an adapter has given up on its engine
// for the rest of the file); `js_class` the JS error class observed (or the class
// the outcome maps to, for engines without JS), nullopt when nothing was thrown.
struct Reply {
  std::string outcome = "ok";
  std::string message;
  std::optional<std::string> js_class;
  nlohmann::json values;  // invoke/get results (wast2json encoding), else null
  // Outcome "exception", when the engine can say: {"tag": how the engine names the thrown tag,
  // "payload": its values (wast2json encoding)}; else null (reports/README.md).
  nlohmann::json exception;
  std::string path;       // e.g. "jsapi", "embed", "wrapper", "direct" (adapter-specific)
  std::string path_reason;
  std::optional<u32> handle;  // compile: module handle; instantiate: instance handle
  // Outcome "error" (the request could not be carried out, e.g. no such export): a short
  // reason code the record keeps (`unknown-export`, `bad-command`, ...); "" = engine-error.
  std::string reason;
};

// The interface of notes-harness §5.4. Handles are small integers the adapter hands out.
// `index` is the command index the request belongs to (for logs and for adapters that run a
// whole script up front and answer from their results).
class Engine {
 public:
  virtual ~Engine() = default;
  virtual EngineDescription describe() = 0;
  // A fresh store with `spectest` registered, for this script and profile.
  virtual Reply begin_script(const Script& script, const Profile& profile) = 0;
  // Decode + validate the module file (absolute path); handle of the compiled module.
  virtual Reply compile(size_t index, const std::string& wasm_path) = 0;
  // Engines that can compile a module held in memory say so; the driver then gives them the
  // bytes the native reader encoded (Command::module_bytes), and no module file is written for
  // them. The others get a file.
  virtual bool compiles_bytes() const { return false; }
  virtual Reply compile_bytes(size_t index, const std::string& bytes) {
    (void)index;
    (void)bytes;
    Reply r;
    r.outcome = "error";
    r.message = "this engine compiles module files only";
    return r;
  }
  // Link and instantiate a compiled module with the registered instances and spectest.
  virtual Reply instantiate(size_t index, u32 module_handle) = 0;
  virtual Reply register_instance(size_t index, u32 instance_handle, const std::string& as) = 0;
  // args / results in the wast2json encoding; `result_types` are the expected result types
  // when the script gives them (wast2json's `expected` type list), else empty.
  virtual Reply invoke(size_t index, u32 instance_handle, const std::string& field,
                       const nlohmann::json& args) = 0;
  virtual Reply get(size_t index, u32 instance_handle, const std::string& field) = 0;
  virtual void end_script() = 0;

  // Coarse engines run a whole file at once instead (spectest-interp): when this returns
  // records, the driver uses them and calls nothing else.
  virtual std::optional<std::vector<Record>> run_whole_file(const Script& script,
                                                            const Profile& profile) {
    (void)script;
    (void)profile;
    return std::nullopt;
  }
};

// The engines `wasmref wast --engine NAME` knows: "reference" (default), "node", "wabt",
// and "cmd:<command line>" for a JSON-lines protocol engine. nullptr and `error` set when the
// engine is unknown or cannot start.
std::unique_ptr<Engine> make_engine(const std::string& name, std::string& error);

}  // namespace wasmref::harness
