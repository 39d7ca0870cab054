"""Synthetic people for set C: fake names, real GB/T 2260 division codes,
valid ISO 7064 MOD 11-2 check digits.  Nothing here is a real person."""
import datetime

# code, province, city ("" for municipalities), district, 签发机关, streets
DIVISIONS = [
    ("110101", "北京市", "", "东城区", "北京市公安局东城分局",
     ["东四北大街", "交道口南大街", "和平里西街", "景山前街"]),
    ("310104", "上海市", "", "徐汇区", "上海市公安局徐汇分局",
     ["漕溪北路", "天钥桥路", "宛平南路", "田林路"]),
    ("440305", "广东省", "深圳市", "南山区", "深圳市公安局南山分局",
     ["南海大道", "桃园路", "科技园南路", "蛇口工业一路"]),
    ("510107", "四川省", "成都市", "武侯区", "成都市公安局武侯分局",
     ["洗面桥街", "玉林北路", "科华北路", "浆洗街"]),
    ("330106", "浙江省", "杭州市", "西湖区", "杭州市公安局西湖分局",
     ["文三路", "天目山路", "古墩路", "留下街"]),
    ("420106", "湖北省", "武汉市", "武昌区", "武汉市公安局武昌分局",
     ["中南路", "解放路", "中山路", "徐东大街"]),
    ("610113", "陕西省", "西安市", "雁塔区", "西安市公安局雁塔分局",
     ["小寨东路", "长安南路", "含光路", "电子二路"]),
    ("370202", "山东省", "青岛市", "市南区", "青岛市公安局市南分局",
     ["香港中路", "南京路", "江西路", "东海西路"]),
    ("500103", "重庆市", "", "渝中区", "重庆市公安局渝中区分局",
     ["解放碑民族路", "中山三路", "大坪正街", "上清寺路"]),
    ("320106", "江苏省", "南京市", "鼓楼区", "南京市公安局鼓楼分局",
     ["中山北路", "湖南路", "广州路", "汉中门大街"]),
    ("430104", "湖南省", "长沙市", "岳麓区", "长沙市公安局岳麓分局",
     ["麓山南路", "枫林一路", "桐梓坡路", "银盆南路"]),
    ("350203", "福建省", "厦门市", "思明区", "厦门市公安局思明分局",
     ["厦禾路", "湖滨南路", "莲前西路", "中山路"]),
    ("410105", "河南省", "郑州市", "金水区", "郑州市公安局金水分局",
     ["农业路", "花园路", "经三路", "纬五路"]),
    ("530102", "云南省", "昆明市", "五华区", "昆明市公安局五华分局",
     ["青年路", "人民中路", "西昌路", "龙翔街"]),
    ("522601", "贵州省", "黔东南苗族侗族自治州", "凯里市", "凯里市公安局",
     ["北京东路", "宁波路", "韶山南路", "文化北路"]),
    ("433101", "湖南省", "湘西土家族苗族自治州", "吉首市", "吉首市公安局",
     ["人民北路", "武陵东路", "乾州世纪大道", "光明西路"]),
    ("150102", "内蒙古自治区", "呼和浩特市", "新城区", "呼和浩特市公安局新城区分局",
     ["新华大街", "兴安北路", "成吉思汗大街"]),
    ("450103", "广西壮族自治区", "南宁市", "青秀区", "南宁市公安局青秀分局",
     ["民族大道", "东葛路", "竹溪大道"]),
]

# 就医地 (treatment place) choices, printed as on real forms.
TREATMENT_PLACES = [
    "广东省深圳市", "海南省三亚市", "海南省海口市", "上海市", "北京市",
    "广东省广州市", "江苏省苏州市", "浙江省宁波市", "云南省西双版纳傣族自治州",
    "广西壮族自治区北海市", "四川省成都市", "福建省厦门市", "重庆市",
    "天津市", "山东省烟台市", "湖北省武汉市",
]

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
                "肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾"
                "夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃"
                "武戴莫孔向汤") + ["欧阳", "司马", "上官"]
GIVEN_M = list("伟强磊军洋勇杰涛明超刚建国志文海波宇浩俊东立新德胜鹏辉斌华峰鑫"
               "锋毅晨远航博林斌永健凯")
GIVEN_F = list("芳娜秀英敏静丽艳娟兰霞桂红玉梅欣怡涵雨佳琪燕淑珍月婷雪慧颖琳"
               "萍倩莉蓉晶璐瑶洁")
ETHNICITIES = ["汉"] * 14 + ["回", "满", "壮", "土家", "藏", "苗", "侗", "彝",
                             "蒙古", "维吾尔", "朝鲜", "白", "瑶"]

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK_MAP = "10X98765432"


def check_digit(first17):
    return CHECK_MAP[sum(int(c) * w for c, w in zip(first17, WEIGHTS)) % 11]


def rand_date(rng, y0, y1):
    start = datetime.date(y0, 1, 1).toordinal()
    end = datetime.date(y1, 12, 31).toordinal()
    return datetime.date.fromordinal(rng.randint(start, end))


def add_years(d, n):
    try:
        return d.replace(year=d.year + n)
    except ValueError:  # 29 Feb
        return d.replace(year=d.year + n, day=28)


def make_person(rng):
    div = rng.choice(DIVISIONS)
    code, prov, city, dist, authority, streets = div
    sex = rng.choice("男女")
    sur = rng.choice(SURNAMES) if rng.random() < 0.97 else rng.choice(SURNAMES[-3:])
    pool = GIVEN_M if sex == "男" else GIVEN_F
    given = "".join(rng.choice(pool) for _ in range(rng.choice([1, 2, 2, 2])))
    if len(sur) == 2 and len(given) == 2:
        given = given[0]
    name = sur + given
    birth = rand_date(rng, 1948, 2007)
    seq = rng.randint(0, 499) * 2 + (1 if sex == "男" else 0)
    first17 = code + birth.strftime("%Y%m%d") + "%03d" % seq
    id_number = first17 + check_digit(first17)
    street = rng.choice(streets)
    tail = rng.choice([
        "%d号" % rng.randint(1, 399),
        "%d号%d栋%d单元%d号" % (rng.randint(1, 299), rng.randint(1, 24),
                             rng.randint(1, 4), rng.randint(1, 32) * 100 + rng.randint(1, 6)),
        "%d号附%d号" % (rng.randint(1, 199), rng.randint(1, 30)),
        "%d弄%d号%d室" % (rng.randint(1, 999), rng.randint(1, 60), rng.randint(101, 1804)),
        "%d号院%d号楼%d门%d号" % (rng.randint(1, 80), rng.randint(1, 20), rng.randint(1, 6),
                               rng.randint(101, 2402)),
    ])
    region = prov + city + dist
    address = region + street + tail
    issue = rand_date(rng, max(2008, birth.year + 1), 2025)
    age = (issue - birth).days // 365
    if age < 16:
        valid_to = add_years(issue, 5).isoformat()
    elif age < 26:
        valid_to = add_years(issue, 10).isoformat()
    elif age < 46:
        valid_to = add_years(issue, 20).isoformat()
    else:
        valid_to = "长期"
    return {
        "name": name, "sex": sex, "ethnicity": rng.choice(ETHNICITIES),
        "birth": birth.isoformat(), "address": address, "id_number": id_number,
        "authority": authority, "valid_from": issue.isoformat(),
        "valid_to": valid_to, "region": region, "province": prov,
        "city": city,
    }
