// Harness: the `wasmref` executable (see harness/cli.h)
#include <iostream>
#include <string>
#include <vector>

#include "harness/cli.h"
#include "harness/convert.h"

int main(int argc, char** argv) {
  // A run stopped by Ctrl-C, a kill or a closed pipe (`wasmref wast ... | head`) removes its
  // temporary directories and dies of that signal, quietly (harness/convert.h).
  wasmref::harness::install_temp_dir_cleanup();
  std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  int rc = wasmref::harness::kExitHarness;
  try {
    rc = wasmref::harness::cli_main(args, std::cout, std::cerr);
  } catch (const std::exception& e) {
    std::cerr << "wasmref: internal error: " << e.what() << "\n";
    return wasmref::harness::kExitHarness;
  }
  // Output that could not be written (EPIPE with SIGPIPE blocked by the parent): a quiet
  // failure, not a success.
  std::cout.flush();
  if (!std::cout && rc == wasmref::harness::kExitOk) rc = wasmref::harness::kExitFail;
  return rc;
}
