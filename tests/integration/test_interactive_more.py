#!/usr/bin/python3
"""Interactive mode in a real terminal (tmux), continued: hex dumps and
--binary-output, slash commands, resizes, colour, -I and pipe mode on a
terminal, -j (multi-line JSON, /json) and --chat, Ctrl-Z and Ctrl-\\, and
-i without terminals."""

import os

import harness as H
import termdrive as T
from termdrive import peer, prompt_last, term

WSC = H.WSC


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
        t.wait(lambda t: "open> sent line" in t.text() and
               prompt_last(t, "open>"))
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


def test_suspend(tap):
    """Ctrl-Z gives the shell the terminal's modes back; fg puts the
    editor's back, with the typed text; Ctrl-\\ restores them too."""
    import shutil
    if not shutil.which("dash"):
        tap.skip("Ctrl-Z", "dash (for job control) not found")
        return
    if os.environ.get("WSC_SANITIZERS") == "valgrind":
        tap.skip("Ctrl-Z", "valgrind does not stop its guest on SIGTSTP")
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
    if not tap.ok(t.wait_text("Stopped"), "Ctrl-Z stops wsc", t.text()):
        t.keys("C-c")
        return
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
    t.type("exit")
    t.keys("Enter")  # the shell ends too: the pane and its server go


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
    for t in (test_binary,
              test_commands,
              test_resize,
              test_color,
              test_modes,
              test_json,
              test_json_color,
              test_chat,
              test_suspend,
              test_forced):
        t(tap)


H.main(body)
