// Core 3.0 §6 Text format (text/index.rst): a text module in, its binary encoding out
//
// The text reader turns a module written in the text format into the binary format, as
// wast2json does, so that every engine receives the same bytes and the decoder stays the one
// door from bytes to abstract syntax. It encodes the whole 3.0 instruction set and type
// syntax (plus atomics and the legacy exception instructions) whether or not the interpreter
// executes them; what a profile's feature set does not allow is malformed, as in an engine
// of that profile ("unknown operator" for an instruction of a feature that is off).
//
// Encoding choices follow the spec's reference interpreter, so that modules can be compared
// byte for byte (after normalising section and body size LEBs) with
// wasm-testsuite-3.0-bin: minimal LEBs, no name section, implicit function types appended
// after the explicit ones, the data count section emitted as that interpreter does.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "syntax/features.h"
#include "text/lexer.h"

namespace wasmref::text {

// A text-format error: one of the suite's malformed texts ("unexpected token", "unknown
// operator", "constant out of range", "unknown label", "inline function type", ...), where
// details may follow after ": ", and the byte offset in the source where it was found.
struct TextError {
  std::string message;
  size_t offset = 0;
};

struct WatResult {
  bool ok = false;
  std::string bytes;             // the binary module (ok)
  std::optional<std::string> id;  // `$id` of `(module $id ...)`, without the `$`
  TextError error;               // !ok
};

// A whole source holding one module: `(module $id? modulefield*)`, or the module fields alone
// (§6.6.14: a module may be written as its fields). Nothing but white space may follow.
WatResult wat_to_binary(std::string_view source, const Features& features);

// For the script reader: `modulefield*` at the lexer's position, up to (not consuming) the `)`
// that closes the enclosing `(module ...)`. Error offsets are offsets into lexer.source().
WatResult parse_module_fields(Lexer& lexer, const Features& features);

// "PATH:LINE:COL: message" style location of an error in `source`.
std::string describe(const TextError& e, std::string_view source, std::string_view path);

}  // namespace wasmref::text
