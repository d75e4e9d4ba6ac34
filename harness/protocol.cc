// Harness: the JSON-lines protocol engine (harness/PROTOCOL.md, notes-harness §5.4)
#include "harness/protocol.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "harness/convert.h"
#include "harness/json_reader.h"

extern char** environ;

namespace wasmref::harness {

// ============================================================================================
// The wire format
// ============================================================================================

nlohmann::json reply_to_json(const Reply& r, const nlohmann::json& id) {
  nlohmann::json j;
  j["id"] = id;
  j["outcome"] = r.outcome;
  if (r.js_class) j["js_class"] = *r.js_class;
  if (!r.message.empty()) j["message"] = r.message;
  if (!r.values.is_null()) j["values"] = r.values;
  if (!r.exception.is_null()) j["exception"] = r.exception;
  if (r.handle) j["handle"] = *r.handle;
  if (!r.path.empty()) j["path"] = r.path;
  if (!r.path_reason.empty()) j["path_reason"] = r.path_reason;
  if (!r.reason.empty()) j["reason"] = r.reason;
  return j;
}

namespace {

Reply bad_reply(std::string message) {
  Reply r;
  r.outcome = "error";
  r.reason = "bad-reply";
  r.message = std::move(message);
  return r;
}

// The offending reply as text for a `bad-reply` message, cut to a readable length (a broken
// engine's reply can be megabytes).
std::string quoted_reply(const nlohmann::json& j) {
  constexpr size_t kMax = 300;
  std::string text = dump_json(j);
  if (text.size() > kMax) text = text.substr(0, kMax) + "... (" + std::to_string(text.size()) +
                                 " bytes)";
  return text;
}

// PROTOCOL.md "Replies": the outcomes an engine may give. Anything else ("maybe", "pass",
// "Trap") is not recorded as given: the record would then claim an outcome no reader knows.
bool engine_outcome(const std::string& o) {
  static constexpr const char* kOutcomes[] = {
      "ok",   "malformed",  "invalid",   "link_error", "instantiation_trap", "trap",
      "exhaustion", "exception", "crash", "js_error",   "unsupported",        "error"};
  for (const char* k : kOutcomes)
    if (o == k) return true;
  return false;
}

// An optional string member: true when absent or a string (copied into `dst`).
bool optional_string(const nlohmann::json& j, const char* key, std::string& dst) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return true;
  if (!it->is_string()) return false;
  dst = it->get<std::string>();
  return true;
}

}  // namespace

Reply reply_from_json(const nlohmann::json& j) {
  if (!j.is_object()) return bad_reply("the reply is not an object: " + quoted_reply(j));
  // Every complaint quotes the reply, so the engine's author sees what was sent.
  const auto bad = [&j](const std::string& why) { return bad_reply(why + ": " + quoted_reply(j)); };
  Reply r;
  auto o = j.find("outcome");
  if (o == j.end() || !o->is_string() || o->get<std::string>().empty())
    return bad("the reply has no \"outcome\" string");
  r.outcome = o->get<std::string>();
  // Outcomes only the adapter gives: an engine cannot claim them.
  if (r.outcome == "blocked" || r.outcome == "timeout")
    return bad("the reply's outcome \"" + r.outcome + "\" is the harness's, not an engine's");
  if (!engine_outcome(r.outcome))
    return bad("the reply's outcome \"" + r.outcome + "\" is not one of the protocol's");
  if (!optional_string(j, "message", r.message) || !optional_string(j, "path", r.path) ||
      !optional_string(j, "path_reason", r.path_reason) || !optional_string(j, "reason", r.reason))
    return bad("a reply member that must be a string (message, path, path_reason, reason) "
               "is not one");
  if (auto c = j.find("js_class"); c != j.end() && !c->is_null()) {
    if (!c->is_string()) return bad("\"js_class\" is not a string");
    r.js_class = c->get<std::string>();
  }
  if (auto v = j.find("values"); v != j.end() && !v->is_null()) {
    if (!v->is_array()) return bad("\"values\" is not a list");
    r.values = *v;
  }
  if (auto x = j.find("exception"); x != j.end() && !x->is_null()) {
    if (!x->is_object() || (x->contains("payload") && !(*x)["payload"].is_array()))
      return bad("\"exception\" is not an object with a \"payload\" list");
    r.exception = *x;
  }
  if (auto h = j.find("handle"); h != j.end() && !h->is_null()) {
    if (!h->is_number_unsigned() || h->get<u64>() > UINT32_MAX)
      return bad("\"handle\" is not a small unsigned integer");
    r.handle = static_cast<u32>(h->get<u64>());
  }
  return r;
}

Reply check_reply_for(const std::string& request_type, Reply r, const nlohmann::json& raw) {
  if (r.outcome != "ok") return r;
  // PROTOCOL.md "Requests": what a successful reply must carry.
  if ((request_type == "compile" || request_type == "instantiate") && !r.handle)
    return bad_reply("an \"ok\" reply to " + request_type + " without a \"handle\": " +
                     quoted_reply(raw));
  if ((request_type == "invoke" || request_type == "get") && !r.values.is_array())
    return bad_reply("an \"ok\" reply to " + request_type + " without \"values\": " +
                     quoted_reply(raw));
  if (request_type == "get" && r.values.size() != 1)
    return bad_reply("an \"ok\" reply to get must give one value: " + quoted_reply(raw));
  return r;
}

nlohmann::json description_to_json(const EngineDescription& d) {
  return {{"name", d.name},
          {"version", d.version},
          {"coarse", d.coarse},
          {"features", d.features},
          {"config", d.config}};
}

EngineDescription description_from_json(const nlohmann::json& j) {
  EngineDescription d;
  if (!j.is_object()) return d;
  if (auto n = j.find("name"); n != j.end() && n->is_string()) d.name = n->get<std::string>();
  if (auto v = j.find("version"); v != j.end() && v->is_string()) d.version = v->get<std::string>();
  if (auto c = j.find("coarse"); c != j.end() && c->is_boolean()) d.coarse = c->get<bool>();
  if (auto f = j.find("features"); f != j.end() && f->is_array())
    for (const nlohmann::json& s : *f)
      if (s.is_string()) d.features.push_back(s.get<std::string>());
  if (auto c = j.find("config"); c != j.end() && c->is_string()) d.config = c->get<std::string>();
  return d;
}

namespace {
constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64_digit(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}
}  // namespace

std::string base64_encode(std::span<const u8> bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (size_t i = 0; i < bytes.size(); i += 3) {
    const size_t n = std::min<size_t>(3, bytes.size() - i);
    const u32 v = (u32{bytes[i]} << 16) | (n > 1 ? u32{bytes[i + 1]} << 8 : 0) |
                  (n > 2 ? u32{bytes[i + 2]} : 0);
    out += kBase64[(v >> 18) & 63];
    out += kBase64[(v >> 12) & 63];
    out += n > 1 ? kBase64[(v >> 6) & 63] : '=';
    out += n > 2 ? kBase64[v & 63] : '=';
  }
  return out;
}

std::optional<std::vector<u8>> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::vector<u8> out;
  out.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    int d[4];
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = text[i + k];
      if (c == '=' && last && k >= 2) {
        d[k] = 0;
        ++pad;
        continue;
      }
      if (pad) return std::nullopt;  // a digit after padding
      d[k] = base64_digit(c);
      if (d[k] < 0) return std::nullopt;
    }
    const u32 v = (u32(d[0]) << 18) | (u32(d[1]) << 12) | (u32(d[2]) << 6) | u32(d[3]);
    out.push_back(static_cast<u8>(v >> 16));
    if (pad < 2) out.push_back(static_cast<u8>(v >> 8));
    if (pad < 1) out.push_back(static_cast<u8>(v));
  }
  return out;
}

// ============================================================================================
// The engine process
// ============================================================================================

namespace {

using Clock = std::chrono::steady_clock;

// A reply larger than this is a broken engine, not a result.
constexpr size_t kMaxReplyBytes = size_t{64} << 20;

// One engine process: its stdin and stdout are one end of a socket pair (so writing to an
// engine that died is an error, not SIGPIPE), its stderr a file kept for crash messages.
class Child {
 public:
  enum class Status { ok, timeout, eof, io_error };

  ~Child() { stop(); }

  bool running() const { return pid_ > 0; }

  bool start(const std::string& command, const std::string& stderr_path, std::string& error) {
    stop();
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
      error = "socketpair failed";
      return false;
    }
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&fa);
    posix_spawnattr_init(&attr);
    posix_spawn_file_actions_adddup2(&fa, sv[1], 0);
    posix_spawn_file_actions_adddup2(&fa, sv[1], 1);
    posix_spawn_file_actions_addopen(&fa, 2, stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    // Its own process group, so a timeout kills the engine and anything it started.
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    const std::string script = "exec " + command;
    const char* argv[] = {"/bin/sh", "-c", script.c_str(), nullptr};
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, "/bin/sh", &fa, &attr, const_cast<char**>(argv), environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    ::close(sv[1]);
    if (rc != 0) {
      ::close(sv[0]);
      error = "cannot run /bin/sh";
      return false;
    }
    pid_ = pid;
    fd_ = sv[0];
    buf_.clear();
    stderr_path_ = stderr_path;
    exit_.clear();
    return true;
  }

  // Sends `line` and waits until `deadline` for the reply whose `id` is `id` (other lines are
  // stale replies or noise and are skipped).
  Status exchange(const std::string& line, u64 id, Clock::time_point deadline,
                  nlohmann::json& reply) {
    if (fd_ < 0) return Status::eof;
    const std::string data = line + "\n";
    size_t sent = 0;
    while (sent < data.size()) {
      const Status s = wait_for(POLLOUT, deadline);
      if (s != Status::ok) return s;
      const ssize_t n = ::send(fd_, data.data() + sent, data.size() - sent,
                               MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) continue;
        return Status::eof;  // EPIPE / ECONNRESET: the engine is gone
      }
      sent += static_cast<size_t>(n);
    }
    for (;;) {
      for (size_t nl; (nl = buf_.find('\n')) != std::string::npos;) {
        const std::string got = buf_.substr(0, nl);
        buf_.erase(0, nl + 1);
        JsonParse p = parse_json_tolerant(got);
        if (!p.value || !p.value->is_object()) continue;
        auto it = p.value->find("id");
        if (it == p.value->end() || !it->is_number_unsigned() || it->get<u64>() != id) continue;
        reply = std::move(*p.value);
        return Status::ok;
      }
      if (buf_.size() > kMaxReplyBytes) return Status::io_error;
      const Status s = wait_for(POLLIN, deadline);
      if (s != Status::ok) return s;
      char chunk[65536];
      const ssize_t n = ::recv(fd_, chunk, sizeof chunk, MSG_DONTWAIT);
      if (n == 0) return Status::eof;
      if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) continue;
        return Status::eof;
      }
      buf_.append(chunk, static_cast<size_t>(n));
    }
  }

  // Kills the process group now and reaps the engine.
  void kill_now() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    if (pid_ <= 0) return;
    ::kill(-pid_, SIGKILL);
    reap(/*block=*/true);
  }

  // Closes the engine's input (a polite end), gives it a second to exit, then kills it.
  void stop() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    if (pid_ <= 0) return;
    const auto until = Clock::now() + std::chrono::seconds(1);
    while (pid_ > 0 && Clock::now() < until) {
      if (reap(/*block=*/false)) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    kill_now();
  }

  // After an EOF: how the engine ended (waits briefly for it to exit, then kills it).
  std::string death() {
    const auto until = Clock::now() + std::chrono::milliseconds(500);
    while (pid_ > 0 && Clock::now() < until) {
      if (reap(/*block=*/false)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (pid_ > 0) {
      kill_now();
      if (exit_.empty()) exit_ = "closed its output";
    }
    std::string s = "the engine " + (exit_.empty() ? std::string("closed its output") : exit_);
    const std::string tail = stderr_tail();
    if (!tail.empty()) s += ": " + tail;
    return s;
  }

 private:
  Status wait_for(short events, Clock::time_point deadline) {
    for (;;) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) return Status::timeout;
      pollfd p{fd_, events, 0};
      const int rc = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1'000'000)));
      if (rc < 0 && errno == EINTR) continue;
      if (rc < 0) return Status::io_error;
      if (rc == 0) continue;  // re-check the deadline
      if (p.revents & events) return Status::ok;
      if (p.revents & (POLLHUP | POLLERR | POLLNVAL)) return Status::eof;
    }
  }

  // Reaps the engine if it has exited; true when it is gone.
  bool reap(bool block) {
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, block ? 0 : WNOHANG);
    if (r == 0) return false;
    if (r == pid_) {
      if (WIFEXITED(status))
        exit_ = "exited with status " + std::to_string(WEXITSTATUS(status));
      else if (WIFSIGNALED(status) && exit_.empty())
        exit_ = "was killed by signal " + std::to_string(WTERMSIG(status));
    }
    pid_ = -1;
    return true;
  }

  // The last non-empty line the engine wrote on stderr.
  std::string stderr_tail() const {
    std::ifstream in(stderr_path_, std::ios::binary);
    if (!in) return "";
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    const std::streamoff from = std::max<std::streamoff>(0, size - 4096);
    in.seekg(from);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    const size_t nl = text.rfind('\n');
    return nl == std::string::npos ? text : text.substr(nl + 1);
  }

  pid_t pid_ = -1;
  int fd_ = -1;
  std::string buf_;
  std::string stderr_path_;
  std::string exit_;
};

// ============================================================================================
// The adapter: deadlines, restart and replay
// ============================================================================================

class ProtocolEngine final : public Engine {
 public:
  explicit ProtocolEngine(ProtocolOptions options) : o_(std::move(options)) {}
  ~ProtocolEngine() override { child_.stop(); }

  // Starts the engine and says hello now (make_protocol_engine: a missing binary or an
  // engine that cannot say hello is one fatal error before any script, not one error per
  // command). False and `why` when it fails.
  bool hello(std::string& why) {
    if (child_.running() && desc_) return true;
    return start(o_.deadline_ms, why);
  }

  EngineDescription describe() override {
    if (!desc_) {
      std::string why;
      if (!child_.running()) start(o_.deadline_ms, why);
    }
    if (desc_) return *desc_;
    EngineDescription d;
    d.name = "protocol";
    d.config = o_.command;
    return d;
  }

  Reply begin_script(const Script& script, const Profile& profile) override {
    log_.clear();
    modules_.clear();
    instances_.clear();
    next_module_ = next_instance_ = 0;
    restarts_ = 0;
    given_up_ = false;
    deadline_ms_ = deadline_for(script, profile);
    begin_ = {{"type", "begin"},
              {"profile", profile.name},
              {"features", enabled_feature_names(profile.features)},
              {"file", std::filesystem::path(script.json_path).stem().string() + ".wast"}};
    std::string why;
    if ((dead_ || !child_.running()) && !start(deadline_ms_, why)) {
      dead_ = true;
      if (!recover()) return failed_begin(why);
    }
    Exchange e = exchange(begin_);
    while (!e.reply) {
      dead_ = true;
      if (!recover()) return failed_begin(e.failure.message);
      e = exchange(begin_);
    }
    return *e.reply;
  }

  Reply compile(size_t index, const std::string& wasm_path) override {
    nlohmann::json req = {{"type", "compile"}};
    if (o_.send_bytes) {
      std::ifstream in(wasm_path, std::ios::binary);
      if (!in) return error("missing-module-file", "cannot read module file " + wasm_path);
      const std::vector<u8> bytes((std::istreambuf_iterator<char>(in)),
                                  std::istreambuf_iterator<char>());
      req["bytes"] = base64_encode(bytes);
    } else {
      req["path"] = wasm_path;
    }
    return request(std::move(req), index, Out::module);
  }
  Reply instantiate(size_t index, u32 module_handle) override {
    return request({{"type", "instantiate"}, {"module", module_handle}}, index, Out::instance);
  }
  Reply register_instance(size_t index, u32 instance_handle, const std::string& as) override {
    return request({{"type", "register"}, {"instance", instance_handle}, {"as", as}}, index,
                   Out::none);
  }
  Reply invoke(size_t index, u32 instance_handle, const std::string& field,
               const nlohmann::json& args) override {
    return request(
        {{"type", "invoke"}, {"instance", instance_handle}, {"field", field}, {"args", args}},
        index, Out::none);
  }
  Reply get(size_t index, u32 instance_handle, const std::string& field) override {
    return request({{"type", "get"}, {"instance", instance_handle}, {"field", field}}, index,
                   Out::none);
  }
  void end_script() override {
    if (dead_ || !child_.running()) return;
    if (!exchange({{"type", "end"}}).reply) {
      child_.kill_now();
      dead_ = true;
    }
  }

 private:
  enum class Out : u8 { none, module, instance };  // what kind of handle a reply hands out

  // A request the engine answered in this script, with the adapter's own handles, so it can be
  // replayed to a restarted engine.
  struct Logged {
    nlohmann::json request;
    Out out = Out::none;
    std::optional<u32> handle;  // the adapter's handle the reply gave
  };

  struct Exchange {
    std::optional<Reply> reply;  // set when the engine answered
    Reply failure;               // else: timeout or crash
  };

  static Reply error(const std::string& reason, std::string message) {
    Reply r;
    r.outcome = "error";
    r.reason = reason;
    r.message = std::move(message);
    return r;
  }

  Reply failed_begin(const std::string& why) {
    Reply r;
    r.outcome = "crash";
    r.message = "the engine could not begin the script: " + why;
    return r;
  }

  // The deadline of a script: the run's, raised by the profile and by the file's entry.
  u32 deadline_for(const Script& script, const Profile& profile) const {
    u32 d = std::max(o_.deadline_ms, profile.deadline_ms);
    const std::string stem = std::filesystem::path(script.json_path).stem().string();
    for (const auto& [file, ms] : profile.file_deadline_ms)
      if (std::filesystem::path(file).stem().string() == stem) d = std::max(d, ms);
    return d;
  }

  // Starts the engine and says hello (the first hello's reply is the description).
  bool start(u32 deadline_ms, std::string& why) {
    if (!stderr_dir_.ok()) {
      why = "cannot create a temporary directory";
      return false;
    }
    if (!child_.start(o_.command, stderr_dir_.path() + "/stderr", why)) return false;
    dead_ = false;
    nlohmann::json reply;
    const Child::Status s = child_.exchange(dump_json({{"id", next_id_}, {"type", "hello"}}),
                                            next_id_, deadline(deadline_ms), reply);
    ++next_id_;
    if (s != Child::Status::ok) {
      why = s == Child::Status::timeout ? "no reply to hello within " +
                                              std::to_string(deadline_ms) + " ms"
                                        : child_.death();
      child_.kill_now();
      dead_ = true;
      return false;
    }
    // PROTOCOL.md "Requests": hello answers "ok" with an `engine` object. Anything else is not
    // an engine speaking this protocol (a program that echoes, another protocol's server).
    const auto outcome = reply.find("outcome");
    const auto engine = reply.find("engine");
    if (outcome == reply.end() || *outcome != "ok" || engine == reply.end() ||
        !engine->is_object()) {
      why = "its reply to hello is not \"ok\" with an \"engine\" object: " +
            quoted_reply(reply);
      child_.kill_now();
      dead_ = true;
      return false;
    }
    if (!desc_) desc_ = description_from_json(reply.value("engine", nlohmann::json()));
    if (desc_->name.empty()) desc_->name = "protocol";
    return true;
  }

  static Clock::time_point deadline(u32 ms) { return Clock::now() + std::chrono::milliseconds(ms); }

  // One request/reply under the script's deadline. On timeout or crash the engine is killed
  // and marked dead; the reply is then the failure.
  Exchange exchange(nlohmann::json req) {
    Exchange e;
    const u64 id = next_id_++;
    req["id"] = id;
    nlohmann::json raw;
    const Child::Status s = child_.exchange(dump_json(req), id, deadline(deadline_ms_), raw);
    if (s == Child::Status::ok) {
      e.reply = check_reply_for(req.value("type", std::string()), reply_from_json(raw), raw);
      return e;
    }
    if (s == Child::Status::timeout) {
      e.failure.outcome = "timeout";
      e.failure.message =
          "no reply within " + std::to_string(deadline_ms_) + " ms (the engine was killed)";
      child_.kill_now();
    } else {
      e.failure.outcome = "crash";
      e.failure.message = s == Child::Status::io_error ? "the engine's reply is too long or "
                                                         "unreadable (the engine was killed)"
                                                       : child_.death();
      child_.kill_now();
    }
    dead_ = true;
    return e;
  }

  // The request with the adapter's handles replaced by the engine's; false if one is unknown.
  bool to_engine_handles(nlohmann::json& req) const {
    for (auto [key, map] : {std::pair{"module", &modules_}, std::pair{"instance", &instances_}}) {
      auto it = req.find(key);
      if (it == req.end()) continue;
      const auto m = map->find(it->get<u32>());
      if (m == map->end()) return false;
      *it = m->second;
    }
    return true;
  }

  void note_handle(Out out, u32 ours, const Reply& rep) {
    std::map<u32, u32>& map = out == Out::module ? modules_ : instances_;
    if (rep.outcome == "ok" && rep.handle)
      map[ours] = *rep.handle;
    else
      map.erase(ours);
  }

  Reply request(nlohmann::json req, size_t index, Out out) {
    if (given_up_) return blocked();
    if (dead_ && !recover()) return blocked();
    req["index"] = index;
    nlohmann::json wire = req;
    if (!to_engine_handles(wire))
      return error("bad-handle", "the engine lost this handle when it was restarted");
    Exchange e = exchange(std::move(wire));
    if (!e.reply) return e.failure;
    Reply rep = std::move(*e.reply);
    Logged entry{std::move(req), out, std::nullopt};
    if (out != Out::none && rep.outcome == "ok" && rep.handle) {
      const u32 ours = out == Out::module ? next_module_++ : next_instance_++;
      note_handle(out, ours, rep);
      entry.handle = ours;
      rep.handle = ours;
    }
    log_.push_back(std::move(entry));
    return rep;
  }

  Reply blocked() const {
    Reply r;
    r.outcome = "blocked";
    r.message = "the engine was restarted " + std::to_string(restarts_) +
                " times for this file; it is not restarted again";
    return r;
  }

  // Restarts the engine and replays the script so far (begin, then every logged request, the
  // replies discarded but their handles remapped). False when the restart cap is reached.
  bool recover() {
    for (;;) {
      if (restarts_ >= o_.max_restarts) {
        given_up_ = true;
        child_.kill_now();
        return false;
      }
      ++restarts_;
      child_.kill_now();
      std::string why;
      if (!start(deadline_ms_, why)) continue;
      if (replay()) return true;
    }
  }

  bool replay() {
    if (!exchange(begin_).reply) return false;
    for (const Logged& entry : log_) {
      nlohmann::json wire = entry.request;
      if (!to_engine_handles(wire)) continue;  // its handle did not survive an earlier replay
      Exchange e = exchange(std::move(wire));
      if (!e.reply) return false;
      if (entry.handle) note_handle(entry.out, *entry.handle, *e.reply);
    }
    dead_ = false;
    return true;
  }

  const ProtocolOptions o_;
  Child child_;
  TempDir stderr_dir_;
  std::optional<EngineDescription> desc_;
  u64 next_id_ = 1;
  bool dead_ = false;  // the engine must be restarted before the next request

  // The current script.
  nlohmann::json begin_;
  u32 deadline_ms_ = 10'000;
  std::vector<Logged> log_;
  std::map<u32, u32> modules_, instances_;  // the adapter's handles -> the engine's
  u32 next_module_ = 0, next_instance_ = 0;
  int restarts_ = 0;
  bool given_up_ = false;
};

}  // namespace

std::unique_ptr<Engine> make_protocol_engine(const ProtocolOptions& options, std::string& error) {
  if (options.command.empty()) {
    error = "cmd: needs a command line (e.g. \"cmd:wasmref serve\")";
    return nullptr;
  }
  auto engine = std::make_unique<ProtocolEngine>(options);
  std::string why;
  if (!engine->hello(why)) {
    error = "the engine `" + options.command + "` did not start: " + why;
    return nullptr;
  }
  return engine;
}

}  // namespace wasmref::harness
