#!/usr/bin/env bash
# Bounded memory: a full scan of a 1 GB history (all four agents) and of a single 700 MB transcript, each by the CLI
# under -Xmx256m, without the scan index. Prints peak RSS, wall time and whether every call was counted.
#
#   examples/benchmarks/memory.sh            # data in ${CREAM_BENCH_DIR:-/tmp/cream-memory}, kept for reruns
#   HISTORY_MB=1024 SINGLE_MB=700 HEAP=256m examples/benchmarks/memory.sh
#
# A line the heap has no room for is skipped with a diagnostic (cream.line.too-long-for-memory), never fails the scan;
# the last column says how many there were. Needs python3 and GNU time (/usr/bin/time). Generating the data takes about a minute and 1.8 GB of disk.
set -euo pipefail
cd "$(dirname "$0")/../.."

DATA=${CREAM_BENCH_DIR:-/tmp/cream-memory}
HISTORY_MB=${HISTORY_MB:-1024}
SINGLE_MB=${SINGLE_MB:-700}
HEAP=${HEAP:-256m}
JAR=examples/target/cream.jar

if [[ ! -f $JAR ]]; then
  ./mvnw -B -q -pl examples -am package -DskipTests
fi

generate() { # dir, args...
  local dir=$1; shift
  if [[ ! -f $dir/expected.json ]]; then
    rm -rf "$dir"
    mkdir -p "$dir/home"
    python3 examples/benchmarks/generate_history.py "$dir/home" "$@" > "$dir/expected.json.tmp"
    mv "$dir/expected.json.tmp" "$dir/expected.json"
  fi
}

generate "$DATA/history-$HISTORY_MB" "$HISTORY_MB"
generate "$DATA/single-$SINGLE_MB" "$SINGLE_MB" --single "$SINGLE_MB"

printf '%-14s %9s %7s %10s %14s %9s %s\n' data bytes files calls "peak RSS (MB)" "wall (s)" result
status=0
for dir in "$DATA/history-$HISTORY_MB" "$DATA/single-$SINGLE_MB"; do
  out=$(mktemp) times=$(mktemp)
  set +e
  env -i HOME="$dir/home" PATH="$PATH" /usr/bin/time -f '%M %e %x' -o "$times" \
    java "-Xmx$HEAP" -jar "$JAR" daily --json --no-index > "$out"
  set -e
  read -r rss wall exit < <(tail -n 1 "$times")
  expected=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["calls"])' "$dir/expected.json")
  read -r counted skipped < <(python3 -c 'import json,sys
try:
    d = json.load(open(sys.argv[1]))
    skipped = sum(m["count"] for m in d["diagnostics"]["messages"] if m["code"] == "cream.line.too-long-for-memory")
    print(d["totals"]["calls"], skipped)
except Exception:
    print("none 0")' "$out")
  bytes=$(du -sb "$dir/home" | cut -f1)
  files=$(find "$dir/home" -name '*.jsonl' | wc -l)
  if [[ $exit == 0 && $counted == "$expected" ]]; then
    result="ok: every call counted"
    if [[ $skipped != 0 ]]; then
      result="$result; $skipped lines without usage skipped for want of heap"
    fi
  else
    result="FAILED: exit $exit, $counted of $expected calls"
    status=1
  fi
  printf '%-14s %9s %7s %10s %14s %9s %s\n' "$(basename "$dir")" "$bytes" "$files" "$counted" \
    "$((rss / 1024))" "$wall" "$result"
  rm -f "$out" "$times"
done
exit $status
