// Harness: the `reference` engine, in process through the JS-API layer (ARCHITECTURE "The
// JS-API layer", notes-harness §5.2, §5.4)
#include "harness/runner.h"

#include <cfloat>
#include <cmath>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "embed/embed.h"
#include "harness/driver.h"
#include "harness/judge.h"
#include "harness/profiles.h"
#include "host/spectest.h"
#include "jsapi/agent.h"
#include "jsapi/convert.h"
#include "jsapi/mini_host.h"
#include "jsapi/objects.h"
#include "jsapi/webassembly.h"
#include "runtime/store.h"
#include "syntax/messages.h"
#include "valid/matching.h"

namespace wasmref::harness {

ExecLimits default_script_limits() {
  ExecLimits limits;
  limits.fuel = 100'000'000;  // a runaway loop ends in "fuel exhausted" after ~1e8 steps
  return limits;
}

namespace {

using jsapi::CallArgs;
using jsapi::Completion;
using jsapi::JsType;
using jsapi::JsValue;
using jsapi::MiniHost;
using Kind = jsapi::PlatformObject::Kind;

// What a throw completion carried.
struct ThrownInfo {
  std::string js_class;  // "CompileError", ..., "Exception", another error's name, or "other"
  std::string message;
};

std::string outcome_name(Outcome o) { return to_string(o); }

// The class names reports use (the JS constructors' names).
const char* class_name(jsapi::ErrorKind k) {
  switch (k) {
    case jsapi::ErrorKind::TypeError: return "TypeError";
    case jsapi::ErrorKind::RangeError: return "RangeError";
    case jsapi::ErrorKind::CompileError: return "CompileError";
    case jsapi::ErrorKind::LinkError: return "LinkError";
    case jsapi::ErrorKind::RuntimeError: return "RuntimeError";
  }
  return "other";
}

bool is_nan_bits(ValType t, u64 bits) {
  if (t == ValType::f32) return (bits & 0x7f800000u) == 0x7f800000u && (bits & 0x007fffffu) != 0;
  if (t == ValType::f64)
    return (bits & 0x7ff0000000000000u) == 0x7ff0000000000000u && (bits & 0x000fffffffffffffu) != 0;
  return false;
}

// A float pattern JS cannot check: a NaN class, or an exact NaN payload (js-api ToJSValue
// gives "the" NaN Number, whose payload is not observable).
bool needs_nan_payload(const WastValue& w) {
  if (w.kind == PatKind::nan_canonical || w.kind == PatKind::nan_arithmetic) return true;
  return w.kind == PatKind::bits && is_nan_bits(w.type, w.bits);
}

bool has_v128(const ResultType& types) {
  for (ValType t : types)
    if (t == ValType::v128) return true;
  return false;
}

// Why an action on a value of type `types` (the function's params and results, or a global's
// type) with these arguments and expectations cannot go through JS exactly, or "" when it can.
// `alternatives` is null when the expectations are not known (a request without its script,
// or an `action` command, which expects nothing): then any float result may be a NaN whose
// payload JS would lose. An empty list is an assertion that expects no values.
std::string embed_reason(const std::vector<WastValue>& args,
                         const std::vector<std::vector<WastValue>>* alternatives,
                         const ResultType& params, const ResultType& results) {
  if (args.size() != params.size())
    return "arguments do not match the signature (JS would convert them silently)";
  for (size_t i = 0; i < params.size(); ++i)
    if (args[i].type != params[i])
      return "arguments do not match the signature (JS would convert them silently)";
  // js-api ToJSValue / ToWebAssemblyValue: a v128 anywhere in the signature is a TypeError.
  if (has_v128(params) || has_v128(results)) return "v128 in the signature";
  // Core 3.0: a reference outside funcref and externref (i31, structures, arrays, typed
  // function references, the none types) reaches JS as an object the harness cannot name back
  // as a script value (which struct?): such signatures are judged on the embedding path.
  const auto plain_ref = [](ValType t) {
    return !t.is_ref() || t == ValType::funcref || t == ValType::externref;
  };
  for (ValType t : params)
    if (!plain_ref(t)) return "a 3.0 reference type in the signature (" + to_string(t) + ")";
  for (ValType t : results)
    if (!plain_ref(t)) return "a 3.0 reference type in the signature (" + to_string(t) + ")";
  for (const WastValue& w : args)
    if (needs_nan_payload(w)) return "NaN argument (JS does not carry NaN payloads)";
  if (!alternatives) {
    for (ValType t : results)
      if (t == ValType::f32 || t == ValType::f64)
        return "float result without known expectations (JS does not carry NaN payloads)";
    return "";
  }
  for (const std::vector<WastValue>& alt : *alternatives)
    for (const WastValue& w : alt) {
      if (needs_nan_payload(w)) return "NaN expectation (JS does not carry NaN payloads)";
      // 3.0 `(ref.extern)` without a number: an externalized GC reference (extern.convert_any),
      // which reaches JS as its own value (a Number for i31, a GC object), not as a script
      // host reference the harness could name back.
      if (w.kind == PatKind::any_ref && w.type.is_ref() && top_of(w.type.heap_abs) == AbsHeap::extern_)
        return "(ref.extern) expectation (an externalized reference is not a script host reference)";
    }
  return "";
}

Reply error_reply(const std::string& reason, std::string message) {
  Reply r;
  r.outcome = "error";
  r.reason = reason;
  r.message = std::move(message);
  return r;
}

// The JS-API limits the scripts run under: the current spec's (js-api §limits), except one.
// Note (deviation): "the maximum min or max field of a 64-bit memory is 2^37-1 pages" is the
// one compile-time limit of a JS embedding that the core suite crosses: 3.0's
// memory64/memory64.wast declares 64-bit memories of 2^48 pages (the core range) and expects
// them valid. Core scripts judge core validity, so the harness's embedding allows the core
// range there; the limit itself is the JS-API's and is tested in jsapi/namespace_test.cc.
jsapi::EmbedderLimits script_limits() {
  jsapi::EmbedderLimits l = jsapi::EmbedderLimits::current();
  l.memory64_min_max = u64{1} << 48;
  return l;
}

// Everything of one script: the JS host, the agent and its store, the tables of handles.
class ScriptState {
 public:
  ScriptState(const Script& script, const Features& features, const ExecLimits& limits)
      : script_(script), features_(features), agent_(host_, script_limits(), limits) {
    // The JS-API compiles with the profile's features too, so that validate/new Module and
    // the core classification agree (threads: reference types off).
    agent_.features = features_;
    namespace_ = jsapi::create_namespace_object(agent_);
    module_ctor_ = host_.get_property_or_undefined(namespace_, u"Module");
    instance_ctor_ = host_.get_property_or_undefined(namespace_, u"Instance");
    // The `spectest` import object: the JS objects of the host module's externals, from the
    // identity caches (js-api §object-caches), as the spec's JS harness builds it.
    const JsValue spectest = host_.object();
    for (auto& [name, ev] : host::spectest_instance(*agent_.store)) {
      JsValue v{};
      switch (ev.kind) {
        case ExternKind::func: v = jsapi::exported_function(agent_, FuncAddr{ev.addr}); break;
        case ExternKind::table: v = jsapi::table_object(agent_, TableAddr{ev.addr}); break;
        case ExternKind::mem: v = jsapi::memory_object(agent_, MemAddr{ev.addr}); break;
        case ExternKind::global: v = jsapi::global_object(agent_, GlobalAddr{ev.addr}); break;
        case ExternKind::tag: v = jsapi::tag_object(agent_, TagAddr{ev.addr}); break;
      }
      host_.create_data_property(spectest, MiniHost::utf16(name), v);
    }
    registry_["spectest"] = spectest;
    // `wasmref_test`: a host module of this harness for the project's own wast/ tests (never
    // named by the official suites): a tag `e` of type [i32] -> [] and a host function `throw`
    // [i32] -> [] that throws `e` with its argument, so a script can throw from a host
    // function through wasm frames (core 3.0 exec/instructions.rst, invocation of a host
    // function ending in an exception).
    const TagAddr e = alloctag(*agent_.store, FuncType{{ValType::i32}, {}});
    const FuncAddr thrower = allochostfunc(
        *agent_.store, FuncType{{ValType::i32}, {}},
        [e](Store& store, std::span<const Value> args) -> Result<std::vector<Value>> {
          Result<ExnAddr> ea = embed::exn_alloc(store, e, {args.begin(), args.end()});
          if (!ea) return ea.take_error();
          return embed::exception_error(*ea);
        });
    const JsValue test_host = host_.object();
    host_.create_data_property(test_host, u"e", jsapi::tag_object(agent_, e));
    host_.create_data_property(test_host, u"throw", jsapi::exported_function(agent_, thrower));
    registry_["wasmref_test"] = test_host;
  }

  // --- compile: validate, new Module ---------------------------------------------------------
  Reply compile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return error_reply("missing-module-file", "cannot read module file " + path);
    const std::vector<u8> bytes((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());
    return compile_bytes(bytes);
  }

  Reply compile_bytes(const std::vector<u8>& bytes) {
    Reply m;
    m.path = "jsapi";
    // The fine outcome (malformed or invalid) is the core's: decode and validate through the
    // embedding interface too. The JS-API only says CompileError.
    std::optional<Error> core_error;
    std::shared_ptr<Module> core;
    Result<std::shared_ptr<Module>> decoded = embed::module_decode(bytes, features_);
    if (!decoded) {
      core_error = decoded.error();
    } else if (!decoded.value()) {
      core_error = Error{Outcome::crash, "module_decode returned no module"};
    } else {
      core = std::move(decoded.value());
      Result<void> valid = embed::module_validate(*core, features_);
      if (!valid) core_error = valid.error();
    }

    // WebAssembly.validate(bytes), then new WebAssembly.Module(bytes).
    const JsValue buffer = host_.array_buffer(bytes);
    const JsValue compile_argv[] = {buffer};
    CallArgs call;
    call.args = compile_argv;
    Completion<JsValue> valid = jsapi::validate(agent_, call);
    if (!valid) {
      const ThrownInfo i = observe(valid.thrown());
      m.js_class = i.js_class;
      return inconsistent(m, "WebAssembly.validate threw " + i.js_class + ": " + i.message);
    }
    const bool js_valid = host_.to_boolean(*valid);
    Completion<JsValue> module =
        jsapi::module_constructor(agent_, construct_args(module_ctor_, compile_argv));
    if (!module) {
      const ThrownInfo i = observe(module.thrown());
      m.js_class = i.js_class;
      m.message = i.message;
      if (i.js_class != "CompileError") {
        m.outcome = "js_error";
        return m;
      }
      if (js_valid)
        return inconsistent(m, "WebAssembly.validate returned true, but new Module threw "
                               "CompileError: " + i.message);
      // A module the core accepts but the JS embedding rejects broke one of its
      // implementation limits (js-api §limits): invalid.
      m.outcome = core_error ? outcome_name(core_error->outcome) : "invalid";
      return m;
    }
    if (!js_valid)
      return inconsistent(m, "WebAssembly.validate returned false, but new Module succeeded");
    if (core_error)
      return inconsistent(m, "new Module accepted a module the core rejects: " +
                                 core_error->message);
    m.outcome = "ok";
    m.handle = static_cast<u32>(modules_.size());
    modules_.push_back({*module, core});
    return m;
  }

  // --- instantiate: new Instance ---------------------------------------------------------------
  Reply instantiate(u32 module_handle) {
    if (module_handle >= modules_.size())
      return error_reply("bad-handle", "no module handle " + std::to_string(module_handle));
    const CompiledModule& cm = modules_[module_handle];
    Reply m;
    m.path = "jsapi";
    // new WebAssembly.Instance(module, importObject).
    const JsValue instance_argv[] = {cm.module, import_object(*cm.core)};
    Completion<JsValue> instance =
        jsapi::instance_constructor(agent_, construct_args(instance_ctor_, instance_argv));
    if (!instance) {
      const ThrownInfo i = observe(instance.thrown());
      m.js_class = i.js_class;
      m.message = i.message;
      // A trap while running segments or the start function: distinct from a link error.
      m.outcome = outcome_of_class(i, /*instantiation=*/true);
      return m;
    }
    CallArgs get_exports;
    get_exports.this_value = *instance;
    Completion<JsValue> exports = jsapi::instance_exports(agent_, get_exports);
    if (!exports) {
      const ThrownInfo i = observe(exports.thrown());
      m.js_class = i.js_class;
      return inconsistent(m, "Instance#exports threw " + i.js_class + ": " + i.message);
    }
    m.outcome = "ok";
    m.handle = static_cast<u32>(instances_.size());
    instances_.push_back(*exports);
    return m;
  }

  // `register`: the instance's exports object becomes the import object's entry `as`.
  Reply register_instance(u32 instance_handle, const std::string& as) {
    if (instance_handle >= instances_.size())
      return error_reply("bad-handle", "no instance handle " + std::to_string(instance_handle));
    registry_[as] = instances_[instance_handle];
    Reply r;
    r.path = "jsapi";
    return r;
  }

  // --- Actions: invoke or get --------------------------------------------------------------
  Reply action(size_t index, u32 instance_handle, const std::string& field, bool invoke,
               const nlohmann::json& args_json) {
    if (instance_handle >= instances_.size())
      return error_reply("bad-handle", "no instance handle " + std::to_string(instance_handle));
    std::vector<WastValue> args;
    if (!args_json.is_null() && !args_json.is_array())
      return error_reply("bad-command", "the arguments are not a list");
    if (args_json.is_array()) {
      for (const nlohmann::json& j : args_json) {
        ValueParse p = parse_wast_value(j, /*allow_patterns=*/false);
        if (!p.value) return error_reply("bad-command", "bad argument: " + p.error);
        args.push_back(std::move(*p.value));
      }
    }
    // The command in the script (when there is one): its expectations choose the path, and its
    // v128 expectations the shape results are shown in.
    const Command* c = nullptr;
    if (index < script_.commands.size() && script_.commands[index].action &&
        script_.commands[index].action->field == field)
      c = &script_.commands[index];
    // Only an assertion's expectations are known values: an `action` command has none (its
    // wast2json `expected` is a list of types), so its results are unknown like a request
    // without its script, and a float result (a signalling NaN made from integers, say) must
    // not go through a JS Number, which would quiet it (issue 9: false disagreements in diff).
    const bool expectations_known = c != nullptr && c->kind != CommandKind::action;
    const auto* alternatives = expectations_known ? &c->alternatives : nullptr;

    const JsValue exports = instances_[instance_handle];
    Completion<JsValue> got = host_.get(exports, MiniHost::utf16(field));
    const auto* func = got ? jsapi::unwrap_as<jsapi::ExportedFunctionObject>(
                                 host_, *got, Kind::exported_function)
                           : nullptr;
    const auto* global =
        got ? jsapi::unwrap_as<jsapi::GlobalObject>(host_, *got, Kind::global) : nullptr;
    if (invoke ? func == nullptr : global == nullptr)
      return error_reply("unknown-export", std::string("no ") + (invoke ? "function" : "global") +
                                               " export \"" + field + "\"");
    if (invoke) {
      const FuncType ft = embed::func_type(*agent_.store, func->func);
      const std::string why = embed_reason(args, alternatives, ft.params, ft.results);
      if (!why.empty()) return invoke_embed(c, args, func->func, why);
      return invoke_js(c, args, *got, ft);
    }
    const GlobalType gt = embed::global_type(*agent_.store, global->global);
    const std::string why = embed_reason(args, alternatives, {}, {gt.type});
    Reply r;
    if (!why.empty()) {
      r.path = "embed";
      r.path_reason = why;
      std::string bad;
      const std::optional<Value> v =
          from_core(embed::global_read(*agent_.store, global->global), bad);
      if (!v) return crash(r, bad);
      return values_reply(r, c, std::span<const Value>(&*v, 1));
    }
    // get Global#value
    r.path = "jsapi";
    CallArgs call;
    call.this_value = *got;
    Completion<JsValue> value = jsapi::global_value_get(agent_, call);
    if (!value) return thrown_reply(r, value.thrown(), false);
    std::string bad;
    const std::optional<Value> v = from_js(*value, gt.type, bad);
    if (!v) return crash(r, bad);
    return values_reply(r, c, std::span<const Value>(&*v, 1));
  }

 private:
  struct CompiledModule {
    JsValue module{};              // the WebAssembly.Module object
    std::shared_ptr<Module> core;  // the core module (its imports name the import object)
  };

  static Reply crash(Reply& r, std::string message) {
    r.outcome = "crash";
    r.message = std::move(message);
    r.js_class.reset();
    return r;
  }

  // Results in the wast2json encoding; v128 in the shape of the expectation when known.
  static Reply values_reply(Reply& r, const Command* c, std::span<const Value> results) {
    r.outcome = "ok";
    r.values = nlohmann::json::array();
    for (size_t i = 0; i < results.size(); ++i)
      r.values.push_back(encode_value(results[i], c ? result_shape(*c, i) : LaneType::i32));
    return r;
  }

  // --- Thrown values --------------------------------------------------------------------------
  ThrownInfo observe(const jsapi::Thrown& t) {
    ThrownInfo i;
    if (jsapi::unwrap_as<jsapi::ExceptionObject>(host_, t.value, Kind::exception)) {
      i.js_class = "Exception";  // a WebAssembly.Exception (a wasm exception that escaped)
    } else if (std::optional<jsapi::ErrorKind> k = host_.error_kind(t.value)) {
      i.js_class = class_name(*k);
    } else {
      const std::u16string name = host_.error_name(t.value);
      i.js_class = name.empty() ? "other" : MiniHost::utf8(name);
    }
    i.message = MiniHost::utf8(host_.error_message(t.value));
    return i;
  }

  // The fine outcome of a throw while instantiating (`instantiation`) or calling: js-api
  // "Error Condition Mappings" read backwards. A RangeError is the host's stack overflow (or
  // a runtime limit of the JS embedding): exhaustion. Anything else JS-only is `js_error`.
  static std::string outcome_of_class(const ThrownInfo& i, bool instantiation) {
    const std::string& cls = i.js_class;
    if (cls == "LinkError") return "link_error";
    // A core crash is a RuntimeError too (jsapi throw_core_error), told apart by its text.
    if (cls == "RuntimeError" && i.message.rfind(msg::internal_error, 0) == 0) return "crash";
    if (cls == "RuntimeError") return instantiation ? "instantiation_trap" : "trap";
    if (cls == "RangeError") return "exhaustion";
    if (cls == "Exception") return "exception";
    if (cls == "CompileError") return "invalid";
    return "js_error";
  }

  Reply thrown_reply(Reply& r, const jsapi::Thrown& t, bool instantiation) {
    const ThrownInfo i = observe(t);
    r.outcome = outcome_of_class(i, instantiation);
    r.message = i.message;
    r.js_class = i.js_class;
    // A WebAssembly.Exception: its [[Address]] names the exception instance in the store.
    if (const auto* e = jsapi::unwrap_as<jsapi::ExceptionObject>(host_, t.value, Kind::exception)) {
      if (r.message.empty()) r.message = msg::uncaught_exception;
      r.exception = exception_json(e->address);
    }
    return r;
  }

  // The record's `exception` (reports/README.md): the thrown tag (`"js"` for the JSTag, else
  // "tag ADDR TYPE") and the payload values, externrefs as the script's `ref.extern N`.
  nlohmann::json exception_json(ExnAddr ea) {
    const Store& store = *agent_.store;
    const TagAddr tag = embed::exn_tag(store, ea);
    nlohmann::json j;
    if (agent_.js_exception_tag && *agent_.js_exception_tag == tag)
      j["tag"] = "js";
    else
      j["tag"] = "tag " + std::to_string(tag.value) + " " + to_string(embed::tag_type(store, tag));
    nlohmann::json payload = nlohmann::json::array();
    for (const Value& v : embed::exn_read(store, ea)) {
      std::string why;
      const std::optional<Value> s = from_core(v, why);
      payload.push_back(encode_value(s ? *s : v, LaneType::i32));
    }
    j["payload"] = std::move(payload);
    return j;
  }

  static CallArgs construct_args(JsValue ctor, std::span<const JsValue> args) {
    CallArgs call;
    call.args = args;
    call.new_target = ctor;
    call.is_construct = true;
    return call;
  }

  // The import object: `spectest` and every registered instance's exports object under its
  // name, and an empty object for every other module name the module imports from (as the
  // spec harness's Proxy does: an unknown module name is then a LinkError, not a TypeError).
  JsValue import_object(const Module& module) {
    const JsValue imports = host_.object();
    std::set<std::string> done;
    for (const Import& imp : module.imports) {
      if (!done.insert(imp.module).second) continue;
      auto it = registry_.find(imp.module);
      host_.create_data_property(imports, MiniHost::utf16(imp.module),
                                 it != registry_.end() ? it->second : host_.object());
    }
    return imports;
  }

  static Reply& inconsistent(Reply& m, std::string message) {
    m.outcome = "crash";  // a disagreement inside the reference: never expected
    m.message = std::move(message);
    return m;
  }

  // --- Values between the script, JS and the core ------------------------------------------
  // `ref.extern N` of the script: one JS object per N for the whole script, so the host value
  // cache gives it the same extern address every time.
  JsValue host_ref(u64 n) {
    auto it = host_refs_.find(n);
    if (it != host_refs_.end()) return it->second;
    const JsValue o = host_.object();
    host_refs_.emplace(n, o);
    return o;
  }
  std::optional<u64> host_ref_id(JsValue v) {
    for (const auto& [n, o] : host_refs_)
      if (host_.same_value(o, v)) return n;
    return std::nullopt;
  }

  // A script argument as a JS value (ToJSValue of the value the script names). v128 and NaN
  // arguments never get here (embedding path).
  JsValue to_js(const WastValue& w) {
    switch (w.type.code) {
      case ValType::Code::i32: return host_.number(static_cast<double>(static_cast<i32>(w.bits)));
      case ValType::Code::i64: return host_.bigint(static_cast<i64>(w.bits));
      case ValType::Code::f32: return host_.number(Value::f32_bits(static_cast<u32>(w.bits)).as_f32());
      case ValType::Code::f64: return host_.number(Value::f64_bits(w.bits).as_f64());
      case ValType::Code::ref_null:
      case ValType::Code::ref:
        // Only funcref (a script can only pass ref.null func) and externref get here
        // (embed_reason).
        if (w.type == ValType::funcref) return host_.null();
        if (w.type == ValType::externref)
          return w.kind == PatKind::null_ref ? host_.null() : host_ref(w.bits);
        break;
      case ValType::Code::v128:
      case ValType::Code::bot: break;  // never through JS (embed_reason)
    }
    return host_.undefined();
  }
  // A JS result as the core value of type `t` it came from (ToWebAssemblyValue without
  // rounding: the value was made by ToJSValue). nullopt + `why` when it cannot be one.
  std::optional<Value> from_js(JsValue v, ValType t, std::string& why) {
    const JsType type = host_.type_of(v);
    switch (t.code) {
      case ValType::Code::i32: {
        const double d = host_.number_value(v);
        if (type != JsType::number || !(d >= -2147483648.0 && d <= 2147483647.0) ||
            std::trunc(d) != d)
          break;
        return Value::i32(static_cast<u32>(static_cast<i32>(d)));
      }
      case ValType::Code::i64: {
        if (type != JsType::bigint) break;
        Completion<i64> n = host_.to_bigint64(v);
        if (!n) break;
        return Value::i64(static_cast<u64>(*n));
      }
      case ValType::Code::f32: {
        const double d = host_.number_value(v);
        if (type != JsType::number || (std::isfinite(d) && std::fabs(d) > FLT_MAX)) break;
        return Value::f32(static_cast<float>(d));
      }
      case ValType::Code::f64:
        if (type != JsType::number) break;
        return Value::f64(host_.number_value(v));
      case ValType::Code::ref_null:
      case ValType::Code::ref:
        if (t == ValType::funcref) {
          if (type == JsType::null) return Value::null(ValType::funcref);
          const auto* f = jsapi::unwrap_as<jsapi::ExportedFunctionObject>(host_, v,
                                                                           Kind::exported_function);
          if (!f) break;
          return Value::func(f->func);
        }
        if (t != ValType::externref) break;  // never through JS (embed_reason)
        {
        if (type == JsType::null) return Value::null(ValType::externref);
        const std::optional<u64> n = host_ref_id(v);
        if (!n) {
          why = "an externref result that no script argument made";
          return std::nullopt;
        }
        return Value::extern_(ExternAddr{static_cast<u32>(*n)});
        }
      case ValType::Code::v128:
      case ValType::Code::bot: break;
    }
    why = std::string("a JS result that is no ") + to_string(t) + " value";
    return std::nullopt;
  }

  // The embedding path: a script argument as a core value. An externref goes through the
  // agent's host value cache (ToWebAssemblyValue), so both paths agree on extern addresses.
  // A host reference (ref.extern N, and 3.0's ref.host N: the same reference seen in the any
  // hierarchy) is the externref of the cache's address, retyped to the script's hierarchy.
  std::optional<Value> to_core(const WastValue& w) {
    if (w.kind == PatKind::host_ref) {
      Completion<Value> v = jsapi::to_webassembly_value(agent_, host_ref(w.bits), ValType::externref);
      if (!v) return std::nullopt;
      if (w.heap == "host") return Value{ValType::ref(AbsHeap::any, false), v->lo, v->hi};
      return *v;
    }
    return to_runtime_value(w);
  }
  // ... and a core result back as the script's value (a host reference: the script's N, in
  // the hierarchy it came back in).
  std::optional<Value> from_core(const Value& v, std::string& why) {
    if (!is_ref(v.type) || v.is_null() || v.hi != Value::kAddr) return v;
    const AbsHeap top = top_heap(v.type.heap());
    if (top != AbsHeap::extern_ && top != AbsHeap::any) return v;
    std::optional<Value> r = from_js(jsapi::to_js_value(agent_, Value::extern_(v.as_extern())),
                                     ValType::externref, why);
    if (r && top == AbsHeap::any) r->type = ValType::ref(AbsHeap::any, false);
    return r;
  }

  // Call(F, undefined, args) of the Exported Function; results by the function type
  // (js-api "call an Exported Function": one result as is, several as an array).
  Reply invoke_js(const Command* c, const std::vector<WastValue>& wargs, JsValue f,
                  const FuncType& ft) {
    Reply r;
    r.path = "jsapi";
    std::vector<JsValue> args;
    for (const WastValue& w : wargs) args.push_back(to_js(w));
    Completion<JsValue> result = host_.call(f, host_.undefined(), args);
    if (!result) return thrown_reply(r, result.thrown(), false);
    std::vector<JsValue> js_results;
    if (ft.results.size() == 1) {
      js_results.push_back(*result);
    } else if (ft.results.size() > 1) {
      Completion<std::vector<JsValue>> list = host_.iterable_to_list(*result);
      if (!list) return crash(r, "the results are not iterable");
      js_results = std::move(*list);
    }
    if (js_results.size() != ft.results.size())
      return crash(r, "the result count differs from the function type");
    std::vector<Value> values;
    for (size_t i = 0; i < js_results.size(); ++i) {
      std::string bad;
      std::optional<Value> v = from_js(js_results[i], ft.results[i], bad);
      if (!v) return crash(r, bad);
      values.push_back(*v);
    }
    return values_reply(r, c, values);
  }

  // func_invoke on the agent's store; the class is the one the JS-API maps the outcome to.
  Reply invoke_embed(const Command* c, const std::vector<WastValue>& wargs, FuncAddr f,
                     const std::string& why) {
    Reply r;
    r.path = "embed";
    r.path_reason = why;
    std::vector<Value> args;
    for (const WastValue& w : wargs) {
      std::optional<Value> v = to_core(w);
      if (!v) return error_reply("bad-command", "argument cannot be passed as a value");
      args.push_back(*v);
    }
    Result<std::vector<Value>> results = embed::func_invoke(*agent_.store, f, args);
    if (!results) {
      r.outcome = outcome_name(results.error().outcome);
      r.message = results.error().message;
      if (const char* cls = js_class_of_outcome(r.outcome)) r.js_class = cls;
      if (results.error().outcome == Outcome::exception)
        r.exception = exception_json(ExnAddr{results.error().exn});
      return r;
    }
    std::vector<Value> values;
    for (const Value& v : *results) {
      std::string bad;
      std::optional<Value> s = from_core(v, bad);
      if (!s) return crash(r, bad);
      values.push_back(*s);
    }
    return values_reply(r, c, values);
  }

  const Script& script_;
  const Features features_;
  MiniHost host_;
  jsapi::Agent agent_;  // after host_: it keeps a reference
  JsValue namespace_{}, module_ctor_{}, instance_ctor_{};
  std::vector<CompiledModule> modules_;      // module handle -> module
  std::vector<JsValue> instances_;           // instance handle -> Instance#exports
  std::map<std::string, JsValue> registry_;  // import module name -> object
  std::map<u64, JsValue> host_refs_;         // ref.extern N -> its JS object
};

class ReferenceEngine final : public Engine {
 public:
  explicit ReferenceEngine(const ExecLimits& limits) : limits_(limits) {}

  EngineDescription describe() override {
    EngineDescription d;
    d.name = "reference";
    d.version = project_version();
    d.features = enabled_feature_names(Features{});
    d.config = "fuel " + std::to_string(limits_.fuel) + " per invocation";
    return d;
  }

  // One host and one agent per script.
  Reply begin_script(const Script& script, const Profile& profile) override {
    state_.reset();  // the old agent's objects go before the new host is made
    state_ = std::make_unique<ScriptState>(script, profile.features, limits_);
    return Reply{};
  }
  Reply compile(size_t, const std::string& wasm_path) override {
    if (!state_) return not_begun();
    return state_->compile(wasm_path);
  }
  bool compiles_bytes() const override { return true; }
  Reply compile_bytes(size_t, const std::string& bytes) override {
    if (!state_) return not_begun();
    return state_->compile_bytes(std::vector<u8>(bytes.begin(), bytes.end()));
  }
  Reply instantiate(size_t, u32 module_handle) override {
    if (!state_) return not_begun();
    return state_->instantiate(module_handle);
  }
  Reply register_instance(size_t, u32 instance_handle, const std::string& as) override {
    if (!state_) return not_begun();
    return state_->register_instance(instance_handle, as);
  }
  Reply invoke(size_t index, u32 instance_handle, const std::string& field,
               const nlohmann::json& args) override {
    if (!state_) return not_begun();
    return state_->action(index, instance_handle, field, /*invoke=*/true, args);
  }
  Reply get(size_t index, u32 instance_handle, const std::string& field) override {
    if (!state_) return not_begun();
    return state_->action(index, instance_handle, field, /*invoke=*/false, nullptr);
  }
  void end_script() override { state_.reset(); }

 private:
  static Reply not_begun() { return error_reply("no-script", "no script has begun"); }

  ExecLimits limits_;
  std::unique_ptr<ScriptState> state_;
};

}  // namespace

std::unique_ptr<Engine> make_reference_engine(const ExecLimits& limits) {
  return std::make_unique<ReferenceEngine>(limits);
}

std::vector<Record> run_script(const Script& script, const RunOptions& options) {
  ReferenceEngine engine(options.limits);
  Profile profile;
  profile.name = options.profile;
  profile.features = options.features;
  return drive_script(engine, script, profile, options.file);
}

}  // namespace wasmref::harness
