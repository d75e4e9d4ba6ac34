// Harness tests: expected failures (xfail / xpass / whole-file) and file statuses
#include "harness/expectations.h"

#include <gtest/gtest.h>

namespace wasmref::harness {
namespace {

constexpr const char* kFixture = R"({"schema": "wasmref-expectations/1", "engine": "reference",
  "entries": [
    {"file": "simd_address.wast", "reason": "not implemented yet: SIMD"},
    {"file": "proposals/threads/atomic.wast", "reason": "not implemented yet: threads"},
    {"file": "br_table.wast", "index": 2, "reason": "a known bug"},
    {"file": "br_table.wast", "index": 99, "reason": "no such command"},
    {"file": "nowhere.wast", "reason": "file not in the run"}
  ]})";

Expectations fixture() {
  ExpectationsLoad l = parse_expectations(kFixture, "ref.json");
  EXPECT_TRUE(l.expectations) << l.error;
  return l.expectations ? *l.expectations : Expectations{};
}

FileResult file_with(const std::string& name, std::initializer_list<Verdict> verdicts) {
  FileResult f;
  f.file = name;
  f.profile = "core";
  size_t i = 0;
  for (Verdict v : verdicts) {
    Record r;
    r.file = name;
    r.index = i++;
    r.verdict = v;
    if (v == Verdict::skip) r.reason = "text";
    f.records.push_back(r);
  }
  return f;
}

TEST(ExpectationsFile, Parses) {
  Expectations e = fixture();
  EXPECT_EQ(e.engine, "reference");
  ASSERT_EQ(e.entries.size(), 5u);
  EXPECT_FALSE(e.entries[0].index);
  EXPECT_EQ(*e.entries[2].index, 2u);
}

TEST(ExpectationsFile, RejectsBadFiles) {
  EXPECT_FALSE(parse_expectations("{", "x").expectations);
  EXPECT_FALSE(parse_expectations(R"({"schema": "other", "entries": []})", "x").expectations);
  EXPECT_FALSE(parse_expectations(R"({"schema": "wasmref-expectations/1"})", "x").expectations);
  EXPECT_FALSE(parse_expectations(
                   R"({"schema": "wasmref-expectations/1", "entries": [{"file": "a.wast"}]})", "x")
                   .expectations);
  EXPECT_FALSE(
      parse_expectations(
          R"({"schema": "wasmref-expectations/1", "entries": [{"file": "a.wast", "index": -1, "reason": "r"}]})",
          "x")
          .expectations);
  EXPECT_FALSE(load_expectations("/nonexistent/x.json").expectations);
}

TEST(FinishFile, UnlistedStatuses) {
  FileResult f = file_with("a.wast", {Verdict::pass, Verdict::skip});
  finish_file(f, nullptr);
  EXPECT_EQ(f.status, FileStatus::pass);
  EXPECT_EQ(f.counts.pass, 1u);
  EXPECT_EQ(f.counts.skip, 1u);
  EXPECT_EQ(f.skipped_by_reason["text"], 1u);

  f = file_with("a.wast", {Verdict::pass, Verdict::fail});
  finish_file(f, nullptr);
  EXPECT_EQ(f.status, FileStatus::fail);

  f = file_with("a.wast", {Verdict::pass, Verdict::blocked});
  finish_file(f, nullptr);
  EXPECT_EQ(f.status, FileStatus::fail);  // blocked fails an unlisted file

  f = file_with("a.wast", {Verdict::pass, Verdict::error});
  finish_file(f, nullptr);
  EXPECT_EQ(f.status, FileStatus::error);

  f = file_with("a.wast", {Verdict::skip, Verdict::skip});
  finish_file(f, nullptr);
  EXPECT_EQ(f.status, FileStatus::skip);

  f = file_with("a.wast", {Verdict::fail});
  f.status = FileStatus::convert_error;
  finish_file(f, nullptr);
  EXPECT_EQ(f.status, FileStatus::convert_error);
}

TEST(FinishFile, IndexEntryFailingIsXfail) {
  Expectations e = fixture();
  FileResult f =
      file_with("br_table.wast", {Verdict::pass, Verdict::pass, Verdict::fail, Verdict::blocked});
  finish_file(f, &e);
  EXPECT_EQ(f.records[2].verdict, Verdict::xfail);
  EXPECT_EQ(f.records[3].verdict, Verdict::blocked);  // listed file: blocked stays blocked
  EXPECT_EQ(f.status, FileStatus::xfail);
  EXPECT_FALSE(fails_run(f.status));
  EXPECT_EQ(f.counts.xfail, 1u);
  EXPECT_EQ(f.counts.blocked, 1u);
}

TEST(FinishFile, IndexEntryPassingIsXpassAndFailsTheRun) {
  Expectations e = fixture();
  FileResult f = file_with("br_table.wast", {Verdict::pass, Verdict::pass, Verdict::pass});
  finish_file(f, &e);
  EXPECT_EQ(f.records[2].verdict, Verdict::xpass);
  EXPECT_EQ(f.status, FileStatus::xpass);
  EXPECT_TRUE(fails_run(f.status));
}

TEST(FinishFile, UnlistedFailureInListedFileStillFails) {
  Expectations e = fixture();
  FileResult f = file_with("br_table.wast", {Verdict::fail, Verdict::pass, Verdict::fail});
  finish_file(f, &e);
  EXPECT_EQ(f.records[0].verdict, Verdict::fail);
  EXPECT_EQ(f.records[2].verdict, Verdict::xfail);
  EXPECT_EQ(f.status, FileStatus::fail);
}

TEST(FinishFile, WholeFileEntry) {
  Expectations e = fixture();
  FileResult f = file_with("simd_address.wast", {Verdict::pass, Verdict::fail, Verdict::blocked});
  finish_file(f, &e);
  EXPECT_EQ(f.records[0].verdict, Verdict::pass);  // passing commands stay pass
  EXPECT_EQ(f.records[1].verdict, Verdict::xfail);
  EXPECT_EQ(f.records[2].verdict, Verdict::blocked);
  EXPECT_EQ(f.status, FileStatus::xfail);
  EXPECT_FALSE(fails_run(f.status));

  f = file_with("simd_address.wast", {Verdict::pass, Verdict::pass});
  finish_file(f, &e);
  EXPECT_EQ(f.status, FileStatus::xpass);  // the entry is stale: the list must shrink
  EXPECT_TRUE(fails_run(f.status));
  EXPECT_EQ(f.counts.pass, 2u);
}

TEST(FinishFile, UnusedEntriesAreReported) {
  Expectations e = fixture();
  FileResult f = file_with("br_table.wast", {Verdict::pass, Verdict::pass, Verdict::fail});
  finish_file(f, &e);
  FileResult g = file_with("simd_address.wast", {Verdict::fail});
  finish_file(g, &e);
  std::vector<std::string> unused;
  for (const ExpectationEntry* u : e.unused())
    unused.push_back(u->file + (u->index ? "#" + std::to_string(*u->index) : ""));
  EXPECT_EQ(unused, (std::vector<std::string>{"proposals/threads/atomic.wast", "br_table.wast#99",
                                              "nowhere.wast"}));
}

TEST(FinishFile, UnreadableScriptListedWholeIsXfail) {
  Expectations e = fixture();
  // A whole-file entry: a script the reader cannot read is the file's expected failure.
  FileResult f = file_with("proposals/threads/atomic.wast", {});
  f.status = FileStatus::error;
  f.message = "array.wast:64:23: unknown operator array.new_canon";
  finish_file(f, &e);
  EXPECT_EQ(f.status, FileStatus::xfail);
  EXPECT_FALSE(fails_run(f.status));
  EXPECT_NE(f.message.find("unknown operator array.new_canon"), std::string::npos);
  // Not listed: still an error.
  f = file_with("a.wast", {});
  f.status = FileStatus::error;
  finish_file(f, &e);
  EXPECT_EQ(f.status, FileStatus::error);
}

}  // namespace
}  // namespace wasmref::harness
