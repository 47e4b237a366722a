#!/usr/bin/python3
"""chatpeer: the chat server of MDN's WebSocket chat example, for wsc's tests.

Standard library only.  Listens on 127.0.0.1 (port 0 unless --port), prints
"PORT <n>" as its only stdout line, serves any number of clients at once
and behaves like the example's server:

- a new connection gets the next id (1, 2, ...): {"type":"id","id":N};
- a "message" packet gets "name" set to the sender's username and its
  "text" stripped of HTML tags, and goes to every client;
- a "username" packet: a name already in use gets 1, 2, ... appended and the
  sender is told with {"id":N,"type":"rejectusername","name":NAME}; the
  user list goes to everyone, then the packet (with the name as set);
- a client leaving sends the new user list to everyone else;
- other packets go to every client as they are.

The user list is {"type":"userlist","users":[...]}, the named users in the
order they connected.  --log FILE gets one JSON object per line: "open"
(conn), "recv" and "send" (conn, packet), "close" (conn, code), and
"id_mismatch" when a packet's id is not its sender's.  Diagnostics go to
stderr.  The peer exits after --timeout seconds in any case.
"""

import argparse
import base64
import hashlib
import json
import re
import socket
import struct
import sys
import threading
import time

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def eprint(*a):
    print("chatpeer:", *a, file=sys.stderr, flush=True)


class Log:
    def __init__(self, path):
        self.f = open(path, "a") if path else None
        self.lock = threading.Lock()

    def write(self, **ev):
        if not self.f:
            return
        ev["t"] = round(time.time(), 3)
        with self.lock:
            self.f.write(json.dumps(ev) + "\n")
            self.f.flush()


class Conn:
    def __init__(self, sock, cid):
        self.sock = sock
        self.id = cid
        self.username = None
        self.send_lock = threading.Lock()
        self.open = True

    def send_frame(self, opcode, payload):
        n = len(payload)
        if n < 126:
            head = struct.pack("!BB", 0x80 | opcode, n)
        elif n < 65536:
            head = struct.pack("!BBH", 0x80 | opcode, 126, n)
        else:
            head = struct.pack("!BBQ", 0x80 | opcode, 127, n)
        with self.send_lock:
            if not self.open:
                return
            try:
                self.sock.sendall(head + payload)
            except OSError:
                self.open = False


class Server:
    def __init__(self, log):
        self.log = log
        self.lock = threading.RLock()   # one packet handled at a time
        self.conns = []
        self.next_id = 1

    def send(self, conn, packet):
        data = json.dumps(packet, separators=(",", ":"))
        self.log.write(event="send", conn=conn.id, packet=packet)
        conn.send_frame(1, data.encode())

    def broadcast(self, packet):
        for c in list(self.conns):
            self.send(c, packet)

    def userlist(self):
        return {"type": "userlist",
                "users": [c.username for c in self.conns if c.username is not None]}

    def add(self, sock):
        with self.lock:
            conn = Conn(sock, self.next_id)
            self.next_id += 1
            self.conns.append(conn)
            self.log.write(event="open", conn=conn.id)
            self.send(conn, {"type": "id", "id": conn.id})
        return conn

    def remove(self, conn, code):
        with self.lock:
            if conn in self.conns:
                self.conns.remove(conn)
                self.log.write(event="close", conn=conn.id, code=code)
                self.broadcast(self.userlist())

    def packet(self, conn, text):
        with self.lock:
            try:
                msg = json.loads(text)
            except ValueError:
                self.log.write(event="recv", conn=conn.id, text=text)
                return
            self.log.write(event="recv", conn=conn.id, packet=msg)
            if not isinstance(msg, dict):
                return
            if msg.get("id") != conn.id:
                self.log.write(event="id_mismatch", conn=conn.id, id=msg.get("id"))
            kind = msg.get("type")
            if kind == "message":
                if conn.username is not None:
                    msg["name"] = conn.username
                if isinstance(msg.get("text"), str):
                    msg["text"] = re.sub(r"<[^>]+>", "", msg["text"])
            elif kind == "username":
                orig = name = str(msg.get("name"))
                n = 1
                while any(c is not conn and c.username == name for c in self.conns):
                    name = "%s%d" % (orig, n)
                    n += 1
                if name != orig:
                    msg["name"] = name
                    self.send(conn, {"id": msg.get("id"), "type": "rejectusername",
                                     "name": name})
                conn.username = name
                self.broadcast(self.userlist())
            self.broadcast(msg)


def recv_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError
        buf += chunk
    return buf


def handshake(sock):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            raise EOFError
        data += chunk
        if len(data) > 65536:
            raise ValueError("request too large")
    key = None
    for line in data.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"sec-websocket-key":
            key = value.strip()
    if key is None:
        sock.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
        raise ValueError("no Sec-WebSocket-Key")
    accept = base64.b64encode(hashlib.sha1(key + GUID).digest())
    sock.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                 b"Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + b"\r\n\r\n")


def serve(server, sock):
    conn = None
    code = 1006
    try:
        handshake(sock)
        conn = server.add(sock)
        parts, msg_op = [], None
        while True:
            b0, b1 = recv_exact(sock, 2)
            op, fin, n = b0 & 0x0F, b0 & 0x80, b1 & 0x7F
            if n == 126:
                n = struct.unpack("!H", recv_exact(sock, 2))[0]
            elif n == 127:
                n = struct.unpack("!Q", recv_exact(sock, 8))[0]
            mask = recv_exact(sock, 4) if b1 & 0x80 else b"\0\0\0\0"
            raw = recv_exact(sock, n)
            payload = bytes(c ^ mask[i % 4] for i, c in enumerate(raw))
            if op == 8:
                code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
                conn.send_frame(8, payload[:2])
                break
            if op == 9:
                conn.send_frame(10, payload)
                continue
            if op in (1, 2):
                parts, msg_op = [payload], op
            elif op == 0:
                parts.append(payload)
            else:
                continue
            if fin and msg_op == 1:
                server.packet(conn, b"".join(parts).decode("utf-8", "replace"))
                parts, msg_op = [], None
    except (EOFError, OSError, ValueError) as e:
        eprint("connection:", e)
    finally:
        if conn is not None:
            with conn.send_lock:
                conn.open = False
            server.remove(conn, code)
        try:
            sock.close()
        except OSError:
            pass


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--log")
    ap.add_argument("--timeout", type=float, default=60.0)
    args = ap.parse_args()
    server = Server(Log(args.log))
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", args.port))
    ls.listen(16)
    print("PORT %d" % ls.getsockname()[1], flush=True)
    ls.settimeout(0.2)
    deadline = time.monotonic() + args.timeout
    while time.monotonic() < deadline:
        try:
            sock, _ = ls.accept()
        except socket.timeout:
            continue
        sock.settimeout(None)
        threading.Thread(target=serve, args=(server, sock), daemon=True).start()
    eprint("timeout: exiting")


if __name__ == "__main__":
    main()
