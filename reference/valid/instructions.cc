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
#include "valid/matching.h"
#include "valid/validate.h"

namespace wasmref::valid {
namespace {

// The function index validate_expr gives a constant expression's code validator (messages say
// "in a constant expression").
constexpr u32 kConstExpr = 0xFFFFFFFF;

// appendix "Data Structures": val_type | Bot (core 3.0: ValType::bot, which matches every
// value type; a reference whose heap type is unknown has the heap type bot).
using Opd = ValType;
constexpr Opd Unknown = ValType::bot;

// The appendix's is_num / is_vec / is_ref, which accept Unknown.
bool opd_is_num(Opd t) { return t == Unknown || is_num(t); }
bool opd_is_vec(Opd t) { return t == Unknown || is_vec(t); }

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
  size_t inits = 0;  // core 3.0: |inits| at entry (local initialization is undone at the end)
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
  // Core 3.0: the popped type must match (be a subtype of) the expected one.
  Opd pop_val(Opd expect) {
    const Opd actual = pop_val();
    if (expect != Unknown && !val_matches(actual, expect, C.type_ids)) fail(msg::type_mismatch);
    return actual;
  }
  // Core 3.0 appendix pop_ref: a reference type (Unknown gives (ref bot)).
  Opd pop_ref() {
    const Opd t = pop_val();
    if (t == Unknown) return ValType::ref(HeapType::bot(), false);
    if (!is_ref(t)) fail(msg::type_mismatch);
    return t;
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
    frame.inits = inits.size();
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
    reset_locals(ctrls.back().inits);
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
  bool resulttype_matches(const ResultType& t1, const ResultType& t2) const {
    return results_match(t1, t2, C.type_ids);
  }
  bool matches(ValType a, ValType b) const { return val_matches(a, b, C.type_ids); }

  // Core 3.0 valid/types.rst: a value type whose heap type is a type index needs C.types[x].
  bool valtype_ok(ValType t) {
    if (t.is_ref() && t.heap_kind == HeapType::Kind::idx) return type_exists(t.heap_index);
    return true;
  }
  // C.types[x] exists and expands to a composite type of kind k (else "type mismatch").
  const CompType* comp_of(u32 x, CompType::Kind k) {
    if (!type_exists(x)) return nullptr;
    const CompType& ct = C.type(x).comp;
    if (ct.kind != k) {
      fail(std::string(msg::type_mismatch) + ": type " + std::to_string(x) + " is not a " +
           (k == CompType::Kind::func ? "function" : k == CompType::Kind::struct_ ? "struct" : "array") +
           " type");
      return nullptr;
    }
    return &ct;
  }
  static ValType ref_to(u32 x, bool nullable) { return ValType::ref(HeapType::idx(x), nullable); }

  // Core 3.0 local initialization (valid/instructions.rst local.get/set/tee, the appendix's
  // `inits`): a non-defaultable local may be read only after a set in the same or an enclosing
  // block; the set is undone when the block (or the if's then-branch) ends.
  void set_local(u32 x) {
    if (!local_init[x]) {
      local_init[x] = true;
      inits.push_back(x);
    }
  }
  void reset_locals(size_t height) {
    while (inits.size() > height) {
      local_init[inits.back()] = false;
      inits.pop_back();
    }
  }

  // Core 3.0 typed function references and GC (valid/instructions.rst).
  void validate_gc(Instr& instr, u32 pc);

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
  std::vector<bool> local_init; // core 3.0: is local x set (defaultable ones always are)
  std::vector<u32> inits;       // the locals set since function entry, in order
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
      if (!valtype_ok(bt.val)) return false;
      results.push_back(bt.val);
      return true;
    case BlockType::Kind::type: {  // C.types[x], a function type
      const CompType* ct = comp_of(bt.type.value, CompType::Kind::func);
      if (ct == nullptr) return false;
      const FuncType& t = ct->func;
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
      if (clause.kind == CatchClause::Kind::catch_ref) t.push_back(ValType::ref(AbsHeap::exn, false));
      break;
    case CatchClause::Kind::catch_all: break;
    case CatchClause::Kind::catch_all_ref: t.push_back(ValType::ref(AbsHeap::exn, false)); break;
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
  local_init.assign(locals.size(), true);
  for (size_t i = ft.params.size(); i < locals.size(); ++i) local_init[i] = defaultable(locals[i]);
  inits.clear();
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
    std::string where = funcidx.value == kConstExpr ? std::string(": in a constant expression")
                                                    : ": in function " + std::to_string(funcidx.value);
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
      // Side data: the if continues at pc + 1 when its condition is false. (pop_ctrl undid the
      // then-branch's local initializations.)
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
      if (frame.opcode == Op::if_ && !resulttype_matches(frame.start_types, frame.end_types)) {
        // §3.3.8 "if": without else the missing branch is the empty sequence, which has type
        // [t1*] -> [t2*] only when t1* matches t2* (2.0: equals).
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
      // 3.0: the table's element type matches funcref; C.types[y] is a function type.
      if (!matches(C.tables[instr.y].elem, ValType::funcref)) return fail(msg::type_mismatch);
      const CompType* ct = comp_of(instr.x, CompType::Kind::func);
      if (ct == nullptr) return;
      const FuncType& t = ct->func;
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
      if (!matches(C.tables[instr.y].elem, ValType::funcref)) return fail(msg::type_mismatch);
      const CompType* ct = comp_of(instr.x, CompType::Kind::func);
      if (ct == nullptr) return;
      const FuncType& t = ct->func;
      if (!resulttype_matches(t.results, ft.results)) {
        return fail(std::string(msg::type_mismatch) + ": tail call to a function of type " +
                    to_string(t) + ", whose results are not the caller's");
      }
      pop_val(addr_of_table(instr.y));
      pop_vals(t.params);
      return unreachable();
    }

    // ---- §3.3.2 Reference instructions ------------------------------------------------------
    case Op::ref_null:  // ref.null ht: [] -> [(ref null ht)]
      if (!is_ref(instr.ref_type)) return fail(msg::type_mismatch);
      if (!valtype_ok(instr.ref_type)) return;
      return push_val(instr.ref_type);
    case Op::ref_is_null: {  // [(ref null ht)] -> [i32]
      pop_ref();
      return push_val(ValType::i32);
    }
    case Op::ref_func: {  // C.funcs[x] = dt, x in C.refs: [] -> [(ref dt)] (2.0: funcref)
      if (!func_exists(instr.x)) return;
      if (!C.refs[instr.x]) {
        return fail(std::string(msg::undeclared_function_reference) + ": function " +
                    std::to_string(instr.x));
      }
      if (C.features.function_references || C.features.gc) {
        return push_val(ref_to(C.funcs[instr.x].value, false));
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
      if (!((opd_is_num(t1) && opd_is_num(t2)) || (opd_is_vec(t1) && opd_is_vec(t2)))) {
        return fail(msg::type_mismatch);
      }
      if (t1 != t2 && t1 != Unknown && t2 != Unknown) return fail(msg::type_mismatch);
      return push_val(t1 == Unknown ? t2 : t1);
    }
    case Op::select_t: {  // select t*: [t t i32] -> [t], with exactly one t in 2.0
      // The decoder stores the length of t* in x (and the first type in ref_type).
      if (instr.x != 1) return fail(msg::invalid_result_arity);
      const ValType t = instr.ref_type;
      if (!valtype_ok(t)) return;
      pop_val(ValType::i32);
      pop_val(t);
      pop_val(t);
      return push_val(t);
    }

    // ---- §3.3.5 Variable instructions -------------------------------------------------------
    case Op::local_get:  // [] -> [t], the local initialized (3.0)
      if (!local_exists(instr.x)) return;
      if (!local_init[instr.x]) return fail(unknown(msg::uninitialized_local, instr.x));
      return push_val(locals[instr.x]);
    case Op::local_set:  // [t] -> [], initializes the local
      if (!local_exists(instr.x)) return;
      pop_val(locals[instr.x]);
      return set_local(instr.x);
    case Op::local_tee:  // [t] -> [t], initializes the local
      if (!local_exists(instr.x)) return;
      pop_val(locals[instr.x]);
      set_local(instr.x);
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
      // 3.0: the source's element type matches the destination's.
      if (!matches(C.tables[instr.y].elem, C.tables[instr.x].elem)) return fail(msg::type_mismatch);
      const ValType a_d = addr_of_table(instr.x), a_s = addr_of_table(instr.y);
      pop_val(min_addr(a_d, a_s));  // aN = min(aD, aS): i64 only when both are
      pop_val(a_s);
      pop_val(a_d);
      return;
    }
    case Op::table_init:  // x = elemidx, y = tableidx, C.elems[x] = C.tables[y].elem: [at i32 i32]
      if (!table_exists(instr.y) || !elem_exists(instr.x)) return;
      if (!matches(C.elems[instr.x], C.tables[instr.y].elem)) return fail(msg::type_mismatch);
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
      if (info.feature == OpFeature::function_references || info.feature == OpFeature::gc) {
        return validate_gc(instr, pc);
      }
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


// ---- Core 3.0 typed function references and GC (valid/instructions.rst) ---------------------

// rt1 \ rt2 (valid/instructions.rst br_on_cast): rt1 without the values of rt2, which only
// removes null: (ref null? ht1), nullable when rt1 is and rt2 is not.
static ValType ref_diff(ValType rt1, ValType rt2) {
  return rt1.as_nullable(rt1.nullable() && !rt2.nullable());
}

void CodeValidator::validate_gc(Instr& instr, u32 /*pc*/) {
  const auto field_of = [this](const CompType& ct, u32 y) -> const FieldType* {
    if (y < ct.fields.size()) return &ct.fields[y];
    fail(unknown(msg::unknown_field, y));
    return nullptr;
  };
  // A packed field is read with _s/_u, any other without (struct.get / array.get).
  const auto sx_ok = [this](const FieldType& f, bool has_sx) {
    if ((f.storage.packed != Packed::none) == has_sx) return true;
    fail(std::string(msg::type_mismatch) + (has_sx ? ": _s/_u on a field that is not packed"
                                                   : ": a packed field read without _s/_u"));
    return false;
  };
  switch (instr.op) {
    // call_ref x: C.types[x] = [t1*] -> [t2*]: [t1* (ref null x)] -> [t2*]
    case Op::call_ref: {
      const CompType* ct = comp_of(instr.x, CompType::Kind::func);
      if (ct == nullptr) return;
      pop_val(ref_to(instr.x, true));
      pop_vals(ct->func.params);
      return push_vals(ct->func.results);
    }
    // return_call_ref x: as call_ref, t2* matches C.return: [t3* t1* (ref null x)] -> [t4*]
    case Op::return_call_ref: {
      const CompType* ct = comp_of(instr.x, CompType::Kind::func);
      if (ct == nullptr) return;
      if (!resulttype_matches(ct->func.results, ft.results)) {
        return fail(std::string(msg::type_mismatch) + ": tail call to a function of type " +
                    to_string(ct->func) + ", whose results are not the caller's");
      }
      pop_val(ref_to(instr.x, true));
      pop_vals(ct->func.params);
      return unreachable();
    }
    // ref.as_non_null: [(ref null ht)] -> [(ref ht)]
    case Op::ref_as_non_null: {
      const ValType rt = pop_ref();
      return push_val(rt.as_nullable(false));
    }
    // br_on_null l: C.labels[l] = [t*]: [t* (ref null ht)] -> [t* (ref ht)]. Side data: the
    // branch (taken when the reference is null, which is dropped) at the height below it.
    case Op::br_on_null: {
      const u32 l = instr.x;
      if (!label_exists(l)) return;
      const ValType rt = pop_ref();
      instr.branch = record_branch(l, vals.size());
      // pop the label's types, then push them (not the popped types: gc issue 516).
      const ResultType& t = label_types(label(l));
      pop_vals(t);
      push_vals(t);
      return push_val(rt.as_nullable(false));
    }
    // br_on_non_null l: C.labels[l] = [t* t'] with (ref ht) matching t':
    // [t* (ref null ht)] -> [t*]. The branch keeps the (non-null) reference on the stack.
    case Op::br_on_non_null: {
      const u32 l = instr.x;
      if (!label_exists(l)) return;
      const ValType rt = pop_ref();
      const ResultType& lt = label_types(label(l));
      if (lt.empty() || !matches(rt.as_nullable(false), lt.back())) {
        return fail(std::string(msg::type_mismatch) + ": br_on_non_null to a label whose last type does not take the reference");
      }
      instr.branch = record_branch(l, vals.size() + 1);
      const ResultType t(lt.begin(), lt.end() - 1);
      pop_vals(t);
      push_vals(t);
      return;
    }
    // ref.eq: [eqref eqref] -> [i32]
    case Op::ref_eq: {
      const ValType eqref = ValType::ref(AbsHeap::eq, true);
      pop_val(eqref);
      pop_val(eqref);
      return push_val(ValType::i32);
    }
    // ref.test rt / ref.cast rt: rt valid, the operand rt' with rt matching rt' (any type of
    // rt's hierarchy): [rt'] -> [i32] / [rt'] -> [rt]
    case Op::ref_test:
    case Op::ref_test_null:
    case Op::ref_cast:
    case Op::ref_cast_null: {
      const ValType rt = instr.ref_type;
      if (!valtype_ok(rt)) return;
      pop_val(ValType::ref(top_heap(rt.heap(), C.type_ids), true));
      const bool test = instr.op == Op::ref_test || instr.op == Op::ref_test_null;
      return push_val(test ? ValType::i32 : rt);
    }
    // br_on_cast l rt1 rt2: rt2 matches rt1, C.labels[l] = [t* rt'] with rt2 matching rt':
    //   [t* rt1] -> [t* (rt1 \ rt2)]
    // br_on_cast_fail l rt1 rt2: rt2 matches rt1, (rt1 \ rt2) matches rt': [t* rt1] -> [t* rt2]
    case Op::br_on_cast:
    case Op::br_on_cast_fail: {
      const u32 l = instr.x;
      const ValType rt1 = instr.block_type.val, rt2 = instr.ref_type;
      if (!valtype_ok(rt1) || !valtype_ok(rt2)) return;
      if (!label_exists(l)) return;
      if (!matches(rt2, rt1)) {
        return fail(std::string(msg::type_mismatch) + ": the cast's target type does not match its source type");
      }
      const bool on_cast = instr.op == Op::br_on_cast;
      const ValType to_label = on_cast ? rt2 : ref_diff(rt1, rt2);
      const ValType fallthrough = on_cast ? ref_diff(rt1, rt2) : rt2;
      const ResultType& lt = label_types(label(l));
      if (lt.empty() || !matches(to_label, lt.back())) {
        return fail(std::string(msg::type_mismatch) + ": the label does not take the cast's reference");
      }
      pop_val(rt1);
      instr.branch = record_branch(l, vals.size() + 1);
      const ResultType t(lt.begin(), lt.end() - 1);
      pop_vals(t);
      push_vals(t);
      return push_val(fallthrough);
    }
    // struct.new x: C.types[x] = struct ft*: [unpack(ft)*] -> [(ref x)]
    case Op::struct_new: {
      const CompType* ct = comp_of(instr.x, CompType::Kind::struct_);
      if (ct == nullptr) return;
      for (size_t i = ct->fields.size(); i-- > 0;) pop_val(unpack(ct->fields[i].storage));
      return push_val(ref_to(instr.x, false));
    }
    // struct.new_default x: every field defaultable: [] -> [(ref x)]
    case Op::struct_new_default: {
      const CompType* ct = comp_of(instr.x, CompType::Kind::struct_);
      if (ct == nullptr) return;
      for (const FieldType& f : ct->fields) {
        if (!defaultable(unpack(f.storage))) {
          return fail(std::string(msg::type_mismatch) + ": struct.new_default of a field without a default value");
        }
      }
      return push_val(ref_to(instr.x, false));
    }
    // struct.get_sx? x y: [(ref null x)] -> [unpack(ft_y)], sx present iff ft_y is packed
    case Op::struct_get:
    case Op::struct_get_s:
    case Op::struct_get_u: {
      const CompType* ct = comp_of(instr.x, CompType::Kind::struct_);
      if (ct == nullptr) return;
      const FieldType* f = field_of(*ct, instr.y);
      if (f == nullptr || !sx_ok(*f, instr.op != Op::struct_get)) return;
      pop_val(ref_to(instr.x, true));
      return push_val(unpack(f->storage));
    }
    // struct.set x y: ft_y mutable: [(ref null x) unpack(ft_y)] -> []
    case Op::struct_set: {
      const CompType* ct = comp_of(instr.x, CompType::Kind::struct_);
      if (ct == nullptr) return;
      const FieldType* f = field_of(*ct, instr.y);
      if (f == nullptr) return;
      if (f->mut != Mut::var) return fail(msg::immutable_field);
      pop_val(unpack(f->storage));
      pop_val(ref_to(instr.x, true));
      return;
    }
    default: break;
  }
  // Array instructions: C.types[x] = array ft.
  const auto array_of = [this](u32 x) -> const FieldType* {
    const CompType* ct = comp_of(x, CompType::Kind::array);
    if (ct == nullptr) return nullptr;
    if (ct->fields.size() != 1) {
      crash("array type without its field");
      return nullptr;
    }
    return &ct->fields[0];
  };
  const auto mutable_ok = [this](const FieldType& f) {
    if (f.mut == Mut::var) return true;
    fail(msg::immutable_array);
    return false;
  };
  const auto numeric_ok = [this](const FieldType& f) {
    const ValType t = unpack(f.storage);
    if (is_num(t) || is_vec(t)) return true;
    fail(msg::array_not_numeric);
    return false;
  };
  switch (instr.op) {
    case Op::array_new: {  // [t i32] -> [(ref x)]
      const FieldType* f = array_of(instr.x);
      if (f == nullptr) return;
      pop_val(ValType::i32);
      pop_val(unpack(f->storage));
      return push_val(ref_to(instr.x, false));
    }
    case Op::array_new_default: {  // t defaultable: [i32] -> [(ref x)]
      const FieldType* f = array_of(instr.x);
      if (f == nullptr) return;
      if (!defaultable(unpack(f->storage))) {
        return fail(std::string(msg::type_mismatch) + ": array.new_default of an element type without a default value");
      }
      pop_val(ValType::i32);
      return push_val(ref_to(instr.x, false));
    }
    case Op::array_new_fixed: {  // array.new_fixed x n: [t^n] -> [(ref x)]
      const FieldType* f = array_of(instr.x);
      if (f == nullptr) return;
      for (u32 i = 0; i < instr.y && !error; ++i) pop_val(unpack(f->storage));
      return push_val(ref_to(instr.x, false));
    }
    case Op::array_new_data: {  // t numeric or vector, C.datas[y]: [i32 i32] -> [(ref x)]
      const FieldType* f = array_of(instr.x);
      if (f == nullptr || !numeric_ok(*f) || !data_exists(instr.y)) return;
      pop_val(ValType::i32);
      pop_val(ValType::i32);
      return push_val(ref_to(instr.x, false));
    }
    case Op::array_new_elem: {  // C.elems[y] matches t: [i32 i32] -> [(ref x)]
      const FieldType* f = array_of(instr.x);
      if (f == nullptr || !elem_exists(instr.y)) return;
      if (!matches(C.elems[instr.y], unpack(f->storage))) return fail(msg::type_mismatch);
      pop_val(ValType::i32);
      pop_val(ValType::i32);
      return push_val(ref_to(instr.x, false));
    }
    case Op::array_get:
    case Op::array_get_s:
    case Op::array_get_u: {  // [(ref null x) i32] -> [unpack(ft)], sx iff packed
      const FieldType* f = array_of(instr.x);
      if (f == nullptr || !sx_ok(*f, instr.op != Op::array_get)) return;
      pop_val(ValType::i32);
      pop_val(ref_to(instr.x, true));
      return push_val(unpack(f->storage));
    }
    case Op::array_set: {  // mutable: [(ref null x) i32 t] -> []
      const FieldType* f = array_of(instr.x);
      if (f == nullptr || !mutable_ok(*f)) return;
      pop_val(unpack(f->storage));
      pop_val(ValType::i32);
      pop_val(ref_to(instr.x, true));
      return;
    }
    case Op::array_len:  // [(ref null array)] -> [i32]
      pop_val(ValType::ref(AbsHeap::array, true));
      return push_val(ValType::i32);
    case Op::array_fill: {  // mutable: [(ref null x) i32 t i32] -> []
      const FieldType* f = array_of(instr.x);
      if (f == nullptr || !mutable_ok(*f)) return;
      pop_val(ValType::i32);
      pop_val(unpack(f->storage));
      pop_val(ValType::i32);
      pop_val(ref_to(instr.x, true));
      return;
    }
    case Op::array_copy: {  // x mutable, y's field matches x's: [(ref null x) i32 (ref null y) i32 i32] -> []
      const FieldType* fx = array_of(instr.x);
      if (fx == nullptr || !mutable_ok(*fx)) return;
      const FieldType* fy = array_of(instr.y);
      if (fy == nullptr) return;
      const bool ok = (fx->storage.packed != Packed::none || fy->storage.packed != Packed::none)
                          ? fx->storage.packed == fy->storage.packed
                          : matches(fy->storage.val, fx->storage.val);
      if (!ok) return fail(msg::array_types_mismatch);
      pop_val(ValType::i32);
      pop_val(ValType::i32);
      pop_val(ref_to(instr.y, true));
      pop_val(ValType::i32);
      pop_val(ref_to(instr.x, true));
      return;
    }
    case Op::array_init_data: {  // mutable, numeric or vector, C.datas[y]: [(ref null x) i32 i32 i32] -> []
      const FieldType* f = array_of(instr.x);
      if (f == nullptr || !mutable_ok(*f) || !numeric_ok(*f) || !data_exists(instr.y)) return;
      pop_val(ValType::i32);
      pop_val(ValType::i32);
      pop_val(ValType::i32);
      pop_val(ref_to(instr.x, true));
      return;
    }
    case Op::array_init_elem: {  // mutable, C.elems[y] matches t: [(ref null x) i32 i32 i32] -> []
      const FieldType* f = array_of(instr.x);
      if (f == nullptr || !mutable_ok(*f) || !elem_exists(instr.y)) return;
      if (!matches(C.elems[instr.y], unpack(f->storage))) return fail(msg::type_mismatch);
      pop_val(ValType::i32);
      pop_val(ValType::i32);
      pop_val(ValType::i32);
      pop_val(ref_to(instr.x, true));
      return;
    }
    case Op::ref_i31:  // [i32] -> [(ref i31)]
      pop_val(ValType::i32);
      return push_val(ValType::ref(AbsHeap::i31, false));
    case Op::i31_get_s:
    case Op::i31_get_u:  // [i31ref] -> [i32]
      pop_val(ValType::ref(AbsHeap::i31, true));
      return push_val(ValType::i32);
    case Op::any_convert_extern: {  // [(ref null? extern)] -> [(ref null? any)]
      const ValType t = pop_val(ValType::externref);
      return push_val(ValType::ref(AbsHeap::any, t == Unknown || t.nullable()));
    }
    case Op::extern_convert_any: {  // [(ref null? any)] -> [(ref null? extern)]
      const ValType t = pop_val(ValType::ref(AbsHeap::any, true));
      return push_val(ValType::ref(AbsHeap::extern_, t == Unknown || t.nullable()));
    }
    default: break;
  }
  crash("no validation rule for " + std::string(op_name(instr.op)));
}
}  // namespace

Result<void> validate_func(const Context& C, Func& func, const FuncType& ft, FuncIdx x) {
  CodeValidator validator(C, func, ft, x);
  return validator.run();
}

Result<void> validate_expr(const Context& C, const Expr& expr, ValType t) {
  Func f;
  f.body = expr;
  const FuncType ft{{}, {t}};
  CodeValidator validator(C, f, ft, FuncIdx(kConstExpr));
  return validator.run();
}

}  // namespace wasmref::valid
