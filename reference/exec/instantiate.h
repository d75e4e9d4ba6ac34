// Core 2.0 §4.5 Modules (exec/modules.rst): external typing, import matching, constant
// expressions, module allocation and instantiation
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "runtime/store.h"
#include "syntax/module.h"
#include "syntax/result.h"

namespace wasmref {

// §4.5.1 "External Typing": the external type of an external value in store S, or nullopt
// when the value is not valid in S (an address out of range).
std::optional<ExternType> externtype_of(const Store& s, const ExternVal& externval);

// §4.5.2 "Import Subtyping": limits, and external types (functions: equal types; tables:
// matching limits and equal element types; memories: matching limits; globals: equal types).
bool match_limits(const Limits& l1, const Limits& l2);
bool match_externtype(const ExternType& e1, const ExternType& e2);

// The external types a module declares for its imports and exports (§3.4.10 "Modules"),
// in order. The module must be valid (an index out of range gives nullopt).
std::optional<ExternType> import_externtype(const Module& m, const Import& im);
std::optional<ExternType> export_externtype(const Module& m, const Export& ex);

// §4.4.9 "Expressions", for the constant expressions of globals, element and data segments
// (§3.3.10): evaluates `expr` in a frame of module instance `inst` to its single value.
Result<Value> eval_const_expr(Store& s, const ModuleInst& inst, const Expr& expr);

// §4.5.4 Instantiation. Import mismatches (wrong count, wrong kind, an address not in the
// store, a type that does not match) are Outcome::link_error "incompatible import type";
// a trap in a segment or in the start function is Outcome::trap, and the store keeps every
// write done before it.
Result<ModuleAddr> module_instantiate(Store& s, std::shared_ptr<const Module> module,
                                      std::span<const ExternVal> externvals);

}  // namespace wasmref
