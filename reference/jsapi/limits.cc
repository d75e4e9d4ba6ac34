// JS-API §limits (js-api/index.bs "Implementation-defined Limits"): a module over a
// compile-time limit is rejected like an invalid one (CompileError, validate() false); over a
// runtime limit at instantiation, allocation fails (RangeError).
#include <algorithm>
#include <optional>
#include <string>

#include "jsapi/namespace.h"
#include "jsapi/objects.h"
#include "syntax/messages.h"

namespace wasmref::jsapi {

namespace {

Error over_limit(const std::string& what, u64 n, u64 limit) {
  return make_error(Outcome::invalid, std::string(msg::implementation_limit) + ": " + what + " (" +
                                          std::to_string(n) + " > " + std::to_string(limit) + ")");
}

// A bounds-checked cursor over (part of) the binary for the byte-level pre-pass. Every read
// fails instead of running off the end; nothing is allocated.
class SectionScanner {
 public:
  explicit SectionScanner(std::span<const u8> b) : b_(b) {}
  // §5.2.2 u32: at most 5 bytes, the value below 2^32.
  bool u32_leb(u32& out) {
    u64 result = 0;
    for (unsigned shift = 0; shift < 35; shift += 7) {
      if (pos_ >= b_.size()) return false;
      const u8 byte = b_[pos_++];
      result |= u64{byte & 0x7Fu} << shift;
      if ((byte & 0x80) == 0) {
        if (result > 0xFFFFFFFFu) return false;
        out = static_cast<u32>(result);
        return true;
      }
    }
    return false;
  }
  bool byte(u8& out) {
    if (pos_ >= b_.size()) return false;
    out = b_[pos_++];
    return true;
  }
  // A LEB128 number of at most `max_bytes` bytes, its value unread.
  bool skip_leb(unsigned max_bytes) {
    for (unsigned i = 0; i < max_bytes; ++i) {
      u8 b = 0;
      if (!byte(b)) return false;
      if ((b & 0x80) == 0) return true;
    }
    return false;
  }
  bool skip(u64 n) {
    if (n > b_.size() - pos_) return false;
    pos_ += static_cast<size_t>(n);
    return true;
  }
  size_t pos() const { return pos_; }
  size_t remaining() const { return b_.size() - pos_; }
  bool at_end() const { return pos_ == b_.size(); }

 private:
  std::span<const u8> b_;
  size_t pos_ = 0;
};

// The position of each non-custom section id in the order core §5.5.2 prescribes (the
// decoder's order: data count between element and code; core 3.0 binary/modules.rst: the tag
// section, id 13, between memory and global); 0 for an id the decoder rejects.
constexpr u8 kSectionIds = 14;
int section_rank(u8 id) {
  static constexpr int kRank[kSectionIds] = {0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 11, 6};
  return id < kSectionIds ? kRank[id] : 0;
}

// The contents of the sections of a module whose section framing is sound.
struct SectionPayloads {
  std::span<const u8> payload[kSectionIds];  // by section id; custom sections (0) are not kept
};

// Frames the sections (id, size) without decoding them: true when the magic and version are
// right, every id is one the decoder knows, the non-custom sections come in order and at most
// once, and the sizes tile the bytes exactly. Otherwise the module is malformed and the
// decoder says how, so the pre-pass gives no verdict. O(number of sections), no allocation.
bool frame_sections(std::span<const u8> bytes, SectionPayloads& out) {
  static constexpr u8 kPreamble[8] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  if (bytes.size() < 8 || !std::equal(kPreamble, kPreamble + 8, bytes.begin())) return false;
  SectionScanner r(bytes.subspan(8));
  int last_rank = 0;
  while (!r.at_end()) {
    u8 id = 0;
    u32 size = 0;
    if (!r.byte(id) || !r.u32_leb(size)) return false;
    if (id != 0) {
      const int rank = section_rank(id);
      if (rank == 0 || rank <= last_rank) return false;
      last_rank = rank;
    }
    const size_t start = r.pos();
    if (!r.skip(size)) return false;
    if (id != 0) out.payload[id] = bytes.subspan(8 + start, size);
  }
  return true;
}

// The vector length at the start of a section's contents, when it can be the length of that
// vector: every entry of every section takes at least one byte, so a count above the
// remaining bytes is malformed (the decoder's verdict), never a limit.
std::optional<u32> section_count(std::span<const u8> payload) {
  if (payload.empty()) return std::nullopt;
  SectionScanner r(payload);
  u32 n = 0;
  if (!r.u32_leb(n) || n > r.remaining()) return std::nullopt;
  return n;
}

// §5.5.13 code ::= size:u32 func, func ::= vec(locals) e:expr, locals ::= n:u32 t:valtype.
// The largest body (size, local declarations included) and the most locals one body declares,
// when the entries frame the section exactly; std::nullopt otherwise (malformed: the
// decoder's verdict). Reads the entry sizes and the local declarations only, never an
// instruction: bounded by the number of entries and declarations, which the bytes bound.
struct CodeExtent {
  u32 max_body_size = 0;
  u64 max_declared_locals = 0;
};
std::optional<CodeExtent> scan_code_section(std::span<const u8> payload) {
  CodeExtent extent;
  SectionScanner r(payload);
  u32 count = 0;
  if (!r.u32_leb(count) || count > r.remaining()) return std::nullopt;
  for (u32 i = 0; i < count; ++i) {
    u32 size = 0;
    if (!r.u32_leb(size) || size > r.remaining()) return std::nullopt;
    extent.max_body_size = std::max(extent.max_body_size, size);
    // The local declarations at the start of the body. A valtype is one byte (the number
    // and vector types, and the reference type shorthands 0x69-0x74 of core 3.0), or 0x63 /
    // 0x64 followed by a heap type (an s33: at most 5 bytes). Any other byte leaves the body's
    // locals to the decoder.
    SectionScanner body(payload.subspan(r.pos(), size));
    u32 entries = 0;
    u64 declared = 0;
    if (body.u32_leb(entries) && entries <= body.remaining()) {
      for (u32 k = 0; k < entries; ++k) {
        u32 n = 0;
        u8 t = 0;
        if (!body.u32_leb(n) || !body.byte(t)) break;
        const bool one_byte_valtype = (t >= 0x7B && t <= 0x7F) || (t >= 0x69 && t <= 0x74);
        const bool reftype = t == 0x63 || t == 0x64;
        if (!one_byte_valtype && !(reftype && body.skip_leb(5))) break;
        declared += n;  // at most 2^32 entries of n < 2^32: no overflow in 64 bits
      }
    }
    extent.max_declared_locals = std::max(extent.max_declared_locals, declared);
    r.skip(size);
  }
  if (!r.at_end()) return std::nullopt;
  return extent;
}

}  // namespace

// "The maximum size of a module is 1,073,741,824 bytes": checked before decoding.
Result<void> check_module_size(const EmbedderLimits& limits, std::span<const u8> bytes) {
  if (bytes.size() > limits.module_size)
    return over_limit("module size", bytes.size(), limits.module_size);
  return {};
}

// The limits of §limits that the bytes tell without decoding, in the spec's order: each one
// is a vector length at the head of a section, a code entry's size, or the sum of a body's
// local declarations. Note (deviation): a module that is both over one of these limits and
// malformed further in (inside a function body, say) is rejected for the limit, as engines
// that check these numbers while streaming do; both are a CompileError. A module whose
// section framing is broken gets no verdict here: the decoder's malformed message stands.
Result<void> check_byte_limits(const EmbedderLimits& limits, std::span<const u8> bytes) {
  if (Result<void> r = check_module_size(limits, bytes); !r) return r;
  SectionPayloads s;
  if (!frame_sections(bytes, s)) return {};
  struct CountLimit {
    u8 id;
    const char* what;
    u32 limit;
  };
  // Types: the type section's length is its number of recursion groups in 3.0 and of types in
  // 2.0, both limited to 1,000,000 (the types limit is checked again after decoding, where an
  // empty recursion group no longer shows). Tables and memories: the defined ones here, the
  // imported ones are added after decoding.
  const CountLimit counts[] = {
      {1, "types", limits.types},
      {3, "functions", limits.functions},
      {2, "imports", limits.imports},
      {7, "exports", limits.exports},
      {6, "globals", limits.globals},
      {13, "tags", limits.tags},
      {11, "data segments", limits.data_segments},
      {4, "tables", limits.tables},
      {5, "memories", limits.memories},
      {9, "element segments", limits.element_segment_entries},
  };
  for (const CountLimit& c : counts) {
    const std::optional<u32> n = section_count(s.payload[c.id]);
    if (n && *n > c.limit) return over_limit(c.what, *n, c.limit);
  }
  if (!s.payload[10].empty()) {
    if (const std::optional<CodeExtent> code = scan_code_section(s.payload[10])) {
      if (code->max_body_size > limits.function_body_size)
        return over_limit("function body size", code->max_body_size, limits.function_body_size);
      // Parameters count too; they are added after decoding (check_decoded_limits).
      if (code->max_declared_locals > limits.locals)
        return over_limit("locals", code->max_declared_locals, limits.locals);
    }
  }
  return {};
}

// The compile-time limits that need the decoded module, in the spec's order.
Result<void> check_decoded_limits(const EmbedderLimits& limits, const Module& m) {
  if (m.types.size() > limits.types) return over_limit("types", m.types.size(), limits.types);
  // Core 3.0: the types of a recursion group (each of its types records the group's length),
  // and "the maximum depth of a defined subtype hierarchy is 63 (where a type defined with no
  // supertype has depth 0)". Validation has not run yet: a supertype that is not an earlier
  // type index (invalid, "sub type") counts as none here.
  std::vector<u32> depth(m.types.size(), 0);
  for (size_t x = 0; x < m.types.size(); ++x) {
    const SubType& st = m.types[x];
    if (st.rec_pos == 0 && st.rec_len > limits.rec_group_types)
      return over_limit("types in a recursion group", st.rec_len, limits.rec_group_types);
    if (!st.supers.empty() && st.supers[0].kind == HeapType::Kind::idx && st.supers[0].index < x)
      depth[x] = depth[st.supers[0].index] + 1;
    if (depth[x] > limits.subtype_depth)
      return over_limit("subtype depth", depth[x], limits.subtype_depth);
  }
  if (m.funcs.size() > limits.functions)
    return over_limit("functions", m.funcs.size(), limits.functions);
  if (m.imports.size() > limits.imports)
    return over_limit("imports", m.imports.size(), limits.imports);
  if (m.exports.size() > limits.exports)
    return over_limit("exports", m.exports.size(), limits.exports);
  if (m.globals.size() > limits.globals)
    return over_limit("globals", m.globals.size(), limits.globals);
  if (m.tags.size() > limits.tags) return over_limit("tags", m.tags.size(), limits.tags);
  if (m.datas.size() > limits.data_segments)
    return over_limit("data segments", m.datas.size(), limits.data_segments);
  // Tables and memories count the imported ones too.
  u64 tables = m.tables.size();
  u64 memories = m.mems.size();
  for (const Import& im : m.imports) {
    if (im.kind == ExternKind::table) ++tables;
    if (im.kind == ExternKind::mem) ++memories;
  }
  if (tables > limits.tables) return over_limit("tables", tables, limits.tables);
  if (memories > limits.memories) return over_limit("memories", memories, limits.memories);
  // "The maximum min or max field of a 64-bit memory is 2^37-1 pages" (a 32-bit memory's
  // 65,536 is the core's own range, checked by validation).
  auto memory64_ok = [&](const MemType& mt) {
    return mt.addr != AddrType::i64 ||
           (mt.limits.min <= limits.memory64_min_max &&
            (!mt.limits.max || *mt.limits.max <= limits.memory64_min_max));
  };
  for (const Mem& mem : m.mems)
    if (!memory64_ok(mem.type))
      return over_limit("64-bit memory pages", mem.type.limits.min, limits.memory64_min_max);
  for (const Import& im : m.imports)
    if (im.kind == ExternKind::mem && !memory64_ok(im.mem))
      return over_limit("64-bit memory pages", im.mem.limits.min, limits.memory64_min_max);
  // "The maximum number of table entries in any table initialization is 10000000": the
  // testsuite's limits.any.js counts element segments against the same number, so both are
  // checked.
  if (m.elems.size() > limits.element_segment_entries)
    return over_limit("element segments", m.elems.size(), limits.element_segment_entries);
  for (const Elem& e : m.elems)
    if (e.init.size() > limits.element_segment_entries)
      return over_limit("element segment entries", e.init.size(), limits.element_segment_entries);
  // Parameters and results of every function type (block types name these types too).
  for (const SubType& st : m.types) {
    if (!st.is_func()) continue;
    const FuncType& ft = st.func();
    if (ft.params.size() > limits.params)
      return over_limit("params", ft.params.size(), limits.params);
    if (ft.results.size() > limits.results)
      return over_limit("results", ft.results.size(), limits.results);
  }
  // Locals per function, parameters included (an unknown type index, or one that is not a
  // function type, is left to validation).
  for (const Func& f : m.funcs) {
    const bool known = f.type.value < m.types.size() && m.types[f.type.value].is_func();
    const u64 params = known ? m.func_type(f.type).params.size() : 0;
    const u64 locals = params + f.locals.size();
    if (locals > limits.locals) return over_limit("locals", locals, limits.locals);
  }
  // Core 3.0: "the maximum number of fields in a struct is 10,000".
  for (const SubType& st : m.types) {
    if (st.comp.kind == CompType::Kind::struct_ && st.comp.fields.size() > limits.struct_fields)
      return over_limit("struct fields", st.comp.fields.size(), limits.struct_fields);
  }
  // Core 3.0: "the maximum number of operands to array.new_fixed is 10,000", in every
  // expression of the module (function bodies and constant expressions).
  std::optional<u32> fixed_operands;
  auto scan = [&](const Expr& e) {
    for (const Instr& in : e)
      if (in.op == Op::array_new_fixed && in.y > limits.array_new_fixed_operands && !fixed_operands)
        fixed_operands = in.y;
  };
  for (const Func& f : m.funcs) scan(f.body);
  for (const Table& t : m.tables) scan(t.init);
  for (const Global& g : m.globals) scan(g.init);
  for (const Elem& e : m.elems) {
    scan(e.offset);
    for (const Expr& init : e.init) scan(init);
  }
  for (const Data& d : m.datas) scan(d.offset);
  if (fixed_operands)
    return over_limit("array.new_fixed operands", *fixed_operands, limits.array_new_fixed_operands);
  return {};
}

// The whole compile-time list: the byte-level limits, then those of the decoded module.
Result<void> check_embedder_limits(const EmbedderLimits& limits, const Module& m,
                                   std::span<const u8> bytes) {
  if (Result<void> r = check_byte_limits(limits, bytes); !r) return r;
  return check_decoded_limits(limits, m);
}

// The runtime limits at instantiation (§limits "the maximum size of a table is 10000000",
// "the maximum size of a 32-bit memory is 65,536 pages", "of a 64-bit memory is 262,144").
// Note (deviation): checked before
// module_instantiate matches the imports, so a module that is both unlinkable and over a cap
// reports the cap; the core applies its own ExecLimits after import matching, which gives
// the spec's order whenever the two caps agree (the default).
Completion<void> check_instantiation_limits(Agent& agent, const Module& module) {
  for (const Table& t : module.tables)
    if (t.type.limits.min > agent.limits.table_size)
      return throw_message(agent.host, ErrorKind::RangeError, msg::js_allocation_failed, "table");
  for (const Mem& mem : module.mems) {
    const u64 pages = mem.type.addr == AddrType::i64 ? agent.limits.memory64_pages
                                                     : u64{agent.limits.memory_pages};
    if (mem.type.limits.min > pages)
      return throw_message(agent.host, ErrorKind::RangeError, msg::js_allocation_failed, "memory");
  }
  return {};
}

}  // namespace wasmref::jsapi
