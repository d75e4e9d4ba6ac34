// Core 2.0 §5.3-5.5 (binary/types.rst, instructions.rst, modules.rst): tests of decode_module
#include "binary/decode.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <initializer_list>
#include <string>
#include <vector>

#include "syntax/messages.h"

namespace wasmref {
namespace {

using Bytes = std::vector<u8>;

Bytes leb(u64 v) {
  Bytes out;
  do {
    u8 b = v & 0x7F;
    v >>= 7;
    if (v != 0) b |= 0x80;
    out.push_back(b);
  } while (v != 0);
  return out;
}

Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

Bytes section(u8 id, const Bytes& content) { return cat({{id}, leb(content.size()), content}); }

Bytes module(std::initializer_list<Bytes> sections) {
  Bytes out = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  for (const Bytes& s : sections) out.insert(out.end(), s.begin(), s.end());
  return out;
}

// Common sections: one type [] -> [], one function of that type, one memory, one table.
const Bytes kTypeSec = section(1, {0x01, 0x60, 0x00, 0x00});
const Bytes kFuncSec = section(3, {0x01, 0x00});
const Bytes kTableSec = section(4, {0x01, 0x70, 0x00, 0x01});
const Bytes kMemSec = section(5, {0x01, 0x00, 0x01});

// A code section holding one function with no locals and the given body (final end included).
Bytes code_sec(const Bytes& body) {
  const Bytes func = cat({{0x00}, body});
  return section(10, cat({{0x01}, leb(func.size()), func}));
}

// A module with one function [] -> [] and memory/table, whose body is `body`.
Bytes func_module(const Bytes& body, bool data_count = false) {
  if (data_count) {
    return module({kTypeSec, kFuncSec, kTableSec, kMemSec, section(12, {0x01}), code_sec(body),
                   section(11, {0x01, 0x01, 0x00})});
  }
  return module({kTypeSec, kFuncSec, kTableSec, kMemSec, code_sec(body)});
}

Result<Module> decode(const Bytes& b, const Features& f = Features{}) {
  return decode_module(b, f);
}

void expect_malformed(const Bytes& b, const char* message, const Features& f = Features{}) {
  const Result<Module> r = decode(b, f);
  ASSERT_FALSE(r.ok()) << "expected \"" << message << "\"";
  EXPECT_EQ(r.error().outcome, Outcome::malformed);
  EXPECT_EQ(r.error().message.rfind(message, 0), 0u) << r.error().message;
}

Module expect_ok(const Bytes& b, const Features& f = Features{}) {
  Result<Module> r = decode(b, f);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  if (!r.ok()) return Module{};
  return std::move(r).value();
}

// ----- Header ----------------------------------------------------------------------------------

TEST(BinaryModuleHeader, Empty) {
  const Module m = expect_ok(module({}));
  EXPECT_TRUE(m.types.empty());
  EXPECT_FALSE(m.data_count.has_value());
}

TEST(BinaryModuleHeader, Magic) {
  expect_malformed({}, msg::unexpected_end);
  expect_malformed({0x00, 0x61, 0x73}, msg::unexpected_end);
  expect_malformed({0x00, 0x61, 0x73, 0x6D}, msg::unexpected_end);
  expect_malformed({0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00}, msg::unexpected_end);
  expect_malformed({0x00, 0x41, 0x53, 0x4D, 0x01, 0x00, 0x00, 0x00},
                   msg::magic_header_not_detected);
  expect_malformed({0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x00, 0x00}, msg::unknown_binary_version);
  expect_malformed({0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x01}, msg::unknown_binary_version);
}

// ----- Sections --------------------------------------------------------------------------------

TEST(BinarySections, MalformedSectionId) {
  expect_malformed(module({{0x0D, 0x00}}), msg::malformed_section_id);
  expect_malformed(module({{0x80, 0x00, 0x01, 0x00}}), msg::malformed_section_id);
}

TEST(BinarySections, OrderAndUniqueness) {
  // Two start sections.
  expect_malformed(
      module({kTypeSec, kFuncSec, section(8, {0x00}), section(8, {0x00}), code_sec({0x0B})}),
      msg::unexpected_content_after_last_section);
  // Type after function.
  expect_malformed(module({kFuncSec, kTypeSec, code_sec({0x0B})}),
                   msg::unexpected_content_after_last_section);
  // Data count comes before code; code before data.
  expect_malformed(module({kTypeSec, kFuncSec, code_sec({0x0B}), section(12, {0x00})}),
                   msg::unexpected_content_after_last_section);
  expect_ok(
      module({kTypeSec, kFuncSec, section(12, {0x00}), code_sec({0x0B}), section(11, {0x00})}));
}

TEST(BinarySections, SizeMismatch) {
  // Type section declares 7 bytes, its one type uses 4.
  expect_malformed(module({section(1, {0x01, 0x60, 0x00, 0x00, 0x60, 0x00, 0x00})}),
                   msg::section_size_mismatch);
  // Section size larger than the remaining input.
  expect_malformed(module({{0x01, 0x07, 0x02, 0x60, 0x00, 0x00}}), msg::length_out_of_bounds);
  // Content runs past the end of the input.
  expect_malformed(module({{0x04, 0x01, 0x01}}), msg::unexpected_end_of_section_or_function);
}

TEST(BinarySections, CustomAnywhere) {
  const Bytes custom = section(0, {0x03, 'a', 'b', 'c', 0x01, 0x02});
  const Module m =
      expect_ok(module({custom, kTypeSec, custom, kFuncSec, code_sec({0x0B}), custom}));
  ASSERT_EQ(m.customs.size(), 3u);
  EXPECT_EQ(m.customs[0].name, "abc");
  EXPECT_EQ(m.customs[0].bytes, (Bytes{0x01, 0x02}));
}

TEST(BinarySections, CustomMalformed) {
  expect_malformed(module({{0x00}}), msg::unexpected_end);
  expect_malformed(module({{0x00, 0x00}}), msg::unexpected_end);
  // Name longer than the section.
  expect_malformed(module({{0x00, 0x00, 0x00, 0x05, 0x01, 0x00, 0x07, 0x00, 0x00}}),
                   msg::unexpected_end);
  expect_malformed(module({section(0, {0x02, 0xC0, 0x80})}), msg::malformed_utf8_encoding);
}

TEST(BinarySections, AbsurdCountsDoNotAllocate) {
  // A type section claiming 0xFFFFFFFF entries in 10 bytes.
  expect_malformed(
      module({section(1, {0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x60, 0x00, 0x00, 0x60, 0x00})}),
      msg::length_out_of_bounds);
  // Same for every vector: functions, imports, exports, data bytes, br_table labels.
  expect_malformed(module({section(3, {0xFF, 0xFF, 0xFF, 0xFF, 0x0F})}), msg::length_out_of_bounds);
  expect_malformed(module({section(2, {0xFF, 0xFF, 0xFF, 0xFF, 0x0F})}), msg::length_out_of_bounds);
  expect_malformed(module({section(11, {0x01, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F})}),
                   msg::length_out_of_bounds);
  expect_malformed(func_module({0x41, 0x00, 0x0E, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00, 0x0B}),
                   msg::length_out_of_bounds);
  // A section size of 4 GiB.
  expect_malformed(module({{0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00}}), msg::length_out_of_bounds);
}

TEST(BinarySections, TypeSection) {
  const Module m = expect_ok(module(
      {section(1, {0x02, 0x60, 0x02, 0x7F, 0x7B, 0x01, 0x6F, 0x60, 0x00, 0x02, 0x7C, 0x70})}));
  ASSERT_EQ(m.types.size(), 2u);
  EXPECT_EQ(m.types[0].func().params, (ResultType{ValType::i32, ValType::v128}));
  EXPECT_EQ(m.types[0].func().results, (ResultType{ValType::externref}));
  EXPECT_EQ(m.types[1].func().results, (ResultType{ValType::f64, ValType::funcref}));
  expect_malformed(module({section(1, {0x01, 0x61, 0x00, 0x00})}), msg::malformed_function_type);
  expect_malformed(module({section(1, {0x01, 0xE0, 0x7F, 0x00, 0x00})}),
                   msg::integer_representation_too_long);
  expect_malformed(module({section(1, {0x01, 0x60, 0x01, 0x7A, 0x00})}), msg::malformed_value_type);
  Features no_simd;
  no_simd.simd = false;
  expect_malformed(module({section(1, {0x01, 0x60, 0x01, 0x7B, 0x00})}), msg::malformed_value_type,
                   no_simd);
}

TEST(BinarySections, Imports) {
  const Bytes names = {0x01, 'm', 0x01, 'n'};
  const Module m = expect_ok(module({kTypeSec, section(2, cat({{0x04},
                                                               names,
                                                               {0x00, 0x00},
                                                               names,
                                                               {0x01, 0x6F, 0x01, 0x01, 0x02},
                                                               names,
                                                               {0x02, 0x00, 0x05},
                                                               names,
                                                               {0x03, 0x7E, 0x01}}))}));
  ASSERT_EQ(m.imports.size(), 4u);
  EXPECT_EQ(m.imports[0].module, "m");
  EXPECT_EQ(m.imports[0].kind, ExternKind::func);
  EXPECT_EQ(m.imports[1].kind, ExternKind::table);
  EXPECT_EQ(m.imports[1].table.elem, ValType::externref);
  EXPECT_EQ(m.imports[1].table.limits.min, 1u);
  EXPECT_EQ(m.imports[1].table.limits.max, std::optional<u32>(2));
  EXPECT_EQ(m.imports[2].mem.limits.min, 5u);
  EXPECT_FALSE(m.imports[2].mem.limits.max.has_value());
  EXPECT_EQ(m.imports[3].global.type, ValType::i64);
  EXPECT_EQ(m.imports[3].global.mut, Mut::var);
  // Kind 0x04 (tag, exception handling) and others are not import kinds in 2.0.
  expect_malformed(module({section(2, cat({{0x01}, names, {0x04, 0x00}}))}),
                   msg::malformed_import_kind);
  expect_malformed(module({section(2, cat({{0x01}, names, {0x80, 0x00}}))}),
                   msg::malformed_import_kind);
  expect_malformed(module({section(2, cat({{0x01}, names, {0x03, 0x7F, 0x02}}))}),
                   msg::malformed_mutability);
  expect_malformed(module({section(2, cat({{0x01}, names, {0x01, 0x7F, 0x00, 0x00}}))}),
                   msg::malformed_reference_type);
  expect_malformed(module({section(2, {0x01, 0x01, 0xFF, 0x01, 'n', 0x00, 0x00})}),
                   msg::malformed_utf8_encoding);
}

TEST(BinarySections, LimitsFlags) {
  // Shared (0x03) and memory64 (0x04..) flags are proposals: malformed in 2.0.
  expect_malformed(module({section(5, {0x01, 0x02, 0x00})}), msg::integer_too_large);
  expect_malformed(module({section(5, {0x01, 0x03, 0x00, 0x01})}), msg::integer_too_large);
  expect_malformed(module({section(5, {0x01, 0x04, 0x00})}), msg::integer_too_large);
  // The shared flags name the proposal after the testsuite's text.
  const Result<Module> shared = decode(module({section(5, {0x01, 0x03, 0x00, 0x01})}), Features{});
  ASSERT_FALSE(shared.ok());
  EXPECT_EQ(shared.error().message,
            "integer too large: unsupported: threads (limits flag 0x03: a shared memory)");
  expect_malformed(module({section(5, {0x01, 0x81, 0x00, 0x00, 0x00})}),
                   msg::integer_representation_too_long);
  expect_malformed(module({section(4, {0x01, 0x70, 0x02, 0x00})}), msg::integer_too_large);
  const Module m =
      expect_ok(module({section(5, {0x01, 0x01, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F})}));
  EXPECT_EQ(m.mems[0].type.limits.max, std::optional<u32>(0xFFFFFFFF));
}

TEST(BinarySections, GlobalsExportsStart) {
  const Module m =
      expect_ok(module({kTypeSec, kFuncSec, section(6, {0x01, 0x7F, 0x01, 0x41, 0x2A, 0x0B}),
                        section(7, {0x02, 0x01, 'f', 0x00, 0x00, 0x01, 'g', 0x03, 0x00}),
                        section(8, {0x00}), code_sec({0x0B})}));
  ASSERT_EQ(m.globals.size(), 1u);
  EXPECT_EQ(m.globals[0].type.mut, Mut::var);
  ASSERT_EQ(m.globals[0].init.size(), 2u);
  EXPECT_EQ(m.globals[0].init[0].op, Op::i32_const);
  EXPECT_EQ(m.globals[0].init[0].bits, 42u);
  EXPECT_EQ(m.globals[0].init[1].op, Op::end);
  ASSERT_EQ(m.exports.size(), 2u);
  EXPECT_EQ(m.exports[1].name, "g");
  EXPECT_EQ(m.exports[1].kind, ExternKind::global);
  ASSERT_TRUE(m.start.has_value());
  EXPECT_EQ(m.start->func.value, 0u);
  ASSERT_EQ(m.funcs.size(), 1u);
  EXPECT_EQ(m.funcs[0].type.value, 0u);
  expect_malformed(module({section(7, {0x01, 0x01, 'f', 0x04, 0x00})}), msg::malformed_export_kind);
  expect_malformed(module({section(6, {0x01, 0x7F, 0xFF, 0x41, 0x00, 0x0B})}),
                   msg::malformed_mutability);
  // A global initializer missing its end runs into the end of the section.
  expect_malformed(module({section(6, {0x01, 0x7F, 0x00, 0x41, 0x00})}),
                   msg::unexpected_end_of_section_or_function);
}

TEST(BinarySections, FunctionAndCodeInconsistent) {
  expect_malformed(module({kTypeSec, kFuncSec}), msg::function_and_code_section_inconsistent);
  expect_malformed(module({kTypeSec, code_sec({0x0B})}),
                   msg::function_and_code_section_inconsistent);
}

// ----- Element segments: all 8 encodings -------------------------------------------------------

Module elem_module(const Bytes& segment) {
  return expect_ok(module(
      {kTypeSec, kFuncSec, kTableSec, section(9, cat({{0x01}, segment})), code_sec({0x0B})}));
}

void expect_ref_funcs(const Elem& e, std::initializer_list<u32> funcs) {
  ASSERT_EQ(e.init.size(), funcs.size());
  size_t i = 0;
  for (const u32 y : funcs) {
    ASSERT_EQ(e.init[i].size(), 2u);
    EXPECT_EQ(e.init[i][0].op, Op::ref_func);
    EXPECT_EQ(e.init[i][0].x, y);
    EXPECT_EQ(e.init[i][1].op, Op::end);
    ++i;
  }
}

TEST(BinaryElem, Encoding0ActiveFuncIndices) {
  const Module m = elem_module({0x00, 0x41, 0x03, 0x0B, 0x02, 0x00, 0x00});
  const Elem& e = m.elems.at(0);
  EXPECT_EQ(e.mode, Elem::Mode::active);
  EXPECT_EQ(e.table.value, 0u);
  EXPECT_EQ(e.type, ValType::funcref);
  EXPECT_EQ(e.offset.at(0).bits, 3u);
  expect_ref_funcs(e, {0, 0});
}

TEST(BinaryElem, Encoding1PassiveFuncIndices) {
  const Module m = elem_module({0x01, 0x00, 0x01, 0x00});
  EXPECT_EQ(m.elems.at(0).mode, Elem::Mode::passive);
  expect_ref_funcs(m.elems.at(0), {0});
}

TEST(BinaryElem, Encoding2ActiveTableFuncIndices) {
  const Module m = elem_module({0x02, 0x05, 0x41, 0x00, 0x0B, 0x00, 0x01, 0x07});
  EXPECT_EQ(m.elems.at(0).mode, Elem::Mode::active);
  EXPECT_EQ(m.elems.at(0).table.value, 5u);
  expect_ref_funcs(m.elems.at(0), {7});
}

TEST(BinaryElem, Encoding3DeclarativeFuncIndices) {
  const Module m = elem_module({0x03, 0x00, 0x01, 0x00});
  EXPECT_EQ(m.elems.at(0).mode, Elem::Mode::declarative);
  expect_ref_funcs(m.elems.at(0), {0});
}

TEST(BinaryElem, Encoding4ActiveExprs) {
  const Module m = elem_module({0x04, 0x41, 0x00, 0x0B, 0x02, 0xD2, 0x00, 0x0B, 0xD0, 0x70, 0x0B});
  const Elem& e = m.elems.at(0);
  EXPECT_EQ(e.mode, Elem::Mode::active);
  EXPECT_EQ(e.type, ValType::funcref);
  ASSERT_EQ(e.init.size(), 2u);
  EXPECT_EQ(e.init[0][0].op, Op::ref_func);
  EXPECT_EQ(e.init[1][0].op, Op::ref_null);
  EXPECT_EQ(e.init[1][0].ref_type, ValType::funcref);
}

TEST(BinaryElem, Encoding5PassiveExprs) {
  const Module m = elem_module({0x05, 0x6F, 0x01, 0xD0, 0x6F, 0x0B});
  EXPECT_EQ(m.elems.at(0).mode, Elem::Mode::passive);
  EXPECT_EQ(m.elems.at(0).type, ValType::externref);
  EXPECT_EQ(m.elems.at(0).init.at(0).at(0).ref_type, ValType::externref);
}

TEST(BinaryElem, Encoding6ActiveTableExprs) {
  const Module m = elem_module({0x06, 0x02, 0x41, 0x01, 0x0B, 0x70, 0x01, 0xD2, 0x00, 0x0B});
  EXPECT_EQ(m.elems.at(0).mode, Elem::Mode::active);
  EXPECT_EQ(m.elems.at(0).table.value, 2u);
  EXPECT_EQ(m.elems.at(0).offset.at(0).bits, 1u);
  EXPECT_EQ(m.elems.at(0).init.size(), 1u);
}

TEST(BinaryElem, Encoding7DeclarativeExprs) {
  const Module m = elem_module({0x07, 0x70, 0x01, 0xD2, 0x00, 0x0B});
  EXPECT_EQ(m.elems.at(0).mode, Elem::Mode::declarative);
}

TEST(BinaryElem, Malformed) {
  const auto with = [](const Bytes& seg) {
    return module(
        {kTypeSec, kFuncSec, kTableSec, section(9, cat({{0x01}, seg})), code_sec({0x0B})});
  };
  expect_malformed(with({0x08, 0x00}), msg::malformed_elements_segment_kind);
  expect_malformed(with({0x01, 0x01, 0x00}), msg::malformed_element_kind);
  expect_malformed(with({0x05, 0x7F, 0x00}), msg::malformed_reference_type);
  expect_malformed(with({0x05, 0x70, 0x01, 0xF3, 0x00, 0x0B}), msg::illegal_opcode);
}

// ----- Data segments: all 3 encodings, data count ---------------------------------------------

TEST(BinaryData, Encodings) {
  const Module m =
      expect_ok(module({kMemSec, section(11, {0x03, 0x00, 0x41, 0x08, 0x0B, 0x02, 'h', 'i', 0x01,
                                              0x01, 'x', 0x02, 0x01, 0x41, 0x00, 0x0B, 0x00})}));
  ASSERT_EQ(m.datas.size(), 3u);
  EXPECT_EQ(m.datas[0].mode, Data::Mode::active);
  EXPECT_EQ(m.datas[0].memory.value, 0u);
  EXPECT_EQ(m.datas[0].offset.at(0).bits, 8u);
  EXPECT_EQ(m.datas[0].init, (Bytes{'h', 'i'}));
  EXPECT_EQ(m.datas[1].mode, Data::Mode::passive);
  EXPECT_EQ(m.datas[1].init, (Bytes{'x'}));
  EXPECT_EQ(m.datas[2].mode, Data::Mode::active);
  EXPECT_EQ(m.datas[2].memory.value, 1u);  // validation reports "unknown memory", not decoding
  EXPECT_TRUE(m.datas[2].init.empty());
  expect_malformed(module({kMemSec, section(11, {0x01, 0x03, 0x00})}),
                   msg::malformed_data_segment_kind);
  // Data longer than what is left.
  expect_malformed(module({kMemSec, {0x0B, 0x08, 0x01, 0x00, 0x41, 0x00, 0x0B, 0x03, 'a', 'b'}}),
                   msg::unexpected_end);
}

TEST(BinaryData, DataCount) {
  const Module m = expect_ok(module({section(12, {0x01}), section(11, {0x01, 0x01, 0x00})}));
  EXPECT_EQ(m.data_count, std::optional<u32>(1));
  expect_malformed(module({section(12, {0x03}), section(11, {0x01, 0x01, 0x00})}),
                   msg::data_count_and_data_section_inconsistent);
  expect_malformed(module({section(12, {0x01})}), msg::data_count_and_data_section_inconsistent);
}

TEST(BinaryData, DataCountRequired) {
  const Bytes data_drop = {0xFC, 0x09, 0x00, 0x0B};
  const Bytes memory_init = {0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x08, 0x00, 0x00, 0x0B};
  for (const Bytes& body : {data_drop, memory_init}) {
    expect_malformed(
        module({kTypeSec, kFuncSec, kMemSec, code_sec(body), section(11, {0x01, 0x01, 0x00})}),
        msg::data_count_section_required);
    expect_ok(func_module(body, /*data_count=*/true));
    // Note (deviation) in decode.cc: without any data segment the module decodes; validation
    // then reports the unknown data segment.
    expect_ok(module({kTypeSec, kFuncSec, kMemSec, code_sec(body)}));
  }
}

// ----- Code: locals and bodies -----------------------------------------------------------------

Bytes locals_module(const Bytes& locals_and_body) {
  return module({kTypeSec, kFuncSec,
                 section(10, cat({{0x01}, leb(locals_and_body.size()), locals_and_body}))});
}

TEST(BinaryCode, LocalsExpanded) {
  const Module m = expect_ok(locals_module({0x02, 0x02, 0x7F, 0x01, 0x7C, 0x0B}));
  EXPECT_EQ(m.funcs.at(0).locals, (std::vector<ValType>{ValType::i32, ValType::i32, ValType::f64}));
}

TEST(BinaryCode, TooManyLocals) {
  // 2^32-1 + 2 locals.
  expect_malformed(locals_module({0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x02, 0x7E, 0x0B}),
                   msg::too_many_locals);
  // 4 * 2^30 = 2^32.
  expect_malformed(
      locals_module({0x04, 0x80, 0x80, 0x80, 0x80, 0x04, 0x7F, 0x80, 0x80, 0x80, 0x80, 0x04, 0x7E,
                     0x80, 0x80, 0x80, 0x80, 0x04, 0x7D, 0x80, 0x80, 0x80, 0x80, 0x04, 0x7C, 0x0B}),
      msg::too_many_locals);
  // The local count is a u32.
  expect_malformed(locals_module({0x02, 0x80, 0x80, 0x80, 0x80, 0x10, 0x7F, 0x02, 0x7E, 0x0B}),
                   msg::integer_too_large);
}

TEST(BinaryCode, LocalsImplementationLimit) {
  // 2^32-1 locals in 7 bytes: valid per the spec, refused before expanding.
  expect_malformed(locals_module({0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x0B}),
                   msg::implementation_limit);
  expect_malformed(locals_module(cat({{0x02}, leb(kMaxFunctionLocals), {0x7F, 0x01, 0x7E, 0x0B}})),
                   msg::implementation_limit);
  const Module m = expect_ok(locals_module(cat({{0x01}, leb(kMaxFunctionLocals), {0x7F, 0x0B}})));
  EXPECT_EQ(m.funcs.at(0).locals.size(), kMaxFunctionLocals);
}

TEST(BinaryCode, BodyEnd) {
  // Body without its final end: the next bytes are read as instructions.
  expect_malformed(module({kTypeSec, kFuncSec, section(10, {0x01, 0x04, 0x00, 0x41, 0x01, 0x1A})}),
                   msg::unexpected_end_of_section_or_function);
  // Body whose end lies beyond its declared size.
  expect_malformed(
      module({kTypeSec, kFuncSec, section(10, {0x01, 0x04, 0x00, 0x41, 0x01, 0x1A, 0x0B}),
              section(11, {0x00})}),
      msg::section_size_mismatch);
  // Bytes after the final end inside the body.
  expect_malformed(module({kTypeSec, kFuncSec, section(10, {0x01, 0x03, 0x00, 0x0B, 0x01})}),
                   msg::section_size_mismatch);
}

TEST(BinaryCode, ElseAndEnd) {
  expect_malformed(func_module({0x05, 0x0B}), msg::end_opcode_expected);  // else at top
  expect_malformed(func_module({0x02, 0x40, 0x05, 0x0B, 0x0B}),
                   msg::end_opcode_expected);  // in block
  expect_malformed(func_module({0x41, 0x00, 0x04, 0x40, 0x05, 0x05, 0x0B, 0x0B}),
                   msg::end_opcode_expected);  // second else
  const Module m = expect_ok(func_module({0x41, 0x00, 0x04, 0x40, 0x05, 0x0B, 0x0B}));
  EXPECT_EQ(m.funcs.at(0).body.size(), 5u);
  expect_malformed(func_module({0x02, 0x40, 0x0B}), msg::unexpected_end);  // block never closed
}

TEST(BinaryCode, DeepNestingWithoutRecursion) {
  constexpr size_t depth = 200000;
  Bytes body;
  for (size_t i = 0; i < depth; ++i) body.insert(body.end(), {0x02, 0x40});
  body.insert(body.end(), depth + 1, 0x0B);
  const Module m = expect_ok(func_module(body));
  EXPECT_EQ(m.funcs.at(0).body.size(), 2 * depth + 1);
}

TEST(BinaryInstructions, UnknownOpcodes) {
  expect_malformed(func_module({0x06, 0x40, 0x0B, 0x0B}), msg::illegal_opcode);  // try
  expect_malformed(func_module({0x12, 0x00, 0x0B}), msg::illegal_opcode);        // return_call
  expect_malformed(func_module({0xFE, 0x03, 0x00, 0x0B}), msg::illegal_opcode);  // atomic.fence
  expect_malformed(func_module({0xC5, 0x0B}), msg::illegal_opcode);
  expect_malformed(func_module({0xFC, 0x12, 0x0B}), msg::illegal_opcode);
  expect_malformed(func_module({0xFC, 0x87, 0x80, 0x80, 0x80, 0x80, 0x00, 0x0B}),
                   msg::integer_representation_too_long);
  // Without SIMD, 0xFD is no opcode at all.
  Features no_simd;
  no_simd.simd = false;
  expect_malformed(func_module({0xFD, 0x0F, 0x0B}), msg::illegal_opcode, no_simd);
}

// ----- §5.4.8 Vector instructions --------------------------------------------------------------

TEST(BinaryVector, UnknownCodesAfterThePrefix) {
  // Codes the table leaves out (0x9A, 0xA2, 0xA5, 0xAF, 0xB0...) and codes beyond 0xFF.
  for (const u32 code : {0x9Au, 0xA2u, 0xA5u, 0xA6u, 0xAFu, 0xB0u, 0xB2u, 0xBBu, 0xC2u, 0xE2u,
                         0xEEu, 0x100u, 0x1FFu, 0xFFFFFFFFu}) {
    expect_malformed(func_module(cat({{0xFD}, leb(code), {0x0B}})), msg::illegal_opcode);
  }
  // The code is a u32 LEB: too long, or too large for 32 bits.
  expect_malformed(func_module({0xFD, 0x8F, 0x80, 0x80, 0x80, 0x80, 0x00, 0x0B}),
                   msg::integer_representation_too_long);
  expect_malformed(func_module({0xFD, 0xFF, 0xFF, 0xFF, 0xFF, 0x1F, 0x0B}),
                   msg::integer_too_large);
  // Prefix at the end of the input.
  expect_malformed(module({kTypeSec, kFuncSec, section(10, {0x01, 0x02, 0x00, 0xFD})}),
                   msg::unexpected_end);
}

TEST(BinaryVector, NonMinimalCodeLeb) {
  // 0xFD 0x8F 0x00 is code 15 (i8x16.splat) in a two-byte LEB: a valid u32 encoding.
  const Module m = expect_ok(func_module({0x41, 0x00, 0xFD, 0x8F, 0x00, 0x1A, 0x0B}));
  EXPECT_EQ(m.funcs.at(0).body.at(1).op, Op::i8x16_splat);
}

TEST(BinaryVector, ImmediatesGolden) {
  const Bytes body = {
      0xFD, 0x0C, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,  // v128.const: 16 bytes
      0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0xFF,              //
      0xFD, 0x0C, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,  // a second v128.const
      0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F,              //
      0xFD, 0x0D, 0x1F, 0x00, 0x20, 0x01, 0x02, 0x03, 0x04, 0x05,  // i8x16.shuffle: 16 lanes,
      0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0xFF,              // 32 and 255 decode too
      0xFD, 0x15, 0x0F,                                            // i8x16.extract_lane_s 15
      0xFD, 0x22, 0xFF,                                            // f64x2.replace_lane 255
      0xFD, 0x00, 0x04, 0x90, 0x4E,                                // v128.load align=4 off=10000
      0xFD, 0x0B, 0x05, 0x00,                                      // v128.store align=5 (invalid)
      0xFD, 0x57, 0x03, 0x80, 0x01, 0x01,                          // v128.load64_lane 3 128 1
      0xFD, 0x58, 0x00, 0x07, 0x10,                                // v128.store8_lane 0 7 16
      0xFD, 0x5C, 0x02, 0x00,                                      // v128.load32_zero align=2
      0x0B};
  const Module m = expect_ok(func_module(body));
  const Expr& e = m.funcs.at(0).body;
  ASSERT_EQ(e.size(), 11u);
  ASSERT_EQ(m.v128_immediates.size(), 3u);
  // v128.const: x = pool index, the bytes as written (b0 first = least significant).
  EXPECT_EQ(e[0].op, Op::v128_const);
  EXPECT_EQ(e[0].x, 0u);
  EXPECT_EQ(m.v128_immediates[0], (std::array<u8, 16>{0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06,
                                                      0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D,
                                                      0x0E, 0xFF}));
  EXPECT_EQ(e[1].op, Op::v128_const);
  EXPECT_EQ(e[1].x, 1u);
  EXPECT_EQ(m.v128_immediates[1][0], 0x10);
  EXPECT_EQ(m.v128_immediates[1][15], 0x1F);
  // i8x16.shuffle: x = pool index of the 16 lane indices.
  EXPECT_EQ(e[2].op, Op::i8x16_shuffle);
  EXPECT_EQ(e[2].x, 2u);
  EXPECT_EQ(m.v128_immediates[2], (std::array<u8, 16>{0x1F, 0x00, 0x20, 0x01, 0x02, 0x03, 0x04,
                                                      0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B,
                                                      0x0C, 0xFF}));
  // laneidx: x = the lane byte (bounds are validation's).
  EXPECT_EQ(e[3].op, Op::i8x16_extract_lane_s);
  EXPECT_EQ(e[3].x, 15u);
  EXPECT_EQ(e[4].op, Op::f64x2_replace_lane);
  EXPECT_EQ(e[4].x, 255u);
  // memarg of vector loads/stores: x = align, y = memidx, bits = offset.
  EXPECT_EQ(e[5].op, Op::v128_load);
  EXPECT_EQ(e[5].x, 4u);
  EXPECT_EQ(e[5].y, 0u);
  EXPECT_EQ(e[5].bits, 10000u);
  EXPECT_EQ(e[6].op, Op::v128_store);
  EXPECT_EQ(e[6].x, 5u);
  EXPECT_EQ(e[6].bits, 0u);
  // memarg_lane: as memarg, and lane.
  EXPECT_EQ(e[7].op, Op::v128_load64_lane);
  EXPECT_EQ(e[7].x, 3u);
  EXPECT_EQ(e[7].bits, 128u);
  EXPECT_EQ(e[7].lane, 1u);
  EXPECT_EQ(e[8].op, Op::v128_store8_lane);
  EXPECT_EQ(e[8].x, 0u);
  EXPECT_EQ(e[8].bits, 7u);
  EXPECT_EQ(e[8].lane, 16u);
  EXPECT_EQ(e[9].op, Op::v128_load32_zero);
  EXPECT_EQ(e[9].x, 2u);
  EXPECT_EQ(e[10].op, Op::end);
}

TEST(BinaryVector, TruncatedImmediates) {
  // Each immediate cut short by the end of the function body and the input.
  const auto truncated = [](const Bytes& instr) {
    return module({kTypeSec, kFuncSec, kMemSec,
                   section(10, cat({{0x01}, leb(instr.size() + 1), {0x00}, instr}))});
  };
  expect_malformed(truncated(cat({{0xFD, 0x0C}, Bytes(15, 0x00)})), msg::unexpected_end);
  expect_malformed(truncated(cat({{0xFD, 0x0D}, Bytes(15, 0x00)})), msg::unexpected_end);
  expect_malformed(truncated({0xFD, 0x15}), msg::unexpected_end);            // no lane byte
  expect_malformed(truncated({0xFD, 0x54, 0x00, 0x00}), msg::unexpected_end);  // memarg, no lane
  expect_malformed(truncated({0xFD, 0x00, 0x00}), msg::unexpected_end);      // memarg, no offset
  // A v128.const that takes the body's last 16 bytes (0x0B among them as data, not as end):
  // the expression reads on past the body, which then no longer matches its size.
  expect_malformed(module({kTypeSec, kFuncSec,
                           section(10, cat({{0x01, 0x13, 0x00, 0xFD, 0x0C}, Bytes(16, 0x0B)})),
                           section(11, {0x00})}),
                   msg::section_size_mismatch);
  // The memarg alignment and offset are u32s.
  expect_malformed(func_module({0x41, 0x00, 0xFD, 0x00, 0x80, 0x80, 0x80, 0x80, 0x10, 0x00,
                                0x1A, 0x0B}),
                   msg::integer_too_large);
}

TEST(BinaryVector, V128ConstInConstantExpressions) {
  // (global v128 (v128.const ...)), an element offset and a data offset written with
  // v128.const (which validation rejects as i32 offsets, but which decode).
  Bytes v128_const = {0xFD, 0x0C};
  for (u8 i = 0; i < 16; ++i) v128_const.push_back(static_cast<u8>(0xA0 + i));
  const Module m = expect_ok(module(
      {kTypeSec, kFuncSec, kTableSec, kMemSec,
       section(6, cat({{0x01, 0x7B, 0x00}, v128_const, {0x0B}})),
       section(9, cat({{0x01, 0x00}, v128_const, {0x0B, 0x00}})), code_sec({0x0B}),
       section(11, cat({{0x01, 0x00}, v128_const, {0x0B, 0x00}}))}));
  ASSERT_EQ(m.globals.size(), 1u);
  EXPECT_EQ(m.globals[0].type.type, ValType::v128);
  ASSERT_EQ(m.globals[0].init.size(), 2u);
  EXPECT_EQ(m.globals[0].init[0].op, Op::v128_const);
  ASSERT_EQ(m.v128_immediates.size(), 3u);  // one per v128.const, in decoding order
  EXPECT_EQ(m.globals[0].init[0].x, 0u);
  EXPECT_EQ(m.elems.at(0).offset.at(0).x, 1u);
  EXPECT_EQ(m.datas.at(0).offset.at(0).x, 2u);
  EXPECT_EQ(m.v128_immediates[0][0], 0xA0);
  EXPECT_EQ(m.v128_immediates[0][15], 0xAF);
  EXPECT_EQ(m.v128_immediates[2], m.v128_immediates[0]);
}

TEST(BinaryInstructions, ZeroByteExpected) {
  expect_malformed(func_module({0x3F, 0x01, 0x1A, 0x0B}), msg::zero_byte_expected);  // memory.size
  expect_malformed(func_module({0x41, 0x00, 0x40, 0x80, 0x00, 0x1A, 0x0B}),
                   msg::zero_byte_expected);
  expect_malformed(func_module({0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0B, 0x01, 0x0B}),
                   msg::zero_byte_expected);  // memory.fill
  expect_malformed(func_module({0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0A, 0x00, 0x01, 0x0B}),
                   msg::zero_byte_expected);  // memory.copy
  expect_malformed(
      func_module({0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x08, 0x00, 0x01, 0x0B}, true),
      msg::zero_byte_expected);  // memory.init
}

TEST(BinaryInstructions, ReferenceTypes) {
  expect_malformed(func_module({0xD0, 0x7F, 0x1A, 0x0B}), msg::malformed_reference_type);
  const Module m = expect_ok(func_module({0xD0, 0x6F, 0x1A, 0x0B}));
  EXPECT_EQ(m.funcs.at(0).body.at(0).ref_type, ValType::externref);
}

TEST(BinaryInstructions, ImmediatesRoundTrip) {
  const Bytes body = {
      0x02, 0x40,                          // block (empty)
      0x03, 0x7E,                          // loop (result i64)
      0x02, 0x00,                          // block (type 0)
      0x41, 0x80, 0x80, 0x80, 0x80, 0x78,  // i32.const INT32_MIN
      0x0E, 0x02, 0x00, 0x01, 0x02,        // br_table 0 1 2
      0x0B, 0x0B, 0x0B, 0x42, 0x80, 0x80, 0x80, 0x80, 0x80,
      0x80, 0x80, 0x80, 0x80, 0x7F,                          // i64.const INT64_MIN
      0x1A, 0x43, 0x01, 0x00, 0xA0, 0x7F,                    // f32.const sNaN payload
      0x44, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF8, 0xFF,  // f64.const NaN payload
      0x11, 0x00, 0x03,                                      // call_indirect type 0 table 3
      0x28, 0x02, 0x90, 0x4E,                                // i32.load align=2 offset=10000
      0x1C, 0x02, 0x7F, 0x7E,  // select (result i32 i64): arity checked later
      0xFC, 0x0C, 0x04, 0x01,  // table.init elem 4 table 1
      0xFC, 0x0E, 0x02, 0x03,  // table.copy dst 2 src 3
      0xFC, 0x08, 0x00, 0x00,  // memory.init data 0
      0x20, 0x07, 0x24, 0x01,  // local.get 7, global.set 1
      0x0B};
  const Module m = expect_ok(func_module(body, true));
  const Func& f = m.funcs.at(0);
  const Expr& e = f.body;
  ASSERT_EQ(e.size(), 21u);
  EXPECT_EQ(e[0].block_type.kind, BlockType::Kind::empty);
  EXPECT_EQ(e[1].op, Op::loop);
  EXPECT_EQ(e[1].block_type.kind, BlockType::Kind::val);
  EXPECT_EQ(e[1].block_type.val, ValType::i64);
  EXPECT_EQ(e[2].block_type.kind, BlockType::Kind::type);
  EXPECT_EQ(e[2].block_type.type.value, 0u);
  EXPECT_EQ(e[3].bits, 0x80000000u);
  EXPECT_EQ(e[4].op, Op::br_table);
  EXPECT_EQ(e[4].y, 3u);
  ASSERT_EQ(f.br_table_labels.size(), 3u);
  EXPECT_EQ(f.br_table_labels[e[4].x + 2], 2u);  // the default last
  EXPECT_EQ(e[8].bits, 0x8000000000000000u);
  EXPECT_EQ(e[10].bits, 0x7FA00001u);
  EXPECT_EQ(e[11].bits, 0xFFF8000000000001u);
  EXPECT_EQ(e[12].op, Op::call_indirect);
  EXPECT_EQ(e[12].x, 0u);
  EXPECT_EQ(e[12].y, 3u);
  EXPECT_EQ(e[13].x, 2u);
  EXPECT_EQ(e[13].bits, 10000u);  // memarg: the offset
  EXPECT_EQ(e[14].op, Op::select_t);
  EXPECT_EQ(e[14].x, 2u);
  EXPECT_EQ(e[14].ref_type, ValType::i32);
  EXPECT_EQ(e[15].op, Op::table_init);
  EXPECT_EQ(e[15].x, 4u);
  EXPECT_EQ(e[15].y, 1u);
  EXPECT_EQ(e[16].op, Op::table_copy);
  EXPECT_EQ(e[16].x, 2u);
  EXPECT_EQ(e[16].y, 3u);
  EXPECT_EQ(e[17].op, Op::memory_init);
  EXPECT_EQ(e[18].x, 7u);
  EXPECT_EQ(e[19].op, Op::global_set);
  EXPECT_EQ(e[20].op, Op::end);
}

TEST(BinaryInstructions, BlockTypes) {
  // Negative s33 type index.
  expect_malformed(func_module({0x02, 0x80, 0x7F, 0x0B, 0x0B}), msg::malformed_value_type);
  expect_malformed(func_module({0x02, 0x41, 0x0B, 0x0B}), msg::malformed_value_type);
  // Largest type index: decodes (validation rejects it).
  const Module m = expect_ok(func_module({0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x0B, 0x0B}));
  EXPECT_EQ(m.funcs.at(0).body.at(0).block_type.type.value, 0xFFFFFFFFu);
  expect_malformed(func_module({0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x1F, 0x0B, 0x0B}),
                   msg::integer_too_large);
}

TEST(BinaryInstructions, EveryOpcodeOfTheTableDecodes) {
  // Each opcode with minimal valid immediates, followed by the body's end. The last opcode of
  // the table is the last 0xFD one (instructions.cc asserts table order = enum order).
  size_t prefixed_fd = 0;
  for (size_t i = 0; i <= static_cast<size_t>(Op::f64x2_convert_low_i32x4_u); ++i) {
    const OpInfo& info = op_info(static_cast<Op>(i));
    Bytes body;
    if (info.prefix == 0) {
      body.push_back(static_cast<u8>(info.code));
    } else {
      body.push_back(info.prefix);
      const Bytes code = leb(info.code);
      body.insert(body.end(), code.begin(), code.end());
    }
    switch (info.imm) {
      case Imm::none: break;
      case Imm::blocktype: body.insert(body.end(), {0x40, 0x0B}); break;  // and close it
      case Imm::br_table: body.insert(body.end(), {0x00, 0x00}); break;
      case Imm::call_indirect:
      case Imm::memarg:
      case Imm::memory_init:
      case Imm::memory_copy:
      case Imm::table_init:
      case Imm::table_copy: body.insert(body.end(), {0x00, 0x00}); break;
      case Imm::reftype: body.push_back(0x70); break;
      case Imm::select_t: body.insert(body.end(), {0x01, 0x7F}); break;
      case Imm::f32: body.insert(body.end(), 4, 0x00); break;
      case Imm::f64: body.insert(body.end(), 8, 0x00); break;
      case Imm::v128:
      case Imm::shuffle: body.insert(body.end(), 16, 0x00); break;
      case Imm::memarg_lane: body.insert(body.end(), {0x00, 0x00, 0x00}); break;
      default: body.push_back(0x00); break;  // one-byte index / LEB zero / zero byte / lane
    }
    if (info.prefix == 0xFD) {
      ++prefixed_fd;
      // The table's entry is what op_by_prefixed finds for its code.
      EXPECT_EQ(op_by_prefixed(0xFD, info.code), &info) << info.text;
    }
    if (info.op == Op::end) {  // `end` itself is the final end
      body.clear();
    } else if (info.op == Op::else_) {
      body = {0x41, 0x00, 0x04, 0x40, 0x05};
      body.push_back(0x0B);
    }
    body.push_back(0x0B);
    const Result<Module> r = decode(func_module(body, true));
    EXPECT_TRUE(r.ok()) << info.text << ": " << (r.ok() ? "" : r.error().message);
    if (r.ok() && info.op != Op::end) {
      const Expr& e = r->funcs.at(0).body;
      const bool found =
          std::any_of(e.begin(), e.end(), [&](const Instr& in) { return in.op == info.op; });
      EXPECT_TRUE(found) << info.text;
    }
  }
  EXPECT_EQ(prefixed_fd, 236u);  // §5.4.8: the 236 vector instructions of 2.0
}

// Core 3.0 §5.4.1 return_call x (0x12) and return_call_indirect y x (0x13, typeidx then
// tableidx, as call_indirect) are read only with the tail_call feature
// (Decoder::decodable); without it they are the unknown opcodes of 2.0.
TEST(BinaryInstructions, TailCallsNeedTheFeature) {
  const Bytes body = {0x12, 0x02, 0x41, 0x00, 0x13, 0x05, 0x03, 0x0B};
  Features tail;
  tail.tail_call = true;
  const Result<Module> r = decode(func_module(body), tail);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Expr& e = r->funcs.at(0).body;
  ASSERT_EQ(e.size(), 4u);
  EXPECT_EQ(e[0].op, Op::return_call);
  EXPECT_EQ(e[0].x, 2u);
  EXPECT_EQ(e[2].op, Op::return_call_indirect);
  EXPECT_EQ(e[2].x, 5u);  // typeidx
  EXPECT_EQ(e[2].y, 3u);  // tableidx
  expect_malformed(func_module(body), msg::illegal_opcode);
  expect_malformed(func_module({0x41, 0x00, 0x13, 0x00, 0x00, 0x0B}), msg::illegal_opcode);
}

// Core 3.0 limits (memory64): the flags byte gives the address type, the bounds are u64 for
// both address types (validation judges the range), other bytes are "malformed limits flags".
TEST(BinarySections, LimitsFlagsOf3_0) {
  Features f;
  f.memory64 = true;
  const Bytes two_pow_32 = leb(u64{1} << 32);
  Module m = expect_ok(module({section(5, cat({{0x01, 0x05}, leb(1), leb(~u64{0})}))}), f);
  EXPECT_EQ(m.mems[0].type.addr, AddrType::i64);
  EXPECT_EQ(m.mems[0].type.limits.min, 1u);
  EXPECT_EQ(m.mems[0].type.limits.max, std::optional<u64>(~u64{0}));
  m = expect_ok(module({section(5, cat({{0x01, 0x00}, two_pow_32}))}), f);
  EXPECT_EQ(m.mems[0].type.addr, AddrType::i32);
  EXPECT_EQ(m.mems[0].type.limits.min, u64{1} << 32);
  m = expect_ok(module({section(4, cat({{0x01, 0x70, 0x04}, leb(3)}))}), f);
  EXPECT_EQ(m.tables[0].type.addr, AddrType::i64);
  expect_malformed(module({section(5, {0x01, 0x08, 0x00})}), msg::malformed_limits_flags, f);
  expect_malformed(module({section(5, {0x01, 0x81, 0x00, 0x00})}), msg::malformed_limits_flags, f);
  const Result<Module> shared = decode(module({section(5, {0x01, 0x07, 0x00, 0x01})}), f);
  ASSERT_FALSE(shared.ok());
  EXPECT_EQ(shared.error().message,
            "malformed limits flags: unsupported: threads (limits flag 0x07: a shared memory)");
  // Without memory64, 2.0's reading: 0x04 is a 1-bit LEB that is too large.
  expect_malformed(module({section(5, {0x01, 0x04, 0x00})}), msg::integer_too_large);
}

// Core 3.0 memarg (multiple memories, memory64): flag bit 6 announces a memory index, the
// offset is a u64; flags of 2^7 or more are malformed.
TEST(BinaryInstructions, MemargOf3_0) {
  Features f;
  f.multi_memory = f.memory64 = true;
  const Bytes body = cat({{0x41, 0x00, 0x28, 0x42, 0x03}, leb(u64{1} << 40),  // i32.load 3
                          {0x1A, 0x41, 0x00, 0x2D, 0x00, 0x05, 0x1A,          // i32.load8_u
                           0x3F, 0x02, 0x1A,                                  // memory.size 2
                           0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0A, 0x01, 0x02,  // copy 1 2
                           0x0B}});
  const Result<Module> r = decode(func_module(body), f);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Expr& e = r->funcs.at(0).body;
  EXPECT_EQ(e[1].op, Op::i32_load);
  EXPECT_EQ(e[1].x, 2u);               // align
  EXPECT_EQ(e[1].y, 3u);               // memidx
  EXPECT_EQ(e[1].bits, u64{1} << 40);  // offset
  EXPECT_EQ(e[4].y, 0u);
  EXPECT_EQ(e[4].bits, 5u);
  EXPECT_EQ(e[6].op, Op::memory_size);
  EXPECT_EQ(e[6].x, 2u);
  EXPECT_EQ(e[11].op, Op::memory_copy);
  EXPECT_EQ(e[11].x, 1u);
  EXPECT_EQ(e[11].y, 2u);
  expect_malformed(func_module({0x41, 0x00, 0x28, 0x80, 0x01, 0x00, 0x1A, 0x0B}),
                   msg::malformed_memop_flags, f);
  // 2.0: the index bytes are zero bytes, offsets u32.
  expect_malformed(func_module({0x3F, 0x01, 0x1A, 0x0B}), msg::zero_byte_expected);
  expect_malformed(func_module(cat({{0x41, 0x00, 0x28, 0x02}, leb(u64{1} << 32), {0x1A, 0x0B}})),
                   msg::integer_too_large);
}

// ----- Core 3.0 exception handling ------------------------------------------------------------

Features exceptions() {
  Features f;
  f.exceptions = true;
  return f;
}
Features legacy_exceptions() {
  Features f;
  f.legacy_exceptions = true;
  return f;
}

// Core 3.0 binary/modules.rst: tagsec ::= section_13(vec(tag)), tag ::= 0x00 x:typeidx.
TEST(BinaryTags, TagSection) {
  const Module m =
      expect_ok(module({kTypeSec, section(13, {0x02, 0x00, 0x00, 0x00, 0x05})}), exceptions());
  ASSERT_EQ(m.tags.size(), 2u);
  EXPECT_EQ(m.tags[0].type.value, 0u);
  EXPECT_EQ(m.tags[1].type.value, 5u);  // decodes; validation says "unknown type"
}

// The tag type's attribute byte must be 0x00 (the spec interpreter's `zero`).
TEST(BinaryTags, AttributeMustBeZero) {
  expect_malformed(module({kTypeSec, section(13, {0x01, 0x01, 0x00})}), msg::zero_byte_expected,
                   exceptions());
}

TEST(BinaryTags, Truncated) {
  expect_malformed(module({kTypeSec, section(13, {0x01, 0x00})}), msg::unexpected_end,
                   exceptions());
  expect_malformed(module({kTypeSec, section(13, {0x02, 0x00, 0x00})}), msg::unexpected_end,
                   exceptions());
  expect_malformed(module({kTypeSec, section(13, {0x05, 0x00, 0x00})}), msg::length_out_of_bounds,
                   exceptions());
}

// Section 13 is a 2.0 "malformed section id" without the feature. The legacy proposal's
// catch names tags too: tags decode with either exception feature.
TEST(BinaryTags, SectionIdNeedsTheFeature) {
  expect_malformed(module({kTypeSec, section(13, {0x00})}), msg::malformed_section_id);
  expect_malformed(module({section(14, {0x00})}), msg::malformed_section_id, exceptions());
  const Module m = expect_ok(
      module({kTypeSec, section(2, {0x01, 0x01, 'm', 0x01, 't', 0x04, 0x00, 0x00}),
              section(13, {0x01, 0x00, 0x00}), section(7, {0x01, 0x01, 'e', 0x04, 0x01})}),
      legacy_exceptions());
  EXPECT_EQ(m.imports.size(), 1u);
  EXPECT_EQ(m.tags.size(), 1u);
  EXPECT_EQ(m.exports.size(), 1u);
}

// The tag section comes after the memory section and before the global section.
TEST(BinaryTags, SectionOrder) {
  const Bytes tags = section(13, {0x01, 0x00, 0x00});
  const Bytes globals = section(6, {0x01, 0x7F, 0x00, 0x41, 0x00, 0x0B});
  const Module m = expect_ok(module({kTypeSec, kTableSec, kMemSec, tags, globals}), exceptions());
  EXPECT_EQ(m.tags.size(), 1u);
  EXPECT_EQ(m.globals.size(), 1u);
  expect_malformed(module({kTypeSec, globals, tags}), msg::unexpected_content_after_last_section,
                   exceptions());
  expect_malformed(module({kTypeSec, tags, kMemSec}), msg::unexpected_content_after_last_section,
                   exceptions());
  expect_malformed(module({kTypeSec, tags, tags}), msg::unexpected_content_after_last_section,
                   exceptions());
}

// Core 3.0 externtype ::= ... | 0x04 tt:tagtype; externidx ::= ... | 0x04 x:tagidx.
TEST(BinaryTags, ImportsAndExports) {
  const Bytes import_tag = section(2, {0x01, 0x01, 'm', 0x01, 't', 0x04, 0x00, 0x00});
  const Bytes export_tag = section(7, {0x01, 0x01, 'e', 0x04, 0x00});
  const Module m = expect_ok(module({kTypeSec, import_tag, export_tag}), exceptions());
  ASSERT_EQ(m.imports.size(), 1u);
  EXPECT_EQ(m.imports[0].kind, ExternKind::tag);
  EXPECT_EQ(m.imports[0].tag.value, 0u);
  ASSERT_EQ(m.exports.size(), 1u);
  EXPECT_EQ(m.exports[0].kind, ExternKind::tag);
  EXPECT_EQ(m.exports[0].index, 0u);
  expect_malformed(module({kTypeSec, section(2, {0x01, 0x01, 'm', 0x01, 't', 0x04, 0x01, 0x00})}),
                   msg::zero_byte_expected, exceptions());
  expect_malformed(module({kTypeSec, section(2, {0x01, 0x01, 'm', 0x01, 't', 0x05, 0x00, 0x00})}),
                   msg::malformed_import_kind, exceptions());
  expect_malformed(module({section(7, {0x01, 0x01, 'e', 0x05, 0x00})}), msg::malformed_export_kind,
                   exceptions());
  // Without the feature, 0x04 is 2.0's malformed kind.
  expect_malformed(module({kTypeSec, import_tag}), msg::malformed_import_kind);
  expect_malformed(module({kTypeSec, export_tag}), msg::malformed_export_kind);
}

// exnref (0x69) as a value type (parameters, locals, globals, block types), as a reference
// type (tables, element segments) and as ref.null's heap type, with exceptions only.
TEST(BinaryExnref, ValueAndReferenceType) {
  const Bytes types = section(1, {0x01, 0x60, 0x01, 0x69, 0x01, 0x69});
  const Bytes table = section(4, {0x01, 0x69, 0x00, 0x01});
  const Bytes global = section(6, {0x01, 0x69, 0x00, 0xD0, 0x69, 0x0B});
  const Bytes elem = section(9, {0x01, 0x05, 0x69, 0x01, 0xD0, 0x69, 0x0B});
  const Bytes body = {0x01, 0x01, 0x69,              // one local exnref
                      0x02, 0x69, 0xD0, 0x69, 0x0B,  // block (result exnref) ref.null exn
                      0x1A, 0x20, 0x00, 0x0B};       // drop local.get 0 end
  const Bytes code = section(10, cat({{0x01}, leb(body.size()), body}));
  const Module m = expect_ok(module({types, kFuncSec, table, global, elem, code}), exceptions());
  EXPECT_EQ(m.types[0].func().params, (ResultType{ValType::exnref}));
  EXPECT_EQ(m.types[0].func().results, (ResultType{ValType::exnref}));
  EXPECT_EQ(m.tables[0].type.elem, ValType::exnref);
  EXPECT_EQ(m.globals[0].type.type, ValType::exnref);
  EXPECT_EQ(m.globals[0].init[0].ref_type, ValType::exnref);
  EXPECT_EQ(m.elems[0].type, ValType::exnref);
  const Func& f = m.funcs.at(0);
  EXPECT_EQ(f.locals, (std::vector<ValType>{ValType::exnref}));
  EXPECT_EQ(f.body[0].block_type.kind, BlockType::Kind::val);
  EXPECT_EQ(f.body[0].block_type.val, ValType::exnref);
  EXPECT_EQ(f.body[1].op, Op::ref_null);
  EXPECT_EQ(f.body[1].ref_type, ValType::exnref);
}

TEST(BinaryExnref, NeedsTheFeature) {
  expect_malformed(module({section(1, {0x01, 0x60, 0x01, 0x69, 0x00})}), msg::malformed_value_type);
  expect_malformed(module({section(4, {0x01, 0x69, 0x00, 0x01})}), msg::malformed_reference_type);
  expect_malformed(func_module({0xD0, 0x69, 0x1A, 0x0B}), msg::malformed_reference_type);
  // As a block type, 0x69 without the feature is a negative s33 (as in 2.0).
  expect_malformed(func_module({0x02, 0x69, 0x0B, 0x0B}), msg::malformed_value_type);
  // The legacy proposal alone has no exnref.
  expect_malformed(func_module({0xD0, 0x69, 0x1A, 0x0B}), msg::malformed_reference_type,
                   legacy_exceptions());
}

// throw x (0x08) and throw_ref (0x0A); `throw` is also an instruction of the legacy proposal.
TEST(BinaryInstructions, ThrowAndThrowRef) {
  const Bytes body = {0x08, 0x03, 0x0A, 0x0B};
  const Module m = expect_ok(func_module(body), exceptions());
  const Expr& e = m.funcs.at(0).body;
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[0].op, Op::throw_);
  EXPECT_EQ(e[0].x, 3u);
  EXPECT_EQ(e[1].op, Op::throw_ref);
  expect_malformed(func_module(body), msg::illegal_opcode);
  const Module legacy = expect_ok(func_module({0x08, 0x03, 0x0B}), legacy_exceptions());
  EXPECT_EQ(legacy.funcs.at(0).body[0].op, Op::throw_);
  expect_malformed(func_module({0x0A, 0x0B}), msg::illegal_opcode, legacy_exceptions());
}

// try_table bt vec(catch) instr* end: the clauses go to Func::catches, Instr::x = the first,
// Instr::y = their number; the try_table nests as a block.
TEST(BinaryInstructions, TryTable) {
  const Bytes body = {0x1F, 0x7F, 0x04,  // try_table (result i32), 4 clauses
                      0x00, 0x01, 0x02,  //   catch 1 2
                      0x01, 0x03, 0x00,  //   catch_ref 3 0
                      0x02, 0x01,        //   catch_all 1
                      0x03, 0x05,        //   catch_all_ref 5
                      0x1F, 0x40, 0x01,  //   try_table, 1 clause
                      0x02, 0x00,        //     catch_all 0
                      0x0B,              //   end
                      0x41, 0x00, 0x0B,  //   i32.const 0, end
                      0x1A, 0x0B};       // drop, final end
  const Module m = expect_ok(func_module(body), exceptions());
  const Func& f = m.funcs.at(0);
  ASSERT_EQ(f.body.size(), 7u);
  EXPECT_EQ(f.body[0].op, Op::try_table);
  EXPECT_EQ(f.body[0].block_type.kind, BlockType::Kind::val);
  EXPECT_EQ(f.body[0].block_type.val, ValType::i32);
  EXPECT_EQ(f.body[0].x, 0u);
  EXPECT_EQ(f.body[0].y, 4u);
  EXPECT_EQ(f.body[1].op, Op::try_table);
  EXPECT_EQ(f.body[1].x, 4u);
  EXPECT_EQ(f.body[1].y, 1u);
  using K = CatchClause::Kind;
  ASSERT_EQ(f.catches.size(), 5u);
  EXPECT_EQ(f.catches[0], (CatchClause{K::catch_, 1, 2}));
  EXPECT_EQ(f.catches[1], (CatchClause{K::catch_ref, 3, 0}));
  EXPECT_EQ(f.catches[2], (CatchClause{K::catch_all, 0, 1}));
  EXPECT_EQ(f.catches[3], (CatchClause{K::catch_all_ref, 0, 5}));
  EXPECT_EQ(f.catches[4], (CatchClause{K::catch_all, 0, 0}));
  // Without the feature: 0x1F is no opcode.
  expect_malformed(func_module(body), msg::illegal_opcode);
}

// A clause kind byte other than 0x00..0x03 is "malformed catch clause".
TEST(BinaryInstructions, TryTableMalformedCatchClause) {
  expect_malformed(func_module({0x1F, 0x40, 0x01, 0x04, 0x00, 0x0B, 0x0B}),
                   "malformed catch clause", exceptions());
  expect_malformed(func_module({0x1F, 0x40, 0x01, 0x80, 0x00, 0x00, 0x0B, 0x0B}),
                   "malformed catch clause", exceptions());
}

// A hostile clause count is bounded by the bytes left, and clauses cut short are an
// unexpected end.
TEST(BinaryInstructions, TryTableCounts) {
  expect_malformed(func_module({0x1F, 0x40, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x0B, 0x0B}),
                   msg::length_out_of_bounds, exceptions());
  expect_malformed(
      module({kTypeSec, kFuncSec, section(10, {0x01, 0x05, 0x00, 0x1F, 0x40, 0x01, 0x00})}),
      msg::unexpected_end, exceptions());
  // try_table never closed.
  expect_malformed(func_module({0x1F, 0x40, 0x00, 0x0B}), msg::unexpected_end, exceptions());
}

// Legacy: try bt instr* (catch x instr*)* (catch_all instr*)? end | try bt instr* delegate l;
// rethrow l. The decoder's nesting count treats `delegate` as the try's end.
TEST(BinaryInstructions, LegacyTryCatch) {
  const Bytes body = {0x06, 0x40,  // try
                      0x07, 0x01,  // catch 1
                      0x09, 0x00,  //   rethrow 0
                      0x19,        // catch_all
                      0x06, 0x40,  //   try
                      0x18, 0x02,  //   delegate 2
                      0x0B,        // end
                      0x0B};       // final end
  const Module m = expect_ok(func_module(body), legacy_exceptions());
  const Expr& e = m.funcs.at(0).body;
  ASSERT_EQ(e.size(), 8u);
  EXPECT_EQ(e[0].op, Op::try_);
  EXPECT_EQ(e[0].block_type.kind, BlockType::Kind::empty);
  EXPECT_EQ(e[1].op, Op::catch_);
  EXPECT_EQ(e[1].x, 1u);
  EXPECT_EQ(e[2].op, Op::rethrow);
  EXPECT_EQ(e[2].x, 0u);
  EXPECT_EQ(e[3].op, Op::catch_all);
  EXPECT_EQ(e[4].op, Op::try_);
  EXPECT_EQ(e[5].op, Op::delegate);
  EXPECT_EQ(e[5].x, 2u);
  EXPECT_EQ(e[6].op, Op::end);
  EXPECT_EQ(e[7].op, Op::end);
  EXPECT_TRUE(m.funcs.at(0).catches.empty());  // the validator records the legacy clauses
  // The legacy opcodes need their own feature: 3.0's exceptions do not have them.
  expect_malformed(func_module(body), msg::illegal_opcode);
  expect_malformed(func_module(body), msg::illegal_opcode, exceptions());
}

// `delegate` ends a try: a body whose only end is taken by the try is missing its final end.
TEST(BinaryInstructions, LegacyDelegateEndsTheTry) {
  const Module m = expect_ok(func_module({0x06, 0x40, 0x18, 0x00, 0x0B}), legacy_exceptions());
  EXPECT_EQ(m.funcs.at(0).body.size(), 3u);
  expect_malformed(
      module({kTypeSec, kFuncSec, section(10, {0x01, 0x05, 0x00, 0x06, 0x40, 0x18, 0x00})}),
      msg::unexpected_end, legacy_exceptions());
}

// catch / catch_all / delegate where the grammar has none: "END opcode expected", as `else`.
TEST(BinaryInstructions, LegacyMisplacedCatch) {
  const Features f = legacy_exceptions();
  expect_malformed(func_module({0x07, 0x00, 0x0B}), msg::end_opcode_expected, f);  // at top
  expect_malformed(func_module({0x19, 0x0B}), msg::end_opcode_expected, f);
  expect_malformed(func_module({0x18, 0x00, 0x0B}), msg::end_opcode_expected, f);
  expect_malformed(func_module({0x02, 0x40, 0x19, 0x0B, 0x0B}), msg::end_opcode_expected,
                   f);  // in a block
  expect_malformed(func_module({0x06, 0x40, 0x19, 0x07, 0x00, 0x0B, 0x0B}),
                   msg::end_opcode_expected, f);  // catch after catch_all
  expect_malformed(func_module({0x06, 0x40, 0x19, 0x19, 0x0B, 0x0B}), msg::end_opcode_expected,
                   f);  // two catch_all
  expect_malformed(func_module({0x06, 0x40, 0x07, 0x00, 0x18, 0x00, 0x0B}),
                   msg::end_opcode_expected, f);  // delegate after catch
  expect_malformed(func_module({0x06, 0x40, 0x19, 0x18, 0x00, 0x0B}), msg::end_opcode_expected,
                   f);  // delegate after catch_all
}
}  // namespace
}  // namespace wasmref

// ---- Core 3.0 typed function references and GC (binary/types.rst, binary/modules.rst) --------

namespace wasmref {
namespace {

Features gc() {
  Features f = Features::v3();
  return f;
}

TEST(BinaryGc, RecGroupsSubtypesAndAggregateTypes) {
  // (rec (type $a (sub (struct (field i8) (field (mut (ref null $b))))))
  //      (type $b (sub final $a (struct (field i8) (field (mut (ref null $b)))))))
  // (type $c (array (mut i16)))   (type $d (func (param (ref 2)) (result (ref null any))))
  const Bytes types = section(1, {0x03,
                                  0x4E, 0x02,
                                  0x50, 0x00, 0x5F, 0x02, 0x78, 0x00, 0x63, 0x01, 0x01,
                                  0x4F, 0x01, 0x00, 0x5F, 0x02, 0x78, 0x00, 0x63, 0x01, 0x01,
                                  0x5E, 0x77, 0x01,
                                  0x60, 0x01, 0x64, 0x02, 0x01, 0x6E});
  const Module m = expect_ok(module({types}), gc());
  ASSERT_EQ(m.types.size(), 4u);
  EXPECT_EQ(m.types[0].rec_pos, 0u);
  EXPECT_EQ(m.types[0].rec_len, 2u);
  EXPECT_EQ(m.types[1].rec_pos, 1u);
  EXPECT_FALSE(m.types[0].final);
  EXPECT_TRUE(m.types[1].final);
  ASSERT_EQ(m.types[1].supers.size(), 1u);
  EXPECT_EQ(m.types[1].supers[0], HeapType::idx(0));
  ASSERT_EQ(m.types[0].comp.fields.size(), 2u);
  EXPECT_EQ(m.types[0].comp.kind, CompType::Kind::struct_);
  EXPECT_EQ(m.types[0].comp.fields[0].storage.packed, Packed::i8);
  EXPECT_EQ(m.types[0].comp.fields[1].mut, Mut::var);
  EXPECT_EQ(m.types[0].comp.fields[1].storage.val, ValType::ref(HeapType::idx(1), true));
  EXPECT_EQ(m.types[2].rec_len, 1u);
  EXPECT_EQ(m.types[2].comp.kind, CompType::Kind::array);
  EXPECT_EQ(m.types[2].comp.fields[0].storage.packed, Packed::i16);
  EXPECT_EQ(m.types[3].func().params, (ResultType{ValType::ref(HeapType::idx(2), false)}));
  EXPECT_EQ(m.types[3].func().results, (ResultType{ValType::ref(AbsHeap::any, true)}));
  // Without GC, the type section holds function types only; 0x63 needs typed references.
  expect_malformed(module({section(1, {0x01, 0x4E, 0x00})}), msg::malformed_function_type);
  expect_malformed(module({section(1, {0x01, 0x60, 0x01, 0x63, 0x70, 0x00})}),
                   msg::malformed_value_type);
  // A bad storage or heap type.
  expect_malformed(module({section(1, {0x01, 0x5E, 0x76, 0x00})}), msg::malformed_value_type, gc());
  expect_malformed(module({section(1, {0x01, 0x60, 0x01, 0x63, 0x7F, 0x00})}),
                   msg::malformed_heap_type, gc());
}

TEST(BinaryGc, TableInitializerAndReferenceImmediates) {
  // (table 1 (ref func) (ref.func 0)): 0x40 0x00 tabletype expr.
  const Bytes table = section(4, {0x01, 0x40, 0x00, 0x64, 0x70, 0x00, 0x01, 0xD2, 0x00, 0x0B});
  // Body: ref.null 0 (a type index), ref.test (ref null any), br_on_cast 0 (ref null any) (ref i31),
  // drop, drop, end.
  const Bytes body = {0xD0, 0x00, 0x1A,
                      0xD0, 0x6E, 0xFB, 0x15, 0x6E, 0x1A,
                      0xD0, 0x6E, 0xFB, 0x18, 0x01, 0x00, 0x6E, 0x6C, 0x1A, 0x0B};
  const Bytes elem = section(9, {0x01, 0x03, 0x00, 0x01, 0x00});  // declare func 0
  const Module m = expect_ok(module({kTypeSec, kFuncSec, table, elem, code_sec(body)}), gc());
  ASSERT_EQ(m.tables.size(), 1u);
  EXPECT_EQ(m.tables[0].type.elem, ValType::ref(AbsHeap::func, false));
  ASSERT_EQ(m.tables[0].init.size(), 2u);
  EXPECT_EQ(m.tables[0].init[0].op, Op::ref_func);
  const Expr& e = m.funcs[0].body;
  EXPECT_EQ(e[0].ref_type, ValType::ref(HeapType::idx(0), true));
  EXPECT_EQ(e[3].op, Op::ref_test_null);
  EXPECT_EQ(e[3].ref_type, ValType::ref(AbsHeap::any, true));
  EXPECT_EQ(e[6].op, Op::br_on_cast);
  EXPECT_EQ(e[6].block_type.val, ValType::ref(AbsHeap::any, true));  // flag bit 0: rt1 nullable
  EXPECT_EQ(e[6].ref_type, ValType::ref(AbsHeap::i31, false));
  // Cast flags above 3 are no encoding.
  expect_malformed(func_module({0xD0, 0x6E, 0xFB, 0x18, 0x04, 0x00, 0x6E, 0x6C, 0x1A, 0x0B}),
                   msg::malformed_cast_flags, gc());
}

}  // namespace
}  // namespace wasmref
