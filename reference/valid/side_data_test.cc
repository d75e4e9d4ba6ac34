// Core 2.0 appendix/algorithm.rst: golden tests of the control side data the validator records
#include <gtest/gtest.h>

#include "valid/test_builder.h"
#include "valid/validate.h"

namespace wasmref {
namespace {

using namespace wasmref::test;  // NOLINT
using VT = ValType;

BranchTarget bt(u32 target, u32 arity, u32 drop, u32 depth, bool is_return = false) {
  return BranchTarget{target, arity, drop, depth, is_return};
}

void validate_ok(Module& m) {
  const Result<void> r = validate_module(m, Features{});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(m.validated);
}

// v128 values are one operand each: a br_if out of a block [] -> [v128] over two v128 values,
// and i8x16.shuffle below it, keep the side data in values, not bytes.
TEST(SideData, VectorValues) {
  ModuleBuilder b;
  b.func({}, {VT::v128},
         {
             blk(Op::block, bt_val(VT::v128)),  // 0  H=0
             op(Op::v128_const, 0),             // 1  h=1
             op(Op::v128_const, 0),             // 2  h=2
             i32c(1),                           // 3  h=3
             op(Op::br_if, 0),                  // 4  h=2: arity 1, drop 2-1-0 = 1
             op(Op::i8x16_shuffle, 1),          // 5  h=1
             op(Op::end),                       // 6  end of block
             op(Op::end),                       // 7  final end
         });
  b.m.v128_immediates.resize(2);
  validate_ok(b.m);
  const Func& f = b.m.funcs[0];
  EXPECT_EQ(f.body[0].end_pc, 6u);
  ASSERT_EQ(f.branches.size(), 1u);
  EXPECT_EQ(f.body[4].branch, 0u);
  EXPECT_EQ(f.branches[0], bt(7, 1, 1, 0));
  EXPECT_EQ(f.max_stack_height, 3u);
}

// block / if / else with br to an outer label and br_if to the if's own label.
TEST(SideData, BlockIfElse) {
  ModuleBuilder b;
  b.func({}, {VT::i32},
         {
             blk(Op::block, bt_val(VT::i32)),  // 0  H=0
             i32c(7),                          // 1  h=1
             i32c(1),                          // 2  h=2
             blk(Op::if_, bt_val(VT::i32)),    // 3  pops cond: H=1
             i32c(2),                          // 4  h=2
             op(Op::br, 1),                    // 5  to block: arity 1, drop 2-1-0 = 1
             op(Op::else_),                    // 6
             i32c(3),                          // 7  h=2
             i32c(0),                          // 8  h=3
             op(Op::br_if, 0),                 // 9  to if: h=2, drop 2-1-1 = 0
             op(Op::end),                      // 10 end of if
             op(Op::i32_add),                  // 11
             op(Op::end),                      // 12 end of block
             op(Op::end),                      // 13 final end
         });
  validate_ok(b.m);
  const Func& f = b.m.funcs[0];
  EXPECT_EQ(f.body[0].end_pc, 12u);
  EXPECT_EQ(f.body[3].else_pc, 7u);
  EXPECT_EQ(f.body[3].end_pc, 10u);
  EXPECT_EQ(f.body[6].end_pc, 10u);
  ASSERT_EQ(f.branches.size(), 2u);
  EXPECT_EQ(f.body[5].branch, 0u);
  EXPECT_EQ(f.branches[0], bt(13, 1, 1, 1));
  EXPECT_EQ(f.body[9].branch, 1u);
  EXPECT_EQ(f.branches[1], bt(11, 1, 0, 0));
  EXPECT_EQ(f.max_stack_height, 3u);
}

// An if without else: else_pc = end_pc; a branch to the function label is a return.
TEST(SideData, IfWithoutElseAndFunctionLabel) {
  ModuleBuilder b;
  b.func({VT::i32}, {},
         {
             op(Op::local_get, 0),       // 0 h=1
             blk(Op::if_),               // 1 H=0
             i64c(1),                    // 2 h=1
             op(Op::local_get, 0),       // 3 h=2
             op(Op::br_if, 1),           // 4 function label: arity 0, h=1, drop 1
             op(Op::drop),               // 5
             op(Op::end),                // 6
             op(Op::br, 0),              // 7 function label at h=0
             op(Op::end),                // 8
         });
  validate_ok(b.m);
  const Func& f = b.m.funcs[0];
  EXPECT_EQ(f.body[1].else_pc, 6u);
  EXPECT_EQ(f.body[1].end_pc, 6u);
  ASSERT_EQ(f.branches.size(), 2u);
  EXPECT_EQ(f.branches[f.body[4].branch], bt(8, 0, 1, 1, true));
  EXPECT_EQ(f.branches[f.body[7].branch], bt(8, 0, 0, 0, true));
  EXPECT_EQ(f.max_stack_height, 2u);
}

// A loop with two parameters (multi-value block type): its label arity is its parameter count
// and a branch to it continues at the loop instruction itself.
TEST(SideData, LoopWithParams) {
  ModuleBuilder b;
  const u32 t = b.type({VT::i32, VT::i64}, {VT::i32});
  b.func({VT::i32}, {VT::i32},
         {
             f32c(),                          // 0  h=1 (stays below the loop)
             i32c(10),                        // 1  h=2
             i64c(20),                        // 2  h=3
             blk(Op::loop, bt_type(t)),       // 3  pops 2: H=1, pushes 2: h=3
             i32c(1),                         // 4  h=4
             op(Op::drop),                    // 5  h=3
             op(Op::local_get, 0),            // 6  h=4
             op(Op::br_if, 0),                // 7  to loop: arity 2, h=3, drop 0
             op(Op::drop),                    // 8  h=2
             i32c(2),                         // 9  h=3
             i64c(3),                         // 10 h=4
             op(Op::local_get, 0),            // 11 h=5
             op(Op::br_if, 0),                // 12 to loop at h=4: drop 4-2-1 = 1
             op(Op::drop),                    // 13 h=3
             op(Op::drop),                    // 14 h=2
             op(Op::end),                     // 15 loop end: [i32], h=2
             op(Op::br, 0),                   // 16 return of 1 value at h=2: drop 1
             op(Op::end),                     // 17
         });
  validate_ok(b.m);
  const Func& f = b.m.funcs[0];
  EXPECT_EQ(f.body[3].end_pc, 15u);
  ASSERT_EQ(f.branches.size(), 3u);
  EXPECT_EQ(f.branches[f.body[7].branch], bt(3, 2, 0, 0));
  EXPECT_EQ(f.branches[f.body[12].branch], bt(3, 2, 1, 0));
  EXPECT_EQ(f.branches[f.body[16].branch], bt(17, 1, 1, 0, true));
  EXPECT_EQ(f.max_stack_height, 5u);
}

// br_table with multi-value labels to a block, an outer block and the function label.
TEST(SideData, BrTableMultiValue) {
  ModuleBuilder b;
  const u32 t = b.type({}, {VT::i32, VT::i64});
  b.func({VT::i32}, {VT::i32, VT::i64},
         {
             blk(Op::block, bt_type(t)),  // 0  B0, H=0
             blk(Op::block, bt_type(t)),  // 1  B1, H=0
             i32c(1),                     // 2  h=1
             i32c(1),                     // 3  h=2
             i64c(2),                     // 4  h=3
             op(Op::local_get, 0),        // 5  h=4
             br_table(0, 3),              // 6  labels 0 1 2(default): h=3, drop 1 each
             op(Op::end),                 // 7  end B1 -> h=2
             op(Op::br, 0),               // 8  to B0: drop 0
             op(Op::end),                 // 9  end B0
             op(Op::nop),                 // 10
             op(Op::end),                 // 11
         },
         {}, {0, 1, 2});
  validate_ok(b.m);
  const Func& f = b.m.funcs[0];
  EXPECT_EQ(f.body[0].end_pc, 9u);
  EXPECT_EQ(f.body[1].end_pc, 7u);
  ASSERT_EQ(f.branches.size(), 4u);
  const u32 first = f.body[6].branch;
  EXPECT_EQ(first, 0u);
  EXPECT_EQ(f.branches[first + 0], bt(8, 2, 1, 0));
  EXPECT_EQ(f.branches[first + 1], bt(10, 2, 1, 1));
  EXPECT_EQ(f.branches[first + 2], bt(11, 2, 1, 2, true));
  EXPECT_EQ(f.body[8].branch, 3u);
  EXPECT_EQ(f.branches[3], bt(10, 2, 0, 0));
  EXPECT_EQ(f.max_stack_height, 4u);
}

// Branches in unreachable code: the polymorphic stack may be below the label's values (drop 0).
TEST(SideData, UnreachableCode) {
  ModuleBuilder b;
  b.func({}, {VT::i32},
         {
             i64c(5),                            // 0  h=1
             blk(Op::block, bt_val(VT::i32)),    // 1  H=1
             op(Op::unreachable),                // 2  h=1 (reset to H)
             op(Op::br, 0),                      // 3  h=1 < H+1: drop 0
             op(Op::i32_const),                  // 4  h=2
             op(Op::br_if, 0),                   // 5  pops the i32 cond: h=1, drop 0
             i32c(0),                            // 6
             br_table(0, 2),                     // 7  h=2 (br_if re-pushed its label type)
             op(Op::return_),                    // 8
             op(Op::end),                        // 9  end block
             op(Op::unreachable),                // 10
             op(Op::br, 0),                      // 11 function label, h=0 (the i64 was purged)
             op(Op::end),                        // 12
         },
         {}, {0, 1});
  validate_ok(b.m);
  const Func& f = b.m.funcs[0];
  ASSERT_EQ(f.branches.size(), 5u);
  EXPECT_EQ(f.branches[f.body[3].branch], bt(10, 1, 0, 0));
  EXPECT_EQ(f.branches[f.body[5].branch], bt(10, 1, 0, 0));
  // br_if 0 pushed back [i32] on the polymorphic stack: h = 2 after popping the index,
  // H + arity = 2, drop 0; the function label: H = 0, arity 1, drop 1.
  EXPECT_EQ(f.body[7].branch, 2u);
  EXPECT_EQ(f.branches[2], bt(10, 1, 0, 0));
  EXPECT_EQ(f.branches[3], bt(12, 1, 1, 1, true));
  // After `unreachable` at function level the stack is reset to 0 (the i64 is purged).
  EXPECT_EQ(f.branches[f.body[11].branch], bt(12, 1, 0, 0, true));
}

// Revalidation recomputes (does not append to) the side data.
TEST(SideData, RevalidationIsIdempotent) {
  ModuleBuilder b;
  b.func({}, {}, {blk(Op::block), op(Op::br, 0), op(Op::end), op(Op::end)});
  validate_ok(b.m);
  validate_ok(b.m);
  EXPECT_EQ(b.m.funcs[0].branches.size(), 1u);
  EXPECT_EQ(b.m.funcs[0].branches[0], bt(3, 0, 0, 0));
}

// 100000 nested blocks (and as many nested if/else) validate with no native recursion.
TEST(SideData, DeepNesting) {
  constexpr u32 N = 100000;
  ModuleBuilder b;
  Expr body;
  body.reserve(2 * N + 2);
  for (u32 i = 0; i < N; ++i) body.push_back(blk(Op::block));
  body.push_back(op(Op::br, N));  // pc N: the function label
  for (u32 i = 0; i < N; ++i) body.push_back(op(Op::end));
  body.push_back(op(Op::end));  // pc 2N + 1
  b.func({}, {}, std::move(body));

  Expr ifs;  // if (i32.const 1) (if ... (else) end) with else branches, N deep
  for (u32 i = 0; i < N; ++i) {
    ifs.push_back(i32c(1));
    ifs.push_back(blk(Op::if_));
  }
  for (u32 i = 0; i < N; ++i) {
    ifs.push_back(op(Op::else_));
    ifs.push_back(op(Op::end));
  }
  ifs.push_back(op(Op::end));
  b.func({}, {}, std::move(ifs));

  validate_ok(b.m);
  const Func& f = b.m.funcs[0];
  EXPECT_EQ(f.body[0].end_pc, 2 * N);
  EXPECT_EQ(f.body[N - 1].end_pc, N + 1);
  ASSERT_EQ(f.branches.size(), 1u);
  EXPECT_EQ(f.branches[0], bt(2 * N + 1, 0, 0, N, true));

  const Func& g = b.m.funcs[1];
  // The outermost if is at pc 1, its else at 4N - 2, its end at 4N - 1...
  EXPECT_EQ(g.body[1].else_pc, 4 * N - 1);
  EXPECT_EQ(g.body[1].end_pc, 4 * N - 1);
  // ...the innermost if at 2N - 1, its else at 2N, its end at 2N + 1.
  EXPECT_EQ(g.body[2 * N - 1].else_pc, 2 * N + 1);
  EXPECT_EQ(g.body[2 * N - 1].end_pc, 2 * N + 1);
  EXPECT_EQ(g.body[2 * N].end_pc, 2 * N + 1);
  EXPECT_EQ(g.max_stack_height, 1u);

  // An invalid body as deep fails cleanly too (a missing end deep inside).
  ModuleBuilder bad;
  Expr deep;
  for (u32 i = 0; i < N; ++i) deep.push_back(blk(Op::loop, bt_val(VT::i32)));
  deep.push_back(op(Op::end));
  bad.func({}, {}, std::move(deep));
  const Result<void> r = validate_module(bad.m, Features{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().outcome, Outcome::invalid);
  EXPECT_FALSE(bad.m.validated);
}

// ---- Core 3.0 exception handling ------------------------------------------------------------

using K = CatchClause::Kind;

// try_table's clauses: each records the br to its label (a label of the context outside the
// try_table) taken at the try_table's entry height (its parameters popped) plus the values
// the clause pushes. end_pc as for a block.
TEST(SideData, TryTableClauses) {
  ModuleBuilder b;
  b.tag({VT::i32});  // tag 0 (type 0)
  const u32 t = b.type({VT::i64}, {VT::i64});
  b.func({}, {},
         {
             blk(Op::block),                   // 0  B0: H=0, label []
             blk(Op::block, bt_val(VT::i32)),  // 1  B1: H=0, label [i32]
             f32c(),                           // 2  h=1
             i64c(1),                          // 3  h=2
             try_table(bt_type(t), 0, 2),      // 4  pops the i64: entry height 1
             op(Op::drop),                     // 5
             i64c(2),                          // 6
             op(Op::end),                      // 7  end try_table: h=2
             op(Op::drop),                     // 8
             op(Op::drop),                     // 9
             i32c(3),                          // 10
             op(Op::end),                      // 11 end B1
             op(Op::drop),                     // 12
             op(Op::end),                      // 13 end B0
             op(Op::end),                      // 14
         });
  b.m.funcs.back().catches = {catch_clause(0, 0), catch_all_clause(1)};
  validate_ok(b.m);
  const Func& f = b.m.funcs[0];
  EXPECT_EQ(f.body[4].end_pc, 7u);
  ASSERT_EQ(f.catches.size(), 2u);
  ASSERT_EQ(f.branches.size(), 2u);
  // catch 0 0: to B1 with the tag's i32 at height 1 + 1: keep 1, drop the f32, pop 1 label.
  EXPECT_EQ(f.catches[0].branch, 0u);
  EXPECT_EQ(f.branches[0], bt(12, 1, 1, 0));
  // catch_all 1: to B0 with nothing at height 1: drop the f32, pop 2 labels.
  EXPECT_EQ(f.catches[1].branch, 1u);
  EXPECT_EQ(f.branches[1], bt(14, 0, 1, 1));
  // The decoded fields are kept.
  EXPECT_EQ(f.catches[0].kind, K::catch_);
  EXPECT_EQ(f.catches[0].label, 0u);
}

// Clauses to a loop (continue at the loop) and to the function's label (a return), and a
// catch_ref's exnref counted in the height.
TEST(SideData, TryTableClausesToLoopAndFunction) {
  ModuleBuilder b;
  b.tag({});  // tag 0
  const u32 t = b.type({}, {VT::exnref});
  b.func({}, {VT::exnref},
         {
             blk(Op::loop),                // 0  L: H=0
             i32c(5),                      // 1  h=1
             try_table(bt_empty(), 0, 3),  // 2  entry height 1
             op(Op::end),                  // 3
             op(Op::drop),                 // 4
             op(Op::end),                  // 5  end loop
             blk(Op::block, bt_type(t)),   // 6  B: label [exnref]
             try_table(bt_empty(), 3, 1),  // 7  entry height 0
             op(Op::end),                  // 8
             op(Op::unreachable),          // 9
             op(Op::end),                  // 10 end B
             op(Op::end),                  // 11
         });
  b.m.funcs.back().catches = {catch_all_clause(0), catch_clause(0, 0), catch_all_ref_clause(1),
                              catch_ref_clause(0, 0)};
  validate_ok(b.m);
  const Func& f = b.m.funcs[0];
  ASSERT_EQ(f.branches.size(), 4u);
  EXPECT_EQ(f.branches[f.catches[0].branch], bt(0, 0, 1, 0));  // loop: at the loop
  EXPECT_EQ(f.branches[f.catches[1].branch], bt(0, 0, 1, 0));
  EXPECT_EQ(f.branches[f.catches[2].branch], bt(11, 1, 1, 1, true));  // return the exnref
  EXPECT_EQ(f.branches[f.catches[3].branch], bt(11, 1, 0, 0));        // after B's end
  EXPECT_EQ(f.body[2].end_pc, 3u);
  EXPECT_EQ(f.body[7].end_pc, 8u);
}

// Legacy try/catch/catch_all: the try's clauses are contiguous in Func::catches (a try nested
// in a catch block is closed first and gets its own range before), each catch block's clause
// has the pc of its first instruction, and every catch / catch_all continues at the try's end.
TEST(SideData, LegacyTryCatch) {
  ModuleBuilder b;
  b.tag({VT::i32});  // tag 0
  b.func({}, {VT::i32},
         {
             blk(Op::try_, bt_val(VT::i32)),  // 0  H=0
             i32c(1),                         // 1  h=1
             op(Op::br, 0),                   // 2  to the try's label: after its end
             op(Op::catch_, 0),               // 3  pushes the i32: h=1
             blk(Op::try_),                   // 4  nested, H=1
             op(Op::catch_all),               // 5
             op(Op::rethrow, 0),              // 6
             op(Op::end),                     // 7  end nested try
             op(Op::br, 0),                   // 8  the catch block keeps the try's label
             op(Op::catch_all),               // 9
             i32c(2),                         // 10
             op(Op::end),                     // 11 end try
             op(Op::end),                     // 12
         });
  validate_ok(b.m);
  const Func& f = b.m.funcs[0];
  EXPECT_EQ(f.body[0].end_pc, 11u);
  EXPECT_EQ(f.body[3].end_pc, 11u);
  EXPECT_EQ(f.body[9].end_pc, 11u);
  EXPECT_EQ(f.body[4].end_pc, 7u);
  EXPECT_EQ(f.body[5].end_pc, 7u);
  EXPECT_EQ(f.body[6].x, 0u);  // rethrow keeps its label
  ASSERT_EQ(f.catches.size(), 3u);
  EXPECT_EQ(f.body[4].x, 0u);
  EXPECT_EQ(f.body[4].y, 1u);
  EXPECT_EQ(f.catches[0], (CatchClause{K::legacy_catch_all, 0, 0, 0, 6, 0}));
  EXPECT_EQ(f.body[0].x, 1u);
  EXPECT_EQ(f.body[0].y, 2u);
  EXPECT_EQ(f.catches[1], (CatchClause{K::legacy_catch, 0, 0, 0, 4, 0}));
  EXPECT_EQ(f.catches[2], (CatchClause{K::legacy_catch_all, 0, 0, 0, 10, 0}));
  ASSERT_EQ(f.branches.size(), 2u);
  EXPECT_EQ(f.branches[f.body[2].branch], bt(12, 1, 0, 0));
  EXPECT_EQ(f.branches[f.body[8].branch], bt(12, 1, 0, 0));
}

// A try without catch blocks has no clauses.
TEST(SideData, LegacyTryWithoutCatch) {
  ModuleBuilder b;
  b.func({}, {}, {blk(Op::try_), op(Op::end), op(Op::end)});
  validate_ok(b.m);
  const Func& f = b.m.funcs[0];
  EXPECT_EQ(f.body[0].end_pc, 1u);
  EXPECT_EQ(f.body[0].y, 0u);
  EXPECT_TRUE(f.catches.empty());
}

// delegate l: the try's one clause names l (of the context outside the try) and its level,
// the target label's index from the function's own label (0); the try and the delegate end
// at the delegate, and branches to the try's label continue after it.
TEST(SideData, LegacyDelegate) {
  ModuleBuilder b;
  b.func({}, {VT::i32},
         {
             blk(Op::block, bt_val(VT::i32)),  // 0  B (level 1)
             blk(Op::try_, bt_val(VT::i32)),   // 1
             i32c(1),                          // 2
             op(Op::br, 0),                    // 3  to the try: after the delegate
             op(Op::delegate, 0),              // 4  to B
             blk(Op::try_, bt_val(VT::i32)),   // 5  H=1
             i32c(2),                          // 6  h=2
             op(Op::br, 1),                    // 7  to B: drop 1
             op(Op::delegate, 1),              // 8  to the function's label
             op(Op::drop),                     // 9
             op(Op::end),                      // 10 end B
             op(Op::end),                      // 11
         });
  validate_ok(b.m);
  const Func& f = b.m.funcs[0];
  EXPECT_EQ(f.body[1].end_pc, 4u);
  EXPECT_EQ(f.body[4].end_pc, 4u);
  EXPECT_EQ(f.body[5].end_pc, 8u);
  EXPECT_EQ(f.body[8].end_pc, 8u);
  ASSERT_EQ(f.catches.size(), 2u);
  EXPECT_EQ(f.body[1].x, 0u);
  EXPECT_EQ(f.body[1].y, 1u);
  EXPECT_EQ(f.catches[0], (CatchClause{K::delegate, 0, 0, 0, 0, 1}));
  EXPECT_EQ(f.body[5].x, 1u);
  EXPECT_EQ(f.body[5].y, 1u);
  EXPECT_EQ(f.catches[1], (CatchClause{K::delegate, 0, 1, 0, 0, 0}));
  EXPECT_EQ(f.branches[f.body[3].branch], bt(5, 1, 0, 0));
  EXPECT_EQ(f.branches[f.body[7].branch], bt(11, 1, 1, 1));
}

// Revalidation records the legacy clauses once (the decoded try_table clauses stay).
TEST(SideData, RevalidationKeepsOneCopyOfTheLegacyClauses) {
  ModuleBuilder b;
  b.func({}, {},
         {try_table(bt_empty(), 0, 1), op(Op::end), blk(Op::try_), op(Op::catch_all), op(Op::end),
          op(Op::end)});
  b.m.funcs.back().catches = {catch_all_clause(0)};
  validate_ok(b.m);
  validate_ok(b.m);
  const Func& f = b.m.funcs[0];
  ASSERT_EQ(f.catches.size(), 2u);
  EXPECT_EQ(f.catches[0].kind, K::catch_all);
  EXPECT_EQ(f.catches[1].kind, K::legacy_catch_all);
  EXPECT_EQ(f.body[2].x, 1u);
  EXPECT_EQ(f.body[2].y, 1u);
  EXPECT_EQ(f.branches.size(), 1u);
}
}  // namespace
}  // namespace wasmref
