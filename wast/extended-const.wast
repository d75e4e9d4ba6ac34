;; profile: proposals/extended-const
;; Core 3.0 extended constant expressions (valid/instructions.rst "Constant Expressions",
;; valid/modules.rst Globals_ok and Module_ok, exec/modules.rst evalglobals): i32/i64 add,
;; sub and mul are constant; a global's initializer reads the imported and the earlier
;; globals, evaluated in order; segments read every global. Runs with the extended_const
;; feature (first line: the profile this script needs).

(module
  (global $imp (import "spectest" "global_i32") i32)  ;; 666
  (global $a i32 (i32.const 10))
  (global $b i32 (i32.mul (global.get $a) (i32.add (global.get $imp) (i32.const 4))))  ;; 6700
  (global $c i32 (i32.sub (global.get $b) (global.get $a)))                             ;; 6690
  ;; Modular arithmetic: wraps like the instructions.
  (global $w32 i32 (i32.add (i32.const 0x7fffffff) (i32.const 1)))
  (global $m32 i32 (i32.mul (i32.const 0x10000) (i32.const 0x10000)))
  (global $s32 i32 (i32.sub (i32.const 0) (i32.const 1)))
  (global $w64 i64 (i64.add (i64.const 0x7fffffffffffffff) (i64.const 1)))
  (global $m64 i64 (i64.mul (i64.const 0x100000000) (i64.const 0x100000000)))
  (global $s64 i64 (i64.sub (i64.const 5) (i64.const 7)))
  (global $mix i64 (i64.mul (i64.sub (i64.const 100) (i64.const 1)) (i64.add (i64.const 2) (i64.const 1))))
  (func (export "b") (result i32) (global.get $b))
  (func (export "c") (result i32) (global.get $c))
  (func (export "w32") (result i32) (global.get $w32))
  (func (export "m32") (result i32) (global.get $m32))
  (func (export "s32") (result i32) (global.get $s32))
  (func (export "w64") (result i64) (global.get $w64))
  (func (export "m64") (result i64) (global.get $m64))
  (func (export "s64") (result i64) (global.get $s64))
  (func (export "mix") (result i64) (global.get $mix))
)
(assert_return (invoke "b") (i32.const 6700))
(assert_return (invoke "c") (i32.const 6690))
(assert_return (invoke "w32") (i32.const 0x80000000))
(assert_return (invoke "m32") (i32.const 0))
(assert_return (invoke "s32") (i32.const -1))
(assert_return (invoke "w64") (i64.const 0x8000000000000000))
(assert_return (invoke "m64") (i64.const 0))
(assert_return (invoke "s64") (i64.const -2))
(assert_return (invoke "mix") (i64.const 297))

;; Segments: data and element offsets computed from defined globals, and an element
;; initializer that reads a defined funcref global.
(module
  (memory 1)
  (table 8 funcref)
  (global $base i32 (i32.const 2))
  (global $off i32 (i32.add (global.get $base) (i32.mul (global.get $base) (i32.const 3))))  ;; 8
  (global $fr funcref (ref.func $seven))
  (func $seven (result i32) (i32.const 7))
  (func $nine (result i32) (i32.const 9))
  (data (offset (i32.sub (global.get $off) (i32.const 1))) "\aa\bb")  ;; at 7
  (elem (table 0) (offset (i32.add (global.get $base) (i32.const 1))) funcref
    (item (global.get $fr)) (item (ref.func $nine)))                   ;; at 3, 4
  (func (export "byte") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "call") (param i32) (result i32)
    (call_indirect (result i32) (local.get 0)))
)
(assert_return (invoke "byte" (i32.const 6)) (i32.const 0))
(assert_return (invoke "byte" (i32.const 7)) (i32.const 0xaa))
(assert_return (invoke "byte" (i32.const 8)) (i32.const 0xbb))
(assert_return (invoke "call" (i32.const 3)) (i32.const 7))
(assert_return (invoke "call" (i32.const 4)) (i32.const 9))
(assert_trap (invoke "call" (i32.const 2)) "uninitialized element")

;; A computed offset out of bounds traps at instantiation, like a constant one.
(assert_trap
  (module
    (memory 1)
    (global $g i32 (i32.const 0x8000))
    (data (i32.add (global.get $g) (global.get $g)) "x"))
  "out of bounds memory access")
;; i32 arithmetic wraps before the bounds check: 0xffffffff + 1 is offset 0.
(module
  (memory 1)
  (data (i32.add (i32.const 0xffffffff) (i32.const 1)) "z")
  (func (export "byte0") (result i32) (i32.load8_u (i32.const 0))))
(assert_return (invoke "byte0") (i32.const 0x7a))

;; Validation.
(assert_invalid
  (module (global i32 (global.get 0)))
  "unknown global 0")
(assert_invalid
  (module (global i32 (global.get 1)) (global i32 (i32.const 0)))
  "unknown global 1")
(assert_invalid
  (module (global (mut i32) (i32.const 0)) (global i32 (global.get 0)))
  "constant expression required")
(assert_invalid
  (module (memory 1) (global (mut i32) (i32.const 0)) (data (global.get 0) ""))
  "constant expression required")
(assert_invalid
  (module (global i32 (i32.div_s (i32.const 1) (i32.const 1))))
  "constant expression required")
(assert_invalid
  (module (global i64 (i64.and (i64.const 1) (i64.const 1))))
  "constant expression required")
(assert_invalid
  (module (global f32 (f32.add (f32.const 1) (f32.const 1))))
  "constant expression required")
(assert_invalid
  (module (global i32 (i32.add (i64.const 1) (i32.const 1))))
  "type mismatch")
(assert_invalid
  (module (global i32 (i64.add (i64.const 1) (i64.const 1))))
  "type mismatch")
(assert_invalid
  (module (global i32 (i32.const 1) (i32.add)))
  "type mismatch")
