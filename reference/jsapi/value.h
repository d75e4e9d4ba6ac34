// JS-API over an abstract JS host: the handle of a JS value.
#pragma once

#include <cstdint>

namespace wasmref::jsapi {

// An opaque handle to a JS value, minted and interpreted by the host (JsHost). Handles of the
// built-in host stay valid for the host's lifetime; a Node-API host would map them to
// persistent references. Compare values with JsHost::same_value, not with ==.
struct JsValue {
  std::uint64_t handle = 0;
};

// ECMAScript language types (ECMA-262 §6.1) as the JS-API's type tests need them.
enum class JsType : unsigned char { undefined, null, boolean, number, bigint, string, symbol, object };

}  // namespace wasmref::jsapi
