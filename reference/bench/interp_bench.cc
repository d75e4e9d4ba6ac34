// Benchmarks of the reference (Google Benchmark): decoding + validation, calls, loops, loads
// and stores, and bulk memory. Speed is measured here, never by timed unit tests.
//   build/reference/wasmref_bench [--benchmark_filter=Fib]
#include <benchmark/benchmark.h>

#include <memory>
#include <vector>

#include "binary/builder.h"
#include "embed/embed.h"
#include "runtime/store.h"

namespace wasmref {
namespace {

using namespace wasmref::testing;

struct Instance {
  std::unique_ptr<Store> store;
  ModuleAddr inst{};
  FuncAddr func(const char* name) const {
    return FuncAddr{embed::instance_export(*store, inst, name)->addr};
  }
};

Instance instantiate(const Bytes& bytes) {
  Instance r{embed::store_init(), {}};
  auto m = embed::module_decode(bytes);
  if (!m || !embed::module_validate(**m)) std::abort();
  auto i = embed::module_instantiate(*r.store, *m, {});
  if (!i) std::abort();
  r.inst = *i;
  return r;
}

// fib(n) = n < 2 ? n : fib(n-1) + fib(n-2): calls and returns.
Bytes fib_module() {
  WasmBuilder b;
  const u32 t = b.type({I32}, {I32});
  const u32 f = b.func(t, cat({local_get(0), i32_const(2), {0x49},  // i32.lt_u
                               {0x04, I32},                         // if (result i32)
                               local_get(0),                        //
                               {0x05},                              // else
                               local_get(0), i32_const(1), {0x6B}, call(0),   // fib(n-1)
                               local_get(0), i32_const(2), {0x6B}, call(0),   // fib(n-2)
                               {0x6A}, {kEnd}}));
  b.export_func("fib", f);
  return b.bytes();
}

// sum of i*i for i in [0, n): a loop of locals, arithmetic and br_if.
Bytes loop_module() {
  WasmBuilder b;
  const u32 t = b.type({I32}, {I32});
  const u32 f = b.func(t,
                       cat({{0x03, kBlockEmpty},                                  // loop
                            local_get(1), local_get(2), local_get(2), {0x6C},     // i*i
                            {0x6A}, local_set(1),                                 // acc += i*i
                            local_get(2), i32_const(1), {0x6A}, local_tee(2),     // ++i
                            local_get(0), {0x49}, br_if(0), {kEnd},               // i < n
                            local_get(1)}),
                       {I32, I32});
  b.export_func("sum", f);
  return b.bytes();
}

// memory.copy of 32 KiB inside one page, n times.
Bytes copy_module() {
  WasmBuilder b;
  b.memory(1, std::nullopt);
  const u32 t = b.type({I32}, {});
  const u32 f = b.func(t, cat({{0x03, kBlockEmpty},
                               i32_const(0), i32_const(32768), i32_const(32768),
                               fc(10), {0x00, 0x00},                            // memory.copy
                               local_get(0), i32_const(1), {0x6B}, local_tee(0),
                               br_if(0), {kEnd}}));
  b.export_func("copy", f);
  return b.bytes();
}

// Loads and stores: n times, mem[i & 0xfffc] = mem[(i + 4) & 0xfffc] + i (i32.load,
// i32.store on memory 0 with an offset; the path every 2.0 memory access takes).
Bytes load_store_module() {
  WasmBuilder b;
  b.memory(1, std::nullopt);
  const u32 t = b.type({I32}, {});
  const u32 f = b.func(t, cat({{0x03, kBlockEmpty},                                     // loop
                               local_get(0), i32_const(0xfffc), {0x71},                // addr
                               local_get(0), i32_const(0xfff8), {0x71},                //
                               {0x28, 0x02, 0x04},                                     // i32.load offset=4
                               local_get(0), {0x6A},                                   // + i
                               {0x36, 0x02, 0x00},                                     // i32.store
                               local_get(0), i32_const(1), {0x6B}, local_tee(0),       // --i
                               br_if(0), {kEnd}}));
  b.export_func("ls", f);
  return b.bytes();
}

// A module of 1000 functions of about 100 instructions each, for decode + validate.
Bytes big_module() {
  WasmBuilder b;
  const u32 t = b.type({I32, I32}, {I32});
  for (int k = 0; k < 1000; ++k) {
    Bytes body = local_get(0);
    for (int j = 0; j < 16; ++j) {
      append(body, cat({{0x02, I32}, local_get(1), i32_const(j), {0x6A}, local_get(0),
                        br_if(0), {0x6C}, {kEnd}}));
    }
    b.func(t, body);
  }
  return b.bytes();
}

void BM_DecodeValidate(benchmark::State& state) {
  const Bytes bytes = big_module();
  for (auto _ : state) {
    auto m = embed::module_decode(bytes);
    benchmark::DoNotOptimize(embed::module_validate(**m).ok());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(BM_DecodeValidate)->Unit(benchmark::kMillisecond);

void BM_Fib(benchmark::State& state) {
  Instance in = instantiate(fib_module());
  const FuncAddr f = in.func("fib");
  const Value arg = Value::i32(static_cast<u32>(state.range(0)));
  for (auto _ : state) {
    auto r = embed::func_invoke(*in.store, f, std::span(&arg, 1));
    if (!r) state.SkipWithError(r.error().message.c_str());
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_Fib)->Arg(20)->Arg(25)->Unit(benchmark::kMillisecond);

void BM_Loop(benchmark::State& state) {
  Instance in = instantiate(loop_module());
  const FuncAddr f = in.func("sum");
  const Value arg = Value::i32(static_cast<u32>(state.range(0)));
  for (auto _ : state) {
    auto r = embed::func_invoke(*in.store, f, std::span(&arg, 1));
    if (!r) state.SkipWithError(r.error().message.c_str());
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));  // loop iterations
}
BENCHMARK(BM_Loop)->Arg(1000000)->Unit(benchmark::kMillisecond);

void BM_LoadStore(benchmark::State& state) {
  Instance in = instantiate(load_store_module());
  const FuncAddr f = in.func("ls");
  const Value arg = Value::i32(static_cast<u32>(state.range(0)));
  for (auto _ : state) {
    auto r = embed::func_invoke(*in.store, f, std::span(&arg, 1));
    if (!r) state.SkipWithError(r.error().message.c_str());
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_LoadStore)->Arg(1000000)->Unit(benchmark::kMillisecond);

void BM_MemoryCopy(benchmark::State& state) {
  Instance in = instantiate(copy_module());
  const FuncAddr f = in.func("copy");
  const Value arg = Value::i32(1000);
  for (auto _ : state) {
    auto r = embed::func_invoke(*in.store, f, std::span(&arg, 1));
    if (!r) state.SkipWithError(r.error().message.c_str());
  }
  state.SetBytesProcessed(state.iterations() * 1000 * 32768);
}
BENCHMARK(BM_MemoryCopy)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace wasmref

BENCHMARK_MAIN();
