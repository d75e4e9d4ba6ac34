// Core 3.0 §6.4 Types and §6.6.3 Type uses (text/types.rst, text/modules.rst): the type
// grammar of types.cc, checked through small modules and their exact binary encodings.
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

// The encoding of the value type `t`, read back from a module whose only field is a global
// of type (mut t).
std::string valtype_of(std::string_view t, const Features& f = all_features()) {
  const std::string wat = "(global (mut " + std::string(t) + ") (unreachable))";
  const WatResult r = wat_to_binary(wat, f);
  if (!r.ok) return "error: " + r.error.message;
  // ... 06 size 01 <valtype> 01 00 0b: the bytes between the count and the mut byte.
  // The global section is the only one: id, size, count 1, valtype..., 01, 00, 0b.
  const std::string tail = r.bytes.substr(8);
  const size_t start = 3;
  return hex(std::string_view(tail).substr(start, tail.size() - start - 3));
}

TEST(ValType, NumberAndVectorTypes) {
  EXPECT_EQ(valtype_of("i32"), "7f");
  EXPECT_EQ(valtype_of("i64"), "7e");
  EXPECT_EQ(valtype_of("f32"), "7d");
  EXPECT_EQ(valtype_of("f64"), "7c");
  EXPECT_EQ(valtype_of("v128"), "7b");
}

TEST(RefType, ShorthandsAreOneByte) {
  EXPECT_EQ(valtype_of("funcref"), "70");
  EXPECT_EQ(valtype_of("externref"), "6f");
  EXPECT_EQ(valtype_of("anyref"), "6e");
  EXPECT_EQ(valtype_of("eqref"), "6d");
  EXPECT_EQ(valtype_of("i31ref"), "6c");
  EXPECT_EQ(valtype_of("structref"), "6b");
  EXPECT_EQ(valtype_of("arrayref"), "6a");
  EXPECT_EQ(valtype_of("exnref"), "69");
  EXPECT_EQ(valtype_of("nullref"), "71");
  EXPECT_EQ(valtype_of("nullfuncref"), "73");
  EXPECT_EQ(valtype_of("nullexternref"), "72");
  EXPECT_EQ(valtype_of("nullexnref"), "74");
}

TEST(RefType, NullableAbstractUsesShorthand) {
  EXPECT_EQ(valtype_of("(ref null func)"), "70");
  EXPECT_EQ(valtype_of("(ref null none)"), "71");
  EXPECT_EQ(valtype_of("(ref null noexn)"), "74");
}

TEST(RefType, NonNullableAndConcrete) {
  EXPECT_EQ(valtype_of("(ref func)"), "64 70");
  EXPECT_EQ(valtype_of("(ref extern)"), "64 6f");
  EXPECT_EQ(valtype_of("(ref any)"), "64 6e");
  // A type index is an s33: 0 -> 00; via an identifier bound later in the module.
  EXPECT_EQ(body("(global (mut (ref null $t)) (unreachable)) (type $t (func))"),
            "01 04 01 60 00 00 06 06 01 63 00 01 00 0b");
  EXPECT_EQ(body("(global (mut (ref 0)) (unreachable)) (type (func))"),
            "01 04 01 60 00 00 06 06 01 64 00 01 00 0b");
}

TEST(RefType, TypeIndexAbove63IsTwoByteS33) {
  std::string wat;
  for (int i = 0; i < 65; ++i) wat += "(type (func))";
  wat += "(global (ref null 64) (unreachable))";
  const WatResult r = wat_to_binary(wat, all_features());
  ASSERT_TRUE(r.ok) << r.error.message;
  // ... 06 07 01 63 c0 00 00 00 0b
  EXPECT_EQ(hex(std::string_view(r.bytes).substr(r.bytes.size() - 9)),
            "06 07 01 63 c0 00 00 00 0b");
}

TEST(RefType, UnknownTypeIdentifier) {
  EXPECT_EQ(body("(global (ref null $nope) (unreachable))"), "error: unknown type: $nope");
}

TEST(RefType, Core20RejectsTypedReferences) {
  const Features core20;
  EXPECT_EQ(valtype_of("funcref", core20), "70");
  EXPECT_EQ(valtype_of("externref", core20), "6f");
  EXPECT_EQ(valtype_of("anyref", core20), "error: unknown operator");
  EXPECT_EQ(valtype_of("(ref func)", core20), "error: unknown operator");
  EXPECT_EQ(valtype_of("exnref", core20), "error: unknown operator");
}

TEST(ValType, UnknownAndMisplacedKeywords) {
  // A keyword the grammar does not know at all is an unknown operator (obsolete-keywords.wast:
  // `anyfunc`); a known keyword out of place is an unexpected token.
  EXPECT_EQ(valtype_of("i33"), "error: unknown operator i33");
  EXPECT_EQ(valtype_of("anyfunc"), "error: unknown operator anyfunc");
  EXPECT_EQ(valtype_of("func"), "error: unexpected token");
  EXPECT_EQ(valtype_of("i32.add"), "error: unexpected token");
  EXPECT_EQ(valtype_of("\"i32\""), "error: unexpected token");
}

TEST(TypeUse, InlineSignatureFindsOrAppendsType) {
  // (func (param i32)) matches the explicit type 0; (param i64) appends type 1.
  EXPECT_EQ(body("(type (func (param i32))) (func (param i32)) (func (param i64))"),
            "01 09 02 60 01 7f 00 60 01 7e 00 03 03 02 00 01 0a 07 02 02 00 0b 02 00 0b");
}

TEST(TypeUse, ExplicitTypeWithMatchingInlineSignature) {
  EXPECT_EQ(body("(type $t (func (param i32) (result i64))) "
                 "(func (type $t) (param $x i32) (result i64) (unreachable))"),
            "01 06 01 60 01 7f 01 7e 03 02 01 00 0a 05 01 03 00 00 0b");
}

TEST(TypeUse, InlineFunctionTypeMismatch) {
  EXPECT_EQ(body("(type $t (func (param i32))) (func (type $t) (param i64))"),
            "error: inline function type");
  EXPECT_EQ(body("(type $t (func (param i32))) (func (type $t) (result i32) (unreachable))"),
            "error: inline function type");
}

TEST(TypeUse, ParamAfterResultIsMalformed) {
  EXPECT_EQ(body("(func (result i32) (param i32) (unreachable))"), "error: unexpected token");
}

TEST(TypeUse, OnlyPlainFunctionTypesMatchInlineSignatures) {
  // A non-final function type (sub) is not reused for an inline signature: a new type.
  EXPECT_EQ(body("(type (sub (func))) (func)"),
            "01 09 02 50 00 60 00 00 60 00 00 03 02 01 01 0a 04 01 02 00 0b");
  // Neither is a type in a rec group of two.
  EXPECT_EQ(body("(rec (type (func)) (type (struct))) (func)"),
            "01 0b 02 4e 02 60 00 00 5f 00 60 00 00 03 02 01 02 0a 04 01 02 00 0b");
  // A rec group of one is a singular rec type: reused.
  EXPECT_EQ(body("(rec (type (func))) (func)"), "01 04 01 60 00 00 03 02 01 00 0a 04 01 02 00 0b");
}

TEST(TypeUse, ImplicitTypesFollowExplicitOnesInOrderOfUse) {
  EXPECT_EQ(body("(func (result f32) (unreachable)) (type (func)) (func (param i64)) "
                 "(func (result f32) (unreachable))"),
            "01 0c 03 60 00 00 60 00 01 7d 60 01 7e 00 03 04 03 01 02 01 "
            "0a 0c 03 03 00 00 0b 02 00 0b 03 00 00 0b");
}

TEST(TypeUse, BodyImplicitTypesInSourceOrder) {
  // text/types.rst: "Abbreviations are expanded in the order they appear". The function's own
  // type first, then the body's in the order they are written: (i32) is 1, (i64) is 2. (The
  // spec interpreter numbers a body's implicit types last-first instead.)
  EXPECT_EQ(body("(func (block (param i32) (drop)) (block (param i64) (drop)))"),
            "01 0c 03 60 00 00 60 01 7f 00 60 01 7e 00 03 02 01 00 "
            "0a 0c 01 0a 00 02 01 1a 0b 02 02 1a 0b 0b");
  // A signature already present (explicit or from an earlier function) is reused.
  EXPECT_EQ(body("(type (func (param i32))) (func (block (param i32) (drop)))"),
            "01 08 02 60 01 7f 00 60 00 00 03 02 01 01 0a 08 01 06 00 02 00 1a 0b 0b");
}

}  // namespace
}  // namespace wasmref::text
