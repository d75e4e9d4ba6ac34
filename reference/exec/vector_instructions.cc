// Core 2.0 §4.4.3 Vector Instructions (exec/instructions.rst): every vector instruction that
// touches neither memory nor locals, one case per instruction, each reading like its rule.
// The lane operators are exec/vector.h (integers) and exec/numerics.h (floats, conversions).
#include "exec/vector_instructions.h"

#include <bit>
#include <optional>

#include "exec/numerics.h"
#include "exec/vector.h"

namespace wasmref {

namespace {

using vec::Half;
using vec::Sx;
using vec::V128;

// Results: a v128, or a scalar in `lo` (i32/f32 bit patterns zero-extended).
Slot v128_result(const V128& c) { return slot_of(c); }
Slot i32_result(u32 i) { return Slot{i, 0}; }
Slot i64_result(u64 i) { return Slot{i, 0}; }
Slot f32_result(float z) { return Slot{std::bit_cast<u32>(z), 0}; }
Slot f64_result(double z) { return Slot{std::bit_cast<u64>(z), 0}; }

// Scalar operands: the bit pattern in the low bits of `lo`.
u32 i32_of(const Slot& s) { return static_cast<u32>(s.lo); }
u64 i64_of(const Slot& s) { return s.lo; }
float f32_of(const Slot& s) { return std::bit_cast<float>(static_cast<u32>(s.lo)); }
double f64_of(const Slot& s) { return std::bit_cast<double>(s.lo); }

// An "Assert: due to validation" that does not hold: our bug, reported through `broken`.
Slot broken_invariant(bool* broken) {
  if (broken) *broken = true;
  return Slot{};
}

// txN.extract_lane_sx? x: lanes(c1)[x], the lane before extend^sx?_{t1,t2}. Assert: due to
// validation, x < N; nullopt when not.
template <class L>
std::optional<L> lane_of(const Slot& c1, u32 x) {
  if (x >= vec::dim<L>) return std::nullopt;
  return vec::lanes<L>(v128_of(c1))[x];
}

// shape.replace_lane x: lanes^-1(lanes(c1) with [x] = c2). Assert: due to validation,
// x < dim(shape); nullopt when not.
template <class L>
std::optional<V128> replace_lane(const Slot& c1, u32 x, L c2) {
  if (x >= vec::dim<L>) return std::nullopt;
  vec::Lanes<L> i = vec::lanes<L>(v128_of(c1));
  i[x] = c2;
  return vec::lanes_inv<L>(i);
}

}  // namespace

bool is_pure_vector_instr(Op op) {
  const OpInfo& info = op_info(op);
  return info.prefix == 0xFD &&
         (info.imm == Imm::none || info.imm == Imm::laneidx || info.imm == Imm::shuffle);
}

Slot vector_instr(const Instr& in, const Module& module, const Slot* args, bool* broken) {
  // Operands in push order: c1 = args[0], c2 = args[1], c3 = args[2]; each case reads only as
  // many as its signature has.
  const auto c1 = [args] { return v128_of(args[0]); };
  const auto c2 = [args] { return v128_of(args[1]); };
  const auto c3 = [args] { return v128_of(args[2]); };
  const auto s = [args] { return i32_of(args[1]); };  // the i32 shift count of vishiftop
  const u32 x = in.x;                                 // lane index (laneidx)

  switch (in.op) {
    // ---- i8x16.shuffle x*, i8x16.swizzle --------------------------------------------------
    case Op::i8x16_shuffle: {
      if (in.x >= module.v128_immediates.size()) return broken_invariant(broken);
      const std::optional<V128> c = vec::shuffle(c1(), c2(), module.v128_immediates[in.x]);
      if (!c) return broken_invariant(broken);  // Assert: due to validation, x_i < 32
      return v128_result(*c);
    }
    case Op::i8x16_swizzle: return v128_result(vec::swizzle(c1(), c2()));

    // ---- shape.splat: c1 of type unpacked(shape), packed lanes keep c1 mod 2^|t| ------------
    case Op::i8x16_splat: return v128_result(vec::splat<u8>(static_cast<u8>(i32_of(args[0]))));
    case Op::i16x8_splat: return v128_result(vec::splat<u16>(static_cast<u16>(i32_of(args[0]))));
    case Op::i32x4_splat: return v128_result(vec::splat<u32>(i32_of(args[0])));
    case Op::i64x2_splat: return v128_result(vec::splat<u64>(i64_of(args[0])));
    case Op::f32x4_splat: return v128_result(vec::splat<float>(f32_of(args[0])));
    case Op::f64x2_splat: return v128_result(vec::splat<double>(f64_of(args[0])));

    // ---- txN.extract_lane_sx? x: i32x4, i64x2, f32x4, f64x2 have t1 = t2, no extension ----
    case Op::i8x16_extract_lane_s: {
      const std::optional<u8> i = lane_of<u8>(args[0], x);
      if (!i) break;
      return i32_result(vec::extend<u32, Sx::s>(*i));
    }
    case Op::i8x16_extract_lane_u: {
      const std::optional<u8> i = lane_of<u8>(args[0], x);
      if (!i) break;
      return i32_result(vec::extend<u32, Sx::u>(*i));
    }
    case Op::i16x8_extract_lane_s: {
      const std::optional<u16> i = lane_of<u16>(args[0], x);
      if (!i) break;
      return i32_result(vec::extend<u32, Sx::s>(*i));
    }
    case Op::i16x8_extract_lane_u: {
      const std::optional<u16> i = lane_of<u16>(args[0], x);
      if (!i) break;
      return i32_result(vec::extend<u32, Sx::u>(*i));
    }
    case Op::i32x4_extract_lane: {
      const std::optional<u32> i = lane_of<u32>(args[0], x);
      if (!i) break;
      return i32_result(*i);
    }
    case Op::i64x2_extract_lane: {
      const std::optional<u64> i = lane_of<u64>(args[0], x);
      if (!i) break;
      return i64_result(*i);
    }
    case Op::f32x4_extract_lane: {
      const std::optional<float> i = lane_of<float>(args[0], x);
      if (!i) break;
      return f32_result(*i);
    }
    case Op::f64x2_extract_lane: {
      const std::optional<double> i = lane_of<double>(args[0], x);
      if (!i) break;
      return f64_result(*i);
    }

    // ---- shape.replace_lane x: c2 of type unpacked(shape), packed lanes keep c2 mod 2^|t| ---
    case Op::i8x16_replace_lane: {
      const std::optional<V128> c = replace_lane<u8>(args[0], x, static_cast<u8>(i32_of(args[1])));
      if (!c) break;
      return v128_result(*c);
    }
    case Op::i16x8_replace_lane: {
      const std::optional<V128> c =
          replace_lane<u16>(args[0], x, static_cast<u16>(i32_of(args[1])));
      if (!c) break;
      return v128_result(*c);
    }
    case Op::i32x4_replace_lane: {
      const std::optional<V128> c = replace_lane<u32>(args[0], x, i32_of(args[1]));
      if (!c) break;
      return v128_result(*c);
    }
    case Op::i64x2_replace_lane: {
      const std::optional<V128> c = replace_lane<u64>(args[0], x, i64_of(args[1]));
      if (!c) break;
      return v128_result(*c);
    }
    case Op::f32x4_replace_lane: {
      const std::optional<V128> c = replace_lane<float>(args[0], x, f32_of(args[1]));
      if (!c) break;
      return v128_result(*c);
    }
    case Op::f64x2_replace_lane: {
      const std::optional<V128> c = replace_lane<double>(args[0], x, f64_of(args[1]));
      if (!c) break;
      return v128_result(*c);
    }

    // ---- txN.vrelop: all-ones / all-zeros lanes --------------------------------------------
    case Op::i8x16_eq: return v128_result(vec::vrelop<u8>(c1(), c2(), vec::ieq<u8>));
    case Op::i8x16_ne: return v128_result(vec::vrelop<u8>(c1(), c2(), vec::ine<u8>));
    case Op::i8x16_lt_s: return v128_result(vec::vrelop<u8>(c1(), c2(), vec::ilt_s<u8>));
    case Op::i8x16_lt_u: return v128_result(vec::vrelop<u8>(c1(), c2(), vec::ilt_u<u8>));
    case Op::i8x16_gt_s: return v128_result(vec::vrelop<u8>(c1(), c2(), vec::igt_s<u8>));
    case Op::i8x16_gt_u: return v128_result(vec::vrelop<u8>(c1(), c2(), vec::igt_u<u8>));
    case Op::i8x16_le_s: return v128_result(vec::vrelop<u8>(c1(), c2(), vec::ile_s<u8>));
    case Op::i8x16_le_u: return v128_result(vec::vrelop<u8>(c1(), c2(), vec::ile_u<u8>));
    case Op::i8x16_ge_s: return v128_result(vec::vrelop<u8>(c1(), c2(), vec::ige_s<u8>));
    case Op::i8x16_ge_u: return v128_result(vec::vrelop<u8>(c1(), c2(), vec::ige_u<u8>));
    case Op::i16x8_eq: return v128_result(vec::vrelop<u16>(c1(), c2(), vec::ieq<u16>));
    case Op::i16x8_ne: return v128_result(vec::vrelop<u16>(c1(), c2(), vec::ine<u16>));
    case Op::i16x8_lt_s: return v128_result(vec::vrelop<u16>(c1(), c2(), vec::ilt_s<u16>));
    case Op::i16x8_lt_u: return v128_result(vec::vrelop<u16>(c1(), c2(), vec::ilt_u<u16>));
    case Op::i16x8_gt_s: return v128_result(vec::vrelop<u16>(c1(), c2(), vec::igt_s<u16>));
    case Op::i16x8_gt_u: return v128_result(vec::vrelop<u16>(c1(), c2(), vec::igt_u<u16>));
    case Op::i16x8_le_s: return v128_result(vec::vrelop<u16>(c1(), c2(), vec::ile_s<u16>));
    case Op::i16x8_le_u: return v128_result(vec::vrelop<u16>(c1(), c2(), vec::ile_u<u16>));
    case Op::i16x8_ge_s: return v128_result(vec::vrelop<u16>(c1(), c2(), vec::ige_s<u16>));
    case Op::i16x8_ge_u: return v128_result(vec::vrelop<u16>(c1(), c2(), vec::ige_u<u16>));
    case Op::i32x4_eq: return v128_result(vec::vrelop<u32>(c1(), c2(), vec::ieq<u32>));
    case Op::i32x4_ne: return v128_result(vec::vrelop<u32>(c1(), c2(), vec::ine<u32>));
    case Op::i32x4_lt_s: return v128_result(vec::vrelop<u32>(c1(), c2(), vec::ilt_s<u32>));
    case Op::i32x4_lt_u: return v128_result(vec::vrelop<u32>(c1(), c2(), vec::ilt_u<u32>));
    case Op::i32x4_gt_s: return v128_result(vec::vrelop<u32>(c1(), c2(), vec::igt_s<u32>));
    case Op::i32x4_gt_u: return v128_result(vec::vrelop<u32>(c1(), c2(), vec::igt_u<u32>));
    case Op::i32x4_le_s: return v128_result(vec::vrelop<u32>(c1(), c2(), vec::ile_s<u32>));
    case Op::i32x4_le_u: return v128_result(vec::vrelop<u32>(c1(), c2(), vec::ile_u<u32>));
    case Op::i32x4_ge_s: return v128_result(vec::vrelop<u32>(c1(), c2(), vec::ige_s<u32>));
    case Op::i32x4_ge_u: return v128_result(vec::vrelop<u32>(c1(), c2(), vec::ige_u<u32>));
    case Op::i64x2_eq: return v128_result(vec::vrelop<u64>(c1(), c2(), vec::ieq<u64>));
    case Op::i64x2_ne: return v128_result(vec::vrelop<u64>(c1(), c2(), vec::ine<u64>));
    case Op::i64x2_lt_s: return v128_result(vec::vrelop<u64>(c1(), c2(), vec::ilt_s<u64>));
    case Op::i64x2_gt_s: return v128_result(vec::vrelop<u64>(c1(), c2(), vec::igt_s<u64>));
    case Op::i64x2_le_s: return v128_result(vec::vrelop<u64>(c1(), c2(), vec::ile_s<u64>));
    case Op::i64x2_ge_s: return v128_result(vec::vrelop<u64>(c1(), c2(), vec::ige_s<u64>));
    case Op::f32x4_eq: return v128_result(vec::vrelop<float>(c1(), c2(), num::feq<float>));
    case Op::f32x4_ne: return v128_result(vec::vrelop<float>(c1(), c2(), num::fne<float>));
    case Op::f32x4_lt: return v128_result(vec::vrelop<float>(c1(), c2(), num::flt<float>));
    case Op::f32x4_gt: return v128_result(vec::vrelop<float>(c1(), c2(), num::fgt<float>));
    case Op::f32x4_le: return v128_result(vec::vrelop<float>(c1(), c2(), num::fle<float>));
    case Op::f32x4_ge: return v128_result(vec::vrelop<float>(c1(), c2(), num::fge<float>));
    case Op::f64x2_eq: return v128_result(vec::vrelop<double>(c1(), c2(), num::feq<double>));
    case Op::f64x2_ne: return v128_result(vec::vrelop<double>(c1(), c2(), num::fne<double>));
    case Op::f64x2_lt: return v128_result(vec::vrelop<double>(c1(), c2(), num::flt<double>));
    case Op::f64x2_gt: return v128_result(vec::vrelop<double>(c1(), c2(), num::fgt<double>));
    case Op::f64x2_le: return v128_result(vec::vrelop<double>(c1(), c2(), num::fle<double>));
    case Op::f64x2_ge: return v128_result(vec::vrelop<double>(c1(), c2(), num::fge<double>));

    // ---- v128.vvunop, vvbinop, vvternop, any_true: on all 128 bits ------------------------
    case Op::v128_not: return v128_result(vec::inot(c1()));
    case Op::v128_and: return v128_result(vec::iand(c1(), c2()));
    case Op::v128_andnot: return v128_result(vec::iandnot(c1(), c2()));
    case Op::v128_or: return v128_result(vec::ior(c1(), c2()));
    case Op::v128_xor: return v128_result(vec::ixor(c1(), c2()));
    case Op::v128_bitselect: return v128_result(vec::ibitselect(c1(), c2(), v128_of(args[2])));
    case Op::v128_any_true: return i32_result(vec::any_true(c1()));

    // ---- conversions: _zero, _low, N = M --------------------------------------------------
    case Op::f32x4_demote_f64x2_zero:
      return v128_result(vec::vcvtop_zero<double, float>(c1(), num::demote));
    case Op::f64x2_promote_low_f32x4:
      return v128_result(vec::vcvtop_half<float, double>(c1(), Half::low, num::promote));
    case Op::i32x4_trunc_sat_f32x4_s:
      return v128_result(vec::vcvtop<float, u32>(c1(), num::trunc_sat_s<u32, float>));
    case Op::i32x4_trunc_sat_f32x4_u:
      return v128_result(vec::vcvtop<float, u32>(c1(), num::trunc_sat_u<u32, float>));
    case Op::f32x4_convert_i32x4_s:
      return v128_result(vec::vcvtop<u32, float>(c1(), num::convert_s<float, u32>));
    case Op::f32x4_convert_i32x4_u:
      return v128_result(vec::vcvtop<u32, float>(c1(), num::convert_u<float, u32>));
    case Op::i32x4_trunc_sat_f64x2_s_zero:
      return v128_result(vec::vcvtop_zero<double, u32>(c1(), num::trunc_sat_s<u32, double>));
    case Op::i32x4_trunc_sat_f64x2_u_zero:
      return v128_result(vec::vcvtop_zero<double, u32>(c1(), num::trunc_sat_u<u32, double>));
    case Op::f64x2_convert_low_i32x4_s:
      return v128_result(
          vec::vcvtop_half<u32, double>(c1(), Half::low, num::convert_s<double, u32>));
    case Op::f64x2_convert_low_i32x4_u:
      return v128_result(
          vec::vcvtop_half<u32, double>(c1(), Half::low, num::convert_u<double, u32>));

    // ---- i8x16 --------------------------------------------------------------------------
    case Op::i8x16_abs: return v128_result(vec::vunop<u8>(c1(), vec::iabs<u8>));
    case Op::i8x16_neg: return v128_result(vec::vunop<u8>(c1(), vec::ineg<u8>));
    case Op::i8x16_popcnt: return v128_result(vec::vunop<u8>(c1(), vec::ipopcnt<u8>));
    case Op::i8x16_all_true: return i32_result(vec::all_true<u8>(c1()));
    case Op::i8x16_bitmask: return i32_result(vec::bitmask<u8>(c1()));
    case Op::i8x16_narrow_i16x8_s: return v128_result(vec::vnarrow<u16, u8, Sx::s>(c1(), c2()));
    case Op::i8x16_narrow_i16x8_u: return v128_result(vec::vnarrow<u16, u8, Sx::u>(c1(), c2()));
    case Op::i8x16_shl: return v128_result(vec::vishiftop<u8>(c1(), s(), vec::ishl<u8>));
    case Op::i8x16_shr_s: return v128_result(vec::vishiftop<u8>(c1(), s(), vec::ishr_s<u8>));
    case Op::i8x16_shr_u: return v128_result(vec::vishiftop<u8>(c1(), s(), vec::ishr_u<u8>));
    case Op::i8x16_add: return v128_result(vec::vbinop<u8>(c1(), c2(), vec::iadd<u8>));
    case Op::i8x16_add_sat_s: return v128_result(vec::vbinop<u8>(c1(), c2(), vec::iadd_sat_s<u8>));
    case Op::i8x16_add_sat_u: return v128_result(vec::vbinop<u8>(c1(), c2(), vec::iadd_sat_u<u8>));
    case Op::i8x16_sub: return v128_result(vec::vbinop<u8>(c1(), c2(), vec::isub<u8>));
    case Op::i8x16_sub_sat_s: return v128_result(vec::vbinop<u8>(c1(), c2(), vec::isub_sat_s<u8>));
    case Op::i8x16_sub_sat_u: return v128_result(vec::vbinop<u8>(c1(), c2(), vec::isub_sat_u<u8>));
    case Op::i8x16_min_s: return v128_result(vec::vbinop<u8>(c1(), c2(), vec::imin_s<u8>));
    case Op::i8x16_min_u: return v128_result(vec::vbinop<u8>(c1(), c2(), vec::imin_u<u8>));
    case Op::i8x16_max_s: return v128_result(vec::vbinop<u8>(c1(), c2(), vec::imax_s<u8>));
    case Op::i8x16_max_u: return v128_result(vec::vbinop<u8>(c1(), c2(), vec::imax_u<u8>));
    case Op::i8x16_avgr_u: return v128_result(vec::vbinop<u8>(c1(), c2(), vec::iavgr_u<u8>));

    // ---- i16x8 --------------------------------------------------------------------------
    case Op::i16x8_extadd_pairwise_i8x16_s:
      return v128_result(vec::extadd_pairwise<u8, u16, Sx::s>(c1()));
    case Op::i16x8_extadd_pairwise_i8x16_u:
      return v128_result(vec::extadd_pairwise<u8, u16, Sx::u>(c1()));
    case Op::i16x8_abs: return v128_result(vec::vunop<u16>(c1(), vec::iabs<u16>));
    case Op::i16x8_neg: return v128_result(vec::vunop<u16>(c1(), vec::ineg<u16>));
    case Op::i16x8_q15mulr_sat_s:
      return v128_result(vec::vbinop<u16>(c1(), c2(), vec::iq15mulr_sat_s<u16>));
    case Op::i16x8_all_true: return i32_result(vec::all_true<u16>(c1()));
    case Op::i16x8_bitmask: return i32_result(vec::bitmask<u16>(c1()));
    case Op::i16x8_narrow_i32x4_s: return v128_result(vec::vnarrow<u32, u16, Sx::s>(c1(), c2()));
    case Op::i16x8_narrow_i32x4_u: return v128_result(vec::vnarrow<u32, u16, Sx::u>(c1(), c2()));
    case Op::i16x8_extend_low_i8x16_s:
      return v128_result(vec::vcvtop_half<u8, u16>(c1(), Half::low, vec::extend<u16, Sx::s, u8>));
    case Op::i16x8_extend_high_i8x16_s:
      return v128_result(vec::vcvtop_half<u8, u16>(c1(), Half::high, vec::extend<u16, Sx::s, u8>));
    case Op::i16x8_extend_low_i8x16_u:
      return v128_result(vec::vcvtop_half<u8, u16>(c1(), Half::low, vec::extend<u16, Sx::u, u8>));
    case Op::i16x8_extend_high_i8x16_u:
      return v128_result(vec::vcvtop_half<u8, u16>(c1(), Half::high, vec::extend<u16, Sx::u, u8>));
    case Op::i16x8_shl: return v128_result(vec::vishiftop<u16>(c1(), s(), vec::ishl<u16>));
    case Op::i16x8_shr_s: return v128_result(vec::vishiftop<u16>(c1(), s(), vec::ishr_s<u16>));
    case Op::i16x8_shr_u: return v128_result(vec::vishiftop<u16>(c1(), s(), vec::ishr_u<u16>));
    case Op::i16x8_add: return v128_result(vec::vbinop<u16>(c1(), c2(), vec::iadd<u16>));
    case Op::i16x8_add_sat_s:
      return v128_result(vec::vbinop<u16>(c1(), c2(), vec::iadd_sat_s<u16>));
    case Op::i16x8_add_sat_u:
      return v128_result(vec::vbinop<u16>(c1(), c2(), vec::iadd_sat_u<u16>));
    case Op::i16x8_sub: return v128_result(vec::vbinop<u16>(c1(), c2(), vec::isub<u16>));
    case Op::i16x8_sub_sat_s:
      return v128_result(vec::vbinop<u16>(c1(), c2(), vec::isub_sat_s<u16>));
    case Op::i16x8_sub_sat_u:
      return v128_result(vec::vbinop<u16>(c1(), c2(), vec::isub_sat_u<u16>));
    case Op::i16x8_mul: return v128_result(vec::vbinop<u16>(c1(), c2(), vec::imul<u16>));
    case Op::i16x8_min_s: return v128_result(vec::vbinop<u16>(c1(), c2(), vec::imin_s<u16>));
    case Op::i16x8_min_u: return v128_result(vec::vbinop<u16>(c1(), c2(), vec::imin_u<u16>));
    case Op::i16x8_max_s: return v128_result(vec::vbinop<u16>(c1(), c2(), vec::imax_s<u16>));
    case Op::i16x8_max_u: return v128_result(vec::vbinop<u16>(c1(), c2(), vec::imax_u<u16>));
    case Op::i16x8_avgr_u: return v128_result(vec::vbinop<u16>(c1(), c2(), vec::iavgr_u<u16>));
    case Op::i16x8_extmul_low_i8x16_s:
      return v128_result(vec::extmul<u8, u16, Sx::s>(c1(), c2(), Half::low));
    case Op::i16x8_extmul_high_i8x16_s:
      return v128_result(vec::extmul<u8, u16, Sx::s>(c1(), c2(), Half::high));
    case Op::i16x8_extmul_low_i8x16_u:
      return v128_result(vec::extmul<u8, u16, Sx::u>(c1(), c2(), Half::low));
    case Op::i16x8_extmul_high_i8x16_u:
      return v128_result(vec::extmul<u8, u16, Sx::u>(c1(), c2(), Half::high));

    // ---- i32x4 --------------------------------------------------------------------------
    case Op::i32x4_extadd_pairwise_i16x8_s:
      return v128_result(vec::extadd_pairwise<u16, u32, Sx::s>(c1()));
    case Op::i32x4_extadd_pairwise_i16x8_u:
      return v128_result(vec::extadd_pairwise<u16, u32, Sx::u>(c1()));
    case Op::i32x4_abs: return v128_result(vec::vunop<u32>(c1(), vec::iabs<u32>));
    case Op::i32x4_neg: return v128_result(vec::vunop<u32>(c1(), vec::ineg<u32>));
    case Op::i32x4_all_true: return i32_result(vec::all_true<u32>(c1()));
    case Op::i32x4_bitmask: return i32_result(vec::bitmask<u32>(c1()));
    case Op::i32x4_extend_low_i16x8_s:
      return v128_result(vec::vcvtop_half<u16, u32>(c1(), Half::low, vec::extend<u32, Sx::s, u16>));
    case Op::i32x4_extend_high_i16x8_s:
      return v128_result(
          vec::vcvtop_half<u16, u32>(c1(), Half::high, vec::extend<u32, Sx::s, u16>));
    case Op::i32x4_extend_low_i16x8_u:
      return v128_result(vec::vcvtop_half<u16, u32>(c1(), Half::low, vec::extend<u32, Sx::u, u16>));
    case Op::i32x4_extend_high_i16x8_u:
      return v128_result(
          vec::vcvtop_half<u16, u32>(c1(), Half::high, vec::extend<u32, Sx::u, u16>));
    case Op::i32x4_shl: return v128_result(vec::vishiftop<u32>(c1(), s(), vec::ishl<u32>));
    case Op::i32x4_shr_s: return v128_result(vec::vishiftop<u32>(c1(), s(), vec::ishr_s<u32>));
    case Op::i32x4_shr_u: return v128_result(vec::vishiftop<u32>(c1(), s(), vec::ishr_u<u32>));
    case Op::i32x4_add: return v128_result(vec::vbinop<u32>(c1(), c2(), vec::iadd<u32>));
    case Op::i32x4_sub: return v128_result(vec::vbinop<u32>(c1(), c2(), vec::isub<u32>));
    case Op::i32x4_mul: return v128_result(vec::vbinop<u32>(c1(), c2(), vec::imul<u32>));
    case Op::i32x4_min_s: return v128_result(vec::vbinop<u32>(c1(), c2(), vec::imin_s<u32>));
    case Op::i32x4_min_u: return v128_result(vec::vbinop<u32>(c1(), c2(), vec::imin_u<u32>));
    case Op::i32x4_max_s: return v128_result(vec::vbinop<u32>(c1(), c2(), vec::imax_s<u32>));
    case Op::i32x4_max_u: return v128_result(vec::vbinop<u32>(c1(), c2(), vec::imax_u<u32>));
    case Op::i32x4_dot_i16x8_s: return v128_result(vec::dot_i16x8_s(c1(), c2()));
    case Op::i32x4_extmul_low_i16x8_s:
      return v128_result(vec::extmul<u16, u32, Sx::s>(c1(), c2(), Half::low));
    case Op::i32x4_extmul_high_i16x8_s:
      return v128_result(vec::extmul<u16, u32, Sx::s>(c1(), c2(), Half::high));
    case Op::i32x4_extmul_low_i16x8_u:
      return v128_result(vec::extmul<u16, u32, Sx::u>(c1(), c2(), Half::low));
    case Op::i32x4_extmul_high_i16x8_u:
      return v128_result(vec::extmul<u16, u32, Sx::u>(c1(), c2(), Half::high));

    // ---- i64x2 --------------------------------------------------------------------------
    case Op::i64x2_abs: return v128_result(vec::vunop<u64>(c1(), vec::iabs<u64>));
    case Op::i64x2_neg: return v128_result(vec::vunop<u64>(c1(), vec::ineg<u64>));
    case Op::i64x2_all_true: return i32_result(vec::all_true<u64>(c1()));
    case Op::i64x2_bitmask: return i32_result(vec::bitmask<u64>(c1()));
    case Op::i64x2_extend_low_i32x4_s:
      return v128_result(vec::vcvtop_half<u32, u64>(c1(), Half::low, vec::extend<u64, Sx::s, u32>));
    case Op::i64x2_extend_high_i32x4_s:
      return v128_result(
          vec::vcvtop_half<u32, u64>(c1(), Half::high, vec::extend<u64, Sx::s, u32>));
    case Op::i64x2_extend_low_i32x4_u:
      return v128_result(vec::vcvtop_half<u32, u64>(c1(), Half::low, vec::extend<u64, Sx::u, u32>));
    case Op::i64x2_extend_high_i32x4_u:
      return v128_result(
          vec::vcvtop_half<u32, u64>(c1(), Half::high, vec::extend<u64, Sx::u, u32>));
    case Op::i64x2_shl: return v128_result(vec::vishiftop<u64>(c1(), s(), vec::ishl<u64>));
    case Op::i64x2_shr_s: return v128_result(vec::vishiftop<u64>(c1(), s(), vec::ishr_s<u64>));
    case Op::i64x2_shr_u: return v128_result(vec::vishiftop<u64>(c1(), s(), vec::ishr_u<u64>));
    case Op::i64x2_add: return v128_result(vec::vbinop<u64>(c1(), c2(), vec::iadd<u64>));
    case Op::i64x2_sub: return v128_result(vec::vbinop<u64>(c1(), c2(), vec::isub<u64>));
    case Op::i64x2_mul: return v128_result(vec::vbinop<u64>(c1(), c2(), vec::imul<u64>));
    case Op::i64x2_extmul_low_i32x4_s:
      return v128_result(vec::extmul<u32, u64, Sx::s>(c1(), c2(), Half::low));
    case Op::i64x2_extmul_high_i32x4_s:
      return v128_result(vec::extmul<u32, u64, Sx::s>(c1(), c2(), Half::high));
    case Op::i64x2_extmul_low_i32x4_u:
      return v128_result(vec::extmul<u32, u64, Sx::u>(c1(), c2(), Half::low));
    case Op::i64x2_extmul_high_i32x4_u:
      return v128_result(vec::extmul<u32, u64, Sx::u>(c1(), c2(), Half::high));

    // ---- f32x4: the scalar operators of numerics.h, lane by lane -------------------------
    case Op::f32x4_ceil: return v128_result(vec::vunop<float>(c1(), num::fceil<float>));
    case Op::f32x4_floor: return v128_result(vec::vunop<float>(c1(), num::ffloor<float>));
    case Op::f32x4_trunc: return v128_result(vec::vunop<float>(c1(), num::ftrunc<float>));
    case Op::f32x4_nearest: return v128_result(vec::vunop<float>(c1(), num::fnearest<float>));
    case Op::f32x4_abs: return v128_result(vec::vunop<float>(c1(), num::fabs<float>));
    case Op::f32x4_neg: return v128_result(vec::vunop<float>(c1(), num::fneg<float>));
    case Op::f32x4_sqrt: return v128_result(vec::vunop<float>(c1(), num::fsqrt<float>));
    case Op::f32x4_add: return v128_result(vec::vbinop<float>(c1(), c2(), num::fadd<float>));
    case Op::f32x4_sub: return v128_result(vec::vbinop<float>(c1(), c2(), num::fsub<float>));
    case Op::f32x4_mul: return v128_result(vec::vbinop<float>(c1(), c2(), num::fmul<float>));
    case Op::f32x4_div: return v128_result(vec::vbinop<float>(c1(), c2(), num::fdiv<float>));
    case Op::f32x4_min: return v128_result(vec::vbinop<float>(c1(), c2(), num::fmin<float>));
    case Op::f32x4_max: return v128_result(vec::vbinop<float>(c1(), c2(), num::fmax<float>));
    case Op::f32x4_pmin: return v128_result(vec::vbinop<float>(c1(), c2(), vec::fpmin<float>));
    case Op::f32x4_pmax: return v128_result(vec::vbinop<float>(c1(), c2(), vec::fpmax<float>));

    // ---- f64x2 --------------------------------------------------------------------------
    case Op::f64x2_ceil: return v128_result(vec::vunop<double>(c1(), num::fceil<double>));
    case Op::f64x2_floor: return v128_result(vec::vunop<double>(c1(), num::ffloor<double>));
    case Op::f64x2_trunc: return v128_result(vec::vunop<double>(c1(), num::ftrunc<double>));
    case Op::f64x2_nearest: return v128_result(vec::vunop<double>(c1(), num::fnearest<double>));
    case Op::f64x2_abs: return v128_result(vec::vunop<double>(c1(), num::fabs<double>));
    case Op::f64x2_neg: return v128_result(vec::vunop<double>(c1(), num::fneg<double>));
    case Op::f64x2_sqrt: return v128_result(vec::vunop<double>(c1(), num::fsqrt<double>));
    case Op::f64x2_add: return v128_result(vec::vbinop<double>(c1(), c2(), num::fadd<double>));
    case Op::f64x2_sub: return v128_result(vec::vbinop<double>(c1(), c2(), num::fsub<double>));
    case Op::f64x2_mul: return v128_result(vec::vbinop<double>(c1(), c2(), num::fmul<double>));
    case Op::f64x2_div: return v128_result(vec::vbinop<double>(c1(), c2(), num::fdiv<double>));
    case Op::f64x2_min: return v128_result(vec::vbinop<double>(c1(), c2(), num::fmin<double>));
    case Op::f64x2_max: return v128_result(vec::vbinop<double>(c1(), c2(), num::fmax<double>));
    case Op::f64x2_pmin: return v128_result(vec::vbinop<double>(c1(), c2(), vec::fpmin<double>));
    case Op::f64x2_pmax: return v128_result(vec::vbinop<double>(c1(), c2(), vec::fpmax<double>));

    // ---- Core 3.0 relaxed vector instructions (§4.6.11; operators §4.3.6, exec/vector.h) ----
    // Each returns the deterministic profile's result, relaxed(R)[A_0, ...] = A_0.
    case Op::i8x16_relaxed_swizzle: return v128_result(vec::relaxed_swizzle(c1(), c2()));
    case Op::i32x4_relaxed_trunc_f32x4_s:
      return v128_result(vec::vcvtop<float, u32>(c1(), vec::relaxed_trunc_s<u32, float>));
    case Op::i32x4_relaxed_trunc_f32x4_u:
      return v128_result(vec::vcvtop<float, u32>(c1(), vec::relaxed_trunc_u<u32, float>));
    case Op::i32x4_relaxed_trunc_f64x2_s_zero:
      return v128_result(vec::vcvtop_zero<double, u32>(c1(), vec::relaxed_trunc_s<u32, double>));
    case Op::i32x4_relaxed_trunc_f64x2_u_zero:
      return v128_result(vec::vcvtop_zero<double, u32>(c1(), vec::relaxed_trunc_u<u32, double>));
    case Op::f32x4_relaxed_madd:
      return v128_result(vec::vternop<float>(c1(), c2(), c3(), vec::frelaxed_madd<float>));
    case Op::f32x4_relaxed_nmadd:
      return v128_result(vec::vternop<float>(c1(), c2(), c3(), vec::frelaxed_nmadd<float>));
    case Op::f64x2_relaxed_madd:
      return v128_result(vec::vternop<double>(c1(), c2(), c3(), vec::frelaxed_madd<double>));
    case Op::f64x2_relaxed_nmadd:
      return v128_result(vec::vternop<double>(c1(), c2(), c3(), vec::frelaxed_nmadd<double>));
    case Op::i8x16_relaxed_laneselect:
      return v128_result(vec::vternop<u8>(c1(), c2(), c3(), vec::irelaxed_laneselect<u8>));
    case Op::i16x8_relaxed_laneselect:
      return v128_result(vec::vternop<u16>(c1(), c2(), c3(), vec::irelaxed_laneselect<u16>));
    case Op::i32x4_relaxed_laneselect:
      return v128_result(vec::vternop<u32>(c1(), c2(), c3(), vec::irelaxed_laneselect<u32>));
    case Op::i64x2_relaxed_laneselect:
      return v128_result(vec::vternop<u64>(c1(), c2(), c3(), vec::irelaxed_laneselect<u64>));
    case Op::f32x4_relaxed_min:
      return v128_result(vec::vbinop<float>(c1(), c2(), vec::frelaxed_min<float>));
    case Op::f32x4_relaxed_max:
      return v128_result(vec::vbinop<float>(c1(), c2(), vec::frelaxed_max<float>));
    case Op::f64x2_relaxed_min:
      return v128_result(vec::vbinop<double>(c1(), c2(), vec::frelaxed_min<double>));
    case Op::f64x2_relaxed_max:
      return v128_result(vec::vbinop<double>(c1(), c2(), vec::frelaxed_max<double>));
    case Op::i16x8_relaxed_q15mulr_s:
      return v128_result(vec::vbinop<u16>(c1(), c2(), vec::irelaxed_q15mulr_s<u16>));
    case Op::i16x8_relaxed_dot_i8x16_i7x16_s:
      return v128_result(vec::relaxed_dot_s<u8, u16>(c1(), c2()));
    case Op::i32x4_relaxed_dot_i8x16_i7x16_add_s:
      return v128_result(vec::relaxed_dot_add_s(c1(), c2(), c3()));

    default:
      // Not a pure vector instruction: the machine dispatched it here by mistake.
      return broken_invariant(broken);
  }
  // Only the lane-index cases get here: Assert: due to validation, x < dim(shape).
  return broken_invariant(broken);
}

}  // namespace wasmref
