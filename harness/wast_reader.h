// Harness: the .wast script reader (the script grammar of the spec's reference interpreter,
// interpreter/README.md "Scripts", over the core 3.0 §6 text format)
//
// Reads a .wast script natively, without wast2json, into the same `Script` the wast2json
// path produces (harness/script.h): module bytes are written to
// `<module_dir>/<stem>.<N>.wasm` (N counts every module of the script, assertions included,
// as wast2json does), `Action::json` / `Command::expected_json` are the wast2json JSON
// encoding of what was written, `line` is the 1-based line of the command's `(`.
//
//   script:  cmd*  |  modulefield*                  (a file of bare fields is one module)
//   cmd:     module | (register name $id?) | action | assertion | meta | thread
//   module:  (module definition? $id? modulefield*) | (module definition? $id? binary string*)
//          | (module definition? $id? quote string*) | (module instance $inst? $def?)
//   action:  (invoke $id? name const*) | (get $id? name)
//   assertion: (assert_return action result*) | (assert_trap action string)
//          | (assert_trap module string) | (assert_exhaustion action string)
//          | (assert_exception action) | (assert_invalid module string)
//          | (assert_malformed module string) | (assert_unlinkable module string)
//          | (assert_suspension action string)
//   result:  const | (fN.const nan:canonical|nan:arithmetic) | v128 lanes of those
//          | (ref.null ht?) | (ref.extern N?) | (ref.func) | (ref.struct) | (ref.array)
//          | (ref.i31) | (ref.eq) | (ref.any) | (ref.exn) | (either result*)
//
// A quoted module is parsed with wat_to_binary; when it is malformed as text the command keeps
// the text reader's message (Command::text_error) instead of a file. Everything else that
// does not read (a text module the reader rejects, an unknown command, any syntax error) makes
// the whole script a read error naming `path:line:col`. Threads (`thread`, `wait`), stack
// switching (`assert_suspension`), meta commands (`script`, `input`, `output`) and custom
// section assertions are read and recorded as `unsupported` commands ("not implemented yet").
//
// Nothing recurses on the input: the command grammar is read with a flat loop, skipped
// commands are balanced by counting, and module bodies are the text reader's (which unfolds
// with an explicit stack). Memory is the source plus the commands; module bytes go to disk.
#pragma once

#include <string>
#include <string_view>

#include "harness/script.h"
#include "syntax/features.h"

namespace wasmref::harness {

struct WastReadOptions {
  Features features;       // the text reader's features (Profile::text_features)
  std::string module_dir;  // where module files are written ("" = nowhere: names only)
  std::string stem;        // file name stem of the module files (e.g. "address")
};

// `wast_path` names the script in errors and is the Script's json_path; base_dir is
// options.module_dir.
ScriptLoad read_wast(std::string_view source, const std::string& wast_path,
                     const WastReadOptions& options);
ScriptLoad load_wast(const std::string& wast_path, const WastReadOptions& options);

}  // namespace wasmref::harness
