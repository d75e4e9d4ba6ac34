;; The native text reader on malformed and hostile text (issue "The text format"): each quoted
;; module is malformed as text and must give the suite's message, never a crash or a hang.

;; Unterminated string and block comment, inside a quoted module.
(assert_malformed (module quote "(func (export \"f") "unclosed string")
(assert_malformed (module quote "(module (; never closed") "unclosed comment")
(assert_malformed (module quote "(module (@annot never closed") "unclosed annotation")
;; Invalid UTF-8 in a comment and in a name; a control character outside a string.
(assert_malformed (module quote "(module) ;; \ff") "malformed UTF-8 encoding")
(assert_malformed (module quote "(module (func (export \"\c0\80\")))") "malformed UTF-8 encoding")
(assert_malformed (module quote "(module \07)") "illegal character")
;; Absurd numbers.
(assert_malformed (module quote "(func (drop (i32.const 99999999999)))") "constant out of range")
(assert_malformed (module quote "(func (drop (i64.const 0x1_0000_0000_0000_0000)))") "constant out of range")
(assert_malformed (module quote "(func (drop (f64.const 0x1p999999)))") "constant out of range")
(assert_malformed (module quote "(func (drop (f32.const 1e99999)))") "constant out of range")
(assert_malformed (module quote "(func (drop (f32.const nan:0x800000)))") "constant out of range")
(assert_malformed (module quote "(memory 99999999999999999999999)") "i32 constant out of range")
;; A quoted module inside a quoted module is not a module field.
(assert_malformed (module quote "(module quote \"(module)\")") "unexpected token")
(assert_malformed (module quote "(module (module))") "unexpected token")
;; Unbalanced parentheses and stray tokens.
(assert_malformed (module quote "(module (func)") "unexpected end")
(assert_malformed (module quote "(module))") "unexpected token")
(assert_malformed (module quote "(func (i32.const 0))) (") "unexpected token")
;; Labels and identifiers.
(assert_malformed (module quote "(func (block $a (br $b)))") "unknown label")
(assert_malformed (module quote "(func block $a end $b)") "mismatching label")
(assert_malformed (module quote "(func $f) (func $f)") "duplicate func")
(assert_malformed (module quote "(func (call $nowhere))") "unknown function")
;; Well-formed text still works after all that.
(module (func (export "f") (result i32) (i32.const 42)))
(assert_return (invoke "f") (i32.const 42))
