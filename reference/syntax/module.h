// Core 2.0 §2.5 Modules (syntax/modules.rst)
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "syntax/instructions.h"
#include "syntax/types.h"

namespace wasmref {

// §2.5.3 Functions, plus the side data the validator computes for execution.
struct Func {
  TypeIdx type{};
  std::vector<ValType> locals;  // declared locals only, expanded (parameters are not here)
  Expr body;                    // flat; the final `end` included
  // Filled by the validator (valid/): see BranchTarget and Instr in instructions.h.
  std::vector<BranchTarget> branches;
  // Decoded br_table label vectors, referenced from Instr::x/y.
  std::vector<u32> br_table_labels;
  // The handler clauses of try_table (decoded) and of legacy try (filled by the validator),
  // referenced from Instr::x (first) and Instr::y (count).
  std::vector<CatchClause> catches;
  // Filled by the validator: the largest operand-stack height the body can reach (values,
  // parameters and locals excluded), so execution can reserve its stack once per call.
  u32 max_stack_height = 0;
};

// Core 3.0 §2.5 Tags: a tag's type is a function type [t*] -> [] (valid/modules.rst).
struct Tag {
  TypeIdx type{};
};

struct Table {  // §2.5.4; core 3.0: an initializer expression (ref.null of the element type
  TableType type;  // when the module gives none, as binary/modules.rst's short form means)
  Expr init;       // empty: ref.null of type.elem's heap type
};

struct Mem {  // §2.5.5
  MemType type;
};

struct Global {  // §2.5.6
  GlobalType type;
  Expr init;
};

// §2.5.7 Element segments. `init` holds one constant expression per element (the binary
// forms with a vector of function indices are turned into `ref.func x` expressions).
struct Elem {
  enum class Mode : u8 { passive, active, declarative };
  ValType type = ValType::funcref;
  std::vector<Expr> init;
  Mode mode = Mode::passive;
  TableIdx table{};  // active only
  Expr offset;       // active only
};

// §2.5.8 Data segments.
struct Data {
  enum class Mode : u8 { passive, active };
  std::vector<u8> init;
  Mode mode = Mode::passive;
  MemIdx memory{};  // active only
  Expr offset;      // active only
};

struct Start {  // §2.5.9
  FuncIdx func{};
};

// §2.5.10 Exports. Names are byte strings (they may contain NUL).
struct Export {
  std::string name;
  ExternKind kind = ExternKind::func;
  u32 index = 0;  // into the index space of `kind`
};

// §2.5.11 Imports.
struct Import {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::func;
  TypeIdx func{};      // kind == func
  TableType table{};   // kind == table
  MemType mem{};       // kind == mem
  GlobalType global{}; // kind == global
  TypeIdx tag{};       // kind == tag (core 3.0)
};

// §5.5.3 Custom sections are not part of the abstract syntax, but the JS-API exposes them.
struct CustomSection {
  std::string name;
  std::vector<u8> bytes;
};

struct Module {
  // Core 3.0: the subtypes of the rec groups, flattened into the type index space.
  std::vector<SubType> types;
  // Filled by validation (valid/matching.h): the canonical defined type id of each type index.
  std::vector<u32> type_ids;
  std::vector<Func> funcs;  // defined functions only; imports come first in the index space
  std::vector<Table> tables;
  std::vector<Mem> mems;
  std::vector<Tag> tags;  // core 3.0: defined tags; imports come first in the index space
  std::vector<Global> globals;
  std::vector<Elem> elems;
  std::vector<Data> datas;
  std::optional<Start> start;
  std::vector<Import> imports;
  std::vector<Export> exports;
  std::vector<CustomSection> customs;
  // The 16-byte immediates of v128.const and i8x16.shuffle, referenced by Instr::x (kept out
  // of Instr so that every other instruction stays small).
  std::vector<std::array<u8, 16>> v128_immediates;
  std::optional<u32> data_count;  // §5.5.14, needed to validate memory.init / data.drop
  bool validated = false;         // set by module_validate once the side data is filled in

  // The function type of type index x (the caller has checked x names a function type).
  const FuncType& func_type(TypeIdx x) const { return types[x.value].func(); }
};

}  // namespace wasmref
