// Core 2.0 §5.5 Modules (binary/modules.rst): the decoder's entry point
#pragma once

#include <span>

#include "syntax/features.h"
#include "syntax/module.h"
#include "syntax/result.h"

namespace wasmref {

// Reference implementation limit (the JS-API's): at most this many declared locals per
// function. Checked before the locals are expanded into Func::locals.
inline constexpr u32 kMaxFunctionLocals = 50000;
// Reference implementation limit on the locals of all functions of a module together.
inline constexpr u64 kMaxModuleLocals = u64{1} << 24;

// §5.5 Modules: decodes the whole binary into the abstract syntax of syntax/module.h,
// function bodies into flat Instr vectors with all immediates decoded (see the field layout
// comment on Instr in syntax/instructions.h). Errors are Outcome::malformed with the
// testsuite's message (syntax/messages.h).
Result<Module> decode_module(std::span<const u8> bytes, const Features& features);

}  // namespace wasmref
