#!/usr/bin/python3
"""-j and --chat in interactive mode (a real terminal, through tmux): pasted
pretty JSON becomes one message (incomplete JSON goes on on the next line),
invalid JSON is refused with line and column, /json off|on switches the
pretty-printing; --chat renders packets, /nick renames, typed lines become
message packets."""

import json
import os
import time

import harness as H
import termdrive as T

CHATPEER = os.path.join(H.PEERS, "chatpeer.py")


def term(url, *opts, env=None):
    e = {"WSC_HISTFILE": H.tmpfile("hist-%d" % time.monotonic_ns()), "TZ": "UTC"}
    e.update(env or {})
    return T.Term([H.WSC] + list(opts) + [url], env=e, cols=100, rows=40)


def prompt_last(t, want):
    lines = t.screen(join=True)
    return bool(lines) and lines[-1] == want


def test_json(tap):
    _, url, log = H.rawpeer(script=[{"echo": "all"}])
    t = term(url, "-j")
    tap.ok(t.wait(lambda t: prompt_last(t, "open>")), "-j: prompt shows open", t.text())
    doc = '{\n  "a": [\n    1,\n    2\n  ],\n  "b": "x"\n}'
    t.paste(doc.encode() + b"\n")
    tap.ok(t.wait_text('  "b": "x"\n}', timeout=15), "pasted pretty JSON echoed and shown "
           "pretty", t.text())
    t.type('{"k": tru}')
    t.keys("Enter")
    tap.ok(t.wait_text("not sent: invalid JSON: line 1, column "),
           "invalid JSON refused with line and column", t.text())
    t.type("/json off")
    t.keys("Enter")
    tap.ok(t.wait_text("JSON mode off"), "/json off", t.text())
    t.type('{"c":[3]}')
    t.keys("Enter")
    tap.ok(t.wait_text('< {"c":[3]}'), "/json off: echoed JSON shown as received",
           t.text())
    t.type("/json on")
    t.keys("Enter")
    t.type('{"d":4}')
    t.keys("Enter")
    tap.ok(t.wait_text('{\n  "d": 4\n}'), "/json on: pretty again", t.text())
    t.keys("C-d")
    tap.eq(t.rc(20), 0, "clean exit", t.text())
    sent = [d for k, d in H.messages(log)]
    tap.eq(sent, [doc.encode(), b'{"c":[3]}', b'{"d":4}'],
           "the paste went as one message (lines joined by LF); the invalid line "
           "was not sent", H.log_summary(log))
    t.close()


def test_chat(tap):
    log = H.tmpfile("chatpeer-i.log")
    proc, port = H.start_peer(["--log", log], script=CHATPEER)
    url = "ws://127.0.0.1:%d/" % port
    t = term(url, "--chat", "alice")
    tap.ok(t.wait_text("User alice signed in at "), "--chat: signed in", t.text())
    t.type("/nick bob")
    t.keys("Enter")
    tap.ok(t.wait_text("User bob signed in at "), "/nick renames", t.text())
    t.type("hello there")
    t.keys("Enter")
    tap.ok(t.wait_text(") bob: hello there"), "a typed line comes back as a chat line",
           t.text())
    t.type("//nick not a command")
    t.keys("Enter")
    tap.ok(t.wait_text(") bob: /nick not a command"), "//: a literal slash line",
           t.text())
    t.keys("C-d")
    tap.eq(t.rc(20), 0, "clean exit", t.text())
    got = [(e["packet"].get("type"), e["packet"].get("name"), e["packet"].get("text"))
           for e in H.read_log(log) if e.get("event") == "recv"]
    tap.eq(got, [("username", "alice", None), ("username", "bob", None),
                 ("message", None, "hello there"),
                 ("message", None, "/nick not a command")],
           "packets sent: name, rename, two message packets")
    t.close()


def body(tap):
    if not T.available():
        tap.skip("interactive JSON tests", "tmux is not installed "
                 "(scripts/setup-debian.sh installs it)")
        return
    test_json(tap)
    test_chat(tap)


H.main(body)
