// Harness: the profile table, one profile per testsuite directory (spec-tests/profiles.json)
#include "harness/profiles.h"

#include <fstream>
#include <sstream>

#include "harness/json_reader.h"

namespace wasmref::harness {

const Profile* ProfileTable::by_name(const std::string& name) const {
  for (const Profile& p : profiles)
    if (p.name == name) return &p;
  return nullptr;
}

const Profile* ProfileTable::for_dir(const std::string& rel_dir,
                                     const std::string& suite) const {
  const Profile* best = nullptr;
  for (const Profile& p : profiles) {
    if (p.suite != suite) continue;
    const bool prefix =
        p.dir.empty() || rel_dir == p.dir ||
        (rel_dir.size() > p.dir.size() && rel_dir.compare(0, p.dir.size(), p.dir) == 0 &&
         rel_dir[p.dir.size()] == '/');
    if (prefix && (!best || p.dir.size() > best->dir.size())) best = &p;
  }
  return best;
}

bool ProfileTable::has_suite(const std::string& suite) const {
  for (const Profile& p : profiles)
    if (p.suite == suite) return true;
  return false;
}

namespace {

// The feature fields by their table name.
bool* feature_field(Features& f, const std::string& n) {
  bool* field = nullptr;
  if (n == "simd")
    field = &f.simd;
  else if (n == "reference_types")
    field = &f.reference_types;
  else if (n == "bulk_memory")
    field = &f.bulk_memory;
  else if (n == "multi_value")
    field = &f.multi_value;
  else if (n == "threads")
    field = &f.threads;
  else if (n == "exceptions")
    field = &f.exceptions;
  else if (n == "tail_call")
    field = &f.tail_call;
  else if (n == "memory64")
    field = &f.memory64;
  else if (n == "multi_memory")
    field = &f.multi_memory;
  else if (n == "extended_const")
    field = &f.extended_const;
  else if (n == "relaxed_simd")
    field = &f.relaxed_simd;
  else if (n == "function_references")
    field = &f.function_references;
  else if (n == "gc")
    field = &f.gc;
  else if (n == "legacy_exceptions")
    field = &f.legacy_exceptions;
  return field;
}

constexpr const char* kFeatureNames[] = {
    "simd",      "reference_types", "bulk_memory",  "multi_value",    "threads",     "exceptions",
    "tail_call", "memory64",        "multi_memory", "extended_const", "relaxed_simd",
    "function_references", "gc", "legacy_exceptions"};

}  // namespace

bool apply_feature(Features& f, const std::string& name) {
  const bool on = name.empty() || name[0] != '!';
  bool* field = feature_field(f, on ? name : name.substr(1));
  if (!field) return false;
  *field = on;
  return true;
}

std::vector<std::string> enabled_feature_names(const Features& f) {
  Features copy = f;
  std::vector<std::string> out;
  for (const char* n : kFeatureNames)
    if (*feature_field(copy, n)) out.push_back(n);
  return out;
}

std::optional<Features> features_from_names(const std::vector<std::string>& names,
                                            std::string& unknown) {
  Features f;
  for (const char* n : kFeatureNames) *feature_field(f, n) = false;
  for (const std::string& n : names) {
    if (n.empty() || n[0] == '!' || !apply_feature(f, n)) {
      unknown = n;
      return std::nullopt;
    }
  }
  return f;
}

ProfilesLoad parse_profiles(const std::string& text, const std::string& origin) {
  ProfilesLoad out;
  JsonParse p = parse_json_tolerant(text);
  if (!p.value) {
    out.error = origin + ": " + p.error;
    return out;
  }
  const nlohmann::json& root = *p.value;
  if (!root.is_object() || root.value("schema", std::string()) != kProfilesSchema ||
      !root.contains("profiles") || !root["profiles"].is_array()) {
    out.error = origin + ": not a profile table (schema \"" + std::string(kProfilesSchema) + "\")";
    return out;
  }
  ProfileTable table;
  for (const nlohmann::json& pj : root["profiles"]) {
    if (!pj.is_object() || !pj.contains("name") || !pj["name"].is_string() || !pj.contains("dir") ||
        !pj["dir"].is_string()) {
      out.error = origin + ": a profile needs \"name\" and \"dir\"";
      return out;
    }
    Profile prof;
    prof.name = pj["name"].get<std::string>();
    prof.dir = pj["dir"].get<std::string>();
    if (auto su = pj.find("suite"); su != pj.end()) {
      if (!su->is_string() || (*su != "2022" && *su != "3.0")) {
        out.error = origin + ": profile " + prof.name + ": \"suite\" must be \"2022\" or \"3.0\"";
        return out;
      }
      prof.suite = su->get<std::string>();
    }
    std::vector<std::string> text_names;
    for (const char* key : {"wast2json", "features", "node", "text"}) {
      auto it = pj.find(key);
      if (it == pj.end()) continue;
      if (!it->is_array()) {
        out.error = origin + ": profile " + prof.name + ": \"" + key + "\" must be a list";
        return out;
      }
      for (const nlohmann::json& s : *it) {
        if (!s.is_string()) {
          out.error = origin + ": profile " + prof.name + ": \"" + key + "\" must hold strings";
          return out;
        }
        const std::string v = s.get<std::string>();
        if (std::string(key) == "wast2json") {
          prof.wast2json.push_back(v);
        } else if (std::string(key) == "node") {
          prof.node_flags.push_back(v);
        } else if (std::string(key) == "text") {
          text_names.push_back(v);
        } else if (!apply_feature(prof.features, v)) {
          out.error = origin + ": profile " + prof.name + ": unknown feature \"" + v + "\"";
          return out;
        }
      }
    }
    prof.text_features = prof.features;
    for (const std::string& v : text_names) {
      if (!apply_feature(prof.text_features, v)) {
        out.error = origin + ": profile " + prof.name + ": unknown text feature \"" + v + "\"";
        return out;
      }
    }
    if (auto t = pj.find("timeout"); t != pj.end() && t->is_number_unsigned())
      prof.timeout = static_cast<int>(t->get<unsigned>());
    // Deadlines are milliseconds below 2^32 (an hour and more is already no deadline).
    auto deadline = [&](const nlohmann::json& d, u32& dst, const std::string& what) {
      if (!d.is_number_unsigned() || d.get<u64>() > UINT32_MAX) {
        out.error = origin + ": profile " + prof.name + ": " + what +
                    " must be a number of milliseconds";
        return false;
      }
      dst = static_cast<u32>(d.get<u64>());
      return true;
    };
    if (auto d = pj.find("deadline_ms"); d != pj.end())
      if (!deadline(*d, prof.deadline_ms, "\"deadline_ms\"")) return out;
    if (auto fd = pj.find("file_deadline_ms"); fd != pj.end()) {
      if (!fd->is_object()) {
        out.error = origin + ": profile " + prof.name + ": \"file_deadline_ms\" must be an object";
        return out;
      }
      for (auto it = fd->begin(); it != fd->end(); ++it)
        if (!deadline(it.value(), prof.file_deadline_ms[it.key()],
                      "\"file_deadline_ms\" of " + it.key()))
          return out;
    }
    table.profiles.push_back(std::move(prof));
  }
  out.table = std::move(table);
  return out;
}

ProfilesLoad load_profiles(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ProfilesLoad out;
    out.error = path + ": cannot read the file";
    return out;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_profiles(ss.str(), path);
}

}  // namespace wasmref::harness
