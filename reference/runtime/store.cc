// Core 2.0 §4.5.3 Allocation (exec/modules.rst): functions, tables, memories, globals,
// element and data instances, and growing tables and memories
#include "runtime/store.h"

#include "valid/matching.h"

#include <new>
#include <utility>

namespace wasmref {

// "Functions": funcinst = {type, module, code}.
FuncAddr allocfunc(Store& s, const FuncType& type, ModuleAddr module, const Func* code,
                   std::optional<u32> deftype) {
  const FuncAddr a{static_cast<u32>(s.funcs.size())};
  const u32 dt = deftype ? *deftype : TypeRegistry::global().intern_func(type);
  s.funcs.push_back(FuncInst{type, dt, module, code, {}});
  return a;
}

// "Host Functions": funcinst = {type, hostcode}.
FuncAddr allochostfunc(Store& s, const FuncType& type, HostFunc code, std::optional<u32> deftype) {
  const FuncAddr a{static_cast<u32>(s.funcs.size())};
  const u32 dt = deftype ? *deftype : TypeRegistry::global().intern_func(type);
  s.funcs.push_back(FuncInst{type, dt, ModuleAddr{}, nullptr, std::move(code)});
  return a;
}

// "Tables": n = min, elem = ref^n.
TableAddr alloctable(Store& s, const TableType& type, Value ref) {
  const TableAddr a{static_cast<u32>(s.tables.size())};
  s.tables.push_back(TableInst{type, std::vector<Value>(static_cast<size_t>(type.limits.min), ref)});
  return a;
}

// "Memories": data = 0x00 repeated n * 64 Ki times, n = min.
MemAddr allocmem(Store& s, const MemType& type) {
  const MemAddr a{static_cast<u32>(s.mems.size())};
  s.mems.push_back(MemInst{type, MappedArray<u8>(u64{type.limits.min} * MemInst::kPageSize)});
  return a;
}

GlobalAddr allocglobal(Store& s, const GlobalType& type, Value val) {
  const GlobalAddr a{static_cast<u32>(s.globals.size())};
  s.globals.push_back(GlobalInst{type, val});
  return a;
}

ElemAddr allocelem(Store& s, ValType type, std::vector<Value> refs) {
  const ElemAddr a{static_cast<u32>(s.elems.size())};
  s.elems.push_back(ElemInst{type, std::move(refs)});
  return a;
}

DataAddr allocdata(Store& s, std::vector<u8> bytes) {
  const DataAddr a{static_cast<u32>(s.datas.size())};
  s.datas.push_back(DataInst{std::move(bytes)});
  return a;
}

// Core 3.0 exec/modules.rst "Tags": a new tag instance of type `type`.
TagAddr alloctag(Store& s, const FuncType& type, std::optional<u32> deftype) {
  const TagAddr a{static_cast<u32>(s.tags.size())};
  s.tags.push_back(TagInst{type, deftype ? *deftype : TypeRegistry::global().intern_func(type)});
  return a;
}

// Core 3.0 exec/modules.rst "Exceptions": a new exception instance {tag, fields}.
std::optional<ExnAddr> allocexn(Store& s, TagAddr tag, std::vector<Value> fields) {
  if (s.exns.size() >= s.limits.max_exceptions || s.exns.size() >= u64{0xFFFFFFFF}) return std::nullopt;
  const ExnAddr a{static_cast<u32>(s.exns.size())};
  s.exns.push_back(ExnInst{tag, std::move(fields)});
  return a;
}

namespace {
// Charges `bytes` against the store's GC budget; false (nothing charged) when it would not fit.
bool charge_gc(Store& s, u64 bytes) {
  if (bytes > s.limits.max_gc_bytes || s.gc_bytes > s.limits.max_gc_bytes - bytes) return false;
  s.gc_bytes += bytes;
  return true;
}
}  // namespace

std::optional<StructAddr> allocstruct(Store& s, u32 deftype, std::vector<Slot> fields) {
  if (s.structs.size() >= u64{0xFFFFFFFF}) return std::nullopt;
  if (!charge_gc(s, kGcObjectBytes + 16 * u64{fields.size()})) return std::nullopt;
  const StructAddr a{static_cast<u32>(s.structs.size())};
  s.structs.push_back(StructInst{deftype, std::move(fields)});
  return a;
}

std::optional<ArrayAddr> allocarray(Store& s, u32 deftype, u64 n, Slot init) {
  if (s.arrays.size() >= u64{0xFFFFFFFF} || n > (u64{1} << 32)) return std::nullopt;
  if (!charge_gc(s, kGcObjectBytes + 16 * n)) return std::nullopt;
  const ArrayAddr a{static_cast<u32>(s.arrays.size())};
  s.arrays.push_back(ArrayInst{deftype, std::vector<Slot>(static_cast<size_t>(n), init)});
  return a;
}

bool ref_matches(const Store& s, u64 lo, u64 hi, ValType rt) {
  if (hi == Value::kNull) return rt.nullable();
  const HeapType ht = rt.heap();
  if (ht.kind == HeapType::Kind::abs) {
    switch (ht.abs) {
      case AbsHeap::any:
      case AbsHeap::func:
      case AbsHeap::extern_:
      case AbsHeap::exn: return true;
      case AbsHeap::eq: return hi == Value::kI31 || hi == Value::kStruct || hi == Value::kArray;
      case AbsHeap::i31: return hi == Value::kI31;
      case AbsHeap::struct_: return hi == Value::kStruct;
      case AbsHeap::array: return hi == Value::kArray;
      default: return false;  // the bottom types hold only null
    }
  }
  if (ht.kind != HeapType::Kind::def) return false;  // not closed: no value has it
  const TypeRegistry& reg = TypeRegistry::global();
  if (hi == Value::kStruct) return lo < s.structs.size() && def_matches(s.structs[lo].type, ht.index);
  if (hi == Value::kArray) return lo < s.arrays.size() && def_matches(s.arrays[lo].type, ht.index);
  if (hi == Value::kAddr && reg.def(ht.index).top == AbsHeap::func) {
    return lo < s.funcs.size() && def_matches(s.funcs[lo].deftype, ht.index);
  }
  return false;
}

bool value_matches(const Store& s, const Value& v, ValType t) {
  if (!v.type.is_ref() || !t.is_ref()) return v.type.code == t.code;
  if (top_heap(v.type.heap()) != top_heap(t.heap())) return false;
  if (v.is_null()) return t.nullable();
  if (top_heap(t.heap()) == AbsHeap::func && v.lo >= s.funcs.size()) return false;
  return ref_matches(s, v.lo, v.hi, t);
}

u64 total_memory_bytes(const Store& s) {
  u64 total = 0;
  for (const MemInst& m : s.mems) total += m.data.size();
  return total;
}

// "Growing tables": len = n + |elem|; fail if len exceeds the address type's range (2^32 - 1
// for i32; 2^64 - 1 for i64, i.e. the sum overflows) or len > max.
bool growtable(Store& s, TableInst& tab, u64 n, Value ref) {
  const u64 size = tab.elem.size();
  if (n > ~u64{0} - size) return false;
  const u64 len = n + size;
  if (tab.type.addr == AddrType::i32 && len > 0xFFFFFFFFu) return false;
  if (tab.type.limits.max && len > *tab.type.limits.max) return false;
  // Note (deviation): the spec lets an embedder fail a grow for its own reasons; ours is
  // ExecLimits::max_table_size, and an allocation failure.
  if (len > s.limits.max_table_size) return false;
  try {
    tab.elem.resize(static_cast<size_t>(len), ref);
  } catch (const std::bad_alloc&) {
    return false;
  }
  tab.type.limits.min = len;  // the instance's type follows its size
  return true;
}

// "Growing memories": len = n + |data| / 64Ki; fail if len > 2^16 (core 3.0: 2^48 for an i64
// memory) or len > max.
bool growmem(Store& s, MemInst& mem, u64 n) {
  const u64 range = mem.type.addr == AddrType::i64 ? MemInst::kMaxPages64 : MemInst::kMaxPages;
  if (n > range) return false;
  const u64 len = n + mem.pages();
  if (len > range) return false;
  if (mem.type.limits.max && len > *mem.type.limits.max) return false;
  // Note (deviation): as for tables, ExecLimits::max_memory_pages, the store's total
  // (max_total_memory_bytes) and allocation failure.
  if (len > s.limits.max_memory_pages) return false;
  if (total_memory_bytes(s) + n * MemInst::kPageSize > s.limits.max_total_memory_bytes)
    return false;
  try {
    mem.data.resize(len * MemInst::kPageSize);
  } catch (const std::bad_alloc&) {
    return false;
  }
  mem.type.limits.min = len;
  return true;
}

}  // namespace wasmref
