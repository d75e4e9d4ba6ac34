// JS-API §exported-function-exotic-objects (js-api/index.bs "Exported Functions": a new
// Exported Function, call an Exported Function, run / create a host function) and §errors
// ("Error Condition Mappings to JavaScript").
#include <optional>
#include <string>

#include "embed/embed.h"
#include "jsapi/convert.h"
#include "jsapi/namespace.h"
#include "jsapi/objects.h"
#include "runtime/store.h"
#include "syntax/messages.h"

namespace wasmref::jsapi {

// ============================================================================================
// Strings and errors
// ============================================================================================

// UTF-8 -> UTF-16. Wasm names are valid UTF-8 (§5.2.4, checked by the decoder); a byte that
// does not start a well-formed sequence still gives U+FFFD rather than undefined behaviour.
std::u16string utf8_to_utf16(std::string_view s) {
  std::u16string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    const u8 b0 = static_cast<u8>(s[i]);
    u32 cp = 0xFFFD;
    size_t n = 1;
    auto cont = [&](size_t k) {
      return i + k < s.size() && (static_cast<u8>(s[i + k]) & 0xC0) == 0x80;
    };
    auto bits = [&](size_t k) { return static_cast<u32>(static_cast<u8>(s[i + k]) & 0x3F); };
    if (b0 < 0x80) {
      cp = b0;
    } else if (b0 >= 0xC2 && b0 < 0xE0 && cont(1)) {
      cp = ((b0 & 0x1Fu) << 6) | bits(1);
      n = 2;
    } else if (b0 >= 0xE0 && b0 < 0xF0 && cont(1) && cont(2)) {
      cp = ((b0 & 0x0Fu) << 12) | (bits(1) << 6) | bits(2);
      n = 3;
      if (cp < 0x800 || (cp >= 0xD800 && cp < 0xE000)) cp = 0xFFFD;
    } else if (b0 >= 0xF0 && b0 < 0xF5 && cont(1) && cont(2) && cont(3)) {
      cp = ((b0 & 0x07u) << 18) | (bits(1) << 12) | (bits(2) << 6) | bits(3);
      n = 4;
      if (cp < 0x10000 || cp > 0x10FFFF) cp = 0xFFFD;
    }
    if (cp >= 0x10000) {
      out.push_back(static_cast<char16_t>(0xD800 + ((cp - 0x10000) >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
    i += n;
  }
  return out;
}

// §modules "the string value of the extern type".
std::u16string_view extern_kind_string(ExternKind k) {
  switch (k) {
    case ExternKind::func: return u"function";
    case ExternKind::table: return u"table";
    case ExternKind::mem: return u"memory";
    case ExternKind::global: return u"global";
    case ExternKind::tag: return u"tag";
  }
  return u"function";
}

Thrown throw_message(JsHost& host, ErrorKind kind, const char* message, std::string_view detail) {
  std::string text = message;
  if (!detail.empty()) {
    text += ": ";
    text += detail;
  }
  return throw_error(host, kind, utf8_to_utf16(text));
}

// §errors "Error Condition Mappings to JavaScript": a core error as the JS exception to throw.
Thrown throw_core_error(Agent& agent, const Error& error) {
  JsHost& host = agent.host;
  switch (error.outcome) {
    case Outcome::malformed:
    case Outcome::invalid:
      return throw_error(host, ErrorKind::CompileError, utf8_to_utf16(error.message));
    case Outcome::link_error:
      return throw_error(host, ErrorKind::LinkError, utf8_to_utf16(error.message));
    case Outcome::trap:
      return throw_error(host, ErrorKind::RuntimeError, utf8_to_utf16(error.message));
    case Outcome::exhaustion: {
      // §out-of-memory: an allocation the store refused (an implementation limit) fails like a
      // JS allocation (RangeError); §stack-overflow: the rest is the host's stack overflow.
      const std::string_view limit = msg::implementation_limit;
      if (std::string_view(error.message).substr(0, limit.size()) == limit)
        return throw_error(host, ErrorKind::RangeError, utf8_to_utf16(error.message));
      return Thrown{host.make_stack_overflow_error(utf8_to_utf16(error.message))};
    }
    case Outcome::exception:
      // An uncaught wasm exception: "call an Exported Function" step 11 (and instantiation's
      // start function alike) throws its JS value.
      return throw_a_webassembly_exception(agent, ExnAddr{static_cast<u32>(error.exn)});
    case Outcome::crash: break;
  }
  return throw_error(host, ErrorKind::RuntimeError, utf8_to_utf16(error.message));
}

// ============================================================================================
// Exported Functions
// ============================================================================================

namespace {

// "the name of the WebAssembly function": its index in its module instance's function index
// space, or the "index of the host function".
std::u16string name_of_the_webassembly_function(Agent& agent, FuncAddr funcaddr) {
  const Store& store = *agent.store;
  u32 index = funcaddr.value;
  if (funcaddr.value < store.funcs.size()) {
    const FuncInst& funcinst = store.funcs[funcaddr.value];
    if (funcinst.is_host()) {
      const auto it = agent.host_function_index.find(funcaddr.value);
      // Note (deviation): a host function not made by "create a host function" (a core host
      // function, e.g. the spectest module's) has no index; its function address names it.
      if (it != agent.host_function_index.end()) index = it->second;
    } else if (funcinst.module.value < store.modules.size()) {
      const std::vector<FuncAddr>& funcaddrs = store.modules[funcinst.module.value].funcaddrs;
      for (size_t i = 0; i < funcaddrs.size(); ++i) {
        if (funcaddrs[i] == funcaddr) {
          index = static_cast<u32>(i);
          break;
        }
      }
    }
  }
  return utf8_to_utf16(std::to_string(index));  // ! ToString(index)
}

// "any type in parameters or results matches v128 or exnref": the first such type.
std::optional<ValType> v128_or_exnref_in(const FuncType& ft) {
  for (ValType t : ft.params)
    if (matches_v128_or_exnref(t)) return t;
  for (ValType t : ft.results)
    if (matches_v128_or_exnref(t)) return t;
  return std::nullopt;
}

}  // namespace

// "a new Exported Function": through the Exported Function cache.
JsValue exported_function(Agent& agent, FuncAddr funcaddr) {
  const auto it = agent.exported_function_cache.find(funcaddr.value);
  if (it != agent.exported_function_cache.end()) return it->second;
  const Store& store = *agent.store;
  const u32 arity = funcaddr.value < store.funcs.size()
                        ? static_cast<u32>(store.funcs[funcaddr.value].type.params.size())
                        : 0;
  const std::u16string name = name_of_the_webassembly_function(agent, funcaddr);
  auto slots = std::make_shared<ExportedFunctionObject>();
  slots->func = funcaddr;
  Agent* a = &agent;
  NativeFunction steps = [a, funcaddr](JsHost&, const CallArgs& call) -> Completion<JsValue> {
    return call_an_exported_function(*a, funcaddr, call.args);
  };
  const JsValue function = agent.host.function(name, arity, std::move(steps), false, slots);
  agent.exported_function_cache.emplace(funcaddr.value, function);
  return function;
}

// "call an Exported Function" step 11, "If ret is exception exnaddr" (instantiation's start
// function ends the same way, through throw_core_error).
Thrown throw_a_webassembly_exception(Agent& agent, ExnAddr exnaddr) {
  JsHost& host = agent.host;
  const Store& store = *agent.store;
  if (exnaddr.value >= store.exns.size())  // func_invoke names an exception of its store
    return throw_message(host, ErrorKind::RuntimeError, msg::internal_error, "no such exception");
  // 11.1-11.2 tagaddr = exn_tag(store, exnaddr); payload = exn_read(store, exnaddr).
  const TagAddr tagaddr = embed::exn_tag(store, exnaddr);
  const std::vector<Value>& payload = embed::exn_read(store, exnaddr);
  // 11.3 jsTagAddr = get the JavaScript exception tag.
  const TagAddr js_tag_addr = get_the_javascript_exception_tag(agent);
  // 11.4 tagaddr = jsTagAddr: throw ! ToJSValue(payload[0]): the JS value a host function
  // threw (its identity kept by the host value cache), or what wasm threw with the JSTag.
  if (tagaddr == js_tag_addr) {
    if (payload.size() != 1 || payload[0].type != ValType::externref)  // the tag's type
      return throw_message(host, ErrorKind::RuntimeError, msg::internal_error, "JSTag payload");
    return Thrown{to_js_value(agent, payload[0])};
  }
  // 11.5 otherwise throw the Exception object created from exnaddr (the cached one if JS has
  // seen this exception before: a WebAssembly.Exception rethrown through wasm stays itself).
  return Thrown{exception_object(agent, exnaddr)};
}

// "call an Exported Function".
Completion<JsValue> call_an_exported_function(Agent& agent, FuncAddr funcaddr,
                                              std::span<const JsValue> arg_values) {
  JsHost& host = agent.host;
  Store& store = *agent.store;  // 1.
  if (funcaddr.value >= store.funcs.size())
    return throw_message(host, ErrorKind::RuntimeError, msg::internal_error, "no such function");
  // 2.-3. functype = func_type(store, funcaddr) = [parameters] -> [results]. A copy: host
  // functions may allocate while we run.
  const FuncType functype = embed::func_type(store, funcaddr);
  // 4. a type in parameters or results matches v128 or exnref: TypeError, on every call.
  if (const std::optional<ValType> t = v128_or_exnref_in(functype))
    return throw_not_javascript_compatible(host, *t);
  // 5.-7. the arguments, left to right; a missing one is undefined.
  std::vector<Value> args;
  args.reserve(functype.params.size());
  for (size_t i = 0; i < functype.params.size(); ++i) {
    const JsValue arg = i < arg_values.size() ? arg_values[i] : host.undefined();
    WASMREF_JS_TRY(Value v, to_webassembly_value(agent, arg, functype.params[i]));
    args.push_back(v);
  }
  // Note (deviation): the spec relies on the JS engine's own stack limit for JS <-> wasm
  // recursion through host functions; here each nested entry costs native stack, so past
  // kMaxNestedWasmEntries the call throws the host's stack-overflow error.
  if (store.active_invocations >= kMaxNestedWasmEntries)
    return Thrown{host.make_stack_overflow_error(utf8_to_utf16(msg::js_stack_overflow))};
  // A successful memory.grow inside refreshes the Memory object's buffer (§memories).
  install_memory_grow_observer(agent);
  // 8.-9. (store, ret) = func_invoke(store, funcaddr, args).
  Result<std::vector<Value>> ret = embed::func_invoke(store, funcaddr, args);
  if (!ret) {
    // 11. ret is exception exnaddr: the JSTag's payload or the Exception object is thrown.
    if (ret.error().outcome == Outcome::exception)
      return throw_a_webassembly_exception(agent, ExnAddr{static_cast<u32>(ret.error().exn)});
    // 10. ret is error: a RuntimeError, unless §errors says otherwise.
    return throw_core_error(agent, ret.error());
  }
  // 12.-15. outArity = |ret|: 0 -> undefined, 1 -> ! ToJSValue(ret[0]), else an Array.
  const std::vector<Value>& results = *ret;
  if (results.empty()) return host.undefined();
  if (results.size() == 1) return to_js_value(agent, results[0]);
  std::vector<JsValue> values;
  values.reserve(results.size());
  for (const Value& r : results) values.push_back(to_js_value(agent, r));
  return host.array(values);
}

// ============================================================================================
// Host functions
// ============================================================================================

namespace {

// "run a host function".
Completion<std::vector<Value>> run_a_host_function(Agent& agent, JsValue func,
                                                   const FuncType& functype,
                                                   std::span<const Value> arguments) {
  JsHost& host = agent.host;
  // 2. a type in parameters or results matches v128 or exnref: TypeError.
  if (const std::optional<ValType> t = v128_or_exnref_in(functype))
    return throw_not_javascript_compatible(host, *t);
  // 3-4. jsArguments = ToJSValue of each argument.
  std::vector<JsValue> js_arguments;
  js_arguments.reserve(arguments.size());
  for (const Value& arg : arguments) js_arguments.push_back(to_js_value(agent, arg));
  // 5. ret = ? Call(func, undefined, jsArguments).
  WASMREF_JS_TRY(const JsValue ret, host.call(func, host.undefined(), js_arguments));
  // 6-8. no result; one result.
  const size_t results_size = functype.results.size();
  if (results_size == 0) return std::vector<Value>{};
  if (results_size == 1) {
    WASMREF_JS_TRY(Value v, to_webassembly_value(agent, ret, functype.results[0]));
    return std::vector<Value>{v};
  }
  // 9. several: ret must be iterable (GetMethod @@iterator, TypeError if undefined), of the
  // right length, and each value converts.
  WASMREF_JS_TRY(const std::vector<JsValue> values, host.iterable_to_list(ret));
  if (values.size() != results_size)
    return throw_message(host, ErrorKind::TypeError, msg::js_result_count);
  std::vector<Value> wasm_values;
  wasm_values.reserve(results_size);
  for (size_t i = 0; i < results_size; ++i) {
    WASMREF_JS_TRY(Value v, to_webassembly_value(agent, values[i], functype.results[i]));
    wasm_values.push_back(v);
  }
  return wasm_values;
}

}  // namespace

// "create a host function": a HostFunc that runs the JS function.
FuncAddr create_a_host_function(Agent& agent, JsValue func, const FuncType& functype, u32 deftype) {
  Agent* a = &agent;
  // 1.-3. hostfunc: runs the host function (3.1-3.7: the settings objects around it are the
  // JS host's business) and turns a throw completion into a wasm exception.
  HostFunc hostfunc = [a, func, functype](
                          Store&, std::span<const Value> arguments) -> Result<std::vector<Value>> {
    Completion<std::vector<Value>> result = run_a_host_function(*a, func, functype, arguments);
    // 3.8 Assert: normal or throw (a Completion is one of them). 3.11 normal: its value.
    if (result) return std::move(*result);
    // 3.10 throw: 3.10.1 v = result.[[Value]].
    const JsValue v = result.thrown().value;
    ExnAddr address{};
    if (const auto* exn = unwrap_as<ExceptionObject>(a->host, v, PlatformObject::Kind::exception)) {
      // 3.10.2 v implements Exception: address = v.[[Address]] (the same exception again).
      address = exn->address;
      if (address.value >= a->store->exns.size())  // an Exception of another agent
        return make_error(Outcome::crash, std::string(msg::internal_error) + ": unknown exception address");
    } else {
      // 3.10.3 type = the JavaScript exception tag; payload = ! ToWebAssemblyValue(v,
      // externref) (the host value cache: never a throw); (store, address) =
      // exn_alloc(store, type, « payload »).
      const TagAddr type = get_the_javascript_exception_tag(*a);
      Completion<Value> payload = to_webassembly_value(*a, v, ValType::externref);
      if (!payload)
        return make_error(Outcome::crash, std::string(msg::internal_error) + ": JSTag payload");
      // exn_alloc fails only past the store's bound on exception instances: exhaustion,
      // which wasm cannot catch and the JS-API maps as §errors says.
      Result<ExnAddr> allocated = embed::exn_alloc(*a->store, type, {*payload});
      if (!allocated) return allocated.take_error();
      address = *allocated;
    }
    // 3.10.4 execute (ref.exn address) (throw_ref): the host function hands the exception to
    // the machine, which unwinds to a handler or out of func_invoke with it.
    return embed::exception_error(address);
  };
  // 4.-7. (store, funcaddr) = func_alloc(store, functype, hostfunc); return funcaddr. Core 3.0
  // func_alloc takes the defined type (appendix embedding.rst): the import's, so that a type
  // in a rec group or with a supertype still matches the import.
  // Note (deviation): embed::func_alloc takes a function type only (it makes the type a 2.0
  // function type, alone in its rec group), so the store's allocation is called directly.
  return allochostfunc(*agent.store, functype, std::move(hostfunc), deftype);
}

}  // namespace wasmref::jsapi
