// Harness: diff of two engines' records, grouped by cause (ARCHITECTURE "Reports", notes-harness §5.5)
#include "harness/diff.h"

#include <fnmatch.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "harness/json_reader.h"
#include "harness/match.h"
#include "harness/wast_text.h"
#include "harness/wast_value.h"

namespace wasmref::harness {
namespace fs = std::filesystem;

namespace {

constexpr const char* kUsage =
    "usage: wasmref diff DIR/A DIR/B [options]\n"
    "  DIR/A, DIR/B are engine report directories (<report>/<engine>, e.g. reports/reference\n"
    "  reports/node). Lists every command whose outcome, JS class or values differ (coarse\n"
    "  engines: the pass/fail verdict only), grouped by cause: where exactly one side fails\n"
    "  first, differences the script allows (NaN sign/payload, `either`) last.\n"
    "options:\n"
    "  --baseline FILE  group by the causes of a list of known disagreements and fail on any\n"
    "                   change to it (default: none; groups by verdicts, reasons and fields)\n"
    "  --file PATTERN   compare only files matching a glob (`*` crosses `/`) or a path prefix;\n"
    "                   repeatable (default: every file both engines ran)\n"
    "  --kind KIND      compare only commands of this kind (assert_return, module, ...);\n"
    "                   repeatable (default: every kind)\n"
    "  --failing        show only commands where a side fails (default: all disagreements)\n"
    "  --all            list the spec-allowed differences too (default: one line of counts)\n"
    "  --limit N        commands listed per group, 0 = all (default: 20)\n"
    "  --json FILE      also write the diff as JSON, schema wasmref-diff/1 (default: none)\n"
    "  --quiet          group headers and counts only, no commands (default: off)\n"
    "  -h, --help       this text\n"
    "exit: 0 no disagreement (with --baseline: exactly the baseline's), 1 otherwise,\n"
    "      2 usage or input error\n";

// At most this many warnings of one load are printed; the rest are counted.
constexpr size_t kMaxWarnings = 10;

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

// A non-null funcref (3.0: exnref, structure, array) result is the engine's own address
// (reports/README.md), not comparable across engines: any two such references agree.
bool value_equal(const nlohmann::json& x, const nlohmann::json& y) {
  return comparable_value(x) == comparable_value(y);
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

std::string first_line(const std::string& s, size_t max = 160) {
  std::string l = s.substr(0, s.find('\n'));
  if (l.size() > max) l = l.substr(0, max) + "...";
  return l;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string s;
  for (const std::string& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}

}  // namespace

// ------------------------------------------------------------------------------------------
// Loading an engine's records
// ------------------------------------------------------------------------------------------

EngineRecordsLoad load_engine_records(const std::string& dir) {
  EngineRecordsLoad load;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    load.error = dir + ": not a report directory (no such directory)";
    return load;
  }
  EngineRecords e;
  e.dir = dir;
  e.name = fs::path(dir).lexically_normal().filename().string();
  if (e.name.empty()) e.name = fs::path(dir).lexically_normal().parent_path().filename().string();

  // An engine directory has its own summary.json. A report root (`wasmref wast --report DIR`
  // writes DIR/<engine>/summary.json) holds several engines: reading all its records would
  // merge two engines into one, so it is refused with the directories it holds.
  const fs::path summary_path = fs::path(dir) / "summary.json";
  if (!fs::is_regular_file(summary_path, ec)) {
    std::vector<std::string> engines;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      std::error_code sub;
      if (it->is_directory(sub) && fs::is_regular_file(it->path() / "summary.json", sub))
        engines.push_back((fs::path(dir) / it->path().filename()).string());
    }
    std::sort(engines.begin(), engines.end());
    if (!engines.empty()) {
      load.error = dir + " is a report root holding " + std::to_string(engines.size()) +
                   " engines, not one engine's report: did you mean " + join(engines, " or ") +
                   "?";
    } else {
      load.error = dir + ": no summary.json: not an engine report directory (`wasmref wast "
                         "--report DIR` writes DIR/<engine>/summary.json)";
    }
    return load;
  }
  {
    std::optional<std::string> text = read_file(summary_path.string());
    if (!text) {
      load.error = summary_path.string() + ": cannot read";
      return load;
    }
    JsonParse p = parse_json_tolerant(*text);
    if (!p.value || !p.value->is_object()) {
      load.error = summary_path.string() + ": corrupt summary" +
                   (p.error.empty() ? ": not a JSON object" : ": " + p.error);
      return load;
    }
    const nlohmann::json& engine = member(*p.value, "engine");
    if (!string_member(engine, "name").empty()) e.name = string_member(engine, "name");
    e.version = string_member(engine, "version");
    if (member(engine, "coarse").is_boolean()) e.coarse = member(engine, "coarse").get<bool>();
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
  // Record files are written whole and renamed (reports/README.md), so a line that is not a
  // record means the report is damaged: one error naming the first such line and the count.
  std::string first_bad;
  u64 bad = 0;
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
      std::string problem;
      if (!p.value || !p.value->is_object())
        problem = "not a record" + (p.error.empty() ? "" : ": " + p.error);
      else if (!member(*p.value, "file").is_string() ||
               !member(*p.value, "index").is_number_unsigned())
        problem = "a record without file/index";
      if (!problem.empty()) {
        if (bad++ == 0) first_bad = where + ": " + problem;
        continue;
      }
      if (member(*p.value, "coarse") == true) e.coarse = true;
      CommandKey key{member(*p.value, "file").get<std::string>(),
                     member(*p.value, "index").get<size_t>()};
      if (!e.records.emplace(key, std::move(*p.value)).second)
        e.warnings.push_back(where + ": duplicate record " + key.first + " #" +
                             std::to_string(key.second) + " (the first one is used)");
    }
  }
  if (bad) {
    load.error = first_bad + (bad > 1 ? " (and " + std::to_string(bad - 1) + " more such lines)"
                                      : std::string()) +
                 ": the records are corrupt";
    return load;
  }
  if (e.records.empty()) {
    load.error = dir + ": no records (no <profile>/<file>.jsonl below it)";
    return load;
  }
  load.records = std::move(e);
  return load;
}

// ------------------------------------------------------------------------------------------
// What disagreement means, and who fails
// ------------------------------------------------------------------------------------------

std::string verdict_class(const std::string& verdict) {
  if (verdict == "pass" || verdict == "xpass") return "pass";
  if (verdict == "fail" || verdict == "xfail") return "fail";
  return verdict;
}

std::vector<std::string> disagreeing_fields(const nlohmann::json& a, const nlohmann::json& b,
                                            bool coarse) {
  std::vector<std::string> fields;
  // A side that did not run (skip, blocked, error) has no actual result to compare.
  auto ran = [](const std::string& v) {
    return !v.empty() && v != "skip" && v != "blocked" && v != "error";
  };
  coarse = coarse || member(a, "coarse") == true || member(b, "coarse") == true ||
           !ran(string_member(a, "verdict")) || !ran(string_member(b, "verdict"));
  if (coarse) {
    if (verdict_class(string_member(a, "verdict")) != verdict_class(string_member(b, "verdict")))
      fields.push_back("verdict");
    return fields;
  }
  const nlohmann::json& xa = member(a, "actual");
  const nlohmann::json& xb = member(b, "actual");
  if (member(xa, "outcome") != member(xb, "outcome")) fields.push_back("outcome");
  if (member(xa, "js_class") != member(xb, "js_class")) fields.push_back("js_class");
  if (!values_equal(member(xa, "values"), member(xb, "values"))) fields.push_back("values");
  return fields;
}

SideState side_state(const std::string& verdict) {
  if (verdict == "pass" || verdict == "xpass") return SideState::passes;
  if (verdict == "fail" || verdict == "xfail" || verdict == "error" || verdict == "blocked")
    return SideState::fails;
  return SideState::neither;
}

const char* to_string(DiffCategory c) {
  switch (c) {
    case DiffCategory::a_passes_b_fails: return "a-passes-b-fails";
    case DiffCategory::a_fails_b_passes: return "a-fails-b-passes";
    case DiffCategory::both_fail: return "both-fail";
    case DiffCategory::other: return "other";
    case DiffCategory::spec_allowed: return "spec-allowed";
  }
  return "other";
}

namespace {

// The alternatives an assert_return record's `expected` allows: `values` is one alternative
// (a nested `{"type": "either", "values": [...]}` at a position multiplies them out, capped),
// the 1.0.32 `either` list one single-value alternative per element. nullopt when a value
// cannot be read.
std::optional<std::vector<std::vector<WastValue>>> expected_alternatives(
    const nlohmann::json& expected, bool& uses_either) {
  constexpr size_t kMaxAlternatives = 256;
  std::vector<std::vector<WastValue>> alts;
  uses_either = false;
  const nlohmann::json& either = member(expected, "either");
  if (either.is_array()) {
    uses_either = true;
    for (const nlohmann::json& v : either) {
      ValueParse p = parse_wast_value(v, true);
      if (!p.value) return std::nullopt;
      alts.push_back({*p.value});
    }
    return alts;
  }
  const nlohmann::json& values = member(expected, "values");
  if (!values.is_array()) return std::nullopt;
  alts.emplace_back();
  for (const nlohmann::json& v : values) {
    std::vector<WastValue> choices;
    if (string_member(v, "type") == "either" && member(v, "values").is_array()) {
      uses_either = true;
      for (const nlohmann::json& c : member(v, "values")) {
        ValueParse p = parse_wast_value(c, true);
        if (!p.value) return std::nullopt;
        choices.push_back(*p.value);
      }
    } else {
      ValueParse p = parse_wast_value(v, true);
      if (!p.value) return std::nullopt;
      choices.push_back(*p.value);
    }
    if (choices.empty() || alts.size() * choices.size() > kMaxAlternatives) return std::nullopt;
    std::vector<std::vector<WastValue>> next;
    for (const std::vector<WastValue>& prefix : alts)
      for (const WastValue& c : choices) {
        next.push_back(prefix);
        next.back().push_back(c);
      }
    alts = std::move(next);
  }
  return alts;
}

std::optional<std::vector<Value>> actual_values(const nlohmann::json& record) {
  const nlohmann::json& values = member(member(record, "actual"), "values");
  if (!values.is_array()) return std::nullopt;
  std::vector<Value> out;
  for (const nlohmann::json& v : values) {
    ValueParse p = parse_wast_value(v, false);
    if (!p.value) return std::nullopt;
    std::optional<Value> r = to_runtime_value(*p.value);
    if (!r) return std::nullopt;
    out.push_back(*r);
  }
  return out;
}

// The index of the first alternative the values match, if any.
std::optional<size_t> matching_alternative(const std::vector<std::vector<WastValue>>& alts,
                                           const std::vector<Value>& values) {
  for (size_t i = 0; i < alts.size(); ++i)
    if (match_values(alts[i], values) == MatchResult::match) return i;
  return std::nullopt;
}

bool is_nan_bits(u64 bits, unsigned width) {
  const u64 exp = width == 32 ? 0x7f800000u : 0x7ff0000000000000u;
  const u64 frac = width == 32 ? 0x007fffffu : 0x000fffffffffffffu;
  return (bits & exp) == exp && (bits & frac) != 0;
}

// Do two NaNs (or two equal values) differ in the sign bit only?
bool sign_only(u64 x, u64 y, unsigned width) {
  if (x == y) return true;
  const u64 sign = u64(1) << (width - 1);
  return is_nan_bits(x, width) && is_nan_bits(y, width) && (x ^ y) == sign;
}

bool differ_in_nan_sign_only(const Value& x, const Value& y) {
  if (x.type != y.type) return false;
  switch (x.type.code) {
    case ValType::Code::f32: return sign_only(x.f32_bits_(), y.f32_bits_(), 32);
    case ValType::Code::f64: return sign_only(x.f64_bits_(), y.f64_bits_(), 64);
    case ValType::Code::v128: {
      // Lanes as f32 or f64: a sign-only NaN difference in either reading counts.
      bool f32_ok = true, f64_ok = true;
      for (unsigned i = 0; i < 4; ++i) {
        const u64 half_x = i < 2 ? x.lo : x.hi, half_y = i < 2 ? y.lo : y.hi;
        f32_ok = f32_ok && sign_only((half_x >> (32 * (i % 2))) & 0xffffffffu,
                                     (half_y >> (32 * (i % 2))) & 0xffffffffu, 32);
      }
      f64_ok = sign_only(x.lo, y.lo, 64) && sign_only(x.hi, y.hi, 64);
      return f32_ok || f64_ok;
    }
    default: return false;
  }
}

}  // namespace

std::string spec_allowed_cause(const nlohmann::json& a, const nlohmann::json& b) {
  if (string_member(a, "kind") != "assert_return") return "";
  if (string_member(member(a, "actual"), "outcome") != "ok" ||
      string_member(member(b, "actual"), "outcome") != "ok")
    return "";
  bool uses_either = false;
  const std::optional<std::vector<std::vector<WastValue>>> alts =
      expected_alternatives(member(a, "expected"), uses_either);
  const std::optional<std::vector<Value>> va = actual_values(a), vb = actual_values(b);
  if (!alts || !va || !vb) return "";
  const std::optional<size_t> ma = matching_alternative(*alts, *va);
  const std::optional<size_t> mb = matching_alternative(*alts, *vb);
  if (!ma || !mb) return "";  // a side's result is not what the script allows
  if (uses_either && *ma != *mb && !matching_alternative({(*alts)[*ma]}, *vb))
    return "either alternative";
  if (va->size() != vb->size()) return "";
  for (size_t i = 0; i < va->size(); ++i)
    if (!differ_in_nan_sign_only((*va)[i], (*vb)[i])) return "NaN payload";
  return "NaN sign";
}

bool DiffFilter::selects_file(const std::string& file) const {
  if (files.empty()) return true;
  for (const std::string& f : files)
    if (file.rfind(f, 0) == 0 || fnmatch(f.c_str(), file.c_str(), 0) == 0) return true;
  return false;
}

bool DiffFilter::selects_kind(const std::string& kind) const {
  return kinds.empty() || std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

// ------------------------------------------------------------------------------------------
// The join
// ------------------------------------------------------------------------------------------

namespace {

DiffCategory categorize(const nlohmann::json& ra, const nlohmann::json& rb,
                        const std::vector<std::string>& fields, std::string& allowed) {
  const SideState sa = side_state(string_member(ra, "verdict"));
  const SideState sb = side_state(string_member(rb, "verdict"));
  if (sa == SideState::passes && sb == SideState::fails) return DiffCategory::a_passes_b_fails;
  if (sa == SideState::fails && sb == SideState::passes) return DiffCategory::a_fails_b_passes;
  if (sa == SideState::fails && sb == SideState::fails) return DiffCategory::both_fail;
  if (fields == std::vector<std::string>{"values"}) {
    allowed = spec_allowed_cause(ra, rb);
    if (!allowed.empty()) return DiffCategory::spec_allowed;
  }
  return DiffCategory::other;
}

}  // namespace

DiffResult diff_records(const EngineRecords& a, const EngineRecords& b, const DiffFilter& filter) {
  DiffResult d;
  d.coarse = a.coarse || b.coarse;
  // The files each side ran (within the filter): commands of a file only one side ran are
  // counted per file, not listed one by one.
  std::map<std::string, u64> files_a, files_b;
  auto selected = [&](const CommandKey& k, const nlohmann::json& r) {
    return filter.selects_file(k.first) && filter.selects_kind(string_member(r, "kind"));
  };
  for (const auto& [k, r] : a.records)
    if (selected(k, r)) ++files_a[k.first];
  for (const auto& [k, r] : b.records)
    if (selected(k, r)) ++files_b[k.first];
  for (const auto& [f, n] : files_a)
    if (!files_b.count(f)) d.files_only_in_a[f] = n;
  for (const auto& [f, n] : files_b)
    if (!files_a.count(f)) d.files_only_in_b[f] = n;
  for (const auto& [f, n] : files_a) d.files_compared += files_b.count(f);

  auto ia = a.records.begin();
  auto ib = b.records.begin();
  while (ia != a.records.end() || ib != b.records.end()) {
    if (ib == b.records.end() || (ia != a.records.end() && ia->first < ib->first)) {
      if (selected(ia->first, ia->second) && !d.files_only_in_a.count(ia->first.first))
        d.only_in_a.push_back(ia->first);
      ++ia;
      continue;
    }
    if (ia == a.records.end() || ib->first < ia->first) {
      if (selected(ib->first, ib->second) && !d.files_only_in_b.count(ib->first.first))
        d.only_in_b.push_back(ib->first);
      ++ib;
      continue;
    }
    const nlohmann::json& ra = ia->second;
    const nlohmann::json& rb = ib->second;
    if (!selected(ia->first, ra)) {
      ++ia;
      ++ib;
      continue;
    }
    ++d.compared;
    std::vector<std::string> fields = disagreeing_fields(ra, rb, d.coarse);
    if (!fields.empty()) {
      Disagreement g;
      g.file = ia->first.first;
      g.index = ia->first.second;
      g.profile = string_member(ra, "profile");
      g.kind = string_member(ra, "kind");
      const nlohmann::json& line = member(ra, "line");
      g.line = line.is_number_unsigned() ? line.get<u64>() : 0;
      g.category = categorize(ra, rb, fields, g.allowed);
      g.fields = std::move(fields);
      g.a = side(ra);
      g.b = side(rb);
      g.action = member(ra, "action");
      g.expected = member(ra, "expected");
      g.module_file = string_member(ra, "module_file");
      ++d.by_file[g.file];
      ++d.by_kind[g.kind];
      ++d.by_category[g.category];
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
  j["files_compared"] = d.files_compared;
  j["disagreeing"] = d.disagreements.size();
  j["only_in_a"] = keys(d.only_in_a);
  j["only_in_b"] = keys(d.only_in_b);
  j["files_only_in_a"] = d.files_only_in_a;
  j["files_only_in_b"] = d.files_only_in_b;
  j["by_file"] = d.by_file;
  j["by_kind"] = d.by_kind;
  j["by_field"] = d.by_field;
  nlohmann::json by_category = nlohmann::json::object();
  for (const auto& [c, n] : d.by_category) by_category[to_string(c)] = n;
  j["by_category"] = std::move(by_category);
  nlohmann::json list = nlohmann::json::array();
  for (const Disagreement& g : d.disagreements) {
    nlohmann::json x = {{"file", g.file},
                        {"profile", g.profile},
                        {"index", g.index},
                        {"line", g.line},
                        {"kind", g.kind},
                        {"fields", g.fields},
                        {"category", to_string(g.category)},
                        {"a", g.a},
                        {"b", g.b}};
    if (!g.allowed.empty()) x["allowed"] = g.allowed;
    list.push_back(std::move(x));
  }
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
// Grouping by cause
// ------------------------------------------------------------------------------------------

namespace {

// A reason as a group key: `blocked-by:N` names a command, which would make one group per
// module; an xfail's "; expected failure: <why>" repeats the expectation's text.
std::string reason_key(const nlohmann::json& side) {
  std::string r = string_member(side, "reason");
  if (r.rfind("blocked-by:", 0) == 0) return "blocked-by";
  const size_t semi = r.find("; ");
  if (semi != std::string::npos) r.resize(semi);
  return r;
}

std::string verdict_text(const nlohmann::json& side) {
  std::string v = string_member(side, "verdict");
  if (v.empty()) v = "?";
  const std::string r = reason_key(side);
  return r.empty() ? v : v + " [" + r + "]";
}

}  // namespace

std::string auto_cause(const Disagreement& g, const std::string& name_a,
                       const std::string& name_b) {
  if (g.category == DiffCategory::spec_allowed) return "spec-allowed: " + g.allowed;
  return name_a + " " + verdict_text(g.a) + ", " + name_b + " " + verdict_text(g.b) +
         "; differs in " + join(g.fields, ", ");
}

std::vector<DiffGroup> group_by_cause(const DiffResult& d, const Baseline* baseline,
                                      const std::string& name_a, const std::string& name_b) {
  std::map<std::pair<DiffCategory, std::string>, std::vector<const Disagreement*>> groups;
  for (const Disagreement& g : d.disagreements) {
    std::string cause = auto_cause(g, name_a, name_b);
    if (baseline) {
      auto it = baseline->entries.find({g.file, g.index});
      if (it == baseline->entries.end())
        cause = "NEW (not in the baseline): " + cause;
      else if (it->second.fields && *it->second.fields != g.fields)
        cause = "CHANGED (the baseline lists " + join(*it->second.fields, ", ") + "): " + cause;
      else
        cause = it->second.reason;
    }
    groups[{g.category, cause}].push_back(&g);
  }
  std::vector<DiffGroup> out;
  for (auto& [key, members] : groups) out.push_back({key.first, key.second, std::move(members)});
  std::stable_sort(out.begin(), out.end(), [](const DiffGroup& x, const DiffGroup& y) {
    if (x.category != y.category) return x.category < y.category;
    return x.members.size() > y.members.size();  // the map already ordered equal sizes by cause
  });
  return out;
}

// ------------------------------------------------------------------------------------------
// Values and actions as the script writes them
// ------------------------------------------------------------------------------------------

namespace {

std::string value_text(const nlohmann::json& v) { return constant_text(v).value_or(dump_json(v)); }

std::string values_text(const nlohmann::json& values) {
  if (!values.is_array()) return "";
  std::string s;
  for (const nlohmann::json& v : values) s += (s.empty() ? "" : " ") + value_text(v);
  return s;
}

}  // namespace

// ------------------------------------------------------------------------------------------
// The command
// ------------------------------------------------------------------------------------------

namespace {

// What the command expects: `expected (i32.const 5)`, `expected (either (...) (...))`,
// `expected trap RuntimeError "integer divide by zero"`, `expected ok`.
std::string expected_text(const Disagreement& g) {
  const nlohmann::json& e = g.expected;
  if (!e.is_object()) return "";
  std::string s = "expected";
  const nlohmann::json& either = member(e, "either");
  if (either.is_array()) {
    s += " (either";
    for (const nlohmann::json& v : either) s += " " + value_text(v);
    return s + ")";
  }
  const std::string outcome = string_member(e, "outcome");
  const std::string values = values_text(member(e, "values"));
  if (outcome != "ok" || values.empty()) s += " " + (outcome.empty() ? "?" : outcome);
  const std::string cls = string_member(e, "js_class");
  if (!cls.empty()) s += " " + cls;
  const std::string text = string_member(e, "text");
  if (!text.empty()) s += " " + script_string(text);
  if (!values.empty()) s += " " + values;
  return s;
}

// One side: `pass: ok (f32.const nan)`, `fail [class-mismatch]: trap TypeError "message"`.
std::string side_text(const nlohmann::json& side) {
  std::string s = verdict_text(side) + ":";
  const std::string outcome = string_member(side, "outcome");
  const std::string values = values_text(member(side, "values"));
  if (outcome.empty()) s += " (no outcome: verdict only)";
  else if (outcome != "ok" || values.empty()) s += " " + outcome;
  const std::string cls = string_member(side, "js_class");
  if (!cls.empty()) s += " " + cls;
  if (!values.empty()) s += " " + values;
  const std::string message = first_line(string_member(side, "message"), 120);
  if (!message.empty()) s += " " + script_string(message);
  return s;
}

void print_disagreement(std::ostream& out, const Disagreement& g, const std::string& na,
                        const std::string& nb, const char* prefix = "  ") {
  out << prefix << g.file << ":" << g.line << ": " << g.kind;
  const std::string action = action_text(g.action);
  if (!action.empty()) out << " " << action;
  else if (!g.module_file.empty()) out << " (module " << g.module_file << ")";
  out << "  #" << g.index << "\n";
  const size_t width = std::max(na.size(), nb.size());
  const std::string expected = expected_text(g);
  if (!expected.empty()) out << "      " << expected << "\n";
  out << "      " << na << std::string(width - na.size(), ' ') << "  " << side_text(g.a) << "\n";
  out << "      " << nb << std::string(width - nb.size(), ' ') << "  " << side_text(g.b) << "\n";
}

std::string category_title(DiffCategory c, const std::string& na, const std::string& nb) {
  switch (c) {
    case DiffCategory::a_passes_b_fails: return na + " passes, " + nb + " fails";
    case DiffCategory::a_fails_b_passes: return na + " fails, " + nb + " passes";
    case DiffCategory::both_fail: return "both fail, differently";
    case DiffCategory::other: return "other differences (a side skipped, or both pass)";
    case DiffCategory::spec_allowed:
      return "spec-allowed differences (both results match the script's NaN pattern or "
             "`either`)";
  }
  return "";
}

bool a_side_fails(DiffCategory c) {
  return c == DiffCategory::a_passes_b_fails || c == DiffCategory::a_fails_b_passes ||
         c == DiffCategory::both_fail;
}

void print_counts(std::ostream& out, const char* title, const std::map<std::string, u64>& m,
                  size_t max_lines) {
  if (m.empty()) return;
  std::vector<std::pair<std::string, u64>> v(m.begin(), m.end());
  std::stable_sort(v.begin(), v.end(),
                   [](const auto& x, const auto& y) { return x.second > y.second; });
  out << title << ":\n";
  for (size_t i = 0; i < v.size() && i < max_lines; ++i)
    out << "  " << v[i].first << ": " << v[i].second << "\n";
  if (v.size() > max_lines) out << "  ... " << v.size() - max_lines << " more\n";
}

std::optional<size_t> parse_count(const std::string& s) {
  size_t n = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), n);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
  return n;
}

}  // namespace

int diff_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::vector<std::string> dirs;
  std::optional<std::string> json_path, baseline_path;
  DiffFilter filter;
  bool quiet = false, failing = false, all = false;
  size_t limit = 20;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool has_value = i + 1 < args.size();
    if (a == "--help" || a == "-h") {
      out << kUsage;
      return 0;
    } else if (a == "--quiet") {
      quiet = true;
    } else if (a == "--failing") {
      failing = true;
    } else if (a == "--all") {
      all = true;
    } else if ((a == "--json" || a == "--baseline") && has_value) {
      (a == "--json" ? json_path : baseline_path) = args[++i];
    } else if (a == "--file" && has_value) {
      filter.files.push_back(args[++i]);
    } else if (a == "--kind" && has_value) {
      filter.kinds.push_back(args[++i]);
    } else if (a == "--limit" && has_value) {
      const std::optional<size_t> n = parse_count(args[++i]);
      if (!n) {
        err << "wasmref diff: --limit needs a number, not '" << args[i] << "'\n";
        return 2;
      }
      limit = *n == 0 ? SIZE_MAX : *n;
    } else if (a.rfind("-", 0) == 0 && a.size() > 1) {
      err << "wasmref diff: unknown option '" << a << "' (or missing value)\n" << kUsage;
      return 2;
    } else {
      dirs.push_back(a);
    }
  }
  if (dirs.size() != 2) {
    err << "wasmref diff: needs exactly two engine report directories (e.g. reports/reference "
           "reports/node)\n"
        << kUsage;
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
  for (const EngineRecords* e : {&a, &b}) {
    for (size_t i = 0; i < e->warnings.size() && i < kMaxWarnings; ++i)
      err << "wasmref diff: warning: " << e->warnings[i] << "\n";
    if (e->warnings.size() > kMaxWarnings)
      err << "wasmref diff: warning: ... and " << e->warnings.size() - kMaxWarnings
          << " more warnings like these in " << e->dir << "\n";
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
    // --file/--kind narrow the comparison: the baseline's entries outside it are not expected.
    for (auto it = bl.baseline->entries.begin(); it != bl.baseline->entries.end();) {
      const bool kind_known = !it->second.kind.empty();
      if (!filter.selects_file(it->first.first) ||
          (kind_known && !filter.selects_kind(it->second.kind)) ||
          (!kind_known && !filter.kinds.empty()))
        it = bl.baseline->entries.erase(it);
      else
        ++it;
    }
    baseline = std::move(bl.baseline);
  }

  const DiffResult d = diff_records(a, b, filter);
  // Two engines with the same name (e.g. two reference runs) are told apart by A and B.
  const std::string na = a.name == b.name ? "A" : a.name;
  const std::string nb = a.name == b.name ? "B" : b.name;
  std::optional<BaselineCheck> check;
  if (baseline) check = check_baseline(d, *baseline);
  const std::vector<DiffGroup> groups = group_by_cause(d, baseline ? &*baseline : nullptr, na, nb);

  // --- Text: the headline --------------------------------------------------------------------
  out << "diff " << na << " (" << a.name << (a.version.empty() ? "" : " " + a.version) << ", "
      << a.dir << ") vs " << nb << " (" << b.name << (b.version.empty() ? "" : " " + b.version)
      << ", " << b.dir << ")\n";
  if (d.coarse)
    out << "note: " << (a.coarse ? a.name : b.name)
        << " is coarse (pass/fail per line only): comparing the pass/fail verdict only, not "
           "outcomes, JS classes or values\n";
  if (!filter.files.empty() || !filter.kinds.empty())
    out << "compared only: " << (filter.files.empty() ? "" : "files " + join(filter.files, ", "))
        << (filter.files.empty() || filter.kinds.empty() ? "" : "; ")
        << (filter.kinds.empty() ? "" : "kinds " + join(filter.kinds, ", ")) << "\n";
  auto count_of = [&](DiffCategory c) {
    auto it = d.by_category.find(c);
    return it == d.by_category.end() ? u64(0) : it->second;
  };
  out << d.compared << " commands compared in " << d.files_compared << " files, "
      << d.disagreements.size() << " disagree: " << count_of(DiffCategory::a_passes_b_fails)
      << " " << na << " passes and " << nb << " fails, " << count_of(DiffCategory::a_fails_b_passes)
      << " " << na << " fails and " << nb << " passes, " << count_of(DiffCategory::both_fail)
      << " both fail, " << count_of(DiffCategory::other) << " other, "
      << count_of(DiffCategory::spec_allowed) << " spec-allowed\n";

  // --- Text: the groups ----------------------------------------------------------------------
  std::map<std::string, u64> hidden_allowed;
  u64 hidden_not_failing = 0;
  std::optional<DiffCategory> section;
  for (const DiffGroup& group : groups) {
    if (group.category == DiffCategory::spec_allowed && !all) {
      for (const Disagreement* g : group.members) ++hidden_allowed[g->allowed];
      continue;
    }
    if (failing && !a_side_fails(group.category)) {
      hidden_not_failing += group.members.size();
      continue;
    }
    if (section != group.category) {
      section = group.category;
      out << "\n== " << category_title(group.category, na, nb) << ": "
          << count_of(group.category) << " ==\n";
    }
    out << "-- " << group.members.size() << " x " << first_line(group.cause, 200) << "\n";
    if (quiet) continue;
    for (size_t i = 0; i < group.members.size() && i < limit; ++i)
      print_disagreement(out, *group.members[i], na, nb);
    if (group.members.size() > limit)
      out << "  ... " << group.members.size() - limit << " more in this group (--limit 0 lists "
          << "all)\n";
  }
  if (!hidden_allowed.empty()) {
    u64 n = 0;
    std::string parts;
    for (const auto& [cause, k] : hidden_allowed) {
      n += k;
      parts += (parts.empty() ? "" : ", ") + cause + " " + std::to_string(k);
    }
    out << "\n" << n << " spec-allowed differences not shown (" << parts << "; --all lists them)\n";
  }
  if (hidden_not_failing)
    out << hidden_not_failing
        << " disagreements where no side fails not shown (--failing)\n";

  // --- Text: counts and coverage ---------------------------------------------------------------
  if (!d.disagreements.empty()) out << "\n";
  print_counts(out, "by kind", d.by_kind, 20);
  print_counts(out, "by field", d.by_field, 20);
  if (!quiet) print_counts(out, "by file", d.by_file, 10);
  auto list_files = [&](const std::map<std::string, u64>& files, const std::string& who) {
    if (files.empty()) return;
    u64 commands = 0;
    std::string names;
    size_t shown = 0;
    for (const auto& [f, n] : files) {
      commands += n;
      if (shown++ < 5) names += (names.empty() ? "" : ", ") + f;
    }
    out << files.size() << " files only " << who << " ran (" << commands
        << " commands, not compared): " << names << (files.size() > 5 ? ", ..." : "") << "\n";
  };
  list_files(d.files_only_in_a, na);
  list_files(d.files_only_in_b, nb);
  auto list_keys = [&](const std::vector<CommandKey>& keys, const std::string& who) {
    const size_t shown_max = quiet ? 0 : 10;
    for (size_t i = 0; i < keys.size() && i < shown_max; ++i)
      out << "  only in " << who << ": " << keys[i].first << " #" << keys[i].second << "\n";
    if (keys.size() > shown_max)
      out << "  ... " << keys.size() - shown_max << " more commands only in " << who << "\n";
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
    // Each list is capped like a group (--limit): a stale baseline must not flood the output;
    // --json has them all.
    auto more = [&](size_t n, const char* what) {
      if (n > limit)
        out << "... " << n - limit << " more " << what << " (--limit 0 or --json lists all)\n";
    };
    for (size_t i = 0; i < check->fresh.size() && i < limit; ++i)
      print_disagreement(out, *check->fresh[i], na, nb, "NEW  ");
    more(check->fresh.size(), "NEW");
    for (size_t i = 0; i < check->changed.size() && i < limit; ++i) {
      const auto& [g, e] = check->changed[i];
      out << "CHANGED (listed: " << join(*e->fields, ",") << "; " << first_line(e->reason, 120)
          << ")\n";
      print_disagreement(out, *g, na, nb);
    }
    more(check->changed.size(), "CHANGED");
    for (size_t i = 0; i < check->gone.size() && i < limit; ++i) {
      const BaselineEntry* e = check->gone[i];
      out << "GONE  " << e->file << " #" << e->index << " " << e->kind << ": no longer disagrees ("
          << first_line(e->reason, 120) << "): remove it from the baseline\n";
    }
    more(check->gone.size(), "GONE");
    if (d.incomplete()) {
      u64 n = d.only_in_a.size() + d.only_in_b.size();
      for (const auto& [f, k] : d.files_only_in_a) n += k;
      for (const auto& [f, k] : d.files_only_in_b) n += k;
      out << "INCOMPLETE: " << n
          << " commands have records from one engine only: the runs do not cover the same "
             "files\n";
    }
  }

  // --- JSON ----------------------------------------------------------------------------------
  if (json_path) {
    nlohmann::json j = to_json(d, a, b);
    {
      std::map<const Disagreement*, size_t> position;
      for (size_t i = 0; i < d.disagreements.size(); ++i) position[&d.disagreements[i]] = i;
      nlohmann::json gj = nlohmann::json::array();
      for (const DiffGroup& group : groups) {
        nlohmann::json members = nlohmann::json::array();
        for (const Disagreement* g : group.members) members.push_back(position[g]);
        gj.push_back({{"category", to_string(group.category)},
                      {"cause", group.cause},
                      {"count", group.members.size()},
                      {"disagreements", std::move(members)}});
      }
      j["groups"] = std::move(gj);
    }
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

  if (check) return check->ok() && !d.incomplete() ? 0 : 1;
  return d.disagreements.empty() && !d.incomplete() ? 0 : 1;
}

}  // namespace wasmref::harness
