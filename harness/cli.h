// Harness: the `wasmref` command line (ARCHITECTURE "The harness", reports/README.md)
//
//   wasmref wast [--engine NAME] [--profile NAME] [--suite-root DIR] [--expect FILE]
//                [--report DIR] [--wast2json PATH] [--profiles FILE] [--fuel N]
//                [--deadline MS] [--quiet] [--verbose] PATH...
//   wasmref serve [--fuel N]
//   wasmref diff ... / wasmref report ...  (diff.h, report.h)
//
// Exit codes: 0 no fail/xpass/error; 1 any fail, xpass or error; 2 usage or harness error
// (unreadable JSON, missing input, missing tool); 77 every file skipped (conversion failure or
// a whole-file skip), which ctest shows as skipped.
#pragma once

#include <istream>
#include <ostream>
#include <string>
#include <vector>

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

}  // namespace wasmref::harness
