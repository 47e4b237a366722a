#!/usr/bin/python3
"""Security properties that hold across features: wsc never runs a shell
or another program, certificate verification is off only with -k (no
environment variable of any popular tool turns it off), and credentials
given on the command line or in the URL never reach stderr at -v."""

import os
import subprocess

import certs
import harness as H

# Environment variables that disable verification in other tools; none may
# do so for wsc.
LAX_ENV = {
    "NODE_TLS_REJECT_UNAUTHORIZED": "0", "PYTHONHTTPSVERIFY": "0",
    "CURL_INSECURE": "1", "GIT_SSL_NO_VERIFY": "1", "WSC_INSECURE": "1",
    "SSL_NO_VERIFY": "1", "REQUESTS_CA_BUNDLE": "", "CURL_CA_BUNDLE": "",
}

NO_EXEC = ("system", "popen", "execl", "execle", "execlp", "execv", "execve", "execvp",
           "execvpe", "fexecve", "posix_spawn", "posix_spawnp", "fork", "vfork", "wordexp")


def no_shell_test(tap):
    binary = os.environ.get("WSC_REAL") or H.WSC
    p = subprocess.run(["nm", "-D", "--undefined-only", binary], capture_output=True,
                       text=True)
    if p.returncode != 0:
        tap.skip("wsc imports no exec/spawn/system function", "nm failed: " + p.stderr)
        return
    names = {ln.split()[-1].split("@")[0] for ln in p.stdout.splitlines() if ln.strip()}
    tap.ok("lws_write" in names or "lws_service" in names,
           "nm reads wsc's imports (sanity: lws_service is among them)")
    bad = sorted(names & set(NO_EXEC))
    tap.eq(bad, [], "wsc's own code imports no exec, spawn, fork, popen or system")


def verification_test(tap):
    if not certs.available():
        tap.skip("verification stays on", "no openssl command")
        return
    c = certs.make()
    for name, cert, key in (("self-signed", "self.crt", "self.key"),
                            ("unknown CA", "srv.crt", "srv.key")):
        if cert not in c:
            tap.skip("%s: verification" % name, "no %s made" % cert)
            continue
        _, port = H.start_peer(["--tls-cert", c[cert], "--tls-key", c[key]],
                               script=H.WSECHO)
        url = "wss://localhost:%d/" % port
        r = H.run([url], b"x\n", env=LAX_ENV)
        tap.eq((r.rc, r.out), (4, b""), "%s: exit 4 even with %d 'insecure' variables "
               "of other tools set" % (name, len(LAX_ENV)), r.describe())
        r = H.run(["-k", url], b"x\n")
        tap.eq((r.rc, r.out), (0, b"x\n"), "%s: -k, and only -k, accepts it" % name,
               r.describe())


def secrets_test(tap):
    proc, url, log = H.rawpeer(script=[{"echo": "all"}])
    secret_url = url.replace("ws://", "ws://alice:url-s3cret@")
    r = H.run(["-vv", "-u", "bob:opt-s3cret", "-H", "Cookie: sid=cookie-s3cret",
               "-H", "Authorization: Bearer hdr-s3cret", secret_url], b"m\n")
    tap.eq((r.rc, r.out), (0, b"m\n"), "-vv with credentials: session works", r.describe())
    err = r.err.decode(errors="replace")
    for s in ("url-s3cret", "opt-s3cret", "cookie-s3cret", "hdr-s3cret"):
        tap.ok(s not in err, "-vv: %s not on stderr" % s, r.describe())
    tap.ok("[redacted]" in err, "-vv: redactions are marked", r.describe())
    reqs = H.events(log, "request")
    sent = repr(reqs[0] if reqs else "")
    tap.ok("cookie-s3cret" in sent and "hdr-s3cret" in sent,
           "the credentials did reach the server (the test is not vacuous)", sent[:400])


def body(tap):
    no_shell_test(tap)
    verification_test(tap)
    secrets_test(tap)


if __name__ == "__main__":
    H.main(body)
