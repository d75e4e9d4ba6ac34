// MappedArray: a memory instance's bytes (and the operand stack) start as zeros, keep their
// contents across grows, and cost nothing until touched.
#include "runtime/mapped_array.h"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <utility>

namespace wasmref {
namespace {

constexpr u64 kPage = 65536;

TEST(MappedArray, StartsAsZeros) {
  MappedArray<u8> m(3 * kPage);
  ASSERT_EQ(m.size(), 3 * kPage);
  for (u64 i = 0; i < m.size(); i += 4093) EXPECT_EQ(m[i], 0) << i;
  EXPECT_EQ(m[m.size() - 1], 0);
}

TEST(MappedArray, EmptyHasNoBytesAndGrows) {
  MappedArray<u8> m;
  EXPECT_EQ(m.size(), 0u);
  EXPECT_EQ(m.data(), nullptr);
  m.resize(kPage);
  ASSERT_EQ(m.size(), kPage);
  EXPECT_EQ(m[kPage - 1], 0);
  MappedArray<u8> zero(0);
  EXPECT_EQ(zero.size(), 0u);
}

TEST(MappedArray, GrowKeepsContentsAndAddsZeros) {
  MappedArray<u8> m(kPage);
  for (u64 i = 0; i < kPage; ++i) m[i] = static_cast<u8>(i * 7 + 1);
  m.resize(40 * kPage);
  ASSERT_EQ(m.size(), 40 * kPage);
  for (u64 i = 0; i < kPage; ++i) ASSERT_EQ(m[i], static_cast<u8>(i * 7 + 1)) << i;
  for (u64 i = kPage; i < m.size(); i += 511) ASSERT_EQ(m[i], 0) << i;
  m[40 * kPage - 1] = 9;
  m.resize(41 * kPage);
  EXPECT_EQ(m[40 * kPage - 1], 9);
  EXPECT_EQ(m[41 * kPage - 1], 0);
}

TEST(MappedArray, NeverShrinks) {
  MappedArray<u8> m(2 * kPage);
  m[5] = 1;
  m.resize(kPage);
  EXPECT_EQ(m.size(), 2 * kPage);
  EXPECT_EQ(m[5], 1);
}

TEST(MappedArray, MovesOwnership) {
  MappedArray<u8> a(kPage);
  a[1] = 42;
  MappedArray<u8> b(std::move(a));
  EXPECT_EQ(a.size(), 0u);
  EXPECT_EQ(a.data(), nullptr);
  ASSERT_EQ(b.size(), kPage);
  EXPECT_EQ(b[1], 42);
  MappedArray<u8> c(2 * kPage);
  c = std::move(b);
  EXPECT_EQ(c.size(), kPage);
  EXPECT_EQ(c[1], 42);
}

// A 4 GiB memory (65536 pages, the 32-bit maximum) that is never touched is not resident:
// allocating it and touching one byte at each end raises the peak resident size by pages,
// not by gigabytes, and takes no time to zero.
TEST(MappedArray, UntouchedPagesAreNotResident) {
  rusage before{};
  getrusage(RUSAGE_SELF, &before);
  {
    MappedArray<u8> m(65536 * kPage);
    ASSERT_EQ(m.size(), u64{1} << 32);
    m[0] = 1;
    m[m.size() - 1] = 2;
    EXPECT_EQ(m[m.size() - 1], 2);
    EXPECT_EQ(m[m.size() / 2], 0);
  }
  rusage after{};
  getrusage(RUSAGE_SELF, &after);
  EXPECT_LT(after.ru_maxrss - before.ru_maxrss, 64 * 1024) << "KiB";
}

struct Pair {
  u64 a;
  u64 b;
};

TEST(MappedArray, ElementsLargerThanBytes) {
  MappedArray<Pair> s(3);
  EXPECT_EQ(s[2].b, 0u);
  s[2] = Pair{5, 6};
  s.resize(100000);
  EXPECT_EQ(s[2].a, 5u);
  EXPECT_EQ(s[2].b, 6u);
  EXPECT_EQ(s[99999].a, 0u);
  MappedArray<Pair> t;
  t.swap(s);
  EXPECT_EQ(s.size(), 0u);
  EXPECT_EQ(t.size(), 100000u);
  EXPECT_EQ(t[2].b, 6u);
}

}  // namespace
}  // namespace wasmref
