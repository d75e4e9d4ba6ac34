// Core 2.0 Appendix §A.1 Embedding (appendix/embedding.rst): every function of embed.h
#include "embed/embed.h"

#include <gtest/gtest.h>

#include "exec/wasm_bytes_test_util.h"
#include "runtime/store.h"
#include "syntax/messages.h"

namespace wasmref::embed {
namespace {

using namespace wasmref::testing;

TEST(Embed, DecodeAndValidateErrors) {
  const Bytes junk = {0x00, 0x61, 0x73, 0x6E, 0x01, 0x00, 0x00, 0x00};
  Result<std::shared_ptr<Module>> m = module_decode(junk);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().outcome, Outcome::malformed);

  // i32.add on an empty stack: decodes, does not validate.
  WasmBuilder b;
  b.func(b.type({}, {}), {0x6A});
  m = module_decode(b.bytes());
  ASSERT_TRUE(m.ok());
  EXPECT_FALSE((*m)->validated);
  Result<void> v = module_validate(**m);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().outcome, Outcome::invalid);
  EXPECT_FALSE((*m)->validated);
}

TEST(Embed, ImportsAndExportsWithTypes) {
  WasmBuilder b;
  const u32 t = b.type({I32}, {});
  b.import_func("a", "f", t);
  b.import_memory("a", "m", 1, 3);
  b.global(I64, true, i64_const(3));
  b.export_("g", 0x03, 0);
  b.export_func("f", 0);
  Result<std::shared_ptr<Module>> m = module_decode(b.bytes());
  ASSERT_TRUE(m.ok());
  const std::vector<ImportDesc> im = module_imports(**m);
  ASSERT_EQ(im.size(), 2u);
  EXPECT_EQ(im[0].module, "a");
  EXPECT_EQ(im[0].name, "f");
  EXPECT_EQ(im[0].type.kind, ExternKind::func);
  EXPECT_EQ(im[0].type.func, (FuncType{{ValType::i32}, {}}));
  EXPECT_EQ(im[1].type.kind, ExternKind::mem);
  EXPECT_EQ(im[1].type.mem, (MemType{{1, 3}}));
  const std::vector<ExportDesc> ex = module_exports(**m);
  ASSERT_EQ(ex.size(), 2u);
  EXPECT_EQ(ex[0].name, "g");
  EXPECT_EQ(ex[0].type.global, (GlobalType{Mut::var, ValType::i64}));
  EXPECT_EQ(ex[1].type.func, (FuncType{{ValType::i32}, {}}));
}

TEST(Embed, InstanceExportAndInvoke) {
  std::unique_ptr<Store> s = store_init();
  WasmBuilder b;
  const u32 t = b.type({I32, I32}, {I32});
  b.export_func("add", b.func(t, cat({local_get(0), local_get(1), {0x6A}})));
  const std::string nul_name("a\0b", 3);  // names are byte strings
  b.export_func(nul_name, 0);
  std::shared_ptr<Module> m = *module_decode(b.bytes());
  ASSERT_TRUE(module_validate(*m).ok());
  EXPECT_TRUE(m->validated);
  const ModuleAddr inst = *module_instantiate(*s, m, {});
  const std::optional<ExternVal> add = instance_export(*s, inst, "add");
  ASSERT_TRUE(add.has_value());
  EXPECT_EQ(add->kind, ExternKind::func);
  EXPECT_FALSE(instance_export(*s, inst, "nope").has_value());
  EXPECT_EQ(instance_export(*s, inst, nul_name), add);
  EXPECT_FALSE(instance_export(*s, inst, "a").has_value());
  EXPECT_FALSE(instance_export(*s, ModuleAddr{99}, "add").has_value());
  EXPECT_EQ(func_type(*s, FuncAddr{add->addr}), (FuncType{{ValType::i32, ValType::i32}, {ValType::i32}}));
  const std::vector<Value> args = {Value::i32(2), Value::i32(40)};
  EXPECT_EQ(*func_invoke(*s, FuncAddr{add->addr}, args), std::vector<Value>{Value::i32(42)});
  // Wrong argument count or type: "type mismatch", before running.
  const std::vector<Value> bad = {Value::i32(2), Value::f32(1.0f)};
  Result<std::vector<Value>> r = func_invoke(*s, FuncAddr{add->addr}, bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().outcome, Outcome::trap);
  EXPECT_EQ(r.error().message.rfind(msg::type_mismatch, 0), 0u);
  EXPECT_FALSE(func_invoke(*s, FuncAddr{12345}, {}).ok());
}

TEST(Embed, HostFunctionAllocAndInvoke) {
  std::unique_ptr<Store> s = store_init();
  const FuncAddr f = func_alloc(*s, FuncType{{ValType::f64}, {ValType::f64, ValType::i32}},
                                [](Store&, std::span<const Value> args) -> Result<std::vector<Value>> {
                                  return std::vector<Value>{args[0], Value::i32(1)};
                                });
  EXPECT_EQ(func_type(*s, f).results.size(), 2u);
  const std::vector<Value> args = {Value::f64(2.5)};
  EXPECT_EQ(*func_invoke(*s, f, args), (std::vector<Value>{Value::f64(2.5), Value::i32(1)}));
  // A host function that breaks its type is our crash, not a wasm outcome.
  const FuncAddr liar = func_alloc(*s, FuncType{{}, {ValType::i32}},
                                   [](Store&, std::span<const Value>) -> Result<std::vector<Value>> {
                                     return std::vector<Value>{Value::i64(1)};
                                   });
  Result<std::vector<Value>> r = func_invoke(*s, liar, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().outcome, Outcome::crash);
}

TEST(Embed, Tables) {
  std::unique_ptr<Store> s = store_init();
  const TableAddr t = table_alloc(*s, {{2, 3}, ValType::externref}, Value::extern_(ExternAddr{7}));
  EXPECT_EQ(table_type(*s, t), (TableType{{2, 3}, ValType::externref}));
  EXPECT_EQ(table_size(*s, t), 2u);
  EXPECT_EQ(*table_read(*s, t, 1), Value::extern_(ExternAddr{7}));
  EXPECT_EQ(table_read(*s, t, 2).error().message, msg::out_of_bounds_table_access);
  ASSERT_TRUE(table_write(*s, t, 0, Value::null(ValType::externref)).ok());
  EXPECT_TRUE(table_read(*s, t, 0)->is_null());
  EXPECT_FALSE(table_write(*s, t, 2, Value::null(ValType::externref)).ok());
  EXPECT_FALSE(table_write(*s, t, 0, Value::null(ValType::funcref)).ok());  // wrong type
  ASSERT_TRUE(table_grow(*s, t, 1, Value::extern_(ExternAddr{9})).ok());
  EXPECT_EQ(table_size(*s, t), 3u);
  EXPECT_EQ(*table_read(*s, t, 2), Value::extern_(ExternAddr{9}));
  EXPECT_FALSE(table_grow(*s, t, 1, Value::null(ValType::externref)).ok());  // max 3
  EXPECT_EQ(table_size(*s, t), 3u);
  EXPECT_FALSE(table_read(*s, TableAddr{99}, 0).ok());
}

TEST(Embed, Memories) {
  ExecLimits limits;
  limits.max_memory_pages = 3;
  std::unique_ptr<Store> s = store_init(limits);
  const MemAddr m = mem_alloc(*s, {{1, std::nullopt}});
  EXPECT_EQ(mem_type(*s, m), (MemType{{1, std::nullopt}}));
  EXPECT_EQ(mem_size(*s, m), 1u);
  ASSERT_TRUE(mem_write(*s, m, 65535, 0xAB).ok());
  EXPECT_EQ(*mem_read(*s, m, 65535), 0xAB);
  EXPECT_EQ(mem_read(*s, m, 65536).error().message, msg::out_of_bounds_memory_access);
  EXPECT_FALSE(mem_write(*s, m, 65536, 1).ok());
  ASSERT_TRUE(mem_grow(*s, m, 2).ok());
  EXPECT_EQ(mem_size(*s, m), 3u);
  EXPECT_EQ(mem_type(*s, m).limits.min, 3u);
  EXPECT_EQ(*mem_read(*s, m, 3 * 65536 - 1), 0);
  EXPECT_FALSE(mem_grow(*s, m, 1).ok());  // beyond ExecLimits
  EXPECT_EQ(mem_size(*s, m), 3u);
}

// Core 3.0: indices and deltas are u64; an index beyond 2^32 is out of bounds, not truncated
// onto a valid one.
TEST(Embed, TablesOfAddressTypeI64TakeU64IndicesAndDeltas) {
  std::unique_ptr<Store> s = store_init();
  const TableType type{{1, std::nullopt}, ValType::externref, AddrType::i64};
  const TableAddr t = table_alloc(*s, type, Value::null(ValType::externref));
  EXPECT_EQ(table_type(*s, t).addr, AddrType::i64);
  const u64 wraps_to_0 = u64{1} << 32;
  EXPECT_EQ(table_read(*s, t, wraps_to_0).error().message, msg::out_of_bounds_table_access);
  EXPECT_FALSE(table_write(*s, t, wraps_to_0, Value::null(ValType::externref)).ok());
  EXPECT_FALSE(table_grow(*s, t, wraps_to_0, Value::null(ValType::externref)).ok());
  EXPECT_FALSE(table_grow(*s, t, ~u64{0}, Value::null(ValType::externref)).ok());  // overflows
  EXPECT_EQ(table_size(*s, t), 1u);
  ASSERT_TRUE(table_grow(*s, t, 2, Value::extern_(ExternAddr{4})).ok());
  EXPECT_EQ(table_size(*s, t), 3u);
  EXPECT_EQ(*table_read(*s, t, 2), Value::extern_(ExternAddr{4}));
}

TEST(Embed, MemoriesOfAddressTypeI64TakeU64AddressesAndDeltas) {
  std::unique_ptr<Store> s = store_init();
  const MemAddr m = mem_alloc(*s, MemType{{1, std::nullopt}, AddrType::i64});
  EXPECT_EQ(mem_type(*s, m).addr, AddrType::i64);
  const u64 wraps_to_0 = u64{1} << 32;
  EXPECT_EQ(mem_read(*s, m, wraps_to_0).error().message, msg::out_of_bounds_memory_access);
  EXPECT_FALSE(mem_write(*s, m, wraps_to_0, 1).ok());
  EXPECT_FALSE(mem_grow(*s, m, wraps_to_0).ok());          // beyond ExecLimits (and 2^48 later)
  EXPECT_FALSE(mem_grow(*s, m, u64{1} << 48).ok());        // beyond the i64 range itself
  EXPECT_FALSE(mem_grow(*s, m, ~u64{0}).ok());
  EXPECT_EQ(mem_size(*s, m), 1u);
  ASSERT_TRUE(mem_grow(*s, m, 1).ok());
  EXPECT_EQ(mem_size(*s, m), 2u);
}

TEST(Embed, Globals) {
  std::unique_ptr<Store> s = store_init();
  const GlobalAddr c = global_alloc(*s, {Mut::const_, ValType::f32}, Value::f32(1.5f));
  const GlobalAddr v = global_alloc(*s, {Mut::var, ValType::i64}, Value::i64(1));
  EXPECT_EQ(global_type(*s, c), (GlobalType{Mut::const_, ValType::f32}));
  EXPECT_EQ(global_read(*s, c), Value::f32(1.5f));
  Result<void> w = global_write(*s, c, Value::f32(2.0f));
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().message, msg::global_is_immutable);
  EXPECT_EQ(global_read(*s, c), Value::f32(1.5f));
  ASSERT_TRUE(global_write(*s, v, Value::i64(5)).ok());
  EXPECT_EQ(global_read(*s, v), Value::i64(5));
  EXPECT_FALSE(global_write(*s, v, Value::i32(5)).ok());  // wrong type
  EXPECT_EQ(global_read(*s, v), Value::i64(5));
}

TEST(Embed, FailedInstantiationKeepsTheStoreUsable) {
  std::unique_ptr<Store> s = store_init();
  const MemAddr mem = mem_alloc(*s, {{1, std::nullopt}});
  WasmBuilder b;
  b.import_memory("m", "mem", 1, std::nullopt);
  b.data_active(i32_const(0), {7});
  b.data_active(i32_const(70000), {8});
  std::shared_ptr<Module> m = *module_decode(b.bytes());
  ASSERT_TRUE(module_validate(*m).ok());
  const ExternVal imports[] = {ExternVal{ExternKind::mem, mem.value}};
  Result<ModuleAddr> r = module_instantiate(*s, m, imports);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().outcome, Outcome::trap);
  EXPECT_EQ(*mem_read(*s, mem, 0), 7);
  m.reset();  // the module instance keeps the code alive; the store stays consistent
  EXPECT_EQ(mem_size(*s, mem), 1u);
}

}  // namespace
}  // namespace wasmref::embed
