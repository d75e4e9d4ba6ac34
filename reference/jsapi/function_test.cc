// JS-API §exported-function-exotic-objects: Exported Functions (cache, name, length, calls)
// and host functions (run a host function, JS exceptions through wasm frames, re-entry).
#include <string>
#include <vector>

#include "jsapi/namespace_test_util.h"

namespace wasmref::jsapi::testing {
namespace {

using namespace wasmref::testing;  // NOLINT: builder helpers

using ExportedFunction = JsApiTest;

TEST_F(ExportedFunction, NameIsTheIndexInTheFunctionIndexSpaceAndLengthTheParamCount) {
  WasmBuilder b;
  const u32 t0 = b.type({}, {});
  const u32 t2 = b.type({I32, I64}, {});
  b.import_func("m", "a", t0);
  b.import_global("m", "g", I32, false);
  b.import_func("m", "b", t0);
  const u32 f = b.func(t2, {});
  b.export_func("f", f);
  b.export_func("a", 0);
  b.export_func("b", 1);
  const JsValue js =
      js_function([](JsHost& h, const CallArgs&) -> Completion<JsValue> { return h.undefined(); });
  const JsValue ns = host.object();
  host.create_data_property(ns, u"a", js);
  host.create_data_property(ns, u"b", js);
  host.create_data_property(ns, u"g", num(0));
  const JsValue imports = host.object();
  host.create_data_property(imports, u"m", ns);
  Completion<JsValue> i = new_instance(b.bytes(), imports);
  ASSERT_TRUE(i.ok());
  const JsValue e = exports_of(*i);
  EXPECT_EQ(host.string_value(get(get(e, u"f"), u"name")), u"2");
  EXPECT_EQ(host.number_value(get(get(e, u"f"), u"length")), 2);
  // host functions: the "index of the host function" (external functions before it)
  EXPECT_EQ(host.string_value(get(get(e, u"a"), u"name")), u"0");
  EXPECT_EQ(host.string_value(get(get(e, u"b"), u"name")), u"1");
  // two imports of the same JS function are two host functions, two Exported Functions
  EXPECT_FALSE(host.same_value(get(e, u"a"), get(e, u"b")));
  // an Exported Function is not a constructor
  EXPECT_EQ(error_of(host.construct(get(e, u"f"), {})), ErrorKind::TypeError);
}

TEST_F(ExportedFunction, IdentityIsKeptAcrossReexports) {
  Completion<JsValue> first = new_instance(module_returning(3));
  ASSERT_TRUE(first.ok());
  const JsValue f = get(exports_of(*first), u"f");
  EXPECT_TRUE(host.same_value(f, get(exports_of(*first), u"f")));
  WasmBuilder b;
  const u32 imp = b.import_func("m", "f", b.type({}, {I32}));
  b.export_func("g", imp);
  Completion<JsValue> second = new_instance(b.bytes(), imports_object(u"m", u"f", f));
  ASSERT_TRUE(second.ok());
  const JsValue g = get(exports_of(*second), u"g");
  EXPECT_TRUE(host.same_value(f, g));
  EXPECT_EQ(host.string_value(get(g, u"name")), u"0");  // its index in the defining instance
}

TEST_F(ExportedFunction, ArgumentsConvertLeftToRightMissingIsUndefinedResultsByArity) {
  WasmBuilder b;
  const u32 t = b.type({I32, I32}, {I32, I32});
  // returns (b, a)
  b.export_func("swap", b.func(t, cat({local_get(1), local_get(0)})));
  const u32 t1 = b.type({I64}, {I64});
  b.export_func("id64", b.func(t1, local_get(0)));
  b.export_func("none", b.func(b.type({}, {}), {}));
  Completion<JsValue> i = new_instance(b.bytes());
  ASSERT_TRUE(i.ok());
  const JsValue e = exports_of(*i);
  std::vector<int> order;
  auto valued = [&](int id, double v) {
    const JsValue o = host.object();
    host.create_data_property(
        o, u"valueOf",
        js_function([&order, id, v](JsHost& h, const CallArgs&) -> Completion<JsValue> {
          order.push_back(id);
          return h.number(v);
        }));
    return o;
  };
  Completion<JsValue> r = host.call(
      get(e, u"swap"), undef(), std::vector<JsValue>{valued(1, 10), valued(2, 20), valued(3, 30)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(order, (std::vector<int>{1, 2}));  // extras ignored, left to right
  EXPECT_EQ(host.number_value(get(*r, u"0")), 20);
  EXPECT_EQ(host.number_value(get(*r, u"1")), 10);
  r = host.call(get(e, u"swap"), undef(),
                std::vector<JsValue>{num(5)});  // missing -> undefined -> 0
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(host.number_value(get(*r, u"0")), 0);
  EXPECT_EQ(host.number_value(get(*r, u"1")), 5);
  // i64: BigInt in and out; a Number is a TypeError
  r = host.call(get(e, u"id64"), undef(), std::vector<JsValue>{host.bigint(-5)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(host.type_of(*r), JsType::bigint);
  EXPECT_TRUE(host.same_value(*r, host.bigint(-5)));
  EXPECT_EQ(error_of(host.call(get(e, u"id64"), undef(), std::vector<JsValue>{num(1)})),
            ErrorKind::TypeError);
  r = host.call(get(e, u"none"), undef(), {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(host.type_of(*r), JsType::undefined);
}

TEST_F(ExportedFunction, ConversionErrorStopsBeforeLaterArguments) {
  WasmBuilder b;
  b.export_func("f", b.func(b.type({I32, I32}, {}), {}));
  const JsValue f = get(exports_of(*new_instance(b.bytes())), u"f");
  int later = 0;
  const JsValue second = host.object();
  host.create_data_property(second, u"valueOf",
                            js_function([&](JsHost& h, const CallArgs&) -> Completion<JsValue> {
                              ++later;
                              return h.number(1);
                            }));
  EXPECT_EQ(error_of(host.call(f, undef(), std::vector<JsValue>{host.bigint(1), second})),
            ErrorKind::TypeError);
  EXPECT_EQ(later, 0);
}

TEST_F(ExportedFunction, V128InTheTypeIsATypeErrorOnEveryCall) {
  WasmBuilder b;
  b.export_func("p", b.func(b.type({0x7B}, {}), {}));
  b.export_func("r",
                b.func(b.type({}, {0x7B}), cat({{0xFD, 0x0C}, Bytes(16, 0)})));  // v128.const 0
  const JsValue e = exports_of(*new_instance(b.bytes()));
  for (int k = 0; k < 2; ++k) {
    EXPECT_EQ(error_of(host.call(get(e, u"p"), undef(), {})), ErrorKind::TypeError);
    EXPECT_EQ(error_of(host.call(get(e, u"r"), undef(), {})), ErrorKind::TypeError);
  }
  EXPECT_EQ(host.number_value(get(get(e, u"p"), u"length")), 1);
}

TEST_F(ExportedFunction, TrapIsARuntimeErrorAndTheInstanceStaysUsable) {
  WasmBuilder b;
  b.export_func("div",
                b.func(b.type({I32, I32}, {I32}), cat({local_get(0), local_get(1), {0x6D}})));
  const JsValue div = get(exports_of(*new_instance(b.bytes())), u"div");
  Completion<JsValue> r = host.call(div, undef(), std::vector<JsValue>{num(1), num(0)});
  EXPECT_EQ(error_of(r), ErrorKind::RuntimeError);
  EXPECT_EQ(message_of(r.thrown()), u"integer divide by zero");
  r = host.call(div, undef(), std::vector<JsValue>{num(6), num(3)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(host.number_value(*r), 2);
}

TEST_F(ExportedFunction, DeepRecursionIsTheHostsStackOverflowError) {
  WasmBuilder b;
  const u32 t = b.type({}, {});
  b.export_func("loop", b.func(t, wasm_call(0)));
  const JsValue f = get(exports_of(*new_instance(b.bytes())), u"loop");
  Completion<JsValue> r = host.call(f, undef(), {});
  EXPECT_EQ(error_of(r), ErrorKind::RangeError);
}

using HostFunction = JsApiTest;

// A module importing m.f : [i32 i32] -> results, exporting "call" which passes its params.
Bytes calling_module(const Bytes& results) {
  WasmBuilder b;
  const u32 t = b.type({I32, I32}, results);
  const u32 imp = b.import_func("m", "f", t);
  b.export_func("call", b.func(t, cat({local_get(0), local_get(1), wasm_call(imp)})));
  return b.bytes();
}

TEST_F(HostFunction, GetsConvertedArgumentsAndUndefinedThis) {
  std::vector<double> seen;
  bool this_undefined = false;
  const JsValue fn = js_function([&](JsHost& h, const CallArgs& c) -> Completion<JsValue> {
    this_undefined = h.type_of(c.this_value) == JsType::undefined;
    for (JsValue v : c.args) seen.push_back(h.number_value(v));
    return h.number(c.args.size() == 2 ? h.number_value(c.args[0]) - h.number_value(c.args[1])
                                       : -1);
  });
  const JsValue e =
      exports_of(*new_instance(calling_module({I32}), imports_object(u"m", u"f", fn)));
  Completion<JsValue> r =
      host.call(get(e, u"call"), undef(), std::vector<JsValue>{num(10), num(-3)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(host.number_value(*r), 13);
  EXPECT_EQ(seen, (std::vector<double>{10, -3}));
  EXPECT_TRUE(this_undefined);
}

TEST_F(HostFunction, MultipleResultsComeFromAnIterableOfTheRightLength) {
  JsValue result = undef();
  const JsValue fn =
      js_function([&](JsHost&, const CallArgs&) -> Completion<JsValue> { return result; });
  const JsValue e =
      exports_of(*new_instance(calling_module({I32, I32}), imports_object(u"m", u"f", fn)));
  const JsValue callf = get(e, u"call");
  result = host.array(std::vector<JsValue>{num(1), num(2)});
  Completion<JsValue> r = host.call(callf, undef(), std::vector<JsValue>{num(0), num(0)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(host.number_value(get(*r, u"0")), 1);
  EXPECT_EQ(host.number_value(get(*r, u"1")), 2);
  result = host.array(std::vector<JsValue>{num(1)});  // wrong length
  EXPECT_EQ(error_of(host.call(callf, undef(), {})), ErrorKind::TypeError);
  result = num(5);  // not iterable
  EXPECT_EQ(error_of(host.call(callf, undef(), {})), ErrorKind::TypeError);
  result = host.array(std::vector<JsValue>{num(1), host.bigint(2)});  // BigInt for i32
  EXPECT_EQ(error_of(host.call(callf, undef(), {})), ErrorKind::TypeError);
}

TEST_F(HostFunction, SingleResultIsConverted) {
  JsValue result = undef();
  const JsValue fn =
      js_function([&](JsHost&, const CallArgs&) -> Completion<JsValue> { return result; });
  WasmBuilder b;
  const u32 t = b.type({}, {I64});
  const u32 imp = b.import_func("m", "f", t);
  b.export_func("call", b.func(t, wasm_call(imp)));
  const JsValue callf =
      get(exports_of(*new_instance(b.bytes(), imports_object(u"m", u"f", fn))), u"call");
  result = host.bigint(-7);
  Completion<JsValue> r = host.call(callf, undef(), {});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(host.same_value(*r, host.bigint(-7)));
  result = num(1);  // Number for i64
  EXPECT_EQ(error_of(host.call(callf, undef(), {})), ErrorKind::TypeError);
}

TEST_F(HostFunction, V128InItsTypeIsATypeErrorWhenCalled) {
  int calls = 0;
  const JsValue fn = js_function([&](JsHost& h, const CallArgs&) -> Completion<JsValue> {
    ++calls;
    return h.undefined();
  });
  WasmBuilder b;
  const u32 t = b.type({0x7B}, {});
  const u32 imp = b.import_func("m", "f", t);
  b.export_func("call", b.func(b.type({}, {}), cat({{0xFD, 0x0C}, Bytes(16, 0), wasm_call(imp)})));
  const JsValue callf =
      get(exports_of(*new_instance(b.bytes(), imports_object(u"m", u"f", fn))), u"call");
  EXPECT_EQ(error_of(host.call(callf, undef(), {})), ErrorKind::TypeError);
  EXPECT_EQ(calls, 0);
}

TEST_F(HostFunction, JsExceptionKeepsItsIdentityThroughWasmFrames) {
  const JsValue thrown = host.object();
  const JsValue fn = js_function(
      [thrown](JsHost&, const CallArgs&) -> Completion<JsValue> { return Thrown{thrown}; });
  WasmBuilder b;
  const u32 t = b.type({}, {});
  const u32 imp = b.import_func("m", "f", t);
  const u32 inner = b.func(t, wasm_call(imp));
  const u32 middle = b.func(t, wasm_call(inner));
  b.export_func("outer", b.func(t, wasm_call(middle)));
  const JsValue outer =
      get(exports_of(*new_instance(b.bytes(), imports_object(u"m", u"f", fn))), u"outer");
  for (int k = 0; k < 3; ++k) {
    Completion<JsValue> r = host.call(outer, undef(), {});
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(host.same_value(r.thrown().value, thrown));
  }
  // Each crossing was a wasm exception of the JavaScript exception tag ("create a host
  // function" 3.10.3), its payload the value; "call an Exported Function" 11.4 threw the payload.
  ASSERT_TRUE(agent.js_exception_tag);
  ASSERT_EQ(agent.store->exns.size(), 3u);
  for (const ExnInst& exn : agent.store->exns) EXPECT_EQ(exn.tag, *agent.js_exception_tag);
  // a primitive keeps its value too
  const JsValue fn2 = js_function(
      [](JsHost& h, const CallArgs&) -> Completion<JsValue> { return Thrown{h.number(-0.0)}; });
  const JsValue outer2 =
      get(exports_of(*new_instance(b.bytes(), imports_object(u"m", u"f", fn2))), u"outer");
  Completion<JsValue> r = host.call(outer2, undef(), {});
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(host.same_value(r.thrown().value, host.number(-0.0)));
}

// "call an Exported Function" 4.: a parameter or result that matches exnref is a TypeError on
// every call, before any argument is converted.
TEST_F(ExportedFunction, ExnrefInItsTypeIsATypeErrorOnEveryCall) {
  agent.features.exceptions = true;
  WasmBuilder b;
  b.export_func("param", b.func(b.type({EXNREF}, {}), {}));
  b.export_func("result", b.func(b.type({}, {EXNREF}), {0xD0, EXNREF}));
  const JsValue e = exports_of(*new_instance(b.bytes()));
  int conversions = 0;
  const JsValue arg = host.object();
  host.create_data_property(arg, u"valueOf", js_function([&](JsHost& h, const CallArgs&) -> Completion<JsValue> {
    ++conversions;
    return h.null();
  }));
  for (int k = 0; k < 2; ++k) {
    Completion<JsValue> r = host.call(get(e, u"param"), undef(), std::vector<JsValue>{arg});
    EXPECT_EQ(error_of(r), ErrorKind::TypeError);
    EXPECT_EQ(message_of(r.thrown()), u"exnref values cannot be used from JS");
    EXPECT_EQ(error_of(host.call(get(e, u"result"), undef(), {})), ErrorKind::TypeError);
  }
  EXPECT_EQ(conversions, 0);
}

// "run a host function" 2.: a JS function imported with exnref in its type throws a TypeError
// when wasm calls it, without running; the TypeError crosses wasm as a JS exception (3.10.3).
TEST_F(HostFunction, ExnrefInItsTypeIsATypeErrorWhenCalled) {
  agent.features.exceptions = true;
  int calls = 0;
  const JsValue fn = js_function([&](JsHost& h, const CallArgs&) -> Completion<JsValue> {
    ++calls;
    return h.null();
  });
  WasmBuilder b;
  const u32 imp = b.import_func("m", "f", b.type({}, {EXNREF}));
  b.export_func("call", b.func(b.type({}, {}), cat({wasm_call(imp), {0x1A}})));
  const JsValue callf =
      get(exports_of(*new_instance(b.bytes(), imports_object(u"m", u"f", fn))), u"call");
  EXPECT_EQ(error_of(host.call(callf, undef(), {})), ErrorKind::TypeError);
  EXPECT_EQ(calls, 0);
}

TEST_F(HostFunction, ReentryFromAHostFunctionIntoWasm) {
  // wasm "outer" calls JS, which calls wasm "add1" and returns its result + 100.
  WasmBuilder b;
  const u32 t = b.type({I32}, {I32});
  const u32 imp = b.import_func("m", "f", t);
  b.export_func("outer", b.func(t, cat({local_get(0), wasm_call(imp)})));
  b.export_func("add1", b.func(t, cat({local_get(0), i32_const(1), {0x6A}})));
  JsValue add1 = undef();
  const JsValue fn = js_function([&](JsHost& h, const CallArgs& c) -> Completion<JsValue> {
    WASMREF_JS_TRY(const JsValue v, h.call(add1, h.undefined(), c.args));
    return h.number(h.number_value(v) + 100);
  });
  const JsValue e = exports_of(*new_instance(b.bytes(), imports_object(u"m", u"f", fn)));
  add1 = get(e, u"add1");
  Completion<JsValue> r = host.call(get(e, u"outer"), undef(), std::vector<JsValue>{num(5)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(host.number_value(*r), 106);
}

TEST_F(HostFunction, InnerTrapPropagatesAsTheSameRuntimeErrorObject) {
  WasmBuilder b;
  const u32 t = b.type({}, {});
  const u32 imp = b.import_func("m", "f", t);
  b.export_func("outer", b.func(t, wasm_call(imp)));
  b.export_func("trap", b.func(t, {0x00}));
  JsValue trap = undef();
  JsValue inner_error = undef();
  const JsValue fn = js_function([&](JsHost& h, const CallArgs&) -> Completion<JsValue> {
    Completion<JsValue> r = h.call(trap, h.undefined(), {});
    if (!r) inner_error = r.thrown().value;
    return r;
  });
  const JsValue e = exports_of(*new_instance(b.bytes(), imports_object(u"m", u"f", fn)));
  trap = get(e, u"trap");
  Completion<JsValue> r = host.call(get(e, u"outer"), undef(), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(host.error_kind(r.thrown().value), ErrorKind::RuntimeError);
  EXPECT_TRUE(host.same_value(r.thrown().value, inner_error));
}

TEST_F(HostFunction, UnboundedJsWasmRecursionEndsInAStackOverflowError) {
  WasmBuilder b;
  const u32 t = b.type({}, {});
  const u32 imp = b.import_func("m", "f", t);
  b.export_func("outer", b.func(t, wasm_call(imp)));
  JsValue outer = undef();
  int depth = 0;
  const JsValue fn = js_function([&](JsHost& h, const CallArgs&) -> Completion<JsValue> {
    ++depth;
    return h.call(outer, h.undefined(), {});
  });
  outer = get(exports_of(*new_instance(b.bytes(), imports_object(u"m", u"f", fn))), u"outer");
  Completion<JsValue> r = host.call(outer, undef(), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(host.error_kind(r.thrown().value), ErrorKind::RangeError);
  EXPECT_EQ(depth, static_cast<int>(kMaxNestedWasmEntries));  // our bound, before the host's
  // the store is usable afterwards
  EXPECT_EQ(agent.store->active_invocations, 0u);
}

TEST_F(HostFunction, ReimportedHostFunctionKeepsItsExportedFunction) {
  const JsValue fn =
      js_function([](JsHost& h, const CallArgs&) -> Completion<JsValue> { return h.number(8); });
  WasmBuilder b;
  const u32 imp = b.import_func("m", "f", b.type({}, {I32}));
  b.export_func("f", imp);
  const JsValue f1 =
      get(exports_of(*new_instance(b.bytes(), imports_object(u"m", u"f", fn))), u"f");
  EXPECT_FALSE(host.same_value(f1, fn));  // a host function wrapped, not the JS function
  const JsValue f2 =
      get(exports_of(*new_instance(b.bytes(), imports_object(u"m", u"f", f1))), u"f");
  EXPECT_TRUE(host.same_value(f1, f2));  // an Exported Function is reused by address
  Completion<JsValue> r = host.call(f2, undef(), {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(host.number_value(*r), 8);
}

// Core 3.0 return_call to a JS function: the host function runs in the place of the tail
// caller's frame, and its results are the caller's (at the bottom of an invocation from JS,
// the Exported Function's results); a JS exception passes through unchanged.
TEST_F(HostFunction, TailCalledFromWasmReturnsItsResults) {
  agent.features.tail_call = true;
  const JsValue thrown = host.object();
  const JsValue fn = js_function([thrown](JsHost& h, const CallArgs& c) -> Completion<JsValue> {
    const double x = h.number_value(c.args[0]);
    if (x < 0) return Thrown{thrown};
    return h.number(x * 3);
  });
  WasmBuilder b;
  const u32 t = b.type({I32}, {I32});
  const u32 imp = b.import_func("m", "f", t);
  const u32 tail = b.func(t, cat({i32_const(99), local_get(0), {0x12}, uleb(imp)}));
  b.export_func("tail", tail);
  b.export_func("outer", b.func(t, cat({local_get(0), wasm_call(tail), i32_const(1), {0x6A}})));
  const JsValue e = exports_of(*new_instance(b.bytes(), imports_object(u"m", u"f", fn)));
  Completion<JsValue> r = host.call(get(e, u"tail"), undef(), std::vector<JsValue>{num(5)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(host.number_value(*r), 15);
  r = host.call(get(e, u"outer"), undef(), std::vector<JsValue>{num(5)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(host.number_value(*r), 16);
  r = host.call(get(e, u"outer"), undef(), std::vector<JsValue>{num(-1)});
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(host.same_value(r.thrown().value, thrown));
}

}  // namespace
}  // namespace wasmref::jsapi::testing
