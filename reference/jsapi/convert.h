// JS-API value conversions (js-api "ToJSValue", "ToWebAssemblyValue", "DefaultValue",
// "ToValueType", "AddressValueToU64") and the WebIDL conversions the interfaces use.
#pragma once

#include <optional>
#include <string_view>

#include "jsapi/agent.h"
#include "jsapi/host.h"
#include "runtime/value.h"

namespace wasmref::jsapi {

// js-api "t matches exnref": every type of the exn hierarchy (exnref, (ref exn), nullexnref,
// (ref noexn)). "t matches v128 or exnref": the value types JS cannot carry. Exported
// Functions, host functions, Exception payloads, globals and tables throw a TypeError for them
// where the spec says so, before any conversion (ToJSValue and ToWebAssemblyValue assert they
// never see them).
bool matches_exnref(ValType t);
bool matches_v128_or_exnref(ValType t);
// That TypeError, naming the type.
Thrown throw_not_javascript_compatible(JsHost& host, ValType t);

// ToJSValue(w): i32 -> Number (signed), i64 -> BigInt (signed), f32/f64 -> Number,
// ref.null -> null, ref.i31 -> Number (signed 31-bit), ref.struct / ref.array -> the cached
// Exported GC Object, ref.func -> the Exported Function, ref.host -> the cached host value,
// ref.extern r -> ToJSValue(r). A reference's static type must be closed (valid/matching.h): its
// hierarchy says what an address is (runtime/value.h). v128 and the exn hierarchy never get
// here (callers throw TypeError first); they give undefined.
JsValue to_js_value(Agent& agent, const Value& w);
// ToWebAssemblyValue(v, type), `type` closed: TypeError where the spec says so (Number for
// i64, BigInt for i32; for a reference type, whatever does not match `type`: null for a
// non-nullable type, a non-Exported-Function or a function of another type for a function
// reference, a non-i31 Number or a host value for eqref...; v128 and exnref, which callers
// exclude first). The result carries `type` as its Value::type.
Completion<Value> to_webassembly_value(Agent& agent, JsValue v, ValType type);
// DefaultValue(t): externref -> ToWebAssemblyValue(undefined), else the core default;
// nullopt ("error") for a type without one (a non-nullable reference type).
std::optional<Value> default_value(Agent& agent, ValType t);
// ToValueType(s): "i32" "i64" "f32" "f64" "v128" "anyfunc"(-> funcref) "externref"; else
// TypeError (WebIDL enum conversion: ToString first). The ValueType enum of js-api/index.bs
// names no 3.0 reference type ("anyref", "eqref", "i31ref", "nullref", ... are TypeErrors,
// notes-jsapi "Decisions" 7): tables and globals of those types come from modules only.
Completion<ValType> to_value_type(JsHost& host, JsValue s);
// WebIDL [EnforceRange] unsigned long: ToNumber; NaN/+-inf -> TypeError; truncate; outside
// 0..2^32-1 -> TypeError. (AddressValueToU64 for the i32 address type.)
Completion<u32> enforce_range_unsigned_long(JsHost& host, JsValue v);
// js-api AddressType (enum "i32" | "i64"): ToString, then exact match, else TypeError.
enum class AddressType : unsigned char { i32, i64 };
Completion<AddressType> to_address_type(JsHost& host, JsValue s);
// The AddressType of a core address type and back ("the address type in mem_type(...)",
// "memory type addrtype {...}": the enum's strings name the core's i32 and i64).
constexpr AddressType address_type_of(AddrType a) {
  return a == AddrType::i64 ? AddressType::i64 : AddressType::i32;
}
constexpr AddrType core_addrtype(AddressType a) {
  return a == AddressType::i64 ? AddrType::i64 : AddrType::i32;
}
// AddressValueToU64(v, addrtype): i32 -> [EnforceRange] unsigned long; i64 -> ToBigInt, then
// TypeError unless 0 <= n <= 2^64-1.
Completion<u64> address_value_to_u64(JsHost& host, JsValue v, AddressType addrtype);

// The members MemoryDescriptor and TableDescriptor share, read and converted in the order the
// Memory and Table constructors take them: `address` (default "i32"), then `initial` (required:
// TypeError when missing), then `maximum` (optional), each through AddressValueToU64.
// Note (deviation): each member is converted right after it is read (as engines and the
// browser tests do), not after all members are read (notes-jsapi "Decisions" 1).
struct AddressLimits {
  AddressType addrtype = AddressType::i32;
  u64 initial = 0;
  std::optional<u64> maximum;
};
Completion<AddressLimits> read_address_limits(JsHost& host, JsValue descriptor);
// U64ToAddressValue(v, addrtype): a Number for i32, a BigInt for i64.
JsValue u64_to_address_value(JsHost& host, u64 v, AddressType addrtype);
// WebIDL `optional any` argument i: missing when not passed or undefined (WebIDL overload
// resolution turns an undefined optional argument without default into "missing").
bool optional_argument_missing(JsHost& host, const CallArgs& call, size_t i);
// WebIDL dictionary member read: Get(dict, key) where dict undefined/null means an empty
// dictionary (undefined result); another non-object -> TypeError.
Completion<JsValue> dictionary_member(JsHost& host, JsValue dict, std::u16string_view key);

}  // namespace wasmref::jsapi
