// Harness: the expected outcome of each command kind and the verdict (notes-harness §2.1, §5.3)
#include "harness/judge.h"

#include "harness/match.h"
#include "syntax/messages.h"

namespace wasmref::harness {

const char* expected_outcome(CommandKind k) {
  switch (k) {
    case CommandKind::module:
    case CommandKind::register_:
    case CommandKind::action:
    case CommandKind::assert_return: return "ok";
    case CommandKind::assert_trap: return "trap";
    case CommandKind::assert_exhaustion: return "exhaustion";
    case CommandKind::assert_exception: return "exception";
    case CommandKind::assert_invalid: return "invalid";
    case CommandKind::assert_malformed: return "malformed";
    case CommandKind::assert_unlinkable: return "link_error";
    // A trap while running segments or the start function (distinct from link_error).
    case CommandKind::assert_uninstantiable: return "instantiation_trap";
    case CommandKind::unsupported: return "unsupported";
  }
  return "unsupported";
}

const char* expected_js_class(CommandKind k) {
  switch (k) {
    case CommandKind::module:
    case CommandKind::register_:
    case CommandKind::action:
    case CommandKind::assert_return:
    case CommandKind::unsupported: return nullptr;
    case CommandKind::assert_invalid:
    case CommandKind::assert_malformed: return "CompileError";
    case CommandKind::assert_unlinkable: return "LinkError";
    case CommandKind::assert_uninstantiable:
    case CommandKind::assert_trap: return "RuntimeError";
    case CommandKind::assert_exhaustion: return "RangeError";
    case CommandKind::assert_exception: return "Exception";
  }
  return nullptr;
}

const char* js_class_of_outcome(const std::string& outcome) {
  if (outcome == "malformed" || outcome == "invalid" || outcome == kCompileError)
    return "CompileError";
  if (outcome == "link_error") return "LinkError";
  // A core crash becomes a RuntimeError carrying the crash message (jsapi throw_core_error).
  if (outcome == "trap" || outcome == "instantiation_trap" || outcome == "crash")
    return "RuntimeError";
  if (outcome == "exhaustion") return "RangeError";  // the host's stack-overflow class
  if (outcome == "exception") return "Exception";
  return nullptr;
}

std::string text_match(const std::optional<std::string>& expected, const std::string& message) {
  if (!expected || message.empty()) return "n/a";
  // The reference interpreter's rule: the actual message starts with the expected text.
  return message.compare(0, expected->size(), *expected) == 0 ? "prefix" : "mismatch";
}

Record begin_record(const Command& c, const std::string& file, const std::string& profile) {
  Record r;
  r.file = file;
  r.profile = profile;
  r.index = c.index;
  r.line = c.line;
  r.kind = c.type_name;
  r.expected_outcome = expected_outcome(c.kind);
  if (const char* cls = expected_js_class(c.kind)) r.expected_js_class = cls;
  r.expected_text = c.text;
  if (c.kind == CommandKind::assert_return) {
    if (c.uses_either)
      r.expected_either = c.expected_json;
    else
      r.expected_values = c.expected_json;
  }
  r.actual_outcome = "none";
  r.module_file = c.filename;
  if (c.action) {
    const Action& a = *c.action;
    r.action = {{"op", a.op == Action::Op::invoke ? "invoke" : "get"},
                {"module", a.module ? nlohmann::json(*a.module) : nlohmann::json(nullptr)},
                {"field", a.field},
                {"args", a.json.contains("args") ? a.json["args"] : nlohmann::json::array()}};
  }
  return r;
}

LaneType result_shape(const Command& c, size_t i) {
  for (const std::vector<WastValue>& alt : c.alternatives)
    if (i < alt.size() && alt[i].type == ValType::v128) return alt[i].lane_type;
  return LaneType::i32;
}

void judge_outcome(Record& r, const std::string& actual_outcome, const std::string& message,
                   const std::optional<std::string>& js_class) {
  r.actual_outcome = actual_outcome;
  r.actual_message = message;
  r.actual_js_class = js_class;
  r.text_match = text_match(r.expected_text, message);
  r.note.clear();
  // A compile-time rejection whose phase nobody can tell (judge.h): what the command requires
  // of a JS engine, a CompileError, is all that can be checked. Not a fail of the engine;
  // the reason and note keep it apart from a checked pass.
  const bool compile_time = r.expected_outcome == "malformed" || r.expected_outcome == "invalid";
  if (actual_outcome == kCompileError && compile_time && js_class == r.expected_js_class) {
    r.verdict = Verdict::pass;
    r.reason = kPhaseUnchecked;
    r.note = "CompileError as required; malformed or invalid not checked: JS does not say "
             "which, and the reference cannot classify this module";
    return;
  }
  if (actual_outcome == r.expected_outcome) {
    // The JS-visible dimension: the same outcome under another class is still wrong.
    const bool same_class = js_class == r.expected_js_class;
    r.verdict = same_class ? Verdict::pass : Verdict::fail;
    r.reason = same_class ? "" : "class-mismatch";
    return;
  }
  r.verdict = Verdict::fail;
  // Decoding and validation are both compile errors: say which phase was wrong.
  const bool phases = (r.expected_outcome == "invalid" && actual_outcome == "malformed") ||
                      (r.expected_outcome == "malformed" && actual_outcome == "invalid");
  r.reason = phases ? "wrong-phase" : "outcome-mismatch";
  // The reference names a proposal it does not implement in its message ("integer too large:
  // unsupported: threads (...)"): the reason says so, not a malformed module of the script's.
  const std::string marker = msg::unsupported_feature;
  if (const size_t at = message.find(marker); at != std::string::npos) {
    const size_t from = at + marker.size();
    const size_t end = message.find_first_of(" (:;", from);
    const std::string feature = message.substr(from, end == std::string::npos ? end : end - from);
    if (!feature.empty()) r.reason = marker + feature;
  }
}

void judge_values(Record& r, const Command& c, std::span<const Value> results) {
  nlohmann::json values = nlohmann::json::array();
  for (size_t i = 0; i < results.size(); ++i)
    values.push_back(encode_value(results[i], result_shape(c, i)));
  r.actual_values = std::move(values);
  judge_outcome(r, "ok", "", std::nullopt);
  if (c.kind != CommandKind::assert_return || r.verdict != Verdict::pass) return;
  const MatchResult m = match_alternatives(c.alternatives, results);
  if (m != MatchResult::match) {
    r.verdict = Verdict::fail;
    r.reason = to_reason(m);
  }
}

void mark_skip(Record& r, const std::string& reason, const std::string& message) {
  r.verdict = Verdict::skip;
  r.reason = reason;
  r.actual_outcome = "none";
  r.actual_message = message;
  r.actual_js_class.reset();
  r.text_match = "n/a";
}

void mark_blocked(Record& r, size_t failed_index, const std::string& message) {
  r.verdict = Verdict::blocked;
  r.reason = "blocked-by:" + std::to_string(failed_index);
  r.actual_outcome = "blocked";
  r.actual_message = message;
  r.actual_js_class.reset();
  r.text_match = "n/a";
}

void mark_error(Record& r, const std::string& reason, const std::string& message) {
  r.verdict = Verdict::error;
  r.reason = reason;
  r.actual_outcome = "error";
  r.actual_message = message;
  r.actual_js_class.reset();
  r.text_match = "n/a";
}

}  // namespace wasmref::harness
