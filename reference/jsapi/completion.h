// JS-API (js-api/index.bs) over an abstract JS host: completion records.
//
// ECMAScript algorithms return completions: normal (a value) or throw (a JS value). The spec's
// `?` steps propagate a throw; they stay explicit in C++ because errors are values here,
// never C++ exceptions (WASMREF_JS_TRY below is the `?`).
#pragma once

#include <utility>
#include <variant>

#include "jsapi/value.h"

namespace wasmref::jsapi {

// The error classes the JS-API throws (js-api "Error Condition Mappings", WebIDL simple
// exceptions). A JS stack overflow is whatever class the host uses for it (RangeError in V8
// and in our built-in host): see JsHost::make_stack_overflow_error.
enum class ErrorKind : unsigned char { TypeError, RangeError, CompileError, LinkError, RuntimeError };
const char* to_string(ErrorKind k);  // "TypeError", ...

// A throw completion: the thrown JS value (an error object made by the host, a
// WebAssembly.Exception, or any value a host function threw, identity kept).
struct Thrown {
  JsValue value;
};

template <class T>
class [[nodiscard]] Completion {
 public:
  Completion(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Completion(Thrown t) : v_(t) {}                // NOLINT(google-explicit-constructor)
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Thrown& thrown() const { return std::get<1>(v_); }

 private:
  std::variant<T, Thrown> v_;
};

template <>
class [[nodiscard]] Completion<void> {
 public:
  Completion() = default;
  Completion(Thrown t) : thrown_(t), ok_(false) {}  // NOLINT(google-explicit-constructor)
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Thrown& thrown() const { return thrown_; }

 private:
  Thrown thrown_{};
  bool ok_ = true;
};

}  // namespace wasmref::jsapi

// `?` of the spec: evaluate `expr` (a Completion); on a throw, return it from the enclosing
// function (whose return type must be constructible from Thrown); otherwise bind the value.
//   WASMREF_JS_TRY(const double n, host.to_number(v));
#define WASMREF_JS_CONCAT_(a, b) a##b
#define WASMREF_JS_CONCAT(a, b) WASMREF_JS_CONCAT_(a, b)
#define WASMREF_JS_TRY(decl, expr)                                              \
  auto WASMREF_JS_CONCAT(js_try_, __LINE__) = (expr);                           \
  if (!WASMREF_JS_CONCAT(js_try_, __LINE__)) return WASMREF_JS_CONCAT(js_try_, __LINE__).thrown(); \
  decl = std::move(*WASMREF_JS_CONCAT(js_try_, __LINE__))
#define WASMREF_JS_TRY_VOID(expr)                                               \
  do {                                                                          \
    auto js_try_void_ = (expr);                                                 \
    if (!js_try_void_) return js_try_void_.thrown();                            \
  } while (0)
