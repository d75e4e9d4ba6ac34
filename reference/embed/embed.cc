// Core 2.0 Appendix §A.1 Embedding (appendix/embedding.rst): the embedding interface over the
// decoder, the validator, the store and the machine
#include "embed/embed.h"

#include <string>

#include "binary/decode.h"
#include "exec/instantiate.h"
#include "exec/machine.h"
#include "runtime/store.h"
#include "syntax/messages.h"
#include "valid/validate.h"

namespace wasmref::embed {

namespace {

// The appendix's "error" of a store operation whose precondition fails (an address not in
// the store): our bug or the embedder's, never a wasm outcome.
Error bad_address(const char* what) {
  return make_error(Outcome::crash, std::string(msg::internal_error) + ": no such " + what);
}

// A value of type t (funcrefs must name a function of this store).
bool value_has_type(const Store& s, const Value& v, ValType t) {
  // Core 3.0: by the value's dynamic type (a subtype matches); a function reference must be a
  // function address of this store (runtime/store.h value_matches).
  return value_matches(s, v, t);
}

}  // namespace

// §A.1.2 store_init: the empty store.
std::unique_ptr<Store> store_init(const ExecLimits& limits) {
  return std::make_unique<Store>(limits);
}

// §A.1.3 module_decode.
Result<std::shared_ptr<Module>> module_decode(std::span<const u8> bytes, const Features& features) {
  Result<Module> m = decode_module(bytes, features);
  if (!m) return m.take_error();
  return std::make_shared<Module>(std::move(*m));
}

// §A.1.3 module_validate.
Result<void> module_validate(Module& module, const Features& features) {
  Result<void> r = validate_module(module, features);
  if (r) module.validated = true;
  return r;
}

// §A.1.3 module_instantiate.
Result<ModuleAddr> module_instantiate(Store& store, std::shared_ptr<const Module> module,
                                      std::span<const ExternVal> imports) {
  return wasmref::module_instantiate(store, std::move(module), imports);
}

// §A.1.3 module_imports: (name1, name2, externtype)* in order.
std::vector<ImportDesc> module_imports(const Module& module) {
  std::vector<ImportDesc> out;
  for (const Import& im : module.imports) {
    std::optional<ExternType> t = import_externtype(module, im);
    out.push_back(ImportDesc{im.module, im.name, t ? *t : ExternType{}});
  }
  return out;
}

// §A.1.3 module_exports: (name, externtype)* in order.
std::vector<ExportDesc> module_exports(const Module& module) {
  std::vector<ExportDesc> out;
  for (const Export& ex : module.exports) {
    std::optional<ExternType> t = export_externtype(module, ex);
    out.push_back(ExportDesc{ex.name, t ? *t : ExternType{}});
  }
  return out;
}

// §A.1.4 instance_export: the export named `name`, if any.
std::optional<ExternVal> instance_export(const Store& store, ModuleAddr inst, std::string_view name) {
  if (inst.value >= store.modules.size()) return std::nullopt;
  for (const ExportInst& ex : store.modules[inst.value].exports)
    if (ex.name == name) return ex.value;
  return std::nullopt;
}

// §A.1.5 Functions.
FuncAddr func_alloc(Store& store, FuncType type, HostFunc code) {
  return allochostfunc(store, type, std::move(code));
}

const FuncType& func_type(const Store& store, FuncAddr f) {
  // Note (deviation): an address outside the store has no type; it gets the empty type
  // [] -> [] rather than undefined behaviour.
  static const FuncType kNone{};
  return f.value < store.funcs.size() ? store.funcs[f.value].type : kNone;
}

Result<std::vector<Value>> func_invoke(Store& store, FuncAddr f, std::span<const Value> args) {
  if (f.value >= store.funcs.size()) return bad_address("function");
  return invoke(store, f, args);
}

// §A.1.6 Tables.
TableAddr table_alloc(Store& store, TableType type, Value init) {
  return alloctable(store, type, init);
}

TableType table_type(const Store& store, TableAddr t) {
  return t.value < store.tables.size() ? store.tables[t.value].type : TableType{};
}

Result<Value> table_read(const Store& store, TableAddr t, u64 i) {
  if (t.value >= store.tables.size()) return bad_address("table");
  const TableInst& ti = store.tables[t.value];
  if (i >= ti.elem.size()) return make_error(Outcome::trap, msg::out_of_bounds_table_access);
  return ti.elem[static_cast<size_t>(i)];
}

Result<void> table_write(Store& store, TableAddr t, u64 i, Value r) {
  if (t.value >= store.tables.size()) return bad_address("table");
  TableInst& ti = store.tables[t.value];
  if (i >= ti.elem.size()) return make_error(Outcome::trap, msg::out_of_bounds_table_access);
  if (!value_has_type(store, r, ti.type.elem)) return make_error(Outcome::trap, msg::type_mismatch);
  ti.elem[static_cast<size_t>(i)] = r;
  return {};
}

u64 table_size(const Store& store, TableAddr t) {
  return t.value < store.tables.size() ? u64{store.tables[t.value].elem.size()} : 0;
}

Result<void> table_grow(Store& store, TableAddr t, u64 n, Value init) {
  if (t.value >= store.tables.size()) return bad_address("table");
  TableInst& ti = store.tables[t.value];
  if (!value_has_type(store, init, ti.type.elem)) return make_error(Outcome::trap, msg::type_mismatch);
  if (!growtable(store, ti, n, init)) return make_error(Outcome::trap, msg::grow_failed);
  return {};
}

// §A.1.7 Memories.
MemAddr mem_alloc(Store& store, MemType type) { return allocmem(store, type); }

MemType mem_type(const Store& store, MemAddr m) {
  return m.value < store.mems.size() ? store.mems[m.value].type : MemType{};
}

Result<u8> mem_read(const Store& store, MemAddr m, u64 i) {
  if (m.value >= store.mems.size()) return bad_address("memory");
  const MemInst& mi = store.mems[m.value];
  if (i >= mi.data.size()) return make_error(Outcome::trap, msg::out_of_bounds_memory_access);
  return mi.data[i];
}

Result<void> mem_write(Store& store, MemAddr m, u64 i, u8 b) {
  if (m.value >= store.mems.size()) return bad_address("memory");
  MemInst& mi = store.mems[m.value];
  if (i >= mi.data.size()) return make_error(Outcome::trap, msg::out_of_bounds_memory_access);
  mi.data[i] = b;
  return {};
}

u64 mem_size(const Store& store, MemAddr m) {
  return m.value < store.mems.size() ? store.mems[m.value].pages() : 0;
}

Result<void> mem_grow(Store& store, MemAddr m, u64 n) {
  if (m.value >= store.mems.size()) return bad_address("memory");
  if (!growmem(store, store.mems[m.value], n)) return make_error(Outcome::trap, msg::grow_failed);
  return {};
}

// §A.1.8 Globals.
GlobalAddr global_alloc(Store& store, GlobalType type, Value v) {
  return allocglobal(store, type, v);
}

GlobalType global_type(const Store& store, GlobalAddr g) {
  return g.value < store.globals.size() ? store.globals[g.value].type : GlobalType{};
}

Value global_read(const Store& store, GlobalAddr g) {
  return g.value < store.globals.size() ? store.globals[g.value].value : Value{};
}

Result<void> global_write(Store& store, GlobalAddr g, Value v) {
  if (g.value >= store.globals.size()) return bad_address("global");
  GlobalInst& gi = store.globals[g.value];
  // 3. If mut is not var, error.
  if (gi.type.mut != Mut::var) return make_error(Outcome::trap, msg::global_is_immutable);
  if (!value_has_type(store, v, gi.type.type)) return make_error(Outcome::trap, msg::type_mismatch);
  gi.value = v;
  return {};
}

// Core 3.0 appendix embedding.rst "Tags".
TagAddr tag_alloc(Store& store, FuncType type) { return alloctag(store, type); }

const FuncType& tag_type(const Store& store, TagAddr a) {
  // Note (deviation): as func_type, an address outside the store gets [] -> [].
  static const FuncType kNone{};
  return a.value < store.tags.size() ? store.tags[a.value].type : kNone;
}

// Core 3.0 appendix embedding.rst "Exceptions".
Result<ExnAddr> exn_alloc(Store& store, TagAddr tag, std::vector<Value> fields) {
  if (tag.value >= store.tags.size()) return bad_address("tag");
  const FuncType& type = store.tags[tag.value].type;
  bool ok = fields.size() == type.params.size();
  for (size_t i = 0; ok && i < fields.size(); ++i) ok = value_has_type(store, fields[i], type.params[i]);
  if (!ok) return make_error(Outcome::trap, std::string(msg::type_mismatch) + ": exception payload");
  std::optional<ExnAddr> a = allocexn(store, tag, std::move(fields));
  if (!a) return make_error(Outcome::exhaustion, msg::exceptions_exhausted);
  return *a;
}

TagAddr exn_tag(const Store& store, ExnAddr a) {
  return a.value < store.exns.size() ? store.exns[a.value].tag : TagAddr{};
}

const std::vector<Value>& exn_read(const Store& store, ExnAddr a) {
  static const std::vector<Value> kNone;
  return a.value < store.exns.size() ? store.exns[a.value].fields : kNone;
}

Error exception_error(ExnAddr a) {
  Error e = make_error(Outcome::exception, msg::uncaught_exception);
  e.exn = a.value;
  return e;
}

}  // namespace wasmref::embed
