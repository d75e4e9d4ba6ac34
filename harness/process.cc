// Harness: running an external tool with its output in files (process.h)
#include "harness/process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <thread>

extern char** environ;

namespace wasmref::harness {

ProcessResult run_process(const std::vector<std::string>& args, const std::string& out_file,
                          const std::string& err_file, double timeout_s) {
  ProcessResult r;
  if (args.empty()) return r;
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  if (posix_spawn_file_actions_init(&fa) != 0) return r;
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return r;

  int status = 0;
  if (timeout_s <= 0) {
    while (::waitpid(pid, &status, 0) < 0) {
      if (errno != EINTR) return r;
    }
  } else {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
    for (;;) {
      const pid_t w = ::waitpid(pid, &status, WNOHANG);
      if (w == pid) break;
      if (w < 0 && errno != EINTR) return r;
      if (!r.timed_out && std::chrono::steady_clock::now() >= deadline) {
        ::kill(pid, SIGKILL);  // our own child, by its id
        r.timed_out = true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }
  r.started = true;
  r.status = status;
  return r;
}

}  // namespace wasmref::harness
