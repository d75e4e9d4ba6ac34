#!/bin/sh
# cli/temp-dirs: a run stopped by a signal leaves no temporary directory behind (issue 9).
#   SIGPIPE: `wasmref wast ... | head -n 1` closes the pipe while wast2json's output directory
#            lives; wasmref dies of SIGPIPE (status 141), quietly, and removes the directory.
#   SIGTERM: a protocol engine that never answers hello; wasmref is killed while it waits.
# Usage: temp-dirs.sh WASMREF WORKDIR
set -u
wasmref=$1
work=$2
rm -rf "$work"
mkdir -p "$work/tmp"
TMPDIR="$work/tmp"
export TMPDIR
fail() { echo "FAIL: $*"; ls -la "$TMPDIR"; exit 1; }

# 20,000 failing commands: about 2 MB of failure lines, far more than a pipe holds.
{
  echo '(module (func (export "f") (result i32) (i32.const 7)))'
  i=0
  while [ $i -lt 20000 ]; do echo '(assert_return (invoke "f") (i32.const 8))'; i=$((i + 1)); done
} > "$work/many.wast"

{ "$wasmref" wast --converter wabt --profile core "$work/many.wast" 2>"$work/stderr"; echo $? >"$work/rc"; } | head -n 1 >/dev/null
rc=$(cat "$work/rc")
[ "$rc" = 141 ] || fail "SIGPIPE: exit status $rc, expected 141 (killed by SIGPIPE)"
[ -s "$work/stderr" ] && fail "SIGPIPE: error output: $(cat "$work/stderr")"
[ -z "$(ls -A "$TMPDIR")" ] || fail "SIGPIPE: temporary directories left behind"

"$wasmref" wast --engine "cmd:cat >/dev/null" --deadline 30000 --profile core "$work/many.wast" \
  >/dev/null 2>&1 &
pid=$!
n=0
while [ -z "$(ls -A "$TMPDIR")" ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
[ -n "$(ls -A "$TMPDIR")" ] || fail "SIGTERM: no temporary directory appeared"
kill -TERM $pid
wait $pid
rc=$?
[ "$rc" = 143 ] || fail "SIGTERM: exit status $rc, expected 143 (killed by SIGTERM)"
[ -z "$(ls -A "$TMPDIR")" ] || fail "SIGTERM: temporary directories left behind"
echo "ok: no temporary directory left after SIGPIPE and SIGTERM"
