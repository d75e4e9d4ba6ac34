// JS-API §memories (js-api/index.bs "Memories"): the Memory constructor, Memory#grow and the
// buffer attribute.
#include <new>
#include <optional>

#include "jsapi/convert.h"
#include "jsapi/objects.h"
#include "jsapi/webassembly.h"
#include "runtime/store.h"
#include "syntax/messages.h"

namespace wasmref::jsapi {

namespace {

// WebIDL "create an operation function" step: a `this` without the [[Memory]] slot -> TypeError.
MemoryObject* this_memory(JsHost& host, const CallArgs& call) {
  return unwrap_as<MemoryObject>(host, call.this_value, PlatformObject::Kind::memory);
}

}  // namespace

// The Memory(descriptor) constructor.
Completion<JsValue> memory_constructor(Agent& agent, const CallArgs& call) {
  JsHost& host = agent.host;
  // WebIDL: an interface object called without `new` throws; `descriptor` is required.
  if (!call.is_construct) {
    return throw_error(host, ErrorKind::TypeError, msg::js_constructor_requires_new, "WebAssembly.Memory");
  }
  if (call.missing(0)) return throw_error(host, ErrorKind::TypeError, msg::js_missing_argument, "descriptor");
  const JsValue descriptor = call.args[0];

  // 1.-3. MemoryDescriptor members in lexicographic order: address, initial, maximum.
  WASMREF_JS_TRY(const AddressLimits limits, read_address_limits(host, descriptor));
  const AddressType addrtype = limits.addrtype;
  const u64 initial = limits.initial;
  const std::optional<u64> maximum = limits.maximum;

  // 4.-5. memtype = addrtype {min initial, max maximum}; not valid -> RangeError.
  // Note (deviation): core 2.0 has only 32-bit memories, so an "i64" memtype is not valid here.
  if (addrtype == AddressType::i64) {
    return throw_error(host, ErrorKind::RangeError, msg::js_address_type_unsupported);
  }
  // valid/types.rst "Memory Types": limits within 2^16 pages, and min <= max.
  if (initial > MemInst::kMaxPages || (maximum && *maximum > MemInst::kMaxPages)) {
    return throw_error(host, ErrorKind::RangeError, msg::memory_size_too_large);
  }
  if (maximum && initial > *maximum) {
    return throw_error(host, ErrorKind::RangeError, msg::size_minimum_greater_than_maximum);
  }
  MemType memtype;
  memtype.limits.min = static_cast<u32>(initial);
  if (maximum) memtype.limits.max = static_cast<u32>(*maximum);

  // 6.-8. (store, memaddr) = mem_alloc(store, memtype); allocation fails -> RangeError.
  // It fails over the embedder's page limit (js-api §limits), the store's own limit, or when
  // the bytes cannot be allocated.
  Store& store = *agent.store;
  if (initial > agent.limits.memory_pages || initial > store.limits.max_memory_pages) {
    return throw_error(host, ErrorKind::RangeError, msg::js_allocation_failed, "memory");
  }
  MemAddr memaddr;
  try {
    memaddr = embed::mem_alloc(store, memtype);
  } catch (const std::bad_alloc&) {
    return throw_error(host, ErrorKind::RangeError, msg::js_allocation_failed, "memory");
  }
  // 9. Initialize this from memaddr (the object is made through the Memory object cache).
  return memory_object(agent, memaddr);
}

// Memory#grow(delta).
Completion<JsValue> memory_grow(Agent& agent, const CallArgs& call) {
  JsHost& host = agent.host;
  MemoryObject* memory = this_memory(host, call);
  if (memory == nullptr) return throw_error(host, ErrorKind::TypeError, msg::js_illegal_invocation);
  if (call.missing(0)) return throw_error(host, ErrorKind::TypeError, msg::js_missing_argument, "delta");
  // 1. memaddr = this.[[Memory]]; 2.-3. addrtype of mem_type(store, memaddr): always i32 here.
  const MemAddr memaddr = memory->memory;
  const AddressType addrtype = AddressType::i32;
  // 4. delta64 = ? AddressValueToU64(delta, addrtype).
  WASMREF_JS_TRY(const u64 delta64, address_value_to_u64(host, call.args[0], addrtype));

  // 5. "grow the memory buffer" of memaddr by delta64:
  Store& store = *agent.store;
  const u32 ret = embed::mem_size(store, memaddr);  // 1.-2. ret = mem_size(store, memaddr)
  // 3.-4. mem_grow; error -> RangeError. Beyond the embedder's page limit (js-api §limits)
  // growing fails as well.
  if (u64{ret} + delta64 > agent.limits.memory_pages || delta64 > 0xFFFFFFFFu) {
    return throw_error(host, ErrorKind::RangeError, msg::js_grow_failed, "memory");
  }
  const Result<void> grown = embed::mem_grow(store, memaddr, static_cast<u32>(delta64));
  if (!grown) return throw_error(host, ErrorKind::RangeError, msg::js_grow_failed, grown.error().message);
  // 6. Refresh the memory buffer (the old buffer is detached even for grow(0)).
  refresh_memory_buffer(agent, memaddr);
  // 7. Return U64ToAddressValue(ret, addrtype).
  return u64_to_address_value(host, ret, addrtype);
}

// The getter of Memory#buffer: this.[[BufferObject]].
Completion<JsValue> memory_buffer(Agent& agent, const CallArgs& call) {
  MemoryObject* memory = this_memory(agent.host, call);
  if (memory == nullptr) return throw_error(agent.host, ErrorKind::TypeError, msg::js_illegal_invocation);
  return memory->buffer;
}

}  // namespace wasmref::jsapi
