"""Drawing of synthetic documents: ID card sides, the 备案表, proof pages.

All drawings are plain PIL images; `jpeg()` turns them into deterministic JPEG bytes.
The layout constants (FRONT_FIELDS etc.) are kept public so that the OCR tests can
reuse them (for instance to know where a field was drawn).

Fonts: Debian packages fonts-noto-cjk (Noto Sans/Serif CJK SC) and fonts-wqy-zenhei
(used as the "handwriting" for filled-in values), DejaVu for the ID-number digits.

Everything new since the sample mailbox was made is opt-in (keyword arguments whose
default is the old drawing, or new functions), because samples/generate_mailbox.py must
keep producing byte-identical mails: `scale` draws a document at a higher resolution
(all coordinates stay in the 1x units below), `layout` moves and resizes the card texts
(CardLayout, varied_front_layout/varied_back_layout), form_page_pairs/form_page_lines
are two further 备案表 templates. Only the OCR evaluation set uses them.
"""

import io
import math
import os
import random

from PIL import Image, ImageChops, ImageDraw, ImageFont

from . import people

FONT_FILES = {
    "sans": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),      # Noto Sans CJK SC
    "sans_bold": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
    "serif": ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),    # Noto Serif CJK SC
    "serif_bold": ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", 2),
    "hand": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),                 # WenQuanYi Zen Hei
    "digits": ("/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf", 0),
    "digits_regular": ("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf", 0),  # opt-in layouts only
    # the 'fonts' variety only (fonts-arphic-ukai/-uming, fonts-wqy-microhei, fonts-ocr-b, fonts-liberation)
    "kai": ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),                      # AR PL UKai CN
    "ming": ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),                    # AR PL UMing CN
    "microhei": ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),            # WenQuanYi Micro Hei
    "ocrb": ("/usr/share/fonts/opentype/ocr-b/OCRB.otf", 0),
    "mono": ("/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf", 0),
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


def _scaled_font(f, s):
    """The same font face as FreeTypeFont f at s times its size."""
    size = max(1, round(f.size * s))
    key = (f.path, f.index, size)
    if key not in _font_cache:
        _font_cache[key] = ImageFont.truetype(f.path, size, index=f.index)
    return _font_cache[key]


class _ScaledDraw:
    """ImageDraw stand-in: takes coordinates, widths and fonts in 1x units, draws at scale s.

    Only used for scale != 1, so scale-1 drawings are the plain ImageDraw calls."""

    def __init__(self, img, s):
        self._d = ImageDraw.Draw(img)
        self.s = s

    def _xy(self, xy):
        if xy and isinstance(xy[0], (tuple, list)):
            return [(x * self.s, y * self.s) for x, y in xy]
        return [v * self.s for v in xy]

    def _w(self, width):
        return max(1, round(width * self.s))

    def text(self, xy, text, font, fill=None):
        self._d.text(tuple(self._xy(xy)), text, font=_scaled_font(font, self.s), fill=fill)

    def textlength(self, text, font):
        return self._d.textlength(text, font=_scaled_font(font, self.s)) / self.s

    def rectangle(self, xy, fill=None, outline=None, width=1):
        self._d.rectangle(self._xy(xy), fill=fill, outline=outline, width=self._w(width))

    def rounded_rectangle(self, xy, radius=0, fill=None, outline=None, width=1):
        self._d.rounded_rectangle(self._xy(xy), radius=radius * self.s, fill=fill, outline=outline,
                                  width=self._w(width))

    def line(self, xy, fill=None, width=1):
        self._d.line(self._xy(xy), fill=fill, width=self._w(width))

    def arc(self, xy, start, end, fill=None, width=1):
        self._d.arc(self._xy(xy), start, end, fill=fill, width=self._w(width))

    def ellipse(self, xy, fill=None, outline=None, width=1):
        self._d.ellipse(self._xy(xy), fill=fill, outline=outline, width=self._w(width))

    def pieslice(self, xy, start, end, fill=None, outline=None, width=1):
        self._d.pieslice(self._xy(xy), start, end, fill=fill, outline=outline, width=self._w(width))

    def polygon(self, xy, fill=None, outline=None):
        self._d.polygon(self._xy(xy), fill=fill, outline=outline)


def _canvas(mode, size, color, scale=1):
    """New image of `size` (1x units) drawn at `scale`: (image, draw)."""
    if scale == 1:
        img = Image.new(mode, size, color)
        return img, ImageDraw.Draw(img)
    img = Image.new(mode, (round(size[0] * scale), round(size[1] * scale)), color)
    return img, _ScaledDraw(img, scale)


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
FRONT_LABELS = {"name": "姓名", "sex": "性别", "ethnicity": "民族", "birth": "出生", "address": "住址",
                "id_number": "公民身份号码"}
BACK_LABELS = {"authority": "签发机关", "validity": "有效期限"}
SPACED_LABELS = ("name", "sex", "ethnicity", "birth", "address")  # printed "姓 名" on real cards


class CardLayout:
    """Where and how large the texts of one card side are drawn (card px at scale 1).

    labels / values: field key -> top-left (x, y) of the label / value text; `marks` are
    the printed parts that are neither (front: "photo" box; back: "emblem" centre,
    "country" and "title" text positions). label_gap > 0 letter-spaces the labels in
    SPACED_LABELS by that many px (0: one word, as set A always had)."""

    def __init__(self, labels, values, marks, label_size=26, value_size=32, digit_size=36,
                 label_gap=0, address_chars=12, line_pitch=44, value_font="sans", digit_font="digits",
                 label_font="sans"):
        self.labels, self.values, self.marks = dict(labels), dict(values), dict(marks)
        self.label_size, self.value_size, self.digit_size = label_size, value_size, digit_size
        self.label_gap, self.address_chars, self.line_pitch = label_gap, address_chars, line_pitch
        self.value_font, self.digit_font, self.label_font = value_font, digit_font, label_font


FRONT_LAYOUT = CardLayout(
    labels={"name": (60, 58), "sex": (60, 128), "ethnicity": (250, 128), "birth": (60, 198),
            "address": (60, 268), "id_number": (60, 456)},
    values=FRONT_FIELDS, marks={"photo": FRONT_PHOTO_BOX})
BACK_LAYOUT = CardLayout(
    labels={"authority": (180, 402), "validity": (180, 462)}, values=BACK_FIELDS,
    marks={"emblem": (140, 140), "country": (300, 70), "title": (330, 170)}, value_size=30)


def _card_base(scale=1):
    img, d = _canvas("RGB", CARD_SIZE, (255, 255, 255), scale)
    d.rounded_rectangle((4, 4, CARD_SIZE[0] - 5, CARD_SIZE[1] - 5), radius=36, fill=CARD_BG,
                        outline=(170, 180, 180), width=2)
    # faint guilloche-like lines
    for i in range(0, 856, 48):
        d.arc((i - 300, 120, i + 300, 720), 200, 340, fill=(214, 224, 222), width=1)
    return img, d


def card_mask(scale=1):
    """L mask of the card's rounded shape (255 inside), for putting a card on a background."""
    img, d = _canvas("L", CARD_SIZE, 0, scale)
    d.rounded_rectangle((4, 4, CARD_SIZE[0] - 5, CARD_SIZE[1] - 5), radius=36, fill=255)
    return img


def _front_texts(p, L):
    """The 人像面 texts in drawing order: (xy, text, font, fill, letter_gap)."""
    lab = font(L.label_font, L.label_size)
    val = font(L.value_font, L.value_size)
    out = []
    for key, value in (("name", p.name), ("sex", p.sex), ("ethnicity", p.ethnicity),
                       ("birth", cn_date(p.birth))):
        out.append((L.labels[key], FRONT_LABELS[key], lab, LABEL_COLOR, L.label_gap))
        out.append((L.values[key], value, val, TEXT_COLOR, 0))
    out.append((L.labels["address"], FRONT_LABELS["address"], lab, LABEL_COLOR, L.label_gap))
    x, y = L.values["address"]
    for line in people.wrap_address(p.address, L.address_chars):
        out.append(((x, y), line, val, TEXT_COLOR, 0))
        y += L.line_pitch
    out.append((L.labels["id_number"], FRONT_LABELS["id_number"], lab, LABEL_COLOR, 0))
    out.append((L.values["id_number"], p.id_number, font(L.digit_font, L.digit_size), TEXT_COLOR, 0))
    return out


def _back_texts(p, L):
    """The 国徽面 texts in drawing order: (xy, text, font, fill, letter_gap)."""
    lab = font(L.label_font, L.label_size)
    val = font(L.value_font, L.value_size)
    return [
        (L.marks["country"], "中华人民共和国", font("serif_bold", 52), TEXT_COLOR, 0),
        (L.marks["title"], "居民身份证", font("serif_bold", 66), TEXT_COLOR, 0),
        (L.labels["authority"], BACK_LABELS["authority"], lab, LABEL_COLOR, 0),
        (L.values["authority"], p.authority, val, TEXT_COLOR, 0),
        (L.labels["validity"], BACK_LABELS["validity"], lab, LABEL_COLOR, 0),
        (L.values["validity"], validity_text(p), val, TEXT_COLOR, 0),
    ]


def _draw_text(d, item):
    """Draw one (xy, text, font, fill, letter_gap) item; gap > 0 spaces the characters."""
    xy, text, f, fill, gap = item
    if not gap:
        d.text(xy, text, font=f, fill=fill)
        return
    x, y = xy
    for ch in text:
        d.text((x, y), ch, font=f, fill=fill)
        x += d.textlength(ch, font=f) + gap


def _text_box(item):
    """Ink box (x0, y0, x1, y1) of a text item at scale 1."""
    (x, y), text, f, _, gap = item
    _, top, _, bottom = f.getbbox(text)
    return (x, y + top, x + f.getlength(text) + gap * (len(text) - 1), y + bottom)


def card_front(p, layout=None, scale=1):
    """人像面 of a 居民身份证 for people.Person p.

    layout: a CardLayout (default FRONT_LAYOUT, the set-A geometry); scale: draw at
    scale times 856 x 540 px."""
    L = layout or FRONT_LAYOUT
    img, d = _card_base(scale)
    for item in _front_texts(p, L):
        _draw_text(d, item)
    # photo placeholder
    x0, y0, x1, y1 = L.marks["photo"]
    d.rectangle(L.marks["photo"], fill=(200, 200, 200))
    cx = (x0 + x1) // 2
    d.ellipse((cx - 55, y0 + 40, cx + 55, y0 + 175), fill=(150, 150, 150))
    d.pieslice((x0 + 10, y0 + 170, x1 - 10, y1 + 140), 180, 360, fill=(150, 150, 150))
    return img


def card_back(p, layout=None, scale=1):
    """国徽面 of a 居民身份证 (layout / scale as for card_front, default BACK_LAYOUT)."""
    L = layout or BACK_LAYOUT
    img, d = _card_base(scale)
    # emblem placeholder
    (cx, cy), r = L.marks["emblem"], 85
    d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(190, 40, 40), width=6, fill=(240, 215, 210))
    star = []
    for k in range(10):
        rr = 40 if k % 2 == 0 else 16
        a = -math.pi / 2 + k * math.pi / 5
        star.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    d.polygon(star, fill=(200, 160, 40))
    for item in _back_texts(p, L):
        _draw_text(d, item)
    return img


# Varied layouts (opt-in): columns, rows and marks move by up to ±5 % of the card size,
# value fonts by ±15 %; a draw is kept only if no two texts or marks overlap.

SAFE_BOX = (26, 18, CARD_SIZE[0] - 26, CARD_SIZE[1] - 18)


def _jitter_xy(rng, xy, dx=0.0, dy=0.0, frac=0.05):
    """xy moved by (dx, dy) plus up to ±frac of the card size (frac=0: only the shift)."""
    return (round(xy[0] + dx + rng.uniform(-frac, frac) * CARD_SIZE[0]),
            round(xy[1] + dy + rng.uniform(-frac, frac) * CARD_SIZE[1]))


def _boxes_fit(boxes, pad_x=6, pad_y=12):
    """True if every box lies in SAFE_BOX and no two boxes come closer than pad_x px
    side by side or pad_y px one above the other."""
    for b in boxes:
        if b[0] < SAFE_BOX[0] or b[1] < SAFE_BOX[1] or b[2] > SAFE_BOX[2] or b[3] > SAFE_BOX[3]:
            return False
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if a[0] < b[2] + pad_x and b[0] < a[2] + pad_x and a[1] < b[3] + pad_y and b[1] < a[3] + pad_y:
                return False
    return True


def _label_end(key, labels, size, gap, face="sans"):
    """Right edge of label `key` drawn at labels[key] in font `face` at `size` with letter gap."""
    text = FRONT_LABELS.get(key) or BACK_LABELS[key]
    if key not in SPACED_LABELS:
        gap = 0
    return labels[key][0] + font(face, size).getlength(text) + gap * (len(text) - 1)


def _baseline_shift(label_size, value_size, base_label, base_value, ascent=0.88):
    """dy that keeps a value on its label's baseline when both sizes change."""
    return round(ascent * (label_size - base_label) - ascent * (value_size - base_value))


def _jitter_values(rng, base, keys, labels, label_size, gap, dx, rows, dy_for, face="sans"):
    """Values of `keys` in order: base position + column shift dx + row shift, never
    closer than 1 % of the card width to the end of their label (drawn in `face`)."""
    w = CARD_SIZE[0]
    values = {}
    for k in keys:
        x, y = _jitter_xy(rng, base[k], dx, rows[k] + dy_for(k), 0.01)
        x = max(x, round(_label_end(k, labels, label_size, gap, face) + rng.uniform(0.012, 0.03) * w))
        values[k] = (x, y)
    return values


def _draw_front_layout(rng, faces=None):
    """One random letter-spaced 人像面 layout (not yet checked for overlaps); faces: optional
    {"label", "value", "digit"} font kinds instead of the set-A ones."""
    faces = faces or {}
    label_face = faces.get("label", "sans")
    w, h = CARD_SIZE
    label_size = round(26 * rng.uniform(0.92, 1.08))
    gap = round(label_size * rng.uniform(0.5, 1.1))
    value_size = round(32 * rng.uniform(0.85, 1.15))
    digit_size = round(36 * rng.uniform(0.85, 1.15))
    lab_dx, val_dx = (rng.uniform(-0.05, 0.05) * w for _ in range(2))
    rows = {k: rng.uniform(-0.05, 0.05) * h for k in ("name", "sex", "birth", "address", "id_number")}
    rows["ethnicity"] = rows["sex"]

    def dy_for(k):
        if k == "id_number":
            return _baseline_shift(label_size, digit_size, 26, 36, ascent=0.76)
        return _baseline_shift(label_size, value_size, 26, 32)

    labels = {k: _jitter_xy(rng, xy, lab_dx, rows[k], 0.01) for k, xy in FRONT_LAYOUT.labels.items()}
    values = _jitter_values(rng, FRONT_FIELDS, ("name", "sex"), labels, label_size, gap, val_dx, rows, dy_for,
                            label_face)
    # 民族 follows the 性别 value, whatever its size
    labels["ethnicity"] = (round(values["sex"][0] + value_size + rng.uniform(0.06, 0.12) * w), labels["sex"][1])
    values.update(_jitter_values(rng, FRONT_FIELDS, ("ethnicity", "birth", "address", "id_number"), labels,
                                 label_size, gap, val_dx, rows, dy_for, label_face))
    photo = _jitter_xy(rng, FRONT_PHOTO_BOX[:2])
    photo_box = photo + (photo[0] + FRONT_PHOTO_BOX[2] - FRONT_PHOTO_BOX[0],
                         photo[1] + FRONT_PHOTO_BOX[3] - FRONT_PHOTO_BOX[1])
    chars = int((photo_box[0] - 10 - values["address"][0]) / value_size)
    return CardLayout(labels, values, {"photo": photo_box}, label_size=label_size,
                      value_size=value_size, digit_size=digit_size, label_gap=gap,
                      address_chars=max(6, chars), line_pitch=round(value_size * rng.uniform(1.25, 1.45)),
                      value_font=faces.get("value") or rng.choice(("sans", "sans", "sans_bold")),
                      digit_font=faces.get("digit") or rng.choice(("digits", "digits_regular")),
                      label_font=label_face)


def _draw_back_layout(rng, faces=None):
    """One random 国徽面 layout (labels stay one word, as on real cards); faces as for the front."""
    faces = faces or {}
    w, h = CARD_SIZE
    label_size = round(26 * rng.uniform(0.92, 1.08))
    value_size = round(30 * rng.uniform(0.85, 1.15))
    lab_dx, val_dx = (rng.uniform(-0.05, 0.05) * w for _ in range(2))
    rows = {k: rng.uniform(-0.05, 0.05) * h for k in BACK_LAYOUT.labels}
    labels = {k: _jitter_xy(rng, xy, lab_dx, rows[k], 0.01) for k, xy in BACK_LAYOUT.labels.items()}
    values = _jitter_values(rng, BACK_FIELDS, ("authority", "validity"), labels, label_size, 0, val_dx, rows,
                            lambda k: _baseline_shift(label_size, value_size, 26, 30), faces.get("label", "sans"))
    marks = {k: _jitter_xy(rng, xy) for k, xy in BACK_LAYOUT.marks.items()}
    return CardLayout(labels, values, marks, label_size=label_size, value_size=value_size,
                      value_font=faces.get("value") or rng.choice(("sans", "sans", "sans_bold")),
                      label_font=faces.get("label", "sans"))


def _front_boxes(p, L):
    """Ink boxes of everything card_front(p, L) prints (texts and the photo)."""
    x0, y0, x1, y1 = L.marks["photo"]
    photo = (x0, y0, x1, (y0 + y1 + 310) // 2)  # the bust's pie slice reaches below the box
    return [_text_box(t) for t in _front_texts(p, L)] + [photo]


def _back_boxes(p, L):
    """Ink boxes of everything card_back(p, L) prints (texts and the emblem)."""
    (cx, cy), r = L.marks["emblem"], 88
    return [_text_box(t) for t in _back_texts(p, L)] + [(cx - r, cy - r, cx + r, cy + r)]


def varied_front_layout(p, rng, tries=200, faces=None):
    """A letter-spaced 人像面 layout for p whose texts do not overlap (rng: random.Random;
    faces: see _draw_front_layout). Falls back to the set-A positions with spaced labels
    if no draw fits."""
    for _ in range(tries):
        L = _draw_front_layout(rng, faces)
        if _boxes_fit(_front_boxes(p, L)):
            return L
    return CardLayout(FRONT_LAYOUT.labels, FRONT_LAYOUT.values, FRONT_LAYOUT.marks, label_gap=10)


def varied_back_layout(p, rng, tries=200, faces=None):
    """A jittered 国徽面 layout for p whose texts do not overlap (fallback BACK_LAYOUT)."""
    for _ in range(tries):
        L = _draw_back_layout(rng, faces)
        if _boxes_fit(_back_boxes(p, L)):
            return L
    return BACK_LAYOUT


def validity_text(p):
    end = "长期" if p.valid_to is None else dot_date(p.valid_to)
    return "%s-%s" % (dot_date(p.valid_from), end)


# ---------------------------------------------------------------------------
# A4 pages at 100 dpi, grayscale

A4 = (827, 1169)


def _page(scale=1):
    return _canvas("L", A4, 255, scale)


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


def _signature(img, xy, name, rng, scale=1, size=38, transparent=False, max_width=None):
    """Paste the handwritten name, slightly rotated, at xy (1x units).

    transparent: keep the lines and text under it (only the ink darkens the page);
    max_width: write smaller until the name fits that many px."""
    while max_width and size > 14 and font("hand", size).getlength(name) > max_width - 8:
        size -= 1
    sig = Image.new("L", (round(260 * scale), round(60 * scale)), 255)
    ImageDraw.Draw(sig).text((6 * scale, 8 * scale), name, font=font("hand", round(size * scale)), fill=25)
    sig = sig.rotate(rng.uniform(-6, 6), resample=Image.BICUBIC, fillcolor=255)
    at = (round(xy[0] * scale), round(xy[1] * scale))
    if transparent:
        sig = ImageChops.darker(img.crop(at + (at[0] + sig.width, at[1] + sig.height)), sig)
    img.paste(sig, at)


def form_page(p, sign_date, agent=None, leave_blank=(), scale=1):
    """《跨省异地就医登记备案表》 filled for person p.

    agent: optional (name, id_number, phone, relation) for 代办人.
    leave_blank: field keys to leave empty (e.g. {"phone"}) for incomplete-form variants.
    scale: draw at scale x 100 dpi (same layout).
    Returns a grayscale PIL image.
    """
    rng = random.Random("beian-form:" + p.seed)
    img, d = _page(scale)
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
        _signature(img, (col[1] + 40, y + 38), p.name, rng, scale)
    _hand(d, (col[3] + 12, y + sh // 2 - 13), cn_date(sign_date), rng, size=22)
    rows.append(("申请人签字", y))
    y += sh
    d.text((60, y + 20), "注：临时外出就医人员须填写结束日期；异地转诊人员须填写定点医疗机构。", font=small, fill=0)
    d.text((60, y + 48), "经办机构（盖章）：                      经办人：              日期：", font=small, fill=0)
    return img


# Further 备案表 templates (opt-in, evaluation set only). Each returns (image, shown):
# shown = the form fields the page really carries, with the keys the OCR reader reports
# (name, sex, id_number, insured_place, insurance_type, filing_type, treatment_place,
# phone, contact_address, start_date, signature, apply_date).

FORM_TITLES = ("跨省异地就医登记备案表", "四川省跨省异地就医登记备案表",
               "______省（区、市）跨省异地就医登记备案表", "基本医疗保险跨省异地就医登记备案表")
INSURANCE_WRITTEN = {"职工基本医疗保险": ("职工基本医疗保险", "职工医保"),
                     "城乡居民基本医疗保险": ("城乡居民基本医疗保险", "居民医保")}


def date_text(d, style):
    """A date as people write it: style "cn" 2026年1月5日, "dash" 2026-01-05, "dot" 2026.01.05."""
    if style == "cn":
        return cn_date(d)
    return d.strftime("%Y-%m-%d" if style == "dash" else "%Y.%m.%d")


def _form_title(d, rng, y):
    """A randomly worded title (sometimes in 《》), centred at y; returns the y below it."""
    title = rng.choice(FORM_TITLES)
    if rng.random() < 0.4:
        title = "《%s》" % title
    kind, size = rng.choice(("serif_bold", "sans_bold")), rng.randint(26, 32)
    while d.textlength(title, font=font(kind, size)) > A4[0] - 80:
        size -= 1
    _center(d, y, title, font(kind, size))
    return y + size + 28


def _mark_option(d, box, style, rng):
    """Mark a printed option box: "tick" = a hand-drawn √, "fill" = ■, "glyph" = a written √."""
    if style == "fill":
        d.rectangle(box, fill=30)
    elif style == "tick":
        _tick(d, box)
    else:
        x0, y0, _, _ = box
        d.text((x0 - 1 + rng.randint(-1, 1), y0 - 6 + rng.randint(-1, 1)), "√", font=font("hand", 24), fill=25)


class _Ruled:
    """A ruled table drawn row by row (1x units), for form_page_pairs."""

    def __init__(self, d, rng, left, right, y, cols, lab_font, shade):
        self.d, self.rng, self.left, self.right, self.y = d, rng, left, right, y
        self.cols, self.lab, self.shade = cols, lab_font, shade

    def _cell_label(self, x0, x1, height, text):
        if self.shade is not None:
            self.d.rectangle((x0 + 1, self.y + 1, x1 - 1, self.y + height - 1), fill=self.shade)
        f = self.lab
        while f.size > 11 and self.d.textlength(text, font=f) > x1 - x0 - 12:
            f = _scaled_font(f, (f.size - 1) / f.size)
        self.d.text((x0 + 6, self.y + (height - f.size) // 2 - 2), text, font=f, fill=0)

    def pair_row(self, l1, v1, l2, v2, height):
        """label | value | label | value."""
        c = self.cols
        self.d.rectangle((self.left, self.y, self.right, self.y + height), outline=0, width=1)
        for x in c[1:4]:
            self.d.line((x, self.y, x, self.y + height), fill=0, width=1)
        self._cell_label(c[0], c[1], height, l1)
        self._cell_label(c[2], c[3], height, l2)
        for x0, x1, v in ((c[1], c[2], v1), (c[3], self.right, v2)):
            if v:
                _hand(self.d, (x0 + 10, self.y + (height - 26) // 2), v, self.rng, max_width=x1 - x0 - 18)
        self.y += height

    def wide_row(self, label, height):
        """label | one wide cell; returns the cell's (x0, y0, x1, y1) for the caller to fill."""
        c = self.cols
        self.d.rectangle((self.left, self.y, self.right, self.y + height), outline=0, width=1)
        self.d.line((c[1], self.y, c[1], self.y + height), fill=0, width=1)
        self._cell_label(c[0], c[1], height, label)
        box = (c[1], self.y, self.right, self.y + height)
        self.y += height
        return box


def _option_cell(d, box, chosen, mark_style, rng, size):
    """The six 备案类型 as printed options in two columns, the chosen one marked."""
    x0, y0, x1, y1 = box
    f = font("sans", size)
    pitch = (y1 - y0 - 12) / 3
    for i, t in enumerate(people.FILING_TYPES):
        bx = x0 + 12 + (i % 2) * (x1 - x0) // 2
        by = round(y0 + 8 + (i // 2) * pitch + (pitch - size) / 2)
        b = (bx, by + 2, bx + size - 2, by + size)
        d.rectangle(b, outline=0, width=1)
        d.text((bx + size + 6, by - 2), t, font=f, fill=0)
        if t == chosen:
            _mark_option(d, b, mark_style, rng)


def _ruled_table(d, rng, left, right, y):
    """A _Ruled table from y with random label face, column widths, label shading and row
    height: returns (table, its four column edges, the row height)."""
    lab = font(rng.choice(("sans", "serif")), rng.randint(16, 18))
    a, c = rng.randint(112, 132), rng.randint(96, 116)
    b = round((right - left - a - c) * rng.uniform(0.47, 0.54))
    cols = (left, left + a, left + a + b, left + a + b + c)
    t = _Ruled(d, rng, left, right, y, cols, lab, rng.choice((None, 232, 240)))
    return t, cols, rng.randint(46, 58)


def form_page_pairs(p, sign_date, seed="", scale=1):
    """备案表 template B: a ruled table with two label-value pairs per row
    (参保人姓名, 公民身份号码, 手机号码, 参保统筹区, 拟就医地, 人员类别 ...), the
    人员类别 ticked (√) or filled (■) among printed options. Returns (image, shown)."""
    rng = random.Random("beian-form-pairs:%s:%s" % (seed, p.seed))
    img, d = _page(scale)
    m = rng.randint(42, 70)
    left, right = m, A4[0] - m
    y = _form_title(d, rng, rng.randint(40, 70))
    small = font("sans", 15)
    d.text((left, y), "编号：", font=small, fill=0)
    y += 30
    t, cols, h = _ruled_table(d, rng, left, right, y)
    date_style = rng.choice(("cn", "dash", "dot"))
    shown = {"name", "sex", "id_number", "phone", "insured_place", "insurance_type", "filing_type",
             "treatment_place", "start_date", "signature", "apply_date"}

    def persons():
        t.pair_row("参保人姓名", p.name, "性别", p.sex, h)
        t.pair_row("公民身份号码", p.id_number, "手机号码", p.phone, h)

    def insurance():
        t.pair_row("参保统筹区", p.insured_place, "参保险种", rng.choice(INSURANCE_WRITTEN[p.insurance]), h)

    def category():
        box = t.wide_row("人员类别", rng.randint(100, 124))
        _option_cell(d, box, p.filing_type, rng.choice(("tick", "fill", "glyph")), rng, rng.randint(15, 17))

    def place():
        t.pair_row("拟就医地", p.treatment_place, "就医医院", p.hospital, h)

    blocks = [insurance, category, place]
    rng.shuffle(blocks)
    for block in [persons] + blocks:
        block()
    if rng.random() < 0.6:
        box = t.wide_row("联系地址", h)
        _hand(d, (box[0] + 10, box[1] + (h - 26) // 2), p.address, rng, max_width=box[2] - box[0] - 18)
        shown.add("contact_address")
    end = "" if p.end_date is None else date_text(p.end_date, date_style)
    t.pair_row("拟就医开始时间" if rng.random() < 0.5 else "开始时间", date_text(p.start_date, date_style),
               "结束时间", end, h)
    sh = rng.randint(70, 90)
    t.pair_row("申请人签名", "", "申请日期", date_text(sign_date, date_style), sh)
    _signature(img, (cols[1] + 4, t.y - sh + (sh - 60) // 2), p.name, rng, scale, size=rng.randint(30, 38),
               transparent=True, max_width=min(250, cols[2] - cols[1] - 8))
    d.rectangle((left - 2, y - 2, right + 2, t.y + 2), outline=0, width=rng.choice((2, 3)))
    y = t.y + 18
    for note in ("注：1. 本表由参保人或代办人填写，人员类别请在对应选项中勾选。",
                 "2. 临时外出就医人员须填写结束时间。"):
        d.text((left + 4, y), note, font=small, fill=0)
        y += 26
    return img, shown


INSURANCE_OPTIONS = (("职工基本医疗保险", "城乡居民基本医疗保险"), ("职工医保", "居民医保"))
OPTION_BOXES = ("before", "after", "brackets", "none")
OPTION_MARKS = ("tick", "cross", "fill", "glyph", "circle")


def _option_mark(d, chosen_box, text_box, mark, rng):
    """Mark a chosen option: in its box (tick √, cross ×, fill ■, a written √ glyph) or,
    "circle", an ellipse drawn by hand around its words."""
    if mark == "circle":
        x0, y0, x1, y1 = text_box
        j = [rng.randint(-3, 3) for _ in range(4)]
        d.ellipse((x0 - 8 + j[0], y0 - 7 + j[1], x1 + 8 + j[2], y1 + 7 + j[3]), outline=25, width=2)
    elif mark == "cross":
        x0, y0, x1, y1 = chosen_box
        d.line((x0 + 2, y0 + 2, x1 - 2, y1 - 2), fill=20, width=3)
        d.line((x0 + 2, y1 - 2, x1 - 2, y0 + 2), fill=20, width=3)
    else:
        _mark_option(d, chosen_box, mark, rng)


def _options_line(d, x, y, x_end, options, chosen, layout, mark, rng, size):
    """Options side by side from (x, y), wrapping back to x before x_end; the box before or after
    each option ("brackets": a （ ） after it; "none": no box, only circle marks make
    sense). Returns the y below the last line."""
    f = font("sans", size)
    gap = rng.randint(22, 40)
    line_width = rng.choice((1, 2))  # the same for every box of the form's line
    left = x
    for t in options:
        tw = d.textlength(t, font=f)
        box_w = 0 if layout == "none" else 2 * size + 6
        if x > left and x + tw + box_w > x_end:
            x, y = left, y + size + 18
        if layout == "before":
            box = (x, y + 2, x + size - 2, y + size)
            d.rectangle(box, outline=0, width=line_width)
            text_at = x + size + 6
        else:
            text_at = x
        d.text((text_at, y - 2), t, font=f, fill=0)
        text_box = (text_at, y, text_at + tw, y + size)
        if layout == "after":
            bx = text_at + tw + 6
            box = (bx, y + 2, bx + size - 2, y + size)
            d.rectangle(box, outline=0, width=line_width)
        elif layout == "brackets":
            bx = text_at + tw + 2
            d.text((bx, y - 2), "（    ）", font=f, fill=0)
            box = (bx + size // 2 + 2, y + 2, bx + size * 3 // 2, y + size)
        elif layout == "none":
            box = text_box
        if t == chosen:
            _option_mark(d, box, text_box, mark, rng)
        x = max(box[2], text_box[2]) + gap
    return y + size + 10


def form_page_options(p, sign_date, seed="", scale=1):
    """备案表 template D: a ruled table whose 参保险种 and 备案类型 are printed options,
    the box before or after each option (or a bracket, or none), the chosen one ticked
    √, crossed ×, filled ■, marked with a written √ or circled by hand. Returns
    (image, shown)."""
    rng = random.Random("beian-form-options:%s:%s" % (seed, p.seed))
    img, d = _page(scale)
    m = rng.randint(42, 70)
    left, right = m, A4[0] - m
    y = _form_title(d, rng, rng.randint(40, 70))
    t, cols, h = _ruled_table(d, rng, left, right, y)
    layout = rng.choice(OPTION_BOXES)
    marks = ("circle",) if layout == "none" else OPTION_MARKS
    size = rng.randint(15, 17)
    date_style = rng.choice(("cn", "dash", "dot"))
    t.pair_row("姓名", p.name, "性别", p.sex, h)
    t.pair_row("身份证号码", p.id_number, "联系电话", p.phone, h)
    t.pair_row("参保地", p.insured_place, "就医地", p.treatment_place, h)
    names = rng.choice(INSURANCE_OPTIONS)
    chosen = names[0] if p.insurance == "职工基本医疗保险" else names[1]
    box = t.wide_row("参保险种", h)
    _options_line(d, box[0] + 12, box[1] + (h - size) // 2, box[2] - 10, names, chosen, layout,
                  rng.choice(marks), rng, size)
    rh = rng.randint(96, 120)
    box = t.wide_row("备案类型", rh)
    _options_line(d, box[0] + 12, box[1] + 14, box[2] - 10, people.FILING_TYPES, p.filing_type,
                  layout, rng.choice(marks), rng, size)
    end = "" if p.end_date is None else date_text(p.end_date, date_style)
    t.pair_row("开始日期", date_text(p.start_date, date_style), "结束日期", end, h)
    sh = rng.randint(70, 90)
    t.pair_row("申请人签字", "", "申请日期", date_text(sign_date, date_style), sh)
    _signature(img, (cols[1] + 4, t.y - sh + (sh - 60) // 2), p.name, rng, scale, size=rng.randint(30, 38),
               transparent=True, max_width=min(250, cols[2] - cols[1] - 8))
    d.rectangle((left - 2, y - 2, right + 2, t.y + 2), outline=0, width=rng.choice((2, 3)))
    d.text((left + 4, t.y + 18), "注：请在对应选项处勾选或圈选。", font=font("sans", 15), fill=0)
    return img, {"name", "sex", "id_number", "phone", "insured_place", "treatment_place", "insurance_type",
                 "filing_type", "start_date", "signature", "apply_date"}


def _blank_line(d, x, y, label, lab, width, value, rng, hand_size):
    """`label：` followed by an underlined blank of `width` px with the value written on it.
    Returns the x after the blank."""
    d.text((x, y), label + "：", font=lab, fill=0)
    x0 = x + d.textlength(label + "：", font=lab) + 4
    base = y + lab.size + 4
    d.line((x0, base, x0 + width, base), fill=0, width=1)
    if value:
        _hand(d, (x0 + 8, base - hand_size - 6), value, rng, size=hand_size, max_width=width - 12)
    return x0 + width


def form_page_lines(p, sign_date, seed="", scale=1):
    """备案表 template C: no table, labels followed by underlined blanks
    (姓名, 证件号码, 电话, 参保地区, 就医地点, 备案类型 written out ...). Returns (image, shown)."""
    rng = random.Random("beian-form-lines:%s:%s" % (seed, p.seed))
    img, d = _page(scale)
    x = rng.randint(70, 110)
    usable = A4[0] - x - rng.randint(60, 90)
    y = _form_title(d, rng, rng.randint(50, 90)) + 10
    lab = font(rng.choice(("sans", "serif")), rng.randint(18, 20))
    pitch = rng.randint(58, 72)
    hs = rng.randint(22, 25)
    date_style = rng.choice(("cn", "dash", "dot"))
    d.text((x, y), "本人申请办理跨省异地就医备案，相关信息如下：", font=lab, fill=0)
    y += pitch
    shown = {"name", "id_number", "phone", "insured_place", "treatment_place", "filing_type",
             "signature", "apply_date"}
    if rng.random() < 0.6:
        x1 = _blank_line(d, x, y, "姓名", lab, 220, p.name, rng, hs)
        _blank_line(d, x1 + 40, y, "性别", lab, 90, p.sex, rng, hs)
        shown.add("sex")
    else:
        _blank_line(d, x, y, "姓名", lab, 260, p.name, rng, hs)
    lines = [("证件号码", p.id_number), ("电话", p.phone), ("参保地区", p.insured_place),
             ("就医地点", p.treatment_place), ("备案类型", p.filing_type)]
    if rng.random() < 0.5:
        lines.append(("就医开始日期", date_text(p.start_date, date_style)))
        shown.add("start_date")
    if rng.random() < 0.5:
        lines.insert(rng.randint(1, len(lines)), ("联系地址", p.address))
        shown.add("contact_address")
    head, tail = lines[:2], lines[2:]
    rng.shuffle(tail)
    for label, value in head + tail:
        y += pitch
        width = usable - d.textlength(label + "：", font=lab) - 4
        _blank_line(d, x, y, label, lab, min(width, rng.randint(330, 520)), value, rng, hs)
    y += pitch + 20
    for line in ("本人承诺以上信息真实有效，如有虚假，愿承担相应责任。",
                 "备案有效期内在就医地定点医疗机构就医，按规定直接结算。"):
        d.text((x, y), line, font=font("sans", 16), fill=0)
        y += 30
    y += pitch
    labels_w = d.textlength("申请人（签字）：日期：", font=lab) + 2 * 190 + 40
    x1 = _blank_line(d, x + rng.uniform(0, max(0, usable - labels_w)), y, "申请人（签字）", lab, 190, "", rng, hs)
    _signature(img, (x1 - 190, y + lab.size - 52), p.name, rng, scale, size=rng.randint(30, 36),
               transparent=True, max_width=190)
    _blank_line(d, x1 + 30, y, "日期", lab, 190, date_text(sign_date, date_style), rng, hs)
    return img, shown


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


def copy_page(p, dpi=150, card_scale=1):
    """Both card sides photocopied on one A4 page (grayscale).

    card_scale: draw the cards at that scale before shrinking them (for dpi > 254)."""
    w, h = int(210 / 25.4 * dpi), int(297 / 25.4 * dpi)
    cw, ch = int(85.6 / 25.4 * dpi), int(54 / 25.4 * dpi)
    img = Image.new("L", (w, h), 250)
    front = card_front(p, scale=card_scale).convert("L").resize((cw, ch), Image.LANCZOS)
    back = card_back(p, scale=card_scale).convert("L").resize((cw, ch), Image.LANCZOS)
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
