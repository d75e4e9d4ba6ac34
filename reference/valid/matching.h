// Core 3.0 defined types and matching: valid/conventions.rst ("Defined types", "Rolling and
// unrolling", "Closure"), valid/types.rst (recursive and sub types) and valid/matching.rst
#pragma once

#include <deque>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "syntax/result.h"
#include "syntax/types.h"

namespace wasmref {

// A defined type (deftype: a rec group and a position in it), closed: every concrete heap type
// in `sub` is HeapType::def. Its id is its canonical identity: two defined types are
// equivalent (iso-recursive equality after rolling up their groups) exactly when their ids are
// equal, whichever module defined them.
struct DefType {
  SubType sub;                 // closed; sub.rec_pos/rec_len place it in its group
  std::optional<u32> super;    // the declared supertype's id
  u32 group = 0;               // the id of the first type of its rec group
  AbsHeap top = AbsHeap::func; // func for function types, any for structs and arrays
  const FuncType& func() const { return sub.comp.func; }
};

// The canonical defined types of the process. A rec group is interned by its structure: its
// subtypes with every reference into the group written as a relative position and every
// reference outside it as the canonical id of the type it names. Equal groups, in one module
// or in several, get the same ids. Entries are never removed: their number is bounded by the
// distinct types the process has seen (each module brings at most the JS-API's 10^6 types).
// Thread-safe; references returned by def() stay valid.
class TypeRegistry {
 public:
  static TypeRegistry& global();

  // Interns the rec groups of `types` (a module's type section) in order and returns the id
  // of each type index. Fails (invalid, "unknown type N") when a type names a type index past
  // the end of its own rec group; the supertype declarations are judged by validation
  // (valid/validate.cc), except that a supertype must come before its subtype ("sub type"),
  // which keeps every supertype chain finite.
  Result<std::vector<u32>> canonicalize(const std::vector<SubType>& types);
  // A final function type with no supertype, alone in its group (host functions, the JS-API's
  // Tag objects): `ft` must be closed (abstract or def heap types only).
  u32 intern_func(const FuncType& ft);

  const DefType& def(u32 id) const;
  size_t size() const;

 private:
  mutable std::mutex mu_;
  std::deque<DefType> defs_;
  std::unordered_map<std::string, u32> groups_;
};

// ----- Closing types: a type index of the module becomes the canonical id (`ids[x]`) --------
HeapType close(HeapType h, std::span<const u32> ids);
ValType close(ValType t, std::span<const u32> ids);
FuncType close(const FuncType& ft, std::span<const u32> ids);

// ----- Matching (valid/matching.rst). Concrete heap types may be idx (resolved through `ids`)
// or def; types that are already closed need no ids.
// The top of a heap type's hierarchy: any, func, extern or exn (bot for the bottom heap type).
AbsHeap top_heap(HeapType h, std::span<const u32> ids = {});
// Is the defined type `a` a subtype of `b` (reflexive, transitive over declared supertypes)?
bool def_matches(u32 a, u32 b);
bool heap_matches(HeapType a, HeapType b, std::span<const u32> ids = {});
bool val_matches(ValType a, ValType b, std::span<const u32> ids = {});
bool results_match(const ResultType& a, const ResultType& b, std::span<const u32> ids = {});
// Composite types of closed defined types (the rule a declared supertype is checked by).
bool comp_matches(const CompType& a, const CompType& b);

}  // namespace wasmref
