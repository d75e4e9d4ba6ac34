// JS-API §object-caches and the object creation algorithms of §memories, §tables, §globals,
// §gc-exotic-objects (js-api/index.bs "create a Memory object", "refresh the Memory buffer",
// "create a Table object", "create a Global object", "a new Exported GC Object"), and the
// throwing helpers.
#include <string>

#include "jsapi/objects.h"
#include "runtime/store.h"

namespace wasmref::jsapi {

namespace {

// js-api "create a fixed length memory buffer": an ArrayBuffer whose Data Block is the memory's
// bytes (the host makes it fixed-length, with the "WebAssembly.Memory" detach key).
JsValue create_fixed_length_memory_buffer(Agent& agent, MemAddr memaddr) {
  Store& store = *agent.store;
  // Note (deviation): an unknown address is a broken invariant (addresses come from the
  // store); it gets an empty buffer rather than undefined behaviour, since this cannot throw.
  if (memaddr.value >= store.mems.size()) return agent.host.memory_array_buffer(nullptr, 0);
  MappedArray<u8>& block = store.mems[memaddr.value].data;
  return agent.host.memory_array_buffer(block.data(), block.size());
}

// Cache lookup shared by the "create a ... object" algorithms: 1.-2. return map[addr] if it
// exists; otherwise 3. a new object from `make`, 4. initialised (map[addr] set), 5. returned.
template <class Make>
JsValue cached_object(std::unordered_map<u32, JsValue>& map, u32 addr, Make make) {
  if (auto it = map.find(addr); it != map.end()) return it->second;
  const JsValue object = make();
  map.emplace(addr, object);
  return object;
}

}  // namespace

// --- §memories ------------------------------------------------------------------------------

JsValue memory_object(Agent& agent, MemAddr memaddr) {
  // A Memory object (and so a buffer to refresh) exists from here on: make sure a wasm
  // memory.grow refreshes it.
  install_memory_grow_observer(agent);
  return cached_object(agent.memory_object_cache, memaddr.value, [&] {
    // "initialize a memory object": [[Memory]] = memaddr, [[BufferObject]] = a fixed-length
    // memory buffer.
    auto slots = std::make_shared<MemoryObject>();
    slots->memory = memaddr;
    slots->buffer = create_fixed_length_memory_buffer(agent, memaddr);
    return agent.host.wrap(std::move(slots));
  });
}

void refresh_memory_buffer(Agent& agent, MemAddr memaddr) {
  // 1.-3. memory = map[memaddr]. The spec asserts it exists, because it only refreshes memories
  // that JS can see; a memory never exposed to JS has no buffer, so there is nothing to do.
  auto it = agent.memory_object_cache.find(memaddr.value);
  if (it == agent.memory_object_cache.end()) return;
  auto* memory = unwrap_as<MemoryObject>(agent.host, it->second, PlatformObject::Kind::memory);
  if (memory == nullptr) return;  // only Memory objects are in this cache
  // 4.-5. Our buffers are always fixed-length (no toResizableBuffer in this profile):
  // 5.1 ! DetachArrayBuffer(buffer, "WebAssembly.Memory") -- before anyone can read the old
  // block again, which a grow may have moved; 5.2-5.3 a new fixed-length buffer.
  agent.host.detach_array_buffer(memory->buffer);
  memory->buffer = create_fixed_length_memory_buffer(agent, memaddr);
}

void install_memory_grow_observer(Agent& agent) {
  // js-api "memory.grow": immediately after a memory.grow x that did not return -1, refresh
  // the buffer of frame.module.memaddrs[x]. The store calls this hook exactly then.
  if (agent.store->on_memory_grow) return;
  Agent* const a = &agent;  // the Agent owns the store, so it outlives the hook
  agent.store->on_memory_grow = [a](MemAddr memaddr) { refresh_memory_buffer(*a, memaddr); };
}

// --- §tables, §globals ---------------------------------------------------------------------

JsValue table_object(Agent& agent, TableAddr tableaddr) {
  return cached_object(agent.table_object_cache, tableaddr.value, [&] {
    auto slots = std::make_shared<TableObject>();  // "initialize a table object"
    slots->table = tableaddr;
    return agent.host.wrap(std::move(slots));
  });
}

JsValue global_object(Agent& agent, GlobalAddr globaladdr) {
  return cached_object(agent.global_object_cache, globaladdr.value, [&] {
    auto slots = std::make_shared<GlobalObject>();  // "initialize a global object"
    slots->global = globaladdr;
    return agent.host.wrap(std::move(slots));
  });
}

// --- §gc-exotic-objects ----------------------------------------------------------------------

JsValue exported_gc_object(Agent& agent, u32 objectaddr, ExportedGcObject::ObjectKind objectkind) {
  // 1. objectkind is "struct" or "array" (the enum has no other value). 2. map = the Exported
  // GC Object cache of that kind's address space.
  std::unordered_map<u32, JsValue>& map = objectkind == ExportedGcObject::ObjectKind::array
                                              ? agent.exported_array_cache
                                              : agent.exported_struct_cache;
  // 3. map[objectaddr] if it exists; otherwise 4.-17. a new exotic object with
  // [[ObjectAddress]] objectaddr, [[ObjectKind]] objectkind and the Exported GC Object's
  // internal methods (the host makes it: JsHost::exported_gc_object), 18. cached, 19. returned.
  return cached_object(map, objectaddr, [&] {
    auto slots = std::make_shared<ExportedGcObject>();
    slots->address = objectaddr;
    slots->object_kind = objectkind;
    return agent.host.exported_gc_object(std::move(slots));
  });
}

// --- Throwing helpers ----------------------------------------------------------------------

Thrown throw_error(JsHost& host, ErrorKind kind, std::u16string_view message) {
  return Thrown{host.make_error(kind, message)};
}

Thrown throw_error(JsHost& host, ErrorKind kind, const char* message, std::string_view detail) {
  // The message table is ASCII; details may carry other bytes, which become U+FFFD rather
  // than being misread as UTF-16 code units.
  std::u16string text;
  auto append = [&text](std::string_view s) {
    for (const char c : s) {
      const auto b = static_cast<unsigned char>(c);
      text.push_back(b < 0x80 ? static_cast<char16_t>(b) : u'\uFFFD');
    }
  };
  append(message != nullptr ? std::string_view(message) : std::string_view());
  if (!detail.empty()) {
    append(": ");
    append(detail);
  }
  return throw_error(host, kind, std::u16string_view(text));
}

}  // namespace wasmref::jsapi
