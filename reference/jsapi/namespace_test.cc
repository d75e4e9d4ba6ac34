// JS-API §webassembly-namespace (validate, compile, instantiate, the namespace object) and
// §limits: gtest over MiniHost.
#include <string>
#include <vector>

#include "jsapi/namespace_test_util.h"
#include "syntax/messages.h"

namespace wasmref::jsapi::testing {
namespace {

using namespace wasmref::testing;  // NOLINT: builder helpers

Bytes invalid_module() {  // i32.add with an empty stack: invalid
  WasmBuilder b;
  b.func(b.type({}, {}), {0x6A});
  return b.bytes();
}
Bytes malformed_module() { return {0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00}; }

Bytes module_importing_func() {
  WasmBuilder b;
  const u32 t = b.type({}, {I32});
  const u32 f = b.import_func("m", "f", t);
  b.export_func("g", b.func(t, wasm_call(f)));
  return b.bytes();
}

using Validate = JsApiTest;

TEST_F(Validate, TrueForAValidModuleFalseForMalformedOrInvalid) {
  Completion<JsValue> r = call(validate, {buffer(module_returning(1))});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(host.boolean_value(*r));
  r = call(validate, {buffer(malformed_module())});
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(host.boolean_value(*r));
  r = call(validate, {buffer(invalid_module())});
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(host.boolean_value(*r));
}

TEST_F(Validate, AcceptsAView) {
  const JsValue view = host.uint8_array(buffer(module_returning(1)));
  Completion<JsValue> r = call(validate, {view});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(host.boolean_value(*r));
}

TEST_F(Validate, TypeErrorForANonBufferSourceOrAMissingArgument) {
  EXPECT_EQ(error_of(call(validate, {})), ErrorKind::TypeError);
  EXPECT_EQ(error_of(call(validate, {num(1)})), ErrorKind::TypeError);
  EXPECT_EQ(error_of(call(validate, {host.object()})), ErrorKind::TypeError);
  EXPECT_EQ(error_of(call(validate, {host.array({})})), ErrorKind::TypeError);
}

TEST_F(Validate, OptionsAreADictionary) {
  // A primitive other than undefined/null is a TypeError; duplicate builtin names are false.
  EXPECT_EQ(error_of(call(validate, {buffer(module_returning(1)), num(3)})), ErrorKind::TypeError);
  const JsValue options = host.object();
  host.create_data_property(options, u"builtins",
                            host.array(std::vector<JsValue>{str(u"x"), str(u"x")}));
  Completion<JsValue> r = call(validate, {buffer(module_returning(1)), options});
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(host.boolean_value(*r));
  r = call(validate, {buffer(module_returning(1)), host.null()});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(host.boolean_value(*r));
}

using Compile = JsApiTest;

TEST_F(Compile, SettlesInAQueuedTaskWithAModule) {
  Completion<JsValue> p = call(compile, {buffer(module_returning(1))});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(host.promise_state(*p), JsHost::PromiseState::pending);
  host.run_until_idle();
  ASSERT_EQ(host.promise_state(*p), JsHost::PromiseState::fulfilled);
  EXPECT_NE(unwrap_as<ModuleObject>(host, host.promise_result(*p), PlatformObject::Kind::module),
            nullptr);
}

TEST_F(Compile, RejectsWithCompileError) {
  for (const Bytes& b : {invalid_module(), malformed_module()}) {
    Completion<JsValue> p = call(compile, {buffer(b)});
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(host.promise_state(*p), JsHost::PromiseState::pending);
    host.run_until_idle();
    ASSERT_EQ(host.promise_state(*p), JsHost::PromiseState::rejected);
    EXPECT_EQ(host.error_kind(host.promise_result(*p)), ErrorKind::CompileError);
  }
}

TEST_F(Compile, ConversionErrorsRejectInsteadOfThrowing) {
  Completion<JsValue> p = call(compile, {});
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(host.promise_state(*p), JsHost::PromiseState::rejected);
  EXPECT_EQ(host.error_kind(host.promise_result(*p)), ErrorKind::TypeError);
  p = call(compile, {num(1)});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(host.error_kind(host.promise_result(*p)), ErrorKind::TypeError);
}

TEST_F(Compile, CopiesTheBytesAtCallTime) {
  const JsValue buf = buffer(module_returning(1));
  Completion<JsValue> p = call(compile, {buf});
  ASSERT_TRUE(p.ok());
  std::span<u8> data = host.buffer_data(buf);
  ASSERT_FALSE(data.empty());
  data[0] = 0xFF;  // breaks the magic number, too late to matter
  host.run_until_idle();
  EXPECT_EQ(host.promise_state(*p), JsHost::PromiseState::fulfilled);
}

using Instantiate = JsApiTest;

TEST_F(Instantiate, BytesGiveModuleAndInstanceAndReadImportsOnlyAfterCompiling) {
  int reads = 0;
  const JsValue inner = host.object();
  host.create_data_property(
      inner, u"f",
      js_function([](JsHost& h, const CallArgs&) -> Completion<JsValue> { return h.number(7); }));
  const JsValue imports =
      host.object_with_getter(u"m", [&](JsHost&, const CallArgs&) -> Completion<JsValue> {
        ++reads;
        return inner;
      });
  Completion<JsValue> p = call(instantiate, {buffer(module_importing_func()), imports});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(reads, 0);  // not touched synchronously
  EXPECT_EQ(host.promise_state(*p), JsHost::PromiseState::pending);
  host.run_until_idle();
  EXPECT_EQ(reads, 1);
  ASSERT_EQ(host.promise_state(*p), JsHost::PromiseState::fulfilled);
  const JsValue result = host.promise_result(*p);
  EXPECT_NE(unwrap_as<ModuleObject>(host, get(result, u"module"), PlatformObject::Kind::module),
            nullptr);
  const JsValue instance = get(result, u"instance");
  ASSERT_NE(unwrap_as<InstanceObject>(host, instance, PlatformObject::Kind::instance), nullptr);
  Completion<JsValue> r = host.call(get(exports_of(instance), u"g"), undef(), {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(host.number_value(*r), 7);
  EXPECT_EQ(host.own_keys(result), (std::vector<std::u16string>{u"module", u"instance"}));
}

TEST_F(Instantiate, ModuleReadsImportsSynchronouslyAndResolvesWithAnInstance) {
  const JsValue m = new_module(module_importing_func());
  int reads = 0;
  const JsValue inner = host.object();
  host.create_data_property(
      inner, u"f",
      js_function([](JsHost& h, const CallArgs&) -> Completion<JsValue> { return h.number(1); }));
  const JsValue imports =
      host.object_with_getter(u"m", [&](JsHost&, const CallArgs&) -> Completion<JsValue> {
        ++reads;
        return inner;
      });
  Completion<JsValue> p = call(instantiate, {m, imports});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(reads, 1);  // read the imports ran before instantiate returned
  EXPECT_EQ(host.promise_state(*p), JsHost::PromiseState::pending);
  host.run_until_idle();
  ASSERT_EQ(host.promise_state(*p), JsHost::PromiseState::fulfilled);
  EXPECT_NE(
      unwrap_as<InstanceObject>(host, host.promise_result(*p), PlatformObject::Kind::instance),
      nullptr);
}

TEST_F(Instantiate, StartFunctionRunsInTheQueuedTask) {
  WasmBuilder b;
  const u32 t = b.type({}, {});
  const u32 f = b.import_func("m", "f", t);
  b.start(f);
  const JsValue m = new_module(b.bytes());
  int runs = 0;
  const JsValue imports = imports_object(
      u"m", u"f", js_function([&](JsHost& h, const CallArgs&) -> Completion<JsValue> {
        ++runs;
        return h.undefined();
      }));
  Completion<JsValue> p = call(instantiate, {m, imports});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(runs, 0);
  host.run_until_idle();
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(host.promise_state(*p), JsHost::PromiseState::fulfilled);
}

TEST_F(Instantiate, ImportErrorsAndLinkErrorsReject) {
  const JsValue m = new_module(module_importing_func());
  // read the imports: TypeError (no import object), as a rejection.
  Completion<JsValue> p = call(instantiate, {m});
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(host.promise_state(*p), JsHost::PromiseState::rejected);
  EXPECT_EQ(host.error_kind(host.promise_result(*p)), ErrorKind::TypeError);
  // a non-callable function import: LinkError.
  p = call(instantiate, {m, imports_object(u"m", u"f", num(1))});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(host.error_kind(host.promise_result(*p)), ErrorKind::LinkError);
  // importObject not an object: TypeError.
  p = call(instantiate, {m, num(1)});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(host.error_kind(host.promise_result(*p)), ErrorKind::TypeError);
  // core link error (wrong function type), in the queued task.
  WasmBuilder b;
  const u32 t = b.type({}, {});
  b.import_func("m", "f", t);
  const JsValue exporter = *new_instance(module_returning(3));
  p = call(instantiate,
           {new_module(b.bytes()), imports_object(u"m", u"f", get(exports_of(exporter), u"f"))});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(host.promise_state(*p), JsHost::PromiseState::pending);
  host.run_until_idle();
  EXPECT_EQ(host.error_kind(host.promise_result(*p)), ErrorKind::LinkError);
}

TEST_F(Instantiate, BytesPathRejectsWithCompileErrorAndTypeError) {
  Completion<JsValue> p = call(instantiate, {buffer(invalid_module())});
  ASSERT_TRUE(p.ok());
  host.run_until_idle();
  EXPECT_EQ(host.error_kind(host.promise_result(*p)), ErrorKind::CompileError);
  p = call(instantiate, {num(1)});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(host.error_kind(host.promise_result(*p)), ErrorKind::TypeError);
  p = call(instantiate, {});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(host.error_kind(host.promise_result(*p)), ErrorKind::TypeError);
  // imports are read after compiling: a missing import object rejects with TypeError then.
  p = call(instantiate, {buffer(module_importing_func())});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(host.promise_state(*p), JsHost::PromiseState::pending);
  host.run_until_idle();
  EXPECT_EQ(host.error_kind(host.promise_result(*p)), ErrorKind::TypeError);
}

// ---- §limits ----------------------------------------------------------------------------

Bytes module_with_imports(u32 n) {
  WasmBuilder b;
  const u32 t = b.type({}, {});
  for (u32 i = 0; i < n; ++i) b.import_func("m", "f", t);
  return b.bytes();
}

// Through the namespace: WebAssembly.validate(bytes) is false and new WebAssembly.Module(bytes)
// throws a CompileError.
void expect_rejected_by_the_namespace(const EmbedderLimits& limits, const Bytes& bytes) {
  MiniHost host;
  Agent agent(host, limits);
  std::vector<JsValue> args = {host.array_buffer(bytes)};
  CallArgs call;
  call.args = args;
  Completion<JsValue> v = validate(agent, call);
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(host.boolean_value(*v));
  call.is_construct = true;
  Completion<JsValue> m = module_constructor(agent, call);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(host.error_kind(m.thrown().value), ErrorKind::CompileError);
}

TEST(Limits, ImportsOverTheWg20LimitAreACompileErrorOnlyThere) {
  const Bytes bytes = module_with_imports(100001);
  {
    MiniHost host;
    Agent agent(host, EmbedderLimits::current());
    const JsValue buf = host.array_buffer(bytes);
    CallArgs c;
    std::vector<JsValue> args = {buf};
    c.args = args;
    Completion<JsValue> r = validate(agent, c);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(host.boolean_value(*r));
  }
  {
    MiniHost host;
    Agent agent(host, EmbedderLimits::wg_2_0());
    const JsValue buf = host.array_buffer(bytes);
    CallArgs c;
    std::vector<JsValue> args = {buf};
    c.args = args;
    Completion<JsValue> r = validate(agent, c);
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(host.boolean_value(*r));
    c.is_construct = true;
    Completion<JsValue> m = module_constructor(agent, c);
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(host.error_kind(m.thrown().value), ErrorKind::CompileError);
  }
}

// Each compile-time limit, with small numbers: exactly at the limit passes, one over fails.
struct LimitCase {
  const char* name;
  void (*set)(EmbedderLimits&, u32);
  u32 limit;
  Bytes (*make)(u32 n);  // a module with n of the counted things
  bool byte_level = false;
};

Bytes n_types(u32 n) {
  WasmBuilder b;
  for (u32 i = 0; i < n; ++i) b.type({}, {});
  return b.bytes();
}
Bytes n_funcs(u32 n) {
  WasmBuilder b;
  const u32 t = b.type({}, {});
  for (u32 i = 0; i < n; ++i) b.func(t, {});
  return b.bytes();
}
Bytes n_exports(u32 n) {
  WasmBuilder b;
  const u32 f = b.func(b.type({}, {}), {});
  for (u32 i = 0; i < n; ++i) {
    // Appended rather than `"e" + std::to_string(i)`: GCC 12 at -O3 reports a false -Wrestrict
    // in the inlined operator+(const char*, string&&).
    std::string name = "e";
    name += std::to_string(i);
    b.export_func(name, f);
  }
  return b.bytes();
}
Bytes n_globals(u32 n) {
  WasmBuilder b;
  for (u32 i = 0; i < n; ++i) b.global(I32, false, i32_const(0));
  return b.bytes();
}
Bytes n_datas(u32 n) {
  WasmBuilder b;
  for (u32 i = 0; i < n; ++i) b.data_passive({1});
  return b.bytes();
}
Bytes n_tables(u32 n) {
  WasmBuilder b;
  b.import_table("m", "t", FUNCREF, 0, std::nullopt);  // imported tables count too
  for (u32 i = 1; i < n; ++i) b.table(FUNCREF, 0, std::nullopt);
  return b.bytes();
}
Bytes n_params(u32 n) {
  WasmBuilder b;
  b.type(Bytes(n, I32), {});
  return b.bytes();
}
Bytes n_results(u32 n) {
  WasmBuilder b;
  b.type({}, Bytes(n, I32));
  return b.bytes();
}
Bytes n_locals(u32 n) {  // one parameter plus n - 1 locals
  WasmBuilder b;
  b.func(b.type({I32}, {}), {}, Bytes(n - 1, I32));
  return b.bytes();
}
Bytes n_body_bytes(u32 n) {  // a body of exactly n bytes: locals count, nops, end
  WasmBuilder b;
  b.func(b.type({}, {}), Bytes(n - 2, 0x01));
  return b.bytes();
}
Bytes n_elem_entries(u32 n) {
  WasmBuilder b;
  const u32 f = b.func(b.type({}, {}), {});
  b.elem_passive(std::vector<u32>(n, f));
  return b.bytes();
}
Bytes n_elem_segments(u32 n) {
  WasmBuilder b;
  const u32 f = b.func(b.type({}, {}), {});
  for (u32 i = 0; i < n; ++i) b.elem_passive({f});
  return b.bytes();
}

// Every compile-time limit with a module builder; `byte_level` when the bytes tell it without
// decoding (check_byte_limits), else only the decoded module does (check_decoded_limits).
std::vector<LimitCase> limit_cases() {
  return {
      {"types", [](EmbedderLimits& l, u32 n) { l.types = n; }, 3, n_types, true},
      {"functions", [](EmbedderLimits& l, u32 n) { l.functions = n; }, 3, n_funcs, true},
      {"imports", [](EmbedderLimits& l, u32 n) { l.imports = n; }, 3, module_with_imports, true},
      {"exports", [](EmbedderLimits& l, u32 n) { l.exports = n; }, 3, n_exports, true},
      {"globals", [](EmbedderLimits& l, u32 n) { l.globals = n; }, 3, n_globals, true},
      {"data segments", [](EmbedderLimits& l, u32 n) { l.data_segments = n; }, 3, n_datas, true},
      {"tables", [](EmbedderLimits& l, u32 n) { l.tables = n; }, 3, n_tables},
      {"params", [](EmbedderLimits& l, u32 n) { l.params = n; }, 3, n_params},
      {"results", [](EmbedderLimits& l, u32 n) { l.results = n; }, 3, n_results},
      {"locals", [](EmbedderLimits& l, u32 n) { l.locals = n; }, 3, n_locals},
      {"body size", [](EmbedderLimits& l, u32 n) { l.function_body_size = n; }, 5, n_body_bytes,
       true},
      {"elem entries", [](EmbedderLimits& l, u32 n) { l.element_segment_entries = n; }, 3,
       n_elem_entries},
      {"elem segments", [](EmbedderLimits& l, u32 n) { l.element_segment_entries = n; }, 3,
       n_elem_segments, true},
  };
}

TEST(Limits, EachCompileTimeLimitIsExactAndACompileError) {
  const std::vector<LimitCase> cases = limit_cases();
  for (const LimitCase& c : cases) {
    SCOPED_TRACE(c.name);
    EmbedderLimits limits = EmbedderLimits::current();
    c.set(limits, c.limit);
    EXPECT_TRUE(compile_a_webassembly_module(limits, c.make(c.limit)).ok());
    Result<std::shared_ptr<Module>> over =
        compile_a_webassembly_module(limits, c.make(c.limit + 1));
    ASSERT_FALSE(over.ok());
    EXPECT_EQ(over.error().outcome, Outcome::invalid);
    expect_rejected_by_the_namespace(limits, c.make(c.limit + 1));
  }
}

// The limits the bytes tell are judged by check_byte_limits alone, exactly at the limit; the
// others are left to the decoded module (no verdict from the bytes at limit + 1).
TEST(Limits, ByteLevelLimitsAreJudgedWithoutDecoding) {
  for (const LimitCase& c : limit_cases()) {
    SCOPED_TRACE(c.name);
    EmbedderLimits limits = EmbedderLimits::current();
    c.set(limits, c.limit);
    EXPECT_TRUE(check_byte_limits(limits, c.make(c.limit)).ok());
    const Result<void> over = check_byte_limits(limits, c.make(c.limit + 1));
    EXPECT_EQ(over.ok(), !c.byte_level);
    if (!over.ok()) {
      EXPECT_EQ(over.error().outcome, Outcome::invalid);
      EXPECT_EQ(over.error().message.rfind(msg::implementation_limit, 0), 0u)
          << over.error().message;
    }
  }
}

// A module of one function whose body is `size` bytes of `fill` between the local
// declarations (none) and `end`.
Bytes body_of(u32 size, u8 fill) {
  WasmBuilder b;
  b.func(b.type({}, {}), Bytes(size - 2, fill));
  return b.bytes();
}

// Issue 9: a 10 MB body was decoded (757 MB, 33 s) before its size was compared with the
// limit. The body here is 10 MB of 0xFF, not an opcode: were it decoded first, the verdict
// would be malformed; checked first, it is the limit (invalid), a CompileError.
TEST(Limits, AnOversizedBodyIsRejectedBeforeItIsDecoded) {
  const Bytes bytes = body_of(10'000'000, 0xFF);
  const EmbedderLimits limits = EmbedderLimits::current();
  Result<std::shared_ptr<Module>> m = compile_a_webassembly_module(limits, bytes);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().outcome, Outcome::invalid);
  EXPECT_EQ(m.error().message, std::string(msg::implementation_limit) +
                                   ": function body size (10000000 > 7654321)");
  expect_rejected_by_the_namespace(limits, bytes);
  // At the limit the same garbage is the decoder's: malformed.
  Result<std::shared_ptr<Module>> at = compile_a_webassembly_module(limits, body_of(7654321, 0xFF));
  ASSERT_FALSE(at.ok());
  EXPECT_EQ(at.error().outcome, Outcome::malformed);
}

// Declared locals over the limit are seen in the body's declarations, before they are expanded.
TEST(Limits, DeclaredLocalsAreCountedBeforeDecoding) {
  EmbedderLimits limits = EmbedderLimits::current();
  limits.locals = 10;
  // locals: 2 declarations, 6 x i32 and 5 x i64 (11 > 10); the body is garbage (0xFF).
  Bytes bytes = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
                 0x01, 0x04, 0x01, 0x60, 0x00, 0x00,              // type () -> ()
                 0x03, 0x02, 0x01, 0x00,                          // func 0: type 0
                 0x0A, 0x09, 0x01, 0x07, 0x02, 0x06, 0x7F, 0x05, 0x7E, 0xFF, 0x0B};
  const Result<void> r = check_byte_limits(limits, bytes);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("locals (11 > 10)"), std::string::npos) << r.error().message;
  limits.locals = 11;
  EXPECT_TRUE(check_byte_limits(limits, bytes).ok());
  EXPECT_EQ(compile_a_webassembly_module(limits, bytes).error().outcome, Outcome::malformed);
}

// --- Core 3.0 limits: types and GC instructions -----------------------------------------------

// A module of n struct types: one group each, or all n in one rec group.
Bytes n_struct_types_in_a_rec_group(u32 n) {
  std::vector<Bytes> subs(n, gc::sub({}, gc::struct_({}), true));
  return gc::module({{gc::kTypeSection, {gc::rec(subs)}}});
}
// A struct type of n fields.
Bytes n_struct_fields(u32 n) {
  const std::vector<Bytes> fields(n, gc::field({I32}, false));
  return gc::module({{gc::kTypeSection, {gc::struct_(fields)}}});
}
// A chain of n + 1 struct types, each a subtype of the one before: the last has depth n.
Bytes subtype_depth(u32 n) {
  std::vector<Bytes> types = {gc::sub({}, gc::struct_({}))};
  for (u32 i = 1; i <= n; ++i) types.push_back(gc::sub({i - 1}, gc::struct_({})));
  return gc::module({{gc::kTypeSection, types}});
}
// array.new_fixed $0 n (of n i32.const operands), in a function body or a global's initializer.
Bytes array_new_fixed_in_a_body(u32 n) {
  Bytes body;
  for (u32 i = 0; i < n; ++i) append(body, i32_const(0));
  append(body, gc::array_new_fixed(0, n));
  return gc::module({{gc::kTypeSection,
                      {gc::array(gc::field({I32}, false)), gc::func({}, {gc::ref_idx(0, false)})}},
                     {gc::kFuncSection, {uleb(1)}},
                     {gc::kCodeSection, {gc::code(body)}}});
}
Bytes array_new_fixed_in_a_global(u32 n) {
  Bytes init;
  for (u32 i = 0; i < n; ++i) append(init, i32_const(0));
  append(init, gc::array_new_fixed(0, n));
  return gc::module({{gc::kTypeSection, {gc::array(gc::field({I32}, false))}},
                     {gc::kGlobalSection, {gc::global(gc::ref_idx(0, false), false, init)}}});
}

// §limits for core 3.0 (recursion groups, subtype depth, struct fields, array.new_fixed), with
// small numbers: exactly at the limit passes, one over is an implementation limit (invalid: a
// CompileError, and validate() false).
TEST(Limits, Core30LimitsAreExactAndACompileError) {
  const std::vector<LimitCase> cases = {
      {"types in a recursion group", [](EmbedderLimits& l, u32 n) { l.rec_group_types = n; }, 3,
       n_struct_types_in_a_rec_group},
      {"subtype depth", [](EmbedderLimits& l, u32 n) { l.subtype_depth = n; }, 3, subtype_depth},
      {"struct fields", [](EmbedderLimits& l, u32 n) { l.struct_fields = n; }, 3, n_struct_fields},
      {"array.new_fixed operands", [](EmbedderLimits& l, u32 n) { l.array_new_fixed_operands = n; },
       3, array_new_fixed_in_a_body},
      {"array.new_fixed operands", [](EmbedderLimits& l, u32 n) { l.array_new_fixed_operands = n; },
       3, array_new_fixed_in_a_global},
  };
  for (const LimitCase& c : cases) {
    SCOPED_TRACE(c.name);
    EmbedderLimits limits = EmbedderLimits::current();
    c.set(limits, c.limit);
    Result<std::shared_ptr<Module>> at =
        compile_a_webassembly_module(limits, c.make(c.limit), Features::v3());
    EXPECT_TRUE(at.ok()) << (at.ok() ? "" : at.error().message);
    Result<std::shared_ptr<Module>> over =
        compile_a_webassembly_module(limits, c.make(c.limit + 1), Features::v3());
    ASSERT_FALSE(over.ok());
    EXPECT_EQ(over.error().outcome, Outcome::invalid);
    EXPECT_EQ(over.error().message, std::string(msg::implementation_limit) + ": " + c.name + " (" +
                                        std::to_string(c.limit + 1) + " > " +
                                        std::to_string(c.limit) + ")");
    MiniHost host;
    Agent agent(host, limits);
    agent.features = Features::v3();
    std::vector<JsValue> args = {host.array_buffer(c.make(c.limit + 1))};
    CallArgs call;
    call.args = args;
    Completion<JsValue> v = validate(agent, call);
    ASSERT_TRUE(v.ok());
    EXPECT_FALSE(host.boolean_value(*v));
    args = {host.array_buffer(c.make(c.limit))};
    call.args = args;
    v = validate(agent, call);
    ASSERT_TRUE(v.ok());
    EXPECT_TRUE(host.boolean_value(*v));
  }
}

// The byte-level locals count reads the core 3.0 value types of the declarations: the
// shorthands (anyref: 0x6E) and (ref null? ht) with its heap type.
TEST(Limits, DeclaredReferenceLocalsAreCountedBeforeDecoding) {
  EmbedderLimits limits = EmbedderLimits::current();
  limits.locals = 10;
  // locals: 6 x anyref, 5 x (ref null 0); the body is garbage (0xFF).
  const Bytes bytes = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60,
                       0x00, 0x00,              // type () -> ()
                       0x03, 0x02, 0x01, 0x00,  // func 0: type 0
                       0x0A, 0x0A, 0x01, 0x08, 0x02, 0x06, 0x6E, 0x05, 0x63, 0x00, 0xFF, 0x0B};
  const Result<void> r = check_byte_limits(limits, bytes);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("locals (11 > 10)"), std::string::npos) << r.error().message;
  limits.locals = 11;
  EXPECT_TRUE(check_byte_limits(limits, bytes).ok());
}

// Where the section framing is malformed the pre-pass gives no verdict: the decoder's
// malformed message stands, even for a body over the limit.
TEST(Limits, MalformedFramingKeepsTheDecodersVerdict) {
  EmbedderLimits limits = EmbedderLimits::current();
  limits.function_body_size = 10;
  const Bytes over = body_of(20, 0x01);
  ASSERT_FALSE(check_byte_limits(limits, over).ok());
  // Truncated: the code section's size runs past the end.
  const Bytes truncated(over.begin(), over.end() - 1);
  EXPECT_TRUE(check_byte_limits(limits, truncated).ok());
  EXPECT_EQ(compile_a_webassembly_module(limits, truncated).error().outcome, Outcome::malformed);
  // A byte after the last section that is not a section.
  Bytes junk = over;
  junk.push_back(0x0A);
  EXPECT_TRUE(check_byte_limits(limits, junk).ok());
  EXPECT_EQ(compile_a_webassembly_module(limits, junk).error().outcome, Outcome::malformed);
  // The code section repeated (out of order).
  Bytes repeated = over;
  repeated.insert(repeated.end(), {0x0A, 0x01, 0x00});
  EXPECT_TRUE(check_byte_limits(limits, repeated).ok());
  EXPECT_EQ(compile_a_webassembly_module(limits, repeated).error().outcome, Outcome::malformed);
  // A wrong version.
  Bytes version = over;
  version[4] = 0x02;
  EXPECT_TRUE(check_byte_limits(limits, version).ok());
  // A count larger than its section's bytes is malformed, not a limit: 5 functions in 1 byte.
  limits = EmbedderLimits::current();
  limits.functions = 3;
  const Bytes counted = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x03, 0x02, 0x05, 0x00};
  EXPECT_TRUE(check_byte_limits(limits, counted).ok());
  EXPECT_EQ(compile_a_webassembly_module(limits, counted).error().outcome, Outcome::malformed);
}

// js-api §limits: "The maximum min or max field of a 64-bit memory is 2^37-1 pages", defined
// or imported; a 32-bit memory's range is the core's own (validation).
TEST(Limits, A64BitMemorysMinAndMaxAreAtMost2To37Minus1Pages) {
  auto leb = [](u64 v) {
    Bytes out;
    do {
      const u8 b = v & 0x7F;
      v >>= 7;
      out.push_back(static_cast<u8>(b | (v != 0 ? 0x80 : 0)));
    } while (v != 0);
    return out;
  };
  auto with_memory = [&](u8 flags, u64 min, std::optional<u64> max) {
    Bytes mem = {0x01, flags};
    for (u8 b : leb(min)) mem.push_back(b);
    if (max)
      for (u8 b : leb(*max)) mem.push_back(b);
    Bytes m = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x05};
    for (u8 b : leb(mem.size())) m.push_back(b);
    m.insert(m.end(), mem.begin(), mem.end());
    return m;
  };
  const EmbedderLimits limits = EmbedderLimits::current();
  const Features f3 = Features::v3();
  const u64 k = (u64{1} << 37) - 1;
  EXPECT_TRUE(compile_a_webassembly_module(limits, with_memory(0x04, k, std::nullopt), f3).ok());
  EXPECT_TRUE(compile_a_webassembly_module(limits, with_memory(0x05, 0, k), f3).ok());
  for (const Bytes& over : {with_memory(0x04, k + 1, std::nullopt), with_memory(0x05, 0, k + 1)}) {
    const Result<std::shared_ptr<Module>> r = compile_a_webassembly_module(limits, over, f3);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().outcome, Outcome::invalid);
    EXPECT_EQ(r.error().message.rfind(msg::implementation_limit, 0), 0u) << r.error().message;
  }
}

TEST(Limits, ModuleSizeAndMemories) {
  EmbedderLimits limits = EmbedderLimits::current();
  const Bytes bytes = module_returning(1);
  limits.module_size = static_cast<u32>(bytes.size());
  EXPECT_TRUE(compile_a_webassembly_module(limits, bytes).ok());
  limits.module_size = static_cast<u32>(bytes.size() - 1);
  EXPECT_FALSE(compile_a_webassembly_module(limits, bytes).ok());
  // wg-2.0 allows one memory (defined + imported); the current profile 100.
  WasmBuilder b;
  b.import_memory("m", "mem", 1, std::nullopt);
  const Bytes one = b.bytes();
  EXPECT_TRUE(compile_a_webassembly_module(EmbedderLimits::wg_2_0(), one).ok());
  limits = EmbedderLimits::wg_2_0();
  limits.memories = 0;
  EXPECT_FALSE(compile_a_webassembly_module(limits, one).ok());
}

TEST(Limits, TableCapIsARangeErrorAtInstantiationNeverACompileError) {
  MiniHost host;
  EmbedderLimits limits = EmbedderLimits::current();
  limits.table_size = 5;
  Agent agent(host, limits);
  WasmBuilder b;
  b.table(FUNCREF, 6, std::nullopt);
  std::vector<JsValue> args = {host.array_buffer(b.bytes())};
  CallArgs call;
  call.args = args;
  call.is_construct = true;
  Completion<JsValue> m = module_constructor(agent, call);
  ASSERT_TRUE(m.ok());  // compiles
  std::vector<JsValue> args2 = {*m};
  call.args = args2;
  Completion<JsValue> i = instance_constructor(agent, call);
  ASSERT_FALSE(i.ok());
  EXPECT_EQ(host.error_kind(i.thrown().value), ErrorKind::RangeError);
}

TEST(Limits, DefaultTableCapOfTenMillion) {
  MiniHost host;
  Agent agent(host);
  WasmBuilder b;
  b.table(FUNCREF, 10000001, std::nullopt);
  std::vector<JsValue> args = {host.array_buffer(b.bytes())};
  CallArgs call;
  call.args = args;
  Completion<JsValue> v = validate(agent, call);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(host.boolean_value(*v));
  call.is_construct = true;
  Completion<JsValue> m = module_constructor(agent, call);
  ASSERT_TRUE(m.ok());
  std::vector<JsValue> args2 = {*m};
  call.args = args2;
  Completion<JsValue> i = instance_constructor(agent, call);
  ASSERT_FALSE(i.ok());
  EXPECT_EQ(host.error_kind(i.thrown().value), ErrorKind::RangeError);
}

// ---- The namespace object ---------------------------------------------------------------

using NamespaceObject = JsApiTest;

TEST_F(NamespaceObject, HasEveryMember) {
  const JsValue ns = create_namespace_object(agent);
  for (const char16_t* name :
       {u"validate", u"compile", u"instantiate", u"compileStreaming", u"instantiateStreaming",
        u"Module", u"Instance", u"Memory", u"Table", u"Global", u"Tag", u"Exception",
        u"CompileError", u"LinkError", u"RuntimeError"}) {
    SCOPED_TRACE(MiniHost::utf8(name));
    EXPECT_TRUE(host.is_callable(get(ns, name)));
  }
  const JsValue module = get(ns, u"Module");
  for (const char16_t* name : {u"exports", u"imports", u"customSections"})
    EXPECT_TRUE(host.is_callable(get(module, name)));
  EXPECT_TRUE(host.is_callable(get(get(get(ns, u"Instance"), u"prototype"), u"get exports")));
  // Exception's methods and stack getter; the namespace's JSTag getter.
  const JsValue exception_prototype = get(get(ns, u"Exception"), u"prototype");
  for (const char16_t* name : {u"getArg", u"is", u"get stack"})
    EXPECT_TRUE(host.is_callable(get(exception_prototype, name)));
  EXPECT_TRUE(host.is_callable(get(ns, u"get JSTag")));
}

TEST_F(NamespaceObject, ConstructorsRequireNew) {
  const JsValue ns = create_namespace_object(agent);
  const JsValue module = get(ns, u"Module");
  const JsValue bytes = buffer(module_returning(1));
  Completion<JsValue> r = host.call(module, undef(), std::vector<JsValue>{bytes});
  EXPECT_EQ(error_of(r), ErrorKind::TypeError);
  r = host.construct(module, std::vector<JsValue>{bytes});
  ASSERT_TRUE(r.ok());
  EXPECT_NE(unwrap_as<ModuleObject>(host, *r, PlatformObject::Kind::module), nullptr);
  for (const char16_t* name : {u"Instance", u"Memory", u"Table", u"Global", u"Tag", u"Exception"}) {
    SCOPED_TRACE(MiniHost::utf8(name));
    EXPECT_EQ(error_of(host.call(get(ns, name), undef(), {})), ErrorKind::TypeError);
  }
}

TEST_F(NamespaceObject, OperationsWorkThroughTheObject) {
  const JsValue ns = create_namespace_object(agent);
  Completion<JsValue> r =
      host.call(get(ns, u"validate"), undef(), std::vector<JsValue>{buffer(module_returning(1))});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(host.boolean_value(*r));
  const JsValue m =
      *host.construct(get(ns, u"Module"), std::vector<JsValue>{buffer(module_returning(5))});
  const JsValue i = *host.construct(get(ns, u"Instance"), std::vector<JsValue>{m});
  const JsValue getter = get(get(get(ns, u"Instance"), u"prototype"), u"get exports");
  Completion<JsValue> e = host.call(getter, i, {});
  ASSERT_TRUE(e.ok());
  Completion<JsValue> v = host.call(get(*e, u"f"), undef(), {});
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(host.number_value(*v), 5);
}

TEST_F(NamespaceObject, ErrorClassesWorkWithAndWithoutNew) {
  const JsValue ns = create_namespace_object(agent);
  const struct {
    const char16_t* name;
    ErrorKind kind;
  } classes[] = {{u"CompileError", ErrorKind::CompileError},
                 {u"LinkError", ErrorKind::LinkError},
                 {u"RuntimeError", ErrorKind::RuntimeError}};
  for (const auto& c : classes) {
    const JsValue ctor = get(ns, c.name);
    Completion<JsValue> e = host.call(ctor, undef(), std::vector<JsValue>{str(u"hi")});
    ASSERT_TRUE(e.ok());
    EXPECT_EQ(host.error_kind(*e), c.kind);
    EXPECT_EQ(host.error_message(*e), u"hi");
    e = host.construct(ctor, {});
    ASSERT_TRUE(e.ok());
    EXPECT_EQ(host.error_kind(*e), c.kind);
  }
}

}  // namespace
}  // namespace wasmref::jsapi::testing
