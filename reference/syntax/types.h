// Core 2.0/3.0 §2.3 Types (syntax/types.rst) and §2.5.1 Indices (syntax/modules.rst)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wasmref {

using u8 = std::uint8_t;
using u16 = std::uint16_t;
using u32 = std::uint32_t;
using u64 = std::uint64_t;
using i32 = std::int32_t;
using i64 = std::int64_t;

// §2.5.1 Indices. Each index space is its own type so that a FuncIdx can never be passed where
// a TypeIdx is meant. `.value` is the raw index.
template <class Tag>
struct Index {
  u32 value = 0;
  constexpr Index() = default;
  constexpr explicit Index(u32 v) : value(v) {}
  friend constexpr bool operator==(Index a, Index b) { return a.value == b.value; }
  friend constexpr bool operator<(Index a, Index b) { return a.value < b.value; }
};
using TypeIdx = Index<struct TypeIdxTag>;
using FuncIdx = Index<struct FuncIdxTag>;
using TableIdx = Index<struct TableIdxTag>;
using MemIdx = Index<struct MemIdxTag>;
using GlobalIdx = Index<struct GlobalIdxTag>;
using ElemIdx = Index<struct ElemIdxTag>;
using DataIdx = Index<struct DataIdxTag>;
using LocalIdx = Index<struct LocalIdxTag>;
using LabelIdx = Index<struct LabelIdxTag>;

// Core 3.0 §2.3.3 Heap types. The abstract heap types use their binary encodings
// (binary/types.rst). `bot` is not syntax: it is the appendix algorithm's bottom heap type,
// used only while validating unreachable code.
enum class AbsHeap : u8 {
  bot = 0x00,
  exn = 0x69,
  array = 0x6A,
  struct_ = 0x6B,
  i31 = 0x6C,
  eq = 0x6D,
  any = 0x6E,
  extern_ = 0x6F,
  func = 0x70,
  none = 0x71,
  noextern = 0x72,
  nofunc = 0x73,
  noexn = 0x74,
};
const char* to_string(AbsHeap h);  // "func", "noextern", ...

// A heap type: abstract, or a concrete type. A concrete type is named by a type index of the
// module (`idx`, the syntax), or, once types are closed (valid/matching.h), by the id of its
// canonical defined type (`def`): two defined types are equivalent exactly when their ids are
// equal (core 3.0 valid/conventions.rst "Rolling and Unrolling", iso-recursive equivalence).
struct HeapType {
  enum class Kind : u8 { abs, idx, def };
  Kind kind = Kind::abs;
  AbsHeap abs = AbsHeap::func;  // kind == abs
  u32 index = 0;                // kind == idx: a type index; kind == def: a canonical id

  static constexpr HeapType of(AbsHeap h) { return {Kind::abs, h, 0}; }
  static constexpr HeapType bot() { return of(AbsHeap::bot); }
  static constexpr HeapType idx(u32 x) { return {Kind::idx, AbsHeap::bot, x}; }
  static constexpr HeapType def(u32 id) { return {Kind::def, AbsHeap::bot, id}; }
  constexpr bool is_abs() const { return kind == Kind::abs; }
  constexpr bool is_concrete() const { return kind != Kind::abs; }
  friend constexpr bool operator==(const HeapType&, const HeapType&) = default;
};
std::string to_string(const HeapType& h);  // "func", "$3" for type index 3, "def 7"

// Core 3.0 §2.3.1-2.3.4 Value types: number types, the vector type, and reference types
// `ref null? heaptype`. `code` is the binary encoding of the number and vector types, and
// 0x63 (ref null ht) / 0x64 (ref ht) for references. The 2.0 names are constants:
// ValType::i32 ... ValType::v128, ValType::funcref = (ref null func), externref, exnref.
// `bot` is the appendix algorithm's bottom value type (validation only).
struct ValType {
  enum class Code : u8 {
    i32 = 0x7F, i64 = 0x7E, f32 = 0x7D, f64 = 0x7C, v128 = 0x7B,
    ref_null = 0x63, ref = 0x64, bot = 0x00,
  };
  // Eight bytes, laid out flat (the heap type's fields inline) because instructions carry
  // value types and the interpreter's instructions should stay small.
  Code code = Code::i32;
  HeapType::Kind heap_kind = HeapType::Kind::abs;  // references only
  AbsHeap heap_abs = AbsHeap::func;
  u32 heap_index = 0;

  static const ValType i32, i64, f32, f64, v128, funcref, externref, exnref, bot;
  static constexpr ValType ref(HeapType ht, bool nullable) {
    return {nullable ? Code::ref_null : Code::ref, ht.kind, ht.abs, ht.index};
  }
  static constexpr ValType ref(AbsHeap h, bool nullable) { return ref(HeapType::of(h), nullable); }

  constexpr HeapType heap() const { return {heap_kind, heap_abs, heap_index}; }
  constexpr bool is_ref() const { return code == Code::ref_null || code == Code::ref; }
  constexpr bool nullable() const { return code == Code::ref_null; }
  // The same reference type, nullable or not.
  constexpr ValType as_nullable(bool n) const { return ref(heap(), n); }
  friend constexpr bool operator==(const ValType& a, const ValType& b) {
    return a.code == b.code && (!a.is_ref() || a.heap() == b.heap());
  }
};
inline constexpr ValType ValType::i32{ValType::Code::i32};
inline constexpr ValType ValType::i64{ValType::Code::i64};
inline constexpr ValType ValType::f32{ValType::Code::f32};
inline constexpr ValType ValType::f64{ValType::Code::f64};
inline constexpr ValType ValType::v128{ValType::Code::v128};
inline constexpr ValType ValType::funcref = ValType::ref(AbsHeap::func, true);
inline constexpr ValType ValType::externref = ValType::ref(AbsHeap::extern_, true);
inline constexpr ValType ValType::exnref = ValType::ref(AbsHeap::exn, true);
inline constexpr ValType ValType::bot{ValType::Code::bot};
static_assert(sizeof(ValType) == 8, "instructions carry value types: keep them small");

constexpr bool is_num(ValType t) {
  return t.code == ValType::Code::i32 || t.code == ValType::Code::i64 ||
         t.code == ValType::Code::f32 || t.code == ValType::Code::f64;
}
constexpr bool is_vec(ValType t) { return t.code == ValType::Code::v128; }
constexpr bool is_ref(ValType t) { return t.is_ref(); }
// Core 3.0 §2.3.4 "defaultable": numbers, vectors and nullable references have a default value.
constexpr bool defaultable(ValType t) { return t.code != ValType::Code::ref; }

// The heap type's hierarchy top, for an abstract heap type (3.0 valid/types.rst): any, func,
// extern or exn. A concrete type's top depends on its composite type (valid/matching.h).
constexpr AbsHeap top_of(AbsHeap h) {
  switch (h) {
    case AbsHeap::func:
    case AbsHeap::nofunc: return AbsHeap::func;
    case AbsHeap::extern_:
    case AbsHeap::noextern: return AbsHeap::extern_;
    case AbsHeap::exn:
    case AbsHeap::noexn: return AbsHeap::exn;
    case AbsHeap::bot: return AbsHeap::bot;
    default: return AbsHeap::any;
  }
}
// The bottom of a hierarchy (none, nofunc, noextern, noexn), given its top.
constexpr AbsHeap bottom_of(AbsHeap top) {
  switch (top) {
    case AbsHeap::func: return AbsHeap::nofunc;
    case AbsHeap::extern_: return AbsHeap::noextern;
    case AbsHeap::exn: return AbsHeap::noexn;
    case AbsHeap::bot: return AbsHeap::bot;
    default: return AbsHeap::none;
  }
}

// The name of a value type as the text format writes it ("i32", "funcref", "(ref null 3)" for
// type index 3; a canonical defined type shows as "(ref deftype 7)").
std::string to_string(ValType t);

using ResultType = std::vector<ValType>;  // §2.3.5

// §2.3.6 Function types.
struct FuncType {
  ResultType params;
  ResultType results;
  friend bool operator==(const FuncType&, const FuncType&) = default;
};
std::string to_string(const FuncType& ft);  // "[i32 i64] -> [f32]"

enum class Mut : u8 { const_ = 0x00, var = 0x01 };  // §2.3.10, binary encoding values

// Core 3.0 §2.3 Aggregate types: a field's storage type is a value type or a packed type
// (i8 0x78, i16 0x77, their binary encodings).
enum class Packed : u8 { none = 0, i16 = 0x77, i8 = 0x78 };
struct StorageType {
  ValType val = ValType::i32;   // packed == none
  Packed packed = Packed::none;
  friend bool operator==(const StorageType&, const StorageType&) = default;
};
// unpack(storagetype): the value type a field's value has on the operand stack.
constexpr ValType unpack(const StorageType& s) { return s.packed == Packed::none ? s.val : ValType::i32; }
std::string to_string(const StorageType& s);

struct FieldType {
  Mut mut = Mut::const_;
  StorageType storage;
  friend bool operator==(const FieldType&, const FieldType&) = default;
};

// Core 3.0 §2.3 Composite types: func, struct (fields) or array (one field); the kind is the
// binary form byte.
struct CompType {
  enum class Kind : u8 { func = 0x60, struct_ = 0x5F, array = 0x5E };
  Kind kind = Kind::func;
  FuncType func;                   // kind == func
  std::vector<FieldType> fields;   // kind == struct_ (each field) or array (fields[0])
  friend bool operator==(const CompType&, const CompType&) = default;
};

// Core 3.0 §2.3 Recursive types: `sub final? typeidx* comptype`, flattened into the module's
// type index space. A type also records its place in its rec group (`rec_pos` of `rec_len`),
// so the group of type x is [x - rec_pos, x - rec_pos + rec_len). A 2.0 function type is a
// final subtype with no supertypes in a group of its own, which is what the FuncType
// constructor makes.
struct SubType {
  bool final = true;
  std::vector<HeapType> supers;  // declared supertypes (idx in syntax); valid: at most one
  CompType comp;
  u32 rec_pos = 0;
  u32 rec_len = 1;

  SubType() = default;
  SubType(FuncType ft) : comp{CompType::Kind::func, std::move(ft), {}} {}  // NOLINT: implicit
  bool is_func() const { return comp.kind == CompType::Kind::func; }
  const FuncType& func() const { return comp.func; }
  friend bool operator==(const SubType&, const SubType&) = default;
};

// §2.3.7 Limits.
// Core 3.0 §2.3 Address types: the type of a memory's or table's addresses.
enum class AddrType : u8 { i32, i64 };
const char* to_string(AddrType a);
// The value type of an address (and of sizes and lengths) of this address type.
constexpr ValType addr_valtype(AddrType a) { return a == AddrType::i64 ? ValType::i64 : ValType::i32; }

// Core 3.0 §2.3 Limits: u64 bounds (a 2.0 module's fit in u32, which validation checks).
struct Limits {
  u64 min = 0;
  std::optional<u64> max;
  friend bool operator==(const Limits&, const Limits&) = default;
};

// (The address type comes last in these structs, after the 2.0 members, so that 2.0's
// brace initialisations keep meaning an i32 memory or table.)
struct MemType {  // §2.3.8 (3.0: memtype ::= addrtype limits)
  Limits limits;
  AddrType addr = AddrType::i32;
  friend bool operator==(const MemType&, const MemType&) = default;
};

struct TableType {  // §2.3.9; elem is always a reference type (3.0: addrtype limits reftype)
  Limits limits;
  ValType elem = ValType::funcref;
  AddrType addr = AddrType::i32;
  friend bool operator==(const TableType&, const TableType&) = default;
};

struct GlobalType {  // §2.3.10
  Mut mut = Mut::const_;
  ValType type = ValType::i32;
  friend bool operator==(const GlobalType&, const GlobalType&) = default;
};

// §2.3.11 External types: the kind tag uses the binary import/export descriptor byte.
// Core 3.0 adds tags (0x04).
enum class ExternKind : u8 { func = 0x00, table = 0x01, mem = 0x02, global = 0x03, tag = 0x04 };
const char* to_string(ExternKind k);

}  // namespace wasmref

namespace wasmref {

// §2.3.11 External types.
struct ExternType {
  ExternKind kind = ExternKind::func;
  // Core 3.0: the types are closed (valid/matching.h: concrete heap types are canonical ids), and
  // a function or tag type is a defined type, whose canonical id is func_def / tag_def.
  FuncType func{};      // kind == func
  u32 func_def = 0;     // kind == func
  TableType table{};    // kind == table
  MemType mem{};        // kind == mem
  GlobalType global{};  // kind == global
  FuncType tag{};       // kind == tag: core 3.0 tag type, a function type [t*] -> []
  u32 tag_def = 0;      // kind == tag
};

}  // namespace wasmref
