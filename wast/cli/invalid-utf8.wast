(module)
;; ÿþ not UTF-8
