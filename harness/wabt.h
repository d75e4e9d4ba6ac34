// Harness: the WABT `spectest-interp` engine, coarse and whole-file (notes-harness §2.1, §2.4,
// §5.4)
//
// spectest-interp 1.0.32 runs a whole wast2json script and prints `<source_filename>:<line>: `
// lines: "<kind> passed: ..." notes for assertions that passed (assert_trap, assert_invalid,
// assert_malformed, assert_unlinkable/uninstantiable, assert_exception), anything else is a
// failure ("mismatch in result ...", "expected trap ...", "error reading module ...").
// assert_return passes print nothing. A run that finishes prints "N/M tests passed."; a bad
// register or unreadable JSON aborts the run without it.
//
// Only pass/fail per .wast line is recoverable, so the adapter is coarse: every command on a
// line with a failure report fails, every other command that ran passes, and the records carry
// no outcome or class of their own (Record::coarse), only the engine's lines as the message.
// Commands after the last reported line of a run that did not finish are `error`: whether
// they ran is unknown.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/engine.h"

namespace wasmref::harness {

// What spectest-interp printed about one .wast line.
struct WabtLine {
  std::vector<std::string> failures;  // messages after "<file>:<line>: ", continuation lines joined
  std::vector<std::string> passes;    // "<kind> passed..." notes
};

struct WabtOutput {
  std::map<u64, WabtLine> lines;
  std::optional<u64> tests_passed, tests_total;  // the final "N/M tests passed." line
  u64 last_line = 0;                             // the last .wast line reported (0: none)
};

// Parses spectest-interp's stdout. Only lines starting with `<source_filename>:<digits>: ` are
// reports; indented lines continue the previous report; other lines (action results such as
// "f(i32:1) => i32:2") are ignored.
WabtOutput parse_spectest_interp_output(std::string_view text, const std::string& source_filename);

// How one spectest-interp process ended.
struct WabtRun {
  enum class Status { finished, exited, crashed, timed_out, spawn_failed };
  Status status = Status::spawn_failed;  // finished: the tally line was printed
  int exit_code = 0;
  int signal = 0;
  double timeout_s = 0;
  std::string stderr_head;  // the first stderr lines
};

// One coarse record per command of `script` from spectest-interp's report (`file` is the
// suite-relative .wast path, `profile` the profile name). Verdicts are raw (pass / fail /
// error); expectations are applied later (finish_file).
std::vector<Record> wabt_records(const Script& script, const std::string& file,
                                 const std::string& profile, const WabtOutput& output,
                                 const WabtRun& run);

// The `wabt` engine: `spectest-interp [profile's wast2json flags] file.json`, per file.
class WabtEngine final : public Engine {
 public:
  explicit WabtEngine(std::string tool);

  EngineDescription describe() override;
  Reply begin_script(const Script& script, const Profile& profile) override;
  // Per-command requests are not supported: the driver uses run_whole_file.
  Reply compile(size_t index, const std::string& wasm_path) override;
  Reply instantiate(size_t index, u32 module_handle) override;
  Reply register_instance(size_t index, u32 instance_handle, const std::string& as) override;
  Reply invoke(size_t index, u32 instance_handle, const std::string& field,
               const nlohmann::json& args) override;
  Reply get(size_t index, u32 instance_handle, const std::string& field) override;
  void end_script() override {}
  // Records carry `file` relative to the build's suite root when the script's source_filename
  // lies below it, else the .wast file name; the driver may overwrite it with its own.
  std::optional<std::vector<Record>> run_whole_file(const Script& script,
                                                    const Profile& profile) override;

 private:
  std::string tool_;
  std::optional<std::string> version_;
  std::vector<std::string> last_flags_;
};

// The `wabt` engine with spectest-interp found on PATH; nullptr and `error` when absent.
std::unique_ptr<Engine> make_wabt_engine(std::string& error);

}  // namespace wasmref::harness
