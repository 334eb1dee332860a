#!/usr/bin/env bash
# cream against ccusage on the same synthetic history: wall time and peak memory, cold and warm, medians of
# alternating runs, and whether both tools give the same tokens on every Claude Code day.
#
#   examples/benchmarks/versus-ccusage.sh                 # 300 MB history, 9 rounds
#   SIZE_MB=1024 RUNS=11 examples/benchmarks/versus-ccusage.sh
#   SHAPE=heavy SIZE_MB=200 examples/benchmarks/versus-ccusage.sh         # a heavy user: ~4,000 files, mostly subagents
#   SHAPE=small-files SIZE_MB=50000 examples/benchmarks/versus-ccusage.sh # SIZE_MB is then a number of files
#
# What it runs, each round in this order, each in a fresh process under `env -i HOME=<generated home>`:
#   ccusage     ccusage daily --json --offline              (the native binary of @ccusage/ccusage-linux-x64)
#   cream cold  examples/target/cream daily --json           (scan index deleted first: every file is read)
#   cream warm  examples/target/cream daily --json           (index present, nothing changed)
#   and the same two with plain `java -jar examples/target/cream.jar` (README's command, default JVM flags);
#   and three floors, what the JVM costs before cream does any work (JvmFloor in cream-benchmarks, with the
#   launcher's flags): start and exit; read every transcript and find every line end (a first scan that parses
#   nothing); list and stat every transcript and read the index (a no-change rescan that decodes nothing).
# ccusage is timed as its native binary, not through its Node.js wrapper (which adds Node's start-up): the harder
# comparison. The operating system's page cache is warm for every tool alike (a first, discarded round fills it).
#
# Environment: SIZE_MB (300), RUNS (9), CREAM_BENCH_DIR (/tmp/cream-bench: generated data, kept for reruns),
# CCUSAGE_DIR (where ccusage is installed with npm if absent; $CREAM_BENCH_DIR/ccusage), CCUSAGE_VERSION (20.0.24),
# PLAIN=0 to skip the `java -jar` rows, BASELINE_JAR=path/to/an/older/cream.jar to time an earlier build as well,
# SHAPE (default, heavy, small-files: generate_history.py's --heavy and --small-files), JDK25=path/to/a/jdk-25 to time
# the launcher on that JDK too (with the ahead-of-time cache examples/target/cream.aot if the build made one for it).
# Needs python3, GNU time (/usr/bin/time), npm (once), the built CLI and benchmarks (built here if missing). Use a
# quiet machine: the script prints the load average before and after; on a busy machine the figures mean little.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$PWD

SIZE_MB=${SIZE_MB:-300}
RUNS=${RUNS:-9}
DATA=${CREAM_BENCH_DIR:-/tmp/cream-bench}
CCUSAGE_DIR=${CCUSAGE_DIR:-$DATA/ccusage}
CCUSAGE_VERSION=${CCUSAGE_VERSION:-20.0.24}
PLAIN=${PLAIN:-1}
BASELINE_JAR=${BASELINE_JAR:-}
SHAPE=${SHAPE:-default}
JDK25=${JDK25:-}
case $SHAPE in
  default) NAME=history-$SIZE_MB; GEN=() ;;
  heavy) NAME=history-heavy-$SIZE_MB; GEN=(--heavy) ;;
  small-files) NAME=history-small-files-$SIZE_MB; GEN=(--small-files) ;;
  *) echo "SHAPE is default, heavy or small-files" >&2; exit 2 ;;
esac

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) NATIVE=ccusage-linux-x64 ;;
  Linux-aarch64) NATIVE=ccusage-linux-arm64 ;;
  Darwin-arm64) NATIVE=ccusage-darwin-arm64 ;;
  Darwin-x86_64) NATIVE=ccusage-darwin-x64 ;;
  *) echo "no native ccusage for $(uname -sm)" >&2; exit 1 ;;
esac
CCUSAGE=$CCUSAGE_DIR/node_modules/@ccusage/$NATIVE/bin/ccusage
if [[ ! -f $CCUSAGE ]]; then
  echo "installing ccusage $CCUSAGE_VERSION into $CCUSAGE_DIR" >&2
  mkdir -p "$CCUSAGE_DIR"
  (cd "$CCUSAGE_DIR" && npm install --no-audit --no-fund --silent "ccusage@$CCUSAGE_VERSION" \
    "@ccusage/$NATIVE@$CCUSAGE_VERSION" >&2)
fi
# some npm installs leave the native binary without its execute bit (its wrapper script is what npm links)
[[ -x $CCUSAGE ]] || chmod +x "$CCUSAGE"

if [[ ! -f examples/target/cream.jar || ! -x examples/target/cream || ! -f examples/benchmarks/target/benchmarks.jar ]]
then
  ./mvnw -B -q -pl examples,examples/benchmarks -am package -DskipTests
fi
FLOOR=(java -XX:TieredStopAtLevel=1 -XX:-UsePerfData -cp examples/benchmarks/target/benchmarks.jar
  io.github.cream.benchmarks.JvmFloor)

HOME_DIR=$DATA/$NAME/home
if [[ ! -f $DATA/$NAME/expected.json ]]; then
  rm -rf "${DATA:?}/$NAME"
  mkdir -p "$HOME_DIR"
  python3 examples/benchmarks/generate_history.py "$HOME_DIR" "$SIZE_MB" ${GEN[@]+"${GEN[@]}"} > "$DATA/$NAME/expected.tmp"
  mv "$DATA/$NAME/expected.tmp" "$DATA/$NAME/expected.json"
fi
INDEX=$HOME_DIR/.cache/cream
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

run() { # label, command...: appends "label wall_s rss_kb" to $WORK/times
  local label=$1; shift
  if ! env -i HOME="$HOME_DIR" PATH="$PATH" /usr/bin/time -f '%e %M' -o "$WORK/t" "$@" > "$WORK/out" 2> "$WORK/err"; then
    echo "FAILED: $label: $*" >&2
    cat "$WORK/err" >&2
    exit 1
  fi
  echo "$label $(cat "$WORK/t")" >> "$WORK/times"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo),"\
  "$(java -version 2>&1 | head -n 1), $(uname -sr)"
echo "data: $HOME_DIR: $(du -sb "$HOME_DIR" --exclude=.cache | cut -f1) bytes in"\
  "$(find "$HOME_DIR" -name '*.jsonl' -not -path '*/.cache/*' | wc -l) files; $(cat "$DATA/$NAME/expected.json")"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- agreement on every Claude Code day (tokens), UTC
env -i HOME="$HOME_DIR" PATH="$PATH" "$CCUSAGE" claude daily --json --offline -z UTC > "$WORK/cc-claude.json"
env -i HOME="$HOME_DIR" PATH="$PATH" examples/target/cream daily --json --source claude --timezone UTC --no-index \
  > "$WORK/cream-claude.json"
python3 - "$WORK/cc-claude.json" "$WORK/cream-claude.json" <<'EOF'
import json, sys
cc = json.load(open(sys.argv[1]))["daily"]
cr = json.load(open(sys.argv[2]))["daily"]
keys = [("inputTokens", "inputTokens"), ("outputTokens", "outputTokens"),
        ("cacheCreationTokens", "cacheWriteTokens"), ("cacheReadTokens", "cacheReadTokens")]
a = {d["date"]: tuple(d[k] for k, _ in keys) for d in cc}
b = {d["date"]: tuple(d[k] for _, k in keys) for d in cr}
differ = [day for day in sorted(set(a) | set(b)) if a.get(day) != b.get(day)]
total = lambda m: tuple(sum(v[i] for v in m.values()) for i in range(4))
print("claude days (UTC): ccusage %d, cream %d; differing: %d" % (len(a), len(b), len(differ)))
print("  totals in/out/cache write/cache read: ccusage %s, cream %s" % (total(a), total(b)))
for day in differ:
    print("  DIFFERS %s: ccusage %s, cream %s" % (day, a.get(day), b.get(day)))
sys.exit(1 if differ else 0)
EOF

# ---- every agent, per day (information: where they differ, BENCHMARKS.md says which is right)
env -i HOME="$HOME_DIR" PATH="$PATH" "$CCUSAGE" daily --json --offline -z UTC > "$WORK/cc-all.json"
env -i HOME="$HOME_DIR" PATH="$PATH" examples/target/cream daily --json --timezone UTC --no-index > "$WORK/cream-all.json"
python3 - "$WORK/cc-all.json" "$WORK/cream-all.json" <<'EOF'
import json, sys
cc = json.load(open(sys.argv[1]))
cr = json.load(open(sys.argv[2]))
keys = [("inputTokens", "inputTokens"), ("outputTokens", "outputTokens"),
        ("cacheCreationTokens", "cacheWriteTokens"), ("cacheReadTokens", "cacheReadTokens")]
a = {d.get("date", d.get("period")): tuple(d[k] for k, _ in keys) for d in cc["daily"]}
b = {d["date"]: tuple(d[k] for _, k in keys) for d in cr["daily"]}
differ = [day for day in sorted(set(a) | set(b)) if a.get(day) != b.get(day)]
print("all agents, days (UTC): ccusage %d, cream %d; differing: %d" % (len(a), len(b), len(differ)))
print("  totals in/out/cache write/cache read: ccusage %s, cream %s"
      % (tuple(cc["totals"][k] for k, _ in keys), tuple(cr["totals"][k] for _, k in keys)))
print("  cost: ccusage %.6f USD (floating point), cream %.6f USD" % (cc["totals"]["totalCost"], cr["totals"]["costUsd"]))
for day in differ[:20]:
    print("  differs %s: ccusage %s, cream %s" % (day, a.get(day), b.get(day)))
EOF

# ---- timing: one discarded round (page cache, index), then RUNS alternating rounds
: > "$WORK/times"
cold() { rm -rf "$INDEX"; run "$@"; }
round() {
  run ccusage "$CCUSAGE" daily --json --offline
  cold cream-cold examples/target/cream daily --json
  run cream-warm examples/target/cream daily --json
  if [[ $PLAIN == 1 ]]; then
    cold jar-cold java -jar examples/target/cream.jar daily --json
    run jar-warm java -jar examples/target/cream.jar daily --json
  fi
  if [[ -n $JDK25 ]]; then
    cold jdk25-cold env JAVA_HOME="$JDK25" examples/target/cream daily --json
    run jdk25-warm env JAVA_HOME="$JDK25" examples/target/cream daily --json
  fi
  if [[ -n $BASELINE_JAR ]]; then
    cold base-cold java -jar "$BASELINE_JAR" daily --json
    run base-warm java -jar "$BASELINE_JAR" daily --json
  fi
  run floor-empty "${FLOOR[@]}" empty
  run floor-read "${FLOOR[@]}" read "$HOME_DIR"
  run floor-stat "${FLOOR[@]}" stat "$HOME_DIR"
}
round
: > "$WORK/times"
for ((i = 1; i <= RUNS; i++)); do
  round
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$WORK/times" "$RUNS" <<'EOF'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    label, wall, rss = line.split()
    rows.setdefault(label, []).append((float(wall), int(rss) / 1024))
names = {"ccusage": "ccusage daily --json --offline", "cream-cold": "cream (launcher), cold: no index",
         "cream-warm": "cream (launcher), warm: index, no change", "jar-cold": "java -jar cream.jar, cold",
         "jar-warm": "java -jar cream.jar, warm", "base-cold": "earlier build (BASELINE_JAR), cold",
         "base-warm": "earlier build (BASELINE_JAR), warm", "jdk25-cold": "cream (launcher) on JDK25, cold",
         "jdk25-warm": "cream (launcher) on JDK25, warm", "floor-empty": "floor: JVM start and exit",
         "floor-read": "floor: JVM reads every line, parses none",
         "floor-stat": "floor: JVM stats every file, reads the index"}
cc_wall = statistics.median(w for w, _ in rows["ccusage"])
cc_rss = statistics.median(r for _, r in rows["ccusage"])
print()
print("%d runs each, alternating; medians (min-max)" % int(sys.argv[2]))
print()
print("| tool | wall s | x ccusage | peak RSS MB | x ccusage |")
print("|---|---|---|---|---|")
for label in ("ccusage", "cream-cold", "cream-warm", "jar-cold", "jar-warm", "jdk25-cold", "jdk25-warm", "base-cold",
              "base-warm",
              "floor-empty", "floor-read", "floor-stat"):
    if label not in rows:
        continue
    w = [x for x, _ in rows[label]]
    r = [x for _, x in rows[label]]
    print("| %s | %.2f (%.2f-%.2f) | %.2f | %.0f (%.0f-%.0f) | %.2f |"
          % (names[label], statistics.median(w), min(w), max(w), statistics.median(w) / cc_wall,
             statistics.median(r), min(r), max(r), statistics.median(r) / cc_rss))
EOF
