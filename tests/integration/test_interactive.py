#!/usr/bin/python3
"""Interactive mode in a real terminal (tmux), the issue's core: the line
being edited survives incoming messages (wrapped, cursor inside), server
text cannot drive the terminal, history persists (0600), /close with a
code and reason, Ctrl-C and every other way out restore the terminal's
modes, lines typed before open are queued, a 100,000-byte paste is one
message.  More in test_interactive_more.py."""

import os
import stat
import time

import harness as H
import termdrive as T
from termdrive import peer, prompt_last, term

WSC = H.WSC


def test_redraw(tap):
    """A half-typed, wrapped line with the cursor inside it survives 20
    messages exactly: text, order and cursor position."""
    cue = H.tmpfile("cue-redraw")
    script = [{"wait_file": cue, "timeout_ms": 20000}]
    for i in range(1, 21):
        script += [{"send": "text", "data": "message %02d" % i},
                   {"sleep_ms": 10}]
    script += [{"expect": "close", "timeout_ms": 20000}]
    _, url, log = peer(script)
    t = term(url, cols=40, rows=30)
    tap.ok(t.wait(lambda t: prompt_last(t, "open>")), "prompt shows open",
           t.text())
    half = "the quick brown fox jumps over the lazy dog again"  # wraps at 40
    t.type(half)
    t.keys(*(["Left"] * 30))
    want_line = "open> " + half
    # Cursor: column of (len(prompt) + len(half) - 30) on a 40-column screen.
    pos = len("open> ") + len(half) - 30
    tap.ok(t.wait(lambda t: prompt_last(t, want_line)), "line typed",
           t.text())
    # The text shows before all 30 Left keys are handled (seen under
    # valgrind): await the cursor too.
    t.wait(lambda t: t.cursor()[0] == pos % 40)
    x0, y0 = t.cursor()
    tap.eq(x0, pos % 40, "cursor column before the messages")
    open(cue, "w").close()
    tap.ok(t.wait_text("< message 20"), "20 messages arrived", t.text())
    lines = t.screen(join=True)
    got = [l for l in lines if l.startswith("< message")]
    tap.eq(got, ["< message %02d" % i for i in range(1, 21)],
           "each message once, in order")
    tap.eq(lines[-1], want_line, "the half-typed line is intact", t.text())
    tap.eq(lines.count(want_line), 1, "and appears once (no stale copies)")
    x, y = t.cursor()
    first_row = len(t.screen(join=False)) - 2  # the line takes two rows
    tap.eq((x, y), (pos % 40, first_row + pos // 40),
           "cursor where it was in the text", t.text(join=False))
    # Typing goes on where the cursor is.
    t.type("X")
    w2 = "open> " + half[:len(half) - 30] + "X" + half[len(half) - 30:]
    tap.ok(t.wait(lambda t: prompt_last(t, w2)), "typing resumes at the cursor",
           t.text())
    t.keys("C-u")
    t.keys("C-d")
    tap.eq(t.rc(), 0, "Ctrl-D on an empty line: clean exit")
    tap.eq(H.client_closes(log), [(1000, "")], "closed with 1000")


def test_hostile(tap):
    """Escape sequences and a bell from the server are shown escaped; the
    title and the screen stay ours.  --raw-output opts out (the control
    shows the test can see a title change)."""
    evil = "\x1b]0;owned\x07\x1b[2J\x07bell"
    for raw in (False, True):
        cue = H.tmpfile("cue-hostile-%d" % raw)
        script = [{"wait_file": cue, "timeout_ms": 20000},
                  {"send": "text", "data": evil},
                  {"send": "text", "data": "after"},
                  {"expect": "close", "timeout_ms": 20000}]
        _, url, log = peer(script)
        opts = ["--raw-output"] if raw else []
        t = term(url, *opts)
        t.tmux("select-pane", "-t", t.target, "-T", "ours")
        t.wait(lambda t: prompt_last(t, "open>"))
        open(cue, "w").close()
        ok = t.wait_text("after")
        title = t.fmt("#{pane_title}")
        if not raw:
            tap.ok(ok, "messages shown", t.text())
            tap.ok("< \\x1b]0;owned\\x07\\x1b[2J\\x07bell" in t.text(),
                   "controls shown escaped", t.text())
            tap.eq(title, "ours", "the title is unchanged")
            tap.ok("connected to" in t.text(), "the screen was not cleared",
                   t.text())
            tap.eq(t.fmt("#{window_bell_flag}"), "0", "no bell rang")
        else:
            tap.eq(title, "owned", "--raw-output: the server set the title "
                   "(the check above can fail)")
        t.keys("C-d")
        tap.eq(t.rc(), 0, "clean exit%s" % (" (raw)" if raw else ""))


def test_history(tap):
    """History typed in one run is recalled with Up in the next; the file
    is created 0600 under $XDG_STATE_HOME/wsc without $WSC_HISTFILE."""
    state = H.tmpfile("state")
    env = {"XDG_STATE_HOME": state, "WSC_HISTFILE": None}
    hist = os.path.join(state, "wsc", "history")
    for run in range(2):
        script = [{"echo": "all"}]
        _, url, log = peer(script)
        t = term(url, env=env, hist=False)
        tap.ok(t.wait(lambda t: prompt_last(t, "open>")), "run %d: open" % run,
               t.text())
        if run == 0:
            t.type("remember this line")
            t.keys("Enter")
            tap.ok(t.wait_text("< remember this line"), "sent and echoed",
                   t.text())
        else:
            t.keys("Up")
            tap.ok(t.wait(lambda t: prompt_last(t, "open> remember this line")),
                   "Up recalls the line from the previous run", t.text())
            t.keys("C-u")
        t.keys("C-d")
        tap.eq(t.rc(), 0, "run %d: clean exit" % run)
        if run == 0:
            st = os.stat(hist) if os.path.exists(hist) else None
            tap.ok(st is not None, "history file at $XDG_STATE_HOME/wsc/history")
            tap.eq(st and stat.S_IMODE(st.st_mode), 0o600, "history file is 0600")
    # --no-history neither reads nor writes it.
    with open(hist, "rb") as f:
        saved = f.read()
    _, url, log = peer([{"echo": "all"}])
    t = term(url, "--no-history", env=env, hist=False)
    t.wait(lambda t: prompt_last(t, "open>"))
    t.keys("Up")
    t.type("x")
    tap.ok(t.wait(lambda t: prompt_last(t, "open> x")),
           "--no-history: Up recalls nothing", t.text())
    t.keys("Enter", "C-d")
    tap.eq(t.rc(), 0, "--no-history: clean exit")
    with open(hist, "rb") as f:
        tap.eq(f.read(), saved, "--no-history: history file untouched")


def test_close(tap):
    """/close 4000 bye reaches the peer; a bad code is refused, not sent."""
    _, url, log = peer([{"expect": "close", "timeout_ms": 20000}])
    t = term(url)
    t.wait(lambda t: prompt_last(t, "open>"))
    t.type("/close 999")
    t.keys("Enter")
    tap.ok(t.wait_text("wsc: /close: close code 999: must be 1000 or "
                       "3000-4999"), "bad close code refused", t.text())
    t.type("/close 4000 bye")
    t.keys("Enter")
    tap.eq(t.rc(), 0, "exit 0 after /close")
    tap.eq(H.client_closes(log), [(4000, "bye")], "peer got 4000 'bye'")


def test_ctrl_c(tap):
    """Ctrl-C closes cleanly (130); stty -g is the same before and after;
    a second Ctrl-C while closing exits at once, modes restored too."""
    for second in (False, True):
        script = [{"expect": "close", "timeout_ms": 20000}]
        if second:
            # Never answer the Close: only a second Ctrl-C ends it.
            script = [{"expect": "close", "timeout_ms": 20000},
                      {"sleep_ms": 15000}]
        _, url, log = peer(script)
        before = H.tmpfile("stty-before-%d" % second)
        after = H.tmpfile("stty-after-%d" % second)
        hist = H.tmpfile("hist-cc-%d" % second)
        cmd = ("trap true INT; stty -g > %s; WSC_HISTFILE=%s %s --close-timeout 30 %s; "
               "rc=$?; stty -g > %s; exit $rc" % (before, hist, WSC, url, after))
        t = T.Term(["sh", "-c", cmd])
        t.wait(lambda t: prompt_last(t, "open>"))
        t.type("half typed")
        t.keys("C-c")
        if second:
            tap.ok(t.wait_text("interrupted: closing"), "first Ctrl-C: closing",
                   t.text())
            H.wait_for_log(log, lambda e: e.get("event") == "close", 10)
            t.keys("C-c")
        rc = t.rc()
        tap.eq(rc, 130, "Ctrl-C%s: exit 130" % (" twice" if second else ""),
               t.text())
        with open(before) as f1, open(after) as f2:
            b, a = f1.read(), f2.read()
        tap.ok(b == a and b.strip() != "", "stty -g identical before and after"
               "%s" % (" (second Ctrl-C)" if second else ""), "%s\n%s" % (b, a))
        if not second:
            tap.eq(H.client_closes(log), [(1000, "")], "Ctrl-C sent Close 1000")


def test_exit_paths(tap):
    """The terminal's modes come back on the other ways out: a refused
    connection (3), a dropped one (7), SIGTERM (143)."""
    cases = []
    cases.append(("refused", "ws://127.0.0.1:%d/" % H.refused_port(), None, 3))
    _, url, _ = peer([{"sleep_ms": 300}, {"drop": True}])
    cases.append(("dropped", url, None, 7))
    _, url, _ = peer([{"expect": "close", "timeout_ms": 20000}])
    cases.append(("SIGTERM", url, "TERM", 143))
    for name, url, sig, want in cases:
        before = H.tmpfile("stty-%s-1" % name)
        after = H.tmpfile("stty-%s-2" % name)
        pidf = H.tmpfile("pid-%s" % name)
        inner = "echo $$ > %s; exec env WSC_HISTFILE=%s %s %s" % (
            pidf, H.tmpfile("h-" + name), WSC, url)
        cmd = ("stty -g > %s; sh -c '%s'; rc=$?; stty -g > %s; exit $rc"
               % (before, inner, after))
        t = T.Term(["sh", "-c", cmd])
        if sig:
            t.wait(lambda t: prompt_last(t, "open>"))
            with open(pidf) as f:
                os.kill(int(f.read()), 15)
        tap.eq(t.rc(), want, "%s: exit %d" % (name, want), t.text())
        with open(before) as f1, open(after) as f2:
            b, a = f1.read(), f2.read()
        tap.ok(b == a and b.strip() != "", "%s: stty -g identical before and "
               "after" % name, "%s\n%s" % (b, a))


def test_queued_and_paste(tap):
    """Lines typed before the handshake completes are queued and sent in
    order; a pasted 100,000-byte line is one message."""
    script = [{"expect": "text", "count": 3, "timeout_ms": 30000},
              {"expect": "close", "timeout_ms": 30000}]
    _, url, log = H.rawpeer("--delay-101", "3000", script=script)
    t = term(url)
    tap.ok(t.wait(lambda t: prompt_last(t, "connecting>")),
           "prompt shows connecting", t.text())
    t.type("early one")
    t.keys("Enter")
    t.type("early two")
    t.keys("Enter")
    tap.ok(t.wait_text("connecting> early two"), "typed while connecting",
           t.text())
    tap.ok(t.wait(lambda t: prompt_last(t, "open>")), "then open", t.text())
    big = ("0123456789abcdef" * 6250).encode()  # 100,000 bytes
    t0 = time.monotonic()
    t.paste(big + b"\n")
    ev = H.wait_for_log(log, lambda e: e.get("event") == "message" and
                        e.get("len", 0) >= 100000, timeout=30)
    dt = time.monotonic() - t0
    tap.diag("100,000-byte paste to message at the peer: %.2f s" % dt)
    t.keys("C-d")
    tap.eq(t.rc(30), 0, "clean exit")
    msgs = H.messages(log)
    lens = [len(m[1]) if m[1] is not None else None for m in msgs]
    evs = [e for e in H.read_log(log) if e.get("event") == "message"]
    tap.eq([m[1] for m in msgs[:2]], [b"early one", b"early two"],
           "queued lines sent in order after open")
    tap.eq([e.get("len") for e in evs[2:]], [100000],
           "the paste arrived as one 100,000-byte message", lens)


def body(tap):
    if not T.available():
        tap.skip("interactive tests", "tmux is not installed "
                 "(scripts/setup-debian.sh installs it)")
        return
    for t in (test_redraw,
              test_hostile,
              test_history,
              test_close,
              test_ctrl_c,
              test_exit_paths,
              test_queued_and_paste):
        t(tap)


H.main(body)
