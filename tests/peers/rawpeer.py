#!/usr/bin/python3
"""rawpeer: a scripted raw-frame WebSocket server for wsc's tests.

Standard library only.  Listens on 127.0.0.1 (port 0 unless --port), prints
"PORT <n>" as its first stdout line and serves --connections connections one
after the other.  The handshake reply is controlled by options; after it, a
JSON action script (--script FILE or --script-json STRING) says exactly what
goes on the wire.  --log FILE receives one JSON object per line for every
request, client frame, reassembled message, close, sent frame and EOF.

Script steps (a JSON list of objects; unknown keys are an error):
  {"send": "text"|"binary", "data": STR | "hex": HEX | "file": PATH,
   "frag_size": N}                   a data message (fragmented if frag_size)
  {"frame": {"fin": true, "opcode": 1, "rsv": 0, "payload_hex": HEX,
             "payload": STR, "len_override": N|null, "mask": false}}
                                     one arbitrary (possibly malformed) frame
  {"fragments": [STR, ...] | "fragments_hex": [HEX, ...], "opcode": 1}
                                     one message as these frames (a last ""
                                     is a zero-length final continuation)
  {"ping": STR}  {"pong": STR}       control frames
  {"close": CODE|null, "reason": STR} a Close frame (null: empty payload)
  {"close_raw_hex": HEX}             a Close frame with this exact payload
  {"raw_hex": HEX}                   these bytes as they are
  {"expect": "text"|"binary"|"message"|"close"|"pong"|"ping"|"any",
   "count": N, "timeout_ms": MS}     wait for N client messages/frames
  {"echo": N|"all", "delay_ms": MS, "frag_size": N}
                                     echo client data messages (same type),
                                     each delay_ms after it arrived
  {"sleep_ms": MS}                   the peer's own pacing
  {"wait_file": PATH, "timeout_ms": MS}
                                     wait until PATH exists (a test's cue,
                                     e.g. once it has typed at a terminal)
  {"drop": true, "reset": BOOL}      close TCP without Close (reset: RST)
  {"reset": true}                    same as drop with reset
  {"wait_close": true, "timeout_ms": MS, "reply": BOOL}
                                     wait for the client's Close, reply with
                                     the same code (unless reply is false)
  {"wait_eof": true, "timeout_ms": MS}
  {"shutdown_write": true}           half-close our side
Handshake options: --reject STATUS, --bad-accept, --subprotocol, --pick-first,
--response-header LINE, --delay-101 MS, --trickle-101 MS (one byte per MS),
--header-bytes N (pad the 101 with N bytes of headers), --silent (never
answer), --hangup-handshake (close without answering).
--tls-cert PATH --tls-key PATH: serve wss (TLS around each accepted socket,
before the HTTP handshake); every step works the same over it (a drop or
reset closes TCP without a TLS close_notify).
--drop-first N: the first N connections get the script [expect one message,
drop] instead, so a reconnecting client meets two drops and then the script.
After the script: a Close from the client is answered with a Close echoing
its code; after the Close exchange the peer waits (bounded) for the client to
close TCP.  Client pings are answered with pongs unless --no-auto-pong.
"""

import argparse
import base64
import hashlib
import json
import os
import queue
import select
import socket
import ssl
import struct
import sys
import threading
import time

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
REASONS = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
           404: "Not Found", 426: "Upgrade Required", 500: "Internal Server Error",
           503: "Service Unavailable"}
OPNAMES = {0: "cont", 1: "text", 2: "binary", 8: "close", 9: "ping", 10: "pong"}


def eprint(*a):
    print("rawpeer:", *a, file=sys.stderr, flush=True)


def accept_key(key):
    return base64.b64encode(hashlib.sha1(key.encode("latin-1") + GUID).digest()).decode()


def xor_mask(payload, mask):
    """Unmask without a per-byte Python loop (fast for 16 MiB)."""
    n = len(payload)
    if n == 0:
        return b""
    m = (mask * (n // 4 + 1))[:n]
    return (int.from_bytes(payload, "big") ^ int.from_bytes(m, "big")).to_bytes(n, "big")


def build_frame(opcode, payload, fin=True, rsv=0, len_override=None, mask=None):
    """Build one frame; len_override writes a length that is not the payload's."""
    b0 = (0x80 if fin else 0) | ((rsv & 7) << 4) | (opcode & 0x0F)
    n = len(payload) if len_override is None else len_override
    mbit = 0x80 if mask is not None else 0
    if n < 126:
        hdr = struct.pack("!BB", b0, mbit | n)
    elif n < 65536:
        hdr = struct.pack("!BBH", b0, mbit | 126, n)
    else:
        hdr = struct.pack("!BBQ", b0, mbit | 127, n)
    if mask is not None:
        return hdr + mask + xor_mask(payload, mask)
    return hdr + payload


def tcp_shutdown(sock, how):
    """shutdown() on the TCP socket itself: SSLSocket.shutdown() would also
    forget the TLS state, so later reads would return raw records."""
    socket.socket.shutdown(sock, how)


class TlsIO:
    """recv/sendall for a TLS socket shared by the reader thread and the
    script: an SSL object must not be used by two threads at once, so the
    socket is non-blocking, every SSL call holds one lock, and the waits for
    the file descriptor happen outside it."""

    def __init__(self, sock, dropped):
        self.sock = sock
        self.dropped = dropped
        self.lock = threading.Lock()
        sock.setblocking(False)

    def _io(self, fn):
        while True:
            with self.lock:
                if self.dropped():
                    raise OSError("connection dropped")
                try:
                    return fn()
                except ssl.SSLWantReadError:
                    r, w = [self.sock], []
                except ssl.SSLWantWriteError:
                    r, w = [], [self.sock]
            select.select(r, w, [], 0.2)  # bounded: notice a drop

    def recv(self, n):
        return self._io(lambda: self.sock.recv(n))

    def sendall(self, data):
        view = memoryview(data)
        pos = 0
        while pos < len(view):
            pos += self._io(lambda: self.sock.send(view[pos:pos + 16384]))


class Log:
    def __init__(self, path, conn_index_ref, payload_max):
        self.f = open(path, "a", encoding="utf-8") if path else None
        self.lock = threading.Lock()
        self.conn = conn_index_ref
        self.payload_max = payload_max
        self.t0 = time.monotonic()

    def write(self, **ev):
        ev.setdefault("conn", self.conn[0])
        ev["t"] = round(time.monotonic() - self.t0, 6)
        line = json.dumps(ev, sort_keys=True)
        with self.lock:
            if self.f:
                self.f.write(line + "\n")
                self.f.flush()

    def b64(self, data):
        if len(data) > self.payload_max:
            return None
        return base64.b64encode(data).decode()


class PeerError(Exception):
    pass


class Conn:
    """One client connection: a reader thread parses frames into a queue,
    the main thread runs the script."""

    def __init__(self, sock, args, log):
        self.sock = sock
        self.args = args
        self.log = log
        # what frames are read from and written to (sock itself when plain)
        self.io = TlsIO(sock, lambda: self.dropped) if isinstance(sock, ssl.SSLSocket) else sock
        self.wlock = threading.Lock()
        self.events = queue.Queue()
        self.client_close = None      # (code, reason) once received
        self.close_sent = False
        self.dropped = False
        self.eof = threading.Event()
        self.rbuf = bytearray()
        self.reader_thread = None

    # ---- writing ----
    def send_raw(self, data, what):
        if self.dropped:
            return False
        try:
            with self.wlock:
                self.io.sendall(data)
        except OSError as e:
            self.log.write(event="send_error", what=what, error=str(e))
            return False
        return True

    def send_frame(self, opcode, payload, fin=True, rsv=0, len_override=None, mask=None):
        data = build_frame(opcode, payload, fin, rsv, len_override, mask)
        ok = self.send_raw(data, "frame")
        ev = dict(event="sent", opcode=opcode, fin=fin, len=len(payload), ok=ok)
        if rsv:
            ev["rsv"] = rsv
        if len_override is not None:
            ev["len_override"] = len_override
        if opcode == 8:
            self.close_sent = True
            if len(payload) >= 2:
                ev["code"] = struct.unpack("!H", payload[:2])[0]
                ev["reason"] = payload[2:].decode("utf-8", "replace")
        p = self.log.b64(payload)
        if p is not None:
            ev["payload_b64"] = p
        self.log.write(**ev)
        return ok

    def send_message(self, opcode, payload, frag_size=None):
        if not frag_size or len(payload) <= frag_size:
            return self.send_frame(opcode, payload)
        pos, first = 0, True
        while pos < len(payload):
            chunk = payload[pos:pos + frag_size]
            pos += len(chunk)
            if not self.send_frame(opcode if first else 0, chunk, fin=pos >= len(payload)):
                return False
            first = False
        return True

    def send_close(self, code, reason=""):
        payload = b"" if code is None else struct.pack("!H", code) + reason.encode("utf-8")
        return self.send_frame(8, payload)

    # ---- reading ----
    def recv_exact_or_more(self, n):
        """Ensure at least n bytes are buffered; False on EOF."""
        while len(self.rbuf) < n:
            try:
                chunk = self.io.recv(max(1 << 20, n - len(self.rbuf)))
            except OSError as e:
                self.log.write(event="eof", error=str(e))
                return False
            if not chunk:
                self.log.write(event="eof")
                return False
            self.rbuf += chunk
        return True

    def reader(self):
        """Parse client frames; log them; reassemble messages; auto-pong."""
        msg_op, msg_parts, msg_frames = None, [], 0
        try:
            while True:
                if not self.recv_exact_or_more(2):
                    break
                b0, b1 = self.rbuf[0], self.rbuf[1]
                fin, rsv, op = bool(b0 & 0x80), (b0 >> 4) & 7, b0 & 0x0F
                masked, n = bool(b1 & 0x80), b1 & 0x7F
                hl = 2
                if n == 126:
                    if not self.recv_exact_or_more(4):
                        break
                    n = struct.unpack_from("!H", self.rbuf, 2)[0]
                    hl = 4
                elif n == 127:
                    if not self.recv_exact_or_more(10):
                        break
                    n = struct.unpack_from("!Q", self.rbuf, 2)[0]
                    hl = 10
                if masked:
                    hl += 4
                if not self.recv_exact_or_more(hl + n):
                    break
                mask = bytes(self.rbuf[hl - 4:hl]) if masked else None
                payload = bytes(self.rbuf[hl:hl + n])
                del self.rbuf[:hl + n]
                if masked:
                    payload = xor_mask(payload, mask)
                ev = dict(event="frame", opcode=op, fin=fin, rsv=rsv, masked=masked, len=n)
                p = self.log.b64(payload)
                if p is not None:
                    ev["payload_b64"] = p
                self.log.write(**ev)
                if not masked:
                    self.log.write(event="violation", what="client frame not masked")
                if op == 8:
                    code, reason = None, ""
                    if len(payload) >= 2:
                        code = struct.unpack("!H", payload[:2])[0]
                        reason = payload[2:].decode("utf-8", "replace")
                    self.log.write(event="close", code=code, reason=reason,
                                   reason_b64=base64.b64encode(payload[2:]).decode())
                    self.client_close = (code, reason)
                    self.events.put(("close", code, reason))
                elif op == 9:
                    self.events.put(("ping", payload))
                    if not self.args.no_auto_pong and not self.close_sent:
                        self.send_frame(10, payload)
                elif op == 10:
                    self.events.put(("pong", payload))
                elif op in (1, 2):
                    if msg_op is not None:
                        self.log.write(event="violation", what="new data frame inside a fragmented message")
                    msg_op, msg_parts, msg_frames = op, [payload], 1
                elif op == 0:
                    if msg_op is None:
                        self.log.write(event="violation", what="continuation without a message")
                        continue
                    msg_parts.append(payload)
                    msg_frames += 1
                else:
                    self.log.write(event="violation", what="unknown opcode %d" % op)
                if op in (0, 1, 2) and fin and msg_op is not None:
                    data = b"".join(msg_parts)
                    kind = "text" if msg_op == 1 else "binary"
                    ev = dict(event="message", type=kind, len=len(data), frames=msg_frames,
                              sha256=hashlib.sha256(data).hexdigest())
                    if kind == "text":
                        try:
                            data.decode("utf-8")
                            ev["utf8"] = True
                        except UnicodeDecodeError:
                            ev["utf8"] = False
                    p = self.log.b64(data)
                    if p is not None:
                        ev["data_b64"] = p
                    self.log.write(**ev)
                    self.events.put(("message", kind, data))
                    msg_op, msg_parts, msg_frames = None, [], 0
        finally:
            self.eof.set()
            self.events.put(("eof",))

    # ---- script ----
    def next_event(self, deadline):
        """Next reader event before the deadline, or None."""
        timeout = deadline - time.monotonic()
        if timeout <= 0:
            return None
        try:
            return self.events.get(timeout=timeout)
        except queue.Empty:
            return None

    def step_expect(self, st):
        want = st["expect"]
        count = int(st.get("count", 1))
        deadline = time.monotonic() + st.get("timeout_ms", 10000) / 1000.0
        got = 0
        while got < count:
            ev = self.next_event(deadline)
            if ev is None:
                self.log.write(event="expect_timeout", want=want, got=got, count=count)
                return
            kind = ev[0]
            if kind == "eof":
                self.events.put(ev)  # let later steps see it too
                self.log.write(event="expect_failed", want=want, got=got, saw="eof")
                return
            match = (want == "any" or want == kind or
                     (kind == "message" and want in ("message", ev[1])))
            if match:
                got += 1
                if "data" in st and kind == "message" and ev[2] != st["data"].encode():
                    self.log.write(event="expect_mismatch", want=st["data"])
            elif kind == "close":
                self.log.write(event="expect_failed", want=want, got=got, saw="close")
                return
        self.log.write(event="expect_done", want=want, count=count)

    def step_echo(self, st):
        n = st["echo"]
        limit = None if n == "all" else int(n)
        delay = st.get("delay_ms", 0) / 1000.0
        frag = st.get("frag_size")
        overall = time.monotonic() + self.args.timeout
        pending = []  # (due, opcode, data), FIFO = due order
        received = 0
        ended = False
        while True:
            now = time.monotonic()
            while pending and pending[0][0] <= now:
                _, op, data = pending.pop(0)
                self.send_message(op, data, frag)
            done_receiving = ended or (limit is not None and received >= limit)
            if done_receiving and not pending:
                break
            if now >= overall:
                self.log.write(event="echo_timeout", received=received)
                break
            deadline = pending[0][0] if pending else overall
            if done_receiving:
                time.sleep(max(0.0, deadline - now))  # pacing our own replies
                continue
            ev = self.next_event(deadline)
            if ev is None:
                continue
            if ev[0] == "message":
                received += 1
                op = 1 if ev[1] == "text" else 2
                if delay <= 0:
                    self.send_message(op, ev[2], frag)
                else:
                    pending.append((time.monotonic() + delay, op, ev[2]))
            elif ev[0] in ("close", "eof"):
                if ev[0] == "eof":
                    self.events.put(ev)
                if pending:
                    self.log.write(event="echo_dropped", count=len(pending), reason=ev[0])
                pending = []
                ended = True
        self.log.write(event="echo_done", received=received)

    def step_wait_close(self, st):
        deadline = time.monotonic() + st.get("timeout_ms", 10000) / 1000.0
        while self.client_close is None:
            ev = self.next_event(deadline)
            if ev is None:
                self.log.write(event="wait_close_timeout")
                return
            if ev[0] == "eof":
                self.events.put(ev)
                self.log.write(event="wait_close_failed", saw="eof")
                return
        if st.get("reply", True) and not self.close_sent:
            code, reason = self.client_close
            self.send_close(code, "" if code is None else reason)

    def step_wait_eof(self, st):
        if not self.eof.wait(st.get("timeout_ms", 10000) / 1000.0):
            self.log.write(event="wait_eof_timeout")

    def drop(self, reset):
        if self.dropped:
            return
        # The reader thread is blocked in recv(): a close() alone would not
        # release the socket until that returns, so wake it with shutdown
        # first.  SHUT_RD sends nothing, so a reset is still a reset.
        self.log.write(event="dropped", reset=bool(reset))
        self.dropped = True
        try:
            if reset:
                self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                     struct.pack("ii", 1, 0))
                tcp_shutdown(self.sock, socket.SHUT_RD)
            else:
                tcp_shutdown(self.sock, socket.SHUT_RDWR)
        except OSError:
            pass
        if self.reader_thread is not None:
            self.reader_thread.join(self.args.timeout)
        self.sock.close()

    def run_step(self, st):
        if "send" in st:
            op = {"text": 1, "binary": 2}[st["send"]]
            self.send_message(op, payload_of(st), st.get("frag_size"))
        elif "frame" in st:
            f = st["frame"]
            payload = bytes.fromhex(f["payload_hex"]) if "payload_hex" in f else f.get("payload", "").encode()
            mask = bytes.fromhex(f["mask_hex"]) if f.get("mask") else None
            self.send_frame(int(f.get("opcode", 1)), payload, fin=f.get("fin", True),
                            rsv=int(f.get("rsv", 0)), len_override=f.get("len_override"),
                            mask=mask)
        elif "fragments" in st or "fragments_hex" in st:
            parts = ([bytes.fromhex(h) for h in st["fragments_hex"]] if "fragments_hex" in st
                     else [s.encode() for s in st["fragments"]])
            op = int(st.get("opcode", 1))
            for i, p in enumerate(parts):
                self.send_frame(op if i == 0 else 0, p, fin=(i == len(parts) - 1))
        elif "ping" in st:
            self.send_frame(9, st["ping"].encode())
        elif "pong" in st:
            self.send_frame(10, st["pong"].encode())
        elif "close" in st:
            self.send_close(st["close"], st.get("reason", ""))
        elif "close_raw_hex" in st:
            self.send_frame(8, bytes.fromhex(st["close_raw_hex"]))
        elif "raw_hex" in st:
            data = bytes.fromhex(st["raw_hex"])
            ok = self.send_raw(data, "raw")
            self.log.write(event="sent_raw", len=len(data), ok=ok)
        elif "expect" in st:
            self.step_expect(st)
        elif "echo" in st:
            self.step_echo(st)
        elif "sleep_ms" in st:
            time.sleep(st["sleep_ms"] / 1000.0)
        elif "wait_file" in st:
            deadline = time.monotonic() + st.get("timeout_ms", 10000) / 1000.0
            while not os.path.exists(st["wait_file"]):
                if time.monotonic() >= deadline:
                    self.log.write(event="wait_file_timeout")
                    break
                time.sleep(0.01)
        elif st.get("drop") or st.get("reset"):
            self.drop(st.get("reset", False))
        elif "wait_close" in st:
            self.step_wait_close(st)
        elif "wait_eof" in st:
            self.step_wait_eof(st)
        elif "shutdown_write" in st:
            try:
                tcp_shutdown(self.sock, socket.SHUT_WR)
            except OSError:
                pass
            self.log.write(event="shutdown_write")
        else:
            raise PeerError("unknown script step %r" % (st,))

    def finish(self):
        """Normal behaviour after the script: answer the client's Close,
        wait for it if we closed first, then wait for the client's EOF."""
        if self.dropped:
            return
        deadline = time.monotonic() + self.args.timeout
        while self.client_close is None and not self.eof.is_set():
            ev = self.next_event(deadline)
            if ev is None:
                self.log.write(event="finish_timeout", waiting="close")
                break
            if ev[0] == "eof":
                break
        if self.client_close is not None and not self.close_sent:
            code, reason = self.client_close
            self.send_close(code, "" if code is None else reason)
        if self.client_close is not None and self.close_sent:
            # Close exchange done: the server closes TCP first (RFC 6455 7.1.1).
            try:
                tcp_shutdown(self.sock, socket.SHUT_WR)
            except OSError:
                pass
        if not self.eof.wait(self.args.linger):
            self.log.write(event="finish_timeout", waiting="eof")


def payload_of(st):
    if "hex" in st:
        return bytes.fromhex(st["hex"])
    if "file" in st:
        with open(st["file"], "rb") as f:
            return f.read()
    return st.get("data", "").encode("utf-8")


def read_request(sock, log, timeout):
    """Read the HTTP upgrade request; returns (request_line, headers dict, raw
    header list) or None on EOF/timeout."""
    sock.settimeout(timeout)
    buf = b""
    try:
        while b"\r\n\r\n" not in buf:
            chunk = sock.recv(65536)
            if not chunk:
                log.write(event="eof", during="request")
                return None
            buf += chunk
            if len(buf) > 1 << 20:
                log.write(event="request_too_large")
                return None
    except socket.timeout:
        log.write(event="request_timeout")
        return None
    finally:
        sock.settimeout(None)
    head, _, rest = buf.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    reqline = lines[0]
    headers, raw = {}, []
    for ln in lines[1:]:
        name, _, value = ln.partition(":")
        value = value.strip(" \t")
        raw.append([name, value])
        key = name.lower()
        headers[key] = headers[key] + ", " + value if key in headers else value
    parts = reqline.split(" ")
    log.write(event="request", line=reqline, method=parts[0],
              path=parts[1] if len(parts) > 1 else None, headers=headers, raw_headers=raw,
              extra_bytes=len(rest))
    return reqline, headers, raw, rest


def serve_one(sock, args, script, log):
    req = read_request(sock, log, args.timeout)
    if req is None:
        sock.close()
        return
    reqline, headers, raw, rest = req
    if args.silent:
        sock.settimeout(args.timeout)
        try:
            while sock.recv(65536):
                pass
            log.write(event="eof")
        except OSError as e:
            log.write(event="eof", error=str(e))
        sock.close()
        return
    if args.hangup_handshake:
        log.write(event="dropped", reset=False)
        sock.close()
        return
    if args.delay_101:
        time.sleep(args.delay_101 / 1000.0)
    if args.reject:
        body = ("rejected by rawpeer with status %d\n" % args.reject).encode()
        lines = ["HTTP/1.1 %d %s" % (args.reject, REASONS.get(args.reject, "Status")),
                 "Content-Type: text/plain", "Content-Length: %d" % len(body),
                 "Connection: close"] + list(args.reject_header)
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        log.write(event="response", status=args.reject)
        try:
            tcp_shutdown(sock, socket.SHUT_WR)
            sock.settimeout(args.linger)
            while sock.recv(65536):
                pass
            log.write(event="eof")
        except OSError as e:
            log.write(event="eof", error=str(e))
        sock.close()
        return
    key = headers.get("sec-websocket-key", "")
    acc = accept_key(key)
    if args.bad_accept:
        acc = accept_key(key + "x")
    lines = ["HTTP/1.1 101 Switching Protocols", "Upgrade: websocket",
             "Connection: Upgrade", "Sec-WebSocket-Accept: " + acc]
    proto = None
    if args.subprotocol:
        proto = args.subprotocol
    elif args.pick_first and headers.get("sec-websocket-protocol"):
        proto = headers["sec-websocket-protocol"].split(",")[0].strip()
    if proto:
        lines.append("Sec-WebSocket-Protocol: " + proto)
    lines += list(args.response_header)
    pad = args.header_bytes
    i = 0
    while pad > 0:
        ln = "X-Pad-%d: %s" % (i, "p" * min(max(pad, 1), 998))
        lines.append(ln)
        pad -= len(ln) + 2
        i += 1
    response = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    # Raw bytes (frames) in the same write as the 101, as a server that
    # sends at once may: a client must not lose them.
    response += bytes.fromhex(args.with_101)
    if args.trickle_101:
        # One byte at a time: a client must bound the whole handshake, not
        # just the wait for the first byte.
        for i in range(len(response)):
            try:
                sock.sendall(response[i:i + 1])
            except OSError as e:
                log.write(event="eof", error=str(e), sent=i)
                sock.close()
                return
            time.sleep(args.trickle_101 / 1000.0)
    else:
        try:
            sock.sendall(response)
        except OSError as e:
            log.write(event="send_error", what="response", error=str(e))
            sock.close()
            return
    log.write(event="response", status=101, protocol=proto, bad_accept=bool(args.bad_accept))
    conn = Conn(sock, args, log)
    conn.rbuf += rest
    t = threading.Thread(target=conn.reader, daemon=True)
    conn.reader_thread = t
    t.start()
    try:
        for st in script:
            conn.run_step(st)
        conn.finish()
    finally:
        if not conn.dropped:
            conn.dropped = True
            try:
                tcp_shutdown(sock, socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        t.join(5)
        log.write(event="done")


def main():
    ap = argparse.ArgumentParser(description="scripted raw-frame WebSocket server")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--connections", type=int, default=1)
    ap.add_argument("--log")
    ap.add_argument("--log-payload-max", type=int, default=65536,
                    help="log payloads up to this size (base64)")
    ap.add_argument("--timeout", type=float, default=60.0,
                    help="bound on every wait of the peer (seconds)")
    ap.add_argument("--linger", type=float, default=5.0,
                    help="how long to wait for the client's EOF after closing")
    ap.add_argument("--delay-101", type=int, default=0, metavar="MS")
    ap.add_argument("--subprotocol")
    ap.add_argument("--pick-first", action="store_true")
    ap.add_argument("--reject", type=int, metavar="STATUS")
    ap.add_argument("--reject-header", action="append", default=[])
    ap.add_argument("--response-header", action="append", default=[],
                    help="extra header line in the 101 response")
    ap.add_argument("--bad-accept", action="store_true")
    ap.add_argument("--trickle-101", type=int, default=0, metavar="MS",
                    help="send the 101 response one byte every MS ms")
    ap.add_argument("--header-bytes", type=int, default=0, metavar="N",
                    help="pad the 101 response with about N bytes of headers")
    ap.add_argument("--with-101", default="", metavar="HEX",
                    help="raw bytes sent in the same write as the 101 response")
    ap.add_argument("--silent", action="store_true")
    ap.add_argument("--hangup-handshake", action="store_true")
    ap.add_argument("--no-auto-pong", action="store_true")
    ap.add_argument("--drop-first", type=int, default=0, metavar="N",
                    help="the first N connections drop TCP after the client's "
                    "first message (for reconnect tests); the script runs on later ones")
    ap.add_argument("--tls-cert", metavar="PATH", help="serve wss with this certificate")
    ap.add_argument("--tls-key", metavar="PATH")
    ap.add_argument("--script")
    ap.add_argument("--script-json")
    args = ap.parse_args()

    script = []
    if args.script:
        with open(args.script, encoding="utf-8") as f:
            script = json.load(f)
    elif args.script_json:
        script = json.loads(args.script_json)
    if not isinstance(script, list):
        ap.error("the script must be a JSON list")

    ctx = None
    if args.tls_cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls_cert, args.tls_key)

    conn_index = [0]
    log = Log(args.log, conn_index, args.log_payload_max)
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", args.port))
    ls.listen(8)
    print("PORT %d" % ls.getsockname()[1], flush=True)
    for i in range(args.connections):
        conn_index[0] = i
        ls.settimeout(args.timeout)
        try:
            sock, addr = ls.accept()
        except socket.timeout:
            log.write(event="accept_timeout")
            break
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        log.write(event="accept", peer="%s:%d" % addr)
        conn_script = script
        if i < args.drop_first:
            conn_script = [{"expect": "message", "timeout_ms": 5000}, {"drop": True}]
        try:
            if ctx is not None:
                sock.settimeout(args.timeout)
                sock = ctx.wrap_socket(sock, server_side=True)
                sock.settimeout(None)
                log.write(event="tls", version=sock.version())
            serve_one(sock, args, conn_script, log)
        except PeerError as e:
            log.write(event="script_error", error=str(e))
            eprint(e)
            sock.close()
            return 2
        except OSError as e:
            log.write(event="socket_error", error=str(e))
            sock.close()
    ls.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
