// Core 2.0 §2.3 Types (syntax/types.rst) and §2.5.1 Indices (syntax/modules.rst)
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

// §2.3.1-2.3.4 Number, vector and reference types; the enumerator values are their binary
// encodings (§5.3.1-5.3.3), so the decoder can map a byte directly.
enum class ValType : u8 {
  i32 = 0x7F,
  i64 = 0x7E,
  f32 = 0x7D,
  f64 = 0x7C,
  v128 = 0x7B,
  funcref = 0x70,
  externref = 0x6F,
  exnref = 0x69,  // core 3.0: (ref null exn), the type of caught exceptions
};

constexpr bool is_num(ValType t) {
  return t == ValType::i32 || t == ValType::i64 || t == ValType::f32 || t == ValType::f64;
}
constexpr bool is_vec(ValType t) { return t == ValType::v128; }
constexpr bool is_ref(ValType t) {
  return t == ValType::funcref || t == ValType::externref || t == ValType::exnref;
}
// The name of a value type as the text format writes it ("i32", "funcref", ...).
const char* to_string(ValType t);

using ResultType = std::vector<ValType>;  // §2.3.5

// §2.3.6 Function types.
struct FuncType {
  ResultType params;
  ResultType results;
  friend bool operator==(const FuncType&, const FuncType&) = default;
};
std::string to_string(const FuncType& ft);  // "[i32 i64] -> [f32]"

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

enum class Mut : u8 { const_ = 0x00, var = 0x01 };  // §2.3.10, binary encoding values

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
  FuncType func{};      // kind == func
  TableType table{};    // kind == table
  MemType mem{};        // kind == mem
  GlobalType global{};  // kind == global
  FuncType tag{};       // kind == tag: core 3.0 tag type, a function type [t*] -> []
};

}  // namespace wasmref
