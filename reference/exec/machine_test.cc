// Core 2.0 §4.4 Instructions (exec/instructions.rst): the machine, end to end from wasm bytes
#include "exec/machine.h"

#include <gtest/gtest.h>

#include <chrono>

#include "exec/wasm_bytes_test_util.h"
#include "syntax/messages.h"

namespace wasmref {
namespace {

using namespace wasmref::testing;

// One module, one exported function "f" of type [params] -> [results] with `body`.
struct Single {
  Store store;
  ModuleAddr inst{};
  explicit Single(Bytes params, Bytes results, Bytes body, Bytes locals = {},
                  const ExecLimits& limits = {})
      : store(limits) {
    WasmBuilder b;
    const u32 t = b.type(params, results);
    b.export_func("f", b.func(t, body, locals));
    Result<ModuleAddr> r = instantiate(store, b.bytes());
    EXPECT_TRUE(r.ok());
    if (r) inst = *r;
  }
  Result<std::vector<Value>> f(std::vector<Value> args = {}) {
    return invoke_export(store, inst, "f", args);
  }
};

std::vector<Value> I32s(std::initializer_list<u32> vs) {
  std::vector<Value> out;
  for (u32 v : vs) out.push_back(Value::i32(v));
  return out;
}

// Core 3.0: an uncaught exception (its address in Error::exn).
void expect_exception(const Result<std::vector<Value>>& r) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().outcome, Outcome::exception);
}

void expect_trap(const Result<std::vector<Value>>& r, const char* message) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().outcome, Outcome::trap);
  EXPECT_EQ(r.error().message, message);
}

// ============================================================================================
// Control instructions
// ============================================================================================

TEST(Control, BlockResultAndNop) {
  Single m({}, {I32}, cat({{0x02, I32, 0x01}, i32_const(7), {kEnd}}));
  EXPECT_EQ(*m.f(), I32s({7}));
}

TEST(Control, IfElseBothArms) {
  Single m({I32}, {I32},
           cat({local_get(0), {0x04, I32}, i32_const(10), {0x05}, i32_const(20), {kEnd}}));
  EXPECT_EQ(*m.f(I32s({1})), I32s({10}));
  EXPECT_EQ(*m.f(I32s({0})), I32s({20}));
}

TEST(Control, IfWithoutElse) {
  // (local i32) if (param) { local = 5 } ; local
  Single m({I32}, {I32}, cat({local_get(0), {0x04, kBlockEmpty}, i32_const(5), local_set(1),
                              {kEnd}, local_get(1)}),
           {I32});
  EXPECT_EQ(*m.f(I32s({1})), I32s({5}));
  EXPECT_EQ(*m.f(I32s({0})), I32s({0}));
}

TEST(Control, LoopCountsDown) {
  // sum = 0; loop { sum += n; n -= 1; br_if 0 (n != 0) }; sum
  Single m({I32}, {I32},
           cat({{0x03, kBlockEmpty}, local_get(1), local_get(0), {0x6A}, local_set(1),
                local_get(0), i32_const(1), {0x6B}, local_tee(0), br_if(0), {kEnd}, local_get(1)}),
           {I32});
  EXPECT_EQ(*m.f(I32s({100})), I32s({5050}));
}

TEST(Control, BranchOutOfNestedBlocksDropsValues) {
  // block (result i32) { i32 99; block { i32 1; i32 2; i32 3; br 1 } ; unreachable }:
  // br 1 keeps the top value (3) and drops 99, 1, 2.
  Single m({}, {I32}, cat({{0x02, I32}, i32_const(99), {0x02, kBlockEmpty}, i32_const(1),
                           i32_const(2), i32_const(3), br(1), {kEnd}, {0x00}, {kEnd}}));
  EXPECT_EQ(*m.f(), I32s({3}));
}

TEST(Control, MultiValueBlockWithParams) {
  // type 1: [i32 i32] -> [i32 i32]; block (type 1) swaps via locals... simply: block with
  // params [i32 i32] results [i32 i32] that passes its params through, then i32.sub.
  WasmBuilder b;
  const u32 t0 = b.type({}, {I32, I32});
  const u32 t1 = b.type({I32, I32}, {I32, I32});
  const u32 t2 = b.type({}, {I32});
  b.export_func("pair", b.func(t0, cat({i32_const(1), i32_const(2), {0x02}, sleb(t1), {kEnd}})));
  b.export_func("sub", b.func(t2, cat({i32_const(10), i32_const(3), {0x02}, sleb(t1), {kEnd},
                                        {0x6B}})));
  // br with two values out of a multi-value block, dropping one value underneath.
  b.export_func("br2", b.func(t0, cat({{0x02}, sleb(t0), i32_const(5), i32_const(6),
                                        i32_const(7), br(0), {kEnd}})));
  Store s;
  const ModuleAddr inst = *instantiate(s, b.bytes());
  EXPECT_EQ(*invoke_export(s, inst, "pair"), I32s({1, 2}));
  EXPECT_EQ(*invoke_export(s, inst, "sub"), I32s({7}));
  EXPECT_EQ(*invoke_export(s, inst, "br2"), I32s({6, 7}));
}

TEST(Control, LoopWithParamsBranchesBack) {
  // loop [i32] -> [i32]: n -> if n < 10 { br 0 (n + 1) } else n.
  WasmBuilder b;
  const u32 t = b.type({I32}, {I32});
  b.export_func("f", b.func(t, cat({local_get(0), {0x03}, sleb(t), i32_const(1), {0x6A},
                                    local_tee(0), local_get(0), i32_const(10), {0x48}, br_if(0),
                                    {kEnd}})));
  Store s;
  const ModuleAddr inst = *instantiate(s, b.bytes());
  EXPECT_EQ(*invoke_export(s, inst, "f", I32s({0})), I32s({10}));
  EXPECT_EQ(*invoke_export(s, inst, "f", I32s({50})), I32s({51}));
}

TEST(Control, BrTableSelectsTargetsAndDefault) {
  // block block block (br_table 0 1 2 (local 0)) return 10 end return 11 end return 12 end 13
  Single m({I32}, {I32},
           cat({{0x02, kBlockEmpty, 0x02, kBlockEmpty, 0x02, kBlockEmpty}, local_get(0),
                {0x0E, 0x02, 0x00, 0x01, 0x02}, {kEnd}, i32_const(10), {0x0F}, {kEnd},
                i32_const(11), {0x0F}, {kEnd}, i32_const(12)}));
  EXPECT_EQ(*m.f(I32s({0})), I32s({10}));
  EXPECT_EQ(*m.f(I32s({1})), I32s({11}));
  EXPECT_EQ(*m.f(I32s({2})), I32s({12}));
  EXPECT_EQ(*m.f(I32s({1000})), I32s({12}));
}

TEST(Control, BranchToFunctionLabelReturns) {
  // Inside a block: 1 2 br 1 keeps 2 (the function's arity) and drops 1.
  Single m({}, {I32}, cat({{0x02, kBlockEmpty}, i32_const(1), i32_const(2), br(1), {kEnd},
                           {0x00}}));
  EXPECT_EQ(*m.f(), I32s({2}));
}

TEST(Control, ReturnFromNestedBlocks) {
  Single m({}, {I32, I32}, cat({i32_const(5), {0x02, kBlockEmpty, 0x03, kBlockEmpty},
                                i32_const(1), i32_const(2), {0x0F}, {kEnd, kEnd}, {0x00}}));
  EXPECT_EQ(*m.f(), I32s({1, 2}));
}

TEST(Control, UnreachableTraps) {
  Single m({}, {}, {0x00});
  expect_trap(m.f(), msg::unreachable);
}

TEST(Control, RecursiveFactorial) {
  WasmBuilder b;
  const u32 t = b.type({I64}, {I64});
  // fac(n) = n == 0 ? 1 : n * fac(n - 1)
  b.export_func("fac", b.func(t, cat({local_get(0), {0x50}, {0x04, I64}, i64_const(1), {0x05},
                                      local_get(0), local_get(0), i64_const(1), {0x7D}, call(0),
                                      {0x7E}, {kEnd}})));
  Store s;
  const ModuleAddr inst = *instantiate(s, b.bytes());
  EXPECT_EQ(*invoke_export(s, inst, "fac", {Value::i64(20)}),
            std::vector<Value>{Value::i64(2432902008176640000ull)});
}

TEST(Control, CallPassesArgumentsAndResults) {
  WasmBuilder b;
  const u32 t2 = b.type({I32, I32}, {I32, I32});
  const u32 t0 = b.type({}, {I32});
  const u32 swap = b.func(t2, cat({local_get(1), local_get(0)}));
  b.export_func("f", b.func(t0, cat({i32_const(3), i32_const(10), call(swap), {0x6B}})));
  Store s;
  EXPECT_EQ(*invoke_export(s, *instantiate(s, b.bytes()), "f"), I32s({7}));
}

// ============================================================================================
// call_indirect
// ============================================================================================

Bytes return_call(u32 f) { return cat({{0x12}, uleb(f)}); }
Bytes return_call_indirect(u32 type, u32 table = 0) {
  return cat({{0x13}, uleb(type), uleb(table)});
}

Features tail_calls() {
  Features f;
  f.tail_call = true;
  return f;
}

// decode -> validate -> instantiate with the features on.
Result<ModuleAddr> instantiate_with(const Features& features, Store& s, const Bytes& bytes,
                                    std::vector<ExternVal> imports = {}) {
  Result<std::shared_ptr<Module>> m = embed::module_decode(bytes, features);
  if (!m) {
    ADD_FAILURE() << "decode: " << m.error().message;
    return m.take_error();
  }
  Result<void> v = embed::module_validate(**m, features);
  if (!v) {
    ADD_FAILURE() << "validate: " << v.error().message;
    return v.take_error();
  }
  return embed::module_instantiate(s, *m, imports);
}
Result<ModuleAddr> instantiate_tail(Store& s, const Bytes& bytes,
                                    std::vector<ExternVal> imports = {}) {
  return instantiate_with(tail_calls(), s, bytes, std::move(imports));
}

// "call": call_indirect through a table [f42, f64, null, null] (`tail`: return_call_indirect,
// which has the same lookup and traps).
struct IndirectFixture {
  Store s;
  ModuleAddr inst{};
  explicit IndirectFixture(bool tail = false) {
    WasmBuilder b;
    const u32 t_i = b.type({}, {I32});
    const u32 t_l = b.type({}, {I64});
    const u32 t_call = b.type({I32}, {I32});
    const u32 f42 = b.func(t_i, i32_const(42));
    const u32 f64_ = b.func(t_l, i64_const(64));
    b.table(FUNCREF, 4, std::nullopt);
    b.elem_active(i32_const(0), {f42, f64_});  // [f42, f64, null, null]
    b.export_func("call", b.func(t_call, cat({local_get(0), tail ? return_call_indirect(t_i)
                                                                  : call_indirect(t_i)})));
    inst = tail ? *instantiate_tail(s, b.bytes()) : *instantiate(s, b.bytes());
  }
};

TEST(CallIndirect, CallsThroughTheTable) {
  IndirectFixture fx;
  EXPECT_EQ(*invoke_export(fx.s, fx.inst, "call", I32s({0})), I32s({42}));
}

TEST(CallIndirect, ThreeTraps) {
  IndirectFixture fx;
  expect_trap(invoke_export(fx.s, fx.inst, "call", I32s({1})), msg::indirect_call_type_mismatch);
  expect_trap(invoke_export(fx.s, fx.inst, "call", I32s({2})), "uninitialized element 2");
  expect_trap(invoke_export(fx.s, fx.inst, "call", I32s({4})), msg::undefined_element);
  expect_trap(invoke_export(fx.s, fx.inst, "call", I32s({0xFFFFFFFF})), msg::undefined_element);
}

// ============================================================================================
// Memory instructions
// ============================================================================================

struct Access {
  const char* name;
  u8 op;
  u32 width;
  bool store;
  u8 valtype;
};
const Access kAccesses[] = {
    {"i32.load", 0x28, 4, false, I32},     {"i64.load", 0x29, 8, false, I64},
    {"f32.load", 0x2A, 4, false, F32},     {"f64.load", 0x2B, 8, false, F64},
    {"i32.load8_s", 0x2C, 1, false, I32},  {"i32.load8_u", 0x2D, 1, false, I32},
    {"i32.load16_s", 0x2E, 2, false, I32}, {"i32.load16_u", 0x2F, 2, false, I32},
    {"i64.load8_s", 0x30, 1, false, I64},  {"i64.load8_u", 0x31, 1, false, I64},
    {"i64.load16_s", 0x32, 2, false, I64}, {"i64.load16_u", 0x33, 2, false, I64},
    {"i64.load32_s", 0x34, 4, false, I64}, {"i64.load32_u", 0x35, 4, false, I64},
    {"i32.store", 0x36, 4, true, I32},     {"i64.store", 0x37, 8, true, I64},
    {"f32.store", 0x38, 4, true, F32},     {"f64.store", 0x39, 8, true, F64},
    {"i32.store8", 0x3A, 1, true, I32},    {"i32.store16", 0x3B, 2, true, I32},
    {"i64.store8", 0x3C, 1, true, I64},    {"i64.store16", 0x3D, 2, true, I64},
    {"i64.store32", 0x3E, 4, true, I64},
};

u32 log2(u32 w) { return w == 8 ? 3 : w == 4 ? 2 : w == 2 ? 1 : 0; }

Bytes zero_of(u8 valtype) {
  switch (valtype) {
    case I32: return i32_const(0);
    case I64: return i64_const(0);
    case F32: return {0x43, 0, 0, 0, 0};
    default: return {0x44, 0, 0, 0, 0, 0, 0, 0, 0};
  }
}

TEST(Memory, EveryWidthAtTheBoundary) {
  for (const Access& a : kAccesses) {
    SCOPED_TRACE(a.name);
    // f(addr) with offset 16: ea + width == 65536 is in bounds, one more byte traps.
    Bytes body = local_get(0);
    if (a.store) append(body, zero_of(a.valtype));
    append(body, mem_op(a.op, log2(a.width), 16));
    if (!a.store) body.push_back(0x1A);  // drop
    WasmBuilder b;
    const u32 t = b.type({I32}, {});
    b.memory(1, std::nullopt);
    b.export_func("f", b.func(t, body));
    Store s;
    const ModuleAddr inst = *instantiate(s, b.bytes());
    const u32 last = 65536 - a.width - 16;
    EXPECT_TRUE(invoke_export(s, inst, "f", I32s({last})).ok());
    expect_trap(invoke_export(s, inst, "f", I32s({last + 1})), msg::out_of_bounds_memory_access);
    // The effective address is computed in 64 bits: it never wraps around.
    expect_trap(invoke_export(s, inst, "f", I32s({0xFFFFFFFF})), msg::out_of_bounds_memory_access);
  }
}

TEST(Memory, LoadsExtendAndStoresWrap) {
  WasmBuilder b;
  b.memory(1, std::nullopt);
  const u32 tl = b.type({}, {I64});
  const u32 ti = b.type({}, {I32});
  // store 0x1234_5678_9ABC_DEF0 at 8; read pieces back.
  const Bytes st = cat({i32_const(8), i64_const(0x123456789ABCDEF0ll), mem_op(0x37, 3, 0)});
  b.export_func("load8_s", b.func(ti, cat({st, i32_const(8), mem_op(0x2C, 0, 0)})));
  b.export_func("load16_u", b.func(ti, cat({st, i32_const(8), mem_op(0x2F, 1, 0)})));
  b.export_func("load32_s", b.func(tl, cat({st, i32_const(8), mem_op(0x34, 2, 4)})));
  b.export_func("store8", b.func(tl, cat({i32_const(0), i64_const(0x1FF), mem_op(0x3C, 0, 0),
                                          i32_const(0), mem_op(0x29, 3, 0)})));
  Store s;
  const ModuleAddr inst = *instantiate(s, b.bytes());
  EXPECT_EQ(*invoke_export(s, inst, "load8_s"), I32s({0xFFFFFFF0}));
  EXPECT_EQ(*invoke_export(s, inst, "load16_u"), I32s({0xDEF0}));
  EXPECT_EQ(*invoke_export(s, inst, "load32_s"), std::vector<Value>{Value::i64(0x12345678)});
  EXPECT_EQ(*invoke_export(s, inst, "store8"), std::vector<Value>{Value::i64(0xFF)});
}

TEST(Memory, GrowRespectsTypeMaxAndLimits) {
  WasmBuilder b;
  b.memory(1, 3);
  const u32 t = b.type({I32}, {I32});
  const u32 ts = b.type({}, {I32});
  b.export_func("grow", b.func(t, cat({local_get(0), {0x40, 0x00}})));
  b.export_func("size", b.func(ts, {0x3F, 0x00}));
  Store s;
  const ModuleAddr inst = *instantiate(s, b.bytes());
  EXPECT_EQ(*invoke_export(s, inst, "grow", I32s({1})), I32s({1}));
  EXPECT_EQ(*invoke_export(s, inst, "grow", I32s({2})), I32s({0xFFFFFFFF}));  // 4 > max 3
  EXPECT_EQ(*invoke_export(s, inst, "grow", I32s({0})), I32s({2}));
  EXPECT_EQ(*invoke_export(s, inst, "grow", I32s({1})), I32s({2}));
  EXPECT_EQ(*invoke_export(s, inst, "size"), I32s({3}));
  EXPECT_EQ(*invoke_export(s, inst, "grow", I32s({0xFFFFFFFF})), I32s({0xFFFFFFFF}));

  // Without a maximum, ExecLimits::max_memory_pages bounds the memory.
  WasmBuilder b2;
  b2.memory(0, std::nullopt);
  b2.export_func("grow", b2.func(b2.type({I32}, {I32}), cat({local_get(0), {0x40, 0x00}})));
  ExecLimits limits;
  limits.max_memory_pages = 2;
  Store s2(limits);
  const ModuleAddr inst2 = *instantiate(s2, b2.bytes());
  EXPECT_EQ(*invoke_export(s2, inst2, "grow", I32s({3})), I32s({0xFFFFFFFF}));
  EXPECT_EQ(*invoke_export(s2, inst2, "grow", I32s({2})), I32s({0}));
  EXPECT_EQ(*invoke_export(s2, inst2, "grow", I32s({1})), I32s({0xFFFFFFFF}));
  EXPECT_EQ(*invoke_export(s2, inst2, "grow", I32s({65537})), I32s({0xFFFFFFFF}));
}

// memory.fill / memory.copy / memory.init / data.drop, and a byte reader.
struct BulkMemory {
  Store s;
  ModuleAddr inst{};
  BulkMemory() {
    WasmBuilder b;
    b.memory(1, std::nullopt);
    const u32 t3 = b.type({I32, I32, I32}, {});
    const u32 t1 = b.type({I32}, {I32});
    const u32 t0 = b.type({}, {});
    b.data_passive({1, 2, 3, 4, 5});
    b.export_func("fill", b.func(t3, cat({local_get(0), local_get(1), local_get(2), fc(11),
                                          {0x00}})));
    b.export_func("copy", b.func(t3, cat({local_get(0), local_get(1), local_get(2), fc(10),
                                          {0x00, 0x00}})));
    b.export_func("init", b.func(t3, cat({local_get(0), local_get(1), local_get(2), fc(8),
                                          {0x00, 0x00}})));
    b.export_func("drop", b.func(t0, cat({fc(9), {0x00}})));
    b.export_func("load8", b.func(t1, cat({local_get(0), mem_op(0x2D, 0, 0)})));
    inst = *instantiate(s, b.bytes());
  }
  u32 at(u32 a) { return invoke_export(s, inst, "load8", I32s({a}))->at(0).as_i32(); }
  Result<std::vector<Value>> op(const char* f, u32 x, u32 y, u32 z) {
    return invoke_export(s, inst, f, I32s({x, y, z}));
  }
};

TEST(BulkMemory, FillAndBounds) {
  BulkMemory m;
  EXPECT_TRUE(m.op("fill", 10, 0x1AB, 3).ok());  // value truncated to a byte
  EXPECT_EQ(m.at(9), 0u);
  EXPECT_EQ(m.at(10), 0xABu);
  EXPECT_EQ(m.at(12), 0xABu);
  EXPECT_EQ(m.at(13), 0u);
  EXPECT_TRUE(m.op("fill", 65536, 0, 0).ok());  // n = 0 at the end is in bounds
  expect_trap(m.op("fill", 65537, 0, 0), msg::out_of_bounds_memory_access);
  expect_trap(m.op("fill", 65530, 7, 7), msg::out_of_bounds_memory_access);
  EXPECT_EQ(m.at(65530), 0u);  // nothing written when the bounds check fails
}

TEST(BulkMemory, CopyOverlapsBothWays) {
  BulkMemory m;
  ASSERT_TRUE(m.op("init", 0, 0, 5).ok());  // 1 2 3 4 5
  ASSERT_TRUE(m.op("copy", 2, 0, 5).ok());  // forward overlap: 1 2 1 2 3 4 5
  for (u32 i = 0; i < 7; ++i) EXPECT_EQ(m.at(i), (std::vector<u32>{1, 2, 1, 2, 3, 4, 5}[i]));
  ASSERT_TRUE(m.op("copy", 0, 2, 5).ok());  // backward overlap: 1 2 3 4 5 4 5
  for (u32 i = 0; i < 7; ++i) EXPECT_EQ(m.at(i), (std::vector<u32>{1, 2, 3, 4, 5, 4, 5}[i]));
  EXPECT_TRUE(m.op("copy", 65536, 0, 0).ok());
  expect_trap(m.op("copy", 0, 65535, 2), msg::out_of_bounds_memory_access);
  expect_trap(m.op("copy", 65535, 0, 2), msg::out_of_bounds_memory_access);
  expect_trap(m.op("copy", 65537, 0, 0), msg::out_of_bounds_memory_access);
}

TEST(BulkMemory, InitBoundsAndDataDrop) {
  BulkMemory m;
  EXPECT_TRUE(m.op("init", 100, 3, 2).ok());
  EXPECT_EQ(m.at(100), 4u);
  EXPECT_EQ(m.at(101), 5u);
  expect_trap(m.op("init", 0, 3, 3), msg::out_of_bounds_memory_access);  // s + n > 5
  EXPECT_TRUE(m.op("init", 0, 5, 0).ok());
  expect_trap(m.op("init", 65535, 0, 2), msg::out_of_bounds_memory_access);
  ASSERT_TRUE(invoke_export(m.s, m.inst, "drop").ok());
  EXPECT_TRUE(m.op("init", 0, 0, 0).ok());  // a dropped segment has length 0
  expect_trap(m.op("init", 0, 0, 1), msg::out_of_bounds_memory_access);
}

// ============================================================================================
// Table instructions
// ============================================================================================

struct Tables {
  Store s;
  ModuleAddr inst{};
  u32 fa = 0, fb = 0;
  Tables() {
    WasmBuilder b;
    const u32 t_i = b.type({}, {I32});
    const u32 t3 = b.type({I32, I32, I32}, {});
    const u32 t_get = b.type({I32}, {I32});  // call_indirect index -> result, or -1 for null
    const u32 t_grow = b.type({I32}, {I32});
    const u32 t0 = b.type({}, {});
    const u32 t_size = b.type({}, {I32});
    fa = b.func(t_i, i32_const(1));
    fb = b.func(t_i, i32_const(2));
    b.table(FUNCREF, 6, 8);
    b.elem_passive({fa, fb, fa});
    b.elem_declarative({fb});
    b.export_func("init", b.func(t3, cat({local_get(0), local_get(1), local_get(2), fc(12),
                                          {0x00, 0x00}})));
    b.export_func("copy", b.func(t3, cat({local_get(0), local_get(1), local_get(2), fc(14),
                                          {0x00, 0x00}})));
    // fill(i, n, which): fills with ref.func fb when which != 0, else ref.null.
    b.export_func("fill", b.func(t3, cat({local_get(0), ref_func(fb), {0xD0, FUNCREF},
                                          local_get(2), {0x1C, 0x01, FUNCREF}, local_get(1), fc(17), {0x00}})));
    b.export_func("get", b.func(t_get, cat({local_get(0), {0x25, 0x00}, {0xD1}, {0x04, I32},
                                            i32_const(-1), {0x05}, local_get(0),
                                            call_indirect(t_i), {kEnd}})));
    b.export_func("set_null", b.func(t_get, cat({local_get(0), {0xD0, FUNCREF}, {0x26, 0x00},
                                                 i32_const(0)})));
    b.export_func("grow", b.func(t_grow, cat({{0xD0, FUNCREF}, local_get(0), fc(15), {0x00}})));
    b.export_func("size", b.func(t_size, cat({fc(16), {0x00}})));
    b.export_func("drop", b.func(t0, cat({fc(13), {0x00}})));
    inst = *instantiate(s, b.bytes());
  }
  Result<std::vector<Value>> op(const char* f, u32 x, u32 y, u32 z) {
    return invoke_export(s, inst, f, I32s({x, y, z}));
  }
  u32 get(u32 i) { return invoke_export(s, inst, "get", I32s({i}))->at(0).as_i32(); }
};

TEST(TableOps, InitCopyOverlapAndBounds) {
  Tables t;
  ASSERT_TRUE(t.op("init", 1, 0, 3).ok());  // [null 1 2 1 null null]
  EXPECT_EQ(t.get(0), 0xFFFFFFFFu);
  EXPECT_EQ(t.get(1), 1u);
  EXPECT_EQ(t.get(2), 2u);
  EXPECT_EQ(t.get(3), 1u);
  ASSERT_TRUE(t.op("copy", 2, 1, 3).ok());  // forward overlap: [null 1 1 2 1 null]
  EXPECT_EQ(t.get(2), 1u);
  EXPECT_EQ(t.get(3), 2u);
  EXPECT_EQ(t.get(4), 1u);
  ASSERT_TRUE(t.op("copy", 0, 1, 4).ok());  // backward overlap: [1 1 2 1 1 null]
  EXPECT_EQ(t.get(0), 1u);
  EXPECT_EQ(t.get(2), 2u);
  EXPECT_EQ(t.get(4), 1u);
  EXPECT_TRUE(t.op("copy", 6, 0, 0).ok());
  expect_trap(t.op("copy", 7, 0, 0), msg::out_of_bounds_table_access);
  expect_trap(t.op("copy", 0, 5, 2), msg::out_of_bounds_table_access);
  expect_trap(t.op("init", 0, 2, 2), msg::out_of_bounds_table_access);  // s + n > 3
  expect_trap(t.op("init", 5, 0, 2), msg::out_of_bounds_table_access);
  EXPECT_TRUE(t.op("init", 6, 3, 0).ok());
  ASSERT_TRUE(invoke_export(t.s, t.inst, "drop").ok());
  expect_trap(t.op("init", 0, 0, 1), msg::out_of_bounds_table_access);
  EXPECT_TRUE(t.op("init", 0, 0, 0).ok());
}

TEST(TableOps, FillGetSetGrow) {
  Tables t;
  ASSERT_TRUE(t.op("fill", 2, 3, 1).ok());
  EXPECT_EQ(t.get(1), 0xFFFFFFFFu);
  EXPECT_EQ(t.get(2), 2u);
  EXPECT_EQ(t.get(4), 2u);
  EXPECT_EQ(t.get(5), 0xFFFFFFFFu);
  expect_trap(t.op("fill", 5, 2, 1), msg::out_of_bounds_table_access);
  EXPECT_EQ(t.get(5), 0xFFFFFFFFu);
  EXPECT_TRUE(t.op("fill", 6, 0, 1).ok());
  ASSERT_TRUE(invoke_export(t.s, t.inst, "set_null", I32s({2})).ok());
  EXPECT_EQ(t.get(2), 0xFFFFFFFFu);
  expect_trap(invoke_export(t.s, t.inst, "set_null", I32s({6})), msg::out_of_bounds_table_access);
  expect_trap(invoke_export(t.s, t.inst, "get", I32s({6})), msg::out_of_bounds_table_access);
  EXPECT_EQ(*invoke_export(t.s, t.inst, "grow", I32s({3})), I32s({0xFFFFFFFF}));  // max 8
  EXPECT_EQ(*invoke_export(t.s, t.inst, "grow", I32s({2})), I32s({6}));
  EXPECT_EQ(*invoke_export(t.s, t.inst, "size"), I32s({8}));
  EXPECT_EQ(t.get(7), 0xFFFFFFFFu);
}

// ============================================================================================
// Parametric, variable, reference and numeric instructions
// ============================================================================================

TEST(Parametric, SelectAndDrop) {
  Single m({I32}, {I32}, cat({i32_const(1), i32_const(2), {0x1A}, i32_const(3), local_get(0),
                              {0x1B}}));
  EXPECT_EQ(*m.f(I32s({1})), I32s({1}));
  EXPECT_EQ(*m.f(I32s({0})), I32s({3}));
}

TEST(Variable, GlobalsAndLocalDefaults) {
  WasmBuilder b;
  const u32 g = b.global(I64, true, i64_const(-5));
  const u32 t = b.type({}, {I64, F64, I32});
  // locals f64 and funcref default to 0.0 and null
  b.export_func("f", b.func(t, cat({global_get(g), i64_const(2), {0x7C}, global_set(g),
                                    global_get(g), local_get(0), local_get(1), {0xD1}}),
                            {F64, FUNCREF}));
  Store s;
  const ModuleAddr inst = *instantiate(s, b.bytes());
  EXPECT_EQ(*invoke_export(s, inst, "f"),
            (std::vector<Value>{Value::i64(static_cast<u64>(-3)), Value::f64(0.0), Value::i32(1)}));
  EXPECT_EQ(*invoke_export(s, inst, "f"),
            (std::vector<Value>{Value::i64(static_cast<u64>(-1)), Value::f64(0.0), Value::i32(1)}));
}

TEST(Reference, RefFuncIsNotNull) {
  WasmBuilder b;
  const u32 t = b.type({}, {FUNCREF});
  const u32 f = b.func(t, ref_func(0));
  b.elem_declarative({f});
  b.export_func("f", f);
  Store s;
  const ModuleAddr inst = *instantiate(s, b.bytes());
  const std::vector<Value> r = *invoke_export(s, inst, "f");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0], Value::func(FuncAddr{embed::instance_export(s, inst, "f")->addr}));
}

TEST(Numeric, PartialOperatorsTrap) {
  Single div({I32, I32}, {I32}, cat({local_get(0), local_get(1), {0x6D}}));
  expect_trap(div.f(I32s({1, 0})), msg::integer_divide_by_zero);
  expect_trap(div.f(I32s({0x80000000, 0xFFFFFFFF})), msg::integer_overflow);
  EXPECT_EQ(*div.f(I32s({0xFFFFFFF9, 2})), I32s({0xFFFFFFFD}));  // -7 / 2 = -3
  Single trunc({F32}, {I32}, cat({local_get(0), {0xA8}}));
  expect_trap(trunc.f({Value::f32_bits(0x7FC00000)}), msg::invalid_conversion_to_integer);
  expect_trap(trunc.f({Value::f32(3e9f)}), msg::integer_overflow);
  EXPECT_EQ(*trunc.f({Value::f32(-2.9f)}), I32s({0xFFFFFFFE}));
  Single sat({F64}, {I64}, cat({local_get(0), fc(7)}));  // i64.trunc_sat_f64_u
  EXPECT_EQ(*sat.f({Value::f64(-1.0)}), std::vector<Value>{Value::i64(0)});
  EXPECT_EQ(*sat.f({Value::f64(1e30)}), std::vector<Value>{Value::i64(~0ull)});
}

TEST(Numeric, FloatBitsPassThrough) {
  // f32.neg keeps a NaN payload; f32 results keep their exact bits through the boundary.
  Single neg({F32}, {F32}, cat({local_get(0), {0x8C}}));
  EXPECT_EQ(*neg.f({Value::f32_bits(0x7FA00001)}),
            std::vector<Value>{Value::f32_bits(0xFFA00001)});
  Single add({F64, F64}, {F64}, cat({local_get(0), local_get(1), {0xA0}}));
  EXPECT_EQ(*add.f({Value::f64(0.5), Value::f64(0.25)}), std::vector<Value>{Value::f64(0.75)});
}

// ============================================================================================
// Invocation and limits
// ============================================================================================

TEST(Invocation, ArgumentsAreTypeChecked) {
  Single m({I32}, {}, {});
  Result<std::vector<Value>> r = m.f({});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().outcome, Outcome::trap);
  EXPECT_EQ(r.error().message.rfind(msg::type_mismatch, 0), 0u);
  r = m.f({Value::i64(1)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.rfind(msg::type_mismatch, 0), 0u);
}

TEST(Limits, DeepRecursionIsExhaustion) {
  // f(n) = n == 0 ? 0 : f(n - 1) + 1, called with 1,000,000.
  Single m({I32}, {I32}, cat({local_get(0), {0x45}, {0x04, I32}, i32_const(0), {0x05},
                              local_get(0), i32_const(1), {0x6B}, call(0), i32_const(1), {0x6A},
                              {kEnd}}));
  const auto start = std::chrono::steady_clock::now();
  Result<std::vector<Value>> r = m.f(I32s({1000000}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().outcome, Outcome::exhaustion);
  EXPECT_EQ(r.error().message, msg::call_stack_exhausted);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  // The store is intact afterwards: a shallow call still works and the depth count is back.
  EXPECT_EQ(m.store.active_frames, 0u);
  EXPECT_EQ(*m.f(I32s({1000})), I32s({1000}));
}

TEST(Limits, CallDepthIsConfigurable) {
  ExecLimits limits;
  limits.max_call_depth = 10;
  Single m({I32}, {I32}, cat({local_get(0), {0x45}, {0x04, I32}, i32_const(0), {0x05},
                              local_get(0), i32_const(1), {0x6B}, call(0), i32_const(1), {0x6A},
                              {kEnd}}),
           {}, limits);
  EXPECT_EQ(*m.f(I32s({9})), I32s({9}));  // 10 frames
  Result<std::vector<Value>> r = m.f(I32s({10}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().outcome, Outcome::exhaustion);
}

TEST(Limits, OperandStackIsBounded) {
  ExecLimits limits;
  limits.max_stack_values = 64;
  Single m({I32}, {I32}, cat({local_get(0), {0x45}, {0x04, I32}, i32_const(0), {0x05},
                              local_get(0), i32_const(1), {0x6B}, call(0), i32_const(1), {0x6A},
                              {kEnd}}),
           {}, limits);
  Result<std::vector<Value>> r = m.f(I32s({100}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().outcome, Outcome::exhaustion);
  EXPECT_EQ(r.error().message.rfind(msg::call_stack_exhausted, 0), 0u);
}

TEST(Limits, RunawayLoopRunsOutOfFuel) {
  ExecLimits limits;
  limits.fuel = 100000;
  Single m({}, {}, cat({{0x03, kBlockEmpty}, br(0), {kEnd}}), {}, limits);
  Result<std::vector<Value>> r = m.f();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().outcome, Outcome::exhaustion);
  EXPECT_EQ(r.error().message, msg::fuel_exhausted);
  // Fuel is per top-level invocation: a short call afterwards succeeds.
  Single ok({}, {I32}, i32_const(1), {}, limits);
  EXPECT_TRUE(ok.f().ok());
}

// ============================================================================================
// Host functions
// ============================================================================================

TEST(Host, CalledFromTheLoopWithArgumentsAndResults) {
  Store s;
  std::vector<Value> seen;
  const FuncAddr h = embed::func_alloc(
      s, FuncType{{ValType::i32, ValType::i64}, {ValType::i32}},
      [&](Store&, std::span<const Value> args) -> Result<std::vector<Value>> {
        seen.assign(args.begin(), args.end());
        return std::vector<Value>{Value::i32(args[0].as_i32() * 2)};
      });
  WasmBuilder b;
  const u32 th = b.type({I32, I64}, {I32});
  const u32 t = b.type({}, {I32});
  const u32 imp = b.import_func("host", "h", th);
  b.export_func("f", b.func(t, cat({i32_const(21), i64_const(7), call(imp), i32_const(1),
                                    {0x6A}})));
  const ModuleAddr inst = *instantiate(s, b.bytes(), {ExternVal{ExternKind::func, h.value}});
  EXPECT_EQ(*invoke_export(s, inst, "f"), I32s({43}));
  EXPECT_EQ(seen, (std::vector<Value>{Value::i32(21), Value::i64(7)}));
}

TEST(Host, ReentersTheMachineAndPropagatesErrors) {
  Store s;
  ModuleAddr inst{};
  // host(n) = n == 0 ? trap : wasm "dec"(n) (re-entry), where dec(n) = host(n - 1) + 1.
  const FuncAddr h = embed::func_alloc(
      s, FuncType{{ValType::i32}, {ValType::i32}},
      [&](Store& store, std::span<const Value> args) -> Result<std::vector<Value>> {
        if (args[0].as_i32() == 0) return make_error(Outcome::trap, "host says no");
        if (args[0].as_i32() == 100) return std::vector<Value>{Value::i32(100)};
        return invoke_export(store, inst, "dec", {args[0]});
      });
  WasmBuilder b;
  const u32 t = b.type({I32}, {I32});
  const u32 imp = b.import_func("host", "h", t);
  b.export_func("dec", b.func(t, cat({local_get(0), i32_const(1), {0x6B}, call(imp),
                                      i32_const(1), {0x6A}})));
  b.export_func("h", imp);
  inst = *instantiate(s, b.bytes(), {ExternVal{ExternKind::func, h.value}});
  // dec(101) -> h(100) = 100 -> 101
  EXPECT_EQ(*invoke_export(s, inst, "dec", I32s({101})), I32s({101}));
  // dec(5) -> h(4) -> dec(4) -> ... -> h(0) traps through all nested invocations.
  Result<std::vector<Value>> r = invoke_export(s, inst, "dec", I32s({5}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().outcome, Outcome::trap);
  EXPECT_EQ(r.error().message, "host says no");
  EXPECT_EQ(s.active_frames, 0u);
  EXPECT_EQ(s.active_invocations, 0u);
  // Invoking a host function directly (its export).
  EXPECT_EQ(*invoke_export(s, inst, "h", I32s({100})), I32s({100}));
}

TEST(Host, NestedRecursionCountsTowardsTheDepth) {
  ExecLimits limits;
  limits.max_call_depth = 50;
  Store s(limits);
  ModuleAddr inst{};
  const FuncAddr h = embed::func_alloc(
      s, FuncType{{ValType::i32}, {ValType::i32}},
      [&](Store& store, std::span<const Value> args) -> Result<std::vector<Value>> {
        return invoke_export(store, inst, "dec", {args[0]});
      });
  WasmBuilder b;
  const u32 t = b.type({I32}, {I32});
  const u32 imp = b.import_func("host", "h", t);
  // dec(n) = n == 0 ? 0 : h(n - 1)
  b.export_func("dec", b.func(t, cat({local_get(0), {0x45}, {0x04, I32}, i32_const(0), {0x05},
                                      local_get(0), i32_const(1), {0x6B}, call(imp), {kEnd}})));
  inst = *instantiate(s, b.bytes(), {ExternVal{ExternKind::func, h.value}});
  EXPECT_EQ(*invoke_export(s, inst, "dec", I32s({40})), I32s({0}));
  Result<std::vector<Value>> r = invoke_export(s, inst, "dec", I32s({60}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().outcome, Outcome::exhaustion);
  EXPECT_EQ(s.active_frames, 0u);
}

TEST(Host, UnboundedReentryIsExhaustionNotANativeStackOverflow) {
  Store s;  // default call depth: the nesting bound of invocations is reached first
  ModuleAddr inst{};
  const FuncAddr h = embed::func_alloc(
      s, FuncType{{}, {}}, [&](Store& store, std::span<const Value>) -> Result<std::vector<Value>> {
        return invoke_export(store, inst, "f");
      });
  WasmBuilder b;
  const u32 t = b.type({}, {});
  const u32 imp = b.import_func("host", "h", t);
  b.export_func("f", b.func(t, call(imp)));
  inst = *instantiate(s, b.bytes(), {ExternVal{ExternKind::func, h.value}});
  Result<std::vector<Value>> r = invoke_export(s, inst, "f");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().outcome, Outcome::exhaustion);
  EXPECT_EQ(r.error().message, msg::call_stack_exhausted);
  EXPECT_EQ(s.active_frames, 0u);
  EXPECT_EQ(s.active_invocations, 0u);
  EXPECT_EQ(s.outer_values, 0u);
}

// ============================================================================================
// Core 3.0 tail calls (exec/instructions.rst return_call, return_call_indirect)
// ============================================================================================


// count(n, acc) = n == 0 ? acc : count(n - 1, acc + 1), each step `call_instr` (a tail call,
// or a call and a return), with an i64 left on the stack beneath the arguments every time.
Bytes count_body(Bytes call_instr) {
  return cat({local_get(0), {0x45}, {0x04, I32}, local_get(1), {0x05}, i64_const(7),
              local_get(0), i32_const(1), {0x6B}, local_get(1), i32_const(1), {0x6A},
              call_instr, {kEnd}});
}

TEST(TailCall, ReplacesTheFrameInConstantSpace) {
  // 10^6 tail calls with 4 frames and 64 operand slots allowed: the frame, label and
  // operand stacks do not grow.
  ExecLimits limits;
  limits.max_call_depth = 4;
  limits.max_stack_values = 64;
  Store s(limits);
  WasmBuilder b;
  const u32 t = b.type({I32, I32}, {I32});
  b.export_func("count", b.func(t, count_body(return_call(0))));
  const ModuleAddr inst = *instantiate_tail(s, b.bytes());
  EXPECT_EQ(*invoke_export(s, inst, "count", I32s({1000000, 0})), I32s({1000000}));
  EXPECT_EQ(s.active_frames, 0u);
  // The same recursion with `call` exhausts those limits: the test can fail.
  Store s2(limits);
  WasmBuilder c;
  const u32 t2 = c.type({I32, I32}, {I32});
  c.export_func("count", c.func(t2, count_body(cat({call(0), {0x0F}}))));  // call; return
  const ModuleAddr inst2 = *instantiate_tail(s2, c.bytes());
  Result<std::vector<Value>> r = invoke_export(s2, inst2, "count", I32s({100, 0}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().outcome, Outcome::exhaustion);
}

TEST(TailCall, MutualRecursionKeepsTheCallDepth) {
  // even(n) = n == 0 ? 1 : odd(n - 1); odd(n) = n == 0 ? 0 : even(n - 1), by tail calls,
  // called from a plain `call` two frames deep with room for one more frame only.
  ExecLimits limits;
  limits.max_call_depth = 3;
  Store s(limits);
  WasmBuilder b;
  const u32 t = b.type({I32}, {I32});
  auto step = [](u32 result_at_zero, u32 other) {
    return cat({local_get(0), {0x45}, {0x04, I32}, i32_const(static_cast<i32>(result_at_zero)),
                {0x05}, local_get(0), i32_const(1), {0x6B}, return_call(other), {kEnd}});
  };
  const u32 even = b.func(t, step(1, 1));
  const u32 odd = b.func(t, step(0, 0));
  b.export_func("even", even);
  b.export_func("odd", odd);
  // outer(n) = even(n) + 100, a plain call whose frame stays below the tail calls.
  b.export_func("outer", b.func(t, cat({local_get(0), call(even), i32_const(100), {0x6A}})));
  const ModuleAddr inst = *instantiate_tail(s, b.bytes());
  EXPECT_EQ(*invoke_export(s, inst, "even", I32s({100001})), I32s({0}));
  EXPECT_EQ(*invoke_export(s, inst, "odd", I32s({100001})), I32s({1}));
  EXPECT_EQ(*invoke_export(s, inst, "outer", I32s({1000})), I32s({101}));
  EXPECT_EQ(s.active_frames, 0u);
}

TEST(TailCall, UnwindsLabelsAndOperandsOfTheCaller) {
  // f() = block (result i32) 99 block 1 2 return_call sub end unreachable end: the tail
  // call leaves both blocks and the 99; h() = f() + 1000 continues after its call.
  Store s;
  WasmBuilder b;
  const u32 t_sub = b.type({I32, I32}, {I32});
  const u32 t0 = b.type({}, {I32});
  const u32 sub = b.func(t_sub, cat({local_get(0), local_get(1), {0x6B}}));
  const u32 f = b.func(t0, cat({{0x02, I32}, i32_const(99), {0x02, kBlockEmpty}, i32_const(1),
                               i32_const(2), return_call(sub), {kEnd}, {0x00}, {kEnd}}));
  b.export_func("f", f);
  b.export_func("h", b.func(t0, cat({i32_const(5), call(f), i32_const(1000), {0x6A}, {0x6A}})));
  const ModuleAddr inst = *instantiate_tail(s, b.bytes());
  EXPECT_EQ(*invoke_export(s, inst, "f"), I32s({0xFFFFFFFF}));  // 1 - 2
  EXPECT_EQ(*invoke_export(s, inst, "h"), I32s({1004}));        // 5 + (-1 + 1000)
}

TEST(TailCall, ToAHostFunctionReturnsItsResultsFromTheCallersFrame) {
  Store s;
  int host_calls = 0;
  const FuncAddr h = embed::func_alloc(
      s, FuncType{{ValType::i32}, {ValType::i32}},
      [&](Store&, std::span<const Value> args) -> Result<std::vector<Value>> {
        ++host_calls;
        if (args[0].as_i32() == 0) return make_error(Outcome::trap, "host says no");
        return std::vector<Value>{Value::i32(args[0].as_i32() * 2)};
      });
  WasmBuilder b;
  const u32 t = b.type({I32}, {I32});
  const u32 imp = b.import_func("host", "h", t);
  // f(x) = return_call h(x + 1), with a value of its own left beneath the argument.
  const u32 f = b.func(t, cat({i32_const(77), local_get(0), i32_const(1), {0x6A},
                               return_call(imp)}));
  b.export_func("f", f);
  // g(x) = f(x) + 1: the host's results arrive in g's frame, which continues.
  b.export_func("g", b.func(t, cat({local_get(0), call(f), i32_const(1), {0x6A}})));
  const ModuleAddr inst =
      *instantiate_tail(s, b.bytes(), {ExternVal{ExternKind::func, h.value}});
  // At the bottom of an invocation: the host's results are the invocation's.
  EXPECT_EQ(*invoke_export(s, inst, "f", I32s({20})), I32s({42}));
  EXPECT_EQ(*invoke_export(s, inst, "g", I32s({20})), I32s({43}));
  EXPECT_EQ(host_calls, 2);
  // A host trap in a tail call propagates and leaves no frame counted.
  Result<std::vector<Value>> r = invoke_export(s, inst, "g", I32s({0xFFFFFFFF}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().outcome, Outcome::trap);
  EXPECT_EQ(r.error().message, "host says no");
  EXPECT_EQ(s.active_frames, 0u);
  EXPECT_EQ(s.outer_values, 0u);
}

TEST(TailCall, ReturnCallIndirectCallsThroughTheTable) {
  IndirectFixture fx(/*tail=*/true);
  EXPECT_EQ(*invoke_export(fx.s, fx.inst, "call", I32s({0})), I32s({42}));
}

TEST(TailCall, ReturnCallIndirectHasCallIndirectsTraps) {
  IndirectFixture fx(/*tail=*/true);
  expect_trap(invoke_export(fx.s, fx.inst, "call", I32s({1})), msg::indirect_call_type_mismatch);
  expect_trap(invoke_export(fx.s, fx.inst, "call", I32s({2})), "uninitialized element 2");
  expect_trap(invoke_export(fx.s, fx.inst, "call", I32s({4})), msg::undefined_element);
  expect_trap(invoke_export(fx.s, fx.inst, "call", I32s({0xFFFFFFFF})), msg::undefined_element);
  EXPECT_EQ(fx.s.active_frames, 0u);
}

TEST(TailCall, SpendsFuelLikeACall) {
  // f() = return_call f: a runaway tail-call loop ends when the fuel does.
  ExecLimits limits;
  limits.fuel = 100000;
  Store s(limits);
  WasmBuilder b;
  const u32 t = b.type({}, {});
  b.export_func("f", b.func(t, return_call(0)));
  const ModuleAddr inst = *instantiate_tail(s, b.bytes());
  Result<std::vector<Value>> r = invoke_export(s, inst, "f");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().outcome, Outcome::exhaustion);
  EXPECT_EQ(r.error().message, msg::fuel_exhausted);
  EXPECT_EQ(s.active_frames, 0u);
}

TEST(TailCall, IsAnIllegalOpcodeWithoutTheFeature) {
  WasmBuilder b;
  const u32 t = b.type({}, {});
  b.func(t, return_call(0));
  Result<std::shared_ptr<Module>> m = embed::module_decode(b.bytes());
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().outcome, Outcome::malformed);
  EXPECT_EQ(m.error().message.rfind(msg::illegal_opcode, 0), 0u) << m.error().message;
}

// ============================================================================================
// Core 3.0 exception handling (exec/instructions.rst throw, throw_ref, try_table) and the
// legacy instructions (legacy-exceptions/exec.rst)
// ============================================================================================

Features exceptions() {
  Features f;
  f.exceptions = f.legacy_exceptions = true;
  return f;
}

Result<ModuleAddr> instantiate_exn(Store& s, const Bytes& bytes, std::vector<ExternVal> imports = {}) {
  return instantiate_with(exceptions(), s, bytes, std::move(imports));
}

Bytes throw_(u32 tag) { return cat({{0x08}, uleb(tag)}); }
inline constexpr u8 kThrowRef = 0x0A;
// try_table bt (catch kind tag? label)*: clauses as {kind, tag, label}; kinds 0-3.
struct Clause {
  u8 kind;
  u32 tag;
  u32 label;
};
Bytes try_table(Bytes bt, std::vector<Clause> clauses) {
  Bytes out = cat({{0x1F}, bt, uleb(clauses.size())});
  for (const Clause& c : clauses) {
    out.push_back(c.kind);
    if (c.kind < 2) append(out, uleb(c.tag));
    append(out, uleb(c.label));
  }
  return out;
}
Bytes block(u8 bt) { return {0x02, bt}; }

// block (result i32) try_table (catch $e 0) <body> end i32.const -1 end: the payload of $e
// ([i32]) or -1 when nothing was thrown.
Bytes catching(Bytes body) {
  return cat({block(I32), try_table({kBlockEmpty}, {{0, 0, 0}}), body, {kEnd}, i32_const(-1),
              {kEnd}});
}

TEST(Exceptions, ThrowIsCaughtWithItsPayload) {
  Store s;
  WasmBuilder b;
  const u32 te = b.type({I32}, {});
  const u32 t = b.type({I32}, {I32});
  b.tag(te);
  b.export_func("f", b.func(t, catching(cat({local_get(0), throw_(0)}))));
  const ModuleAddr inst = *instantiate_exn(s, b.bytes());
  EXPECT_EQ(*invoke_export(s, inst, "f", I32s({42})), I32s({42}));
  EXPECT_EQ(s.exns.size(), 1u);  // throw allocated one exception instance
}

TEST(Exceptions, UncaughtIsTheExceptionOutcomeWithItsAddress) {
  Store s;
  WasmBuilder b;
  const u32 te = b.type({I32, I64}, {});
  const u32 t = b.type({}, {});
  b.tag(te);
  const u32 inner = b.func(t, cat({i32_const(5), i64_const(6), throw_(0)}));
  b.export_func("f", b.func(t, call(inner)));
  const ModuleAddr inst = *instantiate_exn(s, b.bytes());
  Result<std::vector<Value>> r = invoke_export(s, inst, "f");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().outcome, Outcome::exception);
  const ExnAddr ea{r.error().exn};
  EXPECT_EQ(embed::exn_tag(s, ea), s.modules[inst.value].tagaddrs[0]);
  EXPECT_EQ(embed::exn_read(s, ea), (std::vector<Value>{Value::i32(5), Value::i64(6)}));
  EXPECT_EQ(s.active_frames, 0u);
}

TEST(Exceptions, OtherTagsAndTrapsAreNotCaught) {
  Store s;
  WasmBuilder b;
  const u32 te = b.type({I32}, {});
  const u32 t = b.type({}, {I32});
  b.tag(te);
  b.tag(te);
  b.export_func("other", b.func(t, catching(cat({i32_const(1), throw_(1)}))));
  b.export_func("trap", b.func(t, catching({0x00})));  // unreachable
  const ModuleAddr inst = *instantiate_exn(s, b.bytes());
  expect_exception(invoke_export(s, inst, "other"));
  expect_trap(invoke_export(s, inst, "trap"), msg::unreachable);
}

TEST(Exceptions, CatchResetsTheOperandStackToTheTryTablesHeight) {
  // 100 (block (result i32) try_table (catch $e 0) 1 2 3 throw 5 end -1) +: the 100 below
  // the block stays, the 1 2 3 above the try_table's height go.
  Store s;
  WasmBuilder b;
  const u32 te = b.type({I32}, {});
  const u32 t = b.type({}, {I32});
  b.tag(te);
  b.export_func("f", b.func(t, cat({i32_const(100), block(I32), try_table({kBlockEmpty}, {{0, 0, 0}}),
                                    i32_const(1), i32_const(2), i32_const(3), i32_const(5), throw_(0),
                                    {kEnd}, i32_const(-1), {kEnd}, {0x6A}})));
  const ModuleAddr inst = *instantiate_exn(s, b.bytes());
  EXPECT_EQ(*invoke_export(s, inst, "f"), I32s({105}));
}

TEST(Exceptions, AHandlerLeftByABranchCatchesNothing) {
  // block $h (result i32) block $out try_table (catch $e $h) br $out end end throw 9 end
  Store s;
  WasmBuilder b;
  const u32 te = b.type({I32}, {});
  const u32 t = b.type({}, {I32});
  b.tag(te);
  b.export_func("f", b.func(t, cat({block(I32), block(kBlockEmpty),
                                    try_table({kBlockEmpty}, {{0, 0, 1}}), br(1), {kEnd}, {kEnd},
                                    i32_const(9), throw_(0), {kEnd}})));
  const ModuleAddr inst = *instantiate_exn(s, b.bytes());
  expect_exception(invoke_export(s, inst, "f"));
}

TEST(Exceptions, CatchRefAndThrowRefKeepTheSameException) {
  // block $o (result i32) try_table (catch $e $o)
  //   block $i (result i32 exnref) try_table (catch_ref $e $i) throw 42 end unreachable end
  //   throw_ref (drop) end -1 end
  Store s;
  WasmBuilder b;
  const u32 te = b.type({I32}, {});
  const u32 tr = b.type({}, {I32, EXNREF});
  const u32 t = b.type({}, {I32});
  b.tag(te);
  b.export_func("f", b.func(t, cat({block(I32), try_table({kBlockEmpty}, {{0, 0, 0}}), {0x02},
                                    uleb(tr), try_table({kBlockEmpty}, {{1, 0, 0}}),
                                    i32_const(42), throw_(0), {kEnd}, {0x00}, {kEnd}, {kThrowRef},
                                    {kEnd}, i32_const(-1), {kEnd}})));
  const ModuleAddr inst = *instantiate_exn(s, b.bytes());
  EXPECT_EQ(*invoke_export(s, inst, "f"), I32s({42}));
  EXPECT_EQ(s.exns.size(), 1u);  // rethrown, not copied
}

TEST(Exceptions, ThrowRefOfNullTraps) {
  Store s;
  WasmBuilder b;
  const u32 t = b.type({}, {});
  b.export_func("f", b.func(t, {0xD0, EXNREF, kThrowRef}));
  const ModuleAddr inst = *instantiate_exn(s, b.bytes());
  expect_trap(invoke_export(s, inst, "f"), msg::null_exception_reference);
}

TEST(Exceptions, AHostFunctionThrowsThroughTwoWasmFrames) {
  // host() throws $e(7) (the module's exported tag); f -> g -> host; f catches.
  Store s;
  ModuleAddr inst{};
  const FuncAddr h = embed::func_alloc(
      s, FuncType{{}, {}}, [&](Store& store, std::span<const Value>) -> Result<std::vector<Value>> {
        const TagAddr tag{embed::instance_export(store, inst, "e")->addr};
        Result<ExnAddr> ea = embed::exn_alloc(store, tag, {Value::i32(7)});
        if (!ea) return ea.take_error();
        return embed::exception_error(*ea);
      });
  WasmBuilder b;
  const u32 te = b.type({I32}, {});
  const u32 tv = b.type({}, {});
  const u32 t = b.type({}, {I32});
  const u32 imp = b.import_func("host", "h", tv);
  const u32 tag = b.tag(te);
  b.export_(  "e", 0x04, tag);
  const u32 g = b.func(tv, call(imp));
  b.export_func("f", b.func(t, catching(call(g))));
  b.export_func("uncaught", b.func(tv, call(g)));
  inst = *instantiate_exn(s, b.bytes(), {ExternVal{ExternKind::func, h.value}});
  EXPECT_EQ(*invoke_export(s, inst, "f"), I32s({7}));
  Result<std::vector<Value>> r = invoke_export(s, inst, "uncaught");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().outcome, Outcome::exception);
  EXPECT_EQ(embed::exn_read(s, ExnAddr{r.error().exn}), (std::vector<Value>{Value::i32(7)}));
  EXPECT_EQ(s.active_frames, 0u);
}

TEST(Exceptions, AnExceptionOfANestedInvocationIsCaughtByTheOuterOne) {
  // f catches; f -> host -> (nested invoke) thrower, which throws $e(3).
  Store s;
  ModuleAddr inst{};
  const FuncAddr h = embed::func_alloc(
      s, FuncType{{}, {}}, [&](Store& store, std::span<const Value>) -> Result<std::vector<Value>> {
        Result<std::vector<Value>> r = invoke_export(store, inst, "thrower");
        if (!r) return r.take_error();  // the exception passes through the host unchanged
        return std::vector<Value>{};
      });
  WasmBuilder b;
  const u32 te = b.type({I32}, {});
  const u32 tv = b.type({}, {});
  const u32 t = b.type({}, {I32});
  const u32 imp = b.import_func("host", "h", tv);
  b.tag(te);
  b.export_func("thrower", b.func(tv, cat({i32_const(3), throw_(0)})));
  b.export_func("f", b.func(t, catching(call(imp))));
  inst = *instantiate_exn(s, b.bytes(), {ExternVal{ExternKind::func, h.value}});
  EXPECT_EQ(*invoke_export(s, inst, "f"), I32s({3}));
  EXPECT_EQ(s.active_invocations, 0u);
}

TEST(Exceptions, DeepUnwindPopsEveryFrame) {
  // rec(n) = n == 0 ? throw $e(77) : rec(n - 1); f catches at the bottom of 10^5 frames.
  ExecLimits limits;
  limits.max_call_depth = 200000;
  Store s(limits);
  WasmBuilder b;
  const u32 te = b.type({I32}, {});
  const u32 tp = b.type({I32}, {});
  const u32 t = b.type({I32}, {I32});
  b.tag(te);
  const u32 rec = b.func(tp, cat({local_get(0), {0x45, 0x04, kBlockEmpty}, i32_const(77), throw_(0),
                                  {kEnd}, local_get(0), i32_const(1), {0x6B}, call(0)}));  // rec is function 0
  b.export_func("f", b.func(t, catching(cat({local_get(0), call(rec)}))));
  const ModuleAddr inst = *instantiate_exn(s, b.bytes());
  EXPECT_EQ(*invoke_export(s, inst, "f", I32s({100000})), I32s({77}));
  EXPECT_EQ(s.active_frames, 0u);
  EXPECT_EQ(*invoke_export(s, inst, "f", I32s({3})), I32s({77}));  // the machine is reusable
}

TEST(Exceptions, TheStoresExceptionInstancesAreBounded) {
  // A loop that throws and catches n times; ExecLimits::max_exceptions = 10.
  ExecLimits limits;
  limits.max_exceptions = 10;
  Store s(limits);
  WasmBuilder b;
  const u32 te = b.type({I32}, {});
  const u32 t = b.type({I32}, {});
  b.tag(te);
  // loop: block (result i32) try_table (catch $e 0) local.get 0 throw end -1 end drop;
  //       n -= 1; br_if 0 (n != 0)
  b.export_func("f", b.func(t, cat({{0x03, kBlockEmpty}, catching(cat({local_get(0), throw_(0)})),
                                    {0x1A}, local_get(0), i32_const(1), {0x6B}, local_tee(0),
                                    br_if(0), {kEnd}})));
  const ModuleAddr inst = *instantiate_exn(s, b.bytes());
  EXPECT_TRUE(invoke_export(s, inst, "f", I32s({10})).ok());
  Result<std::vector<Value>> r = invoke_export(s, inst, "f", I32s({1}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().outcome, Outcome::exhaustion);
  EXPECT_EQ(r.error().message, msg::exceptions_exhausted);
}

// Legacy: try bt instr* (catch x instr*)* (catch_all instr*)? end | try bt instr* delegate l.
Bytes try_(u8 bt) { return {0x06, bt}; }
Bytes catch_(u32 tag) { return cat({{0x07}, uleb(tag)}); }
inline constexpr u8 kCatchAll = 0x19;
Bytes delegate(u32 l) { return cat({{0x18}, uleb(l)}); }
Bytes rethrow(u32 l) { return cat({{0x09}, uleb(l)}); }

TEST(LegacyExceptions, CatchBlocksGetThePayloadAndRethrowFindsTheirException) {
  // try (result i32) try (result i32) throw $a 1 catch $a drop
  //   try (result i32) throw $b 2 catch $b drop rethrow 1 end end
  // catch $a catch $b +100 end
  Store s;
  WasmBuilder b;
  const u32 te = b.type({I32}, {});
  const u32 t = b.type({}, {I32});
  b.tag(te);
  b.tag(te);
  b.export_func("f", b.func(t, cat({try_(I32), try_(I32), i32_const(1), throw_(0), catch_(0),
                                    {0x1A}, try_(I32), i32_const(2), throw_(1), catch_(1), {0x1A},
                                    rethrow(1), {kEnd}, {kEnd}, catch_(0), catch_(1),
                                    i32_const(100), {0x6A}, {kEnd}})));
  const ModuleAddr inst = *instantiate_exn(s, b.bytes());
  EXPECT_EQ(*invoke_export(s, inst, "f"), I32s({1}));
}

TEST(LegacyExceptions, DelegateSkipsTheHandlersInsideItsTarget) {
  // try (result i32) try (result i32) try (result i32) throw $e 0 delegate 1
  //   catch $e 2 end catch $e 3 end: the middle handler is skipped.
  Store s;
  WasmBuilder b;
  const u32 te = b.type({I32}, {});
  const u32 t = b.type({}, {I32});
  b.tag(te);
  b.export_func("f", b.func(t, cat({try_(I32), try_(I32), try_(I32), i32_const(0), throw_(0),
                                    delegate(1), catch_(0), {0x1A}, i32_const(2), {kEnd}, catch_(0),
                                    {0x1A}, i32_const(3), {kEnd}})));
  // delegate to the function's label: the exception leaves the function.
  const u32 tv = b.type({}, {});
  b.export_func("out", b.func(tv, cat({try_(kBlockEmpty), try_(kBlockEmpty), i32_const(0), throw_(0),
                                       delegate(1), {kCatchAll}, {kEnd}})));
  const ModuleAddr inst = *instantiate_exn(s, b.bytes());
  EXPECT_EQ(*invoke_export(s, inst, "f"), I32s({3}));
  expect_exception(invoke_export(s, inst, "out"));
}

TEST(LegacyExceptions, ATryBodyWithoutExceptionSkipsItsCatchBlocks) {
  Store s;
  WasmBuilder b;
  const u32 te = b.type({I32}, {});
  const u32 t = b.type({}, {I32});
  b.tag(te);
  b.export_func("f", b.func(t, cat({try_(I32), i32_const(5), catch_(0), {kCatchAll}, i32_const(6),
                                    {kEnd}})));
  const ModuleAddr inst = *instantiate_exn(s, b.bytes());
  EXPECT_EQ(*invoke_export(s, inst, "f"), I32s({5}));
}

}  // namespace
}  // namespace wasmref

// ---- Core 3.0 GC: the store's GC budget and array.copy (exec/instructions.rst) --------------

namespace wasmref {
namespace {

using testing::Bytes;

// (type $s (struct (field i32))) (type $a (array (mut i32))) (type $f (func (result i32)))
// and functions of type $f exported as "alloc" (struct.new in an endless loop) and "copy"
// (an overlapping array.copy within one array, then the sum of a few elements).
Bytes gc_module() {
  const Bytes types = {0x01, 0x0C, 0x03, 0x5F, 0x01, 0x7F, 0x00, 0x5E, 0x7F, 0x01, 0x60, 0x00, 0x01, 0x7F};
  const Bytes funcs = {0x03, 0x03, 0x02, 0x02, 0x02};
  const Bytes exports = {0x07, 0x10, 0x02, 0x05, 'a', 'l', 'l', 'o', 'c', 0x00, 0x00,
                         0x04, 'c', 'o', 'p', 'y', 0x00, 0x01};
  // alloc: loop (i32.const 0) struct.new 0, drop, br 0 end, unreachable end
  const Bytes alloc = {0x00, 0x03, 0x40, 0x41, 0x00, 0xFB, 0x00, 0x00, 0x1A, 0x0C, 0x00, 0x0B, 0x00, 0x0B};
  // copy: local 0 = array.new_fixed $a [1 2 3 4]; array.copy $a $a (l0 1 l0 0 3) -> [1 1 2 3];
  // result: a[1] * 100 + a[2] * 10 + a[3] = 123
  const Bytes copy = {0x01, 0x01, 0x64, 0x01,  // one local (ref $a)
                      0x41, 0x01, 0x41, 0x02, 0x41, 0x03, 0x41, 0x04, 0xFB, 0x08, 0x01, 0x04,
                      0x21, 0x00,
                      0x20, 0x00, 0x41, 0x01, 0x20, 0x00, 0x41, 0x00, 0x41, 0x03, 0xFB, 0x11, 0x01, 0x01,
                      0x20, 0x00, 0x41, 0x01, 0xFB, 0x0B, 0x01, 0x41, 0xE4, 0x00, 0x6C,
                      0x20, 0x00, 0x41, 0x02, 0xFB, 0x0B, 0x01, 0x41, 0x0A, 0x6C, 0x6A,
                      0x20, 0x00, 0x41, 0x03, 0xFB, 0x0B, 0x01, 0x6A, 0x0B};
  Bytes code = {0x02};
  code.push_back(static_cast<u8>(alloc.size()));
  code.insert(code.end(), alloc.begin(), alloc.end());
  code.push_back(static_cast<u8>(copy.size()));
  code.insert(code.end(), copy.begin(), copy.end());
  Bytes out = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  out.insert(out.end(), types.begin(), types.end());
  out.insert(out.end(), funcs.begin(), funcs.end());
  out.insert(out.end(), exports.begin(), exports.end());
  out.push_back(0x0A);
  out.push_back(static_cast<u8>(code.size()));
  out.insert(out.end(), code.begin(), code.end());
  return out;
}

TEST(Gc, AllocationEndsInExhaustionAtTheStoresBudget) {
  ExecLimits limits;
  limits.max_gc_bytes = u64{1} << 20;  // 1 MiB: about 13,000 structs
  Store s(limits);
  Result<ModuleAddr> inst = instantiate_with(Features::v3(), s, gc_module());
  ASSERT_TRUE(inst.ok());
  Result<std::vector<Value>> r = testing::invoke_export(s, *inst, "alloc");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().outcome, Outcome::exhaustion) << r.error().message;
  EXPECT_LE(s.gc_bytes, limits.max_gc_bytes);
  EXPECT_GT(s.structs.size(), 10000u);
}

TEST(Gc, ArrayCopyWithinOneArrayOverlaps) {
  Store s;
  Result<ModuleAddr> inst = instantiate_with(Features::v3(), s, gc_module());
  ASSERT_TRUE(inst.ok());
  Result<std::vector<Value>> r = testing::invoke_export(s, *inst, "copy");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->at(0), Value::i32(123));
}

}  // namespace
}  // namespace wasmref
