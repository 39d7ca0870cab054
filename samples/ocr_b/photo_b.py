"""Turning rendered documents into what citizens send: phone photos, scans and photocopies.

Pure Pillow (no numpy).  A `Look` (drawn from a variant name) says how: the background
(wood, stone, paper, table cloth, dark desk, fabric, scanner bed), how much of the frame the
document fills, small rotation, a 3-D tilt with perspective, cast shadow, a thumb over an
edge, uneven light, a shadow band, a glare spot, colour cast, blur or motion blur, noise,
low resolution, grayscale photocopy tone, quarter-turn rotation and the JPEG quality.

compose(doc, look, rng) -> PIL image ready to be saved with look.jpeg_quality.
"""

import math

from PIL import Image, ImageChops, ImageDraw, ImageEnhance, ImageFilter, ImageOps

# ---------------------------------------------------------------------------
# Looks


class Look:
    """All knobs of one picture; defaults are a tidy phone photo."""

    def __init__(self, **kw):
        self.mode = "photo"          # photo | scan | copy | scene
        self.out_w = 1500
        self.aspect = 0.75           # height / width of the photo
        self.bg = "wood"
        self.frac = 0.6              # document width / photo width
        self.angle = 0.0             # in-plane rotation, degrees
        self.tilt_x = 0.0            # 3-D tilt (degrees) -> perspective
        self.tilt_y = 0.0
        self.shadow = True
        self.hand = False
        self.light = 0.15            # strength of the light gradient
        self.band = 0.0              # dark shadow band opacity
        self.glare = 0.0             # glare strength
        self.cast = (1.0, 1.0, 1.0)
        self.blur = 0.0              # gaussian radius at out_w
        self.motion = 0              # motion blur length px
        self.noise = 3.0             # sigma
        self.downscale = 1.0         # >1: captured at lower resolution and upscaled
        self.gray = False
        self.contrast = 1.0
        self.toner = 0.0             # photocopy speckle density
        self.rot = 0                 # quarter turns: 0, 90, 180, 270
        self.jpeg_quality = 85
        self.offset = (0.0, 0.0)     # document centre offset, fraction of free space
        self.__dict__.update(kw)


def pick_look(rng, kind, variant):
    """A Look for a page `kind` ("card", "a4", "both", "receipt", "scene") and variant name."""
    u = rng.uniform
    lk = Look()
    lk.bg = rng.choice(["wood", "wood", "stone", "paper", "cloth", "desk", "fabric", "wood_light"])
    r = rng.random()
    lk.out_w = (rng.randint(1000, 2000) if r < 0.75 else rng.randint(2000, 3000) if r < 0.94
                else rng.randint(3000, 4000))
    lk.aspect = rng.choice([0.75, 0.75, 0.5625, 1.0, 1.333]) if kind == "card" else rng.choice([1.333, 1.333, 1.25])
    lk.frac = u(0.45, 0.85) if kind == "card" else u(0.72, 0.92)
    lk.angle = u(-2.5, 2.5)
    lk.tilt_x, lk.tilt_y = u(-7, 7), u(-7, 7)
    lk.light = u(0.05, 0.3)
    lk.cast = (u(0.96, 1.04), u(0.97, 1.02), u(0.92, 1.03))
    lk.blur = rng.choice([0, 0, 0.4, 0.7, 1.0])
    lk.noise = u(1.5, 5)
    lk.jpeg_quality = rng.randint(65, 92)
    lk.offset = (u(-0.8, 0.8), u(-0.8, 0.8))
    if kind in ("a4", "both"):
        lk.tilt_x, lk.tilt_y = u(-5, 5), u(-5, 5)
        lk.out_w = rng.randint(1100, 2200) if rng.random() < 0.8 else rng.randint(2200, 3200)
    if kind == "receipt":
        lk.frac = u(0.3, 0.5)
        lk.aspect = 1.333
    v = variant
    if v == "tilt":
        lk.angle = rng.choice([-1, 1]) * u(3.5, 8)
    elif v in ("rot90", "rot180", "rot270"):
        lk.rot = int(v[3:])
    elif v == "persp":
        lk.tilt_x = rng.choice([-1, 1]) * u(12, 24)
        lk.tilt_y = rng.choice([-1, 1]) * u(6, 20)
    elif v == "blur":
        if rng.random() < 0.5:
            lk.blur = u(1.4, 2.6)
        else:
            lk.motion = rng.randint(5, 11)
            lk.blur = 0.5
    elif v == "lowq":
        lk.jpeg_quality = rng.randint(28, 45)
        lk.downscale = u(1.0, 1.6)
    elif v == "thumb":
        lk.out_w = rng.randint(400, 720)
        lk.frac = u(0.7, 0.92) if kind == "card" else u(0.85, 0.95)
        lk.jpeg_quality = rng.randint(55, 85)
        lk.noise = u(1, 3)
        lk.blur = 0
    elif v == "small":
        lk.out_w = rng.randint(2400, 4000)
        lk.frac = u(0.2, 0.35)
    elif v == "glare":
        lk.glare = u(0.45, 0.8)
        lk.light = u(0.2, 0.4)
    elif v == "shadow":
        lk.band = u(0.25, 0.5)
    elif v == "hand":
        lk.hand = True
        lk.frac = u(0.5, 0.8)
    elif v in ("copy", "copy_dark", "scan_gray"):
        lk.mode = "copy" if v != "scan_gray" else "scan"
        lk.bg = "white"
        lk.gray = True
        lk.shadow = False
        lk.tilt_x = lk.tilt_y = 0
        lk.angle = u(-1.5, 1.5)
        lk.light = u(0.0, 0.08)
        lk.contrast = u(0.55, 0.8) if v == "copy" else u(1.2, 1.5) if v == "copy_dark" else u(0.9, 1.1)
        lk.toner = u(0.0005, 0.003) if v != "scan_gray" else 0
        lk.noise = u(2, 6)
        lk.jpeg_quality = rng.randint(55, 88)
        lk.cast = (1, 1, 1)
        if kind == "card":
            lk.frac = u(0.3, 0.6)
            lk.aspect = rng.choice([1.414, 1.333, 0.75])
        else:
            lk.frac = u(0.9, 0.98)
    elif v in ("scan", "scan_color"):
        lk.mode = "scan"
        lk.bg = "white"
        lk.shadow = False
        lk.tilt_x = lk.tilt_y = 0
        lk.angle = u(-1.5, 1.5)
        lk.light = u(0.0, 0.05)
        lk.noise = u(1, 3)
        lk.blur = rng.choice([0, 0.3, 0.5])
        lk.cast = (1, 1, 1)
        lk.frac = u(0.3, 0.55) if kind == "card" else u(0.92, 0.99)
        if kind == "card":
            lk.aspect = rng.choice([1.414, 0.75])
    elif v == "photo_tilt":
        lk.angle = rng.choice([-1, 1]) * u(3, 7)
    elif v == "scene":
        lk.mode = "scene"
    if kind == "both" and lk.mode == "photo":
        lk.frac = u(0.75, 0.9)
    return lk


# ---------------------------------------------------------------------------
# Noise.  PIL's effect_noise uses the C library's rand(), which is not seeded by us and so
# would make images depend on process history; all noise here comes from the job's rng.

def rand_noise(rng, size, sigma):
    """L image of zero-mean (at 128) uniform noise with standard deviation ~sigma."""
    w, h = size
    img = Image.frombytes("L", (w, h), rng.randbytes(w * h))
    k = sigma / 73.6
    return img.point([max(0, min(255, int(round(128 + (v - 127.5) * k)))) for v in range(256)])


# ---------------------------------------------------------------------------
# Backgrounds

def _noise_field(rng, w, h, cells_x, cells_y, sigma=60):
    """Smooth value noise: a small gaussian-noise image scaled up."""
    small = rand_noise(rng, (max(2, cells_x), max(2, cells_y)), sigma)
    return small.resize((w, h), Image.BICUBIC)


def _colorize(gray, dark, light):
    return ImageOps.colorize(gray, dark, light)


def background(rng, kind, full_w, full_h):
    """Texture drawn at <= 1100 px wide and scaled up (the photo's own noise is added later)."""
    k = min(1.0, 1100 / full_w)
    w, h = max(8, int(full_w * k)), max(8, int(full_h * k))
    img = _background(rng, kind, w, h)
    return img if (w, h) == (full_w, full_h) else img.resize((full_w, full_h), Image.BICUBIC)


def _background(rng, kind, w, h):
    u = rng.uniform
    if kind in ("wood", "wood_light"):
        # grain: noise stretched along x, plus a slow wobble
        grain = _noise_field(rng, w, h, rng.randint(3, 6), rng.randint(40, 90), 70)
        fine = rand_noise(rng, (w // 4 + 1, h // 4 + 1), 30).resize((w, h), Image.BILINEAR)
        g = ImageChops.add(grain, fine, 2.0, 0)
        g = ImageOps.autocontrast(g, cutoff=1)
        if rng.random() < 0.5:
            g = g.transpose(Image.ROTATE_90).resize((w, h))
        if kind == "wood":
            dark, light = rng.choice([("#4a2b16", "#a8754a"), ("#5b3a1e", "#c49262"), ("#3a2214", "#8d5b35")])
        else:
            dark, light = rng.choice([("#a07a52", "#e6c9a0"), ("#9c8364", "#dcc7a8"), ("#b58b5d", "#f0d5ae")])
        return _colorize(g, dark, light)
    if kind == "stone":
        a = _noise_field(rng, w, h, rng.randint(6, 14), rng.randint(6, 14), 60)
        b = rand_noise(rng, (w // 2 + 1, h // 2 + 1), 70).resize((w, h), Image.BILINEAR)
        g = ImageOps.autocontrast(ImageChops.add(a, b, 2.0, 0), cutoff=1)
        dark, light = rng.choice([("#55585c", "#c9c9c4"), ("#6b6259", "#d8cfc2"), ("#3f4447", "#a9b0b3"),
                                  ("#7a7570", "#ecebe6")])
        return _colorize(g, dark, light)
    if kind == "cloth":
        side = int(math.hypot(w, h)) + 2
        base = Image.new("RGB", (side, side), rng.choice(["#f3efe6", "#eef2f4", "#f6f0f0"]))
        color = rng.choice([(196, 40, 40), (40, 90, 170), (40, 130, 80), (200, 120, 40), (90, 90, 90)])
        step = max(6, int(w / u(12, 30)))
        stripes = Image.new("L", (side, side), 0)
        d = ImageDraw.Draw(stripes)
        for x in range(0, side, step * 2):
            d.rectangle([x, 0, x + step - 1, side], fill=110)
        m = ImageChops.add(stripes, stripes.transpose(Image.ROTATE_90), 1.0, 0)
        out = Image.composite(Image.new("RGB", (side, side), color), base,
                              m.point(lambda v: min(255, int(v * 0.9))))
        if rng.random() < 0.6:
            out = out.rotate(u(-40, 40), resample=Image.BICUBIC)
        out = out.crop(((side - w) // 2, (side - h) // 2, (side - w) // 2 + w, (side - h) // 2 + h))
        tex = rand_noise(rng, (w, h), 25).convert("RGB")
        return ImageChops.add(out, tex, 1.0, -128)
    if kind == "desk":
        g = _noise_field(rng, w, h, 4, 4, 30)
        dark, light = rng.choice([("#1d1f22", "#4a4d52"), ("#2a2622", "#5a534b"), ("#202830", "#4f5a66")])
        return _colorize(g, dark, light)
    if kind == "fabric":
        g = rand_noise(rng, (w, h), 60).filter(ImageFilter.GaussianBlur(0.8))
        g = ImageOps.autocontrast(g, cutoff=2)
        dark, light = rng.choice([("#2d3e57", "#6c84a6"), ("#5a2f3c", "#a36b7a"), ("#3d4a3a", "#7f9274"),
                                  ("#777066", "#bdb5aa")])
        return _colorize(g, dark, light)
    if kind == "paper":
        g = _noise_field(rng, w, h, 5, 5, 20)
        return _colorize(g, "#d9d6cf", "#f6f4ee")
    # white: scanner bed / photocopy paper
    g = rand_noise(rng, (w, h), 4)
    return _colorize(g, "#f0f0ee", "#ffffff")


# ---------------------------------------------------------------------------
# Geometry

def _solve(a, b):
    """Gaussian elimination for a small dense system."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c and m[c][c]:
                f = m[r][c] / m[c][c]
                for k in range(c, n + 1):
                    m[r][k] -= f * m[c][k]
    return [m[i][n] / m[i][i] for i in range(n)]


def perspective_coeffs(dst, src):
    """Coefficients for Image.transform(PERSPECTIVE): maps output (dst) points to input (src)."""
    a, b = [], []
    for (x, y), (u, v) in zip(dst, src):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        b.append(u)
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b.append(v)
    return _solve(a, b)


def project_quad(w, h, cx, cy, angle, tilt_x, tilt_y, focal):
    """Corners of a w x h rectangle centred at (cx, cy) after 3-D tilt and perspective."""
    ax, ay, az = math.radians(tilt_x), math.radians(tilt_y), math.radians(angle)
    out = []
    for x, y in ((-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)):
        # rotate about x, then y, then z
        y1, z1 = y * math.cos(ax), y * math.sin(ax)
        x2, z2 = x * math.cos(ay) + z1 * math.sin(ay), -x * math.sin(ay) + z1 * math.cos(ay)
        x3, y3 = x2 * math.cos(az) - y1 * math.sin(az), x2 * math.sin(az) + y1 * math.cos(az)
        s = focal / (focal + z2)
        out.append((cx + x3 * s, cy + y3 * s))
    return out


def rounded_mask(w, h, radius):
    m = Image.new("L", (w, h), 0)
    ImageDraw.Draw(m).rounded_rectangle([0, 0, w - 1, h - 1], radius=radius, fill=255)
    return m


def place(canvas, doc, alpha, quad):
    """Warp `doc` (with `alpha`) onto `canvas` so that its corners land on `quad`."""
    xs, ys = [p[0] for p in quad], [p[1] for p in quad]
    x0, y0 = int(math.floor(min(xs))) - 2, int(math.floor(min(ys))) - 2
    x1, y1 = int(math.ceil(max(xs))) + 2, int(math.ceil(max(ys))) + 2
    bw, bh = x1 - x0, y1 - y0
    w, h = doc.size
    local = [(x - x0, y - y0) for x, y in quad]
    coeffs = perspective_coeffs(local, [(0, 0), (w, 0), (w, h), (0, h)])
    rgba = doc.convert("RGBA")
    rgba.putalpha(alpha)
    warped = rgba.transform((bw, bh), Image.PERSPECTIVE, coeffs, Image.BICUBIC, fillcolor=(0, 0, 0, 0))
    return warped, (x0, y0)


# ---------------------------------------------------------------------------
# Effects

def _shadow(canvas, warped, pos, rng, strength):
    a = warped.getchannel("A")
    pad = int(max(a.size) * 0.08) + 4
    big = Image.new("L", (a.size[0] + 2 * pad, a.size[1] + 2 * pad), 0)
    big.paste(a, (pad, pad))
    big = big.filter(ImageFilter.GaussianBlur(max(2, max(a.size) * rng.uniform(0.01, 0.03))))
    big = big.point(lambda v: int(v * strength))
    dx, dy = rng.uniform(-0.02, 0.03) * a.size[0], rng.uniform(0.0, 0.04) * a.size[1]
    black = Image.new("RGB", big.size, (10, 10, 10))
    canvas.paste(black, (int(pos[0] - pad + dx), int(pos[1] - pad + dy)), big)


def _hand(canvas, quad, rng, safe_edges):
    """A thumb whose tip lies over one document edge, the rest of the hand off the document."""
    W, H = canvas.size
    i, j, (t0, t1), depth = rng.choice(safe_edges)
    t = rng.uniform(t0, t1)
    (ax, ay), (bx, by) = quad[i], quad[j]
    px, py = ax + (bx - ax) * t, ay + (by - ay) * t
    ex, ey = bx - ax, by - ay
    elen = math.hypot(ex, ey)
    cx, cy = sum(p[0] for p in quad) / 4, sum(p[1] for p in quad) / 4
    nx, ny = -ey / elen, ex / elen                     # outward normal of the edge
    if (px - cx) * nx + (py - cy) * ny < 0:
        nx, ny = -nx, -ny
    doc_w = math.hypot(quad[1][0] - quad[0][0], quad[1][1] - quad[0][1])
    tw = doc_w * rng.uniform(0.09, 0.14)               # thumb width
    tl = tw * rng.uniform(2.2, 2.8)                     # thumb length
    inside = doc_w * depth * rng.uniform(0.6, 1.0)
    lean = rng.uniform(-0.5, 0.5)                       # thumb not quite perpendicular to the edge
    dx, dy = nx + lean * ex / elen, ny + lean * ey / elen
    dl = math.hypot(dx, dy)
    dx, dy = dx / dl, dy / dl
    tip = (px - nx * inside, py - ny * inside)
    skin = rng.choice([(224, 180, 150), (210, 160, 130), (236, 196, 170), (190, 140, 110), (226, 172, 140)])
    dark = tuple(int(c * 0.78) for c in skin)

    def capsule(draw, a, b, r, fill):
        steps = 24
        for k in range(steps + 1):
            x = a[0] + (b[0] - a[0]) * k / steps
            y = a[1] + (b[1] - a[1]) * k / steps
            draw.ellipse([x - r, y - r, x + r, y + r], fill=fill)

    mask = Image.new("L", (W, H), 0)
    shade = Image.new("L", (W, H), 0)
    d, ds = ImageDraw.Draw(mask), ImageDraw.Draw(shade)
    base = (tip[0] + dx * tl, tip[1] + dy * tl)
    capsule(d, (tip[0] + dx * tw / 2, tip[1] + dy * tw / 2), base, tw / 2, 255)
    # the palm and wrist run from the thumb base off the frame, kept outside the document
    far = (base[0] + dx * max(W, H), base[1] + dy * max(W, H))
    palm_r = tw * rng.uniform(1.3, 1.8)
    side = rng.choice([-1, 1])
    pc = (base[0] + dx * palm_r * 1.1 + side * -dy * palm_r * 0.6, base[1] + dy * palm_r * 1.1 + side * dx * palm_r * 0.6)
    capsule(d, pc, far, palm_r, 255)
    capsule(ds, pc, far, palm_r * 0.7, 120)
    # a crease line and the nail
    nail_c = (tip[0] + dx * tw * 0.55, tip[1] + dy * tw * 0.55)
    nr = tw * 0.3
    ds.ellipse([nail_c[0] - nr, nail_c[1] - nr * 1.2, nail_c[0] + nr, nail_c[1] + nr * 1.2], fill=60)
    mask = mask.filter(ImageFilter.GaussianBlur(max(1.2, tw * 0.05)))
    shade = ImageChops.multiply(shade.filter(ImageFilter.GaussianBlur(max(2, tw * 0.25))), mask)
    canvas.paste(Image.new("RGB", (W, H), skin), (0, 0), mask)
    canvas.paste(Image.new("RGB", (W, H), dark), (0, 0), shade)


def _light(img, rng, strength):
    if strength <= 0:
        return img
    w, h = img.size
    g = Image.linear_gradient("L").rotate(rng.uniform(0, 360), resample=Image.BICUBIC, expand=True)
    c = g.width / 2
    g = g.crop((int(c - 88), int(c - 88), int(c + 88), int(c + 88)))  # inside the rotated square
    g = ImageOps.autocontrast(g).resize((w, h), Image.BICUBIC)
    lo = int(255 * (1 - strength))
    g = g.point(lambda v: lo + (255 - lo) * v // 255)
    if rng.random() < 0.5:
        vig = Image.radial_gradient("L").resize((w, h), Image.BICUBIC).point(
            lambda v: 255 - int(v * strength * 0.6))
        g = ImageChops.multiply(g, vig)
    return ImageChops.multiply(img, Image.merge("RGB", (g, g, g)))


def _soft(mask, full_size):
    return mask if mask.size == full_size else mask.resize(full_size, Image.BICUBIC)


def _band(img, rng, opacity):
    full = img.size
    k = min(1.0, 600 / full[0])
    w, h = max(4, int(full[0] * k)), max(4, int(full[1] * k))
    m = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(m)
    x0 = rng.uniform(-0.2, 0.6) * w
    d.polygon([(x0, -h), (x0 + rng.uniform(0.3, 0.6) * w, -h), (x0 + rng.uniform(0.1, 0.7) * w, 2 * h),
               (x0 - rng.uniform(0.1, 0.3) * w, 2 * h)], fill=int(255 * opacity))
    m = _soft(m.filter(ImageFilter.GaussianBlur(w * rng.uniform(0.02, 0.06))), full)
    return Image.composite(Image.new("RGB", full, (15, 15, 20)), img, m)


def _glare(img, rng, strength, region=None):
    full = img.size
    k = min(1.0, 600 / full[0])
    w, h = max(4, int(full[0] * k)), max(4, int(full[1] * k))
    m = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(m)
    if region:
        x0, y0, x1, y1 = (v * k for v in region)
        cx, cy = rng.uniform(x0, x1), rng.uniform(y0, y1)
    else:
        cx, cy = rng.uniform(0.2, 0.8) * w, rng.uniform(0.2, 0.8) * h
    rx, ry = w * rng.uniform(0.03, 0.08), h * rng.uniform(0.02, 0.06)
    d.ellipse([cx - rx, cy - ry, cx + rx, cy + ry], fill=int(255 * strength))
    m = _soft(m.filter(ImageFilter.GaussianBlur(max(rx, ry) * 0.6)), full)
    return Image.composite(Image.new("RGB", full, (255, 255, 250)), img, m)


def _motion(img, length, rng):
    ang = rng.uniform(0, math.pi)
    dx, dy = math.cos(ang), math.sin(ang)
    acc = img
    for k in range(1, length):
        off = k - length / 2
        shifted = ImageChops.offset(img, int(round(dx * off)), int(round(dy * off)))
        acc = Image.blend(acc, shifted, 1.0 / (k + 1))
    return acc


def _noise(img, rng, sigma, gray=False):
    if sigma <= 0:
        return img
    w, h = img.size
    if gray or img.mode == "L":
        n = rand_noise(rng, (w, h), sigma)
        if img.mode == "L":
            return ImageChops.add(img, n, 1.0, -128)
        n = n.convert("RGB")
    else:
        # luminance-heavy sensor noise: a shared field plus a weaker chroma field, shifted per channel
        shared = rand_noise(rng, (w, h), sigma * 0.8)
        chroma = rand_noise(rng, (w, h), sigma * 0.5)
        n = Image.merge("RGB", [ImageChops.add(shared, ImageChops.offset(chroma, dx, dy), 1.0, -128)
                                for dx, dy in ((0, 0), (rng.randint(3, 40), rng.randint(3, 40)),
                                               (-rng.randint(3, 40), rng.randint(3, 40)))])
    return ImageChops.add(img, n, 1.0, -128)


def _toner(img, rng, density):
    """Sparse dark specks and faint streaks of a tired photocopier."""
    w, h = img.size
    n = rand_noise(rng, (w, h), 40)
    thr = 255 - max(1, int(density * 4000))
    specks = n.point(lambda v: 255 if v > thr else 0).filter(ImageFilter.MaxFilter(3) if rng.random() < 0.3
                                                            else ImageFilter.BLUR)
    dark = Image.new("L", (w, h), rng.randint(40, 90))
    out = Image.composite(dark, img, specks.point(lambda v: min(255, v * 2)))
    if rng.random() < 0.4:
        streak = Image.new("L", (w, h), 0)
        d = ImageDraw.Draw(streak)
        x = rng.uniform(0.05, 0.95) * w
        d.rectangle([x, 0, x + rng.uniform(1, 4), h], fill=rng.randint(30, 80))
        out = Image.composite(Image.new("L", (w, h), 60), out, streak.filter(ImageFilter.GaussianBlur(1)))
    return out


# ---------------------------------------------------------------------------

def compose(doc, look, rng, doc_kind="card", safe_edges=None):
    """Place the rendered `doc` (RGB) according to `look`; returns an RGB or L image."""
    lk = look
    if lk.mode == "scene":
        img = doc.convert("RGB")
        if img.width != lk.out_w:
            img = img.resize((lk.out_w, round(img.height * lk.out_w / img.width)), Image.LANCZOS)
        img = _light(img, rng, lk.light)
        img = _noise(img, rng, lk.noise)
        return _finish(img, lk, rng)
    W = lk.out_w
    H = int(round(W * lk.aspect))
    dw = W * lk.frac
    dh = dw * doc.height / doc.width
    if dh > H * 0.94:
        dh = H * 0.94
        dw = dh * doc.width / doc.height
    canvas = background(rng, lk.bg, W, H)
    free_x, free_y = (W - dw) / 2, (H - dh) / 2
    cx = W / 2 + lk.offset[0] * free_x * 0.8
    cy = H / 2 + lk.offset[1] * free_y * 0.8
    focal = max(W, H) * rng.uniform(1.1, 1.8)
    quad = project_quad(dw, dh, cx, cy, lk.angle, lk.tilt_x, lk.tilt_y, focal)
    if doc_kind == "card":
        alpha = rounded_mask(doc.width, doc.height, int(doc.width * 32 / 856))
    else:
        alpha = Image.new("L", doc.size, 255)
    warped, pos = place(canvas, doc, alpha, quad)
    if lk.shadow:
        _shadow(canvas, warped, pos, rng, rng.uniform(0.25, 0.55))
    if doc_kind == "card" and lk.mode == "photo" and rng.random() < 0.6:
        # the thin light edge of a plastic card
        edge = warped.getchannel("A").filter(ImageFilter.MaxFilter(3))
        canvas.paste(Image.new("RGB", edge.size, (235, 235, 230)), pos, edge)
    canvas.paste(warped, pos, warped)
    if lk.hand and safe_edges:
        _hand(canvas, quad, rng, safe_edges)
    img = canvas
    img = _light(img, rng, lk.light)
    if lk.band:
        img = _band(img, rng, lk.band)
    if lk.glare:
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        img = _glare(img, rng, lk.glare, (min(xs), min(ys), max(xs), max(ys)))
    if tuple(lk.cast) != (1.0, 1.0, 1.0):
        img = img.point([min(255, int(v * f)) for f in lk.cast for v in range(256)])
    if lk.gray:
        img = img.convert("L")
        if lk.contrast != 1.0:
            img = ImageEnhance.Contrast(img).enhance(lk.contrast)
            if lk.contrast < 1:
                img = ImageEnhance.Brightness(img).enhance(rng.uniform(1.02, 1.12))
            elif lk.contrast > 1.15:  # a dark, hard copy: grey paper, heavy strokes
                img = ImageEnhance.Brightness(img).enhance(rng.uniform(0.78, 0.9))
        if lk.toner:
            img = _toner(img, rng, lk.toner)
    if lk.motion:
        img = _motion(img, lk.motion, rng)
    if lk.blur:
        img = img.filter(ImageFilter.GaussianBlur(lk.blur * W / 1500))
    img = _noise(img, rng, lk.noise, gray=lk.gray)
    return _finish(img, lk, rng)


def _finish(img, lk, rng):
    if lk.downscale > 1.05:
        w, h = img.size
        img = img.resize((int(w / lk.downscale), int(h / lk.downscale)), Image.BILINEAR).resize((w, h),
                                                                                              Image.BICUBIC)
    if lk.rot:
        img = img.transpose({90: Image.ROTATE_90, 180: Image.ROTATE_180, 270: Image.ROTATE_270}[lk.rot])
    return img
