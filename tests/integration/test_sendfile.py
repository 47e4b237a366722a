#!/usr/bin/python3
"""--send-file: each file is one message, streamed in fragments (memory
stays bounded), after -x and before stdin lines; - reads stdin as a file;
text must be UTF-8; failures are one line and exit 10 with what came
before still sent."""

import os

import harness as H


def peer(n_msgs):
    script = [{"expect": "message", "count": n_msgs, "timeout_ms": 30000},
              {"wait_close": True, "timeout_ms": 30000}]
    return H.rawpeer("--log-payload-max", str(1 << 20), script=script)


def body(tap):
    big = H.tmpfile("big.txt")
    data = b"".join(b"line %06d of a text file\n" % i for i in range(12000))
    with open(big, "wb") as f:
        f.write(data)
    empty = H.tmpfile("empty.txt")
    open(empty, "wb").close()

    # Order: -x, the files in order (- is stdin as one message).
    _, url, log = peer(4)
    r = H.run(["-x", "first", "--send-file", big, "--send-file", empty,
               "--send-file", "-", "-w", "0", url], b"from stdin\nline 2\n")
    tap.eq(r.rc, 0, "files and stdin: exit 0", r.describe())
    msgs = H.messages(log)
    tap.eq([m[1] for m in msgs], [b"first", data, b"", b"from stdin\nline 2\n"],
           "-x, the file, the empty file, stdin: one message each, exact")
    evs = [e for e in H.read_log(log) if e.get("event") == "message"]
    tap.ok(len(evs) == 4 and evs[1].get("frames", 0) > 1,
           "the %d-byte file went in fragments (%s frames)"
           % (len(data), evs[1].get("frames") if len(evs) > 1 else "?"))

    # Without -: stdin lines come after the files.
    _, url, log = peer(3)
    r = H.run(["--send-file", empty, "-w", "0", url], b"a\nb\n")
    tap.eq(r.rc, 0, "stdin lines after the file: exit 0", r.describe())
    tap.eq([m[1] for m in H.messages(log)], [b"", b"a", b"b"],
           "the file first, then the lines")

    # -b: a binary file, byte for byte.
    blob = bytes(range(256)) * 300
    bfile = H.tmpfile("blob.bin")
    with open(bfile, "wb") as f:
        f.write(blob)
    _, url, log = peer(1)
    r = H.run(["-b", "--send-file", bfile, "-w", "0", url], None)
    tap.eq(r.rc, 0, "-b --send-file: exit 0", r.describe())
    tap.eq(H.messages(log), [("binary", blob)], "one binary message, exact")

    # Not UTF-8 in text mode: refused, what came before is sent, then 10.
    bad = H.tmpfile("bad.txt")
    with open(bad, "wb") as f:
        f.write(b"ok so far \xff and then not")
    _, url, log = H.rawpeer(script=[{"expect": "close", "timeout_ms": 20000}])
    r = H.run(["-x", "before", "--send-file", bad, "-w", "0", url],
              b"never sent\n")
    tap.eq(r.rc, 10, "not UTF-8: exit 10", r.describe())
    # The error names the file; when stdin's line was already read by
    # then, a second line says it was not sent (DESIGN: bufferedAmount).
    lines = r.stderr_lines()
    tap.ok(1 <= len(lines) <= 2 and lines[0].startswith("wsc: ") and bad in lines[0]
           and "not valid UTF-8" in lines[0]
           and all(ln == "wsc: 1 message (10 bytes) not sent" for ln in lines[1:]),
           "one error line naming the file (and maybe the count not sent)",
           r.describe())
    tap.eq([m[1] for m in H.messages(log)], [b"before"],
           "the -x message went, nothing after the bad file")
    tap.eq(H.client_closes(log), [(1000, "")], "then a clean Close")

    # A file that cannot be opened.
    _, url, log = H.rawpeer(script=[{"expect": "close", "timeout_ms": 20000}])
    r = H.run(["--send-file", "/nonexistent/file", "-w", "0", url], None)
    tap.eq(r.rc, 10, "missing file: exit 10", r.describe())
    H.one_error_line(tap, r, "one error line naming it",
                     ("/nonexistent/file", "No such file"))

    # Memory stays bounded: a 48 MiB file through a small queue.
    if os.environ.get("WSC_SANITIZERS"):
        tap.skip("bounded memory", "sanitizer build (shadow memory)")
    else:
        huge = H.tmpfile("huge.bin")
        with open(huge, "wb") as f:
            chunk = os.urandom(1 << 20)
            for _ in range(48):
                f.write(chunk)
        _, url, log = H.rawpeer("--log-payload-max", "16", script=[
            {"expect": "message", "count": 1, "timeout_ms": 60000},
            {"wait_close": True, "timeout_ms": 30000}])
        r = H.run(["-b", "--send-file", huge, "-w", "0", url], None,
                  timeout=60, measure_rss=True)
        ev = [e for e in H.final_log(log) if e.get("event") == "message"]
        tap.eq((r.rc, [e.get("len") for e in ev]), (0, [48 << 20]),
               "48 MiB file: one message", r.describe())
        tap.ok(r.rss is not None and r.rss < 40 * 1024,
               "peak RSS %s KiB, well under the file's size" % r.rss)

    # Usage errors.
    for args, want in ((["--send-file", "-", "--send-file", "-"],
                        "stdin given twice"),
                       (["--send-file", "x", "--reconnect"], "--reconnect"),
                       (["--send-file", ""], "empty path")):
        r = H.run(args + ["ws://127.0.0.1:1/"], None)
        tap.eq(r.rc, 2, "usage: %s: exit 2" % " ".join(args))
        H.one_error_line(tap, r, "usage: %s: one line" % " ".join(args),
                         (want,))


H.main(body)
