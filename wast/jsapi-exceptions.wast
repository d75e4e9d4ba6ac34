;; profile: 3.0/core
;; Exception handling across the JS-API boundary (js-api/index.bs; every module of a script is
;; new WebAssembly.Module + new WebAssembly.Instance, every invoke an Exported Function call):
;; an exported tag reaches JS as a WebAssembly.Tag, one per tag address, which "read the
;; imports" hands to importing modules (only a Tag will do: anything else is a LinkError there,
;; a Tag of another type a LinkError of module_instantiate); an exception that leaves wasm is a
;; WebAssembly.Exception ("call an Exported Function" step 11), also through a function that
;; another module re-exports (an Exported Function import keeps its function address).

(module $a
  (tag $e (export "e") (param i32))
  (tag $empty (export "empty"))
  (global (export "g") i32 (i32.const 0))
  (memory (export "mem") 1)
  (func (export "throw") (param i32) (throw $e (local.get 0)))
  (func (export "throw-empty") (throw $empty))
)
(register "a" $a)

;; Escaping to JS: a WebAssembly.Exception, whatever its payload.
(assert_exception (invoke $a "throw" (i32.const 1)))
(assert_exception (invoke $a "throw-empty"))

;; The tag re-exported by a second module is the same tag (the same Tag object in JS), so a
;; third module importing the re-export catches what $a throws.
(module $b
  (import "a" "e" (tag $e (param i32)))
  (import "a" "throw" (func $throw (param i32)))
  (export "e-again" (tag $e))
  (export "throw-again" (func $throw))
)
(register "b" $b)

(module $c
  (import "b" "e-again" (tag $e (param i32)))
  (import "b" "throw-again" (func $throw (param i32)))
  (func $inner (param i32) (call $throw (local.get 0)))
  (func (export "catch") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h) (call $inner (local.get 0)))
      (i32.const -1)))
  (func (export "through") (param i32) (call $inner (local.get 0)))
)
(assert_return (invoke $c "catch" (i32.const 42)) (i32.const 42))
(assert_exception (invoke $c "through" (i32.const 42)))
(assert_exception (invoke $b "throw-again" (i32.const 42)))

;; "read the imports", tag: v must implement Tag, else LinkError.
(assert_unlinkable
  (module (import "a" "throw" (tag (param i32))))
  "incompatible import type")
(assert_unlinkable
  (module (import "a" "g" (tag (param i32))))
  "incompatible import type")
(assert_unlinkable
  (module (import "a" "mem" (tag)))
  "incompatible import type")
(assert_unlinkable
  (module (import "a" "missing" (tag)))
  "unknown import")
;; ... and a tag where something else is expected is not that thing.
(assert_unlinkable
  (module (import "a" "e" (func (param i32))))
  "incompatible import type")
(assert_unlinkable
  (module (import "a" "e" (global i32)))
  "incompatible import type")
;; A Tag of another type: module_instantiate's import matching.
(assert_unlinkable
  (module (import "a" "e" (tag (param i64))))
  "incompatible import type")
(assert_unlinkable
  (module (import "a" "empty" (tag (param i32))))
  "incompatible import type")
(module (import "a" "e" (tag (param i32))) (import "b" "e-again" (tag (param i32))))
