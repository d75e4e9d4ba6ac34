// Tests of JS-API §memories (js-api/index.bs "Memories"): new Memory, Memory#grow, Memory#buffer,
// and the buffer refresh after a wasm memory.grow.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "embed/embed.h"
#include "jsapi/convert.h"
#include "jsapi/mini_host.h"
#include "jsapi/objects.h"
#include "jsapi/webassembly.h"
#include "runtime/store.h"

namespace wasmref::jsapi {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// (module (memory (export "m") 1 2)
//   (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
const std::vector<u8> kGrowModule = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,                    // header
    0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f,                    // type: [i32] -> [i32]
    0x03, 0x02, 0x01, 0x00,                                            // func: type 0
    0x05, 0x04, 0x01, 0x01, 0x01, 0x02,                                // memory: {min 1, max 2}
    0x07, 0x0c, 0x02, 0x01, 'm', 0x02, 0x00, 0x04, 'g', 'r', 'o', 'w', 0x00, 0x00,  // exports
    0x0a, 0x08, 0x01, 0x06, 0x00, 0x20, 0x00, 0x40, 0x00, 0x0b,        // code
};

class MemoryTest : public ::testing::Test {
 protected:
  MiniHost host;
  Agent agent{host};

  JsValue num(double d) { return host.number(d); }
  JsValue dict(std::initializer_list<std::pair<std::u16string_view, JsValue>> members) {
    const JsValue o = host.object();
    for (const auto& [k, v] : members) host.create_data_property(o, k, v);
    return o;
  }
  Completion<JsValue> construct(std::vector<JsValue> args) {
    CallArgs call;
    call.args = args;
    call.is_construct = true;
    return memory_constructor(agent, call);
  }
  Completion<JsValue> invoke(Operation op, JsValue self, std::vector<JsValue> args) {
    CallArgs call;
    call.this_value = self;
    call.args = args;
    return op(agent, call);
  }
  JsValue memory(double initial) {
    auto m = construct({dict({{u"initial", num(initial)}})});
    EXPECT_TRUE(m.ok());
    return m.ok() ? *m : host.undefined();
  }
  JsValue buffer(JsValue m) {
    auto b = invoke(memory_buffer, m, {});
    EXPECT_TRUE(b.ok());
    return b.ok() ? *b : host.undefined();
  }
  template <class T>
  std::optional<ErrorKind> thrown_kind(const Completion<T>& c) {
    if (c.ok()) return std::nullopt;
    return host.error_kind(c.thrown().value);
  }
  // An object whose valueOf returns `v` and logs `name`.
  JsValue logged_number(double v, std::vector<std::u16string>* log, std::u16string name) {
    const JsValue o = host.object();
    host.create_data_property(
        o, u"valueOf", host.function(u"valueOf", 0, [v, log, name](JsHost& h, const CallArgs&) -> Completion<JsValue> {
          log->push_back(name);
          return h.number(v);
        }));
    return o;
  }
};

// --- Constructor -------------------------------------------------------------------------------

TEST_F(MemoryTest, ConstructorWithoutNewIsTypeError) {
  const JsValue args[] = {dict({{u"initial", num(1)}})};
  CallArgs call;
  call.args = args;
  EXPECT_EQ(thrown_kind(memory_constructor(agent, call)), ErrorKind::TypeError);
  EXPECT_TRUE(agent.store->mems.empty());
}

TEST_F(MemoryTest, MissingDescriptorIsTypeError) {
  EXPECT_EQ(thrown_kind(construct({})), ErrorKind::TypeError);
}

TEST_F(MemoryTest, DescriptorMustBeADictionary) {
  EXPECT_EQ(thrown_kind(construct({num(1)})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(construct({host.string(u"{initial: 1}")})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(construct({host.boolean(true)})), ErrorKind::TypeError);
}

TEST_F(MemoryTest, MissingInitialIsTypeError) {
  EXPECT_EQ(thrown_kind(construct({host.undefined()})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(construct({host.null()})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(construct({dict({})})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(construct({dict({{u"maximum", num(1)}})})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(construct({dict({{u"initial", host.undefined()}})})), ErrorKind::TypeError);
}

TEST_F(MemoryTest, InitialOutOfEnforceRangeIsTypeError) {
  for (double bad : {-1.0, std::nan(""), kInf, -kInf, 4294967296.0, 1e20}) {
    EXPECT_EQ(thrown_kind(construct({dict({{u"initial", num(bad)}})})), ErrorKind::TypeError) << bad;
  }
  EXPECT_EQ(thrown_kind(construct({dict({{u"initial", host.bigint(1)}})})), ErrorKind::TypeError);
}

TEST_F(MemoryTest, MaximumOutOfEnforceRangeIsTypeError) {
  for (double bad : {-1.0, std::nan(""), kInf, 4294967296.0}) {
    EXPECT_EQ(thrown_kind(construct({dict({{u"initial", num(0)}, {u"maximum", num(bad)}})})),
              ErrorKind::TypeError)
        << bad;
  }
}

TEST_F(MemoryTest, MaximumBelowInitialIsRangeError) {
  EXPECT_EQ(thrown_kind(construct({dict({{u"initial", num(2)}, {u"maximum", num(1)}})})),
            ErrorKind::RangeError);
}

TEST_F(MemoryTest, MoreThan65536PagesIsRangeError) {
  EXPECT_EQ(thrown_kind(construct({dict({{u"initial", num(65537)}})})), ErrorKind::RangeError);
  EXPECT_EQ(thrown_kind(construct({dict({{u"initial", num(0)}, {u"maximum", num(65537)}})})),
            ErrorKind::RangeError);
  EXPECT_EQ(thrown_kind(construct({dict({{u"initial", num(4294967295.0)}})})), ErrorKind::RangeError);
}

TEST_F(MemoryTest, AllocationOverTheEmbedderLimitIsRangeError) {
  EmbedderLimits limits;
  limits.memory_pages = 2;
  Agent small(host, limits);
  const JsValue args[] = {dict({{u"initial", num(3)}})};
  CallArgs call;
  call.args = args;
  call.is_construct = true;
  EXPECT_EQ(thrown_kind(memory_constructor(small, call)), ErrorKind::RangeError);
  EXPECT_TRUE(small.store->mems.empty());
}

TEST_F(MemoryTest, AllocationOverTheStoreLimitIsRangeError) {
  ExecLimits exec;
  exec.max_memory_pages = 1;
  Agent small(host, EmbedderLimits::current(), exec);
  const JsValue args[] = {dict({{u"initial", num(2)}})};
  CallArgs call;
  call.args = args;
  call.is_construct = true;
  EXPECT_EQ(thrown_kind(memory_constructor(small, call)), ErrorKind::RangeError);
}

TEST_F(MemoryTest, DescriptorMembersAreReadAndConvertedInOrder) {
  std::vector<std::u16string> log;
  const JsValue d = host.object();
  host.define_getter(d, u"address", [&log](JsHost& h, const CallArgs&) -> Completion<JsValue> {
    log.push_back(u"address");
    return h.string(u"i32");
  });
  host.define_getter(d, u"initial", [&](JsHost&, const CallArgs&) -> Completion<JsValue> {
    log.push_back(u"initial");
    return logged_number(1, &log, u"initial valueOf");
  });
  host.define_getter(d, u"maximum", [&](JsHost&, const CallArgs&) -> Completion<JsValue> {
    log.push_back(u"maximum");
    return logged_number(2, &log, u"maximum valueOf");
  });
  auto m = construct({d});
  ASSERT_TRUE(m.ok());
  const std::vector<std::u16string> expected = {u"address", u"initial", u"initial valueOf", u"maximum",
                                                u"maximum valueOf"};
  EXPECT_EQ(log, expected);
}

TEST_F(MemoryTest, AThrowingGetterStopsTheConstructor) {
  std::vector<std::u16string> log;
  const JsValue boom = host.string(u"boom");
  const JsValue d = host.object();
  host.define_getter(d, u"initial", [&](JsHost&, const CallArgs&) -> Completion<JsValue> {
    log.push_back(u"initial");
    return Thrown{boom};
  });
  host.define_getter(d, u"maximum", [&](JsHost& h, const CallArgs&) -> Completion<JsValue> {
    log.push_back(u"maximum");
    return h.number(1);
  });
  auto m = construct({d});
  ASSERT_FALSE(m.ok());
  EXPECT_TRUE(host.same_value(m.thrown().value, boom));
  EXPECT_EQ(log, std::vector<std::u16string>{u"initial"});
}

TEST_F(MemoryTest, AddressType) {
  // An unknown enum value is a TypeError.
  EXPECT_EQ(thrown_kind(construct({dict({{u"address", host.string(u"i16")}, {u"initial", num(1)}})})),
            ErrorKind::TypeError);
  // "i64": initial goes through ToBigInt (a Number is a TypeError) ...
  EXPECT_EQ(thrown_kind(construct({dict({{u"address", host.string(u"i64")}, {u"initial", num(1)}})})),
            ErrorKind::TypeError);
  // ... and a 64-bit memory type is not valid without memory64 (core 2.0): RangeError.
  EXPECT_EQ(thrown_kind(construct({dict({{u"address", host.string(u"i64")}, {u"initial", host.bigint(1)}})})),
            ErrorKind::RangeError);
  auto m = construct({dict({{u"address", host.string(u"i32")}, {u"initial", num(1)}})});
  EXPECT_TRUE(m.ok());
}

// --- 64-bit memories (core 3.0 memory64) -----------------------------------------------------------

class Memory64Test : public MemoryTest {
 protected:
  void SetUp() override { agent.features = Features::v3(); }
  JsValue big(u64 v) { return host.bigint_u64(v); }
  JsValue i64_descriptor(JsValue initial, std::optional<JsValue> maximum = std::nullopt) {
    const JsValue d = dict({{u"address", host.string(u"i64")}, {u"initial", initial}});
    if (maximum) host.create_data_property(d, u"maximum", *maximum);
    return d;
  }
  std::optional<u64> bigint_result(const Completion<JsValue>& c) {
    if (!c.ok()) return std::nullopt;
    const std::optional<MiniBigInt> n = host.bigint_value(*c);
    if (!n || !n->fits_u64()) return std::nullopt;
    return n->as_uint64();
  }
};

// Step 4: memtype = i64 {min initial, max maximum}, with BigInt initial and maximum.
TEST_F(Memory64Test, ConstructorMakesAnI64Memory) {
  auto m = construct({i64_descriptor(big(1), big(3))});
  ASSERT_TRUE(m.ok());
  auto* slots = unwrap_as<MemoryObject>(host, *m, PlatformObject::Kind::memory);
  ASSERT_NE(slots, nullptr);
  const MemType mt = embed::mem_type(*agent.store, slots->memory);
  EXPECT_EQ(mt.addr, AddrType::i64);
  EXPECT_EQ(mt.limits.min, 1u);
  EXPECT_EQ(mt.limits.max, std::optional<u64>(3));
  EXPECT_EQ(host.array_buffer_byte_length(buffer(*m)), 65536u);
  // Without `address` (or with "i32") the memory stays 32-bit.
  auto m32 = construct({dict({{u"initial", num(1)}})});
  ASSERT_TRUE(m32.ok());
  auto* slots32 = unwrap_as<MemoryObject>(host, *m32, PlatformObject::Kind::memory);
  EXPECT_EQ(embed::mem_type(*agent.store, slots32->memory).addr, AddrType::i32);
}

// AddressValueToU64 for "i64" is ToBigInt: a Number is a TypeError (for initial and maximum),
// a String or Boolean converts, a negative BigInt or one >= 2^64 is a TypeError.
TEST_F(Memory64Test, I64DescriptorMembersGoThroughToBigInt) {
  EXPECT_EQ(thrown_kind(construct({i64_descriptor(num(1))})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(construct({i64_descriptor(big(1), num(2))})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(construct({i64_descriptor(host.bigint(-1))})), ErrorKind::TypeError);
  MiniBigInt two_to_64;
  two_to_64.magnitude = {0, 0, 1};
  EXPECT_EQ(thrown_kind(construct({i64_descriptor(big(0), host.bigint_of(two_to_64))})), ErrorKind::TypeError);
  EXPECT_TRUE(construct({i64_descriptor(host.string(u"2"))}).ok());
  EXPECT_TRUE(construct({i64_descriptor(host.boolean(true))}).ok());
  // An "i32" memory still takes Numbers only.
  EXPECT_EQ(thrown_kind(construct({dict({{u"address", host.string(u"i32")}, {u"initial", big(1)}})})),
            ErrorKind::TypeError);
}

// Step 5: valid within 2^48 pages (core valid/types.rst), min <= max.
TEST_F(Memory64Test, LimitsValidWithin2To48Pages) {
  const u64 k = u64{1} << 48;
  EXPECT_EQ(thrown_kind(construct({i64_descriptor(big(k + 1))})), ErrorKind::RangeError);
  EXPECT_EQ(thrown_kind(construct({i64_descriptor(big(0), big(k + 1))})), ErrorKind::RangeError);
  EXPECT_EQ(thrown_kind(construct({i64_descriptor(big(0), big(~u64{0}))})), ErrorKind::RangeError);
  EXPECT_EQ(thrown_kind(construct({i64_descriptor(big(2), big(1))})), ErrorKind::RangeError);
  // A maximum of exactly 2^48 pages is valid (only `initial` is allocated).
  auto m = construct({i64_descriptor(big(0), big(k))});
  ASSERT_TRUE(m.ok());
  auto* slots = unwrap_as<MemoryObject>(host, *m, PlatformObject::Kind::memory);
  EXPECT_EQ(embed::mem_type(*agent.store, slots->memory).limits.max, std::optional<u64>(k));
  // Beyond 2^16 pages is fine for the type of an i64 memory (not for an i32 one).
  EXPECT_TRUE(construct({i64_descriptor(big(0), big(65537))}).ok());
  EXPECT_EQ(thrown_kind(construct({dict({{u"initial", num(0)}, {u"maximum", num(65537)}})})),
            ErrorKind::RangeError);
}

// Steps 6-8: allocation beyond the 64-bit page limit (js-api §limits: 262,144 pages), the
// store's page limit or its total bytes is a RangeError, before any bytes are allocated.
TEST_F(Memory64Test, AllocationLimits) {
  EXPECT_EQ(thrown_kind(construct({i64_descriptor(big(262145))})), ErrorKind::RangeError);
  EXPECT_EQ(thrown_kind(construct({i64_descriptor(big(u64{1} << 48))})), ErrorKind::RangeError);
  EXPECT_EQ(thrown_kind(construct({i64_descriptor(big(65537))})), ErrorKind::RangeError);  // ExecLimits
  EXPECT_TRUE(agent.store->mems.empty());
  ExecLimits exec;
  exec.max_total_memory_bytes = 3 * MemInst::kPageSize;
  Agent small(host, EmbedderLimits::current(), exec);
  small.features = Features::v3();
  const JsValue two[] = {i64_descriptor(big(2))};
  CallArgs call;
  call.args = two;
  call.is_construct = true;
  ASSERT_TRUE(memory_constructor(small, call).ok());
  EXPECT_EQ(thrown_kind(memory_constructor(small, call)), ErrorKind::RangeError);  // 4 > 3 pages
  EXPECT_EQ(small.store->mems.size(), 1u);
}

// Memory#grow: 3. the address type of mem_type(store, memaddr); 4. delta through
// AddressValueToU64 (BigInt); 7. the old size as a BigInt.
TEST_F(Memory64Test, GrowTakesAndReturnsBigInts) {
  auto m = construct({i64_descriptor(big(1), big(4))});
  ASSERT_TRUE(m.ok());
  const JsValue old = buffer(*m);
  auto r = invoke(memory_grow, *m, {big(2)});
  EXPECT_EQ(bigint_result(r), std::optional<u64>(1));
  EXPECT_TRUE(host.is_detached(old));
  EXPECT_EQ(host.array_buffer_byte_length(buffer(*m)), 3u * 65536);
  EXPECT_EQ(bigint_result(invoke(memory_grow, *m, {big(0)})), std::optional<u64>(3));
  // A Number delta is a TypeError, and so is a negative BigInt; nothing grows.
  EXPECT_EQ(thrown_kind(invoke(memory_grow, *m, {num(1)})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(invoke(memory_grow, *m, {host.bigint(-1)})), ErrorKind::TypeError);
  // Beyond the maximum, beyond 2^48 pages, and a delta that would overflow u64: RangeError.
  EXPECT_EQ(thrown_kind(invoke(memory_grow, *m, {big(2)})), ErrorKind::RangeError);
  EXPECT_EQ(thrown_kind(invoke(memory_grow, *m, {big(u64{1} << 48)})), ErrorKind::RangeError);
  EXPECT_EQ(thrown_kind(invoke(memory_grow, *m, {big(~u64{0})})), ErrorKind::RangeError);
  EXPECT_EQ(host.array_buffer_byte_length(buffer(*m)), 3u * 65536);
  // An i32 memory's grow still answers with a Number.
  const JsValue m32 = memory(1);
  auto r32 = invoke(memory_grow, m32, {num(1)});
  ASSERT_TRUE(r32.ok());
  EXPECT_EQ(host.type_of(*r32), JsType::number);
}

// Growing an i64 memory past the 64-bit page limit of js-api §limits fails even when the store
// would allow it.
TEST_F(Memory64Test, GrowBeyondThe64BitPageLimitIsRangeError) {
  ExecLimits exec;
  exec.max_memory_pages = u64{1} << 48;
  Agent big_store(host, EmbedderLimits::current(), exec);
  big_store.features = Features::v3();
  const JsValue m = memory_object(big_store, embed::mem_alloc(*big_store.store, MemType{{0, std::nullopt}, AddrType::i64}));
  const JsValue args[] = {big(262145)};
  CallArgs call;
  call.this_value = m;
  call.args = args;
  EXPECT_EQ(thrown_kind(memory_grow(big_store, call)), ErrorKind::RangeError);
  EXPECT_EQ(embed::mem_size(*big_store.store, MemAddr{0}), 0u);
}

TEST_F(MemoryTest, ConstructorMakesAMemoryWithItsLimits) {
  auto m = construct({dict({{u"initial", num(1.7)}, {u"maximum", num(3)}})});
  ASSERT_TRUE(m.ok());
  auto* slots = unwrap_as<MemoryObject>(host, *m, PlatformObject::Kind::memory);
  ASSERT_NE(slots, nullptr);
  const MemType mt = embed::mem_type(*agent.store, slots->memory);
  EXPECT_EQ(mt.limits.min, 1u);
  EXPECT_EQ(mt.limits.max, std::optional<u32>(3));
  EXPECT_EQ(host.array_buffer_byte_length(buffer(*m)), 65536u);
  // The object is the one of the Memory object cache.
  EXPECT_TRUE(host.same_value(memory_object(agent, slots->memory), *m));
}

TEST_F(MemoryTest, ZeroPages) {
  const JsValue m = memory(0);
  EXPECT_EQ(host.array_buffer_byte_length(buffer(m)), 0u);
}

// --- buffer --------------------------------------------------------------------------------------

TEST_F(MemoryTest, BufferIsTheSameObjectUntilRefreshed) {
  const JsValue m = memory(1);
  const JsValue b1 = buffer(m);
  const JsValue b2 = buffer(m);
  EXPECT_TRUE(host.same_value(b1, b2));
  EXPECT_FALSE(host.is_detached(b1));
}

TEST_F(MemoryTest, BufferSharesTheMemorysBytes) {
  const JsValue m = memory(1);
  auto* slots = unwrap_as<MemoryObject>(host, m, PlatformObject::Kind::memory);
  ASSERT_NE(slots, nullptr);
  std::span<u8> bytes = host.buffer_data(buffer(m));
  ASSERT_EQ(bytes.size(), 65536u);
  bytes[10] = 42;
  EXPECT_EQ(*embed::mem_read(*agent.store, slots->memory, 10), 42);
  ASSERT_TRUE(embed::mem_write(*agent.store, slots->memory, 11, 7).ok());
  EXPECT_EQ(host.buffer_data(buffer(m))[11], 7);
}

TEST_F(MemoryTest, BufferGetterBrandCheck) {
  EXPECT_EQ(thrown_kind(invoke(memory_buffer, host.object(), {})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(invoke(memory_buffer, host.undefined(), {})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(invoke(memory_buffer, num(1), {})), ErrorKind::TypeError);
  const JsValue table = table_object(agent, embed::table_alloc(*agent.store, TableType{}, Value::null(ValType::funcref)));
  EXPECT_EQ(thrown_kind(invoke(memory_buffer, table, {})), ErrorKind::TypeError);
}

// --- grow ----------------------------------------------------------------------------------------

TEST_F(MemoryTest, GrowReturnsTheOldSizeAndRefreshesTheBuffer) {
  const JsValue m = memory(1);
  const JsValue old = buffer(m);
  host.buffer_data(old)[100] = 9;
  auto r = invoke(memory_grow, m, {num(2)});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(host.type_of(*r), JsType::number);
  EXPECT_EQ(host.number_value(*r), 1.0);
  EXPECT_TRUE(host.is_detached(old));
  EXPECT_EQ(host.array_buffer_byte_length(old), 0u);
  const JsValue now = buffer(m);
  EXPECT_FALSE(host.same_value(old, now));
  EXPECT_EQ(host.array_buffer_byte_length(now), 3u * 65536);
  EXPECT_EQ(host.buffer_data(now)[100], 9);
}

TEST_F(MemoryTest, GrowZeroStillDetachesTheOldBuffer) {
  const JsValue m = memory(1);
  const JsValue old = buffer(m);
  auto r = invoke(memory_grow, m, {num(0)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(host.number_value(*r), 1.0);
  EXPECT_TRUE(host.is_detached(old));
  EXPECT_EQ(host.array_buffer_byte_length(buffer(m)), 65536u);
}

TEST_F(MemoryTest, GrowBeyondMaximumIsRangeErrorAndKeepsTheBuffer) {
  auto m = construct({dict({{u"initial", num(1)}, {u"maximum", num(2)}})});
  ASSERT_TRUE(m.ok());
  const JsValue old = buffer(*m);
  EXPECT_EQ(thrown_kind(invoke(memory_grow, *m, {num(2)})), ErrorKind::RangeError);
  EXPECT_FALSE(host.is_detached(old));
  EXPECT_TRUE(host.same_value(old, buffer(*m)));
  auto ok = invoke(memory_grow, *m, {num(1)});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(host.number_value(*ok), 1.0);
  EXPECT_EQ(thrown_kind(invoke(memory_grow, *m, {num(1)})), ErrorKind::RangeError);
}

TEST_F(MemoryTest, GrowBeyond65536PagesIsRangeError) {
  const JsValue m = memory(0);
  EXPECT_EQ(thrown_kind(invoke(memory_grow, m, {num(65537)})), ErrorKind::RangeError);
  EXPECT_EQ(thrown_kind(invoke(memory_grow, m, {num(4294967295.0)})), ErrorKind::RangeError);
}

TEST_F(MemoryTest, GrowBeyondTheEmbedderLimitIsRangeError) {
  EmbedderLimits limits;
  limits.memory_pages = 2;
  Agent small(host, limits);
  const JsValue m = memory_object(small, embed::mem_alloc(*small.store, MemType{Limits{1, std::nullopt}}));
  const JsValue args[] = {num(2)};
  CallArgs call;
  call.this_value = m;
  call.args = args;
  EXPECT_EQ(thrown_kind(memory_grow(small, call)), ErrorKind::RangeError);
}

TEST_F(MemoryTest, GrowDeltaConversion) {
  const JsValue m = memory(1);
  EXPECT_EQ(thrown_kind(invoke(memory_grow, m, {})), ErrorKind::TypeError);  // missing
  for (double bad : {-1.0, std::nan(""), kInf, 4294967296.0}) {
    EXPECT_EQ(thrown_kind(invoke(memory_grow, m, {num(bad)})), ErrorKind::TypeError) << bad;
  }
  EXPECT_EQ(thrown_kind(invoke(memory_grow, m, {host.undefined()})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(invoke(memory_grow, m, {host.bigint(1)})), ErrorKind::TypeError);
  std::vector<std::u16string> log;
  auto r = invoke(memory_grow, m, {logged_number(1.9, &log, u"delta")});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(log, std::vector<std::u16string>{u"delta"});
  EXPECT_EQ(host.array_buffer_byte_length(buffer(m)), 2u * 65536);  // truncated to 1
}

TEST_F(MemoryTest, GrowBrandCheck) {
  EXPECT_EQ(thrown_kind(invoke(memory_grow, host.object(), {num(1)})), ErrorKind::TypeError);
  EXPECT_EQ(thrown_kind(invoke(memory_grow, host.undefined(), {num(1)})), ErrorKind::TypeError);
  const JsValue global = global_object(agent, embed::global_alloc(*agent.store, GlobalType{}, Value::i32(0)));
  EXPECT_EQ(thrown_kind(invoke(memory_grow, global, {num(1)})), ErrorKind::TypeError);
}

// --- Object cache and wasm memory.grow -------------------------------------------------------------

class MemoryGrowInstructionTest : public MemoryTest {
 protected:
  void SetUp() override {
    auto m = embed::module_decode(kGrowModule);
    ASSERT_TRUE(m.ok()) << m.error().message;
    ASSERT_TRUE(embed::module_validate(**m).ok());
    auto inst = embed::module_instantiate(*agent.store, *m, {});
    ASSERT_TRUE(inst.ok()) << inst.error().message;
    const auto mem = embed::instance_export(*agent.store, *inst, "m");
    const auto grow = embed::instance_export(*agent.store, *inst, "grow");
    ASSERT_TRUE(mem && grow);
    memaddr = MemAddr{mem->addr};
    growaddr = FuncAddr{grow->addr};
  }
  i32 wasm_grow(u32 delta) {
    const Value arg = Value::i32(delta);
    auto r = embed::func_invoke(*agent.store, growaddr, std::span<const Value>(&arg, 1));
    EXPECT_TRUE(r.ok());
    return r.ok() && r->size() == 1 ? static_cast<i32>((*r)[0].as_i32()) : -2;
  }
  MemAddr memaddr;
  FuncAddr growaddr;
};

TEST_F(MemoryGrowInstructionTest, MemoryObjectsAreCachedPerAddress) {
  const JsValue a = memory_object(agent, memaddr);
  EXPECT_TRUE(host.same_value(a, memory_object(agent, memaddr)));
}

TEST_F(MemoryGrowInstructionTest, WasmMemoryGrowRefreshesTheBuffer) {
  const JsValue m = memory_object(agent, memaddr);
  const JsValue old = buffer(m);
  EXPECT_EQ(wasm_grow(1), 1);
  EXPECT_TRUE(host.is_detached(old));
  EXPECT_EQ(host.array_buffer_byte_length(buffer(m)), 2u * 65536);
}

TEST_F(MemoryGrowInstructionTest, FailedWasmMemoryGrowKeepsTheBuffer) {
  const JsValue m = memory_object(agent, memaddr);
  const JsValue old = buffer(m);
  EXPECT_EQ(wasm_grow(5), -1);  // over the maximum of 2
  EXPECT_FALSE(host.is_detached(old));
  EXPECT_TRUE(host.same_value(old, buffer(m)));
}

TEST_F(MemoryGrowInstructionTest, WasmMemoryGrowOfAMemoryWithoutJsObjectIsFine) {
  EXPECT_EQ(wasm_grow(1), 1);
  // The object made afterwards sees the grown memory.
  EXPECT_EQ(host.array_buffer_byte_length(buffer(memory_object(agent, memaddr))), 2u * 65536);
}

}  // namespace
}  // namespace wasmref::jsapi
