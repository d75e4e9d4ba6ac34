// A small writer of the binary format (Core 2.0 §5), for tests and benchmarks: modules are
// built section by section from byte pieces. Not used by the interpreter itself.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "syntax/types.h"

namespace wasmref::testing {

using Bytes = std::vector<u8>;

inline void append(Bytes& out, const Bytes& b) { out.insert(out.end(), b.begin(), b.end()); }
inline Bytes uleb(u64 v) {
  Bytes out;
  do {
    u8 b = v & 0x7F;
    v >>= 7;
    if (v != 0) b |= 0x80;
    out.push_back(b);
  } while (v != 0);
  return out;
}
inline Bytes sleb(i64 v) {
  Bytes out;
  for (;;) {
    const u8 b = static_cast<u8>(v & 0x7F);
    v >>= 7;  // arithmetic shift (C++20)
    if ((v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40))) {
      out.push_back(b);
      return out;
    }
    out.push_back(b | 0x80);
  }
}
// Concatenation of byte pieces: cat({0x20, 0}, i32_const(5), {0x6A}).
inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) append(out, p);
  return out;
}
inline Bytes name(const std::string& s) {
  Bytes out = uleb(s.size());
  out.insert(out.end(), s.begin(), s.end());
  return out;
}
inline Bytes limits(u32 min, std::optional<u32> max) {
  return max ? cat({{0x01}, uleb(min), uleb(*max)}) : cat({{0x00}, uleb(min)});
}

// Instructions with immediates.
inline Bytes i32_const(i32 v) { return cat({{0x41}, sleb(v)}); }
inline Bytes i64_const(i64 v) { return cat({{0x42}, sleb(v)}); }
inline Bytes local_get(u32 x) { return cat({{0x20}, uleb(x)}); }
inline Bytes local_set(u32 x) { return cat({{0x21}, uleb(x)}); }
inline Bytes local_tee(u32 x) { return cat({{0x22}, uleb(x)}); }
inline Bytes global_get(u32 x) { return cat({{0x23}, uleb(x)}); }
inline Bytes global_set(u32 x) { return cat({{0x24}, uleb(x)}); }
inline Bytes call(u32 f) { return cat({{0x10}, uleb(f)}); }
inline Bytes call_indirect(u32 type, u32 table = 0) { return cat({{0x11}, uleb(type), uleb(table)}); }
inline Bytes br(u32 l) { return cat({{0x0C}, uleb(l)}); }
inline Bytes br_if(u32 l) { return cat({{0x0D}, uleb(l)}); }
inline Bytes ref_func(u32 f) { return cat({{0xD2}, uleb(f)}); }
// A memory access opcode with memarg (align exponent, offset).
inline Bytes mem_op(u8 op, u32 align, u32 offset) { return cat({{op}, uleb(align), uleb(offset)}); }
inline Bytes fc(u32 code) { return cat({{0xFC}, uleb(code)}); }
inline constexpr u8 kEnd = 0x0B;
inline constexpr u8 kBlockEmpty = 0x40;
inline constexpr u8 I32 = 0x7F, I64 = 0x7E, F32 = 0x7D, F64 = 0x7C, FUNCREF = 0x70,
                    EXTERNREF = 0x6F, EXNREF = 0x69;

// A module, section by section. Every add_* returns the index in its index space.
class WasmBuilder {
 public:
  u32 type(Bytes params, Bytes results) {
    types_.push_back(cat({{0x60}, uleb(params.size()), params, uleb(results.size()), results}));
    return static_cast<u32>(types_.size() - 1);
  }
  u32 import_func(const std::string& m, const std::string& n, u32 type) {
    imports_.push_back(cat({name(m), name(n), {0x00}, uleb(type)}));
    return n_funcs_++;
  }
  u32 import_table(const std::string& m, const std::string& n, u8 reftype, u32 min,
                   std::optional<u32> max) {
    imports_.push_back(cat({name(m), name(n), {0x01, reftype}, limits(min, max)}));
    return n_tables_++;
  }
  u32 import_memory(const std::string& m, const std::string& n, u32 min, std::optional<u32> max) {
    imports_.push_back(cat({name(m), name(n), {0x02}, limits(min, max)}));
    return n_mems_++;
  }
  // Core 3.0: a tag import (descriptor 0x04, attribute 0x00, the tag's function type).
  u32 import_tag(const std::string& m, const std::string& n, u32 type) {
    imports_.push_back(cat({name(m), name(n), {0x04, 0x00}, uleb(type)}));
    return n_tags_++;
  }
  u32 import_global(const std::string& m, const std::string& n, u8 valtype, bool mut) {
    imports_.push_back(cat({name(m), name(n), {0x03, valtype, static_cast<u8>(mut ? 1 : 0)}}));
    return n_globals_++;
  }
  // body: the instructions without the final `end` (added here). locals: one byte per local.
  u32 func(u32 type, Bytes body, Bytes locals = {}) {
    funcs_.push_back(uleb(type));
    Bytes code = uleb(locals.size());
    for (u8 t : locals) append(code, cat({{0x01}, {t}}));
    append(code, body);
    code.push_back(kEnd);
    codes_.push_back(cat({uleb(code.size()), code}));
    return n_funcs_++;
  }
  u32 table(u8 reftype, u32 min, std::optional<u32> max) {
    tables_.push_back(cat({{reftype}, limits(min, max)}));
    return n_tables_++;
  }
  u32 memory(u32 min, std::optional<u32> max) {
    mems_.push_back(limits(min, max));
    return n_mems_++;
  }
  // Core 3.0: a tag of the tag section (id 13: attribute 0x00, then the type index).
  u32 tag(u32 type) {
    tags_.push_back(cat({{0x00}, uleb(type)}));
    return n_tags_++;
  }
  u32 global(u8 valtype, bool mut, Bytes init) {
    globals_.push_back(cat({{valtype, static_cast<u8>(mut ? 1 : 0)}, init, {kEnd}}));
    return n_globals_++;
  }
  void export_(const std::string& n, u8 kind, u32 index) {
    exports_.push_back(cat({name(n), {kind}, uleb(index)}));
  }
  void export_func(const std::string& n, u32 f) { export_(n, 0x00, f); }
  void start(u32 f) { start_ = f; }
  // Element segments in binary forms 0 (active, table 0, funcidx*), 1 (passive), 3
  // (declarative) and 2 (active, explicit table).
  void elem_active(Bytes offset, std::vector<u32> funcs, u32 table = 0) {
    Bytes e = table == 0 ? Bytes{0x00} : cat({{0x02}, uleb(table)});
    append(e, offset);
    e.push_back(kEnd);
    if (table != 0) e.push_back(0x00);
    append(e, uleb(funcs.size()));
    for (u32 f : funcs) append(e, uleb(f));
    elems_.push_back(e);
  }
  void elem_passive(std::vector<u32> funcs) { elem_kind(0x01, funcs); }
  void elem_declarative(std::vector<u32> funcs) { elem_kind(0x03, funcs); }
  void data_active(Bytes offset, Bytes init) {
    datas_.push_back(cat({{0x00}, offset, {kEnd}, uleb(init.size()), init}));
  }
  void data_passive(Bytes init) { datas_.push_back(cat({{0x01}, uleb(init.size()), init})); }

  Bytes bytes() const {
    Bytes out = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
    section(out, 1, types_);
    section(out, 2, imports_);
    section(out, 3, funcs_);
    section(out, 4, tables_);
    section(out, 5, mems_);
    section(out, 13, tags_);  // core 3.0: between the memory and global sections
    section(out, 6, globals_);
    section(out, 7, exports_);
    if (start_) append(out, cat({{8}, uleb(uleb(*start_).size()), uleb(*start_)}));
    section(out, 9, elems_);
    if (!datas_.empty()) {  // data count, so that code may use memory.init / data.drop
      const Bytes n = uleb(datas_.size());
      append(out, cat({{12}, uleb(n.size()), n}));
    }
    section(out, 10, codes_);
    section(out, 11, datas_);
    return out;
  }

 private:
  void elem_kind(u8 form, const std::vector<u32>& funcs) {
    Bytes e = {form, 0x00};
    append(e, uleb(funcs.size()));
    for (u32 f : funcs) append(e, uleb(f));
    elems_.push_back(e);
  }
  static void section(Bytes& out, u8 id, const std::vector<Bytes>& items) {
    if (items.empty()) return;
    Bytes content = uleb(items.size());
    for (const Bytes& i : items) append(content, i);
    append(out, cat({{id}, uleb(content.size()), content}));
  }
  std::vector<Bytes> types_, imports_, funcs_, tables_, mems_, globals_, exports_, elems_,
      datas_, codes_, tags_;
  std::optional<u32> start_;
  u32 n_funcs_ = 0, n_tables_ = 0, n_mems_ = 0, n_globals_ = 0, n_tags_ = 0;
};

}  // namespace wasmref::testing
