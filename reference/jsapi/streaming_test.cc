// Web-API §streaming-modules: compileStreaming / instantiateStreaming over Response-like
// sources, every throwing step of "compile a potential WebAssembly response"; gtest over MiniHost.
#include <memory>
#include <string>
#include <vector>

#include "binary/decode.h"
#include "jsapi/namespace_test_util.h"
#include "jsapi/streaming.h"

namespace wasmref::jsapi::testing {
namespace {

using namespace wasmref::testing;  // NOLINT: builder helpers

struct ResponseSpec {
  std::uint16_t status = 200;
  std::optional<std::string> content_type = std::string("application/wasm");
  bool cors_same_origin = true;
  bool body_used = false;
  std::vector<Bytes> chunks;
  std::optional<JsValue> read_error;
};

// A module importing "my_namespace"."imported_func" (i32 -> nothing), exporting "f" returning 7.
Bytes module_with_import() {
  WasmBuilder b;
  const u32 t = b.type({I32}, {});
  b.import_func("my_namespace", "imported_func", t);
  const u32 r = b.type({}, {I32});
  b.export_func("f", b.func(r, i32_const(7)));
  return b.bytes();
}

std::vector<Bytes> one_byte_chunks(const Bytes& b) {
  std::vector<Bytes> out;
  for (u8 x : b) out.push_back({x});
  return out;
}

class Streaming : public JsApiTest {
 protected:
  JsValue response(const ResponseSpec& spec, std::shared_ptr<ResponseObject>* slots_out = nullptr) {
    auto r = std::make_shared<ResponseObject>();
    r->status = spec.status;
    r->content_type = spec.content_type;
    r->cors_same_origin = spec.cors_same_origin;
    r->body_used = spec.body_used;
    for (const Bytes& c : spec.chunks) r->body.push_back(c);
    r->read_error = spec.read_error;
    if (slots_out != nullptr) *slots_out = r;
    return host.wrap(r);
  }
  JsValue response_of(const Bytes& bytes) {
    ResponseSpec s;
    s.chunks = {bytes};
    return response(s);
  }
  // Calls the operation, checks the promise is still pending (settling happens in tasks),
  // runs the event loop, and returns the settled promise.
  JsValue settle(Operation op, std::vector<JsValue> args) {
    Completion<JsValue> p = call(op, std::move(args));
    EXPECT_TRUE(p.ok()) << "a promise-returning operation never throws";
    if (!p.ok()) return undef();
    host.run_until_idle();
    EXPECT_NE(host.promise_state(*p), JsHost::PromiseState::pending);
    return *p;
  }
  std::optional<ErrorKind> rejection_kind(JsValue promise) {
    if (host.promise_state(promise) != JsHost::PromiseState::rejected) return std::nullopt;
    return host.error_kind(host.promise_result(promise));
  }
  bool fulfilled_with_module(JsValue promise) {
    return host.promise_state(promise) == JsHost::PromiseState::fulfilled &&
           unwrap_as<ModuleObject>(host, host.promise_result(promise), PlatformObject::Kind::module) != nullptr;
  }
  JsValue compile_with_content_type(std::optional<std::string> content_type) {
    ResponseSpec s;
    s.content_type = std::move(content_type);
    s.chunks = {module_returning(1)};
    return settle(compile_streaming, {response(s)});
  }
  JsValue compile_with_status(std::uint16_t status) {
    ResponseSpec s;
    s.status = status;
    s.chunks = {module_returning(1)};
    return settle(compile_streaming, {response(s)});
  }
};

TEST_F(Streaming, MimeTypeMatchesAfterTrimmingTabAndSpaceAnyCase) {
  EXPECT_TRUE(fulfilled_with_module(compile_with_content_type("application/wasm")));
  EXPECT_TRUE(fulfilled_with_module(compile_with_content_type(" application/wasm\t")));
  EXPECT_TRUE(fulfilled_with_module(compile_with_content_type("APPLICATION/WASM")));
  EXPECT_TRUE(fulfilled_with_module(compile_with_content_type("\t \tApplication/Wasm  ")));
}

TEST_F(Streaming, OtherMimeTypesAreTypeErrors) {
  for (const char* bad : {"application/wasm;", "application/wasm; x=y", "application/wasm ;",
                          "text/html", "", "\fapplication/wasm", "application/wasm\n",
                          "application/was", "application/wasmx", "application/octet-stream"}) {
    EXPECT_EQ(rejection_kind(compile_with_content_type(bad)), ErrorKind::TypeError) << bad;
  }
}

TEST_F(Streaming, MissingContentTypeIsATypeError) {
  EXPECT_EQ(rejection_kind(compile_with_content_type(std::nullopt)), ErrorKind::TypeError);
}

TEST_F(Streaming, StatusMustBeOk) {
  EXPECT_EQ(rejection_kind(compile_with_status(404)), ErrorKind::TypeError);
  EXPECT_EQ(rejection_kind(compile_with_status(199)), ErrorKind::TypeError);
  EXPECT_EQ(rejection_kind(compile_with_status(300)), ErrorKind::TypeError);
  EXPECT_EQ(rejection_kind(compile_with_status(500)), ErrorKind::TypeError);
  EXPECT_TRUE(fulfilled_with_module(compile_with_status(200)));
  EXPECT_TRUE(fulfilled_with_module(compile_with_status(299)));
  EXPECT_TRUE(fulfilled_with_module(compile_with_status(204)));
}

TEST_F(Streaming, MimeIsCheckedBeforeStatus) {
  ResponseSpec s;
  s.status = 404;
  s.content_type = "text/html";
  const JsValue p = settle(compile_streaming, {response(s)});
  ASSERT_EQ(rejection_kind(p), ErrorKind::TypeError);
  EXPECT_EQ(host.error_message(host.promise_result(p)), host.string_value(str(u"Response MIME type is not 'application/wasm'")));
}

TEST_F(Streaming, NotCorsSameOriginIsATypeError) {
  ResponseSpec s;
  s.cors_same_origin = false;
  s.chunks = {module_returning(1)};
  EXPECT_EQ(rejection_kind(settle(compile_streaming, {response(s)})), ErrorKind::TypeError);
}

TEST_F(Streaming, UsedBodyIsATypeError) {
  ResponseSpec s;
  s.body_used = true;
  s.chunks = {module_returning(1)};
  EXPECT_EQ(rejection_kind(settle(compile_streaming, {response(s)})), ErrorKind::TypeError);
  // Consuming a body uses it: the same Response a second time is a TypeError.
  const JsValue r = response_of(module_returning(1));
  EXPECT_TRUE(fulfilled_with_module(settle(compile_streaming, {r})));
  EXPECT_EQ(rejection_kind(settle(compile_streaming, {r})), ErrorKind::TypeError);
}

TEST_F(Streaming, ReadErrorRejectsWithThatValue) {
  const JsValue reason = host.object();
  ResponseSpec s;
  s.chunks = {Bytes{0x00, 0x61}};
  s.read_error = reason;
  const JsValue p = settle(compile_streaming, {response(s)});
  ASSERT_EQ(host.promise_state(p), JsHost::PromiseState::rejected);
  EXPECT_TRUE(host.same_value(host.promise_result(p), reason));
}

TEST_F(Streaming, ReadErrorWinsOverAMalformedStart) {
  // The bytes seen are malformed before the stream fails: the spec reads the whole body
  // first, so the rejection is the read error, not a CompileError.
  const JsValue reason = str(u"network down");
  ResponseSpec s;
  s.chunks = {Bytes{0x01, 0x02, 0x03, 0x04, 0x05}, Bytes{0x06}};
  s.read_error = reason;
  const JsValue p = settle(compile_streaming, {response(s)});
  ASSERT_EQ(host.promise_state(p), JsHost::PromiseState::rejected);
  EXPECT_TRUE(host.same_value(host.promise_result(p), reason));
}

TEST_F(Streaming, RejectedSourcePromisePropagates) {
  const JsValue source = host.new_promise();
  const JsValue reason = host.object();
  host.reject_promise(source, reason);
  const JsValue p = settle(compile_streaming, {source});
  ASSERT_EQ(host.promise_state(p), JsHost::PromiseState::rejected);
  EXPECT_TRUE(host.same_value(host.promise_result(p), reason));
}

TEST_F(Streaming, APromiseOfAResponseIsAwaited) {
  const JsValue source = host.new_promise();
  Completion<JsValue> p = call(compile_streaming, {source});
  ASSERT_TRUE(p.ok());
  host.run_until_idle();
  EXPECT_EQ(host.promise_state(*p), JsHost::PromiseState::pending);
  host.resolve_promise(source, response_of(module_returning(3)));
  host.run_until_idle();
  EXPECT_TRUE(fulfilled_with_module(*p));
}

TEST_F(Streaming, ANonResponseIsATypeError) {
  EXPECT_EQ(rejection_kind(settle(compile_streaming, {num(1)})), ErrorKind::TypeError);
  EXPECT_EQ(rejection_kind(settle(compile_streaming, {host.object()})), ErrorKind::TypeError);
  EXPECT_EQ(rejection_kind(settle(compile_streaming, {buffer(module_returning(1))})), ErrorKind::TypeError);
  const JsValue source = host.new_promise();
  host.resolve_promise(source, undef());
  EXPECT_EQ(rejection_kind(settle(compile_streaming, {source})), ErrorKind::TypeError);
}

TEST_F(Streaming, MissingSourceRejectsInsteadOfThrowing) {
  EXPECT_EQ(rejection_kind(settle(compile_streaming, {})), ErrorKind::TypeError);
  EXPECT_EQ(rejection_kind(settle(instantiate_streaming, {})), ErrorKind::TypeError);
}

TEST_F(Streaming, SettlesInTasksNotInline) {
  Completion<JsValue> p = call(compile_streaming, {response_of(module_returning(1))});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(host.promise_state(*p), JsHost::PromiseState::pending);
  // Even a TypeError for the MIME type comes through the reaction to the source, not inline.
  ResponseSpec s;
  s.content_type = "text/html";
  Completion<JsValue> q = call(compile_streaming, {response(s)});
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(host.promise_state(*q), JsHost::PromiseState::pending);
  host.run_until_idle();
  EXPECT_TRUE(fulfilled_with_module(*p));
  EXPECT_EQ(rejection_kind(*q), ErrorKind::TypeError);
}

TEST_F(Streaming, BodyIsReadOneChunkPerTask) {
  std::shared_ptr<ResponseObject> slots;
  ResponseSpec s;
  s.chunks = one_byte_chunks(module_returning(5));
  const size_t n = s.chunks.size();
  Completion<JsValue> p = call(compile_streaming, {response(s, &slots)});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(slots->body.size(), n);  // nothing read synchronously
  EXPECT_FALSE(slots->body_used);
  host.run_until_idle();
  EXPECT_TRUE(slots->body.empty());
  EXPECT_TRUE(slots->body_used);
  ASSERT_TRUE(fulfilled_with_module(*p));
  const auto* m = unwrap_as<ModuleObject>(host, host.promise_result(*p), PlatformObject::Kind::module);
  EXPECT_EQ(m->bytes, module_returning(5));
}

TEST_F(Streaming, MalformedAndInvalidBodiesAreCompileErrorsWithDecodeModulesMessage) {
  const Bytes malformed = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x0D, 0x00};
  for (bool one_byte : {false, true}) {
    ResponseSpec s;
    s.chunks = one_byte ? one_byte_chunks(malformed) : std::vector<Bytes>{malformed};
    const JsValue p = settle(compile_streaming, {response(s)});
    ASSERT_EQ(rejection_kind(p), ErrorKind::CompileError);
    Completion<JsValue> sync = construct(module_constructor, {buffer(malformed)});
    ASSERT_FALSE(sync.ok());
    EXPECT_EQ(host.error_message(host.promise_result(p)), message_of(sync.thrown()));
  }
  WasmBuilder b;  // i32.add on an empty stack: invalid
  b.func(b.type({}, {}), {0x6A});
  EXPECT_EQ(rejection_kind(settle(compile_streaming, {response_of(b.bytes())})), ErrorKind::CompileError);
  EXPECT_EQ(rejection_kind(settle(compile_streaming, {response_of({})})), ErrorKind::CompileError);
  // A truncated module: the error is only known at the end of the body.
  const Bytes full = module_returning(1);
  const Bytes cut(full.begin(), full.end() - 2);
  ResponseSpec s;
  s.chunks = one_byte_chunks(cut);
  EXPECT_EQ(rejection_kind(settle(compile_streaming, {response(s)})), ErrorKind::CompileError);
}

TEST_F(Streaming, OptionsAreConverted) {
  EXPECT_EQ(rejection_kind(settle(compile_streaming, {response_of(module_returning(1)), num(1)})),
            ErrorKind::TypeError);
  const JsValue options = host.object();
  host.create_data_property(options, u"builtins", host.array(std::vector<JsValue>{str(u"x"), str(u"x")}));
  EXPECT_EQ(rejection_kind(settle(compile_streaming, {response_of(module_returning(1)), options})),
            ErrorKind::CompileError);
}

TEST_F(Streaming, InstantiateStreamingGivesModuleAndInstance) {
  std::vector<JsValue> seen;
  const JsValue imported = js_function([&](JsHost&, const CallArgs& c) -> Completion<JsValue> {
    seen.push_back(c.args.empty() ? undef() : c.args[0]);
    return undef();
  });
  ResponseSpec s;
  s.chunks = one_byte_chunks(module_with_import());
  const JsValue p =
      settle(instantiate_streaming, {response(s), imports_object(u"my_namespace", u"imported_func", imported)});
  ASSERT_EQ(host.promise_state(p), JsHost::PromiseState::fulfilled);
  const JsValue result = host.promise_result(p);
  EXPECT_NE(unwrap_as<ModuleObject>(host, get(result, u"module"), PlatformObject::Kind::module), nullptr);
  const JsValue instance = get(result, u"instance");
  ASSERT_NE(unwrap_as<InstanceObject>(host, instance, PlatformObject::Kind::instance), nullptr);
  Completion<JsValue> r = host.call(get(exports_of(instance), u"f"), undef(), {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(host.number_value(*r), 7);
}

TEST_F(Streaming, InstantiateStreamingErrors) {
  // importObject omitted for a module with imports: TypeError (read the imports).
  EXPECT_EQ(rejection_kind(settle(instantiate_streaming, {response_of(module_with_import())})), ErrorKind::TypeError);
  // importObject not an object: TypeError at conversion.
  EXPECT_EQ(rejection_kind(settle(instantiate_streaming, {response_of(module_with_import()), num(1)})),
            ErrorKind::TypeError);
  // Not callable: LinkError.
  EXPECT_EQ(rejection_kind(settle(instantiate_streaming,
                                  {response_of(module_with_import()), imports_object(u"my_namespace", u"imported_func", num(1))})),
            ErrorKind::LinkError);
  // Response checks and compile errors propagate.
  ResponseSpec s;
  s.status = 404;
  s.chunks = {module_returning(1)};
  EXPECT_EQ(rejection_kind(settle(instantiate_streaming, {response(s), host.object()})), ErrorKind::TypeError);
  EXPECT_EQ(rejection_kind(settle(instantiate_streaming, {response_of({0, 1, 2}), host.object()})),
            ErrorKind::CompileError);
  // A module without imports needs no import object.
  const JsValue p = settle(instantiate_streaming, {response_of(module_returning(2))});
  EXPECT_EQ(host.promise_state(p), JsHost::PromiseState::fulfilled);
}

TEST(IsApplicationWasm, TrimsOnlyTabAndSpace) {
  EXPECT_TRUE(is_application_wasm("application/wasm"));
  EXPECT_TRUE(is_application_wasm(" \t application/WASM \t "));
  EXPECT_FALSE(is_application_wasm("\rapplication/wasm"));
  EXPECT_FALSE(is_application_wasm("application/wasm\v"));
  EXPECT_FALSE(is_application_wasm("application/wasm;"));
  EXPECT_FALSE(is_application_wasm("application /wasm"));
  EXPECT_FALSE(is_application_wasm(""));
  EXPECT_FALSE(is_application_wasm("   "));
}

}  // namespace
}  // namespace wasmref::jsapi::testing
