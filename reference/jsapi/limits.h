// JS-API §limits (js-api/index.bs "Limits"): the implementation limits of a JS embedding,
// as selectable profiles. A module over a compile-time limit is a CompileError (validate()
// returns false); the runtime limits give a RangeError where the spec says so.
#pragma once

#include <cstdint>

namespace wasmref::jsapi {

struct EmbedderLimits {
  std::uint64_t module_size = 1073741824;  // bytes
  std::uint32_t types = 1000000;           // also the recursion groups (byte-level check)
  std::uint32_t rec_group_types = 1000000; // core 3.0: types in one recursion group
  std::uint32_t subtype_depth = 63;        // core 3.0: depth of a defined subtype hierarchy
  std::uint32_t functions = 1000000;       // defined
  std::uint32_t imports = 1000000;
  std::uint32_t exports = 1000000;
  std::uint32_t globals = 1000000;         // defined
  std::uint32_t tags = 1000000;            // defined (core 3.0)
  std::uint32_t data_segments = 100000;
  std::uint32_t tables = 100000;           // defined + imported
  std::uint32_t memories = 100;            // defined + imported
  std::uint32_t element_segment_entries = 10000000;
  std::uint32_t params = 1000;             // per function or block type
  std::uint32_t results = 1000;
  std::uint32_t function_body_size = 7654321;  // bytes, local declarations included
  std::uint32_t locals = 50000;            // per function, parameters included
  std::uint32_t struct_fields = 10000;     // core 3.0: fields of a struct type
  std::uint32_t array_new_fixed_operands = 10000;  // core 3.0: array.new_fixed's count
  std::uint64_t memory64_min_max = (std::uint64_t{1} << 37) - 1;  // pages: a 64-bit memory's min/max
  // Runtime.
  std::uint32_t table_size = 10000000;     // RangeError past it (Table, grow, instantiation)
  std::uint32_t memory_pages = 65536;      // 32-bit memories
  std::uint64_t memory64_pages = 262144;   // 64-bit memories (16 GiB)

  // The numbers of the current spec (HEAD / wg-3.0) and of the Wasm 2.0 era (wg-2.0), which
  // differ in imports, exports and memories (notes: §1.15).
  static EmbedderLimits current() { return {}; }
  static EmbedderLimits wg_2_0() {
    EmbedderLimits l;
    l.imports = 100000;
    l.exports = 100000;
    l.memories = 1;
    return l;
  }
};

}  // namespace wasmref::jsapi
