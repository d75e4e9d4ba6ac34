// Test helpers for valid/*_test.cc: hand-built modules in the decoded form of syntax/module.h
#pragma once

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "syntax/module.h"

namespace wasmref::test {

inline Instr op(Op o) {
  Instr i;
  i.op = o;
  return i;
}
// Instructions with index immediates (x, and y where the immediate has two).
inline Instr op(Op o, u32 x, u32 y = 0) {
  Instr i = op(o);
  i.x = x;
  i.y = y;
  return i;
}
inline Instr i32c(u32 v) {
  Instr i = op(Op::i32_const);
  i.bits = v;
  return i;
}
inline Instr i64c(u64 v) {
  Instr i = op(Op::i64_const);
  i.bits = v;
  return i;
}
inline Instr f32c() { return op(Op::f32_const); }
inline Instr f64c() { return op(Op::f64_const); }
inline Instr ref_null(ValType t) {
  Instr i = op(Op::ref_null);
  i.ref_type = t;
  return i;
}
inline Instr select_t(ValType t, u32 count = 1) {
  Instr i = op(Op::select_t);
  i.x = count;  // the length of the decoded vec(valtype)
  i.ref_type = t;
  return i;
}
// A memarg instruction: x = align, y = memidx, bits = offset (syntax/instructions.h).
inline Instr mem(Op o, u32 align, u64 offset = 0, u32 memidx = 0) {
  Instr in = op(o, align, memidx);
  in.bits = offset;
  return in;
}

// Core 3.0 types: (ref null? x) for type index x, a struct subtype (final unless said, with
// supertype indices), and an unpacked field.
inline ValType ref_idx(u32 x, bool nullable) { return ValType::ref(HeapType::idx(x), nullable); }
inline SubType struct_type(std::vector<FieldType> fields, bool final = true,
                           std::vector<u32> supers = {}) {
  SubType st;
  st.final = final;
  st.comp.kind = CompType::Kind::struct_;
  st.comp.fields = std::move(fields);
  for (u32 s : supers) st.supers.push_back(HeapType::idx(s));
  return st;
}
inline FieldType field(ValType t, Mut m = Mut::const_) {
  return FieldType{m, StorageType{t, Packed::none}};
}

inline BlockType bt_empty() { return BlockType{}; }
inline BlockType bt_val(ValType t) {
  BlockType bt;
  bt.kind = BlockType::Kind::val;
  bt.val = t;
  return bt;
}
inline BlockType bt_type(u32 x) {
  BlockType bt;
  bt.kind = BlockType::Kind::type;
  bt.type = TypeIdx(x);
  return bt;
}
// block / loop / if with a block type.
inline Instr blk(Op o, BlockType bt = {}) {
  Instr i = op(o);
  i.block_type = bt;
  return i;
}
// br_table whose labels are func.br_table_labels[x .. x+y).
inline Instr br_table(u32 x, u32 y) { return op(Op::br_table, x, y); }
// Core 3.0 try_table whose clauses are func.catches[first .. first+count).
inline Instr try_table(BlockType bt, u32 first, u32 count) {
  Instr i = blk(Op::try_table, bt);
  i.x = first;
  i.y = count;
  return i;
}
// try_table clauses as the decoder stores them (syntax/instructions.h CatchClause).
inline CatchClause catch_clause(u32 tag, u32 label) {
  return CatchClause{CatchClause::Kind::catch_, tag, label};
}
inline CatchClause catch_ref_clause(u32 tag, u32 label) {
  return CatchClause{CatchClause::Kind::catch_ref, tag, label};
}
inline CatchClause catch_all_clause(u32 label) {
  return CatchClause{CatchClause::Kind::catch_all, 0, label};
}
inline CatchClause catch_all_ref_clause(u32 label) {
  return CatchClause{CatchClause::Kind::catch_all_ref, 0, label};
}

struct ModuleBuilder {
  Module m;

  u32 type(ResultType params, ResultType results) {
    m.types.push_back(FuncType{std::move(params), std::move(results)});
    return static_cast<u32>(m.types.size() - 1);
  }
  // A defined function with a new type; returns its index in the function index space.
  u32 func(ResultType params, ResultType results, Expr body, std::vector<ValType> locals = {},
           std::vector<u32> br_table_labels = {}) {
    Func f;
    f.type = TypeIdx(type(std::move(params), std::move(results)));
    f.locals = std::move(locals);
    f.body = std::move(body);
    f.br_table_labels = std::move(br_table_labels);
    m.funcs.push_back(std::move(f));
    return imported_funcs() + static_cast<u32>(m.funcs.size() - 1);
  }
  u32 imported_funcs() const {
    u32 n = 0;
    for (const Import& im : m.imports) n += (im.kind == ExternKind::func);
    return n;
  }
  void import_func(TypeIdx t) {
    Import im{"m", "f", ExternKind::func};
    im.func = t;
    m.imports.push_back(im);
  }
  // Core 3.0: a defined tag of a new type [params] -> [results]; returns its index among the
  // defined tags (the tag index when no tag is imported).
  u32 tag(ResultType params, ResultType results = {}) {
    m.tags.push_back(Tag{TypeIdx(type(std::move(params), std::move(results)))});
    return static_cast<u32>(m.tags.size() - 1);
  }
  void import_tag(TypeIdx t) {
    Import im{"m", "t", ExternKind::tag};
    im.tag = t;
    m.imports.push_back(im);
  }
  void import_global(ValType t, Mut mut) {
    Import im{"m", "g", ExternKind::global};
    im.global = GlobalType{mut, t};
    m.imports.push_back(im);
  }
  void import_mem(u32 min) {
    Import im{"m", "mem", ExternKind::mem};
    im.mem = MemType{Limits{min, std::nullopt}};
    m.imports.push_back(im);
  }
  void table(u64 min, ValType elem = ValType::funcref, std::optional<u64> max = std::nullopt,
             AddrType at = AddrType::i32) {
    m.tables.push_back(Table{TableType{Limits{min, max}, elem, at}});
  }
  void memory(u64 min, std::optional<u64> max = std::nullopt, AddrType at = AddrType::i32) {
    m.mems.push_back(Mem{MemType{Limits{min, max}, at}});
  }
  void global(ValType t, Mut mut, Expr init) {
    m.globals.push_back(Global{GlobalType{mut, t}, std::move(init)});
  }
  void exp(std::string name, ExternKind kind, u32 index) {
    m.exports.push_back(Export{std::move(name), kind, index});
  }
};

}  // namespace wasmref::test
