// JS-API §tags: new Tag({parameters}) over the store's tags, the Tag object cache, tag imports
// and exports, the JavaScript exception tag and WebAssembly.JSTag; gtest over MiniHost.
#include <vector>

#include "embed/embed.h"
#include "jsapi/namespace_test_util.h"
#include "runtime/store.h"
#include "syntax/messages.h"

namespace wasmref::jsapi::testing {
namespace {

using namespace wasmref::testing;  // NOLINT: builder helpers

class TagTest : public JsApiTest {
 protected:
  TagTest() { agent.features.exceptions = true; }
  JsValue tag_type(std::vector<JsValue> params) {
    const JsValue type = host.object();
    host.create_data_property(type, u"parameters", host.array(params));
    return type;
  }
  Completion<JsValue> new_tag(std::vector<JsValue> params) { return construct(tag_constructor, {tag_type(std::move(params))}); }
  TagAddr address_of(JsValue tag) {
    const auto* slots = unwrap_as<TagObject>(host, tag, PlatformObject::Kind::tag);
    EXPECT_NE(slots, nullptr);
    return slots != nullptr ? slots->tag : TagAddr{0xFFFFFFFF};
  }
};

TEST_F(TagTest, AllocatesAStoreTagOfTheParameterTypes) {
  Completion<JsValue> t = new_tag({str(u"i32"), str(u"f64"), str(u"externref"), str(u"anyfunc"), str(u"v128"), str(u"i64"), str(u"f32")});
  ASSERT_TRUE(t.ok());
  const TagAddr a = address_of(*t);
  ASSERT_LT(a.value, agent.store->tags.size());
  // tag_alloc(store, wasmParameters -> « »).
  const FuncType& type = embed::tag_type(*agent.store, a);
  EXPECT_EQ(type.params, (ResultType{ValType::i32, ValType::f64, ValType::externref, ValType::funcref,
                                     ValType::v128, ValType::i64, ValType::f32}));
  EXPECT_TRUE(type.results.empty());
  // "initialize a Tag object" put it in the cache: "create a Tag object" gives the same object.
  EXPECT_TRUE(host.same_value(tag_object(agent, a), *t));
}

TEST_F(TagTest, EachConstructionIsANewTag) {
  Completion<JsValue> a = new_tag({});
  Completion<JsValue> b = new_tag({});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_FALSE(host.same_value(*a, *b));
  EXPECT_NE(address_of(*a), address_of(*b));
  EXPECT_EQ(agent.store->tags.size(), 2u);
  EXPECT_TRUE(embed::tag_type(*agent.store, address_of(*a)).params.empty());
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
  // Unknown value type strings (the enum is exact: no "funcref", no "anyref", no "exnref").
  for (const char16_t* bad : {u"funcref", u"anyref", u"exnref", u"I32", u"i32 ", u""}) {
    EXPECT_EQ(error_of(new_tag({str(bad)})), ErrorKind::TypeError);
  }
  EXPECT_EQ(error_of(new_tag({str(u"i32"), num(1)})), ErrorKind::TypeError);
  // A failed construction allocates nothing in the store.
  EXPECT_TRUE(agent.store->tags.empty());
  EXPECT_TRUE(agent.tag_object_cache.empty());
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

// js-api/index.bs gives Tag only a constructor: no type() method on its prototype.
TEST_F(TagTest, TheInterfaceHasNoTypeMethod) {
  const JsValue ns = create_namespace_object(agent);
  const JsValue prototype = get(get(ns, u"Tag"), u"prototype");
  EXPECT_EQ(host.type_of(get(prototype, u"type")), JsType::undefined);
}

// ---- The JavaScript exception tag ---------------------------------------------------------

TEST_F(TagTest, TheJavaScriptExceptionTagIsAllocatedOnceAsExternrefToNothing) {
  EXPECT_FALSE(agent.js_exception_tag);
  const TagAddr a = get_the_javascript_exception_tag(agent);
  const TagAddr b = get_the_javascript_exception_tag(agent);
  EXPECT_EQ(a, b);
  EXPECT_EQ(agent.store->tags.size(), 1u);
  EXPECT_EQ(embed::tag_type(*agent.store, a), (FuncType{{ValType::externref}, {}}));
  EXPECT_TRUE(host.same_value(tag_object(agent, a), tag_object(agent, b)));
}

TEST_F(TagTest, JSTagGetterReturnsTheTagObjectOfTheJavaScriptExceptionTag) {
  Completion<JsValue> first = call(js_tag, {});
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(agent.js_exception_tag);
  EXPECT_EQ(address_of(*first), *agent.js_exception_tag);
  Completion<JsValue> second = call(js_tag, {});
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(host.same_value(*first, *second));
  // Through the namespace object: an accessor's getter ("get JSTag"), `this` ignored.
  const JsValue ns = create_namespace_object(agent);
  Completion<JsValue> third = host.call(get(ns, u"get JSTag"), ns, {});
  ASSERT_TRUE(third.ok());
  EXPECT_TRUE(host.same_value(*first, *third));
  // A new Tag with the same parameters is another tag.
  Completion<JsValue> t = new_tag({str(u"externref")});
  ASSERT_TRUE(t.ok());
  EXPECT_FALSE(host.same_value(*t, *first));
}

// ---- Tag exports and imports (create an exports object, read the imports) ------------------

// A module with one tag of type [i32] -> [] exported as "a" and "b".
Bytes module_exporting_a_tag() {
  WasmBuilder b;
  const u32 tag = b.tag(b.type({I32}, {}));
  b.export_("a", 0x04, tag);
  b.export_("b", 0x04, tag);
  return b.bytes();
}

TEST_F(TagTest, AnExportedTagIsOneTagObjectPerAddress) {
  Completion<JsValue> i = new_instance(module_exporting_a_tag());
  ASSERT_TRUE(i.ok()) << MiniHost::utf8(message_of(i.thrown()));
  const JsValue e = exports_of(*i);
  const JsValue a = get(e, u"a");
  EXPECT_TRUE(host.same_value(a, get(e, u"b")));
  const TagAddr addr = address_of(a);
  EXPECT_EQ(embed::tag_type(*agent.store, addr), (FuncType{{ValType::i32}, {}}));
  EXPECT_TRUE(host.same_value(tag_object(agent, addr), a));
  // Another instance defines another tag.
  Completion<JsValue> j = new_instance(module_exporting_a_tag());
  ASSERT_TRUE(j.ok());
  EXPECT_FALSE(host.same_value(get(exports_of(*j), u"a"), a));
  // Module.exports names the kind "tag".
  Completion<JsValue> list = call(module_exports, {new_module(module_exporting_a_tag())});
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(host.string_value(get(get(*list, u"0"), u"kind")), u"tag");
}

// A module importing a tag m.t of type [i32] -> [] and exporting it as "t".
Bytes module_importing_a_tag(u8 param = I32) {
  WasmBuilder b;
  b.export_("t", 0x04, b.import_tag("m", "t", b.type({param}, {})));
  return b.bytes();
}

TEST_F(TagTest, AnImportedTagIsReexportedAsTheSameObject) {
  Completion<JsValue> tag = new_tag({str(u"i32")});
  ASSERT_TRUE(tag.ok());
  Completion<JsValue> i = new_instance(module_importing_a_tag(), imports_object(u"m", u"t", *tag));
  ASSERT_TRUE(i.ok()) << MiniHost::utf8(message_of(i.thrown()));
  EXPECT_TRUE(host.same_value(get(exports_of(*i), u"t"), *tag));
  // Module.imports names the kind "tag".
  Completion<JsValue> list = call(module_imports, {new_module(module_importing_a_tag())});
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(host.string_value(get(get(*list, u"0"), u"kind")), u"tag");
}

TEST_F(TagTest, AnImportThatIsNotATagIsALinkError) {
  Completion<JsValue> other = new_tag({str(u"i32")});
  ASSERT_TRUE(other.ok());
  Completion<JsValue> exn = construct(exception_constructor, {*other, host.array(std::vector<JsValue>{num(1)})});
  ASSERT_TRUE(exn.ok());
  const JsValue fn = js_function([](JsHost& h, const CallArgs&) -> Completion<JsValue> { return h.undefined(); });
  for (const JsValue bad : {undef(), num(1), host.object(), fn, *exn, host.null()}) {
    Completion<JsValue> i = new_instance(module_importing_a_tag(), imports_object(u"m", u"t", bad));
    EXPECT_EQ(error_of(i), ErrorKind::LinkError);
  }
}

TEST_F(TagTest, AnImportedTagOfAnotherTypeIsALinkError) {
  Completion<JsValue> tag = new_tag({str(u"i64")});
  ASSERT_TRUE(tag.ok());
  EXPECT_EQ(error_of(new_instance(module_importing_a_tag(), imports_object(u"m", u"t", *tag))),
            ErrorKind::LinkError);
  Completion<JsValue> none = new_tag({});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(error_of(new_instance(module_importing_a_tag(), imports_object(u"m", u"t", *none))),
            ErrorKind::LinkError);
}

TEST_F(TagTest, TheJSTagCanBeImportedAsAnExternrefTag) {
  Completion<JsValue> js = call(js_tag, {});
  ASSERT_TRUE(js.ok());
  Completion<JsValue> i = new_instance(module_importing_a_tag(EXTERNREF), imports_object(u"m", u"t", *js));
  ASSERT_TRUE(i.ok()) << MiniHost::utf8(message_of(i.thrown()));
  EXPECT_TRUE(host.same_value(get(exports_of(*i), u"t"), *js));
  // Not as a tag of another type.
  EXPECT_EQ(error_of(new_instance(module_importing_a_tag(I32), imports_object(u"m", u"t", *js))),
            ErrorKind::LinkError);
}

// ---- §limits: "The maximum number of tags defined in a module is 1,000,000" ----------------

Bytes n_tags(u32 n) {
  WasmBuilder b;
  const u32 t = b.type({}, {});
  for (u32 i = 0; i < n; ++i) b.tag(t);
  return b.bytes();
}

TEST(TagLimits, TagsOverTheLimitAreACompileError) {
  Features features;
  features.exceptions = true;
  EmbedderLimits limits = EmbedderLimits::current();
  EXPECT_EQ(limits.tags, 1000000u);
  limits.tags = 3;
  EXPECT_TRUE(compile_a_webassembly_module(limits, n_tags(3), features).ok());
  Result<std::shared_ptr<Module>> over = compile_a_webassembly_module(limits, n_tags(4), features);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().outcome, Outcome::invalid);
  EXPECT_EQ(over.error().message, std::string(msg::implementation_limit) + ": tags (4 > 3)");
  // Judged on the bytes, before decoding (the tag section frames between memory and global).
  EXPECT_TRUE(check_byte_limits(limits, n_tags(3)).ok());
  EXPECT_FALSE(check_byte_limits(limits, n_tags(4)).ok());
}

}  // namespace
}  // namespace wasmref::jsapi::testing
