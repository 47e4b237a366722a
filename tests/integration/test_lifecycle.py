#!/usr/bin/python3
"""Session lifecycle: queueing before open, end-of-input policy, peer close,
closed stdout, signals."""

import os
import select
import signal
import time

import harness as H


def queued_test(tap):
    # The peer answers the upgrade 500 ms late; all input is written (and
    # stdin closed) at once, so it is queued before the session is open.
    proc, url, log = H.rawpeer("--delay-101", "500", script=[{"echo": "all"}])
    r = H.run(["-x", "first", "--send", "second", url], b"l1\nl2\nl3\n")
    want = [b"first", b"second", b"l1", b"l2", b"l3"]
    tap.eq([d for _, d in H.messages(log)], want,
           "input queued before open is sent in order, -x messages first", r.describe())
    tap.eq(r.out, b"first\nsecond\nl1\nl2\nl3\n", "all queued messages echoed", r.describe())
    tap.eq(r.rc, 0, "exit 0 after a delayed handshake", r.describe())


def no_input_test(tap):
    # stdin /dev/null: only the -x messages are sent, replies still arrive.
    proc, url, log = H.rawpeer(script=[{"echo": "all", "delay_ms": 200}])
    r = H.run(["-x", "only", "-x", "two words", url])
    tap.eq([d for _, d in H.messages(log)], [b"only", b"two words"],
           "stdin at EOF at once: -x messages sent", H.log_summary(log))
    tap.eq(r.out, b"only\ntwo words\n", "stdin at EOF at once: their replies written",
           r.describe())
    tap.eq(H.client_closes(log), [(1000, "")], "stdin at EOF at once: Close 1000",
           H.log_summary(log))
    tap.eq(r.rc, 0, "stdin at EOF at once: exit 0", r.describe())


def wait0_test(tap):
    # Replies come 500 ms after each message (less than the default 1 s wait).
    # With -w 0 the client's Close must reach the peer before any reply left.
    proc, url, log = H.rawpeer(script=[{"echo": "all", "delay_ms": 500}])
    r = H.run(["-w", "0", url], b"a\nb\nc\n")
    evs = H.final_log(log)
    tap.eq([d for _, d in H.messages(log)], [b"a", b"b", b"c"], "-w 0: all input sent",
           r.describe())
    close_i = [i for i, e in enumerate(evs) if e["event"] == "close"]
    reply_i = [i for i, e in enumerate(evs) if e["event"] == "sent" and e["opcode"] in (1, 2)]
    tap.ok(close_i and evs[close_i[0]]["code"] == 1000 and (not reply_i or close_i[0] < reply_i[0]),
           "-w 0: Close 1000 arrived before any reply was sent (no wait for replies)",
           H.short([(e["event"], e.get("opcode"), e.get("code")) for e in evs]))
    tap.eq(r.rc, 0, "-w 0: exit 0", r.describe())
    tap.eq(r.out, b"", "-w 0: nothing on stdout (the replies were never sent)", r.describe())


def wait_inf_test(tap):
    # The reply comes 1.5 s after the message, later than the default quiet
    # period; with -w inf the client must still be there, and the session
    # ends with the peer's Close.
    proc, url, log = H.rawpeer(script=[{"expect": "text"}, {"sleep_ms": 1500},
                                       {"send": "text", "data": "late reply"},
                                       {"close": 1000, "reason": "done"}])
    r = H.run(["-w", "inf", url], b"question\n")
    tap.eq(r.out, b"late reply\n", "-w inf: a reply after a long silence is received",
           r.describe())
    # The peer logs its own frames and the client's from two threads, so
    # log order is not causal; the content is: a client closing on end of
    # input sends 1000 with no reason, one answering echoes "done".
    client_closes = [e for e in H.final_log(log) if e["event"] == "close"]
    tap.ok(len(client_closes) == 1 and client_closes[0].get("reason") == "done",
           "-w inf: the client did not close on end of input (it echoed the peer's Close)",
           H.short(client_closes))
    tap.eq(r.rc, 0, "-w inf: exit 0 after the peer's Close 1000", r.describe())


def peer_close_ends_test(tap):
    # stdin stays open: the peer's Close alone must end the session.
    proc, url, log = H.rawpeer(script=[{"expect": "text"}, {"send": "text", "data": "bye now"},
                                       {"close": 1000}])
    w = H.Wsc([url])
    w.write(b"hello\n")
    r = w.wait(20)
    tap.ok(not r.timed_out, "peer Close ends the session while stdin is still open",
           r.describe())
    tap.eq(r.out, b"bye now\n", "message before the peer's Close is written", r.describe())
    tap.eq(r.rc, 0, "peer Close 1000 exits 0", r.describe())
    tap.eq(H.client_closes(log), [(1000, "")], "client answered the Close with 1000",
           H.log_summary(log))


def peer_drop_ends_test(tap):
    proc, url, log = H.rawpeer(script=[{"expect": "text"}, {"drop": True}])
    w = H.Wsc([url])
    w.write(b"hello\n")
    r = w.wait(20)
    tap.ok(not r.timed_out, "a dropped connection ends the session while stdin is open",
           r.describe())
    tap.eq(r.rc, 7, "a dropped connection exits 7", r.describe())


def close_params_test(tap):
    proc, url, log = H.rawpeer(script=[{"echo": "all"}])
    r = H.run(["--close-code", "4000", "--close-reason", "bye", url], b"x\n")
    tap.eq(H.client_closes(log), [(4000, "bye")],
           "--close-code 4000 --close-reason bye reach the peer", H.log_summary(log))
    tap.eq(r.rc, 0, "own close code 4000 echoed back: exit 0", r.describe())

    reason = "é" * 61 + "z"  # 123 bytes of UTF-8
    proc, url, log = H.rawpeer(script=[{"echo": "all"}])
    r = H.run(["--close-code", "3000", "--close-reason", reason, url], b"x\n")
    tap.eq(H.client_closes(log), [(3000, reason)],
           "a 123-byte UTF-8 close reason arrives intact", H.log_summary(log))


def read_line_fd(fd, timeout):
    """Read from fd until a newline; bounded by timeout."""
    deadline = time.monotonic() + timeout
    buf = b""
    while b"\n" not in buf:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        rd, _, _ = select.select([fd], [], [], left)
        if rd:
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            buf += chunk
    return buf


def stdout_closed_test(tap):
    # wsc URL | (read one line; exit): the next write fails, wsc closes 1001.
    proc, url, log = H.rawpeer(script=[{"send": "text", "data": "first"},
                                       {"expect": "text", "timeout_ms": 15000},
                                       {"send": "text", "data": "second"},
                                       {"send": "text", "data": "third"}])
    rfd, wfd = os.pipe()
    w = H.Wsc([url], stdout=wfd)
    os.close(wfd)
    line = read_line_fd(rfd, 15)
    os.close(rfd)
    tap.eq(line, b"first\n", "first message read by the consumer")
    w.write(b"go\n")  # makes the peer send more; may fail if wsc already left
    r = w.wait(20)
    tap.eq(H.client_closes(log), [(1001, "")],
           "closed stdout: client sent Close 1001", H.log_summary(log))
    tap.eq(r.rc, 0, "closed stdout: exit 0", r.describe())


def signal_test(tap, sig, status):
    name = signal.Signals(sig).name
    proc, url, log = H.rawpeer(script=[{"echo": "all"}])
    w = H.Wsc([url])
    w.write(b"hello\n")
    seen = H.wait_for_log(log, lambda e: e["event"] == "message", 15)
    deadline = time.monotonic() + 15
    while w.stdout_so_far() != b"hello\n" and time.monotonic() < deadline:
        time.sleep(0.02)
    open_ok = seen is not None and w.stdout_so_far() == b"hello\n"
    tap.ok(open_ok, "%s: session open and echoing before the signal" % name)
    w.signal(sig)
    r = w.wait(20)
    tap.eq(r.rc, status, "%s: exit %d" % (name, status), r.describe())
    tap.eq(H.client_closes(log), [(1000, "")], "%s: client sent Close 1000" % name,
           H.log_summary(log))


def body(tap):
    queued_test(tap)
    no_input_test(tap)
    wait0_test(tap)
    wait_inf_test(tap)
    peer_close_ends_test(tap)
    peer_drop_ends_test(tap)
    close_params_test(tap)
    stdout_closed_test(tap)
    signal_test(tap, signal.SIGINT, 130)
    signal_test(tap, signal.SIGTERM, 143)


if __name__ == "__main__":
    H.main(body)
