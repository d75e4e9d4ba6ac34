// Core 3.0 §6 Text format (text/index.rst): the entry points of wat.h
//
// Lexing and parsing errors are thrown as ParseError by the grammar functions (parser.h);
// these entry points are the only place that catches them, turning them into a WatResult.
#include <string>

#include "syntax/messages.h"
#include "text/parser.h"
#include "text/wat.h"

namespace wasmref::text {

// module ::= (module id? modulefield*) | modulefield*  (§6.6.14 abbreviation: a module may be
// written as its fields alone); nothing but white space may follow.
WatResult wat_to_binary(std::string_view source, const Features& features) {
  Lexer lexer(source);
  Cursor c(lexer, features);
  WatResult r;
  try {
    if (c.at_field("module")) {
      c.expect_lparen();
      c.expect_keyword("module");
      r.id = c.take_id();
      r.bytes = module_fields(c);
      c.expect_rparen();
    } else {
      r.bytes = module_fields(c);
    }
    if (!c.at(TokKind::eof)) c.fail_here(msg::unexpected_token);
    r.ok = true;
  } catch (const ParseError& e) {
    r = WatResult{};
    r.error = TextError{e.message, e.offset};
  }
  return r;
}

WatResult parse_module_fields(Lexer& lexer, const Features& features) {
  Cursor c(lexer, features);
  WatResult r;
  try {
    r.bytes = module_fields(c);
    if (!c.at(TokKind::rparen)) c.fail_here(msg::unexpected_token);
    r.ok = true;
  } catch (const ParseError& e) {
    r = WatResult{};
    r.error = TextError{e.message, e.offset};
  }
  return r;
}

std::string describe(const TextError& e, std::string_view source, std::string_view path) {
  const Position p = position_of(source, e.offset);
  std::string out(path);
  out += ':';
  out += std::to_string(p.line);
  out += ':';
  out += std::to_string(p.column);
  out += ": ";
  out += e.message;
  return out;
}

}  // namespace wasmref::text
