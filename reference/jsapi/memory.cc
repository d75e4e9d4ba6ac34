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

  // MemoryDescriptor members in lexicographic order: address, initial, maximum.
  // Note (deviation): each member is converted right after it is read (as engines and the
  // browser tests do), not after all members are read (notes-jsapi "Decisions" 1).
  // 1. addrtype = descriptor["address"] if it exists, else "i32".
  WASMREF_JS_TRY(const JsValue address, dictionary_member(host, descriptor, u"address"));
  AddressType addrtype = AddressType::i32;
  if (host.type_of(address) != JsType::undefined) {
    WASMREF_JS_TRY(addrtype, to_address_type(host, address));
  }
  // 2. initial = ? AddressValueToU64(descriptor["initial"], addrtype); a required member.
  WASMREF_JS_TRY(const JsValue initial_value, dictionary_member(host, descriptor, u"initial"));
  if (host.type_of(initial_value) == JsType::undefined) {
    return throw_error(host, ErrorKind::TypeError, msg::js_missing_member, "initial");
  }
  WASMREF_JS_TRY(const u64 initial, address_value_to_u64(host, initial_value, addrtype));
  // 3. maximum = ? AddressValueToU64(descriptor["maximum"], addrtype) if it exists.
  WASMREF_JS_TRY(const JsValue maximum_value, dictionary_member(host, descriptor, u"maximum"));
  std::optional<u64> maximum;
  if (host.type_of(maximum_value) != JsType::undefined) {
    WASMREF_JS_TRY(maximum, address_value_to_u64(host, maximum_value, addrtype));
  }

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
