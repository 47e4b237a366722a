#!/usr/bin/python3
"""The hostile-peer table: every way a server can break RFC 6455 that our
raw-frame peer can play, each row asserting wsc's exit status, the Close it
sent (if any), its one-line diagnostic, what reached stdout, that it ended
within the deadline (no hang) and by exiting (no crash).  Rows marked
"lws" document a libwebsockets 4.1.6 limitation rather than our choice.

stdin stays open in every row, so the peer's behaviour alone ends the run.
"""

import os

import certs
import harness as H

BIG = 200000


def frame(op, payload="", fin=True, rsv=0, **kw):
    f = {"opcode": op, "fin": fin, "rsv": rsv, "payload": payload}
    f.update(kw)
    return {"frame": f}


def close_raw(hexs):
    return {"close_raw_hex": hexs}


# (name, peer options, script, wsc options, status, Close codes the client
#  sent, text the diagnostic must contain, stdout)
P = "the peer broke the protocol"
ROWS = [
    ("RSV1 set without an extension", [], [frame(1, "x", rsv=4)], [], 6, [1002], P, b""),
    ("RSV2 set", [], [frame(1, "x", rsv=2)], [], 6, [1002], P, b""),
    ("RSV3 set on binary", [], [frame(2, "x", rsv=1)], [], 6, [1002], P, b""),
] + [
    ("reserved data opcode %d" % op, [], [frame(op, "x")], [], 6, [1002], P, b"")
    for op in (3, 4, 5, 6, 7)
] + [
    ("reserved control opcode 0x%X" % op, [], [frame(op, "x")], [], 6, [1002], P, b"")
    for op in (0xB, 0xC, 0xD, 0xE, 0xF)
] + [
    ("ping of 126 bytes", [], [frame(9, "p" * 126)], [], 6, [1002], P, b""),
    ("pong of 126 bytes", [], [frame(10, "p" * 126)], [], 6, [1002], P, b""),
    ("Close of 126 bytes", [], [close_raw("03e8" + "61" * 124)], [], 6, [1002], P, b""),
    ("fragmented ping", [], [frame(9, "p", fin=False), frame(0, "q")], [], 6, [1002], P,
     b""),
    ("fragmented Close", [], [{"frame": {"opcode": 8, "fin": False,
                                         "payload_hex": "03e8"}}], [], 6, [1002], P, b""),
    ("continuation without a start", [], [frame(0, "x")], [], 6, [1002], P, b""),
    ("text frame inside a fragmented text message", [],
     [frame(1, "a", fin=False), frame(1, "b")], [], 6, [1002], P, b""),
    ("binary frame inside a fragmented text message", [],
     [frame(1, "a", fin=False), frame(2, "b")], [], 6, [1002], P, b""),
    ("text not UTF-8", [], [frame(1, payload_hex="6869ff")], [], 6, [1007],
     "not valid UTF-8", b""),
    ("text not UTF-8 at the start of a %d-byte frame" % BIG, [],
     [frame(1, payload_hex="ff" + "61" * BIG)], [], 6, [1007], "not valid UTF-8", b""),
    ("text ending inside a UTF-8 sequence", [], [frame(1, payload_hex="68c3")], [], 6,
     [1007], "UTF-8", b""),
    ("Close reason not UTF-8", [], [close_raw("03e8ff")], [], 6, [1007],
     "close reason is not valid UTF-8", b""),
    ("Close with a 1-byte payload", [], [close_raw("03")], [], 6, [1002],
     "Close payload of 1 byte", b""),
] + [
    # Every code not allowed on the wire, 0-999 and the reserved ones
    # included: wsc's own parser sees them as sent (lws 4.1's rewrote them
    # to 1002 first, lws-notes quirk 13, which still holds over wss://).
    ("Close code %d (not allowed on the wire)" % c, [], [close_raw("%04x" % c)], [], 6,
     [1002], "close code not allowed on the wire", b"")
    for c in (0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535)
] + [
    ("frame length with bit 63 set", [], [frame(2, "abc", len_override=2 ** 63)], [], 6,
     [1002], P, b""),
    ("frame announcing 2^62 bytes", [], [frame(2, "a" * BIG, len_override=2 ** 62)], [], 6,
     [1009], "larger than --max-message", b""),
    ("frame announcing 2 MiB over --max-message 1M", [],
     [frame(2, "a" * BIG, len_override=2 << 20)], ["--max-message", "1M"], 6, [1009],
     "larger than --max-message", b""),
    ("message over --max-message in 64 KiB fragments", [],
     [{"send": "binary", "data": "b" * (1100000), "frag_size": 65536}],
     ["--max-message", "1M"], 6, [1009], "larger than --max-message", b""),
    ("data frame after the peer's Close", [],
     [{"close": 1000, "reason": "bye"}, {"send": "text", "data": "late"}], [], 0, [1000],
     None, b""),
    ("masked frame from the server", [],
     [frame(1, "hi", mask=True, mask_hex="01020304"), {"close": 1000}], [], 6, [1002],
     "a masked frame", b""),
    ("TCP reset in the middle of a message", [],
     [{"raw_hex": "817e0100" + "61" * 100}, {"reset": True}], [], 7, [],
     "dropped without a Close", b""),
    ("end of stream inside a frame header", [], [{"raw_hex": "817e01"}, {"drop": True}],
     [], 7, [], "dropped without a Close", b""),
    ("end of stream after half a fragmented message", [],
     [frame(1, "half", fin=False), {"drop": True}], [], 7, [], "dropped without a Close",
     b""),
    ("no 101: 200 OK", ["--reject", "200"], [], [], 5, [], "HTTP 200", b""),
    ("no 101: 404", ["--reject", "404"], [], [], 5, [], "HTTP 404", b""),
    ("wrong Sec-WebSocket-Accept", ["--bad-accept"], [], [], 5, [], "Sec-WebSocket-Accept",
     b""),
    ("subprotocol not offered", ["--subprotocol", "chat"], [], [], 5, [],
     "subprotocol that was not offered", b""),
    ("extension not offered", ["--response-header",
                               "Sec-WebSocket-Extensions: permessage-deflate"], [], [], 5,
     [], "extension that was not offered", b""),
    ("1 MB of response headers", ["--header-bytes", "1048576"], [], [], 5, [],
     "upgrade failed", b""),
    ("hang-up instead of a handshake reply", ["--hangup-handshake"], [], [], 5, [],
     "hung up without answering", b""),
    ("handshake reply trickled one byte per second", ["--trickle-101", "1000"], [], [], 8,
     [], "within", b""),
    ("10,000 pings then Close", [], [{"raw_hex": ("8904" + "70696e67") * 10000},
                                     {"close": 1000}], [], 0, [1000], None, b""),
]


def pick(*names):
    """Rows of ROWS by name, to be played again another way."""
    by_name = {r[0]: r for r in ROWS}
    return [by_name[n] for n in names]


BIG_ROW = "text not UTF-8 at the start of a %d-byte frame" % BIG
SHARED = ("ping of 126 bytes", BIG_ROW, "frame announcing 2^62 bytes",
          "message over --max-message in 64 KiB fragments", "Close with a 1-byte payload",
          "Close reason not UTF-8", "10,000 pings then Close")

# Over wss:// wsc's own parser reads lws's TLS connection (SSL_read()):
# the same results as over ws://, and every Close inside valid TLS.
TLS_ROWS = pick("RSV1 set without an extension", "Close code 0 (not allowed on the wire)",
                "Close code 2999 (not allowed on the wire)", "masked frame from the server",
                "TCP reset in the middle of a message",
                "end of stream after half a fragmented message", *SHARED)

# With permessage-deflate (--deflate, accepted by the peer, which then sends
# uncompressed frames as the extension allows) frames are parsed by lws 4.1,
# through rx.c's on_receive()/fail_connection()/on_peer_close(): this table
# keeps that path covered (BIG_ROW is the heap-overflow regression: returning
# -1 from CLIENT_RECEIVE in the middle of a frame let lws write past its
# buffer, see fail_connection()).  The results where lws differs: it drops
# TCP on a frame its parser rejects (wsc writes the Close 1002 itself,
# pump_fail_malformed()), accepts RSV2, rewrites Close codes 0-999 and the
# reserved ones to 1002 (lws-notes quirk 13) and accepts a masked frame from
# the server (the last ones show which parser ran).
DEFLATE_ROWS = pick("reserved data opcode 3", *SHARED) + [
    ("lws: RSV2 set (accepted by lws with permessage-deflate)", [],
     [frame(1, "x", rsv=2), {"close": 1000}], [], 0, [1000], None, b"x\n"),
] + [
    ("lws: Close code %d (rewritten to 1002 by lws)" % c, [], [close_raw("%04x" % c)], [],
     7, [1002], "not allowed on the wire", b"")
    for c in (0, 2999)
] + [
    ("lws: masked frame from the server (accepted and unmasked by lws)", [],
     [frame(1, "hi", mask=True, mask_hex="01020304"), {"close": 1000}], [], 0, [1000],
     None, b"hi\n"),
]


def run_row(tap, row, tls=None, deflate=False):
    """One row; tls: a certs.make() dict to play it over wss://; deflate:
    with permessage-deflate negotiated (lws's parser)."""
    name, peer_args, script, args, status, closes, text, out = row
    if tls is not None:
        name = "wss: " + name
        args = ["--cacert", tls["ca.crt"]] + list(args)
    if deflate:
        name = "deflate: " + name
        args = ["--deflate"] + list(args)
        peer_args = ["--response-header",
                     "Sec-WebSocket-Extensions: permessage-deflate"] + list(peer_args)
    if script:
        script = script + [{"wait_eof": True, "timeout_ms": 8000}]
    proc, url, log = H.rawpeer(*peer_args, script=script, tls=tls)
    w = H.Wsc(list(args) + [url], measure_rss=not os.environ.get("WSC_SANITIZERS")
              and not os.environ.get("WSC_WRAPPER"))
    r = w.wait(25)
    tap.ok(r.rc is not None, "%s: ends by itself (no hang)" % name, r.describe())
    tap.ok(r.rc is None or r.rc >= 0, "%s: exits (no crash)" % name, r.describe())
    tap.eq(r.rc, status, "%s: exit %d" % (name, status), r.describe())
    tap.eq([c for c, _ in H.client_closes(log)], closes,
           "%s: Close sent by wsc: %s" % (name, closes or "none"), H.log_summary(log))
    if tls is not None:
        # wsc wrote nothing that is not TLS (a plain frame inside the stream
        # makes the peer's reads fail with an SSL error)
        tap.eq([e["error"] for e in H.events(log, "eof") if "SSL" in e.get("error", "")],
               [], "%s: the stream stays valid TLS" % name, H.log_summary(log))
    lines = r.stderr_lines()
    if text is None:
        tap.eq(lines, [], "%s: nothing on stderr" % name, r.describe())
    else:
        tap.ok(len(lines) == 1 and lines[0].startswith("wsc: ") and text in lines[0],
               "%s: one 'wsc: ' line mentioning %r" % (name, text), r.describe())
    tap.eq(r.out, out, "%s: stdout %r" % (name, H.short(out, 20)), r.describe())
    if r.hwm is not None:
        tap.ok(r.hwm < 16 * 1024, "%s: peak RSS %d KiB below 16 MiB" % (name, r.hwm),
               r.describe())


def body(tap):
    for row in ROWS:
        run_row(tap, row)
    tap.diag("hostile-peer table: %d rows" % len(ROWS))
    for row in DEFLATE_ROWS:
        run_row(tap, row, deflate=True)
    tap.diag("hostile-peer table with permessage-deflate: %d rows" % len(DEFLATE_ROWS))
    if not certs.available():
        tap.skip("hostile-peer table over wss://", "no openssl command")
        return
    c = certs.make()
    for row in TLS_ROWS:
        run_row(tap, row, tls=c)
    tap.diag("hostile-peer table over wss://: %d rows" % len(TLS_ROWS))


if __name__ == "__main__":
    H.main(body)
