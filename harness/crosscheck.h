// Harness: the two front ends checked against each other (`wasmref crosscheck`)
//
// Every .wast of the 2022 suite is read twice: converted by wast2json (WABT 1.0.32) and read by
// the native text reader. Both give the same list of commands; for every command for which both
// produce a binary module, the two binaries must be the same module: equal bytes once section
// and body size LEBs are normalised, or else equal after decoding both with the reference's
// decoder (encodings may legitimately differ, e.g. in an element segment's flags). A module
// on which they disagree is listed in a baseline with its reason (a known wast2json bug, a
// syntax 1.0.32 reads differently); a new disagreement, or a listed one that is gone, fails.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "syntax/module.h"

namespace wasmref::harness {

// The module with every section size and function body size re-encoded as a minimal LEB; the
// bytes unchanged when they do not have the shape of a module.
std::string normalise_size_lebs(const std::string& bytes);

// A canonical text of everything a decoded module holds (types, imports, functions with their
// instructions and immediates, tables, memories, globals, segments, start, exports, custom
// sections), so that two decodings can be compared. Side data is not included.
std::string module_fingerprint(const Module& m);

int crosscheck_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace wasmref::harness
