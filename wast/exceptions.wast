;; profile: 3.0/core
;; options: --max-call-depth 200000
;; Core 3.0 exception handling (exec/instructions.rst throw, throw_ref, try_table): exceptions
;; crossing instances (a tag exported by one module, thrown by a function of another and
;; caught two wasm frames up), a deep unwind through 10^5 frames (the handler is at the bottom;
;; needs --max-call-depth above the default 20000), handlers of a frame that returned or
;; branched away never catching, catch_ref and throw_ref keeping the same exception, and the
;; operand stack restored to the try_table's height.

(module $thrower
  (tag $e (export "e") (param i32))
  (tag $f (export "f"))
  (func (export "throw") (param i32) (throw $e (local.get 0)))
  (func (export "throw-f") (throw $f))
)
(register "thrower" $thrower)

(module
  (tag $e (import "thrower" "e") (param i32))
  (tag $f (import "thrower" "f"))
  (func $throw (import "thrower" "throw") (param i32))
  (func $throw-f (import "thrower" "throw-f"))

  ;; thrown in the other instance, through two frames of this one, caught here
  (func $inner (param i32) (call $throw (local.get 0)))
  (func $middle (param i32) (call $inner (local.get 0)) (unreachable))
  (func (export "cross-instance") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h) (call $middle (local.get 0)))
      (i32.const -1)))

  ;; the other tag is not caught by (catch $e ...)
  (func (export "other-tag") (result i32)
    (block $h (result i32)
      (try_table (catch $e $h) (call $throw-f))
      (i32.const -1)))

  ;; deep unwind: n frames of recursion, the throw at the top, the handler at the bottom
  (func $recurse (param i32)
    (if (i32.eqz (local.get 0)) (then (throw $e (i32.const 77))))
    (call $recurse (i32.sub (local.get 0) (i32.const 1))))
  (func (export "deep") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h) (call $recurse (local.get 0)))
      (i32.const -1)))

  ;; the operands below the try_table stay, those pushed inside it go
  (func (export "height") (result i32)
    (i32.const 100)
    (block $h (result i32)
      (try_table (catch $e $h)
        (i32.const 1) (i32.const 2) (i32.const 3)
        (call $throw (i32.const 5))
        (drop) (drop) (drop))
      (i32.const -1))
    (i32.add))

  ;; a handler of a block that was left (by br) catches nothing afterwards
  (func (export "left-handler") (result i32)
    (block $h (result i32)
      (block $out
        (try_table (catch $e $h) (br $out)))
      (call $throw (i32.const 9))
      (i32.const -1)))

  ;; catch_ref then throw_ref: the same exception reaches the outer handler
  (func (export "rethrow-ref") (result i32)
    (block $outer (result i32)
      (try_table (catch $e $outer)
        (block $inner (result i32 exnref)
          (try_table (catch_ref $e $inner) (call $throw (i32.const 42)))
          (unreachable))
        (throw_ref)
        (drop))
      (i32.const -1)))

  ;; catch_all_ref keeps the exception as a value; a null one traps
  (func (export "throw-null") (throw_ref (ref.null exn)))
)

(assert_return (invoke "cross-instance" (i32.const 7)) (i32.const 7))
(assert_exception (invoke "other-tag"))
(assert_return (invoke "deep" (i32.const 100000)) (i32.const 77))
(assert_return (invoke "height") (i32.const 105))
(assert_exception (invoke "left-handler"))
(assert_return (invoke "rethrow-ref") (i32.const 42))
(assert_trap (invoke "throw-null") "null exception reference")
