#!/usr/bin/python3
"""connectproxy: a small HTTP CONNECT proxy for wsc's tests (standard
library only).

Listens on 127.0.0.1 (port 0 unless --port), prints "PORT <n>" as its only
stdout line and serves connections until killed.  Each CONNECT is logged to
--log as a JSON line {"event": "connect", "target": ..., "headers": [...]},
then answered in one write (lws 4.1 reads the reply with a single recv):
407 when --auth USER:PASS is given and the request lacks it, --reject STATUS
always, else 200 and a byte tunnel to the target (loopback targets only).
"""

import argparse
import base64
import json
import socket
import sys
import threading

REASONS = {403: "Forbidden", 407: "Proxy Authentication Required",
           502: "Bad Gateway"}


def log(args, obj):
    if args.log:
        with args.lock, open(args.log, "a") as f:
            f.write(json.dumps(obj) + "\n")


def pipe(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def reply(conn, status, extra=""):
    conn.sendall(("HTTP/1.1 %d %s\r\n%sContent-Length: 0\r\n\r\n"
                  % (status, REASONS.get(status, "Error"), extra)).encode())


def serve(conn, args):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            conn.close()
            return
        data += chunk
        if len(data) > 65536:
            conn.close()
            return
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    parts = head[0].split()
    headers = [h.split(":", 1) for h in head[1:] if ":" in h]
    headers = [[n.strip(), v.strip()] for n, v in headers]
    target = parts[1] if len(parts) > 1 else ""
    log(args, {"event": "connect", "line": head[0], "target": target,
               "headers": headers})
    if parts[0] != "CONNECT":
        reply(conn, 405)
        conn.close()
        return
    if args.reject:
        reply(conn, args.reject)
        conn.close()
        return
    if args.auth:
        want = "basic " + base64.b64encode(args.auth.encode()).decode()
        got = [v for n, v in headers if n.lower() == "proxy-authorization"]
        if not got or got[0].lower() != want.lower():
            reply(conn, 407, 'Proxy-Authenticate: Basic realm="test"\r\n')
            conn.close()
            return
    host, _, port = target.rpartition(":")
    host = host.strip("[]")
    if host not in ("127.0.0.1", "localhost", "::1"):
        reply(conn, 403)
        conn.close()
        return
    try:
        up = socket.create_connection((host, int(port)), timeout=10)
        up.settimeout(None)
    except (OSError, ValueError):
        reply(conn, 502)
        conn.close()
        return
    conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
    t = threading.Thread(target=pipe, args=(up, conn), daemon=True)
    t.start()
    pipe(conn, up)
    t.join(10)
    conn.close()
    up.close()


def main():
    ap = argparse.ArgumentParser(description="HTTP CONNECT proxy for tests")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--log")
    ap.add_argument("--auth", metavar="USER:PASS")
    ap.add_argument("--reject", type=int, metavar="STATUS")
    args = ap.parse_args()
    args.lock = threading.Lock()
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", args.port))
    srv.listen(16)
    print("PORT %d" % srv.getsockname()[1], flush=True)
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=serve, args=(conn, args), daemon=True).start()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
