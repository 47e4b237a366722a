#!/usr/bin/python3
"""--binary-output: received binary as raw bytes (the default in a pipe), a
hex dump or base64, text untouched; and a usage error for anything else."""

import harness as H

BIN = bytes([0, 0x41, 0xff, 0x0a, 0x1b]) + b"0123456789abcdef"


def hexdump(b):
    """A reference: offset, 16 hex pairs (extra space after 8), |ASCII|."""
    out = b""
    for off in range(0, len(b), 16):
        chunk = b[off:off + 16]
        hx = ""
        for i in range(16):
            hx += " " + (" " if i == 8 else "")
            hx += "%02x" % chunk[i] if i < len(chunk) else "  "
        asc = "".join(chr(c) if 0x20 <= c < 0x7f else "." for c in chunk)
        out += ("%08x %s  |%s|\n" % (off, hx, asc)).encode()
    return out


def run(tap, *opts):
    script = [{"send": "binary", "hex": BIN.hex()},
              {"send": "text", "data": "text stays"},
              {"expect": "close", "timeout_ms": 10000}]
    _, url, log = H.rawpeer(script=script)
    return H.run(list(opts) + ["-w", "0.3", url], b"", timeout=20)


def body(tap):
    r = run(tap)
    tap.eq(r.rc, 0, "default: exit 0", r.describe())
    tap.eq(r.out, BIN + b"\ntext stays\n", "default in a pipe: raw bytes")
    r = run(tap, "--binary-output", "raw")
    tap.eq(r.out, BIN + b"\ntext stays\n", "raw: the bytes as they came")
    r = run(tap, "--binary-output", "base64")
    tap.eq(r.out, b"AEH/ChswMTIzNDU2Nzg5YWJjZGVm\ntext stays\n",
           "base64: one line per binary message", r.describe())
    r = run(tap, "--binary-output", "base64", "-0")
    tap.eq(r.out, b"AEH/ChswMTIzNDU2Nzg5YWJjZGVm\0text stays\0",
           "base64 with -0: NUL-separated")
    r = run(tap, "--binary-output", "hex")
    tap.eq(r.out, hexdump(BIN) + b"text stays\n", "hex: a hex dump in the "
           "style of hexdump -C", r.describe())
    r = H.run(["--binary-output", "octal", "ws://127.0.0.1:1/"], None)
    tap.eq(r.rc, 2, "--binary-output octal: usage error")
    H.one_error_line(tap, r, "one error line naming the choices",
                     ("--binary-output 'octal'", "raw, hex or base64"))


H.main(body)
