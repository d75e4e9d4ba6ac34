// Core 2.0 §5.5 Modules: the streaming decoder gives decode_module's result for every chunking.
#include "binary/stream.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "binary/builder.h"
#include "binary/decode.h"
#include "syntax/messages.h"

namespace wasmref::binary {
namespace {

using testing::Bytes;
using testing::cat;
using testing::name;
using testing::uleb;
using testing::WasmBuilder;

// A printable rendering of everything decode_module fills in, to compare two modules.
void dump_expr(std::ostream& o, const Expr& e) {
  for (const Instr& in : e) {
    o << static_cast<int>(in.op) << '/' << to_string(in.ref_type) << '/'
      << static_cast<int>(in.block_type.kind) << ',' << to_string(in.block_type.val) << ','
      << in.block_type.type.value << '/' << in.x << '/' << in.y << '/' << in.bits << ' ';
  }
  o << ";";
}
std::string dump(const Module& m) {
  std::ostringstream o;
  for (const SubType& st : m.types) {
    const FuncType& t = st.func();
    o << "type(";
    for (ValType v : t.params) o << to_string(v) << ' ';
    o << "->";
    for (ValType v : t.results) o << to_string(v) << ' ';
    o << ")";
  }
  for (const Import& im : m.imports) {
    o << "import(" << im.module << '|' << im.name << '|' << static_cast<int>(im.kind) << '|'
      << im.func.value << '|' << to_string(im.table.elem) << ',' << im.table.limits.min
      << ',' << im.table.limits.max.value_or(~0u) << '|' << im.mem.limits.min << ','
      << im.mem.limits.max.value_or(~0u) << '|' << to_string(im.global.type) << ','
      << static_cast<int>(im.global.mut) << ")";
  }
  for (const Func& f : m.funcs) {
    o << "func(" << f.type.value << '|';
    for (ValType v : f.locals) o << to_string(v) << ' ';
    o << '|';
    dump_expr(o, f.body);
    for (u32 l : f.br_table_labels) o << l << ' ';
    o << ")";
  }
  for (const Table& t : m.tables) {
    o << "table(" << to_string(t.type.elem) << ',' << t.type.limits.min << ','
      << t.type.limits.max.value_or(~0u) << ")";
  }
  for (const Mem& mem : m.mems)
    o << "mem(" << mem.type.limits.min << ',' << mem.type.limits.max.value_or(~0u) << ")";
  for (const Global& g : m.globals) {
    o << "global(" << to_string(g.type.type) << ',' << static_cast<int>(g.type.mut) << '|';
    dump_expr(o, g.init);
    o << ")";
  }
  for (const Export& e : m.exports)
    o << "export(" << e.name << '|' << static_cast<int>(e.kind) << '|' << e.index << ")";
  if (m.start) o << "start(" << m.start->func.value << ")";
  for (const Elem& e : m.elems) {
    o << "elem(" << to_string(e.type) << '|' << static_cast<int>(e.mode) << '|'
      << e.table.value << '|';
    dump_expr(o, e.offset);
    for (const Expr& x : e.init) dump_expr(o, x);
    o << ")";
  }
  for (const Data& d : m.datas) {
    o << "data(" << static_cast<int>(d.mode) << '|' << d.memory.value << '|';
    dump_expr(o, d.offset);
    for (u8 b : d.init) o << static_cast<int>(b) << ' ';
    o << ")";
  }
  for (const CustomSection& c : m.customs) {
    o << "custom(" << c.name << '|';
    for (u8 b : c.bytes) o << static_cast<int>(b) << ' ';
    o << ")";
  }
  for (const auto& v : m.v128_immediates) {
    o << "v128(";
    for (u8 b : v) o << static_cast<int>(b) << ' ';
    o << ")";
  }
  if (m.data_count) o << "datacount(" << *m.data_count << ")";
  return o.str();
}

std::string outcome_of(const Result<Module>& r) {
  if (r) return "ok " + dump(*r);
  return std::string(to_string(r.error().outcome)) + " " + r.error().message;
}

// Feeds `b` cut at the given boundaries (increasing offsets) and returns the outcome.
std::string stream_outcome(const Bytes& b, const std::vector<size_t>& cuts) {
  StreamDecoder d;
  size_t from = 0;
  for (size_t cut : cuts) {
    d.feed(std::span<const u8>(b).subspan(from, cut - from));
    from = cut;
  }
  d.feed(std::span<const u8>(b).subspan(from));
  return outcome_of(d.finish());
}

std::string byte_by_byte_outcome(const Bytes& b) {
  StreamDecoder d;
  for (u8 x : b) d.feed(std::span<const u8>(&x, 1));
  return outcome_of(d.finish());
}

// The property: every split point, and one byte at a time, give decode_module's outcome.
void expect_same_as_decode_module(const Bytes& b, bool every_split = true) {
  const std::string whole = outcome_of(decode_module(b, Features{}));
  EXPECT_EQ(byte_by_byte_outcome(b), whole);
  EXPECT_EQ(stream_outcome(b, {}), whole);
  if (every_split) {
    for (size_t k = 0; k <= b.size(); ++k) EXPECT_EQ(stream_outcome(b, {k}), whole) << "split at " << k;
  } else {
    EXPECT_EQ(stream_outcome(b, {b.size() / 3, 2 * b.size() / 3}), whole);
  }
}

Bytes preamble() { return {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00}; }
Bytes section(u8 id, const Bytes& contents) { return cat({{id}, uleb(contents.size()), contents}); }
Bytes custom(const std::string& n, const Bytes& payload) { return section(0, cat({name(n), payload})); }

// A module using every section, with custom sections before, between and after them.
Bytes full_module() {
  WasmBuilder w;
  const u32 t0 = w.type({testing::I32}, {});
  const u32 t1 = w.type({}, {testing::I32});
  w.import_func("my_namespace", "imported_func", t0);
  w.import_global("env", "g", testing::I32, false);
  const u32 f = w.func(t1, cat({testing::i32_const(42), {0x1A}, testing::i32_const(7), {0x04, 0x7F},
                                testing::i32_const(1), {0x05}, testing::i32_const(2), {0x0B}}),
                       {testing::I64});
  w.func(t0, cat({testing::local_get(0), testing::call(0), {0x02, 0x40}, testing::i32_const(0),
                  {0x0E, 0x01, 0x00, 0x00}, {0x0B}}));
  w.table(testing::FUNCREF, 2, 10);
  w.memory(1, 2);
  w.global(testing::I32, true, testing::i32_const(-5));
  w.export_func("exported_func", f);
  w.export_("mem", 0x02, 0);
  w.start(1);
  w.elem_active(testing::i32_const(0), {1, 2});
  w.elem_passive({1});
  w.data_active(testing::i32_const(8), {1, 2, 3});
  w.data_passive({9});
  Bytes b = w.bytes();
  // Insert custom sections after the preamble, after the first section, and at the end.
  const size_t first_len = 1 + 1 + b[9];  // the type section (its size fits one LEB byte)
  Bytes out = cat({preamble(), custom("first", {1, 2, 3})});
  out.insert(out.end(), b.begin() + 8, b.begin() + 8 + static_cast<std::ptrdiff_t>(first_len));
  testing::append(out, custom("", {}));
  out.insert(out.end(), b.begin() + 8 + static_cast<std::ptrdiff_t>(first_len), b.end());
  testing::append(out, custom("name", {0, 4, 0x01, 0x02, 0x03, 0x04}));
  return out;
}

// SIMD: v128.const in a global and a function body, i8x16.shuffle in the body.
Bytes simd_module() {
  Bytes v128_const = {0xFD, 0x0C};
  for (u8 i = 0; i < 16; ++i) v128_const.push_back(i);
  Bytes shuffle = {0xFD, 0x0D};
  for (u8 i = 0; i < 16; ++i) shuffle.push_back(static_cast<u8>(31 - i));
  WasmBuilder w;
  const u32 t = w.type({}, {0x7B});
  w.global(0x7B, false, v128_const);
  w.func(t, cat({v128_const, v128_const, shuffle}));
  return w.bytes();
}

TEST(StreamDecoder, ValidModulesEverySplitAndByteByByte) {
  const Bytes full = full_module();
  ASSERT_TRUE(decode_module(full, Features{})) << "the test module must decode";
  expect_same_as_decode_module(full);
  expect_same_as_decode_module(preamble());
  expect_same_as_decode_module(simd_module());
  ASSERT_TRUE(decode_module(simd_module(), Features{}));
  // Section sizes written as padded (non-minimal) LEBs are valid.
  expect_same_as_decode_module(cat({preamble(), {0x01, 0x81, 0x80, 0x80, 0x80, 0x00, 0x00}}));
  expect_same_as_decode_module(cat({preamble(), custom("c", Bytes(300, 0xAB))}));
}

TEST(StreamDecoder, TheModuleIsDecodeModules) {
  const Bytes full = full_module();
  StreamDecoder d;
  for (u8 x : full) d.feed(std::span<const u8>(&x, 1));
  Result<Module> m = d.finish();
  ASSERT_TRUE(m);
  EXPECT_EQ(m->customs.size(), 3u);
  EXPECT_EQ(m->funcs.size(), 2u);
  EXPECT_EQ(m->datas.size(), 2u);
  EXPECT_EQ(dump(*m), dump(*decode_module(full, Features{})));
  EXPECT_EQ(d.bytes(), full);
}

TEST(StreamDecoder, EveryTruncationOfAValidModule) {
  const Bytes full = full_module();
  for (size_t n = 0; n < full.size(); ++n) {
    const Bytes prefix(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_FALSE(decode_module(prefix, Features{}) && n < 8);
    expect_same_as_decode_module(prefix, /*every_split=*/n < 40);
  }
}

TEST(StreamDecoder, MalformedModules) {
  const std::vector<Bytes> cases = {
      {0x00, 0x61, 0x73},                                        // unexpected end
      {0x00, 0x61, 0x73, 0x6E, 0x01, 0x00, 0x00, 0x00},          // magic header not detected
      {0x01, 0x61, 0x73, 0x6D},                                  // magic, 4 bytes only
      {0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00},          // unknown binary version
      {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00},                      // unexpected end
      cat({preamble(), {0x0D, 0x00}}),                           // malformed section id
      cat({preamble(), section(3, {0x00}), section(1, {0x00})}), // out of order
      cat({preamble(), section(1, {0x00}), section(1, {0x00})}), // repeated
      cat({preamble(), {0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}}),  // size LEB too long
      cat({preamble(), {0x01, 0x80, 0x80, 0x80, 0x80, 0x70}}),        // size LEB too large
      cat({preamble(), {0x01, 0x80, 0x80}}),                          // LEB cut short
      cat({preamble(), {0x01, 0x05, 0x00}}),                          // length out of bounds
      cat({preamble(), {0x01, 0x02, 0x01, 0x60, 0x00, 0x00}}),        // overruns into the rest
      cat({preamble(), {0x01, 0x01, 0x01, 0x60, 0x00, 0x00}}),
      cat({preamble(), {0x01, 0x03, 0x00, 0x00, 0x00}}),              // section size mismatch
      cat({preamble(), section(3, {0x01, 0x00})}),                    // function/code lengths
      cat({preamble(), section(12, {0x01})}),                         // data count vs data
      cat({preamble(), section(1, {0x01, 0x60, 0x00, 0x00}), section(3, {0x01, 0x00}),
           section(10, {0x01, 0x03, 0x00, 0xFF, 0x0B}), custom("after", {1})}),  // illegal opcode
      cat({preamble(), section(7, {0x01, 0x01, 0xFF, 0x00, 0x00})}),  // malformed UTF-8
      cat({preamble(), section(0, {0x05, 'a'})}),                     // custom name overruns
      cat({preamble(), section(0, {0x01, 'a'}), {0x00, 0x02, 0x03}}), // name past the section
      cat({preamble(), section(6, {0x01, 0x7F, 0x02, 0x41, 0x00, 0x0B})}),  // mutability
      cat({preamble(), section(11, {0x01, 0x03})}),                   // data segment kind
      cat({preamble(), section(10, {0x01, 0x02, 0x00, 0x00})}),       // END opcode expected...
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE("case " + std::to_string(i));
    EXPECT_FALSE(decode_module(cases[i], Features{}));
    expect_same_as_decode_module(cases[i]);
  }
}

// Property over many malformed modules: every single-byte change of a valid module.
TEST(StreamDecoder, EveryByteMutationOfValidModules) {
  for (const Bytes& base : {full_module(), simd_module()}) {
    for (size_t i = 0; i < base.size(); ++i) {
      for (u8 v : {u8{0x00}, u8{0xFF}, u8{0x80}, static_cast<u8>(base[i] ^ 1), static_cast<u8>(base[i] + 1)}) {
        if (v == base[i]) continue;
        Bytes b = base;
        b[i] = v;
        SCOPED_TRACE("byte " + std::to_string(i) + " = " + std::to_string(v));
        expect_same_as_decode_module(b, /*every_split=*/false);
      }
    }
  }
}

// Errors the bytes seen determine are reported before the stream ends.
TEST(StreamDecoder, ReportsDeterminedErrorsEarly) {
  {
    StreamDecoder d;
    EXPECT_TRUE(d.feed(Bytes{0x00, 0x61, 0x73}));
    EXPECT_FALSE(d.feed(Bytes{0x6E}));  // the 4th magic byte decides
    ASSERT_TRUE(d.error());
    EXPECT_EQ(d.error()->message, msg::magic_header_not_detected);
    EXPECT_FALSE(d.feed(Bytes{0x01, 0x00}));  // later bytes change nothing
    EXPECT_EQ(d.finish().error().message, msg::magic_header_not_detected);
  }
  {
    StreamDecoder d;
    EXPECT_TRUE(d.feed(preamble()));
    EXPECT_FALSE(d.feed(Bytes{0x0E}));
    ASSERT_TRUE(d.error());
    EXPECT_EQ(d.error()->message.rfind(msg::malformed_section_id, 0), 0u);
  }
  {
    // An illegal opcode in the code section is known once that section is complete, before
    // the data section arrives.
    const Bytes head = cat({preamble(), section(1, {0x01, 0x60, 0x00, 0x00}),
                            section(3, {0x01, 0x00}), section(10, {0x01, 0x03, 0x00, 0xFF, 0x0B})});
    StreamDecoder d;
    for (size_t i = 0; i + 1 < head.size(); ++i) {
      EXPECT_TRUE(d.feed(std::span<const u8>(head).subspan(i, 1))) << i;
    }
    EXPECT_FALSE(d.feed(std::span<const u8>(head).subspan(head.size() - 1)));
    ASSERT_TRUE(d.error());
    EXPECT_EQ(d.error()->outcome, Outcome::malformed);
    EXPECT_EQ(d.error()->message.rfind(msg::illegal_opcode, 0), 0u);
  }
  {
    // A section that overruns its size is not decided until the end (the next bytes matter).
    StreamDecoder d;
    EXPECT_TRUE(d.feed(cat({preamble(), {0x01, 0x01, 0x01}})));
    EXPECT_FALSE(d.error());
    EXPECT_EQ(outcome_of(d.finish()),
              outcome_of(decode_module(cat({preamble(), {0x01, 0x01, 0x01}}), Features{})));
  }
}

TEST(StreamDecoder, EmptyChunksChangeNothing) {
  const Bytes full = full_module();
  StreamDecoder d;
  for (u8 x : full) {
    d.feed({});
    d.feed(std::span<const u8>(&x, 1));
  }
  d.feed({});
  EXPECT_EQ(outcome_of(d.finish()), outcome_of(decode_module(full, Features{})));
}

}  // namespace
}  // namespace wasmref::binary
