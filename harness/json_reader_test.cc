// Harness tests: the tolerant JSON reader (notes-harness §1.6 comma bug, §1.7 byte strings)
#include "harness/json_reader.h"

#include <gtest/gtest.h>

namespace wasmref::harness {
namespace {

TEST(JsonReader, PlainDocument) {
  JsonParse p = parse_json_tolerant(R"({"a": [1, -2, 3.5, true, false, null, "x"], "b": {}})");
  ASSERT_TRUE(p.value) << p.error;
  EXPECT_EQ((*p.value)["a"][0].get<unsigned>(), 1u);
  EXPECT_EQ((*p.value)["a"][1].get<int>(), -2);
  EXPECT_DOUBLE_EQ((*p.value)["a"][2].get<double>(), 3.5);
  EXPECT_TRUE((*p.value)["a"][3].get<bool>());
  EXPECT_TRUE((*p.value)["a"][5].is_null());
  EXPECT_TRUE((*p.value)["b"].is_object());
}

TEST(JsonReader, CommaBugBetweenObjects) {
  // wast2json 1.0.32 writes no comma between the type objects of a multi-result export.
  JsonParse p = parse_json_tolerant(R"({"expected": [{"type": "i32"}{"type": "f64"}]})");
  ASSERT_TRUE(p.value) << p.error;
  ASSERT_EQ((*p.value)["expected"].size(), 2u);
  EXPECT_EQ((*p.value)["expected"][1]["type"], "f64");
}

TEST(JsonReader, MissingCommaElsewhereIsAnError) {
  EXPECT_FALSE(parse_json_tolerant(R"([1 2])").value);
  EXPECT_FALSE(parse_json_tolerant(R"({"a": 1 "b": 2})").value);
}

TEST(JsonReader, NulAndRawBytesKept) {
  const std::string text = std::string("[\"a\\u0000b\", \"\xff\xfe\", \"\xc3\xa9\"]");
  JsonParse p = parse_json_tolerant(text);
  ASSERT_TRUE(p.value) << p.error;
  EXPECT_EQ((*p.value)[0].get<std::string>(), std::string("a\0b", 3));
  EXPECT_EQ((*p.value)[1].get<std::string>(), "\xff\xfe");  // not valid UTF-8: kept as bytes
  EXPECT_EQ((*p.value)[2].get<std::string>(), "\xc3\xa9");
}

TEST(JsonReader, Escapes) {
  JsonParse p = parse_json_tolerant(R"(["\"\\\/\b\f\n\r\t", "\u00e9", "\ud83d\ude00"])");
  ASSERT_TRUE(p.value) << p.error;
  EXPECT_EQ((*p.value)[0].get<std::string>(), "\"\\/\b\f\n\r\t");
  EXPECT_EQ((*p.value)[1].get<std::string>(), "\xc3\xa9");
  EXPECT_EQ((*p.value)[2].get<std::string>(), "\xf0\x9f\x98\x80");
}

TEST(JsonReader, CorruptInputsAreErrorsNotCrashes) {
  for (const char* bad : {"", "{", "[", "{\"a\"", "{\"a\":", "[1,", "\"abc", "tru", "{1:2}",
                          "[\"\\u12\"]", "[\"\\x\"]", "-", "1.", "1e", "[] x", "{\"a\":1,}"}) {
    JsonParse p = parse_json_tolerant(bad);
    EXPECT_FALSE(p.value) << bad;
    EXPECT_NE(p.error.find("invalid JSON at byte"), std::string::npos) << bad;
  }
}

TEST(JsonReader, DeepNestingRejected) {
  std::string deep(100000, '[');
  JsonParse p = parse_json_tolerant(deep);
  EXPECT_FALSE(p.value);
  EXPECT_NE(p.error.find("nesting too deep"), std::string::npos);
  std::string ok(50, '[');
  ok += std::string(50, ']');
  EXPECT_TRUE(parse_json_tolerant(ok).value);
}

TEST(JsonReader, DumpReplacesInvalidUtf8) {
  nlohmann::json j = std::string("a\xff");
  EXPECT_EQ(dump_json(j), "\"a\xef\xbf\xbd\"");
  EXPECT_EQ(dump_json(nlohmann::json(std::string("a\0b", 3))), "\"a\\u0000b\"");
}

}  // namespace
}  // namespace wasmref::harness
