// Core 3.0 §6.3.1-6.3.2 Integers and floating-point numbers (text/values.rst)
//
// The grammar is checked here character by character (the lexer uses the same scanner to
// tell a number token from a reserved one). Integers accumulate in 64 bits with an overflow
// flag. Hexadecimal floats are rounded here, exactly, to nearest-even; decimal floats are
// handed to glibc's strtod/strtof (correctly rounded for any length and exponent) on a copy
// without underscores, never via a double for f32 (that would round twice).
#include "text/numbers.h"

#include <bit>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

namespace wasmref::text {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hexdigit(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
unsigned hex_value(char c) {
  if (is_digit(c)) return static_cast<unsigned>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<unsigned>(c - 'a' + 10);
  return static_cast<unsigned>(c - 'A' + 10);
}

// num ::= digit ('_'? digit)*   and   hexnum ::= hexdigit ('_'? hexdigit)*
// Scans one at `i`; false (i unchanged) when there is none. A `_` must sit between digits.
bool scan_digits(std::string_view s, size_t& i, bool hex) {
  auto digit = [&](size_t k) { return k < s.size() && (hex ? is_hexdigit(s[k]) : is_digit(s[k])); };
  if (!digit(i)) return false;
  size_t k = i + 1;
  for (;;) {
    if (digit(k)) {
      ++k;
    } else if (k < s.size() && s[k] == '_' && digit(k + 1)) {
      k += 2;
    } else {
      break;
    }
  }
  i = k;
  return true;
}

bool starts_with_hex_prefix(std::string_view s, size_t i) {
  return i + 1 < s.size() && s[i] == '0' && s[i + 1] == 'x';
}

// The value of a num / hexnum whose syntax was already checked, saturating: `overflow` is set
// when it does not fit in 64 bits.
u64 digits_value(std::string_view s, bool hex, bool& overflow) {
  u64 v = 0;
  overflow = false;
  const u64 base = hex ? 16 : 10;
  for (char c : s) {
    if (c == '_') continue;
    const u64 d = hex ? hex_value(c) : static_cast<u64>(c - '0');
    if (v > (~u64{0} - d) / base) {
      overflow = true;
      v = ~u64{0};
    } else {
      v = v * base + d;
    }
  }
  return v;
}

// uN's syntax: num | '0x' hexnum. Returns the magnitude; `ok` false when not that syntax.
struct Magnitude {
  bool ok = false;
  bool overflow = false;
  u64 value = 0;
};
Magnitude unsigned_magnitude(std::string_view s) {
  Magnitude m;
  size_t i = 0;
  bool hex = false;
  if (starts_with_hex_prefix(s, 0)) {
    hex = true;
    i = 2;
  }
  const size_t start = i;
  if (!scan_digits(s, i, hex) || i != s.size()) return m;
  m.ok = true;
  m.value = digits_value(s.substr(start), hex, m.overflow);
  return m;
}

u64 mask_of(unsigned bits) { return bits >= 64 ? ~u64{0} : (u64{1} << bits) - 1; }

// --- Floats --------------------------------------------------------------------------------

// Parameters of the binary interchange format (§4.3.3 / IEEE 754).
struct FloatFormat {
  int p;     // significand bits including the hidden one: 24 / 53
  int emin;  // -126 / -1022
  int emax;  // 127 / 1023
  unsigned bits;
};
FloatFormat format_of(unsigned bits) {
  return bits == 32 ? FloatFormat{24, -126, 127, 32} : FloatFormat{53, -1022, 1023, 64};
}

u64 sign_bit(unsigned bits) { return u64{1} << (bits - 1); }

// A decimal exponent `('+'|'-')? num`, saturating at a magnitude far beyond any that matters.
i64 exponent_value(std::string_view s) {
  bool negative = false;
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  i64 v = 0;
  for (; i < s.size(); ++i) {
    if (s[i] == '_') continue;
    if (v < (i64{1} << 40)) v = v * 10 + (s[i] - '0');
  }
  return negative ? -v : v;
}

// hexfloat ::= '0x' hexnum ('.' hexnum?)? (('p'|'P') sign? num)?  -- rounded exactly to
// nearest, ties to even (§6.3.2: "the value is rounded ... to the nearest representable").
// `mant` is the digits part (with the '.'), `exp` the exponent text (may be empty).
NumResult round_hexfloat(std::string_view mant, std::string_view exp, bool negative,
                         unsigned bits) {
  const FloatFormat f = format_of(bits);
  // value = m * 2^e2, plus a nonzero tail below m's last bit when `sticky`.
  u64 m = 0;
  i64 e2 = 0;
  bool sticky = false;
  bool fraction = false;
  for (char c : mant) {
    if (c == '_') continue;
    if (c == '.') {
      fraction = true;
      continue;
    }
    const unsigned d = hex_value(c);
    if (m < (u64{1} << 60)) {
      m = m * 16 + d;
      if (fraction) e2 -= 4;
    } else {
      sticky |= d != 0;
      if (!fraction) e2 += 4;
    }
  }
  e2 += exponent_value(exp);
  NumResult r;
  r.status = NumStatus::ok;
  const u64 sign = negative ? sign_bit(bits) : 0;
  if (m == 0) {
    r.bits = sign;
    return r;
  }
  const int msb = 63 - std::countl_zero(m);
  const i64 E = msb + e2;  // the value is in [2^E, 2^(E+1))
  if (E > f.emax) {
    r.status = NumStatus::out_of_range;
    return r;
  }
  // Bits to drop from m: keep p significant bits, or fewer for a subnormal result whose last
  // bit is worth 2^(emin - (p-1)).
  i64 shift = msb - (f.p - 1);
  const i64 subnormal_shift = (f.emin - (f.p - 1)) - e2;
  if (subnormal_shift > shift) shift = subnormal_shift;
  u64 kept = 0;
  if (shift <= 0) {
    kept = m << -shift;  // exact (at most p bits)
  } else {
    bool guard = false;
    bool rest = sticky;
    if (shift < 64) {
      kept = m >> shift;
      guard = (m >> (shift - 1)) & 1;
      rest |= (m & ((u64{1} << (shift - 1)) - 1)) != 0;
    } else if (shift == 64) {
      guard = (m >> 63) & 1;
      rest |= (m << 1) != 0;
    } else {
      rest = true;  // m != 0
    }
    if (guard && (rest || (kept & 1))) ++kept;  // round to nearest, ties to even
  }
  i64 unit = e2 + shift;  // the weight of kept's last bit is 2^unit
  if (kept == 0) {
    r.bits = sign;
    return r;
  }
  if (kept >> f.p) {  // rounding carried into a new bit: kept == 2^p
    kept >>= 1;
    ++unit;
  }
  const u64 frac_mask = (u64{1} << (f.p - 1)) - 1;
  if ((kept >> (f.p - 1)) == 0) {  // subnormal: unit is emin - (p-1), biased exponent 0
    r.bits = sign | kept;
    return r;
  }
  const i64 exponent = unit + (f.p - 1);
  if (exponent > f.emax) {
    r.status = NumStatus::out_of_range;
    return r;
  }
  const u64 biased = static_cast<u64>(exponent + f.emax);
  r.bits = sign | (biased << (f.p - 1)) | (kept & frac_mask);
  return r;
}

// float ::= num ('.' num?)? (('e'|'E') sign? num)?  -- via strtod/strtof on a copy without
// underscores. glibc rounds both correctly (any number of digits, any exponent) and in the
// target precision directly. Note (deviation): uses the C locale's '.', which is the default
// as long as nothing calls setlocale.
NumResult round_decimal(std::string_view text, bool negative, unsigned bits) {
  char small[128];
  std::string large;
  char* buf = small;
  if (text.size() + 1 > sizeof small) {
    large.resize(text.size() + 1);
    buf = large.data();
  }
  size_t n = 0;
  for (char c : text) {
    if (c != '_') buf[n++] = c;
  }
  buf[n] = '\0';
  NumResult r;
  r.status = NumStatus::ok;
  errno = 0;
  if (bits == 32) {
    const float v = std::strtof(buf, nullptr);
    const u32 b = std::bit_cast<u32>(v);
    if ((b & 0x7fffffffu) == 0x7f800000u) r.status = NumStatus::out_of_range;
    r.bits = b | (negative ? 0x80000000u : 0u);
  } else {
    const double v = std::strtod(buf, nullptr);
    const u64 b = std::bit_cast<u64>(v);
    if ((b & ~sign_bit(64)) == 0x7ff0000000000000ull) r.status = NumStatus::out_of_range;
    r.bits = b | (negative ? sign_bit(64) : 0);
  }
  if (r.status != NumStatus::ok) r.bits = 0;
  return r;
}

// The parts of a syntactically valid fNmag.
enum class FloatShape : u8 { invalid, integer, decimal, hex, inf, nan, nan_payload };
struct FloatSyntax {
  FloatShape shape = FloatShape::invalid;
  std::string_view mant;  // digits (with '.') / the payload hexnum
  std::string_view exp;   // exponent with its sign, empty if none
};

// fNmag ::= float | hexfloat | 'inf' | 'nan' | 'nan:0x' hexnum   (after the optional sign)
FloatSyntax float_syntax(std::string_view s) {
  FloatSyntax fs;
  if (s == "inf") {
    fs.shape = FloatShape::inf;
    return fs;
  }
  if (s == "nan") {
    fs.shape = FloatShape::nan;
    return fs;
  }
  if (s.starts_with("nan:0x")) {
    size_t i = 6;
    if (scan_digits(s, i, true) && i == s.size()) {
      fs.shape = FloatShape::nan_payload;
      fs.mant = s.substr(6);
    }
    return fs;
  }
  const bool hex = starts_with_hex_prefix(s, 0);
  size_t i = hex ? 2 : 0;
  const size_t start = i;
  if (!scan_digits(s, i, hex)) return fs;
  bool plain_integer = true;
  if (i < s.size() && s[i] == '.') {
    plain_integer = false;
    ++i;
    scan_digits(s, i, hex);  // optional fraction digits
  }
  const size_t mant_end = i;
  if (i < s.size() && (hex ? (s[i] == 'p' || s[i] == 'P') : (s[i] == 'e' || s[i] == 'E'))) {
    plain_integer = false;
    ++i;
    const size_t exp_start = i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!scan_digits(s, i, false)) return fs;
    fs.exp = s.substr(exp_start, i - exp_start);
  }
  if (i != s.size()) return fs;
  fs.mant = s.substr(start, mant_end - start);
  fs.shape = hex ? FloatShape::hex : (plain_integer ? FloatShape::integer : FloatShape::decimal);
  return fs;
}

}  // namespace

// --- §6.3.1 Integers ------------------------------------------------------------------------

NumResult parse_uN(std::string_view text, unsigned bits) {
  NumResult r;
  const Magnitude m = unsigned_magnitude(text);
  if (!m.ok) return r;
  r.status = (m.overflow || m.value > mask_of(bits)) ? NumStatus::out_of_range : NumStatus::ok;
  if (r.status == NumStatus::ok) r.bits = m.value;
  return r;
}

namespace {
// sN and iN differ only in the largest positive value: 2^(N-1)-1 for sN, 2^N-1 for iN.
NumResult parse_signed(std::string_view text, unsigned bits, u64 max_positive) {
  NumResult r;
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  const Magnitude m = unsigned_magnitude(text);
  if (!m.ok) return r;
  const u64 limit = negative ? u64{1} << (bits - 1) : max_positive;  // |min| = 2^(N-1)
  if (m.overflow || m.value > limit) {
    r.status = NumStatus::out_of_range;
    return r;
  }
  r.status = NumStatus::ok;
  r.bits = (negative ? (u64{0} - m.value) : m.value) & mask_of(bits);  // two's complement
  return r;
}
}  // namespace

NumResult parse_sN(std::string_view text, unsigned bits) {
  return parse_signed(text, bits, mask_of(bits - 1));
}

NumResult parse_iN(std::string_view text, unsigned bits) {
  return parse_signed(text, bits, mask_of(bits));
}

// --- §6.3.2 Floating-point numbers ----------------------------------------------------------

NumResult parse_fN(std::string_view text, unsigned bits) {
  NumResult r;
  if (bits != 32 && bits != 64) return r;
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  const FloatSyntax fs = float_syntax(text);
  const FloatFormat f = format_of(bits);
  const u64 sign = negative ? sign_bit(bits) : 0;
  const u64 exp_all_ones = ((u64{1} << (bits - f.p)) - 1) << (f.p - 1);
  const u64 payload_max = (u64{1} << (f.p - 1)) - 1;
  switch (fs.shape) {
    case FloatShape::invalid:
      return r;
    case FloatShape::inf:
      r.status = NumStatus::ok;
      r.bits = sign | exp_all_ones;
      return r;
    case FloatShape::nan:  // the canonical NaN: only the payload's top bit set
      r.status = NumStatus::ok;
      r.bits = sign | exp_all_ones | (u64{1} << (f.p - 2));
      return r;
    case FloatShape::nan_payload: {  // payload n with 1 <= n < 2^signif(N)
      bool overflow = false;
      const u64 n = digits_value(fs.mant, true, overflow);
      if (overflow || n == 0 || n > payload_max) {
        r.status = NumStatus::out_of_range;
        return r;
      }
      r.status = NumStatus::ok;
      r.bits = sign | exp_all_ones | n;
      return r;
    }
    case FloatShape::hex:
      return round_hexfloat(fs.mant, fs.exp, negative, bits);
    case FloatShape::integer:
    case FloatShape::decimal:
      return round_decimal(text, negative, bits);
  }
  return r;
}

bool is_number_literal(std::string_view text) {
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) text.remove_prefix(1);
  return float_syntax(text).shape != FloatShape::invalid;
}

}  // namespace wasmref::text
