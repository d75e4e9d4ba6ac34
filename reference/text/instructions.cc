// Core 3.0 §6.5 Instructions (text/instructions.rst), with the legacy exception instructions
// (legacy-exceptions/text.rst) and the threads proposal's atomics: text in, binary (§5.4) out.
//
// Mnemonics are looked up only in the opcode table (syntax/ops.def, `ops_by_text`); a row
// whose feature is off (`op_enabled`) does not exist ("unknown operator"). The immediates
// follow the row's `Imm` kind. Encoding choices follow the spec's reference interpreter so
// that the bytes compare equal with wasm-testsuite-3.0-bin: minimal LEBs, `else` only when the
// else branch is not empty, a memory index in a memarg only when it is not 0.
//
// Structured and folded instructions are read by one loop over an explicit stack of open
// constructs (`Frame`), so the nesting depth of the source never becomes native recursion.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "syntax/messages.h"
#include "text/numbers.h"
#include "text/parser.h"

namespace wasmref::text {
namespace {

// ============================================================================================
// Tokens
// ============================================================================================

bool is_keyword(const Token& t, std::string_view kw) {
  return t.kind == TokKind::keyword && t.text == kw;
}

// An index or identifier could start here (the optional indices: tableidx?, memidx?).
bool at_index(Cursor& c) { return c.at(TokKind::id) || c.at(TokKind::number); }

// The float keywords `inf`, `nan`, `nan:0x...` are keyword tokens (lexer.h) but literals.
bool is_float_keyword(const Token& t) {
  return t.kind == TokKind::keyword &&
         (t.text == "inf" || t.text == "nan" || t.text.starts_with("nan:"));
}

// Keywords of the module and instruction grammars that end an instruction sequence without
// being an (unknown) operator: the caller judges them. Every other keyword in instruction
// position must be a mnemonic of the opcode table ("unknown operator"), as in the reference
// interpreter, whose lexer rejects any keyword it does not know.
bool is_grammar_keyword(std::string_view kw) {
  static constexpr std::string_view kKeywords[] = {
      "end",   "else",   "then",  "do",      "catch",  "catch_all", "catch_ref", "catch_all_ref",
      "delegate", "func", "item", "declare", "offset", "local",     "param",     "result",
      "type",  "export", "import", "mut",    "ref",    "null",      "module",    "table",
      "memory", "global", "elem", "data",    "start",  "tag",       "rec",       "sub",
      "field", "struct", "array"};
  for (std::string_view k : kKeywords) {
    if (k == kw) return true;
  }
  return false;
}

// ============================================================================================
// The opcode table
// ============================================================================================

// The enabled rows with this mnemonic (several for select / select t, ref.test / ref.test
// null, ref.cast / ref.cast null), in table order; empty for an unknown operator.
std::vector<const OpInfo*> enabled_ops(Cursor& c, std::string_view text) {
  std::vector<const OpInfo*> rows;
  for (const OpInfo* row : ops_by_text(text)) {
    if (op_enabled(*row, c.features())) rows.push_back(row);
  }
  return rows;
}

// "unknown operator NAME", as the suite writes it (`unknown operator get_local`).
[[noreturn]] void unknown_operator(Cursor& c, const Token& t) {
  c.fail(t, std::string(msg::unknown_operator) + " " + std::string(t.text));
}

const OpInfo& op_or_fail(Cursor& c, const Token& t) {
  const std::vector<const OpInfo*> rows = enabled_ops(c, t.text);
  if (rows.empty()) unknown_operator(c, t);
  return *rows.front();
}

// ============================================================================================
// §6.5.1 Labels and indices
// ============================================================================================

// `label`: an optional identifier bound on a structured instruction (pushed by the caller).
std::optional<std::string> label(Cursor& c) { return c.take_id(); }

// The identifier optionally repeated after `end`, `else`, `catch`, `catch_all`: it must be
// the construct's own label ("mismatching label"); a construct without a label takes none.
void end_label(Cursor& c, const std::optional<std::string>& bound) {
  if (!c.at(TokKind::id)) return;
  const Token t = c.peek();
  const std::optional<std::string> id = c.take_id();
  if (!bound || *bound != *id) c.fail(t, msg::mismatching_label);
}

u32 tableidx_opt(Cursor& c, Context& I) {
  return at_index(c) ? I.index(c, I.tables, msg::unknown_table) : 0;
}
u32 memidx_opt(Cursor& c, Context& I) {
  return at_index(c) ? I.index(c, I.mems, msg::unknown_memory) : 0;
}
u32 typeidx(Cursor& c, Context& I) { return I.index(c, I.types, msg::unknown_type); }

// §6.5.? struct.get x y: the field index y as a number, or an identifier of type x's fields.
u32 fieldidx(Cursor& c, Context& I, u32 x) {
  if (c.at(TokKind::id) && x < I.typedefs.size()) {
    return I.index(c, I.typedefs[x].fields, msg::unknown_field);
  }
  if (c.at(TokKind::id)) c.fail_here(msg::unknown_field);
  return c.take_u32();
}

// ============================================================================================
// §6.5.2 Block types
// ============================================================================================

// blocktype: `(result t)?` encodes as the value type (or 0x40 when empty); any other type use
// (params, several results, `(type x)`) as the type index it denotes, an s33.
void blocktype(Cursor& c, Context& I, Writer& out) {
  const TypeUse tu = typeuse(c, I);
  for (const std::optional<std::string>& id : tu.sig.param_ids) {
    // Block parameters cannot be named (§6.5.2: the type use is `typeuse` without ids).
    if (id) c.fail_here(msg::unexpected_token);
  }
  if (!tu.type && tu.sig.params.empty() && tu.sig.results.size() <= 1) {
    // Abbreviation (§6.5.2): `(result t)?` for a block type that is a value type.
    if (tu.sig.results.empty()) {
      out.byte(0x40);
    } else {
      out.raw(tu.sig.results.front());
    }
    return;
  }
  out.s33_(static_cast<i64>(resolve_typeuse(c, I, tu)));
}

// ============================================================================================
// §6.5.7 Memory instructions: memarg
// ============================================================================================

// A `offset=N` / `align=N` keyword whose value is a number of this kind; nullopt (the token
// is left alone, and read as an unknown operator) when it is not one, as `align=-1`.
std::optional<u64> memarg_field(Cursor& c, std::string_view prefix, unsigned bits,
                                const char* out_of_range) {
  const Token t = c.peek();
  if (t.kind != TokKind::keyword || !t.text.starts_with(prefix)) return std::nullopt;
  const NumResult r = parse_uN(t.text.substr(prefix.size()), bits);
  if (r.status == NumStatus::not_a_number) return std::nullopt;
  if (r.status == NumStatus::out_of_range) c.fail(t, out_of_range);
  c.next();
  return r.bits;
}

// memarg_N ::= `offset=`o? `align=`a?, after an optional memidx (§6.5.7, multiple memories).
// Binary (§5.4.7): flags = log2(a) with bit 6 set when a memory index follows, then the
// memory index, then the offset (u64). The offset is a u32 unless memory64 is on.
void memarg(Cursor& c, Context& I, u32 width, Writer& out, std::optional<u32> memidx = {}) {
  const u32 x = memidx ? *memidx : memidx_opt(c, I);
  const bool offset64 = c.features().memory64;
  const u64 o = memarg_field(c, "offset=", offset64 ? 64 : 32,
                             offset64 ? msg::constant_out_of_range : msg::i32_constant_out_of_range)
                    .value_or(0);
  const Token at_align = c.peek();
  const std::optional<u64> a = memarg_field(c, "align=", 64, msg::constant_out_of_range);
  u32 log2 = 0;
  const u64 align = a.value_or(width == 0 ? 1 : width);  // default: natural alignment
  if (align == 0 || (align & (align - 1)) != 0) c.fail(at_align, msg::alignment_power_of_two);
  while ((u64{1} << log2) < align) ++log2;
  if (x != 0) {
    out.u32_(log2 | 0x40);
    out.u32_(x);
  } else {
    out.u32_(log2);
  }
  out.u64_(o);
}

// ============================================================================================
// §6.5.8 Vector instructions: lanes
// ============================================================================================

const char* lane_message(Cursor& c) {
  // The 3.0 reference interpreter and the 2.0 one word this differently; gc marks a 3.0 run.
  return c.features().gc ? msg::i8_constant_out_of_range : msg::invalid_lane_index_malformed;
}

// laneidx ::= u8. A number that is not a u8 is out of range, anything else is not a lane.
// Binary (3.0 binary/instructions.rst Blaneidx = Bu8): a u8 is an LEB like every uN, so lane
// 255 is `ff 01` (2.0 wrote a plain byte; both agree below 128, which every valid lane is).
void lane_byte(Writer& out, u8 lane) { out.u32_(lane); }

u8 laneidx(Cursor& c) {
  const Token t = c.peek();
  if (t.kind != TokKind::number) c.fail(t, msg::unexpected_token);
  const NumResult r = parse_uN(t.text, 8);
  if (r.status == NumStatus::not_a_number) c.fail(t, msg::unexpected_token);
  if (r.status == NumStatus::out_of_range) c.fail(t, lane_message(c));
  c.next();
  return static_cast<u8>(r.bits);
}

// How many literal tokens follow (at most `limit + 1`), without consuming them.
u32 count_literals(Cursor& c, bool floats, u32 limit) {
  const size_t m = c.mark();
  u32 n = 0;
  while (n <= limit) {
    const Token t = c.peek();
    if (!(t.kind == TokKind::number || (floats && is_float_keyword(t)))) break;
    c.next();
    ++n;
  }
  c.reset(m);
  return n;
}

// v128.const shape lane* (§6.5.8): the lanes' little-endian bytes, lane 0 first.
void v128_const(Cursor& c, Writer& out) {
  const Token shape = c.next();
  unsigned bits = 0;
  bool floats = false;
  if (is_keyword(shape, "i8x16")) bits = 8;
  else if (is_keyword(shape, "i16x8")) bits = 16;
  else if (is_keyword(shape, "i32x4")) bits = 32;
  else if (is_keyword(shape, "i64x2")) bits = 64;
  else if (is_keyword(shape, "f32x4")) bits = 32, floats = true;
  else if (is_keyword(shape, "f64x2")) bits = 64, floats = true;
  else c.fail(shape, msg::unexpected_token);
  const u32 lanes = 128 / bits;
  // The count is judged before any value ("wrong number of lane literals" wins over range).
  if (count_literals(c, floats, lanes) != lanes) c.fail_here(msg::wrong_number_of_lane_literals);
  for (u32 i = 0; i < lanes; ++i) {
    const u64 v = floats ? c.take_fN(bits) : c.take_iN(bits);
    for (unsigned b = 0; b < bits / 8; ++b) out.byte(static_cast<u8>(v >> (8 * b)));
  }
}

// i8x16.shuffle laneidx^16: exactly 16 lane literals ("invalid lane length"), each a u8.
void shuffle(Cursor& c, Writer& out) {
  if (count_literals(c, true, 16) != 16) c.fail_here(msg::invalid_lane_length);
  for (int i = 0; i < 16; ++i) {
    const Token t = c.next();
    const NumResult r =
        t.kind == TokKind::number ? parse_uN(t.text, 8) : NumResult{NumStatus::not_a_number, 0};
    if (r.status != NumStatus::ok) c.fail(t, lane_message(c));
    lane_byte(out, static_cast<u8>(r.bits));
  }
}

// ============================================================================================
// §6.5.3-§6.5.8 Plain instructions: the mnemonic's immediates by Imm kind
// ============================================================================================

// `select (result t*)*`: no result clause is the untyped 0x1B, else 0x1C vec(valtype).
void select(Cursor& c, Context& I, const std::vector<const OpInfo*>& rows, Writer& out) {
  const OpInfo* untyped = nullptr;
  const OpInfo* typed = nullptr;
  for (const OpInfo* row : rows) (row->imm == Imm::select_t ? typed : untyped) = row;
  if (!c.at_field("result") || typed == nullptr) {
    if (untyped == nullptr) c.fail_here(msg::unexpected_token);
    out.op(*untyped);
    return;
  }
  std::vector<TypeBytes> ts;
  while (c.take_field("result")) {
    while (!c.at(TokKind::rparen)) ts.push_back(valtype(c, I));
    c.expect_rparen();
  }
  out.op(*typed);
  out.u32_(static_cast<u32>(ts.size()));
  for (const TypeBytes& t : ts) out.raw(t);
}

// `try_table` catch clauses (§6.5.3): labels resolve in the context outside the try_table.
void catch_clauses(Cursor& c, Context& I, Writer& out) {
  Writer clauses;
  u32 n = 0;
  for (;; ++n) {
    if (c.take_field("catch")) {
      clauses.byte(0x00);
      clauses.u32_(I.index(c, I.tags, msg::unknown_tag));
    } else if (c.take_field("catch_ref")) {
      clauses.byte(0x01);
      clauses.u32_(I.index(c, I.tags, msg::unknown_tag));
    } else if (c.take_field("catch_all")) {
      clauses.byte(0x02);
    } else if (c.take_field("catch_all_ref")) {
      clauses.byte(0x03);
    } else {
      break;
    }
    clauses.u32_(I.label(c));
    c.expect_rparen();
  }
  out.u32_(n);
  out.raw(clauses.bytes());
}

// plaininstr: the mnemonic token `t` has been read; appends the opcode and its immediates.
void plaininstr(Cursor& c, Context& I, const Token& t, Writer& out) {
  const std::vector<const OpInfo*> rows = enabled_ops(c, t.text);
  if (rows.empty()) unknown_operator(c, t);
  const OpInfo& op = *rows.front();
  for (const OpInfo* row : rows) {
    if (row->imm == Imm::select_t) return select(c, I, rows, out);
  }
  switch (op.imm) {
    case Imm::none:
      out.op(op);
      return;
    case Imm::select_t:  // handled above
      return select(c, I, rows, out);
    case Imm::labelidx: {
      const u32 l = I.label(c);
      out.op(op);
      out.u32_(l);
      return;
    }
    case Imm::br_table: {  // br_table l* lN: at least one label, the last is the default
      std::vector<u32> ls;
      while (at_index(c)) ls.push_back(I.label(c));
      if (ls.empty()) c.fail_here(msg::unexpected_token);
      out.op(op);
      out.u32_(static_cast<u32>(ls.size() - 1));
      for (u32 l : ls) out.u32_(l);
      return;
    }
    case Imm::funcidx: {
      const u32 x = I.index(c, I.funcs, msg::unknown_function);
      out.op(op);
      out.u32_(x);
      return;
    }
    case Imm::call_indirect: {  // call_indirect x? typeuse; binary: typeidx tableidx
      const u32 x = tableidx_opt(c, I);
      const TypeUse tu = typeuse(c, I);
      for (const std::optional<std::string>& id : tu.sig.param_ids) {
        // §6.5.3: the type use of call_indirect binds no parameter identifiers.
        if (id) c.fail(c.peek(), msg::unexpected_token);
      }
      const u32 y = resolve_typeuse(c, I, tu);
      out.op(op);
      out.u32_(y);
      out.u32_(x);
      return;
    }
    case Imm::reftype: {  // ref.null heaptype
      const TypeBytes ht = heaptype(c, I);
      out.op(op);
      out.raw(ht);
      return;
    }
    case Imm::localidx:
    case Imm::globalidx:
    case Imm::dataidx:
    case Imm::elemidx:
    case Imm::tagidx: {
      const NameSpace& space = op.imm == Imm::localidx    ? I.locals
                               : op.imm == Imm::globalidx ? I.globals
                               : op.imm == Imm::dataidx   ? I.datas
                               : op.imm == Imm::elemidx   ? I.elems
                                                          : I.tags;
      const char* unknown = op.imm == Imm::localidx    ? msg::unknown_local
                            : op.imm == Imm::globalidx ? msg::unknown_global
                            : op.imm == Imm::dataidx   ? msg::unknown_data_segment
                            : op.imm == Imm::elemidx   ? msg::unknown_elem_segment
                                                       : msg::unknown_tag;
      const u32 x = I.index(c, space, unknown);
      out.op(op);
      out.u32_(x);
      return;
    }
    case Imm::tableidx: {  // table.get x? ...: the table defaults to 0
      const u32 x = tableidx_opt(c, I);
      out.op(op);
      out.u32_(x);
      return;
    }
    case Imm::memidx: {  // memory.size/grow/fill x?
      const u32 x = memidx_opt(c, I);
      out.op(op);
      out.u32_(x);
      return;
    }
    case Imm::memarg: {
      Writer m;
      memarg(c, I, op.width, m);
      out.op(op);
      out.raw(m.bytes());
      return;
    }
    case Imm::memarg_lane: {  // v128.loadN_lane x? memarg laneidx
      // A leading number is the memory index only when more immediates follow it.
      std::optional<u32> x;
      if (c.at(TokKind::id)) {
        x = I.index(c, I.mems, msg::unknown_memory);
      } else if (c.at(TokKind::number)) {
        const Token t2 = c.peek2();
        if (t2.kind == TokKind::number ||
            (t2.kind == TokKind::keyword &&
             (t2.text.starts_with("offset=") || t2.text.starts_with("align=")))) {
          x = I.index(c, I.mems, msg::unknown_memory);
        }
      }
      Writer m;
      memarg(c, I, op.width, m, x.value_or(0));
      const u8 lane = laneidx(c);
      out.op(op);
      out.raw(m.bytes());
      lane_byte(out, lane);
      return;
    }
    case Imm::i32: {
      const u64 bits = c.take_iN(32);
      out.op(op);
      out.s32_(static_cast<i32>(static_cast<u32>(bits)));
      return;
    }
    case Imm::i64: {
      const u64 bits = c.take_iN(64);
      out.op(op);
      out.s64_(static_cast<i64>(bits));
      return;
    }
    case Imm::f32: {
      const u64 bits = c.take_fN(32);
      out.op(op);
      out.f32_bits(static_cast<u32>(bits));
      return;
    }
    case Imm::f64: {
      const u64 bits = c.take_fN(64);
      out.op(op);
      out.f64_bits(bits);
      return;
    }
    case Imm::memory_init: {  // memory.init x? y; binary: dataidx memidx
      u32 x = 0;
      if (at_index(c) && (c.peek2().kind == TokKind::id || c.peek2().kind == TokKind::number)) {
        x = I.index(c, I.mems, msg::unknown_memory);
      }
      const u32 y = I.index(c, I.datas, msg::unknown_data_segment);
      out.op(op);
      out.u32_(y);
      out.u32_(x);
      return;
    }
    case Imm::memory_copy: {  // memory.copy (x y)?: destination, then source
      u32 x = 0, y = 0;
      if (at_index(c)) {
        x = I.index(c, I.mems, msg::unknown_memory);
        y = I.index(c, I.mems, msg::unknown_memory);
      }
      out.op(op);
      out.u32_(x);
      out.u32_(y);
      return;
    }
    case Imm::table_init: {  // table.init x? y; binary: elemidx tableidx
      u32 x = 0;
      if (at_index(c) && (c.peek2().kind == TokKind::id || c.peek2().kind == TokKind::number)) {
        x = I.index(c, I.tables, msg::unknown_table);
      }
      const u32 y = I.index(c, I.elems, msg::unknown_elem_segment);
      out.op(op);
      out.u32_(y);
      out.u32_(x);
      return;
    }
    case Imm::table_copy: {  // table.copy (x y)?
      u32 x = 0, y = 0;
      if (at_index(c)) {
        x = I.index(c, I.tables, msg::unknown_table);
        y = I.index(c, I.tables, msg::unknown_table);
      }
      out.op(op);
      out.u32_(x);
      out.u32_(y);
      return;
    }
    case Imm::v128:
      out.op(op);
      v128_const(c, out);
      return;
    case Imm::shuffle:
      out.op(op);
      shuffle(c, out);
      return;
    case Imm::laneidx: {
      const u8 lane = laneidx(c);
      out.op(op);
      lane_byte(out, lane);
      return;
    }
    case Imm::typeidx: {
      const u32 x = typeidx(c, I);
      out.op(op);
      out.u32_(x);
      return;
    }
    case Imm::typeidx_fieldidx: {
      const u32 x = typeidx(c, I);
      const u32 y = fieldidx(c, I, x);
      out.op(op);
      out.u32_(x);
      out.u32_(y);
      return;
    }
    case Imm::typeidx_u32: {  // array.new_fixed x n
      const u32 x = typeidx(c, I);
      const u32 n = c.take_u32();
      out.op(op);
      out.u32_(x);
      out.u32_(n);
      return;
    }
    case Imm::typeidx_dataidx:
    case Imm::typeidx_elemidx:
    case Imm::typeidx_typeidx: {
      const u32 x = typeidx(c, I);
      const u32 y = op.imm == Imm::typeidx_dataidx
                        ? I.index(c, I.datas, msg::unknown_data_segment)
                    : op.imm == Imm::typeidx_elemidx
                        ? I.index(c, I.elems, msg::unknown_elem_segment)
                        : typeidx(c, I);
      out.op(op);
      out.u32_(x);
      out.u32_(y);
      return;
    }
    case Imm::heaptype: {  // ref.test / ref.cast reftype: the `null` row for a nullable one
      const RefTypeText rt = reftype(c, I);
      const OpInfo* chosen = rows.front();
      for (const OpInfo* row : rows) {
        // Of the two rows, the nullable one has the larger code (§5.4.6: 20/21, 22/23).
        if (rt.nullable ? row->code > chosen->code : row->code < chosen->code) chosen = row;
      }
      out.op(*chosen);
      out.raw(rt.heap);
      return;
    }
    case Imm::br_on_cast: {  // br_on_cast(_fail) l rt1 rt2; binary: castflags l ht1 ht2
      const u32 l = I.label(c);
      const RefTypeText rt1 = reftype(c, I);
      const RefTypeText rt2 = reftype(c, I);
      out.op(op);
      out.byte(static_cast<u8>((rt1.nullable ? 1 : 0) | (rt2.nullable ? 2 : 0)));
      out.u32_(l);
      out.raw(rt1.heap);
      out.raw(rt2.heap);
      return;
    }
    case Imm::atomic_fence:
      out.op(op);
      out.byte(0x00);
      return;
    case Imm::blocktype:  // structured instructions never get here (see instrs)
    case Imm::try_table:
      c.fail(t, msg::unexpected_token);
  }
  unknown_operator(c, t);
}

// ============================================================================================
// §6.5.3 Structured instructions and §6.5.9 folded instructions, one explicit stack
// ============================================================================================

// One open construct. Plain block instructions end at `end` (or `delegate`); folded ones at
// their closing `)`. The label, if any, is on I.labels while its body is read.
struct Frame {
  enum class Kind : u8 {
    plain_block,  // block, loop, try_table ... end
    plain_if,     // if ... (else ...)? end
    plain_try,    // legacy try ... (catch x ...)* (catch_all ...)? end | delegate l
    folded_op,    // (op imm* folded*): `op imm*` is emitted at `)`
    folded_block, // (block ...), (loop ...), (try_table ...)
    folded_if,    // (if label bt folded* (then ...) (else ...)?)
    folded_try,   // (try label bt (do ...) (catch x ...)* (catch_all ...)? | (delegate l))
  } kind;
  enum class Phase : u8 {
    body,       // instructions
    if_cond,    // folded if: the condition's folded instructions, before `(then`
    if_then,    // inside (then ...)
    if_else_q,  // after (then ...): `(else` or `)`
    if_else,    // inside (else ...)
    try_do_q,   // folded try: `(do` expected
    try_do,     // inside (do ...) or a (catch ...)
    try_catch_q,  // after a clause: `(catch`, `(catch_all`, `(delegate` or `)`
  } phase = Phase::body;
  std::optional<std::string> label;
  bool labeled = false;        // a label entry is on I.labels
  bool seen_catch = false;     // legacy try: a catch clause was read
  bool seen_catch_all = false;
  size_t else_at = SIZE_MAX;   // output size right after an emitted `else` opcode
  std::string pending;         // folded_op: the instruction; folded_if: `if bt`
};

class Unfolder {
 public:
  Unfolder(Cursor& c, Context& I, Writer& out) : c_(c), I_(I), out_(out) {}

  void run() {
    for (;;) {
      const Token t = c_.peek();
      if (t.kind == TokKind::lparen) {
        if (!lparen()) return;
      } else if (t.kind == TokKind::rparen) {
        if (stack_.empty()) return;
        rparen();
      } else if (t.kind == TokKind::keyword) {
        if (!keyword(t)) return;
      } else {
        // A token that cannot start an instruction: the caller's, unless a construct is open.
        if (stack_.empty()) return;
        c_.fail(t, msg::unexpected_token);
      }
    }
  }

 private:
  Frame* top() { return stack_.empty() ? nullptr : &stack_.back(); }
  // Phases of a folded construct that take only its clauses or folded instructions.
  static bool clauses_only(const Frame& f) {
    return f.phase == Frame::Phase::if_cond || f.phase == Frame::Phase::if_else_q ||
           f.phase == Frame::Phase::try_do_q || f.phase == Frame::Phase::try_catch_q;
  }

  void push_label(Frame& f) {
    I_.labels.push_back(f.label);
    f.labeled = true;
  }
  void pop_label(Frame& f) {
    if (f.labeled) I_.labels.pop_back();
    f.labeled = false;
  }
  void end_opcode() { out_.byte(0x0B); }
  // Encoder choice of the reference interpreter: `else` only before a non-empty else branch.
  void drop_empty_else(const Frame& f) {
    if (f.else_at != SIZE_MAX && out_.size() == f.else_at) out_.bytes().pop_back();
  }

  // --- Plain structured instructions -------------------------------------------------------

  // A keyword in instruction position. False when it ends the sequence (the caller's token).
  bool keyword(const Token& t) {
    Frame* f = top();
    const std::string_view kw = t.text;
    if (f != nullptr && clauses_only(*f)) c_.fail(t, msg::unexpected_token);
    if (kw == "end" || kw == "else" || kw == "catch" || kw == "catch_all" || kw == "delegate") {
      if (f == nullptr) return false;
      if (kw == "end" && (f->kind == Frame::Kind::plain_block || f->kind == Frame::Kind::plain_if ||
                          f->kind == Frame::Kind::plain_try)) {
        c_.next();
        end_label(c_, f->label);
        if (f->kind == Frame::Kind::plain_if) drop_empty_else(*f);
        end_opcode();
        pop_label(*f);
        stack_.pop_back();
        return true;
      }
      if (kw == "else" && f->kind == Frame::Kind::plain_if && f->else_at == SIZE_MAX) {
        c_.next();
        end_label(c_, f->label);
        out_.byte(0x05);
        f->else_at = out_.size();
        return true;
      }
      if (kw == "catch" && f->kind == Frame::Kind::plain_try && !f->seen_catch_all) {
        c_.next();
        legacy_catch_label(*f);
        out_.op(op_or_fail(c_, t));
        out_.u32_(I_.index(c_, I_.tags, msg::unknown_tag));
        f->seen_catch = true;
        return true;
      }
      if (kw == "catch_all" && f->kind == Frame::Kind::plain_try && !f->seen_catch_all) {
        c_.next();
        end_label(c_, f->label);
        out_.op(op_or_fail(c_, t));
        f->seen_catch_all = true;
        return true;
      }
      if (kw == "delegate" && f->kind == Frame::Kind::plain_try && !f->seen_catch &&
          !f->seen_catch_all) {
        c_.next();
        delegate(*f, t);
        stack_.pop_back();
        return true;
      }
      c_.fail(t, msg::unexpected_token);
    }
    if (kw == "block" || kw == "loop" || kw == "if" || kw == "try" || kw == "try_table") {
      const OpInfo& op = op_or_fail(c_, t);
      c_.next();
      Frame fr{.kind = kw == "if"    ? Frame::Kind::plain_if
                       : kw == "try" ? Frame::Kind::plain_try
                                     : Frame::Kind::plain_block};
      block_head(fr, op, kw == "try_table", out_);
      push_label(fr);
      stack_.push_back(std::move(fr));
      return true;
    }
    if (is_grammar_keyword(kw)) {
      if (f == nullptr) return false;
      c_.fail(t, msg::unexpected_token);
    }
    c_.next();
    plaininstr(c_, I_, t, out_);
    return true;
  }

  // `label bt` (and for try_table its catch clauses, read in the outer context), emitted as
  // the opcode, the block type and the clauses.
  void block_head(Frame& fr, const OpInfo& op, bool is_try_table, Writer& w) {
    fr.label = label(c_);
    Writer bt;
    blocktype(c_, I_, bt);
    w.op(op);
    w.raw(bt.bytes());
    if (is_try_table) catch_clauses(c_, I_, w);
  }

  // legacy `catch id? x`: an identifier followed by another index is the repeated label.
  void legacy_catch_label(const Frame& f) {
    if (c_.at(TokKind::id)) {
      const Token t2 = c_.peek2();
      if (t2.kind == TokKind::id || t2.kind == TokKind::number) end_label(c_, f.label);
    }
  }

  // legacy `delegate l`: l is a label of the context outside the try (legacy-exceptions
  // text.rst: labelidx_I), so the try's own label is gone first.
  void delegate(Frame& f, const Token& t) {
    pop_label(f);
    const OpInfo& op = op_or_fail(c_, t);
    const u32 l = I_.label(c_);
    out_.op(op);
    out_.u32_(l);
  }

  // --- Folded instructions -------------------------------------------------------------------

  // A `(`: a clause of the open folded construct, or a folded instruction. False when it is
  // not ours (nothing open and not an instruction).
  bool lparen() {
    Frame* f = top();
    const Token k = c_.peek2();
    if (f != nullptr && f->kind == Frame::Kind::folded_if) {
      if (f->phase == Frame::Phase::if_cond && is_keyword(k, "then")) {
        c_.next();
        c_.next();
        out_.raw(f->pending);
        f->pending.clear();
        push_label(*f);
        f->phase = Frame::Phase::if_then;
        return true;
      }
      if (f->phase == Frame::Phase::if_else_q) {
        if (!is_keyword(k, "else")) c_.fail(k, msg::unexpected_token);
        c_.next();
        c_.next();
        out_.byte(0x05);
        f->else_at = out_.size();
        f->phase = Frame::Phase::if_else;
        return true;
      }
    }
    if (f != nullptr && f->kind == Frame::Kind::folded_try) {
      if (f->phase == Frame::Phase::try_do_q) {
        if (!is_keyword(k, "do")) c_.fail(k, msg::unexpected_token);
        c_.next();
        c_.next();
        f->phase = Frame::Phase::try_do;
        return true;
      }
      if (f->phase == Frame::Phase::try_catch_q) {
        if (is_keyword(k, "catch") && !f->seen_catch_all) {
          c_.next();
          c_.next();
          out_.op(op_or_fail(c_, k));
          out_.u32_(I_.index(c_, I_.tags, msg::unknown_tag));
          f->seen_catch = true;
          f->phase = Frame::Phase::try_do;
          return true;
        }
        if (is_keyword(k, "catch_all") && !f->seen_catch_all) {
          c_.next();
          c_.next();
          out_.op(op_or_fail(c_, k));
          f->seen_catch_all = true;
          f->phase = Frame::Phase::try_do;
          return true;
        }
        if (is_keyword(k, "delegate") && !f->seen_catch && !f->seen_catch_all) {
          c_.next();
          c_.next();
          delegate(*f, k);
          c_.expect_rparen();  // (delegate l)
          c_.expect_rparen();  // (try ...)
          stack_.pop_back();
          return true;
        }
        c_.fail(k, msg::unexpected_token);
      }
    }
    if (f != nullptr && (f->phase == Frame::Phase::if_else_q ||
                         f->phase == Frame::Phase::try_do_q)) {
      c_.fail(k, msg::unexpected_token);
    }
    // foldedinstr
    if (k.kind != TokKind::keyword) {
      if (f == nullptr) return false;
      c_.fail(k, msg::unexpected_token);
    }
    const std::string_view kw = k.text;
    if (is_grammar_keyword(kw)) {  // `(then`, `(catch` ... out of place, `(local` ...
      if (f == nullptr) return false;
      c_.fail(k, msg::unexpected_token);
    }
    if (kw == "block" || kw == "loop" || kw == "try_table") {
      const OpInfo& op = op_or_fail(c_, k);
      c_.next();
      c_.next();
      Frame fr{.kind = Frame::Kind::folded_block};
      block_head(fr, op, kw == "try_table", out_);
      push_label(fr);
      stack_.push_back(std::move(fr));
      return true;
    }
    if (kw == "if") {
      // (if label bt folded* (then ...) (else ...)?): the condition comes first in the
      // output, so `if bt` waits in `pending` until `(then`.
      const OpInfo& op = op_or_fail(c_, k);
      c_.next();
      c_.next();
      Frame fr{.kind = Frame::Kind::folded_if, .phase = Frame::Phase::if_cond};
      Writer head;
      block_head(fr, op, false, head);
      fr.pending = std::move(head.bytes());
      stack_.push_back(std::move(fr));
      return true;
    }
    if (kw == "try") {
      const OpInfo& op = op_or_fail(c_, k);
      c_.next();
      c_.next();
      Frame fr{.kind = Frame::Kind::folded_try, .phase = Frame::Phase::try_do_q};
      block_head(fr, op, false, out_);
      push_label(fr);
      stack_.push_back(std::move(fr));
      return true;
    }
    c_.next();
    c_.next();
    Frame fr{.kind = Frame::Kind::folded_op};
    Writer w;
    plaininstr(c_, I_, k, w);
    fr.pending = std::move(w.bytes());
    stack_.push_back(std::move(fr));
    return true;
  }

  // A `)` with a construct open.
  void rparen() {
    Frame& f = stack_.back();
    const Token t = c_.peek();
    switch (f.kind) {
      case Frame::Kind::plain_block:
      case Frame::Kind::plain_if:
      case Frame::Kind::plain_try:
        c_.fail(t, msg::unexpected_token);  // a plain block must end before the `)`
      case Frame::Kind::folded_op:
        c_.next();
        out_.raw(f.pending);
        stack_.pop_back();
        return;
      case Frame::Kind::folded_block:
        c_.next();
        close(f);
        return;
      case Frame::Kind::folded_if:
        return rparen_if(f, t);
      case Frame::Kind::folded_try:
        return rparen_try(f, t);
    }
    c_.fail(t, msg::unexpected_token);
  }

  // Emits `end`, drops the label and the frame.
  void close(Frame& f) {
    end_opcode();
    pop_label(f);
    stack_.pop_back();
  }

  void rparen_if(Frame& f, const Token& t) {
    if (f.phase == Frame::Phase::if_then) {  // (then ...) closed: `(else` or `)` next
      c_.next();
      f.phase = Frame::Phase::if_else_q;
      return;
    }
    if (f.phase == Frame::Phase::if_else_q) {  // (if ... (then ...))
      c_.next();
      return close(f);
    }
    if (f.phase == Frame::Phase::if_else) {  // (else ...) then the if's `)`
      c_.next();
      drop_empty_else(f);
      c_.expect_rparen();
      return close(f);
    }
    c_.fail(t, msg::unexpected_token);  // if_cond: `(then ...)` is required
  }

  void rparen_try(Frame& f, const Token& t) {
    if (f.phase == Frame::Phase::try_do) {  // (do ...) or a (catch ...) closed
      c_.next();
      f.phase = Frame::Phase::try_catch_q;
      return;
    }
    if (f.phase == Frame::Phase::try_catch_q) {
      c_.next();
      return close(f);
    }
    c_.fail(t, msg::unexpected_token);  // try_do_q: `(do ...)` is required
  }

  Cursor& c_;
  Context& I_;
  Writer& out_;
  std::vector<Frame> stack_;
};

}  // namespace

// §6.5 instrs: plain and folded instructions, up to a token that cannot start one.
void instrs(Cursor& c, Context& I, Writer& out) {
  const size_t labels = I.labels.size();
  Unfolder u(c, I, out);
  u.run();
  // Every construct is closed when run returns normally; the label list is as it was.
  I.labels.resize(labels);
}

// §6.5.10 Expressions: expr ::= instr* followed by the `end` opcode.
void expr(Cursor& c, Context& I, Writer& out) {
  instrs(c, I, out);
  out.byte(0x0B);
}

}  // namespace wasmref::text
