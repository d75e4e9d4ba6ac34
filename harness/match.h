// Harness: judging results against expectations (notes-harness §1.4, §1.5, §5.3 "Value matching")
//
// Integers and non-NaN floats by exact bits (so -0.0 != +0.0); NaN patterns accept either
// sign; v128 per lane where a lane is a NaN pattern, bitwise otherwise; funcref "0" = any
// non-null function reference; externref by host id; null references by type. An `either`
// expectation is a list of alternatives, each matched on the raw bits of its own shape.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "harness/wast_value.h"

namespace wasmref::harness {

// §4.3.2 NaN classes: canonical = payload exactly the quiet bit; arithmetic = quiet bit set.
bool is_canonical_nan32(u32 bits);
bool is_arithmetic_nan32(u32 bits);
bool is_canonical_nan64(u64 bits);
bool is_arithmetic_nan64(u64 bits);

bool match_value(const WastValue& expected, const Value& actual);

enum class MatchResult : u8 { match, count_mismatch, value_mismatch };

// One alternative: the result count must agree, then every value.
MatchResult match_values(std::span<const WastValue> expected, std::span<const Value> actual);

// Any alternative; count_mismatch only when no alternative has the right count.
MatchResult match_alternatives(const std::vector<std::vector<WastValue>>& alternatives,
                               std::span<const Value> actual);

const char* to_reason(MatchResult r);  // "", "count-mismatch", "value-mismatch"

}  // namespace wasmref::harness
