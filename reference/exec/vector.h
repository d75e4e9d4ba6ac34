// Core 2.0 §4.3 Numerics (exec/numerics.rst), vector part: lanes_{txN}, the lane operators
// only vector instructions use, and the lane-wise liftings of §4.4.3 "Vector Instructions";
// last, the relaxed operators of Core 3.0 §4.3.6 "Relaxed Operations" and their liftings
//
// A V128 is the spec's i128 value: 16 bytes, little-endian (§4.3.1 "Representations":
// bytes_{v128}(c) = littleendian(ibits_128(c))). lanes_{txN}(c) splits those bytes into N lanes
// of |t| bits each, lane 0 in the lowest bytes; lanes_inv is its inverse.
//
// Lane types (the storage of one lane of a shape; t is the spec's lane type):
//   i8x16 -> u8   i16x8 -> u16   i32x4 -> u32   i64x2 -> u64   f32x4 -> float   f64x2 -> double
//
// Integer lane operators are generic over the lane type L the way the spec is generic over N:
// they compute in an unsigned type at least as wide as int (so u8/u16 never promote to signed
// int, whose overflow would be undefined) or in i64 where a rule needs the exact mathematical
// value before saturating. Float lane operators are the scalar ones of exec/numerics.h
// (num::fadd, num::fmin, num::fnearest, num::trunc_sat_s, num::demote ...), so that the NaN,
// signed-zero and rounding rules live in one place; only fpmin/fpmax, which the scalar
// instructions do not use, are defined here.
//
// Everything here is pure and free of undefined behaviour on every input; operators with a
// precondition that validation guarantees (shuffle lane indices < 32) return std::optional.
#pragma once

#include <array>
#include <bit>
#include <optional>
#include <type_traits>

#include "exec/numerics.h"
#include "syntax/types.h"

namespace wasmref::vec {

// ============================================================================================
// Lane types and the representation
// ============================================================================================

namespace detail {

template <class L>
inline constexpr bool is_ilane_v = std::is_same_v<L, u8> || std::is_same_v<L, u16> ||
                                   std::is_same_v<L, u32> || std::is_same_v<L, u64>;
template <class L>
inline constexpr bool is_flane_v = std::is_same_v<L, float> || std::is_same_v<L, double>;

// The bit pattern of a lane: the lane itself for integers, u32/u64 for f32/f64.
template <class L>
using Bits = std::conditional_t<std::is_same_v<L, float>, u32,
                                std::conditional_t<std::is_same_v<L, double>, u64, L>>;

// signed_N for a lane: the signed type of the same width.
template <class L>
using Signed = std::conditional_t<
    sizeof(L) == 1, std::int8_t,
    std::conditional_t<sizeof(L) == 2, std::int16_t, std::conditional_t<sizeof(L) == 4, i32, i64>>>;

// Unsigned arithmetic type for lane L: never promoted to int, wraps modulo 2^32 or 2^64, which
// is modulo 2^|t| once cast back to L.
template <class L>
using Wide = std::conditional_t<sizeof(L) <= 4, u32, u64>;

template <class L>
inline constexpr unsigned N = sizeof(L) * 8;  // |t|: the lane's bit width

}  // namespace detail

// dim(txN) = N: the number of lanes of the shape whose lane type is L.
template <class L>
inline constexpr unsigned dim = 16 / sizeof(L);

template <class L>
using Lanes = std::array<L, dim<L>>;

// A value of type v128: its 16 bytes, bytes[0] the least significant (little-endian).
struct V128 {
  std::array<u8, 16> bytes{};

  // The value whose bytes 0..7 are `lo` and 8..15 are `hi`, both little-endian (the layout of
  // an operand slot, runtime/stack.h).
  static constexpr V128 from_halves(u64 lo, u64 hi) {
    V128 c;
    for (unsigned k = 0; k < 8; ++k) {
      c.bytes[k] = static_cast<u8>(lo >> (8 * k));
      c.bytes[8 + k] = static_cast<u8>(hi >> (8 * k));
    }
    return c;
  }
  constexpr u64 half(unsigned h) const {
    u64 v = 0;
    for (unsigned k = 0; k < 8; ++k) v |= u64{bytes[8 * h + k]} << (8 * k);
    return v;
  }
  constexpr u64 lo() const { return half(0); }
  constexpr u64 hi() const { return half(1); }

  friend constexpr bool operator==(const V128&, const V128&) = default;
};

// §4.3.1 lanes_{txN}(c): lane i is bytes [i*|t|/8, (i+1)*|t|/8) of c, little-endian.
// Assembled byte by byte, so the result does not depend on the host's byte order.
template <class L>
constexpr Lanes<L> lanes(const V128& c) {
  static_assert(detail::is_ilane_v<L> || detail::is_flane_v<L>);
  using B = detail::Bits<L>;
  Lanes<L> out{};
  for (unsigned i = 0; i < dim<L>; ++i) {
    B b = 0;
    for (unsigned k = 0; k < sizeof(L); ++k) {
      b = static_cast<B>(b | static_cast<B>(static_cast<B>(c.bytes[i * sizeof(L) + k]) << (8 * k)));
    }
    out[i] = std::bit_cast<L>(b);
  }
  return out;
}

// lanes^-1_{txN}(i*): the v128 whose lanes are i*.
template <class L>
constexpr V128 lanes_inv(const Lanes<L>& i) {
  static_assert(detail::is_ilane_v<L> || detail::is_flane_v<L>);
  using B = detail::Bits<L>;
  V128 c;
  for (unsigned n = 0; n < dim<L>; ++n) {
    const B b = std::bit_cast<B>(i[n]);
    for (unsigned k = 0; k < sizeof(L); ++k) {
      c.bytes[n * sizeof(L) + k] = static_cast<u8>(b >> (8 * k));
    }
  }
  return c;
}

// ============================================================================================
// §4.3.2 Integer Operations, on one lane
// ============================================================================================

// signed_N(i) for a lane (same-width integer conversions are modular since C++20).
template <class L>
constexpr detail::Signed<L> signed_(L i) {
  static_assert(detail::is_ilane_v<L>);
  return static_cast<detail::Signed<L>>(i);
}

// "Saturation": sat_u_N(i) clamps i to [0, 2^N - 1], sat_s_N(i) to [-2^(N-1), 2^(N-1) - 1].
// i is an exact mathematical integer; i64 holds every one this file saturates (lanes of at
// most 32 bits).
template <class L>
constexpr L sat_u(i64 i) {
  static_assert(detail::is_ilane_v<L> && sizeof(L) <= 4);
  constexpr i64 max = (i64{1} << detail::N<L>)-1;
  if (i < 0) return 0;
  if (i > max) return static_cast<L>(max);
  return static_cast<L>(i);
}
template <class L>
constexpr L sat_s(i64 i) {
  static_assert(detail::is_ilane_v<L> && sizeof(L) <= 4);
  constexpr i64 max = (i64{1} << (detail::N<L> - 1)) - 1;
  constexpr i64 min = -(i64{1} << (detail::N<L> - 1));
  if (i < min) i = min;
  if (i > max) i = max;
  return static_cast<L>(static_cast<detail::Signed<L>>(i));  // signed_N^-1
}

// iadd_N, isub_N, imul_N: modulo 2^N.
template <class L>
constexpr L iadd(L i1, L i2) {
  using W = detail::Wide<L>;
  return static_cast<L>(W{i1} + W{i2});
}
template <class L>
constexpr L isub(L i1, L i2) {
  using W = detail::Wide<L>;
  return static_cast<L>(W{i1} - W{i2});
}
template <class L>
constexpr L imul(L i1, L i2) {
  using W = detail::Wide<L>;
  return static_cast<L>(W{i1} * W{i2});
}

// ineg_N(i) = (2^N - i) mod 2^N.
template <class L>
constexpr L ineg(L i) {
  using W = detail::Wide<L>;
  return static_cast<L>(W{0} - W{i});
}

// iabs_N(i) = i if signed_N(i) >= 0, else -signed_N(i) mod 2^N (so iabs(-2^(N-1)) = 2^(N-1)).
template <class L>
constexpr L iabs(L i) {
  return signed_(i) >= 0 ? i : ineg(i);
}

// The relational operators on a lane (§4.3.2), as the truth value; the vrelop lifting turns
// it into a lane of all ones or all zeros.
template <class L>
constexpr bool ieq(L i1, L i2) {
  return i1 == i2;
}
template <class L>
constexpr bool ine(L i1, L i2) {
  return i1 != i2;
}
template <class L>
constexpr bool ilt_u(L i1, L i2) {
  return i1 < i2;
}
template <class L>
constexpr bool ilt_s(L i1, L i2) {
  return signed_(i1) < signed_(i2);
}
template <class L>
constexpr bool igt_u(L i1, L i2) {
  return i1 > i2;
}
template <class L>
constexpr bool igt_s(L i1, L i2) {
  return signed_(i1) > signed_(i2);
}
template <class L>
constexpr bool ile_u(L i1, L i2) {
  return i1 <= i2;
}
template <class L>
constexpr bool ile_s(L i1, L i2) {
  return signed_(i1) <= signed_(i2);
}
template <class L>
constexpr bool ige_u(L i1, L i2) {
  return i1 >= i2;
}
template <class L>
constexpr bool ige_s(L i1, L i2) {
  return signed_(i1) >= signed_(i2);
}

// imin_u_N / imin_s_N: i1 if ilt(i1, i2), else i2; imax_u_N / imax_s_N: i1 if igt(i1, i2), else i2.
template <class L>
constexpr L imin_u(L i1, L i2) {
  return ilt_u(i1, i2) ? i1 : i2;
}
template <class L>
constexpr L imin_s(L i1, L i2) {
  return ilt_s(i1, i2) ? i1 : i2;
}
template <class L>
constexpr L imax_u(L i1, L i2) {
  return igt_u(i1, i2) ? i1 : i2;
}
template <class L>
constexpr L imax_s(L i1, L i2) {
  return igt_s(i1, i2) ? i1 : i2;
}

// iadd_sat_u_N = sat_u_N(i1 + i2); iadd_sat_s_N = sat_s_N(signed_N(i1) + signed_N(i2));
// isub_sat_u_N = sat_u_N(i1 - i2); isub_sat_s_N = sat_s_N(signed_N(i1) - signed_N(i2)).
template <class L>
constexpr L iadd_sat_u(L i1, L i2) {
  return sat_u<L>(i64{i1} + i64{i2});
}
template <class L>
constexpr L iadd_sat_s(L i1, L i2) {
  return sat_s<L>(i64{signed_(i1)} + i64{signed_(i2)});
}
template <class L>
constexpr L isub_sat_u(L i1, L i2) {
  return sat_u<L>(i64{i1} - i64{i2});
}
template <class L>
constexpr L isub_sat_s(L i1, L i2) {
  return sat_s<L>(i64{signed_(i1)} - i64{signed_(i2)});
}

// iavgr_u_N = trunc((i1 + i2 + 1) / 2), computed without wrapping (the sum has N + 1 bits).
template <class L>
constexpr L iavgr_u(L i1, L i2) {
  static_assert(sizeof(L) <= 4);
  return static_cast<L>((u64{i1} + u64{i2} + 1) / 2);
}

// iq15mulr_sat_s_N = sat_s_N(ishr_s_N(i1 * i2 + 2^14, 15)), on the signed interpretations
// (SIMD.md: S.AsSigned(a), S.AsSigned(b)). The product is the exact one (2N bits), and the
// shift an arithmetic shift of it, i.e. floor((i1 * i2 + 2^14) / 2^15); only then saturated,
// which matters only for -2^(N-1) * -2^(N-1).
template <class L>
constexpr L iq15mulr_sat_s(L i1, L i2) {
  static_assert(sizeof(L) == 2);
  const i64 product = i64{signed_(i1)} * i64{signed_(i2)};
  return sat_s<L>((product + (i64{1} << 14)) >> 15);  // >> of a negative i64: arithmetic (C++20)
}

// ipopcnt_N: the number of 1 bits (i8x16.popcnt).
template <class L>
constexpr L ipopcnt(L i) {
  static_assert(detail::is_ilane_v<L>);
  return static_cast<L>(std::popcount(i));
}

// ishl_N, ishr_u_N, ishr_s_N with the shift count s of the instruction: k = s mod N.
template <class L>
constexpr L ishl(L i, u32 s) {
  using W = detail::Wide<L>;
  const unsigned k = s % detail::N<L>;
  return static_cast<L>(W{i} << k);
}
template <class L>
constexpr L ishr_u(L i, u32 s) {
  using W = detail::Wide<L>;
  const unsigned k = s % detail::N<L>;
  return static_cast<L>(W{i} >> k);
}
template <class L>
constexpr L ishr_s(L i, u32 s) {
  const unsigned k = s % detail::N<L>;
  // Right shift of a negative signed value is arithmetic in C++20; i8/i16 are promoted to int
  // first, which keeps the value, and the result fits the lane.
  return static_cast<L>(static_cast<detail::Signed<L>>(signed_(i) >> k));
}

// §4.3.4 extend^sx_{M,N} and narrow^sx_{M,N} between lane types (From has M bits, To N bits).
enum class Sx { u, s };

template <class To, Sx sx, class From>
constexpr To extend(From i) {
  static_assert(detail::is_ilane_v<To> && detail::is_ilane_v<From> && sizeof(To) > sizeof(From));
  if constexpr (sx == Sx::s) {
    return static_cast<To>(static_cast<detail::Signed<To>>(signed_(i)));  // extend_s
  } else {
    return static_cast<To>(i);  // extend_u
  }
}

// narrow_s_{M,N}(i) = sat_s_N(signed_M(i)); narrow_u_{M,N}(i) = sat_u_N(signed_M(i)).
template <class To, Sx sx, class From>
constexpr To narrow(From i) {
  static_assert(detail::is_ilane_v<To> && detail::is_ilane_v<From> && sizeof(To) < sizeof(From));
  if constexpr (sx == Sx::s) {
    return sat_s<To>(signed_(i));
  } else {
    return sat_u<To>(signed_(i));
  }
}

// ============================================================================================
// §4.3.2 Bitwise operators on the whole 128 bits (vvunop, vvbinop, vvternop, vvtestop)
// ============================================================================================

// inot_128, iand_128, iandnot_128, ior_128, ixor_128: bitwise, hence byte by byte.
constexpr V128 inot(const V128& i) {
  V128 c;
  for (unsigned k = 0; k < 16; ++k) c.bytes[k] = static_cast<u8>(~i.bytes[k]);
  return c;
}
constexpr V128 iand(const V128& i1, const V128& i2) {
  V128 c;
  for (unsigned k = 0; k < 16; ++k) c.bytes[k] = static_cast<u8>(i1.bytes[k] & i2.bytes[k]);
  return c;
}
// iandnot_N(i1, i2) = iand_N(i1, inot_N(i2)).
constexpr V128 iandnot(const V128& i1, const V128& i2) { return iand(i1, inot(i2)); }
constexpr V128 ior(const V128& i1, const V128& i2) {
  V128 c;
  for (unsigned k = 0; k < 16; ++k) c.bytes[k] = static_cast<u8>(i1.bytes[k] | i2.bytes[k]);
  return c;
}
constexpr V128 ixor(const V128& i1, const V128& i2) {
  V128 c;
  for (unsigned k = 0; k < 16; ++k) c.bytes[k] = static_cast<u8>(i1.bytes[k] ^ i2.bytes[k]);
  return c;
}
// ibitselect_N(i1, i2, i3) = ior_N(iand_N(i1, i3), iand_N(i2, inot_N(i3))): bits of i1 where
// the mask i3 is 1, bits of i2 where it is 0.
constexpr V128 ibitselect(const V128& i1, const V128& i2, const V128& i3) {
  return ior(iand(i1, i3), iand(i2, inot(i3)));
}
// v128.any_true: ine_128(c, 0).
constexpr u32 any_true(const V128& c) {
  for (u8 b : c.bytes) {
    if (b != 0) return 1;
  }
  return 0;
}

// ============================================================================================
// §4.3.3 Floating-Point Operations used only by vector instructions
// ============================================================================================

// fpmin_N(z1, z2) = z2 if flt_N(z2, z1), else z1 (SIMD.md: `b < a ? b : a`). No NaN rule: a
// NaN operand makes flt false, so z1 comes back bit for bit (payload and sign untouched), and
// fpmin(+0, -0) = +0, fpmin(-0, +0) = -0 since the zeros compare equal.
template <class F>
constexpr F fpmin(F z1, F z2) {
  return num::flt(z2, z1) ? z2 : z1;
}
// fpmax_N(z1, z2) = z2 if flt_N(z1, z2), else z1.
template <class F>
constexpr F fpmax(F z1, F z2) {
  return num::flt(z1, z2) ? z2 : z1;
}

// ============================================================================================
// §4.4.3 Vector Instructions: the lane-wise liftings
// ============================================================================================

// shape.splat: lanes^-1(c1^N). The caller wraps an i32 operand to the lane (unpacked(i8x16) =
// i32; the lane keeps c1 mod 2^8).
template <class L>
constexpr V128 splat(L c1) {
  Lanes<L> i{};
  i.fill(c1);
  return lanes_inv<L>(i);
}

// shape.vunop: lanes^-1(vunop_t(i)*) for i* = lanes(c1).
template <class L, class Fn>
constexpr V128 vunop(const V128& c1, Fn unop) {
  Lanes<L> i = lanes<L>(c1);
  for (L& lane : i) lane = unop(lane);
  return lanes_inv<L>(i);
}

// shape.vbinop: lanes^-1(vbinop_t(i1, i2)*) lane by lane (none of the 2.0 vbinops is partial).
template <class L, class Fn>
constexpr V128 vbinop(const V128& c1, const V128& c2, Fn binop) {
  const Lanes<L> i1 = lanes<L>(c1);
  const Lanes<L> i2 = lanes<L>(c2);
  Lanes<L> c{};
  for (unsigned n = 0; n < dim<L>; ++n) c[n] = binop(i1[n], i2[n]);
  return lanes_inv<L>(c);
}

// shape.vternop: lanes^-1(vternop_t(i1, i2, i3)*) lane by lane (the relaxed ternary operators
// of Core 3.0: relaxed_madd, relaxed_nmadd, relaxed_laneselect).
template <class L, class Fn>
constexpr V128 vternop(const V128& c1, const V128& c2, const V128& c3, Fn ternop) {
  const Lanes<L> i1 = lanes<L>(c1);
  const Lanes<L> i2 = lanes<L>(c2);
  const Lanes<L> i3 = lanes<L>(c3);
  Lanes<L> c{};
  for (unsigned n = 0; n < dim<L>; ++n) c[n] = ternop(i1[n], i2[n], i3[n]);
  return lanes_inv<L>(c);
}

// txN.vrelop: lanes^-1(extend_s_{1,|t|}(vrelop_t(i1, i2))*): a true lane becomes all ones, a
// false one all zeros. The result lanes are integers of |t| bits also for f32x4/f64x2.
template <class L, class Fn>
constexpr V128 vrelop(const V128& c1, const V128& c2, Fn relop) {
  using B = detail::Bits<L>;
  const Lanes<L> i1 = lanes<L>(c1);
  const Lanes<L> i2 = lanes<L>(c2);
  Lanes<B> j{};
  for (unsigned n = 0; n < dim<L>; ++n) j[n] = relop(i1[n], i2[n]) ? static_cast<B>(~B{0}) : B{0};
  return lanes_inv<B>(j);
}

// txN.vishiftop: lanes^-1(vishiftop_t(i*, s^N)); the count is the same i32 for every lane.
template <class L, class Fn>
constexpr V128 vishiftop(const V128& c1, u32 s, Fn shiftop) {
  Lanes<L> i = lanes<L>(c1);
  for (L& lane : i) lane = shiftop(lane, s);
  return lanes_inv<L>(i);
}

// shape.all_true: bool(AND over the lanes of (i != 0)).
template <class L>
constexpr u32 all_true(const V128& c) {
  for (L i1 : lanes<L>(c)) {
    if (i1 == 0) return 0;
  }
  return 1;
}

// txN.bitmask: ibits_32^-1(ilt_s_|t|(lanes(c), 0^N) 0^(32-N)): bit n of the result is the sign
// bit of lane n.
template <class L>
constexpr u32 bitmask(const V128& c) {
  const Lanes<L> i1 = lanes<L>(c);
  u32 i = 0;
  for (unsigned n = 0; n < dim<L>; ++n) {
    if (ilt_s(i1[n], L{0})) i |= u32{1} << n;
  }
  return i;
}

// t2xN.narrow_t1xM_sx: lanes^-1(narrow^sx(lanes(c1)) narrow^sx(lanes(c2))), N = 2M.
template <class From, class To, Sx sx>
constexpr V128 vnarrow(const V128& c1, const V128& c2) {
  static_assert(dim<To> == 2 * dim<From>);
  const Lanes<From> i1 = lanes<From>(c1);
  const Lanes<From> i2 = lanes<From>(c2);
  Lanes<To> j{};
  for (unsigned n = 0; n < dim<From>; ++n) {
    j[n] = narrow<To, sx>(i1[n]);              // d1^M
    j[dim<From> + n] = narrow<To, sx>(i2[n]);  // d2^M
  }
  return lanes_inv<To>(j);
}

// §2.4.3 half: low(x, y) = x, high(x, y) = y; applied to (0, N) it picks the first lane.
enum class Half { low, high };

// t2xN.vcvtop_t1xM_sx with N = M: lanes^-1(vcvtop(lanes(c1))) (trunc_sat f32x4 -> i32x4,
// convert i32x4 -> f32x4).
template <class From, class To, class Fn>
constexpr V128 vcvtop(const V128& c1, Fn cvtop) {
  static_assert(dim<To> == dim<From>);
  const Lanes<From> i = lanes<From>(c1);
  Lanes<To> j{};
  for (unsigned n = 0; n < dim<To>; ++n) j[n] = cvtop(i[n]);
  return lanes_inv<To>(j);
}

// t2xN.vcvtop_half_t1xM_sx? with N = M/2: converts lanes(c1)[half(0, N) : N] (extend_low/high,
// promote_low, convert_low).
template <class From, class To, class Fn>
constexpr V128 vcvtop_half(const V128& c1, Half half, Fn cvtop) {
  static_assert(2 * dim<To> == dim<From>);
  constexpr unsigned N = dim<To>;
  const Lanes<From> i = lanes<From>(c1);
  const unsigned first = half == Half::low ? 0 : N;
  Lanes<To> k{};
  for (unsigned n = 0; n < N; ++n) k[n] = cvtop(i[first + n]);
  return lanes_inv<To>(k);
}

// t2xN.vcvtop_t1xM_sx?_zero with N = 2M: lanes^-1(vcvtop(lanes(c1)) 0^M) (demote_f64x2_zero,
// trunc_sat_f64x2_zero).
template <class From, class To, class Fn>
constexpr V128 vcvtop_zero(const V128& c1, Fn cvtop) {
  static_assert(dim<To> == 2 * dim<From>);
  const Lanes<From> i = lanes<From>(c1);
  Lanes<To> k{};  // the upper M lanes stay 0 (+0.0 for f32 lanes)
  for (unsigned n = 0; n < dim<From>; ++n) k[n] = cvtop(i[n]);
  return lanes_inv<To>(k);
}

// i32x4.dot_i16x8_s: lane n is iadd_32(k1, k2) of the products imul_32(extend_s_{16,32}) of
// lanes 2n and 2n+1. Note the one wrapping case: (-2^15)^2 * 2 = 2^31 wraps to -2^31.
constexpr V128 dot_i16x8_s(const V128& c1, const V128& c2) {
  const Lanes<u16> i1 = lanes<u16>(c1);
  const Lanes<u16> i2 = lanes<u16>(c2);
  Lanes<u32> k{};
  for (unsigned n = 0; n < 4; ++n) {
    const u32 k1 = imul(extend<u32, Sx::s>(i1[2 * n]), extend<u32, Sx::s>(i2[2 * n]));
    const u32 k2 = imul(extend<u32, Sx::s>(i1[2 * n + 1]), extend<u32, Sx::s>(i2[2 * n + 1]));
    k[n] = iadd(k1, k2);
  }
  return lanes_inv<u32>(k);
}

// t2xN.extmul_half_t1xM_sx: imul_|t2|(extend^sx(i1), extend^sx(i2)) on lanes[half(0, N) : N].
template <class From, class To, Sx sx>
constexpr V128 extmul(const V128& c1, const V128& c2, Half half) {
  static_assert(2 * dim<To> == dim<From>);
  constexpr unsigned N = dim<To>;
  const Lanes<From> i1 = lanes<From>(c1);
  const Lanes<From> i2 = lanes<From>(c2);
  const unsigned first = half == Half::low ? 0 : N;
  Lanes<To> k{};
  for (unsigned n = 0; n < N; ++n) {
    k[n] = imul(extend<To, sx>(i1[first + n]), extend<To, sx>(i2[first + n]));
  }
  return lanes_inv<To>(k);
}

// t2xN.extadd_pairwise_t1xM_sx: (j1 j2)* = extend^sx(lanes(c1)); lane n is iadd_|t2|(j1, j2).
template <class From, class To, Sx sx>
constexpr V128 extadd_pairwise(const V128& c1) {
  static_assert(2 * dim<To> == dim<From>);
  const Lanes<From> i = lanes<From>(c1);
  Lanes<To> k{};
  for (unsigned n = 0; n < dim<To>; ++n) {
    k[n] = iadd(extend<To, sx>(i[2 * n]), extend<To, sx>(i[2 * n + 1]));
  }
  return lanes_inv<To>(k);
}

// i8x16.swizzle: c* = lanes(c1) 0^240, result lane n = c*[i*[n]] for i* = lanes(c2): an index
// of 16 or more selects 0.
constexpr V128 swizzle(const V128& c1, const V128& c2) {
  const Lanes<u8> j = lanes<u8>(c1);
  const Lanes<u8> i = lanes<u8>(c2);
  Lanes<u8> c{};
  for (unsigned n = 0; n < 16; ++n) c[n] = i[n] < 16 ? j[i[n]] : u8{0};
  return lanes_inv<u8>(c);
}

// i8x16.shuffle x*: i* = lanes(c1) lanes(c2), result lane n = i*[x*[n]]: indices 0..15 pick
// from c1, 16..31 from c2. Validation guarantees x_n < 32; nullopt if not.
constexpr std::optional<V128> shuffle(const V128& c1, const V128& c2, const std::array<u8, 16>& x) {
  const Lanes<u8> i1 = lanes<u8>(c1);
  const Lanes<u8> i2 = lanes<u8>(c2);
  Lanes<u8> c{};
  for (unsigned n = 0; n < 16; ++n) {
    if (x[n] >= 32) return std::nullopt;
    c[n] = x[n] < 16 ? i1[x[n]] : i2[x[n] - 16];
  }
  return lanes_inv<u8>(c);
}

// ============================================================================================
// Core 3.0 §4.3.6 Relaxed Operations (exec/numerics.rst), on one lane, and their liftings
// ============================================================================================
//
// A relaxed operator's result is relaxed(R)[A_0, ..., A_n]: a global parameter R, fixed for
// the whole execution, picks one of the allowed outcomes. In the deterministic profile
// (appendix/profiles.rst) every parameter is 0, so relaxed(R)[A_0, ..., A_n] = A_0. The
// reference instantiates every parameter so: each operator below returns its A_0 and says
// which alternatives it does not take (a script's `either` lists them all, A_0 among them).

// irelaxed_swizzle_lane(i^n, j): i[j] if j < 16; 0 if signed_8(j) < 0; otherwise
// relaxed(R_swizzle)[0, i^n[j mod n]] = 0 (R_swizzle = 0). So every index of 16 or more
// selects 0, as i8x16.swizzle does.
constexpr u8 irelaxed_swizzle_lane(const Lanes<u8>& i, u8 j) {
  if (j < 16) return i[j];
  if (signed_(j) < 0) return 0;
  return 0;  // relaxed(R_swizzle)[0, i[j mod 16]], R_swizzle = 0: not i[j mod 16]
}

// i8x16.relaxed_swizzle: ivrelaxed_swizzle(i^n, j^n) = irelaxed_swizzle_lane(i^n, j)^n for
// i^n = lanes(c1), j^n = lanes(c2).
constexpr V128 relaxed_swizzle(const V128& c1, const V128& c2) {
  const Lanes<u8> i = lanes<u8>(c1);
  const Lanes<u8> j = lanes<u8>(c2);
  Lanes<u8> r{};
  for (unsigned n = 0; n < 16; ++n) r[n] = irelaxed_swizzle_lane(i, j[n]);
  return lanes_inv<u8>(r);
}

// relaxed_trunc^u_{M,N}(z): trunc_u(z) when z is a number with 0 <= trunc(z) < 2^N; otherwise
// (NaN, infinities, out of range) relaxed(R_trunc_u)[trunc_sat_u(z), R] = trunc_sat_u(z)
// (R_trunc_u = 0; the other alternative, the spec's bold R, is an implementation's own value).
template <class U, class F>
inline U relaxed_trunc_u(F z) {
  if (const num::Partial<U> r = num::trunc_u<U>(z)) return *r;
  return num::trunc_sat_u<U>(z);
}
// relaxed_trunc^s_{M,N}(z): trunc_s(z) when z is a number with -2^(N-1) <= trunc(z) < 2^(N-1);
// otherwise relaxed(R_trunc_s)[trunc_sat_s(z), R] = trunc_sat_s(z) (R_trunc_s = 0; not the
// implementation's own value R, e.g. -2^(N-1) for every NaN and overflow).
template <class U, class F>
inline U relaxed_trunc_s(F z) {
  if (const num::Partial<U> r = num::trunc_s<U>(z)) return *r;
  return num::trunc_sat_s<U>(z);
}

// frelaxed_madd_N(z1, z2, z3) = relaxed(R_fmadd)[fadd_N(fmul_N(z1, z2), z3), fma_N(z1, z2, z3)]
// = fadd_N(fmul_N(z1, z2), z3): unfused, two roundings (R_fmadd = 0; not the fused fma).
template <class F>
inline F frelaxed_madd(F z1, F z2, F z3) {
  return num::fadd(num::fmul(z1, z2), z3);
}
// frelaxed_nmadd_N(z1, z2, z3) = frelaxed_madd_N(-z1, z2, z3): the negation is fneg (the sign
// bit flipped, exact), so this is fadd_N(fmul_N(-z1, z2), z3).
template <class F>
inline F frelaxed_nmadd(F z1, F z2, F z3) {
  return frelaxed_madd(num::fneg(z1), z2, z3);
}

// frelaxed_min_N(z1, z2): for a NaN operand relaxed(R_fmin)[fmin_N(z1, z2), nan(n), z2, z2]
// (z1 NaN) or [fmin_N(z1, z2), z1, nan(n), z1] (z2 NaN); for zeros of opposite signs
// relaxed(R_fmin)[fmin_N(z1, z2), +-0, -+0, -0]; otherwise fmin_N(z1, z2). With R_fmin = 0
// every clause is fmin_N(z1, z2) (a NaN operand gives nans{z1, z2}, fmin(+-0, -+0) = -0): not
// the operand that is not NaN, nor the first or second zero.
template <class F>
inline F frelaxed_min(F z1, F z2) {
  return num::fmin(z1, z2);
}
// frelaxed_max_N(z1, z2): as frelaxed_min with fmax_N and +0; with R_fmax = 0 it is fmax_N(z1,
// z2) (a NaN operand gives nans{z1, z2}, fmax(+-0, -+0) = +0).
template <class F>
inline F frelaxed_max(F z1, F z2) {
  return num::fmax(z1, z2);
}

// irelaxed_q15mulr_s_N(i1, i2): when both are signed_N^-1(-2^(N-1)) (the one product that
// overflows), relaxed(R_iq15mulr)[2^(N-1) - 1, signed_N^-1(-2^(N-1))] = 2^(N-1) - 1
// (R_iq15mulr = 0: saturated, not wrapped); otherwise iq15mulr_sat_s_N(i1, i2). So it is
// i16x8.q15mulr_sat_s's operator.
template <class L>
constexpr L irelaxed_q15mulr_s(L i1, L i2) {
  static_assert(sizeof(L) == 2);
  constexpr L min = static_cast<L>(L{1} << (detail::N<L> - 1));  // signed_N^-1(-2^(N-1))
  if (i1 == min && i2 == min) return static_cast<L>(min - 1);    // 2^(N-1) - 1
  return iq15mulr_sat_s(i1, i2);
}

// ibitselect_N(i1, i2, i3) on one lane: the bits of i1 where the mask i3 is 1, of i2 where it
// is 0 (the lane form of the 128-bit ibitselect above).
template <class L>
constexpr L ibitselect(L i1, L i2, L i3) {
  static_assert(detail::is_ilane_v<L>);
  using W = detail::Wide<L>;
  return static_cast<L>((W{i1} & W{i3}) | (W{i2} & ~W{i3}));
}

// irelaxed_laneselect_N(i1, i2, i3) = ibitselect_N(i1, i2, relaxed(R_laneselect)[i3,
// extend_s_{1,N}(ishr_u_N(i3, N-1))]) = ibitselect_N(i1, i2, i3) (R_laneselect = 0: the mask
// is i3 bit for bit, not its top bit spread over the lane). So every shape gives
// v128.bitselect's result.
template <class L>
constexpr L irelaxed_laneselect(L i1, L i2, L i3) {
  return ibitselect(i1, i2, i3);
}

// ivdot_sat_N(i1^2m, i2^2m) = iadd_sat_s_N(j1, j2)^m where (j1 j2)^m = imul_N(i1, i2)^2m: the
// products of neighbouring lanes added with signed saturation (the spec's iaddsat is
// $iadd_sat_(N, S, ...) in its SpecTec source).
//
// t2xN.relaxed_dot_t1xM_s = vextbinop with f = ivdot_sat, sx1 = s,
// sx2 = relaxed(R_idot)[s, u] = s (R_idot = 0: the second operand is signed too, not read as
// unsigned), h = 0, k = M: lane n is iadd_sat_s_|t2|(imul(extend_s(i1[2n]),
// extend_s(i2[2n])), imul(extend_s(i1[2n+1]), extend_s(i2[2n+1]))). For i8x16 -> i16x8 the
// products fit 16 bits; only (-128)(-128) + (-128)(-128) = 32768 saturates, to 32767.
template <class From, class To>
constexpr V128 relaxed_dot_s(const V128& c1, const V128& c2) {
  static_assert(sizeof(To) == 2 * sizeof(From) && 2 * dim<To> == dim<From> && sizeof(To) <= 4);
  const Lanes<From> i1 = lanes<From>(c1);
  const Lanes<From> i2 = lanes<From>(c2);
  Lanes<To> r{};
  for (unsigned n = 0; n < dim<To>; ++n) {
    const To j1 = imul(extend<To, Sx::s>(i1[2 * n]), extend<To, Sx::s>(i2[2 * n]));
    const To j2 = imul(extend<To, Sx::s>(i1[2 * n + 1]), extend<To, Sx::s>(i2[2 * n + 1]));
    r[n] = iadd_sat_s(j1, j2);
  }
  return lanes_inv<To>(r);
}

// i32x4.relaxed_dot_i8x16_i7x16_add_s (vextternop RELAXED_DOT_ADD_S_{i8x16, i32x4}):
// c' = relaxed_dot_s_{i8x16, i16x8}(c1, c2), c'' = extadd_pairwise_s_{i16x8, i32x4}(c'),
// c = iadd_32 lane by lane (c'', c3). The intermediate i16 lanes saturate as above; the sums
// of two of them and c3 wrap modulo 2^32.
constexpr V128 relaxed_dot_add_s(const V128& c1, const V128& c2, const V128& c3) {
  const V128 c_prime = relaxed_dot_s<u8, u16>(c1, c2);
  const V128 c_second = extadd_pairwise<u16, u32, Sx::s>(c_prime);
  return vbinop<u32>(c_second, c3, iadd<u32>);
}

}  // namespace wasmref::vec
