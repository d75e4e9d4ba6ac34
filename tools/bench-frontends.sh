#!/bin/sh
# Benchmark: wasmref over the 146 core files of the 2022 suite against WABT's own pipeline.
#
#   tools/bench-frontends.sh [BUILD_DIR] [SUITE] [ROUNDS]
#
# Paired runs on the same machine, ROUNDS times (default 3), alternating the two sides:
#   wabt     for each core .wast: `wast2json FILE -o DIR/x.json` then `spectest-interp
#            DIR/x.json` (one pair of processes per file, as WABT's users run it);
#   native   `wasmref wast --converter native` over the same files (one process, the native
#            text reader);
#   wast2json `wasmref wast --converter wabt` (one process, wast2json per file).
# For each side and round: CPU time (user + system, children included) and the peak resident
# memory of the largest single process, measured by GNU time (Debian package `time`).
# Prints one line per side and round and the median ratios. Speed is measured here, never by
# a timed test.
set -eu
build=${1:-build}
suite=${2:-../shared/wasm-testsuite}
rounds=${3:-3}
wasmref="$build/harness/wasmref"
gnu_time=/usr/bin/time
for tool in "$gnu_time" wast2json spectest-interp; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "bench-frontends: $tool not found (apt-get install time wabt)" >&2
    exit 2
  fi
done
if [ ! -x "$wasmref" ]; then
  echo "bench-frontends: $wasmref not built (cmake --build --preset default)" >&2
  exit 2
fi
files=$(ls "$suite"/*.wast)
count=$(echo "$files" | wc -l)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# measure NAME CMD...: appends "cpu_seconds peak_kib" of CMD to $tmp/NAME.
measure() {
  name=$1
  shift
  "$gnu_time" -f "%U %S %M" -o "$tmp/t" "$@" >/dev/null 2>&1 || true
  awk '{ printf "%.3f %d\n", $1 + $2, $3 }' "$tmp/t" >>"$tmp/$name"
}

run_wabt() {
  : >"$tmp/wabt.files"
  for f in $files; do
    measure wabt.files wast2json "$f" -o "$tmp/x.json"
    measure wabt.files spectest-interp "$tmp/x.json"
    rm -f "$tmp"/x.*
  done
  awk '{ cpu += $1; if ($2 > peak) peak = $2 } END { printf "%.3f %d\n", cpu, peak }' \
    "$tmp/wabt.files" >>"$tmp/wabt"
}

for r in $(seq "$rounds"); do
  run_wabt
  # shellcheck disable=SC2086
  measure native "$wasmref" wast --quiet --converter native --suite-root "$suite" $files
  # shellcheck disable=SC2086
  measure wast2json "$wasmref" wast --quiet --converter wabt --suite-root "$suite" $files
done

echo "$count core files of $suite, $rounds rounds (CPU seconds, peak MiB of one process)"
for side in wabt native wast2json; do
  awk -v s="$side" '{ printf "  %-9s round %d: %7.2f s  %6.1f MiB\n", s, NR, $1, $2 / 1024 }' \
    "$tmp/$side"
done
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
w=$(cut -d' ' -f1 "$tmp/wabt" | median)
n=$(cut -d' ' -f1 "$tmp/native" | median)
j=$(cut -d' ' -f1 "$tmp/wast2json" | median)
wm=$(cut -d' ' -f2 "$tmp/wabt" | median)
nm=$(cut -d' ' -f2 "$tmp/native" | median)
awk -v w="$w" -v n="$n" -v j="$j" -v wm="$wm" -v nm="$nm" 'BEGIN {
  printf "median CPU: wabt %.2f s, wasmref native %.2f s (%.2fx of wabt), wasmref --converter wabt %.2f s (%.2fx)\n", w, n, n / w, j, j / w
  printf "median peak memory: wabt %.1f MiB, wasmref native %.1f MiB\n", wm / 1024, nm / 1024
}'
