// Harness: running a script in process through the embedding interface (notes-harness §5.2, §5.4)
#include "harness/runner.h"

#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>

#include "harness/judge.h"
#include "host/spectest.h"
#include "runtime/store.h"
#include "syntax/messages.h"

namespace wasmref::harness {

ExecLimits default_script_limits() {
  ExecLimits limits;
  limits.fuel = 100'000'000;  // a runaway loop ends in "fuel exhausted" after ~1e8 steps
  return limits;
}

namespace {

// An entry of the module table: an instance, or the marker of a failed `module` command.
struct InstanceSlot {
  bool ok = false;
  size_t failed_index = 0;  // the command whose failure poisoned this slot
  ModuleAddr addr{};
  std::shared_ptr<const Module> module;
};

using Exports = std::map<std::string, ExternVal>;

// What happened to a module-like command.
struct ModuleRun {
  std::string outcome;  // ok, malformed, invalid, link_error, instantiation_trap, ...
  std::string message;
  std::optional<InstanceSlot> instance;
  bool missing_file = false;
};

std::string outcome_name(Outcome o) { return to_string(o); }

class ScriptRunner {
 public:
  ScriptRunner(const Script& script, const RunOptions& options)
      : script_(script), options_(options), store_(embed::store_init(options.limits)) {
    Exports spectest;
    for (auto& [name, ev] : host::spectest_instance(*store_)) spectest[name] = ev;
    registry_["spectest"] = std::move(spectest);
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
        judge_outcome(r, "crash", std::string("C++ exception: ") + e.what());
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

  // --- Modules: decode, validate, resolve imports by name, instantiate ----------------------
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
    Result<std::shared_ptr<Module>> decoded = embed::module_decode(bytes, options_.features);
    if (!decoded) return fail(m, decoded.error());
    std::shared_ptr<Module> module = std::move(decoded.value());
    if (!module) return fail(m, Error{Outcome::crash, "module_decode returned no module"});
    Result<void> valid = embed::module_validate(*module, options_.features);
    if (!valid) return fail(m, valid.error());
    if (!instantiate) {
      m.outcome = "ok";
      return m;
    }
    // §4.5.4 step "resolve imports": the embedder looks each (module, name) up; a name that
    // is not there is a link error before module_instantiate runs.
    std::vector<ExternVal> externs;
    for (const Import& imp : module->imports) {
      auto reg = registry_.find(imp.module);
      std::optional<ExternVal> ev;
      if (reg != registry_.end()) {
        auto it = reg->second.find(imp.name);
        if (it != reg->second.end()) ev = it->second;
      }
      if (!ev)
        return fail(m, Error{Outcome::link_error, std::string(msg::unknown_import) + ": \"" +
                                                      imp.module + "\".\"" + imp.name + "\""});
      externs.push_back(*ev);
    }
    Result<ModuleAddr> inst = embed::module_instantiate(*store_, module, externs);
    if (!inst) {
      m.message = inst.error().message;
      // A trap while running segments or the start function: distinct from a link error.
      m.outcome = inst.error().outcome == Outcome::trap ? "instantiation_trap"
                                                        : outcome_name(inst.error().outcome);
      return m;
    }
    m.outcome = "ok";
    InstanceSlot slot;
    slot.ok = true;
    slot.addr = *inst;
    slot.module = std::move(module);
    m.instance = std::move(slot);
    return m;
  }

  static ModuleRun& fail(ModuleRun& m, const Error& e) {
    m.outcome = outcome_name(e.outcome);
    m.message = e.message;
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
    judge_outcome(r, m.outcome, m.message);
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
    judge_outcome(r, m.outcome, m.message);
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
    Exports exports;
    for (const embed::ExportDesc& e : embed::module_exports(*slot->module)) {
      std::optional<ExternVal> ev = embed::instance_export(*store_, slot->addr, e.name);
      if (!ev) return judge_outcome(r, "crash", "instance_export lost export \"" + e.name + "\"");
      exports[e.name] = *ev;
    }
    registry_[c.as] = std::move(exports);
    judge_outcome(r, "ok", "");
  }

  // --- Actions: invoke or get --------------------------------------------------------------
  void do_action(const Command& c, Record& r) {
    const Action& a = *c.action;
    const InstanceSlot* slot = target(a.module, r);
    if (!slot) return;
    std::optional<ExternVal> ev = embed::instance_export(*store_, slot->addr, a.field);
    const ExternKind want = a.op == Action::Op::invoke ? ExternKind::func : ExternKind::global;
    if (!ev || ev->kind != want)
      return mark_error(r, "unknown-export",
                        std::string("no ") + to_string(want) + " export \"" + a.field + "\"");
    if (a.op == Action::Op::get) {
      const Value v = embed::global_read(*store_, GlobalAddr{ev->addr});
      return judge_values(r, c, std::span<const Value>(&v, 1));
    }
    std::vector<Value> args;
    for (const WastValue& w : a.args) {
      std::optional<Value> v = to_runtime_value(w);
      if (!v) return mark_error(r, "bad-command", "argument cannot be passed as a value");
      args.push_back(*v);
    }
    Result<std::vector<Value>> results = embed::func_invoke(*store_, FuncAddr{ev->addr}, args);
    if (!results)
      return judge_outcome(r, outcome_name(results.error().outcome), results.error().message);
    judge_values(r, c, *results);
  }

  const Script& script_;
  const RunOptions& options_;
  std::unique_ptr<Store> store_;
  std::map<std::string, Exports> registry_;
  std::map<std::string, InstanceSlot> named_;
  std::optional<InstanceSlot> current_;
};

}  // namespace

std::vector<Record> run_script(const Script& script, const RunOptions& options) {
  return ScriptRunner(script, options).run();
}

}  // namespace wasmref::harness
