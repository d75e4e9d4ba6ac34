;; profile: 3.0/core
;; Core 3.0 GC (exec/instructions.rst struct.new, struct.get, struct.set, br_on_null): a linked
;; list of 10^6 structs built in a loop, walked, summed and rewritten in place. Nothing is
;; collected during a script: the store keeps every struct (runtime/store.h, bounded by
;; ExecLimits::max_gc_bytes), and 10^6 of them must fit well within it.

(module
  (type $node (struct (field $value (mut i32)) (field $next (ref null $node))))
  (global $head (mut (ref null $node)) (ref.null $node))

  ;; Pushes i = 1 .. n in order: the head holds n, its successor n - 1, the last node 1.
  (func (export "build") (param $n i32)
    (local $i i32)
    (global.set $head (ref.null $node))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (global.set $head (struct.new $node (local.get $i) (global.get $head)))
        (br $next))))

  ;; The number of nodes, following next until null.
  (func (export "length") (result i32)
    (local $p (ref null $node)) (local $k i32)
    (local.set $p (global.get $head))
    (block $end
      (loop $walk
        (local.set $p (struct.get $node $next (br_on_null $end (local.get $p))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $walk)))
    (local.get $k))

  ;; The sum of the values, in i64 (1 + ... + 10^6 = 500000500000).
  (func (export "sum") (result i64)
    (local $p (ref null $node)) (local $s i64)
    (local.set $p (global.get $head))
    (block $end
      (loop $walk
        (br_if $end (ref.is_null (local.get $p)))
        (local.set $s (i64.add (local.get $s)
                               (i64.extend_i32_u (struct.get $node $value (local.get $p)))))
        (local.set $p (struct.get $node $next (local.get $p)))
        (br $walk)))
    (local.get $s))

  ;; Doubles every value in place (struct.set on the shared nodes).
  (func (export "double")
    (local $p (ref null $node))
    (local.set $p (global.get $head))
    (block $end
      (loop $walk
        (br_if $end (ref.is_null (local.get $p)))
        (struct.set $node $value (local.get $p)
          (i32.mul (struct.get $node $value (local.get $p)) (i32.const 2)))
        (local.set $p (struct.get $node $next (local.get $p)))
        (br $walk))))

  (func (export "head-value") (result i32)
    (struct.get $node $value (global.get $head)))

  ;; struct.get on null traps.
  (func (export "get-null") (result i32)
    (struct.get $node $value (ref.null $node)))
)

(assert_return (invoke "length") (i32.const 0))
(assert_return (invoke "sum") (i64.const 0))
(assert_trap (invoke "head-value") "null structure reference")
(invoke "build" (i32.const 1000000))
(assert_return (invoke "length") (i32.const 1000000))
(assert_return (invoke "head-value") (i32.const 1000000))
(assert_return (invoke "sum") (i64.const 500000500000))
(invoke "double")
(assert_return (invoke "sum") (i64.const 1000001000000))
(assert_return (invoke "head-value") (i32.const 2000000))
(assert_trap (invoke "get-null") "null structure reference")
