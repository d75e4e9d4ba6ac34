;; profile: 3.0/core
;; Core 3.0 exception handling, decoding and validation cases the suites leave out
;; (binary/modules.rst tag section and tag types, binary/instructions.rst try_table's catch
;; clauses, valid/instructions.rst try_table and Catch_ok): the tag section's place between
;; the memory and global sections, the tag type's attribute byte, a bad clause kind, exnref as
;; a block type and table element type, and catch clauses checked in the context OUTSIDE the
;; try_table (label 0 of a clause is the enclosing block, not the try_table).

;; The tag section (id 13) sits after the memory section and before the global section.
(module binary
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00"              ;; type section: [] -> []
  "\05\03\01\00\01"                 ;; memory section: one memory
  "\0d\03\01\00\00"                 ;; tag section: one tag of type 0
  "\06\06\01\7f\00\41\00\0b"        ;; global section: (global i32 (i32.const 0))
)
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"            ;; type section
    "\06\06\01\7f\00\41\00\0b"      ;; global section
    "\0d\03\01\00\00"               ;; tag section after it
  )
  "unexpected content after last section"
)
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"            ;; type section
    "\0d\03\01\00\00"               ;; tag section
    "\05\03\01\00\01"               ;; memory section after it
  )
  "unexpected content after last section"
)
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"            ;; type section
    "\0d\03\01\00\00"               ;; tag section
    "\0d\03\01\00\00"               ;; tag section again
  )
  "unexpected content after last section"
)

;; tagtype ::= 0x00 typeidx: any other attribute byte is malformed, in the tag section and in
;; an import.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"            ;; type section
    "\0d\03\01\01\00"               ;; tag with attribute 1
  )
  "zero byte expected"
)
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"            ;; type section
    "\02\08\01\01m\01t\04\01\00"    ;; import "m" "t" (tag) with attribute 1
  )
  "zero byte expected"
)

;; try_table's clause kinds are 0x00..0x03.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"            ;; type section
    "\03\02\01\00"                  ;; function section
    "\0a\0a\01"                     ;; code section
    "\08\00"                        ;; function body, no locals
    "\1f\40\01\04\00"               ;; try_table, one clause of kind 0x04
    "\0b\0b"                        ;; end end
  )
  "malformed catch clause"
)

;; exnref (0x69) as a block type and as a table's element type.
(module binary
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00"              ;; type section
  "\03\02\01\00"                    ;; function section
  "\04\04\01\69\00\01"              ;; table section: (table 1 exnref)
  "\0a\0a\01"                       ;; code section
  "\08\00"                          ;; function body, no locals
  "\02\69\d0\69\0b"                 ;; block (result exnref) ref.null exn end
  "\1a\0b"                          ;; drop end
)

;; Catch clauses are checked outside the try_table: label 0 of the clause is the block.
(module
  (tag $e (param i32))
  (func (export "outer-label") (result i32)
    (block $b (result i32)
      (try_table (catch $e 0) (throw $e (i32.const 1)))
      (i32.const 0)))
)
(assert_invalid
  (module
    (tag $e (param i32))
    ;; were label 0 the try_table's own ([i32]), this would be valid; it is the block ([i64])
    (func (result i64)
      (block (result i64)
        (try_table (result i32) (catch $e 0) (i32.const 0))
        (drop)
        (i64.const 0))))
  "type mismatch"
)
(assert_invalid
  (module (func (try_table (catch_all 1))))
  "unknown label"
)
(assert_invalid
  (module (func (block (try_table (catch 3 1)))))
  "unknown tag"
)
;; A clause that carries values the label does not take.
(assert_invalid
  (module (tag $e (param f32)) (func (block (try_table (catch $e 0)))))
  "type mismatch"
)
(assert_invalid
  (module (func (result i32 exnref) (block (result i32 exnref) (try_table (catch_all_ref 0))) (unreachable)))
  "type mismatch"
)

;; exnref is a reference type: locals, typed select, ref.is_null, tables, globals.
(module
  (table 2 exnref)
  (global $g (mut exnref) (ref.null exn))
  (func (export "null") (result i32)
    (local $x exnref)
    (ref.is_null (select (result exnref) (local.get $x) (global.get $g) (i32.const 1))))
)
(assert_invalid
  (module (func (result i32) (ref.is_null (select (ref.null exn) (ref.null exn) (i32.const 1)))))
  "type mismatch"
)
(assert_invalid
  (module (func (throw_ref (ref.null extern))))
  "type mismatch"
)
(assert_invalid
  (module (tag $e (param i32)) (func (result i32) (throw $e (i64.const 0))))
  "type mismatch"
)
