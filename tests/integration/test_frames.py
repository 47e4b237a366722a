#!/usr/bin/python3
"""Frames from the peer: fragments, control frames mid-message, sizes."""

import signal
import subprocess

import certs
import harness as H


def session(script, stdin=b"", args=()):
    """Run wsc with stdin kept open against a rawpeer that plays script and
    then closes with 1000; returns (result, log)."""
    proc, url, log = H.rawpeer(script=script + [{"close": 1000}])
    w = H.Wsc(list(args) + [url])
    if stdin:
        w.write(stdin)
    r = w.wait(20)
    return r, log


def fragments_test(tap):
    script = [
        {"frame": {"fin": False, "opcode": 1, "payload": "ab"}},
        {"ping": "mid"},
        {"frame": {"fin": False, "opcode": 0, "payload": "cd"}},
        {"frame": {"fin": True, "opcode": 0, "payload": ""}},
        {"fragments": ["x", "", "y"], "opcode": 1},
        {"send": "text", "data": "after"},
        {"expect": "pong", "timeout_ms": 10000},
    ]
    r, log = session(script)
    tap.eq(r.out, b"abcd\nxy\nafter\n",
           "fragmented text with a ping inside and a zero-length final fragment: exact",
           r.describe())
    pongs = [H.b64d(f.get("payload_b64")) for f in H.events(log, "frame") if f["opcode"] == 10]
    tap.eq(pongs, [b"mid"], "the peer's ping was answered with a pong echoing its payload",
           H.log_summary(log))
    tap.eq(r.rc, 0, "exit 0 after fragmented messages", r.describe())


def utf8_split_test(tap):
    # U+00E9 and U+1F600 split between fragments: valid once joined.
    script = [{"fragments_hex": ["68c3", "a9f09f", "98", "80"], "opcode": 1}]
    r, log = session(script)
    tap.eq(r.out, "hé😀\n".encode(), "UTF-8 sequences split across fragments are accepted",
           r.describe())
    tap.eq(r.rc, 0, "exit 0 with split UTF-8", r.describe())


def binary_raw_test(tap):
    payload = bytes(range(256))
    script = [{"send": "binary", "hex": payload.hex()},
              {"fragments_hex": ["00ff", "", "0a0d"], "opcode": 2},
              {"send": "binary", "hex": ""}]
    r, log = session(script)
    tap.eq(r.out, payload + b"\n" + b"\x00\xff\x0a\x0d\n" + b"\n",
           "received binary (all byte values, fragmented, empty) written raw", r.describe())
    tap.eq(r.rc, 0, "exit 0 after binary messages", r.describe())


def sizes_test(tap):
    sizes = [0, 1, 125, 126, 127, 65535, 65536, 65537, 200000]
    datas = [(("%d:" % n) + "s" * n)[:n] for n in sizes]
    script = [{"send": "text", "data": d} for d in datas]
    want = b"".join(d.encode() + b"\n" for d in datas)
    r, log = session(script)
    tap.ok(r.out == want, "messages of %s bytes (7-bit, 16-bit and 64-bit lengths) exact"
           % ", ".join(map(str, sizes)), r.describe())


def null_output_test(tap):
    script = [{"send": "text", "data": "line\nwith LF"}, {"send": "binary", "hex": "0102"}]
    r, log = session(script, args=["-0"])
    tap.eq(r.out, b"line\nwith LF\0\x01\x02\0", "-0: output messages end with NUL",
           r.describe())


def client_frames_test(tap):
    proc, url, log = H.rawpeer(script=[{"echo": "all"}])
    r = H.run(["-b", url], b"abc\n")
    frames = H.events(log, "frame")
    tap.ok(frames and all(f["masked"] for f in frames) and not H.events(log, "violation"),
           "all client frames masked, no protocol violation seen by the peer",
           H.log_summary(log))
    tap.eq([(f["opcode"], f["fin"]) for f in frames], [(2, True), (8, True)],
           "-b: one binary frame, then Close", H.short(frames))
    tap.eq((r.rc, r.out), (0, b"abc\n"), "-b echo session: exit 0, binary echo raw",
           r.describe())


def with_101_test(tap):
    """Frames in the same write as the 101: wsc reads the response itself
    only up to its end (hsread.c), so none of them may be lost, whoever
    parses them; a header cut at the end of that write, completed later,
    must join up."""
    def h(s):
        return s.encode().hex()
    first = "8105" + h("hello") + "8902" + h("hi")
    cut = "81"      # the next frame's first header byte only
    proc, url, log = H.rawpeer("--with-101", first + cut, script=[
        {"raw_hex": "05" + h("world")},
        {"expect": "pong", "timeout_ms": 10000},
        {"close": 1000}])
    w = H.Wsc(["-vv", url])
    r = w.wait(20)
    tap.eq(r.out, b"hello\nworld\n",
           "frames sent with the 101, and one whose header was cut there: all output",
           r.describe())
    pongs = [H.b64d(f.get("payload_b64")) for f in H.events(log, "frame")
             if f["opcode"] == 10]
    tap.eq(pongs, [b"hi"], "the ping sent with the 101 was answered", H.log_summary(log))
    tap.eq(r.rc, 0, "exit 0 after frames sent with the 101", r.describe())
    tap.ok("receive: frames parsed by wsc" in r.err.decode(errors="replace"),
           "-vv: ws:// without an extension is parsed by wsc's own parser", r.describe())

    # The same over wss://: the frames share the 101's TLS record, so
    # they wait decrypted inside OpenSSL, where poll() does not see them.
    if certs.available():
        c = certs.make()
        # The peer sends nothing more until its ping is answered.
        proc, url, log = H.rawpeer("--with-101", first, tls=c, script=[
            {"expect": "pong", "timeout_ms": 5000},
            {"raw_hex": "8105" + h("world")},
            {"close": 1000}])
        r = H.Wsc(["-vv", "--cacert", c["ca.crt"], url]).wait(20)
        tap.eq((r.rc, r.out), (0, b"hello\nworld\n"),
               "wss: frames in the 101's TLS record are read without a poll() "
               "event: all output, the ping answered, exit 0", r.describe())
        tap.ok("receive: frames parsed by wsc" in r.err.decode(errors="replace"),
               "-vv: wss:// without an extension is parsed by wsc's own parser",
               r.describe())
        tap.eq([e["event"] for e in H.events(log, "expect_done")], ["expect_done"],
               "wss: the ping in the 101's record was answered while the peer waited "
               "(not after its timeout)", H.log_summary(log))
        # With --deflate lws parses, and must see such frames too.
        proc, url, log = H.rawpeer(
            "--with-101", "8108" + h("greeting"), "--response-header",
            "Sec-WebSocket-Extensions: permessage-deflate", tls=c,
            script=[{"wait_eof": True, "timeout_ms": 8000}])
        r = H.Wsc(["--deflate", "-n", "1", "--cacert", c["ca.crt"], url]).wait(20)
        tap.eq((r.rc, r.out), (0, b"greeting\n"),
               "wss --deflate: a frame in the 101's TLS record reaches lws's parser",
               r.describe())
    else:
        tap.skip("wss --deflate: a frame in the 101's record", "no openssl command")
        tap.skip("wss: frames in the 101's TLS record", "no openssl command")
        tap.skip("wss: parsed by wsc's own parser", "no openssl command")
        tap.skip("wss: the ping answered in time", "no openssl command")

    # A Close in the same write as the 101: parroted back, exit 0.
    proc, url, log = H.rawpeer("--with-101", "880503e8" + h("bye"),
                               script=[{"wait_eof": True, "timeout_ms": 8000}])
    r = H.Wsc([url]).wait(20)
    tap.eq((r.rc, [c for c, _ in H.client_closes(log)]), (0, [1000]),
           "a Close sent with the 101: answered with 1000, exit 0", r.describe())


def reset_after_close_test(tap, tls=None):
    """Messages and a Close, then a TCP reset, all there before wsc reads:
    lws closes its end at once on the reset (its reading is stopped), and
    what the socket still held must be read before the end is judged."""
    name = "wss" if tls else "ws"
    cue = H.tmpfile("cue-%s" % name)
    proc, url, log = H.rawpeer(tls=tls, script=[
        {"expect": "text", "timeout_ms": 10000},
        {"wait_file": cue, "timeout_ms": 10000},
        {"send": "text", "data": "one"}, {"send": "text", "data": "two"},
        {"close": 1000, "reason": "bye"}, {"reset": True}])
    args = ["--cacert", tls["ca.crt"]] if tls else []
    w = H.Wsc(args + [url])
    w.write(b"hi\n")     # once the peer has it, wsc is open
    H.wait_for_log(log, lambda e: e.get("event") == "frame")
    w.signal(signal.SIGSTOP)
    open(cue, "w").close()
    H.wait_for_log(log, lambda e: e.get("event") == "done")
    w.signal(signal.SIGCONT)
    r = w.wait(20)
    tap.eq((r.rc, r.out), (0, b"one\ntwo\n"),
           "%s: messages and a Close followed by a reset, all read: exit 0" % name,
           r.describe())


def breach_after_close_test(tap):
    """A malformed frame while wsc waits for the answer to its Close: no
    answer can be recognised after it, so wsc drops the connection at once
    (its own end was chosen: exit 0), not after --close-timeout."""
    proc, url, log = H.rawpeer(script=[
        {"expect": "close", "timeout_ms": 10000},
        {"raw_hex": "c100"}, {"wait_eof": True, "timeout_ms": 8000}])
    r = H.Wsc(["-x", "hi", "-w", "0", "--close-timeout", "30", url],
              stdin=subprocess.DEVNULL).wait(25)
    tap.eq(r.rc, 0, "a malformed frame after our Close: the connection is dropped, "
           "exit 0 (not the close timeout)", r.describe())


def body(tap):
    breach_after_close_test(tap)
    reset_after_close_test(tap)
    if certs.available():
        reset_after_close_test(tap, certs.make())
    else:
        tap.skip("wss: messages and a Close followed by a reset", "no openssl command")
    with_101_test(tap)
    fragments_test(tap)
    utf8_split_test(tap)
    binary_raw_test(tap)
    sizes_test(tap)
    null_output_test(tap)
    client_frames_test(tap)


if __name__ == "__main__":
    H.main(body)
