#!/usr/bin/python3
"""make bench: wsc against the other WebSocket clients installed.

Scenarios (every output is checked: each message back, complete, in order):
  S1  200,000 text messages of 64 bytes piped in and echoed
  S2  256 MiB as 64 KiB messages, text and binary
  S3  one-shot: connect, send one message, receive its echo, close, exit
plus peak RSS (S1 and S2 also at 4x the size, for wsc) and callgrind
instructions per message in S1.  The echo endpoint is bench/echopeer, a
small C peer (wsc's own --echo is measured once, as the endpoint check).
Clients run in alternating order, round after round; the table gives
medians and the medians of the paired ratios, and the last line says
whether each target is met.  Never part of `make check`: it is long and its
figures depend on the machine.
"""

import argparse
import os
import pty
import random
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PY = sys.executable

S1_N = 200000
S1_SIZE = 64
S2_BYTES = 256 << 20
S2_SIZE = 64 << 10
S2_N = S2_BYTES // S2_SIZE
S3_MSG = b"one-shot: connect, send, receive the echo, close, exit"
UWSC_FILLER = 128       # uwsc's stdout is block-buffered: see uwsc_s1_argv
B64 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

rng = random.Random(6455)
TEXT_BLOCK = bytes(rng.choice(B64) for _ in range(1 << 16)) * 16     # 1 MiB
# Binary input is still one message per line: no LF, and no CR (a CR
# before the LF would be dropped as a CRLF line end).
BIN_BLOCK = bytes(b ^ 1 if b in (0x0a, 0x0d) else b
                  for b in rng.randbytes(1 << 16)) * 16


def msg(i, size, block):
    """Message i: its sequence number, then size - 8 bytes of block."""
    o = (i * 7919) % (len(block) - size)
    return b"%08d" % i + block[o:o + size - 8]


def lines(n, size, block, first=0, batch=512):
    """Input for n messages, newline-terminated, in batches."""
    for b in range(first, first + n, batch):
        yield b"".join(msg(i, size, block) + b"\n"
                       for i in range(b, min(b + batch, first + n)))


def write_file(path, chunks):
    with open(path, "wb") as f:
        for c in chunks:
            f.write(c)


def same_file(a, b):
    with open(a, "rb") as fa, open(b, "rb") as fb:
        while True:
            x, y = fa.read(1 << 20), fb.read(1 << 20)
            if x != y:
                return False
            if not x:
                return True


class Result:
    def __init__(self, wall, cpu, rss, ok, why=""):
        self.wall, self.cpu, self.rss, self.ok, self.why = wall, cpu, rss, ok, why


MEASURE = None          # bench/measure: see launch()
TMP = None


def killpg(pid):
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def launch(argv, **kw):
    """Starts argv under bench/measure, which reports wall time, CPU time
    and peak RSS (wait4() from the Python driver would count the driver's
    own image in the peak RSS of what it forks)."""
    fd, report = tempfile.mkstemp(dir=TMP, prefix="measure.")
    os.close(fd)
    p = subprocess.Popen([MEASURE, report] + list(argv), start_new_session=True, **kw)
    p.report = report
    return p


def finish(p, timeout):
    """Waits for a launch()ed p (killed after timeout s): its Result."""
    t = threading.Timer(timeout, killpg, (p.pid,))
    t.start()
    try:
        p.wait()
    finally:
        t.cancel()
    try:
        with open(p.report) as f:
            wall, cpu, rss, rc = f.read().split()
        os.unlink(p.report)
    except (OSError, ValueError):
        return Result(float("nan"), float("nan"), 0, False, "killed after %d s" % timeout)
    rc = int(rc)
    return Result(float(wall), float(cpu), int(rss), rc == 0,
                  "" if rc == 0 else "exit %d" % rc)


def piped_run(argv, infile, outfile, tail=None, tail_after=0, timeout=300):
    """`cat infile | argv > outfile`.

    With tail, cat also reads the driver's pipe and tail is written to it
    once outfile holds tail_after bytes (uwsc's way to quit).
    """
    err = tempfile.TemporaryFile()
    cat = subprocess.Popen(["cat", infile] + (["-"] if tail else []),
                           stdin=subprocess.PIPE if tail else subprocess.DEVNULL,
                           stdout=subprocess.PIPE)
    with open(outfile, "wb") as out:
        p = launch(argv, stdin=cat.stdout, stdout=out, stderr=err)
    cat.stdout.close()
    if tail:
        deadline = time.monotonic() + timeout
        while os.path.getsize(outfile) < tail_after and p.poll() is None \
                and time.monotonic() < deadline:
            time.sleep(0.0005)
        try:
            cat.stdin.write(tail)
            cat.stdin.close()
        except BrokenPipeError:
            pass
    r = finish(p, timeout)
    cat.wait()
    err.seek(0)
    if not r.ok:
        r.why += ": " + err.read(300).decode(errors="replace").strip()
    return r


def plain_run(argv, timeout=600):
    """argv with no input or output (bare lws)."""
    return finish(launch(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL), timeout)


def stream_run(argv, chunks, timeout=600):
    """Feeds chunks to argv's stdin and checks its stdout equals them."""
    p = launch(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
               stderr=subprocess.DEVNULL)
    expect = []

    def feed():
        try:
            for c in chunks:
                expect.append(c)
                p.stdin.write(c)
            p.stdin.close()
        except BrokenPipeError:
            pass
    th = threading.Thread(target=feed, daemon=True)
    th.start()
    pending = bytearray()
    ok, k = True, 0
    fd = p.stdout.fileno()
    while True:
        data = os.read(fd, 1 << 20)
        if not data:
            break
        pending += data
        while k < len(expect) and len(pending) >= len(expect[k]):
            n = len(expect[k])
            if pending[:n] != expect[k]:
                ok = False
            del pending[:n]
            expect[k] = None
            k += 1
    r = finish(p, timeout)
    th.join()
    if r.ok and (not ok or pending or k != len(expect)):
        r.ok, r.why = False, "output differs"
    return r


def capture_run(argv, stdin_bytes, expect, timeout=30):
    """Runs argv once, with stdin_bytes (or /dev/null); output must be expect."""
    p = launch(argv, stdin=subprocess.PIPE if stdin_bytes else subprocess.DEVNULL,
               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    if stdin_bytes:
        p.stdin.write(stdin_bytes)
        p.stdin.close()
    out = p.stdout.read()
    r = finish(p, timeout)
    if r.ok and out != expect:
        r.ok, r.why = False, "output %r" % out[:80]
    return r


def uwsc_oneshot(url, timeout=30):
    """uwsc quits on '!q', dropping replies still in flight, and buffers
    stdout: its stdout is a pty (line-buffered) so the driver sees the
    echo, then sends '!q'."""
    master, slave = pty.openpty()
    p = launch(["uwsc", "-q", url], stdin=subprocess.PIPE, stdout=slave,
               stderr=subprocess.DEVNULL)
    os.close(slave)
    p.stdin.write(S3_MSG + b"\n")
    p.stdin.flush()
    out = b""
    deadline = time.monotonic() + timeout
    while S3_MSG not in out and time.monotonic() < deadline:
        r, _, _ = select.select([master], [], [], 0.5)
        if r:
            try:
                out += os.read(master, 4096)
            except OSError:
                break
    try:
        p.stdin.write(b"!q\n")
        p.stdin.close()
    except BrokenPipeError:
        pass
    r = finish(p, timeout)
    os.close(master)
    if r.ok and out.replace(b"\r", b"") != b"\b\b" + S3_MSG + b"\n":
        r.ok, r.why = False, "output %r" % out[:80]
    return r


class Peer:
    """An echo endpoint in the background, its port and CPU time."""

    def __init__(self, argv):
        self.p = subprocess.Popen(argv, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL)
        self.port = int(self.p.stdout.readline())

    def cpu(self):
        tot = 0
        for t in os.listdir("/proc/%d/task" % self.p.pid):
            with open("/proc/%d/task/%s/schedstat" % (self.p.pid, t)) as f:
                tot += int(f.read().split()[0])
        return tot / 1e9

    def stop(self):
        self.p.send_signal(signal.SIGTERM)
        try:
            self.p.wait(5)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def fmt_int(x):
    return "{:,.0f}".format(x)


def mib(kib):
    return "%.1f MiB" % (kib / 1024)


class Bench:
    def __init__(self, a):
        self.a = a
        global MEASURE, TMP
        MEASURE = a.measure
        self.tmp = TMP = tempfile.mkdtemp(
            prefix="wsc-bench-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
        self.ws = Peer([a.echopeer])
        self.tcp = Peer([a.echopeer, "-t"])
        self.url = "ws://127.0.0.1:%d/" % self.ws.port
        self.clients = ["wsc"]
        self.missing = []
        for name, ok in (("uwsc", shutil.which("uwsc")),
                         ("python", self.have_websockets()),
                         ("socat", shutil.which("socat"))):
            (self.clients if ok else self.missing).append(name)
        self.failures = []
        self.lines = []
        self.lws_ipm = None

    @staticmethod
    def have_websockets():
        return subprocess.call([PY, "-c", "import websockets"],
                               stderr=subprocess.DEVNULL) == 0

    def say(self, s=""):
        print(s, flush=True)
        self.lines.append(s)

    def path(self, name):
        return os.path.join(self.tmp, name)

    def check(self, r, what):
        if not r.ok:
            self.failures.append("%s: %s" % (what, r.why))
            print("  FAILED %s: %s" % (what, r.why), file=sys.stderr, flush=True)
        return r

    # -- S1 ---------------------------------------------------------------
    def s1_argv(self, client, n):
        if client == "wsc":
            return [self.a.wsc, "-n", str(n), self.url]
        if client == "python":
            return [PY, os.path.join(HERE, "wsclient.py"), "--count", str(n), self.url]
        if client == "socat":
            return ["socat", "-b", "65536", "-", "TCP:127.0.0.1:%d" % self.tcp.port]
        if client == "uwsc":
            return ["uwsc", "-q", self.url]
        if client == "barelws":
            return [self.a.barelws, str(self.ws.port), "text", str(n), str(S1_SIZE)]
        raise ValueError(client)

    def s1_files(self, n):
        inp = self.path("s1-%d.in" % n)
        if not os.path.exists(inp):
            write_file(inp, lines(n, S1_SIZE, TEXT_BLOCK))
            # uwsc: UWSC_FILLER more messages so that its 4 KiB stdout
            # buffer is flushed past message n; '!q' follows once it is.
            write_file(inp + ".uwsc", lines(n + UWSC_FILLER, S1_SIZE, TEXT_BLOCK))
            with open(self.path("s1-%d.uwsc.expect" % n), "wb") as f:
                for c in lines(n, S1_SIZE, TEXT_BLOCK):
                    f.write(b"".join(b"\b\b" + l + b"\n" for l in c.split(b"\n")[:-1]))
        return inp

    def s1_run(self, client, n, prefix=()):
        inp = self.s1_files(n)
        out = self.path("s1.out")
        argv = list(prefix) + self.s1_argv(client, n)
        if client == "barelws":
            return plain_run(argv)
        if client == "uwsc":
            want = (S1_SIZE + 3) * n
            r = piped_run(argv, inp + ".uwsc", out, tail=b"!q\n", tail_after=want)
            with open(out, "rb") as f:
                got = f.read(want)
            with open(self.path("s1-%d.uwsc.expect" % n), "rb") as f:
                if got != f.read():
                    r.ok, r.why = False, "output differs"
            return r
        r = piped_run(argv, inp, out)
        if r.ok and not same_file(inp, out):
            r.ok, r.why = False, "output differs"
        return r

    def scenario1(self):
        rounds = self.a.rounds
        order = self.clients + ["barelws"]
        res = {c: [] for c in order}
        self.say()
        self.say("S1: %s text messages of %d bytes piped in and echoed (%d rounds)"
                 % (fmt_int(S1_N), S1_SIZE, rounds))
        peer_cpu, wsc_cpu = 0.0, 0.0
        for k in range(rounds):
            rot = order[k % len(order):] + order[:k % len(order)]
            for c in rot:
                before = self.ws.cpu()
                r = self.check(self.s1_run(c, S1_N), "S1 %s round %d" % (c, k + 1))
                if c == "wsc":
                    peer_cpu += self.ws.cpu() - before
                    wsc_cpu += r.cpu
                res[c].append(r)
        rss4 = self.check(stream_run([self.a.wsc, "-n", str(4 * S1_N), self.url],
                                     lines(4 * S1_N, S1_SIZE, TEXT_BLOCK)),
                          "S1 wsc at 4x")
        self.say("  %-8s %12s %13s %10s %10s %12s" % (
            "client", "msg/s", "CPU s/100k", "peak RSS", "RSS 4x", "wsc faster"))
        self.s1 = {}
        for c in order:
            rs = res[c]
            rate = median([S1_N / r.wall for r in rs])
            ratios = [S1_N / a.wall / (S1_N / b.wall) for a, b in zip(res["wsc"], rs)]
            self.s1[c] = (rate, median(ratios))
            self.say("  %-8s %12s %13.3f %10s %10s %12s" % (
                "bare lws" if c == "barelws" else c, fmt_int(rate),
                median([r.cpu * 100000 / S1_N for r in rs]),
                mib(max(r.rss for r in rs)),
                mib(rss4.rss) if c == "wsc" else "",
                "" if c == "wsc" else "%.2fx" % median(ratios)))
        self.s1_rss = (max(r.rss for r in res["wsc"]), rss4.rss)
        self.say("  echo endpoint (echopeer) CPU: %.0f%% of wsc's" %
                 (100 * peer_cpu / wsc_cpu if wsc_cpu else 0))

    # -- instructions per message (callgrind) -------------------------------
    def callgrind(self):
        if not shutil.which("valgrind"):
            self.say("  instructions/message: skipped (valgrind not installed)")
            self.ipm = {}
            return
        self.say()
        self.say("S1 instructions per message (callgrind, user space, all threads;"
                 " (I(n2) - I(n1)) / (n2 - n1))")
        self.ipm = {}
        lws_part = []
        for c in self.clients + ["barelws"]:
            n1, n2 = (2000, 6000) if c == "python" else (10000, 30000)
            tot = []
            for n in (n1, n2):
                cg = self.path("cg.%s.%d" % (c, n))
                r = self.check(self.s1_run(c, n, prefix=(
                    "valgrind", "-q", "--tool=callgrind", "--callgrind-out-file=" + cg)),
                    "callgrind %s %d" % (c, n))
                tot.append(self.cg_total(cg) if r.ok else float("nan"))
                if c == "wsc":
                    lws_part.append(self.cg_lws_part(cg))
            self.ipm[c] = (tot[1] - tot[0]) / (n2 - n1)
        notes = {"barelws": "   (lws_write() per message, no stdin or stdout)"}
        if None not in lws_part:
            self.lws_ipm = (lws_part[1] - lws_part[0]) / 20000
            notes["wsc"] = ("   (%s of them in lws outside wsc's callbacks)"
                            % fmt_int(self.lws_ipm))
        for c in self.clients + ["barelws"]:
            self.say("  %-8s %10s%s" % ("bare lws" if c == "barelws" else c,
                                        fmt_int(self.ipm[c]), notes.get(c, "")))

    @staticmethod
    def cg_lws_part(path):
        """Instructions spent in lws_service() but not in wsc's callback."""
        try:
            out = subprocess.run(["callgrind_annotate", "--inclusive=yes", path],
                                 capture_output=True, text=True).stdout
        except OSError:
            return None
        incl = {}
        for line in out.splitlines():
            f = line.split()
            if len(f) >= 3 and f[0][0].isdigit():
                name = f[-2] if f[-1].startswith("[") else f[-1]
                for key in ("lws_service", "session.c:callback"):
                    if name.endswith(key) and key not in incl:
                        incl[key] = int(f[0].replace(",", ""))
        if len(incl) != 2:
            return None
        return incl["lws_service"] - incl["session.c:callback"]

    @staticmethod
    def cg_total(path):
        tot = 0
        for name in os.listdir(os.path.dirname(path)):
            full = os.path.join(os.path.dirname(path), name)
            if full == path or name.startswith(os.path.basename(path) + "-"):
                with open(full) as f:
                    for line in f:
                        if line.startswith(("summary:", "totals:")):
                            tot += int(line.split()[1])
                            break
        return tot

    # -- S2 -----------------------------------------------------------------
    def s2_argv(self, client, binary, n):
        if client == "wsc":
            return [self.a.wsc] + (["-b"] if binary else []) + ["-n", str(n), self.url]
        if client == "python":
            return [PY, os.path.join(HERE, "wsclient.py")] + (["-b"] if binary else []) + \
                ["--count", str(n), self.url]
        if client == "socat":
            return ["socat", "-b", "65536", "-", "TCP:127.0.0.1:%d" % self.tcp.port]
        if client == "barelws":
            return [self.a.barelws, str(self.ws.port), "binary" if binary else "text",
                    str(n), str(S2_SIZE)]
        raise ValueError(client)

    def s2_run(self, client, binary):
        kind = "binary" if binary else "text"
        inp = self.path("s2-%s.in" % kind)
        if not os.path.exists(inp):
            write_file(inp, lines(S2_N, S2_SIZE, BIN_BLOCK if binary else TEXT_BLOCK, batch=16))
        argv = self.s2_argv(client, binary, S2_N)
        if client == "barelws":
            return plain_run(argv)
        out = self.path("s2.out")
        r = piped_run(argv, inp, out)
        if r.ok and not same_file(inp, out):
            r.ok, r.why = False, "output differs"
        os.unlink(out)
        return r

    def scenario2(self):
        rounds = self.a.rounds
        order = ["wsc", "barelws"] + [c for c in self.clients if c in ("python", "socat")]
        self.s2 = {}
        self.s2_rss = {}
        self.say()
        self.say("S2: %d MiB as %s messages of 64 KiB, echoed (%d rounds; MB/s of payload"
                 " one way, 1 MB = 10^6 bytes)" % (S2_BYTES >> 20, fmt_int(S2_N), rounds))
        self.say("  %-8s %-7s %10s %8s %10s %10s %12s" % (
            "client", "type", "MB/s", "CPU s", "peak RSS", "RSS 4x", "wsc / it"))
        for binary in (False, True):
            kind = "binary" if binary else "text"
            res = {c: [] for c in order}
            for k in range(rounds):
                rot = order[k % len(order):] + order[:k % len(order)]
                for c in rot:
                    res[c].append(self.check(self.s2_run(c, binary),
                                             "S2 %s %s round %d" % (kind, c, k + 1)))
            os.unlink(self.path("s2-%s.in" % kind))
            block = BIN_BLOCK if binary else TEXT_BLOCK
            rss4 = self.check(stream_run(self.s2_argv("wsc", binary, 4 * S2_N),
                                         lines(4 * S2_N, S2_SIZE, block, batch=16)),
                              "S2 %s wsc at 4x" % kind)
            self.s2_rss[kind] = (max(r.rss for r in res["wsc"]), rss4.rss)
            for c in order:
                rs = res[c]
                ratios = [b.wall / a.wall for a, b in zip(res["wsc"], rs)]
                self.s2[(c, kind)] = (median([S2_BYTES / 1e6 / r.wall for r in rs]),
                                      median(ratios))
                self.say("  %-8s %-7s %10.1f %8.2f %10s %10s %12s" % (
                    "bare lws" if c == "barelws" else c, kind, self.s2[(c, kind)][0],
                    median([r.cpu for r in rs]), mib(max(r.rss for r in rs)),
                    mib(rss4.rss) if c == "wsc" else "",
                    "" if c == "wsc" else "%.3f" % median(ratios)))
        self.say("  (uwsc: not run; it reads stdin in 255-byte pieces and prints"
                 " no binary payload)" if "uwsc" in self.clients else "")

    # -- S3 -----------------------------------------------------------------
    def s3_run(self, client):
        if client == "wsc":
            return capture_run([self.a.wsc, "-x", S3_MSG.decode(), "-1", self.url],
                               None, S3_MSG + b"\n")
        if client == "python":
            return capture_run([PY, os.path.join(HERE, "wsclient.py"), "-x",
                                S3_MSG.decode(), "--count", "1", self.url],
                               None, S3_MSG + b"\n")
        if client == "socat":
            return capture_run(["socat", "-", "TCP:127.0.0.1:%d" % self.tcp.port],
                               S3_MSG + b"\n", S3_MSG + b"\n")
        if client == "uwsc":
            return uwsc_oneshot(self.url)
        raise ValueError(client)

    def scenario3(self):
        runs = self.a.s3_runs
        order = self.clients
        res = {c: [] for c in order}
        for k in range(runs):
            rot = order[k % len(order):] + order[:k % len(order)]
            for c in rot:
                res[c].append(self.check(self.s3_run(c), "S3 %s run %d" % (c, k + 1)))
        self.say()
        self.say("S3: one-shot `wsc -x MSG -1 URL` (connect, send, receive the echo,"
                 " close, exit), %d runs" % runs)
        self.say("  %-8s %10s %10s %10s %12s" % ("client", "median ms", "CPU ms",
                                                  "peak RSS", "wsc / it"))
        self.s3 = {}
        for c in order:
            rs = res[c]
            ratios = [a.wall / b.wall for a, b in zip(res["wsc"], rs)]
            self.s3[c] = (median([r.wall * 1000 for r in rs]), median(ratios))
            self.say("  %-8s %10.2f %10.2f %10s %12s" % (
                c, self.s3[c][0], median([r.cpu * 1000 for r in rs]),
                mib(max(r.rss for r in rs)), "" if c == "wsc" else "%.2f" % median(ratios)))
        self.s3_rss = max(r.rss for r in res["wsc"])

    # -- endpoint check -------------------------------------------------------
    def endpoint_check(self):
        own = Peer([self.a.wsc, "-l", "0", "--echo", "--print-port", "-q"])
        inp = self.s1_files(S1_N)
        out = self.path("s1.out")
        before = own.cpu()
        r = self.check(piped_run([self.a.wsc, "-n", str(S1_N),
                                  "ws://127.0.0.1:%d/" % own.port], inp, out),
                       "endpoint check")
        used = own.cpu() - before
        own.stop()
        self.say("endpoint check (S1 once against `wsc -l 0 --echo`): the endpoint used"
                 " %.3f s CPU, the client %.3f s (%.0f%%)" % (used, r.cpu,
                                                             100 * used / r.cpu if r.cpu else 0))

    # -- summary ------------------------------------------------------------
    def summary(self):
        t = []
        if "uwsc" in self.s1:
            x = self.s1["uwsc"][1]
            t.append(("S1 rate >= 2.5x uwsc", x >= 2.5, "%.2fx" % x))
        if "socat" in self.s3:
            x = self.s3["socat"][1]
            t.append(("S3 <= 2x socat", x <= 2.0, "%.2fx" % x))
        for kind in ("text", "binary"):
            x = self.s2[("barelws", kind)][1]
            t.append(("S2 %s >= 0.95x bare lws" % kind, x >= 0.95, "%.3fx" % x))
        s1r, s1r4 = self.s1_rss
        worst = max([s1r, s1r4] + [v for p in self.s2_rss.values() for v in p])
        flat = s1r4 <= s1r * 1.1 and all(b <= a * 1.1 for a, b in self.s2_rss.values())
        t.append(("RSS <= 8 MiB", worst <= 8192, "max %s" % mib(worst)))
        t.append(("RSS flat 1x->4x", flat, "S1 %s->%s, S2 %s" % (
            mib(s1r), mib(s1r4), ", ".join("%s %s->%s" % (k, mib(a), mib(b))
                                           for k, (a, b) in self.s2_rss.items()))))
        if "uwsc" in self.ipm and "wsc" in self.ipm:
            t.append(("instructions/msg <= uwsc", self.ipm["wsc"] <= self.ipm["uwsc"],
                      "%s vs %s%s" % (fmt_int(self.ipm["wsc"]), fmt_int(self.ipm["uwsc"]),
                                      ", lws alone %s" % fmt_int(self.lws_ipm)
                                      if self.lws_ipm else "")))
        self.say()
        if self.failures:
            self.say("CHECK FAILURES (%d): %s" % (len(self.failures),
                                                 "; ".join(self.failures[:5])))
        if self.missing:
            self.say("not installed, not measured: %s" % ", ".join(self.missing))
        met = sum(1 for _, ok, _ in t if ok)
        self.say("targets met %d/%d: %s" % (met, len(t), "; ".join(
            "%s: %s (%s)" % (name, "met" if ok else "NOT met", v) for name, ok, v in t)))
        return 0 if not self.failures else 1

    def run(self):
        with open("/proc/loadavg") as f:
            load = f.read().split()[0]
        self.say("wsc benchmark: %d CPUs, load %s; echo endpoint bench/echopeer "
                 "(ws port %d, tcp port %d); clients: %s" % (
                     os.cpu_count(), load, self.ws.port, self.tcp.port,
                     ", ".join(self.clients + ["bare lws"])))
        try:
            self.endpoint_check()
            self.scenario1()
            self.callgrind()
            self.scenario2()
            self.scenario3()
            return self.summary()
        finally:
            self.ws.stop()
            self.tcp.stop()
            shutil.rmtree(self.tmp, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wsc", required=True)
    ap.add_argument("--echopeer", required=True)
    ap.add_argument("--barelws", required=True)
    ap.add_argument("--measure", required=True)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--s3-runs", type=int, default=30)
    a = ap.parse_args()
    return Bench(a).run()


if __name__ == "__main__":
    sys.exit(main())
