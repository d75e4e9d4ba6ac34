// Harness: reading a whole file
#include "harness/files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace wasmref::harness {

bool read_whole_file(const std::string& path, std::string& out) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return false;
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) return false;
  out = std::move(s).str();
  return true;
}

}  // namespace wasmref::harness
