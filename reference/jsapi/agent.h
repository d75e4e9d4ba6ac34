// JS-API §store, §object-caches (js-api/index.bs): the agent's state.
//
// One Agent per JS realm: the surrounding agent's store, the identity caches that make the
// same store address always appear as the same JS object, the host value cache behind
// externref, and the selected implementation limits.
#pragma once

#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "embed/embed.h"
#include "jsapi/host.h"
#include "jsapi/limits.h"
#include "runtime/store.h"

namespace wasmref::jsapi {

class Agent {
 public:
  Agent(JsHost& host, EmbedderLimits limits = EmbedderLimits::current(),
        const ExecLimits& exec = {})
      : host(host), limits(limits), store(embed::store_init(exec)) {}
  Agent(const Agent&) = delete;
  Agent& operator=(const Agent&) = delete;

  JsHost& host;
  EmbedderLimits limits;
  // The core features modules are compiled with (core 2.0 by default; a harness profile may
  // change them, e.g. the threads profile turns reference types off).
  Features features;
  std::unique_ptr<Store> store;

  // §object-caches: at most one JS object per address, created on first use.
  std::unordered_map<u32, JsValue> exported_function_cache;  // FuncAddr -> Exported Function
  std::unordered_map<u32, JsValue> memory_object_cache;      // MemAddr -> Memory
  std::unordered_map<u32, JsValue> table_object_cache;       // TableAddr -> Table
  std::unordered_map<u32, JsValue> global_object_cache;      // GlobalAddr -> Global
  // The Exported GC Object cache (object address -> Exported GC Object), one map per
  // [[ObjectKind]]: structure and array addresses are separate address spaces in the store.
  std::unordered_map<u32, JsValue> exported_struct_cache;  // StructAddr -> Exported GC Object
  std::unordered_map<u32, JsValue> exported_array_cache;   // ArrayAddr -> Exported GC Object
  // §object-caches "Host value cache": the host addresses of ref.host (in the any hierarchy,
  // and as ref.extern in the extern hierarchy) are indices into this vector; a JS value gets
  // the index of its first appearance (by SameValue).
  std::vector<JsValue> host_values;

  // §object-caches: the Tag object cache (tag address -> Tag) and the Exception object cache
  // (exception address -> Exception). Tags and exceptions live in the store (core 3.0).
  std::unordered_map<u32, JsValue> tag_object_cache;        // TagAddr -> Tag
  std::unordered_map<u32, JsValue> exception_object_cache;  // ExnAddr -> Exception
  // §js-exceptions "the JavaScript exception tag": a store tag of type [externref] -> [],
  // allocated on first use (get_the_javascript_exception_tag, tag.cc).
  std::optional<TagAddr> js_exception_tag;

  // js-api "read the imports": the "index of the host function" of each host function made by
  // "create a host function" (FuncAddr -> index); it is the Exported Function's `name`.
  std::unordered_map<u32, u32> host_function_index;
};

}  // namespace wasmref::jsapi
