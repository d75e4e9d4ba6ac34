// Core 2.0 §3.3 Instructions (valid/instructions.rst), checked by the appendix algorithm (appendix/algorithm.rst), plus control side data
//
// One pass over the flat body with an explicit operand stack (value types or Unknown) and an
// explicit control stack (no native recursion: nesting depth is bounded only by the input).
// Because this is the one place that knows every operand-stack height, it also records the
// control side data execution reads (see Instr and BranchTarget in syntax/instructions.h).
#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "syntax/messages.h"
#include "valid/context.h"
#include "valid/validate.h"

namespace wasmref::valid {
namespace {

// appendix "Data Structures": val_type | Unknown.
using Opd = std::optional<ValType>;
constexpr Opd Unknown = std::nullopt;

// The appendix's is_num / is_vec / is_ref, which accept Unknown.
bool is_num(Opd t) { return !t || wasmref::is_num(*t); }
bool is_vec(Opd t) { return !t || wasmref::is_vec(*t); }
bool is_ref(Opd t) { return !t || wasmref::is_ref(*t); }

// §3.3.3 dim(shape), the number of lanes, for the instructions with a laneidx immediate
// (their shape is the prefix of the mnemonic); 0 for any other opcode.
u32 dim(Op op) {
  switch (op) {
    case Op::i8x16_extract_lane_s:
    case Op::i8x16_extract_lane_u:
    case Op::i8x16_replace_lane: return 16;  // dim(i8x16)
    case Op::i16x8_extract_lane_s:
    case Op::i16x8_extract_lane_u:
    case Op::i16x8_replace_lane: return 8;  // dim(i16x8)
    case Op::i32x4_extract_lane:
    case Op::i32x4_replace_lane:
    case Op::f32x4_extract_lane:
    case Op::f32x4_replace_lane: return 4;  // dim(i32x4) = dim(f32x4)
    case Op::i64x2_extract_lane:
    case Op::i64x2_replace_lane:
    case Op::f64x2_extract_lane:
    case Op::f64x2_replace_lane: return 2;  // dim(i64x2) = dim(f64x2)
    default: return 0;
  }
}

// appendix ctrl_frame, plus what the side data needs.
struct CtrlFrame {
  // block, loop, if_, else_; the function's own frame is a block. Core 3.0: try_table.
  // Legacy exceptions: try_, and catch_ / catch_all for the catch blocks (whose label carries
  // legacy-exceptions/valid.rst's `catch` flag: rethrow may target them).
  Op opcode = Op::block;
  ResultType start_types;
  ResultType end_types;
  size_t height = 0;  // operand-stack height at entry, below the block's parameters
  bool unreachable = false;
  u32 pc = 0;       // pc of the block/loop/if/try instruction (else, catch frames: of the if/try)
  u32 else_pc = 0;  // else frames: pc of the `else` instruction
  // Branches (indices into Func::branches) to this label whose target is only known at the
  // matching `end` (block, if, else, try, catch, and the function frame).
  std::vector<u32> pending;
  // Legacy try / catch frames: the try's clauses so far (one per catch block), appended to
  // Func::catches when the try is closed, so a try nested in a catch block cannot interleave
  // its clauses with those of the enclosing try.
  std::vector<CatchClause> clauses;
};

class CodeValidator {
 public:
  CodeValidator(const Context& C, Func& func, const FuncType& ft, FuncIdx x)
      : C(C), func(func), ft(ft), funcidx(x) {}

  Result<void> run();

 private:
  // --- appendix auxiliary functions -------------------------------------------------------
  void push_val(Opd type) {
    if (vals.size() >= kMaxOperandStackHeight) {
      return fail(std::string(msg::implementation_limit) + ": operand stack height");
    }
    vals.push_back(type);
    if (vals.size() > max_height) max_height = vals.size();
  }
  Opd pop_val() {
    CtrlFrame& top = ctrls.back();
    if (vals.size() == top.height && top.unreachable) return Unknown;
    if (vals.size() == top.height) {  // underflow of the current block
      fail(msg::type_mismatch);
      return Unknown;
    }
    const Opd t = vals.back();
    vals.pop_back();
    return t;
  }
  Opd pop_val(Opd expect) {
    const Opd actual = pop_val();
    if (actual != expect && actual != Unknown && expect != Unknown) fail(msg::type_mismatch);
    return actual;
  }
  void push_vals(const ResultType& types) {
    for (ValType t : types) push_val(t);
  }
  std::vector<Opd> pop_vals(const ResultType& types) {
    std::vector<Opd> popped(types.size());
    for (size_t i = types.size(); i-- > 0;) popped[i] = pop_val(types[i]);
    return popped;
  }
  void push_ctrl(Op opcode, ResultType in, ResultType out, u32 pc) {
    CtrlFrame frame;
    frame.opcode = opcode;
    frame.start_types = std::move(in);
    frame.end_types = std::move(out);
    frame.height = vals.size();
    frame.pc = pc;
    ctrls.push_back(std::move(frame));
    push_vals(ctrls.back().start_types);
  }
  // Returns false (with the error recorded) when the control stack is empty.
  bool pop_ctrl(CtrlFrame& frame) {
    if (ctrls.empty()) {
      fail(std::string(msg::type_mismatch) + ": unbalanced end");
      return false;
    }
    pop_vals(ctrls.back().end_types);
    if (vals.size() != ctrls.back().height) fail(msg::type_mismatch);  // values left over
    frame = std::move(ctrls.back());
    ctrls.pop_back();
    return true;
  }
  static const ResultType& label_types(const CtrlFrame& frame) {
    return frame.opcode == Op::loop ? frame.start_types : frame.end_types;
  }
  void unreachable() {
    vals.resize(ctrls.back().height);
    ctrls.back().unreachable = true;
  }

  // --- context lookups (§3.1.1), raising "unknown <space> x" ---------------------------------
  // The label l exists: l < |C.labels|, the labels being the control frames.
  bool label_exists(u32 l) {
    if (l < ctrls.size()) return true;
    fail(unknown(msg::unknown_label, l));
    return false;
  }
  CtrlFrame& label(u32 l) { return ctrls[ctrls.size() - 1 - l]; }
  bool local_exists(u32 x) {
    if (x < locals.size()) return true;
    fail(unknown(msg::unknown_local, x));
    return false;
  }
  bool global_exists(u32 x) {
    if (x < C.globals.size()) return true;
    fail(unknown(msg::unknown_global, x));
    return false;
  }
  bool table_exists(u32 x) {
    if (x < C.tables.size()) return true;
    fail(unknown(msg::unknown_table, x));
    return false;
  }
  bool mem_exists(u32 x) {
    if (x < C.mems.size()) return true;
    fail(unknown(msg::unknown_memory, x));
    return false;
  }
  bool func_exists(u32 x) {
    if (x < C.funcs.size()) return true;
    fail(unknown(msg::unknown_function, x));
    return false;
  }
  bool type_exists(u32 x) {
    if (x < C.types->size()) return true;
    fail(unknown(msg::unknown_type, x));
    return false;
  }
  bool elem_exists(u32 x) {
    if (x < C.elems.size()) return true;
    fail(unknown(msg::unknown_elem_segment, x));
    return false;
  }
  bool data_exists(u32 x) {
    if (x < C.datas) return true;
    fail(unknown(msg::unknown_data_segment, x));
    return false;
  }
  bool tag_exists(u32 x) {  // core 3.0 C.tags[x]
    if (x < C.tags.size()) return true;
    fail(unknown(msg::unknown_tag, x));
    return false;
  }

  // §3.2.2 / §3.3.8 Block types: blocktype is valid as [t1*] -> [t2*].
  bool expand_blocktype(const BlockType& bt, ResultType& params, ResultType& results);

  // Core 3.0 valid/matching.rst "Result Types" (Resulttype_sub): t1* matches t2* pointwise.
  // The 2.0 value types (numeric, vector, funcref, externref) match only themselves, so
  // here each pair must be equal; GC's reference subtyping extends the per-type check.
  static bool resulttype_matches(const ResultType& t1, const ResultType& t2) {
    if (t1.size() != t2.size()) return false;
    for (size_t i = 0; i < t1.size(); ++i) {
      if (t1[i] != t2[i]) return false;  // valtype_matches for the 2.0 value types
    }
    return true;
  }

  // --- control side data ---------------------------------------------------------------------
  // Records a BranchTarget for a branch to label l taken at operand-stack height h and
  // returns its index in Func::branches.
  u32 record_branch(u32 l, size_t h);
  // At the `end` at `end_pc` of `frame`: patch the targets of the branches to its label.
  void resolve_pending(const CtrlFrame& frame, u32 end_pc, bool is_function_frame);

  // Core 3.0 exception handling (valid/instructions.rst try_table, Catch_ok) and the legacy
  // try blocks (legacy-exceptions/valid.rst).
  void validate_try_table(Instr& instr, u32 pc);
  bool catch_ok(CatchClause& clause, size_t h);
  void validate_legacy_catch(Instr& instr, u32 pc);
  void close_legacy_try(CtrlFrame& frame, u32 end_pc);

  void validate_instr(u32 pc);
  void validate_sig(std::string_view sig);
  void validate_sig(std::string_view sig, ValType at);
  // C.mems[x] (memarg.y) exists, 2^align <= N/8 for an access of N/8 = info.width bytes ("alignment
  // must not be larger than natural"); false with the error recorded otherwise. A memory
  // opcode without a width in the table is our bug (crash).
  bool memarg_ok(const OpInfo& info, const Instr& instr);

  // Core 3.0: the value type of addresses of memory / table x (which exists), and the
  // smaller of two (a length valid for both: i64 only when both are i64).
  ValType addr_of_mem(u32 x) const { return addr_valtype(C.mems[x].addr); }
  ValType addr_of_table(u32 x) const { return addr_valtype(C.tables[x].addr); }
  static ValType min_addr(ValType a, ValType b) {
    return a == ValType::i64 && b == ValType::i64 ? ValType::i64 : ValType::i32;
  }

  // The first error wins; helpers keep the stacks consistent after an error, and the main
  // loop stops after the instruction that raised it.
  void fail(std::string text) {
    if (!error) error = std::move(text);
  }
  // "Assert: due to the decoder / the opcode table, ...": a broken invariant is a crash.
  void crash(std::string text) {
    if (!error) {
      error = std::string(msg::internal_error) + ": " + text;
      error_outcome = Outcome::crash;
    }
  }

  const Context& C;
  Func& func;
  const FuncType& ft;
  FuncIdx funcidx;
  std::vector<ValType> locals;  // C.locals: parameters, then declared locals
  std::vector<Opd> vals;
  std::vector<CtrlFrame> ctrls;
  size_t max_height = 0;
  std::optional<std::string> error;
  Outcome error_outcome = Outcome::invalid;
  bool reached_final_end = false;
};

bool CodeValidator::expand_blocktype(const BlockType& bt, ResultType& params,
                                     ResultType& results) {
  switch (bt.kind) {
    case BlockType::Kind::empty:  // [] -> []
      return true;
    case BlockType::Kind::val:  // [] -> [t]
      results.push_back(bt.val);
      return true;
    case BlockType::Kind::type: {  // C.types[x]
      if (!type_exists(bt.type.value)) return false;
      const FuncType& t = (*C.types)[bt.type.value];
      // Without multi-value (an MVP profile) a block type has no parameters and at most one
      // result, as a value type blocktype can express.
      if (!C.features.multi_value && (!t.params.empty() || t.results.size() > 1)) {
        fail(msg::invalid_result_arity);
        return false;
      }
      params = t.params;
      results = t.results;
      return true;
    }
  }
  crash("block type kind");
  return false;
}

u32 CodeValidator::record_branch(u32 l, size_t h) {
  const CtrlFrame& target = label(l);
  const bool is_function_frame = (l == ctrls.size() - 1);
  BranchTarget b;
  b.depth = l;
  b.arity = static_cast<u32>(label_types(target).size());
  // drop = h - arity - H. In unreachable code h may be below H + arity: the branch can never
  // execute, and 0 is recorded.
  const size_t keep_from = target.height + b.arity;
  b.drop = h >= keep_from ? static_cast<u32>(h - keep_from) : 0;
  b.is_return = is_function_frame;
  const u32 index = static_cast<u32>(func.branches.size());
  if (target.opcode == Op::loop) {
    b.target = target.pc;  // re-enter the loop, which pushes its label again
  } else {
    label(l).pending.push_back(index);  // end_pc + 1, or the final end: known at `end`
  }
  func.branches.push_back(b);
  return index;
}

void CodeValidator::resolve_pending(const CtrlFrame& frame, u32 end_pc, bool is_function_frame) {
  // Block/if: continue after the matching end. Function label: jump to the final end, which
  // returns.
  const u32 target = is_function_frame ? end_pc : end_pc + 1;
  for (u32 index : frame.pending) func.branches[index].target = target;
}

// ---- Core 3.0 exception handling ------------------------------------------------------------

// Core 3.0 valid/instructions.rst "try_table bt catch* instr*": bt is valid as [t1*] -> [t2*];
// every catch clause is valid under C, the context OUTSIDE the try_table (checked before its
// frame is pushed); instr* is valid under C with the label [t2*] prepended, with type
// [t1*] -> [t2*]. The frame is a block's: its label type is its results, `end` ends it.
void CodeValidator::validate_try_table(Instr& instr, u32 pc) {
  ResultType t1, t2;
  if (!expand_blocktype(instr.block_type, t1, t2)) return;
  pop_vals(t1);
  // "Assert: the decoder stored the clauses" (Instr::x = the first, Instr::y = their number).
  if (u64{instr.x} + instr.y > func.catches.size()) return crash("try_table clause range");
  // The height the try_table's frame gets: a caught exception resets the stack to it.
  const size_t h = vals.size();
  for (u32 i = 0; i < instr.y; ++i) {
    if (!catch_ok(func.catches[instr.x + i], h)) return;
  }
  push_ctrl(Op::try_table, std::move(t1), std::move(t2), pc);
}

// Core 3.0 valid/instructions.rst Catch_ok: the values a clause passes to label l match the
// label type C.labels[l]:
//   catch x l          C.tags[x] = [t*] -> [], and [t*] matches C.labels[l]
//   catch_ref x l      C.tags[x] = [t*] -> [], and [t* (ref exn)] matches C.labels[l]
//   catch_all l        [] matches C.labels[l]
//   catch_all_ref l    [(ref exn)] matches C.labels[l]
// ((ref exn) matches exnref = (ref null exn), the only exn reference type without typed
// references.) Side data: the branch taken when the clause catches. At run time the operand
// stack is reset to the try_table's entry height h, the clause's values are pushed and the
// branch to l (a label of C: counted outside the try_table) is taken, so it is recorded as a
// br to l at height h + |values|.
bool CodeValidator::catch_ok(CatchClause& clause, size_t h) {
  ResultType t;
  switch (clause.kind) {
    case CatchClause::Kind::catch_:
    case CatchClause::Kind::catch_ref:
      if (!tag_exists(clause.tag)) return false;
      t = C.tag_type(clause.tag).params;
      if (clause.kind == CatchClause::Kind::catch_ref) t.push_back(ValType::exnref);
      break;
    case CatchClause::Kind::catch_all: break;
    case CatchClause::Kind::catch_all_ref: t.push_back(ValType::exnref); break;
    default: crash("legacy clause in a try_table"); return false;
  }
  if (!label_exists(clause.label)) return false;
  if (!resulttype_matches(t, label_types(label(clause.label)))) {
    fail(std::string(msg::type_mismatch) + ": catch clause to label " +
         std::to_string(clause.label) + ", whose type is not the values caught");
    return false;
  }
  clause.branch = record_branch(clause.label, h + t.size());
  return true;
}

// legacy-exceptions/valid.rst "try bt instr1* (catch x instr2*)* (catch_all instr3*)? end":
// instr1* (and each catch block before the next) ends as a block's body, with type
// [t1*] -> [t2*] (pop_ctrl checks it, as for `else`); a catch block is valid under C with the
// catch label [t2*] prepended, with type [t*] -> [t2*] where C.tags[x] = [t*] -> [], and
// catch_all with [] -> [t2*]. The catch block's frame keeps the try's label (its pending
// branches and clauses carry over) and is marked catch_ / catch_all, the label's `catch` flag
// rethrow looks for. Side data: a clause {tag, pc of the block's first instruction}.
void CodeValidator::validate_legacy_catch(Instr& instr, u32 pc) {
  // The grammar: catch follows the try's instructions or a catch block; catch_all the same.
  if (ctrls.empty() || (ctrls.back().opcode != Op::try_ && ctrls.back().opcode != Op::catch_)) {
    return fail(std::string(msg::type_mismatch) + ": " + std::string(op_name(instr.op)) +
                " without matching try");
  }
  CatchClause clause;
  clause.pc = pc + 1;
  ResultType t;
  if (instr.op == Op::catch_) {
    if (!tag_exists(instr.x)) return;
    clause.kind = CatchClause::Kind::legacy_catch;
    clause.tag = instr.x;
    t = C.tag_type(instr.x).params;
  } else {
    clause.kind = CatchClause::Kind::legacy_catch_all;
  }
  CtrlFrame frame;
  if (!pop_ctrl(frame)) return;
  std::vector<u32> pending = std::move(frame.pending);  // the label stays the same
  std::vector<CatchClause> clauses = std::move(frame.clauses);
  clauses.push_back(clause);
  push_ctrl(instr.op, std::move(t), std::move(frame.end_types), frame.pc);
  ctrls.back().pending = std::move(pending);
  ctrls.back().clauses = std::move(clauses);
}

// Side data when a legacy try is closed (by `end`, or by `delegate` at end_pc): the try's
// clauses go to Func::catches, contiguous (try: x = the first, y = their number), and every
// catch / catch_all instruction continues at the try's end (normal flow reaching it leaves
// the try, as flow reaching `else` leaves an if).
void CodeValidator::close_legacy_try(CtrlFrame& frame, u32 end_pc) {
  for (const CatchClause& c : frame.clauses) {
    if (c.kind == CatchClause::Kind::legacy_catch || c.kind == CatchClause::Kind::legacy_catch_all)
      func.body[c.pc - 1].end_pc = end_pc;
  }
  if (func.catches.size() + frame.clauses.size() > u64{0xFFFFFFFF}) {
    return fail(std::string(msg::implementation_limit) + ": catch clauses");
  }
  Instr& try_instr = func.body[frame.pc];
  try_instr.x = static_cast<u32>(func.catches.size());
  try_instr.y = static_cast<u32>(frame.clauses.size());
  func.catches.insert(func.catches.end(), frame.clauses.begin(), frame.clauses.end());
}

bool CodeValidator::memarg_ok(const OpInfo& info, const Instr& instr) {
  if (!mem_exists(instr.y)) return false;
  if (info.width == 0) {
    crash("memory access without width");
    return false;
  }
  u32 natural = 0;  // log2 of the access width in bytes
  while ((u32{1} << (natural + 1)) <= info.width) ++natural;
  if (instr.x > natural) {
    fail(msg::alignment_too_large);
    return false;
  }
  // 3.0: memarg.offset < 2^|at| (an i32 memory's offsets fit in 32 bits).
  if (C.mems[instr.y].addr == AddrType::i32 && instr.bits > 0xFFFFFFFFu) {
    fail(msg::offset_out_of_range);
    return false;
  }
  return true;
}

// A memory access's signature from the table, its address operand (always the first
// parameter, written `i`) of the memory's address type `at` (a ValType: i32 or i64).
void CodeValidator::validate_sig(std::string_view sig, ValType at) {
  if (sig.empty() || sig[0] != 'i') return crash("memory access signature without address");
  if (at == ValType::i32) return validate_sig(sig);
  std::string with_i64(sig);
  with_i64[0] = 'I';
  validate_sig(with_i64);
}

// A fixed [t1*] -> [t2*] from the opcode table's `sig` column: pop t1* (last first), push t2*.
void CodeValidator::validate_sig(std::string_view sig) {
  const size_t arrow = sig.find('>');
  if (arrow == std::string_view::npos) return crash("signature without '>'");
  auto letter = [this](char c) -> ValType {
    switch (c) {
      case 'i': return ValType::i32;
      case 'I': return ValType::i64;
      case 'f': return ValType::f32;
      case 'F': return ValType::f64;
      case 'V': return ValType::v128;
      default: crash("signature letter"); return ValType::i32;
    }
  };
  for (size_t i = arrow; i-- > 0;) pop_val(letter(sig[i]));
  for (size_t i = arrow + 1; i < sig.size(); ++i) push_val(letter(sig[i]));
}

Result<void> CodeValidator::run() {
  Expr& body = func.body;
  func.branches.clear();
  func.max_stack_height = 0;
  // Func::catches holds the decoded try_table clauses, then the legacy try clauses this
  // validator appends: drop those of an earlier run, so validating twice records them once.
  auto is_legacy = [](const CatchClause& c) {
    return c.kind == CatchClause::Kind::legacy_catch ||
           c.kind == CatchClause::Kind::legacy_catch_all || c.kind == CatchClause::Kind::delegate;
  };
  func.catches.erase(std::find_if(func.catches.begin(), func.catches.end(), is_legacy),
                     func.catches.end());
  // pcs and branch indices are u32 in the side data.
  if (body.size() + func.br_table_labels.size() + func.catches.size() >= u64{0xFFFFFFFF}) {
    return make_error(Outcome::invalid, std::string(msg::implementation_limit) +
                                            ": function body size");
  }
  // §3.4.1 Functions: C.locals = t1* t*, C.labels = [t2*], C.return = [t2*].
  locals = ft.params;
  locals.insert(locals.end(), func.locals.begin(), func.locals.end());
  // The function's own label frame: the body is a block of type [] -> [t2*].
  push_ctrl(Op::block, {}, ft.results, 0);

  u32 pc = 0;
  for (; pc < body.size() && !error; ++pc) {
    if (reached_final_end) {
      // Note (deviation): impossible for a decoded body (the decoder stops at the final
      // end); for a hand-built one we report it as the appendix does for a pop_ctrl on an
      // empty control stack.
      fail(std::string(msg::type_mismatch) + ": instruction after the function's final end");
      break;
    }
    validate_instr(pc);
  }
  if (!error && !reached_final_end) {
    fail(std::string(msg::type_mismatch) + ": function body without its final end");
  }
  if (error) {
    std::string where = ": in function " + std::to_string(funcidx.value);
    if (pc > 0 && pc - 1 < body.size()) {
      where += " at pc " + std::to_string(pc - 1) + " (" +
               std::string(op_name(body[pc - 1].op)) + ")";
    }
    return make_error(error_outcome, *error + where);
  }
  func.max_stack_height = static_cast<u32>(max_height);
  return {};
}

void CodeValidator::validate_instr(u32 pc) {
  Instr& instr = func.body[pc];
  const OpInfo& info = op_info(instr.op);
  switch (instr.op) {
    // ---- §3.3.8 Control instructions ------------------------------------------------------
    case Op::nop:
      return;
    case Op::unreachable:  // [t1*] -> [t2*], stack-polymorphic
      return unreachable();
    case Op::block:
    case Op::loop: {  // blocktype : [t1*] -> [t2*]; pop t1*, push the label, push t1*
      ResultType t1, t2;
      if (!expand_blocktype(instr.block_type, t1, t2)) return;
      pop_vals(t1);
      return push_ctrl(instr.op, std::move(t1), std::move(t2), pc);
    }
    case Op::if_: {  // [t1* i32] -> [t2*]
      ResultType t1, t2;
      if (!expand_blocktype(instr.block_type, t1, t2)) return;
      pop_val(ValType::i32);
      pop_vals(t1);
      return push_ctrl(Op::if_, std::move(t1), std::move(t2), pc);
    }
    case Op::else_: {
      CtrlFrame frame;
      if (!pop_ctrl(frame)) return;
      if (frame.opcode != Op::if_) {
        return fail(std::string(msg::type_mismatch) + ": else without matching if");
      }
      // Side data: the if continues at pc + 1 when its condition is false.
      func.body[frame.pc].else_pc = pc + 1;
      std::vector<u32> pending = std::move(frame.pending);  // the label stays the same
      push_ctrl(Op::else_, std::move(frame.start_types), std::move(frame.end_types), frame.pc);
      ctrls.back().else_pc = pc;
      ctrls.back().pending = std::move(pending);
      return;
    }
    case Op::end: {
      const bool is_function_frame = (ctrls.size() == 1);
      CtrlFrame frame;
      if (!pop_ctrl(frame)) return;
      if (frame.opcode == Op::if_ && frame.start_types != frame.end_types) {
        // §3.3.8 "if": without else the missing branch is the empty sequence, which has type
        // [t1*] -> [t2*] only when t1* = t2*.
        return fail(msg::type_mismatch);
      }
      push_vals(frame.end_types);
      // Side data.
      resolve_pending(frame, pc, is_function_frame);
      if (is_function_frame) {
        reached_final_end = true;
        return;
      }
      func.body[frame.pc].end_pc = pc;
      if (frame.opcode == Op::if_) func.body[frame.pc].else_pc = pc;  // no else
      if (frame.opcode == Op::else_) func.body[frame.else_pc].end_pc = pc;
      if (frame.opcode == Op::try_ || frame.opcode == Op::catch_ || frame.opcode == Op::catch_all)
        close_legacy_try(frame, pc);
      return;
    }
    case Op::br: {  // [t1* t*] -> [t2*] where C.labels[l] = [t*]
      const u32 l = instr.x;
      if (!label_exists(l)) return;
      instr.branch = record_branch(l, vals.size());
      pop_vals(label_types(label(l)));
      return unreachable();
    }
    case Op::br_if: {  // [t* i32] -> [t*]
      const u32 l = instr.x;
      if (!label_exists(l)) return;
      pop_val(ValType::i32);
      instr.branch = record_branch(l, vals.size());
      const ResultType& t = label_types(label(l));
      pop_vals(t);
      return push_vals(t);
    }
    case Op::br_table: {  // [t1* t* i32] -> [t2*]: every label l* and lN has type [t*]
      const u64 first = instr.x;
      const u64 count = instr.y;
      if (count == 0 || first + count > func.br_table_labels.size()) {
        // The decoder always stores the default label: a broken invariant, not invalid input.
        return crash("br_table label range");
      }
      const u32* labels = func.br_table_labels.data() + first;
      const u32 m = labels[count - 1];  // the default
      pop_val(ValType::i32);
      if (!label_exists(m)) return;
      const size_t arity = label_types(label(m)).size();
      // Side data: one BranchTarget per entry, consecutive, in the order of br_table_labels
      // (default last), all at the height h after popping the index (the re-pushes below
      // can raise the height of a polymorphic stack; h is what execution sees).
      const size_t h = vals.size();
      instr.branch = static_cast<u32>(func.branches.size());
      for (u64 i = 0; i + 1 < count; ++i) {
        const u32 n = labels[i];
        if (!label_exists(n)) return;
        const ResultType& t = label_types(label(n));
        if (t.size() != arity) return fail(msg::type_mismatch);
        record_branch(n, h);
        for (Opd v : pop_vals(t)) push_val(v);
      }
      record_branch(m, h);
      pop_vals(label_types(label(m)));
      return unreachable();
    }
    case Op::return_: {  // [t1* t*] -> [t2*] where C.return = [t*]
      pop_vals(ft.results);
      return unreachable();
    }
    case Op::call: {  // C.funcs[x] = [t1*] -> [t2*]
      if (!func_exists(instr.x)) return;
      const FuncType& t = C.func_type(FuncIdx(instr.x));
      pop_vals(t.params);
      return push_vals(t.results);
    }
    case Op::call_indirect: {  // C.tables[x] = limits funcref, C.types[y]: [t1* i32] -> [t2*]
      // Note: Instr stores the typeidx in x and the tableidx in y (binary order).
      if (!table_exists(instr.y)) return;
      if (!type_exists(instr.x)) return;
      if (C.tables[instr.y].elem != ValType::funcref) return fail(msg::type_mismatch);
      const FuncType& t = (*C.types)[instr.x];
      pop_val(addr_of_table(instr.y));  // 3.0: the index is of the table's address type
      pop_vals(t.params);
      return push_vals(t.results);
    }
    // ---- Core 3.0 exception handling (valid/instructions.rst) -------------------------------
    case Op::throw_: {  // C.tags[x] = [t*] -> []: [t1* t*] -> [t2*], stack-polymorphic
      if (!tag_exists(instr.x)) return;
      pop_vals(C.tag_type(instr.x).params);
      return unreachable();
    }
    case Op::throw_ref:  // [t1* exnref] -> [t2*], stack-polymorphic
      pop_val(ValType::exnref);
      return unreachable();
    case Op::try_table:
      return validate_try_table(instr, pc);

    // ---- Legacy exception handling (legacy-exceptions/valid.rst) ---------------------------
    case Op::try_: {  // blocktype : [t1*] -> [t2*], the label [t2*], as block
      ResultType t1, t2;
      if (!expand_blocktype(instr.block_type, t1, t2)) return;
      pop_vals(t1);
      return push_ctrl(Op::try_, std::move(t1), std::move(t2), pc);
    }
    case Op::catch_:
    case Op::catch_all:
      return validate_legacy_catch(instr, pc);
    // "try bt instr* delegate l": instr* ends as a block's body; C.labels[l] must exist in C,
    // the context OUTSIDE the try (looked up after its frame is popped). Side data: the try's
    // one clause {delegate, l, level = the target label's index in the control stack, 0 being
    // the function's own label}; end_pc of the try and of the delegate = the delegate's pc,
    // and branches to the try's label continue after it.
    case Op::delegate: {
      if (ctrls.empty() || ctrls.back().opcode != Op::try_) {
        return fail(std::string(msg::type_mismatch) + ": delegate without matching try");
      }
      CtrlFrame frame;
      if (!pop_ctrl(frame)) return;
      const u32 l = instr.x;
      if (!label_exists(l)) return;
      push_vals(frame.end_types);
      resolve_pending(frame, pc, false);
      func.body[frame.pc].end_pc = pc;
      instr.end_pc = pc;
      CatchClause clause;
      clause.kind = CatchClause::Kind::delegate;
      clause.label = l;
      clause.level = static_cast<u32>(ctrls.size() - 1 - l);
      frame.clauses.push_back(clause);
      return close_legacy_try(frame, pc);
    }
    // "rethrow l": C.labels[l] = catch [t*] (a catch block's label): [t1*] -> [t2*],
    // stack-polymorphic. Instr::x stays l: execution finds the caught exception by label.
    case Op::rethrow: {
      const u32 l = instr.x;
      if (!label_exists(l)) return;
      const Op k = label(l).opcode;
      if (k != Op::catch_ && k != Op::catch_all) return fail(msg::invalid_rethrow_label);
      return unreachable();
    }

    // Core 3.0 valid/instructions.rst "return_call x": C.funcs[x] = [t1*] -> [t2*], C.return
    // = [t2'*] and t2* matches t2'*; the type is [t3* t1*] -> [t4*] (stack-polymorphic, like
    // return).
    case Op::return_call: {
      if (!func_exists(instr.x)) return;
      const FuncType& t = C.func_type(FuncIdx(instr.x));
      if (!resulttype_matches(t.results, ft.results)) {
        return fail(std::string(msg::type_mismatch) + ": tail call to a function of type " +
                    to_string(t) + ", whose results are not the caller's");
      }
      pop_vals(t.params);
      return unreachable();
    }
    // Core 3.0 "return_call_indirect x y": C.tables[x] = at limits t with t matching funcref,
    // C.types[y] = [t1*] -> [t2*], C.return = [t2'*] and t2* matches t2'*; the type is
    // [t3* t1* at] -> [t4*] (stack-polymorphic). Instr keeps the typeidx in x and the
    // tableidx in y, as for call_indirect.
    case Op::return_call_indirect: {
      if (!table_exists(instr.y)) return;
      if (!type_exists(instr.x)) return;
      if (C.tables[instr.y].elem != ValType::funcref) return fail(msg::type_mismatch);
      const FuncType& t = (*C.types)[instr.x];
      if (!resulttype_matches(t.results, ft.results)) {
        return fail(std::string(msg::type_mismatch) + ": tail call to a function of type " +
                    to_string(t) + ", whose results are not the caller's");
      }
      pop_val(addr_of_table(instr.y));
      pop_vals(t.params);
      return unreachable();
    }

    // ---- §3.3.2 Reference instructions ------------------------------------------------------
    case Op::ref_null:  // [] -> [t]
      if (!wasmref::is_ref(instr.ref_type)) return fail(msg::type_mismatch);
      return push_val(instr.ref_type);
    case Op::ref_is_null: {  // [t] -> [i32], t a reference type
      if (!is_ref(pop_val())) return fail(msg::type_mismatch);
      return push_val(ValType::i32);
    }
    case Op::ref_func: {  // C.funcs[x] exists and x is in C.refs: [] -> [funcref]
      if (!func_exists(instr.x)) return;
      if (!C.refs[instr.x]) {
        return fail(std::string(msg::undeclared_function_reference) + ": function " +
                    std::to_string(instr.x));
      }
      return push_val(ValType::funcref);
    }

    // ---- §3.3.4 Parametric instructions -----------------------------------------------------
    case Op::drop:  // [t] -> []
      pop_val();
      return;
    case Op::select: {  // [t t i32] -> [t], t numeric or vector
      pop_val(ValType::i32);
      const Opd t1 = pop_val();
      const Opd t2 = pop_val();
      if (!((is_num(t1) && is_num(t2)) || (is_vec(t1) && is_vec(t2)))) {
        return fail(msg::type_mismatch);
      }
      if (t1 != t2 && t1 != Unknown && t2 != Unknown) return fail(msg::type_mismatch);
      return push_val(t1 == Unknown ? t2 : t1);
    }
    case Op::select_t: {  // select t*: [t t i32] -> [t], with exactly one t in 2.0
      // The decoder stores the length of t* in x (and the first type in ref_type).
      if (instr.x != 1) return fail(msg::invalid_result_arity);
      const ValType t = instr.ref_type;
      pop_val(ValType::i32);
      pop_val(t);
      pop_val(t);
      return push_val(t);
    }

    // ---- §3.3.5 Variable instructions -------------------------------------------------------
    case Op::local_get:  // [] -> [t]
      if (!local_exists(instr.x)) return;
      return push_val(locals[instr.x]);
    case Op::local_set:  // [t] -> []
      if (!local_exists(instr.x)) return;
      pop_val(locals[instr.x]);
      return;
    case Op::local_tee:  // [t] -> [t]
      if (!local_exists(instr.x)) return;
      pop_val(locals[instr.x]);
      return push_val(locals[instr.x]);
    case Op::global_get:  // [] -> [t]
      if (!global_exists(instr.x)) return;
      return push_val(C.globals[instr.x].type);
    case Op::global_set:  // [t] -> [], the global mutable
      if (!global_exists(instr.x)) return;
      if (C.globals[instr.x].mut != Mut::var) return fail(msg::global_is_immutable);
      pop_val(C.globals[instr.x].type);
      return;

    // ---- §3.3.6 Table instructions (3.0: indices, sizes and lengths of the table's address
    // type at, i32 in 2.0) ----------------------------------------------------------------
    case Op::table_get: {  // [at] -> [t]
      if (!table_exists(instr.x)) return;
      pop_val(addr_of_table(instr.x));
      return push_val(C.tables[instr.x].elem);
    }
    case Op::table_set:  // [at t] -> []
      if (!table_exists(instr.x)) return;
      pop_val(C.tables[instr.x].elem);
      pop_val(addr_of_table(instr.x));
      return;
    case Op::table_size:  // [] -> [at]
      if (!table_exists(instr.x)) return;
      return push_val(addr_of_table(instr.x));
    case Op::table_grow:  // [t at] -> [at]
      if (!table_exists(instr.x)) return;
      pop_val(addr_of_table(instr.x));
      pop_val(C.tables[instr.x].elem);
      return push_val(addr_of_table(instr.x));
    case Op::table_fill:  // [at t at] -> []
      if (!table_exists(instr.x)) return;
      pop_val(addr_of_table(instr.x));
      pop_val(C.tables[instr.x].elem);
      pop_val(addr_of_table(instr.x));
      return;
    case Op::table_copy: {  // x = destination, y = source, same element type: [aD aS aN] -> []
      if (!table_exists(instr.x) || !table_exists(instr.y)) return;
      if (C.tables[instr.x].elem != C.tables[instr.y].elem) return fail(msg::type_mismatch);
      const ValType a_d = addr_of_table(instr.x), a_s = addr_of_table(instr.y);
      pop_val(min_addr(a_d, a_s));  // aN = min(aD, aS): i64 only when both are
      pop_val(a_s);
      pop_val(a_d);
      return;
    }
    case Op::table_init:  // x = elemidx, y = tableidx, C.elems[x] = C.tables[y].elem: [at i32 i32]
      if (!table_exists(instr.y) || !elem_exists(instr.x)) return;
      if (C.elems[instr.x] != C.tables[instr.y].elem) return fail(msg::type_mismatch);
      pop_val(ValType::i32);
      pop_val(ValType::i32);
      pop_val(addr_of_table(instr.y));
      return;
    case Op::elem_drop:  // [] -> []
      elem_exists(instr.x);
      return;

    // ---- §3.3.7 Memory instructions (3.0: on memory x, addresses of its address type at) ----
    case Op::memory_size:  // C.mems[x]: [] -> [at]
      if (!mem_exists(instr.x)) return;
      return push_val(addr_of_mem(instr.x));
    case Op::memory_grow:  // C.mems[x]: [at] -> [at]
      if (!mem_exists(instr.x)) return;
      pop_val(addr_of_mem(instr.x));
      return push_val(addr_of_mem(instr.x));
    case Op::memory_fill:  // C.mems[x]: [at i32 at] -> []
      if (!mem_exists(instr.x)) return;
      pop_val(addr_of_mem(instr.x));
      pop_val(ValType::i32);
      pop_val(addr_of_mem(instr.x));
      return;
    case Op::memory_copy: {  // x = destination, y = source: [aD aS aN] -> [], aN = min(aD, aS)
      if (!mem_exists(instr.x) || !mem_exists(instr.y)) return;
      const ValType a_d = addr_of_mem(instr.x), a_s = addr_of_mem(instr.y);
      pop_val(min_addr(a_d, a_s));
      pop_val(a_s);
      pop_val(a_d);
      return;
    }
    case Op::memory_init:  // x = dataidx, y = memidx: [at i32 i32] -> []
      if (!mem_exists(instr.y) || !data_exists(instr.x)) return;
      pop_val(ValType::i32);
      pop_val(ValType::i32);
      pop_val(addr_of_mem(instr.y));
      return;
    case Op::data_drop:
      data_exists(instr.x);
      return;

    // ---- §3.3.3 Vector instructions (those with a lane immediate; the rest are in `sig`) ----
    case Op::v128_const:  // v128.const c: [] -> [v128]
      // "Assert: the decoder stored the 16 bytes" (execution reads them from the pool).
      if (C.v128_immediates == nullptr || instr.x >= C.v128_immediates->size()) {
        return crash("v128.const without its immediate");
      }
      return validate_sig(info.sig);
    case Op::i8x16_shuffle: {  // i8x16.shuffle laneidx^16: (laneidx < 32)^16
      if (C.v128_immediates == nullptr || instr.x >= C.v128_immediates->size()) {
        return crash("i8x16.shuffle without its lane indices");
      }
      for (const u8 laneidx : (*C.v128_immediates)[instr.x]) {
        if (laneidx >= 32) {
          return fail(std::string(msg::invalid_lane_index) + ": " + std::to_string(laneidx) +
                      " >= 32");
        }
      }
      return validate_sig(info.sig);  // [v128 v128] -> [v128]
    }

    default:
      break;
  }

  // t.load / t.store / t.loadN / t.storeN, and the vector loads v128.load, v128.loadNxM_sx,
  // v128.loadN_splat, v128.loadN_zero, v128.store: C.mems[x] = at limits exists,
  // 2^memarg.align <= N/8 and memarg.offset < 2^|at|; the address operand is an at.
  if (info.imm == Imm::memarg) {
    if (!memarg_ok(info, instr)) return;
    return validate_sig(info.sig, addr_of_mem(instr.y));
  }
  // v128.loadN_lane / v128.storeN_lane memarg laneidx: as above, and laneidx < 128/N.
  if (info.imm == Imm::memarg_lane) {
    if (!memarg_ok(info, instr)) return;  // width > 0 from here on
    const u32 laneidx = instr.lane;
    const u32 N = u32{info.width} * 8;
    if (laneidx >= 128 / N) {
      return fail(std::string(msg::invalid_lane_index) + ": " + std::to_string(laneidx) +
                  " >= " + std::to_string(128 / N));
    }
    return validate_sig(info.sig, addr_of_mem(instr.y));
  }
  // shape.extract_lane_sx? laneidx / shape.replace_lane laneidx: laneidx < dim(shape).
  if (info.imm == Imm::laneidx) {
    const u32 d = dim(instr.op);
    if (d == 0) return crash("lane instruction without a shape");
    if (instr.x >= d) {
      return fail(std::string(msg::invalid_lane_index) + ": " + std::to_string(instr.x) +
                  " >= " + std::to_string(d));
    }
    // extract_lane: [v128] -> [unpacked(shape)]; replace_lane: [v128 unpacked(shape)] -> [v128]
    return validate_sig(info.sig);
  }
  // §3.3.1 Numeric instructions: the fixed [t1*] -> [t2*] from the opcode table.
  if (!info.sig.empty()) return validate_sig(info.sig);
  // An opcode of the table with neither a dedicated rule nor a signature: our bug.
  crash("no validation rule for " + std::string(info.text));
}

}  // namespace

Result<void> validate_func(const Context& C, Func& func, const FuncType& ft, FuncIdx x) {
  CodeValidator validator(C, func, ft, x);
  return validator.run();
}

}  // namespace wasmref::valid
