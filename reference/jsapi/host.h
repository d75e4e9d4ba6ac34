// JS-API over an abstract JS host: everything the JS-API algorithms need from ECMAScript.
//
// The algorithms (webassembly.h) are written once against this interface. Two hosts:
// the built-in MiniHost (mini_host.h: a small value model for the harness and unit tests)
// and, later, a Node-API binding that maps real JS values.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "jsapi/completion.h"
#include "jsapi/value.h"
#include "syntax/types.h"

namespace wasmref::jsapi {

// The arguments of a call of a built-in function (ECMA-262 "built-in function objects").
// `new_target` is undefined for a plain call and the constructor for `new`.
struct CallArgs {
  JsValue this_value{};
  std::span<const JsValue> args;
  JsValue new_target{};
  bool is_construct = false;

  size_t size() const { return args.size(); }
  // WebIDL: an argument that was not passed.
  bool missing(size_t i) const { return i >= args.size(); }
};

class JsHost;
using NativeFunction = std::function<Completion<JsValue>(JsHost& host, const CallArgs& call)>;

// The internal slots of a platform object (WebIDL) or an Exported Function: the C++ state
// behind a JS object that the JS-API creates (Module, Instance, Memory, ...). `kind` is the
// brand that brand checks test.
struct PlatformObject {
  enum class Kind : unsigned char {
    module,
    instance,
    memory,
    table,
    global,
    tag,
    exception,
    exported_function,
    exported_gc_object,  // js-api §gc-exotic-objects (core 3.0 structures and arrays)
    response,  // a Response-like body for compileStreaming (web-api), made by the embedder
  };
  explicit PlatformObject(Kind k) : kind(k) {}
  virtual ~PlatformObject() = default;
  const Kind kind;
};

// Unsigned 64-bit result of ToBigInt with its range (js-api AddressValueToU64 needs to know
// whether the BigInt lies in 0..2^64-1).
struct BigIntU64 {
  bool in_range = false;  // 0 <= n <= 2^64 - 1
  std::uint64_t value = 0;
};

class JsHost {
 public:
  virtual ~JsHost() = default;

  // --- Type tests (ECMA-262 Type(), IsCallable) ------------------------------------------
  virtual JsType type_of(JsValue v) = 0;
  virtual bool is_callable(JsValue v) = 0;
  virtual bool same_value(JsValue a, JsValue b) = 0;  // SameValue (-0 != +0, NaN == NaN)

  // --- Primitive values -------------------------------------------------------------------
  virtual JsValue undefined() = 0;
  virtual JsValue null() = 0;
  virtual JsValue boolean(bool b) = 0;
  virtual JsValue number(double d) = 0;
  virtual JsValue bigint(std::int64_t i) = 0;        // a BigInt of a signed 64-bit value
  virtual JsValue bigint_u64(std::uint64_t u) = 0;   // a BigInt of an unsigned 64-bit value
  virtual JsValue string(std::u16string_view s) = 0;

  // Reading primitives back (the value must have that type; the host may assume it).
  virtual bool boolean_value(JsValue v) = 0;
  virtual double number_value(JsValue v) = 0;
  virtual std::u16string string_value(JsValue v) = 0;

  // --- Abstract operations (may run user code, so they return completions) ---------------
  virtual Completion<double> to_number(JsValue v) = 0;          // ToNumber
  virtual Completion<std::int32_t> to_int32(JsValue v) = 0;     // ToInt32
  virtual Completion<std::int64_t> to_bigint64(JsValue v) = 0;  // ToBigInt64
  virtual Completion<BigIntU64> to_bigint_u64(JsValue v) = 0;   // ToBigInt + range check
  virtual Completion<std::u16string> to_string(JsValue v) = 0;  // ToString
  virtual bool to_boolean(JsValue v) = 0;                       // ToBoolean (never throws)
  virtual Completion<JsValue> get(JsValue object, std::u16string_view key) = 0;  // Get
  virtual Completion<JsValue> call(JsValue f, JsValue this_value,
                                   std::span<const JsValue> args) = 0;           // Call
  // GetMethod(v, @@iterator) then IterableToList: TypeError when `v` is not iterable.
  virtual Completion<std::vector<JsValue>> iterable_to_list(JsValue v) = 0;

  // --- Objects ------------------------------------------------------------------------------
  virtual JsValue object() = 0;                 // OrdinaryObjectCreate(%Object.prototype%)
  virtual JsValue null_prototype_object() = 0;  // OrdinaryObjectCreate(null)
  virtual JsValue array(std::span<const JsValue> elements) = 0;  // CreateArrayFromList
  // CreateDataPropertyOrThrow on an ordinary object made by this host (cannot fail there).
  virtual void create_data_property(JsValue object, std::u16string_view key, JsValue v) = 0;
  virtual void freeze(JsValue object) = 0;  // SetIntegrityLevel(frozen)

  // --- Platform objects and functions -------------------------------------------------------
  // A JS object of the interface `kind` carrying `slots` (e.g. a WebAssembly.Memory).
  virtual JsValue wrap(std::shared_ptr<PlatformObject> slots) = 0;
  // A built-in function object (not a constructor unless `constructor`), with `name` and
  // `length`; `slots` (may be null) are its internal slots, e.g. an Exported Function's
  // [[FunctionAddress]].
  virtual JsValue function(std::u16string_view name, std::uint32_t length, NativeFunction fn,
                           bool constructor = false,
                           std::shared_ptr<PlatformObject> slots = nullptr) = 0;
  // js-api "a new Exported GC Object" steps 4-17: MakeBasicObject with `slots` as its
  // internal slots ([[ObjectAddress]], [[ObjectKind]]) and the internal methods of
  // §gc-exotic-objects: [[GetPrototypeOf]] null; [[SetPrototypeOf]], [[IsExtensible]],
  // [[PreventExtensions]], [[DefineOwnProperty]] and [[HasProperty]] false;
  // [[GetOwnProperty]] and [[Get]] undefined; [[Set]] and [[Delete]] throw a TypeError;
  // [[OwnPropertyKeys]] empty. (A JS engine binding makes it a Proxy with those traps.)
  virtual JsValue exported_gc_object(std::shared_ptr<PlatformObject> slots) = 0;
  // The slots behind an object made by wrap(), function() or exported_gc_object(), else
  // nullptr: brand checks.
  virtual PlatformObject* unwrap(JsValue v) = 0;

  // --- Errors -------------------------------------------------------------------------------
  virtual JsValue make_error(ErrorKind kind, std::u16string_view message) = 0;
  // The class the host throws for a JS stack overflow (RangeError in V8 and MiniHost).
  virtual JsValue make_stack_overflow_error(std::u16string_view message) = 0;
  // Which of the JS-API's error classes `v` is an instance of, if any (for reports).
  virtual std::optional<ErrorKind> error_kind(JsValue v) = 0;
  virtual std::u16string error_message(JsValue v) = 0;  // its "message", or ""

  // --- Buffers ---------------------------------------------------------------------------
  // "get a copy of the buffer source": the bytes of an ArrayBuffer or a view, or nullopt
  // when `v` is not a BufferSource (the caller throws TypeError).
  virtual std::optional<std::vector<std::uint8_t>> buffer_source_bytes(JsValue v) = 0;
  virtual JsValue array_buffer(std::span<const std::uint8_t> bytes) = 0;  // a new copy
  // A fixed-length ArrayBuffer whose bytes are the memory's (the memory's storage, valid
  // until the next grow): js-api "create a fixed length memory buffer".
  virtual JsValue memory_array_buffer(std::uint8_t* data, std::size_t length) = 0;
  virtual void detach_array_buffer(JsValue buffer) = 0;
  virtual bool is_detached(JsValue buffer) = 0;
  virtual std::size_t array_buffer_byte_length(JsValue buffer) = 0;

  // --- Promises and the event loop ---------------------------------------------------------
  virtual JsValue new_promise() = 0;
  virtual void resolve_promise(JsValue promise, JsValue value) = 0;
  virtual void reject_promise(JsValue promise, JsValue reason) = 0;
  // "Upon fulfillment / rejection": reactions run as jobs, never inline.
  virtual void react(JsValue promise, std::function<void(JsValue)> on_fulfilled,
                     std::function<void(JsValue)> on_rejected) = 0;
  enum class PromiseState : unsigned char { pending, fulfilled, rejected };
  virtual PromiseState promise_state(JsValue promise) = 0;
  virtual JsValue promise_result(JsValue promise) = 0;  // value or reason once settled
  // Queue a task (HTML "queue a global task"): runs after the current task and its jobs.
  virtual void queue_task(std::function<void()> task) = 0;
};

}  // namespace wasmref::jsapi
