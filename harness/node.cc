// Harness: the node (V8) engine adapter (notes-harness §5.4 item 4)
#include "harness/node.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

#include "embed/embed.h"
#include "harness/judge.h"
#include "harness/wrapper.h"
#include "text/wat.h"

extern char** environ;

namespace wasmref::harness {

namespace {

// --- Running a child process under a deadline ----------------------------------------------

struct ProcessRun {
  bool started = false;
  std::string start_error;
  std::string out;
  std::string err;  // the first kErrCap bytes of stderr
  bool timed_out = false;
  int exit_code = -1;  // when it exited
  int signal = 0;      // when a signal ended it
};

constexpr size_t kErrCap = 64 * 1024;

// Runs argv (argv[0] looked up in PATH) with stdin from /dev/null, collecting stdout and the
// start of stderr; kills it (SIGKILL, this pid only) when the deadline passes.
ProcessRun run_process(const std::vector<std::string>& argv, double deadline_s) {
  ProcessRun run;
  int out_pipe[2] = {-1, -1};
  int err_pipe[2] = {-1, -1};
  if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) {
    run.start_error = std::string("pipe: ") + std::strerror(errno);
    for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]})
      if (fd >= 0) close(fd);
    return run;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (rc != 0) {
    run.start_error = "cannot run " + argv[0] + ": " + std::strerror(rc);
    close(out_pipe[0]);
    close(err_pipe[0]);
    return run;
  }
  run.started = true;

  using Clock = std::chrono::steady_clock;
  const auto deadline =
      Clock::now() + std::chrono::milliseconds(static_cast<long long>(deadline_s * 1000));
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  char buf[65536];
  while (open_fds > 0) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      run.timed_out = true;
      kill(pid, SIGKILL);
      break;
    }
    const int n = poll(fds, 2, static_cast<int>(left > 1000000 ? 1000000 : left));
    if (n < 0) {
      if (errno == EINTR) continue;
      kill(pid, SIGKILL);
      run.start_error = std::string("poll: ") + std::strerror(errno);
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      const ssize_t got = read(fds[i].fd, buf, sizeof buf);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
        continue;
      }
      if (i == 0) {
        run.out.append(buf, static_cast<size_t>(got));
      } else if (run.err.size() < kErrCap) {
        run.err.append(buf, std::min(static_cast<size_t>(got), kErrCap - run.err.size()));
      }
    }
  }
  for (const pollfd& p : fds)
    if (p.fd >= 0) close(p.fd);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) run.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) run.signal = WTERMSIG(status);
  return run;
}

// --- Encodings -----------------------------------------------------------------------------

std::string base64(const std::vector<u8>& bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (size_t i = 0; i < bytes.size(); i += 3) {
    const u32 b0 = bytes[i];
    const u32 b1 = i + 1 < bytes.size() ? bytes[i + 1] : 0;
    const u32 b2 = i + 2 < bytes.size() ? bytes[i + 2] : 0;
    const u32 n = (b0 << 16) | (b1 << 8) | b2;
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=');
    out.push_back(i + 2 < bytes.size() ? kAlphabet[n & 63] : '=');
  }
  return out;
}

// A script value in the wast2json encoding (unsigned decimal bits), for the driver.
nlohmann::json wast_json(const WastValue& v) {
  nlohmann::json j;
  j["type"] = to_string(v.type);
  if (v.type == ValType::v128) {
    j["lane_type"] = to_string(v.lane_type);
    nlohmann::json lanes = nlohmann::json::array();
    for (const Lane& l : v.lanes) lanes.push_back(std::to_string(l.bits));
    j["value"] = lanes;
  } else if (is_ref(v.type) && v.kind == PatKind::null_ref) {
    j["value"] = "null";
  } else {
    j["value"] = std::to_string(v.bits);
  }
  return j;
}

// A result type for the driver: {"type"} and, for v128, the lane shape to report it in.
nlohmann::json result_json(ValType t, LaneType shape) {
  nlohmann::json j;
  j["type"] = to_string(t);
  if (t == ValType::v128) j["lane_type"] = to_string(shape);
  return j;
}

std::vector<u8> read_file(const std::string& path, bool& ok) {
  std::ifstream in(path, std::ios::binary);
  ok = static_cast<bool>(in);
  if (!ok) return {};
  return std::vector<u8>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string first_lines(const std::string& text, size_t max_lines) {
  std::string out;
  size_t lines = 0, pos = 0;
  while (pos < text.size() && lines < max_lines) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    if (end > pos) {
      if (!out.empty()) out += " | ";
      out.append(text, pos, end - pos);
      ++lines;
    }
    pos = end + 1;
  }
  return out;
}

Reply reply_from_json(const nlohmann::json& j) {
  Reply r;
  auto str = [&](const char* key) -> std::string {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  r.outcome = str("outcome");
  if (r.outcome.empty()) r.outcome = "error";
  r.message = str("message");
  if (auto it = j.find("js_class"); it != j.end() && it->is_string())
    r.js_class = it->get<std::string>();
  if (auto it = j.find("values"); it != j.end()) r.values = *it;
  r.path = str("path");
  r.path_reason = str("path_reason");
  r.reason = str("reason");
  if (auto it = j.find("handle"); it != j.end() && it->is_number_unsigned())
    r.handle = it->get<u32>();
  return r;
}

// --- Export types without the reference: a signature-only reading ----------------------------
//
// Note (deviation): when the reference rejects a module that V8 may accept (a proposal the
// reference does not implement: memory64, relaxed-simd opcodes, ...), the export types are
// read from the type, import, function, global and export sections alone (binary/modules.rst
// §5.5.4-5.5.10), skipping every other section by its size, so an unknown instruction in the
// code cannot hide a signature. Anything this reading does not know gives up (nullopt).

class SectionReader {
 public:
  SectionReader(const u8* p, size_t n) : p_(p), n_(n) {}
  bool ok() const { return ok_; }
  bool done() const { return pos_ >= n_; }
  size_t pos() const { return pos_; }
  u8 byte() {
    if (!ok_ || pos_ >= n_) return fail();
    return p_[pos_++];
  }
  // §5.2.2 unsigned LEB128 (at most 10 bytes; the value is cut to 64 bits).
  u64 uleb() {
    u64 v = 0;
    for (unsigned shift = 0; shift < 70; shift += 7) {
      const u8 b = byte();
      if (!ok_) return 0;
      if (shift < 64) v |= u64{static_cast<u8>(b & 0x7F)} << shift;
      if ((b & 0x80) == 0) return v;
    }
    fail();
    return 0;
  }
  u32 u32_() {
    const u64 v = uleb();
    if (v > 0xFFFFFFFFu) fail();
    return static_cast<u32>(v);
  }
  void skip(u64 n) {
    if (!ok_ || n > n_ - pos_) {
      fail();
      return;
    }
    pos_ += static_cast<size_t>(n);
  }
  void skip_name() { skip(u32_()); }
  u8 fail() {
    ok_ = false;
    return 0;
  }

 private:
  const u8* p_;
  size_t n_;
  size_t pos_ = 0;
  bool ok_ = true;
};

std::optional<ValType> valtype_of(u8 b) {
  switch (b) {
    case 0x7F: return ValType::i32;
    case 0x7E: return ValType::i64;
    case 0x7D: return ValType::f32;
    case 0x7C: return ValType::f64;
    case 0x7B: return ValType::v128;
    case 0x70: return ValType::funcref;
    case 0x6F: return ValType::externref;
    default: return std::nullopt;
  }
}

// §5.3.7 limits, with the flags of threads (shared, bit 1) and memory64 (64-bit, bit 2).
void skip_limits(SectionReader& r) {
  const u8 flags = r.byte();
  if (flags > 0x07) r.fail();
  r.uleb();
  if (flags & 0x01) r.uleb();
}

// §5.4.9 constant expressions (with extended-const arithmetic): up to the final `end`.
void skip_const_expr(SectionReader& r) {
  for (size_t steps = 0; r.ok(); ++steps) {
    const u8 op = r.byte();
    switch (op) {
      case 0x0B: return;                                      // end
      case 0x41: case 0x42: case 0x23: case 0xD2: r.uleb(); break;  // i32/i64.const, global.get, ref.func
      case 0x43: r.skip(4); break;                            // f32.const
      case 0x44: r.skip(8); break;                            // f64.const
      case 0xD0: r.byte(); break;                             // ref.null t
      case 0x6A: case 0x6B: case 0x6C: case 0x7C: case 0x7D: case 0x7E: break;  // extended-const
      case 0xFD:                                              // v128.const
        if (r.u32_() != 12) r.fail();
        r.skip(16);
        break;
      default: r.fail();
    }
  }
}

}  // namespace

std::optional<std::map<std::string, ExternType>> export_types_by_sections(
    std::span<const u8> bytes) {
  if (bytes.size() < 8) return std::nullopt;
  SectionReader r(bytes.data() + 8, bytes.size() - 8);
  std::vector<FuncType> types;
  std::vector<u32> funcs;          // typeidx per funcidx (imports first)
  std::vector<GlobalType> globals;  // per globalidx (imports first)
  std::map<std::string, ExternType> exports;
  auto globaltype = [&](SectionReader& s) {
    const std::optional<ValType> t = valtype_of(s.byte());
    const u8 mut = s.byte();
    if (!t || mut > 1) s.fail();
    return GlobalType{mut ? Mut::var : Mut::const_, t.value_or(ValType::i32)};
  };
  while (!r.done() && r.ok()) {
    const u8 id = r.byte();
    const u32 size = r.u32_();
    const size_t start = r.pos();
    if (id != 1 && id != 2 && id != 3 && id != 6 && id != 7) {
      r.skip(size);
      if (id == 10) break;  // the code: nothing after it names a signature
      continue;
    }
    const u32 count = r.u32_();
    for (u32 i = 0; i < count && r.ok(); ++i) {
      switch (id) {
        case 1: {  // type section: only function types (0x60)
          if (r.byte() != 0x60) return std::nullopt;
          FuncType ft;
          for (ResultType* rt : {&ft.params, &ft.results}) {
            const u32 n = r.u32_();
            for (u32 k = 0; k < n && r.ok(); ++k) {
              const std::optional<ValType> t = valtype_of(r.byte());
              if (!t) return std::nullopt;
              rt->push_back(*t);
            }
          }
          types.push_back(std::move(ft));
          break;
        }
        case 2: {  // import section
          r.skip_name();
          r.skip_name();
          switch (r.byte()) {
            case 0x00: funcs.push_back(r.u32_()); break;
            case 0x01:
              if (!valtype_of(r.byte())) return std::nullopt;
              skip_limits(r);
              break;
            case 0x02: skip_limits(r); break;
            case 0x03: globals.push_back(globaltype(r)); break;
            case 0x04: r.byte(); r.u32_(); break;  // tag: attribute, typeidx
            default: return std::nullopt;
          }
          break;
        }
        case 3: funcs.push_back(r.u32_()); break;  // function section
        case 6:                                     // global section
          globals.push_back(globaltype(r));
          skip_const_expr(r);
          break;
        case 7: {  // export section
          const u32 len = r.u32_();
          const size_t at = r.pos();
          r.skip(len);
          if (!r.ok()) return std::nullopt;
          const std::string name(reinterpret_cast<const char*>(bytes.data() + 8 + at), len);
          const u8 kind = r.byte();
          const u32 idx = r.u32_();
          ExternType et;
          if (kind == 0x00 && idx < funcs.size() && funcs[idx] < types.size()) {
            et.kind = ExternKind::func;
            et.func = types[funcs[idx]];
            exports.emplace(name, et);
          } else if (kind == 0x03 && idx < globals.size()) {
            et.kind = ExternKind::global;
            et.global = globals[idx];
            exports.emplace(name, et);
          }
          break;
        }
        default: break;
      }
    }
    if (!r.ok() || r.pos() != start + size) return std::nullopt;
  }
  if (!r.ok()) return std::nullopt;
  return exports;
}

namespace {

// --- The plan: the requests the script driver will make, as data for the JS driver --------

// What the plan knows about a module command's module.
struct KnownModule {
  std::map<std::string, ExternType> exports;  // function and global exports
  bool by_sections = false;  // read by export_types_by_sections: the reference rejects it
};

class Planner {
 public:
  Planner(const Script& script, const Profile& profile) : script_(script), profile_(profile) {}

  void build(std::map<std::pair<size_t, std::string>, NodeEngine::Planned>& plan,
             nlohmann::json& requests, nlohmann::json& wrappers) {
    requests = nlohmann::json::array();
    wrappers = nlohmann::json::array();
    for (const Command& c : script_.commands) plan_command(c, plan, requests, wrappers);
  }

 private:
  void add(size_t index, const std::string& op, nlohmann::json req, std::string core_outcome,
           std::map<std::pair<size_t, std::string>, NodeEngine::Planned>& plan,
           nlohmann::json& requests, std::string core_message = "",
           std::string expected = "") {
    req["index"] = index;
    req["op"] = op;
    requests.push_back(req);
    plan[{index, op}] = NodeEngine::Planned{std::move(req), std::move(core_outcome),
                                            std::move(core_message), std::move(expected)};
  }

  // The reference's verdict on a module file: decode (§5) and validate (§3) under the
  // profile's features. For a `module` command, also its export types (`known`).
  std::string core_verdict(const std::string& path, KnownModule* known,
                           std::string* message = nullptr) {
    bool ok = false;
    const std::vector<u8> bytes = read_file(path, ok);
    if (!ok) return "error";
    std::string verdict = "ok";
    std::string why;
    std::shared_ptr<Module> module;
    Result<std::shared_ptr<Module>> decoded = embed::module_decode(bytes, profile_.features);
    if (!decoded) {
      verdict = to_string(decoded.error().outcome);
      why = decoded.error().message;
    } else if (!decoded.value()) {
      verdict = "crash";
    } else {
      Result<void> valid = embed::module_validate(*decoded.value(), profile_.features);
      if (!valid) {
        verdict = to_string(valid.error().outcome);
        why = valid.error().message;
      } else {
        module = std::move(decoded.value());
      }
    }
    if (message) *message = why;
    if (!known) return verdict;
    if (module) {
      for (const embed::ExportDesc& e : embed::module_exports(*module))
        if (e.type.kind == ExternKind::func || e.type.kind == ExternKind::global)
          known->exports.emplace(e.name, e.type);
    } else if (std::optional<std::map<std::string, ExternType>> types =
                   export_types_by_sections(bytes)) {
      known->exports = std::move(*types);
      known->by_sections = true;
    }
    return verdict;
  }

  std::optional<size_t> target(const std::optional<std::string>& id) const {
    if (!id) return current_;
    auto it = named_.find(*id);
    if (it == named_.end()) return std::nullopt;
    return it->second;
  }

  // The export's type, and whether it was read by sections only (for the path reason).
  std::optional<ExternType> export_type(size_t module_index, const std::string& field,
                                        bool& by_sections) const {
    auto it = modules_.find(module_index);
    if (it == modules_.end()) return std::nullopt;
    by_sections = it->second.by_sections;
    auto e = it->second.exports.find(field);
    if (e == it->second.exports.end()) return std::nullopt;
    return e->second;
  }

  u32 wrapper_id(const std::vector<u8>& bytes, nlohmann::json& wrappers) {
    auto it = wrapper_ids_.find(bytes);
    if (it != wrapper_ids_.end()) return it->second;
    const u32 id = static_cast<u32>(wrappers.size());
    wrappers.push_back(base64(bytes));
    wrapper_ids_.emplace(bytes, id);
    return id;
  }

  // The module file a module-like command compiles, or "" when the driver will not compile
  // it (no file, a text error, a text module the text reader rejects: the driver judges those
  // itself). A wast2json text module (`module_type: text`, a .wat) is read here with the native
  // text reader under the profile's text features and written to `<file>.wat.wasm`, the file
  // and bytes the script driver (harness/driver.cc module_path) writes when it reaches the
  // command: node runs the whole plan before the driver gets there, so the plan cannot wait.
  std::string module_file(const Command& c) {
    if (!c.problem.empty() || c.text_error || c.instance || c.filename.empty()) return "";
    const std::string path = (std::filesystem::path(script_.base_dir) / c.filename).string();
    if (!c.text_module) return path;
    bool ok = false;
    const std::vector<u8> source = read_file(path, ok);
    if (!ok) return "";
    const text::WatResult w = text::wat_to_binary(
        std::string_view(reinterpret_cast<const char*>(source.data()), source.size()),
        profile_.text_features);
    if (!w.ok) return "";  // malformed as text: the driver judges it, no engine sees it
    const std::string wasm = path + ".wasm";
    std::ofstream out(wasm, std::ios::binary | std::ios::trunc);
    out.write(w.bytes.data(), static_cast<std::streamsize>(w.bytes.size()));
    return out ? wasm : "";
  }

  void plan_command(const Command& c,
                    std::map<std::pair<size_t, std::string>, NodeEngine::Planned>& plan,
                    nlohmann::json& requests, nlohmann::json& wrappers) {
    switch (c.kind) {
      case CommandKind::module: {
        if (c.instance) return plan_instance(c, plan, requests);
        // Even a module that cannot run becomes current (and named): later actions on it are
        // blocked, never run against an earlier instance. A definition binds only its
        // definition name (the driver's poison/do_module).
        if (!c.definition) {
          current_ = c.index;
          if (c.name) named_[*c.name] = c.index;
        }
        // The module (a definition's, or a module command's own) may be instantiated again by
        // a later `(module instance)`: the last one defined, or by name.
        last_def_ = c.index;
        if (c.name) defs_[*c.name] = c.index;
        const std::string path = module_file(c);
        if (path.empty()) return;
        KnownModule known;
        const std::string verdict = core_verdict(path, &known);
        modules_[c.index] = known;
        compiled_.insert(c.index);
        add(c.index, "compile", {{"file", path}}, verdict, plan, requests);
        if (!c.definition)
          add(c.index, "instantiate", {{"module", c.index}}, "", plan, requests);
        return;
      }
      case CommandKind::assert_invalid:
      case CommandKind::assert_malformed:
      case CommandKind::assert_unlinkable:
      case CommandKind::assert_uninstantiable: {
        if (c.instance) {
          // `(assert_unlinkable (module instance $d?) ...)`: instantiate a definition, bind
          // nothing (the driver's do_module_assertion).
          std::optional<size_t> def = last_def_;
          if (c.instance_of) {
            auto it = defs_.find(*c.instance_of);
            def = it != defs_.end() ? std::optional<size_t>(it->second) : std::nullopt;
          }
          if (def && compiled_.contains(*def))
            add(c.index, "instantiate", {{"module", *def}}, "", plan, requests);
          return;
        }
        const std::string path = module_file(c);
        if (path.empty()) return;
        std::string core_message;
        const std::string verdict = core_verdict(path, nullptr, &core_message);
        add(c.index, "compile", {{"file", path}}, verdict, plan, requests, core_message,
            expected_outcome(c.kind));
        if (c.kind == CommandKind::assert_unlinkable ||
            c.kind == CommandKind::assert_uninstantiable)
          add(c.index, "instantiate", {{"module", c.index}}, "", plan, requests);
        return;
      }
      case CommandKind::register_: {
        if (!c.problem.empty()) return;
        const std::optional<size_t> inst = target(c.name);
        if (!inst) return;
        add(c.index, "register", {{"instance", *inst}, {"as", c.as}}, "", plan, requests);
        return;
      }
      case CommandKind::action:
      case CommandKind::assert_return:
      case CommandKind::assert_trap:
      case CommandKind::assert_exhaustion:
      case CommandKind::assert_exception: {
        if (!c.problem.empty() || !c.action) return;
        const std::optional<size_t> inst = target(c.action->module);
        if (!inst) return;
        if (c.action->op == Action::Op::invoke) return plan_invoke(c, *inst, plan, requests, wrappers);
        return plan_get(c, *inst, plan, requests, wrappers);
      }
      case CommandKind::unsupported: return;
    }
  }

  // `(module instance $i? $d?)`: one instantiate of the definition's compiled module (its
  // compile request's index is the module handle node replies), as the driver's do_instance.
  // The instance becomes current and `$i` whether or not it runs, and has the definition's
  // export types.
  void plan_instance(const Command& c,
                     std::map<std::pair<size_t, std::string>, NodeEngine::Planned>& plan,
                     nlohmann::json& requests) {
    current_ = c.index;
    if (c.name) named_[*c.name] = c.index;
    if (!c.problem.empty()) return;
    std::optional<size_t> def;
    if (c.instance_of) {
      auto it = defs_.find(*c.instance_of);
      if (it != defs_.end()) def = it->second;
    } else {
      def = last_def_;
    }
    // No such definition, or one that was never compiled: the driver does not instantiate.
    if (!def || !compiled_.contains(*def)) return;
    modules_[c.index] = modules_[*def];
    add(c.index, "instantiate", {{"module", *def}}, "", plan, requests);
  }

  void plan_invoke(const Command& c, size_t inst,
                   std::map<std::pair<size_t, std::string>, NodeEngine::Planned>& plan,
                   nlohmann::json& requests, nlohmann::json& wrappers) {
    const Action& a = *c.action;
    nlohmann::json req = {{"instance", inst}, {"field", a.field}};
    nlohmann::json args = nlohmann::json::array();
    for (const WastValue& w : a.args) args.push_back(wast_json(w));
    req["args"] = args;
    bool by_sections = false;
    const std::optional<ExternType> et = export_type(inst, a.field, by_sections);
    const std::string source = by_sections ? " (read from the sections: the reference rejects the module)" : "";
    if (!et || et->kind != ExternKind::func) {
      // Neither the reference nor the sections give a signature: call it directly and read
      // the results by the expectation's types, or by their JS types.
      req["path_reason"] = "signature unknown (the module cannot be read)";
      if (!c.alternatives.empty()) {
        nlohmann::json results = nlohmann::json::array();
        for (size_t i = 0; i < c.alternatives.front().size(); ++i)
          results.push_back(result_json(c.alternatives.front()[i].type, result_shape(c, i)));
        req["results"] = results;
      } else {
        req["results"] = nullptr;
      }
      return add(c.index, "invoke", req, "", plan, requests);
    }
    const FuncType& ft = et->func;
    nlohmann::json params = nlohmann::json::array();
    for (ValType t : ft.params) params.push_back(result_json(t, LaneType::i32));
    nlohmann::json results = nlohmann::json::array();
    for (size_t i = 0; i < ft.results.size(); ++i)
      results.push_back(result_json(ft.results[i], result_shape(c, i)));
    req["params"] = params;
    req["results"] = results;
    if (needs_wrapper(ft)) {
      std::string why;
      const std::vector<u8> arg_bytes = wrapper_arg_bytes(ft, a.args, why);
      if (why.empty()) {
        req["wrapper"] = wrapper_id(func_wrapper(ft), wrappers);
        req["arg_bytes"] = base64(arg_bytes);
        req["path_reason"] = "f32/f64/v128 in the signature " + to_string(ft) + source;
        return add(c.index, "invoke", req, "", plan, requests);
      }
      req["path_reason"] = "arguments do not match the signature (" + why + ")";
    } else {
      req["path_reason"] = source.empty() ? "" : "signature" + source;
    }
    add(c.index, "invoke", req, "", plan, requests);
  }

  void plan_get(const Command& c, size_t inst,
                std::map<std::pair<size_t, std::string>, NodeEngine::Planned>& plan,
                nlohmann::json& requests, nlohmann::json& wrappers) {
    const Action& a = *c.action;
    nlohmann::json req = {{"instance", inst}, {"field", c.action->field}};
    bool by_sections = false;
    const std::optional<ExternType> et = export_type(inst, a.field, by_sections);
    const std::string source = by_sections ? " (read from the sections: the reference rejects the module)" : "";
    if (!et || et->kind != ExternKind::global) {
      req["path_reason"] = "type unknown (the module cannot be read)";
      req["result"] = c.alternatives.empty() || c.alternatives.front().size() != 1
                          ? nlohmann::json(nullptr)
                          : result_json(c.alternatives.front()[0].type, result_shape(c, 0));
      return add(c.index, "get", req, "", plan, requests);
    }
    const GlobalType& gt = et->global;
    req["result"] = result_json(gt.type, result_shape(c, 0));
    if (needs_wrapper(gt.type)) {
      req["wrapper"] = wrapper_id(global_wrapper(gt), wrappers);
      req["path_reason"] = std::string(to_string(gt.type)) + " global" + source;
    } else {
      req["path_reason"] = source.empty() ? "" : "type" + source;
    }
    add(c.index, "get", req, "", plan, requests);
  }

  const Script& script_;
  const Profile& profile_;
  std::optional<size_t> current_;
  std::map<std::string, size_t> named_;
  std::map<size_t, KnownModule> modules_;  // by the command whose instance has these exports
  // Module definitions (3.0 scripts): `$id` and the last one, by the command that compiled
  // (or would have compiled) it; `compiled_` has those whose compile is planned.
  std::map<std::string, size_t> defs_;
  std::optional<size_t> last_def_;
  std::set<size_t> compiled_;
  std::map<std::vector<u8>, u32> wrapper_ids_;
};

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out += ' ';
    out += p;
  }
  return out;
}

}  // namespace

// --- The engine --------------------------------------------------------------------------------

std::optional<std::string> node_version(const std::string& node) {
  const ProcessRun run = run_process({node, "--version"}, 30);
  if (!run.started || run.timed_out || run.exit_code != 0) return std::nullopt;
  std::string v = run.out;
  while (!v.empty() && (v.back() == '\n' || v.back() == '\r' || v.back() == ' ')) v.pop_back();
  if (v.empty()) return std::nullopt;
  return v;
}

std::vector<std::string> node_flags(const Profile& profile) { return profile.node_flags; }

NodeEngine::NodeEngine(NodeOptions options) : options_(std::move(options)) {}
NodeEngine::~NodeEngine() = default;

EngineDescription NodeEngine::describe() {
  if (!version_) version_ = node_version(options_.node).value_or("");
  EngineDescription d;
  d.name = "node";
  d.version = *version_;
  d.coarse = false;
  d.features = {"js-api", "bit-exact f32/f64/v128 through wrapper modules"};
  // Before the first script the flags are not known yet: say where they come from. (The
  // summary is written with the engine described before any script ran.)
  d.config = config_.empty() ? options_.node + " [the profile's V8 flags]" : config_;
  return d;
}

Reply NodeEngine::begin_script(const Script& script, const Profile& profile) {
  plan_.clear();
  replies_.clear();
  js_.clear();
  const std::vector<std::string> flags = node_flags(profile);
  config_ = join(flags);

  nlohmann::json requests, wrappers;
  Planner(script, profile).build(plan_, requests, wrappers);
  // spectest has `shared_memory` only where threads are on (notes-harness §2.5).
  const nlohmann::json data = {{"requests", requests},
                               {"wrappers", wrappers},
                               {"shared_memory", profile.features.threads}};
  js_ = node_driver_js();
  js_ += "\nwasmref_run(";
  js_ += data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  js_ += ");\n";

  Reply begin;
  missing_ = Reply{};
  missing_.outcome = "crash";

  // The JS file in a fresh temporary directory.
  std::error_code ec;
  std::string tmpl = (std::filesystem::temp_directory_path(ec) / "wasmref-node-XXXXXX").string();
  std::vector<char> dir(tmpl.begin(), tmpl.end());
  dir.push_back('\0');
  if (mkdtemp(dir.data()) == nullptr) {
    begin.outcome = "error";
    begin.message = std::string("cannot create a temporary directory: ") + std::strerror(errno);
    missing_.message = "node did not run: " + begin.message;
    return begin;
  }
  const std::filesystem::path js_path = std::filesystem::path(dir.data()) / "script.js";
  {
    std::ofstream out(js_path, std::ios::binary);
    out << js_;
    if (!out) {
      begin.outcome = "error";
      begin.message = "cannot write " + js_path.string();
      missing_.message = "node did not run: " + begin.message;
      std::filesystem::remove_all(dir.data(), ec);
      return begin;
    }
  }

  std::vector<std::string> argv = {options_.node};
  argv.insert(argv.end(), flags.begin(), flags.end());
  argv.push_back(js_path.string());
  const double deadline = options_.deadline_s > 0 ? options_.deadline_s : profile.timeout;
  const ProcessRun run = run_process(argv, deadline);
  if (options_.keep_files) {
    begin.message = "script: " + js_path.string();
  } else {
    std::filesystem::remove_all(dir.data(), ec);
  }

  // The replies, by (command index, op); the first one counts.
  std::istringstream lines(run.out);
  for (std::string line; std::getline(lines, line);) {
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object() || !j.contains("index") || !j["index"].is_number_unsigned() ||
        !j.contains("op") || !j["op"].is_string())
      continue;
    replies_.emplace(std::make_pair(j["index"].get<size_t>(), j["op"].get<std::string>()),
                     reply_from_json(j));
  }

  // What a planned request without a reply gets.
  const std::string err = first_lines(run.err, 5);
  if (!run.started) {
    begin.outcome = "error";
    begin.message = run.start_error;
    missing_.message = "node did not run: " + run.start_error;
  } else if (run.timed_out) {
    missing_.outcome = "timeout";
    missing_.message = "node did not finish within " + std::to_string(static_cast<int>(deadline)) +
                       " s (killed)";
  } else if (run.signal != 0) {
    missing_.message = "node was killed by signal " + std::to_string(run.signal) +
                       (err.empty() ? "" : ": " + err);
  } else if (run.exit_code != 0) {
    missing_.message = "node exited with status " + std::to_string(run.exit_code) +
                       (err.empty() ? "" : ": " + err);
  } else {
    missing_.message = "node exited without replying to this request";
  }
  return begin;
}

Reply NodeEngine::answer(size_t index, const std::string& op, const std::optional<u32>& handle,
                         const std::optional<std::string>& field) {
  const auto key = std::make_pair(index, op);
  auto p = plan_.find(key);
  Reply r;
  if (p == plan_.end()) {
    r.outcome = "error";
    r.message = "not a planned request: " + op + " for command " + std::to_string(index);
    return r;
  }
  const nlohmann::json& req = p->second.request;
  const char* handle_key = op == "instantiate" ? "module" : "instance";
  if (handle && (!req.contains(handle_key) || req[handle_key] != *handle)) {
    r.outcome = "error";
    r.message = "the request differs from the plan: " + op + " on handle " +
                std::to_string(*handle) + " for command " + std::to_string(index);
    return r;
  }
  if (field && req.value("field", std::string()) != *field) {
    r.outcome = "error";
    r.message = "the request differs from the plan: field \"" + *field + "\"";
    return r;
  }
  auto it = replies_.find(key);
  if (it == replies_.end()) return missing_;
  r = it->second;
  if (op != "compile" || r.outcome != "invalid" || r.js_class != "CompileError") return r;
  // JS says CompileError for both malformed and invalid: the fine outcome is the reference's
  // decode + validate of the same bytes; a module the reference accepts but V8 rejects
  // (a feature or an implementation limit V8 lacks) counts as invalid.
  const Planned& planned = p->second;
  const bool compile_time = planned.expected == "malformed" || planned.expected == "invalid";
  if (compile_time && planned.core_outcome != planned.expected) {
    // Issue 9: the reference cannot classify this module: its own verdict contradicts the
    // script (a proposal it does not implement, or a gap of its own), so its split is no
    // oracle, and V8's CompileError is all there is to judge (judge.h `compile_error`).
    r.outcome = kCompileError;
    r.path_reason = "phase unknown: the reference says " +
                    planned.core_outcome +
                    (planned.core_message.empty() ? "" : " (" + planned.core_message + ")") +
                    " for this module, the script expects " + planned.expected;
    return r;
  }
  if (planned.core_outcome == "malformed") r.outcome = "malformed";
  return r;
}

Reply NodeEngine::compile(size_t index, const std::string& wasm_path) {
  (void)wasm_path;  // the plan has the same file (resolved from the script)
  return answer(index, "compile", std::nullopt, std::nullopt);
}

Reply NodeEngine::instantiate(size_t index, u32 module_handle) {
  return answer(index, "instantiate", module_handle, std::nullopt);
}

Reply NodeEngine::register_instance(size_t index, u32 instance_handle, const std::string& as) {
  (void)as;
  return answer(index, "register", instance_handle, std::nullopt);
}

Reply NodeEngine::invoke(size_t index, u32 instance_handle, const std::string& field,
                         const nlohmann::json& args) {
  (void)args;  // the plan has the script's arguments
  return answer(index, "invoke", instance_handle, field);
}

Reply NodeEngine::get(size_t index, u32 instance_handle, const std::string& field) {
  return answer(index, "get", instance_handle, field);
}

void NodeEngine::end_script() {
  plan_.clear();
  replies_.clear();
}

std::unique_ptr<Engine> make_node_engine(std::string& error, NodeOptions options) {
  if (!node_version(options.node)) {
    error = "cannot run `" + options.node + " --version`: is node installed and in PATH?";
    return nullptr;
  }
  return std::make_unique<NodeEngine>(std::move(options));
}

}  // namespace wasmref::harness
