// Harness: `wasmref serve`, the reference engine speaking the JSON-lines protocol
// (harness/PROTOCOL.md)
//
// Reads one request per line on stdin and writes one reply per request on stdout, through the
// in-process reference adapter (runner.h): one Agent per `begin`. The hidden options
// `--crash-on-invoke FIELD` (exit at once when asked to invoke FIELD) and `--hang-on-invoke
// FIELD` (never answer) exist to test the driver's crash and timeout handling end to end.
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <thread>

#include "harness/cli.h"
#include "harness/convert.h"
#include "harness/json_reader.h"
#include "harness/profiles.h"
#include "harness/protocol.h"
#include "harness/runner.h"

namespace wasmref::harness {

namespace {

constexpr const char* kServeUsage =
    "usage: wasmref serve [--fuel N]\n"
    "  The reference engine over the JSON-lines protocol (harness/PROTOCOL.md): one request\n"
    "  per line on stdin, one reply per line on stdout, until stdin ends.\n"
    "options:\n"
    "  --fuel N     instructions per invocation before `exhaustion` (default: 100000000)\n"
    "  -h, --help   this text\n";

Reply error_reply(const std::string& reason, std::string message) {
  Reply r;
  r.outcome = "error";
  r.reason = reason;
  r.message = std::move(message);
  return r;
}

// A member that must be a handle.
std::optional<u32> handle_of(const nlohmann::json& req, const char* key) {
  auto it = req.find(key);
  if (it == req.end() || !it->is_number_unsigned() || it->get<u64>() > UINT32_MAX)
    return std::nullopt;
  return static_cast<u32>(it->get<u64>());
}

std::optional<std::string> string_of(const nlohmann::json& req, const char* key) {
  auto it = req.find(key);
  if (it == req.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

class Server {
 public:
  Server(const ExecLimits& limits, std::string crash_field, std::string hang_field)
      : engine_(make_reference_engine(limits)),
        crash_field_(std::move(crash_field)),
        hang_field_(std::move(hang_field)) {}

  // The reply to one request line; `id` is the request's id (null when it has none).
  Reply handle(const nlohmann::json& req, size_t& index) {
    index = 0;
    if (auto i = req.find("index"); i != req.end() && i->is_number_unsigned())
      index = static_cast<size_t>(i->get<u64>());
    const std::optional<std::string> type = string_of(req, "type");
    if (!type) return error_reply("bad-request", "the request has no \"type\"");
    if (*type == "hello") return Reply{};  // the description is added by the caller
    if (*type == "begin") return begin(req);
    if (*type == "end") {
      engine_->end_script();
      begun_ = false;
      return Reply{};
    }
    if (!begun_) return error_reply("no-script", "no script has begun (send \"begin\" first)");
    if (*type == "compile") return compile(req, index);
    if (*type == "instantiate") {
      const std::optional<u32> m = handle_of(req, "module");
      if (!m) return error_reply("bad-request", "instantiate needs \"module\"");
      return engine_->instantiate(index, *m);
    }
    if (*type == "register") {
      const std::optional<u32> i = handle_of(req, "instance");
      const std::optional<std::string> as = string_of(req, "as");
      if (!i || !as) return error_reply("bad-request", "register needs \"instance\" and \"as\"");
      return engine_->register_instance(index, *i, *as);
    }
    if (*type == "invoke" || *type == "get") {
      const std::optional<u32> i = handle_of(req, "instance");
      const std::optional<std::string> field = string_of(req, "field");
      if (!i || !field) return error_reply("bad-request", *type + " needs \"instance\" and \"field\"");
      if (*type == "get") return engine_->get(index, *i, *field);
      test_hooks(*field);
      const nlohmann::json args = req.value("args", nlohmann::json::array());
      return engine_->invoke(index, *i, *field, args);
    }
    return error_reply("bad-request", "unknown request type \"" + *type + "\"");
  }

  EngineDescription describe() {
    EngineDescription d = engine_->describe();
    d.name = "wasmref-serve";  // not "reference": its reports must not overwrite the reference's
    return d;
  }

 private:
  Reply begin(const nlohmann::json& req) {
    Profile profile;
    profile.name = string_of(req, "profile").value_or("");
    if (auto f = req.find("features"); f != req.end()) {
      std::vector<std::string> names;
      if (!f->is_array()) return error_reply("bad-request", "\"features\" must be a list");
      for (const nlohmann::json& n : *f) {
        if (!n.is_string()) return error_reply("bad-request", "\"features\" must hold strings");
        names.push_back(n.get<std::string>());
      }
      std::string unknown;
      std::optional<Features> features = features_from_names(names, unknown);
      if (!features) return error_reply("unsupported-feature", "unknown feature \"" + unknown + "\"");
      profile.features = *features;
    }
    // No script travels with the protocol: the adapter answers without expectations.
    begun_ = true;
    return engine_->begin_script(no_script_, profile);
  }

  Reply compile(const nlohmann::json& req, size_t index) {
    if (const std::optional<std::string> path = string_of(req, "path"))
      return engine_->compile(index, *path);
    const std::optional<std::string> b64 = string_of(req, "bytes");
    if (!b64) return error_reply("bad-request", "compile needs \"path\" or \"bytes\"");
    const std::optional<std::vector<u8>> bytes = base64_decode(*b64);
    if (!bytes) return error_reply("bad-request", "\"bytes\" is not base64");
    // The adapter compiles files: the bytes go through a private temporary file.
    if (!tmp_.ok()) return error_reply("engine-error", "cannot create a temporary directory");
    const std::string path = tmp_.path() + "/module.wasm";
    {
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      out.write(reinterpret_cast<const char*>(bytes->data()),
                static_cast<std::streamsize>(bytes->size()));
      if (!out) return error_reply("engine-error", "cannot write " + path);
    }
    return engine_->compile(index, path);
  }

  // Test-only: behave like a broken engine when asked to invoke a chosen export.
  void test_hooks(const std::string& field) {
    if (!crash_field_.empty() && field == crash_field_) _exit(70);
    if (!hang_field_.empty() && field == hang_field_)
      for (;;) std::this_thread::sleep_for(std::chrono::hours(1));
  }

  std::unique_ptr<Engine> engine_;
  const Script no_script_{};
  bool begun_ = false;
  TempDir tmp_;
  const std::string crash_field_, hang_field_;
};

}  // namespace

int serve_main(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
               std::ostream& err) {
  ExecLimits limits = default_script_limits();
  std::string crash_field, hang_field;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool has_value = i + 1 < args.size();
    if (a == "--help" || a == "-h") {
      out << kServeUsage;
      return kExitOk;
    } else if (a == "--fuel" && has_value) {
      const std::string& v = args[++i];
      try {
        size_t used = 0;
        limits.fuel = std::stoull(v, &used);
        if (used != v.size()) throw std::invalid_argument(v);
      } catch (const std::exception&) {
        err << "wasmref serve: --fuel needs a number, got '" << v << "'\n";
        return kExitHarness;
      }
    } else if (a == "--crash-on-invoke" && has_value) {
      crash_field = args[++i];
    } else if (a == "--hang-on-invoke" && has_value) {
      hang_field = args[++i];
    } else {
      err << "wasmref serve: unknown option '" << a << "' (or missing value)\n" << kServeUsage;
      return kExitHarness;
    }
  }

  Server server(limits, crash_field, hang_field);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line == "\r") continue;
    nlohmann::json id = nullptr;
    Reply reply;
    bool hello = false;
    JsonParse p = parse_json_tolerant(line);
    if (!p.value || !p.value->is_object()) {
      reply = error_reply("bad-request", p.value ? "the request is not an object" : p.error);
    } else {
      if (auto it = p.value->find("id"); it != p.value->end()) id = *it;
      hello = p.value->value("type", std::string()) == "hello";
      size_t index = 0;
      try {
        reply = server.handle(*p.value, index);
      } catch (const std::exception& e) {
        reply = Reply{};
        reply.outcome = "crash";
        reply.message = std::string("C++ exception: ") + e.what();
      }
    }
    nlohmann::json j = reply_to_json(reply, id);
    if (hello) {
      j["engine"] = description_to_json(server.describe());
      j["protocol"] = kProtocolVersion;
    }
    out << dump_json(j) << "\n";
    out.flush();
  }
  return kExitOk;
}

}  // namespace wasmref::harness
