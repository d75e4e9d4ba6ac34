// Core 2.0 §3 Validation (valid/*.rst): every message the validator raises, and valid modules
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "syntax/messages.h"
#include "valid/test_builder.h"
#include "valid/validate.h"

namespace wasmref {
namespace {

using namespace wasmref::test;  // NOLINT
using VT = ValType;

// The module is invalid with a message that starts with `expected`, followed by nothing or by
// ": " details (so "unknown global 1" does not accept "unknown global 12").
void expect_invalid(Module m, const std::string& expected, Features features = {},
                    Outcome outcome = Outcome::invalid) {
  const Result<void> r = validate_module(m, features);
  ASSERT_FALSE(r.ok()) << "expected: " << expected;
  EXPECT_EQ(r.error().outcome, outcome) << r.error().message;
  const std::string& got = r.error().message;
  EXPECT_EQ(got.rfind(expected, 0), 0u) << "got: " << got << "\nexpected: " << expected;
  if (got.size() > expected.size()) {
    EXPECT_EQ(got.substr(expected.size(), 2), ": ") << got;
  }
  EXPECT_FALSE(m.validated);
}

void expect_valid(Module m, Features features = {}) {
  const Result<void> r = validate_module(m, features);
  EXPECT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(m.validated);
}

// A module with one function [] -> [] whose body is `body` (final end appended).
Module with_body(Expr body, ResultType results = {}, ResultType params = {},
                 std::vector<ValType> locals = {}) {
  ModuleBuilder b;
  body.push_back(op(Op::end));
  b.func(std::move(params), std::move(results), std::move(body), std::move(locals));
  return std::move(b.m);
}

// ---- type mismatch ----------------------------------------------------------------------------

TEST(TypeMismatch, NumericOperands) {
  expect_invalid(with_body({i64c(1), i32c(2), op(Op::i32_add), op(Op::drop)}), msg::type_mismatch);
  expect_invalid(with_body({op(Op::i32_add), op(Op::drop)}), msg::type_mismatch);  // underflow
  expect_valid(with_body({i32c(1), i32c(2), op(Op::i32_add), op(Op::drop)}));
}

TEST(TypeMismatch, FunctionResult) {
  expect_invalid(with_body({i64c(0)}, {VT::i32}), msg::type_mismatch);
  expect_invalid(with_body({}, {VT::i32}), msg::type_mismatch);
  expect_invalid(with_body({i32c(0), i32c(0)}, {VT::i32}), msg::type_mismatch);  // left over
  expect_valid(with_body({i32c(0)}, {VT::i32}));
}

TEST(TypeMismatch, UnreachableIsPolymorphicButStillTyped) {
  expect_valid(with_body({op(Op::unreachable), op(Op::i32_add)}, {VT::i32}));
  // (unreachable (i32.const) i64.add): the known i32 still conflicts.
  expect_invalid(with_body({op(Op::unreachable), i32c(0), op(Op::i64_add), op(Op::drop)}),
                 msg::type_mismatch);
  // A block's operands do not come from outside the block, polymorphic or not.
  expect_invalid(with_body({i32c(0), blk(Op::block), op(Op::drop), op(Op::end), op(Op::drop)}),
                 msg::type_mismatch);
}

TEST(TypeMismatch, IfWithoutElseNeedsEqualTypes) {
  ModuleBuilder b;
  const u32 t = b.type({VT::i32}, {VT::i64});
  b.func({}, {VT::i64},
         {i32c(1), i32c(1), blk(Op::if_, bt_type(t)), op(Op::drop), i64c(0), op(Op::end),
          op(Op::end)});
  expect_invalid(b.m, msg::type_mismatch);
  // With an else the types may differ.
  ModuleBuilder ok;
  const u32 t2 = ok.type({VT::i32}, {VT::i64});
  ok.func({}, {VT::i64},
          {i32c(1), i32c(1), blk(Op::if_, bt_type(t2)), op(Op::drop), i64c(0), op(Op::else_),
           op(Op::drop), i64c(1), op(Op::end), op(Op::end)});
  expect_valid(ok.m);
}

TEST(TypeMismatch, BrTableArity) {
  // block (result i32) block: br_table 0 1 with arities 0 and 1.
  ModuleBuilder b;
  b.func({}, {},
         {blk(Op::block, bt_val(VT::i32)), blk(Op::block), i32c(0), i32c(0), br_table(0, 2),
          op(Op::end), i32c(0), op(Op::end), op(Op::drop), op(Op::end)},
         {}, {0, 1});
  expect_invalid(b.m, msg::type_mismatch);
}

TEST(TypeMismatch, Select) {
  // Untyped select: numeric or vector operands only, both the same.
  expect_invalid(with_body({i32c(0), i64c(0), i32c(1), op(Op::select), op(Op::drop)}),
                 msg::type_mismatch);
  expect_invalid(with_body({ref_null(VT::funcref), ref_null(VT::funcref), i32c(1),
                            op(Op::select), op(Op::drop)}),
                 msg::type_mismatch);
  expect_valid(with_body({op(Op::unreachable), op(Op::select), op(Op::drop)}));
  expect_valid(with_body({ref_null(VT::funcref), ref_null(VT::funcref), i32c(1),
                          select_t(VT::funcref), op(Op::drop)}));
  // v128 is an ordinary value type: a v128 local can be selected.
  expect_valid(with_body({op(Op::local_get, 0), op(Op::local_get, 0), i32c(1), op(Op::select),
                          op(Op::drop)},
                         {}, {}, {VT::v128}));
  expect_invalid(with_body({i32c(0), i32c(0), i32c(1), select_t(VT::i64), op(Op::drop)}),
                 msg::type_mismatch);
}

TEST(TypeMismatch, RefIsNullNeedsReference) {
  expect_invalid(with_body({i32c(0), op(Op::ref_is_null), op(Op::drop)}), msg::type_mismatch);
  expect_valid(with_body({ref_null(VT::externref), op(Op::ref_is_null), op(Op::drop)}));
}

TEST(TypeMismatch, CallIndirectNeedsFuncrefTable) {
  ModuleBuilder b;
  b.table(1, VT::externref);
  const u32 t = b.type({}, {});
  b.func({}, {}, {i32c(0), op(Op::call_indirect, t, 0), op(Op::end)});
  expect_invalid(b.m, msg::type_mismatch);
}

TEST(TypeMismatch, TableCopyAndInitElementTypes) {
  ModuleBuilder b;
  b.table(1, VT::funcref);
  b.table(1, VT::externref);
  b.func({}, {}, {i32c(0), i32c(0), i32c(0), op(Op::table_copy, 0, 1), op(Op::end)});
  expect_invalid(b.m, msg::type_mismatch);

  ModuleBuilder c;
  c.table(1, VT::externref);
  c.m.elems.push_back(Elem{VT::funcref, {}, Elem::Mode::passive});
  c.func({}, {}, {i32c(0), i32c(0), i32c(0), op(Op::table_init, 0, 0), op(Op::end)});
  expect_invalid(c.m, msg::type_mismatch);
}

TEST(TypeMismatch, Segments) {
  // Active elem segment whose type differs from the table's.
  ModuleBuilder b;
  b.table(1, VT::externref);
  b.m.elems.push_back(Elem{VT::funcref, {}, Elem::Mode::active, TableIdx(0), {i32c(0), op(Op::end)}});
  expect_invalid(b.m, msg::type_mismatch);
  // Offset not i32.
  ModuleBuilder c;
  c.memory(1);
  c.m.datas.push_back(Data{{}, Data::Mode::active, MemIdx(0), {i64c(0), op(Op::end)}});
  expect_invalid(c.m, msg::type_mismatch);
  // Global init with two values.
  ModuleBuilder d;
  d.import_global(VT::i32, Mut::const_);
  d.global(VT::i32, Mut::const_, {i32c(0), op(Op::global_get, 0), op(Op::end)});
  expect_invalid(d.m, msg::type_mismatch);
  // Empty init.
  ModuleBuilder e;
  e.global(VT::i32, Mut::const_, {op(Op::end)});
  expect_invalid(e.m, msg::type_mismatch);
}

TEST(TypeMismatch, ElseWithoutIfAndUnbalancedBodies) {
  expect_invalid(with_body({blk(Op::block), op(Op::else_), op(Op::end)}), msg::type_mismatch);
  ModuleBuilder b;  // no final end
  b.func({}, {}, {op(Op::nop)});
  expect_invalid(b.m, msg::type_mismatch);
  ModuleBuilder c;  // code after the final end
  c.func({}, {}, {op(Op::end), op(Op::nop)});
  expect_invalid(c.m, msg::type_mismatch);
}

// ---- unknown <index space> x --------------------------------------------------------------

TEST(Unknown, Type) {
  ModuleBuilder b;
  b.m.funcs.push_back(Func{TypeIdx(3), {}, {op(Op::end)}});
  expect_invalid(b.m, "unknown type 3");
  expect_invalid(with_body({blk(Op::block, bt_type(9)), op(Op::end)}), "unknown type 9");
  ModuleBuilder c;
  c.table(1);
  c.func({}, {}, {i32c(0), op(Op::call_indirect, 7, 0), op(Op::end)});
  expect_invalid(c.m, "unknown type 7");
  ModuleBuilder d;
  d.import_func(TypeIdx(0));
  expect_invalid(d.m, "unknown type 0");
}

TEST(Unknown, Function) {
  expect_invalid(with_body({op(Op::call, 5)}), "unknown function 5");
  expect_invalid(with_body({op(Op::ref_func, 7), op(Op::drop)}), "unknown function 7");
  ModuleBuilder b;
  b.m.start = Start{FuncIdx(1)};
  expect_invalid(b.m, "unknown function 1");
  ModuleBuilder c;
  c.exp("f", ExternKind::func, 0);
  expect_invalid(c.m, "unknown function 0");
  ModuleBuilder d;
  d.m.elems.push_back(Elem{VT::funcref, {{op(Op::ref_func, 2), op(Op::end)}}, Elem::Mode::declarative});
  expect_invalid(d.m, "unknown function 2");
}

TEST(Unknown, Table) {
  ModuleBuilder b;
  const u32 t = b.type({}, {});
  b.func({}, {}, {i32c(0), op(Op::call_indirect, t, 0), op(Op::end)});
  expect_invalid(b.m, "unknown table 0");
  expect_invalid(with_body({i32c(0), op(Op::table_get, 2), op(Op::drop)}), "unknown table 2");
  expect_invalid(with_body({op(Op::table_size, 0), op(Op::drop)}), "unknown table 0");
  // table.init x=elem 4, y=table 0: the table is looked up first.
  expect_invalid(with_body({i32c(0), i32c(0), i32c(0), op(Op::table_init, 4, 0)}),
                 "unknown table 0");
  ModuleBuilder c;
  c.m.elems.push_back(Elem{VT::funcref, {}, Elem::Mode::active, TableIdx(1), {i32c(0), op(Op::end)}});
  expect_invalid(c.m, "unknown table 1");
  ModuleBuilder d;
  d.exp("t", ExternKind::table, 0);
  expect_invalid(d.m, "unknown table 0");
}

TEST(Unknown, Memory) {
  expect_invalid(with_body({i32c(0), mem(Op::i32_load, 2), op(Op::drop)}), "unknown memory 0");
  expect_invalid(with_body({op(Op::memory_size, 0), op(Op::drop)}), "unknown memory 0");
  expect_invalid(with_body({i32c(0), i32c(0), i32c(0), op(Op::memory_fill, 0)}), "unknown memory 0");
  expect_invalid(with_body({i32c(0), i32c(0), i32c(0), op(Op::memory_copy, 0, 0)}),
                 "unknown memory 0");
  // memory.init x=data 1, y=memory 0: the memory is looked up first.
  expect_invalid(with_body({i32c(0), i32c(0), i32c(0), op(Op::memory_init, 1, 0)}),
                 "unknown memory 0");
  ModuleBuilder b;
  b.memory(1);
  b.m.datas.push_back(Data{{}, Data::Mode::active, MemIdx(1), {i32c(0), op(Op::end)}});
  expect_invalid(b.m, "unknown memory 1");
  ModuleBuilder c;
  c.exp("m", ExternKind::mem, 0);
  expect_invalid(c.m, "unknown memory 0");
}

TEST(Unknown, Global) {
  expect_invalid(with_body({op(Op::global_get, 0), op(Op::drop)}), "unknown global 0");
  expect_invalid(with_body({i32c(0), op(Op::global_set, 1)}), "unknown global 1");
  // C' sees only imported globals: a defined global is unknown to later initializers.
  ModuleBuilder b;
  b.global(VT::i32, Mut::const_, {i32c(0), op(Op::end)});
  b.global(VT::i32, Mut::const_, {op(Op::global_get, 0), op(Op::end)});
  expect_invalid(b.m, "unknown global 0");
  ModuleBuilder c;
  c.import_global(VT::i32, Mut::const_);
  c.table(1);
  c.m.elems.push_back(
      Elem{VT::funcref, {}, Elem::Mode::active, TableIdx(0), {op(Op::global_get, 1), op(Op::end)}});
  expect_invalid(c.m, "unknown global 1");
  ModuleBuilder d;
  d.exp("g", ExternKind::global, 0);
  expect_invalid(d.m, "unknown global 0");
}

TEST(Unknown, Local) {
  expect_invalid(with_body({op(Op::local_get, 2), op(Op::drop)}, {}, {VT::i32}, {VT::i64}),
                 "unknown local 2");
  expect_valid(with_body({op(Op::local_get, 1), op(Op::drop)}, {}, {VT::i32}, {VT::i64}));
  expect_invalid(with_body({i32c(0), op(Op::local_set, 0)}), "unknown local 0");
  expect_invalid(with_body({i32c(0), op(Op::local_tee, 0), op(Op::drop)}), "unknown local 0");
}

TEST(Unknown, Label) {
  expect_invalid(with_body({op(Op::br, 1)}), "unknown label 1");
  expect_invalid(with_body({blk(Op::block), i32c(0), op(Op::br_if, 2), op(Op::end)}),
                 "unknown label 2");
  ModuleBuilder b;
  b.func({}, {}, {i32c(0), br_table(0, 2), op(Op::end)}, {}, {0, 3});
  expect_invalid(b.m, "unknown label 3");
  ModuleBuilder c;
  c.func({}, {}, {i32c(0), br_table(0, 2), op(Op::end)}, {}, {5, 0});
  expect_invalid(c.m, "unknown label 5");
}

TEST(Unknown, ElemSegment) {
  expect_invalid(with_body({op(Op::elem_drop, 0)}), "unknown elem segment 0");
  ModuleBuilder b;
  b.table(1);
  b.m.elems.push_back(Elem{VT::funcref, {}, Elem::Mode::passive});
  b.func({}, {}, {i32c(0), i32c(0), i32c(0), op(Op::table_init, 4, 0), op(Op::end)});
  expect_invalid(b.m, "unknown elem segment 4");
}

TEST(Unknown, DataSegment) {
  expect_invalid(with_body({op(Op::data_drop, 0)}), "unknown data segment 0");
  ModuleBuilder b;
  b.memory(1);
  b.m.datas.push_back(Data{{0x37}, Data::Mode::passive});
  b.m.data_count = 1;
  b.func({}, {}, {i32c(0), i32c(0), i32c(0), op(Op::memory_init, 1, 0), op(Op::end)});
  expect_invalid(b.m, "unknown data segment 1");
}

// ---- the other messages -------------------------------------------------------------------

TEST(Messages, AlignmentMustNotBeLargerThanNatural) {
  ModuleBuilder b;
  b.memory(1);
  b.func({}, {}, {i32c(0), mem(Op::i32_load8_u, 1), op(Op::drop), op(Op::end)});
  expect_invalid(b.m, msg::alignment_too_large);
  ModuleBuilder c;
  c.memory(1);
  c.func({}, {}, {i32c(0), i64c(0), mem(Op::i64_store, 4), op(Op::end)});
  expect_invalid(c.m, msg::alignment_too_large);
  ModuleBuilder d;  // a huge exponent is no shift overflow
  d.memory(1);
  d.func({}, {}, {i32c(0), mem(Op::f64_load, 0xFFFFFFFF), op(Op::drop), op(Op::end)});
  expect_invalid(d.m, msg::alignment_too_large);
  ModuleBuilder ok;
  ok.memory(1);
  ok.func({}, {}, {i32c(0), i64c(0), mem(Op::i64_store, 3), i32c(0), mem(Op::i32_load16_s, 1),
                   op(Op::drop), op(Op::end)});
  expect_valid(ok.m);
}

TEST(Messages, ConstantExpressionRequired) {
  ModuleBuilder b;
  b.global(VT::f32, Mut::const_, {f32c(), op(Op::f32_neg), op(Op::end)});
  expect_invalid(b.m, msg::constant_expression_required);
  // local.get in a global initializer: not constant (before any index lookup).
  ModuleBuilder c;
  c.global(VT::f32, Mut::const_, {op(Op::local_get, 0), op(Op::end)});
  expect_invalid(c.m, msg::constant_expression_required);
  // global.get of a mutable imported global.
  ModuleBuilder d;
  d.import_global(VT::i32, Mut::var);
  d.global(VT::i32, Mut::const_, {op(Op::global_get, 0), op(Op::end)});
  expect_invalid(d.m, msg::constant_expression_required);
  ModuleBuilder e;
  e.memory(1);
  e.m.datas.push_back(Data{{}, Data::Mode::active, MemIdx(0), {op(Op::nop), i32c(0), op(Op::end)}});
  expect_invalid(e.m, msg::constant_expression_required);
  ModuleBuilder f;
  f.m.elems.push_back(Elem{VT::funcref, {{i32c(0), i32c(0), op(Op::i32_add), op(Op::end)}},
                           Elem::Mode::passive});
  expect_invalid(f.m, msg::constant_expression_required);
  // Valid: imported immutable global, ref.null, ref.func.
  ModuleBuilder ok;
  ok.import_global(VT::i32, Mut::const_);
  ok.global(VT::i32, Mut::const_, {op(Op::global_get, 0), op(Op::end)});
  ok.global(VT::externref, Mut::var, {ref_null(VT::externref), op(Op::end)});
  ok.func({}, {}, {op(Op::end)});
  ok.global(VT::funcref, Mut::const_, {op(Op::ref_func, 0), op(Op::end)});
  expect_valid(ok.m);
}

TEST(Messages, DuplicateExportName) {
  ModuleBuilder b;
  b.func({}, {}, {op(Op::end)});
  b.exp("a", ExternKind::func, 0);
  b.exp("a", ExternKind::func, 0);
  expect_invalid(b.m, msg::duplicate_export_name);
  ModuleBuilder ok;
  ok.func({}, {}, {op(Op::end)});
  ok.exp("a", ExternKind::func, 0);
  ok.exp(std::string("a\0", 2), ExternKind::func, 0);  // names are byte strings
  expect_valid(ok.m);
}

TEST(Messages, GlobalIsImmutable) {
  ModuleBuilder b;
  b.global(VT::i32, Mut::const_, {i32c(0), op(Op::end)});
  b.func({}, {}, {i32c(1), op(Op::global_set, 0), op(Op::end)});
  expect_invalid(b.m, msg::global_is_immutable);
  ModuleBuilder ok;
  ok.global(VT::i32, Mut::var, {i32c(0), op(Op::end)});
  ok.func({}, {}, {i32c(1), op(Op::global_set, 0), op(Op::end)});
  expect_valid(ok.m);
}

TEST(Messages, InvalidResultArityWithoutMultiValue) {
  Features mvp;
  mvp.multi_value = false;
  ModuleBuilder b;
  b.func({}, {VT::i32, VT::i32}, {i32c(0), i32c(0), op(Op::end)});
  expect_invalid(b.m, msg::invalid_result_arity, mvp);
  expect_valid(b.m);  // 2.0 has multi-value
  ModuleBuilder c;
  const u32 t = c.type({VT::i32}, {});
  c.func({}, {}, {i32c(0), blk(Op::block, bt_type(t)), op(Op::drop), op(Op::end), op(Op::end)});
  expect_invalid(c.m, msg::invalid_result_arity, mvp);
  expect_valid(c.m);
}

TEST(Messages, InvalidResultArityOfTypedSelect) {
  // select with an empty or a two-type annotation (select.wast).
  expect_invalid(with_body({i32c(0), i32c(0), i32c(1), select_t(VT::i32, 0), op(Op::drop)}),
                 msg::invalid_result_arity);
  expect_invalid(with_body({i32c(0), i32c(0), i32c(1), select_t(VT::i32, 2), op(Op::drop)}),
                 msg::invalid_result_arity);
}

TEST(Messages, MemorySizeMustBeAtMost65536Pages) {
  ModuleBuilder b;
  b.memory(65537);
  expect_invalid(b.m, msg::memory_size_too_large);
  ModuleBuilder c;
  c.memory(0, 65537);
  expect_invalid(c.m, msg::memory_size_too_large);
  ModuleBuilder d;
  d.import_mem(0x10000 + 1);
  expect_invalid(d.m, msg::memory_size_too_large);
  ModuleBuilder ok;
  ok.memory(65536, 65536);
  expect_valid(ok.m);
}

TEST(Messages, SizeMinimumMustNotBeGreaterThanMaximum) {
  ModuleBuilder b;
  b.memory(2, 1);
  expect_invalid(b.m, msg::size_minimum_greater_than_maximum);
  ModuleBuilder c;
  c.table(10, VT::funcref, 9);
  expect_invalid(c.m, msg::size_minimum_greater_than_maximum);
  ModuleBuilder ok;
  ok.table(0xFFFFFFFF, VT::externref, 0xFFFFFFFF);
  expect_valid(ok.m);
}

TEST(Messages, MultipleMemories) {
  ModuleBuilder b;
  b.import_mem(0);
  b.memory(0);
  expect_invalid(b.m, msg::multiple_memories);
  Features multi;
  multi.multi_memory = true;
  expect_valid(b.m, multi);
  // Any number of tables in 2.0; one without reference types.
  ModuleBuilder c;
  c.table(0);
  c.table(0, VT::externref);
  expect_valid(c.m);
  Features mvp;
  mvp.reference_types = false;
  expect_invalid(c.m, msg::multiple_tables, mvp);
}

TEST(Messages, StartFunction) {
  ModuleBuilder b;
  b.func({}, {VT::i32}, {i32c(0), op(Op::end)});
  b.m.start = Start{FuncIdx(0)};
  expect_invalid(b.m, msg::start_function);
  ModuleBuilder c;
  c.func({VT::i32}, {}, {op(Op::end)});
  c.m.start = Start{FuncIdx(0)};
  expect_invalid(c.m, msg::start_function);
  ModuleBuilder ok;
  ok.func({}, {}, {op(Op::end)});
  ok.m.start = Start{FuncIdx(0)};
  expect_valid(ok.m);
}

TEST(Messages, UndeclaredFunctionReference) {
  ModuleBuilder b;
  b.func({}, {}, {op(Op::ref_func, 0), op(Op::drop), op(Op::end)});
  expect_invalid(b.m, msg::undeclared_function_reference);
  // Declared by an export, a declarative element segment, or a global initializer.
  ModuleBuilder e = b;
  e.exp("f", ExternKind::func, 0);
  expect_valid(e.m);
  ModuleBuilder d = b;
  d.m.elems.push_back(Elem{VT::funcref, {{op(Op::ref_func, 0), op(Op::end)}}, Elem::Mode::declarative});
  expect_valid(d.m);
  ModuleBuilder g = b;
  g.global(VT::funcref, Mut::const_, {op(Op::ref_func, 0), op(Op::end)});
  expect_valid(g.m);
  // The start function does not declare a reference.
  ModuleBuilder s = b;
  s.m.start = Start{FuncIdx(0)};
  expect_invalid(s.m, msg::undeclared_function_reference);
}

TEST(Messages, ImplementationLimitOperandStack) {
  // 200 calls of a function returning 100000 values exceed kMaxOperandStackHeight.
  ModuleBuilder b;
  const u32 t = b.type({}, ResultType(100000, VT::i32));
  b.m.funcs.push_back(Func{TypeIdx(t), {}, {op(Op::unreachable), op(Op::end)}});
  Expr body(200, op(Op::call, 0));
  body.push_back(op(Op::unreachable));
  body.push_back(op(Op::end));
  b.func({}, {}, std::move(body));
  expect_invalid(b.m, msg::implementation_limit);
}

TEST(Messages, InternalErrorOnBrokenDecoderInvariant) {
  // A br_table whose label range lies outside Func::br_table_labels: crash, never UB.
  ModuleBuilder b;
  b.func({}, {}, {i32c(0), br_table(1, 5), op(Op::end)}, {}, {0});
  expect_invalid(b.m, msg::internal_error, {}, Outcome::crash);
  ModuleBuilder c;
  c.func({}, {}, {i32c(0), br_table(0, 0), op(Op::end)}, {}, {0});
  expect_invalid(c.m, msg::internal_error, {}, Outcome::crash);
}

// ---- §3.3.3 Vector instructions -------------------------------------------------------------

// v128.const with the 16 bytes Module::v128_immediates[x].
Instr v128c(u32 x = 0) { return op(Op::v128_const, x); }

// One constant of the type a `sig` letter names.
Instr const_of(char letter) {
  switch (letter) {
    case 'i': return i32c(0);
    case 'I': return i64c(0);
    case 'f': return f32c();
    case 'F': return f64c();
    default: return v128c(0);  // 'V'
  }
}

// A module with one memory, one function [] -> [] whose body is `body` (final end appended),
// and the pool entries `pool` (entry 0 all zero when none is given).
Module vec_module(Expr body, std::vector<std::array<u8, 16>> pool = {std::array<u8, 16>{}}) {
  ModuleBuilder b;
  b.memory(1);
  body.push_back(op(Op::end));
  b.func({}, {}, std::move(body));
  b.m.v128_immediates = std::move(pool);
  return std::move(b.m);
}

// The instruction `o` with its immediates: lane (laneidx, memarg_lane), align (memarg,
// memarg_lane); v128.const and i8x16.shuffle use pool entry 0.
Instr vec_instr(Op o, u32 lane = 0, u32 align = 0) {
  Instr in = op(o);
  switch (op_info(o).imm) {
    case Imm::laneidx: in.x = lane; break;
    case Imm::memarg: in.x = align; break;
    case Imm::memarg_lane:
      in.x = align;
      in.lane = static_cast<u8>(lane);
      break;
    default: break;  // none, v128, shuffle: x = 0
  }
  return in;
}

// Operands for `o` from its signature, `o` itself, then a drop per result.
Expr with_operands(const Instr& in) {
  const std::string_view sig = op_info(in.op).sig;
  const size_t arrow = sig.find('>');
  Expr e;
  for (size_t i = 0; i < arrow; ++i) e.push_back(const_of(sig[i]));
  e.push_back(in);
  for (size_t i = arrow + 1; i < sig.size(); ++i) e.push_back(op(Op::drop));
  return e;
}

std::vector<const OpInfo*> vector_ops() {
  std::vector<const OpInfo*> ops;
  for (u32 code = 0; code <= 0xFF; ++code) {
    if (const OpInfo* info = op_by_prefixed(0xFD, code)) ops.push_back(info);
  }
  return ops;
}

TEST(VectorInstructions, EveryOpcodeWithItsSignature) {
  const std::vector<const OpInfo*> ops = vector_ops();
  ASSERT_EQ(ops.size(), 236u);
  for (const OpInfo* info : ops) {
    SCOPED_TRACE(std::string(info->text));
    ASSERT_FALSE(info->sig.empty());
    expect_valid(vec_module(with_operands(vec_instr(info->op))));
    // The first operand of the wrong type: a v128 where a scalar is expected and vice versa.
    const size_t arrow = info->sig.find('>');
    if (arrow == 0) continue;  // v128.const
    Expr e = with_operands(vec_instr(info->op));
    e[0] = info->sig[0] == 'V' ? i32c(0) : v128c(0);
    expect_invalid(vec_module(std::move(e)), msg::type_mismatch);
  }
}

TEST(VectorInstructions, OperandTypesOfTheSigColumn) {
  // i8x16.shl: [v128 i32] -> [v128]; the shift count is an i32, not an i64.
  expect_valid(vec_module({v128c(), i32c(1), op(Op::i8x16_shl), op(Op::drop)}));
  expect_invalid(vec_module({v128c(), i64c(1), op(Op::i8x16_shl), op(Op::drop)}),
                 msg::type_mismatch);
  // i64x2.extract_lane produces an i64; f32x4.replace_lane takes an f32.
  Module bad = with_body({v128c(), vec_instr(Op::i64x2_extract_lane)}, {VT::i32});
  bad.v128_immediates.push_back({});
  expect_invalid(std::move(bad), msg::type_mismatch);
  Module m = with_body({v128c(), vec_instr(Op::i64x2_extract_lane)}, {VT::i64});
  m.v128_immediates.push_back({});
  expect_valid(std::move(m));
  expect_invalid(vec_module({v128c(), f64c(), vec_instr(Op::f32x4_replace_lane), op(Op::drop)}),
                 msg::type_mismatch);
  // v128.bitselect takes three v128.
  expect_invalid(vec_module({v128c(), v128c(), op(Op::v128_bitselect), op(Op::drop)}),
                 msg::type_mismatch);
}

// dim(shape) read off the mnemonic ("i16x8.replace_lane" -> 8), independently of valid/.
u32 lanes_of(std::string_view text) {
  const std::string_view shape = text.substr(0, text.find('.'));
  return static_cast<u32>(std::stoul(std::string(shape.substr(shape.find('x') + 1))));
}

TEST(InvalidLaneIndex, ExtractAndReplaceLanePerShape) {
  size_t tested = 0;
  for (const OpInfo* info : vector_ops()) {
    if (info->imm != Imm::laneidx) continue;
    SCOPED_TRACE(std::string(info->text));
    const u32 dim = lanes_of(info->text);
    expect_valid(vec_module(with_operands(vec_instr(info->op, dim - 1))));
    expect_invalid(vec_module(with_operands(vec_instr(info->op, dim))), msg::invalid_lane_index);
    expect_invalid(vec_module(with_operands(vec_instr(info->op, 255))), msg::invalid_lane_index);
    ++tested;
  }
  EXPECT_EQ(tested, 14u);
  // The shapes themselves.
  expect_invalid(vec_module(with_operands(vec_instr(Op::i8x16_extract_lane_u, 16))),
                 msg::invalid_lane_index);
  expect_valid(vec_module(with_operands(vec_instr(Op::i8x16_extract_lane_u, 15))));
  expect_invalid(vec_module(with_operands(vec_instr(Op::i16x8_replace_lane, 8))),
                 msg::invalid_lane_index);
  expect_invalid(vec_module(with_operands(vec_instr(Op::f32x4_extract_lane, 4))),
                 msg::invalid_lane_index);
  expect_valid(vec_module(with_operands(vec_instr(Op::f32x4_extract_lane, 3))));
  expect_invalid(vec_module(with_operands(vec_instr(Op::i64x2_replace_lane, 2))),
                 msg::invalid_lane_index);
  expect_valid(vec_module(with_operands(vec_instr(Op::f64x2_replace_lane, 1))));
}

TEST(InvalidLaneIndex, LoadAndStoreLanePerWidth) {
  // laneidx < 128/N: 16 lanes for N = 8, 8 for 16, 4 for 32, 2 for 64.
  const std::pair<Op, u32> cases[] = {
      {Op::v128_load8_lane, 16},  {Op::v128_load16_lane, 8},  {Op::v128_load32_lane, 4},
      {Op::v128_load64_lane, 2},  {Op::v128_store8_lane, 16}, {Op::v128_store16_lane, 8},
      {Op::v128_store32_lane, 4}, {Op::v128_store64_lane, 2},
  };
  for (const auto& [o, lanes] : cases) {
    SCOPED_TRACE(std::string(op_name(o)));
    expect_valid(vec_module(with_operands(vec_instr(o, lanes - 1))));
    expect_invalid(vec_module(with_operands(vec_instr(o, lanes))), msg::invalid_lane_index);
    expect_invalid(vec_module(with_operands(vec_instr(o, 255))), msg::invalid_lane_index);
  }
}

TEST(InvalidLaneIndex, ShuffleLanesBelow32) {
  std::array<u8, 16> lanes{};
  for (u8 i = 0; i < 16; ++i) lanes[i] = static_cast<u8>(31 - i);  // 31 ... 16: all valid
  const Expr shuffle = {v128c(0), v128c(0), op(Op::i8x16_shuffle, 1), op(Op::drop)};
  expect_valid(vec_module(shuffle, {std::array<u8, 16>{}, lanes}));
  for (const size_t at : {size_t{0}, size_t{7}, size_t{15}}) {
    for (const u8 bad : {u8{32}, u8{33}, u8{255}}) {
      std::array<u8, 16> l = lanes;
      l[at] = bad;
      expect_invalid(vec_module(shuffle, {std::array<u8, 16>{}, l}), msg::invalid_lane_index);
    }
  }
}

TEST(AlignmentMustNotBeLargerThanNatural, VectorMemoryInstructionsPerWidth) {
  // The natural alignment (log2 of the bytes accessed) of each vector memory instruction.
  const std::pair<Op, u32> cases[] = {
      {Op::v128_load, 4},         {Op::v128_store, 4},        {Op::v128_load8x8_s, 3},
      {Op::v128_load8x8_u, 3},    {Op::v128_load16x4_s, 3},   {Op::v128_load16x4_u, 3},
      {Op::v128_load32x2_s, 3},   {Op::v128_load32x2_u, 3},   {Op::v128_load8_splat, 0},
      {Op::v128_load16_splat, 1}, {Op::v128_load32_splat, 2}, {Op::v128_load64_splat, 3},
      {Op::v128_load32_zero, 2},  {Op::v128_load64_zero, 3},  {Op::v128_load8_lane, 0},
      {Op::v128_load16_lane, 1},  {Op::v128_load32_lane, 2},  {Op::v128_load64_lane, 3},
      {Op::v128_store8_lane, 0},  {Op::v128_store16_lane, 1}, {Op::v128_store32_lane, 2},
      {Op::v128_store64_lane, 3},
  };
  for (const auto& [o, natural] : cases) {
    SCOPED_TRACE(std::string(op_name(o)));
    for (u32 a = 0; a <= natural; ++a) expect_valid(vec_module(with_operands(vec_instr(o, 0, a))));
    expect_invalid(vec_module(with_operands(vec_instr(o, 0, natural + 1))),
                   msg::alignment_too_large);
    expect_invalid(vec_module(with_operands(vec_instr(o, 0, 0xFFFFFFFF))),
                   msg::alignment_too_large);
    // And C.mems[0] must exist.
    Module no_mem = vec_module(with_operands(vec_instr(o)));
    no_mem.mems.clear();
    expect_invalid(std::move(no_mem), "unknown memory 0");
  }
}

TEST(ConstantExpressions, V128ConstInAGlobalInitializer) {
  ModuleBuilder b;
  b.global(VT::v128, Mut::const_, {v128c(0), op(Op::end)});
  b.global(VT::v128, Mut::var, {v128c(1), op(Op::end)});
  b.m.v128_immediates.resize(2);
  expect_valid(b.m);
  // Imported immutable v128 global read by global.get.
  ModuleBuilder g;
  g.import_global(VT::v128, Mut::const_);
  g.global(VT::v128, Mut::const_, {op(Op::global_get, 0), op(Op::end)});
  expect_valid(g.m);
  // Type mismatches both ways.
  ModuleBuilder c;
  c.global(VT::i32, Mut::const_, {v128c(0), op(Op::end)});
  c.m.v128_immediates.resize(1);
  expect_invalid(c.m, msg::type_mismatch);
  ModuleBuilder d;
  d.global(VT::v128, Mut::const_, {i32c(0), op(Op::end)});
  expect_invalid(d.m, msg::type_mismatch);
  // A data offset must be an i32, an element expression a reference.
  ModuleBuilder e;
  e.memory(1);
  e.m.datas.push_back(Data{{}, Data::Mode::active, MemIdx(0), {v128c(0), op(Op::end)}});
  e.m.v128_immediates.resize(1);
  expect_invalid(e.m, msg::type_mismatch);
  ModuleBuilder f;
  f.m.elems.push_back(Elem{VT::funcref, {{v128c(0), op(Op::end)}}, Elem::Mode::passive});
  f.m.v128_immediates.resize(1);
  expect_invalid(f.m, msg::type_mismatch);
  // Vector operators are not constant.
  ModuleBuilder h;
  h.global(VT::v128, Mut::const_, {v128c(0), op(Op::v128_not), op(Op::end)});
  h.m.v128_immediates.resize(1);
  expect_invalid(h.m, msg::constant_expression_required);
}

TEST(VectorInstructions, V128InSelectLocalsGlobalsBlocksAndSignatures) {
  ModuleBuilder b;
  b.global(VT::v128, Mut::var, {v128c(0), op(Op::end)});
  const u32 bt = b.type({VT::v128, VT::v128}, {VT::v128});
  b.func({VT::v128}, {VT::v128},
         {
             // Untyped select accepts v128 (a vector type), and so does select (result v128).
             op(Op::local_get, 0), v128c(0), i32c(1), op(Op::select),
             v128c(0), i32c(0), select_t(VT::v128),
             op(Op::local_set, 1),
             // Locals and globals of type v128.
             op(Op::local_get, 1), op(Op::local_tee, 1), op(Op::global_set, 0),
             // A block [v128 v128] -> [v128] whose br carries a v128.
             op(Op::global_get, 0), op(Op::local_get, 0), blk(Op::block, bt_type(bt)),
             op(Op::v128_xor), op(Op::br, 0), op(Op::end),
             blk(Op::block, bt_val(VT::v128)), v128c(0), op(Op::end),
             op(Op::v128_and),
             op(Op::end),
         },
         {VT::v128});
  b.m.v128_immediates.resize(1);
  expect_valid(b.m);
  // select: v128 against i32, and v128 against a reference (only numeric/vector pairs).
  expect_invalid(vec_module({v128c(), i32c(0), i32c(1), op(Op::select), op(Op::drop)}),
                 msg::type_mismatch);
  expect_invalid(vec_module({v128c(), i32c(1), op(Op::select), op(Op::drop)}),
                 msg::type_mismatch);  // underflow
  // A local of type v128 holds no i32; a v128 result is no f64.
  expect_invalid(with_body({i32c(0), op(Op::local_set, 0)}, {}, {}, {VT::v128}),
                 msg::type_mismatch);
  Module r = with_body({v128c(0)}, {VT::f64});
  r.v128_immediates.resize(1);
  expect_invalid(std::move(r), msg::type_mismatch);
}

TEST(Messages, InternalErrorOnMissingV128Immediate) {
  // v128.const / i8x16.shuffle whose pool index the decoder never filled in: crash, never UB.
  expect_invalid(vec_module({v128c(1), op(Op::drop)}), msg::internal_error, {}, Outcome::crash);
  expect_invalid(vec_module({v128c(0), v128c(0), op(Op::i8x16_shuffle, 3), op(Op::drop)}),
                 msg::internal_error, {}, Outcome::crash);
  ModuleBuilder g;
  g.global(VT::v128, Mut::const_, {v128c(0), op(Op::end)});  // empty pool
  expect_invalid(g.m, msg::internal_error, {}, Outcome::crash);
}

// ---- valid modules --------------------------------------------------------------------------

TEST(Valid, TablesReferencesAndBulkInstructions) {
  ModuleBuilder b;
  b.table(1, VT::funcref);
  b.table(1, VT::externref);
  b.memory(1);
  b.m.datas.push_back(Data{{1, 2}, Data::Mode::passive});
  b.m.datas.push_back(Data{{3}, Data::Mode::active, MemIdx(0), {i32c(0), op(Op::end)}});
  b.m.elems.push_back(Elem{VT::funcref, {{op(Op::ref_func, 0), op(Op::end)}, {ref_null(VT::funcref), op(Op::end)}},
                           Elem::Mode::active, TableIdx(0), {i32c(0), op(Op::end)}});
  b.m.elems.push_back(Elem{VT::externref, {}, Elem::Mode::passive});
  b.m.data_count = 2;
  const u32 t = b.type({VT::i32}, {VT::i32});
  b.func({VT::externref}, {VT::i32},
         {
             i32c(0), op(Op::table_get, 1), op(Op::drop),
             i32c(0), op(Op::local_get, 0), op(Op::table_set, 1),
             op(Op::local_get, 0), i32c(2), op(Op::table_grow, 1), op(Op::drop),
             i32c(0), ref_null(VT::externref), i32c(1), op(Op::table_fill, 1),
             i32c(0), i32c(0), i32c(0), op(Op::table_copy, 0, 0),
             i32c(0), i32c(0), i32c(0), op(Op::table_init, 1, 1),
             op(Op::elem_drop, 0),
             i32c(0), i32c(0), i32c(0), op(Op::memory_init, 0, 0),
             op(Op::data_drop, 1),
             i32c(0), i32c(0), i32c(0), op(Op::memory_copy, 0, 0),
             i32c(0), i32c(0), i32c(0), op(Op::memory_fill, 0),
             i32c(1), op(Op::memory_grow, 0), op(Op::drop),
             f64c(), op(Op::i32_trunc_sat_f64_u), op(Op::drop),
             op(Op::ref_func, 0), op(Op::ref_is_null), op(Op::drop),
             i32c(7), i32c(0), op(Op::call_indirect, t, 0),
             op(Op::table_size, 0), op(Op::i32_add),
             op(Op::memory_size, 0), op(Op::i32_add),
             op(Op::end),
         });
  b.exp("f", ExternKind::func, 0);
  b.exp("t", ExternKind::table, 1);
  b.exp("m", ExternKind::mem, 0);
  expect_valid(b.m);
}

// ---- core 3.0 tail calls (valid/instructions.rst return_call, return_call_indirect) ----------

TEST(TailCall, ReturnCallTakesTheCalleesParametersAndIsPolymorphic) {
  ModuleBuilder b;
  const u32 callee = b.func({VT::i32}, {VT::i64}, {i64c(0), op(Op::end)});
  // [t3* t1*] -> [t4*]: an f32 beneath the argument is discarded; afterwards anything goes.
  b.func({}, {VT::i64},
         {f32c(), i32c(1), op(Op::return_call, callee), op(Op::i64_add), op(Op::end)});
  expect_valid(b.m);
  // The callee's parameters must be there.
  ModuleBuilder c;
  const u32 callee_c = c.func({VT::i32}, {VT::i64}, {i64c(0), op(Op::end)});
  c.func({}, {VT::i64}, {op(Op::return_call, callee_c), op(Op::end)});
  expect_invalid(c.m, msg::type_mismatch);
  expect_invalid(with_body({op(Op::return_call, 5)}), "unknown function 5");
}

TEST(TailCall, ReturnCallResultsMustMatchTheCallers) {
  // callee [] -> [i64] from a function returning [i32], and from one returning [].
  ModuleBuilder b;
  const u32 callee = b.func({}, {VT::i64}, {i64c(0), op(Op::end)});
  b.func({}, {VT::i32}, {op(Op::return_call, callee), op(Op::end)});
  expect_invalid(b.m, msg::type_mismatch);
  ModuleBuilder c;
  const u32 callee_c = c.func({}, {VT::i64}, {i64c(0), op(Op::end)});
  c.func({}, {}, {op(Op::return_call, callee_c), op(Op::end)});
  expect_invalid(c.m, msg::type_mismatch);
  // Parameters may differ from the caller's; results are what counts.
  ModuleBuilder ok;
  const u32 callee_ok = ok.func({VT::f64}, {VT::i32, VT::i64}, {i32c(0), i64c(0), op(Op::end)});
  ok.func({VT::i32}, {VT::i32, VT::i64}, {f64c(), op(Op::return_call, callee_ok), op(Op::end)});
  expect_valid(ok.m);
}

TEST(TailCall, ReturnCallIndirect) {
  ModuleBuilder b;
  b.table(1);
  const u32 t = b.type({VT::i32}, {VT::i64});
  b.func({}, {VT::i64},
         {i32c(5), i32c(0), op(Op::return_call_indirect, t, 0), op(Op::end)});
  expect_valid(b.m);
  // The table index operand is required.
  ModuleBuilder c;
  c.table(1);
  const u32 tc = c.type({VT::i32}, {VT::i64});
  c.func({}, {VT::i64}, {i32c(5), op(Op::return_call_indirect, tc, 0), op(Op::end)});
  expect_invalid(c.m, msg::type_mismatch);
  // The results must match the caller's.
  ModuleBuilder d;
  d.table(1);
  const u32 td = d.type({}, {VT::i64});
  d.func({}, {VT::i32}, {i32c(0), op(Op::return_call_indirect, td, 0), op(Op::end)});
  expect_invalid(d.m, msg::type_mismatch);
  // A table of funcref, and the table and type exist.
  ModuleBuilder e;
  e.table(1, VT::externref);
  const u32 te = e.type({}, {});
  e.func({}, {}, {i32c(0), op(Op::return_call_indirect, te, 0), op(Op::end)});
  expect_invalid(e.m, msg::type_mismatch);
  ModuleBuilder f;
  const u32 tf = f.type({}, {});
  f.func({}, {}, {i32c(0), op(Op::return_call_indirect, tf, 0), op(Op::end)});
  expect_invalid(f.m, "unknown table 0");
  ModuleBuilder g;
  g.table(1);
  g.func({}, {}, {i32c(0), op(Op::return_call_indirect, 7, 0), op(Op::end)});
  expect_invalid(g.m, "unknown type 7");
}

// ---- core 3.0 extended constant expressions (valid/instructions.rst "Constant Expressions",
// valid/modules.rst Globals_ok and Module_ok) ---------------------------------------------------

Features extended_const() {
  Features f;
  f.extended_const = true;
  return f;
}

TEST(ExtendedConst, IntegerAddSubMulAreConstant) {
  auto arith = [] {
    ModuleBuilder b;
    b.global(VT::i32, Mut::const_,
             {i32c(20), i32c(2), op(Op::i32_mul), i32c(2), op(Op::i32_sub), i32c(4),
              op(Op::i32_add), op(Op::end)});
    b.global(VT::i64, Mut::const_,
             {i64c(20), i64c(2), op(Op::i64_mul), i64c(2), op(Op::i64_sub), i64c(5),
              op(Op::i64_add), op(Op::end)});
    b.memory(1);
    b.import_global(VT::i32, Mut::const_);
    b.m.datas.push_back(Data{{}, Data::Mode::active, MemIdx(0),
                             {op(Op::global_get, 0), i32c(16), op(Op::i32_add), op(Op::end)}});
    return std::move(b.m);
  };
  expect_valid(arith(), extended_const());
  expect_invalid(arith(), msg::constant_expression_required);  // 2.0
  // Other operators stay non-constant.
  for (const Op o : {Op::i32_div_s, Op::i32_and, Op::i64_shl, Op::i64_rem_u}) {
    ModuleBuilder b;
    const bool is32 = o == Op::i32_div_s || o == Op::i32_and;
    b.global(is32 ? VT::i32 : VT::i64, Mut::const_,
             {is32 ? i32c(1) : i64c(1), is32 ? i32c(1) : i64c(1), op(o), op(Op::end)});
    expect_invalid(b.m, msg::constant_expression_required, extended_const());
  }
  ModuleBuilder f;
  f.global(VT::f32, Mut::const_, {f32c(), f32c(), op(Op::f32_add), op(Op::end)});
  expect_invalid(f.m, msg::constant_expression_required, extended_const());
}

TEST(ExtendedConst, ArithmeticIsTyped) {
  ModuleBuilder b;  // i32.add of an i64
  b.global(VT::i32, Mut::const_, {i64c(1), i32c(1), op(Op::i32_add), op(Op::end)});
  expect_invalid(b.m, msg::type_mismatch, extended_const());
  ModuleBuilder c;  // one operand
  c.global(VT::i64, Mut::const_, {i64c(1), op(Op::i64_mul), op(Op::end)});
  expect_invalid(c.m, msg::type_mismatch, extended_const());
  ModuleBuilder d;  // i64 result for an i32 global
  d.global(VT::i32, Mut::const_, {i64c(1), i64c(1), op(Op::i64_sub), op(Op::end)});
  expect_invalid(d.m, msg::type_mismatch, extended_const());
}

TEST(ExtendedConst, GlobalsSeeTheImportedAndEarlierGlobals) {
  auto chain = [] {
    ModuleBuilder b;
    b.import_global(VT::i32, Mut::const_);                           // 0
    b.global(VT::i32, Mut::const_, {i32c(1), op(Op::end)});          // 1
    b.global(VT::i32, Mut::const_, {op(Op::global_get, 0), op(Op::global_get, 1),
                                    op(Op::i32_add), op(Op::end)});  // 2
    return std::move(b.m);
  };
  expect_valid(chain(), extended_const());
  expect_invalid(chain(), "unknown global 1");  // 2.0: C' has the imported global only
  // Itself and later globals are unknown.
  ModuleBuilder self;
  self.global(VT::i32, Mut::const_, {op(Op::global_get, 0), op(Op::end)});
  expect_invalid(self.m, "unknown global 0", extended_const());
  ModuleBuilder later;
  later.global(VT::i32, Mut::const_, {op(Op::global_get, 1), op(Op::end)});
  later.global(VT::i32, Mut::const_, {i32c(0), op(Op::end)});
  expect_invalid(later.m, "unknown global 1", extended_const());
  // An earlier mutable global is not constant.
  ModuleBuilder mut;
  mut.global(VT::i32, Mut::var, {i32c(0), op(Op::end)});
  mut.global(VT::i32, Mut::const_, {op(Op::global_get, 0), op(Op::end)});
  expect_invalid(mut.m, msg::constant_expression_required, extended_const());
}

TEST(ExtendedConst, SegmentsSeeEveryGlobal) {
  // Data and element segments are validated under C (3.0): they may read every immutable
  // global of the module, defined ones included.
  auto segments = [](Mut mut) {
    ModuleBuilder b;
    b.memory(1);
    b.table(1);
    b.func({}, {}, {op(Op::end)});
    b.global(VT::i32, mut, {i32c(0), op(Op::end)});
    b.global(VT::funcref, Mut::const_, {op(Op::ref_func, 0), op(Op::end)});
    b.m.datas.push_back(
        Data{{}, Data::Mode::active, MemIdx(0), {op(Op::global_get, 0), op(Op::end)}});
    b.m.elems.push_back(Elem{VT::funcref, {{op(Op::global_get, 1), op(Op::end)}},
                             Elem::Mode::active, TableIdx(0), {op(Op::global_get, 0), op(Op::end)}});
    return std::move(b.m);
  };
  expect_valid(segments(Mut::const_), extended_const());
  // 2.0: C' has no globals (the element segment's initializer is validated first).
  expect_invalid(segments(Mut::const_), "unknown global 1");
  expect_invalid(segments(Mut::var), msg::constant_expression_required, extended_const());
}

}  // namespace

// Core 3.0 (memory64, multiple memories): the limits' range by address type, memarg offsets
// bounded by the memory's address type, and addresses, sizes and lengths of that type.
TEST(Memory64, LimitsRangeByAddressType) {
  Features f = Features::v3();
  ModuleBuilder a;
  a.memory(u64{1} << 16);
  expect_valid(a.m, f);
  ModuleBuilder b;
  b.memory(0, (u64{1} << 16) + 1);
  expect_invalid(b.m, msg::memory_size_too_large, f);
  ModuleBuilder c;
  c.memory(0, u64{1} << 48, AddrType::i64);
  expect_valid(c.m, f);
  ModuleBuilder d;
  d.memory((u64{1} << 48) + 1, std::nullopt, AddrType::i64);
  expect_invalid(d.m, msg::memory64_size_too_large, f);
  ModuleBuilder e;
  e.table(u64{1} << 32, ValType::funcref);
  expect_invalid(e.m, msg::table_size_too_large, f);
  ModuleBuilder g;
  g.table(u64{1} << 32, ValType::funcref, std::nullopt, AddrType::i64);
  expect_valid(g.m, f);
}

TEST(Memory64, OffsetsAndAddressTypes) {
  Features f = Features::v3();
  // An i32 memory: offsets below 2^32, i32 addresses.
  ModuleBuilder a;
  a.memory(1);
  a.func({}, {}, {i32c(0), mem(Op::i32_load, 2, 0xFFFFFFFFu), op(Op::drop), op(Op::end)});
  expect_valid(a.m, f);
  ModuleBuilder b;
  b.memory(1);
  b.func({}, {}, {i32c(0), mem(Op::i32_load, 2, u64{1} << 32), op(Op::drop), op(Op::end)});
  expect_invalid(b.m, msg::offset_out_of_range, f);
  // An i64 memory: any u64 offset, i64 addresses; an i32 address is a type mismatch.
  ModuleBuilder c;
  c.memory(1, std::nullopt, AddrType::i64);
  c.func({}, {VT::i64}, {i64c(0), mem(Op::i32_load, 2, ~u64{0}), op(Op::drop),
                         i64c(1), op(Op::memory_grow, 0), op(Op::end)});
  expect_valid(c.m, f);
  ModuleBuilder d;
  d.memory(1, std::nullopt, AddrType::i64);
  d.func({}, {}, {i32c(0), mem(Op::i32_load, 2), op(Op::drop), op(Op::end)});
  expect_invalid(d.m, msg::type_mismatch, f);
  // Memory 1 named by the memarg; memory 2 does not exist.
  ModuleBuilder e;
  e.memory(1);
  e.memory(1, std::nullopt, AddrType::i64);
  e.func({}, {}, {i64c(0), mem(Op::i32_load, 2, 0, 1), op(Op::drop), op(Op::end)});
  expect_valid(e.m, f);
  ModuleBuilder g;
  g.memory(1);
  g.func({}, {}, {i32c(0), mem(Op::i32_load, 2, 0, 2), op(Op::drop), op(Op::end)});
  expect_invalid(g.m, std::string(msg::unknown_memory) + " 2", f);
}

TEST(Memory64, CopyLengthIsTheSmallerAddressType) {
  Features f = Features::v3();
  // memory.copy 0 1 with memory 0 i32 and memory 1 i64: [i32 i64 i32].
  ModuleBuilder a;
  a.memory(1);
  a.memory(1, std::nullopt, AddrType::i64);
  a.func({}, {}, {i32c(0), i64c(0), i32c(0), op(Op::memory_copy, 0, 1), op(Op::end)});
  expect_valid(a.m, f);
  ModuleBuilder b;
  b.memory(1);
  b.memory(1, std::nullopt, AddrType::i64);
  b.func({}, {}, {i32c(0), i64c(0), i64c(0), op(Op::memory_copy, 0, 1), op(Op::end)});
  expect_invalid(b.m, msg::type_mismatch, f);
  // Both i64: an i64 length.
  ModuleBuilder c;
  c.table(1, VT::funcref, std::nullopt, AddrType::i64);
  c.table(1, VT::funcref, std::nullopt, AddrType::i64);
  c.func({}, {}, {i64c(0), i64c(0), i64c(0), op(Op::table_copy, 0, 1), op(Op::end)});
  expect_valid(c.m, f);
}

// ---- Core 3.0 exception handling (valid/instructions.rst, valid/modules.rst) ---------------

// A module with tags of the given parameter types and one function [] -> [results] whose body
// is `body` (final end appended), its try_table clauses `catches`.
Module with_tags(std::vector<ResultType> tags, Expr body, ResultType results = {},
                 std::vector<CatchClause> catches = {}, std::vector<ValType> locals = {}) {
  ModuleBuilder b;
  for (ResultType& t : tags) b.tag(std::move(t));
  body.push_back(op(Op::end));
  b.func({}, std::move(results), std::move(body), std::move(locals));
  b.m.funcs.back().catches = std::move(catches);
  return std::move(b.m);
}

TEST(Tags, TypeMustExistAndHaveNoResults) {
  ModuleBuilder a;
  a.m.tags.push_back(Tag{TypeIdx(3)});
  expect_invalid(a.m, std::string(msg::unknown_type) + " 3");
  ModuleBuilder b;
  b.tag({VT::i32}, {VT::i32});
  expect_invalid(b.m, msg::non_empty_tag_result);
  ModuleBuilder c;
  c.import_tag(TypeIdx(c.type({}, {VT::f32})));
  expect_invalid(c.m, msg::non_empty_tag_result);
  ModuleBuilder d;
  d.tag({VT::i32, VT::exnref});
  d.exp("t", ExternKind::tag, 0);
  expect_valid(d.m);
  d.exp("u", ExternKind::tag, 1);
  expect_invalid(d.m, std::string(msg::unknown_tag) + " 1");
}

// "throw x": C.tags[x] = [t*] -> []; [t1* t*] -> [t2*], stack-polymorphic.
TEST(Throw, TagMustExist) {
  expect_invalid(with_tags({}, {op(Op::throw_, 0)}), std::string(msg::unknown_tag) + " 0");
}

TEST(Throw, PopsTheTagParameters) {
  expect_valid(with_tags({{VT::i32, VT::f64}}, {i32c(1), f64c(), op(Op::throw_, 0)}));
  expect_invalid(with_tags({{VT::i32}}, {op(Op::throw_, 0)}), msg::type_mismatch);
  expect_invalid(with_tags({{VT::i32}}, {i64c(5), op(Op::throw_, 0)}), msg::type_mismatch);
}

TEST(Throw, IsStackPolymorphic) {
  expect_valid(with_tags({{}}, {op(Op::throw_, 0), op(Op::i32_add)}, {VT::i32}));
  // Values below the tag's parameters may stay (they are dropped).
  expect_valid(with_tags({{}}, {i64c(1), op(Op::throw_, 0)}));
}

// "throw_ref": [t1* exnref] -> [t2*], stack-polymorphic.
TEST(ThrowRef, PopsAnExnref) {
  expect_valid(with_tags({}, {ref_null(VT::exnref), op(Op::throw_ref)}));
  expect_valid(
      with_tags({}, {ref_null(VT::exnref), op(Op::throw_ref), op(Op::f32_neg)}, {VT::f32}));
  expect_invalid(with_tags({}, {op(Op::throw_ref)}), msg::type_mismatch);
  expect_invalid(with_tags({}, {blk(Op::block), op(Op::throw_ref), op(Op::end)}),
                 msg::type_mismatch);
  expect_invalid(with_tags({}, {ref_null(VT::externref), op(Op::throw_ref)}), msg::type_mismatch);
}

// "try_table bt catch* instr*": a block of type bt.
TEST(TryTable, IsABlock) {
  expect_valid(with_tags({}, {try_table(bt_val(VT::i32), 0, 0), i32c(1), op(Op::end)}, {VT::i32}));
  expect_invalid(with_tags({}, {try_table(bt_val(VT::i32), 0, 0), op(Op::end)}, {VT::i32}),
                 msg::type_mismatch);
  expect_invalid(
      with_tags({}, {try_table(bt_val(VT::i32), 0, 0), i64c(42), op(Op::end)}, {VT::i32}),
      msg::type_mismatch);
  // Its label is its results: br 0 inside carries them.
  expect_valid(with_tags(
      {}, {try_table(bt_val(VT::i32), 0, 0), i32c(1), op(Op::br, 0), op(Op::end)}, {VT::i32}));
}

// Catch_ok "catch x l": C.tags[x] = [t*] -> [] and [t*] matches C.labels[l].
TEST(TryTable, CatchPassesTheTagParametersToTheLabel) {
  // (block (result i32) (try_table (catch 0 0) ...) unreachable): label 0 is the block, as the
  // clauses are checked outside the try_table.
  expect_valid(with_tags({{VT::i32}},
                         {blk(Op::block, bt_val(VT::i32)), try_table(bt_empty(), 0, 1), op(Op::end),
                          op(Op::unreachable), op(Op::end)},
                         {VT::i32}, {catch_clause(0, 0)}));
  expect_invalid(with_tags({{VT::i64}},
                           {blk(Op::block, bt_val(VT::i32)), try_table(bt_empty(), 0, 1),
                            op(Op::end), op(Op::unreachable), op(Op::end)},
                           {VT::i32}, {catch_clause(0, 0)}),
                 msg::type_mismatch);
  // The function's label [] takes a tag without parameters only.
  expect_valid(
      with_tags({{}}, {try_table(bt_empty(), 0, 1), op(Op::end)}, {}, {catch_clause(0, 0)}));
  expect_invalid(
      with_tags({{VT::i32}}, {try_table(bt_empty(), 0, 1), op(Op::end)}, {}, {catch_clause(0, 0)}),
      msg::type_mismatch);
}

TEST(TryTable, CatchTagMustExist) {
  expect_invalid(
      with_tags({}, {try_table(bt_empty(), 0, 1), op(Op::end)}, {}, {catch_clause(0, 0)}),
      std::string(msg::unknown_tag) + " 0");
  expect_invalid(
      with_tags({}, {try_table(bt_empty(), 0, 1), op(Op::end)}, {}, {catch_ref_clause(2, 0)}),
      std::string(msg::unknown_tag) + " 2");
}

// The clause's label is one of C (outside the try_table): at the function's top level only
// label 0 exists.
TEST(TryTable, CatchLabelMustExistOutside) {
  expect_invalid(
      with_tags({{}}, {try_table(bt_empty(), 0, 1), op(Op::end)}, {}, {catch_clause(0, 1)}),
      std::string(msg::unknown_label) + " 1");
  expect_invalid(
      with_tags({}, {try_table(bt_empty(), 0, 1), op(Op::end)}, {}, {catch_all_clause(1)}),
      std::string(msg::unknown_label) + " 1");
  expect_valid(with_tags({},
                         {blk(Op::block), try_table(bt_empty(), 0, 1), op(Op::end), op(Op::end)},
                         {}, {catch_all_clause(1)}));
}

// "catch_ref x l": [t* (ref exn)] matches C.labels[l].
TEST(TryTable, CatchRefAddsAnExnref) {
  // (block (result i32 exnref) (try_table (catch_ref 0 0)) unreachable) drop drop
  Module m = with_tags({{VT::i32}},
                       {blk(Op::block, bt_type(2)), try_table(bt_empty(), 0, 1), op(Op::end),
                        op(Op::unreachable), op(Op::end), op(Op::drop), op(Op::drop)},
                       {}, {catch_ref_clause(0, 0)});
  m.types.push_back(FuncType{{}, {VT::i32, VT::exnref}});  // type 2
  expect_valid(m);
  m.types[2].comp.func.results = {VT::i32};
  expect_invalid(m, msg::type_mismatch);
  // (tag) (func (try_table (catch_ref 0 0))): the function's label [] takes no exnref.
  expect_invalid(
      with_tags({{}}, {try_table(bt_empty(), 0, 1), op(Op::end)}, {}, {catch_ref_clause(0, 0)}),
      msg::type_mismatch);
}

// "catch_all l": [] matches C.labels[l]; "catch_all_ref l": [(ref exn)] does.
TEST(TryTable, CatchAllAndCatchAllRef) {
  expect_valid(
      with_tags({}, {try_table(bt_empty(), 0, 1), op(Op::end)}, {}, {catch_all_clause(0)}));
  expect_invalid(
      with_tags({}, {try_table(bt_empty(), 0, 1), op(Op::end)}, {}, {catch_all_ref_clause(0)}),
      msg::type_mismatch);
  expect_valid(with_tags({},
                         {blk(Op::block, bt_val(VT::exnref)), try_table(bt_empty(), 0, 1),
                          op(Op::end), op(Op::unreachable), op(Op::end), op(Op::throw_ref)},
                         {}, {catch_all_ref_clause(0)}));
  // (func (result exnref) (try_table (catch_all 0)) (unreachable)): [] is not [exnref].
  expect_invalid(with_tags({}, {try_table(bt_empty(), 0, 1), op(Op::end), op(Op::unreachable)},
                           {VT::exnref}, {catch_all_clause(0)}),
                 msg::type_mismatch);
}

// The decoder always stores a try_table's clauses: a range beyond Func::catches is our bug.
TEST(TryTable, ClauseRangeBeyondTheListIsACrash) {
  expect_invalid(
      with_tags({}, {try_table(bt_empty(), 0, 2), op(Op::end)}, {}, {catch_all_clause(0)}),
      msg::internal_error, {}, Outcome::crash);
}

// Legacy "try bt instr1* (catch x instr2*)* (catch_all instr3*)? end".
TEST(LegacyTry, IsABlock) {
  expect_valid(with_tags({}, {blk(Op::try_, bt_val(VT::i32)), i32c(1), op(Op::end)}, {VT::i32}));
  expect_invalid(with_tags({}, {blk(Op::try_, bt_val(VT::i32)), op(Op::end)}, {VT::i32}),
                 msg::type_mismatch);
  expect_invalid(with_tags({}, {blk(Op::try_, bt_val(VT::i32)), i64c(42), op(Op::end)}, {VT::i32}),
                 msg::type_mismatch);
}

// Each catch block: [t*] -> [t2*] with C.tags[x] = [t*] -> [] (the tag's values are pushed).
TEST(LegacyTry, CatchBlockStartsWithTheTagParameters) {
  expect_valid(with_tags({{VT::i32}},
                         {blk(Op::try_, bt_val(VT::i32)), i32c(42), op(Op::catch_, 0), op(Op::end)},
                         {VT::i32}));
  // (tag (param i64)) (try (result i32) (do (i32.const 42)) (catch 0)): i64 is not i32.
  expect_invalid(
      with_tags({{VT::i64}},
                {blk(Op::try_, bt_val(VT::i32)), i32c(42), op(Op::catch_, 0), op(Op::end)},
                {VT::i32}),
      msg::type_mismatch);
  // (tag) (try (do) (catch 0 (i32.const 42))): a value left over.
  expect_invalid(with_tags({{}}, {blk(Op::try_), op(Op::catch_, 0), i32c(42), op(Op::end)}),
                 msg::type_mismatch);
  // The try's body is checked at the catch, as a block's at its end.
  expect_invalid(with_tags({{}}, {blk(Op::try_, bt_val(VT::i32)), op(Op::catch_, 0), i32c(1),
                                  op(Op::end), op(Op::drop)}),
                 msg::type_mismatch);
}

TEST(LegacyTry, CatchTagMustExist) {
  expect_invalid(with_tags({}, {blk(Op::try_), op(Op::catch_, 0), op(Op::end)}),
                 std::string(msg::unknown_tag) + " 0");
}

TEST(LegacyTry, CatchAllBlockHasNoValues) {
  expect_valid(with_tags({}, {blk(Op::try_), op(Op::catch_all), op(Op::end)}));
  expect_invalid(with_tags({}, {blk(Op::try_), op(Op::catch_all), i32c(42), op(Op::end)}),
                 msg::type_mismatch);
  expect_valid(with_tags({{VT::f32}}, {blk(Op::try_), op(Op::catch_, 0), op(Op::drop),
                                       op(Op::catch_all), op(Op::end)}));
}

// catch / catch_all / delegate where the grammar has none (the decoder rejects them; a
// hand-built body gets "type mismatch", as `else` without `if`).
TEST(LegacyTry, MisplacedCatchAndDelegate) {
  expect_invalid(with_tags({{}}, {op(Op::catch_, 0)}), msg::type_mismatch);
  expect_invalid(with_tags({}, {blk(Op::block), op(Op::catch_all), op(Op::end)}),
                 msg::type_mismatch);
  expect_invalid(
      with_tags({{}}, {blk(Op::try_), op(Op::catch_all), op(Op::catch_, 0), op(Op::end)}),
      msg::type_mismatch);
  expect_invalid(with_tags({}, {blk(Op::try_), op(Op::catch_all), op(Op::catch_all), op(Op::end)}),
                 msg::type_mismatch);
  expect_invalid(with_tags({}, {blk(Op::try_), op(Op::catch_all), op(Op::delegate, 0)}),
                 msg::type_mismatch);
  expect_invalid(with_tags({}, {op(Op::delegate, 0)}), msg::type_mismatch);
}

// "try bt instr* delegate l": C.labels[l] in C, the context outside the try.
TEST(LegacyTry, DelegateLabelIsLookedUpOutside) {
  expect_valid(with_tags({}, {blk(Op::try_), op(Op::delegate, 0)}));
  // (func (try (do) (delegate 1))): only the function's label is outside.
  expect_invalid(with_tags({}, {blk(Op::try_), op(Op::delegate, 1)}),
                 std::string(msg::unknown_label) + " 1");
  expect_valid(with_tags({}, {blk(Op::block), blk(Op::try_), op(Op::delegate, 1), op(Op::end)}));
  // The try's results are checked at the delegate and pushed after it.
  expect_valid(
      with_tags({}, {blk(Op::try_, bt_val(VT::i32)), i32c(1), op(Op::delegate, 0)}, {VT::i32}));
  expect_invalid(with_tags({}, {blk(Op::try_, bt_val(VT::i32)), op(Op::delegate, 0)}, {VT::i32}),
                 msg::type_mismatch);
}

// "rethrow l": C.labels[l] = catch [t*], the label of a catch or catch_all block;
// stack-polymorphic.
TEST(LegacyTry, RethrowTargetsACatchLabel) {
  expect_valid(
      with_tags({{}}, {blk(Op::try_), op(Op::catch_, 0), op(Op::rethrow, 0), op(Op::end)}));
  expect_valid(with_tags({}, {blk(Op::try_), op(Op::catch_all), blk(Op::block), op(Op::rethrow, 1),
                              op(Op::end), op(Op::end)}));
  expect_valid(with_tags({}, {blk(Op::try_), op(Op::catch_all), op(Op::rethrow, 0), op(Op::i32_add),
                              op(Op::drop), op(Op::end)}));
}

TEST(LegacyTry, InvalidRethrowLabel) {
  expect_invalid(with_tags({}, {op(Op::rethrow, 0)}), "invalid rethrow label");
  expect_invalid(with_tags({}, {blk(Op::block), op(Op::rethrow, 0), op(Op::end)}),
                 "invalid rethrow label");
  // (try (do (rethrow 0)) (delegate 0)): the try's own body is no catch block.
  expect_invalid(with_tags({}, {blk(Op::try_), op(Op::rethrow, 0), op(Op::delegate, 0)}),
                 "invalid rethrow label");
  expect_invalid(with_tags({}, {blk(Op::try_), op(Op::catch_all), blk(Op::block),
                                op(Op::rethrow, 0), op(Op::end), op(Op::end)}),
                 "invalid rethrow label");
  expect_invalid(with_tags({}, {op(Op::rethrow, 1)}), std::string(msg::unknown_label) + " 1");
}

// exnref is a reference type: locals (defaultable, null), typed select, ref.is_null, tables,
// element segments and globals; untyped select takes numeric and vector types only.
TEST(Exnref, WhereReferenceTypesGo) {
  expect_valid(
      with_tags({}, {op(Op::local_get, 0), op(Op::ref_is_null)}, {VT::i32}, {}, {VT::exnref}));
  expect_valid(with_tags({},
                         {ref_null(VT::exnref), op(Op::local_get, 0), i32c(1), select_t(VT::exnref),
                          op(Op::local_set, 0)},
                         {}, {}, {VT::exnref}));
  expect_invalid(with_tags({}, {ref_null(VT::exnref), ref_null(VT::exnref), i32c(1), op(Op::select),
                                op(Op::drop)}),
                 msg::type_mismatch);
  expect_invalid(with_tags({}, {ref_null(VT::exnref), op(Op::local_set, 0)}, {}, {}, {VT::funcref}),
                 msg::type_mismatch);
  ModuleBuilder b;
  b.table(1, VT::exnref);
  b.global(VT::exnref, Mut::var, {ref_null(VT::exnref), op(Op::end)});
  Elem e;
  e.mode = Elem::Mode::passive;
  e.type = VT::exnref;
  e.init.push_back({ref_null(VT::exnref), op(Op::end)});
  b.m.elems.push_back(e);
  b.func({}, {}, {i32c(0), op(Op::global_get, 0), op(Op::table_set, 0), op(Op::end)});
  expect_valid(b.m);
}
}  // namespace wasmref

// ---- Core 3.0 typed function references and GC (valid/instructions.rst, valid/types.rst) ----

namespace wasmref {
namespace {

using test::ModuleBuilder;
using test::op;
using test::i32c;
using test::ref_null;
using VT = ValType;

using test::field;
using test::struct_type;
ValType ref_to(u32 x, bool nullable) { return test::ref_idx(x, nullable); }

Instr typed(Op o, ValType t) {
  Instr i = op(o);
  i.ref_type = t;
  return i;
}

TEST(TypedReferences, LocalInitialization) {
  // A (ref func) local must be set before it is read, and a set inside a block is undone at
  // the block's end.
  const ValType rf = ValType::ref(AbsHeap::func, false);
  ModuleBuilder b;
  const u32 f = b.func({}, {}, {op(Op::end)});
  b.m.exports.push_back(Export{"f", ExternKind::func, f});  // declares f for ref.func
  b.func({}, {}, {op(Op::local_get, 0), op(Op::drop), op(Op::end)}, {rf});
  expect_invalid(b.m, std::string(msg::uninitialized_local) + " 0", Features::v3());
  ModuleBuilder ok;
  const u32 g = ok.func({}, {}, {op(Op::end)});
  ok.m.exports.push_back(Export{"g", ExternKind::func, g});
  ok.func({}, {}, {op(Op::ref_func, g), op(Op::local_set, 0), op(Op::local_get, 0), op(Op::drop), op(Op::end)}, {rf});
  expect_valid(ok.m, Features::v3());
  ModuleBuilder undone;
  const u32 h = undone.func({}, {}, {op(Op::end)});
  undone.m.exports.push_back(Export{"h", ExternKind::func, h});
  undone.func({}, {},
              {test::blk(Op::block), op(Op::ref_func, h), op(Op::local_set, 0), op(Op::end),
               op(Op::local_get, 0), op(Op::drop), op(Op::end)},
              {rf});
  expect_invalid(undone.m, std::string(msg::uninitialized_local) + " 0", Features::v3());
}

TEST(TypedReferences, CallRefAndBrOnNull) {
  // call_ref $t pops (ref null $t); br_on_null leaves (ref $t).
  ModuleBuilder b;
  const u32 t = b.type({VT::i32}, {VT::i32});
  b.func({ref_to(t, true)}, {VT::i32},
         {i32c(1), op(Op::local_get, 0), op(Op::call_ref, t), op(Op::end)});
  b.func({ref_to(t, true)}, {},
         {test::blk(Op::block), op(Op::local_get, 0), op(Op::br_on_null, 0),
          typed(Op::ref_cast, ref_to(t, false)), op(Op::drop), op(Op::end), op(Op::end)});
  expect_valid(b.m, Features::v3());
  // A funcref is no (ref null $t).
  ModuleBuilder bad;
  const u32 t2 = bad.type({}, {});
  bad.func({VT::funcref}, {}, {op(Op::local_get, 0), op(Op::call_ref, t2), op(Op::end)});
  expect_invalid(bad.m, msg::type_mismatch, Features::v3());
}

TEST(Gc, StructRulesAndSubtypes) {
  // $0 = (sub (struct (field i32))), $1 = (sub $0 (struct (field i32) (field (mut i64)))).
  ModuleBuilder b;
  b.m.types.push_back(struct_type({field(VT::i32)}, false));
  b.m.types.push_back(struct_type({field(VT::i32), field(VT::i64, Mut::var)}, false, {0}));
  // A $1 is a $0: struct.get $0 0 of a struct.new $1.
  b.func({}, {VT::i32},
         {i32c(7), test::i64c(8), op(Op::struct_new, 1), op(Op::struct_get, 0, 0), op(Op::end)});
  expect_valid(b.m, Features::v3());
  // struct.set on an immutable field.
  ModuleBuilder imm = b;
  imm.m.funcs.clear();
  imm.func({ref_to(0, true)}, {}, {op(Op::local_get, 0), i32c(1), op(Op::struct_set, 0, 0), op(Op::end)});
  expect_invalid(imm.m, msg::immutable_field, Features::v3());
  // A subtype whose field does not match its supertype's.
  ModuleBuilder sub;
  sub.m.types.push_back(struct_type({field(VT::i32)}, false));
  sub.m.types.push_back(struct_type({field(VT::i64)}, false, {0}));
  expect_invalid(sub.m, msg::sub_type, Features::v3());
  // A final supertype.
  ModuleBuilder fin;
  fin.m.types.push_back(struct_type({}, true));
  fin.m.types.push_back(struct_type({}, false, {0}));
  expect_invalid(fin.m, msg::sub_type, Features::v3());
}

TEST(Gc, BranchOnCastTypes) {
  // (block (result anyref) (br_on_cast 0 anyref (ref i31) (local.get 0)) ...): rt2 <: rt1 and
  // the label takes rt2; the fall-through is anyref.
  const ValType anyref = ValType::ref(AbsHeap::any, true);
  auto module_with = [&](ValType rt1, ValType rt2) {
    ModuleBuilder b;
    Instr cast = op(Op::br_on_cast, 0);
    cast.block_type.val = rt1;
    cast.ref_type = rt2;
    b.func({anyref}, {anyref},
           {test::blk(Op::block, test::bt_val(anyref)), op(Op::local_get, 0), cast, op(Op::end),
            op(Op::end)});
    return b.m;
  };
  expect_valid(module_with(anyref, ValType::ref(AbsHeap::i31, false)), Features::v3());
  // arrayref does not match structref: the cast's target must match its source type.
  expect_invalid(module_with(ValType::ref(AbsHeap::struct_, true), ValType::ref(AbsHeap::array, true)),
                 msg::type_mismatch, Features::v3());
}

TEST(Gc, ConstantExpressions) {
  // A global initialised by struct.new of constants (GC makes it constant); not without GC.
  ModuleBuilder b;
  b.m.types.push_back(struct_type({field(VT::i32)}));
  b.global(ref_to(0, false), Mut::const_, {i32c(1), op(Op::struct_new, 0), op(Op::end)});
  expect_valid(b.m, Features::v3());
  Features no_gc = Features::v3();
  no_gc.gc = false;
  expect_invalid(b.m, msg::constant_expression_required, no_gc);
  // A non-nullable table needs an initializer.
  ModuleBuilder t;
  const u32 f = t.func({}, {}, {op(Op::end)});
  t.table(1, ValType::ref(AbsHeap::func, false));
  expect_invalid(t.m, msg::type_mismatch, Features::v3());
  t.m.tables[0].init = {op(Op::ref_func, f), op(Op::end)};
  expect_valid(t.m, Features::v3());
}

}  // namespace
}  // namespace wasmref
