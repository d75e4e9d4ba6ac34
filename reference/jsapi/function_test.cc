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

// ============================================================================================
// Core 3.0 reference types through Exported Functions and host functions (ToJSValue and
// ToWebAssemblyValue on arguments and results)
// ============================================================================================

class GcFunctions : public JsApiTest {
 protected:
  void SetUp() override {
    agent.features = Features::v3();
    exports = exports_of(*new_instance(module()));
  }
  // $0 = (sub (struct (field (mut i32)))); $11 = (struct (field (mut i64))).
  // Functions (type: body), each exported under its name:
  //   id          $1  [(ref null $0)] -> [(ref null $0)]   local.get 0
  //   make        $2  [] -> [(ref $0)]                     struct.new_default $0
  //   i31         $3  [i32] -> [i31ref]                    local.get 0; ref.i31
  //   any_id      $4  [anyref] -> [anyref]                 local.get 0
  //   test_i31    $5  [anyref] -> [i32]                    local.get 0; ref.test i31
  //   externalize $6  [anyref] -> [externref]              local.get 0; extern.convert_any
  //   internalize $7  [externref] -> [anyref]              local.get 0; any.convert_extern
  //   extern_i31  $8  [externref] -> [i32]                 ...; any.convert_extern; ref.test i31
  //   seven       $9  [] -> [i32]                          i32.const 7
  //   call        $10 [(ref $9)] -> [i32]                  local.get 0; call_ref $9
  //   make_other  $12 [] -> [(ref $11)]                    struct.new_default $11
  static Bytes module() {
    using namespace gc;  // NOLINT: the raw module helpers
    const Bytes i32 = {I32};
    const std::vector<Bytes> types = {
        sub({}, struct_({field({I32}, true)})),
        func({ref_idx(0, true)}, {ref_idx(0, true)}),
        func({}, {ref_idx(0, false)}),
        func({i32}, {ref(kI31, true)}),
        func({ref(kAny, true)}, {ref(kAny, true)}),
        func({ref(kAny, true)}, {i32}),
        func({ref(kAny, true)}, {ref(kExtern, true)}),
        func({ref(kExtern, true)}, {ref(kAny, true)}),
        func({ref(kExtern, true)}, {i32}),
        func({}, {i32}),
        func({ref_idx(9, false)}, {i32}),
        struct_({field({I64}, true)}),
        func({}, {ref_idx(11, false)}),
    };
    const std::vector<std::pair<std::string, std::pair<u32, Bytes>>> funcs = {
        {"id", {1, local_get(0)}},
        {"make", {2, struct_new_default(0)}},
        {"i31", {3, cat({local_get(0), ref_i31()})}},
        {"any_id", {4, local_get(0)}},
        {"test_i31", {5, cat({local_get(0), ref_test(kI31)})}},
        {"externalize", {6, cat({local_get(0), extern_convert_any()})}},
        {"internalize", {7, cat({local_get(0), any_convert_extern()})}},
        {"extern_i31", {8, cat({local_get(0), any_convert_extern(), ref_test(kI31)})}},
        {"seven", {9, i32_const(7)}},
        {"call", {10, cat({local_get(0), call_ref(9)})}},
        {"make_other", {12, struct_new_default(11)}},
    };
    std::vector<Bytes> decls, exps, codes;
    for (u32 i = 0; i < funcs.size(); ++i) {
      decls.push_back(uleb(funcs[i].second.first));
      exps.push_back(export_(funcs[i].first, kFuncExport, i));
      codes.push_back(code(funcs[i].second.second));
    }
    return gc::module({{kTypeSection, types},
                       {kFuncSection, decls},
                       {kExportSection, exps},
                       {kCodeSection, codes}});
  }
  Completion<JsValue> call_export(std::u16string_view name, std::vector<JsValue> args) {
    return host.call(get(exports, name), undef(), args);
  }
  JsValue result_of(std::u16string_view name, std::vector<JsValue> args) {
    Completion<JsValue> r = call_export(name, args);
    EXPECT_TRUE(r.ok()) << MiniHost::utf8(name) << ": "
                        << (r.ok() ? "" : MiniHost::utf8(message_of(r.thrown())));
    return r.ok() ? *r : host.string(u"<threw>");
  }
  JsValue exports{};
};

// A structure made by wasm comes to JS as an Exported GC Object (ToJSValue 9.) and goes back
// as the same reference (ToWebAssemblyValue 7.5): the identity holds both ways.
TEST_F(GcFunctions, StructuresRoundTripWithTheirIdentity) {
  const JsValue s = result_of(u"make", {});
  EXPECT_EQ(host.type_of(s), JsType::object);
  EXPECT_EQ(host.type_of(host.get_prototype(s)), JsType::null);
  EXPECT_TRUE(host.same_value(result_of(u"id", {s}), s));
  EXPECT_TRUE(host.same_value(result_of(u"any_id", {s}), s));
  const JsValue t = result_of(u"make", {});
  EXPECT_FALSE(host.same_value(s, t));  // another structure, another object
  EXPECT_EQ(host.type_of(result_of(u"id", {host.null()})), JsType::null);
}

// ToWebAssemblyValue 7.9 for a parameter of type (ref null $0): what does not match is a
// TypeError before the function runs.
TEST_F(GcFunctions, ParametersOfAConcreteStructTypeRejectWhatDoesNotMatch) {
  const JsValue other = result_of(u"make_other", {});
  for (const JsValue v :
       {other, host.object(), num(5), str(u"s"), undef(), get(exports, u"seven")}) {
    EXPECT_EQ(error_of(call_export(u"id", {v})), ErrorKind::TypeError);
  }
  EXPECT_EQ(error_of(call_export(u"id", {})), ErrorKind::TypeError);  // missing: undefined
}

// ToJSValue 8.: an i31 result is a Number (signed 31-bit: ref.i31 wraps its i32 operand).
TEST_F(GcFunctions, I31ResultsAreNumbers) {
  const std::pair<double, double> cases[] = {{5, 5},
                                             {-1, -1},
                                             {1073741823, 1073741823},
                                             {1073741824, -1073741824},
                                             {-1073741825, 1073741823}};
  for (const auto& [arg, expected] : cases) {
    const JsValue r = result_of(u"i31", {num(arg)});
    ASSERT_EQ(host.type_of(r), JsType::number);
    EXPECT_EQ(host.number_value(r), expected) << arg;
  }
}

// anyref parameters: i31 Numbers become i31 references (ref.test i31 sees them), other values
// host references; each comes back as itself.
TEST_F(GcFunctions, AnyrefArgumentsAreI31OrHostReferences) {
  const std::pair<double, double> numbers[] = {{5, 1},          {-1073741824, 1}, {1073741823, 1},
                                               {1073741824, 0}, {1.5, 0},         {-0.0, 0}};
  for (const auto& [d, is_i31] : numbers) {
    EXPECT_EQ(host.number_value(result_of(u"test_i31", {num(d)})), is_i31) << d;
    EXPECT_TRUE(host.same_value(result_of(u"any_id", {num(d)}), num(d))) << d;
  }
  const JsValue o = host.object();
  EXPECT_EQ(host.number_value(result_of(u"test_i31", {o})), 0);
  EXPECT_TRUE(host.same_value(result_of(u"any_id", {o}), o));
  // An Exported Function through anyref is a host value, and the same function again.
  const JsValue f = get(exports, u"seven");
  EXPECT_TRUE(host.same_value(result_of(u"any_id", {f}), f));
  EXPECT_EQ(host.type_of(result_of(u"any_id", {host.null()})), JsType::null);
}

// externref: extern.convert_any / any.convert_extern pass references between the hierarchies;
// JS sees the same values on both sides (ToJSValue 13., ToWebAssemblyValue 7.2).
TEST_F(GcFunctions, ExternAndAnyConversionsKeepTheJsValue) {
  const JsValue s = result_of(u"make", {});
  const JsValue o = host.object();
  for (const JsValue v : {s, o, num(5), num(1.5), str(u"x")}) {
    EXPECT_TRUE(host.same_value(result_of(u"externalize", {v}), v));
    EXPECT_TRUE(host.same_value(result_of(u"internalize", {v}), v));
  }
  // A Number in the i31 range passed as externref is an externalized i31 reference.
  EXPECT_EQ(host.number_value(result_of(u"extern_i31", {num(5)})), 1);
  EXPECT_EQ(host.number_value(result_of(u"extern_i31", {num(1.5)})), 0);
  EXPECT_EQ(host.number_value(result_of(u"extern_i31", {o})), 0);
  // An externalized structure is the structure's object again after internalizing.
  EXPECT_TRUE(host.same_value(result_of(u"id", {result_of(u"internalize", {s})}), s));
}

// Typed function references: an Exported Function of the defined type $9 is a (ref $9) (and
// call_ref calls it); one of another type, null, or a JS function is a TypeError.
TEST_F(GcFunctions, TypedFunctionReferenceParameters) {
  EXPECT_EQ(host.number_value(result_of(u"call", {get(exports, u"seven")})), 7);
  EXPECT_EQ(error_of(call_export(u"call", {get(exports, u"i31")})), ErrorKind::TypeError);
  EXPECT_EQ(error_of(call_export(u"call", {host.null()})), ErrorKind::TypeError);
  const JsValue js_fn =
      js_function([](JsHost& h, const CallArgs&) -> Completion<JsValue> { return h.number(7); });
  EXPECT_EQ(error_of(call_export(u"call", {js_fn})), ErrorKind::TypeError);
}

// "create a host function" with the import's defined type: a function type in a rec group (or
// with a supertype) is not the 2.0 function type alone in its group, yet the JS function links
// as the import, and its results convert to the import's reference types.
TEST_F(HostFunction, TypedImportInARecGroupLinksAndConvertsResults) {
  using namespace gc;  // NOLINT: the raw module helpers
  agent.features = Features::v3();
  // rec { $0 = (struct (field (mut i32))), $1 = (func (result (ref null $0))) }
  const Bytes m = gc::module({
      {kTypeSection,
       {rec({sub({}, struct_({field({I32}, true)}), true),
             sub({}, func({}, {ref_idx(0, true)}), true)})}},
      {kImportSection, {gc::import_func("m", "f", 1)}},
      {kFuncSection, {uleb(1), uleb(1)}},
      {kExportSection, {export_("call", kFuncExport, 1), export_("make", kFuncExport, 2)}},
      {kCodeSection, {code(wasm_call(0)), code(struct_new_default(0))}},
  });
  JsValue result = host.null();
  const JsValue fn =
      js_function([&](JsHost&, const CallArgs&) -> Completion<JsValue> { return result; });
  Completion<JsValue> instance = new_instance(m, imports_object(u"m", u"f", fn));
  ASSERT_TRUE(instance.ok()) << MiniHost::utf8(message_of(instance.thrown()));
  const JsValue e = exports_of(*instance);
  EXPECT_EQ(host.type_of(*host.call(get(e, u"call"), undef(), {})), JsType::null);
  result = *host.call(get(e, u"make"), undef(), {});
  Completion<JsValue> r = host.call(get(e, u"call"), undef(), {});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(host.same_value(*r, result));
  result = host.object();  // not a structure: the host function's TypeError reaches JS
  EXPECT_EQ(error_of(host.call(get(e, u"call"), undef(), {})), ErrorKind::TypeError);
}

}  // namespace
}  // namespace wasmref::jsapi::testing
