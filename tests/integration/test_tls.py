#!/usr/bin/python3
"""TLS: --cacert, -k, --capath, mutual TLS with --cert/--key, the real
verification failure reasons (exit 4), and certificate files checked
before connecting (exit 2).  Certificates are made at test time."""

import os
import subprocess

import certs
import harness as H

T = 60  # a bound for runs that must succeed (slow under valgrind and load)


def first_line(tap, r, desc, must_contain):
    """The first stderr line is the error and names what failed (a line on
    unsent messages may follow)."""
    lines = r.stderr_lines()
    tap.ok(lines and lines[0].startswith("wsc: ")
           and all(s in lines[0] for s in must_contain)
           and all("not sent" in l for l in lines[1:]), desc, r.describe())


def tls_echo(c, cert, key, *extra):
    proc, port = H.start_peer(["--tls-cert", c[cert], "--tls-key", c[key]] + list(extra),
                              script=H.WSECHO)
    return proc, port


def verify_tests(tap, c):
    _, port = tls_echo(c, "srv.crt", "srv.key")
    r = H.run(["-1", "--cacert", c["ca.crt"], "wss://localhost:%d/" % port],
              b"over tls\n", timeout=T)
    tap.eq((r.rc, r.out), (0, b"over tls\n"), "wss with --cacert: echo intact, exit 0",
           r.describe())
    r = H.run(["-1", "-v", "--cacert", c["ca.crt"], "wss://localhost:%d/" % port],
              b"v\n", timeout=T)
    tap.ok(r.rc == 0 and any(l.startswith("wsc: tls: TLSv1.") and "subject /CN=localhost"
                             in l and "issuer /CN=wsc test CA" in l
                             for l in r.stderr_lines()),
           "-v shows the TLS version and the certificate's subject and issuer",
           r.describe())
    r = H.run(["-1", "--cacert", c["ca.crt"], "wss://127.0.0.1:%d/" % port], b"by ip\n",
              timeout=T)
    tap.eq((r.rc, r.out), (0, b"by ip\n"), "wss to 127.0.0.1 checks the IP SAN: exit 0",
           r.describe())
    r = H.run(["wss://localhost:%d/" % port], b"x\n")
    tap.eq(r.rc, 4, "unknown CA (system store only): exit 4", r.describe())
    first_line(tap, r, "unknown CA: one line with the real reason",
                     ["TLS", "unable to get local issuer certificate"])
    r = H.run(["-1", "-k", "wss://localhost:%d/" % port], b"insecure\n", timeout=T)
    tap.eq((r.rc, r.out), (0, b"insecure\n"), "-k: unknown CA accepted", r.describe())

    capath = H.tmpfile("capath")
    os.makedirs(capath, exist_ok=True)
    h = subprocess.run(["openssl", "x509", "-hash", "-noout", "-in", c["ca.crt"]],
                       stdout=subprocess.PIPE, check=True).stdout.decode().strip()
    link = os.path.join(capath, h + ".0")
    if not os.path.exists(link):
        os.symlink(c["ca.crt"], link)
    r = H.run(["-1", "--capath", capath, "wss://localhost:%d/" % port], b"capath\n",
              timeout=T)
    tap.eq((r.rc, r.out), (0, b"capath\n"), "--capath DIR with a hashed CA: exit 0",
           r.describe())

    for cert, key, host, why, desc in (
            ("self.crt", "self.key", "localhost", "self-signed certificate",
             "self-signed"),
            ("other.crt", "other.key", "localhost", "hostname mismatch",
             "wrong name"),
            ("expired.crt", "srv.key", "localhost", "certificate has expired",
             "expired")):
        _, port = tls_echo(c, cert, key)
        url = "wss://%s:%d/" % (host, port)
        r = H.run(["--cacert", c["ca.crt"], url], b"x\n")
        tap.eq(r.rc, 4, "%s certificate: exit 4" % desc, r.describe())
        first_line(tap, r, "%s certificate: the reason is '%s'" % (desc, why),
                         ["TLS with %s" % host, "port %d" % port, why])
        tap.eq(r.out, b"", "%s certificate: nothing on stdout" % desc, r.describe())
        r = H.run(["-1", "-k", url], b"anyway\n", timeout=T)
        tap.eq((r.rc, r.out), (0, b"anyway\n"), "%s certificate accepted with -k" % desc,
               r.describe())


def redirect_tests(tap, c):
    _, port = tls_echo(c, "srv.crt", "srv.key")
    _, url, _ = H.rawpeer("--reject", "302", "--reject-header",
                          "Location: wss://localhost:%d/secure" % port,
                          "--connections", "3")
    r = H.run(["-1", "-L", "--cacert", c["ca.crt"], url], b"upgraded\n", timeout=T)
    tap.eq((r.rc, r.out), (0, b"upgraded\n"), "-L from ws:// to wss://: verified, "
           "exit 0", r.describe())
    r = H.run(["-1", "-L", url], b"x\n")
    tap.eq(r.rc, 4, "-L to wss:// with an unknown CA: exit 4", r.describe())
    first_line(tap, r, "-L to wss://: the reason, naming where it was redirected",
               ["wss://localhost:%d/secure" % port, "unable to get local issuer"])


def mtls_tests(tap, c):
    _, port = tls_echo(c, "srv.crt", "srv.key", "--tls-client-ca", c["ca.crt"])
    url = "wss://localhost:%d/" % port
    r = H.run(["-1", "--cacert", c["ca.crt"], "--cert", c["client.crt"], "--key",
               c["client.key"], url], b"mutual\n", timeout=T)
    tap.eq((r.rc, r.out), (0, b"mutual\n"), "mutual TLS with --cert/--key: exit 0",
           r.describe())
    both = H.tmpfile("client-both.pem")
    with open(both, "wb") as f:
        for n in ("client.crt", "client.key"):
            with open(c[n], "rb") as g:
                f.write(g.read())
    r = H.run(["-1", "--cacert", c["ca.crt"], "--cert", both, url], b"one file\n",
              timeout=T)
    tap.eq((r.rc, r.out), (0, b"one file\n"),
           "mutual TLS with the key in the --cert file", r.describe())
    r = H.run(["--cacert", c["ca.crt"], url], b"x\n")
    # TLS 1.3 rejects the client after its handshake is done: an alert
    # (exit 4) or a hang-up after the request (exit 5), as the timing goes.
    tap.ok(r.rc in (4, 5) and r.out == b"",
           "mutual TLS required, no client certificate: exit 4 or 5", r.describe())
    first_line(tap, r, "no client certificate: the error suggests --cert", ["--cert"])


def file_tests(tap, c):
    port = H.refused_port()
    url = "wss://localhost:%d/" % port
    missing = H.tmpfile("no-such.pem")
    garbage = H.tmpfile("garbage.pem")
    with open(garbage, "w") as f:
        f.write("not a certificate\n")
    for args, want, desc in (
            (["--cacert", missing], ["--cacert", "No such file"], "missing --cacert"),
            (["--cacert", garbage], ["--cacert", "no CA certificate"],
             "--cacert without certificates"),
            (["--capath", missing], ["--capath", "No such file"], "missing --capath"),
            (["--capath", c["ca.crt"]], ["--capath", "not a directory"],
             "--capath naming a file"),
            (["--cert", missing], ["--cert", "No such file"], "missing --cert"),
            (["--cert", garbage], ["--cert", "not a PEM certificate"],
             "--cert that is not a certificate"),
            (["--cert", c["client.crt"], "--key", missing], ["--key", "No such file"],
             "missing --key"),
            (["--cert", c["client.crt"]], ["not a PEM private key"],
             "--cert without a key and no --key"),
            (["--cert", c["client.crt"], "--key", c["srv.key"]],
             ["--key", "does not match"], "--key of another certificate"),
            (["--key", c["client.key"]], ["--key needs --cert"], "--key alone"),
            (["-k", "--cacert", c["ca.crt"]], ["contradict"], "-k with --cacert")):
        r = H.run(args + [url], b"x\n")
        tap.eq(r.rc, 2, "%s: exit 2 before connecting" % desc, r.describe())
        first_line(tap, r, "%s: one line naming it" % desc, want)
    if os.geteuid() != 0:
        unreadable = H.tmpfile("unreadable.pem")
        with open(unreadable, "w") as f:
            f.write("x")
        os.chmod(unreadable, 0)
        r = H.run(["--cacert", unreadable, url], b"x\n")
        tap.eq(r.rc, 2, "unreadable --cacert: exit 2", r.describe())
    else:
        tap.skip("unreadable --cacert: exit 2", "running as root")


def plain_tests(tap, c):
    _, port = H.start_peer([], script=H.WSECHO)
    r = H.run(["--cacert", c["ca.crt"], "wss://localhost:%d/" % port], b"x\n")
    tap.eq(r.rc, 4, "wss to a plain ws server: exit 4", r.describe())
    first_line(tap, r, "wss to a plain ws server: OpenSSL's reason",
               ["TLS", "wrong version number"])


def body(tap):
    if not certs.available():
        tap.skip("TLS tests", "no openssl command")
        return
    c = certs.make()
    verify_tests(tap, c)
    redirect_tests(tap, c)
    mtls_tests(tap, c)
    file_tests(tap, c)
    plain_tests(tap, c)


H.main(body)
