// Harness: one record per command, verdicts, and the per-file result (reports/README.md)
#include "harness/record.h"

namespace wasmref::harness {

const char* to_string(Verdict v) {
  switch (v) {
    case Verdict::pass: return "pass";
    case Verdict::fail: return "fail";
    case Verdict::xfail: return "xfail";
    case Verdict::xpass: return "xpass";
    case Verdict::skip: return "skip";
    case Verdict::blocked: return "blocked";
    case Verdict::error: return "error";
  }
  return "error";
}

nlohmann::json to_json(const Record& r) {
  nlohmann::json j;
  j["file"] = r.file;
  j["profile"] = r.profile;
  j["index"] = r.index;
  j["line"] = r.line;
  j["kind"] = r.kind;
  nlohmann::json e;
  e["outcome"] = r.expected_outcome;
  e["js_class"] =
      r.expected_js_class ? nlohmann::json(*r.expected_js_class) : nlohmann::json(nullptr);
  e["text"] = r.expected_text ? nlohmann::json(*r.expected_text) : nlohmann::json(nullptr);
  e["values"] = r.expected_values;
  if (!r.expected_either.is_null()) e["either"] = r.expected_either;
  j["expected"] = std::move(e);
  nlohmann::json a;
  a["outcome"] = r.coarse ? nlohmann::json(nullptr) : nlohmann::json(r.actual_outcome);
  a["js_class"] =
      r.actual_js_class ? nlohmann::json(*r.actual_js_class) : nlohmann::json(nullptr);
  a["message"] = r.actual_message;
  a["values"] = r.actual_values;
  if (!r.actual_exception.is_null()) a["exception"] = r.actual_exception;
  j["actual"] = std::move(a);
  j["verdict"] = to_string(r.verdict);
  j["reason"] = r.reason;
  if (!r.note.empty()) j["note"] = r.note;
  j["path"] = r.path.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.path);
  j["path_reason"] =
      r.path_reason.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.path_reason);
  j["text_match"] = r.text_match;
  j["module_file"] =
      r.module_file.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.module_file);
  j["action"] = r.action;
  if (r.coarse) j["coarse"] = true;
  return j;
}

void Counts::add(Verdict v) {
  switch (v) {
    case Verdict::pass: ++pass; break;
    case Verdict::fail: ++fail; break;
    case Verdict::xfail: ++xfail; break;
    case Verdict::xpass: ++xpass; break;
    case Verdict::skip: ++skip; break;
    case Verdict::blocked: ++blocked; break;
    case Verdict::error: ++error; break;
  }
}

void Counts::add(const Counts& c) {
  pass += c.pass;
  fail += c.fail;
  xfail += c.xfail;
  xpass += c.xpass;
  skip += c.skip;
  blocked += c.blocked;
  error += c.error;
}

nlohmann::json to_json(const Counts& c) {
  return {{"pass", c.pass}, {"fail", c.fail},       {"xfail", c.xfail}, {"xpass", c.xpass},
          {"skip", c.skip}, {"blocked", c.blocked}, {"error", c.error}};
}

Counts counts_from_json(const nlohmann::json& j) {
  Counts c;
  if (!j.is_object()) return c;
  auto get = [&](const char* k) -> u64 {
    auto it = j.find(k);
    return it != j.end() && it->is_number_unsigned() ? it->get<u64>() : 0;
  };
  c.pass = get("pass");
  c.fail = get("fail");
  c.xfail = get("xfail");
  c.xpass = get("xpass");
  c.skip = get("skip");
  c.blocked = get("blocked");
  c.error = get("error");
  return c;
}

const char* to_string(FileStatus s) {
  switch (s) {
    case FileStatus::pass: return "pass";
    case FileStatus::fail: return "fail";
    case FileStatus::xfail: return "xfail";
    case FileStatus::xpass: return "xpass";
    case FileStatus::skip: return "skip";
    case FileStatus::convert_error: return "convert_error";
    case FileStatus::convert_crash: return "convert_crash";
    case FileStatus::error: return "error";
  }
  return "error";
}

bool fails_run(FileStatus s) {
  return s == FileStatus::fail || s == FileStatus::xpass || s == FileStatus::error;
}

nlohmann::json to_json(const FileResult& f) {
  nlohmann::json j;
  j["file"] = f.file;
  j["profile"] = f.profile;
  j["suite"] = f.suite;
  if (!f.converter.empty()) j["converter"] = f.converter;
  j["status"] = to_string(f.status);
  j["counts"] = to_json(f.counts);
  j["skipped_by_reason"] = nlohmann::json::object();
  for (const auto& [reason, n] : f.skipped_by_reason) j["skipped_by_reason"][reason] = n;
  j["js_classes"] = js_classes_to_json(f.js_classes);
  if (!f.message.empty()) j["message"] = f.message;
  j["wall_time_s"] = f.wall_time_s;
  return j;
}

nlohmann::json js_classes_to_json(const std::map<std::string, std::map<std::string, u64>>& m) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [kind, classes] : m)
    for (const auto& [cls, n] : classes) j[kind][cls] = n;
  return j;
}

void add_js_classes(std::map<std::string, std::map<std::string, u64>>& total,
                    const nlohmann::json& j) {
  if (!j.is_object()) return;
  for (auto kind = j.begin(); kind != j.end(); ++kind) {
    if (!kind->is_object()) continue;
    for (auto cls = kind->begin(); cls != kind->end(); ++cls)
      if (cls->is_number_unsigned()) total[kind.key()][cls.key()] += cls->get<u64>();
  }
}

}  // namespace wasmref::harness
