#!/usr/bin/python3
"""Listen mode: wsc -l as an echo endpoint (--echo) and as a bridge between
its clients and the pipe (stdin lines to every client, messages to stdout).
Clients are python3-websockets, raw sockets and wsc itself."""

import asyncio
import base64
import os
import signal
import socket
import struct
import subprocess
import time

import harness as H

try:
    import websockets
except ImportError:  # reported as a skip below
    websockets = None

DEADLINE = 30


def wait_until(cond, timeout=10, step=0.01):
    """Poll cond() until it is true or the deadline passes; its last value."""
    end = time.monotonic() + timeout
    while True:
        v = cond()
        if v or time.monotonic() >= end:
            return v
        time.sleep(step)


def server(*args, stdin=subprocess.DEVNULL):
    """Start wsc -l 0 --print-port ARGS; returns (Wsc, port) once the port
    line is on its stdout."""
    w = H.Wsc(["-l", "0", "--print-port"] + list(args), stdin=stdin)
    line = wait_until(lambda: b"\n" in w.stdout_so_far() and w.stdout_so_far())
    if not line:
        w.proc.kill()
        raise H.HarnessError("wsc -l did not print its port: %s" % w.wait(5).describe())
    return w, int(line.split(b"\n")[0])


def stop(w, sig=signal.SIGTERM):
    w.signal(sig)
    return w.wait(DEADLINE)


def url(port):
    return "ws://127.0.0.1:%d/" % port


def arun(coro, timeout=DEADLINE):
    return asyncio.run(asyncio.wait_for(coro, timeout))


def connect(port, **kw):
    return websockets.connect(url(port), max_size=None, ping_interval=None,
                              close_timeout=5, **kw)


# ------------------------------------------------------------- echo mode

def echo_basic_test(tap):
    w, port = server("--echo")

    async def body():
        got = []
        async with connect(port) as ws:
            await ws.send("héllo ✓")
            got.append(await ws.recv())
            await ws.send(b"\x00\x01\xff binary")
            got.append(await ws.recv())
            await ws.send("")
            got.append(await ws.recv())
            await ws.send(["frag", "mented ", "text"])
            got.append(await ws.recv())
            await ws.send([b"\x00", b"\x01" * 100000, b"\x02"])
            got.append(await ws.recv())
        return got

    got = arun(body())
    tap.eq(got[0], "héllo ✓", "echo: text comes back as the same text")
    tap.eq(got[1], b"\x00\x01\xff binary", "echo: binary comes back as binary")
    tap.eq(got[2], "", "echo: an empty text message comes back")
    tap.eq(got[3], "fragmented text", "echo: a fragmented text message comes back whole")
    tap.ok(got[4] == b"\x00" + b"\x01" * 100000 + b"\x02",
           "echo: a fragmented binary message comes back byte-exact")
    r = stop(w)
    tap.eq(r.rc, 143, "SIGTERM ends the echo server with 143", r.describe())
    tap.eq(r.out, b"%d\n" % port, "--print-port: the port alone on stdout, nothing else")
    tap.ok(("listening on ws://127.0.0.1:%d/" % port) in r.err.decode(),
           "the listening URL is reported on stderr", r.describe())


def echo_large_test(tap):
    w, port = server("--echo", "-q")
    data = os.urandom(1 << 20) * 16

    async def body():
        async with connect(port) as ws:
            t0 = time.monotonic()
            await ws.send(data)
            back = await ws.recv()
            return back, time.monotonic() - t0

    back, secs = arun(body(), 60)
    tap.diag("16 MiB round trip: %.2f s" % secs)
    tap.ok(isinstance(back, bytes) and back == data,
           "echo: a 16 MiB binary message comes back byte-exact")
    r = stop(w)
    tap.eq((r.rc, r.err), (143, b""), "-q: the echo server prints nothing", r.describe())


def echo_many_clients_test(tap):
    w, port = server("--echo", "-q")
    nclients, nmsgs = 100, 1000

    async def client(i):
        async with connect(port) as ws:
            async def sender():
                for j in range(nmsgs):
                    await ws.send("client %d message %d" % (i, j))

            task = asyncio.create_task(sender())
            got = [await ws.recv() for _ in range(nmsgs)]
            await task
            return got == ["client %d message %d" % (i, j) for j in range(nmsgs)]

    async def body():
        t0 = time.monotonic()
        res = await asyncio.gather(*(client(i) for i in range(nclients)))
        return res, time.monotonic() - t0

    res, secs = arun(body(), 120)
    tap.diag("100 clients x 1,000 messages: %.2f s" % secs)
    tap.eq(sum(res), nclients, "echo: 100 concurrent clients each get all 1,000 "
           "messages back, in order")
    r = stop(w)
    tap.eq(r.rc, 143, "the echo server survives 100 clients", r.describe())


def handshake(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall(("GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\n"
               "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
               "Sec-WebSocket-Version: 13\r\n\r\n" % (port, key)).encode())
    resp = b""
    while b"\r\n\r\n" not in resp:
        chunk = s.recv(4096)
        if not chunk:
            break
        resp += chunk
    return s, resp


def read_all(s, timeout=10):
    """Everything the server sends until it closes (bounded)."""
    s.settimeout(timeout)
    data = b""
    try:
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    except (socket.timeout, ConnectionResetError):
        pass
    return data


def masked(opcode, payload, fin=True):
    mask = os.urandom(4)
    body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    return bytes([(0x80 if fin else 0) | opcode, 0x80 | len(payload)]) + mask + body


def garbage_test(tap):
    w, port = server("--echo", "-v")

    async def good_client(ready, stop_ev):
        n = 0
        async with connect(port) as ws:
            ready.set()
            while not stop_ev.is_set() or n < 10:
                await ws.send("still %d" % n)
                if await ws.recv() != "still %d" % n:
                    return -1
                n += 1
        return n

    def bad(frame):
        s, resp = handshake(port)
        ok = resp.startswith(b"HTTP/1.1 101")
        s.sendall(frame)
        data = read_all(s)
        s.close()
        return ok, data

    async def body():
        ready, stop_ev = asyncio.Event(), asyncio.Event()
        task = asyncio.create_task(good_client(ready, stop_ev))
        await ready.wait()
        loop = asyncio.get_running_loop()
        r1 = await loop.run_in_executor(None, bad, masked(0x3, b"reserved"))
        r2 = await loop.run_in_executor(None, bad, masked(0x9, b"ping", fin=False))
        stop_ev.set()
        return r1, r2, await task

    (ok1, d1), (ok2, d2), n = arun(body())
    tap.ok(ok1, "garbage client: the handshake succeeds")
    tap.ok(d1.endswith(b"\x88\x02\x03\xea"),
           "a frame with a reserved opcode gets an unmasked Close 1002", H.short(d1))
    tap.ok(d2.endswith(b"\x88\x02\x03\xea"),
           "a fragmented control frame gets Close 1002", H.short(d2))
    tap.ok(n >= 10, "another client keeps echoing meanwhile (%d round trips)" % n)
    r = stop(w)
    tap.eq(r.rc, 143, "the server survives malformed frames", r.describe())
    tap.ok("1002" in r.err.decode(), "-v reports the 1002", r.describe())


def wsc_client_test(tap):
    w, port = server("--echo")
    data = b"".join(b"line %d\n" % i for i in range(100000))
    t0 = time.monotonic()
    r = H.run(["-w", "0.2", url(port)], data, timeout=60)
    tap.diag("wsc -> wsc -l --echo, 100,000 lines: %.2f s" % (time.monotonic() - t0))
    tap.ok(r.out == data, "wsc against wsc -l --echo: 100,000 lines echoed byte-exact",
           r.describe())
    tap.eq(r.rc, 0, "the client exits 0", r.describe())
    r = H.run(["-b", "-w", "0.2", url(port)], b"\x00\xff\n")
    tap.eq(r.out, b"\x00\xff\n", "binary from wsc -b comes back binary", r.describe())
    stop(w)


def subprotocol_test(tap):
    w, port = server("--echo", "-s", "chat", "-s", "v2", "-v")

    async def body():
        async with connect(port, subprotocols=["v2", "chat"]) as ws:
            a = ws.subprotocol
        async with connect(port, subprotocols=["x", "chat"]) as ws:
            b = ws.subprotocol
        async with connect(port) as ws:
            c = ws.subprotocol
        return a, b, c

    a, b, c = arun(body())
    tap.eq(a, "v2", "-s: the first subprotocol the client offers that the server knows")
    tap.eq(b, "chat", "-s: unknown offers are skipped")
    tap.eq(c, None, "-s: a client offering none is accepted without one")
    r = stop(w)
    tap.ok("protocol v2" in r.err.decode(), "-v reports the client's protocol", r.describe())


def once_test(tap):
    w, port = server("--echo", "--once")

    async def body(code):
        async with connect(port) as ws:
            await ws.send("x")
            await ws.recv()
            await ws.close(code)

    arun(body(1000))
    r = w.wait(DEADLINE)
    tap.eq(r.rc, 0, "--once: ends with 0 after its client closes with 1000", r.describe())
    w, port = server("--echo", "--once")
    arun(body(4001))
    r = w.wait(DEADLINE)
    tap.eq(r.rc, 7, "--once: a client closing with 4001 gives exit 7", r.describe())


def sigint_test(tap):
    w, port = server("--echo")

    async def body():
        async with connect(port) as ws1, connect(port) as ws2:
            await ws1.send("a")
            await ws1.recv()
            await ws2.send("b")
            await ws2.recv()
            w.signal(signal.SIGINT)
            for ws in (ws1, ws2):
                try:
                    await ws.recv()
                except websockets.ConnectionClosed:
                    pass
            return ws1.close_code, ws2.close_code

    codes = arun(body())
    tap.eq(codes, (1001, 1001), "SIGINT closes every client with 1001")
    r = w.wait(DEADLINE)
    tap.eq(r.rc, 130, "SIGINT exits 130", r.describe())


# ------------------------------------------------------------ bridge mode

def bridge_test(tap):
    w, port = server(stdin=subprocess.PIPE)

    async def body():
        async with connect(port) as a, connect(port) as b:
            await a.send("from a")
            await b.send(b"from b\x00")
            seen = await asyncio.get_running_loop().run_in_executor(
                None, wait_until,
                lambda: b"from a\n" in w.stdout_so_far() and b"from b\x00\n" in w.stdout_so_far())
            w.write(b"to everyone\nsecond line\n")
            got_a = [await a.recv(), await a.recv()]
            got_b = [await b.recv(), await b.recv()]
            return seen, got_a, got_b

    seen, got_a, got_b = arun(body())
    tap.ok(seen, "bridge: messages from two clients appear on stdout")
    want = ["to everyone", "second line"]
    tap.eq((got_a, got_b), (want, want), "bridge: stdin lines reach both clients")
    out = w.stdout_so_far()
    tap.ok(out.startswith(b"%d\n" % port) and
           sorted(out.split(b"\n")[1:3]) == [b"from a", b"from b\x00"],
           "bridge: stdout is the port line, then payload + newline, byte-exact",
           H.short(out))
    r = stop(w, signal.SIGINT)
    tap.eq(r.rc, 130, "bridge: SIGINT exits 130", r.describe())


def bridge_eof_test(tap):
    # Input read before any client is held for the first one; at end of
    # input the server closes after the quiet period and exits 0.
    w, port = server("-w", "0.2", stdin=subprocess.PIPE)
    w.write(b"early\n")
    w.close_stdin()

    async def body():
        async with connect(port) as ws:
            got = await ws.recv()
            try:
                await ws.recv()
            except websockets.ConnectionClosed:
                pass
            return got, ws.close_code

    got, code = arun(body())
    tap.eq(got, "early", "bridge: input before the first client reaches it")
    tap.eq(code, 1000, "bridge: end of input closes the client with 1000")
    r = w.wait(DEADLINE)
    tap.eq(r.rc, 0, "bridge: exit 0 after end of input", r.describe())


def usage_test(tap):
    for args, what in ((["--echo", "ws://127.0.0.1:1/"], "--echo without -l"),
                       (["--once", "ws://127.0.0.1:1/"], "--once without -l"),
                       (["--print-port", "ws://127.0.0.1:1/"], "--print-port without -l"),
                       (["-l", "0", "ws://127.0.0.1:1/"], "-l with a URL"),
                       (["-l", "70000"], "-l with a port over 65535"),
                       (["-l", "::1:80"], "-l with an unbracketed IPv6 address")):
        r = H.run(args)
        tap.eq(r.rc, 2, "usage error: %s" % what, r.describe())


def ipv6_test(tap):
    try:
        s = socket.socket(socket.AF_INET6)
        s.bind(("::1", 0))
        s.close()
    except OSError:
        tap.skip("-l [::1]:0 listens on IPv6", "no IPv6 loopback")
        return
    w = H.Wsc(["-l", "[::1]:0", "--print-port", "--echo"], stdin=subprocess.DEVNULL)
    line = wait_until(lambda: b"\n" in w.stdout_so_far() and w.stdout_so_far())
    port = int(line.split(b"\n")[0]) if line else 0

    async def body():
        async with websockets.connect("ws://[::1]:%d/" % port, ping_interval=None) as ws:
            await ws.send("six")
            return await ws.recv()

    tap.eq(arun(body()) if port else None, "six", "-l [::1]:0 echoes over IPv6")
    stop(w)


def main(tap):
    if websockets is None:
        tap.skip("listen mode tests", "python3-websockets is not installed")
        return
    for t in (usage_test, echo_basic_test, echo_large_test, echo_many_clients_test,
              garbage_test, wsc_client_test, subprotocol_test, once_test,
              sigint_test, bridge_test, bridge_eof_test, ipv6_test):
        t(tap)


if __name__ == "__main__":
    H.main(main)
