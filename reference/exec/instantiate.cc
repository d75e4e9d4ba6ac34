// Core 2.0 §4.5 Modules (exec/modules.rst): external typing, import matching, constant
// expressions, module allocation and instantiation
#include "exec/instantiate.h"

#include <algorithm>
#include <new>
#include <string>
#include <utility>

#include "exec/machine.h"
#include "exec/numerics.h"
#include "syntax/messages.h"
#include "valid/matching.h"

namespace wasmref {

namespace {

Error crash(const char* what) {
  return make_error(Outcome::crash, std::string(msg::internal_error) + ": " + what);
}
Error link_error(const std::string& detail) {
  return make_error(Outcome::link_error, std::string(msg::incompatible_import_type) + ": " + detail);
}

ExternType func_externtype(const FuncType& ft, u32 deftype) {
  ExternType et;
  et.kind = ExternKind::func;
  et.func = ft;
  et.func_def = deftype;
  return et;
}
ExternType table_externtype(const TableType& tt) {
  ExternType et;
  et.kind = ExternKind::table;
  et.table = tt;
  return et;
}
ExternType mem_externtype(const MemType& mt) {
  ExternType et;
  et.kind = ExternKind::mem;
  et.mem = mt;
  return et;
}
ExternType global_externtype(const GlobalType& gt) {
  ExternType et;
  et.kind = ExternKind::global;
  et.global = gt;
  return et;
}
ExternType tag_externtype(const FuncType& ft, u32 deftype) {
  ExternType et;
  et.kind = ExternKind::tag;
  et.tag = ft;
  et.tag_def = deftype;
  return et;
}
// The closed extern types of a module's definitions (its type_ids from validation).
ExternType module_func_externtype(const Module& m, TypeIdx x) {
  const u32 def = x.value < m.type_ids.size() ? m.type_ids[x.value] : 0;
  return func_externtype(close(m.types[x.value].func(), m.type_ids), def);
}
ExternType module_tag_externtype(const Module& m, TypeIdx x) {
  ExternType et = module_func_externtype(m, x);
  return tag_externtype(et.func, et.func_def);
}
TableType close(TableType tt, std::span<const u32> ids) {
  tt.elem = close(tt.elem, ids);
  return tt;
}
GlobalType close(GlobalType gt, std::span<const u32> ids) {
  gt.type = close(gt.type, ids);
  return gt;
}

}  // namespace

// ============================================================================================
// §4.5.1 External typing
// ============================================================================================

std::optional<ExternType> externtype_of(const Store& s, const ExternVal& externval) {
  const u32 a = externval.addr;
  switch (externval.kind) {
    case ExternKind::func:  // func a : S.funcs[a].type
      if (a >= s.funcs.size()) return std::nullopt;
      return func_externtype(s.funcs[a].type, s.funcs[a].deftype);
    case ExternKind::table:  // table a : S.tables[a].type
      if (a >= s.tables.size()) return std::nullopt;
      return table_externtype(s.tables[a].type);
    case ExternKind::mem:  // mem a : S.mems[a].type
      if (a >= s.mems.size()) return std::nullopt;
      return mem_externtype(s.mems[a].type);
    case ExternKind::global:  // global a : S.globals[a].type
      if (a >= s.globals.size()) return std::nullopt;
      return global_externtype(s.globals[a].type);
    case ExternKind::tag:  // core 3.0 tag a : S.tags[a].type
      if (a >= s.tags.size()) return std::nullopt;
      return tag_externtype(s.tags[a].type, s.tags[a].deftype);
  }
  return std::nullopt;
}

// ============================================================================================
// §4.5.2 Import subtyping
// ============================================================================================

// {min n1, max m1?} matches {min n2, max m2?} iff n1 >= n2 and either m2? is empty, or both
// maxima are present and m1 <= m2.
bool match_limits(const Limits& l1, const Limits& l2) {
  if (l1.min < l2.min) return false;
  if (!l2.max) return true;
  return l1.max && *l1.max <= *l2.max;
}

bool match_externtype(const ExternType& e1, const ExternType& e2) {
  if (e1.kind != e2.kind) return false;
  switch (e1.kind) {
    // Core 3.0 valid/matching.rst (the types are closed: equal ids are equivalent types):
    case ExternKind::func:  // func dt1 matches func dt2 when dt1 is a subtype of dt2 (2.0: equal)
      return def_matches(e1.func_def, e2.func_def);
    case ExternKind::table:  // same address type, limits match, equivalent reference types
      return e1.table.addr == e2.table.addr && match_limits(e1.table.limits, e2.table.limits) &&
             e1.table.elem == e2.table.elem;
    case ExternKind::mem:  // same address type (3.0), limits match
      return e1.mem.addr == e2.mem.addr && match_limits(e1.mem.limits, e2.mem.limits);
    case ExternKind::global:  // same mutability; const: t1 matches t2; var: equivalent
      if (e1.global.mut != e2.global.mut) return false;
      if (e1.global.mut == Mut::const_) return val_matches(e1.global.type, e2.global.type);
      return e1.global.type == e2.global.type;
    case ExternKind::tag:  // Tag types: equivalent defined types
      return e1.tag_def == e2.tag_def;
  }
  return false;
}

// ============================================================================================
// §3.4.10 The external types of a module's imports and exports
// ============================================================================================

std::optional<ExternType> import_externtype(const Module& m, const Import& im) {
  switch (im.kind) {
    case ExternKind::func:
      if (im.func.value >= m.types.size() || !m.types[im.func.value].is_func()) return std::nullopt;
      return module_func_externtype(m, im.func);
    case ExternKind::table:
      return table_externtype(close(im.table, m.type_ids));
    case ExternKind::mem:
      return mem_externtype(im.mem);
    case ExternKind::global:
      return global_externtype(close(im.global, m.type_ids));
    case ExternKind::tag:
      if (im.tag.value >= m.types.size() || !m.types[im.tag.value].is_func()) return std::nullopt;
      return module_tag_externtype(m, im.tag);
  }
  return std::nullopt;
}

std::optional<ExternType> export_externtype(const Module& m, const Export& ex) {
  // The index spaces: the imports of the kind first, then the module's own definitions.
  u32 i = ex.index;
  for (const Import& im : m.imports) {
    if (im.kind != ex.kind) continue;
    if (i == 0) return import_externtype(m, im);
    --i;
  }
  switch (ex.kind) {
    case ExternKind::func:
      if (i >= m.funcs.size() || m.funcs[i].type.value >= m.types.size() ||
          !m.types[m.funcs[i].type.value].is_func())
        return std::nullopt;
      return module_func_externtype(m, m.funcs[i].type);
    case ExternKind::table:
      if (i >= m.tables.size()) return std::nullopt;
      return table_externtype(close(m.tables[i].type, m.type_ids));
    case ExternKind::mem:
      if (i >= m.mems.size()) return std::nullopt;
      return mem_externtype(m.mems[i].type);
    case ExternKind::global:
      if (i >= m.globals.size()) return std::nullopt;
      return global_externtype(close(m.globals[i].type, m.type_ids));
    case ExternKind::tag:
      if (i >= m.tags.size() || m.tags[i].type.value >= m.types.size() ||
          !m.types[m.tags[i].type.value].is_func())
        return std::nullopt;
      return module_tag_externtype(m, m.tags[i].type);
  }
  return std::nullopt;
}

// ============================================================================================
// §4.4.9 Constant expressions
// ============================================================================================

// Validation (§3.3.10) admits only constant instructions here: t.const, ref.null, ref.func,
// global.get (and, with extended-const, i32/i64 add, sub, mul). Each does what its rule in
// §4.4 does; anything else is a broken invariant. No instruction nests, so a flat loop over
// a small value stack is the whole evaluation.
//
// `defined` are the values of the module's own globals evaluated so far (core 3.0
// exec/modules.rst evalglobals: F_init's module instance gains each global as it is
// evaluated): global.get x past inst.globaladdrs reads defined[x - |inst.globaladdrs|].
namespace {
Result<Value> eval_const_expr_in(Store& s, const ModuleInst& inst,
                                 std::span<const Value> defined, const Expr& expr) {
  const auto gc_exhausted = [] {
    return make_error(Outcome::exhaustion, std::string(msg::implementation_limit) +
                                               ": GC heap of the store exhausted");
  };
  const auto deftype = [&inst](u32 x) -> const DefType* {
    if (x >= inst.types.size()) return nullptr;
    return &TypeRegistry::global().def(inst.types[x]);
  };
  const auto closed = [&inst](ValType t) { return close(t, inst.types); };
  std::vector<Value> stack;
  auto binop = [&](auto op, bool is64) -> bool {
    if (stack.size() < 2) return false;
    const Value c2 = stack.back();
    stack.pop_back();
    const Value c1 = stack.back();
    stack.pop_back();
    stack.push_back(is64 ? Value::i64(op(c1.as_i64(), c2.as_i64()))
                         : Value::i32(static_cast<u32>(op(u64{c1.as_i32()}, u64{c2.as_i32()}))));
    return true;
  };
  for (const Instr& in : expr) {
    switch (in.op) {
      case Op::i32_const:
        stack.push_back(Value::i32(static_cast<u32>(in.bits)));
        break;
      case Op::i64_const:
        stack.push_back(Value::i64(in.bits));
        break;
      case Op::f32_const:
        stack.push_back(Value::f32_bits(static_cast<u32>(in.bits)));
        break;
      case Op::f64_const:
        stack.push_back(Value::f64_bits(in.bits));
        break;
      case Op::ref_null:
        stack.push_back(Value::null(closed(in.ref_type)));
        break;
      // Core 3.0 (GC) constant instructions (exec/instructions.rst).
      case Op::ref_i31: {
        if (stack.empty()) return crash("constant expression stack");
        const u32 v = stack.back().as_i32();
        stack.back() = Value::i31(v);
        break;
      }
      case Op::any_convert_extern:
      case Op::extern_convert_any: {  // the same reference (runtime/value.h), retyped
        if (stack.empty()) return crash("constant expression stack");
        Value& v = stack.back();
        const AbsHeap to = in.op == Op::any_convert_extern ? AbsHeap::any : AbsHeap::extern_;
        v = v.is_null() ? Value::null(ValType::ref(to, true)) : Value{ValType::ref(to, false), v.lo, v.hi};
        break;
      }
      case Op::struct_new:
      case Op::struct_new_default: {
        const DefType* dt = deftype(in.x);
        if (dt == nullptr) return crash("struct.new type in constant expression");
        const std::vector<FieldType>& fields = dt->sub.comp.fields;
        std::vector<Slot> slots(fields.size());
        if (in.op == Op::struct_new) {
          if (stack.size() < fields.size()) return crash("constant expression stack");
          for (size_t i = fields.size(); i-- > 0;) {
            slots[i] = pack_field(fields[i].storage, Slot{stack.back().lo, stack.back().hi});
            stack.pop_back();
          }
        } else {
          for (size_t i = 0; i < fields.size(); ++i) {
            const Value d = Value::default_of(unpack(fields[i].storage));
            slots[i] = Slot{d.lo, d.hi};
          }
        }
        const std::optional<StructAddr> a = allocstruct(s, inst.types[in.x], std::move(slots));
        if (!a) return gc_exhausted();
        stack.push_back(Value::struct_(ValType::ref(HeapType::def(inst.types[in.x]), false), *a));
        break;
      }
      case Op::array_new:
      case Op::array_new_default:
      case Op::array_new_fixed: {
        const DefType* dt = deftype(in.x);
        if (dt == nullptr || dt->sub.comp.fields.size() != 1) return crash("array.new type in constant expression");
        const StorageType& st = dt->sub.comp.fields[0].storage;
        std::vector<Slot> elems;
        if (in.op == Op::array_new_fixed) {
          if (stack.size() < in.y) return crash("constant expression stack");
          elems.resize(in.y);
          for (size_t i = in.y; i-- > 0;) {
            elems[i] = pack_field(st, Slot{stack.back().lo, stack.back().hi});
            stack.pop_back();
          }
        } else {
          if (stack.empty()) return crash("constant expression stack");
          const u32 n = stack.back().as_i32();
          stack.pop_back();
          Slot init{};
          if (in.op == Op::array_new) {
            if (stack.empty()) return crash("constant expression stack");
            init = pack_field(st, Slot{stack.back().lo, stack.back().hi});
            stack.pop_back();
          } else {
            const Value d = Value::default_of(unpack(st));
            init = Slot{d.lo, d.hi};
          }
          const std::optional<ArrayAddr> a = allocarray(s, inst.types[in.x], n, init);
          if (!a) return gc_exhausted();
          stack.push_back(Value::array(ValType::ref(HeapType::def(inst.types[in.x]), false), *a));
          break;
        }
        const std::optional<ArrayAddr> a = allocarray(s, inst.types[in.x], elems.size(), Slot{});
        if (!a) return gc_exhausted();
        s.arrays[a->value].elems = std::move(elems);
        stack.push_back(Value::array(ValType::ref(HeapType::def(inst.types[in.x]), false), *a));
        break;
      }
      case Op::v128_const: {  // the 16 bytes, lane 0 first (little-endian)
        if (!inst.module || in.x >= inst.module->v128_immediates.size())
          return crash("v128.const immediate in constant expression");
        const std::array<u8, 16>& b = inst.module->v128_immediates[in.x];
        u64 lo = 0, hi = 0;
        for (int i = 7; i >= 0; --i) lo = (lo << 8) | b[i];
        for (int i = 15; i >= 8; --i) hi = (hi << 8) | b[i];
        stack.push_back(Value::v128(lo, hi));
        break;
      }
      case Op::ref_func:  // push the reference to F.module.funcaddrs[x]
        if (in.x >= inst.funcaddrs.size()) return crash("ref.func index in constant expression");
        stack.push_back(Value::func(inst.funcaddrs[in.x]));
        break;
      case Op::global_get: {  // push S.globals[F.module.globaladdrs[x]].value
        if (in.x >= inst.globaladdrs.size()) {  // one of the globals evaluated before (3.0)
          const u64 j = u64{in.x} - inst.globaladdrs.size();
          if (j >= defined.size()) return crash("global.get index in constant expression");
          stack.push_back(defined[j]);
          break;
        }
        if (inst.globaladdrs[in.x].value >= s.globals.size())
          return crash("global.get index in constant expression");
        stack.push_back(s.globals[inst.globaladdrs[in.x].value].value);
        break;
      }
      // extended-const: modular arithmetic, computed in 64 bits and wrapped for i32.
      case Op::i32_add:
      case Op::i64_add:
        if (!binop([](u64 a, u64 b) { return num::iadd<u64>(a, b); }, in.op == Op::i64_add))
          return crash("constant expression stack");
        break;
      case Op::i32_sub:
      case Op::i64_sub:
        if (!binop([](u64 a, u64 b) { return num::isub<u64>(a, b); }, in.op == Op::i64_sub))
          return crash("constant expression stack");
        break;
      case Op::i32_mul:
      case Op::i64_mul:
        if (!binop([](u64 a, u64 b) { return num::imul<u64>(a, b); }, in.op == Op::i64_mul))
          return crash("constant expression stack");
        break;
      case Op::end:
        if (stack.size() != 1) return crash("constant expression result");
        return stack.back();
      default:
        return crash("non-constant instruction in constant expression");
    }
  }
  return crash("constant expression without end");
}
}  // namespace

Result<Value> eval_const_expr(Store& s, const ModuleInst& inst, const Expr& expr) {
  return eval_const_expr_in(s, inst, {}, expr);
}

// ============================================================================================
// §4.5.4 Instantiation (with §4.5.3 "Modules": module allocation, inline)
// ============================================================================================

Result<ModuleAddr> module_instantiate(Store& s, std::shared_ptr<const Module> module,
                                      std::span<const ExternVal> externvals) {
  if (!module) return crash("null module");
  const Module& m = *module;
  // 1-2. The module must be valid (module_validate filled in the side data).
  if (!m.validated) return make_error(Outcome::crash, msg::module_not_validated);
  // 3. The number of imports equals the number of external values.
  if (m.imports.size() != externvals.size())
    return link_error("expected " + std::to_string(m.imports.size()) + " imports, got " +
                      std::to_string(externvals.size()));
  // 4. Each external value is valid in S with a type that matches the import's type.
  for (size_t i = 0; i < externvals.size(); ++i) {
    const Import& im = m.imports[i];
    const std::optional<ExternType> expected = import_externtype(m, im);
    if (!expected) return crash("import type index");
    const std::optional<ExternType> actual = externtype_of(s, externvals[i]);
    if (!actual) return link_error("import " + std::to_string(i) + " is not in the store");
    if (!match_externtype(*actual, *expected))
      return link_error("import " + std::to_string(i) + " (" + im.module + "." + im.name + ")");
  }
  // Implementation limits (§A.2), checked before the store changes: a memory or table whose
  // initial size is beyond ExecLimits cannot be allocated.
  u64 new_bytes = 0;
  for (const Mem& mem : m.mems) {
    if (mem.type.limits.min > s.limits.max_memory_pages)
      return make_error(Outcome::exhaustion, std::string(msg::implementation_limit) + ": memory");
    new_bytes += mem.type.limits.min * MemInst::kPageSize;  // <= 2^16 pages each: no overflow
  }
  // ... and the store's memories together stay within max_total_memory_bytes.
  if (new_bytes > s.limits.max_total_memory_bytes - std::min(s.limits.max_total_memory_bytes,
                                                              total_memory_bytes(s)))
    return make_error(Outcome::exhaustion, std::string(msg::implementation_limit) +
                                               ": total memory of the store");
  for (const Table& tab : m.tables)
    if (tab.type.limits.min > s.limits.max_table_size)
      return make_error(Outcome::exhaustion, std::string(msg::implementation_limit) + ": table");

  // The imports by kind (§2.5.11 funcs/tables/mems/globals(externval*)).
  std::vector<FuncAddr> import_funcs;
  std::vector<TableAddr> import_tables;
  std::vector<MemAddr> import_mems;
  std::vector<GlobalAddr> import_globals;
  std::vector<TagAddr> import_tags;
  for (const ExternVal& ev : externvals) {
    switch (ev.kind) {
      case ExternKind::func: import_funcs.emplace_back(ev.addr); break;
      case ExternKind::table: import_tables.emplace_back(ev.addr); break;
      case ExternKind::mem: import_mems.emplace_back(ev.addr); break;
      case ExternKind::global: import_globals.emplace_back(ev.addr); break;
      case ExternKind::tag: import_tags.emplace_back(ev.addr); break;
    }
  }

  // 5. moduleinst_init: the imported globals and the imported and to-be-allocated functions
  // (allocation appends to S.funcs, so the final addresses are known now).
  ModuleInst init;
  init.funcaddrs = import_funcs;
  for (size_t j = 0; j < m.funcs.size(); ++j)
    init.funcaddrs.emplace_back(static_cast<u32>(s.funcs.size() + j));
  init.globaladdrs = import_globals;
  init.module = module;  // v128.const reads its bytes from the module's immediate pool
  init.types = m.type_ids;  // core 3.0: struct.new / array.new name defined types
  // 6-8. The global initialisation values, in the auxiliary frame F_init. Core 3.0
  // (evalglobals) evaluates them in order, each global joining F_init's module instance
  // before the next is evaluated, so an initializer can read the globals defined before it
  // (validation admits only those, and only with extended_const; a 2.0 module reads imported
  // globals alone, for which the order makes no difference). The values wait in `vals`
  // instead of the store: the store is not changed before allocation.
  std::vector<Value> vals;
  for (const Global& g : m.globals) {
    Result<Value> v = eval_const_expr_in(s, init, vals, g.init);
    if (!v) return v.take_error();
    vals.push_back(*v);
  }
  // Core 3.0: the tables' initial references (their initializer expressions, or ref.null of
  // the element type), in F_init (validation lets them read the imported globals only).
  std::vector<Value> table_inits;
  for (const Table& t : m.tables) {
    if (t.init.empty()) {
      table_inits.push_back(Value::null(close(t.type.elem, m.type_ids)));
      continue;
    }
    Result<Value> v = eval_const_expr_in(s, init, {}, t.init);
    if (!v) return v.take_error();
    table_inits.push_back(*v);
  }
  // 9. The element segments' reference vectors, in F_init with every global (3.0: segments
  // are validated under C and may read any global).
  std::vector<std::vector<Value>> refs;
  for (const Elem& e : m.elems) {
    std::vector<Value> r;
    for (const Expr& expr : e.init) {
      Result<Value> v = eval_const_expr_in(s, init, vals, expr);
      if (!v) return v.take_error();
      r.push_back(*v);
    }
    refs.push_back(std::move(r));
  }

  // 11. allocmodule(S, module, externval*, val*, (ref*)*).
  const ModuleAddr addr{static_cast<u32>(s.modules.size())};
  try {
    s.modules.emplace_back();
    ModuleInst& inst = s.modules.back();
    inst.module = module;
    inst.types = m.type_ids;  // 2. moduleinst.types = the module's defined types (3.0: closed)
    inst.funcaddrs = import_funcs;
    for (const Func& f : m.funcs) {  // 3-4. allocfunc for each function
      if (f.type.value >= m.types.size() || f.type.value >= m.type_ids.size()) return crash("function type index");
      inst.funcaddrs.push_back(allocfunc(s, close(m.func_type(f.type), m.type_ids), addr, &f,
                                         m.type_ids[f.type.value]));
    }
    inst.tableaddrs = import_tables;
    for (size_t j = 0; j < m.tables.size(); ++j)  // 5. alloctable(tabletype, ref) (3.0: its init)
      inst.tableaddrs.push_back(alloctable(s, close(m.tables[j].type, m.type_ids), table_inits[j]));
    inst.memaddrs = import_mems;
    for (const Mem& mem : m.mems) inst.memaddrs.push_back(allocmem(s, mem.type));  // 6.
    inst.tagaddrs = import_tags;
    for (const Tag& t : m.tags) {  // core 3.0: alloctag for each tag
      if (t.type.value >= m.types.size() || t.type.value >= m.type_ids.size()) return crash("tag type index");
      inst.tagaddrs.push_back(alloctag(s, close(m.func_type(t.type), m.type_ids), m.type_ids[t.type.value]));
    }
    inst.globaladdrs = import_globals;
    for (size_t j = 0; j < m.globals.size(); ++j)  // 7. allocglobal(globaltype, val)
      inst.globaladdrs.push_back(allocglobal(s, close(m.globals[j].type, m.type_ids), vals[j]));
    for (size_t j = 0; j < m.elems.size(); ++j)  // 8. allocelem(reftype, ref*)
      inst.elemaddrs.push_back(allocelem(s, close(m.elems[j].type, m.type_ids), std::move(refs[j])));
    for (const Data& d : m.datas) inst.dataaddrs.push_back(allocdata(s, d.init));  // 9.
    for (const Export& ex : m.exports) {  // 10-19. the export instances
      u32 a = 0;
      bool ok = true;
      switch (ex.kind) {
        case ExternKind::func:
          ok = ex.index < inst.funcaddrs.size();
          if (ok) a = inst.funcaddrs[ex.index].value;
          break;
        case ExternKind::table:
          ok = ex.index < inst.tableaddrs.size();
          if (ok) a = inst.tableaddrs[ex.index].value;
          break;
        case ExternKind::mem:
          ok = ex.index < inst.memaddrs.size();
          if (ok) a = inst.memaddrs[ex.index].value;
          break;
        case ExternKind::global:
          ok = ex.index < inst.globaladdrs.size();
          if (ok) a = inst.globaladdrs[ex.index].value;
          break;
        case ExternKind::tag:
          ok = ex.index < inst.tagaddrs.size();
          if (ok) a = inst.tagaddrs[ex.index].value;
          break;
      }
      if (!ok) return crash("export index");
      inst.exports.push_back(ExportInst{ex.name, ExternVal{ex.kind, a}});
    }
  } catch (const std::bad_alloc&) {
    return make_error(Outcome::exhaustion, std::string(msg::implementation_limit) + ": memory");
  }
  ModuleInst& inst = s.modules[addr.value];

  // 12-14. In the frame of the new instance: each active element segment i runs
  // einstr* (the offset d), i32.const 0, i32.const n, table.init x i, elem.drop i.
  for (size_t i = 0; i < m.elems.size(); ++i) {
    const Elem& e = m.elems[i];
    if (e.mode != Elem::Mode::active) continue;
    Result<Value> d = eval_const_expr(s, inst, e.offset);
    if (!d) return d.take_error();
    if (e.table.value >= inst.tableaddrs.size()) return crash("elem table index");
    ElemInst& elem = s.elems[inst.elemaddrs[i].value];
    const u32 n = static_cast<u32>(elem.elem.size());
    // The offset is of the table's address type (3.0): an i64 offset as it is.
    TableInst& tab = s.tables[inst.tableaddrs[e.table.value].value];
    const u64 offset = tab.type.addr == AddrType::i64 ? d->as_i64() : u64{d->as_i32()};
    if (const char* t = table_init(tab, elem, offset, 0, n))
      return make_error(Outcome::trap, t);
    elem_drop(elem);
  }
  // 15. Each declarative element segment i: elem.drop i.
  for (size_t i = 0; i < m.elems.size(); ++i)
    if (m.elems[i].mode == Elem::Mode::declarative) elem_drop(s.elems[inst.elemaddrs[i].value]);
  // 16. Each active data segment i: dinstr* (the offset d), i32.const 0, i32.const n,
  // memory.init i, data.drop i.
  for (size_t i = 0; i < m.datas.size(); ++i) {
    const Data& dseg = m.datas[i];
    if (dseg.mode != Data::Mode::active) continue;
    // a. (2.0: Assert: memidx is 0.) The memory exists, as validation guarantees.
    if (dseg.memory.value >= inst.memaddrs.size()) return crash("data memory index");
    Result<Value> d = eval_const_expr(s, inst, dseg.offset);
    if (!d) return d.take_error();
    DataInst& data = s.datas[inst.dataaddrs[i].value];
    const u32 n = static_cast<u32>(data.data.size());
    MemInst& mem = s.mems[inst.memaddrs[dseg.memory.value].value];
    const u64 offset = mem.type.addr == AddrType::i64 ? d->as_i64() : u64{d->as_i32()};
    if (const char* t = memory_init(mem, data, offset, 0, n))
      return make_error(Outcome::trap, t);
    data_drop(data);
  }
  // 17. The start function: call start.func.
  if (m.start) {
    if (m.start->func.value >= inst.funcaddrs.size()) return crash("start function index");
    const FuncAddr f = inst.funcaddrs[m.start->func.value];
    Result<std::vector<Value>> r = invoke(s, f, {});
    if (!r) return r.take_error();
  }
  return addr;
}

}  // namespace wasmref
