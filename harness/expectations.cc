// Harness: expected failures of an engine (ARCHITECTURE "Expectations", notes-harness §5.6)
#include "harness/expectations.h"

#include <fstream>
#include <sstream>

#include "harness/json_reader.h"

namespace wasmref::harness {

bool Expectations::file_listed(const std::string& file) const {
  bool found = false;
  for (const ExpectationEntry& e : entries)
    if (e.file == file) {
      e.used = e.used || !e.index;  // an index entry is used only when its command exists
      found = true;
    }
  return found;
}

bool Expectations::whole_file_listed(const std::string& file) const {
  return whole_file_entry(file) != nullptr;
}

const ExpectationEntry* Expectations::whole_file_entry(const std::string& file) const {
  for (const ExpectationEntry& e : entries)
    if (e.file == file && !e.index) {
      e.used = true;
      return &e;
    }
  return nullptr;
}

const ExpectationEntry* Expectations::command_entry(const std::string& file, size_t index) const {
  for (const ExpectationEntry& e : entries)
    if (e.file == file && e.index && *e.index == index) {
      e.used = true;
      return &e;
    }
  return nullptr;
}

std::vector<const ExpectationEntry*> Expectations::unused() const {
  std::vector<const ExpectationEntry*> out;
  for (const ExpectationEntry& e : entries)
    if (!e.used) out.push_back(&e);
  return out;
}

ExpectationsLoad parse_expectations(const std::string& text, const std::string& path) {
  ExpectationsLoad out;
  JsonParse p = parse_json_tolerant(text);
  if (!p.value) {
    out.error = path + ": " + p.error;
    return out;
  }
  const nlohmann::json& root = *p.value;
  if (!root.is_object() || root.value("schema", std::string()) != kExpectationsSchema) {
    out.error = path + ": not an expectations file (schema must be \"" +
                std::string(kExpectationsSchema) + "\")";
    return out;
  }
  Expectations ex;
  ex.engine = root.value("engine", std::string());
  auto entries = root.find("entries");
  if (entries == root.end() || !entries->is_array()) {
    out.error = path + ": \"entries\" must be a list";
    return out;
  }
  size_t n = 0;
  for (const nlohmann::json& e : *entries) {
    const std::string where = path + ": entry " + std::to_string(n++);
    if (!e.is_object() || !e.contains("file") || !e["file"].is_string()) {
      out.error = where + ": needs a \"file\"";
      return out;
    }
    ExpectationEntry entry;
    entry.file = e["file"].get<std::string>();
    if (auto i = e.find("index"); i != e.end()) {
      if (!i->is_number_unsigned()) {
        out.error = where + ": \"index\" must be a non-negative integer";
        return out;
      }
      entry.index = i->get<size_t>();
    }
    if (!e.contains("reason") || !e["reason"].is_string() ||
        e["reason"].get<std::string>().empty()) {
      out.error = where + ": needs a \"reason\"";
      return out;
    }
    entry.reason = e["reason"].get<std::string>();
    ex.entries.push_back(std::move(entry));
  }
  out.expectations = std::move(ex);
  return out;
}

ExpectationsLoad load_expectations(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ExpectationsLoad out;
    out.error = path + ": cannot read the file";
    return out;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_expectations(ss.str(), path);
}

void finish_file(FileResult& f, const Expectations* expectations) {
  const bool listed = expectations && expectations->file_listed(f.file);
  const bool whole = expectations && expectations->whole_file_listed(f.file);
  for (Record& r : f.records) {
    const ExpectationEntry* entry =
        expectations ? expectations->command_entry(f.file, r.index) : nullptr;
    if (entry || whole) {
      if (r.verdict == Verdict::fail) {
        r.verdict = Verdict::xfail;
        r.reason += (r.reason.empty() ? "" : "; ") + std::string("expected failure: ") +
                    (entry ? entry->reason : "whole file listed");
      } else if (r.verdict == Verdict::pass && entry) {
        r.verdict = Verdict::xpass;
        r.reason = "listed as failing (" + entry->reason + ") but passed";
      }
    }
  }
  f.counts = {};
  f.skipped_by_reason.clear();
  f.js_classes.clear();
  for (const Record& r : f.records) {
    f.counts.add(r.verdict);
    if (r.verdict == Verdict::skip)
      ++f.skipped_by_reason[r.reason];
    else
      ++f.js_classes[r.kind][r.actual_js_class.value_or("none")];
  }
  if (f.status == FileStatus::error && f.records.empty() && whole) {
    // A script the native reader cannot read at all, listed whole (e.g. a 2022 proposal
    // written in syntax that 3.0 renamed or dropped): an expected failure of the file. If it
    // becomes readable, its commands are judged and the list entry must go.
    f.status = FileStatus::xfail;
    f.message = "expected failure (" + expectations->whole_file_entry(f.file)->reason +
                "): " + f.message;
    return;
  }
  if (f.status == FileStatus::convert_error || f.status == FileStatus::convert_crash ||
      f.status == FileStatus::error)
    return;
  const Counts& c = f.counts;
  if (c.error && !listed) {
    f.status = FileStatus::error;
  } else if (c.fail || (c.blocked && !listed)) {
    f.status = FileStatus::fail;
  } else if (c.xpass || (whole && c.xfail == 0 && c.pass > 0)) {
    // A whole-file entry whose commands all pass is stale: the list must shrink.
    f.status = FileStatus::xpass;
    if (!c.xpass && f.message.empty()) f.message = "listed as failing, but no command failed";
  } else if (c.xfail) {
    f.status = FileStatus::xfail;
  } else if (c.total() > 0 && c.skip == c.total()) {
    f.status = FileStatus::skip;
  } else {
    f.status = FileStatus::pass;
  }
}

}  // namespace wasmref::harness
