"""Whole citizen mails for OCR set B: RFC 5322 messages (CRLF, UTF-8, multipart/mixed with
base64 JPEG attachments), one synthetic applicant each.

plan_mail(rng, idx, flaw) decides what a mail carries (which pages, which proof, file names)
and build_mail(...) assembles the bytes once the pictures exist.  Addresses use reserved
example domains only (example.cn, example.com, qq.example, example.gov.cn).
"""

import datetime
import email.policy
from email.header import Header
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr

from people_b import other_name, wrong_check

FLAWS = ["missing_back", "subject_name_differs", "bad_check_digit", "no_form", "no_proof"]

PROOF_FOR = {
    "异地长期居住人员": [("residence_permit", 6), ("hukou", 2), ("commitment", 2)],
    "常驻异地工作人员": [("employment", 8), ("commitment", 2)],
    "异地安置退休人员": [("hukou", 5), ("residence_permit", 3), ("commitment", 2)],
    "临时外出就医人员": [("commitment", 6), ("referral", 4)],
    "异地转诊人员": [("referral", 9), ("commitment", 1)],
}
PROOF_NAMES = {
    "residence_permit": ["居住证明.jpg", "居住证.jpg", "社区居住证明.jpg"],
    "hukou": ["户口本.jpg", "户口簿本人页.jpg"],
    "commitment": ["承诺书.jpg", "个人承诺书.jpg"],
    "employment": ["派出证明.jpg", "单位证明.jpg", "工作证明.jpg", "劳动合同.jpg"],
    "referral": ["转诊证明.jpg", "转院证明.jpg"],
}
BODIES = [
    "您好：\n附件是我的身份证正反面、备案表和证明材料，申请办理跨省异地就医备案，请审核。\n谢谢！\n{name}\n{phone}",
    "你好，我要办理异地就医备案，资料都在附件里了，麻烦帮忙办理一下。联系电话{phone}。",
    "医保局工作人员您好：\n    本人{name}，现申请{filing}跨省异地就医备案，就医地{place}，相关材料见附件。\n"
    "    如有问题请联系{phone}。\n此致\n敬礼",
    "备案材料请查收。",
    "您好，帮我家老人办理一下异地备案，材料在附件，有问题打电话{phone}，谢谢",
    "申请跨省异地就医备案\n姓名：{name}\n电话：{phone}\n就医地：{place}",
]


def _pick_weighted(rng, items):
    total = sum(w for _, w in items)
    r = rng.uniform(0, total)
    for k, w in items:
        r -= w
        if r <= 0:
            return k
    return items[-1][0]


def plan_mail(rng, person, flaw):
    """List of attachment specs: dicts with kind, sub (form template / proof kind) and filename."""
    pieces = []
    both = flaw != "missing_back" and rng.random() < 0.25
    if both:
        pieces.append({"kind": "id_both"})
    else:
        pieces.append({"kind": "id_front"})
        if flaw != "missing_back":
            pieces.append({"kind": "id_back"})
    if flaw != "no_form":
        pieces.append({"kind": "form", "sub": rng.choice("ABC")})
    if flaw != "no_proof":
        pieces.append({"kind": _pick_weighted(rng, PROOF_FOR[person["filing_type"]])})
    if rng.random() < 0.2:
        rng.shuffle(pieces)
    apply = datetime.date.fromisoformat(person["apply_date"])
    when = datetime.datetime(apply.year, apply.month, apply.day, rng.randint(7, 22), rng.randint(0, 59),
                             rng.randint(0, 59))
    style = rng.choice(["named", "named", "camera", "wechat", "mixed"])
    for k, pc in enumerate(pieces):
        t = when - datetime.timedelta(minutes=rng.randint(5, 600) + 3 * k)
        camera = f"IMG_{t:%Y%m%d_%H%M%S}.jpg"
        wechat = f"微信图片_{t:%Y%m%d%H%M%S}.jpg"
        named = {
            "id_front": rng.choice(["身份证正面.jpg", "人像面.jpg", "身份证1.jpg"]),
            "id_back": rng.choice(["身份证反面.jpg", "国徽面.jpg", "身份证2.jpg"]),
            "id_both": rng.choice(["身份证正反面.jpg", "身份证复印件.jpg"]),
            "form": rng.choice(["备案表.jpg", "跨省异地就医登记备案表.jpg", "申请表.jpg"]),
        }.get(pc["kind"]) or rng.choice(PROOF_NAMES[pc["kind"]])
        pc["filename"] = {"named": named, "camera": camera, "wechat": wechat}.get(
            style, rng.choice([named, camera, wechat]))
    names = [pc["filename"] for pc in pieces]
    for k, pc in enumerate(pieces):  # keep names unique within a mail
        if names.count(pc["filename"]) > 1:
            stem, ext = pc["filename"].rsplit(".", 1)
            pc["filename"] = f"{stem}({k + 1}).{ext}"
            names[k] = pc["filename"]
    return pieces, when


def sender(rng, person, idx):
    """From address: pinyin-based or numeric, on example domains only."""
    py = person.get("pinyin")
    if py and rng.random() < 0.7:
        sur, given = py
        local = rng.choice([f"{sur}.{given}.{rng.randint(1000, 9999)}", f"{sur}{given}{rng.randint(1, 99)}",
                            f"{given}_{sur}{rng.randint(1960, 2010)}"])
        domain = rng.choice(["example.cn", "example.com", "mail.example.cn"])
    else:
        local = str(rng.randint(10 ** 8, 10 ** 10 - 1))
        domain = "qq.example"
    return f"{local}@{domain}"


def build_mail(rng, idx, person, flaw, pieces, when, images):
    """RFC 5322 bytes.  `images[i]` is the JPEG for pieces[i]."""
    claim_name, claim_id = person["name"], person["id_number"]
    display = person["name"]
    if flaw == "subject_name_differs":
        claim_name = other_name(rng, person)
        display = claim_name if rng.random() < 0.5 else ""
    if flaw == "bad_check_digit":
        claim_id = wrong_check(person["id_number"])
    subject = f"{claim_name}+{claim_id}+跨省异地就医备案"
    msg = MIMEMultipart("mixed")
    addr = sender(rng, person, idx)
    msg["From"] = formataddr((display, addr), charset="utf-8") if display and rng.random() < 0.8 else addr
    msg["To"] = f"ybj-{person['insured_code']}@example.gov.cn"
    msg["Subject"] = Header(subject, "utf-8", header_name="Subject")
    msg["Date"] = format_datetime(when.replace(tzinfo=datetime.timezone(datetime.timedelta(hours=8))))
    msg["Message-ID"] = f"<{when:%Y%m%d%H%M%S}.{idx:04d}.{rng.getrandbits(40):010x}@{addr.split('@')[1]}>"
    msg.set_boundary(f"----=_Part_{idx}_{rng.getrandbits(48):012x}")
    body = rng.choice(BODIES).format(name=person["name"], phone=person["phone"], filing=person["filing_type"],
                                     place=person["treatment_place"])
    msg.attach(MIMEText(body.replace("\n", "\r\n") + "\r\n", "plain", "utf-8"))
    for pc, data in zip(pieces, images):
        part = MIMEImage(data, "jpeg")
        fn = pc["filename"]
        if fn.isascii():
            part.set_param("name", fn)
            part.add_header("Content-Disposition", "attachment", filename=fn)
        else:
            part.set_param("name", ("utf-8", "", fn))
            part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", fn))
        msg.attach(part)
    policy = email.policy.compat32.clone(linesep="\r\n", max_line_length=78)
    raw = msg.as_bytes(policy=policy)
    return raw, subject


def mail_person(person):
    keys = ["name", "id_number", "sex", "ethnicity", "birth", "address", "authority", "valid_from", "valid_to",
            "insured_place", "insurance_type", "filing_type", "treatment_place", "phone", "start_date"]
    return {k: person[k] for k in keys}


def flaw_plan(rng, count):
    """About half clean, the rest spread evenly over the five flaws."""
    n_clean = (count + 1) // 2
    flaws = [None] * n_clean + [FLAWS[i % len(FLAWS)] for i in range(count - n_clean)]
    rng.shuffle(flaws)
    return flaws
