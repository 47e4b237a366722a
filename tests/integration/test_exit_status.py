#!/usr/bin/python3
"""Every exit status of the foundation issue, each with its diagnostic."""

import subprocess
import harness as H


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
        tap.eq(r.rc, 0, "exit 0 on %s" % desc, r.describe())


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
        tap.eq(r.rc, 2, "exit 2: %s" % desc, r.describe())
        lines = r.stderr_lines()
        tap.ok(len(lines) == 1 and lines[0].startswith("wsc: "),
               "exit 2: %s: stderr is one 'wsc: ' line" % desc, r.describe())
        tap.eq(r.out, b"", "exit 2: %s: nothing on stdout" % desc, r.describe())


def connect_statuses(tap):
    port = H.refused_port()
    r = H.run(["ws://127.0.0.1:%d/" % port])
    tap.eq(r.rc, 3, "exit 3: connection refused", r.describe())
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
    tap.eq(r.rc, 3, "exit 3: unresolvable host", r.describe())
    error_lines_ok(tap, r, "exit 3: unresolvable host: diagnostic names the host",
                   ("nosuchhost.invalid",))


def upgrade_statuses(tap):
    proc, url, log = H.rawpeer("--reject", "403", "--reject-header", "X-Why: testing")
    r = H.run([url], b"x\n")
    tap.eq(r.rc, 5, "exit 5: upgrade answered 403", r.describe())
    error_lines_ok(tap, r, "exit 5: 403 status printed on stderr", ("403",))
    tap.eq(r.out, b"", "exit 5: nothing on stdout", r.describe())

    proc, url, log = H.rawpeer("--bad-accept", script=[{"echo": "all"}])
    r = H.run([url], b"x\n")
    tap.eq(r.rc, 5, "exit 5: wrong Sec-WebSocket-Accept", r.describe())
    error_lines_ok(tap, r, "exit 5: bad accept key: diagnostic")
    tap.eq(H.messages(log), [], "bad accept key: no message sent", H.log_summary(log))

    proc, url, log = H.rawpeer("--subprotocol", "chat", script=[{"echo": "all"}])
    r = H.run([url], b"x\n")
    tap.eq(r.rc, 5, "exit 5: server picked a subprotocol when none was offered", r.describe())
    error_lines_ok(tap, r, "exit 5: unoffered subprotocol: diagnostic")

    proc, url, log = H.rawpeer("--subprotocol", "b", script=[{"echo": "all"}])
    r = H.run(["-s", "a", url], b"x\n")
    tap.eq(r.rc, 5, "exit 5: server picked subprotocol b, only a offered", r.describe())
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
        tap.eq(r.rc, 6, "exit 6: %s" % desc, r.describe())
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
    tap.eq(r.rc, 7, "exit 7: peer closed with 4001", r.describe())
    error_lines_ok(tap, r, "exit 7: stderr mentions 4001", ("4001",))
    tap.eq(len(H.client_closes(log)), 1, "exit 7: client answered the peer's Close",
           H.log_summary(log))

    for step, desc in (({"drop": True}, "connection dropped without Close"),
                       ({"reset": True}, "connection reset")):
        proc, url, log = H.rawpeer(script=[{"expect": "text"}, step])
        w = H.Wsc([url])
        w.write(b"x\n")
        r = w.wait(20)
        tap.eq(r.rc, 7, "exit 7: %s" % desc, r.describe())
        error_lines_ok(tap, r, "exit 7: %s: diagnostic" % desc)


def body(tap):
    ok_statuses(tap)
    usage_statuses(tap)
    connect_statuses(tap)
    upgrade_statuses(tap)
    protocol_statuses(tap)
    abnormal_statuses(tap)


if __name__ == "__main__":
    H.main(body)
