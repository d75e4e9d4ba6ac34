// Harness: one record per command, verdicts, and the per-file result (reports/README.md)
//
// A Record says what was expected and what happened for one command; the verdict is derived
// from the outcome (and values), never from the message text, which is judged separately
// (`text_match`). The field names are the report schema (reports/README.md).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "syntax/types.h"

namespace wasmref::harness {

enum class Verdict : u8 { pass, fail, xfail, xpass, skip, blocked, error };
const char* to_string(Verdict v);

struct Record {
  std::string file;  // suite-relative .wast path
  std::string profile;
  size_t index = 0;
  u64 line = 0;
  std::string kind;  // the command's JSON type

  std::string expected_outcome;  // ok, trap, invalid, ...
  // The JS-API error class the kind requires ("CompileError", "LinkError", "RuntimeError",
  // "RangeError", "Exception"), or nullopt when the command must not throw.
  std::optional<std::string> expected_js_class;
  std::optional<std::string> expected_text;
  nlohmann::json expected_values;  // assert_return `expected` list (null if none)
  nlohmann::json expected_either;  // assert_return alternatives (null unless `either`)

  std::string actual_outcome;  // ok, malformed, ..., or "none" when not run
  std::string actual_message;
  nlohmann::json actual_values;  // results of an action (null if none)
  nlohmann::json actual_exception;  // outcome exception: the thrown tag and payload, or null
  // The class of what was thrown (an ErrorKind name, "Exception" for a WebAssembly.Exception,
  // "other" for a thrown non-error), or nullopt when nothing was thrown (or nothing ran). On
  // the embedding path: the class the JS-API maps the core outcome to.
  std::optional<std::string> actual_js_class;
  // Which door the command went through: "jsapi" (the WebAssembly namespace with MiniHost) or
  // "embed" (the embedding interface, for what JS cannot carry exactly: `path_reason` says
  // why). Empty when nothing ran (skip, blocked, error before running).
  std::string path;
  std::string path_reason;

  Verdict verdict = Verdict::error;
  std::string reason;
  // What the verdict does not say, for readers of the report (written only when non-empty):
  // e.g. a pass whose malformed/invalid phase was not checked (judge.h, `compile_error`).
  std::string note;
  std::string text_match = "n/a";  // prefix / mismatch / n/a
  std::string module_file;         // module-like commands
  nlohmann::json action;           // action-bearing commands: op, module, field, args
  // A coarse engine's record (EngineDescription::coarse): only the verdict and the engine's
  // message are known, so `actual.outcome` and `actual.js_class` are written as null and the
  // record carries `"coarse": true`.
  bool coarse = false;
};

nlohmann::json to_json(const Record& r);

struct Counts {
  u64 pass = 0, fail = 0, xfail = 0, xpass = 0, skip = 0, blocked = 0, error = 0;
  void add(Verdict v);
  void add(const Counts& c);
  u64 total() const { return pass + fail + xfail + xpass + skip + blocked + error; }
};
nlohmann::json to_json(const Counts& c);
Counts counts_from_json(const nlohmann::json& j);

enum class FileStatus : u8 { pass, fail, xfail, xpass, skip, convert_error, convert_crash, error };
const char* to_string(FileStatus s);
// Whether a file with this status makes the run fail (exit 1).
bool fails_run(FileStatus s);

struct FileResult {
  std::string file;  // .wast path relative to its suite's root ("3.0/" before the 3.0 suite's)
  std::string profile;
  std::string suite = "2022";  // the profile's suite
  std::string converter;       // "native" (the text reader) or "wast2json"; "" for a .json input
  std::string report_name;  // path of the .jsonl below <report>/reference/<profile>/
  FileStatus status = FileStatus::pass;
  Counts counts;
  std::map<std::string, u64> skipped_by_reason;
  // Per command kind, the counts of actual JS classes ("none" when nothing was thrown), over
  // every command that was not skipped.
  std::map<std::string, std::map<std::string, u64>> js_classes;
  std::string message;  // file-level message (conversion stderr, harness error)
  double wall_time_s = 0;
  std::vector<Record> records;
};

nlohmann::json to_json(const FileResult& f);  // the summary entry (no records)

// `js_classes` as JSON ({kind: {class: n}}), and adding such a JSON object into a total.
nlohmann::json js_classes_to_json(const std::map<std::string, std::map<std::string, u64>>& m);
void add_js_classes(std::map<std::string, std::map<std::string, u64>>& total,
                    const nlohmann::json& j);

}  // namespace wasmref::harness
