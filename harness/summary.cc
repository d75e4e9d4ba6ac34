// Harness: the run summary, merged across concurrent processes (reports/README.md)
#include "harness/summary.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <ctime>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "harness/json_reader.h"

namespace wasmref::harness {
namespace {

std::string key_of(const nlohmann::json& f) {
  return f.value("profile", std::string()) + '\n' + f.value("file", std::string());
}

// Write `text` to a temporary file next to `path`, then rename it over `path`.
std::string write_atomically(const std::string& path, const std::string& text) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return "cannot write " + tmp;
    out << text;
    out.flush();
    if (!out) return "cannot write " + tmp;
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return "cannot rename " + tmp + " to " + path;
  }
  return "";
}

}  // namespace

namespace {
// Taken during static initialisation, i.e. when the process starts: the run's start time
// without the CLI having to pass it through every layer.
const std::time_t kProcessStarted = std::time(nullptr);
}  // namespace

std::string utc_iso8601(std::time_t t) {
  std::tm tm{};
  if (!::gmtime_r(&t, &tm)) return "unknown";
  char buf[32];
  if (std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) return "unknown";
  return buf;
}

std::string process_started_utc() { return utc_iso8601(kProcessStarted); }

nlohmann::json merge_summary(const nlohmann::json& existing,
                             const std::vector<nlohmann::json>& files, const SummaryInfo& info) {
  // This run, when it says when it started: its id goes into each of its file entries.
  std::string run_id;
  if (!info.started.empty())
    run_id = info.run_id.empty() ? info.started + "/" + std::to_string(::getpid()) : info.run_id;

  // Replaced, not merged: an existing entry whose key this run has is dropped whole (its
  // counts, status and message belong to an earlier run); this run's entries take the place
  // of the first one dropped, new keys are appended, and every entry of this run is kept even
  // when two share a key, so neither can hide the other's status.
  std::map<std::string, size_t> batch_count;
  for (const nlohmann::json& f : files) ++batch_count[key_of(f)];
  std::vector<nlohmann::json> entries;
  std::map<std::string, size_t> slot;  // key of this run -> position of the first dropped entry
  if (existing.is_object() && existing.value("schema", std::string()) == kSummarySchema &&
      existing.contains("files") && existing["files"].is_array())
    for (const nlohmann::json& f : existing["files"]) {
      if (!f.is_object()) continue;
      const std::string k = key_of(f);
      if (batch_count.count(k)) {
        slot.emplace(k, entries.size());
        continue;
      }
      entries.push_back(f);
    }
  // Insert this run's entries at their slots (from the last slot back, so positions hold),
  // then append the rest in run order.
  std::map<size_t, std::vector<nlohmann::json>, std::greater<>> at_slot;
  std::vector<nlohmann::json> appended;
  for (const nlohmann::json& f : files) {
    nlohmann::json e = f;
    const std::string k = key_of(f);
    if (batch_count[k] > 1) e["key_collision"] = true;
    if (!run_id.empty()) e["run"] = run_id;
    if (auto it = slot.find(k); it != slot.end())
      at_slot[it->second].push_back(std::move(e));
    else
      appended.push_back(std::move(e));
  }
  for (auto& [pos, es] : at_slot)
    entries.insert(entries.begin() + static_cast<std::ptrdiff_t>(pos), es.begin(), es.end());
  for (nlohmann::json& e : appended) entries.push_back(std::move(e));

  Counts total;
  std::map<std::string, u64> skipped;
  std::map<std::string, u64> statuses;
  std::map<std::string, std::map<std::string, u64>> js_classes;
  double wall = 0;
  for (const nlohmann::json& f : entries) {
    total.add(counts_from_json(f.value("counts", nlohmann::json::object())));
    if (auto s = f.find("skipped_by_reason"); s != f.end() && s->is_object())
      for (auto it = s->begin(); it != s->end(); ++it)
        if (it->is_number_unsigned()) skipped[it.key()] += it->get<u64>();
    if (auto c = f.find("js_classes"); c != f.end()) add_js_classes(js_classes, *c);
    ++statuses[f.value("status", std::string("error"))];
    if (auto w = f.find("wall_time_s"); w != f.end() && w->is_number()) wall += w->get<double>();
  }

  nlohmann::json s;
  s["schema"] = kSummarySchema;
  s["engine"] = {{"name", info.engine_name},
                 {"version", info.engine_version},
                 {"coarse", info.engine_coarse},
                 {"config", info.engine_config}};
  // Each suite's revision; runs of the two suites merge into one summary. `testsuite` stays the
  // 2022 suite's (as before the 3.0 suite joined), `testsuites` has both.
  nlohmann::json suites = nlohmann::json::object();
  if (existing.is_object() && existing.contains("testsuites") && existing["testsuites"].is_object())
    suites = existing["testsuites"];
  else if (existing.is_object() && existing.contains("testsuite") && existing["testsuite"].is_object())
    suites["2022"] = existing["testsuite"].value("revision", std::string());
  suites[info.suite] = info.testsuite_revision;
  s["testsuite"] = {{"revision", suites.value("2022", std::string())}};
  s["testsuites"] = suites;
  // Keep a converter version written by an earlier process that did convert.
  std::string converter = info.converter_version;
  if (converter.empty() && info.converter_name == "wast2json" && existing.is_object() && existing.contains("converter") &&
      existing["converter"].is_object())
    converter = existing["converter"].value("version", std::string());
  s["converter"] = {{"name", info.converter_name}, {"version", converter}};
  s["files"] = entries;
  s["counts"] = to_json(total);
  s["skipped_by_reason"] = nlohmann::json::object();
  for (const auto& [k, n] : skipped) s["skipped_by_reason"][k] = n;
  s["js_classes"] = js_classes_to_json(js_classes);
  s["statuses"] = nlohmann::json::object();
  for (const auto& [k, n] : statuses) s["statuses"][k] = n;
  s["wall_time_s"] = wall;

  // Provenance: the runs some entry still names (earlier ones first), then this run.
  std::set<std::string> named;
  for (const nlohmann::json& f : entries)
    if (auto r = f.find("run"); r != f.end() && r->is_string()) named.insert(r->get<std::string>());
  nlohmann::json runs = nlohmann::json::array();
  if (existing.is_object() && existing.contains("runs") && existing["runs"].is_array())
    for (const nlohmann::json& r : existing["runs"])
      if (r.is_object() && r.contains("id") && r["id"].is_string() &&
          r["id"].get<std::string>() != run_id && named.count(r["id"].get<std::string>()))
        runs.push_back(r);
  if (!run_id.empty()) {
    nlohmann::json cmd = nlohmann::json::array();
    for (const std::string& a : info.command_line) cmd.push_back(a);
    runs.push_back({{"id", run_id},
                    {"started", info.started},
                    {"command_line", std::move(cmd)},
                    {"wasmref", {{"version", info.wasmref_version}, {"commit", info.wasmref_commit}}},
                    {"engine", {{"name", info.engine_name}, {"version", info.engine_version}}},
                    {"suite", info.suite},
                    {"converter",
                     {{"name", info.converter_name}, {"version", info.converter_version}}}});
    s["wasmref"] = {{"version", info.wasmref_version}, {"commit", info.wasmref_commit}};
  } else if (existing.is_object() && existing.contains("wasmref")) {
    s["wasmref"] = existing["wasmref"];
  }
  s["runs"] = std::move(runs);
  return s;
}

std::string write_summary(const std::string& path, const std::vector<nlohmann::json>& files,
                          const SummaryInfo& info) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  const std::string lock_path = path + ".lock";
  const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return "cannot open " + lock_path + ": " + std::strerror(errno);
  while (::flock(fd, LOCK_EX) != 0) {
    if (errno != EINTR) {
      const std::string err = "cannot lock " + lock_path + ": " + std::strerror(errno);
      ::close(fd);
      return err;
    }
  }
  nlohmann::json existing;
  {
    std::ifstream in(path, std::ios::binary);
    if (in) {
      std::ostringstream ss;
      ss << in.rdbuf();
      JsonParse p = parse_json_tolerant(ss.str());
      if (p.value) existing = std::move(*p.value);  // a corrupt summary is rebuilt
    }
  }
  const std::string err = write_atomically(
      path, merge_summary(existing, files, info)
                    .dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
                "\n");
  ::flock(fd, LOCK_UN);
  ::close(fd);
  return err;
}

std::string write_records(const std::string& path, const std::vector<Record>& records) {
  std::string text;
  for (const Record& r : records) {
    nlohmann::json j = to_json(r);
    j["schema"] = kRecordSchema;
    text += dump_json(j);
    text += '\n';
  }
  return write_atomically(path, text);
}

}  // namespace wasmref::harness
