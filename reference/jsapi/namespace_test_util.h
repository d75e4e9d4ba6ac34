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

}  // namespace wasmref::jsapi::testing
