// Harness: the engines `wasmref wast --engine NAME` knows (ARCHITECTURE "Data flow",
// notes-harness §5.4)
#include "harness/engine.h"

#include "harness/driver.h"
#include "harness/node.h"
#include "harness/protocol.h"
#include "harness/runner.h"
#include "harness/wabt.h"

namespace wasmref::harness {

std::unique_ptr<Engine> make_engine_with(const std::string& name, const EngineOptions& options,
                                         std::string& error) {
  if (name == "reference") {
    ExecLimits limits = default_script_limits();
    if (options.fuel) limits.fuel = *options.fuel;
    if (options.max_call_depth) limits.max_call_depth = *options.max_call_depth;
    return make_reference_engine(limits);
  }
  if (name == "node") return make_node_engine(error);
  if (name == "wabt") return make_wabt_engine(error);
  const std::string cmd = "cmd:";
  if (name.rfind(cmd, 0) == 0) {
    ProtocolOptions po;
    po.command = name.substr(cmd.size());
    po.deadline_ms = options.deadline_ms;
    return make_protocol_engine(po, error);
  }
  error = "unknown engine '" + name + "' (reference, node, wabt or cmd:<command line>)";
  return nullptr;
}

std::unique_ptr<Engine> make_engine(const std::string& name, std::string& error) {
  return make_engine_with(name, EngineOptions{}, error);
}

}  // namespace wasmref::harness
