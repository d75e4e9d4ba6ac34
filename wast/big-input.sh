#!/bin/sh
# A 100 MB .wast (a block comment of 100,000,000 bytes, then a module and an assertion) read by
# the native reader: it must pass in bounded memory and time. Generated here, never kept.
#   big-input.sh WASMREF DIR
set -eu
wasmref=$1 dir=$2
mkdir -p "$dir"
f="$dir/big-input.wast"
trap 'rm -f "$f"' EXIT INT TERM
{
  printf '(;'
  head -c 100000000 /dev/zero | tr '\0' 'x'
  printf ';)\n(module (func (export "f") (result i32) (i32.const 7)))\n'
  printf '(assert_return (invoke "f") (i32.const 7))\n'
} >"$f"
"$wasmref" wast --quiet --profile core "$f"
