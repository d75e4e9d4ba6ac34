// Core 2.0 §4.3 Numerics (exec/numerics.rst): unit tests, one suite per spec operator
#include "exec/numerics.h"

#include <gtest/gtest.h>

#include <bit>
#include <cstring>
#include <limits>
#include <type_traits>

namespace wasmref {
namespace {

// Every call is qualified (num::...): the C library has ::fadd, ::fmin, ... of its own.

// --- helpers --------------------------------------------------------------------------------

constexpr u32 bits(float z) { return std::bit_cast<u32>(z); }
constexpr u64 bits(double z) { return std::bit_cast<u64>(z); }
constexpr float f32(u32 b) { return std::bit_cast<float>(b); }
constexpr double f64(u64 b) { return std::bit_cast<double>(b); }

constexpr u32 kI32Min = 0x80000000u;
constexpr u32 kI32Max = 0x7FFFFFFFu;
constexpr u64 kI64Min = 0x8000000000000000ull;
constexpr u64 kI64Max = 0x7FFFFFFFFFFFFFFFull;
constexpr u32 neg32(i32 v) { return static_cast<u32>(v); }
constexpr u64 neg64(i64 v) { return static_cast<u64>(v); }

// Float bit patterns.
constexpr u32 kF32PosZero = 0x00000000u, kF32NegZero = 0x80000000u;
constexpr u32 kF32PosInf = 0x7F800000u, kF32NegInf = 0xFF800000u;
constexpr u32 kF32CanonNan = 0x7FC00000u, kF32NegCanonNan = 0xFFC00000u;
constexpr u32 kF32SNan = 0x7F800001u;       // signalling, payload 1
constexpr u32 kF32PayloadNan = 0x7FA00000u; // signalling, payload 0x200000
constexpr u32 kF32MinSub = 0x00000001u, kF32MaxSub = 0x007FFFFFu, kF32MinNormal = 0x00800000u;
constexpr u32 kF32Max = 0x7F7FFFFFu;
constexpr u64 kF64PosZero = 0, kF64NegZero = 0x8000000000000000ull;
constexpr u64 kF64PosInf = 0x7FF0000000000000ull, kF64NegInf = 0xFFF0000000000000ull;
constexpr u64 kF64CanonNan = 0x7FF8000000000000ull, kF64NegCanonNan = 0xFFF8000000000000ull;
constexpr u64 kF64SNan = 0x7FF0000000000001ull;
constexpr u64 kF64PayloadNan = 0x7FF4000000000000ull;  // signalling, payload bit 50
constexpr u64 kF64MinSub = 1, kF64MaxSub = 0x000FFFFFFFFFFFFFull;
constexpr u64 kF64MinNormal = 0x0010000000000000ull, kF64Max = 0x7FEFFFFFFFFFFFFFull;

template <class F>
bool canonical(F z) {
  return num::is_canonical_nan(z);
}
template <class F>
bool arithmetic(F z) {
  return num::is_arithmetic_nan(z);
}

template <class T>
void expect_trap(const num::Partial<T>& r, const char* message) {
  ASSERT_FALSE(r);
  EXPECT_STREQ(r.trap, message);
}
template <class T>
void expect_value(const num::Partial<T>& r, std::type_identity_t<T> value) {
  ASSERT_TRUE(r) << r.trap;
  EXPECT_EQ(*r, value);
}

// The integer operators are constexpr; a few facts checked at compile time.
static_assert(num::iadd<u32>(kI32Max, 1) == kI32Min);
static_assert(num::iextend_s<8>(u32{0x80}) == 0xFFFFFF80u);
static_assert(num::ishl<u64>(1, 65) == 2);
static_assert(*num::irem_s<u32>(kI32Min, neg32(-1)) == 0);

// ============================================================================================
// §4.3.2 Integer operations
// ============================================================================================

TEST(iadd, WrapsModulo2N) {
  EXPECT_EQ(num::iadd<u32>(1, 1), 2u);
  EXPECT_EQ(num::iadd<u32>(0xFFFFFFFFu, 1), 0u);
  EXPECT_EQ(num::iadd<u32>(kI32Max, 1), kI32Min);
  EXPECT_EQ(num::iadd<u32>(kI32Min, kI32Min), 0u);
  EXPECT_EQ(num::iadd<u64>(~u64{0}, 1), 0u);
  EXPECT_EQ(num::iadd<u64>(kI64Max, 1), kI64Min);
  EXPECT_EQ(num::iadd<u64>(kI64Min, neg64(-1)), kI64Max);
}

TEST(isub, WrapsModulo2N) {
  EXPECT_EQ(num::isub<u32>(0, 1), 0xFFFFFFFFu);
  EXPECT_EQ(num::isub<u32>(kI32Min, 1), kI32Max);
  EXPECT_EQ(num::isub<u32>(kI32Max, neg32(-1)), kI32Min);
  EXPECT_EQ(num::isub<u64>(0, 1), ~u64{0});
  EXPECT_EQ(num::isub<u64>(kI64Min, 1), kI64Max);
  EXPECT_EQ(num::isub<u64>(kI64Min, kI64Min), 0u);
}

TEST(imul, WrapsModulo2N) {
  EXPECT_EQ(num::imul<u32>(0x10000000u, 4096), 0u);
  EXPECT_EQ(num::imul<u32>(kI32Min, neg32(-1)), kI32Min);
  EXPECT_EQ(num::imul<u32>(0x01234567u, 0x76543210u), 0x358E7470u);
  EXPECT_EQ(num::imul<u32>(kI32Max, kI32Max), 1u);
  EXPECT_EQ(num::imul<u64>(kI64Min, neg64(-1)), kI64Min);
  EXPECT_EQ(num::imul<u64>(0x0123456789ABCDEFull, 0xFEDCBA9876543210ull), 0x2236D88FE5618CF0ull);
  EXPECT_EQ(num::imul<u64>(kI64Max, kI64Max), 1u);
}

TEST(idiv_u, DividesUnsignedAndTrapsOnZero) {
  expect_trap(num::idiv_u<u32>(1, 0), msg::integer_divide_by_zero);
  expect_trap(num::idiv_u<u32>(0, 0), msg::integer_divide_by_zero);
  expect_value(num::idiv_u<u32>(kI32Min, neg32(-1)), 0u);
  expect_value(num::idiv_u<u32>(0xFFFFFFFFu, 2), kI32Max);
  expect_value(num::idiv_u<u32>(neg32(-5), 2), 0x7FFFFFFDu);
  expect_trap(num::idiv_u<u64>(1, 0), msg::integer_divide_by_zero);
  expect_value(num::idiv_u<u64>(kI64Min, neg64(-1)), u64{0});
  expect_value(num::idiv_u<u64>(~u64{0}, 2), kI64Max);
  expect_value(num::idiv_u<u64>(0x8FF00FF00FF00FF0ull, 0x100000001ull), u64{0x8FF00FEF});
}

TEST(idiv_s, TruncatesTowardZeroAndTraps) {
  expect_trap(num::idiv_s<u32>(1, 0), msg::integer_divide_by_zero);
  expect_trap(num::idiv_s<u32>(kI32Min, 0), msg::integer_divide_by_zero);
  expect_trap(num::idiv_s<u32>(kI32Min, neg32(-1)), msg::integer_overflow);
  expect_value(num::idiv_s<u32>(kI32Min, 1), kI32Min);
  expect_value(num::idiv_s<u32>(kI32Min, 2), neg32(-1073741824));
  expect_value(num::idiv_s<u32>(neg32(-7), 2), neg32(-3));
  expect_value(num::idiv_s<u32>(7, neg32(-2)), neg32(-3));
  expect_value(num::idiv_s<u32>(neg32(-7), neg32(-2)), 3u);
  expect_value(num::idiv_s<u32>(kI32Max, neg32(-1)), neg32(-2147483647));
  expect_trap(num::idiv_s<u64>(1, 0), msg::integer_divide_by_zero);
  expect_trap(num::idiv_s<u64>(kI64Min, neg64(-1)), msg::integer_overflow);
  expect_value(num::idiv_s<u64>(kI64Min, 2), neg64(-4611686018427387904ll));
  expect_value(num::idiv_s<u64>(neg64(-7), 2), neg64(-3));
  expect_value(num::idiv_s<u64>(7, neg64(-2)), neg64(-3));
}

TEST(irem_u, RemainderUnsignedAndTrapsOnZero) {
  expect_trap(num::irem_u<u32>(1, 0), msg::integer_divide_by_zero);
  expect_value(num::irem_u<u32>(kI32Min, neg32(-1)), kI32Min);
  expect_value(num::irem_u<u32>(0xFFFFFFFFu, 10), 5u);
  expect_value(num::irem_u<u32>(neg32(-5), 2), 1u);
  expect_trap(num::irem_u<u64>(1, 0), msg::integer_divide_by_zero);
  expect_value(num::irem_u<u64>(kI64Min, neg64(-1)), kI64Min);
  expect_value(num::irem_u<u64>(~u64{0}, 10), u64{5});
}

TEST(irem_s, SignOfDividendAndMinByMinusOneIsZero) {
  expect_trap(num::irem_s<u32>(1, 0), msg::integer_divide_by_zero);
  expect_trap(num::irem_s<u32>(kI32Min, 0), msg::integer_divide_by_zero);
  expect_value(num::irem_s<u32>(kI32Min, neg32(-1)), 0u);  // defined, not a trap
  expect_value(num::irem_s<u32>(kI32Max, neg32(-1)), 0u);
  expect_value(num::irem_s<u32>(kI32Min, 2), 0u);
  expect_value(num::irem_s<u32>(kI32Min, 3), neg32(-2));
  expect_value(num::irem_s<u32>(neg32(-7), 2), neg32(-1));
  expect_value(num::irem_s<u32>(7, neg32(-2)), 1u);
  expect_value(num::irem_s<u32>(neg32(-7), neg32(-2)), neg32(-1));
  expect_trap(num::irem_s<u64>(1, 0), msg::integer_divide_by_zero);
  expect_value(num::irem_s<u64>(kI64Min, neg64(-1)), u64{0});
  expect_value(num::irem_s<u64>(kI64Min, 3), neg64(-2));
  expect_value(num::irem_s<u64>(neg64(-7), 2), neg64(-1));
  expect_value(num::irem_s<u64>(7, neg64(-2)), u64{1});
}

TEST(iand, Bitwise) {
  EXPECT_EQ(num::iand<u32>(0xF0F0FFFFu, 0xFFFFF0F0u), 0xF0F0F0F0u);
  EXPECT_EQ(num::iand<u64>(0xF0F0FFFF0000FFFFull, 0xFFFFF0F0FFFF0000ull), 0xF0F0F0F000000000ull);
}
TEST(ior, Bitwise) {
  EXPECT_EQ(num::ior<u32>(0xF0F0F0F0u, 0x0F0F0F0Fu), 0xFFFFFFFFu);
  EXPECT_EQ(num::ior<u64>(kI64Min, 1), 0x8000000000000001ull);
}
TEST(ixor, Bitwise) {
  EXPECT_EQ(num::ixor<u32>(0xFFFFFFFFu, kI32Min), kI32Max);
  EXPECT_EQ(num::ixor<u64>(~u64{0}, kI64Max), kI64Min);
}

TEST(ishl, CountModuloN) {
  EXPECT_EQ(num::ishl<u32>(1, 31), kI32Min);
  EXPECT_EQ(num::ishl<u32>(1, 32), 1u);
  EXPECT_EQ(num::ishl<u32>(1, 33), 2u);
  EXPECT_EQ(num::ishl<u32>(1, 0xFFFFFFFFu), kI32Min);
  EXPECT_EQ(num::ishl<u32>(0xFFFFFFFFu, 1), 0xFFFFFFFEu);
  EXPECT_EQ(num::ishl<u64>(1, 63), kI64Min);
  EXPECT_EQ(num::ishl<u64>(1, 64), 1u);
  EXPECT_EQ(num::ishl<u64>(1, 65), 2u);
  EXPECT_EQ(num::ishl<u64>(1, ~u64{0}), kI64Min);
  EXPECT_EQ(num::ishl<u64>(1, 0x8000000000000020ull), 0x100000000ull);  // 2^63+32 mod 64 = 32
}

TEST(ishr_u, ZeroFillCountModuloN) {
  EXPECT_EQ(num::ishr_u<u32>(kI32Min, 31), 1u);
  EXPECT_EQ(num::ishr_u<u32>(neg32(-1), 1), kI32Max);
  EXPECT_EQ(num::ishr_u<u32>(neg32(-1), 32), 0xFFFFFFFFu);
  EXPECT_EQ(num::ishr_u<u32>(neg32(-1), 33), kI32Max);
  EXPECT_EQ(num::ishr_u<u64>(kI64Min, 63), 1u);
  EXPECT_EQ(num::ishr_u<u64>(~u64{0}, 64), ~u64{0});
  EXPECT_EQ(num::ishr_u<u64>(~u64{0}, 65), kI64Max);
}

TEST(ishr_s, SignFillCountModuloN) {
  EXPECT_EQ(num::ishr_s<u32>(kI32Min, 31), 0xFFFFFFFFu);
  EXPECT_EQ(num::ishr_s<u32>(kI32Max, 31), 0u);
  EXPECT_EQ(num::ishr_s<u32>(neg32(-2), 1), 0xFFFFFFFFu);
  EXPECT_EQ(num::ishr_s<u32>(kI32Min, 32), kI32Min);
  EXPECT_EQ(num::ishr_s<u32>(kI32Min, 33), 0xC0000000u);
  EXPECT_EQ(num::ishr_s<u32>(1, 0xFFFFFFFFu), 0u);
  EXPECT_EQ(num::ishr_s<u64>(kI64Min, 63), ~u64{0});
  EXPECT_EQ(num::ishr_s<u64>(kI64Min, 64), kI64Min);
  EXPECT_EQ(num::ishr_s<u64>(kI64Min, 65), 0xC000000000000000ull);
  EXPECT_EQ(num::ishr_s<u64>(kI64Max, 62), 1u);
}

TEST(irotl, RotatesCountModuloN) {
  EXPECT_EQ(num::irotl<u32>(0xABCD9876u, 1), 0x579B30EDu);
  EXPECT_EQ(num::irotl<u32>(0xABCD9876u, 0), 0xABCD9876u);
  EXPECT_EQ(num::irotl<u32>(0xABCD9876u, 32), 0xABCD9876u);
  EXPECT_EQ(num::irotl<u32>(kI32Min, 33), 1u);
  EXPECT_EQ(num::irotl<u32>(1, 0xFFFFFFFFu), kI32Min);
  EXPECT_EQ(num::irotl<u64>(0xABD1234EF567809Cull, 63), 0x55E891A77AB3C04Eull);
  EXPECT_EQ(num::irotl<u64>(kI64Min, 65), 1u);
  EXPECT_EQ(num::irotl<u64>(1, 64), 1u);
}

TEST(irotr, RotatesCountModuloN) {
  EXPECT_EQ(num::irotr<u32>(0xB0C1D2E3u, 5), 0x1D860E97u);
  EXPECT_EQ(num::irotr<u32>(1, 1), kI32Min);
  EXPECT_EQ(num::irotr<u32>(1, 32), 1u);
  EXPECT_EQ(num::irotr<u32>(1, 33), kI32Min);
  EXPECT_EQ(num::irotr<u64>(1, 1), kI64Min);
  EXPECT_EQ(num::irotr<u64>(1, 64), 1u);
  EXPECT_EQ(num::irotr<u64>(1, 65), kI64Min);
  EXPECT_EQ(num::irotr<u64>(0xABD1234EF567809Cull, 63), 0x57A2469DEACF0139ull);
}

TEST(iclz, ZeroHasNLeadingZeros) {
  EXPECT_EQ(num::iclz<u32>(0), 32u);
  EXPECT_EQ(num::iclz<u32>(1), 31u);
  EXPECT_EQ(num::iclz<u32>(kI32Min), 0u);
  EXPECT_EQ(num::iclz<u32>(0x00008000u), 16u);
  EXPECT_EQ(num::iclz<u64>(0), 64u);
  EXPECT_EQ(num::iclz<u64>(1), 63u);
  EXPECT_EQ(num::iclz<u64>(kI64Min), 0u);
  EXPECT_EQ(num::iclz<u64>(kI64Max), 1u);
}

TEST(ictz, ZeroHasNTrailingZeros) {
  EXPECT_EQ(num::ictz<u32>(0), 32u);
  EXPECT_EQ(num::ictz<u32>(1), 0u);
  EXPECT_EQ(num::ictz<u32>(kI32Min), 31u);
  EXPECT_EQ(num::ictz<u32>(0x00010000u), 16u);
  EXPECT_EQ(num::ictz<u64>(0), 64u);
  EXPECT_EQ(num::ictz<u64>(kI64Min), 63u);
  EXPECT_EQ(num::ictz<u64>(0x100000000ull), 32u);
}

TEST(ipopcnt, CountsOnes) {
  EXPECT_EQ(num::ipopcnt<u32>(0), 0u);
  EXPECT_EQ(num::ipopcnt<u32>(0xFFFFFFFFu), 32u);
  EXPECT_EQ(num::ipopcnt<u32>(0xAAAAAAAAu), 16u);
  EXPECT_EQ(num::ipopcnt<u64>(0), 0u);
  EXPECT_EQ(num::ipopcnt<u64>(~u64{0}), 64u);
  EXPECT_EQ(num::ipopcnt<u64>(0xDEADBEEFDEADBEEFull), 48u);
}

TEST(ieqz, OneOnlyForZero) {
  EXPECT_EQ(num::ieqz<u32>(0), 1u);
  EXPECT_EQ(num::ieqz<u32>(kI32Min), 0u);
  EXPECT_EQ(num::ieqz<u64>(0), 1u);
  EXPECT_EQ(num::ieqz<u64>(0x100000000ull), 0u);  // the high half counts
}

TEST(ieq_ine, Equality) {
  EXPECT_EQ(num::ieq<u32>(kI32Min, kI32Min), 1u);
  EXPECT_EQ(num::ieq<u32>(0, 1), 0u);
  EXPECT_EQ(num::ine<u32>(0, 1), 1u);
  EXPECT_EQ(num::ine<u32>(7, 7), 0u);
  EXPECT_EQ(num::ieq<u64>(1, 0x100000001ull), 0u);
  EXPECT_EQ(num::ine<u64>(1, 0x100000001ull), 1u);
  EXPECT_EQ(num::ieq<u64>(~u64{0}, ~u64{0}), 1u);
}

TEST(ilt, SignedAndUnsigned) {
  EXPECT_EQ(num::ilt_s<u32>(kI32Min, 0), 1u);
  EXPECT_EQ(num::ilt_u<u32>(kI32Min, 0), 0u);
  EXPECT_EQ(num::ilt_s<u32>(neg32(-1), 1), 1u);
  EXPECT_EQ(num::ilt_u<u32>(neg32(-1), 1), 0u);
  EXPECT_EQ(num::ilt_s<u32>(5, 5), 0u);
  EXPECT_EQ(num::ilt_s<u64>(kI64Min, kI64Max), 1u);
  EXPECT_EQ(num::ilt_u<u64>(kI64Min, kI64Max), 0u);
}
TEST(igt, SignedAndUnsigned) {
  EXPECT_EQ(num::igt_s<u32>(kI32Min, 0), 0u);
  EXPECT_EQ(num::igt_u<u32>(kI32Min, 0), 1u);
  EXPECT_EQ(num::igt_s<u32>(5, 5), 0u);
  EXPECT_EQ(num::igt_s<u64>(kI64Max, kI64Min), 1u);
  EXPECT_EQ(num::igt_u<u64>(kI64Max, kI64Min), 0u);
}
TEST(ile, SignedAndUnsigned) {
  EXPECT_EQ(num::ile_s<u32>(kI32Min, kI32Min), 1u);
  EXPECT_EQ(num::ile_s<u32>(kI32Min, 0), 1u);
  EXPECT_EQ(num::ile_u<u32>(kI32Min, 0), 0u);
  EXPECT_EQ(num::ile_s<u64>(neg64(-1), 0), 1u);
  EXPECT_EQ(num::ile_u<u64>(neg64(-1), 0), 0u);
  EXPECT_EQ(num::ile_u<u64>(0, 0), 1u);
}
TEST(ige, SignedAndUnsigned) {
  EXPECT_EQ(num::ige_s<u32>(kI32Max, kI32Min), 1u);
  EXPECT_EQ(num::ige_u<u32>(kI32Max, kI32Min), 0u);
  EXPECT_EQ(num::ige_s<u32>(3, 3), 1u);
  EXPECT_EQ(num::ige_s<u64>(0, neg64(-1)), 1u);
  EXPECT_EQ(num::ige_u<u64>(0, neg64(-1)), 0u);
}

TEST(iextend_s, SignExtendsTheLowMBits) {
  EXPECT_EQ(num::iextend_s<8>(u32{0x7F}), 0x7Fu);
  EXPECT_EQ(num::iextend_s<8>(u32{0x80}), 0xFFFFFF80u);
  EXPECT_EQ(num::iextend_s<8>(u32{0x12345680}), 0xFFFFFF80u);  // high bits ignored
  EXPECT_EQ(num::iextend_s<8>(u32{0xFFFFFF00}), 0u);
  EXPECT_EQ(num::iextend_s<16>(u32{0x8000}), 0xFFFF8000u);
  EXPECT_EQ(num::iextend_s<16>(u32{0xABCD7FFF}), 0x7FFFu);
  EXPECT_EQ(num::iextend_s<8>(u64{0x80}), 0xFFFFFFFFFFFFFF80ull);
  EXPECT_EQ(num::iextend_s<16>(u64{0x123456789ABC8000}), 0xFFFFFFFFFFFF8000ull);
  EXPECT_EQ(num::iextend_s<32>(u64{0x80000000}), 0xFFFFFFFF80000000ull);
  EXPECT_EQ(num::iextend_s<32>(u64{0xFFFFFFFF7FFFFFFF}), 0x7FFFFFFFull);
}

// ============================================================================================
// §4.3.3 Floating-point operations
// ============================================================================================

TEST(nans, CanonicalWithoutNanOperandsArithmeticOtherwise) {
  EXPECT_EQ(bits(num::nans<float>()), kF32CanonNan);
  EXPECT_EQ(bits(num::nans<double>()), kF64CanonNan);
  // A canonical operand stays canonical (sign kept); any other NaN becomes arithmetic.
  EXPECT_EQ(bits(num::nans(f32(kF32NegCanonNan))), kF32NegCanonNan);
  EXPECT_EQ(bits(num::nans(f32(kF32SNan))), 0x7FC00001u);
  EXPECT_EQ(bits(num::nans(f64(kF64PayloadNan))), 0x7FFC000000000000ull);
  EXPECT_TRUE(num::is_arithmetic_nan(f32(kF32CanonNan)));
  EXPECT_FALSE(num::is_arithmetic_nan(f32(kF32SNan)));
  EXPECT_FALSE(num::is_canonical_nan(f32(kF32PosInf)));
}

TEST(fadd, NanPropagation) {
  EXPECT_TRUE(canonical(num::fadd(f32(kF32CanonNan), 1.0f)));
  EXPECT_TRUE(canonical(num::fadd(1.0f, f32(kF32NegCanonNan))));
  EXPECT_TRUE(arithmetic(num::fadd(f32(kF32SNan), 1.0f)));
  EXPECT_TRUE(arithmetic(num::fadd(f32(kF32PosInf), f32(kF32PayloadNan))));
  EXPECT_EQ(bits(num::fadd(f32(kF32PayloadNan), 0.0f)) & 0x7FFFFFu, 0x600000u);  // payload kept
  EXPECT_TRUE(canonical(num::fadd(f32(kF32PosInf), f32(kF32NegInf))));
  EXPECT_TRUE(canonical(num::fadd(f32(kF32NegInf), f32(kF32PosInf))));
  EXPECT_TRUE(canonical(num::fadd(f64(kF64CanonNan), 1.0)));
  EXPECT_TRUE(arithmetic(num::fadd(1.0, f64(kF64SNan))));
  EXPECT_TRUE(canonical(num::fadd(f64(kF64NegInf), f64(kF64PosInf))));
}
TEST(fadd, ZerosInfinitiesAndRounding) {
  EXPECT_EQ(bits(num::fadd(-0.0f, 0.0f)), kF32PosZero);
  EXPECT_EQ(bits(num::fadd(-0.0f, -0.0f)), kF32NegZero);
  EXPECT_EQ(bits(num::fadd(1.5f, -1.5f)), kF32PosZero);
  EXPECT_EQ(bits(num::fadd(-0.0f, f32(kF32MinSub))), kF32MinSub);
  EXPECT_EQ(bits(num::fadd(f32(kF32MinSub), f32(kF32MinSub))), 2u);
  EXPECT_EQ(bits(num::fadd(f32(kF32MaxSub), f32(kF32MinSub))), kF32MinNormal);
  EXPECT_EQ(bits(num::fadd(f32(kF32PosInf), f32(kF32Max))), kF32PosInf);
  EXPECT_EQ(bits(num::fadd(f32(kF32NegInf), f32(kF32NegInf))), kF32NegInf);
  EXPECT_EQ(bits(num::fadd(f32(kF32Max), f32(kF32Max))), kF32PosInf);
  EXPECT_EQ(num::fadd(1.0f, 0x1p-24f), 1.0f);                 // tie to even (down)
  EXPECT_EQ(num::fadd(0x1.000002p0f, 0x1p-24f), 0x1.000004p0f);  // tie to even (up)
  EXPECT_EQ(bits(num::fadd(-0.0, 0.0)), kF64PosZero);
  EXPECT_EQ(bits(num::fadd(-0.0, -0.0)), kF64NegZero);
  EXPECT_EQ(num::fadd(1.0, 0x1p-53), 1.0);
  EXPECT_EQ(num::fadd(0x1.0000000000001p0, 0x1p-53), 0x1.0000000000002p0);
  EXPECT_EQ(bits(num::fadd(f64(kF64Max), f64(kF64Max))), kF64PosInf);
  EXPECT_EQ(bits(num::fadd(f64(kF64MaxSub), f64(kF64MinSub))), kF64MinNormal);
  EXPECT_EQ(num::fadd(0.1, 0.2), 0x1.3333333333334p-2);
}

TEST(fsub, NanPropagationAndSpecialValues) {
  EXPECT_TRUE(canonical(num::fsub(f32(kF32PosInf), f32(kF32PosInf))));
  EXPECT_TRUE(canonical(num::fsub(f32(kF32NegInf), f32(kF32NegInf))));
  EXPECT_TRUE(canonical(num::fsub(f32(kF32CanonNan), f32(kF32PosInf))));
  EXPECT_TRUE(arithmetic(num::fsub(2.0f, f32(kF32SNan))));
  EXPECT_EQ(bits(num::fsub(f32(kF32PosInf), f32(kF32NegInf))), kF32PosInf);
  EXPECT_EQ(bits(num::fsub(1.0f, f32(kF32PosInf))), kF32NegInf);
  EXPECT_EQ(bits(num::fsub(0.0f, 0.0f)), kF32PosZero);
  EXPECT_EQ(bits(num::fsub(-0.0f, -0.0f)), kF32PosZero);
  EXPECT_EQ(bits(num::fsub(-0.0f, 0.0f)), kF32NegZero);
  EXPECT_EQ(bits(num::fsub(0.0f, -0.0f)), kF32PosZero);
  EXPECT_EQ(bits(num::fsub(0.0f, 3.0f)), bits(-3.0f));
  EXPECT_EQ(bits(num::fsub(3.0f, 3.0f)), kF32PosZero);
  EXPECT_EQ(bits(num::fsub(-f32(kF32Max), f32(kF32Max))), kF32NegInf);
  EXPECT_TRUE(canonical(num::fsub(f64(kF64PosInf), f64(kF64PosInf))));
  EXPECT_TRUE(arithmetic(num::fsub(f64(kF64SNan), 1.0)));
  EXPECT_EQ(bits(num::fsub(-0.0, 0.0)), kF64NegZero);
  EXPECT_EQ(bits(num::fsub(-0.0, -0.0)), kF64PosZero);
  EXPECT_EQ(bits(num::fsub(f64(kF64MinNormal), f64(kF64MinSub))), kF64MaxSub);
  EXPECT_EQ(num::fsub(1.0, 0x1p-54), 1.0);
}

TEST(fmul, NanPropagationAndSpecialValues) {
  EXPECT_TRUE(canonical(num::fmul(0.0f, f32(kF32PosInf))));
  EXPECT_TRUE(canonical(num::fmul(f32(kF32NegInf), -0.0f)));
  EXPECT_TRUE(canonical(num::fmul(f32(kF32CanonNan), 2.0f)));
  EXPECT_TRUE(arithmetic(num::fmul(f32(kF32SNan), 0.0f)));
  EXPECT_EQ(bits(num::fmul(f32(kF32NegInf), f32(kF32NegInf))), kF32PosInf);
  EXPECT_EQ(bits(num::fmul(f32(kF32NegInf), 2.0f)), kF32NegInf);
  EXPECT_EQ(bits(num::fmul(-0.0f, -0.0f)), kF32PosZero);
  EXPECT_EQ(bits(num::fmul(-0.0f, 5.0f)), kF32NegZero);
  EXPECT_EQ(bits(num::fmul(f32(kF32Max), 2.0f)), kF32PosInf);
  EXPECT_EQ(bits(num::fmul(f32(kF32MinSub), 0.5f)), kF32PosZero);    // 2^-150: tie to 0
  EXPECT_EQ(bits(num::fmul(f32(kF32MinSub), -0.5f)), kF32NegZero);
  EXPECT_EQ(bits(num::fmul(f32(kF32MinSub), 0.75f)), kF32MinSub);
  EXPECT_EQ(bits(num::fmul(f32(3), 0.5f)), 2u);  // 1.5 quanta: tie to even (2)
  EXPECT_TRUE(canonical(num::fmul(f64(kF64PosInf), 0.0)));
  EXPECT_TRUE(arithmetic(num::fmul(2.0, f64(kF64PayloadNan))));
  EXPECT_EQ(bits(num::fmul(-0.0, 0.0)), kF64NegZero);
  EXPECT_EQ(bits(num::fmul(f64(kF64Max), -2.0)), kF64NegInf);
  EXPECT_EQ(bits(num::fmul(f64(kF64MinSub), 0.5)), kF64PosZero);
  EXPECT_EQ(num::fmul(0x1.0000000000001p0, 0x1.0000000000001p0), 0x1.0000000000002p0);
}

TEST(fdiv, NanPropagationAndSpecialValues) {
  EXPECT_TRUE(canonical(num::fdiv(0.0f, 0.0f)));
  EXPECT_TRUE(canonical(num::fdiv(-0.0f, 0.0f)));
  EXPECT_TRUE(canonical(num::fdiv(f32(kF32PosInf), f32(kF32NegInf))));
  EXPECT_TRUE(canonical(num::fdiv(f32(kF32NegCanonNan), 0.0f)));
  EXPECT_TRUE(arithmetic(num::fdiv(0.0f, f32(kF32SNan))));
  EXPECT_EQ(bits(num::fdiv(1.0f, 0.0f)), kF32PosInf);
  EXPECT_EQ(bits(num::fdiv(1.0f, -0.0f)), kF32NegInf);
  EXPECT_EQ(bits(num::fdiv(-1.0f, -0.0f)), kF32PosInf);
  EXPECT_EQ(bits(num::fdiv(f32(kF32MinSub), -0.0f)), kF32NegInf);
  EXPECT_EQ(bits(num::fdiv(f32(kF32NegInf), 2.0f)), kF32NegInf);
  EXPECT_EQ(bits(num::fdiv(-1.0f, f32(kF32PosInf))), kF32NegZero);
  EXPECT_EQ(bits(num::fdiv(0.0f, -3.0f)), kF32NegZero);
  EXPECT_EQ(bits(num::fdiv(f32(kF32Max), 0.5f)), kF32PosInf);
  EXPECT_EQ(bits(num::fdiv(f32(kF32MinSub), 2.0f)), kF32PosZero);
  EXPECT_EQ(num::fdiv(1.0f, 3.0f), 0x1.555556p-2f);
  EXPECT_TRUE(canonical(num::fdiv(0.0, -0.0)));
  EXPECT_TRUE(canonical(num::fdiv(f64(kF64NegInf), f64(kF64NegInf))));
  EXPECT_TRUE(arithmetic(num::fdiv(f64(kF64SNan), 0.0)));
  EXPECT_EQ(bits(num::fdiv(-1.0, 0.0)), kF64NegInf);
  EXPECT_EQ(bits(num::fdiv(1.0, f64(kF64NegInf))), kF64NegZero);
  EXPECT_EQ(num::fdiv(1.0, 3.0), 0x1.5555555555555p-2);
  EXPECT_EQ(num::fdiv(2.0, 3.0), 0x1.5555555555555p-1);
}

TEST(fmin, ZerosInfinitiesAndNans) {
  EXPECT_EQ(bits(num::fmin(-0.0f, 0.0f)), kF32NegZero);
  EXPECT_EQ(bits(num::fmin(0.0f, -0.0f)), kF32NegZero);
  EXPECT_EQ(bits(num::fmin(0.0f, 0.0f)), kF32PosZero);
  EXPECT_EQ(bits(num::fmin(f32(kF32NegInf), f32(kF32Max))), kF32NegInf);
  EXPECT_EQ(bits(num::fmin(f32(kF32PosInf), -f32(kF32Max))), bits(-f32(kF32Max)));
  EXPECT_EQ(bits(num::fmin(1.0f, f32(kF32PosInf))), bits(1.0f));
  EXPECT_EQ(bits(num::fmin(f32(kF32MinSub), 0.0f)), kF32PosZero);
  EXPECT_EQ(num::fmin(-2.0f, 1.0f), -2.0f);
  EXPECT_TRUE(canonical(num::fmin(f32(kF32CanonNan), 1.0f)));
  EXPECT_TRUE(canonical(num::fmin(f32(kF32NegInf), f32(kF32NegCanonNan))));
  EXPECT_TRUE(arithmetic(num::fmin(f32(kF32SNan), f32(kF32NegInf))));
  EXPECT_TRUE(arithmetic(num::fmin(0.0f, f32(kF32PayloadNan))));
  EXPECT_EQ(bits(num::fmin(-0.0, 0.0)), kF64NegZero);
  EXPECT_EQ(bits(num::fmin(0.0, -0.0)), kF64NegZero);
  EXPECT_EQ(bits(num::fmin(f64(kF64PosInf), f64(kF64PosInf))), kF64PosInf);
  EXPECT_TRUE(canonical(num::fmin(1.0, f64(kF64CanonNan))));
  EXPECT_TRUE(arithmetic(num::fmin(f64(kF64SNan), 1.0)));
}

TEST(fmax, ZerosInfinitiesAndNans) {
  EXPECT_EQ(bits(num::fmax(-0.0f, 0.0f)), kF32PosZero);
  EXPECT_EQ(bits(num::fmax(0.0f, -0.0f)), kF32PosZero);
  EXPECT_EQ(bits(num::fmax(-0.0f, -0.0f)), kF32NegZero);
  EXPECT_EQ(bits(num::fmax(f32(kF32PosInf), -1.0f)), kF32PosInf);
  EXPECT_EQ(bits(num::fmax(f32(kF32NegInf), -f32(kF32Max))), bits(-f32(kF32Max)));
  EXPECT_EQ(bits(num::fmax(-1.0f, f32(kF32NegInf))), bits(-1.0f));
  EXPECT_EQ(bits(num::fmax(-f32(kF32MinSub), -0.0f)), kF32NegZero);
  EXPECT_TRUE(canonical(num::fmax(f32(kF32CanonNan), f32(kF32PosInf))));
  EXPECT_TRUE(arithmetic(num::fmax(f32(kF32PosInf), f32(kF32SNan))));
  EXPECT_EQ(bits(num::fmax(-0.0, 0.0)), kF64PosZero);
  EXPECT_EQ(bits(num::fmax(0.0, -0.0)), kF64PosZero);
  EXPECT_EQ(num::fmax(-2.0, 1.0), 1.0);
  EXPECT_TRUE(canonical(num::fmax(f64(kF64NegCanonNan), 1.0)));
  EXPECT_TRUE(arithmetic(num::fmax(0.0, f64(kF64PayloadNan))));
}

TEST(fcopysign, SignBitOnlyNanPayloadKept) {
  EXPECT_EQ(bits(num::fcopysign(1.0f, -0.0f)), bits(-1.0f));
  EXPECT_EQ(bits(num::fcopysign(-1.0f, 0.0f)), bits(1.0f));
  EXPECT_EQ(bits(num::fcopysign(0.0f, -2.0f)), kF32NegZero);
  EXPECT_EQ(bits(num::fcopysign(f32(kF32PosInf), f32(kF32NegCanonNan))), kF32NegInf);
  EXPECT_EQ(bits(num::fcopysign(f32(kF32SNan), -1.0f)), 0xFF800001u);     // stays signalling
  EXPECT_EQ(bits(num::fcopysign(f32(0xFFA00000u), f32(kF32CanonNan))), kF32PayloadNan);
  EXPECT_EQ(bits(num::fcopysign(2.0, -0.0)), bits(-2.0));
  EXPECT_EQ(bits(num::fcopysign(f64(kF64SNan), f64(kF64NegInf))), 0xFFF0000000000001ull);
  EXPECT_EQ(bits(num::fcopysign(f64(kF64NegZero), f64(kF64CanonNan))), kF64PosZero);
}

TEST(fabs, ClearsSignBitOnly) {
  EXPECT_EQ(bits(num::fabs(-0.0f)), kF32PosZero);
  EXPECT_EQ(bits(num::fabs(f32(kF32NegInf))), kF32PosInf);
  EXPECT_EQ(bits(num::fabs(-f32(kF32MinSub))), kF32MinSub);
  EXPECT_EQ(bits(num::fabs(f32(0xFF800001u))), kF32SNan);  // payload and signalling kept
  EXPECT_EQ(bits(num::fabs(f32(kF32NegCanonNan))), kF32CanonNan);
  EXPECT_EQ(bits(num::fabs(-0.0)), kF64PosZero);
  EXPECT_EQ(bits(num::fabs(f64(0xFFF4000000000000ull))), kF64PayloadNan);
  EXPECT_EQ(num::fabs(-1.5), 1.5);
}

TEST(fneg, FlipsSignBitOnly) {
  EXPECT_EQ(bits(num::fneg(0.0f)), kF32NegZero);
  EXPECT_EQ(bits(num::fneg(-0.0f)), kF32PosZero);
  EXPECT_EQ(bits(num::fneg(f32(kF32PosInf))), kF32NegInf);
  EXPECT_EQ(bits(num::fneg(f32(kF32SNan))), 0xFF800001u);
  EXPECT_EQ(bits(num::fneg(f32(kF32NegCanonNan))), kF32CanonNan);
  EXPECT_EQ(bits(num::fneg(0.0)), kF64NegZero);
  EXPECT_EQ(bits(num::fneg(f64(kF64SNan))), 0xFFF0000000000001ull);
  EXPECT_EQ(num::fneg(f64(kF64Max)), -f64(kF64Max));
}

TEST(fsqrt, SpecialValuesAndRounding) {
  EXPECT_EQ(bits(num::fsqrt(-0.0f)), kF32NegZero);
  EXPECT_EQ(bits(num::fsqrt(0.0f)), kF32PosZero);
  EXPECT_EQ(bits(num::fsqrt(f32(kF32PosInf))), kF32PosInf);
  EXPECT_TRUE(canonical(num::fsqrt(f32(kF32NegInf))));
  EXPECT_TRUE(canonical(num::fsqrt(-1.0f)));
  EXPECT_TRUE(canonical(num::fsqrt(-f32(kF32MinSub))));
  EXPECT_TRUE(canonical(num::fsqrt(f32(kF32NegCanonNan))));
  EXPECT_TRUE(arithmetic(num::fsqrt(f32(kF32SNan))));
  EXPECT_EQ(num::fsqrt(4.0f), 2.0f);
  EXPECT_EQ(num::fsqrt(2.0f), 0x1.6a09e6p0f);
  EXPECT_EQ(num::fsqrt(f32(kF32MinSub)), 0x1.6a09e6p-75f);
  EXPECT_EQ(bits(num::fsqrt(-0.0)), kF64NegZero);
  EXPECT_TRUE(canonical(num::fsqrt(-f64(kF64Max))));
  EXPECT_TRUE(arithmetic(num::fsqrt(f64(kF64PayloadNan))));
  EXPECT_EQ(num::fsqrt(2.0), 0x1.6a09e667f3bcdp0);
  EXPECT_EQ(num::fsqrt(f64(kF64MinSub)), 0x1p-537);
  EXPECT_EQ(num::fsqrt(f64(kF64Max)), 0x1.fffffffffffffp511);
}

TEST(fceil, SpecialValuesAndSmallMagnitudes) {
  EXPECT_EQ(bits(num::fceil(-0.5f)), kF32NegZero);
  EXPECT_EQ(bits(num::fceil(-f32(kF32MinSub))), kF32NegZero);
  EXPECT_EQ(bits(num::fceil(-0.0f)), kF32NegZero);
  EXPECT_EQ(num::fceil(f32(kF32MinSub)), 1.0f);
  EXPECT_EQ(num::fceil(0.5f), 1.0f);
  EXPECT_EQ(num::fceil(-1.5f), -1.0f);
  EXPECT_EQ(num::fceil(0x1.fffffep22f), 8388608.0f);  // 8388607.5
  EXPECT_EQ(num::fceil(f32(kF32Max)), f32(kF32Max));
  EXPECT_EQ(bits(num::fceil(f32(kF32NegInf))), kF32NegInf);
  EXPECT_TRUE(canonical(num::fceil(f32(kF32CanonNan))));
  EXPECT_TRUE(arithmetic(num::fceil(f32(kF32SNan))));
  EXPECT_EQ(bits(num::fceil(-0.5)), kF64NegZero);
  EXPECT_EQ(num::fceil(f64(kF64MinSub)), 1.0);
  EXPECT_EQ(num::fceil(0x1.fffffffffffffp51), 4503599627370496.0);  // 2^52 - 0.5
  EXPECT_EQ(bits(num::fceil(f64(kF64PosInf))), kF64PosInf);
  EXPECT_TRUE(arithmetic(num::fceil(f64(kF64SNan))));
}

TEST(ffloor, SpecialValuesAndSmallMagnitudes) {
  EXPECT_EQ(bits(num::ffloor(0.5f)), kF32PosZero);
  EXPECT_EQ(bits(num::ffloor(f32(kF32MinSub))), kF32PosZero);
  EXPECT_EQ(bits(num::ffloor(-0.0f)), kF32NegZero);
  EXPECT_EQ(num::ffloor(-f32(kF32MinSub)), -1.0f);
  EXPECT_EQ(num::ffloor(-0.5f), -1.0f);
  EXPECT_EQ(num::ffloor(1.5f), 1.0f);
  EXPECT_EQ(num::ffloor(-0x1.fffffep22f), -8388608.0f);
  EXPECT_EQ(bits(num::ffloor(f32(kF32PosInf))), kF32PosInf);
  EXPECT_TRUE(canonical(num::ffloor(f32(kF32NegCanonNan))));
  EXPECT_TRUE(arithmetic(num::ffloor(f32(kF32PayloadNan))));
  EXPECT_EQ(bits(num::ffloor(0.5)), kF64PosZero);
  EXPECT_EQ(num::ffloor(-f64(kF64MinSub)), -1.0);
  EXPECT_EQ(num::ffloor(0x1.fffffffffffffp51), 4503599627370495.0);
  EXPECT_EQ(bits(num::ffloor(f64(kF64NegInf))), kF64NegInf);
  EXPECT_TRUE(canonical(num::ffloor(f64(kF64CanonNan))));
}

TEST(ftrunc, SpecialValuesAndSmallMagnitudes) {
  EXPECT_EQ(bits(num::ftrunc(0.5f)), kF32PosZero);
  EXPECT_EQ(bits(num::ftrunc(-0.5f)), kF32NegZero);
  EXPECT_EQ(bits(num::ftrunc(-f32(kF32MinSub))), kF32NegZero);
  EXPECT_EQ(bits(num::ftrunc(-0.0f)), kF32NegZero);
  EXPECT_EQ(num::ftrunc(-1.5f), -1.0f);
  EXPECT_EQ(num::ftrunc(0x1.fffffep22f), 8388607.0f);
  EXPECT_EQ(bits(num::ftrunc(f32(kF32NegInf))), kF32NegInf);
  EXPECT_TRUE(arithmetic(num::ftrunc(f32(kF32SNan))));
  EXPECT_EQ(bits(num::ftrunc(-0.9)), kF64NegZero);
  EXPECT_EQ(num::ftrunc(-0x1.fffffffffffffp51), -4503599627370495.0);
  EXPECT_EQ(num::ftrunc(f64(kF64Max)), f64(kF64Max));
  EXPECT_TRUE(canonical(num::ftrunc(f64(kF64NegCanonNan))));
}

TEST(fnearest, TiesToEvenAndSignedZeros) {
  EXPECT_EQ(bits(num::fnearest(0.5f)), kF32PosZero);
  EXPECT_EQ(bits(num::fnearest(-0.5f)), kF32NegZero);
  EXPECT_EQ(bits(num::fnearest(0x1.fffffep-2f)), kF32PosZero);  // just below 0.5
  EXPECT_EQ(bits(num::fnearest(-f32(kF32MinSub))), kF32NegZero);
  EXPECT_EQ(bits(num::fnearest(-0.0f)), kF32NegZero);
  EXPECT_EQ(num::fnearest(0x1.000002p-1f), 1.0f);  // just above 0.5
  EXPECT_EQ(num::fnearest(1.5f), 2.0f);
  EXPECT_EQ(num::fnearest(2.5f), 2.0f);
  EXPECT_EQ(num::fnearest(-2.5f), -2.0f);
  EXPECT_EQ(num::fnearest(-3.5f), -4.0f);
  EXPECT_EQ(num::fnearest(0x1.fffffep22f), 8388608.0f);   // 8388607.5: tie, 8388608 even
  EXPECT_EQ(num::fnearest(-0x1.fffffap22f), -8388606.0f); // -8388606.5: tie, 8388606 even
  EXPECT_EQ(num::fnearest(-0x1.fffff6p22f), -8388606.0f); // -8388605.5: tie, 8388606 even
  EXPECT_EQ(num::fnearest(0x1.fffffcp22f), 8388607.0f);   // 8388607.0 stays
  EXPECT_EQ(num::fnearest(16777217.0f), 16777216.0f);     // not representable: literal rounds
  EXPECT_EQ(num::fnearest(f32(kF32Max)), f32(kF32Max));
  EXPECT_EQ(bits(num::fnearest(f32(kF32NegInf))), kF32NegInf);
  EXPECT_TRUE(canonical(num::fnearest(f32(kF32CanonNan))));
  EXPECT_TRUE(arithmetic(num::fnearest(f32(kF32SNan))));
  EXPECT_EQ(bits(num::fnearest(-0.5)), kF64NegZero);
  EXPECT_EQ(bits(num::fnearest(0.5)), kF64PosZero);
  EXPECT_EQ(num::fnearest(-1.5), -2.0);
  EXPECT_EQ(num::fnearest(4.5), 4.0);
  EXPECT_EQ(num::fnearest(0x1.fffffffffffffp51), 4503599627370496.0);  // 2^52 - 0.5
  EXPECT_EQ(num::fnearest(0x1.ffffffffffffep51), 4503599627370495.0);  // 2^52 - 1 stays
  EXPECT_EQ(num::fnearest(-0x1.ffffffffffffdp51), -4503599627370494.0);  // -(2^52 - 1.5)
  EXPECT_EQ(num::fnearest(0x1p52), 0x1p52);
  EXPECT_TRUE(arithmetic(num::fnearest(f64(kF64PayloadNan))));
}

TEST(feq, NanUnorderedZerosEqual) {
  EXPECT_EQ(num::feq(0.0f, -0.0f), 1u);
  EXPECT_EQ(num::feq(f32(kF32CanonNan), f32(kF32CanonNan)), 0u);
  EXPECT_EQ(num::feq(f32(kF32PosInf), f32(kF32PosInf)), 1u);
  EXPECT_EQ(num::feq(f32(kF32MinSub), 0.0f), 0u);
  EXPECT_EQ(num::feq(-0.0, 0.0), 1u);
  EXPECT_EQ(num::feq(1.0, f64(kF64SNan)), 0u);
}
TEST(fne, NanUnorderedZerosEqual) {
  EXPECT_EQ(num::fne(0.0f, -0.0f), 0u);
  EXPECT_EQ(num::fne(f32(kF32CanonNan), f32(kF32CanonNan)), 1u);
  EXPECT_EQ(num::fne(1.0f, 2.0f), 1u);
  EXPECT_EQ(num::fne(f64(kF64SNan), 1.0), 1u);
  EXPECT_EQ(num::fne(-0.0, 0.0), 0u);
}
TEST(flt, Ordering) {
  EXPECT_EQ(num::flt(-0.0f, 0.0f), 0u);
  EXPECT_EQ(num::flt(f32(kF32NegInf), -f32(kF32Max)), 1u);
  EXPECT_EQ(num::flt(f32(kF32Max), f32(kF32PosInf)), 1u);
  EXPECT_EQ(num::flt(f32(kF32PosInf), f32(kF32PosInf)), 0u);
  EXPECT_EQ(num::flt(0.0f, f32(kF32MinSub)), 1u);
  EXPECT_EQ(num::flt(f32(kF32CanonNan), 1.0f), 0u);
  EXPECT_EQ(num::flt(1.0f, f32(kF32CanonNan)), 0u);
  EXPECT_EQ(num::flt(-1.0, 1.0), 1u);
  EXPECT_EQ(num::flt(f64(kF64NegInf), f64(kF64SNan)), 0u);
}
TEST(fgt, Ordering) {
  EXPECT_EQ(num::fgt(0.0f, -0.0f), 0u);
  EXPECT_EQ(num::fgt(f32(kF32PosInf), f32(kF32Max)), 1u);
  EXPECT_EQ(num::fgt(f32(kF32NegCanonNan), f32(kF32NegInf)), 0u);
  EXPECT_EQ(num::fgt(f64(kF64MinSub), 0.0), 1u);
  EXPECT_EQ(num::fgt(f64(kF64PosInf), f64(kF64CanonNan)), 0u);
}
TEST(fle, Ordering) {
  EXPECT_EQ(num::fle(0.0f, -0.0f), 1u);
  EXPECT_EQ(num::fle(-0.0f, 0.0f), 1u);
  EXPECT_EQ(num::fle(f32(kF32PosInf), f32(kF32PosInf)), 1u);
  EXPECT_EQ(num::fle(f32(kF32CanonNan), f32(kF32CanonNan)), 0u);
  EXPECT_EQ(num::fle(2.0, 1.0), 0u);
  EXPECT_EQ(num::fle(f64(kF64NegInf), f64(kF64SNan)), 0u);
}
TEST(fge, Ordering) {
  EXPECT_EQ(num::fge(-0.0f, 0.0f), 1u);
  EXPECT_EQ(num::fge(f32(kF32NegInf), f32(kF32NegInf)), 1u);
  EXPECT_EQ(num::fge(1.0f, f32(kF32SNan)), 0u);
  EXPECT_EQ(num::fge(f64(kF64NegInf), -f64(kF64Max)), 0u);
  EXPECT_EQ(num::fge(f64(kF64CanonNan), f64(kF64PosInf)), 0u);
}

// ============================================================================================
// §4.3.4 Conversions
// ============================================================================================

TEST(wrap, KeepsLow32Bits) {
  EXPECT_EQ(num::wrap(0xFFFFFFFF00000001ull), 1u);
  EXPECT_EQ(num::wrap(0x0000000180000000ull), kI32Min);
  EXPECT_EQ(num::wrap(~u64{0}), 0xFFFFFFFFu);
}

TEST(extend, SignedAndUnsigned) {
  EXPECT_EQ(num::extend_u(0xFFFFFFFFu), 0x00000000FFFFFFFFull);
  EXPECT_EQ(num::extend_u(kI32Min), 0x0000000080000000ull);
  EXPECT_EQ(num::extend_s(0xFFFFFFFFu), ~u64{0});
  EXPECT_EQ(num::extend_s(kI32Min), 0xFFFFFFFF80000000ull);
  EXPECT_EQ(num::extend_s(kI32Max), 0x000000007FFFFFFFull);
}

TEST(trunc_s, I32FromF32Boundaries) {
  expect_value(num::trunc_s<u32>(-2147483648.0f), kI32Min);
  expect_trap(num::trunc_s<u32>(-2147483904.0f), msg::integer_overflow);  // next f32 below
  expect_trap(num::trunc_s<u32>(2147483648.0f), msg::integer_overflow);
  expect_value(num::trunc_s<u32>(2147483520.0f), 2147483520u);  // largest f32 below 2^31
  expect_value(num::trunc_s<u32>(-0.9f), 0u);
  expect_value(num::trunc_s<u32>(-0.0f), 0u);
  expect_value(num::trunc_s<u32>(-1.9f), neg32(-1));
  expect_value(num::trunc_s<u32>(f32(kF32MinSub)), 0u);
  expect_trap(num::trunc_s<u32>(f32(kF32PosInf)), msg::integer_overflow);
  expect_trap(num::trunc_s<u32>(f32(kF32NegInf)), msg::integer_overflow);
  expect_trap(num::trunc_s<u32>(f32(kF32CanonNan)), msg::invalid_conversion_to_integer);
  expect_trap(num::trunc_s<u32>(f32(0xFF800001u)), msg::invalid_conversion_to_integer);
}
TEST(trunc_s, I32FromF64Boundaries) {
  expect_value(num::trunc_s<u32>(-2147483648.9), kI32Min);
  expect_trap(num::trunc_s<u32>(-2147483649.0), msg::integer_overflow);
  expect_value(num::trunc_s<u32>(2147483647.9), kI32Max);
  expect_trap(num::trunc_s<u32>(2147483648.0), msg::integer_overflow);
  expect_trap(num::trunc_s<u32>(f64(kF64NegInf)), msg::integer_overflow);
  expect_trap(num::trunc_s<u32>(f64(kF64SNan)), msg::invalid_conversion_to_integer);
  expect_value(num::trunc_s<u32>(-f64(kF64MinSub)), 0u);
}
TEST(trunc_s, I64FromF32Boundaries) {
  expect_value(num::trunc_s<u64>(-9223372036854775808.0f), kI64Min);
  expect_trap(num::trunc_s<u64>(-9223373136366403584.0f), msg::integer_overflow);
  expect_trap(num::trunc_s<u64>(9223372036854775808.0f), msg::integer_overflow);
  expect_value(num::trunc_s<u64>(9223371487098961920.0f), u64{9223371487098961920ull});
  expect_value(num::trunc_s<u64>(-1.5f), neg64(-1));
  expect_trap(num::trunc_s<u64>(f32(kF32PosInf)), msg::integer_overflow);
  expect_trap(num::trunc_s<u64>(f32(kF32NegCanonNan)), msg::invalid_conversion_to_integer);
}
TEST(trunc_s, I64FromF64Boundaries) {
  expect_value(num::trunc_s<u64>(-9223372036854775808.0), kI64Min);
  expect_trap(num::trunc_s<u64>(-9223372036854777856.0), msg::integer_overflow);
  expect_trap(num::trunc_s<u64>(9223372036854775808.0), msg::integer_overflow);
  expect_value(num::trunc_s<u64>(9223372036854774784.0), u64{9223372036854774784ull});
  expect_value(num::trunc_s<u64>(-0.99999), u64{0});
  expect_trap(num::trunc_s<u64>(f64(kF64NegInf)), msg::integer_overflow);
  expect_trap(num::trunc_s<u64>(f64(kF64PayloadNan)), msg::invalid_conversion_to_integer);
}

TEST(trunc_u, I32FromF32Boundaries) {
  expect_value(num::trunc_u<u32>(-0.9f), 0u);
  expect_value(num::trunc_u<u32>(-0.0f), 0u);
  expect_trap(num::trunc_u<u32>(-1.0f), msg::integer_overflow);
  expect_value(num::trunc_u<u32>(4294967040.0f), 0xFFFFFF00u);  // largest f32 below 2^32
  expect_trap(num::trunc_u<u32>(4294967296.0f), msg::integer_overflow);
  expect_value(num::trunc_u<u32>(2147483648.0f), kI32Min);
  expect_trap(num::trunc_u<u32>(f32(kF32PosInf)), msg::integer_overflow);
  expect_trap(num::trunc_u<u32>(f32(kF32CanonNan)), msg::invalid_conversion_to_integer);
}
TEST(trunc_u, I32FromF64Boundaries) {
  expect_value(num::trunc_u<u32>(4294967295.9), 0xFFFFFFFFu);
  expect_trap(num::trunc_u<u32>(4294967296.0), msg::integer_overflow);
  expect_value(num::trunc_u<u32>(-0.99999999), 0u);
  expect_trap(num::trunc_u<u32>(-1.0), msg::integer_overflow);
  expect_trap(num::trunc_u<u32>(f64(kF64NegInf)), msg::integer_overflow);
  expect_trap(num::trunc_u<u32>(f64(kF64NegCanonNan)), msg::invalid_conversion_to_integer);
}
TEST(trunc_u, I64FromF32Boundaries) {
  expect_value(num::trunc_u<u64>(18446742974197923840.0f), u64{0xFFFFFF0000000000ull});
  expect_trap(num::trunc_u<u64>(18446744073709551616.0f), msg::integer_overflow);
  expect_value(num::trunc_u<u64>(9223372036854775808.0f), kI64Min);
  expect_value(num::trunc_u<u64>(-0.9f), u64{0});
  expect_trap(num::trunc_u<u64>(-1.0f), msg::integer_overflow);
  expect_trap(num::trunc_u<u64>(f32(kF32SNan)), msg::invalid_conversion_to_integer);
}
TEST(trunc_u, I64FromF64Boundaries) {
  expect_value(num::trunc_u<u64>(18446744073709549568.0), u64{0xFFFFFFFFFFFFF800ull});
  expect_trap(num::trunc_u<u64>(18446744073709551616.0), msg::integer_overflow);
  expect_value(num::trunc_u<u64>(-0.99999), u64{0});
  expect_trap(num::trunc_u<u64>(-1.0), msg::integer_overflow);
  expect_trap(num::trunc_u<u64>(f64(kF64PosInf)), msg::integer_overflow);
  expect_trap(num::trunc_u<u64>(f64(kF64CanonNan)), msg::invalid_conversion_to_integer);
}

TEST(trunc_sat_s, Saturates) {
  EXPECT_EQ(num::trunc_sat_s<u32>(f32(kF32CanonNan)), 0u);
  EXPECT_EQ(num::trunc_sat_s<u32>(f32(0xFF800001u)), 0u);
  EXPECT_EQ(num::trunc_sat_s<u32>(f32(kF32PosInf)), kI32Max);
  EXPECT_EQ(num::trunc_sat_s<u32>(f32(kF32NegInf)), kI32Min);
  EXPECT_EQ(num::trunc_sat_s<u32>(2147483648.0f), kI32Max);
  EXPECT_EQ(num::trunc_sat_s<u32>(-2147483904.0f), kI32Min);
  EXPECT_EQ(num::trunc_sat_s<u32>(-2147483648.0f), kI32Min);
  EXPECT_EQ(num::trunc_sat_s<u32>(-1.5f), neg32(-1));
  EXPECT_EQ(num::trunc_sat_s<u32>(2147483647.9), kI32Max);
  EXPECT_EQ(num::trunc_sat_s<u32>(-2147483648.9), kI32Min);
  EXPECT_EQ(num::trunc_sat_s<u32>(-2147483649.0), kI32Min);
  EXPECT_EQ(num::trunc_sat_s<u32>(f64(kF64SNan)), 0u);
  EXPECT_EQ(num::trunc_sat_s<u64>(f32(kF32NegCanonNan)), 0u);
  EXPECT_EQ(num::trunc_sat_s<u64>(9223372036854775808.0f), kI64Max);
  EXPECT_EQ(num::trunc_sat_s<u64>(-9223373136366403584.0f), kI64Min);
  EXPECT_EQ(num::trunc_sat_s<u64>(f64(kF64PosInf)), kI64Max);
  EXPECT_EQ(num::trunc_sat_s<u64>(f64(kF64NegInf)), kI64Min);
  EXPECT_EQ(num::trunc_sat_s<u64>(9223372036854774784.0), 9223372036854774784ull);
  EXPECT_EQ(num::trunc_sat_s<u64>(-9223372036854775808.0), kI64Min);
  EXPECT_EQ(num::trunc_sat_s<u64>(f64(kF64CanonNan)), 0u);
}

TEST(trunc_sat_u, Saturates) {
  EXPECT_EQ(num::trunc_sat_u<u32>(f32(kF32CanonNan)), 0u);
  EXPECT_EQ(num::trunc_sat_u<u32>(f32(kF32PosInf)), 0xFFFFFFFFu);
  EXPECT_EQ(num::trunc_sat_u<u32>(f32(kF32NegInf)), 0u);
  EXPECT_EQ(num::trunc_sat_u<u32>(-1.0f), 0u);
  EXPECT_EQ(num::trunc_sat_u<u32>(-0.9f), 0u);
  EXPECT_EQ(num::trunc_sat_u<u32>(4294967040.0f), 0xFFFFFF00u);
  EXPECT_EQ(num::trunc_sat_u<u32>(4294967296.0f), 0xFFFFFFFFu);
  EXPECT_EQ(num::trunc_sat_u<u32>(4294967295.9), 0xFFFFFFFFu);
  EXPECT_EQ(num::trunc_sat_u<u32>(1e300), 0xFFFFFFFFu);
  EXPECT_EQ(num::trunc_sat_u<u32>(f64(kF64NegCanonNan)), 0u);
  EXPECT_EQ(num::trunc_sat_u<u64>(f32(kF32SNan)), 0u);
  EXPECT_EQ(num::trunc_sat_u<u64>(18446744073709551616.0f), ~u64{0});
  EXPECT_EQ(num::trunc_sat_u<u64>(18446742974197923840.0f), 0xFFFFFF0000000000ull);
  EXPECT_EQ(num::trunc_sat_u<u64>(18446744073709549568.0), 0xFFFFFFFFFFFFF800ull);
  EXPECT_EQ(num::trunc_sat_u<u64>(18446744073709551616.0), ~u64{0});
  EXPECT_EQ(num::trunc_sat_u<u64>(f64(kF64PosInf)), ~u64{0});
  EXPECT_EQ(num::trunc_sat_u<u64>(-f64(kF64Max)), 0u);
  EXPECT_EQ(num::trunc_sat_u<u64>(f64(kF64CanonNan)), 0u);
}

TEST(convert_u, RoundsToNearestEven) {
  // u32 -> f32
  EXPECT_EQ(num::convert_u<float>(u32{0}), 0.0f);
  EXPECT_EQ(bits(num::convert_u<float>(u32{0})), kF32PosZero);
  EXPECT_EQ(num::convert_u<float>(0xFFFFFFFFu), 4294967296.0f);
  EXPECT_EQ(num::convert_u<float>(kI32Min), 2147483648.0f);
  EXPECT_EQ(num::convert_u<float>(u32{16777217}), 16777216.0f);  // tie to even (down)
  EXPECT_EQ(num::convert_u<float>(u32{16777219}), 16777220.0f);  // tie to even (up)
  EXPECT_EQ(num::convert_u<float>(u32{0x80000080}), 0x1p31f);     // tie: 2^31 even
  EXPECT_EQ(num::convert_u<float>(u32{0x80000081}), 0x1.000002p31f);
  // u32 -> f64 is exact
  EXPECT_EQ(num::convert_u<double>(0xFFFFFFFFu), 4294967295.0);
  // u64 -> f32: one rounding, from the full 64 bits
  EXPECT_EQ(num::convert_u<float>(u64{0x8000008000000001ull}), 0x1.000002p63f);
  EXPECT_EQ(num::convert_u<float>(u64{0x8000008000000000ull}), 0x1p63f);  // tie: even
  EXPECT_EQ(num::convert_u<float>(u64{0x8000018000000000ull}), 0x1.000004p63f);
  EXPECT_EQ(num::convert_u<float>(~u64{0}), 0x1p64f);
  EXPECT_EQ(num::convert_u<float>(u64{0x0020000020000001ull}), 0x1.000002p53f);
  EXPECT_EQ(num::convert_u<float>(kI64Max), 0x1p63f);
  // u64 -> f64
  EXPECT_EQ(num::convert_u<double>(u64{9007199254740993ull}), 9007199254740992.0);  // 2^53+1
  EXPECT_EQ(num::convert_u<double>(u64{9007199254740995ull}), 9007199254740996.0);
  EXPECT_EQ(num::convert_u<double>(u64{0xFFFFFFFFFFFFFBFFull}), 0x1.fffffffffffffp63);
  EXPECT_EQ(num::convert_u<double>(u64{0xFFFFFFFFFFFFFC00ull}), 0x1p64);  // tie: even
  EXPECT_EQ(num::convert_u<double>(~u64{0}), 0x1p64);
  EXPECT_EQ(num::convert_u<double>(u64{0x8000000000000401ull}), 0x1.0000000000001p63);
  EXPECT_EQ(bits(num::convert_u<double>(u64{0})), kF64PosZero);
}

TEST(convert_s, RoundsToNearestEvenWithSign) {
  EXPECT_EQ(num::convert_s<float>(kI32Min), -2147483648.0f);
  EXPECT_EQ(num::convert_s<float>(neg32(-1)), -1.0f);
  EXPECT_EQ(num::convert_s<float>(kI32Max), 2147483648.0f);
  EXPECT_EQ(num::convert_s<float>(neg32(-16777217)), -16777216.0f);
  EXPECT_EQ(num::convert_s<float>(neg32(-16777219)), -16777220.0f);
  EXPECT_EQ(bits(num::convert_s<float>(u32{0})), kF32PosZero);
  EXPECT_EQ(num::convert_s<double>(kI32Min), -2147483648.0);
  EXPECT_EQ(num::convert_s<double>(neg32(-1)), -1.0);
  EXPECT_EQ(num::convert_s<float>(kI64Min), -0x1p63f);
  EXPECT_EQ(num::convert_s<float>(kI64Max), 0x1p63f);
  EXPECT_EQ(num::convert_s<float>(neg64(-0x7FFFFF4000000001ll)), -0x1.fffffep62f);
  EXPECT_EQ(num::convert_s<float>(u64{0x7FFFFF4000000001ull}), 0x1.fffffep62f);
  EXPECT_EQ(num::convert_s<double>(kI64Min), -0x1p63);
  EXPECT_EQ(num::convert_s<double>(kI64Max), 0x1p63);
  EXPECT_EQ(num::convert_s<double>(neg64(-9007199254740993ll)), -9007199254740992.0);
  EXPECT_EQ(num::convert_s<double>(neg64(-9007199254740995ll)), -9007199254740996.0);
  EXPECT_EQ(bits(num::convert_s<double>(u64{0})), kF64PosZero);
}

TEST(demote, RoundingOverflowAndSubnormals) {
  EXPECT_EQ(num::demote(0x1.fffffep127), f32(kF32Max));
  EXPECT_EQ(num::demote(0x1.fffffefffffffp127), f32(kF32Max));   // below the midpoint
  EXPECT_EQ(bits(num::demote(0x1.ffffffp127)), kF32PosInf);      // midpoint: even is limit
  EXPECT_EQ(bits(num::demote(-0x1.ffffffp127)), kF32NegInf);
  EXPECT_EQ(bits(num::demote(0x1p128)), kF32PosInf);
  EXPECT_EQ(bits(num::demote(-f64(kF64Max))), kF32NegInf);
  EXPECT_EQ(num::demote(1.0 + 0x1p-24), 1.0f);                   // tie to even (down)
  EXPECT_EQ(num::demote(1.0 + 0x1p-24 + 0x1p-50), 0x1.000002p0f);
  EXPECT_EQ(num::demote(0x1.000003p0), 0x1.000004p0f);            // tie to even (up)
  EXPECT_EQ(num::demote(0.1), 0x1.99999ap-4f);
  EXPECT_EQ(bits(num::demote(0x1p-149)), kF32MinSub);
  EXPECT_EQ(bits(num::demote(0x1p-150)), kF32PosZero);            // tie: 0 is even
  EXPECT_EQ(bits(num::demote(-0x1p-150)), kF32NegZero);
  EXPECT_EQ(bits(num::demote(0x1.0000000000001p-150)), kF32MinSub);
  EXPECT_EQ(bits(num::demote(0x1.8p-149)), 2u);                   // 1.5 quanta: tie to 2
  EXPECT_EQ(bits(num::demote(0x1.fffffcp-127)), kF32MaxSub);
  EXPECT_EQ(bits(num::demote(0x1.fffffep-127)), kF32MinNormal);   // rounds up into normals
  EXPECT_EQ(bits(num::demote(1e-300)), kF32PosZero);
  EXPECT_EQ(bits(num::demote(-1e-300)), kF32NegZero);
  EXPECT_EQ(bits(num::demote(f64(kF64MinSub))), kF32PosZero);
  EXPECT_EQ(bits(num::demote(-0.0)), kF32NegZero);
  EXPECT_EQ(bits(num::demote(0.0)), kF32PosZero);
  EXPECT_EQ(bits(num::demote(f64(kF64PosInf))), kF32PosInf);
  EXPECT_EQ(bits(num::demote(f64(kF64NegInf))), kF32NegInf);
}

TEST(demote, NanCanonicalStaysCanonicalOthersArithmetic) {
  EXPECT_EQ(bits(num::demote(f64(kF64CanonNan))), kF32CanonNan);
  EXPECT_EQ(bits(num::demote(f64(kF64NegCanonNan))), kF32NegCanonNan);
  EXPECT_TRUE(arithmetic(num::demote(f64(kF64SNan))));
  EXPECT_EQ(bits(num::demote(f64(kF64PayloadNan))), 0x7FE00000u);  // top payload bits kept
  EXPECT_EQ(bits(num::demote(f64(0xFFFFFFFFFFFFFFFFull))), 0xFFFFFFFFu);
}

TEST(promote, ExactAndNans) {
  EXPECT_EQ(num::promote(f32(kF32Max)), 0x1.fffffep127);
  EXPECT_EQ(num::promote(f32(kF32MinSub)), 0x1p-149);
  EXPECT_EQ(num::promote(f32(kF32MaxSub)), 0x1.fffffcp-127);
  EXPECT_EQ(bits(num::promote(-0.0f)), kF64NegZero);
  EXPECT_EQ(bits(num::promote(f32(kF32NegInf))), kF64NegInf);
  EXPECT_EQ(bits(num::promote(f32(kF32CanonNan))), kF64CanonNan);
  EXPECT_EQ(bits(num::promote(f32(kF32NegCanonNan))), kF64NegCanonNan);
  EXPECT_TRUE(arithmetic(num::promote(f32(kF32SNan))));
  EXPECT_EQ(bits(num::promote(f32(kF32PayloadNan))), 0x7FFC000000000000ull);
  EXPECT_EQ(bits(num::promote(f32(0xFFFFFFFFu))), 0xFFFFFFFFE0000000ull);
}

TEST(reinterpret, BitsUnchanged) {
  EXPECT_EQ(num::reinterpret<u32>(-0.0f), kF32NegZero);
  EXPECT_EQ(bits(num::reinterpret<float>(kF32SNan)), kF32SNan);  // signalling NaN survives
  EXPECT_EQ(num::reinterpret<u64>(f64(kF64PayloadNan)), kF64PayloadNan);
  EXPECT_EQ(num::reinterpret<double>(u64{0x3FF0000000000000ull}), 1.0);
  EXPECT_EQ(num::reinterpret<u32>(1.0f), 0x3F800000u);
}

}  // namespace
}  // namespace wasmref
