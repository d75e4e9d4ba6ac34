// Harness: a tolerant reader for the JSON that wast2json 1.0.32 writes (notes-harness §1.1, §1.6,
// §1.7)
//
// Why not nlohmann's parser: wast2json copies string bytes raw (names may be any bytes, and a
// strict parser rejects invalid UTF-8), and for multi-result exports it writes `}{` with no
// comma inside `expected` lists (the 1.0.32 comma bug). This reader keeps strings as byte
// strings and accepts a missing comma between two objects of an array; everything else is
// plain RFC 8259. The result is an nlohmann::json so the rest of the harness has one model.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace wasmref::harness {

struct JsonParse {
  std::optional<nlohmann::json> value;  // set on success
  std::string error;                    // one line, with the byte offset, on failure
};

// Nesting deeper than this is rejected (no recursion controlled by input beyond it).
inline constexpr int kMaxJsonDepth = 200;

JsonParse parse_json_tolerant(std::string_view text);

// Serialise for reports: strings with bytes that are not UTF-8 are written with U+FFFD in
// their place (JSON cannot carry them); everything else exactly.
std::string dump_json(const nlohmann::json& j);

}  // namespace wasmref::harness
