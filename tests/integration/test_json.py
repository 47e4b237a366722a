#!/usr/bin/python3
"""-j/--json and --jsonl against a scripted peer: pretty-printing exactly,
the raw fallback, reassembly, colour on a terminal, validation of input,
and the JSON-lines envelope with its lifecycle events."""

import base64
import json
import os
import pty
import re
import select
import subprocess
import time

import harness as H


def session(script, args=(), stdin=None, env=None):
    """wsc ARGS against a rawpeer that plays script and closes with 1000."""
    proc, url, log = H.rawpeer(script=script + [{"close": 1000}])
    w = H.Wsc(list(args) + [url], env=env)
    if stdin is not None:
        w.feed(stdin)
    return w.wait(20), log


PRETTY = (b'{\n  "b": [\n    1,\n    2.50e0,\n    {}\n  ],\n  "a": "x\\u0000y",\n'
          b'  "n": null\n}\n')


def pretty_test(tap):
    msg = '{"b":[1,2.50e0,{}],"a":"x\\u0000y","n":null}'
    r, log = session([{"send": "text", "data": msg},
                      {"send": "text", "data": "plain text, not JSON"},
                      {"send": "text", "data": ' "top" '},
                      {"send": "binary", "hex": "7b7d"}], ["-j"])
    tap.eq(r.out, PRETTY + b"plain text, not JSON\n" + b'"top"\n' + b"{}\n",
           "-j: JSON pretty-printed (2 spaces, key order and number text kept), "
           "non-JSON and binary as received", r.describe())
    tap.eq(r.rc, 0, "-j: exit 0", r.describe())


def fallback_test(tap):
    msgs = ['{"a":1,"a":2}', '[123456789012345678901234567890]', '{"x":1e999}']
    r, log = session([{"send": "text", "data": m} for m in msgs], ["-j", "-v"])
    tap.eq(r.out, "".join(m + "\n" for m in msgs).encode(),
           "-j: duplicate keys, integers beyond 64 bits, overflowing reals: shown "
           "exactly as received", r.describe())
    notes = [l for l in r.stderr_lines() if "cannot represent it faithfully" in l]
    tap.eq(len(notes), 3, "-v: one notice per message shown as received", r.describe())
    tap.ok(any("duplicate object key" in l for l in notes), "the notice names the reason",
           r.describe())


def reassembly_test(tap):
    frags = ['{"list":[', '1,2', ',3]', ',"k":"v"}', ""]
    r, log = session([{"fragments": frags, "opcode": 1}], ["-j"])
    tap.eq(r.out, b'{\n  "list": [\n    1,\n    2,\n    3\n  ],\n  "k": "v"\n}\n',
           "-j: a JSON message in 5 fragments is reassembled, then pretty-printed",
           r.describe())
    big = '{"k":"' + "x" * 3000 + '"}'
    r, log = session([{"send": "text", "data": big, "frag_size": 1000}],
                     ["-j", "--max-message", "2K"])
    tap.eq((r.rc, r.out), (6, b""), "-j: a message over --max-message fails (6), nothing "
           "of it written", r.describe())


def color_test(tap):
    """stdout on a terminal: colour, unless NO_COLOR."""
    msg = '{"k":["s",1,true],"esc":"\\u001b[2J","c1":"\u009b"}'
    outs = []
    for env in ({}, {"NO_COLOR": "1"}):
        proc, url, log = H.rawpeer(script=[{"send": "text", "data": msg}, {"close": 1000}])
        master, slave = pty.openpty()
        full = dict(os.environ)
        full.update(env)
        p = subprocess.Popen([H.WSC, "-j", url], stdin=subprocess.DEVNULL, stdout=slave,
                             stderr=subprocess.PIPE, env=full)
        os.close(slave)
        data = b""
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            rd, _, _ = select.select([master], [], [], 0.2)
            if rd:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                data += chunk
            elif p.poll() is not None:
                break
        rc = p.wait(10)
        os.close(master)
        outs.append((rc, data.replace(b"\r\n", b"\n")))
    (rc1, colored), (rc2, plain) = outs
    want_plain = (b'{\n  "k": [\n    "s",\n    1,\n    true\n  ],\n  "esc": "\\u001b[2J",\n'
                  b'  "c1": "\\u009b"\n}\n')
    tap.ok(b"\x1b[1;34m\"k\"\x1b[0m" in colored and b"\x1b[32m\"s\"\x1b[0m" in colored
           and b"\x1b[36m1\x1b[0m" in colored and b"\x1b[35mtrue\x1b[0m" in colored,
           "on a terminal: keys, strings, numbers and literals in colour", H.short(colored))
    stripped = re.sub(rb"\x1b\[[0-9;]*m", b"", colored)
    tap.eq(stripped, want_plain, "colour aside, the same text; a C1 control in a string "
           "is written as \\u009b", H.short(colored))
    tap.eq(plain, want_plain, "NO_COLOR: no escape sequence at all", H.short(plain))
    tap.eq((rc1, rc2), (0, 0), "exit 0 on a terminal")


def refuse_test(tap):
    inp = b'{"ok":1}\nnot json\n{"a": tru}\n[1,\n[2]\n'
    proc, url, log = H.rawpeer(script=[{"expect": "message", "count": 2, "timeout_ms": 10000},
                                       {"sleep_ms": 200}, {"close": 1000}])
    r = H.run(["-j", url], inp)
    got = [d for t, d in H.messages(log)]
    tap.eq(got, [b'{"ok":1}', b"[2]"], "-j: only the JSON lines were sent, in order",
           H.log_summary(log))
    errs = r.stderr_lines()
    tap.eq(len(errs), 3, "one error line per refused line", r.describe())
    tap.ok(len(errs) == 3 and errs[0].startswith(
        "wsc: stdin line 2: not sent: invalid JSON: line 1, column "),
        "line 2 refused with the parser's line and column", r.describe())
    tap.ok(len(errs) == 3 and "stdin line 3:" in errs[1] and "line 1, column 9" in errs[1],
           "line 3 refused at column 9", r.describe())
    tap.ok(len(errs) == 3 and "stdin line 4:" in errs[2], "an incomplete line is refused "
           "in a pipe", r.describe())
    tap.eq(r.rc, 10, "refused input: exit 10 at the end", r.describe())

    proc, url, log = H.rawpeer(script=[{"expect": "message", "count": 1, "timeout_ms": 10000},
                                       {"close": 1000}])
    r = H.run(["-j", "-x", "{oops}", "-x", '{"ok":2}', url])
    tap.eq([d for t, d in H.messages(log)], [b'{"ok":2}'], "-j: an invalid -x message is "
           "not sent, the next one is", H.log_summary(log))
    tap.ok(any(l.startswith("wsc: --send message 1: not sent: invalid JSON: line 1, "
                            "column ") for l in r.stderr_lines()),
           "the -x message is named in the error", r.describe())
    tap.eq(r.rc, 10, "-x refused: exit 10", r.describe())


TIME_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def jsonl_test(tap):
    binary = bytes(range(256))
    t0 = time.time()
    r, log = session([{"send": "text", "data": 'a\nb "q" \u00e9\u001b'},
                      {"send": "binary", "hex": binary.hex()},
                      {"fragments": ["x", "y", ""], "opcode": 1}], ["--jsonl"])
    lines = r.out.split(b"\n")
    tap.eq(lines[-1], b"", "--jsonl: output ends with a newline", r.describe())
    try:
        objs = [json.loads(l) for l in lines[:-1]]
    except ValueError:
        objs = []
    tap.eq(len(objs), 3, "--jsonl: one JSON object per message", r.describe())
    if len(objs) != 3:
        return
    tap.eq([(o["type"], o.get("data")) for o in (objs[0], objs[2])],
           [("text", 'a\nb "q" \u00e9\u001b'), ("text", "xy")],
           "text messages: type and data (newline, quote, control survive)")
    tap.eq((objs[1]["type"], base64.b64decode(objs[1]["base64"])), ("binary", binary),
           "binary message: base64 of the exact bytes")
    tap.ok(all(TIME_RE.match(o["time"]) for o in objs), "each has a UTC time to the ms",
           H.short(objs))
    tap.ok(b"\x1b" not in r.out, "no raw control byte in the JSON lines")
    ts = [time.mktime(time.strptime(o["time"][:19], "%Y-%m-%dT%H:%M:%S")) - time.timezone
          for o in objs]
    tap.ok(all(t0 - 2 <= t <= time.time() + 2 for t in ts), "the times are now", H.short(ts))
    tap.eq(r.rc, 0, "--jsonl: exit 0", r.describe())


def jsonl_events_test(tap):
    proc, url, log = H.rawpeer("--subprotocol", "chat", script=[
        {"send": "text", "data": "hi"}, {"close": 4001, "reason": "bye"}])
    r = H.run(["--jsonl", "-v", "-s", "chat", url])
    try:
        objs = [json.loads(l) for l in r.out.splitlines()]
    except ValueError:
        objs = []
    types = [o.get("type") for o in objs]
    tap.eq(types, ["open", "text", "close", "error"], "--jsonl -v: open, the message, "
           "close, and the error of an abnormal close", r.describe())
    if types == ["open", "text", "close", "error"]:
        tap.ok("4001" in objs[3]["message"], "error: the message names the code",
               H.short(objs[3]))
        tap.eq((objs[0]["protocol"], objs[0]["extensions"]), ("chat", ""),
               "open: the negotiated protocol and extensions")
        c = objs[2]
        tap.eq((c["code"], c["reason"], c["clean"], c["by"]), (4001, "bye", True, "server"),
               "close: code, reason, clean, who closed")
    proc, url, log = H.rawpeer(script=[{"expect": "ping", "timeout_ms": 10000},
                                       {"sleep_ms": 100}, {"close": 1000}])
    r = H.run(["--jsonl", "-v", "--ping-interval", "0.05", url])
    try:
        objs = [json.loads(l) for l in r.out.splitlines()]
    except ValueError:
        objs = []
    pongs = [o for o in objs if o.get("type") == "pong"]
    tap.ok(pongs and all(isinstance(o.get("rtt_ms"), (int, float)) and o["rtt_ms"] >= 0
                         for o in pongs), "--jsonl -v: a pong event with its RTT in ms",
           r.describe())
    refused = "ws://127.0.0.1:%d/" % H.refused_port()
    r2 = H.run(["--jsonl", "-v", refused])
    try:
        objs = [json.loads(l) for l in r2.out.splitlines()]
    except ValueError:
        objs = []
    tap.ok(len(objs) == 1 and objs[0]["type"] == "error" and objs[0]["message"],
           "--jsonl -v: a refused connection is an error event", r2.describe())
    tap.eq(r2.rc, 3, "and exit 3", r2.describe())
    r3 = H.run(["--jsonl", refused])
    tap.eq(r3.out, b"", "--jsonl without -v: no event lines", r3.describe())


def listen_test(tap):
    """Listen mode: -j pretty-prints what clients send and checks the lines
    that go to them (exit 10 at the end for a refused one)."""
    w = H.Wsc(["-l", "0", "--print-port", "--once", "-j"])
    deadline = time.monotonic() + 15
    while b"\n" not in w.stdout_so_far() and time.monotonic() < deadline:
        time.sleep(0.02)
    port = int(w.stdout_so_far().split(b"\n")[0])
    w.write(b'{"to":"client"}\nnot json\n')
    # The lines wait for the client; it sends its own, then waits 1 s.
    r = H.run(["ws://127.0.0.1:%d/" % port], b'{"from":"client"}\n')
    lr = w.wait(20)
    w.close_stdin()
    tap.eq(r.out, b'{"to":"client"}\n', "listen -j: the JSON line reached the client, "
           "the other did not", r.describe())
    tap.eq(lr.out.split(b"\n", 1)[1], b'{\n  "from": "client"\n}\n',
           "listen -j: the client's JSON pretty-printed", lr.describe())
    tap.ok(any("stdin line 2: not sent: invalid JSON" in l for l in lr.stderr_lines()),
           "listen -j: the refused line named", lr.describe())
    tap.eq(lr.rc, 10, "listen -j: exit 10 for the refused line", lr.describe())


def main(tap):
    pretty_test(tap)
    fallback_test(tap)
    reassembly_test(tap)
    color_test(tap)
    refuse_test(tap)
    jsonl_test(tap)
    jsonl_events_test(tap)
    listen_test(tap)


if __name__ == "__main__":
    H.main(main)
