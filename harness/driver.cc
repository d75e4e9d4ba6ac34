// Harness: the script driver, one Record per command for any Engine (ARCHITECTURE "The
// harness", notes-harness §5.2, §5.4)
#include "harness/driver.h"

#include <exception>
#include <filesystem>
#include <fstream>
#include <map>

#include "harness/judge.h"
#include "text/wat.h"

namespace wasmref::harness {

std::optional<Value> decode_reply_value(const nlohmann::json& j, std::string& error) {
  // A reference result (PROTOCOL.md "Values"): its hierarchy's shorthand, "null" or its
  // number, and for i31 values, structures, arrays and host references in the any hierarchy
  // its `kind`. A non-null funcref names an engine's own function (reports/README.md): its
  // number is kept as the address, so `any_func` matches it and the record shows it.
  const std::optional<std::string> heap =
      j.is_object() && j.contains("type") && j["type"].is_string()
          ? heap_of_ref_type_name(j["type"].get<std::string>())
          : std::nullopt;
  if (heap && !heap->empty() && *heap != "host" && j.contains("value") && j["value"].is_string()) {
    const ValType rt = ref_val_type(*heap);
    const AbsHeap top = top_of(rt.heap_abs);
    const std::string& text = j["value"].get_ref<const std::string&>();
    if (text == "null") return Value::null(ValType::ref(top, true));
    const std::optional<u64> n = parse_int_bits(text, 32);
    if (!n) {
      error = "bad " + j["type"].get<std::string>() + " value in a reply";
      return std::nullopt;
    }
    const std::string kind = j.value("kind", std::string());
    u64 hi = Value::kAddr;
    if (kind == "i31") hi = Value::kI31;
    else if (kind == "struct") hi = Value::kStruct;
    else if (kind == "array") hi = Value::kArray;
    else if (!kind.empty() && kind != "host") {
      error = "bad reference kind \"" + kind + "\" in a reply";
      return std::nullopt;
    }
    if ((hi == Value::kI31 || hi == Value::kStruct || hi == Value::kArray || kind == "host") &&
        top != AbsHeap::any && top != AbsHeap::extern_) {
      error = "a " + kind + " reference in the " + to_string(top) + " hierarchy";
      return std::nullopt;
    }
    // Typed by the hierarchy's shorthand (funcref, externref, anyref, exnref), as Value::func
    // and Value::extern_ type them.
    return Value{ValType::ref(top, true), static_cast<u32>(*n), hi};
  }
  ValueParse p = parse_wast_value(j, /*allow_patterns=*/false);
  if (!p.value) {
    error = p.error.empty() ? "a reply value is not a value" : p.error;
    return std::nullopt;
  }
  std::optional<Value> v = to_runtime_value(*p.value);
  if (!v) error = "a reply value cannot be a runtime value";
  return v;
}

namespace {

// What a `module` command left for later commands: an instance of the engine, or the marker
// of a failed `module`.
struct InstanceSlot {
  bool ok = false;
  size_t failed_index = 0;  // the command whose failure poisoned this slot
  u32 handle = 0;           // the engine's instance handle
};

class ScriptDriver {
 public:
  ScriptDriver(Engine& engine, const Script& script, const Profile& profile, std::string file)
      : engine_(engine), script_(script), profile_(profile), file_(std::move(file)) {}

  std::vector<Record> run() {
    if (std::optional<std::vector<Record>> whole = engine_.run_whole_file(script_, profile_)) {
      // The records name the file and profile as the driver does for every engine.
      for (Record& r : *whole) {
        r.file = file_;
        r.profile = profile_.name;
      }
      return std::move(*whole);
    }
    std::vector<Record> out;
    out.reserve(script_.commands.size());
    std::optional<Reply> begin_failed;
    try {
      Reply b = engine_.begin_script(script_, profile_);
      if (b.outcome != "ok") begin_failed = std::move(b);
    } catch (const std::exception& e) {
      Reply b;
      b.outcome = "crash";
      b.message = std::string("C++ exception: ") + e.what();
      begin_failed = std::move(b);
    }
    for (const Command& c : script_.commands) {
      Record r = begin_record(c, file_, profile_.name);
      if (begin_failed) {
        not_started(c, r, *begin_failed);
      } else {
        try {
          run_command(c, r);
        } catch (const std::exception& e) {
          // Never expected: a C++ exception out of an adapter is a crash of ours.
          if (c.kind == CommandKind::module) poison(c);
          judge_outcome(r, "crash", std::string("C++ exception: ") + e.what(), std::nullopt);
        }
      }
      out.push_back(std::move(r));
    }
    if (!begin_failed) {
      try {
        engine_.end_script();
      } catch (const std::exception&) {
        // The records are complete; an engine that cannot end a script changes none of them.
      }
    }
    return out;
  }

 private:
  // The engine could not start the script: what the script itself decides (skips, broken
  // commands) stays; everything that needed the engine is an error.
  void not_started(const Command& c, Record& r, const Reply& b) {
    if (!c.problem.empty()) {
      if (c.problem_unsupported) return mark_skip(r, "unsupported", c.problem);
      return mark_error(r, c.problem_reason.empty() ? "bad-command" : c.problem_reason,
                        c.problem);
    }
    if (c.kind == CommandKind::unsupported) return mark_skip(r, "unsupported", c.problem);
    // A quoted module malformed as text is judged by the text reader alone.
    if (c.text_error) return judge_text_error(*c.text_error, r);
    mark_error(r, "engine-error", "the engine could not begin the script (" + b.outcome +
                                      (b.message.empty() ? ")" : "): " + b.message));
  }

  void poison(const Command& c) {
    InstanceSlot bad;
    bad.failed_index = c.index;
    if (!c.definition) {
      current_ = bad;
      if (c.name) named_[*c.name] = bad;
    }
    // The module (a definition, or a module command's own) cannot be instantiated either.
    if (!c.instance) {
      last_def_ = bad;
      if (c.name) defs_[*c.name] = bad;
    }
  }

  // Core 3.0 §6 / ARCHITECTURE "Text modules": a quoted module that is malformed as text is a
  // compile error found by the text reader; it never reaches an engine.
  void judge_text_error(const Command::TextError& e, Record& r) {
    r.path = "text";
    r.path_reason = "malformed as text: judged by the text reader, never sent to the engine";
    judge_outcome(r, "malformed",
                  e.message + " (quoted text " + std::to_string(e.line) + ":" +
                      std::to_string(e.column) + ")",
                  std::string("CompileError"));
  }

  void run_command(const Command& c, Record& r) {
    if (!c.problem.empty()) {
      if (c.kind == CommandKind::module) poison(c);
      if (c.problem_unsupported) return mark_skip(r, "unsupported", c.problem);
      return mark_error(r, c.problem_reason.empty() ? "bad-command" : c.problem_reason,
                        c.problem);
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

  // --- Replies into records -------------------------------------------------------------------
  // A reply that is not a value result: an outcome to judge, an engine error, or `blocked`
  // (the adapter gave up on the engine after too many restarts). True when the outcome is ok.
  bool judge_reply(Record& r, const Reply& rep) {
    if (rep.outcome == "crash" || rep.outcome == "timeout") last_failure_ = r.index;
    if (rep.outcome == "error") {
      mark_error(r, rep.reason.empty() ? "engine-error" : rep.reason, rep.message);
      return false;
    }
    if (rep.outcome == "blocked") {
      mark_blocked(r, last_failure_.value_or(r.index), rep.message);
      return false;
    }
    r.path = rep.path;
    r.path_reason = rep.path_reason;
    if (rep.outcome == "exception") r.actual_exception = rep.exception;
    judge_outcome(r, rep.outcome, rep.message, rep.js_class);
    return rep.outcome == "ok";
  }

  // A reply to invoke/get: the values of an ok reply are judged against the expectations.
  void judge_action_reply(const Command& c, Record& r, const Reply& rep) {
    if (rep.outcome != "ok") {
      judge_reply(r, rep);
      return;
    }
    std::vector<Value> values;
    if (!rep.values.is_null()) {
      if (!rep.values.is_array())
        return mark_error(r, "bad-reply", "the reply's values are not a list");
      for (const nlohmann::json& j : rep.values) {
        std::string why;
        std::optional<Value> v = decode_reply_value(j, why);
        if (!v) return mark_error(r, "bad-reply", why);
        values.push_back(*v);
      }
    }
    r.path = rep.path;
    r.path_reason = rep.path_reason;
    judge_values(r, c, values);
  }

  // --- Modules ---------------------------------------------------------------------------------
  // The module file of a command, or "" (and the record an error) when it cannot be read.
  // A wast2json text module (`module_type: text`, a .wat file) is read with the native text
  // reader under the profile's text features: its bytes are written next to it
  // (`<file>.wat.wasm`) and judged like a binary module, or the command is judged malformed
  // by the text reader (then "" is returned, the record is complete).
  std::string module_path(const Command& c, Record& r) {
    // Bytes the native reader kept, for an engine that compiles bytes: no file to read.
    if (in_memory(c)) return c.filename;
    const std::string path = (std::filesystem::path(script_.base_dir) / c.filename).string();
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      mark_error(r, "missing-module-file", "cannot read module file " + path);
      return "";
    }
    if (!c.text_module) return path;
    const std::string source((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const text::WatResult w = text::wat_to_binary(source, profile_.text_features);
    if (!w.ok) {
      const text::Position p = text::position_of(source, w.error.offset);
      judge_text_error(Command::TextError{w.error.message, p.line, p.column}, r);
      return "";
    }
    const std::string wasm = path + ".wasm";
    std::ofstream out(wasm, std::ios::binary | std::ios::trunc);
    out.write(w.bytes.data(), static_cast<std::streamsize>(w.bytes.size()));
    if (!out) {
      mark_error(r, "missing-module-file", "cannot write module file " + wasm);
      return "";
    }
    return wasm;
  }

  bool in_memory(const Command& c) const { return c.module_bytes && engine_.compiles_bytes(); }

  // compile, then (if asked and it compiled) instantiate; the reply that decides the record.
  // `instance` gets the instance handle when both succeeded.
  Reply compile_and_instantiate(const Command& c, const std::string& path, bool instantiate,
                                std::optional<u32>& instance,
                                std::optional<u32>* module = nullptr) {
    Reply compiled = in_memory(c) ? engine_.compile_bytes(c.index, *c.module_bytes)
                                  : engine_.compile(c.index, path);
    if (compiled.outcome == "ok" && compiled.handle && module) *module = compiled.handle;
    if (compiled.outcome != "ok" || !instantiate) return compiled;
    if (!compiled.handle) {
      Reply bad;
      bad.outcome = "error";
      bad.reason = "bad-reply";
      bad.message = "compile succeeded without a module handle";
      return bad;
    }
    Reply inst = engine_.instantiate(c.index, *compiled.handle);
    if (inst.outcome == "ok" && !inst.handle) {
      inst.outcome = "error";
      inst.reason = "bad-reply";
      inst.message = "instantiate succeeded without an instance handle";
    }
    instance = inst.handle;
    return inst;
  }

  // `module`: compile and instantiate; the instance becomes current (and `$id`), and the
  // compiled module is also the last definition (3.0 scripts may instantiate it again).
  // `module definition`: compile only, binding `$id` to the module.
  void do_module(const Command& c, Record& r) {
    if (c.instance) return do_instance(c, r);
    if (c.text_error) {
      poison(c);
      return judge_text_error(*c.text_error, r);
    }
    const std::string path = module_path(c, r);
    if (path.empty()) return poison(c);
    std::optional<u32> instance, module;
    const Reply rep =
        compile_and_instantiate(c, path, /*instantiate=*/!c.definition, instance, &module);
    const bool ok = judge_reply(r, rep);
    if (!ok || !module || (!c.definition && !instance)) return poison(c);
    InstanceSlot def;
    def.ok = true;
    def.handle = *module;
    last_def_ = def;
    if (c.name) defs_[*c.name] = def;
    if (c.definition) return;
    InstanceSlot slot;
    slot.ok = true;
    slot.handle = *instance;
    current_ = slot;
    if (c.name) named_[*c.name] = slot;
  }

  // `(module instance $i? $d?)`: instantiates definition $d (or the last module defined); the
  // instance becomes current and is bound to $i.
  // The definition an instance command names ($d, or the last module defined); marks the
  // record error or blocked, sets `failed` to the command that stands for the failure, and
  // returns nullptr when there is none or it failed.
  const InstanceSlot* definition_of(const Command& c, Record& r, size_t& failed) {
    const InstanceSlot* def = nullptr;
    if (c.instance_of) {
      auto it = defs_.find(*c.instance_of);
      if (it != defs_.end()) def = &it->second;
    } else if (last_def_) {
      def = &*last_def_;
    }
    if (!def) {
      failed = c.index;
      mark_error(r, "unknown-module",
                 c.instance_of ? "no module definition named " + *c.instance_of
                               : std::string("no module has been defined yet"));
      return nullptr;
    }
    if (!def->ok) {
      failed = def->failed_index;
      mark_blocked(r, failed, "command " + std::to_string(failed) + " (the module) failed");
      return nullptr;
    }
    return def;
  }

  void do_instance(const Command& c, Record& r) {
    size_t failed = c.index;
    const InstanceSlot* def = definition_of(c, r, failed);
    if (!def) {
      InstanceSlot bad;  // the instance's name and the current instance stand for the failure
      bad.failed_index = failed;
      current_ = bad;
      if (c.name) named_[*c.name] = bad;
      return;
    }
    Reply inst = engine_.instantiate(c.index, def->handle);
    if (inst.outcome == "ok" && !inst.handle) {
      inst.outcome = "error";
      inst.reason = "bad-reply";
      inst.message = "instantiate succeeded without an instance handle";
    }
    if (!judge_reply(r, inst) || !inst.handle) return poison(c);
    InstanceSlot slot;
    slot.ok = true;
    slot.handle = *inst.handle;
    current_ = slot;
    if (c.name) named_[*c.name] = slot;
  }

  // The modules of assertions are never current or registered.
  void do_module_assertion(const Command& c, Record& r) {
    if (c.text_error) return judge_text_error(*c.text_error, r);
    if (c.instance) {
      // `(assert_unlinkable (module instance $d?) ...)`: instantiate a definition; the
      // instance, should there be one, is bound to nothing.
      size_t failed = c.index;
      const InstanceSlot* def = definition_of(c, r, failed);
      if (!def) return;
      return (void)judge_reply(r, engine_.instantiate(c.index, def->handle));
    }
    const std::string path = module_path(c, r);
    if (path.empty()) return;
    const bool instantiate =
        c.kind == CommandKind::assert_unlinkable || c.kind == CommandKind::assert_uninstantiable;
    std::optional<u32> instance;
    judge_reply(r, compile_and_instantiate(c, path, instantiate, instance));
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

  void do_register(const Command& c, Record& r) {
    const InstanceSlot* slot = target(c.name, r);
    if (!slot) return;
    judge_reply(r, engine_.register_instance(c.index, slot->handle, c.as));
  }

  void do_action(const Command& c, Record& r) {
    const Action& a = *c.action;
    const InstanceSlot* slot = target(a.module, r);
    if (!slot) return;
    if (a.op == Action::Op::get)
      return judge_action_reply(c, r, engine_.get(c.index, slot->handle, a.field));
    const nlohmann::json args = a.json.contains("args") && a.json["args"].is_array()
                                    ? a.json["args"]
                                    : nlohmann::json::array();
    judge_action_reply(c, r, engine_.invoke(c.index, slot->handle, a.field, args));
  }

  Engine& engine_;
  const Script& script_;
  const Profile& profile_;
  const std::string file_;
  std::map<std::string, InstanceSlot> named_;
  std::optional<InstanceSlot> current_;
  // Compiled modules (3.0 definitions, and every module command's module): `handle` is the
  // engine's module handle.
  std::map<std::string, InstanceSlot> defs_;
  std::optional<InstanceSlot> last_def_;
  std::optional<size_t> last_failure_;  // the last command whose reply was crash/timeout
};

}  // namespace

std::vector<Record> drive_script(Engine& engine, const Script& script, const Profile& profile,
                                 const std::string& file) {
  return ScriptDriver(engine, script, profile, file).run();
}

}  // namespace wasmref::harness
