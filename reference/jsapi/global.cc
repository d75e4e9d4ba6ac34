// JS-API §globals (js-api/index.bs "Globals"): the Global constructor, GetGlobalValue,
// Global#valueOf and the value attribute.
#include "jsapi/convert.h"
#include "jsapi/objects.h"
#include "jsapi/webassembly.h"
#include "runtime/store.h"
#include "syntax/messages.h"

namespace wasmref::jsapi {

namespace {

// WebIDL "create an operation function" step: a `this` without the [[Global]] slot -> TypeError.
GlobalObject* this_global(JsHost& host, const CallArgs& call) {
  return unwrap_as<GlobalObject>(host, call.this_value, PlatformObject::Kind::global);
}

// GetGlobalValue(global).
Completion<JsValue> get_global_value(Agent& agent, const GlobalObject& global) {
  // 1.-3. globaltype = global_type(store, global.[[Global]]).
  const GlobalType globaltype = embed::global_type(*agent.store, global.global);
  // 4. globaltype is mut valuetype where valuetype matches v128 or exnref -> TypeError.
  if (matches_v128_or_exnref(globaltype.type)) return throw_not_javascript_compatible(agent.host, globaltype.type);
  // 5.-6. Return ! ToJSValue(global_read(store, globaladdr)).
  return to_js_value(agent, embed::global_read(*agent.store, global.global));
}

}  // namespace

// The Global(descriptor, v) constructor.
Completion<JsValue> global_constructor(Agent& agent, const CallArgs& call) {
  JsHost& host = agent.host;
  if (!call.is_construct) {
    return throw_error(host, ErrorKind::TypeError, msg::js_constructor_requires_new, "WebAssembly.Global");
  }
  if (call.missing(0)) return throw_error(host, ErrorKind::TypeError, msg::js_missing_argument, "descriptor");
  const JsValue descriptor = call.args[0];

  // GlobalDescriptor members in lexicographic order: mutable, then value (tested order), each
  // converted when read (notes-jsapi "Decisions" 1).
  // 1. mutable = descriptor["mutable"]: a boolean, false by default.
  WASMREF_JS_TRY(const JsValue mutable_value, dictionary_member(host, descriptor, u"mutable"));
  const bool is_mutable =
      host.type_of(mutable_value) != JsType::undefined && host.to_boolean(mutable_value);
  // 2. valuetype = ToValueType(descriptor["value"]), a required ValueType.
  WASMREF_JS_TRY(const JsValue value_member, dictionary_member(host, descriptor, u"value"));
  if (host.type_of(value_member) == JsType::undefined) {
    return throw_error(host, ErrorKind::TypeError, msg::js_missing_member, "value");
  }
  WASMREF_JS_TRY(const ValType valuetype, to_value_type(host, value_member));
  // 3. valuetype matches v128 or exnref -> TypeError (ValueType has no "exnref": v128 only).
  if (matches_v128_or_exnref(valuetype)) return throw_not_javascript_compatible(host, valuetype);
  // 4.-5. value = DefaultValue(valuetype) if v is missing (or undefined: WebIDL optional),
  // else ? ToWebAssemblyValue(v, valuetype).
  Value value;
  if (optional_argument_missing(host, call, 1)) {
    // 4.2 Assert: value is not error (a ValueType is numeric, v128 or a nullable reference).
    const std::optional<Value> default_ = default_value(agent, valuetype);
    if (!default_) {
      return throw_error(host, ErrorKind::TypeError, msg::type_mismatch,
                         "no default value for " + to_string(valuetype));
    }
    value = *default_;
  } else {
    WASMREF_JS_TRY(value, to_webassembly_value(agent, call.args[1], valuetype));
  }
  // 6. globaltype = var valuetype if mutable, else const valuetype.
  GlobalType globaltype;
  globaltype.mut = is_mutable ? Mut::var : Mut::const_;
  globaltype.type = valuetype;
  // 7.-8. (store, globaladdr) = global_alloc(store, globaltype, value).
  const GlobalAddr globaladdr = embed::global_alloc(*agent.store, globaltype, value);
  // 9. Initialize this from globaladdr (through the Global object cache).
  return global_object(agent, globaladdr);
}

// Global#valueOf(): GetGlobalValue(this).
Completion<JsValue> global_value_of(Agent& agent, const CallArgs& call) {
  GlobalObject* global = this_global(agent.host, call);
  if (global == nullptr) return throw_error(agent.host, ErrorKind::TypeError, msg::js_illegal_invocation);
  return get_global_value(agent, *global);
}

// The getter of Global#value: GetGlobalValue(this).
Completion<JsValue> global_value_get(Agent& agent, const CallArgs& call) {
  GlobalObject* global = this_global(agent.host, call);
  if (global == nullptr) return throw_error(agent.host, ErrorKind::TypeError, msg::js_illegal_invocation);
  return get_global_value(agent, *global);
}

// The setter of Global#value.
Completion<JsValue> global_value_set(Agent& agent, const CallArgs& call) {
  JsHost& host = agent.host;
  GlobalObject* global = this_global(host, call);
  if (global == nullptr) return throw_error(host, ErrorKind::TypeError, msg::js_illegal_invocation);
  // WebIDL attribute setter: V is undefined unless an argument was passed.
  const JsValue given = call.missing(0) ? host.undefined() : call.args[0];
  // 1.-3. mut valuetype = global_type(store, globaladdr).
  Store& store = *agent.store;
  const GlobalType globaltype = embed::global_type(store, global->global);
  // 4. valuetype matches v128 or exnref -> TypeError.
  if (matches_v128_or_exnref(globaltype.type)) return throw_not_javascript_compatible(host, globaltype.type);
  // 5. mut is const -> TypeError.
  if (globaltype.mut == Mut::const_) return throw_error(host, ErrorKind::TypeError, msg::js_immutable_global);
  // 6. value = ? ToWebAssemblyValue(the given value, valuetype).
  WASMREF_JS_TRY(const Value value, to_webassembly_value(agent, given, globaltype.type));
  // 7.-8. global_write(store, globaladdr, value); error -> RangeError.
  const Result<void> written = embed::global_write(store, global->global, value);
  if (!written) return throw_error(host, ErrorKind::RangeError, written.error().message.c_str());
  return host.undefined();
}

}  // namespace wasmref::jsapi
