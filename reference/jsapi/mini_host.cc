// JS-API over an abstract JS host: MiniHost, the ECMA-262 subset the JS-API needs (ecma262 §6-§7,
// §27.2).
//
// Section banners follow ECMA-262: language types (§6.1), type conversion (§7.1), operations
// on objects (§7.3), iterators (§7.4), promises (§27.2), plus the host's event loop (HTML).
#include "jsapi/mini_host.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <utility>

namespace wasmref::jsapi {

namespace {

// The host's own messages (not testsuite texts: those live in syntax/messages.h).
namespace msg {
constexpr std::u16string_view not_a_function = u"value is not a function";
constexpr std::u16string_view not_a_constructor = u"value is not a constructor";
constexpr std::u16string_view no_properties = u"cannot read properties of undefined or null";
constexpr std::u16string_view to_primitive_failed = u"cannot convert object to primitive value";
constexpr std::u16string_view to_primitive_object = u"@@toPrimitive must return a primitive value";
constexpr std::u16string_view bigint_to_number = u"cannot convert a BigInt value to a number";
constexpr std::u16string_view symbol_to_number = u"cannot convert a Symbol value to a number";
constexpr std::u16string_view symbol_to_string = u"cannot convert a Symbol value to a string";
constexpr std::u16string_view to_bigint_type = u"cannot convert value to a BigInt";
constexpr std::u16string_view to_bigint_syntax = u"cannot convert string to a BigInt";
constexpr std::u16string_view not_iterable = u"value is not iterable";
constexpr std::u16string_view iterator_not_object = u"iterator result is not an object";
constexpr std::u16string_view promise_self = u"chaining cycle detected for promise";
constexpr std::u16string_view not_a_promise = u"receiver is not a promise";
constexpr std::u16string_view stack_overflow = u"Maximum call stack size exceeded";
constexpr std::u16string_view gc_object_set = u"cannot set a property of a WebAssembly GC object";
constexpr std::u16string_view gc_object_delete =
    u"cannot delete a property of a WebAssembly GC object";
}  // namespace msg

// Error classes: the JS-API's ErrorKinds plus %Error% and %SyntaxError% (StringToBigInt).
enum class ErrorClass : unsigned char {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  CompileError,
  LinkError,
  RuntimeError
};
constexpr std::u16string_view error_class_name(ErrorClass c) {
  switch (c) {
    case ErrorClass::Error: return u"Error";
    case ErrorClass::TypeError: return u"TypeError";
    case ErrorClass::RangeError: return u"RangeError";
    case ErrorClass::SyntaxError: return u"SyntaxError";
    case ErrorClass::CompileError: return u"CompileError";
    case ErrorClass::LinkError: return u"LinkError";
    case ErrorClass::RuntimeError: return u"RuntimeError";
  }
  return u"Error";
}
constexpr ErrorClass error_class_of(ErrorKind k) {
  switch (k) {
    case ErrorKind::TypeError: return ErrorClass::TypeError;
    case ErrorKind::RangeError: return ErrorClass::RangeError;
    case ErrorKind::CompileError: return ErrorClass::CompileError;
    case ErrorKind::LinkError: return ErrorClass::LinkError;
    case ErrorKind::RuntimeError: return ErrorClass::RuntimeError;
  }
  return ErrorClass::Error;
}
constexpr std::size_t kErrorClasses = 7;

// ---- Value model -------------------------------------------------------------------------

// A property key (ECMA-262 §6.1.7): a String, or a Symbol (its symbol index + 1; 0 = string).
struct Key {
  std::u16string name;
  std::uint32_t symbol = 0;
  bool operator==(const Key&) const = default;
};

// A property (ECMA-262 §6.1.7.1): data ([[Value]], [[Writable]]) or accessor ([[Get]], [[Set]]).
struct Property {
  Key key;
  bool accessor = false;
  JsValue value{};   // data
  JsValue getter{};  // accessor: a function or undefined
  bool writable = true;
  bool enumerable = true;
  bool configurable = true;
};

enum class ObjectKind : unsigned char {
  ordinary,
  array,
  function,
  platform,
  error,
  array_buffer,
  uint8_array,
  promise,
  // js-api §gc-exotic-objects: an exotic object whose internal methods are the Exported GC
  // Object's; the operations below that reach one apply them instead of the ordinary ones.
  exported_gc_object
};

struct Reaction {
  std::function<void(JsValue)> on_fulfilled;
  std::function<void(JsValue)> on_rejected;
};

struct Object {
  ObjectKind kind = ObjectKind::ordinary;
  std::vector<Property> properties;  // insertion order
  JsValue proto{};                   // an object, or null
  bool extensible = true;
  // function
  NativeFunction fn;
  bool constructor = false;
  // platform object or function slots
  std::shared_ptr<PlatformObject> slots;
  // error ([[ErrorData]])
  ErrorClass error_class = ErrorClass::Error;
  // ArrayBuffer ([[ArrayBufferData]]): owned bytes, or external bytes (memory storage)
  std::vector<std::uint8_t> bytes;
  std::uint8_t* external = nullptr;
  std::size_t external_length = 0;
  bool is_external = false;
  bool detached = false;
  // Uint8Array ([[ViewedArrayBuffer]], [[ArrayLength]]; offset 0)
  JsValue viewed_buffer{};
  std::size_t view_length = 0;
  // Promise ([[PromiseState]], [[PromiseResult]], reactions; the resolving functions'
  // shared [[AlreadyResolved]] record)
  JsHost::PromiseState promise_state = JsHost::PromiseState::pending;
  JsValue promise_result{};
  std::vector<Reaction> reactions;
  std::shared_ptr<bool> already_resolved;

  Property* find(const Key& k) {
    for (Property& p : properties)
      if (p.key == k) return &p;
    return nullptr;
  }
};

struct Cell {
  JsType type = JsType::undefined;
  bool b = false;
  double num = 0;
  std::uint32_t ref = 0;  // index into strings / bigints / symbols / objects
};

}  // namespace

// ---- BigInt (ECMA-262 §6.1.6.2) over 32-bit limbs ---------------------------------------

namespace {

void trim(std::vector<std::uint32_t>& m) {
  while (!m.empty() && m.back() == 0) m.pop_back();
}

// m = m * f + a (f, a < 2^32).
void mul_add(std::vector<std::uint32_t>& m, std::uint32_t f, std::uint32_t a) {
  std::uint64_t carry = a;
  for (std::uint32_t& limb : m) {
    const std::uint64_t t = std::uint64_t{limb} * f + carry;
    limb = static_cast<std::uint32_t>(t);
    carry = t >> 32;
  }
  if (carry != 0) m.push_back(static_cast<std::uint32_t>(carry));
  trim(m);
}

// m = m / d, returns m mod d (d != 0).
std::uint32_t div_small(std::vector<std::uint32_t>& m, std::uint32_t d) {
  std::uint64_t rem = 0;
  for (std::size_t i = m.size(); i-- > 0;) {
    const std::uint64_t cur = (rem << 32) | m[i];
    m[i] = static_cast<std::uint32_t>(cur / d);
    rem = cur % d;
  }
  trim(m);
  return static_cast<std::uint32_t>(rem);
}

std::uint64_t low_u64(const std::vector<std::uint32_t>& m) {
  std::uint64_t v = 0;
  if (!m.empty()) v = m[0];
  if (m.size() > 1) v |= std::uint64_t{m[1]} << 32;
  return v;
}

// The Number value for a non-negative integer magnitude, rounded to nearest, ties to even
// (ECMA-262 "the Number value for"): the top 64 bits with a sticky bit for the rest, then one
// correctly rounded conversion (64 > 53 + 2 bits, so the sticky bit keeps the rounding exact).
double magnitude_to_double(const std::vector<std::uint32_t>& m) {
  if (m.empty()) return 0;
  const std::size_t top_bits = 32 - static_cast<std::size_t>(std::countl_zero(m.back()));
  const std::size_t bit_length = (m.size() - 1) * 32 + top_bits;
  if (bit_length <= 64) return static_cast<double>(low_u64(m));
  const std::size_t shift = bit_length - 64;
  auto bit_window = [&](std::size_t from) {  // 64 bits starting at bit `from`
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < 64; ++i) {
      const std::size_t bit = from + i;
      if ((m[bit / 32] >> (bit % 32)) & 1u) v |= std::uint64_t{1} << i;
    }
    return v;
  };
  std::uint64_t top = bit_window(shift);
  bool sticky = false;
  for (std::size_t bit = 0; bit < shift && !sticky; ++bit)
    sticky = ((m[bit / 32] >> (bit % 32)) & 1u) != 0;
  if (sticky) top |= 1;
  // shift can exceed the double range: ldexp then gives +Infinity, as "the Number value" does.
  return std::ldexp(static_cast<double>(top), static_cast<int>(std::min<std::size_t>(shift, 4096)));
}

}  // namespace

MiniBigInt MiniBigInt::from_u64(std::uint64_t u) {
  MiniBigInt n;
  n.magnitude = {static_cast<std::uint32_t>(u), static_cast<std::uint32_t>(u >> 32)};
  trim(n.magnitude);
  return n;
}

MiniBigInt MiniBigInt::from_i64(std::int64_t i) {
  // |i| as unsigned without signed overflow (INT64_MIN included).
  const std::uint64_t u =
      i < 0 ? ~static_cast<std::uint64_t>(i) + 1 : static_cast<std::uint64_t>(i);
  MiniBigInt n = from_u64(u);
  n.negative = i < 0;
  return n;
}

std::uint64_t MiniBigInt::as_uint64() const {
  // BigInt::asUintN(64, n) = n modulo 2^64: the low 64 bits of the two's complement.
  const std::uint64_t low = low_u64(magnitude);
  return negative ? ~low + 1 : low;
}

std::int64_t MiniBigInt::as_int64() const {
  // BigInt::asIntN(64, n): the same bits read as signed (two's complement, well defined in C++20).
  return static_cast<std::int64_t>(as_uint64());
}

bool MiniBigInt::fits_u64() const { return !negative && magnitude.size() <= 2; }

std::u16string MiniBigInt::to_decimal() const {
  if (is_zero()) return u"0";
  std::vector<std::uint32_t> m = magnitude;
  std::u16string digits;
  while (!m.empty()) {
    std::uint32_t chunk = div_small(m, 1000000000u);
    for (int i = 0; i < 9; ++i) {
      digits.push_back(static_cast<char16_t>(u'0' + chunk % 10));
      chunk /= 10;
      if (m.empty() && chunk == 0) break;
    }
  }
  while (digits.size() > 1 && digits.back() == u'0') digits.pop_back();
  if (negative) digits.push_back(u'-');
  std::reverse(digits.begin(), digits.end());
  return digits;
}

// ---- UTF-8 <-> UTF-16 ------------------------------------------------------------------

std::u16string MiniHost::utf16(std::string_view s) {
  // WHATWG Encoding "UTF-8 decode" with replacement: a maximal invalid subpart becomes U+FFFD.
  std::u16string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    std::uint32_t cp = 0xFFFD;
    std::size_t len = 1;
    std::size_t need = 0;
    unsigned lower = 0x80, upper = 0xBF;
    if (b0 < 0x80) {
      cp = b0;
    } else if (b0 >= 0xC2 && b0 <= 0xDF) {
      need = 1, cp = b0 & 0x1Fu;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      need = 2, cp = b0 & 0x0Fu;
      if (b0 == 0xE0) lower = 0xA0;  // no overlong forms
      if (b0 == 0xED) upper = 0x9F;  // no surrogates
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      need = 3, cp = b0 & 0x07u;
      if (b0 == 0xF0) lower = 0x90;  // no overlong forms
      if (b0 == 0xF4) upper = 0x8F;  // at most U+10FFFF
    }
    if (need > 0) {
      std::size_t k = 1;
      for (; k <= need; ++k) {
        if (i + k >= s.size()) break;
        const auto bk = static_cast<unsigned char>(s[i + k]);
        if (bk < lower || bk > upper) break;
        lower = 0x80, upper = 0xBF;
        cp = (cp << 6) | (bk & 0x3Fu);
      }
      if (k > need) {
        len = need + 1;
      } else {
        cp = 0xFFFD;
        len = k;  // the lead byte and the continuation bytes accepted so far
      }
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
    i += len;
  }
  return out;
}

std::string MiniHost::utf8(std::u16string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    std::uint32_t cp = s[i];
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < s.size() && s[i + 1] >= 0xDC00 &&
        s[i + 1] <= 0xDFFF) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (s[i + 1] - 0xDC00u);
      ++i;
    } else if (cp >= 0xD800 && cp <= 0xDFFF) {
      cp = 0xFFFD;  // a lone surrogate
    }
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  return out;
}

// ---- Number::toString, StringToNumber, StringToBigInt (ECMA-262 §6.1.6.1.20, §7.1.4.1) -----

namespace {

// WhiteSpace and LineTerminator (ECMA-262 §12.2, §12.3): what StringToNumber trims.
bool is_js_whitespace(char16_t c) {
  switch (c) {
    case 0x0009:
    case 0x000B:
    case 0x000C:
    case 0x0020:
    case 0x00A0:
    case 0xFEFF:  // WhiteSpace
    case 0x000A:
    case 0x000D:
    case 0x2028:
    case 0x2029:  // LineTerminator
    case 0x1680:
    case 0x202F:
    case 0x205F:
    case 0x3000:  // Zs
      return true;
    default: return c >= 0x2000 && c <= 0x200A;  // Zs
  }
}

std::u16string_view trim_whitespace(std::u16string_view s) {
  while (!s.empty() && is_js_whitespace(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_js_whitespace(s.back())) s.remove_suffix(1);
  return s;
}

int digit_value(char16_t c) {
  if (c >= u'0' && c <= u'9') return c - u'0';
  if (c >= u'a' && c <= u'z') return c - u'a' + 10;
  if (c >= u'A' && c <= u'Z') return c - u'A' + 10;
  return 99;
}

// NonDecimalIntegerLiteral without its sign: "0x1F", "0o17", "0b11" -> radix and digits.
std::optional<std::pair<std::uint32_t, std::u16string_view>> non_decimal_prefix(
    std::u16string_view s) {
  if (s.size() < 2 || s[0] != u'0') return std::nullopt;
  switch (s[1]) {
    case u'x':
    case u'X': return std::pair{16u, s.substr(2)};
    case u'o':
    case u'O': return std::pair{8u, s.substr(2)};
    case u'b':
    case u'B': return std::pair{2u, s.substr(2)};
    default: return std::nullopt;
  }
}

// One or more digits of `radix` into a magnitude, or nullopt.
std::optional<std::vector<std::uint32_t>> parse_digits(std::u16string_view digits,
                                                       std::uint32_t radix) {
  if (digits.empty()) return std::nullopt;
  std::vector<std::uint32_t> m;
  for (char16_t c : digits) {
    const int d = digit_value(c);
    if (d >= static_cast<int>(radix)) return std::nullopt;
    mul_add(m, radix, static_cast<std::uint32_t>(d));
  }
  return m;
}

}  // namespace

std::u16string MiniHost::number_to_string(double x) {
  // Number::toString(x, 10), steps 1-12.
  if (std::isnan(x)) return u"NaN";
  if (x == 0) return u"0";  // +0 and -0
  if (x < 0) return u"-" + number_to_string(-x);
  if (std::isinf(x)) return u"Infinity";
  // Step 5: the shortest digits s (k of them) and n with s × 10^(n-k) = x: to_chars without a
  // precision gives exactly the shortest round-trip digits, here as d.ddde±X.
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
  const std::string_view sci(buf, static_cast<std::size_t>(res.ptr - buf));
  const std::size_t e_pos = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e_pos))
    if (c != '.') digits.push_back(c);
  int exp10 = 0;
  std::from_chars(sci.data() + e_pos + 1 + (sci[e_pos + 1] == '+' ? 1 : 0), sci.data() + sci.size(),
                  exp10);
  const int k = static_cast<int>(digits.size());
  const int n = exp10 + 1;
  std::string out;
  if (k <= n && n <= 21) {  // step 6: digits then n-k zeros
    out = digits + std::string(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {  // step 7: the first n digits, ".", the rest
    out = digits.substr(0, static_cast<std::size_t>(n)) + "." +
          digits.substr(static_cast<std::size_t>(n));
  } else if (-6 < n && n <= 0) {  // step 8: "0." then -n zeros then the digits
    out = "0." + std::string(static_cast<std::size_t>(-n), '0') + digits;
  } else {  // steps 9-12: exponential form, "e", sign, n-1
    out = digits.substr(0, 1);
    if (k > 1) out += "." + digits.substr(1);
    out += n - 1 >= 0 ? "e+" : "e-";
    out += std::to_string(n - 1 >= 0 ? n - 1 : 1 - n);
  }
  return utf16(out);
}

double MiniHost::string_to_number(std::u16string_view str) {
  // StringToNumber: StringNumericLiteral ::: StrWhiteSpace_opt | StrWhiteSpace_opt
  // StrNumericLiteral StrWhiteSpace_opt; anything else is NaN.
  const std::u16string_view s = trim_whitespace(str);
  if (s.empty()) return 0;  // StrWhiteSpace_opt alone: 0
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  // NonDecimalIntegerLiteral (unsigned): the exact integer, rounded once to a Number.
  if (auto nd = non_decimal_prefix(s)) {
    auto m = parse_digits(nd->second, nd->first);
    return m ? magnitude_to_double(*m) : nan;
  }
  // StrDecimalLiteral ::: (+|-)? (Infinity | StrUnsignedDecimalLiteral)
  std::u16string_view u = s;
  bool negative = false;
  if (u.front() == u'+' || u.front() == u'-') {
    negative = u.front() == u'-';
    u.remove_prefix(1);
  }
  const double sign = negative ? -1.0 : 1.0;
  if (u == u"Infinity") return sign * std::numeric_limits<double>::infinity();
  // StrUnsignedDecimalLiteral: digits [. digits] [exp] | . digits [exp]; exp: (e|E) (+|-)? digits.
  std::string ascii;
  std::size_t i = 0;
  std::size_t int_digits = 0, frac_digits = 0;
  long long first_nonzero = 0;  // decimal position of the first nonzero digit (for overflow)
  bool seen_nonzero = false;
  long long position = 0;
  while (i < u.size() && u[i] >= u'0' && u[i] <= u'9') {
    if (!seen_nonzero && u[i] != u'0') seen_nonzero = true, first_nonzero = position;
    ascii.push_back(static_cast<char>(u[i++])), ++int_digits, ++position;
  }
  const long long int_len = position;
  if (i < u.size() && u[i] == u'.') {
    ascii.push_back('.'), ++i;
    while (i < u.size() && u[i] >= u'0' && u[i] <= u'9') {
      if (!seen_nonzero && u[i] != u'0') seen_nonzero = true, first_nonzero = position;
      ascii.push_back(static_cast<char>(u[i++])), ++frac_digits, ++position;
    }
  }
  if (int_digits + frac_digits == 0) return nan;
  long long exponent = 0;  // saturated, only used to tell overflow from underflow
  if (i < u.size() && (u[i] == u'e' || u[i] == u'E')) {
    ascii.push_back('e'), ++i;
    bool exp_negative = false;
    if (i < u.size() && (u[i] == u'+' || u[i] == u'-')) {
      exp_negative = u[i] == u'-';
      ascii.push_back(static_cast<char>(u[i++]));
    }
    const std::size_t exp_start = i;
    while (i < u.size() && u[i] >= u'0' && u[i] <= u'9') {
      exponent = std::min<long long>(exponent * 10 + (u[i] - u'0'), 1'000'000'000LL);
      ascii.push_back(static_cast<char>(u[i++]));
    }
    if (i == exp_start) return nan;
    if (exp_negative) exponent = -exponent;
  }
  if (i != u.size()) return nan;
  if (!seen_nonzero) return sign * 0.0;
  // The literal's MV rounded to a Number (round to nearest, ties to even): from_chars is exact.
  double value = 0;
  const auto res = std::from_chars(ascii.data(), ascii.data() + ascii.size(), value);
  if (res.ec == std::errc::result_out_of_range) {
    // The value is beyond the double range: its magnitude is 10^(decimal exponent of the
    // first nonzero digit), so the sign of that exponent says Infinity or 0.
    const long long magnitude = int_len - first_nonzero - 1 + exponent;
    value = magnitude > 0 ? std::numeric_limits<double>::infinity() : 0.0;
  } else if (res.ec != std::errc{} || res.ptr != ascii.data() + ascii.size()) {
    return nan;
  }
  return sign * value;
}

std::optional<MiniBigInt> MiniHost::string_to_bigint(std::u16string_view str) {
  // StringToBigInt: StringIntegerLiteral ::: StrWhiteSpace_opt | StrWhiteSpace_opt
  // StrIntegerLiteral StrWhiteSpace_opt; StrIntegerLiteral ::: SignedInteger |
  // NonDecimalIntegerLiteral (no sign, no fraction, no exponent, no Infinity).
  const std::u16string_view s = trim_whitespace(str);
  MiniBigInt n;
  if (s.empty()) return n;  // 0n
  if (auto nd = non_decimal_prefix(s)) {
    auto m = parse_digits(nd->second, nd->first);
    if (!m) return std::nullopt;
    n.magnitude = std::move(*m);
    return n;
  }
  std::u16string_view d = s;
  bool negative = false;
  if (d.front() == u'+' || d.front() == u'-') {
    negative = d.front() == u'-';
    d.remove_prefix(1);
  }
  auto m = parse_digits(d, 10);
  if (!m) return std::nullopt;
  n.magnitude = std::move(*m);
  n.negative = negative && !n.magnitude.empty();  // -0n is 0n
  return n;
}

// ---- The host's state ------------------------------------------------------------------

struct MiniHost::Impl {
  std::deque<Cell> cells;  // handle -> cell; deques keep references stable on growth
  std::deque<std::u16string> strings;
  std::deque<MiniBigInt> bigints;
  std::deque<std::u16string> symbols;  // descriptions
  std::deque<Object> objects;
  std::deque<std::function<void()>> jobs;   // promise jobs (ECMA-262 HostEnqueuePromiseJob)
  std::deque<std::function<void()>> tasks;  // HTML tasks
  std::size_t call_depth = 0;
  std::size_t max_call_depth = 512;

  JsValue sym_iterator{}, sym_to_primitive{};
  JsValue object_prototype{}, function_prototype{}, array_prototype{}, promise_prototype{};
  JsValue error_prototypes[kErrorClasses]{};

  static constexpr JsValue kUndefined{0}, kNull{1}, kFalse{2}, kTrue{3};

  JsValue add(const Cell& c) {
    cells.push_back(c);
    return JsValue{cells.size() - 1};
  }
  // An unknown handle reads as undefined (never out-of-bounds access).
  const Cell& cell(JsValue v) const { return v.handle < cells.size() ? cells[v.handle] : cells[0]; }
  JsType type(JsValue v) const { return cell(v).type; }
  Object* obj(JsValue v) {
    const Cell& c = cell(v);
    return c.type == JsType::object ? &objects[c.ref] : nullptr;
  }
  Object* obj_of_kind(JsValue v, ObjectKind k) {
    Object* o = obj(v);
    return o != nullptr && o->kind == k ? o : nullptr;
  }
  JsValue new_object(ObjectKind kind, JsValue proto) {
    objects.emplace_back();
    objects.back().kind = kind;
    objects.back().proto = proto;
    return add(Cell{JsType::object, false, 0, static_cast<std::uint32_t>(objects.size() - 1)});
  }
  JsValue new_string(std::u16string_view s) {
    strings.emplace_back(s);
    return add(Cell{JsType::string, false, 0, static_cast<std::uint32_t>(strings.size() - 1)});
  }
  JsValue new_bigint(MiniBigInt n) {
    bigints.push_back(std::move(n));
    return add(Cell{JsType::bigint, false, 0, static_cast<std::uint32_t>(bigints.size() - 1)});
  }
  Key symbol_key(JsValue sym) const { return Key{{}, cell(sym).ref + 1}; }
  // Defines (or redefines) an own property, ValidateAndApplyPropertyDescriptor-free: only for
  // objects the host is building.
  void put(JsValue o, Property p) {
    Object* ob = obj(o);
    if (ob == nullptr) return;
    if (Property* existing = ob->find(p.key)) {
      *existing = std::move(p);
    } else {
      ob->properties.push_back(std::move(p));
    }
  }
  void put_data(JsValue o, Key k, JsValue v, bool writable, bool enumerable, bool configurable) {
    Property p;
    p.key = std::move(k);
    p.value = v;
    p.writable = writable, p.enumerable = enumerable, p.configurable = configurable;
    put(o, std::move(p));
  }
  void enqueue_job(std::function<void()> job) { jobs.push_back(std::move(job)); }
};

namespace {

using Impl = MiniHost::Impl;

Key string_key(std::u16string_view s) { return Key{std::u16string(s), 0}; }

Thrown throw_type_error(MiniHost& h, std::u16string_view m) {
  return Thrown{h.make_error(ErrorKind::TypeError, m)};
}

// Built-in methods: {writable, non-enumerable, configurable} (ECMA-262 §18).
void define_method(MiniHost& h, Impl& I, JsValue o, Key k, std::u16string_view name,
                   std::uint32_t length, NativeFunction fn) {
  const JsValue f = h.function(name, length, std::move(fn));
  I.put_data(o, std::move(k), f, true, false, true);
}

JsValue arg(const CallArgs& c, std::size_t i) { return c.missing(i) ? JsValue{} : c.args[i]; }

// An error object of class `c` (ECMA-262 §20.5: [[ErrorData]], an own "message").
JsValue new_error(Impl& I, ErrorClass c, std::u16string_view message) {
  const JsValue e =
      I.new_object(ObjectKind::error, I.error_prototypes[static_cast<std::size_t>(c)]);
  I.obj(e)->error_class = c;
  I.put_data(e, string_key(u"message"), I.new_string(message), true, false, true);
  return e;
}

// ---- §7.3 Operations on objects ------------------------------------------------------------

// O.[[Get]](P, Receiver) by OrdinaryGet along the prototype chain; for a primitive base, GetV.
// Note (deviation): primitives have no wrapper prototypes (String.prototype, Number.prototype
// ...); a property of a primitive is looked up on %Object.prototype%, except a String's
// "length" and integer-index code units.
Completion<JsValue> get_key(MiniHost& h, Impl& I, JsValue base, const Key& k) {
  JsValue current = base;
  switch (I.type(base)) {
    case JsType::undefined:
    case JsType::null: return throw_type_error(h, msg::no_properties);
    case JsType::object: break;
    case JsType::string: {
      const std::u16string& s = I.strings[I.cell(base).ref];
      if (k.symbol == 0 && k.name == u"length") return h.number(static_cast<double>(s.size()));
      if (k.symbol == 0 && !k.name.empty() && k.name.size() <= 9 &&
          std::all_of(k.name.begin(), k.name.end(),
                      [](char16_t c) { return c >= u'0' && c <= u'9'; }) &&
          (k.name.size() == 1 || k.name[0] != u'0')) {
        std::size_t index = 0;
        for (char16_t c : k.name) index = index * 10 + static_cast<std::size_t>(c - u'0');
        if (index < s.size()) return h.string(std::u16string_view(&s[index], 1));
      }
      current = I.object_prototype;
      break;
    }
    default: current = I.object_prototype; break;
  }
  // A bounded walk: set_prototype refuses cycles, so the chain ends in null.
  while (Object* o = I.obj(current)) {
    // An Exported GC Object's [[Get]]: undefined (js-api §gc-exotic-objects).
    if (o->kind == ObjectKind::exported_gc_object) return h.undefined();
    if (const Property* p = o->find(k)) {
      if (!p->accessor) return p->value;
      const JsValue getter = p->getter;
      if (I.type(getter) == JsType::undefined) return h.undefined();
      return h.call(getter, base, {});  // the getter runs with the receiver as `this`
    }
    current = o->proto;
  }
  return h.undefined();
}

// GetMethod(V, P): undefined for undefined/null, TypeError if not callable.
Completion<JsValue> get_method(MiniHost& h, Impl& I, JsValue v, const Key& k) {
  WASMREF_JS_TRY(const JsValue f, get_key(h, I, v, k));
  const JsType t = I.type(f);
  if (t == JsType::undefined || t == JsType::null) return h.undefined();
  if (!h.is_callable(f)) return throw_type_error(h, msg::not_a_function);
  return f;
}

// ---- §7.1.1 ToPrimitive ---------------------------------------------------------------------

enum class Hint : unsigned char { string, number };

Completion<JsValue> to_primitive(MiniHost& h, Impl& I, JsValue input, Hint hint) {
  if (I.type(input) != JsType::object) return input;
  // 1.a-b: exoticToPrim = GetMethod(input, @@toPrimitive)
  WASMREF_JS_TRY(const JsValue exotic, get_method(h, I, input, I.symbol_key(I.sym_to_primitive)));
  if (I.type(exotic) != JsType::undefined) {
    const JsValue hint_value = h.string(hint == Hint::string ? u"string" : u"number");
    WASMREF_JS_TRY(const JsValue result,
                   h.call(exotic, input, std::span<const JsValue>(&hint_value, 1)));
    if (I.type(result) != JsType::object) return result;
    return throw_type_error(h, msg::to_primitive_object);
  }
  // OrdinaryToPrimitive(O, hint): "valueOf" then "toString" for number, the reverse for string.
  const std::u16string_view order[2] = {hint == Hint::string ? u"toString" : u"valueOf",
                                        hint == Hint::string ? u"valueOf" : u"toString"};
  for (std::u16string_view name : order) {
    WASMREF_JS_TRY(const JsValue method, get_key(h, I, input, string_key(name)));
    if (h.is_callable(method)) {
      WASMREF_JS_TRY(const JsValue result, h.call(method, input, {}));
      if (I.type(result) != JsType::object) return result;
    }
  }
  return throw_type_error(h, msg::to_primitive_failed);
}

// ToBigInt (ECMA-262 §7.1.13).
Completion<MiniBigInt> to_bigint(MiniHost& h, Impl& I, JsValue v) {
  WASMREF_JS_TRY(const JsValue prim, to_primitive(h, I, v, Hint::number));
  switch (I.type(prim)) {
    case JsType::boolean: return MiniBigInt::from_u64(I.cell(prim).b ? 1 : 0);
    case JsType::bigint: return I.bigints[I.cell(prim).ref];
    case JsType::string: {
      auto n = MiniHost::string_to_bigint(I.strings[I.cell(prim).ref]);
      if (!n) return Thrown{new_error(I, ErrorClass::SyntaxError, msg::to_bigint_syntax)};
      return *n;
    }
    default:  // undefined, null, Number, Symbol
      return throw_type_error(h, msg::to_bigint_type);
  }
}

bool is_array_index(std::u16string_view k, std::uint64_t& index) {
  if (k.empty() || k.size() > 10 || (k.size() > 1 && k[0] == u'0')) return false;
  std::uint64_t v = 0;
  for (char16_t c : k) {
    if (c < u'0' || c > u'9') return false;
    v = v * 10 + static_cast<std::uint64_t>(c - u'0');
  }
  if (v >= 4294967295ULL) return false;  // array indices are < 2^32 - 1
  index = v;
  return true;
}

}  // namespace

// ---- Construction: the intrinsics ------------------------------------------------------

MiniHost::MiniHost() : impl_(std::make_unique<Impl>()) {
  Impl& I = *impl_;
  I.add(Cell{JsType::undefined});       // handle 0: a default JsValue{} is undefined
  I.add(Cell{JsType::null});            // 1
  I.add(Cell{JsType::boolean, false});  // 2
  I.add(Cell{JsType::boolean, true});   // 3
  I.sym_iterator = make_symbol(u"Symbol.iterator");
  I.sym_to_primitive = make_symbol(u"Symbol.toPrimitive");

  // %Object.prototype% (null prototype) and %Function.prototype%.
  // Note (deviation): %Function.prototype% is an ordinary object here, not a callable one.
  I.object_prototype = I.new_object(ObjectKind::ordinary, Impl::kNull);
  I.function_prototype = I.new_object(ObjectKind::ordinary, I.object_prototype);

  // Object.prototype.toString (§20.1.3.6): "[object " + builtinTag + "]".
  define_method(*this, I, I.object_prototype, string_key(u"toString"), u"toString", 0,
                [&I](JsHost& h, const CallArgs& c) -> Completion<JsValue> {
                  std::u16string_view tag = u"Object";
                  switch (I.type(c.this_value)) {
                    case JsType::undefined: tag = u"Undefined"; break;
                    case JsType::null: tag = u"Null"; break;
                    case JsType::boolean: tag = u"Boolean"; break;
                    case JsType::number: tag = u"Number"; break;
                    case JsType::bigint: tag = u"BigInt"; break;
                    case JsType::string: tag = u"String"; break;
                    case JsType::symbol: tag = u"Symbol"; break;
                    case JsType::object: {
                      const ObjectKind k = I.obj(c.this_value)->kind;
                      if (k == ObjectKind::array) tag = u"Array";
                      if (k == ObjectKind::function) tag = u"Function";
                      if (k == ObjectKind::error) tag = u"Error";
                      break;
                    }
                  }
                  return h.string(u"[object " + std::u16string(tag) + u"]");
                });
  // Object.prototype.valueOf (§20.1.3.7): ToObject(this value).
  // Note (deviation): no wrapper objects; a primitive `this` is returned as is.
  define_method(*this, I, I.object_prototype, string_key(u"valueOf"), u"valueOf", 0,
                [&I](JsHost& h, const CallArgs& c) -> Completion<JsValue> {
                  const JsType t = I.type(c.this_value);
                  if (t == JsType::undefined || t == JsType::null)
                    return Thrown{h.make_error(ErrorKind::TypeError, msg::no_properties)};
                  return c.this_value;
                });
  // Function.prototype.toString (§20.2.3.5): a NativeFunction source text.
  define_method(*this, I, I.function_prototype, string_key(u"toString"), u"toString", 0,
                [&I](JsHost& h, const CallArgs& c) -> Completion<JsValue> {
                  if (!h.is_callable(c.this_value))
                    return Thrown{h.make_error(ErrorKind::TypeError, msg::not_a_function)};
                  const JsValue name =
                      static_cast<MiniHost&>(h).get_property_or_undefined(c.this_value, u"name");
                  const std::u16string n =
                      I.type(name) == JsType::string ? h.string_value(name) : u"";
                  return h.string(u"function " + n + u"() { [native code] }");
                });

  // %Array.prototype%: toString (join with ","), and @@iterator (%Array.prototype.values%).
  I.array_prototype = I.new_object(ObjectKind::ordinary, I.object_prototype);
  define_method(
      *this, I, I.array_prototype, string_key(u"toString"), u"toString", 0,
      [&I](JsHost& host, const CallArgs& c) -> Completion<JsValue> {
        auto& h = static_cast<MiniHost&>(host);
        // Array.prototype.join(",") over ToLength(Get(O, "length")) elements.
        WASMREF_JS_TRY(const JsValue len_value, get_key(h, I, c.this_value, string_key(u"length")));
        WASMREF_JS_TRY(const double len, h.to_number(len_value));
        std::u16string out;
        const double n =
            std::isnan(len) || len <= 0 ? 0 : std::min(std::floor(len), 9007199254740991.0);
        for (double i = 0; i < n; ++i) {
          if (i > 0) out += u",";
          WASMREF_JS_TRY(const JsValue e,
                         get_key(h, I, c.this_value, string_key(number_to_string(i))));
          const JsType t = I.type(e);
          if (t == JsType::undefined || t == JsType::null) continue;
          WASMREF_JS_TRY(const std::u16string s, h.to_string(e));
          out += s;
        }
        return h.string(out);
      });
  define_method(*this, I, I.array_prototype, I.symbol_key(I.sym_iterator), u"values", 0,
                [&I](JsHost& host, const CallArgs& c) -> Completion<JsValue> {
                  auto& h = static_cast<MiniHost&>(host);
                  // CreateArrayIterator(O, value): an iterator whose next() reads "length" and the
                  // element at the current index on each step (§23.1.5.1).
                  const JsValue array = c.this_value;
                  const JsValue iterator = h.object();
                  auto index = std::make_shared<double>(0);
                  define_method(
                      h, I, iterator, string_key(u"next"), u"next", 0,
                      [&I, array, index](JsHost& host2, const CallArgs&) -> Completion<JsValue> {
                        auto& h2 = static_cast<MiniHost&>(host2);
                        const JsValue result = h2.object();
                        WASMREF_JS_TRY(const JsValue len_value,
                                       get_key(h2, I, array, string_key(u"length")));
                        WASMREF_JS_TRY(const double len, h2.to_number(len_value));
                        if (!(*index < len)) {
                          h2.create_data_property(result, u"value", h2.undefined());
                          h2.create_data_property(result, u"done", h2.boolean(true));
                          return result;
                        }
                        WASMREF_JS_TRY(const JsValue e,
                                       get_key(h2, I, array, string_key(number_to_string(*index))));
                        *index += 1;
                        h2.create_data_property(result, u"value", e);
                        h2.create_data_property(result, u"done", h2.boolean(false));
                        return result;
                      });
                  return iterator;
                });

  // %Error.prototype% and the NativeError prototypes (§20.5.3, §20.5.6.3), with CompileError,
  // LinkError and RuntimeError (js-api) as NativeErrors.
  for (std::size_t i = 0; i < kErrorClasses; ++i) {
    const auto c = static_cast<ErrorClass>(i);
    const JsValue proto = c == ErrorClass::Error
                              ? I.object_prototype
                              : I.error_prototypes[static_cast<std::size_t>(ErrorClass::Error)];
    const JsValue p = I.new_object(ObjectKind::ordinary, proto);
    I.error_prototypes[i] = p;
    I.put_data(p, string_key(u"name"), I.new_string(error_class_name(c)), true, false, true);
    I.put_data(p, string_key(u"message"), I.new_string(u""), true, false, true);
  }
  // Error.prototype.toString (§20.5.3.4).
  define_method(*this, I, I.error_prototypes[0], string_key(u"toString"), u"toString", 0,
                [&I](JsHost& host, const CallArgs& c) -> Completion<JsValue> {
                  auto& h = static_cast<MiniHost&>(host);
                  if (I.type(c.this_value) != JsType::object)
                    return throw_type_error(h, msg::no_properties);
                  WASMREF_JS_TRY(const JsValue name_value,
                                 get_key(h, I, c.this_value, string_key(u"name")));
                  std::u16string name = u"Error";
                  if (I.type(name_value) != JsType::undefined) {
                    WASMREF_JS_TRY(name, h.to_string(name_value));
                  }
                  WASMREF_JS_TRY(const JsValue msg_value,
                                 get_key(h, I, c.this_value, string_key(u"message")));
                  std::u16string message;
                  if (I.type(msg_value) != JsType::undefined) {
                    WASMREF_JS_TRY(message, h.to_string(msg_value));
                  }
                  if (name.empty()) return h.string(message);
                  if (message.empty()) return h.string(name);
                  return h.string(name + u": " + message);
                });

  // %Promise.prototype%.then (§27.2.5.4), so that promises are thenables for one another.
  I.promise_prototype = I.new_object(ObjectKind::ordinary, I.object_prototype);
  define_method(*this, I, I.promise_prototype, string_key(u"then"), u"then", 2,
                [&I](JsHost& host, const CallArgs& c) -> Completion<JsValue> {
                  auto& h = static_cast<MiniHost&>(host);
                  if (I.obj_of_kind(c.this_value, ObjectKind::promise) == nullptr)
                    return throw_type_error(h, msg::not_a_promise);
                  const JsValue derived = h.new_promise();
                  const JsValue on_fulfilled = arg(c, 0);
                  const JsValue on_rejected = arg(c, 1);
                  // PerformPromiseThen: each reaction job calls its handler (or passes the
                  // value through) and resolves the derived promise with the outcome.
                  MiniHost* hp = &h;
                  auto settle = [hp, derived](JsValue handler, JsValue v, bool rejected) {
                    if (!hp->is_callable(handler)) {
                      if (rejected)
                        hp->reject_promise(derived, v);
                      else
                        hp->resolve_promise(derived, v);
                      return;
                    }
                    auto r = hp->call(handler, hp->undefined(), std::span<const JsValue>(&v, 1));
                    if (r)
                      hp->resolve_promise(derived, *r);
                    else
                      hp->reject_promise(derived, r.thrown().value);
                  };
                  h.react(
                      c.this_value,
                      [settle, on_fulfilled](JsValue v) { settle(on_fulfilled, v, false); },
                      [settle, on_rejected](JsValue v) { settle(on_rejected, v, true); });
                  return derived;
                });
}

MiniHost::~MiniHost() = default;

// ---- §6.1 Language types: type tests and primitive values ------------------------------

JsType MiniHost::type_of(JsValue v) { return impl_->type(v); }

bool MiniHost::is_callable(JsValue v) {
  return impl_->obj_of_kind(v, ObjectKind::function) != nullptr;
}

bool MiniHost::same_value(JsValue a, JsValue b) {
  // SameValue (§7.2.10): types differ -> false; Numbers by Number::sameValue (NaN equals NaN,
  // +0 differs from -0); BigInts and Strings by value; Symbols and Objects by identity.
  Impl& I = *impl_;
  const Cell& x = I.cell(a);
  const Cell& y = I.cell(b);
  if (x.type != y.type) return false;
  switch (x.type) {
    case JsType::undefined:
    case JsType::null: return true;
    case JsType::boolean: return x.b == y.b;
    case JsType::number:
      if (std::isnan(x.num) && std::isnan(y.num)) return true;
      return x.num == y.num && std::signbit(x.num) == std::signbit(y.num);
    case JsType::bigint: return I.bigints[x.ref] == I.bigints[y.ref];
    case JsType::string: return I.strings[x.ref] == I.strings[y.ref];
    case JsType::symbol:
    case JsType::object: return x.ref == y.ref;
  }
  return false;
}

JsValue MiniHost::undefined() { return Impl::kUndefined; }
JsValue MiniHost::null() { return Impl::kNull; }
JsValue MiniHost::boolean(bool b) { return b ? Impl::kTrue : Impl::kFalse; }
JsValue MiniHost::number(double d) { return impl_->add(Cell{JsType::number, false, d, 0}); }
JsValue MiniHost::bigint(std::int64_t i) { return impl_->new_bigint(MiniBigInt::from_i64(i)); }
JsValue MiniHost::bigint_u64(std::uint64_t u) { return impl_->new_bigint(MiniBigInt::from_u64(u)); }
JsValue MiniHost::bigint_of(MiniBigInt n) {
  if (n.is_zero()) n.negative = false;
  return impl_->new_bigint(std::move(n));
}
JsValue MiniHost::string(std::u16string_view s) { return impl_->new_string(s); }

bool MiniHost::boolean_value(JsValue v) {
  const Cell& c = impl_->cell(v);
  return c.type == JsType::boolean && c.b;
}
double MiniHost::number_value(JsValue v) {
  const Cell& c = impl_->cell(v);
  return c.type == JsType::number ? c.num : std::numeric_limits<double>::quiet_NaN();
}
std::u16string MiniHost::string_value(JsValue v) {
  const Cell& c = impl_->cell(v);
  return c.type == JsType::string ? impl_->strings[c.ref] : std::u16string();
}
std::optional<MiniBigInt> MiniHost::bigint_value(JsValue v) {
  const Cell& c = impl_->cell(v);
  if (c.type != JsType::bigint) return std::nullopt;
  return impl_->bigints[c.ref];
}

JsValue MiniHost::make_symbol(std::u16string_view description) {
  Impl& I = *impl_;
  I.symbols.emplace_back(description);
  return I.add(Cell{JsType::symbol, false, 0, static_cast<std::uint32_t>(I.symbols.size() - 1)});
}
JsValue MiniHost::symbol_iterator() { return impl_->sym_iterator; }
JsValue MiniHost::symbol_to_primitive() { return impl_->sym_to_primitive; }
std::u16string MiniHost::symbol_description(JsValue symbol) {
  const Cell& c = impl_->cell(symbol);
  return c.type == JsType::symbol ? impl_->symbols[c.ref] : std::u16string();
}

// ---- §7.1 Type conversion ------------------------------------------------------------------

Completion<double> MiniHost::to_number(JsValue v) {
  // ToNumber (§7.1.4), with ToPrimitive(number) for objects.
  Impl& I = *impl_;
  WASMREF_JS_TRY(const JsValue prim, to_primitive(*this, I, v, Hint::number));
  const Cell& c = I.cell(prim);
  switch (c.type) {
    case JsType::undefined: return std::numeric_limits<double>::quiet_NaN();
    case JsType::null: return 0.0;
    case JsType::boolean: return c.b ? 1.0 : 0.0;
    case JsType::number: return c.num;
    case JsType::string: return string_to_number(I.strings[c.ref]);
    case JsType::bigint: return throw_type_error(*this, msg::bigint_to_number);
    case JsType::symbol: return throw_type_error(*this, msg::symbol_to_number);
    case JsType::object: break;  // ToPrimitive never returns an object
  }
  return throw_type_error(*this, msg::to_primitive_failed);
}

Completion<std::int32_t> MiniHost::to_int32(JsValue v) {
  // ToInt32 (§7.1.6): NaN, ±0, ±Infinity -> 0; else truncate, then modulo 2^32 into
  // -2^31..2^31-1. fmod of an integral double by 2^32 is exact.
  WASMREF_JS_TRY(const double number, to_number(v));
  if (!std::isfinite(number) || number == 0) return std::int32_t{0};
  double int32bit = std::fmod(std::trunc(number), 4294967296.0);
  if (int32bit < 0) int32bit += 4294967296.0;
  return static_cast<std::int32_t>(static_cast<std::uint32_t>(int32bit));
}

Completion<std::int64_t> MiniHost::to_bigint64(JsValue v) {
  // ToBigInt64 (§7.1.15): int64bit = ToBigInt(v) modulo 2^64, read as signed.
  WASMREF_JS_TRY(const MiniBigInt n, to_bigint(*this, *impl_, v));
  return n.as_int64();
}

Completion<BigIntU64> MiniHost::to_bigint_u64(JsValue v) {
  // ToBigInt (§7.1.13), then whether the result lies in 0..2^64-1 (js-api AddressValueToU64).
  WASMREF_JS_TRY(const MiniBigInt n, to_bigint(*this, *impl_, v));
  return BigIntU64{n.fits_u64(), n.fits_u64() ? n.as_uint64() : 0};
}

Completion<std::u16string> MiniHost::to_string(JsValue v) {
  // ToString (§7.1.17), with ToPrimitive(string) for objects.
  Impl& I = *impl_;
  WASMREF_JS_TRY(const JsValue prim, to_primitive(*this, I, v, Hint::string));
  const Cell& c = I.cell(prim);
  switch (c.type) {
    case JsType::undefined: return std::u16string(u"undefined");
    case JsType::null: return std::u16string(u"null");
    case JsType::boolean: return std::u16string(c.b ? u"true" : u"false");
    case JsType::number: return number_to_string(c.num);
    case JsType::bigint: return I.bigints[c.ref].to_decimal();
    case JsType::string: return I.strings[c.ref];
    case JsType::symbol: return throw_type_error(*this, msg::symbol_to_string);
    case JsType::object: break;
  }
  return throw_type_error(*this, msg::to_primitive_failed);
}

bool MiniHost::to_boolean(JsValue v) {
  // ToBoolean (§7.1.2).
  Impl& I = *impl_;
  const Cell& c = I.cell(v);
  switch (c.type) {
    case JsType::undefined:
    case JsType::null: return false;
    case JsType::boolean: return c.b;
    case JsType::number: return !(c.num == 0 || std::isnan(c.num));
    case JsType::bigint: return !I.bigints[c.ref].is_zero();
    case JsType::string: return !I.strings[c.ref].empty();
    case JsType::symbol:
    case JsType::object: return true;
  }
  return false;
}

// ---- §7.3 Operations on objects ----------------------------------------------------------

Completion<JsValue> MiniHost::get(JsValue object, std::u16string_view key) {
  return get_key(*this, *impl_, object, string_key(key));
}

Completion<JsValue> MiniHost::get(JsValue object, JsValue symbol) {
  if (impl_->type(symbol) != JsType::symbol) return undefined();
  return get_key(*this, *impl_, object, impl_->symbol_key(symbol));
}

namespace {
// The call-depth guard standing in for the engine's stack limit.
struct DepthGuard {
  std::size_t& depth;
  explicit DepthGuard(std::size_t& d) : depth(d) { ++depth; }
  ~DepthGuard() { --depth; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;
};
}  // namespace

Completion<JsValue> MiniHost::call(JsValue f, JsValue this_value, std::span<const JsValue> args) {
  // Call (§7.3.14): TypeError unless IsCallable(F); then F.[[Call]](V, args).
  Impl& I = *impl_;
  Object* fo = I.obj_of_kind(f, ObjectKind::function);
  if (fo == nullptr) return throw_type_error(*this, msg::not_a_function);
  if (I.call_depth >= I.max_call_depth)
    return Thrown{make_stack_overflow_error(msg::stack_overflow)};
  DepthGuard guard(I.call_depth);
  const NativeFunction& fn = fo->fn;  // objects never move or die (deque, append-only)
  if (!fn) return undefined();
  return fn(*this, CallArgs{this_value, args, undefined(), false});
}

Completion<JsValue> MiniHost::construct(JsValue f, std::span<const JsValue> args) {
  return construct(f, args, f);
}

Completion<JsValue> MiniHost::construct(JsValue f, std::span<const JsValue> args,
                                        JsValue new_target) {
  // Construct (§7.3.15): TypeError unless IsConstructor(F) (and newTarget).
  Impl& I = *impl_;
  Object* fo = I.obj_of_kind(f, ObjectKind::function);
  Object* nt = I.obj_of_kind(new_target, ObjectKind::function);
  if (fo == nullptr || !fo->constructor || nt == nullptr || !nt->constructor)
    return throw_type_error(*this, msg::not_a_constructor);
  if (I.call_depth >= I.max_call_depth)
    return Thrown{make_stack_overflow_error(msg::stack_overflow)};
  DepthGuard guard(I.call_depth);
  const NativeFunction& fn = fo->fn;
  if (!fn) return object();
  return fn(*this, CallArgs{undefined(), args, new_target, true});
}

void MiniHost::set_max_call_depth(std::size_t depth) { impl_->max_call_depth = depth; }

Completion<std::vector<JsValue>> MiniHost::iterable_to_list(JsValue v) {
  // IterableToList (§7.4.13): method = GetMethod(v, @@iterator) (TypeError when absent: not
  // iterable), GetIteratorFromMethod, then IteratorStepValue until done.
  Impl& I = *impl_;
  const JsType t = I.type(v);
  if (t == JsType::undefined || t == JsType::null)
    return throw_type_error(*this, msg::not_iterable);
  WASMREF_JS_TRY(const JsValue method, get_method(*this, I, v, I.symbol_key(I.sym_iterator)));
  if (I.type(method) == JsType::undefined) return throw_type_error(*this, msg::not_iterable);
  WASMREF_JS_TRY(const JsValue iterator, call(method, v, {}));
  if (I.type(iterator) != JsType::object) return throw_type_error(*this, msg::iterator_not_object);
  WASMREF_JS_TRY(const JsValue next, get_key(*this, I, iterator, string_key(u"next")));
  std::vector<JsValue> values;
  for (;;) {
    WASMREF_JS_TRY(const JsValue result, call(next, iterator, {}));
    if (I.type(result) != JsType::object) return throw_type_error(*this, msg::iterator_not_object);
    WASMREF_JS_TRY(const JsValue done, get_key(*this, I, result, string_key(u"done")));
    if (to_boolean(done)) return values;
    WASMREF_JS_TRY(const JsValue value, get_key(*this, I, result, string_key(u"value")));
    values.push_back(value);
  }
}

JsValue MiniHost::object() {
  return impl_->new_object(ObjectKind::ordinary, impl_->object_prototype);
}
JsValue MiniHost::null_prototype_object() {
  return impl_->new_object(ObjectKind::ordinary, Impl::kNull);
}
JsValue MiniHost::object_prototype() { return impl_->object_prototype; }
JsValue MiniHost::function_prototype() { return impl_->function_prototype; }

JsValue MiniHost::array(std::span<const JsValue> elements) {
  // CreateArrayFromList (§7.3.18): elements "0".."n-1", then "length" {writable only}.
  // Note (deviation): "length" is a data property that later writes do not keep in sync.
  Impl& I = *impl_;
  const JsValue a = I.new_object(ObjectKind::array, I.array_prototype);
  for (std::size_t i = 0; i < elements.size(); ++i)
    I.put_data(a, string_key(number_to_string(static_cast<double>(i))), elements[i], true, true,
               true);
  I.put_data(a, string_key(u"length"), number(static_cast<double>(elements.size())), true, false,
             false);
  return a;
}

void MiniHost::create_data_property(JsValue object, std::u16string_view key, JsValue v) {
  // CreateDataProperty (§7.3.5) as OrdinaryDefineOwnProperty: refused (silently, the caller
  // only uses it where it cannot fail) on a non-configurable property or a non-extensible object.
  Impl& I = *impl_;
  Object* o = I.obj(object);
  if (o == nullptr) return;
  const Key k = string_key(key);
  if (Property* p = o->find(k)) {
    if (!p->configurable) return;
  } else if (!o->extensible) {
    return;
  }
  I.put_data(object, k, v, true, true, true);
}

namespace {
// Whether O.[[Set]](P) reaches an Exported GC Object's [[Set]]: O is one, or OrdinarySet
// finds no own or inherited property P before one on O's prototype chain (it then calls that
// parent's [[Set]]).
bool gc_object_on_set_path(Impl& I, Object* o, const Key& k) {
  for (; o != nullptr; o = I.obj(o->proto)) {
    if (o->kind == ObjectKind::exported_gc_object) return true;
    if (o->find(k) != nullptr) return false;
  }
  return false;
}

// OrdinarySet (§10.1.9.2) for data properties: an own writable data property is updated; an
// own or inherited accessor (no setter is modelled) or non-writable data property refuses;
// otherwise a new data property is added if the object is extensible.
bool set_key(Impl& I, JsValue object, const Key& k, JsValue v) {
  Object* o = I.obj(object);
  if (o == nullptr) return false;
  // An Exported GC Object's [[Set]] throws (MiniHost::set); as a refused write here.
  if (gc_object_on_set_path(I, o, k)) return false;
  if (Property* own = o->find(k)) {
    if (own->accessor || !own->writable) return false;
    own->value = v;
    return true;
  }
  for (Object* p = I.obj(o->proto); p != nullptr; p = I.obj(p->proto)) {
    if (const Property* inherited = p->find(k)) {
      if (inherited->accessor || !inherited->writable) return false;
      break;
    }
  }
  if (!o->extensible) return false;
  I.put_data(object, k, v, true, true, true);
  return true;
}
}  // namespace

bool MiniHost::set_property(JsValue object, std::u16string_view key, JsValue v) {
  return set_key(*impl_, object, string_key(key), v);
}

bool MiniHost::set_property(JsValue object, JsValue symbol, JsValue v) {
  if (impl_->type(symbol) != JsType::symbol) return false;
  return set_key(*impl_, object, impl_->symbol_key(symbol), v);
}

Completion<bool> MiniHost::set(JsValue object, std::u16string_view key, JsValue v) {
  // O.[[Set]](P, V, O): an Exported GC Object's throws a TypeError (js-api
  // §gc-exotic-objects); otherwise OrdinarySet.
  Impl& I = *impl_;
  const Key k = string_key(key);
  if (gc_object_on_set_path(I, I.obj(object), k))
    return throw_type_error(*this, msg::gc_object_set);
  return set_key(I, object, k, v);
}

Completion<bool> MiniHost::delete_property(JsValue object, std::u16string_view key) {
  // O.[[Delete]](P): an Exported GC Object's throws a TypeError (js-api §gc-exotic-objects);
  // otherwise OrdinaryDelete (§10.1.10.1): true when P is absent or was configurable (and is
  // now removed), false for a non-configurable property.
  Impl& I = *impl_;
  Object* o = I.obj(object);
  if (o == nullptr) return false;
  if (o->kind == ObjectKind::exported_gc_object)
    return throw_type_error(*this, msg::gc_object_delete);
  const Key k = string_key(key);
  for (auto it = o->properties.begin(); it != o->properties.end(); ++it) {
    if (it->key != k) continue;
    if (!it->configurable) return false;
    o->properties.erase(it);
    return true;
  }
  return true;
}

bool MiniHost::has_property(JsValue object, std::u16string_view key) {
  // O.[[HasProperty]](P): OrdinaryHasProperty (§10.1.7.1) along the prototype chain; an
  // Exported GC Object's answers false (js-api §gc-exotic-objects).
  Impl& I = *impl_;
  const Key k = string_key(key);
  for (Object* o = I.obj(object); o != nullptr; o = I.obj(o->proto)) {
    if (o->kind == ObjectKind::exported_gc_object) return false;
    if (o->find(k) != nullptr) return true;
  }
  return false;
}

void MiniHost::define_getter(JsValue object, std::u16string_view key, NativeFunction getter) {
  Impl& I = *impl_;
  Object* o = I.obj(object);
  if (o == nullptr) return;
  const Key k = string_key(key);
  if (const Property* existing = o->find(k); existing != nullptr && !existing->configurable) return;
  if (o->find(k) == nullptr && !o->extensible) return;
  Property p;
  p.key = k;
  p.accessor = true;
  p.getter = function(u"get " + std::u16string(key), 0, std::move(getter));
  p.writable = false;
  I.put(object, std::move(p));
}

JsValue MiniHost::object_with_getter(std::u16string_view key, NativeFunction getter) {
  const JsValue o = object();
  define_getter(o, key, std::move(getter));
  return o;
}

JsValue MiniHost::get_property_or_undefined(JsValue object, std::u16string_view key) {
  Impl& I = *impl_;
  const Key k = string_key(key);
  for (Object* o = I.obj(object); o != nullptr; o = I.obj(o->proto)) {
    if (const Property* p = o->find(k)) return p->accessor ? undefined() : p->value;
  }
  return undefined();
}

std::vector<std::u16string> MiniHost::own_keys(JsValue object) {
  // OrdinaryOwnPropertyKeys (§10.1.11.1), string keys: array indices ascending, then the other
  // strings in creation order.
  std::vector<std::u16string> keys;
  Object* o = impl_->obj(object);
  if (o == nullptr) return keys;
  std::vector<std::pair<std::uint64_t, std::u16string>> indices;
  std::vector<std::u16string> others;
  for (const Property& p : o->properties) {
    if (p.key.symbol != 0) continue;
    std::uint64_t index = 0;
    if (is_array_index(p.key.name, index))
      indices.emplace_back(index, p.key.name);
    else
      others.push_back(p.key.name);
  }
  std::sort(indices.begin(), indices.end());
  for (auto& [index, name] : indices) keys.push_back(std::move(name));
  for (auto& name : others) keys.push_back(std::move(name));
  return keys;
}

void MiniHost::freeze(JsValue object) {
  // SetIntegrityLevel(O, frozen) (§7.3.16): not extensible; every property non-configurable,
  // and every data property non-writable.
  Object* o = impl_->obj(object);
  if (o == nullptr) return;
  o->extensible = false;
  for (Property& p : o->properties) {
    p.configurable = false;
    if (!p.accessor) p.writable = false;
  }
}

bool MiniHost::is_frozen(JsValue object) {
  // TestIntegrityLevel(O, frozen) (§7.3.17); a primitive is frozen.
  Object* o = impl_->obj(object);
  if (o == nullptr) return true;
  if (o->extensible) return false;
  return std::all_of(o->properties.begin(), o->properties.end(), [](const Property& p) {
    return !p.configurable && (p.accessor || !p.writable);
  });
}

bool MiniHost::is_extensible(JsValue object) {
  Object* o = impl_->obj(object);
  return o != nullptr && o->extensible;
}

JsValue MiniHost::get_prototype(JsValue object) {
  Object* o = impl_->obj(object);
  return o == nullptr ? null() : o->proto;
}

void MiniHost::set_prototype(JsValue object, JsValue proto) {
  // OrdinarySetPrototypeOf (§10.1.2.1): refused on a non-extensible object and when it would
  // make a cycle (so every prototype walk ends).
  Impl& I = *impl_;
  Object* o = I.obj(object);
  if (o == nullptr || !o->extensible) return;
  const JsType t = I.type(proto);
  if (t != JsType::object && t != JsType::null) return;
  for (JsValue p = proto; I.obj(p) != nullptr; p = I.obj(p)->proto)
    if (same_value(p, object)) return;
  o->proto = proto;
}

// ---- Platform objects and functions (WebIDL; ECMA-262 §10.3 built-in functions) ---------

JsValue MiniHost::wrap(std::shared_ptr<PlatformObject> slots) {
  Impl& I = *impl_;
  const JsValue o = I.new_object(ObjectKind::platform, I.object_prototype);
  I.obj(o)->slots = std::move(slots);
  return o;
}

JsValue MiniHost::function(std::u16string_view name, std::uint32_t length, NativeFunction fn,
                           bool constructor, std::shared_ptr<PlatformObject> slots) {
  // CreateBuiltinFunction (§10.3.4): "length" then "name", both {non-writable,
  // non-enumerable, configurable} (SetFunctionLength, SetFunctionName).
  Impl& I = *impl_;
  const JsValue f = I.new_object(ObjectKind::function, I.function_prototype);
  Object* o = I.obj(f);
  o->fn = std::move(fn);
  o->constructor = constructor;
  o->slots = std::move(slots);
  I.put_data(f, string_key(u"length"), number(length), false, false, true);
  I.put_data(f, string_key(u"name"), string(name), false, false, true);
  return f;
}

JsValue MiniHost::exported_gc_object(std::shared_ptr<PlatformObject> slots) {
  // js-api "a new Exported GC Object" 4.-17.: MakeBasicObject with the slots, and the Exported
  // GC Object's internal methods. Its state answers most of them as the ordinary methods
  // would: [[Prototype]] null (get_prototype), [[Extensible]] false, so set_prototype,
  // create_data_property, define_getter and freeze change nothing, and no properties
  // (own_keys empty). [[Get]], [[Set]], [[Delete]] and [[HasProperty]] are the kind's cases in
  // get_key, set / set_key, delete_property and has_property.
  Impl& I = *impl_;
  const JsValue o = I.new_object(ObjectKind::exported_gc_object, Impl::kNull);
  I.obj(o)->extensible = false;
  I.obj(o)->slots = std::move(slots);
  return o;
}

PlatformObject* MiniHost::unwrap(JsValue v) {
  Object* o = impl_->obj(v);
  return o == nullptr ? nullptr : o->slots.get();
}

// ---- Errors --------------------------------------------------------------------------------

JsValue MiniHost::make_error(ErrorKind kind, std::u16string_view message) {
  return new_error(*impl_, error_class_of(kind), message);
}

JsValue MiniHost::make_stack_overflow_error(std::u16string_view message) {
  return new_error(*impl_, ErrorClass::RangeError, message);  // V8's class for stack overflow
}

std::optional<ErrorKind> MiniHost::error_kind(JsValue v) {
  // `v instanceof C` for the JS-API's classes: the first of their prototypes on v's chain.
  Impl& I = *impl_;
  constexpr std::pair<ErrorClass, ErrorKind> kinds[] = {
      {ErrorClass::TypeError, ErrorKind::TypeError},
      {ErrorClass::RangeError, ErrorKind::RangeError},
      {ErrorClass::CompileError, ErrorKind::CompileError},
      {ErrorClass::LinkError, ErrorKind::LinkError},
      {ErrorClass::RuntimeError, ErrorKind::RuntimeError}};
  Object* o = I.obj(v);
  if (o == nullptr) return std::nullopt;
  for (JsValue p = o->proto; I.obj(p) != nullptr; p = I.obj(p)->proto) {
    for (const auto& [c, k] : kinds)
      if (same_value(p, I.error_prototypes[static_cast<std::size_t>(c)])) return k;
  }
  return std::nullopt;
}

std::u16string MiniHost::error_message(JsValue v) {
  const JsValue m = get_property_or_undefined(v, u"message");
  return type_of(m) == JsType::string ? string_value(m) : std::u16string();
}

std::u16string MiniHost::error_name(JsValue v) {
  Object* o = impl_->obj_of_kind(v, ObjectKind::error);
  return o == nullptr ? std::u16string() : std::u16string(error_class_name(o->error_class));
}

// ---- Buffers (ECMA-262 §25.1 ArrayBuffer, §23.2 TypedArray; WebIDL BufferSource) ---------

namespace {
std::span<std::uint8_t> buffer_span(Object& b) {
  if (b.detached) return {};
  if (b.is_external) return {b.external, b.external_length};
  return {b.bytes.data(), b.bytes.size()};
}
}  // namespace

JsValue MiniHost::array_buffer(std::span<const std::uint8_t> bytes) {
  Impl& I = *impl_;
  const JsValue b = I.new_object(ObjectKind::array_buffer, I.object_prototype);
  I.obj(b)->bytes.assign(bytes.begin(), bytes.end());
  return b;
}

JsValue MiniHost::memory_array_buffer(std::uint8_t* data, std::size_t length) {
  // js-api "create a fixed length memory buffer": an ArrayBuffer over the memory's own bytes.
  Impl& I = *impl_;
  const JsValue b = I.new_object(ObjectKind::array_buffer, I.object_prototype);
  Object* o = I.obj(b);
  o->is_external = true;
  o->external = length == 0 ? nullptr : data;
  o->external_length = data == nullptr ? 0 : length;
  return b;
}

void MiniHost::detach_array_buffer(JsValue buffer) {
  // DetachArrayBuffer (§25.1.3.5): [[ArrayBufferData]] null, byte length 0.
  Object* o = impl_->obj_of_kind(buffer, ObjectKind::array_buffer);
  if (o == nullptr) return;
  o->detached = true;
  o->bytes.clear();
  o->bytes.shrink_to_fit();
  o->external = nullptr;
  o->external_length = 0;
}

bool MiniHost::is_detached(JsValue buffer) {
  Object* o = impl_->obj_of_kind(buffer, ObjectKind::array_buffer);
  return o != nullptr && o->detached;
}

std::size_t MiniHost::array_buffer_byte_length(JsValue buffer) {
  Object* o = impl_->obj_of_kind(buffer, ObjectKind::array_buffer);
  return o == nullptr ? 0 : buffer_span(*o).size();
}

bool MiniHost::is_array_buffer(JsValue v) {
  return impl_->obj_of_kind(v, ObjectKind::array_buffer) != nullptr;
}

JsValue MiniHost::uint8_array(JsValue buffer) {
  Impl& I = *impl_;
  Object* b = I.obj_of_kind(buffer, ObjectKind::array_buffer);
  if (b == nullptr) return undefined();
  const std::size_t length = buffer_span(*b).size();
  const JsValue view = I.new_object(ObjectKind::uint8_array, I.object_prototype);
  Object* v = I.obj(view);
  v->viewed_buffer = buffer;
  v->view_length = length;
  return view;
}

std::span<std::uint8_t> MiniHost::buffer_data(JsValue buffer_or_view) {
  Impl& I = *impl_;
  Object* o = I.obj(buffer_or_view);
  if (o == nullptr) return {};
  if (o->kind == ObjectKind::array_buffer) return buffer_span(*o);
  if (o->kind == ObjectKind::uint8_array) {
    Object* b = I.obj_of_kind(o->viewed_buffer, ObjectKind::array_buffer);
    if (b == nullptr) return {};
    const std::span<std::uint8_t> all = buffer_span(*b);
    return all.first(std::min(all.size(), o->view_length));  // a view of a detached buffer is empty
  }
  return {};
}

std::optional<std::vector<std::uint8_t>> MiniHost::buffer_source_bytes(JsValue v) {
  // WebIDL "get a copy of the bytes held by the buffer source" (empty when detached).
  Object* o = impl_->obj(v);
  if (o == nullptr || (o->kind != ObjectKind::array_buffer && o->kind != ObjectKind::uint8_array))
    return std::nullopt;
  const std::span<std::uint8_t> bytes = buffer_data(v);
  return std::vector<std::uint8_t>(bytes.begin(), bytes.end());
}

// ---- §27.2 Promises --------------------------------------------------------------------------

namespace {

// TriggerPromiseReactions (§27.2.1.8): each reaction becomes a job, in registration order.
void settle(Impl& I, JsValue promise, JsHost::PromiseState state, JsValue value) {
  Object* p = I.obj_of_kind(promise, ObjectKind::promise);
  if (p == nullptr || p->promise_state != JsHost::PromiseState::pending) return;
  p->promise_state = state;
  p->promise_result = value;
  std::vector<Reaction> reactions = std::move(p->reactions);
  p->reactions.clear();
  const bool fulfilled = state == JsHost::PromiseState::fulfilled;
  for (Reaction& r : reactions) {
    std::function<void(JsValue)> handler =
        fulfilled ? std::move(r.on_fulfilled) : std::move(r.on_rejected);
    if (handler) I.enqueue_job([handler = std::move(handler), value] { handler(value); });
  }
}

void resolve_with_record(MiniHost& h, Impl& I, JsValue promise, JsValue resolution,
                         const std::shared_ptr<bool>& already_resolved);

// CreateResolvingFunctions (§27.2.1.3): resolve and reject sharing a fresh [[AlreadyResolved]].
std::pair<JsValue, JsValue> create_resolving_functions(MiniHost& h, Impl& I, JsValue promise) {
  auto record = std::make_shared<bool>(false);
  const JsValue resolve = h.function(
      u"", 1, [&I, promise, record](JsHost& host, const CallArgs& c) -> Completion<JsValue> {
        resolve_with_record(static_cast<MiniHost&>(host), I, promise, arg(c, 0), record);
        return host.undefined();
      });
  const JsValue reject = h.function(
      u"", 1, [&I, promise, record](JsHost& host, const CallArgs& c) -> Completion<JsValue> {
        if (!*record) {
          *record = true;
          settle(I, promise, JsHost::PromiseState::rejected, arg(c, 0));
        }
        return host.undefined();
      });
  return {resolve, reject};
}

// Promise Resolve Functions (§27.2.1.3.2), steps 7-16.
void resolve_with_record(MiniHost& h, Impl& I, JsValue promise, JsValue resolution,
                         const std::shared_ptr<bool>& already_resolved) {
  if (*already_resolved) return;            // 7-8
  *already_resolved = true;                 // 9
  if (h.same_value(resolution, promise)) {  // 10: self-resolution
    settle(I, promise, JsHost::PromiseState::rejected,
           h.make_error(ErrorKind::TypeError, msg::promise_self));
    return;
  }
  if (I.type(resolution) != JsType::object) {  // 11: FulfillPromise
    settle(I, promise, JsHost::PromiseState::fulfilled, resolution);
    return;
  }
  auto then = get_key(h, I, resolution, string_key(u"then"));  // 12
  if (!then) {  // 13: RejectPromise with the abrupt completion's value
    settle(I, promise, JsHost::PromiseState::rejected, then.thrown().value);
    return;
  }
  const JsValue then_action = *then;
  if (!h.is_callable(then_action)) {  // 15: FulfillPromise
    settle(I, promise, JsHost::PromiseState::fulfilled, resolution);
    return;
  }
  // 16: NewPromiseResolveThenableJob: then.call(resolution, resolve, reject), as a job.
  MiniHost* hp = &h;
  I.enqueue_job([hp, &I, promise, resolution, then_action] {
    const auto [resolve, reject] = create_resolving_functions(*hp, I, promise);
    const JsValue fns[2] = {resolve, reject};
    auto r = hp->call(then_action, resolution, fns);
    if (!r) {
      const JsValue reason = r.thrown().value;
      (void)hp->call(reject, hp->undefined(), std::span<const JsValue>(&reason, 1));
    }
  });
}

}  // namespace

JsValue MiniHost::new_promise() {
  // WebIDL "a new promise": NewPromiseCapability(%Promise%), pending.
  Impl& I = *impl_;
  const JsValue p = I.new_object(ObjectKind::promise, I.promise_prototype);
  I.obj(p)->already_resolved = std::make_shared<bool>(false);
  return p;
}

void MiniHost::resolve_promise(JsValue promise, JsValue value) {
  // WebIDL "resolve": the capability's resolve function (thenables are adopted through a job).
  Impl& I = *impl_;
  Object* p = I.obj_of_kind(promise, ObjectKind::promise);
  if (p == nullptr) return;
  const std::shared_ptr<bool> record = p->already_resolved;
  resolve_with_record(*this, I, promise, value, record);
}

void MiniHost::reject_promise(JsValue promise, JsValue reason) {
  // WebIDL "reject": the capability's reject function.
  Impl& I = *impl_;
  Object* p = I.obj_of_kind(promise, ObjectKind::promise);
  if (p == nullptr || *p->already_resolved) return;
  *p->already_resolved = true;
  settle(I, promise, PromiseState::rejected, reason);
}

void MiniHost::react(JsValue promise, std::function<void(JsValue)> on_fulfilled,
                     std::function<void(JsValue)> on_rejected) {
  // WebIDL "react to" = PerformPromiseThen (§27.2.5.4.1): pending -> record the reaction;
  // settled -> enqueue the matching reaction job now. Never runs a reaction inline.
  Impl& I = *impl_;
  Object* p = I.obj_of_kind(promise, ObjectKind::promise);
  if (p == nullptr) return;
  switch (p->promise_state) {
    case PromiseState::pending:
      p->reactions.push_back(Reaction{std::move(on_fulfilled), std::move(on_rejected)});
      break;
    case PromiseState::fulfilled:
      if (on_fulfilled)
        I.enqueue_job([f = std::move(on_fulfilled), v = p->promise_result] { f(v); });
      break;
    case PromiseState::rejected:
      if (on_rejected) I.enqueue_job([f = std::move(on_rejected), v = p->promise_result] { f(v); });
      break;
  }
}

JsHost::PromiseState MiniHost::promise_state(JsValue promise) {
  Object* p = impl_->obj_of_kind(promise, ObjectKind::promise);
  return p == nullptr ? PromiseState::pending : p->promise_state;
}

JsValue MiniHost::promise_result(JsValue promise) {
  Object* p = impl_->obj_of_kind(promise, ObjectKind::promise);
  return p == nullptr ? undefined() : p->promise_result;
}

// ---- The event loop (HTML "queue a task", "perform a microtask checkpoint") --------------

void MiniHost::queue_task(std::function<void()> task) {
  if (task) impl_->tasks.push_back(std::move(task));
}

void MiniHost::run_until_idle() {
  Impl& I = *impl_;
  auto drain_jobs = [&I] {  // microtask checkpoint: jobs queued by jobs run in the same drain
    while (!I.jobs.empty()) {
      std::function<void()> job = std::move(I.jobs.front());
      I.jobs.pop_front();
      job();
    }
  };
  drain_jobs();
  while (!I.tasks.empty()) {
    std::function<void()> task = std::move(I.tasks.front());
    I.tasks.pop_front();
    task();
    drain_jobs();
  }
}

std::size_t MiniHost::pending_tasks() const { return impl_->tasks.size(); }
std::size_t MiniHost::pending_jobs() const { return impl_->jobs.size(); }

}  // namespace wasmref::jsapi
