#!/bin/sh
# Harness: the HTML report (harness/report.h) rendered in a real browser, headless Chromium.
#
#   browser_test.sh WASMREF WORKDIR
#
# Writes a small report directory (two engines, node failing one command with a hostile
# message, 2,000 commands both pass), runs `wasmref report` on it, checks the page's size (the
# passing commands are counts, not data), loads index.html#a.wast:9 (a followed command
# anchor) in headless Chromium and checks the DOM Chromium dumps: the failure section with the
# cause and the side that fails, the matrix with only node's cell outlined, the followed row
# revealed (its <details> open, the row visible), and the hostile message as text, not markup.
# Exit 0 pass, 1 fail, 77 (skipped) when Chromium is absent.
# CHROMIUM=/path/to/chromium overrides the lookup.
set -u

if [ $# -ne 2 ]; then
  echo "usage: browser_test.sh WASMREF WORKDIR" >&2
  exit 2
fi
wasmref=$1
work=$2

chromium=${CHROMIUM:-}
if [ -z "$chromium" ]; then
  for c in chromium chromium-browser google-chrome; do
    if command -v "$c" >/dev/null 2>&1; then
      chromium=$(command -v "$c")
      break
    fi
  done
fi
if [ -z "$chromium" ] || [ ! -x "$chromium" ]; then
  echo "browser_test: chromium not found (apt-get install chromium): skipped"
  exit 77
fi

rm -rf "$work"
mkdir -p "$work/report/reference/core" "$work/report/node/core" || exit 1
report=$work/report

# --- The fixture ------------------------------------------------------------------------------
summary() {  # name version files-json
  cat <<EOF
{"schema": "wasmref-summary/1", "engine": {"name": "$1", "version": "$2", "coarse": false,
 "config": ""}, "testsuite": {"revision": "3a04b2cf93bd8fce277458d419eea8d9c326345c"},
 "converter": {"name": "wast2json", "version": "1.0.32"}, "files": [$3]}
EOF
}
record() {  # index line kind exp_outcome exp_class outcome class verdict message
  printf '{"schema": "wasmref-record/1", "file": "a.wast", "profile": "core", "index": %s, "line": %s, "kind": "%s", "expected": {"outcome": "%s", "js_class": %s, "text": null, "values": null}, "actual": {"outcome": "%s", "js_class": %s, "message": "%s", "values": null}, "verdict": "%s", "reason": ""}\n' \
    "$1" "$2" "$3" "$4" "$5" "$6" "$7" "$9" "$8"
}
counts() { echo "{\"pass\": $1, \"fail\": $2, \"xfail\": 0, \"xpass\": 0, \"skip\": 0, \"blocked\": 0, \"error\": 0}"; }

passing=2000  # commands both engines pass, lines 100.. (not embedded in the page)
summary reference 0.1.0 \
  "{\"file\": \"a.wast\", \"profile\": \"core\", \"status\": \"pass\", \"counts\": $(counts $((passing + 3)) 0)}" \
  > "$report/reference/summary.json"
{
  record 0 1 module ok null ok null pass ""
  record 1 5 assert_return ok null ok null pass ""
  record 2 9 assert_trap trap '"RuntimeError"' trap '"RuntimeError"' pass "integer divide by zero"
} > "$report/reference/core/a.jsonl"
i=0
while [ $i -lt $passing ]; do
  record $((i + 3)) $((i + 100)) assert_trap trap '"RuntimeError"' trap '"RuntimeError"' pass "integer divide by zero"
  i=$((i + 1))
done > "$work/passing.jsonl"
cat "$work/passing.jsonl" >> "$report/reference/core/a.jsonl"

summary node v20.20.2 \
  "{\"file\": \"a.wast\", \"profile\": \"core\", \"status\": \"fail\", \"counts\": $(counts $((passing + 2)) 1)}" \
  > "$report/node/summary.json"
{
  record 0 1 module ok null ok null pass ""
  record 1 5 assert_return ok null ok null pass ""
  record 2 9 assert_trap trap '"RuntimeError"' exhaustion '"RangeError"' fail \
    '</script><script>alert(1)</script> Maximum call stack size exceeded'
} > "$report/node/core/a.jsonl"
cat "$work/passing.jsonl" >> "$report/node/core/a.jsonl"

# --- Render -----------------------------------------------------------------------------------
if ! "$wasmref" report "$report" > "$work/report.out" 2>&1; then
  echo "browser_test: wasmref report failed:" >&2
  cat "$work/report.out" >&2
  exit 1
fi

timeout 90 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$work/profile" --dump-dom "file://$report/index.html#a.wast:9" \
  > "$work/dom.html" 2> "$work/chromium.log"
rc=$?
if [ $rc -ne 0 ] || [ ! -s "$work/dom.html" ]; then
  echo "browser_test: chromium exited with $rc and dumped $(wc -c < "$work/dom.html") bytes:" >&2
  tail -20 "$work/chromium.log" >&2
  exit 1
fi

# --- Check the DOM ----------------------------------------------------------------------------
failed=0
expect() {  # what fixed-string
  if grep -qF -- "$2" "$work/dom.html"; then
    echo "ok: $1"
  else
    echo "FAIL: $1: '$2' not in the DOM ($work/dom.html)" >&2
    failed=1
  fi
}
expect_not() {
  if grep -qF -- "$2" "$work/dom.html"; then
    echo "FAIL: $1: '$2' is in the DOM ($work/dom.html)" >&2
    failed=1
  else
    echo "ok: $1"
  fi
}
size=$(wc -c < "$report/index.html")
if [ "$size" -gt 30000 ]; then
  echo "FAIL: index.html is $size bytes: the $passing passing commands are embedded" >&2
  failed=1
else
  echo "ok: index.html is $size bytes with $passing passing commands not embedded"
fi
expect_not "no row for a passing command" 'id="a.wast:100"'
expect "the failure section" '<section id="failures">'
expect "its cause, the side that fails named" '<tr id="cause-0" data-rank="0"><td class="num">1</td><td>node</td><td>fail (expected trap, got exhaustion)</td>'
expect "a link to the command" '<a href="#a.wast:9">a.wast:9</a>'
expect "the matrix table" '<table id="matrix">'
expect "the reference's column" '<th class="engine" data-engine="reference">reference</th>'
expect "node's column" '<th class="engine" data-engine="node">node</th>'
expect "the file's row" '<tr data-file="a.wast" data-profile="core" data-issue="1">'
expect "node's cell outlined (it fails)" '<td class="cell st-fail fails" data-engine="node"'
expect "the reference cell not outlined" '<td class="cell st-pass" data-engine="reference"'
expect "engine versions" 'v20.20.2'
expect "the testsuite revision" '3a04b2cf93bd8fce277458d419eea8d9c326345c'
expect "the inline script ran" 'data-ready="yes"'
expect "the followed anchor found" 'data-target="a.wast:9"'
expect "the followed row visible" 'data-target-visible="yes"'
expect "its file opened" '<details class="file" id="a.wast" open=""'
expect "the followed row" '<tr id="a.wast:9" class="failing target">'
expect "the reference's cell, not outlined, then node's, outlined" '<td><span class="v v-pass">pass</span> trap (RuntimeError)</td><td class="fails"><span class="v v-fail">fail</span> exhaustion (RangeError)'
expect "the hostile message as text" '&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; Maximum call stack'
expect_not "no injected script" '<script>alert(1)'
[ $failed -eq 0 ] && echo "browser_test: pass"
exit $failed
