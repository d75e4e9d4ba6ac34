// Core 2.0 §4.5 Modules (exec/modules.rst): import matching, constant expressions and the
// order of instantiation, end to end from wasm bytes
#include "exec/instantiate.h"

#include <gtest/gtest.h>

#include "exec/wasm_bytes_test_util.h"
#include "syntax/messages.h"

namespace wasmref {
namespace {

using namespace wasmref::testing;

std::vector<Value> I32s(std::initializer_list<u32> vs) {
  std::vector<Value> out;
  for (u32 v : vs) out.push_back(Value::i32(v));
  return out;
}

u8 mem_byte(const Store& s, MemAddr m, u32 i) { return *embed::mem_read(s, m, i); }

// ============================================================================================
// §4.5.2 Import subtyping
// ============================================================================================

TEST(MatchLimits, MinAtLeastMaxAtMost) {
  EXPECT_TRUE(match_limits({2, std::nullopt}, {1, std::nullopt}));
  EXPECT_TRUE(match_limits({1, 5}, {1, std::nullopt}));
  EXPECT_TRUE(match_limits({1, 5}, {1, 5}));
  EXPECT_TRUE(match_limits({3, 4}, {1, 5}));
  EXPECT_FALSE(match_limits({0, std::nullopt}, {1, std::nullopt}));  // min too small
  EXPECT_FALSE(match_limits({1, std::nullopt}, {1, 5}));             // no max, one required
  EXPECT_FALSE(match_limits({1, 6}, {1, 5}));                        // max too large
}

// One importing module per external type; each must link with `good` and not with `bad`.
struct ImportCase {
  const char* name;
  Bytes module;
};

Bytes importer_func(Bytes params, Bytes results) {
  WasmBuilder b;
  b.import_func("m", "x", b.type(params, results));
  return b.bytes();
}
Bytes importer_table(u8 reftype, u32 min, std::optional<u32> max) {
  WasmBuilder b;
  b.import_table("m", "x", reftype, min, max);
  return b.bytes();
}
Bytes importer_memory(u32 min, std::optional<u32> max) {
  WasmBuilder b;
  b.import_memory("m", "x", min, max);
  return b.bytes();
}
Bytes importer_global(u8 valtype, bool mut) {
  WasmBuilder b;
  b.import_global("m", "x", valtype, mut);
  return b.bytes();
}

void expect_link_error(Store& s, const Bytes& bytes, std::vector<ExternVal> imports) {
  Result<ModuleAddr> r = instantiate(s, bytes, std::move(imports));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().outcome, Outcome::link_error);
  EXPECT_EQ(r.error().message.rfind(msg::incompatible_import_type, 0), 0u) << r.error().message;
}

struct Externals {
  Store s;
  ExternVal func_i32_to_i32, table_funcref_2_4, table_externref, mem_1_2, mem_1, global_i32_const,
      global_i32_var, global_i64_const;
  Externals() {
    auto noop = [](Store&, std::span<const Value>) -> Result<std::vector<Value>> {
      return std::vector<Value>{Value::i32(0)};
    };
    func_i32_to_i32 = {ExternKind::func,
                       embed::func_alloc(s, FuncType{{ValType::i32}, {ValType::i32}}, noop).value};
    table_funcref_2_4 = {ExternKind::table,
                         embed::table_alloc(s, TableType{{2, 4}, ValType::funcref},
                                            Value::null(ValType::funcref)).value};
    table_externref = {ExternKind::table,
                       embed::table_alloc(s, TableType{{2, 4}, ValType::externref},
                                          Value::null(ValType::externref)).value};
    mem_1_2 = {ExternKind::mem, embed::mem_alloc(s, MemType{{1, 2}}).value};
    mem_1 = {ExternKind::mem, embed::mem_alloc(s, MemType{{1, std::nullopt}}).value};
    global_i32_const = {ExternKind::global,
                        embed::global_alloc(s, {Mut::const_, ValType::i32}, Value::i32(1)).value};
    global_i32_var = {ExternKind::global,
                      embed::global_alloc(s, {Mut::var, ValType::i32}, Value::i32(1)).value};
    global_i64_const = {ExternKind::global,
                        embed::global_alloc(s, {Mut::const_, ValType::i64}, Value::i64(1)).value};
  }
};

TEST(ImportMatching, MatchingImportsLink) {
  Externals x;
  EXPECT_TRUE(instantiate(x.s, importer_func({I32}, {I32}), {x.func_i32_to_i32}).ok());
  EXPECT_TRUE(instantiate(x.s, importer_table(FUNCREF, 1, 5), {x.table_funcref_2_4}).ok());
  EXPECT_TRUE(instantiate(x.s, importer_table(FUNCREF, 2, std::nullopt), {x.table_funcref_2_4}).ok());
  EXPECT_TRUE(instantiate(x.s, importer_memory(1, 2), {x.mem_1_2}).ok());
  EXPECT_TRUE(instantiate(x.s, importer_memory(0, std::nullopt), {x.mem_1}).ok());
  EXPECT_TRUE(instantiate(x.s, importer_global(I32, false), {x.global_i32_const}).ok());
  EXPECT_TRUE(instantiate(x.s, importer_global(I32, true), {x.global_i32_var}).ok());
}

TEST(ImportMatching, EachMismatchIsALinkError) {
  Externals x;
  // Wrong kind.
  expect_link_error(x.s, importer_func({I32}, {I32}), {x.mem_1_2});
  expect_link_error(x.s, importer_memory(1, 2), {x.func_i32_to_i32});
  // Functions: the types must be equal.
  expect_link_error(x.s, importer_func({I32}, {}), {x.func_i32_to_i32});
  expect_link_error(x.s, importer_func({I64}, {I32}), {x.func_i32_to_i32});
  // Tables: min, max and element type.
  expect_link_error(x.s, importer_table(FUNCREF, 3, std::nullopt), {x.table_funcref_2_4});
  expect_link_error(x.s, importer_table(FUNCREF, 1, 3), {x.table_funcref_2_4});
  expect_link_error(x.s, importer_table(EXTERNREF, 1, std::nullopt), {x.table_funcref_2_4});
  expect_link_error(x.s, importer_table(FUNCREF, 1, std::nullopt), {x.table_externref});
  // Memories: min and max.
  expect_link_error(x.s, importer_memory(2, std::nullopt), {x.mem_1_2});
  expect_link_error(x.s, importer_memory(1, 1), {x.mem_1_2});
  expect_link_error(x.s, importer_memory(0, 2), {x.mem_1});  // no max, one required
  // Globals: equal mutability and value type.
  expect_link_error(x.s, importer_global(I32, true), {x.global_i32_const});
  expect_link_error(x.s, importer_global(I32, false), {x.global_i32_var});
  expect_link_error(x.s, importer_global(I32, false), {x.global_i64_const});
  // The number of external values, and an address that is not in the store.
  expect_link_error(x.s, importer_memory(1, 2), {});
  expect_link_error(x.s, importer_memory(1, 2), {x.mem_1_2, x.mem_1_2});
  expect_link_error(x.s, importer_memory(1, 2), {ExternVal{ExternKind::mem, 999}});
}

TEST(ImportMatching, GrownTablesAndMemoriesMatchByCurrentSize) {
  Externals x;
  ASSERT_TRUE(embed::mem_grow(x.s, MemAddr{x.mem_1_2.addr}, 1).ok());
  EXPECT_TRUE(instantiate(x.s, importer_memory(2, 2), {x.mem_1_2}).ok());
  ASSERT_TRUE(embed::table_grow(x.s, TableAddr{x.table_funcref_2_4.addr}, 2,
                                Value::null(ValType::funcref)).ok());
  EXPECT_TRUE(instantiate(x.s, importer_table(FUNCREF, 4, 4), {x.table_funcref_2_4}).ok());
}

// ============================================================================================
// §4.5.4 Instantiation: initialisers and the order of segments and start
// ============================================================================================

TEST(Instantiate, GlobalInitialisersSeeImportedGlobalsAndFunctions) {
  Store s;
  const GlobalAddr g = embed::global_alloc(s, {Mut::const_, ValType::i32}, Value::i32(41));
  WasmBuilder b;
  const u32 t = b.type({}, {I32});
  b.import_global("m", "g", I32, false);
  const u32 f = b.func(t, i32_const(5));
  b.global(I32, false, global_get(0));
  b.global(FUNCREF, false, ref_func(f));
  b.export_("g1", 0x03, 1);
  b.export_("g2", 0x03, 2);
  b.export_func("f", f);
  const ModuleAddr inst = *instantiate(s, b.bytes(), {ExternVal{ExternKind::global, g.value}});
  EXPECT_EQ(embed::global_read(s, GlobalAddr{embed::instance_export(s, inst, "g1")->addr}),
            Value::i32(41));
  const u32 faddr = embed::instance_export(s, inst, "f")->addr;
  EXPECT_EQ(embed::global_read(s, GlobalAddr{embed::instance_export(s, inst, "g2")->addr}),
            Value::func(FuncAddr{faddr}));
}

TEST(Instantiate, ElemThenDataThenStart) {
  // The start function calls table entry `index` (written by the elem segment), adds the
  // memory byte at 0 (written by the data segment) and records the sum in a global.
  auto module = [](i32 index) {
    WasmBuilder c;
    const u32 ti = c.type({}, {I32});
    const u32 tz = c.type({}, {});
    c.table(FUNCREF, 2, std::nullopt);
    c.memory(1, std::nullopt);
    const u32 g = c.global(I32, true, i32_const(0));
    const u32 f7 = c.func(ti, i32_const(7));
    const u32 st = c.func(tz, cat({i32_const(index), call_indirect(ti), i32_const(0),
                                   mem_op(0x2D, 0, 0), {0x6A}, global_set(g)}));
    c.elem_active(i32_const(1), {f7});
    c.data_active(i32_const(0), {0x64});
    c.start(st);
    c.export_("g", 0x03, g);
    return c.bytes();
  };
  Store s;
  const ModuleAddr inst = *instantiate(s, module(1));
  EXPECT_EQ(embed::global_read(s, GlobalAddr{embed::instance_export(s, inst, "g")->addr}),
            Value::i32(107));
  // Entry 0 is null: the start function traps, and instantiation with it.
  Result<ModuleAddr> r = instantiate(s, module(0));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().outcome, Outcome::trap);
  EXPECT_EQ(r.error().message, std::string(msg::uninitialized_element) + " 0");
}

TEST(Instantiate, TrappingSegmentKeepsEarlierWrites) {
  // Imported table and memory. Segments: elem 0 at 0 (ok), elem 1 at 5 (out of bounds: trap).
  // The first elem write stays; no data segment runs (data comes after elems).
  Store s;
  const TableAddr tab = embed::table_alloc(s, {{3, std::nullopt}, ValType::funcref},
                                           Value::null(ValType::funcref));
  const MemAddr mem = embed::mem_alloc(s, {{1, std::nullopt}});
  {
    WasmBuilder b;
    const u32 t = b.type({}, {});
    b.import_table("m", "t", FUNCREF, 1, std::nullopt);
    b.import_memory("m", "mem", 1, std::nullopt);
    const u32 f = b.func(t, {});
    b.elem_active(i32_const(0), {f});
    b.elem_active(i32_const(5), {f});
    b.data_active(i32_const(0), {0xAA});
    Result<ModuleAddr> r = instantiate(s, b.bytes(), {ExternVal{ExternKind::table, tab.value},
                                                      ExternVal{ExternKind::mem, mem.value}});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().outcome, Outcome::trap);
    EXPECT_EQ(r.error().message, msg::out_of_bounds_table_access);
    EXPECT_FALSE(embed::table_read(s, tab, 0)->is_null());
    EXPECT_TRUE(embed::table_read(s, tab, 1)->is_null());
    EXPECT_EQ(mem_byte(s, mem, 0), 0);
  }
  {
    // Data: segment 0 writes, segment 1 is out of bounds, segment 2 never runs; then start
    // never runs either.
    WasmBuilder b;
    b.import_memory("m", "mem", 1, std::nullopt);
    const u32 t = b.type({}, {});
    b.start(b.func(t, {0x00}));
    b.data_active(i32_const(10), {1, 2});
    b.data_active(i32_const(65535), {3, 4});
    b.data_active(i32_const(20), {5});
    Result<ModuleAddr> r = instantiate(s, b.bytes(), {ExternVal{ExternKind::mem, mem.value}});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, msg::out_of_bounds_memory_access);
    EXPECT_EQ(mem_byte(s, mem, 10), 1);
    EXPECT_EQ(mem_byte(s, mem, 11), 2);
    EXPECT_EQ(mem_byte(s, mem, 65535), 0);
    EXPECT_EQ(mem_byte(s, mem, 20), 0);
  }
  {
    // All segments succeed, then the start function traps: the writes stay.
    WasmBuilder b;
    b.import_memory("m", "mem", 1, std::nullopt);
    const u32 t = b.type({}, {});
    b.start(b.func(t, {0x00}));
    b.data_active(i32_const(30), {9});
    Result<ModuleAddr> r = instantiate(s, b.bytes(), {ExternVal{ExternKind::mem, mem.value}});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().outcome, Outcome::trap);
    EXPECT_EQ(r.error().message, msg::unreachable);
    EXPECT_EQ(mem_byte(s, mem, 30), 9);
  }
}

TEST(Instantiate, ActiveAndDeclarativeSegmentsAreDropped) {
  Store s;
  WasmBuilder b;
  const u32 t3 = b.type({I32, I32, I32}, {});
  b.table(FUNCREF, 4, std::nullopt);
  b.memory(1, std::nullopt);
  const u32 f = b.func(b.type({}, {}), {});
  b.elem_active(i32_const(0), {f});  // elem 0: active, dropped after instantiation
  b.elem_declarative({f});           // elem 1: declarative, dropped
  b.elem_passive({f});               // elem 2: passive, stays
  b.data_active(i32_const(0), {1});  // data 0: active, dropped
  b.export_func("tinit", b.func(t3, cat({local_get(0), local_get(1), local_get(2), fc(12),
                                         uleb(0), {0x00}})));
  b.export_func("tinit1", b.func(t3, cat({local_get(0), local_get(1), local_get(2), fc(12),
                                          uleb(1), {0x00}})));
  b.export_func("tinit2", b.func(t3, cat({local_get(0), local_get(1), local_get(2), fc(12),
                                          uleb(2), {0x00}})));
  b.export_func("minit", b.func(t3, cat({local_get(0), local_get(1), local_get(2), fc(8),
                                         {0x00, 0x00}})));
  const ModuleAddr inst = *instantiate(s, b.bytes());
  auto run = [&](const char* f, u32 n) { return invoke_export(s, inst, f, I32s({0, 0, n})); };
  EXPECT_EQ(run("tinit", 1).error().message, msg::out_of_bounds_table_access);
  EXPECT_EQ(run("tinit1", 1).error().message, msg::out_of_bounds_table_access);
  EXPECT_TRUE(run("tinit2", 1).ok());
  EXPECT_EQ(run("minit", 1).error().message, msg::out_of_bounds_memory_access);
  EXPECT_TRUE(run("minit", 0).ok());
}

TEST(Instantiate, UnvalidatedModuleIsRefused) {
  Store s;
  WasmBuilder b;
  b.memory(1, std::nullopt);
  Result<std::shared_ptr<Module>> m = embed::module_decode(b.bytes());
  ASSERT_TRUE(m.ok());
  Result<ModuleAddr> r = embed::module_instantiate(s, *m, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().outcome, Outcome::crash);
  EXPECT_TRUE(s.mems.empty());
}

TEST(Instantiate, InitialSizeBeyondTheLimitsIsExhaustion) {
  ExecLimits limits;
  limits.max_memory_pages = 4;
  Store s(limits);
  WasmBuilder b;
  b.memory(5, std::nullopt);
  Result<ModuleAddr> r = instantiate(s, b.bytes());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().outcome, Outcome::exhaustion);
  EXPECT_TRUE(s.mems.empty());  // nothing allocated
}

// ExecLimits::max_total_memory_bytes bounds the memories of the whole store: a module whose
// memory would pass it is exhaustion before anything is allocated, and memory.grow past it
// fails with -1.
TEST(Instantiate, TheStoresTotalMemoryIsBounded) {
  ExecLimits limits;
  limits.max_total_memory_bytes = 5 * MemInst::kPageSize;
  Store s(limits);
  WasmBuilder a;
  a.memory(3, std::nullopt);
  a.export_func("grow", a.func(a.type({I32}, {I32}), cat({local_get(0), {0x40, 0x00}})));
  Result<ModuleAddr> first = instantiate(s, a.bytes());
  ASSERT_TRUE(first.ok());
  WasmBuilder b;
  b.memory(3, std::nullopt);
  Result<ModuleAddr> second = instantiate(s, b.bytes());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().outcome, Outcome::exhaustion);
  EXPECT_EQ(s.mems.size(), 1u);  // nothing allocated
  EXPECT_EQ(*invoke_export(s, *first, "grow", {Value::i32(3)}), std::vector<Value>{Value::i32(~0u)});
  EXPECT_EQ(*invoke_export(s, *first, "grow", {Value::i32(2)}), std::vector<Value>{Value::i32(3)});
  EXPECT_EQ(total_memory_bytes(s), 5 * MemInst::kPageSize);
}

TEST(Instantiate, ExportsAndExternalTypes) {
  WasmBuilder b;
  const u32 t = b.type({I32}, {I64});
  b.import_func("m", "f", t);
  b.import_global("m", "g", F32, true);
  b.func(t, cat({local_get(0), {0xAD}}));
  b.table(EXTERNREF, 1, 2);
  b.memory(0, std::nullopt);
  b.export_func("f0", 0);
  b.export_func("f1", 1);
  b.export_("t", 0x01, 0);
  b.export_("m", 0x02, 0);
  b.export_("g", 0x03, 0);
  Result<std::shared_ptr<Module>> m = embed::module_decode(b.bytes());
  ASSERT_TRUE(m.ok());
  const Module& mod = **m;
  ASSERT_EQ(mod.exports.size(), 5u);
  const FuncType ft{{ValType::i32}, {ValType::i64}};
  EXPECT_EQ(export_externtype(mod, mod.exports[0])->func, ft);
  EXPECT_EQ(export_externtype(mod, mod.exports[1])->func, ft);
  EXPECT_EQ(export_externtype(mod, mod.exports[2])->table,
            (TableType{{1, 2}, ValType::externref}));
  EXPECT_EQ(export_externtype(mod, mod.exports[3])->mem, (MemType{{0, std::nullopt}}));
  EXPECT_EQ(export_externtype(mod, mod.exports[4])->global, (GlobalType{Mut::var, ValType::f32}));
  EXPECT_EQ(import_externtype(mod, mod.imports[0])->func, ft);
}

// ============================================================================================
// Core 3.0 extended constant expressions (exec/modules.rst evalglobals)
// ============================================================================================

// decode -> validate (with extended constant expressions) -> instantiate.
Result<ModuleAddr> instantiate_extended(Store& s, const Bytes& bytes,
                                        std::vector<ExternVal> imports = {}) {
  Features f;
  f.extended_const = true;
  Result<std::shared_ptr<Module>> m = embed::module_decode(bytes, f);
  if (!m) {
    ADD_FAILURE() << "decode: " << m.error().message;
    return m.take_error();
  }
  Result<void> v = embed::module_validate(**m, f);
  if (!v) {
    ADD_FAILURE() << "validate: " << v.error().message;
    return v.take_error();
  }
  return embed::module_instantiate(s, *m, imports);
}

Value exported_global(const Store& s, ModuleAddr inst, const std::string& name) {
  return embed::global_read(s, GlobalAddr{embed::instance_export(s, inst, name)->addr});
}

TEST(Instantiate, GlobalInitialisersReadEarlierGlobalsInOrder) {
  Store s;
  const GlobalAddr g = embed::global_alloc(s, {Mut::const_, ValType::i32}, Value::i32(41));
  WasmBuilder b;
  b.import_global("m", "g", I32, false);                                        // 0 = 41
  b.global(I32, false, i32_const(2));                                           // 1 = 2
  b.global(I32, false, cat({global_get(0), global_get(1), {0x6C}, i32_const(1),
                            {0x6A}}));                                          // 2 = 83
  b.global(I32, false, cat({global_get(2), i32_const(100), {0x6B}}));           // 3 = -17
  b.global(I64, false, cat({i64_const(INT64_MAX), i64_const(1), {0x7C}}));      // 4 wraps
  b.global(I64, false, cat({i64_const(INT64_MIN), i64_const(-1), {0x7E}}));     // 5 wraps
  for (u32 i = 1; i <= 5; ++i) b.export_("g" + std::to_string(i), 0x03, i);
  const ModuleAddr inst =
      *instantiate_extended(s, b.bytes(), {ExternVal{ExternKind::global, g.value}});
  EXPECT_EQ(exported_global(s, inst, "g1"), Value::i32(2));
  EXPECT_EQ(exported_global(s, inst, "g2"), Value::i32(83));
  EXPECT_EQ(exported_global(s, inst, "g3"), Value::i32(static_cast<u32>(-17)));
  EXPECT_EQ(exported_global(s, inst, "g4"), Value::i64(u64{1} << 63));
  EXPECT_EQ(exported_global(s, inst, "g5"), Value::i64(u64{1} << 63));  // INT64_MIN * -1
}

TEST(Instantiate, SegmentOffsetsReadDefinedGlobals) {
  // global 0 = 1 + 2; data at (global.get 0) and the function at table slot global.get 0.
  Store s;
  WasmBuilder b;
  const u32 t = b.type({}, {I32});
  b.table(FUNCREF, 4, std::nullopt);
  b.memory(1, std::nullopt);
  const u32 g = b.global(I32, false, cat({i32_const(1), i32_const(2), {0x6A}}));
  const u32 f = b.func(t, i32_const(9));
  b.export_func("call3", b.func(t, cat({i32_const(3), call_indirect(t)})));
  b.elem_active(global_get(g), {f});
  b.data_active(cat({global_get(g), i32_const(1), {0x6A}}), {0x55});  // at 4
  b.export_("m", 0x02, 0);
  const ModuleAddr inst = *instantiate_extended(s, b.bytes());
  EXPECT_EQ(*invoke_export(s, inst, "call3"), I32s({9}));
  const MemAddr m{embed::instance_export(s, inst, "m")->addr};
  EXPECT_EQ(mem_byte(s, m, 3), 0x00);
  EXPECT_EQ(mem_byte(s, m, 4), 0x55);
}

}  // namespace
}  // namespace wasmref
