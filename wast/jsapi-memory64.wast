;; profile: 3.0/core
;; 64-bit memories and tables across modules through the JS-API layer (every module of a script
;; is new WebAssembly.Module + new WebAssembly.Instance): an exported i64 memory or table reaches
;; JS as a Memory or Table object of address type i64, and "read the imports" hands it to the
;; importing module, whose import matching (core 3.0 exec/modules.rst, external types) requires
;; the address types to be equal (jsapi/instance.cc, jsapi/memory.cc, jsapi/table.cc).
(module $exp
  (memory (export "mem64") i64 1 4)
  (memory (export "mem32") 1 4)
  (table (export "tab64") i64 2 funcref)
  (table (export "tab32") 2 funcref)
  (func (export "grow64") (param i64) (result i64) (memory.grow 0 (local.get 0)))
  (func (export "size64") (result i64) (memory.size 0))
  (func (export "store64") (param i64 i32) (i32.store 0 (local.get 0) (local.get 1)))
  (func (export "tabsize64") (result i64) (table.size 0)))
(register "exp" $exp)

;; Same address types: links, and both modules share the memory and the table.
(module $imp
  (import "exp" "mem64" (memory i64 1))
  (import "exp" "tab64" (table i64 1 funcref))
  (func (export "load") (param i64) (result i32) (i32.load (local.get 0)))
  (func (export "size") (result i64) (memory.size))
  (func (export "tabgrow") (param i64) (result i64) (table.grow (ref.null func) (local.get 0)))
  (func (export "tabsize") (result i64) (table.size)))
(invoke $exp "store64" (i64.const 65532) (i32.const 0x0A0B0C0D))
(assert_return (invoke $imp "load" (i64.const 65532)) (i32.const 0x0A0B0C0D))
(assert_return (invoke $exp "grow64" (i64.const 2)) (i64.const 1))
(assert_return (invoke $imp "size") (i64.const 3))
(assert_return (invoke $imp "load" (i64.const 0x2FFFC)) (i32.const 0))
(assert_trap (invoke $imp "load" (i64.const 0x2FFFD)) "out of bounds memory access")
(assert_return (invoke $imp "tabgrow" (i64.const 3)) (i64.const 2))
(assert_return (invoke $exp "tabsize64") (i64.const 5))

;; A 64-bit memory or table for a 32-bit import, and the reverse: LinkError.
(assert_unlinkable
  (module (import "exp" "mem64" (memory 1)))
  "incompatible import type")
(assert_unlinkable
  (module (import "exp" "mem32" (memory i64 1)))
  "incompatible import type")
(assert_unlinkable
  (module (import "exp" "tab64" (table 1 funcref)))
  "incompatible import type")
(assert_unlinkable
  (module (import "exp" "tab32" (table i64 1 funcref)))
  "incompatible import type")
;; The limits still match as usual once the address types agree (max 4 is not <= 3).
(assert_unlinkable
  (module (import "exp" "mem64" (memory i64 1 3)))
  "incompatible import type")
(module (import "exp" "mem64" (memory i64 3 4)))
