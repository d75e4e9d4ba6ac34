// Harness: judging results against expectations (notes-harness §1.4, §1.5, §5.3 "Value matching")
#include "harness/match.h"

namespace wasmref::harness {

// f32: sign 1, exponent 8, fraction 23; the quiet bit is the top fraction bit.
bool is_canonical_nan32(u32 bits) { return (bits & 0x7fffffffu) == 0x7fc00000u; }
bool is_arithmetic_nan32(u32 bits) { return (bits & 0x7fc00000u) == 0x7fc00000u; }
// f64: sign 1, exponent 11, fraction 52.
bool is_canonical_nan64(u64 bits) {
  return (bits & 0x7fffffffffffffffull) == 0x7ff8000000000000ull;
}
bool is_arithmetic_nan64(u64 bits) {
  return (bits & 0x7ff8000000000000ull) == 0x7ff8000000000000ull;
}

namespace {

bool match_float(PatKind kind, u64 expected_bits, u64 actual_bits, unsigned width) {
  switch (kind) {
    case PatKind::nan_canonical:
      return width == 32 ? is_canonical_nan32(static_cast<u32>(actual_bits))
                         : is_canonical_nan64(actual_bits);
    case PatKind::nan_arithmetic:
      return width == 32 ? is_arithmetic_nan32(static_cast<u32>(actual_bits))
                         : is_arithmetic_nan64(actual_bits);
    case PatKind::bits: return expected_bits == actual_bits;
    default: return false;
  }
}

}  // namespace

bool match_value(const WastValue& expected, const Value& actual) {
  // 3.0 `(ref.null)`: a null reference of any type.
  if (expected.kind == PatKind::any_null) return is_ref(actual.type) && actual.is_null();
  // 3.0 heap types outside the func and extern hierarchies (anyref, eqref, ..., hostref): the
  // runtime Value cannot be one, so nothing an engine returns matches them (honestly failed,
  // never guessed).
  if (expected.type != actual.type) return false;
  switch (expected.type) {
    case ValType::i32: return expected.bits == (actual.lo & 0xffffffffu);
    case ValType::i64: return expected.bits == actual.lo;
    case ValType::f32:
      return match_float(expected.kind, expected.bits, actual.lo & 0xffffffffu, 32);
    case ValType::f64: return match_float(expected.kind, expected.bits, actual.lo, 64);
    case ValType::v128: {
      const LaneType lt = expected.lane_type;
      if (expected.lanes.size() != lane_count(lt)) return false;
      for (unsigned i = 0; i < lane_count(lt); ++i) {
        const Lane& lane = expected.lanes[i];
        const u64 a = v128_lane(actual.lo, actual.hi, lt, i);
        if (lane.kind == PatKind::bits) {
          if (lane.bits != a) return false;
        } else if (!match_float(lane.kind, 0, a, lane_bits(lt))) {
          return false;
        }
      }
      return true;
    }
    case ValType::funcref:
      // `(ref.null func)` and `(ref.null nofunc)` both denote the null of the func hierarchy.
      if (expected.kind == PatKind::null_ref) return actual.is_null();
      return (expected.kind == PatKind::any_func || expected.kind == PatKind::any_ref) &&
             !actual.is_null();
    case ValType::externref:
      if (expected.kind == PatKind::null_ref) return actual.is_null();
      if (expected.kind == PatKind::any_ref) return !actual.is_null();  // `(ref.extern)`
      return expected.kind == PatKind::host_ref && !actual.is_null() &&
             expected.bits == static_cast<u64>(actual.as_extern().value);
    case ValType::exnref:
      // 3.0 `(ref.null exn)` / `(ref.null noexn)` and `(ref.exn)`.
      if (expected.kind == PatKind::null_ref) return actual.is_null();
      return expected.kind == PatKind::any_ref && !actual.is_null();
  }
  return false;
}

MatchResult match_values(std::span<const WastValue> expected, std::span<const Value> actual) {
  if (expected.size() != actual.size()) return MatchResult::count_mismatch;
  for (size_t i = 0; i < expected.size(); ++i)
    if (!match_value(expected[i], actual[i])) return MatchResult::value_mismatch;
  return MatchResult::match;
}

MatchResult match_alternatives(const std::vector<std::vector<WastValue>>& alternatives,
                               std::span<const Value> actual) {
  MatchResult best = MatchResult::count_mismatch;
  for (const std::vector<WastValue>& alt : alternatives) {
    const MatchResult r = match_values(alt, actual);
    if (r == MatchResult::match) return r;
    if (r == MatchResult::value_mismatch) best = r;
  }
  return best;
}

const char* to_reason(MatchResult r) {
  switch (r) {
    case MatchResult::match: return "";
    case MatchResult::count_mismatch: return "count-mismatch";
    case MatchResult::value_mismatch: return "value-mismatch";
  }
  return "";
}

}  // namespace wasmref::harness
