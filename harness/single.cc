// Harness: single-module commands, `wasmref validate` and `wasmref run` (what `wasm-validate`
// and `wasm-interp --run-export` give WABT's users, and `wasm -e` the spec interpreter's)
//
// A module file is binary when it starts with the magic `\0asm`, else it is read as text (the
// whole file one module, core 3.0 §6). The text reader reads the WebAssembly 3.0 syntax; the
// module is then decoded, validated and run with the features the reference implements (a
// module using a feature it does not implement yet is rejected as the decoder or validator
// finds it, with that message).
#include <iostream>

#include "embed/embed.h"
#include "harness/cli.h"
#include "harness/files.h"
#include "harness/wast_text.h"
#include "host/spectest.h"
#include "runtime/store.h"
#include "text/wat.h"

namespace wasmref::harness {

namespace {

constexpr const char* kValidateUsage =
    "usage: wasmref validate FILE.wasm|FILE.wat\n"
    "  Reads the module (binary, or text when it does not start with \\0asm), decodes and\n"
    "  validates it with what the reference implements (2.0; of 3.0 multiple and 64-bit\n"
    "  memories, tail calls, extended constants, relaxed SIMD, exception handling, and the\n"
    "  legacy exception instructions). Prints 'FILE: valid' and exits 0, or prints the\n"
    "  malformed/invalid message ('FILE:LINE:COL: malformed: ...' for text) and exits 1;\n"
    "  2 when the file cannot be read.\n"
    "options:\n"
    "  -h, --help   this text\n";
constexpr const char* kRunUsage =
    "usage: wasmref run FILE.wasm|FILE.wat --invoke NAME [ARG...] [--fuel N]\n"
    "  Instantiates the module (imports from the testsuite's `spectest` module only) and\n"
    "  invokes the export NAME with the arguments, written as script constants: i32.const 5,\n"
    "  f32.const nan:0x200000, v128.const i32x4 1 2 3 4, ref.null extern, ref.extern 1 (each\n"
    "  in parentheses or not). Prints one result per line as a constant and exits 0; a trap,\n"
    "  an exhaustion or an error in the module prints its message and exits 1; usage errors\n"
    "  and unreadable files exit 2.\n"
    "options:\n"
    "  --invoke NAME   the export to call (required)\n"
    "  --fuel N        stop a run after N instructions (default: 1000000000)\n"
    "  -h, --help      this text\n";

Features text_features() {
  Features f;
  f.exceptions = f.tail_call = f.memory64 = f.multi_memory = f.extended_const = true;
  f.relaxed_simd = f.function_references = f.gc = true;
  return f;
}

// What `validate` and `run` decode, validate and run with: every feature the reference
// executes (the 3.0 profiles' engine features, spec-tests/profiles.json, plus the legacy
// exception instructions, which engines still ship): all of WebAssembly 3.0.
Features engine_features() {
  Features f = text_features();
  f.legacy_exceptions = true;
  return f;
}

// The module of `path`, decoded and validated; on failure the message (with its outcome) is
// in `error` and the return is null.
std::shared_ptr<Module> load_module(const std::string& path, std::string& error, int& code) {
  std::string bytes;
  if (!read_whole_file(path, bytes)) {
    error = path + ": cannot read the file";
    code = kExitHarness;
    return nullptr;
  }
  code = kExitFail;
  if (bytes.rfind(std::string("\0asm", 4), 0) != 0) {
    text::WatResult r = text::wat_to_binary(bytes, text_features());
    if (!r.ok) {
      error = text::describe(r.error, bytes, path) ;
      const size_t colon = error.rfind(": " + r.error.message);
      if (colon != std::string::npos) error.insert(colon + 2, "malformed: ");
      return nullptr;
    }
    bytes = std::move(r.bytes);
  }
  const std::span<const u8> span(reinterpret_cast<const u8*>(bytes.data()), bytes.size());
  Result<std::shared_ptr<Module>> m = embed::module_decode(span, engine_features());
  if (!m) {
    error = path + ": " + to_string(m.error().outcome) + ": " + m.error().message;
    return nullptr;
  }
  Result<void> v = embed::module_validate(**m, engine_features());
  if (!v) {
    error = path + ": " + to_string(v.error().outcome) + ": " + v.error().message;
    return nullptr;
  }
  return *m;
}

}  // namespace

int validate_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.size() == 1 && (args[0] == "-h" || args[0] == "--help")) {
    out << kValidateUsage;
    return kExitOk;
  }
  if (args.size() != 1 || args[0].rfind("--", 0) == 0) {
    err << kValidateUsage;
    return kExitHarness;
  }
  std::string error;
  int code = 0;
  if (!load_module(args[0], error, code)) {
    (code == kExitHarness ? err : out) << (code == kExitHarness ? "wasmref: " : "") << error
                                       << "\n";
    return code;
  }
  out << args[0] << ": valid\n";
  return kExitOk;
}

int run_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string file, name, arg_text;
  bool have_invoke = false;
  u64 fuel = 1'000'000'000;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      out << kRunUsage;
      return kExitOk;
    } else if (a == "--invoke" && i + 1 < args.size() && !have_invoke) {
      name = args[++i];
      have_invoke = true;
    } else if (a == "--fuel" && i + 1 < args.size()) {
      try {
        size_t used = 0;
        fuel = std::stoull(args[++i], &used);
        if (used != args[i].size() || fuel == 0) throw std::invalid_argument("fuel");
      } catch (const std::exception&) {
        err << "wasmref run: --fuel needs a positive number, got '" << args[i] << "'\n";
        return kExitHarness;
      }
    } else if (a.rfind("--", 0) == 0) {
      err << "wasmref run: unknown option '" << a << "' (or missing value)\n" << kRunUsage;
      return kExitHarness;
    } else if (file.empty()) {
      file = a;
    } else if (have_invoke) {
      arg_text += a + " ";
    } else {
      err << "wasmref run: arguments come after --invoke NAME\n" << kRunUsage;
      return kExitHarness;
    }
  }
  if (file.empty() || !have_invoke) {
    err << kRunUsage;
    return kExitHarness;
  }
  std::string error;
  std::optional<std::vector<Value>> call_args = parse_constants(arg_text, error);
  if (!call_args) {
    err << "wasmref run: arguments: " << error << "\n";
    return kExitHarness;
  }
  int code = 0;
  std::shared_ptr<Module> module = load_module(file, error, code);
  if (!module) {
    (code == kExitHarness ? err : out) << (code == kExitHarness ? "wasmref: " : "") << error
                                       << "\n";
    return code;
  }

  ExecLimits limits;
  limits.fuel = fuel;
  std::unique_ptr<Store> store = embed::store_init(limits);
  const std::vector<std::pair<std::string, ExternVal>> spectest = host::spectest_instance(*store);
  std::vector<ExternVal> imports;
  for (const embed::ImportDesc& imp : embed::module_imports(*module)) {
    const ExternVal* found = nullptr;
    if (imp.module == "spectest")
      for (const auto& [n, v] : spectest)
        if (n == imp.name) found = &v;
    if (!found) {
      out << file << ": link_error: unknown import \"" << imp.module << "\" \"" << imp.name
          << "\" (only the spectest module is available)\n";
      return kExitFail;
    }
    imports.push_back(*found);
  }
  Result<ModuleAddr> inst = embed::module_instantiate(*store, module, imports);
  if (!inst) {
    out << file << ": " << to_string(inst.error().outcome) << ": " << inst.error().message << "\n";
    return kExitFail;
  }
  std::optional<ExternVal> ex = embed::instance_export(*store, *inst, name);
  if (!ex || ex->kind != ExternKind::func) {
    out << file << ": no exported function \"" << name << "\"\n";
    return kExitFail;
  }
  Result<std::vector<Value>> results =
      embed::func_invoke(*store, FuncAddr{ex->addr}, *call_args);
  if (!results) {
    out << file << ": " << to_string(results.error().outcome) << ": "
        << results.error().message << "\n";
    return kExitFail;
  }
  for (const Value& v : *results) out << format_value(v) << "\n";
  return kExitOk;
}

}  // namespace wasmref::harness
