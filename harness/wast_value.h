// Harness: script values and result patterns in the wast2json 1.0.32 encoding (notes-harness §1.4)
//
// A WastValue is one argument or one expected result as the script writes it: a value type,
// and either exact bits or a pattern (canonical / arithmetic NaN, null reference, any non-null
// funcref, host reference N). v128 carries a lane shape and one pattern per lane.
//
// WebAssembly 3.0 scripts add reference forms (the spec interpreter's script grammar):
// `(ref.null ht)` for every abstract heap type, `(ref.null)` (a null of any type),
// `(ref.extern)` / `(ref.struct)` / `(ref.array)` / `(ref.i31)` / `(ref.eq)` / `(ref.any)` /
// `(ref.exn)` (any non-null reference of that type), `(ref.host N)` (host reference N in the
// `any` hierarchy). Their JSON encoding (reports/README.md "Values") names the type by the text
// format's shorthand (`anyref`, `eqref`, `i31ref`, `structref`, `arrayref`, `exnref`,
// `nullref`, `nullfuncref`, `nullexternref`, `nullexnref`, plus `refnull` for `(ref.null)` and
// `hostref` for `(ref.host N)`); a missing `value` means "any non-null reference".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/value.h"

namespace wasmref::harness {

enum class LaneType : u8 { i8, i16, i32, i64, f32, f64 };
const char* to_string(LaneType t);
unsigned lane_bits(LaneType t);   // 8, 16, 32, 64, 32, 64
unsigned lane_count(LaneType t);  // 128 / lane_bits
bool is_float_lane(LaneType t);

enum class PatKind : u8 {
  bits,            // exact bit pattern (integers, non-NaN floats, any explicit NaN payload)
  nan_canonical,   // "nan:canonical": quiet NaN with the canonical payload, either sign
  nan_arithmetic,  // "nan:arithmetic": any NaN with the quiet bit set, either sign
  null_ref,        // "null": the null reference of the value's type
  any_func,        // funcref "0" in an expectation: any non-null function reference
  host_ref,        // externref N: the host reference N; hostref N: `(ref.host N)`
  any_null,        // `(ref.null)`: a null reference of any type (3.0 scripts)
  any_ref,         // a non-null reference of the value's heap type: `(ref.struct)`, ... (3.0)
};

struct Lane {
  PatKind kind = PatKind::bits;  // bits / nan_canonical / nan_arithmetic
  u64 bits = 0;
};

struct WastValue {
  ValType type = ValType::i32;
  PatKind kind = PatKind::bits;        // scalar and reference values
  u64 bits = 0;                        // scalar bit pattern or host reference id
  LaneType lane_type = LaneType::i32;  // v128 only
  std::vector<Lane> lanes;             // v128 only, lane 0 first
  // References: the abstract heap type the script names, as the text format writes it
  // ("func", "extern", "any", "eq", "i31", "struct", "array", "exn", "none", "nofunc",
  // "noextern", "noexn"; "host" for `(ref.host N)`; "" for `(ref.null)`). `type` is funcref or
  // externref for the func and extern hierarchies; for the others it holds the type's binary
  // shorthand byte (anyref 0x6E, ..., see ref_type_code), a type this harness's runtime Value
  // cannot carry: such a value can be an expectation but never an argument.
  std::string heap;

  bool is_pattern() const;  // does any part need more than a bitwise comparison?
};

struct ValueParse {
  std::optional<WastValue> value;
  std::string error;         // why it could not be read
  bool unsupported = false;  // well-formed, but a type this harness cannot express (newer refs)
};

// Reads `{"type": T, "value": V}` (v128: `"lane_type"` and an array `value`). Integers may be
// unsigned or signed decimals (newer generators write signed); NaN patterns only when
// `allow_patterns` (expectations).
ValueParse parse_wast_value(const nlohmann::json& j, bool allow_patterns);

// An argument as a runtime Value. Patterns cannot be arguments; a non-null funcref argument
// cannot be written in a script. Returns nullopt for those.
std::optional<Value> to_runtime_value(const WastValue& v);

// The raw 128 bits of a v128 value built from exact lanes (patterned lanes count as 0).
void v128_from_lanes(LaneType lt, const std::vector<Lane>& lanes, u64& lo, u64& hi);
u64 v128_lane(u64 lo, u64 hi, LaneType lt, unsigned i);

// A script value or pattern in the wast2json encoding, extended for the 3.0 reference forms
// (the inverse of parse_wast_value: parse_wast_value(encode_wast_value(v)) gives v back).
nlohmann::json encode_wast_value(const WastValue& v);

// The 3.0 reference types of scripts: the JSON type name ("anyref", ...) of an abstract heap
// type ("any", ...), and back. Empty / nullopt when unknown.
std::string ref_type_name(const std::string& heap);
std::optional<std::string> heap_of_ref_type_name(const std::string& type_name);
// The `type` a reference of this heap type gets in a WastValue (see WastValue::heap).
ValType ref_val_type(const std::string& heap);
// Is `type` one of the reference types (funcref, externref, or a 3.0 shorthand byte)?
bool is_wast_ref_type(ValType type);

// A runtime value in the wast2json encoding (type + unsigned decimal bits; v128 as
// `lane_type` + lane array in the given shape), so reports never format a float.
// A reply value as it compares across engines: a non-null reference whose number is the
// engine's own address (a function, exception, structure or array: PROTOCOL.md "Values") is
// any such reference, so its number is dropped; every other value is itself.
nlohmann::json comparable_value(const nlohmann::json& v);

nlohmann::json encode_value(const Value& v, LaneType v128_shape = LaneType::i32);

// Parses an unsigned or signed decimal into a `width`-bit pattern.
std::optional<u64> parse_int_bits(const std::string& s, unsigned width);

}  // namespace wasmref::harness
