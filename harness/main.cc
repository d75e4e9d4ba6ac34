// Harness: the `wasmref` executable (see harness/cli.h)
#include <iostream>
#include <string>
#include <vector>

#include "harness/cli.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  try {
    return wasmref::harness::cli_main(args, std::cout, std::cerr);
  } catch (const std::exception& e) {
    std::cerr << "wasmref: internal error: " << e.what() << "\n";
    return wasmref::harness::kExitHarness;
  }
}
