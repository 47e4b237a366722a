#!/usr/bin/python3
"""Scripting features: wait conditions (-n, -1, --until)."""

import harness as H


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


def body(tap):
    one_test(tap)
    count_test(tap)
    until_test(tap)


if __name__ == "__main__":
    H.main(body)
