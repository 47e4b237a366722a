#!/usr/bin/python3
"""The python3-websockets client of the benchmark, pipelined like wsc.

Sends each stdin line (or -x MSG) as a message without waiting for replies,
writes each received message and a newline to stdout, and closes after
--count messages came back.

usage: wsclient.py [-b] [-x MSG] --count N URL
"""

import argparse
import asyncio
import sys

import websockets


async def send_stdin(ws, binary):
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=1 << 24)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader),
                                 sys.stdin.buffer)
    while True:
        line = await reader.readline()
        if not line:
            return
        if line.endswith(b"\n"):
            line = line[:-1]
        await ws.send(line if binary else line.decode())


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-b", action="store_true", help="send binary messages")
    ap.add_argument("-x", action="append", default=[], help="send MSG first")
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("url")
    a = ap.parse_args()
    out = sys.stdout.buffer
    async with websockets.connect(a.url, max_size=None, ping_interval=None,
                                  compression=None) as ws:
        for m in a.x:
            await ws.send(m.encode() if a.b else m)
        sender = asyncio.create_task(send_stdin(ws, a.b)) if not a.x else None
        n = 0
        while n < a.count:
            msg = await ws.recv()
            out.write(msg.encode() if isinstance(msg, str) else msg)
            out.write(b"\n")
            n += 1
            if not ws.messages:     # nothing more queued: flush now
                out.flush()
        out.flush()
        if sender is not None:
            sender.cancel()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
