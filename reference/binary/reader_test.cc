// Core 2.0 §5.2 Values (binary/values.rst): tests of the byte reader, LEB128 and UTF-8 names
#include "binary/reader.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

namespace wasmref::binary {
namespace {

using Bytes = std::vector<u8>;

// Reads one value with `read` and also checks that exactly the whole input was consumed.
template <class F>
auto read_all(const Bytes& b, F read) {
  Reader r(b);
  auto v = read(r);
  if (v.ok()) {
    EXPECT_TRUE(r.eos()) << "input not fully consumed";
  }
  return v;
}

void expect_error(const Error& e, const char* message) {
  EXPECT_EQ(e.outcome, Outcome::malformed);
  EXPECT_EQ(e.message.rfind(message, 0), 0u) << e.message;
}

auto u32_of = [](Reader& r) { return r.read_u32(); };
auto s32_of = [](Reader& r) { return r.read_s32(); };
auto s33_of = [](Reader& r) { return r.read_s33(); };
auto s64_of = [](Reader& r) { return r.read_s64(); };

TEST(BinaryUnsignedLeb, Values) {
  EXPECT_EQ(*read_all({0x00}, u32_of), 0u);
  EXPECT_EQ(*read_all({0x7F}, u32_of), 127u);
  EXPECT_EQ(*read_all({0x80, 0x01}, u32_of), 128u);
  EXPECT_EQ(*read_all({0xE5, 0x8E, 0x26}, u32_of), 624485u);
  EXPECT_EQ(*read_all({0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, u32_of), 0xFFFFFFFFu);
  // "Trailing zeros" are allowed within ceil(N/7) bytes.
  EXPECT_EQ(*read_all({0x83, 0x00}, u32_of), 3u);
  EXPECT_EQ(*read_all({0x80, 0x80, 0x80, 0x80, 0x00}, u32_of), 0u);
}

TEST(BinaryUnsignedLeb, TooLong) {
  expect_error(read_all({0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, u32_of).error(),
               msg::integer_representation_too_long);
  expect_error(read_all({0x82, 0x80, 0x80, 0x80, 0x80, 0x00}, u32_of).error(),
               msg::integer_representation_too_long);
}

TEST(BinaryUnsignedLeb, UnusedBitsSet) {
  expect_error(read_all({0x82, 0x80, 0x80, 0x80, 0x70}, u32_of).error(), msg::integer_too_large);
  expect_error(read_all({0x82, 0x80, 0x80, 0x80, 0x10}, u32_of).error(), msg::integer_too_large);
  expect_error(read_all({0xFF, 0xFF, 0xFF, 0xFF, 0x1F}, u32_of).error(), msg::integer_too_large);
}

TEST(BinaryUnsignedLeb, Truncated) {
  expect_error(read_all({}, u32_of).error(), msg::unexpected_end_of_section_or_function);
  expect_error(read_all({0x80}, u32_of).error(), msg::unexpected_end_of_section_or_function);
  expect_error(read_all({0xFF, 0xFF, 0xFF, 0xFF}, u32_of).error(),
               msg::unexpected_end_of_section_or_function);
}

TEST(BinaryUnsignedLeb, OneBit) {  // the limits flag
  EXPECT_EQ(*read_all({0x00}, [](Reader& r) { return r.read_uN<1>(); }), 0u);
  EXPECT_EQ(*read_all({0x01}, [](Reader& r) { return r.read_uN<1>(); }), 1u);
  expect_error(read_all({0x02}, [](Reader& r) { return r.read_uN<1>(); }).error(),
               msg::integer_too_large);
  expect_error(read_all({0x81, 0x00}, [](Reader& r) { return r.read_uN<1>(); }).error(),
               msg::integer_representation_too_long);
}

TEST(BinarySignedLeb, S32Values) {
  EXPECT_EQ(*read_all({0x00}, s32_of), 0);
  EXPECT_EQ(*read_all({0x3F}, s32_of), 63);
  EXPECT_EQ(*read_all({0x40}, s32_of), -64);
  EXPECT_EQ(*read_all({0x7F}, s32_of), -1);
  EXPECT_EQ(*read_all({0xC0, 0x00}, s32_of), 64);
  EXPECT_EQ(*read_all({0xFF, 0x7F}, s32_of), -1);  // trailing sign bits
  EXPECT_EQ(*read_all({0xFF, 0xFF, 0xFF, 0xFF, 0x07}, s32_of), std::numeric_limits<i32>::max());
  EXPECT_EQ(*read_all({0x80, 0x80, 0x80, 0x80, 0x78}, s32_of), std::numeric_limits<i32>::min());
  EXPECT_EQ(*read_all({0xFF, 0xFF, 0xFF, 0xFF, 0x7F}, s32_of), -1);
}

TEST(BinarySignedLeb, S32Malformed) {
  // Unused bits of the terminal byte must all equal the sign bit.
  expect_error(read_all({0x80, 0x80, 0x80, 0x80, 0x70}, s32_of).error(), msg::integer_too_large);
  expect_error(read_all({0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, s32_of).error(), msg::integer_too_large);
  expect_error(read_all({0x80, 0x80, 0x80, 0x80, 0x1F}, s32_of).error(), msg::integer_too_large);
  expect_error(read_all({0xFF, 0xFF, 0xFF, 0xFF, 0x4F}, s32_of).error(), msg::integer_too_large);
  expect_error(read_all({0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, s32_of).error(),
               msg::integer_representation_too_long);
  expect_error(read_all({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F}, s32_of).error(),
               msg::integer_representation_too_long);
}

TEST(BinarySignedLeb, S33) {
  EXPECT_EQ(*read_all({0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, s33_of), i64{0xFFFFFFFF});
  EXPECT_EQ(*read_all({0x80, 0x80, 0x80, 0x80, 0x70}, s33_of), -(i64{1} << 32));
  expect_error(read_all({0x80, 0x80, 0x80, 0x80, 0x20}, s33_of).error(), msg::integer_too_large);
  expect_error(read_all({0x80, 0x80, 0x80, 0x80, 0x50}, s33_of).error(), msg::integer_too_large);
}

TEST(BinarySignedLeb, S64) {
  EXPECT_EQ(*read_all({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00}, s64_of),
            std::numeric_limits<i64>::max());
  EXPECT_EQ(*read_all({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F}, s64_of),
            std::numeric_limits<i64>::min());
  EXPECT_EQ(*read_all({0x7F}, s64_of), -1);
  expect_error(
      read_all({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7E}, s64_of).error(),
      msg::integer_too_large);
  expect_error(
      read_all({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01}, s64_of).error(),
      msg::integer_too_large);
  expect_error(
      read_all({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, s64_of).error(),
      msg::integer_representation_too_long);
}

TEST(BinaryFloat, BitPatternsKept) {
  // A signalling NaN with payload: must come back bit for bit.
  EXPECT_EQ(*read_all({0x01, 0x00, 0x80, 0x7F}, [](Reader& r) { return r.read_f32_bits(); }),
            0x7F800001u);
  EXPECT_EQ(
      *read_all({0x01, 0, 0, 0, 0, 0, 0xF0, 0xFF}, [](Reader& r) { return r.read_f64_bits(); }),
      0xFFF0000000000001ull);
  expect_error(read_all({0x00, 0x00}, [](Reader& r) { return r.read_f32_bits(); }).error(),
               msg::unexpected_end_of_section_or_function);
}

TEST(BinaryVector, LengthOutOfBounds) {
  // 0xFFFFFFFF elements announced with 5 bytes of input left: rejected before any allocation.
  expect_error(
      read_all({0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, [](Reader& r) { return r.read_len(); }).error(),
      msg::length_out_of_bounds);
  EXPECT_EQ(*read_all({0x00}, [](Reader& r) { return r.read_len(); }), 0u);
}

bool utf8(const Bytes& b) { return is_utf8(b); }

TEST(BinaryUtf8, Valid) {
  EXPECT_TRUE(utf8({}));
  EXPECT_TRUE(utf8({'a', 0x00, 0x7F}));
  EXPECT_TRUE(utf8({0xC2, 0x80}));              // U+0080
  EXPECT_TRUE(utf8({0xDF, 0xBF}));              // U+07FF
  EXPECT_TRUE(utf8({0xE0, 0xA0, 0x80}));        // U+0800
  EXPECT_TRUE(utf8({0xED, 0x9F, 0xBF}));        // U+D7FF
  EXPECT_TRUE(utf8({0xEE, 0x80, 0x80}));        // U+E000
  EXPECT_TRUE(utf8({0xEF, 0xBF, 0xBF}));        // U+FFFF
  EXPECT_TRUE(utf8({0xF0, 0x90, 0x80, 0x80}));  // U+10000
  EXPECT_TRUE(utf8({0xF4, 0x8F, 0xBF, 0xBF}));  // U+10FFFF
}

TEST(BinaryUtf8, Malformed) {
  EXPECT_FALSE(utf8({0x80}));                    // lone continuation byte
  EXPECT_FALSE(utf8({0xC0, 0x80}));              // overlong U+0000
  EXPECT_FALSE(utf8({0xC1, 0xBF}));              // overlong U+007F
  EXPECT_FALSE(utf8({0xE0, 0x9F, 0xBF}));        // overlong U+07FF
  EXPECT_FALSE(utf8({0xF0, 0x8F, 0xBF, 0xBF}));  // overlong U+FFFF
  EXPECT_FALSE(utf8({0xED, 0xA0, 0x80}));        // surrogate U+D800
  EXPECT_FALSE(utf8({0xED, 0xBF, 0xBF}));        // surrogate U+DFFF
  EXPECT_FALSE(utf8({0xF4, 0x90, 0x80, 0x80}));  // U+110000
  EXPECT_FALSE(utf8({0xF7, 0xBF, 0xBF, 0xBF}));  // beyond Unicode
  EXPECT_FALSE(utf8({0xF8, 0x88, 0x80, 0x80, 0x80}));
  EXPECT_FALSE(utf8({0xFE}));
  EXPECT_FALSE(utf8({0xFF}));
  EXPECT_FALSE(utf8({0xE2, 0x82}));        // truncated
  EXPECT_FALSE(utf8({0xF0, 0x90, 0x80}));  // truncated
  EXPECT_FALSE(utf8({0xC2, 0x41}));        // bad continuation
  EXPECT_FALSE(utf8({0xE2, 0x82, 0xC0}));  // bad continuation
}

TEST(BinaryName, MalformedUtf8AndRoundTrip) {
  expect_error(read_all({0x02, 0xC0, 0x80}, [](Reader& r) { return r.read_name(); }).error(),
               msg::malformed_utf8_encoding);
  EXPECT_EQ(*read_all({0x03, 'a', 0x00, 'b'}, [](Reader& r) { return r.read_name(); }),
            std::string("a\0b", 3));
  expect_error(read_all({0x03, 'a', 'b'}, [](Reader& r) { return r.read_name(); }).error(),
               msg::unexpected_end_of_section_or_function);
}

}  // namespace
}  // namespace wasmref::binary
