// JS-API over an abstract JS host: MiniHost, the built-in JS host (ECMA-262 value model subset).
//
// MiniHost implements JsHost over a small in-process value model, enough for the harness and the
// JS-API unit tests to run every algorithm of js-api/index.bs without a JS engine:
//   undefined, null, Boolean, Number (double), BigInt (arbitrary precision), String (UTF-16),
//   Symbol, and objects: ordinary objects (own properties in insertion order, data and accessor
//   properties, a prototype or null, [[Extensible]]), arrays, built-in functions, platform
//   objects (wrap/unwrap), Exported GC Objects (js-api's exotic objects), error objects,
//   ArrayBuffers (owned or external, detachable), Uint8Array-like views, and promises; plus a
//   job queue (promise jobs) and a task queue.
//
// "User code" is C++: a NativeFunction stored in an object property (valueOf, toString, a getter,
// an @@iterator method, a `then`) runs whenever the ECMA-262 algorithm would call it, so tests
// can observe the order of Get/Call steps and make any step throw.
//
// Handles: every value made by the host is a cell of an append-only table; a handle stays valid
// for the host's lifetime. Handle 0 is undefined, so a default JsValue{} is undefined.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "jsapi/host.h"

namespace wasmref::jsapi {

// A BigInt: sign and magnitude (little-endian 32-bit limbs, no high zero limbs; zero is
// {false, {}}). Arbitrary precision, so StringToBigInt and the range checks are exact.
struct MiniBigInt {
  bool negative = false;
  std::vector<std::uint32_t> magnitude;

  static MiniBigInt from_i64(std::int64_t i);
  static MiniBigInt from_u64(std::uint64_t u);
  bool is_zero() const { return magnitude.empty(); }
  // BigInt::asIntN(64, n) / BigInt::asUintN(64, n): the value modulo 2^64.
  std::int64_t as_int64() const;
  std::uint64_t as_uint64() const;
  bool fits_u64() const;              // 0 <= n <= 2^64 - 1
  std::u16string to_decimal() const;  // BigInt::toString(n, 10)
  bool operator==(const MiniBigInt&) const = default;
};

class MiniHost final : public JsHost {
 public:
  MiniHost();
  ~MiniHost() override;
  MiniHost(const MiniHost&) = delete;
  MiniHost& operator=(const MiniHost&) = delete;

  // ---- JsHost -----------------------------------------------------------------------------
  JsType type_of(JsValue v) override;
  bool is_callable(JsValue v) override;
  bool same_value(JsValue a, JsValue b) override;

  JsValue undefined() override;
  JsValue null() override;
  JsValue boolean(bool b) override;
  JsValue number(double d) override;
  JsValue bigint(std::int64_t i) override;
  JsValue bigint_u64(std::uint64_t u) override;
  JsValue string(std::u16string_view s) override;

  // On a value of another type these return false / NaN / "" (never undefined behaviour).
  bool boolean_value(JsValue v) override;
  double number_value(JsValue v) override;
  std::u16string string_value(JsValue v) override;

  Completion<double> to_number(JsValue v) override;
  Completion<std::int32_t> to_int32(JsValue v) override;
  Completion<std::int64_t> to_bigint64(JsValue v) override;
  Completion<BigIntU64> to_bigint_u64(JsValue v) override;
  Completion<std::u16string> to_string(JsValue v) override;
  bool to_boolean(JsValue v) override;
  Completion<JsValue> get(JsValue object, std::u16string_view key) override;
  Completion<JsValue> call(JsValue f, JsValue this_value, std::span<const JsValue> args) override;
  Completion<std::vector<JsValue>> iterable_to_list(JsValue v) override;

  JsValue object() override;
  JsValue null_prototype_object() override;
  JsValue array(std::span<const JsValue> elements) override;
  void create_data_property(JsValue object, std::u16string_view key, JsValue v) override;
  void freeze(JsValue object) override;

  JsValue wrap(std::shared_ptr<PlatformObject> slots) override;
  JsValue exported_gc_object(std::shared_ptr<PlatformObject> slots) override;
  JsValue function(std::u16string_view name, std::uint32_t length, NativeFunction fn,
                   bool constructor = false,
                   std::shared_ptr<PlatformObject> slots = nullptr) override;
  PlatformObject* unwrap(JsValue v) override;

  JsValue make_error(ErrorKind kind, std::u16string_view message) override;
  JsValue make_stack_overflow_error(std::u16string_view message) override;
  std::optional<ErrorKind> error_kind(JsValue v) override;
  std::u16string error_message(JsValue v) override;

  std::optional<std::vector<std::uint8_t>> buffer_source_bytes(JsValue v) override;
  JsValue array_buffer(std::span<const std::uint8_t> bytes) override;
  JsValue memory_array_buffer(std::uint8_t* data, std::size_t length) override;
  void detach_array_buffer(JsValue buffer) override;
  bool is_detached(JsValue buffer) override;
  std::size_t array_buffer_byte_length(JsValue buffer) override;

  JsValue new_promise() override;
  void resolve_promise(JsValue promise, JsValue value) override;
  void reject_promise(JsValue promise, JsValue reason) override;
  void react(JsValue promise, std::function<void(JsValue)> on_fulfilled,
             std::function<void(JsValue)> on_rejected) override;
  PromiseState promise_state(JsValue promise) override;
  JsValue promise_result(JsValue promise) override;
  void queue_task(std::function<void()> task) override;

  // ---- Extras for tests and the harness ---------------------------------------------------

  // Event loop: drain the promise jobs, then run tasks FIFO, each followed by draining the
  // promise jobs, until both queues are empty.
  void run_until_idle();
  std::size_t pending_tasks() const;
  std::size_t pending_jobs() const;

  // Symbols. `symbol_iterator()` is the well-known @@iterator, `symbol_to_primitive()` is
  // @@toPrimitive; both are looked up by ToPrimitive / iterable_to_list.
  JsValue make_symbol(std::u16string_view description);
  JsValue symbol_iterator();
  JsValue symbol_to_primitive();
  std::u16string symbol_description(JsValue symbol);

  // A BigInt of any size (tests of ranges beyond 64 bits).
  JsValue bigint_of(MiniBigInt n);
  std::optional<MiniBigInt> bigint_value(JsValue v);  // nullopt if `v` is not a BigInt

  // Properties. `define_getter` adds an accessor property {get: getter, set: undefined,
  // enumerable, configurable} whose getter runs with the receiver as `this`.
  // `set_property` is an ordinary [[Set]] of a data property (false when the object is frozen
  // or not extensible). The `symbol` overloads take a symbol handle as the key.
  void define_getter(JsValue object, std::u16string_view key, NativeFunction getter);
  JsValue object_with_getter(std::u16string_view key, NativeFunction getter);
  bool set_property(JsValue object, std::u16string_view key, JsValue v);
  bool set_property(JsValue object, JsValue symbol, JsValue v);
  // The internal methods themselves, where an exotic object (an Exported GC Object) differs:
  // O.[[Set]](P, V, O) (a TypeError for an Exported GC Object; else as set_property),
  // O.[[Delete]](P) (OrdinaryDelete; a TypeError for an Exported GC Object) and
  // O.[[HasProperty]](P).
  Completion<bool> set(JsValue object, std::u16string_view key, JsValue v);
  Completion<bool> delete_property(JsValue object, std::u16string_view key);
  bool has_property(JsValue object, std::u16string_view key);
  Completion<JsValue> get(JsValue object, JsValue symbol);
  // [[Get]] without running user code: a data property's value (own or inherited); undefined
  // for an accessor or an absent key.
  JsValue get_property_or_undefined(JsValue object, std::u16string_view key);
  // OrdinaryOwnPropertyKeys restricted to string keys: integer indices ascending, then the
  // other strings in insertion order.
  std::vector<std::u16string> own_keys(JsValue object);
  bool is_frozen(JsValue object);  // TestIntegrityLevel(O, frozen)
  bool is_extensible(JsValue object);
  JsValue get_prototype(JsValue object);  // null for a null-prototype object or a primitive
  void set_prototype(JsValue object, JsValue proto);  // proto: an object or null

  // Construct(F, args, newTarget): TypeError unless F is a constructor.
  Completion<JsValue> construct(JsValue f, std::span<const JsValue> args);
  Completion<JsValue> construct(JsValue f, std::span<const JsValue> args, JsValue new_target);

  // Maximum nesting of call()/construct() before a stack overflow (a RangeError made by
  // make_stack_overflow_error), standing in for the engine's stack guard.
  void set_max_call_depth(std::size_t depth);

  // Buffers: a Uint8Array over the whole buffer (its length is fixed at creation; 0 once the
  // buffer is detached), and the live bytes of an ArrayBuffer or view (empty once detached).
  JsValue uint8_array(JsValue buffer);
  std::span<std::uint8_t> buffer_data(JsValue buffer_or_view);
  bool is_array_buffer(JsValue v);

  // Errors: the constructor name of an error object ("TypeError", "SyntaxError",
  // "CompileError", ...), "" when `v` is not an error object.
  std::u16string error_name(JsValue v);

  // The intrinsic prototypes (e.g. to build interface prototype objects in tests).
  JsValue object_prototype();
  JsValue function_prototype();

  // UTF-8 <-> UTF-16: core names are UTF-8, JS strings UTF-16. Ill-formed input (invalid UTF-8,
  // lone surrogates) becomes U+FFFD.
  static std::u16string utf16(std::string_view utf8);
  static std::string utf8(std::u16string_view utf16);

  // Number::toString(x) (ECMA-262 §6.1.6.1.20), shortest round-trip digits.
  static std::u16string number_to_string(double x);
  // StringToNumber (ECMA-262 §7.1.4.1.1).
  static double string_to_number(std::u16string_view s);
  // StringToBigInt (ECMA-262 §7.1.14): nullopt when the string is not a StringIntegerLiteral.
  static std::optional<MiniBigInt> string_to_bigint(std::u16string_view s);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace wasmref::jsapi
