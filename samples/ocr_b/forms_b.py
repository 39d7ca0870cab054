"""备案表 (registration forms for 跨省异地就医) as HTML for OCR set B.

Three templates that differ in title, wording, field order and ruling:
  A  <省>跨省异地就医登记备案表 -- full ruled table, two label/value pairs per row,
     险种 and 备案类型 as printed options with the chosen one marked.
  B  基本医疗保险跨省异地就医备案申请表 -- ruled table, one pair per row, values written
     (人员类别 as text), ID number sometimes in 18 boxes.
  C  ____省(区、市)跨省异地就医登记备案表 -- no table: underlined blanks, split date and
     place blanks, options in brackets or circled.
Label synonyms, option markers, date formats, fonts and handwriting are drawn per form.

form_html(rng, person, template, width) -> (html, fields) where `fields` is exactly what the
page shows, in the truth schema (insurance_type short name, dates YYYY-MM-DD, ...).
"""

from htmlkit_b import (INKS, PRINT_FONTS, esc, font_css, hand_text, page, seal_svg, signature,
                       text_width, tick_mark)
from people_b import FILING_TYPES

A4_CSS_W = 794  # CSS px of an A4 width at 96 dpi; pages are zoomed to the requested width

INSURANCE_WORDS = [
    {"职工医保": "职工基本医疗保险", "居民医保": "城乡居民基本医疗保险"},
    {"职工医保": "城镇职工基本医疗保险", "居民医保": "城乡居民基本医疗保险"},
    {"职工医保": "职工医保", "居民医保": "居民医保"},
]


def a4_height(width):
    return round(width * 297 / 210)


def fmt_date(rng, iso, style=None):
    y, m, d = iso.split("-")
    style = style or rng.choice(["cn", "cn", "cn0", "iso", "iso", "dot", "slash"])
    if style == "cn":
        return f"{y}年{int(m)}月{int(d)}日"
    if style == "cn0":
        return f"{y}年{m}月{d}日"
    if style == "iso":
        return f"{y}-{m}-{d}"
    if style == "dot":
        return f"{y}.{m}.{d}"
    return f"{y}/{int(m)}/{int(d)}"


class Ink:
    """How values are written on one form: typed in a print font, or by hand."""

    def __init__(self, rng, size):
        self.rng = rng
        self.hand = rng.random() < 0.25
        self.font = rng.choice(PRINT_FONTS)
        self.size = size * rng.uniform(0.92, 1.12)
        self.color = rng.choice(INKS) if self.hand else rng.choice(["#000", "#111", "#1c1c1c"])

    def __call__(self, text, scale=1.0, max_width=None):
        """`max_width` (CSS px): shrink to fit, down to 70 %; beyond that the value may wrap."""
        size = self.size * (1.2 if self.hand else 1.0) * scale
        wrap = False
        if max_width:
            need = text_width(text, size)
            if need > max_width:
                size = max(size * 0.7, size * max_width / need)
                wrap = text_width(text, size) > max_width
        if self.hand:
            h = hand_text(self.rng, text, size, self.color, jitter=0.8)
            return h.replace("white-space:nowrap", "white-space:normal") if wrap else h
        return (f"<span style='{font_css(self.font)} color:{self.color};"
                f"font-size:{size:.1f}px;white-space:{'normal' if wrap else 'nowrap'}'>{esc(text)}</span>")


def options_html(rng, options, chosen, style, ink, size):
    """Printed options with the chosen one marked (☑ ■ √ × circle or bracket tick)."""
    out = []
    color = ink.color if ink.hand else rng.choice(INKS + ["#000"])
    for i, opt in enumerate(options):
        on = opt == chosen
        label = esc(opt)
        if style in ("box-glyph", "box-fill"):
            mark = ("☑" if style == "box-glyph" else "■") if on else "□"
            out.append(f"<span style='white-space:nowrap;margin-right:1.1em'>{mark}{label}</span>")
        elif style in ("box-tick",):
            tick = tick_mark(rng, size * 1.1, color) if on else ""
            out.append(f"<span style='white-space:nowrap;margin-right:1.1em'>"
                       f"<span style='position:relative;display:inline-block'>□{tick}</span>{label}</span>")
        elif style == "bracket":
            inner = ink("√", 0.9) if on else "&nbsp;&nbsp;"
            out.append(f"<span style='white-space:nowrap;margin-right:1em'>（{inner}）{label}</span>")
        elif style == "numbered-circle":
            circ = (f"border:{max(1.2, size * 0.09):.1f}px solid {color};border-radius:50%;"
                    f"padding:0.05em 0.35em;transform:rotate({rng.uniform(-4, 4):.1f}deg);"
                    f"display:inline-block") if on else "padding:0.05em 0.35em;display:inline-block"
            out.append(f"<span style='white-space:nowrap;margin-right:0.6em;{circ}'>"
                       f"{'①②③④⑤⑥'[i]}{label}</span>")
        else:  # "circle": plain options, chosen one circled by hand
            circ = (f"border:{max(1.2, size * 0.09):.1f}px solid {color};border-radius:45%;"
                    f"padding:0.05em 0.3em;transform:rotate({rng.uniform(-5, 5):.1f}deg);"
                    f"display:inline-block") if on else "padding:0.05em 0.3em;display:inline-block"
            out.append(f"<span style='white-space:nowrap;margin-right:0.7em;{circ}'>{label}</span>")
    return " ".join(out)


def _pick(rng, *names):
    return rng.choice(names)


def _sign_block(rng, p, ink, size, fields, label):
    """申请人签字 + signature (sometimes missing) + date."""
    signed = rng.random() < 0.86
    if signed:
        fields["signature"] = "inked"
        sig = signature(rng, p["name"], size * rng.uniform(1.6, 2.2))
    else:
        sig = "<span style='display:inline-block;width:6em'></span>"
    date = fmt_date(rng, p["apply_date"], rng.choice(["cn", "cn", "cn0", "iso"]))
    fields["apply_date"] = p["apply_date"]
    date_html = ink(date) if rng.random() < 0.75 else hand_text(rng, date, size * 1.15)
    date_label = _pick(rng, "日期：", "申请日期：", "")
    return (f"<span>{esc(label)}</span><span style='display:inline-block;min-width:7em;"
            f"margin:0 1.2em 0 0.4em;vertical-align:middle'>{sig}</span>"
            f"<span style='white-space:nowrap'>{date_label}{date_html}</span>")


def _title_font(rng):
    return rng.choice([f for f in PRINT_FONTS if f[1] == 700 or "Hei" in f[0] or "Serif" in f[0]])


def _insurance_choice(rng, p, words, ink, size, style, fields):
    fields["insurance_type"] = p["insurance_type"]
    opts = [words["职工医保"], words["居民医保"]]
    return options_html(rng, opts, words[p["insurance_type"]], style, ink, size)


# ---------------------------------------------------------------------------

def template_a(rng, p):
    size = rng.uniform(15, 18)
    ink = Ink(rng, size)
    label_font = rng.choice(PRINT_FONTS)
    fields = {}
    border = rng.choice(["1px solid #000", "1.5px solid #111", "1px solid #333", "2px solid #000"])
    shade = rng.choice(["transparent", "transparent", "#f2f2f2", "#eef3f8"])
    lab = lambda t: (f"<td style='border:{border};background:{shade};padding:7px 6px;text-align:center;"  # noqa: E731
                     f"line-height:1.3'>{esc(t)}</td>")
    row_h = size * rng.uniform(3.2, 4.0)
    cell = lambda h, span=1: (f"<td colspan='{span}' style='border:{border};padding:7px 8px;"  # noqa: E731
                              f"height:{row_h:.0f}px'>{h}</td>")
    prov = p["insured_province"]
    title = f"{prov}跨省异地就医登记备案表"
    if rng.random() < 0.3:
        title = f"《{title}》"
    words = rng.choice(INSURANCE_WORDS)
    mark = rng.choice(["box-glyph", "box-fill", "box-tick", "box-tick", "circle"])
    rows = []
    fields["name"] = p["name"]
    fields["sex"] = p["sex"]
    rows.append(lab(_pick(rng, "参保人姓名", "姓名")) + cell(ink(p["name"], 1.0, 210)) + lab("性别")
                + cell(ink(p["sex"])))
    fields["id_number"] = p["id_number"]
    idl = _pick(rng, "公民身份号码", "身份证号码", "社会保障号码", "证件号码")
    rows.append(lab(idl) + cell(ink(p["id_number"], 1.0, 440), 3))
    fields["insured_place"] = p["insured_place"]
    fields["phone"] = p["phone"]
    rows.append(lab(_pick(rng, "参保地", "参保地区", "参保统筹区")) + cell(ink(p["insured_place"], 0.95, 215))
                + lab(_pick(rng, "联系电话", "手机号码", "电话")) + cell(ink(p["phone"], 1.0, 190)))
    rows.append(lab(_pick(rng, "险种类型", "参保险种", "险种")) +
                cell(_insurance_choice(rng, p, words, ink, size, mark, fields), 3))
    fields["filing_type"] = p["filing_type"]
    rows.append(lab(_pick(rng, "备案类型", "人员类别")) +
                cell(options_html(rng, FILING_TYPES, p["filing_type"], mark, ink, size), 3))
    fields["treatment_place"] = p["treatment_place"]
    sd_label = _pick(rng, "备案开始日期", "开始日期")
    show_start = rng.random() < 0.9
    if show_start:
        fields["start_date"] = p["start_date"]
    rows.append(lab(_pick(rng, "就医地", "异地就医地", "就医地点", "拟就医地")) + cell(ink(p["treatment_place"], 1.0, 215))
                + lab(sd_label) + cell(ink(fmt_date(rng, p["start_date"]), 1.0, 190) if show_start else ""))
    if rng.random() < 0.85:
        fields["contact_address"] = p["contact_address"]
        addr_scale = 1.0 if len(p["contact_address"]) < 28 else 0.9
        rows.append(lab(_pick(rng, "联系地址", "异地居住地址", "现居住地址", "就医地地址")) +
                    cell(ink(p["contact_address"], addr_scale, 440), 3))
    promise = _pick(rng, "本人承诺以上填报信息及提供的材料真实有效，如有虚假，愿承担由此产生的一切后果。",
                    "本人已知晓跨省异地就医相关政策，承诺所填信息真实、准确，并承担相应法律责任。")
    sign = _sign_block(rng, p, ink, size, fields, _pick(rng, "申请人签字：", "申请人（签名）：", "参保人签字："))
    rows.append(lab("申请人承诺") + f"<td colspan='3' style='border:{border};padding:10px 8px;"
                f"line-height:1.8'>{promise}<div style='margin-top:18px;text-align:right'>{sign}</div></td>")
    if rng.random() < 0.6:
        rows.append(lab("代办人姓名") + cell("") + lab("代办人电话") + cell(""))
        rows.append(lab("代办人证件号码") + cell("", 3))
    seal = ""
    if rng.random() < 0.35:
        rest = p["insured_place"][len(p["insured_province"]):]
        city = rest[: rest.find("市") + 1] if "市" in rest[:-1] else (rest or p["insured_province"])
        org = city + rng.choice(["医疗保障事务中心", "医疗保障局", "医疗保险事务中心"])
        seal = (f"<div style='position:absolute;right:60px;top:6px'>"
                f"{seal_svg(rng, 130, org, '业务专用章')}</div>")
    rows.append(lab("经办机构意见") + f"<td colspan='3' style='border:{border};padding:8px;height:150px;"
                f"position:relative;vertical-align:bottom'>{seal}经办人：<span style='display:inline-block;"
                f"width:8em'></span>审核人：<span style='display:inline-block;width:8em'></span>"
                f"年&nbsp;&nbsp;&nbsp;&nbsp;月&nbsp;&nbsp;&nbsp;&nbsp;日</td>")
    notes = ("注：1. 本表由参保人员本人或其委托人填写，一式两份；2. 备案类型按实际情况勾选；"
             "3. 异地就医地填写到地级市；4. 联系电话请填写本人常用手机号码。")
    tf = _title_font(rng)
    html = (f"<div style='padding:{rng.randint(50, 75)}px {rng.randint(45, 65)}px;{font_css(label_font)}"
            f"font-size:{size:.1f}px;color:#111'>"
            f"<div style='text-align:center;{font_css(tf)}font-size:{size * rng.uniform(1.45, 1.75):.1f}px;"
            f"margin-bottom:{rng.randint(10, 22)}px;letter-spacing:{rng.uniform(0, 2):.1f}px'>{esc(title)}</div>"
            f"<div style='display:flex;justify-content:space-between;margin-bottom:6px;font-size:{size * 0.9:.1f}px'>"
            f"<span>参保地经办机构：</span><span>编号：</span></div>"
            f"<table style='width:100%;border-collapse:collapse;table-layout:fixed'>"
            f"<colgroup><col style='width:16%'><col style='width:35%'><col style='width:17%'><col></colgroup>"
            + "".join(f"<tr>{r}</tr>" for r in rows) +
            f"</table><div style='margin-top:12px;font-size:{size * 0.82:.1f}px;line-height:1.6'>{notes}</div></div>")
    return html, fields


def _id_boxes(idn, ink, size):
    cells = "".join(f"<span style='display:inline-block;width:{size * 1.45:.1f}px;height:{size * 1.9:.1f}px;"
                    f"border:1px solid #222;margin-right:-1px;text-align:center;line-height:{size * 1.9:.1f}px'>"
                    f"{ink(c)}</span>" for c in idn)
    return f"<span style='white-space:nowrap'>{cells}</span>"


def template_b(rng, p):
    size = rng.uniform(15.5, 18.5)
    ink = Ink(rng, size)
    label_font = rng.choice(PRINT_FONTS)
    fields = {}
    title = rng.choice(["基本医疗保险跨省异地就医备案申请表", "基本医疗保险跨省异地就医备案申请表",
                        "跨省异地就医备案申请表", "基本医疗保险参保人员跨省异地就医备案申请表"])
    if rng.random() < 0.25:
        title = f"《{title}》"
    border = rng.choice(["1px solid #000", "1px solid #222", "1.5px solid #000"])
    lw = rng.randint(24, 32)
    row_h = size * rng.uniform(3.0, 3.9)
    row = lambda l, v, h=None: (f"<tr><td style='border:{border};padding:8px;width:{lw}%;"  # noqa: E731
                                f"text-align:{rng.choice(['left', 'center', 'right'])}'>{esc(l)}</td>"
                                f"<td style='border:{border};padding:8px 10px;height:{h or row_h:.0f}px'>{v}</td></tr>")
    rows = []
    fields["name"] = p["name"]
    rows.append(row(_pick(rng, "姓名", "参保人姓名", "申请人姓名"), ink(p["name"])))
    if rng.random() < 0.8:
        fields["sex"] = p["sex"]
        if rng.random() < 0.5:
            rows.append(row("性别", ink(p["sex"])))
        else:
            rows.append(row("性别", options_html(rng, ["男", "女"], p["sex"], rng.choice(
                ["box-glyph", "box-tick", "circle"]), ink, size)))
    fields["id_number"] = p["id_number"]
    idl = _pick(rng, "证件号码", "公民身份号码", "身份证号码", "社会保障号码")
    rows.append(row(idl, _id_boxes(p["id_number"], ink, size) if rng.random() < 0.35 else ink(p["id_number"])))
    fields["phone"] = p["phone"]
    phone_row = row(_pick(rng, "手机号码", "联系电话", "电话"), ink(p["phone"]))
    fields["insured_place"] = p["insured_place"]
    vw = (100 - lw) / 100 * 660 - 24
    rows.append(row(_pick(rng, "参保地", "参保地区", "参保统筹区"), ink(p["insured_place"], 1.0, vw)))
    words = rng.choice(INSURANCE_WORDS)
    fields["insurance_type"] = p["insurance_type"]
    if rng.random() < 0.5:
        rows.append(row(_pick(rng, "参保险种", "险种类型"), ink(words[p["insurance_type"]])))
    else:
        rows.append(row(_pick(rng, "参保险种", "险种类型"), options_html(
            rng, [words["职工医保"], words["居民医保"]], words[p["insurance_type"]],
            rng.choice(["box-glyph", "box-tick", "box-fill"]), ink, size)))
    if rng.random() < 0.5:
        rows.append(phone_row)
        phone_row = ""
    fields["filing_type"] = p["filing_type"]
    rows.append(row(_pick(rng, "人员类别", "备案类型", "备案人员类别"), ink(p["filing_type"])))
    fields["treatment_place"] = p["treatment_place"]
    rows.append(row(_pick(rng, "拟就医地", "就医地", "异地就医地", "就医地点"), ink(p["treatment_place"], 1.0, vw)))
    if rng.random() < 0.4:
        rows.append(row(_pick(rng, "拟就诊医院", "就医医院"), ink(p["hospital"], 1.0, vw)))
    if rng.random() < 0.8:
        fields["contact_address"] = p["contact_address"]
        rows.append(row(_pick(rng, "现居住地址", "联系地址", "异地居住地址"),
                        ink(p["contact_address"], 1.0, vw)))
    if phone_row:
        rows.append(phone_row)
    fields["start_date"] = p["start_date"]
    rows.append(row(_pick(rng, "备案开始日期", "开始日期"), ink(fmt_date(rng, p["start_date"]))))
    sign = _sign_block(rng, p, ink, size, fields, _pick(rng, "申请人签名：", "申请人签字：", "签名："))
    rows.append(f"<tr><td colspan='2' style='border:{border};padding:14px 10px;line-height:1.9'>"
                f"{_pick(rng, '本人承诺：以上信息真实有效，因信息不实产生的后果由本人承担。', '我已阅读并知晓跨省异地就医备案有关规定，所填内容真实。')}"
                f"<div style='margin-top:16px;padding-left:{rng.randint(0, 40)}%'>{sign}</div></td></tr>")
    if rng.random() < 0.5:
        rows.append(row(_pick(rng, "委托代办人", "代办人姓名及电话"), ""))
    rows.append(f"<tr><td style='border:{border};padding:8px'>经办机构审核意见</td>"
                f"<td style='border:{border};height:{rng.randint(100, 170)}px;vertical-align:bottom;padding:8px'>"
                f"经办人：<span style='display:inline-block;width:7em'></span>（盖章）</td></tr>")
    tf = _title_font(rng)
    guide = ("填表说明：一、本表适用于参加基本医疗保险的人员办理跨省异地就医备案；二、人员类别填写"
             "“异地安置退休人员、异地长期居住人员、常驻异地工作人员、异地转诊人员、临时外出就医人员”之一；"
             "三、就医地填写省、市名称。")
    html = (f"<div style='padding:{rng.randint(55, 80)}px {rng.randint(50, 70)}px;{font_css(label_font)}"
            f"font-size:{size:.1f}px;color:#111'>"
            f"<div style='text-align:center;{font_css(tf)}font-size:{size * rng.uniform(1.4, 1.7):.1f}px;"
            f"margin-bottom:{rng.randint(14, 26)}px'>{esc(title)}</div>"
            f"<div style='text-align:right;margin-bottom:6px;font-size:{size * 0.9:.1f}px'>"
            f"{_pick(rng, '申请编号：', '受理号：', '')}</div>"
            f"<table style='width:100%;border-collapse:collapse'>{''.join(rows)}</table>"
            f"<div style='margin-top:14px;font-size:{size * 0.8:.1f}px;line-height:1.6'>{guide}</div></div>")
    return html, fields


def template_c(rng, p):
    size = rng.uniform(16, 19)
    ink = Ink(rng, size)
    label_font = rng.choice(PRINT_FONTS)
    fields = {}
    uline = rng.choice(["1px solid #000", "1px solid #333", "1px dashed #333"])

    def blank(inner, min_em=6):
        return (f"<span style='display:inline-block;min-width:{min_em}em;border-bottom:{uline};"
                f"text-align:center;padding:0 0.4em;line-height:1.5'>{inner}</span>")

    prov_short = p["insured_province"]
    for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市"):
        if prov_short.endswith(suffix):
            prov_short = prov_short[: -len(suffix)]
            break
    tf = _title_font(rng)
    title = (f"{blank(ink(prov_short), 4)}省(区、市)跨省异地就医登记备案表" if rng.random() < 0.7
             else "____省(区、市)跨省异地就医登记备案表")
    lines = []
    fields["name"] = p["name"]
    fields["sex"] = p["sex"]
    nm = _pick(rng, "姓名", "参保人姓名")
    line1 = f"{nm}：{blank(ink(p['name']))}&emsp;性别：{blank(ink(p['sex']), 3)}"
    if rng.random() < 0.5:
        line1 += f"&emsp;民族：{blank(ink(p['ethnicity']), 3)}"
    lines.append(line1)
    fields["id_number"] = p["id_number"]
    lines.append(f"{_pick(rng, '身份证号码', '公民身份号码', '证件号码')}：{blank(ink(p['id_number']), 14)}")
    fields["insured_place"] = p["insured_place"]
    words = rng.choice(INSURANCE_WORDS[1:] if rng.random() < 0.5 else INSURANCE_WORDS)
    mark = rng.choice(["bracket", "bracket", "box-tick", "circle", "numbered-circle"])
    lines.append(f"{_pick(rng, '参保统筹区', '参保地', '参保地区')}：{blank(ink(p['insured_place'], 1.0, 620 - 6 * size), 12)}")
    lines.append(f"{_pick(rng, '参保险种', '险种')}：" +
                 _insurance_choice(rng, p, words, ink, size, "bracket" if mark == "numbered-circle" else mark,
                                   fields))
    fields["treatment_place"] = p["treatment_place"]
    tl = _pick(rng, "异地就医地", "就医地", "拟就医地")
    if p["treatment_place"].startswith(p["treatment_province"]) and p["treatment_place"] != p["treatment_province"] \
            and p["treatment_province"].endswith("省") and rng.random() < 0.6:
        city = p["treatment_place"][len(p["treatment_province"]):]
        lines.append(f"{tl}：{blank(ink(p['treatment_province'][:-1]), 4)}省"
                     f"{blank(ink(city[:-1] if city.endswith('市') else city), 4)}{'市' if city.endswith('市') else ''}")
    else:
        lines.append(f"{tl}：{blank(ink(p['treatment_place']), 10)}")
    fields["phone"] = p["phone"]
    lines.append(f"{_pick(rng, '联系电话', '手机号码', '电话')}：{blank(ink(p['phone']), 9)}")
    if rng.random() < 0.8:
        fields["contact_address"] = p["contact_address"]
        lines.append(f"{_pick(rng, '异地居住地址', '联系地址', '就医地居住地址')}：{blank(ink(p['contact_address'], 0.95, 620 - 7 * size), 18)}")
    fields["filing_type"] = p["filing_type"]
    opts = options_html(rng, FILING_TYPES, p["filing_type"], mark, ink, size)
    lines.append(f"{_pick(rng, '备案类型', '人员类别')}（{_pick(rng, '请在对应项打√', '选择一项', '单选')}）："
                 f"<div style='margin:6px 0 0 2em;line-height:2.1'>{opts}</div>")
    fields["start_date"] = p["start_date"]
    y, m, d = p["start_date"].split("-")
    if rng.random() < 0.6:
        sd = (f"{blank(ink(y), 3)}年{blank(ink(str(int(m)) if rng.random() < 0.7 else m), 2)}月"
              f"{blank(ink(str(int(d)) if rng.random() < 0.7 else d), 2)}日")
    else:
        sd = blank(ink(fmt_date(rng, p["start_date"])), 8)
    lines.append(f"{_pick(rng, '备案开始日期', '开始日期')}：{sd}")
    notice = ("告知事项：1. 参保人员跨省异地就医前应办理备案手续；2. 备案后在就医地定点医疗机构就医可直接结算；"
              "3. 参保人员对所提交材料的真实性负责，提供虚假材料的，依法承担相应责任。")
    sign = _sign_block(rng, p, ink, size, fields, _pick(rng, "申请人（签字）：", "申请人签名：", "本人签字："))
    office = (f"<div style='margin-top:40px;border-top:{uline};padding-top:14px;line-height:2.4'>"
              f"以下由经办机构填写：<br>受理意见：<span style='display:inline-block;width:14em;"
              f"border-bottom:{uline}'>&nbsp;</span><br>经办人：<span style='display:inline-block;"
              f"width:7em;border-bottom:{uline}'>&nbsp;</span>&emsp;受理日期：&emsp;&emsp;年&emsp;月&emsp;日</div>")
    gap = rng.uniform(14, 24)
    body = "".join(f"<div style='margin:{gap:.0f}px 0'>{ln}</div>" for ln in lines)
    html = (f"<div style='padding:{rng.randint(60, 90)}px {rng.randint(60, 85)}px;{font_css(label_font)}"
            f"font-size:{size:.1f}px;color:#111;line-height:1.7'>"
            f"<div style='text-align:center;{font_css(tf)}font-size:{size * rng.uniform(1.3, 1.6):.1f}px;"
            f"margin-bottom:{rng.randint(20, 36)}px'>{title}</div>{body}"
            f"<div style='margin-top:22px;font-size:{size * 0.86:.1f}px;line-height:1.7'>{notice}</div>"
            f"<div style='margin-top:34px;text-align:right'>{sign}</div>{office}</div>")
    return html, fields


TEMPLATES = {"A": template_a, "B": template_b, "C": template_c}


def form_html(rng, p, template, width):
    body, fields = TEMPLATES[template](rng, p)
    zoom = width / A4_CSS_W
    bg = rng.choice(["#ffffff", "#fdfdfb", "#fbfaf6", "#f9f9f9"])
    inner = f"<div style='zoom:{zoom:.4f};width:{A4_CSS_W}px;min-height:1123px;background:{bg}'>{body}</div>"
    return page(inner, width, a4_height(width), bg=bg), fields
