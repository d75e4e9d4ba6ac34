// JS-API §tags, §exceptions, §js-exceptions (js-api/index.bs): WebAssembly.Tag,
// WebAssembly.Exception and the JavaScript exception tag, over the tags and exception
// instances of the agent's store (core 3.0; embed.h "Tags" and "Exceptions").
#include <string>
#include <utility>
#include <vector>

#include "embed/embed.h"
#include "jsapi/convert.h"
#include "jsapi/namespace.h"
#include "jsapi/objects.h"
#include "jsapi/webassembly.h"
#include "runtime/store.h"
#include "syntax/messages.h"

namespace wasmref::jsapi {
namespace {

// "initialize a Tag object" tag from a tag address tagAddress.
JsValue initialize_a_tag_object(Agent& agent, TagAddr tag_address) {
  // 1.-2. map = the Tag object cache; Assert: map[tagAddress] does not exist (the callers
  // looked it up, or the address is new).
  auto slots = std::make_shared<TagObject>();
  slots->tag = tag_address;  // 3. tag.[[Address]] = tagAddress
  const JsValue tag = agent.host.wrap(std::move(slots));
  agent.tag_object_cache[tag_address.value] = tag;  // 4. map[tagAddress] = tag
  return tag;
}

// "initialize an Exception object" exn from an exception address exnAddress.
JsValue initialize_an_exception_object(Agent& agent, ExnAddr exn_address) {
  // 1.-2. map = the Exception object cache; Assert: map[exnAddress] does not exist.
  auto slots = std::make_shared<ExceptionObject>();
  slots->address = exn_address;  // 3. exn.[[Address]] = exnAddress
  // 5.-7. store; tagaddr = exn_tag(store, exnAddress); payload = exn_read(store, exnAddress).
  const Store& store = *agent.store;
  slots->type = embed::exn_tag(store, exn_address);      // 8. exn.[[Type]] = tagaddr
  slots->payload = embed::exn_read(store, exn_address);  // 9. exn.[[Payload]] = payload
  slots->stack = agent.host.undefined();                 // 10. exn.[[Stack]] = undefined
  const JsValue exn = agent.host.wrap(std::move(slots));
  agent.exception_object_cache[exn_address.value] = exn;  // 4. map[exnAddress] = exn
  return exn;
}

// WebIDL conversion of an argument of interface type Tag: it must implement Tag (TypeError).
Completion<const TagObject*> tag_argument(Agent& agent, const CallArgs& call, size_t index) {
  const auto* tag = unwrap_as<TagObject>(agent.host, call.args[index], PlatformObject::Kind::tag);
  if (tag == nullptr) return throw_message(agent.host, ErrorKind::TypeError, msg::js_not_a_tag);
  if (tag->tag.value >= agent.store->tags.size()) {  // a Tag of another agent: never made here
    return throw_message(agent.host, ErrorKind::RuntimeError, msg::internal_error, "unknown tag address");
  }
  return tag;
}

// The brand check of an Exception method or getter: `this` must implement Exception.
Completion<const ExceptionObject*> exception_this(Agent& agent, const CallArgs& call) {
  const auto* exn =
      unwrap_as<ExceptionObject>(agent.host, call.this_value, PlatformObject::Kind::exception);
  if (exn == nullptr) {
    return throw_message(agent.host, ErrorKind::TypeError, msg::js_illegal_invocation, "WebAssembly.Exception");
  }
  if (exn->address.value >= agent.store->exns.size()) {  // an Exception of another agent
    return throw_message(agent.host, ErrorKind::RuntimeError, msg::internal_error, "unknown exception address");
  }
  return exn;
}

}  // namespace

// "create a Tag object" from a tag address tagAddress.
JsValue tag_object(Agent& agent, TagAddr tag_address) {
  // 1.-2. map[tagAddress] if it exists.
  if (auto it = agent.tag_object_cache.find(tag_address.value); it != agent.tag_object_cache.end()) {
    return it->second;
  }
  // 3.-5. a new Tag, initialized from tagAddress.
  return initialize_a_tag_object(agent, tag_address);
}

// "create an Exception object" from an exception address exnAddress.
JsValue exception_object(Agent& agent, ExnAddr exn_address) {
  // 1.-2. map[exnAddress] if it exists.
  if (auto it = agent.exception_object_cache.find(exn_address.value);
      it != agent.exception_object_cache.end()) {
    return it->second;
  }
  // 3.-5. a new Exception, initialized from exnAddress.
  return initialize_an_exception_object(agent, exn_address);
}

// §js-exceptions "get the JavaScript exception tag".
TagAddr get_the_javascript_exception_tag(Agent& agent) {
  // 1. Initialized: return it.
  if (agent.js_exception_tag) return *agent.js_exception_tag;
  // 2.-4. (store, tagAddress) = tag_alloc(store, « externref » -> « »).
  const TagAddr tag_address = embed::tag_alloc(*agent.store, FuncType{{ValType::externref}, {}});
  // 5. the agent's JavaScript exception tag = tagAddress; 6. return it.
  agent.js_exception_tag = tag_address;
  return tag_address;
}

// §webassembly-namespace: the getter of WebAssembly.JSTag.
Completion<JsValue> js_tag(Agent& agent, const CallArgs&) {
  // 1. JSTagAddr = get the JavaScript exception tag.
  const TagAddr js_tag_addr = get_the_javascript_exception_tag(agent);
  // 2.-3. return "create a Tag object" from it (the same object every time).
  return tag_object(agent, js_tag_addr);
}

// §tags: new Tag(type), type a TagType dictionary { required sequence<ValueType> parameters }.
// (The Tag interface has only its constructor in js-api/index.bs: no type() method.)
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
  // 1.-3. parameters = type["parameters"]; wasmParameters = ToValueType of each.
  ResultType wasm_parameters;
  for (const JsValue param_type : list) {
    WASMREF_JS_TRY(const ValType t, to_value_type(host, param_type));
    wasm_parameters.push_back(t);
  }
  // 4.-6. (store, tagAddress) = tag_alloc(store, wasmParameters -> « »). Tag addresses are
  // u32: a store that has used them all fails like a JS allocation (never in practice).
  if (agent.store->tags.size() >= u64{0xFFFFFFFF}) {
    return throw_message(host, ErrorKind::RangeError, msg::js_allocation_failed, "tags");
  }
  const TagAddr tag_address = embed::tag_alloc(*agent.store, FuncType{std::move(wasm_parameters), {}});
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
  const TagAddr tag_address = exception_tag->tag;
  // 1.-2. JSTagAddr = get the JavaScript exception tag (allocated here if it was not yet);
  // exceptionTag.[[Address]] = JSTagAddr -> TypeError.
  const TagAddr js_tag_addr = get_the_javascript_exception_tag(agent);
  if (tag_address == js_tag_addr) {
    return throw_message(host, ErrorKind::TypeError, msg::js_exception_with_js_tag);
  }
  // 3.-4. [types] -> [] = tag_type(store, exceptionTag.[[Address]]). A copy: the conversions
  // below may run JS code that allocates tags.
  const ResultType types = embed::tag_type(*agent.store, tag_address).params;
  // 5. |types| != |payload| -> TypeError.
  if (types.size() != payload.size()) {
    return throw_message(host, ErrorKind::TypeError, msg::js_payload_length,
                         std::to_string(payload.size()) + " given, " + std::to_string(types.size()) +
                             " expected");
  }
  // 6.-7. for each value and resultType: resultType matches v128 or exnref -> TypeError;
  // else append ? ToWebAssemblyValue(value, resultType).
  std::vector<Value> wasm_payload;
  wasm_payload.reserve(payload.size());
  for (size_t i = 0; i < payload.size(); ++i) {
    if (matches_v128_or_exnref(types[i])) return throw_not_javascript_compatible(host, types[i]);
    WASMREF_JS_TRY(const Value v, to_webassembly_value(agent, payload[i], types[i]));
    wasm_payload.push_back(v);
  }
  // 8.-9. (store, exceptionAddr) = exn_alloc(store, exceptionTag.[[Address]], wasmPayload).
  // The store bounds its exception instances (ExecLimits::max_exceptions); past that the
  // allocation fails like a JS allocation (§out-of-memory: a RangeError here).
  Result<ExnAddr> exception_addr = embed::exn_alloc(*agent.store, tag_address, std::move(wasm_payload));
  if (!exception_addr) {
    return throw_message(host, ErrorKind::RangeError, msg::js_allocation_failed,
                         exception_addr.error().message);
  }
  // 10. initialize this from exceptionAddr.
  const JsValue exn = initialize_an_exception_object(agent, *exception_addr);
  // 11. traceStack true: [[Stack]] is "either a DOMString representation of the current call
  // stack or undefined". The reference runs no JS frames of its own to describe, so it takes
  // the second choice; the option is still read and converted above (its getter is observable).
  (void)trace_stack;
  return exn;
}

// §exceptions: Exception#getArg(exceptionTag, [EnforceRange] unsigned long index).
Completion<JsValue> exception_get_arg(Agent& agent, const CallArgs& call) {
  JsHost& host = agent.host;
  WASMREF_JS_TRY(const ExceptionObject* exn, exception_this(agent, call));
  if (call.missing(0)) return throw_message(host, ErrorKind::TypeError, msg::js_missing_argument, "exceptionTag");
  if (call.missing(1)) return throw_message(host, ErrorKind::TypeError, msg::js_missing_argument, "index");
  WASMREF_JS_TRY(const TagObject* exception_tag, tag_argument(agent, call, 0));
  WASMREF_JS_TRY(const u32 index, enforce_range_unsigned_long(host, call.args[1]));
  const Store& store = *agent.store;  // 1.
  // 2. this.[[Type]] != exceptionTag.[[Address]] -> TypeError.
  if (exn->type != exception_tag->tag) {
    return throw_message(host, ErrorKind::TypeError, msg::js_exception_tag_mismatch);
  }
  // 3.-4. tagaddr = exn_tag(store, this.[[Address]]); payload = exn_read(store, this.[[Address]]).
  const TagAddr tagaddr = embed::exn_tag(store, exn->address);
  const std::vector<Value>& payload = embed::exn_read(store, exn->address);
  // 5. Assert: tagaddr = this.[[Type]] (exception instances never change).
  if (tagaddr != exn->type) {
    return throw_message(host, ErrorKind::RuntimeError, msg::internal_error, "exception tag changed");
  }
  // 6. index >= |payload| -> RangeError.
  if (index >= payload.size()) {
    return throw_message(host, ErrorKind::RangeError, msg::js_index_out_of_bounds,
                         std::to_string(index) + " >= " + std::to_string(payload.size()));
  }
  // 7. [types] -> [] = tag_type(store, tagaddr).
  const ResultType& types = embed::tag_type(store, tagaddr).params;
  if (index >= types.size()) {  // exn_alloc checked the payload against the tag's type
    return throw_message(host, ErrorKind::RuntimeError, msg::internal_error, "payload longer than its tag type");
  }
  // 8. types[index] matches v128 or exnref -> TypeError.
  if (matches_v128_or_exnref(types[index])) return throw_not_javascript_compatible(host, types[index]);
  // 9. ! ToJSValue(payload[index]).
  return to_js_value(agent, payload[index]);
}

// §exceptions: Exception#is(exceptionTag).
Completion<JsValue> exception_is(Agent& agent, const CallArgs& call) {
  JsHost& host = agent.host;
  WASMREF_JS_TRY(const ExceptionObject* exn, exception_this(agent, call));
  if (call.missing(0)) return throw_message(host, ErrorKind::TypeError, msg::js_missing_argument, "exceptionTag");
  WASMREF_JS_TRY(const TagObject* exception_tag, tag_argument(agent, call, 0));
  // 1.-2. this.[[Type]] != exceptionTag.[[Address]] -> false; else true.
  return host.boolean(exn->type == exception_tag->tag);
}

// §exceptions: the getter of Exception#stack.
Completion<JsValue> exception_stack(Agent& agent, const CallArgs& call) {
  WASMREF_JS_TRY(const ExceptionObject* exn, exception_this(agent, call));
  return exn->stack;  // 1. this.[[Stack]]
}

}  // namespace wasmref::jsapi
