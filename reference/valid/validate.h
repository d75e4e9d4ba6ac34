// Core 2.0 §3 Validation (valid/*.rst, appendix/algorithm.rst): the validator's entry point
#pragma once

#include "syntax/features.h"
#include "syntax/module.h"
#include "syntax/result.h"

namespace wasmref {

// §3.4 Modules: validates `module`; on success fills in the control side data of every
// function (Instr::else_pc/end_pc/branch, Func::branches, Func::max_stack_height) and sets
// module.validated = true. Errors are Outcome::invalid with the testsuite's message.
Result<void> validate_module(Module& module, const Features& features);

// Appendix "Implementation Limitations": the operand stack of one function body may not grow
// beyond this many values; a body that would is rejected with msg::implementation_limit
// (Outcome::invalid), so that heights always fit the u32 fields of the side data.
inline constexpr u32 kMaxOperandStackHeight = u32{1} << 24;

}  // namespace wasmref
