;; profile: 3.0/core
;; Core 3.0 64-bit memories and tables (exec/instructions.rst, loads and stores: ea = i + offset
;; is a 65-bit sum, out of bounds when it passes the memory's size, even past 2^64 - 1) and
;; multiple memories of different address types. The reference computes ea without wrapping
;; (exec/machine.cc effective_address).
(module $m
  (memory $m64 i64 1)
  (memory $m32 1)
  (func (export "load") (param i64) (result i32) (i32.load $m64 (local.get 0)))
  (func (export "load_off1") (param i64) (result i32) (i32.load8_u $m64 offset=1 (local.get 0)))
  (func (export "load_offmax") (param i64) (result i32)
    (i32.load8_u $m64 offset=0xFFFF_FFFF_FFFF_FFFF (local.get 0)))
  (func (export "store") (param i64 i32) (i32.store $m64 (local.get 0) (local.get 1)))
  (func (export "size") (result i64) (memory.size $m64))
  (func (export "grow") (param i64) (result i64) (memory.grow $m64 (local.get 0)))
  ;; memory.copy from the 64-bit memory into the 32-bit one: d is an i32, s an i64, and the
  ;; length the smaller address type, i32.
  (func (export "copy") (param i32 i64 i32) (memory.copy $m32 $m64 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "load32") (param i32) (result i32) (i32.load $m32 (local.get 0))))

(assert_return (invoke $m "size") (i64.const 1))
(invoke $m "store" (i64.const 65532) (i32.const 0x11223344))
(assert_return (invoke $m "load" (i64.const 65532)) (i32.const 0x11223344))
(assert_trap (invoke $m "load" (i64.const 65533)) "out of bounds memory access")
;; 2^64 - 1 and sums past it trap; they never wrap around to a valid address.
(assert_trap (invoke $m "load" (i64.const -1)) "out of bounds memory access")
(assert_trap (invoke $m "load" (i64.const 0x7FFF_FFFF_FFFF_FFFF)) "out of bounds memory access")
(assert_trap (invoke $m "load_off1" (i64.const -1)) "out of bounds memory access")
(assert_trap (invoke $m "load_offmax" (i64.const 1)) "out of bounds memory access")
(assert_trap (invoke $m "load_offmax" (i64.const 0)) "out of bounds memory access")
(assert_return (invoke $m "load_off1" (i64.const 65534)) (i32.const 0x11))
(assert_trap (invoke $m "load_off1" (i64.const 65535)) "out of bounds memory access")
;; memory.copy across address types.
(invoke $m "copy" (i32.const 8) (i64.const 65532) (i32.const 4))
(assert_return (invoke $m "load32" (i32.const 8)) (i32.const 0x11223344))
(assert_trap (invoke $m "copy" (i32.const 0) (i64.const 65533) (i32.const 4)) "out of bounds memory access")
;; memory.grow answers in the address type; failure is -1 as an i64.
(assert_return (invoke $m "grow" (i64.const 1)) (i64.const 1))
(assert_return (invoke $m "size") (i64.const 2))
(assert_return (invoke $m "grow" (i64.const 0x1_0000_0000_0000)) (i64.const -1))
(assert_return (invoke $m "grow" (i64.const -1)) (i64.const -1))
(assert_return (invoke $m "size") (i64.const 2))

;; A 64-bit memory with the largest maximum (2^48 pages, 2^64 bytes) costs nothing until it
;; grows; growing past what the store allows (ExecLimits) fails with -1, not a crash.
(module $huge
  (memory i64 0 0x1_0000_0000_0000)
  (func (export "size") (result i64) (memory.size))
  (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0))))
(assert_return (invoke $huge "size") (i64.const 0))
(assert_return (invoke $huge "grow" (i64.const 1)) (i64.const 0))
(assert_return (invoke $huge "grow" (i64.const 0xFFFF_FFFF)) (i64.const -1))
(assert_return (invoke $huge "size") (i64.const 1))

;; 64-bit tables: indices, sizes and lengths are i64.
(module $t
  (table $t64 i64 2 funcref)
  (func $f (result i32) (i32.const 7))
  (elem (table $t64) (i64.const 1) func $f)
  (func (export "size") (result i64) (table.size $t64))
  (func (export "grow") (param i64) (result i64) (table.grow $t64 (ref.null func) (local.get 0)))
  (func (export "call") (param i64) (result i32) (call_indirect $t64 (result i32) (local.get 0))))
(assert_return (invoke $t "size") (i64.const 2))
(assert_return (invoke $t "call" (i64.const 1)) (i32.const 7))
(assert_trap (invoke $t "call" (i64.const 0x1_0000_0001)) "undefined element")
(assert_trap (invoke $t "call" (i64.const -1)) "undefined element")
(assert_return (invoke $t "grow" (i64.const 3)) (i64.const 2))
(assert_return (invoke $t "grow" (i64.const -1)) (i64.const -1))
(assert_return (invoke $t "size") (i64.const 5))
