// Tests of the JS-API value conversions (js-api "ToJSValue", "ToWebAssemblyValue",
// "DefaultValue", "ToValueType", "AddressValueToU64") and the WebIDL conversions (convert.h).
#include "jsapi/convert.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "embed/embed.h"
#include "jsapi/mini_host.h"
#include "jsapi/objects.h"

namespace wasmref::jsapi {
namespace {

class ConvertTest : public ::testing::Test {
 protected:
  MiniHost host;
  Agent agent{host};

  JsValue num(double d) { return host.number(d); }
  JsValue str(std::u16string_view s) { return host.string(s); }
  template <class T>
  std::optional<ErrorKind> thrown_kind(const Completion<T>& c) {
    if (c.ok()) return std::nullopt;
    return host.error_kind(c.thrown().value);
  }
  // An object whose valueOf returns `v` and records the call.
  JsValue with_value_of(JsValue v, int* calls) {
    const JsValue o = host.object();
    host.create_data_property(o, u"valueOf",
                              host.function(u"valueOf", 0, [v, calls](JsHost&, const CallArgs&) -> Completion<JsValue> {
                                ++*calls;
                                return v;
                              }));
    return o;
  }
  FuncAddr host_func() {
    return embed::func_alloc(*agent.store, FuncType{{}, {}},
                             [](Store&, std::span<const Value>) -> Result<std::vector<Value>> {
                               return std::vector<Value>{};
                             });
  }
  static u32 f32_bits(float f) {
    u32 b;
    std::memcpy(&b, &f, 4);
    return b;
  }
};

// --- ToJSValue ---------------------------------------------------------------------------------

TEST_F(ConvertTest, ToJSValueI32IsSignedNumber) {
  const JsValue v = to_js_value(agent, Value::i32(0xFFFFFFFFu));
  ASSERT_EQ(host.type_of(v), JsType::number);
  EXPECT_EQ(host.number_value(v), -1.0);
  EXPECT_EQ(host.number_value(to_js_value(agent, Value::i32(0x7FFFFFFFu))), 2147483647.0);
}

TEST_F(ConvertTest, ToJSValueI64IsSignedBigInt) {
  const JsValue v = to_js_value(agent, Value::i64(0xFFFFFFFFFFFFFFFFull));
  ASSERT_EQ(host.type_of(v), JsType::bigint);
  EXPECT_EQ(host.bigint_value(v), MiniBigInt::from_i64(-1));
  EXPECT_EQ(host.bigint_value(to_js_value(agent, Value::i64(0x8000000000000000ull))),
            MiniBigInt::from_i64(std::numeric_limits<i64>::min()));
}

TEST_F(ConvertTest, ToJSValueFloats) {
  EXPECT_EQ(host.number_value(to_js_value(agent, Value::f32(1.5f))), 1.5);
  EXPECT_EQ(host.number_value(to_js_value(agent, Value::f32(-std::numeric_limits<float>::infinity()))),
            -std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(host.number_value(to_js_value(agent, Value::f32_bits(0x7FA00000u)))));
  const double negzero = host.number_value(to_js_value(agent, Value::f64(-0.0)));
  EXPECT_EQ(negzero, 0.0);
  EXPECT_TRUE(std::signbit(negzero));
  EXPECT_TRUE(std::isnan(host.number_value(to_js_value(agent, Value::f64_bits(0xFFF8000000000001ull)))));
}

TEST_F(ConvertTest, ToJSValueNullReferencesAreNull) {
  EXPECT_EQ(host.type_of(to_js_value(agent, Value::null(ValType::funcref))), JsType::null);
  EXPECT_EQ(host.type_of(to_js_value(agent, Value::null(ValType::externref))), JsType::null);
}

TEST_F(ConvertTest, ToJSValueFuncrefIsTheCachedExportedFunction) {
  const FuncAddr f = host_func();
  const JsValue a = to_js_value(agent, Value::func(f));
  const JsValue b = to_js_value(agent, Value::func(f));
  EXPECT_TRUE(host.is_callable(a));
  EXPECT_TRUE(host.same_value(a, b));
  EXPECT_TRUE(host.same_value(a, exported_function(agent, f)));
}

// --- ToWebAssemblyValue: numbers ---------------------------------------------------------------

TEST_F(ConvertTest, I64FromBigIntWrapsModulo2To64) {
  auto r = to_webassembly_value(agent, host.bigint(-2), ValType::i64);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, Value::i64(0xFFFFFFFFFFFFFFFEull));
  MiniBigInt two_to_64_plus_3;
  two_to_64_plus_3.magnitude = {3, 0, 1};
  auto w = to_webassembly_value(agent, host.bigint_of(two_to_64_plus_3), ValType::i64);
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(*w, Value::i64(3));
}

TEST_F(ConvertTest, I64FromNumberIsTypeError) {
  EXPECT_EQ(thrown_kind(to_webassembly_value(agent, num(1), ValType::i64)), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(to_webassembly_value(agent, host.undefined(), ValType::i64)), ErrorKind::TypeError);
}

TEST_F(ConvertTest, I64FromStringAndBooleanGoThroughToBigInt) {
  auto s = to_webassembly_value(agent, str(u"42"), ValType::i64);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s, Value::i64(42));
  auto b = to_webassembly_value(agent, host.boolean(true), ValType::i64);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*b, Value::i64(1));
  // StringToBigInt fails on "4.5": ToBigInt throws a SyntaxError (ECMA-262 §7.1.13).
  auto f = to_webassembly_value(agent, str(u"4.5"), ValType::i64);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(host.error_name(f.thrown().value), u"SyntaxError");
}

TEST_F(ConvertTest, I32IsToInt32) {
  auto a = to_webassembly_value(agent, num(4294967296.0 + 5), ValType::i32);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(*a, Value::i32(5));
  auto b = to_webassembly_value(agent, num(-1.9), ValType::i32);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*b, Value::i32(0xFFFFFFFFu));
  auto c = to_webassembly_value(agent, num(std::nan("")), ValType::i32);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(*c, Value::i32(0));
  int calls = 0;
  auto d = to_webassembly_value(agent, with_value_of(num(7), &calls), ValType::i32);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, Value::i32(7));
  EXPECT_EQ(calls, 1);
}

TEST_F(ConvertTest, I32FromBigIntIsTypeError) {
  EXPECT_EQ(thrown_kind(to_webassembly_value(agent, host.bigint(1), ValType::i32)), ErrorKind::TypeError);
}

TEST_F(ConvertTest, ThrowFromValueOfPropagatesTheSameValue) {
  const JsValue thrown = host.string(u"boom");
  const JsValue o = host.object();
  host.create_data_property(o, u"valueOf",
                            host.function(u"valueOf", 0, [thrown](JsHost&, const CallArgs&) -> Completion<JsValue> {
                              return Thrown{thrown};
                            }));
  auto r = to_webassembly_value(agent, o, ValType::f64);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(host.same_value(r.thrown().value, thrown));
}

TEST_F(ConvertTest, F32RoundsToNearestEven) {
  auto third = to_webassembly_value(agent, num(1.0 / 3.0), ValType::f32);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->f32_bits_(), f32_bits(1.0f / 3.0f));
  // 1 + 2^-24 is exactly between 1 and 1 + 2^-23: ties to even gives 1.
  auto tie = to_webassembly_value(agent, num(1.0 + 0x1p-24), ValType::f32);
  ASSERT_TRUE(tie.ok());
  EXPECT_EQ(tie->f32_bits_(), 0x3F800000u);
  // 1 + 3 * 2^-24 is between 1 + 2^-23 (odd) and 1 + 2^-22 (even): up.
  auto tie_up = to_webassembly_value(agent, num(1.0 + 3 * 0x1p-24), ValType::f32);
  ASSERT_TRUE(tie_up.ok());
  EXPECT_EQ(tie_up->f32_bits_(), 0x3F800002u);
}

TEST_F(ConvertTest, F32OverflowRoundsToInfinityFromTheMidpoint) {
  auto mid = to_webassembly_value(agent, num(0x1.ffffffp127), ValType::f32);
  ASSERT_TRUE(mid.ok());
  EXPECT_EQ(mid->f32_bits_(), 0x7F800000u);
  auto below = to_webassembly_value(agent, num(0x1.fffffefffffffp127), ValType::f32);
  ASSERT_TRUE(below.ok());
  EXPECT_EQ(below->f32_bits_(), 0x7F7FFFFFu);  // FLT_MAX
  auto huge = to_webassembly_value(agent, num(-1e300), ValType::f32);
  ASSERT_TRUE(huge.ok());
  EXPECT_EQ(huge->f32_bits_(), 0xFF800000u);
  auto tiny = to_webassembly_value(agent, num(-1e-300), ValType::f32);
  ASSERT_TRUE(tiny.ok());
  EXPECT_EQ(tiny->f32_bits_(), 0x80000000u);  // -0
}

TEST_F(ConvertTest, NaNBecomesACanonicalNaN) {
  auto f = to_webassembly_value(agent, num(std::nan("")), ValType::f32);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->f32_bits_(), 0x7FC00000u);
  auto d = to_webassembly_value(agent, str(u"not a number"), ValType::f64);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->f64_bits_(), 0x7FF8000000000000ull);
}

TEST_F(ConvertTest, F64KeepsMinusZero) {
  auto d = to_webassembly_value(agent, num(-0.0), ValType::f64);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->f64_bits_(), 0x8000000000000000ull);
}

TEST_F(ConvertTest, V128IsTypeError) {
  EXPECT_EQ(thrown_kind(to_webassembly_value(agent, num(0), ValType::v128)), ErrorKind::TypeError);
}

// ToWebAssemblyValue 2. "Assert: type does not match exnref" and ToJSValue 2. "Assert: w is not
// ref.exn": callers throw their TypeError first; reached anyway, a TypeError (ToWebAssemblyValue)
// and undefined (ToJSValue, which cannot throw), never undefined behaviour.
TEST_F(ConvertTest, ExnrefIsAssertedAway) {
  for (const JsValue v : {host.null(), num(0), host.object()}) {
    auto r = to_webassembly_value(agent, v, ValType::exnref);
    EXPECT_EQ(thrown_kind(r), ErrorKind::TypeError);
    EXPECT_EQ(host.error_message(r.thrown().value), u"exnref values cannot be used from JS");
  }
  EXPECT_EQ(host.type_of(to_js_value(agent, Value::null(ValType::exnref))), JsType::undefined);
  EXPECT_EQ(host.type_of(to_js_value(agent, Value::exn(ExnAddr{0}))), JsType::undefined);
  EXPECT_TRUE(matches_v128_or_exnref(ValType::exnref));
  EXPECT_TRUE(matches_v128_or_exnref(ValType::v128));
  EXPECT_FALSE(matches_v128_or_exnref(ValType::externref));
}

// --- ToWebAssemblyValue: references --------------------------------------------------------------

TEST_F(ConvertTest, FuncrefAcceptsNullAndExportedFunctions) {
  auto n = to_webassembly_value(agent, host.null(), ValType::funcref);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, Value::null(ValType::funcref));
  const FuncAddr f = host_func();
  auto e = to_webassembly_value(agent, exported_function(agent, f), ValType::funcref);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(*e, Value::func(f));
}

TEST_F(ConvertTest, FuncrefRejectsEverythingElse) {
  const JsValue plain = host.function(u"f", 0, [](JsHost& h, const CallArgs&) -> Completion<JsValue> {
    return h.undefined();
  });
  for (const JsValue v : {plain, host.object(), num(37), host.undefined(), str(u"f")}) {
    EXPECT_EQ(thrown_kind(to_webassembly_value(agent, v, ValType::funcref)), ErrorKind::TypeError);
  }
  EXPECT_TRUE(agent.host_values.empty());
}

TEST_F(ConvertTest, ExternrefKeepsIdentityBySameValue) {
  const JsValue o = host.object();
  auto a = to_webassembly_value(agent, o, ValType::externref);
  auto b = to_webassembly_value(agent, o, ValType::externref);
  auto other = to_webassembly_value(agent, host.object(), ValType::externref);
  ASSERT_TRUE(a.ok() && b.ok() && other.ok());
  EXPECT_EQ(*a, *b);
  EXPECT_NE(*a, *other);
  EXPECT_TRUE(host.same_value(to_js_value(agent, *a), o));
}

TEST_F(ConvertTest, ExternrefMinusZeroIsNotPlusZero) {
  auto pz = to_webassembly_value(agent, num(0.0), ValType::externref);
  auto mz = to_webassembly_value(agent, num(-0.0), ValType::externref);
  ASSERT_TRUE(pz.ok() && mz.ok());
  EXPECT_NE(*pz, *mz);
  const double back = host.number_value(to_js_value(agent, *mz));
  EXPECT_TRUE(std::signbit(back));
  auto nan1 = to_webassembly_value(agent, num(std::nan("")), ValType::externref);
  auto nan2 = to_webassembly_value(agent, num(-std::nan("")), ValType::externref);
  ASSERT_TRUE(nan1.ok() && nan2.ok());
  EXPECT_EQ(*nan1, *nan2);  // SameValue(NaN, NaN)
}

TEST_F(ConvertTest, ExternrefNullIsRefNullAndUndefinedIsAHostValue) {
  auto n = to_webassembly_value(agent, host.null(), ValType::externref);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, Value::null(ValType::externref));
  auto u = to_webassembly_value(agent, host.undefined(), ValType::externref);
  ASSERT_TRUE(u.ok());
  EXPECT_FALSE(u->is_null());
  EXPECT_EQ(host.type_of(to_js_value(agent, *u)), JsType::undefined);
}

TEST_F(ConvertTest, ExternrefOfAnExportedFunctionIsAHostValue) {
  const JsValue f = exported_function(agent, host_func());
  auto r = to_webassembly_value(agent, f, ValType::externref);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->type, ValType::externref);
  EXPECT_TRUE(host.same_value(to_js_value(agent, *r), f));
}

TEST_F(ConvertTest, ToJSValueOfAnUnknownHostAddressIsUndefined) {
  EXPECT_EQ(host.type_of(to_js_value(agent, Value::extern_(ExternAddr{99}))), JsType::undefined);
}

// --- DefaultValue, ToValueType ----------------------------------------------------------------

TEST_F(ConvertTest, DefaultValue) {
  EXPECT_EQ(default_value(agent, ValType::i32), Value::i32(0));
  EXPECT_EQ(default_value(agent, ValType::i64), Value::i64(0));
  EXPECT_EQ(default_value(agent, ValType::f64), Value::f64_bits(0));
  EXPECT_EQ(default_value(agent, ValType::funcref), Value::null(ValType::funcref));
  EXPECT_EQ(default_value(agent, ValType::exnref), Value::null(ValType::exnref));  // val_default
  const Value e = default_value(agent, ValType::externref);
  EXPECT_FALSE(e.is_null());
  EXPECT_EQ(host.type_of(to_js_value(agent, e)), JsType::undefined);
}

TEST_F(ConvertTest, ToValueTypeAcceptsExactlyTheEnum) {
  const std::pair<std::u16string_view, ValType> ok[] = {
      {u"i32", ValType::i32},   {u"i64", ValType::i64},         {u"f32", ValType::f32},
      {u"f64", ValType::f64},   {u"v128", ValType::v128},       {u"anyfunc", ValType::funcref},
      {u"externref", ValType::externref}};
  for (const auto& [s, t] : ok) {
    auto r = to_value_type(host, str(s));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, t);
  }
  for (std::u16string_view bad : {u"funcref", u"anyref", u"exnref", u"I32", u"i32 ", u""}) {
    EXPECT_EQ(thrown_kind(to_value_type(host, str(bad))), ErrorKind::TypeError);
  }
}

TEST_F(ConvertTest, ToValueTypeRunsToString) {
  const JsValue o = host.object();
  host.create_data_property(o, u"toString",
                            host.function(u"toString", 0, [](JsHost& h, const CallArgs&) -> Completion<JsValue> {
                              return h.string(u"f32");
                            }));
  auto r = to_value_type(host, o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, ValType::f32);
  EXPECT_EQ(thrown_kind(to_value_type(host, host.make_symbol(u"s"))), ErrorKind::TypeError);
}

// --- [EnforceRange] unsigned long, AddressValueToU64 -------------------------------------------

TEST_F(ConvertTest, EnforceRangeTruncates) {
  auto a = enforce_range_unsigned_long(host, num(1.9));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(*a, 1u);
  auto b = enforce_range_unsigned_long(host, num(-0.5));
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*b, 0u);
  auto c = enforce_range_unsigned_long(host, num(4294967295.0));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(*c, 4294967295u);
  auto d = enforce_range_unsigned_long(host, str(u"12"));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, 12u);
  auto e = enforce_range_unsigned_long(host, host.null());
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(*e, 0u);
}

TEST_F(ConvertTest, EnforceRangeRejects) {
  for (const JsValue v : {num(-1), num(4294967296.0), num(std::nan("")), num(INFINITY), num(-INFINITY),
                          host.undefined(), str(u"x"), host.bigint(1)}) {
    EXPECT_EQ(thrown_kind(enforce_range_unsigned_long(host, v)), ErrorKind::TypeError);
  }
}

TEST_F(ConvertTest, AddressValueToU64) {
  auto i32 = address_value_to_u64(host, num(7), AddressType::i32);
  ASSERT_TRUE(i32.ok());
  EXPECT_EQ(*i32, 7u);
  EXPECT_EQ(thrown_kind(address_value_to_u64(host, num(-1), AddressType::i32)), ErrorKind::TypeError);
  auto i64 = address_value_to_u64(host, host.bigint_u64(0xFFFFFFFFFFFFFFFFull), AddressType::i64);
  ASSERT_TRUE(i64.ok());
  EXPECT_EQ(*i64, 0xFFFFFFFFFFFFFFFFull);
  EXPECT_EQ(thrown_kind(address_value_to_u64(host, num(7), AddressType::i64)), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(address_value_to_u64(host, host.bigint(-1), AddressType::i64)), ErrorKind::TypeError);
  MiniBigInt two_to_64;
  two_to_64.magnitude = {0, 0, 1};
  EXPECT_EQ(thrown_kind(address_value_to_u64(host, host.bigint_of(two_to_64), AddressType::i64)),
            ErrorKind::TypeError);
}

TEST_F(ConvertTest, U64ToAddressValue) {
  EXPECT_EQ(host.type_of(u64_to_address_value(host, 3, AddressType::i32)), JsType::number);
  EXPECT_EQ(host.bigint_value(u64_to_address_value(host, 3, AddressType::i64)), MiniBigInt::from_u64(3));
}

TEST_F(ConvertTest, AddressTypeOfTheCoreAddrTypeAndBack) {
  EXPECT_EQ(address_type_of(AddrType::i32), AddressType::i32);
  EXPECT_EQ(address_type_of(AddrType::i64), AddressType::i64);
  EXPECT_EQ(core_addrtype(AddressType::i32), AddrType::i32);
  EXPECT_EQ(core_addrtype(AddressType::i64), AddrType::i64);
}

TEST_F(ConvertTest, ToAddressType) {
  EXPECT_EQ(*to_address_type(host, str(u"i32")), AddressType::i32);
  EXPECT_EQ(*to_address_type(host, str(u"i64")), AddressType::i64);
  EXPECT_EQ(thrown_kind(to_address_type(host, str(u"u32"))), ErrorKind::TypeError);
}

// --- Dictionaries, optional arguments, errors ----------------------------------------------------

TEST_F(ConvertTest, DictionaryMember) {
  EXPECT_EQ(host.type_of(*dictionary_member(host, host.undefined(), u"initial")), JsType::undefined);
  EXPECT_EQ(host.type_of(*dictionary_member(host, host.null(), u"initial")), JsType::undefined);
  EXPECT_EQ(thrown_kind(dictionary_member(host, num(1), u"initial")), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(dictionary_member(host, str(u"{}"), u"initial")), ErrorKind::TypeError);
  const JsValue o = host.object();
  host.create_data_property(o, u"initial", num(3));
  EXPECT_EQ(host.number_value(*dictionary_member(host, o, u"initial")), 3.0);
}

TEST_F(ConvertTest, OptionalArgumentMissing) {
  const JsValue args[] = {num(1), host.undefined()};
  CallArgs call;
  call.args = args;
  EXPECT_FALSE(optional_argument_missing(host, call, 0));
  EXPECT_TRUE(optional_argument_missing(host, call, 1));
  EXPECT_TRUE(optional_argument_missing(host, call, 2));
}

TEST_F(ConvertTest, ThrowErrorAppendsDetails) {
  const Thrown t = throw_error(host, ErrorKind::RangeError, "grow failed", "memory");
  EXPECT_EQ(host.error_kind(t.value), ErrorKind::RangeError);
  EXPECT_EQ(host.error_message(t.value), u"grow failed: memory");
  EXPECT_EQ(host.error_message(throw_error(host, ErrorKind::TypeError, "x").value), u"x");
}

}  // namespace
}  // namespace wasmref::jsapi
