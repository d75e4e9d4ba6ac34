// Test support for the JS-API namespace, Module, Instance and Exported Function tests: a
// MiniHost, an Agent, and calls of the operations of webassembly.h with plain argument lists.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "binary/builder.h"
#include "jsapi/agent.h"
#include "jsapi/mini_host.h"
#include "jsapi/namespace.h"
#include "jsapi/objects.h"
#include "jsapi/webassembly.h"

namespace wasmref::jsapi::testing {

using wasmref::testing::Bytes;
using wasmref::testing::WasmBuilder;

class JsApiTest : public ::testing::Test {
 protected:
  explicit JsApiTest(EmbedderLimits limits = EmbedderLimits::current(), ExecLimits exec = {})
      : agent(host, limits, exec) {}

  MiniHost host;
  Agent agent;

  JsValue undef() { return host.undefined(); }
  JsValue num(double d) { return host.number(d); }
  JsValue str(std::u16string_view s) { return host.string(s); }
  JsValue buffer(const Bytes& b) { return host.array_buffer(b); }

  // A plain call of an operation (this = undefined) or a construction (`new`).
  Completion<JsValue> call(Operation op, std::vector<JsValue> args, JsValue this_value = {}) {
    CallArgs c;
    c.this_value = this_value;
    c.args = args;
    return op(agent, c);
  }
  Completion<JsValue> construct(Operation op, std::vector<JsValue> args) {
    CallArgs c;
    c.args = args;
    c.is_construct = true;
    return op(agent, c);
  }

  // The error class of a throw completion (nullopt when it is normal or not an error).
  template <class T>
  std::optional<ErrorKind> error_of(const Completion<T>& c) {
    if (c.ok()) return std::nullopt;
    return host.error_kind(c.thrown().value);
  }

  // new Module(bytes), expected to succeed.
  JsValue new_module(const Bytes& b) {
    Completion<JsValue> m = construct(module_constructor, {buffer(b)});
    EXPECT_TRUE(m.ok()) << (m.ok() ? "" : MiniHost::utf8(host.error_message(m.thrown().value)));
    return m.ok() ? *m : undef();
  }
  // new Instance(module, importObject).
  Completion<JsValue> new_instance(const Bytes& b, std::optional<JsValue> imports = std::nullopt) {
    const JsValue m = new_module(b);
    std::vector<JsValue> args = {m};
    if (imports) args.push_back(*imports);
    return construct(instance_constructor, args);
  }
  JsValue exports_of(JsValue instance) {
    Completion<JsValue> e = call(instance_exports, {}, instance);
    EXPECT_TRUE(e.ok());
    return e.ok() ? *e : undef();
  }
  JsValue get(JsValue o, std::u16string_view key) {
    Completion<JsValue> v = host.get(o, key);
    EXPECT_TRUE(v.ok());
    return v.ok() ? *v : undef();
  }
  // {module: {name: value}}
  JsValue imports_object(std::u16string_view module, std::u16string_view name, JsValue value) {
    const JsValue inner = host.object();
    host.create_data_property(inner, name, value);
    const JsValue outer = host.object();
    host.create_data_property(outer, module, inner);
    return outer;
  }
  // A JS function made of C++.
  JsValue js_function(NativeFunction f, std::u16string_view name = u"f", u32 length = 0) {
    return host.function(name, length, std::move(f));
  }
  std::u16string message_of(const Thrown& t) { return host.error_message(t.value); }
};

// The `call f` instruction (the fixture's call() runs operations).
inline Bytes wasm_call(u32 f) { return wasmref::testing::call(f); }

// A module whose one export "f" is a function [] -> [i32] returning `v`.
inline Bytes module_returning(i32 v) {
  WasmBuilder b;
  const u32 t = b.type({}, {wasmref::testing::I32});
  b.export_func("f", b.func(t, wasmref::testing::i32_const(v)));
  return b.bytes();
}

// --- Core 3.0 exception-handling instructions (binary/instructions.rst) -----------------------
inline Bytes throw_(u32 tag) { return wasmref::testing::cat({{0x08}, wasmref::testing::uleb(tag)}); }
inline Bytes throw_ref() { return {0x0A}; }
// try_table with a one-byte block type (0x40 or a value type), the clauses, the body, end.
inline Bytes try_table(u8 blocktype, std::vector<Bytes> clauses, Bytes body) {
  Bytes out = {0x1F, blocktype};
  wasmref::testing::append(out, wasmref::testing::uleb(clauses.size()));
  for (const Bytes& c : clauses) wasmref::testing::append(out, c);
  wasmref::testing::append(out, body);
  out.push_back(wasmref::testing::kEnd);
  return out;
}
inline Bytes catch_(u32 tag, u32 label) {
  return wasmref::testing::cat({{0x00}, wasmref::testing::uleb(tag), wasmref::testing::uleb(label)});
}
inline Bytes catch_ref(u32 tag, u32 label) {
  return wasmref::testing::cat({{0x01}, wasmref::testing::uleb(tag), wasmref::testing::uleb(label)});
}
inline Bytes catch_all(u32 label) { return wasmref::testing::cat({{0x02}, wasmref::testing::uleb(label)}); }
inline Bytes catch_all_ref(u32 label) { return wasmref::testing::cat({{0x03}, wasmref::testing::uleb(label)}); }

// --- Core 3.0 types, modules and GC instructions (binary/types.rst, binary/modules.rst,
// binary/instructions.rst), as raw bytes: WasmBuilder writes one-byte value types only ---------
namespace gc {
using wasmref::testing::append;
using wasmref::testing::cat;
using wasmref::testing::sleb;
using wasmref::testing::uleb;

// Heap types (s33): the abstract ones are one byte; a type index is its LEB.
inline constexpr u8 kExn = 0x69, kArray = 0x6A, kStruct = 0x6B, kI31 = 0x6C, kEq = 0x6D,
                    kAny = 0x6E, kExtern = 0x6F, kFunc = 0x70, kNone = 0x71, kNoExtern = 0x72,
                    kNoFunc = 0x73, kNoExn = 0x74;
// Value types: (ref null? ht) of an abstract heap type or of type index x.
inline Bytes ref(u8 abs_heap, bool nullable) {
  return {static_cast<u8>(nullable ? 0x63 : 0x64), abs_heap};
}
inline Bytes ref_idx(u32 x, bool nullable) {
  return cat({{static_cast<u8>(nullable ? 0x63 : 0x64)}, sleb(x)});
}
inline Bytes vec(const std::vector<Bytes>& items) {
  Bytes out = uleb(items.size());
  for (const Bytes& i : items) append(out, i);
  return out;
}
// Composite types: a field is its storage type and mutability.
inline Bytes field(Bytes storage, bool mut) {
  return cat({storage, {static_cast<u8>(mut ? 1 : 0)}});
}
inline Bytes struct_(std::vector<Bytes> fields) { return cat({{0x5F}, vec(fields)}); }
inline Bytes array(Bytes field) { return cat({{0x5E}, field}); }
inline Bytes func(std::vector<Bytes> params, std::vector<Bytes> results) {
  return cat({{0x60}, vec(params), vec(results)});
}
// sub final? x* comptype (0x4F final, 0x50 not), and a rec group of subtypes.
inline Bytes sub(std::vector<u32> supers, Bytes comp, bool final = false) {
  std::vector<Bytes> xs;
  for (u32 x : supers) xs.push_back(uleb(x));
  return cat({{static_cast<u8>(final ? 0x4F : 0x50)}, vec(xs), comp});
}
inline Bytes rec(std::vector<Bytes> subtypes) { return cat({{0x4E}, vec(subtypes)}); }

// Section entries.
inline Bytes import_func(const std::string& m, const std::string& n, u32 type) {
  return cat({wasmref::testing::name(m), wasmref::testing::name(n), {0x00}, uleb(type)});
}
inline Bytes import_global(const std::string& m, const std::string& n, Bytes valtype, bool mut) {
  return cat({wasmref::testing::name(m),
              wasmref::testing::name(n),
              {0x03},
              valtype,
              {static_cast<u8>(mut ? 1 : 0)}});
}
// table: reftype limits (min, no max), or with an initializer (0x40 0x00 tabletype expr).
inline Bytes table(Bytes reftype, u32 min) { return cat({reftype, {0x00}, uleb(min)}); }
inline Bytes table_with_init(Bytes reftype, u32 min, Bytes init) {
  return cat({{0x40, 0x00}, reftype, {0x00}, uleb(min), init, {wasmref::testing::kEnd}});
}
inline Bytes global(Bytes valtype, bool mut, Bytes init) {
  return cat({valtype, {static_cast<u8>(mut ? 1 : 0)}, init, {wasmref::testing::kEnd}});
}
inline Bytes export_(const std::string& n, u8 kind, u32 index) {
  return cat({wasmref::testing::name(n), {kind}, uleb(index)});
}
// A code entry: no locals, the body, end.
inline Bytes code(Bytes body) {
  const Bytes f = cat({{0x00}, body, {wasmref::testing::kEnd}});
  return cat({uleb(f.size()), f});
}
// A module of sections (id, entries), in the order given.
inline Bytes module(std::vector<std::pair<u8, std::vector<Bytes>>> sections) {
  Bytes out = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  for (const auto& [id, entries] : sections) {
    const Bytes content = vec(entries);
    append(out, cat({{id}, uleb(content.size()), content}));
  }
  return out;
}
inline constexpr u8 kTypeSection = 1, kImportSection = 2, kFuncSection = 3, kTableSection = 4,
                    kGlobalSection = 6, kExportSection = 7, kCodeSection = 10;
inline constexpr u8 kFuncExport = 0x00, kTableExport = 0x01, kGlobalExport = 0x03;

// Instructions.
inline Bytes ref_null(u8 abs_heap) { return {0xD0, abs_heap}; }
inline Bytes ref_null_idx(u32 x) { return cat({{0xD0}, sleb(x)}); }
inline Bytes ref_i31() { return {0xFB, 0x1C}; }
inline Bytes struct_new(u32 x) { return cat({{0xFB, 0x00}, uleb(x)}); }
inline Bytes struct_new_default(u32 x) { return cat({{0xFB, 0x01}, uleb(x)}); }
inline Bytes struct_get(u32 x, u32 i) { return cat({{0xFB, 0x02}, uleb(x), uleb(i)}); }
inline Bytes array_new_fixed(u32 x, u32 n) { return cat({{0xFB, 0x08}, uleb(x), uleb(n)}); }
inline Bytes array_new_default(u32 x) { return cat({{0xFB, 0x07}, uleb(x)}); }
inline Bytes any_convert_extern() { return {0xFB, 0x1A}; }
inline Bytes extern_convert_any() { return {0xFB, 0x1B}; }
inline Bytes ref_test(u8 abs_heap) { return {0xFB, 0x14, abs_heap}; }
inline Bytes ref_test_idx(u32 x) { return cat({{0xFB, 0x14}, sleb(x)}); }
inline Bytes i31_get_s() { return {0xFB, 0x1D}; }
inline Bytes call_ref(u32 x) { return cat({{0x14}, uleb(x)}); }
}  // namespace gc

}  // namespace wasmref::jsapi::testing
