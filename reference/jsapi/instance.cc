// JS-API §instances and §webassembly-namespace (js-api/index.bs "read the imports",
// "instantiate the core of a WebAssembly module", "create an exports object", "initialize an
// instance object", the Instance interface).
#include "embed/embed.h"
#include "jsapi/convert.h"
#include "jsapi/namespace.h"
#include "jsapi/objects.h"
#include "jsapi/webassembly.h"
#include "runtime/store.h"
#include "syntax/messages.h"

namespace wasmref::jsapi {

// "read the imports" of `module` from `import_object` (undefined when not given). No builtin
// set and no imported-string module is ever enabled here (see
// validate_builtins_and_imported_strings), so steps 2-4 build an empty map.
Completion<std::vector<ExternVal>> read_the_imports(Agent& agent, const Module& module,
                                                    JsValue import_object) {
  JsHost& host = agent.host;
  // 1. imports but no import object: TypeError.
  if (!module.imports.empty() && host.type_of(import_object) == JsType::undefined)
    return throw_message(host, ErrorKind::TypeError, msg::js_imports_missing);
  // 5. imports = « ».
  std::vector<ExternVal> imports;
  u32 external_functions = 0;
  // 6. for each (moduleName, componentName, externtype) of module_imports(module), in order.
  for (const embed::ImportDesc& import : embed::module_imports(module)) {
    // 6.2. o = ? Get(importObject, moduleName), read again for every import.
    WASMREF_JS_TRY(const JsValue o, host.get(import_object, utf8_to_utf16(import.module)));
    // 6.3. o is not an Object: TypeError.
    if (host.type_of(o) != JsType::object)
      return throw_message(host, ErrorKind::TypeError, msg::js_import_module_not_object,
                           import.module);
    // 6.4. v = ? Get(o, componentName).
    WASMREF_JS_TRY(const JsValue v, host.get(o, utf8_to_utf16(import.name)));
    const std::string where = import.module + "." + import.name;
    // Every LinkError below: when the import object simply has no such property, say so with
    // the testsuite's text ("unknown import"), else name the step that failed. Only the
    // message differs; the class and the step are the spec's.
    const bool absent = host.type_of(v) == JsType::undefined;
    auto link_error = [&](const char* message) {
      return throw_message(host, ErrorKind::LinkError, absent ? msg::unknown_import : message, where);
    };
    switch (import.type.kind) {
      case ExternKind::func: {
        // 6.5.1. not callable: LinkError.
        if (!host.is_callable(v))
          return link_error(msg::js_import_not_callable);
        FuncAddr funcaddr{};
        if (const auto* f = unwrap_as<ExportedFunctionObject>(
                host, v, PlatformObject::Kind::exported_function)) {
          funcaddr = f->func;  // 6.5.2. an Exported Function: its [[FunctionAddress]]
        } else {
          // 6.5.3. create a host function; its "index of the host function" is the number of
          // external functions in imports so far.
          funcaddr = create_a_host_function(agent, v, import.type.func, import.type.func_def);
          agent.host_function_index[funcaddr.value] = external_functions;
        }
        imports.push_back(ExternVal{ExternKind::func, funcaddr.value});  // 6.5.4-5.
        ++external_functions;
        break;
      }
      case ExternKind::global: {
        GlobalAddr globaladdr{};
        if (const auto* g = unwrap_as<GlobalObject>(host, v, PlatformObject::Kind::global)) {
          globaladdr = g->global;  // 6.6.1. a Global: its [[Global]]
        } else {
          const ValType valtype = import.type.global.type;
          const JsType t = host.type_of(v);
          // 6.6.2.1-3. i64 needs a BigInt, i32/f32/f64 a Number; v128 never: LinkError.
          if (valtype == ValType::i64 && t != JsType::bigint)
            return link_error(msg::js_import_global_type);
          if ((valtype == ValType::i32 || valtype == ValType::f32 || valtype == ValType::f64) &&
              t != JsType::number)
            return link_error(msg::js_import_global_type);
          if (valtype == ValType::v128)
            return link_error(msg::js_import_global_type);
          // 6.6.2.4. ToWebAssemblyValue; a TypeError becomes a LinkError. (An exnref global
          // gets here too: the spec has no step for it, and ToWebAssemblyValue asserts exnref
          // away; ours throws that TypeError, so it is a LinkError like v128.)
          Completion<Value> value = to_webassembly_value(agent, v, valtype);
          if (!value) {
            if (host.error_kind(value.thrown().value) == ErrorKind::TypeError)
              return link_error(msg::js_import_global_type);
            return value.thrown();
          }
          // 6.6.2.5-7. a new immutable global.
          globaladdr = embed::global_alloc(*agent.store, GlobalType{Mut::const_, valtype}, *value);
        }
        imports.push_back(ExternVal{ExternKind::global, globaladdr.value});
        break;
      }
      case ExternKind::mem: {
        // 6.7. a Memory object, else LinkError.
        const auto* m = unwrap_as<MemoryObject>(host, v, PlatformObject::Kind::memory);
        if (m == nullptr)
          return link_error(msg::js_import_not_memory);
        imports.push_back(ExternVal{ExternKind::mem, m->memory.value});
        break;
      }
      case ExternKind::table: {
        // 6.8. a Table object, else LinkError.
        const auto* tab = unwrap_as<TableObject>(host, v, PlatformObject::Kind::table);
        if (tab == nullptr)
          return link_error(msg::js_import_not_table);
        imports.push_back(ExternVal{ExternKind::table, tab->table.value});
        break;
      }
      case ExternKind::tag: {
        // 6.9. tag attribute functype (6.9.1 the attribute is always exception in the core's
        // abstract syntax): a Tag object, else LinkError (6.9.2); tagaddr = v.[[Address]]
        // (6.9.3); append the external value tag tagaddr (6.9.4-5). Whether its type matches
        // the import's is module_instantiate's check (a LinkError there).
        const auto* tag = unwrap_as<TagObject>(host, v, PlatformObject::Kind::tag);
        if (tag == nullptr)
          return link_error(msg::js_import_not_tag);
        imports.push_back(ExternVal{ExternKind::tag, tag->tag.value});
        break;
      }
    }
  }
  return imports;
}

// "instantiate the core of a WebAssembly module".
Completion<ModuleAddr> instantiate_the_core(Agent& agent, std::shared_ptr<const Module> module,
                                            std::span<const ExternVal> imports) {
  JsHost& host = agent.host;
  Store& store = *agent.store;
  WASMREF_JS_TRY_VOID(check_instantiation_limits(agent, *module));
  // The start function is a JS -> wasm entry like an Exported Function call.
  if (store.active_invocations >= kMaxNestedWasmEntries)
    return Thrown{host.make_stack_overflow_error(utf8_to_utf16(msg::js_stack_overflow))};
  install_memory_grow_observer(agent);
  // 2-3. module_instantiate; an error is thrown as §errors maps it: LinkError for linking,
  // RuntimeError for a trap in a segment or the start function, RangeError for a refused
  // allocation or a stack overflow. An exception the start function did not catch is thrown
  // as "call an Exported Function" throws one (the spec says "the error object propagated
  // from inner ECMAScript code"): the JS value a host function threw (JSTag), else the
  // WebAssembly.Exception of the exception address.
  Result<ModuleAddr> result = embed::module_instantiate(store, std::move(module), imports);
  if (!result) return throw_core_error(agent, result.error());
  return *result;
}

// "create an exports object": null prototype, one data property per export in export order
// (objects from the identity caches), then frozen.
JsValue create_an_exports_object(Agent& agent, const Module& module, ModuleAddr instance) {
  JsHost& host = agent.host;
  const JsValue exports_object = host.null_prototype_object();
  for (const embed::ExportDesc& e : embed::module_exports(module)) {
    const std::optional<ExternVal> externval =
        embed::instance_export(*agent.store, instance, e.name);
    if (!externval) continue;  // Assert: not error (validation made the names unique)
    JsValue value{};
    switch (externval->kind) {
      case ExternKind::func: value = exported_function(agent, FuncAddr{externval->addr}); break;
      case ExternKind::global: value = global_object(agent, GlobalAddr{externval->addr}); break;
      case ExternKind::mem: value = memory_object(agent, MemAddr{externval->addr}); break;
      case ExternKind::table: value = table_object(agent, TableAddr{externval->addr}); break;
      case ExternKind::tag: value = tag_object(agent, TagAddr{externval->addr}); break;
    }
    host.create_data_property(exports_object, utf8_to_utf16(e.name), value);
  }
  host.freeze(exports_object);  // ! SetIntegrityLevel(exportsObject, "frozen")
  return exports_object;
}

// A new Instance, "initialize an instance object" from module and instance.
JsValue new_instance_object(Agent& agent, const Module& module, ModuleAddr instance) {
  auto slots = std::make_shared<InstanceObject>();
  slots->exports = create_an_exports_object(agent, module, instance);  // [[Exports]]
  slots->instance = instance;                                          // [[Instance]]
  return agent.host.wrap(std::move(slots));
}

// new Instance(moduleObject, importObject).
Completion<JsValue> instance_constructor(Agent& agent, const CallArgs& call) {
  JsHost& host = agent.host;
  if (!call.is_construct)
    return throw_message(host, ErrorKind::TypeError, msg::js_constructor_requires_new);
  // WebIDL: `Module module` then `optional object importObject`.
  if (call.missing(0)) return throw_message(host, ErrorKind::TypeError, msg::js_missing_argument);
  const auto* m = unwrap_as<ModuleObject>(host, call.args[0], PlatformObject::Kind::module);
  if (m == nullptr || m->module == nullptr)
    return throw_message(host, ErrorKind::TypeError, msg::js_not_a_module);
  WASMREF_JS_TRY(const JsValue import_object, convert_import_object(host, call, 1));
  const std::shared_ptr<const Module> module = m->module;  // 3. [[Module]]
  // 4. read the imports; 5. instantiate the core; 6. initialize the instance object.
  WASMREF_JS_TRY(const std::vector<ExternVal> imports,
                 read_the_imports(agent, *module, import_object));
  WASMREF_JS_TRY(const ModuleAddr instance, instantiate_the_core(agent, module, imports));
  return new_instance_object(agent, *module, instance);
}

// get Instance#exports: this.[[Exports]], the same object every time.
Completion<JsValue> instance_exports(Agent& agent, const CallArgs& call) {
  const auto* i =
      unwrap_as<InstanceObject>(agent.host, call.this_value, PlatformObject::Kind::instance);
  if (i == nullptr)
    return throw_message(agent.host, ErrorKind::TypeError, msg::js_illegal_invocation);
  return i->exports;
}

}  // namespace wasmref::jsapi
