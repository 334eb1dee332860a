package io.github.cream.examples.cli;

/** The text of {@code --help}. */
final class Help {

  private Help() {}

  static final String TEXT =
      """
      Usage: java -jar cream.jar [command] [options]

      Usage and cost of AI coding agents (Claude Code, Codex CLI, Pi, OpenClaw), read from the
      logs they leave on this machine. Nothing is sent anywhere.

      Commands:
        daily       usage per day, per source and model (the default)
        weekly      usage per week
        monthly     usage per month
        session     usage per session, most recent first
        session SESSION_ID
                    one session as a timeline: each step with its time, role, model, tokens
                    (input, output, cache read, cache write), cost and the tools it called,
                    the idle gaps that let the prompt cache expire, and totals (SESSION_ID:
                    the id, or a prefix that names one session)
        blocks      usage per account: 5-hour billing blocks with the burn rate of the active
                    block (Claude), or the agent's own rate-limit windows (Codex)
        cache       each session's prompt cache: warm, cold or unknown, when it expires, what
                    resuming costs now and once cold; and what caching saved and wasted
        statusline  one line for an agent's status bar (Claude Code's statusLine command);
                    'statusline --help' for its options
        sources     where each source looks, what it found, where it was loaded from, and
                    what it can do (messages, recorded costs, watching, cache state, projects)

      Options:
        --json                 machine output on stdout, nothing else (schemas cream.report/1,
                               cream.sessions/1, cream.timeline/1, cream.blocks/1, cream.cache/1,
                               cream.sources/1)
        --timezone ZONE        IANA time zone for dates, e.g. Europe/Helsinki (default: the system
                               zone; UTC for the demo)
        --since DATE           first day to include, YYYY-MM-DD or YYYYMMDD
        --until DATE           last day to include, YYYY-MM-DD or YYYYMMDD
        --source ID[,ID]       only these sources: claude, codex, pi, openclaw, or a plug-in id
        --project PATH|NAME    only sessions whose working directory is PATH or below it, or the
                               project whose directory is named NAME (every report)
        --cost-mode MODE       auto: the cost the agent recorded where it has one, else calculated
                               from the price table; calculate: always calculated; recorded: only
                               recorded costs
        --start-of-week DAY    first day of a week for 'weekly' (default: monday)
        --now INSTANT          evaluate at this ISO-8601 instant instead of the clock, e.g.
                               2026-03-02T13:00:00Z (decides the active block and whether
                               caches are still warm)
        --by project           daily, weekly, monthly: one line per project instead
        --active               cache: warm caches and those expired within the last hour;
                               blocks: the active block of each account
        --last N               cache: the N most recently active sessions
        --order asc|desc       cache: oldest or (default) most recently active first
        --recent               blocks: the blocks of the last three days
        --token-limit N|max    blocks: project the active block against a token limit (max:
                               the most tokens an earlier block used)
        --compact              tables: one line per period, without the per-model lines
        --no-index             do not read or write the scan index (~/.cache/cream/); every file is
                               read from the start
        --forget-missing       forget the usage kept from transcripts that no longer exist (the
                               scan index keeps it, so history survives Claude Code's 30-day
                               clean-up), then report
        --watch                daily, session and cache: keep running and show the report again
                               as agents write (redrawn in place; with --json one JSON document per
                               line per change); Ctrl-C to stop
        --demo                 run on the embedded demo history instead of this machine's logs
        -h, --help             show this help
        --version              show the version

      Logs are looked for under $HOME and the agents' own variables (CLAUDE_CONFIG_DIR,
      CODEX_HOME, PI_CODING_AGENT_DIR, OPENCLAW_STATE_DIR, XDG_CONFIG_HOME). Unreadable lines and
      files are counted and reported, never fatal: the exit status is 0 on success and 2 for a
      bad command line.
      """;
}
