// JS-API §tags, §exceptions, §js-exceptions (js-api/index.bs): WebAssembly.Tag and
// WebAssembly.Exception.
//
// Core 2.0 has no tags or exceptions in its store, so the agent keeps them (agent.h): a tag
// address indexes Agent::tag_types ("tag_alloc" appends, "tag_type" reads), and an exception
// ("exn_alloc") lives in the slots of its Exception object (its tag and payload): without
// exception addresses there is nothing for an Exception object cache to key on.
#include <string>
#include <utility>
#include <vector>

#include "jsapi/convert.h"
#include "jsapi/namespace.h"
#include "jsapi/objects.h"
#include "jsapi/webassembly.h"
#include "syntax/messages.h"

namespace wasmref::jsapi {
namespace {

// tag_alloc(store, functype): a new tag address. Tag addresses are u32 indices; the vector
// can never reach 2^32 entries in practice, but a full space is a RangeError, not a wrap.
Completion<u32> tag_alloc(Agent& agent, ResultType params) {
  if (agent.tag_types.size() >= u64{0xFFFFFFFF}) {
    return throw_message(agent.host, ErrorKind::RangeError, msg::js_allocation_failed, "tags");
  }
  agent.tag_types.push_back(std::move(params));
  return static_cast<u32>(agent.tag_types.size() - 1);
}

// "initialize a Tag object" from a tag address: [[Address]], and the Tag object cache entry.
JsValue initialize_a_tag_object(Agent& agent, u32 tag_address) {
  auto slots = std::make_shared<TagObject>();
  slots->tag = tag_address;
  const JsValue tag = agent.host.wrap(std::move(slots));
  agent.tag_object_cache[tag_address] = tag;
  return tag;
}

// WebIDL conversion of an argument of interface type Tag: it must implement Tag.
Completion<const TagObject*> tag_argument(Agent& agent, const CallArgs& call, size_t index) {
  const auto* tag = unwrap_as<TagObject>(agent.host, call.args[index], PlatformObject::Kind::tag);
  if (tag == nullptr) return throw_message(agent.host, ErrorKind::TypeError, msg::js_not_a_tag);
  if (tag->tag >= agent.tag_types.size()) {  // a Tag of another agent: never made here
    return throw_message(agent.host, ErrorKind::RuntimeError, msg::internal_error, "unknown tag address");
  }
  return tag;
}

// The brand check of an Exception method: `this` must implement Exception.
Completion<const ExceptionObject*> exception_this(Agent& agent, const CallArgs& call) {
  const auto* exn =
      unwrap_as<ExceptionObject>(agent.host, call.this_value, PlatformObject::Kind::exception);
  if (exn == nullptr) {
    return throw_message(agent.host, ErrorKind::TypeError, msg::js_illegal_invocation, "WebAssembly.Exception");
  }
  return exn;
}

}  // namespace

// "create a Tag object" from a tag address: the cached object, else a new one.
JsValue tag_object(Agent& agent, u32 tag) {
  if (auto it = agent.tag_object_cache.find(tag); it != agent.tag_object_cache.end()) return it->second;
  return initialize_a_tag_object(agent, tag);
}

// §js-exceptions "get the JavaScript exception tag": allocated on first use, type
// [externref] -> [], cached in the agent.
u32 get_the_javascript_exception_tag(Agent& agent) {
  if (agent.js_exception_tag) return *agent.js_exception_tag;  // 1.
  // 2.-5. tag_alloc(store, [externref] -> []).
  agent.tag_types.push_back(ResultType{ValType::externref});
  agent.js_exception_tag = static_cast<u32>(agent.tag_types.size() - 1);
  return *agent.js_exception_tag;  // 6.
}

// §tags: new Tag(type), type a TagType dictionary { required sequence<ValueType> parameters }.
Completion<JsValue> tag_constructor(Agent& agent, const CallArgs& call) {
  JsHost& host = agent.host;
  if (!call.is_construct) {
    return throw_message(host, ErrorKind::TypeError, msg::js_constructor_requires_new, "WebAssembly.Tag");
  }
  if (call.missing(0)) return throw_message(host, ErrorKind::TypeError, msg::js_missing_argument, "type");
  // WebIDL dictionary TagType: undefined/null is the empty dictionary (then the required
  // member is missing), another primitive is a TypeError.
  WASMREF_JS_TRY(const JsValue parameters, dictionary_member(host, call.args[0], u"parameters"));
  if (host.type_of(parameters) == JsType::undefined) {
    return throw_message(host, ErrorKind::TypeError, msg::js_missing_member, "parameters");
  }
  // sequence<ValueType>: iterable (else TypeError), each element an enum value (ToString,
  // then one of the ValueType strings, else TypeError).
  // Note (deviation): the list is collected before its elements are converted; WebIDL
  // converts each element as the iterator yields it. Only an iterator whose next() observes
  // the ToString of earlier elements could tell.
  WASMREF_JS_TRY(const std::vector<JsValue> list, host.iterable_to_list(parameters));
  // 1.-3. wasmParameters = ToValueType of each.
  ResultType wasm_parameters;
  for (const JsValue param_type : list) {
    WASMREF_JS_TRY(const ValType t, to_value_type(host, param_type));
    wasm_parameters.push_back(t);
  }
  // 4.-6. tag_alloc(store, wasmParameters -> []).
  WASMREF_JS_TRY(const u32 tag_address, tag_alloc(agent, std::move(wasm_parameters)));
  // 7. initialize this from tagAddress.
  return initialize_a_tag_object(agent, tag_address);
}

// §exceptions: new Exception(exceptionTag, payload, options).
Completion<JsValue> exception_constructor(Agent& agent, const CallArgs& call) {
  JsHost& host = agent.host;
  if (!call.is_construct) {
    return throw_message(host, ErrorKind::TypeError, msg::js_constructor_requires_new, "WebAssembly.Exception");
  }
  // WebIDL argument conversions, in order: Tag exceptionTag, sequence<any> payload,
  // optional ExceptionOptions options = {} (traceStack: boolean, false by default).
  if (call.missing(0)) return throw_message(host, ErrorKind::TypeError, msg::js_missing_argument, "exceptionTag");
  if (call.missing(1)) return throw_message(host, ErrorKind::TypeError, msg::js_missing_argument, "payload");
  WASMREF_JS_TRY(const TagObject* exception_tag, tag_argument(agent, call, 0));
  WASMREF_JS_TRY(const std::vector<JsValue> payload, host.iterable_to_list(call.args[1]));
  bool trace_stack = false;
  if (!call.missing(2)) {
    WASMREF_JS_TRY(const JsValue trace, dictionary_member(host, call.args[2], u"traceStack"));
    trace_stack = host.type_of(trace) != JsType::undefined && host.to_boolean(trace);
  }
  const u32 tag_address = exception_tag->tag;
  // 1.-2. the JavaScript exception tag cannot be used: its exceptions come from JS throws.
  // Comparing with the tag only if it exists is the same test: a tag not yet allocated has
  // no Tag object to be passed here.
  if (agent.js_exception_tag && *agent.js_exception_tag == tag_address) {
    return throw_message(host, ErrorKind::TypeError, msg::js_exception_with_js_tag);
  }
  // 3.-4. [types] -> [] = tag_type(store, tag address).
  const ResultType types = agent.tag_types[tag_address];
  // 5. |types| != |payload| -> TypeError.
  if (types.size() != payload.size()) {
    return throw_message(host, ErrorKind::TypeError, msg::js_payload_length,
                         std::to_string(payload.size()) + " given, " + std::to_string(types.size()) +
                             " expected");
  }
  // 6.-7. each value: v128 (or exnref) -> TypeError; else ? ToWebAssemblyValue.
  std::vector<Value> wasm_payload;
  for (size_t i = 0; i < payload.size(); ++i) {
    if (types[i] == ValType::v128) return throw_message(host, ErrorKind::TypeError, msg::js_v128_not_allowed);
    WASMREF_JS_TRY(const Value v, to_webassembly_value(agent, payload[i], types[i]));
    wasm_payload.push_back(v);
  }
  // 8.-10. exn_alloc(store, tag, payload), and initialize this from it: [[Type]], [[Payload]],
  // [[Stack]] = undefined.
  auto slots = std::make_shared<ExceptionObject>();
  slots->tag = tag_address;
  slots->payload = std::move(wasm_payload);
  slots->stack = host.undefined();
  // 11. traceStack: [[Stack]] is "either a DOMString representation of the current call stack
  // or undefined". The reference runs no JS frames of its own to describe, so it takes the
  // second choice; the option is still read and converted above (its getter is observable).
  (void)trace_stack;
  return host.wrap(std::move(slots));
}

// §exceptions: Exception#getArg(exceptionTag, [EnforceRange] unsigned long index).
Completion<JsValue> exception_get_arg(Agent& agent, const CallArgs& call) {
  JsHost& host = agent.host;
  WASMREF_JS_TRY(const ExceptionObject* exn, exception_this(agent, call));
  if (call.missing(0)) return throw_message(host, ErrorKind::TypeError, msg::js_missing_argument, "exceptionTag");
  if (call.missing(1)) return throw_message(host, ErrorKind::TypeError, msg::js_missing_argument, "index");
  WASMREF_JS_TRY(const TagObject* exception_tag, tag_argument(agent, call, 0));
  WASMREF_JS_TRY(const u32 index, enforce_range_unsigned_long(host, call.args[1]));
  // 2. this.[[Type]] != exceptionTag.[[Address]] -> TypeError.
  if (exn->tag != exception_tag->tag) {
    return throw_message(host, ErrorKind::TypeError, msg::js_exception_tag_mismatch);
  }
  // 3.-6. payload = exn_read(store, exception); index >= |payload| -> RangeError.
  if (index >= exn->payload.size()) {
    return throw_message(host, ErrorKind::RangeError, msg::js_index_out_of_bounds,
                         std::to_string(index) + " >= " + std::to_string(exn->payload.size()));
  }
  // 7.-8. tag_type(store, tag)[index] v128 (or exnref) -> TypeError.
  const ResultType& types = agent.tag_types[exn->tag];
  if (index >= types.size()) {  // the payload was made to the tag's type: cannot differ
    return throw_message(host, ErrorKind::RuntimeError, msg::internal_error, "payload longer than its tag type");
  }
  if (types[index] == ValType::v128) return throw_message(host, ErrorKind::TypeError, msg::js_v128_not_allowed);
  // 9. ! ToJSValue(payload[index]).
  return to_js_value(agent, exn->payload[index]);
}

// §exceptions: Exception#is(exceptionTag).
Completion<JsValue> exception_is(Agent& agent, const CallArgs& call) {
  JsHost& host = agent.host;
  WASMREF_JS_TRY(const ExceptionObject* exn, exception_this(agent, call));
  if (call.missing(0)) return throw_message(host, ErrorKind::TypeError, msg::js_missing_argument, "exceptionTag");
  WASMREF_JS_TRY(const TagObject* exception_tag, tag_argument(agent, call, 0));
  // 1.-2. the same tag address.
  return host.boolean(exn->tag == exception_tag->tag);
}

}  // namespace wasmref::jsapi
