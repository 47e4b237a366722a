"""Driving wsc in a real terminal: a private tmux server per test script.

Each Term is one tmux server (its socket in the test's temporary directory,
no config file) running a shell command in a pane of a chosen size.  The
pane outlives the command by a minute for inspection, then the server ends
by itself, even if the test was killed; normally it is killed at exit.  Keys go in with send-keys, the
screen comes back with capture-pane, and every wait polls the screen (or a
file) until a condition holds or a deadline passes: no sleeps.
"""

import os
import shlex
import shutil
import subprocess
import time

import harness as H

TMUX = shutil.which("tmux")
_servers = []


def available():
    return TMUX is not None


def _kill(sock):
    subprocess.run([TMUX, "-S", sock, "kill-server"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _cleanup():
    for sock in _servers:
        _kill(sock)


class _Server:
    """A tmux server as the harness's peer list sees it: killed by the
    harness's own cleanup, which also runs when a test bails out."""

    def __init__(self, sock):
        self.sock = sock

    def poll(self):
        return None

    def kill(self):
        _kill(self.sock)

    def wait(self, timeout=None):
        return 0


import atexit  # noqa: E402  (registered after harness's own cleanup)
atexit.register(_cleanup)


class Term:
    """A tmux pane running cmd (a list, run through sh) with env added."""

    def __init__(self, cmd, env=None, cols=80, rows=24, name="t"):
        self.dir = H.tmpfile("term%d" % (len(_servers) + 1))
        os.makedirs(self.dir, exist_ok=True)
        self.sock = os.path.join(self.dir, "tmux.sock")
        _servers.append(self.sock)
        H._peers.append(_Server(self.sock))  # killed on a bail-out too
        self.rc_path = os.path.join(self.dir, "rc")
        full = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "screen",
                "HOME": self.dir, "NO_COLOR": "1"}
        full.update(env or {})
        envs = " ".join("%s=%s" % (k, shlex.quote(v)) for k, v in full.items()
                        if v is not None)
        unset = " ".join("-u %s" % k for k, v in full.items() if v is None)
        line = " ".join(shlex.quote(c) for c in cmd)
        # The exit status lands in a file; the pane stays for inspection.
        # Ctrl-C reaches the whole foreground group: the shell traps it (a
        # trap, not an ignore, so the command gets the default action).
        script = "trap true INT; env %s %s %s; echo $? > %s; exec sleep 60" % (
            unset, envs, line, shlex.quote(self.rc_path))
        self.tmux("-f", "/dev/null", "new-session", "-d", "-s", name,
                  "-x", str(cols), "-y", str(rows), "sh", "-c", script)
        self.target = name

    def tmux(self, *args, check=True):
        p = subprocess.run([TMUX, "-S", self.sock] + list(args),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if check and p.returncode != 0:
            raise H.HarnessError("tmux %s: %s" % (args[0], p.stderr.decode()))
        return p.stdout.decode(errors="replace")

    def keys(self, *keys):
        """send-keys with key names (Enter, Left, C-c, ...)."""
        self.tmux("send-keys", "-t", self.target, *keys)

    def type(self, text):
        """Type text literally."""
        self.tmux("send-keys", "-t", self.target, "-l", text)

    def paste(self, data):
        """Paste bytes as a terminal paste would (LF becomes CR)."""
        path = os.path.join(self.dir, "paste")
        with open(path, "wb") as f:
            f.write(data)
        self.tmux("load-buffer", "-b", "p", path)
        self.tmux("paste-buffer", "-b", "p", "-t", self.target)

    def screen(self, join=False, escapes=False):
        """The visible screen as a list of lines (trailing blanks cut)."""
        args = ["capture-pane", "-p", "-t", self.target]
        if join:
            args.append("-J")
        if escapes:
            args.append("-e")
        out = self.tmux(*args)
        lines = [l.rstrip() for l in out.split("\n")]
        while lines and lines[-1] == "":
            lines.pop()
        return lines

    def text(self, join=True):
        return "\n".join(self.screen(join=join))

    def cursor(self):
        x, y = self.tmux("display", "-p", "-t", self.target,
                         "#{cursor_x} #{cursor_y}").split()
        return int(x), int(y)

    def fmt(self, f):
        return self.tmux("display", "-p", "-t", self.target, f).strip()

    def resize(self, cols, rows):
        self.tmux("resize-window", "-t", self.target, "-x", str(cols),
                  "-y", str(rows))

    def wait(self, cond, timeout=15):
        """Poll cond(self) until true; returns its last value."""
        end = time.monotonic() + timeout
        while True:
            v = cond(self)
            if v or time.monotonic() >= end:
                return v
            time.sleep(0.02)

    def wait_text(self, s, timeout=15):
        return self.wait(lambda t: s in t.text(), timeout)

    def rc(self, timeout=15):
        """wsc's exit status once it has ended, or None at the deadline."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                with open(self.rc_path) as f:
                    s = f.read().strip()
                if s:
                    return int(s)
            except FileNotFoundError:
                pass
            time.sleep(0.02)
        return None

    def close(self):
        self.tmux("kill-server", check=False)


# ---------------------------------------------------------------- helpers

def peer(script, *args):
    """A rawpeer running script: (proc, url, log)."""
    return H.rawpeer(*args, script=script)


def term(url, *opts, env=None, cols=80, rows=24, hist=True):
    """wsc URL in a pane, with a history file of its own unless hist is
    False; -w 0, so that Ctrl-D closes at once (the tests wait for what
    they expect)."""
    e = {"WSC_HISTFILE": H.tmpfile("hist-%d" % time.monotonic_ns())}
    if not hist:
        e = {}
    e.update(env or {})
    return Term([H.WSC, "-w", "0"] + list(opts) + [url], env=e, cols=cols,
                rows=rows)


def prompt_last(t, want):
    """The last screen line (wrapped rows joined) is exactly want."""
    lines = t.screen(join=True)
    return bool(lines) and lines[-1] == want
