// Core 2.0 §4.4 Instructions (exec/instructions.rst) and §4.5.5 Invocation (exec/modules.rst):
// the one dispatch loop of the reference interpreter
#pragma once

#include <span>
#include <vector>

#include "runtime/store.h"
#include "syntax/result.h"

namespace wasmref {

// §4.5.5 Invocation of funcaddr with arguments val*: checks the arguments against the function
// type ("type mismatch", Outcome::trap, before running anything), runs the function to
// completion on a fresh machine and returns its results. A trap is Outcome::trap with the
// trap's message; running out of frames, operand slots or fuel is Outcome::exhaustion.
// Host functions may call this again (re-entry); the limits count across nested calls.
Result<std::vector<Value>> invoke(Store& s, FuncAddr funcaddr, std::span<const Value> args);

// The bulk instructions instantiation also executes (§4.5.4 steps 14-16). Each returns
// nullptr on success or the trap message; the operands are those the instruction pops.
// exec/instructions.rst "table.init x y" on table `tab` and element instance `elem`.
// (d is an address of the table's address type; s and n are i32.)
const char* table_init(TableInst& tab, const ElemInst& elem, u64 d, u32 s, u32 n);
// exec/instructions.rst "memory.init x" on memory `mem` and data instance `data`.
const char* memory_init(MemInst& mem, const DataInst& data, u64 d, u32 s, u32 n);
// exec/instructions.rst "elem.drop x" / "data.drop x": replace the instance's contents by ε.
void elem_drop(ElemInst& elem);
void data_drop(DataInst& data);

}  // namespace wasmref
