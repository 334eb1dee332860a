#!/usr/bin/env python3
"""Writes a synthetic but realistic agent history for cream's memory benchmark.

    generate_history.py HOME TOTAL_MB [--single MB]
    generate_history.py HOME TOTAL_MB --heavy
    generate_history.py HOME FILES --small-files
    generate_history.py HOME 0 --shape subagents|million|files50k

Under HOME it lays out what the four built-in agents write -- Claude Code (~/.claude/projects), Codex CLI
(~/.codex/sessions), Pi (~/.pi/agent/sessions) and OpenClaw (~/.openclaw/agents/main/sessions) -- until about
TOTAL_MB megabytes are written: sessions of very different sizes, streamed assistant lines, large tool outputs
(some lines of tens of megabytes), file-history snapshots, Codex's re-emitted cumulative totals. With --single MB
it writes one Claude transcript of about that size instead. With --heavy it writes a heavy Claude Code user's
history: most files are small subagent transcripts, tool outputs and messages are short, so there are more than
100 calls per MB. With --small-files the second argument is a number of files: that many small transcripts (a few
kB each, one to three calls) of the four agents. With --shape it writes one of the scan index's heavy shapes,
Claude Code only: "subagents" (2,200 transcripts, most of them small subagent transcripts, about 140 calls per MB),
"million" (1,000 transcripts of 1,000 calls each) or "files50k" (50,000 transcripts of 4 calls each). Everything is
generated from a fixed seed, so two runs give the same bytes. It prints the number of calls cream must count, as JSON,
on stdout.
"""

import calendar
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
    """Most tool outputs are a few kilobytes (agents truncate long command output); some are large (a file read
    whole, a test log); a rare one is tens of megabytes (a minified bundle, a base64 image) on a single line."""
    r = rnd.random()
    if r < 0.80:
        return rnd.randint(200, 4_000)
    if r < 0.985:
        return rnd.randint(4_000, 60_000)
    if r < 0.9997:
        return rnd.randint(60_000, 1_000_000)
    return rnd.randint(10_000_000, 30_000_000)


def ts(day, sec):
    return "2026-%02d-%02dT%02d:%02d:%02d.%03dZ" % (1 + day // 28, 1 + day % 28, (sec // 3600) % 24,
                                                    (sec // 60) % 60, sec % 60, rnd.randrange(1000))


def ts_ms(day, sec):
    """The same kind of instant as ts(), and its Unix milliseconds (Pi writes both on a message)."""
    ms = rnd.randrange(1000)
    month, dom, s = 1 + day // 28, 1 + day % 28, sec % 86400
    epoch = calendar.timegm((2026, month, dom, s // 3600, (s // 60) % 60, s % 60)) * 1000 + ms
    return ("2026-%02d-%02dT%02d:%02d:%02d.%03dZ" % (month, dom, s // 3600, (s // 60) % 60, s % 60, ms)), epoch


class Counter:
    def __init__(self):
        self.calls = {"claude": 0, "codex": 0, "pi": 0, "openclaw": 0}
        self.bytes = 0


def claude_ids():
    return "msg_%024x" % rnd.getrandbits(96), "req_%024x" % rnd.getrandbits(96)


def claude_usage(output, final):
    """A Claude Code usage object: streamed lines carry the running output count, the last one the final count."""
    cw = rnd.choice((0, 0, 0, rnd.randint(100, 20000)))
    extra = (',"server_tool_use":{"web_search_requests":0,"web_fetch_requests":0},"iterations":[]'
             ',"inference_geo":""' if final else ',"inference_geo":"not_available"')
    return ('{"input_tokens":%d,"cache_creation_input_tokens":%d,"cache_read_input_tokens":%d,'
            '"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":%d},'
            '"output_tokens":%d,"service_tier":"standard"%s}'
            % (rnd.randint(1, 50), cw, rnd.randint(1000, 150000), cw, output, extra))


def claude_blocks(n, step, tool="Bash"):
    return [('{"type":"thinking","thinking":"%s","signature":"%s"}' % (text(rnd.randint(50, 4000)), text(200))),
            '{"type":"text","text":"%s"}' % text(rnd.randint(20, 2000)),
            ('{"type":"tool_use","id":"toolu_%d_%d","name":"%s","input":{"command":"%s"}}'
             % (n, step, tool, text(rnd.randint(10, 400))))]


def claude_call_lines(head, model, n, step, day, sec, tag, blocks=None):
    """The lines of one streamed call: Claude Code writes one line per content block, all with the same message id
    and request id; the usage of the earlier ones has a partial output count, the last one the final count."""
    mid, req = claude_ids()
    blocks = blocks or claude_blocks(n, step)
    final = rnd.randint(10, 4000)
    # the running count only grows: an early line never carries more output than the last
    usages = [claude_usage(rnd.randint(1, min(30, final)), False) for _ in blocks[:-1]]
    # the same input and cache counts on every line of the call: the prefix of the last line's usage object
    last = claude_usage(final, True)
    usages = [last.split('"output_tokens"')[0] + '"output_tokens":%d,"service_tier":"standard","inference_geo":'
              '"not_available"}' % int(u.split('"output_tokens":')[1].split(",")[0]) for u in usages] + [last]
    out = []
    for b, u in zip(blocks, usages):
        out.append(head + ',"message":{"model":"%s","id":"%s","type":"message","role":"assistant","content":[%s],'
                   '"stop_reason":null,"stop_sequence":null,"usage":%s},"requestId":"%s","type":"assistant",'
                   '"uuid":"a%s_%d_%d_%s","timestamp":"%s"}' % (model, mid, b, u, req, tag, n, step, b[9:13],
                                                                ts(day, sec)))
    return out


def claude_subagent(path, head, parent_tool, day, sec, count):
    """A Task subagent's own transcript (subagents/agent-*.jsonl), and the agent_progress copies of some of its
    calls that the parent transcript carries (the same message and request ids: counted once)."""
    agent = "a%06x" % rnd.getrandbits(24)
    path = path % agent
    os.makedirs(os.path.dirname(path), exist_ok=True)
    sub_head = head.replace('"isSidechain":false', '"isSidechain":true') + ',"agentId":"%s"' % agent
    progress = []
    with open(path, "w", encoding="utf-8") as f:
        prompt = text(rnd.randint(100, 1500))
        f.write(sub_head + ',"type":"user","message":{"role":"user","content":"%s"},"uuid":"s%s","timestamp":"%s"}\n'
                % (prompt, agent, ts(day, sec)))
        for step in range(rnd.randint(1, 5)):
            sec += rnd.randint(2, 30)
            lines = claude_call_lines(sub_head, "claude-haiku-4-5-20251001", 0, step, day, sec, agent)
            count.calls["claude"] += 1
            for line in lines:
                f.write(line + "\n")
            if rnd.random() < 0.7:  # the parent's progress lines carry some of the subagent's calls, not all
                last = lines[-1]
                inner = last[len(sub_head) + 1:last.index(',"type":"assistant"')]  # "message":{...},"requestId":..
                progress.append(head + ',"type":"progress","data":{"message":{"type":"assistant",'
                                '"timestamp":"%s",%s,"uuid":"pm%s_%d"},"normalizedMessages":[],'
                                '"type":"agent_progress","prompt":"%s","agentId":"%s"},"toolUseID":"agent_msg_%s_%d",'
                                '"parentToolUseID":"%s","uuid":"pa%s_%d","timestamp":"%s"}'
                                % (ts(day, sec), inner, agent, step, prompt[:300].rstrip("\\"), agent, agent, step,
                                   parent_tool, agent, step, ts(day, sec)))
            out = tool_output_size()
            f.write(sub_head + ',"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_0_%d",'
                    '"type":"tool_result","content":"%s","is_error":false}]},"uuid":"sr%s_%d","timestamp":"%s"}\n'
                    % (step, text(min(out, 30_000)), agent, step, ts(day, sec)))
    return progress, sec


RESUMABLE = []  # (path, session id) of small Claude sessions a later one may resume
# how often claude_session writes a Task subagent, a file-history snapshot, bash_progress lines; its longest prompt
CLAUDE_MIX = {"task": 0.08, "snapshot": 0.3, "bash_progress": 0.4, "prompt": 3000, "resume": 0.15, "thinking": 4000}


def claude_session(path, target, count, day):
    sid = str(uuid.UUID(int=rnd.getrandbits(128), version=4))
    cwd = "/home/dev/project-%d" % rnd.randrange(20)
    written = 0
    sec = rnd.randrange(8 * 3600, 18 * 3600)
    with open(path, "w", encoding="utf-8") as f:
        def w(obj_text):
            nonlocal written
            f.write(obj_text)
            f.write("\n")
            written += len(obj_text.encode("utf-8")) + 1

        head = ('{"parentUuid":%s,"isSidechain":false,"userType":"external","cwd":"%s","sessionId":"%s",'
                '"version":"2.1.39","gitBranch":"main","slug":"quiet-river-%d"' % ("null", cwd, sid, rnd.randrange(999)))
        if RESUMABLE and rnd.random() < CLAUDE_MIX["resume"]:
            # a resumed session: its file starts with a copy of the earlier session's lines (same message and
            # request ids, the earlier session id), then goes on under its own id
            old, _ = RESUMABLE.pop(rnd.randrange(len(RESUMABLE)))
            with open(old, encoding="utf-8") as src:
                for line in src:
                    w(line.rstrip("\n"))
        w('{"type":"summary","summary":"%s","leafUuid":"x"}' % text(40))
        n = 0
        while written < target:
            n += 1
            sec += rnd.randint(5, 120)
            u = "u%d" % n
            w(head + ',"type":"user","message":{"role":"user","content":"%s"},"uuid":"%s","timestamp":"%s"}'
              % (text(rnd.randint(20, CLAUDE_MIX["prompt"])), u, ts(day, sec)))
            if rnd.random() < CLAUDE_MIX["snapshot"]:
                files = ",".join('"/home/dev/p/src/f%d.py":{"backupFileName":"%016x@v%d","version":%d,'
                                 '"backupTime":"%s"}' % (i, rnd.getrandbits(64), i % 9, i % 9, ts(day, sec))
                                 for i in range(rnd.randint(1, 200)))
                w('{"type":"file-history-snapshot","messageId":"%s","snapshot":{"messageId":"%s",'
                  '"trackedFileBackups":{%s},"timestamp":"%s"},"isSnapshotUpdate":false}' % (u, u, files,
                                                                                            ts(day, sec)))
            for step in range(rnd.randint(1, 6)):
                sec += rnd.randint(2, 60)
                for _ in range(rnd.randint(0, 3)):  # hooks report progress on almost every tool call
                    w(head + ',"type":"progress","data":{"type":"hook_progress","hookEvent":"PreToolUse",'
                      '"hookName":"PreToolUse:Bash","command":"~/.claude/hooks/check.sh"},"parentToolUseID":'
                      '"toolu_%d_%d","toolUseID":"toolu_%d_%d","uuid":"h%d_%d_%d","timestamp":"%s"}'
                      % (n, step, n, step, n, step, rnd.getrandbits(16), ts(day, sec)))
                task = rnd.random() < CLAUDE_MIX["task"]
                blocks = claude_blocks(n, step, "Task" if task else "Bash")
                for line in claude_call_lines(head, "claude-sonnet-4-5-20250929", n, step, day, sec, "m", blocks):
                    w(line)
                count.calls["claude"] += 1
                if task:
                    progress, sec = claude_subagent(path[:-len(".jsonl")] + "/subagents/agent-%s.jsonl", head,
                                                    "toolu_%d_%d" % (n, step), day, sec, count)
                    for line in progress:
                        w(line)
                out = tool_output_size()
                if rnd.random() < CLAUDE_MIX["bash_progress"]:  # a long command streams its output as bash_progress lines first
                    for k in range(rnd.randint(1, 12)):
                        part = text(min(out, rnd.randint(100, 6000)))
                        w(head + ',"type":"progress","data":{"type":"bash_progress","output":"%s","fullOutput":'
                          '"%s","elapsedTimeSeconds":%d,"totalLines":%d},"toolUseID":"bash-progress-%d",'
                          '"parentToolUseID":"toolu_%d_%d","uuid":"b%d_%d_%d","timestamp":"%s"}'
                          % (part[:400].rstrip("\\"), part, k + 3, k * 40, k, n, step, n, step, k, ts(day, sec)))
                w(head + ',"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_%d_%d",'
                  '"type":"tool_result","content":"%s","is_error":false}]},"uuid":"r%d_%d","timestamp":"%s",'
                  '"toolUseResult":{"stdout":"%s","stderr":"","interrupted":false}}'
                  % (n, step, text(min(out, 50_000)), n, step, ts(day, sec), text(out)))
                if written >= target:
                    break
    if written < 3_000_000:
        RESUMABLE.append((path, sid))
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
            when, ms = ts_ms(day, sec)
            w('{"type":"message","id":"u%d","parentId":"%s","timestamp":"%s","message":{"role":"user","content":'
              '[{"type":"text","text":"%s"}],"timestamp":%d}}' % (n, prev, when, text(rnd.randint(20, 2000)), ms))
            inp, out, cr, cw = rnd.randint(1, 50), rnd.randint(10, 3000), rnd.randint(1000, 100000), rnd.randint(0, 5000)
            sec += rnd.randint(2, 60)
            when, ms = ts_ms(day, sec)
            w('{"type":"message","id":"a%d","parentId":"u%d","timestamp":"%s","message":{"role":"assistant",'
              '"content":[{"type":"thinking","thinking":"%s"},{"type":"toolCall","id":"tc%d","name":"bash",'
              '"arguments":{"command":"%s"}}],"api":"anthropic-messages","provider":"anthropic",'
              '"model":"claude-sonnet-4-5","usage":{"input":%d,"output":%d,"cacheRead":%d,"cacheWrite":%d,'
              '"totalTokens":%d,"cost":{"total":0.01}},"stopReason":"toolUse","timestamp":%d,'
              '"responseId":"msg_%024x"}}'
              % (n, n, when, text(rnd.randint(50, 3000)), n, text(rnd.randint(10, 300)), inp, out, cr, cw,
                 inp + out + cr + cw, ms, rnd.getrandbits(96)))
            count.calls[source] += 1
            sec += rnd.randint(1, 30)
            when, ms = ts_ms(day, sec)
            w('{"type":"message","id":"t%d","parentId":"a%d","timestamp":"%s","message":{"role":"toolResult",'
              '"toolCallId":"tc%d","toolName":"bash","content":[{"type":"text","text":"%s"}],"isError":false,'
              '"timestamp":%d}}' % (n, n, when, n, text(tool_output_size()), ms))
            prev = "t%d" % n
    count.bytes += written


def session_size(remaining):
    r = rnd.random()
    if r < 0.70:
        size = rnd.randint(5_000, 300_000)
    elif r < 0.95:
        size = rnd.randint(300_000, 5_000_000)
    else:
        size = rnd.randint(5_000_000, 40_000_000)
    return min(size, max(remaining, 10_000))


# --heavy and --small-files: other history shapes, kept apart from the default one above (same seed, same writers,
# only the size distributions are swapped).

SHAPE = {"files": 0}


def heavy_tool_output_size():
    """A heavy user's tool outputs: mostly short, a few large, no line of tens of megabytes."""
    r = rnd.random()
    if r < 0.90:
        return rnd.randint(100, 1_500)
    if r < 0.999:
        return rnd.randint(1_500, 10_000)
    return rnd.randint(10_000, 300_000)


def heavy_claude_blocks(n, step, tool="Bash"):
    return [('{"type":"thinking","thinking":"%s","signature":"%s"}' % (text(rnd.randint(50, CLAUDE_MIX["thinking"])), text(200))),
            '{"type":"text","text":"%s"}' % text(rnd.randint(20, 600)),
            ('{"type":"tool_use","id":"toolu_%d_%d","name":"%s","input":{"command":"%s"}}'
             % (n, step, tool, text(rnd.randint(10, 200))))]


def counted_subagent(path, head, parent_tool, day, sec, count):
    SHAPE["files"] += 1
    return PLAIN_SUBAGENT(path, head, parent_tool, day, sec, count)


PLAIN_SUBAGENT = claude_subagent


def use_heavy_shape():
    global tool_output_size, claude_blocks, claude_subagent
    CLAUDE_MIX.update(task=0.25, snapshot=0.05, bash_progress=0.05, prompt=400, thinking=700)
    tool_output_size = heavy_tool_output_size
    claude_blocks = heavy_claude_blocks
    claude_subagent = counted_subagent


def heavy_session_size(remaining):
    r = rnd.random()
    if r < 0.80:
        size = rnd.randint(5_000, 150_000)
    elif r < 0.98:
        size = rnd.randint(150_000, 2_000_000)
    else:
        size = rnd.randint(2_000_000, 10_000_000)
    return min(size, max(remaining, 10_000))


def write_session(home, source, i, day, size, count):
    if source == "claude":
        d = os.path.join(home, ".claude", "projects", "-home-dev-project-%d" % (i % 12))
        os.makedirs(d, exist_ok=True)
        claude_session(os.path.join(d, "%s.jsonl" % uuid.UUID(int=rnd.getrandbits(128), version=4)), size, count,
                       day)
    elif source == "codex":
        d = os.path.join(home, ".codex", "sessions", "2026", "%02d" % (1 + day // 28), "%02d" % (1 + day % 28))
        os.makedirs(d, exist_ok=True)
        codex_session(os.path.join(d, "rollout-2026-01-01T00-00-00-%s.jsonl" % uuid.UUID(int=rnd.getrandbits(128))),
                      size, count, day)
    elif source == "pi":
        d = os.path.join(home, ".pi", "agent", "sessions", "--home-dev-app-%d--" % (i % 5))
        os.makedirs(d, exist_ok=True)
        pi_session(os.path.join(d, "2026-01-01T00-00-00-000Z_%s.jsonl" % uuid.UUID(int=rnd.getrandbits(128),
                                                                                      version=4)),
                   size, count, day, "pi")
    else:
        d = os.path.join(home, ".openclaw", "agents", "main", "sessions")
        os.makedirs(d, exist_ok=True)
        pi_session(os.path.join(d, "%s.jsonl" % uuid.UUID(int=rnd.getrandbits(128), version=4)), size, count, day,
                   "openclaw")


def heavy_history(home, total, count):
    """About total bytes, 85% Claude Code (a Task subagent on ~40% of its calls), the rest Codex, Pi, OpenClaw."""
    use_heavy_shape()
    for source, share in (("claude", 0.85), ("codex", 0.07), ("pi", 0.05), ("openclaw", 0.03)):
        budget = int(total * share)
        done = 0
        i = 0
        while done < budget:
            i += 1
            before = count.bytes
            write_session(home, source, i, rnd.randrange(56), heavy_session_size(budget - done), count)
            SHAPE["files"] += 1
            done += count.bytes - before


def small_files_history(home, files, count):
    """files small transcripts (2-12 kB, Codex's 25-40 kB: one to a few calls), 80% Claude Code (with subagents), the
    rest the others; no resumed sessions."""
    use_heavy_shape()
    CLAUDE_MIX.update(resume=0)
    i = 0
    while SHAPE["files"] < files:
        i += 1
        r = rnd.random()
        source = "claude" if r < 0.8 else "codex" if r < 0.9 else "pi" if r < 0.95 else "openclaw"
        size = rnd.randint(25_000, 40_000) if source == "codex" else rnd.randint(2_000, 12_000)
        write_session(home, source, i, rnd.randrange(56), size, count)
        SHAPE["files"] += 1
    

def dense_transcript(path, count, calls, day, rich):
    """One Claude Code transcript of `calls` calls. rich: each call streamed as three lines (thinking, text,
    tool_use) with a tool result, as a subagent writes them; else one short assistant line per call."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    sid = str(uuid.UUID(int=rnd.getrandbits(128), version=4))
    head = ('{"parentUuid":null,"isSidechain":false,"userType":"external","cwd":"/home/dev/project-%d",'
            '"sessionId":"%s","version":"2.1.39","gitBranch":"main"' % (rnd.randrange(20), sid))
    sec = rnd.randrange(8 * 3600, 18 * 3600)
    written = 0
    with open(path, "w", encoding="utf-8") as f:
        out = []
        for n in range(calls):
            sec += rnd.randint(1, 20)
            if rich:
                out.extend(claude_call_lines(head, "claude-haiku-4-5-20251001", n, 0, day, sec, "d"))
                out.append(head + ',"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_%d_0",'
                           '"type":"tool_result","content":"%s","is_error":false}]},"uuid":"r%d","timestamp":"%s"}'
                           % (n, text(rnd.randint(200, 3000)), n, ts(day, sec)))
            else:
                mid, req = claude_ids()
                out.append(head + ',"message":{"model":"claude-sonnet-4-5-20250929","id":"%s","type":"message",'
                           '"role":"assistant","content":[{"type":"text","text":"ok"}],"stop_reason":"end_turn",'
                           '"usage":%s},"requestId":"%s","type":"assistant","uuid":"a%d","timestamp":"%s"}'
                           % (mid, claude_usage(rnd.randint(10, 4000), True), req, n, ts(day, sec)))
            count.calls["claude"] += 1
        data = "\n".join(out) + "\n"
        f.write(data)
        written += len(data.encode("utf-8"))
    count.bytes += written


def shape(home, name, count):
    projects = os.path.join(home, ".claude", "projects")
    if name == "subagents":
        for i in range(2200):
            project = os.path.join(projects, "-home-dev-project-%d" % (i % 40))
            session = str(uuid.UUID(int=rnd.getrandbits(128), version=4))
            if i % 11 == 0:  # a main transcript
                dense_transcript(os.path.join(project, session + ".jsonl"), count, rnd.randint(40, 200),
                                 rnd.randrange(56), True)
            else:  # a subagent's transcript: a few calls
                dense_transcript(os.path.join(project, session, "subagents", "agent-a%06x.jsonl"
                                              % rnd.getrandbits(24)), count, rnd.randint(2, 20), rnd.randrange(56),
                                 True)
    elif name == "million":
        for i in range(1000):
            dense_transcript(os.path.join(projects, "-home-dev-project-%d" % (i % 40),
                                          str(uuid.UUID(int=rnd.getrandbits(128), version=4)) + ".jsonl"),
                             count, 1000, rnd.randrange(56), False)
    elif name == "files50k":
        for i in range(50000):
            dense_transcript(os.path.join(projects, "-home-dev-project-%d" % (i % 200),
                                          str(uuid.UUID(int=rnd.getrandbits(128), version=4)) + ".jsonl"),
                             count, 4, rnd.randrange(56), False)
    else:
        print("unknown shape " + name, file=sys.stderr)
        sys.exit(2)


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    home = args[0]
    count = Counter()
    if len(args) >= 4 and args[2] == "--shape":
        shape(home, args[3], count)
    elif len(args) >= 4 and args[2] == "--single":
        target = int(args[3]) * 1024 * 1024
        d = os.path.join(home, ".claude", "projects", "-home-dev-big")
        os.makedirs(d, exist_ok=True)
        claude_session(os.path.join(d, "00000000-0000-4000-8000-000000000700.jsonl"), target, count, 3)
    elif len(args) >= 3 and args[2] == "--heavy":
        heavy_history(home, int(args[1]) * 1024 * 1024, count)
    elif len(args) >= 3 and args[2] == "--small-files":
        small_files_history(home, int(args[1]), count)
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
                write_session(home, source, i, day, size, count)
                done += count.bytes - before
    calls = count.calls
    out = {"bytes": count.bytes, "calls": sum(calls.values()), "bySource": calls}
    if SHAPE["files"]:
        out["files"] = SHAPE["files"]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
