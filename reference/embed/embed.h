// Core 2.0 Appendix §A.1 Embedding (appendix/embedding.rst): the only door into core.
//
// Everything outside core (the harness, the JS-API layer) talks to the interpreter through
// these functions, named as in the appendix. Errors are values: a Result holds either the
// value or an Error whose Outcome is the appendix's "error" refined into the outcome kinds of
// syntax/result.h (malformed / invalid / link_error / trap / exhaustion / exception).
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "runtime/limits.h"
#include "runtime/value.h"
#include "syntax/features.h"
#include "syntax/module.h"
#include "syntax/result.h"

namespace wasmref {

class Store;  // runtime/store.h

// ExecLimits (resource limits of the machine) and HostFunc (§4.2.6 host functions) are
// declared in runtime/limits.h, included above.

namespace embed {

// §A.1.2 Store
std::unique_ptr<Store> store_init(const ExecLimits& limits = {});

// §A.1.3 Modules
Result<std::shared_ptr<Module>> module_decode(std::span<const u8> bytes,
                                              const Features& features = {});
// Validates and fills in the control side data (so the module is not const here).
Result<void> module_validate(Module& module, const Features& features = {});
// Requires a validated module. On failure the store keeps what instantiation already did
// (segment writes into imported tables and memories, §4.5.4), as the spec requires.
// A mismatched import is Outcome::link_error ("unknown import" is the caller's business:
// it happens while resolving names, before this call); a trap in a segment or the start
// function is Outcome::trap.
Result<ModuleAddr> module_instantiate(Store& store, std::shared_ptr<const Module> module,
                                      std::span<const ExternVal> imports);

struct ImportDesc {
  std::string module;
  std::string name;
  ExternType type;
};
struct ExportDesc {
  std::string name;
  ExternType type;
};
std::vector<ImportDesc> module_imports(const Module& module);
std::vector<ExportDesc> module_exports(const Module& module);

// §A.1.4 Module instances. Returns nullopt when there is no export of that name.
std::optional<ExternVal> instance_export(const Store& store, ModuleAddr inst, std::string_view name);

// §A.1.5 Functions
FuncAddr func_alloc(Store& store, FuncType type, HostFunc code);
const FuncType& func_type(const Store& store, FuncAddr f);
// Arguments are checked against the function type (count and types): a mismatch is an
// Error with Outcome::trap and message "type mismatch" (the appendix: "fail" before running).
Result<std::vector<Value>> func_invoke(Store& store, FuncAddr f, std::span<const Value> args);

// §A.1.6 Tables. Core 3.0: indices, sizes and grow deltas are u64 (a table of address type
// i64 may exceed 2^32 - 1 entries in principle; an i32 table's always fit in u32).
TableAddr table_alloc(Store& store, TableType type, Value init);
TableType table_type(const Store& store, TableAddr t);
Result<Value> table_read(const Store& store, TableAddr t, u64 i);
Result<void> table_write(Store& store, TableAddr t, u64 i, Value r);
u64 table_size(const Store& store, TableAddr t);
Result<void> table_grow(Store& store, TableAddr t, u64 n, Value init);

// §A.1.7 Memories. Core 3.0: addresses, sizes (in pages) and grow deltas are u64 (an i64
// memory's addresses go beyond 2^32).
MemAddr mem_alloc(Store& store, MemType type);
MemType mem_type(const Store& store, MemAddr m);
Result<u8> mem_read(const Store& store, MemAddr m, u64 i);
Result<void> mem_write(Store& store, MemAddr m, u64 i, u8 b);
u64 mem_size(const Store& store, MemAddr m);  // in pages
Result<void> mem_grow(Store& store, MemAddr m, u64 n);

// §A.1.8 Globals
GlobalAddr global_alloc(Store& store, GlobalType type, Value v);
GlobalType global_type(const Store& store, GlobalAddr g);
Value global_read(const Store& store, GlobalAddr g);
Result<void> global_write(Store& store, GlobalAddr g, Value v);

// Core 3.0 appendix embedding.rst "Tags" and "Exceptions". A tag type is a function type with
// no results ([t*] -> []). A host function throws a wasm exception by returning
// Error{Outcome::exception, ..., exn} with an address exn_alloc gave; func_invoke reports an
// uncaught one the same way. exn_alloc fails (exhaustion) at ExecLimits::max_exceptions.
TagAddr tag_alloc(Store& store, FuncType type);
const FuncType& tag_type(const Store& store, TagAddr a);
Result<ExnAddr> exn_alloc(Store& store, TagAddr tag, std::vector<Value> fields);
TagAddr exn_tag(const Store& store, ExnAddr a);
const std::vector<Value>& exn_read(const Store& store, ExnAddr a);
// An Error of Outcome::exception for the exception `a` (what a throwing host function returns).
Error exception_error(ExnAddr a);

}  // namespace embed
}  // namespace wasmref
