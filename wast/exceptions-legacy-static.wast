;; profile: 3.0/legacy/exceptions
;; Legacy exception handling (legacy-exceptions/binary.rst, valid.rst), decoding and
;; validation cases the suites leave out: `delegate` ends a try in the binary format (a body
;; whose only `end` is taken by the try lacks its final end), catch / catch_all / delegate where
;; the grammar has none, delegate's label looked up outside the try, catch blocks starting
;; with the tag's values, and rethrow's label (a catch block's, from any depth inside it).

;; try (delegate 0) closes the try: the body still needs its final end.
(module binary
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00"              ;; type section
  "\03\02\01\00"                    ;; function section
  "\0a\08\01"                       ;; code section
  "\06\00"                          ;; function body, no locals
  "\06\40\18\00"                    ;; try delegate 0
  "\0b"                             ;; final end
)
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"            ;; type section
    "\03\02\01\00"                  ;; function section
    "\0a\07\01"                     ;; code section
    "\05\00"                        ;; function body, no locals
    "\06\40\18\00"                  ;; try delegate 0, and no final end
  )
  "unexpected end"
)
;; catch_all then catch: the grammar has (catch x instr*)* (catch_all instr*)?.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"            ;; type section
    "\03\02\01\00"                  ;; function section
    "\0d\03\01\00\00"               ;; tag section: one tag of type 0
    "\0a\0a\01"                     ;; code section
    "\08\00"                        ;; function body, no locals
    "\06\40\19\07\00\0b"            ;; try catch_all catch 0 end
    "\0b"                           ;; final end
  )
  "END opcode expected"
)
;; delegate after a catch block: only a try without catch blocks delegates.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"            ;; type section
    "\03\02\01\00"                  ;; function section
    "\0a\09\01"                     ;; code section
    "\07\00"                        ;; function body, no locals
    "\06\40\19\18\00"               ;; try catch_all delegate 0
    "\0b"                           ;; final end
  )
  "END opcode expected"
)
;; catch outside a try.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"            ;; type section
    "\03\02\01\00"                  ;; function section
    "\0d\03\01\00\00"               ;; tag section
    "\0a\09\01"                     ;; code section
    "\07\00"                        ;; function body, no locals
    "\02\40\07\00\0b"               ;; block catch 0 end
    "\0b"                           ;; final end
  )
  "END opcode expected"
)

;; delegate's label is one of the context outside the try.
(module
  (func (block (try (do) (delegate 1))))
  (func (block (try (do) (delegate 0))))
)
(assert_invalid
  (module (func (block (try (do) (delegate 2)))))
  "unknown label"
)

;; A catch block starts with the tag's values and ends with the try's results.
(module
  (tag $e (param i32 i64))
  (func (result i32)
    (try (result i32)
      (do (i32.const 0))
      (catch $e (drop))))
)
(assert_invalid
  (module
    (tag $e (param i32 i64))
    (func (result i32)
      (try (result i32) (do (i32.const 0)) (catch $e))))
  "type mismatch"
)

;; rethrow l: the label of a catch or catch_all block, from any depth inside it; the try's
;; own body (even nested in a catch block) is no catch label.
(module
  (tag $e)
  (func
    (try (do) (catch $e (block (loop (rethrow 2))))))
  (func
    (try (do) (catch_all (try (do (rethrow 1)) (delegate 0)))))
  (func
    (try (do) (catch_all (try (do) (catch $e (rethrow 1))))))
)
(assert_invalid
  (module (func (try (do) (catch_all (try (do (rethrow 0)) (delegate 0))))))
  "invalid rethrow label"
)
(assert_invalid
  (module (func (try (do) (catch_all (block (rethrow 0))))))
  "invalid rethrow label"
)
