// The feature set a module is decoded and validated under (ARCHITECTURE "Features")
#pragma once

namespace wasmref {

// Core 2.0 is the default. Proposals are off until a profile turns them on; an instruction or
// encoding of a feature that is off is decoded as if the proposal did not exist (so it gets
// the same malformed/invalid outcome a 2.0 engine gives).
struct Features {
  bool simd = true;             // 2.0: v128 and the 0xFD instructions
  bool reference_types = true;  // 2.0: several tables, typed select, table.* instructions
  bool bulk_memory = true;      // 2.0
  bool multi_value = true;      // 2.0
  bool threads = false;
  bool exceptions = false;
  bool tail_call = false;
  bool memory64 = false;
  bool multi_memory = false;
  bool extended_const = false;
  bool relaxed_simd = false;
  bool function_references = false;  // 3.0: typed function references (call_ref, (ref $t), ...)
  bool gc = false;                   // 3.0: rec groups, sub types, struct/array/i31
  bool legacy_exceptions = false;    // try/catch/catch_all/delegate/rethrow (legacy-exceptions)

  // The WebAssembly 3.0 standard's feature set (2.0 plus exceptions, tail calls, 64-bit and
  // multiple memories, extended constants, relaxed SIMD, typed function references, GC);
  // threads and the legacy exception instructions are not part of it.
  static constexpr Features v3() {
    Features f;
    f.exceptions = f.tail_call = f.memory64 = f.multi_memory = f.extended_const = true;
    f.relaxed_simd = f.function_references = f.gc = true;
    return f;
  }
};

}  // namespace wasmref
