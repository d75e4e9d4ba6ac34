// Core 2.0 §4.4 Instructions (exec/instructions.rst) and §4.5.5 Invocation (exec/modules.rst):
// the one dispatch loop of the reference interpreter
//
// Structure: one Machine per invocation, with three explicit stacks (operand slots, labels,
// frames, runtime/stack.h) and one `switch` over Op inside one loop. A wasm call pushes a frame
// and continues the loop; `return` (or the body's final `end`) pops it. Nothing recurses on the
// native stack except a host function calling invoke() again.
//
// Control flow reads the side data the validator computed (syntax/instructions.h): `end_pc`,
// `else_pc` of structured instructions and one BranchTarget per branch. Operand slots are
// untyped; validation guarantees the types, so a value gets its type back only at the
// boundary (arguments, results, globals, host calls). Every condition the spec asserts "due to
// validation" is checked cheaply and ends in Outcome::crash, never in undefined behaviour.
#include "exec/machine.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <new>
#include <string>
#include <type_traits>

#include "exec/numerics.h"
#include "exec/vector_instructions.h"
#include "runtime/stack.h"
#include "syntax/messages.h"
#include "valid/matching.h"

namespace wasmref {

// Loads and stores copy bytes with memcpy: the spec's little-endian byte order is the host's.
static_assert(std::endian::native == std::endian::little,
              "memory access assumes a little-endian host");

// ============================================================================================
// Bulk instructions shared with instantiation
// ============================================================================================

// exec/instructions.rst "table.init x y": trap if s + n > |elem| or d + n > |tab.elem|, else
// copy. The spec defines it element by element (table.set of elem[s] at d, recursively with
// n - 1); since the bounds check comes first and the two vectors are distinct, one copy is
// observably the same.
const char* table_init(TableInst& tab, const ElemInst& elem, u64 d, u32 s, u32 n) {
  if (u64{s} + n > elem.elem.size() || d > tab.elem.size() || n > tab.elem.size() - d)
    return msg::out_of_bounds_table_access;
  std::copy_n(elem.elem.begin() + s, n, tab.elem.begin() + d);
  return nullptr;
}

// exec/instructions.rst "memory.init x": trap if s + n > |data| or d + n > |mem.data|, else
// copy (observably equal to the spec's byte-by-byte i32.store8 recursion, as above).
const char* memory_init(MemInst& mem, const DataInst& data, u64 d, u32 s, u32 n) {
  if (u64{s} + n > data.data.size() || d > mem.data.size() || n > mem.data.size() - d)
    return msg::out_of_bounds_memory_access;
  if (n != 0) std::memcpy(mem.data.data() + d, data.data.data() + s, n);
  return nullptr;
}

void elem_drop(ElemInst& elem) { elem.elem = {}; }
void data_drop(DataInst& data) { data.data = {}; }

namespace {

// Forced inlining of the operand-stack accessors, in optimized builds only (see push_slot).
#ifdef __OPTIMIZE__
#define WASMREF_HOT_INLINE [[gnu::always_inline]] inline
#else
#define WASMREF_HOT_INLINE inline
#endif

constexpr const char* kWhere = "machine.cc:";

// exec/instructions.rst loads and stores: ea = i + memarg.offset, computed without wrapping
// (3.0: an i64 address plus a u64 offset is a 65-bit sum; one past 2^64 - 1 is out of bounds
// like any other), and the access of `width` bytes must lie within `size` bytes.
inline bool effective_address(u64 i, u64 offset, u64 width, u64 size, u64& ea) {
  ea = i + offset;
  if (ea < i) return false;  // the sum passed 2^64 - 1
  return ea <= size && width <= size - ea;
}

// Whether [start, start + n) lies within `size` (no wraparound).
inline bool in_range(u64 start, u64 n, u64 size) { return start <= size && n <= size - start; }

Error crash_at(int line) {
  return make_error(Outcome::crash,
                    std::string(msg::internal_error) + ": " + kWhere + std::to_string(line));
}
Error trap_error(const char* message) { return make_error(Outcome::trap, message); }
Error exhaustion_error(const char* message) { return make_error(Outcome::exhaustion, message); }

// A v128 slot and its 16 bytes, lane 0 first (little-endian), assembled explicitly so the
// byte order never depends on the host.
Slot slot_of_bytes(const u8* b) {
  Slot s;
  for (int i = 7; i >= 0; --i) s.lo = (s.lo << 8) | b[i];
  for (int i = 15; i >= 8; --i) s.hi = (s.hi << 8) | b[i];
  return s;
}
void bytes_of_slot(const Slot& s, u8* b) {
  for (int i = 0; i < 8; ++i) b[i] = static_cast<u8>(s.lo >> (8 * i));
  for (int i = 0; i < 8; ++i) b[8 + i] = static_cast<u8>(s.hi >> (8 * i));
}

// The number of operands an instruction of the table pops, from its signature ("VV>V" -> 2).
u8 param_count(Op op) {
  const std::string_view sig = op_info(op).sig;
  const size_t arrow = sig.find('>');
  return static_cast<u8>(arrow == std::string_view::npos ? 0 : arrow);
}

// ============================================================================================
// The machine
// ============================================================================================

class Machine {
 public:
  explicit Machine(Store& s) : store_(s), top_level_(s.active_invocations == 1) {
    // The operand budget of this machine: what the machines suspended below it left over.
    const u64 max = store_.limits.max_stack_values;
    value_limit_ = max > store_.outer_values ? max - store_.outer_values : 0;
    // A top-level machine borrows the stack storage the previous one left (Store::spare_values).
    if (top_level_) values_.swap(store_.spare_values);
  }
  ~Machine() {
    if (top_level_) values_.swap(store_.spare_values);
  }
  Machine(const Machine&) = delete;
  Machine& operator=(const Machine&) = delete;

  Result<std::vector<Value>> run_invoke(FuncAddr funcaddr, std::span<const Value> args);

 private:
  // --- operand stack --------------------------------------------------------------------
  // Pushes and pops are bounds-checked (an overflow or underflow can only come from broken
  // side data); a broken access sets `broken_`, which control instructions turn into a crash.
  // In optimized builds they are always inlined: the dispatch loop is one large function, and
  // GCC's inliner stops inlining them there once it grows (measured: an out-of-line pop_slot
  // cost the Loop kernel a fifth of its speed). Not at -O0 (the sanitizer preset), where each
  // forced copy would keep its own stack slots in the loop's frame, which nested invocations
  // (host functions calling back into wasm) multiply.
  WASMREF_HOT_INLINE void push_slot(Slot v) {
    if (sp_ >= values_.size()) [[unlikely]] {
      broken_ = true;
      return;
    }
    values_[sp_++] = v;
  }
  WASMREF_HOT_INLINE Slot pop_slot() {
    if (sp_ <= floor_) [[unlikely]] {
      broken_ = true;
      return Slot{};
    }
    return values_[--sp_];
  }
  template <class T>
  WASMREF_HOT_INLINE void push(T v) {
    if constexpr (std::is_same_v<T, u32>) {
      push_slot(Slot{v, 0});
    } else if constexpr (std::is_same_v<T, u64>) {
      push_slot(Slot{v, 0});
    } else if constexpr (std::is_same_v<T, float>) {
      push_slot(Slot{std::bit_cast<u32>(v), 0});
    } else {
      static_assert(std::is_same_v<T, double>);
      push_slot(Slot{std::bit_cast<u64>(v), 0});
    }
  }
  template <class T>
  WASMREF_HOT_INLINE T pop() {
    const Slot s = pop_slot();
    if constexpr (std::is_same_v<T, u32>) {
      return static_cast<u32>(s.lo);
    } else if constexpr (std::is_same_v<T, u64>) {
      return s.lo;
    } else if constexpr (std::is_same_v<T, float>) {
      return std::bit_cast<float>(static_cast<u32>(s.lo));
    } else {
      static_assert(std::is_same_v<T, double>);
      return std::bit_cast<double>(s.lo);
    }
  }

  // Core 3.0: an address (index, size, length) of address type `at`: an i32 or an i64.
  u64 pop_addr(AddrType at) { return at == AddrType::i64 ? pop<u64>() : u64{pop<u32>()}; }
  void push_addr(AddrType at, u64 v) {
    if (at == AddrType::i64)
      push<u64>(v);
    else
      push<u32>(static_cast<u32>(v));
  }
  // call_indirect x y / return_call_indirect x y (Instr: x = typeidx, y = tableidx, binary
  // order): tab = S.tables[F.module.tableaddrs[y]], ft_expect = F.module.types[x]; pop i (of
  // the table's address type, 3.0); trap if i >= |tab.elem| ("undefined element"), if the
  // element is null ("uninitialized element i": the index follows the text, as the testsuite
  // writes it once in bulk.wast) or if its function's type is not ft_expect. The callee's
  // address in `a`, or the trap (or, for broken side data, a crash).
  std::optional<Error> indirect_callee(const ModuleInst* mod, const Instr& in, u32& a) {
    if (in.y >= mod->tableaddrs.size() || in.x >= mod->types.size()) return crash_at(__LINE__);
    const TableInst& tab = store_.tables[mod->tableaddrs[in.y].value];
    const u32 dt_expect = mod->types[in.x];  // 3.0: the expected defined type
    const u64 i = pop_addr(tab.type.addr);
    if (i >= tab.elem.size()) return trap_error(msg::undefined_element);
    const Value r = tab.elem[i];
    if (r.is_null()) {
      return make_error(Outcome::trap,
                        std::string(msg::uninitialized_element) + " " + std::to_string(i));
    }
    a = r.as_func().value;
    if (a >= store_.funcs.size()) return crash_at(__LINE__);
    // 3.0: the function's defined type must match (be a subtype of) the expected one.
    const u32 dt = store_.funcs[a].deftype;
    if (dt != dt_expect && !def_matches(dt, dt_expect)) return trap_error(msg::indirect_call_type_mismatch);
    return std::nullopt;
  }

  // Memory x of the module instance (3.0: several); nullptr when it has none (broken side
  // data: validation guarantees the index).
  MemInst* memory_at(const ModuleInst* mod, u32 x) {
    if (x >= mod->memaddrs.size() || mod->memaddrs[x].value >= store_.mems.size()) return nullptr;
    return &store_.mems[mod->memaddrs[x].value];
  }

  // Makes room for `need` slots in total; false when that exceeds the operand budget.
  bool reserve_values(u64 need) {
    if (need > value_limit_) return false;
    if (need <= values_.size()) return true;
    const u64 grown = std::max<u64>(need, std::min<u64>(value_limit_, values_.size() * 2));
    try {
      values_.resize(static_cast<size_t>(grown));
    } catch (const std::bad_alloc&) {
      return false;
    }
    return true;
  }

  // --- the spec's algorithms over the stacks --------------------------------------------
  Result<void> execute();
  // exec/instructions.rst "Invocation of function address a" (wasm and host functions).
  // The arguments are the top slots; on success a wasm function's frame is pushed, a host
  // function has run and its results are pushed.
  std::optional<Error> invoke_funcaddr(u32 a, u32 return_pc);
  std::optional<Error> call_host(const FuncInst& f);
  // Core 3.0 GC instructions that neither branch nor call (exec/instructions.rst): structs,
  // arrays, i31, ref.test/cast, ref.eq, the extern conversions. Out of the dispatch loop, and
  // never inlined into it (its code there would cost the 2.0 kernels registers: measured).
  // Core 3.0 typed function references and GC, out of the dispatch loop (measured: their code
  // in the loop's switch cost the 2.0 kernels registers and a fifth of their speed). ref_op
  // runs the instruction and says what the loop does next: go on, raise gc_error_ (a trap or
  // exhaustion), branch to the BranchTarget index in `target`, or (tail-)call the function
  // address in `target`.
  enum class RefOp : u8 { next, error, branch, call, tail_call };
  [[gnu::noinline]] RefOp ref_op(const Instr& in, const ModuleInst* mod, u32& target);
  std::optional<Error> gc_op(const Instr& in, const ModuleInst* mod);
  std::optional<Error> gc_error_;
  // The closed reference type of an instruction's immediate (its type indices made canonical).
  static ValType closed(ValType t, const ModuleInst* mod) { return close(t, mod->types); }

  Store& store_;
  const bool top_level_;  // the outermost machine of the store (lends Store::spare_values)
  MappedArray<Slot> values_;
  size_t sp_ = 0;
  size_t floor_ = 0;  // pops below this are broken side data
  u64 value_limit_ = 0;
  bool broken_ = false;
  std::vector<Label> labels_;
  std::vector<Frame> frames_;
  // Core 3.0 exception handlers (exec/runtime.rst "handler", legacy-exceptions "handler"): the
  // try_table and legacy try blocks whose bodies are executing, innermost last. The spec keeps
  // a handler on the stack right inside its block's label; here it names that label by its
  // position, so a handler is live exactly while its label is (trim_handlers() drops the
  // others wherever labels are popped).
  struct Handler {
    size_t frame = 0;             // index in frames_ of the frame the block runs in
    size_t label_pos = 0;         // index in labels_ of the block's label
    size_t height = 0;            // operand height at entry, below the block's parameters
    const Instr* instr = nullptr;  // the try_table / try (its clauses in Func::catches)
  };
  std::vector<Handler> handlers_;
  // Legacy exceptions: the caught exception of each catch block being executed ("caught"
  // administrative instruction), by the position of its label. Entering a catch block at
  // position p forgets the entries at p and above, so there is at most one per position and
  // the last entry at a position is that of the catch block there (rethrow reads it).
  struct Caught {
    size_t label_pos = 0;
    u32 exn = 0;
  };
  std::vector<Caught> caught_;

  // Core 3.0 throw_ref's handler search (see the definition).
  int catch_exception(u32 ea, bool& is_branch, u32& at);

  void trim_handlers() {
    while (!handlers_.empty() && handlers_.back().label_pos >= labels_.size()) handlers_.pop_back();
  }
};

// §4.4.10 "Invocation of function address a".
std::optional<Error> Machine::invoke_funcaddr(u32 a, u32 return_pc) {
  if (a >= store_.funcs.size()) return crash_at(__LINE__);
  const FuncInst& f = store_.funcs[a];
  // Fuel is counted at calls and at loop entries, which together bound every run.
  if (store_.limits.fuel != 0) {
    if (store_.fuel_left == 0) return exhaustion_error(msg::fuel_exhausted);
    --store_.fuel_left;
  }
  if (f.is_host()) return call_host(f);
  // 1-4. f = S.funcs[a], [t1^n] -> [t2^m] its type, t* its locals, instr* end its body.
  const Func& code = *f.code;
  const u32 n = static_cast<u32>(f.type.params.size());
  const u32 k = static_cast<u32>(code.locals.size());
  // Note (deviation): the spec has no limit on the call depth; ours is ExecLimits.
  if (store_.active_frames >= store_.limits.max_call_depth)
    return exhaustion_error(msg::call_stack_exhausted);
  // 5-6. pop val^n; the frame's locals are val^n followed by the locals' default values. Our
  // locals stay in place at the bottom of the frame's operand region.
  if (sp_ < floor_ + n) return crash_at(__LINE__);
  const size_t base = sp_ - n;
  if (!reserve_values(u64{base} + n + k + code.max_stack_height + 1))
    return exhaustion_error(msg::value_stack_exhausted);
  for (const ValType t : code.locals) values_[sp_++] = to_slot(Value::default_of(t));
  // 7-9. push the frame F (its label, of arity m, is implicit: the body's final `end`).
  if (f.module.value >= store_.modules.size()) return crash_at(__LINE__);
  frames_.push_back(Frame{&f, &store_.modules[f.module.value], base, n + k, labels_.size(),
                          return_pc, static_cast<u32>(f.type.results.size())});
  ++store_.active_frames;
  return std::nullopt;
}

// §4.4.10 "Invocation of host function": pop the arguments, run the host code (which may
// re-enter the machine through invoke()), push its results.
std::optional<Error> Machine::call_host(const FuncInst& f) {
  const size_t n = f.type.params.size();
  if (sp_ < floor_ + n) return crash_at(__LINE__);
  std::vector<Value> args(n);
  for (size_t i = 0; i < n; ++i) args[i] = to_value(f.type.params[i], values_[sp_ - n + i]);
  sp_ -= n;
  if (!f.hostcode) return crash_at(__LINE__);
  store_.outer_values += sp_;
  Result<std::vector<Value>> r = f.hostcode(store_, args);
  store_.outer_values -= sp_;
  if (!r) return r.take_error();
  // The host must return values of the result types (embed.h); anything else is our crash.
  const std::vector<Value>& results = *r;
  if (results.size() != f.type.results.size()) return crash_at(__LINE__);
  if (!reserve_values(u64{sp_} + results.size())) return exhaustion_error(msg::value_stack_exhausted);
  for (size_t i = 0; i < results.size(); ++i) {
    if (!value_matches(store_, results[i], f.type.results[i])) return crash_at(__LINE__);
    values_[sp_++] = to_slot(results[i]);
  }
  return std::nullopt;
}

Result<std::vector<Value>> Machine::run_invoke(FuncAddr funcaddr, std::span<const Value> args) {
  // §4.5.5 Invocation steps 1-4: f = S.funcs[funcaddr], and the arguments match its type.
  if (funcaddr.value >= store_.funcs.size()) return crash_at(__LINE__);
  const FuncType& type = store_.funcs[funcaddr.value].type;
  if (args.size() != type.params.size())
    return make_error(Outcome::trap, std::string(msg::type_mismatch) + ": argument count");
  for (size_t i = 0; i < args.size(); ++i) {
    // The value matches the parameter type (3.0: by its dynamic type; a function reference
    // must be a function address of this store).
    if (!value_matches(store_, args[i], type.params[i]))
      return make_error(Outcome::trap, std::string(msg::type_mismatch) + ": argument");
  }
  const FuncType result_type = type;  // the type outlives host calls that allocate functions
  // 5-6. push the dummy frame (our empty frame stack) and the arguments.
  const u64 first = std::max<u64>(args.size() + result_type.results.size() + 1, 1024);
  if (!reserve_values(std::min(first, value_limit_)) ||
      !reserve_values(args.size() + result_type.results.size() + 1))
    return exhaustion_error(msg::value_stack_exhausted);
  frames_.reserve(std::min<u32>(store_.limits.max_call_depth, 1024) + 1);
  labels_.reserve(1024);
  for (const Value& v : args) values_[sp_++] = to_slot(v);
  // 7. invoke the function.
  if (std::optional<Error> e = invoke_funcaddr(funcaddr.value, 0)) return std::move(*e);
  if (!frames_.empty()) {
    Result<void> r = execute();
    if (!r) return r.take_error();
  }
  if (broken_) return crash_at(__LINE__);
  // 8-9. pop val^m: the results, typed by the function type at the boundary.
  const size_t m = result_type.results.size();
  if (sp_ != m) return crash_at(__LINE__);
  std::vector<Value> results(m);
  for (size_t i = 0; i < m; ++i) results[i] = to_value(result_type.results[i], values_[i]);
  return results;
}

// Core 3.0 exec/instructions.rst "throw_ref" steps 6-16 (and the legacy handlers,
// legacy-exceptions/exec.rst), for the exception instance `ea`: unwind to the innermost
// handler, popping the frames, labels and operands above it; try its clauses in order. A
// clause that matches pushes what it catches and either names the branch to take (try_table:
// `is_branch`, `at` = index into the frame's Func::branches) or enters its catch block
// (legacy: `at` = the block's first pc, its label pushed again); a delegate drops the handlers
// inside its target label and goes on; a handler whose clauses all fail is gone and the next
// one is tried. Returns 0 when caught (the handler's frame is frames_.back()), 2 when no
// handler catches it (it leaves the machine: "return the exception as a result", step 12),
// -1 on broken side data.
int Machine::catch_exception(u32 ea, bool& is_branch, u32& at) {
  if (broken_ || ea >= store_.exns.size()) return -1;
  const TagAddr a = store_.exns[ea].tag;  // 9.
  // Pushes exn.fields, then ref.exn ea when `with_ref`.
  auto push_caught = [&](bool with_fields, bool with_ref) -> bool {
    const std::vector<Value>& fields = store_.exns[ea].fields;
    const size_t n = (with_fields ? fields.size() : 0) + (with_ref ? 1 : 0);
    if (!reserve_values(u64{sp_} + n)) return false;
    if (with_fields)
      for (const Value& v : fields) values_[sp_++] = to_slot(v);
    if (with_ref) values_[sp_++] = to_slot(Value::exn(ExnAddr{ea}));
    return true;
  };
  while (!handlers_.empty()) {  // 10-11. the innermost handler (none: 12.)
    const Handler h = handlers_.back();
    handlers_.pop_back();  // 14.
    // 10. Pop everything above the handler: the frames, then its block's label and operands.
    if (h.frame >= frames_.size()) return -1;
    while (frames_.size() > h.frame + 1) {
      frames_.pop_back();
      --store_.active_frames;
    }
    const Frame& fr = frames_.back();
    const Func& func = *fr.func->code;
    const ModuleInst& mod = *fr.module;
    if (h.label_pos < fr.label_base || h.label_pos > labels_.size() ||
        h.height < fr.locals_base + fr.n_locals || h.height > sp_)
      return -1;
    labels_.resize(h.label_pos);
    sp_ = h.height;
    const Instr& t = *h.instr;
    if (u64{t.x} + t.y > func.catches.size()) return -1;
    bool delegated = false;
    for (u32 i = 0; i < t.y && !delegated; ++i) {  // 16. the clauses in order
      const CatchClause& c = func.catches[t.x + i];
      using K = CatchClause::Kind;
      const bool by_tag = c.kind == K::catch_ || c.kind == K::catch_ref || c.kind == K::legacy_catch;
      if (by_tag) {
        if (c.tag >= mod.tagaddrs.size()) return -1;
        if (mod.tagaddrs[c.tag] != a) continue;  // 16.i: not this clause
      }
      switch (c.kind) {
        case K::catch_:          // 16.b
        case K::catch_ref:       // 16.c
        case K::catch_all:       // 16.d
        case K::catch_all_ref: {  // 16.e: push what the clause catches, br l
          if (!push_caught(by_tag, c.kind == K::catch_ref || c.kind == K::catch_all_ref)) return -1;
          is_branch = true;
          at = c.branch;
          return 0;
        }
        case K::legacy_catch:        // 16.f
        case K::legacy_catch_all: {  // 16.g: caught{ea}, the fields, enter the catch block
          labels_.push_back(Label{t.end_pc});  // the try's label stays for its catch blocks
          while (!caught_.empty() && caught_.back().label_pos >= h.label_pos) caught_.pop_back();
          caught_.push_back(Caught{h.label_pos, ea});
          if (!push_caught(by_tag, false)) return -1;
          if (c.pc >= func.body.size()) return -1;
          is_branch = false;
          at = c.pc;
          return 0;
        }
        case K::delegate: {
          // 16.h: rethrow from inside the target label (level c.level of this function, 0
          // its body): the handlers nested inside that label (in this frame) are skipped.
          const size_t inside = fr.label_base + c.level;
          while (!handlers_.empty() && handlers_.back().frame == h.frame &&
                 handlers_.back().label_pos >= inside)
            handlers_.pop_back();
          delegated = true;
          break;
        }
      }
    }
    // 15./16.i: no clause caught it here; throw again at the next handler.
  }
  return 2;
}

// ============================================================================================
// The dispatch loop
// ============================================================================================

Result<void> Machine::execute() {
  // The current frame, cached in locals: its code, locals and module (memory 0 included).
  const Frame* fr = nullptr;
  const Func* func = nullptr;
  const Instr* code = nullptr;
  size_t code_len = 0;
  ModuleInst* mod = nullptr;
  MemInst* mem = nullptr;
  // Memory 0 when it is an i32 memory (every 2.0 access): the fast path of loads and stores.
  MemInst* mem32 = nullptr;
  u32 pc = 0;
  u32 unwound_frames = 0;  // frames popped on the way out of an error, for the depth count

  auto load_frame = [&] {
    fr = &frames_.back();
    func = fr->func->code;
    code = func->body.data();
    code_len = func->body.size();
    mod = fr->module;
    mem = mod->memaddrs.empty() || mod->memaddrs[0].value >= store_.mems.size()
              ? nullptr
              : &store_.mems[mod->memaddrs[0].value];
    mem32 = mem != nullptr && mem->type.addr == AddrType::i32 ? mem : nullptr;
    floor_ = fr->locals_base + fr->n_locals;
  };
  // Leaves the machine with an error: the frames still active no longer count.
  auto fail = [&](Error e) -> Result<void> {
    unwound_frames = static_cast<u32>(frames_.size());
    store_.active_frames -= std::min(store_.active_frames, unwound_frames);
    frames_.clear();
    handlers_.clear();
    caught_.clear();
    return e;
  };
#define WASMREF_CHECK(cond) \
  do {                      \
    if (!(cond)) [[unlikely]] return fail(crash_at(__LINE__)); \
  } while (0)
#define WASMREF_TRAP(message) return fail(trap_error(message))

  // exec/instructions.rst "return" (also the body's final `end` and a branch to the body's
  // label): keep the top n = arity values, pop everything else of the frame, pop the frame.
  // Returns true when the invoked function itself returned.
  auto do_return = [&]() -> bool {
    const u32 n = fr->arity;
    if (broken_ || sp_ < fr->locals_base + n) {
      broken_ = true;
      return true;
    }
    std::memmove(values_.data() + fr->locals_base, values_.data() + sp_ - n, n * sizeof(Slot));
    sp_ = fr->locals_base + n;
    labels_.resize(fr->label_base);
    if (!handlers_.empty()) [[unlikely]] trim_handlers();
    const u32 return_pc = fr->return_pc;
    frames_.pop_back();
    --store_.active_frames;
    if (frames_.empty()) {
      floor_ = 0;
      return true;
    }
    load_frame();
    pc = return_pc;
    return false;
  };

  // exec/instructions.rst "br l" with the validator's BranchTarget: keep the top `arity`
  // values, discard the `drop` values beneath them, pop l+1 labels, continue at the target.
  // Returns 1 when the function returned (is_return), 0 to continue, -1 on broken side data.
  auto do_branch = [&](u32 index) -> int {
    if (index >= func->branches.size() || broken_) return -1;
    const BranchTarget& b = func->branches[index];
    if (b.is_return) return do_return() ? 1 : 0;
    if (sp_ < floor_ + b.arity + b.drop) return -1;
    if (b.drop != 0) {
      std::memmove(values_.data() + sp_ - b.arity - b.drop, values_.data() + sp_ - b.arity,
                   b.arity * sizeof(Slot));
      sp_ -= b.drop;
    }
    if (labels_.size() < fr->label_base + b.depth + 1) return -1;
    labels_.resize(labels_.size() - (b.depth + 1));
    if (!handlers_.empty()) [[unlikely]] trim_handlers();
    pc = b.target;
    return 0;
  };

  // Calls: invoke_funcaddr pushes the callee's frame (or runs a host function).
  auto do_call = [&](u32 a) -> std::optional<Error> {
    if (broken_) return crash_at(__LINE__);
    const size_t depth = frames_.size();
    if (std::optional<Error> e = invoke_funcaddr(a, pc)) return e;
    if (frames_.size() != depth) {
      load_frame();
      pc = 0;
    } else {
      // A host call: the machine below may have grown the store; refresh the cached memory.
      load_frame();
    }
    return std::nullopt;
  };

  // Core 3.0 exec/instructions.rst "return_call" / "return_call_indirect" (both reduce to
  // return_call_ref): the callee REPLACES the current frame. As the rule does: pop the n
  // arguments, unwind the frame as `return` does (its operands, labels and the frame itself),
  // push the arguments back, and invoke a from there, so a wasm callee's frame returns where
  // the replaced one would have (its return_pc). The frame and label stacks do not grow and
  // the call depth stays the same. A host callee runs in the replaced frame's place: its
  // results are the caller's results; `done` is set when that ends the invocation (the
  // replaced frame was the bottom one).
  auto do_return_call = [&](u32 a, bool& done) -> std::optional<Error> {
    if (broken_ || a >= store_.funcs.size()) return crash_at(__LINE__);
    const u32 n = static_cast<u32>(store_.funcs[a].type.params.size());
    if (sp_ < floor_ + n) return crash_at(__LINE__);
    const size_t base = fr->locals_base;
    const u32 return_pc = fr->return_pc;
    std::memmove(values_.data() + base, values_.data() + sp_ - n, n * sizeof(Slot));
    sp_ = base + n;
    labels_.resize(fr->label_base);
    if (!handlers_.empty()) [[unlikely]] trim_handlers();
    frames_.pop_back();
    --store_.active_frames;
    // The arguments are now the top of the caller's operands; nothing below them is popped.
    floor_ = base;
    const size_t depth = frames_.size();
    if (std::optional<Error> e = invoke_funcaddr(a, return_pc)) return e;
    if (frames_.size() != depth) {  // a wasm callee: its frame is the current one
      load_frame();
      pc = 0;
    } else if (frames_.empty()) {  // a host callee in place of the bottom frame
      floor_ = 0;
      done = true;
    } else {  // a host callee: continue in the caller, after its call
      load_frame();
      pc = return_pc;
    }
    return std::nullopt;
  };

  // An error out of a call or a throw: an exception is thrown on here (throw, throw_ref,
  // rethrow, a host function's, or one a nested invocation did not catch); anything else ends
  // the invocation. When a handler catches it, execution goes on in the handler's frame: at
  // the clause's branch (try_table) or its catch block (legacy). The search itself is the
  // member catch_exception(), out of this loop (it touches none of the cached locals).
#define WASMREF_RAISE(error_expr) \
  do {                            \
    raised = (error_expr);        \
    goto raise;                   \
  } while (0)
  Error raised;  // what WASMREF_RAISE hands to the one `raise:` block after the switch
  u32 callee = 0;  // the callee or BranchTarget index handed to the blocks after the switch

  load_frame();
  for (;;) {
    WASMREF_CHECK(pc < code_len);
    const Instr& in = code[pc++];
    switch (in.op) {
      // ====================================================================================
      // §4.4.8 Control instructions
      // ====================================================================================
      case Op::unreachable:
        WASMREF_TRAP(msg::unreachable);
      case Op::nop:
        break;
      case Op::block:
        // Enter the block with a label L of the block type's result arity (the arity lives
        // in the side data of the branches that target it).
        labels_.push_back(Label{in.end_pc});
        break;
      case Op::loop:
        // Enter the loop with a label whose continuation is the loop itself. Every backward
        // branch lands here, so this is where a runaway loop spends its fuel.
        if (store_.limits.fuel != 0) {
          if (store_.fuel_left == 0) return fail(exhaustion_error(msg::fuel_exhausted));
          --store_.fuel_left;
        }
        labels_.push_back(Label{in.end_pc});
        break;
      case Op::if_: {
        // Pop c; c != 0: enter instr1*; else enter instr2* (at else_pc, = end_pc without
        // else, where `end` pops the label again).
        const u32 c = pop<u32>();
        labels_.push_back(Label{in.end_pc});
        if (c == 0) pc = in.else_pc;
        break;
      }
      case Op::else_:
        // The end of instr1* of an if: continue at the if's `end`, which exits the label.
        pc = in.end_pc;
        break;
      case Op::end:
        // "Exiting instr* with label L": the values stay, the label is popped. The body's
        // final `end` exits the function's own label: return.
        WASMREF_CHECK(!broken_);
        if (labels_.size() == fr->label_base) {
          if (do_return()) {
            WASMREF_CHECK(!broken_);
            return {};
          }
        } else {
          labels_.pop_back();
          if (!handlers_.empty()) [[unlikely]] trim_handlers();
        }
        break;
      case Op::br: {
        const int r = do_branch(in.branch);
        WASMREF_CHECK(r >= 0 && !broken_);
        if (r == 1) return {};
        break;
      }
      case Op::br_if: {
        const u32 c = pop<u32>();
        if (c != 0) {
          const int r = do_branch(in.branch);
          WASMREF_CHECK(r >= 0 && !broken_);
          if (r == 1) return {};
        }
        break;
      }
      case Op::br_table: {
        // Pop i; branch to l* [i] if i < |l*|, else to the default l_N (last of the y entries).
        const u32 i = pop<u32>();
        WASMREF_CHECK(in.y >= 1);
        const u32 entry = i < in.y - 1 ? i : in.y - 1;
        const int r = do_branch(in.branch + entry);
        WASMREF_CHECK(r >= 0 && !broken_);
        if (r == 1) return {};
        break;
      }
      case Op::return_:
        if (do_return()) {
          WASMREF_CHECK(!broken_);
          return {};
        }
        WASMREF_CHECK(!broken_);
        break;
      case Op::call: {
        // Invoke F.module.funcaddrs[x].
        WASMREF_CHECK(in.x < mod->funcaddrs.size());
        if (std::optional<Error> e = do_call(mod->funcaddrs[in.x].value)) {
          WASMREF_RAISE(std::move(*e));
        }
        break;
      }
      case Op::call_indirect: {
        u32 a = 0;
        if (std::optional<Error> e = indirect_callee(mod, in, a)) return fail(*e);
        if (std::optional<Error> e = do_call(a)) {
          WASMREF_RAISE(std::move(*e));
        }
        break;
      }
      case Op::return_call: {
        // Core 3.0 "return_call x": tail-invoke F.module.funcaddrs[x].
        WASMREF_CHECK(in.x < mod->funcaddrs.size());
        callee = mod->funcaddrs[in.x].value;
        goto tail_call_callee;
      }
      case Op::return_call_indirect: {
        // Core 3.0 "return_call_indirect x y" (table x, type y) = table.get x, ref.cast
        // (ref null y), return_call_ref y: call_indirect's lookup and traps, then the element
        // is tail-invoked.
        if (std::optional<Error> e = indirect_callee(mod, in, callee)) return fail(*e);
        goto tail_call_callee;
      }

      // ====================================================================================
      // Core 3.0 exception handling (exec/instructions.rst) and the legacy instructions
      // (legacy-exceptions/exec.rst)
      // ====================================================================================
      [[unlikely]] case Op::throw_: {
        // "throw x": ta = F.module.tagaddrs[x], [t^n] -> [] its type; pop val^n; allocate
        // the exception instance {tag ta, fields val^n}; throw_ref it.
        WASMREF_CHECK(in.x < mod->tagaddrs.size() && mod->tagaddrs[in.x].value < store_.tags.size());
        const TagAddr ta = mod->tagaddrs[in.x];
        const ResultType& params = store_.tags[ta.value].type.params;
        WASMREF_CHECK(sp_ >= floor_ + params.size());
        std::vector<Value> fields(params.size());
        for (size_t i = 0; i < params.size(); ++i)
          fields[i] = to_value(params[i], values_[sp_ - params.size() + i]);
        sp_ -= params.size();
        const std::optional<ExnAddr> ea = allocexn(store_, ta, std::move(fields));
        if (!ea) return fail(exhaustion_error(msg::exceptions_exhausted));
        WASMREF_RAISE((Error{Outcome::exception, msg::uncaught_exception, ea->value}));
        break;
      }
      [[unlikely]] case Op::throw_ref: {
        // "throw_ref": pop ref; null: trap; else throw the exception it refers to.
        const Slot ref = pop_slot();
        WASMREF_CHECK(!broken_);
        if (ref.hi == Value::kNull) WASMREF_TRAP(msg::null_exception_reference);
        WASMREF_RAISE((Error{Outcome::exception, msg::uncaught_exception, static_cast<u32>(ref.lo)}));
        break;
      }
      case Op::try_table:
      [[unlikely]] case Op::try_: {
        // "try_table bt catch* instr*" / legacy "try bt instr* ...": enter the block with its
        // label (arity and continuation in the side data, as block) and the exception handler
        // {catch*} (our handler entry: the clauses are the instruction's, Func::catches).
        u32 m = 0;  // the block type's parameter count: they stay above the handler's height
        if (in.block_type.kind == BlockType::Kind::type) {
          WASMREF_CHECK(in.block_type.type.value < mod->module->types.size());
          m = static_cast<u32>(mod->module->func_type(in.block_type.type).params.size());
        }
        WASMREF_CHECK(sp_ >= floor_ + m);
        handlers_.push_back(Handler{frames_.size() - 1, labels_.size(), sp_ - m, &in});
        labels_.push_back(Label{in.end_pc});
        break;
      }
      case Op::catch_:
      [[unlikely]] case Op::catch_all:
        // Legacy: the end of the try body (or of the previous catch block) reached without an
        // exception: continue at the try's `end`, which exits its label (as `else` does).
        pc = in.end_pc;
        break;
      [[unlikely]] case Op::delegate:
        // Legacy "try ... delegate l" reached without an exception: the end of the try block.
        WASMREF_CHECK(labels_.size() > fr->label_base);
        labels_.pop_back();
        if (!handlers_.empty()) trim_handlers();
        break;
      [[unlikely]] case Op::rethrow: {
        // Legacy "rethrow l": the exception caught by the catch block of label l, thrown again.
        WASMREF_CHECK(in.x < labels_.size() - fr->label_base);
        const size_t pos = labels_.size() - 1 - in.x;
        const Caught* c = nullptr;
        for (size_t i = caught_.size(); i-- > 0;) {
          if (caught_[i].label_pos == pos) {
            c = &caught_[i];
            break;
          }
        }
        WASMREF_CHECK(c != nullptr);
        WASMREF_RAISE((Error{Outcome::exception, msg::uncaught_exception, c->exn}));
        break;
      }

      // ====================================================================================
      // §4.4.2 Reference instructions
      // ====================================================================================
      case Op::ref_null:
        push_slot(to_slot(Value::null(in.ref_type)));
        break;
      case Op::ref_is_null: {
        const Slot val = pop_slot();
        push<u32>(val.hi == Value::kNull ? 1 : 0);
        break;
      }
      case Op::ref_func:
        WASMREF_CHECK(in.x < mod->funcaddrs.size());
        push_slot(to_slot(Value::func(mod->funcaddrs[in.x])));
        break;

      // ====================================================================================
      // §4.4.4 Parametric instructions
      // ====================================================================================
      case Op::drop:
        pop_slot();
        break;
      case Op::select:
      case Op::select_t: {
        // Pop c, val2, val1; push val1 if c != 0, else val2.
        const u32 c = pop<u32>();
        const Slot val2 = pop_slot();
        const Slot val1 = pop_slot();
        push_slot(c != 0 ? val1 : val2);
        break;
      }

      // ====================================================================================
      // §4.4.5 Variable instructions
      // ====================================================================================
      case Op::local_get:
        WASMREF_CHECK(in.x < fr->n_locals);
        push_slot(values_[fr->locals_base + in.x]);
        break;
      case Op::local_set:
        WASMREF_CHECK(in.x < fr->n_locals);
        values_[fr->locals_base + in.x] = pop_slot();
        break;
      case Op::local_tee: {
        WASMREF_CHECK(in.x < fr->n_locals && sp_ > floor_);
        values_[fr->locals_base + in.x] = values_[sp_ - 1];
        break;
      }
      case Op::global_get: {
        WASMREF_CHECK(in.x < mod->globaladdrs.size());
        const GlobalInst& glob = store_.globals[mod->globaladdrs[in.x].value];
        push_slot(to_slot(glob.value));
        break;
      }
      case Op::global_set: {
        WASMREF_CHECK(in.x < mod->globaladdrs.size());
        GlobalInst& glob = store_.globals[mod->globaladdrs[in.x].value];
        glob.value = to_value(glob.type.type, pop_slot());
        break;
      }

      // ====================================================================================
      // §4.4.6 Table instructions
      // ====================================================================================
      // 3.0: indices, sizes and lengths are of the table's address type at.
      case Op::table_get: {
        WASMREF_CHECK(in.x < mod->tableaddrs.size());
        const TableInst& tab = store_.tables[mod->tableaddrs[in.x].value];
        const u64 i = pop_addr(tab.type.addr);
        if (i >= tab.elem.size()) WASMREF_TRAP(msg::out_of_bounds_table_access);
        push_slot(to_slot(tab.elem[i]));
        break;
      }
      case Op::table_set: {
        WASMREF_CHECK(in.x < mod->tableaddrs.size());
        TableInst& tab = store_.tables[mod->tableaddrs[in.x].value];
        const Slot val = pop_slot();
        const u64 i = pop_addr(tab.type.addr);
        if (i >= tab.elem.size()) WASMREF_TRAP(msg::out_of_bounds_table_access);
        tab.elem[i] = to_value(tab.type.elem, val);
        break;
      }
      case Op::table_size: {
        WASMREF_CHECK(in.x < mod->tableaddrs.size());
        const TableInst& tab = store_.tables[mod->tableaddrs[in.x].value];
        push_addr(tab.type.addr, tab.elem.size());
        break;
      }
      case Op::table_grow: {
        // Pop n, pop val; push the old size, or -1 (2^|at| - 1) when growing fails.
        WASMREF_CHECK(in.x < mod->tableaddrs.size());
        TableInst& tab = store_.tables[mod->tableaddrs[in.x].value];
        const u64 sz = tab.elem.size();
        const u64 n = pop_addr(tab.type.addr);
        const Slot val = pop_slot();
        const bool grown = growtable(store_, tab, n, to_value(tab.type.elem, val));
        push_addr(tab.type.addr, grown ? sz : ~u64{0});
        break;
      }
      case Op::table_fill: {
        // Pop n, val, i; trap if i + n > |tab.elem|; else set n entries from i. One bounds
        // check, then a fill: observably the same as the spec's recursion of table.set.
        WASMREF_CHECK(in.x < mod->tableaddrs.size());
        TableInst& tab = store_.tables[mod->tableaddrs[in.x].value];
        const u64 n = pop_addr(tab.type.addr);
        const Slot val = pop_slot();
        const u64 i = pop_addr(tab.type.addr);
        if (!in_range(i, n, tab.elem.size())) WASMREF_TRAP(msg::out_of_bounds_table_access);
        std::fill_n(tab.elem.begin() + i, n, to_value(tab.type.elem, val));
        break;
      }
      case Op::table_copy: {
        // table.copy x y: pop n, s, d; trap if s + n > |tab_y| or d + n > |tab_x|; else copy,
        // as if element by element, front to back when d <= s and back to front otherwise:
        // i.e. like memmove, so overlapping ranges read the old contents. n is of the smaller
        // address type.
        WASMREF_CHECK(in.x < mod->tableaddrs.size() && in.y < mod->tableaddrs.size());
        TableInst& tab_x = store_.tables[mod->tableaddrs[in.x].value];
        const TableInst& tab_y = store_.tables[mod->tableaddrs[in.y].value];
        const bool both64 = tab_x.type.addr == AddrType::i64 && tab_y.type.addr == AddrType::i64;
        const u64 n = pop_addr(both64 ? AddrType::i64 : AddrType::i32);
        const u64 s = pop_addr(tab_y.type.addr);
        const u64 d = pop_addr(tab_x.type.addr);
        if (!in_range(s, n, tab_y.elem.size()) || !in_range(d, n, tab_x.elem.size()))
          WASMREF_TRAP(msg::out_of_bounds_table_access);
        if (n == 0) break;
        const auto src = tab_y.elem.begin() + s;
        if (d <= s)
          std::copy(src, src + n, tab_x.elem.begin() + d);
        else
          std::copy_backward(src, src + n, tab_x.elem.begin() + d + n);
        break;
      }
      case Op::table_init: {
        // table.init x y: elem x into table y.
        WASMREF_CHECK(in.y < mod->tableaddrs.size() && in.x < mod->elemaddrs.size());
        TableInst& tab = store_.tables[mod->tableaddrs[in.y].value];
        const ElemInst& elem = store_.elems[mod->elemaddrs[in.x].value];
        const u32 n = pop<u32>();
        const u32 s = pop<u32>();
        const u64 d = pop_addr(tab.type.addr);
        if (const char* t = table_init(tab, elem, d, s, n)) WASMREF_TRAP(t);
        break;
      }
      case Op::elem_drop:
        WASMREF_CHECK(in.x < mod->elemaddrs.size());
        elem_drop(store_.elems[mod->elemaddrs[in.x].value]);
        break;

      // ====================================================================================
      // §4.4.7 Memory instructions
      // ====================================================================================
      // The memory and effective address of a load or store of `width` bytes: pop i; ea = i +
      // memarg.offset; trap if ea + width > |mem.data|. On memory 0 of address type i32 (all of
      // 2.0) i < 2^32 and the offset < 2^32 (validation), so the sum cannot wrap in 64 bits;
      // any other memory takes effective_address (3.0: a 65-bit sum for i64 addresses).
#define WASMREF_ADDRESS(width, m, ea)                                                  \
  MemInst* m = nullptr;                                                                \
  u64 ea = 0;                                                                          \
  if (in.y == 0 && mem32 != nullptr) [[likely]] {                                      \
    m = mem32;                                                                         \
    ea = u64{pop<u32>()} + in.bits;                                                    \
    if (ea + (width) > m->data.size()) WASMREF_TRAP(msg::out_of_bounds_memory_access); \
  } else {                                                                             \
    m = memory_at(mod, in.y);                                                          \
    WASMREF_CHECK(m != nullptr);                                                       \
    if (!effective_address(pop_addr(m->type.addr), in.bits, (width), m->data.size(), ea)) \
      WASMREF_TRAP(msg::out_of_bounds_memory_access);                                  \
  }
      // t.load memarg / t.loadN_sx memarg: pop i; ea = i + memarg.offset (in 64 bits, no
      // wraparound); trap if ea + N/8 > |mem.data|; else read the bytes (little endian).
#define WASMREF_LOAD(name, Raw, Push, convert)                                         \
  case Op::name: {                                                                     \
    WASMREF_ADDRESS(sizeof(Raw), m, ea)                                                \
    Raw c;                                                                             \
    std::memcpy(&c, m->data.data() + ea, sizeof(Raw));                                 \
    push<Push>(convert);                                                               \
    break;                                                                             \
  }
      WASMREF_LOAD(i32_load, u32, u32, c)
      WASMREF_LOAD(i64_load, u64, u64, c)
      WASMREF_LOAD(f32_load, u32, float, std::bit_cast<float>(c))
      WASMREF_LOAD(f64_load, u64, double, std::bit_cast<double>(c))
      WASMREF_LOAD(i32_load8_s, u8, u32, num::iextend_s<8>(u32{c}))
      WASMREF_LOAD(i32_load8_u, u8, u32, u32{c})
      WASMREF_LOAD(i32_load16_s, u16, u32, num::iextend_s<16>(u32{c}))
      WASMREF_LOAD(i32_load16_u, u16, u32, u32{c})
      WASMREF_LOAD(i64_load8_s, u8, u64, num::iextend_s<8>(u64{c}))
      WASMREF_LOAD(i64_load8_u, u8, u64, u64{c})
      WASMREF_LOAD(i64_load16_s, u16, u64, num::iextend_s<16>(u64{c}))
      WASMREF_LOAD(i64_load16_u, u16, u64, u64{c})
      WASMREF_LOAD(i64_load32_s, u32, u64, num::extend_s(c))
      WASMREF_LOAD(i64_load32_u, u32, u64, num::extend_u(c))
#undef WASMREF_LOAD

      // t.store memarg / t.storeN memarg: pop c, pop i; ea as for loads; trap if
      // ea + N/8 > |mem.data|; else write the low N bits of c (little endian).
#define WASMREF_STORE(name, Pop, Raw, convert)                                         \
  case Op::name: {                                                                     \
    const Pop c = pop<Pop>();                                                          \
    WASMREF_ADDRESS(sizeof(Raw), m, ea)                                                \
    const Raw b = convert;                                                             \
    std::memcpy(m->data.data() + ea, &b, sizeof(Raw));                                 \
    break;                                                                             \
  }
      WASMREF_STORE(i32_store, u32, u32, c)
      WASMREF_STORE(i64_store, u64, u64, c)
      WASMREF_STORE(f32_store, float, u32, std::bit_cast<u32>(c))
      WASMREF_STORE(f64_store, double, u64, std::bit_cast<u64>(c))
      WASMREF_STORE(i32_store8, u32, u8, static_cast<u8>(c))
      WASMREF_STORE(i32_store16, u32, u16, static_cast<u16>(c))
      WASMREF_STORE(i64_store8, u64, u8, static_cast<u8>(c))
      WASMREF_STORE(i64_store16, u64, u16, static_cast<u16>(c))
      WASMREF_STORE(i64_store32, u64, u32, num::wrap(c))
#undef WASMREF_STORE

      // ====================================================================================
      // §4.4.7 Memory instructions: the vector loads and stores (exec/instructions.rst
      // "v128.load", "v128.loadMxN_sx", "v128.loadN_splat", "v128.loadN_zero",
      // "v128.loadN_lane", "v128.store", "v128.storeN_lane"). ea = i + memarg.offset in 64
      // bits; trap if ea + N/8 > |mem.data|.
      // ====================================================================================
      case Op::v128_load:
      case Op::v128_load8x8_s:
      case Op::v128_load8x8_u:
      case Op::v128_load16x4_s:
      case Op::v128_load16x4_u:
      case Op::v128_load32x2_s:
      case Op::v128_load32x2_u:
      case Op::v128_load8_splat:
      case Op::v128_load16_splat:
      case Op::v128_load32_splat:
      case Op::v128_load64_splat:
      case Op::v128_load32_zero:
      case Op::v128_load64_zero: {
        const u32 width = op_info(in.op).width;
        WASMREF_ADDRESS(width, mi, ea)
        const u8* m = mi->data.data() + ea;
        u8 c[16] = {};
        switch (in.op) {
          case Op::v128_load8x8_s:
          case Op::v128_load8x8_u:
          case Op::v128_load16x4_s:
          case Op::v128_load16x4_u:
          case Op::v128_load32x2_s:
          case Op::v128_load32x2_u: {
            // Read M*N = 64 bits as N lanes of M bits; extend each to 2M bits (sx).
            const bool is_signed = in.op == Op::v128_load8x8_s || in.op == Op::v128_load16x4_s ||
                                   in.op == Op::v128_load32x2_s;
            const u32 m_bytes = in.op == Op::v128_load8x8_s || in.op == Op::v128_load8x8_u ? 1
                                : in.op == Op::v128_load16x4_s || in.op == Op::v128_load16x4_u
                                    ? 2
                                    : 4;
            for (u32 lane = 0; lane < 8 / m_bytes; ++lane) {
              const u8* src = m + lane * m_bytes;
              const u8 fill = is_signed && (src[m_bytes - 1] & 0x80) ? 0xFF : 0x00;
              u8* dst = c + lane * 2 * m_bytes;
              std::memcpy(dst, src, m_bytes);
              std::memset(dst + m_bytes, fill, m_bytes);
            }
            break;
          }
          case Op::v128_load8_splat:
          case Op::v128_load16_splat:
          case Op::v128_load32_splat:
          case Op::v128_load64_splat:
            // Read N bits and splat them into every lane of that width.
            for (u32 lane = 0; lane < 16 / width; ++lane) std::memcpy(c + lane * width, m, width);
            break;
          default:
            // v128.load reads all 16 bytes; loadN_zero reads N bits, the rest stays zero.
            std::memcpy(c, m, width);
            break;
        }
        push_slot(slot_of_bytes(c));
        break;
      }
      case Op::v128_load8_lane:
      case Op::v128_load16_lane:
      case Op::v128_load32_lane:
      case Op::v128_load64_lane: {
        // Pop v, pop i; read N bits at ea into lane `lane` of v (validation: lane < 128/N).
        const u32 width = op_info(in.op).width;
        WASMREF_CHECK(in.lane < 16 / width);
        const Slot v = pop_slot();
        WASMREF_ADDRESS(width, mi, ea)
        u8 c[16];
        bytes_of_slot(v, c);
        std::memcpy(c + in.lane * width, mi->data.data() + ea, width);
        push_slot(slot_of_bytes(c));
        break;
      }
      case Op::v128_store:
      case Op::v128_store8_lane:
      case Op::v128_store16_lane:
      case Op::v128_store32_lane:
      case Op::v128_store64_lane: {
        // Pop c, pop i; write all 16 bytes (v128.store) or lane `lane` of c (storeN_lane).
        const u32 width = op_info(in.op).width;
        const u32 lane = in.op == Op::v128_store ? 0 : u32{in.lane};
        WASMREF_CHECK(lane < 16 / width);
        const Slot v = pop_slot();
        WASMREF_ADDRESS(width, mi, ea)
        u8 c[16];
        bytes_of_slot(v, c);
        std::memcpy(mi->data.data() + ea, c + lane * width, width);
        break;
      }

      // memory.size x / memory.grow x / memory.fill x / memory.copy x y / memory.init d x:
      // on memory x (3.0), with addresses, sizes and lengths of its address type at.
      case Op::memory_size: {
        MemInst* m = memory_at(mod, in.x);
        WASMREF_CHECK(m != nullptr);
        push_addr(m->type.addr, m->pages());
        break;
      }
      case Op::memory_grow: {
        // Pop n; push the old size in pages, or -1 (2^|at| - 1) when growing fails.
        MemInst* m = memory_at(mod, in.x);
        WASMREF_CHECK(m != nullptr);
        const u64 sz = m->pages();
        const u64 n = pop_addr(m->type.addr);
        const bool grown = growmem(store_, *m, n);
        push_addr(m->type.addr, grown ? sz : ~u64{0});
        if (grown && store_.on_memory_grow) {
          store_.on_memory_grow(mod->memaddrs[in.x]);
          load_frame();  // the observer may have run code that touched the store
        }
        break;
      }
      case Op::memory_fill: {
        // Pop n, val, d; trap if d + n > |mem.data|; else write n bytes of val. One bounds
        // check then memset: observably the same as the spec's recursion of i32.store8.
        MemInst* m = memory_at(mod, in.x);
        WASMREF_CHECK(m != nullptr);
        const u64 n = pop_addr(m->type.addr);
        const u32 val = pop<u32>();
        const u64 d = pop_addr(m->type.addr);
        if (!in_range(d, n, m->data.size())) WASMREF_TRAP(msg::out_of_bounds_memory_access);
        if (n != 0) std::memset(m->data.data() + d, static_cast<u8>(val), n);
        break;
      }
      case Op::memory_copy: {
        // memory.copy x y: pop n, s, d; trap if s + n > |mem_y.data| or d + n > |mem_x.data|;
        // else copy. The spec copies byte by byte, forwards when d <= s and backwards
        // otherwise, so overlapping ranges read the old bytes: exactly memmove after the one
        // bounds check. n is of the smaller address type (i64 only when both are).
        MemInst* mx = memory_at(mod, in.x);
        MemInst* my = memory_at(mod, in.y);
        WASMREF_CHECK(mx != nullptr && my != nullptr);
        const bool both64 = mx->type.addr == AddrType::i64 && my->type.addr == AddrType::i64;
        const u64 n = pop_addr(both64 ? AddrType::i64 : AddrType::i32);
        const u64 s = pop_addr(my->type.addr);
        const u64 d = pop_addr(mx->type.addr);
        if (!in_range(s, n, my->data.size()) || !in_range(d, n, mx->data.size()))
          WASMREF_TRAP(msg::out_of_bounds_memory_access);
        if (n != 0) std::memmove(mx->data.data() + d, my->data.data() + s, n);
        break;
      }
      case Op::memory_init: {
        MemInst* m = memory_at(mod, in.y);
        WASMREF_CHECK(m != nullptr && in.x < mod->dataaddrs.size());
        const DataInst& data = store_.datas[mod->dataaddrs[in.x].value];
        const u32 n = pop<u32>();
        const u32 s = pop<u32>();
        const u64 d = pop_addr(m->type.addr);
        if (const char* t = memory_init(*m, data, d, s, n)) WASMREF_TRAP(t);
        break;
      }
      case Op::data_drop:
        WASMREF_CHECK(in.x < mod->dataaddrs.size());
        data_drop(store_.datas[mod->dataaddrs[in.x].value]);
        break;

      // ====================================================================================
      // §4.4.1 Numeric instructions, through the pure operators of exec/numerics.h
      // ====================================================================================
      case Op::i32_const:
        push<u32>(static_cast<u32>(in.bits));
        break;
      case Op::i64_const:
        push<u64>(in.bits);
        break;
      case Op::f32_const:
        push_slot(Slot{in.bits & 0xFFFFFFFFu, 0});
        break;
      case Op::f64_const:
        push_slot(Slot{in.bits, 0});
        break;

        // "t.unop" / "t.testop" / "t.cvtop" (total): pop c1, push op(c1).
#define WASMREF_UNOP(name, T, R, op) \
  case Op::name: {                   \
    const T c1 = pop<T>();           \
    push<R>(op(c1));                 \
    break;                           \
  }
        // "t.binop" / "t.relop" (total): pop c2, pop c1, push op(c1, c2).
#define WASMREF_BINOP(name, T, R, op) \
  case Op::name: {                    \
    const T c2 = pop<T>();            \
    const T c1 = pop<T>();            \
    push<R>(op(c1, c2));              \
    break;                            \
  }
        // "t.binop" (partial): if op(c1, c2) is undefined, trap with its message.
#define WASMREF_BINOP_PARTIAL(name, T, op)    \
  case Op::name: {                            \
    const T c2 = pop<T>();                    \
    const T c1 = pop<T>();                    \
    const num::Partial<T> c = op(c1, c2);     \
    if (!c) WASMREF_TRAP(c.trap);             \
    push<T>(*c);                              \
    break;                                    \
  }
        // "t2.cvtop_t1" (partial): if cvtop(c1) is undefined, trap with its message.
#define WASMREF_CVTOP_PARTIAL(name, T, R, op) \
  case Op::name: {                            \
    const T c1 = pop<T>();                    \
    const num::Partial<R> c = op(c1);         \
    if (!c) WASMREF_TRAP(c.trap);             \
    push<R>(*c);                              \
    break;                                    \
  }

      // i32 and i64 testop / relop
      WASMREF_UNOP(i32_eqz, u32, u32, num::ieqz)
      WASMREF_BINOP(i32_eq, u32, u32, num::ieq)
      WASMREF_BINOP(i32_ne, u32, u32, num::ine)
      WASMREF_BINOP(i32_lt_s, u32, u32, num::ilt_s)
      WASMREF_BINOP(i32_lt_u, u32, u32, num::ilt_u)
      WASMREF_BINOP(i32_gt_s, u32, u32, num::igt_s)
      WASMREF_BINOP(i32_gt_u, u32, u32, num::igt_u)
      WASMREF_BINOP(i32_le_s, u32, u32, num::ile_s)
      WASMREF_BINOP(i32_le_u, u32, u32, num::ile_u)
      WASMREF_BINOP(i32_ge_s, u32, u32, num::ige_s)
      WASMREF_BINOP(i32_ge_u, u32, u32, num::ige_u)
      WASMREF_UNOP(i64_eqz, u64, u32, num::ieqz)
      WASMREF_BINOP(i64_eq, u64, u32, num::ieq)
      WASMREF_BINOP(i64_ne, u64, u32, num::ine)
      WASMREF_BINOP(i64_lt_s, u64, u32, num::ilt_s)
      WASMREF_BINOP(i64_lt_u, u64, u32, num::ilt_u)
      WASMREF_BINOP(i64_gt_s, u64, u32, num::igt_s)
      WASMREF_BINOP(i64_gt_u, u64, u32, num::igt_u)
      WASMREF_BINOP(i64_le_s, u64, u32, num::ile_s)
      WASMREF_BINOP(i64_le_u, u64, u32, num::ile_u)
      WASMREF_BINOP(i64_ge_s, u64, u32, num::ige_s)
      WASMREF_BINOP(i64_ge_u, u64, u32, num::ige_u)
      // f32 and f64 relop
      WASMREF_BINOP(f32_eq, float, u32, num::feq)
      WASMREF_BINOP(f32_ne, float, u32, num::fne)
      WASMREF_BINOP(f32_lt, float, u32, num::flt)
      WASMREF_BINOP(f32_gt, float, u32, num::fgt)
      WASMREF_BINOP(f32_le, float, u32, num::fle)
      WASMREF_BINOP(f32_ge, float, u32, num::fge)
      WASMREF_BINOP(f64_eq, double, u32, num::feq)
      WASMREF_BINOP(f64_ne, double, u32, num::fne)
      WASMREF_BINOP(f64_lt, double, u32, num::flt)
      WASMREF_BINOP(f64_gt, double, u32, num::fgt)
      WASMREF_BINOP(f64_le, double, u32, num::fle)
      WASMREF_BINOP(f64_ge, double, u32, num::fge)
      // i32 unop / binop
      WASMREF_UNOP(i32_clz, u32, u32, num::iclz)
      WASMREF_UNOP(i32_ctz, u32, u32, num::ictz)
      WASMREF_UNOP(i32_popcnt, u32, u32, num::ipopcnt)
      WASMREF_BINOP(i32_add, u32, u32, num::iadd)
      WASMREF_BINOP(i32_sub, u32, u32, num::isub)
      WASMREF_BINOP(i32_mul, u32, u32, num::imul)
      WASMREF_BINOP_PARTIAL(i32_div_s, u32, num::idiv_s)
      WASMREF_BINOP_PARTIAL(i32_div_u, u32, num::idiv_u)
      WASMREF_BINOP_PARTIAL(i32_rem_s, u32, num::irem_s)
      WASMREF_BINOP_PARTIAL(i32_rem_u, u32, num::irem_u)
      WASMREF_BINOP(i32_and, u32, u32, num::iand)
      WASMREF_BINOP(i32_or, u32, u32, num::ior)
      WASMREF_BINOP(i32_xor, u32, u32, num::ixor)
      WASMREF_BINOP(i32_shl, u32, u32, num::ishl)
      WASMREF_BINOP(i32_shr_s, u32, u32, num::ishr_s)
      WASMREF_BINOP(i32_shr_u, u32, u32, num::ishr_u)
      WASMREF_BINOP(i32_rotl, u32, u32, num::irotl)
      WASMREF_BINOP(i32_rotr, u32, u32, num::irotr)
      // i64 unop / binop
      WASMREF_UNOP(i64_clz, u64, u64, num::iclz)
      WASMREF_UNOP(i64_ctz, u64, u64, num::ictz)
      WASMREF_UNOP(i64_popcnt, u64, u64, num::ipopcnt)
      WASMREF_BINOP(i64_add, u64, u64, num::iadd)
      WASMREF_BINOP(i64_sub, u64, u64, num::isub)
      WASMREF_BINOP(i64_mul, u64, u64, num::imul)
      WASMREF_BINOP_PARTIAL(i64_div_s, u64, num::idiv_s)
      WASMREF_BINOP_PARTIAL(i64_div_u, u64, num::idiv_u)
      WASMREF_BINOP_PARTIAL(i64_rem_s, u64, num::irem_s)
      WASMREF_BINOP_PARTIAL(i64_rem_u, u64, num::irem_u)
      WASMREF_BINOP(i64_and, u64, u64, num::iand)
      WASMREF_BINOP(i64_or, u64, u64, num::ior)
      WASMREF_BINOP(i64_xor, u64, u64, num::ixor)
      WASMREF_BINOP(i64_shl, u64, u64, num::ishl)
      WASMREF_BINOP(i64_shr_s, u64, u64, num::ishr_s)
      WASMREF_BINOP(i64_shr_u, u64, u64, num::ishr_u)
      WASMREF_BINOP(i64_rotl, u64, u64, num::irotl)
      WASMREF_BINOP(i64_rotr, u64, u64, num::irotr)
      // f32 unop / binop
      WASMREF_UNOP(f32_abs, float, float, num::fabs)
      WASMREF_UNOP(f32_neg, float, float, num::fneg)
      WASMREF_UNOP(f32_ceil, float, float, num::fceil)
      WASMREF_UNOP(f32_floor, float, float, num::ffloor)
      WASMREF_UNOP(f32_trunc, float, float, num::ftrunc)
      WASMREF_UNOP(f32_nearest, float, float, num::fnearest)
      WASMREF_UNOP(f32_sqrt, float, float, num::fsqrt)
      WASMREF_BINOP(f32_add, float, float, num::fadd)
      WASMREF_BINOP(f32_sub, float, float, num::fsub)
      WASMREF_BINOP(f32_mul, float, float, num::fmul)
      WASMREF_BINOP(f32_div, float, float, num::fdiv)
      WASMREF_BINOP(f32_min, float, float, num::fmin)
      WASMREF_BINOP(f32_max, float, float, num::fmax)
      WASMREF_BINOP(f32_copysign, float, float, num::fcopysign)
      // f64 unop / binop
      WASMREF_UNOP(f64_abs, double, double, num::fabs)
      WASMREF_UNOP(f64_neg, double, double, num::fneg)
      WASMREF_UNOP(f64_ceil, double, double, num::fceil)
      WASMREF_UNOP(f64_floor, double, double, num::ffloor)
      WASMREF_UNOP(f64_trunc, double, double, num::ftrunc)
      WASMREF_UNOP(f64_nearest, double, double, num::fnearest)
      WASMREF_UNOP(f64_sqrt, double, double, num::fsqrt)
      WASMREF_BINOP(f64_add, double, double, num::fadd)
      WASMREF_BINOP(f64_sub, double, double, num::fsub)
      WASMREF_BINOP(f64_mul, double, double, num::fmul)
      WASMREF_BINOP(f64_div, double, double, num::fdiv)
      WASMREF_BINOP(f64_min, double, double, num::fmin)
      WASMREF_BINOP(f64_max, double, double, num::fmax)
      WASMREF_BINOP(f64_copysign, double, double, num::fcopysign)
      // conversions
      WASMREF_UNOP(i32_wrap_i64, u64, u32, num::wrap)
      WASMREF_CVTOP_PARTIAL(i32_trunc_f32_s, float, u32, num::trunc_s<u32>)
      WASMREF_CVTOP_PARTIAL(i32_trunc_f32_u, float, u32, num::trunc_u<u32>)
      WASMREF_CVTOP_PARTIAL(i32_trunc_f64_s, double, u32, num::trunc_s<u32>)
      WASMREF_CVTOP_PARTIAL(i32_trunc_f64_u, double, u32, num::trunc_u<u32>)
      WASMREF_UNOP(i64_extend_i32_s, u32, u64, num::extend_s)
      WASMREF_UNOP(i64_extend_i32_u, u32, u64, num::extend_u)
      WASMREF_CVTOP_PARTIAL(i64_trunc_f32_s, float, u64, num::trunc_s<u64>)
      WASMREF_CVTOP_PARTIAL(i64_trunc_f32_u, float, u64, num::trunc_u<u64>)
      WASMREF_CVTOP_PARTIAL(i64_trunc_f64_s, double, u64, num::trunc_s<u64>)
      WASMREF_CVTOP_PARTIAL(i64_trunc_f64_u, double, u64, num::trunc_u<u64>)
      WASMREF_UNOP(f32_convert_i32_s, u32, float, num::convert_s<float>)
      WASMREF_UNOP(f32_convert_i32_u, u32, float, num::convert_u<float>)
      WASMREF_UNOP(f32_convert_i64_s, u64, float, num::convert_s<float>)
      WASMREF_UNOP(f32_convert_i64_u, u64, float, num::convert_u<float>)
      WASMREF_UNOP(f32_demote_f64, double, float, num::demote)
      WASMREF_UNOP(f64_convert_i32_s, u32, double, num::convert_s<double>)
      WASMREF_UNOP(f64_convert_i32_u, u32, double, num::convert_u<double>)
      WASMREF_UNOP(f64_convert_i64_s, u64, double, num::convert_s<double>)
      WASMREF_UNOP(f64_convert_i64_u, u64, double, num::convert_u<double>)
      WASMREF_UNOP(f64_promote_f32, float, double, num::promote)
      WASMREF_UNOP(i32_reinterpret_f32, float, u32, num::reinterpret<u32>)
      WASMREF_UNOP(i64_reinterpret_f64, double, u64, num::reinterpret<u64>)
      WASMREF_UNOP(f32_reinterpret_i32, u32, float, num::reinterpret<float>)
      WASMREF_UNOP(f64_reinterpret_i64, u64, double, num::reinterpret<double>)
      WASMREF_UNOP(i32_extend8_s, u32, u32, num::iextend_s<8>)
      WASMREF_UNOP(i32_extend16_s, u32, u32, num::iextend_s<16>)
      WASMREF_UNOP(i64_extend8_s, u64, u64, num::iextend_s<8>)
      WASMREF_UNOP(i64_extend16_s, u64, u64, num::iextend_s<16>)
      WASMREF_UNOP(i64_extend32_s, u64, u64, num::iextend_s<32>)
      WASMREF_UNOP(i32_trunc_sat_f32_s, float, u32, num::trunc_sat_s<u32>)
      WASMREF_UNOP(i32_trunc_sat_f32_u, float, u32, num::trunc_sat_u<u32>)
      WASMREF_UNOP(i32_trunc_sat_f64_s, double, u32, num::trunc_sat_s<u32>)
      WASMREF_UNOP(i32_trunc_sat_f64_u, double, u32, num::trunc_sat_u<u32>)
      WASMREF_UNOP(i64_trunc_sat_f32_s, float, u64, num::trunc_sat_s<u64>)
      WASMREF_UNOP(i64_trunc_sat_f32_u, float, u64, num::trunc_sat_u<u64>)
      WASMREF_UNOP(i64_trunc_sat_f64_s, double, u64, num::trunc_sat_s<u64>)
      WASMREF_UNOP(i64_trunc_sat_f64_u, double, u64, num::trunc_sat_u<u64>)
      // ====================================================================================
      // §4.4.3 Vector instructions
      // ====================================================================================
      case Op::v128_const: {
        // v128.const c: push c (its 16 bytes are in the module's immediate pool).
        const std::vector<std::array<u8, 16>>& pool = mod->module->v128_immediates;
        WASMREF_CHECK(in.x < pool.size());
        push_slot(slot_of_bytes(pool[in.x].data()));
        break;
      }
      default: {
        // Core 3.0 typed function references and GC: out of the loop (ref_op), which says
        // whether the instruction branches or calls.
        const OpFeature feature = op_info(in.op).feature;
        if (feature == OpFeature::gc || feature == OpFeature::function_references) [[unlikely]] {
          const RefOp r = ref_op(in, mod, callee);
          WASMREF_CHECK(!broken_);
          switch (r) {
            case RefOp::next: break;
            case RefOp::error: WASMREF_RAISE(std::move(*gc_error_));
            case RefOp::branch: goto take_branch;
            case RefOp::call: goto call_callee;
            case RefOp::tail_call: goto tail_call_callee;
          }
          break;
        }
        // Every other vector instruction is pure (exec/vector_instructions.cc): pop its
        // operands, push its one result. Anything else here is an opcode without a rule.
        WASMREF_CHECK(is_pure_vector_instr(in.op));
        const u8 n = param_count(in.op);
        WASMREF_CHECK(n <= 3 && sp_ >= floor_ + n);
        sp_ -= n;
        const Slot r = vector_instr(in, *mod->module, values_.data() + sp_, &broken_);
        WASMREF_CHECK(!broken_);
        push_slot(r);
        break;
      }
#undef WASMREF_UNOP
#undef WASMREF_BINOP
#undef WASMREF_BINOP_PARTIAL
#undef WASMREF_CVTOP_PARTIAL
    }
    continue;
  call_callee:  // call_ref: invoke `callee`
    if (std::optional<Error> e = do_call(callee)) WASMREF_RAISE(std::move(*e));
    continue;
  tail_call_callee:  // return_call, return_call_indirect, return_call_ref: tail-invoke `callee`
    {
      bool done = false;
      if (std::optional<Error> e = do_return_call(callee, done)) WASMREF_RAISE(std::move(*e));
      WASMREF_CHECK(!broken_);
      if (done) return {};
    }
    continue;
  take_branch:  // br_on_null, br_on_non_null, br_on_cast(_fail) branching
    {
      const int r = do_branch(callee);
      WASMREF_CHECK(r >= 0 && !broken_);
      if (r == 1) return {};
    }
    continue;
  raise:
    // One place for every raise (kept out of the instructions' code paths): an exception is
    // thrown on here, anything else ends the invocation. When a handler catches it, execution
    // goes on in the handler's frame, at the clause's branch (try_table) or its catch block
    // (legacy); the search is the member catch_exception().
    {
      if (raised.outcome != Outcome::exception) return fail(std::move(raised));
      bool is_branch = false;
      u32 at = 0;
      const int r = catch_exception(raised.exn, is_branch, at);
      if (r == 2) return fail(std::move(raised));
      WASMREF_CHECK(r == 0 && !frames_.empty());
      load_frame();
      if (is_branch) {
        const int b = do_branch(at);
        WASMREF_CHECK(b >= 0 && !broken_);
        if (b == 1) return {};
      } else {
        pc = at;
      }
    }
  }
#undef WASMREF_ADDRESS
#undef WASMREF_RAISE
#undef WASMREF_CHECK
#undef WASMREF_TRAP
}


// ---- Core 3.0 GC instructions (exec/instructions.rst) -----------------------------------------

namespace {
// The bytes one element of a numeric or vector storage type takes in a data segment.
u32 storage_size(const StorageType& st) {
  switch (st.packed) {
    case Packed::i8: return 1;
    case Packed::i16: return 2;
    case Packed::none: break;
  }
  switch (st.val.code) {
    case ValType::Code::i32:
    case ValType::Code::f32: return 4;
    case ValType::Code::i64:
    case ValType::Code::f64: return 8;
    case ValType::Code::v128: return 16;
    default: return 0;
  }
}
// An element read from bytes (little-endian), as array.new_data stores it.
Slot slot_from_data(const u8* b, u32 size) {
  if (size == 16) return slot_of_bytes(b);
  u64 v = 0;
  for (u32 i = size; i-- > 0;) v = (v << 8) | b[i];
  return Slot{v, 0};
}
// struct.get_s/u, array.get_s/u: a packed field's value extended to i32 (sx: signed).
Slot unpack_slot(const StorageType& st, Slot v, bool sx) {
  if (st.packed == Packed::i8) {
    return Slot{sx ? static_cast<u32>(static_cast<i32>(static_cast<std::int8_t>(v.lo))) : (v.lo & 0xFFu), 0};
  }
  if (st.packed == Packed::i16) {
    return Slot{sx ? static_cast<u32>(static_cast<i32>(static_cast<std::int16_t>(v.lo))) : (v.lo & 0xFFFFu), 0};
  }
  return v;
}
Error gc_exhausted() {
  return make_error(Outcome::exhaustion, std::string(msg::implementation_limit) +
                                             ": GC heap of the store exhausted");
}
// array.new_data / array.init_data: n elements of storage type st read from the data
// segment's bytes [s, s + n * z) into out; a trap when those bytes are not all there.
std::optional<Error> read_data(const DataInst& data, u32 s, u32 n, const StorageType& st, Slot* out) {
  const u32 z = storage_size(st);
  if (z == 0) return crash_at(__LINE__);  // validation admits numeric and vector types only
  if (!in_range(s, u64{n} * z, data.data.size())) return trap_error(msg::out_of_bounds_memory_access);
  for (u32 i = 0; i < n; ++i) out[i] = slot_from_data(data.data.data() + s + u64{i} * z, z);
  return std::nullopt;
}
}  // namespace

Machine::RefOp Machine::ref_op(const Instr& in, const ModuleInst* mod, u32& target) {
  const auto raise = [&](Error e) {
    gc_error_ = std::move(e);
    return RefOp::error;
  };
  switch (in.op) {
    case Op::ref_as_non_null:  // pop ref; null: trap; else push it back
      if (sp_ <= floor_) return raise(crash_at(__LINE__));
      if (values_[sp_ - 1].hi == Value::kNull) return raise(trap_error(msg::null_reference));
      return RefOp::next;
    case Op::br_on_null: {  // pop ref; null: br l; else push it back
      const Slot ref = pop_slot();
      if (ref.hi != Value::kNull) {
        push_slot(ref);
        return RefOp::next;
      }
      target = in.branch;
      return RefOp::branch;
    }
    case Op::br_on_non_null: {  // pop ref; null: go on; else push it back and br l
      const Slot ref = pop_slot();
      if (ref.hi == Value::kNull) return RefOp::next;
      push_slot(ref);
      target = in.branch;
      return RefOp::branch;
    }
    // br_on_cast l rt1 rt2 / br_on_cast_fail: the reference stays on the stack; it is branched
    // with when it matches rt2 (br_on_cast) or does not (br_on_cast_fail).
    case Op::br_on_cast:
    case Op::br_on_cast_fail: {
      if (sp_ <= floor_) return raise(crash_at(__LINE__));
      const Slot ref = values_[sp_ - 1];
      const bool match = ref_matches(store_, ref.lo, ref.hi, closed(in.ref_type, mod));
      if (match != (in.op == Op::br_on_cast)) return RefOp::next;
      target = in.branch;
      return RefOp::branch;
    }
    case Op::call_ref:
    case Op::return_call_ref: {  // pop ref; null: trap; else (tail-)invoke its function
      const Slot ref = pop_slot();
      if (ref.hi == Value::kNull) return raise(trap_error(msg::null_function_reference));
      if (ref.lo >= store_.funcs.size()) return raise(crash_at(__LINE__));
      target = static_cast<u32>(ref.lo);
      return in.op == Op::call_ref ? RefOp::call : RefOp::tail_call;
    }
    default: break;
  }
  if (std::optional<Error> e = gc_op(in, mod)) return raise(std::move(*e));
  return RefOp::next;
}

std::optional<Error> Machine::gc_op(const Instr& in, const ModuleInst* mod) {
  const TypeRegistry& reg = TypeRegistry::global();
  // The defined type x of the instruction (struct/array instructions name one).
  const auto def_of = [&](u32 x) -> const DefType* {
    if (x >= mod->types.size()) return nullptr;
    return &reg.def(mod->types[x]);
  };
  const auto array_field = [&](u32 x) -> const StorageType* {
    const DefType* dt = def_of(x);
    if (dt == nullptr || dt->sub.comp.fields.size() != 1) return nullptr;
    return &dt->sub.comp.fields[0].storage;
  };
  switch (in.op) {
    case Op::ref_eq: {  // both null, or the same reference (i31: the same value)
      const Slot b = pop_slot();
      const Slot a = pop_slot();
      const bool eq = a.hi == b.hi && (a.hi == Value::kNull || a.lo == b.lo);
      push<u32>(eq ? 1 : 0);
      return std::nullopt;
    }
    case Op::ref_test:
    case Op::ref_test_null: {
      const Slot ref = pop_slot();
      push<u32>(ref_matches(store_, ref.lo, ref.hi, closed(in.ref_type, mod)) ? 1 : 0);
      return std::nullopt;
    }
    case Op::ref_cast:
    case Op::ref_cast_null: {
      if (sp_ <= floor_) return crash_at(__LINE__);
      const Slot ref = values_[sp_ - 1];
      if (!ref_matches(store_, ref.lo, ref.hi, closed(in.ref_type, mod))) return trap_error(msg::cast_failure);
      return std::nullopt;
    }
    case Op::any_convert_extern:
    case Op::extern_convert_any:
      // The same reference in the other hierarchy: no bits change (runtime/value.h).
      return std::nullopt;
    case Op::ref_i31: {
      const u32 v = pop<u32>();
      push_slot(Slot{v & 0x7FFFFFFFu, Value::kI31});
      return std::nullopt;
    }
    case Op::i31_get_s:
    case Op::i31_get_u: {
      const Slot ref = pop_slot();
      if (ref.hi == Value::kNull) return trap_error(msg::null_i31_reference);
      const u32 v = static_cast<u32>(ref.lo) & 0x7FFFFFFFu;
      // get_s: sign-extend from 31 bits.
      push<u32>(in.op == Op::i31_get_s ? (v | ((v & 0x40000000u) << 1)) : v);
      return std::nullopt;
    }
    case Op::struct_new:
    case Op::struct_new_default: {
      const DefType* dt = def_of(in.x);
      if (dt == nullptr) return crash_at(__LINE__);
      const std::vector<FieldType>& fields = dt->sub.comp.fields;
      std::vector<Slot> slots(fields.size());
      if (in.op == Op::struct_new) {
        if (sp_ < floor_ + fields.size()) return crash_at(__LINE__);
        for (size_t i = fields.size(); i-- > 0;) slots[i] = pack_field(fields[i].storage, pop_slot());
      } else {
        for (size_t i = 0; i < fields.size(); ++i) slots[i] = to_slot(Value::default_of(unpack(fields[i].storage)));
      }
      const std::optional<StructAddr> a = allocstruct(store_, mod->types[in.x], std::move(slots));
      if (!a) return gc_exhausted();
      push_slot(Slot{a->value, Value::kStruct});
      return std::nullopt;
    }
    case Op::struct_get:
    case Op::struct_get_s:
    case Op::struct_get_u: {
      const DefType* dt = def_of(in.x);
      if (dt == nullptr || in.y >= dt->sub.comp.fields.size()) return crash_at(__LINE__);
      const Slot ref = pop_slot();
      if (ref.hi == Value::kNull) return trap_error(msg::null_structure_reference);
      if (ref.lo >= store_.structs.size()) return crash_at(__LINE__);
      const StructInst& si = store_.structs[ref.lo];
      if (in.y >= si.fields.size()) return crash_at(__LINE__);
      push_slot(unpack_slot(dt->sub.comp.fields[in.y].storage, si.fields[in.y], in.op == Op::struct_get_s));
      return std::nullopt;
    }
    case Op::struct_set: {
      const DefType* dt = def_of(in.x);
      if (dt == nullptr || in.y >= dt->sub.comp.fields.size()) return crash_at(__LINE__);
      const Slot v = pop_slot();
      const Slot ref = pop_slot();
      if (ref.hi == Value::kNull) return trap_error(msg::null_structure_reference);
      if (ref.lo >= store_.structs.size()) return crash_at(__LINE__);
      StructInst& si = store_.structs[ref.lo];
      if (in.y >= si.fields.size()) return crash_at(__LINE__);
      si.fields[in.y] = pack_field(dt->sub.comp.fields[in.y].storage, v);
      return std::nullopt;
    }
    case Op::array_new:
    case Op::array_new_default: {
      const StorageType* st = array_field(in.x);
      if (st == nullptr) return crash_at(__LINE__);
      const u32 n = pop<u32>();
      const Slot init = in.op == Op::array_new ? pack_field(*st, pop_slot()) : to_slot(Value::default_of(unpack(*st)));
      const std::optional<ArrayAddr> a = allocarray(store_, mod->types[in.x], n, init);
      if (!a) return gc_exhausted();
      push_slot(Slot{a->value, Value::kArray});
      return std::nullopt;
    }
    case Op::array_new_fixed: {
      const StorageType* st = array_field(in.x);
      if (st == nullptr || sp_ < floor_ + in.y) return crash_at(__LINE__);
      const std::optional<ArrayAddr> a = allocarray(store_, mod->types[in.x], in.y, Slot{});
      if (!a) return gc_exhausted();
      std::vector<Slot>& elems = store_.arrays[a->value].elems;
      for (size_t i = in.y; i-- > 0;) elems[i] = pack_field(*st, pop_slot());
      push_slot(Slot{a->value, Value::kArray});
      return std::nullopt;
    }
    case Op::array_new_data: {
      // Pop n, s; the data segment's bytes [s, s + n * z) (z the element size) must exist.
      const StorageType* st = array_field(in.x);
      if (st == nullptr || in.y >= mod->dataaddrs.size()) return crash_at(__LINE__);
      const u32 n = pop<u32>();
      const u32 s = pop<u32>();
      const DataInst& data = store_.datas[mod->dataaddrs[in.y].value];
      if (!in_range(s, u64{n} * storage_size(*st), data.data.size())) return trap_error(msg::out_of_bounds_memory_access);
      const std::optional<ArrayAddr> a = allocarray(store_, mod->types[in.x], n, Slot{});
      if (!a) return gc_exhausted();
      if (std::optional<Error> e = read_data(data, s, n, *st, store_.arrays[a->value].elems.data())) return e;
      push_slot(Slot{a->value, Value::kArray});
      return std::nullopt;
    }
    case Op::array_new_elem: {
      // Pop n, s; the element segment's references [s, s + n) must exist.
      if (array_field(in.x) == nullptr || in.y >= mod->elemaddrs.size()) return crash_at(__LINE__);
      const u32 n = pop<u32>();
      const u32 s = pop<u32>();
      const ElemInst& elem = store_.elems[mod->elemaddrs[in.y].value];
      if (!in_range(s, n, elem.elem.size())) return trap_error(msg::out_of_bounds_table_access);
      const std::optional<ArrayAddr> a = allocarray(store_, mod->types[in.x], n, Slot{});
      if (!a) return gc_exhausted();
      std::vector<Slot>& elems = store_.arrays[a->value].elems;
      for (u32 i = 0; i < n; ++i) elems[i] = to_slot(elem.elem[s + i]);
      push_slot(Slot{a->value, Value::kArray});
      return std::nullopt;
    }
    default: break;
  }
  // The array instructions on an existing array: the reference is checked for null first,
  // then the range [d, d + n) it accesses (exec/instructions.rst).
  const auto checked_array = [&](Slot ref, u64 d, u64 n, ArrayInst*& arr) -> std::optional<Error> {
    if (ref.hi == Value::kNull) return trap_error(msg::null_array_reference);
    if (ref.lo >= store_.arrays.size()) return crash_at(__LINE__);
    arr = &store_.arrays[ref.lo];
    if (!in_range(d, n, arr->elems.size())) return trap_error(msg::out_of_bounds_array_access);
    return std::nullopt;
  };
  ArrayInst* arr = nullptr;
  switch (in.op) {
    case Op::array_get:
    case Op::array_get_s:
    case Op::array_get_u: {  // pop i, ref
      const StorageType* st = array_field(in.x);
      if (st == nullptr) return crash_at(__LINE__);
      const u32 i = pop<u32>();
      if (std::optional<Error> e = checked_array(pop_slot(), i, 1, arr)) return e;
      push_slot(unpack_slot(*st, arr->elems[i], in.op == Op::array_get_s));
      return std::nullopt;
    }
    case Op::array_set: {  // pop val, i, ref
      const StorageType* st = array_field(in.x);
      if (st == nullptr) return crash_at(__LINE__);
      const Slot v = pop_slot();
      const u32 i = pop<u32>();
      if (std::optional<Error> e = checked_array(pop_slot(), i, 1, arr)) return e;
      arr->elems[i] = pack_field(*st, v);
      return std::nullopt;
    }
    case Op::array_len:
      if (std::optional<Error> e = checked_array(pop_slot(), 0, 0, arr)) return e;
      push<u32>(static_cast<u32>(arr->elems.size()));
      return std::nullopt;
    case Op::array_fill: {  // pop n, val, d, ref
      const StorageType* st = array_field(in.x);
      if (st == nullptr) return crash_at(__LINE__);
      const u32 n = pop<u32>();
      const Slot v = pack_field(*st, pop_slot());
      const u32 d = pop<u32>();
      if (std::optional<Error> e = checked_array(pop_slot(), d, n, arr)) return e;
      std::fill_n(arr->elems.begin() + d, n, v);
      return std::nullopt;
    }
    case Op::array_copy: {  // pop n, s, ref2, d, ref1: both nulls first, then both ranges
      const u32 n = pop<u32>();
      const u32 s = pop<u32>();
      const Slot ref2 = pop_slot();
      const u32 d = pop<u32>();
      const Slot ref1 = pop_slot();
      if (ref1.hi == Value::kNull || ref2.hi == Value::kNull) return trap_error(msg::null_array_reference);
      ArrayInst* src = nullptr;
      if (std::optional<Error> e = checked_array(ref1, d, n, arr)) return e;
      if (std::optional<Error> e = checked_array(ref2, s, n, src)) return e;
      // Overlapping ranges of one array copy as if through a temporary (memmove), which is
      // what the spec's element-by-element recursion (forward or backward) gives.
      if (n != 0) std::memmove(arr->elems.data() + d, src->elems.data() + s, u64{n} * sizeof(Slot));
      return std::nullopt;
    }
    case Op::array_init_data: {  // pop n, s, d, ref: the array's range, then the data's
      const StorageType* st = array_field(in.x);
      if (st == nullptr || in.y >= mod->dataaddrs.size()) return crash_at(__LINE__);
      const u32 n = pop<u32>();
      const u32 s = pop<u32>();
      const u32 d = pop<u32>();
      if (std::optional<Error> e = checked_array(pop_slot(), d, n, arr)) return e;
      return read_data(store_.datas[mod->dataaddrs[in.y].value], s, n, *st, arr->elems.data() + d);
    }
    case Op::array_init_elem: {  // pop n, s, d, ref: the array's range, then the segment's
      if (array_field(in.x) == nullptr || in.y >= mod->elemaddrs.size()) return crash_at(__LINE__);
      const u32 n = pop<u32>();
      const u32 s = pop<u32>();
      const u32 d = pop<u32>();
      if (std::optional<Error> e = checked_array(pop_slot(), d, n, arr)) return e;
      const ElemInst& elem = store_.elems[mod->elemaddrs[in.y].value];
      if (!in_range(s, n, elem.elem.size())) return trap_error(msg::out_of_bounds_table_access);
      for (u32 i = 0; i < n; ++i) arr->elems[d + i] = to_slot(elem.elem[s + i]);
      return std::nullopt;
    }
    default: break;
  }
  return crash_at(__LINE__);
}

}  // namespace

// §4.5.5 Invocation. A top-level invocation (no machine running) gets a fresh fuel budget;
// a nested one (from a host function) spends the budget of the invocation that called it.
// Note (deviation): each nested invocation (wasm -> host -> invoke) runs on the native stack,
// so their nesting is bounded separately from the wasm call depth, which keeps a host that
// recurses through wasm from overflowing the native stack.
constexpr u32 kMaxNestedInvocations = 200;

Result<std::vector<Value>> invoke(Store& s, FuncAddr funcaddr, std::span<const Value> args) {
  if (s.active_invocations >= kMaxNestedInvocations)
    return make_error(Outcome::exhaustion, msg::call_stack_exhausted);
  if (s.active_invocations == 0) s.fuel_left = s.limits.fuel;
  ++s.active_invocations;
  Machine machine(s);
  Result<std::vector<Value>> r = machine.run_invoke(funcaddr, args);
  --s.active_invocations;
  return r;
}

}  // namespace wasmref
