// Core 3.0 §6.6 Modules (text/modules.rst) read into §5.5 binary modules (binary/modules.rst)
//
// A module is read in three passes over its fields, as the spec's identifier context I is
// defined over the whole module (text/modules.rst "Modules": I is the composition of the
// contexts of all fields, so a field may refer to an identifier bound later):
//   1. bind every module-level identifier (types, funcs, tables, memories, globals, tags,
//      elems, datas) and check the ordering of imports;
//   2. read the type definitions (they only refer to type identifiers), so that every
//      explicit type is known before a type use looks for a matching one;
//   3. read everything else and append it, encoded, to its section.
// Fields are a flat list: nothing here recurses with the input's nesting (instructions are
// unfolded with an explicit stack by instrs.cc; types nest at most a constant depth).
//
// Encoding choices follow the spec's reference interpreter (wasm-testsuite-3.0-bin): empty
// sections omitted, locals grouped in runs of equal types, its element segment flags, the
// 0x40 0x00 table initializer form only when the initializer is not the default ref.null,
// the data count section exactly when an instruction uses a data index.
#include <optional>
#include <string>
#include <vector>

#include "syntax/messages.h"
#include "text/numbers.h"
#include "text/parser.h"

namespace wasmref::text {

namespace {


// The definitions an import may not follow (text/modules.rst "Imports": imports come first
// in every index space), with the suite's texts.
enum class DefKind : u8 { func, table, memory, global, tag };
const char* import_after(DefKind k) {
  switch (k) {
    case DefKind::func: return msg::import_after_function;
    case DefKind::table: return msg::import_after_table;
    case DefKind::memory: return msg::import_after_memory;
    case DefKind::global: return msg::import_after_global;
    case DefKind::tag: return msg::import_after_tag;
  }
  return msg::import_after_function;
}

// One section under construction: its entry count and entries.
struct Section {
  u32 count = 0;
  Writer entries;
};

// §5.5.13 The binary module's magic, version and sections, in the order of §5.5.16 (the tag
// section, id 13, between memories and globals).
struct Sections {
  Section type, import, func, table, mem, tag, global, exprt, elem, code, data;
  std::optional<u32> start;
};

void section(Writer& out, u8 id, const Section& s) {
  if (s.count == 0) return;  // the reference interpreter omits empty sections
  Writer body;
  body.u32_(s.count);
  body.raw(s.entries.bytes());
  out.byte(id);
  out.u32_(static_cast<u32>(body.size()));
  out.raw(body.bytes());
}

// Is `e` (an encoded constant expression) exactly `ref.func x end`? Then x.
std::optional<u32> single_ref_func(const std::string& e) {
  if (e.size() < 3 || static_cast<u8>(e[0]) != 0xD2 || static_cast<u8>(e.back()) != 0x0B) {
    return std::nullopt;
  }
  u64 v = 0;
  size_t i = 1;
  for (unsigned shift = 0; i < e.size() && shift < 35; shift += 7) {
    const u8 b = static_cast<u8>(e[i++]);
    v |= u64(b & 0x7F) << shift;
    if (!(b & 0x80)) {
      if (i != e.size() - 1) return std::nullopt;
      return static_cast<u32>(v);
    }
  }
  return std::nullopt;
}

class ModuleReader {
 public:
  explicit ModuleReader(Cursor& c) : c_(c) {}

  std::string read() {
    const size_t start = c_.mark();
    bind_identifiers();
    c_.reset(start);
    type_fields();
    c_.reset(start);
    other_fields();
    return encode();
  }

 private:
  // ==========================================================================================
  // Pass 1: identifiers and import order
  // ==========================================================================================

  // Fields are `(keyword ...)` up to the `)` that closes the module or the end of input.
  bool at_field() { return c_.at(TokKind::lparen); }

  Token field_keyword() {
    c_.expect_lparen();
    const Token kw = c_.peek();
    if (kw.kind != TokKind::keyword) c_.fail(kw, msg::unexpected_token);
    c_.next();
    return kw;
  }

  // Skips what remains of a field, including its `)`.
  void skip_rest() {
    while (!c_.at(TokKind::rparen)) {
      if (c_.at(TokKind::eof)) c_.fail_here(msg::unexpected_token);
      c_.skip_sexpr();
    }
    c_.next();
  }

  void bind(NameSpace& space, const char* duplicate) {
    const Token t = c_.peek();
    const std::optional<std::string> id = c_.take_id();
    if (!space.define(id)) c_.fail(t, std::string(duplicate) + ": $" + *id);
  }

  // Inline exports and an inline import (text/modules.rst abbreviations): true when the
  // field is an import.
  bool skip_inline_exports_and_import() {
    bool imported = false;
    while (c_.at_field("export") || c_.at_field("import")) {
      if (c_.at_field("import")) imported = true;
      c_.skip_sexpr();
    }
    return imported;
  }

  // The optional address type of a table or memory type (memory64): `i64` or `i32`.
  bool peek_is64() { return c_.features().memory64 && c_.at_keyword("i64"); }

  void note_definition(DefKind k) {
    last_def_ = k;
    reported_for_last_ = false;
  }
  void note_import(const Token& at) {
    if (last_def_ && !reported_for_last_) {
      // The reference interpreter reports the latest definition that an import follows.
      order_error_ = {*last_def_, at};
      reported_for_last_ = true;
    }
  }

  void require(bool feature, const Token& kw) {
    // A keyword of a proposal that is off is unknown to an engine without it.
    if (!feature) c_.fail(kw, msg::unknown_operator);
  }

  void bind_identifiers() {
    while (at_field()) {
      const Token start = c_.peek();
      const Token kw = field_keyword();
      const std::string_view k = kw.text;
      if (k == "type") {
        bind(I.types, msg::duplicate_type);
        skip_rest();
      } else if (k == "rec") {
        require(c_.features().gc, kw);
        while (c_.take_field("type")) {
          bind(I.types, msg::duplicate_type);
          skip_rest();
        }
        c_.expect_rparen();
      } else if (k == "func" || k == "global" || k == "tag") {
        if (k == "tag") require(c_.features().exceptions, kw);
        NameSpace& space = k == "func" ? I.funcs : k == "global" ? I.globals : I.tags;
        bind(space, k == "func" ? msg::duplicate_func : k == "global" ? msg::duplicate_global : msg::duplicate_tag);
        const DefKind d = k == "func" ? DefKind::func : k == "global" ? DefKind::global : DefKind::tag;
        if (skip_inline_exports_and_import()) {
          note_import(start);
        } else {
          note_definition(d);
        }
        skip_rest();
      } else if (k == "table" || k == "memory") {
        const bool table = k == "table";
        bind(table ? I.tables : I.mems, table ? msg::duplicate_table : msg::duplicate_memory);
        if (skip_inline_exports_and_import()) {
          note_import(start);
        } else {
          note_definition(table ? DefKind::table : DefKind::memory);
        }
        (table ? I.table_is64 : I.mem_is64).push_back(peek_is64());
        // The inline `(elem ...)` / `(data ...)` abbreviations define a segment.
        while (!c_.at(TokKind::rparen)) {
          if (c_.at(TokKind::eof)) c_.fail_here(msg::unexpected_token);
          if (c_.at_field(table ? "elem" : "data")) (table ? I.elems : I.datas).define(std::nullopt);
          c_.skip_sexpr();
        }
        c_.next();
      } else if (k == "import") {
        note_import(start);
        for (int i = 0; i < 2 && c_.at(TokKind::string); ++i) c_.next();
        if (!c_.at(TokKind::lparen)) c_.fail_here(msg::unexpected_token);
        const Token dk = field_keyword();
        if (dk.text == "func") {
          bind(I.funcs, msg::duplicate_func);
        } else if (dk.text == "table") {
          bind(I.tables, msg::duplicate_table);
          I.table_is64.push_back(peek_is64());
        } else if (dk.text == "memory") {
          bind(I.mems, msg::duplicate_memory);
          I.mem_is64.push_back(peek_is64());
        } else if (dk.text == "global") {
          bind(I.globals, msg::duplicate_global);
        } else if (dk.text == "tag") {
          require(c_.features().exceptions, dk);
          bind(I.tags, msg::duplicate_tag);
        } else {
          c_.fail(dk, msg::unexpected_token);
        }
        skip_rest();  // the descriptor
        skip_rest();  // the import
      } else if (k == "elem") {
        bind(I.elems, msg::duplicate_elem);
        skip_rest();
      } else if (k == "data") {
        bind(I.datas, msg::duplicate_data);
        skip_rest();
      } else if (k == "export" || k == "start") {
        skip_rest();
      } else {
        c_.fail(kw, msg::unexpected_token);
      }
    }
    if (order_error_) c_.fail(order_error_->second, import_after(order_error_->first));
  }

  // ==========================================================================================
  // Pass 2: §6.6.2 Types
  // ==========================================================================================

  void type_fields() {
    while (at_field()) {
      if (c_.at_field("type")) {
        c_.next();
        c_.next();
        // A type definition alone is a rec group of one (text/modules.rst abbreviation);
        // binary/types.rst: a singular rec group is encoded as its subtype alone.
        bool plain = false;
        const std::string st = typedef_(plain, /*alone=*/true);
        s_.type.entries.raw(st);
        ++s_.type.count;
      } else if (c_.at_field("rec")) {
        c_.next();
        c_.next();
        // rectype ::= (rec typedef*)  binary: 0x4E vec(subtype)
        Writer group;
        u32 n = 0;
        const size_t first = I.typedefs.size();
        while (c_.take_field("type")) {
          bool plain = false;
          group.raw(typedef_(plain, /*alone=*/false));
          ++n;
        }
        c_.expect_rparen();
        // The reference interpreter encodes a rec group of one like a lone type, and an
        // inline type use may refer to it (it is a singular rec type).
        if (n == 1) {
          I.typedefs[first].plain_func = single_plain_;
          s_.type.entries.raw(group.bytes());
        } else {
          s_.type.entries.byte(0x4E);
          s_.type.entries.u32_(n);
          s_.type.entries.raw(group.bytes());
        }
        ++s_.type.count;
      } else {
        c_.skip_sexpr();
      }
    }
    I.explicit_types = static_cast<u32>(I.typedefs.size());
  }

  // typedef ::= (type id? subtype), after `(type`; returns the subtype's encoding.
  std::string typedef_(bool& plain, bool alone) {
    c_.take_id();  // bound in pass 1
    TypeDef def;
    Writer out;
    // subtype ::= (sub final? typeidx* comptype) | comptype  (= (sub final comptype))
    if (c_.at_field("sub")) {
      const Token kw = c_.peek2();
      require(c_.features().gc, kw);
      c_.next();
      c_.next();
      const bool final = c_.take_keyword("final");
      std::vector<u32> supers;
      while (c_.at(TokKind::id) || c_.at(TokKind::number)) {
        supers.push_back(I.index(c_, I.types, msg::unknown_type));
      }
      // binary/types.rst: 0x50 (sub) / 0x4F (sub final) vec(typeidx) comptype; a final
      // type without supertypes is encoded as its comptype alone (the abbreviation's form).
      if (!final || !supers.empty()) {
        out.byte(final ? 0x4F : 0x50);
        out.u32_(static_cast<u32>(supers.size()));
        for (u32 x : supers) out.u32_(x);
      }
      comptype(def, out);
      c_.expect_rparen();
      plain = final && supers.empty() && def.kind == TypeDef::Kind::func;
    } else {
      comptype(def, out);
      plain = def.kind == TypeDef::Kind::func;
    }
    c_.expect_rparen();
    def.plain_func = alone && plain;
    single_plain_ = plain;
    I.typedefs.push_back(std::move(def));
    return out.bytes();
  }

  // comptype ::= (func param* result*) | (struct field*) | (array fieldtype)
  void comptype(TypeDef& def, Writer& out) {
    c_.expect_lparen();
    const Token kw = c_.peek();
    if (kw.kind != TokKind::keyword) c_.fail(kw, msg::unexpected_token);
    if (kw.text == "func") {
      c_.next();
      def.kind = TypeDef::Kind::func;
      const TypeUse tu = typeuse(c_, I);
      if (tu.type) c_.fail_here(msg::unexpected_token);
      def.sig = tu.sig;
      // §5.3.6 functype: 0x60 vec(valtype) vec(valtype)
      out.byte(0x60);
      out.u32_(static_cast<u32>(def.sig.params.size()));
      for (const TypeBytes& t : def.sig.params) out.raw(t);
      out.u32_(static_cast<u32>(def.sig.results.size()));
      for (const TypeBytes& t : def.sig.results) out.raw(t);
    } else if (kw.text == "struct") {
      require(c_.features().gc, kw);
      c_.next();
      def.kind = TypeDef::Kind::struct_;
      // field ::= (field id? fieldtype) ; abbreviation (field fieldtype*)
      Writer fields;
      u32 n = 0;
      while (c_.take_field("field")) {
        const Token at = c_.peek();
        if (auto id = c_.take_id()) {
          if (!def.fields.define(id)) c_.fail(at, std::string(msg::duplicate_field) + ": $" + *id);
          fieldtype(fields);
          ++n;
        } else {
          while (!c_.at(TokKind::rparen)) {
            def.fields.define(std::nullopt);
            fieldtype(fields);
            ++n;
          }
        }
        c_.expect_rparen();
      }
      out.byte(0x5F);  // §5.3.? structtype: 0x5F vec(fieldtype)
      out.u32_(n);
      out.raw(fields.bytes());
    } else if (kw.text == "array") {
      require(c_.features().gc, kw);
      c_.next();
      def.kind = TypeDef::Kind::array;
      out.byte(0x5E);  // arraytype: 0x5E fieldtype
      fieldtype(out);
    } else {
      c_.fail(kw, msg::unexpected_token);
    }
    c_.expect_rparen();
  }

  // fieldtype ::= storagetype | (mut storagetype)   binary: storagetype mut
  void fieldtype(Writer& out) {
    const bool mut = c_.take_field("mut");
    // storagetype ::= valtype | packtype (i8 0x78, i16 0x77)
    if (c_.take_keyword("i8")) {
      out.byte(0x78);
    } else if (c_.take_keyword("i16")) {
      out.byte(0x77);
    } else {
      out.raw(valtype(c_, I));
    }
    if (mut) c_.expect_rparen();
    out.byte(mut ? 0x01 : 0x00);
  }

  // ==========================================================================================
  // Pass 3: the other fields
  // ==========================================================================================

  void other_fields() {
    while (at_field()) {
      const Token start = c_.peek();
      const Token kw = c_.peek2();
      const std::string_view k = kw.text;
      if (k == "type" || k == "rec") {
        c_.skip_sexpr();
        continue;
      }
      field_keyword();
      if (k == "func") {
        func(start);
      } else if (k == "table") {
        table();
      } else if (k == "memory") {
        memory();
      } else if (k == "global") {
        global();
      } else if (k == "tag") {
        tag();
      } else if (k == "import") {
        import();
      } else if (k == "export") {
        export_();
      } else if (k == "start") {
        start_(start);
      } else if (k == "elem") {
        elem();
      } else if (k == "data") {
        data();
      } else {
        c_.fail(kw, msg::unexpected_token);
      }
    }
  }

  // Per function and per constant expression: no locals, no labels.
  void reset_locals() {
    I.locals = NameSpace{};
    I.labels.clear();
  }

  // §6.6.5 Exports abbreviation: `(export name)*` on a definition exports its index.
  void inline_exports(u8 kind, u32 index) {
    while (c_.take_field("export")) {
      const std::string name = c_.take_name();
      c_.expect_rparen();
      s_.exprt.entries.name(name);
      s_.exprt.entries.byte(kind);
      s_.exprt.entries.u32_(index);
      ++s_.exprt.count;
    }
  }

  // §6.6.4 Imports abbreviation: `(import mod name)` on a definition; writes the names.
  bool inline_import() {
    if (!c_.take_field("import")) return false;
    const std::string module = c_.take_name();
    const std::string name = c_.take_name();
    c_.expect_rparen();
    s_.import.entries.name(module);
    s_.import.entries.name(name);
    ++s_.import.count;
    return true;
  }

  // --- §6.6.4 Imports --------------------------------------------------------------------

  void import() {
    const std::string module = c_.take_name();
    const std::string name = c_.take_name();
    s_.import.entries.name(module);
    s_.import.entries.name(name);
    ++s_.import.count;
    const Token dk = field_keyword();
    c_.take_id();
    Writer& out = s_.import.entries;
    if (dk.text == "func") {
      out.byte(0x00);
      out.u32_(resolve_typeuse(c_, I, typeuse(c_, I)));
      ++funcs_;
    } else if (dk.text == "table") {
      out.byte(0x01);
      tabletype(out, tables_++);
    } else if (dk.text == "memory") {
      out.byte(0x02);
      memtype(out);
      ++mems_;
    } else if (dk.text == "global") {
      out.byte(0x03);
      globaltype(out);
      ++globals_;
    } else {  // tag (pass 1 accepted only these kinds)
      out.byte(0x04);
      out.byte(0x00);
      out.u32_(resolve_typeuse(c_, I, typeuse(c_, I)));
      ++tags_;
    }
    c_.expect_rparen();
    c_.expect_rparen();
  }

  // --- §6.6.5 Exports ----------------------------------------------------------------------

  void export_() {
    const std::string name = c_.take_name();
    const Token dk = field_keyword();
    u8 kind = 0;
    u32 x = 0;
    if (dk.text == "func") {
      kind = 0x00, x = I.index(c_, I.funcs, msg::unknown_function);
    } else if (dk.text == "table") {
      kind = 0x01, x = I.index(c_, I.tables, msg::unknown_table);
    } else if (dk.text == "memory") {
      kind = 0x02, x = I.index(c_, I.mems, msg::unknown_memory);
    } else if (dk.text == "global") {
      kind = 0x03, x = I.index(c_, I.globals, msg::unknown_global);
    } else if (dk.text == "tag" && c_.features().exceptions) {
      kind = 0x04, x = I.index(c_, I.tags, msg::unknown_tag);
    } else {
      c_.fail(dk, dk.text == "tag" ? msg::unknown_operator : msg::unexpected_token);
    }
    c_.expect_rparen();
    c_.expect_rparen();
    s_.exprt.entries.name(name);
    s_.exprt.entries.byte(kind);
    s_.exprt.entries.u32_(x);
    ++s_.exprt.count;
  }

  // --- §6.6.9 Start function ---------------------------------------------------------------

  void start_(const Token& at) {
    const u32 x = I.index(c_, I.funcs, msg::unknown_function);
    c_.expect_rparen();
    if (s_.start) c_.fail(at, msg::multiple_start_sections);
    s_.start = x;
  }

  // --- §6.6.6 Functions ----------------------------------------------------------------------

  void func(const Token&) {
    c_.take_id();
    const u32 index = funcs_++;
    inline_exports(0x00, index);
    if (inline_import()) {
      s_.import.entries.byte(0x00);
      s_.import.entries.u32_(resolve_typeuse(c_, I, typeuse(c_, I)));
      c_.expect_rparen();
      return;
    }
    reset_locals();
    const TypeUse tu = typeuse(c_, I);
    const u32 x = resolve_typeuse(c_, I, tu);
    s_.func.entries.u32_(x);
    ++s_.func.count;
    // The parameters are the first locals, named by the inline declarations; with `(type x)`
    // alone they are x's parameters, unnamed.
    if (tu.sig.params.empty() && tu.type) {
      if (x < I.typedefs.size() && I.typedefs[x].kind == TypeDef::Kind::func) {
        for (size_t i = 0; i < I.typedefs[x].sig.params.size(); ++i) I.locals.define(std::nullopt);
      }
    } else {
      for (const std::optional<std::string>& id : tu.sig.param_ids) {
        if (!I.locals.define(id)) c_.fail(Token{TokKind::id, {}, tu.offset}, std::string(msg::duplicate_local) + ": $" + *id);
      }
    }
    // The implicit types of the body's type uses (block types, call_indirect) are appended
    // as they appear: text/types.rst "Abbreviations are expanded in the order they appear".
    // Note: the spec interpreter's encoder appends those of one function body last-first (its
    // parser evaluates an instruction list's tail before its head); its binary conversion of
    // the 3.0 suite therefore numbers them differently in a few modules (listed with this
    // reason in spec-tests/baselines/text-vs-spec-bin.json).
    const std::string code = locals_and_body();
    s_.code.entries.u32_(static_cast<u32>(code.size()));
    s_.code.entries.raw(code);
    ++s_.code.count;
  }

  // The locals and the body of a function, up to its `)`, encoded as the code entry's
  // content (without its size).
  std::string locals_and_body() {
    // local ::= (local id? valtype) ; abbreviation (local valtype*)
    std::vector<TypeBytes> locals;
    while (c_.take_field("local")) {
      const Token at = c_.peek();
      if (auto id = c_.take_id()) {
        locals.push_back(valtype(c_, I));
        if (!I.locals.define(id)) c_.fail(at, std::string(msg::duplicate_local) + ": $" + *id);
      } else {
        while (!c_.at(TokKind::rparen)) {
          locals.push_back(valtype(c_, I));
          I.locals.define(std::nullopt);
        }
      }
      c_.expect_rparen();
    }
    Writer body;
    expr(c_, I, body);
    c_.expect_rparen();
    // §5.5.13 code: size, then locals as vec((n, t)): runs of equal types, as the reference
    // interpreter groups them.
    Writer code;
    std::vector<std::pair<u32, const TypeBytes*>> runs;
    for (const TypeBytes& t : locals) {
      if (!runs.empty() && *runs.back().second == t) {
        ++runs.back().first;
      } else {
        runs.emplace_back(1, &t);
      }
    }
    code.u32_(static_cast<u32>(runs.size()));
    for (const auto& [n, t] : runs) {
      code.u32_(n);
      code.raw(*t);
    }
    code.raw(body.bytes());
    return code.bytes();
  }

  // --- §6.4.? Limits, table types, memory types, global types ------------------------------

  // The address type of a table or memory type (memory64): `i32` or `i64`.
  bool addrtype() {
    if (!c_.features().memory64) return false;
    if (c_.take_keyword("i64")) return true;
    c_.take_keyword("i32");
    return false;
  }

  // limits ::= n m?  (u64 with memory64; binary flags: 0x01 max, 0x02 shared, 0x04 i64)
  void limits(Writer& out, bool is64, bool memory) {
    const bool wide = c_.features().memory64;
    const u64 min = wide ? c_.take_u64() : limit32();
    std::optional<u64> max;
    if (c_.at(TokKind::number)) max = wide ? c_.take_u64() : limit32();
    const bool shared = memory && c_.features().threads && c_.take_keyword("shared");
    out.byte(static_cast<u8>((max ? 0x01 : 0) | (shared ? 0x02 : 0) | (is64 ? 0x04 : 0)));
    out.u64_(min);
    if (max) out.u64_(*max);
  }

  // Without memory64 limits are u32; the 2.0 suite names the width of the constant that is
  // out of range ("i32 constant out of range", memory.wast, table.wast).
  u32 limit32() {
    const Token t = c_.peek();
    if (t.kind == TokKind::number && parse_uN(t.text, 32).status == NumStatus::out_of_range) {
      c_.fail(t, msg::i32_constant_out_of_range);
    }
    return c_.take_u32();
  }

  // tabletype ::= addrtype? limits reftype  binary: reftype limits
  RefTypeText tabletype(Writer& out, u32 index) {
    (void)index;
    const bool is64 = addrtype();
    Writer lim;
    limits(lim, is64, /*memory=*/false);
    const RefTypeText rt = reftype(c_, I);
    out.raw(encode_reftype(rt));
    out.raw(lim.bytes());
    return rt;
  }

  // memtype ::= addrtype? limits
  void memtype(Writer& out) { limits(out, addrtype(), /*memory=*/true); }

  // globaltype ::= valtype | (mut valtype)   binary: valtype mut
  void globaltype(Writer& out) {
    if (c_.take_field("mut")) {
      out.raw(valtype(c_, I));
      c_.expect_rparen();
      out.byte(0x01);
    } else {
      out.raw(valtype(c_, I));
      out.byte(0x00);
    }
  }

  // A constant expression: instrs up to `)`, then `end`.
  std::string const_expr() {
    reset_locals();
    Writer w;
    expr(c_, I, w);
    return w.bytes();
  }

  // Exactly one folded instruction `(instr ...)` as an expression (the offset and item
  // abbreviations): read by a cursor that ends after it, so instrs cannot run on into the
  // next item.
  std::string one_folded_expr() {
    const size_t begin = c_.mark();
    c_.skip_sexpr();
    const size_t end = c_.mark();
    Lexer sub(c_.lexer().source().substr(0, end));
    sub.reset(begin);
    Cursor sc(sub, c_.features());
    reset_locals();
    Writer w;
    instrs(sc, I, w);
    if (!sc.at(TokKind::eof)) sc.fail_here(msg::unexpected_token);
    w.byte(0x0B);
    return w.bytes();
  }

  // --- §6.6.7 Tables -----------------------------------------------------------------------

  void table() {
    c_.take_id();
    const u32 index = tables_++;
    inline_exports(0x01, index);
    if (inline_import()) {
      s_.import.entries.byte(0x01);
      tabletype(s_.import.entries, index);
      c_.expect_rparen();
      return;
    }
    const bool is64 = addrtype();
    if (!c_.at(TokKind::number)) {
      // Abbreviation: `(table at? reftype (elem ...))` is a table of exactly the segment's
      // size with an active segment at offset 0.
      const RefTypeText rt = reftype(c_, I);
      if (!c_.take_field("elem")) c_.fail_here(msg::unexpected_token);
      std::vector<std::string> items;
      if (c_.at(TokKind::lparen)) {
        while (c_.at(TokKind::lparen)) items.push_back(elemexpr());
      } else {
        while (c_.at(TokKind::id) || c_.at(TokKind::number)) items.push_back(ref_func_expr());
      }
      c_.expect_rparen();
      c_.expect_rparen();
      const u64 n = items.size();
      Writer& t = s_.table.entries;
      t.raw(encode_reftype(rt));
      t.byte(static_cast<u8>(0x01 | (is64 ? 0x04 : 0)));
      t.u64_(n);
      t.u64_(n);
      ++s_.table.count;
      Writer offset;
      offset.byte(is64 ? 0x42 : 0x41);
      offset.byte(0x00);
      offset.byte(0x0B);
      encode_elem(Mode::active, index, offset.bytes(), rt, items);
      return;
    }
    Writer lim;
    limits(lim, is64, /*memory=*/false);
    const RefTypeText rt = reftype(c_, I);
    Writer tt;
    tt.raw(encode_reftype(rt));
    tt.raw(lim.bytes());
    // 3.0: `(table tabletype expr)`; without expr the initializer is `ref.null ht`. The
    // reference interpreter uses the 0x40 0x00 form only for an initializer other than that.
    std::string init;
    if (!c_.at(TokKind::rparen)) init = const_expr();
    c_.expect_rparen();
    const std::string default_init = std::string(1, '\xD0') + rt.heap + std::string(1, '\x0B');
    if (!init.empty() && init != default_init) {
      s_.table.entries.byte(0x40);
      s_.table.entries.byte(0x00);
      s_.table.entries.raw(tt.bytes());
      s_.table.entries.raw(init);
    } else {
      s_.table.entries.raw(tt.bytes());
    }
    ++s_.table.count;
  }

  // --- §6.6.8 Memories ---------------------------------------------------------------------

  void memory() {
    c_.take_id();
    const u32 index = mems_++;
    inline_exports(0x02, index);
    if (inline_import()) {
      s_.import.entries.byte(0x02);
      memtype(s_.import.entries);
      c_.expect_rparen();
      return;
    }
    const bool is64 = addrtype();
    if (c_.take_field("data")) {
      // Abbreviation: `(memory at? (data b*))` is a memory of exactly ceil(|b|/64Ki) pages
      // with an active segment at offset 0.
      std::string bytes;
      while (c_.at(TokKind::string)) bytes += c_.take_string();
      c_.expect_rparen();
      c_.expect_rparen();
      const u64 pages = (u64(bytes.size()) + 65535) / 65536;
      Writer& m = s_.mem.entries;
      m.byte(static_cast<u8>(0x01 | (is64 ? 0x04 : 0)));
      m.u64_(pages);
      m.u64_(pages);
      ++s_.mem.count;
      Writer offset;
      offset.byte(is64 ? 0x42 : 0x41);
      offset.byte(0x00);
      offset.byte(0x0B);
      encode_data(std::optional<u32>(index), offset.bytes(), bytes);
      return;
    }
    limits(s_.mem.entries, is64, /*memory=*/true);
    c_.expect_rparen();
    ++s_.mem.count;
  }

  // --- §6.6.? Tags -------------------------------------------------------------------------

  void tag() {
    c_.take_id();
    const u32 index = tags_++;
    inline_exports(0x04, index);
    Writer* out = &s_.tag.entries;
    if (inline_import()) {
      out = &s_.import.entries;
      out->byte(0x04);
    } else {
      ++s_.tag.count;
    }
    out->byte(0x00);  // binary/modules.rst tag: attribute 0 (exception)
    out->u32_(resolve_typeuse(c_, I, typeuse(c_, I)));
    c_.expect_rparen();
  }

  // --- §6.6.? Globals ----------------------------------------------------------------------

  void global() {
    c_.take_id();
    const u32 index = globals_++;
    inline_exports(0x03, index);
    if (inline_import()) {
      s_.import.entries.byte(0x03);
      globaltype(s_.import.entries);
      c_.expect_rparen();
      return;
    }
    globaltype(s_.global.entries);
    s_.global.entries.raw(const_expr());
    c_.expect_rparen();
    ++s_.global.count;
  }

  // --- §6.6.10 Element segments ----------------------------------------------------------

  enum class Mode : u8 { passive, active, declarative };

  // elemexpr ::= (item expr) | instr  (abbreviation: one folded instruction)
  std::string elemexpr() {
    if (c_.take_field("item")) {
      std::string e = const_expr();
      c_.expect_rparen();
      return e;
    }
    return one_folded_expr();
  }

  // A function index of the `func x*` forms, as the expression `ref.func x`.
  std::string ref_func_expr() {
    Writer w;
    w.byte(0xD2);
    w.u32_(I.index(c_, I.funcs, msg::unknown_function));
    w.byte(0x0B);
    return w.bytes();
  }

  // offset ::= (offset expr) | instr (abbreviation)
  std::string offset() {
    if (c_.take_field("offset")) {
      std::string e = const_expr();
      c_.expect_rparen();
      return e;
    }
    if (!c_.at(TokKind::lparen)) c_.fail_here(msg::unexpected_token);
    return one_folded_expr();
  }

  void elem() {
    c_.take_id();
    Mode mode = Mode::passive;
    u32 table = 0;
    std::string off;
    bool offset_abbrev = false;  // `(elem offset x*)`: the legacy function-index list
    if (c_.take_keyword("declare")) {
      mode = Mode::declarative;
    } else if (c_.take_field("table")) {
      table = I.index(c_, I.tables, msg::unknown_table);
      c_.expect_rparen();
      mode = Mode::active;
      off = offset();
    } else if (c_.at(TokKind::lparen) && !c_.at_field("ref")) {
      mode = Mode::active;
      off = offset();
      offset_abbrev = true;
    }
    // elemlist ::= reftype elemexpr* | `func` funcidx* (abbreviation, type (ref func))
    RefTypeText rt{false, std::string(1, '\x70')};
    std::vector<std::string> items;
    if (c_.take_keyword("func") ||
        (offset_abbrev && (c_.at(TokKind::id) || c_.at(TokKind::number) || c_.at(TokKind::rparen)))) {
      while (c_.at(TokKind::id) || c_.at(TokKind::number)) items.push_back(ref_func_expr());
    } else {
      rt = reftype(c_, I);
      while (c_.at(TokKind::lparen)) items.push_back(elemexpr());
    }
    c_.expect_rparen();
    encode_elem(mode, table, off, rt, items);
  }

  // binary/modules.rst "Element Section", with the reference interpreter's choice of flags:
  // the function-index forms (0-3) when the type is (ref func) and every item is a ref.func,
  // else the expression forms (4-7); 0 and 4 for table 0 (4 only for funcref).
  void encode_elem(Mode mode, u32 table, const std::string& off, const RefTypeText& rt,
                   const std::vector<std::string>& items) {
    Writer& out = s_.elem.entries;
    ++s_.elem.count;
    const bool elem_kind = !rt.nullable && rt.heap == std::string(1, '\x70');
    bool all_indices = true;
    for (const std::string& e : items) all_indices = all_indices && single_ref_func(e).has_value();
    if (elem_kind && all_indices) {
      switch (mode) {
        case Mode::passive: out.byte(0x01), out.byte(0x00); break;
        case Mode::active:
          if (table == 0) {
            out.byte(0x00), out.raw(off);
          } else {
            out.byte(0x02), out.u32_(table), out.raw(off), out.byte(0x00);
          }
          break;
        case Mode::declarative: out.byte(0x03), out.byte(0x00); break;
      }
      out.u32_(static_cast<u32>(items.size()));
      for (const std::string& e : items) out.u32_(*single_ref_func(e));
      return;
    }
    const bool funcref = rt.nullable && rt.heap == std::string(1, '\x70');
    switch (mode) {
      case Mode::passive: out.byte(0x05), out.raw(encode_reftype(rt)); break;
      case Mode::active:
        if (table == 0 && funcref) {
          out.byte(0x04), out.raw(off);
        } else {
          out.byte(0x06), out.u32_(table), out.raw(off), out.raw(encode_reftype(rt));
        }
        break;
      case Mode::declarative: out.byte(0x07), out.raw(encode_reftype(rt)); break;
    }
    out.u32_(static_cast<u32>(items.size()));
    for (const std::string& e : items) out.raw(e);
  }

  // --- §6.6.11 Data segments -------------------------------------------------------------

  void data() {
    c_.take_id();
    std::optional<u32> mem;
    std::string off;
    if (c_.take_field("memory")) {
      mem = I.index(c_, I.mems, msg::unknown_memory);
      c_.expect_rparen();
      off = offset();
    } else if (c_.at(TokKind::lparen)) {
      mem = 0;
      off = offset();
    }
    std::string bytes;
    while (c_.at(TokKind::string)) bytes += c_.take_string();
    c_.expect_rparen();
    encode_data(mem, off, bytes);
  }

  // binary/modules.rst "Data Section": 0 active memory 0, 1 passive, 2 active memory x.
  void encode_data(std::optional<u32> mem, const std::string& off, const std::string& bytes) {
    Writer& out = s_.data.entries;
    ++s_.data.count;
    if (!mem) {
      out.byte(0x01);
    } else if (*mem == 0) {
      out.byte(0x00), out.raw(off);
    } else {
      out.byte(0x02), out.u32_(*mem), out.raw(off);
    }
    out.u32_(static_cast<u32>(bytes.size()));
    out.raw(bytes);
  }

  // ==========================================================================================
  // The binary module
  // ==========================================================================================

  std::string encode() {
    // The implicit function types (text/modules.rst "Type Uses"), after the explicit ones.
    for (size_t i = I.explicit_types; i < I.typedefs.size(); ++i) {
      const FuncSig& sig = I.typedefs[i].sig;
      Writer& t = s_.type.entries;
      t.byte(0x60);
      t.u32_(static_cast<u32>(sig.params.size()));
      for (const TypeBytes& p : sig.params) t.raw(p);
      t.u32_(static_cast<u32>(sig.results.size()));
      for (const TypeBytes& r : sig.results) t.raw(r);
      ++s_.type.count;
    }
    Writer out;
    out.raw(std::string_view("\0asm\1\0\0\0", 8));
    section(out, 1, s_.type);
    section(out, 2, s_.import);
    section(out, 3, s_.func);
    section(out, 4, s_.table);
    section(out, 5, s_.mem);
    section(out, 13, s_.tag);
    section(out, 6, s_.global);
    section(out, 7, s_.exprt);
    if (s_.start) {
      Writer b;
      b.u32_(*s_.start);
      out.byte(8);
      out.u32_(static_cast<u32>(b.size()));
      out.raw(b.bytes());
    }
    section(out, 9, s_.elem);
    if (I.data_index_used) {
      Writer b;
      b.u32_(s_.data.count);
      out.byte(12);
      out.u32_(static_cast<u32>(b.size()));
      out.raw(b.bytes());
    }
    section(out, 10, s_.code);
    section(out, 11, s_.data);
    return out.bytes();
  }

  Cursor& c_;
  Context I;
  Sections s_;
  u32 funcs_ = 0, tables_ = 0, mems_ = 0, globals_ = 0, tags_ = 0;
  bool single_plain_ = false;
  std::optional<DefKind> last_def_;
  bool reported_for_last_ = false;
  std::optional<std::pair<DefKind, Token>> order_error_;
};

}  // namespace

// §6.6.14 modulefield*: the fields up to the `)` closing the module or the end of input.
std::string module_fields(Cursor& c) {
  ModuleReader reader(c);
  return reader.read();
}

}  // namespace wasmref::text
