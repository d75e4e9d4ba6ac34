// Shared helpers of the text reader's tests (not part of the library)
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "text/wat.h"

namespace wasmref::text::testing {

// Every feature the reader knows: 3.0, threads and the legacy exception instructions.
inline Features all_features() {
  Features f = Features::v3();
  f.threads = true;
  f.legacy_exceptions = true;
  return f;
}

// Bytes as "00 61 73 6d".
inline std::string hex(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (char ch : bytes) {
    const u8 b = static_cast<u8>(ch);
    if (!out.empty()) out += ' ';
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

// The module's bytes after the 8-byte header, as hex, or "error: message".
inline std::string body(std::string_view wat, const Features& f = all_features()) {
  const WatResult r = wat_to_binary(wat, f);
  if (!r.ok) return "error: " + r.error.message;
  EXPECT_EQ(hex(r.bytes.substr(0, 8)), "00 61 73 6d 01 00 00 00");
  return hex(r.bytes.substr(8));
}

}  // namespace wasmref::text::testing
