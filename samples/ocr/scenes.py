"""Scenes for the OCR evaluation set: where a drawn document ends up in the picture.

A card lying on a table (wood, paper or cloth drawn with PIL) and photographed, a card
photocopied on white paper, both card sides copied on one A4 page. The documents
themselves come from samples/synth/cards.py; the scene functions take a `draw(scale)`
callable so that a card is drawn at (at least) the resolution it is shown at.

Deterministic for a given random.Random: noise comes from rng.randbytes, never from
PIL's effect_noise (which follows the C library's rand()).
"""

import math
import os
import sys

from PIL import Image, ImageChops, ImageDraw, ImageFilter

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from synth import cards  # noqa: E402

MM_PER_INCH = 25.4
A4_MM = (210, 297)
CARD_MM = (85.6, 54)


# ---------------------------------------------------------------------------
# geometry

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


def quad(w, h, angle_deg, keystone, rng):
    """Corners (TL, TR, BR, BL) of a w x h rectangle centred on (0, 0), rotated, with the
    top edge `keystone` (fraction) narrower and each corner nudged by up to keystone/3."""
    a = math.radians(angle_deg)
    out = []
    for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
        x, y = sx * w / 2, sy * h / 2
        x *= 1 - keystone * (1 if sy < 0 else -0.3)
        x += rng.uniform(-1, 1) * keystone / 3 * w
        y += rng.uniform(-1, 1) * keystone / 3 * h
        out.append((x * math.cos(a) - y * math.sin(a), x * math.sin(a) + y * math.cos(a)))
    return out


def paste_quad(canvas, img, mask, corners):
    """Warp img (with its L mask) onto canvas so that its corners land on `corners`."""
    x0 = math.floor(min(x for x, _ in corners))
    y0 = math.floor(min(y for _, y in corners))
    x1 = math.ceil(max(x for x, _ in corners))
    y1 = math.ceil(max(y for _, y in corners))
    local = [(x - x0, y - y0) for x, y in corners]
    w, h = img.size
    coeffs = perspective_coeffs([(0, 0), (w, 0), (w, h), (0, h)], local)
    size = (x1 - x0, y1 - y0)
    warped = img.transform(size, Image.PERSPECTIVE, coeffs, Image.BICUBIC)
    wmask = mask.transform(size, Image.PERSPECTIVE, coeffs, Image.BILINEAR, fillcolor=0)
    canvas.paste(warped, (x0, y0), wmask)
    return (x0, y0), wmask


def draw_card_at(draw, width):
    """draw(scale) at the smallest integer scale >= width / 856, shrunk to `width` px,
    with its rounded-corner mask: (card, mask)."""
    s = max(1, min(5, math.ceil(width / cards.CARD_SIZE[0])))
    size = (max(1, round(width)), max(1, round(width * cards.CARD_SIZE[1] / cards.CARD_SIZE[0])))
    card = draw(s).resize(size, Image.LANCZOS)
    mask = cards.card_mask(s).resize(size, Image.LANCZOS)
    return card, mask


# ---------------------------------------------------------------------------
# texture, light and grain

def grain(img, rng, amount):
    """img plus uniform zero-mean noise of +-amount grey levels (same on every channel)."""
    w, h = img.size
    n = Image.frombytes("L", (w, h), rng.randbytes(w * h))
    n = n.point(lambda v: 128 + (v - 128) * amount // 128)
    if img.mode == "RGB":
        n = Image.merge("RGB", (n, n, n))
    return ImageChops.add(img, n, 1.0, -128)


def smooth_field(rng, size, cells, lo, hi):
    """A smooth random L image (cells[0] x cells[1] random values, bicubic-enlarged)."""
    vals = bytes(rng.randint(lo, hi) for _ in range(cells[0] * cells[1]))
    return Image.frombytes("L", cells, vals).resize(size, Image.BICUBIC)


def _tint(img, field):
    """Multiply an RGB image by an L field (255 = unchanged)."""
    return ImageChops.multiply(img, Image.merge("RGB", (field, field, field)))


def wood(rng, size):
    """Wood planks: grain lines, plank seams, uneven colour; planks across or along."""
    along = rng.random() < 0.3
    w, h = (size[1], size[0]) if along else size
    base = (rng.randint(105, 175), rng.randint(65, 120), rng.randint(35, 80))
    img = Image.new("RGB", (w, h), base)
    d = ImageDraw.Draw(img)
    period, wave = rng.uniform(5, 12), rng.uniform(40, 140)
    for y in range(0, h, 2):
        shade = int(20 * math.sin(y / period + 2.5 * math.sin(y / wave)))
        d.line((0, y, w, y + rng.randint(-3, 3)), fill=tuple(max(0, c + shade) for c in base), width=2)
    plank = rng.randint(110, 260)
    for y in range(rng.randint(0, plank), h, plank):
        d.line((0, y, w, y), fill=tuple(c // 2 for c in base), width=2)
    img = _tint(img, smooth_field(rng, (w, h), (5, 4), 200, 255))
    img = img.filter(ImageFilter.GaussianBlur(0.8))
    return img.transpose(Image.ROTATE_90) if along else img


def paper(rng, size):
    """Desk blotter / newspaper-free paper: warm white, fibres, sometimes ruled."""
    w, h = size
    base = (rng.randint(220, 245), rng.randint(215, 240), rng.randint(195, 230))
    img = Image.new("RGB", size, base)
    d = ImageDraw.Draw(img)
    for _ in range(w * h // 2500):
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        a, r = rng.uniform(0, math.pi), rng.uniform(3, 12)
        dark = rng.randint(8, 25)
        d.line((x, y, x + r * math.cos(a), y + r * math.sin(a)), fill=tuple(c - dark for c in base), width=1)
    if rng.random() < 0.35:
        step = rng.randint(28, 40)
        for y in range(rng.randint(20, 60), h, step):
            d.line((0, y, w, y), fill=(base[0] - 60, base[1] - 35, base[2]), width=1)
    img = _tint(img, smooth_field(rng, size, (4, 3), 215, 255))
    return img.filter(ImageFilter.GaussianBlur(0.6))


CLOTH_COLOURS = ((60, 80, 130), (150, 40, 45), (70, 110, 70), (120, 120, 125), (170, 150, 110), (40, 40, 50))


def cloth(rng, size):
    """Woven cloth: fine warp/weft lines, sometimes a large check pattern."""
    w, h = size
    base = rng.choice(CLOTH_COLOURS)
    img = Image.new("RGB", size, base)
    d = ImageDraw.Draw(img)
    p = rng.randint(3, 5)
    dark = tuple(max(0, c - 30) for c in base)
    light = tuple(min(255, c + 25) for c in base)
    for y in range(0, h, p):
        d.line((0, y, w, y), fill=dark, width=1)
    for x in range(0, w, p):
        d.line((x, 0, x, h), fill=light, width=1)
    if rng.random() < 0.5:
        check = rng.randint(30, 70)
        over = Image.new("RGB", size, (245, 245, 240))
        stripes = Image.new("L", size, 0)
        sd = ImageDraw.Draw(stripes)
        for k in range(0, max(w, h), 2 * check):
            sd.rectangle((k, 0, k + check, h), fill=90)
            sd.rectangle((0, k, w, k + check), fill=90)
        img = Image.composite(over, img, stripes)
    img = _tint(img, smooth_field(rng, size, (5, 4), 190, 255))
    return img.filter(ImageFilter.GaussianBlur(0.7))


TEXTURES = {"wood": wood, "paper": paper, "cloth": cloth}


def background(rng, size, kind=None):
    """A texture of `size`, drawn at most 1,200 px wide and enlarged (it need not be sharp)."""
    kind = kind or rng.choice(sorted(TEXTURES))
    w, h = size
    f = min(1.0, 1200 / w)
    small = TEXTURES[kind](rng, (max(8, round(w * f)), max(8, round(h * f))))
    return small.resize(size, Image.BICUBIC) if f < 1 else small


def light(img, rng, strength):
    """Uneven light: a gradient plus a vignette, darkening up to `strength`; a colour cast."""
    w, h = img.size
    gx, gy = rng.uniform(-1, 1), rng.uniform(-1, 1)
    vig = rng.uniform(0, 1)
    small = Image.new("L", (32, 32))
    px = small.load()
    for y in range(32):
        for x in range(32):
            u, v = x / 31 - 0.5, y / 31 - 0.5
            t = 0.5 + (u * gx + v * gy) * 0.7 + vig * (u * u + v * v)
            px[x, y] = max(0, min(255, int(255 * (1 - strength * min(1.0, max(0.0, t))))))
    shade = small.resize((w, h), Image.BILINEAR)
    img = Image.composite(img, Image.new(img.mode, (w, h), 0), shade)
    if img.mode == "RGB":
        cast = tuple(rng.randint(236, 255) for _ in range(3))
        img = ImageChops.multiply(img, Image.new("RGB", (w, h), cast))
    return img


# ---------------------------------------------------------------------------
# scenes

def log_uniform(rng, lo, hi):
    """A number between lo and hi, uniform on a log scale."""
    return math.exp(rng.uniform(math.log(lo), math.log(hi)))


def card_on_table(draw, rng, width=None, fill=None):
    """The card lying on a wood/paper/cloth background with a margin, photographed.

    Photo width log-uniform in 400..4,000 px (or `width`), card width 25..85 % of it (or
    `fill`), half of the photos rotated up to ±6° and half in mild perspective; the card
    is shrunk further only if it would not fit the photo's height. Returns an RGB image."""
    W = round(width or log_uniform(rng, 400, 4000))
    H = round(W / rng.choice((4 / 3, 4 / 3, 3 / 4, 16 / 9, 1.0)))
    cw = W * (fill or rng.uniform(0.25, 0.85))
    ch = cw * cards.CARD_SIZE[1] / cards.CARD_SIZE[0]
    angle = rng.uniform(-6, 6) if rng.random() < 0.5 else rng.uniform(-0.7, 0.7)
    keystone = rng.uniform(0.01, 0.06) if rng.random() < 0.5 else 0.0
    corners = quad(cw, ch, angle, keystone, rng)
    span_x = max(x for x, _ in corners) - min(x for x, _ in corners)
    span_y = max(y for _, y in corners) - min(y for _, y in corners)
    shrink = min(1.0, 0.94 * W / span_x, 0.94 * H / span_y)
    cw, corners = cw * shrink, [(x * shrink, y * shrink) for x, y in corners]
    lo_x, hi_x = min(x for x, _ in corners), max(x for x, _ in corners)
    lo_y, hi_y = min(y for _, y in corners), max(y for _, y in corners)
    margin = 0.02 * min(W, H)
    cx = rng.uniform(margin - lo_x, W - margin - hi_x)
    cy = rng.uniform(margin - lo_y, H - margin - hi_y)
    corners = [(cx + x, cy + y) for x, y in corners]

    card, mask = draw_card_at(draw, cw)
    photo = background(rng, (W, H))
    if rng.random() < 0.6:  # soft shadow under the card
        off = cw * rng.uniform(0.005, 0.02)
        shadow = Image.new("L", (W, H), 0)
        paste_quad(shadow, Image.new("L", card.size, 255), mask, [(x + off, y + off) for x, y in corners])
        shadow = shadow.filter(ImageFilter.GaussianBlur(cw * 0.012 + 1)).point(lambda v: v * 6 // 10)
        photo = Image.composite(Image.new("RGB", (W, H), 0), photo, shadow)
    paste_quad(photo, card.convert("RGB"), mask, corners)
    photo = light(photo, rng, rng.uniform(0.05, 0.3))
    blur = rng.uniform(0, 0.5) * max(1.0, W / 1500)
    if blur > 0.25:
        photo = photo.filter(ImageFilter.GaussianBlur(blur))
    return grain(photo, rng, rng.randint(2, 7))


def copier_tone(img, rng, paper_lo=226, paper_hi=248, dark=(55, 115), wash=(205, 235), gamma=(0.6, 0.95)):
    """Photocopier tone curve on an L image: light greys wash out to the paper, black
    becomes a grey `dark`, mid-tones are lifted (gamma < 1)."""
    paper_v, lo = rng.randint(paper_lo, paper_hi), rng.randint(*dark)
    t, g = rng.randint(*wash), rng.uniform(*gamma)
    lut = [paper_v if v >= t else round(lo + (paper_v - lo) * (v / t) ** g) for v in range(256)]
    return img.point(lut)


def specks(img, rng, n, streak=True):
    """Toner dust (n small dots) and sometimes a faint vertical streak, on an L image."""
    w, h = img.size
    d = ImageDraw.Draw(img)
    for _ in range(n):
        x, y, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0.4, 1.6)
        d.ellipse((x - r, y - r, x + r, y + r), fill=rng.randint(90, 190))
    if streak and rng.random() < 0.3:
        x = rng.uniform(0, w)
        d.line((x, 0, x + rng.uniform(-4, 4), h), fill=rng.randint(200, 225), width=rng.randint(1, 4))
    return img


def _rotated(card, mask, rng, p, max_deg):
    """With probability p, card and mask rotated by up to ±max_deg (mask keeps the corners clean)."""
    if rng.random() >= p:
        return card, mask
    deg = rng.uniform(-max_deg, max_deg)
    return (card.rotate(deg, resample=Image.BICUBIC, expand=True, fillcolor=255),
            mask.rotate(deg, resample=Image.BICUBIC, expand=True, fillcolor=0))


def photocopy_on_a4(draw, rng):
    """One card side photocopied at true size on white A4 paper, off-centre: grayscale,
    low contrast, the card's own background and edges washed out. Returns an L image."""
    W = rng.randint(900, 1800)
    H = round(W * A4_MM[1] / A4_MM[0])
    card, mask = draw_card_at(draw, W * CARD_MM[0] / A4_MM[0] * rng.uniform(0.96, 1.04))
    card, mask = _rotated(card.convert("L"), mask, rng, 0.4, 2.0)
    cw, ch = card.size
    for _ in range(100):
        x, y = rng.uniform(0.04 * W, 0.96 * W - cw), rng.uniform(0.03 * H, 0.9 * H - ch)
        if abs(x + cw / 2 - W / 2) > 0.08 * W or abs(y + ch / 2 - H / 2) > 0.08 * H:
            break
    page = Image.new("L", (W, H), 255)
    page.paste(card, (round(x), round(y)), mask)
    page = copier_tone(page, rng)
    page = page.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 1.1)))
    page = specks(page, rng, rng.randint(40, 400))
    return grain(page, rng, rng.randint(2, 6))


def two_cards_on_a4(draw_front, draw_back, rng, dpi=None):
    """Both card sides copied at true size on one A4 page at 150..300 dpi (or `dpi`),
    stacked or side by side, anywhere on the page. Returns (L image, dpi)."""
    dpi = dpi or rng.uniform(150, 300)
    mm = dpi / MM_PER_INCH
    W, H = round(A4_MM[0] * mm), round(A4_MM[1] * mm)
    cw = CARD_MM[0] * mm
    pair = [draw_card_at(draw_front, cw), draw_card_at(draw_back, cw)]
    if rng.random() < 0.2:
        pair.reverse()
    pair = [_rotated(c.convert("L"), m, rng, 0.35, 1.5) for c, m in pair]
    (w1, h1), (w2, h2) = pair[0][0].size, pair[1][0].size
    edge = 8 * mm
    if rng.random() < 0.4:  # side by side
        gap = rng.uniform(3, min(15, (W - 2 * edge - w1 - w2) / mm)) * mm
        x = rng.uniform(edge, W - edge - w1 - w2 - gap)
        y = rng.uniform(edge, H * 0.75 - max(h1, h2))
        spots = [(x, y), (x + w1 + gap, y + rng.uniform(-3, 3) * mm)]
    else:  # stacked
        gap = rng.uniform(5, 45) * mm
        x = rng.uniform(edge, W - edge - max(w1, w2))
        y = rng.uniform(edge, H - edge - h1 - h2 - gap)
        x2 = min(max(edge, x + rng.uniform(-6, 6) * mm), W - edge - w2)
        spots = [(x, y), (x2, y + h1 + gap)]
    page = Image.new("L", (W, H), 255)
    for (card, mask), (x, y) in zip(pair, spots):
        page.paste(card, (round(x), round(y)), mask)
    page = copier_tone(page, rng, 238, 252, dark=(0, 40), wash=(242, 252), gamma=(0.85, 1.0))
    blur = rng.uniform(0, 0.7) * dpi / 200
    if blur > 0.3:
        page = page.filter(ImageFilter.GaussianBlur(blur))
    return grain(specks(page, rng, rng.randint(0, 120), streak=False), rng, rng.randint(1, 4)), dpi
