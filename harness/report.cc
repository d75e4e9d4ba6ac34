// Harness: conformance reports people read, Markdown and HTML (ARCHITECTURE "Reports",
// reports/README.md)
#include "harness/report.h"

#include <unistd.h>
#include <algorithm>
#include <bit>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <system_error>
#include <tuple>

#include "harness/json_reader.h"
#include "harness/wast_text.h"
#include "harness/wast_value.h"

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
  std::map<FileKey, std::string> records_path;              // the .jsonl, relative to DIR
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
      d.engine.wasmref_version = str_field(sub(s, "wasmref"), "version");
      d.engine.wasmref_commit = str_field(sub(s, "wasmref"), "commit");
      // The latest run (runs are in the order they wrote the summary).
      const nlohmann::json& runs = sub(s, "runs");
      if (runs.is_array() && !runs.empty() && runs.back().is_object()) {
        d.engine.started = str_field(runs.back(), "started");
        const nlohmann::json& cmd = sub(runs.back(), "command_line");
        if (cmd.is_array())
          for (const nlohmann::json& a : cmd)
            if (a.is_string())
              d.engine.command_line += (d.engine.command_line.empty() ? "" : " ") + a.get<std::string>();
      }
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
      d.records_path.emplace(key, (fs::path(d.engine.dir) / p.lexically_relative(dir)).generic_string());
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

// Values as the script writes constants (wast_constant), space-separated.
std::string display_values(const nlohmann::json& vs) {
  if (!vs.is_array()) return "";
  std::string out;
  for (const nlohmann::json& v : vs) {
    if (!out.empty()) out += " ";
    out += wast_constant(v);
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
      out += either[i].is_array() ? display_values(either[i]) : wast_constant(either[i]);
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

// Whether engine e's command is compared with the baseline's: both ran, neither is coarse.
bool compared(const ReportModel& m, const Row& row, size_t e) {
  const ReportCommand* b = row[m.baseline];
  return e != m.baseline && b && row[e] && b->ran() && row[e]->ran() &&
         !m.engines[m.baseline].coarse && !m.engines[e].coarse;
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
// Values as the script writes them (public), and actions
// ===========================================================================================

namespace {

// The actual values as compared across engines: a non-null funcref (3.0: exnref, structure,
// array) is a store address, which no other engine shares, so every such reference of a type
// is the same value here (comparable_value).
std::string values_key(const nlohmann::json& values) {
  if (!values.is_array()) return dump_json(values);
  nlohmann::json k = nlohmann::json::array();
  for (const nlohmann::json& v : values) k.push_back(comparable_value(v));
  return dump_json(k);
}

}  // namespace

std::string wast_constant(const nlohmann::json& j) {
  return constant_text(j).value_or(display_value(j));
}

// ===========================================================================================
// Commands
// ===========================================================================================

bool ReportCommand::fails() const {
  return verdict == "fail" || verdict == "error" || verdict == "xpass";
}

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
  c.record_reason = c.reason;
  c.note = str_field(record, "note");
  c.action = action_text(sub(record, "action"));
  c.module_file = str_field(record, "module_file");
  c.values_key = values_key(sub(ac, "values"));
  c.coarse = sub(record, "coarse").is_boolean() && sub(record, "coarse").get<bool>();
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
// The model: rows shown, anchors, causes
// ===========================================================================================

namespace {

// The verdict class two engines are compared on when one of them is coarse or did not run.
std::string verdict_class(const std::string& v) {
  if (v == "pass" || v == "xpass") return "pass";
  if (v == "fail" || v == "xfail") return "fail";
  return v;
}

// Characters kept as they are in a fragment (RFC 3986 pchar without '%' and the characters
// Markdown or HTML would read otherwise); everything else percent-encoded.
std::string fragment_encode(const std::string& s) {
  std::string out;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
        std::string_view("-._~/:@!$,;=+*").find(ch) != std::string_view::npos) {
      out += ch;
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

// HTML ids may hold any character but whitespace.
std::string id_safe(std::string s) {
  for (char& c : s)
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') c = '_';
  return s;
}

// A disagreement the diff baselines explain: (engine a, engine b, file, index) -> class reason.
using KnownCauses = std::map<std::tuple<std::string, std::string, std::string, u64>, std::string>;

KnownCauses known_causes(const std::vector<nlohmann::json>& baselines,
                         std::vector<std::string>& warnings) {
  KnownCauses known;
  for (const nlohmann::json& b : baselines) {
    const std::string a = str_field(b, "a"), other = str_field(b, "b");
    const nlohmann::json& classes = sub(b, "classes");
    if (a.empty() || other.empty() || !classes.is_array()) {
      warnings.push_back("a --baseline is not a wasmref-diff-baseline/1 (no a, b or classes)");
      continue;
    }
    for (const nlohmann::json& c : classes) {
      const nlohmann::json& entries = sub(c, "entries");
      if (!entries.is_array()) continue;
      for (const nlohmann::json& e : entries) {
        const std::optional<u64> index = uint_field(e, "index");
        if (!index) continue;
        std::string reason = str_field(e, "reason");
        if (reason.empty()) reason = str_field(c, "reason");
        known[{a, other, str_field(e, "file"), *index}] = reason;
      }
    }
  }
  return known;
}

// Short form of a record's reason for grouping: its first part ("wrong-phase" of
// "wrong-phase; expected failure: ..."), "blocked-by:N" without the position.
std::string reason_head(const std::string& reason) {
  std::string r = reason.substr(0, reason.find("; "));
  if (r.rfind("blocked-by:", 0) == 0) return "blocked by a module that failed";
  return r;
}

std::string clip(const std::string& s, size_t n) {
  if (s.size() <= n) return s;
  size_t cut = n;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
  return s.substr(0, cut) + "...";
}

// Why engine `r` does not pass: verdict, reason and, when the outcome is wrong, which.
std::string failure_cause(const ReportCommand& r) {
  std::string c = r.verdict;
  const std::string head = reason_head(r.record_reason);
  if (!head.empty() && head != r.verdict) c += ": " + head;
  if (r.ran() && !r.coarse && r.actual_outcome != r.expected_outcome)
    c += " (expected " + r.expected_outcome + ", got " + r.actual_outcome + ")";
  else if (r.coarse && !r.actual_message.empty()) {
    // A coarse engine's message names temporary files and values after a quote: the text
    // before it is the cause ("error reading module", "expected module to be invalid").
    std::string msg = first_line(r.actual_message);
    msg = msg.substr(0, msg.find('"'));
    while (!msg.empty() && (msg.back() == ' ' || msg.back() == ':')) msg.pop_back();
    c += ": " + clip(msg, 80);
  }
  return c;
}

}  // namespace

std::vector<std::string> commands_disagree(const ReportCommand& a, bool a_coarse,
                                           const ReportCommand& b, bool b_coarse) {
  if (a_coarse || b_coarse || a.coarse || b.coarse || !a.ran() || !b.ran()) {
    if (verdict_class(a.verdict) != verdict_class(b.verdict)) return {"verdict"};
    return {};
  }
  std::vector<std::string> fields;
  if (a.actual_outcome != b.actual_outcome) fields.push_back("outcome");
  if (a.actual_js_class != b.actual_js_class) fields.push_back("js_class");
  if (a.values_key != b.values_key) fields.push_back("values");
  return fields;
}

std::optional<ReportModel> load_report(const std::string& dir, std::string& error,
                                       const std::vector<nlohmann::json>& baselines) {
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
  // A file's anchor is its path; the profile is added only when two profiles ran that path.
  std::map<std::string, int> path_count;
  for (const FileKey& k : keys) ++path_count[k.second];

  const KnownCauses known = known_causes(baselines, m.warnings);
  std::map<std::tuple<int, std::string, std::string>, size_t> cause_at;
  auto add_cause = [&](int rank, const std::string& engine, const std::string& cause,
                       size_t file, size_t row) {
    auto [it, fresh] = cause_at.emplace(std::tuple{rank, engine, cause}, m.causes.size());
    if (fresh) m.causes.push_back({rank, engine, cause, {}});
    m.causes[it->second].commands.emplace_back(file, row);
  };
  // The diff baseline's reason for a disagreement between engines x and y, if it lists it.
  auto known_cause = [&](const std::string& x, const std::string& y, const std::string& file,
                         u64 index) -> std::string {
    for (const auto& [a, b] : {std::pair{x, y}, std::pair{y, x}})
      if (auto it = known.find({a, b, file, index}); it != known.end()) return it->second;
    return "";
  };

  const size_t n = data.size();
  for (const FileKey& k : keys) {
    ReportFile f;
    f.profile = k.first;
    f.file = k.second;
    f.anchor = id_safe(path_count[k.second] > 1 ? k.first + "|" + k.second : k.second);
    for (EngineData& d : data) {
      ReportCell c;
      auto entry = d.entries.find(k);
      auto recs = d.records.find(k);
      c.present = entry != d.entries.end() || recs != d.records.end();
      if (recs != d.records.end())
        for (auto& [index, r] : recs->second) c.records.push_back(std::move(r));
      if (auto rp = d.records_path.find(k); rp != d.records_path.end()) c.records_path = rp->second;
      if (entry != d.entries.end()) {
        c.status = str_field(entry->second, "status");
        c.counts = counts_from_json(sub(entry->second, "counts"));
        c.message = str_field(entry->second, "message");
      } else {
        for (const ReportCommand& r : c.records) c.counts.add(verdict_from(r.verdict));
      }
      if (c.status.empty() && c.present) c.status = status_from_counts(c.counts);
      for (const ReportCommand& r : c.records) c.failing += r.fails() ? 1 : 0;
      f.cells.push_back(std::move(c));
    }

    const std::map<u64, Row> joined = join_commands(f);
    f.commands = joined.size();
    std::map<u64, int> line_count;
    for (const auto& [index, row] : joined) ++line_count[row_script(m, row).line];
    std::vector<size_t> pos(n, 0);  // records are by index: walk them alongside the join
    for (const auto& [index, row] : joined) {
      ReportRow rr;
      rr.index = index;
      rr.line = row_script(m, row).line;
      rr.record.assign(n, std::string::npos);
      rr.fails.assign(n, false);
      rr.differs.assign(n, {});
      bool not_passing = false, any_fails = false, only_blocked = true, differ = false;
      for (size_t e = 0; e < n; ++e) {
        if (!row[e]) continue;
        while (f.cells[e].records[pos[e]].index != index) ++pos[e];
        rr.record[e] = pos[e];
        const ReportCommand& r = *row[e];
        rr.fails[e] = r.fails();
        any_fails = any_fails || r.fails();
        if (r.verdict != "pass" && r.verdict != "skip") {
          not_passing = true;
          only_blocked = only_blocked && r.verdict == "blocked";
        }
        if (e != m.baseline && row[m.baseline]) {
          rr.differs[e] = commands_disagree(*row[m.baseline], m.engines[m.baseline].coarse, r,
                                            m.engines[e].coarse);
          differ = differ || !rr.differs[e].empty();
          if (compared(m, row, e)) {
            if (r.actual_js_class != row[m.baseline]->actual_js_class)
              ++f.cells[e].class_disagreements;
            if (r.actual_outcome != row[m.baseline]->actual_outcome)
              ++f.cells[e].outcome_disagreements;
          }
        }
      }
      if (differ) ++f.disagreeing;
      // Shown: some engine does not pass or the engines disagree. Note (deviation from "every
      // command that does not pass"): a command that is only `blocked` (an earlier module of
      // the script failed, which is shown) is counted under its cause, not listed, unless
      // another engine fails it: the failed module is the command to read.
      const bool blocked_only = not_passing && only_blocked && !any_fails;
      if (!(not_passing || differ)) continue;
      const size_t file_idx = m.files.size();
      const size_t row_idx = f.rows.size();
      const std::string& fname = f.file;
      if (blocked_only) {
        for (size_t e = 0; e < n; ++e)
          if (row[e] && row[e]->verdict == "blocked")
            add_cause(1, m.engines[e].name, "blocked by a module that failed (counted, not listed)",
                      file_idx, std::string::npos);
        continue;
      }
      rr.anchor = id_safe(f.anchor + ":" + std::to_string(rr.line) +
                          (line_count[rr.line] > 1 ? "@" + std::to_string(index) : ""));
      // Causes: each engine that fails (rank 0); else each that does not pass (xfail, blocked:
      // rank 1); else each engine that disagrees with the baseline (rank 2, no side fails).
      const std::string& base_name = m.engines[m.baseline].name;
      bool grouped = false;
      for (int rank = 0; rank < 2 && !grouped; ++rank)
        for (size_t e = 0; e < n; ++e) {
          if (!row[e]) continue;
          const ReportCommand& r = *row[e];
          const bool counts = rank == 0 ? r.fails() : (r.verdict == "xfail" || r.verdict == "blocked");
          if (!counts) continue;
          std::string cause;
          for (size_t o = 0; o < n && cause.empty(); ++o)
            if (o != e && row[o]) cause = known_cause(m.engines[e].name, m.engines[o].name, fname, index);
          add_cause(rank, m.engines[e].name, cause.empty() ? failure_cause(r) : cause, file_idx,
                    row_idx);
          grouped = true;
        }
      if (!grouped)
        for (size_t e = 0; e < n; ++e) {
          if (rr.differs[e].empty()) continue;
          std::string cause = known_cause(base_name, m.engines[e].name, fname, index);
          if (cause.empty()) {
            cause = m.engines[e].name + " and " + base_name + " differ in";
            for (const std::string& fld : rr.differs[e]) cause += " " + fld;
            cause += " (neither fails)";
          }
          add_cause(2, "", cause, file_idx, row_idx);
        }
      f.rows.push_back(std::move(rr));
    }
    m.files.push_back(std::move(f));
  }
  std::stable_sort(m.causes.begin(), m.causes.end(), [](const ReportCause& a, const ReportCause& b) {
    if (a.rank != b.rank) return a.rank < b.rank;
    if (a.commands.size() != b.commands.size()) return a.commands.size() > b.commands.size();
    return std::tie(a.engine, a.cause) < std::tie(b.engine, b.cause);
  });
  return m;
}

// ===========================================================================================
// Markdown
// ===========================================================================================

namespace {

constexpr size_t kMarkdownCommandsPerCause = 10;

std::string md_cell(const ReportFile& f, size_t e) {
  const ReportCell& c = f.cells[e];
  if (!c.present) return "-";
  std::string s = c.status == "pass" ? "" : "**" + md_escape(c.status) + "** ";
  s += counts_short(c.counts);
  const std::string extra = counts_extra(c.counts);
  if (!extra.empty()) s += " (" + extra + ")";
  return s;
}

std::string side_text(const ReportCause& c) {
  return c.engine.empty() ? "neither (a disagreement)" : c.engine;
}

// One command as a line: where, what, and what each engine did.
std::string md_command(const ReportModel& m, const ReportFile& f, const ReportRow& r) {
  const ReportCommand* script = nullptr;
  for (size_t e = 0; e < r.record.size() && !script; ++e)
    if (r.record[e] != std::string::npos) script = &f.cells[e].records[r.record[e]];
  std::string s = "[" + md_escape(f.file + ":" + std::to_string(r.line)) + "](index.html#" +
                  fragment_encode(r.anchor) + ") " + md_escape(script ? script->kind : "");
  if (script && !script->action.empty()) s += " `" + clip(script->action, 120) + "`";
  else if (script && !script->module_file.empty()) s += " " + md_escape(script->module_file);
  s += ":";
  for (size_t e = 0; e < r.record.size(); ++e) {
    if (r.record[e] == std::string::npos) continue;
    const ReportCommand& c = f.cells[e].records[r.record[e]];
    s += (e ? "; " : " ") + md_escape(m.engines[e].name) + " " +
         (r.fails[e] ? "**" + md_escape(c.verdict) + "**" : md_escape(c.verdict));
    if (c.ran() && !c.coarse) s += " " + md_escape(c.actual_outcome);
    if (!c.actual_values.empty() && c.actual_values != "()") s += " " + md_escape(clip(c.actual_values, 80));
  }
  return s;
}

}  // namespace

std::string render_markdown(const ReportModel& m) {
  std::ostringstream md;
  const std::string base = baseline_name(m);
  md << "# wasmref conformance report\n\n";
  md << "Testsuite revision: " << md_escape(joined_distinct(m, &ReportEngine::testsuite_revision))
     << "  \nConverter: " << md_escape(joined_distinct(m, &ReportEngine::converter_version))
     << "  \nBaseline for disagreements: " << md_escape(base) << "\n\n";

  md << "## Failures and disagreements by cause\n\n";
  if (m.causes.empty()) md << "None: every engine passed every command alike.\n";
  else
    md << "Each group: the side that fails, the cause and the number of commands; the first "
       << kMarkdownCommandsPerCause << " commands link to index.html (which lists them all).\n";
  for (size_t i = 0; i < m.causes.size(); ++i) {
    const ReportCause& c = m.causes[i];
    md << "\n### " << (c.engine.empty() ? "" : md_escape(c.engine) + ": ") << md_escape(c.cause)
       << " (" << c.commands.size() << ")\n\n";
    size_t shown = 0;
    for (const auto& [fi, ri] : c.commands) {
      if (ri == std::string::npos) continue;
      if (shown++ == kMarkdownCommandsPerCause) break;
      md << "- " << md_command(m, m.files[fi], m.files[fi].rows[ri]) << "\n";
    }
    if (c.commands.size() > kMarkdownCommandsPerCause && shown > kMarkdownCommandsPerCause)
      md << "- ... " << c.commands.size() - kMarkdownCommandsPerCause
         << " more in [index.html](index.html#cause-" << i << ")\n";
  }

  md << "\n## Engines\n\n| engine | version | mode | config | pass | fail | skip | other | run |\n"
     << "| --- | --- | --- | --- | ---: | ---: | ---: | --- | --- |\n";
  for (size_t e = 0; e < m.engines.size(); ++e) {
    const ReportEngine& en = m.engines[e];
    const Counts t = engine_total(m, e);
    md << "| " << md_escape(en.name) << " | " << md_escape(en.version) << " | "
       << (en.coarse ? "coarse (verdicts only)" : "per command") << " | " << md_escape(en.config)
       << " | " << t.pass << " | " << t.fail << " | " << t.skip << " | "
       << md_escape(counts_extra(t)) << " | " << md_escape(en.started);
    if (!en.wasmref_version.empty())
      md << " wasmref " << md_escape(en.wasmref_version) << " "
         << md_escape(en.wasmref_commit.substr(0, 12));
    md << " |\n";
  }

  md << "\n## Files x engines\n\nEach cell: passed / failed / skipped commands, and the file "
        "status when it is not `pass`; differ: commands where an engine's outcome, JS class, "
        "values or verdict differs from "
     << md_escape(base) << "'s.\n\n| file | profile |";
  for (const ReportEngine& en : m.engines) md << " " << md_escape(en.name) << " |";
  md << " differ |\n| --- | --- |";
  for (size_t e = 0; e < m.engines.size(); ++e) md << " --- |";
  md << " ---: |\n";
  for (const ReportFile& f : m.files) {
    md << "| " << md_escape(f.file) << " | " << md_escape(f.profile) << " |";
    for (size_t e = 0; e < f.cells.size(); ++e) md << " " << md_cell(f, e) << " |";
    md << " " << f.disagreeing << " |\n";
  }
  md << "| **total** | |";
  for (size_t e = 0; e < m.engines.size(); ++e) {
    const Counts t = engine_total(m, e);
    md << " " << counts_short(t);
    const std::string extra = counts_extra(t);
    if (!extra.empty()) md << " (" << extra << ")";
    md << " |";
  }
  u64 differing = 0;
  for (const ReportFile& f : m.files) differing += f.disagreeing;
  md << " " << differing << " |\n";
  return md.str();
}

// ===========================================================================================
// HTML
// ===========================================================================================

namespace {

constexpr const char* kCss = R"CSS(
:root { --pass:#e6f4ea; --fail:#fce8e6; --xfail:#fef3e0; --skip:#f1f3f4; --bad:#c5221f;
        font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
body { margin: 1.5em; color: #202124; }
h1 { font-size: 1.5em; margin: 0 0 .3em; }
h2 { font-size: 1.15em; margin: 1.5em 0 .5em; }
.meta { color: #5f6368; margin: 0 0 1em; }
table { border-collapse: collapse; font-size: 13px; }
th, td { border: 1px solid #dadce0; padding: 3px 7px; text-align: left; vertical-align: top; }
th { background: #f8f9fa; }
#matrix th { position: sticky; top: 0; z-index: 1; }
.num, td.cell, .n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.cell { text-align: left; }
td.st-pass { background: var(--pass); }
td.st-fail, td.st-xpass, td.st-error { background: var(--fail); }
td.st-xfail { background: var(--xfail); }
td.st-skip, td.st-convert_error, td.st-convert_crash { background: var(--skip); color: #5f6368; }
td.absent { color: #9aa0a6; text-align: center; }
td.fails { outline: 2px solid var(--bad); outline-offset: -2px; }
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
tr:target > td, tr.target > td { background: #e8f0fe; }
.v { font-weight: 600; }
.v-pass { color: #137333; } .v-fail, .v-xpass, .v-error, .v-blocked { color: var(--bad); }
.v-xfail { color: #b06000; } .v-skip { color: #5f6368; }
.msg { color: #5f6368; display: block; white-space: pre-wrap; }
.vals, .act { font-family: ui-monospace, monospace; }
.vals { display: block; }
.why { color: #5f6368; font-style: italic; display: block; }
.note { color: #5f6368; display: block; }
.links a { margin-right: .6em; white-space: nowrap; }
.controls { margin: .5em 0; }
.legend span { margin-right: 1em; }
.swatch { display: inline-block; width: .9em; height: .9em; vertical-align: middle;
          border: 1px solid #dadce0; margin-right: .3em; }
)CSS";

// Reveals the element the URL fragment names: opens the <details> around it, scrolls to it,
// and records in the DOM which element it showed and whether it is visible (the browser test
// reads that). The rows are in the static HTML; this only opens what is closed.
constexpr const char* kScript = R"JS(
(function () {
  'use strict';
  function reveal() {
    var id;
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    if (!id) return;
    var t = document.getElementById(id);
    if (!t) { document.body.dataset.target = 'missing ' + id; return; }
    for (var p = t.parentElement; p; p = p.parentElement)
      if (p.tagName === 'DETAILS') p.open = true;
    var old = document.querySelectorAll('.target');
    Array.prototype.forEach.call(old, function (o) { o.classList.remove('target'); });
    t.classList.add('target');
    t.scrollIntoView({block: 'center'});
    document.body.dataset.target = id;
    document.body.dataset.targetVisible = t.getClientRects().length > 0 ? 'yes' : 'no';
  }
  window.addEventListener('hashchange', reveal);
  reveal();
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

constexpr size_t kMessageBytes = 160;  // a message longer than this is clipped in a row
constexpr size_t kWhyBytes = 120;      // and so is a reason (expectations' reasons are long)
constexpr size_t kLinksOpen = 30;      // a cause with more commands shows them on click

std::string href(const std::string& anchor) { return "#" + html_escape(fragment_encode(anchor)); }

void html_cell(std::ostream& h, const ReportModel& m, const ReportFile& f, size_t e) {
  const ReportCell& c = f.cells[e];
  const std::string& engine = m.engines[e].name;
  if (!c.present) {
    h << "<td class=\"cell absent\" data-engine=\"" << html_escape(engine) << "\">-</td>";
    return;
  }
  const std::string extra = counts_extra(c.counts);
  // Only the side that fails is outlined: this engine has commands that fail, error or xpass.
  // A title only when there is more to say than the cell shows (the page stays small).
  h << "<td class=\"cell st-" << html_escape(c.status) << (c.failing ? " fails" : "")
    << "\" data-engine=\"" << html_escape(engine) << "\"";
  if (!c.message.empty()) h << " title=\"" << html_escape(first_line(c.message)) << "\"";
  h << ">";
  if (!f.rows.empty()) h << "<a href=\"" << href(f.anchor) << "\">";
  if (c.status != "pass") h << "<span class=\"st\">" << html_escape(c.status) << "</span>";
  h << counts_short(c.counts);
  if (!f.rows.empty()) h << "</a>";
  if (!extra.empty()) h << "<span class=\"extra\">" << html_escape(extra) << "</span>";
  h << "</td>";
}

// One command row: where (a link to itself), kind, action or module, expected, and per engine
// the verdict, outcome (class), values, message and reason; the engines that fail outlined.
void html_row(std::ostream& h, const ReportModel& m, const ReportFile& f, const ReportRow& r) {
  const ReportCommand* script = nullptr;
  if (r.record[m.baseline] != std::string::npos)
    script = &f.cells[m.baseline].records[r.record[m.baseline]];
  for (size_t e = 0; e < r.record.size() && !script; ++e)
    if (r.record[e] != std::string::npos) script = &f.cells[e].records[r.record[e]];
  if (!script) return;
  const ReportCommand& c = *script;
  bool fails = false;
  for (bool b : r.fails) fails = fails || b;
  h << "<tr id=\"" << html_escape(r.anchor) << "\"" << (fails ? " class=\"failing\"" : "")
    << "><td class=\"n\"><a href=\"" << href(r.anchor) << "\">" << r.line << "</a> #" << r.index
    << "</td><td>" << html_escape(c.kind) << "</td><td class=\"act\">"
    << html_escape(!c.action.empty() ? c.action : c.module_file) << "</td><td>"
    << html_escape(c.expected_outcome);
  if (c.expected_js_class) h << " (" << html_escape(*c.expected_js_class) << ")";
  if (!c.expected_text.empty())
    h << "<span class=\"msg\">\"" << html_escape(clip(c.expected_text, kMessageBytes)) << "\"</span>";
  if (!c.expected_values.empty())
    h << "<span class=\"vals\">" << html_escape(c.expected_values) << "</span>";
  h << "</td>";
  for (size_t e = 0; e < r.record.size(); ++e) {
    if (r.record[e] == std::string::npos) {
      h << "<td class=\"absent\">-</td>";
      continue;
    }
    const ReportCommand& a = f.cells[e].records[r.record[e]];
    // The engine is the column's (no per-cell attribute: the page stays small).
    h << "<td" << (r.fails[e] ? " class=\"fails\"" : "") << "><span class=\"v v-"
      << html_escape(a.verdict) << "\">" << html_escape(a.verdict) << "</span>";
    if (a.ran() && !a.coarse) {
      h << " " << html_escape(a.actual_outcome);
      if (a.actual_js_class) h << " (" << html_escape(*a.actual_js_class) << ")";
    }
    if (!a.actual_values.empty())
      h << "<span class=\"vals\">" << html_escape(a.actual_values) << "</span>";
    // The message of an engine that passes alike says nothing new: only where it matters.
    const bool quiet = a.verdict == "pass" && r.differs[e].empty();
    if (!a.actual_message.empty() && !quiet)
      h << "<span class=\"msg\">" << html_escape(clip(a.actual_message, kMessageBytes)) << "</span>";
    // Why: the record's reason (not the path it took: that is how, not why), and what differs.
    std::string why = a.record_reason;
    if (!r.differs[e].empty()) {
      why += why.empty() ? "\u2260 " : "; \u2260 ";
      why += baseline_name(m) + ":";
      for (const std::string& fld : r.differs[e]) why += " " + fld;
    }
    if (!why.empty()) h << "<span class=\"why\">" << html_escape(clip(why, kWhyBytes)) << "</span>";
    // A judge's note (a pass it could only check in part: reports/README.md "Judging").
    if (!a.note.empty()) h << "<span class=\"note\">" << html_escape(a.note) << "</span>";
    h << "</td>";
  }
  h << "</tr>\n";
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
    << "</b> &middot; converter "
    << html_escape(joined_distinct(m, &ReportEngine::converter_version))
    << " &middot; disagreements are counted against <b>" << html_escape(base) << "</b></p>\n";

  // Failures and disagreements by cause: first, since it is what a reader looks for.
  h << "<section id=\"failures\">\n<h2>Failures and disagreements by cause</h2>\n";
  if (m.causes.empty()) {
    h << "<p>None: every engine passed every command alike.</p>\n";
  } else {
    h << "<table id=\"causes\">\n<thead><tr><th>commands</th><th>side that fails</th>"
         "<th>cause</th><th>where</th></tr></thead>\n<tbody>\n";
    for (size_t i = 0; i < m.causes.size(); ++i) {
      const ReportCause& c = m.causes[i];
      h << "<tr id=\"cause-" << i << "\" data-rank=\"" << c.rank << "\"><td class=\"num\">"
        << c.commands.size() << "</td><td>" << html_escape(side_text(c)) << "</td><td>"
        << html_escape(c.cause) << "</td><td class=\"links\">";
      const bool fold = c.commands.size() > kLinksOpen;
      if (fold) h << "<details><summary>" << c.commands.size() << " commands</summary>";
      size_t last_file = std::string::npos;
      for (const auto& [fi, ri] : c.commands) {
        const ReportFile& f = m.files[fi];
        if (ri == std::string::npos) {  // counted, not listed: one link to its file
          if (fi != last_file)
            h << "<a href=\"" << href(f.anchor) << "\">" << html_escape(f.file) << "</a>";
          last_file = fi;
          continue;
        }
        const ReportRow& r = f.rows[ri];
        h << "<a href=\"" << href(r.anchor) << "\">" << html_escape(f.file) << ":" << r.line
          << "</a>";
      }
      if (fold) h << "</details>";
      h << "</td></tr>\n";
    }
    h << "</tbody></table>\n";
  }
  h << "</section>\n";

  // Engines.
  h << "<h2>Engines</h2>\n<table id=\"engines-table\">\n<thead><tr><th>engine</th>"
       "<th>version</th><th>mode</th><th>config</th><th>pass</th><th>fail</th><th>skip</th>"
       "<th>other</th><th>run</th></tr></thead>\n<tbody>\n";
  for (size_t e = 0; e < m.engines.size(); ++e) {
    const ReportEngine& en = m.engines[e];
    const Counts t = engine_total(m, e);
    h << "<tr data-engine=\"" << html_escape(en.name) << "\"><td>" << html_escape(en.name)
      << "</td><td class=\"version\">" << html_escape(en.version) << "</td><td>"
      << (en.coarse ? "coarse (verdicts only)" : "per command") << "</td><td>"
      << html_escape(en.config) << "</td><td class=\"num\">" << t.pass << "</td><td class=\"num\">"
      << t.fail << "</td><td class=\"num\">" << t.skip << "</td><td>"
      << html_escape(counts_extra(t)) << "</td><td title=\"" << html_escape(en.command_line)
      << "\">" << html_escape(en.started);
    if (!en.wasmref_version.empty())
      h << " wasmref " << html_escape(en.wasmref_version) << " "
        << html_escape(en.wasmref_commit.substr(0, 12));
    h << "</td></tr>\n";
  }
  h << "</tbody></table>\n";

  // The matrix.
  h << "<h2>Files &times; engines</h2>\n<p class=\"legend\">Each cell: passed / failed / skipped "
       "commands. "
       "<span><i class=\"swatch\" style=\"background:var(--pass)\"></i>pass</span>"
       "<span><i class=\"swatch\" style=\"background:var(--fail)\"></i>fail, xpass, error</span>"
       "<span><i class=\"swatch\" style=\"background:var(--xfail)\"></i>xfail</span>"
       "<span><i class=\"swatch\" style=\"background:var(--skip)\"></i>skipped or not "
       "converted</span><span><i class=\"swatch\" style=\"outline:2px solid var(--bad)\"></i>"
       "this engine fails commands (fail, error, xpass)</span>; differ: commands where an "
       "engine's outcome, JS class, values or verdict differs from "
    << html_escape(base) << "'s</p>\n"
    << "<p class=\"controls\"><label><input type=\"checkbox\" id=\"only-issues\"> only files with "
       "failures or disagreements</label></p>\n";
  h << "<table id=\"matrix\">\n<thead><tr><th>file</th><th>profile</th>";
  for (const ReportEngine& en : m.engines)
    h << "<th class=\"engine\" data-engine=\"" << html_escape(en.name) << "\">"
      << html_escape(en.name) << (en.coarse ? " <span class=\"extra\">coarse</span>" : "")
      << "</th>";
  h << "<th>differ</th></tr></thead>\n<tbody>\n";
  for (const ReportFile& f : m.files) {
    bool issue = f.disagreeing > 0;
    for (const ReportCell& c : f.cells) issue = issue || status_is_bad(c.status) || c.failing;
    h << "<tr data-file=\"" << html_escape(f.file) << "\" data-profile=\"" << html_escape(f.profile)
      << "\"" << (issue ? " data-issue=\"1\"" : "") << "><td>";
    if (!f.rows.empty())
      h << "<a href=\"" << href(f.anchor) << "\">" << html_escape(f.file) << "</a>";
    else
      h << html_escape(f.file);
    h << "</td><td>" << html_escape(f.profile) << "</td>";
    for (size_t e = 0; e < f.cells.size(); ++e) html_cell(h, m, f, e);
    h << "<td class=\"num\">" << f.disagreeing << "</td></tr>\n";
  }
  h << "</tbody>\n<tfoot><tr><th>total</th><th></th>";
  u64 differing = 0;
  for (const ReportFile& f : m.files) differing += f.disagreeing;
  for (size_t e = 0; e < m.engines.size(); ++e) {
    const Counts t = engine_total(m, e);
    const std::string extra = counts_extra(t);
    h << "<th class=\"cell\">" << counts_short(t);
    if (!extra.empty()) h << "<span class=\"extra\">" << html_escape(extra) << "</span>";
    h << "</th>";
  }
  h << "<th class=\"num\">" << differing << "</th></tr></tfoot>\n</table>\n";

  // Per file, the commands shown (static HTML, so a followed anchor finds its row).
  h << "<h2>Commands</h2>\n<p class=\"meta\">Per file, the commands some engine does not pass "
       "or where engines disagree: the action or module, the expected outcome (JS class), and "
       "per engine the verdict, outcome (JS class), values, message and why. Commands every "
       "engine passed alike are counted, not listed (the records: each engine's .jsonl).</p>\n";
  for (const ReportFile& f : m.files) {
    if (f.rows.empty()) continue;
    h << "<details class=\"file\" id=\"" << html_escape(f.anchor) << "\"><summary>"
      << html_escape(f.profile) << ": " << html_escape(f.file) << " &middot; " << f.rows.size()
      << " of " << f.commands << " commands shown";
    for (size_t e = 0; e < f.cells.size(); ++e) {
      const ReportCell& c = f.cells[e];
      if (!c.present) continue;
      h << " &middot; " << html_escape(m.engines[e].name) << " <span class=\"v v-"
        << html_escape(c.status) << "\">" << html_escape(c.status) << "</span>";
      if (!c.records_path.empty())
        h << " <a class=\"extra\" href=\"" << html_escape(fragment_encode(c.records_path))
          << "\">records</a>";
      if (!c.message.empty())
        h << " <span class=\"extra\">" << html_escape(first_line(c.message)) << "</span>";
    }
    h << "</summary>\n<table class=\"cmds\"><thead><tr><th>line</th><th>kind</th>"
         "<th>action / module</th><th>expected</th>";
    for (const ReportEngine& en : m.engines) h << "<th>" << html_escape(en.name) << "</th>";
    h << "</tr></thead><tbody>\n";
    for (const ReportRow& r : f.rows) html_row(h, m, f, r);
    h << "</tbody></table></details>\n";
  }
  h << "<script>" << kScript << "</script>\n</body>\n</html>\n";
  return h.str();
}

// ===========================================================================================
// The command
// ===========================================================================================

namespace {

constexpr const char* kReportUsage =
    "usage: wasmref report DIR [--baseline FILE]...\n"
    "  Reads DIR/<engine>/summary.json and DIR/<engine>/<profile>/<file>.jsonl for every engine\n"
    "  and writes DIR/index.md and DIR/index.html (self-contained). Exit: 0, or 2 on error.\n"
    "  DIR               the report directory (required; no default)\n"
    "  --baseline FILE   a wasmref diff baseline (wasmref-diff-baseline/1): the disagreements\n"
    "                    it lists are grouped under its causes (repeatable; default: none)\n"
    "  -h, --help        this text\n";

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
  std::optional<std::string> dir;
  std::vector<nlohmann::json> baselines;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      out << kReportUsage;
      return 0;
    }
    if (a == "--baseline") {
      if (i + 1 == args.size()) {
        err << "wasmref report: --baseline needs a FILE\n" << kReportUsage;
        return 2;
      }
      const std::string& path = args[++i];
      const std::optional<std::string> text = read_file(path);
      JsonParse jp = text ? parse_json_tolerant(*text) : JsonParse{std::nullopt, "cannot read"};
      if (!jp.value || str_field(*jp.value, "schema") != "wasmref-diff-baseline/1") {
        err << "wasmref report: " << path << ": not a wasmref-diff-baseline/1 file"
            << (jp.value ? "" : " (" + jp.error + ")") << "\n";
        return 2;
      }
      baselines.push_back(std::move(*jp.value));
      continue;
    }
    if (a.rfind("-", 0) == 0 || dir) {
      err << kReportUsage;
      return 2;
    }
    dir = a;
  }
  if (!dir) {
    err << kReportUsage;
    return 2;
  }
  std::string error;
  std::optional<ReportModel> m = load_report(*dir, error, baselines);
  if (!m) {
    err << "wasmref report: " << error << "\n";
    return 2;
  }
  for (size_t i = 0; i < m->warnings.size() && i < kMaxWarningsShown; ++i)
    err << "wasmref report: warning: " << m->warnings[i] << "\n";
  if (m->warnings.size() > kMaxWarningsShown)
    err << "wasmref report: " << m->warnings.size() - kMaxWarningsShown << " more warnings\n";

  const fs::path md = fs::path(*dir) / "index.md";
  const fs::path html = fs::path(*dir) / "index.html";
  for (const auto& [path, text] : {std::pair{md, render_markdown(*m)}, {html, render_html(*m)}}) {
    const std::string e = write_atomically(path, text);
    if (!e.empty()) {
      err << "wasmref report: " << e << "\n";
      return 2;
    }
  }
  size_t commands = 0, shown = 0;
  for (const ReportFile& f : m->files) {
    for (const ReportCell& c : f.cells) commands += c.records.size();
    shown += f.rows.size();
  }
  out << m->engines.size() << " engines, " << m->files.size() << " files, " << commands
      << " command records, " << shown << " commands shown in " << m->causes.size()
      << " causes\n"
      << md.string() << "\n"
      << html.string() << "\n";
  return 0;
}

}  // namespace wasmref::harness
