#!/usr/bin/env bash
# The scan index benchmark: ~2,000 transcripts (~200 MB), cold scan, no-change rescans, appends; then, when strace
# is available, a no-change rescan in a fresh JVM under strace, counting the system calls that touch the logs.
#
#   cream-core/benchmarks/scan-index.sh [--files N] [--mb MB] [--profile claude|dense] [--dir DIR]
#
# BENCH_HEAP sets the heap (default 4g; the dense profile holds about a million records).
# Needs a compiled tree: ./mvnw -q -B -pl cream-core -am verify (or test-compile) first.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
m2="${MAVEN_REPO:-$HOME/.m2/repository}"
jackson="$(sed -n 's:.*<jackson.version>\(.*\)</jackson.version>.*:\1:p' "$here/pom.xml")"
slf4j="$(sed -n 's:.*<slf4j.version>\(.*\)</slf4j.version>.*:\1:p' "$here/pom.xml")"
cp="$here/cream-core/target/classes:$here/cream-core/target/test-classes:$here/cream-api/target/classes"
cp="$cp:$m2/com/fasterxml/jackson/core/jackson-core/$jackson/jackson-core-$jackson.jar"
cp="$cp:$m2/org/slf4j/slf4j-api/$slf4j/slf4j-api-$slf4j.jar"
dir="${TMPDIR:-/tmp}/cream-bench"
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    *) args+=("$1" "$2"); shift 2 ;;
  esac
done
java=(java "-Xmx${BENCH_HEAP:-4g}" -Dslf4j.internal.verbosity=ERROR -cp "$cp" io.github.cream.core.bench.ScanIndexBenchmark --dir "$dir")
"${java[@]}" "${args[@]+"${args[@]}"}"

if command -v strace >/dev/null 2>&1; then
  trace="$(mktemp)"
  strace -f -qq -o "$trace" -e trace=open,openat,stat,lstat,fstat,newfstatat,statx,readlink,getdents64 \
    "${java[@]}" "${args[@]+"${args[@]}"}" --phase rescan
  logs="$dir/.fake/"
  echo "system calls on the logs during that rescan (strace, every thread of the JVM):"
  printf '  open/openat of a transcript (*.jsonl) : %s\n' "$(grep -E 'open(at)?\(' "$trace" | grep -F "$logs" | grep -c '\.jsonl"' || true)"
  printf '  open/openat of a log directory        : %s\n' "$(grep -E 'open(at)?\(' "$trace" | grep -F "$logs" | grep -vc '\.jsonl"' || true)"
  printf '  stat-like calls on a transcript       : %s\n' "$(grep -E '(stat|statx|lstat|newfstatat)\(' "$trace" | grep -F "$logs" | grep -c '\.jsonl"' || true)"
  printf '  stat-like calls on a log directory    : %s\n' "$(grep -E '(stat|statx|lstat|newfstatat)\(' "$trace" | grep -F "$logs" | grep -vc '\.jsonl"' || true)"
  printf '  getdents64 (directory listings)       : %s\n' "$(grep -c 'getdents64(' "$trace" || true)"
  echo "  (a transcript that is never opened cannot be read: its content costs no read() at all)"
  rm -f "$trace"
fi
