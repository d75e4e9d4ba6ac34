// JS-API §exceptions: new Exception(tag, payload, options), getArg, is; gtest over MiniHost.
#include <cmath>
#include <vector>

#include "jsapi/namespace_test_util.h"

namespace wasmref::jsapi::testing {
namespace {

class ExceptionTest : public JsApiTest {
 protected:
  JsValue new_tag(std::vector<const char16_t*> params) {
    std::vector<JsValue> names;
    for (const char16_t* p : params) names.push_back(str(p));
    const JsValue type = host.object();
    host.create_data_property(type, u"parameters", host.array(names));
    Completion<JsValue> t = construct(tag_constructor, {type});
    EXPECT_TRUE(t.ok());
    return t.ok() ? *t : undef();
  }
  JsValue list(std::vector<JsValue> v) { return host.array(v); }
  Completion<JsValue> new_exception(JsValue tag, std::vector<JsValue> payload) {
    return construct(exception_constructor, {tag, list(std::move(payload))});
  }
  Completion<JsValue> get_arg(JsValue exn, JsValue tag, JsValue index) {
    return call(exception_get_arg, {tag, index}, exn);
  }
};

TEST_F(ExceptionTest, PayloadRoundTripsThroughGetArg) {
  const JsValue tag = new_tag({u"i32", u"i64", u"f32", u"f64", u"externref"});
  const JsValue ref = host.object();
  Completion<JsValue> e = new_exception(tag, {num(-7), host.bigint(-9), num(1.5), num(0.1), ref});
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(host.number_value(*get_arg(*e, tag, num(0))), -7);
  EXPECT_TRUE(host.same_value(*get_arg(*e, tag, num(1)), host.bigint(-9)));
  EXPECT_EQ(host.number_value(*get_arg(*e, tag, num(2))), 1.5);
  EXPECT_EQ(host.number_value(*get_arg(*e, tag, num(3))), 0.1);
  EXPECT_TRUE(host.same_value(*get_arg(*e, tag, num(4)), ref));  // identity kept
  // ToWebAssemblyValue: i32 wraps (ToInt32), f32 rounds.
  const JsValue t2 = new_tag({u"i32", u"f32"});
  Completion<JsValue> e2 = new_exception(t2, {num(4294967297.0), num(0.1)});
  ASSERT_TRUE(e2.ok());
  EXPECT_EQ(host.number_value(*get_arg(*e2, t2, num(0))), 1);
  EXPECT_EQ(host.number_value(*get_arg(*e2, t2, num(1))), static_cast<double>(0.1f));
}

TEST_F(ExceptionTest, IsComparesTags) {
  const JsValue a = new_tag({});
  const JsValue b = new_tag({});
  Completion<JsValue> e = new_exception(a, {});
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE(host.boolean_value(*call(exception_is, {a}, *e)));
  EXPECT_FALSE(host.boolean_value(*call(exception_is, {b}, *e)));
  EXPECT_EQ(error_of(call(exception_is, {num(1)}, *e)), ErrorKind::TypeError);
  EXPECT_EQ(error_of(call(exception_is, {}, *e)), ErrorKind::TypeError);
  EXPECT_EQ(error_of(call(exception_is, {a}, host.object())), ErrorKind::TypeError);  // brand
}

TEST_F(ExceptionTest, ConstructorTypeErrors) {
  const JsValue tag = new_tag({u"i32"});
  // Without new; missing arguments; a non-Tag.
  EXPECT_EQ(error_of(call(exception_constructor, {tag, list({num(1)})})), ErrorKind::TypeError);
  EXPECT_EQ(error_of(construct(exception_constructor, {})), ErrorKind::TypeError);
  EXPECT_EQ(error_of(construct(exception_constructor, {tag})), ErrorKind::TypeError);
  EXPECT_EQ(error_of(construct(exception_constructor, {host.object(), list({num(1)})})), ErrorKind::TypeError);
  EXPECT_EQ(error_of(construct(exception_constructor, {undef(), list({num(1)})})), ErrorKind::TypeError);
  // Payload not iterable; wrong length.
  EXPECT_EQ(error_of(construct(exception_constructor, {tag, num(1)})), ErrorKind::TypeError);
  EXPECT_EQ(error_of(construct(exception_constructor, {tag, host.object()})), ErrorKind::TypeError);
  EXPECT_EQ(error_of(new_exception(tag, {})), ErrorKind::TypeError);
  EXPECT_EQ(error_of(new_exception(tag, {num(1), num(2)})), ErrorKind::TypeError);
  // ToWebAssemblyValue failures: a Number for i64, a BigInt for i32.
  EXPECT_EQ(error_of(new_exception(new_tag({u"i64"}), {num(1)})), ErrorKind::TypeError);
  EXPECT_EQ(error_of(new_exception(tag, {host.bigint(1)})), ErrorKind::TypeError);
  // A non-Exported-Function for anyfunc.
  EXPECT_EQ(error_of(new_exception(new_tag({u"anyfunc"}), {host.object()})), ErrorKind::TypeError);
  // v128 parameters can never be given from JS.
  EXPECT_EQ(error_of(new_exception(new_tag({u"v128"}), {num(0)})), ErrorKind::TypeError);
  EXPECT_EQ(error_of(new_exception(new_tag({u"i32", u"v128"}), {num(0), num(0)})), ErrorKind::TypeError);
}

TEST_F(ExceptionTest, TheJavaScriptExceptionTagIsRefused) {
  const JsValue js_tag = tag_object(agent, get_the_javascript_exception_tag(agent));
  EXPECT_EQ(error_of(new_exception(js_tag, {host.object()})), ErrorKind::TypeError);
}

TEST_F(ExceptionTest, GetArgErrors) {
  const JsValue tag = new_tag({u"i32", u"i32"});
  const JsValue other = new_tag({u"i32", u"i32"});
  Completion<JsValue> e = new_exception(tag, {num(1), num(2)});
  ASSERT_TRUE(e.ok());
  // Brand check on this; missing arguments; non-Tag.
  EXPECT_EQ(error_of(get_arg(host.object(), tag, num(0))), ErrorKind::TypeError);
  EXPECT_EQ(error_of(get_arg(tag, tag, num(0))), ErrorKind::TypeError);
  EXPECT_EQ(error_of(call(exception_get_arg, {tag}, *e)), ErrorKind::TypeError);
  EXPECT_EQ(error_of(get_arg(*e, num(0), num(0))), ErrorKind::TypeError);
  // [EnforceRange] unsigned long: NaN, infinities, negatives, >= 2^32 are TypeErrors.
  for (double bad : {std::nan(""), double{INFINITY}, -double{INFINITY}, -1.0, 4294967296.0}) {
    EXPECT_EQ(error_of(get_arg(*e, tag, num(bad))), ErrorKind::TypeError) << bad;
  }
  // Another tag: TypeError (even with the same type).
  EXPECT_EQ(error_of(get_arg(*e, other, num(0))), ErrorKind::TypeError);
  // index >= length: RangeError; fractions truncate.
  EXPECT_EQ(error_of(get_arg(*e, tag, num(2))), ErrorKind::RangeError);
  EXPECT_EQ(error_of(get_arg(*e, tag, num(4294967295.0))), ErrorKind::RangeError);
  EXPECT_EQ(host.number_value(*get_arg(*e, tag, num(1.9))), 2);
  // The tag check comes before the range check.
  EXPECT_EQ(error_of(get_arg(*e, other, num(5))), ErrorKind::TypeError);
}

TEST_F(ExceptionTest, StackAndOptions) {
  const JsValue tag = new_tag({});
  int reads = 0;
  const JsValue options = host.object_with_getter(u"traceStack", [&](JsHost& h, const CallArgs&) -> Completion<JsValue> {
    ++reads;
    return h.boolean(true);
  });
  Completion<JsValue> e = construct(exception_constructor, {tag, list({}), options});
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(reads, 1);
  const auto* slots = unwrap_as<ExceptionObject>(host, *e, PlatformObject::Kind::exception);
  ASSERT_NE(slots, nullptr);
  // [[Stack]]: undefined (the spec's other allowed choice is a string).
  EXPECT_EQ(host.type_of(slots->stack), JsType::undefined);
  // A primitive options argument is a TypeError; undefined and null are the empty dictionary.
  EXPECT_EQ(error_of(construct(exception_constructor, {tag, list({}), num(1)})), ErrorKind::TypeError);
  EXPECT_TRUE(construct(exception_constructor, {tag, list({}), undef()}).ok());
  EXPECT_TRUE(construct(exception_constructor, {tag, list({}), host.null()}).ok());
}

TEST_F(ExceptionTest, AnExceptionIsNotAnError) {
  Completion<JsValue> e = new_exception(new_tag({}), {});
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(host.error_kind(*e), std::nullopt);
  EXPECT_EQ(host.type_of(*e), JsType::object);
  EXPECT_NE(unwrap_as<ExceptionObject>(host, *e, PlatformObject::Kind::exception), nullptr);
}

}  // namespace
}  // namespace wasmref::jsapi::testing
