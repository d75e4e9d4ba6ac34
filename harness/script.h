// Harness: a wast2json script as typed commands (notes-harness §1.2, §1.3, §1.5, §5.2)
//
// A Script is the immutable list of commands of one converted .wast. A command's identity is
// its index in `commands` (lines are not unique). Reading is tolerant: a command whose fields
// cannot be understood keeps a `problem` (it is judged `error`, or `skip` when the problem is
// something newer than 1.0.32). An unknown command type is kind `unsupported` with a problem
// (reason `unknown-command`: an error, not a skip, since it may be an assertion); a module
// file that leaves the script's directory is refused (reason `bad-module-path`).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/wast_value.h"

namespace wasmref::harness {

enum class CommandKind : u8 {
  module,
  register_,
  action,
  assert_return,
  assert_trap,
  assert_exhaustion,
  assert_exception,
  assert_invalid,
  assert_malformed,
  assert_unlinkable,
  assert_uninstantiable,
  unsupported,  // a command type 1.0.32 does not write
};
const char* to_string(CommandKind k);  // the JSON `type` name ("register", ...)

bool is_module_kind(CommandKind k);  // module and the four module assertions
bool is_action_kind(CommandKind k);  // action and the four action assertions

struct Action {
  enum class Op : u8 { invoke, get };
  Op op = Op::invoke;
  std::optional<std::string> module;  // `$id` of an earlier module; nullopt = current
  std::string field;                  // export name, a byte string
  std::vector<WastValue> args;
  nlohmann::json json;  // as written (for reports)
};

struct Command {
  size_t index = 0;
  u64 line = 0;
  CommandKind kind = CommandKind::unsupported;
  std::string type_name;  // the JSON `type` as written

  std::optional<std::string> name;  // module / register: `$id` (kept with its `$`)
  std::string as;                   // register
  std::string filename;             // module-like: file relative to the JSON's directory
  // The native reader's encoding of the module (harness/wast_reader.h), in memory: engines
  // that compile bytes (Engine::compiles_bytes) take it and no file needs to exist.
  std::shared_ptr<const std::string> module_bytes;
  bool text_module = false;         // module_type "text"
  std::optional<std::string> text;  // expected failure text
  std::optional<Action> action;
  // assert_return: one list of per-result patterns per alternative. Plain `expected` is one
  // alternative; 1.0.32 `either` is one single-value alternative per element; the newer
  // nested `{"type":"either","values":[...]}` form is expanded per position.
  std::vector<std::vector<WastValue>> alternatives;
  bool uses_either = false;
  nlohmann::json expected_json;  // `expected` or `either` as written (for reports)

  // 3.0 scripts (harness/wast_reader.h). `(module definition $id? ...)` compiles the module
  // and binds `name` to it without instantiating; `(module instance $i? $d?)` (kind module,
  // no file) instantiates the definition `instance_of` (or the last module defined) and binds
  // `name` to the instance, which becomes current.
  bool definition = false;
  bool instance = false;
  // How a module command's module was written: as text, `binary "..."`, or `quote "..."` (a
  // wast2json `module_type: text` file is `quote`). Tells a text reader's encoding from bytes
  // taken as written (harness/crosscheck.h compares only the former).
  enum class ModuleForm : u8 { text, binary, quote };
  ModuleForm form = ModuleForm::binary;
  std::optional<std::string> instance_of;
  // A quoted text module that is malformed as text: the text reader's message (a suite text,
  // details after ": ") and where in the quoted text it was found. There is no module file;
  // the command is judged `malformed` (CompileError) without reaching an engine.
  struct TextError {
    std::string message;
    u32 line = 0;    // 1-based, within the concatenated quoted strings
    u32 column = 0;  // 1-based, bytes
  };
  std::optional<TextError> text_error;

  std::string problem;               // non-empty: the command cannot be run as written
  bool problem_unsupported = false;  // the problem is a newer feature, not a broken file
  // The record's reason for a problem that is not `bad-command` (nor `unsupported`):
  // `unknown-command` (a command type no generator writes), `bad-module-path` (a module file
  // outside the script's directory). "" otherwise.
  std::string problem_reason;
};

struct Script {
  std::string json_path;  // the JSON file
  std::string base_dir;   // its directory: module files are resolved here
  std::vector<Command> commands;
};

struct ScriptLoad {
  std::optional<Script> script;
  std::string error;  // one line
};

ScriptLoad parse_script(std::string_view json_text, const std::string& json_path);
ScriptLoad load_script(const std::string& json_path);

}  // namespace wasmref::harness
