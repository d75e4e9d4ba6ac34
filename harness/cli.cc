// Harness: the `wasmref` command line (ARCHITECTURE "The harness", reports/README.md)
#include "harness/cli.h"

#include <algorithm>
#include <chrono>
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
#include "harness/wast_reader.h"

namespace wasmref::harness {
namespace fs = std::filesystem;

namespace {

constexpr const char* kUsage =
    "usage: wasmref wast [--engine NAME] [--profile NAME] [--suite-root DIR] [--expect FILE]\n"
    "                    [--report DIR] [--wast2json PATH] [--profiles FILE] [--fuel N]\n"
    "                    [--deadline MS] [--converter native|wabt] [--suite 2022|3.0]\n"
    "                    [--quiet] [--verbose] PATH...\n"
    "       wasmref serve [--fuel N]   (the reference over the JSON-lines protocol)\n"
    "       wasmref report DIR   (Markdown and HTML report of DIR/<engine>/...)\n"
    "       wasmref diff DIR/A DIR/B [--json FILE] [--baseline FILE] [--quiet]\n"
    "       wasmref validate FILE.wasm|FILE.wat\n"
    "       wasmref run FILE.wasm|FILE.wat --invoke NAME [ARG...]   (ARG: i32.const 5 ...)\n"
    "       wasmref crosscheck [PATH...]   (wast2json and the native reader compared)\n"
    "  PATH: a .wast (read by the native text reader, or converted with wast2json under\n"
    "  --converter wabt), a wast2json .json, or a directory (every .wast below it).\n"
    "  --suite: which testsuite's profiles apply (2022, the default, or 3.0; the suite root\n"
    "  defaults to the build's). Exit: 0 pass, 1 fail/xpass/error, 2 harness error, 77 all\n"
    "  skipped.\n"
    "  --engine: reference (default), node, wabt, or cmd:<command line> (an engine speaking\n"
    "  harness/PROTOCOL.md); --report DIR writes DIR/<engine>/<profile>/<file>.jsonl and\n"
    "  DIR/<engine>/summary.json. --deadline: per request of a cmd: engine (default 10000).\n";

struct Options {
  std::string engine = "reference";
  std::string converter = "native";  // "native" (reference/text) or "wabt" (wast2json)
  std::string suite = "2022";
  bool suite_root_given = false;
  std::optional<u32> deadline_ms;
  std::optional<std::string> profile;
  std::string suite_root;
  std::optional<std::string> expect;
  std::optional<std::string> report;
  std::optional<std::string> wast2json;
  std::optional<std::string> profiles;
  std::optional<u64> fuel;
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

struct Input {
  std::string path;  // as found
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
  if (args[0] == "--version") {
    out << "wasmref " << project_version() << "\n";
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
    if (a == "--quiet")
      o.quiet = true;
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
    } else if (a.rfind("--", 0) == 0) {
      err << "wasmref: unknown option '" << a << "' (or missing value)\n" << kUsage;
      return kExitHarness;
    } else {
      o.paths.push_back(a);
    }
  }
  if (o.paths.empty()) {
    err << "wasmref: no PATH given\n" << kUsage;
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
  std::optional<Expectations> expectations;
  if (o.expect) {
    ExpectationsLoad el = load_expectations(*o.expect);
    if (!el.expectations) {
      err << "wasmref: " << el.error << "\n";
      return kExitHarness;
    }
    expectations = std::move(el.expectations);
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
    fs::path rel = below(in.path, o.suite_root).value_or(fs::path(in.path).filename());
    rel.replace_extension(".wast");
    in.rel = rel.generic_string();
    in.file = o.suite == "2022" ? in.rel : o.suite + "/" + in.rel;
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
  if (o.deadline_ms) eo.deadline_ms = *o.deadline_ms;
  std::string engine_error;
  std::unique_ptr<Engine> engine = make_engine_with(o.engine, eo, engine_error);
  if (!engine) {
    err << "wasmref: " << engine_error << "\n";
    return kExitHarness;
  }
  const EngineDescription engine_desc = engine->describe();
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
    // memory; it writes them here only for an engine that compiles files.
    std::optional<TempDir> tmp;
    const bool needs_files = !(in.is_wast && o.converter == "native" && engine->compiles_bytes());
    if (in.is_wast && needs_files) tmp.emplace();
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
      if (tmp) ro.module_dir = tmp->path();
      ro.stem = fs::path(in.path).stem().string();
      native = load_wast(in.path, ro);
    } else if (in.is_wast) {
      if (!tmp->ok()) {
        err << "wasmref: cannot create a temporary directory\n";
        return kExitHarness;
      }
      Conversion c = convert_wast(wast2json, profile->wast2json, in.path, tmp->path());
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
      }
    }
    finish_file(f, expectations ? &*expectations : nullptr);
    f.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    total.add(f.counts);

    progress.clear();
    const std::string shown =
        profile->name + "/" + fs::path(f.report_name).replace_extension(".wast").generic_string();
    out << shown << ": " << to_string(f.status);
    if (runnable && f.status != FileStatus::error) out << " (" << counts_text(f.counts) << ")";
    if (!f.message.empty()) out << " - " << first_line(f.message);
    out << "\n";
    if (!o.quiet) {
      const bool listed = expectations && expectations->file_listed(f.file);
      for (const Record& r : f.records) {
        const bool bad = r.verdict == Verdict::fail || r.verdict == Verdict::xpass ||
                         r.verdict == Verdict::error || (r.verdict == Verdict::blocked && !listed);
        if (!bad) continue;
        out << "  #" << r.index << " line " << r.line << " " << r.kind << ": "
            << to_string(r.verdict) << " (" << r.reason << ") expected " << r.expected_outcome
            << ", got " << r.actual_outcome;
        if (r.expected_js_class != r.actual_js_class && r.verdict != Verdict::blocked &&
            r.verdict != Verdict::error)
          out << " (class " << r.expected_js_class.value_or("none") << " expected, got "
              << r.actual_js_class.value_or("none") << ")";
        if (!r.actual_message.empty()) out << ": " << first_line(r.actual_message);
        out << "\n";
      }
    }
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
  if (o.verbose && expectations)
    for (const ExpectationEntry* u : expectations->unused())
      out << "expectation not used in this run: " << u->file
          << (u->index ? " #" + std::to_string(*u->index) : "") << " (" << u->reason << ")\n";

  if (total.xfail || total.xpass || total.blocked || total.error)
    out << plural(total.xfail, "xfail") << ", " << plural(total.xpass, "xpass") << ", "
        << plural(total.blocked, "blocked") << ", " << plural(total.error, "error") << "\n";
  out << total.pass << " passed, " << total.fail << " failed, " << total.skip << " skipped\n";

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
