// Harness: the script driver, one Record per command for any Engine (ARCHITECTURE "The
// harness", notes-harness §5.2, §5.4)
#include "harness/driver.h"

#include <exception>
#include <filesystem>
#include <fstream>
#include <map>

#include "harness/judge.h"

namespace wasmref::harness {

std::optional<Value> decode_reply_value(const nlohmann::json& j, std::string& error) {
  // A non-null funcref result names an engine's own function (reports/README.md): keep its
  // number as the address, so `any_func` matches it and the record shows it.
  if (j.is_object() && j.value("type", std::string()) == "funcref" && j.contains("value") &&
      j["value"].is_string() && j["value"].get<std::string>() != "null") {
    const std::optional<u64> a = parse_int_bits(j["value"].get<std::string>(), 32);
    if (!a) {
      error = "bad funcref value in a reply";
      return std::nullopt;
    }
    return Value::func(FuncAddr{static_cast<u32>(*a)});
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
      return mark_error(r, "bad-command", c.problem);
    }
    if (c.kind == CommandKind::unsupported) return mark_skip(r, "unsupported", c.problem);
    if (c.text_module) return mark_skip(r, "text", "text module (needs a text-format parser)");
    mark_error(r, "engine-error", "the engine could not begin the script (" + b.outcome +
                                      (b.message.empty() ? ")" : "): " + b.message));
  }

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
  std::string module_path(const Command& c, Record& r) {
    const std::string path = (std::filesystem::path(script_.base_dir) / c.filename).string();
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      mark_error(r, "missing-module-file", "cannot read module file " + path);
      return "";
    }
    return path;
  }

  // compile, then (if asked and it compiled) instantiate; the reply that decides the record.
  // `instance` gets the instance handle when both succeeded.
  Reply compile_and_instantiate(const Command& c, const std::string& path, bool instantiate,
                                std::optional<u32>& instance) {
    Reply compiled = engine_.compile(c.index, path);
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

  void do_module(const Command& c, Record& r) {
    if (c.text_module) {
      poison(c);
      return mark_skip(r, "text", "text module (needs a text-format parser)");
    }
    const std::string path = module_path(c, r);
    if (path.empty()) return poison(c);
    std::optional<u32> instance;
    const Reply rep = compile_and_instantiate(c, path, /*instantiate=*/true, instance);
    if (!judge_reply(r, rep) || !instance) return poison(c);
    InstanceSlot slot;
    slot.ok = true;
    slot.handle = *instance;
    current_ = slot;
    if (c.name) named_[*c.name] = slot;
  }

  // The modules of assertions are never current or registered.
  void do_module_assertion(const Command& c, Record& r) {
    if (c.text_module) return mark_skip(r, "text", "text module (needs a text-format parser)");
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
  std::optional<size_t> last_failure_;  // the last command whose reply was crash/timeout
};

}  // namespace

std::vector<Record> drive_script(Engine& engine, const Script& script, const Profile& profile,
                                 const std::string& file) {
  return ScriptDriver(engine, script, profile, file).run();
}

}  // namespace wasmref::harness
