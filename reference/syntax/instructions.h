// Core 3.0 §2.4 Instructions (syntax/instructions.rst), in the decoded form execution uses
#pragma once

#include <span>
#include <string_view>

#include "syntax/features.h"
#include "syntax/types.h"

namespace wasmref {

// Every instruction of the opcode table (syntax/ops.def).
enum class Op : u16 {
#define WASMREF_OP(name, prefix, code, text, imm, sig, width, feature) name,
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
  // Core 3.0 and proposals (rows whose feature is not `core`)
  tagidx,            // throw, legacy catch
  try_table,         // try_table: blocktype, then vec(catch): 0x00 x l (catch),
                     // 0x01 x l (catch_ref), 0x02 l (catch_all), 0x03 l (catch_all_ref)
  typeidx,           // call_ref, return_call_ref, struct.new(_default), array.new(_default),
                     // array.get(_s/_u), array.set, array.fill
  typeidx_fieldidx,  // struct.get(_s/_u), struct.set
  typeidx_u32,       // array.new_fixed: typeidx, then the number of operands
  typeidx_dataidx,   // array.new_data, array.init_data
  typeidx_elemidx,   // array.new_elem, array.init_elem
  typeidx_typeidx,   // array.copy: destination type, source type
  heaptype,          // ref.test, ref.cast (with or without null: the opcode says which)
  br_on_cast,        // br_on_cast(_fail): castflags byte, labelidx, heaptype, heaptype
  atomic_fence,      // atomic.fence: a 0x00 byte
};

// Which feature an opcode belongs to (the `feature` column of ops.def). `core` is all of 2.0,
// SIMD included; the others are the same-named fields of Features (syntax/features.h).
enum class OpFeature : u8 {
  core,
  tail_call,
  exceptions,
  legacy_exceptions,
  function_references,
  gc,
  relaxed_simd,
  threads,
};

struct OpInfo {
  Op op;
  u8 prefix;  // 0, 0xFB, 0xFC, 0xFD or 0xFE
  u32 code;
  std::string_view text;  // "i32.add"
  Imm imm;
  std::string_view sig;  // "ii>i", or "" when the validator has a dedicated rule
  u8 width;              // bytes accessed by a load/store/atomic, else 0
  OpFeature feature;     // the proposal that adds the row; core = 2.0
};

// Table lookups, all O(1).
const OpInfo& op_info(Op op);
std::string_view op_name(Op op);
// Is the row's feature on? `core` always is. In 3.0 gc implies typed function references, so a
// function_references row is on when either field is; `throw` belongs to both exception
// proposals (legacy try/catch throws with it too), so it is on when either field is.
bool op_enabled(const OpInfo& info, const Features& features);

// Decoder lookups; nullptr when the byte (or prefixed code) is not an opcode of the table.
// Only `core` rows are returned (2.0): an opcode of a later feature is "illegal opcode" there,
// as if the table lacked it.
const OpInfo* op_by_byte(u8 byte);
const OpInfo* op_by_prefixed(u8 prefix, u32 code);
// The same lookups over every row whose feature is enabled (op_enabled): for decoders of 3.0.
const OpInfo* op_by_byte(u8 byte, const Features& features);
const OpInfo* op_by_prefixed(u8 prefix, u32 code, const Features& features);

// Text-format lookup (§6.5): every row whose `text` is `text`, in table order, whatever its
// feature (e.g. "select" -> select, select_t; "ref.test" -> ref_test, ref_test_null); empty
// when no row has it. O(1) on average (a hash map built on first use).
std::span<const OpInfo* const> ops_by_text(std::string_view text);

// §2.4.6 Block types: empty, one value type, or a type index.
struct BlockType {
  enum class Kind : u8 { empty, val, type } kind = Kind::empty;
  ValType val = ValType::i32;  // kind == val
  TypeIdx type{};              // kind == type
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
//   Imm::memarg      x = align exponent, y = memidx (3.0; 0 in 2.0), bits = offset (a u64 in
//                    3.0: validation bounds it by the memory's address type)
//   Imm::memidx      x = memidx (always 0 in 2.0)
//   Imm::i32/f32     bits = the 32-bit pattern (zero-extended); i64/f64: bits = 64-bit pattern
//   Imm::memory_init x = dataidx, y = memidx;  memory_copy: x = dst mem, y = src mem
//   Imm::table_init  x = elemidx, y = tableidx; table_copy: x = dst table, y = src table
//   Imm::v128        x = index into Module::v128_immediates (the 16 bytes, little-endian)
//   Imm::shuffle     x = index into Module::v128_immediates (the 16 lane indices)
//   Imm::laneidx     x = the lane index
//   Imm::memarg_lane as memarg, and lane = the lane index
// Core 3.0 and proposals (the immediates of non-core rows):
//   Imm::tagidx      x = tagidx
//   Imm::try_table   block_type; x = first catch clause in a per-function clause list,
//                    y = number of clauses (each: kind 0..3, tagidx, labelidx)
//   Imm::typeidx     x = typeidx
//   Imm::typeidx_fieldidx x = typeidx, y = fieldidx
//   Imm::typeidx_u32 x = typeidx, y = the operand count n
//   Imm::typeidx_dataidx x = typeidx, y = dataidx; typeidx_elemidx: x = typeidx, y = elemidx
//   Imm::typeidx_typeidx x = destination typeidx, y = source typeidx
//   Imm::reftype     (3.0: ref.null ht) ref_type = (ref null ht)
//   Imm::heaptype    ref_type = the target reference type (ref.test/ref.cast: nullable for the
//                    _null opcodes)
//   Imm::br_on_cast  x = labelidx, bits = castflags (bit 0: rt1 nullable, bit 1: rt2),
//                    block_type.val = rt1 (the operand's type), ref_type = rt2 (the target)
//   Imm::atomic_fence no fields (the 0x00 byte is checked)
struct Instr {
  Op op = Op::nop;
  ValType ref_type = ValType::funcref;  // ref.null, select t
  u8 lane = 0;                          // v128.loadN_lane / storeN_lane: the lane index
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

// One handler clause (core 3.0 syntax/instructions.rst "catch", and the legacy try's catch
// blocks and delegate, legacy-exceptions/syntax.rst), kept in Func::catches.
//   try_table: catch x l, catch_ref x l, catch_all l, catch_all_ref l, decoded with `tag` and
//     `label`; the validator records `branch`, the BranchTarget of the br to l taken when the
//     clause catches (its height: the try_table's, plus the values the clause pushes).
//   legacy try: the validator records one clause per `catch x` / `catch_all` block, `pc` being
//     the pc of its first instruction, and for `delegate l` one clause whose `level` is the
//     target label's nesting level in the function (0 = the function's own label).
struct CatchClause {
  enum class Kind : u8 { catch_, catch_ref, catch_all, catch_all_ref, legacy_catch, legacy_catch_all, delegate };
  Kind kind = Kind::catch_;
  u32 tag = 0;     // catch, catch_ref, legacy catch: tagidx
  u32 label = 0;   // try_table clauses and delegate: labelidx
  u32 branch = 0;  // try_table clauses (validator): index into Func::branches
  u32 pc = 0;      // legacy catch / catch_all (validator): first pc of the catch block
  u32 level = 0;   // delegate (validator): nesting level of the target label
  friend bool operator==(const CatchClause&, const CatchClause&) = default;
};

using Expr = std::vector<Instr>;  // §2.4.9 Expressions, the final `end` included

}  // namespace wasmref
