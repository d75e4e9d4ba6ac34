// JS-API §modules: new Module, Module.exports, Module.imports, Module.customSections.
#include <string>
#include <vector>

#include "jsapi/namespace_test_util.h"

namespace wasmref::jsapi::testing {
namespace {

using namespace wasmref::testing;  // NOLINT: builder helpers

// A custom section `name` with `payload`, appended to a module.
Bytes with_custom(Bytes module, const std::string& name, const Bytes& payload) {
  const Bytes content = cat({wasmref::testing::name(name), payload});
  append(module, cat({{0x00}, uleb(content.size()), content}));
  return module;
}

using ModuleConstructor = JsApiTest;

TEST_F(ModuleConstructor, MakesAModuleObject) {
  const JsValue m = new_module(module_returning(1));
  const auto* slots = unwrap_as<ModuleObject>(host, m, PlatformObject::Kind::module);
  ASSERT_NE(slots, nullptr);
  EXPECT_EQ(slots->bytes, module_returning(1));  // [[Bytes]]
  ASSERT_NE(slots->module, nullptr);
  EXPECT_TRUE(slots->module->validated);
}

TEST_F(ModuleConstructor, CompileErrorForMalformedAndInvalid) {
  Completion<JsValue> r = construct(module_constructor, {buffer({0x00, 0x61, 0x73})});
  EXPECT_EQ(error_of(r), ErrorKind::CompileError);
  WasmBuilder b;
  b.func(b.type({}, {I32}), {});  // no result pushed: invalid
  r = construct(module_constructor, {buffer(b.bytes())});
  EXPECT_EQ(error_of(r), ErrorKind::CompileError);
  EXPECT_EQ(message_of(r.thrown()).substr(0, 13), u"type mismatch");
}

TEST_F(ModuleConstructor, TypeErrors) {
  EXPECT_EQ(error_of(construct(module_constructor, {})), ErrorKind::TypeError);
  EXPECT_EQ(error_of(construct(module_constructor, {num(0)})), ErrorKind::TypeError);
  EXPECT_EQ(error_of(construct(module_constructor, {host.object()})), ErrorKind::TypeError);
  // without `new`
  EXPECT_EQ(error_of(call(module_constructor, {buffer(module_returning(1))})),
            ErrorKind::TypeError);
  // options that are a primitive
  EXPECT_EQ(error_of(construct(module_constructor, {buffer(module_returning(1)), num(1)})),
            ErrorKind::TypeError);
}

TEST_F(ModuleConstructor, DuplicateBuiltinNamesAreACompileError) {
  const JsValue options = host.object();
  host.create_data_property(options, u"builtins",
                            host.array(std::vector<JsValue>{str(u"a"), str(u"a")}));
  EXPECT_EQ(error_of(construct(module_constructor, {buffer(module_returning(1)), options})),
            ErrorKind::CompileError);
  // builtins must be iterable
  const JsValue bad = host.object();
  host.create_data_property(bad, u"builtins", num(1));
  EXPECT_EQ(error_of(construct(module_constructor, {buffer(module_returning(1)), bad})),
            ErrorKind::TypeError);
}

using ModuleStatics = JsApiTest;

TEST_F(ModuleStatics, ExportsInExportOrderWithKinds) {
  WasmBuilder b;
  const u32 f = b.func(b.type({}, {}), {});
  b.table(FUNCREF, 1, std::nullopt);
  b.memory(1, std::nullopt);
  b.global(I32, false, i32_const(0));
  b.export_("z-mem", 0x02, 0);
  b.export_func("a-func", f);
  b.export_("t", 0x01, 0);
  b.export_("g\xC3\xA9", 0x03, 0);  // "gé" in UTF-8
  const JsValue m = new_module(b.bytes());
  Completion<JsValue> r = call(module_exports, {m});
  ASSERT_TRUE(r.ok());
  const std::vector<std::pair<std::u16string, std::u16string>> expected = {
      {u"z-mem", u"memory"}, {u"a-func", u"function"}, {u"t", u"table"}, {u"g\u00E9", u"global"}};
  EXPECT_EQ(host.number_value(get(*r, u"length")), 4);
  for (size_t i = 0; i < expected.size(); ++i) {
    const JsValue d = get(*r, MiniHost::number_to_string(static_cast<double>(i)));
    EXPECT_EQ(host.string_value(get(d, u"name")), expected[i].first);
    EXPECT_EQ(host.string_value(get(d, u"kind")), expected[i].second);
    EXPECT_EQ(host.own_keys(d), (std::vector<std::u16string>{u"name", u"kind"}));
  }
  // a fresh array each call
  Completion<JsValue> r2 = call(module_exports, {m});
  ASSERT_TRUE(r2.ok());
  EXPECT_FALSE(host.same_value(*r, *r2));
}

TEST_F(ModuleStatics, ImportsInImportOrderWithKinds) {
  WasmBuilder b;
  b.import_global("g", "x", I64, true);
  b.import_func("f", "y", b.type({}, {}));
  b.import_memory("m", "z", 1, std::nullopt);
  b.import_table("t", "w", EXTERNREF, 0, 3);
  const JsValue m = new_module(b.bytes());
  Completion<JsValue> r = call(module_imports, {m});
  ASSERT_TRUE(r.ok());
  const std::vector<std::vector<std::u16string>> expected = {{u"g", u"x", u"global"},
                                                             {u"f", u"y", u"function"},
                                                             {u"m", u"z", u"memory"},
                                                             {u"t", u"w", u"table"}};
  EXPECT_EQ(host.number_value(get(*r, u"length")), 4);
  for (size_t i = 0; i < expected.size(); ++i) {
    const JsValue d = get(*r, MiniHost::number_to_string(static_cast<double>(i)));
    EXPECT_EQ(host.string_value(get(d, u"module")), expected[i][0]);
    EXPECT_EQ(host.string_value(get(d, u"name")), expected[i][1]);
    EXPECT_EQ(host.string_value(get(d, u"kind")), expected[i][2]);
  }
}

TEST_F(ModuleStatics, TypeErrorWithoutAModule) {
  for (Operation op : {module_exports, module_imports}) {
    EXPECT_EQ(error_of(call(op, {})), ErrorKind::TypeError);
    EXPECT_EQ(error_of(call(op, {host.object()})), ErrorKind::TypeError);
    EXPECT_EQ(error_of(call(op, {buffer(module_returning(1))})), ErrorKind::TypeError);
    // an Instance is not a Module
    EXPECT_EQ(error_of(call(op, {*new_instance(module_returning(1))})), ErrorKind::TypeError);
  }
  EXPECT_EQ(error_of(call(module_custom_sections, {host.object(), str(u"x")})),
            ErrorKind::TypeError);
}

TEST_F(ModuleStatics, CustomSectionsGivePayloadsInOrderInFreshBuffers) {
  Bytes b = module_returning(1);
  b = with_custom(b, "name1", {1, 2, 3});
  b = with_custom(b, "other", {9});
  b = with_custom(b, "name1", {});
  b = with_custom(b, "\xE2\x82\xAC", {7, 7});  // "€"
  const JsValue m = new_module(b);
  Completion<JsValue> r = call(module_custom_sections, {m, str(u"name1")});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(host.number_value(get(*r, u"length")), 2);
  const JsValue first = get(*r, u"0");
  ASSERT_TRUE(host.is_array_buffer(first));
  const std::span<u8> data = host.buffer_data(first);
  EXPECT_EQ(Bytes(data.begin(), data.end()), (Bytes{1, 2, 3}));
  EXPECT_EQ(host.array_buffer_byte_length(get(*r, u"1")), 0u);
  // fresh buffers every call
  Completion<JsValue> r2 = call(module_custom_sections, {m, str(u"name1")});
  ASSERT_TRUE(r2.ok());
  EXPECT_FALSE(host.same_value(first, get(*r2, u"0")));
  // names are compared as strings after UTF-8 decoding
  r = call(module_custom_sections, {m, str(u"\u20AC")});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(host.number_value(get(*r, u"length")), 1);
  r = call(module_custom_sections, {m, str(u"absent")});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(host.number_value(get(*r, u"length")), 0);
}

TEST_F(ModuleStatics, CustomSectionsLoneSurrogateDoesNotMatchReplacementCharacter) {
  const JsValue m = new_module(with_custom(module_returning(1), "\xEF\xBF\xBD", {1}));  // U+FFFD
  const std::u16string lone(1, static_cast<char16_t>(0xD800));
  Completion<JsValue> r = call(module_custom_sections, {m, str(lone)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(host.number_value(get(*r, u"length")), 0);
  r = call(module_custom_sections, {m, str(u"\uFFFD")});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(host.number_value(get(*r, u"length")), 1);
}

TEST_F(ModuleStatics, CustomSectionsNeedsASectionName) {
  const JsValue m = new_module(module_returning(1));
  EXPECT_EQ(error_of(call(module_custom_sections, {m})), ErrorKind::TypeError);
  // sectionName is a DOMString: ToString(undefined) = "undefined"
  Completion<JsValue> r = call(module_custom_sections, {m, undef()});
  ASSERT_TRUE(r.ok());
}

}  // namespace
}  // namespace wasmref::jsapi::testing
