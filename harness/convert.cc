// Harness: converting a .wast with wast2json 1.0.32 (notes-harness §1.1, §1.9, §5.7)
#include "harness/convert.h"
#include "harness/process.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>


namespace wasmref::harness {
namespace fs = std::filesystem;

// --- Live temporary directories, for the signal handler ------------------------------------
// A fixed table (no allocation in the handler): a slot is claimed by storing its path and then
// setting `used`; the handler reads only slots whose `used` is set. A run has at most a few
// TempDirs at once (a file's conversion, a protocol engine's stderr, a version probe).
namespace {

constexpr size_t kTempSlots = 16;
constexpr size_t kTempPathMax = 1024;
struct TempSlot {
  std::atomic<bool> used{false};
  char path[kTempPathMax] = {};
};
TempSlot g_temp_slots[kTempSlots];

int claim_temp_slot(const std::string& path) {
  if (path.size() >= kTempPathMax) return -1;
  for (size_t i = 0; i < kTempSlots; ++i) {
    TempSlot& s = g_temp_slots[i];
    if (s.used.load()) continue;
    std::memcpy(s.path, path.c_str(), path.size() + 1);
    s.used.store(true);
    return static_cast<int>(i);
  }
  return -1;  // not covered by the handler; still removed by the destructor
}

// Removes the files directly in `dir` and then `dir`, with system calls only (opendir and
// readdir are not on POSIX's async-signal-safe list, but glibc's need no lock we could hold
// here: safe enough for a process that is about to die).
void remove_flat_dir(const char* dir) {
  const int fd = ::open(dir, O_RDONLY | O_DIRECTORY);
  if (fd >= 0) {
    if (DIR* d = ::fdopendir(fd)) {
      while (const dirent* e = ::readdir(d)) {
        if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0) continue;
        ::unlinkat(fd, e->d_name, 0);
      }
      ::closedir(d);
    } else {
      ::close(fd);
    }
  }
  ::rmdir(dir);
}

extern "C" void remove_temp_dirs_and_die(int sig) {
  for (TempSlot& s : g_temp_slots)
    if (s.used.load()) remove_flat_dir(s.path);
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

}  // namespace

void install_temp_dir_cleanup() {
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) {
    // A signal the parent ignores (nohup, a background job's SIGINT) stays ignored; SIGPIPE
    // is taken anyway: a closed stdout ends the run.
    struct sigaction old {};
    if (sig != SIGPIPE && ::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN)
      continue;
    struct sigaction sa {};
    sa.sa_handler = remove_temp_dirs_and_die;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;
    ::sigaction(sig, &sa, nullptr);
  }
}

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base && *base ? base : "/tmp") + "/wasmref-XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (::mkdtemp(buf.data())) path_ = buf.data();
  if (!path_.empty()) slot_ = claim_temp_slot(path_);
}

TempDir::~TempDir() {
  if (path_.empty()) return;
  if (slot_ >= 0) g_temp_slots[slot_].used.store(false);
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
