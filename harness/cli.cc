// Harness: the `wasmref` command line (ARCHITECTURE "The harness", reports/README.md)
#include "harness/cli.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>

#include <unistd.h>

#include "harness/convert.h"
#include "harness/crosscheck.h"
#include "harness/diff.h"
#include "harness/driver.h"
#include "harness/expectations.h"
#include "harness/profiles.h"
#include "harness/report.h"
#include "harness/summary.h"
#include "harness/wast_text.h"
#include "harness/wast_reader.h"

namespace wasmref::harness {
namespace fs = std::filesystem;

namespace {

// `wasmref --help`: the subcommands, a word on each (each has its own --help).
constexpr const char* kUsage =
    "usage: wasmref COMMAND [OPTIONS] [ARGS]\n"
    "  wast PATH...           run .wast scripts (or wast2json .json) on an engine, print one\n"
    "                         line per failure, write records and a summary (--report)\n"
    "  report DIR             Markdown and HTML report (index.md, index.html) of DIR/<engine>/\n"
    "  diff DIR/A DIR/B       compare two engines' reports command by command\n"
    "  serve                  the reference over the JSON-lines protocol (harness/PROTOCOL.md)\n"
    "  validate FILE          decode and validate one module (.wasm or .wat)\n"
    "  run FILE --invoke NAME [ARG...]   instantiate one module and invoke an export\n"
    "  crosscheck [PATH...]   compare the modules of wast2json and the native reader\n"
    "  --help, -h             this text; `wasmref COMMAND --help` for a command's options\n"
    "  --version              wasmref's version\n";

// `wasmref wast --help`: one line per option, what it does and its default.
constexpr const char* kWastUsage =
    "usage: wasmref wast [OPTIONS] PATH...\n"
    "  PATH: a .wast (read by the native text reader, or converted with wast2json under\n"
    "  --converter wabt), a wast2json .json, or a directory (every .wast below it).\n"
    "  Prints one line per file, and per failing command `PATH:LINE: COMMAND: expected X,\n"
    "  got Y [reason]` (blocked commands: one line per failed module), then the totals.\n"
    "  Exit: 0 pass, 1 fail/xpass/error, 2 usage or harness error, 77 every file skipped.\n"
    "options:\n"
    "  --engine NAME       the engine: reference, node, wabt, or cmd:<command line> (an engine\n"
    "                      speaking harness/PROTOCOL.md) (default: reference)\n"
    "  --name NAME         the engine's report directory name (default: the engine's own\n"
    "                      name; needed when a cmd: engine calls itself reference/node/wabt)\n"
    "  --suite 2022|3.0    which testsuite's profiles and expectations apply (default: 2022)\n"
    "  --suite-root DIR    the suite's root: files are keyed by their path below it\n"
    "                      (default: the build's pinned suite of --suite)\n"
    "  --profile NAME      run every file under this profile (default: by directory,\n"
    "                      spec-tests/profiles.json)\n"
    "  --profiles FILE     the profile table (default: the one built in)\n"
    "  --expect FILE       expectations (known failures) to apply (default: the project's\n"
    "                      spec-tests/expectations/reference*.json when the reference runs the\n"
    "                      pinned suite, else none)\n"
    "  --no-expect         apply no expectations: raw verdicts\n"
    "  --report DIR        write DIR/<engine>/<profile>/<file>.jsonl and DIR/<engine>/summary.json\n"
    "                      (default: no report)\n"
    "  --keep DIR          keep the converted modules (and wast2json's output) in DIR/<file>/;\n"
    "                      records' module_file point at them (default: not kept)\n"
    "  --converter native|wabt   read .wast with the native reader or wast2json (default:\n"
    "                      native; wabt for --engine wabt)\n"
    "  --wast2json PATH    the wast2json to run (default: the one found at build time or on PATH)\n"
    "  --fuel N            reference: instructions per invocation (default: 100000000)\n"
    "  --max-call-depth N  reference: wasm frames active at once before \"call stack\n"
    "                      exhausted\" (default: 20000)\n"
    "  --deadline MS       cmd: engines: milliseconds per request (default: 10000)\n"
    "  --quiet             no lines for passing or xfail files: failures and the totals only\n"
    "  --verbose           also list the expectations this run did not use\n"
    "  -h, --help          this text\n";

struct Options {
  std::string engine = "reference";
  std::string converter = "native";  // "native" (reference/text) or "wabt" (wast2json)
  std::string suite = "2022";
  bool suite_root_given = false;
  std::optional<u32> deadline_ms;
  std::optional<std::string> profile;
  std::string suite_root;
  std::optional<std::string> expect;
  bool no_expect = false;
  std::optional<std::string> name;  // the report directory name (--name)
  std::optional<std::string> keep;  // --keep DIR
  std::optional<std::string> report;
  std::optional<std::string> wast2json;
  std::optional<std::string> profiles;
  std::optional<u64> fuel;
  std::optional<u32> max_call_depth;
  bool quiet = false;
  bool verbose = false;
  std::vector<std::string> paths;
};

// A path relative to `base` if it lies below it, else nullopt.
std::optional<fs::path> below(const fs::path& p, const fs::path& base) {
  if (base.empty()) return std::nullopt;
  std::error_code ec;
  const fs::path a = fs::weakly_canonical(p, ec);
  if (ec) return std::nullopt;
  const fs::path b = fs::weakly_canonical(base, ec);
  if (ec) return std::nullopt;
  const fs::path rel = a.lexically_relative(b);
  if (rel.empty() || *rel.begin() == "..") return std::nullopt;
  return rel;
}

// A record's key (its `file`, and its report path): the path relative to the suite root, else
// to the current directory, else the absolute path without its root. Never a bare base name:
// two scripts with one name in different directories must not share records (issue 9); never
// with `..`: the key is also a path below the report directory.
fs::path record_key(const std::string& path, const std::string& suite_root) {
  if (std::optional<fs::path> rel = below(path, suite_root)) return *rel;
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  if (!ec)
    if (std::optional<fs::path> rel = below(path, cwd)) return *rel;
  fs::path abs = fs::weakly_canonical(fs::absolute(path, ec), ec);
  if (ec) abs = fs::absolute(path, ec).lexically_normal();
  return abs.relative_path();
}

bool same_dir(const std::string& a, const std::string& b) {
  std::error_code ec1, ec2;
  const fs::path x = fs::weakly_canonical(a, ec1), y = fs::weakly_canonical(b, ec2);
  return !ec1 && !ec2 && x == y;
}

// A directory name the run writes under (report, keep): created if missing; "" when usable,
// else why not.
std::string writable_dir(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return "cannot create the directory: " + ec.message();
  if (!fs::is_directory(dir, ec)) return "not a directory";
  if (::access(dir.c_str(), W_OK | X_OK) != 0) return "the directory is not writable";
  return "";
}

// A name that is one directory entry (an engine's report directory).
bool valid_dir_name(const std::string& n) {
  return !n.empty() && n.find('/') == std::string::npos && n != "." && n != "..";
}

struct Input {
  std::string path;  // as given (a directory's files: the directory as given, then below it)
  bool is_wast = false;
  std::string rel;   // suite-relative .wast path
  std::string file;  // its key in records and summaries: rel, "3.0/" + rel in the 3.0 suite
};

std::string plural(u64 n, const char* what) { return std::to_string(n) + " " + what; }

std::string counts_text(const Counts& c) {
  std::string s =
      plural(c.pass, "passed") + ", " + plural(c.fail, "failed") + ", " + plural(c.skip, "skipped");
  if (c.xfail) s += ", " + plural(c.xfail, "xfail");
  if (c.xpass) s += ", " + plural(c.xpass, "xpass");
  if (c.blocked) s += ", " + plural(c.blocked, "blocked");
  if (c.error) s += ", " + plural(c.error, "error");
  return s;
}

std::string first_line(const std::string& s) {
  const size_t nl = s.find('\n');
  return nl == std::string::npos ? s : s.substr(0, nl);
}

// Progress on a terminal only (never in logs): "[done/total] file", overwritten in place.
class Progress {
 public:
  Progress(std::ostream& err, size_t total)
      : err_(err), on_(&err == &std::cerr && total > 1 && isatty(STDERR_FILENO) == 1),
        total_(total) {}
  ~Progress() { clear(); }
  // Before anything else is written to the terminal.
  void clear() {
    if (on_ && shown_) err_ << "\r\033[K" << std::flush;
    shown_ = false;
  }
  void show(size_t done, const std::string& file) {
    if (!on_) return;
    err_ << "\r\033[K[" << done << "/" << total_ << "] " << file << std::flush;
    shown_ = true;
  }

 private:
  std::ostream& err_;
  const bool on_;
  const size_t total_;
  bool shown_ = false;
};

// The engine could not begin the script (the driver's records say so for every command that
// needed it, harness/driver.cc `not_started`): the reason, else nullopt.
std::optional<std::string> engine_not_started(const std::vector<Record>& records) {
  // A begin the engine refused (outcome error) is the file's; a crash is the engine's.
  static constexpr std::string_view kNotStarted = "the engine could not begin the script (crash)";
  for (const Record& r : records)
    if (r.verdict == Verdict::error && r.reason == "engine-error" &&
        r.actual_message.compare(0, kNotStarted.size(), kNotStarted) == 0)
      return r.actual_message;
  return std::nullopt;
}

// A number option's value.
template <typename T>
bool parse_number(const std::string& v, T& dst) {
  try {
    size_t used = 0;
    const unsigned long long n = std::stoull(v, &used);
    if (used != v.size() || v.empty() || v[0] == '-' ||
        n > static_cast<unsigned long long>(std::numeric_limits<T>::max()))
      return false;
    dst = static_cast<T>(n);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

int wast_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace

// ===========================================================================================
// Failure lines (issue 9): what differs, written as the script writes it
// ===========================================================================================

namespace {

// A bounded piece of JSON for values this file cannot write as constants.
std::string json_snippet(const nlohmann::json& j) {
  std::string s = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (s.size() > 80) s = s.substr(0, 77) + "...";
  return s;
}

// A message as a script string literal (wast_text.h script_string), cut after 150 bytes.
std::string bounded_string(std::string_view s) {
  constexpr size_t kMax = 150;
  if (s.size() <= kMax) return script_string(s);
  std::string out = script_string(s.substr(0, kMax));
  out.insert(out.size() - 1, "...");
  return out;
}

// A bit pattern as the records write it: an unsigned decimal (newer generators: signed).
std::optional<u64> pattern_bits(const nlohmann::json& v) {
  if (!v.is_string()) return std::nullopt;
  const std::string& s = v.get_ref<const std::string&>();
  if (s.empty()) return std::nullopt;
  const char* end = s.data() + s.size();
  if (s[0] == '-') {
    i64 n = 0;
    const auto [p, ec] = std::from_chars(s.data(), end, n);
    if (ec != std::errc() || p != end) return std::nullopt;
    return static_cast<u64>(n);
  }
  u64 n = 0;
  const auto [p, ec] = std::from_chars(s.data(), end, n);
  if (ec != std::errc() || p != end) return std::nullopt;
  return n;
}

std::string constants_text(const nlohmann::json& values) {
  if (!values.is_array()) return json_snippet(values);
  if (values.empty()) return "no values";
  std::string out;
  for (const nlohmann::json& v : values) {
    if (!out.empty()) out += " ";
    out += value_text(v);
  }
  return out;
}

}  // namespace

std::string value_text(const nlohmann::json& v) {
  return constant_text(v).value_or(json_snippet(v));
}

std::string command_text(const Record& r) {
  std::string s = r.kind;
  if (r.action.is_object()) {
    s += " " + action_text(r.action);
  } else if (!r.module_file.empty()) {
    s += r.kind == "module" ? " " + r.module_file : " (module " + r.module_file + ")";
  }
  return s;
}

namespace {

// What the command requires: the values of an assert_return (the alternatives of `either`),
// else the outcome and the expected text.
std::string expected_side(const Record& r) {
  if (r.expected_either.is_array()) {
    // 1.0.32 `either`: one alternative per element; the nested form: a list of positions,
    // some of them `{"type": "either"}` (reports/README.md).
    bool nested = false;
    for (const nlohmann::json& e : r.expected_either)
      nested = nested || (e.is_object() && e.value("type", nlohmann::json()) == "either");
    if (nested) return constants_text(r.expected_either);
    std::string out = "(either";
    for (const nlohmann::json& e : r.expected_either) out += " " + value_text(e);
    return out + ")";
  }
  if (r.expected_values.is_array()) return constants_text(r.expected_values);
  std::string s = r.expected_outcome.empty() ? "?" : r.expected_outcome;
  if (r.expected_text) s += " " + bounded_string(*r.expected_text);
  return s;
}

// What happened: values of a completed action, else the outcome and the message's first line.
std::string actual_side(const Record& r) {
  if (r.coarse) return "failed" + (r.actual_message.empty() ? "" : ": " + first_line(r.actual_message));
  if (r.actual_outcome == "ok" && r.actual_values.is_array()) return constants_text(r.actual_values);
  std::string s = r.actual_outcome.empty() ? "?" : r.actual_outcome;
  if (!r.actual_message.empty()) s += " " + bounded_string(first_line(r.actual_message));
  // An uncaught exception: its tag and payload when the engine said (`exception` "tag 3
  // [i32] -> []" (i32.const 5)).
  if (r.actual_exception.is_object()) {
    if (auto t = r.actual_exception.find("tag"); t != r.actual_exception.end() && !t->is_null())
      s += " " + (t->is_string() ? bounded_string(t->get<std::string>()) : t->dump());
    if (auto p = r.actual_exception.find("payload"); p != r.actual_exception.end() && p->is_array())
      s += " " + constants_text(*p);
  }
  return s;
}

}  // namespace

std::string failure_line(const Record& r, const std::string& path) {
  std::string s = path + ":" + std::to_string(r.line) + ": " + command_text(r) + ": ";
  if (r.verdict == Verdict::error || r.verdict == Verdict::blocked) {
    s += to_string(r.verdict);
    if (!r.actual_message.empty()) s += ": " + first_line(r.actual_message);
  } else if (r.verdict == Verdict::xpass) {
    s += "passed, got " + actual_side(r);
  } else {
    s += "expected " + expected_side(r) + ", got " + actual_side(r);
    // The JS-visible dimension (reports/README.md "JS classes"), when both sides threw and the
    // classes differ (an outcome that differs already says that one side did not throw).
    const bool classes_differ = r.expected_js_class && r.actual_js_class &&
                                r.expected_js_class != r.actual_js_class;
    if (!r.coarse && (classes_differ || r.reason == "class-mismatch"))
      s += " (class " + r.expected_js_class.value_or("none") + " expected, got " +
           r.actual_js_class.value_or("none") + ")";
  }
  if (!r.reason.empty()) s += " [" + r.reason + "]";
  return s;
}

std::vector<std::string> failure_lines(const std::vector<Record>& records,
                                       const std::string& path, bool blocked) {
  // Blocked records by cause (`blocked-by:<index>`, else the message), in order of appearance.
  struct Group {
    const Record* first = nullptr;
    u64 count = 0;
  };
  std::vector<std::pair<std::string, Group>> groups;
  auto cause_of = [](const Record& r) {
    return r.reason.rfind("blocked-by:", 0) == 0 ? r.reason : "message:" + r.actual_message;
  };
  if (blocked)
    for (const Record& r : records) {
      if (r.verdict != Verdict::blocked) continue;
      const std::string key = cause_of(r);
      auto it = std::find_if(groups.begin(), groups.end(),
                             [&](const auto& g) { return g.first == key; });
      if (it == groups.end()) groups.push_back({key, Group{&r, 1}});
      else ++it->second.count;
    }
  auto cause_record = [&](const std::string& key) -> const Record* {
    if (key.rfind("blocked-by:", 0) != 0) return nullptr;
    const std::optional<u64> index = pattern_bits(nlohmann::json(key.substr(11)));
    if (!index) return nullptr;
    if (*index < records.size() && records[*index].index == *index) return &records[*index];
    for (const Record& c : records)
      if (c.index == *index) return &c;
    return nullptr;
  };

  std::vector<std::string> out;
  for (const Record& r : records) {
    if (r.verdict == Verdict::fail || r.verdict == Verdict::xpass || r.verdict == Verdict::error) {
      out.push_back(failure_line(r, path));
      continue;
    }
    if (!blocked || r.verdict != Verdict::blocked) continue;
    const std::string key = cause_of(r);
    auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == key; });
    if (it == groups.end() || it->second.first != &r) continue;  // said at the group's first
    const u64 n = it->second.count;
    std::string s = path + ":" + std::to_string(r.line) + ": " + std::to_string(n) +
                    (n == 1 ? " command" : " commands") + " blocked: ";
    if (const Record* c = cause_record(key)) {
      s += (c->kind.empty() ? std::string("command") : c->kind) + " at line " +
           std::to_string(c->line) + " failed";
      if (c->verdict == Verdict::error)
        s += ": " + (c->actual_message.empty() ? c->reason : first_line(c->actual_message));
      else if (c->actual_outcome != "ok" && c->actual_outcome != "none")
        s += ": " + actual_side(*c);
    } else {
      s += r.actual_message.empty() ? std::string("an earlier command failed")
                                    : first_line(r.actual_message);
    }
    out.push_back(std::move(s));
  }
  return out;
}

int cli_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  // --- Arguments ---------------------------------------------------------------------------
  if (args.empty()) {
    err << kUsage;
    return kExitHarness;
  }
  if (args[0] == "--help" || args[0] == "-h") {
    out << kUsage;
    return kExitOk;
  }
  if (args[0] == "--version" || args[0] == "-V") {
    // The commit of the build (harness/embedded.cc.in), "unknown" outside a git checkout.
    out << "wasmref " << project_version() << " (commit " << project_commit() << ")\n";
    return kExitOk;
  }
  // The subcommands: each is a function of its own file.
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "wast") return wast_main(rest, out, err);
  if (args[0] == "serve") return serve_main(rest, std::cin, out, err);
  if (args[0] == "report") return report_main(rest, out, err);
  if (args[0] == "diff") return diff_main(rest, out, err);
  if (args[0] == "validate") return validate_main(rest, out, err);
  if (args[0] == "run") return run_main(rest, out, err);
  if (args[0] == "crosscheck") return crosscheck_main(rest, out, err);
  err << "wasmref: unknown command '" << args[0] << "'\n" << kUsage;
  return kExitHarness;
}

namespace {

int wast_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  Options o;
  o.suite_root = default_suite_root();
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string& dst) {
      if (i + 1 >= args.size()) return false;
      dst = args[++i];
      return true;
    };
    std::string v;
    if (a == "--help" || a == "-h") {
      out << kWastUsage;
      return kExitOk;
    } else if (a == "--quiet")
      o.quiet = true;
    else if (a == "--no-expect")
      o.no_expect = true;
    else if (a == "--name" && value(v))
      o.name = v;
    else if (a == "--keep" && value(v))
      o.keep = v;
    else if (a == "--verbose")
      o.verbose = true;
    else if (a == "--engine" && value(v))
      o.engine = v;
    else if (a == "--deadline" && value(v)) {
      u32 ms = 0;
      if (!parse_number(v, ms) || ms == 0) {
        err << "wasmref: --deadline needs a number of milliseconds, got '" << v << "'\n";
        return kExitHarness;
      }
      o.deadline_ms = ms;
    } else if (a == "--profile" && value(v))
      o.profile = v;
    else if (a == "--suite-root" && value(v)) {
      o.suite_root = v;
      o.suite_root_given = true;
    } else if (a == "--converter" && value(v)) {
      if (v != "native" && v != "wabt") {
        err << "wasmref: --converter is native or wabt, got '" << v << "'\n";
        return kExitHarness;
      }
      o.converter = v;
    } else if (a == "--suite" && value(v)) {
      if (v != "2022" && v != "3.0") {
        err << "wasmref: --suite is 2022 or 3.0, got '" << v << "'\n";
        return kExitHarness;
      }
      o.suite = v;
    }
    else if (a == "--expect" && value(v))
      o.expect = v;
    else if (a == "--report" && value(v))
      o.report = v;
    else if (a == "--wast2json" && value(v))
      o.wast2json = v;
    else if (a == "--profiles" && value(v))
      o.profiles = v;
    else if (a == "--fuel" && value(v)) {
      u64 fuel = 0;
      if (!parse_number(v, fuel)) {
        err << "wasmref: --fuel needs a number, got '" << v << "'\n";
        return kExitHarness;
      }
      o.fuel = fuel;
    } else if (a == "--max-call-depth" && value(v)) {
      u64 depth = 0;
      if (!parse_number(v, depth) || depth == 0 || depth > 10'000'000) {
        err << "wasmref: --max-call-depth needs a number from 1 to 10000000, got '" << v << "'\n";
        return kExitHarness;
      }
      o.max_call_depth = static_cast<u32>(depth);
    } else if (a.rfind("--", 0) == 0) {
      err << "wasmref: unknown option '" << a << "' (or missing value)\n" << kWastUsage;
      return kExitHarness;
    } else {
      o.paths.push_back(a);
    }
  }
  if (o.paths.empty()) {
    err << "wasmref: no PATH given\n" << kWastUsage;
    return kExitHarness;
  }
  if (o.expect && o.no_expect) {
    err << "wasmref: --expect and --no-expect exclude each other\n";
    return kExitHarness;
  }
  // Report and keep directories are checked before anything runs (issue 9): an empty name
  // would write into the current directory, an unwritable one would fail after the whole run.
  for (const auto& [opt, dir] : {std::pair{"--report", &o.report}, std::pair{"--keep", &o.keep}}) {
    if (!*dir) continue;
    if ((*dir)->empty()) {
      err << "wasmref: " << opt << " needs a directory, got \"\"\n";
      return kExitHarness;
    }
    if (const std::string e = writable_dir(**dir); !e.empty()) {
      err << "wasmref: " << opt << " " << **dir << ": " << e << "\n";
      return kExitHarness;
    }
  }
  if (o.name && !valid_dir_name(*o.name)) {
    err << "wasmref: --name '" << *o.name << "' cannot name a report directory\n";
    return kExitHarness;
  }
  if (o.suite == "3.0" && !o.suite_root_given) o.suite_root = default_suite3_root();
  // WABT's spectest-interp runs wast2json's JSON itself.
  if (o.engine == "wabt") o.converter = "wabt";

  // --- Tables: profiles and expectations ---------------------------------------------------
  ProfilesLoad pl = o.profiles ? load_profiles(*o.profiles)
                               : parse_profiles(embedded_profiles_json(), "embedded profiles");
  if (!pl.table) {
    err << "wasmref: " << pl.error << "\n";
    return kExitHarness;
  }
  const ProfileTable& profiles = *pl.table;
  const Profile* forced = nullptr;
  if (o.profile) {
    forced = profiles.by_name(*o.profile);
    if (!forced) {
      err << "wasmref: unknown profile '" << *o.profile << "'\n";
      return kExitHarness;
    }
  }
  // --- Inputs ------------------------------------------------------------------------------
  std::vector<Input> inputs;
  for (const std::string& p : o.paths) {
    std::error_code ec;
    const fs::file_status st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
      err << "wasmref: " << p << ": no such file or directory\n";
      return kExitHarness;
    }
    if (fs::is_directory(st)) {
      std::vector<std::string> found;
      for (fs::recursive_directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file(ec) && it->path().extension() == ".wast")
          found.push_back(it->path().string());
      if (ec) {
        err << "wasmref: " << p << ": cannot list the directory: " << ec.message() << "\n";
        return kExitHarness;
      }
      std::sort(found.begin(), found.end());
      if (found.empty()) {
        err << "wasmref: " << p << ": no .wast files below it\n";
        return kExitHarness;
      }
      for (const std::string& f : found) inputs.push_back({f, true, ""});
    } else {
      inputs.push_back({p, fs::path(p).extension() == ".wast", ""});
    }
  }
  for (Input& in : inputs) {
    fs::path rel = record_key(in.path, o.suite_root);
    rel.replace_extension(".wast");
    in.rel = rel.generic_string();
    in.file = o.suite == "2022" ? in.rel : o.suite + "/" + in.rel;
  }

  // --- Expectations ------------------------------------------------------------------------
  // The project's known failures apply by default when the reference runs the pinned suite
  // (what ctest does with --expect): without them the pinned suite "fails" the features the
  // reference does not implement yet. --no-expect shows the raw verdicts.
  bool default_expect = false;
  if (!o.expect && !o.no_expect && o.engine == "reference") {
    const std::string pinned = o.suite == "2022" ? default_suite_root() : default_suite3_root();
    const bool pinned_root = !pinned.empty() && same_dir(o.suite_root, pinned);
    const bool all_below = std::all_of(inputs.begin(), inputs.end(), [&](const Input& in) {
      return below(in.path, pinned).has_value();
    });
    const std::string file = (fs::path(default_expectations_dir()) /
                              (o.suite == "2022" ? "reference.json" : "reference-3.0.json"))
                                 .string();
    std::error_code ec;
    if (pinned_root && all_below && fs::is_regular_file(file, ec)) {
      o.expect = file;
      default_expect = true;
    }
  }
  std::optional<Expectations> expectations;
  if (o.expect) {
    ExpectationsLoad el = load_expectations(*o.expect);
    if (!el.expectations) {
      err << "wasmref: " << el.error << "\n";
      return kExitHarness;
    }
    expectations = std::move(el.expectations);
  }
  if (!profiles.has_suite(o.suite)) {
    err << "wasmref: the profile table has no profile of suite " << o.suite << "\n";
    return kExitHarness;
  }

  std::string wast2json;
  std::string converter_version;
  const bool any_wast =
      std::any_of(inputs.begin(), inputs.end(), [](const Input& i) { return i.is_wast; });
  if (any_wast && o.converter == "wabt") {
    std::optional<std::string> tool =
        o.wast2json ? find_executable(*o.wast2json) : find_executable("wast2json");
    if (!tool && !o.wast2json) tool = find_executable(default_wast2json());
    if (!tool) {
      err << "wasmref: wast2json not found" << (o.wast2json ? " at '" + *o.wast2json + "'" : "")
          << ": install WABT 1.0.32 (apt-get install wabt) or pass --wast2json PATH\n";
      return kExitHarness;
    }
    wast2json = *tool;
    converter_version = tool_version(wast2json);
  }

  // --- The engine ----------------------------------------------------------------------------
  EngineOptions eo;
  eo.fuel = o.fuel;
  eo.max_call_depth = o.max_call_depth;
  if (o.deadline_ms) eo.deadline_ms = *o.deadline_ms;
  std::string engine_error;
  std::unique_ptr<Engine> engine = make_engine_with(o.engine, eo, engine_error);
  if (!engine) {
    err << "wasmref: " << engine_error << "\n";
    return kExitHarness;
  }
  EngineDescription engine_desc = engine->describe();
  // An engine of the command line that calls itself by a built-in engine's name would write
  // into that engine's report directory: refused unless --name names its own (issue 9).
  const bool builtin = o.engine == "reference" || o.engine == "node" || o.engine == "wabt";
  if (!builtin && !o.name && o.report &&
      (engine_desc.name == "reference" || engine_desc.name == "node" ||
       engine_desc.name == "wabt")) {
    err << "wasmref: the engine calls itself '" << engine_desc.name
        << "', the name of a built-in engine whose reports it would overwrite: pass --name NAME"
           " for its report directory\n";
    return kExitHarness;
  }
  if (o.name) engine_desc.name = *o.name;
  if (engine_desc.name.empty() || engine_desc.name.find('/') != std::string::npos ||
      engine_desc.name == "." || engine_desc.name == "..") {
    err << "wasmref: the engine's name '" << engine_desc.name
        << "' cannot name a report directory\n";
    return kExitHarness;
  }

  // --- Files -------------------------------------------------------------------------------
  bool harness_error = false;
  Counts total;
  std::vector<FileResult> results;
  Progress progress(err, inputs.size());
  for (size_t n = 0; n < inputs.size(); ++n) {
    const Input& in = inputs[n];
    progress.show(n, in.file);
    const auto start = std::chrono::steady_clock::now();
    const std::string rel_dir = fs::path(in.rel).parent_path().generic_string();
    const Profile* profile = forced ? forced : profiles.for_dir(rel_dir, o.suite);
    if (!profile) {
      err << "wasmref: no profile for " << in.file << "\n";
      return kExitHarness;
    }
    FileResult f;
    f.file = in.file;
    f.profile = profile->name;
    f.suite = profile->suite;
    if (in.is_wast) f.converter = o.converter == "native" ? "native" : "wast2json";
    {
      // The .wast path relative to the profile's directory (a forced profile may not own it).
      fs::path name = fs::path(in.rel);
      const std::string prefix = profile->dir + "/";
      if (!profile->dir.empty() && in.rel.rfind(prefix, 0) == 0)
        name = fs::path(in.rel.substr(prefix.size()));
      name.replace_extension(".jsonl");
      f.report_name = name.generic_string();
    }

    // Conversion output, removed when the file is done. The native reader keeps modules in
    // memory; it writes them here only for an engine that compiles files. --keep DIR: into
    // DIR/<file key without .wast>/ instead, kept (one directory per script: module names
    // repeat across scripts).
    std::optional<TempDir> tmp;
    std::string keep_dir;
    if (o.keep && in.is_wast) {
      keep_dir = (fs::path(*o.keep) / fs::path(in.file).replace_extension("")).string();
      std::error_code ec;
      fs::create_directories(keep_dir, ec);
      if (ec) {
        err << "wasmref: --keep: cannot create " << keep_dir << ": " << ec.message() << "\n";
        return kExitHarness;
      }
    }
    const bool needs_files =
        !keep_dir.empty() || !(in.is_wast && o.converter == "native" && engine->compiles_bytes());
    if (in.is_wast && needs_files && keep_dir.empty()) tmp.emplace();
    const std::string out_dir = !keep_dir.empty() ? keep_dir : tmp ? tmp->path() : "";
    std::string json_path = in.path;
    bool runnable = true;
    std::optional<ScriptLoad> native;  // the script as the native reader read it
    if (in.is_wast && o.converter == "native") {
      if (tmp && !tmp->ok()) {
        err << "wasmref: cannot create a temporary directory\n";
        return kExitHarness;
      }
      WastReadOptions ro;
      ro.features = profile->text_features;
      ro.module_dir = out_dir;
      ro.stem = fs::path(in.path).stem().string();
      native = load_wast(in.path, ro);
    } else if (in.is_wast) {
      if (tmp && !tmp->ok()) {
        err << "wasmref: cannot create a temporary directory\n";
        return kExitHarness;
      }
      Conversion c = convert_wast(wast2json, profile->wast2json, in.path, out_dir);
      if (c.status != Conversion::Status::ok) {
        runnable = false;
        if (c.status == Conversion::Status::crashed) {
          f.status = FileStatus::convert_crash;
          f.message = "wast2json killed by signal " + std::to_string(c.signal);
        } else if (c.status == Conversion::Status::failed) {
          f.status = FileStatus::convert_error;
          f.message = "wast2json exited with " + std::to_string(c.exit_code);
        } else {
          f.status = FileStatus::error;
          f.message = "cannot run " + wast2json;
          harness_error = true;
        }
        if (!c.stderr_head.empty()) f.message += ": " + c.stderr_head;
      }
      json_path = c.json_path;
    }
    if (runnable) {
      ScriptLoad sl = native ? std::move(*native) : load_script(json_path);
      if (!sl.script) {
        // A script the native reader cannot read is the file's error (exit 1, the script is
        // at fault); a wast2json JSON that cannot be read is the harness's (exit 2).
        f.status = FileStatus::error;
        f.message = sl.error;
        if (!native) harness_error = true;
        progress.clear();
        err << "wasmref: " << sl.error << "\n";
      } else {
        f.records = drive_script(*engine, *sl.script, *profile, f.file);
        // An engine that cannot start is one fatal message, not one error per command of
        // every file (issue 9).
        if (const std::optional<std::string> why = engine_not_started(f.records)) {
          progress.clear();
          err << "wasmref: the engine '" << o.engine << "' could not start: " << *why << "\n";
          return kExitHarness;
        }
        // Records name the kept module files (relative to the current directory or absolute,
        // as --keep was given).
        if (!keep_dir.empty())
          for (Record& r : f.records)
            if (!r.module_file.empty())
              r.module_file = (fs::path(keep_dir) / r.module_file).generic_string();
      }
    }
    finish_file(f, expectations ? &*expectations : nullptr);
    f.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    total.add(f.counts);

    progress.clear();
    // --quiet: no line for a file that passed (or failed only as expected).
    if (!o.quiet || (f.status != FileStatus::pass && f.status != FileStatus::xfail)) {
      const std::string shown =
          profile->name + "/" + fs::path(f.report_name).replace_extension(".wast").generic_string();
      out << shown << ": " << to_string(f.status);
      if (runnable && f.status != FileStatus::error) out << " (" << counts_text(f.counts) << ")";
      if (!f.message.empty()) out << " - " << first_line(f.message);
      out << "\n";
    }
    // One line per failing command, under the path as given so that an editor can jump to
    // it; blocked commands count against the run unless the file is listed whole.
    const bool listed = expectations && expectations->file_listed(f.file);
    for (const std::string& line : failure_lines(f.records, in.path, !listed)) out << line << "\n";
    // Nobody reads the output any more (EPIPE with SIGPIPE ignored): stop quietly.
    if (!out) return kExitFail;
    if (o.report) {
      const std::string path =
          (fs::path(*o.report) / engine_desc.name / profile->name / f.report_name).string();
      const std::string e = write_records(path, f.records);
      if (!e.empty()) {
        err << "wasmref: " << e << "\n";
        harness_error = true;
      }
    }
    // The summary needs the counts only. Released, not cleared: a cleared vector keeps its
    // buffer, and over a whole suite those buffers add up to tens of megabytes.
    f.records = std::vector<Record>{};
    results.push_back(std::move(f));
  }

  if (o.report) {
    SummaryInfo info;
    info.engine_name = engine_desc.name;
    info.engine_version = engine_desc.version;
    info.engine_coarse = engine_desc.coarse;
    info.engine_config = engine_desc.config;
    info.suite = o.suite;
    info.testsuite_revision =
        o.suite == "2022" ? embedded_testsuite_revision() : embedded_testsuite3_revision();
    info.converter_name = o.converter == "native" ? "native" : "wast2json";
    info.converter_version = o.converter == "native" ? project_version() : converter_version;
    // Provenance (reports/README.md "Provenance"): which wasmref, run how, started when.
    info.wasmref_version = project_version();
    info.wasmref_commit = project_commit();
    info.command_line = {"wasmref", "wast"};
    info.command_line.insert(info.command_line.end(), args.begin(), args.end());
    info.started = process_started_utc();
    std::vector<nlohmann::json> entries;
    for (const FileResult& f : results) entries.push_back(to_json(f));
    const std::string e =
        write_summary((fs::path(*o.report) / engine_desc.name / "summary.json").string(), entries,
                      info);
    if (!e.empty()) {
      err << "wasmref: " << e << "\n";
      harness_error = true;
    }
  }
  if (default_expect)
    out << "expectations applied: " << *o.expect << " (--no-expect for raw verdicts)\n";
  if (o.verbose && expectations)
    for (const ExpectationEntry* u : expectations->unused())
      out << "expectation not used in this run: " << u->file
          << (u->index ? " #" + std::to_string(*u->index) : "") << " (" << u->reason << ")\n";

  if (total.xfail || total.xpass || total.blocked || total.error)
    out << plural(total.xfail, "xfail") << ", " << plural(total.xpass, "xpass") << ", "
        << plural(total.blocked, "blocked") << ", " << plural(total.error, "error") << "\n";
  out << total.pass << " passed, " << total.fail << " failed, " << total.skip << " skipped\n";
  // A whole file listed as failing that passed is an xpass of the file, not of a command: say
  // so, or the totals read "0 xpass" for a run that fails because of them.
  size_t xpass_files = 0;
  for (const FileResult& f : results) xpass_files += f.status == FileStatus::xpass ? 1 : 0;
  if (xpass_files != 0)
    out << plural(xpass_files, "file") << " listed as failing passed (xpass): the expectations "
        << "file must drop them\n";

  if (harness_error) return kExitHarness;
  bool any_fail = false, all_skipped = true;
  for (const FileResult& f : results) {
    any_fail = any_fail || fails_run(f.status);
    all_skipped =
        all_skipped && (f.status == FileStatus::skip || f.status == FileStatus::convert_error ||
                        f.status == FileStatus::convert_crash);
  }
  if (any_fail) return kExitFail;
  if (all_skipped) return kExitSkipped;
  return kExitOk;
}

}  // namespace

}  // namespace wasmref::harness
