// JS-API §tags: new Tag({parameters}), the Tag object cache, the JavaScript exception tag;
// gtest over MiniHost.
#include <vector>

#include "jsapi/namespace_test_util.h"

namespace wasmref::jsapi::testing {
namespace {

class TagTest : public JsApiTest {
 protected:
  JsValue tag_type(std::vector<JsValue> params) {
    const JsValue type = host.object();
    host.create_data_property(type, u"parameters", host.array(params));
    return type;
  }
  Completion<JsValue> new_tag(std::vector<JsValue> params) { return construct(tag_constructor, {tag_type(std::move(params))}); }
};

TEST_F(TagTest, AllocatesATagOfTheParameterTypes) {
  Completion<JsValue> t = new_tag({str(u"i32"), str(u"f64"), str(u"externref"), str(u"anyfunc"), str(u"v128"), str(u"i64"), str(u"f32")});
  ASSERT_TRUE(t.ok());
  const auto* slots = unwrap_as<TagObject>(host, *t, PlatformObject::Kind::tag);
  ASSERT_NE(slots, nullptr);
  ASSERT_LT(slots->tag, agent.tag_types.size());
  EXPECT_EQ(agent.tag_types[slots->tag],
            (ResultType{ValType::i32, ValType::f64, ValType::externref, ValType::funcref, ValType::v128,
                        ValType::i64, ValType::f32}));
  // Cached per address: "create a Tag object" from that address gives the same object.
  EXPECT_TRUE(host.same_value(tag_object(agent, slots->tag), *t));
}

TEST_F(TagTest, EachConstructionIsANewTag) {
  Completion<JsValue> a = new_tag({});
  Completion<JsValue> b = new_tag({});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_FALSE(host.same_value(*a, *b));
  EXPECT_NE(unwrap_as<TagObject>(host, *a, PlatformObject::Kind::tag)->tag,
            unwrap_as<TagObject>(host, *b, PlatformObject::Kind::tag)->tag);
  EXPECT_TRUE(agent.tag_types[unwrap_as<TagObject>(host, *a, PlatformObject::Kind::tag)->tag].empty());
}

TEST_F(TagTest, TypeErrors) {
  // Without new.
  EXPECT_EQ(error_of(call(tag_constructor, {tag_type({})})), ErrorKind::TypeError);
  // Missing argument; undefined / null dictionary (missing required member); primitives.
  EXPECT_EQ(error_of(construct(tag_constructor, {})), ErrorKind::TypeError);
  EXPECT_EQ(error_of(construct(tag_constructor, {undef()})), ErrorKind::TypeError);
  EXPECT_EQ(error_of(construct(tag_constructor, {host.null()})), ErrorKind::TypeError);
  EXPECT_EQ(error_of(construct(tag_constructor, {num(1)})), ErrorKind::TypeError);
  EXPECT_EQ(error_of(construct(tag_constructor, {host.object()})), ErrorKind::TypeError);
  // parameters not iterable.
  for (JsValue bad : {num(1), host.object(), host.null(), host.boolean(true)}) {
    const JsValue type = host.object();
    host.create_data_property(type, u"parameters", bad);
    EXPECT_EQ(error_of(construct(tag_constructor, {type})), ErrorKind::TypeError);
  }
  // Unknown value type strings (the enum is exact: no "funcref", no "anyref", no "I32").
  for (const char16_t* bad : {u"funcref", u"anyref", u"exnref", u"I32", u"i32 ", u""}) {
    EXPECT_EQ(error_of(new_tag({str(bad)})), ErrorKind::TypeError);
  }
  EXPECT_EQ(error_of(new_tag({str(u"i32"), num(1)})), ErrorKind::TypeError);
  // A failed construction allocates nothing.
  EXPECT_TRUE(agent.tag_types.empty());
}

TEST_F(TagTest, ParametersGetterRunsOnce) {
  int reads = 0;
  const JsValue type = host.object_with_getter(u"parameters", [&](JsHost& h, const CallArgs&) -> Completion<JsValue> {
    ++reads;
    return h.array(std::vector<JsValue>{h.string(u"i32")});
  });
  ASSERT_TRUE(construct(tag_constructor, {type}).ok());
  EXPECT_EQ(reads, 1);
}

TEST_F(TagTest, AThrowingParametersGetterPropagates) {
  const JsValue boom = host.object();
  const JsValue type = host.object_with_getter(u"parameters", [&](JsHost&, const CallArgs&) -> Completion<JsValue> {
    return Thrown{boom};
  });
  Completion<JsValue> t = construct(tag_constructor, {type});
  ASSERT_FALSE(t.ok());
  EXPECT_TRUE(host.same_value(t.thrown().value, boom));
}

TEST_F(TagTest, TheJavaScriptExceptionTagIsAllocatedOnceAsExternrefToNothing) {
  EXPECT_FALSE(agent.js_exception_tag);
  const u32 a = get_the_javascript_exception_tag(agent);
  const u32 b = get_the_javascript_exception_tag(agent);
  EXPECT_EQ(a, b);
  EXPECT_EQ(agent.tag_types[a], ResultType{ValType::externref});
  EXPECT_TRUE(host.same_value(tag_object(agent, a), tag_object(agent, b)));
}

}  // namespace
}  // namespace wasmref::jsapi::testing
