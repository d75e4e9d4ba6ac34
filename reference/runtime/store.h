// Core 2.0 §4.2 Runtime Structure (exec/runtime.rst): the store and its instances, and the
// allocation and growth algorithms of §4.5.3 (exec/modules.rst "Allocation")
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/limits.h"
#include "runtime/mapped_array.h"
#include "runtime/value.h"
#include "syntax/module.h"

namespace wasmref {

// §4.2.6 Function instances: a wasm function (code in the module that defined it, which the
// ModuleInst keeps alive) or a host function.
struct FuncInst {
  FuncType type;               // closed (valid/matching.h): concrete heap types are canonical ids
  u32 deftype = 0;             // core 3.0: its defined type's canonical id (TypeRegistry)
  ModuleAddr module{};         // wasm functions: the defining module instance
  const Func* code = nullptr;  // wasm functions: points into ModuleInst::module
  HostFunc hostcode;           // host functions
  bool is_host() const { return code == nullptr; }
};

// §4.2.7 Table instances.
struct TableInst {
  TableType type;
  std::vector<Value> elem;
};

// §4.2.8 Memory instances: a byte vector whose length is a multiple of the page size (mapped
// on demand: runtime/mapped_array.h).
struct MemInst {
  static constexpr u64 kPageSize = 65536;
  static constexpr u64 kMaxPages = 65536;  // 2^16 pages = 4 GiB, §4.2.8
  static constexpr u64 kMaxPages64 = u64{1} << 48;  // core 3.0: an i64 memory's range
  MemType type;
  MappedArray<u8> data;
  u64 pages() const { return data.size() / kPageSize; }
};

// §4.2.9 Global instances.
struct GlobalInst {
  GlobalType type;
  Value value;
};

// §4.2.10 Element instances (elem.drop empties `elem`).
struct ElemInst {
  ValType type = ValType::funcref;
  std::vector<Value> elem;
};

// §4.2.11 Data instances (data.drop empties `data`).
struct DataInst {
  std::vector<u8> data;
};

// Core 3.0 exec/runtime.rst Tag instances: the tag's type (a function type [t*] -> []).
struct TagInst {
  FuncType type;    // closed
  u32 deftype = 0;  // its defined type's canonical id
};

// Core 3.0 exec/runtime.rst Exception instances: the tag and the payload values of one thrown
// exception (throw allocates one; throw_ref and the handlers pass its address around).
struct ExnInst {
  TagAddr tag{};
  std::vector<Value> fields;
};

// Core 3.0 exec/runtime.rst Structure and array instances: the defined type (its canonical id)
// and the field values. A packed field (i8, i16) keeps its wrapped bits in Slot::lo; a
// reference field keeps its payload as on the operand stack.
struct StructInst {
  u32 type = 0;
  std::vector<Slot> fields;
};
struct ArrayInst {
  u32 type = 0;
  std::vector<Slot> elems;
};
// The fixed bytes an instance is charged against ExecLimits::max_gc_bytes (besides 16 per slot).
inline constexpr u64 kGcObjectBytes = 64;

// §4.2.12 Export instances.
struct ExportInst {
  std::string name;
  ExternVal value;
};

// §4.2.5 Module instances. `module` keeps the code (and its side data) alive as long as the
// instance exists; FuncInst::code points into it.
struct ModuleInst {
  std::shared_ptr<const Module> module;
  std::vector<u32> types;  // core 3.0: the canonical ids of the module's defined types
  std::vector<FuncAddr> funcaddrs;
  std::vector<TableAddr> tableaddrs;
  std::vector<MemAddr> memaddrs;
  std::vector<TagAddr> tagaddrs;  // core 3.0
  std::vector<GlobalAddr> globaladdrs;
  std::vector<ElemAddr> elemaddrs;
  std::vector<DataAddr> dataaddrs;
  std::vector<ExportInst> exports;
};

// §4.2.3 Store. Addresses index these sequences. They are deques so that a reference to an
// instance stays valid while a host function (re-entering the machine) allocates more.
class Store {
 public:
  explicit Store(const ExecLimits& limits = {}) : limits(limits) {}

  std::deque<FuncInst> funcs;
  std::deque<TableInst> tables;
  std::deque<MemInst> mems;
  std::deque<GlobalInst> globals;
  std::deque<ElemInst> elems;
  std::deque<DataInst> datas;
  std::deque<TagInst> tags;        // core 3.0
  std::deque<ExnInst> exns;        // core 3.0: every exception thrown (nothing collects them)
  std::deque<StructInst> structs;  // core 3.0 (GC): every structure allocated (never collected)
  std::deque<ArrayInst> arrays;    // core 3.0 (GC): every array allocated (never collected)
  u64 gc_bytes = 0;                // what structs and arrays hold (ExecLimits::max_gc_bytes)
  std::deque<ModuleInst> modules;  // not in the spec's store: where ModuleAddr points

  ExecLimits limits;

  // Execution bookkeeping shared by nested invocations (a host function calling back into
  // func_invoke): the limits count across all of them.
  u32 active_frames = 0;      // wasm frames active in all machines
  u64 outer_values = 0;       // operand slots held by machines suspended in a host call
  u32 active_invocations = 0; // machines running (0: the next invocation is top-level)
  u64 fuel_left = 0;          // remaining fuel of the current top-level invocation
  // The operand stack storage of the last top-level invocation, lent to the next one: a script
  // makes thousands of invocations, and allocating (and faulting in) a deep stack again for
  // each would cost more than running them. Its contents are dead: every slot is written
  // before it is read (pushes, and the locals a call initialises).
  MappedArray<Slot> spare_values;

  // Called after a memory.grow instruction succeeded (not after embed::mem_grow, whose caller
  // knows): the JS-API refreshes the memory's ArrayBuffer here (js-api "refresh the memory
  // buffer"). Empty by default; core never depends on it.
  std::function<void(MemAddr)> on_memory_grow;
};

// §4.5.3 Allocation. Each returns the new instance's address.
// Core 3.0: a function's type is a defined type; `type` is closed (valid/matching.h) and `deftype`
// its canonical id (without one, the type alone in its rec group, final: a 2.0 function type).
FuncAddr allocfunc(Store& s, const FuncType& type, ModuleAddr module, const Func* code,
                   std::optional<u32> deftype = std::nullopt);
FuncAddr allochostfunc(Store& s, const FuncType& type, HostFunc code,
                       std::optional<u32> deftype = std::nullopt);
TableAddr alloctable(Store& s, const TableType& type, Value ref);
MemAddr allocmem(Store& s, const MemType& type);
GlobalAddr allocglobal(Store& s, const GlobalType& type, Value val);
ElemAddr allocelem(Store& s, ValType type, std::vector<Value> refs);
DataAddr allocdata(Store& s, std::vector<u8> bytes);
// Core 3.0 "alloctag" / "allocexn". Exception instances are never collected, so allocexn fails
// (nullopt) once the store holds ExecLimits::max_exceptions of them: the caller's exhaustion.
TagAddr alloctag(Store& s, const FuncType& type, std::optional<u32> deftype = std::nullopt);
std::optional<ExnAddr> allocexn(Store& s, TagAddr tag, std::vector<Value> fields);
// Core 3.0 "allocstruct" / "allocarray" (exec/modules.rst): nullopt when the store's GC bytes
// would pass ExecLimits::max_gc_bytes (or the address space of u32 addresses is used up): the
// caller's exhaustion. allocarray fills n elements with `init`.
std::optional<StructAddr> allocstruct(Store& s, u32 deftype, std::vector<Slot> fields);
std::optional<ArrayAddr> allocarray(Store& s, u32 deftype, u64 n, Slot init);
// A packed field's value as stored (wrapped to 8 or 16 bits); other storage types unchanged.
inline Slot pack_field(const StorageType& st, Slot v) {
  if (st.packed == Packed::i8) return Slot{v.lo & 0xFFu, 0};
  if (st.packed == Packed::i16) return Slot{v.lo & 0xFFFFu, 0};
  return v;
}

// §4.5.3 "Growing tables" / "Growing memories". They fail (return false, leaving the instance
// unchanged) when the new size exceeds the type's maximum, the spec's absolute maximum, or
// the store's ExecLimits (never allocating without bound).
bool growtable(Store& s, TableInst& tab, u64 n, Value ref);
bool growmem(Store& s, MemInst& mem, u64 n);
// The bytes all memories of the store hold (ExecLimits::max_total_memory_bytes bounds it).
u64 total_memory_bytes(const Store& s);

// Core 3.0 exec/values.rst (reference and value typing) and exec/instructions.rst ref.test: does
// the reference (lo, hi) (runtime/value.h; hi == Value::kNull for null) match the closed
// reference type rt? A non-null address reference (kAddr) is read in rt's hierarchy: a
// function address under func, an exception under exn, a host address under extern and any.
bool ref_matches(const Store& s, u64 lo, u64 hi, ValType rt);
// Is `v` a value of the closed type t (the embedder's arguments, a host function's results)?
// A reference must also come from t's hierarchy (a funcref is never an externref).
bool value_matches(const Store& s, const Value& v, ValType t);

// The value of type `t` a raw payload denotes (see Value): normalises the unused bits, so
// that values built by execution compare equal to the same values built by the embedder.
inline Value make_value(ValType t, u64 lo, u64 hi) {
  switch (t.code) {
    case ValType::Code::i32:
    case ValType::Code::f32:
      return Value{t, lo & 0xFFFFFFFFu, 0};
    case ValType::Code::i64:
    case ValType::Code::f64:
      return Value{t, lo, 0};
    case ValType::Code::ref_null:
    case ValType::Code::ref:
      if (hi == Value::kNull) return Value::null(t);
      return Value{t, hi == Value::kI31 ? lo & 0x7FFFFFFFu : lo & 0xFFFFFFFFu, hi};
    case ValType::Code::v128:
    case ValType::Code::bot:
      return Value{t, lo, hi};
  }
  return Value{t, lo, hi};
}

}  // namespace wasmref
