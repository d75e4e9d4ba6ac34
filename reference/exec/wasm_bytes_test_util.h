// Test helper (not a spec part): a tiny builder of wasm binaries (§5 binary format) for the
// exec/, host/ and embed/ unit tests, and a decode -> validate -> instantiate -> invoke driver
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "binary/builder.h"
#include "embed/embed.h"
#include "runtime/store.h"

namespace wasmref::testing {

// decode -> validate -> instantiate. Decode and validation failures are test failures.
inline Result<ModuleAddr> instantiate(Store& s, const Bytes& bytes,
                                      std::vector<ExternVal> imports = {}) {
  Result<std::shared_ptr<Module>> m = embed::module_decode(bytes);
  if (!m) {
    ADD_FAILURE() << "decode: " << m.error().message;
    return m.take_error();
  }
  Result<void> v = embed::module_validate(**m);
  if (!v) {
    ADD_FAILURE() << "validate: " << v.error().message;
    return v.take_error();
  }
  return embed::module_instantiate(s, *m, imports);
}

// Invokes the exported function `field` of `inst`.
inline Result<std::vector<Value>> invoke_export(Store& s, ModuleAddr inst, const std::string& field,
                                                std::vector<Value> args = {}) {
  std::optional<ExternVal> ev = embed::instance_export(s, inst, field);
  if (!ev || ev->kind != ExternKind::func) {
    ADD_FAILURE() << "no exported function " << field;
    return make_error(Outcome::crash, "no such export");
  }
  return embed::func_invoke(s, FuncAddr{ev->addr}, args);
}

}  // namespace wasmref::testing
