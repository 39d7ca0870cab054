#!/usr/bin/python3
"""Labelled OCR evaluation set: synthetic cards, forms and proofs with distortions.

    /usr/bin/python3 samples/ocr/generate_eval.py OUT_DIR [--per-cell N] [--seed S] [--classic-only]

Writes OUT_DIR/NNNN-<kind>-<distortion>.jpg plus OUT_DIR/truth.json: a list of
{"file", "kind", "distortion", "fields", "claim"} where "kind" is the page kind the
reader should report (id_front, id_back, id_both, form, hukou, residence_permit,
employment, referral, commitment) and "fields" the exact values it should read (keys as
in include/beian/ocr/document_reader.h; only fields the page shows);
"claim" is the subject's {"name", "id_number"} of the person on the page.

Two groups, told apart by "distortion":
- classic: the set-A geometry (cards.py defaults) under CARD_DISTORTIONS /
  PAGE_DISTORTIONS, plus the proof pages. These come first and keep their numbers and
  bytes; --classic-only writes nothing else.
- variety (VARIANT_CELLS, N per cell after the classic items, other people):
  letter_spaced  card with "姓 名"-style labels, columns/rows moved ±5 %, values ±15 %
  margin         card on a wood/paper/cloth table, 25-85 % of a 400-4,000 px wide photo
  white_paper    card photocopied on white A4, off-centre, low contrast
  two_cards_a4   both sides on one A4 copy (id_both), stacked or side by side, 150-300 dpi
  template_pairs 备案表 as a table with two label-value pairs per row, 人员类别 ticked
  template_lines 备案表 as labels with underlined blanks, 备案类型 written out
  thumbnail      the set-A document shrunk to 400-600 px wide
  large_photo    the set-A document drawn at 3,000-4,000 px wide
  a4_photo       an A4 sheet (both sides copied, or the 备案表) lying on a table,
                 photographed at an angle (added later: after the cells above)
  unsigned       the classic 备案表 left unsigned, photographed or scanned
                 (added later still)
  fonts          a letter-spaced card printed in other faces (values in AR PL UKai/UMing,
                 WenQuanYi Micro Hei or Noto Serif, labels in Micro Hei/UMing/Noto Sans, the
                 number in OCR-B or Liberation Mono), alone or on a table
  template_options 备案表 whose 参保险种 and 备案类型 are printed options, the box
                 before or after each (or a bracket, or none), ticked √, crossed ×,
                 filled ■, a written √ or circled by hand (last in file order)

Everything is synthetic (samples/synth/people.py); documents are drawn by
samples/synth/cards.py, scenes by samples/ocr/scenes.py. Deterministic for a given seed.
"""

import argparse
import datetime
import json
import math
import os
import random
import sys

from PIL import Image, ImageChops, ImageDraw, ImageFilter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True     # keep samples/ free of __pycache__
sys.path[:0] = [HERE, os.path.join(HERE, "..")]
from synth import cards, people  # noqa: E402
import scenes  # noqa: E402
from scenes import perspective_coeffs  # noqa: E402  (used by phone_photo)

CARD_DISTORTIONS = ("clean", "rotate_small", "rotate_90", "rotate_180", "rotate_270",
                    "phone_photo", "blur", "jpeg_low", "noise", "uneven_light", "low_res")
PAGE_DISTORTIONS = ("clean", "rotate_small", "rotate_90", "rotate_180", "blur", "jpeg_low",
                    "noise", "uneven_light")
PROOF_KINDS = {"户口簿": "hukou", "居住证": "residence_permit", "派出证明": "employment",
               "转诊证明": "referral", "个人承诺书": "commitment"}
INSURANCE_SHORT = {"职工基本医疗保险": "职工医保", "城乡居民基本医疗保险": "居民医保"}
# (kind, variant) cells of the variety group, in file order.
VARIANT_CELLS = (
    ("id_front", "letter_spaced"), ("id_back", "letter_spaced"),
    ("id_front", "margin"), ("id_back", "margin"),
    ("id_front", "white_paper"), ("id_back", "white_paper"),
    ("id_both", "two_cards_a4"),
    ("form", "template_pairs"), ("form", "template_lines"),
    ("id_front", "thumbnail"), ("id_back", "thumbnail"), ("form", "thumbnail"), ("id_both", "thumbnail"),
    ("id_front", "large_photo"), ("id_back", "large_photo"), ("form", "large_photo"),
    ("id_both", "large_photo"),
    ("id_both", "a4_photo"), ("form", "a4_photo"),
    ("form", "unsigned"),
    ("id_front", "fonts"), ("id_back", "fonts"),
    ("form", "template_options"),
)


def front_truth(p):
    t = p.truth()
    return {k: t[k] for k in ("name", "sex", "ethnicity", "birth", "address", "id_number")}


def back_truth(p):
    t = p.truth()
    return {k: t[k] for k in ("authority", "valid_from", "valid_to")}


def form_truth(p, sign_date):
    t = p.truth()
    return {
        "name": t["name"], "sex": t["sex"], "id_number": t["id_number"],
        "insured_place": t["insured_place"], "insurance_type": INSURANCE_SHORT[t["insurance"]],
        "filing_type": t["filing_type"], "treatment_place": t["treatment_place"],
        "phone": t["phone"], "contact_address": t["address"], "start_date": t["start_date"],
        "signature": "inked", "apply_date": sign_date.strftime("%Y-%m-%d"),
    }


# ---------------------------------------------------------------------------
# distortions (all take and return PIL images; rng makes them deterministic)

def rotate(img, deg, fill):
    return img.rotate(deg, resample=Image.BICUBIC, expand=True, fillcolor=fill)


def table_background(rng, size):
    w, h = size
    base = [rng.randint(90, 140), rng.randint(60, 100), rng.randint(40, 70)]
    bg = Image.new("RGB", size, tuple(base))
    d = ImageDraw.Draw(bg)
    for y in range(0, h, 3):  # wood grain
        shade = int(18 * math.sin(y / rng.uniform(9, 17)))
        d.line((0, y, w, y + rng.randint(-6, 6)), fill=tuple(max(0, c + shade) for c in base), width=2)
    return bg.filter(ImageFilter.GaussianBlur(1.2))


def phone_photo(img, rng, out_size=(1600, 1200)):
    """The document lying on a table, photographed at an angle."""
    w, h = img.size
    W, H = out_size
    scale = rng.uniform(0.55, 0.75) * W / w
    cw, ch = w * scale, h * scale
    cx, cy = W / 2 + rng.uniform(-80, 80), H / 2 + rng.uniform(-60, 60)
    ang = math.radians(rng.uniform(-12, 12))
    corners = []
    for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
        x, y = sx * cw / 2, sy * ch / 2
        # keystone: the far (top) edge is narrower
        x *= 1 - 0.08 * rng.uniform(0.5, 1.0) * (1 if sy < 0 else -0.3)
        xr = x * math.cos(ang) - y * math.sin(ang)
        yr = x * math.sin(ang) + y * math.cos(ang)
        corners.append((cx + xr + rng.uniform(-12, 12), cy + yr + rng.uniform(-12, 12)))
    src = [(0, 0), (w, 0), (w, h), (0, h)]
    coeffs = perspective_coeffs(src, corners)
    warped = img.convert("RGB").transform(out_size, Image.PERSPECTIVE, coeffs, Image.BICUBIC,
                                          fillcolor=(0, 0, 0))
    mask = Image.new("L", img.size, 255).transform(out_size, Image.PERSPECTIVE, coeffs,
                                                   Image.BILINEAR, fillcolor=0)
    bg = table_background(rng, out_size)
    bg.paste(warped, (0, 0), mask)
    return uneven_light(bg, rng, strength=0.25)


def uneven_light(img, rng, strength=0.45):
    img = img.convert("RGB")
    w, h = img.size
    gx, gy = rng.uniform(-1, 1), rng.uniform(-1, 1)
    norm = math.hypot(gx, gy) or 1.0
    gx, gy = gx / norm, gy / norm
    small = Image.new("L", (64, 64))
    px = small.load()
    for y in range(64):
        for x in range(64):
            t = ((x / 63 - 0.5) * gx + (y / 63 - 0.5) * gy) + 0.5  # 0..1 across the image
            px[x, y] = int(255 * (1 - strength * t))
    shade = small.resize((w, h), Image.BILINEAR)
    black = Image.new("RGB", (w, h), (0, 0, 0))
    return Image.composite(img, black, shade)


def add_noise(img, rng, sigma=14):
    img = img.convert("RGB")
    w, h = img.size
    noise = Image.effect_noise((w, h), sigma)  # centred at 128
    nrgb = Image.merge("RGB", (noise, noise, noise))
    return ImageChops.add(img, nrgb, 1.0, -128)  # img + (noise - 128)


def distort(img, distortion, rng, fill):
    if distortion == "clean":
        return img, 85
    if distortion == "rotate_small":
        return rotate(img, rng.choice((-1, 1)) * rng.uniform(2, 10), fill), 85
    if distortion.startswith("rotate_"):
        deg = int(distortion.split("_")[1])
        return img.rotate(deg, expand=True), 85
    if distortion == "phone_photo":
        return phone_photo(img, rng), 82
    if distortion == "blur":
        return img.filter(ImageFilter.GaussianBlur(rng.uniform(1.2, 1.8))), 85
    if distortion == "jpeg_low":
        return img, rng.randint(12, 20)
    if distortion == "noise":
        return add_noise(img, rng), 85
    if distortion == "uneven_light":
        return uneven_light(img, rng), 85
    if distortion == "low_res":
        w, h = img.size
        f = rng.uniform(0.45, 0.55)
        return img.resize((int(w * f), int(h * f)), Image.LANCZOS), 85
    raise ValueError(distortion)


# ---------------------------------------------------------------------------

def make_people(seed, n):
    out = []
    for i in range(n):
        minority = i % 9 == 4
        kw = {"minority": minority}
        if minority:
            kw["division_filter"] = lambda d: d.code.startswith("65")
        out.append(people.make_person("%s-%d" % (seed, i), **kw))
    return out


def items(seed, per_cell, classic_only=False):
    """(kind, distortion, person) for every image of the set: the classic items first
    (their numbering does not depend on the variety group), then VARIANT_CELLS."""
    pool = make_people(seed, per_cell * 40)
    k = 0
    for kind, distortions in (("id_front", CARD_DISTORTIONS), ("id_back", CARD_DISTORTIONS),
                              ("form", PAGE_DISTORTIONS), ("id_both", PAGE_DISTORTIONS)):
        for dist in distortions:
            for _ in range(per_cell):
                yield kind, dist, pool[k % len(pool)]
                k += 1
    for proof in PROOF_KINDS:
        for dist in ("clean", "rotate_180", "noise"):
            yield proof, dist, pool[k % len(pool)]
            k += 1
    if classic_only:
        return
    pool = make_people(seed + ":variety", per_cell * len(VARIANT_CELLS))
    for k, (kind, variant) in enumerate(c for c in VARIANT_CELLS for _ in range(per_cell)):
        yield kind, variant, pool[k]


def render(kind, p, sign_date):
    if kind == "id_front":
        return cards.card_front(p), front_truth(p), (255, 255, 255)
    if kind == "id_back":
        return cards.card_back(p), back_truth(p), (255, 255, 255)
    if kind == "form":
        return cards.form_page(p, sign_date), form_truth(p, sign_date), 255
    if kind == "id_both":
        t = front_truth(p)
        t.update(back_truth(p))
        return cards.copy_page(p, dpi=150), t, 250
    return cards.proof_page(kind, p, sign_date), {}, 255


# ---------------------------------------------------------------------------
# variety group: each renderer takes (kind, person, sign_date, rng) and returns
# (image, fields, jpeg quality)

def doc_truth(kind, p, sign_date):
    """Fields of a set-A card side, both sides (id_both) or form of p."""
    if kind == "form":
        return form_truth(p, sign_date)
    t = {}
    if kind in ("id_front", "id_both"):
        t.update(front_truth(p))
    if kind in ("id_back", "id_both"):
        t.update(back_truth(p))
    return t


def card_drawer(kind, p, layout=None):
    """draw(scale) for one card side of p (set-A geometry unless a layout is given)."""
    if kind == "id_front":
        return lambda s: cards.card_front(p, layout, scale=s)
    return lambda s: cards.card_back(p, layout, scale=s)


def letter_spaced(kind, p, sign_date, rng):
    """The card alone (856 x 540 px) with a varied, letter-spaced layout."""
    vary = cards.varied_front_layout if kind == "id_front" else cards.varied_back_layout
    return card_drawer(kind, p, vary(p, rng))(1), doc_truth(kind, p, sign_date), 85


def margin(kind, p, sign_date, rng):
    """The card photographed on a textured table with a margin, 400-4,000 px wide."""
    return scenes.card_on_table(card_drawer(kind, p), rng), doc_truth(kind, p, sign_date), rng.randint(72, 92)


def white_paper(kind, p, sign_date, rng):
    """The card photocopied on white A4, off-centre, low contrast."""
    return scenes.photocopy_on_a4(card_drawer(kind, p), rng), doc_truth(kind, p, sign_date), rng.randint(70, 90)


def two_cards_a4(kind, p, sign_date, rng):
    """Both sides on one A4 copy at 150-300 dpi (id_both)."""
    img, _ = scenes.two_cards_on_a4(card_drawer("id_front", p), card_drawer("id_back", p), rng)
    return img, doc_truth(kind, p, sign_date), rng.randint(75, 92)


def a4_photo(kind, p, sign_date, rng):
    """The A4 sheet (both sides copied, or the classic 备案表) on a table, photographed."""
    if kind == "id_both":
        img, fields, _ = two_cards_a4(kind, p, sign_date, rng)
    else:
        img, fields, _ = render(kind, p, sign_date)
    size = (1600, 2000) if rng.random() < 0.5 else (2400, 3000)
    return phone_photo(img, rng, out_size=size), fields, rng.randint(80, 92)


def unsigned(kind, p, sign_date, rng):
    """The classic 备案表 the applicant forgot to sign: 申请人签字 reads "empty"."""
    img = cards.form_page(p, sign_date, leave_blank=("signature",))
    fields = dict(form_truth(p, sign_date), signature="empty")
    if rng.random() < 0.5:
        return phone_photo(img, rng, out_size=(1600, 2000)), fields, rng.randint(80, 92)
    img, quality = distort(img, rng.choice(("clean", "noise", "jpeg_low", "uneven_light")), rng, 255)
    return img, fields, quality


VALUE_FACES = ("kai", "ming", "microhei", "serif")
LABEL_FACES = ("sans", "microhei", "ming")
DIGIT_FACES = ("ocrb", "mono")


def fonts(kind, p, sign_date, rng):
    """A letter-spaced card in other faces, alone (856 px) or photographed on a table."""
    faces = {"value": rng.choice(VALUE_FACES), "label": rng.choice(LABEL_FACES), "digit": rng.choice(DIGIT_FACES)}
    vary = cards.varied_front_layout if kind == "id_front" else cards.varied_back_layout
    draw = card_drawer(kind, p, vary(p, rng, faces=faces))
    if rng.random() < 0.5:
        return draw(1), doc_truth(kind, p, sign_date), rng.randint(75, 92)
    return scenes.card_on_table(draw, rng), doc_truth(kind, p, sign_date), rng.randint(72, 92)


def form_template(draw):
    """Renderer for a further 备案表 template: truth = form_truth restricted to what it shows."""
    def render_template(kind, p, sign_date, rng):
        img, shown = draw(p, sign_date, seed=str(rng.random()), scale=rng.uniform(1.0, 2.0))
        fields = {k: v for k, v in form_truth(p, sign_date).items() if k in shown}
        return img, fields, rng.randint(78, 92)
    render_template.__doc__ = draw.__doc__
    return render_template


def at_width(kind, p, sign_date, width):
    """The set-A document (classic geometry) at `width` px, drawn big enough not to be enlarged."""
    if kind in ("id_front", "id_back"):
        img = card_drawer(kind, p)(max(1, math.ceil(width / cards.CARD_SIZE[0])))
    elif kind == "form":
        img = cards.form_page(p, sign_date, scale=max(1, math.ceil(width / cards.A4[0])))
    else:  # id_both: drawn at >= 150 dpi like the classic copy page
        dpi = max(150, width / (scenes.A4_MM[0] / scenes.MM_PER_INCH))
        card_px = scenes.CARD_MM[0] / scenes.MM_PER_INCH * dpi
        img = cards.copy_page(p, dpi=dpi, card_scale=math.ceil(card_px / cards.CARD_SIZE[0]))
    h = round(img.height * width / img.width)
    return img.resize((width, h), Image.LANCZOS)


def thumbnail(kind, p, sign_date, rng):
    """The classic document shrunk to 400-600 px wide, compressed harder."""
    img = at_width(kind, p, sign_date, rng.randint(400, 600))
    return img, doc_truth(kind, p, sign_date), rng.randint(55, 85)


def large_photo(kind, p, sign_date, rng):
    """The classic document at 3,000-4,000 px wide with a little sensor grain."""
    img = scenes.grain(at_width(kind, p, sign_date, rng.randint(3000, 4000)), rng, rng.randint(2, 4))
    return img, doc_truth(kind, p, sign_date), rng.randint(85, 93)


VARIANTS = {
    "letter_spaced": letter_spaced, "margin": margin, "white_paper": white_paper,
    "two_cards_a4": two_cards_a4, "template_pairs": form_template(cards.form_page_pairs),
    "template_lines": form_template(cards.form_page_lines), "thumbnail": thumbnail,
    "large_photo": large_photo, "a4_photo": a4_photo, "unsigned": unsigned,
    "fonts": fonts, "template_options": form_template(cards.form_page_options),
}


def make_image(kind, dist, p, sign_date, rng):
    """(image, fields, jpeg quality) for one item of either group."""
    if dist in VARIANTS:
        return VARIANTS[dist](kind, p, sign_date, rng)
    img, fields, fill = render(kind, p, sign_date)
    img, quality = distort(img, dist, rng, fill)
    return img, fields, quality


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--per-cell", type=int, default=4, help="images per (kind, distortion)")
    ap.add_argument("--seed", default="eval")
    ap.add_argument("--classic-only", action="store_true",
                    help="only the set-A geometry (no VARIANT_CELLS): the images of earlier versions")
    args = ap.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    truth = []
    for n, (kind, dist, p) in enumerate(items(args.seed, args.per_cell, args.classic_only)):
        rng = random.Random("beian-eval:%s:%d" % (args.seed, n))
        sign_date = datetime.date(2026, 1, 5) - datetime.timedelta(days=rng.randint(0, 3))
        img, fields, quality = make_image(kind, dist, p, sign_date, rng)
        page_kind = PROOF_KINDS.get(kind, kind)
        name = "%04d-%s-%s.jpg" % (n, page_kind, dist)
        img.convert("RGB" if img.mode == "RGB" else "L").save(
            os.path.join(args.out_dir, name), "JPEG", quality=quality)
        item = {"file": name, "kind": page_kind, "distortion": dist, "fields": fields}
        if p is not None:  # what the citizen's mail subject says
            item["claim"] = {"name": p.name, "id_number": p.id_number}
        truth.append(item)
    with open(os.path.join(args.out_dir, "truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1, sort_keys=True)
    print("wrote %d images to %s" % (len(truth), args.out_dir))


if __name__ == "__main__":
    main()
