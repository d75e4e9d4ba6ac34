// Core 2.0 Appendix §A.2 Implementation Limitations (appendix/implementation.rst) of the
// machine, and §4.2.6 host functions: the two runtime notions the embedding API exposes.
//
// Note: moved verbatim from embed/embed.h (which includes this header), so that the store
// (runtime/) can hold them without the runtime layer including the embedding layer.
#pragma once

#include <functional>
#include <span>
#include <vector>

#include "runtime/value.h"
#include "syntax/result.h"

namespace wasmref {

class Store;  // runtime/store.h

// Resource limits of the machine (ARCHITECTURE "Limits"). A module or a call that exceeds
// one ends in an Error (exhaustion, or invalid for static limits), never in a crash.
struct ExecLimits {
  u32 max_call_depth = 20000;     // wasm frames active at once -> "call stack exhausted"
  // Operand stack slots across all frames (16 bytes each: 16 MiB). Deep recursion meets
  // max_call_depth first unless its frames hold hundreds of locals; a native engine's whole
  // stack is about 1 MiB.
  u64 max_stack_values = 1 << 20;
  u64 fuel = 0;                   // instructions per top-level invocation; 0 = unlimited
  u64 max_memory_pages = 65536;   // one memory beyond this fails to grow (-1) or allocate
  u32 max_table_size = 10000000;  // table.grow beyond this fails (returns -1)
  // The sum of the sizes of all memories of the store (what they may commit when touched:
  // runtime/mapped_array.h reserves without committing). An allocation or a memory.grow
  // beyond it fails (instantiation: exhaustion, a RangeError in the JS-API; memory.grow: -1),
  // long before the system runs out of memory. The default, 20 GiB, holds five memories of
  // 2.0's maximum (4 GiB) beside spectest's page.
  u64 max_total_memory_bytes = u64{20} << 30;
  // Core 3.0 exception instances of the store (each `throw` allocates one, and nothing frees
  // them while the store lives): beyond this a throw is exhaustion ("exception instances
  // exhausted"). 2^22 instances take a few hundred MiB at most.
  u64 max_exceptions = u64{1} << 22;
  // Core 3.0 structure and array instances of the store: nothing collects them while the store
  // lives (a reference interpreter need not collect garbage during a script), so their bytes
  // are bounded: 16 bytes per field or element plus a fixed cost per instance (kGcObjectBytes
  // in runtime/store.h). An allocation beyond it is exhaustion ("out of memory: GC heap of the
  // store exhausted"), never an allocation failure of the process. The default holds a list of
  // 10^6 structs many times over.
  u64 max_gc_bytes = u64{4} << 30;
};

// A host function (§4.2.6 "hostfunc"): gets the store and the arguments, returns results or
// an error (a trap, usually). It must return values of the function type's result types.
using HostFunc =
    std::function<Result<std::vector<Value>>(Store& store, std::span<const Value> args)>;

}  // namespace wasmref
