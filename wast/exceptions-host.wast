;; profile: 3.0/core
;; Core 3.0 exception handling across the host boundary (exec/instructions.rst, invocation of
;; a host function): the harness's test host module `wasmref_test` (harness/runner.cc) throws
;; its tag `e` from the host function `throw`; the exception travels through two wasm frames
;; (g, then h) and is caught by f's try_table, or, uncaught, reaches the script as an exception
;; whose tag is the host's and whose payload is the argument.

(module
  (tag $e (import "wasmref_test" "e") (param i32))
  (func $throw (import "wasmref_test" "throw") (param i32))
  (func $h (param i32) (call $throw (local.get 0)) (unreachable))
  (func $g (param i32) (call $h (i32.add (local.get 0) (i32.const 1))) (unreachable))
  ;; f -> g -> h -> host: the host's exception comes back to f with the payload x + 1.
  (func (export "f") (param i32) (result i32)
    (block $caught (result i32)
      (try_table (catch $e $caught)
        (call $g (local.get 0)))
      (i32.const -1)))
  ;; catch_ref keeps the very exception: rethrown with throw_ref, caught again by catch_all.
  (func (export "rethrow") (param i32) (result i32)
    (block $outer
      (try_table (catch_all $outer)
        (block $c (result i32 exnref)
          (try_table (catch_ref $e $c) (call $g (local.get 0)))
          (unreachable))
        (throw_ref)))
    (i32.const 42))
  (func (export "uncaught") (param i32) (call $g (local.get 0)))
)

(assert_return (invoke "f" (i32.const 1)) (i32.const 2))
(assert_return (invoke "f" (i32.const 41)) (i32.const 42))
(assert_return (invoke "rethrow" (i32.const 0)) (i32.const 42))
(assert_exception (invoke "uncaught" (i32.const 5)))
