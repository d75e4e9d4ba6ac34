// Harness: conformance reports people read, Markdown and HTML (ARCHITECTURE "Reports",
// reports/README.md)
#include "harness/report.h"

#include <unistd.h>
#include <algorithm>
#include <bit>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <system_error>
#include <tuple>

#include "harness/json_reader.h"

namespace wasmref::harness {
namespace fs = std::filesystem;

namespace {

// ===========================================================================================
// Text: UTF-8 cleaning and escaping
// ===========================================================================================

constexpr const char* kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// The length of the well-formed UTF-8 sequence at s[i] (Unicode Table 3-7), or 0.
size_t utf8_sequence(const std::string& s, size_t i) {
  const auto b = [&](size_t k) -> unsigned { return static_cast<unsigned char>(s[k]); };
  const size_t n = s.size();
  const unsigned c = b(i);
  if (c < 0x80) return 1;
  auto cont = [&](size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) {
    return k < n && b(k) >= lo && b(k) <= hi;
  };
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c == 0xE0) return cont(i + 1, 0xA0) && cont(i + 2) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(i + 1) && cont(i + 2) ? 3 : 0;
  if (c == 0xED) return cont(i + 1, 0x80, 0x9F) && cont(i + 2) ? 3 : 0;  // no surrogates
  if (c == 0xF0) return cont(i + 1, 0x90) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  if (c == 0xF4) return cont(i + 1, 0x80, 0x8F) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  return 0;
}

// Calls emit(ascii char) for ASCII and emit_raw(bytes) for the rest, with U+FFFD for bytes
// that are not UTF-8 and for control characters other than tab and newline.
template <class Ascii>
std::string clean_text(const std::string& s, Ascii ascii) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const size_t len = utf8_sequence(s, i);
    if (len == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    if (len == 1) {
      const char c = s[i];
      if ((static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
        out += kReplacement;
      else
        ascii(out, c);
    } else {
      out.append(s, i, len);
    }
    i += len;
  }
  return out;
}

// Markdown table cell text: CommonMark lets any ASCII punctuation be backslash-escaped, so the
// characters that start inline markup, HTML or a cell boundary are; newlines become spaces.
std::string md_escape(const std::string& s) {
  return clean_text(s, [](std::string& out, char c) {
    if (c == '\n' || c == '\t') {
      out += ' ';
    } else if (std::string_view("\\`*_[]<>|&~!#").find(c) != std::string_view::npos) {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  });
}

// JSON inside <script type="application/json">: '<', '>' and '&' only occur inside JSON
// strings, where \u escapes mean the same, so "</script>" and "<!--" cannot appear.
std::string json_for_script(const nlohmann::json& j) {
  const std::string s = dump_json(j);
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    if (c == '<')
      out += "\\u003c";
    else if (c == '>')
      out += "\\u003e";
    else if (c == '&')
      out += "\\u0026";
    else
      out += c;
  }
  return out;
}

// ===========================================================================================
// Reading the records
// ===========================================================================================

std::string str_field(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

const nlohmann::json& sub(const nlohmann::json& j, const char* key) {
  static const nlohmann::json null_json;
  if (!j.is_object()) return null_json;
  auto it = j.find(key);
  return it != j.end() ? *it : null_json;
}

std::optional<u64> uint_field(const nlohmann::json& j, const char* key) {
  const nlohmann::json& v = sub(j, key);
  if (v.is_number_unsigned()) return v.get<u64>();
  if (v.is_number_integer() && v.get<i64>() >= 0) return static_cast<u64>(v.get<i64>());
  return std::nullopt;
}

std::optional<std::string> read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return s;
}

using FileKey = std::pair<std::string, std::string>;  // (profile, file)

struct EngineData {
  ReportEngine engine;
  std::map<FileKey, nlohmann::json> entries;                // summary files[] entries
  std::map<FileKey, std::map<u64, ReportCommand>> records;  // by index
};

// The status of a file with records but no summary entry (reports/README.md "File statuses",
// without the expectations: listed files look failed).
std::string status_from_counts(const Counts& c) {
  if (c.error) return "error";
  if (c.fail || c.blocked) return "fail";
  if (c.xpass) return "xpass";
  if (c.xfail) return "xfail";
  if (c.total() > 0 && c.skip == c.total()) return "skip";
  return "pass";
}

Verdict verdict_from(const std::string& v) {
  for (Verdict x : {Verdict::pass, Verdict::fail, Verdict::xfail, Verdict::xpass, Verdict::skip,
                    Verdict::blocked, Verdict::error})
    if (v == to_string(x)) return x;
  return Verdict::error;
}

void load_engine_dir(const fs::path& dir, EngineData& d, std::vector<std::string>& warnings) {
  d.engine.dir = dir.filename().string();
  d.engine.name = d.engine.dir;
  const fs::path summary_path = dir / "summary.json";
  std::error_code ec;
  if (fs::exists(summary_path, ec)) {
    const std::optional<std::string> text = read_file(summary_path);
    JsonParse jp = text ? parse_json_tolerant(*text) : JsonParse{std::nullopt, "cannot read"};
    if (!jp.value || !jp.value->is_object()) {
      warnings.push_back(summary_path.string() + ": not a summary (" +
                         (jp.value ? std::string("not an object") : jp.error) + ")");
    } else {
      const nlohmann::json& s = *jp.value;
      const nlohmann::json& e = sub(s, "engine");
      if (!str_field(e, "name").empty()) d.engine.name = str_field(e, "name");
      d.engine.version = str_field(e, "version");
      d.engine.coarse = sub(e, "coarse").is_boolean() && sub(e, "coarse").get<bool>();
      d.engine.config = str_field(e, "config");
      d.engine.testsuite_revision = str_field(sub(s, "testsuite"), "revision");
      d.engine.converter_version = str_field(sub(s, "converter"), "version");
      const nlohmann::json& files = sub(s, "files");
      if (files.is_array())
        for (const nlohmann::json& f : files) {
          const std::string file = str_field(f, "file");
          if (file.empty()) continue;
          d.entries[{str_field(f, "profile"), file}] = f;
        }
    }
  }
  // Every .jsonl below the engine's directory; the records name their own file and profile.
  std::vector<fs::path> jsonl;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec) && it->path().extension() == ".jsonl") jsonl.push_back(it->path());
  if (ec) warnings.push_back(dir.string() + ": cannot list: " + ec.message());
  std::sort(jsonl.begin(), jsonl.end());
  for (const fs::path& p : jsonl) {
    const std::optional<std::string> text = read_file(p);
    if (!text) {
      warnings.push_back(p.string() + ": cannot read");
      continue;
    }
    std::istringstream lines(*text);
    std::string line;
    u64 line_no = 0;
    while (std::getline(lines, line)) {
      ++line_no;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      JsonParse jp = parse_json_tolerant(line);
      const std::optional<u64> index = jp.value ? uint_field(*jp.value, "index") : std::nullopt;
      if (!jp.value || !jp.value->is_object() || !index || str_field(*jp.value, "file").empty()) {
        warnings.push_back(p.string() + ":" + std::to_string(line_no) + ": not a record" +
                           (jp.value ? "" : " (" + jp.error + ")"));
        continue;
      }
      const FileKey key{str_field(*jp.value, "profile"), str_field(*jp.value, "file")};
      d.records[key][*index] = report_command(*jp.value);
    }
  }
}

// ===========================================================================================
// Values as people read them
// ===========================================================================================

std::optional<u64> parse_u64(const std::string& s) {
  u64 v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

std::string hex(u64 bits, int digits) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%0*llx", digits, static_cast<unsigned long long>(bits));
  return buf;
}

// A float bit pattern (wast2json's unsigned decimal) as the shortest decimal that reads back
// to the same float, NaNs as their bits; patterns (nan:canonical) and anything else as written.
std::string display_float(const std::string& lane_type, const nlohmann::json& v) {
  if (!v.is_string()) return dump_json(v);
  const std::string s = v.get<std::string>();
  const std::optional<u64> bits = parse_u64(s);
  if (!bits) return s;
  char buf[64];
  if (lane_type == "f32") {
    if (*bits > 0xFFFFFFFFull) return s;
    const float f = std::bit_cast<float>(static_cast<u32>(*bits));
    if (f != f) return "nan:" + hex(*bits, 8);
    const auto r = std::to_chars(buf, buf + sizeof buf, f);
    return std::string(buf, r.ptr);
  }
  const double d = std::bit_cast<double>(*bits);
  if (d != d) return "nan:" + hex(*bits, 16);
  const auto r = std::to_chars(buf, buf + sizeof buf, d);
  return std::string(buf, r.ptr);
}

std::string display_lane(const std::string& lane_type, const nlohmann::json& v) {
  if (lane_type == "f32" || lane_type == "f64") return display_float(lane_type, v);
  return v.is_string() ? v.get<std::string>() : dump_json(v);
}

std::string display_values(const nlohmann::json& vs) {
  if (!vs.is_array()) return "";
  std::string out;
  for (const nlohmann::json& v : vs) {
    if (!out.empty()) out += " ";
    out += display_value(v);
  }
  return out;
}

// The expected column: outcome, class, text, values (or the alternatives of `either`).
std::string expected_values_text(const nlohmann::json& expected) {
  const nlohmann::json& either = sub(expected, "either");
  if (either.is_array()) {
    std::string out = "either(";
    for (size_t i = 0; i < either.size(); ++i) {
      if (i) out += " | ";
      out += either[i].is_array() ? display_values(either[i]) : display_value(either[i]);
    }
    return out + ")";
  }
  const nlohmann::json& values = sub(expected, "values");
  if (!values.is_array()) return "";
  return values.empty() ? "()" : display_values(values);
}

std::string actual_values_text(const nlohmann::json& actual) {
  const nlohmann::json& values = sub(actual, "values");
  if (!values.is_array()) return "";
  return values.empty() ? "()" : display_values(values);
}

// ===========================================================================================
// Cells
// ===========================================================================================

std::string counts_short(const Counts& c) {
  return std::to_string(c.pass) + " / " + std::to_string(c.fail) + " / " + std::to_string(c.skip);
}

std::string counts_extra(const Counts& c) {
  std::string s;
  auto add = [&](u64 n, const char* what) {
    if (!n) return;
    if (!s.empty()) s += ", ";
    s += std::to_string(n) + " " + what;
  };
  add(c.xfail, "xfail");
  add(c.xpass, "xpass");
  add(c.blocked, "blocked");
  add(c.error, "error");
  return s;
}

bool status_is_bad(const std::string& s) { return s == "fail" || s == "xpass" || s == "error"; }

std::string first_line(const std::string& s) {
  const size_t nl = s.find('\n');
  return nl == std::string::npos ? s : s.substr(0, nl);
}

std::string baseline_name(const ReportModel& m) {
  return m.engines.empty() ? "" : m.engines[m.baseline].name;
}

// Testsuite revisions and converter versions of all engines, each once.
std::string joined_distinct(const ReportModel& m, std::string ReportEngine::*field) {
  std::set<std::string> seen;
  std::string out;
  for (const ReportEngine& e : m.engines) {
    const std::string& v = e.*field;
    if (v.empty() || !seen.insert(v).second) continue;
    if (!out.empty()) out += ", ";
    out += v;
  }
  return out.empty() ? "unknown" : out;
}

Counts engine_total(const ReportModel& m, size_t e) {
  Counts c;
  for (const ReportFile& f : m.files)
    if (f.cells[e].present) c.add(f.cells[e].counts);
  return c;
}

// The records of a file's commands joined on index across engines.
using Row = std::vector<const ReportCommand*>;  // one per engine, null when absent

std::map<u64, Row> join_commands(const ReportFile& f) {
  std::map<u64, Row> rows;
  for (size_t e = 0; e < f.cells.size(); ++e)
    for (const ReportCommand& r : f.cells[e].records) {
      auto& row = rows[r.index];
      row.resize(f.cells.size(), nullptr);
      row[e] = &r;
    }
  return rows;
}

// 2 when a non-coarse engine's class differs from the baseline's on this command, 1 when only
// the outcome differs, 0 otherwise.
// Whether engine e's command is compared with the baseline's: both ran, neither is coarse.
bool compared(const ReportModel& m, const Row& row, size_t e) {
  const ReportCommand* b = row[m.baseline];
  return e != m.baseline && b && row[e] && b->ran() && row[e]->ran() &&
         !m.engines[m.baseline].coarse && !m.engines[e].coarse;
}

int row_disagreement(const ReportModel& m, const Row& row) {
  int level = 0;
  for (size_t e = 0; e < row.size(); ++e) {
    if (!compared(m, row, e)) continue;
    if (row[e]->actual_js_class != row[m.baseline]->actual_js_class) return 2;
    if (row[e]->actual_outcome != row[m.baseline]->actual_outcome) level = 1;
  }
  return level;
}

// The command whose script data (line, kind, expected) a row shows: the baseline's if it has
// the command, else the first engine's that has.
const ReportCommand& row_script(const ReportModel& m, const Row& row) {
  const ReportCommand* first = row[m.baseline];
  for (const ReportCommand* r : row)
    if (!first && r) first = r;
  return *first;  // join_commands never makes an empty row
}

}  // namespace

// ===========================================================================================
// Values (public)
// ===========================================================================================

std::string display_value(const nlohmann::json& v) {
  const std::string type = str_field(v, "type");
  if (type.empty()) return dump_json(v);
  const nlohmann::json& value = sub(v, "value");
  if (type == "i32" || type == "i64") return type + ":" + display_lane(type, value);
  if (type == "f32" || type == "f64") return type + ":" + display_float(type, value);
  if (type == "v128") {
    const std::string lane_type = str_field(v, "lane_type");
    if (!value.is_array() || lane_type.empty()) return dump_json(v);
    std::string out = "v128:" + lane_type + "x" + std::to_string(value.size()) + "[";
    for (size_t i = 0; i < value.size(); ++i) {
      if (i) out += " ";
      out += display_lane(lane_type, value[i]);
    }
    return out + "]";
  }
  return type + ":" + (value.is_string() ? value.get<std::string>() : dump_json(value));
}

// ===========================================================================================
// Commands
// ===========================================================================================

bool ReportCommand::ran() const {
  return !verdict.empty() && verdict != "skip" && verdict != "blocked" && verdict != "error";
}

ReportCommand report_command(const nlohmann::json& record) {
  ReportCommand c;
  c.index = uint_field(record, "index").value_or(0);
  c.line = uint_field(record, "line").value_or(0);
  c.kind = str_field(record, "kind");
  const nlohmann::json& ex = sub(record, "expected");
  c.expected_outcome = str_field(ex, "outcome");
  if (sub(ex, "js_class").is_string()) c.expected_js_class = sub(ex, "js_class").get<std::string>();
  c.expected_text = str_field(ex, "text");
  c.expected_values = expected_values_text(ex);
  c.verdict = str_field(record, "verdict");
  const nlohmann::json& ac = sub(record, "actual");
  c.actual_outcome = str_field(ac, "outcome");
  if (sub(ac, "js_class").is_string()) c.actual_js_class = sub(ac, "js_class").get<std::string>();
  c.actual_message = str_field(ac, "message");
  c.actual_values = actual_values_text(ac);
  c.reason = str_field(record, "reason");
  const std::string path_reason = str_field(record, "path_reason");
  if (!path_reason.empty())
    c.reason +=
        (c.reason.empty() ? "" : "; ") + ("path " + str_field(record, "path") + ": " + path_reason);
  return c;
}

std::string html_escape(const std::string& s) {
  return clean_text(s, [](std::string& out, char c) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  });
}

// ===========================================================================================
// The model
// ===========================================================================================

std::optional<ReportModel> load_report(const std::string& dir, std::string& error) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    error = dir + ": not a directory";
    return std::nullopt;
  }
  ReportModel m;
  std::vector<EngineData> data;
  std::vector<fs::path> subdirs;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_directory(ec)) subdirs.push_back(it->path());
  if (ec) {
    error = dir + ": cannot list: " + ec.message();
    return std::nullopt;
  }
  std::sort(subdirs.begin(), subdirs.end());
  for (const fs::path& p : subdirs) {
    bool has_records = fs::exists(p / "summary.json", ec);
    for (fs::recursive_directory_iterator it(p, ec), end; !has_records && !ec && it != end;
         it.increment(ec))
      has_records = it->is_regular_file(ec) && it->path().extension() == ".jsonl";
    if (!has_records) continue;
    EngineData d;
    load_engine_dir(p, d, m.warnings);
    data.push_back(std::move(d));
  }
  if (data.empty()) {
    error = dir + ": no engine reports (no <engine>/summary.json or records below it)";
    return std::nullopt;
  }

  // The baseline: `reference`, else the first engine that is not coarse, else the first.
  std::sort(data.begin(), data.end(), [](const EngineData& a, const EngineData& b) {
    return std::tie(a.engine.name, a.engine.dir) < std::tie(b.engine.name, b.engine.dir);
  });
  auto base = std::find_if(data.begin(), data.end(),
                           [](const EngineData& d) { return d.engine.name == "reference"; });
  if (base == data.end())
    base = std::find_if(data.begin(), data.end(),
                        [](const EngineData& d) { return !d.engine.coarse; });
  if (base != data.end()) std::rotate(data.begin(), base, base + 1);
  m.baseline = 0;
  for (const EngineData& d : data) m.engines.push_back(d.engine);

  std::set<FileKey> keys;
  for (const EngineData& d : data) {
    for (const auto& [k, v] : d.entries) keys.insert(k);
    for (const auto& [k, v] : d.records) keys.insert(k);
  }
  for (const FileKey& k : keys) {
    ReportFile f;
    f.profile = k.first;
    f.file = k.second;
    for (EngineData& d : data) {
      ReportCell c;
      auto entry = d.entries.find(k);
      auto recs = d.records.find(k);
      c.present = entry != d.entries.end() || recs != d.records.end();
      if (recs != d.records.end())
        for (auto& [index, r] : recs->second) c.records.push_back(std::move(r));
      if (entry != d.entries.end()) {
        c.status = str_field(entry->second, "status");
        c.counts = counts_from_json(sub(entry->second, "counts"));
        c.message = str_field(entry->second, "message");
      } else {
        for (const ReportCommand& r : c.records) c.counts.add(verdict_from(r.verdict));
      }
      if (c.status.empty() && c.present) c.status = status_from_counts(c.counts);
      f.cells.push_back(std::move(c));
    }
    // Disagreements with the baseline, command by command.
    for (const auto& [index, row] : join_commands(f)) {
      for (size_t e = 0; e < row.size(); ++e) {
        if (!compared(m, row, e)) continue;
        if (row[e]->actual_js_class != row[m.baseline]->actual_js_class)
          ++f.cells[e].class_disagreements;
        if (row[e]->actual_outcome != row[m.baseline]->actual_outcome)
          ++f.cells[e].outcome_disagreements;
      }
    }
    m.files.push_back(std::move(f));
  }
  return m;
}

// ===========================================================================================
// Markdown
// ===========================================================================================

namespace {

constexpr size_t kMarkdownRowsPerFile = 20;

std::string md_cell(const ReportModel& m, const ReportCell& c, size_t e) {
  if (!c.present) return "-";
  std::string s = c.status == "pass" ? "" : "**" + md_escape(c.status) + "** ";
  s += counts_short(c.counts);
  const std::string extra = counts_extra(c.counts);
  if (!extra.empty()) s += " (" + extra + ")";
  if (e != m.baseline && c.class_disagreements)
    s += " ⚠ " + std::to_string(c.class_disagreements) + " class";
  return s;
}

}  // namespace

std::string render_markdown(const ReportModel& m) {
  std::ostringstream md;
  const std::string base = baseline_name(m);
  md << "# wasmref conformance report\n\n";
  md << "Testsuite revision: " << md_escape(joined_distinct(m, &ReportEngine::testsuite_revision))
     << "  \nConverter: wast2json "
     << md_escape(joined_distinct(m, &ReportEngine::converter_version))
     << "  \nBaseline for disagreements: " << md_escape(base) << "\n\n";

  md << "## Engines\n\n| engine | version | mode | config | pass | fail | skip | other |\n"
     << "| --- | --- | --- | --- | ---: | ---: | ---: | --- |\n";
  for (size_t e = 0; e < m.engines.size(); ++e) {
    const ReportEngine& en = m.engines[e];
    const Counts t = engine_total(m, e);
    md << "| " << md_escape(en.name) << " | " << md_escape(en.version) << " | "
       << (en.coarse ? "coarse (verdicts only)" : "per command") << " | " << md_escape(en.config)
       << " | " << t.pass << " | " << t.fail << " | " << t.skip << " | "
       << md_escape(counts_extra(t)) << " |\n";
  }

  md << "\n## Files x engines\n\nEach cell: passed / failed / skipped commands, the file status "
        "when it is not `pass`, and ⚠ N class: N commands whose JS error class differs from "
     << md_escape(base) << "'s.\n\n| file | profile |";
  for (const ReportEngine& en : m.engines) md << " " << md_escape(en.name) << " |";
  md << "\n| --- | --- |";
  for (size_t e = 0; e < m.engines.size(); ++e) md << " --- |";
  md << "\n";
  for (const ReportFile& f : m.files) {
    md << "| " << md_escape(f.file) << " | " << md_escape(f.profile) << " |";
    for (size_t e = 0; e < f.cells.size(); ++e) md << " " << md_cell(m, f.cells[e], e) << " |";
    md << "\n";
  }
  md << "| **total** | |";
  for (size_t e = 0; e < m.engines.size(); ++e) {
    const Counts t = engine_total(m, e);
    md << " " << counts_short(t);
    const std::string extra = counts_extra(t);
    if (!extra.empty()) md << " (" << extra << ")";
    md << " |";
  }
  md << "\n";

  // The commands where engines disagree on the JS class, per file (the first few).
  md << "\n## JS class disagreements with " << md_escape(base) << "\n\n";
  bool any = false;
  for (const ReportFile& f : m.files) {
    std::vector<std::pair<u64, Row>> rows;
    for (auto& [index, row] : join_commands(f))
      if (row_disagreement(m, row) == 2) rows.emplace_back(index, row);
    if (rows.empty()) continue;
    any = true;
    md << "### " << md_escape(f.profile) << ": " << md_escape(f.file) << "\n\n"
       << "| # | line | kind | expected |";
    for (const ReportEngine& en : m.engines) md << " " << md_escape(en.name) << " |";
    md << "\n| ---: | ---: | --- | --- |";
    for (size_t e = 0; e < m.engines.size(); ++e) md << " --- |";
    md << "\n";
    for (size_t i = 0; i < rows.size() && i < kMarkdownRowsPerFile; ++i) {
      const auto& [index, row] = rows[i];
      const ReportCommand& c = row_script(m, row);
      md << "| " << index << " | " << c.line << " | " << md_escape(c.kind) << " | "
         << md_escape(c.expected_outcome + " (" + c.expected_js_class.value_or("none") + ")")
         << " |";
      for (const ReportCommand* r : row) {
        if (!r) {
          md << " - |";
          continue;
        }
        std::string msg = first_line(r->actual_message);
        if (msg.size() > 80) msg = msg.substr(0, 80) + "...";
        md << " " << md_escape(r->verdict) << ": "
           << md_escape(r->actual_outcome + " (" + r->actual_js_class.value_or("none") + ")");
        if (!msg.empty()) md << " " << md_escape(msg);
        md << " |";
      }
      md << "\n";
    }
    if (rows.size() > kMarkdownRowsPerFile)
      md << "\n... and " << rows.size() - kMarkdownRowsPerFile
         << " more: see index.html for every command.\n";
    md << "\n";
  }
  if (!any) md << "None.\n";
  return md.str();
}

// ===========================================================================================
// HTML
// ===========================================================================================

namespace {

constexpr const char* kCss = R"CSS(
:root { --pass:#e6f4ea; --fail:#fce8e6; --xfail:#fef3e0; --skip:#f1f3f4; --bad:#c5221f;
        --warn:#f9ab00; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
body { margin: 1.5em; color: #202124; }
h1 { font-size: 1.5em; margin: 0 0 .3em; }
h2 { font-size: 1.15em; margin: 1.5em 0 .5em; }
.meta { color: #5f6368; margin: 0 0 1em; }
table { border-collapse: collapse; font-size: 13px; }
th, td { border: 1px solid #dadce0; padding: 3px 7px; text-align: left; vertical-align: top; }
th { background: #f8f9fa; position: sticky; top: 0; z-index: 1; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.cell { white-space: nowrap; font-variant-numeric: tabular-nums; }
td.st-pass { background: var(--pass); }
td.st-fail, td.st-xpass, td.st-error { background: var(--fail); }
td.st-xfail { background: var(--xfail); }
td.st-skip, td.st-convert_error, td.st-convert_crash { background: var(--skip); color: #5f6368; }
td.absent { color: #9aa0a6; text-align: center; }
td.disagree, tr.disagree td.disagree-cell { outline: 3px solid var(--warn); outline-offset: -3px; }
.badge { display: inline-block; margin-left: .4em; padding: 0 .35em; border-radius: 3px;
         background: var(--warn); color: #202124; font-weight: 600; font-size: 11px; }
.extra { color: #5f6368; font-size: 11px; margin-left: .3em; }
.st { font-weight: 600; margin-right: .3em; }
td.st-fail .st, td.st-xpass .st, td.st-error .st { color: var(--bad); }
a { color: #1a73e8; text-decoration: none; }
a:hover { text-decoration: underline; }
details { margin: .2em 0; }
details > summary { cursor: pointer; padding: 2px 0; }
details[open] > summary { font-weight: 600; }
table.cmds { margin: .4em 0 1em 1.2em; }
table.cmds td { max-width: 36em; overflow-wrap: anywhere; }
tr.disagree > td { background: #fff8e1; }
tr.outcome-diff > td { background: #fdfdf0; }
.v { font-weight: 600; }
.v-pass { color: #137333; } .v-fail, .v-xpass, .v-error, .v-blocked { color: var(--bad); }
.v-xfail { color: #b06000; } .v-skip { color: #5f6368; }
.msg { color: #5f6368; display: block; white-space: pre-wrap; }
.vals { font-family: ui-monospace, monospace; display: block; }
.controls { margin: .5em 0; }
.legend span { margin-right: 1em; }
.swatch { display: inline-block; width: .9em; height: .9em; vertical-align: middle;
          border: 1px solid #dadce0; margin-right: .3em; }
)CSS";

// Renders a file's commands from its JSON data block when its <details> is opened (once), and
// opens the file named by the URL fragment (#f-N). Text goes through textContent only.
constexpr const char* kScript = R"JS(
(function () {
  'use strict';
  var engines = JSON.parse(document.getElementById('engines').textContent);
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function render(details) {
    if (details.dataset.rendered) return;
    details.dataset.rendered = '1';
    var data = JSON.parse(document.getElementById('d-' + details.dataset.idx).textContent);
    var table = el('table', 'cmds');
    var head = table.createTHead().insertRow();
    ['#', 'line', 'kind', 'expected'].concat(engines).forEach(function (h) {
      head.appendChild(el('th', null, h));
    });
    var body = table.createTBody();
    data.forEach(function (c) {
      var tr = body.insertRow();
      tr.id = 'c-' + details.dataset.idx + '-' + c.i;
      if (c.d === 2) tr.className = 'disagree';
      else if (c.d === 1) tr.className = 'outcome-diff';
      tr.appendChild(el('td', 'num', String(c.i)));
      tr.appendChild(el('td', 'num', String(c.l)));
      tr.appendChild(el('td', null, c.k));
      var ex = el('td');
      ex.appendChild(el('span', null, c.e[0] + (c.e[1] !== 'none' ? ' (' + c.e[1] + ')' : '')));
      if (c.e[2]) ex.appendChild(el('span', 'msg', '"' + c.e[2] + '"'));
      if (c.e[3]) ex.appendChild(el('span', 'vals', c.e[3]));
      tr.appendChild(ex);
      c.a.forEach(function (a, n) {
        var td = el('td');
        if (!a) { td.className = 'absent'; td.textContent = '-'; tr.appendChild(td); return; }
        if (c.d === 2 && a[6]) td.className = 'disagree-cell';
        td.dataset.engine = engines[n];
        td.appendChild(el('span', 'v v-' + a[0], a[0]));
        // outcome (class); no class when nothing was thrown, no outcome for coarse engines
        var what = a[1] && a[1] !== 'none' ? ' ' + a[1] : '';
        if (a[2] !== 'none') what += ' (' + a[2] + ')';
        td.appendChild(document.createTextNode(what));
        if (a[4]) td.appendChild(el('span', 'vals', a[4]));
        if (a[3]) td.appendChild(el('span', 'msg', a[3]));
        if (a[5]) td.appendChild(el('span', 'msg', a[5]));
        tr.appendChild(td);
      });
    });
    details.appendChild(table);
  }
  var all = document.querySelectorAll('details.file');
  Array.prototype.forEach.call(all, function (d) {
    d.addEventListener('toggle', function () { if (d.open) render(d); });
  });
  function openHash() {
    var m = /^#f-(\d+)$/.exec(location.hash);
    if (!m) return;
    var d = document.getElementById('f-' + m[1]);
    if (!d) return;
    d.open = true;
    render(d);
    d.scrollIntoView();
  }
  window.addEventListener('hashchange', openHash);
  openHash();
  var only = document.getElementById('only-issues');
  only.addEventListener('change', function () {
    var rows = document.querySelectorAll('#matrix tbody tr');
    Array.prototype.forEach.call(rows, function (r) {
      r.hidden = only.checked && !r.dataset.issue;
    });
  });
  document.body.dataset.ready = 'yes';
})();
)JS";

// The drill-down data of one file: per command {i, l, k, e: [outcome, class, text, values],
// a: per engine null or [verdict, outcome, class, message, values, reason, disagrees], d}.
nlohmann::json file_data(const ReportModel& m, const ReportFile& f) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& [index, row] : join_commands(f)) {
    const ReportCommand& c = row_script(m, row);
    nlohmann::json a = nlohmann::json::array();
    for (size_t e = 0; e < row.size(); ++e) {
      const ReportCommand* r = row[e];
      if (!r) {
        a.push_back(nullptr);
        continue;
      }
      const bool differs =
          compared(m, row, e) && r->actual_js_class != row[m.baseline]->actual_js_class;
      a.push_back({r->verdict, r->actual_outcome, r->actual_js_class.value_or("none"),
                   r->actual_message, r->actual_values, r->reason, differs});
    }
    rows.push_back({{"i", index},
                    {"l", c.line},
                    {"k", c.kind},
                    {"e",
                     {c.expected_outcome, c.expected_js_class.value_or("none"), c.expected_text,
                      c.expected_values}},
                    {"a", std::move(a)},
                    {"d", row_disagreement(m, row)}});
  }
  return rows;
}

void html_cell(std::ostream& h, const ReportModel& m, const ReportFile& f, size_t e,
               size_t file_idx) {
  const ReportCell& c = f.cells[e];
  const std::string& engine = m.engines[e].name;
  if (!c.present) {
    h << "<td class=\"cell absent\" data-engine=\"" << html_escape(engine) << "\">-</td>";
    return;
  }
  const bool disagree = e != m.baseline && c.class_disagreements > 0;
  std::string title = c.status + ": " + std::to_string(c.counts.pass) + " passed, " +
                      std::to_string(c.counts.fail) + " failed, " + std::to_string(c.counts.skip) +
                      " skipped";
  const std::string extra = counts_extra(c.counts);
  if (!extra.empty()) title += ", " + extra;
  if (disagree)
    title += "; " + std::to_string(c.class_disagreements) +
             " commands with another JS class than " + baseline_name(m);
  if (c.outcome_disagreements)
    title += "; " + std::to_string(c.outcome_disagreements) + " with another outcome";
  if (!c.message.empty()) title += "\n" + first_line(c.message);
  h << "<td class=\"cell st-" << html_escape(c.status) << (disagree ? " disagree" : "")
    << "\" data-engine=\"" << html_escape(engine) << "\" data-status=\"" << html_escape(c.status)
    << "\" data-class-diff=\"" << c.class_disagreements << "\" title=\"" << html_escape(title)
    << "\"><a href=\"#f-" << file_idx << "\">";
  if (c.status != "pass") h << "<span class=\"st\">" << html_escape(c.status) << "</span>";
  h << counts_short(c.counts) << "</a>";
  if (!extra.empty()) h << "<span class=\"extra\">" << html_escape(extra) << "</span>";
  if (disagree) h << "<span class=\"badge\">&ne; " << c.class_disagreements << " class</span>";
  h << "</td>";
}

}  // namespace

std::string render_html(const ReportModel& m) {
  std::ostringstream h;
  const std::string base = baseline_name(m);
  h << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    << "<title>wasmref conformance report</title>\n<style>" << kCss << "</style>\n</head>\n<body>\n"
    << "<h1>wasmref conformance report</h1>\n<p class=\"meta\">Testsuite revision <b "
       "id=\"revision\">"
    << html_escape(joined_distinct(m, &ReportEngine::testsuite_revision))
    << "</b> &middot; converter wast2json "
    << html_escape(joined_distinct(m, &ReportEngine::converter_version))
    << " &middot; disagreements are counted against <b>" << html_escape(base) << "</b></p>\n";

  // Engines.
  h << "<table id=\"engines-table\">\n<thead><tr><th>engine</th><th>version</th><th>mode</th>"
       "<th>config</th><th>pass</th><th>fail</th><th>skip</th><th>other</th></tr></thead>\n"
       "<tbody>\n";
  for (size_t e = 0; e < m.engines.size(); ++e) {
    const ReportEngine& en = m.engines[e];
    const Counts t = engine_total(m, e);
    h << "<tr data-engine=\"" << html_escape(en.name) << "\"><td>" << html_escape(en.name)
      << "</td><td class=\"version\">" << html_escape(en.version) << "</td><td>"
      << (en.coarse ? "coarse (verdicts only)" : "per command") << "</td><td>"
      << html_escape(en.config) << "</td><td class=\"num\">" << t.pass << "</td><td class=\"num\">"
      << t.fail << "</td><td class=\"num\">" << t.skip << "</td><td>"
      << html_escape(counts_extra(t)) << "</td></tr>\n";
  }
  h << "</tbody></table>\n";

  // The matrix.
  h << "<h2>Files &times; engines</h2>\n<p class=\"legend\">Each cell: passed / failed / skipped "
       "commands (click for the commands). "
       "<span><i class=\"swatch\" style=\"background:var(--pass)\"></i>pass</span>"
       "<span><i class=\"swatch\" style=\"background:var(--fail)\"></i>fail, xpass, error</span>"
       "<span><i class=\"swatch\" style=\"background:var(--xfail)\"></i>xfail</span>"
       "<span><i class=\"swatch\" style=\"background:var(--skip)\"></i>skipped or not "
       "converted</span><span><i class=\"swatch\" style=\"outline:3px solid var(--warn)\"></i>"
       "JS class differs from "
    << html_escape(base) << "</span></p>\n"
    << "<p class=\"controls\"><label><input type=\"checkbox\" id=\"only-issues\"> only files with "
       "failures or disagreements</label></p>\n";
  h << "<table id=\"matrix\">\n<thead><tr><th>file</th><th>profile</th>";
  for (const ReportEngine& en : m.engines)
    h << "<th class=\"engine\" data-engine=\"" << html_escape(en.name) << "\">"
      << html_escape(en.name) << (en.coarse ? " <span class=\"extra\">coarse</span>" : "")
      << "</th>";
  h << "</tr></thead>\n<tbody>\n";
  for (size_t i = 0; i < m.files.size(); ++i) {
    const ReportFile& f = m.files[i];
    bool issue = false;
    for (size_t e = 0; e < f.cells.size(); ++e)
      issue = issue || status_is_bad(f.cells[e].status) || f.cells[e].class_disagreements > 0;
    h << "<tr data-file=\"" << html_escape(f.file) << "\" data-profile=\"" << html_escape(f.profile)
      << "\"" << (issue ? " data-issue=\"1\"" : "") << "><td><a href=\"#f-" << i << "\">"
      << html_escape(f.file) << "</a></td><td>" << html_escape(f.profile) << "</td>";
    for (size_t e = 0; e < f.cells.size(); ++e) html_cell(h, m, f, e, i);
    h << "</tr>\n";
  }
  h << "</tbody>\n<tfoot><tr><th>total</th><th></th>";
  for (size_t e = 0; e < m.engines.size(); ++e) {
    const Counts t = engine_total(m, e);
    const std::string extra = counts_extra(t);
    h << "<th class=\"cell\">" << counts_short(t);
    if (!extra.empty()) h << "<span class=\"extra\">" << html_escape(extra) << "</span>";
    h << "</th>";
  }
  h << "</tr></tfoot>\n</table>\n";

  // Drill-down: one <details> per file; its commands render from the data block when opened.
  h << "<h2>Commands</h2>\n<p class=\"meta\">Open a file to see every command: the expected "
       "outcome (JS class), and per engine the verdict, the outcome (JS class), values and "
       "message. Highlighted rows: the JS class differs from "
    << html_escape(base) << ".</p>\n";
  for (size_t i = 0; i < m.files.size(); ++i) {
    const ReportFile& f = m.files[i];
    h << "<details class=\"file\" id=\"f-" << i << "\" data-idx=\"" << i << "\"><summary>"
      << html_escape(f.profile) << ": " << html_escape(f.file);
    for (size_t e = 0; e < f.cells.size(); ++e) {
      const ReportCell& c = f.cells[e];
      if (!c.present) continue;
      h << " &middot; " << html_escape(m.engines[e].name) << " <span class=\"v v-"
        << html_escape(c.status) << "\">" << html_escape(c.status) << "</span>";
      if (!c.message.empty())
        h << " <span class=\"extra\">" << html_escape(first_line(c.message)) << "</span>";
    }
    h << "</summary></details>\n<script type=\"application/json\" id=\"d-" << i << "\">"
      << json_for_script(file_data(m, f)) << "</script>\n";
  }

  nlohmann::json names = nlohmann::json::array();
  for (const ReportEngine& en : m.engines) names.push_back(en.name);
  h << "<script type=\"application/json\" id=\"engines\">" << json_for_script(names)
    << "</script>\n<script>" << kScript << "</script>\n</body>\n</html>\n";
  return h.str();
}

// ===========================================================================================
// The command
// ===========================================================================================

namespace {

constexpr const char* kReportUsage =
    "usage: wasmref report DIR\n"
    "  Reads DIR/<engine>/summary.json and DIR/<engine>/<profile>/<file>.jsonl for every engine\n"
    "  and writes DIR/index.md and DIR/index.html (self-contained). Exit: 0, or 2 on error.\n";

// Writes a temporary file beside `path` and renames it over `path`. "" on success.
std::string write_atomically(const fs::path& path, const std::string& content) {
  const fs::path tmp = path.string() + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return "cannot write " + tmp.string();
    out << content;
    out.flush();
    if (!out) {
      std::error_code ec;
      fs::remove(tmp, ec);
      return "cannot write " + tmp.string();
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return "cannot rename " + tmp.string() + " to " + path.string();
  }
  return "";
}

constexpr size_t kMaxWarningsShown = 20;

}  // namespace

int report_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
    out << kReportUsage;
    return 0;
  }
  if (args.size() != 1 || args[0].rfind("--", 0) == 0) {
    err << kReportUsage;
    return 2;
  }
  const std::string& dir = args[0];
  std::string error;
  std::optional<ReportModel> m = load_report(dir, error);
  if (!m) {
    err << "wasmref report: " << error << "\n";
    return 2;
  }
  for (size_t i = 0; i < m->warnings.size() && i < kMaxWarningsShown; ++i)
    err << "wasmref report: warning: " << m->warnings[i] << "\n";
  if (m->warnings.size() > kMaxWarningsShown)
    err << "wasmref report: " << m->warnings.size() - kMaxWarningsShown << " more warnings\n";

  const fs::path md = fs::path(dir) / "index.md";
  const fs::path html = fs::path(dir) / "index.html";
  for (const auto& [path, text] : {std::pair{md, render_markdown(*m)}, {html, render_html(*m)}}) {
    const std::string e = write_atomically(path, text);
    if (!e.empty()) {
      err << "wasmref report: " << e << "\n";
      return 2;
    }
  }
  size_t commands = 0;
  for (const ReportFile& f : m->files)
    for (const ReportCell& c : f.cells) commands += c.records.size();
  out << m->engines.size() << " engines, " << m->files.size() << " files, " << commands
      << " command records\n"
      << md.string() << "\n"
      << html.string() << "\n";
  return 0;
}

}  // namespace wasmref::harness
