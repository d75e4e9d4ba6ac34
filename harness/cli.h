// Harness: the `wasmref` command line (ARCHITECTURE "The harness", reports/README.md)
//
//   wasmref wast [OPTIONS] PATH...        (`wasmref wast --help` lists the options)
//   wasmref serve [--fuel N]
//   wasmref diff ... / wasmref report ...  (diff.h, report.h)
//
// Exit codes: 0 no fail/xpass/error; 1 any fail, xpass or error; 2 usage or harness error
// (unreadable JSON, missing input, missing tool); 77 every file skipped (conversion failure or
// a whole-file skip), which ctest shows as skipped.
//
// Failure lines (issue 9): every fail, xpass and error record prints one line an editor can
// jump to, `PATH:LINE: COMMAND: expected X, got Y [reason]`, the values written as script
// constants; blocked commands are collapsed into one line per failed module.
#pragma once

#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/record.h"

namespace wasmref::harness {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFail = 1;
inline constexpr int kExitHarness = 2;
inline constexpr int kExitSkipped = 77;

// `args` excludes the program name. The subcommands dispatch to functions of their own files:
// `wast` (cli.cc), `serve` (serve.cc), `diff` (diff.h), `report` (report.h), `validate` and
// `run` (single.cc), `crosscheck` (crosscheck.h).
int cli_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// `wasmref serve ARGS`: the reference over the JSON-lines protocol (harness/PROTOCOL.md),
// requests from `in`, replies to `out`, until `in` ends.
int serve_main(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
               std::ostream& err);

// `wasmref validate FILE`: decode and validate one module (binary or text); exit 0 valid, 1
// malformed or invalid (the message printed), 2 unreadable.
int validate_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// `wasmref run FILE --invoke NAME ARG...`: instantiate one module and invoke an export, the
// arguments and results written as script constants.
int run_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// --- Failure lines ------------------------------------------------------------------------------

// One value in the records' encoding (reports/README.md "Values") as a script constant in
// parentheses: `(i32.const -1)`, `(f32.const nan:0x200000)`, `(f64.const nan:canonical)`,
// `(v128.const i32x4 1 2 3 4)`, `(ref.null func)`, `(ref.extern 3)`, and a nested
// `{"type": "either"}` as `(either ...)` (harness/wast_text.h constant_text); anything else is
// shown as its JSON.
std::string value_text(const nlohmann::json& value);

// The command of a record as a script writes it: `assert_return (invoke "add" (i32.const 2))`,
// `assert_invalid (module m.3.wasm)`.
std::string command_text(const Record& r);

// The line of one fail / xpass / error record: `PATH:LINE: COMMAND: expected X, got Y [reason]`.
std::string failure_line(const Record& r, const std::string& path);

// The lines of a file's records: failure_line for every fail, xpass and error record, in
// command order; blocked records (when `blocked` is true) collapsed into one line per cause,
// at the first blocked command: `PATH:LINE: N commands blocked: module at line L failed: ...`.
std::vector<std::string> failure_lines(const std::vector<Record>& records,
                                       const std::string& path, bool blocked);

}  // namespace wasmref::harness
