;; Malformed and hostile binaries: each is rejected with a clear error, without allocating
;; from a count the bytes cannot back, and without crashing.
(assert_malformed (module binary "") "unexpected end")
(assert_malformed (module binary "garbage, not wasm") "magic header not detected")
(assert_malformed (module binary "\00asm\01\00") "unexpected end")
(assert_malformed (module binary "\00asm\02\00\00\00") "unknown binary version")
;; a type section that claims 2^32-1 entries in 5 bytes
(assert_malformed (module binary "\00asm\01\00\00\00" "\01\05\ff\ff\ff\ff\0f")
  "unexpected end")
;; a section whose size runs past the end of the module
(assert_malformed (module binary "\00asm\01\00\00\00" "\01\ff\ff\ff\ff\0f\00")
  "length out of bounds")
;; a function section claiming 2^32-1 functions
(assert_malformed (module binary "\00asm\01\00\00\00" "\03\05\ff\ff\ff\ff\0f")
  "unexpected end")
;; a custom section whose name claims 2^32-1 bytes
(assert_malformed (module binary "\00asm\01\00\00\00" "\00\06\ff\ff\ff\ff\0f\00")
  "length out of bounds")
;; a function declaring 2^28 locals: beyond the reference's implementation limit, rejected
;; before any allocation
(assert_malformed
  (module binary "\00asm\01\00\00\00"
    "\01\04\01\60\00\00"            ;; type 0: [] -> []
    "\03\02\01\00"                  ;; one function of type 0
    "\0a\09\01\07\01\80\80\80\80\01\7f\0b")  ;; 2^28 locals of i32
  "too many locals")
;; a data segment that claims 2^32-1 bytes
(assert_malformed
  (module binary "\00asm\01\00\00\00"
    "\05\03\01\00\01"                         ;; memory 1
    "\0b\0b\01\00\41\00\0b\ff\ff\ff\ff\0f\00") ;; data: offset 0, length 2^32-1, 1 byte
  "unexpected end")
;; a br_table claiming 2^32-1 labels
(assert_malformed
  (module binary "\00asm\01\00\00\00"
    "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\0c\01\0a\00\41\00\0e\ff\ff\ff\ff\0f\00\0b")
  "unexpected end")
;; an LEB128 that never ends
(assert_malformed (module binary "\00asm\01\00\00\00" "\01\80\80\80\80\80\80\80\80\80")
  "integer representation too long")
;; a memory over 4 GiB is invalid, not an allocation
(assert_invalid (module binary "\00asm\01\00\00\00" "\05\05\01\00\81\80\04")
  "memory size must be at most 65536 pages (4GiB)")
(assert_invalid (module binary "\00asm\01\00\00\00" "\05\08\01\01\00\ff\ff\ff\ff\0f")
  "memory size must be at most 65536 pages (4GiB)")
