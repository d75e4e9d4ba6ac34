// Harness: the two front ends checked against each other (`wasmref crosscheck`)
#include "harness/crosscheck.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "binary/decode.h"
#include "harness/cli.h"
#include "harness/convert.h"
#include "harness/files.h"
#include "harness/json_reader.h"
#include "harness/profiles.h"
#include "harness/script.h"
#include "harness/wast_reader.h"

namespace wasmref::harness {
namespace fs = std::filesystem;

// --- Normalised bytes ------------------------------------------------------------------------

namespace {

bool read_uleb(const std::string& b, size_t& pos, u64& v) {
  v = 0;
  for (unsigned shift = 0; shift < 64; shift += 7) {
    if (pos >= b.size()) return false;
    const u8 byte = static_cast<u8>(b[pos++]);
    v |= u64(byte & 0x7F) << shift;
    if (!(byte & 0x80)) return true;
  }
  return false;
}

void write_uleb(std::string& out, u64 v) {
  do {
    u8 byte = v & 0x7F;
    v >>= 7;
    if (v) byte |= 0x80;
    out.push_back(static_cast<char>(byte));
  } while (v);
}

}  // namespace

std::string normalise_size_lebs(const std::string& b) {
  if (b.size() < 8) return b;
  std::string out = b.substr(0, 8);
  size_t pos = 8;
  while (pos < b.size()) {
    const u8 id = static_cast<u8>(b[pos++]);
    u64 size = 0;
    if (!read_uleb(b, pos, size) || size > b.size() - pos) return b;
    std::string content = b.substr(pos, size);
    pos += size;
    if (id == 10) {  // §5.5.13 code section: each body's size too
      size_t p = 0;
      u64 count = 0;
      std::string code;
      if (!read_uleb(content, p, count)) return b;
      write_uleb(code, count);
      for (u64 i = 0; i < count; ++i) {
        u64 len = 0;
        if (!read_uleb(content, p, len) || len > content.size() - p) return b;
        write_uleb(code, len);
        code.append(content, p, len);
        p += len;
      }
      if (p != content.size()) return b;
      content = std::move(code);
    }
    out.push_back(static_cast<char>(id));
    write_uleb(out, content.size());
    out += content;
  }
  return out;
}

// --- Fingerprints of decoded modules -----------------------------------------------------------

namespace {

void put_types(std::ostringstream& o, const std::vector<ValType>& ts) {
  o << '[';
  for (ValType t : ts) o << to_string(t) << ' ';
  o << ']';
}

void put_limits(std::ostringstream& o, const Limits& l) {
  o << l.min << '-' << (l.max ? std::to_string(*l.max) : std::string("none"));
}

void put_block_type(std::ostringstream& o, const BlockType& bt) {
  o << " bt" << static_cast<int>(bt.kind) << ':'
    << (bt.kind == BlockType::Kind::val ? to_string(bt.val) : "")
    << (bt.kind == BlockType::Kind::type ? std::to_string(bt.type.value) : "");
}

void put_expr(std::ostringstream& o, const Module& m, const Func* f, const Expr& e) {
  for (const Instr& i : e) {
    const OpInfo& info = op_info(i.op);
    o << info.text;
    switch (info.imm) {
      case Imm::none:
        break;
      case Imm::blocktype:
        put_block_type(o, i.block_type);
        break;
      case Imm::br_table:
        o << " [";
        if (f)
          for (u32 k = 0; k < i.y && i.x + k < f->br_table_labels.size(); ++k)
            o << f->br_table_labels[i.x + k] << ' ';
        o << ']';
        break;
      case Imm::reftype:
      case Imm::select_t:
        o << ' ' << to_string(i.ref_type) << ' ' << i.x;
        break;
      case Imm::try_table:  // the block type, then the decoded clauses
        put_block_type(o, i.block_type);
        o << " [";
        if (f)
          for (u32 k = 0; k < i.y && i.x + k < f->catches.size(); ++k) {
            const CatchClause& c = f->catches[i.x + k];
            o << static_cast<int>(c.kind) << ':' << c.tag << ':' << c.label << ' ';
          }
        o << ']';
        break;
      case Imm::heaptype:  // ref.test / ref.cast: the target reference type
        o << ' ' << to_string(i.ref_type);
        break;
      case Imm::br_on_cast:  // the label, the flags, both reference types
        o << ' ' << i.x << ' ' << i.bits << ' ' << to_string(i.block_type.val) << ' '
          << to_string(i.ref_type);
        break;
      case Imm::v128:
      case Imm::shuffle:
        o << " v";
        if (i.x < m.v128_immediates.size())
          for (u8 b : m.v128_immediates[i.x]) o << ' ' << static_cast<int>(b);
        break;
      default:
        o << ' ' << i.x << ' ' << i.y << ' ' << i.bits;
        break;
    }
    o << ';';
  }
}

}  // namespace

std::string module_fingerprint(const Module& m) {
  std::ostringstream o;
  o << "types:";
  for (const SubType& st : m.types) {
    // 3.0: the rec group place, final, the supertypes, the composite type.
    o << st.rec_pos << '/' << st.rec_len << (st.final ? " final" : " open") << " <";
    for (const HeapType& h : st.supers) o << to_string(h) << ' ';
    o << "> " << static_cast<int>(st.comp.kind);
    put_types(o, st.comp.func.params);
    put_types(o, st.comp.func.results);
    for (const FieldType& f : st.comp.fields) o << ' ' << static_cast<int>(f.mut) << to_string(f.storage);
    o << ' ';
  }
  o << "\nimports:";
  for (const Import& i : m.imports) {
    o << i.module.size() << ':' << i.module << ' ' << i.name.size() << ':' << i.name << ' '
      << to_string(i.kind) << ' ';
    switch (i.kind) {
      case ExternKind::func: o << i.func.value; break;
      case ExternKind::table:
        put_limits(o, i.table.limits);
        o << ' ' << to_string(i.table.elem);
        break;
      case ExternKind::mem: put_limits(o, i.mem.limits); break;
      case ExternKind::global:
        o << static_cast<int>(i.global.mut) << to_string(i.global.type);
        break;
      case ExternKind::tag: o << i.tag.value; break;
    }
    o << ';';
  }
  o << "\nfuncs:";
  for (const Func& f : m.funcs) {
    o << f.type.value << ' ';
    put_types(o, f.locals);
    put_expr(o, m, &f, f.body);
    o << '\n';
  }
  o << "tables:";
  for (const Table& t : m.tables) {
    put_limits(o, t.type.limits);
    o << ' ' << to_string(t.type.elem) << ' ' << to_string(t.type.addr) << ' ';
    put_expr(o, m, nullptr, t.init);  // 3.0: the initializer expression (empty: none)
    o << ';';
  }
  o << "\nmems:";
  for (const Mem& mm : m.mems) {
    put_limits(o, mm.type.limits);
    o << ';';
  }
  o << "\ntags:";
  for (const Tag& t : m.tags) o << t.type.value << ';';
  o << "\nglobals:";
  for (const Global& g : m.globals) {
    o << static_cast<int>(g.type.mut) << to_string(g.type.type) << ' ';
    put_expr(o, m, nullptr, g.init);
    o << '|';
  }
  o << "\nelems:";
  for (const Elem& e : m.elems) {
    o << to_string(e.type) << ' ' << static_cast<int>(e.mode) << ' ' << e.table.value << " (";
    put_expr(o, m, nullptr, e.offset);
    o << ") ";
    for (const Expr& x : e.init) {
      put_expr(o, m, nullptr, x);
      o << ',';
    }
    o << '|';
  }
  o << "\ndatas:";
  for (const Data& d : m.datas) {
    o << static_cast<int>(d.mode) << ' ' << d.memory.value << " (";
    put_expr(o, m, nullptr, d.offset);
    o << ") " << d.init.size() << ':' << std::string(d.init.begin(), d.init.end()) << '|';
  }
  o << "\nstart:" << (m.start ? std::to_string(m.start->func.value) : std::string("none"));
  o << "\nexports:";
  for (const Export& e : m.exports)
    o << e.name.size() << ':' << e.name << ' ' << to_string(e.kind) << ' ' << e.index << ';';
  o << "\ncustoms:";
  for (const CustomSection& c : m.customs)
    o << c.name.size() << ':' << c.name << ' ' << std::string(c.bytes.begin(), c.bytes.end())
      << '|';
  return o.str();
}

// --- `wasmref crosscheck` ------------------------------------------------------------------

namespace {

constexpr const char* kBaselineSchema = "wasmref-crosscheck-baseline/1";

constexpr const char* kCrosscheckUsage =
    "usage: wasmref crosscheck [--suite-root DIR] [--wast2json PATH] [--baseline FILE]\n"
    "                          [--write-baseline FILE] [--quiet] [PATH...]\n"
    "       wasmref crosscheck --bin BINDIR [--suite-root DIR] [--baseline FILE] ...\n"
    "  Without --bin: reads every .wast (of PATH, default: the 2022 suite root) with\n"
    "  wast2json and with the native text reader, and compares every module both produce.\n"
    "  With --bin: reads every core .wast of the 3.0 suite (default root: the build's) and\n"
    "  its BINDIR/core/NAME.bin.wast (the spec interpreter's binary conversion) with the native\n"
    "  reader, and compares every module the text reader encodes with the spec interpreter's.\n"
    "  Modules agree when their bytes are equal once section and body sizes are normalised,\n"
    "  or when they decode to the same module. --baseline FILE: the known disagreements with\n"
    "  their reasons; a new one, or a listed one that is gone, makes the exit 1.\n"
    "  --write-baseline FILE writes today's disagreements (reasons kept from --baseline).\n"
    "options:\n"
    "  --suite-root DIR        the suite read (default: the build's 2022 suite; 3.0 with --bin)\n"
    "  --wast2json PATH        the wast2json to run (default: found at build time or on PATH)\n"
    "  --bin BINDIR            compare with the spec interpreter's .bin.wast files (default: off)\n"
    "  --baseline FILE         the known disagreements (default: none: every one is new)\n"
    "  --write-baseline FILE   write today's disagreements there (default: not written)\n"
    "  --quiet                 omit the disagreements the baseline lists\n"
    "  -h, --help              this text\n";

struct Disagreement {
  std::string key;  // "file" or "file#index"
  std::string file;
  std::optional<size_t> index;
  u64 line = 0;
  std::string detail;
};

struct Tally {
  u64 files = 0, skipped_files = 0, compared = 0, equal_bytes = 0, equal_decoded = 0,
      not_compared = 0;
  std::vector<Disagreement> found;
};

// Compares two encodings of one module; "" when they are the same module, else what differs.
std::string compare_modules(const std::string& x, const std::string& y, const Features& features,
                            Tally& t) {
  ++t.compared;
  const std::string nx = normalise_size_lebs(x), ny = normalise_size_lebs(y);
  if (nx == ny) {
    ++t.equal_bytes;
    return "";
  }
  const std::span<const u8> xs(reinterpret_cast<const u8*>(x.data()), x.size());
  const std::span<const u8> ys(reinterpret_cast<const u8*>(y.data()), y.size());
  Result<Module> mx = decode_module(xs, features);
  Result<Module> my = decode_module(ys, features);
  if (mx && my && module_fingerprint(*mx) == module_fingerprint(*my)) {
    ++t.equal_decoded;
    return "";
  }
  size_t at = 0;
  while (at < nx.size() && at < ny.size() && nx[at] == ny[at]) ++at;
  std::string detail = "bytes differ from offset " + std::to_string(at) + " (sizes " +
                       std::to_string(nx.size()) + " and " + std::to_string(ny.size()) + ")";
  if (!mx || !my)
    detail += std::string(", and the decoder cannot judge them: ") +
              (mx ? my.error().message : mx.error().message);
  return detail;
}

std::string read_module_file(const Script& s, const Command& c) {
  std::string bytes;
  if (!read_whole_file((fs::path(s.base_dir) / c.filename).string(), bytes)) return {};
  return bytes;
}

// The 2022 suite: wast2json against the native reader.
bool check_wast2json(const std::string& path, const std::string& file, const Profile& profile,
                     const std::string& tool, Tally& t, std::ostream& err) {
  TempDir wabt_dir, native_dir;
  if (!wabt_dir.ok() || !native_dir.ok()) {
    err << "wasmref crosscheck: cannot create a temporary directory\n";
    return false;
  }
  Conversion c = convert_wast(tool, profile.wast2json, path, wabt_dir.path());
  if (c.status != Conversion::Status::ok) {
    ++t.skipped_files;  // nothing to compare: wast2json 1.0.32 cannot read the file
    return true;
  }
  ++t.files;
  ScriptLoad ws = load_script(c.json_path);
  WastReadOptions ro;
  ro.features = profile.text_features;
  ro.module_dir = native_dir.path();
  ro.stem = fs::path(path).stem().string();
  ScriptLoad ns = load_wast(path, ro);
  if (!ws.script) {
    t.found.push_back({file, file, std::nullopt, 0, "wast2json's JSON: " + ws.error});
    return true;
  }
  if (!ns.script) {
    t.found.push_back({file, file, std::nullopt, 0, "native reader: " + ns.error});
    return true;
  }
  const std::vector<Command>& wc = ws.script->commands;
  const std::vector<Command>& nc = ns.script->commands;
  if (wc.size() != nc.size()) {
    t.found.push_back({file, file, std::nullopt, 0,
                       "command counts differ: wast2json " + std::to_string(wc.size()) +
                           ", native " + std::to_string(nc.size())});
    return true;
  }
  for (size_t i = 0; i < wc.size(); ++i) {
    const Command& a = wc[i];
    const Command& b = nc[i];
    const std::string key = file + "#" + std::to_string(i);
    if (a.kind != b.kind) {
      t.found.push_back({key, file, i, a.line,
                         std::string("command kinds differ: ") + to_string(a.kind) + " / " +
                             to_string(b.kind)});
      continue;
    }
    // Only modules both produced: wast2json keeps quoted text as text.
    if (!is_module_kind(a.kind) || a.filename.empty() || b.filename.empty() || a.text_module ||
        b.text_error)
      continue;
    const std::string x = read_module_file(*ws.script, a), y = read_module_file(*ns.script, b);
    const std::string d = compare_modules(x, y, profile.text_features, t);
    if (!d.empty()) t.found.push_back({key, file, i, a.line, d});
  }
  return true;
}

// The modules of a script in the order the binary conversion keeps them: every module command
// but `module instance` (no module) and `assert_malformed` on quoted text (text only).
std::vector<const Command*> convertible_modules(const Script& s) {
  std::vector<const Command*> out;
  for (const Command& c : s.commands) {
    if (!is_module_kind(c.kind) || c.instance) continue;
    if (c.kind == CommandKind::assert_malformed && c.form == Command::ModuleForm::quote) continue;
    out.push_back(&c);
  }
  return out;
}

// The 3.0 suite: the native reader's encoding against the spec interpreter's.
bool check_bin(const std::string& path, const std::string& bin_path, const std::string& file,
               const Profile& profile, Tally& t, std::ostream& err) {
  TempDir text_dir, bin_dir;
  if (!text_dir.ok() || !bin_dir.ok()) {
    err << "wasmref crosscheck: cannot create a temporary directory\n";
    return false;
  }
  ++t.files;
  WastReadOptions ro;
  ro.features = profile.text_features;
  ro.module_dir = text_dir.path();
  ro.stem = fs::path(path).stem().string();
  ScriptLoad ts = load_wast(path, ro);
  ro.module_dir = bin_dir.path();
  ScriptLoad bs = load_wast(bin_path, ro);
  if (!ts.script || !bs.script) {
    t.found.push_back({file, file, std::nullopt, 0,
                       "native reader: " + (ts.script ? bs.error : ts.error)});
    return true;
  }
  const std::vector<const Command*> tm = convertible_modules(*ts.script);
  const std::vector<const Command*> bm = convertible_modules(*bs.script);
  if (tm.size() != bm.size()) {
    t.found.push_back({file, file, std::nullopt, 0,
                       "module counts differ: text " + std::to_string(tm.size()) +
                           ", spec interpreter " + std::to_string(bm.size())});
    return true;
  }
  for (size_t i = 0; i < tm.size(); ++i) {
    const Command& a = *tm[i];
    const Command& b = *bm[i];
    const std::string key = file + "#" + std::to_string(a.index);
    // A `module binary` is bytes as written, not the text reader's encoding (the spec
    // interpreter re-encodes those, dropping custom sections and padding).
    if (a.form == Command::ModuleForm::binary) {
      ++t.not_compared;
      continue;
    }
    if (a.text_error) {
      t.found.push_back({key, file, a.index, a.line,
                         "the text reader rejects a module the spec interpreter encoded: " +
                             a.text_error->message});
      continue;
    }
    const std::string d = compare_modules(read_module_file(*ts.script, a),
                                          read_module_file(*bs.script, b),
                                          profile.text_features, t);
    if (!d.empty()) t.found.push_back({key, file, a.index, a.line, d});
  }
  return true;
}

}  // namespace

int crosscheck_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string suite_root;
  std::string wast2json_opt, baseline_path, write_baseline, bin_root;
  bool quiet = false;
  std::vector<std::string> paths;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string& dst) {
      if (i + 1 >= args.size()) return false;
      dst = args[++i];
      return true;
    };
    if (a == "-h" || a == "--help") {
      out << kCrosscheckUsage;
      return kExitOk;
    } else if (a == "--quiet") {
      quiet = true;
    } else if ((a == "--suite-root" && value(suite_root)) ||
               (a == "--wast2json" && value(wast2json_opt)) ||
               (a == "--baseline" && value(baseline_path)) ||
               (a == "--write-baseline" && value(write_baseline)) ||
               (a == "--bin" && value(bin_root))) {
    } else if (a.rfind("--", 0) == 0) {
      err << "wasmref crosscheck: unknown option '" << a << "' (or missing value)\n"
          << kCrosscheckUsage;
      return kExitHarness;
    } else {
      paths.push_back(a);
    }
  }
  const bool bin_mode = !bin_root.empty();
  if (suite_root.empty()) suite_root = bin_mode ? default_suite3_root() : default_suite_root();
  if (suite_root.empty()) {
    err << "wasmref crosscheck: no suite root (pass --suite-root DIR)\n";
    return kExitHarness;
  }
  if (paths.empty()) paths.push_back(bin_mode ? suite_root + "/core" : suite_root);

  ProfilesLoad pl = parse_profiles(embedded_profiles_json(), "embedded profiles");
  if (!pl.table) {
    err << "wasmref crosscheck: " << pl.error << "\n";
    return kExitHarness;
  }
  std::string tool;
  if (!bin_mode) {
    std::optional<std::string> found =
        find_executable(wast2json_opt.empty() ? std::string("wast2json") : wast2json_opt);
    if (!found && wast2json_opt.empty()) found = find_executable(default_wast2json());
    if (!found) {
      err << "wasmref crosscheck: wast2json not found: install WABT 1.0.32 (apt-get install "
             "wabt) or pass --wast2json PATH\n";
      return kExitHarness;
    }
    tool = *found;
  }

  // Known disagreements.
  std::map<std::string, std::string> baseline;  // key -> reason
  if (!baseline_path.empty()) {
    std::string text;
    if (!read_whole_file(baseline_path, text)) {
      err << "wasmref crosscheck: " << baseline_path << ": cannot read the file\n";
      return kExitHarness;
    }
    JsonParse p = parse_json_tolerant(text);
    if (!p.value || !p.value->is_object() ||
        p.value->value("schema", std::string()) != kBaselineSchema ||
        !p.value->contains("entries") || !(*p.value)["entries"].is_array()) {
      err << "wasmref crosscheck: " << baseline_path << ": not a crosscheck baseline (schema \""
          << kBaselineSchema << "\")\n";
      return kExitHarness;
    }
    for (const nlohmann::json& e : (*p.value)["entries"]) {
      if (!e.is_object() || !e.contains("file") || !e["file"].is_string() ||
          !e.contains("reason") || !e["reason"].is_string()) {
        err << "wasmref crosscheck: " << baseline_path
            << ": every entry needs \"file\" and \"reason\"\n";
        return kExitHarness;
      }
      std::string key = e["file"].get<std::string>();
      if (e.contains("index") && e["index"].is_number_unsigned())
        key += "#" + std::to_string(e["index"].get<u64>());
      baseline[key] = e["reason"].get<std::string>();
    }
  }

  // The files.
  std::vector<std::string> files;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (fs::recursive_directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file(ec) && it->path().extension() == ".wast")
          files.push_back(it->path().string());
    } else if (fs::exists(p, ec)) {
      files.push_back(p);
    } else {
      err << "wasmref crosscheck: " << p << ": no such file or directory\n";
      return kExitHarness;
    }
  }
  std::sort(files.begin(), files.end());

  Tally t;
  for (const std::string& path : files) {
    std::error_code ec;
    fs::path rel = fs::weakly_canonical(path, ec).lexically_relative(
        fs::weakly_canonical(suite_root, ec));
    if (rel.empty() || *rel.begin() == "..") rel = fs::path(path).filename();
    const std::string suite = bin_mode ? "3.0" : "2022";
    const std::string file = (bin_mode ? "3.0/" : "") + rel.generic_string();
    const Profile* profile = pl.table->for_dir(rel.parent_path().generic_string(), suite);
    if (!profile) continue;
    bool ok = true;
    if (bin_mode) {
      fs::path bin = fs::path(bin_root) / rel;
      bin.replace_extension(".bin.wast");
      if (!fs::exists(bin, ec)) {
        ++t.skipped_files;  // no binary conversion (legacy/, custom/)
        continue;
      }
      ok = check_bin(path, bin.string(), file, *profile, t, err);
    } else {
      ok = check_wast2json(path, file, *profile, tool, t, err);
    }
    if (!ok) return kExitHarness;
  }

  // Against the baseline.
  std::set<std::string> seen;
  u64 fresh = 0;
  for (const Disagreement& d : t.found) {
    seen.insert(d.key);
    const auto it = baseline.find(d.key);
    if (it == baseline.end()) ++fresh;
    if (quiet && it != baseline.end()) continue;
    out << (it == baseline.end() ? "NEW   " : "known ") << d.file
        << (d.index ? ":" + std::to_string(d.line) + " #" + std::to_string(*d.index) : "")
        << ": " << d.detail;
    if (it != baseline.end()) out << " (" << it->second << ")";
    out << "\n";
  }
  u64 gone = 0;
  for (const auto& [key, reason] : baseline) {
    if (seen.count(key)) continue;
    ++gone;
    out << "GONE  " << key << ": listed (" << reason << ") but the encodings agree now\n";
  }
  out << t.files << " files read (" << t.skipped_files
      << (bin_mode ? " without a binary conversion" : " wast2json cannot convert") << "), "
      << t.compared << " modules compared: " << t.equal_bytes << " equal bytes, "
      << t.equal_decoded << " equal after decoding, " << t.found.size() << " disagreements ("
      << fresh << " new, " << gone << " listed but gone)";
  if (bin_mode) out << "; " << t.not_compared << " binary modules not compared (bytes as written)";
  out << "\n";

  if (!write_baseline.empty()) {
    nlohmann::json j;
    j["schema"] = kBaselineSchema;
    j["entries"] = nlohmann::json::array();
    for (const Disagreement& d : t.found) {
      nlohmann::json e;
      e["file"] = d.file;
      if (d.index) {
        e["index"] = *d.index;
        e["line"] = d.line;
      }
      const auto it = baseline.find(d.key);
      e["reason"] = it != baseline.end() ? it->second : "UNEXPLAINED: " + d.detail;
      j["entries"].push_back(e);
    }
    std::ofstream o(write_baseline, std::ios::binary);
    o << j.dump(1) << "\n";
    if (!o) {
      err << "wasmref crosscheck: cannot write " << write_baseline << "\n";
      return kExitHarness;
    }
  }
  return (fresh || gone) ? kExitFail : kExitOk;
}

}  // namespace wasmref::harness
