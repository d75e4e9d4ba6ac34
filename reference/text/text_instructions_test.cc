// Core 3.0 §6.5 Instructions (text/instructions.rst): golden encodings and the suite's
// malformed texts, one suite per instruction group, over a hand-built identifier context.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <string_view>

#include "text/lexer.h"
#include "text/parser.h"
#include "text/text_test_util.h"

namespace wasmref::text {
namespace {

using testing::all_features;
using testing::hex;

// A context with a few named entries in every index space: $f0 $f1, $t0 (func [] -> []),
// $t1 (func [i32] -> [i32]), $s (struct with fields $x $y), $a (array), $m0 $m1, $tab0 $tab1,
// $g, $e (tag), $elem, $d, locals $l0 $l1.
Context make_context() {
  Context I;
  I.funcs.define("f0");
  I.funcs.define("f1");
  TypeDef t0;
  t0.plain_func = true;
  I.typedefs.push_back(t0);
  I.types.define("t0");
  TypeDef t1;
  t1.plain_func = true;
  t1.sig.params = {std::string(1, '\x7f')};
  t1.sig.param_ids = {std::nullopt};
  t1.sig.results = {std::string(1, '\x7f')};
  I.typedefs.push_back(t1);
  I.types.define("t1");
  TypeDef s;
  s.kind = TypeDef::Kind::struct_;
  s.fields.define("x");
  s.fields.define("y");
  I.typedefs.push_back(s);
  I.types.define("s");
  TypeDef a;
  a.kind = TypeDef::Kind::array;
  I.typedefs.push_back(a);
  I.types.define("a");
  I.explicit_types = 4;
  I.mems.define("m0");
  I.mems.define("m1");
  I.mem_is64 = {false, false};
  I.tables.define("tab0");
  I.tables.define("tab1");
  I.table_is64 = {false, false};
  I.globals.define("g");
  I.tags.define("e");
  I.elems.define("elem");
  I.datas.define("d");
  I.locals.define("l0");
  I.locals.define("l1");
  return I;
}

struct Out {
  bool ok = false;
  std::string bytes;  // hex
  std::string error;  // the message, when !ok
};

// instrs over `src` (which must be consumed entirely), or the error it raises.
Out run(std::string_view src, Context& I, const Features& f = all_features(), bool as_expr = false) {
  Lexer lexer(src);
  Cursor c(lexer, f);
  Writer w;
  try {
    if (as_expr) {
      expr(c, I, w);
    } else {
      instrs(c, I, w);
    }
    if (!c.at(TokKind::eof)) c.fail_here("trailing input");
  } catch (const ParseError& e) {
    return Out{false, "", e.message};
  }
  return Out{true, hex(w.bytes()), ""};
}

std::string enc(std::string_view src, const Features& f = all_features()) {
  Context I = make_context();
  Out o = run(src, I, f);
  return o.ok ? o.bytes : "error: " + o.error;
}

// The message of the error `src` raises, or "ok".
std::string err(std::string_view src, const Features& f = all_features()) {
  Context I = make_context();
  Out o = run(src, I, f);
  if (o.ok) return "ok";
  // Drop ": detail" (and an unknown operator's name) so that tests compare the suite text.
  if (o.error.starts_with("unknown operator")) return "unknown operator";
  const size_t colon = o.error.find(": ");
  return colon == std::string::npos ? o.error : o.error.substr(0, colon);
}

// --- Control instructions -------------------------------------------------------------------

TEST(Control, PlainBlocksAndBlockTypes) {
  EXPECT_EQ(enc("block end"), "02 40 0b");
  EXPECT_EQ(enc("loop (result i32) i32.const 1 end"), "03 7f 41 01 0b");
  EXPECT_EQ(enc("block (result i32 i64) unreachable end"), "02 04 00 0b");  // implicit type 4
  EXPECT_EQ(enc("block (type $t1) end"), "02 01 0b");
  EXPECT_EQ(enc("block (type $t0) (result) end"), "02 00 0b");
  EXPECT_EQ(enc("block (param i32) (result i32) end"), "02 01 0b");  // matches $t1
  EXPECT_EQ(enc("nop unreachable return"), "01 00 0f");
}

TEST(Control, IfElseDropsAnEmptyElse) {
  EXPECT_EQ(enc("if nop else nop end"), "04 40 01 05 01 0b");
  EXPECT_EQ(enc("if nop else end"), "04 40 01 0b");  // the spec interpreter's encoding
  EXPECT_EQ(enc("if end"), "04 40 0b");
}

TEST(Control, BranchesAndCalls) {
  EXPECT_EQ(enc("block br 0 br_if 0 end"), "02 40 0c 00 0d 00 0b");
  EXPECT_EQ(enc("br_table 0 1 2"), "0e 02 00 01 02");
  EXPECT_EQ(enc("br_table 7"), "0e 00 07");
  EXPECT_EQ(enc("call $f1 call 0"), "10 01 10 00");
  EXPECT_EQ(enc("call_indirect (type $t1)"), "11 01 00");
  EXPECT_EQ(enc("call_indirect $tab1 (type $t0)"), "11 00 01");
  EXPECT_EQ(enc("call_indirect (param i32) (result i32)"), "11 01 00");
  EXPECT_EQ(err("br_table"), "unexpected end");
  EXPECT_EQ(err("call $nope"), "unknown function");
  EXPECT_EQ(err("call_indirect (param $x i32)"), "unexpected end");
  {
    Context I = make_context();
    EXPECT_EQ(run("get_local 0", I).error, "unknown operator get_local");  // the suite's text
  }
  EXPECT_EQ(err("foo.bar"), "unknown operator");
  EXPECT_EQ(err("get_local 0"), "unknown operator");
  EXPECT_EQ(err("block"), "unexpected end");  // unclosed at the end of the input
}

// --- Labels -----------------------------------------------------------------------------------

TEST(Labels, IdentifiersAndShadowing) {
  EXPECT_EQ(enc("block $a block $b br $a br $b end end"), "02 40 02 40 0c 01 0c 00 0b 0b");
  // An inner label with the same name hides the outer one; indices count all labels.
  EXPECT_EQ(enc("block $a block $a br $a br 1 end end"), "02 40 02 40 0c 00 0c 01 0b 0b");
  EXPECT_EQ(enc("block $a block br $a end end"), "02 40 02 40 0c 01 0b 0b");
  // After its end a label is gone.
  EXPECT_EQ(err("block $a end br $a"), "unknown label");
  EXPECT_EQ(err("br $nope"), "unknown label");
  EXPECT_EQ(enc("br 5"), "0c 05");  // numeric labels are judged by validation
}

TEST(Labels, RepeatedAfterEndAndElse) {
  EXPECT_EQ(enc("block $l end $l"), "02 40 0b");
  EXPECT_EQ(enc("if $l else $l end $l"), "04 40 0b");
  EXPECT_EQ(err("block end $l"), "mismatching label");
  EXPECT_EQ(err("block $a end $l"), "mismatching label");
  EXPECT_EQ(err("loop $a end $l"), "mismatching label");
  EXPECT_EQ(err("if $a else $l end $a"), "mismatching label");
  EXPECT_EQ(err("if else $l end"), "mismatching label");
}

TEST(Labels, ScopesOfFoldedIf) {
  // The condition is read outside the if's label; then/else inside it.
  EXPECT_EQ(enc("block $x (if $x (br_if $x (i32.const 0)) (then (br $x))) end"),
            "02 40 41 00 0d 00 04 40 0c 00 0b 0b");
}

// --- Folded instructions ----------------------------------------------------------------------

TEST(Folded, OperandsComeFirst) {
  EXPECT_EQ(enc("(i32.add (i32.const 1) (i32.const 2))"), "41 01 41 02 6a");
  EXPECT_EQ(enc("(i32.add (local.get $l0) (i32.const 2)) drop"), "20 00 41 02 6a 1a");
  EXPECT_EQ(enc("(block $b (result i32) (i32.const 1))"), "02 7f 41 01 0b");
  EXPECT_EQ(enc("(loop nop)"), "03 40 01 0b");
  EXPECT_EQ(enc("(if (result i32) (i32.const 1) (then (i32.const 2)) (else (i32.const 3)))"),
            "41 01 04 7f 41 02 05 41 03 0b");
  EXPECT_EQ(enc("(if (i32.const 1) (then))"), "41 01 04 40 0b");
  EXPECT_EQ(enc("(if (i32.const 1) (then nop) (else))"), "41 01 04 40 01 0b");
  EXPECT_EQ(enc("(call_indirect (type $t1) (i32.const 5) (i32.const 0))"), "41 05 41 00 11 01 00");
  EXPECT_EQ(enc("(select (result i32) (i32.const 1) (i32.const 2) (i32.const 0))"),
            "41 01 41 02 41 00 1c 01 7f");
}

TEST(Folded, Errors) {
  EXPECT_EQ(err("(if (i32.const 1))"), "unexpected token");              // no (then
  EXPECT_EQ(err("(if (then) (then))"), "unexpected token");
  EXPECT_EQ(err("(block end)"), "unexpected token");
  EXPECT_EQ(err("(block block)"), "unexpected token");                   // plain block unclosed
  EXPECT_EQ(err("(i32.add (i32.foo))"), "unknown operator");
  EXPECT_EQ(err("(i32.add"), "unexpected end");
  EXPECT_EQ(err("(if (result i32) i32.const 1 (then))"), "unexpected token");
}

// Depth 100,000 without native recursion.
TEST(Folded, DeepNesting) {
  constexpr int kDepth = 100000;
  {
    std::string src;
    for (int i = 0; i < kDepth; ++i) src += "(i32.add (i32.const 1) ";
    src += "(i32.const 0)";
    for (int i = 0; i < kDepth; ++i) src += ')';
    Context I = make_context();
    const Out o = run(src, I);
    ASSERT_TRUE(o.ok) << o.error;
    EXPECT_EQ(o.bytes.size(), (kDepth * 3 + 2) * 3 - 1);  // 41 01 per level, 41 00, 6a each
    EXPECT_EQ(o.bytes.substr(0, 11), "41 01 41 01");
    EXPECT_EQ(o.bytes.substr(o.bytes.size() - 8), "6a 6a 6a");
  }
  {
    std::string src;
    for (int i = 0; i < kDepth; ++i) src += "(block ";
    src += "(br 99999)";
    for (int i = 0; i < kDepth; ++i) src += ')';
    Context I = make_context();
    const Out o = run(src, I);
    ASSERT_TRUE(o.ok) << o.error;
    EXPECT_TRUE(I.labels.empty());
  }
  {
    std::string src;
    for (int i = 0; i < kDepth; ++i) src += "block ";
    for (int i = 0; i < kDepth; ++i) src += "end ";
    Context I = make_context();
    EXPECT_TRUE(run(src, I).ok);
  }
  {
    std::string src;
    for (int i = 0; i < kDepth; ++i) src += "(if (i32.const 0) (then ";
    Context I = make_context();
    EXPECT_FALSE(run(src, I).ok);  // unclosed: an error, not a crash
  }
}

// --- Parametric and variable instructions -----------------------------------------------------

TEST(Parametric, Select) {
  EXPECT_EQ(enc("drop select"), "1a 1b");
  EXPECT_EQ(enc("select (result i32)"), "1c 01 7f");
  EXPECT_EQ(enc("select (result i32) (result)"), "1c 01 7f");
  EXPECT_EQ(enc("select (result i32 i64)"), "1c 02 7f 7e");
}

TEST(Variable, LocalsAndGlobals) {
  EXPECT_EQ(enc("local.get $l1 local.set 0 local.tee $l0"), "20 01 21 00 22 00");
  EXPECT_EQ(enc("global.get $g global.set 0"), "23 00 24 00");
  EXPECT_EQ(err("local.get $nope"), "unknown local");
  EXPECT_EQ(err("global.get $nope"), "unknown global");
  EXPECT_EQ(err("local.get"), "unexpected end");
}

// --- Table instructions -----------------------------------------------------------------------

TEST(Table, OptionalTableIndex) {
  EXPECT_EQ(enc("table.get table.set $tab1"), "25 00 26 01");
  EXPECT_EQ(enc("table.size table.grow 1 table.fill $tab0"), "fc 10 00 fc 0f 01 fc 11 00");
  EXPECT_EQ(enc("table.copy table.copy $tab1 $tab0"), "fc 0e 00 00 fc 0e 01 00");
  EXPECT_EQ(enc("table.init $elem table.init $tab1 $elem elem.drop 0"),
            "fc 0c 00 00 fc 0c 00 01 fc 0d 00");
  EXPECT_EQ(err("table.get $nope"), "unknown table");
  EXPECT_EQ(err("elem.drop $nope"), "unknown elem segment");
}

// --- Memory instructions and memarg -----------------------------------------------------------

TEST(Memory, Memarg) {
  EXPECT_EQ(enc("i32.load"), "28 02 00");
  EXPECT_EQ(enc("i64.load offset=8 align=4"), "29 02 08");
  EXPECT_EQ(enc("i32.load8_u align=1"), "2d 00 00");
  EXPECT_EQ(enc("i32.store16 offset=0x10"), "3b 01 10");
  EXPECT_EQ(enc("i32.load $m1 offset=1"), "28 42 01 01");
  EXPECT_EQ(enc("i32.load 0 offset=1"), "28 02 01");  // memory 0: no index, no flag bit
  EXPECT_EQ(enc("f64.store 1"), "39 43 01 00");
  EXPECT_EQ(enc("v128.load align=16"), "fd 00 04 00");
  // align is a u64 in 3.0 (validation rejects 2^63 as larger than natural).
  EXPECT_EQ(enc("i32.load align=0x8000_0000_0000_0000"), "28 3f 00");
}

TEST(Memory, MemargErrors) {
  EXPECT_EQ(err("i32.load8_s align=0"), "alignment must be a power of two");
  EXPECT_EQ(err("i32.load8_s align=7"), "alignment must be a power of two");
  EXPECT_EQ(err("v128.load align=-1"), "unknown operator");  // not a memarg: an operator
  EXPECT_EQ(err("i32.load align=1 offset=2"), "unknown operator");
  EXPECT_EQ(err("i32.load $nope"), "unknown memory");
  Features f = all_features();
  f.memory64 = false;  // 2.0: an offset is a u32 (the 2022 suite's "i32 constant")
  EXPECT_EQ(err("i32.load offset=4294967296", f), "i32 constant out of range");
  f.memory64 = true;  // 3.0: a u64, judged by validation
  EXPECT_EQ(enc("i32.load offset=4294967296", f), "28 02 80 80 80 80 10");
}

TEST(Memory, SizeGrowFillCopyInit) {
  EXPECT_EQ(enc("memory.size memory.grow $m1"), "3f 00 40 01");
  EXPECT_EQ(enc("memory.fill memory.fill 1"), "fc 0b 00 fc 0b 01");
  EXPECT_EQ(enc("memory.copy memory.copy $m1 $m0"), "fc 0a 00 00 fc 0a 01 00");
  EXPECT_EQ(enc("memory.init $d memory.init 1 0 data.drop $d"),
            "fc 08 00 00 fc 08 00 01 fc 09 00");
  EXPECT_EQ(err("data.drop $nope"), "unknown data segment");
}

// --- Numeric constants ------------------------------------------------------------------------

TEST(Numeric, Constants) {
  EXPECT_EQ(enc("i32.const -1 i32.const 0xffffffff"), "41 7f 41 7f");
  EXPECT_EQ(enc("i32.const 2147483647"), "41 ff ff ff ff 07");
  EXPECT_EQ(enc("i64.const -9223372036854775808"), "42 80 80 80 80 80 80 80 80 80 7f");
  EXPECT_EQ(enc("f32.const 1"), "43 00 00 80 3f");
  EXPECT_EQ(enc("f64.const -0"), "44 00 00 00 00 00 00 00 80");
  EXPECT_EQ(enc("i32.add i64.extend_i32_u i32.trunc_sat_f32_s"), "6a ad fc 00");
  EXPECT_EQ(err("i32.const 4294967296"), "constant out of range");
  EXPECT_EQ(err("i32.const"), "unexpected end");
}

// --- Vector instructions ----------------------------------------------------------------------

TEST(Simd, V128Const) {
  EXPECT_EQ(enc("v128.const i32x4 1 2 3 -1"),
            "fd 0c 01 00 00 00 02 00 00 00 03 00 00 00 ff ff ff ff");
  EXPECT_EQ(enc("v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 255"),
            "fd 0c 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e ff");
  EXPECT_EQ(enc("v128.const f32x4 1 inf -0 nan"),
            "fd 0c 00 00 80 3f 00 00 80 7f 00 00 00 80 00 00 c0 7f");
  EXPECT_EQ(enc("v128.const i64x2 1 -1"),
            "fd 0c 01 00 00 00 00 00 00 00 ff ff ff ff ff ff ff ff");
  EXPECT_EQ(err("v128.const i8x16"), "wrong number of lane literals");
  EXPECT_EQ(err("v128.const i32x4 0x1 0x1 0x1 0x1 0x1"), "wrong number of lane literals");
  EXPECT_EQ(err("v128.const i32x4 0x10000000000000000 0x10000000000000000"),
            "wrong number of lane literals");
  EXPECT_EQ(err("v128.const i8x16 256 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0"), "constant out of range");
  EXPECT_EQ(err("v128.const i32 0"), "unexpected token");
}

TEST(Simd, ShuffleAndLanes) {
  EXPECT_EQ(enc("i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31"),
            "fd 0d 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 1f");
  EXPECT_EQ(err("i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14"), "invalid lane length");
  EXPECT_EQ(err("i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16"),
            "invalid lane length");
  EXPECT_EQ(err("i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 -1"),
            "i8 constant out of range");
  EXPECT_EQ(err("i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15.0"),
            "i8 constant out of range");
  EXPECT_EQ(err("i8x16.shuffle inf 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15"),
            "i8 constant out of range");
  Features f20;  // the 2.0 suite's wording
  EXPECT_EQ(err("i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 256", f20),
            "malformed lane index");
  EXPECT_EQ(enc("i8x16.extract_lane_s 15 f64x2.replace_lane 1"), "fd 15 0f fd 22 01");
  // Lane indices are u8 LEBs (3.0 Blaneidx): 255 (invalid, but well-formed) is ff 01.
  EXPECT_EQ(enc("i8x16.extract_lane_u 255"), "fd 16 ff 01");
  EXPECT_EQ(enc("i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 255"),
            "fd 0d 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e ff 01");
  EXPECT_EQ(err("i8x16.extract_lane_s 256"), "i8 constant out of range");
  EXPECT_EQ(err("i8x16.extract_lane_s -1"), "unexpected token");
  EXPECT_EQ(err("i32x4.extract_lane nan"), "unexpected token");
  EXPECT_EQ(err("i8x16.extract_lane_u 256", f20), "malformed lane index");
}

TEST(Simd, LoadStoreLane) {
  EXPECT_EQ(enc("v128.load8_lane 0"), "fd 54 00 00 00");
  EXPECT_EQ(enc("v128.load8_lane 1 2"), "fd 54 40 01 00 02");  // memory 1, lane 2
  EXPECT_EQ(enc("v128.store32_lane offset=4 align=2 3"), "fd 5a 01 04 03");
  EXPECT_EQ(enc("v128.load64_lane $m1 1"), "fd 57 43 01 00 01");
  EXPECT_EQ(enc("v128.load32_zero v128.load8_splat"), "fd 5c 02 00 fd 07 00 00");
  EXPECT_EQ(enc("i8x16.relaxed_swizzle"), "fd 80 02");
  Features f = all_features();
  f.relaxed_simd = false;
  EXPECT_EQ(err("i8x16.relaxed_swizzle", f), "unknown operator");
}

// --- Exceptions -------------------------------------------------------------------------------

TEST(Exceptions, TryTable) {
  EXPECT_EQ(enc("throw $e throw_ref"), "08 00 0a");
  EXPECT_EQ(enc("block $h try_table (catch $e $h) (catch_ref 0 0) (catch_all 0) "
                "(catch_all_ref $h) end end"),
            "02 40 1f 40 04 00 00 00 01 00 00 02 00 03 00 0b 0b");
  // Catch labels are read outside the try_table: its own label is not yet bound.
  EXPECT_EQ(err("try_table $t (catch_all $t) end"), "unknown label");
  EXPECT_EQ(enc("try_table $t (result i32) (catch_all 0) br $t end $t"),
            "1f 7f 01 02 00 0c 00 0b");
  EXPECT_EQ(enc("(try_table (catch $e 0) (throw $e))"), "1f 40 01 00 00 00 08 00 0b");
  EXPECT_EQ(err("throw $nope"), "unknown tag");
  Features f = all_features();
  f.exceptions = false;
  EXPECT_EQ(err("try_table end", f), "unknown operator");
}

TEST(LegacyExceptions, TryCatch) {
  EXPECT_EQ(enc("try $l nop catch $e rethrow $l catch_all end $l"),
            "06 40 01 07 00 09 00 19 0b");
  EXPECT_EQ(enc("try $l catch $l $e catch_all $l end"), "06 40 07 00 19 0b");
  EXPECT_EQ(err("try $l catch $x $e end"), "mismatching label");
  EXPECT_EQ(err("try catch_all catch $e end"), "unexpected token");
  EXPECT_EQ(enc("(try (result i32) (do (i32.const 1)) (catch $e (i32.const 2)) (catch_all (i32.const 3)))"),
            "06 7f 41 01 07 00 41 02 19 41 03 0b");
  EXPECT_EQ(err("(try (catch_all))"), "unexpected token");  // (do ...) first
  Features f = all_features();
  f.legacy_exceptions = false;
  EXPECT_EQ(err("try end", f), "unknown operator");
}

TEST(LegacyExceptions, Delegate) {
  // delegate's label is read outside the try: 0 is the enclosing block.
  EXPECT_EQ(enc("block $b try $t nop delegate $b end"), "02 40 06 40 01 18 00 0b");
  EXPECT_EQ(err("try $t delegate $t"), "unknown label");
  EXPECT_EQ(enc("(block $b (try (do nop) (delegate $b)))"), "02 40 06 40 01 18 00 0b");
  EXPECT_EQ(err("try catch_all delegate 0"), "unexpected token");
}

// --- Tail calls and typed references ----------------------------------------------------------

TEST(TailCalls, ReturnCalls) {
  EXPECT_EQ(enc("return_call $f1 return_call_indirect $tab1 (type $t1)"), "12 01 13 01 01");
  EXPECT_EQ(enc("return_call_ref $t0"), "15 00");
  Features f = all_features();
  f.tail_call = false;
  EXPECT_EQ(err("return_call 0", f), "unknown operator");
}

TEST(TypedRefs, RefInstructions) {
  EXPECT_EQ(enc("ref.null func ref.null extern ref.null $t1"), "d0 70 d0 6f d0 01");
  EXPECT_EQ(enc("ref.is_null ref.func $f1 ref.as_non_null"), "d1 d2 01 d4");
  EXPECT_EQ(enc("call_ref $t1 block br_on_null 0 br_on_non_null 0 end"),
            "14 01 02 40 d5 00 d6 00 0b");
  Features f20;
  EXPECT_EQ(err("call_ref 0", f20), "unknown operator");
}

// --- GC ---------------------------------------------------------------------------------------

TEST(Gc, StructAndArray) {
  EXPECT_EQ(enc("struct.new $s struct.new_default 2"), "fb 00 02 fb 01 02");
  EXPECT_EQ(enc("struct.get $s $y struct.get_u $s 0 struct.set 2 $x"),
            "fb 02 02 01 fb 04 02 00 fb 05 02 00");
  EXPECT_EQ(err("struct.get $s $z"), "unknown field");
  EXPECT_EQ(enc("array.new_fixed $a 3 array.new_data $a $d array.new_elem $a $elem"),
            "fb 08 03 03 fb 09 03 00 fb 0a 03 00");
  EXPECT_EQ(enc("array.copy $a 3 array.len array.init_elem $a 0"),
            "fb 11 03 03 fb 0f fb 13 03 00");
  EXPECT_EQ(enc("ref.i31 i31.get_s ref.eq any.convert_extern"), "fb 1c fb 1d d3 fb 1a");
}

TEST(Gc, CastsChooseNullRows) {
  EXPECT_EQ(enc("ref.test (ref any) ref.test anyref ref.cast (ref null $s) ref.cast (ref 2)"),
            "fb 14 6e fb 15 6e fb 17 02 fb 16 02");
  EXPECT_EQ(enc("block br_on_cast 0 anyref (ref $s) br_on_cast_fail 0 (ref any) (ref null none) end"),
            "02 40 fb 18 01 00 6e 02 fb 19 02 00 6e 71 0b");
}

// --- Atomics ----------------------------------------------------------------------------------

TEST(Atomics, MemargAndFence) {
  EXPECT_EQ(enc("atomic.fence"), "fe 03 00");
  EXPECT_EQ(enc("memory.atomic.notify offset=4"), "fe 00 02 04");
  EXPECT_EQ(enc("memory.atomic.wait64 $m1"), "fe 02 43 01 00");
  Features f = all_features();
  f.threads = false;
  EXPECT_EQ(err("atomic.fence", f), "unknown operator");
}

// --- Expressions and the end of a sequence ----------------------------------------------------

TEST(Expr, EndOpcodeAndStopTokens) {
  Context I = make_context();
  EXPECT_EQ(run("i32.const 0", I, all_features(), true).bytes, "41 00 0b");
  // instrs stops (without error) at a token that cannot start an instruction.
  for (std::string_view src : {"nop )", "nop end", "nop $x", "nop \"s\"", "nop (local i32)",
                               "nop func"}) {
    Lexer lexer(src);
    Cursor c(lexer, all_features());
    Writer w;
    instrs(c, I, w);
    EXPECT_EQ(hex(w.bytes()), "01") << src;
    EXPECT_FALSE(c.at(TokKind::eof)) << src;
  }
  EXPECT_EQ(err("nop (then)"), "trailing input");
  EXPECT_EQ(err("block (local i32) end"), "unexpected token");
}

}  // namespace
}  // namespace wasmref::text
