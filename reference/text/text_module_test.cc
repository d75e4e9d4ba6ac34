// Core 3.0 §6.6 Modules (text/modules.rst) encoded as §5.5 binary modules: module fields,
// abbreviations, identifier scopes and the reference interpreter's encoding choices
// (module.cc, wat.cc).
//
// Note (deviation): named text_module_test.cc, not module_test.cc, because jsapi/ already has
// a module_test target and CMake target names are global.
#include <gtest/gtest.h>

#include <string>

#include "text/parser.h"
#include "text/text_test_util.h"
#include "text/wat.h"

namespace wasmref::text {
namespace {

using testing::all_features;
using testing::body;
using testing::hex;

// The error message only up to its details (before ": ").
std::string error(std::string_view wat, const Features& f = all_features()) {
  const WatResult r = wat_to_binary(wat, f);
  if (r.ok) return "ok";
  return r.error.message.substr(0, r.error.message.find(": "));
}

// --- Entry points --------------------------------------------------------------------------

TEST(WatToBinary, EmptyModuleAndBareFields) {
  EXPECT_EQ(body("(module)"), "");
  EXPECT_EQ(body(""), "");
  EXPECT_EQ(body("(module $m (func))"), body("(func)"));
  const WatResult r = wat_to_binary("(module $m)", all_features());
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.id, "m");
}

TEST(WatToBinary, NothingAfterTheModule) {
  EXPECT_EQ(error("(module) (func)"), "unexpected token");
  EXPECT_EQ(error("(module"), "unexpected end");
  EXPECT_EQ(error("(func) 1"), "unexpected token");
  EXPECT_EQ(error("(frob)"), "unexpected token");
}

TEST(WatToBinary, ParseModuleFieldsStopsAtClosingParen) {
  const std::string src = "(func) (memory 1)) rest";
  Lexer lexer(src);
  const WatResult r = parse_module_fields(lexer, all_features());
  ASSERT_TRUE(r.ok) << r.error.message;
  EXPECT_EQ(hex(r.bytes.substr(8)), "01 04 01 60 00 00 03 02 01 00 05 03 01 00 01 0a 04 01 02 00 0b");
  EXPECT_EQ(src.substr(lexer.mark(), 1), ")");
}

TEST(Describe, PathLineColumnMessage) {
  const std::string src = "(module\n  (func $f)\n  (func $f))";
  const WatResult r = wat_to_binary(src, all_features());
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(describe(r.error, src, "x.wat"), "x.wat:3:9: duplicate function: $f");
}

// --- §6.6.6 Functions ----------------------------------------------------------------------

TEST(Func, LocalsAreGroupedInRunsOfEqualTypes) {
  EXPECT_EQ(body("(func (local i32 i32) (local i64) (local $x i32) (local f32 i32 i32))"),
            "01 04 01 60 00 00 03 02 01 00 0a 0e 01 0c 05 02 7f 01 7e 01 7f 01 7d 02 7f 0b");
}

TEST(Func, ParamsAndLocalsShareTheLocalIndexSpace) {
  // local.get $y is local 2 (after two params).
  EXPECT_EQ(body("(func (param $a i32) (param i64) (local $y f32) (drop (local.get $y)))"),
            "01 06 01 60 02 7f 7e 00 03 02 01 00 0a 09 01 07 01 01 7d 20 02 1a 0b");
  // With (type x) alone the parameters come from the type: the first local is 1.
  EXPECT_EQ(body("(type (func (param i32))) (func (type 0) (local $l i64) (drop (local.get $l)))"),
            "01 05 01 60 01 7f 00 03 02 01 00 0a 09 01 07 01 01 7e 20 01 1a 0b");
}

TEST(Func, DuplicateIdentifiers) {
  EXPECT_EQ(error("(func $f) (func $f)"), "duplicate function");
  EXPECT_EQ(error("(func (param $x i32) (local $x i32))"), "duplicate local");
  EXPECT_EQ(error("(func (param $x i32) (param $x i64))"), "duplicate local");
  EXPECT_EQ(error("(func (local $x i32) (local $x i32))"), "duplicate local");
  EXPECT_EQ(error("(memory $m 1) (memory $m 1)"), "duplicate memory");
  EXPECT_EQ(error("(global $g i32 (i32.const 0)) (import \"a\" \"b\" (global $g i32))"),
            "duplicate global");
  EXPECT_EQ(error("(table $t 1 funcref) (table $t 1 funcref)"), "duplicate table");
  EXPECT_EQ(error("(type $t (func)) (type $t (func))"), "duplicate type");
  EXPECT_EQ(error("(elem $e) (elem $e)"), "duplicate elem segment");
  EXPECT_EQ(error("(data $d) (data $d)"), "duplicate data segment");
  EXPECT_EQ(error("(tag $e) (tag $e)"), "duplicate tag");
  EXPECT_EQ(error("(type (struct (field $a i32) (field $a i64)))"), "duplicate field");
}

TEST(Func, ForwardReferences) {
  // call $g before $g is defined; export of a later function.
  EXPECT_EQ(body("(export \"f\" (func $g)) (func $f (call $g)) (func $g)"),
            "01 04 01 60 00 00 03 03 02 00 00 07 05 01 01 66 00 01 "
            "0a 09 02 04 00 10 01 0b 02 00 0b");
}

TEST(Func, UnknownIdentifiers) {
  EXPECT_EQ(error("(func (call $nope))"), "unknown function");
  EXPECT_EQ(error("(func (type $nope))"), "unknown type");
  EXPECT_EQ(error("(export \"m\" (memory $nope))"), "unknown memory");
  EXPECT_EQ(error("(start $nope)"), "unknown function");
}

TEST(Func, InlineExportsAndImport) {
  EXPECT_EQ(body("(func $f (export \"a\") (export \"b\") (import \"m\" \"n\") (param i32))"),
            "01 05 01 60 01 7f 00 02 07 01 01 6d 01 6e 00 00 07 09 02 01 61 00 00 01 62 00 00");
}

// --- Import order --------------------------------------------------------------------------

TEST(Import, AfterDefinitionIsMalformed) {
  EXPECT_EQ(error("(func) (import \"\" \"\" (func))"), "import after function");
  EXPECT_EQ(error("(func) (import \"\" \"\" (memory 0))"), "import after function");
  EXPECT_EQ(error("(global i64 (i64.const 0)) (import \"\" \"\" (table 0 funcref))"),
            "import after global");
  EXPECT_EQ(error("(table 0 funcref) (import \"\" \"\" (global i32))"), "import after table");
  EXPECT_EQ(error("(memory 0) (import \"\" \"\" (func))"), "import after memory");
  EXPECT_EQ(error("(func) (func (import \"\" \"\"))"), "import after function");
  // The latest definition an import follows is named.
  EXPECT_EQ(error("(func) (memory 0) (import \"\" \"\" (func))"), "import after memory");
  // Imports after other imports, types, exports, data are fine.
  EXPECT_EQ(error("(type (func)) (import \"\" \"\" (func)) (func (import \"\" \"\")) (func)"), "ok");
}

TEST(Import, EveryDescriptor) {
  EXPECT_EQ(body("(import \"a\" \"f\" (func $f (param i32)))"
                 "(import \"a\" \"t\" (table $t 1 2 funcref))"
                 "(import \"a\" \"m\" (memory $m 1))"
                 "(import \"a\" \"g\" (global $g (mut i64)))"
                 "(import \"a\" \"e\" (tag $e (param i32)))"),
            "01 05 01 60 01 7f 00 02 25 05 "
            "01 61 01 66 00 00 "
            "01 61 01 74 01 70 01 01 02 "
            "01 61 01 6d 02 00 01 "
            "01 61 01 67 03 7e 01 "
            "01 61 01 65 04 00 00");
}

// --- §6.6.7 Tables -------------------------------------------------------------------------

TEST(Table, PlainAndInitializerForms) {
  EXPECT_EQ(body("(table 1 funcref)"), "04 04 01 70 00 01");
  // The default initializer written out is encoded as the plain form.
  EXPECT_EQ(body("(table 1 funcref (ref.null func))"), "04 04 01 70 00 01");
  // Any other initializer: 0x40 0x00 tabletype expr.
  EXPECT_EQ(body("(type $t (func)) (func $f) (table 10 (ref $t) (ref.func $f))"),
            "01 04 01 60 00 00 03 02 01 00 04 0a 01 40 00 64 00 00 0a d2 00 0b "
            "0a 04 01 02 00 0b");
}

TEST(Table, Memory64AddressType) {
  EXPECT_EQ(body("(table i64 1 2 funcref)"), "04 05 01 70 05 01 02");
  EXPECT_EQ(body("(table i32 1 funcref)"), "04 04 01 70 00 01");
  EXPECT_EQ(error("(table i64 1 funcref)", Features{}), "unexpected token");
}

TEST(Table, InlineElemAbbreviation) {
  // (table funcref (elem $f $f)): a 2..2 table and an active segment at 0 with expressions
  // (funcref is not (ref func)): flag 4.
  EXPECT_EQ(body("(func $f) (table $t funcref (elem $f $f))"),
            "01 04 01 60 00 00 03 02 01 00 04 05 01 70 01 02 02 "
            "09 0c 01 04 41 00 0b 02 d2 00 0b d2 00 0b 0a 04 01 02 00 0b");
  // The segment is counted in the elem index space: the next one is 1.
  EXPECT_EQ(body("(func $f) (table funcref (elem $f)) (elem $e func) (func (elem.drop $e))")
                .find("d0 01"),
            std::string::npos);
}

// --- §6.6.8 Memories -----------------------------------------------------------------------

TEST(Memory, LimitsAndAbbreviation) {
  EXPECT_EQ(body("(memory 1)"), "05 03 01 00 01");
  EXPECT_EQ(body("(memory 1 2)"), "05 04 01 01 01 02");
  EXPECT_EQ(body("(memory 1 2 shared)"), "05 04 01 03 01 02");
  EXPECT_EQ(body("(memory i64 1 0x1_0000_0000_0000)"), "05 0a 01 05 01 80 80 80 80 80 80 40");
  // (memory (data "ab")): one page, and an active segment at 0.
  EXPECT_EQ(body("(memory (data \"a\" \"b\"))"), "05 04 01 01 01 01 0b 08 01 00 41 00 0b 02 61 62");
  EXPECT_EQ(body("(memory i64 (data))"), "05 04 01 05 00 00 0b 06 01 00 42 00 0b 00");
}

TEST(Memory, Core20Limits) {
  EXPECT_EQ(error("(memory i64 1)", Features{}), "unexpected token");
  EXPECT_EQ(error("(memory 0x1_0000_0000)", Features{}), "i32 constant out of range");
  EXPECT_EQ(error("(table 0 0x1_0000_0000 funcref)", Features{}), "i32 constant out of range");
  // With memory64 the limits are u64 (validation judges the size).
  EXPECT_EQ(error("(memory 0x1_0000_0000)"), "ok");
  EXPECT_EQ(error("(memory 1 2 shared)", Features{}), "unexpected token");
}

// --- Globals, tags, exports, start ---------------------------------------------------------

TEST(Global, TypesAndInitializers) {
  EXPECT_EQ(body("(global $g (export \"g\") (mut i32) (i32.const 7))"),
            "06 06 01 7f 01 41 07 0b 07 05 01 01 67 03 00");
}

TEST(Tag, DefinitionAndImport) {
  EXPECT_EQ(body("(tag $e (export \"e\") (param i32))"),
            "01 05 01 60 01 7f 00 0d 03 01 00 00 07 05 01 01 65 04 00");
  EXPECT_EQ(error("(tag)", Features{}), "unknown operator");
}

TEST(Start, OnceOnly) {
  EXPECT_EQ(body("(start $f) (func $f)"), "01 04 01 60 00 00 03 02 01 00 08 01 00 0a 04 01 02 00 0b");
  EXPECT_EQ(error("(func) (start 0) (start 0)"), "multiple start sections");
}

// --- §6.6.10 Element segments --------------------------------------------------------------

TEST(Elem, SegmentFlagsAsTheReferenceInterpreter) {
  const std::string pre = "(func $f) (table $t 1 funcref) (table $u 1 funcref) ";
  const std::string fn = "01 04 01 60 00 00 03 02 01 00 04 07 02 70 00 01 70 00 01 ";
  const std::string code = " 0a 04 01 02 00 0b";
  EXPECT_EQ(body(pre + "(elem func $f)"), fn + "09 05 01 01 00 01 00" + code);
  EXPECT_EQ(body(pre + "(elem (i32.const 0) $f)"), fn + "09 07 01 00 41 00 0b 01 00" + code);
  EXPECT_EQ(body(pre + "(elem (table $t) (offset (i32.const 0)) func $f)"),
            fn + "09 07 01 00 41 00 0b 01 00" + code);
  EXPECT_EQ(body(pre + "(elem (table $u) (i32.const 0) func $f)"),
            fn + "09 09 01 02 01 41 00 0b 00 01 00" + code);
  EXPECT_EQ(body(pre + "(elem declare func $f)"), fn + "09 05 01 03 00 01 00" + code);
  // (ref func) with only ref.func items is the function-index form too.
  EXPECT_EQ(body(pre + "(elem (ref func) (ref.func $f))"), fn + "09 05 01 01 00 01 00" + code);
  // funcref: the expression forms.
  EXPECT_EQ(body(pre + "(elem funcref (ref.func $f) (ref.null func))"),
            fn + "09 0a 01 05 70 02 d2 00 0b d0 70 0b" + code);
  EXPECT_EQ(body(pre + "(elem (i32.const 1) funcref (item ref.func $f))"),
            fn + "09 09 01 04 41 01 0b 01 d2 00 0b" + code);
  EXPECT_EQ(body(pre + "(elem (table 1) (i32.const 1) funcref (ref.func $f))"),
            fn + "09 0b 01 06 01 41 01 0b 70 01 d2 00 0b" + code);
  EXPECT_EQ(body(pre + "(elem declare funcref (ref.func $f))"),
            fn + "09 07 01 07 70 01 d2 00 0b" + code);
  // (ref func) on table 0 with an expression that is not ref.func: flag 6.
  EXPECT_EQ(body(pre + "(elem (i32.const 0) (ref func) (ref.func $f) (ref.as_non_null (ref.func $f)))"),
            fn + "09 10 01 06 00 41 00 0b 64 70 02 d2 00 0b d2 00 d4 0b" + code);
}

// --- §6.6.11 Data segments -----------------------------------------------------------------

TEST(Data, ActivePassiveAndMemoryIndex) {
  EXPECT_EQ(body("(memory 1) (data \"x\")"), "05 03 01 00 01 0b 04 01 01 01 78");
  EXPECT_EQ(body("(memory 1) (data (i32.const 8) \"x\" \"y\")"),
            "05 03 01 00 01 0b 08 01 00 41 08 0b 02 78 79");
  EXPECT_EQ(body("(memory 1) (memory $m 1) (data (memory $m) (offset (i32.const 0)))"),
            "05 05 02 00 01 00 01 0b 07 01 02 01 41 00 0b 00");
}

TEST(Data, DataCountSectionOnlyWhenAnInstructionUsesADataIndex) {
  EXPECT_EQ(body("(memory 1) (data $d \"\") (func (data.drop $d))"),
            "01 04 01 60 00 00 03 02 01 00 05 03 01 00 01 0c 01 01 "
            "0a 07 01 05 00 fc 09 00 0b 0b 03 01 01 00");
}

// --- §6.6.2 Types: rec, sub, struct, array -------------------------------------------------

TEST(Types, StructArraySubRec) {
  EXPECT_EQ(body("(type $s (struct (field $x i32) (field (mut i64)) (field i8 (mut i16))))"),
            "01 0b 01 5f 04 7f 00 7e 01 78 00 77 01");
  EXPECT_EQ(body("(type (array (mut i8)))"), "01 04 01 5e 78 01");
  EXPECT_EQ(body("(type $a (sub (struct))) (type (sub final $a (struct (field i32))))"),
            "01 0c 02 50 00 5f 00 4f 01 00 5f 01 7f 00");
  // (sub final comptype) is the abbreviated form.
  EXPECT_EQ(body("(type (sub final (func)))"), "01 04 01 60 00 00");
  EXPECT_EQ(body("(rec (type $a (struct (field (ref null $b)))) (type $b (array (ref $a))))"),
            "01 0c 01 4e 02 5f 01 63 01 00 5e 64 00 00");
}

TEST(Types, FieldIdentifiersPerType) {
  // struct.get $s $y: field 1 of type 0.
  EXPECT_EQ(body("(type $s (struct (field $x i32) (field $y i64)))"
                 "(func (param (ref $s)) (drop (struct.get $s $y (local.get 0))))"),
            "01 0c 02 5f 02 7f 00 7e 00 60 01 64 00 00 03 02 01 01 "
            "0a 0b 01 09 00 20 00 fb 02 00 01 1a 0b");
}

TEST(Types, Core20RejectsGcTypes) {
  EXPECT_EQ(error("(type (struct))", Features{}), "unknown operator");
  EXPECT_EQ(error("(rec)", Features{}), "unknown operator");
  EXPECT_EQ(error("(type (sub (func)))", Features{}), "unknown operator");
  EXPECT_EQ(error("(type (func (param i32)))", Features{}), "ok");
}

}  // namespace
}  // namespace wasmref::text
