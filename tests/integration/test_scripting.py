#!/usr/bin/python3
"""Scripting features: wait conditions (-n, -1, --until), keepalive
(--ping-interval, --ping-timeout), --reconnect and the -v diagnostics (with
secrets redacted).  Timeouts are in test_timeouts.py."""

import os
import time

import harness as H

# Under valgrind (~30x slower) time bounds are not meaningful.
SLOW = os.environ.get("WSC_SANITIZERS") == "valgrind"


def send(data):
    return {"send": "text", "data": data}


def one_test(tap):
    # The peer answers with two messages at once: -1 writes only the first.
    proc, url, log = H.rawpeer(script=[{"expect": "text"}, send("first"), send("second"),
                                       {"wait_close": True, "timeout_ms": 5000}])
    r = H.run(["-x", "hello", "-1", url])
    tap.eq(r.out, b"first\n", "-1: exactly the first reply is written", r.describe())
    tap.eq(r.rc, 0, "-1: exit 0", r.describe())
    tap.eq(H.client_closes(log), [(1000, "")], "-1: ends with a Close 1000", H.log_summary(log))


def count_test(tap):
    # stdin stays open: the count alone ends the session.
    proc, url, log = H.rawpeer(script=[send("m%d" % i) for i in range(5)] +
                               [{"wait_close": True, "timeout_ms": 5000}])
    w = H.Wsc(["-n", "3", url])
    r = w.wait(20)
    tap.eq(r.out, b"m0\nm1\nm2\n", "-n 3: three messages written, not more", r.describe())
    tap.eq(r.rc, 0, "-n 3: exit 0 without end of input", r.describe())
    tap.eq(H.client_closes(log), [(1000, "")], "-n 3: Close 1000", H.log_summary(log))

    proc, url, log = H.rawpeer(script=[send("only"), {"close": 1000, "reason": "bye"}])
    r = H.run(["--count", "2", url])
    tap.eq(r.rc, 9, "--count 2, peer closes after one: exit 9", r.describe())
    tap.ok(any("wait condition not met" in ln and "1 of 2" in ln for ln in r.stderr_lines()),
           "--count 2: the error says 1 of 2 messages came", r.describe())
    tap.eq(r.out, b"only\n", "--count 2: the message received is still written", r.describe())

    proc, url, log = H.rawpeer(script=[send("only"), {"drop": True}])
    r = H.run(["-n", "2", url])
    tap.eq(r.rc, 7, "-n 2, peer drops the connection: exit 7 (abnormal, not 9)",
           r.describe())


def until_test(tap):
    # The answer comes after 2 s, longer than the default 1 s quiet period.
    proc, url, log = H.rawpeer(script=[{"expect": "text"}, {"sleep_ms": 2000}, send("noise"),
                                       send("pong 42"),
                                       send("after"), {"wait_close": True, "timeout_ms": 5000}])
    r = H.run(["--until", "^pong [0-9]+$", url], b"ping\n")
    tap.eq(r.rc, 0, "--until: exit 0 when a late reply matches", r.describe())
    tap.eq(r.out, b"noise\npong 42\n", "--until: messages up to the match are written",
           r.describe())
    tap.eq(H.client_closes(log), [(1000, "")], "--until: Close 1000 after the match",
           H.log_summary(log))

    proc, url, log = H.rawpeer(script=[{"expect": "text"}, send("nope"),
                                       {"close": 1000, "reason": ""}])
    r = H.run(["--until", "pong", url], b"ping\n")
    tap.eq(r.rc, 9, "--until: exit 9 when the peer closes without a match", r.describe())
    tap.ok(any(ln.startswith("wsc: wait condition not met") for ln in r.stderr_lines()),
           "--until: exit 9 says the wait condition was not met", r.describe())

    proc, url, log = H.rawpeer(script=[send("y1"), send("n"), send("y2"), send("y3"),
                                       {"wait_close": True, "timeout_ms": 5000}])
    r = H.run(["--until", "^y", "-n", "2", url])
    tap.eq((r.rc, r.out), (0, b"y1\nn\ny2\n"), "--until with -n 2: ends at the second match",
           r.describe())

    proc, url, log = H.rawpeer(script=[{"send": "binary", "hex": "00ff0070696e67"},
                                       {"wait_close": True, "timeout_ms": 5000}])
    r = H.run(["--until", "ping", url])
    tap.eq(r.rc, 0, "--until: a binary message with NUL bytes is matched whole", r.describe())


def keepalive_test(tap):
    proc, url, log = H.rawpeer(script=[{"echo": "all", "delay_ms": 1200}])
    r = H.run(["-v", "--ping-interval", "0.3", url], b"x\n")
    pings = [e for e in H.final_log(log) if e.get("event") == "frame" and e.get("opcode") == 9]
    tap.ok(len(pings) >= 2, "--ping-interval 0.3: pings sent while waiting",
           H.log_summary(log))
    payloads = [H.b64d(e.get("payload_b64")) for e in pings]
    tap.ok(all(p and p.startswith(b"wsc:") and p[4:].isdigit() for p in payloads),
           "our pings carry a timestamp", H.short(payloads))
    rtts = [ln for ln in r.stderr_lines() if "pong: round trip" in ln]
    tap.ok(len(rtts) >= 2, "-v reports the RTT of each pong", r.describe())
    tap.eq(r.rc, 0, "--ping-interval: exit 0 with an answering peer", r.describe())
    if rtts:
        H.diag_figure(tap, "ping RTT on loopback: " + "; ".join(
            ln.split("round trip ")[1] for ln in rtts))

    # A peer that ignores pings: detected within --ping-timeout plus 1 s.
    proc, url, log = H.rawpeer("--no-auto-pong", script=[{"sleep_ms": 20000}])
    w = H.Wsc(["-w", "inf", "--ping-interval", "0.5", "--ping-timeout", "1.5", url])
    ping = H.wait_for_log(log, lambda e: e.get("event") == "frame" and e.get("opcode") == 9, 10)
    t_ping = time.monotonic()
    r = w.wait(20)
    took = time.monotonic() - t_ping if r.rc is not None else None
    tap.eq(r.rc, 8, "a peer ignoring pings: exit 8", r.describe())
    if SLOW:
        tap.skip("a peer ignoring pings is detected within --ping-timeout plus 1 s",
                 "timing under valgrind")
    else:
        tap.ok(ping is not None and took is not None and took <= 1.5 + 1.0,
               "a peer ignoring pings is detected within --ping-timeout plus 1 s",
               "took %s s after the ping" % took)
    tap.ok(any("no pong" in ln for ln in r.stderr_lines()), "ping timeout: the error says so",
           r.describe())
    if took is not None:
        H.diag_figure(tap, "ping timeout 1.5 s detected %.3f s after the ping" % took)

    # No --ping-interval: no pings at all (lws's own 300 s ones are replaced).
    proc, url, log = H.rawpeer(script=[{"echo": "all", "delay_ms": 1500}])
    r = H.run([url], b"x\n")
    tap.eq([e for e in H.final_log(log) if e.get("event") == "frame" and e.get("opcode") == 9],
           [], "without --ping-interval no ping is sent", H.log_summary(log))


def reconnect_test(tap):
    proc, url, log = H.rawpeer("--connections", "3", "--drop-first", "2",
                               script=[{"echo": 3}, {"wait_close": True, "timeout_ms": 5000}])
    r = H.run(["--reconnect=3", "-x", "one", "-x", "two", "-x", "three", url], timeout=30)
    evs = H.final_log(log)
    third = [H.b64d(e.get("data_b64")) for e in evs
             if e.get("event") == "message" and e.get("conn") == 2]
    tap.eq(third, [b"one", b"two", b"three"],
           "--reconnect=3: every --send message delivered on the third connection",
           H.log_summary(log))
    tap.eq(r.rc, 0, "--reconnect=3: exit 0 after two drops", r.describe())
    tap.eq(r.out, b"one\ntwo\nthree\n", "--reconnect=3: the replies written once",
           r.describe())
    notices = [ln for ln in r.stderr_lines() if ln.startswith("wsc: reconnect ")]
    tap.eq(len(notices), 2, "--reconnect: a notice per reconnect on stderr", r.describe())
    accepts = [e["t"] for e in evs if e.get("event") == "accept"]
    if len(accepts) == 3:
        H.diag_figure(tap, "reconnect gaps between accepts: %.3f s, %.3f s "
                      "(backoff 0.25-0.5 s, then 0.5-1 s)"
                      % (accepts[1] - accepts[0], accepts[2] - accepts[1]))

    # stdin continues where it was: a line written after the drop goes out
    # on the new connection, earlier stdin lines are not replayed.
    # The peer answers "done" only once "second" has arrived: "first" may
    # be resent on the new connection, so a count of messages would race.
    cue = H.tmpfile("cue-second")
    proc, url, log = H.rawpeer("--connections", "2", "--drop-first", "1",
                               script=[{"wait_file": cue, "timeout_ms": 15000},
                                       send("done"), {"wait_close": True, "timeout_ms": 5000}])
    w = H.Wsc(["--reconnect", "-x", "hello", "--until", "^done$", url])
    w.write(b"first\n")
    H.wait_for_log(log, lambda e: e.get("event") == "accept" and e.get("conn") == 1, 10)
    w.write(b"second\n")
    H.wait_for_log(log, lambda e: e.get("event") == "message" and e.get("conn") == 1
                   and H.b64d(e.get("data_b64")) == b"second", 10)
    open(cue, "w").close()
    r = w.wait(20)
    msgs = [(e.get("conn"), H.b64d(e.get("data_b64"))) for e in H.final_log(log)
            if e.get("event") == "message"]
    # "first" went out on the first connection or, if still queued at the
    # drop, on the second: never twice.
    tap.ok((0, b"hello") in msgs and (1, b"hello") in msgs and (1, b"second") in msgs
           and [m for _, m in msgs].count(b"first") <= 1,
           "--reconnect: -x replayed, stdin continues where it was", H.short(msgs))
    tap.eq(r.rc, 0, "--reconnect (no limit) then --until: exit 0", r.describe())

    port = H.refused_port()
    r = H.run(["--reconnect=2", "ws://127.0.0.1:%d/" % port], timeout=20)
    tap.eq(r.rc, 3, "--reconnect=2 to a refused port: gives up with the last status (3)",
           r.describe())
    tap.ok(any("giving up after 2" in ln for ln in r.stderr_lines()),
           "--reconnect=2: says it gave up", r.describe())


def diagnostics_test(tap):
    proc, url, log = H.rawpeer(script=[{"echo": "all"}])
    host_url = url.replace("127.0.0.1", "alice:s3cretpw@localhost")
    r = H.run(["-v", "-H", "Cookie: sid=c00kiesecret", "-H", "X-Plain: visible",
               host_url], b"x\n")
    err = r.err.decode(errors="replace")
    tap.eq(r.rc, 0, "-v: exit 0", r.describe())
    for what, want in (("resolved address", "resolve: localhost is 127.0.0.1"),
                       ("connected address", "connected to 127.0.0.1 port"),
                       ("request line", "> GET / HTTP/1.1"),
                       ("plain header", "> X-Plain: visible"),
                       ("redacted cookie", "> Cookie: [redacted]"),
                       ("redacted Basic auth", "> Authorization: Basic [redacted]"),
                       ("response status", "< HTTP 101"),
                       ("response header", "< sec-websocket-accept:"),
                       ("subprotocol", "protocol: (none)"),
                       ("who closed", "closed: by us, code 1000"),
                       ("exit summary", "done: exit 0 after")):
        tap.ok(want in err, "-v shows the %s" % what, err)
    tap.ok("s3cretpw" not in err and "c00kiesecret" not in err and
           "YWxpY2U6czNjcmV0cHc" not in err, "-v: no secret on stderr", err)
    summary = [ln for ln in r.stderr_lines() if "done: exit" in ln]
    tap.ok(summary and "sent 1 messages (1 bytes), received 1 (1 bytes)" in summary[-1],
           "-v: the summary counts messages and bytes each way", err)

    proc, url, log = H.rawpeer(script=[{"echo": "all"}])
    r = H.run(["-v", "--show-secrets", "-H", "Cookie: sid=c00kiesecret", url], b"x\n")
    tap.ok("> Cookie: sid=c00kiesecret" in r.err.decode(errors="replace"),
           "--show-secrets shows them", r.describe())

    proc, url, log = H.rawpeer(script=[{"send": "text", "data": "hi"},
                                       {"close": 4001, "reason": "bye"}])
    r = H.run(["-v", url], b"")
    tap.ok("closed: by the peer, code 4001 'bye'" in r.err.decode(errors="replace"),
           "-v: a peer's close code and reason, and that the peer closed", r.describe())

    proc, url, log = H.rawpeer("--reject", "403", "--reject-header", "Set-Cookie: k=s3cr3t")
    r = H.run(["-v", url], b"x\n")
    err = r.err.decode(errors="replace")
    tap.ok("< HTTP 403" in err and "< set-cookie: [redacted]" in err and "s3cr3t" not in err,
           "-v: a failed upgrade shows its status and headers, Set-Cookie redacted", err)


def jsonl_events_test(tap):
    import json
    proc, url, log = H.rawpeer(script=[{"echo": "all", "delay_ms": 700}])
    r = H.run(["-v", "--jsonl", "--ping-interval", "0.2", url], b"x\n")
    evs = []
    for line in r.out.splitlines():
        try:
            evs.append(json.loads(line))
        except ValueError:
            pass
    kinds = [e.get("type") for e in evs]
    tap.ok(kinds[:1] == ["open"] and "text" in kinds and "pong" in kinds
           and kinds[-1:] == ["close"], "--jsonl -v: open, messages, pongs, close events",
           H.short(kinds))
    pongs = [e for e in evs if e.get("type") == "pong"]
    tap.ok(pongs and all(isinstance(e.get("rtt_ms"), (int, float)) for e in pongs),
           "--jsonl -v: pong events carry the RTT", H.short(pongs))
    close = [e for e in evs if e.get("type") == "close"]
    tap.ok(close and close[-1].get("code") == 1000 and close[-1].get("by") == "client",
           "--jsonl -v: the close event says who closed", H.short(close))
    port = H.refused_port()
    r = H.run(["-v", "--jsonl", "ws://127.0.0.1:%d/" % port])
    tap.ok(b'"type":"error"' in r.out and b"refused" in r.out,
           "--jsonl -v: a failure is an error event", r.describe())


def body(tap):
    one_test(tap)
    count_test(tap)
    until_test(tap)
    keepalive_test(tap)
    reconnect_test(tap)
    diagnostics_test(tap)
    jsonl_events_test(tap)


if __name__ == "__main__":
    H.main(body)
