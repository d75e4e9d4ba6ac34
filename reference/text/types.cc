// Core 3.0 §6.4 Types (text/types.rst), §6.6.3 Type uses (text/modules.rst) and the index
// and label lookups of §6.1.3 / §6.5.1 (text/conventions.rst, text/instructions.rst)
//
// Each grammar function reads one nonterminal and returns its binary encoding (§5.3,
// binary/types.rst), so the module grammar can copy it into a section unchanged.
#include <string>

#include "syntax/messages.h"
#include "text/parser.h"

namespace wasmref::text {

namespace {

// §5.3.3 Heap types: the abstract heap types are encoded as one negative s33 byte each.
struct AbsHeap {
  std::string_view keyword;  // heap type keyword (`func`)
  std::string_view shorthand;  // reference type keyword (`funcref`): (ref null func)
  u8 byte;
  enum class Gate : u8 { none, gc, exceptions } gate;
};
constexpr AbsHeap kAbsHeaps[] = {
    {"func", "funcref", 0x70, AbsHeap::Gate::none},
    {"extern", "externref", 0x6F, AbsHeap::Gate::none},
    {"any", "anyref", 0x6E, AbsHeap::Gate::gc},
    {"eq", "eqref", 0x6D, AbsHeap::Gate::gc},
    {"i31", "i31ref", 0x6C, AbsHeap::Gate::gc},
    {"struct", "structref", 0x6B, AbsHeap::Gate::gc},
    {"array", "arrayref", 0x6A, AbsHeap::Gate::gc},
    {"exn", "exnref", 0x69, AbsHeap::Gate::exceptions},
    {"none", "nullref", 0x71, AbsHeap::Gate::gc},
    {"nofunc", "nullfuncref", 0x73, AbsHeap::Gate::gc},
    {"noextern", "nullexternref", 0x72, AbsHeap::Gate::gc},
    {"noexn", "nullexnref", 0x74, AbsHeap::Gate::exceptions},
};

bool gate_open(const Features& f, AbsHeap::Gate g) {
  switch (g) {
    case AbsHeap::Gate::none: return true;
    case AbsHeap::Gate::gc: return f.gc;
    case AbsHeap::Gate::exceptions: return f.exceptions;
  }
  return false;
}

// An abstract heap type written as its heap keyword (`func`) or as its reference shorthand
// (`funcref`); nullptr when `text` is neither or its feature is off (a 2.0 engine does not
// know the keyword: "unknown operator" at the call site).
const AbsHeap* abs_heap(const Cursor& c, std::string_view text, bool shorthand) {
  for (const AbsHeap& h : kAbsHeaps) {
    if ((shorthand ? h.shorthand : h.keyword) == text) {
      return gate_open(c.features(), h.gate) ? &h : nullptr;
    }
  }
  return nullptr;
}

bool known_abs_keyword(std::string_view text, bool shorthand) {
  for (const AbsHeap& h : kAbsHeaps) {
    if ((shorthand ? h.shorthand : h.keyword) == text) return true;
  }
  return false;
}

// §5.3.1-5.3.2 Number and vector types.
std::optional<u8> numtype_or_vectype(const Cursor& c, std::string_view kw) {
  if (kw == "i32") return 0x7F;
  if (kw == "i64") return 0x7E;
  if (kw == "f32") return 0x7D;
  if (kw == "f64") return 0x7C;
  if (kw == "v128" && c.features().simd) return 0x7B;
  return std::nullopt;
}

bool typed_refs(const Features& f) { return f.function_references || f.gc; }

// The message for a token where a type was expected. The reference interpreter's lexer
// rejects a keyword it does not know at all ("unknown operator", e.g. the obsolete `anyfunc`);
// a known keyword in the wrong place is a syntax error ("unexpected token").
std::string not_a_type(const Token& t) {
  static constexpr std::string_view kGrammarKeywords[] = {
      "module", "type", "func", "param", "result", "local", "global", "table", "memory",
      "elem", "data", "start", "import", "export", "offset", "item", "declare", "mut", "ref",
      "null", "rec", "sub", "final", "field", "struct", "array", "tag", "then", "else", "end",
      "i8", "i16", "shared", "any", "eq", "i31", "exn", "none", "nofunc", "noextern", "noexn",
      "extern", "inf", "nan", "i32", "i64", "f32", "f64", "v128"};
  if (t.kind != TokKind::keyword) return msg::unexpected_token;
  for (std::string_view k : kGrammarKeywords) {
    if (k == t.text) return msg::unexpected_token;
  }
  if (!ops_by_text(t.text).empty() || t.text.starts_with("offset=") ||
      t.text.starts_with("align=")) {
    return msg::unexpected_token;
  }
  // The spec interpreter names the keyword ("unknown operator anyfunc"), as the suite expects.
  return std::string(msg::unknown_operator) + " " + std::string(t.text);
}

}  // namespace

// --- §6.1.3 Identifier context: index and label lookups ------------------------------------

// text/conventions.rst "Indices": an index is a u32 or an identifier bound in I's space.
u32 Context::index(Cursor& c, const NameSpace& space, std::string_view unknown) {
  // binary/modules.rst "Data Count Section": the spec interpreter emits it exactly when a
  // data index is used by an instruction; every such use is resolved here.
  if (&space == &datas) data_index_used = true;
  const Token t = c.peek();
  if (t.kind == TokKind::number) return c.take_u32();
  if (t.kind == TokKind::id) {
    const std::string id = *c.take_id();
    if (auto x = space.lookup(id)) return *x;
    c.fail(t, std::string(unknown) + ": $" + id);
  }
  c.fail(t, msg::unexpected_token);
}

// text/instructions.rst "Labels": an identifier denotes the innermost label bound to it,
// counted outward from 0; a number is a relative depth as is.
u32 Context::label(Cursor& c) {
  const Token t = c.peek();
  if (t.kind == TokKind::number) return c.take_u32();
  if (t.kind == TokKind::id) {
    const std::string id = *c.take_id();
    for (size_t i = labels.size(); i-- > 0;) {
      if (labels[i] && *labels[i] == id) return static_cast<u32>(labels.size() - 1 - i);
    }
    c.fail(t, std::string(msg::unknown_label) + ": $" + id);
  }
  c.fail(t, msg::unexpected_token);
}

// --- §6.4.1-6.4.3 Number, vector, heap and reference types ---------------------------------

bool at_valtype(Cursor& c) {
  const Token t = c.peek();
  if (t.kind == TokKind::keyword) {
    return numtype_or_vectype(c, t.text).has_value() || abs_heap(c, t.text, true) != nullptr;
  }
  return t.kind == TokKind::lparen && typed_refs(c.features()) && c.at_field("ref");
}

// heaptype ::= absheaptype | typeidx  (binary: the abstract byte, or the index as s33)
TypeBytes heaptype(Cursor& c, Context& I) {
  const Token t = c.peek();
  Writer w;
  if (t.kind == TokKind::keyword) {
    if (const AbsHeap* h = abs_heap(c, t.text, false)) {
      c.next();
      w.byte(h->byte);
      return w.bytes();
    }
    c.fail(t, known_abs_keyword(t.text, false) ? std::string(msg::unknown_operator) : not_a_type(t));
  }
  if ((t.kind == TokKind::number || t.kind == TokKind::id) && typed_refs(c.features())) {
    w.s33_(I.index(c, I.types, msg::unknown_type));
    return w.bytes();
  }
  c.fail(t, msg::unexpected_token);
}

// reftype ::= `(ref null? heaptype)` | the shorthands `funcref` ... (`(ref null ht)`).
RefTypeText reftype(Cursor& c, Context& I) {
  const Token t = c.peek();
  if (t.kind == TokKind::keyword) {
    if (const AbsHeap* h = abs_heap(c, t.text, true)) {
      c.next();
      return RefTypeText{true, TypeBytes(1, static_cast<char>(h->byte))};
    }
    c.fail(t, known_abs_keyword(t.text, true) ? std::string(msg::unknown_operator) : not_a_type(t));
  }
  if (t.kind == TokKind::lparen && c.at_field("ref")) {
    if (!typed_refs(c.features())) {  // `ref` is no keyword of a 2.0 engine
      c.next();
      c.fail_here(msg::unknown_operator);
    }
    c.expect_lparen();
    c.expect_keyword("ref");
    RefTypeText rt;
    rt.nullable = c.take_keyword("null");
    rt.heap = heaptype(c, I);
    c.expect_rparen();
    return rt;
  }
  c.fail(t, msg::unexpected_token);
}

// binary/types.rst "Reference types": (ref null absheaptype) has a one-byte shorthand; other
// reference types are 0x63 (nullable) or 0x64 followed by the heap type.
TypeBytes encode_reftype(const RefTypeText& rt) {
  const bool abstract = rt.heap.size() == 1 && (static_cast<u8>(rt.heap[0]) & 0x40) != 0;
  if (rt.nullable && abstract) return rt.heap;
  TypeBytes out(1, static_cast<char>(rt.nullable ? 0x63 : 0x64));
  out += rt.heap;
  return out;
}

// valtype ::= numtype | vectype | reftype
TypeBytes valtype(Cursor& c, Context& I) {
  const Token t = c.peek();
  if (t.kind == TokKind::keyword) {
    if (auto b = numtype_or_vectype(c, t.text)) {
      c.next();
      return TypeBytes(1, static_cast<char>(*b));
    }
    if (t.text == "v128") c.fail(t, msg::unknown_operator);  // SIMD off
  }
  return encode_reftype(reftype(c, I));
}

// --- §6.6.3 Type uses ----------------------------------------------------------------------

// typeuse ::= (type x)? (param id? t*)* (result t*)*
// text/types.rst "Abbreviations": `(param t1 t2)` is `(param t1) (param t2)`; a named param
// has exactly one type.
TypeUse typeuse(Cursor& c, Context& I) {
  TypeUse tu;
  tu.offset = c.peek().offset;
  if (c.take_field("type")) {
    tu.type = I.index(c, I.types, msg::unknown_type);
    c.expect_rparen();
  }
  while (c.take_field("param")) {
    tu.has_inline = true;
    if (auto id = c.take_id()) {
      tu.sig.params.push_back(valtype(c, I));
      tu.sig.param_ids.push_back(std::move(id));
    } else {
      while (!c.at(TokKind::rparen)) {
        tu.sig.params.push_back(valtype(c, I));
        tu.sig.param_ids.push_back(std::nullopt);
      }
    }
    c.expect_rparen();
  }
  while (c.take_field("result")) {
    tu.has_inline = true;
    while (!c.at(TokKind::rparen)) tu.sig.results.push_back(valtype(c, I));
    c.expect_rparen();
  }
  // Parameters come before results: `(result ...) (param ...)` matches no production.
  if (c.at_field("param")) c.fail_here(msg::unexpected_token);
  return tu;
}

// text/modules.rst "Type Uses": with `(type x)`, an inline signature (if not empty) must be
// x's ("inline function type"); without it, the first function type alone in its rec group,
// final and without supertypes, that has the signature, else a new such type appended to
// the module's types (implicit types follow all explicit ones, in order of first use).
u32 resolve_typeuse(Cursor& c, Context& I, const TypeUse& tu) {
  Token at;
  at.offset = tu.offset;
  at.kind = TokKind::lparen;
  if (tu.type) {
    const u32 x = *tu.type;
    if (tu.sig.params.empty() && tu.sig.results.empty()) return x;
    if (x >= I.typedefs.size()) c.fail(at, msg::unknown_type);
    const TypeDef& def = I.typedefs[x];
    if (def.kind != TypeDef::Kind::func || !(def.sig == tu.sig)) {
      c.fail(at, msg::inline_function_type);
    }
    return x;
  }
  for (size_t i = 0; i < I.typedefs.size(); ++i) {
    const TypeDef& def = I.typedefs[i];
    if (def.plain_func && def.sig == tu.sig) return static_cast<u32>(i);
  }
  TypeDef def;
  def.kind = TypeDef::Kind::func;
  def.sig.params = tu.sig.params;
  def.sig.param_ids.assign(tu.sig.params.size(), std::nullopt);
  def.sig.results = tu.sig.results;
  def.plain_func = true;
  I.typedefs.push_back(std::move(def));
  I.types.define(std::nullopt);
  return static_cast<u32>(I.typedefs.size() - 1);
}

}  // namespace wasmref::text
