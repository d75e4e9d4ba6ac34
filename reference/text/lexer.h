// Core 3.0 §6.2 Lexical format (text/lexical.rst): characters, tokens, white space, comments,
// annotations
//
// The lexer is a cursor over the source text, not a token vector: tokens are produced on
// demand, and a position can be saved and restored (the module parser reads the fields twice:
// once for the identifiers, once for everything else). Memory stays proportional to the
// source, whatever its size, and nothing is recursive: nested block comments and annotations
// are counted, not recursed into.
//
// Tokens follow the longest-match rule. Every run of idchars that is not a keyword, number or
// identifier is `reserved` (e.g. `0$x`), and so is a string immediately followed by another
// token character (`"a""b"`): the parser rejects reserved tokens with "unexpected token".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "syntax/types.h"

namespace wasmref::text {

enum class TokKind : u8 {
  lparen,       // (
  rparen,       // )
  annot_open,   // `(@id` or `(@"..."`: the start of an annotation (text = the id, without @)
  keyword,      // idchars starting with a..z (keywords, and `inf`, `nan`, `nan:0x...`)
  number,       // a numeric literal of §6.3.1-6.3.2: digits, or + / - followed by digits,
                // `inf`, `nan` or `nan:0x...`; a run that only starts like one (`1x`, `0x`,
                // `1__0`, `0$x`, `+_1`) is reserved
  string,       // "..." (text = the source including the quotes; decode with string_value)
  id,           // $idchars or $"..." (text = the source including `$`)
  reserved,     // any other run of token characters
  eof,
};
const char* to_string(TokKind k);

struct Token {
  TokKind kind = TokKind::eof;
  std::string_view text;  // a view into the source
  size_t offset = 0;      // byte offset of the first character in the source
};

// A lexical error (unclosed string or comment, illegal character, malformed UTF-8 outside
// comments and strings): the message is one of the suite's texts ("unclosed string",
// "unclosed comment", "unclosed annotation", "illegal character", "illegal escape",
// "malformed UTF-8 encoding", "empty annotation id", "empty identifier"). Quoted identifiers
// and annotation ids are checked here already (non-empty, UTF-8), as are \u{...} escapes.
struct LexError {
  std::string message;
  size_t offset = 0;
};

// 1-based line and column (columns count bytes) of a byte offset.
struct Position {
  u32 line = 1;
  u32 column = 1;
};
Position position_of(std::string_view source, size_t offset);

class Lexer {
 public:
  explicit Lexer(std::string_view source) : source_(source) {}

  // The next token, skipping white space, comments and, when `skip_annotations` is set (the
  // default), whole annotations (balanced, strings and comments inside them checked). Returns
  // false and fills `error` on a lexical error; the cursor then stays at the error.
  bool next(Token& out, LexError& error);
  // Like next, without moving.
  bool peek(Token& out, LexError& error);

  // Saved and restored positions (the two-pass module parser, the script reader's look-ahead).
  size_t mark() const { return pos_; }
  void reset(size_t mark) { pos_ = mark; }

  void set_skip_annotations(bool skip) { skip_annotations_ = skip; }
  std::string_view source() const { return source_; }

 private:
  // Lexes the token at `pos` (skipping white space first); on success `end` is after it.
  bool lex(size_t pos, Token& out, size_t& end, LexError& error) const;

  std::string_view source_;
  size_t pos_ = 0;
  bool skip_annotations_ = true;
  // The last two tokens lexed, by start position: peek() followed by next(), and the parser's
  // peek2 (mark, next, peek, reset), lex each token once.
  struct Cached {
    size_t start = ~size_t{0};
    size_t end = 0;
    bool skip_annotations = true;
    Token token;
  };
  Cached cache_[2];
  unsigned cache_next_ = 0;
};

// §6.3.3 Strings: the bytes a string token denotes (escapes \t \n \r \" \' \\ \hh \u{...}).
// False with `error` set ("malformed UTF-8 encoding" for a \u{} out of range or a surrogate,
// "unexpected token"... for a bad escape) when the literal is not valid.
bool string_value(const Token& t, std::string& bytes, std::string& error);
// §6.3.4 Names: a string whose bytes are valid UTF-8; "malformed UTF-8 encoding" otherwise.
bool name_value(const Token& t, std::string& name, std::string& error);
// §6.3.5 Identifiers: the identifier a `$...` token denotes, without the `$` (the quoted form
// `$"..."` yields its string's bytes, which must be valid UTF-8 and non-empty: "empty
// identifier").
bool id_value(const Token& t, std::string& id, std::string& error);

}  // namespace wasmref::text
