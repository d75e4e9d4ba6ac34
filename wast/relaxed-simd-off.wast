;; The relaxed SIMD instructions (Core 3.0, 0xFD 0x100..0x113) are decoded only when the
;; engine's features include relaxed_simd (binary/decode.cc, Decoder::decodable). This script
;; runs with the core (2.0) profile, so each is an unknown opcode there: "illegal opcode" in
;; binary, "unknown operator" in text. (Their execution is tested by the 3.0 suite's
;; core/relaxed-simd/ and exec/vector_test.cc, with the feature on.)

;; i8x16.relaxed_swizzle (0xFD 0x100, LEB 80 02) in a function [v128 v128] -> [v128].
(assert_malformed
  (module binary
    "\00asm\01\00\00\00"
    "\01\07\01\60\02\7b\7b\01\7b"                      ;; type 0: [v128 v128] -> [v128]
    "\03\02\01\00"                                     ;; func 0: type 0
    "\0a\0b\01\09\00\20\00\20\01\fd\80\02\0b")         ;; local.get 0, local.get 1, 0xFD 0x100
  "illegal opcode")

;; i32x4.relaxed_dot_i8x16_i7x16_add_s (0xFD 0x113, LEB 93 02) in [v128 v128 v128] -> [v128].
(assert_malformed
  (module binary
    "\00asm\01\00\00\00"
    "\01\08\01\60\03\7b\7b\7b\01\7b"                   ;; type 0: [v128 v128 v128] -> [v128]
    "\03\02\01\00"
    "\0a\0d\01\0b\00\20\00\20\01\20\02\fd\93\02\0b")   ;; 3 x local.get, 0xFD 0x113
  "illegal opcode")

;; f32x4.relaxed_min (0xFD 0x10D, LEB 8d 02).
(assert_malformed
  (module binary
    "\00asm\01\00\00\00"
    "\01\07\01\60\02\7b\7b\01\7b"
    "\03\02\01\00"
    "\0a\0b\01\09\00\20\00\20\01\fd\8d\02\0b")
  "illegal opcode")

;; The same function with i8x16.swizzle (0xFD 14), a 2.0 instruction, is fine.
(module binary
  "\00asm\01\00\00\00"
  "\01\07\01\60\02\7b\7b\01\7b"
  "\03\02\01\00"
  "\07\05\01\01\73\00\00"                              ;; export "s" func 0
  "\0a\0a\01\08\00\20\00\20\01\fd\0e\0b")
(assert_return
  (invoke "s" (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15)
              (v128.const i8x16 15 16 0x80 1 0 0 0 0 0 0 0 0 0 0 0 0))
  (v128.const i8x16 15 0 0 1 0 0 0 0 0 0 0 0 0 0 0 0))

;; In text, without the feature, the mnemonics are not instructions.
(assert_malformed
  (module quote
    "(func (param v128 v128) (result v128)"
    "  (i8x16.relaxed_swizzle (local.get 0) (local.get 1)))")
  "unknown operator")
(assert_malformed
  (module quote
    "(func (param v128 v128 v128) (result v128)"
    "  (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2)))")
  "unknown operator")
