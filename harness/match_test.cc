// Harness tests: value parsing, encoding and matching (notes-harness §1.4, §1.5, §5.3)
#include "harness/match.h"

#include <gtest/gtest.h>

namespace wasmref::harness {
namespace {

WastValue pat(const std::string& json) {
  ValueParse p = parse_wast_value(nlohmann::json::parse(json), true);
  EXPECT_TRUE(p.value) << p.error;
  return p.value ? *p.value : WastValue{};
}

TEST(ValueParse, IntegersSignedAndUnsigned) {
  EXPECT_EQ(parse_int_bits("4294967295", 32), 0xffffffffu);
  EXPECT_EQ(parse_int_bits("-1", 32), 0xffffffffu);
  EXPECT_EQ(parse_int_bits("-2147483648", 32), 0x80000000u);
  EXPECT_FALSE(parse_int_bits("-2147483649", 32));
  EXPECT_FALSE(parse_int_bits("4294967296", 32));
  EXPECT_EQ(parse_int_bits("18446744073709551615", 64), UINT64_MAX);
  EXPECT_FALSE(parse_int_bits("18446744073709551616", 64));
  EXPECT_EQ(parse_int_bits("-9223372036854775808", 64), 0x8000000000000000ull);
  EXPECT_EQ(parse_int_bits("-128", 8), 0x80u);
  EXPECT_FALSE(parse_int_bits("256", 8));
  EXPECT_FALSE(parse_int_bits("", 32));
  EXPECT_FALSE(parse_int_bits("-", 32));
  EXPECT_FALSE(parse_int_bits("1x", 32));
  EXPECT_FALSE(parse_int_bits("0x10", 32));
}

TEST(ValueParse, BadValuesAreErrors) {
  for (const char* bad : {R"({"type": "i32"})", R"({"type": "i32", "value": 5})",
                          R"({"type": "v128", "lane_type": "i32", "value": ["1"]})",
                          R"({"type": "v128", "value": ["1","2","3","4"]})",
                          R"({"type": "v128", "lane_type": "i3", "value": ["1","2","3","4"]})",
                          R"({"type": "i32", "value": "nan:canonical"})",
                          R"({"type": "externref", "value": "x"})", R"("i32")"}) {
    ValueParse p = parse_wast_value(nlohmann::json::parse(bad), true);
    EXPECT_FALSE(p.value) << bad;
    EXPECT_FALSE(p.unsupported) << bad;
  }
  // A type newer than this harness (stack switching's contref) is unsupported, not broken;
  // the 3.0 reference types are read (MatchValue.ReferencePatternsOf30).
  ValueParse p =
      parse_wast_value(nlohmann::json::parse(R"({"type": "contref", "value": "null"})"), true);
  EXPECT_FALSE(p.value);
  EXPECT_TRUE(p.unsupported);
  EXPECT_TRUE(
      parse_wast_value(nlohmann::json::parse(R"({"type": "exnref", "value": "null"})"), true)
          .value);
  // NaN patterns are expectations only.
  EXPECT_FALSE(parse_wast_value(
                   nlohmann::json::parse(R"({"type": "f32", "value": "nan:arithmetic"})"), false)
                   .value);
}

TEST(ValueConvert, ArgumentsBecomeRuntimeValues) {
  EXPECT_EQ(*to_runtime_value(pat(R"({"type": "i32", "value": "-1"})")), Value::i32(0xffffffffu));
  EXPECT_EQ(*to_runtime_value(pat(R"({"type": "f32", "value": "2141192192"})")),
            Value::f32_bits(2141192192u));  // a signalling NaN stays bit-exact
  EXPECT_EQ(*to_runtime_value(pat(R"({"type": "f64", "value": "9223372036854775809"})")),
            Value::f64_bits(0x8000000000000001ull));
  EXPECT_EQ(*to_runtime_value(pat(R"({"type": "externref", "value": "42"})")),
            Value::extern_(ExternAddr{42}));
  EXPECT_EQ(*to_runtime_value(pat(R"({"type": "externref", "value": "null"})")),
            Value::null(ValType::externref));
  EXPECT_EQ(*to_runtime_value(pat(R"({"type": "funcref", "value": "null"})")),
            Value::null(ValType::funcref));
  EXPECT_FALSE(to_runtime_value(pat(R"({"type": "funcref", "value": "0"})")));
  EXPECT_FALSE(to_runtime_value(pat(R"({"type": "f32", "value": "nan:canonical"})")));
  // Lanes in order, little-endian: lane 0 is the low byte.
  EXPECT_EQ(
      *to_runtime_value(pat(
          R"({"type": "v128", "lane_type": "i8", "value": ["1","2","3","4","5","6","7","8","9","10","11","12","13","14","15","255"]})")),
      Value::v128(0x0807060504030201ull, 0xff0f0e0d0c0b0a09ull));
  EXPECT_EQ(*to_runtime_value(pat(R"({"type": "v128", "lane_type": "i64", "value": ["1", "-1"]})")),
            Value::v128(1, UINT64_MAX));
  EXPECT_EQ(
      *to_runtime_value(pat(
          R"({"type": "v128", "lane_type": "i16", "value": ["1","2","3","4","5","6","7","65535"]})")),
      Value::v128(0x0004000300020001ull, 0xffff000700060005ull));
}

TEST(ValueEncode, WastEncodingWithoutFloatFormatting) {
  EXPECT_EQ(encode_value(Value::i32(0xffffffffu)).dump(), R"({"type":"i32","value":"4294967295"})");
  EXPECT_EQ(encode_value(Value::f32(-0.0f)).dump(), R"({"type":"f32","value":"2147483648"})");
  EXPECT_EQ(encode_value(Value::f64_bits(0x7ff8000000000001ull)).dump(),
            R"({"type":"f64","value":"9221120237041090561"})");
  EXPECT_EQ(encode_value(Value::null(ValType::funcref)).dump(),
            R"({"type":"funcref","value":"null"})");
  EXPECT_EQ(encode_value(Value::extern_(ExternAddr{7})).dump(),
            R"({"type":"externref","value":"7"})");
  EXPECT_EQ(encode_value(Value::v128(1, UINT64_MAX), LaneType::i64).dump(),
            R"({"lane_type":"i64","type":"v128","value":["1","18446744073709551615"]})");
  EXPECT_EQ(encode_value(Value::v128(0x0000000200000001ull, 0), LaneType::i32).dump(),
            R"({"lane_type":"i32","type":"v128","value":["1","2","0","0"]})");
}

TEST(NanClasses, CanonicalAndArithmeticEitherSign) {
  EXPECT_TRUE(is_canonical_nan32(0x7fc00000u));
  EXPECT_TRUE(is_canonical_nan32(0xffc00000u));
  EXPECT_FALSE(is_canonical_nan32(0x7fc00001u));
  EXPECT_FALSE(is_canonical_nan32(0x7fa00000u));  // signalling
  EXPECT_TRUE(is_arithmetic_nan32(0x7fc00001u));
  EXPECT_TRUE(is_arithmetic_nan32(0xffc12345u));
  EXPECT_FALSE(is_arithmetic_nan32(0x7f800001u));  // signalling
  EXPECT_FALSE(is_arithmetic_nan32(0x7f800000u));  // infinity
  EXPECT_TRUE(is_canonical_nan64(0x7ff8000000000000ull));
  EXPECT_TRUE(is_canonical_nan64(0xfff8000000000000ull));
  EXPECT_FALSE(is_canonical_nan64(0x7ff8000000000001ull));
  EXPECT_TRUE(is_arithmetic_nan64(0xfff8000000000001ull));
  EXPECT_FALSE(is_arithmetic_nan64(0x7ff0000000000001ull));
}

TEST(MatchValue, ExactBitsForIntegersAndFloats) {
  EXPECT_TRUE(match_value(pat(R"({"type": "i32", "value": "1"})"), Value::i32(1)));
  EXPECT_FALSE(match_value(pat(R"({"type": "i32", "value": "1"})"), Value::i32(2)));
  EXPECT_FALSE(match_value(pat(R"({"type": "i32", "value": "1"})"), Value::i64(1)));  // type
  EXPECT_TRUE(match_value(pat(R"({"type": "i64", "value": "-1"})"), Value::i64(UINT64_MAX)));
  // -0.0 != +0.0
  EXPECT_TRUE(match_value(pat(R"({"type": "f32", "value": "2147483648"})"), Value::f32(-0.0f)));
  EXPECT_FALSE(match_value(pat(R"({"type": "f32", "value": "2147483648"})"), Value::f32(0.0f)));
  EXPECT_FALSE(match_value(pat(R"({"type": "f64", "value": "0"})"), Value::f64(-0.0)));
  // An explicit NaN payload is compared bit for bit.
  EXPECT_TRUE(
      match_value(pat(R"({"type": "f32", "value": "2143289345"})"), Value::f32_bits(0x7fc00001u)));
  EXPECT_FALSE(
      match_value(pat(R"({"type": "f32", "value": "2143289345"})"), Value::f32_bits(0x7fc00000u)));
}

TEST(MatchValue, NanPatterns) {
  const WastValue c32 = pat(R"({"type": "f32", "value": "nan:canonical"})");
  const WastValue a32 = pat(R"({"type": "f32", "value": "nan:arithmetic"})");
  EXPECT_TRUE(match_value(c32, Value::f32_bits(0x7fc00000u)));
  EXPECT_TRUE(match_value(c32, Value::f32_bits(0xffc00000u)));  // either sign
  EXPECT_FALSE(match_value(c32, Value::f32_bits(0x7fc00001u)));
  EXPECT_FALSE(match_value(c32, Value::f64_bits(0x7ff8000000000000ull)));  // type
  EXPECT_TRUE(match_value(a32, Value::f32_bits(0xffc00001u)));
  EXPECT_FALSE(match_value(a32, Value::f32_bits(0x7f800001u)));
  EXPECT_FALSE(match_value(a32, Value::f32(1.0f)));
  const WastValue c64 = pat(R"({"type": "f64", "value": "nan:canonical"})");
  const WastValue a64 = pat(R"({"type": "f64", "value": "nan:arithmetic"})");
  EXPECT_TRUE(match_value(c64, Value::f64_bits(0xfff8000000000000ull)));
  EXPECT_FALSE(match_value(c64, Value::f64_bits(0x7ff8000000000001ull)));
  EXPECT_TRUE(match_value(a64, Value::f64_bits(0x7ff8000000000001ull)));
  EXPECT_FALSE(match_value(a64, Value::f64_bits(0x7ff4000000000000ull)));
}

TEST(MatchValue, V128PerLane) {
  const WastValue v = pat(
      R"({"type": "v128", "lane_type": "f32", "value": ["nan:canonical", "nan:arithmetic", "2147483648", "1065353216"]})");
  auto make = [](u32 l0, u32 l1, u32 l2, u32 l3) {
    return Value::v128(u64{l0} | (u64{l1} << 32), u64{l2} | (u64{l3} << 32));
  };
  EXPECT_TRUE(match_value(v, make(0x7fc00000u, 0x7fc00001u, 0x80000000u, 0x3f800000u)));
  EXPECT_TRUE(match_value(v, make(0xffc00000u, 0xffffffffu, 0x80000000u, 0x3f800000u)));
  EXPECT_FALSE(match_value(v, make(0x7fc00001u, 0x7fc00001u, 0x80000000u, 0x3f800000u)));
  EXPECT_FALSE(match_value(v, make(0x7fc00000u, 0x7f800001u, 0x80000000u, 0x3f800000u)));
  EXPECT_FALSE(match_value(v, make(0x7fc00000u, 0x7fc00001u, 0x00000000u, 0x3f800000u)));  // -0
  EXPECT_FALSE(match_value(v, Value::i32(0)));
  const WastValue i =
      pat(R"({"type": "v128", "lane_type": "i16", "value": ["1","2","3","4","5","6","7","-1"]})");
  EXPECT_TRUE(match_value(i, Value::v128(0x0004000300020001ull, 0xffff000700060005ull)));
  EXPECT_FALSE(match_value(i, Value::v128(0x0004000300020001ull, 0x7fff000700060005ull)));
  const WastValue d =
      pat(R"({"type": "v128", "lane_type": "f64", "value": ["nan:canonical", "0"]})");
  EXPECT_TRUE(match_value(d, Value::v128(0xfff8000000000000ull, 0)));
  EXPECT_FALSE(match_value(d, Value::v128(0xfff8000000000000ull, 0x8000000000000000ull)));
}

TEST(MatchValue, References) {
  const WastValue fnull = pat(R"({"type": "funcref", "value": "null"})");
  const WastValue fany = pat(R"({"type": "funcref", "value": "0"})");
  EXPECT_TRUE(match_value(fnull, Value::null(ValType::funcref)));
  EXPECT_FALSE(match_value(fnull, Value::func(FuncAddr{0})));
  EXPECT_FALSE(match_value(fnull, Value::null(ValType::externref)));  // null by type
  EXPECT_TRUE(match_value(fany, Value::func(FuncAddr{0})));
  EXPECT_TRUE(match_value(fany, Value::func(FuncAddr{17})));  // "0" is a marker, not an index
  EXPECT_FALSE(match_value(fany, Value::null(ValType::funcref)));
  const WastValue e1 = pat(R"({"type": "externref", "value": "1"})");
  EXPECT_TRUE(match_value(e1, Value::extern_(ExternAddr{1})));
  EXPECT_FALSE(match_value(e1, Value::extern_(ExternAddr{2})));
  EXPECT_FALSE(match_value(e1, Value::null(ValType::externref)));
  const WastValue enull = pat(R"({"type": "externref", "value": "null"})");
  EXPECT_TRUE(match_value(enull, Value::null(ValType::externref)));
  EXPECT_FALSE(match_value(enull, Value::extern_(ExternAddr{0})));
  EXPECT_FALSE(match_value(enull, Value::null(ValType::funcref)));
}

TEST(MatchValue, ReferencePatternsOf30) {
  // `(ref.null)`: a null of any type.
  const WastValue anynull = pat(R"({"type": "refnull", "value": "null"})");
  EXPECT_EQ(anynull.kind, PatKind::any_null);
  EXPECT_TRUE(match_value(anynull, Value::null(ValType::funcref)));
  EXPECT_TRUE(match_value(anynull, Value::null(ValType::externref)));
  EXPECT_FALSE(match_value(anynull, Value::extern_(ExternAddr{0})));
  EXPECT_FALSE(match_value(anynull, Value::i32(0)));
  // The bottom types of the func and extern hierarchies are their nulls.
  EXPECT_TRUE(match_value(pat(R"({"type": "nullfuncref", "value": "null"})"),
                          Value::null(ValType::funcref)));
  EXPECT_TRUE(match_value(pat(R"({"type": "nullexternref", "value": "null"})"),
                          Value::null(ValType::externref)));
  EXPECT_FALSE(match_value(pat(R"({"type": "nullexternref", "value": "null"})"),
                           Value::null(ValType::funcref)));
  // `(ref.extern)` / `(ref.func)` without a number: any non-null reference of the type.
  const WastValue eany = pat(R"({"type": "externref"})");
  EXPECT_EQ(eany.kind, PatKind::any_ref);
  EXPECT_TRUE(match_value(eany, Value::extern_(ExternAddr{9})));
  EXPECT_FALSE(match_value(eany, Value::null(ValType::externref)));
  EXPECT_FALSE(match_value(eany, Value::func(FuncAddr{1})));
  EXPECT_TRUE(match_value(pat(R"({"type": "funcref"})"), Value::func(FuncAddr{3})));
  // The exn hierarchy (core 3.0 exception handling): `(ref.null exn)` and `(ref.null noexn)`
  // match the null exnref, `(ref.exn)` any exception reference; nothing else matches them.
  for (const char* j : {R"({"type": "exnref", "value": "null"})",
                        R"({"type": "nullexnref", "value": "null"})"}) {
    EXPECT_TRUE(match_value(pat(j), Value::null(ValType::exnref))) << j;
    EXPECT_FALSE(match_value(pat(j), Value::exn(ExnAddr{0}))) << j;
    EXPECT_FALSE(match_value(pat(j), Value::null(ValType::externref))) << j;
    EXPECT_TRUE(to_runtime_value(pat(j))->is_null()) << j;
  }
  EXPECT_TRUE(match_value(pat(R"({"type": "exnref"})"), Value::exn(ExnAddr{2})));
  EXPECT_FALSE(match_value(pat(R"({"type": "exnref"})"), Value::null(ValType::exnref)));
  EXPECT_FALSE(to_runtime_value(pat(R"({"type": "exnref"})")));
  // The any hierarchy (core 3.0 GC): each pattern by the reference's kind.
  const ValType anyref = ValType::ref(AbsHeap::any, true);
  const Value i31{anyref, 5, Value::kI31}, st{anyref, 1, Value::kStruct}, arr{anyref, 1, Value::kArray};
  const Value host{anyref, 1, Value::kAddr};
  const Value ext_i31{ValType::externref, 5, Value::kI31};  // extern.convert_any (ref.i31 5)
  struct Case {
    const char* json;
    std::vector<Value> match, no_match;
  };
  const std::vector<Case> cases = {
      {R"({"type": "anyref"})", {i31, st, arr, host}, {Value::null(anyref), Value::extern_(ExternAddr{1}), ext_i31}},
      {R"({"type": "eqref"})", {i31, st, arr}, {host, Value::null(anyref)}},
      {R"({"type": "i31ref"})", {i31}, {st, arr, host, ext_i31}},
      {R"({"type": "structref"})", {st}, {i31, arr, host}},
      {R"({"type": "arrayref"})", {arr}, {i31, st, host}},
      {R"({"type": "hostref", "value": "1"})", {host}, {Value::extern_(ExternAddr{1}), i31, st}},
      {R"({"type": "anyref", "value": "null"})", {Value::null(anyref), Value::null(ValType::ref(AbsHeap::struct_, true))}, {Value::null(ValType::externref), i31}},
      {R"({"type": "nullref", "value": "null"})", {Value::null(anyref)}, {Value::null(ValType::funcref), st}},
      {R"({"type": "externref"})", {Value::extern_(ExternAddr{1}), ext_i31}, {i31, Value::null(ValType::externref)}},
  };
  for (const Case& c : cases) {
    const WastValue w = pat(c.json);
    EXPECT_TRUE(w.is_pattern() || w.kind == PatKind::null_ref || w.kind == PatKind::host_ref) << c.json;
    for (const Value& v : c.match) EXPECT_TRUE(match_value(w, v)) << c.json;
    for (const Value& v : c.no_match) EXPECT_FALSE(match_value(w, v)) << c.json;
    EXPECT_EQ(encode_wast_value(w), nlohmann::json::parse(c.json));  // the encoding round-trips
  }
  // Nulls and host references are arguments too (ref.host N is the host reference N in any).
  EXPECT_EQ(*to_runtime_value(pat(R"({"type": "anyref", "value": "null"})")), Value::null(anyref));
  EXPECT_EQ(*to_runtime_value(pat(R"({"type": "hostref", "value": "1"})")),
            (Value{ValType::ref(AbsHeap::any, false), 1, Value::kAddr}));
  EXPECT_FALSE(to_runtime_value(pat(R"({"type": "structref"})")));
  // A non-null pattern is never an argument; hostref needs its number.
  EXPECT_FALSE(parse_wast_value(nlohmann::json::parse(R"({"type": "structref"})"), false).value);
  EXPECT_FALSE(parse_wast_value(nlohmann::json::parse(R"({"type": "hostref"})"), true).value);
  EXPECT_FALSE(
      parse_wast_value(nlohmann::json::parse(R"({"type": "anyref", "value": "1"})"), true).value);
  // 2.0 references keep their encoding.
  for (const char* j : {R"({"type": "funcref", "value": "null"})",
                        R"({"type": "funcref", "value": "0"})",
                        R"({"type": "externref", "value": "7"})",
                        R"({"type": "externref", "value": "null"})"})
    EXPECT_EQ(encode_wast_value(pat(j)), nlohmann::json::parse(j));
}

TEST(MatchValues, CountMismatchIsItsOwnReason) {
  const std::vector<WastValue> exp{pat(R"({"type": "i32", "value": "1"})")};
  const Value one[] = {Value::i32(1)};
  const Value two[] = {Value::i32(1), Value::i32(2)};
  const Value bad[] = {Value::i32(3)};
  EXPECT_EQ(match_values(exp, one), MatchResult::match);
  EXPECT_EQ(match_values(exp, two), MatchResult::count_mismatch);
  EXPECT_EQ(match_values(exp, std::span<const Value>{}), MatchResult::count_mismatch);
  EXPECT_EQ(match_values(exp, bad), MatchResult::value_mismatch);
  EXPECT_STREQ(to_reason(MatchResult::count_mismatch), "count-mismatch");
  EXPECT_STREQ(to_reason(MatchResult::value_mismatch), "value-mismatch");
}

TEST(MatchAlternatives, EitherOnRawBitsPerAlternativeShape) {
  // Two alternatives in different lane shapes: each judged on the raw 128 bits.
  const std::vector<std::vector<WastValue>> alts{
      {pat(R"({"type": "v128", "lane_type": "f32", "value": ["nan:canonical", "0", "0", "0"]})")},
      {pat(R"({"type": "v128", "lane_type": "i64", "value": ["1", "2"]})")}};
  const Value a[] = {Value::v128(0xffc00000u, 0)};
  const Value b[] = {Value::v128(1, 2)};
  const Value c[] = {Value::v128(1, 3)};
  EXPECT_EQ(match_alternatives(alts, a), MatchResult::match);
  EXPECT_EQ(match_alternatives(alts, b), MatchResult::match);
  EXPECT_EQ(match_alternatives(alts, c), MatchResult::value_mismatch);
  const Value none[] = {Value::v128(1, 2), Value::v128(1, 2)};
  EXPECT_EQ(match_alternatives(alts, none), MatchResult::count_mismatch);
}

}  // namespace
// Reply values across engines (diff, report): an engine's own addresses are not compared.
TEST(ComparableValue, EngineAddressesAreDropped) {
  const auto j = [](const char* text) { return nlohmann::json::parse(text); };
  for (const char* a : {R"({"type": "funcref", "value": "1"})", R"({"type": "exnref", "value": "2"})",
                        R"({"type": "anyref", "value": "3", "kind": "struct"})",
                        R"({"type": "externref", "value": "3", "kind": "array"})"}) {
    nlohmann::json b = j(a);
    b["value"] = "99";
    EXPECT_EQ(comparable_value(j(a)), comparable_value(b)) << a;
    nlohmann::json null = j(a);
    null["value"] = "null";
    EXPECT_NE(comparable_value(j(a)), comparable_value(null)) << a;
  }
  // i31 values and host references are the script's own numbers: compared.
  EXPECT_NE(comparable_value(j(R"({"type": "anyref", "value": "3", "kind": "i31"})")),
            comparable_value(j(R"({"type": "anyref", "value": "4", "kind": "i31"})")));
  EXPECT_NE(comparable_value(j(R"({"type": "externref", "value": "1"})")),
            comparable_value(j(R"({"type": "externref", "value": "2"})")));
  // A structure is not an array.
  EXPECT_NE(comparable_value(j(R"({"type": "anyref", "value": "1", "kind": "struct"})")),
            comparable_value(j(R"({"type": "anyref", "value": "1", "kind": "array"})")));
}

}  // namespace wasmref::harness
