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
#include "runtime/store.h"
#include "valid/matching.h"

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

  // --- Core 3.0 defined types and GC objects in the agent's store ----------------------------
  // The canonical ids of a module's type section (valid/matching.h).
  static std::vector<u32> canonical(std::vector<SubType> types) {
    Result<std::vector<u32>> ids = TypeRegistry::global().canonicalize(types);
    EXPECT_TRUE(ids.ok());
    return ids.ok() ? *ids : std::vector<u32>(types.size(), 0);
  }
  // A struct type with one mutable field of type `t`, not final (so it can have subtypes),
  // and an array type of `t`.
  static SubType struct_of(ValType t, std::vector<HeapType> supers = {}) {
    SubType st;
    st.final = false;
    st.supers = std::move(supers);
    st.comp.kind = CompType::Kind::struct_;
    st.comp.fields = {FieldType{Mut::var, StorageType{t, Packed::none}}};
    return st;
  }
  static SubType array_of(ValType t) {
    SubType st;
    st.comp.kind = CompType::Kind::array;
    st.comp.fields = {FieldType{Mut::var, StorageType{t, Packed::none}}};
    return st;
  }
  StructAddr new_struct(u32 deftype) {
    const std::optional<StructAddr> a = allocstruct(*agent.store, deftype, {Slot{0, 0}});
    EXPECT_TRUE(a.has_value());
    return a.value_or(StructAddr{});
  }
  ArrayAddr new_array(u32 deftype) {
    const std::optional<ArrayAddr> a = allocarray(*agent.store, deftype, 2, Slot{0, 0});
    EXPECT_TRUE(a.has_value());
    return a.value_or(ArrayAddr{});
  }
  // A host function of the defined type `deftype` (whose function type is [] -> []).
  FuncAddr typed_func(u32 deftype) {
    return allochostfunc(
        *agent.store, FuncType{{}, {}},
        [](Store&, std::span<const Value>) -> Result<std::vector<Value>> {
          return std::vector<Value>{};
        },
        deftype);
  }
  static ValType ref_to(u32 deftype, bool nullable) {
    return ValType::ref(HeapType::def(deftype), nullable);
  }
  static ValType abs_ref(AbsHeap h, bool nullable) { return ValType::ref(h, nullable); }
  // ToWebAssemblyValue expected to succeed.
  Value to_wasm(JsValue v, ValType t) {
    Completion<Value> r = to_webassembly_value(agent, v, t);
    EXPECT_TRUE(r.ok()) << to_string(t) << ": "
                        << (r.ok() ? "" : MiniHost::utf8(host.error_message(r.thrown().value)));
    return r.ok() ? *r : Value{};
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

// --- ToJSValue: core 3.0 references -------------------------------------------------------------

// 8. ref.i31 u31 -> the Number signed_31(u31).
TEST_F(ConvertTest, ToJSValueI31IsASigned31BitNumber) {
  const std::pair<u32, double> cases[] = {
      {0, 0}, {5, 5}, {0x3FFFFFFFu, 1073741823.0}, {0x40000000u, -1073741824.0}, {0x7FFFFFFFu, -1}};
  for (const auto& [u31, n] : cases) {
    const JsValue v = to_js_value(agent, Value::i31(u31));
    ASSERT_EQ(host.type_of(v), JsType::number);
    EXPECT_EQ(host.number_value(v), n) << u31;
  }
  // The static type of the value does not matter (an anyref or eqref global holding it).
  EXPECT_EQ(host.number_value(
                to_js_value(agent, Value{ValType::ref(AbsHeap::any, true), 7, Value::kI31})),
            7.0);
}

// 9.-10. ref.struct / ref.array -> "a new Exported GC Object": one per address (the cache),
// structures and arrays apart, with the [[ObjectAddress]] and [[ObjectKind]] slots.
TEST_F(ConvertTest, ToJSValueStructAndArrayAreCachedExportedGcObjects) {
  const std::vector<u32> ids = canonical({struct_of(ValType::i32), array_of(ValType::i32)});
  const StructAddr s = new_struct(ids[0]);
  const ArrayAddr a = new_array(ids[1]);
  ASSERT_EQ(s.value, a.value);  // the first of each: the same number, two address spaces
  const JsValue so = to_js_value(agent, Value::struct_(ref_to(ids[0], false), s));
  const JsValue ao = to_js_value(agent, Value::array(ref_to(ids[1], true), a));
  EXPECT_EQ(host.type_of(so), JsType::object);
  EXPECT_FALSE(host.same_value(so, ao));
  EXPECT_TRUE(
      host.same_value(so, to_js_value(agent, Value::struct_(ValType::ref(AbsHeap::eq, true), s))));
  EXPECT_TRUE(
      host.same_value(ao, exported_gc_object(agent, a.value, ExportedGcObject::ObjectKind::array)));
  const auto* slots =
      unwrap_as<ExportedGcObject>(host, so, PlatformObject::Kind::exported_gc_object);
  ASSERT_NE(slots, nullptr);
  EXPECT_EQ(slots->address, s.value);
  EXPECT_EQ(slots->object_kind, ExportedGcObject::ObjectKind::struct_);
  EXPECT_EQ(
      unwrap_as<ExportedGcObject>(host, ao, PlatformObject::Kind::exported_gc_object)->object_kind,
      ExportedGcObject::ObjectKind::array);
  EXPECT_FALSE(host.is_callable(so));
}

// js-api §gc-exotic-objects: the object's internal methods, as far as the host exposes them.
TEST_F(ConvertTest, ExportedGcObjectsAreOpaque) {
  const std::vector<u32> ids = canonical({struct_of(ValType::i32)});
  const JsValue o = to_js_value(agent, Value::struct_(ref_to(ids[0], false), new_struct(ids[0])));
  EXPECT_EQ(host.type_of(host.get_prototype(o)), JsType::null);  // [[GetPrototypeOf]]
  host.set_prototype(o, host.object());                          // [[SetPrototypeOf]]: false
  EXPECT_EQ(host.type_of(host.get_prototype(o)), JsType::null);
  EXPECT_FALSE(host.is_extensible(o));              // [[IsExtensible]]
  host.create_data_property(o, u"x", num(1));       // [[DefineOwnProperty]]: false
  EXPECT_TRUE(host.own_keys(o).empty());            // [[OwnPropertyKeys]]
  EXPECT_FALSE(host.has_property(o, u"x"));         // [[HasProperty]]
  EXPECT_FALSE(host.has_property(o, u"toString"));  // (no prototype either)
  Completion<JsValue> got = host.get(o, u"x");      // [[Get]]: undefined
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(host.type_of(*got), JsType::undefined);
  EXPECT_EQ(thrown_kind(host.set(o, u"x", num(1))), ErrorKind::TypeError);      // [[Set]]
  EXPECT_EQ(thrown_kind(host.delete_property(o, u"x")), ErrorKind::TypeError);  // [[Delete]]
  EXPECT_FALSE(host.set_property(o, u"x", num(1)));
  // Converting it to a primitive finds no valueOf or toString: a TypeError.
  EXPECT_EQ(thrown_kind(host.to_number(o)), ErrorKind::TypeError);
}

// 12. ref.host hostaddr (an anyref of a JS value) -> the cached host value.
TEST_F(ConvertTest, ToJSValueHostReferenceInTheAnyHierarchy) {
  const JsValue o = host.object();
  const Value r = to_wasm(o, ValType::ref(AbsHeap::any, true));
  EXPECT_EQ(r.hi, Value::kAddr);
  EXPECT_TRUE(host.same_value(to_js_value(agent, r), o));
}

// 13. ref.extern ref -> ToJSValue(ref): an externalized i31, structure or array (its bits in an
// extern-typed value) converts as the any reference does.
TEST_F(ConvertTest, ToJSValueExternalizedAnyReferences) {
  EXPECT_EQ(
      host.number_value(to_js_value(agent, Value{ValType::externref, 0x7FFFFFFEu, Value::kI31})),
      -2.0);
  const std::vector<u32> ids = canonical({struct_of(ValType::i32), array_of(ValType::i32)});
  const StructAddr s = new_struct(ids[0]);
  const ArrayAddr a = new_array(ids[1]);
  const JsValue so = to_js_value(agent, Value::struct_(ref_to(ids[0], true), s));
  EXPECT_TRUE(
      host.same_value(to_js_value(agent, Value{ValType::externref, s.value, Value::kStruct}), so));
  const JsValue ao =
      to_js_value(agent, Value{ValType::ref(AbsHeap::extern_, false), a.value, Value::kArray});
  EXPECT_TRUE(
      host.same_value(ao, to_js_value(agent, Value::array(ValType::ref(AbsHeap::array, true), a))));
}

// 7. ref.null t -> null, whatever t's hierarchy.
TEST_F(ConvertTest, ToJSValueNullOfEveryReferenceTypeIsNull) {
  const std::vector<u32> ids = canonical({struct_of(ValType::i32)});
  for (const ValType t :
       {abs_ref(AbsHeap::any, true), abs_ref(AbsHeap::eq, true), abs_ref(AbsHeap::i31, true),
        abs_ref(AbsHeap::none, true), abs_ref(AbsHeap::nofunc, true),
        abs_ref(AbsHeap::noextern, true), ref_to(ids[0], true)}) {
    EXPECT_EQ(host.type_of(to_js_value(agent, Value::null(t))), JsType::null) << to_string(t);
  }
}

// 11. ref.func of a typed function reference -> the (cached) Exported Function.
TEST_F(ConvertTest, ToJSValueTypedFunctionReference) {
  SubType ft(FuncType{{}, {}});
  ft.final = false;
  const u32 id = canonical({ft})[0];
  const FuncAddr f = typed_func(id);
  const JsValue v = to_js_value(agent, Value{ref_to(id, false), f.value, Value::kAddr});
  EXPECT_TRUE(host.is_callable(v));
  EXPECT_TRUE(host.same_value(v, exported_function(agent, f)));
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

// --- ToWebAssemblyValue: core 3.0 reference types ----------------------------------------------

// 7.1 null -> ref.null heaptype, which 7.9 accepts for a nullable type only.
TEST_F(ConvertTest, NullOnlyForNullableTypes) {
  const std::vector<u32> ids = canonical({struct_of(ValType::i32)});
  SubType fst(FuncType{{}, {}});
  const u32 fid = canonical({fst})[0];
  for (const AbsHeap h :
       {AbsHeap::any, AbsHeap::eq, AbsHeap::i31, AbsHeap::struct_, AbsHeap::array, AbsHeap::none,
        AbsHeap::func, AbsHeap::nofunc, AbsHeap::extern_, AbsHeap::noextern}) {
    const ValType nullable = abs_ref(h, true);
    EXPECT_EQ(to_wasm(host.null(), nullable), Value::null(nullable));
    auto r = to_webassembly_value(agent, host.null(), abs_ref(h, false));
    EXPECT_EQ(thrown_kind(r), ErrorKind::TypeError) << to_string(abs_ref(h, false));
  }
  for (const u32 id : {ids[0], fid}) {
    EXPECT_EQ(to_wasm(host.null(), ref_to(id, true)), Value::null(ref_to(id, true)));
    EXPECT_EQ(thrown_kind(to_webassembly_value(agent, host.null(), ref_to(id, false))),
              ErrorKind::TypeError);
  }
}

// 7.4 a Number equal to its ToInt32 in -2^30 .. 2^30-1 -> ref.i31; 7.6 other Numbers -> ref.host;
// 7.9 each only where its type matches.
TEST_F(ConvertTest, NumbersBecomeI31WhereTheTypeAllowsIt) {
  const ValType anyref = abs_ref(AbsHeap::any, true);
  for (const ValType t : {anyref, abs_ref(AbsHeap::eq, true), abs_ref(AbsHeap::i31, false)}) {
    const Value five = to_wasm(num(5), t);
    EXPECT_EQ(five, (Value{t, 5, Value::kI31})) << to_string(t);
    const Value low = to_wasm(num(-1073741824.0), t);  // -2^30: u31 = 2^30
    EXPECT_EQ(low, (Value{t, 0x40000000u, Value::kI31})) << to_string(t);
    EXPECT_EQ(host.number_value(to_js_value(agent, low)), -1073741824.0);
    EXPECT_EQ(to_wasm(num(1073741823.0), t).hi, Value::kI31);
  }
  // Outside the i31 range, fractions, NaN, -0: host values, which only anyref takes.
  for (const double d : {1073741824.0, -1073741825.0, 1.5, std::nan(""), -0.0, 4294967296.0}) {
    const Value r = to_wasm(num(d), anyref);
    EXPECT_EQ(r.hi, Value::kAddr) << d;
    const JsValue back = to_js_value(agent, r);
    EXPECT_TRUE(host.same_value(back, num(d))) << d;
    EXPECT_EQ(thrown_kind(to_webassembly_value(agent, num(d), abs_ref(AbsHeap::eq, true))),
              ErrorKind::TypeError);
    EXPECT_EQ(thrown_kind(to_webassembly_value(agent, num(d), abs_ref(AbsHeap::i31, true))),
              ErrorKind::TypeError);
  }
  // An i31 number is no structure, array or function.
  for (const ValType t : {abs_ref(AbsHeap::struct_, true), abs_ref(AbsHeap::array, true),
                          abs_ref(AbsHeap::none, true), ValType::funcref}) {
    EXPECT_EQ(thrown_kind(to_webassembly_value(agent, num(5), t)), ErrorKind::TypeError)
        << to_string(t);
  }
  // An object whose valueOf gives a small Number is no Number: a host value, ToInt32 not run.
  int calls = 0;
  EXPECT_EQ(to_wasm(with_value_of(num(3), &calls), anyref).hi, Value::kAddr);
  EXPECT_EQ(calls, 0);
}

// 7.5 an Exported GC Object -> its ref.struct / ref.array, if its defined type matches.
TEST_F(ConvertTest, ExportedGcObjectsGiveBackTheirReference) {
  // $0 = (sub (struct (mut i32))), $1 = (sub $0 (struct (mut i32))), $2 = (struct (mut i64)),
  // $3 = (array (mut i32)).
  const std::vector<u32> ids =
      canonical({struct_of(ValType::i32), struct_of(ValType::i32, {HeapType::idx(0)}),
                 struct_of(ValType::i64), array_of(ValType::i32)});
  const StructAddr parent = new_struct(ids[0]);
  const StructAddr child = new_struct(ids[1]);
  const ArrayAddr arr = new_array(ids[3]);
  const JsValue po = to_js_value(agent, Value::struct_(ref_to(ids[0], false), parent));
  const JsValue co = to_js_value(agent, Value::struct_(ref_to(ids[1], false), child));
  const JsValue ao = to_js_value(agent, Value::array(ref_to(ids[3], false), arr));
  for (const ValType t :
       {abs_ref(AbsHeap::any, true), abs_ref(AbsHeap::eq, false), abs_ref(AbsHeap::struct_, true),
        ref_to(ids[0], true), ref_to(ids[0], false)}) {
    EXPECT_EQ(to_wasm(po, t), Value::struct_(t, parent)) << to_string(t);
    EXPECT_EQ(to_wasm(co, t), Value::struct_(t, child)) << to_string(t);  // $1 <: $0
  }
  EXPECT_EQ(to_wasm(ao, abs_ref(AbsHeap::array, false)),
            Value::array(abs_ref(AbsHeap::array, false), arr));
  EXPECT_EQ(to_wasm(ao, ref_to(ids[3], true)), Value::array(ref_to(ids[3], true), arr));
  const std::pair<JsValue, ValType> mismatches[] = {
      {po, ref_to(ids[1], true)},             // a supertype's object for the subtype
      {po, ref_to(ids[2], true)},             // another struct type
      {po, abs_ref(AbsHeap::array, true)},    // a structure for arrayref
      {ao, abs_ref(AbsHeap::struct_, true)},  // an array for structref
      {ao, abs_ref(AbsHeap::i31, true)},
      {po, abs_ref(AbsHeap::none, true)},
      {po, ValType::funcref},
  };
  const size_t cached = agent.host_values.size();
  for (const auto& [v, t] : mismatches) {
    auto r = to_webassembly_value(agent, v, t);
    EXPECT_EQ(thrown_kind(r), ErrorKind::TypeError) << to_string(t);
  }
  EXPECT_EQ(agent.host_values.size(), cached);  // none of them became a host value
}

// 7.6 other values -> ref.host, which (ref any) alone matches (7.9): eqref, i31ref, structref,
// arrayref, the none types and concrete types refuse them, and leave the cache as it was.
TEST_F(ConvertTest, HostValuesAreAnyrefOnly) {
  const std::vector<u32> ids = canonical({struct_of(ValType::i32)});
  const JsValue o = host.object();
  const Value r = to_wasm(o, abs_ref(AbsHeap::any, false));
  EXPECT_EQ(r.type, abs_ref(AbsHeap::any, false));
  EXPECT_EQ(r.hi, Value::kAddr);
  EXPECT_EQ(to_wasm(o, abs_ref(AbsHeap::any, true)).lo, r.lo);  // the same host address
  const size_t cached = agent.host_values.size();
  for (const ValType t :
       {abs_ref(AbsHeap::eq, true), abs_ref(AbsHeap::i31, true), abs_ref(AbsHeap::struct_, true),
        abs_ref(AbsHeap::array, true), abs_ref(AbsHeap::none, true), ref_to(ids[0], true)}) {
    for (const JsValue v :
         {host.object(), str(u"s"), host.undefined(), host.boolean(true), host.bigint(1)}) {
      auto bad = to_webassembly_value(agent, v, t);
      ASSERT_EQ(thrown_kind(bad), ErrorKind::TypeError) << to_string(t);
      EXPECT_EQ(host.error_message(bad.thrown().value),
                u"type mismatch: the value is not a " + MiniHost::utf16(to_string(t)));
    }
  }
  EXPECT_EQ(agent.host_values.size(), cached);
}

// 7.3 an Exported Function only where the type matches (ref null func): for anyref it is a
// host value like any other object (7.6).
TEST_F(ConvertTest, AnExportedFunctionIsAHostValueForAnyref) {
  const JsValue f = exported_function(agent, host_func());
  const Value r = to_wasm(f, abs_ref(AbsHeap::any, true));
  EXPECT_EQ(r.hi, Value::kAddr);
  EXPECT_TRUE(host.same_value(to_js_value(agent, r), f));
  EXPECT_EQ(thrown_kind(to_webassembly_value(agent, f, abs_ref(AbsHeap::eq, true))),
            ErrorKind::TypeError);
}

// 7.3 + 7.9 typed function references: the function's defined type must match.
TEST_F(ConvertTest, TypedFunctionReferencesMatchTheDefinedType) {
  // $0 = (sub (func)), $1 = (sub $0 (func)), $2 = (sub (func (param i32))).
  SubType base(FuncType{{}, {}});
  base.final = false;
  SubType derived = base;
  derived.supers = {HeapType::idx(0)};
  SubType other(FuncType{{ValType::i32}, {}});
  other.final = false;
  const std::vector<u32> ids = canonical({base, derived, other});
  const FuncAddr fb = typed_func(ids[0]);
  const FuncAddr fd = typed_func(ids[1]);
  const JsValue jb = exported_function(agent, fb);
  const JsValue jd = exported_function(agent, fd);
  for (const ValType t : {ValType::funcref, abs_ref(AbsHeap::func, false), ref_to(ids[0], true),
                          ref_to(ids[0], false)}) {
    EXPECT_EQ(to_wasm(jb, t), (Value{t, fb.value, Value::kAddr})) << to_string(t);
    EXPECT_EQ(to_wasm(jd, t), (Value{t, fd.value, Value::kAddr})) << to_string(t);
  }
  EXPECT_EQ(thrown_kind(to_webassembly_value(agent, jb, ref_to(ids[1], true))),
            ErrorKind::TypeError);
  auto wrong = to_webassembly_value(agent, jd, ref_to(ids[2], true));
  ASSERT_EQ(thrown_kind(wrong), ErrorKind::TypeError);
  EXPECT_NE(host.error_message(wrong.thrown().value).find(u"type mismatch"), std::u16string::npos);
  // nullfuncref holds null only.
  EXPECT_EQ(thrown_kind(to_webassembly_value(agent, jb, abs_ref(AbsHeap::nofunc, true))),
            ErrorKind::TypeError);
  // A non-function keeps the 2.0 message for every function reference type.
  auto plain = to_webassembly_value(agent, host.object(), ref_to(ids[0], true));
  ASSERT_EQ(thrown_kind(plain), ErrorKind::TypeError);
  EXPECT_EQ(host.error_message(plain.thrown().value), u"value is not an Exported Function or null");
  // A function that is not exported is no Exported Function.
  const JsValue js_fn = host.function(
      u"g", 0, [](JsHost& h, const CallArgs&) -> Completion<JsValue> { return h.undefined(); });
  EXPECT_EQ(thrown_kind(to_webassembly_value(agent, js_fn, abs_ref(AbsHeap::func, false))),
            ErrorKind::TypeError);
}

// 7.2 externref: ref.extern of the value as (ref any): i31 Numbers and Exported GC Objects keep
// their kind (and come back as themselves); nullexternref takes null only.
TEST_F(ConvertTest, ExternrefExternalizesTheAnyReference) {
  const Value five = to_wasm(num(5), ValType::externref);
  EXPECT_EQ(five, (Value{ValType::externref, 5, Value::kI31}));
  EXPECT_EQ(host.number_value(to_js_value(agent, five)), 5.0);
  const std::vector<u32> ids = canonical({struct_of(ValType::i32)});
  const StructAddr s = new_struct(ids[0]);
  const JsValue so = to_js_value(agent, Value::struct_(ref_to(ids[0], false), s));
  const Value es = to_wasm(so, abs_ref(AbsHeap::extern_, false));
  EXPECT_EQ(es, (Value{abs_ref(AbsHeap::extern_, false), s.value, Value::kStruct}));
  EXPECT_TRUE(host.same_value(to_js_value(agent, es), so));
  const ValType nullexternref = abs_ref(AbsHeap::noextern, true);
  EXPECT_EQ(to_wasm(host.null(), nullexternref), Value::null(nullexternref));
  for (const JsValue v : {num(5), so, host.object(), host.undefined()}) {
    EXPECT_EQ(thrown_kind(to_webassembly_value(agent, v, nullexternref)), ErrorKind::TypeError);
  }
}

// 2. Every type of the exn hierarchy is asserted away (a TypeError), not only exnref.
TEST_F(ConvertTest, TheWholeExnHierarchyIsAssertedAway) {
  for (const ValType t : {abs_ref(AbsHeap::exn, false), abs_ref(AbsHeap::noexn, true),
                          abs_ref(AbsHeap::noexn, false)}) {
    EXPECT_TRUE(matches_exnref(t));
    EXPECT_TRUE(matches_v128_or_exnref(t));
    auto r = to_webassembly_value(agent, host.null(), t);
    ASSERT_EQ(thrown_kind(r), ErrorKind::TypeError);
    EXPECT_EQ(host.error_message(r.thrown().value), u"exnref values cannot be used from JS");
    EXPECT_EQ(host.type_of(to_js_value(agent, Value::null(t))), JsType::undefined);
  }
  EXPECT_FALSE(matches_exnref(abs_ref(AbsHeap::any, true)));
  EXPECT_FALSE(matches_exnref(ValType::i32));
}

// --- DefaultValue, ToValueType ----------------------------------------------------------------

// DefaultValue 2. val_default: error (nullopt) for a non-nullable reference type; ref.null for
// the nullable ones (only externref itself is the host value undefined, 1.).
TEST_F(ConvertTest, DefaultValueOfCore30ReferenceTypes) {
  const std::vector<u32> ids = canonical({struct_of(ValType::i32)});
  for (const ValType t : {abs_ref(AbsHeap::any, false), abs_ref(AbsHeap::func, false),
                          abs_ref(AbsHeap::extern_, false), ref_to(ids[0], false)}) {
    EXPECT_FALSE(default_value(agent, t).has_value()) << to_string(t);
  }
  for (const ValType t :
       {abs_ref(AbsHeap::any, true), abs_ref(AbsHeap::noextern, true), ref_to(ids[0], true)}) {
    EXPECT_EQ(default_value(agent, t), Value::null(t)) << to_string(t);
  }
}

TEST_F(ConvertTest, DefaultValue) {
  EXPECT_EQ(default_value(agent, ValType::i32), Value::i32(0));
  EXPECT_EQ(default_value(agent, ValType::i64), Value::i64(0));
  EXPECT_EQ(default_value(agent, ValType::f64), Value::f64_bits(0));
  EXPECT_EQ(default_value(agent, ValType::funcref), Value::null(ValType::funcref));
  EXPECT_EQ(default_value(agent, ValType::exnref), Value::null(ValType::exnref));  // val_default
  const std::optional<Value> e = default_value(agent, ValType::externref);
  ASSERT_TRUE(e.has_value());
  EXPECT_FALSE(e->is_null());
  EXPECT_EQ(host.type_of(to_js_value(agent, *e)), JsType::undefined);
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
