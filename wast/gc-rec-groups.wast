;; profile: 3.0/core
;; Core 3.0 type canonicalization (valid/conventions.rst, iso-recursive equivalence): two
;; modules that define the same rec group have equal types at link time, so references pass
;; between them (imports match, call_indirect and ref.test/ref.cast accept them); a group that
;; differs only in field mutability, in its order or in a supertype is a different type.

(module $a
  (rec
    (type $pair (struct (field i32) (field (ref null $list))))
    (type $list (struct (field (ref null $pair)))))
  (type $mk (func (param i32) (result (ref $pair))))
  (func $make (export "make") (type $mk)
    (struct.new $pair (local.get 0) (struct.new $list (ref.null $pair))))
  (func (export "first") (param (ref $pair)) (result i32)
    (struct.get $pair 0 (local.get 0)))
  (table (export "tab") 1 funcref)
  (elem (i32.const 0) $make)
)
(register "a" $a)

;; The same rec group, at other indices (a function type first), and its own names.
(module $b
  (type $unrelated (func))
  (rec
    (type $p (struct (field i32) (field (ref null $l))))
    (type $l (struct (field (ref null $p)))))
  (type $mk (func (param i32) (result (ref $p))))
  (import "a" "make" (func $make (type $mk)))
  (import "a" "first" (func $first (param (ref $p)) (result i32)))
  (import "a" "tab" (table 1 funcref))
  (func (export "round-trip") (param i32) (result i32)
    (call $first (call $make (local.get 0))))
  ;; call_indirect with b's own $mk finds a's function: equal defined types.
  (func (export "indirect") (param i32) (result i32)
    (call $first (call_indirect (type $mk) (local.get 0) (i32.const 0))))
  ;; A struct made by a is a $p of b (ref.test / ref.cast on anyref).
  (func (export "test") (param i32) (result i32)
    (ref.test (ref $p) (call $make (local.get 0))))
  (func (export "cast") (param i32) (result i32)
    (struct.get $p 0 (ref.cast (ref $p) (call $make (local.get 0)))))
  (func (export "test-list") (param i32) (result i32)
    (ref.test (ref $l) (call $make (local.get 0))))
)
(assert_return (invoke "round-trip" (i32.const 7)) (i32.const 7))
(assert_return (invoke "indirect" (i32.const 8)) (i32.const 8))
(assert_return (invoke "test" (i32.const 1)) (i32.const 1))
(assert_return (invoke "cast" (i32.const 9)) (i32.const 9))
(assert_return (invoke "test-list" (i32.const 1)) (i32.const 0))

;; A different group (the first field mutable) is a different type: the import does not match.
(assert_unlinkable
  (module
    (rec
      (type $p (struct (field (mut i32)) (field (ref null $l))))
      (type $l (struct (field (ref null $p)))))
    (import "a" "make" (func (param i32) (result (ref $p)))))
  "incompatible import type")

;; The same two types in the other order are a different group too.
(assert_unlinkable
  (module
    (rec
      (type $l (struct (field (ref null $p))))
      (type $p (struct (field i32) (field (ref null $l)))))
    (import "a" "make" (func (param i32) (result (ref $p)))))
  "incompatible import type")

;; The pair type alone, outside a rec group, cannot even be written (it names $list), and a
;; plain struct with the same first field is not the group's type.
(assert_unlinkable
  (module
    (type $p (struct (field i32) (field (ref null struct))))
    (import "a" "make" (func (param i32) (result (ref $p)))))
  "incompatible import type")

;; A function of a declared subtype imports at its supertype (valid/matching.rst: defined
;; types match along declared supertypes), but not the other way round.
(module $c
  (type $f (sub (func (result i32))))
  (type $g (sub $f (func (result i32))))
  (func (export "g") (type $g) (i32.const 42))
  (func (export "f") (type $f) (i32.const 41))
)
(register "c" $c)
(module
  (type $super (sub (func (result i32))))
  (import "c" "g" (func $g (type $super)))
  (func (export "call-g") (result i32) (call $g))
)
(assert_return (invoke "call-g") (i32.const 42))
(assert_unlinkable
  (module
    (type $super (sub (func (result i32))))
    (type $sub (sub $super (func (result i32))))
    (import "c" "f" (func (type $sub))))
  "incompatible import type")
