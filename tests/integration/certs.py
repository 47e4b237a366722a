"""Test certificates made with the openssl command at test time: a CA, a
server certificate it signs (localhost and 127.0.0.1), a self-signed one, one
for another name, an expired one, and a client certificate for mutual TLS."""

import os
import shutil
import subprocess

import harness as H

SAN = "subjectAltName=DNS:localhost,IP:127.0.0.1\n"


def _openssl(args, cwd):
    r = subprocess.run(["openssl"] + args, cwd=cwd, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=60)
    if r.returncode != 0:
        raise H.HarnessError("openssl %s: %s" % (" ".join(args), r.stdout.decode()))


def available():
    return shutil.which("openssl") is not None


def make(subdir="certs"):
    """Create the certificates; returns a dict name -> path."""
    d = H.tmpfile(subdir)
    os.makedirs(os.path.join(d, "db"), exist_ok=True)
    p = lambda n: os.path.join(d, n)
    with open(p("san.ext"), "w") as f:
        f.write(SAN)
    with open(p("other.ext"), "w") as f:
        f.write("subjectAltName=DNS:other.example\n")
    with open(p("db/index.txt"), "w"):
        pass
    with open(p("db/serial"), "w") as f:
        f.write("1000\n")
    with open(p("ca.cnf"), "w") as f:
        f.write("[ca]\ndefault_ca = d\n[d]\ndatabase = db/index.txt\n"
                "serial = db/serial\nnew_certs_dir = db\ndefault_md = sha256\n"
                "policy = p\n[p]\ncommonName = supplied\n[ext]\n" + SAN)
    key = ["-newkey", "rsa:2048", "-nodes"]
    _openssl(["req", "-x509"] + key + ["-keyout", "ca.key", "-out", "ca.crt",
              "-days", "30", "-subj", "/CN=wsc test CA"], d)
    for name, cn in (("srv", "localhost"), ("client", "wsc client"),
                     ("other", "other.example")):
        _openssl(["req"] + key + ["-keyout", name + ".key", "-out", name + ".csr",
                                  "-subj", "/CN=" + cn], d)
    _openssl(["x509", "-req", "-in", "srv.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
              "-CAcreateserial", "-out", "srv.crt", "-days", "30", "-extfile",
              "san.ext"], d)
    _openssl(["x509", "-req", "-in", "other.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
              "-CAcreateserial", "-out", "other.crt", "-days", "30", "-extfile",
              "other.ext"], d)
    _openssl(["x509", "-req", "-in", "client.csr", "-CA", "ca.crt", "-CAkey",
              "ca.key", "-CAcreateserial", "-out", "client.crt", "-days", "30"], d)
    _openssl(["req", "-x509"] + key + ["-keyout", "self.key", "-out", "self.crt",
              "-days", "30", "-subj", "/CN=localhost", "-addext",
              SAN.strip()], d)
    _openssl(["ca", "-batch", "-config", "ca.cnf", "-cert", "ca.crt", "-keyfile",
              "ca.key", "-in", "srv.csr", "-out", "expired.crt", "-startdate",
              "20200101000000Z", "-enddate", "20200201000000Z", "-extensions",
              "ext"], d)
    names = ["ca.crt", "ca.key", "srv.crt", "srv.key", "other.crt", "other.key",
             "client.crt", "client.key", "self.crt", "self.key", "expired.crt"]
    return {n: p(n) for n in names}
