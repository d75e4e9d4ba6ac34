// JS-API §webassembly-namespace "instantiate" (js-api/index.bs): the MDN
// WebAssembly.instantiate() example, run over the built-in host MiniHost.
//
//   const importObject = {
//     my_namespace: { imported_func: (arg) => console.log(arg) },
//   };
//   WebAssembly.instantiate(bytes, importObject).then((result) =>
//     result.instance.exports.exported_func());
//
// Prints "42".
#include <cstdio>
#include <iostream>
#include <vector>

#include "jsapi/agent.h"
#include "jsapi/mini_host.h"
#include "jsapi/webassembly.h"

namespace {

using wasmref::u8;
using namespace wasmref::jsapi;  // NOLINT: an example program

// The module, in the text format:
//   (module
//     (func $i (import "my_namespace" "imported_func") (param i32))
//     (func (export "exported_func")
//       i32.const 42
//       call $i))
const std::vector<u8> kBytes = {
    0x00, 0x61, 0x73, 0x6D,  // magic "\0asm"
    0x01, 0x00, 0x00, 0x00,  // version 1
    // type section (id 1), 8 bytes, 2 types
    0x01, 0x08, 0x02,
    0x60, 0x01, 0x7F, 0x00,  // type 0: (func (param i32))
    0x60, 0x00, 0x00,        // type 1: (func)
    // import section (id 2), 30 bytes, 1 import
    0x02, 0x1E, 0x01,
    0x0C, 'm', 'y', '_', 'n', 'a', 'm', 'e', 's', 'p', 'a', 'c', 'e',  // "my_namespace"
    0x0D, 'i', 'm', 'p', 'o', 'r', 't', 'e', 'd', '_', 'f', 'u', 'n', 'c',  // "imported_func"
    0x00, 0x00,              // a function of type 0 (function index 0)
    // function section (id 3), 2 bytes: 1 function, of type 1 (function index 1)
    0x03, 0x02, 0x01, 0x01,
    // export section (id 7), 17 bytes, 1 export
    0x07, 0x11, 0x01,
    0x0D, 'e', 'x', 'p', 'o', 'r', 't', 'e', 'd', '_', 'f', 'u', 'n', 'c',  // "exported_func"
    0x00, 0x01,              // function index 1
    // code section (id 10), 8 bytes, 1 body of 6 bytes
    0x0A, 0x08, 0x01, 0x06,
    0x00,                    // no locals
    0x41, 0x2A,              // i32.const 42
    0x10, 0x00,              // call 0 (imported_func)
    0x0B,                    // end
};

}  // namespace

int main() {
  MiniHost host;
  Agent agent(host);

  // importObject = { my_namespace: { imported_func: (arg) => console.log(arg) } }
  const JsValue imported_func =
      host.function(u"imported_func", 1, [](JsHost& h, const CallArgs& call) -> Completion<JsValue> {
        const JsValue arg = call.missing(0) ? h.undefined() : call.args[0];
        WASMREF_JS_TRY(const std::u16string text, h.to_string(arg));
        std::cout << MiniHost::utf8(text) << "\n";
        return h.undefined();
      });
  const JsValue my_namespace = host.object();
  host.create_data_property(my_namespace, u"imported_func", imported_func);
  const JsValue import_object = host.object();
  host.create_data_property(import_object, u"my_namespace", my_namespace);

  // WebAssembly.instantiate(bytes, importObject)
  const JsValue args[] = {host.array_buffer(kBytes), import_object};
  CallArgs call;
  call.args = args;
  Completion<JsValue> promise = instantiate(agent, call);
  if (!promise) {
    std::cerr << "instantiate threw\n";
    return 1;
  }

  // .then((result) => result.instance.exports.exported_func())
  int status = 1;
  host.react(
      *promise,
      [&](JsValue result) {
        Completion<JsValue> instance = host.get(result, u"instance");
        if (!instance) return;
        CallArgs exports_call;
        exports_call.this_value = *instance;
        Completion<JsValue> exports = instance_exports(agent, exports_call);
        if (!exports) return;
        Completion<JsValue> exported_func = host.get(*exports, u"exported_func");
        if (!exported_func) return;
        Completion<JsValue> r = host.call(*exported_func, host.undefined(), {});
        if (r) status = 0;
      },
      [&](JsValue reason) {
        std::cerr << "instantiate rejected: " << MiniHost::utf8(host.error_message(reason)) << "\n";
      });

  // The event loop: the compile and instantiate tasks, then the reaction above.
  host.run_until_idle();
  return status;
}
