"""Shared helpers for wsc's integration tests (TAP output, peers, running wsc).

Every wait is bounded: peers must report their port before a deadline, log
waits have a timeout, and wsc is killed (and the case failed) when it
overruns its timeout.  Peers are killed when the test script exits.
"""

import atexit
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
SRCDIR = os.environ.get("WSC_SRCDIR") or os.path.dirname(os.path.dirname(HERE))
WSC = os.environ.get("WSC") or os.path.join(SRCDIR, "src", "wsc")
PYTHON3 = os.environ.get("PYTHON3") or "/usr/bin/python3"
PEERS = os.path.join(SRCDIR, "tests", "peers")
RAWPEER = os.path.join(PEERS, "rawpeer.py")
WSECHO = os.path.join(PEERS, "wsecho.py")

# Under valgrind (make check-valgrind) wsc runs many times slower: every
# deadline for wsc to finish is stretched by this factor.
SLOW_FACTOR = 3 if os.environ.get("WSC_SANITIZERS") == "valgrind" else 1

_peers = []
_wscs = []
_tmpdir = None


class HarnessError(Exception):
    """A failure of the test machinery itself (exit 99), not of wsc."""


def tmpdir():
    """A per-script temporary directory, removed at exit unless WSC_KEEP_TMP."""
    global _tmpdir
    if _tmpdir is None:
        _tmpdir = tempfile.mkdtemp(prefix="wsc-it-")
    return _tmpdir


def tmpfile(name):
    return os.path.join(tmpdir(), name)


def _cleanup():
    for w in _wscs:
        if w.returncode is None:
            try:
                if w.own_group:
                    os.killpg(w.pid, signal.SIGKILL)
                else:
                    w.kill()
                w.wait(5)
            except (OSError, subprocess.TimeoutExpired):
                pass
    for p in _peers:
        if p.poll() is None:
            p.kill()
        try:
            p.wait(5)
        except subprocess.TimeoutExpired:
            pass
    if _tmpdir and not os.environ.get("WSC_KEEP_TMP"):
        shutil.rmtree(_tmpdir, ignore_errors=True)


atexit.register(_cleanup)

# A shell may start us with SIGINT/SIGTERM ignored (background jobs), and
# ignored signals stay ignored across exec: make sure wsc starts with the
# default dispositions so the signal tests mean something.
for _sig in (signal.SIGINT, signal.SIGTERM):
    if signal.getsignal(_sig) == signal.SIG_IGN:
        signal.signal(_sig, signal.SIG_DFL)


# ---------------------------------------------------------------- TAP

class TAP:
    """A TAP emitter with the plan printed at the end."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, desc, diag=None):
        self.n += 1
        desc = desc.replace("#", "\\#").replace("\n", " ")
        print("%s %d - %s" % ("ok" if cond else "not ok", self.n, desc), flush=True)
        if not cond:
            self.failed += 1
            if diag:
                self.diag(diag)
        return bool(cond)

    def eq(self, got, want, desc, diag=None):
        cond = got == want
        if not cond:
            extra = "got:  %s\nwant: %s" % (short(got), short(want))
            diag = extra + ("\n" + diag if diag else "")
        return self.ok(cond, desc, diag)

    def diag(self, text):
        for line in str(text).splitlines() or [""]:
            print("# " + line, flush=True)

    def skip(self, desc, reason):
        self.n += 1
        print("ok %d - %s # SKIP %s" % (self.n, desc, reason), flush=True)

    def done(self):
        print("1..%d" % self.n, flush=True)


def short(v, limit=300):
    r = repr(v)
    return r if len(r) <= limit else r[:limit] + "... (%d chars)" % len(r)


def main(body):
    """Run body(tap); a harness error prints a diagnostic and exits 99."""
    tap = TAP()
    try:
        if not os.access(WSC, os.X_OK):
            raise HarnessError("wsc binary not found or not executable: %s" % WSC)
        body(tap)
    except Exception:
        tap.diag("harness error:\n" + traceback.format_exc())
        print("Bail out! harness error", flush=True)
        _cleanup()
        sys.stdout.flush()
        os._exit(99)
    tap.done()
    sys.exit(0)


# ---------------------------------------------------------------- peers

def start_peer(args, script=RAWPEER, timeout=15):
    """Start a peer (rawpeer.py by default; pass script=WSECHO for the echo
    server) and return (proc, port) once it has printed "PORT <n>"."""
    errpath = tmpfile("peer%d.stderr" % len(_peers))
    err = open(errpath, "wb")
    proc = subprocess.Popen([PYTHON3, script] + [str(a) for a in args],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=err)
    err.close()
    proc.stderr_path = errpath
    _peers.append(proc)
    box = []
    t = threading.Thread(target=lambda: box.append(proc.stdout.readline()), daemon=True)
    t.start()
    t.join(timeout)
    line = box[0].decode(errors="replace").strip() if box else ""
    if not line.startswith("PORT "):
        proc.kill()
        with open(errpath, "rb") as f:
            msg = f.read().decode(errors="replace")
        raise HarnessError("peer %s %s did not report its port (got %r): %s"
                           % (os.path.basename(script), args, line, msg))
    return proc, int(line.split()[1])


def rawpeer(*args, script=None, log=None, tls=None):
    """Start rawpeer with a script (a list, passed as a file) and a log path;
    tls: a certs.make() dict, to serve wss with its srv certificate.
    Returns (proc, url, logpath)."""
    n = len(_peers)
    logpath = log or tmpfile("rawpeer%d.log" % n)
    argv = ["--log", logpath] + list(args)
    if tls is not None:
        argv += ["--tls-cert", tls["srv.crt"], "--tls-key", tls["srv.key"]]
    if script is not None:
        spath = tmpfile("script%d.json" % n)
        with open(spath, "w") as f:
            json.dump(script, f)
        argv += ["--script", spath]
    proc, port = start_peer(argv)
    return proc, "%s://127.0.0.1:%d/" % ("wss" if tls else "ws", port), logpath


def wsecho(*args):
    """Start the python3-websockets echo server; returns (proc, url)."""
    proc, port = start_peer(list(args), script=WSECHO)
    return proc, "ws://127.0.0.1:%d/" % port


def wait_peer(proc, timeout=10):
    """Wait for a peer to exit; True if it did."""
    try:
        proc.wait(timeout)
        return True
    except subprocess.TimeoutExpired:
        return False


def refused_port():
    """A loopback port with nothing listening: bind, note it, close."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


# ---------------------------------------------------------------- logs

def read_log(path):
    """All complete JSON lines of a peer log so far."""
    events = []
    try:
        with open(path, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        return events
    for line in data.split(b"\n"):
        if line.strip():
            try:
                events.append(json.loads(line))
            except ValueError:
                pass  # a line still being written
    return events


def wait_for_log(path, predicate, timeout=10):
    """Poll the log until an event satisfies predicate; return it, or None
    at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        for ev in read_log(path):
            if predicate(ev):
                return ev
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.02)


def final_log(path, timeout=10):
    """The log once the peer has seen the connection end (its "eof" line;
    the peer logs a frame after sending it, so a client that has exited may
    be ahead of the log).  Returns what is there at the deadline."""
    wait_for_log(path, lambda e: e.get("event") == "eof", timeout)
    return read_log(path)


def events(log, kind):
    """Events of one kind, read after the connection has ended."""
    return [e for e in final_log(log) if e.get("event") == kind]


def b64d(s):
    import base64
    return base64.b64decode(s) if s is not None else None


def messages(log):
    """The client's messages as (type, bytes) from a rawpeer log."""
    return [(e["type"], b64d(e.get("data_b64"))) for e in events(log, "message")]


def log_summary(path, limit=60):
    """A compact one-line-per-event view of a peer log for diagnostics."""
    out = []
    for e in read_log(path)[:limit]:
        ev = e.get("event")
        bits = [ev]
        for k in ("opcode", "fin", "len", "code", "reason", "type", "status", "line",
                  "what", "error", "want", "saw"):
            if k in e and e[k] is not None:
                bits.append("%s=%s" % (k, short(e[k], 60)))
        out.append(" ".join(bits))
    return "peer log:\n  " + "\n  ".join(out)


def client_closes(log):
    return [(e["code"], e["reason"]) for e in events(log, "close")]


# ---------------------------------------------------------------- wsc

class Result:
    """How a wsc run ended: rc (exit status, -signal, or None on a timeout),
    out and err (bytes), rss and hwm (KiB, only with measure_rss)."""

    def __init__(self, rc, out, err, rss, hwm, timed_out, elapsed):
        self.rc, self.out, self.err, self.rss, self.hwm = rc, out, err, rss, hwm
        self.timed_out, self.elapsed = timed_out, elapsed

    def stderr_lines(self):
        return self.err.decode(errors="replace").splitlines()

    def describe(self):
        return ("rc=%s timed_out=%s elapsed=%.2fs rss_kib=%s hwm_kib=%s\nstderr: %s\n"
                "stdout: %s"
                % (self.rc, self.timed_out, self.elapsed, self.rss, self.hwm,
                   self.err.decode(errors="replace")[-2000:], short(self.out)))


# Peak RSS needs care: Linux carries a process's RSS high-water mark across
# execve() (signal->maxrss takes the old mm's peak), so a wsc spawned from
# this Python process would report at least the harness's own peak.  For a
# measurement, a small launcher (python -S, about 5 MiB at fork) forks wsc,
# reaps it with wait4() and writes its status and ru_maxrss to a file:
# max(launcher's ~5 MiB, wsc's peak), a safe upper bound.  It also samples
# VmHWM of wsc's own mm every 5 ms (a lower bound, exact unless the peak
# comes in the last few ms), reported as Result.hwm.
_RSS_LAUNCHER = r"""
import os, sys, time
pid = os.fork()
if pid == 0:
    try:
        os.execv(sys.argv[2], sys.argv[2:])
    except OSError as e:
        os.write(2, ("rss launcher: %s: %s\n" % (sys.argv[2], e)).encode())
    os._exit(127)
hwm = 0
while True:
    wpid, st, ru = os.wait4(pid, os.WNOHANG)
    if wpid == pid:
        break
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    hwm = max(hwm, int(line.split()[1]))
    except (OSError, ValueError):
        pass
    time.sleep(0.005)
with open(sys.argv[1], "w") as f:
    f.write("%d %d %d\n" % (st, ru.ru_maxrss, hwm))
code = os.waitstatus_to_exitcode(st)
os._exit(code if code >= 0 else 128 - code)
"""


class Wsc:
    """A running wsc.  stdin is a pipe the test writes to (or /dev/null or a
    file object); stdout and stderr are collected by threads unless stdout
    is given (an fd or file object the test owns).  With measure_rss, wsc
    runs under a small launcher that reports its true peak RSS (signals
    then go to the launcher: do not combine with signal())."""

    def __init__(self, args, stdin=subprocess.PIPE, stdout=None, env=None,
                 measure_rss=False):
        full_env = dict(os.environ)
        if env:
            full_env.update(env)
        self.t0 = time.monotonic()
        argv = [WSC] + [a if isinstance(a, bytes) else str(a) for a in args]
        self.rss_file = None
        if measure_rss:
            self.rss_file = tmpfile("rss%d.%d" % (os.getpid(), id(self)))
            argv = [PYTHON3, "-S", "-I", "-c", _RSS_LAUNCHER, self.rss_file] + argv
        self.proc = subprocess.Popen(argv, stdin=stdin,
                                     stdout=subprocess.PIPE if stdout is None else stdout,
                                     stderr=subprocess.PIPE, env=full_env,
                                     start_new_session=measure_rss)
        self.proc.own_group = measure_rss
        _wscs.append(self.proc)
        self._out, self._err = [], []
        self._threads = []
        if stdout is None:
            self._reader(self.proc.stdout, self._out)
        self._reader(self.proc.stderr, self._err)
        self._writer = None
        self.result = None

    def _reader(self, f, box):
        def run():
            while True:
                chunk = f.read1(1 << 16) if hasattr(f, "read1") else f.read(1 << 16)
                if not chunk:
                    break
                box.append(chunk)
            f.close()
        t = threading.Thread(target=run, daemon=True)
        t.start()
        self._threads.append(t)

    def stdout_so_far(self):
        return b"".join(list(self._out))

    def feed(self, data, close=True):
        """Write data to stdin from a thread (large inputs cannot deadlock)."""
        def run():
            try:
                if data:
                    self.proc.stdin.write(data)
                    self.proc.stdin.flush()
                if close:
                    self.proc.stdin.close()
            except (BrokenPipeError, ValueError, OSError):
                pass
        self._writer = threading.Thread(target=run, daemon=True)
        self._writer.start()

    def write(self, data):
        """Write to stdin now; False if wsc no longer reads it."""
        try:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()
            return True
        except (BrokenPipeError, ValueError, OSError):
            return False

    def close_stdin(self):
        try:
            self.proc.stdin.close()
        except (BrokenPipeError, OSError):
            pass

    def stderr_so_far(self):
        return b"".join(list(self._err))

    def signal(self, sig):
        # os.kill, not Popen.send_signal: that polls first and may reap the
        # child, which wait() below then cannot find.
        if self.proc.returncode is None:
            try:
                os.kill(self.proc.pid, sig)
            except ProcessLookupError:
                pass

    def wait(self, timeout=20):
        """Wait (bounded) for wsc; kill it at the deadline.  Returns a Result
        whose rc is the exit status, or -signal, or None if it timed out."""
        if self.result:
            return self.result
        pid = self.proc.pid
        deadline = self.t0 + timeout * SLOW_FACTOR
        timed_out = False
        status, ru = None, None
        while True:
            wpid, st, r = os.wait4(pid, os.WNOHANG)
            if wpid == pid:
                status, ru = st, r
                break
            if time.monotonic() >= deadline:
                timed_out = True
                if self.rss_file:
                    os.killpg(pid, signal.SIGKILL)  # the launcher and wsc
                else:
                    self.proc.kill()
                _, status, ru = os.wait4(pid, 0)
                break
            time.sleep(0.01)
        elapsed = time.monotonic() - self.t0
        self.proc.returncode = os.waitstatus_to_exitcode(status)
        rss = hwm = None  # not measurable without the launcher (see above)
        if self.rss_file and not timed_out:
            with open(self.rss_file) as f:
                st, rss, hwm = (int(x) for x in f.read().split())
            self.proc.returncode = os.waitstatus_to_exitcode(st)
        if self.proc.stdin:
            self.close_stdin()
        for t in self._threads:
            t.join(10)
        rc = None if timed_out else self.proc.returncode
        self.result = Result(rc, b"".join(self._out), b"".join(self._err),
                             rss, hwm, timed_out, elapsed)
        return self.result


def run_wsc(args, stdin_bytes=None, timeout=20, env=None):
    """Run wsc to completion with stdin_bytes as its input (None: /dev/null).
    Returns (rc, stdout, stderr, peak_rss_kib); rc is None on a timeout."""
    r = run(args, stdin_bytes, timeout, env, measure_rss=True)
    return r.rc, r.out, r.err, r.rss


def run(args, stdin_bytes=None, timeout=20, env=None, measure_rss=False):
    """Like run_wsc but returns the Result object (rss None unless
    measure_rss)."""
    stdin = subprocess.DEVNULL if stdin_bytes is None else subprocess.PIPE
    w = Wsc(args, stdin=stdin, env=env, measure_rss=measure_rss)
    if stdin_bytes is not None:
        w.feed(stdin_bytes)
    return w.wait(timeout)


def diag_figure(tap, text):
    """A measured figure as a TAP comment (collected for reports)."""
    tap.diag("figure: " + text)


def one_error_line(tap, res, desc, must_contain=()):
    """Assert stderr is exactly one line 'wsc: <what>: <why>' containing the
    given strings."""
    lines = res.stderr_lines()
    good = (len(lines) == 1 and lines[0].startswith("wsc: ")
            and lines[0].count(": ") >= 2
            and all(s in lines[0] for s in must_contain))
    return tap.ok(good, desc, res.describe())


__all__ = [n for n in dir() if not n.startswith("_")]
