// Core 2.0 §4.2.1 Values and §4.2.2 Results (exec/runtime.rst), and §4.2.3 addresses
#pragma once

#include <cstring>

#include "syntax/types.h"

namespace wasmref {

// §4.2.3 Addresses: indices into the store's vectors, one type per kind.
using FuncAddr = Index<struct FuncAddrTag>;
using TableAddr = Index<struct TableAddrTag>;
using MemAddr = Index<struct MemAddrTag>;
using GlobalAddr = Index<struct GlobalAddrTag>;
using ElemAddr = Index<struct ElemAddrTag>;
using DataAddr = Index<struct DataAddrTag>;
using ModuleAddr = Index<struct ModuleAddrTag>;
// Core 3.0: tag and exception addresses (exec/runtime.rst).
using TagAddr = Index<struct TagAddrTag>;
using ExnAddr = Index<struct ExnAddrTag>;
// Core 3.0 (GC): structure and array addresses.
using StructAddr = Index<struct StructAddrTag>;
using ArrayAddr = Index<struct ArrayAddrTag>;
// §4.2.3 "extern addresses": host references (`ref.extern N` in scripts) are opaque numbers.
using ExternAddr = Index<struct ExternAddrTag>;

// A value of any value type: 128 bits of payload and its type.
//   i32/f32: low 32 bits of `lo` (bit pattern); i64/f64: `lo`; v128: `lo` = lanes 0..7 bytes,
//   `hi` = bytes 8..15 (little-endian); funcref: `lo` = FuncAddr; externref: `lo` = ExternAddr;
//   exnref: `lo` = ExnAddr;
//   references are null when `hi == kNull`; a non-null reference's `hi` says what `lo` is
//   (core 3.0 exec/runtime.rst reference values): kAddr, an address whose kind the
//   reference's hierarchy gives (func: FuncAddr, exn: ExnAddr, extern and any: ExternAddr, a
//   host reference), kI31 (lo = the 31-bit value), kStruct (StructAddr), kArray (ArrayAddr).
//   extern.convert_any and any.convert_extern change no bits: a host address is the same
//   reference in both hierarchies, and the others keep their kind.
struct Value {
  static constexpr u64 kAddr = 0;
  static constexpr u64 kNull = 1;
  static constexpr u64 kI31 = 2;
  static constexpr u64 kStruct = 3;
  static constexpr u64 kArray = 4;

  ValType type = ValType::i32;
  u64 lo = 0;
  u64 hi = 0;

  static constexpr Value i32(u32 v) { return {ValType::i32, v, 0}; }
  static constexpr Value i64(u64 v) { return {ValType::i64, v, 0}; }
  static constexpr Value f32_bits(u32 v) { return {ValType::f32, v, 0}; }
  static constexpr Value f64_bits(u64 v) { return {ValType::f64, v, 0}; }
  static Value f32(float f) { u32 b; std::memcpy(&b, &f, 4); return f32_bits(b); }
  static Value f64(double d) { u64 b; std::memcpy(&b, &d, 8); return f64_bits(b); }
  static constexpr Value v128(u64 lo, u64 hi) { return {ValType::v128, lo, hi}; }
  static constexpr Value null(ValType t) { return {t, 0, kNull}; }
  static constexpr Value func(FuncAddr a) { return {ValType::funcref, a.value, 0}; }
  static constexpr Value extern_(ExternAddr a) { return {ValType::externref, a.value, 0}; }
  static constexpr Value exn(ExnAddr a) { return {ValType::exnref, a.value, 0}; }
  // Core 3.0: i31 references, structure and array references (of static type `t`).
  static constexpr Value i31(u32 v) { return {ValType::ref(AbsHeap::i31, false), v & 0x7FFFFFFFu, kI31}; }
  static constexpr Value struct_(ValType t, StructAddr a) { return {t, a.value, kStruct}; }
  static constexpr Value array(ValType t, ArrayAddr a) { return {t, a.value, kArray}; }
  // §4.2.1 "default value" of a type: 0 for numbers and vectors, null for references.
  static constexpr Value default_of(ValType t) { return is_ref(t) ? null(t) : Value{t, 0, 0}; }

  constexpr u32 as_i32() const { return static_cast<u32>(lo); }
  constexpr u64 as_i64() const { return lo; }
  constexpr u32 f32_bits_() const { return static_cast<u32>(lo); }
  constexpr u64 f64_bits_() const { return lo; }
  float as_f32() const { float f; u32 b = as_i32(); std::memcpy(&f, &b, 4); return f; }
  double as_f64() const { double d; std::memcpy(&d, &lo, 8); return d; }
  constexpr bool is_null() const { return hi == kNull; }
  constexpr FuncAddr as_func() const { return FuncAddr{static_cast<u32>(lo)}; }
  constexpr ExternAddr as_extern() const { return ExternAddr{static_cast<u32>(lo)}; }
  constexpr ExnAddr as_exn() const { return ExnAddr{static_cast<u32>(lo)}; }
  constexpr StructAddr as_struct() const { return StructAddr{static_cast<u32>(lo)}; }
  constexpr ArrayAddr as_array() const { return ArrayAddr{static_cast<u32>(lo)}; }

  // Bitwise identity (type and payload): what the harness compares for exact results.
  friend constexpr bool operator==(const Value&, const Value&) = default;
};

// One operand or local slot of the operand stack (runtime/stack.h). Untyped: validation
// guarantees every instruction finds the types it expects, so the type is only needed at the
// boundary (func_invoke, globals, host calls), where make_value() restores it. The payload
// layout is Value's (lo, hi), so refs keep `hi == Value::kNull` for null.
struct Slot {
  u64 lo = 0;
  u64 hi = 0;
};

}  // namespace wasmref

namespace wasmref {

// §4.2.12 External values: an address of the kind's store vector.
struct ExternVal {
  ExternKind kind = ExternKind::func;
  u32 addr = 0;
  friend constexpr bool operator==(const ExternVal&, const ExternVal&) = default;
};

}  // namespace wasmref
