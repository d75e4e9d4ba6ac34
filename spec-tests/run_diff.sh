#!/bin/sh
# Engine diff tests (spec-tests/CMakeLists.txt, labels diff:node / diff:wabt):
#
#   run_diff.sh reference WASMREF SUITE OUT             the reference's report, OUT/reference
#   run_diff.sh ENGINE WASMREF SUITE OUT BASELINE       ENGINE's report, OUT/ENGINE, then
#                                                       wasmref diff against the baseline
#
# ENGINE runs over the whole pinned suite; `wasmref diff --baseline` fails on any new
# disagreement with the reference and on any baseline entry that no longer disagrees.
# Every engine reads the scripts as wast2json converts them (`--converter wabt`): WABT's
# spectest-interp can only run wast2json's JSON, and the three runs must cover the same files
# and commands to be compared. (Quoted text modules are still judged by the native text reader
# for the reference and node; the native script reader itself is checked by the spec tests and
# text/crosscheck-wast2json.)
# Exit 77 (skipped) when the engine's binary (node, spectest-interp) is absent.
set -u
engine=$1 wasmref=$2 suite=$3 out=$4

# Runs `wasmref wast` for one engine into OUT/<engine>; failing commands are fine (exit 1),
# a harness error (exit 2) is not. The engine's expectations file (expectations/<engine>.json),
# when there is one, turns its known failures into xfail in the report; the diff compares
# outcomes and verdict classes, which expectations do not change.
run_engine() {
  rm -rf "$out/$1"
  mkdir -p "$out"
  expect=$(dirname "$0")/expectations/$1.json
  if [ -f "$expect" ]; then set -- "$1" --expect "$expect"; else set -- "$1"; fi
  "$wasmref" wast --engine "$@" --converter wabt --quiet --suite-root "$suite" --report "$out" \
    "$suite" \
    > "$out/$1.log" 2>&1
  rc=$?
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
    echo "run_diff: wasmref wast --engine $1 exited with $rc; the last lines of $out/$1.log:"
    tail -n 20 "$out/$1.log"
    exit 2
  fi
  tail -n 1 "$out/$1.log"
}

case "$engine" in
  reference) run_engine reference; exit 0 ;;
  node) tool=node ;;
  wabt) tool=spectest-interp ;;
  *) echo "run_diff: unknown engine '$engine'"; exit 2 ;;
esac
baseline=$5
if ! command -v "$tool" > /dev/null 2>&1; then
  echo "run_diff: $tool not found on PATH: skipped"
  exit 77
fi
if [ ! -f "$out/reference/summary.json" ]; then
  echo "run_diff: no reference report in $out/reference (run the diff/reference test first)"
  exit 2
fi
run_engine "$engine"
exec "$wasmref" diff --quiet "$out/reference" "$out/$engine" --baseline "$baseline" \
  --json "$out/diff-$engine.json"
