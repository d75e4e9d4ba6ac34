// Harness: the .wast script reader (the script grammar of the spec's reference interpreter,
// interpreter/README.md "Scripts", over the core 3.0 §6 text format)
#include "harness/wast_reader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <new>
#include <sstream>

#include "harness/files.h"
#include "text/lexer.h"
#include "text/numbers.h"
#include "text/wat.h"

namespace wasmref::harness {

namespace {

using text::Lexer;
using text::LexError;
using text::NumResult;
using text::NumStatus;
using text::Token;
using text::TokKind;

// A syntax error of the script: where (byte offset) and the suite's text for it.
struct ScriptError {
  size_t offset = 0;
  std::string message;
};

// Most alternatives an assert_return may expand to (one `either` per result position
// multiplies them), as script.cc allows.
constexpr size_t kMaxAlternatives = 4096;

// The module fields a file of bare fields may start with (§6.6.14: a module may be written as
// its fields alone; the spec interpreter reads such a file as one module).
bool is_module_field_keyword(std::string_view kw) {
  for (std::string_view f : {"type", "rec", "import", "func", "table", "memory", "global",
                             "export", "start", "elem", "data", "tag"})
    if (kw == f) return true;
  return false;
}

// A module as read: its file (or text error), its name, and how it was written.
struct ModuleRead {
  std::optional<std::string> name;  // `$id`, with the `$`
  bool definition = false;
  bool instance = false;                    // `(module instance $i? $d?)`
  std::optional<std::string> instance_of;   // `$d`
  Command::ModuleForm form = Command::ModuleForm::text;
  std::string filename;                     // "" when text_error or instance
  std::shared_ptr<const std::string> bytes; // the module's encoding (with `filename`)
  std::optional<Command::TextError> text_error;
};

class WastReader {
 public:
  WastReader(std::string_view source, const std::string& path, const WastReadOptions& options)
      : source_(source), path_(path), options_(options), lexer_(source) {}

  Script read() {
    Script s;
    s.json_path = path_;
    s.base_dir = options_.module_dir;
    script_ = &s;
    s.commands.reserve(command_count_hint());
    Token first = peek();
    if (first.kind == TokKind::lparen) {
      const size_t m = lexer_.mark();
      next();
      const Token kw = peek();
      lexer_.reset(m);
      if (kw.kind == TokKind::keyword && is_module_field_keyword(kw.text)) {
        inline_module(first);
        return s;
      }
    }
    while (peek().kind != TokKind::eof) command();
    return s;
  }

  // How many commands to reserve room for: lines starting with `(` (how scripts are written),
  // at most one per 8 bytes (`(module)`). Only a hint: it saves the vector's growth copies,
  // which would otherwise double the peak memory of a large script.
  size_t command_count_hint() const {
    size_t n = source_.empty() || source_[0] == '(' ? 1 : 0;
    for (size_t i = 1; i < source_.size(); ++i)
      if (source_[i] == '(' && source_[i - 1] == '\n') ++n;
    return std::min(n, source_.size() / 8 + 1);
  }

  // "path:line:col: message" of an error.
  std::string describe(const ScriptError& e) const {
    const text::Position p = text::position_of(source_, e.offset);
    return path_ + ":" + std::to_string(p.line) + ":" + std::to_string(p.column) + ": " +
           e.message;
  }

 private:
  // --- Tokens ---------------------------------------------------------------------------------
  Token next() {
    Token t;
    LexError e;
    if (!lexer_.next(t, e)) throw ScriptError{e.offset, e.message};
    return t;
  }
  Token peek() {
    Token t;
    LexError e;
    if (!lexer_.peek(t, e)) throw ScriptError{e.offset, e.message};
    return t;
  }
  [[noreturn]] void fail(const Token& t, std::string message) {
    if (t.kind == TokKind::eof) message = "unexpected end of script: " + message;
    throw ScriptError{t.offset, std::move(message)};
  }
  Token expect(TokKind k, const char* what) {
    Token t = next();
    if (t.kind != k) fail(t, std::string("unexpected token, expected ") + what);
    return t;
  }
  void expect_rparen() { expect(TokKind::rparen, "`)`"); }
  bool at(TokKind k) { return peek().kind == k; }
  bool at_keyword(std::string_view kw) {
    const Token t = peek();
    return t.kind == TokKind::keyword && t.text == kw;
  }
  // `(` followed by the keyword `kw`? Does not consume.
  bool at_field(std::string_view kw) {
    const size_t m = lexer_.mark();
    bool yes = false;
    if (next().kind == TokKind::lparen) yes = at_keyword(kw);
    lexer_.reset(m);
    return yes;
  }
  std::optional<std::string> take_id() {
    if (!at(TokKind::id)) return std::nullopt;
    const Token t = next();
    std::string id, error;
    if (!text::id_value(t, id, error)) fail(t, error);
    return "$" + id;  // wast2json keeps module names with their `$`
  }
  std::string take_string(const char* what) {
    const Token t = next();
    if (t.kind != TokKind::string) fail(t, std::string("unexpected token, expected ") + what);
    std::string bytes, error;
    if (!text::string_value(t, bytes, error)) fail(t, error);
    return bytes;
  }

  // Skips the rest of a command whose `(` and keyword were read: balanced by counting.
  void skip_rest() {
    size_t depth = 1;
    while (depth > 0) {
      const Token t = next();
      if (t.kind == TokKind::eof) fail(t, "unclosed `(`");
      if (t.kind == TokKind::lparen || t.kind == TokKind::annot_open) ++depth;
      if (t.kind == TokKind::rparen) --depth;
    }
  }

  // Lines grow with the offsets of commands, so they are counted incrementally (a 100 MB
  // script is scanned once, not once per command).
  u64 line_of(size_t offset) {
    if (offset < line_offset_) {
      line_offset_ = 0;
      line_ = 1;
    }
    for (; line_offset_ < offset && line_offset_ < source_.size(); ++line_offset_)
      if (source_[line_offset_] == '\n') ++line_;
    return line_;
  }

  Command& new_command(const Token& lparen, CommandKind kind, std::string type_name) {
    Command c;
    c.index = script_->commands.size();
    c.line = line_of(lparen.offset);
    c.kind = kind;
    c.type_name = std::move(type_name);
    script_->commands.push_back(std::move(c));
    return script_->commands.back();
  }

  // --- Modules --------------------------------------------------------------------------------
  // Keeps a module's bytes in `bytes` and returns its file name, writing the file only when
  // there is a module_dir.
  std::string write_module(std::string encoded, const Token& at,
                           std::shared_ptr<const std::string>& bytes) {
    std::string name = options_.stem + "." + std::to_string(module_count_++) + ".wasm";
    if (!options_.module_dir.empty()) {
      const std::string full = (std::filesystem::path(options_.module_dir) / name).string();
      std::ofstream out(full, std::ios::binary | std::ios::trunc);
      out.write(encoded.data(), static_cast<std::streamsize>(encoded.size()));
      if (!out) fail(at, "cannot write module file " + full);
    }
    bytes = std::make_shared<const std::string>(std::move(encoded));
    return name;
  }

  // The text reader's error inside the script source.
  [[noreturn]] void fail_text(const text::TextError& e) {
    throw ScriptError{e.offset, e.message};
  }

  // `(module ...)` after its `(` (the token `lparen`) and with `module` next.
  // `in_assertion`: the assertion's kind; an instance may only stand in an assertion that
  // instantiates (assert_unlinkable, assert_uninstantiable: `(assert_trap (module instance)
  // "...")` of the spec interpreter's scripts).
  ModuleRead module_(const Token& lparen, std::optional<CommandKind> in_assertion) {
    ModuleRead m;
    next();  // `module`
    if (at_keyword("instance")) {
      const Token kw = next();
      if (in_assertion && *in_assertion != CommandKind::assert_unlinkable &&
          *in_assertion != CommandKind::assert_uninstantiable)
        fail(kw, "unexpected token, a module instance is not a module");
      m.instance = true;
      m.name = take_id();
      m.instance_of = take_id();
      expect_rparen();
      return m;
    }
    if (at_keyword("definition")) {
      next();
      m.definition = true;
    }
    m.name = take_id();
    if (at_keyword("binary")) {
      // §5 bytes as written: the strings concatenated.
      const Token kw = next();
      std::string bytes;
      while (at(TokKind::string)) bytes += take_string("a string");
      expect_rparen();
      m.form = Command::ModuleForm::binary;
      m.filename = write_module(std::move(bytes), kw, m.bytes);
      return m;
    }
    if (at_keyword("quote")) {
      // The strings concatenated are a text module, judged by the text reader.
      const Token kw = next();
      std::string text;
      while (at(TokKind::string)) text += take_string("a string");
      expect_rparen();
      m.form = Command::ModuleForm::quote;
      text::WatResult r = text::wat_to_binary(text, options_.features);
      if (r.ok) {
        m.filename = write_module(std::move(r.bytes), kw, m.bytes);
      } else {
        ++module_count_;  // the module keeps its number, as in wast2json (a .wat there)
        const text::Position p = text::position_of(text, r.error.offset);
        m.text_error = Command::TextError{r.error.message, p.line, p.column};
      }
      return m;
    }
    // modulefield* up to the closing `)`.
    text::WatResult r = text::parse_module_fields(lexer_, options_.features);
    if (!r.ok) fail_text(r.error);
    expect_rparen();
    m.filename = write_module(std::move(r.bytes), lparen, m.bytes);
    return m;
  }

  void set_module(Command& c, ModuleRead&& m) {
    c.name = std::move(m.name);
    c.definition = m.definition;
    c.instance = m.instance;
    c.instance_of = std::move(m.instance_of);
    c.filename = std::move(m.filename);
    c.module_bytes = std::move(m.bytes);
    c.text_module = false;  // quoted modules are bytes already, or a text_error
    c.text_error = std::move(m.text_error);
    c.form = m.form;
  }

  // A whole file of bare module fields: one module command.
  void inline_module(const Token& first) {
    text::WatResult r = text::wat_to_binary(source_, options_.features);
    if (!r.ok) fail_text(r.error);
    Command& c = new_command(first, CommandKind::module, "module");
    c.filename = write_module(std::move(r.bytes), first, c.module_bytes);
  }

  // --- Values ---------------------------------------------------------------------------------
  // A number of `bits` as an integer literal (iN) or a float literal (fN).
  u64 int_literal(unsigned bits) {
    const Token t = next();
    if (t.kind != TokKind::number) fail(t, "unexpected token, expected a number");
    const NumResult n = text::parse_iN(t.text, bits);
    if (n.status == NumStatus::out_of_range) fail(t, "constant out of range");
    if (n.status != NumStatus::ok) fail(t, "unexpected token, expected a number");
    return n.bits;
  }
  // A float literal, or (in results) a NaN pattern.
  void float_literal(unsigned bits, bool result, PatKind& kind, u64& out) {
    const Token t = next();
    if (result && t.kind == TokKind::keyword &&
        (t.text == "nan:canonical" || t.text == "nan:arithmetic")) {
      kind = t.text == "nan:canonical" ? PatKind::nan_canonical : PatKind::nan_arithmetic;
      out = 0;
      return;
    }
    if (t.kind != TokKind::number && t.kind != TokKind::keyword)
      fail(t, "unexpected token, expected a number");
    const NumResult n = text::parse_fN(t.text, bits);
    if (n.status == NumStatus::out_of_range) fail(t, "constant out of range");
    if (n.status != NumStatus::ok) fail(t, "unexpected token, expected a number");
    kind = PatKind::bits;
    out = n.bits;
  }

  // `(v128.const shape lane*)` after `v128.const`.
  void v128_lanes(WastValue& v, bool result) {
    const Token shape = next();
    struct Shape {
      std::string_view name;
      LaneType lt;
    };
    static constexpr Shape kShapes[] = {{"i8x16", LaneType::i8},  {"i16x8", LaneType::i16},
                                        {"i32x4", LaneType::i32}, {"i64x2", LaneType::i64},
                                        {"f32x4", LaneType::f32}, {"f64x2", LaneType::f64}};
    const Shape* found = nullptr;
    for (const Shape& s : kShapes)
      if (shape.kind == TokKind::keyword && shape.text == s.name) found = &s;
    if (!found) fail(shape, "unexpected token, expected a vector shape");
    v.type = ValType::v128;
    v.lane_type = found->lt;
    for (unsigned i = 0; i < lane_count(found->lt); ++i) {
      Lane lane;
      if (is_float_lane(found->lt))
        float_literal(lane_bits(found->lt), result, lane.kind, lane.bits);
      else
        lane.bits = int_literal(lane_bits(found->lt));
      v.lanes.push_back(lane);
    }
  }

  // An abstract heap type keyword (3.0 §6.4.2), or "" when the next token is not one.
  std::string heap_keyword() {
    const Token t = peek();
    if (t.kind != TokKind::keyword) return "";
    for (std::string_view h : {"func", "extern", "any", "eq", "i31", "struct", "array", "exn",
                               "none", "nofunc", "noextern", "noexn"})
      if (t.text == h) {
        next();
        return std::string(h);
      }
    return "";
  }

  // One `const` (argument) or `result` (expectation), `(` next. Sets `unsupported` for an
  // argument the runtime Value cannot carry.
  WastValue value(bool result, std::string& unsupported) {
    expect(TokKind::lparen, "`(`");
    const Token op = next();
    if (op.kind != TokKind::keyword) fail(op, "unexpected token, expected a value");
    WastValue v;
    const std::string_view k = op.text;
    if (k == "i32.const" || k == "i64.const") {
      v.type = k == "i32.const" ? ValType::i32 : ValType::i64;
      v.bits = int_literal(k == "i32.const" ? 32 : 64);
    } else if (k == "f32.const" || k == "f64.const") {
      v.type = k == "f32.const" ? ValType::f32 : ValType::f64;
      float_literal(k == "f32.const" ? 32 : 64, result, v.kind, v.bits);
    } else if (k == "v128.const") {
      v128_lanes(v, result);
    } else if (k == "ref.null") {
      // `(ref.null ht)`; `(ref.null)` alone is a result pattern: a null of any type.
      v.heap = heap_keyword();
      if (v.heap.empty()) {
        if (!result) fail(peek(), "unexpected token, expected a heap type");
        v.kind = PatKind::any_null;
      } else {
        v.kind = PatKind::null_ref;
      }
      v.type = ref_val_type(v.heap);
    } else if (k == "ref.extern" || k == "ref.host") {
      v.heap = k == "ref.extern" ? "extern" : "host";
      v.type = ref_val_type(v.heap);
      if (at(TokKind::number)) {
        const Token n = peek();
        v.kind = PatKind::host_ref;
        v.bits = int_literal(32);
        if (k == "ref.extern" && text::parse_uN(n.text, 32).status != NumStatus::ok)
          fail(n, "unexpected token, expected a host reference number");
      } else {
        // `(ref.extern)`: any non-null external reference (results only).
        if (!result || k == "ref.host") fail(peek(), "unexpected token, expected a number");
        v.kind = PatKind::any_ref;
      }
    } else if (result && (k == "ref.func" || k == "ref.struct" || k == "ref.array" ||
                          k == "ref.i31" || k == "ref.eq" || k == "ref.any" ||
                          k == "ref.exn")) {
      // Any non-null reference of that type.
      v.heap = std::string(k.substr(4));
      v.type = ref_val_type(v.heap);
      v.kind = k == "ref.func" ? PatKind::any_func : PatKind::any_ref;
    } else {
      fail(op, "unexpected token, unknown value `" + std::string(k) + "`");
    }
    expect_rparen();
    if (!result && !to_runtime_value(v))
      unsupported = "a (ref." + v.heap + ") pattern is no argument value (it names no reference)";
    return v;
  }

  // --- Actions --------------------------------------------------------------------------------
  // `(invoke $id? name const*)` / `(get $id? name)`.
  void action(Command& c) {
    expect(TokKind::lparen, "an action");
    const Token op = next();
    Action a;
    if (op.kind == TokKind::keyword && op.text == "invoke")
      a.op = Action::Op::invoke;
    else if (op.kind == TokKind::keyword && op.text == "get")
      a.op = Action::Op::get;
    else
      fail(op, "unexpected token, expected `invoke` or `get`");
    a.module = take_id();
    a.field = take_string("an export name");
    a.json = nlohmann::json::object();
    a.json["type"] = a.op == Action::Op::invoke ? "invoke" : "get";
    if (a.module) a.json["module"] = *a.module;
    a.json["field"] = a.field;
    if (a.op == Action::Op::invoke) {
      nlohmann::json args = nlohmann::json::array();
      while (at(TokKind::lparen)) {
        std::string unsupported;
        WastValue v = value(/*result=*/false, unsupported);
        if (!unsupported.empty() && c.problem.empty()) {
          c.problem = unsupported;
          c.problem_unsupported = true;
        }
        args.push_back(encode_wast_value(v));
        a.args.push_back(std::move(v));
      }
      a.json["args"] = std::move(args);
    }
    expect_rparen();
    c.action = std::move(a);
  }

  // `result*` of assert_return, each position a result or `(either result*)`.
  void results(Command& c) {
    std::vector<std::vector<WastValue>> positions;  // choices per position
    std::vector<bool> is_either;
    std::string ignored;
    while (at(TokKind::lparen)) {
      if (at_field("either")) {
        next();
        const Token kw = next();
        std::vector<WastValue> choices;
        while (at(TokKind::lparen)) choices.push_back(value(true, ignored));
        if (choices.empty()) fail(kw, "unexpected token, `either` needs results");
        expect_rparen();
        positions.push_back(std::move(choices));
        is_either.push_back(true);
      } else {
        positions.push_back({value(true, ignored)});
        is_either.push_back(false);
      }
    }
    // 1.0.32's encoding when the only result is an `either`: one alternative per element,
    // under the key `either` (notes-harness §1.5); the nested form otherwise (§1.11).
    if (positions.size() == 1 && is_either[0]) {
      c.uses_either = true;
      c.expected_json = nlohmann::json::array();
      for (WastValue& w : positions[0]) {
        c.expected_json.push_back(encode_wast_value(w));
        c.alternatives.push_back({std::move(w)});
      }
      return;
    }
    c.expected_json = nlohmann::json::array();
    std::vector<std::vector<WastValue>> alts(1);
    for (size_t i = 0; i < positions.size(); ++i) {
      if (is_either[i]) {
        c.uses_either = true;
        nlohmann::json e = {{"type", "either"}, {"values", nlohmann::json::array()}};
        for (const WastValue& w : positions[i]) e["values"].push_back(encode_wast_value(w));
        c.expected_json.push_back(std::move(e));
      } else {
        c.expected_json.push_back(encode_wast_value(positions[i][0]));
      }
      if (alts.size() * positions[i].size() > kMaxAlternatives) {
        if (c.problem.empty()) c.problem = "too many \"either\" alternatives";
        continue;
      }
      std::vector<std::vector<WastValue>> grown;
      for (const auto& prefix : alts)
        for (const WastValue& w : positions[i]) {
          grown.push_back(prefix);
          grown.back().push_back(w);
        }
      alts = std::move(grown);
    }
    c.alternatives = std::move(alts);
  }

  // --- Commands -------------------------------------------------------------------------------
  void unsupported(const Token& lparen, const Token& kw, std::string problem) {
    Command& c = new_command(lparen, CommandKind::unsupported, std::string(kw.text));
    c.problem = std::move(problem);
    c.problem_unsupported = true;
    skip_rest();
  }

  void command() {
    const Token lparen = next();
    if (lparen.kind != TokKind::lparen) fail(lparen, "unexpected token, expected a command");
    const Token kw = peek();
    if (kw.kind != TokKind::keyword) fail(kw, "unexpected token, expected a command");
    const std::string_view k = kw.text;

    if (k == "module") {
      ModuleRead m = module_(lparen, std::nullopt);
      Command& c = new_command(lparen, CommandKind::module, "module");
      set_module(c, std::move(m));
      return;
    }
    next();  // the keyword
    if (k == "register") {
      Command& c = new_command(lparen, CommandKind::register_, "register");
      c.as = take_string("a module name");
      c.name = take_id();
      return expect_rparen();
    }
    if (k == "invoke" || k == "get") {
      // A bare action: the wast2json `action` command.
      lexer_.reset(lparen.offset);
      Command& c = new_command(lparen, CommandKind::action, "action");
      return action(c);
    }
    if (k == "assert_return") {
      Command& c = new_command(lparen, CommandKind::assert_return, "assert_return");
      action(c);
      results(c);
      return expect_rparen();
    }
    if (k == "assert_trap" && at_field("module")) {
      // A module whose instantiation traps: wast2json's assert_uninstantiable.
      return module_assertion(lparen, CommandKind::assert_uninstantiable);
    }
    if (k == "assert_trap" || k == "assert_exhaustion" || k == "assert_exception") {
      const CommandKind kind = k == "assert_trap"         ? CommandKind::assert_trap
                               : k == "assert_exhaustion" ? CommandKind::assert_exhaustion
                                                          : CommandKind::assert_exception;
      Command& c = new_command(lparen, kind, std::string(k));
      action(c);
      if (kind != CommandKind::assert_exception) c.text = take_string("the expected text");
      return expect_rparen();
    }
    if (k == "assert_invalid") return module_assertion(lparen, CommandKind::assert_invalid);
    if (k == "assert_malformed") return module_assertion(lparen, CommandKind::assert_malformed);
    if (k == "assert_unlinkable")
      return module_assertion(lparen, CommandKind::assert_unlinkable);
    if (k == "assert_suspension")
      return unsupported(lparen, kw, "not implemented yet: stack switching (assert_suspension)");
    if (k == "thread" || k == "wait")
      return unsupported(lparen, kw, "not implemented yet: threads");
    if (k == "script" || k == "input" || k == "output")
      return unsupported(lparen, kw, "not implemented yet: meta command " + std::string(k));
    if (k == "assert_malformed_custom" || k == "assert_invalid_custom")
      return unsupported(lparen, kw, "not implemented yet: custom annotations (" +
                                         std::string(k) + ")");
    fail(kw, "unknown command `" + std::string(k) + "`");
  }

  // `(assert_X module "text")` after the keyword.
  void module_assertion(const Token& lparen, CommandKind kind) {
    if (!at_field("module")) fail(peek(), "unexpected token, expected a module");
    const Token inner = next();  // `(`
    ModuleRead m = module_(inner, kind);
    Command& c = new_command(lparen, kind, to_string(kind));
    set_module(c, std::move(m));
    c.text = take_string("the expected text");
    expect_rparen();
  }

  std::string_view source_;
  const std::string& path_;
  const WastReadOptions& options_;
  Lexer lexer_;
  Script* script_ = nullptr;
  size_t module_count_ = 0;
  size_t line_offset_ = 0;
  u64 line_ = 1;
};

}  // namespace

ScriptLoad read_wast(std::string_view source, const std::string& wast_path,
                     const WastReadOptions& options) {
  ScriptLoad out;
  WastReader reader(source, wast_path, options);
  try {
    out.script = reader.read();
  } catch (const ScriptError& e) {
    out.script.reset();
    out.error = reader.describe(e);
  } catch (const std::bad_alloc&) {
    out.script.reset();
    out.error = wast_path + ": out of memory while reading the script";
  }
  return out;
}

ScriptLoad load_wast(const std::string& wast_path, const WastReadOptions& options) {
  std::string source;
  if (!read_whole_file(wast_path, source)) {
    ScriptLoad out;
    out.error = wast_path + ": cannot read the file";
    return out;
  }
  return read_wast(source, wast_path, options);
}

}  // namespace wasmref::harness
