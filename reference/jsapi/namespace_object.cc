// JS-API §webassembly-namespace and §error-objects (js-api/index.bs "create the WebAssembly
// namespace object"): the `WebAssembly` object with every operation, interface and error class.
#include <string>

#include "jsapi/namespace.h"
#include "jsapi/objects.h"
#include "jsapi/webassembly.h"
#include "syntax/messages.h"

namespace wasmref::jsapi {

namespace {

// A built-in function running `op` on the agent.
JsValue operation(Agent& agent, std::u16string_view name, u32 length, Operation op) {
  Agent* a = &agent;
  return agent.host.function(name, length,
                             [a, op](JsHost&, const CallArgs& call) { return op(*a, call); });
}

// An interface object (WebIDL "create an interface object"): a constructor that throws a
// TypeError unless called with `new`, with a `prototype` object linked back through
// `constructor`. Note (deviation): JsHost has no accessor properties, so the prototype holds
// the attribute getters/setters as data properties named after the functions ("get exports",
// "set value").
struct Member {
  std::u16string_view name;
  u32 length;
  Operation op;
};
JsValue interface_object(Agent& agent, std::u16string_view name, u32 length, Operation op,
                         std::initializer_list<Member> prototype_members) {
  JsHost& host = agent.host;
  Agent* a = &agent;
  const JsValue constructor = host.function(
      name, length,
      [a, op](JsHost& h, const CallArgs& call) -> Completion<JsValue> {
        if (!call.is_construct)
          return throw_message(h, ErrorKind::TypeError, msg::js_constructor_requires_new);
        return op(*a, call);
      },
      true);
  const JsValue prototype = host.object();
  for (const Member& m : prototype_members)
    host.create_data_property(prototype, m.name, operation(agent, m.name, m.length, m.op));
  host.create_data_property(prototype, u"constructor", constructor);
  host.create_data_property(constructor, u"prototype", prototype);
  return constructor;
}

// §error-objects: CompileError, LinkError, RuntimeError follow the NativeError structure:
// callable with or without `new`, `length` 1, ToString(message) unless it is undefined.
JsValue error_constructor(Agent& agent, std::u16string_view name, ErrorKind kind) {
  return agent.host.function(
      name, 1,
      [kind](JsHost& h, const CallArgs& call) -> Completion<JsValue> {
        std::u16string message;
        if (!call.missing(0) && h.type_of(call.args[0]) != JsType::undefined) {
          WASMREF_JS_TRY(message, h.to_string(call.args[0]));
        }
        return h.make_error(kind, message);
      },
      true);
}

}  // namespace

JsValue create_namespace_object(Agent& agent) {
  JsHost& host = agent.host;
  const JsValue ns = host.object();
  // Namespace operations (ignore `this`).
  host.create_data_property(ns, u"validate", operation(agent, u"validate", 1, validate));
  host.create_data_property(ns, u"compile", operation(agent, u"compile", 1, compile));
  host.create_data_property(ns, u"instantiate", operation(agent, u"instantiate", 1, instantiate));
  host.create_data_property(ns, u"compileStreaming",
                            operation(agent, u"compileStreaming", 1, compile_streaming));
  host.create_data_property(ns, u"instantiateStreaming",
                            operation(agent, u"instantiateStreaming", 1, instantiate_streaming));
  // Interfaces.
  const JsValue module = interface_object(agent, u"Module", 1, module_constructor, {});
  host.create_data_property(module, u"exports", operation(agent, u"exports", 1, module_exports));
  host.create_data_property(module, u"imports", operation(agent, u"imports", 1, module_imports));
  host.create_data_property(module, u"customSections",
                            operation(agent, u"customSections", 2, module_custom_sections));
  host.create_data_property(ns, u"Module", module);
  host.create_data_property(ns, u"Instance",
                            interface_object(agent, u"Instance", 1, instance_constructor,
                                             {{u"get exports", 0, instance_exports}}));
  host.create_data_property(
      ns, u"Memory",
      interface_object(agent, u"Memory", 1, memory_constructor,
                       {{u"grow", 1, memory_grow}, {u"get buffer", 0, memory_buffer}}));
  host.create_data_property(ns, u"Table",
                            interface_object(agent, u"Table", 1, table_constructor,
                                             {{u"grow", 1, table_grow},
                                              {u"get", 1, table_get},
                                              {u"set", 1, table_set},
                                              {u"get length", 0, table_length}}));
  host.create_data_property(ns, u"Global",
                            interface_object(agent, u"Global", 1, global_constructor,
                                             {{u"valueOf", 0, global_value_of},
                                              {u"get value", 0, global_value_get},
                                              {u"set value", 1, global_value_set}}));
  host.create_data_property(ns, u"Tag", interface_object(agent, u"Tag", 1, tag_constructor, {}));
  host.create_data_property(
      ns, u"Exception",
      interface_object(agent, u"Exception", 2, exception_constructor,
                       {{u"getArg", 2, exception_get_arg},
                        {u"is", 1, exception_is},
                        {u"get stack", 0, exception_stack}}));
  // The JSTag attribute (its getter, named as the prototypes' getters are).
  host.create_data_property(ns, u"get JSTag", operation(agent, u"get JSTag", 0, js_tag));
  // §error-objects.
  host.create_data_property(ns, u"CompileError",
                            error_constructor(agent, u"CompileError", ErrorKind::CompileError));
  host.create_data_property(ns, u"LinkError",
                            error_constructor(agent, u"LinkError", ErrorKind::LinkError));
  host.create_data_property(ns, u"RuntimeError",
                            error_constructor(agent, u"RuntimeError", ErrorKind::RuntimeError));
  return ns;
}

}  // namespace wasmref::jsapi
