// JS-API §webassembly-namespace, §modules, §instances, §exported-function-exotic-objects
// (js-api/index.bs): the algorithms the namespace operations share with each other and with
// web-api streaming ("asynchronously compile", "instantiate a promise of a module", ...).
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "jsapi/agent.h"
#include "jsapi/host.h"
#include "runtime/value.h"
#include "syntax/module.h"
#include "syntax/result.h"

namespace wasmref::jsapi {

// WebIDL dictionary WebAssemblyCompileOptions { USVString? importedStringConstants;
// sequence<USVString> builtins; }.
struct CompileOptions {
  std::vector<std::u16string> builtins;
  std::optional<std::u16string> imported_string_constants;
};
// The WebIDL conversion of the optional `options` argument at `index` (missing, undefined or
// null: the empty dictionary; another primitive: TypeError; members read in lexicographic
// order, each converted right after it is read).
Completion<CompileOptions> convert_compile_options(JsHost& host, const CallArgs& call,
                                                   size_t index);
// "get a copy of the buffer source" of argument `index`: TypeError when it is missing or not
// a BufferSource.
Completion<std::vector<u8>> copy_buffer_source_argument(JsHost& host, const CallArgs& call,
                                                        size_t index);
// The WebIDL conversion of `optional object importObject` at `index`: missing or undefined
// gives undefined; another non-object (null included) is a TypeError.
Completion<JsValue> convert_import_object(JsHost& host, const CallArgs& call, size_t index);

// "compile a WebAssembly module": module_decode then module_validate, with the embedder's
// implementation limits (§limits) checked first on the bytes (check_byte_limits: no decoding,
// so an oversized body is rejected in time and memory bounded by its headers, not its size),
// then on the decoded module. Every failure is a CompileError.
Result<std::shared_ptr<Module>> compile_a_webassembly_module(const EmbedderLimits& limits,
                                                             std::span<const u8> bytes,
                                                             const Features& features = {});
// §limits, compile-time half (limits.cc): `bytes` (the whole binary) and the decoded `module`
// against `limits`; an excess is Outcome::invalid "implementation limit exceeded: ...".
Result<void> check_module_size(const EmbedderLimits& limits, std::span<const u8> bytes);
// The limits the bytes tell without decoding (module size, the counts at the head of the
// sections, function body sizes, declared locals per body): a pass over the section headers
// and the code section's entry headers, no allocation. No verdict (ok) when the section
// framing is malformed: the decoder then says how.
Result<void> check_byte_limits(const EmbedderLimits& limits, std::span<const u8> bytes);
// The limits that need the decoded module (imported tables and memories, element entries,
// params and results, locals with parameters).
Result<void> check_decoded_limits(const EmbedderLimits& limits, const Module& module);
// Both, bytes first.
Result<void> check_embedder_limits(const EmbedderLimits& limits, const Module& module,
                                   std::span<const u8> bytes);
// §limits, runtime half at instantiation: a defined table or memory whose initial size is over
// the cap cannot be allocated (RangeError: notes §1.15, decision 3).
Completion<void> check_instantiation_limits(Agent& agent, const Module& module);
// "validate builtins and imported string for a WebAssembly module". wasmref knows no builtin
// set (js-string needs GC types), so only the set names are checked (duplicates fail) and
// unknown set names are ignored, as the spec says.
bool validate_builtins_and_imported_strings(const Module& module, const CompileOptions& options);

// "construct a WebAssembly module object".
JsValue construct_a_module_object(Agent& agent, std::shared_ptr<const Module> module,
                                  std::vector<u8> bytes);
// "asynchronously compile a WebAssembly module": a promise settled in a queued task.
JsValue asynchronously_compile(Agent& agent, std::vector<u8> bytes, CompileOptions options);

// "read the imports" (TypeError / LinkError as the spec says, user getters run here).
Completion<std::vector<ExternVal>> read_the_imports(Agent& agent, const Module& module,
                                                    JsValue import_object);
// "instantiate the core of a WebAssembly module": LinkError, RuntimeError, RangeError, or, for
// an exception the start function did not catch, what throw_a_webassembly_exception throws
// (the JS value a host function threw, or a WebAssembly.Exception).
Completion<ModuleAddr> instantiate_the_core(Agent& agent, std::shared_ptr<const Module> module,
                                            std::span<const ExternVal> imports);
// "create an exports object" and "initialize an instance object" (a new Instance).
JsValue create_an_exports_object(Agent& agent, const Module& module, ModuleAddr instance);
JsValue new_instance_object(Agent& agent, const Module& module, ModuleAddr instance);
// "asynchronously instantiate a WebAssembly module" (imports read synchronously).
JsValue asynchronously_instantiate(Agent& agent, JsValue module_object, JsValue import_object);
// "instantiate a promise of a module": resolves with {module, instance}.
JsValue instantiate_a_promise_of_a_module(Agent& agent, JsValue promise_of_module,
                                          JsValue import_object);

// "create a host function" from a callable JS value and a function type (closed), which is
// the defined type `deftype` (its canonical id: valid/matching.h).
FuncAddr create_a_host_function(Agent& agent, JsValue func, const FuncType& type, u32 deftype);
// "call an Exported Function".
Completion<JsValue> call_an_exported_function(Agent& agent, FuncAddr funcaddr,
                                              std::span<const JsValue> args);
// "call an Exported Function" step 11 for an uncaught wasm exception exnaddr: the JS value of
// its payload when its tag is the JavaScript exception tag, else its Exception object.
Thrown throw_a_webassembly_exception(Agent& agent, ExnAddr exnaddr);
// JS -> wasm entries active at once (nested through host functions) before a call throws the
// host's stack-overflow error: each entry costs native stack (a machine, a host call), so
// this bounds the native recursion that JS <-> wasm ping-pong can cause.
inline constexpr u32 kMaxNestedWasmEntries = 200;

// throw_error with a message of syntax/messages.h and optional details after ": ".
Thrown throw_message(JsHost& host, ErrorKind kind, const char* message,
                     std::string_view detail = {});

// Names are UTF-8 in wasm (valid: the decoder checked) and UTF-16 in JS.
std::u16string utf8_to_utf16(std::string_view s);
// "the string value of the extern type".
std::u16string_view extern_kind_string(ExternKind k);

}  // namespace wasmref::jsapi
