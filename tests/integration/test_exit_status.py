#!/usr/bin/python3
"""Every exit status of DESIGN section 8, each produced here with its
diagnostic, and a check that src/exitcode.h, the man page's EXIT STATUS and
the statuses produced by this script agree."""

import os
import re
import signal
import socket
import subprocess
import time

import harness as H

PRODUCED = set()


def expect(tap, r, want, desc, diag=None):
    """tap.eq on the exit status, remembering which statuses were produced."""
    if r.rc == want:
        PRODUCED.add(want)
    return tap.eq(r.rc, want, desc, diag if diag is not None else r.describe())


def error_lines_ok(tap, r, desc, contains=()):
    """stderr: at least one line, every line 'wsc: ...', containing each
    string in contains."""
    lines = r.stderr_lines()
    text = r.err.decode(errors="replace")
    good = (len(lines) >= 1 and all(ln.startswith("wsc: ") for ln in lines)
            and len(lines[0]) > len("wsc: ") and all(s in text for s in contains))
    return tap.ok(good, desc, r.describe())


def ok_statuses(tap):
    for code, reason, desc in ((1000, "done", "peer Close 1000"),
                               (1001, "going away", "peer Close 1001"),
                               (None, "", "peer Close without a code")):
        proc, url, log = H.rawpeer(script=[{"expect": "text"}, {"close": code, "reason": reason}])
        w = H.Wsc([url])
        w.write(b"x\n")
        r = w.wait(20)
        expect(tap, r, 0, "exit 0 on %s" % desc, r.describe())


def usage_statuses(tap):
    port = H.refused_port()
    url = "ws://127.0.0.1:%d/" % port
    cases = [
        (["not a url"], "a URL that is not a URL"),
        (["ftp://127.0.0.1:%d/" % port], "ftp:// scheme"),
        (["ws://127.0.0.1:65536/"], "port 65536"),
        (["ws://127.0.0.1:%d/#frag" % port], "URL with a fragment"),
        (["ws:///path"], "URL without a host"),
        (["--close-code", "1005", url], "close code 1005"),
        (["--close-code", "2999", url], "close code 2999"),
        (["--close-code", "5000", url], "close code 5000"),
        (["--close-code", "abc", url], "close code not a number"),
        (["--close-reason", "é" * 62, url], "124-byte close reason"),
        (["--close-reason", "\udcff", url], "close reason not UTF-8"),
        (["--no-such-option", url], "unknown long option"),
        (["-Z", url], "unknown short option"),
        ([], "missing URL"),
        ([url, url], "two URLs"),
        (["-w", "soon", url], "bad --wait value"),
        (["-s", "a", "-s", "a", url], "duplicate subprotocol"),
        (["-s", "a b", url], "malformed subprotocol token"),
        (["-H", "NoColonHere", url], "header without a colon"),
        (["-H", "X-A: one\r\nX-B: two", url], "header value with CR LF"),
    ]
    for args, desc in cases:
        # A refused port: a client that tried to connect would exit 3, not 2.
        r = H.run(args)
        expect(tap, r, 2, "exit 2: %s" % desc, r.describe())
        lines = r.stderr_lines()
        tap.ok(len(lines) == 1 and lines[0].startswith("wsc: "),
               "exit 2: %s: stderr is one 'wsc: ' line" % desc, r.describe())
        tap.eq(r.out, b"", "exit 2: %s: nothing on stdout" % desc, r.describe())


def connect_statuses(tap):
    port = H.refused_port()
    r = H.run(["ws://127.0.0.1:%d/" % port])
    expect(tap, r, 3, "exit 3: connection refused", r.describe())
    error_lines_ok(tap, r, "exit 3: refused: one-line diagnostic")
    # The resolver is not on loopback here, and tests send nothing off the
    # machine: the lookup runs in a new network namespace with no route out.
    if subprocess.run(["unshare", "-n", "true"], stdout=subprocess.DEVNULL,
                      stderr=subprocess.DEVNULL).returncode != 0:
        tap.skip("exit 3: unresolvable host", "cannot create a network namespace")
        tap.skip("exit 3: unresolvable host: diagnostic", "no network namespace")
        return
    p = subprocess.run(["unshare", "-n", H.WSC, "ws://nosuchhost.invalid/"],
                       stdin=subprocess.DEVNULL, capture_output=True, timeout=30)
    r = H.Result(p.returncode, p.stdout, p.stderr, None, None, False, 0.0)
    expect(tap, r, 3, "exit 3: unresolvable host", r.describe())
    error_lines_ok(tap, r, "exit 3: unresolvable host: diagnostic names the host",
                   ("nosuchhost.invalid",))


def upgrade_statuses(tap):
    proc, url, log = H.rawpeer("--reject", "403", "--reject-header", "X-Why: testing")
    r = H.run([url], b"x\n")
    expect(tap, r, 5, "exit 5: upgrade answered 403", r.describe())
    error_lines_ok(tap, r, "exit 5: 403 status printed on stderr", ("403",))
    tap.eq(r.out, b"", "exit 5: nothing on stdout", r.describe())

    proc, url, log = H.rawpeer("--bad-accept", script=[{"echo": "all"}])
    r = H.run([url], b"x\n")
    expect(tap, r, 5, "exit 5: wrong Sec-WebSocket-Accept", r.describe())
    error_lines_ok(tap, r, "exit 5: bad accept key: diagnostic")
    tap.eq(H.messages(log), [], "bad accept key: no message sent", H.log_summary(log))

    proc, url, log = H.rawpeer("--subprotocol", "chat", script=[{"echo": "all"}])
    r = H.run([url], b"x\n")
    expect(tap, r, 5, "exit 5: server picked a subprotocol when none was offered", r.describe())
    error_lines_ok(tap, r, "exit 5: unoffered subprotocol: diagnostic")

    proc, url, log = H.rawpeer("--subprotocol", "b", script=[{"echo": "all"}])
    r = H.run(["-s", "a", url], b"x\n")
    expect(tap, r, 5, "exit 5: server picked subprotocol b, only a offered", r.describe())
    tap.eq(H.messages(log), [], "unoffered subprotocol: no message sent",
           H.log_summary(log))


def protocol_statuses(tap):
    cases = [
        ([{"frame": {"opcode": 1, "payload_hex": "6869ff"}}], 1007, "invalid UTF-8 text"),
        ([{"fragments_hex": ["68c3", "28"], "opcode": 1}], 1007,
         "invalid UTF-8 across fragments"),
        ([{"frame": {"opcode": 3, "payload": "x"}}], 1002, "reserved opcode 3"),
        ([{"frame": {"opcode": 1, "rsv": 4, "payload": "x"}}], 1002,
         "RSV1 set without an extension"),
    ]
    for script, code, desc in cases:
        proc, url, log = H.rawpeer(script=script)
        w = H.Wsc([url])
        r = w.wait(20)
        expect(tap, r, 6, "exit 6: %s" % desc, r.describe())
        tap.eq([c for c, _ in H.client_closes(log)], [code],
               "%s: client failed the connection with Close %d" % (desc, code),
               H.log_summary(log))
        # Received data is streamed, so a prefix of a fragmented message may
        # be out already; it must never be presented as a complete message.
        tap.ok(b"\n" not in r.out, "%s: no message written as complete" % desc,
               r.describe())
        if code == 1007:
            error_lines_ok(tap, r, "%s: one-line diagnostic" % desc)


def abnormal_statuses(tap):
    proc, url, log = H.rawpeer(script=[{"expect": "text"}, {"close": 4001, "reason": "bye"}])
    w = H.Wsc([url])
    w.write(b"x\n")
    r = w.wait(20)
    expect(tap, r, 7, "exit 7: peer closed with 4001", r.describe())
    error_lines_ok(tap, r, "exit 7: stderr mentions 4001", ("4001",))
    tap.eq(len(H.client_closes(log)), 1, "exit 7: client answered the peer's Close",
           H.log_summary(log))

    for step, desc in (({"drop": True}, "connection dropped without Close"),
                       ({"reset": True}, "connection reset")):
        proc, url, log = H.rawpeer(script=[{"expect": "text"}, step])
        w = H.Wsc([url])
        w.write(b"x\n")
        r = w.wait(20)
        expect(tap, r, 7, "exit 7: %s" % desc, r.describe())
        error_lines_ok(tap, r, "exit 7: %s: diagnostic" % desc)


def failure_statuses(tap):
    # Listening on a port another socket holds: a runtime failure (1).
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    s.listen(1)
    port = s.getsockname()[1]
    r = H.run(["-l", "127.0.0.1:%d" % port])
    s.close()
    expect(tap, r, 1, "exit 1: listen on a port in use")
    error_lines_ok(tap, r, "exit 1: the error names the port", (str(port),))


def tls_statuses(tap):
    # wss:// to a plain ws server (it answers the ClientHello with an HTTP
    # error): the TLS handshake fails.
    proc, url = H.wsecho()
    r = H.run(["--connect-timeout", "5", url.replace("ws://", "wss://")], b"x\n")
    expect(tap, r, 4, "exit 4: TLS handshake with a server that does not speak TLS")
    error_lines_ok(tap, r, "exit 4: diagnostic names TLS", ("TLS",))


def timeout_statuses(tap):
    proc, url, log = H.rawpeer("--silent")
    r = H.run(["--connect-timeout", "1", url], b"x\n")
    expect(tap, r, 8, "exit 8: --connect-timeout, the upgrade is never answered")
    error_lines_ok(tap, r, "exit 8: connect timeout: diagnostic", ("--connect-timeout",))

    proc, url, log = H.rawpeer(script=[{"sleep_ms": 10000}])
    r = H.run(["-w", "inf", "-t", "1", url])
    expect(tap, r, 8, "exit 8: -t, the session lasts too long")
    error_lines_ok(tap, r, "exit 8: -t: diagnostic", ("--timeout",))

    proc, url, log = H.rawpeer("--no-auto-pong", script=[{"sleep_ms": 10000}])
    r = H.run(["-w", "inf", "--ping-interval", "0.3", "--ping-timeout", "0.5", url])
    expect(tap, r, 8, "exit 8: --ping-timeout, pings unanswered")
    error_lines_ok(tap, r, "exit 8: ping timeout: diagnostic", ("no pong",))

    proc, url, log = H.rawpeer(script=[{"wait_close": True, "reply": False,
                                        "timeout_ms": 10000}, {"sleep_ms": 5000}])
    r = H.run(["-w", "0", "--close-timeout", "0.5", url])
    expect(tap, r, 8, "exit 8: --close-timeout, our Close is never answered")
    error_lines_ok(tap, r, "exit 8: close timeout: diagnostic", ("Close",))


def unmet_statuses(tap):
    proc, url, log = H.rawpeer(script=[{"send": "text", "data": "one"},
                                       {"close": 1000, "reason": ""}])
    r = H.run(["-n", "2", url])
    expect(tap, r, 9, "exit 9: the peer closes before -n 2 is met")
    error_lines_ok(tap, r, "exit 9: diagnostic", ("wait condition not met",))


def io_statuses(tap):
    proc, url, log = H.rawpeer(script=[{"echo": "all"}])
    r = H.run([url], b"fine\n\xff\xfe not UTF-8\n")
    expect(tap, r, 10, "exit 10: an input line that is not UTF-8 in text mode")
    error_lines_ok(tap, r, "exit 10: the error names the line", ("line 2",))

    if os.environ.get("WSC_SANITIZERS") == "valgrind":
        # valgrind would open its log on the closed descriptor 1.
        tap.skip("exit 10: stdout closed", "under valgrind")
        return
    p = subprocess.run([H.WSC, "ws://127.0.0.1:1/"], stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=20,
                       preexec_fn=lambda: os.close(1))
    r = H.Result(p.returncode, b"", p.stderr, None, None, False, 0.0)
    expect(tap, r, 10, "exit 10: stdout closed")


def signal_statuses(tap):
    for sig, status in ((signal.SIGINT, 130), (signal.SIGTERM, 143)):
        name = signal.Signals(sig).name
        proc, url, log = H.rawpeer(script=[{"echo": "all"}])
        w = H.Wsc([url])
        w.write(b"hello\n")
        deadline = time.monotonic() + 15
        while w.stdout_so_far() != b"hello\n" and time.monotonic() < deadline:
            time.sleep(0.02)
        w.signal(sig)
        r = w.wait(20)
        expect(tap, r, status, "exit %d: %s" % (status, name))


def table_agrees(tap):
    """src/exitcode.h, the man page's EXIT STATUS and this script agree."""
    with open(os.path.join(H.SRCDIR, "src", "exitcode.h")) as f:
        header = [int(v) for v in re.findall(r"WSC_EXIT_\w+\s*=\s*(\d+)", f.read())]
    with open(os.path.join(H.SRCDIR, "man", "wsc.1")) as f:
        man = f.read()
    sec = man.split(".Sh EXIT STATUS", 1)[1].split("\n.Sh ", 1)[0] if ".Sh EXIT STATUS" in man else ""
    listed = [int(v) for v in re.findall(r"^\.It (\d+)\s*$", sec, re.M)]
    tap.ok(len(header) >= 13, "src/exitcode.h defines the statuses", H.short(header))
    tap.eq(listed, header, "the man page's EXIT STATUS lists src/exitcode.h's statuses in order")
    tap.eq(sorted(PRODUCED), sorted(header),
           "every status of src/exitcode.h was produced by a case of this script")


def body(tap):
    ok_statuses(tap)
    failure_statuses(tap)
    usage_statuses(tap)
    connect_statuses(tap)
    tls_statuses(tap)
    upgrade_statuses(tap)
    protocol_statuses(tap)
    abnormal_statuses(tap)
    timeout_statuses(tap)
    unmet_statuses(tap)
    io_statuses(tap)
    signal_statuses(tap)
    table_agrees(tap)


if __name__ == "__main__":
    H.main(body)
