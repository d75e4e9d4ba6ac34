// JS-API: the internal slots of the objects the JS-API creates, and their creation through
// the identity caches (js-api §object-caches, "create a Memory object", "a new Exported
// Function", ...). Value conversions are in convert.h; the interfaces' operations in
// webassembly.h.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "jsapi/agent.h"
#include "jsapi/host.h"
#include "runtime/value.h"
#include "syntax/module.h"
#include "syntax/result.h"

namespace wasmref::jsapi {

struct ModuleObject : PlatformObject {  // [[Module]], [[Bytes]]
  ModuleObject() : PlatformObject(Kind::module) {}
  std::shared_ptr<const Module> module;
  std::vector<u8> bytes;
};
struct InstanceObject : PlatformObject {  // [[Instance]], [[Exports]]
  InstanceObject() : PlatformObject(Kind::instance) {}
  ModuleAddr instance{};
  JsValue exports{};
};
struct MemoryObject : PlatformObject {  // [[Memory]], [[BufferObject]]
  MemoryObject() : PlatformObject(Kind::memory) {}
  MemAddr memory{};
  JsValue buffer{};
};
struct TableObject : PlatformObject {  // [[Table]]
  TableObject() : PlatformObject(Kind::table) {}
  TableAddr table{};
};
struct GlobalObject : PlatformObject {  // [[Global]]
  GlobalObject() : PlatformObject(Kind::global) {}
  GlobalAddr global{};
};
struct TagObject : PlatformObject {  // [[Address]] (a tag address of the agent's store)
  TagObject() : PlatformObject(Kind::tag) {}
  TagAddr tag{};
};
// js-api §exceptions: [[Address]] (an exception address of the agent's store), [[Type]] (its
// tag address), [[Payload]] (its values, as "initialize an Exception object" read them),
// [[Stack]] (undefined unless traceStack asked for a stack string).
struct ExceptionObject : PlatformObject {
  ExceptionObject() : PlatformObject(Kind::exception) {}
  ExnAddr address{};
  TagAddr type{};
  std::vector<Value> payload;
  JsValue stack{};
};
struct ExportedFunctionObject : PlatformObject {  // [[FunctionAddress]]
  ExportedFunctionObject() : PlatformObject(Kind::exported_function) {}
  FuncAddr func{};
};
// js-api §gc-exotic-objects: [[ObjectAddress]] (an object address of the agent's store) and
// [[ObjectKind]] ("struct" or "array"). The store keeps structures and arrays in two address
// spaces (StructAddr, ArrayAddr); the kind says which one the address is in.
struct ExportedGcObject : PlatformObject {
  enum class ObjectKind : unsigned char { struct_, array };
  ExportedGcObject() : PlatformObject(Kind::exported_gc_object) {}
  u32 address = 0;
  ObjectKind object_kind = ObjectKind::struct_;
};

// The slots of `v` if it is an object of that interface, else nullptr (brand checks).
template <class T>
T* unwrap_as(JsHost& host, JsValue v, PlatformObject::Kind kind) {
  PlatformObject* p = host.unwrap(v);
  return p != nullptr && p->kind == kind ? static_cast<T*>(p) : nullptr;
}

// Creation through the caches: the same address always gives the same object.
JsValue memory_object(Agent& agent, MemAddr m);        // "create a Memory object"
JsValue table_object(Agent& agent, TableAddr t);       // "create a Table object"
JsValue global_object(Agent& agent, GlobalAddr g);     // "create a Global object"
JsValue exported_function(Agent& agent, FuncAddr f);   // "a new Exported Function"
// "a new Exported GC Object" from an object address and "struct" or "array".
JsValue exported_gc_object(Agent& agent, u32 objectaddr, ExportedGcObject::ObjectKind objectkind);
JsValue tag_object(Agent& agent, TagAddr tag);          // "create a Tag object"
JsValue exception_object(Agent& agent, ExnAddr exn);    // "create an Exception object"
// js-api §js-exceptions "get the JavaScript exception tag": the agent's store tag of type
// [externref] -> [], allocated on first use (tag.cc). The JSTag getter returns tag_object() of it.
TagAddr get_the_javascript_exception_tag(Agent& agent);
// js-api "refresh the memory buffer": detach the old fixed-length buffer, make a new one.
void refresh_memory_buffer(Agent& agent, MemAddr m);
// js-api "memory.grow" hook: sets `agent.store->on_memory_grow` so that a successful wasm
// memory.grow refreshes the buffer of that memory's Memory object (if one exists). Called
// lazily by memory_object (a buffer exists only once a Memory object does); idempotent.
void install_memory_grow_observer(Agent& agent);

// Throwing helpers: a throw completion carrying a new error of that class.
Thrown throw_error(JsHost& host, ErrorKind kind, std::u16string_view message);
// The same with a text of syntax/messages.h (ASCII) and optional details after ": ".
Thrown throw_error(JsHost& host, ErrorKind kind, const char* message, std::string_view detail = {});
// js-api "Error Condition Mappings" for a core error: malformed/invalid -> CompileError,
// link_error -> LinkError, trap -> RuntimeError, exhaustion -> the host's stack-overflow
// class, exception -> throw_a_webassembly_exception (namespace.h), crash -> RuntimeError with
// the crash message (never expected).
Thrown throw_core_error(Agent& agent, const Error& error);

}  // namespace wasmref::jsapi
