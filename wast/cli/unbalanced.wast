(module)
(assert_return (invoke "f") (i32.const 1)
