(module)
(frobnicate "x")
