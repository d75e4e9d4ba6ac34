// JS-API (js-api/index.bs) and Web-API streaming (web-api/index.bs): the `WebAssembly`
// namespace and its interfaces, each operation written as the spec's algorithm over an
// abstract JS host.
//
// Every operation has the shape of a built-in function: it gets `this`, the arguments (a
// missing argument is not the same as undefined, as in WebIDL) and, for constructors, the
// new target, and returns a completion. `create_namespace_object` installs them all on a
// `WebAssembly` object for a JS engine; the harness and the tests call them directly.
#pragma once

#include "jsapi/agent.h"
#include "jsapi/host.h"

namespace wasmref::jsapi {

using Operation = Completion<JsValue> (*)(Agent& agent, const CallArgs& call);

// §webassembly-namespace
Completion<JsValue> validate(Agent& agent, const CallArgs& call);     // (bytes) -> boolean
Completion<JsValue> compile(Agent& agent, const CallArgs& call);      // (bytes) -> Promise<Module>
// (bytes, importObject) -> Promise<{module, instance}>; (module, importObject) -> Promise<Instance>
Completion<JsValue> instantiate(Agent& agent, const CallArgs& call);
// web-api §streaming-modules: (source) -> Promise<Module>; (source, importObject) -> Promise<...>
Completion<JsValue> compile_streaming(Agent& agent, const CallArgs& call);
Completion<JsValue> instantiate_streaming(Agent& agent, const CallArgs& call);

// §webassembly-namespace: get WebAssembly.JSTag (the Tag of the JavaScript exception tag)
Completion<JsValue> js_tag(Agent& agent, const CallArgs& call);

// §modules: new Module(bytes); Module.exports(m); Module.imports(m); Module.customSections(m, name)
Completion<JsValue> module_constructor(Agent& agent, const CallArgs& call);
Completion<JsValue> module_exports(Agent& agent, const CallArgs& call);
Completion<JsValue> module_imports(Agent& agent, const CallArgs& call);
Completion<JsValue> module_custom_sections(Agent& agent, const CallArgs& call);

// §instances: new Instance(module, importObject); get Instance#exports
Completion<JsValue> instance_constructor(Agent& agent, const CallArgs& call);
Completion<JsValue> instance_exports(Agent& agent, const CallArgs& call);

// §memories: new Memory(descriptor); Memory#grow(delta); get Memory#buffer
Completion<JsValue> memory_constructor(Agent& agent, const CallArgs& call);
Completion<JsValue> memory_grow(Agent& agent, const CallArgs& call);
Completion<JsValue> memory_buffer(Agent& agent, const CallArgs& call);

// §tables: new Table(descriptor, value); Table#grow(delta, value); get Table#length;
// Table#get(index); Table#set(index, value)
Completion<JsValue> table_constructor(Agent& agent, const CallArgs& call);
Completion<JsValue> table_grow(Agent& agent, const CallArgs& call);
Completion<JsValue> table_length(Agent& agent, const CallArgs& call);
Completion<JsValue> table_get(Agent& agent, const CallArgs& call);
Completion<JsValue> table_set(Agent& agent, const CallArgs& call);

// §globals: new Global(descriptor, v); Global#valueOf(); get/set Global#value
Completion<JsValue> global_constructor(Agent& agent, const CallArgs& call);
Completion<JsValue> global_value_of(Agent& agent, const CallArgs& call);
Completion<JsValue> global_value_get(Agent& agent, const CallArgs& call);
Completion<JsValue> global_value_set(Agent& agent, const CallArgs& call);

// §tags, §exceptions: new Tag(type); new Exception(tag, payload, options);
// Exception#getArg(tag, index); Exception#is(tag); get Exception#stack
Completion<JsValue> tag_constructor(Agent& agent, const CallArgs& call);
Completion<JsValue> exception_constructor(Agent& agent, const CallArgs& call);
Completion<JsValue> exception_get_arg(Agent& agent, const CallArgs& call);
Completion<JsValue> exception_is(Agent& agent, const CallArgs& call);
Completion<JsValue> exception_stack(Agent& agent, const CallArgs& call);

// The `WebAssembly` namespace object with all of the above (functions, constructors, and the
// accessors as getter functions named "get exports" etc.).
JsValue create_namespace_object(Agent& agent);

}  // namespace wasmref::jsapi
