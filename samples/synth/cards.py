"""Drawing of synthetic documents: ID card sides, the 备案表, proof pages.

All drawings are plain PIL images; `jpeg()` turns them into deterministic JPEG bytes.
The layout constants (FRONT_FIELDS etc.) are kept public so that the OCR tests can
reuse them (for instance to know where a field was drawn).

Fonts: Debian packages fonts-noto-cjk (Noto Sans/Serif CJK SC) and fonts-wqy-zenhei
(used as the "handwriting" for filled-in values), DejaVu for the ID-number digits.
"""

import io
import os
import random

from PIL import Image, ImageDraw, ImageFont

from . import people

FONT_FILES = {
    "sans": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),      # Noto Sans CJK SC
    "sans_bold": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
    "serif": ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),    # Noto Serif CJK SC
    "serif_bold": ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", 2),
    "hand": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),                 # WenQuanYi Zen Hei
    "digits": ("/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf", 0),
}
_font_cache = {}


def font(kind, size):
    key = (kind, size)
    if key not in _font_cache:
        path, index = FONT_FILES[kind]
        if not os.path.exists(path):
            raise SystemExit("font %s missing: install fonts-noto-cjk, fonts-wqy-zenhei, fonts-dejavu-core" % path)
        _font_cache[key] = ImageFont.truetype(path, size, index=index)
    return _font_cache[key]


def jpeg(img, quality=70):
    """Deterministic baseline JPEG bytes (no EXIF, no timestamps)."""
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, optimize=False, progressive=False)
    return buf.getvalue()


def cn_date(d):
    return "%d年%d月%d日" % (d.year, d.month, d.day)


def dot_date(d):
    return d.strftime("%Y.%m.%d")


# ---------------------------------------------------------------------------
# ID card, 85.6 x 54 mm -> 856 x 540 px (10 px/mm)

CARD_SIZE = (856, 540)
CARD_BG = (232, 238, 236)
LABEL_COLOR = (40, 90, 150)
TEXT_COLOR = (20, 20, 20)
# Field name -> (x, y) of the value text on the 人像面 (top-left, px).
FRONT_FIELDS = {
    "name": (150, 52),
    "sex": (150, 122),
    "ethnicity": (330, 122),
    "birth": (150, 192),
    "address": (150, 262),      # first line; further lines +44 px
    "id_number": (300, 448),
}
FRONT_PHOTO_BOX = (590, 60, 800, 330)
BACK_FIELDS = {"authority": (330, 396), "validity": (330, 456)}


def _card_base():
    img = Image.new("RGB", CARD_SIZE, (255, 255, 255))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((4, 4, CARD_SIZE[0] - 5, CARD_SIZE[1] - 5), radius=36, fill=CARD_BG,
                        outline=(170, 180, 180), width=2)
    # faint guilloche-like lines
    for i in range(0, 856, 48):
        d.arc((i - 300, 120, i + 300, 720), 200, 340, fill=(214, 224, 222), width=1)
    return img, d


def card_front(p):
    """人像面 of a 居民身份证 for people.Person p."""
    img, d = _card_base()
    lab = font("sans", 26)
    val = font("sans", 32)
    d.text((60, 58), "姓名", font=lab, fill=LABEL_COLOR)
    d.text(FRONT_FIELDS["name"], p.name, font=val, fill=TEXT_COLOR)
    d.text((60, 128), "性别", font=lab, fill=LABEL_COLOR)
    d.text(FRONT_FIELDS["sex"], p.sex, font=val, fill=TEXT_COLOR)
    d.text((250, 128), "民族", font=lab, fill=LABEL_COLOR)
    d.text(FRONT_FIELDS["ethnicity"], p.ethnicity, font=val, fill=TEXT_COLOR)
    d.text((60, 198), "出生", font=lab, fill=LABEL_COLOR)
    d.text(FRONT_FIELDS["birth"], cn_date(p.birth), font=val, fill=TEXT_COLOR)
    d.text((60, 268), "住址", font=lab, fill=LABEL_COLOR)
    x, y = FRONT_FIELDS["address"]
    for line in people.wrap_address(p.address, 12):
        d.text((x, y), line, font=val, fill=TEXT_COLOR)
        y += 44
    d.text((60, 456), "公民身份号码", font=lab, fill=LABEL_COLOR)
    d.text(FRONT_FIELDS["id_number"], p.id_number, font=font("digits", 36), fill=TEXT_COLOR)
    # photo placeholder
    x0, y0, x1, y1 = FRONT_PHOTO_BOX
    d.rectangle(FRONT_PHOTO_BOX, fill=(200, 200, 200))
    cx = (x0 + x1) // 2
    d.ellipse((cx - 55, y0 + 40, cx + 55, y0 + 175), fill=(150, 150, 150))
    d.pieslice((x0 + 10, y0 + 170, x1 - 10, y1 + 140), 180, 360, fill=(150, 150, 150))
    return img


def card_back(p):
    """国徽面 of a 居民身份证."""
    img, d = _card_base()
    # emblem placeholder
    cx, cy, r = 140, 140, 85
    d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(190, 40, 40), width=6, fill=(240, 215, 210))
    star = []
    import math
    for k in range(10):
        rr = 40 if k % 2 == 0 else 16
        a = -math.pi / 2 + k * math.pi / 5
        star.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    d.polygon(star, fill=(200, 160, 40))
    d.text((300, 70), "中华人民共和国", font=font("serif_bold", 52), fill=TEXT_COLOR)
    d.text((330, 170), "居民身份证", font=font("serif_bold", 66), fill=TEXT_COLOR)
    lab = font("sans", 26)
    val = font("sans", 30)
    d.text((180, 402), "签发机关", font=lab, fill=LABEL_COLOR)
    d.text(BACK_FIELDS["authority"], p.authority, font=val, fill=TEXT_COLOR)
    d.text((180, 462), "有效期限", font=lab, fill=LABEL_COLOR)
    d.text(BACK_FIELDS["validity"], validity_text(p), font=val, fill=TEXT_COLOR)
    return img


def validity_text(p):
    end = "长期" if p.valid_to is None else dot_date(p.valid_to)
    return "%s-%s" % (dot_date(p.valid_from), end)


# ---------------------------------------------------------------------------
# A4 pages at 100 dpi, grayscale

A4 = (827, 1169)


def _page():
    img = Image.new("L", A4, 255)
    return img, ImageDraw.Draw(img)


def _hand(d, xy, text, rng, size=24, max_width=None):
    """Filled-in value: WenQuanYi Zen Hei with a small deterministic jitter.

    With max_width the size shrinks until the text fits (like a citizen writing smaller)."""
    x, y = xy
    if max_width:
        while size > 12 and d.textlength(text, font=font("hand", size)) > max_width:
            size -= 1
    d.text((x + rng.randint(-2, 2), y + rng.randint(-2, 2) + (24 - min(size, 24)) // 2), text,
           font=font("hand", size), fill=35)


def _tick(d, box):
    x0, y0, x1, y1 = box
    d.line((x0 + 3, (y0 + y1) // 2, (x0 + x1) // 2 - 1, y1 - 3), fill=20, width=3)
    d.line(((x0 + x1) // 2 - 1, y1 - 3, x1 + 4, y0 - 4), fill=20, width=3)


def _center(d, y, text, f, width=A4[0]):
    w = d.textlength(text, font=f)
    d.text(((width - w) / 2, y), text, font=f, fill=0)


def form_page(p, sign_date, agent=None, leave_blank=()):
    """《跨省异地就医登记备案表》 filled for person p.

    agent: optional (name, id_number, phone, relation) for 代办人.
    leave_blank: field keys to leave empty (e.g. {"phone"}) for incomplete-form variants.
    Returns a grayscale PIL image.
    """
    rng = random.Random("beian-form:" + p.seed)
    img, d = _page()
    _center(d, 50, "跨省异地就医登记备案表", font("serif_bold", 34))
    d.text((60, 110), "参保地经办机构：" + p.insured_place + "医疗保障事务中心", font=font("sans", 16), fill=0)
    lab = font("sans", 18)
    left, right = 50, 777
    col = (50, 180, 440, 590, 777)  # label | value | label | value
    rows = []
    y = 140
    h = 56

    def cell_row(l1, v1, l2=None, v2=None, height=h):
        nonlocal y
        d.rectangle((left, y, right, y + height), outline=0, width=2)
        d.line((col[1], y, col[1], y + height), fill=0, width=1)
        d.text((col[0] + 10, y + (height - 22) // 2), l1, font=lab, fill=0)
        if l2 is None:
            if v1:
                _hand(d, (col[1] + 12, y + (height - 26) // 2), v1, rng, max_width=right - col[1] - 24)
        else:
            d.line((col[2], y, col[2], y + height), fill=0, width=1)
            d.line((col[3], y, col[3], y + height), fill=0, width=1)
            if v1:
                _hand(d, (col[1] + 12, y + (height - 26) // 2), v1, rng, max_width=col[2] - col[1] - 20)
            d.text((col[2] + 10, y + (height - 22) // 2), l2, font=lab, fill=0)
            if v2:
                _hand(d, (col[3] + 10, y + (height - 26) // 2), v2, rng, max_width=right - col[3] - 16)
        rows.append((l1, y))
        y += height

    def val(key, text):
        return "" if key in leave_blank else text

    cell_row("参保人姓名", val("name", p.name), "性别", val("sex", p.sex))
    cell_row("证件类型", "居民身份证", "证件号码", val("id_number", p.id_number))
    cell_row("参保地", p.insured_place, "参保险种", p.insurance)
    cell_row("单位名称", p.employer)
    cell_row("联系电话", val("phone", p.phone))
    cell_row("联系地址", val("address", p.address))
    # 备案类型 checkboxes
    bh = 130
    d.rectangle((left, y, right, y + bh), outline=0, width=2)
    d.line((col[1], y, col[1], y + bh), fill=0, width=1)
    d.text((col[0] + 10, y + bh // 2 - 11), "备案类型", font=lab, fill=0)
    small = font("sans", 16)
    d.text((col[1] + 10, y + 8), "异地长期居住人员：", font=small, fill=0)
    d.text((col[1] + 10, y + 70), "临时外出就医人员：", font=small, fill=0)
    for i, t in enumerate(people.FILING_TYPES):
        bx = col[1] + 10 + (i % 3) * 196
        by = y + 34 + (i // 3) * 62
        box = (bx, by, bx + 18, by + 18)
        d.rectangle(box, outline=0, width=2)
        d.text((bx + 26, by - 2), t, font=small, fill=0)
        if t == p.filing_type and "filing_type" not in leave_blank:
            _tick(d, box)
    rows.append(("备案类型", y))
    y += bh
    cell_row("就医地", val("treatment_place", p.treatment_place), "定点医疗机构", p.hospital)
    cell_row("开始日期", val("start_date", cn_date(p.start_date)), "结束日期",
             "" if p.end_date is None else cn_date(p.end_date))
    # 代办人
    a = agent or ("", "", "", "")
    cell_row("代办人姓名", a[0], "代办人证件号码", a[1])
    cell_row("代办人电话", a[2], "与参保人关系", a[3])
    # signature
    sh = 110
    d.rectangle((left, y, right, y + sh), outline=0, width=2)
    d.line((col[1], y, col[1], y + sh), fill=0, width=1)
    d.line((col[3], y, col[3], y + sh), fill=0, width=1)
    d.text((col[0] + 10, y + sh // 2 - 11), "申请人签字", font=lab, fill=0)
    d.text((col[3] - 110, y + sh // 2 - 11), "日期", font=lab, fill=0)
    d.text((col[1] + 12, y + 8), "本人承诺以上信息真实有效。", font=small, fill=0)
    if "signature" not in leave_blank:
        sig = Image.new("L", (260, 60), 255)
        ImageDraw.Draw(sig).text((6, 8), p.name, font=font("hand", 38), fill=25)
        sig = sig.rotate(rng.uniform(-6, 6), resample=Image.BICUBIC, fillcolor=255)
        img.paste(sig, (col[1] + 40, y + 38))
    _hand(d, (col[3] + 12, y + sh // 2 - 13), cn_date(sign_date), rng, size=22)
    rows.append(("申请人签字", y))
    y += sh
    d.text((60, y + 20), "注：临时外出就医人员须填写结束日期；异地转诊人员须填写定点医疗机构。", font=small, fill=0)
    d.text((60, y + 48), "经办机构（盖章）：                      经办人：              日期：", font=small, fill=0)
    return img


PROOF_TEXT = {
    "户口簿": ("常住人口登记卡", ["户主或与户主关系：本人", "籍贯：{native}", "出生地：{native}",
                            "住址：{address}", "公民身份证件编号：{id}", "登记日期：{issued}"]),
    "居住证": ("居住证", ["姓名：{name}", "公民身份号码：{id}", "居住地址：{place}某街道某社区",
                       "签发机关：{place}公安局", "有效期限：一年，逐年签注"]),
    "派出证明": ("派出证明", ["兹有我单位职工{name}（身份证号：{id}），", "因工作需要常驻{place}工作，",
                          "特此证明。", "单位（盖章）：{employer}"]),
    "转诊证明": ("转诊证明", ["患者{name}，身份证号{id}，", "因病情需要，经我院专家会诊，",
                          "建议转往{place}{hospital}进一步诊治。", "转出医院（盖章）：什邡市人民医院"]),
    "个人承诺书": ("个人承诺书", ["本人{name}（身份证号：{id}），", "申请办理跨省异地就医备案，",
                            "备案类型：{ftype}，就医地：{place}。", "本人承诺所提供的信息真实有效，",
                            "如有虚假，愿承担相应责任。", "承诺人：{name}"]),
}


def proof_page(kind, p, sign_date):
    """Simple proof page: 户口簿 / 居住证 / 派出证明 / 转诊证明 / 个人承诺书."""
    rng = random.Random("beian-proof:%s:%s" % (kind, p.seed))
    title, lines = PROOF_TEXT[kind]
    img, d = _page()
    if kind == "户口簿":
        d.rectangle((40, 40, 787, 700), outline=0, width=3)
    _center(d, 80, title, font("serif_bold", 40))
    native = p.address[:9]
    y = 180
    for line in lines:
        text = line.format(name=p.name, id=p.id_number, address=p.address, native=native,
                           issued=cn_date(p.valid_from), place=p.treatment_place,
                           employer=p.employer or "什邡市某有限公司", hospital=p.hospital or "人民医院",
                           ftype=p.filing_type)
        if kind == "户口簿":
            d.text((80, y), text, font=font("sans", 22), fill=0)
        else:
            _hand(d, (80, y), text, rng, size=26)
        y += 58
    _hand(d, (480, y + 60), cn_date(sign_date), rng, size=24)
    return img


def copy_page(p, dpi=150):
    """Both card sides photocopied on one A4 page (grayscale)."""
    w, h = int(210 / 25.4 * dpi), int(297 / 25.4 * dpi)
    cw, ch = int(85.6 / 25.4 * dpi), int(54 / 25.4 * dpi)
    img = Image.new("L", (w, h), 250)
    front = card_front(p).convert("L").resize((cw, ch), Image.LANCZOS)
    back = card_back(p).convert("L").resize((cw, ch), Image.LANCZOS)
    x = (w - cw) // 2
    img.paste(front, (x, int(h * 0.12)))
    img.paste(back, (x, int(h * 0.12) + ch + int(0.6 * dpi)))
    return img


def small_photo(text="照片", size=(320, 240)):
    """A tiny inline image (for multipart/related bodies)."""
    img = Image.new("RGB", size, (245, 240, 230))
    d = ImageDraw.Draw(img)
    d.rectangle((8, 8, size[0] - 9, size[1] - 9), outline=(120, 120, 120), width=3)
    d.text((30, size[1] // 2 - 20), text, font=font("sans", 32), fill=(60, 60, 60))
    return img
