#!/bin/sh
# The main job of README.md: the conformance reports of the two pinned testsuites.
#
#   tools/main-job.sh [SUITE [REPORTS [SUITE3]]]
#     (defaults: ../shared/wasm-testsuite, reports, ../shared/wasm-testsuite-3.0)
#
# 1. the reference over the whole 2022 suite and the whole 3.0 suite (read by the native text
#    reader; the 3.0 files are keyed `3.0/...`)    -> REPORTS/reference/
# 2. node (V8), when `node` is installed, both suites -> REPORTS/node/
# 3. WABT spectest-interp, when it is installed, the 2022 suite (wast2json 1.0.32 cannot read
#    the 3.0 suite)                                -> REPORTS/wabt/
# 4. `wasmref diff` of each against the reference  -> REPORTS/diff-<engine>.txt and .json
# 5. `wasmref report REPORTS` with the node and wabt baselines
#                                                  -> REPORTS/index.md, REPORTS/index.html
# and prints the path of index.html last. Other engines failing commands is what the reports
# are for, so only the reference's result decides the exit code: 0 when it conforms (exit 0 of
# `wasmref wast`), else its exit code; 2 when the report cannot be written.
# WASMREF=path/to/wasmref overrides the binary (default build/harness/wasmref).
set -u
cd "$(dirname "$0")/.." || exit 2

suite=${1:-../shared/wasm-testsuite}
out=${2:-reports}
suite3=${3:-../shared/wasm-testsuite-3.0}
wasmref=${WASMREF:-build/harness/wasmref}
if [ ! -x "$wasmref" ]; then
  echo "main-job: $wasmref not found: build first (cmake --preset default && cmake --build --preset default)" >&2
  exit 2
fi
if [ ! -d "$suite" ]; then
  echo "main-job: testsuite $suite not found (see README.md, The testsuite)" >&2
  exit 2
fi
mkdir -p "$out" || exit 2

# Results of earlier runs would be merged into this run's summaries: start from clean engine
# directories (only what this script writes; reports/README.md stays).
rm -rf "$out/reference" "$out/node" "$out/wabt" "$out"/diff-node.* "$out"/diff-wabt.* \
  "$out/index.md" "$out/index.html"

# An engine's expectations file, when the project has one.
expect_args() {
  if [ -f "spec-tests/expectations/$1.json" ]; then
    echo "--expect spec-tests/expectations/$1.json"
  fi
}

echo "== reference (2022 suite)"
# shellcheck disable=SC2046
"$wasmref" wast --quiet --suite-root "$suite" $(expect_args reference) --report "$out" "$suite"
reference_status=$?
if [ -d "$suite3" ]; then
  echo "== reference (3.0 suite)"
  # shellcheck disable=SC2046
  "$wasmref" wast --quiet --suite 3.0 --suite-root "$suite3" $(expect_args reference-3.0) \
    --report "$out" "$suite3"
  status3=$?
  if [ "$reference_status" -eq 0 ]; then reference_status=$status3; fi
else
  echo "== 3.0 suite $suite3 not found: skipped"
fi

engines=""
if command -v node >/dev/null 2>&1; then engines="$engines node"; else
  echo "== node: not installed, skipped"; fi
if command -v spectest-interp >/dev/null 2>&1; then engines="$engines wabt"; else
  echo "== wabt: spectest-interp not installed, skipped"; fi
for e in $engines; do
  echo "== $e"
  # shellcheck disable=SC2046
  "$wasmref" wast --quiet --engine "$e" --suite-root "$suite" $(expect_args "$e") \
    --report "$out" "$suite" | grep -v "\.wast:"
  if [ "$e" = node ] && [ -d "$suite3" ]; then
    echo "== $e (3.0 suite)"
    "$wasmref" wast --quiet --engine "$e" --suite 3.0 --suite-root "$suite3" \
      --report "$out" "$suite3" | grep -v "\.wast:"
  fi
  if [ -f "$out/$e/summary.json" ] && [ -f "$out/reference/summary.json" ]; then
    # Grouped by verdicts, reasons and fields: the baselines are ctest's (diff/<engine>, the
    # wast2json converter, the 2022 suite), not this run's; `report` takes their causes.
    "$wasmref" diff "$out/reference" "$out/$e" --json "$out/diff-$e.json" > "$out/diff-$e.txt"
    echo "== diff reference $e: $out/diff-$e.txt ($(wc -l < "$out/diff-$e.txt") lines), last lines:"
    tail -n 3 "$out/diff-$e.txt"
  fi
done

echo "== report"
# The node and wabt baselines explain the disagreements they list (grouped under their causes).
if ! "$wasmref" report "$out" --baseline spec-tests/baselines/node.json \
    --baseline spec-tests/baselines/wabt.json; then
  echo "main-job: the report could not be written" >&2
  exit 2
fi
echo "$(cd "$out" && pwd)/index.html"
exit $reference_status
