// Harness: values written as the script format writes constants
#include "harness/wast_text.h"

#include <charconv>
#include <cstring>
#include <sstream>

#include "text/lexer.h"
#include "text/numbers.h"
#include "valid/matching.h"

namespace wasmref::harness {

namespace {

std::string hex(u64 v) {
  std::ostringstream o;
  o << "0x" << std::hex << v;
  return o.str();
}

// A float's text from its parts: shared by both widths (W = 32 or 64).
template <typename F, typename Bits>
std::string format_float(Bits bits, unsigned signif_bits) {
  constexpr unsigned total = sizeof(Bits) * 8;
  const bool negative = (bits >> (total - 1)) & 1;
  const Bits exp_mask = static_cast<Bits>(((Bits(1) << (total - 1 - signif_bits)) - 1) << signif_bits);
  const Bits payload = bits & ((Bits(1) << signif_bits) - 1);
  const std::string sign = negative ? "-" : "";
  if ((bits & exp_mask) == exp_mask) {
    if (payload == 0) return sign + "inf";
    if (payload == (Bits(1) << (signif_bits - 1))) return sign + "nan";  // canonical
    return sign + "nan:" + hex(payload);
  }
  F f;
  std::memcpy(&f, &bits, sizeof f);
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, f);  // shortest round trip
  return std::string(buf, r.ptr);
}

}  // namespace

std::string format_f32(u32 bits) { return format_float<float, u32>(bits, 23); }
std::string format_f64(u64 bits) { return format_float<double, u64>(bits, 52); }

std::string format_value(const Value& v) {
  switch (v.type.code) {
    case ValType::Code::i32:
      return "i32.const " + std::to_string(static_cast<i32>(v.as_i32()));
    case ValType::Code::i64:
      return "i64.const " + std::to_string(static_cast<i64>(v.as_i64()));
    case ValType::Code::f32:
      return "f32.const " + format_f32(v.f32_bits_());
    case ValType::Code::f64:
      return "f64.const " + format_f64(v.f64_bits_());
    case ValType::Code::v128: {
      std::string s = "v128.const i32x4";
      for (int i = 0; i < 4; ++i) {
        const u64 half = i < 2 ? v.lo : v.hi;
        s += " " + hex(static_cast<u32>(half >> (32 * (i % 2))));
      }
      return s;
    }
    case ValType::Code::ref_null:
    case ValType::Code::ref: {
      // 3.0: a reference by its hierarchy and kind (runtime/value.h), as scripts write them.
      const AbsHeap top = top_heap(v.type.heap());
      if (v.is_null()) return "ref.null " + std::string(to_string(top == AbsHeap::bot ? AbsHeap::none : top));
      if (v.hi == Value::kI31) return "ref.i31 " + std::to_string(v.lo & 0x7FFFFFFFu);
      if (v.hi == Value::kStruct) return "ref.struct";
      if (v.hi == Value::kArray) return "ref.array";
      switch (top) {
        case AbsHeap::func: return "ref.func";
        case AbsHeap::exn: return "ref.exn";
        case AbsHeap::extern_: return "ref.extern " + std::to_string(v.as_extern().value);
        default: return "ref.host " + std::to_string(v.as_extern().value);
      }
    }
    case ValType::Code::bot: break;
  }
  return "?";
}

// --- Reading constants ------------------------------------------------------------------------

namespace {

class ConstReader {
 public:
  explicit ConstReader(std::string_view text) : lexer_(text) {}

  std::optional<std::vector<Value>> read(std::string& error) {
    std::vector<Value> out;
    for (;;) {
      text::Token t;
      if (!peek(t, error)) return std::nullopt;
      if (t.kind == text::TokKind::eof) return out;
      bool paren = false;
      if (t.kind == text::TokKind::lparen) {
        next(t, error);
        paren = true;
      }
      std::optional<Value> v = one(error);
      if (!v) return std::nullopt;
      out.push_back(*v);
      if (paren) {
        if (!next(t, error)) return std::nullopt;
        if (t.kind != text::TokKind::rparen) {
          error = "expected ')' after the constant, found '" + std::string(t.text) + "'";
          return std::nullopt;
        }
      }
    }
  }

 private:
  bool next(text::Token& t, std::string& error) {
    text::LexError e;
    if (lexer_.next(t, e)) return true;
    error = e.message;
    return false;
  }
  bool peek(text::Token& t, std::string& error) {
    text::LexError e;
    if (lexer_.peek(t, e)) return true;
    error = e.message;
    return false;
  }
  // The next token as a literal of `kind` (iN or fN of `bits`).
  std::optional<u64> literal(bool is_float, unsigned bits, std::string& error) {
    text::Token t;
    if (!next(t, error)) return std::nullopt;
    const text::NumResult r =
        is_float ? text::parse_fN(t.text, bits) : text::parse_iN(t.text, bits);
    if (r.status == text::NumStatus::ok) return r.bits;
    error = std::string(r.status == text::NumStatus::out_of_range ? "constant out of range"
                                                                  : "not a number") +
            ": '" + std::string(t.text) + "'";
    return std::nullopt;
  }

  std::optional<Value> one(std::string& error) {
    text::Token t;
    if (!next(t, error)) return std::nullopt;
    const std::string op(t.text);
    if (op == "i32.const" || op == "i64.const" || op == "f32.const" || op == "f64.const") {
      const bool is_float = op[0] == 'f';
      const unsigned bits = op[1] == '3' ? 32 : 64;
      std::optional<u64> b = literal(is_float, bits, error);
      if (!b) return std::nullopt;
      if (op == "i32.const") return Value::i32(static_cast<u32>(*b));
      if (op == "i64.const") return Value::i64(*b);
      if (op == "f32.const") return Value::f32_bits(static_cast<u32>(*b));
      return Value::f64_bits(*b);
    }
    if (op == "v128.const") {
      text::Token shape;
      if (!next(shape, error)) return std::nullopt;
      const std::string s(shape.text);
      unsigned lane_bits = 0;
      bool is_float = false;
      if (s == "i8x16") lane_bits = 8;
      else if (s == "i16x8") lane_bits = 16;
      else if (s == "i32x4") lane_bits = 32;
      else if (s == "i64x2") lane_bits = 64;
      else if (s == "f32x4") lane_bits = 32, is_float = true;
      else if (s == "f64x2") lane_bits = 64, is_float = true;
      else {
        error = "unknown v128 shape '" + s + "'";
        return std::nullopt;
      }
      u64 lo = 0, hi = 0;
      const unsigned lanes = 128 / lane_bits;
      for (unsigned i = 0; i < lanes; ++i) {
        std::optional<u64> b = literal(is_float, lane_bits, error);
        if (!b) return std::nullopt;
        const unsigned at = i * lane_bits;
        const u64 mask = lane_bits == 64 ? ~u64(0) : ((u64(1) << lane_bits) - 1);
        if (at < 64) lo |= (*b & mask) << at;
        else hi |= (*b & mask) << (at - 64);
      }
      return Value::v128(lo, hi);
    }
    if (op == "ref.null") {
      text::Token ht;
      if (!next(ht, error)) return std::nullopt;
      if (ht.text == "func") return Value::null(ValType::funcref);
      if (ht.text == "extern") return Value::null(ValType::externref);
      error = "ref.null takes func or extern here, not '" + std::string(ht.text) + "'";
      return std::nullopt;
    }
    if (op == "ref.extern") {
      std::optional<u64> b = literal(false, 32, error);
      if (!b) return std::nullopt;
      return Value::extern_(ExternAddr{static_cast<u32>(*b)});
    }
    error = "not a constant: '" + op + "' (write e.g. i32.const 5, f32.const nan:0x200000)";
    return std::nullopt;
  }

  text::Lexer lexer_;
};

}  // namespace

std::optional<std::vector<Value>> parse_constants(std::string_view text, std::string& error) {
  ConstReader r(text);
  return r.read(error);
}

// ---------------------------------------------------------------------------------------------
// Record values as script text
// ---------------------------------------------------------------------------------------------

std::string lane_text(LaneType t, const Lane& l) {
  if (l.kind == PatKind::nan_canonical) return "nan:canonical";
  if (l.kind == PatKind::nan_arithmetic) return "nan:arithmetic";
  switch (t) {
    case LaneType::i8: return std::to_string(static_cast<int>(static_cast<std::int8_t>(static_cast<u8>(l.bits))));
    case LaneType::i16: return std::to_string(static_cast<int>(static_cast<std::int16_t>(static_cast<u16>(l.bits))));
    case LaneType::i32: return std::to_string(static_cast<i32>(static_cast<u32>(l.bits)));
    case LaneType::i64: return std::to_string(static_cast<i64>(l.bits));
    case LaneType::f32: return format_f32(static_cast<u32>(l.bits));
    case LaneType::f64: return format_f64(l.bits);
  }
  return hex(l.bits);
}

std::string script_string(std::string_view s) {
  static const char* kHex = "0123456789abcdef";
  std::string q = "\"";
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      q += '\\';
      q += c;
    } else if (u < 0x20 || u == 0x7f) {
      q += '\\';
      q += kHex[u >> 4];
      q += kHex[u & 15];
    } else {
      q += c;
    }
  }
  return q + "\"";
}

std::optional<std::string> constant_text(const nlohmann::json& j) {
  if (j.is_object()) {
    auto t = j.find("type");
    if (t != j.end() && *t == "either") {
      auto alts = j.find("values");
      if (alts == j.end() || !alts->is_array()) return std::nullopt;
      std::string out = "(either";
      for (const nlohmann::json& a : *alts) {
        const std::optional<std::string> one = constant_text(a);
        if (!one) return std::nullopt;
        out += " " + *one;
      }
      return out + ")";
    }
  }
  const ValueParse p = parse_wast_value(j, true);
  if (!p.value) return std::nullopt;
  const WastValue& v = *p.value;
  switch (v.type.code) {
    case ValType::Code::i32: return "(i32.const " + lane_text(LaneType::i32, {v.kind, v.bits}) + ")";
    case ValType::Code::i64: return "(i64.const " + lane_text(LaneType::i64, {v.kind, v.bits}) + ")";
    case ValType::Code::f32: return "(f32.const " + lane_text(LaneType::f32, {v.kind, v.bits}) + ")";
    case ValType::Code::f64: return "(f64.const " + lane_text(LaneType::f64, {v.kind, v.bits}) + ")";
    case ValType::Code::v128: {
      std::string out = std::string("(v128.const ") + to_string(v.lane_type) + "x" +
                        std::to_string(lane_count(v.lane_type));
      for (const Lane& l : v.lanes) out += " " + lane_text(v.lane_type, l);
      return out + ")";
    }
    default: break;
  }
  // References: the heap type the script named (func and extern for the 2.0 types).
  std::string heap = v.heap;
  if (heap.empty() && v.kind != PatKind::any_null)
    heap = v.type == ValType::funcref ? "func" : v.type == ValType::externref ? "extern" : "";
  switch (v.kind) {
    case PatKind::null_ref: return "(ref.null " + heap + ")";
    case PatKind::any_null: return "(ref.null)";
    case PatKind::any_func: return "(ref.func)";
    case PatKind::host_ref:
      return (heap == "host" ? "(ref.host " : "(ref.extern ") + std::to_string(v.bits) + ")";
    case PatKind::any_ref: return "(ref." + heap + ")";
    case PatKind::bits:
      if (v.type == ValType::funcref) return "(ref.func)";
      return std::nullopt;
    default: return std::nullopt;
  }
}

std::string action_text(const nlohmann::json& a) {
  if (!a.is_object()) return "";
  auto str = [&](const char* key) {
    auto it = a.find(key);
    return it != a.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  const std::string op = str("op");
  std::string out = "(" + (op.empty() ? std::string("invoke") : op);
  const std::string module = str("module");
  if (!module.empty()) out += " " + module;
  out += " " + script_string(str("field"));
  auto args = a.find("args");
  if (args != a.end() && args->is_array())
    for (const nlohmann::json& v : *args) out += " " + constant_text(v).value_or(v.dump());
  return out + ")";
}

}  // namespace wasmref::harness
