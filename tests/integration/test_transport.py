#!/usr/bin/python3
"""Transport options: the CONNECT proxy (--proxy, the environment,
no_proxy, 407), auth and headers (-u, URL userinfo, -A, -H @FILE, CR/LF/NUL
refused, Host and Origin lengths), --unix-socket, redirects (-L,
--max-redirs), -4/-6 with every resolved address tried, and --deflate
against python3-websockets with compression."""

import base64
import hashlib
import json
import os
import shutil
import subprocess
import time

import harness as H

PROXY = os.path.join(H.PEERS, "connectproxy.py")
NO_ENV = {k: "" for k in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY",
                          "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY")}


def env(**kw):
    e = dict(NO_ENV)
    e.update(kw)
    return e


def proxy(*args):
    log = H.tmpfile("proxy%d.log" % len(H._peers))
    proc, port = H.start_peer(["--log", log] + list(args), script=PROXY)
    return proc, port, log


def proxy_log(path):
    return H.read_log(path)


def first_line(tap, r, desc, must_contain):
    lines = r.stderr_lines()
    return tap.ok(lines and lines[0].startswith("wsc: ")
                  and all(s in lines[0] for s in must_contain)
                  and all("not sent" in l for l in lines[1:]), desc, r.describe())


def request_headers(log):
    reqs = H.events(log, "request")
    return reqs[0]["raw_headers"] if reqs else []


def values(headers, name):
    return [v for n, v in headers if n.lower() == name.lower()]


# ---------------------------------------------------------------- proxy

def proxy_tests(tap):
    _, px, plog = proxy()
    _, url = H.wsecho()
    port = int(url.split(":")[2].strip("/"))
    r = H.run(["-1", "-v", "--proxy", "http://127.0.0.1:%d" % px, url], b"tunnelled\n",
              env=env())
    tap.eq((r.rc, r.out), (0, b"tunnelled\n"), "--proxy: echo through the tunnel",
           r.describe())
    seen = proxy_log(plog)
    tap.eq([e["line"] for e in seen], ["CONNECT 127.0.0.1:%d HTTP/1.1" % port],
           "the proxy saw one CONNECT to the server", H.short(seen))
    tap.ok(any("proxy" in l and "--proxy" in l for l in r.stderr_lines()),
           "-v names the proxy and where it came from", r.describe())

    # ws:// takes http_proxy; upper case works too; wss:// would take https_proxy.
    for var in ("http_proxy", "HTTP_PROXY", "all_proxy"):
        n0 = len(proxy_log(plog))
        r = H.run(["-1", url], b"env\n", env=env(**{var: "http://127.0.0.1:%d" % px}))
        tap.eq((r.rc, r.out), (0, b"env\n"), "%s: echo through the proxy" % var,
               r.describe())
        tap.eq(len(proxy_log(plog)) - n0, 1, "%s: the proxy saw the tunnel" % var)
    n0 = len(proxy_log(plog))
    r = H.run(["-1", url], b"other scheme\n", env=env(https_proxy="http://127.0.0.1:%d" % px))
    tap.eq((r.rc, r.out, len(proxy_log(plog)) - n0), (0, b"other scheme\n", 0),
           "https_proxy is not used for ws://", r.describe())

    # no_proxy bypasses it.
    for np in ("127.0.0.1", "localhost,127.0.0.0/8", "*", ".example.com, 127.0.0.1"):
        n0 = len(proxy_log(plog))
        r = H.run(["-1", url], b"direct\n",
                  env=env(http_proxy="http://127.0.0.1:%d" % px, no_proxy=np))
        tap.eq((r.rc, r.out, len(proxy_log(plog)) - n0), (0, b"direct\n", 0),
               "no_proxy=%r: connects directly" % np, r.describe())
    n0 = len(proxy_log(plog))
    r = H.run(["-1", url], b"x\n", env=env(http_proxy="http://127.0.0.1:%d" % px,
                                           NO_PROXY="example.com"))
    tap.eq((r.rc, len(proxy_log(plog)) - n0), (0, 1),
           "NO_PROXY naming another host: through the proxy", r.describe())
    n0 = len(proxy_log(plog))
    r = H.run(["-1", "--proxy", "", url], b"x\n", env=env(http_proxy="http://127.0.0.1:%d" % px))
    tap.eq((r.rc, len(proxy_log(plog)) - n0), (0, 0), "--proxy '' overrides the "
           "environment", r.describe())

    # 407: exit 3 with a clear message; credentials in the proxy URL pass.
    _, apx, alog = proxy("--auth", "bob:s3cret")
    r = H.run(["--proxy", "127.0.0.1:%d" % apx, url], b"x\n", env=env())
    tap.eq(r.rc, 3, "proxy answering 407: exit 3", r.describe())
    first_line(tap, r, "407: the message says the proxy refused, and why it may be",
               ["proxy 127.0.0.1 port %d" % apx, "refused", "USER:PASS@"])
    r = H.run(["-1", "--proxy", "http://bob:s3cret@127.0.0.1:%d" % apx, url], b"auth\n",
              env=env())
    tap.eq((r.rc, r.out), (0, b"auth\n"), "proxy credentials from the URL: exit 0",
           r.describe())
    auths = [v for e in proxy_log(alog) for n, v in e["headers"]
             if n.lower() == "proxy-authorization"]
    tap.ok(auths and auths[-1].lower() == "basic " + base64.b64encode(
        b"bob:s3cret").decode().lower(), "the proxy got Basic bob:s3cret", H.short(auths))
    _, rpx, _ = proxy("--reject", "403")
    r = H.run([url], b"x\n", env=env(http_proxy="http://127.0.0.1:%d" % rpx))
    tap.eq(r.rc, 3, "proxy answering 403 (from http_proxy): exit 3", r.describe())
    r = H.run(["--proxy", "127.0.0.1:%d" % H.refused_port(), url], b"x\n", env=env())
    tap.eq(r.rc, 3, "proxy not listening: exit 3", r.describe())
    first_line(tap, r, "proxy not listening: the error names the proxy", ["proxy"])

    for bad, want in (("https://127.0.0.1:1", "only http://"),
                      ("socks5://127.0.0.1:1", "only http://"),
                      ("http://h:1/path", "no path")):
        r = H.run(["--proxy", bad, url], b"x\n", env=env())
        tap.eq(r.rc, 2, "--proxy %s: exit 2" % bad, r.describe())
        first_line(tap, r, "--proxy %s: says why" % bad, [want])
    r = H.run([url], b"x\n", env=env(http_proxy="socks5://127.0.0.1:1"))
    tap.eq(r.rc, 2, "a bad http_proxy: exit 2", r.describe())
    first_line(tap, r, "a bad http_proxy: the error names the variable",
               ["http_proxy", "only http://"])


def proxy_tls_tests(tap):
    if shutil.which("openssl") is None:
        tap.skip("wss through the proxy", "no openssl command")
        return
    import certs
    c = certs.make("proxycerts")
    _, port = H.start_peer(["--tls-cert", c["srv.crt"], "--tls-key", c["srv.key"]],
                           script=H.WSECHO)
    _, px, plog = proxy()
    r = H.run(["-1", "--cacert", c["ca.crt"], "wss://localhost:%d/" % port], b"secure\n",
              env=env(https_proxy="http://127.0.0.1:%d" % px))
    tap.eq((r.rc, r.out), (0, b"secure\n"), "wss through https_proxy: verified "
           "end to end, exit 0", r.describe())
    tap.eq([e["target"] for e in proxy_log(plog)], ["localhost:%d" % port],
           "the proxy saw CONNECT to the server's name")


# ---------------------------------------------------------------- headers

def header_tests(tap):
    proc, url, log = H.rawpeer(script=[{"echo": "all"}])
    hfile = H.tmpfile("headers.txt")
    with open(hfile, "wb") as f:
        f.write(b"# secrets, out of ps\r\nX-Token: s3cret\r\n\nCookie: a=b\n")
    r = H.run(["-H", "@" + hfile, "-H", "X-Inline: 1", "-u", "alice:pw:with:colons",
               "-A", "probe/2.0", "-1", url], b"h\n")
    hs = request_headers(log)
    tap.eq(r.rc, 0, "-H @FILE, -u and -A: exit 0", r.describe())
    tap.eq((values(hs, "X-Token"), values(hs, "Cookie"), values(hs, "X-Inline")),
           (["s3cret"], ["a=b"], ["1"]), "header file lines and -H all sent", H.short(hs))
    tap.eq(values(hs, "Authorization"),
           ["Basic " + base64.b64encode(b"alice:pw:with:colons").decode()],
           "-u USER:PASS is Basic auth (colons in the password kept)", H.short(hs))
    tap.eq(values(hs, "User-Agent"), ["probe/2.0"], "-A sets User-Agent", H.short(hs))

    proc, url, log = H.rawpeer(script=[{"echo": "all"}])
    u2 = url.replace("ws://", "ws://url%20user:p%40ss@")
    r = H.run(["-1", "-u", "cli:pw", u2], b"h\n")
    tap.eq(values(request_headers(log), "Authorization"),
           ["Basic " + base64.b64encode(b"cli:pw").decode()],
           "-u replaces the URL's userinfo", r.describe())
    proc, url, log = H.rawpeer(script=[{"echo": "all"}])
    r = H.run(["-1", url.replace("ws://", "ws://url%20user:p%40ss@")], b"h\n")
    hs = request_headers(log)
    tap.eq(values(hs, "Authorization"),
           ["Basic " + base64.b64encode(b"url user:p@ss").decode()],
           "URL userinfo is Basic auth, percent-decoded", r.describe())
    ua = values(hs, "User-Agent")
    tap.ok(len(ua) == 1 and ua[0].startswith("wsc/"), "default User-Agent wsc/VERSION",
           H.short(hs))
    proc, url, log = H.rawpeer(script=[{"echo": "all"}])
    r = H.run(["-1", "-A", "", "-u", "nopass", url], b"h\n")
    hs = request_headers(log)
    tap.eq((values(hs, "User-Agent"), values(hs, "Authorization")),
           ([], ["Basic " + base64.b64encode(b"nopass:").decode()]),
           "-A '' sends no User-Agent; -u USER has an empty password", H.short(hs))

    port = H.refused_port()
    url = "ws://127.0.0.1:%d/" % port
    cases = [
        (b"X-A: 1\nX-B: a\rb\n", ["line 2", "CR or LF"], "a CR inside a file line"),
        (b"X-A: 1\nX-B: a\0b\n", ["line 2", "NUL"], "a NUL in a header file"),
        (b"X-A: 1\n  folded\n", ["line 2", "white space"], "a folded line"),
        (b"Host: evil\n", ["line 1", "Host"], "Host in a header file"),
    ]
    for i, (text, want, desc) in enumerate(cases):
        p = H.tmpfile("bad-headers%d.txt" % i)
        with open(p, "wb") as f:
            f.write(text)
        r = H.run(["-H", "@" + p, url], b"x\n")
        tap.eq(r.rc, 2, "%s: exit 2 before connecting" % desc, r.describe())
        first_line(tap, r, "%s: the error names the file and line" % desc, [p] + want)
    r = H.run(["-H", "@" + H.tmpfile("missing.txt"), url], b"x\n")
    tap.eq(r.rc, 2, "a missing header file: exit 2", r.describe())
    for args, want, desc in (
            (["-H", "X-A: a\rb"], ["CR or LF"], "-H with a CR"),
            (["-H", "X-A: a\nb"], ["CR or LF"], "-H with a LF"),
            (["-A", "ua\r\nX-Evil: 1"], ["CR or LF"], "-A with CRLF"),
            (["-u", "bob\r\n:pw"], ["control character"], "-u with CRLF"),
            (["-o", "http://" + "o" * 111], ["at most 117"], "Origin of 118 bytes")):
        r = H.run(args + [url], b"x\n")
        tap.eq(r.rc, 2, "%s: exit 2" % desc, r.describe())
        first_line(tap, r, "%s: says why" % desc, want)
    r = H.run(["ws://" + "h" * 60 + "." + "h" * 59 + ":%d/" % port], b"x\n")
    tap.eq(r.rc, 2, "a Host header over 119 bytes: exit 2 before resolving", r.describe())
    first_line(tap, r, "the Host length error says the limit", ["at most 119"])


def host_origin_limit_tests(tap):
    """The longest Host and Origin wsc accepts reach the server intact."""
    sock = H.tmpfile("limits.sock")
    H.start_peer(["--unix", sock, "--log", H.tmpfile("limits.log")], script=H.WSECHO)
    host = "h" * 59 + "." + "h" * 59  # DNS labels are at most 63
    origin = "http://" + "o" * 110
    r = H.run(["-1", "--unix-socket", sock, "-o", origin, "ws://%s/" % host],
              b"long\n")
    tap.eq((r.rc, r.out), (0, b"long\n"), "Host of 119 and Origin of 117 bytes: "
           "accepted by the server", r.describe())
    with open(H.tmpfile("limits.log")) as f:
        hs = json.loads(f.readline())["headers"]
    tap.eq((values(hs, "Host"), values(hs, "Origin")), ([host], [origin]),
           "both arrive intact", H.short(hs))


# ---------------------------------------------------------------- unix sockets

def unix_tests(tap):
    sock = H.tmpfile("ws.sock")
    ulog = H.tmpfile("unix.log")
    H.start_peer(["--unix", sock, "--log", ulog], script=H.WSECHO)
    r = H.run(["-1", "--unix-socket", sock, "ws://api.internal/v1/stream?x=1"], b"unix\n",
              env=env(http_proxy="http://127.0.0.1:%d" % H.refused_port()))
    tap.eq((r.rc, r.out), (0, b"unix\n"), "--unix-socket PATH: echo, no proxy, no DNS",
           r.describe())
    with open(ulog) as f:
        req = json.loads(f.readline())
    tap.eq((req["path"], values(req["headers"], "Host")),
           ("/v1/stream?x=1", ["api.internal"]), "the URL gives Host and path",
           H.short(req))
    name = "@wsc-test-%d" % os.getpid()
    H.start_peer(["--unix", name], script=H.WSECHO)
    r = H.run(["-1", "--unix-socket", name, "ws://localhost/"], b"abstract\n")
    tap.eq((r.rc, r.out), (0, b"abstract\n"), "--unix-socket @NAME: the abstract "
           "namespace", r.describe())
    r = H.run(["--unix-socket", H.tmpfile("none.sock"), "ws://localhost/"], b"x\n")
    tap.eq(r.rc, 3, "a missing socket: exit 3", r.describe())
    first_line(tap, r, "a missing socket: named, with the reason",
               ["unix socket", "No such file"])
    r = H.run(["--unix-socket", name + "-none", "ws://localhost/"], b"x\n")
    tap.eq(r.rc, 3, "an abstract name nobody listens on: exit 3", r.describe())
    r = H.run(["--unix-socket", "/" + "x" * 120, "ws://localhost/"], b"x\n")
    tap.eq(r.rc, 2, "a socket path over 107 bytes: exit 2", r.describe())


# ---------------------------------------------------------------- redirects

def redirect_tests(tap):
    _, target = H.wsecho()
    _, url, _ = H.rawpeer("--reject", "302", "--reject-header",
                          "Location: %snext" % target, "--connections", "3")
    r = H.run([url], b"x\n")
    tap.eq(r.rc, 5, "a 302 without -L: exit 5", r.describe())
    first_line(tap, r, "a 302 without -L: prints the status and Location",
               ["HTTP 302", target + "next", "-L"])
    r = H.run(["-1", "-v", "-L", url], b"followed\n")
    tap.eq((r.rc, r.out), (0, b"followed\n"), "-L follows the redirect: exit 0",
           r.describe())
    tap.ok(any("redirect: HTTP 302 to " + target in l for l in r.stderr_lines()),
           "-v shows the redirect", r.describe())
    _, loop, _ = H.rawpeer("--reject", "301", "--reject-header", "Location: /again",
                           "--connections", "8")
    r = H.run(["-L", "--max-redirs", "1", loop], b"x\n")
    tap.eq(r.rc, 5, "--max-redirs 1 on a loop: exit 5", r.describe())
    first_line(tap, r, "--max-redirs: says so", ["more than 1 redirect", "/again"])
    _, loop, _ = H.rawpeer("--reject", "307", "--reject-header", "Location: /again",
                           "--connections", "8")
    r = H.run(["-L", loop], b"x\n")
    tap.eq(r.rc, 5, "a redirect loop with -L: exit 5", r.describe())
    first_line(tap, r, "a redirect loop: says how many were followed",
               ["more than 4 redirects"])
    r = H.run(["-L", "--max-redirs", "5", loop], b"x\n")
    tap.eq(r.rc, 2, "--max-redirs 5: exit 2 (lws follows at most 4)", r.describe())


# ---------------------------------------------------------------- addresses

def family_tests(tap):
    w = H.Wsc(["-l", "[::1]:0", "--echo", "--print-port"], stdin=subprocess.DEVNULL)
    port = None
    for _ in range(500):
        out = w.stdout_so_far()
        if b"\n" in out:
            port = int(out.split(b"\n")[0])
            break
        if w.proc.poll() is not None:
            break
        time.sleep(0.01)
    if port is None:
        tap.skip("-6 to an IPv6 peer", "no IPv6 loopback")
    else:
        r = H.run(["-1", "-6", "ws://[::1]:%d/" % port], b"six\n")
        tap.eq((r.rc, r.out), (0, b"six\n"), "-6 to [::1]: echo", r.describe())
        r = H.run(["-4", "ws://[::1]:%d/" % port], b"x\n")
        tap.eq(r.rc, 3, "-4 with an IPv6 address: exit 3", r.describe())
        first_line(tap, r, "-4 with an IPv6 address: says there is no IPv4 address",
                   ["no IPv4 address"])
        w.signal(15)
        w.wait(10)
    _, url = H.wsecho()
    port = int(url.split(":")[2].strip("/"))
    r = H.run(["-1", "-4", "ws://127.0.0.1:%d/" % port], b"four\n")
    tap.eq((r.rc, r.out), (0, b"four\n"), "-4 to 127.0.0.1: echo", r.describe())
    r = H.run(["-6", "ws://127.0.0.1:%d/" % port], b"x\n")
    tap.eq(r.rc, 3, "-6 with an IPv4 address: exit 3", r.describe())

    # Every address tried: a name with ::1 then 127.0.0.1, the peer on the
    # second.  Needs a private mount namespace for the hosts file (root).
    hosts = H.tmpfile("hosts")
    with open(hosts, "w") as f:
        f.write("::1 multi.wsc.test\n127.0.0.1 multi.wsc.test\n")
    unshare = shutil.which("unshare")
    probe = None
    if unshare and os.geteuid() == 0:
        probe = subprocess.run([unshare, "-m", "sh", "-c",
                                "mount --bind %s /etc/hosts && getent ahostsv6 "
                                "multi.wsc.test >/dev/null && getent ahostsv4 "
                                "multi.wsc.test >/dev/null" % hosts],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if probe is None or probe.returncode != 0:
        tap.skip("every resolved address is tried", "needs root and unshare -m")
        return
    script = 'mount --bind "$1" /etc/hosts && shift && exec "$@"'
    argv = [unshare, "-m", "sh", "-c", script, "sh", hosts, H.WSC, "-1", "-v",
            "ws://multi.wsc.test:%d/" % port]
    p = subprocess.run(argv, input=b"second\n", stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=30)
    err = p.stderr.decode(errors="replace")
    tap.eq((p.returncode, p.stdout), (0, b"second\n"),
           "::1 refused, then 127.0.0.1: echo, exit 0", err)
    tap.ok("multi.wsc.test (::1)" in err and "trying the next address" in err
           and "multi.wsc.test (127.0.0.1)" in err,
           "-v shows the failed address and the next one", err)
    argv = [unshare, "-m", "sh", "-c", script, "sh", hosts, H.WSC, "-6",
            "ws://multi.wsc.test:%d/" % port]
    p = subprocess.run(argv, input=b"x\n", stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=30)
    tap.eq(p.returncode, 3, "-6: only ::1 is tried: exit 3",
           p.stderr.decode(errors="replace"))


# ---------------------------------------------------------------- deflate

def deflate_tests(tap):
    _, url = H.wsecho("--deflate")
    big = base64.b64encode(os.urandom(7_500_000))[:10_000_000]
    r = H.run(["-1", "-v", "--deflate", url], big + b"\n", timeout=120)
    tap.eq(r.rc, 0, "--deflate, 10 MB each way: exit 0", r.describe())
    tap.eq((len(r.out), hashlib.sha256(r.out).hexdigest()),
           (len(big) + 1, hashlib.sha256(big + b"\n").hexdigest()),
           "--deflate: the 10 MB echo is intact")
    tap.ok(any("extensions: permessage-deflate" in l and "window_bits" in l
               for l in r.stderr_lines()), "-v shows the negotiated parameters",
           r.describe())
    lines = b"".join(b"line %d of many\n" % i for i in range(20000))
    r = H.run(["-n", "20000", "--deflate", url], lines, timeout=60)
    tap.eq((r.rc, r.out == lines), (0, True), "--deflate: 20,000 small messages "
           "echoed intact", r.describe())
    _, plain = H.wsecho()
    r = H.run(["-1", "-v", "--deflate", plain], b"no pmd\n")
    tap.ok(r.rc == 0 and r.out == b"no pmd\n" and
           any("extensions: (none)" in l for l in r.stderr_lines()),
           "--deflate to a server without compression: plain echo", r.describe())
    proc, url, log = H.rawpeer(script=[{"echo": "all"}])
    r = H.run([url], b"x\n")
    exts = values(request_headers(log), "Sec-WebSocket-Extensions")
    tap.eq(exts, [], "no extension offered without --deflate")

    # Frames pmd must not touch: once each, not forever (quirk 1).
    script = [{"send": "text", "data": "plain uncompressed"}, {"pong": "12345678"},
              {"send": "text", "data": "after the pong"},
              {"close": 1000, "reason": "bye"}]
    _, url, log = H.rawpeer("--response-header",
                            "Sec-WebSocket-Extensions: permessage-deflate; "
                            "client_no_context_takeover; server_no_context_takeover",
                            script=script)
    r = H.run(["-vv", "--deflate", url], None, timeout=20)
    tap.eq((r.rc, r.out), (0, b"plain uncompressed\nafter the pong\n"),
           "pmd negotiated: an uncompressed frame is delivered once", r.describe())
    pongs = [l for l in r.stderr_lines() if "pong" in l and "8 bytes" in l]
    tap.eq(len(pongs), 1, "pmd negotiated: a PONG with a payload is delivered once",
           r.describe())


def body(tap):
    proxy_tests(tap)
    proxy_tls_tests(tap)
    header_tests(tap)
    host_origin_limit_tests(tap)
    unix_tests(tap)
    redirect_tests(tap)
    family_tests(tap)
    deflate_tests(tap)


H.main(body)
