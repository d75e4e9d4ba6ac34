// Harness tests: wrapper modules (harness/wrapper.h) validate with the reference, run in the
// reference with bit-exact results, and round-trip NaN payloads and v128 through node
#include "harness/wrapper.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "binary/builder.h"
#include "embed/embed.h"
#include "harness/node.h"
#include "runtime/store.h"

namespace wasmref::harness {
namespace {

using testing::Bytes;
using testing::WasmBuilder;
constexpr u8 V128 = 0x7B;

std::shared_ptr<Module> decode_validate(const Bytes& bytes) {
  Result<std::shared_ptr<Module>> m = embed::module_decode(bytes);
  EXPECT_TRUE(m) << (m ? "" : m.error().message);
  if (!m) return nullptr;
  Result<void> v = embed::module_validate(*m.value());
  EXPECT_TRUE(v) << (v ? "" : v.error().message);
  return v ? m.value() : nullptr;
}

WastValue num(ValType t, u64 bits) {
  WastValue w;
  w.type = t;
  w.bits = bits;
  return w;
}
WastValue v128_i32x4(u32 a, u32 b, u32 c, u32 d) {
  WastValue w;
  w.type = ValType::v128;
  w.lane_type = LaneType::i32;
  for (u32 x : {a, b, c, d}) w.lanes.push_back(Lane{PatKind::bits, x});
  return w;
}
WastValue extern_ref(u64 n) {
  WastValue w;
  w.type = ValType::externref;
  w.kind = PatKind::host_ref;
  w.bits = n;
  return w;
}

TEST(FuncWrapper, ValidatesForEverySignatureShape) {
  using VT = ValType;
  const std::vector<FuncType> sigs = {
      {{VT::f32}, {VT::f32}},
      {{VT::f64, VT::f64}, {VT::f64}},
      {{VT::v128}, {VT::v128}},
      {{}, {VT::f32}},
      {{VT::f32}, {}},
      {{VT::externref, VT::f32, VT::i64, VT::v128, VT::funcref},
       {VT::f64, VT::externref, VT::i32, VT::v128, VT::funcref, VT::externref}},
      {std::vector<VT>(1000, VT::v128), std::vector<VT>(1000, VT::v128)},  // JS-API max arity
  };
  for (const FuncType& ft : sigs) {
    SCOPED_TRACE(to_string(ft));
    std::shared_ptr<Module> m = decode_validate(func_wrapper(ft));
    ASSERT_TRUE(m);
    const std::vector<embed::ImportDesc> imports = embed::module_imports(*m);
    ASSERT_EQ(imports.size(), 1u);
    EXPECT_EQ(imports[0].module, kWrapperImportModule);
    EXPECT_EQ(imports[0].name, kWrapperImportFunc);
    EXPECT_EQ(imports[0].type.func, ft);
    const std::vector<embed::ExportDesc> exports = embed::module_exports(*m);
    ASSERT_EQ(exports.size(), 2u);
    EXPECT_EQ(exports[0].name, kWrapperRun);
    EXPECT_EQ(exports[1].name, kWrapperMemory);
    // run's type: the reference parameters and results only.
    FuncType run;
    for (VT t : ft.params)
      if (is_ref(t)) run.params.push_back(t);
    for (VT t : ft.results)
      if (is_ref(t)) run.results.push_back(t);
    EXPECT_EQ(exports[0].type.func, run);
    // Enough memory for every slot.
    EXPECT_GE(u64{exports[1].type.mem.limits.min} * 65536,
              (ft.params.size() + ft.results.size()) * kWrapperSlotBytes);
  }
}

TEST(GlobalWrapper, ValidatesForNumbersAndVectors) {
  for (ValType t : {ValType::f32, ValType::f64, ValType::v128, ValType::i32, ValType::i64})
    for (Mut mut : {Mut::const_, Mut::var}) {
      std::shared_ptr<Module> m = decode_validate(global_wrapper(GlobalType{mut, t}));
      ASSERT_TRUE(m);
      const std::vector<embed::ImportDesc> imports = embed::module_imports(*m);
      ASSERT_EQ(imports.size(), 1u);
      EXPECT_EQ(imports[0].type.kind, ExternKind::global);
      EXPECT_EQ(imports[0].type.global, (GlobalType{mut, t}));
    }
}

TEST(NeedsWrapper, FloatsAndVectorsOnly) {
  EXPECT_TRUE(needs_wrapper(ValType::f32));
  EXPECT_TRUE(needs_wrapper(ValType::f64));
  EXPECT_TRUE(needs_wrapper(ValType::v128));
  EXPECT_FALSE(needs_wrapper(ValType::i32));
  EXPECT_FALSE(needs_wrapper(ValType::i64));
  EXPECT_FALSE(needs_wrapper(ValType::externref));
  EXPECT_FALSE(needs_wrapper(FuncType{{ValType::i32, ValType::i64}, {ValType::funcref}}));
  EXPECT_TRUE(needs_wrapper(FuncType{{ValType::i32}, {ValType::f64}}));
}

TEST(WrapperArgBytes, LittleEndianSlots) {
  const FuncType ft{{ValType::f32, ValType::externref, ValType::f64, ValType::v128}, {}};
  const std::vector<WastValue> args = {num(ValType::f32, 0x7fa00001u), extern_ref(3),
                                       num(ValType::f64, 0x7ff0000000000001ull),
                                       v128_i32x4(0x03020100u, 0x07060504u, 0x0b0a0908u,
                                                  0x0f0e0d0cu)};
  std::string error;
  const std::vector<u8> b = wrapper_arg_bytes(ft, args, error);
  ASSERT_EQ(error, "");
  ASSERT_EQ(b.size(), 64u);
  EXPECT_EQ(b[0], 0x01);
  EXPECT_EQ(b[2], 0xa0);
  EXPECT_EQ(b[3], 0x7f);
  EXPECT_EQ(b[4], 0x00);  // the rest of the slot stays zero
  for (size_t i = 16; i < 32; ++i) EXPECT_EQ(b[i], 0) << "reference slot " << i;
  EXPECT_EQ(b[32], 0x01);
  EXPECT_EQ(b[38], 0xf0);
  EXPECT_EQ(b[39], 0x7f);
  for (size_t i = 0; i < 16; ++i) EXPECT_EQ(b[48 + i], i) << "v128 byte " << i;
}

TEST(WrapperArgBytes, MismatchAndPatternsAreErrors) {
  const FuncType ft{{ValType::f32}, {}};
  std::string error;
  EXPECT_TRUE(wrapper_arg_bytes(ft, {}, error).empty());
  EXPECT_NE(error, "");
  error.clear();
  const std::vector<WastValue> wrong = {num(ValType::f64, 0)};
  EXPECT_TRUE(wrapper_arg_bytes(ft, wrong, error).empty());
  EXPECT_NE(error.find("f64"), std::string::npos);
  error.clear();
  WastValue nan = num(ValType::f32, 0);
  nan.kind = PatKind::nan_canonical;
  const std::vector<WastValue> pattern = {nan};
  EXPECT_TRUE(wrapper_arg_bytes(ft, pattern, error).empty());
  EXPECT_NE(error.find("pattern"), std::string::npos);
}

// A target that returns its arguments reversed:
// (param f32 f64 v128 externref i64) (result i64 externref v128 f64 f32).
Bytes reverse_target() {
  WasmBuilder b;
  const u32 t = b.type({testing::F32, testing::F64, V128, testing::EXTERNREF, testing::I64},
                       {testing::I64, testing::EXTERNREF, V128, testing::F64, testing::F32});
  const u32 f = b.func(t, testing::cat({testing::local_get(4), testing::local_get(3),
                                        testing::local_get(2), testing::local_get(1),
                                        testing::local_get(0)}));
  b.export_func("f", f);
  return b.bytes();
}
const FuncType kReverse{
    {ValType::f32, ValType::f64, ValType::v128, ValType::externref, ValType::i64},
    {ValType::i64, ValType::externref, ValType::v128, ValType::f64, ValType::f32}};

u64 read_le(const Store& store, MemAddr m, u32 at, unsigned n) {
  u64 v = 0;
  for (unsigned i = 0; i < n; ++i) v |= u64{embed::mem_read(store, m, at + i).value()} << (8 * i);
  return v;
}

TEST(FuncWrapper, RunsBitExactInTheReference) {
  std::unique_ptr<Store> store = embed::store_init();
  std::shared_ptr<Module> target = decode_validate(reverse_target());
  ASSERT_TRUE(target);
  Result<ModuleAddr> ti = embed::module_instantiate(*store, target, {});
  ASSERT_TRUE(ti);
  const std::optional<ExternVal> f = embed::instance_export(*store, *ti, "f");
  ASSERT_TRUE(f);
  std::shared_ptr<Module> wrapper = decode_validate(func_wrapper(kReverse));
  ASSERT_TRUE(wrapper);
  const ExternVal imports[] = {*f};
  Result<ModuleAddr> wi = embed::module_instantiate(*store, wrapper, imports);
  ASSERT_TRUE(wi);
  const ExternVal run = *embed::instance_export(*store, *wi, kWrapperRun);
  const MemAddr mem{embed::instance_export(*store, *wi, kWrapperMemory)->addr};

  std::string error;
  const std::vector<WastValue> args = {num(ValType::f32, 0x7fa00001u),
                                       num(ValType::f64, 0xfff4000000000321ull),
                                       v128_i32x4(1, 0x7f800001u, 3, 0xffffffffu), extern_ref(9),
                                       num(ValType::i64, 0x8000000000000001ull)};
  const std::vector<u8> bytes = wrapper_arg_bytes(kReverse, args, error);
  ASSERT_EQ(error, "");
  for (u32 i = 0; i < bytes.size(); ++i) ASSERT_TRUE(embed::mem_write(*store, mem, i, bytes[i]));
  const Value ref_arg[] = {Value::extern_(ExternAddr{9})};
  Result<std::vector<Value>> out = embed::func_invoke(*store, FuncAddr{run.addr}, ref_arg);
  ASSERT_TRUE(out) << out.error().message;
  ASSERT_EQ(out->size(), 1u);  // the externref result
  EXPECT_EQ((*out)[0], Value::extern_(ExternAddr{9}));
  const u32 results = 5 * kWrapperSlotBytes;  // result j is slot 5 + j
  EXPECT_EQ(read_le(*store, mem, results + 0 * 16, 8), 0x8000000000000001ull);
  EXPECT_EQ(read_le(*store, mem, results + 2 * 16, 8), 0x7f80000100000001ull);
  EXPECT_EQ(read_le(*store, mem, results + 2 * 16 + 8, 8), 0xffffffff00000003ull);
  EXPECT_EQ(read_le(*store, mem, results + 3 * 16, 8), 0xfff4000000000321ull);
  EXPECT_EQ(read_le(*store, mem, results + 4 * 16, 4), 0x7fa00001u);
}

TEST(GlobalWrapper, RunsBitExactInTheReference) {
  std::unique_ptr<Store> store = embed::store_init();
  const GlobalAddr g = embed::global_alloc(*store, GlobalType{Mut::var, ValType::f64},
                                           Value::f64_bits(0x7ff0000000000001ull));
  std::shared_ptr<Module> wrapper = decode_validate(global_wrapper({Mut::var, ValType::f64}));
  ASSERT_TRUE(wrapper);
  const ExternVal imports[] = {ExternVal{ExternKind::global, g.value}};
  Result<ModuleAddr> wi = embed::module_instantiate(*store, wrapper, imports);
  ASSERT_TRUE(wi);
  const ExternVal run = *embed::instance_export(*store, *wi, kWrapperRun);
  const MemAddr mem{embed::instance_export(*store, *wi, kWrapperMemory)->addr};
  ASSERT_TRUE(embed::func_invoke(*store, FuncAddr{run.addr}, {}));
  EXPECT_EQ(read_le(*store, mem, 0, 8), 0x7ff0000000000001ull);
}

// Through node itself, independent of the driver: instantiate the target and the wrapper,
// copy the argument bytes in, run, and print the result bytes as hex.
TEST(FuncWrapper, RoundTripsNaNPayloadsAndV128ThroughNode) {
  if (!node_version()) GTEST_SKIP() << "node is not installed";
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("wasmref-wrapper-test-" + std::to_string(static_cast<long>(getpid())));
  std::filesystem::create_directories(dir);
  auto write = [&](const std::string& name, const std::vector<u8>& bytes) {
    std::ofstream out(dir / name, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  };
  write("target.wasm", reverse_target());
  write("wrapper.wasm", func_wrapper(kReverse));
  std::string error;
  const std::vector<WastValue> args = {num(ValType::f32, 0x7fa00001u),   // signalling NaN
                                       num(ValType::f64, 0xfff4000000000321ull),
                                       v128_i32x4(1, 0x7f800001u, 3, 0xffffffffu), extern_ref(9),
                                       num(ValType::i64, 0x8000000000000001ull)};
  write("args.bin", wrapper_arg_bytes(kReverse, args, error));
  ASSERT_EQ(error, "");
  {
    std::ofstream js(dir / "run.js");
    js << "const fs = require('fs'); const d = process.argv[2];\n"
          "const t = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(d + "
          "'/target.wasm')));\n"
          "const w = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(d + "
          "'/wrapper.wasm')), {target: {func: t.exports.f}}).exports;\n"
          "new Uint8Array(w.memory.buffer).set(fs.readFileSync(d + '/args.bin'), 0);\n"
          "const ref = {};\n"
          "if (w.run(ref) !== ref) throw new Error('externref lost');\n"
          "process.stdout.write(Buffer.from(w.memory.buffer, 80, 80).toString('hex'));\n";
  }
  const std::string cmd = "node " + (dir / "run.js").string() + " " + dir.string();
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[256];
  while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  EXPECT_EQ(pclose(p), 0);
  std::filesystem::remove_all(dir);
  ASSERT_EQ(out.size(), 160u) << out;
  EXPECT_EQ(out.substr(0, 16), "0100000000000080");                   // i64
  EXPECT_EQ(out.substr(64, 32), "010000000100807f03000000ffffffff");  // v128
  EXPECT_EQ(out.substr(96, 16), "210300000000f4ff");                   // f64 NaN payload
  EXPECT_EQ(out.substr(128, 8), "0100a07f");                           // f32 sNaN kept
}

}  // namespace
}  // namespace wasmref::harness
