// Web-API §streaming-modules (web-api/index.bs): compileStreaming, instantiateStreaming and
// "compile a potential WebAssembly response".
//
// The body is consumed chunk by chunk (one task per chunk) through binary::StreamDecoder,
// which frames and decodes the module as it arrives. The spec consumes the whole body before
// compiling and says streaming must be unobservable, so nothing settles before the body is
// complete: a read error at the end still wins over a malformed start.
#include "jsapi/streaming.h"

#include <memory>
#include <utility>

#include "binary/stream.h"
#include "jsapi/objects.h"
#include "jsapi/webassembly.h"
#include "syntax/messages.h"

namespace wasmref::jsapi {
namespace {

JsValue rejected_promise(JsHost& host, const Thrown& thrown) {
  const JsValue promise = host.new_promise();
  host.reject_promise(promise, thrown.value);
  return promise;
}

// Fetch "HTTP tab or space byte": 0x09 or 0x20 (nothing else: a form feed stays).
bool is_http_tab_or_space(char c) { return c == '\t' || c == ' '; }

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// The state of one consumption of a body: the decoder fed so far and where the result goes.
struct BodyConsumption {
  Agent* agent = nullptr;
  ResponseObject* response = nullptr;  // kept alive by the host (its JS object)
  JsValue return_value{};              // the promise of the Module
  JsValue body_promise{};              // "consume body": fulfilled at the end of the body
  CompileOptions options;
  binary::StreamDecoder decoder;
};

// Reads the next chunk of the body in a task of its own (the networking task source); at the
// end, settles the body promise: fulfilled, or rejected with the stream's error.
void read_next_chunk(std::shared_ptr<BodyConsumption> c) {
  JsHost& host = c->agent->host;
  host.queue_task([c] {
    JsHost& h = c->agent->host;
    ResponseObject& response = *c->response;
    if (response.body.empty()) {
      if (response.read_error) {
        h.reject_promise(c->body_promise, *response.read_error);
      } else {
        h.resolve_promise(c->body_promise, h.undefined());
      }
      return;
    }
    const std::vector<u8> chunk = std::move(response.body.front());
    response.body.pop_front();
    c->decoder.feed(chunk);  // once an error is determined, the bytes are only kept
    read_next_chunk(c);
  });
}

// Upon fulfilment of the body promise: stableBytes, then "asynchronously compile the
// WebAssembly module stableBytes using the networking task source and options", resolving
// returnValue with the result.
void compile_the_body(const std::shared_ptr<BodyConsumption>& c) {
  Agent& agent = *c->agent;
  JsHost& host = agent.host;
  std::vector<u8> stable_bytes = c->decoder.bytes();
  if (!c->decoder.error()) {
    host.resolve_promise(c->return_value,
                         asynchronously_compile(agent, std::move(stable_bytes), std::move(c->options)));
    return;
  }
  // The streamed decoding already failed: "compile a WebAssembly module" fails with the same
  // error (StreamDecoder's contract), after the byte-level limits that it checks first
  // (check_byte_limits). Settled in a queued task, like asynchronously_compile.
  Result<void> size = check_byte_limits(agent.limits, stable_bytes);
  const Error error = size ? *c->decoder.error() : size.error();
  const JsValue promise = host.new_promise();
  Agent* a = &agent;
  host.queue_task([a, promise, error] { a->host.reject_promise(promise, throw_core_error(*a, error).value); });
  host.resolve_promise(c->return_value, promise);
}

// The steps of "compile a potential WebAssembly response" once the source is fulfilled.
void compile_the_response(Agent& agent, JsValue return_value, JsValue unwrapped_source,
                          CompileOptions options) {
  JsHost& host = agent.host;
  auto reject_with_type_error = [&](const char* message) {
    host.reject_promise(return_value, throw_message(host, ErrorKind::TypeError, message).value);
  };
  // 2.1. response = unwrappedSource's response (the IDL type is Response: anything else is
  // a TypeError of the Promise<Response> conversion).
  auto* response = unwrap_as<ResponseObject>(host, unwrapped_source, PlatformObject::Kind::response);
  if (response == nullptr) return reject_with_type_error(msg::js_not_a_response);
  // 2.2-2.3. mimeType = getting `Content-Type`; null -> TypeError.
  if (!response->content_type) return reject_with_type_error(msg::js_response_no_content_type);
  // 2.4-2.5. strip HTTP tab or space bytes; not `application/wasm` -> TypeError.
  if (!is_application_wasm(*response->content_type)) return reject_with_type_error(msg::js_response_mime_type);
  // 2.6. not CORS-same-origin -> TypeError.
  if (!response->cors_same_origin) return reject_with_type_error(msg::js_response_not_cors_same_origin);
  // 2.7. not an ok status (200-299) -> TypeError.
  if (response->status < 200 || response->status > 299) return reject_with_type_error(msg::js_response_status);
  // 2.8. consume the body as an ArrayBuffer: bodyPromise. An unusable body gives a promise
  // rejected with a TypeError; otherwise the body is disturbed and read chunk by chunk.
  auto c = std::make_shared<BodyConsumption>();
  c->agent = &agent;
  c->response = response;
  c->return_value = return_value;
  c->body_promise = host.new_promise();
  c->options = std::move(options);
  if (response->body_used) {
    host.reject_promise(c->body_promise, throw_message(host, ErrorKind::TypeError, msg::js_response_body_used).value);
  } else {
    response->body_used = true;
    read_next_chunk(c);
  }
  // 2.9. react to bodyPromise: fulfilled -> compile; rejected -> reject returnValue.
  host.react(
      c->body_promise, [c](JsValue) { compile_the_body(c); },
      [c](JsValue reason) { c->agent->host.reject_promise(c->return_value, reason); });
}

}  // namespace

bool is_application_wasm(std::string_view content_type) {
  std::string_view m = content_type;
  while (!m.empty() && is_http_tab_or_space(m.front())) m.remove_prefix(1);
  while (!m.empty() && is_http_tab_or_space(m.back())) m.remove_suffix(1);
  constexpr std::string_view kWasm = "application/wasm";
  if (m.size() != kWasm.size()) return false;  // so "application/wasm;" and parameters fail
  for (size_t i = 0; i < m.size(); ++i) {
    if (ascii_lower(m[i]) != kWasm[i]) return false;  // byte-case-insensitive
  }
  return true;
}

JsValue compile_a_potential_webassembly_response(Agent& agent, JsValue source, CompileOptions options) {
  JsHost& host = agent.host;
  const JsValue return_value = host.new_promise();  // 1.
  // The Promise<Response> argument: a promise is adopted, any other value becomes a promise
  // fulfilled with it.
  // Note (deviation): WebIDL's PromiseResolve returns a native promise itself; resolving a new
  // promise with it adopts it instead, which settles two microtasks later. Only the order
  // against unrelated microtasks can tell; the host interface has no IsPromise.
  const JsValue source_promise = host.new_promise();
  host.resolve_promise(source_promise, source);
  Agent* a = &agent;
  auto opts = std::make_shared<CompileOptions>(std::move(options));
  // 2. react to source.
  host.react(
      source_promise,
      [a, return_value, opts](JsValue unwrapped_source) {
        compile_the_response(*a, return_value, unwrapped_source, std::move(*opts));
      },
      [a, return_value](JsValue reason) { a->host.reject_promise(return_value, reason); });
  return return_value;  // 3.
}

// compileStreaming(source, options): the promise of compiling a potential response.
Completion<JsValue> compile_streaming(Agent& agent, const CallArgs& call) {
  JsHost& host = agent.host;
  // WebIDL: a promise-returning operation turns conversion errors into a rejected promise.
  if (call.missing(0)) return rejected_promise(host, throw_message(host, ErrorKind::TypeError, msg::js_missing_argument, "source"));
  Completion<CompileOptions> options = convert_compile_options(host, call, 1);
  if (!options) return rejected_promise(host, options.thrown());
  return compile_a_potential_webassembly_response(agent, call.args[0], std::move(*options));
}

// instantiateStreaming(source, importObject, options).
Completion<JsValue> instantiate_streaming(Agent& agent, const CallArgs& call) {
  JsHost& host = agent.host;
  if (call.missing(0)) return rejected_promise(host, throw_message(host, ErrorKind::TypeError, msg::js_missing_argument, "source"));
  Completion<JsValue> import_object = convert_import_object(host, call, 1);
  if (!import_object) return rejected_promise(host, import_object.thrown());
  Completion<CompileOptions> options = convert_compile_options(host, call, 2);
  if (!options) return rejected_promise(host, options.thrown());
  // 1. promiseOfModule; 2. instantiate the promise of a module with importObject.
  const JsValue promise_of_module =
      compile_a_potential_webassembly_response(agent, call.args[0], std::move(*options));
  return instantiate_a_promise_of_a_module(agent, promise_of_module, *import_object);
}

}  // namespace wasmref::jsapi
