// Core 3.0 §5.4 Instructions (binary/instructions.rst): the opcode table (ops.def) and its lookups
// (instructions.cc). Named ops_test, not instructions_test: text/instructions_test.cc has that
// target name.
#include "syntax/instructions.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace wasmref {
namespace {

constexpr Op kLastOp = Op::i64_atomic_rmw32_cmpxchg_u;  // the table's last row
constexpr Op kLast20 = Op::f64x2_convert_low_i32x4_u;   // the last 2.0 row

std::vector<const OpInfo*> all_rows() {
  std::vector<const OpInfo*> rows;
  for (size_t i = 0; i <= static_cast<size_t>(kLastOp); ++i)
    rows.push_back(&op_info(static_cast<Op>(i)));
  return rows;
}

const OpInfo* row_of(u8 prefix, u32 code) {
  for (const OpInfo* info : all_rows())
    if (info->prefix == prefix && info->code == code) return info;
  return nullptr;
}

// --- Consistency of the table --------------------------------------------------------------

TEST(OpTable, EnumOrderIsTableOrder) {
  for (size_t i = 0; i <= static_cast<size_t>(kLastOp); ++i) {
    const Op op = static_cast<Op>(i);
    EXPECT_EQ(op_info(op).op, op) << i;
    EXPECT_EQ(op_name(op), op_info(op).text);
  }
}

TEST(OpTable, EveryEncodingIsUniqueAndHasAKnownPrefix) {
  std::set<std::pair<u8, u32>> seen;
  for (const OpInfo* info : all_rows()) {
    SCOPED_TRACE(std::string(info->text));
    EXPECT_TRUE(seen.insert({info->prefix, info->code}).second) << "duplicate encoding";
    const std::set<u8> prefixes = {0x00, 0xFB, 0xFC, 0xFD, 0xFE};
    EXPECT_TRUE(prefixes.count(info->prefix));
    // A single-byte opcode is never itself a prefix byte.
    if (info->prefix == 0) {
      EXPECT_LT(info->code, 256u);
      EXPECT_TRUE(info->code < 0xFB || info->code > 0xFE);
    }
  }
  EXPECT_EQ(seen.size(), 571u);
}

TEST(OpTable, NameIsTheMnemonic) {
  // The enumerator is the text with '.' -> '_' (op_name gives the text; the enumerator name is
  // not available at run time, so check the spelling rule through the rows' text instead):
  // every text is non-empty, lower-case, without spaces.
  for (const OpInfo* info : all_rows()) {
    ASSERT_FALSE(info->text.empty());
    for (char c : info->text) {
      EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_')
          << info->text;
    }
  }
}

TEST(OpTable, SigAndWidthColumnsAreWellFormed) {
  for (const OpInfo* info : all_rows()) {
    SCOPED_TRACE(std::string(info->text));
    if (!info->sig.empty()) {
      EXPECT_EQ(std::count(info->sig.begin(), info->sig.end(), '>'), 1);
      for (char c : info->sig)
        EXPECT_NE(std::string_view("iIfFV>").find(c), std::string_view::npos);
    }
    const bool accesses_memory = info->imm == Imm::memarg || info->imm == Imm::memarg_lane;
    if (accesses_memory) {
      EXPECT_TRUE(info->width == 1 || info->width == 2 || info->width == 4 || info->width == 8 ||
                  info->width == 16);
      EXPECT_EQ(info->sig.substr(0, 1), "i");  // an i32 address first
    } else {
      EXPECT_EQ(info->width, 0);
    }
  }
}

// 2.0 rows first, then the rows of later features; each row's feature.
TEST(OpTable, FeatureOfEveryRow) {
  std::map<OpFeature, size_t> count;
  for (const OpInfo* info : all_rows()) {
    ++count[info->feature];
    const bool is_20 = static_cast<size_t>(info->op) <= static_cast<size_t>(kLast20);
    EXPECT_EQ(info->feature == OpFeature::core, is_20) << info->text;
  }
  EXPECT_EQ(count[OpFeature::core], 437u);
  EXPECT_EQ(count[OpFeature::tail_call], 2u);
  EXPECT_EQ(count[OpFeature::exceptions], 3u);
  EXPECT_EQ(count[OpFeature::legacy_exceptions], 5u);
  EXPECT_EQ(count[OpFeature::function_references], 5u);
  EXPECT_EQ(count[OpFeature::gc], 32u);
  EXPECT_EQ(count[OpFeature::relaxed_simd], 20u);
  EXPECT_EQ(count[OpFeature::threads], 67u);
  // Every 0xFB row is GC, every 0xFE row threads, every 0xFD row above 255 relaxed SIMD.
  for (const OpInfo* info : all_rows()) {
    if (info->prefix == 0xFB) {
      EXPECT_EQ(info->feature, OpFeature::gc) << info->text;
    }
    if (info->prefix == 0xFE) {
      EXPECT_EQ(info->feature, OpFeature::threads) << info->text;
    }
    if (info->prefix == 0xFD) {
      EXPECT_EQ(info->feature, info->code > 0xFF ? OpFeature::relaxed_simd : OpFeature::core);
    }
  }
  EXPECT_EQ(op_info(Op::return_call).feature, OpFeature::tail_call);
  EXPECT_EQ(op_info(Op::return_call_indirect).feature, OpFeature::tail_call);
  EXPECT_EQ(op_info(Op::throw_).feature, OpFeature::exceptions);
  EXPECT_EQ(op_info(Op::throw_ref).feature, OpFeature::exceptions);
  EXPECT_EQ(op_info(Op::try_table).feature, OpFeature::exceptions);
  for (Op op : {Op::try_, Op::catch_, Op::catch_all, Op::delegate, Op::rethrow})
    EXPECT_EQ(op_info(op).feature, OpFeature::legacy_exceptions) << op_name(op);
  for (Op op :
       {Op::call_ref, Op::return_call_ref, Op::ref_as_non_null, Op::br_on_null, Op::br_on_non_null})
    EXPECT_EQ(op_info(op).feature, OpFeature::function_references) << op_name(op);
  EXPECT_EQ(op_info(Op::ref_eq).feature, OpFeature::gc);
}

// --- Spot checks per group (binary/instructions.rst, legacy-exceptions, threads) -------------

void expect_row(Op op, u8 prefix, u32 code, std::string_view text, Imm imm,
                std::string_view sig = "", u8 width = 0) {
  const OpInfo& info = op_info(op);
  SCOPED_TRACE(std::string(text));
  EXPECT_EQ(info.prefix, prefix);
  EXPECT_EQ(info.code, code);
  EXPECT_EQ(info.text, text);
  EXPECT_EQ(info.imm, imm);
  EXPECT_EQ(info.sig, sig);
  EXPECT_EQ(info.width, width);
}

TEST(OpTable, ControlAndExceptionOpcodes) {
  expect_row(Op::try_, 0, 0x06, "try", Imm::blocktype);
  expect_row(Op::catch_, 0, 0x07, "catch", Imm::tagidx);
  expect_row(Op::throw_, 0, 0x08, "throw", Imm::tagidx);
  expect_row(Op::rethrow, 0, 0x09, "rethrow", Imm::labelidx);
  expect_row(Op::throw_ref, 0, 0x0A, "throw_ref", Imm::none);
  expect_row(Op::return_call, 0, 0x12, "return_call", Imm::funcidx);
  expect_row(Op::return_call_indirect, 0, 0x13, "return_call_indirect", Imm::call_indirect);
  expect_row(Op::call_ref, 0, 0x14, "call_ref", Imm::typeidx);
  expect_row(Op::return_call_ref, 0, 0x15, "return_call_ref", Imm::typeidx);
  expect_row(Op::delegate, 0, 0x18, "delegate", Imm::labelidx);
  expect_row(Op::catch_all, 0, 0x19, "catch_all", Imm::none);
  expect_row(Op::try_table, 0, 0x1F, "try_table", Imm::try_table);
  expect_row(Op::ref_eq, 0, 0xD3, "ref.eq", Imm::none);
  expect_row(Op::ref_as_non_null, 0, 0xD4, "ref.as_non_null", Imm::none);
  expect_row(Op::br_on_null, 0, 0xD5, "br_on_null", Imm::labelidx);
  expect_row(Op::br_on_non_null, 0, 0xD6, "br_on_non_null", Imm::labelidx);
  expect_row(Op::ref_null, 0, 0xD0, "ref.null", Imm::reftype);
}

TEST(OpTable, GcOpcodes) {
  expect_row(Op::struct_new, 0xFB, 0, "struct.new", Imm::typeidx);
  expect_row(Op::struct_new_default, 0xFB, 1, "struct.new_default", Imm::typeidx);
  expect_row(Op::struct_get, 0xFB, 2, "struct.get", Imm::typeidx_fieldidx);
  expect_row(Op::struct_set, 0xFB, 5, "struct.set", Imm::typeidx_fieldidx);
  expect_row(Op::array_new, 0xFB, 6, "array.new", Imm::typeidx);
  expect_row(Op::array_new_fixed, 0xFB, 8, "array.new_fixed", Imm::typeidx_u32);
  expect_row(Op::array_new_data, 0xFB, 9, "array.new_data", Imm::typeidx_dataidx);
  expect_row(Op::array_new_elem, 0xFB, 10, "array.new_elem", Imm::typeidx_elemidx);
  expect_row(Op::array_get_u, 0xFB, 13, "array.get_u", Imm::typeidx);
  expect_row(Op::array_len, 0xFB, 15, "array.len", Imm::none);
  expect_row(Op::array_fill, 0xFB, 16, "array.fill", Imm::typeidx);
  expect_row(Op::array_copy, 0xFB, 17, "array.copy", Imm::typeidx_typeidx);
  expect_row(Op::array_init_data, 0xFB, 18, "array.init_data", Imm::typeidx_dataidx);
  expect_row(Op::array_init_elem, 0xFB, 19, "array.init_elem", Imm::typeidx_elemidx);
  expect_row(Op::ref_test, 0xFB, 20, "ref.test", Imm::heaptype);
  expect_row(Op::ref_test_null, 0xFB, 21, "ref.test", Imm::heaptype);
  expect_row(Op::ref_cast, 0xFB, 22, "ref.cast", Imm::heaptype);
  expect_row(Op::ref_cast_null, 0xFB, 23, "ref.cast", Imm::heaptype);
  expect_row(Op::br_on_cast, 0xFB, 24, "br_on_cast", Imm::br_on_cast);
  expect_row(Op::br_on_cast_fail, 0xFB, 25, "br_on_cast_fail", Imm::br_on_cast);
  expect_row(Op::any_convert_extern, 0xFB, 26, "any.convert_extern", Imm::none);
  expect_row(Op::extern_convert_any, 0xFB, 27, "extern.convert_any", Imm::none);
  expect_row(Op::ref_i31, 0xFB, 28, "ref.i31", Imm::none);
  expect_row(Op::i31_get_s, 0xFB, 29, "i31.get_s", Imm::none);
  expect_row(Op::i31_get_u, 0xFB, 30, "i31.get_u", Imm::none);
  // 0xFB codes are exactly 0..30.
  for (u32 code = 0; code <= 30; ++code) EXPECT_NE(row_of(0xFB, code), nullptr) << code;
  EXPECT_EQ(row_of(0xFB, 31), nullptr);
}

TEST(OpTable, RelaxedSimdOpcodes) {
  expect_row(Op::i8x16_relaxed_swizzle, 0xFD, 0x100, "i8x16.relaxed_swizzle", Imm::none, "VV>V");
  expect_row(Op::i32x4_relaxed_trunc_f64x2_u_zero, 0xFD, 0x104, "i32x4.relaxed_trunc_f64x2_u_zero",
             Imm::none, "V>V");
  expect_row(Op::f32x4_relaxed_madd, 0xFD, 0x105, "f32x4.relaxed_madd", Imm::none, "VVV>V");
  expect_row(Op::f64x2_relaxed_nmadd, 0xFD, 0x108, "f64x2.relaxed_nmadd", Imm::none, "VVV>V");
  expect_row(Op::i8x16_relaxed_laneselect, 0xFD, 0x109, "i8x16.relaxed_laneselect", Imm::none,
             "VVV>V");
  expect_row(Op::i64x2_relaxed_laneselect, 0xFD, 0x10C, "i64x2.relaxed_laneselect", Imm::none,
             "VVV>V");
  expect_row(Op::f64x2_relaxed_max, 0xFD, 0x110, "f64x2.relaxed_max", Imm::none, "VV>V");
  expect_row(Op::i16x8_relaxed_q15mulr_s, 0xFD, 0x111, "i16x8.relaxed_q15mulr_s", Imm::none,
             "VV>V");
  expect_row(Op::i32x4_relaxed_dot_i8x16_i7x16_add_s, 0xFD, 0x113,
             "i32x4.relaxed_dot_i8x16_i7x16_add_s", Imm::none, "VVV>V");
  for (u32 code = 0x100; code <= 0x113; ++code) EXPECT_NE(row_of(0xFD, code), nullptr) << code;
  EXPECT_EQ(row_of(0xFD, 0x114), nullptr);
}

// Bytes accessed by an atomic, read off its mnemonic independently of the width column:
// an explicit size (load8_u, store16, rmw32., wait64) in bits, else the type's.
u8 atomic_width(std::string_view text) {
  for (const auto& [tag, bytes] :
       std::vector<std::pair<std::string_view, u8>>{{"8", 1}, {"16", 2}, {"32", 4}, {"64", 8}}) {
    for (std::string_view kind : {"load", "store", "rmw", "wait"}) {
      const std::string key = std::string(kind) + std::string(tag);
      const size_t at = text.find(key);
      // The size must end the word ("rmw8." / "load8_u" / "store8" / "wait32").
      if (at != std::string_view::npos) {
        const size_t after = at + key.size();
        if (after == text.size() || text[after] == '.' || text[after] == '_') return bytes;
      }
    }
  }
  if (text == "memory.atomic.notify") return 4;
  return text.substr(0, 3) == "i64" ? 8 : 4;
}

TEST(OpTable, ThreadsOpcodes) {
  expect_row(Op::memory_atomic_notify, 0xFE, 0x00, "memory.atomic.notify", Imm::memarg, "ii>i", 4);
  expect_row(Op::memory_atomic_wait32, 0xFE, 0x01, "memory.atomic.wait32", Imm::memarg, "iiI>i", 4);
  expect_row(Op::memory_atomic_wait64, 0xFE, 0x02, "memory.atomic.wait64", Imm::memarg, "iII>i", 8);
  expect_row(Op::atomic_fence, 0xFE, 0x03, "atomic.fence", Imm::atomic_fence, ">", 0);
  expect_row(Op::i32_atomic_load, 0xFE, 0x10, "i32.atomic.load", Imm::memarg, "i>i", 4);
  expect_row(Op::i64_atomic_load32_u, 0xFE, 0x16, "i64.atomic.load32_u", Imm::memarg, "i>I", 4);
  expect_row(Op::i32_atomic_store, 0xFE, 0x17, "i32.atomic.store", Imm::memarg, "ii>", 4);
  expect_row(Op::i64_atomic_store32, 0xFE, 0x1D, "i64.atomic.store32", Imm::memarg, "iI>", 4);
  expect_row(Op::i32_atomic_rmw_add, 0xFE, 0x1E, "i32.atomic.rmw.add", Imm::memarg, "ii>i", 4);
  expect_row(Op::i64_atomic_rmw16_sub_u, 0xFE, 0x2A, "i64.atomic.rmw16.sub_u", Imm::memarg, "iI>I",
             2);
  expect_row(Op::i32_atomic_rmw_xchg, 0xFE, 0x41, "i32.atomic.rmw.xchg", Imm::memarg, "ii>i", 4);
  expect_row(Op::i32_atomic_rmw_cmpxchg, 0xFE, 0x48, "i32.atomic.rmw.cmpxchg", Imm::memarg, "iii>i",
             4);
  expect_row(Op::i64_atomic_rmw_cmpxchg, 0xFE, 0x49, "i64.atomic.rmw.cmpxchg", Imm::memarg, "iII>I",
             8);
  expect_row(Op::i64_atomic_rmw32_cmpxchg_u, 0xFE, 0x4E, "i64.atomic.rmw32.cmpxchg_u", Imm::memarg,
             "iII>I", 4);
  // 0xFE: 0x00..0x03, then 0x10..0x4E without gaps; every access's width matches its name and
  // its result type its prefix.
  for (u32 code = 0; code <= 0x4F; ++code) {
    const bool expected = code <= 0x03 || (code >= 0x10 && code <= 0x4E);
    const OpInfo* info = row_of(0xFE, code);
    EXPECT_EQ(info != nullptr, expected) << code;
    if (info == nullptr || info->imm != Imm::memarg) continue;
    EXPECT_EQ(info->width, atomic_width(info->text)) << info->text;
    if (info->text.substr(0, 4) == "i64." && info->text.find("store") == std::string_view::npos) {
      EXPECT_EQ(info->sig.back(), 'I') << info->text;
    }
  }
}

// --- Lookups ------------------------------------------------------------------------------

TEST(OpsByText, FindsEveryRowInTableOrder) {
  for (const OpInfo* info : all_rows()) {
    const std::span<const OpInfo* const> rows = ops_by_text(info->text);
    ASSERT_FALSE(rows.empty()) << info->text;
    EXPECT_NE(std::find(rows.begin(), rows.end(), info), rows.end()) << info->text;
    for (size_t i = 0; i < rows.size(); ++i) {
      EXPECT_EQ(rows[i]->text, info->text);
      if (i > 0) {
        EXPECT_LT(static_cast<size_t>(rows[i - 1]->op), static_cast<size_t>(rows[i]->op));
      }
    }
  }
}

TEST(OpsByText, SharedMnemonics) {
  const auto ops = [](std::string_view text) {
    std::vector<Op> out;
    for (const OpInfo* info : ops_by_text(text)) out.push_back(info->op);
    return out;
  };
  EXPECT_EQ(ops("select"), (std::vector<Op>{Op::select, Op::select_t}));
  EXPECT_EQ(ops("ref.test"), (std::vector<Op>{Op::ref_test, Op::ref_test_null}));
  EXPECT_EQ(ops("ref.cast"), (std::vector<Op>{Op::ref_cast, Op::ref_cast_null}));
  EXPECT_EQ(ops("i32.add"), (std::vector<Op>{Op::i32_add}));
  EXPECT_EQ(ops("throw"), (std::vector<Op>{Op::throw_}));
  EXPECT_TRUE(ops_by_text("i32.addx").empty());
  EXPECT_TRUE(ops_by_text("").empty());
  EXPECT_TRUE(ops_by_text("ref.test null").empty());  // the text reader reads `null` itself
  // Those three are the only shared mnemonics.
  size_t shared = 0;
  for (const OpInfo* info : all_rows())
    if (ops_by_text(info->text).size() > 1 && ops_by_text(info->text)[0] == info) ++shared;
  EXPECT_EQ(shared, 3u);
}

TEST(DecoderLookups, ReturnExactlyTheCoreRows) {
  for (const OpInfo* info : all_rows()) {
    SCOPED_TRACE(std::string(info->text));
    const OpInfo* found = info->prefix == 0 ? op_by_byte(static_cast<u8>(info->code))
                                            : op_by_prefixed(info->prefix, info->code);
    EXPECT_EQ(found, info->feature == OpFeature::core ? info : nullptr);
  }
  // Nothing outside the table either.
  size_t single = 0;
  for (u32 b = 0; b < 256; ++b) single += op_by_byte(static_cast<u8>(b)) != nullptr;
  EXPECT_EQ(single, 437u - 236u - 18u);
  for (u8 prefix : {0xFB, 0xFE}) {
    for (u32 code = 0; code < 0x200; ++code) EXPECT_EQ(op_by_prefixed(prefix, code), nullptr);
  }
  EXPECT_EQ(op_by_byte(0x08), nullptr);             // throw
  EXPECT_EQ(op_by_byte(0x1F), nullptr);             // try_table
  EXPECT_EQ(op_by_prefixed(0xFB, 0), nullptr);      // struct.new
  EXPECT_EQ(op_by_prefixed(0xFD, 0x100), nullptr);  // i8x16.relaxed_swizzle
  EXPECT_EQ(op_by_prefixed(0xFE, 0x4E), nullptr);
  EXPECT_EQ(op_by_prefixed(0xFC, 17), &op_info(Op::table_fill));
  EXPECT_EQ(op_by_prefixed(0xFC, 18), nullptr);
  EXPECT_EQ(op_by_prefixed(0xFD, 0xFF), &op_info(Op::f64x2_convert_low_i32x4_u));
  EXPECT_EQ(op_by_prefixed(0xFD, 0xFFFFFFFF), nullptr);
  EXPECT_EQ(op_by_prefixed(0xFF, 0), nullptr);
  EXPECT_EQ(op_by_prefixed(0x00, 0x6A), nullptr);  // 0 is not a prefix
}

TEST(DecoderLookups, WithFeatures) {
  Features f20;  // the defaults: 2.0
  for (const OpInfo* info : all_rows()) {
    const OpInfo* found = info->prefix == 0 ? op_by_byte(static_cast<u8>(info->code), f20)
                                            : op_by_prefixed(info->prefix, info->code, f20);
    EXPECT_EQ(found, info->feature == OpFeature::core ? info : nullptr) << info->text;
  }
  Features all;
  all.threads = all.exceptions = all.tail_call = all.relaxed_simd = all.gc = true;
  all.function_references = all.legacy_exceptions = true;
  for (const OpInfo* info : all_rows()) {
    const OpInfo* found = info->prefix == 0 ? op_by_byte(static_cast<u8>(info->code), all)
                                            : op_by_prefixed(info->prefix, info->code, all);
    EXPECT_EQ(found, info) << info->text;
  }
  Features gc;
  gc.gc = true;
  EXPECT_EQ(op_by_prefixed(0xFB, 24, gc), &op_info(Op::br_on_cast));
  EXPECT_EQ(op_by_byte(0x14, gc), &op_info(Op::call_ref));  // gc implies typed references
  EXPECT_EQ(op_by_byte(0x12, gc), nullptr);                 // return_call: tail_call is off
}

TEST(OpEnabled, EachFieldEnablesItsRows) {
  const auto enabled_count = [](const Features& f) {
    size_t n = 0;
    for (const OpInfo* info : all_rows()) n += op_enabled(*info, f);
    return n;
  };
  Features f;
  EXPECT_EQ(enabled_count(f), 437u);
  Features t = f;
  t.tail_call = true;
  EXPECT_EQ(enabled_count(t), 437u + 2);
  Features e = f;
  e.exceptions = true;
  EXPECT_EQ(enabled_count(e), 437u + 3);
  Features l = f;
  l.legacy_exceptions = true;
  EXPECT_EQ(enabled_count(l), 437u + 5 + 1);  // and `throw`
  EXPECT_TRUE(op_enabled(op_info(Op::throw_), l));
  EXPECT_FALSE(op_enabled(op_info(Op::throw_ref), l));
  EXPECT_FALSE(op_enabled(op_info(Op::try_table), l));
  Features r = f;
  r.function_references = true;
  EXPECT_EQ(enabled_count(r), 437u + 5);
  EXPECT_FALSE(op_enabled(op_info(Op::ref_eq), r));
  Features g = f;
  g.gc = true;
  EXPECT_EQ(enabled_count(g), 437u + 32 + 5);
  Features s = f;
  s.relaxed_simd = true;
  EXPECT_EQ(enabled_count(s), 437u + 20);
  Features th = f;
  th.threads = true;
  EXPECT_EQ(enabled_count(th), 437u + 67);
  EXPECT_TRUE(op_enabled(op_info(Op::atomic_fence), th));
}

}  // namespace
}  // namespace wasmref
