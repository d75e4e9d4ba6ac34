// Harness: wrapper modules for bit-exact calls from JS (notes-harness §2.2, §5.4 item 4), built
// in the binary format of Core 2.0 §5
//
// The JS-API cannot pass a v128 (TypeError) and does not keep NaN payloads of f32/f64
// (ToJSValue gives "the" NaN Number). A wrapper module imports the target (a function or a
// global), and its `run` function reads the argument bit patterns from the wrapper's own
// memory, calls the target and stores the results' bit patterns back: JS only copies bytes.
//
// Memory layout, shared by the generator and the JS driver: every value of the signature has
// one 16-byte slot, the parameters first (slot i = parameter i), then the results (slot
// n + j = result j). Numbers and vectors travel through their slot, little-endian; references
// (funcref, externref) cannot be stored in memory, so they are `run`'s own parameters and
// results, in signature order, and their slots stay unused.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "harness/wast_value.h"
#include "syntax/types.h"

namespace wasmref::harness {

inline constexpr u32 kWrapperSlotBytes = 16;
// The names the wrapper imports its target under and exports its parts as.
inline constexpr const char* kWrapperImportModule = "target";
inline constexpr const char* kWrapperImportFunc = "func";
inline constexpr const char* kWrapperImportGlobal = "global";
inline constexpr const char* kWrapperRun = "run";
inline constexpr const char* kWrapperMemory = "memory";

// Values JS cannot carry bit-exactly: f32, f64 (NaN payloads) and v128 (no JS value at all).
bool needs_wrapper(ValType t);
bool needs_wrapper(const FuncType& ft);

// A module importing `target.func : ft` and exporting `memory` and `run : [refs of params] ->
// [refs of results]`, which loads the numeric arguments from their slots, calls the target and
// stores the numeric results into theirs.
std::vector<u8> func_wrapper(const FuncType& ft);

// A module importing `target.global : gt` (a number or vector type) and exporting `memory`
// and `run : [] -> []`, which stores the global's value into slot 0.
std::vector<u8> global_wrapper(const GlobalType& gt);

// The memory image of the arguments of a call through func_wrapper(ft): 16 bytes per
// parameter, little-endian bit patterns, zero for reference parameters. Empty and `error` set
// when the arguments do not match the parameter types or are patterns.
std::vector<u8> wrapper_arg_bytes(const FuncType& ft, std::span<const WastValue> args,
                                  std::string& error);

}  // namespace wasmref::harness
