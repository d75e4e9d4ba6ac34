// Core 3.0 defined types: canonicalization (iso-recursive equivalence) and matching
#include "valid/matching.h"

#include <gtest/gtest.h>

#include "syntax/messages.h"
#include "valid/test_builder.h"

namespace wasmref {
namespace {

using test::field;
using test::ref_idx;
using test::struct_type;

// A rec group of n types starting at `types.size()`.
void rec(std::vector<SubType>& types, std::vector<SubType> group) {
  const u32 n = static_cast<u32>(group.size());
  for (u32 i = 0; i < n; ++i) {
    group[i].rec_pos = i;
    group[i].rec_len = n;
    types.push_back(std::move(group[i]));
  }
}

TEST(TypeRegistry, EqualFunctionTypesInTwoModulesGetOneId) {
  TypeRegistry& reg = TypeRegistry::global();
  const std::vector<SubType> a{FuncType{{ValType::i32}, {ValType::i64}}, FuncType{{}, {}}};
  const std::vector<SubType> b{FuncType{{}, {}}, FuncType{{ValType::i32}, {ValType::i64}}};
  const std::vector<u32> ia = reg.canonicalize(a).value();
  const std::vector<u32> ib = reg.canonicalize(b).value();
  EXPECT_EQ(ia[0], ib[1]);
  EXPECT_EQ(ia[1], ib[0]);
  EXPECT_NE(ia[0], ia[1]);
  // A host function's type is the same defined type.
  EXPECT_EQ(reg.intern_func(FuncType{{ValType::i32}, {ValType::i64}}), ia[0]);
}

TEST(TypeRegistry, RecGroupsAreEqualByStructureNotByIndex) {
  TypeRegistry& reg = TypeRegistry::global();
  // Module 1: (rec (type $a (struct (field (ref null $b)))) (type $b (struct (field i32))))
  std::vector<SubType> m1;
  rec(m1, {struct_type({field(ref_idx(1, true))}), struct_type({field(ValType::i32)})});
  // Module 2: a function type first, then the same group at indices 1 and 2.
  std::vector<SubType> m2{FuncType{{}, {}}};
  rec(m2, {struct_type({field(ref_idx(2, true))}), struct_type({field(ValType::i32)})});
  const std::vector<u32> i1 = reg.canonicalize(m1).value();
  const std::vector<u32> i2 = reg.canonicalize(m2).value();
  EXPECT_EQ(i1[0], i2[1]);
  EXPECT_EQ(i1[1], i2[2]);
  // The same structs outside a rec group are different types: the group is part of identity.
  std::vector<SubType> m3{struct_type({field(ValType::i32)})};
  const std::vector<u32> i3 = reg.canonicalize(m3).value();
  EXPECT_NE(i3[0], i1[1]);
  // The closed field type names the canonical id of $b.
  const DefType& a = reg.def(i1[0]);
  ASSERT_EQ(a.sub.comp.fields.size(), 1u);
  EXPECT_EQ(a.sub.comp.fields[0].storage.val, ValType::ref(HeapType::def(i1[1]), true));
  EXPECT_EQ(a.top, AbsHeap::any);
}

TEST(TypeRegistry, AReferencePastItsGroupIsAnUnknownType) {
  std::vector<SubType> m{struct_type({field(ref_idx(1, true))}), struct_type({})};
  Result<std::vector<u32>> r = TypeRegistry::global().canonicalize(m);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().outcome, Outcome::invalid);
  EXPECT_EQ(r.error().message.rfind(msg::unknown_type, 0), 0u);
}

TEST(TypeRegistry, ASupertypeMustComeFirst) {
  std::vector<SubType> m;
  rec(m, {struct_type({}, false, {1}), struct_type({}, false)});
  Result<std::vector<u32>> r = TypeRegistry::global().canonicalize(m);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.rfind(msg::sub_type, 0), 0u);
}

TEST(Matching, DeclaredSubtypesAndAbstractHeapTypes) {
  TypeRegistry& reg = TypeRegistry::global();
  // (type $s (sub (struct))) (type $t (sub $s (struct (field i32)))) (type $f (func))
  std::vector<SubType> m{struct_type({}, false), struct_type({field(ValType::i32)}, false, {0}),
                         FuncType{{}, {}}};
  const std::vector<u32> ids = reg.canonicalize(m).value();
  EXPECT_TRUE(def_matches(ids[1], ids[0]));
  EXPECT_FALSE(def_matches(ids[0], ids[1]));
  const HeapType s = HeapType::idx(0), t = HeapType::idx(1), f = HeapType::idx(2);
  EXPECT_TRUE(heap_matches(t, s, ids));
  EXPECT_TRUE(heap_matches(t, HeapType::of(AbsHeap::struct_), ids));
  EXPECT_TRUE(heap_matches(t, HeapType::of(AbsHeap::eq), ids));
  EXPECT_TRUE(heap_matches(t, HeapType::of(AbsHeap::any), ids));
  EXPECT_FALSE(heap_matches(t, HeapType::of(AbsHeap::array), ids));
  EXPECT_FALSE(heap_matches(t, HeapType::of(AbsHeap::func), ids));
  EXPECT_TRUE(heap_matches(f, HeapType::of(AbsHeap::func), ids));
  EXPECT_TRUE(heap_matches(HeapType::of(AbsHeap::none), t, ids));
  EXPECT_TRUE(heap_matches(HeapType::of(AbsHeap::nofunc), f, ids));
  EXPECT_FALSE(heap_matches(HeapType::of(AbsHeap::nofunc), t, ids));
  EXPECT_TRUE(heap_matches(HeapType::of(AbsHeap::i31), HeapType::of(AbsHeap::eq)));
  EXPECT_FALSE(heap_matches(HeapType::of(AbsHeap::extern_), HeapType::of(AbsHeap::any)));
  EXPECT_TRUE(heap_matches(HeapType::of(AbsHeap::noexn), HeapType::of(AbsHeap::exn)));
  // Nullability: (ref t) <: (ref null t), not the other way round.
  EXPECT_TRUE(val_matches(ref_idx(1, false), ref_idx(0, true), ids));
  EXPECT_FALSE(val_matches(ref_idx(1, true), ref_idx(0, false), ids));
  EXPECT_TRUE(val_matches(ValType::bot, ValType::i32));
  EXPECT_FALSE(val_matches(ValType::i32, ValType::i64));
  EXPECT_EQ(top_heap(t, ids), AbsHeap::any);
  EXPECT_EQ(top_heap(f, ids), AbsHeap::func);
}

TEST(Matching, CompositeTypes) {
  const ValType anyref = ValType::ref(AbsHeap::any, true), eqref = ValType::ref(AbsHeap::eq, true);
  CompType f1{CompType::Kind::func, FuncType{{anyref}, {eqref}}, {}};
  CompType f2{CompType::Kind::func, FuncType{{eqref}, {anyref}}, {}};
  EXPECT_TRUE(comp_matches(f1, f2));   // contravariant parameters, covariant results
  EXPECT_FALSE(comp_matches(f2, f1));
  CompType s1{CompType::Kind::struct_, {}, {field(eqref), field(ValType::i32)}};
  CompType s2{CompType::Kind::struct_, {}, {field(anyref)}};
  EXPECT_TRUE(comp_matches(s1, s2));   // width and (immutable) depth subtyping
  EXPECT_FALSE(comp_matches(s2, s1));
  CompType m1{CompType::Kind::struct_, {}, {field(eqref, Mut::var)}};
  CompType m2{CompType::Kind::struct_, {}, {field(anyref, Mut::var)}};
  EXPECT_FALSE(comp_matches(m1, m2));  // mutable fields are invariant
  CompType a1{CompType::Kind::array, {}, {FieldType{Mut::var, StorageType{ValType::i32, Packed::i8}}}};
  CompType a2{CompType::Kind::array, {}, {FieldType{Mut::var, StorageType{ValType::i32, Packed::i16}}}};
  EXPECT_FALSE(comp_matches(a1, a2));
  EXPECT_TRUE(comp_matches(a1, a1));
  EXPECT_FALSE(comp_matches(f1, s1));
}

}  // namespace
}  // namespace wasmref
