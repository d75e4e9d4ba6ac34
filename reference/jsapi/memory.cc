// JS-API §memories (js-api/index.bs "Memories"): the Memory constructor, Memory#grow and the
// buffer attribute.
#include <algorithm>
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

// js-api §limits: "the maximum size of a 32-bit memory is 65,536 pages (4 GiB)" (the
// selected profile's EmbedderLimits::memory_pages) and "of a 64-bit memory is 262,144 pages
// (16 GiB)". Allocating or growing beyond it fails (a RangeError here).
// Every buffer of a memory within these limits fits an ArrayBuffer (at most 2^53 - 1 bytes),
// so "create a fixed length memory buffer" never fails.
u64 memory_pages_limit(const Agent& agent, AddressType addrtype) {
  return addrtype == AddressType::i64 ? agent.limits.memory64_pages : u64{agent.limits.memory_pages};
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

  // 4. memtype = memory type addrtype {min initial, max maximum}.
  MemType memtype;
  memtype.addr = core_addrtype(addrtype);
  memtype.limits.min = initial;
  memtype.limits.max = maximum;
  // 5. memtype not valid -> RangeError. valid/types.rst "Memory Types": limits within 2^16
  // pages for i32, 2^48 pages for i64 (core 3.0), and min <= max.
  // Note (deviation): with memory64 off (a 2.0 profile) the core has no i64 memory type, so
  // an "i64" memtype is not valid there.
  if (addrtype == AddressType::i64 && !agent.features.memory64) {
    return throw_error(host, ErrorKind::RangeError, msg::js_address_type_unsupported);
  }
  const u64 range = addrtype == AddressType::i64 ? MemInst::kMaxPages64 : MemInst::kMaxPages;
  if (initial > range || (maximum && *maximum > range)) {
    return throw_error(host, ErrorKind::RangeError,
                       addrtype == AddressType::i64 ? msg::memory64_size_too_large : msg::memory_size_too_large);
  }
  if (maximum && initial > *maximum) {
    return throw_error(host, ErrorKind::RangeError, msg::size_minimum_greater_than_maximum);
  }

  // 6.-8. (store, memaddr) = mem_alloc(store, memtype); allocation fails -> RangeError.
  // It fails over the embedder's page limit of the address type (js-api §limits), the store's
  // own limits (pages per memory, bytes of all memories), or when the bytes cannot be
  // allocated.
  Store& store = *agent.store;
  const u64 total = total_memory_bytes(store);
  const u64 room = store.limits.max_total_memory_bytes - std::min(store.limits.max_total_memory_bytes, total);
  if (initial > memory_pages_limit(agent, addrtype) || initial > store.limits.max_memory_pages ||
      initial * MemInst::kPageSize > room) {
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
  // 1. memaddr = this.[[Memory]]; 2. store; 3. addrtype = the address type in
  // mem_type(store, memaddr).
  const MemAddr memaddr = memory->memory;
  Store& store = *agent.store;
  const AddressType addrtype = address_type_of(embed::mem_type(store, memaddr).addr);
  // 4. delta64 = ? AddressValueToU64(delta, addrtype) (a BigInt for i64, a Number for i32).
  WASMREF_JS_TRY(const u64 delta64, address_value_to_u64(host, call.args[0], addrtype));

  // 5. "grow the memory buffer" of memaddr by delta64:
  const u64 ret = embed::mem_size(store, memaddr);  // 1.-2. ret = mem_size(store, memaddr)
  // 3.-4. mem_grow; error -> RangeError. Beyond the embedder's page limit of the address type
  // (js-api §limits) growing fails as well (without overflow for any u64 delta).
  const u64 limit = memory_pages_limit(agent, addrtype);
  if (ret > limit || delta64 > limit - ret) {
    return throw_error(host, ErrorKind::RangeError, msg::js_grow_failed, "memory");
  }
  const Result<void> grown = embed::mem_grow(store, memaddr, delta64);
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
