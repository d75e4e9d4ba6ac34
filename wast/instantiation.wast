;; Instantiation order (Core 2.0 §4.5.4): element segments, then data segments, then the start
;; function; a trap keeps the writes done before it; link errors are not traps.
(module $M
  (memory (export "mem") 1)
  (table (export "tab") 10 funcref)
  (global (export "g") (mut i32) (i32.const 0))
  (func (export "f") (result i32) (i32.const 7))
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "call") (param i32) (result i32) (call_indirect (result i32) (local.get 0))))
(register "M" $M)

;; a data segment traps: the one before it stays written
(assert_trap
  (module (import "M" "mem" (memory 1))
    (data (i32.const 0) "\2a")
    (data (i32.const 65536) "x"))
  "out of bounds memory access")
(assert_return (invoke $M "load" (i32.const 0)) (i32.const 42))

;; the start function traps after both kinds of segments were written
(assert_trap
  (module (import "M" "mem" (memory 1)) (import "M" "tab" (table 10 funcref))
    (import "M" "f" (func $f (result i32)))
    (elem (i32.const 3) $f)
    (data (i32.const 1) "\2b")
    (func $s unreachable) (start $s))
  "unreachable")
(assert_return (invoke $M "load" (i32.const 1)) (i32.const 43))
(assert_return (invoke $M "call" (i32.const 3)) (i32.const 7))

;; an element segment traps: no data segment has run yet
(assert_trap
  (module (import "M" "mem" (memory 1)) (import "M" "tab" (table 10 funcref))
    (func $g (result i32) (i32.const 8))
    (elem (i32.const 9) $g $g)
    (data (i32.const 2) "\2c"))
  "out of bounds table access")
(assert_return (invoke $M "load" (i32.const 2)) (i32.const 0))
;; ... but the element written before the out-of-bounds one? No: table.init checks the whole
;; range first (§4.4.5 table.init traps before writing anything).
(assert_trap (invoke $M "call" (i32.const 9)) "uninitialized element")

;; link errors: unknown names and every kind of type mismatch
(assert_unlinkable (module (import "M" "nope" (func))) "unknown import")
(assert_unlinkable (module (import "nowhere" "f" (func))) "unknown import")
(assert_unlinkable (module (import "M" "f" (func (result i64)))) "incompatible import type")
(assert_unlinkable (module (import "M" "f" (global i32))) "incompatible import type")
(assert_unlinkable (module (import "M" "g" (global i32))) "incompatible import type")
(assert_unlinkable (module (import "M" "mem" (memory 2))) "incompatible import type")
(assert_unlinkable (module (import "M" "mem" (memory 0 1))) "incompatible import type")
(assert_unlinkable (module (import "M" "tab" (table 11 funcref))) "incompatible import type")
(assert_unlinkable (module (import "M" "tab" (table 10 externref))) "incompatible import type")
(module (import "M" "mem" (memory 0)) (import "M" "g" (global (mut i32))))
