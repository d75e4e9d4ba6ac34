// Core 3.0 §6.2 Lexical format (text/lexical.rst), §6.3.3-6.3.5 strings, names, identifiers:
// unit tests
#include "text/lexer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace wasmref::text {
namespace {

struct Lexed {
  std::vector<Token> tokens;  // up to (not including) eof
  bool ok = true;
  LexError error;
};

Lexed lex_all(std::string_view src, bool skip_annotations = true) {
  Lexer lx(src);
  lx.set_skip_annotations(skip_annotations);
  Lexed r;
  for (;;) {
    Token t;
    if (!lx.next(t, r.error)) {
      r.ok = false;
      return r;
    }
    if (t.kind == TokKind::eof) return r;
    r.tokens.push_back(t);
  }
}

// The kinds and texts as one string: "keyword:module lparen:( ..."
std::string show(std::string_view src, bool skip_annotations = true) {
  const Lexed r = lex_all(src, skip_annotations);
  std::string out;
  for (const Token& t : r.tokens) {
    if (!out.empty()) out += ' ';
    out += to_string(t.kind);
    out += ':';
    out += t.text;
  }
  if (!r.ok) out += (out.empty() ? "ERROR:" : " ERROR:") + r.error.message;
  return out;
}

std::string error_of(std::string_view src) {
  const Lexed r = lex_all(src);
  return r.ok ? "ok" : r.error.message;
}

TEST(Tokens, EveryKind) {
  EXPECT_EQ(show("(module $m \"s\" 12 -1.5 nan +inf 0$x)"),
            "(:( keyword:module identifier:$m string:\"s\" number:12 number:-1.5 keyword:nan "
            "number:+inf reserved:0$x ):)");
  EXPECT_EQ(show(""), "");
  EXPECT_EQ(show("  \t\n\r "), "");
}

TEST(Tokens, Offsets) {
  const Lexed r = lex_all("  (func\n $f)");
  ASSERT_TRUE(r.ok);
  ASSERT_EQ(r.tokens.size(), 4u);
  EXPECT_EQ(r.tokens[0].offset, 2u);
  EXPECT_EQ(r.tokens[1].offset, 3u);
  EXPECT_EQ(r.tokens[2].offset, 9u);
  EXPECT_EQ(r.tokens[3].offset, 11u);
}

TEST(Tokens, Keywords) {
  EXPECT_EQ(show("i32.const i32.load8_s offset=4 align=8 nan:0x1 nan:canonical inf"),
            "keyword:i32.const keyword:i32.load8_s keyword:offset=4 keyword:align=8 "
            "keyword:nan:0x1 keyword:nan:canonical keyword:inf");
}

TEST(Tokens, Numbers) {
  EXPECT_EQ(show("0 1_000 0xff -0x80 +1 1.5e10 0x1.8p3 -inf -nan +nan:0x1 1. 0x1p-2"),
            "number:0 number:1_000 number:0xff number:-0x80 number:+1 number:1.5e10 "
            "number:0x1.8p3 number:-inf number:-nan number:+nan:0x1 number:1. number:0x1p-2");
  // out of range is still a number token; the parser says "constant out of range"
  EXPECT_EQ(show("0x100000000000000000000"), "number:0x100000000000000000000");
}

TEST(Tokens, Reserved) {
  // §6.2.2: longest match, then anything that is no other token is reserved
  EXPECT_EQ(show("0$x"), "reserved:0$x");
  EXPECT_EQ(show("\"a\"\"b\""), "reserved:\"a\"\"b\"");
  EXPECT_EQ(show("$x\"a\""), "reserved:$x\"a\"");
  EXPECT_EQ(show("\"a\"$x"), "reserved:\"a\"$x");
  EXPECT_EQ(show("$\"a\"0"), "reserved:$\"a\"0");
  EXPECT_EQ(show("$\"l\"$l"), "reserved:$\"l\"$l");
  EXPECT_EQ(show("0drop"), "reserved:0drop");
  EXPECT_EQ(show("i32.const0"), "keyword:i32.const0");
  for (const char* s : {"1x", "0x", "0xg", ".0", "0e", "0e+", "0x0p", "1__000", "_1", "+_1", "99_",
                        "0x_1", "-", "+", "+infx", "-nan:1", "A", "@x", "=", "\\", "a,b", ",",
                        "[", "{}", "1;2"}) {
    const Lexed r = lex_all(s);
    ASSERT_TRUE(r.ok) << s << ": " << r.error.message;
    ASSERT_EQ(r.tokens.size(), 1u) << s;
    if (s[0] >= 'a' && s[0] <= 'z') {
      EXPECT_EQ(r.tokens[0].kind, TokKind::keyword) << s;
    } else {
      EXPECT_EQ(r.tokens[0].kind, TokKind::reserved) << s;
    }
  }
}

TEST(Tokens, Delimiters) {
  // token.wast: parentheses, comments and white space delimit tokens
  EXPECT_EQ(show("(func(nop))"), "(:( keyword:func (:( keyword:nop ):) ):)");
  EXPECT_EQ(show("(func $f(nop))"), "(:( keyword:func identifier:$f (:( keyword:nop ):) ):)");
  EXPECT_EQ(show("(data \"a\";;bla\n)"), "(:( keyword:data string:\"a\" ):)");
  EXPECT_EQ(show("nop;;bla"), "keyword:nop");
  EXPECT_EQ(show("br 0(;c;)drop"), "keyword:br number:0 keyword:drop");
  EXPECT_EQ(show("\"a\"(\"b\")"), "string:\"a\" (:( string:\"b\" ):)");
  EXPECT_EQ(show("$l$l $l0"), "identifier:$l$l identifier:$l0");
}

TEST(Identifiers, Forms) {
  EXPECT_EQ(show("$x $\"a b\" $0 $!#$%&'*+-./:<=>?@\\^_`|~"),
            "identifier:$x identifier:$\"a b\" identifier:$0 identifier:$!#$%&'*+-./:<=>?@\\^_`|~");
  // id.wast / annotations.wast
  EXPECT_EQ(error_of("(func $)"), "empty identifier");
  EXPECT_EQ(error_of("(func $\"\")"), "empty identifier");
  EXPECT_EQ(error_of("(func $ \"a\")"), "empty identifier");
  EXPECT_EQ(error_of("(func $\"a\nb\")"), "empty identifier");
  EXPECT_EQ(error_of("(func $\"a\tb\")"), "empty identifier");
  EXPECT_EQ(error_of("(func $\"\\ef\")"), "malformed UTF-8 encoding");
  EXPECT_EQ(error_of("(func $(@a))"), "empty identifier");
  EXPECT_EQ(error_of("(func $(@a)f)"), "empty identifier");
}

TEST(Identifiers, Value) {
  std::string id, err;
  const Lexed r = lex_all("$abc $\"x\\41\\u{e9}\" $\"\"");
  ASSERT_FALSE(r.ok);  // the third is an empty identifier
  ASSERT_EQ(r.tokens.size(), 2u);
  ASSERT_TRUE(id_value(r.tokens[0], id, err));
  EXPECT_EQ(id, "abc");
  ASSERT_TRUE(id_value(r.tokens[1], id, err));
  EXPECT_EQ(id, "xA\xc3\xa9");
  Token t{TokKind::id, "$\"\\ff\"", 0};
  EXPECT_FALSE(id_value(t, id, err));
  EXPECT_EQ(err, "malformed UTF-8 encoding");
  t.text = "$";
  EXPECT_FALSE(id_value(t, id, err));
  EXPECT_EQ(err, "empty identifier");
}

TEST(Strings, Values) {
  std::string bytes, err;
  const Lexed r = lex_all(
      "\"\" \"a\\tb\\nc\\rd\\\"e\\'f\\\\g\" \"\\00\\ff\\Ab\" \"\\u{0}\\u{7f}\\u{80}\\u{ffff}"
      "\\u{10FFFF}\\u{1_0000}\" \"Heiße\"");
  ASSERT_TRUE(r.ok) << r.error.message;
  ASSERT_EQ(r.tokens.size(), 5u);
  ASSERT_TRUE(string_value(r.tokens[0], bytes, err));
  EXPECT_EQ(bytes, "");
  ASSERT_TRUE(string_value(r.tokens[1], bytes, err));
  EXPECT_EQ(bytes, "a\tb\nc\rd\"e'f\\g");
  ASSERT_TRUE(string_value(r.tokens[2], bytes, err));
  EXPECT_EQ(bytes, std::string("\x00\xff\xab", 3));
  ASSERT_TRUE(string_value(r.tokens[3], bytes, err));
  EXPECT_EQ(bytes, std::string("\x00\x7f\xc2\x80\xef\xbf\xbf\xf4\x8f\xbf\xbf\xf0\x90\x80\x80", 15));
  ASSERT_TRUE(string_value(r.tokens[4], bytes, err));
  EXPECT_EQ(bytes, "Heiße");
  // names must be UTF-8; strings need not be
  ASSERT_TRUE(name_value(r.tokens[4], bytes, err));
  EXPECT_FALSE(name_value(r.tokens[2], bytes, err));
  EXPECT_EQ(err, "malformed UTF-8 encoding");
  for (const char* s : {"\"\\80\"", "\"\\c0\\80\"", "\"\\ed\\a0\\80\"", "\"\\f4\\90\\80\\80\"",
                        "\"\\c2\"", "\"\\e0\\a0\""}) {
    Token t{TokKind::string, s, 0};
    EXPECT_FALSE(name_value(t, bytes, err)) << s;
    EXPECT_EQ(err, "malformed UTF-8 encoding");
    EXPECT_TRUE(string_value(t, bytes, err)) << s;
  }
}

TEST(Strings, Errors) {
  EXPECT_EQ(error_of("\"abc"), "unclosed string");
  EXPECT_EQ(error_of("\"abc\ndef\""), "unclosed string");
  EXPECT_EQ(error_of("\"a\\"), "unclosed string");
  EXPECT_EQ(error_of("\"a\\q\""), "illegal escape");
  EXPECT_EQ(error_of("\"a\\x41\""), "illegal escape");
  EXPECT_EQ(error_of("\"a\\4\""), "illegal escape");
  EXPECT_EQ(error_of("\"\\u{}\""), "illegal escape");
  EXPECT_EQ(error_of("\"\\u{_1}\""), "illegal escape");
  EXPECT_EQ(error_of("\"\\u{1__0}\""), "illegal escape");
  EXPECT_EQ(error_of("\"\\u{1\""), "illegal escape");
  EXPECT_EQ(error_of("\"\\u41\""), "illegal escape");
  EXPECT_EQ(error_of("\"\\u{d800}\""), "malformed UTF-8 encoding");
  EXPECT_EQ(error_of("\"\\u{DFFF}\""), "malformed UTF-8 encoding");
  EXPECT_EQ(error_of("\"\\u{110000}\""), "malformed UTF-8 encoding");
  EXPECT_EQ(error_of("\"\\u{ffffffffffffffffffffff}\""), "malformed UTF-8 encoding");
  EXPECT_EQ(error_of("\"a\tb\""), "illegal character");
  EXPECT_EQ(error_of(std::string_view("\"a\0b\"", 5)), "illegal character");
  EXPECT_EQ(error_of("\"a\x7f\""), "illegal character");
  EXPECT_EQ(error_of("\"\x80\""), "malformed UTF-8 encoding");
  EXPECT_EQ(error_of("\"\xed\xa0\x80\""), "malformed UTF-8 encoding");  // a surrogate
  EXPECT_EQ(error_of("\"\xc0\x80\""), "malformed UTF-8 encoding");      // overlong
  EXPECT_EQ(error_of("\"\xf4\x90\x80\x80\""), "malformed UTF-8 encoding");
  EXPECT_EQ(error_of("\"\xe2\x82\""), "malformed UTF-8 encoding");  // truncated
}

TEST(Characters, Illegal) {
  EXPECT_EQ(error_of("(module \x01)"), "illegal character");
  EXPECT_EQ(error_of("(module \x7f)"), "illegal character");
  EXPECT_EQ(error_of("(module \x0b)"), "illegal character");
  EXPECT_EQ(error_of("(module é)"), "illegal character");
  EXPECT_EQ(error_of("(module \xff)"), "malformed UTF-8 encoding");
  EXPECT_EQ(error_of("(module \x80)"), "malformed UTF-8 encoding");
  EXPECT_EQ(error_of("abcé"), "illegal character");  // ends the keyword, then is illegal
  const Lexed r = lex_all("ab\x01");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error.offset, 2u);
  ASSERT_EQ(r.tokens.size(), 1u);
}

TEST(Comments, Forms) {
  // comments.wast
  EXPECT_EQ(show(";;comment\n;;;;;;;\n  ;;comment\n( ;;comment\nmodule;;comment\n);;comment"),
            "(:( keyword:module ):)");
  EXPECT_EQ(show(";;)\n;;;)\n;; ;)\n;; (;\n"), "");
  EXPECT_EQ(show("(;;) (;comment;) (;;comment;) (;;;comment;) (;;;;;;;;;;;;;;) (;(((((( ;)"),
            "");
  EXPECT_EQ(show("(;))))));) (;comment\";) (;comment\"\";) (;a\x01\x7f\t\n\r;)"), "");
  EXPECT_EQ(show(std::string_view("(;\0;)", 5)), "");
  EXPECT_EQ(show("(;Heiße Würstchen;) (;comment(;nested;)comment;) (;a;;b;) (;a;;b\n;)"), "");
  EXPECT_EQ(show("(;comment;)((;comment;)\n(;comment;)module(;comment;)\n(;comment;))"),
            "(:( keyword:module ):)");
  EXPECT_EQ(show("(;a(;b(;c;)b;)a;)x"), "keyword:x");
  // a line comment ends at LF, CR or the end
  EXPECT_EQ(show("a;; c\rb;;c\r\nc;;"), "keyword:a keyword:b keyword:c");
  EXPECT_EQ(show(";; \x01\x7f\t"), "");
}

TEST(Comments, Errors) {
  EXPECT_EQ(error_of("(;"), "unclosed comment");
  EXPECT_EQ(error_of("(; (; ;)"), "unclosed comment");
  EXPECT_EQ(error_of("(;;"), "unclosed comment");
  EXPECT_EQ(error_of("(; \xff ;)"), "malformed UTF-8 encoding");
  EXPECT_EQ(error_of(";; \xc0\x80"), "malformed UTF-8 encoding");
  EXPECT_EQ(error_of(";; \xe2\x82"), "malformed UTF-8 encoding");
}

TEST(Comments, DeepNestingIsCounted) {
  std::string s;
  for (int i = 0; i < 1000000; ++i) s += "(;";
  for (int i = 0; i < 1000000; ++i) s += ";)";
  s += "end";
  EXPECT_EQ(show(s), "keyword:end");
  s.resize(s.size() - 5);  // drop one `;)` and `end`
  EXPECT_EQ(error_of(s), "unclosed comment");
}

TEST(Annotations, Skipped) {
  EXPECT_EQ(show("(@a) x"), "keyword:x");
  EXPECT_EQ(show("((@a) module (@a) $m (@a x y (z \"w)\" (;)) ;) ;; )\n) 1) 2)"),
            "(:( keyword:module identifier:$m number:2 ):)");
  EXPECT_EQ(show("(@\"a b\" 1 2) x"), "keyword:x");
  EXPECT_EQ(show("(@a (@b (@c)) (@d)) x"), "keyword:x");
  EXPECT_EQ(show("(@a 0$x \"a\"\"b\" , [ ] { } ; é)"), "ERROR:illegal character");
  EXPECT_EQ(show("(@a 0$x \"a\"\"b\" , [ ] { } ; \"é\")x"), "keyword:x");
  // annotations.wast: white space in annotations
  EXPECT_EQ(show("(@a \t)(@a \n)(@a \r)(@a  )"), "");
}

TEST(Annotations, Errors) {
  // annotations.wast
  for (int c = 0; c < 0x20; ++c) {
    if (c == '\t' || c == '\n' || c == '\r') continue;
    std::string s = "(@a ";
    s += static_cast<char>(c);
    s += ")";
    EXPECT_EQ(error_of(s), "illegal character") << c;
  }
  EXPECT_EQ(error_of("(@a \x7f)"), "illegal character");
  for (int c : {0x80, 0x81, 0x90, 0xa0, 0xb0, 0xc0, 0xd0, 0xe0, 0xf0, 0xff}) {
    std::string s = "(@a ";
    s += static_cast<char>(c);
    s += ")";
    EXPECT_EQ(error_of(s), "malformed UTF-8 encoding") << c;
  }
  EXPECT_EQ(error_of("(@a Heiße Würstchen)"), "illegal character");
  EXPECT_EQ(error_of("(@)"), "empty annotation id");
  EXPECT_EQ(error_of("(@ )"), "empty annotation id");
  EXPECT_EQ(error_of("(@ x)"), "empty annotation id");
  EXPECT_EQ(error_of("(@(@a)x)"), "empty annotation id");
  EXPECT_EQ(error_of("(@\"\")"), "empty annotation id");
  EXPECT_EQ(error_of("(@ \"a\")"), "empty annotation id");
  EXPECT_EQ(error_of("(@\"\n\")"), "empty annotation id");
  EXPECT_EQ(error_of("(@\"\\ef\")"), "malformed UTF-8 encoding");
  EXPECT_EQ(error_of("(@x "), "unclosed annotation");
  EXPECT_EQ(error_of("(@x ()"), "unclosed annotation");
  EXPECT_EQ(error_of("(@x (y (z))"), "unclosed annotation");
  EXPECT_EQ(error_of("(@x (@y )"), "unclosed annotation");
  EXPECT_EQ(error_of("(@x \""), "unclosed string");
  EXPECT_EQ(error_of("(@x \")"), "unclosed string");
  EXPECT_EQ(error_of("(@x (; )"), "unclosed comment");
  // inside an annotation, `(@` needs no id (annotations.wast)
  EXPECT_EQ(show("(@a @ @x (@x) (@x y) (@) (@ x) (@(@(@(@)))))"), "");
  EXPECT_EQ(show("(@a , ; ] [ }} }x{ ({) ,{{};}] ;)"), "");
  // a `)` too many is an ordinary token after the annotation (the parser: "unexpected token")
  EXPECT_EQ(show("(@x))"), "):)");
  EXPECT_EQ(show("( @a)"), "(:( reserved:@a ):)");
  EXPECT_EQ(show("((@a)@b)"), "(:( reserved:@b ):)");
}

TEST(Annotations, AsTokens) {
  EXPECT_EQ(show("(@a b) (@\"c\" d)", false),
            "annotation:a keyword:b ):) annotation:\"c\" keyword:d ):)");
  EXPECT_EQ(show("(@)", false), "ERROR:empty annotation id");
}

TEST(Annotations, DeepNestingIsCounted) {
  std::string s;
  for (int i = 0; i < 1000000; ++i) s += "(@a ";
  for (int i = 0; i < 1000000; ++i) s += ")";
  s += "end";
  EXPECT_EQ(show(s), "keyword:end");
  std::string t;
  for (int i = 0; i < 1000000; ++i) t += "(";
  EXPECT_EQ(error_of("(@a " + t), "unclosed annotation");
}

TEST(Positions, LineAndColumn) {
  const std::string_view src = "ab\ncd\r\nef\rgh";
  EXPECT_EQ(position_of(src, 0).line, 1u);
  EXPECT_EQ(position_of(src, 0).column, 1u);
  EXPECT_EQ(position_of(src, 1).column, 2u);
  EXPECT_EQ(position_of(src, 3).line, 2u);
  EXPECT_EQ(position_of(src, 3).column, 1u);
  EXPECT_EQ(position_of(src, 5).line, 2u);  // the CR of CRLF
  EXPECT_EQ(position_of(src, 5).column, 3u);
  EXPECT_EQ(position_of(src, 7).line, 3u);  // CRLF is one line break
  EXPECT_EQ(position_of(src, 7).column, 1u);
  EXPECT_EQ(position_of(src, 10).line, 4u);  // a lone CR is one too
  EXPECT_EQ(position_of(src, 11).column, 2u);
  EXPECT_EQ(position_of(src, 1000).line, 4u);  // clamped to the end
}

TEST(Positions, ErrorOffsets) {
  Lexed r = lex_all("(module \"abc");
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error.offset, 8u);
  r = lex_all("x (; (; ;)");
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error.offset, 2u);
  r = lex_all("x (@a (b)");
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error.offset, 2u);
}

TEST(Lexer, PeekMarkReset) {
  Lexer lx("(a b)");
  Token t;
  LexError e;
  ASSERT_TRUE(lx.peek(t, e));
  EXPECT_EQ(t.kind, TokKind::lparen);
  ASSERT_TRUE(lx.peek(t, e));
  EXPECT_EQ(t.kind, TokKind::lparen);
  ASSERT_TRUE(lx.next(t, e));
  EXPECT_EQ(t.kind, TokKind::lparen);
  const size_t m = lx.mark();
  ASSERT_TRUE(lx.next(t, e));
  EXPECT_EQ(t.text, "a");
  ASSERT_TRUE(lx.next(t, e));
  EXPECT_EQ(t.text, "b");
  lx.reset(m);
  ASSERT_TRUE(lx.next(t, e));
  EXPECT_EQ(t.text, "a");
  ASSERT_TRUE(lx.next(t, e));
  ASSERT_TRUE(lx.next(t, e));
  EXPECT_EQ(t.kind, TokKind::rparen);
  ASSERT_TRUE(lx.next(t, e));
  EXPECT_EQ(t.kind, TokKind::eof);
  ASSERT_TRUE(lx.next(t, e));
  EXPECT_EQ(t.kind, TokKind::eof);
  // the error stays where it is
  Lexer bad("a \"x");
  ASSERT_TRUE(bad.next(t, e));
  EXPECT_FALSE(bad.peek(t, e));
  EXPECT_FALSE(bad.next(t, e));
  EXPECT_EQ(e.message, "unclosed string");
  // toggling annotation skipping is seen by a cached peek
  Lexer an("(@a) x");
  an.set_skip_annotations(false);
  ASSERT_TRUE(an.peek(t, e));
  EXPECT_EQ(t.kind, TokKind::annot_open);
  an.set_skip_annotations(true);
  ASSERT_TRUE(an.peek(t, e));
  EXPECT_EQ(t.text, "x");
}

}  // namespace
}  // namespace wasmref::text
