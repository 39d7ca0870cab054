#!/usr/bin/python3
"""Generate the sample Maildir (samples/maildir) and golden files (samples/expected).

Run with Debian's python (needs python3-pil, fonts-noto-cjk, fonts-wqy-zenhei):

    /usr/bin/python3 samples/generate_mailbox.py

Output is byte-identical on every run: all randomness is seeded, dates, Message-IDs,
MIME boundaries and file names are fixed.  The expectation files are written from what
this generator put into each mail (never by running a parser over the result).

Mails are built with Python's `email` package (compat32 API: email.mime.*, email.header,
email.charset, BytesGenerator).  Raw bytes are patched by hand only for variants that
`email` cannot produce: 8-bit header bytes, a header line without a colon, a missing
closing boundary, and mislabelled charsets in encoded words.
"""

import base64
import datetime
import hashlib
import io
import json
import os
import random
import sys

from email import charset as email_charset
from email import policy as email_policy
from email.generator import BytesGenerator
from email.header import Header
from email.message import Message
from email.mime.application import MIMEApplication
from email.mime.image import MIMEImage
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True     # keep samples/ free of __pycache__
sys.path.insert(0, HERE)

from synth import cards, people  # noqa: E402

MAILDIR = os.path.join(HERE, "maildir")
EXPECTED = os.path.join(HERE, "expected")
REGION_MAILBOX = "beian510682@ybj.example.cn"
REGION_NAME = "什邡市医保局异地就医备案"
TZ = datetime.timezone(datetime.timedelta(hours=8))
PURPOSE = "跨省异地就医备案"
CRLF, LF = "\r\n", "\n"

EXT_FOR_TYPE = {
    "image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/bmp": "bmp",
    "image/tiff": "tif", "image/webp": "webp", "application/pdf": "pdf", "application/zip": "zip",
}


# ---------------------------------------------------------------------------
# small helpers

def fullwidth_digits(s):
    return "".join(chr(0xFF10 + int(c)) if c.isdigit() else c for c in s)


def utf8(header="B", body="base64"):
    cs = email_charset.Charset("utf-8")
    cs.header_encoding = {"B": email_charset.BASE64, "Q": email_charset.QP}[header]
    cs.body_encoding = {"base64": email_charset.BASE64, "qp": email_charset.QP, "8bit": None}[body]
    return cs


def encoded_word(text, charset="UTF-8", codec="utf-8"):
    """A single RFC 2047 B encoded word (no folding); used for hand-labelled charsets."""
    return "=?%s?B?%s?=" % (charset, base64.b64encode(text.encode(codec)).decode("ascii"))


def cn_date(d):
    return "%d年%d月%d日" % (d.year, d.month, d.day)


def sniff(data):
    if data[:3] == b"\xff\xd8\xff":
        return "image/jpeg"
    if data[:4] == b"\x89PNG":
        return "image/png"
    if data[:4] == b"%PDF":
        return "application/pdf"
    if data[:4] == b"GIF8":
        return "image/gif"
    if data[:4] == b"PK\x03\x04":
        return "application/zip"
    return None


# ---------------------------------------------------------------------------
# documents (cached per person so that the same person's card is the same bytes)

_doc_cache = {}


def doc_bytes(p, kind, sign_date):
    key = (p.seed, kind, sign_date)
    if key not in _doc_cache:
        if kind == "front":
            img = cards.jpeg(cards.card_front(p))
        elif kind == "back":
            img = cards.jpeg(cards.card_back(p))
        elif kind == "form":
            img = cards.jpeg(cards.form_page(p, sign_date))
        elif kind == "copy":
            img = cards.jpeg(cards.copy_page(p, dpi=120))
        elif kind == "thumb_png":
            buf = io.BytesIO()
            cards.small_photo("截图").save(buf, "PNG")
            img = buf.getvalue()
        elif kind == "inline":
            img = cards.jpeg(cards.small_photo("身份证照片"))
        elif kind in cards.PROOF_TEXT:
            img = cards.jpeg(cards.proof_page(kind, p, sign_date))
        else:
            raise KeyError(kind)
        _doc_cache[key] = img
    return _doc_cache[key]


DOC_FILENAMES = {
    "front": "身份证人像面.jpg",
    "back": "身份证国徽面.jpg",
    "form": "跨省异地就医登记备案表.jpg",
    "copy": "身份证正反面复印件.jpg",
    "户口簿": "户口簿本人页.jpg",
    "居住证": "居住证.jpg",
    "派出证明": "派出证明.jpg",
    "转诊证明": "转诊证明.jpg",
    "个人承诺书": "个人承诺书.jpg",
}


# ---------------------------------------------------------------------------
# attachment parts; each part carries `_expect` metadata used for the golden file

def attach(data, *, filename=None, naming="rfc2231", ctype="image/jpeg", disposition="attachment",
           expect_name=None, content_id=None, bad_padding=False, in_forwarded=False):
    """Build one attachment part.

    naming: how the filename is written
      rfc2231  - Content-Disposition filename*=utf-8''... (what Python writes)
      rfc2047  - name="=?utf-8?b?...?=" and filename="=?utf-8?b?...?=" (QQ/163 style)
      gbk2047  - same with =?GBK?B?...?= and GBK bytes
      ascii    - plain ASCII filename in both
      ct_name  - only Content-Type name= (no Content-Disposition)
      cont     - RFC 2231 continuations filename*0*=UTF-8''...;filename*1*=... cut mid-character
      none     - no name at all
      tcmime   - QQ Mail tcmime.NNNN.NNNN.bin name
      no_ctype - no Content-Type header at all (filename in Content-Disposition)
    """
    maintype, subtype = ctype.split("/")
    if naming == "no_ctype":
        part = Message()
        part["Content-Transfer-Encoding"] = "base64"
    elif maintype == "image":
        part = MIMEImage(data, subtype)
    else:
        part = MIMEApplication(data, subtype)
    if bad_padding:
        enc = base64.encodebytes(data).decode("ascii").rstrip("\n")
        assert enc.endswith("="), "bad_padding needs a length that is not a multiple of 3"
        part.set_payload(enc.rstrip("=") + "\n")
    elif naming == "no_ctype":
        part.set_payload(base64.encodebytes(data).decode("ascii"))

    if naming == "rfc2231":
        part.add_header("Content-Disposition", disposition, filename=filename)
    elif naming == "rfc2047":
        ew = Header(filename, "utf-8").encode(maxlinelen=1000)
        part.set_param("name", ew)
        part.add_header("Content-Disposition", disposition, filename=ew)
    elif naming == "gbk2047":
        ew = encoded_word(filename, "GBK", "gbk")
        part.set_param("name", ew)
        part.add_header("Content-Disposition", disposition, filename=ew)
    elif naming == "ascii":
        part.set_param("name", filename)
        part.add_header("Content-Disposition", disposition, filename=filename)
    elif naming == "ct_name":
        part.set_param("name", filename)
    elif naming == "cont":
        raw = filename.encode("utf-8")
        pct = "".join("%%%02X" % b for b in raw)
        # cut after the 2nd byte of the 6th character: mid-character (legal in RFC 2231)
        cut = len(filename[:5].encode("utf-8")) + 2
        first, second = pct[:cut * 3], pct[cut * 3:]
        part["Content-Disposition"] = ("%s;\n filename*0*=UTF-8''%s;\n filename*1*=%s"
                                       % (disposition, first, second))
    elif naming == "none":
        if disposition:
            part["Content-Disposition"] = disposition
    elif naming == "tcmime":
        part.set_param("charset", "utf-8")
        part.set_param("name", filename)
        part.add_header("Content-Disposition", disposition, filename=filename)
    elif naming == "no_ctype":
        part.add_header("Content-Disposition", disposition, filename=filename)
    else:
        raise ValueError(naming)
    if content_id:
        part["Content-ID"] = "<%s>" % content_id

    declared = None if naming == "no_ctype" else ctype
    if declared is None or declared == "application/octet-stream":
        etype = sniff(data) or (declared or "application/octet-stream")
    else:
        etype = declared
    keep_name = naming not in ("none", "tcmime")
    part._expect = {
        "filename": (expect_name or filename) if keep_name else None,
        "content_type": etype,
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "in_forwarded": in_forwarded,
    }
    return part


def text_body(text, *, subtype="plain", cs=None):
    return MIMEText(text, subtype, cs or utf8())


def raw_text_body(raw_bytes, label, cte="base64", subtype="plain"):
    """Text part whose bytes are given (for mislabelled charsets such as GBK as gb2312)."""
    part = MIMENonMultipart("text", subtype, charset=label)
    if cte == "base64":
        part["Content-Transfer-Encoding"] = "base64"
        part.set_payload(base64.encodebytes(raw_bytes).decode("ascii"))
    else:
        part["Content-Transfer-Encoding"] = "8bit"
        part.set_payload(raw_bytes.decode("ascii", "surrogateescape"))
    return part


def html_of(text):
    lines = "".join("<div>%s</div>\n" % (l if l else "<br>") for l in text.split("\n"))
    return ("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"></head>\n"
            "<body>\n%s</body></html>\n" % lines)


def collect_attachments(msg, out, in_forwarded=False):
    """Depth-first walk over the parts *we built* (not a parse) collecting _expect."""
    exp = getattr(msg, "_expect", None)
    if exp is not None:
        e = dict(exp)
        e["in_forwarded"] = in_forwarded
        out.append(e)
        return
    if msg.get_content_type() == "message/rfc822":
        for inner in msg.get_payload():
            collect_attachments(inner, out, True)
        return
    if msg.is_multipart():
        for sub in msg.get_payload():
            collect_attachments(sub, out, in_forwarded)


def strip_part_mime_version(msg, is_top=True):
    """email.mime puts MIME-Version on every part; real mailers only on the message."""
    if not is_top and "MIME-Version" in msg:
        del msg["MIME-Version"]
    if msg.get_content_type() == "message/rfc822":
        for inner in msg.get_payload():
            strip_part_mime_version(inner, True)
    elif msg.is_multipart():
        for sub in msg.get_payload():
            strip_part_mime_version(sub, False)


def number_attachments(atts):
    for i, a in enumerate(atts, 1):
        if a["filename"] is None:
            a["filename"] = "attachment-%d.%s" % (i, EXT_FOR_TYPE.get(a["content_type"], "bin"))
    return atts


# ---------------------------------------------------------------------------
# citizens' addresses and ids

DOMAINS = ("qq.com", "163.com", "126.com", "foxmail.com", "139.com", "sina.com", "qq.com", "163.com")


def sender_address(rng, domain):
    if domain == "qq.com":
        return "%d@qq.com" % rng.randrange(100000000, 3999999999)
    if domain == "foxmail.com":
        return "fm%d@foxmail.com" % rng.randrange(10000, 99999999)
    if domain == "139.com":
        return "1390000%04d@139.com" % rng.randrange(10000)
    letters = "".join(rng.choice("abcdefghjkmnpqrstwxyz") for _ in range(rng.randint(4, 8)))
    return "%s%d@%s" % (letters, rng.randrange(1950, 2010), domain)


def message_id(rng, domain, when):
    if domain in ("qq.com", "foxmail.com"):
        return "tencent_%s@qq.com" % "".join(rng.choice("0123456789ABCDEF") for _ in range(44))
    if domain in ("163.com", "126.com"):
        return "%08x.%x.%x.Coremail.%s@%s" % (rng.getrandbits(32), rng.getrandbits(16),
                                              int(when.timestamp() * 1000), "user", domain)
    return "%s.%d@%s" % ("".join(rng.choice("0123456789abcdef") for _ in range(20)),
                         rng.randrange(10 ** 6), "mail." + domain)


MAILERS = {
    "qq.com": "QQMail 2.x", "foxmail.com": "Foxmail 7.2.25.375[cn]",
    "163.com": "Coremail Webmail Server Version 2023.2-cmXT5 build 20231205(0ac7de5c)",
    "126.com": "Coremail Webmail Server Version 2023.2-cmXT5 build 20231205(0ac7de5c)",
    "139.com": "139Mail", "sina.com": "SinaMail 3.0",
}


# ---------------------------------------------------------------------------
# one sample mail

class Sample:
    def __init__(self, no, slug):
        self.no = no
        self.slug = slug
        self.rng = random.Random("beian-mail:%04d" % no)
        self.when = datetime.datetime(2026, 1, 5, 8, 30, tzinfo=TZ) + datetime.timedelta(
            minutes=no * 47 + self.rng.randrange(40), seconds=self.rng.randrange(60))
        self.linesep = CRLF
        self.folder = "new"
        self.variants = []
        self.problems = []
        self.text_contains = []
        self.person = None
        self.claim = None
        self.patches = []          # byte-level (old, new) replacements on the header block
        self.post = []             # functions bytes -> bytes
        self.python_skip_header_line = None
        # the day the citizen signed the form / proof pages
        self.sign_date = (self.when - datetime.timedelta(days=self.rng.choice((0, 0, 1, 2)))).date()

    @property
    def name(self):
        return "%04d-%s" % (self.no, self.slug)



def body_text(p, s, extra=""):
    return ("您好！\n我是%s，身份证号%s，现申请办理跨省异地就医备案。\n备案类型：%s\n就医地：%s\n"
            "联系电话：%s\n%s附件是身份证和备案表，请审核，谢谢！\n\n%s\n%s\n"
            % (p.name, p.id_number, p.filing_type, p.treatment_place, p.phone, extra, p.name,
               cn_date(s.when.date())))


def std_contains(p):
    return ["就医地：%s" % p.treatment_place, "联系电话：%s" % p.phone]


def build_top(s, body_parts, *, subtype="mixed", boundary_seed=0):
    """multipart/<subtype> container with deterministic boundary."""
    return MIMEMultipart(subtype, boundary=boundary(s, boundary_seed), _subparts=body_parts)


def boundary(s, k):
    r = random.Random("beian-boundary:%d:%d" % (s.no, k))
    return "----=_NextPart_%016X_%08X" % (r.getrandbits(64), r.getrandbits(32))


def finish(s, msg, *, p_from, from_name, domain, subject, subject_mode="B", reply_to=None,
           in_reply_to=None, references=None, to=None, extra_headers=()):
    """Put the top-level headers on msg, serialise, apply patches, return bytes."""
    rng = s.rng
    mid = message_id(rng, domain, s.when)
    s.message_id = mid
    s.from_addr = p_from
    s.from_name = from_name if s.from_mode != "bare" else ""
    # pull MIME headers out so that they come after the envelope-ish headers
    mime = [(k, v) for k, v in msg.items() if k.lower() in ("content-type", "mime-version", "content-transfer-encoding")]
    for k, _ in mime:
        del msg[k]

    if from_name and s.from_mode == "encoded":
        msg["From"] = formataddr((from_name, p_from), charset="utf-8")
    elif from_name and s.from_mode == "gbk":
        msg["From"] = "%s <%s>" % (encoded_word(from_name, "GBK", "gbk"), p_from)
    elif from_name and s.from_mode == "raw":
        msg["From"] = "X-RAW-FROM-NAME <%s>" % p_from
        s.patches.append((b"X-RAW-FROM-NAME", from_name.encode("utf-8")))
    else:
        msg["From"] = p_from
    msg["To"] = to or formataddr((REGION_NAME, REGION_MAILBOX), charset="utf-8")

    if subject_mode == "B":
        # an ASCII reply/forward prefix stays readable, as mail clients write it
        prefix = next((x for x in ("Re: ", "Fw: ") if subject.startswith(x)), "")
        h = Header(prefix or None, "us-ascii", header_name="Subject")
        h.append(subject[len(prefix):], utf8("B"))
        msg["Subject"] = h
    elif subject_mode == "Q":
        msg["Subject"] = Header(subject, utf8("Q"), header_name="Subject")
    elif subject_mode == "ascii":
        msg["Subject"] = subject
    elif subject_mode.startswith("preencoded:"):
        msg["Subject"] = subject_mode.split(":", 1)[1]
    elif subject_mode in ("raw-utf8", "raw-gbk"):
        msg["Subject"] = "X-RAW-SUBJECT"
        codec = "utf-8" if subject_mode == "raw-utf8" else "gbk"
        s.patches.append((b"X-RAW-SUBJECT", subject.encode(codec)))
    else:
        raise ValueError(subject_mode)
    msg["Date"] = format_datetime(s.when)
    msg["Message-ID"] = "<%s>" % mid
    if reply_to:
        msg["Reply-To"] = reply_to
    if in_reply_to:
        msg["In-Reply-To"] = "<%s>" % in_reply_to
    if references:
        msg["References"] = " ".join("<%s>" % r for r in references)
    for k, v in extra_headers:
        msg[k] = v
    msg["X-Mailer"] = MAILERS.get(domain, "Mail")
    for k, v in mime:
        if k.lower() == "mime-version":
            msg[k] = v
    for k, v in mime:
        if k.lower() != "mime-version":
            msg[k] = v
    if "MIME-Version" not in msg:
        msg["MIME-Version"] = "1.0"

    strip_part_mime_version(msg)
    pol = email_policy.compat32.clone(linesep=s.linesep, max_line_length=78)
    buf = io.BytesIO()
    BytesGenerator(buf, mangle_from_=False, policy=pol).flatten(msg, unixfrom=False)
    data = buf.getvalue()
    head, sep, rest = data.partition(s.linesep.encode() * 2)
    for old, new in s.patches:
        assert old in head, (s.name, old)
        head = head.replace(old, new)
    data = head + sep + rest
    for fn in s.post:
        data = fn(data)

    atts = []
    collect_attachments(msg, atts)
    s.attachments = number_attachments(atts)
    s.subject = subject
    s.in_reply_to = in_reply_to
    s.reply_to = reply_to
    return data


def expected(s):
    att = s.attachments
    problems = set(s.problems)
    if not att:
        problems.add("no_attachments")
    return {
        "subject": s.subject,
        "from": {"address": s.from_addr, "name": s.from_name or ""},
        "reply_to": s.reply_to_addr,
        "message_id": s.message_id,
        "in_reply_to": s.in_reply_to,
        "text_contains": s.text_contains,
        "attachments": att,
        "claim": s.claim,
        "problems": sorted(problems),
        "person": s.person.truth() if s.person is not None else None,
        "variants": s.variants,
    }


# ---------------------------------------------------------------------------
# the catalogue

MAILS = []


def mail(slug):
    def deco(fn):
        MAILS.append((slug, fn))
        return fn
    return deco


def claim(name, number, purpose=PURPOSE):
    return {"name": name, "id_number": number, "purpose": purpose}


def std_mail(s, p, subject, *, docs=("copy",), naming="rfc2231", subject_mode="B", body_cs=None,
             domain=None, from_mode="encoded", names=None, reply_to=None, extra=""):
    """The common shape: multipart/mixed [text/plain, docs...]."""
    rng = s.rng
    domain = domain or rng.choice(DOMAINS)
    s.from_mode = from_mode
    addr = sender_address(rng, domain)
    text = body_text(p, s, extra)
    s.text_contains = std_contains(p)
    parts = [text_body(text, cs=body_cs)]
    for i, d in enumerate(docs):
        fname = (names or {}).get(d, DOC_FILENAMES.get(d))
        parts.append(attach(doc_bytes(p, d, s.sign_date), filename=fname, naming=naming))
    msg = build_top(s, parts)
    s.person = p
    s.reply_to_addr = reply_to
    return finish(s, msg, p_from=addr, from_name=p.name, domain=domain, subject=subject,
                  subject_mode=subject_mode, reply_to=reply_to)


def canonical(p, sep="+", purpose=PURPOSE, number=None):
    return sep.join([p.name, number or p.id_number, purpose])


# 1 ---------------------------------------------------------------------------
@mail("canonical")
def _(s):
    p = people.make_person("canonical", filing_type="异地安置退休人员", birth_range=(1950, 1962))
    s.claim = claim(p.name, p.id_number)
    s.variants = ["subject_canonical", "subject_b_utf8", "folded_header", "text_base64",
                  "filename_rfc2231", "crlf", "full_document_set"]
    return std_mail(s, p, canonical(p), docs=("front", "back", "form", "户口簿"), domain="qq.com")


@mail("fullwidth-plus")
def _(s):
    p = people.make_person("fullwidth-plus", filing_type="异地长期居住人员")
    s.linesep = LF
    s.claim = claim(p.name, p.id_number)
    s.variants = ["subject_fullwidth_plus", "subject_q_utf8", "text_qp", "lf", "filename_rfc2047"]
    return std_mail(s, p, canonical(p, "＋"), docs=("copy", "form"), subject_mode="Q",
                    body_cs=utf8(body="qp"), naming="rfc2047", domain="163.com")


@mail("spaces")
def _(s):
    p = people.make_person("spaces")
    s.folder = "cur"
    s.claim = claim(p.name, p.id_number)
    s.variants = ["subject_spaces", "text_8bit", "filename_ascii", "maildir_cur_seen"]
    return std_mail(s, p, "%s %s  %s" % (p.name, p.id_number, PURPOSE), body_cs=utf8(body="8bit"),
                    naming="ascii", names={"copy": "IMG_20260104_201533.jpg"}, domain="126.com")


@mail("hyphen-reply-to")
def _(s):
    p = people.make_person("hyphen", sex="男", birth_range=(1940, 1955))
    s.linesep = LF
    child = sender_address(random.Random("hyphen-child"), "163.com")
    s.claim = claim(p.name, p.id_number)
    s.variants = ["subject_hyphen", "from_encoded_name", "reply_to_differs", "lf"]
    return std_mail(s, p, canonical(p, "-"), docs=("front", "back"), reply_to=child, domain="qq.com",
                    extra="我年纪大了，回复请发到我儿子的邮箱：%s\n" % child,
                    names={"front": "mmexport1767594213350.jpg", "back": "mmexport1767594220871.jpg"})


@mail("underscore")
def _(s):
    p = people.make_person("underscore", filing_type="常驻异地工作人员")
    s.claim = claim(p.name, p.id_number)
    s.variants = ["subject_underscore", "filename_rfc2047"]
    return std_mail(s, p, canonical(p, "_"), docs=("copy", "派出证明"), naming="rfc2047",
                    domain="foxmail.com")


@mail("dunhao")
def _(s):
    p = people.make_person("dunhao")
    s.linesep = LF
    s.claim = claim(p.name, p.id_number)
    s.variants = ["subject_dunhao", "lf"]
    return std_mail(s, p, canonical(p, "、"), domain="139.com")


@mail("fullwidth-comma")
def _(s):
    p = people.make_person("fullwidth-comma")
    s.claim = claim(p.name, p.id_number)
    s.variants = ["subject_fullwidth_comma"]
    return std_mail(s, p, canonical(p, "，"), domain="qq.com")


@mail("no-separators")
def _(s):
    p = people.make_person("no-separators")
    s.linesep = LF
    s.claim = claim(p.name, p.id_number)
    s.variants = ["subject_no_separators", "lf", "from_no_display_name"]
    return std_mail(s, p, canonical(p, ""), domain="sina.com", from_mode="bare")


@mail("prefix-re")
def _(s):
    p = people.make_person("prefix-re")
    s.claim = claim(p.name, p.id_number)
    s.variants = ["subject_prefix_re", "no_threading_headers"]
    return std_mail(s, p, "Re: " + canonical(p), domain="163.com")


@mail("prefix-huifu")
def _(s):
    p = people.make_person("prefix-huifu")
    s.folder = "cur"
    s.linesep = LF
    s.claim = claim(p.name, p.id_number)
    s.variants = ["subject_prefix_huifu_fullwidth_colon", "maildir_cur_seen", "lf"]
    return std_mail(s, p, "回复：" + canonical(p), domain="qq.com")


@mail("prefix-dafu")
def _(s):
    p = people.make_person("prefix-dafu")
    s.claim = claim(p.name, p.id_number)
    s.variants = ["subject_prefix_dafu"]
    return std_mail(s, p, "答复: " + canonical(p), domain="126.com")


@mail("forwarded-rfc822")
def _(s):
    """转发: prefix; the ID card images are inside an attached message/rfc822."""
    p = people.make_person("forwarded", filing_type="异地转诊人员")
    s.linesep = LF
    s.from_mode = "encoded"
    rng = s.rng
    # the inner (forwarded) mail: the citizen's daughter had sent the card photos to the citizen
    helper_addr = sender_address(random.Random("forwarded-helper"), "163.com")
    own_addr = sender_address(rng, "qq.com")
    inner_text = "爸，身份证正反面拍好了，你转给医保局吧。\n"
    inner = build_top(s, [text_body(inner_text),
                          attach(doc_bytes(p, "front", s.sign_date), filename="身份证人像面.jpg",
                                 naming="rfc2047"),
                          attach(doc_bytes(p, "back", s.sign_date), filename="身份证国徽面.jpg",
                                 naming="rfc2047")], boundary_seed=1)
    inner["From"] = helper_addr
    inner["To"] = own_addr
    inner["Subject"] = Header("身份证照片", utf8("B"), header_name="Subject")
    inner["Date"] = format_datetime(s.when - datetime.timedelta(days=1, hours=3))
    inner["Message-ID"] = "<%s>" % message_id(random.Random("forwarded-inner"), "163.com", s.when)
    text = body_text(p, s, "身份证照片在转发的邮件里，转诊证明和备案表在附件。\n")
    outer = build_top(s, [text_body(text),
                          attach(doc_bytes(p, "form", s.sign_date), filename=DOC_FILENAMES["form"]),
                          attach(doc_bytes(p, "转诊证明", s.sign_date), filename=DOC_FILENAMES["转诊证明"]),
                          MIMEMessage(inner)])
    s.text_contains = std_contains(p) + ["身份证照片在转发的邮件里"]
    s.claim = claim(p.name, p.id_number)
    s.person = p
    s.reply_to_addr = None
    s.variants = ["subject_prefix_zhuanfa", "forwarded_message_rfc822", "in_forwarded_attachments",
                  "lf", "full_document_set"]
    return finish(s, outer, p_from=own_addr, from_name=p.name, domain="qq.com",
                  subject="转发: " + canonical(p))


@mail("prefix-fw")
def _(s):
    p = people.make_person("prefix-fw")
    s.claim = claim(p.name, p.id_number)
    s.variants = ["subject_prefix_fw", "inline_forward_quote"]
    extra = ("\n-------- 原始邮件 --------\n发件人：%s\n主题：身份证\n\n" % "家人") + "\n"
    return std_mail(s, p, "Fw: " + canonical(p), domain="foxmail.com", extra=extra)


@mail("lowercase-x")
def _(s):
    p = people.make_person("lowercase-x", want_check="X")
    s.claim = claim(p.name, p.id_number)
    s.variants = ["subject_lowercase_x"]
    return std_mail(s, p, canonical(p, number=p.id_number.lower()), docs=("copy", "form"), domain="qq.com")


@mail("fullwidth-digits")
def _(s):
    p = people.make_person("fullwidth-digits", want_check="0123456789")
    s.linesep = LF
    s.claim = claim(p.name, p.id_number)
    s.variants = ["subject_fullwidth_digits", "lf"]
    return std_mail(s, p, canonical(p, number=fullwidth_digits(p.id_number)), domain="163.com")


@mail("order-id-first")
def _(s):
    p = people.make_person("order-id-first")
    s.claim = claim(p.name, p.id_number)
    s.variants = ["subject_order_id_name_purpose"]
    return std_mail(s, p, "+".join([p.id_number, p.name, PURPOSE]), domain="126.com")


@mail("order-purpose-first")
def _(s):
    p = people.make_person("order-purpose-first")
    s.claim = claim(p.name, p.id_number)
    s.variants = ["subject_order_purpose_name_id"]
    return std_mail(s, p, "+".join([PURPOSE, p.name, p.id_number]), domain="qq.com")


@mail("minority-name")
def _(s):
    p = people.make_person("minority-name", minority=True, division_filter=lambda d: d.code.startswith("65"),
                           filing_type="异地长期居住人员")
    s.linesep = LF
    s.claim = claim(p.name, p.id_number)
    s.variants = ["subject_minority_name_middle_dot", "lf"]
    return std_mail(s, p, canonical(p), docs=("copy", "form", "居住证"), domain="139.com")


@mail("minority-gbk-subject")
def _(s):
    p = people.make_person("minority-gbk", minority=True, sex="女",
                           division_filter=lambda d: d.code.startswith("65"))
    assert "\u00b7" in p.name and "\u00b7".encode("gbk") == b"\xa1\xa4"
    subj = canonical(p)
    # two encoded words split at a character boundary (as Coremail does), GBK bytes, gb2312 label
    head = p.name + "+"
    ew = encoded_word(head, "gb2312", "gbk") + "\n " + encoded_word(subj[len(head):], "gb2312", "gbk")
    s.claim = claim(p.name, p.id_number)
    s.variants = ["subject_minority_name_middle_dot", "subject_b_gb2312_label_gbk_bytes",
                  "gbk_a1a4_middle_dot", "filename_gbk_rfc2047"]
    s.variants.append("from_gbk_encoded_name")
    return std_mail(s, p, subj, docs=("copy", "form"), subject_mode="preencoded:" + ew,
                    naming="gbk2047", domain="163.com", from_mode="gbk")


@mail("legacy-15")
def _(s):
    p = people.make_person("legacy-15", birth_range=(1940, 1965), filing_type="异地安置退休人员")
    s.claim = claim(p.name, p.id15)
    s.problems = ["id_legacy_15"]
    s.variants = ["subject_legacy_15_digit_id"]
    return std_mail(s, p, canonical(p, number=p.id15), docs=("copy", "form"), domain="126.com")


@mail("purpose-yidi")
def _(s):
    p = people.make_person("purpose-yidi")
    s.linesep = LF
    s.claim = claim(p.name, p.id_number, "异地就医备案")
    s.variants = ["subject_purpose_yidi_jiuyi_beian", "lf"]
    return std_mail(s, p, canonical(p, purpose="异地就医备案"), domain="qq.com")


@mail("purpose-kuasheng")
def _(s):
    p = people.make_person("purpose-kuasheng")
    s.folder = "cur"
    s.claim = claim(p.name, p.id_number, "跨省备案")
    s.variants = ["subject_purpose_kuasheng_beian", "maildir_cur_seen"]
    return std_mail(s, p, canonical(p, purpose="跨省备案"), domain="163.com")


@mail("missing-purpose")
def _(s):
    p = people.make_person("missing-purpose")
    s.claim = claim(p.name, p.id_number, "")
    s.problems = ["subject_missing_purpose"]
    s.variants = ["subject_missing_purpose"]
    return std_mail(s, p, "%s+%s" % (p.name, p.id_number), domain="qq.com")


@mail("missing-name")
def _(s):
    p = people.make_person("missing-name")
    s.linesep = LF
    s.claim = claim("", p.id_number)
    s.problems = ["subject_missing_name"]
    s.variants = ["subject_missing_name", "lf"]
    return std_mail(s, p, "%s+%s" % (p.id_number, PURPOSE), domain="foxmail.com")


@mail("missing-id")
def _(s):
    p = people.make_person("missing-id")
    s.claim = claim(p.name, "")
    s.problems = ["subject_missing_id"]
    s.variants = ["subject_missing_id"]
    return std_mail(s, p, "%s+%s" % (p.name, PURPOSE), domain="139.com")


@mail("subject-unparseable")
def _(s):
    p = people.make_person("unparseable", birth_range=(1940, 1950))
    s.linesep = LF
    s.claim = claim("", "", "")
    s.problems = ["subject_missing_purpose", "subject_unparseable"]
    s.variants = ["subject_unparseable", "lf"]
    return std_mail(s, p, "请帮忙办理医保", domain="qq.com")


@mail("wrong-check-digit")
def _(s):
    p = people.make_person("wrong-check-digit")
    good = p.id_number
    bad = good[:17] + people.CHECK_CHARS[(people.CHECK_CHARS.index(good[17]) + 3) % 11]
    assert not people.is_valid_id18(bad)
    s.claim = claim(p.name, bad)
    s.problems = ["id_check_digit"]
    s.variants = ["subject_wrong_check_digit"]
    return std_mail(s, p, canonical(p, number=bad), docs=("copy", "form"), domain="163.com")


@mail("impossible-birth-date")
def _(s):
    p = people.make_person("impossible-birth-date")
    first17 = p.id_number[:6] + "%04d0230" % p.birth.year + p.id_number[14:17]
    bad = first17 + people.check_char(first17)
    s.linesep = LF
    s.claim = claim(p.name, bad)
    s.problems = ["id_birth_date"]
    s.variants = ["subject_id_impossible_birth_date", "lf"]
    return std_mail(s, p, canonical(p, number=bad), domain="126.com")


@mail("historical-division")
def _(s):
    p = people.make_person("historical-division", division="510622", birth_range=(1940, 1970))
    assert p.id_number[:6] not in people.DIVISION_BY_CODE
    s.claim = claim(p.name, p.id_number)
    s.problems = ["id_unknown_division"]
    s.variants = ["subject_id_unknown_division_historical_code"]
    return std_mail(s, p, canonical(p), docs=("copy", "form"), domain="qq.com")


@mail("id-format")
def _(s):
    p = people.make_person("id-format")
    bad = p.id_number[:9] + p.id_number[10:]     # a digit dropped: 17 characters
    s.claim = claim(p.name, bad)
    s.problems = ["id_format"]
    s.variants = ["subject_id_17_chars"]
    return std_mail(s, p, canonical(p, number=bad), domain="163.com")


@mail("split-encoded-word")
def _(s):
    p = people.make_person("split-encoded-word")
    subj = canonical(p)
    raw = subj.encode("utf-8")
    cut = len(p.name.encode("utf-8")) + 1 + 18 + 1 + 4   # 2nd byte... inside the 2nd char of the purpose
    assert (raw[cut] & 0xC0) == 0x80, "cut must be mid-character"
    ew = "=?UTF-8?B?%s?=\n =?UTF-8?B?%s?=" % (base64.b64encode(raw[:cut]).decode(),
                                              base64.b64encode(raw[cut:]).decode())
    s.linesep = LF
    s.claim = claim(p.name, p.id_number)
    s.variants = ["subject_encoded_words_split_mid_character", "folded_header", "lf"]
    return std_mail(s, p, subj, subject_mode="preencoded:" + ew, domain="sina.com")


@mail("raw-utf8-headers")
def _(s):
    p = people.make_person("raw-utf8-headers")
    s.claim = claim(p.name, p.id_number)
    s.variants = ["subject_raw_8bit_utf8", "from_raw_8bit_utf8_name", "text_8bit"]
    return std_mail(s, p, canonical(p), subject_mode="raw-utf8", from_mode="raw",
                    body_cs=utf8(body="8bit"), domain="139.com")


@mail("raw-gbk-subject")
def _(s):
    p = people.make_person("raw-gbk-subject", given_gbk_only=True)
    try:
        p.name.encode("gb2312")
        raise AssertionError("name should need GBK")
    except UnicodeEncodeError:
        pass
    s.linesep = LF
    s.claim = claim(p.name, p.id_number)
    s.variants = ["subject_raw_8bit_gbk", "name_char_outside_gb2312", "lf"]
    return std_mail(s, p, canonical(p), subject_mode="raw-gbk", domain="126.com")


@mail("header-line-without-colon")
def _(s):
    p = people.make_person("broken-header")
    s.claim = claim(p.name, p.id_number)
    s.variants = ["header_line_without_colon", "folded_header"]
    data = std_mail(s, p, canonical(p), domain="qq.com")
    # insert the broken line after the Date header (before MIME-Version/Content-Type)
    eol = s.linesep.encode()
    head, sep, rest = data.partition(eol * 2)
    lines = head.split(eol)
    i = next(k for k, l in enumerate(lines) if l.startswith(b"Date: "))
    lines.insert(i + 1, b"X-Broken header line")
    s.python_skip_header_line = b"X-Broken header line"
    return eol.join(lines) + sep + rest


@mail("big5-body")
def _(s):
    p = people.make_person("big5-body")
    rng = s.rng
    domain = "qq.com"
    s.from_mode = "encoded"
    addr = sender_address(rng, domain)
    text = ("您好：\n附件是我的身份證與備案表，請幫忙辦理跨省異地就醫備案，謝謝。\n"
            "聯繫電話：%s\n" % p.phone)
    raw = text.encode("big5")
    msg = build_top(s, [raw_text_body(raw, "big5"),
                        attach(doc_bytes(p, "copy", s.sign_date), filename=DOC_FILENAMES["copy"])])
    s.text_contains = ["請幫忙辦理跨省異地就醫備案", "聯繫電話：%s" % p.phone]
    s.claim = claim(p.name, p.id_number)
    s.person = p
    s.reply_to_addr = None
    s.variants = ["text_big5_traditional"]
    return finish(s, msg, p_from=addr, from_name=p.name, domain=domain, subject=canonical(p))


@mail("gbk-body-labelled-gb2312")
def _(s):
    p = people.make_person("gbk-body", given_gbk_only=True)
    rng = s.rng
    domain = "163.com"
    s.from_mode = "encoded"
    s.linesep = LF
    addr = sender_address(rng, domain)
    text = body_text(p, s, "附件清单：身份证\u00b7备案表\u00b7承诺书。\n")
    raw = text.encode("gbk")
    msg = build_top(s, [raw_text_body(raw, "gb2312"),
                        attach(doc_bytes(p, "copy", s.sign_date), filename=DOC_FILENAMES["copy"],
                               naming="gbk2047"),
                        attach(doc_bytes(p, "个人承诺书", s.sign_date), filename=DOC_FILENAMES["个人承诺书"],
                               naming="gbk2047")])
    s.text_contains = std_contains(p) + ["我是%s" % p.name, "身份证\u00b7备案表\u00b7承诺书"]
    s.claim = claim(p.name, p.id_number)
    s.person = p
    s.reply_to_addr = None
    s.variants = ["text_gbk_bytes_labelled_gb2312", "gbk_a1a4_middle_dot", "name_char_outside_gb2312", "lf"]
    return finish(s, msg, p_from=addr, from_name=p.name, domain=domain, subject=canonical(p))


@mail("html-only")
def _(s):
    p = people.make_person("html-only")
    rng = s.rng
    domain = "qq.com"
    s.from_mode = "encoded"
    addr = sender_address(rng, domain)
    html = html_of(body_text(p, s))
    msg = build_top(s, [text_body(html, subtype="html"),
                        attach(doc_bytes(p, "copy", s.sign_date), filename=DOC_FILENAMES["copy"], naming="rfc2047")])
    s.text_contains = std_contains(p)
    s.claim = claim(p.name, p.id_number)
    s.person = p
    s.reply_to_addr = None
    s.variants = ["html_only_body"]
    return finish(s, msg, p_from=addr, from_name=p.name, domain=domain, subject=canonical(p))


@mail("alternative-no-attachments")
def _(s):
    p = people.make_person("alternative")
    rng = s.rng
    domain = "foxmail.com"
    s.from_mode = "encoded"
    s.linesep = LF
    addr = sender_address(rng, domain)
    text = ("您好，我想办理跨省异地就医备案，就医地：%s。\n请问需要准备哪些材料？联系电话：%s\n"
            % (p.treatment_place, p.phone))
    msg = build_top(s, [text_body(text), text_body(html_of(text), subtype="html")], subtype="alternative")
    s.text_contains = ["请问需要准备哪些材料", "联系电话：%s" % p.phone]
    s.claim = claim(p.name, p.id_number)
    s.person = None
    s.reply_to_addr = None
    s.variants = ["multipart_alternative", "no_attachments", "lf"]
    return finish(s, msg, p_from=addr, from_name=p.name, domain=domain, subject=canonical(p))


@mail("nested-alternative-rfc2231")
def _(s):
    p = people.make_person("nested", filing_type="异地长期居住人员")
    rng = s.rng
    domain = "163.com"
    s.from_mode = "encoded"
    addr = sender_address(rng, domain)
    text = body_text(p, s)
    alt = build_top(s, [text_body(text, cs=utf8(body="qp")), text_body(html_of(text), subtype="html")],
                    subtype="alternative", boundary_seed=1)
    msg = build_top(s, [alt,
                        attach(doc_bytes(p, "front", s.sign_date), filename="身份证人像面扫描件.jpg", naming="cont"),
                        attach(doc_bytes(p, "back", s.sign_date), filename="身份证国徽面扫描件.jpg", naming="cont"),
                        attach(doc_bytes(p, "form", s.sign_date), filename=DOC_FILENAMES["form"], naming="rfc2047"),
                        attach(doc_bytes(p, "居住证", s.sign_date), filename=DOC_FILENAMES["居住证"],
                               naming="ct_name")])
    s.text_contains = std_contains(p)
    s.claim = claim(p.name, p.id_number)
    s.person = p
    s.reply_to_addr = None
    s.variants = ["nested_mixed_alternative", "filename_rfc2231_continuations_mid_character",
                  "filename_content_type_name_rfc2231_no_disposition", "text_qp", "full_document_set"]
    return finish(s, msg, p_from=addr, from_name=p.name, domain=domain, subject=canonical(p))


@mail("related-inline-image")
def _(s):
    p = people.make_person("related")
    rng = s.rng
    domain = "qq.com"
    s.from_mode = "encoded"
    s.linesep = LF
    addr = sender_address(rng, domain)
    cid = "part1.%08X.%08X@qq.com" % (rng.getrandbits(32), rng.getrandbits(32))
    text = body_text(p, s)
    html = html_of(text).replace("</body>", "<div><img src=\"cid:%s\"></div>\n</body>" % cid)
    related = build_top(s, [text_body(html, subtype="html"),
                            attach(doc_bytes(p, "inline", s.sign_date), naming="none", disposition="inline",
                                   content_id=cid)],
                        subtype="related", boundary_seed=1)
    msg = build_top(s, [related,
                        attach(doc_bytes(p, "form", s.sign_date), filename=DOC_FILENAMES["form"], naming="rfc2047")])
    s.text_contains = std_contains(p)
    s.claim = claim(p.name, p.id_number)
    s.person = p
    s.reply_to_addr = None
    s.variants = ["multipart_related_inline_image_no_filename", "html_only_body", "lf"]
    return finish(s, msg, p_from=addr, from_name=p.name, domain=domain, subject=canonical(p))


@mail("qq-tcmime-and-nameless")
def _(s):
    p = people.make_person("tcmime")
    rng = s.rng
    domain = "qq.com"
    s.from_mode = "encoded"
    addr = sender_address(rng, domain)
    text = body_text(p, s)
    msg = build_top(s, [text_body(text),
                        attach(doc_bytes(p, "front", s.sign_date), filename="tcmime.1234.5678.bin",
                               naming="tcmime", ctype="application/octet-stream"),
                        attach(doc_bytes(p, "back", s.sign_date), naming="none"),
                        attach(doc_bytes(p, "thumb_png", s.sign_date), naming="none",
                               ctype="application/octet-stream"),
                        attach(doc_bytes(p, "form", s.sign_date), filename="备案表.jpg", naming="no_ctype")])
    s.text_contains = std_contains(p)
    s.claim = claim(p.name, p.id_number)
    s.person = p
    s.reply_to_addr = None
    s.variants = ["qq_tcmime_bin_octet_stream_jpeg", "attachment_without_name",
                  "octet_stream_png_sniffed", "attachment_without_content_type"]
    return finish(s, msg, p_from=addr, from_name=p.name, domain=domain, subject=canonical(p))


@mail("missing-closing-boundary")
def _(s):
    p = people.make_person("missing-closing-boundary")
    s.linesep = LF
    s.claim = claim(p.name, p.id_number)
    s.variants = ["missing_closing_boundary", "lf"]
    data = std_mail(s, p, canonical(p), docs=("front", "back"), domain="126.com")
    close = ("--%s--" % boundary(s, 0)).encode()
    assert data.rstrip().endswith(close)
    return data.rstrip()[:-len(close)].rstrip(b"\n") + b"\n"


@mail("bad-base64-padding")
def _(s):
    p = people.make_person("bad-base64-padding")
    rng = s.rng
    domain = "139.com"
    s.from_mode = "encoded"
    addr = sender_address(rng, domain)
    front = doc_bytes(p, "front", s.sign_date)
    back = doc_bytes(p, "back", s.sign_date)
    if len(back) % 3 == 0:          # make sure there is padding to strip
        back = back + b"\x00"
    msg = build_top(s, [text_body(body_text(p, s)),
                        attach(front, filename=DOC_FILENAMES["front"]),
                        attach(back, filename=DOC_FILENAMES["back"], bad_padding=True)])
    s.text_contains = std_contains(p)
    s.claim = claim(p.name, p.id_number)
    s.person = p
    s.reply_to_addr = None
    s.variants = ["base64_missing_padding"]
    return finish(s, msg, p_from=addr, from_name=p.name, domain=domain, subject=canonical(p))


@mail("qq-large-attachment")
def _(s):
    p = people.make_person("qq-large")
    rng = s.rng
    domain = "qq.com"
    s.from_mode = "encoded"
    addr = sender_address(rng, domain)
    k = "".join(rng.choice("0123456789abcdef") for _ in range(48))
    key = "".join(rng.choice("0123456789abcdef") for _ in range(32))
    url = "https://wx.mail.qq.com/ftn/download?func=3&k=%s&key=%s" % (k, key)
    html = ("<html><body>\n<div>您好，身份证和备案表照片太大，用超大附件发给您，请查收。</div>\n"
            "<div>联系电话：%s</div>\n<br>\n"
            "<div style=\"border:1px solid #ccc;padding:8px\">\n"
            "<div><b>从QQ邮箱发来的超大附件</b></div>\n"
            "<div><a href=\"%s\" target=\"_blank\">身份证和备案表.zip</a> (18.6M, 2026年1月25日 10:15 到期)</div>\n"
            "<div>进入下载页面：<a href=\"%s\">%s</a></div>\n"
            "</div>\n</body></html>\n") % (p.phone, url, url, url.replace("&", "&amp;"))
    msg = MIMEText(html, "html", utf8())
    s.text_contains = ["从QQ邮箱发来的超大附件", "身份证和备案表.zip", "联系电话：%s" % p.phone]
    s.claim = claim(p.name, p.id_number)
    s.problems = ["qq_large_attachment"]
    s.person = None
    s.reply_to_addr = None
    s.variants = ["qq_large_attachment_link", "single_part_html", "no_attachments"]
    return finish(s, msg, p_from=addr, from_name=p.name, domain=domain, subject=canonical(p))


@mail("no-attachments")
def _(s):
    p = people.make_person("no-attachments")
    rng = s.rng
    domain = "163.com"
    s.from_mode = "encoded"
    s.linesep = LF
    addr = sender_address(rng, domain)
    text = "您好，我要办理跨省异地就医备案，材料忘了加，马上补发。联系电话：%s\n" % p.phone
    msg = MIMEText(text, "plain", utf8(body="qp"))
    s.text_contains = ["材料忘了加", "联系电话：%s" % p.phone]
    s.claim = claim(p.name, p.id_number)
    s.person = None
    s.reply_to_addr = None
    s.variants = ["single_part_text", "no_attachments", "text_qp", "lf"]
    return finish(s, msg, p_from=addr, from_name=p.name, domain=domain, subject=canonical(p))


# The case: first mail misses the 国徽面, then the follow-up, then a relative reusing the number.
CASE_PERSON = dict(seed="case-person", filing_type="其他临时外出就医人员", birth_range=(1945, 1958))
_case = {}


@mail("case-missing-back")
def _(s):
    p = people.make_person(**CASE_PERSON)
    s.claim = claim(p.name, p.id_number)
    s.variants = ["missing_id_back", "case_first_mail"]
    data = std_mail(s, p, canonical(p), docs=("front", "form"), domain="qq.com")
    _case.update(message_id=s.message_id, subject=s.subject, from_addr=s.from_addr)
    return data


@mail("case-followup-back")
def _(s):
    p = people.make_person(**CASE_PERSON)
    domain = "qq.com"
    s.from_mode = "encoded"
    addr = _case["from_addr"]
    text = "您好，上次漏了身份证国徽面，现补发，请查收。\n联系电话：%s\n" % p.phone
    msg = build_top(s, [text_body(text),
                        attach(doc_bytes(p, "back", s.sign_date), filename=DOC_FILENAMES["back"])])
    s.text_contains = ["上次漏了身份证国徽面", "联系电话：%s" % p.phone]
    s.claim = claim(p.name, p.id_number)
    s.person = p
    s.reply_to_addr = None
    s.variants = ["case_followup", "in_reply_to_and_references", "only_id_back"]
    return finish(s, msg, p_from=addr, from_name=p.name, domain=domain, subject="Re: " + _case["subject"],
                  in_reply_to=_case["message_id"], references=[_case["message_id"]])


@mail("case-same-id-other-sender")
def _(s):
    p = people.make_person(**CASE_PERSON)
    rel = people.make_person("case-relative", birth_range=(1975, 1990))
    rng = s.rng
    domain = "126.com"
    s.from_mode = "encoded"
    s.linesep = LF
    addr = sender_address(rng, domain)
    text = ("您好，我是%s的家属%s，替老人补交个人承诺书。\n老人联系电话：%s\n"
            % (p.name, rel.name, p.phone))
    msg = build_top(s, [text_body(text),
                        attach(doc_bytes(p, "个人承诺书", s.sign_date), filename=DOC_FILENAMES["个人承诺书"])])
    s.text_contains = ["替老人补交个人承诺书", "老人联系电话：%s" % p.phone]
    s.claim = claim(p.name, p.id_number)
    s.person = p
    s.reply_to_addr = None
    s.variants = ["case_same_id_other_sender", "no_threading_headers", "lf"]
    return finish(s, msg, p_from=addr, from_name=rel.name, domain=domain, subject=canonical(p))


@mail("expired-card")
def _(s):
    p = people.make_person("expired-card", expired_card=True, birth_range=(1975, 1995))
    assert p.valid_to is not None and p.valid_to < s.when.date()
    s.claim = claim(p.name, p.id_number)
    s.variants = ["id_card_expired"]
    return std_mail(s, p, canonical(p), docs=("copy", "form"), domain="sina.com")


# ---------------------------------------------------------------------------

def write_file(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def main():
    for sub in ("new", "cur", "tmp"):
        d = os.path.join(MAILDIR, sub)
        if os.path.isdir(d):
            for f in os.listdir(d):
                if f != ".gitkeep":
                    os.remove(os.path.join(d, f))
        os.makedirs(d, exist_ok=True)
    write_file(os.path.join(MAILDIR, "tmp", ".gitkeep"), b"")
    if os.path.isdir(EXPECTED):
        for f in os.listdir(EXPECTED):
            if f.endswith(".expected"):
                os.remove(os.path.join(EXPECTED, f))
    os.makedirs(EXPECTED, exist_ok=True)

    for no, (slug, fn) in enumerate(MAILS, 1):
        s = Sample(no, slug)
        s.from_mode = "encoded"
        s.reply_to_addr = None
        data = fn(s)
        if s.linesep == LF:
            assert b"\r\n" not in data, s.name
        fname = s.name + (":2,S" if s.folder == "cur" else "")
        write_file(os.path.join(MAILDIR, s.folder, fname), data)
        exp = expected(s)
        text = json.dumps(exp, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        write_file(os.path.join(EXPECTED, s.name + ".expected"), text.encode("utf-8"))
    print("wrote %d mails to %s" % (len(MAILS), MAILDIR))


if __name__ == "__main__":
    main()
