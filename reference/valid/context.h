// Core 2.0 §3.1.1 Contexts (valid/conventions.rst): the context C the validation rules read
#pragma once

#include <array>
#include <span>
#include <string>
#include <vector>

#include "syntax/features.h"
#include "syntax/module.h"
#include "syntax/result.h"

namespace wasmref::valid {

// §3.1.1 The context C. `locals`, `labels` and `return` are per function: the code validator
// (instructions.cc) keeps them itself (labels are its control stack).
struct Context {
  const std::vector<SubType>* types = nullptr;  // C.types = module.types
  std::span<const u32> type_ids;     // the canonical id of each (valid/matching.h)
  std::vector<TypeIdx> funcs;        // C.funcs, as indices into C.types (checked to exist)
  std::vector<TableType> tables;     // C.tables
  std::vector<MemType> mems;         // C.mems
  std::vector<GlobalType> globals;   // C.globals
  std::vector<TypeIdx> tags;         // core 3.0 C.tags, as indices into C.types (checked)
  std::vector<ValType> elems;        // C.elems: the reference type of each element segment
  size_t datas = 0;                  // C.datas: ok^n, only the count matters
  std::vector<bool> refs;            // C.refs as a set: refs[x] <=> x occurs outside functions
  size_t imported_globals = 0;       // C' (§3.4.10) sees only C.globals[0 .. imported_globals)
  // Not part of C: the module's v128.const / i8x16.shuffle immediates (Instr::x indexes
  // them), which the shuffle rule reads its lane indices from.
  const std::vector<std::array<u8, 16>>* v128_immediates = nullptr;
  Features features;

  // C.funcs and C.tags name function types (build_context checks it).
  const FuncType& func_type(FuncIdx x) const { return (*types)[funcs[x.value].value].func(); }
  const FuncType& tag_type(u32 x) const { return (*types)[tags[x].value].func(); }
  const SubType& type(u32 x) const { return (*types)[x]; }
};

// §3.3 Function bodies: validates `func` (whose type is `ft`, index `x` in the function index
// space, only used in messages) under C by the appendix algorithm and fills in its control
// side data. Defined in instructions.cc.
Result<void> validate_func(const Context& C, Func& func, const FuncType& ft, FuncIdx x);

// Core 3.0 §3.3.10: an expression (the final end included) valid with result type [t], by the
// same code validator (constantness is checked by the caller). Defined in instructions.cc.
Result<void> validate_expr(const Context& C, const Expr& expr, ValType t);

// "unknown global 1": the testsuite's prefix, a space, and the index.
inline std::string unknown(const char* message, u32 x) {
  return std::string(message) + " " + std::to_string(x);
}

}  // namespace wasmref::valid
