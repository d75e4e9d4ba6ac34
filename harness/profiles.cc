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

const Profile* ProfileTable::for_dir(const std::string& rel_dir) const {
  const Profile* best = nullptr;
  for (const Profile& p : profiles) {
    const bool prefix =
        p.dir.empty() || rel_dir == p.dir ||
        (rel_dir.size() > p.dir.size() && rel_dir.compare(0, p.dir.size(), p.dir) == 0 &&
         rel_dir[p.dir.size()] == '/');
    if (prefix && (!best || p.dir.size() > best->dir.size())) best = &p;
  }
  return best;
}

bool apply_feature(Features& f, const std::string& name) {
  const bool on = name.empty() || name[0] != '!';
  const std::string n = on ? name : name.substr(1);
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
  if (!field) return false;
  *field = on;
  return true;
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
    for (const char* key : {"wast2json", "features"}) {
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
        } else if (!apply_feature(prof.features, v)) {
          out.error = origin + ": profile " + prof.name + ": unknown feature \"" + v + "\"";
          return out;
        }
      }
    }
    if (auto t = pj.find("timeout"); t != pj.end() && t->is_number_unsigned())
      prof.timeout = static_cast<int>(t->get<unsigned>());
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
