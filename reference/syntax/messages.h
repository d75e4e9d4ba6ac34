// The testsuite's error texts: the one message table of the reference.
//
// Every error the reference reports starts with one of these strings (details may follow after
// ": "), so that the harness can prefix-match the `text` of an assertion. Grouped by the phase
// that raises them. Add a message here, never as a literal at the raise site.
#pragma once

namespace wasmref::msg {

// --- §5 Binary format: malformed (Outcome::malformed) -------------------------------------
inline constexpr const char* magic_header_not_detected = "magic header not detected";
inline constexpr const char* unknown_binary_version = "unknown binary version";
inline constexpr const char* unexpected_end = "unexpected end";
inline constexpr const char* unexpected_end_of_section_or_function =
    "unexpected end of section or function";
inline constexpr const char* length_out_of_bounds = "length out of bounds";
inline constexpr const char* integer_representation_too_long = "integer representation too long";
inline constexpr const char* integer_too_large = "integer too large";
// Not a spec message: the detail after a malformed message when the bytes belong to a proposal
// outside WebAssembly 3.0 that the reference does not implement ("unsupported: threads ...").
inline constexpr const char* unsupported_feature = "unsupported: ";
inline constexpr const char* malformed_section_id = "malformed section id";
inline constexpr const char* section_size_mismatch = "section size mismatch";
inline constexpr const char* unexpected_content_after_last_section =
    "unexpected content after last section";
inline constexpr const char* junk_after_last_section = "junk after last section";
inline constexpr const char* malformed_utf8_encoding = "malformed UTF-8 encoding";
inline constexpr const char* malformed_import_kind = "malformed import kind";
inline constexpr const char* malformed_export_kind = "malformed export kind";
inline constexpr const char* malformed_mutability = "malformed mutability";
inline constexpr const char* malformed_reference_type = "malformed reference type";
inline constexpr const char* malformed_value_type = "malformed value type";
inline constexpr const char* malformed_heap_type = "malformed heap type";
inline constexpr const char* malformed_cast_flags = "malformed cast flags";
inline constexpr const char* malformed_function_type = "malformed function type";
inline constexpr const char* malformed_element_kind = "malformed element kind";
inline constexpr const char* malformed_limits_flags = "malformed limits flags";
inline constexpr const char* malformed_memop_flags = "malformed memop flags";
inline constexpr const char* malformed_elements_segment_kind = "malformed elements segment kind";
inline constexpr const char* malformed_data_segment_kind = "malformed data segment kind";
inline constexpr const char* function_and_code_section_inconsistent =
    "function and code section have inconsistent lengths";
inline constexpr const char* data_count_and_data_section_inconsistent =
    "data count and data section have inconsistent lengths";
inline constexpr const char* data_count_section_required = "data count section required";
inline constexpr const char* too_many_locals = "too many locals";
inline constexpr const char* illegal_opcode = "illegal opcode";
inline constexpr const char* unknown_operator = "unknown operator";  // text format only
inline constexpr const char* zero_byte_expected = "zero byte expected";
inline constexpr const char* end_opcode_expected = "END opcode expected";
inline constexpr const char* multiple_start_sections = "multiple start sections";
inline constexpr const char* unexpected_token = "unexpected token";  // text format only
inline constexpr const char* invalid_lane_index_malformed = "malformed lane index";

// --- §6 Text format: malformed text (Outcome::malformed), raised by reference/text ----------
inline constexpr const char* unclosed_string = "unclosed string";
inline constexpr const char* unclosed_comment = "unclosed comment";
inline constexpr const char* unclosed_annotation = "unclosed annotation";
inline constexpr const char* illegal_character = "illegal character";
inline constexpr const char* illegal_escape = "illegal escape";
inline constexpr const char* empty_annotation_id = "empty annotation id";
inline constexpr const char* empty_identifier = "empty identifier";
inline constexpr const char* constant_out_of_range = "constant out of range";
inline constexpr const char* i32_constant_out_of_range = "i32 constant out of range";
// The 3.0 suite's wording for a lane index that is not a u8 (the 2.0 suite says
// invalid_lane_index_malformed, "malformed lane index").
inline constexpr const char* i8_constant_out_of_range = "i8 constant out of range";
inline constexpr const char* mismatching_label = "mismatching label";
inline constexpr const char* alignment_power_of_two = "alignment must be a power of two";
inline constexpr const char* wrong_number_of_lane_literals = "wrong number of lane literals";
inline constexpr const char* invalid_lane_length = "invalid lane length";
inline constexpr const char* unknown_tag = "unknown tag";
inline constexpr const char* unknown_field = "unknown field";
inline constexpr const char* inline_function_type = "inline function type";
// Rebinding an identifier: the spec interpreter's words ("duplicate function $f"); the suite's
// texts are their prefixes ("duplicate func", "duplicate local", "duplicate memory").
inline constexpr const char* duplicate_type = "duplicate type";
inline constexpr const char* duplicate_func = "duplicate function";
inline constexpr const char* duplicate_table = "duplicate table";
inline constexpr const char* duplicate_memory = "duplicate memory";
inline constexpr const char* duplicate_global = "duplicate global";
inline constexpr const char* duplicate_tag = "duplicate tag";
inline constexpr const char* duplicate_elem = "duplicate elem segment";
inline constexpr const char* duplicate_data = "duplicate data segment";
inline constexpr const char* duplicate_local = "duplicate local";
inline constexpr const char* duplicate_field = "duplicate field";
// An import after a definition of the same index space (text/modules.rst "Imports").
inline constexpr const char* import_after_function = "import after function";
inline constexpr const char* import_after_table = "import after table";
inline constexpr const char* import_after_memory = "import after memory";
inline constexpr const char* import_after_global = "import after global";
inline constexpr const char* import_after_tag = "import after tag";

// --- §3 Validation: invalid (Outcome::invalid) ---------------------------------------------
inline constexpr const char* type_mismatch = "type mismatch";
// Core 3.0 (typed function references, GC): the spec interpreter's texts.
inline constexpr const char* sub_type = "sub type";
inline constexpr const char* uninitialized_local = "uninitialized local";
inline constexpr const char* immutable_field = "immutable field";
inline constexpr const char* immutable_array = "immutable array";
inline constexpr const char* array_types_mismatch = "array types do not match";
inline constexpr const char* array_not_numeric = "array type is not numeric or vector";
inline constexpr const char* cast_failure = "cast failure";
inline constexpr const char* null_function_reference = "null function reference";
inline constexpr const char* null_structure_reference = "null structure reference";
inline constexpr const char* null_array_reference = "null array reference";
inline constexpr const char* null_i31_reference = "null i31 reference";
inline constexpr const char* null_reference = "null reference";
inline constexpr const char* out_of_bounds_array_access = "out of bounds array access";
inline constexpr const char* unknown_type = "unknown type";
inline constexpr const char* unknown_function = "unknown function";
inline constexpr const char* unknown_table = "unknown table";
inline constexpr const char* unknown_memory = "unknown memory";
inline constexpr const char* unknown_global = "unknown global";
inline constexpr const char* unknown_local = "unknown local";
inline constexpr const char* unknown_label = "unknown label";
inline constexpr const char* unknown_elem_segment = "unknown elem segment";
inline constexpr const char* unknown_data_segment = "unknown data segment";
inline constexpr const char* alignment_too_large = "alignment must not be larger than natural";
inline constexpr const char* constant_expression_required = "constant expression required";
inline constexpr const char* duplicate_export_name = "duplicate export name";
inline constexpr const char* global_is_immutable = "global is immutable";
inline constexpr const char* invalid_result_arity = "invalid result arity";
inline constexpr const char* memory_size_too_large =
    "memory size must be at most 65536 pages (4GiB)";
inline constexpr const char* table_size_too_large =
    "table size must be at most 2^32-1";
// Core 3.0 (memory64): the ranges of 64-bit memories and tables, and memarg offsets.
inline constexpr const char* memory64_size_too_large =
    "memory size must be at most 2^48 pages (16EiB)";
inline constexpr const char* table64_size_too_large = "table size must be at most 2^64-1";
inline constexpr const char* offset_out_of_range = "offset out of range";
inline constexpr const char* multiple_memories = "multiple memories";
inline constexpr const char* multiple_tables = "multiple tables";
inline constexpr const char* size_minimum_greater_than_maximum =
    "size minimum must not be greater than maximum";
inline constexpr const char* start_function = "start function";
inline constexpr const char* undeclared_function_reference = "undeclared function reference";
inline constexpr const char* invalid_lane_index = "invalid lane index";
// Resource limits of the reference itself (appendix "Implementation Limitations"): a module
// that exceeds one is rejected as invalid with this prefix, never by a crash.
inline constexpr const char* implementation_limit = "implementation limit exceeded";

// --- §4.5.4 Instantiation: link errors (Outcome::link_error) ------------------------------
inline constexpr const char* unknown_import = "unknown import";
inline constexpr const char* incompatible_import_type = "incompatible import type";

// --- §4.4 Execution: traps (Outcome::trap) -------------------------------------------------
inline constexpr const char* unreachable = "unreachable";
inline constexpr const char* integer_divide_by_zero = "integer divide by zero";
inline constexpr const char* integer_overflow = "integer overflow";
inline constexpr const char* invalid_conversion_to_integer = "invalid conversion to integer";
inline constexpr const char* out_of_bounds_memory_access = "out of bounds memory access";
inline constexpr const char* out_of_bounds_table_access = "out of bounds table access";
inline constexpr const char* undefined_element = "undefined element";
inline constexpr const char* uninitialized_element = "uninitialized element";
inline constexpr const char* indirect_call_type_mismatch = "indirect call type mismatch";
// Core 3.0 throw_ref of a null exnref (the suite has no assert_trap for it: our wording).
inline constexpr const char* null_exception_reference = "null exception reference";

// --- Resource exhaustion (Outcome::exhaustion) ---------------------------------------------
inline constexpr const char* call_stack_exhausted = "call stack exhausted";
inline constexpr const char* value_stack_exhausted = "call stack exhausted: value stack";
// Our own per-invocation step budget (ARCHITECTURE "Limits"): a runaway loop ends here.
inline constexpr const char* fuel_exhausted = "fuel exhausted";
// Core 3.0: the store's exception instances reached ExecLimits::max_exceptions.
inline constexpr const char* exceptions_exhausted = "exception instances exhausted";

// --- Core 3.0 uncaught exceptions (Outcome::exception) --------------------------------------
inline constexpr const char* uncaught_exception = "uncaught exception";
// Core 3.0 valid/modules.rst Tags: a tag's function type has no results.
inline constexpr const char* non_empty_tag_result = "non-empty tag result type";
// Core 3.0 binary: a try_table clause whose kind byte is not 0x00..0x03 (the spec
// interpreter's text).
inline constexpr const char* malformed_catch_clause = "malformed catch clause";
// legacy-exceptions/valid.rst: rethrow l where C.labels[l] is not a catch label.
inline constexpr const char* invalid_rethrow_label = "invalid rethrow label";

// --- Embedding interface errors (appendix/embedding.rst "error"), no testsuite text -------
inline constexpr const char* grow_failed = "cannot grow beyond the maximum";

// --- JS-API (js-api/index.bs): TypeError / RangeError texts, no testsuite text ------------
inline constexpr const char* js_constructor_requires_new = "constructor requires 'new'";
inline constexpr const char* js_illegal_invocation = "Illegal invocation";  // failed brand check
inline constexpr const char* js_missing_argument = "missing required argument";
inline constexpr const char* js_not_a_dictionary = "argument is not an object";
inline constexpr const char* js_missing_member = "missing required dictionary member";
inline constexpr const char* js_invalid_enum_value = "invalid enum value";
inline constexpr const char* js_enforce_range = "value is not an integer in 0..2^32-1";
inline constexpr const char* js_bigint_out_of_range = "BigInt is not in 0..2^64-1";
inline constexpr const char* js_address_type_unsupported = "address type i64 is not supported (memory64 is off)";
inline constexpr const char* js_v128_not_allowed = "v128 values cannot be used from JS";
inline constexpr const char* js_exnref_not_allowed = "exnref values cannot be used from JS";
inline constexpr const char* js_not_a_reftype = "element type must be a reference type";
inline constexpr const char* js_not_a_function_ref = "value is not an Exported Function or null";
inline constexpr const char* js_immutable_global = "cannot set the value of an immutable global";
inline constexpr const char* js_allocation_failed = "allocation failed";
inline constexpr const char* js_grow_failed = "grow failed";
inline constexpr const char* js_index_out_of_bounds = "index out of bounds";
// Namespace, Module, Instance, Exported Functions (jsapi/namespace.cc, instance.cc, functions.cc).
inline constexpr const char* js_not_a_buffer_source = "argument is not a BufferSource";
inline constexpr const char* js_not_a_module = "argument is not a WebAssembly.Module";
inline constexpr const char* js_imports_missing = "imports argument must be present and must be an object";
inline constexpr const char* js_import_module_not_object = "import module is not an object";
inline constexpr const char* js_import_not_callable = "incompatible import type: the function import is not callable";
inline constexpr const char* js_import_global_type = "incompatible import type: the global import's value has the wrong type";
inline constexpr const char* js_import_not_memory = "incompatible import type: the memory import is not a WebAssembly.Memory";
inline constexpr const char* js_import_not_table = "incompatible import type: the table import is not a WebAssembly.Table";
inline constexpr const char* js_import_not_tag = "incompatible import type: the tag import is not a WebAssembly.Tag";
inline constexpr const char* js_result_count = "host function returned the wrong number of results";
inline constexpr const char* js_duplicate_builtin = "duplicate builtin set name";
inline constexpr const char* js_stack_overflow = "Maximum call stack size exceeded";
// Web-API streaming (jsapi/streaming.cc).
inline constexpr const char* js_not_a_response = "argument is not a Response";
inline constexpr const char* js_response_no_content_type = "Response has no Content-Type header";
inline constexpr const char* js_response_mime_type = "Response MIME type is not 'application/wasm'";
inline constexpr const char* js_response_not_cors_same_origin = "Response is not CORS-same-origin";
inline constexpr const char* js_response_status = "Response status is not an ok status (200-299)";
inline constexpr const char* js_response_body_used = "Response body is already used";
// Tag and Exception (jsapi/tag.cc).
inline constexpr const char* js_not_a_tag = "argument is not a WebAssembly.Tag";
inline constexpr const char* js_exception_with_js_tag = "an Exception cannot be made with WebAssembly.JSTag";
inline constexpr const char* js_payload_length = "payload length does not match the tag's parameters";
inline constexpr const char* js_exception_tag_mismatch = "the exception does not have this tag";

// --- Broken invariants of the reference itself (Outcome::crash): never expected -----------
inline constexpr const char* internal_error = "internal error";
inline constexpr const char* module_not_validated = "internal error: module not validated";

}  // namespace wasmref::msg
