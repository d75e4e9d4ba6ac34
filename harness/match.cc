// Harness: judging results against expectations (notes-harness §1.4, §1.5, §5.3 "Value matching")
#include "harness/match.h"

#include "valid/matching.h"

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

// 3.0 reference results, judged as the spec interpreter's script runner judges them: by the
// reference's kind (runtime/value.h: Value::hi) and hierarchy (the top of its static type),
// never by the static type alone.
//   (ref.null)        any null reference
//   (ref.null ht)     a null of ht's hierarchy (ref.null none matches a null structref)
//   (ref.func) ...    a non-null reference whose dynamic type matches the abstract heap type:
//                     func, extern, exn, any (every non-null any value), eq (i31, structs,
//                     arrays), i31, struct, array
//   (ref.extern N)    the host reference N seen as extern; (ref.host N) the same in any
bool match_ref(const WastValue& expected, const Value& actual) {
  if (!is_ref(actual.type)) return false;
  if (expected.kind == PatKind::any_null) return actual.is_null();
  const AbsHeap actual_top = top_heap(actual.type.heap());
  const AbsHeap heap = expected.type.heap_abs;
  if (expected.kind == PatKind::null_ref) return actual.is_null() && actual_top == top_of(heap);
  if (actual.is_null()) return false;
  if (expected.kind == PatKind::host_ref) {
    const AbsHeap want = expected.heap == "host" ? AbsHeap::any : AbsHeap::extern_;
    return actual_top == want && actual.hi == Value::kAddr && expected.bits == actual.lo;
  }
  if (expected.kind != PatKind::any_func && expected.kind != PatKind::any_ref) return false;
  if (actual_top != top_of(heap)) return false;
  switch (heap) {
    case AbsHeap::eq:
      return actual.hi == Value::kI31 || actual.hi == Value::kStruct || actual.hi == Value::kArray;
    case AbsHeap::i31: return actual.hi == Value::kI31;
    case AbsHeap::struct_: return actual.hi == Value::kStruct;
    case AbsHeap::array: return actual.hi == Value::kArray;
    case AbsHeap::any:
    case AbsHeap::func:
    case AbsHeap::extern_:
    case AbsHeap::exn: return true;
    default: return false;  // the bottom types have no non-null values
  }
}

bool match_value(const WastValue& expected, const Value& actual) {
  if (is_ref(expected.type)) return match_ref(expected, actual);
  if (expected.type != actual.type) return false;
  switch (expected.type.code) {
    case ValType::Code::i32: return expected.bits == (actual.lo & 0xffffffffu);
    case ValType::Code::i64: return expected.bits == actual.lo;
    case ValType::Code::f32:
      return match_float(expected.kind, expected.bits, actual.lo & 0xffffffffu, 32);
    case ValType::Code::f64: return match_float(expected.kind, expected.bits, actual.lo, 64);
    case ValType::Code::v128: {
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
    default: break;
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
