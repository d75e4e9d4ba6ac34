;; wast2json 1.0.32 writes the `expected` type list of a multi-result action without commas
;; (`[{"type": "i32"}{"type": "i64"}]`, notes-harness §1.6). The harness must read it anyway.
(module
  (func (export "trap-two") (result i32 i64) (unreachable))
  (func (export "pair") (result i32 i64) (i32.const 1) (i64.const 2))
  (func (export "triple") (result f32 i64 f64)
    (f32.const -0) (i64.const -1) (f64.const nan:0x4)))
(assert_trap (invoke "trap-two") "unreachable")
(invoke "pair")
(assert_return (invoke "pair") (i32.const 1) (i64.const 2))
(assert_return (invoke "triple") (f32.const -0) (i64.const -1) (f64.const nan:0x4))
