// JS-API §exceptions and §js-exceptions: new Exception(tag, payload, options), getArg, is, the
// stack getter, the Exception object cache, and exceptions crossing between wasm and JS
// ("call an Exported Function" step 11, "create a host function" step 3.10); gtest over MiniHost.
#include <cmath>
#include <vector>

#include "embed/embed.h"
#include "jsapi/namespace_test_util.h"
#include "runtime/store.h"

namespace wasmref::jsapi::testing {
namespace {

using namespace wasmref::testing;  // NOLINT: builder helpers

class ExceptionTest : public JsApiTest {
 protected:
  explicit ExceptionTest(ExecLimits exec = {}) : JsApiTest(EmbedderLimits::current(), exec) {
    agent.features.exceptions = true;
  }
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
  bool is(JsValue exn, JsValue tag) {
    Completion<JsValue> r = call(exception_is, {tag}, exn);
    EXPECT_TRUE(r.ok());
    return r.ok() && host.boolean_value(*r);
  }
  const ExceptionObject* slots_of(JsValue exn) {
    return unwrap_as<ExceptionObject>(host, exn, PlatformObject::Kind::exception);
  }
  // Calls export `name` of `exports` and returns what it threw (undefined if it returned).
  JsValue thrown_by(JsValue exports, std::u16string_view name, std::vector<JsValue> args = {}) {
    Completion<JsValue> r = host.call(get(exports, name), undef(), args);
    EXPECT_FALSE(r.ok()) << "no throw from " << MiniHost::utf8(std::u16string(name));
    return r.ok() ? undef() : r.thrown().value;
  }
  JsValue returned_by(JsValue exports, std::u16string_view name, std::vector<JsValue> args = {}) {
    Completion<JsValue> r = host.call(get(exports, name), undef(), args);
    EXPECT_TRUE(r.ok()) << MiniHost::utf8(std::u16string(name)) << " threw "
                        << (r.ok() ? "" : MiniHost::utf8(host.error_message(r.thrown().value)));
    return r.ok() ? *r : undef();
  }
  // {m: {f, tag}}
  JsValue f_and_tag(JsValue f, JsValue tag) {
    const JsValue m = host.object();
    host.create_data_property(m, u"f", f);
    host.create_data_property(m, u"tag", tag);
    const JsValue imports = host.object();
    host.create_data_property(imports, u"m", m);
    return imports;
  }
  JsValue instantiate(const Bytes& bytes, std::optional<JsValue> imports = std::nullopt) {
    Completion<JsValue> i = new_instance(bytes, imports);
    EXPECT_TRUE(i.ok()) << (i.ok() ? "" : MiniHost::utf8(message_of(i.thrown())));
    return i.ok() ? exports_of(*i) : host.object();
  }
};

// ---- The constructor, getArg, is, stack ---------------------------------------------------

TEST_F(ExceptionTest, PayloadRoundTripsThroughGetArg) {
  const JsValue tag = new_tag({u"i32", u"i64", u"f32", u"f64", u"externref", u"anyfunc"});
  const JsValue ref = host.object();
  Completion<JsValue> e = new_exception(tag, {num(-7), host.bigint(-9), num(1.5), num(0.1), ref, host.null()});
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(host.number_value(*get_arg(*e, tag, num(0))), -7);
  EXPECT_TRUE(host.same_value(*get_arg(*e, tag, num(1)), host.bigint(-9)));
  EXPECT_EQ(host.number_value(*get_arg(*e, tag, num(2))), 1.5);
  EXPECT_EQ(host.number_value(*get_arg(*e, tag, num(3))), 0.1);
  EXPECT_TRUE(host.same_value(*get_arg(*e, tag, num(4)), ref));  // identity kept
  EXPECT_EQ(host.type_of(*get_arg(*e, tag, num(5))), JsType::null);
  // ToWebAssemblyValue: i32 wraps (ToInt32), f32 rounds.
  const JsValue t2 = new_tag({u"i32", u"f32"});
  Completion<JsValue> e2 = new_exception(t2, {num(4294967297.0), num(0.1)});
  ASSERT_TRUE(e2.ok());
  EXPECT_EQ(host.number_value(*get_arg(*e2, t2, num(0))), 1);
  EXPECT_EQ(host.number_value(*get_arg(*e2, t2, num(1))), static_cast<double>(0.1f));
}

TEST_F(ExceptionTest, TheConstructorAllocatesAStoreExceptionAndCachesItsObject) {
  const JsValue tag = new_tag({u"i32"});
  const TagAddr tag_addr = unwrap_as<TagObject>(host, tag, PlatformObject::Kind::tag)->tag;
  Completion<JsValue> e = new_exception(tag, {num(5)});
  ASSERT_TRUE(e.ok());
  const ExceptionObject* slots = slots_of(*e);
  ASSERT_NE(slots, nullptr);
  // exn_alloc(store, exceptionTag.[[Address]], wasmPayload); [[Type]] and [[Payload]] from it.
  ASSERT_LT(slots->address.value, agent.store->exns.size());
  EXPECT_EQ(embed::exn_tag(*agent.store, slots->address), tag_addr);
  EXPECT_EQ(embed::exn_read(*agent.store, slots->address), std::vector<Value>{Value::i32(5)});
  EXPECT_EQ(slots->type, tag_addr);
  EXPECT_EQ(slots->payload, std::vector<Value>{Value::i32(5)});
  // "create an Exception object" from that address: the same object.
  EXPECT_TRUE(host.same_value(exception_object(agent, slots->address), *e));
  // Two constructions, two exceptions.
  Completion<JsValue> e2 = new_exception(tag, {num(5)});
  ASSERT_TRUE(e2.ok());
  EXPECT_NE(slots_of(*e2)->address, slots->address);
  EXPECT_FALSE(host.same_value(*e, *e2));
}

TEST_F(ExceptionTest, IsComparesTags) {
  const JsValue a = new_tag({});
  const JsValue b = new_tag({});
  Completion<JsValue> e = new_exception(a, {});
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE(is(*e, a));
  EXPECT_FALSE(is(*e, b));
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
  // Payload not iterable; wrong length (5.).
  EXPECT_EQ(error_of(construct(exception_constructor, {tag, num(1)})), ErrorKind::TypeError);
  EXPECT_EQ(error_of(construct(exception_constructor, {tag, host.object()})), ErrorKind::TypeError);
  EXPECT_EQ(error_of(new_exception(tag, {})), ErrorKind::TypeError);
  EXPECT_EQ(error_of(new_exception(tag, {num(1), num(2)})), ErrorKind::TypeError);
  // ToWebAssemblyValue failures (7.): a Number for i64, a BigInt for i32.
  EXPECT_EQ(error_of(new_exception(new_tag({u"i64"}), {num(1)})), ErrorKind::TypeError);
  EXPECT_EQ(error_of(new_exception(tag, {host.bigint(1)})), ErrorKind::TypeError);
  // A non-Exported-Function for anyfunc.
  EXPECT_EQ(error_of(new_exception(new_tag({u"anyfunc"}), {host.object()})), ErrorKind::TypeError);
  // v128 parameters can never be given from JS (6.).
  EXPECT_EQ(error_of(new_exception(new_tag({u"v128"}), {num(0)})), ErrorKind::TypeError);
  EXPECT_EQ(error_of(new_exception(new_tag({u"i32", u"v128"}), {num(0), num(0)})), ErrorKind::TypeError);
  // Nothing was allocated by the failures.
  EXPECT_TRUE(agent.store->exns.empty());
  EXPECT_TRUE(agent.exception_object_cache.empty());
}

TEST_F(ExceptionTest, TheJavaScriptExceptionTagIsRefused) {
  const JsValue js_tag_object = *call(js_tag, {});
  EXPECT_EQ(error_of(new_exception(js_tag_object, {host.object()})), ErrorKind::TypeError);
  EXPECT_TRUE(agent.store->exns.empty());
}

TEST_F(ExceptionTest, TheConstructorGetsTheJavaScriptExceptionTag) {
  // Step 1 allocates the JavaScript exception tag if no one has yet.
  EXPECT_FALSE(agent.js_exception_tag);
  ASSERT_TRUE(new_exception(new_tag({}), {}).ok());
  EXPECT_TRUE(agent.js_exception_tag);
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
  // 2. Another tag: TypeError (even with the same type).
  EXPECT_EQ(error_of(get_arg(*e, other, num(0))), ErrorKind::TypeError);
  // 6. index >= length: RangeError; fractions truncate.
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
  // [[Stack]]: undefined (the spec's other allowed choice is a string); the getter returns it.
  EXPECT_EQ(host.type_of(slots_of(*e)->stack), JsType::undefined);
  Completion<JsValue> stack = call(exception_stack, {}, *e);
  ASSERT_TRUE(stack.ok());
  EXPECT_EQ(host.type_of(*stack), JsType::undefined);
  // The getter's brand check.
  EXPECT_EQ(error_of(call(exception_stack, {}, host.object())), ErrorKind::TypeError);
  EXPECT_EQ(error_of(call(exception_stack, {}, tag)), ErrorKind::TypeError);
  // A primitive options argument is a TypeError; undefined and null are the empty dictionary.
  EXPECT_EQ(error_of(construct(exception_constructor, {tag, list({}), num(1)})), ErrorKind::TypeError);
  EXPECT_TRUE(construct(exception_constructor, {tag, list({}), undef()}).ok());
  EXPECT_TRUE(construct(exception_constructor, {tag, list({}), host.null()}).ok());
  // Through the namespace object: Exception.prototype has "get stack".
  const JsValue ns = create_namespace_object(agent);
  const JsValue getter = get(get(get(ns, u"Exception"), u"prototype"), u"get stack");
  Completion<JsValue> via = host.call(getter, *e, {});
  ASSERT_TRUE(via.ok());
  EXPECT_EQ(host.type_of(*via), JsType::undefined);
}

TEST_F(ExceptionTest, AnExceptionIsNotAnError) {
  Completion<JsValue> e = new_exception(new_tag({}), {});
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(host.error_kind(*e), std::nullopt);
  EXPECT_EQ(host.type_of(*e), JsType::object);
  EXPECT_NE(slots_of(*e), nullptr);
}

// The store bounds its exception instances (ExecLimits::max_exceptions): past the bound, the
// constructor's exn_alloc fails like a JS allocation, a RangeError.
class ExceptionLimitTest : public ExceptionTest {
 protected:
  static ExecLimits two() {
    ExecLimits l;
    l.max_exceptions = 2;
    return l;
  }
  ExceptionLimitTest() : ExceptionTest(two()) {}
};

TEST_F(ExceptionLimitTest, ExhaustedExceptionInstancesAreARangeError) {
  const JsValue tag = new_tag({});
  EXPECT_TRUE(new_exception(tag, {}).ok());
  EXPECT_TRUE(new_exception(tag, {}).ok());
  EXPECT_EQ(error_of(new_exception(tag, {})), ErrorKind::RangeError);
}

// ---- Wasm exceptions reaching JS ("call an Exported Function" step 11) -------------------

// Tag 0: [i32 f64] -> [], exported as "tag"; "throw"(i32, f64) throws it.
Bytes thrower() {
  WasmBuilder b;
  const u32 t = b.type({I32, F64}, {});
  b.export_("tag", 0x04, b.tag(t));
  b.export_func("throw", b.func(t, cat({local_get(0), local_get(1), throw_(0)})));
  return b.bytes();
}

TEST_F(ExceptionTest, AWasmExceptionReachesJsAsAnExceptionWithItsTagAndPayload) {
  const JsValue e = instantiate(thrower());
  const JsValue tag = get(e, u"tag");
  const JsValue exn = thrown_by(e, u"throw", {num(7), num(2.5)});
  const ExceptionObject* slots = slots_of(exn);
  ASSERT_NE(slots, nullptr) << "not a WebAssembly.Exception";
  EXPECT_EQ(host.error_kind(exn), std::nullopt);
  EXPECT_TRUE(is(exn, tag));
  EXPECT_FALSE(is(exn, new_tag({u"i32", u"f64"})));
  EXPECT_EQ(host.number_value(*get_arg(exn, tag, num(0))), 7);
  EXPECT_EQ(host.number_value(*get_arg(exn, tag, num(1))), 2.5);
  EXPECT_EQ(error_of(get_arg(exn, tag, num(2))), ErrorKind::RangeError);
  EXPECT_EQ(host.type_of(*call(exception_stack, {}, exn)), JsType::undefined);
  // "create an Exception object" from its address: the cached object.
  EXPECT_TRUE(host.same_value(exception_object(agent, slots->address), exn));
  // Each throw is a new exception.
  const JsValue again = thrown_by(e, u"throw", {num(7), num(2.5)});
  EXPECT_FALSE(host.same_value(again, exn));
}

// A module importing m.f ([] -> []) and m.tag ([i32] -> []), with exports that call f:
//   "call": no handler; "rethrow": catch_all_ref then throw_ref; "catch_tag": catch m.tag, its
//   i32 (else -1); "catch_all": 1 when something was caught, else 0.
Bytes catcher() {
  WasmBuilder b;
  const u32 v_v = b.type({}, {});
  const u32 tag_type = b.type({I32}, {});
  const u32 v_i = b.type({}, {I32});
  const u32 f = b.import_func("m", "f", v_v);
  b.import_tag("m", "tag", tag_type);
  b.export_func("call", b.func(v_v, wasm_call(f)));
  b.export_func("rethrow", b.func(v_v, cat({{0x02, EXNREF},
                                            try_table(kBlockEmpty, {catch_all_ref(0)}, wasm_call(f)),
                                            {0x0F, kEnd},
                                            throw_ref()})));
  b.export_func("catch_tag", b.func(v_i, cat({{0x02, I32},
                                              try_table(kBlockEmpty, {catch_(0, 0)}, wasm_call(f)),
                                              i32_const(-1),
                                              {0x0F, kEnd}})));
  b.export_func("catch_all", b.func(v_i, cat({{0x02, kBlockEmpty},
                                              try_table(kBlockEmpty, {catch_all(0)}, wasm_call(f)),
                                              i32_const(0),
                                              {0x0F, kEnd},
                                              i32_const(1)})));
  return b.bytes();
}


TEST_F(ExceptionTest, AnExceptionThrownByJsCrossesWasmAsItself) {
  const JsValue tag = new_tag({u"i32"});
  const JsValue exn = *new_exception(tag, {num(42)});
  const JsValue f = js_function([exn](JsHost&, const CallArgs&) -> Completion<JsValue> { return Thrown{exn}; });
  const size_t exns_before = agent.store->exns.size();
  const JsValue e = instantiate(catcher(), f_and_tag(f, tag));
  // "create a host function" 3.10.2: v implements Exception, so its own address is thrown:
  // uncaught, or caught by catch_all_ref and rethrown, it comes back as the same object.
  EXPECT_TRUE(host.same_value(thrown_by(e, u"call"), exn));
  EXPECT_TRUE(host.same_value(thrown_by(e, u"rethrow"), exn));
  // Caught by its tag in wasm: the payload.
  EXPECT_EQ(host.number_value(returned_by(e, u"catch_tag")), 42);
  EXPECT_EQ(host.number_value(returned_by(e, u"catch_all")), 1);
  EXPECT_EQ(agent.store->exns.size(), exns_before);  // no new exception instance
}

TEST_F(ExceptionTest, AJsValueThrownThroughWasmComesBackAsTheSameValue) {
  const JsValue tag = new_tag({u"i32"});
  const JsValue thrown = host.object();
  const JsValue f = js_function([thrown](JsHost&, const CallArgs&) -> Completion<JsValue> { return Thrown{thrown}; });
  const JsValue e = instantiate(catcher(), f_and_tag(f, tag));
  // 3.10.3: a new exception of the JavaScript exception tag carrying the value; leaving wasm
  // (step 11.4) its payload is thrown, the same value.
  EXPECT_TRUE(host.same_value(thrown_by(e, u"call"), thrown));
  EXPECT_TRUE(host.same_value(thrown_by(e, u"rethrow"), thrown));
  EXPECT_TRUE(host.same_value(thrown_by(e, u"catch_tag"), thrown));  // not m.tag: passes
  EXPECT_EQ(host.number_value(returned_by(e, u"catch_all")), 1);       // catchable by wasm
  ASSERT_TRUE(agent.js_exception_tag);
  ASSERT_FALSE(agent.store->exns.empty());
  const ExnInst& last = agent.store->exns.back();
  EXPECT_EQ(last.tag, *agent.js_exception_tag);
  ASSERT_EQ(last.fields.size(), 1u);
  EXPECT_EQ(last.fields[0].type, ValType::externref);
  // Primitives too, -0 kept.
  const JsValue g = js_function([](JsHost& h, const CallArgs&) -> Completion<JsValue> { return Thrown{h.number(-0.0)}; });
  const JsValue e2 = instantiate(catcher(), f_and_tag(g, tag));
  EXPECT_TRUE(host.same_value(thrown_by(e2, u"rethrow"), host.number(-0.0)));
  // An error object (a trap inside a nested call, say) is just a JS value here.
  const JsValue err = host.make_error(ErrorKind::RuntimeError, u"x");
  const JsValue h = js_function([err](JsHost&, const CallArgs&) -> Completion<JsValue> { return Thrown{err}; });
  const JsValue e3 = instantiate(catcher(), f_and_tag(h, tag));
  EXPECT_TRUE(host.same_value(thrown_by(e3, u"rethrow"), err));
  EXPECT_EQ(host.number_value(returned_by(e3, u"catch_all")), 1);
}

// A module importing the JSTag as tag 0 ([externref] -> []) and m.f:
//   "catch_js": catch tag 0 around call f, returning the payload (else null);
//   "throw_js"(externref): throws it with tag 0.
Bytes js_tag_user() {
  WasmBuilder b;
  const u32 v_v = b.type({}, {});
  const u32 r_v = b.type({EXTERNREF}, {});
  const u32 v_r = b.type({}, {EXTERNREF});
  const u32 f = b.import_func("m", "f", v_v);
  b.import_tag("m", "tag", r_v);
  b.export_func("catch_js", b.func(v_r, cat({{0x02, EXTERNREF},
                                             try_table(kBlockEmpty, {catch_(0, 0)}, wasm_call(f)),
                                             {0xD0, EXTERNREF, 0x0F, kEnd}})));
  b.export_func("throw_js", b.func(r_v, cat({local_get(0), throw_(0)})));
  return b.bytes();
}

TEST_F(ExceptionTest, WasmCatchesAJsValueWithTheJSTagAndThrowsValuesWithIt) {
  const JsValue thrown = host.object();
  const JsValue f = js_function([thrown](JsHost&, const CallArgs&) -> Completion<JsValue> { return Thrown{thrown}; });
  const JsValue e = instantiate(js_tag_user(), f_and_tag(f, *call(js_tag, {})));
  // The payload caught by `catch JSTag` is the thrown value, as an externref.
  EXPECT_TRUE(host.same_value(returned_by(e, u"catch_js"), thrown));
  // Thrown by wasm with the JSTag, JS gets the payload itself, not an Exception.
  const JsValue v = host.object();
  EXPECT_TRUE(host.same_value(thrown_by(e, u"throw_js", {v}), v));
  EXPECT_EQ(host.type_of(thrown_by(e, u"throw_js", {host.null()})), JsType::null);
  EXPECT_TRUE(host.same_value(thrown_by(e, u"throw_js", {str(u"s")}), str(u"s")));
}

TEST_F(ExceptionTest, AWasmExceptionThrownBackIntoWasmByJsKeepsItsAddress) {
  // JS catches a wasm exception and throws it again from a host function: the same exception
  // (3.10.2), caught by its tag, and the same object when it escapes again.
  const JsValue te = instantiate(thrower());
  const JsValue tag = get(te, u"tag");
  const JsValue exn = thrown_by(te, u"throw", {num(1), num(2)});
  const JsValue f = js_function([exn](JsHost&, const CallArgs&) -> Completion<JsValue> { return Thrown{exn}; });
  WasmBuilder c;
  const u32 cv = c.type({}, {});
  const u32 ct = c.type({I32, F64}, {});
  const u32 c_block = c.type({}, {I32, F64});
  const u32 cf = c.import_func("m", "f", cv);
  c.import_tag("m", "tag", ct);
  c.export_func("call", c.func(cv, wasm_call(cf)));
  // "first": catch tag 0 ([i32 f64]) in a block of type [] -> [i32 f64]; drop the f64.
  c.export_func("first", c.func(c.type({}, {I32}),
                                cat({{0x02}, sleb(c_block),
                                     try_table(kBlockEmpty, {catch_(0, 0)}, wasm_call(cf)),
                                     i32_const(-1), {0x0F, kEnd}, {0x1A}})));
  const JsValue e = instantiate(c.bytes(), f_and_tag(f, tag));
  EXPECT_TRUE(host.same_value(thrown_by(e, u"call"), exn));
  EXPECT_EQ(host.number_value(returned_by(e, u"first")), 1);
}

// ---- exnref and v128 in payloads ----------------------------------------------------------

// Tag 0: [i32 v128 exnref] -> [], exported as "tag"; "throw" throws (1, 0, null).
Bytes thrower_of_unconvertible_values() {
  WasmBuilder b;
  const u32 t = b.type({I32, 0x7B, EXNREF}, {});
  b.export_("tag", 0x04, b.tag(t));
  Bytes v128_zero = {0xFD, 0x0C};
  v128_zero.insert(v128_zero.end(), 16, 0);
  b.export_func("throw", b.func(b.type({}, {}), cat({i32_const(1), v128_zero, {0xD0, EXNREF}, throw_(0)})));
  return b.bytes();
}

TEST_F(ExceptionTest, V128AndExnrefPayloadsAreTypeErrors) {
  const JsValue e = instantiate(thrower_of_unconvertible_values());
  const JsValue tag = get(e, u"tag");
  const JsValue exn = thrown_by(e, u"throw");
  ASSERT_NE(slots_of(exn), nullptr);
  // getArg 8.: types[index] matches v128 or exnref -> TypeError; 6. the range check first.
  EXPECT_EQ(host.number_value(*get_arg(exn, tag, num(0))), 1);
  EXPECT_EQ(error_of(get_arg(exn, tag, num(1))), ErrorKind::TypeError);
  EXPECT_EQ(error_of(get_arg(exn, tag, num(2))), ErrorKind::TypeError);
  EXPECT_EQ(error_of(get_arg(exn, tag, num(3))), ErrorKind::RangeError);
  // The constructor 6.: a v128 or exnref parameter -> TypeError.
  EXPECT_EQ(error_of(new_exception(tag, {num(1), num(0), host.null()})), ErrorKind::TypeError);
}

// Core 3.0 reference types in a payload: the constructor converts each value to its tag
// parameter type (ToWebAssemblyValue, a TypeError where it does not match); getArg and a wasm
// exception's payload come back through ToJSValue (i31 Numbers, Exported GC Objects).
TEST_F(ExceptionTest, PayloadsOfCore30ReferenceTypes) {
  using namespace gc;  // NOLINT: the raw module helpers
  agent.features = Features::v3();
  // $0 = (struct (field (mut i32))), $1 = (func (param anyref (ref null $0) i31ref)),
  // $2 = (func); tag 0 : $1; global 0 (ref $0) = struct.new_default $0;
  // "throw": throw 0 (ref.i31 3) (global.get 0) (ref.i31 -4).
  const Bytes m = gc::module({
      {kTypeSection,
       {struct_({field({I32}, true)}),
        func({ref(kAny, true), ref_idx(0, true), ref(kI31, true)}, {}), func({}, {})}},
      {kFuncSection, {uleb(2)}},
      {13, {{0x00, 0x01}}},
      {kGlobalSection, {gc::global(ref_idx(0, false), false, struct_new_default(0))}},
      {kExportSection,
       {export_("tag", 0x04, 0), export_("s", kGlobalExport, 0), export_("throw", kFuncExport, 0)}},
      {kCodeSection,
       {code(cat({i32_const(3), ref_i31(), global_get(0), i32_const(-4), ref_i31(), throw_(0)}))}},
  });
  const JsValue e = instantiate(m);
  const JsValue tag = get(e, u"tag");
  Completion<JsValue> s = call(global_value_get, {}, get(e, u"s"));
  ASSERT_TRUE(s.ok());
  const JsValue exn = thrown_by(e, u"throw");
  ASSERT_NE(slots_of(exn), nullptr);
  EXPECT_EQ(host.number_value(*get_arg(exn, tag, num(0))), 3);
  EXPECT_TRUE(host.same_value(*get_arg(exn, tag, num(1)), *s));
  EXPECT_EQ(host.number_value(*get_arg(exn, tag, num(2))), -4);
  const JsValue o = host.object();
  Completion<JsValue> made = new_exception(tag, {o, *s, num(5)});
  ASSERT_TRUE(made.ok()) << MiniHost::utf8(message_of(made.thrown()));
  EXPECT_TRUE(host.same_value(*get_arg(*made, tag, num(0)), o));
  EXPECT_TRUE(host.same_value(*get_arg(*made, tag, num(1)), *s));
  EXPECT_EQ(host.number_value(*get_arg(*made, tag, num(2))), 5);
  EXPECT_EQ(error_of(new_exception(tag, {o, o, num(5)})), ErrorKind::TypeError);
  EXPECT_EQ(error_of(new_exception(tag, {o, *s, num(1.5)})), ErrorKind::TypeError);
  EXPECT_EQ(error_of(new_exception(tag, {o, *s, *s})), ErrorKind::TypeError);
}

}  // namespace
}  // namespace wasmref::jsapi::testing
