// Core 2.0 §4.2.13 Stack (exec/runtime.rst): operand values, labels and activation frames,
// kept as three separate contiguous stacks (the spec allows this: "the stack ... can be
// implemented as separate stacks").
#pragma once

#include <cstddef>
#include <vector>

#include "runtime/store.h"
#include "syntax/module.h"

namespace wasmref {

// Slot (one operand or local slot) is declared in runtime/value.h, beside Value, so that the
// store can keep operand stack storage between invocations.

inline Slot to_slot(const Value& v) { return Slot{v.lo, v.hi}; }
inline Value to_value(ValType t, const Slot& s) { return make_value(t, s.lo, s.hi); }

// §4.2.13 "Labels": the arity and continuation of a label are in the validator's side data
// (BranchTarget), so a label entry records only what lets us check the nesting.
struct Label {
  u32 end_pc = 0;  // pc of the structured instruction's `end`
};

// §4.2.13 "Activation frames": the module instance and the locals. The locals live at the
// bottom of the frame's part of the operand stack (slots [locals_base, locals_base + n)).
// Note (deviation): a frame also keeps the caller's pc and its label-stack height, which the
// spec keeps implicitly in the continuation of the call instruction.
struct Frame {
  const FuncInst* func = nullptr;   // the function executing in this frame
  ModuleInst* module = nullptr;     // F.module
  size_t locals_base = 0;           // F.locals = slots[locals_base .. locals_base + n_locals)
  u32 n_locals = 0;                 // parameters included
  size_t label_base = 0;            // height of the label stack when the frame was pushed
  u32 return_pc = 0;                // caller's pc to continue at after return
  u32 arity = 0;                    // number of results
};

}  // namespace wasmref
