#!/usr/bin/env python3
"""Counts the calls and tokens of a home's agent logs independently of cream, to check cream against.

    count_real_logs.py HOME                       # JSON: rows per (day, agent, model) and calls per session
    count_real_logs.py HOME --table               # Markdown: calls and tokens per day and agent
    count_real_logs.py HOME --compare CREAM.json  # compares with `cream daily --json --timezone UTC`; exit 1 on a
                                                  # difference
    count_real_logs.py HOME --compare-sessions CREAM.json  # the same with the calls per session of
                                                  # `cream session --json`

HOME is laid out as the agents write it: HOME/.claude/projects, HOME/.codex/sessions and
HOME/.openclaw/agents/main/sessions (the real logs of ../shared/fixtures/real-2 linked there, say). Days are UTC.
Written from the formats' documented behaviour, sharing no code with cream; the rules, one per agent:

Claude Code: an assistant line with message.usage is one streamed version of a call; the copies of a call share
(message.id, requestId) (in streamed lines, resumed sessions, subagent copies). A call counts once: the copy with the
most tokens (then most output), dated by its earliest copy. A resumed session's file starts with copies of the
calls of the session it continues, re-stamped at the resume: the call belongs to the session whose file holds the
earliest copy. `<synthetic>` messages are no API calls; an API error that used no tokens is no call. Sessions are
those with calls.

Codex CLI: each token_count event with info holds the cumulative total_token_usage and the step's
last_token_usage. A call is a step of the cumulative total (repeats of the same total are re-emits). After
`info: null` Codex may restart its counter: a total equal to its own last usage, below the running total, is a new
call and the new baseline. A total below the baseline otherwise is a stale snapshot, ignored. Between a parent
rollout's `entered_review_mode` and `exited_review_mode` events, the /review sub-agent's token counts are mirrored
from the review's own rollout (source {"subagent":"review"}): they count there, under the review's model, and the
parent's counter resumes at its earlier value. Input excludes cached input. The model is the turn's.

OpenClaw: an assistant message entry with usage is one call; live transcripts (<id>.jsonl), compaction checkpoints
(<id>.checkpoint.<uuid>.jsonl) and transcript-repair backups (<id>.jsonl.bak-<n>-<ms>) repeat entries under the
same entry id, message timestamp and usage: each counts once. A call whose only trace is a backup still counts.
"""

import glob
import json
import os
import sys
from collections import defaultdict
from datetime import datetime, timezone


def day_of(ts):
    t = datetime.fromisoformat(ts.replace("Z", "+00:00"))
    return t.astimezone(timezone.utc).strftime("%Y-%m-%d"), t


def lines(path):
    with open(path, encoding="utf-8") as f:
        for raw in f:
            raw = raw.strip()
            if not raw:
                continue
            try:
                d = json.loads(raw)
            except ValueError:
                continue
            if isinstance(d, dict):
                yield d


def claude(home, rows, sessions):
    calls = {}  # key -> list of copies (total, output, time, day, model, session, tokens)
    for path in sorted(glob.glob(os.path.join(home, ".claude", "projects", "**", "*.jsonl"), recursive=True)):
        for d in lines(path):
            if d.get("type") != "assistant":
                continue
            m = d.get("message")
            if not isinstance(m, dict) or not isinstance(m.get("usage"), dict):
                continue
            if m.get("model") == "<synthetic>" or not d.get("timestamp"):
                continue
            u = m["usage"]
            tok = (u.get("input_tokens") or 0, u.get("output_tokens") or 0,
                   u.get("cache_read_input_tokens") or 0, u.get("cache_creation_input_tokens") or 0)
            if d.get("isApiErrorMessage") and sum(tok) == 0:
                continue
            day, t = day_of(d["timestamp"])
            key = (m.get("id"), d.get("requestId")) if m.get("id") and d.get("requestId") else ("uuid", d.get("uuid"))
            calls.setdefault(key, []).append((sum(tok), tok[1], t, day, m.get("model"), d.get("sessionId"), tok))
    for copies in calls.values():
        best = max(c[0] for c in copies)
        best_out = max(c[1] for c in copies if c[0] == best)
        winners = sorted((c for c in copies if c[0] == best and c[1] == best_out), key=lambda c: c[2])
        w = winners[0]
        earliest = min(copies, key=lambda c: c[2])
        add(rows, earliest[3], "claude", w[4], w[6])
        sessions[("claude", w[5])] += 1


def codex(home, rows, sessions):
    for path in sorted(glob.glob(os.path.join(home, ".codex", "sessions", "**", "*.jsonl"), recursive=True)):
        base = None
        model = None
        session = None
        in_review = False
        for d in lines(path):
            p = d.get("payload") if isinstance(d.get("payload"), dict) else {}
            kind = d.get("type")
            if kind == "session_meta" and session is None:
                session = p.get("id")
            elif kind == "turn_context" and p.get("model"):
                model = p["model"]
            elif kind == "event_msg":
                pt = p.get("type")
                if pt == "entered_review_mode":
                    in_review = True
                elif pt == "exited_review_mode":
                    in_review = False
                elif pt == "token_count" and isinstance(p.get("info"), dict) and not in_review:
                    info = p["info"]
                    total = vec(info.get("total_token_usage"))
                    last = vec(info.get("last_token_usage"))
                    step = None
                    if base is None:
                        step, base = (total if last is None or total == last else last), total
                    elif total == base:
                        continue
                    elif all(a >= b for a, b in zip(total, base)):
                        step, base = tuple(a - b for a, b in zip(total, base)), total
                    elif total == last:
                        step, base = last, total  # the counter restarted: a real call
                    else:
                        continue  # a stale snapshot
                    day, _ = day_of(d["timestamp"])
                    inp, cached, out = step
                    add(rows, day, "codex", info.get("model") or model, (inp - cached, out, cached, 0))
                    sessions[("codex", session)] += 1


def vec(u):
    if not isinstance(u, dict):
        return None
    return (u.get("input_tokens") or 0, u.get("cached_input_tokens") or 0, u.get("output_tokens") or 0)


def openclaw(home, rows, sessions):
    folder = os.path.join(home, ".openclaw", "agents", "main", "sessions")
    seen = set()
    names = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
    for name in names:
        if not (name.endswith(".jsonl") or ".jsonl.bak-" in name):
            continue
        session = name.split(".")[0]
        for d in lines(os.path.join(folder, name)):
            m = d.get("message")
            if d.get("type") != "message" or not isinstance(m, dict) or m.get("role") != "assistant":
                continue
            u = m.get("usage")
            if not isinstance(u, dict):
                continue
            tok = (u.get("input") or 0, u.get("output") or 0, u.get("cacheRead") or 0, u.get("cacheWrite") or 0)
            key = (session, d.get("id"), m.get("timestamp"), tok, m.get("responseId"))
            if key in seen:
                continue
            seen.add(key)
            day, _ = day_of(d["timestamp"])
            add(rows, day, "openclaw", m.get("model"), tok)
            sessions[("openclaw", session)] += 1


def add(rows, day, agent, model, tok):
    r = rows[(day, agent, model)]
    r[0] += 1
    for i in range(4):
        r[i + 1] += tok[i]


def count(home):
    rows = defaultdict(lambda: [0, 0, 0, 0, 0])  # calls, input, output, cache read, cache write
    sessions = defaultdict(int)
    claude(home, rows, sessions)
    codex(home, rows, sessions)
    openclaw(home, rows, sessions)
    return rows, sessions


def cream_rows(report):
    out = {}
    for day in report["daily"]:
        for b in day.get("breakdown") or []:
            key = (day["date"], b["source"], b["model"])
            r = out.setdefault(key, [0, 0, 0, 0, 0])
            for i, f in enumerate(("calls", "inputTokens", "outputTokens", "cacheReadTokens", "cacheWriteTokens")):
                r[i] += b[f]
    return out


def table(rows):
    per = defaultdict(lambda: [0, 0, 0, 0, 0])
    for (day, agent, _), r in rows.items():
        for i in range(5):
            per[(day, agent)][i] += r[i]
    out = ["| Day (UTC) | Agent | Calls | Input | Output | Cache read | Cache write |",
           "|---|---|--:|--:|--:|--:|--:|"]
    total = [0] * 5
    for (day, agent) in sorted(per):
        r = per[(day, agent)]
        total = [a + b for a, b in zip(total, r)]
        out.append("| %s | %s | %s |" % (day, agent, " | ".join(f"{v:,}" for v in r)))
    out.append("| **Total** | | %s |" % " | ".join(f"**{v:,}**" for v in total))
    return "\n".join(out)


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    rows, sessions = count(argv[1])
    if "--table" in argv:
        print(table(rows))
        return 0
    if "--compare-sessions" in argv:
        with open(argv[argv.index("--compare-sessions") + 1], encoding="utf-8") as f:
            theirs = {(x["source"], x["sessionId"]): x["calls"] for x in json.load(f)["sessions"]}
        ours = dict(sessions)
        bad = 0
        for key in sorted(set(ours) | set(theirs), key=str):
            if ours.get(key) != theirs.get(key):
                bad += 1
                print("differs", key, "independent", ours.get(key), "cream", theirs.get(key))
        print(f"{len(ours)} sessions counted independently, {len(theirs)} from cream, {bad} differ")
        return 1 if bad else 0
    if "--compare" in argv:
        with open(argv[argv.index("--compare") + 1], encoding="utf-8") as f:
            theirs = cream_rows(json.load(f))
        ours = {k: v for k, v in rows.items()}
        bad = 0
        for key in sorted(set(ours) | set(theirs), key=str):
            a, b = ours.get(key), theirs.get(key)
            if a != b:
                bad += 1
                print("differs", key, "independent", a, "cream", b)
        print(f"{len(ours)} rows counted independently, {len(theirs)} from cream, {bad} differ")
        return 1 if bad else 0
    print(json.dumps({
        "rows": [{"date": d, "agent": a, "model": m, "calls": r[0], "input": r[1], "output": r[2], "cacheRead": r[3],
                  "cacheWrite": r[4]} for (d, a, m), r in sorted(rows.items(), key=str)],
        "sessions": [{"agent": a, "sessionId": s, "calls": n} for (a, s), n in sorted(sessions.items(), key=str)],
    }, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
