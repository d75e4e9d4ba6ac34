// Harness tests: records, the summary entry and summary merging
#include "harness/summary.h"

#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/convert.h"
#include "harness/json_reader.h"
#include "harness/profiles.h"

namespace wasmref::harness {
namespace {

nlohmann::json entry(const std::string& file, u64 pass, u64 fail, u64 skip_text = 0) {
  FileResult f;
  f.file = file;
  f.profile = "core";
  f.status = fail ? FileStatus::fail : FileStatus::pass;
  f.counts.pass = pass;
  f.counts.fail = fail;
  f.counts.skip = skip_text;
  if (skip_text) f.skipped_by_reason["text"] = skip_text;
  f.js_classes["assert_return"]["none"] = pass;
  f.js_classes["assert_trap"]["RuntimeError"] = fail;
  f.wall_time_s = 0.5;
  return to_json(f);
}

SummaryInfo info() {
  SummaryInfo i;
  i.engine_version = "0.1.0";
  i.testsuite_revision = "rev";
  i.converter_version = "1.0.32";
  return i;
}

TEST(Summary, MergeReplacesFilesAndRecomputesTotals) {
  nlohmann::json s =
      merge_summary(nullptr, {entry("a.wast", 3, 0), entry("b.wast", 1, 2, 4)}, info());
  EXPECT_EQ(s["schema"], "wasmref-summary/1");
  EXPECT_EQ(s["engine"]["name"], "reference");
  EXPECT_EQ(s["engine"]["version"], "0.1.0");
  EXPECT_EQ(s["testsuite"]["revision"], "rev");
  EXPECT_EQ(s["converter"]["name"], "wast2json");
  EXPECT_EQ(s["converter"]["version"], "1.0.32");
  EXPECT_EQ(s["files"].size(), 2u);
  EXPECT_EQ(s["counts"]["pass"], 4u);
  EXPECT_EQ(s["counts"]["fail"], 2u);
  EXPECT_EQ(s["counts"]["skip"], 4u);
  EXPECT_EQ(s["skipped_by_reason"]["text"], 4u);
  EXPECT_EQ(s["statuses"]["fail"], 1u);
  EXPECT_DOUBLE_EQ(s["wall_time_s"].get<double>(), 1.0);
  // JS classes per command kind, per file and summed.
  EXPECT_EQ(s["files"][1]["js_classes"]["assert_trap"]["RuntimeError"], 2u);
  EXPECT_EQ(s["js_classes"]["assert_return"]["none"], 4u);
  EXPECT_EQ(s["js_classes"]["assert_trap"]["RuntimeError"], 2u);

  // A re-run of b replaces its entry; a new file is appended; a is kept.
  SummaryInfo later = info();
  later.converter_version = "";  // a run that converted nothing keeps the known version
  nlohmann::json t = merge_summary(s, {entry("b.wast", 3, 0), entry("c.wast", 1, 0)}, later);
  ASSERT_EQ(t["files"].size(), 3u);
  EXPECT_EQ(t["files"][0]["file"], "a.wast");
  EXPECT_EQ(t["files"][1]["file"], "b.wast");
  EXPECT_EQ(t["files"][1]["status"], "pass");
  EXPECT_EQ(t["files"][2]["file"], "c.wast");
  EXPECT_EQ(t["counts"]["pass"], 7u);
  EXPECT_EQ(t["counts"]["fail"], 0u);
  EXPECT_EQ(t["converter"]["version"], "1.0.32");
  EXPECT_FALSE(t["skipped_by_reason"].contains("text"));
  EXPECT_EQ(t["js_classes"]["assert_return"]["none"], 7u);
  EXPECT_EQ(t["js_classes"]["assert_trap"]["RuntimeError"], 0u);
}

TEST(Summary, SameFileDifferentProfilesAreDistinct) {
  nlohmann::json a = entry("x.wast", 1, 0);
  nlohmann::json b = entry("x.wast", 2, 0);
  b["profile"] = "proposals/threads";
  nlohmann::json s = merge_summary(nullptr, {a, b}, info());
  EXPECT_EQ(s["files"].size(), 2u);
  EXPECT_EQ(s["counts"]["pass"], 3u);
}

// Issue 9: two scripts of one run sharing a key (the same base name) used to be merged into
// one entry, the later replacing the earlier, so a failing script followed by a passing one
// left a summary that said "pass" for a run that failed.
TEST(Summary, ARunsEntriesReplaceNotMerge) {
  SummaryInfo first = info();
  first.started = "2025-01-01T00:00:00Z";
  first.run_id = "run-1";
  nlohmann::json s = merge_summary(nullptr, {entry("x.wast", 5, 0), entry("y.wast", 1, 0)}, first);
  ASSERT_EQ(s["statuses"]["pass"], 2u);

  SummaryInfo second = info();
  second.started = "2025-01-02T00:00:00Z";
  second.run_id = "run-2";
  nlohmann::json t = merge_summary(s, {entry("x.wast", 1, 3), entry("x.wast", 4, 0)}, second);
  // Both of this run's x.wast entries are kept and counted; the stale pass of run 1 is gone.
  ASSERT_EQ(t["files"].size(), 3u);
  EXPECT_EQ(t["files"][0]["file"], "x.wast");
  EXPECT_EQ(t["files"][0]["status"], "fail");
  EXPECT_EQ(t["files"][0]["key_collision"], true);
  EXPECT_EQ(t["files"][0]["run"], "run-2");
  EXPECT_EQ(t["files"][1]["file"], "x.wast");
  EXPECT_EQ(t["files"][1]["status"], "pass");
  EXPECT_EQ(t["files"][2]["file"], "y.wast");
  EXPECT_EQ(t["files"][2]["run"], "run-1");
  EXPECT_FALSE(t["files"][2].contains("key_collision"));
  EXPECT_EQ(t["statuses"]["fail"], 1u);
  EXPECT_EQ(t["statuses"]["pass"], 2u);
  EXPECT_EQ(t["counts"]["fail"], 3u);
  EXPECT_EQ(t["counts"]["pass"], 6u);

  // A rerun of x.wast alone replaces both entries: one entry, no collision, run 3's status.
  SummaryInfo third = info();
  third.started = "2025-01-03T00:00:00Z";
  third.run_id = "run-3";
  nlohmann::json u = merge_summary(t, {entry("x.wast", 2, 0)}, third);
  ASSERT_EQ(u["files"].size(), 2u);
  EXPECT_EQ(u["files"][0]["file"], "x.wast");
  EXPECT_EQ(u["files"][0]["status"], "pass");
  EXPECT_FALSE(u["files"][0].contains("key_collision"));
  EXPECT_EQ(u["statuses"]["pass"], 2u);
  EXPECT_FALSE(u["statuses"].contains("fail"));
  // Run 2 produced no entry that is left: it is dropped from `runs`; run 1 still owns y.wast.
  ASSERT_EQ(u["runs"].size(), 2u);
  EXPECT_EQ(u["runs"][0]["id"], "run-1");
  EXPECT_EQ(u["runs"][1]["id"], "run-3");
}

TEST(Summary, ProvenanceOfTheRun) {
  SummaryInfo i = info();
  i.converter_name = "native";
  i.converter_version = "0.1.0";
  i.wasmref_version = "0.1.0";
  i.wasmref_commit = "0123456789abcdef0123456789abcdef01234567";
  i.command_line = {"wasmref", "wast", "--report", "r", "i32.wast"};
  i.started = "2025-03-01T12:00:05Z";
  nlohmann::json s = merge_summary(nullptr, {entry("i32.wast", 1, 0)}, i);
  EXPECT_EQ(s["wasmref"]["version"], "0.1.0");
  EXPECT_EQ(s["wasmref"]["commit"], "0123456789abcdef0123456789abcdef01234567");
  ASSERT_EQ(s["runs"].size(), 1u);
  const nlohmann::json& run = s["runs"][0];
  // The id defaults to the start time and the process id: unique among concurrent writers.
  EXPECT_EQ(run["id"], "2025-03-01T12:00:05Z/" + std::to_string(::getpid()));
  EXPECT_EQ(run["started"], "2025-03-01T12:00:05Z");
  EXPECT_EQ(run["command_line"],
            nlohmann::json({"wasmref", "wast", "--report", "r", "i32.wast"}));
  EXPECT_EQ(run["wasmref"]["commit"], "0123456789abcdef0123456789abcdef01234567");
  EXPECT_EQ(run["converter"]["name"], "native");
  EXPECT_EQ(run["converter"]["version"], "0.1.0");
  EXPECT_EQ(run["suite"], "2022");
  EXPECT_EQ(s["files"][0]["run"], run["id"]);
  // The same run writing again (another batch) stays one run.
  nlohmann::json t = merge_summary(s, {entry("f32.wast", 1, 0)}, i);
  EXPECT_EQ(t["runs"].size(), 1u);
  EXPECT_EQ(t["files"][1]["run"], run["id"]);
}

TEST(Summary, UtcIso8601) {
  EXPECT_EQ(utc_iso8601(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(utc_iso8601(1700000000), "2023-11-14T22:13:20Z");
  const std::string now = process_started_utc();
  ASSERT_EQ(now.size(), 20u) << now;
  EXPECT_EQ(now[4], '-');
  EXPECT_EQ(now[10], 'T');
  EXPECT_EQ(now[19], 'Z');
}

// The build embeds the commit it was built from: 40 hex digits in a git checkout.
TEST(Summary, ProjectCommitIsEmbedded) {
  const std::string c = project_commit();
  EXPECT_TRUE(c == "unknown" ||
              (c.size() == 40 && c.find_first_not_of("0123456789abcdef") == std::string::npos))
      << c;
}

TEST(Summary, ConcurrentWritersAllLand) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  const std::string path = dir.path() + "/reference/summary.json";
  // Corrupt leftovers are rebuilt, never a crash.
  std::filesystem::create_directories(dir.path() + "/reference");
  std::ofstream(path) << "{corrupt";
  constexpr int kWriters = 8;
  std::vector<pid_t> kids;
  for (int i = 0; i < kWriters; ++i) {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      const std::string err =
          write_summary(path, {entry("f" + std::to_string(i) + ".wast", 1, 0)}, info());
      ::_exit(err.empty() ? 0 : 1);
    }
    kids.push_back(pid);
  }
  for (pid_t k : kids) {
    int status = 0;
    ASSERT_EQ(::waitpid(k, &status, 0), k);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  JsonParse p = parse_json_tolerant(ss.str());
  ASSERT_TRUE(p.value) << p.error;
  EXPECT_EQ((*p.value)["files"].size(), static_cast<size_t>(kWriters));
  EXPECT_EQ((*p.value)["counts"]["pass"], static_cast<u64>(kWriters));
}

TEST(Records, JsonLinesWithTheSchemaFields) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  Record r;
  r.file = "i32.wast";
  r.profile = "core";
  r.index = 3;
  r.line = 17;
  r.kind = "assert_trap";
  r.expected_outcome = "trap";
  r.expected_text = "integer divide by zero";
  r.actual_outcome = "trap";
  r.actual_message = "integer divide by zero";
  r.expected_js_class = "RuntimeError";
  r.actual_js_class = "RuntimeError";
  r.path = "embed";
  r.path_reason = "v128 in the signature";
  r.verdict = Verdict::pass;
  r.text_match = "prefix";
  r.action = {{"op", "invoke"},
              {"module", nullptr},
              {"field", std::string("f\xff")},
              {"args", nlohmann::json::array()}};
  const std::string path = dir.path() + "/core/i32.jsonl";
  ASSERT_EQ(write_records(path, {r, r}), "");
  std::ifstream in(path);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    nlohmann::json j = nlohmann::json::parse(line);  // valid UTF-8 JSON
    EXPECT_EQ(j["schema"], "wasmref-record/1");
    EXPECT_EQ(j["file"], "i32.wast");
    EXPECT_EQ(j["index"], 3u);
    EXPECT_EQ(j["line"], 17u);
    EXPECT_EQ(j["expected"]["outcome"], "trap");
    EXPECT_EQ(j["expected"]["text"], "integer divide by zero");
    EXPECT_EQ(j["actual"]["outcome"], "trap");
    EXPECT_EQ(j["expected"]["js_class"], "RuntimeError");
    EXPECT_EQ(j["actual"]["js_class"], "RuntimeError");
    EXPECT_EQ(j["path"], "embed");
    EXPECT_EQ(j["path_reason"], "v128 in the signature");
    EXPECT_EQ(j["verdict"], "pass");
    EXPECT_EQ(j["text_match"], "prefix");
    EXPECT_EQ(j["action"]["op"], "invoke");
    EXPECT_TRUE(j["module_file"].is_null());
  }
  EXPECT_EQ(n, 2);

  // No class and no path: JSON nulls, never absent.
  Record s;
  s.kind = "module";
  ASSERT_EQ(write_records(path, {s}), "");
  std::ifstream again(path);
  ASSERT_TRUE(std::getline(again, line));
  nlohmann::json j = nlohmann::json::parse(line);
  EXPECT_TRUE(j["expected"].contains("js_class"));
  EXPECT_TRUE(j["expected"]["js_class"].is_null());
  EXPECT_TRUE(j["actual"]["js_class"].is_null());
  EXPECT_TRUE(j["path"].is_null());
  EXPECT_TRUE(j["path_reason"].is_null());
}

}  // namespace
}  // namespace wasmref::harness
