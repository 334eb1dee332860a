#!/usr/bin/env bash
# The scan index at scale: cold and warm `daily --json` wall time and peak RSS on the heavy history shapes of
# generate_history.py --shape (subagents: 2,200 files, ~125 calls per MB; million: 1,000 files, 1M calls;
# files50k: 50,000 files), with the default heap and under -Xmx256m, medians of alternating rounds; under -Xmx256m
# also the session list, blocks, cache verdicts and one session's timeline from the warm index.
#
#   examples/benchmarks/index-shapes.sh                       # every shape, 3 rounds
#   SHAPES="million" RUNS=5 CREAM=/path/to/cream examples/benchmarks/index-shapes.sh
#
# Environment: SHAPES, RUNS (3), CREAM_BENCH_DIR (/tmp/cream-shapes: generated data, kept for reruns), CREAM (the
# launcher to time, examples/target/cream), OUT (a file the rows are also appended to, as
# "shape label wall_s rss_kb exit", for plot_shapes.py). Needs python3 and GNU time.
set -euo pipefail
cd "$(dirname "$0")/../.."
SHAPES=${SHAPES:-"subagents million files50k"}
RUNS=${RUNS:-3}
DATA=${CREAM_BENCH_DIR:-/tmp/cream-shapes}
CREAM=${CREAM:-examples/target/cream}
OUT=${OUT:-/dev/null}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

run() { # shape label heap command...
  local shape=$1 label=$2 heap=$3; shift 3
  local rc=0
  env -i HOME="$DATA/$shape/home" PATH="$PATH" CREAM_JAVA_OPTS="$heap" /usr/bin/time -f '%e %M' -o "$WORK/t" \
    "$@" > "$WORK/out" 2> "$WORK/err" || rc=$?
  echo "$shape $label $(tail -n 1 "$WORK/t") $rc" | tee -a "$WORK/times" >> "$OUT"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for shape in $SHAPES; do
  if [[ ! -f $DATA/$shape/expected.json ]]; then
    rm -rf "${DATA:?}/$shape"
    mkdir -p "$DATA/$shape/home"
    python3 examples/benchmarks/generate_history.py "$DATA/$shape/home" 0 --shape "$shape" \
      > "$DATA/$shape/expected.tmp"
    mv "$DATA/$shape/expected.tmp" "$DATA/$shape/expected.json"
  fi
  echo "$shape: $(find "$DATA/$shape/home" -name '*.jsonl' -not -path '*/.cache/*' | wc -l) files,"\
    "$(cat "$DATA/$shape/expected.json")"
  index=$DATA/$shape/home/.cache/cream
  for ((i = 0; i <= RUNS; i++)); do
    rm -rf "$index"
    run "$shape" cold "" "$CREAM" daily --json
    run "$shape" warm "" "$CREAM" daily --json
    rm -rf "$index"
    run "$shape" cold-256m -Xmx256m "$CREAM" daily --json
    run "$shape" warm-256m -Xmx256m "$CREAM" daily --json
    run "$shape" warm-256m-session -Xmx256m "$CREAM" session --json
    # the views that need single calls: blocks from the index's cells, cache verdicts and a session's timeline
    # read a group of files at a time
    id=$(grep -m 1 -o '"sessionId": "[^"]*"' "$WORK/out" | cut -d'"' -f4 || true)
    run "$shape" warm-256m-blocks -Xmx256m "$CREAM" blocks --json
    run "$shape" warm-256m-cache -Xmx256m "$CREAM" cache --json
    if [[ -n $id ]]; then
      run "$shape" warm-256m-session-id -Xmx256m "$CREAM" session "$id" --json
    fi
    if [[ $i == 0 ]]; then : > "$WORK/times"; fi # the first round fills the page cache: discarded
  done
  python3 - "$WORK/times" "$shape" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    shape, label, wall, rss, rc = line.split()
    if shape == sys.argv[2]:
        rows.setdefault(label, []).append((float(wall), int(rss) / 1024, int(rc)))
for label, v in rows.items():
    w = [x[0] for x in v]
    print("| %s | %s | %.2f (%.2f-%.2f) | %.0f | %s |" % (sys.argv[2], label, statistics.median(w), min(w), max(w),
          statistics.median(x[1] for x in v), ",".join(sorted({str(x[2]) for x in v}))))
PY
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
