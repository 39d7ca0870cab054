#!/usr/bin/python3
"""An IMAPS front for the test Dovecot that answers like a Chinese provider.

    provider_proxy.py --profile coremail --port P --upstream-port U \
        --cert C --key K [--log FILE]

Listens with TLS on 127.0.0.1:P, speaks plain IMAP to Dovecot on U, and
changes what passes through as the provider does (as recorded in public bug
reports of Thunderbird, offlineimap, imapsync, go-imap and others):

coremail (NetEase 163/126/yeah.net, Coremail 政务邮箱):
  * its greeting, and its capability list after login (ID, UIDPLUS, no MOVE);
  * SELECT/EXAMINE before an ID command: "NO SELECT Unsafe Login. Please
    contact kefu@188.com for help";
  * an ID command not spaced exactly as ID ("k" "v" ...): "BAD Parse command
    error";
  * no UIDNEXT, in SELECT or STATUS (STATUS answers "* STATUS "INBOX" ()");
  * a descending UID range: "BAD Sequence set is inavlid!" (sic);
  * an unrequested "* n FETCH (FLAGS (...))" before each UID FETCH's end.

qq (QQ Mail) and exmail (Tencent Exmail):
  * their greeting (listing fewer capabilities than after login); a refused
    login in QQ's words ("Login fail. Account is abnormal, service is not
    open, password is incorrect, login frequency limited, or system is
    busy."); a descending UID range: "BAD UID parameters!" (QQ), "BAD
    Sequence set is inavlid!" (Exmail); otherwise Dovecot as it is.

--refuse-id answers every ID command "NO ID command refused" (any profile).
Every client command is appended to --log. Stdlib only; ends when killed.
"""
import argparse, re, socket, ssl, threading

GREETINGS = {
    "exmail": b"* OK [CAPABILITY IMAP4 IMAP4rev1 ID AUTH=PLAIN AUTH=LOGIN] "
              b"Tencent Exmail IMAP4Server ready\r\n",
    "coremail": b"* OK Coremail System IMap Server Ready(beian test)\r\n",
    "qq": b"* OK [CAPABILITY IMAP4 IMAP4rev1 ID AUTH=PLAIN AUTH=LOGIN NAMESPACE] "
          b"QQMail XMIMAP4Server ready\r\n",
}
DESCENDING = {
    "coremail": b"BAD Sequence set is inavlid!",
    "exmail": b"BAD Sequence set is inavlid!",
    "qq": b"BAD UID parameters!",
}
QQ_LOGIN_FAIL = (b"NO Login fail. Account is abnormal, service is not open, "
                 b"password is incorrect, login frequency limited, or system "
                 b"is busy.")
CAPS = (b"IMAP4rev1 XLIST SPECIAL-USE ID LITERAL+ APPENDLIMIT=71680000 "
        b"XAPPLEPUSHSERVICE UIDPLUS X-CM-EXT-1 SASL-IR AUTH=LOGIN")
ID_SYNTAX = re.compile(rb'^ID \("[^"]*"( "[^"]*")*\)$|^ID NIL$', re.I)
LITERAL = re.compile(rb"\{(\d+)\+?\}\r\n$")
RANGE = re.compile(rb"(\d+):(\d+)")


def read_response(f):
    """One line with its literals: bytes, or b"" at the end."""
    out = b""
    while True:
        line = f.readline()
        if not line:
            return out
        out += line
        m = LITERAL.search(line)
        if not m:
            return out
        out += f.read(int(m.group(1)))


class Session:
    def __init__(self, profile, client, upstream_port, log, refuse_id=False):
        self.profile = profile
        self.refuse_id = refuse_id
        self.login_tags = set()
        self.client = client
        self.cf = client.makefile("rb")
        self.up = socket.create_connection(("127.0.0.1", upstream_port))
        self.uf = self.up.makefile("rb")
        self.lock = threading.Lock()
        self.log = log
        self.id_seen = False
        self.fetch_tags = set()

    def send(self, data):
        with self.lock:
            self.client.sendall(data)

    def server_loop(self):
        self.uf.readline()  # Dovecot's greeting
        self.send(GREETINGS[self.profile])
        while True:
            r = read_response(self.uf)
            if not r:
                break
            self.send(self.rewrite(r))
        self.client.close()

    def rewrite(self, r):
        if b"{" in r:
            return r  # a literal: passed through untouched
        tag = r.split(b" ", 1)[0]
        if self.profile in ("qq", "exmail"):
            if tag in self.login_tags and r.split(b" ", 2)[1:2] == [b"NO"]:
                return tag + b" " + QQ_LOGIN_FAIL + b"\r\n"
            return r
        if r.upper().startswith(b"* CAPABILITY"):
            return b"* CAPABILITY " + CAPS + b"\r\n"
        if re.match(rb"\* OK \[UIDNEXT \d+\]", r, re.I):
            return b""
        m = re.match(rb'(\* STATUS (?:"[^"]*"|\S+)) \(.*\)\r\n$', r, re.I)
        if m:
            return m.group(1) + b" ()\r\n"
        r = re.sub(rb" ?\[CAPABILITY [^\]]*\]", b"", r)
        if tag in self.fetch_tags:
            self.fetch_tags.discard(tag)
            return b"* 1 FETCH (FLAGS (\\Seen))\r\n" + r
        return r

    def client_loop(self):
        while True:
            r = read_response(self.cf)
            if not r:
                break
            line = r.split(b"\r\n", 1)[0]
            with open(self.log, "ab") as f:
                f.write(line + b"\n")
            answer = self.answer(line)
            if answer is not None:
                self.send(answer)
            else:
                self.up.sendall(r)
        self.up.close()

    def answer(self, line):
        parts = line.split(b" ", 2)
        if len(parts) < 2:
            return None
        tag, verb = parts[0], parts[1].upper()
        rest = line[len(tag) + 1:]
        if verb in (b"LOGIN", b"AUTHENTICATE"):
            self.login_tags.add(tag)
        if verb == b"ID" and self.refuse_id:
            return tag + b" NO ID command refused\r\n"
        if verb == b"UID":
            for a, b in RANGE.findall(rest):
                if int(a) > int(b):
                    return tag + b" " + DESCENDING[self.profile] + b"\r\n"
        if self.profile != "coremail":
            return None
        if verb == b"ID":
            if not ID_SYNTAX.match(rest):
                return tag + b" BAD Parse command error\r\n"
            self.id_seen = True
            return (b'* ID ("name" "Coremail Imap" "vendor" "Mailtech" '
                    b'"TransID" "beian-test")\r\n' + tag + b" OK ID completed\r\n")
        if verb in (b"SELECT", b"EXAMINE") and not self.id_seen:
            return tag + b" NO SELECT Unsafe Login. Please contact kefu@188.com for help\r\n"
        if verb == b"UID":
            if rest.upper().startswith(b"UID FETCH"):
                self.fetch_tags.add(tag)
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--profile", default="coremail", choices=sorted(GREETINGS))
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--upstream-port", type=int, required=True)
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--log", default="/dev/null")
    ap.add_argument("--refuse-id", action="store_true")
    args = ap.parse_args()
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(args.cert, args.key)
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", args.port))
    listener.listen(16)
    print("ready", flush=True)
    while True:
        raw, _ = listener.accept()
        try:
            client = ctx.wrap_socket(raw, server_side=True)
        except (ssl.SSLError, OSError):
            raw.close()
            continue
        s = Session(args.profile, client, args.upstream_port, args.log,
                    args.refuse_id)
        threading.Thread(target=s.server_loop, daemon=True).start()
        threading.Thread(target=s.client_loop, daemon=True).start()


if __name__ == "__main__":
    main()
