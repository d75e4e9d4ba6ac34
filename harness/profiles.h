// Harness: the profile table, one profile per testsuite directory (spec-tests/profiles.json)
//
// A profile gives the converter flags (wast2json) and, separately, the engine feature set
// (the threads fork predates reference types, notes-harness §1.9). The table is embedded in
// the binary at build time; `--profiles FILE` overrides it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "syntax/features.h"
#include "syntax/types.h"

namespace wasmref::harness {

inline constexpr const char* kProfilesSchema = "wasmref-profiles/1";

struct Profile {
  std::string name;                    // "core", "proposals/threads", "3.0/core", ...
  std::string suite = "2022";          // which testsuite: "2022" or "3.0" (`suite`)
  std::string dir;                     // directory relative to the suite's root ("" = top level)
  std::vector<std::string> wast2json;  // converter flags
  Features features;                   // engine features (defaults, then the list applied)
  // The native text reader's features (`text`: the engine features with these names applied).
  // The reader follows the syntax the suite is written in, which may be ahead of what the
  // engine executes (the 3.0 suite is read as 3.0 whatever the reference implements).
  Features text_features;
  std::vector<std::string> node_flags;  // V8 flags node needs for the profile (`node`)
  int timeout = 60;                     // seconds (for ctest)
  // Protocol engines (harness/PROTOCOL.md): the per-request deadline in milliseconds may be
  // raised for the profile (`deadline_ms`) and per file (`file_deadline_ms`: .wast path
  // relative to the profile's directory -> ms); 0 / absent = the run's deadline.
  u32 deadline_ms = 0;
  std::map<std::string, u32> file_deadline_ms;
};

struct ProfileTable {
  std::vector<Profile> profiles;
  const Profile* by_name(const std::string& name) const;
  // The profile of `suite` whose `dir` is the longest path prefix of `rel_dir` (a directory
  // relative to the suite root); a profile with the "" dir matches everything of its suite.
  const Profile* for_dir(const std::string& rel_dir, const std::string& suite = "2022") const;
  bool has_suite(const std::string& suite) const;
};

struct ProfilesLoad {
  std::optional<ProfileTable> table;
  std::string error;
};
ProfilesLoad parse_profiles(const std::string& text, const std::string& origin);
ProfilesLoad load_profiles(const std::string& path);

// Applies one feature name of the table ("simd", "!reference_types", ...); false if unknown.
bool apply_feature(Features& f, const std::string& name);
// The names of the features that are on in `f`, in the table's spelling (apply_feature of
// each, on a set with everything off, gives `f` back).
std::vector<std::string> enabled_feature_names(const Features& f);
// A feature set from such a list: everything off, then each name applied. nullopt and
// `unknown` set when a name is not a feature.
std::optional<Features> features_from_names(const std::vector<std::string>& names,
                                            std::string& unknown);

// Embedded at build time (generated embedded.cc).
const char* embedded_profiles_json();
const char* embedded_testsuite_revision();  // first line of spec-tests/REVISION
const char* embedded_testsuite3_revision();  // first line of spec-tests/REVISION-3.0
const char* default_suite3_root();          // WASMREF_TESTSUITE_3 of the build ("" = none)
const char* project_version();
const char* project_commit();  // git HEAD of the source at configure time, or "unknown"
const char* default_suite_root();  // WASMREF_TESTSUITE of the build
const char* default_wast2json();   // wast2json found by CMake
// The source tree's spec-tests/expectations: `reference.json` and `reference-3.0.json` are
// applied by default when the pinned suites run on the reference (`wasmref wast`).
const char* default_expectations_dir();

}  // namespace wasmref::harness
