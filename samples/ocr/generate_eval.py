#!/usr/bin/python3
"""Labelled OCR evaluation set: synthetic cards, forms and proofs with distortions.

    /usr/bin/python3 samples/ocr/generate_eval.py OUT_DIR [--per-cell N] [--seed S]

Writes OUT_DIR/NNNN-<kind>-<distortion>.jpg (and .png for some) plus
OUT_DIR/truth.json: a list of {"file", "kind", "distortion", "fields", "claim"} where
"kind" is the page kind the reader should report (id_front, id_back, id_both,
form, hukou, residence_permit, employment, referral, commitment) and "fields"
the exact values it should read (keys as in include/beian/ocr/document_reader.h);
"claim" is the subject's {"name", "id_number"} of the person on the page.

Everything is synthetic (samples/synth/people.py); the drawing is
samples/synth/cards.py, unchanged. Deterministic for a given seed.
"""

import argparse
import datetime
import io
import json
import math
import os
import random
import sys

from PIL import Image, ImageChops, ImageDraw, ImageFilter

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from synth import cards, people  # noqa: E402

CARD_DISTORTIONS = ("clean", "rotate_small", "rotate_90", "rotate_180", "rotate_270",
                    "phone_photo", "blur", "jpeg_low", "noise", "uneven_light", "low_res")
PAGE_DISTORTIONS = ("clean", "rotate_small", "rotate_90", "rotate_180", "blur", "jpeg_low",
                    "noise", "uneven_light")
PROOF_KINDS = {"户口簿": "hukou", "居住证": "residence_permit", "派出证明": "employment",
               "转诊证明": "referral", "个人承诺书": "commitment"}
INSURANCE_SHORT = {"职工基本医疗保险": "职工医保", "城乡居民基本医疗保险": "居民医保"}


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


def perspective_coeffs(src, dst):
    """Coefficients for Image.transform(PERSPECTIVE) mapping dst points to src points."""
    rows, rhs = [], []
    for (x, y), (u, v) in zip(dst, src):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y]); rhs.append(u)
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y]); rhs.append(v)
    n = 8  # Gaussian elimination
    m = [r + [b] for r, b in zip(rows, rhs)]
    for c in range(n):
        piv = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[piv] = m[piv], m[c]
        for r in range(n):
            if r != c:
                f = m[r][c] / m[c][c]
                m[r] = [a - f * b for a, b in zip(m[r], m[c])]
    return [m[i][n] / m[i][i] for i in range(n)]


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


def items(seed, per_cell):
    """(kind, distortion, person, sign_date) for every image of the set."""
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


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--per-cell", type=int, default=4, help="images per (kind, distortion)")
    ap.add_argument("--seed", default="eval")
    args = ap.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    truth = []
    for n, (kind, dist, p) in enumerate(items(args.seed, args.per_cell)):
        rng = random.Random("beian-eval:%s:%d" % (args.seed, n))
        sign_date = datetime.date(2026, 1, 5) - datetime.timedelta(days=rng.randint(0, 3))
        img, fields, fill = render(kind, p, sign_date)
        img, quality = distort(img, dist, rng, fill)
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
