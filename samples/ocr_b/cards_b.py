"""ID card faces (第二代居民身份证 人像面 / 国徽面 look-alikes) as HTML for OCR set B.

Loosely follows the real layout (85.6 x 54 mm): labels in blue, values in black, the 年/月/日
of the birth date pre-printed in label colour, a guilloche background, a grey silhouette on
the front, an emblem placeholder and the two titles on the back.  Positions, font families,
sizes, letter spacing and colours are drawn at random for every card; nothing is a fixed
template.  Coordinates are in units of 0.1 mm (856 x 540) scaled to the requested pixel width.

card_front(...) / card_back(...) return (html_div, info) where info records what was printed
(the address lines, the fonts) so the truth can be checked against it.
"""

from htmlkit_b import (BACK_PALETTES, CJK_FONTS, FRONT_PALETTES, NUMBER_FONTS, PRINT_FONTS,
                       emblem_svg, esc, font_css, guilloche_svg, portrait_svg, text_width,
                       wrap_chars)

CARD_W, CARD_H = 856, 540
LABEL_COLORS = ["#2b6aa6", "#3a78b5", "#1f5d99", "#2f7ca8", "#4a7fb0", "#35689a", "#2d6f8f"]
VALUE_COLORS = ["#111111", "#1a1a1a", "#202124", "#0d0d0d", "#262626"]


def _spaced_label(rng, text, style):
    """Labels like 姓 名: CSS letter-spacing, a literal space, or not spaced (style fixed per card)."""
    if style == "css":
        return text, 0.9
    if style == "space":
        return (rng.choice([" ", "\u3000"]).join(text) if len(text) == 2 else text), 0.0
    return text, 0.0


def _box(x, y, s, css, content):
    return (f"<div style='position:absolute;left:{x * s:.1f}px;top:{y * s:.1f}px;"
            f"white-space:nowrap;line-height:1;{css}'>{content}</div>")


def card_front(rng, p, width, rounded=False):
    s = width / CARD_W
    j = lambda a: rng.uniform(-a, a)  # noqa: E731  position jitter in 0.1 mm
    label_font = rng.choice(PRINT_FONTS)
    value_font = rng.choice(PRINT_FONTS if rng.random() < 0.9 else CJK_FONTS)
    num_font = rng.choice(NUMBER_FONTS + [value_font])
    lc = rng.choice(LABEL_COLORS)
    vc = rng.choice(VALUE_COLORS)
    spacing_style = rng.choices(["css", "space", "none"], weights=[6, 2, 2])[0]
    label_size = 24 * rng.uniform(0.85, 1.15)
    vsize = 29 * rng.uniform(0.82, 1.18)
    name_size = vsize * rng.uniform(1.0, 1.2)

    lx = 62 + j(14)
    vx = lx + (label_size * (2 + (0.9 if spacing_style == "css" else 1.0 if spacing_style == "space" else 0.25))
               + 28 + j(8))
    y_name = 78 + j(10)
    gap = 68 + j(6)
    y_sex, y_birth, y_addr = y_name + gap, y_name + 2 * gap, y_name + 3 * gap
    portrait_x = 540 + j(15)

    parts = [guilloche_svg(rng, width, width * CARD_H / CARD_W, rng.choice(FRONT_PALETTES),
                           density=rng.uniform(0.8, 1.3), opacity=rng.uniform(0.35, 0.6))]
    pw, ph = (820 - portrait_x) * s, 360 * s
    parts.append(f"<div style='position:absolute;left:{portrait_x * s:.1f}px;top:{(58 + j(12)) * s:.1f}px'>"
                 f"{portrait_svg(rng, pw, ph)}</div>")

    lcss = f"{font_css(label_font)} color:{lc}; font-size:{label_size * s:.1f}px;"
    vcss = f"{font_css(value_font)} color:{vc}; font-size:{vsize * s:.1f}px;"

    def label(x, y, text):
        t, ls = _spaced_label(rng, text, spacing_style)
        return _box(x, y + (vsize - label_size) * 0.6, s,
                    lcss + f"letter-spacing:{ls * label_size * s:.1f}px;", esc(t))

    # 姓名
    parts.append(label(lx, y_name, "姓名"))
    parts.append(_box(vx + j(4), y_name - (name_size - vsize) * 0.6, s,
                      f"{font_css(value_font)} color:{vc}; font-size:{name_size * s:.1f}px;"
                      f"letter-spacing:{rng.uniform(0, 0.15) * name_size * s:.1f}px;", esc(p["name"])))
    # 性别 / 民族
    parts.append(label(lx, y_sex, "性别"))
    parts.append(_box(vx + j(4), y_sex, s, vcss, esc(p["sex"])))
    ex = vx + 130 + j(15)
    parts.append(label(ex, y_sex, "民族"))
    eth_x = ex + label_size * (2 + (0.9 if spacing_style == "css" else 1.0 if spacing_style == "space" else 0.2)) + 28 + j(6)
    parts.append(_box(eth_x, y_sex, s, vcss, esc(p["ethnicity"])))
    # 出生  YYYY 年 M 月 D 日 (年月日 in label colour)
    parts.append(label(lx, y_birth, "出生"))
    y, m, d = p["birth"].split("-")
    m, d = str(int(m)), str(int(d))
    unit_css = f"{font_css(label_font)} color:{lc}; font-size:{label_size * s:.1f}px;"
    x = vx + j(3)
    dig = vsize * 0.56
    ylab = y_birth + (vsize - label_size) * 0.6
    parts.append(_box(x, y_birth, s, vcss, y))
    x += dig * 4 + 10 + j(3)
    parts.append(_box(x, ylab, s, unit_css, "年"))
    x += label_size + 12 + j(3)
    parts.append(_box(x + (2 - len(m)) * dig * 0.5, y_birth, s, vcss, m))
    x += dig * 2 + 10
    parts.append(_box(x, ylab, s, unit_css, "月"))
    x += label_size + 12 + j(3)
    parts.append(_box(x + (2 - len(d)) * dig * 0.5, y_birth, s, vcss, d))
    x += dig * 2 + 10
    parts.append(_box(x, ylab, s, unit_css, "日"))
    # 住址: explicit lines
    parts.append(label(lx, y_addr, "住址"))
    avail = portrait_x - vx - 18
    asize = vsize * rng.uniform(0.92, 1.0)
    lines = wrap_chars(p["address"], asize, avail)
    while len(lines) > 4:
        asize *= 0.92
        lines = wrap_chars(p["address"], asize, avail)
    lh = asize * rng.uniform(1.3, 1.5)
    for i, line in enumerate(lines):
        parts.append(_box(vx + j(2), y_addr + i * lh, s,
                          f"{font_css(value_font)} color:{vc}; font-size:{asize * s:.1f}px;", esc(line)))
    # 公民身份号码
    y_id = 440 + j(14)
    id_label = rng.choice(["公民身份号码"] * 5 + ["公民身份号码 "])
    ids = label_size * rng.uniform(0.95, 1.1)
    parts.append(_box(lx, y_id + 8, s, f"{font_css(label_font)} color:{lc}; font-size:{ids * s:.1f}px;"
                      f"letter-spacing:{rng.uniform(0, 0.25) * ids * s:.1f}px;", esc(id_label.strip())))
    id_x = lx + ids * 6 * 1.1 + 40 + j(10)
    nsize = 36 * rng.uniform(0.85, 1.15)
    em = 0.62 if num_font[0] in ("OCR B", "Liberation Mono", "Noto Sans Mono CJK SC") else 0.56
    free = 830 - id_x
    spacing = max(0.0, min(0.35 * nsize, (free - text_width(p["id_number"], nsize, em)) / 18))
    if text_width(p["id_number"], nsize, em) > free:
        nsize = free / (18 * em)
        spacing = 0
    parts.append(_box(id_x, y_id, s, f"{font_css(num_font)} color:{vc}; font-size:{nsize * s:.1f}px;"
                      f"letter-spacing:{spacing * rng.uniform(0.5, 1.0) * s:.1f}px;", esc(p["id_number"])))

    h = width * CARD_H / CARD_W
    radius = f"border-radius:{32 * s:.1f}px;" if rounded else ""
    div = (f"<div style='position:relative;width:{width:.0f}px;height:{h:.0f}px;overflow:hidden;"
           f"background:#f4f4f0;{radius}'>{''.join(parts)}</div>")
    return div, {"address_lines": lines, "fonts": [label_font[2], value_font[2], num_font[2]]}


def card_back(rng, p, width, rounded=False):
    s = width / CARD_W
    j = lambda a: rng.uniform(-a, a)  # noqa: E731
    label_font = rng.choice(PRINT_FONTS)
    value_font = rng.choice(PRINT_FONTS)
    title_font = rng.choice([f for f in PRINT_FONTS if f[1] == 700 or "Hei" in f[0]] + [label_font])
    lc = rng.choice(LABEL_COLORS)
    vc = rng.choice(VALUE_COLORS)
    spacing_style = rng.choices(["css", "space", "none"], weights=[5, 2, 3])[0]
    parts = [guilloche_svg(rng, width, width * CARD_H / CARD_W, rng.choice(BACK_PALETTES),
                           density=rng.uniform(0.8, 1.3), opacity=rng.uniform(0.35, 0.6))]
    # faint "wall" silhouette in the lower half
    if rng.random() < 0.7:
        pts = []
        x, yb = 0.0, 330 + j(30)
        while x <= CARD_W:
            pts.append(f"{x * s:.1f},{(yb + 20 * ((x // 30) % 2) - 0.05 * x) * s:.1f}")
            x += 30
        parts.append(f"<svg width='{width:.0f}' height='{width * CARD_H / CARD_W:.0f}' "
                     f"style='position:absolute;left:0;top:0'><polyline points='{' '.join(pts)}' "
                     f"fill='none' stroke='{rng.choice(['#c4d6c8', '#d5cfb8', '#c6d3df'])}' "
                     f"stroke-width='{6 * s:.1f}' opacity='0.5'/></svg>")
    esize = 210 * rng.uniform(0.85, 1.1)
    parts.append(f"<div style='position:absolute;left:{(40 + j(15)) * s:.1f}px;top:{(38 + j(12)) * s:.1f}px'>"
                 f"{emblem_svg(rng, esize * s)}</div>")
    t1 = 44 * rng.uniform(0.85, 1.1)
    t1x = 300 + j(25)
    parts.append(_box(t1x, 78 + j(10), s,
                      f"{font_css(title_font)} color:#1b1b1b; font-size:{t1 * s:.1f}px;"
                      f"letter-spacing:{rng.uniform(0.15, 0.4) * t1 * s:.1f}px;", "中华人民共和国"))
    t2 = 76 * rng.uniform(0.85, 1.1)
    parts.append(_box(t1x - 20 + j(25), 165 + j(12), s,
                      f"{font_css(title_font)} font-weight:700; color:#111; font-size:{t2 * s:.1f}px;"
                      f"letter-spacing:{rng.uniform(0.2, 0.45) * t2 * s:.1f}px;", "居民身份证"))
    lsize = 24 * rng.uniform(0.88, 1.12)
    vsize = 28 * rng.uniform(0.85, 1.15)
    lx = 140 + j(20)
    vx = lx + lsize * (4 + (1.6 if spacing_style == "css" else 1.0 if spacing_style == "space" else 0.2)) + 30 + j(8)
    y1 = 395 + j(12)
    y2 = y1 + 68 + j(6)
    for y, text in ((y1, "签发机关"), (y2, "有效期限")):
        t = text
        ls = 0.0
        if spacing_style == "css":
            ls = 0.5
        elif spacing_style == "space":
            t = " ".join(text)
        parts.append(_box(lx, y + (vsize - lsize) * 0.6, s,
                          f"{font_css(label_font)} color:{lc}; font-size:{lsize * s:.1f}px;"
                          f"letter-spacing:{ls * lsize * s:.1f}px;", esc(t)))
    auth_size = vsize
    free = 830 - vx
    if text_width(p["authority"], auth_size) > free:
        auth_size = free / len(p["authority"])
    parts.append(_box(vx + j(3), y1 + (vsize - auth_size) * 0.5, s,
                      f"{font_css(value_font)} color:{vc}; font-size:{auth_size * s:.1f}px;",
                      esc(p["authority"])))
    sep = rng.choices(["-", "-", "-", " - ", "—", "–"], weights=[6, 1, 1, 1, 1, 1])[0]
    vf = p["valid_from"].replace("-", ".")
    vt = p["valid_to"].replace("-", ".") if p["valid_to"] != "长期" else "长期"
    validity = vf + sep + vt
    num_font = value_font if rng.random() < 0.7 else rng.choice(NUMBER_FONTS)
    parts.append(_box(vx + j(3), y2, s, f"{font_css(num_font)} color:{vc}; font-size:{vsize * s:.1f}px;",
                      esc(validity)))
    h = width * CARD_H / CARD_W
    radius = f"border-radius:{32 * s:.1f}px;" if rounded else ""
    div = (f"<div style='position:relative;width:{width:.0f}px;height:{h:.0f}px;overflow:hidden;"
           f"background:#f3f4f1;{radius}'>{''.join(parts)}</div>")
    return div, {"validity": validity, "fonts": [label_font[2], value_font[2], num_font[2]]}


def card_height(width):
    return round(width * CARD_H / CARD_W)
