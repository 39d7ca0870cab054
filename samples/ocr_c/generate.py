#!/usr/bin/python3
"""Set C generator: a development set of ID card and 备案表 images.

usage: /usr/bin/python3 samples/ocr_c/generate.py OUT_DIR [--seed S] [--per-cell N]

Cards and forms are drawn as HTML/CSS, rendered one at a time by headless
Chromium, then placed into photo/scan scenes with PIL.  Written without
looking at sets A or B.  All people are synthetic (see people.py)."""
import argparse
import datetime
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageOps

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import random  # noqa: E402
import pages  # noqa: E402
import people  # noqa: E402
import proofs  # noqa: E402

CHROMIUM = "/usr/bin/chromium"

# (kind, distortion) cells.  The per-cell count multiplies each.
CELLS = [
    ("id_front", "clean"), ("id_front", "wood"), ("id_front", "stone"),
    ("id_front", "hand"), ("id_front", "perspective"), ("id_front", "thumb"),
    ("id_front", "phone_big"), ("id_front", "shadow_glare"),
    ("id_front", "lowq_blur"), ("id_front", "rotated"),
    ("id_back", "clean"), ("id_back", "desk"), ("id_back", "perspective"),
    ("id_back", "thumb"), ("id_back", "phone_big"), ("id_back", "shadow_glare"),
    ("id_back", "lowq_blur"), ("id_back", "rotated"),
    ("id_both", "copy_side"), ("id_both", "copy_stacked"), ("id_both", "copy_dark"),
    ("id_both", "copy_photo"), ("id_both", "copy_skew_lowq"),
    ("form", "scan_clean"), ("form", "scan_skew"), ("form", "scan_grey"),
    ("form", "scan_lowq"), ("form", "photo_table"), ("form", "photo_persp"),
    ("form", "photo_shadow"), ("form", "small"), ("form", "rotated"),
] + [(kind, dist) for kind in proofs.KINDS for dist in ("scan_grey", "photo_table", "small", "rotated")] + [
    # One side photocopied alone on an A4 page, and photos blurred harder
    # (out of focus or moved) than lowq_blur: added after the rest so that
    # the images before keep their numbers.
    ("id_front", "copy_a4"), ("id_front", "blur_heavy"),
    ("id_back", "copy_a4"), ("id_back", "blur_heavy"),
    ("id_both", "scan_colour"),
    # 承诺书 that share a 备案表's words: a letter without its title, and a
    # table with the form's labels (scanned grey).
    ("commitment", "untitled_scan"), ("commitment", "table_scan"),
]


# ------------------------------------------------------------- rendering
class Renderer:
    def __init__(self):
        self.tmp = tempfile.mkdtemp(prefix="ocr_c_")
        self.n = 0

    def render(self, html, w, h, scale, transparent=True):
        self.n += 1
        src = os.path.join(self.tmp, "p%d.html" % self.n)
        png = os.path.join(self.tmp, "p%d.png" % self.n)
        with open(src, "w", encoding="utf-8") as f:
            f.write(html)
        cmd = [CHROMIUM, "--headless=new", "--disable-gpu", "--no-sandbox",
               "--hide-scrollbars", "--force-device-scale-factor=%.3f" % scale,
               "--window-size=%d,%d" % (w, h), "--screenshot=" + png]
        if transparent:
            cmd.append("--default-background-color=00000000")
        cmd.append("file://" + src)
        for attempt in range(3):
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
            if os.path.exists(png):
                break
        im = Image.open(png)
        im.load()
        os.remove(png)
        os.remove(src)
        return im.convert("RGBA")

    def close(self):
        shutil.rmtree(self.tmp, ignore_errors=True)


# ------------------------------------------------------------- PIL helpers
def noise(rng, size, amp):
    """Uniform noise around 128 with +-amp, deterministic from rng."""
    w, h = size
    im = Image.frombytes("L", (w, h), rng.randbytes(w * h))
    return im.point(lambda v: int(128 + (v - 128) * amp / 128))


def add_noise(rng, img, amp):
    n = noise(rng, img.size, amp)
    if img.mode == "L":
        return ImageChops.add(img, n, 1, -128)
    return ImageChops.add(img, Image.merge("RGB", (n, n, n)), 1, -128)


def solve(a, b):
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c:
                f = m[r][c] / m[c][c]
                for k in range(c, n + 1):
                    m[r][k] -= f * m[c][k]
    return [m[i][n] / m[i][i] for i in range(n)]


def persp_coeffs(dst, src):
    """Coefficients mapping output (dst) points to input (src) points."""
    a, b = [], []
    for (x, y), (u, v) in zip(dst, src):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y]); b.append(u)
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y]); b.append(v)
    return solve(a, b)


def warp_into(canvas, obj, quad, shadow=True):
    """Paste RGBA obj onto RGB canvas so that its corners land on quad."""
    w, h = obj.size
    src = [(0, 0), (w, 0), (w, h), (0, h)]
    co = persp_coeffs(quad, src)
    warped = obj.transform(canvas.size, Image.PERSPECTIVE, co, Image.BICUBIC)
    alpha = warped.getchannel("A")
    if shadow:
        sh = alpha.filter(ImageFilter.GaussianBlur(max(2, canvas.size[0] // 250)))
        off = max(2, canvas.size[0] // 300)
        sh = ImageChops.offset(sh, off, off).point(lambda v: v * 0.45)
        canvas.paste((20, 20, 20), (0, 0), sh)
    canvas.paste(warped.convert("RGB"), (0, 0), alpha)
    return canvas


def place_quad(rng, cw, ch, ow, oh, fill, angle, persp):
    """Quad for an ow x oh object covering `fill` of canvas width, rotated
    by angle degrees, corners jittered by persp (fraction of size)."""
    s = fill * cw / ow
    if oh * s > ch * 0.92:
        s = ch * 0.92 / oh
    w, h = ow * s, oh * s
    cx = cw / 2 + rng.uniform(-1, 1) * max(0, (cw - w) / 2 - cw * 0.02) * 0.6
    cy = ch / 2 + rng.uniform(-1, 1) * max(0, (ch - h) / 2 - ch * 0.02) * 0.6
    a = math.radians(angle)
    pts = []
    for (x, y) in ((-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)):
        x += rng.uniform(-persp, persp) * w
        y += rng.uniform(-persp, persp) * h
        pts.append((cx + x * math.cos(a) - y * math.sin(a), cy + x * math.sin(a) + y * math.cos(a)))
    return pts


def bg_wood(rng, w, h):
    base = rng.choice([(150, 100, 60), (176, 128, 82), (120, 80, 50), (196, 156, 108)])
    img = Image.new("RGB", (w, h), base)
    d = ImageDraw.Draw(img)
    y = 0
    while y < h:
        shade = rng.uniform(0.75, 1.15)
        col = tuple(min(255, int(c * shade)) for c in base)
        ph, fr, amp = rng.uniform(0, 6), rng.uniform(0.002, 0.006), rng.uniform(2, h * 0.01)
        pts = [(x, y + amp * math.sin(x * fr + ph)) for x in range(0, w + 40, 40)]
        d.line(pts, fill=col, width=rng.randint(1, max(2, h // 150)))
        y += rng.uniform(2, max(4, h / 120))
    img = img.filter(ImageFilter.GaussianBlur(1.2))
    return add_noise(rng, img, 10)


def bg_stone(rng, w, h):
    g = rng.randint(100, 170)
    n = noise(rng, (max(8, w // 24), max(8, h // 24)), 128).resize((w, h), Image.BICUBIC)
    n = n.point(lambda v: int(g + (v - 128) * 0.35))
    img = Image.merge("RGB", (n, n.point(lambda v: v + 2), n.point(lambda v: v + 5)))
    return add_noise(rng, img, 24)


def bg_desk(rng, w, h):
    base = rng.choice([(228, 226, 220), (200, 204, 210), (238, 232, 215), (90, 92, 98), (245, 245, 245)])
    img = Image.new("RGB", (w, h), base)
    return add_noise(rng, img, 8)


def bg_cloth(rng, w, h):
    base = rng.choice([(30, 32, 40), (25, 35, 60), (50, 30, 30), (40, 40, 40)])
    img = Image.new("RGB", (w, h), base)
    n = noise(rng, (w // 2, h // 2), 40).resize((w, h))
    return ImageChops.add(img, Image.merge("RGB", (n, n, n)), 1, -128)


def any_bg(rng, w, h, kind=None):
    kind = kind or rng.choice(["wood", "stone", "desk", "cloth", "paper"])
    if kind == "paper":
        return add_noise(rng, Image.new("RGB", (w, h), (242, 240, 232)), 6)
    return {"wood": bg_wood, "stone": bg_stone, "desk": bg_desk, "cloth": bg_cloth}[kind](rng, w, h)


def shadow_gradient(rng, img, strength):
    w, h = img.size
    g = Image.linear_gradient("L").rotate(rng.uniform(0, 360), Image.BICUBIC, expand=True)
    c = g.size[0] // 2
    g = g.crop((c - 90, c - 90, c + 90, c + 90)).resize((w, h), Image.BICUBIC)
    lo = int(255 * (1 - strength))
    g = g.point(lambda v: lo + (255 - lo) * v // 255)
    return ImageChops.multiply(img, Image.merge("RGB", (g, g, g)))


def glare(rng, img, strength):
    w, h = img.size
    r = int(min(w, h) * rng.uniform(0.12, 0.3))
    blob = Image.new("L", (2 * r, 2 * r), 0)
    ImageDraw.Draw(blob).ellipse([r * 0.5, r * 0.6, r * 1.5, r * 1.4], fill=int(255 * strength))
    blob = blob.filter(ImageFilter.GaussianBlur(r * 0.25))
    layer = Image.new("L", (w, h), 0)
    layer.paste(blob, (int(rng.uniform(0.2, 0.8) * w) - r, int(rng.uniform(0.2, 0.8) * h) - r))
    return ImageChops.add(img, Image.merge("RGB", (layer, layer, layer)))


def draw_hand(rng, canvas, quad):
    """A skin-coloured thumb over the middle of one card edge, palm outside."""
    w, h = canvas.size
    skin = rng.choice([(226, 180, 150), (205, 160, 125), (240, 200, 170), (180, 130, 100)])
    layer = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    edge = rng.choice([(1, 2), (2, 3), (3, 0)])  # right, bottom, left edge
    (x1, y1), (x2, y2) = quad[edge[0]], quad[edge[1]]
    t = rng.uniform(0.3, 0.7)
    ex, ey = x1 + (x2 - x1) * t, y1 + (y2 - y1) * t
    cx = sum(p[0] for p in quad) / 4
    cy = sum(p[1] for p in quad) / 4
    vx, vy = ex - cx, ey - cy
    n = math.hypot(vx, vy) or 1
    vx, vy = vx / n, vy / n
    cw = math.hypot(quad[1][0] - quad[0][0], quad[1][1] - quad[0][1])
    tr = cw * rng.uniform(0.06, 0.085)
    tx, ty = ex - vx * tr * 0.9, ey - vy * tr * 0.9
    d.ellipse([tx - tr, ty - tr * 1.3, tx + tr, ty + tr * 1.3], fill=skin + (255,))
    pr = cw * 0.35
    px, py = ex + vx * pr * 0.85, ey + vy * pr * 0.85
    d.ellipse([px - pr, py - pr, px + pr, py + pr], fill=skin + (255,))
    d.ellipse([tx - tr * 0.5, ty - tr * 0.9, tx + tr * 0.5, ty - tr * 0.1], fill=tuple(min(255, c + 18) for c in skin) + (200,))
    layer = layer.filter(ImageFilter.GaussianBlur(max(1, w // 600)))
    canvas.paste(layer.convert("RGB"), (0, 0), layer.getchannel("A"))
    return canvas


def fit_width(img, w):
    return img.resize((int(w), max(1, int(img.size[1] * w / img.size[0]))), Image.LANCZOS)


def rotate_quarter(img, k):
    return img.transpose([Image.ROTATE_90, Image.ROTATE_180, Image.ROTATE_270][k % 3])


def photocopy(rng, img, dark=False):
    g = img.convert("L")
    g = ImageOps.autocontrast(g, cutoff=1)
    lo, hi = (40, 200) if dark else (25, 225)
    g = g.point(lambda v: 0 if v < lo else 255 if v > hi else int((v - lo) * 255 / (hi - lo)))
    if dark:
        g = g.point(lambda v: int(v * 0.82 + 20))
    g = ImageChops.add(g, noise(rng, g.size, 30 if dark else 16), 1, -128)
    d = ImageDraw.Draw(g)
    for _ in range(rng.randint(10, 60 if dark else 25)):
        x, y = rng.uniform(0, g.size[0]), rng.uniform(0, g.size[1])
        r = rng.uniform(0.5, 2.5)
        d.ellipse([x - r, y - r, x + r, y + r], fill=rng.randint(0, 90))
    return g.convert("RGB")


# ------------------------------------------------------------- scenes
def motion_or_focus_blur(rng, img, width):
    """Out of focus (a wide Gaussian) or moved while taken (a short streak)."""
    radius = width / 1000 * rng.uniform(1.6, 2.6)
    if rng.random() < 0.5:
        return img.filter(ImageFilter.GaussianBlur(radius))
    n = max(3, int(radius * 3) | 1)
    streak = Image.new("L", (n, n), 0)
    a = rng.uniform(0, math.pi)
    c = (n - 1) / 2
    ImageDraw.Draw(streak).line([c - c * math.cos(a), c - c * math.sin(a), c + c * math.cos(a), c + c * math.sin(a)], fill=255, width=1)
    weights = list(streak.getdata())
    total = sum(weights) or 1
    if n > 5:  # ImageFilter.Kernel takes 3x3 or 5x5 only: shrink first
        small = img.resize((img.size[0] * 5 // n, img.size[1] * 5 // n), Image.LANCZOS)
        streak = streak.resize((5, 5), Image.BILINEAR)
        weights = list(streak.getdata())
        total = sum(weights) or 1
        return small.filter(ImageFilter.Kernel((5, 5), weights, total)).resize(img.size, Image.BICUBIC)
    return img.filter(ImageFilter.Kernel((n, n), weights, total))


def copy_a4_scene(rng, r, html, k):
    """One card side photocopied alone on an A4 page, scanned grey."""
    page_w = int(rng.uniform(1200, 2200))
    page_h = int(page_w * 297 / 210)
    fw = int(page_w * 85.6 / 210)
    card = r.render(html, pages.CARD_W, pages.CARD_H, max(1.0, fw / pages.CARD_W * 1.05))
    fh = int(fw * pages.CARD_H / pages.CARD_W)
    card = card.resize((fw, fh), Image.LANCZOS)
    ImageDraw.Draw(card).rounded_rectangle([0, 0, fw - 1, fh - 1], radius=int(fw * 0.04), outline=(120, 120, 120, 255), width=2)
    card = card.rotate(rng.uniform(-2, 2), Image.BICUBIC, expand=True)
    # The copier's contrast is set by the card and a margin of paper around
    # it (on the whole page, mostly blank, it would turn the card black).
    m = int(fw * 0.15)
    patch = Image.new("RGB", (card.size[0] + 2 * m, card.size[1] + 2 * m), (255, 255, 255))
    patch.paste(card.convert("RGB"), (m, m), card.getchannel("A"))
    patch = photocopy(rng, patch, dark=rng.random() < 0.4)
    page = Image.new("RGB", (page_w, page_h), (255, 255, 255))
    x = int(rng.uniform(0.0, 1.0) * (page_w - patch.size[0]))
    y = int(rng.uniform(0.0, 0.6) * (page_h - patch.size[1]))
    page.paste(patch, (x, y))
    page = add_noise(rng, page, 8)
    if k % 3 == 2:
        page = page.rotate(180, expand=True)
    return page, rng.randint(60, 88)


def card_scene(rng, r, html, dist, k):
    """Render a card and place it in the scene for distortion `dist`."""
    if dist == "copy_a4":
        return copy_a4_scene(rng, r, html, k)
    cfg = {
        "clean": (rng.uniform(700, 1600), None, 0, 0, 0),
        "wood": (rng.uniform(1200, 2400), "wood", rng.uniform(0.55, 0.8), rng.uniform(-4, 4), 0.0),
        "stone": (rng.uniform(1200, 2400), "stone", rng.uniform(0.55, 0.8), rng.uniform(-4, 4), 0.0),
        "desk": (rng.uniform(1200, 2400), "desk", rng.uniform(0.55, 0.8), rng.uniform(-4, 4), 0.0),
        "hand": (rng.uniform(1200, 2400), rng.choice(["cloth", "desk", "wood"]), rng.uniform(0.5, 0.7), rng.uniform(-5, 5), 0.02),
        "perspective": (rng.uniform(1400, 2600), None, rng.uniform(0.6, 0.8), rng.uniform(-8, 8), rng.uniform(0.04, 0.07)),
        "thumb": (rng.uniform(400, 500), None, rng.uniform(0.75, 0.95), rng.uniform(-3, 3), 0.01),
        "phone_big": (rng.uniform(3000, 4000), None, rng.uniform(0.55, 0.8), rng.uniform(-6, 6), 0.03),
        "shadow_glare": (rng.uniform(1200, 2400), None, rng.uniform(0.6, 0.85), rng.uniform(-4, 4), 0.02),
        "lowq_blur": (rng.uniform(800, 1600), None, rng.uniform(0.65, 0.9), rng.uniform(-3, 3), 0.01),
        "rotated": (rng.uniform(1000, 2400), None, rng.uniform(0.6, 0.85), rng.uniform(-3, 3), 0.01),
        "blur_heavy": (rng.uniform(900, 1800), None, rng.uniform(0.6, 0.9), rng.uniform(-4, 4), 0.02),
    }[dist]
    out_w, bg, fill, angle, persp = cfg
    card_px = out_w * (fill or 1)
    scale = min(4.5, max(1.0, card_px / pages.CARD_W * 1.05))
    card = r.render(html, pages.CARD_W, pages.CARD_H, scale)
    if dist == "clean":
        m = int(card.size[0] * rng.uniform(0.0, 0.02))
        canvas = Image.new("RGB", (card.size[0] + 2 * m, card.size[1] + 2 * m), rng.choice([(255, 255, 255), (235, 235, 235), (30, 30, 30)]))
        canvas.paste(card.convert("RGB"), (m, m), card.getchannel("A"))
        return fit_width(canvas, out_w), 92
    ar = rng.choice([4 / 3, 16 / 9, 1.0, 3 / 2])
    cw, ch = card.size[0] / fill, card.size[0] / fill / ar
    if ch < card.size[1] * 1.15:
        ch = card.size[1] * 1.3
    cw, ch = int(cw), int(ch)
    canvas = any_bg(rng, cw, ch, bg)
    quad = place_quad(rng, cw, ch, card.size[0], card.size[1], fill, angle, persp)
    warp_into(canvas, card, quad)
    q = rng.randint(75, 92)
    if dist == "hand":
        draw_hand(rng, canvas, quad)
    if dist in ("shadow_glare", "phone_big", "perspective"):
        canvas = shadow_gradient(rng, canvas, rng.uniform(0.25, 0.5) if dist == "shadow_glare" else rng.uniform(0.05, 0.2))
    if dist == "shadow_glare":
        canvas = glare(rng, canvas, rng.uniform(0.6, 0.95))
    canvas = fit_width(canvas, out_w)
    if dist == "lowq_blur":
        canvas = canvas.filter(ImageFilter.GaussianBlur(rng.uniform(0.8, 1.8)))
        q = rng.randint(30, 50)
    if dist == "blur_heavy":
        canvas = motion_or_focus_blur(rng, canvas, out_w)
        q = rng.randint(45, 75)
    if dist == "thumb":
        q = rng.randint(60, 85)
    if dist == "rotated":
        canvas = rotate_quarter(canvas, k)
    return canvas, q


def both_scene(rng, r, front_html, back_html, dist, k):
    page_w = int(rng.uniform(1400, 2300))
    page_h = int(page_w * 297 / 210)
    card_w = page_w * 85.6 / 210
    scale = max(1.0, card_w / pages.CARD_W * 1.05)
    front = r.render(front_html, pages.CARD_W, pages.CARD_H, scale)
    back = r.render(back_html, pages.CARD_W, pages.CARD_H, scale)
    page = Image.new("RGB", (page_w, page_h), (255, 255, 255))
    fw = int(card_w)
    fh = int(fw * pages.CARD_H / pages.CARD_W)
    front = front.resize((fw, fh), Image.LANCZOS)
    back = back.resize((fw, fh), Image.LANCZOS)
    for im in (front, back):  # photocopies show the card edge
        ImageDraw.Draw(im).rounded_rectangle([0, 0, fw - 1, fh - 1], radius=int(fw * 0.04), outline=(120, 120, 120, 255), width=2)
    if dist == "copy_side":
        gap = (page_w - 2 * fw) / 3
        y = int(page_h * rng.uniform(0.12, 0.3))
        pos = [(int(gap), y), (int(2 * gap + fw), y + rng.randint(-8, 8))]
    else:
        x = int((page_w - fw) / 2 + rng.uniform(-0.08, 0.08) * page_w)
        y = int(page_h * rng.uniform(0.08, 0.15))
        pos = [(x, y), (x + rng.randint(-15, 15), y + fh + int(page_h * rng.uniform(0.04, 0.12)))]
        if rng.random() < 0.2:
            pos.reverse()
    for im, p in zip((front, back), pos):
        im2 = im.rotate(rng.uniform(-1.5, 1.5), Image.BICUBIC, expand=True)
        page.paste(im2.convert("RGB"), p, im2.getchannel("A"))
    if dist == "scan_colour":  # a flatbed scan in colour: no toner, paper grain
        page = add_noise(rng, page, 6)
        if k % 3 == 1:
            page = page.rotate(rng.uniform(-2, 2) + 180 * (k % 2), Image.BICUBIC, expand=True, fillcolor=(255, 255, 255))
        return fit_width(page, page.size[0] * rng.uniform(0.6, 1.0)), rng.randint(70, 92)
    page = photocopy(rng, page, dark=dist == "copy_dark")
    q = rng.randint(70, 90)
    if dist == "copy_photo":
        cw = int(page_w / rng.uniform(0.7, 0.85))
        ch = int(cw * rng.choice([4 / 3, 1.25]))
        canvas = any_bg(rng, cw, ch)
        quad = place_quad(rng, cw, ch, page_w, page_h, page_w / cw, rng.uniform(-4, 4), rng.uniform(0.02, 0.05))
        page = warp_into(canvas, page.convert("RGBA"), quad)
        page = shadow_gradient(rng, page, rng.uniform(0.1, 0.35))
    if dist == "copy_skew_lowq":
        page = page.rotate(rng.uniform(-3, 3) + (180 if k % 3 == 2 else 0), Image.BICUBIC, expand=True, fillcolor=(255, 255, 255))
        page = fit_width(page, page.size[0] * rng.uniform(0.55, 0.8))
        q = rng.randint(30, 45)
    return page, q


def form_scene(rng, r, html, dist, k):
    scale = rng.uniform(1.4, 2.2) if dist != "small" else 1.2
    page = r.render(html, pages.A4_W, pages.A4_H, scale, transparent=False).convert("RGB")
    q = rng.randint(72, 92)
    if dist == "scan_clean":
        page = add_noise(rng, page, 4)
    elif dist == "scan_skew":
        page = page.rotate(rng.uniform(-3, 3), Image.BICUBIC, expand=True, fillcolor=(250, 250, 250))
        page = add_noise(rng, page, 6)
    elif dist == "scan_grey":
        page = photocopy(rng, page, dark=rng.random() < 0.4)
        page = page.rotate(rng.uniform(-1.2, 1.2), Image.BICUBIC, fillcolor=(255, 255, 255))
    elif dist == "scan_lowq":
        page = fit_width(page, rng.uniform(900, 1150))
        q = rng.randint(30, 45)
    elif dist in ("photo_table", "photo_persp", "photo_shadow"):
        cw = int(page.size[0] / rng.uniform(0.7, 0.88))
        ch = int(cw * rng.choice([4 / 3, 1.3, 1.5]))
        canvas = any_bg(rng, cw, ch, rng.choice(["wood", "desk", "stone"]))
        persp = {"photo_table": 0.015, "photo_persp": rng.uniform(0.035, 0.06), "photo_shadow": 0.02}[dist]
        ang = rng.uniform(-5, 5) if dist != "photo_table" else rng.uniform(-2.5, 2.5)
        quad = place_quad(rng, cw, ch, page.size[0], page.size[1], page.size[0] / cw, ang, persp)
        page = warp_into(canvas, page.convert("RGBA"), quad)
        if dist == "photo_shadow":
            page = shadow_gradient(rng, page, rng.uniform(0.3, 0.5))
            page = glare(rng, page, rng.uniform(0.4, 0.7))
        else:
            page = shadow_gradient(rng, page, rng.uniform(0.05, 0.2))
        if rng.random() < 0.4:
            page = fit_width(page, rng.uniform(2800, 3600))
    elif dist == "small":
        page = fit_width(page, rng.uniform(650, 850))
    elif dist == "rotated":
        page = rotate_quarter(page, k)
    return page, q


# ------------------------------------------------------------- items
def phone(rng):
    return rng.choice(["13", "15", "17", "18", "19"]) + "%d%08d" % (rng.randint(0, 9), rng.randint(0, 99999999))


def form_fields(rng, p):
    apply_d = datetime.date(2025, 11, 1) + datetime.timedelta(days=rng.randint(0, 110))
    start_d = apply_d + datetime.timedelta(days=rng.choice([0, 0, 1, 3, 7, 15, 30]))
    treat = rng.choice([t for t in people.TREATMENT_PLACES if not t.startswith(p["province"])])
    contact = rng.choice([
        p["address"],
        treat + rng.choice(["人民路", "建设路", "滨海大道", "解放西路", "中山路"]) + "%d号%d室" % (rng.randint(1, 300), rng.randint(101, 2205)),
    ])
    return {
        "name": p["name"], "sex": p["sex"], "id_number": p["id_number"], "phone": phone(rng),
        "insured_place": p["region"], "treatment_place": treat,
        "filing_type": rng.choice(pages.FILING_TYPES),
        "insurance_type": rng.choice(pages.INSURANCE_TYPES),
        "contact_address": contact, "start_date": start_d.isoformat(),
        "apply_date": apply_d.isoformat(),
        "signature": "inked" if rng.random() < 0.75 else "empty",
        "_prov": p["province"],
        "_city": p["city"],
    }


FRONT_KEYS = ["name", "sex", "ethnicity", "birth", "address", "id_number"]
BACK_KEYS = ["authority", "valid_from", "valid_to"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--seed", default="c")
    ap.add_argument("--per-cell", type=int, default=6)
    ap.add_argument("--only-cell", default=None, help="debug: only cells whose kind-distortion contains one of these (comma-separated)")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    r = Renderer()
    truth = []
    t0 = time.time()
    idx = 0
    try:
        for kind, dist in CELLS:
            for k in range(a.per_cell):
                rng = random.Random("%s/%s/%s/%d" % (a.seed, kind, dist, k))
                n = idx
                idx += 1
                if a.only_cell and not any(c in kind + "-" + dist for c in a.only_cell.split(",")):
                    continue
                p = people.make_person(rng)
                if kind == "id_front":
                    img, q = card_scene(rng, r, pages.card_front(rng, p), dist, k)
                    fields = {x: p[x] for x in FRONT_KEYS}
                elif kind == "id_back":
                    img, q = card_scene(rng, r, pages.card_back(rng, p), dist, k)
                    fields = {x: p[x] for x in BACK_KEYS}
                elif kind == "id_both":
                    img, q = both_scene(rng, r, pages.card_front(rng, p), pages.card_back(rng, p), dist, k)
                    fields = {x: p[x] for x in FRONT_KEYS + BACK_KEYS}
                elif kind in proofs.KINDS:
                    variant, scene = dist, dist
                    if dist.endswith("_scan"):  # a variant, scanned grey
                        variant, scene = dist[:-len("_scan")], "scan_grey"
                    else:
                        variant = ""
                    html = proofs.proof(rng, kind, p, people.TREATMENT_PLACES, variant)
                    img, q = form_scene(rng, r, html, scene, k)
                    fields = {}
                else:
                    f = form_fields(rng, p)
                    tpl = "ABC"[n % 3]
                    handwritten = rng.random() < 0.5
                    html = pages.FORMS[tpl](rng, f, handwritten, pages.ink(rng))
                    img, q = form_scene(rng, r, html, dist, k)
                    fields = {x: v for x, v in f.items() if not x.startswith("_")}
                name = "%04d-%s-%s.jpg" % (n, kind, dist)
                img.convert("RGB").save(os.path.join(a.out, name), "JPEG", quality=q)
                truth.append({"file": name, "kind": kind, "distortion": dist,
                              "claim": {"name": p["name"], "id_number": p["id_number"]},
                              "fields": fields})
                print("%s %dx%d q%d %.0fs" % (name, img.size[0], img.size[1], q, time.time() - t0), flush=True)
    finally:
        r.close()
    with open(os.path.join(a.out, "truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1)
    print("%d images in %.0fs" % (len(truth), time.time() - t0))


if __name__ == "__main__":
    main()
