#!/usr/bin/env python3
"""Writes a synthetic but realistic agent history for cream's memory benchmark.

    generate_history.py HOME TOTAL_MB [--single MB]

Under HOME it lays out what the four built-in agents write -- Claude Code (~/.claude/projects), Codex CLI
(~/.codex/sessions), Pi (~/.pi/agent/sessions) and OpenClaw (~/.openclaw/agents/main/sessions) -- until about
TOTAL_MB megabytes are written: sessions of very different sizes, streamed assistant lines, large tool outputs
(some lines of tens of megabytes), file-history snapshots, Codex's re-emitted cumulative totals. With --single MB
it writes one Claude transcript of about that size instead. Everything is generated from a fixed seed, so two runs
give the same bytes. It prints the number of calls cream must count, as JSON, on stdout.
"""

import json
import os
import random
import sys
import uuid

SEED = 20260301
rnd = random.Random(SEED)

WORDS = ("the of and to in is that for it as with was on be by this are from or at an which not have has "
         "function return value error test file line build class import const self def async await null true "
         "false cache token prompt model session usage output input écrire données 日本語 テスト ✓ → ").split()


def make_pool(size):
    out = []
    n = 0
    while n < size:
        line = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(4, 16)))
        out.append(line)
        n += len(line) + 2
    # JSON-escaped text: only the two-byte escapes \n and \t, never a quote or a lone backslash
    return "\\n".join(out)


POOL = make_pool(4 * 1024 * 1024)


def text(n):
    """About n characters of escaped JSON string content (no quotes around it)."""
    if n <= 0:
        return ""
    parts = []
    while n > 0:
        start = rnd.randrange(0, len(POOL) - 1)
        piece = POOL[start:start + min(n, len(POOL) - start)]
        if piece.endswith("\\"):
            piece = piece[:-1]
        if piece.startswith("n") or piece.startswith("t"):
            piece = " " + piece[1:]
        parts.append(piece)
        n -= max(1, len(piece))
    return "".join(parts)


def tool_output_size():
    r = rnd.random()
    if r < 0.70:
        return rnd.randint(200, 8_000)
    if r < 0.95:
        return rnd.randint(8_000, 200_000)
    if r < 0.995:
        return rnd.randint(200_000, 3_000_000)
    return rnd.randint(10_000_000, 30_000_000)  # a huge output: a log, a minified bundle, a base64 image


def ts(day, sec):
    return "2026-%02d-%02dT%02d:%02d:%02d.%03dZ" % (1 + day // 28, 1 + day % 28, (sec // 3600) % 24,
                                                    (sec // 60) % 60, sec % 60, rnd.randrange(1000))


class Counter:
    def __init__(self):
        self.calls = {"claude": 0, "codex": 0, "pi": 0, "openclaw": 0}
        self.bytes = 0


def claude_session(path, target, count, day):
    sid = str(uuid.UUID(int=rnd.getrandbits(128), version=4))
    cwd = "/home/dev/project-%d" % rnd.randrange(20)
    written = 0
    sec = rnd.randrange(8 * 3600, 18 * 3600)
    parent = None
    with open(path, "w", encoding="utf-8") as f:
        def w(obj_text):
            nonlocal written
            f.write(obj_text)
            f.write("\n")
            written += len(obj_text) + 1

        head = ('{"parentUuid":%s,"isSidechain":false,"userType":"external","cwd":"%s","sessionId":"%s",'
                '"version":"2.1.39","gitBranch":"main"' % ("null", cwd, sid))
        w('{"type":"summary","summary":"%s","leafUuid":"x"}' % text(40))
        n = 0
        while written < target:
            n += 1
            sec += rnd.randint(5, 120)
            u = "u%d" % n
            w(head + ',"type":"user","message":{"role":"user","content":"%s"},"uuid":"%s","timestamp":"%s"}'
              % (text(rnd.randint(20, 3000)), u, ts(day, sec)))
            if rnd.random() < 0.3:
                files = ",".join('"/home/dev/p/src/f%d.py":{"backupFileName":"%016x@v%d","version":%d,'
                                 '"backupTime":"%s"}' % (i, rnd.getrandbits(64), i % 9, i % 9, ts(day, sec))
                                 for i in range(rnd.randint(1, 200)))
                w('{"type":"file-history-snapshot","messageId":"%s","snapshot":{"messageId":"%s",'
                  '"trackedFileBackups":{%s},"timestamp":"%s"},"isSnapshotUpdate":false}' % (u, u, files,
                                                                                            ts(day, sec)))
            for step in range(rnd.randint(1, 6)):
                sec += rnd.randint(2, 60)
                mid = "msg_%024x" % rnd.getrandbits(96)
                req = "req_%024x" % rnd.getrandbits(96)
                usage = ('{"input_tokens":%d,"cache_creation_input_tokens":%d,"cache_read_input_tokens":%d,'
                         '"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":%d},'
                         '"output_tokens":%d,"service_tier":"standard"}'
                         % (rnd.randint(1, 50), 0, rnd.randint(1000, 150000), 0, rnd.randint(10, 4000)))
                usage = usage.replace('"cache_creation_input_tokens":0', '"cache_creation_input_tokens":%d'
                                      % 0)
                blocks = [('{"type":"thinking","thinking":"%s","signature":"%s"}'
                           % (text(rnd.randint(50, 4000)), text(200))),
                          '{"type":"text","text":"%s"}' % text(rnd.randint(20, 2000)),
                          ('{"type":"tool_use","id":"toolu_%d_%d","name":"Bash","input":{"command":"%s"}}'
                           % (n, step, text(rnd.randint(10, 400))))]
                # Claude Code writes one line per content block, each with the message's usage
                for b in blocks:
                    w(head + ',"message":{"model":"claude-sonnet-4-5-20250929","id":"%s","type":"message",'
                      '"role":"assistant","content":[%s],"stop_reason":null,"stop_sequence":null,"usage":%s},'
                      '"requestId":"%s","type":"assistant","uuid":"a%d_%d_%s","timestamp":"%s"}'
                      % (mid, b, usage, req, n, step, b[9:13], ts(day, sec)))
                count.calls["claude"] += 1
                out = tool_output_size()
                w(head + ',"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_%d_%d",'
                  '"type":"tool_result","content":"%s","is_error":false}]},"uuid":"r%d_%d","timestamp":"%s",'
                  '"toolUseResult":{"stdout":"%s","stderr":"","interrupted":false}}'
                  % (n, step, text(min(out, 50_000)), n, step, ts(day, sec), text(out)))
                if rnd.random() < 0.2:
                    w(head + ',"type":"progress","data":{"type":"hook_progress","hookEvent":"PostToolUse"},'
                      '"uuid":"p%d_%d","timestamp":"%s"}' % (n, step, ts(day, sec)))
                if written >= target:
                    break
    count.bytes += written


def codex_session(path, target, count, day):
    sid = str(uuid.UUID(int=rnd.getrandbits(128)))
    sec = rnd.randrange(8 * 3600, 18 * 3600)
    written = 0
    cum = [0, 0, 0, 0]  # input (cached included), cached, output, reasoning
    with open(path, "w", encoding="utf-8") as f:
        def w(s):
            nonlocal written
            f.write(s)
            f.write("\n")
            written += len(s) + 1

        w('{"timestamp":"%s","type":"session_meta","payload":{"id":"%s","timestamp":"%s","cwd":"/home/dev/app",'
          '"originator":"codex_cli_rs","cli_version":"0.46.0","source":"cli","model_provider":"openai",'
          '"base_instructions":{"text":"%s"}}}' % (ts(day, sec), sid, ts(day, sec), text(20_000)))
        w('{"timestamp":"%s","type":"turn_context","payload":{"cwd":"/home/dev/app","approval_policy":"on-request",'
          '"sandbox_policy":{"type":"workspace-write"},"model":"gpt-5-codex","effort":"high","summary":"auto"}}'
          % ts(day, sec))
        while written < target:
            sec += rnd.randint(5, 90)
            w('{"timestamp":"%s","type":"response_item","payload":{"type":"message","role":"user","content":'
              '[{"type":"input_text","text":"%s"}]}}' % (ts(day, sec), text(rnd.randint(20, 2000))))
            w('{"timestamp":"%s","type":"response_item","payload":{"type":"function_call","name":"shell",'
              '"arguments":"%s","call_id":"call_%d"}}' % (ts(day, sec), text(rnd.randint(20, 500)), sec))
            w('{"timestamp":"%s","type":"response_item","payload":{"type":"function_call_output","call_id":"call_%d",'
              '"output":"%s"}}' % (ts(day, sec), sec, text(tool_output_size())))
            last = [rnd.randint(1000, 90000), 0, rnd.randint(10, 3000), 0]
            last[1] = rnd.randint(0, last[0])
            last[3] = rnd.randint(0, last[2])
            cum = [a + b for a, b in zip(cum, last)]

            def u(v):
                return ('{"input_tokens":%d,"cached_input_tokens":%d,"output_tokens":%d,'
                        '"reasoning_output_tokens":%d,"total_tokens":%d}' % (v[0], v[1], v[2], v[3], v[0] + v[2]))
            event = ('{"timestamp":"%s","type":"event_msg","payload":{"type":"token_count","info":'
                     '{"total_token_usage":%s,"last_token_usage":%s,"model_context_window":272000},'
                     '"rate_limits":{"primary":{"used_percent":5.0,"window_minutes":300,"resets_at":1772371200}}}}'
                     % (ts(day, sec), u(cum), u(last)))
            w(event)
            count.calls["codex"] += 1
            if rnd.random() < 0.3:
                w(event)  # Codex re-emits the same cumulative totals: counted once
    count.bytes += written


def pi_session(path, target, count, day, source):
    sid = str(uuid.UUID(int=rnd.getrandbits(128), version=4))
    sec = rnd.randrange(8 * 3600, 18 * 3600)
    written = 0
    with open(path, "w", encoding="utf-8") as f:
        def w(s):
            nonlocal written
            f.write(s)
            f.write("\n")
            written += len(s) + 1

        w('{"type":"session","version":3,"id":"%s","timestamp":"%s","cwd":"/home/dev/app"}' % (sid, ts(day, sec)))
        w('{"type":"model_change","id":"m0","parentId":null,"timestamp":"%s","provider":"anthropic",'
          '"modelId":"claude-sonnet-4-5"}' % ts(day, sec))
        prev = "m0"
        n = 0
        while written < target:
            n += 1
            sec += rnd.randint(5, 90)
            w('{"type":"message","id":"u%d","parentId":"%s","timestamp":"%s","message":{"role":"user","content":'
              '[{"type":"text","text":"%s"}],"timestamp":%d}}' % (n, prev, ts(day, sec), text(rnd.randint(20, 2000)),
                                                                   1772359201000 + sec * 1000))
            inp, out, cr, cw = rnd.randint(1, 50), rnd.randint(10, 3000), rnd.randint(1000, 100000), rnd.randint(0, 5000)
            w('{"type":"message","id":"a%d","parentId":"u%d","timestamp":"%s","message":{"role":"assistant",'
              '"content":[{"type":"thinking","thinking":"%s"},{"type":"toolCall","id":"tc%d","name":"bash",'
              '"arguments":{"command":"%s"}}],"api":"anthropic-messages","provider":"anthropic",'
              '"model":"claude-sonnet-4-5","usage":{"input":%d,"output":%d,"cacheRead":%d,"cacheWrite":%d,'
              '"totalTokens":%d,"cost":{"total":0.01}},"stopReason":"toolUse","timestamp":%d,'
              '"responseId":"msg_%024x"}}'
              % (n, n, ts(day, sec), text(rnd.randint(50, 3000)), n, text(rnd.randint(10, 300)), inp, out, cr, cw,
                 inp + out + cr + cw, 1772359201000 + sec * 1000, rnd.getrandbits(96)))
            count.calls[source] += 1
            w('{"type":"message","id":"t%d","parentId":"a%d","timestamp":"%s","message":{"role":"toolResult",'
              '"toolCallId":"tc%d","toolName":"bash","content":[{"type":"text","text":"%s"}],"isError":false,'
              '"timestamp":%d}}' % (n, n, ts(day, sec), n, text(tool_output_size()), 1772359201000 + sec * 1000))
            prev = "t%d" % n
    count.bytes += written


def session_size(remaining):
    r = rnd.random()
    if r < 0.6:
        size = rnd.randint(20_000, 500_000)
    elif r < 0.9:
        size = rnd.randint(500_000, 8_000_000)
    else:
        size = rnd.randint(8_000_000, 60_000_000)
    return min(size, max(remaining, 10_000))


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    home = args[0]
    count = Counter()
    if len(args) >= 4 and args[2] == "--single":
        target = int(args[3]) * 1024 * 1024
        d = os.path.join(home, ".claude", "projects", "-home-dev-big")
        os.makedirs(d, exist_ok=True)
        claude_session(os.path.join(d, "00000000-0000-4000-8000-000000000700.jsonl"), target, count, 3)
    else:
        total = int(args[1]) * 1024 * 1024
        shares = [("claude", 0.50), ("codex", 0.25), ("pi", 0.15), ("openclaw", 0.10)]
        for source, share in shares:
            budget = int(total * share)
            done = 0
            i = 0
            while done < budget:
                i += 1
                day = rnd.randrange(56)
                size = session_size(budget - done)
                before = count.bytes
                if source == "claude":
                    d = os.path.join(home, ".claude", "projects", "-home-dev-project-%d" % (i % 12))
                    os.makedirs(d, exist_ok=True)
                    claude_session(os.path.join(d, "%s.jsonl" % uuid.UUID(int=rnd.getrandbits(128), version=4)),
                                   size, count, day)
                elif source == "codex":
                    d = os.path.join(home, ".codex", "sessions", "2026", "%02d" % (1 + day // 28),
                                     "%02d" % (1 + day % 28))
                    os.makedirs(d, exist_ok=True)
                    codex_session(os.path.join(d, "rollout-2026-01-01T00-00-00-%s.jsonl"
                                               % uuid.UUID(int=rnd.getrandbits(128))), size, count, day)
                elif source == "pi":
                    d = os.path.join(home, ".pi", "agent", "sessions", "--home-dev-app-%d--" % (i % 5))
                    os.makedirs(d, exist_ok=True)
                    pi_session(os.path.join(d, "2026-01-01T00-00-00-000Z_%s.jsonl"
                                            % uuid.UUID(int=rnd.getrandbits(128), version=4)), size, count, day, "pi")
                else:
                    d = os.path.join(home, ".openclaw", "agents", "main", "sessions")
                    os.makedirs(d, exist_ok=True)
                    pi_session(os.path.join(d, "%s.jsonl" % uuid.UUID(int=rnd.getrandbits(128), version=4)), size,
                               count, day, "openclaw")
                done += count.bytes - before
    calls = count.calls
    print(json.dumps({"bytes": count.bytes, "calls": sum(calls.values()), "bySource": calls}))


if __name__ == "__main__":
    main()
