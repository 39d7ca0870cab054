"""Synthetic people for the beian sample data.

Everything here is invented: names are random combinations of common surnames and
given-name characters, ID numbers are computed from real county-level division codes
(config/divisions.tsv) plus a random birth date and sequence, phone numbers use the
reserved-looking 1380000xxxx style.  No real person is described.

Deterministic: every function takes an explicit random.Random (or seed) so that the
generator produces byte-identical output on every run.

Run this file directly to execute the self-checks.
"""

import datetime
import os
import random

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DIVISIONS_TSV = os.path.join(REPO, "config", "divisions.tsv")

# ---------------------------------------------------------------------------
# ID numbers (GB 11643-1999)

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"


def check_char(first17):
    """ISO 7064 MOD 11-2 check character for the first 17 digits."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError("need 17 digits: %r" % (first17,))
    s = sum(int(c) * w for c, w in zip(first17, WEIGHTS))
    return CHECK_CHARS[s % 11]


def is_valid_id18(number):
    return (len(number) == 18 and number[:17].isdigit()
            and check_char(number[:17]) == number[17].upper())


def make_id18(division, birth, seq):
    """division: 6-digit str, birth: datetime.date, seq: int 0..999."""
    first17 = "%s%s%03d" % (division, birth.strftime("%Y%m%d"), seq)
    return first17 + check_char(first17)


def id18_to_id15(number):
    """Legacy 15-digit form: address + YYMMDD + sequence (only for 19xx births)."""
    assert number[6:8] == "19", number
    return number[:6] + number[8:17]


def id15_to_id18(number):
    first17 = number[:6] + "19" + number[6:15]
    return first17 + check_char(first17)


def _self_check():
    for v in ("11010519491231002X", "440524188001010014", "34052419800101001X"):
        assert check_char(v[:17]) == v[17], v
        assert is_valid_id18(v), v
    assert not is_valid_id18("110105194912310021")
    assert id15_to_id18(id18_to_id15("34052419800101001X")) == "34052419800101001X"


_self_check()

# ---------------------------------------------------------------------------
# Division codes


class Division:
    __slots__ = ("code", "province", "city", "county")

    def __init__(self, code, province, city, county):
        self.code, self.province, self.city, self.county = code, province, city, county

    @property
    def full_name(self):
        city = self.city
        if city in ("", "自治区直辖县级行政区划", "省直辖县级行政区划", "县"):
            city = ""
        return self.province + city + self.county

    @property
    def police_authority(self):
        """签发机关 as printed on the 国徽面."""
        if self.county.endswith("区"):
            top = self.city if self.city and "直辖" not in self.city else self.province
            return "%s公安局%s分局" % (top, self.county[:-1])
        return "%s公安局" % self.county


def load_divisions(path=DIVISIONS_TSV):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            while len(parts) < 4:
                parts.append("")
            rows.append(Division(*parts[:4]))
    return rows


DIVISIONS = load_divisions()
DIVISION_BY_CODE = {d.code: d for d in DIVISIONS}
COUNTIES = [d for d in DIVISIONS if not d.code.endswith("00") and d.county
            and not any(w in d.county for w in ("开发区", "园区", "新区", "管理区", "示范区", "试验区", "工业区"))
            and len(d.full_name) <= 14]
CITIES = [d for d in DIVISIONS if d.code.endswith("00") and not d.code.endswith("0000")]


def treatment_places():
    """就医地 candidates (省 市) outside Sichuan: prefecture-level rows + municipalities."""
    out = []
    for d in CITIES:
        if d.code.startswith("51") or "直辖" in d.city:
            continue
        if d.city:
            out.append(d.province + d.city)
        elif d.code[2:4] == "01":           # 北京市/天津市/上海市/重庆市 city row
            out.append(d.province)
    return sorted(set(out))


TREATMENT_PLACES = treatment_places()

# ---------------------------------------------------------------------------
# Names

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
            "蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹"
            "薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN_MALE = "伟强磊军勇杰涛明超刚平辉鹏华飞斌宇浩凯健俊帆帅旭宁龙林海波峰建国志忠文德福贵成"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞燕玲桂英萍红梅琳雪慧莉倩婷颖琴兰凤洁云秀佳玉珍蓉"
MINORITY_FIRST = ("艾尔肯", "阿依努尔", "古丽米拉", "吐尔洪", "帕提曼", "努尔兰", "热娜古", "阿布力米")
MINORITY_SECOND = ("买买江", "吐逊别克", "热合曼江", "依明尼亚", "卡德尔别", "沙吾提汗")
MINORITY_FEMALE_FIRST = {"阿依努尔", "古丽米拉", "帕提曼", "热娜古"}
OTHER_ETHNICITIES = ("回", "满", "壮", "彝", "藏", "土家", "苗")

# Name characters that are in GBK but not in GB2312 (for charset variants).
GBK_ONLY_GIVEN = "镕喆堃珺"

TOWN_PARTS = ("红星", "新华", "建设", "胜利", "东风", "光明", "团结", "和平", "太平", "永安",
              "长乐", "兴隆", "青龙", "白马", "石桥", "柳林", "南湖", "北山")
ROAD_PARTS = ("人民", "解放", "文化", "滨江", "朝阳", "迎宾", "中山", "幸福", "育才", "花园")

FILING_TYPES = ("异地安置退休人员", "异地长期居住人员", "常驻异地工作人员",
                "异地转诊人员", "异地急诊抢救人员", "其他临时外出就医人员")
LONG_TERM_TYPES = FILING_TYPES[:3]
# Proof document per 备案类型 (None = no proof needed).
PROOF_FOR_TYPE = {
    "异地安置退休人员": "户口簿",
    "异地长期居住人员": "居住证",
    "常驻异地工作人员": "派出证明",
    "异地转诊人员": "转诊证明",
    "异地急诊抢救人员": None,
    "其他临时外出就医人员": None,
}
INSURED_PLACE = "四川省德阳市什邡市"
HOSPITAL_SUFFIXES = ("人民医院", "第一人民医院", "中心医院", "中医医院")


def _date(y, m, d):
    return datetime.date(y, m, d)


def _random_date(rng, start, end):
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


def add_years(d, years):
    try:
        return d.replace(year=d.year + years)
    except ValueError:                      # 29 Feb
        return d.replace(year=d.year + years, day=28)


def age_on(birth, day):
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def validity_years(age_at_issue):
    """None = 长期."""
    if age_at_issue < 16:
        return 5
    if age_at_issue <= 25:
        return 10
    if age_at_issue <= 45:
        return 20
    return None


def pick_validity(rng, birth, as_of, expired=False):
    """Return (valid_from, valid_to or None for 长期) that is valid (or expired) on as_of."""
    for _ in range(1000):
        start = _random_date(rng, max(_date(2004, 1, 1), add_years(birth, 1)), as_of - datetime.timedelta(days=30))
        years = validity_years(age_on(birth, start))
        end = None if years is None else add_years(start, years)
        if expired:
            if end is not None and end < as_of:
                return start, end
        elif end is None or end > as_of:
            return start, end
    raise RuntimeError("no validity found")


def fmt_date(d):
    return d.strftime("%Y-%m-%d")


def wrap_address(addr, width=11):
    """Card-style address lines; never breaks inside a number or before its unit (50号, 4组)."""
    lines = []
    while len(addr) > width:
        cut = width
        while cut > width // 2 and (addr[cut].isdigit() or addr[cut] in "号组栋单元室") and \
                (addr[cut - 1].isdigit() or addr[cut] in "号组栋单元室"):
            cut -= 1
        lines.append(addr[:cut])
        addr = addr[cut:]
    if addr:
        lines.append(addr)
    return lines


class Person:
    """Ground truth for one synthetic citizen (what the documents show)."""

    def __init__(self, **kw):
        self.__dict__.update(kw)

    @property
    def division(self):
        return DIVISION_BY_CODE.get(self.id_number[:6])

    @property
    def is_male(self):
        return self.sex == "男"

    @property
    def id15(self):
        return id18_to_id15(self.id_number)

    def truth(self):
        """The dict written to the expected files ("person")."""
        return {
            "name": self.name,
            "sex": self.sex,
            "ethnicity": self.ethnicity,
            "birth": fmt_date(self.birth),
            "address": self.address,
            "id_number": self.id_number,
            "authority": self.authority,
            "valid_from": fmt_date(self.valid_from),
            "valid_to": "长期" if self.valid_to is None else fmt_date(self.valid_to),
            "filing_type": self.filing_type,
            "treatment_place": self.treatment_place,
            "hospital": self.hospital,
            "phone": self.phone,
            "start_date": fmt_date(self.start_date),
            "end_date": None if self.end_date is None else fmt_date(self.end_date),
            "insured_place": self.insured_place,
            "insurance": self.insurance,
            "employer": self.employer,
        }


def make_person(seed, *, minority=False, sex=None, birth_range=(1940, 2005), division=None,
                division_filter=None, want_check=None, filing_type=None, as_of=_date(2026, 1, 5),
                expired_card=False, given_gbk_only=False, ethnicity=None):
    """Make one deterministic synthetic person.

    seed: any str; the same seed gives the same person.
    want_check: allowed ID check chars (e.g. "X", or "0123456789"), reached by choosing the sequence.
    division: a 6-digit code to use even if it is not in divisions.tsv (historical codes);
              the address then uses division_name (province, city, county) from the caller
              via division_filter=None and the fixed name below.
    """
    rng = random.Random("beian-person:" + seed)
    if sex is None:
        sex = rng.choice("男女")
    male = sex == "男"

    if minority:
        if male:
            first = rng.choice([n for n in MINORITY_FIRST if n not in MINORITY_FEMALE_FIRST])
        else:
            first = rng.choice(sorted(MINORITY_FEMALE_FIRST))
        name = first + "\u00b7" + rng.choice(MINORITY_SECOND)
        eth = ethnicity or "维吾尔"
    else:
        pool = GIVEN_MALE if male else GIVEN_FEMALE
        given = rng.choice(pool)
        if rng.random() < 0.7:
            given += rng.choice([c for c in pool if c != given])
        if given_gbk_only:
            given = given[0] + rng.choice(GBK_ONLY_GIVEN)
        name = rng.choice(SURNAMES) + given
        eth = ethnicity or ("汉" if rng.random() < 0.85 else rng.choice(OTHER_ETHNICITIES))

    birth = _random_date(rng, _date(birth_range[0], 1, 1), _date(birth_range[1], 12, 31))

    if division is not None:
        div = DIVISION_BY_CODE.get(division) or HISTORICAL_DIVISIONS[division]
    else:
        if division_filter is None:
            # Half of the citizens come from Sichuan (the sample mailbox is 什邡's).
            local = rng.random() < 0.5
            division_filter = (lambda d: d.code.startswith("51")) if local else (lambda d: True)
        cands = [d for d in COUNTIES if division_filter(d)]
        div = rng.choice(cands)

    # Sequence: last digit parity = sex (odd = male).
    seqs = [s for s in range(1, 1000) if (s % 2 == 1) == male]
    rng.shuffle(seqs)
    for seq in seqs:
        number = make_id18(div.code, birth, seq)
        if want_check is None or number[17] in want_check:
            break
    else:
        raise RuntimeError("no sequence gives check %r" % want_check)

    if rng.random() < 0.5:
        addr = "%s%s镇%s村%d组%d号" % (div.full_name, rng.choice(TOWN_PARTS), rng.choice(TOWN_PARTS),
                                     rng.randint(1, 12), rng.randint(1, 99))
    else:
        addr = "%s%s路%d号%d栋%d单元%d号" % (div.full_name, rng.choice(ROAD_PARTS), rng.randint(1, 300),
                                       rng.randint(1, 20), rng.randint(1, 4), rng.randint(101, 2402))

    valid_from, valid_to = pick_validity(rng, birth, as_of, expired=expired_card)
    ftype = filing_type or rng.choice(FILING_TYPES)
    place = rng.choice(TREATMENT_PLACES)
    start = _random_date(rng, _date(2025, 11, 1), _date(2026, 2, 28))
    end = None
    if ftype not in LONG_TERM_TYPES:
        end = start + datetime.timedelta(days=rng.choice((183, 184, 365)))
    hospital = ""
    if ftype == "异地转诊人员":
        hospital = place.split("省")[-1].split("自治区")[-1] + rng.choice(HOSPITAL_SUFFIXES)
    age_now = age_on(birth, as_of)
    insurance = "职工基本医疗保险" if (age_now >= 18 and rng.random() < 0.6) else "城乡居民基本医疗保险"
    employer = ""
    if insurance == "职工基本医疗保险":
        employer = "什邡市%s%s有限公司" % (rng.choice(TOWN_PARTS), rng.choice(("机械", "食品", "建材", "物流", "化工")))
    phone = "1%s0000%04d" % (rng.choice(("38", "39", "50", "58", "87")), rng.randrange(10000))

    return Person(name=name, sex=sex, ethnicity=eth, birth=birth, address=addr, id_number=number,
                  authority=div.police_authority, valid_from=valid_from, valid_to=valid_to,
                  filing_type=ftype, treatment_place=place, hospital=hospital, phone=phone,
                  start_date=start, end_date=end, insured_place=INSURED_PLACE, insurance=insurance,
                  employer=employer, seed=seed)


# Abolished codes that old ID numbers still carry (historical codes stay valid for life).
# 510622 was 绵竹县 before it became 绵竹市 (510683); it is not in divisions.tsv.
HISTORICAL_DIVISIONS = {
    "510622": Division("510622", "四川省", "德阳市", "绵竹县"),
}


if __name__ == "__main__":
    _self_check()
    for i in range(5):
        p = make_person("demo-%d" % i)
        print(p.name, p.sex, p.ethnicity, p.id_number, p.address, p.authority, p.valid_from, p.valid_to)
    p = make_person("demo-m", minority=True, division_filter=lambda d: d.code.startswith("65"))
    print(p.name, p.id_number, p.address)
    print("self-check ok;", len(COUNTIES), "counties,", len(TREATMENT_PLACES), "treatment places")
