// Harness: values written as the script format writes constants (`i32.const 5`,
// `f32.const nan:0x200000`, `v128.const i32x4 1 2 3 4`, `ref.null func`, `ref.extern 1`)
//
// Used wherever a value is shown to a user: `wasmref run` results, failure lines. Floats are
// written exactly: the shortest decimal that reads back to the same bits, or `inf` / `nan` /
// `nan:0x...` with their signs, so a value shown can be pasted back into a script.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/value.h"

namespace wasmref::harness {

std::string format_f32(u32 bits);  // "1.5", "-0", "inf", "-nan:0x200000", "nan" (canonical)
std::string format_f64(u64 bits);
// One value: "i32.const 5", "f64.const -0", "v128.const i32x4 1 2 3 4", "ref.null func",
// "ref.func", "ref.extern 7".
std::string format_value(const Value& v);

// Arguments written as constants, e.g. `i32.const 5 (f32.const nan:0x200000) v128.const i8x16
// 1 2 ... 16 ref.null extern ref.extern 3`, parentheses optional, read with the text format's
// lexer and literals. nullopt and `error` set when the text is not a list of constants.
std::optional<std::vector<Value>> parse_constants(std::string_view text, std::string& error);

}  // namespace wasmref::harness
