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

#include <nlohmann/json.hpp>

#include "harness/wast_value.h"
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

// --- Values of records (the wast2json JSON encoding) written as the script writes them --------
// Used by every output that shows a record: failure lines, `wasmref diff`, the reports.

// A lane or scalar: `nan:canonical` / `nan:arithmetic` by name, floats exactly (format_f32/64),
// integers as signed decimals of their width.
std::string lane_text(LaneType t, const Lane& l);
// A name as a text-format string literal: `"` and `\` escaped, bytes below 0x20 and 0x7f as
// \hh, everything else (UTF-8 included) as it is.
std::string script_string(std::string_view s);
// One value or expectation: `(i32.const -1)`, `(f32.const nan:0x200000)`, `(f64.const
// nan:canonical)`, `(v128.const i32x4 1 2 3 4)`, `(ref.null func)`, `(ref.extern 3)`,
// `(ref.func)` (a non-null funcref is an engine's address or "any function", never a script
// value), `(ref.struct)`, `(either (...) (...))`. nullopt when the JSON is not a value.
std::optional<std::string> constant_text(const nlohmann::json& v);
// An action: `(invoke $M "f" (i32.const 1))`, `(get "g")`; "" when `a` is not an action.
std::string action_text(const nlohmann::json& a);

}  // namespace wasmref::harness
