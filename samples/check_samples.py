#!/usr/bin/python3
"""Cross-check samples/maildir against samples/expected with Python's own email parser.

    /usr/bin/python3 samples/check_samples.py

This is a sanity check of the generator, not the source of the expectations (those are
written by generate_mailbox.py from what it put in).  Python's parser is lenient in
different ways than ours will be, so a few things are adapted here and said so:
- a header line without a colon ends Python's header block, so that one line is removed
  before parsing (after checking it is there);
- header values are decoded here by hand (RFC 2047 words of one charset are joined before
  decoding, GB2312/GBK labels are decoded as GB18030, raw 8-bit bytes as UTF-8 else GB18030).
"""

import base64
import email
import email.utils
import hashlib
import html
import json
import os
import quopri
import re
import sys

from email import policy

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True     # keep samples/ free of __pycache__
sys.path.insert(0, HERE)
from synth import people  # noqa: E402

EXT = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/bmp": "bmp",
       "image/tiff": "tif", "image/webp": "webp", "application/pdf": "pdf", "application/zip": "zip"}
GB = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb18030": "gb18030", "cp936": "gb18030"}
EW = re.compile(r"=\?([^?]+)\?([bBqQ])\?([^?]*)\?=")


def codec(cs):
    cs = (cs or "us-ascii").lower().split("*")[0]
    return GB.get(cs, cs)


def decode_header_value(raw):
    """raw: str from compat32 (8-bit bytes as surrogates)."""
    raw = re.sub(r"\r?\n[ \t]", " ", raw).strip()
    if EW.search(raw) is None:
        b = raw.encode("ascii", "surrogateescape")
        try:
            return b.decode("utf-8")
        except UnicodeDecodeError:
            return b.decode("gb18030")
    out, pending, pcs, pos = [], b"", None, 0
    for m in EW.finditer(raw):
        between = raw[pos:m.start()]
        if between.strip() or pcs is None:
            if pending:
                out.append(pending.decode(codec(pcs)))
                pending = b""
            out.append(between)
        cs, enc, text = m.group(1), m.group(2).upper(), m.group(3)
        if enc == "B":
            data = base64.b64decode(text + "=" * (-len(text) % 4))
        else:
            data = quopri.decodestring(text.replace("_", " ").encode("ascii"), header=True)
        if pcs is not None and codec(pcs) != codec(cs) and pending:
            out.append(pending.decode(codec(pcs)))
            pending = b""
        pending += data
        pcs = cs
        pos = m.end()
    if pending:
        out.append(pending.decode(codec(pcs)))
    out.append(raw[pos:])
    return "".join(out)


def raw_header(msg, name):
    """The header value as stored (8-bit bytes as surrogates), or None."""
    for k, v in msg.raw_items():
        if k.lower() == name.lower():
            return v
    return None


def sniff(data):
    for magic, t in ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG", "image/png"), (b"%PDF", "application/pdf"),
                     (b"GIF8", "image/gif"), (b"PK\x03\x04", "application/zip")):
        if data.startswith(magic):
            return t
    return None


def part_filename(part):
    name = part.get_filename() or part.get_param("name")
    if isinstance(name, tuple):
        name = email.utils.collapse_rfc2231_value(name)
    if name and "=?" in name:
        name = decode_header_value(name)
    return name


def walk(part, atts, bodies, fwd=False):
    if part.get_content_type() == "message/rfc822":
        for inner in part.get_payload():
            walk(inner, atts, bodies, True)
        return
    if part.is_multipart():
        for sub in part.get_payload():
            walk(sub, atts, bodies, fwd)
        return
    declared = part.get("Content-Type")
    ctype = part.get_content_type() if declared else None
    name = part_filename(part)
    disp = part.get_content_disposition()
    if ctype in ("text/plain", "text/html") and not name and disp != "attachment":
        bodies.append((ctype, part, fwd))
        return
    data = part.get_payload(decode=True)
    if ctype is None or ctype == "application/octet-stream":
        ctype = sniff(data) or ctype or "application/octet-stream"
    if name and re.fullmatch(r"tcmime\.\d+\.\d+\.bin", name):
        name = None
    atts.append({"filename": name, "content_type": ctype, "size": len(data),
                 "sha256": hashlib.sha256(data).hexdigest(), "in_forwarded": fwd})


def body_text(bodies):
    for want in ("text/plain", "text/html"):
        for ctype, part, fwd in bodies:
            if ctype == want and not fwd:
                text = part.get_payload(decode=True).decode(codec(part.get_content_charset()))
                if want == "text/html":
                    text = html.unescape(re.sub(r"<[^>]*>", "", text))
                return text
    return ""


def check_claim_problems(exp, errors):
    """Independent sanity of the id-number problem codes against people.py."""
    num = exp["claim"]["id_number"]
    probs = set(exp["problems"])
    if not num:
        return
    want = set()
    if len(num) == 15 and num.isdigit():
        want.add("id_legacy_15")
    elif len(num) == 18 and num[:17].isdigit():
        if not people.is_valid_id18(num):
            want.add("id_check_digit")
        try:
            import datetime
            datetime.date(int(num[6:10]), int(num[10:12]), int(num[12:14]))
        except ValueError:
            want.add("id_birth_date")
        if num[:6] not in people.DIVISION_BY_CODE:
            want.add("id_unknown_division")
    else:
        want.add("id_format")
    got = {p for p in probs if p.startswith("id_")}
    if got != want:
        errors.append("id problems %s, recomputed %s" % (sorted(got), sorted(want)))


def main():
    maildir = os.path.join(HERE, "maildir")
    files = []
    for sub in ("new", "cur"):
        for f in sorted(os.listdir(os.path.join(maildir, sub))):
            files.append(os.path.join(maildir, sub, f))
    files.sort(key=os.path.basename)
    assert os.listdir(os.path.join(maildir, "tmp")) == [".gitkeep"]
    bad = 0
    for path in files:
        base = os.path.basename(path).split(":")[0]
        with open(os.path.join(HERE, "expected", base + ".expected"), encoding="utf-8") as f:
            exp = json.load(f)
        raw = open(path, "rb").read()
        errors = []
        if b"\nX-Broken header line" in raw:
            raw = re.sub(rb"X-Broken header line\r?\n", b"", raw, count=1)
        msg = email.message_from_bytes(raw, policy=policy.compat32)
        subject = decode_header_value(raw_header(msg, "Subject"))
        if subject != exp["subject"]:
            errors.append("subject %r != %r" % (subject, exp["subject"]))
        fname, faddr = email.utils.parseaddr(decode_header_value(raw_header(msg, "From")))
        if faddr != exp["from"]["address"] or fname != exp["from"]["name"]:
            errors.append("from %r %r" % (fname, faddr))
        rt = msg.get("Reply-To")
        if (email.utils.parseaddr(rt)[1] if rt else None) != exp["reply_to"]:
            errors.append("reply-to %r" % rt)
        if msg["Message-ID"].strip("<> ") != exp["message_id"]:
            errors.append("message-id")
        irt = msg.get("In-Reply-To")
        if (irt.strip("<> ") if irt else None) != exp["in_reply_to"]:
            errors.append("in-reply-to")
        atts, bodies = [], []
        walk(msg, atts, bodies)
        for i, a in enumerate(atts, 1):
            if a["filename"] is None:
                a["filename"] = "attachment-%d.%s" % (i, EXT.get(a["content_type"], "bin"))
        if atts != exp["attachments"]:
            errors.append("attachments differ:\n  got %s\n  exp %s" % (atts, exp["attachments"]))
        text = body_text(bodies)
        for t in exp["text_contains"]:
            if t not in text:
                errors.append("text lacks %r" % t)
        if not exp["text_contains"]:
            errors.append("no text_contains")
        if ("no_attachments" in exp["problems"]) != (not atts):
            errors.append("no_attachments mismatch")
        if ("qq_large_attachment" in exp["problems"]) != ("wx.mail.qq.com/ftn/download" in text + "".join(
                p.get_payload(decode=True).decode("utf-8", "replace") for _, p, _ in bodies)):
            errors.append("qq_large_attachment mismatch")
        check_claim_problems(exp, errors)
        p = exp["person"]
        if p is not None:
            assert people.is_valid_id18(p["id_number"]), base
            if p["id_number"][:6] not in people.DIVISION_BY_CODE and "historical" not in " ".join(exp["variants"]):
                errors.append("person division not in divisions.tsv")
            sexbit = int(p["id_number"][16]) % 2
            if (sexbit == 1) != (p["sex"] == "男") or p["id_number"][6:14] != p["birth"].replace("-", ""):
                errors.append("person id vs sex/birth")
        if p is not None:
            import datetime
            vf = datetime.date.fromisoformat(p["valid_from"])
            b = datetime.date.fromisoformat(p["birth"])
            age = people.age_on(b, vf)
            years = people.validity_years(age)
            want_to = "长期" if years is None else people.add_years(vf, years).isoformat()
            if p["valid_to"] != want_to:
                errors.append("validity %s..%s for age %d" % (p["valid_from"], p["valid_to"], age))
        status = "ok " if not errors else "BAD"
        bad += bool(errors)
        print("%s %-45s %d attachments, %d defects" % (status, os.path.basename(path), len(atts),
                                                        sum(len(q.defects) for q in msg.walk())))
        for e in errors:
            print("    " + e)
    print("%d files, %d bad" % (len(files), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
