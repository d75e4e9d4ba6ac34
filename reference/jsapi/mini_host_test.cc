// JS-API over an abstract JS host: tests of MiniHost (ECMA-262 conversions, objects, promises,
// tasks).
#include "jsapi/mini_host.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace wasmref::jsapi {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// A NativeFunction that returns a fixed value and records that it ran.
NativeFunction returning(JsValue v, std::vector<std::string>* log = nullptr, std::string tag = {}) {
  return [v, log, tag](JsHost&, const CallArgs&) -> Completion<JsValue> {
    if (log != nullptr) log->push_back(tag);
    return v;
  };
}
NativeFunction throwing(JsValue v, std::vector<std::string>* log = nullptr, std::string tag = {}) {
  return [v, log, tag](JsHost&, const CallArgs&) -> Completion<JsValue> {
    if (log != nullptr) log->push_back(tag);
    return Thrown{v};
  };
}

class MiniHostTest : public ::testing::Test {
 protected:
  MiniHost h;

  double num(std::u16string_view s) {
    auto r = h.to_number(h.string(s));
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : -12345;
  }
  std::u16string str(double d) {
    auto r = h.to_string(h.number(d));
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : u"<thrown>";
  }
  std::int32_t i32(double d) {
    auto r = h.to_int32(h.number(d));
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : -12345;
  }
  // The class name of a thrown value ("TypeError", "SyntaxError", ...).
  template <class T>
  std::u16string thrown_name(const Completion<T>& c) {
    if (c.ok()) return u"<no throw>";
    return h.error_name(c.thrown().value);
  }
  JsValue method_object(std::u16string_view key, NativeFunction fn) {
    const JsValue o = h.object();
    h.create_data_property(o, key, h.function(key, 0, std::move(fn)));
    return o;
  }
};

// ---- Type tests and SameValue ---------------------------------------------------------------

TEST_F(MiniHostTest, TypeOfEachKind) {
  EXPECT_EQ(h.type_of(JsValue{}), JsType::undefined);  // a default handle is undefined
  EXPECT_EQ(h.type_of(h.undefined()), JsType::undefined);
  EXPECT_EQ(h.type_of(h.null()), JsType::null);
  EXPECT_EQ(h.type_of(h.boolean(true)), JsType::boolean);
  EXPECT_EQ(h.type_of(h.number(1)), JsType::number);
  EXPECT_EQ(h.type_of(h.bigint(1)), JsType::bigint);
  EXPECT_EQ(h.type_of(h.string(u"x")), JsType::string);
  EXPECT_EQ(h.type_of(h.make_symbol(u"s")), JsType::symbol);
  EXPECT_EQ(h.type_of(h.object()), JsType::object);
  EXPECT_EQ(h.type_of(JsValue{0xFFFFFFFFFFull}), JsType::undefined);  // unknown handle: no UB
  EXPECT_TRUE(h.is_callable(h.function(u"f", 0, returning(h.undefined()))));
  EXPECT_FALSE(h.is_callable(h.object()));
}

TEST_F(MiniHostTest, SameValue) {
  EXPECT_FALSE(h.same_value(h.number(-0.0), h.number(0.0)));
  EXPECT_TRUE(h.same_value(h.number(kNaN), h.number(-kNaN)));
  EXPECT_TRUE(h.same_value(h.number(1.5), h.number(1.5)));
  EXPECT_FALSE(h.same_value(h.number(1), h.bigint(1)));
  EXPECT_TRUE(h.same_value(h.bigint(-5), h.bigint(-5)));
  EXPECT_TRUE(h.same_value(h.bigint_u64(5), h.bigint(5)));
  EXPECT_TRUE(h.same_value(h.string(u"ab"), h.string(u"ab")));
  EXPECT_FALSE(h.same_value(h.string(u"ab"), h.string(u"abc")));
  EXPECT_FALSE(h.same_value(h.make_symbol(u"a"), h.make_symbol(u"a")));
  const JsValue s = h.make_symbol(u"a");
  EXPECT_TRUE(h.same_value(s, s));
  EXPECT_FALSE(h.same_value(h.object(), h.object()));
  const JsValue o = h.object();
  EXPECT_TRUE(h.same_value(o, o));
  EXPECT_TRUE(h.same_value(h.undefined(), JsValue{}));
  EXPECT_FALSE(h.same_value(h.undefined(), h.null()));
  EXPECT_TRUE(h.same_value(h.boolean(false), h.boolean(false)));
}

TEST_F(MiniHostTest, PrimitiveReadBack) {
  EXPECT_TRUE(h.boolean_value(h.boolean(true)));
  EXPECT_EQ(h.number_value(h.number(2.5)), 2.5);
  EXPECT_TRUE(std::signbit(h.number_value(h.number(-0.0))));
  EXPECT_EQ(h.string_value(h.string(u"h\u00e9")), u"h\u00e9");
  EXPECT_TRUE(std::isnan(h.number_value(h.string(u"1"))));  // wrong type: NaN, never UB
  EXPECT_EQ(h.string_value(h.number(1)), u"");
}

// ---- ToNumber ----------------------------------------------------------------------------------

TEST_F(MiniHostTest, ToNumberOfPrimitives) {
  EXPECT_TRUE(std::isnan(*h.to_number(h.undefined())));
  EXPECT_EQ(*h.to_number(h.null()), 0);
  EXPECT_EQ(*h.to_number(h.boolean(true)), 1);
  EXPECT_EQ(*h.to_number(h.boolean(false)), 0);
  EXPECT_EQ(*h.to_number(h.number(-7.25)), -7.25);
  EXPECT_EQ(thrown_name(h.to_number(h.bigint(1))), u"TypeError");
  EXPECT_EQ(thrown_name(h.to_number(h.make_symbol(u"s"))), u"TypeError");
}

TEST_F(MiniHostTest, StringToNumber) {
  EXPECT_EQ(num(u" 12 "), 12);
  EXPECT_EQ(num(u"\t\n\u00a0\ufeff\u2028 12\u3000"), 12);  // every WhiteSpace/LineTerminator
  EXPECT_EQ(num(u"0x1F"), 31);
  EXPECT_EQ(num(u"0X1f"), 31);
  EXPECT_EQ(num(u"0o17"), 15);
  EXPECT_EQ(num(u"0b101"), 5);
  EXPECT_TRUE(std::isnan(num(u"-0x1F")));  // no sign on non-decimal literals
  EXPECT_TRUE(std::isnan(num(u"0x")));
  EXPECT_TRUE(std::isnan(num(u"0b2")));
  EXPECT_EQ(num(u""), 0);
  EXPECT_EQ(num(u"   "), 0);
  EXPECT_EQ(num(u"1e1000"), kInf);
  EXPECT_EQ(num(u"-1e1000"), -kInf);
  EXPECT_EQ(num(u"1e-1000"), 0);
  EXPECT_TRUE(std::signbit(num(u"-1e-1000")));
  EXPECT_EQ(num(u"5e-324"), 5e-324);  // subnormal, not flushed
  EXPECT_EQ(num(u"Infinity"), kInf);
  EXPECT_EQ(num(u"-Infinity"), -kInf);
  EXPECT_EQ(num(u"+Infinity"), kInf);
  EXPECT_TRUE(std::isnan(num(u"infinity")));
  EXPECT_TRUE(std::isnan(num(u"inf")));
  EXPECT_TRUE(std::isnan(num(u"NaN")));
  EXPECT_EQ(num(u".5"), 0.5);
  EXPECT_EQ(num(u"5."), 5);
  EXPECT_EQ(num(u"+1.5e+2"), 150);
  EXPECT_EQ(num(u"1E-2"), 0.01);
  EXPECT_TRUE(std::isnan(num(u".")));
  EXPECT_TRUE(std::isnan(num(u"+")));
  EXPECT_TRUE(std::isnan(num(u"1e")));
  EXPECT_TRUE(std::isnan(num(u"1_000")));
  EXPECT_TRUE(std::isnan(num(u"12px")));
  EXPECT_TRUE(std::isnan(num(u"1 2")));
  EXPECT_TRUE(std::signbit(num(u"-0")));
  EXPECT_FALSE(std::signbit(num(u"0")));
  EXPECT_EQ(num(u"0.1"), 0.1);                              // correctly rounded
  EXPECT_EQ(num(u"9007199254740993"), 9007199254740992.0);  // ties to even
  EXPECT_EQ(num(u"0x20000000000001"), 9007199254740992.0);  // hex exact, then ties to even
  EXPECT_EQ(num(u"0x20000000000003"), 9007199254740996.0);
  // 2^64 + 1 in hex: more than 64 bits, rounded with the sticky bit.
  EXPECT_EQ(num(u"0x10000000000000001"), 18446744073709551616.0);
  // (2^53 + 1) * 2^12 + 1: the bits below the top 64 decide the tie (rounds up, not to even).
  EXPECT_EQ(num(u"0x20000000000001001"), 36893488147419111424.0);
  EXPECT_EQ(num(u"0x" + std::u16string(300, u'f')), kInf);
}

TEST_F(MiniHostTest, ToNumberOfObjectsRunsValueOfThenToString) {
  std::vector<std::string> log;
  // valueOf returning a primitive wins; toString never runs.
  JsValue o = h.object();
  h.create_data_property(o, u"valueOf",
                         h.function(u"valueOf", 0, returning(h.number(42), &log, "valueOf")));
  h.create_data_property(o, u"toString",
                         h.function(u"toString", 0, returning(h.string(u"7"), &log, "toString")));
  EXPECT_EQ(*h.to_number(o), 42);
  EXPECT_EQ(log, (std::vector<std::string>{"valueOf"}));
  // valueOf returning an object: toString is next.
  log.clear();
  JsValue o2 = h.object();
  h.create_data_property(o2, u"valueOf",
                         h.function(u"valueOf", 0, returning(h.object(), &log, "valueOf")));
  h.create_data_property(
      o2, u"toString",
      h.function(u"toString", 0, returning(h.string(u" 0x10 "), &log, "toString")));
  EXPECT_EQ(*h.to_number(o2), 16);
  EXPECT_EQ(log, (std::vector<std::string>{"valueOf", "toString"}));
  // ToString runs toString first.
  log.clear();
  EXPECT_EQ(*h.to_string(o), u"7");
  EXPECT_EQ(log, (std::vector<std::string>{"toString"}));
  // Both return objects: TypeError.
  JsValue o3 = h.object();
  h.create_data_property(o3, u"valueOf", h.function(u"valueOf", 0, returning(h.object())));
  h.create_data_property(o3, u"toString", h.function(u"toString", 0, returning(h.object())));
  EXPECT_EQ(thrown_name(h.to_number(o3)), u"TypeError");
  // A plain object: Object.prototype.valueOf gives the object, toString "[object Object]": NaN.
  EXPECT_TRUE(std::isnan(*h.to_number(h.object())));
  EXPECT_EQ(*h.to_string(h.object()), u"[object Object]");
  // Null prototype: no methods at all.
  EXPECT_EQ(thrown_name(h.to_number(h.null_prototype_object())), u"TypeError");
}

TEST_F(MiniHostTest, ValueOfThrowingPropagatesTheSameValue) {
  const JsValue boom = h.string(u"boom");
  std::vector<std::string> log;
  JsValue o = h.object();
  h.create_data_property(o, u"valueOf", h.function(u"valueOf", 0, throwing(boom, &log, "valueOf")));
  h.create_data_property(o, u"toString",
                         h.function(u"toString", 0, returning(h.string(u"1"), &log, "toString")));
  auto r = h.to_number(o);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(h.same_value(r.thrown().value, boom));
  EXPECT_EQ(log, (std::vector<std::string>{"valueOf"}));  // toString not reached
  EXPECT_FALSE(h.to_int32(o).ok());
  EXPECT_FALSE(h.to_bigint64(o).ok());
}

TEST_F(MiniHostTest, ToPrimitiveSymbolMethod) {
  JsValue seen_hint{};
  JsValue o = h.object();
  h.set_property(o, h.symbol_to_primitive(),
                 h.function(u"[Symbol.toPrimitive]", 1,
                            [&seen_hint](JsHost& host, const CallArgs& c) -> Completion<JsValue> {
                              seen_hint = c.args[0];
                              return host.number(3);
                            }));
  EXPECT_EQ(*h.to_number(o), 3);
  EXPECT_EQ(h.string_value(seen_hint), u"number");
  EXPECT_EQ(*h.to_string(o), u"3");
  EXPECT_EQ(h.string_value(seen_hint), u"string");
  JsValue bad = h.object();
  h.set_property(bad, h.symbol_to_primitive(), h.number(1));  // not callable
  EXPECT_EQ(thrown_name(h.to_number(bad)), u"TypeError");
}

TEST_F(MiniHostTest, ArraysConvertThroughJoin) {
  EXPECT_EQ(*h.to_number(h.array({})), 0);
  const JsValue five[] = {h.number(5)};
  EXPECT_EQ(*h.to_number(h.array(five)), 5);
  const JsValue three[] = {h.number(1), h.undefined(), h.string(u"x")};
  EXPECT_EQ(*h.to_string(h.array(three)), u"1,,x");
}

// ---- ToInt32 -------------------------------------------------------------------------------

TEST_F(MiniHostTest, ToInt32IsModular) {
  EXPECT_EQ(i32(4294967297.0), 1);  // 2^32 + 1
  EXPECT_EQ(i32(-0.0), 0);
  EXPECT_EQ(i32(kNaN), 0);
  EXPECT_EQ(i32(kInf), 0);
  EXPECT_EQ(i32(-kInf), 0);
  EXPECT_EQ(i32(2147483648.0), -2147483648);
  EXPECT_EQ(i32(4294967295.0), -1);
  EXPECT_EQ(i32(-1.9), -1);
  EXPECT_EQ(i32(2.9), 2);
  EXPECT_EQ(i32(-2147483649.0), 2147483647);
  EXPECT_EQ(i32(1e20), 1661992960);  // 1e20 mod 2^32
  EXPECT_EQ(i32(-1e20), -1661992960);
  EXPECT_EQ(*h.to_int32(h.string(u"0xffffffff")), -1);
  EXPECT_EQ(*h.to_int32(h.undefined()), 0);
  EXPECT_EQ(thrown_name(h.to_int32(h.bigint(1))), u"TypeError");
}

// ---- ToBigInt64 / ToBigInt ------------------------------------------------------------------

TEST_F(MiniHostTest, ToBigInt64Wraps) {
  EXPECT_EQ(*h.to_bigint64(h.bigint(-5)), -5);
  EXPECT_EQ(*h.to_bigint64(h.bigint_u64(0xFFFFFFFFFFFFFFFFull)), -1);
  EXPECT_EQ(*h.to_bigint64(h.bigint_u64(0x8000000000000000ull)),
            std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(*h.to_bigint64(h.bigint(std::numeric_limits<std::int64_t>::min())),
            std::numeric_limits<std::int64_t>::min());
  // 2^64 + 1 -> 1; -(2^64 + 1) -> -1; 2^100 -> 0.
  EXPECT_EQ(*h.to_bigint64(h.string(u"18446744073709551617")), 1);
  EXPECT_EQ(*h.to_bigint64(h.string(u"-18446744073709551617")), -1);
  EXPECT_EQ(*h.to_bigint64(h.string(u"0x10000000000000000000000000")), 0);
  EXPECT_EQ(*h.to_bigint64(h.string(u"-9223372036854775809")),
            std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(*h.to_bigint64(h.boolean(true)), 1);
  EXPECT_EQ(*h.to_bigint64(h.boolean(false)), 0);
  EXPECT_EQ(*h.to_bigint64(h.string(u"  -42\n")), -42);
  EXPECT_EQ(*h.to_bigint64(h.string(u"")), 0);
  EXPECT_EQ(*h.to_bigint64(h.string(u"0x7f")), 127);
  EXPECT_EQ(*h.to_bigint64(h.string(u"0b11")), 3);
  EXPECT_EQ(*h.to_bigint64(h.string(u"0o777")), 511);
}

TEST_F(MiniHostTest, ToBigIntRejects) {
  EXPECT_EQ(thrown_name(h.to_bigint64(h.number(1))), u"TypeError");
  EXPECT_EQ(thrown_name(h.to_bigint64(h.undefined())), u"TypeError");
  EXPECT_EQ(thrown_name(h.to_bigint64(h.null())), u"TypeError");
  EXPECT_EQ(thrown_name(h.to_bigint64(h.make_symbol(u"s"))), u"TypeError");
  // Strings that are not StringIntegerLiterals: SyntaxError (not one of the JS-API's kinds).
  for (std::u16string_view s :
       {u"1.5", u"1e3", u"abc", u"-0x1", u"Infinity", u"0x", u"1n", u"+-1"}) {
    auto r = h.to_bigint64(h.string(s));
    EXPECT_EQ(thrown_name(r), u"SyntaxError") << h.utf8(s);
    if (!r.ok()) {
      EXPECT_FALSE(h.error_kind(r.thrown().value).has_value());
    }
  }
  // An object whose valueOf gives a Number: TypeError after running valueOf.
  JsValue o = h.object();
  h.create_data_property(o, u"valueOf", h.function(u"valueOf", 0, returning(h.number(1))));
  EXPECT_EQ(thrown_name(h.to_bigint64(o)), u"TypeError");
  JsValue o2 = h.object();
  h.create_data_property(o2, u"valueOf", h.function(u"valueOf", 0, returning(h.bigint(9))));
  EXPECT_EQ(*h.to_bigint64(o2), 9);
}

TEST_F(MiniHostTest, ToBigIntU64Range) {
  auto r = *h.to_bigint_u64(h.bigint_u64(0xFFFFFFFFFFFFFFFFull));
  EXPECT_TRUE(r.in_range);
  EXPECT_EQ(r.value, 0xFFFFFFFFFFFFFFFFull);
  r = *h.to_bigint_u64(h.bigint(0));
  EXPECT_TRUE(r.in_range);
  EXPECT_EQ(r.value, 0u);
  EXPECT_FALSE(h.to_bigint_u64(h.bigint(-1))->in_range);
  EXPECT_FALSE(h.to_bigint_u64(h.string(u"18446744073709551616"))->in_range);  // 2^64
  EXPECT_TRUE(h.to_bigint_u64(h.string(u"18446744073709551615"))->in_range);
  EXPECT_TRUE(h.to_bigint_u64(h.string(u"-0"))->in_range);  // -0n is 0n
  EXPECT_EQ(thrown_name(h.to_bigint_u64(h.number(0))), u"TypeError");
}

TEST_F(MiniHostTest, BigIntDecimalAndBeyond64Bits) {
  EXPECT_EQ(*h.to_string(h.bigint(std::numeric_limits<std::int64_t>::min())),
            u"-9223372036854775808");
  EXPECT_EQ(*h.to_string(h.bigint_u64(0xFFFFFFFFFFFFFFFFull)), u"18446744073709551615");
  EXPECT_EQ(*h.to_string(h.bigint(0)), u"0");
  EXPECT_EQ(*h.to_string(h.bigint(-1000000000)), u"-1000000000");
  auto big = MiniHost::string_to_bigint(u"-340282366920938463463374607431768211456");  // -2^128
  ASSERT_TRUE(big.has_value());
  EXPECT_EQ(big->to_decimal(), u"-340282366920938463463374607431768211456");
  EXPECT_EQ(big->as_int64(), 0);
  const JsValue b = h.bigint_of(*big);
  EXPECT_EQ(*h.to_string(b), u"-340282366920938463463374607431768211456");
  EXPECT_TRUE(h.to_boolean(b));
  EXPECT_FALSE(h.to_boolean(h.bigint(0)));
  EXPECT_TRUE(h.same_value(h.bigint_of(*MiniHost::string_to_bigint(u"-0")), h.bigint(0)));
}

// ---- ToString --------------------------------------------------------------------------------

TEST_F(MiniHostTest, NumberToString) {
  EXPECT_EQ(str(1e21), u"1e+21");
  EXPECT_EQ(str(1e20), u"100000000000000000000");
  EXPECT_EQ(str(-0.0), u"0");
  EXPECT_EQ(str(0.0), u"0");
  EXPECT_EQ(str(kNaN), u"NaN");
  EXPECT_EQ(str(kInf), u"Infinity");
  EXPECT_EQ(str(-kInf), u"-Infinity");
  EXPECT_EQ(str(0.1), u"0.1");
  EXPECT_EQ(str(0.1 + 0.2), u"0.30000000000000004");
  EXPECT_EQ(str(123.456), u"123.456");
  EXPECT_EQ(str(-42), u"-42");
  EXPECT_EQ(str(0.000001), u"0.000001");
  EXPECT_EQ(str(1e-7), u"1e-7");
  EXPECT_EQ(str(1.5e-7), u"1.5e-7");
  EXPECT_EQ(str(1.2345e25), u"1.2345e+25");
  EXPECT_EQ(str(5e-324), u"5e-324");
  EXPECT_EQ(str(1.7976931348623157e308), u"1.7976931348623157e+308");
  EXPECT_EQ(str(4294967295.0), u"4294967295");
  EXPECT_EQ(str(9007199254740993.0), u"9007199254740992");
}

TEST_F(MiniHostTest, ToStringOfPrimitives) {
  EXPECT_EQ(*h.to_string(h.undefined()), u"undefined");
  EXPECT_EQ(*h.to_string(h.null()), u"null");
  EXPECT_EQ(*h.to_string(h.boolean(true)), u"true");
  EXPECT_EQ(*h.to_string(h.boolean(false)), u"false");
  EXPECT_EQ(*h.to_string(h.string(u"s")), u"s");
  EXPECT_EQ(thrown_name(h.to_string(h.make_symbol(u"s"))), u"TypeError");
  EXPECT_EQ(*h.to_string(h.make_error(ErrorKind::LinkError, u"bad import")),
            u"LinkError: bad import");
  EXPECT_EQ(*h.to_string(h.function(u"f", 0, returning(h.undefined()))),
            u"function f() { [native code] }");
}

TEST_F(MiniHostTest, ToBoolean) {
  EXPECT_FALSE(h.to_boolean(h.undefined()));
  EXPECT_FALSE(h.to_boolean(h.null()));
  EXPECT_FALSE(h.to_boolean(h.number(0)));
  EXPECT_FALSE(h.to_boolean(h.number(-0.0)));
  EXPECT_FALSE(h.to_boolean(h.number(kNaN)));
  EXPECT_FALSE(h.to_boolean(h.string(u"")));
  EXPECT_TRUE(h.to_boolean(h.string(u"0")));
  EXPECT_TRUE(h.to_boolean(h.number(-1)));
  EXPECT_TRUE(h.to_boolean(h.make_symbol(u"")));
  EXPECT_TRUE(h.to_boolean(h.object()));
}

// ---- Objects: Get, getters, prototypes, keys, freeze ----------------------------------------

TEST_F(MiniHostTest, GetOwnThenPrototypeChain) {
  const JsValue proto = h.object();
  h.create_data_property(proto, u"inherited", h.number(1));
  h.create_data_property(proto, u"shadowed", h.number(2));
  const JsValue o = h.object();
  h.set_prototype(o, proto);
  h.create_data_property(o, u"shadowed", h.number(3));
  EXPECT_EQ(h.number_value(*h.get(o, u"inherited")), 1);
  EXPECT_EQ(h.number_value(*h.get(o, u"shadowed")), 3);
  EXPECT_EQ(h.type_of(*h.get(o, u"absent")), JsType::undefined);
  EXPECT_TRUE(h.same_value(h.get_prototype(o), proto));
  EXPECT_TRUE(h.same_value(h.get_prototype(h.null_prototype_object()), h.null()));
  // A cycle is refused (OrdinarySetPrototypeOf), so Get always terminates.
  h.set_prototype(proto, o);
  EXPECT_FALSE(h.same_value(h.get_prototype(proto), o));
  EXPECT_EQ(h.type_of(*h.get(o, u"absent")), JsType::undefined);
  // Get on undefined/null: TypeError.
  EXPECT_EQ(thrown_name(h.get(h.undefined(), u"x")), u"TypeError");
  EXPECT_EQ(thrown_name(h.get(h.null(), u"x")), u"TypeError");
  // Strings: length and code units.
  EXPECT_EQ(h.number_value(*h.get(h.string(u"abc"), u"length")), 3);
  EXPECT_EQ(h.string_value(*h.get(h.string(u"abc"), u"1")), u"b");
}

TEST_F(MiniHostTest, GettersRunWithTheReceiverInOrder) {
  std::vector<std::string> log;
  const JsValue proto = h.object();
  h.define_getter(proto, u"a", [&log](JsHost& host, const CallArgs& c) -> Completion<JsValue> {
    log.push_back("a");
    return host.get(c.this_value, u"own");  // `this` is the receiver, not the prototype
  });
  const JsValue o = h.object();
  h.set_prototype(o, proto);
  h.create_data_property(o, u"own", h.number(5));
  h.define_getter(o, u"b", [&log](JsHost& host, const CallArgs&) -> Completion<JsValue> {
    log.push_back("b");
    return host.number(6);
  });
  EXPECT_EQ(h.number_value(*h.get(o, u"b")), 6);
  EXPECT_EQ(h.number_value(*h.get(o, u"a")), 5);
  EXPECT_EQ(h.number_value(*h.get(o, u"b")), 6);
  EXPECT_EQ(log, (std::vector<std::string>{"b", "a", "b"}));
  // get_property_or_undefined never runs user code.
  EXPECT_EQ(h.type_of(h.get_property_or_undefined(o, u"b")), JsType::undefined);
  EXPECT_EQ(h.number_value(h.get_property_or_undefined(o, u"own")), 5);
  EXPECT_EQ(log.size(), 3u);
  // A throwing getter.
  const JsValue boom = h.make_error(ErrorKind::RangeError, u"boom");
  const JsValue t = h.object_with_getter(u"x", throwing(boom));
  auto r = h.get(t, u"x");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(h.same_value(r.thrown().value, boom));
  EXPECT_EQ(h.error_kind(r.thrown().value), ErrorKind::RangeError);
}

TEST_F(MiniHostTest, OwnKeysOrder) {
  const JsValue o = h.object();
  h.create_data_property(o, u"b", h.number(0));
  h.create_data_property(o, u"2", h.number(0));
  h.create_data_property(o, u"a", h.number(0));
  h.create_data_property(o, u"1", h.number(0));
  h.create_data_property(o, u"01", h.number(0));        // not an array index
  h.create_data_property(o, u"b", h.number(1));         // redefinition keeps the position
  h.set_property(o, h.make_symbol(u"s"), h.number(0));  // symbols are not listed
  EXPECT_EQ(h.own_keys(o), (std::vector<std::u16string>{u"1", u"2", u"b", u"a", u"01"}));
  EXPECT_EQ(h.number_value(*h.get(o, u"b")), 1);
  const JsValue three[] = {h.number(1), h.number(2), h.number(3)};
  EXPECT_EQ(h.own_keys(h.array(three)), (std::vector<std::u16string>{u"0", u"1", u"2", u"length"}));
  EXPECT_EQ(h.own_keys(h.function(u"f", 2, nullptr)),
            (std::vector<std::u16string>{u"length", u"name"}));
  EXPECT_EQ(h.string_value(*h.get(h.function(u"f", 2, nullptr), u"name")), u"f");
  EXPECT_EQ(h.number_value(*h.get(h.function(u"f", 2, nullptr), u"length")), 2);
}

TEST_F(MiniHostTest, Freeze) {
  const JsValue o = h.object();
  h.create_data_property(o, u"x", h.number(1));
  h.define_getter(o, u"g", returning(h.number(2)));
  EXPECT_FALSE(h.is_frozen(o));
  EXPECT_TRUE(h.is_extensible(o));
  h.freeze(o);
  EXPECT_TRUE(h.is_frozen(o));
  EXPECT_FALSE(h.is_extensible(o));
  EXPECT_FALSE(h.set_property(o, u"x", h.number(9)));
  EXPECT_FALSE(h.set_property(o, u"y", h.number(9)));
  h.create_data_property(o, u"x", h.number(9));  // refused: non-configurable
  h.create_data_property(o, u"z", h.number(9));  // refused: not extensible
  EXPECT_EQ(h.number_value(*h.get(o, u"x")), 1);
  EXPECT_EQ(h.own_keys(o), (std::vector<std::u16string>{u"x", u"g"}));
  // Not extensible but a configurable property: not frozen. An empty frozen object is frozen.
  const JsValue e = h.null_prototype_object();
  EXPECT_FALSE(h.is_frozen(e));
  h.freeze(e);
  EXPECT_TRUE(h.is_frozen(e));
  // Frozen prototypes: an inherited non-writable property blocks Set on the child.
  const JsValue child = h.object();
  h.set_prototype(child, o);
  EXPECT_FALSE(h.set_property(child, u"x", h.number(3)));
  EXPECT_TRUE(h.set_property(child, u"w", h.number(3)));
  EXPECT_TRUE(h.is_frozen(h.number(1)));  // primitives are frozen
}

// ---- Calls, constructors, stack overflow -------------------------------------------------

TEST_F(MiniHostTest, CallPassesThisAndArgs) {
  const JsValue f = h.function(u"f", 2, [](JsHost& host, const CallArgs& c) -> Completion<JsValue> {
    if (c.is_construct || c.size() != 2 || !c.missing(2) || c.missing(1)) return host.undefined();
    return host.number(host.number_value(c.args[0]) * 10 + host.number_value(c.args[1]) +
                       host.number_value(c.this_value) * 100);
  });
  const JsValue args[] = {h.number(1), h.number(2)};
  EXPECT_EQ(h.number_value(*h.call(f, h.number(3), args)), 312);
  EXPECT_EQ(thrown_name(h.call(h.object(), h.undefined(), {})), u"TypeError");
  EXPECT_EQ(thrown_name(h.call(h.number(1), h.undefined(), {})), u"TypeError");
  EXPECT_EQ(thrown_name(h.construct(f, {})), u"TypeError");  // not a constructor
  const JsValue ctor = h.function(
      u"C", 0,
      [](JsHost& host, const CallArgs& c) -> Completion<JsValue> {
        return host.boolean(c.is_construct && !host.same_value(c.new_target, host.undefined()));
      },
      true);
  EXPECT_TRUE(h.boolean_value(*h.construct(ctor, {})));
  EXPECT_FALSE(h.boolean_value(*h.call(ctor, h.undefined(), {})));
}

TEST_F(MiniHostTest, DeepRecursionIsARangeError) {
  h.set_max_call_depth(50);
  int depth = 0;
  JsValue self{};
  self =
      h.function(u"rec", 0, [&self, &depth](JsHost& host, const CallArgs&) -> Completion<JsValue> {
        ++depth;
        return host.call(self, host.undefined(), {});
      });
  auto r = h.call(self, h.undefined(), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(h.error_kind(r.thrown().value), ErrorKind::RangeError);
  EXPECT_EQ(depth, 50);
  // The depth is released: a plain call works again.
  EXPECT_TRUE(h.call(h.function(u"g", 0, returning(h.number(1))), h.undefined(), {}).ok());
  EXPECT_EQ(h.error_kind(h.make_stack_overflow_error(u"x")), ErrorKind::RangeError);
}

// ---- Iteration ---------------------------------------------------------------------------

TEST_F(MiniHostTest, IterableToListOfArrays) {
  const JsValue three[] = {h.number(1), h.string(u"two"), h.null()};
  auto list = h.iterable_to_list(h.array(three));
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ(h.number_value((*list)[0]), 1);
  EXPECT_EQ(h.string_value((*list)[1]), u"two");
  EXPECT_EQ(h.type_of((*list)[2]), JsType::null);
  EXPECT_TRUE(h.iterable_to_list(h.array({}))->empty());
  // Elements are read through Get, so a getter on an index runs.
  const JsValue a = h.array(three);
  h.define_getter(a, u"1", returning(h.number(22)));
  EXPECT_EQ(h.number_value((*h.iterable_to_list(a))[1]), 22);
}

TEST_F(MiniHostTest, IterableToListOfUserIterators) {
  // An object with an @@iterator method returning {next} that yields 10, 20 then done.
  std::vector<std::string> log;
  const JsValue iterable = h.object();
  auto count = std::make_shared<int>(0);
  h.set_property(
      iterable, h.symbol_iterator(),
      h.function(u"[Symbol.iterator]", 0,
                 [&log, count](JsHost& host, const CallArgs&) -> Completion<JsValue> {
                   log.push_back("@@iterator");
                   const JsValue it = host.object();
                   host.create_data_property(
                       it, u"next",
                       host.function(
                           u"next", 0,
                           [&log, count](JsHost& h2, const CallArgs&) -> Completion<JsValue> {
                             log.push_back("next");
                             const JsValue r = h2.object();
                             ++*count;
                             h2.create_data_property(r, u"done", h2.boolean(*count > 2));
                             h2.create_data_property(r, u"value", h2.number(*count * 10));
                             return r;
                           }));
                   return it;
                 }));
  auto list = h.iterable_to_list(iterable);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ(h.number_value((*list)[0]), 10);
  EXPECT_EQ(h.number_value((*list)[1]), 20);
  EXPECT_EQ(log, (std::vector<std::string>{"@@iterator", "next", "next", "next"}));
}

TEST_F(MiniHostTest, IterableToListErrors) {
  EXPECT_EQ(thrown_name(h.iterable_to_list(h.object())), u"TypeError");
  EXPECT_EQ(thrown_name(h.iterable_to_list(h.undefined())), u"TypeError");
  EXPECT_EQ(thrown_name(h.iterable_to_list(h.number(1))), u"TypeError");
  const JsValue not_callable = h.object();
  h.set_property(not_callable, h.symbol_iterator(), h.number(1));
  EXPECT_EQ(thrown_name(h.iterable_to_list(not_callable)), u"TypeError");
  const JsValue returns_primitive = h.object();
  h.set_property(returns_primitive, h.symbol_iterator(),
                 h.function(u"i", 0, returning(h.number(1))));
  EXPECT_EQ(thrown_name(h.iterable_to_list(returns_primitive)), u"TypeError");
  // A throwing next() propagates its value.
  const JsValue boom = h.string(u"boom");
  const JsValue it = method_object(u"next", throwing(boom));
  const JsValue throws = h.object();
  h.set_property(throws, h.symbol_iterator(), h.function(u"i", 0, returning(it)));
  auto r = h.iterable_to_list(throws);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(h.same_value(r.thrown().value, boom));
}

// ---- Errors and platform objects ---------------------------------------------------------

TEST_F(MiniHostTest, ErrorsCarryKindAndMessage) {
  for (ErrorKind k : {ErrorKind::TypeError, ErrorKind::RangeError, ErrorKind::CompileError,
                      ErrorKind::LinkError, ErrorKind::RuntimeError}) {
    const JsValue e = h.make_error(k, u"m");
    EXPECT_EQ(h.error_kind(e), k);
    EXPECT_EQ(h.error_message(e), u"m");
    EXPECT_EQ(h.type_of(e), JsType::object);
  }
  EXPECT_EQ(h.error_name(h.make_error(ErrorKind::CompileError, u"")), u"CompileError");
  EXPECT_EQ(h.string_value(*h.get(h.make_error(ErrorKind::RuntimeError, u""), u"name")),
            u"RuntimeError");
  EXPECT_FALSE(h.error_kind(h.object()).has_value());
  EXPECT_FALSE(h.error_kind(h.string(u"TypeError")).has_value());
  EXPECT_EQ(h.error_message(h.number(1)), u"");
  // instanceof semantics: an object whose prototype is a TypeError's prototype.
  const JsValue fake = h.object();
  h.set_prototype(fake, h.get_prototype(h.make_error(ErrorKind::TypeError, u"")));
  EXPECT_EQ(h.error_kind(fake), ErrorKind::TypeError);
}

struct TestSlots : PlatformObject {
  TestSlots() : PlatformObject(Kind::memory) {}
  int payload = 7;
};

TEST_F(MiniHostTest, WrapAndUnwrap) {
  auto slots = std::make_shared<TestSlots>();
  const JsValue o = h.wrap(slots);
  ASSERT_EQ(h.unwrap(o), slots.get());
  EXPECT_EQ(h.unwrap(o)->kind, PlatformObject::Kind::memory);
  EXPECT_EQ(h.unwrap(h.object()), nullptr);
  EXPECT_EQ(h.unwrap(h.number(1)), nullptr);
  auto fslots = std::make_shared<TestSlots>();
  const JsValue f = h.function(u"f", 0, returning(h.undefined()), false, fslots);
  EXPECT_EQ(h.unwrap(f), fslots.get());
  EXPECT_EQ(static_cast<TestSlots*>(h.unwrap(f))->payload, 7);
}

// js-api §gc-exotic-objects: the internal methods of an Exported GC Object, through each
// operation that reaches them.
TEST_F(MiniHostTest, ExportedGcObjectInternalMethods) {
  auto slots = std::make_shared<TestSlots>();
  const JsValue o = h.exported_gc_object(slots);
  EXPECT_EQ(h.unwrap(o), slots.get());
  EXPECT_EQ(h.type_of(o), JsType::object);
  EXPECT_FALSE(h.is_callable(o));
  EXPECT_EQ(h.type_of(h.get_prototype(o)), JsType::null);  // [[GetPrototypeOf]]
  h.set_prototype(o, h.object());                          // [[SetPrototypeOf]]: false
  EXPECT_EQ(h.type_of(h.get_prototype(o)), JsType::null);
  EXPECT_FALSE(h.is_extensible(o));              // [[IsExtensible]]
  h.create_data_property(o, u"a", h.number(1));  // [[DefineOwnProperty]]: false
  h.define_getter(o, u"b", returning(h.number(2)));
  EXPECT_TRUE(h.own_keys(o).empty());                        // [[OwnPropertyKeys]]
  EXPECT_FALSE(h.has_property(o, u"a"));                     // [[HasProperty]]
  EXPECT_EQ(h.type_of(*h.get(o, u"a")), JsType::undefined);  // [[Get]]
  EXPECT_EQ(h.type_of(*h.get(o, h.symbol_iterator())), JsType::undefined);
  Completion<bool> set = h.set(o, u"a", h.number(1));  // [[Set]]: TypeError
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(h.error_kind(set.thrown().value), ErrorKind::TypeError);
  Completion<bool> del = h.delete_property(o, u"a");  // [[Delete]]: TypeError
  ASSERT_FALSE(del.ok());
  EXPECT_EQ(h.error_kind(del.thrown().value), ErrorKind::TypeError);
  EXPECT_FALSE(h.set_property(o, u"a", h.number(1)));
  h.freeze(o);  // SetIntegrityLevel: [[PreventExtensions]] is false; nothing changes
  EXPECT_TRUE(h.is_frozen(o));
  // ToPrimitive finds no method: TypeError; ToBoolean of an object is true.
  EXPECT_FALSE(h.to_number(o).ok());
  EXPECT_FALSE(h.to_string(o).ok());
  EXPECT_TRUE(h.to_boolean(o));
  // Identity: two objects, each itself.
  const JsValue other = h.exported_gc_object(std::make_shared<TestSlots>());
  EXPECT_FALSE(h.same_value(o, other));
  EXPECT_TRUE(h.same_value(o, o));
}

// An ordinary object whose prototype is an Exported GC Object: OrdinaryGet, OrdinarySet and
// OrdinaryHasProperty reach the prototype's internal methods for the keys the object lacks.
TEST_F(MiniHostTest, ExportedGcObjectAsAPrototype) {
  const JsValue gc = h.exported_gc_object(std::make_shared<TestSlots>());
  const JsValue o = h.object();
  h.create_data_property(o, u"own", h.number(1));
  h.set_prototype(o, gc);
  EXPECT_EQ(h.number_value(*h.get(o, u"own")), 1);
  EXPECT_TRUE(h.has_property(o, u"own"));
  EXPECT_EQ(h.type_of(*h.get(o, u"toString")), JsType::undefined);
  EXPECT_FALSE(h.has_property(o, u"toString"));
  ASSERT_TRUE(h.set(o, u"own", h.number(2)).ok());
  EXPECT_EQ(h.number_value(*h.get(o, u"own")), 2);
  EXPECT_FALSE(h.set(o, u"other", h.number(3)).ok());  // the prototype's [[Set]] throws
  EXPECT_FALSE(h.set_property(o, u"other", h.number(3)));
  EXPECT_TRUE(h.own_keys(o) == std::vector<std::u16string>{u"own"});
}

// [[Set]], [[Delete]] and [[HasProperty]] of ordinary objects.
TEST_F(MiniHostTest, OrdinarySetDeleteHas) {
  const JsValue proto = h.object();
  h.create_data_property(proto, u"inherited", h.number(1));
  const JsValue o = h.object();
  h.set_prototype(o, proto);
  EXPECT_TRUE(h.has_property(o, u"inherited"));
  EXPECT_FALSE(h.has_property(o, u"missing"));
  Completion<bool> set = h.set(o, u"x", h.number(2));
  ASSERT_TRUE(set.ok());
  EXPECT_TRUE(*set);
  EXPECT_TRUE(h.has_property(o, u"x"));
  ASSERT_TRUE(h.delete_property(o, u"x").ok());
  EXPECT_FALSE(h.has_property(o, u"x"));
  EXPECT_TRUE(*h.delete_property(o, u"x"));  // absent: true
  h.freeze(o);
  EXPECT_FALSE(*h.set(o, u"y", h.number(3)));  // not extensible: false, no throw
  const JsValue f = h.object();
  h.create_data_property(f, u"k", h.number(1));
  h.freeze(f);
  EXPECT_FALSE(*h.delete_property(f, u"k"));  // non-configurable
  EXPECT_TRUE(h.has_property(f, u"k"));
}

// ---- Buffers -----------------------------------------------------------------------------

TEST_F(MiniHostTest, ArrayBuffersAndViews) {
  const std::uint8_t bytes[] = {1, 2, 3};
  const JsValue b = h.array_buffer(bytes);
  EXPECT_TRUE(h.is_array_buffer(b));
  EXPECT_EQ(h.array_buffer_byte_length(b), 3u);
  EXPECT_EQ(*h.buffer_source_bytes(b), (std::vector<std::uint8_t>{1, 2, 3}));
  const JsValue view = h.uint8_array(b);
  EXPECT_EQ(*h.buffer_source_bytes(view), (std::vector<std::uint8_t>{1, 2, 3}));
  h.buffer_data(b)[0] = 9;  // the view shares the bytes
  EXPECT_EQ((*h.buffer_source_bytes(view))[0], 9);
  EXPECT_FALSE(h.buffer_source_bytes(h.object()).has_value());
  EXPECT_FALSE(h.buffer_source_bytes(h.string(u"abc")).has_value());
  EXPECT_EQ(h.type_of(h.uint8_array(h.object())), JsType::undefined);
}

TEST_F(MiniHostTest, Detach) {
  std::vector<std::uint8_t> memory = {5, 6, 7, 8};
  const JsValue b = h.memory_array_buffer(memory.data(), memory.size());
  const JsValue view = h.uint8_array(b);
  EXPECT_EQ(h.array_buffer_byte_length(b), 4u);
  h.buffer_data(b)[1] = 60;  // writes through to the memory's storage
  EXPECT_EQ(memory[1], 60);
  EXPECT_FALSE(h.is_detached(b));
  h.detach_array_buffer(b);
  EXPECT_TRUE(h.is_detached(b));
  EXPECT_EQ(h.array_buffer_byte_length(b), 0u);
  EXPECT_TRUE(h.buffer_data(b).empty());
  EXPECT_TRUE(h.buffer_source_bytes(b)->empty());
  EXPECT_TRUE(h.buffer_source_bytes(view)->empty());
  h.detach_array_buffer(b);  // idempotent
  EXPECT_TRUE(h.is_detached(b));
  const std::uint8_t one[] = {1};
  const JsValue owned = h.array_buffer(one);
  h.detach_array_buffer(owned);
  EXPECT_EQ(h.array_buffer_byte_length(owned), 0u);
  EXPECT_FALSE(h.is_detached(h.object()));
}

// ---- Promises and the event loop -------------------------------------------------------

TEST_F(MiniHostTest, ReactionsRunAsJobsAfterTheCurrentTask) {
  std::vector<std::string> log;
  const JsValue p = h.new_promise();
  EXPECT_EQ(h.promise_state(p), JsHost::PromiseState::pending);
  h.queue_task([&] {
    log.push_back("task1 start");
    h.react(
        p, [&](JsValue v) { log.push_back("fulfilled " + h.utf8(h.string_value(v))); },
        [&](JsValue) { log.push_back("rejected"); });
    h.resolve_promise(p, h.string(u"x"));
    EXPECT_EQ(h.promise_state(p), JsHost::PromiseState::fulfilled);
    log.push_back("task1 end");  // the reaction has not run inline
  });
  h.queue_task([&] { log.push_back("task2"); });
  EXPECT_EQ(h.pending_tasks(), 2u);
  EXPECT_TRUE(log.empty());  // nothing runs until the loop does
  h.run_until_idle();
  EXPECT_EQ(log, (std::vector<std::string>{"task1 start", "task1 end", "fulfilled x", "task2"}));
  EXPECT_EQ(h.pending_tasks(), 0u);
  EXPECT_EQ(h.string_value(h.promise_result(p)), u"x");
}

TEST_F(MiniHostTest, ReactingToASettledPromiseQueuesAJob) {
  std::vector<std::string> log;
  const JsValue p = h.new_promise();
  h.reject_promise(p, h.number(3));
  h.resolve_promise(p, h.number(4));  // already resolved: ignored
  EXPECT_EQ(h.promise_state(p), JsHost::PromiseState::rejected);
  EXPECT_EQ(h.number_value(h.promise_result(p)), 3);
  h.react(
      p, [&](JsValue) { log.push_back("fulfilled"); },
      [&](JsValue v) {
        log.push_back("rejected " + std::to_string(static_cast<int>(h.number_value(v))));
      });
  EXPECT_TRUE(log.empty());
  EXPECT_EQ(h.pending_jobs(), 1u);
  h.run_until_idle();
  EXPECT_EQ(log, (std::vector<std::string>{"rejected 3"}));
}

TEST_F(MiniHostTest, ReactingToAFulfilledPromiseIsNeverInline) {
  std::vector<std::string> log;
  const JsValue p = h.new_promise();
  h.resolve_promise(p, h.number(1));
  h.react(
      p, [&](JsValue) { log.push_back("fulfilled"); }, nullptr);
  log.push_back("after react");
  h.run_until_idle();
  EXPECT_EQ(log, (std::vector<std::string>{"after react", "fulfilled"}));
}

TEST_F(MiniHostTest, TasksFifoAndJobsBeforeTheNextTask) {
  std::vector<int> log;
  h.queue_task([&] {
    log.push_back(1);
    h.queue_task([&] { log.push_back(4); });  // after the tasks already queued
    const JsValue p = h.new_promise();
    h.react(
        p,
        [&](JsValue) {
          log.push_back(2);
          const JsValue q = h.new_promise();  // a job queued by a job runs in the same drain
          h.react(
              q, [&](JsValue) { log.push_back(3); }, nullptr);
          h.resolve_promise(q, h.undefined());
        },
        nullptr);
    h.resolve_promise(p, h.undefined());
  });
  h.queue_task([&] { log.push_back(30); });
  h.run_until_idle();
  EXPECT_EQ(log, (std::vector<int>{1, 2, 3, 30, 4}));
}

TEST_F(MiniHostTest, ResolvingWithAPromiseAdoptsItsState) {
  std::vector<std::string> log;
  const JsValue inner = h.new_promise();
  const JsValue outer = h.new_promise();
  h.resolve_promise(outer, inner);  // a thenable: adopted through a job
  EXPECT_EQ(h.promise_state(outer), JsHost::PromiseState::pending);
  h.react(
      outer, [&](JsValue v) { log.push_back("outer " + h.utf8(h.string_value(v))); }, nullptr);
  h.run_until_idle();
  EXPECT_EQ(h.promise_state(outer), JsHost::PromiseState::pending);
  h.resolve_promise(inner, h.string(u"v"));
  h.run_until_idle();
  EXPECT_EQ(h.promise_state(outer), JsHost::PromiseState::fulfilled);
  EXPECT_EQ(log, (std::vector<std::string>{"outer v"}));
  // Self-resolution: TypeError.
  const JsValue self = h.new_promise();
  h.resolve_promise(self, self);
  EXPECT_EQ(h.promise_state(self), JsHost::PromiseState::rejected);
  EXPECT_EQ(h.error_kind(h.promise_result(self)), ErrorKind::TypeError);
}

TEST_F(MiniHostTest, ThenableWhoseThenGetterThrowsRejects) {
  const JsValue boom = h.string(u"boom");
  const JsValue thenable = h.object_with_getter(u"then", throwing(boom));
  const JsValue p = h.new_promise();
  h.resolve_promise(p, thenable);  // Get(resolution, "then") runs synchronously (step 12)
  EXPECT_EQ(h.promise_state(p), JsHost::PromiseState::rejected);
  EXPECT_TRUE(h.same_value(h.promise_result(p), boom));
  // A user thenable calling resolve twice and then throwing: the first call wins.
  const JsValue t2 =
      method_object(u"then", [](JsHost& host, const CallArgs& c) -> Completion<JsValue> {
        const JsValue one = host.number(1), two = host.number(2);
        (void)host.call(c.args[0], host.undefined(), std::span<const JsValue>(&one, 1));
        (void)host.call(c.args[0], host.undefined(), std::span<const JsValue>(&two, 1));
        return Thrown{host.string(u"late")};
      });
  const JsValue p2 = h.new_promise();
  h.resolve_promise(p2, t2);
  h.run_until_idle();
  EXPECT_EQ(h.promise_state(p2), JsHost::PromiseState::fulfilled);
  EXPECT_EQ(h.number_value(h.promise_result(p2)), 1);
}

TEST_F(MiniHostTest, PromiseThenChains) {
  const JsValue p = h.new_promise();
  auto then = h.get(p, u"then");
  ASSERT_TRUE(then.ok());
  ASSERT_TRUE(h.is_callable(*then));
  const JsValue add_one =
      h.function(u"f", 1, [](JsHost& host, const CallArgs& c) -> Completion<JsValue> {
        return host.number(host.number_value(c.args[0]) + 1);
      });
  auto derived = h.call(*then, p, std::span<const JsValue>(&add_one, 1));
  ASSERT_TRUE(derived.ok());
  h.resolve_promise(p, h.number(41));
  h.run_until_idle();
  EXPECT_EQ(h.promise_state(*derived), JsHost::PromiseState::fulfilled);
  EXPECT_EQ(h.number_value(h.promise_result(*derived)), 42);
  EXPECT_EQ(thrown_name(h.call(*then, h.object(), {})), u"TypeError");
}

// ---- UTF-8 <-> UTF-16 --------------------------------------------------------------------

TEST(MiniHostUtf, RoundTripAndReplacement) {
  EXPECT_EQ(MiniHost::utf16("abc"), u"abc");
  EXPECT_EQ(MiniHost::utf16("h\xC3\xA9"), u"h\u00e9");
  EXPECT_EQ(MiniHost::utf16("\xF0\x9F\x98\x80"), u"\U0001F600");
  EXPECT_EQ(MiniHost::utf8(u"\U0001F600"), "\xF0\x9F\x98\x80");
  EXPECT_EQ(MiniHost::utf8(u"h\u00e9\u20ac"), "h\xC3\xA9\xE2\x82\xAC");
  EXPECT_EQ(MiniHost::utf16("\xFF"), u"\uFFFD");
  EXPECT_EQ(MiniHost::utf16("\xC0\x80"), u"\uFFFD\uFFFD");            // overlong
  EXPECT_EQ(MiniHost::utf16("\xED\xA0\x80"), u"\uFFFD\uFFFD\uFFFD");  // surrogate
  EXPECT_EQ(MiniHost::utf16("\xE2\x82"), u"\uFFFD");  // truncated: one maximal subpart
  EXPECT_EQ(MiniHost::utf16("\xE2\x82x"), u"\uFFFDx");
  EXPECT_EQ(MiniHost::utf8(std::u16string(1, u'\xD800')), "\xEF\xBF\xBD");  // lone surrogate
  EXPECT_EQ(MiniHost::utf16(std::string_view("\0a", 2)), std::u16string(u"\0a", 2));
}

}  // namespace
}  // namespace wasmref::jsapi
