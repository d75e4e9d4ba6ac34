// JS-API §limits (js-api/index.bs "Implementation-defined Limits"): a module over a
// compile-time limit is rejected like an invalid one (CompileError, validate() false); over a
// runtime limit at instantiation, allocation fails (RangeError).
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

// The function body sizes (local declarations included) are not kept by the decoder, so they
// are read again from the code section of the bytes (§5.5.13 code ::= size:u32 func). The
// module decoded, so the bytes are well-formed; every read is still bounds-checked, and a
// byte string that does not parse just ends the scan.
class SectionScanner {
 public:
  explicit SectionScanner(std::span<const u8> b) : b_(b) {}
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
  bool skip(u64 n) {
    if (n > b_.size() - pos_) return false;
    pos_ += static_cast<size_t>(n);
    return true;
  }
  size_t pos() const { return pos_; }
  void seek(size_t p) { pos_ = p; }

 private:
  std::span<const u8> b_;
  size_t pos_ = 0;
};

Result<void> check_function_body_sizes(const EmbedderLimits& limits, std::span<const u8> bytes) {
  SectionScanner r(bytes);
  if (!r.skip(8)) return {};  // magic, version
  u8 id = 0;
  u32 size = 0;
  while (r.byte(id) && r.u32_leb(size)) {
    const size_t end = r.pos() + size;
    if (id == 10) {  // the code section
      u32 count = 0;
      if (!r.u32_leb(count)) return {};
      for (u32 i = 0; i < count; ++i) {
        u32 body = 0;
        if (!r.u32_leb(body)) return {};
        if (body > limits.function_body_size)
          return over_limit("function body size", body, limits.function_body_size);
        if (!r.skip(body)) return {};
      }
      return {};
    }
    if (size > bytes.size() - r.pos()) return {};
    r.seek(end);
  }
  return {};
}

}  // namespace

// "The maximum size of a module is 1,073,741,824 bytes": checked before decoding.
Result<void> check_module_size(const EmbedderLimits& limits, std::span<const u8> bytes) {
  if (bytes.size() > limits.module_size)
    return over_limit("module size", bytes.size(), limits.module_size);
  return {};
}

// The compile-time list of §limits, in the spec's order.
Result<void> check_embedder_limits(const EmbedderLimits& limits, const Module& m,
                                   std::span<const u8> bytes) {
  if (Result<void> r = check_module_size(limits, bytes); !r) return r;
  if (m.types.size() > limits.types) return over_limit("types", m.types.size(), limits.types);
  if (m.funcs.size() > limits.functions)
    return over_limit("functions", m.funcs.size(), limits.functions);
  if (m.imports.size() > limits.imports)
    return over_limit("imports", m.imports.size(), limits.imports);
  if (m.exports.size() > limits.exports)
    return over_limit("exports", m.exports.size(), limits.exports);
  if (m.globals.size() > limits.globals)
    return over_limit("globals", m.globals.size(), limits.globals);
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
  // "The maximum number of table entries in any table initialization is 10000000": the
  // testsuite's limits.any.js counts element segments against the same number, so both are
  // checked.
  if (m.elems.size() > limits.element_segment_entries)
    return over_limit("element segments", m.elems.size(), limits.element_segment_entries);
  for (const Elem& e : m.elems)
    if (e.init.size() > limits.element_segment_entries)
      return over_limit("element segment entries", e.init.size(), limits.element_segment_entries);
  // Parameters and results of every function type (block types name these types too).
  for (const FuncType& ft : m.types) {
    if (ft.params.size() > limits.params)
      return over_limit("params", ft.params.size(), limits.params);
    if (ft.results.size() > limits.results)
      return over_limit("results", ft.results.size(), limits.results);
  }
  // Locals per function, parameters included (an unknown type index is left to validation).
  for (const Func& f : m.funcs) {
    const u64 params = f.type.value < m.types.size() ? m.types[f.type.value].params.size() : 0;
    const u64 locals = params + f.locals.size();
    if (locals > limits.locals) return over_limit("locals", locals, limits.locals);
  }
  return check_function_body_sizes(limits, bytes);
}

// The runtime limits at instantiation (§limits "the maximum size of a table is 10000000",
// "the maximum number of pages of a memory is 65536"). Note (deviation): checked before
// module_instantiate matches the imports, so a module that is both unlinkable and over a cap
// reports the cap; the core applies its own ExecLimits after import matching, which gives
// the spec's order whenever the two caps agree (the default).
Completion<void> check_instantiation_limits(Agent& agent, const Module& module) {
  for (const Table& t : module.tables)
    if (t.type.limits.min > agent.limits.table_size)
      return throw_message(agent.host, ErrorKind::RangeError, msg::js_allocation_failed, "table");
  for (const Mem& mem : module.mems)
    if (mem.type.limits.min > agent.limits.memory_pages)
      return throw_message(agent.host, ErrorKind::RangeError, msg::js_allocation_failed, "memory");
  return {};
}

}  // namespace wasmref::jsapi
