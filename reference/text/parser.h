// Core 3.0 §6.1 Conventions (text/conventions.rst): the parser's cursor, the identifier
// context I, and the functions that the module grammar (module.cc, types.cc) and the
// instruction grammar (instructions.cc) share. Internal to reference/text.
//
// Grammar functions are named after the spec's nonterminals (`valtype`, `heaptype`,
// `typeuse`, `blocktype`, `memarg`, `instrs`, `expr`). They read tokens from a Cursor and
// append the binary encoding (§5) of what they read to a Writer. A text error is thrown as
// ParseError by Cursor::fail and caught at the entry points of wat.h: the grammar functions
// stay free of error plumbing, and nothing else is thrown.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "syntax/features.h"
#include "syntax/instructions.h"
#include "text/lexer.h"

namespace wasmref::text {

struct ParseError {
  std::string message;  // a suite text, optionally followed by ": detail"
  size_t offset = 0;
};

// --- Binary output -------------------------------------------------------------------------

// Bytes of the binary format (§5.1 conventions), always minimal LEBs.
class Writer {
 public:
  void byte(u8 b) { bytes_.push_back(static_cast<char>(b)); }
  void raw(std::string_view b) { bytes_.append(b); }
  void u32_(u32 v) { uleb(v); }
  void u64_(u64 v) { uleb(v); }
  void s32_(i32 v) { sleb(v); }
  void s33_(i64 v) { sleb(v); }  // block types and heap types (type indices as s33)
  void s64_(i64 v) { sleb(v); }
  void f32_bits(u32 v) {
    for (int i = 0; i < 4; ++i) byte(static_cast<u8>(v >> (8 * i)));
  }
  void f64_bits(u64 v) {
    for (int i = 0; i < 8; ++i) byte(static_cast<u8>(v >> (8 * i)));
  }
  void name(std::string_view s) {  // §5.2.4 names: vec(byte)
    u32_(static_cast<u32>(s.size()));
    raw(s);
  }
  // An opcode of the table: the byte, or the prefix byte and the u32 code.
  void op(const OpInfo& info) {
    if (info.prefix == 0) {
      byte(static_cast<u8>(info.code));
    } else {
      byte(info.prefix);
      u32_(info.code);
    }
  }
  const std::string& bytes() const { return bytes_; }
  std::string& bytes() { return bytes_; }
  size_t size() const { return bytes_.size(); }

 private:
  void uleb(u64 v) {
    do {
      u8 b = v & 0x7F;
      v >>= 7;
      if (v != 0) b |= 0x80;
      byte(b);
    } while (v != 0);
  }
  void sleb(i64 v) {
    for (;;) {
      const u8 b = static_cast<u8>(v & 0x7F);
      v >>= 7;  // arithmetic shift (C++20)
      if ((v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40))) {
        byte(b);
        return;
      }
      byte(b | 0x80);
    }
  }
  std::string bytes_;
};

// --- Tokens --------------------------------------------------------------------------------

class Cursor {
 public:
  Cursor(Lexer& lexer, const Features& features) : lexer_(lexer), features_(features) {}

  const Features& features() const { return features_; }
  Lexer& lexer() { return lexer_; }

  Token peek();          // the next token (lexical errors become ParseError)
  Token peek2();         // the token after it
  Token next();          // consume and return the next token
  size_t mark() const { return lexer_.mark(); }
  void reset(size_t m) { lexer_.reset(m); }

  // `(` followed by the keyword `kw`?  (does not consume)
  bool at_field(std::string_view kw);
  bool at(TokKind k) { return peek().kind == k; }
  bool at_keyword(std::string_view kw);

  void expect_lparen();
  void expect_rparen();
  void expect_keyword(std::string_view kw);
  // Consumes `(kw` if it is next; true when it was.
  bool take_field(std::string_view kw);
  // Consumes the keyword `kw` if it is next.
  bool take_keyword(std::string_view kw);
  // An optional identifier: its value without `$`.
  std::optional<std::string> take_id();
  // A string literal's bytes / a name (UTF-8 checked).
  std::string take_string();
  std::string take_name();
  // Numbers (text/numbers.h), "unexpected token" if the next token is not one, "constant out
  // of range" if it does not fit.
  u32 take_u32();
  u64 take_u64();
  u64 take_iN(unsigned bits);  // the N-bit pattern
  u64 take_fN(unsigned bits);  // the N-bit pattern
  // Skips one balanced S-expression starting at `(` (or one token). Counted, not recursive.
  void skip_sexpr();

  [[noreturn]] void fail(const Token& at, std::string_view message);
  [[noreturn]] void fail_here(std::string_view message) { fail(peek(), message); }

 private:
  Lexer& lexer_;
  Features features_;
};

// --- §6.1.3 The identifier context I -------------------------------------------------------

// One index space: identifiers -> indices, and how many entries it has so far.
struct NameSpace {
  std::unordered_map<std::string, u32> ids;
  u32 count = 0;
  // Adds the next entry (with an optional identifier); false when the identifier is already
  // bound ("duplicate func", ...).
  bool define(const std::optional<std::string>& id) {
    const u32 index = count++;
    if (!id) return true;
    return ids.emplace(*id, index).second;
  }
  std::optional<u32> lookup(const std::string& id) const {
    auto it = ids.find(id);
    if (it == ids.end()) return std::nullopt;
    return it->second;
  }
};

// A value type or reference type in binary form, kept as its encoding (§5.3) so that 3.0
// types (concrete references, rec groups) need no structure of their own here.
using TypeBytes = std::string;

// §6.4.2 Reference types.
struct RefTypeText {
  bool nullable = true;
  TypeBytes heap;  // the heap type's encoding (an abstract type byte, or a type index as s33)
};

// A function signature written inline (params with their optional identifiers, results).
struct FuncSig {
  std::vector<TypeBytes> params;
  std::vector<std::optional<std::string>> param_ids;  // one per param
  std::vector<TypeBytes> results;
  friend bool operator==(const FuncSig& a, const FuncSig& b) {
    return a.params == b.params && a.results == b.results;
  }
};

// §6.6.3 Type uses, as read (resolution comes after, see resolve_typeuse).
struct TypeUse {
  std::optional<u32> type;  // `(type x)`, resolved to an index
  bool has_inline = false;  // any `(param ...)` or `(result ...)` was written
  FuncSig sig;
  size_t offset = 0;  // where it starts (for errors)
};

// What the instruction grammar needs to know about a defined type.
struct TypeDef {
  enum class Kind : u8 { func, struct_, array } kind = Kind::func;
  FuncSig sig;         // func: params and results
  NameSpace fields;    // struct: field identifiers
  // A function type alone in its rec group, final, without supertypes: the only kind of type
  // an inline type use may refer to (§6.6.3).
  bool plain_func = false;
};

struct Context {
  NameSpace types, funcs, tables, mems, globals, tags, elems, datas;
  std::vector<TypeDef> typedefs;        // explicit definitions, then implicit ones
  u32 explicit_types = 0;               // how many of typedefs are explicit
  std::vector<bool> mem_is64;           // per memory index: address type i64
  std::vector<bool> table_is64;         // per table index: address type i64
  // Set when an instruction resolves a data index (Context::index on `datas`): the data count
  // section is emitted exactly then, as the spec interpreter does (§5.5.14 makes it optional
  // otherwise).
  bool data_index_used = false;

  // Per function (reset for each function and each constant expression).
  NameSpace locals;
  std::vector<std::optional<std::string>> labels;  // innermost last

  // Resolves an index or identifier (the next token) in `space`; for an unbound identifier
  // fails with `unknown` ("unknown function", ...).
  u32 index(Cursor& c, const NameSpace& space, std::string_view unknown);
  // Resolves a label (index or identifier, innermost = 0); "unknown label" otherwise.
  u32 label(Cursor& c);
};

// --- Shared grammar (types.cc) -------------------------------------------------------------

// §6.4 Types. Each reads one and returns its encoding.
bool at_valtype(Cursor& c);                    // could a valtype start here?
TypeBytes valtype(Cursor& c, Context& I);      // numtype | vectype | reftype
RefTypeText reftype(Cursor& c, Context& I);    // `funcref` ... | `(ref null? heaptype)`
TypeBytes heaptype(Cursor& c, Context& I);     // abstract keyword or typeidx
TypeBytes encode_reftype(const RefTypeText& rt);  // the shorthand byte where there is one

// §6.6.3 Type uses. `typeuse` reads `(type x)? (param ...)* (result ...)*`; `resolve_typeuse`
// returns the type index it denotes: x (checking that an inline signature, if any, matches:
// "inline function type"), or the first plain function type equal to the inline signature,
// or a new implicit type appended to I.typedefs.
TypeUse typeuse(Cursor& c, Context& I);
u32 resolve_typeuse(Cursor& c, Context& I, const TypeUse& tu);

// §6.6.14 modulefield* (module.cc): the fields up to the `)` that closes the module or the
// end of input (not consumed), read in three passes (identifiers, types, the rest); returns
// the binary module.
std::string module_fields(Cursor& c);

// --- Instructions (instructions.cc) --------------------------------------------------------

// §6.5 Instructions: plain and folded instructions up to a token that cannot start one (`)`,
// `end`, `else`, `catch`, `catch_all`, `delegate`, end of input), appended in binary form.
// Folded instructions are unfolded with an explicit stack: nesting depth never becomes native
// recursion depth.
void instrs(Cursor& c, Context& I, Writer& out);
// §6.5.? Expressions: instrs followed by the `end` opcode (0x0B).
void expr(Cursor& c, Context& I, Writer& out);

}  // namespace wasmref::text
