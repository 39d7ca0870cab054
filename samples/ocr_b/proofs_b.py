"""Supporting documents and unrelated pages for OCR set B (truth: kind only, fields {}).

  hukou             常住人口登记卡 (户口簿 inner page) with a 户口专用章
  residence_permit  居住证 (card) or 居住证明 (letter from a 社区居民委员会)
  referral          转诊转院证明 / 跨省异地转诊证明 from a hospital
  commitment        个人承诺书 (跨省异地就医), signed, sometimes with a red fingerprint
  employment        派出证明 / 单位证明 / 劳动合同书 first page
  other             a shop receipt, a landscape photo, a blank page, a bank-card-like object

proof_html(rng, kind, person, width) -> (html, width, height, shape) where shape tells the
photo step how to treat it: "a4", "card", "receipt" or "scene".
"""

import datetime

from cards_b import CARD_H, CARD_W
from htmlkit_b import (FRONT_PALETTES, PRINT_FONTS, esc, font_css, guilloche_svg, hand_text, page,
                       portrait_svg, seal_svg, signature)
from people_b import YEAR

DIAGNOSES = ["冠状动脉粥样硬化性心脏病", "2型糖尿病伴多个并发症", "慢性肾脏病5期", "右肺上叶恶性肿瘤",
             "脑梗死恢复期", "乳腺恶性肿瘤术后", "慢性阻塞性肺疾病急性加重", "急性白血病",
             "肝硬化失代偿期", "腰椎间盘突出症", "先天性心脏病", "帕金森病"]


def _a4(width, body, rng, size=17):
    zoom = width / 794
    font = rng.choice(PRINT_FONTS)
    inner = (f"<div style='zoom:{zoom:.4f};width:794px;height:1123px;padding:{rng.randint(70, 100)}px "
             f"{rng.randint(70, 95)}px;{font_css(font)}font-size:{size:.1f}px;color:#151515;"
             f"line-height:1.9'>{body}</div>")
    return page(inner, width, round(width * 297 / 210), bg=rng.choice(["#fff", "#fcfcfa", "#faf9f5"]))


def _cn_date(iso):
    y, m, d = iso.split("-")
    return f"{y}年{int(m)}月{int(d)}日"


def _past(rng, years_back=8):
    d = datetime.date(YEAR, 1, 1) - datetime.timedelta(days=rng.randint(60, 365 * years_back))
    return d.isoformat()


def hukou(rng, p, width):
    height = round(width * 1.36)
    zoom = width / 760
    font = rng.choice(PRINT_FONTS)
    ink = rng.choice(["#111", "#1d1d3a", "#202020"])
    v = lambda t: f"<span style='color:{ink}'>{esc(t)}</span>"  # noqa: E731
    rel = rng.choice(["户主", "子", "女", "妻", "夫", "母", "父", "孙子"])
    birth_place = p["birthplace"]
    cells = [
        ("姓名", p["name"], "户主或与户主关系", rel),
        ("曾用名", "", "性别", p["sex"]),
        ("出生地", birth_place, "民族", p["ethnicity"] + "族"),
        ("籍贯", birth_place, "出生日期", _cn_date(p["birth"])),
        ("本市（县）其他住址", "", "宗教信仰", ""),
        ("公民身份证件编号", p["id_number"], "身高", f"{rng.randint(150, 185)}cm"),
        ("文化程度", rng.choice(["初中", "高中", "大学本科", "小学", "中专"]) if int(p["birth"][:4]) < YEAR - 18
         else "小学", "婚姻状况",
         rng.choice(["已婚", "未婚", "丧偶"]) if int(p["birth"][:4]) < YEAR - 22 else "未婚"),
        ("服务处所", "", "职业", rng.choice(["", "农民", "退休", "职员", "个体"])),
        ("何时由何地迁来本市（县）", "", "", ""),
        ("何时由何地迁来本址", "", "", ""),
    ]
    rows = "".join(
        f"<tr><td class='l'>{a}</td><td>{v(b)}</td><td class='l'>{c}</td><td>{v(d)}</td></tr>"
        if c else f"<tr><td class='l'>{a}</td><td colspan='3'>{v(b)}</td></tr>" for a, b, c, d in cells)
    seal = seal_svg(rng, 150, p["authority"] + rng.choice(["城关派出所", "城南派出所", "新华派出所", "东街派出所"]),
                    "户口专用章")
    body = (f"<div style='zoom:{zoom:.4f};width:760px;height:{height / zoom:.0f}px;padding:50px 46px;"
            f"{font_css(font)}font-size:17px;color:#333;background:{rng.choice(['#f7f1e3', '#f4efe4', '#fbf7ee'])}'>"
            f"<div style='text-align:center;font-size:30px;letter-spacing:8px;margin-bottom:16px'>常住人口登记卡</div>"
            f"<style>td{{border:1px solid #8a6d4d;padding:9px 6px;height:52px}} .l{{width:19%;text-align:center;"
            f"font-size:15px;color:#6b4a2b}}</style>"
            f"<table style='width:100%;border-collapse:collapse'>{rows}</table>"
            f"<div style='position:relative;margin-top:22px'>承办人签章：{hand_text(rng, rng.choice(['李', '王', '张', '陈']) + rng.choice(['明', '华', '军']), 20)}"
            f"&emsp;&emsp;登记日期：{_cn_date(_past(rng, 25))}"
            f"<div style='position:absolute;right:30px;top:-90px'>{seal}</div></div></div>")
    return page(body, width, height), width, height, "a4"


def residence_permit(rng, p, width):
    if rng.random() < 0.5:
        # 居住证 card
        w = width
        h = round(w * CARD_H / CARD_W)
        s = w / CARD_W
        prov = p["treatment_province"]
        f = rng.choice(PRINT_FONTS)
        bg = guilloche_svg(rng, w, h, rng.choice(FRONT_PALETTES), opacity=0.4)
        rows = [("姓名", p["name"]), ("性别", p["sex"]), ("公民身份号码", p["id_number"]),
                ("居住地址", p["contact_address"]), ("签发机关", p["treatment_city"] + "公安局"),
                ("有效期限", f"{_past(rng, 1).replace('-', '.')}-{YEAR + 1}{_past(rng, 1)[4:].replace('-', '.')}")]
        lines = "".join(
            f"<div style='margin:{10 * s:.1f}px 0;display:flex;width:{560 * s:.1f}px'><span style='color:#2b5f95;"
            f"flex:none;width:{150 * s:.1f}px'>{a}</span><span>{esc(b)}</span></div>"
            for a, b in rows)
        body = (f"<div style='position:relative;width:{w}px;height:{h}px;overflow:hidden;{font_css(f)}"
                f"font-size:{24 * s:.1f}px'>{bg}<div style='position:absolute;left:{50 * s:.1f}px;top:{30 * s:.1f}px;"
                f"font-size:{44 * s:.1f}px;letter-spacing:{8 * s:.1f}px;color:#123'>{esc(prov)}居住证</div>"
                f"<div style='position:absolute;left:{50 * s:.1f}px;top:{110 * s:.1f}px'>{lines}</div>"
                f"<div style='position:absolute;right:{40 * s:.1f}px;top:{100 * s:.1f}px'>"
                f"{portrait_svg(rng, 200 * s, 260 * s)}</div></div>")
        return page(body, w, h), w, h, "card"
    since = _past(rng, 6)
    comm = rng.choice(["幸福", "和平", "光明", "锦华", "东风", "南湖", "新村", "桂花"]) + "社区居民委员会"
    body = (f"<div style='text-align:center;font-size:34px;letter-spacing:10px;margin:40px 0 50px'>"
            f"{rng.choice(['居住证明', '居住证明', '居住情况证明'])}</div>"
            f"<p style='text-indent:2em'>兹证明{esc(p['name'])}（性别：{p['sex']}，公民身份号码：{p['id_number']}），"
            f"自{_cn_date(since)}起居住在{esc(p['contact_address'])}，至今已连续居住"
            f"{max(1, YEAR - int(since[:4]))}年以上，情况属实。</p>"
            f"<p style='text-indent:2em'>特此证明。</p>"
            f"<div style='margin-top:120px;text-align:right;position:relative'>{esc(comm)}（盖章）<br>"
            f"{_cn_date(p['apply_date'])}<div style='position:absolute;right:40px;top:-60px'>"
            f"{seal_svg(rng, 160, p['treatment_city'] + comm)}</div></div>"
            f"<div style='margin-top:60px;font-size:14px;color:#444'>联系人：{hand_text(rng, '刘' + rng.choice('芳洁敏'), 18)}"
            f"&emsp;联系电话：0{rng.randint(10, 99)}-{rng.randint(2000000, 8999999)}</div>")
    return _a4(width, body, rng), width, round(width * 297 / 210), "a4"


def referral(rng, p, width):
    hosp = p["home_hospital"]
    dx = rng.choice(DIAGNOSES)
    title = rng.choice(["转诊转院证明", "跨省异地转诊证明", "转诊转院申请表", "参保人员转外就医证明"])
    age = YEAR - int(p["birth"][:4])
    rows = [("患者姓名", p["name"]), ("性别", p["sex"]), ("年龄", f"{age}岁"), ("身份证号", p["id_number"]),
            ("参保地", p["insured_place"]), ("临床诊断", dx),
            ("转诊原因", rng.choice(["病情复杂，本院诊疗条件有限，建议转上级医院进一步诊治。",
                                   "需行进一步检查及专科治疗，本院不具备条件。",
                                   "经科室讨论，建议转外地三级医院治疗。"])),
            ("转往医院", p["hospital"]), ("转往地区", p["treatment_place"])]
    tbl = "".join(f"<tr><td style='border:1px solid #000;padding:10px;width:22%'>{a}</td>"
                  f"<td style='border:1px solid #000;padding:10px'>{hand_text(rng, b, 18) if rng.random() < 0.3 else esc(b)}</td></tr>"
                  for a, b in rows)
    doc = rng.choice(["王", "赵", "孙", "周"]) + rng.choice(["建国", "丽", "志强", "敏"])
    body = (f"<div style='text-align:center;font-size:22px'>{esc(hosp)}</div>"
            f"<div style='text-align:center;font-size:30px;margin:10px 0 30px;letter-spacing:4px'>{title}</div>"
            f"<table style='width:100%;border-collapse:collapse'>{tbl}</table>"
            f"<div style='margin-top:30px'>科室意见：同意转诊。</div>"
            f"<div style='margin-top:20px'>经治医师签字：{signature(rng, doc, 30)}&emsp;&emsp;科主任签字：</div>"
            f"<div style='margin-top:60px;text-align:right;position:relative'>（医院盖章）<br>{_cn_date(p['apply_date'])}"
            f"<div style='position:absolute;right:60px;top:-70px'>{seal_svg(rng, 150, hosp, '医务科')}</div></div>")
    return _a4(width, body, rng), width, round(width * 297 / 210), "a4"


def commitment(rng, p, width):
    title = rng.choice(["个人承诺书", "跨省异地就医个人承诺书", "异地就医备案个人承诺书", "承诺书"])
    paras = [
        f"本人{esc(p['name'])}，公民身份号码{p['id_number']}，参保地为{esc(p['insured_place'])}，"
        f"因{esc(p['filing_type'].replace('人员', ''))}需要，申请办理跨省异地就医备案，就医地为{esc(p['treatment_place'])}。",
        "本人承诺：所提供的个人信息和证明材料真实、准确、完整；如因提供虚假材料或隐瞒真实情况造成医保基金损失的，"
        "本人愿意退还相关费用，并承担相应的法律责任。",
        "本人已知晓备案有效期内在就医地发生的医疗费用按规定直接结算，备案信息变更时及时办理变更手续。",
    ]
    body = (f"<div style='text-align:center;font-size:32px;letter-spacing:6px;margin:30px 0 40px'>{title}</div>"
            + "".join(f"<p style='text-indent:2em;margin:14px 0'>{t}</p>" for t in paras) +
            f"<div style='margin-top:90px;margin-left:45%;position:relative'>承诺人（签字）：{signature(rng, p['name'], 34)}"
            f"<br>联系电话：{p['phone']}<br>日期：{_cn_date(p['apply_date'])}"
            + (f"<div style='position:absolute;left:60%;top:-10px;width:46px;height:58px;border-radius:45%;"
               f"background:radial-gradient(ellipse,#c0282d 0,#d8434a 55%,transparent 72%);opacity:0.6;"
               f"transform:rotate({rng.uniform(-30, 30):.0f}deg)'></div>" if rng.random() < 0.4 else "")
            + "</div>")
    return _a4(width, body, rng), width, round(width * 297 / 210), "a4"


def employment(rng, p, width):
    emp = p["employer"]
    r = rng.random()
    if r < 0.6:
        title = rng.choice(["派出证明", "单位证明", "工作证明", "常驻异地工作证明"])
        since = _past(rng, 5)
        body = (f"<div style='text-align:center;font-size:34px;letter-spacing:10px;margin:40px 0 50px'>{title}</div>"
                f"<p style='text-indent:2em'>兹有我单位职工{esc(p['name'])}（公民身份号码：{p['id_number']}），"
                f"自{_cn_date(since)}起由单位派驻{esc(p['treatment_place'])}工作，预计派驻时间"
                f"{rng.randint(2, 5)}年，现常驻{esc(p['treatment_place'])}。</p>"
                f"<p style='text-indent:2em'>特此证明。</p>"
                f"<div style='margin-top:130px;text-align:right;position:relative'>{esc(emp)}（盖章）<br>"
                f"{_cn_date(p['apply_date'])}<div style='position:absolute;right:50px;top:-70px'>"
                f"{seal_svg(rng, 165, emp)}</div></div>")
        return _a4(width, body, rng), width, round(width * 297 / 210), "a4"
    # 劳动合同书 cover / first page
    no = f"{YEAR - rng.randint(0, 4)}{rng.randint(100000, 999999)}"
    body = (f"<div style='text-align:right;font-size:15px'>合同编号：{no}</div>"
            f"<div style='text-align:center;font-size:46px;letter-spacing:16px;margin:120px 0 140px'>劳动合同书</div>"
            f"<div style='margin-left:18%;font-size:20px;line-height:3'>"
            f"甲方（用人单位）：<u>&nbsp;{esc(emp)}&nbsp;</u><br>"
            f"乙方（劳动者）：<u>&nbsp;{esc(p['name'])}&nbsp;</u><br>"
            f"签订日期：<u>&nbsp;{_cn_date(_past(rng, 4))}&nbsp;</u></div>"
            f"<div style='text-align:center;margin-top:160px;font-size:17px'>"
            f"{esc(p['treatment_city'])}人力资源和社会保障局监制</div>")
    return _a4(width, body, rng), width, round(width * 297 / 210), "a4"


# ---------------------------------------------------------------------------
# "other" pages

def receipt(rng, p, width):
    w = width
    zoom = w / 380
    items = rng.sample([("矿泉水550ml", 2.0), ("鲜牛奶", 6.5), ("面包", 8.8), ("大米5kg", 39.9),
                        ("苹果", 12.36), ("卫生纸", 24.9), ("酱油", 9.9), ("鸡蛋", 15.6), ("洗衣液", 32.0),
                        ("方便面", 4.5), ("毛巾", 19.9)], rng.randint(4, 8))
    total = sum(x for _, x in items)
    lines = "".join(f"<div style='display:flex;justify-content:space-between'><span>{esc(n)}</span>"
                    f"<span>{x:.2f}</span></div>" for n, x in items)
    shop = rng.choice(["惠民", "佳佳", "万家福", "好又多", "便民"]) + rng.choice(["超市", "便利店", "购物中心"])
    body = (f"<div style='zoom:{zoom:.4f};width:380px;padding:24px 22px;font-family:\"Noto Sans Mono CJK SC\","
            f"monospace;font-size:15px;line-height:1.6;color:#222'>"
            f"<div style='text-align:center;font-size:20px'>{shop}</div>"
            f"<div style='text-align:center'>购物小票</div><div>机号:{rng.randint(1, 9):02d} 单号:{rng.randint(100000, 999999)}</div>"
            f"<div>{_past(rng, 1)} {rng.randint(8, 21):02d}:{rng.randint(0, 59):02d}</div>"
            f"<div>------------------------------</div>{lines}<div>------------------------------</div>"
            f"<div style='display:flex;justify-content:space-between'><b>合计</b><b>{total:.2f}</b></div>"
            f"<div>微信支付 {total:.2f}</div><div style='margin-top:14px;text-align:center'>谢谢惠顾 欢迎再来</div></div>")
    h = round(zoom * (330 + 25 * len(items)))
    return page(body, w, h, bg="#fbfbf8"), w, h, "receipt"


def landscape(rng, p, width):
    w, h = width, round(width * rng.choice([0.75, 0.5625]))
    sky1, sky2 = rng.choice([("#5d8fd6", "#cfe3f7"), ("#f3a25c", "#fde6c4"), ("#6fa3c8", "#e8f1f5")])
    layers = []
    for k in range(3):
        base = h * (0.5 + 0.12 * k)
        pts = [f"0,{h}"]
        x = 0
        while x <= w:
            pts.append(f"{x},{base - rng.uniform(0, h * 0.18):.0f}")
            x += w // rng.randint(5, 10)
        pts.append(f"{w},{h}")
        col = ["#7c93a8", "#5b7b5f", "#3f5f3a"][k]
        layers.append(f"<polygon points='{' '.join(pts)}' fill='{col}'/>")
    sun = (f"<circle cx='{rng.uniform(0.1, 0.9) * w:.0f}' cy='{h * 0.22:.0f}' r='{h * 0.06:.0f}' "
           f"fill='#fff6d5' opacity='0.9'/>") if rng.random() < 0.6 else ""
    svg = (f"<svg width='{w}' height='{h}'><defs><linearGradient id='s' x1='0' y1='0' x2='0' y2='1'>"
           f"<stop offset='0' stop-color='{sky1}'/><stop offset='1' stop-color='{sky2}'/></linearGradient>"
           f"<filter id='t'><feTurbulence baseFrequency='0.02' numOctaves='2'/><feColorMatrix values='0 0 0 0 1 "
           f"0 0 0 0 1 0 0 0 0 1 0 0 0 0.25 0'/><feComposite in2='SourceGraphic' operator='in'/></filter></defs>"
           f"<rect width='{w}' height='{h}' fill='url(#s)'/>{sun}{''.join(layers)}"
           f"<rect width='{w}' height='{h * 0.5:.0f}' fill='white' filter='url(#t)' opacity='0.5'/></svg>")
    return page(svg, w, h), w, h, "scene"


def blank(rng, p, width):
    h = round(width * 297 / 210)
    ghost = ""
    if rng.random() < 0.5:  # faint show-through from the back side
        ghost = (f"<div style='transform:scaleX(-1);color:#000;opacity:0.05;font-size:{width / 30:.0f}px;"
                 f"padding:12% 10%;line-height:2'>" + "本人承诺所填信息真实有效。" * 12 + "</div>")
    return page(ghost, width, h, bg=rng.choice(["#fff", "#fbfbf7", "#f7f6f1"])), width, h, "a4"


def bankcard(rng, p, width):
    w = width
    h = round(w * CARD_H / CARD_W)
    s = w / CARD_W
    c1, c2 = rng.choice([("#0d4c8b", "#3b8ed8"), ("#8b1d1d", "#d85050"), ("#1d6b4a", "#49b58a"),
                         ("#3a3a3a", "#8a8a8a"), ("#b8860b", "#f0d070")])
    num = "62" + "".join(str(rng.randint(0, 9)) for _ in range(17))
    grouped = " ".join(num[i:i + 4] for i in range(0, len(num), 4))
    body = (f"<div style='width:{w}px;height:{h}px;background:linear-gradient({rng.randint(0, 180)}deg,{c1},{c2});"
            f"position:relative;font-family:\"Liberation Sans\",sans-serif;color:#fff'>"
            f"<div style='position:absolute;left:{50 * s:.0f}px;top:{40 * s:.0f}px;font-size:{40 * s:.0f}px;"
            f"{font_css(PRINT_FONTS[0])}'>{rng.choice(['示例银行', '样例商业银行', '演示农村信用社'])}</div>"
            f"<div style='position:absolute;left:{70 * s:.0f}px;top:{170 * s:.0f}px;width:{110 * s:.0f}px;"
            f"height:{85 * s:.0f}px;border-radius:{10 * s:.0f}px;background:linear-gradient(135deg,#e8d28a,#b89a4a)'></div>"
            f"<div style='position:absolute;left:{60 * s:.0f}px;top:{320 * s:.0f}px;font-size:{36 * s:.0f}px;"
            f"white-space:nowrap;font-family:\"OCR B\",monospace;letter-spacing:{2 * s:.0f}px;text-shadow:1px 1px 1px #0006'>{grouped}</div>"
            f"<div style='position:absolute;right:{50 * s:.0f}px;bottom:{40 * s:.0f}px;font-size:{30 * s:.0f}px'>"
            f"DEBIT 借记卡</div></div>")
    return page(body, w, h), w, h, "card"


PROOFS = {"hukou": hukou, "residence_permit": residence_permit, "referral": referral,
          "commitment": commitment, "employment": employment}
OTHERS = {"receipt": receipt, "landscape": landscape, "blank": blank, "bankcard": bankcard}


def proof_html(rng, kind, p, width, sub=None):
    if kind == "other":
        return OTHERS[sub or rng.choice(list(OTHERS))](rng, p, width)
    return PROOFS[kind](rng, p, width)
