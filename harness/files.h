// Harness: reading a whole file (scripts, modules, tables)
#pragma once

#include <string>

namespace wasmref::harness {

// The file's bytes into `out`; false when it cannot be opened or read (a directory included).
bool read_whole_file(const std::string& path, std::string& out);

}  // namespace wasmref::harness
