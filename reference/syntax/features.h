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
};

}  // namespace wasmref
