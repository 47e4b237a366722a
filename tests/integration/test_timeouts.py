#!/usr/bin/python3
"""Timeouts: the issue's --until/-t scenario, -t, --connect-timeout."""

import os

import harness as H

# Under valgrind (~30x slower) the time bounds below are not meaningful.
SLOW = os.environ.get("WSC_SANITIZERS") == "valgrind"


def within(tap, cond, desc, diag):
    if SLOW:
        tap.skip(desc, "timing under valgrind")
    else:
        tap.ok(cond, desc, diag)


def send(data):
    return {"send": "text", "data": data}


def done_when_until_test(tap):
    # The scenario: echo ping | wsc URL --until pong -t 5.
    proc, url, log = H.rawpeer(script=[{"expect": "text"}, {"sleep_ms": 2000}, send("pong"),
                                       {"wait_close": True, "timeout_ms": 5000}])
    r = H.run([url, "--until", "pong", "-t", "5"], b"ping\n")
    tap.eq((r.rc, r.out), (0, b"pong\n"), "until+timeout: a reply after 2 s: exit 0",
           r.describe())
    proc, url, log = H.rawpeer(script=[{"expect": "text"}, {"close": 1000, "reason": ""}])
    r = H.run([url, "--until", "pong", "-t", "5"], b"ping\n")
    tap.eq(r.rc, 9, "until+timeout: the peer closes without answering: exit 9", r.describe())
    proc, url, log = H.rawpeer(script=[{"expect": "text"}, {"sleep_ms": 15000}])
    r = H.run([url, "--until", "pong", "-t", "5"], b"ping\n", timeout=30)
    tap.eq(r.rc, 8, "until+timeout: a silent peer: exit 8", r.describe())
    within(tap, 4.5 <= r.elapsed < 9.5, "until+timeout: ended at -t 5 (plus the close), "
           "not later", "elapsed %.2f s" % r.elapsed)
    tap.ok(any("--timeout" in ln for ln in r.stderr_lines()),
           "until+timeout: the error names --timeout", r.describe())
    tap.eq(H.client_closes(log), [(1000, "")], "-t: a Close is still sent", H.log_summary(log))


def connect_timeout_test(tap):
    # The peer accepts TCP, reads the request and never answers (pitfall 3).
    proc, url, log = H.rawpeer("--silent")
    r = H.run(["--connect-timeout", "1", url], b"x\n", timeout=20)
    tap.eq(r.rc, 8, "--connect-timeout 1, silent upgrade: exit 8", r.describe())
    within(tap, 0.9 <= r.elapsed < 3.5, "--connect-timeout 1: fails at about 1 s, not at "
           "lws's 5 s", "elapsed %.2f s" % r.elapsed)
    tap.ok(any("no upgrade response" in ln and "--connect-timeout" in ln
               for ln in r.stderr_lines()),
           "--connect-timeout: the error names the phase", r.describe())
    H.diag_figure(tap, "connect-timeout 1 s failed after %.3f s" % r.elapsed)

    # The default (10 s) replaces lws's fixed 5 s: still waiting at 6 s.
    proc, url, log = H.rawpeer("--silent")
    w = H.Wsc(["-t", "7", url], stdin=H.subprocess.DEVNULL)
    r = w.wait(30)
    tap.ok(r.rc == 8 and any("--timeout" in ln for ln in r.stderr_lines()),
           "default --connect-timeout is longer than lws's 5 s (-t 7 fires first)",
           r.describe())

    proc, url, log = H.rawpeer("--delay-101", "1500", script=[{"echo": "all"}])
    r = H.run(["--connect-timeout", "4", url], b"slow\n")
    tap.eq((r.rc, r.out), (0, b"slow\n"), "--connect-timeout 4: a 1.5 s upgrade is fine",
           r.describe())


def reconnect_after_timeout_test(tap):
    # A connection given up by --connect-timeout is closed (the peer sees
    # EOF and serves the next) and the attempt is retried.
    proc, url, log = H.rawpeer("--silent", "--connections", "2")
    r = H.run(["--reconnect=1", "--connect-timeout", "1", url], timeout=20)
    accepts = [e for e in H.final_log(log) if e.get("event") == "accept"]
    tap.eq(r.rc, 8, "--reconnect=1 after connect timeouts: exit 8 (the last failure)",
           r.describe())
    tap.eq(len(accepts), 2, "the timed-out connection was closed and a second one made",
           H.log_summary(log))


def body(tap):
    done_when_until_test(tap)
    connect_timeout_test(tap)
    reconnect_after_timeout_test(tap)


if __name__ == "__main__":
    H.main(body)
