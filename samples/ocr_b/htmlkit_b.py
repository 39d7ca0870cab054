"""Shared HTML/SVG pieces for OCR set B: fonts, text width estimates, guilloche patterns,
portrait silhouette, emblem, red seals, tick marks, handwriting and signatures.

All functions take an explicit `random.Random`; nothing here reads the clock.
"""

import html
import math

# (CSS family, weight, short tag).  Only local system fonts from Debian packages:
# fonts-wqy-microhei, fonts-wqy-zenhei, fonts-arphic-uming, fonts-arphic-ukai, fonts-noto-cjk.
CJK_FONTS = [
    ("WenQuanYi Micro Hei", 400, "wqy-micro"),
    ("WenQuanYi Zen Hei", 400, "wqy-zen"),
    ("AR PL UMing CN", 400, "uming"),
    ("AR PL UKai CN", 400, "ukai"),
    ("Noto Sans CJK SC", 400, "noto-sans"),
    ("Noto Sans CJK SC", 700, "noto-sans-bold"),
    ("Noto Serif CJK SC", 400, "noto-serif"),
    ("Noto Serif CJK SC", 700, "noto-serif-bold"),
]
PRINT_FONTS = [f for f in CJK_FONTS if f[0] != "AR PL UKai CN"]
HAND_FONT = ("AR PL UKai CN", 400, "ukai")
# fonts-ocr-b, fonts-liberation, fonts-noto-cjk (mono)
NUMBER_FONTS = [("OCR B", 400, "ocr-b"), ("Liberation Mono", 400, "lib-mono"),
                ("Liberation Mono", 700, "lib-mono-bold"), ("Noto Sans Mono CJK SC", 400, "noto-mono")]
FALLBACK = '"WenQuanYi Zen Hei", "Noto Sans CJK SC", sans-serif'


def esc(s):
    return html.escape(str(s), quote=True)


def font_css(font):
    family, weight, _ = font
    return f'font-family: "{family}", {FALLBACK}; font-weight: {weight};'


def text_width(s, size, ascii_em=0.56):
    """Rough advance width of `s` at font size `size` (CJK 1 em, ASCII ~0.56 em)."""
    w = 0.0
    for ch in s:
        if ord(ch) < 0x2000 and ch != "·":
            w += ascii_em
        else:
            w += 1.0
    return w * size


def wrap_chars(s, size, width, ascii_em=0.56):
    """Greedy line breaks so that each line fits `width` (never breaks inside ASCII runs of <=4)."""
    lines, cur = [], ""
    for ch in s:
        if cur and text_width(cur + ch, size, ascii_em) > width:
            # keep short digit groups together: move a trailing ASCII run (<=4) to the next line
            tail = ""
            while cur and ch.isascii() and cur[-1].isascii() and len(tail) < 4:
                tail = cur[-1] + tail
                cur = cur[:-1]
            if not cur:
                cur, tail = tail, ""
            lines.append(cur)
            cur = tail + ch
        else:
            cur += ch
    if cur:
        lines.append(cur)
    return lines


def page(body, width, height, bg="#fff", extra_css=""):
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>"
            f"html,body{{margin:0;padding:0;width:{width}px;height:{height}px;overflow:hidden;"
            f"background:{bg};}} *{{box-sizing:border-box;}} {extra_css}</style></head>"
            f"<body>{body}</body></html>")


# ---------------------------------------------------------------------------
# Patterns

def _wave_path(x0, x1, y, amp, wl, phase, step):
    """A sine line as a smooth Catmull-Rom path through sampled points (few nodes, fast raster)."""
    pts = []
    x = x0 - step
    while x <= x1 + 2 * step:
        pts.append((x, y + amp * math.sin(2 * math.pi * x / wl + phase)))
        x += step
    d = [f"M{pts[1][0]:.1f},{pts[1][1]:.1f}"]
    for i in range(1, len(pts) - 2):
        (xa, ya), (xb, yb), (xc, yc), (xd, yd) = pts[i - 1], pts[i], pts[i + 1], pts[i + 2]
        d.append(f"C{xb + (xc - xa) / 6:.1f},{yb + (yc - ya) / 6:.1f} {xc - (xd - xb) / 6:.1f},"
                 f"{yc - (yd - yb) / 6:.1f} {xc:.1f},{yc:.1f}")
    return "".join(d)


def guilloche_svg(rng, w, h, palette, density=1.0, rosette=True, opacity=0.5):
    """Soft wavy-line security background (SVG, w x h user units)."""
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{w:.0f}' height='{h:.0f}' "
             f"viewBox='0 0 {w:.1f} {h:.1f}' style='position:absolute;left:0;top:0'>"]
    c0, c1, c2 = palette[0], palette[1], palette[2 % len(palette)]
    ang = rng.choice([0, 20, 45, 70, 90, 135])
    parts.append(f"<defs><linearGradient id='g' gradientTransform='rotate({ang})'>"
                 f"<stop offset='0' stop-color='{c0}'/><stop offset='0.55' stop-color='{c1}'/>"
                 f"<stop offset='1' stop-color='{c2}'/></linearGradient></defs>"
                 f"<rect width='100%' height='100%' fill='url(#g)'/>")
    step = w / 28
    for fam in range(rng.randint(2, 4)):
        color = rng.choice(palette[3:] or palette)
        amp = h * rng.uniform(0.02, 0.09)
        wl = w * rng.uniform(0.15, 0.6)
        spacing = h * rng.uniform(0.018, 0.045) / density
        drift = rng.uniform(0.05, 0.5)
        sw = max(0.4, h * rng.uniform(0.0012, 0.0028))
        paths = []
        y = -amp
        i = 0
        while y < h + amp:
            paths.append(_wave_path(0, w, y, amp, wl, i * drift + fam, step))
            y += spacing
            i += 1
        parts.append(f"<path d='{' '.join(paths)}' fill='none' stroke='{color}' "
                     f"stroke-width='{sw:.2f}' opacity='{opacity * rng.uniform(0.6, 1):.2f}'/>")
    if rosette:
        for _ in range(rng.randint(1, 2)):
            cx, cy = rng.uniform(0.15, 0.85) * w, rng.uniform(0.2, 0.8) * h
            big_r = h * rng.uniform(0.18, 0.42)
            r = big_r / rng.choice([3, 4, 5, 6, 7])
            d = r * rng.uniform(0.6, 1.4)
            pts = []
            n = 420
            for k in range(n + 1):
                t = 2 * math.pi * k / n * 7  # seven turns: dense enough, not necessarily closed
                x = (big_r - r) * math.cos(t) + d * math.cos((big_r - r) / r * t)
                y = (big_r - r) * math.sin(t) - d * math.sin((big_r - r) / r * t)
                pts.append(f"{cx + x:.1f},{cy + y:.1f}")
            color = rng.choice(palette[3:] or palette)
            parts.append(f"<path d='M{' L'.join(pts)}' fill='none' stroke='{color}' "
                         f"stroke-width='{max(0.4, h * 0.0016):.2f}' opacity='{opacity * 0.8:.2f}'/>")
    parts.append("</svg>")
    return "".join(parts)


FRONT_PALETTES = [
    ["#eef3f6", "#f6eef0", "#eef4ea", "#a9c6dd", "#e4b7c2", "#c9dcb4", "#d8cf9e"],
    ["#f1f4f7", "#e9f0f5", "#f7f1e6", "#9fbcd4", "#c8d9e6", "#e3c9a6"],
    ["#f4f1ea", "#eef2f2", "#f5ecee", "#b3c8d6", "#e8bcc5", "#cbd8c0"],
    ["#eef1ee", "#f3f5f8", "#eef0f6", "#b7cbd9", "#bfd7c9", "#d9c7d9"],
]
BACK_PALETTES = [
    ["#eef4f6", "#e9f1ec", "#f4f2e8", "#9dbfd0", "#b9d3b8", "#d9cda0"],
    ["#f0f3f6", "#eaf0f6", "#f2f4ec", "#a7bfd6", "#c3d6c5", "#e0c8b3"],
    ["#f3f3ee", "#eef3f1", "#eef0f7", "#b0c6cc", "#d2c3a8", "#bccbe0"],
]


def portrait_svg(rng, w, h):
    """A grey head-and-shoulders silhouette placeholder (not a face)."""
    bg = rng.choice(["#f4f6f8", "#eef2f6", "#ffffff", "#e9eef3", "none"])
    tone = rng.choice(["#8d9298", "#a4a8ad", "#7d8288", "#b1b4b8", "#969a9f"])
    dark = rng.choice(["#5f6368", "#6c7075", "#54585d"])
    hx = w * rng.uniform(0.47, 0.53)
    hy = h * rng.uniform(0.36, 0.42)
    rx, ry = w * rng.uniform(0.19, 0.23), h * rng.uniform(0.2, 0.24)
    sh_y = h * rng.uniform(0.68, 0.74)
    bgrect = "" if bg == "none" else f"<rect width='100%' height='100%' fill='{bg}' opacity='0.85'/>"
    return (f"<svg xmlns='http://www.w3.org/2000/svg' width='{w:.0f}' height='{h:.0f}' "
            f"viewBox='0 0 {w:.1f} {h:.1f}'><defs><linearGradient id='pg' x1='0' y1='0' x2='0' y2='1'>"
            f"<stop offset='0' stop-color='{tone}'/><stop offset='1' stop-color='{dark}'/>"
            f"</linearGradient></defs>{bgrect}"
            f"<path d='M{w * 0.02:.1f},{h:.1f} C{w * 0.05:.1f},{sh_y:.1f} {w * 0.25:.1f},{sh_y - h * 0.05:.1f} "
            f"{hx - rx * 0.6:.1f},{sh_y - h * 0.07:.1f} L{hx + rx * 0.6:.1f},{sh_y - h * 0.07:.1f} "
            f"C{w * 0.75:.1f},{sh_y - h * 0.05:.1f} {w * 0.95:.1f},{sh_y:.1f} {w * 0.98:.1f},{h:.1f} Z' "
            f"fill='url(#pg)'/>"
            f"<rect x='{hx - rx * 0.45:.1f}' y='{hy + ry * 0.6:.1f}' width='{rx * 0.9:.1f}' "
            f"height='{sh_y - hy - ry * 0.55:.1f}' fill='{tone}'/>"
            f"<ellipse cx='{hx:.1f}' cy='{hy:.1f}' rx='{rx:.1f}' ry='{ry:.1f}' fill='url(#pg)'/>"
            f"<path d='M{hx - rx * 1.05:.1f},{hy - ry * 0.05:.1f} Q{hx:.1f},{hy - ry * 1.5:.1f} "
            f"{hx + rx * 1.05:.1f},{hy - ry * 0.05:.1f} Q{hx:.1f},{hy - ry * 0.8:.1f} "
            f"{hx - rx * 1.05:.1f},{hy - ry * 0.05:.1f} Z' fill='{dark}' opacity='0.8'/></svg>")


def _star(cx, cy, r, rot=0.0):
    pts = []
    for k in range(10):
        rr = r if k % 2 == 0 else r * 0.4
        a = rot - math.pi / 2 + k * math.pi / 5
        pts.append(f"{cx + rr * math.cos(a):.1f},{cy + rr * math.sin(a):.1f}")
    return "M" + " L".join(pts) + " Z"


def emblem_svg(rng, size):
    """A round red/yellow emblem placeholder (stars, gate-like bars, ring)."""
    s = size
    c = s / 2
    red = rng.choice(["#d6262b", "#c81e1e", "#e03a2f", "#cc2a2a"])
    gold = rng.choice(["#f4c531", "#f2b705", "#e8c34a", "#f0c020"])
    stars = [_star(c, c * 0.62, s * 0.1)]
    for k, (dx, dy) in enumerate([(-0.26, -0.28), (-0.16, -0.4), (0.16, -0.4), (0.26, -0.28)]):
        stars.append(_star(c + dx * s * 0.9, c * 0.62 + dy * s * 0.25 + s * 0.04, s * 0.035, k * 0.3))
    bars = "".join(
        f"<rect x='{c - s * 0.22 + i * s * 0.09:.1f}' y='{c + s * 0.05:.1f}' width='{s * 0.05:.1f}' "
        f"height='{s * 0.14:.1f}' fill='{gold}'/>" for i in range(5))
    return (f"<svg xmlns='http://www.w3.org/2000/svg' width='{s:.0f}' height='{s:.0f}' "
            f"viewBox='0 0 {s:.1f} {s:.1f}'>"
            f"<circle cx='{c:.1f}' cy='{c:.1f}' r='{s * 0.48:.1f}' fill='{gold}'/>"
            f"<circle cx='{c:.1f}' cy='{c:.1f}' r='{s * 0.4:.1f}' fill='{red}'/>"
            f"<circle cx='{c:.1f}' cy='{c:.1f}' r='{s * 0.44:.1f}' fill='none' stroke='{red}' "
            f"stroke-width='{s * 0.012:.1f}' stroke-dasharray='{s * 0.03:.1f} {s * 0.015:.1f}'/>"
            f"<path d='{' '.join(stars)}' fill='{gold}'/>{bars}"
            f"<rect x='{c - s * 0.27:.1f}' y='{c + s * 0.2:.1f}' width='{s * 0.54:.1f}' "
            f"height='{s * 0.05:.1f}' fill='{gold}'/>"
            f"<path d='M{c - s * 0.3:.1f},{c + s * 0.05:.1f} L{c:.1f},{c - s * 0.04:.1f} "
            f"L{c + s * 0.3:.1f},{c + s * 0.05:.1f} Z' fill='{gold}'/></svg>")


def seal_svg(rng, size, text, bottom="", color=None):
    """A red round organisation seal with text along the upper 240 degrees of the rim."""
    color = color or rng.choice(["#d8232a", "#e0322f", "#c9151e", "#e5484d"])
    s = size
    c = s / 2
    r_text = s * 0.37
    a0, a1 = math.radians(150), math.radians(30)     # from lower left, over the top, to lower right
    x0, y0 = c + r_text * math.cos(a0), c + r_text * math.sin(a0)
    x1, y1 = c + r_text * math.cos(a1), c + r_text * math.sin(a1)
    arc_len = r_text * math.radians(240)
    fs = min(s * 0.14, arc_len / (len(text) + 0.5))
    rot = rng.uniform(-25, 25)
    op = rng.uniform(0.65, 0.9)
    pid = f"arc{rng.randint(0, 10 ** 9)}"
    return (f"<svg xmlns='http://www.w3.org/2000/svg' width='{s:.0f}' height='{s:.0f}' "
            f"viewBox='0 0 {s:.1f} {s:.1f}' style='opacity:{op:.2f};transform:rotate({rot:.1f}deg)'>"
            f"<defs><path id='{pid}' d='M{x0:.1f},{y0:.1f} A{r_text:.1f},{r_text:.1f} 0 1,1 "
            f"{x1:.1f},{y1:.1f}'/></defs>"
            f"<circle cx='{c:.1f}' cy='{c:.1f}' r='{s * 0.47:.1f}' fill='none' stroke='{color}' "
            f"stroke-width='{s * 0.028:.1f}'/>"
            f"<path d='{_star(c, c, s * 0.13)}' fill='{color}'/>"
            f"<text font-family='Noto Serif CJK SC, AR PL UMing CN, serif' font-size='{fs:.1f}' fill='{color}' "
            f"font-weight='700' dominant-baseline='central'><textPath href='#{pid}' startOffset='50%' "
            f"text-anchor='middle' textLength='{arc_len * 0.96:.1f}' lengthAdjust='spacing'>"
            f"{esc(text)}</textPath></text>"
            f"<text x='{c:.1f}' y='{c + s * 0.3:.1f}' font-family='Noto Sans CJK SC, sans-serif' "
            f"font-size='{s * 0.085:.1f}' fill='{color}' text-anchor='middle'>{esc(bottom)}</text></svg>")


# ---------------------------------------------------------------------------
# Ink

INKS = ["#1d2f7a", "#16307f", "#0f1f5c", "#202020", "#2a2a35", "#1a3f9a"]


def hand_text(rng, text, size, color=None, jitter=1.0, font=HAND_FONT):
    """Handwriting-like text: a cursive font with per-character size, tilt and baseline jitter."""
    color = color or rng.choice(INKS)
    spans = []
    for ch in text:
        if ch == " ":
            spans.append("<span style='display:inline-block;width:0.35em'></span>")
            continue
        rot = rng.uniform(-7, 7) * jitter
        dy = rng.uniform(-0.08, 0.08) * size * jitter
        sc = rng.uniform(0.9, 1.12) if jitter else 1
        spans.append(f"<span style='display:inline-block;transform:translateY({dy:.1f}px) "
                     f"rotate({rot:.1f}deg) scale({sc:.2f})'>{esc(ch)}</span>")
    return (f"<span style='{font_css(font)} color:{color};font-size:{size:.1f}px;"
            f"letter-spacing:{rng.uniform(-0.02, 0.08) * size:.1f}px;white-space:nowrap'>{''.join(spans)}</span>")


def signature(rng, name, size, color=None):
    """A handwriting-like signature: cursive font, slanted, squeezed, with a flourish."""
    color = color or rng.choice(INKS)
    rot = rng.uniform(-9, 5)
    skew = rng.uniform(-22, -6)
    sx = rng.uniform(0.85, 1.25)
    overlap = rng.uniform(-0.18, 0.0) * size
    inner = "".join(
        f"<span style='display:inline-block;margin-right:{overlap:.1f}px;"
        f"transform:translateY({rng.uniform(-0.12, 0.12) * size:.1f}px) rotate({rng.uniform(-10, 10):.1f}deg) "
        f"scale({rng.uniform(0.85, 1.2):.2f})'>{esc(ch)}</span>" for ch in name)
    flourish = ""
    if rng.random() < 0.5:
        w = size * (len(name) + 1) * sx
        flourish = (f"<svg width='{w:.0f}' height='{size * 0.6:.0f}' style='position:absolute;left:0;"
                    f"bottom:-{size * 0.25:.0f}px;overflow:visible'><path d='M0,{size * 0.3:.1f} "
                    f"C{w * 0.3:.1f},{size * 0.55:.1f} {w * 0.6:.1f},{-size * 0.1:.1f} {w:.1f},{size * 0.2:.1f}' "
                    f"fill='none' stroke='{color}' stroke-width='{max(1.0, size * 0.05):.1f}' "
                    f"stroke-linecap='round' opacity='0.85'/></svg>")
    weight = rng.choice(["400", "700"])
    return (f"<span style='position:relative;display:inline-block;{font_css(HAND_FONT)} "
            f"font-weight:{weight};color:{color};font-size:{size:.1f}px;white-space:nowrap;"
            f"transform:rotate({rot:.1f}deg) skewX({skew:.1f}deg) scaleX({sx:.2f});"
            f"text-shadow:0 0 {size * 0.02:.1f}px {color}'>{inner}{flourish}</span>")


def tick_mark(rng, size, color=None):
    """A hand-drawn check mark (SVG) to lay over a printed box."""
    color = color or rng.choice(INKS)
    s = size
    kind = rng.choice(["check", "check", "cross"])
    if kind == "check":
        d = f"M{s * 0.1:.1f},{s * 0.55:.1f} L{s * 0.4:.1f},{s * 0.9:.1f} L{s * 1.0:.1f},{s * 0.05:.1f}"
    else:
        d = (f"M{s * 0.1:.1f},{s * 0.1:.1f} L{s * 0.9:.1f},{s * 0.9:.1f} "
             f"M{s * 0.9:.1f},{s * 0.1:.1f} L{s * 0.1:.1f},{s * 0.9:.1f}")
    return (f"<svg width='{s:.0f}' height='{s:.0f}' style='position:absolute;left:{-s * 0.05:.1f}px;"
            f"top:{-s * 0.25:.1f}px;overflow:visible'><path d='{d}' fill='none' stroke='{color}' "
            f"stroke-width='{max(1.2, s * 0.12):.1f}' stroke-linecap='round' "
            f"stroke-linejoin='round'/></svg>")
