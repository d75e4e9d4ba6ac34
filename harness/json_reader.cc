// Harness: a tolerant reader for the JSON that wast2json 1.0.32 writes (notes-harness §1.1, §1.6,
// §1.7)
#include "harness/json_reader.h"

#include <cerrno>
#include <cstdint>
#include <cstdlib>

namespace wasmref::harness {
namespace {

class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}

  JsonParse run() {
    JsonParse out;
    nlohmann::json v;
    if (!value(v, 0)) {
      out.error = error_;
      return out;
    }
    skip_ws();
    if (pos_ != s_.size()) {
      out.error = at("unexpected content after the JSON value");
      return out;
    }
    out.value = std::move(v);
    return out;
  }

 private:
  std::string at(const std::string& what) const {
    return "invalid JSON at byte " + std::to_string(pos_) + ": " + what;
  }
  bool fail(const std::string& what) {
    if (error_.empty()) error_ = at(what);
    return false;
  }
  void skip_ws() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
      ++pos_;
  }
  bool peek(char c) {
    skip_ws();
    return pos_ < s_.size() && s_[pos_] == c;
  }

  // Depth is bounded by kMaxJsonDepth, so this recursion is not controlled by the input.
  bool value(nlohmann::json& out, int depth) {
    if (depth > kMaxJsonDepth) return fail("nesting too deep");
    skip_ws();
    if (pos_ >= s_.size()) return fail("unexpected end of input");
    const char c = s_[pos_];
    if (c == '{') return object(out, depth);
    if (c == '[') return array(out, depth);
    if (c == '"') {
      std::string str;
      if (!string(str)) return false;
      out = std::move(str);
      return true;
    }
    if (c == '-' || (c >= '0' && c <= '9')) return number(out);
    if (literal("true")) {
      out = true;
      return true;
    }
    if (literal("false")) {
      out = false;
      return true;
    }
    if (literal("null")) {
      out = nullptr;
      return true;
    }
    return fail("unexpected character");
  }

  bool literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  bool object(nlohmann::json& out, int depth) {
    ++pos_;  // '{'
    out = nlohmann::json::object();
    if (peek('}')) {
      ++pos_;
      return true;
    }
    for (;;) {
      skip_ws();
      if (pos_ >= s_.size() || s_[pos_] != '"') return fail("expected a member name");
      std::string key;
      if (!string(key)) return false;
      if (!peek(':')) return fail("expected ':'");
      ++pos_;
      nlohmann::json v;
      if (!value(v, depth + 1)) return false;
      out[key] = std::move(v);  // a repeated key keeps the last value
      if (peek(',')) {
        ++pos_;
        continue;
      }
      if (peek('}')) {
        ++pos_;
        return true;
      }
      return fail("expected ',' or '}'");
    }
  }

  bool array(nlohmann::json& out, int depth) {
    ++pos_;  // '['
    out = nlohmann::json::array();
    if (peek(']')) {
      ++pos_;
      return true;
    }
    for (;;) {
      nlohmann::json v;
      if (!value(v, depth + 1)) return false;
      const bool was_object = v.is_object();
      out.push_back(std::move(v));
      if (peek(',')) {
        ++pos_;
        continue;
      }
      if (peek(']')) {
        ++pos_;
        return true;
      }
      // Note (deviation): the wast2json 1.0.32 comma bug writes `{...}{...}` in `expected`
      // lists of multi-result exports; accept a missing comma between two objects.
      if (was_object && peek('{')) continue;
      return fail("expected ',' or ']'");
    }
  }

  bool hex4(std::uint32_t& cp) {
    if (s_.size() - pos_ < 4) return fail("truncated \\u escape");
    cp = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = s_[pos_++];
      cp <<= 4;
      if (h >= '0' && h <= '9')
        cp |= static_cast<std::uint32_t>(h - '0');
      else if (h >= 'a' && h <= 'f')
        cp |= static_cast<std::uint32_t>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F')
        cp |= static_cast<std::uint32_t>(h - 'A' + 10);
      else
        return fail("bad \\u escape");
    }
    return true;
  }

  static void put_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  // Strings are byte strings: raw bytes are kept as they are (notes-harness §1.7).
  bool string(std::string& out) {
    ++pos_;  // '"'
    for (;;) {
      if (pos_ >= s_.size()) return fail("unterminated string");
      const char c = s_[pos_++];
      if (c == '"') return true;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= s_.size()) return fail("unterminated string");
      const char e = s_[pos_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          std::uint32_t cp = 0;
          if (!hex4(cp)) return false;
          if (cp >= 0xD800 && cp < 0xDC00 && s_.substr(pos_, 2) == "\\u") {
            const size_t save = pos_;
            pos_ += 2;
            std::uint32_t lo = 0;
            if (!hex4(lo)) return false;
            if (lo >= 0xDC00 && lo < 0xE000) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else {
              pos_ = save;  // a lone high surrogate, then another escape
            }
          }
          put_utf8(out, cp);
          break;
        }
        default: return fail("bad escape");
      }
    }
  }

  bool number(nlohmann::json& out) {
    const size_t start = pos_;
    bool integral = true;
    if (s_[pos_] == '-') ++pos_;
    auto digits = [&] {
      const size_t d = pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      return pos_ > d;
    };
    if (!digits()) return fail("bad number");
    if (pos_ < s_.size() && s_[pos_] == '.') {
      integral = false;
      ++pos_;
      if (!digits()) return fail("bad number");
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      integral = false;
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (!digits()) return fail("bad number");
    }
    const std::string text(s_.substr(start, pos_ - start));
    if (integral) {
      errno = 0;
      if (text[0] == '-') {
        const long long v = std::strtoll(text.c_str(), nullptr, 10);
        if (errno == 0) {
          out = static_cast<std::int64_t>(v);
          return true;
        }
      } else {
        const unsigned long long v = std::strtoull(text.c_str(), nullptr, 10);
        if (errno == 0) {
          out = static_cast<std::uint64_t>(v);
          return true;
        }
      }
    }
    out = std::strtod(text.c_str(), nullptr);
    return true;
  }

  std::string_view s_;
  size_t pos_ = 0;
  std::string error_;
};

}  // namespace

JsonParse parse_json_tolerant(std::string_view text) { return Reader(text).run(); }

std::string dump_json(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace wasmref::harness
