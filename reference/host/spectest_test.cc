// The `spectest` host module (notes-harness.md §2.5): every export, its type and value
#include "host/spectest.h"

#include <gtest/gtest.h>

#include <map>

#include "embed/embed.h"
#include "exec/wasm_bytes_test_util.h"

namespace wasmref::host {
namespace {

using namespace wasmref::testing;

std::map<std::string, ExternVal> exports_of(Store& s) {
  std::map<std::string, ExternVal> out;
  for (auto& [name, ev] : spectest_instance(s)) out[name] = ev;
  return out;
}

TEST(Spectest, PrintFunctionsTakeTheirParamsAndReturnNothing) {
  Store s;
  auto ex = exports_of(s);
  const std::map<std::string, ResultType> params = {
      {"print", {}},
      {"print_i32", {ValType::i32}},
      {"print_i64", {ValType::i64}},
      {"print_f32", {ValType::f32}},
      {"print_f64", {ValType::f64}},
      {"print_i32_f32", {ValType::i32, ValType::f32}},
      {"print_f64_f64", {ValType::f64, ValType::f64}},
  };
  for (const auto& [name, ps] : params) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(ex.count(name));
    ASSERT_EQ(ex[name].kind, ExternKind::func);
    const FuncType& ft = embed::func_type(s, FuncAddr{ex[name].addr});
    EXPECT_EQ(ft, (FuncType{ps, {}}));
    std::vector<Value> args;
    for (ValType t : ps) args.push_back(Value::default_of(t));
    Result<std::vector<Value>> r = embed::func_invoke(s, FuncAddr{ex[name].addr}, args);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->empty());
  }
}

TEST(Spectest, GlobalsTableMemory) {
  Store s;
  auto ex = exports_of(s);
  EXPECT_EQ(ex.size(), 14u);  // 7 functions, 4 globals, table, table64, memory
  auto global = [&](const char* n) {
    EXPECT_EQ(ex[n].kind, ExternKind::global) << n;
    EXPECT_EQ(embed::global_type(s, GlobalAddr{ex[n].addr}).mut, Mut::const_) << n;
    return embed::global_read(s, GlobalAddr{ex[n].addr});
  };
  EXPECT_EQ(global("global_i32"), Value::i32(666));
  EXPECT_EQ(global("global_i64"), Value::i64(666));
  EXPECT_EQ(global("global_f32"), Value::f32_bits(0x4426a666u));
  EXPECT_EQ(global("global_f64"), Value::f64_bits(0x4084d4cccccccccdull));
  ASSERT_EQ(ex["table"].kind, ExternKind::table);
  EXPECT_EQ(embed::table_type(s, TableAddr{ex["table"].addr}),
            (TableType{{10, 20}, ValType::funcref}));
  EXPECT_EQ(embed::table_size(s, TableAddr{ex["table"].addr}), 10u);
  EXPECT_TRUE(embed::table_read(s, TableAddr{ex["table"].addr}, 0)->is_null());
  ASSERT_EQ(ex["table64"].kind, ExternKind::table);
  EXPECT_EQ(embed::table_type(s, TableAddr{ex["table64"].addr}),
            (TableType{{10, 20}, ValType::funcref, AddrType::i64}));
  ASSERT_EQ(ex["memory"].kind, ExternKind::mem);
  EXPECT_EQ(embed::mem_type(s, MemAddr{ex["memory"].addr}), (MemType{{1, 2}}));
  EXPECT_EQ(embed::mem_size(s, MemAddr{ex["memory"].addr}), 1u);
}

TEST(Spectest, ImportableByAModule) {
  Store s;
  auto ex = exports_of(s);
  WasmBuilder b;
  const u32 t = b.type({I32}, {});
  const u32 p = b.import_func("spectest", "print_i32", t);
  b.import_table("spectest", "table", FUNCREF, 10, std::nullopt);
  b.import_memory("spectest", "memory", 1, std::nullopt);
  b.import_global("spectest", "global_i32", I32, false);
  b.export_func("f", b.func(b.type({}, {}), cat({global_get(0), call(p)})));
  const ModuleAddr inst = *instantiate(
      s, b.bytes(), {ex["print_i32"], ex["table"], ex["memory"], ex["global_i32"]});
  EXPECT_TRUE(invoke_export(s, inst, "f").ok());
  // The memory's max of 2 pages is in force.
  EXPECT_TRUE(embed::mem_grow(s, MemAddr{ex["memory"].addr}, 1).ok());
  EXPECT_FALSE(embed::mem_grow(s, MemAddr{ex["memory"].addr}, 1).ok());
}

}  // namespace
}  // namespace wasmref::host
