#!/usr/bin/python3
"""The opening handshake: URL, subprotocols, headers, Origin."""

import harness as H


def request_of(log):
    reqs = H.events(log, "request")
    return reqs[0] if reqs else {"headers": {}, "raw_headers": [], "path": None}


def header_values(req, name):
    return [v for n, v in req["raw_headers"] if n.lower() == name.lower()]


def basic_request_test(tap):
    proc, url, log = H.rawpeer(script=[{"echo": "all"}])
    port = url.split(":")[2].rstrip("/")
    r = H.run([url + "some/path?x=1&y=two"], b"hi\n")
    req = request_of(log)
    tap.eq(req.get("line"), "GET /some/path?x=1&y=two HTTP/1.1",
           "request line carries path and query", H.short(req))
    tap.eq(header_values(req, "Host"), ["127.0.0.1:" + port], "Host header is host:port",
           H.short(req))
    tap.eq([v.lower() for v in header_values(req, "Upgrade")], ["websocket"],
           "Upgrade: websocket", H.short(req))
    tap.eq(header_values(req, "Sec-WebSocket-Version"), ["13"], "Sec-WebSocket-Version: 13",
           H.short(req))
    tap.eq(header_values(req, "Sec-WebSocket-Protocol"), [],
           "no Sec-WebSocket-Protocol without -s", H.short(req))
    tap.eq(r.rc, 0, "exit 0 with a path and query", r.describe())


def http_alias_test(tap):
    proc, url, log = H.rawpeer(script=[{"echo": "all"}])
    r = H.run([url.replace("ws://", "http://")], b"via http\n")
    tap.eq((r.rc, r.out), (0, b"via http\n"), "http:// is accepted as an alias of ws://",
           r.describe())


def protocol_test(tap):
    proc, url, log = H.rawpeer("--pick-first", script=[{"echo": "all"}])
    r = H.run(["-s", "alpha", "--protocol", "beta,gamma", "-s", "delta", url], b"p\n")
    req = request_of(log)
    offered = [t.strip() for v in header_values(req, "Sec-WebSocket-Protocol")
               for t in v.split(",")]
    tap.eq(offered, ["alpha", "beta", "gamma", "delta"],
           "-s (repeatable, comma lists) offered in order", H.short(req))
    tap.eq((r.rc, r.out), (0, b"p\n"), "server choosing the first offered protocol: exit 0",
           r.describe())

    proc, url, log = H.rawpeer("--subprotocol", "gamma", script=[{"echo": "all"}])
    r = H.run(["-s", "alpha,gamma", url], b"q\n")
    tap.eq((r.rc, r.out), (0, b"q\n"), "server choosing the second offered protocol: exit 0",
           r.describe())

    proc, url = H.wsecho("--subprotocols", "zeta,eta")
    r = H.run(["-s", "eta", url], b"z\n")
    tap.eq((r.rc, r.out), (0, b"z\n"), "python3-websockets negotiates an offered protocol",
           r.describe())


def header_test(tap):
    proc, url, log = H.rawpeer(script=[{"echo": "all"}])
    r = H.run(["-H", "X-Test: hello world", "--header", "X-Other: a:b;  c=\"d\"",
               "-H", "X-Test: second", url], b"h\n")
    req = request_of(log)
    tap.eq(header_values(req, "X-Test"), ["hello world", "second"],
           "-H repeated: both headers arrive verbatim, in order", H.short(req))
    tap.eq(header_values(req, "X-Other"), ["a:b;  c=\"d\""],
           "-H value with colons and quotes arrives verbatim", H.short(req))
    tap.eq(r.rc, 0, "exit 0 with custom headers", r.describe())


def origin_test(tap):
    proc, url, log = H.rawpeer(script=[{"echo": "all"}])
    r = H.run(["-o", "https://example.test:8443", url], b"o\n")
    req = request_of(log)
    tap.eq(header_values(req, "Origin"), ["https://example.test:8443"],
           "-o origin sent verbatim", H.short(req))
    proc, url, log = H.rawpeer(script=[{"echo": "all"}])
    r = H.run(["--origin", "null", url], b"o\n")
    tap.eq(header_values(request_of(log), "Origin"), ["null"],
           "--origin null sent verbatim (no scheme added)", H.short(request_of(log)))
    tap.eq(r.rc, 0, "exit 0 with an origin", r.describe())


def body(tap):
    basic_request_test(tap)
    http_alias_test(tap)
    protocol_test(tap)
    header_test(tap)
    origin_test(tap)


if __name__ == "__main__":
    H.main(body)
