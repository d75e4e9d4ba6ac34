// Harness: diff of two engines' records (ARCHITECTURE "Reports", notes-harness §5.5)
#include "harness/diff.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "harness/json_reader.h"

namespace wasmref::harness {
namespace fs = std::filesystem;

namespace {

constexpr const char* kUsage =
    "usage: wasmref diff DIR/A DIR/B [--json FILE] [--baseline FILE] [--quiet]\n"
    "  DIR/A, DIR/B: engine report directories (<report>/<engine>). Lists every command whose\n"
    "  outcome, JS class or values differ (coarse engines: the pass/fail verdict only).\n"
    "  Exit: 0 no disagreement (or exactly the baseline's), 1 otherwise, 2 usage/input error.\n";

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return s.str();
}

const nlohmann::json& member(const nlohmann::json& j, const char* key) {
  static const nlohmann::json kNull;
  if (!j.is_object()) return kNull;
  auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

std::string string_member(const nlohmann::json& j, const char* key) {
  const nlohmann::json& v = member(j, key);
  return v.is_string() ? v.get<std::string>() : "";
}

// A non-null funcref result is the engine's own function address (reports/README.md), not
// comparable across engines: any two non-null funcrefs agree.
bool value_equal(const nlohmann::json& x, const nlohmann::json& y) {
  if (string_member(x, "type") == "funcref" && string_member(y, "type") == "funcref") {
    const bool x_null = string_member(x, "value") == "null";
    const bool y_null = string_member(y, "value") == "null";
    return x_null == y_null;
  }
  return x == y;
}

bool values_equal(const nlohmann::json& x, const nlohmann::json& y) {
  if (!x.is_array() || !y.is_array()) return x == y;
  if (x.size() != y.size()) return false;
  for (size_t i = 0; i < x.size(); ++i)
    if (!value_equal(x[i], y[i])) return false;
  return true;
}

nlohmann::json side(const nlohmann::json& r) {
  const nlohmann::json& actual = member(r, "actual");
  return {{"verdict", member(r, "verdict")},      {"reason", member(r, "reason")},
          {"outcome", member(actual, "outcome")}, {"js_class", member(actual, "js_class")},
          {"values", member(actual, "values")},   {"message", member(actual, "message")}};
}

std::string shown(const nlohmann::json& v) {
  if (v.is_null()) return "null";
  if (v.is_string()) return v.get<std::string>();
  return dump_json(v);
}

std::string first_line(const std::string& s, size_t max = 160) {
  std::string l = s.substr(0, s.find('\n'));
  if (l.size() > max) l = l.substr(0, max) + "...";
  return l;
}

}  // namespace

// ------------------------------------------------------------------------------------------
// Loading an engine's records
// ------------------------------------------------------------------------------------------

EngineRecordsLoad load_engine_records(const std::string& dir) {
  EngineRecordsLoad load;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    load.error = dir + ": not a report directory";
    return load;
  }
  EngineRecords e;
  e.dir = dir;
  e.name = fs::path(dir).lexically_normal().filename().string();
  if (e.name.empty()) e.name = fs::path(dir).lexically_normal().parent_path().filename().string();
  if (std::optional<std::string> text = read_file((fs::path(dir) / "summary.json").string())) {
    JsonParse p = parse_json_tolerant(*text);
    if (p.value) {
      const nlohmann::json& engine = member(*p.value, "engine");
      if (!string_member(engine, "name").empty()) e.name = string_member(engine, "name");
      e.version = string_member(engine, "version");
      if (member(engine, "coarse").is_boolean()) e.coarse = member(engine, "coarse").get<bool>();
    } else {
      e.warnings.push_back(dir + "/summary.json: " + p.error);
    }
  }

  std::vector<std::string> files;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec) && it->path().extension() == ".jsonl")
      files.push_back(it->path().string());
  if (ec) {
    load.error = dir + ": cannot list the directory: " + ec.message();
    return load;
  }
  std::sort(files.begin(), files.end());
  for (const std::string& path : files) {
    std::optional<std::string> text = read_file(path);
    if (!text) {
      load.error = path + ": cannot read";
      return load;
    }
    size_t start = 0, line_no = 0;
    while (start < text->size()) {
      size_t end = text->find('\n', start);
      if (end == std::string::npos) end = text->size();
      const std::string_view line(text->data() + start, end - start);
      start = end + 1;
      ++line_no;
      if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      JsonParse p = parse_json_tolerant(line);
      const std::string where = path + ":" + std::to_string(line_no);
      if (!p.value || !p.value->is_object()) {
        e.warnings.push_back(where + ": not a record" + (p.error.empty() ? "" : ": " + p.error));
        continue;
      }
      const nlohmann::json& file = member(*p.value, "file");
      const nlohmann::json& index = member(*p.value, "index");
      if (!file.is_string() || !index.is_number_unsigned()) {
        e.warnings.push_back(where + ": record without file/index");
        continue;
      }
      if (member(*p.value, "coarse") == true) e.coarse = true;
      CommandKey key{file.get<std::string>(), index.get<size_t>()};
      if (!e.records.emplace(key, std::move(*p.value)).second)
        e.warnings.push_back(where + ": duplicate record " + key.first + " #" +
                             std::to_string(key.second) + " (the first one is used)");
    }
  }
  load.records = std::move(e);
  return load;
}

// ------------------------------------------------------------------------------------------
// The join
// ------------------------------------------------------------------------------------------

std::string verdict_class(const std::string& verdict) {
  if (verdict == "pass" || verdict == "xpass") return "pass";
  if (verdict == "fail" || verdict == "xfail") return "fail";
  return verdict;
}

DiffResult diff_records(const EngineRecords& a, const EngineRecords& b) {
  DiffResult d;
  d.coarse = a.coarse || b.coarse;
  auto ia = a.records.begin();
  auto ib = b.records.begin();
  while (ia != a.records.end() || ib != b.records.end()) {
    if (ib == b.records.end() || (ia != a.records.end() && ia->first < ib->first)) {
      d.only_in_a.push_back(ia->first);
      ++ia;
      continue;
    }
    if (ia == a.records.end() || ib->first < ia->first) {
      d.only_in_b.push_back(ib->first);
      ++ib;
      continue;
    }
    const nlohmann::json& ra = ia->second;
    const nlohmann::json& rb = ib->second;
    ++d.compared;
    std::vector<std::string> fields;
    if (d.coarse) {
      if (verdict_class(string_member(ra, "verdict")) !=
          verdict_class(string_member(rb, "verdict")))
        fields.push_back("verdict");
    } else {
      const nlohmann::json& xa = member(ra, "actual");
      const nlohmann::json& xb = member(rb, "actual");
      if (member(xa, "outcome") != member(xb, "outcome")) fields.push_back("outcome");
      if (member(xa, "js_class") != member(xb, "js_class")) fields.push_back("js_class");
      if (!values_equal(member(xa, "values"), member(xb, "values"))) fields.push_back("values");
    }
    if (!fields.empty()) {
      Disagreement g;
      g.file = ia->first.first;
      g.index = ia->first.second;
      g.profile = string_member(ra, "profile");
      g.kind = string_member(ra, "kind");
      const nlohmann::json& line = member(ra, "line");
      g.line = line.is_number_unsigned() ? line.get<u64>() : 0;
      g.fields = std::move(fields);
      g.a = side(ra);
      g.b = side(rb);
      ++d.by_file[g.file];
      ++d.by_kind[g.kind];
      for (const std::string& f : g.fields) ++d.by_field[f];
      d.disagreements.push_back(std::move(g));
    }
    ++ia;
    ++ib;
  }
  return d;
}

nlohmann::json to_json(const DiffResult& d, const EngineRecords& a, const EngineRecords& b) {
  auto engine = [](const EngineRecords& e) {
    return nlohmann::json{
        {"name", e.name}, {"version", e.version}, {"coarse", e.coarse}, {"dir", e.dir}};
  };
  auto keys = [](const std::vector<CommandKey>& v) {
    nlohmann::json j = nlohmann::json::array();
    for (const CommandKey& k : v) j.push_back({{"file", k.first}, {"index", k.second}});
    return j;
  };
  nlohmann::json j;
  j["schema"] = kDiffSchema;
  j["a"] = engine(a);
  j["b"] = engine(b);
  j["compared_fields"] =
      d.coarse ? nlohmann::json{"verdict"} : nlohmann::json{"outcome", "js_class", "values"};
  j["coarse"] = d.coarse;
  j["compared"] = d.compared;
  j["disagreeing"] = d.disagreements.size();
  j["only_in_a"] = keys(d.only_in_a);
  j["only_in_b"] = keys(d.only_in_b);
  j["by_file"] = d.by_file;
  j["by_kind"] = d.by_kind;
  j["by_field"] = d.by_field;
  nlohmann::json list = nlohmann::json::array();
  for (const Disagreement& g : d.disagreements)
    list.push_back({{"file", g.file},
                    {"profile", g.profile},
                    {"index", g.index},
                    {"line", g.line},
                    {"kind", g.kind},
                    {"fields", g.fields},
                    {"a", g.a},
                    {"b", g.b}});
  j["disagreements"] = std::move(list);
  return j;
}

// ------------------------------------------------------------------------------------------
// The baseline
// ------------------------------------------------------------------------------------------

BaselineLoad parse_baseline(const std::string& text, const std::string& origin) {
  BaselineLoad load;
  JsonParse p = parse_json_tolerant(text);
  if (!p.value) {
    load.error = origin + ": " + p.error;
    return load;
  }
  const nlohmann::json& j = *p.value;
  if (string_member(j, "schema") != kDiffBaselineSchema) {
    load.error = origin + ": schema must be \"" + std::string(kDiffBaselineSchema) + "\"";
    return load;
  }
  Baseline b;
  b.a = string_member(j, "a");
  b.b = string_member(j, "b");
  const nlohmann::json& classes = member(j, "classes");
  if (!classes.is_array()) {
    load.error = origin + ": `classes` must be an array";
    return load;
  }
  for (size_t c = 0; c < classes.size(); ++c) {
    const std::string where = origin + ": classes[" + std::to_string(c) + "]";
    const std::string class_reason = string_member(classes[c], "reason");
    const nlohmann::json& entries = member(classes[c], "entries");
    if (!entries.is_array()) {
      load.error = where + ": `entries` must be an array";
      return load;
    }
    for (size_t i = 0; i < entries.size(); ++i) {
      const nlohmann::json& e = entries[i];
      const std::string at = where + ".entries[" + std::to_string(i) + "]";
      BaselineEntry entry;
      entry.file = string_member(e, "file");
      const nlohmann::json& index = member(e, "index");
      if (entry.file.empty() || !index.is_number_unsigned()) {
        load.error = at + ": needs `file` and a non-negative `index`";
        return load;
      }
      entry.index = index.get<size_t>();
      entry.kind = string_member(e, "kind");
      entry.reason = string_member(e, "reason");
      if (entry.reason.empty()) entry.reason = class_reason;
      if (entry.reason.empty()) {
        load.error = at + ": no reason (neither the entry's nor its class's)";
        return load;
      }
      const nlohmann::json& fields = member(e, "fields");
      if (!fields.is_null()) {
        if (!fields.is_array()) {
          load.error = at + ": `fields` must be an array of strings";
          return load;
        }
        std::vector<std::string> f;
        for (const nlohmann::json& x : fields) {
          if (!x.is_string()) {
            load.error = at + ": `fields` must be an array of strings";
            return load;
          }
          f.push_back(x.get<std::string>());
        }
        entry.fields = std::move(f);
      }
      CommandKey key{entry.file, entry.index};
      if (!b.entries.emplace(key, std::move(entry)).second) {
        load.error = at + ": " + key.first + " #" + std::to_string(key.second) + " listed twice";
        return load;
      }
    }
  }
  load.baseline = std::move(b);
  return load;
}

BaselineLoad load_baseline(const std::string& path) {
  std::optional<std::string> text = read_file(path);
  if (!text) {
    BaselineLoad load;
    load.error = path + ": cannot read";
    return load;
  }
  return parse_baseline(*text, path);
}

BaselineCheck check_baseline(const DiffResult& d, const Baseline& baseline) {
  BaselineCheck c;
  std::set<CommandKey> seen;
  for (const Disagreement& g : d.disagreements) {
    const CommandKey key{g.file, g.index};
    auto it = baseline.entries.find(key);
    if (it == baseline.entries.end()) {
      c.fresh.push_back(&g);
      continue;
    }
    seen.insert(key);
    if (it->second.fields && *it->second.fields != g.fields)
      c.changed.emplace_back(&g, &it->second);
    else
      ++c.known;
  }
  for (const auto& [key, entry] : baseline.entries)
    if (!seen.count(key)) c.gone.push_back(&entry);
  return c;
}

// ------------------------------------------------------------------------------------------
// The command
// ------------------------------------------------------------------------------------------

namespace {

void print_disagreement(std::ostream& out, const Disagreement& g, const std::string& na,
                        const std::string& nb) {
  out << "  " << g.file << " #" << g.index << " line " << g.line << " " << g.kind << ":";
  const char* sep = " ";
  for (const std::string& f : g.fields) {
    out << sep << f << " " << na << "=" << shown(g.a[f]) << " " << nb << "=" << shown(g.b[f]);
    sep = "; ";
  }
  const std::string ma = first_line(shown(g.a["message"]));
  const std::string mb = first_line(shown(g.b["message"]));
  if (!ma.empty()) out << "\n      " << na << ": " << ma;
  if (!mb.empty()) out << "\n      " << nb << ": " << mb;
  out << "\n";
}

}  // namespace

int diff_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::vector<std::string> dirs;
  std::optional<std::string> json_path, baseline_path;
  bool quiet = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      out << kUsage;
      return 0;
    } else if (a == "--quiet") {
      quiet = true;
    } else if ((a == "--json" || a == "--baseline") && i + 1 < args.size()) {
      (a == "--json" ? json_path : baseline_path) = args[++i];
    } else if (a.rfind("--", 0) == 0) {
      err << "wasmref diff: unknown option '" << a << "' (or missing value)\n" << kUsage;
      return 2;
    } else {
      dirs.push_back(a);
    }
  }
  if (dirs.size() != 2) {
    err << "wasmref diff: needs exactly two report directories\n" << kUsage;
    return 2;
  }
  EngineRecordsLoad la = load_engine_records(dirs[0]);
  EngineRecordsLoad lb = load_engine_records(dirs[1]);
  for (const EngineRecordsLoad* l : {&la, &lb})
    if (!l->records) {
      err << "wasmref diff: " << l->error << "\n";
      return 2;
    }
  const EngineRecords& a = *la.records;
  const EngineRecords& b = *lb.records;
  for (const EngineRecords* e : {&a, &b})
    for (const std::string& w : e->warnings) err << "wasmref diff: warning: " << w << "\n";
  if (a.records.empty() || b.records.empty()) {
    err << "wasmref diff: " << (a.records.empty() ? a.dir : b.dir) << ": no records\n";
    return 2;
  }
  std::optional<Baseline> baseline;
  if (baseline_path) {
    BaselineLoad bl = load_baseline(*baseline_path);
    if (!bl.baseline) {
      err << "wasmref diff: " << bl.error << "\n";
      return 2;
    }
    if ((!bl.baseline->a.empty() && bl.baseline->a != a.name) ||
        (!bl.baseline->b.empty() && bl.baseline->b != b.name)) {
      err << "wasmref diff: " << *baseline_path << " is the baseline of " << bl.baseline->a
          << " vs " << bl.baseline->b << ", not of " << a.name << " vs " << b.name << "\n";
      return 2;
    }
    baseline = std::move(bl.baseline);
  }

  const DiffResult d = diff_records(a, b);
  // Two engines with the same name (e.g. two reference runs) are told apart by A and B.
  const std::string na = a.name == b.name ? "A" : a.name;
  const std::string nb = a.name == b.name ? "B" : b.name;

  // --- Text ----------------------------------------------------------------------------------
  out << "diff " << na << " (" << a.name << (a.version.empty() ? "" : " " + a.version) << ", "
      << a.dir << ") vs " << nb << " (" << b.name << (b.version.empty() ? "" : " " + b.version)
      << ", " << b.dir << ")\n";
  if (d.coarse)
    out << "note: " << (a.coarse ? a.name : b.name)
        << " is coarse (pass/fail per line only): comparing the pass/fail verdict only, not "
           "outcomes, JS classes or values\n";
  std::optional<BaselineCheck> check;
  if (baseline) check = check_baseline(d, *baseline);
  if (!quiet) {
    if (!d.disagreements.empty()) out << "disagreements:\n";
    for (const Disagreement& g : d.disagreements) print_disagreement(out, g, na, nb);
  }
  if (!d.by_file.empty()) {
    out << "by file:\n";
    for (const auto& [file, n] : d.by_file) out << "  " << file << ": " << n << "\n";
  }
  if (!d.by_kind.empty()) {
    out << "by kind:\n";
    for (const auto& [kind, n] : d.by_kind) out << "  " << kind << ": " << n << "\n";
  }
  if (!d.by_field.empty()) {
    out << "by field:\n";
    for (const auto& [field, n] : d.by_field) out << "  " << field << ": " << n << "\n";
  }
  auto list_keys = [&](const std::vector<CommandKey>& keys, const std::string& who) {
    const size_t shown_max = quiet ? 0 : 20;
    for (size_t i = 0; i < keys.size() && i < shown_max; ++i)
      out << "  only in " << who << ": " << keys[i].first << " #" << keys[i].second << "\n";
    if (keys.size() > shown_max)
      out << "  ... " << keys.size() - shown_max << " more only in " << who << "\n";
  };
  list_keys(d.only_in_a, na);
  list_keys(d.only_in_b, nb);
  out << d.compared << " commands compared, " << d.disagreements.size() << " disagree; "
      << d.only_in_a.size() << " only in " << na << ", " << d.only_in_b.size() << " only in " << nb
      << "\n";

  if (check) {
    out << "baseline " << *baseline_path << ": " << check->known << " known, "
        << check->fresh.size() << " new, " << check->gone.size() << " no longer disagree, "
        << check->changed.size() << " changed\n";
    for (const Disagreement* g : check->fresh) {
      out << "NEW";
      print_disagreement(out, *g, na, nb);
    }
    for (const auto& [g, e] : check->changed) {
      std::string listed;
      for (const std::string& f : *e->fields) listed += (listed.empty() ? "" : ",") + f;
      out << "CHANGED (listed: " << listed << "; " << e->reason << ")";
      print_disagreement(out, *g, na, nb);
    }
    for (const BaselineEntry* e : check->gone)
      out << "GONE  " << e->file << " #" << e->index << " " << e->kind << ": no longer disagrees ("
          << e->reason << "): remove it from the baseline\n";
    if (!d.only_in_a.empty() || !d.only_in_b.empty())
      out << "INCOMPLETE: " << d.only_in_a.size() + d.only_in_b.size()
          << " commands have records from one engine only: the runs do not cover the same "
             "files\n";
  }

  // --- JSON ----------------------------------------------------------------------------------
  if (json_path) {
    nlohmann::json j = to_json(d, a, b);
    if (check) {
      nlohmann::json fresh = nlohmann::json::array(), gone = nlohmann::json::array(),
                     changed = nlohmann::json::array();
      for (const Disagreement* g : check->fresh)
        fresh.push_back({{"file", g->file}, {"index", g->index}, {"fields", g->fields}});
      for (const BaselineEntry* e : check->gone)
        gone.push_back({{"file", e->file}, {"index", e->index}, {"reason", e->reason}});
      for (const auto& [g, e] : check->changed)
        changed.push_back({{"file", g->file},
                           {"index", g->index},
                           {"fields", g->fields},
                           {"listed_fields", *e->fields}});
      j["baseline"] = {{"path", *baseline_path},
                       {"known", check->known},
                       {"new", fresh},
                       {"gone", gone},
                       {"changed", changed}};
    }
    const std::string tmp = *json_path + ".tmp";
    {
      std::ofstream o(tmp, std::ios::binary | std::ios::trunc);
      o << dump_json(j) << "\n";
      if (!o) {
        err << "wasmref diff: cannot write " << *json_path << "\n";
        return 2;
      }
    }
    std::error_code ec;
    fs::rename(tmp, *json_path, ec);
    if (ec) {
      err << "wasmref diff: cannot write " << *json_path << ": " << ec.message() << "\n";
      return 2;
    }
  }

  if (check) return check->ok() && d.only_in_a.empty() && d.only_in_b.empty() ? 0 : 1;
  return d.disagreements.empty() && d.only_in_a.empty() && d.only_in_b.empty() ? 0 : 1;
}

}  // namespace wasmref::harness
