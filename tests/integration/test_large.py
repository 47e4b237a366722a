#!/usr/bin/python3
"""16 MiB messages each way: fragmented on the wire, exact end to end."""

import hashlib
import os

import harness as H

SIZE = 16 * 1024 * 1024
LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def random_text(n):
    """n random printable ASCII bytes (valid UTF-8, no LF)."""
    table = bytes(LETTERS[i % 64] for i in range(256))
    return os.urandom(n).translate(table)


def random_binary(n):
    """n random bytes without LF (the input separator) or CR (a CR before
    the LF is dropped as a CRLF line end)."""
    table = bytes(i + 1 if i in (0x0A, 0x0D) else i for i in range(256))
    return os.urandom(n).translate(table)


def check_client_frames(tap, log, opcode, payload, what):
    frames = [f for f in H.events(log, "frame") if f["opcode"] in (0, 1, 2)]
    msgs = H.events(log, "message")
    tap.ok(len(msgs) == 1 and msgs[0]["len"] == len(payload)
           and msgs[0]["sha256"] == hashlib.sha256(payload).hexdigest(),
           "%s: peer reassembled the exact 16 MiB message" % what,
           H.short([{k: m[k] for k in ("type", "len", "frames", "sha256")} for m in msgs]))
    tap.ok(len(frames) > 1, "%s: client sent it fragmented (%d frames)" % (what, len(frames)))
    shape = (frames and frames[0]["opcode"] == opcode and not frames[0]["fin"]
             and all(f["opcode"] == 0 for f in frames[1:])
             and all(not f["fin"] for f in frames[:-1]) and frames[-1]["fin"])
    tap.ok(shape, "%s: first frame opcode %d, then continuations, FIN only on the last"
           % (what, opcode), H.short([(f["opcode"], f["fin"], f["len"]) for f in frames]))
    tap.ok(all(f["masked"] for f in frames), "%s: all fragments masked" % what)


def text_test(tap):
    payload = random_text(SIZE)
    proc, url, log = H.rawpeer("--log-payload-max", "0", script=[{"echo": 1}])
    r = H.run([url], payload + b"\n", timeout=120, measure_rss=True)
    check_client_frames(tap, log, 1, payload, "text")
    tap.ok(r.out == payload + b"\n", "text: 16 MiB echo (one frame) written byte-exact",
           "len(out)=%d %s" % (len(r.out), r.describe()))
    tap.eq(r.rc, 0, "text: exit 0", r.describe())
    print("# rss_kib=%s vmhwm_kib=%s (16 MiB text each way)" % (r.rss, r.hwm))


def binary_test(tap):
    payload = random_binary(SIZE)
    # The peer echoes in 1 MiB fragments: the client must reassemble them.
    proc, url, log = H.rawpeer("--log-payload-max", "0",
                               script=[{"echo": 1, "frag_size": 1 << 20}])
    r = H.run(["-b", url], payload + b"\n", timeout=120)
    check_client_frames(tap, log, 2, payload, "binary")
    sent = [e for e in H.events(log, "sent") if e["opcode"] in (0, 2)]
    tap.eq(len(sent), 16, "binary: peer echoed it in 16 fragments")
    tap.ok(r.out == payload + b"\n", "binary: fragmented 16 MiB echo written byte-exact",
           "len(out)=%d %s" % (len(r.out), r.describe()))
    tap.eq(r.rc, 0, "binary: exit 0", r.describe())


def wsecho_test(tap):
    payload = random_text(SIZE)
    proc, url = H.wsecho()
    r = H.run([url], payload + b"\n", timeout=120)
    tap.ok(r.out == payload + b"\n", "16 MiB text round-trips via python3-websockets",
           "len(out)=%d %s" % (len(r.out), r.describe()))
    tap.eq(r.rc, 0, "python3-websockets 16 MiB: exit 0", r.describe())


def body(tap):
    text_test(tap)
    binary_test(tap)
    wsecho_test(tap)


if __name__ == "__main__":
    H.main(body)
