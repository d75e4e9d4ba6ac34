// Core 3.0 §6.2 Lexical format (text/lexical.rst) and §6.3.3-6.3.5 strings, names, identifiers
// (text/values.rst)
//
// A hand-written scanner over bytes. Nothing recurses: block comments and annotations keep a
// depth counter. Errors carry the suite's texts.
#include "syntax/messages.h"
#include "text/lexer.h"

#include "text/numbers.h"

namespace wasmref::text {

namespace {

// §6.2.2 idchar: 0-9 a-z A-Z ! # $ % & ' * + - . / : < = > ? @ \ ^ _ ` | ~
constexpr bool idchar_table(unsigned c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  for (char k : std::string_view("!#$%&'*+-./:<=>?@\\^_`|~")) {
    if (static_cast<unsigned>(k) == c) return true;
  }
  return false;
}
struct IdcharSet {
  bool v[256] = {};
  constexpr IdcharSet() {
    for (unsigned c = 0; c < 256; ++c) v[c] = idchar_table(c);
  }
};
constexpr IdcharSet kIdchars;

bool is_idchar(u8 c) { return kIdchars.v[c]; }
// Characters that are neither idchars nor white space nor parentheses nor quotes but still
// form reserved tokens (the 3.0 grammar's `,` `;` `[` `]` `{` `}`); a `;` followed by `;`
// starts a line comment instead.
bool is_reserved_extra(u8 c) {
  return c == ',' || c == '[' || c == ']' || c == '{' || c == '}' || c == ';';
}
bool is_hexdigit(u8 c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
unsigned hex_value(u8 c) {
  if (c <= '9') return c - '0';
  if (c >= 'a') return c - 'a' + 10;
  return c - 'A' + 10;
}

// §6.2.1 Characters are Unicode scalar values in UTF-8: the length of the well-formed
// sequence at `i`, or 0 if it is malformed (overlong, surrogate, > U+10FFFF, truncated).
size_t utf8_length(std::string_view s, size_t i) {
  const u8 c = static_cast<u8>(s[i]);
  if (c < 0x80) return 1;
  auto cont = [&](size_t k, u8 lo, u8 hi) {
    if (i + k >= s.size()) return false;
    const u8 b = static_cast<u8>(s[i + k]);
    return b >= lo && b <= hi;
  };
  if (c >= 0xC2 && c <= 0xDF) return cont(1, 0x80, 0xBF) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    const u8 lo = c == 0xE0 ? 0xA0 : 0x80;
    const u8 hi = c == 0xED ? 0x9F : 0xBF;
    return cont(1, lo, hi) && cont(2, 0x80, 0xBF) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    const u8 lo = c == 0xF0 ? 0x90 : 0x80;
    const u8 hi = c == 0xF4 ? 0x8F : 0xBF;
    return cont(1, lo, hi) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
  }
  return 0;
}

// A streaming UTF-8 check over the bytes a string literal denotes (names, quoted ids).
class Utf8Check {
 public:
  void feed(u8 b) {
    if (need_ == 0) {
      if (b < 0x80) return;
      if (b >= 0xC2 && b <= 0xDF) {
        start(1, 0x80, 0xBF);
      } else if (b >= 0xE0 && b <= 0xEF) {
        start(2, b == 0xE0 ? 0xA0 : 0x80, b == 0xED ? 0x9F : 0xBF);
      } else if (b >= 0xF0 && b <= 0xF4) {
        start(3, b == 0xF0 ? 0x90 : 0x80, b == 0xF4 ? 0x8F : 0xBF);
      } else {
        bad_ = true;
      }
      return;
    }
    if (b < lo_ || b > hi_) bad_ = true;
    --need_;
    lo_ = 0x80;
    hi_ = 0xBF;
  }
  bool ok() const { return !bad_ && need_ == 0; }

 private:
  void start(int need, u8 lo, u8 hi) {
    need_ = need;
    lo_ = lo;
    hi_ = hi;
  }
  int need_ = 0;
  u8 lo_ = 0x80, hi_ = 0xBF;
  bool bad_ = false;
};

// Appends the UTF-8 encoding of a scalar value (checked by the caller).
template <class Emit>
void emit_utf8(u32 c, Emit& emit) {
  if (c < 0x80) {
    emit(static_cast<u8>(c));
  } else if (c < 0x800) {
    emit(static_cast<u8>(0xC0 | (c >> 6)));
    emit(static_cast<u8>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    emit(static_cast<u8>(0xE0 | (c >> 12)));
    emit(static_cast<u8>(0x80 | ((c >> 6) & 0x3F)));
    emit(static_cast<u8>(0x80 | (c & 0x3F)));
  } else {
    emit(static_cast<u8>(0xF0 | (c >> 18)));
    emit(static_cast<u8>(0x80 | ((c >> 12) & 0x3F)));
    emit(static_cast<u8>(0x80 | ((c >> 6) & 0x3F)));
    emit(static_cast<u8>(0x80 | (c & 0x3F)));
  }
}

// §6.3.3 string ::= '"' stringelem* '"' with
//   stringelem ::= stringchar | '\' hexdigit hexdigit
//   stringchar ::= any char >= U+20 except U+7F, '"', '\'  |  '\t' '\n' '\r' '\"' '\'' '\\'
//                | '\u{' hexnum '}'   (the value < 0xD800 or in [0xE000, 0x110000))
// Scans the literal whose `"` is at `i`, passing each byte it denotes to `emit`. On success
// `i` is past the closing quote; otherwise `error` and `at` say what and where.
template <class Emit>
bool scan_string(std::string_view s, size_t& i, Emit&& emit, const char*& error, size_t& at) {
  size_t k = i + 1;
  for (;;) {
    if (k >= s.size()) {
      error = msg::unclosed_string;
      at = i;
      return false;
    }
    const u8 c = static_cast<u8>(s[k]);
    if (c == '"') {
      i = k + 1;
      return true;
    }
    if (c == '\n') {  // a line break ends the line, not the string
      error = msg::unclosed_string;
      at = i;
      return false;
    }
    if (c < 0x20 || c == 0x7F) {
      error = msg::illegal_character;
      at = k;
      return false;
    }
    if (c >= 0x80) {
      const size_t n = utf8_length(s, k);
      if (n == 0) {
        error = msg::malformed_utf8_encoding;
        at = k;
        return false;
      }
      for (size_t j = 0; j < n; ++j) emit(static_cast<u8>(s[k + j]));
      k += n;
      continue;
    }
    if (c != '\\') {
      emit(c);
      ++k;
      continue;
    }
    // An escape.
    const size_t esc = k;
    if (k + 1 >= s.size()) {
      error = msg::unclosed_string;
      at = i;
      return false;
    }
    const u8 e = k + 1 < s.size() ? static_cast<u8>(s[k + 1]) : 0;
    switch (e) {
      case 't': emit(u8{'\t'}); k += 2; continue;
      case 'n': emit(u8{'\n'}); k += 2; continue;
      case 'r': emit(u8{'\r'}); k += 2; continue;
      case '"': emit(u8{'"'}); k += 2; continue;
      case '\'': emit(u8{'\''}); k += 2; continue;
      case '\\': emit(u8{'\\'}); k += 2; continue;
      default: break;
    }
    if (is_hexdigit(e)) {  // '\' hexdigit hexdigit: one raw byte
      if (k + 2 >= s.size() || !is_hexdigit(static_cast<u8>(s[k + 2]))) {
        error = msg::illegal_escape;
        at = esc;
        return false;
      }
      emit(static_cast<u8>(hex_value(e) * 16 + hex_value(static_cast<u8>(s[k + 2]))));
      k += 3;
      continue;
    }
    if (e == 'u' && k + 2 < s.size() && s[k + 2] == '{') {  // '\u{' hexnum '}'
      size_t j = k + 3;
      u32 value = 0;
      bool digit_before = false;  // hexnum ::= hexdigit ('_'? hexdigit)*
      bool ok = false;
      while (j < s.size()) {
        const u8 d = static_cast<u8>(s[j]);
        if (is_hexdigit(d)) {
          if (value < 0x1000000) value = value * 16 + hex_value(d);  // saturates out of range
          digit_before = true;
          ++j;
        } else if (d == '_' && digit_before && j + 1 < s.size() &&
                   is_hexdigit(static_cast<u8>(s[j + 1]))) {
          ++j;
        } else {
          ok = d == '}' && digit_before;
          break;
        }
      }
      if (!ok) {
        error = msg::illegal_escape;
        at = esc;
        return false;
      }
      if (value >= 0x110000 || (value >= 0xD800 && value < 0xE000)) {
        error = msg::malformed_utf8_encoding;
        at = esc;
        return false;
      }
      emit_utf8(value, emit);
      k = j + 1;
      continue;
    }
    error = msg::illegal_escape;
    at = esc;
    return false;
  }
}

struct Scanner {
  std::string_view s;
  LexError& error;

  bool fail(const char* message, size_t at) {
    error.message = message;
    error.offset = at;
    return false;
  }

  // The error for a byte that starts no token: invalid UTF-8 or an illegal character.
  bool illegal(size_t i) {
    const u8 c = static_cast<u8>(s[i]);
    if (c >= 0x80 && utf8_length(s, i) == 0) return fail(msg::malformed_utf8_encoding, i);
    return fail(msg::illegal_character, i);
  }

  // One character of a comment at `k`: any character, its UTF-8 checked (§6.2.4); moves `k`
  // past it.
  bool comment_char(size_t& k) {
    if (static_cast<u8>(s[k]) < 0x80) {
      ++k;
      return true;
    }
    const size_t n = utf8_length(s, k);
    if (n == 0) return fail(msg::malformed_utf8_encoding, k);
    k += n;
    return true;
  }

  // §6.2.4 linecomment ::= ';;' linechar* (newline | eof): any character but LF and CR; the
  // UTF-8 of non-ASCII characters is still checked.
  bool line_comment(size_t& i) {
    size_t k = i + 2;
    while (k < s.size()) {
      const u8 c = static_cast<u8>(s[k]);
      if (c == '\n' || c == '\r') break;
      if (!comment_char(k)) return false;
    }
    i = k;
    return true;
  }

  // §6.2.4 blockcomment ::= '(;' blockchar* ';)' with nested block comments: a depth counter.
  bool block_comment(size_t& i) {
    const size_t start = i;
    size_t depth = 1;
    size_t k = i + 2;
    while (depth > 0) {
      if (k >= s.size()) return fail(msg::unclosed_comment, start);
      const u8 c = static_cast<u8>(s[k]);
      if (c == '(' && k + 1 < s.size() && s[k + 1] == ';') {
        ++depth;
        k += 2;
      } else if (c == ';' && k + 1 < s.size() && s[k + 1] == ')') {
        --depth;
        k += 2;
      } else if (!comment_char(k)) {
        return false;
      }
    }
    i = k;
    return true;
  }

  // §6.2.5 annotid ::= idchar+ | name, right after `(@` (at `i`). `id` is the idchars, or the
  // string literal with its quotes. The quoted form must denote a non-empty UTF-8 name.
  bool annotid(size_t& i, std::string_view& id) {
    const size_t start = i - 2;  // the `(`
    size_t k = i;
    while (k < s.size() && is_idchar(static_cast<u8>(s[k]))) ++k;
    if (k > i) {
      id = s.substr(i, k - i);
      i = k;
      return true;
    }
    if (k < s.size() && s[k] == '"') {
      size_t bytes = 0;
      Utf8Check utf8;
      const char* message = nullptr;
      size_t at = 0;
      if (!scan_string(s, k, [&](u8 b) { ++bytes, utf8.feed(b); }, message, at)) {
        // Not a string token: `(@` stands alone, with no id.
        return fail(msg::empty_annotation_id, start);
      }
      if (bytes == 0) return fail(msg::empty_annotation_id, start);
      if (!utf8.ok()) return fail(msg::malformed_utf8_encoding, i);
      id = s.substr(i, k - i);
      i = k;
      return true;
    }
    return fail(msg::empty_annotation_id, start);
  }

  // §6.2.5 annot ::= '(@' annotid (space | token)* ')': skipped as a balanced group, with
  // strings, comments and nested annotations inside checked. `i` is at the `(` of `(@`.
  bool annotation(size_t& i) {
    const size_t start = i;
    i += 2;
    std::string_view id;
    if (!annotid(i, id)) return false;
    size_t depth = 1;
    while (depth > 0) {
      if (i >= s.size()) return fail(msg::unclosed_annotation, start);
      const u8 c = static_cast<u8>(s[i]);
      switch (c) {
        case ' ': case '\t': case '\n': case '\r':
          ++i;
          break;
        case '(':
          // A nested `(@...` is one more parenthesis: its id is not checked (annotations.wast
          // has `(@)` and `(@ x)` inside an annotation).
          if (i + 1 < s.size() && s[i + 1] == ';') {
            if (!block_comment(i)) return false;
          } else {
            ++i;
            ++depth;
          }
          break;
        case ')':
          ++i;
          --depth;
          break;
        case '"': {
          const char* message = nullptr;
          size_t at = 0;
          if (!scan_string(s, i, [](u8) {}, message, at)) return fail(message, at);
          break;
        }
        case ';':
          if (i + 1 < s.size() && s[i + 1] == ';') {
            if (!line_comment(i)) return false;
          } else {
            ++i;
          }
          break;
        default:
          if (is_idchar(c) || is_reserved_extra(c)) {
            ++i;
          } else {
            return illegal(i);
          }
      }
    }
    return true;
  }

  // §6.2.3 White space: spaces, format effectors, comments and (when skipped) annotations.
  bool space(size_t& i, bool skip_annotations) {
    while (i < s.size()) {
      const char c = s[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++i;
      } else if (c == ';' && i + 1 < s.size() && s[i + 1] == ';') {
        if (!line_comment(i)) return false;
      } else if (c == '(' && i + 1 < s.size() && s[i + 1] == ';') {
        if (!block_comment(i)) return false;
      } else if (c == '(' && i + 1 < s.size() && s[i + 1] == '@' && skip_annotations) {
        if (!annotation(i)) return false;
      } else {
        break;
      }
    }
    return true;
  }

  // §6.2.2 Tokens, longest match: one token at `i` (no white space before it).
  bool token(size_t& i, Token& out, bool skip_annotations) {
    out.offset = i;
    if (i >= s.size()) {
      out.kind = TokKind::eof;
      out.text = {};
      return true;
    }
    const u8 c = static_cast<u8>(s[i]);
    if (c == '(') {
      if (!skip_annotations && i + 1 < s.size() && s[i + 1] == '@') {
        size_t k = i + 2;
        std::string_view id;
        if (!annotid(k, id)) return false;
        out.kind = TokKind::annot_open;
        out.text = id;
        i = k;
        return true;
      }
      out.kind = TokKind::lparen;
      out.text = s.substr(i, 1);
      ++i;
      return true;
    }
    if (c == ')') {
      out.kind = TokKind::rparen;
      out.text = s.substr(i, 1);
      ++i;
      return true;
    }
    // A run of idchars, reserved characters and strings glued together.
    const size_t start = i;
    size_t k = i;
    size_t strings = 0;
    size_t first_string = 0;
    while (k < s.size()) {
      const u8 d = static_cast<u8>(s[k]);
      if (d == '"') {
        const char* message = nullptr;
        size_t at = 0;
        const size_t quote = k;
        Utf8Check utf8;
        size_t bytes = 0;
        if (!scan_string(s, k, [&](u8 b) { ++bytes, utf8.feed(b); }, message, at)) {
          // `$` followed by what is not a string token: the `$` is an identifier without
          // characters (the reference interpreter's reading of `$"a<newline>b"`).
          if (k - start == 1 && s[start] == '$') return fail(msg::empty_identifier, start);
          return fail(message, at);
        }
        if (quote == start + 1 && s[start] == '$' && strings == 0) {
          // §6.3.5 id ::= '$' name: a non-empty UTF-8 name.
          if (bytes == 0) return fail(msg::empty_identifier, start);
          if (!utf8.ok()) return fail(msg::malformed_utf8_encoding, quote);
        }
        if (strings++ == 0) first_string = quote;
      } else if (is_idchar(d) ||
                 (is_reserved_extra(d) && !(d == ';' && k + 1 < s.size() && s[k + 1] == ';'))) {
        ++k;
      } else {
        break;
      }
    }
    if (k == start) return illegal(start);
    out.text = s.substr(start, k - start);
    out.offset = start;
    i = k;
    const std::string_view t = out.text;
    if (strings > 0) {
      if (strings == 1 && first_string == start && s[k - 1] == '"') {
        out.kind = TokKind::string;
      } else if (strings == 1 && t[0] == '$' && first_string == start + 1 && s[k - 1] == '"') {
        out.kind = TokKind::id;
      } else {
        out.kind = TokKind::reserved;
      }
      return true;
    }
    if (t[0] == '$') {
      if (t.size() == 1) return fail(msg::empty_identifier, start);
      out.kind = TokKind::id;
    } else if (t[0] >= 'a' && t[0] <= 'z') {
      out.kind = TokKind::keyword;
    } else if (is_number_literal(t)) {
      out.kind = TokKind::number;
    } else {
      out.kind = TokKind::reserved;
    }
    return true;
  }
};

}  // namespace

const char* to_string(TokKind k) {
  switch (k) {
    case TokKind::lparen: return "(";
    case TokKind::rparen: return ")";
    case TokKind::annot_open: return "annotation";
    case TokKind::keyword: return "keyword";
    case TokKind::number: return "number";
    case TokKind::string: return "string";
    case TokKind::id: return "identifier";
    case TokKind::reserved: return "reserved";
    case TokKind::eof: return "end of input";
  }
  return "?";
}

Position position_of(std::string_view source, size_t offset) {
  Position p;
  if (offset > source.size()) offset = source.size();
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    const char c = source[i];
    // §6.2.3 newline ::= U+0A | U+0D | U+0D U+0A
    if (c == '\n' || (c == '\r' && !(i + 1 < source.size() && source[i + 1] == '\n'))) {
      ++p.line;
      line_start = i + 1;
    }
  }
  p.column = static_cast<u32>(offset - line_start + 1);
  return p;
}

bool Lexer::lex(size_t pos, Token& out, size_t& end, LexError& error) const {
  Scanner sc{source_, error};
  size_t i = pos;
  if (!sc.space(i, skip_annotations_)) return false;
  if (!sc.token(i, out, skip_annotations_)) return false;
  end = i;
  return true;
}

bool Lexer::peek(Token& out, LexError& error) {
  for (const Cached& c : cache_) {
    if (c.start == pos_ && c.skip_annotations == skip_annotations_) {
      out = c.token;
      return true;
    }
  }
  size_t end = 0;
  if (!lex(pos_, out, end, error)) return false;
  Cached& slot = cache_[cache_next_];
  cache_next_ ^= 1;
  slot.start = pos_;
  slot.end = end;
  slot.skip_annotations = skip_annotations_;
  slot.token = out;
  return true;
}

bool Lexer::next(Token& out, LexError& error) {
  for (const Cached& c : cache_) {
    if (c.start == pos_ && c.skip_annotations == skip_annotations_) {
      out = c.token;
      pos_ = c.end;
      return true;
    }
  }
  size_t end = 0;
  if (!lex(pos_, out, end, error)) return false;
  pos_ = end;
  return true;
}

// --- §6.3.3-6.3.5 Strings, names, identifiers -----------------------------------------------

bool string_value(const Token& t, std::string& bytes, std::string& error) {
  bytes.clear();
  const std::string_view s = t.text;
  if (s.size() < 2 || s.front() != '"') {
    error = msg::unexpected_token;
    return false;
  }
  size_t i = 0;
  const char* message = nullptr;
  size_t at = 0;
  if (!scan_string(s, i, [&](u8 b) { bytes.push_back(static_cast<char>(b)); }, message, at)) {
    error = message;
    return false;
  }
  if (i != s.size()) {  // something glued after the literal: not one string token
    error = msg::unexpected_token;
    return false;
  }
  return true;
}

bool name_value(const Token& t, std::string& name, std::string& error) {
  if (!string_value(t, name, error)) return false;
  Utf8Check utf8;
  for (char c : name) utf8.feed(static_cast<u8>(c));
  if (!utf8.ok()) {
    error = msg::malformed_utf8_encoding;
    return false;
  }
  return true;
}

bool id_value(const Token& t, std::string& id, std::string& error) {
  id.clear();
  const std::string_view s = t.text;
  if (s.empty() || s[0] != '$') {
    error = msg::unexpected_token;
    return false;
  }
  if (s.size() >= 2 && s[1] == '"') {  // $"...": a non-empty name
    Token str = t;
    str.text = s.substr(1);
    if (!name_value(str, id, error)) return false;
    if (id.empty()) {
      error = msg::empty_identifier;
      return false;
    }
    return true;
  }
  if (s.size() == 1) {
    error = msg::empty_identifier;
    return false;
  }
  for (size_t i = 1; i < s.size(); ++i) {
    if (!is_idchar(static_cast<u8>(s[i]))) {
      error = msg::unexpected_token;
      return false;
    }
  }
  id.assign(s.substr(1));
  return true;
}

}  // namespace wasmref::text
