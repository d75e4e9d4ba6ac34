;; Memories of the 32-bit maximum (65536 pages, 4 GiB) cost only the pages that are touched:
;; a memory's bytes are mapped on demand (reference/runtime/mapped_array.h), not zero-filled
;; up front. When they were a zero-filled std::vector, each of these modules took about a
;; minute to instantiate and the three together exhausted the machine.
(module $a
  (memory 65536)
  (func (export "first") (result i32) (i32.load8_u (i32.const 0)))
  (func (export "last") (result i32) (i32.load8_u (i32.const -1)))
  (func (export "middle") (result i32) (i32.load (i32.const 0x80000000)))
  (func (export "touch") (i32.store8 (i32.const -1) (i32.const 7)) (i32.store8 (i32.const 0) (i32.const 9)))
  (func (export "size") (result i32) (memory.size))
  (func (export "grow") (result i32) (memory.grow (i32.const 1))))
(assert_return (invoke $a "last") (i32.const 0))
(assert_return (invoke $a "first") (i32.const 0))
(invoke $a "touch")
(assert_return (invoke $a "last") (i32.const 7))
(assert_return (invoke $a "first") (i32.const 9))
(assert_return (invoke $a "middle") (i32.const 0))
(assert_return (invoke $a "size") (i32.const 65536))
(assert_return (invoke $a "grow") (i32.const -1))

(module $b
  (memory 65536 65536)
  (data (i32.const 0xFFFFFFFC) "\01\02\03\04")
  (func (export "last") (result i32) (i32.load (i32.const 0xFFFFFFFC)))
  (func (export "past") (result i32) (i32.load (i32.const 0xFFFFFFFD))))
(assert_return (invoke $b "last") (i32.const 0x04030201))
(assert_trap (invoke $b "past") "out of bounds memory access")

(module $c
  (memory 65536)
  (func (export "fill") (memory.fill (i32.const 0xFFFF0000) (i32.const 0xAB) (i32.const 0x10000)))
  (func (export "at") (param i32) (result i32) (i32.load8_u (local.get 0))))
(invoke $c "fill")
(assert_return (invoke $c "at" (i32.const 0xFFFF0000)) (i32.const 0xAB))
(assert_return (invoke $c "at" (i32.const -1)) (i32.const 0xAB))
(assert_return (invoke $c "at" (i32.const 0xFFFEFFFF)) (i32.const 0))

;; Growing from one page to the maximum keeps the contents and adds zeros, one grow at a time
;; and in one step.
(module $d
  (memory 1)
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
(invoke $d "store" (i32.const 0) (i32.const 0x12345678))
(invoke $d "store" (i32.const 65532) (i32.const 0x0BADF00D))
(assert_return (invoke $d "grow" (i32.const 1)) (i32.const 1))
(assert_return (invoke $d "load" (i32.const 65532)) (i32.const 0x0BADF00D))
(assert_return (invoke $d "load" (i32.const 65536)) (i32.const 0))
(invoke $d "store" (i32.const 131068) (i32.const 42))
(assert_return (invoke $d "grow" (i32.const 65534)) (i32.const 2))
(assert_return (invoke $d "load" (i32.const 0)) (i32.const 0x12345678))
(assert_return (invoke $d "load" (i32.const 131068)) (i32.const 42))
(assert_return (invoke $d "load" (i32.const 0xFFFFFFFC)) (i32.const 0))
(assert_return (invoke $d "grow" (i32.const 1)) (i32.const -1))
(assert_return (invoke $d "load" (i32.const 0)) (i32.const 0x12345678))
