// Core 3.0 §6.1 Conventions (text/conventions.rst): the parser's cursor over the token stream
//
// The grammar functions read tokens through a Cursor: lexical errors and malformed tokens
// become a thrown ParseError carrying the suite's text and the offset of the token, so that
// the grammar functions themselves carry no error plumbing.
#include <string>

#include "syntax/messages.h"
#include "text/numbers.h"
#include "text/parser.h"

namespace wasmref::text {

namespace {

// §6.2.2 "Any token that does not fall into any of the other categories is considered
// reserved, and cannot occur in source text": the suite (token.wast, const.wast,
// float_literals.wast) expects "unknown operator" for one wherever it stands, as the reference
// interpreter's lexer rejects it when it reads it.
void reject_reserved(const Token& t) {
  if (t.kind == TokKind::reserved) throw ParseError{msg::unknown_operator, t.offset};
}
}  // namespace

Token Cursor::peek() {
  Token t;
  LexError e;
  if (!lexer_.peek(t, e)) throw ParseError{e.message, e.offset};
  reject_reserved(t);
  return t;
}

Token Cursor::next() {
  Token t;
  LexError e;
  if (!lexer_.next(t, e)) throw ParseError{e.message, e.offset};
  reject_reserved(t);
  return t;
}

Token Cursor::peek2() {
  const size_t m = mark();
  next();
  Token t;
  try {
    t = peek();
  } catch (...) {
    reset(m);
    throw;
  }
  reset(m);
  return t;
}

bool Cursor::at_keyword(std::string_view kw) {
  const Token t = peek();
  return t.kind == TokKind::keyword && t.text == kw;
}

bool Cursor::at_field(std::string_view kw) {
  if (peek().kind != TokKind::lparen) return false;
  const Token t = peek2();
  return t.kind == TokKind::keyword && t.text == kw;
}

void Cursor::expect_lparen() {
  const Token t = peek();
  if (t.kind != TokKind::lparen) fail(t, msg::unexpected_token);
  next();
}

void Cursor::expect_rparen() {
  const Token t = peek();
  if (t.kind != TokKind::rparen) fail(t, msg::unexpected_token);
  next();
}

void Cursor::expect_keyword(std::string_view kw) {
  const Token t = peek();
  if (t.kind != TokKind::keyword || t.text != kw) fail(t, msg::unexpected_token);
  next();
}

bool Cursor::take_field(std::string_view kw) {
  if (!at_field(kw)) return false;
  next();  // (
  next();  // kw
  return true;
}

bool Cursor::take_keyword(std::string_view kw) {
  if (!at_keyword(kw)) return false;
  next();
  return true;
}

std::optional<std::string> Cursor::take_id() {
  const Token t = peek();
  if (t.kind != TokKind::id) return std::nullopt;
  std::string id;
  std::string error;
  if (!id_value(t, id, error)) fail(t, error);
  next();
  return id;
}

std::string Cursor::take_string() {
  const Token t = peek();
  if (t.kind != TokKind::string) fail(t, msg::unexpected_token);
  std::string bytes;
  std::string error;
  if (!string_value(t, bytes, error)) fail(t, error);
  next();
  return bytes;
}

std::string Cursor::take_name() {
  const Token t = peek();
  if (t.kind != TokKind::string) fail(t, msg::unexpected_token);
  std::string name;
  std::string error;
  if (!name_value(t, name, error)) fail(t, error);
  next();
  return name;
}

namespace {
// A number token converted by `parse`, or the error: "unexpected token" when the token is not
// a literal of that kind, "constant out of range" when it does not fit. A keyword that looks
// like a NaN literal but is none (`nan:1`, `nan:0x`) is an unknown keyword to the reference
// interpreter, hence "unknown operator" (const.wast); `nan:canonical` and `nan:arithmetic` are
// script keywords and stay "unexpected token" (f32.wast).
template <class Parse>
u64 number(Cursor& c, Parse parse) {
  const Token t = c.peek();
  if (t.kind == TokKind::number || t.kind == TokKind::keyword) {
    const NumResult r = parse(t.text);
    if (r.status == NumStatus::ok) {
      c.next();
      return r.bits;
    }
    if (r.status == NumStatus::out_of_range) c.fail(t, msg::constant_out_of_range);
    if (t.kind == TokKind::keyword && t.text.starts_with("nan:") && t.text != "nan:canonical" &&
        t.text != "nan:arithmetic") {
      c.fail(t, msg::unknown_operator);
    }
  }
  c.fail(t, msg::unexpected_token);
}
}  // namespace

u32 Cursor::take_u32() {
  return static_cast<u32>(number(*this, [](std::string_view s) { return parse_uN(s, 32); }));
}

u64 Cursor::take_u64() {
  return number(*this, [](std::string_view s) { return parse_uN(s, 64); });
}

u64 Cursor::take_iN(unsigned bits) {
  return number(*this, [bits](std::string_view s) { return parse_iN(s, bits); });
}

u64 Cursor::take_fN(unsigned bits) {
  return number(*this, [bits](std::string_view s) { return parse_fN(s, bits); });
}

void Cursor::skip_sexpr() {
  const Token first = next();
  if (first.kind != TokKind::lparen && first.kind != TokKind::annot_open) return;
  // Counted, not recursive: nesting depth is bounded by the input only.
  size_t depth = 1;
  while (depth > 0) {
    const Token t = next();
    switch (t.kind) {
      case TokKind::lparen:
      case TokKind::annot_open:
        ++depth;
        break;
      case TokKind::rparen:
        --depth;
        break;
      case TokKind::eof:
        fail(t, msg::unexpected_token);
      default:
        break;
    }
  }
}

void Cursor::fail(const Token& at, std::string_view message) {
  // Running out of input where a token was expected says so ("unexpected end", the suite's
  // text for a truncated module) rather than naming the end as a token.
  if (at.kind == TokKind::eof && message == msg::unexpected_token)
    throw ParseError{msg::unexpected_end, at.offset};
  throw ParseError{std::string(message), at.offset};
}

}  // namespace wasmref::text
