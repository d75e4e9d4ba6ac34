// Harness: running a script in process through the JS-API layer (ARCHITECTURE "The JS-API
// layer", notes-harness §5.2, §5.4)
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

#include "harness/judge.h"
#include "host/spectest.h"
#include "jsapi/agent.h"
#include "jsapi/convert.h"
#include "jsapi/mini_host.h"
#include "jsapi/objects.h"
#include "jsapi/webassembly.h"
#include "runtime/store.h"
#include "syntax/messages.h"

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

// An entry of the module table: an instance (its exports object), or the marker of a failed
// `module` command.
struct InstanceSlot {
  bool ok = false;
  size_t failed_index = 0;  // the command whose failure poisoned this slot
  JsValue exports{};        // Instance#exports
};

// What happened to a module-like command.
struct ModuleRun {
  std::string outcome;  // ok, malformed, invalid, link_error, instantiation_trap, ...
  std::string message;
  std::optional<std::string> js_class;  // the class of what was thrown, if anything
  std::optional<InstanceSlot> instance;
  bool missing_file = false;
};

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

// Why a command on a value of type `types` (the function's params and results, or a global's
// type) with these arguments and expectations cannot go through JS exactly, or "" when it can.
std::string embed_reason(const Command& c, const ResultType& params, const ResultType& results) {
  const Action& a = *c.action;
  if (a.args.size() != params.size())
    return "arguments do not match the signature (JS would convert them silently)";
  for (size_t i = 0; i < params.size(); ++i)
    if (a.args[i].type != params[i])
      return "arguments do not match the signature (JS would convert them silently)";
  // js-api ToJSValue / ToWebAssemblyValue: a v128 anywhere in the signature is a TypeError.
  if (has_v128(params) || has_v128(results)) return "v128 in the signature";
  for (const WastValue& w : a.args)
    if (needs_nan_payload(w)) return "NaN argument (JS does not carry NaN payloads)";
  for (const std::vector<WastValue>& alt : c.alternatives)
    for (const WastValue& w : alt)
      if (needs_nan_payload(w)) return "NaN expectation (JS does not carry NaN payloads)";
  return "";
}

class ScriptRunner {
 public:
  ScriptRunner(const Script& script, const RunOptions& options)
      : script_(script),
        options_(options),
        agent_(host_, jsapi::EmbedderLimits::current(), options.limits) {
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
      }
      host_.create_data_property(spectest, MiniHost::utf16(name), v);
    }
    registry_["spectest"] = spectest;
  }

  std::vector<Record> run() {
    std::vector<Record> out;
    out.reserve(script_.commands.size());
    for (const Command& c : script_.commands) {
      Record r = begin_record(c, options_.file, options_.profile);
      try {
        run_command(c, r);
      } catch (const std::exception& e) {
        // Never expected: a C++ exception out of the engine is a crash of ours.
        if (c.kind == CommandKind::module) poison(c);
        judge_outcome(r, "crash", std::string("C++ exception: ") + e.what(), std::nullopt);
      }
      out.push_back(std::move(r));
    }
    return out;
  }

 private:
  void poison(const Command& c) {
    InstanceSlot bad;
    bad.failed_index = c.index;
    current_ = bad;
    if (c.name) named_[*c.name] = bad;
  }

  void run_command(const Command& c, Record& r) {
    if (!c.problem.empty()) {
      if (c.kind == CommandKind::module) poison(c);
      if (c.problem_unsupported) return mark_skip(r, "unsupported", c.problem);
      return mark_error(r, "bad-command", c.problem);
    }
    switch (c.kind) {
      case CommandKind::module: return do_module(c, r);
      case CommandKind::register_: return do_register(c, r);
      case CommandKind::assert_invalid:
      case CommandKind::assert_malformed:
      case CommandKind::assert_unlinkable:
      case CommandKind::assert_uninstantiable: return do_module_assertion(c, r);
      case CommandKind::action:
      case CommandKind::assert_return:
      case CommandKind::assert_trap:
      case CommandKind::assert_exhaustion:
      case CommandKind::assert_exception: return do_action(c, r);
      case CommandKind::unsupported: return mark_skip(r, "unsupported", c.problem);
    }
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

  void judge_thrown(Record& r, const jsapi::Thrown& t, bool instantiation) {
    const ThrownInfo i = observe(t);
    judge_outcome(r, outcome_of_class(i, instantiation), i.message, i.js_class);
  }

  // --- Modules: validate, new Module, new Instance -------------------------------------------
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

  static ModuleRun& inconsistent(ModuleRun& m, std::string message) {
    m.outcome = "crash";  // a disagreement inside the reference: never expected
    m.message = std::move(message);
    return m;
  }

  ModuleRun load(const Command& c, bool instantiate) {
    ModuleRun m;
    const std::string path = (std::filesystem::path(script_.base_dir) / c.filename).string();
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      m.missing_file = true;
      m.message = "cannot read module file " + path;
      return m;
    }
    const std::vector<u8> bytes((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());

    // The fine outcome (malformed or invalid) is the core's: decode and validate through the
    // embedding interface too. The JS-API only says CompileError.
    std::optional<Error> core_error;
    std::shared_ptr<Module> core;
    Result<std::shared_ptr<Module>> decoded = embed::module_decode(bytes, options_.features);
    if (!decoded) {
      core_error = decoded.error();
    } else if (!decoded.value()) {
      core_error = Error{Outcome::crash, "module_decode returned no module"};
    } else {
      core = std::move(decoded.value());
      Result<void> valid = embed::module_validate(*core, options_.features);
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
    Completion<JsValue> module = jsapi::module_constructor(agent_, construct_args(module_ctor_, compile_argv));
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
    if (!instantiate) {
      m.outcome = "ok";
      return m;
    }

    // new WebAssembly.Instance(module, importObject).
    const JsValue instance_argv[] = {*module, import_object(*core)};
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
    InstanceSlot slot;
    slot.ok = true;
    slot.exports = *exports;
    m.instance = slot;
    return m;
  }

  void do_module(const Command& c, Record& r) {
    if (c.text_module) {
      poison(c);
      return mark_skip(r, "text", "text module (needs a text-format parser)");
    }
    ModuleRun m = load(c, /*instantiate=*/true);
    if (m.missing_file) {
      poison(c);
      return mark_error(r, "missing-module-file", m.message);
    }
    r.path = "jsapi";
    judge_outcome(r, m.outcome, m.message, m.js_class);
    if (!m.instance) return poison(c);
    current_ = *m.instance;
    if (c.name) named_[*c.name] = *m.instance;
  }

  // The modules of assertions are never current or registered.
  void do_module_assertion(const Command& c, Record& r) {
    if (c.text_module) return mark_skip(r, "text", "text module (needs a text-format parser)");
    const bool instantiate =
        c.kind == CommandKind::assert_unlinkable || c.kind == CommandKind::assert_uninstantiable;
    ModuleRun m = load(c, instantiate);
    if (m.missing_file) return mark_error(r, "missing-module-file", m.message);
    r.path = "jsapi";
    judge_outcome(r, m.outcome, m.message, m.js_class);
  }

  // The instance a command refers to: a `$id` or the current one. Marks the record blocked
  // or error and returns nullptr when there is none.
  const InstanceSlot* target(const std::optional<std::string>& id, Record& r) {
    const InstanceSlot* slot = nullptr;
    if (id) {
      auto it = named_.find(*id);
      if (it == named_.end()) {
        mark_error(r, "unknown-module", "no module named " + *id);
        return nullptr;
      }
      slot = &it->second;
    } else {
      if (!current_) {
        mark_error(r, "no-module", "no module has been defined yet");
        return nullptr;
      }
      slot = &*current_;
    }
    if (!slot->ok) {
      mark_blocked(r, slot->failed_index,
                   "command " + std::to_string(slot->failed_index) + " (the module) failed");
      return nullptr;
    }
    return slot;
  }

  // `register`: the instance's exports object becomes the import object's entry `as`.
  void do_register(const Command& c, Record& r) {
    const InstanceSlot* slot = target(c.name, r);
    if (!slot) return;
    registry_[c.as] = slot->exports;
    r.path = "jsapi";
    judge_outcome(r, "ok", "", std::nullopt);
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
    switch (w.type) {
      case ValType::i32: return host_.number(static_cast<double>(static_cast<i32>(w.bits)));
      case ValType::i64: return host_.bigint(static_cast<i64>(w.bits));
      case ValType::f32: return host_.number(Value::f32_bits(static_cast<u32>(w.bits)).as_f32());
      case ValType::f64: return host_.number(Value::f64_bits(w.bits).as_f64());
      case ValType::funcref: return host_.null();  // a script can only pass ref.null func
      case ValType::externref:
        return w.kind == PatKind::null_ref ? host_.null() : host_ref(w.bits);
      case ValType::v128: break;
    }
    return host_.undefined();
  }

  // A JS result as the core value of type `t` it came from (ToWebAssemblyValue without
  // rounding: the value was made by ToJSValue). nullopt + `why` when it cannot be one.
  std::optional<Value> from_js(JsValue v, ValType t, std::string& why) {
    const JsType type = host_.type_of(v);
    switch (t) {
      case ValType::i32: {
        const double d = host_.number_value(v);
        if (type != JsType::number || !(d >= -2147483648.0 && d <= 2147483647.0) ||
            std::trunc(d) != d)
          break;
        return Value::i32(static_cast<u32>(static_cast<i32>(d)));
      }
      case ValType::i64: {
        if (type != JsType::bigint) break;
        Completion<i64> n = host_.to_bigint64(v);
        if (!n) break;
        return Value::i64(static_cast<u64>(*n));
      }
      case ValType::f32: {
        const double d = host_.number_value(v);
        if (type != JsType::number || (std::isfinite(d) && std::fabs(d) > FLT_MAX)) break;
        return Value::f32(static_cast<float>(d));
      }
      case ValType::f64:
        if (type != JsType::number) break;
        return Value::f64(host_.number_value(v));
      case ValType::funcref: {
        if (type == JsType::null) return Value::null(ValType::funcref);
        const auto* f = jsapi::unwrap_as<jsapi::ExportedFunctionObject>(host_, v,
                                                                         Kind::exported_function);
        if (!f) break;
        return Value::func(f->func);
      }
      case ValType::externref: {
        if (type == JsType::null) return Value::null(ValType::externref);
        const std::optional<u64> n = host_ref_id(v);
        if (!n) {
          why = "an externref result that no script argument made";
          return std::nullopt;
        }
        return Value::extern_(ExternAddr{static_cast<u32>(*n)});
      }
      case ValType::v128: break;
    }
    why = std::string("a JS result that is no ") + to_string(t) + " value";
    return std::nullopt;
  }

  // The embedding path: a script argument as a core value. An externref goes through the
  // agent's host value cache (ToWebAssemblyValue), so both paths agree on extern addresses.
  std::optional<Value> to_core(const WastValue& w) {
    if (w.type == ValType::externref && w.kind == PatKind::host_ref) {
      Completion<Value> v = jsapi::to_webassembly_value(agent_, host_ref(w.bits), w.type);
      if (!v) return std::nullopt;
      return *v;
    }
    return to_runtime_value(w);
  }
  // ... and a core result back as the script's value (externref: the script's N).
  std::optional<Value> from_core(const Value& v, std::string& why) {
    if (v.type != ValType::externref || v.is_null()) return v;
    return from_js(jsapi::to_js_value(agent_, v), ValType::externref, why);
  }

  // --- Actions: invoke or get --------------------------------------------------------------
  void do_action(const Command& c, Record& r) {
    const Action& a = *c.action;
    const InstanceSlot* slot = target(a.module, r);
    if (!slot) return;
    const bool invoke = a.op == Action::Op::invoke;
    Completion<JsValue> got = host_.get(slot->exports, MiniHost::utf16(a.field));
    const auto* func = got ? jsapi::unwrap_as<jsapi::ExportedFunctionObject>(
                                 host_, *got, Kind::exported_function)
                           : nullptr;
    const auto* global =
        got ? jsapi::unwrap_as<jsapi::GlobalObject>(host_, *got, Kind::global) : nullptr;
    if (invoke ? func == nullptr : global == nullptr)
      return mark_error(r, "unknown-export",
                        std::string("no ") + (invoke ? "function" : "global") + " export \"" +
                            a.field + "\"");
    if (invoke) {
      const FuncType ft = embed::func_type(*agent_.store, func->func);
      const std::string why = embed_reason(c, ft.params, ft.results);
      if (!why.empty()) return invoke_embed(c, r, func->func, why);
      return invoke_js(c, r, *got, ft);
    }
    const GlobalType gt = embed::global_type(*agent_.store, global->global);
    const std::string why = embed_reason(c, {}, {gt.type});
    if (!why.empty()) {
      r.path = "embed";
      r.path_reason = why;
      std::string bad;
      const std::optional<Value> v = from_core(embed::global_read(*agent_.store, global->global), bad);
      if (!v) return judge_outcome(r, "crash", bad, std::nullopt);
      return judge_values(r, c, std::span<const Value>(&*v, 1));
    }
    // get Global#value
    r.path = "jsapi";
    CallArgs call;
    call.this_value = *got;
    Completion<JsValue> value = jsapi::global_value_get(agent_, call);
    if (!value) return judge_thrown(r, value.thrown(), false);
    std::string bad;
    const std::optional<Value> v = from_js(*value, gt.type, bad);
    if (!v) return judge_outcome(r, "crash", bad, std::nullopt);
    judge_values(r, c, std::span<const Value>(&*v, 1));
  }

  // Call(F, undefined, args) of the Exported Function; results by the function type
  // (js-api "call an Exported Function": one result as is, several as an array).
  void invoke_js(const Command& c, Record& r, JsValue f, const FuncType& ft) {
    r.path = "jsapi";
    std::vector<JsValue> args;
    for (const WastValue& w : c.action->args) args.push_back(to_js(w));
    Completion<JsValue> result = host_.call(f, host_.undefined(), args);
    if (!result) return judge_thrown(r, result.thrown(), false);
    std::vector<JsValue> js_results;
    if (ft.results.size() == 1) {
      js_results.push_back(*result);
    } else if (ft.results.size() > 1) {
      Completion<std::vector<JsValue>> list = host_.iterable_to_list(*result);
      if (!list) return judge_outcome(r, "crash", "the results are not iterable", std::nullopt);
      js_results = std::move(*list);
    }
    if (js_results.size() != ft.results.size())
      return judge_outcome(r, "crash", "the result count differs from the function type",
                           std::nullopt);
    std::vector<Value> values;
    for (size_t i = 0; i < js_results.size(); ++i) {
      std::string bad;
      std::optional<Value> v = from_js(js_results[i], ft.results[i], bad);
      if (!v) return judge_outcome(r, "crash", bad, std::nullopt);
      values.push_back(*v);
    }
    judge_values(r, c, values);
  }

  // func_invoke on the agent's store; the class is the one the JS-API maps the outcome to.
  void invoke_embed(const Command& c, Record& r, FuncAddr f, const std::string& why) {
    r.path = "embed";
    r.path_reason = why;
    std::vector<Value> args;
    for (const WastValue& w : c.action->args) {
      std::optional<Value> v = to_core(w);
      if (!v) return mark_error(r, "bad-command", "argument cannot be passed as a value");
      args.push_back(*v);
    }
    Result<std::vector<Value>> results = embed::func_invoke(*agent_.store, f, args);
    if (!results) {
      const std::string outcome = outcome_name(results.error().outcome);
      const char* cls = js_class_of_outcome(outcome);
      return judge_outcome(r, outcome, results.error().message,
                           cls ? std::optional<std::string>(cls) : std::nullopt);
    }
    std::vector<Value> values;
    for (const Value& v : *results) {
      std::string bad;
      std::optional<Value> s = from_core(v, bad);
      if (!s) return judge_outcome(r, "crash", bad, std::nullopt);
      values.push_back(*s);
    }
    judge_values(r, c, values);
  }

  const Script& script_;
  const RunOptions& options_;
  MiniHost host_;
  jsapi::Agent agent_;  // after host_: it keeps a reference
  JsValue namespace_{}, module_ctor_{}, instance_ctor_{};
  std::map<std::string, JsValue> registry_;  // import module name -> object
  std::map<u64, JsValue> host_refs_;         // ref.extern N -> its JS object
  std::map<std::string, InstanceSlot> named_;
  std::optional<InstanceSlot> current_;
};

}  // namespace

std::vector<Record> run_script(const Script& script, const RunOptions& options) {
  return ScriptRunner(script, options).run();
}

}  // namespace wasmref::harness
