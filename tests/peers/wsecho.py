#!/usr/bin/python3
"""wsecho: an echo server built on python3-websockets (10.x asyncio API).

An independent implementation to check wsc against.  Listens on 127.0.0.1
(port 0 unless --port), prints "PORT <n>" as its only stdout line, echoes
every message with its type.  Diagnostics go to stderr.  With --tls-cert
and --tls-key it serves wss (--tls-client-ca: client certificates required);
with --unix PATH (or @NAME, abstract) it listens there and prints "PORT 0".
--log FILE records each connection's request headers as JSON lines.
"""

import argparse
import asyncio
import os
import ssl
import sys
import time

import websockets


def eprint(*a):
    print("wsecho:", *a, file=sys.stderr, flush=True)


async def flood(ws, args):
    for i in range(args.flood):
        head = "%08d " % i
        body = (head + "x" * max(0, args.size - len(head)))[:max(args.size, 1)]
        await ws.send(body.encode() if args.flood_binary else body)


async def handler(ws, *unused):
    args = handler.args
    eprint("connection path=%s subprotocol=%s" % (ws.path, ws.subprotocol))
    if args.log:
        import json
        with open(args.log, "a") as f:
            f.write(json.dumps({"event": "request", "path": ws.path,
                                "headers": list(ws.request_headers.raw_items()),
                                "extensions": [e.name for e in ws.extensions]})
                    + "\n")
    delay = args.delay_ms / 1000.0
    queue = asyncio.Queue()
    echoed = 0

    async def sender():
        nonlocal echoed
        while True:
            item = await queue.get()
            if item is None:
                return
            due, msg = item
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            await ws.send(msg)
            echoed += 1
            if args.close_after and echoed >= args.close_after:
                await ws.close(args.close_code, args.close_reason)
                return

    task = asyncio.ensure_future(sender())
    try:
        if args.flood:
            await flood(ws, args)
        async for msg in ws:
            await queue.put((time.monotonic() + delay, msg))
        # Client closed: let pending echoes go out while the connection allows.
    except websockets.ConnectionClosed:
        pass
    finally:
        await queue.put(None)
        try:
            await asyncio.wait_for(task, timeout=5)
        except (asyncio.TimeoutError, websockets.ConnectionClosed):
            task.cancel()
        eprint("closed code=%s reason=%r echoed=%d" % (ws.close_code, ws.close_reason, echoed))


async def main():
    ap = argparse.ArgumentParser(description="WebSocket echo server (python3-websockets)")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--delay-ms", type=int, default=0)
    ap.add_argument("--subprotocols", default="")
    ap.add_argument("--close-after", type=int, default=0)
    ap.add_argument("--close-code", type=int, default=1000)
    ap.add_argument("--close-reason", default="")
    ap.add_argument("--flood", type=int, default=0)
    ap.add_argument("--size", type=int, default=16)
    ap.add_argument("--flood-binary", action="store_true")
    ap.add_argument("--deflate", action="store_true")
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    ap.add_argument("--tls-client-ca")
    ap.add_argument("--unix")
    ap.add_argument("--log")
    args = ap.parse_args()
    handler.args = args
    subprotocols = [p for p in args.subprotocols.split(",") if p] or None
    kw = dict(subprotocols=subprotocols, ping_interval=None, max_size=None,
              max_queue=None, compression="deflate" if args.deflate else None)
    if args.tls_cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls_cert, args.tls_key)
        if args.tls_client_ca:
            ctx.verify_mode = ssl.CERT_REQUIRED
            ctx.load_verify_locations(args.tls_client_ca)
        kw["ssl"] = ctx
    if args.unix:
        path = args.unix
        if path.startswith("@"):
            path = "\0" + path[1:]
        elif os.path.exists(path):
            os.unlink(path)
        server = await websockets.unix_serve(handler, path, **kw)
        print("PORT 0", flush=True)
        await server.wait_closed()
        return
    server = await websockets.serve(handler, "127.0.0.1", args.port, **kw)
    port = server.sockets[0].getsockname()[1]
    print("PORT %d" % port, flush=True)
    await server.wait_closed()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
