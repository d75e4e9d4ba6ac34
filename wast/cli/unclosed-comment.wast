(module)
(; a block comment
   that never ends
