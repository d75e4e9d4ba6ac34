// Harness: the WABT `spectest-interp` engine, coarse and whole-file (notes-harness §2.1, §2.4,
// §5.4)
#include "harness/wabt.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "harness/convert.h"
#include "harness/json_reader.h"
#include "harness/process.h"
#include "harness/judge.h"


namespace wasmref::harness {
namespace fs = std::filesystem;

// ------------------------------------------------------------------------------------------
// Reading spectest-interp's output
// ------------------------------------------------------------------------------------------

namespace {

// "<kind> passed" with <kind> a lower-case command name: spectest-interp's note for an
// assertion that held (e.g. "assert_trap passed: out of bounds memory access").
bool is_pass_note(std::string_view msg) {
  size_t i = 0;
  while (i < msg.size() && ((msg[i] >= 'a' && msg[i] <= 'z') || msg[i] == '_')) ++i;
  if (i == 0 || msg.substr(0, 7) != "assert_") return false;
  return msg.substr(i, 7) == " passed";
}

// "N/M tests passed." -> (N, M).
bool parse_tally(std::string_view line, u64& passed, u64& total) {
  constexpr std::string_view kTail = " tests passed.";
  if (line.size() <= kTail.size() || line.substr(line.size() - kTail.size()) != kTail) return false;
  line.remove_suffix(kTail.size());
  const size_t slash = line.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 >= line.size()) return false;
  auto number = [](std::string_view s, u64& v) {
    if (s.empty() || s.size() > 19) return false;
    v = 0;
    for (char ch : s) {
      if (ch < '0' || ch > '9') return false;
      v = v * 10 + u64(ch - '0');
    }
    return true;
  };
  return number(line.substr(0, slash), passed) && number(line.substr(slash + 1), total);
}

}  // namespace

WabtOutput parse_spectest_interp_output(std::string_view text, const std::string& source_filename) {
  WabtOutput out;
  std::string* previous = nullptr;  // the report an indented line continues
  const std::string prefix = source_filename + ":";
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

    u64 passed = 0, total = 0;
    if (parse_tally(line, passed, total)) {
      out.tests_passed = passed;
      out.tests_total = total;
      previous = nullptr;
      continue;
    }
    if (!source_filename.empty() && line.substr(0, prefix.size()) == prefix) {
      // "<source_filename>:<line>: <message>"
      size_t i = prefix.size();
      u64 n = 0;
      size_t digits = 0;
      while (i < line.size() && line[i] >= '0' && line[i] <= '9' && digits < 19) {
        n = n * 10 + u64(line[i] - '0');
        ++i;
        ++digits;
      }
      if (digits > 0 && line.substr(i, 2) == ": ") {
        const std::string msg(line.substr(i + 2));
        WabtLine& l = out.lines[n];
        std::vector<std::string>& into = is_pass_note(msg) ? l.passes : l.failures;
        into.push_back(msg);
        previous = &into.back();
        if (n > out.last_line) out.last_line = n;
        continue;
      }
    }
    if (previous && !line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      // A continuation (e.g. the text parser's error under "assert_malformed passed:").
      size_t k = 0;
      while (k < line.size() && (line[k] == ' ' || line[k] == '\t')) ++k;
      *previous += "\n" + std::string(line.substr(k));
      continue;
    }
    previous = nullptr;  // action output ("f(i32:1) => i32:2") or anything else
  }
  return out;
}

// ------------------------------------------------------------------------------------------
// Records
// ------------------------------------------------------------------------------------------

namespace {

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string s;
  for (const std::string& x : v) {
    if (!s.empty()) s += sep;
    s += x;
  }
  return s;
}

// Why the commands after the last reported line have no verdict.
std::string unfinished_message(const WabtRun& run, const WabtOutput& out) {
  std::string why;
  switch (run.status) {
    case WabtRun::Status::crashed:
      why = "spectest-interp was killed by signal " + std::to_string(run.signal);
      break;
    case WabtRun::Status::timed_out: {
      std::ostringstream s;
      s << "spectest-interp did not finish within " << run.timeout_s << " s";
      why = s.str();
      break;
    }
    case WabtRun::Status::exited:
      why = "spectest-interp stopped (exit " + std::to_string(run.exit_code) +
            ") without its tally line";
      break;
    case WabtRun::Status::spawn_failed: why = "spectest-interp could not be started"; break;
    case WabtRun::Status::finished: break;
  }
  if (out.last_line > 0)
    why += " after reporting line " + std::to_string(out.last_line);
  else
    why += " before reporting any line";
  why += ": whether this command ran is unknown";
  if (!run.stderr_head.empty()) why += " (stderr: " + run.stderr_head + ")";
  return why;
}

const char* unfinished_reason(WabtRun::Status s) {
  switch (s) {
    case WabtRun::Status::crashed: return "engine-crash";
    case WabtRun::Status::timed_out: return "engine-timeout";
    default: return "engine-aborted";
  }
}

}  // namespace

std::vector<Record> wabt_records(const Script& script, const std::string& file,
                                 const std::string& profile, const WabtOutput& output,
                                 const WabtRun& run) {
  // Commands per line: spectest-interp reports lines, and a line may hold several commands
  // (left-to-right.wast puts two assertions on each of 44 lines).
  std::map<u64, size_t> per_line;
  for (const Command& c : script.commands) ++per_line[c.line];

  const bool finished = run.status == WabtRun::Status::finished;
  std::vector<Record> records;
  records.reserve(script.commands.size());
  for (const Command& c : script.commands) {
    Record r = begin_record(c, file, profile);
    r.coarse = true;
    r.path = "spectest-interp";
    // Commands run in order, so every command up to the last reported line ran.
    if (!finished && c.line > output.last_line) {
      r.verdict = Verdict::error;
      r.reason = unfinished_reason(run.status);
      r.actual_message = unfinished_message(run, output);
      r.path.clear();
      records.push_back(std::move(r));
      continue;
    }
    const auto it = output.lines.find(c.line);
    const bool shared = per_line[c.line] > 1;
    const std::string shared_note = shared
                                        ? " (line shared by " + std::to_string(per_line[c.line]) +
                                              " commands: spectest-interp reports per line)"
                                        : "";
    if (it != output.lines.end() && !it->second.failures.empty()) {
      r.verdict = Verdict::fail;
      r.reason = "coarse-fail";
      r.actual_message = join(it->second.failures, "\n") + shared_note;
    } else {
      r.verdict = Verdict::pass;
      r.reason = "";
      if (it != output.lines.end() && !it->second.passes.empty()) {
        r.actual_message = join(it->second.passes, "\n");
        // "<kind> passed: <engine message>": the message is comparable with the expected text
        // only when the line holds this command alone.
        const std::string& note = it->second.passes.front();
        const size_t colon = note.find(": ");
        if (!shared && it->second.passes.size() == 1 && colon != std::string::npos)
          r.text_match = text_match(c.text, note.substr(colon + 2));
      }
    }
    records.push_back(std::move(r));
  }
  return records;
}

// ------------------------------------------------------------------------------------------
// Running spectest-interp
// ------------------------------------------------------------------------------------------

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string head_lines(const std::string& text, size_t max_lines) {
  size_t pos = 0;
  for (size_t n = 0; n < max_lines && pos < text.size(); ++n) {
    const size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) return text;
    pos = nl + 1;
  }
  std::string s = text.substr(0, pos);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

// Runs `args` with stdout/stderr into files, killing it after `timeout_s` seconds.
WabtRun spawn_with_deadline(const std::vector<std::string>& args, const std::string& out_file,
                            const std::string& err_file, double timeout_s) {
  WabtRun r;
  r.timeout_s = timeout_s;
  const ProcessResult p = run_process(args, out_file, err_file, timeout_s);
  if (!p.started) return r;  // Status::spawn_failed
  if (p.timed_out) {
    r.status = WabtRun::Status::timed_out;
  } else if (WIFSIGNALED(p.status)) {
    r.status = WabtRun::Status::crashed;
    r.signal = WTERMSIG(p.status);
  } else {
    r.status = WabtRun::Status::exited;  // finished once the tally line is seen
    r.exit_code = WIFEXITED(p.status) ? WEXITSTATUS(p.status) : -1;
  }
  return r;
}

// The script's `source_filename`: the prefix of spectest-interp's report lines.
std::string source_filename_of(const std::string& json_path) {
  JsonParse p = parse_json_tolerant(read_file(json_path));
  if (!p.value || !p.value->is_object()) return "";
  auto it = p.value->find("source_filename");
  return it != p.value->end() && it->is_string() ? it->get<std::string>() : "";
}

// The .wast path relative to the build's suite root, else its file name.
std::string suite_relative(const std::string& source_filename) {
  const fs::path src(source_filename);
  const std::string root = default_suite_root();
  if (!root.empty() && src.is_absolute()) {
    std::error_code ec;
    const fs::path rel =
        fs::weakly_canonical(src, ec).lexically_relative(fs::weakly_canonical(fs::path(root), ec));
    if (!ec && !rel.empty() && *rel.begin() != "..") return rel.generic_string();
  }
  return src.filename().generic_string();
}

Reply not_supported() {
  Reply r;
  r.outcome = "error";
  r.message = "wabt is a coarse engine: it runs whole files only (run_whole_file)";
  return r;
}

}  // namespace

WabtEngine::WabtEngine(std::string tool) : tool_(std::move(tool)) {}

EngineDescription WabtEngine::describe() {
  if (!version_) version_ = tool_version(tool_);
  EngineDescription d;
  d.name = "wabt";
  d.version = *version_;
  d.coarse = true;
  d.features = {"spectest-interp"};
  // The flags are per profile: the profile's wast2json --enable-* flags, the last ones shown.
  d.config = tool_ + " [profile's wast2json flags]";
  if (!last_flags_.empty()) {
    d.config += "; last:";
    for (const std::string& f : last_flags_) d.config += " " + f;
  }
  return d;
}

Reply WabtEngine::begin_script(const Script& script, const Profile& profile) {
  (void)script;
  last_flags_ = profile.wast2json;
  return Reply{};
}

Reply WabtEngine::compile(size_t, const std::string&) { return not_supported(); }
Reply WabtEngine::instantiate(size_t, u32) { return not_supported(); }
Reply WabtEngine::register_instance(size_t, u32, const std::string&) { return not_supported(); }
Reply WabtEngine::invoke(size_t, u32, const std::string&, const nlohmann::json&) {
  return not_supported();
}
Reply WabtEngine::get(size_t, u32, const std::string&) { return not_supported(); }

std::optional<std::vector<Record>> WabtEngine::run_whole_file(const Script& script,
                                                              const Profile& profile) {
  last_flags_ = profile.wast2json;
  const std::string source = source_filename_of(script.json_path);
  const std::string file = suite_relative(source.empty() ? script.json_path : source);

  WabtRun run;
  WabtOutput output;
  TempDir tmp;
  if (tmp.ok()) {
    // The engine gets the converter's feature flags: spectest-interp accepts the same
    // --enable-* names as wast2json.
    std::vector<std::string> args{tool_};
    args.insert(args.end(), profile.wast2json.begin(), profile.wast2json.end());
    args.push_back(fs::absolute(script.json_path).string());
    const std::string out_file = tmp.path() + "/stdout";
    const std::string err_file = tmp.path() + "/stderr";
    run = spawn_with_deadline(args, out_file, err_file, profile.timeout > 0 ? profile.timeout : 60);
    run.stderr_head = head_lines(read_file(err_file), 3);
    output = parse_spectest_interp_output(read_file(out_file), source);
    if (run.status == WabtRun::Status::exited && output.tests_total)
      run.status = WabtRun::Status::finished;
  }
  return wabt_records(script, file, profile.name, output, run);
}

std::unique_ptr<Engine> make_wabt_engine(std::string& error) {
  std::optional<std::string> tool = find_executable("spectest-interp");
  if (!tool) {
    error = "spectest-interp not found on PATH: install WABT 1.0.32 (apt-get install wabt)";
    return nullptr;
  }
  return std::make_unique<WabtEngine>(*tool);
}

}  // namespace wasmref::harness
