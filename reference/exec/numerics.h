// Core 2.0 §4.3 Numerics (exec/numerics.rst): the pure numeric operators of execution
//
// One function per spec operator, under the spec's name, generic over the bit width the way the
// spec is: integer operators take the bit pattern type U (u32 for N = 32, u64 for N = 64) and
// reinterpret it when a rule uses signed_N; floating-point operators take F (float or double).
// Everything here is pure: no stack, no store, no exceptions, no undefined behaviour on any
// input. Partial operators (§4.3 "partial") return a Partial<T> that carries either the value
// or the testsuite's trap message.
//
// Call these qualified (`num::fadd`, `num::fmin`): the C library also declares ::fadd, ::fmin,
// ::fabs ... (narrowing or IEEE minNum variants) that an unqualified call could silently pick.
//
// Floating point: for operands that are not NaN, the C++ operators +, -, *, / and std::sqrt
// on IEEE 754 binary32/binary64 compute exactly the spec's ieee_N (round to nearest, ties to
// even); that is the only place the hardware is trusted. Every NaN result follows the spec's
// nans{...} rule explicitly (see "NaN Propagation"), every rounding of a value to a narrower
// format (convert, demote) is done here with integer arithmetic, and every float -> int
// conversion checks the range before converting.
#pragma once

#include <algorithm>
#include <bit>
#include <cfloat>
#include <cmath>
#include <limits>
#include <type_traits>

#include "syntax/messages.h"
#include "syntax/types.h"

namespace wasmref::num {

// IEEE arithmetic, round-to-nearest, is what the float rules below rely on.
static_assert(std::numeric_limits<float>::is_iec559 && std::numeric_limits<double>::is_iec559);
static_assert(std::numeric_limits<float>::round_style == std::round_to_nearest);
// Each float operation is rounded once to its own format (no x87-style wider intermediates).
static_assert(FLT_EVAL_METHOD == 0);

// §4.3 "partial" operators: a value, or the trap the instruction raises (a msg:: constant).
template <class T>
struct Partial {
  T value{};
  const char* trap = nullptr;
  constexpr explicit operator bool() const { return trap == nullptr; }
  constexpr const T& operator*() const { return value; }
  constexpr const char* error() const { return trap; }
};

// ============================================================================================
// Auxiliary definitions
// ============================================================================================

namespace detail {

template <class U>
inline constexpr bool is_int_v = std::is_same_v<U, u32> || std::is_same_v<U, u64>;
template <class F>
inline constexpr bool is_float_v = std::is_same_v<F, float> || std::is_same_v<F, double>;

// The signed type of the same width, for signed_N.
template <class U>
using Signed = std::conditional_t<std::is_same_v<U, u32>, i32, i64>;

template <class U>
inline constexpr unsigned N = std::numeric_limits<U>::digits;  // bit width

template <class U>
constexpr Partial<U> trap(const char* message) {
  return Partial<U>{U{}, message};
}

}  // namespace detail

// §4.3.1 "Floating-Point" representation: fbits_N(z) = sign, E exponent bits, M significand bits.
template <class F>
struct FloatBits {
  static_assert(detail::is_float_v<F>);
  using Bits = std::conditional_t<std::is_same_v<F, float>, u32, u64>;
  static constexpr int N = sizeof(F) * 8;
  static constexpr int M = std::numeric_limits<F>::digits - 1;  // significand(N): 23 / 52
  static constexpr int E = N - 1 - M;                             // exponent(N): 8 / 11
  static constexpr int bias = (1 << (E - 1)) - 1;                 // fbias_N: 127 / 1023
  static constexpr Bits sign_mask = Bits{1} << (N - 1);
  static constexpr Bits exp_mask = ((Bits{1} << E) - 1) << M;
  static constexpr Bits payload_mask = (Bits{1} << M) - 1;
  // §2.2.3 canon_N = 2^(M-1): the canonical payload, also the "quiet" bit of arithmetic NaNs.
  static constexpr Bits canon = Bits{1} << (M - 1);

  static constexpr Bits bits(F z) { return std::bit_cast<Bits>(z); }
  static constexpr F from_bits(Bits b) { return std::bit_cast<F>(b); }
  static constexpr bool sign(F z) { return (bits(z) & sign_mask) != 0; }
  static constexpr Bits payload(F z) { return bits(z) & payload_mask; }
  static constexpr bool is_nan(F z) {
    return (bits(z) & exp_mask) == exp_mask && payload(z) != 0;
  }
  static constexpr bool is_inf(F z) {
    return (bits(z) & exp_mask) == exp_mask && payload(z) == 0;
  }
  static constexpr bool is_zero(F z) { return (bits(z) & ~sign_mask) == 0; }
};

// §2.2.3: a NaN is canonical when its payload is canon_N, arithmetic when payload >= canon_N.
template <class F>
constexpr bool is_canonical_nan(F z) {
  return FloatBits<F>::is_nan(z) && FloatBits<F>::payload(z) == FloatBits<F>::canon;
}
template <class F>
constexpr bool is_arithmetic_nan(F z) {
  return FloatBits<F>::is_nan(z) && (FloatBits<F>::payload(z) & FloatBits<F>::canon) != 0;
}

// +NaN(canon_N): the element of nans_N{} this implementation returns.
template <class F>
constexpr F canonical_nan() {
  using B = FloatBits<F>;
  return B::from_bits(B::exp_mask | B::canon);
}

// §4.3.3 "NaN Propagation", nans_N{z*}. The set is non-deterministic; this implementation
// picks one element, deterministically:
//  - no NaN among z*: +NaN(canon_N) (nans_N{} contains only canonical NaNs);
//  - otherwise the first NaN operand, with its sign and payload kept and the canon_N bit set.
//    If every NaN operand is canonical this is canonical (first clause of nans_N); otherwise it
//    is an arithmetic NaN (second clause), i.e. the IEEE-recommended payload propagation.
template <class F>
constexpr F nans() {
  return canonical_nan<F>();
}
template <class F>
constexpr F nans(F z) {
  using B = FloatBits<F>;
  if (!B::is_nan(z)) return nans<F>();
  return B::from_bits(B::bits(z) | B::canon);
}
template <class F>
constexpr F nans(F z1, F z2) {
  return FloatBits<F>::is_nan(z1) ? nans(z1) : nans(z2);
}

// §4.3.3 "Rounding", ieee_N(r) for r = (-1)^negative * m * 2^e (every rational this chapter
// rounds to a float is of that form: integers for convert, binary64 values for demote).
// Round to nearest, ties to even, with gradual underflow (subnormals), overflow to +-inf
// (r at or beyond limit_N, or a tie with the largest finite value, since even(limit_N)), and
// rectify: a result of zero keeps the sign of r. m = 0 is the exact zero, which is +0.
template <class F>
constexpr F ieee(bool negative, u64 m, int e) {
  using B = FloatBits<F>;
  using Bits = typename B::Bits;
  constexpr int P = B::M + 1;                // precision: significand bits with the hidden one
  constexpr int qmin = 1 - B::bias - B::M;   // exponent of the least subnormal: -149 / -1074
  constexpr int emax = B::bias;              // exponent of the largest binade: 127 / 1023
  if (m == 0) return F{0};                   // ieee_N(0) = +0
  const Bits sign = negative ? B::sign_mask : Bits{0};
  const int width = std::bit_width(m);
  // q: exponent of the last significand bit kept. P bits for a normal result, fewer when that
  // would go below the subnormal quantum 2^qmin.
  const int q = std::max(e + width - P, qmin);
  const int shift = q - e;
  u64 keep;
  int exponent = q;
  if (shift <= 0) {  // exact: r is a candidate (at most P significant bits at quantum 2^q)
    keep = m << -shift;
  } else if (shift > 64) {  // r < 2^(q-1): nearer to zero than to 2^q
    keep = 0;
  } else {  // between the candidates keep*2^q and (keep+1)*2^q: closest, ties to even
    keep = shift == 64 ? 0 : m >> shift;
    const u64 rem = shift == 64 ? m : m & ((u64{1} << shift) - 1);
    const u64 half = u64{1} << (shift - 1);
    if (rem > half || (rem == half && (keep & 1) != 0)) ++keep;
    if (keep == (u64{1} << P)) {  // rounded up into the next binade
      keep >>= 1;
      ++exponent;
    }
  }
  if (keep == 0) return B::from_bits(sign);  // rectify_N(r, 0) = +-0 by the sign of r
  if (keep < (u64{1} << (P - 1))) {           // subnormal: exponent == qmin, biased exponent 0
    return B::from_bits(sign | static_cast<Bits>(keep));
  }
  const int unbiased = exponent + P - 1;  // r = 1.f * 2^unbiased
  if (unbiased > emax) return B::from_bits(sign | B::exp_mask);  // rectify_N(r, limit) = inf
  const Bits biased = static_cast<Bits>(unbiased + B::bias);
  return B::from_bits(sign | (biased << B::M) | (static_cast<Bits>(keep) & B::payload_mask));
}

// ============================================================================================
// §4.3.2 Integer Operations
// ============================================================================================

// "Sign Interpretation": signed_N and its inverse (conversions between same-width integer
// types are modular since C++20).
template <class U>
constexpr detail::Signed<U> signed_(U i) {
  return static_cast<detail::Signed<U>>(i);
}
template <class U>
constexpr U signed_inv(detail::Signed<U> j) {
  return static_cast<U>(j);
}

// "Boolean Interpretation"
constexpr u32 bool_(bool c) { return c ? 1u : 0u; }

// iadd_N, isub_N, imul_N: modulo 2^N, which is unsigned arithmetic (U is never promoted to a
// signed type: u32 is unsigned int).
template <class U>
constexpr U iadd(U i1, U i2) {
  static_assert(detail::is_int_v<U>);
  return static_cast<U>(i1 + i2);
}
template <class U>
constexpr U isub(U i1, U i2) {
  static_assert(detail::is_int_v<U>);
  return static_cast<U>(i1 - i2);
}
template <class U>
constexpr U imul(U i1, U i2) {
  static_assert(detail::is_int_v<U>);
  return static_cast<U>(i1 * i2);
}

// idiv_u_N: undefined (trap) for i2 = 0, else trunc(i1 / i2).
template <class U>
constexpr Partial<U> idiv_u(U i1, U i2) {
  static_assert(detail::is_int_v<U>);
  if (i2 == 0) return detail::trap<U>(msg::integer_divide_by_zero);
  return {static_cast<U>(i1 / i2)};
}

// idiv_s_N: undefined for j2 = 0, and for j1 / j2 = 2^(N-1) (only -2^(N-1) / -1, which C++
// division would also leave undefined).
template <class U>
constexpr Partial<U> idiv_s(U i1, U i2) {
  static_assert(detail::is_int_v<U>);
  using S = detail::Signed<U>;
  const S j1 = signed_(i1);
  const S j2 = signed_(i2);
  if (j2 == 0) return detail::trap<U>(msg::integer_divide_by_zero);
  if (j1 == std::numeric_limits<S>::min() && j2 == -1) {
    return detail::trap<U>(msg::integer_overflow);
  }
  return {signed_inv<U>(static_cast<S>(j1 / j2))};  // C++ '/' truncates toward zero
}

// irem_u_N: undefined for i2 = 0, else i1 - i2 * trunc(i1 / i2).
template <class U>
constexpr Partial<U> irem_u(U i1, U i2) {
  static_assert(detail::is_int_v<U>);
  if (i2 == 0) return detail::trap<U>(msg::integer_divide_by_zero);
  return {static_cast<U>(i1 % i2)};
}

// irem_s_N: undefined for i2 = 0, else j1 - j2 * trunc(j1 / j2), sign of the dividend.
template <class U>
constexpr Partial<U> irem_s(U i1, U i2) {
  static_assert(detail::is_int_v<U>);
  using S = detail::Signed<U>;
  const S j1 = signed_(i1);
  const S j2 = signed_(i2);
  if (j2 == 0) return detail::trap<U>(msg::integer_divide_by_zero);
  // j1 - (-1) * trunc(j1 / -1) = 0 for every j1; computed here because C++ '%' is undefined
  // for -2^(N-1) % -1 (the quotient overflows), where the spec's result is 0.
  if (j2 == -1) return {U{0}};
  return {signed_inv<U>(static_cast<S>(j1 % j2))};  // C++ '%' has the sign of the dividend
}

// iand_N, ior_N, ixor_N: bitwise.
template <class U>
constexpr U iand(U i1, U i2) {
  static_assert(detail::is_int_v<U>);
  return static_cast<U>(i1 & i2);
}
template <class U>
constexpr U ior(U i1, U i2) {
  static_assert(detail::is_int_v<U>);
  return static_cast<U>(i1 | i2);
}
template <class U>
constexpr U ixor(U i1, U i2) {
  static_assert(detail::is_int_v<U>);
  return static_cast<U>(i1 ^ i2);
}

// ishl_N, ishr_u_N, ishr_s_N, irotl_N, irotr_N: k = i2 mod N (also keeps the C++ shift count
// below N, where it would be undefined).
template <class U>
constexpr U ishl(U i1, U i2) {
  static_assert(detail::is_int_v<U>);
  const unsigned k = static_cast<unsigned>(i2 % detail::N<U>);
  return static_cast<U>(i1 << k);
}
template <class U>
constexpr U ishr_u(U i1, U i2) {
  static_assert(detail::is_int_v<U>);
  const unsigned k = static_cast<unsigned>(i2 % detail::N<U>);
  return static_cast<U>(i1 >> k);
}
template <class U>
constexpr U ishr_s(U i1, U i2) {
  static_assert(detail::is_int_v<U>);
  const unsigned k = static_cast<unsigned>(i2 % detail::N<U>);
  // Right shift of a negative signed value is arithmetic (copies d0) in C++20.
  return signed_inv<U>(static_cast<detail::Signed<U>>(signed_(i1) >> k));
}
template <class U>
constexpr U irotl(U i1, U i2) {
  static_assert(detail::is_int_v<U>);
  const int k = static_cast<int>(i2 % detail::N<U>);
  return std::rotl(i1, k);
}
template <class U>
constexpr U irotr(U i1, U i2) {
  static_assert(detail::is_int_v<U>);
  const int k = static_cast<int>(i2 % detail::N<U>);
  return std::rotr(i1, k);
}

// iclz_N, ictz_N: all N bits count when i = 0 (as std::countl_zero/countr_zero define it).
template <class U>
constexpr U iclz(U i) {
  static_assert(detail::is_int_v<U>);
  return static_cast<U>(std::countl_zero(i));
}
template <class U>
constexpr U ictz(U i) {
  static_assert(detail::is_int_v<U>);
  return static_cast<U>(std::countr_zero(i));
}
template <class U>
constexpr U ipopcnt(U i) {
  static_assert(detail::is_int_v<U>);
  return static_cast<U>(std::popcount(i));
}

// ieqz_N and the relational operators: bool(C), an i32.
template <class U>
constexpr u32 ieqz(U i) {
  static_assert(detail::is_int_v<U>);
  return bool_(i == 0);
}
template <class U>
constexpr u32 ieq(U i1, U i2) {
  static_assert(detail::is_int_v<U>);
  return bool_(i1 == i2);
}
template <class U>
constexpr u32 ine(U i1, U i2) {
  static_assert(detail::is_int_v<U>);
  return bool_(i1 != i2);
}
template <class U>
constexpr u32 ilt_u(U i1, U i2) {
  static_assert(detail::is_int_v<U>);
  return bool_(i1 < i2);
}
template <class U>
constexpr u32 ilt_s(U i1, U i2) {
  static_assert(detail::is_int_v<U>);
  return bool_(signed_(i1) < signed_(i2));
}
template <class U>
constexpr u32 igt_u(U i1, U i2) {
  static_assert(detail::is_int_v<U>);
  return bool_(i1 > i2);
}
template <class U>
constexpr u32 igt_s(U i1, U i2) {
  static_assert(detail::is_int_v<U>);
  return bool_(signed_(i1) > signed_(i2));
}
template <class U>
constexpr u32 ile_u(U i1, U i2) {
  static_assert(detail::is_int_v<U>);
  return bool_(i1 <= i2);
}
template <class U>
constexpr u32 ile_s(U i1, U i2) {
  static_assert(detail::is_int_v<U>);
  return bool_(signed_(i1) <= signed_(i2));
}
template <class U>
constexpr u32 ige_u(U i1, U i2) {
  static_assert(detail::is_int_v<U>);
  return bool_(i1 >= i2);
}
template <class U>
constexpr u32 ige_s(U i1, U i2) {
  static_assert(detail::is_int_v<U>);
  return bool_(signed_(i1) >= signed_(i2));
}

// iextendM_s_N(i) = extend_s_{M,N}(wrap_{N,M}(i)): move the low M bits to the top, then an
// arithmetic right shift copies bit M-1 into the N-M high bits.
template <unsigned M, class U>
constexpr U iextend_s(U i) {
  static_assert(detail::is_int_v<U>);
  static_assert(M > 0 && M < detail::N<U>);
  constexpr unsigned k = detail::N<U> - M;
  return signed_inv<U>(static_cast<detail::Signed<U>>(signed_(static_cast<U>(i << k)) >> k));
}

// ============================================================================================
// §4.3.3 Floating-Point Operations
// ============================================================================================

// fadd_N. NaN operands -> nans{z1, z2}; inf + -inf -> nans{}; every other case (infinities,
// signed zeros, +q + -q = +0, rounding) is IEEE addition in round-to-nearest.
template <class F>
inline F fadd(F z1, F z2) {
  using B = FloatBits<F>;
  if (B::is_nan(z1) || B::is_nan(z2)) return nans(z1, z2);
  if (B::is_inf(z1) && B::is_inf(z2) && B::sign(z1) != B::sign(z2)) return nans<F>();
  return z1 + z2;
}

// fsub_N. NaN operands -> nans{z1, z2}; inf - inf of equal signs -> nans{}; otherwise IEEE.
template <class F>
inline F fsub(F z1, F z2) {
  using B = FloatBits<F>;
  if (B::is_nan(z1) || B::is_nan(z2)) return nans(z1, z2);
  if (B::is_inf(z1) && B::is_inf(z2) && B::sign(z1) == B::sign(z2)) return nans<F>();
  return z1 - z2;
}

// fmul_N. NaN operands -> nans{z1, z2}; zero times infinity -> nans{}; otherwise IEEE (the
// sign of infinities and zeros is the xor of the operand signs).
template <class F>
inline F fmul(F z1, F z2) {
  using B = FloatBits<F>;
  if (B::is_nan(z1) || B::is_nan(z2)) return nans(z1, z2);
  if ((B::is_inf(z1) && B::is_zero(z2)) || (B::is_zero(z1) && B::is_inf(z2))) {
    return nans<F>();
  }
  return z1 * z2;
}

// fdiv_N. NaN operands -> nans{z1, z2}; inf / inf and 0 / 0 -> nans{}; q / +-0 -> +-inf by the
// signs (done here: C++ leaves division by zero undefined); otherwise IEEE.
template <class F>
inline F fdiv(F z1, F z2) {
  using B = FloatBits<F>;
  if (B::is_nan(z1) || B::is_nan(z2)) return nans(z1, z2);
  if (B::is_inf(z1) && B::is_inf(z2)) return nans<F>();
  if (B::is_zero(z2)) {
    if (B::is_zero(z1)) return nans<F>();
    const bool negative = B::sign(z1) != B::sign(z2);
    return B::from_bits((negative ? B::sign_mask : 0) | B::exp_mask);  // +-inf
  }
  return z1 / z2;
}

// fmin_N, clause by clause.
template <class F>
inline F fmin(F z1, F z2) {
  using B = FloatBits<F>;
  if (B::is_nan(z1) || B::is_nan(z2)) return nans(z1, z2);
  if (B::is_inf(z1)) return B::sign(z1) ? z1 : z2;  // fmin(-inf, z2) = -inf; fmin(+inf, z2) = z2
  if (B::is_inf(z2)) return B::sign(z2) ? z2 : z1;
  if (B::is_zero(z1) && B::is_zero(z2)) return B::sign(z1) ? z1 : z2;  // fmin(+-0, -+0) = -0
  return z1 <= z2 ? z1 : z2;
}

// fmax_N, clause by clause.
template <class F>
inline F fmax(F z1, F z2) {
  using B = FloatBits<F>;
  if (B::is_nan(z1) || B::is_nan(z2)) return nans(z1, z2);
  if (B::is_inf(z1)) return B::sign(z1) ? z2 : z1;  // fmax(+inf, z2) = +inf; fmax(-inf, z2) = z2
  if (B::is_inf(z2)) return B::sign(z2) ? z1 : z2;
  if (B::is_zero(z1) && B::is_zero(z2)) return B::sign(z1) ? z2 : z1;  // fmax(+-0, -+0) = +0
  return z1 >= z2 ? z1 : z2;
}

// fcopysign_N, fabs_N, fneg_N: operations on the sign bit only, NaN payloads untouched (these
// three are exempt from nans{}).
template <class F>
constexpr F fcopysign(F z1, F z2) {
  using B = FloatBits<F>;
  return B::from_bits((B::bits(z1) & ~B::sign_mask) | (B::bits(z2) & B::sign_mask));
}
template <class F>
constexpr F fabs(F z) {
  using B = FloatBits<F>;
  return B::from_bits(B::bits(z) & ~B::sign_mask);
}
template <class F>
constexpr F fneg(F z) {
  using B = FloatBits<F>;
  return B::from_bits(B::bits(z) ^ B::sign_mask);
}

// fsqrt_N. NaN -> nans{z}; -inf and negative values -> nans{}; +-0 -> +-0; +inf -> +inf;
// otherwise ieee_N(sqrt(q)), which IEEE squareRoot (std::sqrt) computes correctly rounded.
template <class F>
inline F fsqrt(F z) {
  using B = FloatBits<F>;
  if (B::is_nan(z)) return nans(z);
  if (B::is_zero(z)) return z;
  if (B::sign(z)) return nans<F>();
  return std::sqrt(z);
}

// fceil_N, ffloor_N, ftrunc_N. NaN -> nans{z}; infinities and zeros are returned as they are;
// otherwise the integral value (exactly representable, so no rounding): std::ceil/floor/trunc
// are exact and keep the sign of z, so ceil of (-1, 0) is -0, floor of (0, 1) is +0, and
// trunc of (-1, 0) / (0, 1) is -0 / +0, as the spec's clauses say.
template <class F>
inline F fceil(F z) {
  using B = FloatBits<F>;
  if (B::is_nan(z)) return nans(z);
  if (B::is_inf(z) || B::is_zero(z)) return z;
  return std::ceil(z);
}
template <class F>
inline F ffloor(F z) {
  using B = FloatBits<F>;
  if (B::is_nan(z)) return nans(z);
  if (B::is_inf(z) || B::is_zero(z)) return z;
  return std::floor(z);
}
template <class F>
inline F ftrunc(F z) {
  using B = FloatBits<F>;
  if (B::is_nan(z)) return nans(z);
  if (B::is_inf(z) || B::is_zero(z)) return z;
  return std::trunc(z);
}

// fnearest_N. NaN -> nans{z}; infinities and zeros unchanged; 0 < |q| <= 0.5 -> zero of the
// sign of z; otherwise the nearest integral value, ties to the even one. Computed from the
// exact trunc(q) and the exact fraction q - trunc(q) (exact: both share q's binade or below),
// independent of the current rounding mode.
template <class F>
inline F fnearest(F z) {
  using B = FloatBits<F>;
  if (B::is_nan(z)) return nans(z);
  if (B::is_inf(z) || B::is_zero(z)) return z;
  const F q = num::fabs(z);
  // From 2^M on every value is integral (and trunc + 1 could round).
  if (q >= static_cast<F>(u64{1} << B::M)) return z;
  const F i = std::trunc(q);
  const F fraction = q - i;
  F nearest = i;
  if (fraction > F(0.5) || (fraction == F(0.5) && (static_cast<u64>(i) & 1) != 0)) nearest = i + 1;
  return num::fcopysign(nearest, z);  // includes the +-0 results for 0 < |q| <= 0.5
}

// feq_N, fne_N, flt_N, fgt_N, fle_N, fge_N. The IEEE comparison predicates of C++ are the
// spec's clauses: any NaN operand compares unordered (0, and 1 for fne), +0 equals -0, the
// infinities are the extreme values.
template <class F>
constexpr u32 feq(F z1, F z2) {
  static_assert(detail::is_float_v<F>);
  return bool_(z1 == z2);
}
template <class F>
constexpr u32 fne(F z1, F z2) {
  static_assert(detail::is_float_v<F>);
  return bool_(!(z1 == z2));
}
template <class F>
constexpr u32 flt(F z1, F z2) {
  static_assert(detail::is_float_v<F>);
  return bool_(z1 < z2);
}
template <class F>
constexpr u32 fgt(F z1, F z2) {
  static_assert(detail::is_float_v<F>);
  return bool_(z1 > z2);
}
template <class F>
constexpr u32 fle(F z1, F z2) {
  static_assert(detail::is_float_v<F>);
  return bool_(z1 <= z2);
}
template <class F>
constexpr u32 fge(F z1, F z2) {
  static_assert(detail::is_float_v<F>);
  return bool_(z1 >= z2);
}

// ============================================================================================
// §4.3.4 Conversions
// ============================================================================================

// wrap_{64,32}: i mod 2^32.
constexpr u32 wrap(u64 i) { return static_cast<u32>(i); }
// extend_u_{32,64}: the same value.
constexpr u64 extend_u(u32 i) { return i; }
// extend_s_{32,64}: signed_64^-1(signed_32(i)).
constexpr u64 extend_s(u32 i) { return static_cast<u64>(static_cast<i64>(signed_(i))); }

namespace detail {

// The range check of trunc_u / trunc_s on t = trunc(z), an integral value of F (exact, and
// -0 for z in (-1, 0)): 2^(N-1) and 2^N are powers of two, exactly representable in F, so the
// comparisons are exact; once in range, the C++ conversion of t is exact and defined.
template <class U, class F>
constexpr bool in_range_u(F t) {
  return t > F(-1) && t < static_cast<F>(2) * static_cast<F>(U{1} << (N<U> - 1));
}
template <class U, class F>
constexpr bool in_range_s(F t) {
  const F two_n_1 = static_cast<F>(U{1} << (N<U> - 1));  // 2^(N-1)
  return t >= -two_n_1 && t < two_n_1;
}

}  // namespace detail

// trunc_u_{M,N}: NaN -> "invalid conversion to integer"; infinities and trunc(z) outside
// (-1, 2^N) -> "integer overflow".
template <class U, class F>
inline Partial<U> trunc_u(F z) {
  static_assert(detail::is_int_v<U> && detail::is_float_v<F>);
  if (FloatBits<F>::is_nan(z)) return detail::trap<U>(msg::invalid_conversion_to_integer);
  if (FloatBits<F>::is_inf(z)) return detail::trap<U>(msg::integer_overflow);
  const F t = std::trunc(z);
  if (!detail::in_range_u<U>(t)) return detail::trap<U>(msg::integer_overflow);
  return {static_cast<U>(t)};
}

// trunc_s_{M,N}: NaN -> "invalid conversion to integer"; infinities and trunc(z) outside
// (-2^(N-1) - 1, 2^(N-1)) -> "integer overflow".
template <class U, class F>
inline Partial<U> trunc_s(F z) {
  static_assert(detail::is_int_v<U> && detail::is_float_v<F>);
  if (FloatBits<F>::is_nan(z)) return detail::trap<U>(msg::invalid_conversion_to_integer);
  if (FloatBits<F>::is_inf(z)) return detail::trap<U>(msg::integer_overflow);
  const F t = std::trunc(z);
  if (!detail::in_range_s<U>(t)) return detail::trap<U>(msg::integer_overflow);
  return {signed_inv<U>(static_cast<detail::Signed<U>>(t))};
}

// trunc_sat_u_{M,N}: NaN -> 0, -inf -> 0, +inf -> 2^N - 1, else sat_u_N(trunc(z)).
template <class U, class F>
inline U trunc_sat_u(F z) {
  static_assert(detail::is_int_v<U> && detail::is_float_v<F>);
  if (FloatBits<F>::is_nan(z)) return 0;
  if (FloatBits<F>::is_inf(z)) return FloatBits<F>::sign(z) ? U{0} : ~U{0};
  const F t = std::trunc(z);
  if (t <= F(-1)) return 0;                             // sat_u: i < 0
  if (!detail::in_range_u<U>(t)) return ~U{0};          // sat_u: i > 2^N - 1
  return static_cast<U>(t);
}

// trunc_sat_s_{M,N}: NaN -> 0, -inf -> -2^(N-1), +inf -> 2^(N-1) - 1, else sat_s_N(trunc(z)).
template <class U, class F>
inline U trunc_sat_s(F z) {
  static_assert(detail::is_int_v<U> && detail::is_float_v<F>);
  using S = detail::Signed<U>;
  constexpr U min = signed_inv<U>(std::numeric_limits<S>::min());
  constexpr U max = signed_inv<U>(std::numeric_limits<S>::max());
  if (FloatBits<F>::is_nan(z)) return 0;
  if (FloatBits<F>::is_inf(z)) return FloatBits<F>::sign(z) ? min : max;
  const F t = std::trunc(z);
  if (!detail::in_range_s<U>(t)) return t < F(0) ? min : max;
  return signed_inv<U>(static_cast<S>(t));
}

// promote_{32,64}: canonical NaN -> nans_64{} (canonical); other NaN -> an arithmetic NaN: the
// one keeping the sign and the payload's bits at the top, quiet bit set; otherwise z (exact).
inline double promote(float z) {
  using B32 = FloatBits<float>;
  using B64 = FloatBits<double>;
  if (B32::is_nan(z)) {
    const u64 sign = B32::sign(z) ? B64::sign_mask : 0;
    const u64 payload = u64{B32::payload(z)} << (B64::M - B32::M);
    return B64::from_bits(sign | B64::exp_mask | payload | B64::canon);  // canon -> canon
  }
  return static_cast<double>(z);  // every binary32 value is a binary64 value
}

// demote_{64,32}: canonical NaN -> nans_32{}; other NaN -> an arithmetic NaN keeping the sign
// and the top bits of the payload; infinities and zeros unchanged; otherwise ieee_32(z),
// rounded here explicitly (C++ leaves out-of-range double -> float conversions undefined).
inline float demote(double z) {
  using B32 = FloatBits<float>;
  using B64 = FloatBits<double>;
  const bool negative = B64::sign(z);
  if (B64::is_nan(z)) {
    const u32 sign = negative ? B32::sign_mask : 0;
    const u32 payload = static_cast<u32>(B64::payload(z) >> (B64::M - B32::M));
    return B32::from_bits(sign | B32::exp_mask | payload | B32::canon);  // canon -> canon
  }
  if (B64::is_inf(z)) return B32::from_bits((negative ? B32::sign_mask : 0) | B32::exp_mask);
  if (B64::is_zero(z)) return B32::from_bits(negative ? B32::sign_mask : 0);
  // z = +-m * 2^(e - bias - M), m with the hidden bit for normals, e = 1 for subnormals.
  const u64 biased = (B64::bits(z) & B64::exp_mask) >> B64::M;
  const u64 m = biased == 0 ? B64::payload(z) : (B64::payload(z) | (u64{1} << B64::M));
  const int e = (biased == 0 ? 1 : static_cast<int>(biased)) - B64::bias - B64::M;
  return ieee<float>(negative, m, e);
}

// convert_u_{M,N}(i) = ieee_N(i), rounded explicitly (e.g. u64 -> f32 needs one correct
// rounding, not two).
template <class F, class U>
constexpr F convert_u(U i) {
  static_assert(detail::is_int_v<U> && detail::is_float_v<F>);
  return ieee<F>(false, static_cast<u64>(i), 0);
}

// convert_s_{M,N}(i) = ieee_N(signed_M(i)): the magnitude as u64 (0 - x in unsigned
// arithmetic, defined also for -2^(M-1)) and the sign.
template <class F, class U>
constexpr F convert_s(U i) {
  static_assert(detail::is_int_v<U> && detail::is_float_v<F>);
  const i64 j = signed_(i);
  const u64 magnitude = j < 0 ? u64{0} - static_cast<u64>(j) : static_cast<u64>(j);
  return ieee<F>(j < 0, magnitude, 0);
}

// reinterpret_{t1,t2}: bits_t2^-1(bits_t1(c)).
template <class To, class From>
constexpr To reinterpret(From c) {
  static_assert(sizeof(To) == sizeof(From));
  return std::bit_cast<To>(c);
}

}  // namespace wasmref::num
