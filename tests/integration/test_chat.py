#!/usr/bin/python3
"""--chat: two wsc clients talk through tests/peers/chatpeer.py (the chat
server of MDN's example).  Each step waits until the peer has delivered it,
so each client's output is known exactly; the times in it come from the
packets' own dates (read back from the peer's log), shown in TZ=UTC."""

import json
import os
import time

import harness as H

CHATPEER = os.path.join(H.PEERS, "chatpeer.py")


def hms(ms):
    return time.strftime("%H:%M:%S", time.gmtime(ms // 1000))


def sent_to(log, conn, pred=lambda p: True):
    return [e["packet"] for e in H.read_log(log)
            if e.get("event") == "send" and e.get("conn") == conn and pred(e["packet"])]


def wait_sent(tap, log, conn, pred, what):
    ev = H.wait_for_log(log, lambda e: e.get("event") == "send" and e.get("conn") == conn
                        and pred(e["packet"]), timeout=15)
    if ev is None:
        raise H.HarnessError("the peer never sent %s to client %d" % (what, conn))
    return ev["packet"]


def is_type(t, **kv):
    return lambda p: p.get("type") == t and all(p.get(k) == v for k, v in kv.items())


def received(log, conn, t):
    return [e["packet"] for e in H.read_log(log) if e.get("event") == "recv"
            and e.get("conn") == conn and isinstance(e.get("packet"), dict)
            and e["packet"].get("type") == t]


def chat_test(tap):
    log = H.tmpfile("chatpeer.log")
    proc, port = H.start_peer(["--log", log], script=CHATPEER)
    url = "ws://127.0.0.1:%d/" % port
    env = {"TZ": "UTC"}
    t0 = int(time.time() * 1000)

    a = H.Wsc(["--chat", "alice", url], env=env)
    wait_sent(tap, log, 1, is_type("username", name="alice"), "alice's sign-in")
    b = H.Wsc(["--chat=alice", url], env=env)
    wait_sent(tap, log, 1, is_type("username", name="alice1"), "the renamed sign-in")
    wait_sent(tap, log, 2, is_type("username", name="alice1"), "the renamed sign-in")
    a.write(b"hello from alice\n")
    for c in (1, 2):
        wait_sent(tap, log, c, is_type("message", text="hello from alice"), "alice's line")
    b.write(b"/nick bob\n")
    for c in (1, 2):
        wait_sent(tap, log, c, is_type("username", name="bob"), "the rename")
    b.write("hi alice, I am <i>bob</i> \u00e9\n".encode())
    for c in (1, 2):
        wait_sent(tap, log, c, is_type("message", name="bob"), "bob's line")
    a.write(b"//slash\n")
    for c in (1, 2):
        wait_sent(tap, log, c, is_type("message", text="/slash"), "the slash line")
    a.close_stdin()
    ra = a.wait(20)
    wait_sent(tap, log, 2, is_type("userlist", users=["bob"]), "the list without alice")
    b.close_stdin()
    rb = b.wait(20)
    t1 = int(time.time() * 1000)

    # The dates the clients put in their packets, as the peer got them.
    names = received(log, 1, "username") + received(log, 2, "username")
    msgs = received(log, 1, "message") + received(log, 2, "message")
    dates = [p.get("date") for p in names + msgs]
    tap.ok(len(names) == 3 and len(msgs) == 3, "the peer got 3 username and 3 message "
           "packets", H.short(names + msgs))
    tap.ok(all(isinstance(d, int) and t0 - 1000 <= d <= t1 + 1000 for d in dates),
           "each carries its date in ms since the epoch", H.short(dates))
    mism = [e for e in H.read_log(log) if e.get("event") == "id_mismatch"]
    tap.eq(mism, [], "each packet carries the id the server assigned to its sender")
    tap.eq([(p["type"], p.get("name"), p.get("text"), p.get("id")) for p in
            received(log, 2, "username") + received(log, 2, "message")],
           [("username", "alice", None, 2), ("username", "bob", None, 2),
            ("message", None, "hi alice, I am <i>bob</i> \u00e9", 2)],
           "client 2 sent: its name, the rename, its line (text, id)")
    if len(names) != 3 or len(msgs) != 3:
        return
    d_alice = names[0]["date"]
    d_alice1 = [p for p in names if p["id"] == 2][0]["date"]
    d_bob = [p for p in names if p["id"] == 2][1]["date"]
    d_m1, d_m3 = [p["date"] for p in msgs if p["id"] == 1]
    d_m2 = [p["date"] for p in msgs if p["id"] == 2][0]

    want_a = ("Users (1): alice\n"
              "User alice signed in at %s\n"
              "Users (2): alice, alice1\n"
              "User alice1 signed in at %s\n"
              "(%s) alice: hello from alice\n"
              "Users (2): alice, bob\n"
              "User bob signed in at %s\n"
              "(%s) bob: hi alice, I am bob \u00e9\n"
              "(%s) alice: /slash\n") % (hms(d_alice), hms(d_alice1), hms(d_m1),
                                         hms(d_bob), hms(d_m2), hms(d_m3))
    want_b = ("Your username has been set to alice1 because the name you chose is "
              "in use.\n"
              "Users (2): alice, alice1\n"
              "User alice1 signed in at %s\n"
              "(%s) alice: hello from alice\n"
              "Users (2): alice, bob\n"
              "User bob signed in at %s\n"
              "(%s) bob: hi alice, I am bob \u00e9\n"
              "(%s) alice: /slash\n"
              "Users (1): bob\n") % (hms(d_alice1), hms(d_m1), hms(d_bob), hms(d_m2),
                                     hms(d_m3))
    tap.eq(ra.out.decode(errors="replace"), want_a, "alice's screen, exactly",
           ra.describe())
    tap.eq(rb.out.decode(errors="replace"), want_b, "bob's screen: the rejected name, "
           "the rename, both sides' lines and the user lists, exactly", rb.describe())
    tap.eq((ra.rc, rb.rc), (0, 0), "both clients exit 0",
           ra.describe() + "\n" + rb.describe())


def render_test(tap):
    """A scripted peer: escapes, unknown types as pretty JSON, non-JSON raw,
    and lines typed before the id are held until it comes."""
    script = [
        {"sleep_ms": 300},
        {"send": "text", "data": '{"type":"message","name":"m\\u001b[31mx","text":"a\\nb",'
                                 '"date":0}'},
        {"send": "text", "data": '{"type":"weather","temp":20}'},
        {"send": "text", "data": "plain"},
        {"send": "text", "data": '{"type":"id","id":"k7"}'},
        {"expect": "text", "count": 1, "timeout_ms": 10000},
        {"close": 1000},
    ]
    proc, url, log = H.rawpeer(script=script)
    r = H.run(["--chat", url], b"early line\n", env={"TZ": "UTC"})
    want = ("(00:00:00) m\\x1b[31mx: a\\x0ab\n"
            '{\n  "type": "weather",\n  "temp": 20\n}\n'
            "plain\n")
    tap.eq(r.out.decode(errors="replace"), want, "controls and newlines escaped, an "
           "unknown type pretty-printed, non-JSON as it came", r.describe())
    got = [json.loads(d) for t, d in H.messages(log)]
    tap.eq([(p.get("type"), p.get("text"), p.get("id")) for p in got],
           [("message", "early line", "k7")], "a line typed before the id was sent once "
           "the id came, with it (no username packet without a name)", H.log_summary(log))
    tap.eq(r.rc, 0, "exit 0", r.describe())
    r = H.run(["--chat", "-j", url])
    tap.eq(r.rc, 2, "--chat with -j is a usage error", r.describe())


def main(tap):
    chat_test(tap)
    render_test(tap)


if __name__ == "__main__":
    H.main(main)
