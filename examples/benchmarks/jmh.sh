#!/usr/bin/env bash
# The JMH benchmarks of examples/benchmarks (never run by the build or the tests): parse throughput per source and
# the newline search, on a generated history (64 MB by default, kept in $CREAM_BENCH_DIR for reruns).
#
#   examples/benchmarks/jmh.sh                      # every benchmark
#   examples/benchmarks/jmh.sh ParseBenchmark       # JMH's own arguments (a regexp, -f, -wi, -i, -p ...) pass through
#
# Or by hand: ./mvnw -B -q -pl examples/benchmarks -am package -DskipTests
#             java -jar examples/benchmarks/target/benchmarks.jar -p history=DIR
# The "bytes" rows are bytes per second (divide by 1e6 for MB/s); the plain rows are passes per second.
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${CREAM_BENCH_DIR:-/tmp/cream-bench}
SIZE_MB=${SIZE_MB:-64}
HOME_DIR=$DATA/history-$SIZE_MB/home
if [[ ! -f $DATA/history-$SIZE_MB/expected.json ]]; then
  rm -rf "$DATA/history-$SIZE_MB"
  mkdir -p "$HOME_DIR"
  python3 examples/benchmarks/generate_history.py "$HOME_DIR" "$SIZE_MB" > "$DATA/history-$SIZE_MB/expected.tmp"
  mv "$DATA/history-$SIZE_MB/expected.tmp" "$DATA/history-$SIZE_MB/expected.json"
fi
if [[ ! -f examples/benchmarks/target/benchmarks.jar ]]; then
  ./mvnw -B -q -pl examples/benchmarks -am package -DskipTests
fi
exec java -jar examples/benchmarks/target/benchmarks.jar -p history="$HOME_DIR" "$@"
