// JS-API §webassembly-namespace (js-api/index.bs "The WebAssembly Namespace": validate,
// compile, instantiate, and the asynchronous algorithms behind them).
#include "jsapi/namespace.h"

#include <utility>

#include "jsapi/objects.h"
#include "jsapi/webassembly.h"
#include "syntax/messages.h"

namespace wasmref::jsapi {

namespace {

// WebIDL: an operation returning a promise never throws; a conversion failure gives a
// promise rejected with the exception.
JsValue rejected_promise(JsHost& host, const Thrown& thrown) {
  const JsValue promise = host.new_promise();
  host.reject_promise(promise, thrown.value);
  return promise;
}

}  // namespace

Completion<JsValue> convert_import_object(JsHost& host, const CallArgs& call, size_t index) {
  if (call.missing(index)) return host.undefined();
  const JsValue v = call.args[index];
  const JsType t = host.type_of(v);
  if (t == JsType::undefined) return v;  // WebIDL: undefined is "missing" for `optional`
  if (t != JsType::object)
    return throw_message(host, ErrorKind::TypeError, msg::js_not_a_dictionary);
  return v;
}

// validate(bytes, options): true or false; throws only for the argument conversions.
Completion<JsValue> validate(Agent& agent, const CallArgs& call) {
  JsHost& host = agent.host;
  // 1. stableBytes = a copy of the bytes held by the buffer.
  WASMREF_JS_TRY(const std::vector<u8> stable_bytes, copy_buffer_source_argument(host, call, 0));
  WASMREF_JS_TRY(const CompileOptions options, convert_compile_options(host, call, 1));
  // 2-3. compile (the JS-API limits included); error -> false.
  Result<std::shared_ptr<Module>> module = compile_a_webassembly_module(agent.limits, stable_bytes, agent.features);
  if (!module) return host.boolean(false);
  // 4-6. builtins and imported strings.
  if (!validate_builtins_and_imported_strings(**module, options)) return host.boolean(false);
  return host.boolean(true);  // 7.
}

// "asynchronously compile a WebAssembly module". The compilation itself (unobservable, "in
// parallel") runs now; the promise settles in a queued task, never inline.
JsValue asynchronously_compile(Agent& agent, std::vector<u8> bytes, CompileOptions options) {
  JsHost& host = agent.host;
  const JsValue promise = host.new_promise();  // 1.
  // 2.1. compile the module.
  auto module = std::make_shared<Result<std::shared_ptr<Module>>>(
      compile_a_webassembly_module(agent.limits, bytes, agent.features));
  auto stable_bytes = std::make_shared<std::vector<u8>>(std::move(bytes));
  auto opts = std::make_shared<CompileOptions>(std::move(options));
  Agent* a = &agent;
  // 2.2. queue a task.
  host.queue_task([a, promise, module, stable_bytes, opts] {
    JsHost& h = a->host;
    // 2.2.1. error -> reject with a CompileError.
    if (!*module) {
      h.reject_promise(promise, throw_core_error(*a, module->error()).value);
      return;
    }
    // 2.2.2-4. builtins and imported strings -> CompileError.
    if (!validate_builtins_and_imported_strings(***module, *opts)) {
      h.reject_promise(promise,
                       throw_message(h, ErrorKind::CompileError, msg::js_duplicate_builtin).value);
      return;
    }
    // 2.2.5. construct a module object and resolve.
    h.resolve_promise(promise,
                      construct_a_module_object(*a, std::move(**module), std::move(*stable_bytes)));
  });
  return promise;  // 3.
}

// compile(bytes, options).
Completion<JsValue> compile(Agent& agent, const CallArgs& call) {
  JsHost& host = agent.host;
  Completion<std::vector<u8>> bytes = copy_buffer_source_argument(host, call, 0);
  if (!bytes) return rejected_promise(host, bytes.thrown());
  Completion<CompileOptions> options = convert_compile_options(host, call, 1);
  if (!options) return rejected_promise(host, options.thrown());
  return asynchronously_compile(agent, std::move(*bytes), std::move(*options));
}

// "asynchronously instantiate a WebAssembly module": the imports are read now (user getters
// run before the call returns); the core instantiation runs in a queued task.
JsValue asynchronously_instantiate(Agent& agent, JsValue module_object, JsValue import_object) {
  JsHost& host = agent.host;
  const JsValue promise = host.new_promise();  // 1.
  const auto* m = unwrap_as<ModuleObject>(host, module_object, PlatformObject::Kind::module);
  if (m == nullptr || m->module == nullptr) {
    host.reject_promise(promise,
                        throw_message(host, ErrorKind::TypeError, msg::js_not_a_module).value);
    return promise;
  }
  const std::shared_ptr<const Module> module = m->module;  // 2.
  // 5. read the imports; a throw rejects.
  Completion<std::vector<ExternVal>> imports = read_the_imports(agent, *module, import_object);
  if (!imports) {
    host.reject_promise(promise, imports.thrown().value);
    return promise;
  }
  auto externvals = std::make_shared<std::vector<ExternVal>>(std::move(*imports));
  Agent* a = &agent;
  // 6. queue a task: instantiate the core, make the Instance, resolve.
  host.queue_task([a, promise, module, externvals] {
    JsHost& h = a->host;
    Completion<ModuleAddr> instance = instantiate_the_core(*a, module, *externvals);
    if (!instance) {
      h.reject_promise(promise, instance.thrown().value);
      return;
    }
    h.resolve_promise(promise, new_instance_object(*a, *module, *instance));
  });
  return promise;  // 7.
}

// "instantiate a promise of a module": {module, instance} once both are there.
JsValue instantiate_a_promise_of_a_module(Agent& agent, JsValue promise_of_module,
                                          JsValue import_object) {
  JsHost& host = agent.host;
  const JsValue promise = host.new_promise();  // 1.
  Agent* a = &agent;
  // 2. react to promiseOfModule.
  host.react(
      promise_of_module,
      [a, promise, import_object](JsValue module) {
        JsHost& h = a->host;
        const JsValue inner = asynchronously_instantiate(*a, module, import_object);
        h.react(
            inner,
            [a, promise, module](JsValue instance) {
              JsHost& h2 = a->host;
              // WebAssemblyInstantiatedSource; members in declaration order (decision 6).
              const JsValue result = h2.object();
              h2.create_data_property(result, u"module", module);
              h2.create_data_property(result, u"instance", instance);
              h2.resolve_promise(promise, result);
            },
            [a, promise](JsValue reason) { a->host.reject_promise(promise, reason); });
      },
      [a, promise](JsValue reason) { a->host.reject_promise(promise, reason); });
  return promise;  // 3.
}

// instantiate(bytes, importObject, options) and instantiate(moduleObject, importObject):
// overload resolution on the first argument (a Module -> the module overload).
Completion<JsValue> instantiate(Agent& agent, const CallArgs& call) {
  JsHost& host = agent.host;
  if (call.missing(0))
    return rejected_promise(host,
                            throw_message(host, ErrorKind::TypeError, msg::js_missing_argument));
  if (unwrap_as<ModuleObject>(host, call.args[0], PlatformObject::Kind::module) != nullptr) {
    Completion<JsValue> import_object = convert_import_object(host, call, 1);
    if (!import_object) return rejected_promise(host, import_object.thrown());
    return asynchronously_instantiate(agent, call.args[0], *import_object);
  }
  Completion<std::vector<u8>> bytes = copy_buffer_source_argument(host, call, 0);
  if (!bytes) return rejected_promise(host, bytes.thrown());
  Completion<JsValue> import_object = convert_import_object(host, call, 1);
  if (!import_object) return rejected_promise(host, import_object.thrown());
  Completion<CompileOptions> options = convert_compile_options(host, call, 2);
  if (!options) return rejected_promise(host, options.thrown());
  // 1-2. stableBytes, asynchronously compile; 3. instantiate the promise of a module.
  const JsValue promise_of_module =
      asynchronously_compile(agent, std::move(*bytes), std::move(*options));
  return instantiate_a_promise_of_a_module(agent, promise_of_module, *import_object);
}

}  // namespace wasmref::jsapi
