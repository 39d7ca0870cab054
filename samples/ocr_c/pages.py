"""HTML for set C: ID card front/back and three 备案表 templates.
Written from scratch; card layout follows the public look of the
second-generation 居民身份证 (labels blue, values black)."""
import math
import html as _html

CARD_W, CARD_H = 856, 540
A4_W, A4_H = 794, 1123

VALUE_FONTS = ["Noto Sans CJK SC", "Noto Serif CJK SC", "WenQuanYi Micro Hei",
               "WenQuanYi Zen Hei", "AR PL UMing CN", "AR PL UKai CN"]
LABEL_FONTS = ["Noto Sans CJK SC", "WenQuanYi Zen Hei", "Noto Serif CJK SC",
               "AR PL UMing CN"]
NUMBER_FONTS = ["OCR B", "Liberation Mono", "Noto Sans Mono CJK SC",
                "Noto Sans CJK SC", "DejaVu Sans Mono"]
HAND_FONT = "AR PL UKai CN"


def esc(s):
    return _html.escape(str(s))


def wave_svg(rng, w, h, hue):
    """Guilloche-like wave lines plus a rosette, as an inline SVG."""
    parts = []
    col = {"blue": (70, 140, 200), "green": (90, 170, 140),
           "teal": (70, 160, 180)}[hue]
    n = rng.randint(10, 22)
    f = rng.uniform(0.008, 0.02)
    amp = rng.uniform(8, 26)
    for k in range(n):
        y0 = h * (k + 0.5) / n
        ph = k * rng.uniform(0.2, 0.6)
        pts = []
        for x in range(0, w + 9, 8):
            y = y0 + amp * math.sin(x * f + ph) + amp * 0.4 * math.sin(x * f * 2.7 + ph * 2)
            pts.append("%d,%.1f" % (x, y))
        parts.append('<polyline points="%s" fill="none" stroke="rgba(%d,%d,%d,%.2f)" '
                     'stroke-width="%.1f"/>' % (" ".join(pts), *col,
                                                rng.uniform(0.12, 0.28), rng.uniform(0.6, 1.4)))
    cx, cy = rng.uniform(0.3, 0.8) * w, rng.uniform(0.3, 0.7) * h
    R = rng.uniform(0.18, 0.3) * w
    m = rng.randint(9, 17)
    for j in range(rng.randint(4, 8)):
        pts = []
        for t in range(0, 361, 3):
            a = math.radians(t)
            r = R * (0.7 + 0.05 * j) + R * 0.12 * math.sin(m * a + j * 0.5)
            pts.append("%.1f,%.1f" % (cx + r * math.cos(a), cy + r * math.sin(a)))
        parts.append('<polygon points="%s" fill="none" stroke="rgba(%d,%d,%d,0.18)" '
                     'stroke-width="0.8"/>' % (" ".join(pts), *col))
    return ('<svg width="%d" height="%d" style="position:absolute;left:0;top:0">%s</svg>'
            % (w, h, "".join(parts)))


def card_bg(rng):
    c = rng.choice([("#e9f2f6", "#f4f6ec", "#e4eef2"), ("#eef5ef", "#f7f4e8", "#e7f0f4"),
                    ("#e6eff7", "#f2f5f5", "#edf3e6"), ("#f1f4ee", "#e5eef6", "#f4f1e6")])
    return "linear-gradient(%ddeg, %s, %s 55%%, %s)" % (rng.randint(100, 160), *c)


def page_wrap(body, w, h, bg="transparent"):
    return ('<!doctype html><html><head><meta charset="utf-8"><style>'
            'html,body{margin:0;padding:0;background:%s;overflow:hidden}'
            '*{box-sizing:border-box}</style></head><body>%s</body></html>' % (bg, body))


def portrait_svg(rng, w, h):
    g = rng.randint(120, 170)
    bg = rng.choice(["#f4f6f8", "#eef3f7", "#f7f7f7", "#e9eef2"])
    hw = w * rng.uniform(0.22, 0.27)
    return ('<svg width="%d" height="%d"><rect width="%d" height="%d" fill="%s"/>'
            '<ellipse cx="%.0f" cy="%.0f" rx="%.0f" ry="%.0f" fill="rgb(%d,%d,%d)"/>'
            '<path d="M %.0f %d Q %.0f %.0f %.0f %.0f L %.0f %.0f Q %.0f %.0f %.0f %d Z" '
            'fill="rgb(%d,%d,%d)"/></svg>' % (
                w, h, w, h, bg, w / 2, h * 0.38, hw, hw * 1.28, g, g, g,
                0, h, w * 0.05, h * 0.7, w * 0.38, h * 0.66, w * 0.62, h * 0.66,
                w * 0.95, h * 0.7, w, h, g - 15, g - 15, g - 15))


def spaced_label(rng, text):
    if len(text) == 2 and rng.random() < 0.7:
        return text[0] + "&emsp;" + text[1] if rng.random() < 0.5 else \
            '<span style="letter-spacing:%.2fem">%s</span>' % (rng.uniform(0.6, 1.0), text)
    return text


def card_front(rng, p):
    j = lambda v, s=12: v + rng.uniform(-s, s)
    lab_font = rng.choice(LABEL_FONTS)
    val_font = rng.choice(VALUE_FONTS)
    num_font = rng.choice(NUMBER_FONTS)
    blue = rng.choice(["#1f5fa8", "#2a6cb5", "#245b96", "#3a78c0"])
    ls = rng.uniform(19, 23)
    vs = rng.uniform(25, 31)
    left = j(56, 10)
    vx = left + rng.uniform(88, 104)
    row = rng.uniform(64, 72)
    top = j(52, 10)
    b = p["birth"].split("-")
    y, m, d = b[0], str(int(b[1])), str(int(b[2]))
    ymd = ('%s<span class=l style="margin:0 .35em">年</span>%s'
           '<span class=l style="margin:0 .35em">月</span>%s'
           '<span class=l style="margin-left:.35em">日</span>' % (y, m, d))
    addr_w = rng.uniform(340, 400)
    el = []
    def lab(x, y_, t):
        el.append('<div class=l style="left:%.0fpx;top:%.0fpx">%s</div>' % (x, y_, spaced_label(rng, t)))
    def val(x, y_, t, extra=""):
        el.append('<div class=v style="left:%.0fpx;top:%.0fpx;%s">%s</div>' % (x, y_, extra, t))
    lab(left, top, "姓名"); val(vx, top - 5, esc(p["name"]), "font-size:%.0fpx" % (vs * rng.uniform(1.0, 1.15)))
    y1 = top + row
    lab(left, y1, "性别"); val(vx, y1 - 4, esc(p["sex"]))
    ex = vx + rng.uniform(120, 160)
    lab(ex, y1, "民族"); val(ex + rng.uniform(80, 96), y1 - 4, esc(p["ethnicity"]))
    y2 = y1 + row
    lab(left, y2, "出生"); val(vx, y2 - 4, ymd)
    y3 = y2 + row
    lab(left, y3, "住址")
    val(vx, y3 - 4, esc(p["address"]), "width:%.0fpx;white-space:normal;word-break:break-all;"
        "line-height:%.2f" % (addr_w, rng.uniform(1.3, 1.55)))
    ny = j(448, 10)
    lab(left, ny + 4, "公民身份号码")
    el.append('<div style="position:absolute;left:%.0fpx;top:%.0fpx;font-family:\'%s\';'
              'font-size:%.0fpx;letter-spacing:%.1fpx;color:#111">%s</div>' % (
                  j(left + 205, 12), ny - 4, num_font, rng.uniform(32, 38),
                  rng.uniform(1, 4), p["id_number"]))
    pw, ph = rng.uniform(210, 240), rng.uniform(270, 300)
    el.append('<div style="position:absolute;left:%.0fpx;top:%.0fpx">%s</div>' % (
        j(CARD_W - pw - 52, 10), j(60, 10), portrait_svg(rng, pw, ph)))
    css = ('.card{position:relative;width:%dpx;height:%dpx;border-radius:%dpx;overflow:hidden;'
           'background:%s}.l{position:absolute;color:%s;font-family:\'%s\';font-size:%.0fpx;white-space:nowrap}'
           '.v{position:absolute;color:#111;font-family:\'%s\';font-size:%.0fpx;white-space:nowrap}'
           '.v .l{position:static;font-size:%.0fpx}' % (
               CARD_W, CARD_H, rng.randint(26, 40), card_bg(rng), blue, lab_font, ls,
               val_font, vs, ls))
    body = '<style>%s</style><div class=card>%s%s</div>' % (
        css, wave_svg(rng, CARD_W, CARD_H, rng.choice(["blue", "green", "teal"])), "".join(el))
    return page_wrap(body, CARD_W, CARD_H)


def emblem_svg(rng, s):
    red = rng.choice(["#c8262c", "#d0312d", "#b92228"])
    gold = rng.choice(["#f3c13a", "#e8b52c", "#f5cc4a"])
    stars = []
    def star(cx, cy, r, rot=0):
        pts = []
        for k in range(10):
            a = math.radians(rot - 90 + k * 36)
            rr = r if k % 2 == 0 else r * 0.4
            pts.append("%.1f,%.1f" % (cx + rr * math.cos(a), cy + rr * math.sin(a)))
        return '<polygon points="%s" fill="%s"/>' % (" ".join(pts), gold)
    stars.append(star(s * 0.5, s * 0.3, s * 0.13))
    for k, (dx, dy) in enumerate([(-0.2, -0.06), (-0.12, -0.14), (0.12, -0.14), (0.2, -0.06)]):
        stars.append(star(s * (0.5 + dx), s * (0.3 + dy + 0.12), s * 0.045, k * 20))
    gate = ('<rect x="%.0f" y="%.0f" width="%.0f" height="%.0f" fill="%s"/>'
            '<rect x="%.0f" y="%.0f" width="%.0f" height="%.0f" fill="%s"/>' % (
                s * 0.3, s * 0.55, s * 0.4, s * 0.13, gold, s * 0.26, s * 0.5, s * 0.48, s * 0.05, gold))
    return ('<svg width="%d" height="%d"><circle cx="%f" cy="%f" r="%f" fill="%s"/>'
            '<circle cx="%f" cy="%f" r="%f" fill="%s"/>%s%s'
            '<path d="M %f %f A %f %f 0 0 0 %f %f" stroke="%s" stroke-width="%f" fill="none"/></svg>' % (
                s, s, s / 2, s / 2, s / 2, gold, s / 2, s / 2, s * 0.44, red, "".join(stars), gate,
                s * 0.15, s * 0.6, s * 0.36, s * 0.36, s * 0.85, s * 0.6, gold, s * 0.04))


def fmt_dot(iso):
    return iso.replace("-", ".") if iso != "长期" else iso


def card_back(rng, p):
    j = lambda v, s=12: v + rng.uniform(-s, s)
    lab_font = rng.choice(LABEL_FONTS)
    val_font = rng.choice(VALUE_FONTS[:5])
    title_font = rng.choice(["Noto Serif CJK SC", "AR PL UMing CN", "Noto Sans CJK SC", "WenQuanYi Zen Hei"])
    es = rng.uniform(140, 170)
    el = ['<div style="position:absolute;left:%.0fpx;top:%.0fpx">%s</div>' % (j(50), j(42), emblem_svg(rng, es))]
    tx = j(250, 16)
    el.append('<div style="position:absolute;left:%.0fpx;top:%.0fpx;font:700 %.0fpx \'%s\';'
              'letter-spacing:%.0fpx;color:#111">中华人民共和国</div>' % (tx, j(62, 10), rng.uniform(40, 48), title_font, rng.uniform(6, 12)))
    el.append('<div style="position:absolute;left:%.0fpx;top:%.0fpx;font:700 %.0fpx \'%s\';'
              'letter-spacing:%.0fpx;color:#111">居民身份证</div>' % (tx - rng.uniform(0, 10), j(150, 10), rng.uniform(70, 84), title_font, rng.uniform(14, 24)))
    blue = rng.choice(["#1f5fa8", "#2a6cb5", "#245b96"])
    lx = j(150, 20)
    vx = lx + rng.uniform(125, 145)
    vs = rng.uniform(25, 30)
    y1 = j(382, 12)
    y2 = y1 + rng.uniform(60, 72)
    valid = "%s-%s" % (fmt_dot(p["valid_from"]), fmt_dot(p["valid_to"]))
    for y_, lab, v in ((y1, "签发机关", p["authority"]), (y2, "有效期限", valid)):
        el.append('<div style="position:absolute;left:%.0fpx;top:%.0fpx;color:%s;font:%.0fpx \'%s\';'
                  'letter-spacing:%.0fpx">%s</div>' % (lx, y_ + 3, blue, rng.uniform(20, 23), lab_font, rng.uniform(0, 4), lab))
        el.append('<div style="position:absolute;left:%.0fpx;top:%.0fpx;color:#111;font:%.0fpx \'%s\';'
                  'white-space:nowrap">%s</div>' % (vx, y_, vs, val_font, esc(v)))
    body = ('<div style="position:relative;width:%dpx;height:%dpx;border-radius:%dpx;overflow:hidden;'
            'background:%s">%s%s</div>' % (CARD_W, CARD_H, rng.randint(26, 40), card_bg(rng),
                                           wave_svg(rng, CARD_W, CARD_H, rng.choice(["blue", "green", "teal"])), "".join(el)))
    return page_wrap(body, CARD_W, CARD_H)


# ---------------------------------------------------------------- forms
FILING_TYPES = ["异地长期居住人员", "常驻异地工作人员", "异地安置退休人员",
                "异地转诊人员", "异地急诊抢救人员", "其他临时外出就医人员"]
INSURANCE_TYPES = ["职工医保", "居民医保"]
TICK_STYLES = ["tick", "check", "filled", "cross", "circle", "written"]


def ink(rng):
    return rng.choice(["#1b2f8a", "#15206a", "#222222", "#0d3b7a"])


def hand(rng, text, color, size=None):
    size = size or rng.uniform(19, 24)
    return ('<span style="font-family:\'%s\';color:%s;font-size:%.0fpx;display:inline-block;'
            'transform:rotate(%.1fdeg) translateY(%.0fpx)">%s</span>' % (
                HAND_FONT, color, size, rng.uniform(-3, 3), rng.uniform(-2, 2), esc(text)))


def options(rng, opts, chosen, style, color, written_hand=True, per_line=None):
    if style == "written":
        return hand(rng, chosen, color) if written_hand else esc(chosen)
    out = []
    for i, o in enumerate(opts):
        sel = o == chosen
        box = "□"
        mark = ""
        wrap_extra = ""
        if sel:
            if style == "check":
                box = "☑"
            elif style == "filled":
                box = "■"
            elif style == "tick":
                mark = ('<span style="position:absolute;left:-2px;top:-10px;font-family:\'%s\';'
                        'font-size:1.5em;color:%s;transform:rotate(%.0fdeg)">√</span>' % (
                            HAND_FONT, color, rng.uniform(-10, 15)))
            elif style == "cross":
                mark = ('<span style="position:absolute;left:0;top:-3px;font-size:1.15em;'
                        'color:%s">×</span>' % color)
            elif style == "circle":
                wrap_extra = ('<span style="position:absolute;left:-7px;right:-9px;top:-7px;bottom:-6px;'
                              'border:2px solid %s;border-radius:50%%;transform:rotate(%.1fdeg)"></span>'
                              % (color, rng.uniform(-4, 4)))
        out.append('<span style="position:relative;display:inline-block;margin-right:14px;white-space:nowrap">'
                   '<span style="position:relative">%s%s</span>%s%s</span>' % (box, mark, esc(o), wrap_extra))
        if per_line and (i + 1) % per_line == 0:
            out.append("<br>")
    return "".join(out)


def date_cn(iso, rng):
    y, m, d = iso.split("-")
    style = rng.choice(["cn", "cn_sp", "dash", "dot"])
    if style == "cn":
        return "%s年%d月%d日" % (y, int(m), int(d))
    if style == "cn_sp":
        return "%s 年 %d 月 %d 日" % (y, int(m), int(d))
    if style == "dash":
        return iso
    return "%s.%s.%s" % (y, m, d)


def signature_svg(rng, color, w=150, h=48):
    x, y = 8, h * 0.6
    d = ["M %.0f %.0f" % (x, y)]
    for _ in range(rng.randint(4, 7)):
        nx = x + rng.uniform(12, 26)
        d.append("C %.0f %.0f %.0f %.0f %.0f %.0f" % (
            x + rng.uniform(0, 12), rng.uniform(2, h - 2), nx - rng.uniform(0, 12),
            rng.uniform(2, h - 2), nx, rng.uniform(h * 0.3, h * 0.8)))
        x = nx
    d.append("M %.0f %.0f L %.0f %.0f" % (10, h * rng.uniform(0.55, 0.8), x + 6, h * rng.uniform(0.4, 0.7)))
    return ('<svg width="%d" height="%d" style="vertical-align:middle"><path d="%s" fill="none" '
            'stroke="%s" stroke-width="%.1f" stroke-linecap="round"/></svg>' % (
                w, h, " ".join(d), color, rng.uniform(1.6, 2.6)))


def form_values(rng, f, handwritten, color):
    """Value renderer: printed (typed in) or handwritten."""
    pf = rng.choice(["Noto Sans CJK SC", "Noto Serif CJK SC", "AR PL UMing CN", "WenQuanYi Micro Hei"])
    def v(text):
        if handwritten:
            return hand(rng, text, color)
        return '<span style="font-family:\'%s\'">%s</span>' % (pf, esc(text))
    return v


FORM_CSS = ('body{font-family:"%s";color:#111}'
            '.pg{position:relative;width:%dpx;height:%dpx;background:#fff;padding:%dpx %dpx}'
            'table{border-collapse:collapse;width:100%%}'
            'td{border:%.1fpx solid #222;padding:%dpx 8px;font-size:%.0fpx;vertical-align:middle}'
            'td.k{text-align:center;white-space:nowrap}'
            'h1{font-size:%.0fpx;text-align:center;margin:0 0 6px 0;letter-spacing:%.0fpx}'
            '.sub{text-align:center;font-size:14px;margin-bottom:10px}'
            '.small{font-size:12.5px;line-height:1.6}')


def form_css(rng):
    return FORM_CSS % (rng.choice(["Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UMing CN"]),
                       A4_W, A4_H, rng.randint(50, 75), rng.randint(50, 70),
                       rng.uniform(0.8, 1.5), rng.randint(9, 14), rng.uniform(15, 17.5),
                       rng.uniform(22, 27), rng.randint(0, 3))


def sig_cell(rng, f, color):
    return signature_svg(rng, color) if f["signature"] == "inked" else ""


def form_a(rng, f, handwritten, color):
    """Four-column table, province title."""
    v = form_values(rng, f, handwritten, color)
    ts = rng.choice(TICK_STYLES)
    ts2 = rng.choice(TICK_STYLES)
    prov = f["_prov"]
    lab = dict(name=rng.choice(["姓名", "参保人姓名"]), id=rng.choice(["公民身份号码", "身份证号码"]),
               phone=rng.choice(["联系电话", "手机号码"]), ins=rng.choice(["参保地", "参保地区"]),
               tr=rng.choice(["就医地", "拟就医地", "异地就医地"]), ft=rng.choice(["备案类型", "人员类别"]),
               start=rng.choice(["备案开始日期", "开始日期"]))
    rows = [
        '<tr><td class=k>%s</td><td>%s</td><td class=k>性别</td><td>%s</td></tr>' % (lab["name"], v(f["name"]), v(f["sex"])),
        '<tr><td class=k>%s</td><td colspan=3>%s</td></tr>' % (lab["id"], v(f["id_number"])),
        '<tr><td class=k>%s</td><td>%s</td><td class=k>参保险种</td><td>%s</td></tr>' % (
            lab["phone"], v(f["phone"]), options(rng, INSURANCE_TYPES, f["insurance_type"], ts2, color)),
        '<tr><td class=k>%s</td><td>%s</td><td class=k>%s</td><td>%s</td></tr>' % (
            lab["ins"], v(f["insured_place"]), lab["tr"], v(f["treatment_place"])),
        '<tr><td class=k>%s</td><td colspan=3 style="line-height:2">%s</td></tr>' % (
            lab["ft"], options(rng, FILING_TYPES, f["filing_type"], ts, color, per_line=3)),
        '<tr><td class=k>联系地址</td><td colspan=3>%s</td></tr>' % v(f["contact_address"]),
        '<tr><td class=k>%s</td><td>%s</td><td class=k>申请日期</td><td>%s</td></tr>' % (
            lab["start"], v(date_cn(f["start_date"], rng)), v(date_cn(f["apply_date"], rng))),
        '<tr><td class=k style="height:70px">申请人签字</td><td colspan=3>%s</td></tr>' % sig_cell(rng, f, color),
        '<tr><td class=k style="height:120px">经办机构<br>意见</td><td colspan=3 style="vertical-align:bottom;text-align:right">'
        '经办人：&emsp;&emsp;&emsp;&emsp;审核人：&emsp;&emsp;&emsp;&emsp;（盖章）<br>年&emsp;月&emsp;日</td></tr>',
    ]
    body = ('<div class=pg><h1>%s跨省异地就医登记备案表</h1><div class=sub>（参保人员填写，一式两份）</div>'
            '<table>%s</table><p class=small>说明：1.本表由参保人员本人或委托人填写；2.备案类型请在对应“□”内打“√”；'
            '3.填报信息应真实、准确，因信息有误造成的后果由申请人承担。</p></div>' % (prov, "".join(rows)))
    return page_wrap('<style>%s</style>%s' % (form_css(rng), body), A4_W, A4_H, "#fff")


def form_b(rng, f, handwritten, color):
    """Two-column label/value, options listed vertically."""
    v = form_values(rng, f, handwritten, color)
    ts = rng.choice(TICK_STYLES)
    ts2 = rng.choice(TICK_STYLES)
    lab = dict(name=rng.choice(["参保人姓名", "姓名"]), id=rng.choice(["社会保障号码", "身份证号码", "公民身份号码"]),
               phone=rng.choice(["手机号码", "联系电话"]), ins=rng.choice(["参保地区", "参保统筹区", "参保地"]),
               tr=rng.choice(["拟就医地", "就医地", "异地就医地"]), ft=rng.choice(["人员类别", "备案类型"]),
               start=rng.choice(["开始日期", "备案开始日期"]))
    kw = rng.randint(150, 190)
    rows = [(lab["name"], v(f["name"])), ("性别", v(f["sex"])), (lab["id"], v(f["id_number"])),
            (lab["phone"], v(f["phone"])), ("参保险种", options(rng, INSURANCE_TYPES, f["insurance_type"], ts2, color)),
            (lab["ins"], v(f["insured_place"])), (lab["tr"], v(f["treatment_place"])),
            (lab["ft"], '<div style="line-height:1.9">%s</div>' % options(rng, FILING_TYPES, f["filing_type"], ts, color, per_line=2)),
            ("联系地址", v(f["contact_address"])), (lab["start"], v(date_cn(f["start_date"], rng)))]
    trs = "".join('<tr><td class=k style="width:%dpx">%s</td><td>%s</td></tr>' % (kw, a, b) for a, b in rows)
    y, m, d = f["apply_date"].split("-")
    if handwritten:
        dd = "%s年%s月%s日" % (hand(rng, y, color), hand(rng, str(int(m)), color), hand(rng, str(int(d)), color))
    else:
        dd = "%s年%d月%d日" % (y, int(m), int(d))
    trs += ('<tr><td colspan=2 style="height:150px;vertical-align:top">本人承诺以上信息真实有效，'
            '如有虚假愿承担相应责任。<br><br><div style="text-align:right;padding-right:40px">'
            '申请人（签字）：<span style="display:inline-block;width:170px">%s</span><br>'
            '<span style="display:inline-block;margin-top:10px">申请日期：%s</span></div></td></tr>' % (sig_cell(rng, f, color), dd))
    head = ('<div style="display:flex;justify-content:space-between;font-size:14px;margin-bottom:8px">'
            '<span>编号：__________</span><span>填表日期：&emsp;年&emsp;月&emsp;日</span></div>')
    body = ('<div class=pg><h1>基本医疗保险跨省异地就医备案申请表</h1>%s<table>%s</table>'
            '<p class=small>注：“人员类别”请在对应项目前的“□”内打“√”。本表可在参保地经办机构或国家医保服务平台下载。</p></div>' % (head, trs))
    return page_wrap('<style>%s</style>%s' % (form_css(rng), body), A4_W, A4_H, "#fff")


def form_c(rng, f, handwritten, color):
    """ID number in 18 boxes; 参保统筹区 header line; 承诺 text."""
    v = form_values(rng, f, handwritten, color)
    ts = rng.choice(TICK_STYLES)
    ts2 = rng.choice(TICK_STYLES)
    city = f["_city"] or f["_prov"]
    digits = "".join('<td style="width:26px;text-align:center;padding:6px 0">%s</td>' % v(c) for c in f["id_number"])
    lab_tr = rng.choice(["异地就医地", "就医地", "拟就医地"])
    lab_ins = rng.choice(["参保统筹区", "参保地"])
    rows = [
        '<tr><td class=k>姓名</td><td colspan=8>%s</td><td class=k colspan=4>性别</td><td colspan=7>%s</td></tr>' % (v(f["name"]), v(f["sex"])),
        '<tr><td class=k>%s</td>%s<td></td></tr>' % (rng.choice(["公民身份号码", "身份证号码"]), digits),
        '<tr><td class=k>%s</td><td colspan=19>%s</td></tr>' % (rng.choice(["联系电话", "手机号码"]), v(f["phone"])),
        '<tr><td class=k>%s</td><td colspan=19>%s</td></tr>' % (lab_ins, v(f["insured_place"])),
        '<tr><td class=k>险种类型</td><td colspan=19>%s</td></tr>' % options(rng, INSURANCE_TYPES, f["insurance_type"], ts2, color),
        '<tr><td class=k>%s</td><td colspan=19>%s</td></tr>' % (lab_tr, v(f["treatment_place"])),
        '<tr><td class=k>备案类型</td><td colspan=19 style="line-height:2">%s</td></tr>' % options(rng, FILING_TYPES, f["filing_type"], ts, color, per_line=3),
        '<tr><td class=k>%s</td><td colspan=19>%s</td></tr>' % (rng.choice(["备案开始日期", "开始日期"]), v(date_cn(f["start_date"], rng))),
        '<tr><td class=k>联系地址</td><td colspan=19>%s</td></tr>' % v(f["contact_address"]),
    ]
    promise = ('<div style="border:1px solid #222;border-top:none;padding:14px;font-size:15px;line-height:1.8">'
               '承诺：本人已知晓跨省异地就医相关政策，所填信息真实准确。<br>'
               '<div style="margin-top:20px">申请人签字：<span style="display:inline-block;width:180px;border-bottom:1px solid #222">%s</span>'
               '&emsp;&emsp;日期：%s</div></div>' % (sig_cell(rng, f, color), v(date_cn(f["apply_date"], rng))))
    body = ('<div class=pg><div style="text-align:center;font-size:15px">%s医疗保障局</div>'
            '<h1>跨省异地就医备案登记表</h1><div class=sub style="text-align:left">参保统筹区：%s&emsp;&emsp;经办机构：__________</div>'
            '<table>%s</table>%s</div>' % (esc(city), esc(city), "".join(rows), promise))
    return page_wrap('<style>%s</style>%s' % (form_css(rng), body), A4_W, A4_H, "#fff")


FORMS = {"A": form_a, "B": form_b, "C": form_c}
