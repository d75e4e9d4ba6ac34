// Harness: values written as script constants (wast_text.h)
#include "harness/wast_text.h"

#include <gtest/gtest.h>

namespace wasmref::harness {
namespace {

TEST(FormatFloat, ShortestRoundTripAndSpecials) {
  EXPECT_EQ(format_f32(0x3fc00000), "1.5");
  EXPECT_EQ(format_f32(0x80000000), "-0");
  EXPECT_EQ(format_f32(0x7f800000), "inf");
  EXPECT_EQ(format_f32(0xff800000), "-inf");
  EXPECT_EQ(format_f32(0x7fc00000), "nan");
  EXPECT_EQ(format_f32(0xffc00000), "-nan");
  EXPECT_EQ(format_f32(0x7f800001), "nan:0x1");
  EXPECT_EQ(format_f32(0x7fa00000), "nan:0x200000");
  EXPECT_EQ(format_f32(0x00000001), "1e-45");  // the smallest subnormal
  EXPECT_EQ(format_f64(0x3ff0000000000000), "1");
  EXPECT_EQ(format_f64(0x7ff8000000000000), "nan");
  EXPECT_EQ(format_f64(0x7ff0000000000001), "nan:0x1");
  EXPECT_EQ(format_f64(0x3fb999999999999a), "0.1");
}

TEST(FormatValue, EveryType) {
  EXPECT_EQ(format_value(Value::i32(0xffffffff)), "i32.const -1");
  EXPECT_EQ(format_value(Value::i64(5)), "i64.const 5");
  EXPECT_EQ(format_value(Value::f32_bits(0x7fa00000)), "f32.const nan:0x200000");
  EXPECT_EQ(format_value(Value::f64_bits(0x8000000000000000)), "f64.const -0");
  EXPECT_EQ(format_value(Value::v128(0x0000000200000001, 0x0000000400000003)),
            "v128.const i32x4 0x1 0x2 0x3 0x4");
  EXPECT_EQ(format_value(Value::null(ValType::funcref)), "ref.null func");
  EXPECT_EQ(format_value(Value::null(ValType::externref)), "ref.null extern");
  EXPECT_EQ(format_value(Value::extern_(ExternAddr{7})), "ref.extern 7");
}

TEST(ParseConstants, PlainAndParenthesised) {
  std::string error;
  auto v = parse_constants("i32.const 5 (i64.const -1) f32.const nan:0x200000 (f64.const -0x1p-1)",
                           error);
  ASSERT_TRUE(v) << error;
  ASSERT_EQ(v->size(), 4u);
  EXPECT_EQ((*v)[0], Value::i32(5));
  EXPECT_EQ((*v)[1], Value::i64(~u64(0)));
  EXPECT_EQ((*v)[2], Value::f32_bits(0x7fa00000));
  EXPECT_EQ((*v)[3], Value::f64_bits(0xbfe0000000000000));
}

TEST(ParseConstants, VectorsAndReferences) {
  std::string error;
  auto v = parse_constants("v128.const i32x4 1 2 3 4 ref.null extern ref.extern 3", error);
  ASSERT_TRUE(v) << error;
  ASSERT_EQ(v->size(), 3u);
  EXPECT_EQ((*v)[0], Value::v128(0x0000000200000001, 0x0000000400000003));
  EXPECT_EQ((*v)[1], Value::null(ValType::externref));
  EXPECT_EQ((*v)[2], Value::extern_(ExternAddr{3}));
  v = parse_constants("v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 -1", error);
  ASSERT_TRUE(v) << error;
  EXPECT_EQ((*v)[0], Value::v128(0x0706050403020100, 0xff0e0d0c0b0a0908));
}

TEST(ParseConstants, Errors) {
  std::string error;
  EXPECT_FALSE(parse_constants("i32.const 99999999999", error));
  EXPECT_NE(error.find("constant out of range"), std::string::npos);
  EXPECT_FALSE(parse_constants("i32.add", error));
  EXPECT_NE(error.find("not a constant"), std::string::npos);
  EXPECT_FALSE(parse_constants("(i32.const 1", error));
  EXPECT_FALSE(parse_constants("v128.const i32x4 1 2", error));
  EXPECT_FALSE(parse_constants("\"unterminated", error));
  EXPECT_TRUE(parse_constants("", error));  // no arguments
}

}  // namespace
TEST(RecordText, ValuesAsTheScriptWritesThem) {
  auto v = [](const char* type, const char* value) {
    return constant_text({{"type", type}, {"value", value}}).value_or("?");
  };
  EXPECT_EQ(v("i32", "4294967295"), "(i32.const -1)");
  EXPECT_EQ(v("i64", "18446744073709551615"), "(i64.const -1)");
  EXPECT_EQ(v("f32", "2141192192"), "(f32.const nan:0x200000)");
  EXPECT_EQ(v("f32", "4290772992"), "(f32.const -nan)");
  EXPECT_EQ(v("f32", "nan:canonical"), "(f32.const nan:canonical)");
  EXPECT_EQ(v("f64", "9223372036854775808"), "(f64.const -0)");
  EXPECT_EQ(v("f64", "nan:arithmetic"), "(f64.const nan:arithmetic)");
  EXPECT_EQ(v("funcref", "null"), "(ref.null func)");
  EXPECT_EQ(v("funcref", "123"), "(ref.func)");
  EXPECT_EQ(v("externref", "3"), "(ref.extern 3)");
  EXPECT_EQ(v("externref", "null"), "(ref.null extern)");
  EXPECT_EQ(v("anyref", "null"), "(ref.null any)");
  EXPECT_EQ(constant_text({{"type", "structref"}}), "(ref.struct)");
  const nlohmann::json f32x4 = {{"type", "v128"}, {"lane_type", "f32"},
      {"value", {"1065353216", "2147483648", "nan:canonical", "2139095040"}}};
  EXPECT_EQ(constant_text(f32x4), "(v128.const f32x4 1 -0 nan:canonical inf)");
  const nlohmann::json i16x8 = {{"type", "v128"}, {"lane_type", "i16"},
      {"value", {"65535", "1", "2", "3", "4", "5", "6", "32768"}}};
  EXPECT_EQ(constant_text(i16x8), "(v128.const i16x8 -1 1 2 3 4 5 6 -32768)");
  const nlohmann::json either = {{"type", "either"},
      {"values", {{{"type", "i32"}, {"value", "1"}}, {{"type", "i32"}, {"value", "2"}}}}};
  EXPECT_EQ(constant_text(either), "(either (i32.const 1) (i32.const 2))");
  EXPECT_EQ(constant_text({{"type", "bogus"}, {"value", "1"}}), std::nullopt);
  EXPECT_EQ(constant_text(nullptr), std::nullopt);
}

TEST(RecordText, Actions) {
  const nlohmann::json add = {{"op", "invoke"}, {"field", "add"},
      {"args", {{{"type", "i32"}, {"value", "1"}}, {{"type", "f32"}, {"value", "1069547520"}}}}};
  EXPECT_EQ(action_text(add), "(invoke \"add\" (i32.const 1) (f32.const 1.5))");
  EXPECT_EQ(action_text({{"op", "get"}, {"module", "$M"}, {"field", "g\"\n"}}),
            "(get $M \"g\\\"\\0a\")");
  EXPECT_EQ(action_text(nullptr), "");
}

}  // namespace wasmref::harness
