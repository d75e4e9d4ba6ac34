// Core 3.0 §6.3.1-6.3.2 Integers and floating-point numbers (text/values.rst): unit tests
#include "text/numbers.h"

#include <gtest/gtest.h>

#include <bit>
#include <cstdlib>
#include <string>

namespace wasmref::text {
namespace {

// ok with the given bits
testing::AssertionResult Ok(NumResult r, u64 bits) {
  if (r.status != NumStatus::ok) return testing::AssertionFailure() << "status " << int(r.status);
  if (r.bits != bits) {
    return testing::AssertionFailure() << std::hex << "bits 0x" << r.bits << " != 0x" << bits;
  }
  return testing::AssertionSuccess();
}
bool NotANumber(NumResult r) { return r.status == NumStatus::not_a_number; }
bool OutOfRange(NumResult r) { return r.status == NumStatus::out_of_range; }

// --- §6.3.1 Integers -----------------------------------------------------------------------

TEST(Integers, UnsignedDecimalAndHex) {
  EXPECT_TRUE(Ok(parse_uN("0", 32), 0));
  EXPECT_TRUE(Ok(parse_uN("4294967295", 32), 0xffffffff));
  EXPECT_TRUE(OutOfRange(parse_uN("4294967296", 32)));
  EXPECT_TRUE(Ok(parse_uN("0xffffffff", 32), 0xffffffff));
  EXPECT_TRUE(OutOfRange(parse_uN("0x100000000", 32)));
  EXPECT_TRUE(Ok(parse_uN("0xFFFF_ffff_FFFF_ffff", 64), ~u64{0}));
  EXPECT_TRUE(Ok(parse_uN("18446744073709551615", 64), ~u64{0}));
  EXPECT_TRUE(OutOfRange(parse_uN("18446744073709551616", 64)));
  EXPECT_TRUE(OutOfRange(parse_uN("0x10000000000000000", 64)));
  EXPECT_TRUE(OutOfRange(parse_uN("99999999999999999999999999999999999999", 64)));
  EXPECT_TRUE(Ok(parse_uN("255", 8), 255));
  EXPECT_TRUE(OutOfRange(parse_uN("256", 8)));
  EXPECT_TRUE(Ok(parse_uN("0xffff", 16), 0xffff));
  EXPECT_TRUE(OutOfRange(parse_uN("0x1_0000", 16)));
  EXPECT_TRUE(Ok(parse_uN("0000000000000000000000000000000000000001", 32), 1));
}

TEST(Integers, UnsignedRejectsSigns) {
  EXPECT_TRUE(NotANumber(parse_uN("+1", 32)));
  EXPECT_TRUE(NotANumber(parse_uN("-1", 32)));
  EXPECT_TRUE(NotANumber(parse_uN("", 32)));
  EXPECT_TRUE(NotANumber(parse_uN("1.0", 32)));
  EXPECT_TRUE(NotANumber(parse_uN("inf", 32)));
}

TEST(Integers, Underscores) {
  EXPECT_TRUE(Ok(parse_uN("1_000", 32), 1000));
  EXPECT_TRUE(Ok(parse_uN("0_123_456_789", 32), 123456789));
  EXPECT_TRUE(Ok(parse_iN("0x0_9acf_fBDF", 32), 0x9acffbdf));
  EXPECT_TRUE(Ok(parse_iN("0x0125_6789_ADEF_bcef", 64), 0x01256789adefbcefull));
  // int_literals.wast: all "unknown operator" (not numbers at all)
  for (const char* s : {"_100", "+_100", "-_100", "99_", "1__000", "_0x100", "0_x100", "0x_100",
                        "0x00_", "0xff__ffff", "0x", "1x", "0xg", "x1", "0x1_", "--1", "+-1",
                        "1 ", " 1", "0X10"}) {
    EXPECT_TRUE(NotANumber(parse_iN(s, 32))) << s;
    EXPECT_TRUE(NotANumber(parse_iN(s, 64))) << s;
  }
}

TEST(Integers, SignedRange) {
  EXPECT_TRUE(Ok(parse_sN("-2147483648", 32), 0x80000000));
  EXPECT_TRUE(Ok(parse_sN("2147483647", 32), 0x7fffffff));
  EXPECT_TRUE(Ok(parse_sN("+2147483647", 32), 0x7fffffff));
  EXPECT_TRUE(OutOfRange(parse_sN("2147483648", 32)));
  EXPECT_TRUE(OutOfRange(parse_sN("-2147483649", 32)));
  EXPECT_TRUE(Ok(parse_sN("-1", 32), 0xffffffff));
  EXPECT_TRUE(Ok(parse_sN("-0", 32), 0));
  EXPECT_TRUE(Ok(parse_sN("-0x8000000000000000", 64), 0x8000000000000000ull));
  EXPECT_TRUE(OutOfRange(parse_sN("-0x8000000000000001", 64)));
  EXPECT_TRUE(OutOfRange(parse_sN("0x8000000000000000", 64)));
  EXPECT_TRUE(Ok(parse_sN("-128", 8), 0x80));
  EXPECT_TRUE(OutOfRange(parse_sN("-129", 8)));
  EXPECT_TRUE(OutOfRange(parse_sN("128", 8)));
}

TEST(Integers, IntegerOfEitherSign) {
  // const.wast: the iN range is [-2^(N-1), 2^N - 1]
  EXPECT_TRUE(Ok(parse_iN("0xffffffff", 32), 0xffffffff));
  EXPECT_TRUE(Ok(parse_iN("-0x80000000", 32), 0x80000000));
  EXPECT_TRUE(OutOfRange(parse_iN("0x100000000", 32)));
  EXPECT_TRUE(OutOfRange(parse_iN("-0x80000001", 32)));
  EXPECT_TRUE(OutOfRange(parse_iN("4294967296", 32)));
  EXPECT_TRUE(OutOfRange(parse_iN("-2147483649", 32)));
  EXPECT_TRUE(Ok(parse_iN("-2147483648", 32), 0x80000000));
  EXPECT_TRUE(Ok(parse_iN("4294967295", 32), 0xffffffff));
  EXPECT_TRUE(Ok(parse_iN("0xffffffffffffffff", 64), ~u64{0}));
  EXPECT_TRUE(Ok(parse_iN("-0x8000000000000000", 64), 0x8000000000000000ull));
  EXPECT_TRUE(OutOfRange(parse_iN("0x10000000000000000", 64)));
  EXPECT_TRUE(OutOfRange(parse_iN("-0x8000000000000001", 64)));
  EXPECT_TRUE(OutOfRange(parse_iN("18446744073709551616", 64)));
  EXPECT_TRUE(OutOfRange(parse_iN("-9223372036854775809", 64)));
  EXPECT_TRUE(Ok(parse_iN("-9223372036854775808", 64), 0x8000000000000000ull));
  EXPECT_TRUE(Ok(parse_iN("-1", 64), ~u64{0}));
  EXPECT_TRUE(Ok(parse_iN("-1", 8), 0xff));
  EXPECT_TRUE(Ok(parse_iN("255", 8), 0xff));
  EXPECT_TRUE(OutOfRange(parse_iN("256", 8)));
  EXPECT_TRUE(Ok(parse_iN("-32768", 16), 0x8000));
  EXPECT_TRUE(OutOfRange(parse_iN("-32769", 16)));
  EXPECT_TRUE(Ok(parse_iN("+0x7fffffff", 32), 0x7fffffff));
  EXPECT_TRUE(NotANumber(parse_iN("1.5", 32)));
  EXPECT_TRUE(NotANumber(parse_iN("nan", 32)));
}

// --- §6.3.2 Floating-point numbers --------------------------------------------------------

TEST(Floats, SpecialValues) {
  // float_literals.wast
  EXPECT_TRUE(Ok(parse_fN("nan", 32), 0x7fc00000));
  EXPECT_TRUE(Ok(parse_fN("+nan", 32), 0x7fc00000));
  EXPECT_TRUE(Ok(parse_fN("-nan", 32), 0xffc00000));
  EXPECT_TRUE(Ok(parse_fN("nan:0x400000", 32), 0x7fc00000));
  EXPECT_TRUE(Ok(parse_fN("nan:0x200000", 32), 0x7fa00000));
  EXPECT_TRUE(Ok(parse_fN("-nan:0x7fffff", 32), 0xffffffff));
  EXPECT_TRUE(Ok(parse_fN("nan:0x012345", 32), 0x7f812345));
  EXPECT_TRUE(Ok(parse_fN("+nan:0x304050", 32), 0x7fb04050));
  EXPECT_TRUE(Ok(parse_fN("-nan:0x2abcde", 32), 0xffaabcde));
  EXPECT_TRUE(Ok(parse_fN("inf", 32), 0x7f800000));
  EXPECT_TRUE(Ok(parse_fN("+inf", 32), 0x7f800000));
  EXPECT_TRUE(Ok(parse_fN("-inf", 32), 0xff800000));
  EXPECT_TRUE(Ok(parse_fN("nan", 64), 0x7ff8000000000000ull));
  EXPECT_TRUE(Ok(parse_fN("-nan", 64), 0xfff8000000000000ull));
  EXPECT_TRUE(Ok(parse_fN("nan:0x4000000000000", 64), 0x7ff4000000000000ull));
  EXPECT_TRUE(Ok(parse_fN("-nan:0xfffffffffffff", 64), 0xffffffffffffffffull));
  EXPECT_TRUE(Ok(parse_fN("nan:0x0123456789abc", 64), 0x7ff0123456789abcull));
  EXPECT_TRUE(Ok(parse_fN("-inf", 64), 0xfff0000000000000ull));
  EXPECT_TRUE(Ok(parse_fN("inf", 64), 0x7ff0000000000000ull));
  EXPECT_TRUE(Ok(parse_fN("0", 32), 0));
  EXPECT_TRUE(Ok(parse_fN("-0", 32), 0x80000000));
  EXPECT_TRUE(Ok(parse_fN("-0.0", 64), 0x8000000000000000ull));
  EXPECT_TRUE(Ok(parse_fN("-0x0p0", 64), 0x8000000000000000ull));
  EXPECT_TRUE(Ok(parse_fN("+0x0.0", 32), 0));
}

TEST(Floats, NanPayloadRange) {
  // const.wast
  EXPECT_TRUE(Ok(parse_fN("nan:0x1", 32), 0x7f800001));
  EXPECT_TRUE(Ok(parse_fN("nan:0x7f_ffff", 32), 0x7fffffff));
  EXPECT_TRUE(Ok(parse_fN("nan:0x1", 64), 0x7ff0000000000001ull));
  EXPECT_TRUE(Ok(parse_fN("nan:0xf_ffff_ffff_ffff", 64), 0x7fffffffffffffffull));
  EXPECT_TRUE(OutOfRange(parse_fN("nan:0x0", 32)));
  EXPECT_TRUE(OutOfRange(parse_fN("nan:0x0", 64)));
  EXPECT_TRUE(OutOfRange(parse_fN("nan:0x80_0000", 32)));
  EXPECT_TRUE(OutOfRange(parse_fN("nan:0x10_0000_0000_0000", 64)));
  EXPECT_TRUE(OutOfRange(parse_fN("nan:0x1_0000_0000_0000_0000_0000", 64)));
  EXPECT_TRUE(NotANumber(parse_fN("nan:1", 32)));
  EXPECT_TRUE(NotANumber(parse_fN("nan:0x", 32)));
  EXPECT_TRUE(NotANumber(parse_fN("nan:0x_1", 32)));
  EXPECT_TRUE(NotANumber(parse_fN("nan:canonical", 32)));
  EXPECT_TRUE(NotANumber(parse_fN("nan:arithmetic", 64)));
  EXPECT_TRUE(NotANumber(parse_fN("infinity", 64)));
  EXPECT_TRUE(NotANumber(parse_fN("NaN", 64)));
  EXPECT_TRUE(NotANumber(parse_fN("Inf", 64)));
}

TEST(Floats, Syntax) {
  // const.wast / float_literals.wast: all "unknown operator" (not numbers)
  for (const char* s : {".0", ".0e0", "0e", "0e+", "0.0e", "0.0e-", "0x", "1x", "0xg", "0x.",
                        "0x0.g", "0x0p", "0x0p+", "0x0p-", "0x0.0p", "0x0.0p+", "0x0.0p-",
                        "0x0pA", "_100", "+_100", "-_100", "99_", "1__000", "_1.0", "1.0_",
                        "1_.0", "1._0", "_1e1", "1e1_", "1_e1", "1e_1", "_1.0e1", "1.0e1_",
                        "1.0_e1", "1.0e_1", "1.0e+_1", "1.0e_+1", "_0x100", "0_x100", "0x_100",
                        "0x00_", "0xff__ffff", "0x_1.0", "0x1.0_", "0x1_.0", "0x1._0", "0x_1p1",
                        "0x1p1_", "0x1_p1", "0x1p_1", "0x_1.0p1", "0x1.0p1_", "0x1.0_p1",
                        "0x1.0p_1", "0x1.0p+_1", "0x1.0p_+1", "", "+", "-", "1e0x1", "0x1e+1p1",
                        "1.e", "0x1.p"}) {
    EXPECT_TRUE(NotANumber(parse_fN(s, 32))) << s;
    EXPECT_TRUE(NotANumber(parse_fN(s, 64))) << s;
  }
  // valid shapes
  EXPECT_TRUE(Ok(parse_fN("1.", 32), 0x3f800000));
  EXPECT_TRUE(Ok(parse_fN("1.e1", 32), 0x41200000));
  EXPECT_TRUE(Ok(parse_fN("1E1", 32), 0x41200000));
  EXPECT_TRUE(Ok(parse_fN("0x1.", 32), 0x3f800000));
  EXPECT_TRUE(Ok(parse_fN("0x1P4", 32), 0x41800000));
  EXPECT_TRUE(Ok(parse_fN("0x1.8", 64), 0x3ff8000000000000ull));  // exponent optional
  EXPECT_TRUE(Ok(parse_fN("0x10", 32), 0x41800000));
  EXPECT_TRUE(Ok(parse_fN("-0x1.8p3", 64), 0xc028000000000000ull));
  EXPECT_TRUE(Ok(parse_fN("0x1p-1_0", 32), 0x3a800000));
}

TEST(Floats, Underscores) {
  // float_literals.wast: the separator tests, bits taken from its assert_return lines
  EXPECT_TRUE(Ok(parse_fN("1_000_000", 32), std::bit_cast<u32>(1000000.0f)));
  EXPECT_TRUE(Ok(parse_fN("1_0_0_0", 32), std::bit_cast<u32>(1000.0f)));
  EXPECT_TRUE(Ok(parse_fN("100_3.141_592", 32), std::bit_cast<u32>(1003.141592f)));
  EXPECT_TRUE(Ok(parse_fN("99e+1_3", 32), std::bit_cast<u32>(99e13f)));
  EXPECT_TRUE(Ok(parse_fN("122_000.11_3_54E0_2_3", 32), std::bit_cast<u32>(122000.11354e23f)));
  EXPECT_TRUE(Ok(parse_fN("0xa_0f_00_99", 32), std::bit_cast<u32>(0xa0f0099p0f)));
  EXPECT_TRUE(Ok(parse_fN("0x1_a_A_0_f", 32), std::bit_cast<u32>(0x1aA0fp0f)));
  EXPECT_TRUE(Ok(parse_fN("0xa0_ff.f141_a59a", 32), std::bit_cast<u32>(0xa0ff.f141a59ap0f)));
  EXPECT_TRUE(Ok(parse_fN("0xf0P+1_3", 32), std::bit_cast<u32>(0xf0P+13f)));
  EXPECT_TRUE(Ok(parse_fN("0x2a_f00a.1f_3_eep2_3", 32), std::bit_cast<u32>(0x2af00a.1f3eep23f)));
  EXPECT_TRUE(Ok(parse_fN("99e-1_23", 64), std::bit_cast<u64>(99e-123)));
  EXPECT_TRUE(Ok(parse_fN("122_000.11_3_54e0_2_3", 64), std::bit_cast<u64>(122000.11354e23)));
  EXPECT_TRUE(Ok(parse_fN("0x2a_f00a.1f_3_eep2_3", 64), std::bit_cast<u64>(0x2af00a.1f3eep23)));
}

TEST(Floats, OutOfRange) {
  // const.wast
  for (const char* s : {"0x1p128", "-0x1p128", "0x1.ffffffp127", "-0x1.ffffffp127", "1e39",
                        "-1e39", "340282356779733661637539395458142568448",
                        "-340282356779733661637539395458142568448", "0x1p999999", "1e99999",
                        "0x1p99999999999999999999999999", "1e99999999999999999999999999"}) {
    EXPECT_TRUE(OutOfRange(parse_fN(s, 32))) << s;
  }
  for (const char* s :
       {"0x1p1024", "-0x1p1024", "0x1.fffffffffffff8p1023", "-0x1.fffffffffffff8p1023", "1e309",
        "-1e309", "0x1p999999", "1e99999", "-0x1p99999999999999999999999999",
        "26965397022934735622179113559755653519710585128876749489837621520473589117004280814088433"
        "79491503172573106884302715736963514819903341962741527013200553062754790748658648269231143"
        "68235135583993416113802762682700913456874855354834422248712838998185022412196739306217084"
        "753107265771378949821875606039276187287552"}) {
    EXPECT_TRUE(OutOfRange(parse_fN(s, 64))) << s;
  }
  // just below the rounding boundary: the largest finite value
  EXPECT_TRUE(Ok(parse_fN("0x1.fffffefffffffp127", 32), 0x7f7fffff));
  EXPECT_TRUE(Ok(parse_fN("340282356779733661637539395458142568447", 32), 0x7f7fffff));
  EXPECT_TRUE(Ok(parse_fN("-0x1.fffffffffffff7ffp1023", 64), 0xffefffffffffffffull));
}

TEST(Floats, Tiny) {
  EXPECT_TRUE(Ok(parse_fN("0x1p-149", 32), 1));
  EXPECT_TRUE(Ok(parse_fN("0x1p-150", 32), 0));           // halfway to 0: ties to even
  EXPECT_TRUE(Ok(parse_fN("0x1.000001p-150", 32), 1));    // above halfway
  EXPECT_TRUE(Ok(parse_fN("0x1.8p-149", 32), 2));         // 1.5 ulp: ties to even (2)
  EXPECT_TRUE(Ok(parse_fN("-0x1p-1074", 64), 0x8000000000000001ull));
  EXPECT_TRUE(Ok(parse_fN("0x1p-1075", 64), 0));
  EXPECT_TRUE(Ok(parse_fN("0x1p-999999", 64), 0));
  EXPECT_TRUE(Ok(parse_fN("-1e-99999", 64), 0x8000000000000000ull));
  EXPECT_TRUE(Ok(parse_fN("1e-99999999999999999999999", 32), 0));
  EXPECT_TRUE(Ok(parse_fN("0x0.000000000000000000000000000000000000001p0", 32), 0));
  EXPECT_TRUE(Ok(parse_fN("0x1.fffffep-127", 32), 0x00800000));  // tie: up to the min normal
  EXPECT_TRUE(Ok(parse_fN("0x1.fffffdp-127", 32), 0x007fffff));  // below the tie
  EXPECT_TRUE(Ok(parse_fN("0x1.fffffcp-127", 32), 0x007fffff));  // exact, the max subnormal
  EXPECT_TRUE(Ok(parse_fN("0x1.fffffbp-127", 32), 0x007fffff));
  EXPECT_TRUE(Ok(parse_fN("0x1p-126", 32), 0x00800000));
  EXPECT_TRUE(Ok(parse_fN("1.1754942e-38", 32), 0x007fffff));
  EXPECT_TRUE(Ok(parse_fN("0e99999999999", 64), 0));
  EXPECT_TRUE(Ok(parse_fN("0x0p99999999999", 64), 0));
}

TEST(Floats, LongLiterals) {
  // Many digits: exact rounding looks at all of them.
  std::string s = "0x1.";
  s.append(1000, '0');
  s += "1p0";
  EXPECT_TRUE(Ok(parse_fN(s, 64), 0x3ff0000000000000ull));
  s = "0x1.00000000000008";
  s.append(1000, '0');
  EXPECT_TRUE(Ok(parse_fN(s, 64), 0x3ff0000000000000ull));  // exactly halfway: even
  s += "1";
  EXPECT_TRUE(Ok(parse_fN(s, 64), 0x3ff0000000000001ull));  // above halfway
  s = "1";
  s.append(400, '0');
  EXPECT_TRUE(OutOfRange(parse_fN(s, 64)));
  s += "e-400";
  EXPECT_TRUE(Ok(parse_fN(s, 64), 0x3ff0000000000000ull));
  s = "0x1";
  s.append(300, '0');  // 2^1200
  s += "p-1200";
  EXPECT_TRUE(Ok(parse_fN(s, 64), 0x3ff0000000000000ull));
  s = "0.";
  s.append(2000, '0');
  s += "1e2001";
  EXPECT_TRUE(Ok(parse_fN(s, 32), 0x3f800000));
}

// const.wast "Rounding behaviour": every (input, result) pair of the file, the expected bits
// computed from the assert_return's literal by an independent exact (rational) rounding.
struct RoundingCase {
  unsigned bits;
  const char* text;
  u64 expected;
};
const RoundingCase kConstWast[] = {
    // Generated from wasm-testsuite-3.0/core/const.wast.
    // clang-format off
    {32, "+0x1.00000100000000000p-50", 0x26800000ull},
    {32, "-0x1.00000100000000000p-50", 0xa6800000ull},
    {32, "+0x1.00000100000000001p-50", 0x26800001ull},
    {32, "-0x1.00000100000000001p-50", 0xa6800001ull},
    {32, "+0x1.000001fffffffffffp-50", 0x26800001ull},
    {32, "-0x1.000001fffffffffffp-50", 0xa6800001ull},
    {32, "+0x1.00000200000000000p-50", 0x26800001ull},
    {32, "-0x1.00000200000000000p-50", 0xa6800001ull},
    {32, "+0x1.00000200000000001p-50", 0x26800001ull},
    {32, "-0x1.00000200000000001p-50", 0xa6800001ull},
    {32, "+0x1.000002fffffffffffp-50", 0x26800001ull},
    {32, "-0x1.000002fffffffffffp-50", 0xa6800001ull},
    {32, "+0x1.00000300000000000p-50", 0x26800002ull},
    {32, "-0x1.00000300000000000p-50", 0xa6800002ull},
    {32, "+0x1.00000300000000001p-50", 0x26800002ull},
    {32, "-0x1.00000300000000001p-50", 0xa6800002ull},
    {32, "+0x1.000003fffffffffffp-50", 0x26800002ull},
    {32, "-0x1.000003fffffffffffp-50", 0xa6800002ull},
    {32, "+0x1.00000400000000000p-50", 0x26800002ull},
    {32, "-0x1.00000400000000000p-50", 0xa6800002ull},
    {32, "+0x1.00000400000000001p-50", 0x26800002ull},
    {32, "-0x1.00000400000000001p-50", 0xa6800002ull},
    {32, "+0x1.000004fffffffffffp-50", 0x26800002ull},
    {32, "-0x1.000004fffffffffffp-50", 0xa6800002ull},
    {32, "+0x1.00000500000000000p-50", 0x26800002ull},
    {32, "-0x1.00000500000000000p-50", 0xa6800002ull},
    {32, "+0x1.00000500000000001p-50", 0x26800003ull},
    {32, "-0x1.00000500000000001p-50", 0xa6800003ull},
    {32, "+0x4000.004000000p-64", 0x26800000ull},
    {32, "-0x4000.004000000p-64", 0xa6800000ull},
    {32, "+0x4000.004000001p-64", 0x26800001ull},
    {32, "-0x4000.004000001p-64", 0xa6800001ull},
    {32, "+0x4000.007ffffffp-64", 0x26800001ull},
    {32, "-0x4000.007ffffffp-64", 0xa6800001ull},
    {32, "+0x4000.008000000p-64", 0x26800001ull},
    {32, "-0x4000.008000000p-64", 0xa6800001ull},
    {32, "+0x4000.008000001p-64", 0x26800001ull},
    {32, "-0x4000.008000001p-64", 0xa6800001ull},
    {32, "+0x4000.00bffffffp-64", 0x26800001ull},
    {32, "-0x4000.00bffffffp-64", 0xa6800001ull},
    {32, "+0x4000.00c000000p-64", 0x26800002ull},
    {32, "-0x4000.00c000000p-64", 0xa6800002ull},
    {32, "+0x4000.00c000001p-64", 0x26800002ull},
    {32, "-0x4000.00c000001p-64", 0xa6800002ull},
    {32, "+0x4000.00fffffffp-64", 0x26800002ull},
    {32, "-0x4000.00fffffffp-64", 0xa6800002ull},
    {32, "+0x4000.010000001p-64", 0x26800002ull},
    {32, "-0x4000.010000001p-64", 0xa6800002ull},
    {32, "+0x4000.013ffffffp-64", 0x26800002ull},
    {32, "-0x4000.013ffffffp-64", 0xa6800002ull},
    {32, "+0x4000.014000001p-64", 0x26800003ull},
    {32, "-0x4000.014000001p-64", 0xa6800003ull},
    {32, "+8.8817847263968443573e-16", 0x26800000ull},
    {32, "-8.8817847263968443573e-16", 0xa6800000ull},
    {32, "+8.8817847263968443574e-16", 0x26800001ull},
    {32, "-8.8817847263968443574e-16", 0xa6800001ull},
    {32, "+8.8817857851880284252e-16", 0x26800001ull},
    {32, "-8.8817857851880284252e-16", 0xa6800001ull},
    {32, "+8.8817857851880284253e-16", 0x26800002ull},
    {32, "-8.8817857851880284253e-16", 0xa6800002ull},
    {32, "+0x1.00000100000000000p+50", 0x58800000ull},
    {32, "-0x1.00000100000000000p+50", 0xd8800000ull},
    {32, "+0x1.00000100000000001p+50", 0x58800001ull},
    {32, "-0x1.00000100000000001p+50", 0xd8800001ull},
    {32, "+0x1.000001fffffffffffp+50", 0x58800001ull},
    {32, "-0x1.000001fffffffffffp+50", 0xd8800001ull},
    {32, "+0x1.00000200000000000p+50", 0x58800001ull},
    {32, "-0x1.00000200000000000p+50", 0xd8800001ull},
    {32, "+0x1.00000200000000001p+50", 0x58800001ull},
    {32, "-0x1.00000200000000001p+50", 0xd8800001ull},
    {32, "+0x1.000002fffffffffffp+50", 0x58800001ull},
    {32, "-0x1.000002fffffffffffp+50", 0xd8800001ull},
    {32, "+0x1.00000300000000000p+50", 0x58800002ull},
    {32, "-0x1.00000300000000000p+50", 0xd8800002ull},
    {32, "+0x1.00000300000000001p+50", 0x58800002ull},
    {32, "-0x1.00000300000000001p+50", 0xd8800002ull},
    {32, "+0x1.000003fffffffffffp+50", 0x58800002ull},
    {32, "-0x1.000003fffffffffffp+50", 0xd8800002ull},
    {32, "+0x1.00000400000000000p+50", 0x58800002ull},
    {32, "-0x1.00000400000000000p+50", 0xd8800002ull},
    {32, "+0x1.00000400000000001p+50", 0x58800002ull},
    {32, "-0x1.00000400000000001p+50", 0xd8800002ull},
    {32, "+0x1.000004fffffffffffp+50", 0x58800002ull},
    {32, "-0x1.000004fffffffffffp+50", 0xd8800002ull},
    {32, "+0x1.00000500000000000p+50", 0x58800002ull},
    {32, "-0x1.00000500000000000p+50", 0xd8800002ull},
    {32, "+0x1.00000500000000001p+50", 0x58800003ull},
    {32, "-0x1.00000500000000001p+50", 0xd8800003ull},
    {32, "+0x4000004000000", 0x58800000ull},
    {32, "-0x4000004000000", 0xd8800000ull},
    {32, "+0x4000004000001", 0x58800001ull},
    {32, "-0x4000004000001", 0xd8800001ull},
    {32, "+0x4000007ffffff", 0x58800001ull},
    {32, "-0x4000007ffffff", 0xd8800001ull},
    {32, "+0x4000008000000", 0x58800001ull},
    {32, "-0x4000008000000", 0xd8800001ull},
    {32, "+0x4000008000001", 0x58800001ull},
    {32, "-0x4000008000001", 0xd8800001ull},
    {32, "+0x400000bffffff", 0x58800001ull},
    {32, "-0x400000bffffff", 0xd8800001ull},
    {32, "+0x400000c000000", 0x58800002ull},
    {32, "-0x400000c000000", 0xd8800002ull},
    {32, "+1125899973951488", 0x58800000ull},
    {32, "-1125899973951488", 0xd8800000ull},
    {32, "+1125899973951489", 0x58800001ull},
    {32, "-1125899973951489", 0xd8800001ull},
    {32, "+1125900108169215", 0x58800001ull},
    {32, "-1125900108169215", 0xd8800001ull},
    {32, "+1125900108169216", 0x58800002ull},
    {32, "-1125900108169216", 0xd8800002ull},
    {32, "+0x0.00000100000000000p-126", 0x0ull},
    {32, "-0x0.00000100000000000p-126", 0x80000000ull},
    {32, "+0x0.00000100000000001p-126", 0x1ull},
    {32, "-0x0.00000100000000001p-126", 0x80000001ull},
    {32, "+0x0.000001fffffffffffp-126", 0x1ull},
    {32, "-0x0.000001fffffffffffp-126", 0x80000001ull},
    {32, "+0x0.00000200000000000p-126", 0x1ull},
    {32, "-0x0.00000200000000000p-126", 0x80000001ull},
    {32, "+0x0.00000200000000001p-126", 0x1ull},
    {32, "-0x0.00000200000000001p-126", 0x80000001ull},
    {32, "+0x0.000002fffffffffffp-126", 0x1ull},
    {32, "-0x0.000002fffffffffffp-126", 0x80000001ull},
    {32, "+0x0.00000300000000000p-126", 0x2ull},
    {32, "-0x0.00000300000000000p-126", 0x80000002ull},
    {32, "+0x0.00000300000000001p-126", 0x2ull},
    {32, "-0x0.00000300000000001p-126", 0x80000002ull},
    {32, "+0x0.000003fffffffffffp-126", 0x2ull},
    {32, "-0x0.000003fffffffffffp-126", 0x80000002ull},
    {32, "+0x0.00000400000000000p-126", 0x2ull},
    {32, "-0x0.00000400000000000p-126", 0x80000002ull},
    {32, "+0x0.00000400000000001p-126", 0x2ull},
    {32, "-0x0.00000400000000001p-126", 0x80000002ull},
    {32, "+0x0.000004fffffffffffp-126", 0x2ull},
    {32, "-0x0.000004fffffffffffp-126", 0x80000002ull},
    {32, "+0x0.00000500000000000p-126", 0x2ull},
    {32, "-0x0.00000500000000000p-126", 0x80000002ull},
    {32, "+0x0.00000500000000001p-126", 0x3ull},
    {32, "-0x0.00000500000000001p-126", 0x80000003ull},
    {32, "+0x1.fffffe8p127", 0x7f7fffffull},
    {32, "-0x1.fffffe8p127", 0xff7fffffull},
    {32, "+0x1.fffffefffffff8p127", 0x7f7fffffull},
    {32, "-0x1.fffffefffffff8p127", 0xff7fffffull},
    {32, "+0x1.fffffefffffffffffp127", 0x7f7fffffull},
    {32, "-0x1.fffffefffffffffffp127", 0xff7fffffull},
    {64, "+0x1.000000000000080000000000p-600", 0x1a70000000000000ull},
    {64, "-0x1.000000000000080000000000p-600", 0x9a70000000000000ull},
    {64, "+0x1.000000000000080000000001p-600", 0x1a70000000000001ull},
    {64, "-0x1.000000000000080000000001p-600", 0x9a70000000000001ull},
    {64, "+0x1.0000000000000fffffffffffp-600", 0x1a70000000000001ull},
    {64, "-0x1.0000000000000fffffffffffp-600", 0x9a70000000000001ull},
    {64, "+0x1.000000000000100000000000p-600", 0x1a70000000000001ull},
    {64, "-0x1.000000000000100000000000p-600", 0x9a70000000000001ull},
    {64, "+0x1.000000000000100000000001p-600", 0x1a70000000000001ull},
    {64, "-0x1.000000000000100000000001p-600", 0x9a70000000000001ull},
    {64, "+0x1.00000000000017ffffffffffp-600", 0x1a70000000000001ull},
    {64, "-0x1.00000000000017ffffffffffp-600", 0x9a70000000000001ull},
    {64, "+0x1.000000000000180000000000p-600", 0x1a70000000000002ull},
    {64, "-0x1.000000000000180000000000p-600", 0x9a70000000000002ull},
    {64, "+0x1.000000000000180000000001p-600", 0x1a70000000000002ull},
    {64, "-0x1.000000000000180000000001p-600", 0x9a70000000000002ull},
    {64, "+0x1.0000000000001fffffffffffp-600", 0x1a70000000000002ull},
    {64, "-0x1.0000000000001fffffffffffp-600", 0x9a70000000000002ull},
    {64, "+0x1.000000000000200000000000p-600", 0x1a70000000000002ull},
    {64, "-0x1.000000000000200000000000p-600", 0x9a70000000000002ull},
    {64, "+0x1.000000000000200000000001p-600", 0x1a70000000000002ull},
    {64, "-0x1.000000000000200000000001p-600", 0x9a70000000000002ull},
    {64, "+0x1.00000000000027ffffffffffp-600", 0x1a70000000000002ull},
    {64, "-0x1.00000000000027ffffffffffp-600", 0x9a70000000000002ull},
    {64, "+0x1.000000000000280000000001p-600", 0x1a70000000000003ull},
    {64, "-0x1.000000000000280000000001p-600", 0x9a70000000000003ull},
    {64, "+0x8000000.000000400000000000p-627", 0x1a70000000000000ull},
    {64, "-0x8000000.000000400000000000p-627", 0x9a70000000000000ull},
    {64, "+0x8000000.000000400000000001p-627", 0x1a70000000000001ull},
    {64, "-0x8000000.000000400000000001p-627", 0x9a70000000000001ull},
    {64, "+0x8000000.0000007fffffffffffp-627", 0x1a70000000000001ull},
    {64, "-0x8000000.0000007fffffffffffp-627", 0x9a70000000000001ull},
    {64, "+0x8000000.000000800000000000p-627", 0x1a70000000000001ull},
    {64, "-0x8000000.000000800000000000p-627", 0x9a70000000000001ull},
    {64, "+0x8000000.000000800000000001p-627", 0x1a70000000000001ull},
    {64, "-0x8000000.000000800000000001p-627", 0x9a70000000000001ull},
    {64, "+0x8000000.000000bfffffffffffp-627", 0x1a70000000000001ull},
    {64, "-0x8000000.000000bfffffffffffp-627", 0x9a70000000000001ull},
    {64, "+0x8000000.000000c00000000000p-627", 0x1a70000000000002ull},
    {64, "-0x8000000.000000c00000000000p-627", 0x9a70000000000002ull},
    {64, "+0x8000000.000000c00000000001p-627", 0x1a70000000000002ull},
    {64, "-0x8000000.000000c00000000001p-627", 0x9a70000000000002ull},
    {64, "+0x8000000.000000ffffffffffffp-627", 0x1a70000000000002ull},
    {64, "-0x8000000.000000ffffffffffffp-627", 0x9a70000000000002ull},
    {64, "+0x8000000.000001000000000000p-627", 0x1a70000000000002ull},
    {64, "-0x8000000.000001000000000000p-627", 0x9a70000000000002ull},
    {64, "+0x8000000.000001000000000001p-627", 0x1a70000000000002ull},
    {64, "-0x8000000.000001000000000001p-627", 0x9a70000000000002ull},
    {64, "+0x8000000.0000013fffffffffffp-627", 0x1a70000000000002ull},
    {64, "-0x8000000.0000013fffffffffffp-627", 0x9a70000000000002ull},
    {64, "+0x8000000.000001400000000001p-627", 0x1a70000000000003ull},
    {64, "-0x8000000.000001400000000001p-627", 0x9a70000000000003ull},
    {64, "+5.3575430359313371995e+300", 0x7e60000000000000ull},
    {64, "-5.3575430359313371995e+300", 0xfe60000000000000ull},
    {64, "+5.3575430359313371996e+300", 0x7e60000000000001ull},
    {64, "-5.3575430359313371996e+300", 0xfe60000000000001ull},
    {64, "+5.3575430359313383891e+300", 0x7e60000000000001ull},
    {64, "-5.3575430359313383891e+300", 0xfe60000000000001ull},
    {64, "+5.3575430359313383892e+300", 0x7e60000000000002ull},
    {64, "-5.3575430359313383892e+300", 0xfe60000000000002ull},
    {64, "+0x1.000000000000080000000000p+600", 0x6570000000000000ull},
    {64, "-0x1.000000000000080000000000p+600", 0xe570000000000000ull},
    {64, "+0x1.000000000000080000000001p+600", 0x6570000000000001ull},
    {64, "-0x1.000000000000080000000001p+600", 0xe570000000000001ull},
    {64, "+0x1.0000000000000fffffffffffp+600", 0x6570000000000001ull},
    {64, "-0x1.0000000000000fffffffffffp+600", 0xe570000000000001ull},
    {64, "+0x1.000000000000100000000000p+600", 0x6570000000000001ull},
    {64, "-0x1.000000000000100000000000p+600", 0xe570000000000001ull},
    {64, "+0x1.000000000000100000000001p+600", 0x6570000000000001ull},
    {64, "-0x1.000000000000100000000001p+600", 0xe570000000000001ull},
    {64, "+0x1.00000000000017ffffffffffp+600", 0x6570000000000001ull},
    {64, "-0x1.00000000000017ffffffffffp+600", 0xe570000000000001ull},
    {64, "+0x1.000000000000180000000000p+600", 0x6570000000000002ull},
    {64, "-0x1.000000000000180000000000p+600", 0xe570000000000002ull},
    {64, "+0x1.000000000000180000000001p+600", 0x6570000000000002ull},
    {64, "-0x1.000000000000180000000001p+600", 0xe570000000000002ull},
    {64, "+0x1.0000000000001fffffffffffp+600", 0x6570000000000002ull},
    {64, "-0x1.0000000000001fffffffffffp+600", 0xe570000000000002ull},
    {64, "+0x1.000000000000200000000000p+600", 0x6570000000000002ull},
    {64, "-0x1.000000000000200000000000p+600", 0xe570000000000002ull},
    {64, "+0x1.000000000000200000000001p+600", 0x6570000000000002ull},
    {64, "-0x1.000000000000200000000001p+600", 0xe570000000000002ull},
    {64, "+0x1.00000000000027ffffffffffp+600", 0x6570000000000002ull},
    {64, "-0x1.00000000000027ffffffffffp+600", 0xe570000000000002ull},
    {64, "+0x1.000000000000280000000000p+600", 0x6570000000000002ull},
    {64, "-0x1.000000000000280000000000p+600", 0xe570000000000002ull},
    {64, "+0x1.000000000000280000000001p+600", 0x6570000000000003ull},
    {64, "-0x1.000000000000280000000001p+600", 0xe570000000000003ull},
    {64, "+0x2000000000000100000000000", 0x4600000000000000ull},
    {64, "-0x2000000000000100000000000", 0xc600000000000000ull},
    {64, "+0x2000000000000100000000001", 0x4600000000000001ull},
    {64, "-0x2000000000000100000000001", 0xc600000000000001ull},
    {64, "+0x20000000000001fffffffffff", 0x4600000000000001ull},
    {64, "-0x20000000000001fffffffffff", 0xc600000000000001ull},
    {64, "+0x2000000000000200000000000", 0x4600000000000001ull},
    {64, "-0x2000000000000200000000000", 0xc600000000000001ull},
    {64, "+0x2000000000000200000000001", 0x4600000000000001ull},
    {64, "-0x2000000000000200000000001", 0xc600000000000001ull},
    {64, "+0x20000000000002fffffffffff", 0x4600000000000001ull},
    {64, "-0x20000000000002fffffffffff", 0xc600000000000001ull},
    {64, "+0x2000000000000300000000000", 0x4600000000000002ull},
    {64, "-0x2000000000000300000000000", 0xc600000000000002ull},
    {64, "+0x2000000000000300000000001", 0x4600000000000002ull},
    {64, "-0x2000000000000300000000001", 0xc600000000000002ull},
    {64, "+0x20000000000003fffffffffff", 0x4600000000000002ull},
    {64, "-0x20000000000003fffffffffff", 0xc600000000000002ull},
    {64, "+0x2000000000000400000000000", 0x4600000000000002ull},
    {64, "-0x2000000000000400000000000", 0xc600000000000002ull},
    {64, "+0x2000000000000400000000001", 0x4600000000000002ull},
    {64, "-0x2000000000000400000000001", 0xc600000000000002ull},
    {64, "+0x20000000000004fffffffffff", 0x4600000000000002ull},
    {64, "-0x20000000000004fffffffffff", 0xc600000000000002ull},
    {64, "+0x2000000000000500000000000", 0x4600000000000002ull},
    {64, "-0x2000000000000500000000000", 0xc600000000000002ull},
    {64, "+0x2000000000000500000000001", 0x4600000000000003ull},
    {64, "-0x2000000000000500000000001", 0xc600000000000003ull},
    {64, "+1152921504606847104", 0x43b0000000000000ull},
    {64, "-1152921504606847104", 0xc3b0000000000000ull},
    {64, "+1152921504606847105", 0x43b0000000000001ull},
    {64, "-1152921504606847105", 0xc3b0000000000001ull},
    {64, "+1152921504606847359", 0x43b0000000000001ull},
    {64, "-1152921504606847359", 0xc3b0000000000001ull},
    {64, "+1152921504606847360", 0x43b0000000000002ull},
    {64, "-1152921504606847360", 0xc3b0000000000002ull},
    {64, "+0x0.000000000000080000000000p-1022", 0x0ull},
    {64, "-0x0.000000000000080000000000p-1022", 0x8000000000000000ull},
    {64, "+0x0.000000000000080000000001p-1022", 0x1ull},
    {64, "-0x0.000000000000080000000001p-1022", 0x8000000000000001ull},
    {64, "+0x0.0000000000000fffffffffffp-1022", 0x1ull},
    {64, "-0x0.0000000000000fffffffffffp-1022", 0x8000000000000001ull},
    {64, "+0x0.000000000000100000000000p-1022", 0x1ull},
    {64, "-0x0.000000000000100000000000p-1022", 0x8000000000000001ull},
    {64, "+0x0.000000000000100000000001p-1022", 0x1ull},
    {64, "-0x0.000000000000100000000001p-1022", 0x8000000000000001ull},
    {64, "+0x0.00000000000017ffffffffffp-1022", 0x1ull},
    {64, "-0x0.00000000000017ffffffffffp-1022", 0x8000000000000001ull},
    {64, "+0x0.000000000000180000000000p-1022", 0x2ull},
    {64, "-0x0.000000000000180000000000p-1022", 0x8000000000000002ull},
    {64, "+0x0.000000000000180000000001p-1022", 0x2ull},
    {64, "-0x0.000000000000180000000001p-1022", 0x8000000000000002ull},
    {64, "+0x0.0000000000001fffffffffffp-1022", 0x2ull},
    {64, "-0x0.0000000000001fffffffffffp-1022", 0x8000000000000002ull},
    {64, "+0x0.000000000000200000000000p-1022", 0x2ull},
    {64, "-0x0.000000000000200000000000p-1022", 0x8000000000000002ull},
    {64, "+0x0.000000000000200000000001p-1022", 0x2ull},
    {64, "-0x0.000000000000200000000001p-1022", 0x8000000000000002ull},
    {64, "+0x0.00000000000027ffffffffffp-1022", 0x2ull},
    {64, "-0x0.00000000000027ffffffffffp-1022", 0x8000000000000002ull},
    {64, "+0x0.000000000000280000000000p-1022", 0x2ull},
    {64, "-0x0.000000000000280000000000p-1022", 0x8000000000000002ull},
    {64, "+0x1.000000000000280000000001p-1022", 0x10000000000003ull},
    {64, "-0x1.000000000000280000000001p-1022", 0x8010000000000003ull},
    {64, "+0x1.fffffffffffff4p1023", 0x7fefffffffffffffull},
    {64, "-0x1.fffffffffffff4p1023", 0xffefffffffffffffull},
    {64, "+0x1.fffffffffffff7ffffffp1023", 0x7fefffffffffffffull},
    {64, "-0x1.fffffffffffff7ffffffp1023", 0xffefffffffffffffull},
    // clang-format on
};

TEST(Floats, ConstWastRounding) {
  int n = 0;
  for (const RoundingCase& c : kConstWast) {
    EXPECT_TRUE(Ok(parse_fN(c.text, c.bits), c.expected)) << "f" << c.bits << ".const " << c.text;
    ++n;
  }
  EXPECT_EQ(n, 300);
}

// Decimal f32 must not round twice through f64: 1 + 2^-24 + 2^-60 rounds up in f32 directly,
// but to 1 + 2^-24 in f64 first and then (ties to even) down to 1 in f32.
TEST(Floats, NoDoubleRounding) {
  EXPECT_TRUE(Ok(parse_fN("1.00000005960464477539930799201258728", 32), 0x3f800001));
  EXPECT_TRUE(Ok(parse_fN("0x1.000001000000001p0", 32), 0x3f800001));
  EXPECT_TRUE(Ok(parse_fN("1.000000059604644775390625", 32), 0x3f800000));  // exact tie
}

}  // namespace
}  // namespace wasmref::text
