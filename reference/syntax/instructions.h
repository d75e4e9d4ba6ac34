// Core 2.0 §2.4 Instructions (syntax/instructions.rst), in the decoded form execution uses
#pragma once

#include <string_view>

#include "syntax/types.h"

namespace wasmref {

// Every instruction of the opcode table (syntax/ops.def).
enum class Op : u16 {
#define WASMREF_OP(name, prefix, code, text, imm, sig, width) name,
#include "syntax/ops.def"
#undef WASMREF_OP
};

// The immediate kinds of the binary format (§5.4), one per distinct immediate layout.
enum class Imm : u8 {
  none,
  blocktype,      // block, loop, if
  labelidx,       // br, br_if
  br_table,       // vec(labelidx) labelidx
  funcidx,        // call, ref.func
  call_indirect,  // typeidx tableidx
  reftype,        // ref.null
  select_t,       // vec(valtype), exactly one in 2.0
  localidx,
  globalidx,
  tableidx,       // table.get/set/grow/size/fill
  memarg,         // align offset
  memidx,         // memory.size/grow/fill: a 0x00 byte in 2.0
  i32,
  i64,
  f32,
  f64,
  memory_init,    // dataidx 0x00
  dataidx,        // data.drop
  memory_copy,    // 0x00 0x00
  table_init,     // elemidx tableidx
  elemidx,        // elem.drop
  table_copy,     // tableidx tableidx (destination first)
  // §5.4.8 Vector instructions
  v128,           // v128.const: 16 bytes
  shuffle,        // i8x16.shuffle: 16 lane indices
  laneidx,        // extract_lane / replace_lane: one lane index byte
  memarg_lane,    // v128.loadN_lane / storeN_lane: memarg, then a lane index byte
};

struct OpInfo {
  Op op;
  u8 prefix;  // 0, 0xFC or 0xFD
  u32 code;
  std::string_view text;  // "i32.add"
  Imm imm;
  std::string_view sig;  // "ii>i", or "" when the validator has a dedicated rule
  u8 width;              // bytes accessed by a load/store, else 0
};

// Table lookups, all O(1).
const OpInfo& op_info(Op op);
std::string_view op_name(Op op);
// Decoder lookups; nullptr when the byte (or prefixed code) is not an opcode of the table.
const OpInfo* op_by_byte(u8 byte);
const OpInfo* op_by_prefixed(u8 prefix, u32 code);

// §2.4.6 Block types: empty, one value type, or a type index.
struct BlockType {
  enum class Kind : u8 { empty, val, type } kind = Kind::empty;
  ValType val = ValType::i32;  // kind == val
  TypeIdx type{};              // kind == type
};

// §2.4.7 Memory arguments. `align` is the exponent as encoded.
struct MemArg {
  u32 align = 0;
  u32 offset = 0;
};

// One decoded instruction. Fields are used according to the opcode's immediate kind; the
// `else_pc`/`end_pc`/`branch` fields are control side data the validator fills in (valid/),
// execution only reads them.
//
//   Imm::blocktype   block_type;          side: else_pc (if only), end_pc
//   Imm::labelidx    x = label index;     side: branch = index into Func::branches
//   Imm::br_table    x = first entry in Func::br_table_labels, y = number of labels (the
//                    default included, last); side: branch = first of y entries in
//                    Func::branches, in the same order
//   Imm::funcidx     x = funcidx
//   Imm::call_indirect x = typeidx, y = tableidx
//   Imm::reftype     ref_type
//   Imm::select_t    ref_type = the single value type; x = the length of the decoded
//                    vec(valtype) (validation requires 1: "invalid result arity")
//   Imm::localidx / globalidx / tableidx / dataidx / elemidx: x
//   Imm::memarg      x = align exponent, y = offset
//   Imm::memidx      x = memidx (always 0 in 2.0)
//   Imm::i32/f32     bits = the 32-bit pattern (zero-extended); i64/f64: bits = 64-bit pattern
//   Imm::memory_init x = dataidx, y = memidx;  memory_copy: x = dst mem, y = src mem
//   Imm::table_init  x = elemidx, y = tableidx; table_copy: x = dst table, y = src table
//   Imm::v128        x = index into Module::v128_immediates (the 16 bytes, little-endian)
//   Imm::shuffle     x = index into Module::v128_immediates (the 16 lane indices)
//   Imm::laneidx     x = the lane index
//   Imm::memarg_lane x = align exponent, y = offset, bits = the lane index
struct Instr {
  Op op = Op::nop;
  ValType ref_type = ValType::funcref;  // ref.null, select t
  BlockType block_type{};
  u32 x = 0;
  u32 y = 0;
  u64 bits = 0;
  // Control side data (filled by the validator).
  u32 else_pc = 0;  // if: pc of the first instruction after `else` (= end_pc when no else)
  u32 end_pc = 0;   // block/loop/if: pc of the matching `end`
  u32 branch = 0;   // br/br_if/br_table: index into Func::branches
};

// Control side data for one branch (br, br_if, each br_table entry), computed by the validator
// (appendix algorithm, which knows every operand-stack height). Executing the branch:
// keep the top `arity` values, discard the `drop` values beneath them, pop `depth + 1`
// labels (the labels between the branch and its target, and the target), continue at `target`.
// A branch to the function's outermost label (the body) has `is_return` set and behaves as
// `return` (its target is the pc of the body's final `end`).
struct BranchTarget {
  u32 target = 0;  // block/if: pc after the matching `end`; loop: pc of the `loop` itself
  u32 arity = 0;   // label arity: block/if results, loop params
  u32 drop = 0;    // operand values between the label's height and the kept values
  u32 depth = 0;   // label index l
  bool is_return = false;
  friend bool operator==(const BranchTarget&, const BranchTarget&) = default;
};

using Expr = std::vector<Instr>;  // §2.4.9 Expressions, the final `end` included

}  // namespace wasmref
