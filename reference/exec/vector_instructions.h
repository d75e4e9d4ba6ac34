// Core 2.0 §4.4.3 Vector Instructions (exec/instructions.rst): the pure ones, as one function
#pragma once

#include "exec/vector.h"
#include "runtime/stack.h"
#include "syntax/instructions.h"
#include "syntax/module.h"

namespace wasmref {

// Exec §4.4.3: executes the pure vector instruction `in`. `args` are its operands in push
// order (as many as its signature has parameters: op_info(in.op).sig); returns its one
// result: a v128 as (lo, hi) = bytes 0..7, 8..15 little-endian, or a scalar result
// (i32/i64/f32/f64 bit pattern) in `lo` with `hi` = 0. None of these instructions traps.
//
// The conditions the spec asserts "due to validation" (a lane index x < dim(shape), shuffle
// lane indices < 32, the shuffle immediate present in module.v128_immediates, `in` being a
// pure vector instruction at all) are checked: when one fails, `*broken` is set (if given) and
// the result is a zero slot, never undefined behaviour. The machine passes its `broken_` flag,
// which it turns into Outcome::crash.
Slot vector_instr(const Instr& in, const Module& module, const Slot* args, bool* broken = nullptr);

// True for the instructions vector_instr executes: prefix 0xFD and an immediate of kind none,
// laneidx or shuffle (everything but v128.const and the memory instructions).
bool is_pure_vector_instr(Op op);

// An operand slot's v128 and back: bytes 0..7 in `lo`, 8..15 in `hi`, little-endian.
inline vec::V128 v128_of(const Slot& s) { return vec::V128::from_halves(s.lo, s.hi); }
inline Slot slot_of(const vec::V128& c) { return Slot{c.lo(), c.hi()}; }

}  // namespace wasmref
