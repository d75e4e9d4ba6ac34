// JS-API §instances: new Instance, "read the imports", "instantiate the core", the exports
// object, Instance#exports.
#include <string>
#include <vector>

#include "embed/embed.h"
#include "jsapi/namespace_test_util.h"

namespace wasmref::jsapi::testing {
namespace {

using namespace wasmref::testing;  // NOLINT: builder helpers

using InstanceConstructor = JsApiTest;

TEST_F(InstanceConstructor, WithoutImportsTheImportObjectMayBeOmitted) {
  Completion<JsValue> i = new_instance(module_returning(4));
  ASSERT_TRUE(i.ok());
  EXPECT_NE(unwrap_as<InstanceObject>(host, *i, PlatformObject::Kind::instance), nullptr);
  Completion<JsValue> r = host.call(get(exports_of(*i), u"f"), undef(), {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(host.number_value(*r), 4);
}

TEST_F(InstanceConstructor, ArgumentTypeErrors) {
  EXPECT_EQ(error_of(construct(instance_constructor, {})), ErrorKind::TypeError);
  EXPECT_EQ(error_of(construct(instance_constructor, {host.object()})), ErrorKind::TypeError);
  const JsValue m = new_module(module_returning(1));
  EXPECT_EQ(error_of(call(instance_constructor, {m})), ErrorKind::TypeError);  // no `new`
  EXPECT_EQ(error_of(construct(instance_constructor, {m, host.null()})), ErrorKind::TypeError);
  EXPECT_EQ(error_of(construct(instance_constructor, {m, num(1)})), ErrorKind::TypeError);
  EXPECT_TRUE(construct(instance_constructor, {m, undef()}).ok());
}

Bytes import_func_module() {
  WasmBuilder b;
  b.import_func("m", "f", b.type({}, {}));
  return b.bytes();
}

TEST_F(InstanceConstructor, ReadTheImportsStep1TypeErrorWithoutImportObject) {
  EXPECT_EQ(error_of(new_instance(import_func_module())), ErrorKind::TypeError);
  EXPECT_EQ(error_of(new_instance(import_func_module(), undef())), ErrorKind::TypeError);
}

TEST_F(InstanceConstructor, ReadTheImportsModuleNamespaceMustBeAnObject) {
  EXPECT_EQ(error_of(new_instance(import_func_module(), host.object())),
            ErrorKind::TypeError);  // undefined
  const JsValue imports = host.object();
  host.create_data_property(imports, u"m", num(1));
  EXPECT_EQ(error_of(new_instance(import_func_module(), imports)), ErrorKind::TypeError);
  host.create_data_property(imports, u"m", str(u"s"));
  EXPECT_EQ(error_of(new_instance(import_func_module(), imports)), ErrorKind::TypeError);
}

TEST_F(InstanceConstructor, ReadTheImportsFunctionMustBeCallable) {
  for (JsValue v : {undef(), num(1), host.object(), str(u"f")}) {
    EXPECT_EQ(error_of(new_instance(import_func_module(), imports_object(u"m", u"f", v))),
              ErrorKind::LinkError);
  }
}

Bytes import_global_module(u8 valtype, bool mut = false) {
  WasmBuilder b;
  b.import_global("m", "g", valtype, mut);
  return b.bytes();
}

TEST_F(InstanceConstructor, ReadTheImportsGlobalValueTypes) {
  // i64 needs a BigInt, i32/f32/f64 a Number; v128 is never a JS value.
  EXPECT_EQ(error_of(new_instance(import_global_module(I64), imports_object(u"m", u"g", num(1)))),
            ErrorKind::LinkError);
  EXPECT_TRUE(
      new_instance(import_global_module(I64), imports_object(u"m", u"g", host.bigint(1))).ok());
  for (u8 t : {I32, F32, F64}) {
    EXPECT_EQ(
        error_of(new_instance(import_global_module(t), imports_object(u"m", u"g", host.bigint(1)))),
        ErrorKind::LinkError);
    EXPECT_EQ(
        error_of(new_instance(import_global_module(t), imports_object(u"m", u"g", str(u"1")))),
        ErrorKind::LinkError);
    EXPECT_EQ(error_of(new_instance(import_global_module(t),
                                    imports_object(u"m", u"g", host.boolean(true)))),
              ErrorKind::LinkError);
    EXPECT_TRUE(new_instance(import_global_module(t), imports_object(u"m", u"g", num(1))).ok());
  }
  EXPECT_EQ(error_of(new_instance(import_global_module(0x7B), imports_object(u"m", u"g", num(1)))),
            ErrorKind::LinkError);
  // a funcref global takes null or an Exported Function; anything else: the TypeError of
  // ToWebAssemblyValue becomes a LinkError.
  EXPECT_TRUE(
      new_instance(import_global_module(FUNCREF), imports_object(u"m", u"g", host.null())).ok());
  EXPECT_EQ(
      error_of(new_instance(import_global_module(FUNCREF), imports_object(u"m", u"g", num(1)))),
      ErrorKind::LinkError);
  EXPECT_TRUE(
      new_instance(import_global_module(EXTERNREF), imports_object(u"m", u"g", num(1))).ok());
  // a primitive makes an immutable global: a `mut` import fails in the core: LinkError.
  EXPECT_EQ(
      error_of(new_instance(import_global_module(I32, true), imports_object(u"m", u"g", num(1)))),
      ErrorKind::LinkError);
}

TEST_F(InstanceConstructor, ImportedGlobalValueIsVisible) {
  WasmBuilder b;
  const u32 g = b.import_global("m", "g", I32, false);
  b.export_func("f", b.func(b.type({}, {I32}), global_get(g)));
  Completion<JsValue> i = new_instance(b.bytes(), imports_object(u"m", u"g", num(42.9)));
  ASSERT_TRUE(i.ok());
  Completion<JsValue> r = host.call(get(exports_of(*i), u"f"), undef(), {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(host.number_value(*r), 42);  // ToInt32
}

TEST_F(InstanceConstructor, GlobalObjectImportUsesItsAddress) {
  const GlobalAddr a =
      embed::global_alloc(*agent.store, GlobalType{Mut::var, ValType::i32}, Value::i32(9));
  const JsValue global = global_object(agent, a);
  WasmBuilder b;
  const u32 g = b.import_global("m", "g", I32, true);
  b.export_func("f", b.func(b.type({}, {I32}), global_get(g)));
  b.export_("g", 0x03, g);
  Completion<JsValue> i = new_instance(b.bytes(), imports_object(u"m", u"g", global));
  ASSERT_TRUE(i.ok());
  EXPECT_EQ(host.number_value(*host.call(get(exports_of(*i), u"f"), undef(), {})), 9);
  EXPECT_TRUE(host.same_value(get(exports_of(*i), u"g"), global));  // the Global object cache
}

TEST_F(InstanceConstructor, ReadTheImportsMemoryAndTableMustBeObjectsOfTheirInterface) {
  WasmBuilder bm;
  bm.import_memory("m", "x", 1, std::nullopt);
  WasmBuilder bt;
  bt.import_table("m", "x", FUNCREF, 1, std::nullopt);
  const JsValue memory =
      memory_object(agent, embed::mem_alloc(*agent.store, MemType{Limits{1, std::nullopt}}));
  const JsValue table = table_object(
      agent, embed::table_alloc(*agent.store, TableType{Limits{1, std::nullopt}, ValType::funcref},
                                Value::null(ValType::funcref)));
  for (JsValue v : {num(1), host.object(), table}) {
    EXPECT_EQ(error_of(new_instance(bm.bytes(), imports_object(u"m", u"x", v))),
              ErrorKind::LinkError);
  }
  for (JsValue v : {num(1), host.object(), memory}) {
    EXPECT_EQ(error_of(new_instance(bt.bytes(), imports_object(u"m", u"x", v))),
              ErrorKind::LinkError);
  }
  EXPECT_TRUE(new_instance(bm.bytes(), imports_object(u"m", u"x", memory)).ok());
  EXPECT_TRUE(new_instance(bt.bytes(), imports_object(u"m", u"x", table)).ok());
  // a memory too small for the import's type: the core's LinkError
  WasmBuilder big;
  big.import_memory("m", "x", 2, std::nullopt);
  EXPECT_EQ(error_of(new_instance(big.bytes(), imports_object(u"m", u"x", memory))),
            ErrorKind::LinkError);
}

TEST_F(InstanceConstructor, ReadTheImportsGetsInModuleOrderAndRereadsTheModuleObject) {
  WasmBuilder b;
  const u32 t = b.type({}, {});
  b.import_func("a", "x", t);
  b.import_func("b", "y", t);
  b.import_func("a", "z", t);
  std::vector<std::u16string> log;
  const JsValue fn =
      js_function([](JsHost& h, const CallArgs&) -> Completion<JsValue> { return h.undefined(); });
  auto logging_namespace = [&](std::u16string module) {
    const JsValue o = host.object();
    for (const char16_t* name : {u"x", u"y", u"z"}) {
      const std::u16string key = name;
      host.define_getter(o, key,
                         [&log, fn, module, key](JsHost&, const CallArgs&) -> Completion<JsValue> {
                           log.push_back(module + u"." + key);
                           return fn;
                         });
    }
    return o;
  };
  const JsValue a = logging_namespace(u"a");
  const JsValue bb = logging_namespace(u"b");
  const JsValue imports = host.object();
  host.define_getter(imports, u"a", [&](JsHost&, const CallArgs&) -> Completion<JsValue> {
    log.push_back(u"a");
    return a;
  });
  host.define_getter(imports, u"b", [&](JsHost&, const CallArgs&) -> Completion<JsValue> {
    log.push_back(u"b");
    return bb;
  });
  ASSERT_TRUE(new_instance(b.bytes(), imports).ok());
  EXPECT_EQ(log, (std::vector<std::u16string>{u"a", u"a.x", u"b", u"b.y", u"a", u"a.z"}));
}

TEST_F(InstanceConstructor, ReadTheImportsStopsAtTheFirstThrowingGetter) {
  WasmBuilder b;
  const u32 t = b.type({}, {});
  b.import_func("a", "x", t);
  b.import_func("a", "y", t);
  const JsValue boom = host.object();
  int reads = 0;
  const JsValue ns = host.object();
  host.define_getter(ns, u"x", [&](JsHost&, const CallArgs&) -> Completion<JsValue> {
    ++reads;
    return Thrown{boom};
  });
  host.define_getter(ns, u"y", [&](JsHost& h, const CallArgs&) -> Completion<JsValue> {
    ++reads;
    return h.undefined();
  });
  const JsValue imports = host.object();
  host.create_data_property(imports, u"a", ns);
  Completion<JsValue> i = new_instance(b.bytes(), imports);
  ASSERT_FALSE(i.ok());
  EXPECT_TRUE(host.same_value(i.thrown().value, boom));  // propagated unchanged
  EXPECT_EQ(reads, 1);
}

TEST_F(InstanceConstructor, TrapsInSegmentsAndStartAreRuntimeErrors) {
  WasmBuilder data;
  data.memory(1, std::nullopt);
  data.data_active(i32_const(65536), {1});
  EXPECT_EQ(error_of(new_instance(data.bytes())), ErrorKind::RuntimeError);
  WasmBuilder elem;
  const u32 f = elem.func(elem.type({}, {}), {});
  elem.table(FUNCREF, 1, std::nullopt);
  elem.elem_active(i32_const(1), {f});
  EXPECT_EQ(error_of(new_instance(elem.bytes())), ErrorKind::RuntimeError);
  WasmBuilder start;
  start.start(start.func(start.type({}, {}), {0x00}));  // unreachable
  Completion<JsValue> i = new_instance(start.bytes());
  EXPECT_EQ(error_of(i), ErrorKind::RuntimeError);
  EXPECT_EQ(message_of(i.thrown()), u"unreachable");
}

TEST_F(InstanceConstructor, StartFunctionStackOverflowIsARangeError) {
  WasmBuilder b;
  const u32 t = b.type({}, {});
  b.start(b.func(t, wasm_call(0)));  // calls itself forever
  EXPECT_EQ(error_of(new_instance(b.bytes())), ErrorKind::RangeError);
}

TEST_F(InstanceConstructor, JsExceptionFromTheStartFunctionPropagatesUnchanged) {
  WasmBuilder b;
  const u32 t = b.type({}, {});
  const u32 imp = b.import_func("m", "f", t);
  b.start(b.func(t, wasm_call(imp)));
  const JsValue thrown = host.object();
  const JsValue fn = js_function(
      [thrown](JsHost&, const CallArgs&) -> Completion<JsValue> { return Thrown{thrown}; });
  Completion<JsValue> i = new_instance(b.bytes(), imports_object(u"m", u"f", fn));
  ASSERT_FALSE(i.ok());
  EXPECT_TRUE(host.same_value(i.thrown().value, thrown));
}

// An exception the start function does not catch is thrown as "call an Exported Function"
// throws one: a WebAssembly.Exception of its tag and payload.
TEST_F(InstanceConstructor, AWasmExceptionFromTheStartFunctionIsAnException) {
  agent.features.exceptions = true;
  const JsValue type = host.object();
  host.create_data_property(type, u"parameters", host.array(std::vector<JsValue>{str(u"i32")}));
  const JsValue tag = *construct(tag_constructor, {type});
  WasmBuilder b;
  b.import_tag("m", "t", b.type({I32}, {}));
  b.start(b.func(b.type({}, {}), cat({i32_const(9), throw_(0)})));
  Completion<JsValue> i = new_instance(b.bytes(), imports_object(u"m", u"t", tag));
  ASSERT_FALSE(i.ok());
  const JsValue exn = i.thrown().value;
  ASSERT_NE(unwrap_as<ExceptionObject>(host, exn, PlatformObject::Kind::exception), nullptr);
  Completion<JsValue> is = call(exception_is, {tag}, exn);
  ASSERT_TRUE(is.ok());
  EXPECT_TRUE(host.boolean_value(*is));
  Completion<JsValue> arg = call(exception_get_arg, {tag, num(0)}, exn);
  ASSERT_TRUE(arg.ok());
  EXPECT_EQ(host.number_value(*arg), 9);
}

// "read the imports" 6.6: an exnref global import from a JS value is a LinkError (ToWebAssemblyValue
// cannot make an exnref; its TypeError becomes a LinkError).
TEST_F(InstanceConstructor, AnExnrefGlobalImportFromAJsValueIsALinkError) {
  agent.features.exceptions = true;
  WasmBuilder b;
  b.import_global("m", "g", EXNREF, false);
  for (const JsValue v : {host.null(), num(0), host.object()}) {
    EXPECT_EQ(error_of(new_instance(b.bytes(), imports_object(u"m", u"g", v))), ErrorKind::LinkError);
  }
}

// "read the imports" 6.6.2.4 for the core 3.0 reference types: ToWebAssemblyValue of the
// import's (closed) type; its TypeError is a LinkError. A structure made by another module
// passes for a structurally equal type (the canonical ids are equal).
TEST_F(InstanceConstructor, GlobalImportsOfCore30ReferenceTypes) {
  using namespace gc;  // NOLINT: the raw module helpers
  agent.features = Features::v3();
  const Bytes struct0 = sub({}, struct_({field({I32}, true)}));
  // Exporter: (global (export "s") (ref $0) (struct.new_default $0)).
  const Bytes exporter =
      gc::module({{kTypeSection, {struct0}},
                  {kGlobalSection, {gc::global(ref_idx(0, false), false, struct_new_default(0))}},
                  {kExportSection, {export_("s", kGlobalExport, 0)}}});
  Completion<JsValue> made =
      call(global_value_get, {}, get(exports_of(*new_instance(exporter)), u"s"));
  ASSERT_TRUE(made.ok());
  const JsValue s = *made;
  // Importer of one global of type t, re-exported as "g".
  const auto importer = [&](const Bytes& t) {
    return gc::module({{kTypeSection, {struct0, struct_({field({I64}, true)})}},
                       {kImportSection, {gc::import_global("m", "g", t, false)}},
                       {kExportSection, {export_("g", kGlobalExport, 0)}}});
  };
  const auto imported = [&](const Bytes& t, JsValue v) -> Completion<JsValue> {
    WASMREF_JS_TRY(const JsValue instance,
                   new_instance(importer(t), imports_object(u"m", u"g", v)));
    return call(global_value_get, {}, get(exports_of(instance), u"g"));
  };
  const JsValue o = host.object();
  const std::pair<Bytes, JsValue> accepted[] = {
      {ref(kAny, true), o},    {ref(kAny, false), num(5)},    {ref(kEq, true), num(-3)},
      {ref(kEq, true), s},     {ref(kI31, false), num(7)},    {ref(kStruct, true), s},
      {ref_idx(0, true), s},   {ref_idx(0, false), s},        {ref(kNone, true), host.null()},
      {ref(kExtern, true), s}, {ref(kAny, true), host.null()}};
  for (const auto& [t, v] : accepted) {
    Completion<JsValue> g = imported(t, v);
    ASSERT_TRUE(g.ok()) << MiniHost::utf8(message_of(g.thrown()));
    EXPECT_TRUE(host.same_value(*g, v));
  }
  const std::pair<Bytes, JsValue> refused[] = {{ref(kEq, true), o},
                                               {ref(kI31, true), num(1.5)},
                                               {ref(kI31, true), s},
                                               {ref(kArray, true), s},
                                               {ref_idx(1, true), s},
                                               {ref_idx(0, false), host.null()},
                                               {ref(kAny, false), host.null()},
                                               {ref(kNone, true), num(0)},
                                               {ref(kNoExtern, true), o},
                                               {ref(kNoFunc, true), o}};
  for (const auto& [t, v] : refused) {
    EXPECT_EQ(error_of(imported(t, v)), ErrorKind::LinkError);
  }
}

TEST_F(InstanceConstructor, ExportsObjectIsFrozenNullPrototypeInExportOrder) {
  WasmBuilder b;
  const u32 f = b.func(b.type({}, {}), {});
  b.memory(1, std::nullopt);
  b.table(FUNCREF, 1, std::nullopt);
  b.global(I32, false, i32_const(0));
  b.export_func("zeta", f);
  b.export_("mem", 0x02, 0);
  b.export_("alpha", 0x03, 0);
  b.export_("tab", 0x01, 0);
  b.export_func("again", f);
  Completion<JsValue> i = new_instance(b.bytes());
  ASSERT_TRUE(i.ok());
  const JsValue e = exports_of(*i);
  EXPECT_EQ(host.own_keys(e),
            (std::vector<std::u16string>{u"zeta", u"mem", u"alpha", u"tab", u"again"}));
  EXPECT_TRUE(host.is_frozen(e));
  EXPECT_FALSE(host.is_extensible(e));
  EXPECT_EQ(host.type_of(host.get_prototype(e)), JsType::null);
  EXPECT_TRUE(host.same_value(get(e, u"zeta"), get(e, u"again")));  // one function, one object
  EXPECT_NE(unwrap_as<MemoryObject>(host, get(e, u"mem"), PlatformObject::Kind::memory), nullptr);
  EXPECT_NE(unwrap_as<TableObject>(host, get(e, u"tab"), PlatformObject::Kind::table), nullptr);
  EXPECT_NE(unwrap_as<GlobalObject>(host, get(e, u"alpha"), PlatformObject::Kind::global), nullptr);
  EXPECT_FALSE(host.set_property(e, u"zeta", num(1)));
}

TEST_F(InstanceConstructor, ReexportedMemoryIsTheSameObject) {
  WasmBuilder a;
  a.memory(1, std::nullopt);
  a.export_("m", 0x02, 0);
  Completion<JsValue> first = new_instance(a.bytes());
  ASSERT_TRUE(first.ok());
  const JsValue memory = get(exports_of(*first), u"m");
  WasmBuilder b;
  b.import_memory("x", "m", 1, std::nullopt);
  b.export_("again", 0x02, 0);
  Completion<JsValue> second = new_instance(b.bytes(), imports_object(u"x", u"m", memory));
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(host.same_value(get(exports_of(*second), u"again"), memory));
}

// --- 64-bit memories and tables (core 3.0 memory64) ----------------------------------------------

// (module (table (export "t") i64 1 funcref) (memory (export "m") i64 1 2)). The builder writes
// only i32 limits, so the module is spelled out (limits flags 0x04/0x05: i64, without/with max).
const Bytes kExports64 = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,              // header
    0x04, 0x04, 0x01, 0x70, 0x04, 0x01,                          // table: i64 {min 1} funcref
    0x05, 0x04, 0x01, 0x05, 0x01, 0x02,                          // memory: i64 {min 1, max 2}
    0x07, 0x09, 0x02, 0x01, 'm', 0x02, 0x00, 0x01, 't', 0x01, 0x00,  // exports m, t
};
// (module (import "x" "m" (memory i64 1)) (import "x" "t" (table i64 1 funcref)))
const Bytes kImports64 = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,              // header
    0x02, 0x10, 0x02,                                            // import section, 2 imports
    0x01, 'x', 0x01, 'm', 0x02, 0x04, 0x01,                      // memory i64 {min 1}
    0x01, 'x', 0x01, 't', 0x01, 0x70, 0x04, 0x01,                // table i64 {min 1} funcref
};

class Instance64 : public JsApiTest {
 protected:
  void SetUp() override { agent.features = Features::v3(); }
  std::optional<u64> bigint_of(const Completion<JsValue>& c) {
    if (!c.ok()) return std::nullopt;
    const std::optional<MiniBigInt> n = host.bigint_value(*c);
    if (!n || !n->fits_u64()) return std::nullopt;
    return n->as_uint64();
  }
  JsValue imports(JsValue memory, JsValue table) {
    const JsValue inner = host.object();
    host.create_data_property(inner, u"m", memory);
    host.create_data_property(inner, u"t", table);
    const JsValue outer = host.object();
    host.create_data_property(outer, u"x", inner);
    return outer;
  }
};

// Exported memories and tables of a 64-bit module are Memory and Table objects whose
// operations see the address type i64: BigInt results, BigInt arguments.
TEST_F(Instance64, ExportedI64MemoryAndTableSpeakBigInt) {
  Completion<JsValue> i = new_instance(kExports64);
  ASSERT_TRUE(i.ok()) << MiniHost::utf8(message_of(i.thrown()));
  const JsValue m = get(exports_of(*i), u"m");
  const JsValue t = get(exports_of(*i), u"t");
  auto* mem = unwrap_as<MemoryObject>(host, m, PlatformObject::Kind::memory);
  auto* tab = unwrap_as<TableObject>(host, t, PlatformObject::Kind::table);
  ASSERT_TRUE(mem != nullptr && tab != nullptr);
  EXPECT_EQ(embed::mem_type(*agent.store, mem->memory).addr, AddrType::i64);
  EXPECT_EQ(embed::table_type(*agent.store, tab->table).addr, AddrType::i64);
  EXPECT_EQ(bigint_of(call(memory_grow, {host.bigint(1)}, m)), std::optional<u64>(1));
  EXPECT_EQ(error_of(call(memory_grow, {num(1)}, m)), ErrorKind::TypeError);
  EXPECT_EQ(error_of(call(memory_grow, {host.bigint(1)}, m)), ErrorKind::RangeError);  // max 2
  EXPECT_EQ(bigint_of(call(table_length, {}, t)), std::optional<u64>(1));
  EXPECT_EQ(bigint_of(call(table_grow, {host.bigint(1)}, t)), std::optional<u64>(1));
  Completion<JsValue> slot = call(table_get, {host.bigint(1)}, t);
  ASSERT_TRUE(slot.ok());
  EXPECT_EQ(host.type_of(*slot), JsType::null);
  EXPECT_EQ(error_of(call(table_get, {num(0)}, t)), ErrorKind::TypeError);
}

// Without memory64 (the default 2.0 features) the i64 limits do not decode: CompileError.
TEST_F(InstanceConstructor, I64LimitsNeedMemory64) {
  EXPECT_EQ(error_of(construct(module_constructor, {buffer(kExports64)})), ErrorKind::CompileError);
}

// Importing Memory and Table objects: the core's import matching requires equal address
// types, so an i32 object for an i64 import (and the reverse) is a LinkError.
TEST_F(Instance64, ImportsMatchTheAddressType) {
  Completion<JsValue> i = new_instance(kExports64);
  ASSERT_TRUE(i.ok());
  const JsValue m64 = get(exports_of(*i), u"m");
  const JsValue t64 = get(exports_of(*i), u"t");
  EXPECT_TRUE(new_instance(kImports64, imports(m64, t64)).ok());
  const JsValue m32 = memory_object(agent, embed::mem_alloc(*agent.store, MemType{Limits{1, std::nullopt}}));
  const JsValue t32 = table_object(
      agent, embed::table_alloc(*agent.store, TableType{Limits{1, std::nullopt}, ValType::funcref},
                                Value::null(ValType::funcref)));
  EXPECT_EQ(error_of(new_instance(kImports64, imports(m32, t64))), ErrorKind::LinkError);
  EXPECT_EQ(error_of(new_instance(kImports64, imports(m64, t32))), ErrorKind::LinkError);
  WasmBuilder b32;
  b32.import_memory("x", "m", 1, std::nullopt);
  EXPECT_EQ(error_of(new_instance(b32.bytes(), imports_object(u"x", u"m", m64))), ErrorKind::LinkError);
  EXPECT_TRUE(new_instance(b32.bytes(), imports_object(u"x", u"m", m32)).ok());
}

// A Memory made by the constructor with address "i64" links to an i64 memory import.
TEST_F(Instance64, ConstructedI64MemoryAndTableLink) {
  const JsValue md = host.object();
  host.create_data_property(md, u"address", str(u"i64"));
  host.create_data_property(md, u"initial", host.bigint(1));
  Completion<JsValue> m = construct(memory_constructor, {md});
  ASSERT_TRUE(m.ok());
  const JsValue td = host.object();
  host.create_data_property(td, u"element", str(u"anyfunc"));
  host.create_data_property(td, u"address", str(u"i64"));
  host.create_data_property(td, u"initial", host.bigint(1));
  Completion<JsValue> t = construct(table_constructor, {td});
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(new_instance(kImports64, imports(*m, *t)).ok());
}

TEST_F(InstanceConstructor, ExportsGetterReturnsTheSameObjectAndChecksTheBrand) {
  Completion<JsValue> i = new_instance(module_returning(1));
  ASSERT_TRUE(i.ok());
  EXPECT_TRUE(host.same_value(exports_of(*i), exports_of(*i)));
  EXPECT_EQ(error_of(call(instance_exports, {}, host.object())), ErrorKind::TypeError);
  EXPECT_EQ(error_of(call(instance_exports, {}, new_module(module_returning(1)))),
            ErrorKind::TypeError);
  EXPECT_EQ(error_of(call(instance_exports, {}, undef())), ErrorKind::TypeError);
}

}  // namespace
}  // namespace wasmref::jsapi::testing
