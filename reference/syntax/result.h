// Outcomes of the core algorithms (ARCHITECTURE "Outcomes") and a value-or-error result
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace wasmref {

// Exactly the outcomes a core operation can end in. Each maps to one assertion kind of the
// testsuite and one JS-API error class (harness/, jsapi/ do that mapping, not core).
enum class Outcome : unsigned char {
  malformed,   // §5 binary decoding failed                    (assert_malformed)
  invalid,     // §3 validation failed                         (assert_invalid)
  link_error,  // §4.5.4 instantiation step: imports don't match (assert_unlinkable)
  trap,        // §4.4 a trap, at run time or during instantiation
  exhaustion,  // resource exhaustion: call stack, value stack (assert_exhaustion)
  exception,   // core 3.0: an uncaught wasm exception (Error::exn names it)  (assert_exception)
  crash,       // a broken invariant of ours: never expected, always a bug
};
const char* to_string(Outcome o);

struct Error {
  Outcome outcome = Outcome::crash;
  std::string message;  // the testsuite's text first; details may follow after ": "
  // Outcome::exception: the address of the exception instance in the store it was thrown in
  // (appendix embedding.rst: the result "exception exnaddr").
  unsigned exn = 0;
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(v_); }
  Error&& take_error() { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }
  Error&& take_error() { return std::move(error_); }

 private:
  Error error_;
  bool ok_ = true;
};

inline Error make_error(Outcome o, std::string message) { return Error{o, std::move(message)}; }

}  // namespace wasmref
