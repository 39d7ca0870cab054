"""HTML for set C's proof pages: the documents a 备案 asks for beside the
card and the form (户口簿 pages, 居住证 / 居住证明, 转诊证明, 派出证明 /
在职证明 / 劳动合同, 个人承诺书).  Written from the public look of such
documents, several wordings each; nothing here is copied from sets A or B.
Every person is synthetic (people.py)."""
import datetime

import pages
from pages import esc, page_wrap, A4_W, A4_H

SERIF = ["Noto Serif CJK SC", "AR PL UMing CN", "Noto Sans CJK SC", "WenQuanYi Zen Hei"]
HOSPITALS = ["人民医院", "第一人民医院", "中心医院", "中医院", "医科大学附属第一医院"]
COMPANIES = ["宏达建设工程有限公司", "长江物流股份有限公司", "华信科技有限公司",
             "东方电力工程有限公司", "锦程商贸有限公司"]
DIAGNOSES = ["冠状动脉粥样硬化性心脏病", "慢性肾功能不全", "肺部占位性病变",
             "2型糖尿病伴并发症", "腰椎间盘突出症"]
KINDS = ["hukou", "residence_permit", "referral", "employment", "commitment"]


def title(rng, text):
    """A title, sometimes spaced out as offices print them (承 诺 书)."""
    if len(text) <= 5 and rng.random() < 0.5:
        return "&ensp;".join(esc(c) for c in text)
    return esc(text)


def cn_date(d):
    return "%d年%d月%d日" % (d.year, d.month, d.day)


def some_date(rng, y0=2024, y1=2025):
    return datetime.date(rng.randint(y0, y1), rng.randint(1, 12), rng.randint(1, 28))


def css(rng, size=None):
    size = size or rng.uniform(15, 18)
    return ('<style>body{font-family:"%s";color:#111}'
            '.pg{width:%dpx;height:%dpx;background:#fff;padding:%dpx %dpx;position:relative}'
            'h1{text-align:center;font-size:%.0fpx;margin:10px 0 24px 0;letter-spacing:%dpx}'
            'p{font-size:%.1fpx;line-height:%.2f;text-indent:2em;margin:0 0 8px 0}'
            'table{border-collapse:collapse;width:100%%}'
            'td{border:1.2px solid #222;padding:%dpx 6px;font-size:%.1fpx}'
            '.r{text-align:right;text-indent:0}.seal{color:#c22;font-size:14px;'
            'border:3px solid #c22;border-radius:50%%;width:120px;height:120px;display:inline-flex;'
            'align-items:center;justify-content:center;text-align:center;transform:rotate(%ddeg)}'
            '</style>' % (rng.choice(SERIF), A4_W, A4_H, rng.randint(60, 80), rng.randint(60, 80),
                          rng.uniform(24, 30), rng.randint(0, 6), size, rng.uniform(1.7, 2.1),
                          rng.randint(8, 12), size - 1, rng.randint(-15, 15)))


def seal(rng, text):
    return '<span class=seal>%s</span>' % esc(text)


def letter(rng, heading, paragraphs, signer, when):
    body = "".join("<p>%s</p>" % x for x in paragraphs)
    return page_wrap('%s<div class=pg><h1>%s</h1>%s<p style="margin-top:40px" class=r>%s&emsp;%s</p>'
                     '<p class=r>%s</p></div>' % (css(rng), title(rng, heading), body, esc(signer),
                                                  seal(rng, signer[:8]), esc(cn_date(when))),
                     A4_W, A4_H, "#fff")


def table_page(rng, heading, rows, note=""):
    trs = "".join("<tr>%s</tr>" % "".join(
        '<td%s>%s</td>' % (' colspan=%d' % c if c > 1 else "", esc(t) if t else "&nbsp;")
        for t, c in row) for row in rows)
    return page_wrap('%s<div class=pg><h1>%s</h1><table>%s</table><p style="margin-top:14px">%s</p></div>'
                     % (css(rng), title(rng, heading), trs, esc(note)), A4_W, A4_H, "#fff")


def hukou(rng, p):
    y, m, d = p["birth"].split("-")
    if rng.random() < 0.5:  # 常住人口登记卡, the person's own page
        rel = rng.choice(["户主", "之子", "之女", "妻", "夫"])
        rows = [[("姓名", 1), (p["name"], 1), ("户主或与户主关系", 1), (rel, 1)],
                [("曾用名", 1), ("", 1), ("性别", 1), (p["sex"], 1)],
                [("出生地", 1), (p["province"] + p["city"], 1), ("民族", 1), (p["ethnicity"], 1)],
                [("籍贯", 1), (p["province"] + p["city"], 1), ("出生日期", 1),
                 ("%s年%d月%d日" % (y, int(m), int(d)), 1)],
                [("本市（县）其他住址", 1), ("", 3)],
                [("宗教信仰", 1), ("", 1), ("公民身份号码", 1), (p["id_number"], 1)],
                [("身高", 1), ("%dcm" % rng.randint(155, 185), 1), ("血型", 1), (rng.choice("ABO"), 1)],
                [("文化程度", 1), (rng.choice(["大学本科", "高中", "大专"]), 1), ("婚姻状况", 1), ("已婚", 1)],
                [("服务处所", 1), ("", 1), ("职业", 1), ("", 1)],
                [("何时由何地迁来本市（县）", 2), ("", 2)],
                [("何时由何地迁来本址", 2), ("", 2)],
                [("承办人签章", 1), ("", 1), ("登记日期", 1), (cn_date(some_date(rng, 2005, 2020)), 1)]]
        return table_page(rng, "常住人口登记卡", rows)
    rows = [[("户别", 1), (rng.choice(["家庭户", "集体户"]), 1), ("户主姓名", 1), (p["name"], 1)],
            [("户号", 1), ("%09d" % rng.randint(0, 10 ** 9 - 1), 1), ("住址", 1), (p["address"], 1)],
            [("户口专用章", 2), ("承办人签章", 2)],
            [("签发日期", 1), (cn_date(some_date(rng, 2005, 2020)), 3)]]
    return table_page(rng, rng.choice(["居民户口簿", "户口簿"]), rows,
                      "注意事项：本户口簿是确认公民身份、证明公民之间家庭关系的法律文书。")


def residence_permit(rng, p, where):
    since = some_date(rng, 2015, 2022)
    form = rng.choice(["letter", "titled_proof", "card"])
    if form == "card":
        rows = [[("姓名", 1), (p["name"], 1), ("性别", 1), (p["sex"], 1)],
                [("公民身份号码", 1), (p["id_number"], 3)],
                [("居住地址", 1), (where + "幸福路%d号" % rng.randint(1, 300), 3)],
                [("签发机关", 1), (where + "公安局", 3)],
                [("有效期限", 1), ("%s-%s" % (cn_date(since), cn_date(since.replace(year=since.year + 1))), 3)]]
        return table_page(rng, where[:3] + "居住证", rows)
    community = where + rng.choice(["幸福", "光明", "和平", "新华"]) + "社区居民委员会"
    text = ["兹证明%s（%s，公民身份号码：%s）自%s起在本辖区%s幸福路%d号居住至今，已连续居住满六个月。"
            % (p["name"], p["sex"], p["id_number"], cn_date(since), where, rng.randint(1, 300)),
            "特此证明。"]
    return letter(rng, "居住证明" if form == "letter" else "证明", text, community, some_date(rng))


def referral(rng, p, where):
    hospital = p["province"] + p["city"] + rng.choice(HOSPITALS)
    target = where + rng.choice(HOSPITALS)
    age = 2025 - int(p["birth"][:4])
    if rng.random() < 0.5:
        rows = [[("患者姓名", 1), (p["name"], 1), ("性别", 1), (p["sex"], 1), ("年龄", 1), (str(age), 1)],
                [("身份证号", 1), (p["id_number"], 5)],
                [("临床诊断", 1), (rng.choice(DIAGNOSES), 5)],
                [("转诊原因", 1), ("本院诊疗条件有限，建议转上级医院进一步诊治", 5)],
                [("转往医院", 1), (target, 5)],
                [("科室意见", 1), ("同意转诊　主治医师：", 5)],
                [("医保办意见", 1), ("同意　（盖章）", 5)]]
        return table_page(rng, hospital + rng.choice(["转诊转院审批表", "转诊证明", "转院证明"]), rows)
    text = ["患者%s，%s，%d岁，身份证号%s，因%s在我院住院治疗。" % (
        p["name"], p["sex"], age, p["id_number"], rng.choice(DIAGNOSES)),
        "因病情需要，我院医疗条件有限，经科室会诊，建议转往%s进一步诊治。" % target,
        "主治医师：&emsp;&emsp;&emsp;科主任："]
    return letter(rng, rng.choice(["转诊证明", "转院证明", "转诊转院证明"]), text, hospital, some_date(rng))


def employment(rng, p, where):
    company = p["province"] + rng.choice(COMPANIES)
    since = some_date(rng, 2018, 2024)
    form = rng.choice(["dispatch", "on_job", "contract"])
    if form == "contract":
        rows = [[("甲方（用人单位）", 1), (company, 3)],
                [("法定代表人", 1), ("", 1), ("注册地址", 1), (where, 1)],
                [("乙方（劳动者）", 1), (p["name"], 1), ("性别", 1), (p["sex"], 1)],
                [("居民身份证号码", 1), (p["id_number"], 3)],
                [("合同期限", 1), ("固定期限：自%s起至%s止" % (cn_date(since), cn_date(since.replace(year=since.year + 3))), 3)],
                [("工作地点", 1), (where, 3)]]
        return table_page(rng, "劳动合同书", rows,
                          "甲乙双方根据《中华人民共和国劳动合同法》，经平等协商一致，自愿签订本合同。")
    if form == "dispatch":
        text = ["兹有我单位职工%s（公民身份号码：%s），自%s起由我单位派驻%s工作，预计派驻期限%d年。"
                % (p["name"], p["id_number"], cn_date(since), where, rng.randint(1, 3)),
                "特此证明。"]
        return letter(rng, rng.choice(["派出证明", "外派工作证明"]), text, company, some_date(rng))
    text = ["兹证明%s，身份证号%s，系我单位正式员工，自%s入职，现在我单位驻%s分支机构工作。"
            % (p["name"], p["id_number"], cn_date(since), where),
            "特此证明。"]
    return letter(rng, rng.choice(["在职证明", "工作证明", "异地工作证明"]), text, company, some_date(rng))


def commitment(rng, p, where):
    heading = rng.choice(["个人承诺书", "承诺书", "跨省异地就医备案个人承诺书"])
    reason = rng.choice(["异地长期居住", "常驻异地工作", "异地安置退休"])
    text = ["本人%s，公民身份号码%s，参保地%s。现因%s，申请办理跨省异地就医备案，就医地为%s。"
            % (p["name"], p["id_number"], p["region"], reason, where),
            "本人承诺以上所填信息及提供的材料真实有效，如有虚假，愿承担由此产生的一切法律责任。",
            "承诺人（签字）：&emsp;&emsp;&emsp;&emsp;&emsp;"]
    return letter(rng, heading, text, "承诺人：" + p["name"], some_date(rng))


def commitment_untitled(rng, p, where):
    """A 承诺 letter whose title was left off (or cut off by the scan): its
    body names 参保地, 就医地 and 备案 as a 备案表 does."""
    reason = rng.choice(["异地长期居住", "常驻异地工作", "异地安置退休", "异地转诊"])
    text = [rng.choice(["本人%s（公民身份号码%s），参保地%s，", "申请人：%s，身份证号码：%s，参保地区：%s。"])
            % (p["name"], p["id_number"], p["region"]) +
            "因%s需在%s就医，申请办理跨省异地就医备案。" % (reason, where),
            "本人承诺：上述情况属实，所提供材料真实有效；备案期间如情况发生变化，将及时办理变更或取消备案。"
            "如有虚假，本人愿承担相应责任，并退还由此产生的医疗费用。",
            "承诺人（签字）：&emsp;&emsp;&emsp;&emsp;&emsp;"]
    return letter(rng, "", text, "承诺人：" + p["name"], some_date(rng))


def commitment_table(rng, p, where):
    """A 承诺书 printed as a table, with a 备案表's labels (姓名, 身份证号码,
    参保地, 就医地, 签字) and a paragraph of commitment in one cell."""
    heading = rng.choice(["跨省异地就医备案个人承诺书", "个人承诺书", "异地就医备案承诺书"])
    promise = ("本人因%s需在异地就医，现承诺以上信息真实、准确，所提供材料真实有效。"
               "如有虚假，愿承担相应法律责任。" % rng.choice(["长期居住", "工作", "退休安置"]))
    rows = [[("姓名", 1), (p["name"], 1), ("性别", 1), (p["sex"], 1)],
            [(rng.choice(["身份证号码", "公民身份号码"]), 1), (p["id_number"], 3)],
            [(rng.choice(["参保地", "参保地区"]), 1), (p["region"], 3)],
            [(rng.choice(["就医地", "异地就医地"]), 1), (where, 3)],
            [("承诺内容", 1), (promise, 3)],
            [("承诺人（签字）", 1), ("", 1), ("日期", 1), (cn_date(some_date(rng)), 1)]]
    return table_page(rng, heading, rows)


def proof(rng, kind, p, places, variant=""):
    """The HTML of one proof page of `kind` for person `p`, who is treated
    in one of `places` outside their own province. `variant` names another
    way of printing it (commitment: "untitled", "table")."""
    where = rng.choice([t for t in places if not t.startswith(p["province"])])
    if kind == "commitment" and variant:
        return {"untitled": commitment_untitled, "table": commitment_table}[variant](rng, p, where)
    if kind == "hukou":
        return hukou(rng, p)
    return {"residence_permit": residence_permit, "referral": referral,
            "employment": employment, "commitment": commitment}[kind](rng, p, where)
