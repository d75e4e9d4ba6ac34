// Harness: script values and result patterns in the wast2json 1.0.32 encoding (notes-harness §1.4)
//
// A WastValue is one argument or one expected result as the script writes it: a value type,
// and either exact bits or a pattern (canonical / arithmetic NaN, null reference, any non-null
// funcref, host reference N). v128 carries a lane shape and one pattern per lane.
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
  host_ref,        // externref N: the host reference N
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

// A runtime value in the wast2json encoding (type + unsigned decimal bits; v128 as
// `lane_type` + lane array in the given shape), so reports never format a float.
nlohmann::json encode_value(const Value& v, LaneType v128_shape = LaneType::i32);

// Parses an unsigned or signed decimal into a `width`-bit pattern.
std::optional<u64> parse_int_bits(const std::string& s, unsigned width);

}  // namespace wasmref::harness
