// Harness: the JSON-lines protocol engine (harness/PROTOCOL.md, notes-harness §5.4)
//
// Any engine that reads one request object per line on stdin and writes one reply per
// request on stdout (matched by `id`) can be driven by the harness: `--engine "cmd:<command
// line>"`. The adapter runs the command (through /bin/sh, in its own process group), gives
// every request a deadline, and when the engine hangs or dies it kills it, answers `timeout`
// or `crash` for that request, restarts it and replays every earlier request of the script
// (replies discarded) before going on; after `max_restarts` restarts in one file the rest of
// the file is `blocked`. `wasmref serve` (serve.cc) is the reference speaking the protocol.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "harness/engine.h"

namespace wasmref::harness {

inline constexpr const char* kProtocolVersion = "wasmref-protocol/1";

struct ProtocolOptions {
  std::string command;             // run as `/bin/sh -c 'exec <command>'`
  u32 deadline_ms = 10'000;        // per request; a profile or file may raise it
  int max_restarts = 3;            // per file; then the rest of the file is blocked
  bool send_bytes = false;         // compile with base64 `bytes` instead of `path`
};

// The protocol engine for `options.command`, started and greeted (`hello`) before it is
// returned; nullptr and `error` set (one line: the command and why) when the command is empty,
// cannot be run, exits, does not answer hello within the deadline, or answers it with anything
// but "ok" and an `engine` object. A later crash restarts it (begin_script, requests).
std::unique_ptr<Engine> make_protocol_engine(const ProtocolOptions& options, std::string& error);

// --- The wire format, shared with `wasmref serve` -------------------------------------------

// A reply object (PROTOCOL.md "Replies") for request `id`.
nlohmann::json reply_to_json(const Reply& r, const nlohmann::json& id);
// A reply object as a Reply; a reply that breaks the format is outcome "error" with reason
// `bad-reply` and a message saying why.
Reply reply_from_json(const nlohmann::json& j);
// A reply to a request of `request_type` checked for what an "ok" must carry (compile and
// instantiate: `handle`; invoke: `values`; get: exactly one value); `bad-reply` quoting `raw`
// when it lacks it. Other outcomes pass through.
Reply check_reply_for(const std::string& request_type, Reply r, const nlohmann::json& raw);
nlohmann::json description_to_json(const EngineDescription& d);
EngineDescription description_from_json(const nlohmann::json& j);

// RFC 4648 base64 (with padding) of `bytes`, and back (nullopt when `text` is not base64).
std::string base64_encode(std::span<const u8> bytes);
std::optional<std::vector<u8>> base64_decode(std::string_view text);

}  // namespace wasmref::harness
