// The `spectest` host module of the official testsuite (interpreter/host/spectest.ml, and
// design/notes-harness.md §2.5): host functions, globals, a table and a memory
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "runtime/store.h"

namespace wasmref::host {

// Allocates the `spectest` module's externals in the store (notes: functions print,
// print_i32, print_i64, print_f32, print_f64, print_i32_f32, print_f64_f64, all returning
// nothing and printing nothing; globals global_i32 = 666, global_i64 = 666 (const),
// global_f32 = 666.6 (0x4426a666), global_f64 = 666.6 (0x4084d4cccccccccd); table: funcref
// min 10 max 20; table64: the same with i64 addresses (core 3.0); memory min 1 max 2) and
// returns its exports by name.
std::vector<std::pair<std::string, ExternVal>> spectest_instance(Store& store);

}  // namespace wasmref::host
