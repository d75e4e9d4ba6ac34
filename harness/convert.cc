// Harness: converting a .wast with wast2json 1.0.32 (notes-harness §1.1, §1.9, §5.7)
#include "harness/convert.h"
#include "harness/process.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>


namespace wasmref::harness {
namespace fs = std::filesystem;

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base && *base ? base : "/tmp") + "/wasmref-XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (::mkdtemp(buf.data())) path_ = buf.data();
}

TempDir::~TempDir() {
  if (path_.empty()) return;
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::optional<std::string> find_executable(const std::string& name) {
  if (name.empty()) return std::nullopt;
  auto executable = [](const std::string& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(p.c_str(), X_OK) == 0;
  };
  if (name.find('/') != std::string::npos) {
    if (executable(name)) return name;
    return std::nullopt;
  }
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    const std::string dir = dirs.substr(start, end - start);
    const std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (executable(candidate)) return candidate;
    start = end + 1;
  }
  return std::nullopt;
}

namespace {

std::string read_head(const std::string& path, size_t max_lines) {
  std::ifstream in(path, std::ios::binary);
  std::string line, out;
  for (size_t n = 0; n < max_lines && std::getline(in, line); ++n) {
    if (!out.empty()) out += '\n';
    out += line;
  }
  return out;
}

}  // namespace

Conversion convert_wast(const std::string& tool, const std::vector<std::string>& flags,
                        const std::string& wast_path, const std::string& out_dir) {
  Conversion c;
  const std::string stem = fs::path(wast_path).stem().string();
  c.json_path = out_dir + "/" + stem + ".json";
  std::vector<std::string> args{tool};
  args.insert(args.end(), flags.begin(), flags.end());
  args.push_back(wast_path);
  args.push_back("-o");
  args.push_back(c.json_path);
  const std::string err_file = out_dir + "/wast2json.stderr";
  const ProcessResult s = run_process(args, "/dev/null", err_file);
  if (!s.started) {
    c.status = Conversion::Status::spawn_failed;
    c.stderr_head = "cannot run " + tool;
    return c;
  }
  c.stderr_head = read_head(err_file, 5);
  if (WIFSIGNALED(s.status)) {
    c.status = Conversion::Status::crashed;
    c.signal = WTERMSIG(s.status);
  } else if (!WIFEXITED(s.status) || WEXITSTATUS(s.status) != 0) {
    c.status = Conversion::Status::failed;
    c.exit_code = WIFEXITED(s.status) ? WEXITSTATUS(s.status) : -1;
  } else {
    c.status = Conversion::Status::ok;
  }
  return c;
}

std::string tool_version(const std::string& tool) {
  TempDir dir;
  if (!dir.ok()) return "";
  const std::string out = dir.path() + "/version";
  const ProcessResult s = run_process({tool, "--version"}, out, "/dev/null");
  if (!s.started || !WIFEXITED(s.status) || WEXITSTATUS(s.status) != 0) return "";
  std::string v = read_head(out, 1);
  while (!v.empty() && (v.back() == '\r' || v.back() == ' ')) v.pop_back();
  return v;
}

}  // namespace wasmref::harness
