// Core 2.0 §4.3 Numerics, vector part, and §4.4.3 Vector Instructions: unit tests, one suite
// per lane operator or lifting, then vector_instr over the whole opcode table
#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <cmath>
#include <initializer_list>
#include <limits>

#include "exec/vector.h"
#include "exec/vector_instructions.h"

namespace wasmref {
namespace {

using vec::Half;
using vec::Lanes;
using vec::Sx;
using vec::V128;

// --- helpers --------------------------------------------------------------------------------

constexpr u32 bits(float z) { return std::bit_cast<u32>(z); }
constexpr u64 bits(double z) { return std::bit_cast<u64>(z); }
constexpr float f32(u32 b) { return std::bit_cast<float>(b); }
constexpr double f64(u64 b) { return std::bit_cast<double>(b); }

constexpr u32 kF32PosZero = 0x00000000u, kF32NegZero = 0x80000000u;
constexpr u32 kF32PosInf = 0x7F800000u, kF32NegInf = 0xFF800000u;
constexpr u32 kF32CanonNan = 0x7FC00000u;
constexpr u32 kF32PayloadNan = 0x7FA00001u;  // signalling, payload 0x200001
constexpr u64 kF64PosInf = 0x7FF0000000000000ull, kF64NegInf = 0xFFF0000000000000ull;
constexpr u64 kF64CanonNan = 0x7FF8000000000000ull;
constexpr u64 kF64PayloadNan = 0x7FF4000000000001ull;

// A v128 from its lanes (missing trailing lanes are 0).
template <class L>
V128 v(std::initializer_list<L> list) {
  Lanes<L> i{};
  unsigned n = 0;
  for (L lane : list) i[n++] = lane;
  return vec::lanes_inv<L>(i);
}
V128 f32x4(u32 a, u32 b, u32 c, u32 d) { return v<float>({f32(a), f32(b), f32(c), f32(d)}); }
V128 f64x2(u64 a, u64 b) { return v<double>({f64(a), f64(b)}); }
// The lanes of a float shape as bit patterns (compare NaNs and zeros exactly).
std::array<u32, 4> f32_bits(const V128& c) {
  std::array<u32, 4> out{};
  for (unsigned n = 0; n < 4; ++n) out[n] = bits(vec::lanes<float>(c)[n]);
  return out;
}
std::array<u64, 2> f64_bits(const V128& c) {
  return {bits(vec::lanes<double>(c)[0]), bits(vec::lanes<double>(c)[1])};
}

// Runs one pure vector instruction through the entry point the machine calls.
struct Runner {
  Module module;
  bool broken = false;
  Slot operator()(Op op, std::initializer_list<Slot> operands, u32 x = 0) {
    std::array<Slot, 3> args{};
    unsigned n = 0;
    for (const Slot& s : operands) args[n++] = s;
    Instr in;
    in.op = op;
    in.x = x;
    return vector_instr(in, module, args.data(), &broken);
  }
};
Slot sv(const V128& c) { return slot_of(c); }
Slot si(u64 i) { return Slot{i, 0}; }

// ============================================================================================
// Representation
// ============================================================================================

TEST(Lanes, LittleEndianLayout) {
  V128 c;
  for (unsigned k = 0; k < 16; ++k) c.bytes[k] = static_cast<u8>(k + 1);
  EXPECT_EQ(vec::lanes<u8>(c)[0], 0x01);
  EXPECT_EQ(vec::lanes<u8>(c)[15], 0x10);
  EXPECT_EQ(vec::lanes<u16>(c)[0], 0x0201);
  EXPECT_EQ(vec::lanes<u16>(c)[7], 0x100F);
  EXPECT_EQ(vec::lanes<u32>(c)[1], 0x08070605u);
  EXPECT_EQ(vec::lanes<u64>(c)[1], 0x100F0E0D0C0B0A09ull);
  EXPECT_EQ(c.lo(), 0x0807060504030201ull);
  EXPECT_EQ(c.hi(), 0x100F0E0D0C0B0A09ull);
  EXPECT_EQ(V128::from_halves(c.lo(), c.hi()), c);
  EXPECT_EQ(vec::lanes_inv<u16>(vec::lanes<u16>(c)), c);
  EXPECT_EQ(vec::lanes_inv<u64>(vec::lanes<u64>(c)), c);
}

TEST(Lanes, FloatLanesKeepNanPayloadBits) {
  const V128 c = f32x4(kF32PayloadNan, 0xFFFFFFFFu, kF32NegZero, 1);
  EXPECT_EQ(f32_bits(c), (std::array<u32, 4>{kF32PayloadNan, 0xFFFFFFFFu, kF32NegZero, 1}));
  const V128 d = f64x2(kF64PayloadNan, 0x8000000000000001ull);
  EXPECT_EQ(f64_bits(d), (std::array<u64, 2>{kF64PayloadNan, 0x8000000000000001ull}));
  EXPECT_EQ(vec::lanes<u32>(c)[0], kF32PayloadNan);
}

// ============================================================================================
// §4.3.2 Integer lane operators
// ============================================================================================

TEST(Iadd, WrapsPerLane) {
  EXPECT_EQ(vec::iadd<u8>(0xFF, 1), 0);
  EXPECT_EQ(vec::iadd<u16>(0xFFFF, 2), 1);
  EXPECT_EQ(vec::isub<u8>(0, 1), 0xFF);
  EXPECT_EQ(vec::imul<u16>(0xFFFF, 0xFFFF), 1);  // no signed-int overflow through promotion
  EXPECT_EQ(vec::imul<u32>(0x10000, 0x10000), 0u);
  EXPECT_EQ(vec::imul<u64>(0x100000000ull, 0x100000000ull), 0u);
}

TEST(IaddSat, SignedBounds) {
  EXPECT_EQ(vec::iadd_sat_s<u8>(0x7F, 1), 0x7F);
  EXPECT_EQ(vec::iadd_sat_s<u8>(0x80, 0xFF), 0x80);  // -128 + -1
  EXPECT_EQ(vec::iadd_sat_s<u8>(0x80, 0x7F), 0xFF);  // -128 + 127 = -1
  EXPECT_EQ(vec::iadd_sat_s<u16>(0x7FFF, 0x7FFF), 0x7FFF);
  EXPECT_EQ(vec::iadd_sat_s<u16>(0x8000, 0x8000), 0x8000);
}

TEST(IaddSat, UnsignedBounds) {
  EXPECT_EQ(vec::iadd_sat_u<u8>(0xFF, 1), 0xFF);
  EXPECT_EQ(vec::iadd_sat_u<u8>(0xFE, 1), 0xFF);
  EXPECT_EQ(vec::iadd_sat_u<u8>(0x80, 0x80), 0xFF);
  EXPECT_EQ(vec::iadd_sat_u<u16>(0xFFFF, 0xFFFF), 0xFFFF);
  EXPECT_EQ(vec::iadd_sat_u<u16>(1, 2), 3);
}

TEST(IsubSat, SignedBounds) {
  EXPECT_EQ(vec::isub_sat_s<u8>(0x80, 1), 0x80);     // -128 - 1
  EXPECT_EQ(vec::isub_sat_s<u8>(0x7F, 0xFF), 0x7F);  // 127 - -1
  EXPECT_EQ(vec::isub_sat_s<u8>(0, 0x80), 0x7F);     // 0 - -128
  EXPECT_EQ(vec::isub_sat_s<u16>(0x8000, 0x7FFF), 0x8000);
  EXPECT_EQ(vec::isub_sat_s<u16>(5, 7), 0xFFFE);
}

TEST(IsubSat, UnsignedBounds) {
  EXPECT_EQ(vec::isub_sat_u<u8>(0, 1), 0);
  EXPECT_EQ(vec::isub_sat_u<u8>(0x7F, 0xFF), 0);
  EXPECT_EQ(vec::isub_sat_u<u8>(0xFF, 1), 0xFE);
  EXPECT_EQ(vec::isub_sat_u<u16>(0, 0xFFFF), 0);
}

TEST(IavgrU, RoundsUpWithoutWrapping) {
  EXPECT_EQ(vec::iavgr_u<u8>(0xFF, 0xFF), 0xFF);
  EXPECT_EQ(vec::iavgr_u<u8>(0, 1), 1);
  EXPECT_EQ(vec::iavgr_u<u8>(0xFF, 0), 0x80);
  EXPECT_EQ(vec::iavgr_u<u16>(0xFFFF, 0xFFFE), 0xFFFF);
  EXPECT_EQ(vec::iavgr_u<u16>(2, 4), 3);
}

TEST(Iq15mulrSatS, SaturatesOnlyMinTimesMin) {
  EXPECT_EQ(vec::iq15mulr_sat_s<u16>(0x8000, 0x8000), 0x7FFF);  // 1.0 is not representable
  EXPECT_EQ(vec::iq15mulr_sat_s<u16>(0x4000, 0x4000), 0x2000);  // 0.5 * 0.5 = 0.25
  EXPECT_EQ(vec::iq15mulr_sat_s<u16>(0x8000, 0x7FFF), 0x8001);  // -1 * (1 - 2^-15)
  EXPECT_EQ(vec::iq15mulr_sat_s<u16>(0x7FFF, 0x7FFF), 0x7FFE);
  EXPECT_EQ(vec::iq15mulr_sat_s<u16>(1, 1), 0);
  EXPECT_EQ(vec::iq15mulr_sat_s<u16>(0xFFFF, 1), 0);       // -2^-30 + 2^-16 rounds to 0
  EXPECT_EQ(vec::iq15mulr_sat_s<u16>(0x8000, 1), 0xFFFF);  // -2^-15: rounding is floor(x + 1/2)
  EXPECT_EQ(vec::iq15mulr_sat_s<u16>(0x0001, 0x4000), 1);  // exactly 1/2 ulp rounds up
}

TEST(IminImax, SignedVersusUnsigned) {
  EXPECT_EQ(vec::imin_s<u8>(0x80, 0x7F), 0x80);
  EXPECT_EQ(vec::imin_u<u8>(0x80, 0x7F), 0x7F);
  EXPECT_EQ(vec::imax_s<u8>(0x80, 0x7F), 0x7F);
  EXPECT_EQ(vec::imax_u<u8>(0x80, 0x7F), 0x80);
  EXPECT_EQ(vec::imin_s<u16>(0xFFFF, 0), 0xFFFF);
  EXPECT_EQ(vec::imax_u<u32>(0xFFFFFFFFu, 0), 0xFFFFFFFFu);
  EXPECT_EQ(vec::imin_s<u32>(0x80000000u, 0x7FFFFFFFu), 0x80000000u);
}

TEST(IabsIneg, MostNegativeStays) {
  EXPECT_EQ(vec::iabs<u8>(0x80), 0x80);
  EXPECT_EQ(vec::iabs<u8>(0xFF), 1);
  EXPECT_EQ(vec::iabs<u8>(0x7F), 0x7F);
  EXPECT_EQ(vec::ineg<u8>(0x80), 0x80);
  EXPECT_EQ(vec::ineg<u8>(1), 0xFF);
  EXPECT_EQ(vec::ineg<u8>(0), 0);
  EXPECT_EQ(vec::iabs<u16>(0x8000), 0x8000);
  EXPECT_EQ(vec::iabs<u32>(0xFFFFFFFEu), 2u);
  EXPECT_EQ(vec::iabs<u64>(0x8000000000000000ull), 0x8000000000000000ull);
  EXPECT_EQ(vec::ineg<u64>(1), ~u64{0});
}

TEST(Ipopcnt, EightBitLanes) {
  EXPECT_EQ(vec::ipopcnt<u8>(0), 0);
  EXPECT_EQ(vec::ipopcnt<u8>(0xFF), 8);
  EXPECT_EQ(vec::ipopcnt<u8>(0x55), 4);
  EXPECT_EQ(vec::ipopcnt<u8>(0x80), 1);
}

TEST(Ishift, CountModuloLaneWidth) {
  EXPECT_EQ(vec::ishl<u8>(1, 8), 1);  // 8 mod 8 = 0
  EXPECT_EQ(vec::ishl<u8>(1, 9), 2);
  EXPECT_EQ(vec::ishl<u8>(0xFF, 7), 0x80);
  EXPECT_EQ(vec::ishr_s<u8>(0x80, 7), 0xFF);
  EXPECT_EQ(vec::ishr_s<u8>(0x80, 8), 0x80);
  EXPECT_EQ(vec::ishr_s<u8>(0x80, 15), 0xFF);
  EXPECT_EQ(vec::ishr_u<u8>(0x80, 7), 1);
  EXPECT_EQ(vec::ishr_u<u16>(0x8000, 31), 1);  // 31 mod 16 = 15
  EXPECT_EQ(vec::ishl<u16>(1, 16), 1);
  EXPECT_EQ(vec::ishr_s<u16>(0x8000, 0xFFFFFFFFu), 0xFFFF);
  EXPECT_EQ(vec::ishl<u32>(1, 32), 1u);
  EXPECT_EQ(vec::ishr_s<u32>(0x80000000u, 63), 0xFFFFFFFFu);
  EXPECT_EQ(vec::ishl<u64>(1, 64), 1u);
  EXPECT_EQ(vec::ishl<u64>(1, 0xFFFFFFFFu), 0x8000000000000000ull);
  EXPECT_EQ(vec::ishr_s<u64>(0x8000000000000000ull, 127), ~u64{0});
  EXPECT_EQ(vec::ishr_u<u64>(0x8000000000000000ull, 127), 1u);
}

TEST(Narrow, SignedSaturation) {
  EXPECT_EQ((vec::narrow<u8, Sx::s>(u16{0x7FFF})), 0x7F);
  EXPECT_EQ((vec::narrow<u8, Sx::s>(u16{0x8000})), 0x80);
  EXPECT_EQ((vec::narrow<u8, Sx::s>(u16{0x0080})), 0x7F);  // 128
  EXPECT_EQ((vec::narrow<u8, Sx::s>(u16{0xFF80})), 0x80);  // -128
  EXPECT_EQ((vec::narrow<u8, Sx::s>(u16{0xFF7F})), 0x80);  // -129
  EXPECT_EQ((vec::narrow<u8, Sx::s>(u16{0x007F})), 0x7F);
  EXPECT_EQ((vec::narrow<u16, Sx::s>(u32{0x00008000u})), 0x7FFF);
  EXPECT_EQ((vec::narrow<u16, Sx::s>(u32{0xFFFF7FFFu})), 0x8000);
  EXPECT_EQ((vec::narrow<u16, Sx::s>(u32{0xFFFFFFFFu})), 0xFFFF);
}

TEST(Narrow, UnsignedSaturationOfSignedInput) {
  EXPECT_EQ((vec::narrow<u8, Sx::u>(u16{0xFFFF})), 0);  // -1 -> 0, not 255
  EXPECT_EQ((vec::narrow<u8, Sx::u>(u16{0x0100})), 0xFF);
  EXPECT_EQ((vec::narrow<u8, Sx::u>(u16{0x00FF})), 0xFF);
  EXPECT_EQ((vec::narrow<u8, Sx::u>(u16{0x8000})), 0);
  EXPECT_EQ((vec::narrow<u16, Sx::u>(u32{0x80000000u})), 0);
  EXPECT_EQ((vec::narrow<u16, Sx::u>(u32{0x00010000u})), 0xFFFF);
  EXPECT_EQ((vec::narrow<u16, Sx::u>(u32{0x0000FFFFu})), 0xFFFF);
}

TEST(Extend, Signedness) {
  EXPECT_EQ((vec::extend<u16, Sx::s>(u8{0x80})), 0xFF80);
  EXPECT_EQ((vec::extend<u16, Sx::u>(u8{0x80})), 0x0080);
  EXPECT_EQ((vec::extend<u32, Sx::s>(u16{0x8000})), 0xFFFF8000u);
  EXPECT_EQ((vec::extend<u64, Sx::s>(u32{0x80000000u})), 0xFFFFFFFF80000000ull);
  EXPECT_EQ((vec::extend<u64, Sx::u>(u32{0x80000000u})), 0x80000000ull);
  EXPECT_EQ((vec::extend<u32, Sx::s>(u8{0x7F})), 0x7Fu);
}

// ============================================================================================
// §4.3.3 fpmin / fpmax
// ============================================================================================

TEST(Fpmin, IsExactlyBLessThanAOrA) {
  EXPECT_EQ(bits(vec::fpmin(f32(kF32PosZero), f32(kF32NegZero))), kF32PosZero);  // z1
  EXPECT_EQ(bits(vec::fpmin(f32(kF32NegZero), f32(kF32PosZero))), kF32NegZero);  // z1
  EXPECT_EQ(bits(vec::fpmin(f32(kF32PayloadNan), 1.0f)), kF32PayloadNan);        // z1, untouched
  EXPECT_EQ(vec::fpmin(1.0f, f32(kF32PayloadNan)), 1.0f);                        // z1
  EXPECT_EQ(vec::fpmin(2.0f, 1.0f), 1.0f);
  EXPECT_EQ(bits(vec::fpmin(f64(kF64PosInf), f64(kF64NegInf))), kF64NegInf);
  EXPECT_EQ(bits(vec::fpmin(f64(kF64PayloadNan), f64(kF64CanonNan))), kF64PayloadNan);
}

TEST(Fpmax, IsExactlyALessThanBOrA) {
  EXPECT_EQ(bits(vec::fpmax(f32(kF32NegZero), f32(kF32PosZero))), kF32NegZero);  // z1
  EXPECT_EQ(bits(vec::fpmax(f32(kF32PosZero), f32(kF32NegZero))), kF32PosZero);
  EXPECT_EQ(bits(vec::fpmax(f32(kF32PayloadNan), 1.0f)), kF32PayloadNan);
  EXPECT_EQ(vec::fpmax(1.0f, f32(kF32PayloadNan)), 1.0f);
  EXPECT_EQ(vec::fpmax(1.0, 2.0), 2.0);
  EXPECT_EQ(bits(vec::fpmax(f64(kF64NegInf), f64(kF64PosInf))), kF64PosInf);
}

// ============================================================================================
// §4.4.3 liftings
// ============================================================================================

TEST(Vrelop, AllOnesOrAllZeroLanes) {
  const V128 c = vec::vrelop<u8>(v<u8>({1, 2, 0x80}), v<u8>({1, 3, 0x7F}), vec::ieq<u8>);
  EXPECT_EQ(vec::lanes<u8>(c)[0], 0xFF);
  EXPECT_EQ(vec::lanes<u8>(c)[1], 0);
  EXPECT_EQ(vec::lanes<u8>(c)[2], 0);
  EXPECT_EQ(vec::lanes<u8>(c)[15], 0xFF);  // 0 == 0
  const V128 lt = vec::vrelop<u16>(v<u16>({0x8000}), v<u16>({1}), vec::ilt_s<u16>);
  EXPECT_EQ(vec::lanes<u16>(lt)[0], 0xFFFF);
  EXPECT_EQ(vec::lanes<u16>(lt)[1], 0);
  const V128 ltu = vec::vrelop<u16>(v<u16>({0x8000}), v<u16>({1}), vec::ilt_u<u16>);
  EXPECT_EQ(vec::lanes<u16>(ltu)[0], 0);
  const V128 i64lt =
      vec::vrelop<u64>(v<u64>({0x8000000000000000ull}), v<u64>({0}), vec::ilt_s<u64>);
  EXPECT_EQ(vec::lanes<u64>(i64lt)[0], ~u64{0});
}

TEST(Vrelop, FloatNanAndSignedZero) {
  const V128 a = f32x4(kF32CanonNan, kF32PosZero, 0x3F800000u, kF32NegInf);
  const V128 b = f32x4(kF32CanonNan, kF32NegZero, kF32CanonNan, kF32NegInf);
  EXPECT_EQ(vec::lanes<u32>(vec::vrelop<float>(a, b, num::feq<float>)),
            (Lanes<u32>{0, 0xFFFFFFFFu, 0, 0xFFFFFFFFu}));
  EXPECT_EQ(vec::lanes<u32>(vec::vrelop<float>(a, b, num::fne<float>)),
            (Lanes<u32>{0xFFFFFFFFu, 0, 0xFFFFFFFFu, 0}));
  EXPECT_EQ(vec::lanes<u32>(vec::vrelop<float>(a, b, num::fle<float>)),
            (Lanes<u32>{0, 0xFFFFFFFFu, 0, 0xFFFFFFFFu}));
  const V128 d =
      vec::vrelop<double>(f64x2(kF64CanonNan, kF64NegInf), f64x2(0, 0), num::flt<double>);
  EXPECT_EQ(vec::lanes<u64>(d), (Lanes<u64>{0, ~u64{0}}));
}

TEST(Vbinop, FloatMinMaxSignedZeroAndNan) {
  const V128 a = f32x4(kF32PosZero, kF32NegZero, kF32CanonNan, kF32PayloadNan);
  const V128 b = f32x4(kF32NegZero, kF32PosZero, 0x3F800000u, 0x3F800000u);
  const auto min = f32_bits(vec::vbinop<float>(a, b, num::fmin<float>));
  EXPECT_EQ(min[0], kF32NegZero);
  EXPECT_EQ(min[1], kF32NegZero);
  EXPECT_TRUE(num::is_canonical_nan(f32(min[2])));   // canonical in -> canonical out
  EXPECT_TRUE(num::is_arithmetic_nan(f32(min[3])));  // any NaN in -> arithmetic out
  const auto max = f32_bits(vec::vbinop<float>(a, b, num::fmax<float>));
  EXPECT_EQ(max[0], kF32PosZero);
  EXPECT_EQ(max[1], kF32PosZero);
  EXPECT_TRUE(num::is_canonical_nan(f32(max[2])));
  EXPECT_TRUE(num::is_arithmetic_nan(f32(max[3])));
}

TEST(Vbinop, FloatArithmeticNanLanesAreIndependent) {
  const V128 a = f32x4(kF32PosInf, 0x3F800000u, kF32PayloadNan, 0x40000000u);
  const V128 b = f32x4(kF32NegInf, 0x3F800000u, 0x3F800000u, 0x40400000u);
  const auto sum = f32_bits(vec::vbinop<float>(a, b, num::fadd<float>));
  EXPECT_TRUE(num::is_canonical_nan(f32(sum[0])));  // inf + -inf: nans{}
  EXPECT_EQ(sum[1], bits(2.0f));
  EXPECT_TRUE(num::is_arithmetic_nan(f32(sum[2])));
  EXPECT_EQ(sum[3], bits(5.0f));
  const auto sq = f64_bits(vec::vunop<double>(f64x2(bits(-1.0), bits(4.0)), num::fsqrt<double>));
  EXPECT_TRUE(num::is_canonical_nan(f64(sq[0])));
  EXPECT_EQ(sq[1], bits(2.0));
}

TEST(Vbinop, PminPmaxLanes) {
  const V128 a = f32x4(kF32PosZero, kF32PayloadNan, 0x3F800000u, kF32NegZero);
  const V128 b = f32x4(kF32NegZero, 0x3F800000u, kF32PayloadNan, kF32PosZero);
  EXPECT_EQ(f32_bits(vec::vbinop<float>(a, b, vec::fpmin<float>)),
            (std::array<u32, 4>{kF32PosZero, kF32PayloadNan, 0x3F800000u, kF32NegZero}));
  EXPECT_EQ(f32_bits(vec::vbinop<float>(a, b, vec::fpmax<float>)),
            (std::array<u32, 4>{kF32PosZero, kF32PayloadNan, 0x3F800000u, kF32NegZero}));
  const V128 c = f64x2(bits(1.0), bits(-3.0));
  const V128 d = f64x2(bits(2.0), bits(-4.0));
  EXPECT_EQ(f64_bits(vec::vbinop<double>(c, d, vec::fpmin<double>)),
            (std::array<u64, 2>{bits(1.0), bits(-4.0)}));
  EXPECT_EQ(f64_bits(vec::vbinop<double>(c, d, vec::fpmax<double>)),
            (std::array<u64, 2>{bits(2.0), bits(-3.0)}));
}

TEST(Vunop, NearestTiesToEvenPerLane) {
  const V128 c = v<float>({0.5f, 1.5f, 2.5f, -0.5f});
  EXPECT_EQ(f32_bits(vec::vunop<float>(c, num::fnearest<float>)),
            (std::array<u32, 4>{kF32PosZero, bits(2.0f), bits(2.0f), kF32NegZero}));
  const V128 d = v<float>({-2.5f, -3.5f, 8388609.0f, 0.49999997f});
  EXPECT_EQ(f32_bits(vec::vunop<float>(d, num::fnearest<float>)),
            (std::array<u32, 4>{bits(-2.0f), bits(-4.0f), bits(8388609.0f), kF32PosZero}));
  EXPECT_EQ(f64_bits(vec::vunop<double>(v<double>({4.5, -5.5}), num::fnearest<double>)),
            (std::array<u64, 2>{bits(4.0), bits(-6.0)}));
}

TEST(Vunop, CeilFloorTruncSignsAndNan) {
  const V128 c = f32x4(bits(-0.5f), bits(0.5f), kF32PayloadNan, bits(-1.5f));
  EXPECT_EQ(f32_bits(vec::vunop<float>(c, num::fceil<float>))[0], kF32NegZero);
  EXPECT_EQ(f32_bits(vec::vunop<float>(c, num::ffloor<float>))[1], kF32PosZero);
  EXPECT_EQ(f32_bits(vec::vunop<float>(c, num::ftrunc<float>))[3], bits(-1.0f));
  EXPECT_TRUE(num::is_arithmetic_nan(f32(f32_bits(vec::vunop<float>(c, num::fceil<float>))[2])));
  // abs / neg touch only the sign bit, NaN payloads included
  EXPECT_EQ(f32_bits(vec::vunop<float>(c, num::fneg<float>))[2], kF32PayloadNan | 0x80000000u);
  EXPECT_EQ(f32_bits(vec::vunop<float>(c, num::fabs<float>))[3], bits(1.5f));
}

TEST(Vishiftop, SameCountEveryLane) {
  const V128 c = v<u8>({0x81, 0x01, 0xFF});
  EXPECT_EQ(vec::lanes<u8>(vec::vishiftop<u8>(c, 9, vec::ishl<u8>))[0], 0x02);
  EXPECT_EQ(vec::lanes<u8>(vec::vishiftop<u8>(c, 9, vec::ishl<u8>))[2], 0xFE);
  EXPECT_EQ(vec::lanes<u8>(vec::vishiftop<u8>(c, 1, vec::ishr_s<u8>))[0], 0xC0);
  EXPECT_EQ(vec::lanes<u8>(vec::vishiftop<u8>(c, 1, vec::ishr_u<u8>))[0], 0x40);
}

TEST(Bitmask, SignBitsOnly) {
  Lanes<u8> i{};
  i[0] = 0x80;
  i[1] = 0x7F;  // positive: not counted
  i[15] = 0xFF;
  EXPECT_EQ(vec::bitmask<u8>(vec::lanes_inv<u8>(i)), 0x8001u);
  EXPECT_EQ(vec::bitmask<u8>(v<u8>({})), 0u);
  EXPECT_EQ(vec::bitmask<u16>(v<u16>({0x8000, 0, 0x7FFF, 0xFFFF})), 0x9u);
  EXPECT_EQ(vec::bitmask<u32>(v<u32>({0, 0x80000000u, 0, 0x80000000u})), 0xAu);
  EXPECT_EQ(vec::bitmask<u64>(v<u64>({~u64{0}, 0x7FFFFFFFFFFFFFFFull})), 0x1u);
  Lanes<u8> all{};
  all.fill(0x80);
  EXPECT_EQ(vec::bitmask<u8>(vec::lanes_inv<u8>(all)), 0xFFFFu);  // the high 16 bits stay 0
}

TEST(AllTrue, OneZeroLaneIsFalse) {
  Lanes<u8> i{};
  i.fill(1);
  EXPECT_EQ(vec::all_true<u8>(vec::lanes_inv<u8>(i)), 1u);
  i[9] = 0;
  EXPECT_EQ(vec::all_true<u8>(vec::lanes_inv<u8>(i)), 0u);
  // 0x0100 is a nonzero i16 lane although its low byte is 0
  EXPECT_EQ(vec::all_true<u16>(v<u16>({0x100, 1, 1, 1, 1, 1, 1, 0x8000})), 1u);
  EXPECT_EQ(vec::all_true<u8>(v<u16>({0x100, 1, 1, 1, 1, 1, 1, 0x8000})), 0u);
  EXPECT_EQ(vec::all_true<u32>(v<u32>({1, 1, 1, 0})), 0u);
  EXPECT_EQ(vec::all_true<u64>(v<u64>({0x100000000ull, 1})), 1u);
  EXPECT_EQ(vec::all_true<u64>(v<u64>({0, 1})), 0u);
}

TEST(AnyTrue, OneBitSuffices) {
  EXPECT_EQ(vec::any_true(V128{}), 0u);
  EXPECT_EQ(vec::any_true(V128::from_halves(0, 0x8000000000000000ull)), 1u);
  EXPECT_EQ(vec::any_true(V128::from_halves(1, 0)), 1u);
}

TEST(Bitwise, NotAndAndnotOrXorBitselect) {
  const V128 a = V128::from_halves(0xFF00FF00FF00FF00ull, 0x0123456789ABCDEFull);
  const V128 b = V128::from_halves(0x0F0F0F0F0F0F0F0Full, 0xFFFFFFFF00000000ull);
  EXPECT_EQ(vec::inot(a), V128::from_halves(0x00FF00FF00FF00FFull, 0xFEDCBA9876543210ull));
  EXPECT_EQ(vec::iand(a, b), V128::from_halves(0x0F000F000F000F00ull, 0x0123456700000000ull));
  EXPECT_EQ(vec::iandnot(a, b), V128::from_halves(0xF000F000F000F000ull, 0x0000000089ABCDEFull));
  EXPECT_EQ(vec::ior(a, b), V128::from_halves(0xFF0FFF0FFF0FFF0Full, 0xFFFFFFFF89ABCDEFull));
  EXPECT_EQ(vec::ixor(a, b), V128::from_halves(0xF00FF00FF00FF00Full, 0xFEDCBA9889ABCDEFull));
  const V128 mask = V128::from_halves(0xFFFFFFFF00000000ull, 0x00000000FFFFFFFFull);
  const V128 ones = V128::from_halves(~u64{0}, ~u64{0});
  EXPECT_EQ(vec::ibitselect(ones, V128{}, mask), mask);
  EXPECT_EQ(vec::ibitselect(a, b, mask),
            V128::from_halves(0xFF00FF000F0F0F0Full, 0xFFFFFFFF89ABCDEFull));
}

TEST(Narrow, BothOperandsInOrder) {
  const V128 c1 = v<u16>({0x7FFF, 0x8000, 1, 0xFFFF, 0x80, 0xFF80, 0xFF7F, 0x100});
  const V128 c2 = v<u16>({2, 3, 4, 5, 6, 7, 8, 9});
  EXPECT_EQ(vec::lanes<u8>(vec::vnarrow<u16, u8, Sx::s>(c1, c2)),
            (Lanes<u8>{0x7F, 0x80, 1, 0xFF, 0x7F, 0x80, 0x80, 0x7F, 2, 3, 4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(vec::lanes<u8>(vec::vnarrow<u16, u8, Sx::u>(c1, c2)),
            (Lanes<u8>{0xFF, 0, 1, 0, 0x80, 0, 0, 0xFF, 2, 3, 4, 5, 6, 7, 8, 9}));
  const V128 w = v<u32>({0x10000, 0xFFFF0000u, 0x8000, 0xFFFF8000u});
  EXPECT_EQ(vec::lanes<u16>(vec::vnarrow<u32, u16, Sx::s>(w, v<u32>({1, 2, 3, 4}))),
            (Lanes<u16>{0x7FFF, 0x8000, 0x7FFF, 0x8000, 1, 2, 3, 4}));
  EXPECT_EQ(vec::lanes<u16>(vec::vnarrow<u32, u16, Sx::u>(w, v<u32>({1, 2, 3, 4}))),
            (Lanes<u16>{0xFFFF, 0, 0x8000, 0, 1, 2, 3, 4}));
}

TEST(ExtendHalf, LowAndHighWithSignedness) {
  Lanes<u8> i{};
  for (unsigned n = 0; n < 16; ++n) i[n] = static_cast<u8>(0x7E + n);  // 0x7E .. 0x8D
  const V128 c = vec::lanes_inv<u8>(i);
  const Lanes<u16> lo_s =
      vec::lanes<u16>(vec::vcvtop_half<u8, u16>(c, Half::low, vec::extend<u16, Sx::s, u8>));
  EXPECT_EQ(lo_s[0], 0x007E);
  EXPECT_EQ(lo_s[2], 0xFF80);
  const Lanes<u16> hi_s =
      vec::lanes<u16>(vec::vcvtop_half<u8, u16>(c, Half::high, vec::extend<u16, Sx::s, u8>));
  EXPECT_EQ(hi_s[0], 0xFF86);
  EXPECT_EQ(hi_s[7], 0xFF8D);
  const Lanes<u16> hi_u =
      vec::lanes<u16>(vec::vcvtop_half<u8, u16>(c, Half::high, vec::extend<u16, Sx::u, u8>));
  EXPECT_EQ(hi_u[7], 0x008D);
  const V128 d = v<u32>({1, 0x80000000u, 0xFFFFFFFFu, 2});
  EXPECT_EQ(
      vec::lanes<u64>(vec::vcvtop_half<u32, u64>(d, Half::high, vec::extend<u64, Sx::s, u32>)),
      (Lanes<u64>{~u64{0}, 2}));
  EXPECT_EQ(vec::lanes<u64>(vec::vcvtop_half<u32, u64>(d, Half::low, vec::extend<u64, Sx::u, u32>)),
            (Lanes<u64>{1, 0x80000000ull}));
}

TEST(Extmul, SignednessAndHalves) {
  Lanes<u8> a{}, b{};
  a[0] = 0x80;
  b[0] = 0x80;  // -128 * -128 = 16384; 128 * 128 = 16384
  a[1] = 0xFF;
  b[1] = 0xFF;  // -1 * -1 = 1; 255 * 255 = 65025
  a[8] = 0xFF;
  b[8] = 0x02;  // -1 * 2 = -2; 255 * 2 = 510
  const V128 c1 = vec::lanes_inv<u8>(a), c2 = vec::lanes_inv<u8>(b);
  EXPECT_EQ(vec::lanes<u16>((vec::extmul<u8, u16, Sx::s>(c1, c2, Half::low)))[0], 0x4000);
  EXPECT_EQ(vec::lanes<u16>((vec::extmul<u8, u16, Sx::s>(c1, c2, Half::low)))[1], 1);
  EXPECT_EQ(vec::lanes<u16>((vec::extmul<u8, u16, Sx::u>(c1, c2, Half::low)))[1], 0xFE01);
  EXPECT_EQ(vec::lanes<u16>((vec::extmul<u8, u16, Sx::s>(c1, c2, Half::high)))[0], 0xFFFE);
  EXPECT_EQ(vec::lanes<u16>((vec::extmul<u8, u16, Sx::u>(c1, c2, Half::high)))[0], 510);
  const V128 m = v<u32>({0, 0, 0x80000000u, 0xFFFFFFFFu});
  EXPECT_EQ(vec::lanes<u64>((vec::extmul<u32, u64, Sx::s>(m, m, Half::high))),
            (Lanes<u64>{0x4000000000000000ull, 1}));
  EXPECT_EQ(vec::lanes<u64>((vec::extmul<u32, u64, Sx::u>(m, m, Half::high))),
            (Lanes<u64>{0x4000000000000000ull, 0xFFFFFFFE00000001ull}));
  const V128 h = v<u16>({0x8000, 0xFFFF});
  EXPECT_EQ(vec::lanes<u32>((vec::extmul<u16, u32, Sx::s>(h, h, Half::low))),
            (Lanes<u32>{0x40000000u, 1, 0, 0}));
  EXPECT_EQ(vec::lanes<u32>((vec::extmul<u16, u32, Sx::u>(h, h, Half::low))),
            (Lanes<u32>{0x40000000u, 0xFFFE0001u, 0, 0}));
}

TEST(ExtaddPairwise, Signedness) {
  const V128 c = v<u8>({0x80, 0x80, 0xFF, 0xFF, 0x7F, 0x7F, 1, 0xFF});
  EXPECT_EQ(vec::lanes<u16>((vec::extadd_pairwise<u8, u16, Sx::s>(c))),
            (Lanes<u16>{0xFF00, 0xFFFE, 0xFE, 0, 0, 0, 0, 0}));
  EXPECT_EQ(vec::lanes<u16>((vec::extadd_pairwise<u8, u16, Sx::u>(c))),
            (Lanes<u16>{0x100, 0x1FE, 0xFE, 0x100, 0, 0, 0, 0}));
  const V128 d = v<u16>({0x8000, 0x8000, 0xFFFF, 0xFFFF});
  EXPECT_EQ(vec::lanes<u32>((vec::extadd_pairwise<u16, u32, Sx::s>(d))),
            (Lanes<u32>{0xFFFF0000u, 0xFFFFFFFEu, 0, 0}));
  EXPECT_EQ(vec::lanes<u32>((vec::extadd_pairwise<u16, u32, Sx::u>(d))),
            (Lanes<u32>{0x10000u, 0x1FFFEu, 0, 0}));
}

TEST(Dot, SignedPairsAndTheWrappingCase) {
  const V128 a = v<u16>({0x8000, 0x8000, 1, 2, 0xFFFF, 3, 0x7FFF, 0x7FFF});
  const V128 b = v<u16>({0x8000, 0x8000, 3, 4, 5, 0xFFFF, 0x7FFF, 0x7FFF});
  EXPECT_EQ(vec::lanes<u32>(vec::dot_i16x8_s(a, b)),
            (Lanes<u32>{0x80000000u, 11, static_cast<u32>(-8), 0x7FFE0002u}));
}

TEST(Swizzle, OutOfRangeIndicesSelectZero) {
  Lanes<u8> j{};
  for (unsigned n = 0; n < 16; ++n) j[n] = static_cast<u8>(0xA0 + n);
  const Lanes<u8> idx{15, 0, 16, 255, 0x80, 1, 17, 14, 3, 3, 31, 32, 7, 8, 9, 0x10};
  EXPECT_EQ(vec::lanes<u8>(vec::swizzle(vec::lanes_inv<u8>(j), vec::lanes_inv<u8>(idx))),
            (Lanes<u8>{0xAF, 0xA0, 0, 0, 0, 0xA1, 0, 0xAE, 0xA3, 0xA3, 0, 0, 0xA7, 0xA8, 0xA9, 0}));
}

TEST(Shuffle, PicksFromBothOperands) {
  Lanes<u8> i1{}, i2{};
  for (unsigned n = 0; n < 16; ++n) {
    i1[n] = static_cast<u8>(n);
    i2[n] = static_cast<u8>(0x10 + n + 0x80);
  }
  const std::array<u8, 16> x{31, 0, 16, 15, 1, 17, 2, 18, 3, 19, 30, 14, 5, 21, 0, 16};
  const std::optional<V128> c = vec::shuffle(vec::lanes_inv<u8>(i1), vec::lanes_inv<u8>(i2), x);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(vec::lanes<u8>(*c),
            (Lanes<u8>{0x9F, 0, 0x90, 15, 1, 0x91, 2, 0x92, 3, 0x93, 0x9E, 14, 5, 0x95, 0, 0x90}));
  std::array<u8, 16> bad = x;
  bad[7] = 32;  // validation rejects this; the operator reports it instead of reading past
  EXPECT_FALSE(vec::shuffle(vec::lanes_inv<u8>(i1), vec::lanes_inv<u8>(i2), bad).has_value());
}

TEST(Splat, EveryLane) {
  EXPECT_EQ(vec::lanes<u16>(vec::splat<u16>(0xBEEF)),
            (Lanes<u16>{0xBEEF, 0xBEEF, 0xBEEF, 0xBEEF, 0xBEEF, 0xBEEF, 0xBEEF, 0xBEEF}));
  EXPECT_EQ(f64_bits(vec::splat<double>(f64(kF64PayloadNan))),
            (std::array<u64, 2>{kF64PayloadNan, kF64PayloadNan}));
}

// ============================================================================================
// Conversions: trunc_sat, convert, demote, promote per lane
// ============================================================================================

TEST(TruncSat, F32x4Signed) {
  const V128 c = f32x4(kF32CanonNan, kF32PosInf, kF32NegInf, bits(3e9f));
  EXPECT_EQ(vec::lanes<u32>(vec::vcvtop<float, u32>(c, num::trunc_sat_s<u32, float>)),
            (Lanes<u32>{0, 0x7FFFFFFFu, 0x80000000u, 0x7FFFFFFFu}));
  const V128 d = v<float>({-3e9f, -1.9f, 2147483520.0f, -2147483648.0f});
  EXPECT_EQ(vec::lanes<u32>(vec::vcvtop<float, u32>(d, num::trunc_sat_s<u32, float>)),
            (Lanes<u32>{0x80000000u, static_cast<u32>(-1), 2147483520u, 0x80000000u}));
}

TEST(TruncSat, F32x4Unsigned) {
  const V128 c = f32x4(kF32PayloadNan, kF32PosInf, kF32NegInf, bits(-1.5f));
  EXPECT_EQ(vec::lanes<u32>(vec::vcvtop<float, u32>(c, num::trunc_sat_u<u32, float>)),
            (Lanes<u32>{0, 0xFFFFFFFFu, 0, 0}));
  const V128 d = v<float>({4.3e9f, -0.9f, 4294967040.0f, 1.9f});
  EXPECT_EQ(vec::lanes<u32>(vec::vcvtop<float, u32>(d, num::trunc_sat_u<u32, float>)),
            (Lanes<u32>{0xFFFFFFFFu, 0, 4294967040u, 1}));
}

TEST(TruncSat, F64x2ZeroFillsUpperLanes) {
  const V128 c = v<double>({-2147483649.0, 2147483647.9});
  EXPECT_EQ(vec::lanes<u32>(vec::vcvtop_zero<double, u32>(c, num::trunc_sat_s<u32, double>)),
            (Lanes<u32>{0x80000000u, 0x7FFFFFFFu, 0, 0}));
  const V128 d = f64x2(kF64CanonNan, bits(4294967296.0));
  EXPECT_EQ(vec::lanes<u32>(vec::vcvtop_zero<double, u32>(d, num::trunc_sat_u<u32, double>)),
            (Lanes<u32>{0, 0xFFFFFFFFu, 0, 0}));
  const V128 e = f64x2(kF64NegInf, bits(-0.99));
  EXPECT_EQ(vec::lanes<u32>(vec::vcvtop_zero<double, u32>(e, num::trunc_sat_u<u32, double>)),
            (Lanes<u32>{0, 0, 0, 0}));
}

TEST(Convert, I32x4ToF32x4Rounding) {
  const V128 c = v<u32>({16777217u, 0xFFFFFFFFu, 0x80000000u, 16777219u});
  EXPECT_EQ(f32_bits(vec::vcvtop<u32, float>(c, num::convert_s<float, u32>)),
            (std::array<u32, 4>{bits(16777216.0f), bits(-1.0f), bits(-2147483648.0f),
                                bits(16777220.0f)}));  // ties to even
  EXPECT_EQ(f32_bits(vec::vcvtop<u32, float>(c, num::convert_u<float, u32>)),
            (std::array<u32, 4>{bits(16777216.0f), bits(4294967296.0f), bits(2147483648.0f),
                                bits(16777220.0f)}));
}

TEST(Convert, LowI32x4ToF64x2) {
  const V128 c = v<u32>({0xFFFFFFFFu, 0x80000000u, 7, 9});  // lanes 2, 3 are ignored
  EXPECT_EQ(f64_bits(vec::vcvtop_half<u32, double>(c, Half::low, num::convert_s<double, u32>)),
            (std::array<u64, 2>{bits(-1.0), bits(-2147483648.0)}));
  EXPECT_EQ(f64_bits(vec::vcvtop_half<u32, double>(c, Half::low, num::convert_u<double, u32>)),
            (std::array<u64, 2>{bits(4294967295.0), bits(2147483648.0)}));
}

TEST(Demote, F64x2ZeroLanes) {
  const V128 c = v<double>({1.0, std::numeric_limits<double>::max()});
  EXPECT_EQ(f32_bits(vec::vcvtop_zero<double, float>(c, num::demote)),
            (std::array<u32, 4>{bits(1.0f), kF32PosInf, kF32PosZero, kF32PosZero}));
  const V128 d = f64x2(kF64CanonNan, bits(-1e-300));
  const auto r = f32_bits(vec::vcvtop_zero<double, float>(d, num::demote));
  EXPECT_TRUE(num::is_canonical_nan(f32(r[0])));
  EXPECT_EQ(r[1], kF32NegZero);  // underflows to zero, keeps the sign
  EXPECT_EQ(r[2], kF32PosZero);
  const V128 e = f64x2(kF64PayloadNan, bits(0.1));
  const auto s = f32_bits(vec::vcvtop_zero<double, float>(e, num::demote));
  EXPECT_TRUE(num::is_arithmetic_nan(f32(s[0])));
  EXPECT_EQ(s[1], bits(0.1f));  // correctly rounded
}

TEST(Promote, LowLanesOnly) {
  const V128 c = f32x4(bits(1.5f), kF32CanonNan, bits(7.0f), bits(9.0f));
  const auto r = f64_bits(vec::vcvtop_half<float, double>(c, Half::low, num::promote));
  EXPECT_EQ(r[0], bits(1.5));
  EXPECT_TRUE(num::is_canonical_nan(f64(r[1])));
  const V128 d = f32x4(kF32PayloadNan, kF32NegZero, 0, 0);
  const auto s = f64_bits(vec::vcvtop_half<float, double>(d, Half::low, num::promote));
  EXPECT_TRUE(num::is_arithmetic_nan(f64(s[0])));
  EXPECT_EQ(s[1], 0x8000000000000000ull);
}

// ============================================================================================
// Core 3.0 §4.3.6 Relaxed Operations: the deterministic profile's choice (A_0) of each
// ============================================================================================

TEST(RelaxedSwizzle, IndicesOf16OrMoreSelectZero) {
  Lanes<u8> i{};
  for (unsigned n = 0; n < 16; ++n) i[n] = static_cast<u8>(0xA0 + n);
  // j < 16 picks i[j]; signed_8(j) < 0 (0x80..0xFF) gives 0; 16..127 is relaxed(R)[0,
  // i[j mod 16]], and R_swizzle = 0 gives 0, not i[j mod 16].
  const Lanes<u8> j{15, 0, 16, 17, 31, 127, 0x80, 0xFF, 0x90, 3, 0x10, 0x7F, 7, 8, 0xF5, 1};
  EXPECT_EQ(vec::lanes<u8>(vec::relaxed_swizzle(vec::lanes_inv<u8>(i), vec::lanes_inv<u8>(j))),
            (Lanes<u8>{0xAF, 0xA0, 0, 0, 0, 0, 0, 0, 0, 0xA3, 0, 0, 0xA7, 0xA8, 0, 0xA1}));
  EXPECT_EQ(vec::irelaxed_swizzle_lane(i, 17), 0);  // not i[1]
  // ... which is i8x16.swizzle's result for every index.
  for (unsigned k = 0; k < 256; ++k) {
    const V128 idx = vec::splat<u8>(static_cast<u8>(k));
    EXPECT_EQ(vec::relaxed_swizzle(vec::lanes_inv<u8>(i), idx),
              vec::swizzle(vec::lanes_inv<u8>(i), idx))
        << k;
  }
}

TEST(RelaxedTrunc, InRangeTruncatesOutOfRangeAndNanSaturate) {
  // relaxed_trunc^s: in range trunc_s (toward zero, -0 -> 0); NaN, infinities and values out
  // of range: trunc_sat_s (NaN -> 0, not INT32_MIN).
  const V128 a = v<float>({-1.9f, -0.0f, 2147483520.0f, -2147483648.0f});
  EXPECT_EQ(vec::lanes<u32>(vec::vcvtop<float, u32>(a, vec::relaxed_trunc_s<u32, float>)),
            (Lanes<u32>{static_cast<u32>(-1), 0, 2147483520u, 0x80000000u}));
  const V128 b = f32x4(kF32CanonNan, 0xFFC44444u, bits(2147483648.0f), bits(-2147483904.0f));
  EXPECT_EQ(vec::lanes<u32>(vec::vcvtop<float, u32>(b, vec::relaxed_trunc_s<u32, float>)),
            (Lanes<u32>{0, 0, 0x7FFFFFFFu, 0x80000000u}));
  const V128 c = f32x4(kF32PosInf, kF32NegInf, kF32PayloadNan, bits(1e10f));
  EXPECT_EQ(vec::lanes<u32>(vec::vcvtop<float, u32>(c, vec::relaxed_trunc_s<u32, float>)),
            (Lanes<u32>{0x7FFFFFFFu, 0x80000000u, 0, 0x7FFFFFFFu}));
  // relaxed_trunc^u: -1.0 and below -> 0 (not UINT32_MAX), 2^32 and above -> 2^32 - 1, NaN -> 0,
  // (-1, 0) truncates to 0.
  const V128 d = v<float>({-1.0f, -0.9f, 4294967040.0f, 4294967296.0f});
  EXPECT_EQ(vec::lanes<u32>(vec::vcvtop<float, u32>(d, vec::relaxed_trunc_u<u32, float>)),
            (Lanes<u32>{0, 0, 4294967040u, 0xFFFFFFFFu}));
  const V128 e = f32x4(kF32CanonNan, 0xFFC44444u, kF32PosInf, kF32NegInf);
  EXPECT_EQ(vec::lanes<u32>(vec::vcvtop<float, u32>(e, vec::relaxed_trunc_u<u32, float>)),
            (Lanes<u32>{0, 0, 0xFFFFFFFFu, 0}));
}

TEST(RelaxedTrunc, F64x2ZeroFillsUpperLanes) {
  const V128 a = v<double>({-2147483904.0, 2147483904.0});
  EXPECT_EQ(vec::lanes<u32>(vec::vcvtop_zero<double, u32>(a, vec::relaxed_trunc_s<u32, double>)),
            (Lanes<u32>{0x80000000u, 0x7FFFFFFFu, 0, 0}));
  const V128 b = f64x2(kF64CanonNan, 0xFFF8000000000000ull);  // nan, -nan
  EXPECT_EQ(vec::lanes<u32>(vec::vcvtop_zero<double, u32>(b, vec::relaxed_trunc_s<u32, double>)),
            (Lanes<u32>{0, 0, 0, 0}));
  EXPECT_EQ(vec::lanes<u32>(vec::vcvtop_zero<double, u32>(b, vec::relaxed_trunc_u<u32, double>)),
            (Lanes<u32>{0, 0, 0, 0}));
  const V128 c = v<double>({-1.0, 4294967296.0});
  EXPECT_EQ(vec::lanes<u32>(vec::vcvtop_zero<double, u32>(c, vec::relaxed_trunc_u<u32, double>)),
            (Lanes<u32>{0, 0xFFFFFFFFu, 0, 0}));
  const V128 d = v<double>({4294967295.9, -2147483648.9});
  EXPECT_EQ(vec::lanes<u32>(vec::vcvtop_zero<double, u32>(d, vec::relaxed_trunc_u<u32, double>)),
            (Lanes<u32>{0xFFFFFFFFu, 0, 0, 0}));
  EXPECT_EQ(vec::lanes<u32>(vec::vcvtop_zero<double, u32>(d, vec::relaxed_trunc_s<u32, double>)),
            (Lanes<u32>{0x7FFFFFFFu, 0x80000000u, 0, 0}));
}

TEST(RelaxedMadd, UnfusedTwoRoundings) {
  // x = 1 + 2^-22, y = 1 + 2^-15, z = -(1 + 2^-15 + 2^-22): x*y rounds away its 2^-37 term, so
  // fadd(fmul(x, y), z) = 0 where the fused fma gives 2^-37.
  const float x = f32(0x3F800002u), y = f32(0x3F800100u), z = f32(0xBF800102u);
  EXPECT_EQ(bits(vec::frelaxed_madd(x, y, z)), kF32PosZero);
  EXPECT_NE(bits(vec::frelaxed_madd(x, y, z)), bits(std::fma(x, y, z)));
  // FLT_MAX * 2 overflows to +inf before -FLT_MAX is added (fused: FLT_MAX).
  const float big = std::numeric_limits<float>::max();
  EXPECT_EQ(bits(vec::frelaxed_madd(big, 2.0f, -big)), kF32PosInf);
  // Double: x = 1 + 2^-30, y = 1 + 2^-23, z = -(1 + 2^-23 + 2^-30).
  const double dx = f64(0x3FF0000000400000ull), dy = f64(0x3FF0000020000000ull);
  const double dz = f64(0xBFF0000020400000ull);
  EXPECT_EQ(bits(vec::frelaxed_madd(dx, dy, dz)), 0u);
  // NaN rules are fmul's and fadd's: an operand NaN propagates (arithmetic), inf * 0 is
  // canonical, and an exact zero sum is +0.
  EXPECT_TRUE(num::is_arithmetic_nan(vec::frelaxed_madd(f32(kF32PayloadNan), 1.0f, 1.0f)));
  EXPECT_EQ(bits(vec::frelaxed_madd(f32(kF32PosInf), 0.0f, 1.0f)), kF32CanonNan);
  EXPECT_TRUE(num::is_arithmetic_nan(vec::frelaxed_madd(1.0, 1.0, f64(kF64PayloadNan))));
  EXPECT_EQ(bits(vec::frelaxed_madd(1.0f, 1.0f, -1.0f)), kF32PosZero);
  EXPECT_EQ(bits(vec::frelaxed_madd(-0.0f, 1.0f, -0.0f)), kF32NegZero);
  // Lane by lane through vternop.
  const V128 r =
      vec::vternop<float>(v<float>({2.0f, x, 1.0f, 0.0f}), v<float>({3.0f, y, 1.0f, 0.0f}),
                          v<float>({1.0f, z, -1.0f, -0.0f}), vec::frelaxed_madd<float>);
  EXPECT_EQ(f32_bits(r), (std::array<u32, 4>{bits(7.0f), kF32PosZero, kF32PosZero, kF32PosZero}));
}

TEST(RelaxedNmadd, NegatesTheFirstOperand) {
  // frelaxed_nmadd(z1, z2, z3) = frelaxed_madd(-z1, z2, z3): the same answers for negated x,
  // negated y (the suite's cases), and fneg only flips the sign bit.
  const float x = f32(0x3F800002u), y = f32(0x3F800100u), z = f32(0xBF800102u);
  EXPECT_EQ(bits(vec::frelaxed_nmadd(-x, y, z)), kF32PosZero);
  EXPECT_EQ(bits(vec::frelaxed_nmadd(x, -y, z)), kF32PosZero);
  EXPECT_EQ(bits(vec::frelaxed_nmadd(2.0f, 3.0f, 1.0f)), bits(-5.0f));
  EXPECT_EQ(bits(vec::frelaxed_nmadd(2.0, 3.0, 10.0)), bits(4.0));
  // -(+0) * 1 + -0 = -0 + -0 = -0; -(-0) * 1 + -0 = +0 + -0 = +0.
  EXPECT_EQ(bits(vec::frelaxed_nmadd(0.0f, 1.0f, -0.0f)), kF32NegZero);
  EXPECT_EQ(bits(vec::frelaxed_nmadd(-0.0f, 1.0f, -0.0f)), kF32PosZero);
  // A NaN first operand keeps its payload, its sign flipped by the negation.
  const float r = vec::frelaxed_nmadd(f32(0x7FC00001u), 1.0f, 1.0f);
  EXPECT_EQ(bits(r), 0xFFC00001u);
}

TEST(RelaxedMinMax, NanAndOppositeZerosAsFminFmax) {
  // NaN operand: fmin/fmax's nans{z1, z2}, not the other operand.
  EXPECT_EQ(bits(vec::frelaxed_min(f32(kF32CanonNan), 1.0f)), kF32CanonNan);
  EXPECT_EQ(bits(vec::frelaxed_min(1.0f, f32(kF32CanonNan))), kF32CanonNan);
  EXPECT_TRUE(num::is_arithmetic_nan(vec::frelaxed_max(f32(kF32PayloadNan), 1.0f)));
  EXPECT_TRUE(num::is_arithmetic_nan(vec::frelaxed_max(1.0, f64(kF64PayloadNan))));
  EXPECT_EQ(bits(vec::frelaxed_max(f64(kF64CanonNan), 1.0)), kF64CanonNan);
  // Zeros of opposite signs: min -0, max +0, whichever operand comes first.
  EXPECT_EQ(bits(vec::frelaxed_min(0.0f, -0.0f)), kF32NegZero);
  EXPECT_EQ(bits(vec::frelaxed_min(-0.0f, 0.0f)), kF32NegZero);
  EXPECT_EQ(bits(vec::frelaxed_max(0.0f, -0.0f)), kF32PosZero);
  EXPECT_EQ(bits(vec::frelaxed_max(-0.0f, 0.0f)), kF32PosZero);
  EXPECT_EQ(bits(vec::frelaxed_min(-0.0, 0.0)), 0x8000000000000000ull);
  EXPECT_EQ(bits(vec::frelaxed_max(-0.0, 0.0)), 0u);
  // Otherwise fmin/fmax.
  EXPECT_EQ(bits(vec::frelaxed_min(f32(kF32NegInf), 1.0f)), kF32NegInf);
  EXPECT_EQ(bits(vec::frelaxed_max(-2.0, 3.0)), bits(3.0));
}

TEST(RelaxedQ15mulr, OverflowSaturates) {
  // Both operands -2^15: relaxed(R)[2^15 - 1, -2^15] = 2^15 - 1.
  EXPECT_EQ(vec::irelaxed_q15mulr_s<u16>(0x8000, 0x8000), 0x7FFF);
  // Otherwise iq15mulr_sat_s: (i1 * i2 + 2^14) >> 15.
  EXPECT_EQ(vec::irelaxed_q15mulr_s<u16>(0x8000, 0x8001), 0x7FFF);  // 32767.0 exactly
  EXPECT_EQ(vec::irelaxed_q15mulr_s<u16>(0x7FFF, 0x7FFF), 0x7FFE);
  EXPECT_EQ(vec::irelaxed_q15mulr_s<u16>(0x4000, 0x4000), 0x2000);
  EXPECT_EQ(vec::irelaxed_q15mulr_s<u16>(0x8000, 0x7FFF), 0x8001);
  EXPECT_EQ(vec::irelaxed_q15mulr_s<u16>(0xFFFF, 0x0001), 0x0000);  // -1/2^15 rounds to 0
  const V128 a = v<u16>({0x8000, 0x8001, 0x7FFF, 0, 1, 2, 3, 4});
  const V128 b = v<u16>({0x8000, 0x8000, 0x7FFF, 0, 1, 2, 3, 4});
  EXPECT_EQ(vec::lanes<u16>(vec::vbinop<u16>(a, b, vec::irelaxed_q15mulr_s<u16>)),
            (Lanes<u16>{0x7FFF, 0x7FFF, 0x7FFE, 0, 0, 0, 0, 0}));
}

TEST(RelaxedLaneselect, MaskIsUsedBitForBit) {
  // The mask is i3 itself (bitselect), not its top bit spread over the lane.
  EXPECT_EQ(vec::irelaxed_laneselect<u8>(0x12, 0x34, 0xF0), 0x14);
  EXPECT_EQ(vec::irelaxed_laneselect<u8>(0x12, 0x34, 0x0F), 0x32);
  EXPECT_EQ(vec::irelaxed_laneselect<u16>(0x1234, 0x5678, 0xFF00), 0x1278);
  EXPECT_EQ(vec::irelaxed_laneselect<u16>(0x1234, 0x5678, 0x0080), 0x5678);  // top bit clear
  EXPECT_EQ(vec::irelaxed_laneselect<u32>(0x12341234u, 0x56785678u, 0xFFFF0000u), 0x12345678u);
  EXPECT_EQ(vec::irelaxed_laneselect<u64>(0x1234123412341234ull, 0x5678567856785678ull,
                                          0xFFFFFFFF00000000ull),
            0x1234123456785678ull);
  // Lifted: every shape gives v128.bitselect's result.
  const V128 i1 = V128::from_halves(0x0123456789ABCDEFull, 0xFEDCBA9876543210ull);
  const V128 i2 = V128::from_halves(0x1111222233334444ull, 0x5555666677778888ull);
  const V128 i3 = V128::from_halves(0x00FF00F0800080FFull, 0x7F80FFFF00000001ull);
  const V128 expected = vec::ibitselect(i1, i2, i3);
  EXPECT_EQ(vec::vternop<u8>(i1, i2, i3, vec::irelaxed_laneselect<u8>), expected);
  EXPECT_EQ(vec::vternop<u16>(i1, i2, i3, vec::irelaxed_laneselect<u16>), expected);
  EXPECT_EQ(vec::vternop<u32>(i1, i2, i3, vec::irelaxed_laneselect<u32>), expected);
  EXPECT_EQ(vec::vternop<u64>(i1, i2, i3, vec::irelaxed_laneselect<u64>), expected);
}

TEST(RelaxedDot, SignedTimesSignedSaturatingPairs) {
  Lanes<u8> k{};
  for (unsigned n = 0; n < 16; ++n) k[n] = static_cast<u8>(n);
  EXPECT_EQ(
      vec::lanes<u16>(vec::relaxed_dot_s<u8, u16>(vec::lanes_inv<u8>(k), vec::lanes_inv<u8>(k))),
      (Lanes<u16>{1, 13, 41, 85, 145, 221, 313, 421}));
  // -128 * 127 * 2 = -32512; 127 * 127 * 2 = 32258.
  const V128 a = v<u8>({0x80, 0x80, 127, 127});
  const V128 b = v<u8>({127, 127, 127, 127});
  EXPECT_EQ(vec::lanes<u16>(vec::relaxed_dot_s<u8, u16>(a, b)),
            (Lanes<u16>{static_cast<u16>(-32512), 32258, 0, 0, 0, 0, 0, 0}));
  // The second operand is signed too (R_idot = 0): -128 * -127 * 2 = 32512, not -128 * 129 * 2.
  const V128 c = v<u8>({0x80, 0x80});
  const V128 d = v<u8>({0x81, 0x81});
  EXPECT_EQ(vec::lanes<u16>(vec::relaxed_dot_s<u8, u16>(c, d))[0], 32512);
  // The one pair sum out of i16 range: -128 * -128 * 2 = 32768 saturates (signed) to 32767.
  EXPECT_EQ(vec::lanes<u16>(vec::relaxed_dot_s<u8, u16>(c, c))[0], 0x7FFF);
}

TEST(RelaxedDotAdd, SaturatedPairsThenWrappingAdd) {
  Lanes<u8> k{};
  for (unsigned n = 0; n < 16; ++n) k[n] = static_cast<u8>(n);
  EXPECT_EQ(vec::lanes<u32>(vec::relaxed_dot_add_s(vec::lanes_inv<u8>(k), vec::lanes_inv<u8>(k),
                                                   v<u32>({0, 1, 2, 3}))),
            (Lanes<u32>{14, 127, 368, 737}));
  const V128 a = v<u8>({0x80, 0x80, 0x80, 0x80, 127, 127, 127, 127});
  const V128 b = v<u8>({127, 127, 127, 127, 127, 127, 127, 127});
  EXPECT_EQ(vec::lanes<u32>(vec::relaxed_dot_add_s(a, b, v<u32>({1, 2, 3, 4}))),
            (Lanes<u32>{static_cast<u32>(-65023), 64518, 3, 4}));
  // Signed second operand: -128 * -127 * 4 + 1 = 65025.
  const V128 c = v<u8>({0x80, 0x80, 0x80, 0x80});
  const V128 d = v<u8>({0x81, 0x81, 0x81, 0x81});
  EXPECT_EQ(vec::lanes<u32>(vec::relaxed_dot_add_s(c, d, v<u32>({1, 2, 3, 4})))[0], 65025u);
  // The i16 intermediates saturate (32767 twice, not 32768 twice), and the add with c3 wraps.
  EXPECT_EQ(vec::lanes<u32>(vec::relaxed_dot_add_s(c, c, v<u32>({0})))[0], 65534u);
  EXPECT_EQ(vec::lanes<u32>(vec::relaxed_dot_add_s(c, c, v<u32>({0xFFFFFFFFu})))[0], 65533u);
  EXPECT_EQ(vec::lanes<u32>(vec::relaxed_dot_add_s(V128{}, V128{}, v<u32>({0, 0xFFFFFFFFu})))[1],
            0xFFFFFFFFu);
}

// ============================================================================================
// vector_instr: the entry point of the machine
// ============================================================================================

TEST(VectorInstr, EveryPureOpcodeIsExecuted) {
  // Every 0xFD instruction with immediate none / laneidx / shuffle has a case: none of them
  // reports a broken invariant on well-formed operands (lane index 0, an all-zero shuffle).
  Runner run;
  run.module.v128_immediates.push_back({});
  unsigned pure = 0;
  for (u32 k = 0; k <= static_cast<u32>(Op::f64x2_convert_low_i32x4_u); ++k) {
    const Op op = static_cast<Op>(k);
    if (!is_pure_vector_instr(op)) continue;
    ++pure;
    run.broken = false;
    (void)run(op, {sv(V128::from_halves(1, 2)), si(3), sv(V128{})}, 0);
    EXPECT_FALSE(run.broken) << op_name(op);
  }
  EXPECT_EQ(pure, 213u);  // 236 vector instructions minus v128.const and the 22 memory ones
  EXPECT_FALSE(is_pure_vector_instr(Op::v128_const));
  EXPECT_FALSE(is_pure_vector_instr(Op::v128_load8_lane));
  EXPECT_FALSE(is_pure_vector_instr(Op::v128_load));
  EXPECT_FALSE(is_pure_vector_instr(Op::i32_add));
  EXPECT_TRUE(is_pure_vector_instr(Op::i8x16_shuffle));
  EXPECT_TRUE(is_pure_vector_instr(Op::f64x2_replace_lane));
}

TEST(VectorInstr, EveryRelaxedOpcodeIsExecuted) {
  // The 20 relaxed SIMD rows (0xFD 0x100..0x113) are pure vector instructions with a case each.
  Runner run;
  unsigned relaxed = 0;
  for (u32 k = static_cast<u32>(Op::i8x16_relaxed_swizzle);
       k <= static_cast<u32>(Op::i32x4_relaxed_dot_i8x16_i7x16_add_s); ++k) {
    const Op op = static_cast<Op>(k);
    ASSERT_EQ(op_info(op).feature, OpFeature::relaxed_simd) << op_name(op);
    EXPECT_TRUE(is_pure_vector_instr(op)) << op_name(op);
    ++relaxed;
    run.broken = false;
    (void)run(op, {sv(V128::from_halves(1, 2)), sv(V128::from_halves(3, 4)), sv(V128{})});
    EXPECT_FALSE(run.broken) << op_name(op);
  }
  EXPECT_EQ(relaxed, 20u);
}

TEST(VectorInstr, RelaxedOperandOrderAndShapes) {
  Runner run;
  // relaxed_madd(c1, c2, c3) = c1 * c2 + c3; nmadd = -(c1) * c2 + c3
  const V128 a = v<float>({2.0f, 1.0f, 0.0f, -1.0f}), b = v<float>({3.0f, 4.0f, 5.0f, 6.0f});
  const V128 c = v<float>({1.0f, 0.5f, -0.0f, 0.0f});
  EXPECT_EQ(f32_bits(v128_of(run(Op::f32x4_relaxed_madd, {sv(a), sv(b), sv(c)}))),
            (std::array<u32, 4>{bits(7.0f), bits(4.5f), kF32PosZero, bits(-6.0f)}));
  EXPECT_EQ(f32_bits(v128_of(run(Op::f32x4_relaxed_nmadd, {sv(a), sv(b), sv(c)}))),
            (std::array<u32, 4>{bits(-5.0f), bits(-3.5f), kF32NegZero, bits(6.0f)}));
  const V128 da = v<double>({2.0, -0.0}), db = v<double>({3.0, 1.0}), dc = v<double>({1.0, -0.0});
  EXPECT_EQ(f64_bits(v128_of(run(Op::f64x2_relaxed_madd, {sv(da), sv(db), sv(dc)}))),
            (std::array<u64, 2>{bits(7.0), 0x8000000000000000ull}));
  EXPECT_EQ(f64_bits(v128_of(run(Op::f64x2_relaxed_nmadd, {sv(da), sv(db), sv(dc)}))),
            (std::array<u64, 2>{bits(-5.0), 0}));
  // relaxed_laneselect(c1, c2, c3): c3 is the mask
  const Slot l = run(
      Op::i16x8_relaxed_laneselect,
      {sv(v<u16>({0x1234, 0x1234})), sv(v<u16>({0x5678, 0x5678})), sv(v<u16>({0xFF00, 0x0080}))});
  EXPECT_EQ(vec::lanes<u16>(v128_of(l))[0], 0x1278);
  EXPECT_EQ(vec::lanes<u16>(v128_of(l))[1], 0x5678);
  // relaxed_swizzle(c1, c2): c2 holds the indices
  const Slot w = run(Op::i8x16_relaxed_swizzle,
                     {sv(V128::from_halves(0x0706050403020100ull, 0x0F0E0D0C0B0A0908ull)),
                      sv(v<u8>({3, 16, 0x80, 15}))});
  EXPECT_EQ(vec::lanes<u8>(v128_of(w))[0], 3);
  EXPECT_EQ(vec::lanes<u8>(v128_of(w))[1], 0);
  EXPECT_EQ(vec::lanes<u8>(v128_of(w))[2], 0);
  EXPECT_EQ(vec::lanes<u8>(v128_of(w))[3], 15);
  // relaxed_min/max, q15mulr, the truncations and dot products through their opcodes
  const V128 z = f32x4(kF32PosZero, kF32NegZero, kF32CanonNan, bits(1.0f));
  const V128 y = f32x4(kF32NegZero, kF32PosZero, bits(1.0f), kF32CanonNan);
  EXPECT_EQ(f32_bits(v128_of(run(Op::f32x4_relaxed_min, {sv(z), sv(y)}))),
            (std::array<u32, 4>{kF32NegZero, kF32NegZero, kF32CanonNan, kF32CanonNan}));
  EXPECT_EQ(f32_bits(v128_of(run(Op::f32x4_relaxed_max, {sv(z), sv(y)}))),
            (std::array<u32, 4>{kF32PosZero, kF32PosZero, kF32CanonNan, kF32CanonNan}));
  EXPECT_EQ(f64_bits(v128_of(run(Op::f64x2_relaxed_min,
                                 {sv(v<double>({-0.0, 2.0})), sv(v<double>({0.0, 1.0}))}))),
            (std::array<u64, 2>{0x8000000000000000ull, bits(1.0)}));
  EXPECT_EQ(f64_bits(v128_of(run(Op::f64x2_relaxed_max,
                                 {sv(v<double>({-0.0, 2.0})), sv(v<double>({0.0, 1.0}))}))),
            (std::array<u64, 2>{0, bits(2.0)}));
  EXPECT_EQ(
      vec::lanes<u16>(v128_of(run(Op::i16x8_relaxed_q15mulr_s,
                                  {sv(v<u16>({0x8000, 0x4000})), sv(v<u16>({0x8000, 0x4000}))}))),
      (Lanes<u16>{0x7FFF, 0x2000, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(vec::lanes<u32>(
                v128_of(run(Op::i32x4_relaxed_trunc_f32x4_s,
                            {sv(f32x4(kF32CanonNan, bits(-3e9f), bits(3e9f), bits(-1.5f)))}))),
            (Lanes<u32>{0, 0x80000000u, 0x7FFFFFFFu, static_cast<u32>(-1)}));
  EXPECT_EQ(
      vec::lanes<u32>(v128_of(run(Op::i32x4_relaxed_trunc_f32x4_u,
                                  {sv(f32x4(kF32CanonNan, bits(-3e9f), bits(5e9f), bits(1.5f)))}))),
      (Lanes<u32>{0, 0, 0xFFFFFFFFu, 1}));
  EXPECT_EQ(vec::lanes<u32>(
                v128_of(run(Op::i32x4_relaxed_trunc_f64x2_s_zero, {sv(v<double>({-3e9, 7.9}))}))),
            (Lanes<u32>{0x80000000u, 7, 0, 0}));
  EXPECT_EQ(vec::lanes<u32>(
                v128_of(run(Op::i32x4_relaxed_trunc_f64x2_u_zero, {sv(v<double>({-3e9, 5e9}))}))),
            (Lanes<u32>{0, 0xFFFFFFFFu, 0, 0}));
  EXPECT_EQ(vec::lanes<u16>(v128_of(run(Op::i16x8_relaxed_dot_i8x16_i7x16_s,
                                        {sv(v<u8>({2, 3, 0x80})), sv(v<u8>({5, 7, 0x80}))})))[0],
            31);
  EXPECT_EQ(vec::lanes<u32>(v128_of(
                run(Op::i32x4_relaxed_dot_i8x16_i7x16_add_s,
                    {sv(v<u8>({1, 2, 3, 4})), sv(v<u8>({1, 1, 1, 0xFF})), sv(v<u32>({100}))})))[0],
            102u);  // 1 + 2 + 3 - 4 + 100
  EXPECT_FALSE(run.broken);
}

TEST(VectorInstr, BrokenInvariantsAreReportedNotUndefined) {
  Runner run;
  (void)run(Op::i32_add, {si(1), si(2)});
  EXPECT_TRUE(run.broken);
  run.broken = false;
  (void)run(Op::v128_const, {});
  EXPECT_TRUE(run.broken);
  run.broken = false;
  (void)run(Op::i8x16_extract_lane_u, {sv(V128{})}, 16);
  EXPECT_TRUE(run.broken);
  run.broken = false;
  (void)run(Op::i64x2_replace_lane, {sv(V128{}), si(1)}, 2);
  EXPECT_TRUE(run.broken);
  run.broken = false;
  (void)run(Op::i8x16_shuffle, {sv(V128{}), sv(V128{})}, 0);  // no immediate 0 in the module
  EXPECT_TRUE(run.broken);
  run.broken = false;
  std::array<u8, 16> x{};
  x[3] = 40;
  run.module.v128_immediates.push_back(x);
  (void)run(Op::i8x16_shuffle, {sv(V128{}), sv(V128{})}, 0);
  EXPECT_TRUE(run.broken);
  run.broken = false;
  (void)run(Op::f32x4_extract_lane, {sv(V128{})}, 3);
  EXPECT_FALSE(run.broken);
}

TEST(VectorInstr, ScalarResultsInLo) {
  Runner run;
  const V128 c = v<u8>({0x80, 0x7F, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF});
  Slot r = run(Op::i8x16_extract_lane_s, {sv(c)}, 0);
  EXPECT_EQ(r.lo, 0xFFFFFF80u);
  EXPECT_EQ(r.hi, 0u);
  EXPECT_EQ(run(Op::i8x16_extract_lane_u, {sv(c)}, 15).lo, 0xFFu);
  EXPECT_EQ(run(Op::i16x8_extract_lane_s, {sv(v<u16>({0, 0x8001}))}, 1).lo, 0xFFFF8001u);
  EXPECT_EQ(run(Op::i16x8_extract_lane_u, {sv(v<u16>({0, 0x8001}))}, 1).lo, 0x8001u);
  EXPECT_EQ(run(Op::i64x2_extract_lane, {sv(v<u64>({1, ~u64{0}}))}, 1).lo, ~u64{0});
  EXPECT_EQ(run(Op::f32x4_extract_lane, {sv(f32x4(0, 0, kF32PayloadNan, 0))}, 2).lo,
            u64{kF32PayloadNan});
  EXPECT_EQ(run(Op::f64x2_extract_lane, {sv(f64x2(0, kF64PayloadNan))}, 1).lo, kF64PayloadNan);
  EXPECT_EQ(run(Op::i8x16_bitmask, {sv(c)}).lo, 0x8001u);
  EXPECT_EQ(run(Op::v128_any_true, {sv(c)}).lo, 1u);
  EXPECT_EQ(run(Op::i8x16_all_true, {sv(c)}).lo, 0u);
  EXPECT_FALSE(run.broken);
}

TEST(VectorInstr, SplatAndReplaceWrapPackedLanes) {
  Runner run;
  EXPECT_EQ(v128_of(run(Op::i8x16_splat, {si(0x1FF)})), V128::from_halves(~u64{0}, ~u64{0}));
  EXPECT_EQ(v128_of(run(Op::i16x8_splat, {si(0x12345)})),
            V128::from_halves(0x2345234523452345ull, 0x2345234523452345ull));
  EXPECT_EQ(v128_of(run(Op::f32x4_splat, {si(kF32PayloadNan)})),
            f32x4(kF32PayloadNan, kF32PayloadNan, kF32PayloadNan, kF32PayloadNan));
  const V128 r = v128_of(run(Op::i8x16_replace_lane, {sv(V128{}), si(0xABC)}, 15));
  EXPECT_EQ(r, V128::from_halves(0, 0xBC00000000000000ull));
  const V128 q = v128_of(run(Op::i16x8_replace_lane, {sv(V128{}), si(0xFFFF1234)}, 1));
  EXPECT_EQ(q, V128::from_halves(0x12340000ull, 0));
  const V128 d = v128_of(run(Op::f64x2_replace_lane, {sv(V128{}), si(kF64PayloadNan)}, 0));
  EXPECT_EQ(d, f64x2(kF64PayloadNan, 0));
  EXPECT_FALSE(run.broken);
}

TEST(VectorInstr, OperandOrder) {
  Runner run;
  // c1 = args[0] is the first operand pushed: sub is c1 - c2, shift count is args[1]
  const Slot d = run(Op::i32x4_sub, {sv(v<u32>({10, 0, 0, 0})), sv(v<u32>({3, 1, 0, 0}))});
  EXPECT_EQ(vec::lanes<u32>(v128_of(d)), (Lanes<u32>{7, 0xFFFFFFFFu, 0, 0}));
  const Slot s = run(Op::i16x8_shl, {sv(v<u16>({1, 3})), si(17)});
  EXPECT_EQ(vec::lanes<u16>(v128_of(s))[1], 6);
  const Slot q =
      run(Op::i16x8_q15mulr_sat_s, {sv(v<u16>({0x8000, 0x4000})), sv(v<u16>({0x8000, 0x4000}))});
  EXPECT_EQ(vec::lanes<u16>(v128_of(q))[0], 0x7FFF);
  EXPECT_EQ(vec::lanes<u16>(v128_of(q))[1], 0x2000);
  // bitselect(c1, c2, c3): c3 is the mask
  const Slot b = run(Op::v128_bitselect, {sv(V128::from_halves(~u64{0}, ~u64{0})), sv(V128{}),
                                          sv(V128::from_halves(0xF0, 0))});
  EXPECT_EQ(v128_of(b), V128::from_halves(0xF0, 0));
  // andnot(c1, c2) = c1 & ~c2
  const Slot a =
      run(Op::v128_andnot, {sv(V128::from_halves(0xFF, 0)), sv(V128::from_halves(0x0F, 0))});
  EXPECT_EQ(v128_of(a), V128::from_halves(0xF0, 0));
  // narrow: c1's lanes first
  const Slot n = run(Op::i8x16_narrow_i16x8_u, {sv(v<u16>({1})), sv(v<u16>({2}))});
  EXPECT_EQ(vec::lanes<u8>(v128_of(n))[0], 1);
  EXPECT_EQ(vec::lanes<u8>(v128_of(n))[8], 2);
  // shuffle reads its immediate from the module
  std::array<u8, 16> x{};
  for (unsigned k = 0; k < 16; ++k) x[k] = static_cast<u8>(31 - k);
  run.module.v128_immediates.push_back(x);
  const Slot sh =
      run(Op::i8x16_shuffle, {sv(V128::from_halves(1, 2)), sv(V128::from_halves(3, 4))}, 0);
  EXPECT_EQ(v128_of(sh), V128::from_halves(0x0400000000000000ull, 0x0300000000000000ull));
  // f32x4.pmin picks c2 only where c2 < c1
  const Slot p = run(Op::f32x4_pmin, {sv(v<float>({1.0f, -0.0f})), sv(v<float>({0.5f, 0.0f}))});
  EXPECT_EQ(f32_bits(v128_of(p))[0], bits(0.5f));
  EXPECT_EQ(f32_bits(v128_of(p))[1], kF32NegZero);
  EXPECT_FALSE(run.broken);
}

}  // namespace
}  // namespace wasmref
