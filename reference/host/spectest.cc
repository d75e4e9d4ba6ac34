// The `spectest` host module of the official testsuite (interpreter/host/spectest.ml, and
// design/notes-harness.md §2.5): host functions, globals, a table and a memory
#include "host/spectest.h"

namespace wasmref::host {

namespace {

// The print functions return nothing and, here, print nothing: a test run must not write
// to stdout, and no assertion observes the output.
Result<std::vector<Value>> print(Store&, std::span<const Value>) { return std::vector<Value>{}; }

FuncType params(std::vector<ValType> ts) { return FuncType{std::move(ts), {}}; }

}  // namespace

std::vector<std::pair<std::string, ExternVal>> spectest_instance(Store& store) {
  using VT = ValType;
  std::vector<std::pair<std::string, ExternVal>> exports;
  auto func = [&](const char* name, FuncType type) {
    exports.emplace_back(name,
                         ExternVal{ExternKind::func, allochostfunc(store, type, print).value});
  };
  func("print", params({}));
  func("print_i32", params({VT::i32}));
  func("print_i64", params({VT::i64}));
  func("print_f32", params({VT::f32}));
  func("print_f64", params({VT::f64}));
  func("print_i32_f32", params({VT::i32, VT::f32}));
  func("print_f64_f64", params({VT::f64, VT::f64}));

  auto global = [&](const char* name, ValType t, Value v) {
    const GlobalAddr a = allocglobal(store, GlobalType{Mut::const_, t}, v);
    exports.emplace_back(name, ExternVal{ExternKind::global, a.value});
  };
  global("global_i32", VT::i32, Value::i32(666));
  global("global_i64", VT::i64, Value::i64(666));
  global("global_f32", VT::f32, Value::f32_bits(0x4426a666u));           // 666.6
  global("global_f64", VT::f64, Value::f64_bits(0x4084d4cccccccccdull));  // 666.6

  const TableType table_type{Limits{10, 20}, VT::funcref};
  exports.emplace_back(
      "table",
      ExternVal{ExternKind::table, alloctable(store, table_type, Value::null(VT::funcref)).value});
  // Core 3.0's suite (memory64/table64.wast) also imports a 64-bit table, "table64", as the
  // spec interpreter's spectest module has it: i64 addresses, the same limits and type.
  const TableType table64_type{Limits{10, 20}, VT::funcref, AddrType::i64};
  exports.emplace_back(
      "table64",
      ExternVal{ExternKind::table, alloctable(store, table64_type, Value::null(VT::funcref)).value});
  const MemType mem_type{Limits{1, 2}};
  exports.emplace_back("memory", ExternVal{ExternKind::mem, allocmem(store, mem_type).value});
  return exports;
}

}  // namespace wasmref::host
