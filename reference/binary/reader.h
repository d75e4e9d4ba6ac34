// Core 2.0 §5.1 Conventions and §5.2 Values (binary/conventions.rst, binary/values.rst): bytes,
// LEB128 integers, floats as bit patterns, vectors and UTF-8 names.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>

#include "syntax/messages.h"
#include "syntax/result.h"
#include "syntax/types.h"

// Propagates the error of a Result-returning expression, otherwise binds its value:
//   WASMREF_TRY(const u32 n, r.read_u32());
#define WASMREF_TRY_CAT2(a, b) a##b
#define WASMREF_TRY_CAT(a, b) WASMREF_TRY_CAT2(a, b)
#define WASMREF_TRY_IMPL(tmp, decl, expr) \
  auto tmp = (expr);                      \
  if (!tmp.ok()) return tmp.take_error(); \
  decl = std::move(tmp.value())
#define WASMREF_TRY(decl, expr) WASMREF_TRY_IMPL(WASMREF_TRY_CAT(try_, __LINE__), decl, expr)
// The same for Result<void>.
#define WASMREF_TRY_VOID(expr)                          \
  do {                                                  \
    auto try_void_ = (expr);                            \
    if (!try_void_.ok()) return try_void_.take_error(); \
  } while (false)

namespace wasmref::binary {

inline Error malformed(const char* message) { return make_error(Outcome::malformed, message); }
inline Error malformed(const char* message, const std::string& detail) {
  return make_error(Outcome::malformed, std::string(message) + ": " + detail);
}

// §5.2.4 Names: true iff `b` is utf8(c*) for some sequence of Unicode scalar values c*, i.e.
// every character uses its shortest form (no overlongs), no surrogates (U+D800..U+DFFF), nothing
// above U+10FFFF, and no sequence is cut short.
inline bool is_utf8(std::span<const u8> b) {
  size_t i = 0;
  while (i < b.size()) {
    const u8 b1 = b[i];
    if (b1 < 0x80) {  // utf8(c) = b, c < U+80
      ++i;
      continue;
    }
    size_t n = 0;  // bytes of the sequence
    u32 c = 0;     // the character being assembled
    u32 min = 0;   // the smallest c this length may encode (shorter forms are overlong)
    if (b1 >= 0xC0 && b1 < 0xE0) {
      n = 2, c = b1 - 0xC0u, min = 0x80;
    } else if (b1 >= 0xE0 && b1 < 0xF0) {
      n = 3, c = b1 - 0xE0u, min = 0x800;
    } else if (b1 >= 0xF0 && b1 < 0xF8) {
      n = 4, c = b1 - 0xF0u, min = 0x10000;
    } else {
      return false;  // a continuation byte (0x80..0xBF) or 0xF8..0xFF cannot start a character
    }
    if (b.size() - i < n) return false;  // truncated sequence
    for (size_t k = 1; k < n; ++k) {
      const u8 bk = b[i + k];
      if (bk < 0x80 || bk >= 0xC0) return false;  // b_k - 0x80 must be a 6-bit payload
      c = (c << 6) | (bk - 0x80u);
    }
    if (c < min) return false;                    // overlong
    if (c >= 0xD800 && c < 0xE000) return false;  // surrogates are not scalar values
    if (c >= 0x110000) return false;              // beyond Unicode
    i += n;
  }
  return true;
}

// A cursor over the whole binary. The decoder reads sections and function bodies from this one
// stream and checks each declared size afterwards ("section size mismatch"), as the spec's
// size-prefixed productions require; running off the end of the input is always
// "unexpected end of section or function".
class Reader {
 public:
  explicit Reader(std::span<const u8> bytes) : bytes_(bytes) {}

  size_t pos() const { return pos_; }
  size_t size() const { return bytes_.size(); }
  bool eos() const { return pos_ == bytes_.size(); }
  size_t remaining() const { return bytes_.size() - pos_; }
  std::optional<u8> peek() const {
    if (eos()) return std::nullopt;
    return bytes_[pos_];
  }

  // §5.2.1 Bytes encode themselves.
  Result<u8> byte() {
    if (eos()) return malformed(msg::unexpected_end_of_section_or_function);
    return bytes_[pos_++];
  }

  // n raw bytes (float bit patterns, data, custom section payloads).
  Result<std::span<const u8>> bytes(size_t n) {
    if (n > remaining()) return malformed(msg::unexpected_end_of_section_or_function);
    const std::span<const u8> out = bytes_.subspan(pos_, n);
    pos_ += n;
    return out;
  }

  // §5.2.2 uN: unsigned LEB128 of at most ceil(N/7) bytes; the unused bits of the last byte
  // must be zero.
  template <unsigned N>
  Result<u64> read_uN() {
    static_assert(N >= 1 && N <= 64);
    constexpr unsigned max_bytes = (N + 6) / 7;
    u64 result = 0;
    for (unsigned i = 0; i < max_bytes; ++i) {
      WASMREF_TRY(const u8 n, byte());
      const unsigned shift = 7 * i;
      if (i + 1 == max_bytes) {
        // Terminal byte: the side condition n < 2^7 (no continuation) bounds the length ...
        if (n & 0x80) return malformed(msg::integer_representation_too_long);
        // ... and n < 2^(N - 7i) leaves no bit above N set.
        const unsigned bits_left = N - shift;
        if (bits_left < 7 && (n >> bits_left) != 0) return malformed(msg::integer_too_large);
        return result | (u64{n} << shift);
      }
      result |= u64{n & 0x7Fu} << shift;
      if (!(n & 0x80)) return result;
    }
    return malformed(msg::integer_representation_too_long);  // unreachable: loop returns
  }

  // §5.2.2 sN: signed LEB128 of at most ceil(N/7) bytes; the unused bits of the last byte must
  // all equal its sign bit. Returned sign-extended to 64 bits.
  template <unsigned N>
  Result<i64> read_sN() {
    static_assert(N >= 2 && N <= 64);
    constexpr unsigned max_bytes = (N + 6) / 7;
    u64 result = 0;
    for (unsigned i = 0; i < max_bytes; ++i) {
      WASMREF_TRY(const u8 n, byte());
      const unsigned shift = 7 * i;
      const bool last = i + 1 == max_bytes;
      if (last && (n & 0x80)) return malformed(msg::integer_representation_too_long);
      if (last) {
        const unsigned bits_left = N - shift;  // value bits in this byte, the sign bit included
        if (bits_left < 7) {
          const u32 high = (n & 0x7Fu) >> (bits_left - 1);  // sign bit and the unused bits
          const u32 all_ones = (1u << (8 - bits_left)) - 1;
          if (high != 0 && high != all_ones) return malformed(msg::integer_too_large);
        }
      }
      result |= u64{n & 0x7Fu} << shift;  // wraps harmlessly past bit 63 (s64's last byte)
      if (!(n & 0x80)) {
        const unsigned width = shift + 7;
        if (width < 64 && (n & 0x40)) result |= ~u64{0} << width;  // sign-extend
        return static_cast<i64>(result);
      }
    }
    return malformed(msg::integer_representation_too_long);  // unreachable: loop returns
  }

  Result<u32> read_u32() {
    WASMREF_TRY(const u64 v, read_uN<32>());
    return static_cast<u32>(v);
  }
  Result<u64> read_u64() { return read_uN<64>(); }
  Result<i32> read_s32() {
    WASMREF_TRY(const i64 v, read_sN<32>());
    return static_cast<i32>(v);
  }
  Result<i64> read_s33() { return read_sN<33>(); }
  Result<i64> read_s64() { return read_sN<64>(); }

  // §5.2.3 fN: the IEEE 754 bit pattern, little-endian; never converted through a float.
  Result<u32> read_f32_bits() {
    WASMREF_TRY(const std::span<const u8> b, bytes(4));
    u32 bits = 0;
    for (size_t k = 0; k < 4; ++k) bits |= u32{b[k]} << (8 * k);
    return bits;
  }
  Result<u64> read_f64_bits() {
    WASMREF_TRY(const std::span<const u8> b, bytes(8));
    u64 bits = 0;
    for (size_t k = 0; k < 8; ++k) bits |= u64{b[k]} << (8 * k);
    return bits;
  }

  // §5.1.3 Vectors: the u32 length of a vec(B) or of a size-prefixed construct. Every element
  // or byte takes at least one byte of input, so a length exceeding what is left of the input
  // (counted, like the reference interpreter, from the start of the length itself) is
  // "length out of bounds" before anything is allocated for it.
  Result<u32> read_len() {
    const size_t left_at_start = remaining();
    WASMREF_TRY(const u32 n, read_u32());
    if (n > left_at_start) return malformed(msg::length_out_of_bounds);
    return n;
  }

  // §5.2.4 Names: vec(byte) that is valid UTF-8.
  Result<std::string> read_name() {
    WASMREF_TRY(const u32 n, read_len());
    WASMREF_TRY(const std::span<const u8> b, bytes(n));
    if (!is_utf8(b)) return malformed(msg::malformed_utf8_encoding);
    return std::string(b.begin(), b.end());
  }

 private:
  std::span<const u8> bytes_;
  size_t pos_ = 0;
};

}  // namespace wasmref::binary
