// Tests of JS-API §tables (js-api/index.bs "Tables"): new Table, Table#grow, Table#get,
// Table#set and Table#length.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "embed/embed.h"
#include "jsapi/convert.h"
#include "jsapi/mini_host.h"
#include "jsapi/namespace_test_util.h"
#include "jsapi/objects.h"
#include "jsapi/webassembly.h"
#include "runtime/store.h"

namespace wasmref::jsapi {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

class TableTest : public ::testing::Test {
 protected:
  MiniHost host;
  Agent agent{host};

  JsValue num(double d) { return host.number(d); }
  JsValue str(std::u16string_view s) { return host.string(s); }
  JsValue dict(std::initializer_list<std::pair<std::u16string_view, JsValue>> members) {
    const JsValue o = host.object();
    for (const auto& [k, v] : members) host.create_data_property(o, k, v);
    return o;
  }
  JsValue descriptor(std::u16string_view element, double initial) {
    return dict({{u"element", str(element)}, {u"initial", num(initial)}});
  }
  Completion<JsValue> construct(std::vector<JsValue> args) {
    CallArgs call;
    call.args = args;
    call.is_construct = true;
    return table_constructor(agent, call);
  }
  Completion<JsValue> invoke(Operation op, JsValue self, std::vector<JsValue> args) {
    CallArgs call;
    call.this_value = self;
    call.args = args;
    return op(agent, call);
  }
  JsValue table(std::u16string_view element, double initial) {
    auto t = construct({descriptor(element, initial)});
    EXPECT_TRUE(t.ok());
    return t.ok() ? *t : host.undefined();
  }
  double length(JsValue t) {
    auto l = invoke(table_length, t, {});
    EXPECT_TRUE(l.ok());
    EXPECT_EQ(host.type_of(*l), JsType::number);
    return l.ok() ? host.number_value(*l) : -1;
  }
  JsValue get(JsValue t, double i) {
    auto v = invoke(table_get, t, {num(i)});
    EXPECT_TRUE(v.ok());
    return v.ok() ? *v : host.string(u"<threw>");
  }
  template <class T>
  std::optional<ErrorKind> thrown_kind(const Completion<T>& c) {
    if (c.ok()) return std::nullopt;
    return host.error_kind(c.thrown().value);
  }
  JsValue exported() {
    const FuncAddr f = embed::func_alloc(*agent.store, FuncType{{}, {}},
                                         [](Store&, std::span<const Value>) -> Result<std::vector<Value>> {
                                           return std::vector<Value>{};
                                         });
    return exported_function(agent, f);
  }
  JsValue logged(JsValue result, std::vector<std::u16string>* log, std::u16string name, std::u16string_view method) {
    const JsValue o = host.object();
    host.create_data_property(
        o, method, host.function(method, 0, [result, log, name](JsHost&, const CallArgs&) -> Completion<JsValue> {
          log->push_back(name);
          return result;
        }));
    return o;
  }
};

// --- Constructor -------------------------------------------------------------------------------

TEST_F(TableTest, ConstructorWithoutNewIsTypeError) {
  const JsValue args[] = {descriptor(u"anyfunc", 1)};
  CallArgs call;
  call.args = args;
  EXPECT_EQ(thrown_kind(table_constructor(agent, call)), ErrorKind::TypeError);
}

TEST_F(TableTest, MissingOrNonObjectDescriptorIsTypeError) {
  EXPECT_EQ(thrown_kind(construct({})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(construct({host.undefined()})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(construct({num(1)})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(construct({dict({})})), ErrorKind::TypeError);
}

// The ValueType enum of js-api/index.bs has no 3.0 reference type (notes-jsapi "Decisions" 7).
TEST_F(TableTest, ElementMustBeATableKind) {
  EXPECT_EQ(thrown_kind(construct({dict({{u"initial", num(1)}})})), ErrorKind::TypeError);  // missing
  for (std::u16string_view bad :
       {u"funcref", u"i32", u"v128", u"anyref", u"exnref", u"", u"eqref", u"i31ref", u"structref",
        u"arrayref", u"nullref", u"nullfuncref", u"nullexternref"}) {
    EXPECT_EQ(thrown_kind(construct({descriptor(bad, 1)})), ErrorKind::TypeError);
  }
  EXPECT_TRUE(construct({descriptor(u"anyfunc", 1)}).ok());
  EXPECT_TRUE(construct({descriptor(u"externref", 1)}).ok());
}

TEST_F(TableTest, MissingInitialIsTypeError) {
  EXPECT_EQ(thrown_kind(construct({dict({{u"element", str(u"anyfunc")}})})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(construct({dict({{u"element", str(u"anyfunc")}, {u"maximum", num(1)}})})),
            ErrorKind::TypeError);
}

TEST_F(TableTest, InitialAndMaximumOutOfEnforceRangeAreTypeErrors) {
  for (double bad : {-1.0, std::nan(""), kInf, -kInf, 4294967296.0}) {
    EXPECT_EQ(thrown_kind(construct({descriptor(u"anyfunc", bad)})), ErrorKind::TypeError) << bad;
    EXPECT_EQ(thrown_kind(construct({dict({{u"element", str(u"anyfunc")}, {u"initial", num(0)}, {u"maximum", num(bad)}})})),
              ErrorKind::TypeError)
        << bad;
  }
}

TEST_F(TableTest, MaximumBelowInitialIsRangeError) {
  EXPECT_EQ(thrown_kind(construct({dict({{u"element", str(u"anyfunc")}, {u"initial", num(2)}, {u"maximum", num(1)}})})),
            ErrorKind::RangeError);
}

TEST_F(TableTest, InitialOverTheTableSizeLimitIsRangeError) {
  EXPECT_EQ(thrown_kind(construct({descriptor(u"anyfunc", 10000001)})), ErrorKind::RangeError);
  EXPECT_EQ(thrown_kind(construct({descriptor(u"externref", 4294967295.0)})), ErrorKind::RangeError);
  EXPECT_TRUE(agent.store->tables.empty());
  // A maximum over the limit is fine.
  auto t = construct({dict({{u"element", str(u"anyfunc")}, {u"initial", num(1)}, {u"maximum", num(4294967295.0)}})});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(length(*t), 1.0);
}

TEST_F(TableTest, AddressType) {
  EXPECT_EQ(thrown_kind(construct({dict({{u"element", str(u"anyfunc")}, {u"address", str(u"x")}, {u"initial", num(1)}})})),
            ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(construct({dict({{u"element", str(u"anyfunc")}, {u"address", str(u"i64")}, {u"initial", num(1)}})})),
            ErrorKind::TypeError);  // a Number is not a BigInt
  EXPECT_EQ(thrown_kind(construct({dict({{u"element", str(u"anyfunc")}, {u"address", str(u"i64")}, {u"initial", host.bigint(1)}})})),
            ErrorKind::RangeError);  // no 64-bit tables without memory64 (core 2.0)
}

// --- 64-bit tables (core 3.0 memory64) -----------------------------------------------------------

class Table64Test : public TableTest {
 protected:
  void SetUp() override { agent.features = Features::v3(); }
  JsValue big(u64 v) { return host.bigint_u64(v); }
  JsValue i64_descriptor(std::u16string_view element, JsValue initial,
                         std::optional<JsValue> maximum = std::nullopt) {
    const JsValue d = dict({{u"element", str(element)}, {u"address", str(u"i64")}, {u"initial", initial}});
    if (maximum) host.create_data_property(d, u"maximum", *maximum);
    return d;
  }
  JsValue table64(std::u16string_view element, u64 initial, std::optional<u64> maximum = std::nullopt) {
    auto t = construct({i64_descriptor(element, big(initial), maximum ? std::optional<JsValue>(big(*maximum)) : std::nullopt)});
    EXPECT_TRUE(t.ok());
    return t.ok() ? *t : host.undefined();
  }
  std::optional<u64> bigint_result(const Completion<JsValue>& c) {
    if (!c.ok()) return std::nullopt;
    const std::optional<MiniBigInt> n = host.bigint_value(*c);
    if (!n || !n->fits_u64()) return std::nullopt;
    return n->as_uint64();
  }
};

// Constructor steps 3-7: an i64 table type from BigInt limits (a Number is a TypeError).
TEST_F(Table64Test, ConstructorMakesAnI64Table) {
  auto t = construct({i64_descriptor(u"anyfunc", big(2), big(5))});
  ASSERT_TRUE(t.ok());
  auto* slots = unwrap_as<TableObject>(host, *t, PlatformObject::Kind::table);
  ASSERT_NE(slots, nullptr);
  const TableType tt = embed::table_type(*agent.store, slots->table);
  EXPECT_EQ(tt.addr, AddrType::i64);
  EXPECT_EQ(tt.elem, ValType::funcref);
  EXPECT_EQ(tt.limits.min, 2u);
  EXPECT_EQ(tt.limits.max, std::optional<u64>(5));
  EXPECT_EQ(thrown_kind(construct({i64_descriptor(u"anyfunc", num(1))})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(construct({i64_descriptor(u"anyfunc", big(1), num(2))})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(construct({i64_descriptor(u"anyfunc", host.bigint(-1))})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(construct({i64_descriptor(u"anyfunc", big(3), big(2))})), ErrorKind::RangeError);
  // Any u64 maximum is valid (range 2^64-1); the initial size is what is allocated.
  EXPECT_TRUE(construct({i64_descriptor(u"externref", big(0), big(~u64{0}))}).ok());
  // Allocation beyond the JS table size limit (10,000,000) is a RangeError.
  EXPECT_EQ(thrown_kind(construct({i64_descriptor(u"anyfunc", big(10000001))})), ErrorKind::RangeError);
  EXPECT_EQ(thrown_kind(construct({i64_descriptor(u"anyfunc", big(u64{1} << 32))})), ErrorKind::RangeError);
}

// length: U64ToAddressValue(table_size, addrtype) is a BigInt for i64.
TEST_F(Table64Test, LengthIsABigInt) {
  const JsValue t = table64(u"externref", 3);
  EXPECT_EQ(bigint_result(invoke(table_length, t, {})), std::optional<u64>(3));
}

// get/set: the index goes through AddressValueToU64(index, i64); an index beyond 2^32 is out
// of bounds (RangeError), never truncated onto a valid one.
TEST_F(Table64Test, GetAndSetAtI64Indices) {
  const JsValue t = table64(u"anyfunc", 2);
  const JsValue fn = exported();
  ASSERT_TRUE(invoke(table_set, t, {big(1), fn}).ok());
  auto v = invoke(table_get, t, {big(1)});
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(host.same_value(*v, fn));
  auto n = invoke(table_get, t, {big(0)});
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(host.type_of(*n), JsType::null);
  EXPECT_EQ(thrown_kind(invoke(table_get, t, {num(1)})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(invoke(table_set, t, {num(1), fn})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(invoke(table_get, t, {host.bigint(-1)})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(invoke(table_get, t, {big(2)})), ErrorKind::RangeError);
  EXPECT_EQ(thrown_kind(invoke(table_get, t, {big((u64{1} << 32) + 1)})), ErrorKind::RangeError);
  EXPECT_EQ(thrown_kind(invoke(table_set, t, {big((u64{1} << 32) + 1), fn})), ErrorKind::RangeError);
  EXPECT_EQ(thrown_kind(invoke(table_get, t, {big(~u64{0})})), ErrorKind::RangeError);
  // set without a value writes DefaultValue(elementtype).
  ASSERT_TRUE(invoke(table_set, t, {big(1)}).ok());
  auto cleared = invoke(table_get, t, {big(1)});
  ASSERT_TRUE(cleared.ok());
  EXPECT_EQ(host.type_of(*cleared), JsType::null);
}

// grow: delta through AddressValueToU64(delta, i64); returns the old length as a BigInt.
TEST_F(Table64Test, GrowTakesAndReturnsBigInts) {
  const JsValue t = table64(u"externref", 1, 4);
  auto r = invoke(table_grow, t, {big(2), host.string(u"x")});
  EXPECT_EQ(bigint_result(r), std::optional<u64>(1));
  EXPECT_EQ(bigint_result(invoke(table_length, t, {})), std::optional<u64>(3));
  auto x = invoke(table_get, t, {big(2)});
  ASSERT_TRUE(x.ok());
  EXPECT_TRUE(host.same_value(*x, host.string(u"x")));
  EXPECT_EQ(thrown_kind(invoke(table_grow, t, {num(1)})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(invoke(table_grow, t, {big(2)})), ErrorKind::RangeError);          // max 4
  EXPECT_EQ(thrown_kind(invoke(table_grow, t, {big(~u64{0})})), ErrorKind::RangeError);    // no overflow
  EXPECT_EQ(bigint_result(invoke(table_grow, t, {big(0)})), std::optional<u64>(3));
  // Without a maximum, the JS table size limit bounds the growth.
  const JsValue u = table64(u"anyfunc", 0);
  EXPECT_EQ(thrown_kind(invoke(table_grow, u, {big(10000001)})), ErrorKind::RangeError);
  EXPECT_EQ(thrown_kind(invoke(table_grow, u, {big(u64{1} << 32)})), ErrorKind::RangeError);
  EXPECT_EQ(bigint_result(invoke(table_length, u, {})), std::optional<u64>(0));
}

TEST_F(TableTest, DescriptorMembersAreReadInTheDecidedOrder) {
  std::vector<std::u16string> log;
  const JsValue d = host.object();
  host.define_getter(d, u"address", [&](JsHost& h, const CallArgs&) -> Completion<JsValue> {
    log.push_back(u"address");
    return h.undefined();
  });
  host.define_getter(d, u"element", [&](JsHost& h, const CallArgs&) -> Completion<JsValue> {
    log.push_back(u"element");
    return logged(h.string(u"anyfunc"), &log, u"element toString", u"toString");
  });
  host.define_getter(d, u"initial", [&](JsHost& h, const CallArgs&) -> Completion<JsValue> {
    log.push_back(u"initial");
    return logged(h.number(1), &log, u"initial valueOf", u"valueOf");
  });
  host.define_getter(d, u"maximum", [&](JsHost& h, const CallArgs&) -> Completion<JsValue> {
    log.push_back(u"maximum");
    return logged(h.number(1), &log, u"maximum valueOf", u"valueOf");
  });
  ASSERT_TRUE(construct({d}).ok());
  const std::vector<std::u16string> expected = {u"element", u"element toString", u"address", u"initial",
                                                u"initial valueOf", u"maximum", u"maximum valueOf"};
  EXPECT_EQ(log, expected);
}

TEST_F(TableTest, MissingValueIsTheDefault) {
  const JsValue f = table(u"anyfunc", 2);
  EXPECT_EQ(length(f), 2.0);
  EXPECT_EQ(host.type_of(get(f, 0)), JsType::null);
  EXPECT_EQ(host.type_of(get(f, 1)), JsType::null);
  const JsValue e = table(u"externref", 1);
  EXPECT_EQ(host.type_of(get(e, 0)), JsType::undefined);
  // An explicit undefined is "missing" too (WebIDL optional argument).
  auto u = construct({descriptor(u"anyfunc", 1), host.undefined()});
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(host.type_of(get(*u, 0)), JsType::null);
}

TEST_F(TableTest, InitialValue) {
  const JsValue fn = exported();
  auto f = construct({descriptor(u"anyfunc", 2), fn});
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(host.same_value(get(*f, 1), fn));
  const JsValue o = host.object();
  auto e = construct({descriptor(u"externref", 1), o});
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE(host.same_value(get(*e, 0), o));
  auto n = construct({descriptor(u"externref", 1), host.null()});
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(host.type_of(get(*n, 0)), JsType::null);
}

TEST_F(TableTest, InitialValueThatIsNotAnExportedFunctionIsTypeError) {
  const JsValue plain = host.function(u"f", 0, [](JsHost& h, const CallArgs&) -> Completion<JsValue> {
    return h.undefined();
  });
  for (const JsValue v : {plain, host.object(), num(37), str(u"x")}) {
    EXPECT_EQ(thrown_kind(construct({descriptor(u"anyfunc", 1), v})), ErrorKind::TypeError);
  }
  EXPECT_TRUE(agent.store->tables.empty());
}

TEST_F(TableTest, ValidityIsCheckedBeforeTheValueAndTheValueBeforeAllocation) {
  EXPECT_EQ(thrown_kind(construct({dict({{u"element", str(u"anyfunc")}, {u"initial", num(2)}, {u"maximum", num(1)}}),
                                   host.object()})),
            ErrorKind::RangeError);
  EXPECT_EQ(thrown_kind(construct({descriptor(u"anyfunc", 10000001), host.object()})), ErrorKind::TypeError);
}

TEST_F(TableTest, TableObjectsAreCachedPerAddress) {
  const JsValue t = table(u"anyfunc", 1);
  auto* slots = unwrap_as<TableObject>(host, t, PlatformObject::Kind::table);
  ASSERT_NE(slots, nullptr);
  EXPECT_TRUE(host.same_value(table_object(agent, slots->table), t));
  EXPECT_EQ(embed::table_type(*agent.store, slots->table).elem, ValType::funcref);
}

// --- length, get, set ----------------------------------------------------------------------------

TEST_F(TableTest, BrandChecks) {
  const JsValue not_a_table = memory_object(agent, embed::mem_alloc(*agent.store, MemType{}));
  for (const JsValue self : {host.object(), host.undefined(), not_a_table}) {
    EXPECT_EQ(thrown_kind(invoke(table_length, self, {})), ErrorKind::TypeError);
    EXPECT_EQ(thrown_kind(invoke(table_get, self, {num(0)})), ErrorKind::TypeError);
    EXPECT_EQ(thrown_kind(invoke(table_set, self, {num(0), host.null()})), ErrorKind::TypeError);
    EXPECT_EQ(thrown_kind(invoke(table_grow, self, {num(0)})), ErrorKind::TypeError);
  }
}

TEST_F(TableTest, GetIndexConversionAndBounds) {
  const JsValue t = table(u"anyfunc", 2);
  EXPECT_EQ(thrown_kind(invoke(table_get, t, {})), ErrorKind::TypeError);
  for (double bad : {-1.0, std::nan(""), kInf, 4294967296.0}) {
    EXPECT_EQ(thrown_kind(invoke(table_get, t, {num(bad)})), ErrorKind::TypeError) << bad;
  }
  EXPECT_EQ(thrown_kind(invoke(table_get, t, {host.undefined()})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(invoke(table_get, t, {num(2)})), ErrorKind::RangeError);
  EXPECT_EQ(thrown_kind(invoke(table_get, t, {num(4294967295.0)})), ErrorKind::RangeError);
  EXPECT_EQ(host.type_of(get(t, 1.5)), JsType::null);
}

TEST_F(TableTest, SetAndGet) {
  const JsValue t = table(u"anyfunc", 2);
  const JsValue fn = exported();
  auto r = invoke(table_set, t, {num(1), fn});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(host.type_of(*r), JsType::undefined);
  EXPECT_TRUE(host.same_value(get(t, 1), fn));
  // Missing value and undefined are the default value (null).
  ASSERT_TRUE(invoke(table_set, t, {num(1)}).ok());
  EXPECT_EQ(host.type_of(get(t, 1)), JsType::null);
  ASSERT_TRUE(invoke(table_set, t, {num(0), fn}).ok());
  ASSERT_TRUE(invoke(table_set, t, {num(0), host.undefined()}).ok());
  EXPECT_EQ(host.type_of(get(t, 0)), JsType::null);
}

TEST_F(TableTest, SetExternref) {
  const JsValue t = table(u"externref", 1);
  const JsValue o = host.object();
  ASSERT_TRUE(invoke(table_set, t, {num(0), o}).ok());
  EXPECT_TRUE(host.same_value(get(t, 0), o));
  ASSERT_TRUE(invoke(table_set, t, {num(0), num(-0.0)}).ok());
  EXPECT_TRUE(std::signbit(host.number_value(get(t, 0))));
  ASSERT_TRUE(invoke(table_set, t, {num(0)}).ok());
  EXPECT_EQ(host.type_of(get(t, 0)), JsType::undefined);
  ASSERT_TRUE(invoke(table_set, t, {num(0), host.null()}).ok());
  EXPECT_EQ(host.type_of(get(t, 0)), JsType::null);
}

TEST_F(TableTest, SetErrors) {
  const JsValue t = table(u"anyfunc", 1);
  EXPECT_EQ(thrown_kind(invoke(table_set, t, {})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(invoke(table_set, t, {num(-1), host.null()})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(invoke(table_set, t, {num(1), host.null()})), ErrorKind::RangeError);
  EXPECT_EQ(thrown_kind(invoke(table_set, t, {num(0), host.object()})), ErrorKind::TypeError);
  // Out of bounds with a bad value: the value conversion comes first.
  EXPECT_EQ(thrown_kind(invoke(table_set, t, {num(1), host.object()})), ErrorKind::TypeError);
}

TEST_F(TableTest, SetConvertsTheIndexBeforeTheValue) {
  const JsValue t = table(u"externref", 1);
  std::vector<std::u16string> log;
  const JsValue index = logged(num(0), &log, u"index", u"valueOf");
  const JsValue value = logged(num(0), &log, u"value", u"valueOf");  // externref: not converted
  ASSERT_TRUE(invoke(table_set, t, {index, value}).ok());
  EXPECT_EQ(log, std::vector<std::u16string>{u"index"});
  // With a bad index the value is never looked at.
  const JsValue f = table(u"anyfunc", 1);
  EXPECT_EQ(thrown_kind(invoke(table_set, f, {num(-1), host.object()})), ErrorKind::TypeError);
  const JsValue boom = str(u"boom");
  const JsValue throwing_index = host.object();
  host.create_data_property(throwing_index, u"valueOf",
                            host.function(u"valueOf", 0, [boom](JsHost&, const CallArgs&) -> Completion<JsValue> {
                              return Thrown{boom};
                            }));
  auto r = invoke(table_set, f, {throwing_index, host.object()});
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(host.same_value(r.thrown().value, boom));
}

// --- grow ----------------------------------------------------------------------------------------

TEST_F(TableTest, GrowReturnsTheOldLength) {
  const JsValue t = table(u"anyfunc", 1);
  const JsValue fn = exported();
  auto r = invoke(table_grow, t, {num(2), fn});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(host.type_of(*r), JsType::number);
  EXPECT_EQ(host.number_value(*r), 1.0);
  EXPECT_EQ(length(t), 3.0);
  EXPECT_EQ(host.type_of(get(t, 0)), JsType::null);
  EXPECT_TRUE(host.same_value(get(t, 2), fn));
  auto d = invoke(table_grow, t, {num(1)});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(host.number_value(*d), 3.0);
  EXPECT_EQ(host.type_of(get(t, 3)), JsType::null);
}

TEST_F(TableTest, GrowExternrefDefaultIsUndefined) {
  const JsValue t = table(u"externref", 0);
  ASSERT_TRUE(invoke(table_grow, t, {num(1)}).ok());
  EXPECT_EQ(host.type_of(get(t, 0)), JsType::undefined);
}

TEST_F(TableTest, GrowBeyondMaximumIsRangeError) {
  auto t = construct({dict({{u"element", str(u"anyfunc")}, {u"initial", num(1)}, {u"maximum", num(2)}})});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(thrown_kind(invoke(table_grow, *t, {num(2)})), ErrorKind::RangeError);
  EXPECT_EQ(length(*t), 1.0);
  ASSERT_TRUE(invoke(table_grow, *t, {num(1)}).ok());
  EXPECT_EQ(thrown_kind(invoke(table_grow, *t, {num(1)})), ErrorKind::RangeError);
}

TEST_F(TableTest, GrowBeyondTheTableSizeLimitIsRangeError) {
  const JsValue t = table(u"anyfunc", 1);
  EXPECT_EQ(thrown_kind(invoke(table_grow, t, {num(10000000)})), ErrorKind::RangeError);
  EXPECT_EQ(thrown_kind(invoke(table_grow, t, {num(4294967295.0)})), ErrorKind::RangeError);
  EXPECT_EQ(length(t), 1.0);
}

TEST_F(TableTest, GrowArgumentErrors) {
  const JsValue t = table(u"anyfunc", 1);
  EXPECT_EQ(thrown_kind(invoke(table_grow, t, {})), ErrorKind::TypeError);
  for (double bad : {-1.0, std::nan(""), kInf, 4294967296.0}) {
    EXPECT_EQ(thrown_kind(invoke(table_grow, t, {num(bad)})), ErrorKind::TypeError) << bad;
  }
  EXPECT_EQ(thrown_kind(invoke(table_grow, t, {num(1), host.object()})), ErrorKind::TypeError);
  EXPECT_EQ(length(t), 1.0);
}

// Table#get 4. and Table#set 4.: an exnref table (made by wasm: TableKind has no "exnref")
// cannot be read or written from JS, before the index is converted; length and grow without a
// value work (DefaultValue is null), grow with a value reaches ToWebAssemblyValue's assertion.
TEST_F(TableTest, ExnrefTablesCannotBeReadOrWritten) {
  TableType type;
  type.limits.min = 1;
  type.elem = ValType::exnref;
  const TableAddr a = embed::table_alloc(*agent.store, type, Value::null(ValType::exnref));
  const JsValue t = table_object(agent, a);
  int conversions = 0;
  const JsValue index = host.object();
  host.create_data_property(index, u"valueOf", host.function(u"valueOf", 0, [&](JsHost& h, const CallArgs&) -> Completion<JsValue> {
    ++conversions;
    return h.number(0);
  }));
  EXPECT_EQ(thrown_kind(invoke(table_get, t, {index})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(invoke(table_set, t, {index, host.null()})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(invoke(table_set, t, {index})), ErrorKind::TypeError);
  EXPECT_EQ(conversions, 0);
  EXPECT_EQ(length(t), 1);
  ASSERT_TRUE(invoke(table_grow, t, {num(1)}).ok());
  EXPECT_EQ(length(t), 2);
  EXPECT_EQ(thrown_kind(invoke(table_grow, t, {num(1), host.null()})), ErrorKind::TypeError);
  EXPECT_EQ(length(t), 2);
  // The constructor's TableKind enum has no "exnref".
  EXPECT_EQ(thrown_kind(construct({descriptor(u"exnref", 1)})), ErrorKind::TypeError);
}

// --- Tables of core 3.0 reference types (made by a module) ---------------------------------------

class GcTables : public testing::JsApiTest {
 protected:
  void SetUp() override {
    agent.features = Features::v3();
    exports = exports_of(*new_instance(module()));
  }
  // $0 = (sub (struct (field (mut i32)))), $1 = (func (result i32)), $2 = (struct (field (mut
  // i64))), $3 = (func). Functions f0, f1 : $1 (7, 8), g : $3. Tables:
  //   any      anyref min 2
  //   s        (ref null $0) min 1
  //   nonnull  (ref $0) min 1, initialised with struct.new_default $0
  //   f        (ref $1) min 1, initialised with ref.func f0
  //   eq       eqref min 1
  //   nullfunc nullfuncref min 1
  // Globals "made" (ref $0) and "other" (ref $2): one structure of each type.
  static testing::Bytes module() {
    using testing::Bytes;
    using namespace testing::gc;  // NOLINT: the raw module helpers
    using wasmref::testing::i32_const;
    const std::vector<std::string> tables = {"any", "s", "nonnull", "f", "eq", "nullfunc"};
    std::vector<Bytes> exps;
    for (u32 i = 0; i < tables.size(); ++i) exps.push_back(export_(tables[i], kTableExport, i));
    exps.push_back(export_("f0", kFuncExport, 0));
    exps.push_back(export_("f1", kFuncExport, 1));
    exps.push_back(export_("g", kFuncExport, 2));
    exps.push_back(export_("made", kGlobalExport, 0));
    exps.push_back(export_("other", kGlobalExport, 1));
    return testing::gc::module({
        {kTypeSection,
         {sub({}, struct_({field({wasmref::testing::I32}, true)})),
          func({}, {{wasmref::testing::I32}}), struct_({field({wasmref::testing::I64}, true)}),
          func({}, {})}},
        {kFuncSection, {uleb(1), uleb(1), uleb(3)}},
        {kTableSection,
         {table(ref(kAny, true), 2), table(ref_idx(0, true), 1),
          table_with_init(ref_idx(0, false), 1, struct_new_default(0)),
          table_with_init(ref_idx(1, false), 1, wasmref::testing::ref_func(0)),
          table(ref(kEq, true), 1), table(ref(kNoFunc, true), 1)}},
        {kGlobalSection,
         {global(ref_idx(0, false), false, struct_new_default(0)),
          global(ref_idx(2, false), false, struct_new_default(2))}},
        {kExportSection, exps},
        {kCodeSection, {code(i32_const(7)), code(i32_const(8)), code({})}},
    });
  }
  JsValue table_named(std::u16string_view name) { return get(exports, name); }
  JsValue global_value(std::u16string_view name) {
    Completion<JsValue> v = call(global_value_get, {}, get(exports, name));
    EXPECT_TRUE(v.ok());
    return v.ok() ? *v : undef();
  }
  Completion<JsValue> table_at(std::u16string_view name, double i) {
    return call(table_get, {num(i)}, table_named(name));
  }
  JsValue element(std::u16string_view name, double i) {
    Completion<JsValue> v = table_at(name, i);
    EXPECT_TRUE(v.ok()) << (v.ok() ? "" : MiniHost::utf8(message_of(v.thrown())));
    return v.ok() ? *v : str(u"<threw>");
  }
  Completion<JsValue> set(std::u16string_view name, std::vector<JsValue> args) {
    return call(table_set, args, table_named(name));
  }
  Completion<JsValue> grow(std::u16string_view name, std::vector<JsValue> args) {
    return call(table_grow, args, table_named(name));
  }
  double length(std::u16string_view name) {
    Completion<JsValue> l = call(table_length, {}, table_named(name));
    return l.ok() ? host.number_value(*l) : -1;
  }
  JsValue exports{};
};

// anyref: get/set/grow convert every JS value (i31 Numbers, host values, GC objects) and give
// each back as itself.
TEST_F(GcTables, AnyrefTableHoldsEveryJsValue) {
  EXPECT_EQ(host.type_of(element(u"any", 0)), JsType::null);
  const JsValue o = host.object();
  const JsValue made = global_value(u"made");
  ASSERT_TRUE(set(u"any", {num(0), num(5)}).ok());
  ASSERT_TRUE(set(u"any", {num(1), o}).ok());
  EXPECT_EQ(host.number_value(element(u"any", 0)), 5);
  EXPECT_TRUE(host.same_value(element(u"any", 1), o));
  Completion<JsValue> old = grow(u"any", {num(1)});  // DefaultValue(anyref): ref.null any
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(host.number_value(*old), 2);
  EXPECT_EQ(host.type_of(element(u"any", 2)), JsType::null);
  ASSERT_TRUE(grow(u"any", {num(1), made}).ok());
  EXPECT_TRUE(host.same_value(element(u"any", 3), made));
}

// (ref null $0): structures of $0 only; DefaultValue (value missing) is null.
TEST_F(GcTables, ConcreteStructTable) {
  const JsValue made = global_value(u"made");
  for (const JsValue v : {host.object(), num(5), global_value(u"other"), get(exports, u"f0")}) {
    EXPECT_EQ(error_of(set(u"s", {num(0), v})), ErrorKind::TypeError);
  }
  ASSERT_TRUE(set(u"s", {num(0), made}).ok());
  EXPECT_TRUE(host.same_value(element(u"s", 0), made));
  ASSERT_TRUE(set(u"s", {num(0)}).ok());
  EXPECT_EQ(host.type_of(element(u"s", 0)), JsType::null);
}

// (ref $0): set and grow without a value find no DefaultValue (error -> TypeError), null does
// not match; with a structure both work.
TEST_F(GcTables, NonNullableTableNeedsAValue) {
  const JsValue made = global_value(u"made");
  const JsValue first = element(u"nonnull", 0);
  EXPECT_EQ(host.type_of(first), JsType::object);
  EXPECT_EQ(error_of(set(u"nonnull", {num(0)})), ErrorKind::TypeError);
  EXPECT_EQ(error_of(set(u"nonnull", {num(0), host.null()})), ErrorKind::TypeError);
  EXPECT_EQ(error_of(grow(u"nonnull", {num(1)})), ErrorKind::TypeError);
  EXPECT_EQ(error_of(grow(u"nonnull", {num(1), host.null()})), ErrorKind::TypeError);
  EXPECT_EQ(length(u"nonnull"), 1);
  EXPECT_TRUE(host.same_value(element(u"nonnull", 0), first));
  ASSERT_TRUE(grow(u"nonnull", {num(1), made}).ok());
  EXPECT_EQ(length(u"nonnull"), 2);
  EXPECT_TRUE(host.same_value(element(u"nonnull", 1), made));
}

// (ref $1): Exported Functions of $1 only; the element initialised by ref.func f0 reads as the
// Exported Function the exports hold.
TEST_F(GcTables, TypedFunctionTable) {
  EXPECT_TRUE(host.same_value(element(u"f", 0), get(exports, u"f0")));
  ASSERT_TRUE(set(u"f", {num(0), get(exports, u"f1")}).ok());
  EXPECT_TRUE(host.same_value(element(u"f", 0), get(exports, u"f1")));
  const JsValue js_fn =
      js_function([](JsHost& h, const CallArgs&) -> Completion<JsValue> { return h.number(7); });
  for (const JsValue v : {get(exports, u"g"), js_fn, host.null(), num(5)}) {
    EXPECT_EQ(error_of(set(u"f", {num(0), v})), ErrorKind::TypeError);
  }
  EXPECT_EQ(error_of(grow(u"f", {num(1)})), ErrorKind::TypeError);
  // nullfuncref takes no function at all.
  EXPECT_EQ(error_of(set(u"nullfunc", {num(0), get(exports, u"f0")})), ErrorKind::TypeError);
  EXPECT_TRUE(set(u"nullfunc", {num(0), host.null()}).ok());
}

// eqref: i31 Numbers and GC objects, not host values.
TEST_F(GcTables, EqrefTable) {
  ASSERT_TRUE(set(u"eq", {num(0), num(-7)}).ok());
  EXPECT_EQ(host.number_value(element(u"eq", 0)), -7);
  EXPECT_EQ(error_of(set(u"eq", {num(0), host.object()})), ErrorKind::TypeError);
  EXPECT_EQ(error_of(set(u"eq", {num(0), num(0.5)})), ErrorKind::TypeError);
  EXPECT_EQ(host.number_value(element(u"eq", 0)), -7);
}

}  // namespace
}  // namespace wasmref::jsapi
