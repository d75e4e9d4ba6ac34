// Web-API §streaming-modules (web-api/index.bs): WebAssembly.compileStreaming and
// instantiateStreaming over a Response-like source.
//
// compile_streaming and instantiate_streaming themselves are declared with the other
// operations in webassembly.h and defined in streaming.cc.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jsapi/agent.h"
#include "jsapi/host.h"
#include "jsapi/namespace.h"

namespace wasmref::jsapi {

// The slots of a Response (Fetch) as far as "compile a potential WebAssembly response" looks
// at it. The embedder (or a test) fills it in and wraps it with JsHost::wrap.
struct ResponseObject : PlatformObject {
  ResponseObject() : PlatformObject(Kind::response) {}
  std::uint16_t status = 200;
  // The value of the `Content-Type` header as raw bytes ("getting" it from the header list);
  // nullopt when the header is absent.
  std::optional<std::string> content_type = std::string("application/wasm");
  bool cors_same_origin = true;
  // Fetch "unusable" body (disturbed or locked): consuming it again is a TypeError.
  bool body_used = false;
  // The body, delivered one chunk per task (the networking task source) in this order.
  std::deque<std::vector<std::uint8_t>> body;
  // If set, the body stream errors with this value after the chunks above.
  std::optional<JsValue> read_error;
};

// Steps 2-3 of "compile a potential WebAssembly response": strip the HTTP tab or space bytes
// (0x09, 0x20) from both ends, then a byte-case-insensitive match for `application/wasm`
// (parameters, even a bare ";", do not match).
bool is_application_wasm(std::string_view content_type);

// "compile a potential WebAssembly response" with a promise of a Response (or a Response):
// a promise of a Module.
JsValue compile_a_potential_webassembly_response(Agent& agent, JsValue source,
                                                 CompileOptions options);

}  // namespace wasmref::jsapi
