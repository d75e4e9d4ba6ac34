// Core 2.0 §3.2 Types and §3.4 Modules (valid/types.rst, valid/modules.rst), and §3.3.10 Constant expressions
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "syntax/messages.h"
#include "valid/context.h"
#include "valid/matching.h"
#include "valid/validate.h"

namespace wasmref {
namespace {

using valid::Context;
using valid::unknown;

Error invalid(std::string text) { return make_error(Outcome::invalid, std::move(text)); }

// ============================================================================================
// §3.2 Types
// ============================================================================================

// §3.2.1 Limits: {min n, max m?} is valid within range k when n <= k, m <= k and n <= m.
// `too_large` is the message for the range check (it differs between tables and memories).
Result<void> validate_limits(const Limits& limits, u64 k, const char* too_large) {
  if (limits.min > k) return invalid(too_large);
  if (limits.max) {
    if (*limits.max > k) return invalid(too_large);
    if (limits.min > *limits.max) return invalid(msg::size_minimum_greater_than_maximum);
  }
  return {};
}

// §3.2.4 Table types: limits valid within range 2^32 - 1; core 3.0: 2^64 - 1 for an i64 table
// (always true of a u64; the check is kept so the rule reads like the spec).
Result<void> validate_tabletype(const TableType& tt) {
  if (tt.addr == AddrType::i64)
    return validate_limits(tt.limits, ~u64{0}, msg::table64_size_too_large);
  return validate_limits(tt.limits, u64{0xFFFFFFFF}, msg::table_size_too_large);
}

// §3.2.5 Memory types: limits valid within range 2^16 pages; core 3.0: 2^48 pages for an i64
// memory.
Result<void> validate_memtype(const MemType& mt) {
  if (mt.addr == AddrType::i64)
    return validate_limits(mt.limits, u64{1} << 48, msg::memory64_size_too_large);
  return validate_limits(mt.limits, u64{1} << 16, msg::memory_size_too_large);
}

// Core 3.0 valid/types.rst: a value type is valid when its heap type is, and a concrete heap
// type x is valid when C.types[x] exists. (2.0's value types are always valid.)
Result<void> validate_valtype(const Context& C, ValType t) {
  if (t.is_ref() && t.heap_kind == HeapType::Kind::idx && t.heap_index >= C.types->size()) {
    return invalid(unknown(msg::unknown_type, t.heap_index));
  }
  return {};
}

// §3.2.6 Global types: the value type is valid.
Result<void> validate_globaltype(const Context& C, const GlobalType& gt) { return validate_valtype(C, gt.type); }

// Core 3.0 valid/types.rst "Recursive types" / "Sub types", for type index x of the module:
// the composite type is valid (its value types name types that exist: canonicalize checked
// that each names a type of its own rec group or before it), there is at most one declared
// supertype y, y < x (also checked by canonicalize), C.types[y] is not final, and the
// composite type matches y's.
Result<void> validate_subtype(const Context& C, u32 x) {
  const SubType& st = C.type(x);
  if (st.is_func() && !C.features.multi_value && st.func().results.size() > 1) {
    return invalid(msg::invalid_result_arity);
  }
  if (st.supers.size() > 1) return invalid(std::string(msg::sub_type) + ": more than one supertype");
  if (st.supers.empty()) return {};
  const TypeRegistry& reg = TypeRegistry::global();
  const DefType& self = reg.def(C.type_ids[x]);
  if (!self.super) return make_error(Outcome::crash, std::string(msg::internal_error) + ": supertype not closed");
  const DefType& super = reg.def(*self.super);
  if (super.sub.final) return invalid(std::string(msg::sub_type) + ": the supertype is final");
  if (!comp_matches(self.sub.comp, super.sub.comp)) {
    return invalid(std::string(msg::sub_type) + ": type " + std::to_string(x) + " does not match its supertype");
  }
  return {};
}

// ============================================================================================
// §3.3.10 Constant expressions
// ============================================================================================

// "expr is constant": every instruction (the final end aside) is t.const (v128.const included:
// t ranges over numeric and vector types), ref.null, ref.func, or global.get x with
// C.globals[x] = const t; core 3.0 (extended_const, Instr_const/binop) adds t.binop for t in
// {i32, i64} and binop in {add, sub, mul}. `visible_globals` is |C.globals| of the context
// the expression is validated under (the prefix of our C.globals it sees): the imported
// globals under 2.0's C' (§3.4.10); see validate_module_parts for 3.0.
Result<void> validate_constant(const Context& C, const Expr& expr, size_t visible_globals) {
  const size_t n = (!expr.empty() && expr.back().op == Op::end) ? expr.size() - 1 : expr.size();
  if (visible_globals > C.globals.size()) visible_globals = C.globals.size();
  for (size_t i = 0; i < n; ++i) {
    const Instr& instr = expr[i];
    switch (instr.op) {
      case Op::i32_const:
      case Op::i64_const:
      case Op::f32_const:
      case Op::f64_const:
      case Op::v128_const:
      case Op::ref_null:
      case Op::ref_func:
        break;
      case Op::i32_add:
      case Op::i32_sub:
      case Op::i32_mul:
      case Op::i64_add:
      case Op::i64_sub:
      case Op::i64_mul:
        if (!C.features.extended_const) return invalid(msg::constant_expression_required);
        break;
      // Core 3.0 (GC): ref.i31, struct.new(_default), array.new(_default/_fixed),
      // any.convert_extern and extern.convert_any are constant.
      case Op::ref_i31:
      case Op::struct_new:
      case Op::struct_new_default:
      case Op::array_new:
      case Op::array_new_default:
      case Op::array_new_fixed:
      case Op::any_convert_extern:
      case Op::extern_convert_any:
        if (!C.features.gc) return invalid(msg::constant_expression_required);
        break;
      case Op::global_get:
        if (instr.x >= visible_globals) return invalid(unknown(msg::unknown_global, instr.x));
        if (C.globals[instr.x].mut != Mut::const_) return invalid(msg::constant_expression_required);
        break;
      default:
        return invalid(msg::constant_expression_required);
    }
  }
  return {};
}

// §3.3.10 + §3.3.9 Expressions: a constant `expr` valid with result type [t]: constant (above),
// then typed by the code validator as a body of type [] -> [t] (which sees C; the constant
// check limited global.get to the visible globals).
Result<void> validate_const_expr(const Context& C, const Expr& expr, ValType t,
                                 size_t visible_globals) {
  if (auto r = validate_constant(C, expr, visible_globals); !r) return r;
  if (expr.empty() || expr.back().op != Op::end) {
    return make_error(Outcome::crash, std::string(msg::internal_error) + ": constant expression without end");
  }
  return valid::validate_expr(C, expr, t);
}

// Core 3.0's visibility of defined globals in constant expressions (below) came with the
// extended-const and the GC proposals; 2.0 sees imported globals only.
bool sees_defined_globals(const Features& f) { return f.extended_const || f.gc; }

// The globals the constant expressions of element and data segments see: core 3.0
// (valid/modules.rst Module_ok) validates segments under C, so every global; 2.0 under C',
// the imported ones.
Result<void> validate_const_expr(const Context& C, const Expr& expr, ValType t) {
  const size_t visible = sees_defined_globals(C.features) ? C.globals.size() : C.imported_globals;
  return validate_const_expr(C, expr, t, visible);
}

// ============================================================================================
// §3.4 Modules
// ============================================================================================

// §3.4.10 x* = funcidx(module with funcs = ε, start = ε): the functions referenced outside
// function bodies, by ref.func in any constant expression, and by exports.
void collect_refs(const Module& module, Context& C) {
  C.refs.assign(C.funcs.size(), false);
  auto mark_expr = [&C](const Expr& expr) {
    for (const Instr& instr : expr) {
      if (instr.op == Op::ref_func && instr.x < C.refs.size()) C.refs[instr.x] = true;
    }
  };
  for (const Global& g : module.globals) mark_expr(g.init);
  for (const Table& t : module.tables) mark_expr(t.init);  // core 3.0 table initializers
  for (const Elem& e : module.elems) {
    for (const Expr& init : e.init) mark_expr(init);
    mark_expr(e.offset);
  }
  for (const Data& d : module.datas) mark_expr(d.offset);
  for (const Export& ex : module.exports) {
    if (ex.kind == ExternKind::func && ex.index < C.refs.size()) C.refs[ex.index] = true;
  }
}

// The first part of §3.4.10: build C from the types of the imports and definitions. Only
// type indices are checked here (C.funcs must be resolvable before any body is validated).
Result<void> build_context(const Module& module, const Features& features, Context& C) {
  C.types = &module.types;
  C.type_ids = module.type_ids;
  // C.funcs and C.tags name function types.
  auto func_type_ok = [&module](TypeIdx x) -> Result<void> {
    if (x.value >= module.types.size()) return invalid(unknown(msg::unknown_type, x.value));
    if (!module.types[x.value].is_func()) {
      return invalid(std::string(msg::type_mismatch) + ": type " + std::to_string(x.value) +
                     " is not a function type");
    }
    return {};
  };
  C.v128_immediates = &module.v128_immediates;
  C.features = features;
  for (const Import& im : module.imports) {
    switch (im.kind) {
      case ExternKind::func:  // §3.4.9 func x: C.types[x] exists (3.0: a function type)
        if (auto r = func_type_ok(im.func); !r) return r;
        C.funcs.push_back(im.func);
        break;
      case ExternKind::table: C.tables.push_back(im.table); break;
      case ExternKind::mem: C.mems.push_back(im.mem); break;
      case ExternKind::global: C.globals.push_back(im.global); break;
      case ExternKind::tag:  // core 3.0 tag x: C.types[x] exists (its type is checked below)
        if (auto r = func_type_ok(im.tag); !r) return r;
        C.tags.push_back(im.tag);
        break;
      default: return make_error(Outcome::crash, std::string(msg::internal_error) + ": import kind");
    }
  }
  C.imported_globals = C.globals.size();
  for (const Func& f : module.funcs) {  // §3.4.1: C.types[x] exists
    if (auto r = func_type_ok(f.type); !r) return r;
    C.funcs.push_back(f.type);
  }
  for (const Table& t : module.tables) C.tables.push_back(t.type);
  for (const Mem& m : module.mems) C.mems.push_back(m.type);
  for (const Tag& t : module.tags) {  // core 3.0: C.types[x] exists
    if (auto r = func_type_ok(t.type); !r) return r;
    C.tags.push_back(t.type);
  }
  for (const Global& g : module.globals) C.globals.push_back(g.type);
  for (const Elem& e : module.elems) C.elems.push_back(e.type);
  C.datas = module.datas.size();
  collect_refs(module, C);
  return {};
}

// §3.4.7 Element segments: every init expression constant of type t; active: C.tables[x]
// exists with element type t and the offset is a constant i32 expression.
Result<void> validate_elem(const Context& C, const Elem& elem) {
  if (!is_ref(elem.type)) return invalid(msg::type_mismatch);
  if (auto r = validate_valtype(C, elem.type); !r) return r;
  for (const Expr& e : elem.init) {
    if (auto r = validate_const_expr(C, e, elem.type); !r) return r;
  }
  if (elem.mode == Elem::Mode::active) {
    if (elem.table.value >= C.tables.size()) {
      return invalid(unknown(msg::unknown_table, elem.table.value));
    }
    // 3.0: the segment's type matches the table's element type.
    if (!val_matches(elem.type, C.tables[elem.table.value].elem, C.type_ids)) return invalid(msg::type_mismatch);
    // 3.0: the offset is of the table's address type.
    const ValType at = addr_valtype(C.tables[elem.table.value].addr);
    if (auto r = validate_const_expr(C, elem.offset, at); !r) return r;
  }
  return {};
}

// §3.4.8 Data segments: active: C.mems[x] exists and the offset is a constant i32 (3.0: at)
// expression.
Result<void> validate_data(const Context& C, const Data& data) {
  if (data.mode == Data::Mode::active) {
    if (data.memory.value >= C.mems.size()) {
      return invalid(unknown(msg::unknown_memory, data.memory.value));
    }
    // 3.0: the offset is of the memory's address type.
    const ValType at = addr_valtype(C.mems[data.memory.value].addr);
    if (auto r = validate_const_expr(C, data.offset, at); !r) return r;
  }
  return {};
}

// §3.4.9 Start function: C.funcs[x] = [] -> [].
Result<void> validate_start(const Context& C, const Start& start) {
  if (start.func.value >= C.funcs.size()) {
    return invalid(unknown(msg::unknown_function, start.func.value));
  }
  const FuncType& ft = C.func_type(start.func);
  if (!ft.params.empty() || !ft.results.empty()) return invalid(msg::start_function);
  return {};
}

// §3.4.11 Exports: the exported index exists in its index space.
Result<void> validate_export(const Context& C, const Export& ex) {
  switch (ex.kind) {
    case ExternKind::func:
      if (ex.index >= C.funcs.size()) return invalid(unknown(msg::unknown_function, ex.index));
      return {};
    case ExternKind::table:
      if (ex.index >= C.tables.size()) return invalid(unknown(msg::unknown_table, ex.index));
      return {};
    case ExternKind::mem:
      if (ex.index >= C.mems.size()) return invalid(unknown(msg::unknown_memory, ex.index));
      return {};
    case ExternKind::global:
      if (ex.index >= C.globals.size()) return invalid(unknown(msg::unknown_global, ex.index));
      return {};
    case ExternKind::tag:
      if (ex.index >= C.tags.size()) return invalid(unknown(msg::unknown_tag, ex.index));
      return {};
  }
  return make_error(Outcome::crash, std::string(msg::internal_error) + ": export kind");
}

Result<void> validate_module_parts(Module& module, const Features& features) {
  // Core 3.0 valid/modules.rst: the rec groups of the type section, in order, each under the
  // types before it and itself; closing them gives each type index its canonical id.
  {
    Result<std::vector<u32>> ids = TypeRegistry::global().canonicalize(module.types);
    if (!ids) return ids.take_error();
    module.type_ids = std::move(*ids);
  }
  Context C;
  if (auto r = build_context(module, features, C); !r) return r;
  for (u32 x = 0; x < module.types.size(); ++x) {
    if (auto r = validate_subtype(C, x); !r) return r;
  }

  // C' = C with globals = the imported globals only: tables, memories, globals, element and
  // data segments are validated under it. Here C' is C plus `imported_globals`, which the
  // constant-expression rules respect.
  const Context& C_prime = C;

  // §3.4.9 Imports: the external types are valid.
  for (const Import& im : module.imports) {
    if (im.kind == ExternKind::table) {
      if (auto r = validate_valtype(C, im.table.elem); !r) return r;
      if (auto r = validate_tabletype(im.table); !r) return r;
    } else if (im.kind == ExternKind::global) {
      if (auto r = validate_globaltype(C, im.global); !r) return r;
    } else if (im.kind == ExternKind::mem) {
      if (auto r = validate_memtype(im.mem); !r) return r;
    }
  }
  // Core 3.0 valid/modules.rst Tags (imported and defined): the tag type [t*] -> [] has no
  // results.
  for (const TypeIdx x : C.tags) {
    if (!C.type(x.value).func().results.empty()) return invalid(msg::non_empty_tag_result);
  }
  // §3.4.2 Tables; core 3.0 (valid/modules.rst Table_ok): the table type is valid and the
  // initializer expression is constant of the element type, which must be defaultable when
  // there is none (the implicit ref.null: a non-nullable table needs an initializer).
  for (size_t j = 0; j < module.tables.size(); ++j) {
    const Table& t = module.tables[j];
    if (auto r = validate_valtype(C, t.type.elem); !r) return r;
    if (auto r = validate_tabletype(t.type); !r) return r;
    if (t.init.empty()) {
      if (!t.type.elem.nullable()) return invalid(std::string(msg::type_mismatch) + ": a table of a non-nullable type without an initializer");
    } else {
      // Under C' (Module_ok): the imported globals only (tables come before the globals).
      if (auto r = validate_const_expr(C, t.init, t.type.elem, C.imported_globals); !r) return r;
    }
  }
  // §3.4.3 Memories.
  for (const Mem& m : module.mems) {
    if (auto r = validate_memtype(m.type); !r) return r;
  }
  // §3.4.10: |C.mems| <= 1 (lifted by multi-memory); 1.0 without reference types: one table.
  if (!features.multi_memory && C.mems.size() > 1) return invalid(msg::multiple_memories);
  if (!features.reference_types && C.tables.size() > 1) return invalid(msg::multiple_tables);
  // §3.4.4 Globals: the init expression is constant with the global's value type, under C'
  // (2.0: the imported globals). Core 3.0 (valid/modules.rst Globals_ok, with
  // extended_const or GC) validates the sequence incrementally: global j also sees the
  // globals defined before it.
  for (size_t j = 0; j < module.globals.size(); ++j) {
    const Global& g = module.globals[j];
    if (auto r = validate_globaltype(C, g.type); !r) return r;
    const size_t visible = C.imported_globals + (sees_defined_globals(features) ? j : 0);
    if (auto r = validate_const_expr(C_prime, g.init, g.type.type, visible); !r) return r;
  }
  // §3.4.7, §3.4.8 Element and data segments.
  for (const Elem& e : module.elems) {
    if (auto r = validate_elem(C_prime, e); !r) return r;
  }
  for (const Data& d : module.datas) {
    if (auto r = validate_data(C_prime, d); !r) return r;
  }
  // §3.4.1 Functions, under C.
  const u32 imported_funcs = static_cast<u32>(C.funcs.size() - module.funcs.size());
  for (size_t i = 0; i < module.funcs.size(); ++i) {
    Func& f = module.funcs[i];
    const FuncType& ft = C.type(f.type.value).func();
    const FuncIdx x(imported_funcs + static_cast<u32>(i));
    for (ValType t : f.locals) {
      if (auto r = validate_valtype(C, t); !r) return r;
    }
    if (auto r = valid::validate_func(C, f, ft, x); !r) return r;
  }
  // §3.4.9 Start.
  if (module.start) {
    if (auto r = validate_start(C, *module.start); !r) return r;
  }
  // §3.4.11 Exports, and §3.4.10: all export names are different.
  std::set<std::string_view> names;
  for (const Export& ex : module.exports) {
    if (auto r = validate_export(C, ex); !r) return r;
    if (!names.insert(ex.name).second) return invalid(msg::duplicate_export_name);
  }
  return {};
}

}  // namespace

Result<void> validate_module(Module& module, const Features& features) {
  module.validated = false;
  if (auto r = validate_module_parts(module, features); !r) return r;
  module.validated = true;
  return {};
}

}  // namespace wasmref
