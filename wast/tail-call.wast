;; profile: proposals/tail-call
;; Core 3.0 tail calls (exec/instructions.rst return_call, return_call_indirect): the callee
;; replaces the caller's frame, so chains and cycles of a million tail calls run in constant
;; space, far beyond the call-depth limit (20,000 frames) that the same recursion with `call`
;; exhausts. Runs with the tail_call feature (first line: the profile this script needs).

(module
  (import "spectest" "print_i32" (func $print (param i32)))
  (type $ii (func (param i32 i32) (result i32)))
  (type $i (func (param i32) (result i32)))
  (table $tab 2 funcref)
  (elem (table $tab) (i32.const 0) func $even-ind $odd-ind)

  ;; count(n, acc) = n == 0 ? acc : count(n - 1, acc + 1), leaving an i64 beneath the
  ;; arguments each time (the operand stack is trimmed to the arguments).
  (func $count (export "count") (param i32 i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (local.get 1))
      (else
        (i64.const 7)
        (return_call $count (i32.sub (local.get 0) (i32.const 1))
                            (i32.add (local.get 1) (i32.const 1))))))

  ;; The same recursion with `call`: its frames pile up.
  (func $count-call (export "count-call") (param i32 i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (local.get 1))
      (else
        (call $count-call (i32.sub (local.get 0) (i32.const 1))
                          (i32.add (local.get 1) (i32.const 1))))))

  ;; Mutual recursion between two functions.
  (func $even (export "even") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 1))
      (else (return_call $odd (i32.sub (local.get 0) (i32.const 1))))))
  (func $odd (export "odd") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (return_call $even (i32.sub (local.get 0) (i32.const 1))))))

  ;; Mutual recursion through return_call_indirect (table slots 0 and 1).
  (func $even-ind (export "even-indirect") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 1))
      (else (return_call_indirect $tab (type $i)
              (i32.sub (local.get 0) (i32.const 1)) (i32.const 1)))))
  (func $odd-ind (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (return_call_indirect $tab (type $i)
              (i32.sub (local.get 0) (i32.const 1)) (i32.const 0)))))

  ;; A tail call from inside blocks and a loop, with values of the caller left on the stack:
  ;; they and the labels go; the caller of `nested` gets sub's result only.
  (func $sub (param i32 i32) (result i32) (i32.sub (local.get 0) (local.get 1)))
  (func $nested (export "nested") (result i32)
    (block (result i32)
      (i32.const 99)
      (loop
        (block
          (i32.const 1) (i32.const 2)
          (return_call $sub (i32.const 50) (i32.const 8)))))
    (unreachable))
  (func (export "after-nested") (result i32)
    (i32.add (i32.const 1000) (call $nested)))

  ;; Tail calls to a host function: spectest's print_i32 runs in the place of the frame, at
  ;; the bottom of the invocation and below a wasm caller.
  (func $tail-print (export "tail-print") (param i32)
    (return_call $print (local.get 0)))
  (func (export "call-tail-print") (result i32)
    (call $tail-print (i32.const 5))
    (i32.const 6))

  ;; return_call_indirect's traps, through a table of [f1, null, null] with f1 : [] -> [i32].
  (table $t3 3 funcref)
  (elem (table $t3) (i32.const 0) func $one)
  (func $one (result i32) (i32.const 1))
  (func (export "tail-indirect") (param i32) (result i32)
    (return_call_indirect $t3 (result i32) (local.get 0)))
  (func (export "tail-indirect-mismatch") (param i32) (result i64)
    (return_call_indirect $t3 (result i64) (local.get 0)))
)

(assert_return (invoke "count" (i32.const 1000000) (i32.const 0)) (i32.const 1000000))
(assert_return (invoke "count-call" (i32.const 1000) (i32.const 0)) (i32.const 1000))
(assert_exhaustion (invoke "count-call" (i32.const 1000000) (i32.const 0)) "call stack exhausted")
(assert_return (invoke "even" (i32.const 1000000)) (i32.const 1))
(assert_return (invoke "odd" (i32.const 1000001)) (i32.const 1))
(assert_return (invoke "even-indirect" (i32.const 1000000)) (i32.const 1))
(assert_return (invoke "even-indirect" (i32.const 999999)) (i32.const 0))
(assert_return (invoke "nested") (i32.const 42))
(assert_return (invoke "after-nested") (i32.const 1042))
(assert_return (invoke "tail-print" (i32.const 5)))
(assert_return (invoke "call-tail-print") (i32.const 6))
(assert_return (invoke "tail-indirect" (i32.const 0)) (i32.const 1))
(assert_trap (invoke "tail-indirect" (i32.const 1)) "uninitialized element")
(assert_trap (invoke "tail-indirect" (i32.const 3)) "undefined element")
(assert_trap (invoke "tail-indirect" (i32.const -1)) "undefined element")
(assert_trap (invoke "tail-indirect-mismatch" (i32.const 0)) "indirect call type mismatch")
;; After the traps the machine is intact: a deep chain still runs.
(assert_return (invoke "count" (i32.const 1000000) (i32.const 1)) (i32.const 1000001))

;; Across module boundaries: "ping" of one module and "pong" of another tail-call each other
;; a million times through a shared table (Overview: tail calls across modules are tail calls).
(module $ping
  (type $i (func (param i32) (result i32)))
  (table (export "tab") 2 funcref)
  (elem (i32.const 0) func $ping)
  (func $ping (export "ping") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 111))
      (else (return_call_indirect (type $i)
              (i32.sub (local.get 0) (i32.const 1)) (i32.const 1)))))
)
(register "ping" $ping)
(module $pong
  (type $i (func (param i32) (result i32)))
  (import "ping" "tab" (table 2 funcref))
  (import "ping" "ping" (func $ping (type $i)))
  (elem (i32.const 1) func $pong)
  (func $pong (export "pong") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 222))
      (else (return_call $ping (i32.sub (local.get 0) (i32.const 1))))))
)
(assert_return (invoke $pong "pong" (i32.const 1000000)) (i32.const 222))
(assert_return (invoke $pong "pong" (i32.const 1000001)) (i32.const 111))
(assert_return (invoke $ping "ping" (i32.const 1000000)) (i32.const 111))

;; Validation: the callee's results must be the caller's; the instruction is
;; stack-polymorphic.
(assert_invalid
  (module
    (func $f (result i64) (i64.const 0))
    (func (result i32) (return_call $f)))
  "type mismatch")
(assert_invalid
  (module
    (type $t (func (result i64)))
    (table 1 funcref)
    (func (result i32) (return_call_indirect (type $t) (i32.const 0))))
  "type mismatch")
(module
  (func $f (param i32) (result i64) (i64.const 0))
  (func (result i64) (f32.const 0) (i32.const 1) (return_call $f) (i64.add)))
