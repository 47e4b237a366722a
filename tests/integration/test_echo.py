#!/usr/bin/python3
"""Pipe mode against echo servers: lines in, messages out, byte-exact."""

import os
import random

import harness as H


def lines_test(tap):
    proc, url = H.wsecho()
    r = H.run([url], b"a\nb\n")
    tap.eq(r.out, b"a\nb\n", "two lines echoed exactly by python3-websockets", r.describe())
    tap.eq(r.rc, 0, "clean close exits 0", r.describe())


def quiet_test(tap):
    proc, url = H.wsecho()
    r = H.run(["-q", url], b"quiet\n")
    tap.eq((r.rc, r.out, r.err), (0, b"quiet\n", b""),
           "-q: a clean session writes nothing on stderr", r.describe())


def rawpeer_lines_test(tap):
    # CR before LF is dropped, an empty line is an empty message, a last
    # line without LF is still a message, UTF-8 passes through.
    proc, url, log = H.rawpeer(script=[{"echo": "all"}])
    inp = "a\r\n\nhé ✓\nno newline".encode()
    r = H.run([url], inp)
    got = H.messages(log)
    want = [("text", b"a"), ("text", b""), ("text", "hé ✓".encode()), ("text", b"no newline")]
    tap.eq(got, want, "peer received one text message per line (CR dropped, "
           "empty line kept, unterminated last line sent)", r.describe())
    tap.eq(r.out, b"a\n\nh\xc3\xa9 \xe2\x9c\x93\nno newline\n",
           "echoes written payload + newline", r.describe())
    tap.eq(r.rc, 0, "exit 0 after the echo session", r.describe())
    frames = H.events(log, "frame")
    tap.ok(frames and all(f["masked"] for f in frames), "every client frame is masked",
           H.short(frames))
    tap.eq(H.client_closes(log)[:1], [(1000, "")], "end of input closes with 1000",
           H.log_summary(log))


def many_lines_test(tap):
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;-_"
    lines = ["%d %s" % (i, "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40))))
             for i in range(100000)]
    data = ("\n".join(lines) + "\n").encode()
    proc, url = H.wsecho()
    r = H.run([url], data, timeout=90, measure_rss=True)
    tap.diag("seed=%d elapsed=%.2fs" % (seed, r.elapsed))
    # rss_kib: ru_maxrss, an upper bound (see harness); vmhwm_kib: sampled.
    print("# rss_kib=%s vmhwm_kib=%s" % (r.rss, r.hwm))
    if not tap.eq(len(r.out.split(b"\n")) - 1, 100000, "100,000 replies received",
                  r.describe()):
        got = r.out.split(b"\n")
        for i, (a, b) in enumerate(zip(got, data.split(b"\n"))):
            if a != b:
                tap.diag("first difference at line %d: %r vs %r" % (i, a, b))
                break
    tap.ok(r.out == data, "100,000 lines echoed complete and in order (byte-exact)")
    tap.eq(r.rc, 0, "exit 0 after 100,000 lines", r.describe())
    peak = max(r.rss or 0, r.hwm or 0) if r.rss is not None else None
    if os.environ.get("WSC_SANITIZERS"):
        # Sanitizer shadow memory and quarantine say nothing about wsc's.
        tap.skip("peak RSS of wsc below 16 MiB (%s KiB)" % peak,
                 "built with -fsanitize=%s" % os.environ["WSC_SANITIZERS"])
    else:
        tap.ok(peak is not None and peak < 16 * 1024,
               "peak RSS of wsc below 16 MiB (%s KiB)" % peak, r.describe())


def delayed_replies_test(tap):
    proc, url = H.wsecho("--delay-ms", "300")
    data = b"".join(b"slow %d\n" % i for i in range(5))
    r = H.run([url], data)
    tap.eq(r.out, data, "replies sent 300 ms after each message all arrive "
           "with the default wait", r.describe())
    tap.eq(r.rc, 0, "exit 0 with delayed replies", r.describe())


def null_test(tap):
    proc, url, log = H.rawpeer(script=[{"echo": "all"}])
    r = H.run(["-0", url], b"one\0two\nlines\0\0three")
    tap.eq(H.messages(log), [("text", b"one"), ("text", b"two\nlines"), ("text", b""),
                             ("text", b"three")],
           "-0 splits input on NUL (LF is data)", r.describe())
    tap.eq(r.out, b"one\0two\nlines\0\0three\0", "-0 terminates output messages with NUL",
           r.describe())
    tap.eq(r.rc, 0, "-0 session exits 0", r.describe())


def binary_test(tap):
    proc, url, log = H.rawpeer(script=[{"echo": "all"}])
    raw = bytes(range(256)).replace(b"\n", b"")
    r = H.run(["-b", url], b"bin\n" + raw + b"\n")
    tap.eq(H.messages(log), [("binary", b"bin"), ("binary", raw)],
           "-b sends each line as a binary message", r.describe())
    ops = [f["opcode"] for f in H.events(log, "frame") if f["opcode"] != 8]
    tap.eq(ops, [2, 2], "-b messages use opcode 2", r.describe())
    tap.eq(r.out, b"bin\n" + raw + b"\n", "received binary written raw", r.describe())
    tap.eq(r.rc, 0, "-b session exits 0", r.describe())


def wsecho_binary_test(tap):
    proc, url = H.wsecho()
    raw = bytes(range(256)).replace(b"\0", b"")
    r = H.run(["-0", "-b", url], raw + b"\0x\0")
    tap.eq(r.out, raw + b"\0x\0", "-0 -b: binary with LF inside round-trips via "
           "python3-websockets", r.describe())


def file_stdin_test(tap):
    # stdin a regular file (always readable, EOF by a 0-byte read).
    path = H.tmpfile("input.txt")
    data = b"".join(b"file line %d\n" % i for i in range(1000))
    with open(path, "wb") as f:
        f.write(data)
    proc, url = H.wsecho()
    with open(path, "rb") as f:
        w = H.Wsc([url], stdin=f)
        r = w.wait(30)
    tap.eq(r.out, data, "stdin a regular file: 1000 lines echoed exactly", r.describe())
    tap.eq(r.rc, 0, "stdin a regular file: exit 0", r.describe())


def body(tap):
    lines_test(tap)
    quiet_test(tap)
    rawpeer_lines_test(tap)
    many_lines_test(tap)
    delayed_replies_test(tap)
    null_test(tap)
    binary_test(tap)
    wsecho_binary_test(tap)
    file_stdin_test(tap)


if __name__ == "__main__":
    H.main(body)
