#!/usr/bin/python3
"""Interactive mode in a real terminal (tmux): the line being edited
survives incoming messages, server text cannot drive the terminal, history
persists, slash commands, Ctrl-C/Ctrl-D and the terminal's modes, queued
input before open, a 100,000-byte paste, resizes, colour; and pipe mode
with stdout on a terminal escapes server text too."""

import os
import stat
import time

import harness as H
import termdrive as T

WSC = H.WSC


def peer(script, *args):
    return H.rawpeer(*args, script=script)


def term(url, *opts, env=None, cols=80, rows=24, hist=True):
    e = {"WSC_HISTFILE": H.tmpfile("hist-%d" % time.monotonic_ns())}
    if not hist:
        e = {}
    e.update(env or {})
    # -w 0: Ctrl-D closes at once (the tests wait for what they expect).
    return T.Term([WSC, "-w", "0"] + list(opts) + [url], env=e, cols=cols,
                  rows=rows)


def prompt_last(t, want):
    """The last screen line (wrapped rows joined) is exactly want."""
    lines = t.screen(join=True)
    return bool(lines) and lines[-1] == want


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


def test_binary(tap):
    """Received binary is a hex dump: offset, hex, printable ASCII."""
    script = [{"send": "binary", "hex": "00414243ff" + "61" * 15},
              {"expect": "close", "timeout_ms": 20000}]
    _, url, log = peer(script)
    t = term(url)
    tap.ok(t.wait_text("|.ABC.aaaaaaaaaaa|"), "hex dump shown", t.text())
    txt = t.text()
    tap.ok("< binary message, 20 bytes:" in txt, "binary header line", txt)
    tap.ok("00000000  00 41 42 43 ff 61 61 61  61 61 61 61 61 61 61 61  "
           "|.ABC.aaaaaaaaaaa|" in txt, "first dump line exact", txt)
    tap.ok("00000010  61 61 61 61" in txt, "second dump line", txt)
    t.keys("C-d")
    tap.eq(t.rc(), 0, "clean exit")
    # --binary-output base64 instead of the dump.
    _, url, log = peer([{"send": "binary", "hex": "00414243ff"},
                        {"expect": "close", "timeout_ms": 20000}])
    t = term(url, "--binary-output", "base64")
    tap.ok(t.wait_text("< binary message, 5 bytes, base64:\nAEFCQ/8="),
           "--binary-output base64: a base64 line", t.text())
    t.keys("C-d")
    tap.eq(t.rc(), 0, "clean exit (base64)")


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
            t.wait(lambda t: H.client_closes(log) or None, 10)
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


def test_suspend(tap):
    """Ctrl-Z gives the shell the terminal's modes back; fg puts the
    editor's back, with the typed text; Ctrl-\\ restores them too."""
    import shutil
    if not shutil.which("dash"):
        tap.skip("Ctrl-Z", "dash (for job control) not found")
        return
    _, url, log = peer([{"echo": "all"}])
    a, b, c = (H.tmpfile("stty-z-%s" % x) for x in "abc")
    t = T.Term(["dash", "-i"], env={"PS1": "$ ", "WSC_HISTFILE":
                                     H.tmpfile("hist-z")})
    t.wait(lambda t: t.text().endswith("$"))
    t.type("ulimit -c 0; stty -g > %s; %s %s" % (a, WSC, url))
    t.keys("Enter")
    t.wait(lambda t: prompt_last(t, "open>"))
    t.type("abc")
    t.wait(lambda t: prompt_last(t, "open> abc"))
    t.keys("C-z")
    tap.ok(t.wait_text("Stopped"), "Ctrl-Z stops wsc", t.text())
    t.type("stty -g > %s" % b)
    t.keys("Enter")
    t.wait(lambda t: os.path.exists(b) and os.path.getsize(b) > 0)
    with open(a) as fa, open(b) as fb:
        tap.eq(fb.read(), fa.read(), "while stopped, the modes the shell had")
    t.type("fg")
    t.keys("Enter")
    tap.ok(t.wait(lambda t: prompt_last(t, "open> abc")), "fg: the line back",
           t.text())
    t.type("def")
    t.keys("Enter")
    tap.ok(t.wait_text("< abcdef"), "fg: editing goes on", t.text())
    t.keys("C-\\")
    t.wait(lambda t: "Quit" in t.text() or t.text().endswith("$"))
    t.type("stty -g > %s" % c)
    t.keys("Enter")
    t.wait(lambda t: os.path.exists(c) and os.path.getsize(c) > 0)
    with open(a) as fa, open(c) as fc:
        tap.eq(fc.read(), fa.read(), "after Ctrl-\\ (SIGQUIT), the modes "
               "restored")


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


def test_commands(tap):
    """/help, /ping RTT, /binary, //text, unknown commands, /send-file."""
    f = H.tmpfile("file.txt")
    with open(f, "w") as fh:
        fh.write("file line 1\nfile line 2\n")
    _, url, log = peer([{"echo": "all"}])
    t = term(url)
    t.wait(lambda t: prompt_last(t, "open>"))
    t.type("/help")
    t.keys("Enter")
    tap.ok(t.wait_text("/close [CODE [REASON]]"), "/help lists commands",
           t.text())
    t.type("/ping hello")
    t.keys("Enter")
    tap.ok(t.wait_text("pong: round trip "), "/ping prints the round trip",
           t.text())
    t.type("/binary 01 02 ff")
    t.keys("Enter")
    tap.ok(t.wait_text("00000000  01 02 ff"), "/binary sent and echoed",
           t.text())
    t.type("/binary 0g")
    t.keys("Enter")
    tap.ok(t.wait_text("wsc: /binary: 'g': not a hex digit"),
           "/binary refuses bad hex", t.text())
    t.type("//slash")
    t.keys("Enter")
    tap.ok(t.wait_text("< /slash"), "//slash sends /slash", t.text())
    t.type("/bogus")
    t.keys("Enter")
    tap.ok(t.wait_text("wsc: unknown command '/bogus'"),
           "unknown command: one-line error", t.text())
    t.type("/send-file " + f)
    t.keys("Enter")
    tap.ok(t.wait_text("< file line 1\nfile line 2"), "/send-file: the file "
           "as one message", t.text())
    t.type("/quit")
    t.keys("Enter")
    tap.eq(t.rc(), 0, "/quit: clean exit")
    sent = [m for m in H.messages(log)]
    tap.eq(sent, [("binary", b"\x01\x02\xff"), ("text", b"/slash"),
                  ("text", b"file line 1\nfile line 2\n")],
           "exactly the messages meant to be sent")
    pings = [e for e in H.read_log(log) if e.get("event") == "frame"
             and e.get("opcode") == 9]
    tap.ok(len(pings) >= 1, "a ping frame reached the peer")


def test_resize(tap):
    """A resize (SIGWINCH) redraws the line for the new width."""
    cue = H.tmpfile("cue-resize")
    script = [{"wait_file": cue, "timeout_ms": 20000},
              {"send": "text", "data": "after resize"},
              {"expect": "close", "timeout_ms": 20000}]
    _, url, log = peer(script)
    t = term(url, cols=60, rows=20)
    t.wait(lambda t: prompt_last(t, "open>"))
    line = "a line long enough to wrap once the window gets narrow"
    t.type(line)
    t.wait(lambda t: prompt_last(t, "open> " + line))
    t.resize(30, 20)
    open(cue, "w").close()
    tap.ok(t.wait_text("< after resize"), "message after the resize", t.text())
    tap.ok(t.wait(lambda t: prompt_last(t, "open> " + line)),
           "line intact at the new width", t.text())
    x, y = t.cursor()
    n = len("open> " + line)
    rows = t.screen(join=False)
    tap.eq(x, n % 30, "cursor at the end of the text", "\n".join(rows))
    t.keys("C-u", "C-d")
    tap.eq(t.rc(), 0, "clean exit")


def test_color(tap):
    """Colour unless NO_COLOR or --color never; --color always wins."""
    for env, opts, want in (({"NO_COLOR": None}, [], True),
                            ({"NO_COLOR": "1"}, [], False),
                            ({"NO_COLOR": "1"}, ["--color", "always"], True),
                            ({"NO_COLOR": None}, ["--color", "never"], False)):
        _, url, log = peer([{"send": "text", "data": "hi"},
                            {"expect": "text", "timeout_ms": 20000},
                            {"expect": "close", "timeout_ms": 20000}])
        t = term(url, *opts, env=env)
        t.wait_text("< hi")
        t.type("sent line")
        t.keys("Enter")
        t.wait(lambda t: prompt_last(t, "open>"))
        raw = "\n".join(t.screen(escapes=True))
        has = ("\x1b[32m< hi" in raw, "\x1b[36mopen> sent line" in raw)
        tap.eq(has, (want, want), "colour %s (received, sent) with NO_COLOR=%s "
               "%s" % ("on" if want else "off", env["NO_COLOR"],
                       " ".join(opts)), repr(raw))
        t.keys("C-d")
        t.rc()


def test_modes(tap):
    """-I: pipe mode on a terminal (no prompt, server text still escaped);
    pipe mode with stdout a terminal escapes too."""
    for how in ("-I", "pipe"):
        _, url, log = peer([{"send": "text", "data": "\x1b]0;owned\x07esc"},
                            {"expect": "close", "timeout_ms": 20000}])
        if how == "-I":
            t = T.Term([WSC, "-I", "-w", "0.5", url], env={})
            t.wait_text("esc")
            t.keys("C-d")
        else:
            cmd = "printf 'x\\n' | %s -w 0.5 %s" % (WSC, url)
            t = T.Term(["sh", "-c", cmd])
        tap.eq(t.rc(), 0, "%s: clean exit" % how, t.text())
        txt = t.text()
        tap.ok("\\x1b]0;owned\\x07esc" in txt, "%s: server text escaped" % how,
               txt)
        tap.ok(">" not in txt, "%s: no prompt" % how, txt)


def test_json(tap):
    """-j: a JSON text typed over several lines is one message (the prompt
    shows the continuation); replies are pretty-printed; /json off shows
    them as they came; invalid JSON is refused, not sent."""
    _, url, log = peer([{"echo": "all"}])
    t = term(url, "-j")
    t.wait(lambda t: prompt_last(t, "open>"))
    t.type('{"c": "d"}')
    t.keys("Enter")
    tap.ok(t.wait_text('"c": "d"'), "a JSON reply shown", t.text())
    raw = "\n".join(t.screen(escapes=True))
    tap.ok("\x1b[" not in raw, "NO_COLOR: JSON without colour", repr(raw))
    t.type('{"a": [1,')
    t.keys("Enter")
    tap.ok(t.wait(lambda t: prompt_last(t, "...>")), "continuation prompt",
           t.text())
    t.type(' 2]}')
    t.keys("Enter")
    tap.ok(t.wait_text('    1,'), "the reply is pretty-printed", t.text())
    tap.ok(t.wait(lambda t: prompt_last(t, "open>")), "back to the prompt",
           t.text())
    t.type('{"bad": }')
    t.keys("Enter")
    tap.ok(t.wait_text("not sent: invalid JSON"), "invalid JSON refused",
           t.text())
    t.type("/json off")
    t.keys("Enter")
    tap.ok(t.wait_text("JSON mode off"), "/json off", t.text())
    t.type('[3, 4]')
    t.keys("Enter")
    tap.ok(t.wait_text("< [3, 4]"), "shown as received after /json off",
           t.text())
    t.type("/quit")
    t.keys("Enter")
    tap.eq(t.rc(), 0, "clean exit")
    tap.eq([m[1] for m in H.messages(log)],
           [b'{"c": "d"}', b'{"a": [1,\n 2]}', b'[3, 4]'],
           "the peer got the joined text and the array, nothing else")


def test_json_color(tap):
    """-j colours JSON unless --color never (and NO_COLOR unset)."""
    for opts, want in (([], True), (["--color", "never"], False)):
        _, url, log = peer([{"send": "text", "data": '{"k": "v"}'},
                            {"expect": "close", "timeout_ms": 20000}])
        t = term(url, "-j", *opts, env={"NO_COLOR": None})
        t.wait_text('"k": "v"')
        raw = "\n".join(t.screen(escapes=True))
        tap.eq("\x1b[" in raw.split("{", 1)[-1], want, "-j %s: JSON colour %s"
               % (" ".join(opts) or "(auto)", "on" if want else "off"),
               repr(raw))
        t.keys("C-d")
        t.rc()


def test_chat(tap):
    """--chat: typed lines become message packets, /nick a username
    packet; chat packets from the server render as chat lines."""
    import json
    script = [{"send": "text", "data": '{"type":"id","id":7}'},
              {"expect": "text", "count": 2, "timeout_ms": 20000},
              {"send": "text", "data": '{"type":"message","id":3,'
               '"name":"alice","text":"hello bob","date":0}'},
              {"expect": "close", "timeout_ms": 20000}]
    _, url, log = peer(script)
    t = term(url, "--chat", env={"TZ": "UTC"})
    t.wait(lambda t: prompt_last(t, "open>"))
    t.type("hi there")
    t.keys("Enter")
    t.type("/nick bob")
    t.keys("Enter")
    tap.ok(t.wait_text("alice: hello bob"), "a chat packet shown as a line",
           t.text())
    t.keys("C-d")
    tap.eq(t.rc(), 0, "clean exit")
    pk = []
    for kind, data in H.messages(log):
        try:
            pk.append(json.loads(data))
        except ValueError:
            pk.append(data)
    tap.eq([(p.get("type"), p.get("text") or p.get("name"), p.get("id"))
            for p in pk if isinstance(p, dict)],
           [("message", "hi there", 7), ("username", "bob", 7)],
           "a message packet, then a username packet", pk)


def test_forced(tap):
    """-i without terminals: lines from a pipe are taken as typed (commands
    included, a /close before the connection opens comes after the lines
    before it), the prompt and notices go to stdout."""
    _, url, log = peer([{"expect": "close", "timeout_ms": 10000}])
    r = H.run(["-i", "-w", "0.5", url], b"a line from a pipe\n/close 4001 x",
              env={"WSC_HISTFILE": H.tmpfile("hist-forced")})
    tap.eq(r.rc, 0, "-i on a pipe: exit 0", r.describe())
    tap.eq([m[1] for m in H.messages(log)], [b"a line from a pipe"],
           "-i on a pipe: the line sent")
    tap.eq(H.client_closes(log), [(4001, "x")],
           "-i on a pipe: the last, unterminated line is a command too")
    tap.ok(b"connecting> " in r.out and b"closing: sending 4001 'x'" in r.out,
           "-i on a pipe: prompt and notices on stdout", r.describe())


def body(tap):
    if not T.available():
        tap.skip("interactive tests", "tmux is not installed "
                 "(scripts/setup-debian.sh installs it)")
        return
    for t in (test_redraw, test_hostile, test_binary, test_history,
              test_close, test_ctrl_c, test_queued_and_paste, test_commands,
              test_resize, test_color, test_modes, test_json,
              test_chat, test_suspend, test_exit_paths, test_forced,
              test_json_color):
        t(tap)


H.main(body)
