// Harness: a wast2json script as typed commands (notes-harness §1.2, §1.3, §1.5, §5.2)
#include "harness/script.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/json_reader.h"

namespace wasmref::harness {

const char* to_string(CommandKind k) {
  switch (k) {
    case CommandKind::module: return "module";
    case CommandKind::register_: return "register";
    case CommandKind::action: return "action";
    case CommandKind::assert_return: return "assert_return";
    case CommandKind::assert_trap: return "assert_trap";
    case CommandKind::assert_exhaustion: return "assert_exhaustion";
    case CommandKind::assert_exception: return "assert_exception";
    case CommandKind::assert_invalid: return "assert_invalid";
    case CommandKind::assert_malformed: return "assert_malformed";
    case CommandKind::assert_unlinkable: return "assert_unlinkable";
    case CommandKind::assert_uninstantiable: return "assert_uninstantiable";
    case CommandKind::unsupported: return "unsupported";
  }
  return "unsupported";
}

bool is_module_kind(CommandKind k) {
  return k == CommandKind::module || k == CommandKind::assert_invalid ||
         k == CommandKind::assert_malformed || k == CommandKind::assert_unlinkable ||
         k == CommandKind::assert_uninstantiable;
}

bool is_action_kind(CommandKind k) {
  return k == CommandKind::action || k == CommandKind::assert_return ||
         k == CommandKind::assert_trap || k == CommandKind::assert_exhaustion ||
         k == CommandKind::assert_exception;
}

namespace {

CommandKind kind_of(const std::string& t) {
  for (CommandKind k :
       {CommandKind::module, CommandKind::register_, CommandKind::action,
        CommandKind::assert_return, CommandKind::assert_trap, CommandKind::assert_exhaustion,
        CommandKind::assert_exception, CommandKind::assert_invalid, CommandKind::assert_malformed,
        CommandKind::assert_unlinkable, CommandKind::assert_uninstantiable})
    if (t == to_string(k)) return k;
  return CommandKind::unsupported;
}

const std::string* get_string(const nlohmann::json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_string()) return nullptr;
  return &it->get_ref<const std::string&>();
}

void set_problem(Command& c, std::string what, bool unsupported = false,
                 std::string reason = "") {
  if (!c.problem.empty()) return;
  c.problem = std::move(what);
  c.problem_unsupported = unsupported;
  c.problem_reason = std::move(reason);
}

// A module file name must stay in the script's directory: a script is input, and `/etc/...`
// or `../../x.wasm` would make the harness read (and report on) files the script does not own.
bool inside_script_dir(const std::string& filename) {
  const std::filesystem::path p = std::filesystem::path(filename).lexically_normal();
  if (p.empty() || p.is_absolute() || p.has_root_name() || p.has_root_directory()) return false;
  return *p.begin() != "..";
}

bool read_value(Command& c, const nlohmann::json& j, bool allow_patterns, WastValue& out) {
  ValueParse p = parse_wast_value(j, allow_patterns);
  if (!p.value) {
    set_problem(c, p.error, p.unsupported);
    return false;
  }
  out = std::move(*p.value);
  return true;
}

void read_action(Command& c, const nlohmann::json& o) {
  auto it = o.find("action");
  if (it == o.end() || !it->is_object()) return set_problem(c, "missing \"action\"");
  const nlohmann::json& a = *it;
  Action action;
  action.json = a;
  const std::string* op = get_string(a, "type");
  if (op && *op == "invoke")
    action.op = Action::Op::invoke;
  else if (op && *op == "get")
    action.op = Action::Op::get;
  else
    return set_problem(c, "unknown action type", true);
  if (const std::string* m = get_string(a, "module")) action.module = *m;
  const std::string* field = get_string(a, "field");
  if (!field) return set_problem(c, "action without \"field\"");
  action.field = *field;
  if (auto args = a.find("args"); args != a.end()) {
    if (!args->is_array()) return set_problem(c, "action \"args\" is not a list");
    for (const nlohmann::json& v : *args) {
      WastValue arg;
      if (!read_value(c, v, /*allow_patterns=*/false, arg)) return;
      action.args.push_back(std::move(arg));
    }
  }
  c.action = std::move(action);
}

// A newer generator's `{"type": "either", "values": [...]}` at one result position.
bool is_nested_either(const nlohmann::json& v) {
  const std::string* t = v.is_object() ? get_string(v, "type") : nullptr;
  return t && *t == "either";
}

constexpr size_t kMaxAlternatives = 4096;

void read_expected(Command& c, const nlohmann::json& o) {
  if (auto e = o.find("either"); e != o.end()) {
    // 1.0.32: each element is one alternative for a single-result function (§1.5).
    c.uses_either = true;
    c.expected_json = *e;
    if (!e->is_array()) return set_problem(c, "\"either\" is not a list");
    for (const nlohmann::json& v : *e) {
      WastValue w;
      if (!read_value(c, v, true, w)) return;
      c.alternatives.push_back({std::move(w)});
    }
    return;
  }
  auto e = o.find("expected");
  if (e == o.end()) {  // no results expected
    c.expected_json = nlohmann::json::array();
    c.alternatives.push_back({});
    return;
  }
  c.expected_json = *e;
  if (!e->is_array()) return set_problem(c, "\"expected\" is not a list");
  std::vector<std::vector<WastValue>> alts(1);
  for (const nlohmann::json& v : *e) {
    if (is_nested_either(v)) {
      c.uses_either = true;
      auto vals = v.find("values");
      if (vals == v.end() || !vals->is_array() || vals->empty())
        return set_problem(c, "\"either\" without values");
      std::vector<WastValue> choices;
      for (const nlohmann::json& x : *vals) {
        WastValue w;
        if (!read_value(c, x, true, w)) return;
        choices.push_back(std::move(w));
      }
      if (alts.size() * choices.size() > kMaxAlternatives)
        return set_problem(c, "too many \"either\" alternatives");
      std::vector<std::vector<WastValue>> next;
      for (const auto& prefix : alts)
        for (const WastValue& w : choices) {
          next.push_back(prefix);
          next.back().push_back(w);
        }
      alts = std::move(next);
    } else {
      WastValue w;
      if (!read_value(c, v, true, w)) return;
      for (auto& prefix : alts) prefix.push_back(w);
    }
  }
  c.alternatives = std::move(alts);
}

Command read_command(const nlohmann::json& o, size_t index) {
  Command c;
  c.index = index;
  if (!o.is_object()) {
    set_problem(c, "command is not an object");
    return c;
  }
  if (auto l = o.find("line"); l != o.end() && l->is_number_unsigned()) c.line = l->get<u64>();
  const std::string* type = get_string(o, "type");
  c.type_name = type ? *type : "";
  c.kind = kind_of(c.type_name);
  if (c.kind == CommandKind::unsupported) {
    // Not a skip: an unknown type may be an assertion, and skipping it would pass silently.
    set_problem(c, "unknown command type \"" + c.type_name + "\"", false, "unknown-command");
    return c;
  }
  if (c.kind == CommandKind::module || c.kind == CommandKind::register_)
    if (const std::string* n = get_string(o, "name")) c.name = *n;
  if (const std::string* t = get_string(o, "text")) c.text = *t;

  if (is_module_kind(c.kind)) {
    // Newer generators may write `binary_filename` next to a text `filename`.
    const std::string* f = get_string(o, "filename");
    const std::string* mt = get_string(o, "module_type");
    if (mt && *mt == "text") {
      c.text_module = true;
      c.form = Command::ModuleForm::quote;
      if (const std::string* b = get_string(o, "binary_filename")) {
        c.text_module = false;
        f = b;
      }
    } else if (mt && *mt != "binary") {
      set_problem(c, "unknown module_type \"" + *mt + "\"", true);
    }
    if (!f) {
      set_problem(c, "module command without \"filename\"");
    } else {
      c.filename = *f;
      if (!inside_script_dir(*f))
        set_problem(c, "module file \"" + *f + "\" is outside the script's directory", false,
                    "bad-module-path");
    }
    // WABT HEAD marks `(module definition ...)` with `"definition": "true"`.
    if (auto d = o.find("definition"); d != o.end() && c.kind == CommandKind::module)
      c.definition = (d->is_string() && d->get<std::string>() == "true") ||
                     (d->is_boolean() && d->get<bool>());
  } else if (c.kind == CommandKind::register_) {
    const std::string* as = get_string(o, "as");
    if (!as)
      set_problem(c, "register without \"as\"");
    else
      c.as = *as;
  } else {
    read_action(c, o);
    // Only assert_return's `expected` carries values; the type-only lists of the other
    // action kinds are never needed (the comma bug lives there, §1.6).
    if (c.kind == CommandKind::assert_return) read_expected(c, o);
  }
  return c;
}

}  // namespace

ScriptLoad parse_script(std::string_view json_text, const std::string& json_path) {
  ScriptLoad out;
  JsonParse parsed = parse_json_tolerant(json_text);
  if (!parsed.value) {
    out.error = json_path + ": " + parsed.error;
    return out;
  }
  const nlohmann::json& root = *parsed.value;
  if (!root.is_object() || !root.contains("commands") || !root["commands"].is_array()) {
    out.error = json_path + ": not a wast2json script (no \"commands\" list)";
    return out;
  }
  Script s;
  s.json_path = json_path;
  s.base_dir = std::filesystem::path(json_path).parent_path().string();
  size_t i = 0;
  for (const nlohmann::json& c : root["commands"]) s.commands.push_back(read_command(c, i++));
  out.script = std::move(s);
  return out;
}

ScriptLoad load_script(const std::string& json_path) {
  std::ifstream in(json_path, std::ios::binary);
  if (!in) {
    ScriptLoad out;
    out.error = json_path + ": cannot read the file";
    return out;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_script(ss.str(), json_path);
}

}  // namespace wasmref::harness
