;; profile: 3.0/legacy/exceptions
;; The legacy exception instructions (legacy-exceptions/exec.rst): rethrow from a catch block
;; nested in another catch block (each rethrow finds its own caught exception), delegate to
;; the function's label (the exception leaves the function), a catch block that re-enters the
;; same try through a loop, and a try/catch interleaved with try_table.

(module
  (tag $a (param i32))
  (tag $b (param i32))

  (func $throw-a (param i32) (throw $a (local.get 0)))

  ;; the inner catch's rethrow 0 throws $b, the outer catch's rethrow 1 would throw $a
  (func (export "nested-rethrow") (result i32)
    (try (result i32)
      (do
        (try (result i32)
          (do (throw $a (i32.const 1)))
          (catch $a
            (drop)
            (try (result i32)
              (do (throw $b (i32.const 2)))
              (catch $b
                (drop)
                (rethrow 1))))))
      (catch $a)
      (catch $b (i32.add (i32.const 100)))))

  ;; delegate to the function's own label: the exception leaves the function, the caller's
  ;; handler sees it
  (func $delegate-out
    (try (do (try (do (call $throw-a (i32.const 3))) (delegate 1))) (catch_all)))
  (func (export "delegate-out") (result i32)
    (try (result i32)
      (do (call $delegate-out) (i32.const -1))
      (catch $a)))

  ;; a loop re-entering the try from its catch block, five times
  (func (export "loop-retry") (result i32)
    (local $n i32)
    (block $done
      (loop $again
        (try
          (do
            (local.set $n (i32.add (local.get $n) (i32.const 1)))
            (br_if $done (i32.eq (local.get $n) (i32.const 5)))
            (call $throw-a (local.get $n)))
          (catch $a (drop) (br $again)))))
    (local.get $n))

  ;; a legacy try inside a try_table: the try's catch_all wins, then try_table sees nothing
  (func (export "mixed") (result i32)
    (block $h (result i32)
      (try_table (catch $a $h)
        (try (do (call $throw-a (i32.const 4))) (catch_all)))
      (i32.const 10)))
)

(assert_return (invoke "nested-rethrow") (i32.const 1))
(assert_return (invoke "delegate-out") (i32.const 3))
(assert_return (invoke "loop-retry") (i32.const 5))
(assert_return (invoke "mixed") (i32.const 10))
