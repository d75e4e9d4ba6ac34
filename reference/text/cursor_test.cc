// Core 3.0 §6.1 Conventions (text/conventions.rst): the parser's cursor, unit tests
#include <gtest/gtest.h>

#include <string>

#include "text/parser.h"

namespace wasmref::text {
namespace {

// Runs `f` on a cursor over `src` and returns the ParseError message ("ok" if none).
template <class F>
std::string error_of(std::string_view src, F f) {
  Lexer lx(src);
  Cursor c(lx, Features{});
  try {
    f(c);
  } catch (const ParseError& e) {
    return e.message;
  }
  return "ok";
}

TEST(Cursor, PeekNextPeek2) {
  Lexer lx("(module $m)");
  Cursor c(lx, Features{});
  EXPECT_EQ(c.peek().kind, TokKind::lparen);
  EXPECT_EQ(c.peek2().text, "module");
  EXPECT_EQ(c.peek().kind, TokKind::lparen);  // peek2 did not move
  EXPECT_EQ(c.next().kind, TokKind::lparen);
  EXPECT_EQ(c.peek2().text, "$m");
  EXPECT_TRUE(c.at_keyword("module"));
  EXPECT_FALSE(c.at_keyword("func"));
  EXPECT_TRUE(c.take_keyword("module"));
  EXPECT_FALSE(c.take_keyword("module"));
  EXPECT_EQ(c.take_id(), "m");
  EXPECT_EQ(c.take_id(), std::nullopt);
  EXPECT_TRUE(c.at(TokKind::rparen));
  EXPECT_EQ(c.peek2().kind, TokKind::eof);
  c.expect_rparen();
  EXPECT_TRUE(c.at(TokKind::eof));
  EXPECT_EQ(c.peek2().kind, TokKind::eof);
}

TEST(Cursor, Fields) {
  Lexer lx("(param i32) (result)");
  Cursor c(lx, Features{});
  EXPECT_TRUE(c.at_field("param"));
  EXPECT_FALSE(c.at_field("result"));
  EXPECT_FALSE(c.take_field("result"));
  EXPECT_TRUE(c.take_field("param"));
  c.expect_keyword("i32");
  c.expect_rparen();
  const size_t m = c.mark();
  c.expect_lparen();
  c.expect_keyword("result");
  c.reset(m);
  EXPECT_TRUE(c.at_field("result"));
  EXPECT_FALSE(c.at_field("param"));
}

TEST(Cursor, ExpectErrors) {
  EXPECT_EQ(error_of("x", [](Cursor& c) { c.expect_lparen(); }), "unexpected token");
  EXPECT_EQ(error_of("(", [](Cursor& c) { c.expect_rparen(); }), "unexpected token");
  EXPECT_EQ(error_of("func", [](Cursor& c) { c.expect_keyword("module"); }),
            "unexpected token");
  EXPECT_EQ(error_of("\"func\"", [](Cursor& c) { c.expect_keyword("func"); }),
            "unexpected token");
  EXPECT_EQ(error_of("", [](Cursor& c) { c.expect_keyword("func"); }), "unexpected end");
}

TEST(Cursor, ErrorOffsets) {
  Lexer lx("(module\n  oops)");
  Cursor c(lx, Features{});
  c.next();
  c.next();
  try {
    c.expect_rparen();
    FAIL();
  } catch (const ParseError& e) {
    EXPECT_EQ(e.message, "unexpected token");
    EXPECT_EQ(e.offset, 10u);
    EXPECT_EQ(position_of(lx.source(), e.offset).line, 2u);
    EXPECT_EQ(position_of(lx.source(), e.offset).column, 3u);
  }
}

TEST(Cursor, LexicalErrorsBecomeParseErrors) {
  EXPECT_EQ(error_of("\"abc", [](Cursor& c) { c.peek(); }), "unclosed string");
  EXPECT_EQ(error_of("(; ", [](Cursor& c) { c.next(); }), "unclosed comment");
  EXPECT_EQ(error_of("a \x01", [](Cursor& c) { c.peek2(); }), "illegal character");
  EXPECT_EQ(error_of("(@", [](Cursor& c) { c.at_field("x"); }), "empty annotation id");
  // a reserved token is "unknown operator" wherever it is read (token.wast)
  EXPECT_EQ(error_of("0$x", [](Cursor& c) { c.peek(); }), "unknown operator");
  EXPECT_EQ(error_of("(data \"a\"\"b\")",
                     [](Cursor& c) {
                       c.expect_lparen();
                       c.expect_keyword("data");
                       c.take_string();
                     }),
            "unknown operator");
  // the lexer's error offset is kept
  Lexer lx("a  \"x");
  Cursor c(lx, Features{});
  c.next();
  try {
    c.next();
    FAIL();
  } catch (const ParseError& e) {
    EXPECT_EQ(e.offset, 3u);
  }
}

TEST(Cursor, Strings) {
  Lexer lx("\"a\\62c\" \"\\ff\" \"\\ff\" \"ok\\u{e9}\"");
  Cursor c(lx, Features{});
  EXPECT_EQ(c.take_string(), "abc");
  EXPECT_EQ(c.take_string(), "\xff");
  EXPECT_EQ(error_of("\"\\ff\"", [](Cursor& c) { c.take_name(); }), "malformed UTF-8 encoding");
  c.next();
  EXPECT_EQ(c.take_name(), "ok\xc3\xa9");
  EXPECT_EQ(error_of("$x", [](Cursor& c) { c.take_string(); }), "unexpected token");
  EXPECT_EQ(error_of("x", [](Cursor& c) { c.take_name(); }), "unexpected token");
  EXPECT_EQ(error_of("$\"\\ff\"", [](Cursor& c) { c.take_id(); }), "malformed UTF-8 encoding");
}

TEST(Cursor, Numbers) {
  Lexer lx("0xffffffff 18446744073709551615 -1 -0x80000000 1.5 -inf nan:0x1 0x1p-149 255 -128");
  Cursor c(lx, Features{});
  EXPECT_EQ(c.take_u32(), 0xffffffffu);
  EXPECT_EQ(c.take_u64(), ~u64{0});
  EXPECT_EQ(c.take_iN(32), 0xffffffffu);
  EXPECT_EQ(c.take_iN(32), 0x80000000u);
  EXPECT_EQ(c.take_fN(64), 0x3ff8000000000000ull);
  EXPECT_EQ(c.take_fN(32), 0xff800000u);
  EXPECT_EQ(c.take_fN(32), 0x7f800001u);  // a keyword token, still an f32 literal
  EXPECT_EQ(c.take_fN(32), 1u);
  EXPECT_EQ(c.take_iN(8), 0xffu);
  EXPECT_EQ(c.take_iN(8), 0x80u);
  EXPECT_TRUE(c.at(TokKind::eof));
}

TEST(Cursor, NumberErrors) {
  auto u32 = [](Cursor& c) { c.take_u32(); };
  auto i32 = [](Cursor& c) { c.take_iN(32); };
  auto i64 = [](Cursor& c) { c.take_iN(64); };
  auto f32 = [](Cursor& c) { c.take_fN(32); };
  auto f64 = [](Cursor& c) { c.take_fN(64); };
  EXPECT_EQ(error_of("-1", u32), "unexpected token");
  EXPECT_EQ(error_of("1.0", u32), "unexpected token");
  EXPECT_EQ(error_of("4294967296", u32), "constant out of range");
  EXPECT_EQ(error_of(")", i32), "unexpected token");  // const.wast "(i32.const)"
  EXPECT_EQ(error_of("", i32), "unexpected end");
  EXPECT_EQ(error_of("$x", i32), "unexpected token");
  EXPECT_EQ(error_of("nan", i32), "unexpected token");
  EXPECT_EQ(error_of("0x100000000", i32), "constant out of range");
  EXPECT_EQ(error_of("-0x80000001", i32), "constant out of range");
  EXPECT_EQ(error_of("-9223372036854775809", i64), "constant out of range");
  EXPECT_EQ(error_of("0x", i32), "unknown operator");  // const.wast: reserved tokens
  EXPECT_EQ(error_of("1x", i64), "unknown operator");
  EXPECT_EQ(error_of("1__000", i32), "unknown operator");
  EXPECT_EQ(error_of(".0", f32), "unknown operator");
  EXPECT_EQ(error_of("0x0pA", f64), "unknown operator");
  EXPECT_EQ(error_of("nan:1", f32), "unknown operator");
  EXPECT_EQ(error_of("nan:0x0", f32), "constant out of range");
  EXPECT_EQ(error_of("nan:0x80_0000", f32), "constant out of range");
  EXPECT_EQ(error_of("nan:0x10_0000_0000_0000", f64), "constant out of range");
  EXPECT_EQ(error_of("nan:arithmetic", f32), "unexpected token");  // f32.wast
  EXPECT_EQ(error_of("nan:canonical", f64), "unexpected token");
  EXPECT_EQ(error_of("1e39", f32), "constant out of range");
  EXPECT_EQ(error_of("0x1p1024", f64), "constant out of range");
  EXPECT_EQ(error_of("\"1\"", f64), "unexpected token");
  // a failed take does not consume
  Lexer lx("0x100000000");
  Cursor c(lx, Features{});
  EXPECT_THROW(c.take_u32(), ParseError);
  EXPECT_EQ(c.take_u64(), 0x100000000ull);
}

TEST(Cursor, SkipSexpr) {
  Lexer lx("(a (b (c) \"(\") (; ) ;) d) e f");
  Cursor c(lx, Features{});
  c.skip_sexpr();
  EXPECT_EQ(c.next().text, "e");
  c.skip_sexpr();  // one token
  EXPECT_TRUE(c.at(TokKind::eof));
  EXPECT_EQ(error_of("(a (b)", [](Cursor& c) { c.skip_sexpr(); }), "unexpected end");
  EXPECT_EQ(error_of("(a 0$x)", [](Cursor& c) { c.skip_sexpr(); }), "unknown operator");
}

TEST(Cursor, SkipSexprDeepIsCounted) {
  std::string s;
  for (int i = 0; i < 1000000; ++i) s += '(';
  for (int i = 0; i < 1000000; ++i) s += ')';
  s += " x";
  Lexer lx(s);
  Cursor c(lx, Features{});
  c.skip_sexpr();
  EXPECT_EQ(c.next().text, "x");
}

TEST(Cursor, SkipSexprWithAnnotationTokens) {
  Lexer lx("(a (@x (y)) b) z");
  lx.set_skip_annotations(false);
  Cursor c(lx, Features{});
  c.skip_sexpr();
  EXPECT_EQ(c.next().text, "z");
}

TEST(Cursor, Fail) {
  Lexer lx("abc def");
  Cursor c(lx, Features{});
  c.next();
  try {
    c.fail_here("unknown type");
    FAIL();
  } catch (const ParseError& e) {
    EXPECT_EQ(e.message, "unknown type");
    EXPECT_EQ(e.offset, 4u);
  }
}

}  // namespace
}  // namespace wasmref::text
