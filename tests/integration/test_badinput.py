#!/usr/bin/python3
"""The bad-input table: what a user can get wrong, each row asserting the
exit status, a one-line error that names the thing, nothing on stdout,
and (for runtime rows) that nothing already accepted was lost.

Usage rows run against a port where nothing listens: an attempt to connect
would show as exit 3, so exit 2 also proves wsc stopped before connecting.
Every option of --help that takes a value must have rows here (checked).
"""

import os
import re
import signal
import subprocess
import sys
import time

import harness as H

TRY = "(try 'wsc --help')"

SECONDS_BAD = ["", "-1", "abc", "1s", "nan", "-inf", "1e999", "1e20", "0x10", " 1",
               "99999999999999999999999"]
COUNT_BAD = ["", "0", "-1", "abc", "1x", "+1", " 1", "99999999999999999999", "1e3"]

# option -> (name the error must contain, bad values)
VALUE_ROWS = {
    "--wait": ("--wait", SECONDS_BAD),
    "--close-timeout": ("--close-timeout", SECONDS_BAD + ["inf"]),
    "--close-code": ("--close-code|close code", ["", "-1", "abc", "999", "1001", "1005", "2999", "5000",
                                    "65536", " 1000", "+1000", "1000.0",
                                    "99999999999999999999"]),
    "--close-reason": ("close reason", ["é" * 62, "x" * 124, b"\xff", b"ok\xc3"]),
    "--max-message": ("--max-message", ["", "-1", "abc", "0", "1.5M", "1X", " 1",
                                        "99999999999G", "99999999999999999999999"]),
    "--count": ("--count", COUNT_BAD),
    "--until": ("--until", ["(", "[a", "a{2,1}", "*+", "(a{1000}){1000}", ".{0,30000}",
                            "(a)\\1", "(a*)*", "^" * 33, "(" * 20000]),
    "--listen": ("listen address", ["", "-1", "65536", "abc", "127.0.0.1:", ":80", "[::1",
                                    "[::1]", "1:2:3", "a b:1", "127.0.0.1:99999999999"]),
    "--protocol": ("protocol", ["", "a b", "a\x01", "a;b", "\"q\""]),
    "--header": ("header", ["NoColon", ": no name", "Bad Name: v", "X-A: one\r\nX-B: two",
                            "X-A: a\nb", "X-A: a\rb"]),
    "--origin": ("origin", ["a\r\nX-Evil: 1"]),
    "--send": ("--send", [b"\xff", b"caf\xc3"]),
    "--timeout": ("--timeout", SECONDS_BAD + ["0", "inf"]),
    "--connect-timeout": ("--connect-timeout", SECONDS_BAD),
    "--ping-interval": ("--ping-interval", SECONDS_BAD + ["0", "0.001"]),
    "--ping-timeout": ("--ping-timeout", SECONDS_BAD + ["0", "0.001"]),
    "--reconnect=": ("--reconnect", COUNT_BAD),
    "--max-redirs": ("--max-redirs", ["", "-1", "5", "x", "99999999999999999999"]),
    "--user": ("--user", ["", "a\rb", "a\nb", "a\x01b"]),
    "--user-agent": ("user agent", ["a\r\nX-Evil: 1", "a\nb", "a\x01"]),
    "--proxy": ("--proxy", ["ftp://h:1", "socks5://h:1", "https://h:1", "http://",
                            "http://h:0", "http://h:99999", "http://[::1", "http://h:x"]),
    "--unix-socket": ("--unix-socket", ["", "@", "/tmp/" + "x" * 120]),
    "--color": ("--color", ["", "sometimes", "AUTO", "yes"]),
    "--binary-output": ("--binary-output", ["", "octal", "HEX", "base32"]),
    "--send-file": ("--send-file", [""]),
    "--chat=": ("--chat", ["", b"\xff"]),
    "--key": ("--key", ["/nonexistent/key.pem"]),
}
# Checked before connecting but after parsing: exit 2, one line naming the
# option and the reason, without the --help hint.
FILE_ROWS = {
    "--cacert": ["/nonexistent/ca.pem", "/", "/dev/null"],
    "--capath": ["/nonexistent", "/etc/passwd"],
    "--cert": ["/nonexistent/cert.pem", "/dev/null", "/"],
    "--header": ["@/nonexistent/headers"],
}
# Options that take a value but whose every value is valid.
FREE_VALUE = set()


def usage_row(tap, args, thing, desc):
    port = H.refused_port()
    r = H.run(list(args) + ["ws://127.0.0.1:%d/" % port]
              if "--listen" not in args and "-l" not in args else list(args))
    lines = r.stderr_lines()
    tap.ok(r.rc == 2 and len(lines) == 1 and lines[0].startswith("wsc: ")
           and any(t in lines[0] for t in thing.split("|")) and lines[0].endswith(TRY)
           and r.out == b"",
           "%s: exit 2, one line naming %r, nothing on stdout" % (desc, thing),
           r.describe())
    return r


def value_rows(tap):
    n = 0
    for opt, (thing, values) in VALUE_ROWS.items():
        for v in values:
            if opt.endswith("="):  # an optional argument: only --opt=VALUE
                args = [opt.encode() + v if isinstance(v, bytes) else opt + v]
            else:
                args = [opt, v]
            usage_row(tap, args, thing, "%s %r" % (opt.rstrip("="), v))
            n += 1
    port = H.refused_port()
    for opt, values in FILE_ROWS.items():
        for v in values:
            r = H.run([opt, v, "ws://127.0.0.1:%d/" % port])
            lines = r.stderr_lines()
            tap.ok(r.rc == 2 and len(lines) == 1 and lines[0].startswith("wsc: ")
                   and (opt in lines[0] or "file" in lines[0]) and r.out == b"",
                   "%s %r: exit 2 before connecting, one line naming it" % (opt, v),
                   r.describe())
            n += 1
    return n


def help_value_options():
    """Long options of --help that take a value (from the help text)."""
    out = subprocess.run([H.WSC, "--help"], capture_output=True).stdout.decode()
    opts = set()
    for line in out.splitlines():
        m = re.match(r"^\s+(?:-\S, )?(--[a-z0-9-]+)(\[?=| )(\S)", line)
        if m and not m.group(3).isspace():
            opts.add(m.group(1))
    return opts


def coverage_row(tap):
    have = {o.rstrip("=") for o in VALUE_ROWS} | set(FILE_ROWS)
    missing = sorted(help_value_options() - have - FREE_VALUE)
    tap.eq(missing, [], "every option of --help that takes a value has bad-input rows")


URL_ROWS = [
    ("ws://::1/", "unbracketed IPv6"),
    ("ws://[::1/", "unclosed IPv6 bracket"),
    ("ws://127.0.0.1:0/", "port 0"),
    ("ws://127.0.0.1:65536/", "port 65536"),
    ("ws://127.0.0.1:99999999999999/", "port overflowing"),
    ("ws://127.0.0.1:-1/", "negative port"),
    ("ws://127.0.0.1:8x/", "port not a number"),
    ("ws://127.0.0.1:/", "empty port"),
    ("ws://host name/", "space in the host"),
    ("ws://127.0.0.1/a b", "space in the path"),
    ("ws://127.0.0.1/\x01", "control character in the path"),
    ("ws://127.0.0.1/\x7f", "DEL in the path"),
    ("ws://127.0.0.1/#frag", "fragment"),
    ("ws://127.0.0.1/?q#", "empty fragment"),
    ("ws://", "nothing after the scheme"),
    ("ws:///path", "no host"),
    ("", "empty URL"),
    ("127.0.0.1:80", "no scheme"),
    ("ftp://127.0.0.1/", "ftp scheme"),
    ("wss//127.0.0.1/", "scheme without a colon"),
    ("ws://" + "a" * 300 + "/", "300-character host"),
]


def url_rows(tap):
    for url, desc in URL_ROWS:
        r = H.run([url])
        lines = r.stderr_lines()
        tap.ok(r.rc == 2 and len(lines) == 1 and lines[0].startswith("wsc: ")
               and lines[0].startswith("wsc: URL: ") and r.out == b"",
               "URL %r (%s): exit 2, one line naming the URL" % (url, desc), r.describe())
    return len(URL_ROWS)


def conflict_rows(tap):
    port = H.refused_port()
    url = "ws://127.0.0.1:%d/" % port
    rows = [
        (["-q", "-v", url], "-q", "-q with -v"),
        (["--echo", url], "--echo", "--echo without -l"),
        (["--once", url], "--once", "--once without -l"),
        (["--print-port", url], "--print-port", "--print-port without -l"),
        (["-l", "0", url], "URL", "-l with a URL"),
        ([url, url], "argument", "two URLs"),
        ([], "URL", "no URL"),
        (["--no-such-option", url], "no-such-option", "unknown long option"),
        (["-Z", url], "Z", "unknown short option"),
        (["--close", url], "ambiguous", "ambiguous option prefix"),
        (["--verbose=2", url], "--verbose' takes no value", "value given to a flag"),
        (["-w"], "-w", "missing option value"),
        (["-s", "a", "-s", "a", url], "a", "duplicate subprotocol"),
    ]
    for args, thing, desc in rows:
        r = H.run(args)
        lines = r.stderr_lines()
        tap.ok(r.rc == 2 and len(lines) == 1 and lines[0].startswith("wsc: ")
               and thing in lines[0] and lines[0].endswith(TRY) and r.out == b"",
               "%s: exit 2, one line naming %r" % (desc, thing), r.describe())
    return len(rows)


# ---- runtime rows ----------------------------------------------------------

def echo_peer():
    proc, url = H.wsecho()
    return url


def run_shell(redir, args, stdin_bytes=b"", timeout=20):
    """Run wsc through sh with a redirection such as '<&-' or '>/dev/full'."""
    cmd = 'exec "$0" "$@" ' + redir
    p = subprocess.run(["sh", "-c", cmd, H.WSC] + args, input=stdin_bytes,
                       capture_output=True, timeout=timeout)
    return H.Result(p.returncode, p.stdout, p.stderr, None, None, False, 0.0)


def runtime_rows(tap):
    url = echo_peer()
    n = 0

    # A line that is not UTF-8 in text mode: refused, naming its line; the
    # lines before it were sent and echoed.
    r = H.run([url], b"one\ntwo\n\xff\xfe\nfour\n")
    tap.eq(r.rc, 10, "non-UTF-8 stdin line: exit 10", r.describe())
    H.one_error_line(tap, r, "non-UTF-8 stdin line: one line naming line 3",
                     ("line 3", "UTF-8"))
    tap.eq(r.out, b"one\ntwo\n", "non-UTF-8 stdin line: lines 1-2 delivered and echoed",
           r.describe())
    n += 1

    # The same bytes with -b are fine.
    r = H.run(["-b", url], b"\xff\xfe\n")
    tap.eq((r.rc, r.out), (0, b"\xff\xfe\n"), "-b: the same bytes are sent as binary",
           r.describe())
    n += 1

    # A line longer than --max-message.
    r = H.run(["--max-message", "1K", url], b"ok\n" + b"a" * 2000 + b"\n")
    tap.eq(r.rc, 10, "line over --max-message: exit 10", r.describe())
    H.one_error_line(tap, r, "line over --max-message: names line 2 and the option",
                     ("line 2", "--max-message"))
    tap.eq(r.out, b"ok\n", "line over --max-message: line 1 delivered", r.describe())
    n += 1

    if os.environ.get("WSC_SANITIZERS") == "valgrind":
        # valgrind opens its log on the lowest free descriptor, which is
        # the closed stream itself: these rows cannot run under it.
        for d in ("stdin closed (<&-): clean exit 0", "stdout closed (>&-): exit 10",
                  "stdout closed: one line naming stdout"):
            tap.skip(d, "under valgrind")
        n += 2
    else:
        n += closed_stream_rows(tap, url)
    return runtime_rows_2(tap, url, n)


def closed_stream_rows(tap, url):
    # stdin closed: reads as empty; a clean session.
    r = run_shell("<&-", [url])
    tap.eq((r.rc, r.out, r.err), (0, b"", b""), "stdin closed (<&-): clean exit 0",
           r.describe())

    # stdout closed: refused at start.
    r = run_shell(">&-", [url], b"x\n")
    tap.eq(r.rc, 10, "stdout closed (>&-): exit 10", r.describe())
    H.one_error_line(tap, r, "stdout closed: one line naming stdout", ("stdout",))
    return 2


def runtime_rows_2(tap, url, n):
    # stdout /dev/full: the first write fails.
    r = run_shell(">/dev/full", [url], b"x\n")
    tap.eq(r.rc, 10, "stdout /dev/full: exit 10", r.describe())
    H.one_error_line(tap, r, "stdout /dev/full: one line naming stdout and the reason",
                     ("stdout", "No space left"))
    n += 1

    # The limit is not off by one: 122 bytes (61 two-byte characters) pass,
    # where 124 were refused above.
    r = H.run(["--close-reason", "é" * 61, url], b"z\n")
    tap.eq((r.rc, r.out), (0, b"z\n"), "122-byte close reason accepted", r.describe())
    n += 1
    return n


def signal_rows(tap):
    """SIGINT while connecting, while open and while closing."""
    n = 0
    # Connecting: the peer accepts TCP and never answers the upgrade.
    proc, url, log = H.rawpeer("--silent")
    w = H.Wsc([url])
    H.wait_for_log(log, lambda e: e["event"] == "request", 10)
    w.signal(signal.SIGINT)
    r = w.wait(10)
    tap.eq(r.rc, 130, "SIGINT while connecting: exit 130", r.describe())
    tap.ok(r.elapsed < 9, "SIGINT while connecting: ends at once (%.2f s)" % r.elapsed,
           r.describe())
    n += 1

    # Open: Close 1000 sent, queued input already accepted was delivered.
    proc, url, log = H.rawpeer(script=[{"echo": "all"}])
    w = H.Wsc([url])
    w.write(b"before\n")
    H.wait_for_log(log, lambda e: e["event"] == "message", 10)
    deadline = time.monotonic() + 10
    while w.stdout_so_far() != b"before\n" and time.monotonic() < deadline:
        time.sleep(0.02)
    w.signal(signal.SIGINT)
    r = w.wait(10)
    tap.eq((r.rc, r.out), (130, b"before\n"),
           "SIGINT while open: exit 130, the echo of accepted input kept", r.describe())
    tap.eq([c for c, _ in H.client_closes(log)], [1000], "SIGINT while open: Close 1000",
           H.log_summary(log))
    n += 1

    # Closing: the peer never answers our Close; a second SIGINT exits at once.
    proc, url, log = H.rawpeer(script=[{"wait_eof": True, "timeout_ms": 20000}])
    w = H.Wsc(["-v", "--close-timeout", "15", url])
    deadline = time.monotonic() + 15
    while b"state: OPEN" not in w.stderr_so_far() and time.monotonic() < deadline:
        time.sleep(0.02)
    w.signal(signal.SIGINT)
    got_close = H.wait_for_log(log, lambda e: e["event"] == "close", 15)
    tap.ok(got_close is not None, "SIGINT: Close sent, peer silent (closing state)",
           H.log_summary(log))
    t0 = time.monotonic()
    w.signal(signal.SIGINT)
    r = w.wait(20)
    took = time.monotonic() - t0
    tap.eq(r.rc, 130, "second SIGINT while closing: exit 130", r.describe())
    tap.ok(took < 10, "second SIGINT while closing: at once (%.2f s, not the 15 s "
           "close timeout)" % took, r.describe())
    n += 1
    return n


def body(tap):
    counts = {}
    counts["option values"] = value_rows(tap)
    coverage_row(tap)
    counts["URLs"] = url_rows(tap)
    counts["conflicts and unknown options"] = conflict_rows(tap)
    counts["runtime input and streams"] = runtime_rows(tap)
    counts["signals"] = signal_rows(tap)
    tap.diag("bad-input table: %d rows (%s)" % (
        sum(counts.values()), ", ".join("%s %d" % kv for kv in counts.items())))


if __name__ == "__main__":
    H.main(body)
