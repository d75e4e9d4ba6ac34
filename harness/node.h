// Harness: the node (V8) engine adapter (notes-harness §5.4 item 4; ARCHITECTURE "Data flow")
//
// One node process per script. begin_script plans the script's requests (the same sequence
// the script driver will make: compile + instantiate per module, register, invoke, get), writes
// one JS file, the driver harness/node_driver.js followed by the plan as data, runs
// `node [profile V8 flags] file.js` once under a whole-process deadline, and keeps the replies
// it printed, one JSON line per request. The Engine calls are then answered from those replies
// by command index. A request without a reply (node crashed, was killed, or ran out of time)
// is answered `crash` or `timeout`.
//
// 3.0 scripts: a `module definition` is planned as a compile only; a `module instance` as one
// instantiate (under its own command index) of the named or last definition's module, with
// that module's export types; a quoted module malformed as text (Command::text_error) is never
// planned (the driver judges it). A wast2json text module (.wat) is read with the native text
// reader while planning and written to `<file>.wat.wasm`, as the driver does later.
//
// Invokes whose signature (decoded from the module's .wasm with the reference decoder) has
// f32, f64 or v128 go through a wrapper module (harness/wrapper.h): `path: "wrapper"`; the rest
// are plain JS calls: `path: "direct"`. Globals of those types are read the same way.
//
// A CompileError is malformed or invalid as the reference's decode + validate of the same
// bytes says, where that agrees with what the command expects; where it does not (the
// reference cannot classify the module: a proposal it does not implement), the reply's
// outcome is `compile_error` and `path_reason` quotes the reference's verdict (judge.h).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "harness/engine.h"

namespace wasmref::harness {

struct NodeOptions {
  std::string node = "node";  // the executable, looked up in PATH
  // The whole-process deadline in seconds; 0 = the profile's timeout.
  double deadline_s = 0;
  // Keep the generated JS file (its path is in begin_script's reply message).
  bool keep_files = false;
};

// The driver source (harness/node_driver.js), embedded at build time.
const char* node_driver_js();

// `node --version` (e.g. "v20.20.2"), or nullopt when node cannot be run.
std::optional<std::string> node_version(const std::string& node = "node");

// The V8 flags of a profile (spec-tests/profiles.json `node`).
std::vector<std::string> node_flags(const Profile& profile);

// The function and global export types of a module from its type, import, function,
// global and export sections alone (every other section skipped by size), for modules the
// reference rejects (a proposal it does not implement); nullopt when they cannot be read.
std::optional<std::map<std::string, ExternType>> export_types_by_sections(
    std::span<const u8> bytes);

class NodeEngine final : public Engine {
 public:
  explicit NodeEngine(NodeOptions options = {});
  ~NodeEngine() override;

  EngineDescription describe() override;
  Reply begin_script(const Script& script, const Profile& profile) override;
  Reply compile(size_t index, const std::string& wasm_path) override;
  Reply instantiate(size_t index, u32 module_handle) override;
  Reply register_instance(size_t index, u32 instance_handle, const std::string& as) override;
  Reply invoke(size_t index, u32 instance_handle, const std::string& field,
               const nlohmann::json& args) override;
  Reply get(size_t index, u32 instance_handle, const std::string& field) override;
  void end_script() override;

  // The JS file of the current script (driver + plan); for tests and debugging.
  const std::string& script_js() const { return js_; }

  // What the plan says about one request, for lookups.
  struct Planned {
    nlohmann::json request;      // as sent to the driver
    std::string core_outcome;    // compile: the reference's decode + validate verdict
    std::string core_message;    // ... and its message when it rejects the module
    // compile of assert_malformed/assert_invalid/...: the outcome the command expects ("" for
    // a `module`). Where it is malformed or invalid and the reference's verdict differs, the
    // reference cannot classify the module: V8's CompileError is reported as `compile_error`
    // (judge.h) instead of taking the reference's split.
    std::string expected;
  };

 private:
  Reply answer(size_t index, const std::string& op, const std::optional<u32>& handle,
               const std::optional<std::string>& field);

  NodeOptions options_;
  std::optional<std::string> version_;
  std::string config_;  // the current profile's flags
  std::string js_;
  std::map<std::pair<size_t, std::string>, Planned> plan_;
  std::map<std::pair<size_t, std::string>, Reply> replies_;
  Reply missing_;  // the reply of a planned request node never answered
};

// The node engine, or nullptr with `error` set when node cannot be run.
std::unique_ptr<Engine> make_node_engine(std::string& error, NodeOptions options = {});

}  // namespace wasmref::harness
