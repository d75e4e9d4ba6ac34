// Tests of JS-API §globals (js-api/index.bs "Globals"): new Global, GetGlobalValue,
// Global#valueOf and the value accessor.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "embed/embed.h"
#include "jsapi/convert.h"
#include "jsapi/mini_host.h"
#include "jsapi/namespace_test_util.h"
#include "jsapi/objects.h"
#include "jsapi/webassembly.h"
#include "runtime/store.h"

namespace wasmref::jsapi {
namespace {

class GlobalTest : public ::testing::Test {
 protected:
  MiniHost host;
  Agent agent{host};

  JsValue num(double d) { return host.number(d); }
  JsValue str(std::u16string_view s) { return host.string(s); }
  JsValue dict(std::initializer_list<std::pair<std::u16string_view, JsValue>> members) {
    const JsValue o = host.object();
    for (const auto& [k, v] : members) host.create_data_property(o, k, v);
    return o;
  }
  JsValue descriptor(std::u16string_view type, bool is_mutable = false) {
    return dict({{u"value", str(type)}, {u"mutable", host.boolean(is_mutable)}});
  }
  Completion<JsValue> construct(std::vector<JsValue> args) {
    CallArgs call;
    call.args = args;
    call.is_construct = true;
    return global_constructor(agent, call);
  }
  Completion<JsValue> invoke(Operation op, JsValue self, std::vector<JsValue> args) {
    CallArgs call;
    call.this_value = self;
    call.args = args;
    return op(agent, call);
  }
  JsValue global(std::u16string_view type, bool is_mutable, std::vector<JsValue> init = {}) {
    std::vector<JsValue> args = {descriptor(type, is_mutable)};
    args.insert(args.end(), init.begin(), init.end());
    auto g = construct(args);
    EXPECT_TRUE(g.ok());
    return g.ok() ? *g : host.undefined();
  }
  JsValue value(JsValue g) {
    auto v = invoke(global_value_get, g, {});
    EXPECT_TRUE(v.ok());
    auto w = invoke(global_value_of, g, {});
    EXPECT_TRUE(w.ok());
    if (!v.ok() || !w.ok()) return host.string(u"<threw>");
    EXPECT_TRUE(host.same_value(*v, *w));
    return *v;
  }
  template <class T>
  std::optional<ErrorKind> thrown_kind(const Completion<T>& c) {
    if (c.ok()) return std::nullopt;
    return host.error_kind(c.thrown().value);
  }
  JsValue logged(JsValue result, std::vector<std::u16string>* log, std::u16string name) {
    const JsValue o = host.object();
    host.create_data_property(
        o, u"valueOf", host.function(u"valueOf", 0, [result, log, name](JsHost&, const CallArgs&) -> Completion<JsValue> {
          log->push_back(name);
          return result;
        }));
    return o;
  }
  JsValue exported() {
    const FuncAddr f = embed::func_alloc(*agent.store, FuncType{{}, {}},
                                         [](Store&, std::span<const Value>) -> Result<std::vector<Value>> {
                                           return std::vector<Value>{};
                                         });
    return exported_function(agent, f);
  }
};

// --- Constructor -------------------------------------------------------------------------------

TEST_F(GlobalTest, ConstructorWithoutNewIsTypeError) {
  const JsValue args[] = {descriptor(u"i32")};
  CallArgs call;
  call.args = args;
  EXPECT_EQ(thrown_kind(global_constructor(agent, call)), ErrorKind::TypeError);
  EXPECT_TRUE(agent.store->globals.empty());
}

TEST_F(GlobalTest, MissingOrNonObjectDescriptorIsTypeError) {
  EXPECT_EQ(thrown_kind(construct({})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(construct({host.undefined()})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(construct({host.null()})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(construct({str(u"i32")})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(construct({dict({{u"mutable", host.boolean(true)}})})), ErrorKind::TypeError);
}

// The ValueType enum of js-api/index.bs has no 3.0 reference type (notes-jsapi "Decisions" 7).
TEST_F(GlobalTest, ValueTypeMustBeInTheEnum) {
  for (std::u16string_view bad :
       {u"funcref", u"anyref", u"exnref", u"i8", u"", u"eqref", u"i31ref", u"structref",
        u"arrayref", u"nullref", u"nullfuncref", u"nullexternref", u"nullexnref"}) {
    EXPECT_EQ(thrown_kind(construct({descriptor(bad)})), ErrorKind::TypeError);
  }
}

TEST_F(GlobalTest, V128IsTypeError) {
  EXPECT_EQ(thrown_kind(construct({descriptor(u"v128")})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(construct({descriptor(u"v128", true), num(0)})), ErrorKind::TypeError);
  EXPECT_TRUE(agent.store->globals.empty());
}

TEST_F(GlobalTest, MutableIsReadBeforeValueAndValueBeforeTheArgument) {
  std::vector<std::u16string> log;
  const JsValue d = host.object();
  host.define_getter(d, u"value", [&](JsHost& h, const CallArgs&) -> Completion<JsValue> {
    log.push_back(u"value");
    return h.string(u"i32");
  });
  host.define_getter(d, u"mutable", [&](JsHost& h, const CallArgs&) -> Completion<JsValue> {
    log.push_back(u"mutable");
    return h.boolean(false);
  });
  auto g = construct({d, logged(num(3), &log, u"v valueOf")});
  ASSERT_TRUE(g.ok());
  const std::vector<std::u16string> expected = {u"mutable", u"value", u"v valueOf"};
  EXPECT_EQ(log, expected);
  EXPECT_EQ(host.number_value(value(*g)), 3.0);
}

TEST_F(GlobalTest, MutableUsesToBoolean) {
  auto absent = construct({dict({{u"value", str(u"i32")}})});
  ASSERT_TRUE(absent.ok());
  EXPECT_EQ(thrown_kind(invoke(global_value_set, *absent, {num(1)})), ErrorKind::TypeError);
  auto truthy = construct({dict({{u"value", str(u"i32")}, {u"mutable", str(u"yes")}})});
  ASSERT_TRUE(truthy.ok());
  EXPECT_TRUE(invoke(global_value_set, *truthy, {num(1)}).ok());
  auto falsy = construct({dict({{u"value", str(u"i32")}, {u"mutable", num(0)}})});
  ASSERT_TRUE(falsy.ok());
  EXPECT_EQ(thrown_kind(invoke(global_value_set, *falsy, {num(1)})), ErrorKind::TypeError);
}

TEST_F(GlobalTest, DefaultValues) {
  for (const bool explicit_undefined : {false, true}) {
    std::vector<JsValue> init;
    if (explicit_undefined) init.push_back(host.undefined());
    EXPECT_EQ(host.number_value(value(global(u"i32", false, init))), 0.0);
    const JsValue i64 = value(global(u"i64", false, init));
    ASSERT_EQ(host.type_of(i64), JsType::bigint);
    EXPECT_EQ(host.bigint_value(i64), MiniBigInt::from_i64(0));
    EXPECT_EQ(host.number_value(value(global(u"f32", false, init))), 0.0);
    EXPECT_EQ(host.number_value(value(global(u"f64", false, init))), 0.0);
    EXPECT_EQ(host.type_of(value(global(u"anyfunc", false, init))), JsType::null);
    EXPECT_EQ(host.type_of(value(global(u"externref", false, init))), JsType::undefined);
  }
}

TEST_F(GlobalTest, InitialValues) {
  EXPECT_EQ(host.number_value(value(global(u"i32", false, {num(4294967297.0)}))), 1.0);
  EXPECT_EQ(host.number_value(value(global(u"i32", false, {str(u"-7")}))), -7.0);
  EXPECT_EQ(host.number_value(value(global(u"f32", false, {num(0.1)}))), static_cast<double>(0.1f));
  EXPECT_EQ(host.number_value(value(global(u"f64", false, {num(0.1)}))), 0.1);
  EXPECT_EQ(host.bigint_value(value(global(u"i64", false, {host.bigint(-5)}))), MiniBigInt::from_i64(-5));
  const JsValue o = host.object();
  EXPECT_TRUE(host.same_value(value(global(u"externref", false, {o})), o));
  const JsValue fn = exported();
  EXPECT_TRUE(host.same_value(value(global(u"anyfunc", false, {fn})), fn));
  EXPECT_EQ(host.type_of(value(global(u"anyfunc", false, {host.null()}))), JsType::null);
}

TEST_F(GlobalTest, I64NeedsABigInt) {
  EXPECT_EQ(thrown_kind(construct({descriptor(u"i64"), num(1)})), ErrorKind::TypeError);
  const JsValue g = global(u"i64", true);
  EXPECT_EQ(thrown_kind(invoke(global_value_set, g, {num(1)})), ErrorKind::TypeError);
  ASSERT_TRUE(invoke(global_value_set, g, {host.bigint(std::numeric_limits<i64>::min())}).ok());
  EXPECT_EQ(host.bigint_value(value(g)), MiniBigInt::from_i64(std::numeric_limits<i64>::min()));
  ASSERT_TRUE(invoke(global_value_set, g, {host.bigint_u64(0xFFFFFFFFFFFFFFFFull)}).ok());
  EXPECT_EQ(host.bigint_value(value(g)), MiniBigInt::from_i64(-1));  // signed_64
}

TEST_F(GlobalTest, BadInitialValuesAreTypeErrors) {
  EXPECT_EQ(thrown_kind(construct({descriptor(u"i32"), host.bigint(1)})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(construct({descriptor(u"anyfunc"), host.object()})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(construct({descriptor(u"anyfunc"), num(0)})), ErrorKind::TypeError);
  EXPECT_TRUE(agent.store->globals.empty());
}

TEST_F(GlobalTest, GlobalObjectsAreCachedPerAddress) {
  const JsValue g = global(u"i32", false);
  auto* slots = unwrap_as<GlobalObject>(host, g, PlatformObject::Kind::global);
  ASSERT_NE(slots, nullptr);
  EXPECT_TRUE(host.same_value(global_object(agent, slots->global), g));
  EXPECT_EQ(embed::global_type(*agent.store, slots->global), (GlobalType{Mut::const_, ValType::i32}));
}

// --- value, valueOf --------------------------------------------------------------------------------

TEST_F(GlobalTest, SetterOnAnImmutableGlobalIsTypeErrorWithoutConverting) {
  const JsValue g = global(u"i32", false, {num(5)});
  std::vector<std::u16string> log;
  EXPECT_EQ(thrown_kind(invoke(global_value_set, g, {logged(num(1), &log, u"valueOf")})), ErrorKind::TypeError);
  EXPECT_TRUE(log.empty());
  EXPECT_EQ(host.number_value(value(g)), 5.0);
}

TEST_F(GlobalTest, SetterWritesTheConvertedValue) {
  const JsValue g = global(u"f64", true);
  auto r = invoke(global_value_set, g, {num(-0.0)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(host.type_of(*r), JsType::undefined);
  EXPECT_TRUE(std::signbit(host.number_value(value(g))));
  const JsValue e = global(u"externref", true);
  const JsValue o = host.object();
  ASSERT_TRUE(invoke(global_value_set, e, {o}).ok());
  EXPECT_TRUE(host.same_value(value(e), o));
  const JsValue f = global(u"anyfunc", true);
  const JsValue fn = exported();
  ASSERT_TRUE(invoke(global_value_set, f, {fn}).ok());
  EXPECT_TRUE(host.same_value(value(f), fn));
  ASSERT_TRUE(invoke(global_value_set, f, {host.null()}).ok());
  EXPECT_EQ(host.type_of(value(f)), JsType::null);
}

TEST_F(GlobalTest, SetterWithoutArgumentUsesUndefined) {
  const JsValue i32 = global(u"i32", true, {num(5)});
  ASSERT_TRUE(invoke(global_value_set, i32, {}).ok());
  EXPECT_EQ(host.number_value(value(i32)), 0.0);  // ToInt32(undefined)
  const JsValue f64 = global(u"f64", true, {num(5)});
  ASSERT_TRUE(invoke(global_value_set, f64, {}).ok());
  EXPECT_TRUE(std::isnan(host.number_value(value(f64))));  // ToNumber(undefined)
  const JsValue i64 = global(u"i64", true, {host.bigint(5)});
  EXPECT_EQ(thrown_kind(invoke(global_value_set, i64, {})), ErrorKind::TypeError);  // ToBigInt64
  EXPECT_EQ(host.bigint_value(value(i64)), MiniBigInt::from_i64(5));
  const JsValue e = global(u"externref", true, {host.null()});
  ASSERT_TRUE(invoke(global_value_set, e, {}).ok());
  EXPECT_EQ(host.type_of(value(e)), JsType::undefined);
  const JsValue f = global(u"anyfunc", true);
  EXPECT_EQ(thrown_kind(invoke(global_value_set, f, {})), ErrorKind::TypeError);
}

TEST_F(GlobalTest, SetterConversionErrorKeepsTheValue) {
  const JsValue g = global(u"anyfunc", true);
  const JsValue fn = exported();
  ASSERT_TRUE(invoke(global_value_set, g, {fn}).ok());
  EXPECT_EQ(thrown_kind(invoke(global_value_set, g, {host.object()})), ErrorKind::TypeError);
  EXPECT_TRUE(host.same_value(value(g), fn));
}

TEST_F(GlobalTest, BrandChecks) {
  const JsValue not_a_global = table_object(agent, embed::table_alloc(*agent.store, TableType{}, Value::null(ValType::funcref)));
  for (const JsValue self : {host.object(), host.undefined(), num(1), not_a_global}) {
    EXPECT_EQ(thrown_kind(invoke(global_value_get, self, {})), ErrorKind::TypeError);
    EXPECT_EQ(thrown_kind(invoke(global_value_of, self, {})), ErrorKind::TypeError);
    EXPECT_EQ(thrown_kind(invoke(global_value_set, self, {num(1)})), ErrorKind::TypeError);
  }
}

TEST_F(GlobalTest, V128GlobalsCannotBeReadOrWritten) {
  const GlobalAddr a = embed::global_alloc(*agent.store, GlobalType{Mut::var, ValType::v128}, Value::v128(1, 2));
  const JsValue g = global_object(agent, a);
  EXPECT_EQ(thrown_kind(invoke(global_value_get, g, {})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(invoke(global_value_of, g, {})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(invoke(global_value_set, g, {num(0)})), ErrorKind::TypeError);
  EXPECT_EQ(embed::global_read(*agent.store, a), Value::v128(1, 2));
}

// GetGlobalValue 4. and the value setter 4.: a global whose value type matches exnref (made by
// wasm: ValueType has no "exnref") cannot be read or written from JS, mutable or not.
TEST_F(GlobalTest, ExnrefGlobalsCannotBeReadOrWritten) {
  for (const Mut mut : {Mut::var, Mut::const_}) {
    const GlobalAddr a = embed::global_alloc(*agent.store, GlobalType{mut, ValType::exnref}, Value::null(ValType::exnref));
    const JsValue g = global_object(agent, a);
    EXPECT_EQ(thrown_kind(invoke(global_value_get, g, {})), ErrorKind::TypeError);
    EXPECT_EQ(thrown_kind(invoke(global_value_of, g, {})), ErrorKind::TypeError);
    EXPECT_EQ(thrown_kind(invoke(global_value_set, g, {host.null()})), ErrorKind::TypeError);
    EXPECT_EQ(embed::global_read(*agent.store, a), Value::null(ValType::exnref));
  }
  // The constructor's ValueType enum has no "exnref" at all.
  EXPECT_EQ(thrown_kind(construct({descriptor(u"exnref")})), ErrorKind::TypeError);
}

// --- Globals of core 3.0 reference types (made by a module) -------------------------------------

class GcGlobals : public testing::JsApiTest {
 protected:
  void SetUp() override {
    agent.features = Features::v3();
    exports = exports_of(*new_instance(module()));
  }
  // $0 = (sub (struct (field (mut i32)))), $1 = (struct (field (mut i64))),
  // $2 = (array (mut i32)); the globals, each exported under its name:
  //   any     (mut anyref)        ref.i31 (i32.const 7)
  //   eq      (mut eqref)         struct.new_default $0
  //   i31     (mut i31ref)        ref.null i31
  //   s0      (mut (ref null $0)) ref.null $0
  //   nonnull (mut (ref $0))      struct.new_default $0
  //   ext     externref           extern.convert_any (ref.i31 (i32.const -1))
  //   none    (mut nullref)       ref.null none
  //   s1      (mut (ref null $1)) struct.new_default $1
  //   arr     arrayref            array.new_fixed $2 0
  static testing::Bytes module() {
    using testing::Bytes;
    using namespace testing::gc;  // NOLINT: the raw module helpers
    using wasmref::testing::i32_const;
    const std::vector<std::pair<std::string, Bytes>> globals = {
        {"any", global(ref(kAny, true), true, cat({i32_const(7), ref_i31()}))},
        {"eq", global(ref(kEq, true), true, struct_new_default(0))},
        {"i31", global(ref(kI31, true), true, ref_null(kI31))},
        {"s0", global(ref_idx(0, true), true, ref_null_idx(0))},
        {"nonnull", global(ref_idx(0, false), true, struct_new_default(0))},
        {"ext",
         global(ref(kExtern, true), false, cat({i32_const(-1), ref_i31(), extern_convert_any()}))},
        {"none", global(ref(kNone, true), true, ref_null(kNone))},
        {"s1", global(ref_idx(1, true), true, struct_new_default(1))},
        {"arr", global(ref(kArray, true), false, array_new_fixed(2, 0))},
    };
    std::vector<Bytes> entries, exps;
    for (u32 i = 0; i < globals.size(); ++i) {
      entries.push_back(globals[i].second);
      exps.push_back(export_(globals[i].first, kGlobalExport, i));
    }
    return testing::gc::module({{kTypeSection,
                                 {sub({}, struct_({field({wasmref::testing::I32}, true)})),
                                  struct_({field({wasmref::testing::I64}, true)}),
                                  array(field({wasmref::testing::I32}, true))}},
                                {kGlobalSection, entries},
                                {kExportSection, exps}});
  }
  JsValue global_named(std::u16string_view name) { return get(exports, name); }
  // Global#value's getter and valueOf(), which must agree.
  JsValue value(std::u16string_view name) {
    Completion<JsValue> v = call(global_value_get, {}, global_named(name));
    Completion<JsValue> w = call(global_value_of, {}, global_named(name));
    EXPECT_TRUE(v.ok() && w.ok()) << MiniHost::utf8(name);
    if (!v.ok() || !w.ok()) return str(u"<threw>");
    EXPECT_TRUE(host.same_value(*v, *w));
    return *v;
  }
  Completion<JsValue> set(std::u16string_view name, JsValue v) {
    return call(global_value_set, {v}, global_named(name));
  }
  JsValue exports{};
};

// GetGlobalValue 6. ToJSValue of each: an i31 is a Number, a structure or array an Exported GC
// Object (the same one on every read), an externalized i31 a Number, null null.
TEST_F(GcGlobals, ValuesAreReadAsJsValues) {
  EXPECT_EQ(host.number_value(value(u"any")), 7);
  const JsValue eq = value(u"eq");
  EXPECT_EQ(host.type_of(eq), JsType::object);
  EXPECT_EQ(host.type_of(host.get_prototype(eq)), JsType::null);
  EXPECT_TRUE(host.same_value(value(u"eq"), eq));
  EXPECT_EQ(host.type_of(value(u"i31")), JsType::null);
  EXPECT_EQ(host.type_of(value(u"s0")), JsType::null);
  EXPECT_EQ(host.number_value(value(u"ext")), -1);
  EXPECT_EQ(host.type_of(value(u"none")), JsType::null);
  const JsValue nonnull = value(u"nonnull");
  const JsValue arr = value(u"arr");
  for (const JsValue o : {nonnull, arr, value(u"s1")}) {
    EXPECT_EQ(host.type_of(o), JsType::object);
    EXPECT_FALSE(host.same_value(o, eq));
  }
  EXPECT_FALSE(host.same_value(nonnull, arr));
}

// The value setter 6. ToWebAssemblyValue(v, anyref): everything is accepted and read back as
// itself (i31 Numbers, host values, GC objects, null).
TEST_F(GcGlobals, AnyrefGlobalTakesEveryJsValue) {
  const JsValue o = host.object();
  const JsValue s = value(u"eq");
  for (const JsValue v : {o, num(1073741824.0), num(-5), num(-0.0), str(u"s"), s, undef()}) {
    ASSERT_TRUE(set(u"any", v).ok());
    EXPECT_TRUE(host.same_value(value(u"any"), v));
  }
  ASSERT_TRUE(set(u"any", host.null()).ok());
  EXPECT_EQ(host.type_of(value(u"any")), JsType::null);
}

// eqref and i31ref take neither host values nor (i31ref) structures: TypeError, value kept.
TEST_F(GcGlobals, EqrefAndI31refRefuseWhatDoesNotMatch) {
  const JsValue s = value(u"eq");
  EXPECT_EQ(error_of(set(u"eq", host.object())), ErrorKind::TypeError);
  EXPECT_EQ(error_of(set(u"eq", num(1.5))), ErrorKind::TypeError);
  EXPECT_TRUE(host.same_value(value(u"eq"), s));
  ASSERT_TRUE(set(u"eq", num(5)).ok());
  EXPECT_EQ(host.number_value(value(u"eq")), 5);
  ASSERT_TRUE(set(u"eq", value(u"arr")).ok());
  EXPECT_TRUE(host.same_value(value(u"eq"), value(u"arr")));
  EXPECT_EQ(error_of(set(u"i31", num(1073741824.0))), ErrorKind::TypeError);
  EXPECT_EQ(error_of(set(u"i31", s)), ErrorKind::TypeError);
  ASSERT_TRUE(set(u"i31", num(-1073741824.0)).ok());
  EXPECT_EQ(host.number_value(value(u"i31")), -1073741824.0);
}

// (ref null $0) takes structures of $0 only; (ref $0) refuses null; nullref holds null only.
TEST_F(GcGlobals, ConcreteNonNullableAndNoneTypes) {
  const JsValue s0 = value(u"eq");  // a structure of $0
  EXPECT_EQ(error_of(set(u"s0", value(u"s1"))), ErrorKind::TypeError);
  EXPECT_EQ(error_of(set(u"s0", value(u"arr"))), ErrorKind::TypeError);
  EXPECT_EQ(error_of(set(u"s0", num(5))), ErrorKind::TypeError);
  ASSERT_TRUE(set(u"s0", s0).ok());
  EXPECT_TRUE(host.same_value(value(u"s0"), s0));
  const JsValue before = value(u"nonnull");
  EXPECT_EQ(error_of(set(u"nonnull", host.null())), ErrorKind::TypeError);
  EXPECT_EQ(error_of(set(u"nonnull", {})), ErrorKind::TypeError);  // no argument: undefined
  EXPECT_TRUE(host.same_value(value(u"nonnull"), before));
  ASSERT_TRUE(set(u"nonnull", s0).ok());
  for (const JsValue v : {num(0), host.object(), s0})
    EXPECT_EQ(error_of(set(u"none", v)), ErrorKind::TypeError);
  EXPECT_TRUE(set(u"none", host.null()).ok());
  // The immutable externref global keeps the setter's step 5 TypeError.
  EXPECT_EQ(error_of(set(u"ext", num(1))), ErrorKind::TypeError);
}

}  // namespace
}  // namespace wasmref::jsapi
