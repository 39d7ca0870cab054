"""Synthetic people for OCR evaluation set B (held-out; written independently of samples/synth).

Every person here is invented: names are random combinations of common surname and
given-name characters, ID numbers are computed (real county-level division code from
config/divisions.tsv + random birth date + random sequence + GB 11643 MOD 11-2 check
character), addresses are random street/village names under that county, and phone numbers
are random 11-digit mobile-looking strings.  Run this file to print a few people and a
self-check of the ID arithmetic.

Everything takes a `random.Random` so callers control determinism.
"""

import datetime
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
DIVISIONS_TSV = os.path.join(HERE, "..", "..", "config", "divisions.tsv")

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"

# "Today" of the synthetic world: applications are filed during 2026.
YEAR = 2026


def check_char(first17):
    """GB 11643 MOD 11-2 check character for the first 17 digits."""
    total = sum(int(c) * w for c, w in zip(first17, WEIGHTS))
    return CHECK_CHARS[total % 11]


def id_is_valid(idn):
    return (len(idn) == 18 and idn[:17].isdigit() and idn[17] in "0123456789X"
            and check_char(idn[:17]) == idn[17])


def wrong_check(idn):
    """The same number with a different (wrong) check character."""
    good = idn[17]
    for c in "7350X98642":
        if c != good:
            return idn[:17] + c
    raise AssertionError


# ---------------------------------------------------------------------------
# Divisions

class Division:
    __slots__ = ("code", "province", "city", "county")

    def __init__(self, code, province, city, county):
        self.code, self.province, self.city, self.county = code, province, city, county

    @property
    def municipality(self):
        return self.province in ("北京市", "天津市", "上海市", "重庆市")

    def full(self):
        """Province + city + county as written on an address or 参保地."""
        if self.county == self.city:          # 东莞市/中山市/儋州市: no county level
            return self.province + self.city
        return self.province + self.city + self.county

    def authority(self, rng):
        """签发机关 consistent with the code."""
        if self.county.endswith("区"):
            upper = self.city or self.province
            return f"{upper}公安局{self.county}分局"
        return f"{self.county}公安局"


def _clean_city(city):
    return "" if "直辖" in city else city


_BAD_COUNTY = ("管理", "群岛", "委员会", "开发区", "新城", "示范区", "园区", "新区管")


def load_divisions(path=DIVISIONS_TSV):
    counties, cities = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 4:
                continue
            code, prov, city, county = parts[:4]
            if code[:2] in ("81", "82", "83"):
                continue
            city = _clean_city(city)
            if county:
                if county[-1] not in "区县市旗" or any(b in county for b in _BAD_COUNTY):
                    continue
                if len(county) > 9:
                    continue
                counties.append(Division(code, prov, city, county))
            elif city and code.endswith("00") and not code.endswith("0000"):
                cities.append(Division(code, prov, city, ""))
    # municipalities act as their own "city" for 就医地
    for prov, code in (("北京市", "110000"), ("天津市", "120000"),
                       ("上海市", "310000"), ("重庆市", "500000")):
        cities.append(Division(code, prov, "", ""))
    return counties, cities


_DIVS = None


def divisions():
    global _DIVS
    if _DIVS is None:
        _DIVS = load_divisions()
    return _DIVS


# ---------------------------------------------------------------------------
# Names

SURNAMES = [
    ("王", "wang", 30), ("李", "li", 30), ("张", "zhang", 28), ("刘", "liu", 22),
    ("陈", "chen", 20), ("杨", "yang", 14), ("黄", "huang", 10), ("赵", "zhao", 10),
    ("吴", "wu", 9), ("周", "zhou", 9), ("徐", "xu", 7), ("孙", "sun", 7), ("马", "ma", 7),
    ("朱", "zhu", 6), ("胡", "hu", 6), ("郭", "guo", 6), ("何", "he", 5), ("高", "gao", 5),
    ("林", "lin", 5), ("罗", "luo", 5), ("郑", "zheng", 4), ("梁", "liang", 4),
    ("谢", "xie", 4), ("宋", "song", 4), ("唐", "tang", 4), ("许", "xu", 3), ("韩", "han", 3),
    ("冯", "feng", 3), ("邓", "deng", 3), ("曹", "cao", 3), ("彭", "peng", 3),
    ("曾", "zeng", 3), ("肖", "xiao", 3), ("田", "tian", 3), ("董", "dong", 3),
    ("袁", "yuan", 2), ("潘", "pan", 2), ("于", "yu", 2), ("蒋", "jiang", 2), ("蔡", "cai", 2),
    ("余", "yu", 2), ("杜", "du", 2), ("叶", "ye", 2), ("程", "cheng", 2), ("苏", "su", 2),
    ("魏", "wei", 2), ("吕", "lv", 2), ("丁", "ding", 2), ("任", "ren", 2), ("沈", "shen", 2),
    ("姚", "yao", 2), ("卢", "lu", 2), ("姜", "jiang", 2), ("崔", "cui", 2),
    ("钟", "zhong", 2), ("谭", "tan", 2), ("陆", "lu", 2), ("汪", "wang", 2), ("范", "fan", 2),
    ("金", "jin", 2), ("石", "shi", 2), ("廖", "liao", 2), ("贾", "jia", 2), ("夏", "xia", 2),
    ("韦", "wei", 2), ("付", "fu", 2), ("方", "fang", 2), ("白", "bai", 2), ("邹", "zou", 2),
    ("孟", "meng", 1), ("熊", "xiong", 1), ("秦", "qin", 1), ("邱", "qiu", 1),
    ("江", "jiang", 1), ("尹", "yin", 1), ("薛", "xue", 1), ("闫", "yan", 1),
    ("段", "duan", 1), ("雷", "lei", 1), ("侯", "hou", 1), ("龙", "long", 1), ("史", "shi", 1),
    ("陶", "tao", 1), ("黎", "li", 1), ("贺", "he", 1), ("顾", "gu", 1), ("毛", "mao", 1),
    ("郝", "hao", 1), ("龚", "gong", 1), ("邵", "shao", 1), ("万", "wan", 1),
    ("钱", "qian", 1), ("严", "yan", 1), ("覃", "qin", 1), ("武", "wu", 1), ("戴", "dai", 1),
    ("莫", "mo", 1), ("孔", "kong", 1), ("向", "xiang", 1), ("汤", "tang", 1),
    ("欧阳", "ouyang", 0.6), ("司马", "sima", 0.2), ("上官", "shangguan", 0.2),
    ("诸葛", "zhuge", 0.2), ("东方", "dongfang", 0.2),
]

_M = ("伟 wei,强 qiang,磊 lei,军 jun,洋 yang,勇 yong,杰 jie,涛 tao,明 ming,超 chao,刚 gang,"
      "平 ping,建 jian,国 guo,文 wen,志 zhi,海 hai,波 bo,辉 hui,鹏 peng,宇 yu,浩 hao,凯 kai,"
      "俊 jun,峰 feng,轩 xuan,睿 rui,博 bo,德 de,成 cheng,福 fu,荣 rong,生 sheng,贵 gui,"
      "祥 xiang,松 song,宏 hong,亮 liang,斌 bin,永 yong,忠 zhong,彬 bin,昊 hao,泽 ze,天 tian,"
      "恒 heng,铭 ming,远 yuan,航 hang,振 zhen,立 li,兴 xing,仁 ren,东 dong,元 yuan,"
      "军 jun,力 li,武 wu,龙 long,金 jin,山 shan,江 jiang,峻 jun,晖 hui,毅 yi")
_F = ("芳 fang,娜 na,敏 min,静 jing,丽 li,艳 yan,娟 juan,秀 xiu,霞 xia,桂 gui,英 ying,玉 yu,"
      "兰 lan,红 hong,婷 ting,雪 xue,琳 lin,欣 xin,怡 yi,萱 xuan,诗 shi,梦 meng,琪 qi,瑶 yao,"
      "慧 hui,淑 shu,珍 zhen,凤 feng,春 chun,琴 qin,倩 qian,蓉 rong,颖 ying,璐 lu,晶 jing,"
      "莉 li,燕 yan,萍 ping,洁 jie,玲 ling,薇 wei,翠 cui,琼 qiong,素 su,娥 e,桃 tao,菊 ju,"
      "香 xiang,月 yue,美 mei,露 lu,悦 yue,妍 yan,晴 qing,菲 fei")
_U = ("华 hua,林 lin,宁 ning,晨 chen,佳 jia,梓 zi,涵 han,子 zi,思 si,雨 yu,嘉 jia,晓 xiao,"
      "金 jin,清 qing,云 yun,然 ran,晗 han,一 yi,安 an,乐 le,锦 jin,程 cheng,新 xin,家 jia,"
      "学 xue,书 shu,秋 qiu,冬 dong,维 wei,小 xiao,永 yong,海 hai,文 wen,继 ji,春 chun")


def _chars(spec):
    return [tuple(x.split()) for x in spec.split(",")]


MALE_CHARS, FEMALE_CHARS, UNISEX_CHARS = _chars(_M), _chars(_F), _chars(_U)

# Non-Han naming traditions (used only with the matching 民族).
UYGHUR_MALE = ["艾力", "买买提", "阿不都", "吐尔逊", "艾山", "依明", "玉素甫", "阿迪力", "伊力哈木"]
UYGHUR_FEMALE = ["阿依古丽", "古丽娜尔", "热依拉", "努尔古丽", "帕提古丽", "米热古丽", "阿依努尔"]
UYGHUR_FATHER = ["买买提", "吐尔逊", "艾山", "阿不都热合曼", "司马义", "库尔班", "托合提", "吾守尔",
                 "阿布都拉", "热合曼"]
KAZAKH_MALE = ["努尔兰", "叶尔兰", "别克", "达吾列提", "哈那提"]
KAZAKH_FEMALE = ["古丽巴哈", "阿依达娜", "加娜尔", "玛地娜"]
KAZAKH_FATHER = ["别克", "吐尔洪", "哈斯木", "努尔别克", "巴合提"]
TIBETAN_FIRST = ["扎西", "次仁", "多吉", "顿珠", "旺堆", "平措", "格桑", "尼玛", "索朗", "洛桑"]
TIBETAN_MALE = ["顿珠", "多吉", "旺堆", "平措", "罗布", "加措", "才让"]
TIBETAN_FEMALE = ["卓玛", "拉姆", "央金", "德吉", "措姆", "曲珍"]
MONGOL_MALE = ["巴特尔", "额尔敦", "苏和", "那日苏", "孟和", "朝鲁", "宝音"]
MONGOL_FEMALE = ["其其格", "乌兰", "斯琴", "娜仁", "图雅", "萨仁", "高娃"]

# The 56 official names (without 族).  Weights: roughly by population, 汉 ~80 %.
ETHNICITIES = [
    ("汉", 800), ("壮", 22), ("回", 18), ("满", 16), ("维吾尔", 16), ("苗", 14), ("彝", 14),
    ("土家", 12), ("藏", 10), ("蒙古", 10), ("侗", 5), ("布依", 5), ("瑶", 4), ("白", 4),
    ("朝鲜", 4), ("哈尼", 3), ("黎", 3), ("哈萨克", 3), ("傣", 3), ("畲", 2), ("傈僳", 2),
    ("东乡", 1), ("仡佬", 1), ("拉祜", 1), ("佤", 1), ("水", 1), ("纳西", 1), ("羌", 1),
    ("土", 1), ("仫佬", 1), ("锡伯", 1), ("柯尔克孜", 1), ("景颇", 1), ("达斡尔", 1),
    ("撒拉", 1), ("布朗", 0.5), ("毛南", 0.5), ("塔吉克", 0.5), ("普米", 0.5), ("阿昌", 0.5),
    ("怒", 0.5), ("鄂温克", 0.5), ("京", 0.5), ("基诺", 0.5), ("德昂", 0.5), ("保安", 0.5),
    ("俄罗斯", 0.5), ("裕固", 0.5), ("乌孜别克", 0.5), ("门巴", 0.5), ("鄂伦春", 0.5),
    ("独龙", 0.5), ("赫哲", 0.5), ("高山", 0.5), ("珞巴", 0.5), ("塔塔尔", 0.5),
]
assert len(ETHNICITIES) == 56

# Where people of some 民族 mostly live (province code prefixes), to keep cards plausible.
HOMELAND = {"维吾尔": ["65"], "哈萨克": ["65"], "柯尔克孜": ["65"], "塔吉克": ["65"],
            "乌孜别克": ["65"], "塔塔尔": ["65"], "藏": ["54", "51", "63", "62"],
            "蒙古": ["15", "21", "22", "65"], "壮": ["45"], "朝鲜": ["22"], "彝": ["51", "53"],
            "傣": ["53"], "苗": ["52", "43"], "土家": ["43", "42", "50"], "回": ["64", "62"],
            "满": ["21", "13"], "黎": ["46"], "羌": ["51"], "侗": ["52", "45"]}


def weighted(rng, items):
    total = sum(w for *_, w in items)
    r = rng.uniform(0, total)
    for item in items:
        r -= item[-1]
        if r <= 0:
            return item
    return items[-1]


def han_name(rng, male):
    sur, sur_py, _ = weighted(rng, SURNAMES)
    pool = (MALE_CHARS if male else FEMALE_CHARS) + UNISEX_CHARS
    roll = rng.random()
    n = 1 if roll < 0.25 else (2 if roll < 0.97 else 3)
    if len(sur) == 2 and n == 3:
        n = 2
    given = []
    while len(given) < n:
        c = rng.choice(pool)
        if given and c[0] == given[-1][0] and rng.random() < 0.7:
            continue  # doubled characters (婷婷) only sometimes
        given.append(c)
    name = sur + "".join(c for c, _ in given)
    return name, (sur_py, "".join(p for _, p in given))


def minority_name(rng, ethnicity, male):
    """A name in the naming tradition of `ethnicity`, or None for Han-style names."""
    if ethnicity in ("维吾尔", "乌孜别克", "塔塔尔"):
        first = rng.choice(UYGHUR_MALE if male else UYGHUR_FEMALE)
        return first + "·" + rng.choice(UYGHUR_FATHER)
    if ethnicity in ("哈萨克", "柯尔克孜", "塔吉克"):
        first = rng.choice(KAZAKH_MALE if male else KAZAKH_FEMALE)
        return first + "·" + rng.choice(KAZAKH_FATHER)
    if ethnicity in ("藏", "门巴") and rng.random() < 0.85:
        second = rng.choice(TIBETAN_MALE if male else TIBETAN_FEMALE)
        first = rng.choice([t for t in TIBETAN_FIRST if t != second])
        return first + second if rng.random() < 0.8 else second
    if ethnicity == "蒙古" and rng.random() < 0.5:
        return rng.choice(MONGOL_MALE if male else MONGOL_FEMALE)
    return None


# ---------------------------------------------------------------------------
# Addresses

STREET_WORDS = ("人民 解放 建设 新华 中山 胜利 和平 光明 文化 东风 长安 幸福 团结 朝阳 青年 "
                "民主 滨江 迎宾 府前 兴业 锦华 金沙 育才 学府 花园 振兴 工农 红星 通江 南湖 "
                "北辰 东升 西城 龙泉 凤凰 桂花 梧桐 银杏 翠竹 万福 永安 安居 顺河 大桥 车站").split()
TOWN_WORDS = ("城关 东关 西街 南坝 北坪 白马 青龙 黄土 石桥 马家 李家 高坪 新场 回龙 龙门 "
              "双河 三星 太平 永兴 金山 清水 柳树 桃园 杨柳 河口 大坪 中和 红岩 花桥 天池 "
              "水口 长岭 小溪 五里 九龙 观音 万安 福田 安乐 马鞍").split()
VILLAGE_WORDS = ("红旗 团结 前进 胜利 新民 和平 光荣 幸福 先锋 联合 永红 向阳 东方 同心 "
                 "友谊 民主 建新 五星 三合 双龙 金竹 桂花 龙井 松林 竹林 石牛 白果 樱桃 "
                 "梨花 荷花 青松 瓦窑 砖桥 大石 新店 高桥").split()
ROAD_SUFFIX = ["路", "路", "街", "大道", "巷", "大街", "东路", "西路", "南路", "北路", "中路"]
COMPOUNDS = ("锦绣 阳光 翠苑 金色 华府 绿洲 碧水 东方 盛世 星河 紫荆 御景 幸福 和谐 滨江 "
             "怡景 书香 枫林").split()
COMPOUND_SUFFIX = ["小区", "花园", "家园", "苑", "城", "新村", "公寓", "雅居"]


def street_part(rng, urban):
    """The part of an address below the county: street + number, or 镇/村/组."""
    num = rng.choice([rng.randint(1, 30), rng.randint(1, 200), rng.randint(1, 999)])
    if urban or rng.random() < 0.35:
        road = rng.choice(STREET_WORDS) + rng.choice(ROAD_SUFFIX)
        prefix = ""
        if rng.random() < 0.3:
            prefix = rng.choice(STREET_WORDS) + "街道"
        s = f"{prefix}{road}{num}号"
        r = rng.random()
        if r < 0.35:
            s += f"{rng.randint(1, 30)}栋{rng.randint(1, 6)}单元{rng.randint(1, 32)}{rng.randint(1, 8):02d}号"
        elif r < 0.55:
            s += f"{rng.randint(1, 20)}幢{rng.randint(1, 28)}{rng.randint(1, 6):02d}室"
        elif r < 0.65:
            s += f"附{rng.randint(1, 30)}号"
        elif r < 0.8:
            s = (f"{road}{num}号{rng.choice(COMPOUNDS)}{rng.choice(COMPOUND_SUFFIX)}"
                 f"{rng.randint(1, 30)}-{rng.randint(1, 4)}-{rng.randint(1, 30)}{rng.randint(1, 4):02d}")
        return s
    town = rng.choice(TOWN_WORDS) + rng.choice(["镇", "镇", "乡", "街道"])
    village = rng.choice(VILLAGE_WORDS) + rng.choice(["村", "村", "村", "社区"])
    r = rng.random()
    if r < 0.5:
        return f"{town}{village}{rng.randint(1, 15)}组{rng.randint(1, 120)}号"
    if r < 0.75:
        return f"{town}{village}{rng.randint(1, 12)}社{rng.randint(1, 80)}号"
    if r < 0.9:
        return f"{town}{village}{rng.randint(1, 300)}号"
    return f"{town}{village}{rng.choice(['一', '二', '三', '四', '五', '六'])}组"


def address_in(rng, div, allow_short=True):
    """Card address: province/city/county names of `div` + street part."""
    head = div.full()
    if allow_short and div.city and div.county.endswith("市") and rng.random() < 0.3:
        head = div.province + div.county      # cards often skip the prefecture for 县级市
    urban = div.county.endswith("区")
    for _ in range(20):
        s = head + street_part(rng, urban)
        if len(s) <= 34:
            return s
    return head + street_part(rng, urban)[:10] + "号"


# ---------------------------------------------------------------------------
# Dates

def ymd(d):
    return d.strftime("%Y-%m-%d")


def rand_date(rng, start, end):
    days = (end - start).days
    return start + datetime.timedelta(days=rng.randint(0, max(days, 0)))


def add_years(d, n):
    try:
        return d.replace(year=d.year + n)
    except ValueError:
        return d.replace(year=d.year + n, day=28)


# ---------------------------------------------------------------------------
# People

FILING_TYPES = ["异地长期居住人员", "常驻异地工作人员", "异地安置退休人员", "临时外出就医人员", "异地转诊人员"]
INSURANCE_TYPES = ["职工医保", "居民医保"]

HOSPITAL_WORDS = ["人民医院", "第一人民医院", "中心医院", "中医医院", "妇幼保健院", "第二人民医院",
                  "医科大学附属医院", "大学华西医院", "肿瘤医院", "儿童医院"]
COMPANY_WORDS = ("华信 恒达 鑫源 宏远 嘉禾 博瑞 天成 远航 中联 锦程 瑞丰 广和 信达 众邦 "
                 "启明 腾越 汇通 创新 海纳 明德").split()
COMPANY_KIND = ["科技有限公司", "建设工程有限公司", "商贸有限公司", "物流有限公司", "电子有限公司",
                "实业有限公司", "餐饮管理有限公司", "建筑劳务有限公司"]


def phone_number(rng):
    prefix = rng.choice(["130", "131", "132", "133", "135", "136", "137", "138", "139", "150",
                         "151", "152", "153", "155", "156", "157", "158", "159", "166", "173",
                         "176", "177", "180", "181", "182", "183", "185", "186", "187", "188",
                         "189", "191", "198", "199"])
    return prefix + "".join(str(rng.randint(0, 9)) for _ in range(8))


def make_id(rng, code, birth, male, want_x=None):
    for _ in range(200):
        seq = f"{rng.randint(0, 99):02d}"
        sex_digit = rng.choice("13579" if male else "02468")
        first17 = code + birth.strftime("%Y%m%d") + seq + sex_digit
        c = check_char(first17)
        if want_x is None or (c == "X") == want_x:
            return first17 + c
    return first17 + c


def pick_home(rng, ethnicity):
    counties, _ = divisions()
    home = HOMELAND.get(ethnicity)
    if home and rng.random() < 0.85:
        pool = [d for d in counties if d.code[:2] in home]
        if pool:
            return rng.choice(pool)
    # bias towards Sichuan and a few populous provinces a little, like the real intake
    if rng.random() < 0.25:
        pool = [d for d in counties if d.code[:2] in ("51", "50", "43", "41", "42", "34", "36")]
        return rng.choice(pool)
    return rng.choice(counties)


def card_validity(rng, birth):
    """(valid_from date, valid_to date or None for 长期) for a card valid in YEAR."""
    today = datetime.date(YEAR, 6, 30)
    age_now = (today - birth).days // 365
    for _ in range(50):
        # issue some time in the last 20 years, never before age 1
        earliest = max(add_years(birth, 1), datetime.date(YEAR - 20, 1, 1))
        issue = rand_date(rng, earliest, datetime.date(YEAR, 5, 31))
        if issue.month == 2 and issue.day == 29:
            continue
        age = (issue - birth).days // 365
        term = 5 if age < 16 else 10 if age < 26 else 20 if age < 46 else None
        if term is None:
            return issue, None
        end = add_years(issue, term)
        if end > datetime.date(YEAR, 1, 1) or age_now > 90:
            return issue, end
    return issue, add_years(issue, 20)


def _city_prefix(city):
    """城市名 as used before a hospital name: 成都市 -> 成都市, 迪庆藏族自治州 -> 迪庆州."""
    if city.endswith("自治州"):
        return city[:2] + "州"
    if city.endswith(("地区", "盟")):
        return city
    return city if city.endswith("市") else city + "市"


def make_person(rng, filing_type=None, want_x=None):
    """A complete synthetic applicant: card data plus 备案 data."""
    counties, cities = divisions()
    eth = weighted(rng, ETHNICITIES)[0]
    male = rng.random() < 0.5
    # age: mostly adults; many retirees file; a few children
    r = rng.random()
    age = rng.randint(3, 17) if r < 0.07 else rng.randint(18, 59) if r < 0.62 else rng.randint(60, 88)
    birth = rand_date(rng, datetime.date(YEAR - age - 1, 1, 1), datetime.date(YEAR - age - 1, 12, 31))
    name = minority_name(rng, eth, male)
    pinyin = None
    if name is None:
        name, pinyin = han_name(rng, male)
    home = pick_home(rng, eth)
    idn = make_id(rng, home.code, birth, male,
                  want_x=want_x if want_x is not None else (True if rng.random() < 0.06 else None))
    vf, vt = card_validity(rng, birth)

    # 参保地: usually the home county, sometimes another county of the same province or elsewhere
    ins = home
    if rng.random() < 0.25:
        same = [d for d in counties if d.code[:2] == home.code[:2]]
        ins = rng.choice(same)
    insured_place = ins.full()
    if ins.city and rng.random() < 0.08:
        insured_place = ins.province + ins.city       # a prefecture-level 统筹区
    # 就医地: a city in another province
    treat = rng.choice([c for c in cities if c.code[:2] != ins.code[:2]])
    treatment_place = treat.province + treat.city
    treat_counties = [d for d in counties
                      if d.code[:4] == treat.code[:4] or (not treat.city and d.code[:2] == treat.code[:2])]
    contact_div = rng.choice(treat_counties) if treat_counties else treat
    contact_address = (contact_div.full() if contact_div.county else treatment_place) + street_part(
        rng, urban=rng.random() < 0.75)

    if filing_type is None:
        if age >= 60:
            filing_type = rng.choice(["异地安置退休人员"] * 4 + ["异地长期居住人员"] * 2 + FILING_TYPES[3:])
        elif age < 18:
            filing_type = rng.choice(["异地长期居住人员", "临时外出就医人员", "异地转诊人员"])
        else:
            filing_type = rng.choice(FILING_TYPES[:2] * 3 + FILING_TYPES[3:])
    if filing_type in ("常驻异地工作人员", "异地安置退休人员"):
        insurance = "职工医保" if rng.random() < 0.9 else "居民医保"
    elif age < 18:
        insurance = "居民医保"
    else:
        insurance = rng.choice(INSURANCE_TYPES)

    apply = rand_date(rng, datetime.date(YEAR, 1, 5), datetime.date(YEAR, 12, 10))
    r = rng.random()
    if r < 0.35:
        start = apply
    elif r < 0.7:
        nxt = apply.replace(day=1) + datetime.timedelta(days=32)
        start = nxt.replace(day=1)
    else:
        start = apply + datetime.timedelta(days=rng.randint(1, 20))

    hospital = _city_prefix(treat.city or treat.province) + rng.choice(HOSPITAL_WORDS)
    employer = (treat.city or treat.province) + rng.choice(COMPANY_WORDS) + rng.choice(COMPANY_KIND)
    return {
        "name": name, "pinyin": pinyin, "sex": "男" if male else "女", "ethnicity": eth,
        "birth": ymd(birth), "address": address_in(rng, home), "id_number": idn,
        "authority": home.authority(rng), "valid_from": ymd(vf),
        "valid_to": ymd(vt) if vt else "长期",
        "home_code": home.code, "insured_code": ins.code, "birthplace": home.province + home.city,
        "insured_place": insured_place, "insured_province": ins.province,
        "insurance_type": insurance, "filing_type": filing_type,
        "treatment_place": treatment_place, "treatment_province": treat.province,
        "treatment_city": treat.city or treat.province,
        "contact_address": contact_address, "phone": phone_number(rng),
        "start_date": ymd(start), "apply_date": ymd(apply),
        "hospital": hospital, "employer": employer,
        "home_hospital": _city_prefix(ins.city or ins.province) + rng.choice(HOSPITAL_WORDS[:6]),
    }


def other_name(rng, person):
    """A different synthetic name (same surname often: a relative who sent the mail)."""
    for _ in range(50):
        male = rng.random() < 0.5
        name, _ = han_name(rng, male)
        if rng.random() < 0.6 and "·" not in person["name"]:
            sur = person["name"][:2] if person["name"][:2] in [s for s, _, _ in SURNAMES] \
                else person["name"][0]
            name = sur + name[len(name) - rng.randint(1, 2):]
        if name != person["name"]:
            return name
    return "王" + person["name"][-1:] + "明"


def self_check():
    assert check_char("11010519491231002") == "X"
    assert id_is_valid("11010519491231002X")
    rng = random.Random(7)
    for _ in range(2000):
        p = make_person(rng)
        idn = p["id_number"]
        assert id_is_valid(idn), idn
        assert idn[6:14] == p["birth"].replace("-", "")
        assert (int(idn[16]) % 2 == 1) == (p["sex"] == "男")
        assert not id_is_valid(wrong_check(idn))
    print("people_b self-check ok")


if __name__ == "__main__":
    self_check()
    rng = random.Random(1)
    for _ in range(8):
        p = make_person(rng)
        print({k: p[k] for k in ("name", "sex", "ethnicity", "birth", "id_number", "address",
                                 "authority", "valid_from", "valid_to", "insured_place",
                                 "filing_type", "treatment_place", "contact_address")})
