#!/usr/bin/env python3
"""Wall time of `cream statusline` as Claude Code runs it: a new process per refresh, the session's JSON on stdin.

    statusline_bench.py CREAM HOME [RUNS [OPTION...]]

CREAM is the launcher (examples/target/cream), HOME a history made by generate_history.py (about 2,000 files for
1,700 MB). The index is warmed once with `cream daily`; then three series of RUNS runs each, alternating so that the
machine's load falls on both alike:

  warm   nothing changed since the last run;
  grown  one call appended to the session's transcript before each run (what happens between two refreshes);
  streamed  the next line of that same response appended (Claude Code writes one line per content block of a
         response, each with the usage so far): a call the index already counted, seen again.

Through the launcher the first run starts the statusline server; the script waits until it serves.

OPTIONs are passed to every `cream statusline` (`--timeout=30000` measures the whole run on a loaded machine, where
the default 1.5 s deadline would cut it short). Prints the p50, p95 and max wall per series in milliseconds, the load
average before and after, and the last line the statusline printed. Never writes outside HOME (and the index's cache
directory: set XDG_CACHE_HOME to keep it apart).
"""

import json
import os
import subprocess
import sys
import time


def newest_claude_transcript(home):
    best = None
    for root, _dirs, files in os.walk(os.path.join(home, ".claude", "projects")):
        for f in files:
            if f.endswith(".jsonl") and "subagents" not in root:
                p = os.path.join(root, f)
                m = os.stat(p).st_mtime
                if best is None or m > best[0]:
                    best = (m, p)
    return best[1]


RUN = "%x" % int(time.time() * 1000)  # the appended calls' ids differ from any earlier run's


def call_line(session, k, cwd, block=0):
    now = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())
    return json.dumps({
        "parentUuid": None, "isSidechain": False, "cwd": cwd, "sessionId": session, "type": "assistant",
        "message": {"model": "claude-sonnet-4-5-20250929", "id": "msg_bench_%s_%d" % (RUN, k), "type": "message",
                    "role": "assistant",
                    "content": [{"type": "text", "text": "ok"} if block == 0 else
                                {"type": "tool_use", "id": "toolu_%s_%d" % (RUN, k), "name": "Read", "input": {}}],
                    "usage": {"input_tokens": 10, "cache_creation_input_tokens": 500,
                              "cache_read_input_tokens": 20000,
                              "cache_creation": {"ephemeral_5m_input_tokens": 500, "ephemeral_1h_input_tokens": 0},
                              "output_tokens": 200 + 50 * block}},
        "requestId": "req_bench_%s_%d" % (RUN, k), "uuid": "bench-%s-%d-%d" % (RUN, k, block), "timestamp": now}) + "\n"


def pct(xs, p):
    s = sorted(xs)
    return s[min(len(s) - 1, int(round(p / 100.0 * (len(s) - 1))))]


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    cream, home = sys.argv[1], os.path.abspath(sys.argv[2])
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    options = sys.argv[4:]
    env = dict(os.environ, HOME=home)
    env.pop("CLAUDE_CONFIG_DIR", None)
    env.pop("CODEX_HOME", None)
    files = sum(len(f) for _r, _d, f in os.walk(home))
    transcript = newest_claude_transcript(home)
    session = os.path.basename(transcript)[:-len(".jsonl")]
    cwd = "/home/dev/bench"
    payload = json.dumps({
        "session_id": session, "transcript_path": transcript, "cwd": cwd,
        "model": {"id": "claude-sonnet-4-5-20250929", "display_name": "Sonnet 4.5"},
        "workspace": {"current_dir": cwd, "project_dir": cwd}, "version": "2.0.0",
        "cost": {"total_cost_usd": 1.0}}).encode()
    load_before = os.getloadavg()
    subprocess.run([cream, "daily"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    subprocess.run([cream, "statusline"] + options, env=env, input=payload, stdout=subprocess.DEVNULL, check=True)
    # through the launcher the first run starts the statusline server: wait until it serves (it warms up first)
    pipe = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.join(home, ".cache"), "cream", "statusline",
                        "requests")
    waited = time.perf_counter()
    while os.environ.get("CREAM_STATUSLINE_SERVER") != "off" and not os.path.exists(pipe) \
            and time.perf_counter() - waited < 30:
        time.sleep(0.2)
    state = "off" if os.environ.get("CREAM_STATUSLINE_SERVER") == "off" \
        else "serving" if os.path.exists(pipe) else "none"
    print("statusline server: %s (waited %.1f s)" % (state, time.perf_counter() - waited))
    series = {"warm": [], "grown": [], "streamed": []}
    last = ""
    k = 0
    for _ in range(runs):
        for name in ("warm", "grown", "streamed"):
            if name == "grown":
                k += 1
                with open(transcript, "a", encoding="utf-8") as f:
                    f.write(call_line(session, k, cwd))
            elif name == "streamed":
                # the next line of the same response (Claude Code writes one line per content block, with the usage
                # so far): a call already counted, seen again
                with open(transcript, "a", encoding="utf-8") as f:
                    f.write(call_line(session, k, cwd, block=1))
            t0 = time.perf_counter()
            r = subprocess.run([cream, "statusline", "--no-color"] + options, env=env, input=payload,
                               capture_output=True)
            series[name].append((time.perf_counter() - t0) * 1000)
            last = r.stdout.decode("utf-8", "replace").strip()
            if r.returncode != 0:
                print("exit status %d" % r.returncode, file=sys.stderr)
    load_after = os.getloadavg()
    print("history: %d files under %s; session %s; %d runs per series" % (files, home, session, runs))
    print("load average before %.2f %.2f %.2f, after %.2f %.2f %.2f (%d CPUs)"
          % (load_before + load_after + (os.cpu_count(),)))
    for name, xs in series.items():
        print("%-8s p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms" % (name, pct(xs, 50), pct(xs, 95), max(xs)))
    print("last line: " + last)


if __name__ == "__main__":
    main()
