"""Gold sets for bench/bench_analyst.py, written by hand and expanded deterministically.

- REFERENCE sentences: running text citing documents (canonical answers listed with each sentence), in
  the spellings found in the news: spaces around `/` and `-`, `ND-CP` / `nđ-cp` / `NĐ - CP`, `D` for
  `Đ`, `số` / `Số:`, en dashes; and distractors that are not references (dates, scores, models, roads).
- PROVINCE articles: short articles (title, lead, body) with the provinces each one is about.
- Syndication: base stories with planted copies (exact, light edits) and near misses (a shared quote,
  another story from the same templates) built from bench.corpus.
"""

from __future__ import annotations

import random

# (canonical, the word naming it) -- a spread of types, issuers and number shapes
DOCUMENTS = [
    ("123/2020/NĐ-CP", "Nghị định"), ("15/2022/NĐ-CP", "Nghị định"), ("100/2019/NĐ-CP", "Nghị định"),
    ("08/2022/NĐ-CP", "Nghị định"), ("168/2024/NĐ-CP", "Nghị định"), ("70/2025/NĐ-CP", "Nghị định"),
    ("57-NQ/TW", "Nghị quyết"), ("18-NQ/TW", "Nghị quyết"), ("66-NQ/TW", "Nghị quyết"),
    ("01/NQ-CP", "Nghị quyết"), ("202/2025/QH15", "Nghị quyết"), ("98/2023/QH15", "Nghị quyết"),
    ("1006/QĐ-UBND", "Quyết định"), ("2345/QĐ-TTg", "Quyết định"), ("59/QĐ-KTNN", "Quyết định"),
    ("25/2021/QĐ-TTg", "Quyết định"), ("81/2015/QH13", "Luật"), ("56/2024/QH15", "Luật"),
    ("45/2019/QH14", "Bộ luật"), ("78/2021/TT-BTC", "Thông tư"), ("01/2024/TT-BGDĐT", "Thông tư"),
    ("29/2024/TT-BGDĐT", "Thông tư"), ("10/2023/TT-NHNN", "Thông tư"), ("24-CT/TW", "Chỉ thị"),
    ("05/CT-TTg", "Chỉ thị"), ("77-KL/TW", "Kết luận"), ("123-KL/TW", "Kết luận"),
    ("15/CĐ-TTg", "Công điện"), ("108/CĐ-TTg", "Công điện"), ("1234/UBND-KT", "Công văn"),
    ("45/KH-UBND", "Kế hoạch"), ("112/BC-CP", "Báo cáo"), ("21/TB-VPCP", "Thông báo"),
    ("05/2015/TTLT-BTC-BNV", "Thông tư liên tịch"), ("02/2022/UBTVQH15", "Pháp lệnh"),
    ("36/HD-BTGTW", "Hướng dẫn"), ("87/TTr-CP", "Tờ trình"), ("3456/BTC-NSNN", "Công văn"),
]

FRAMES = [
    "Theo {ref}, các địa phương phải hoàn thành việc rà soát trước ngày 30/6/2025.",
    "Ngày 12/3, Bộ Tài chính đã có hướng dẫn thực hiện {ref}.",
    "Hội nghị quán triệt {ref} diễn ra sáng 5/4 tại Hà Nội với hơn 500 đại biểu tham dự.",
    "Căn cứ {ref} và các văn bản có liên quan, UBND tỉnh giao Sở Nội vụ chủ trì.",
    "Việc triển khai {ref} đạt kết quả bước đầu, tỷ lệ giải ngân đạt 45,5%.",
    "Đại biểu đề nghị sửa đổi {ref} cho phù hợp với thực tiễn (ảnh: TTXVN).",
    "{ref} có hiệu lực từ ngày 1/7/2025.",
    "Thực hiện {ref}, tỉnh đã tổ chức 24/7 các đội phản ứng nhanh trên Quốc lộ 1A.",
]

# Never references: scores, dates, models, road numbers, counts, hotlines...
DISTRACTORS = [
    "Đội tuyển U23 Việt Nam thắng 3-1 trong trận đấu tối 20/11/2024.",
    "Tàu SE1 xuất phát lúc 19h30 ngày 30/4, giá vé từ 1.200.000 đồng/người.",
    "Mẫu xe VF8 được bán với giá 1,1 tỷ đồng; tốc độ tối đa 200 km/h.",
    "Đường dây nóng 1900-9095 hoạt động 24/7 trong dịp Tết.",
    "Tỷ lệ 9/10 hộ dân hài lòng; năm 2024 - năm của chuyển đổi số.",
    "Kỷ niệm 80 năm Cách mạng Tháng Tám và Quốc khánh 2-9.",
    "Chiến dịch Covid-19 tiêm 2/3 liều cho 1,5 triệu người tại 63/63 tỉnh, thành phố.",
    "Nhà máy số 3 sản xuất 120 MW; dự án PPP-BOT đoạn 12/2 km.",
]

# Sentences as they appear in articles, with what they cite (written by hand, not expanded).
HAND_WRITTEN = [
    ("Chính phủ ban hành Nghị định số 70/2025/NĐ-CP sửa đổi, bổ sung một số điều của Nghị định "
     "123/2020/NĐ-CP quy định về hóa đơn, chứng từ.", ["70/2025/NĐ-CP", "123/2020/NĐ-CP"]),
    ("Các Nghị định số 15/2022/NĐ-CP, 100/2019/NĐ-CP và 168/2024/NĐ-CP đã được rà soát.",
     ["15/2022/NĐ-CP", "100/2019/NĐ-CP", "168/2024/NĐ-CP"]),
    ("Luật Đất đai số 31/2024/QH15 có hiệu lực từ ngày 1/8/2024.", ["31/2024/QH15"]),
    ("Hội nghị quán triệt Nghị quyết 57 và Nghị quyết 66 của Bộ Chính trị.", []),
    ("Theo Hiến pháp năm 2013 và Bộ luật Lao động năm 2019, người lao động được nghỉ 11 ngày lễ.", []),
    ("Kết luận số 123-KL/TW ngày 24/01/2025 của Ban Chấp hành Trung ương về đề án bổ sung phát triển kinh tế.",
     ["123-KL/TW"]),
    ("(Nghị quyết 18-NQ/TW) tiếp tục đổi mới, sắp xếp tổ chức bộ máy.", ["18-NQ/TW"]),
    ("QĐ số 2345/QĐ-TTg phê duyệt đề án; văn bản số 3456/BTC-NSNN hướng dẫn chi tiết.",
     ["2345/QĐ-TTg", "3456/BTC-NSNN"]),
    ("Công điện số 108/CĐ-TTg ngày 20/10 yêu cầu ứng phó bão số 6.", ["108/CĐ-TTg"]),
    ("Thông tư số 01/2024/TT-BGDĐT ngày 5/2/2024 quy định chuẩn cơ sở giáo dục đại học.", ["01/2024/TT-BGDĐT"]),
    ("Nghị quyết 98/2023/QH15 về thí điểm cơ chế đặc thù phát triển TP.HCM.", ["98/2023/QH15"]),
    ("Chỉ thị số 05/CT-TTg ngày 23/2/2023 về đẩy mạnh triển khai Đề án 06.", ["05/CT-TTg"]),
    ("Tốc độ tăng trưởng GRDP đạt 7,5%; thu ngân sách 12.345 tỷ đồng, đạt 102/100% dự toán.", []),
    ("Theo Quyết định 1006/QĐ-UBND, 12 xã được sáp nhập thành 5 xã mới từ 1/7/2025.", ["1006/QĐ-UBND"]),
    ("Nghị quyết số 202/2025/QH15 về sắp xếp đơn vị hành chính cấp tỉnh được thông qua ngày 12/6/2025.",
     ["202/2025/QH15"]),
    ("Thông tư 78/2021/TT-BTC hướng dẫn Luật Quản lý thuế số 38/2019/QH14.", ["78/2021/TT-BTC", "38/2019/QH14"]),
    ("Văn phòng Chính phủ có Thông báo số 21/TB-VPCP kết luận của Thủ tướng.", ["21/TB-VPCP"]),
    ("Bộ Tài chính có Công văn 3456/BTC-NSNN gửi các địa phương, số điện thoại 024-3825-1234.",
     ["3456/BTC-NSNN"]),
    ("Thủ tướng ký Quyết định 25/2021/QĐ-TTg; trước đó, Quyết định 2345/QĐ-TTg đã hết hiệu lực.",
     ["25/2021/QĐ-TTg", "2345/QĐ-TTg"]),
    ("Đề án 06 và Chương trình 135 tiếp tục được triển khai trong giai đoạn 2021-2025.", []),
]

SPELLINGS = ("as is", "spaced", "lowercase", "D for Đ", "en dash", "spaced lowercase")
NAMINGS = ("{word} {ref}", "{word} số {ref}", "{word} Số: {ref}", "{word} số: {ref}", "{ref}")


def spelled(canonical: str, spelling: str) -> str:
    if spelling == "spaced":
        return canonical.replace("/", " / ").replace("-", " - ")
    if spelling == "lowercase":
        return canonical.lower()
    if spelling == "D for Đ":
        return canonical.replace("Đ", "D")
    if spelling == "en dash":
        return canonical.replace("-", "–")
    if spelling == "spaced lowercase":
        return canonical.lower().replace("/", " /").replace("-", "- ")
    return canonical


def reference_sentences(seed: int = 7) -> list[tuple[str, list[str]]]:
    """(text, the canonical references it cites) for every document in every spelling, mixed with
    distractor sentences; 1 to 3 references per text."""
    rng = random.Random(seed)
    cases = []
    for number, (canonical, word) in enumerate(DOCUMENTS):
        for spelling in SPELLINGS:
            naming = NAMINGS[(number + len(cases)) % len(NAMINGS)]
            # a bare, unnamed reference without a type code or year is not recognisable: always name those
            if naming == "{ref}" and word in {"Công văn", "Pháp lệnh"}:
                naming = "{word} số {ref}"
            text = rng.choice(FRAMES).format(ref=naming.format(word=word, ref=spelled(canonical, spelling)))
            cited = [canonical]
            if rng.random() < 0.3:
                other, other_word = rng.choice(DOCUMENTS)
                text += f" Văn bản này thay thế {other_word} {other}."
                cited.append(other)
            if rng.random() < 0.5:
                text += " " + rng.choice(DISTRACTORS)
            cases.append((text, cited))
    cases += [(text, []) for text in DISTRACTORS]
    return cases + HAND_WRITTEN


# Province articles: (title, lead, body, the provinces tagged)
PROVINCE_TEMPLATES = [
    ("{a} đẩy mạnh chuyển đổi số", "Sáng 5/3, UBND tỉnh {a} tổ chức hội nghị triển khai kế hoạch năm 2025.",
     ["Hội nghị có sự tham dự của lãnh đạo các sở, ngành.", "Đoàn công tác của {b} cũng đến dự."], ["{a}"]),
    ("Khởi công dự án giao thông trọng điểm", "Dự án nối {a} với {b} có tổng mức đầu tư 5.000 tỷ đồng.",
     ["Tuyến đường dài 40 km, đi qua địa phận {a}."], ["{a}", "{b}"]),
    ("Giữ gìn hòa bình và ổn định trên biển", "Hội thảo về an ninh khu vực Thái Bình Dương diễn ra hôm nay.",
     ["Các đại biểu học tập tư tưởng Hồ Chí Minh.", "Một đại biểu đến từ {a} phát biểu."], []),
    ("Thủ tướng làm việc với tỉnh {a}", "Thủ tướng yêu cầu {a} tháo gỡ khó khăn cho doanh nghiệp.",
     ["Tỉnh {a} đạt tăng trưởng 8%.", "Trước đó, Thủ tướng đã làm việc tại {b}."], ["{a}"]),
    ("Hội nghị xúc tiến đầu tư vùng", "Sáng 10/4, tại {a}, hội nghị xúc tiến đầu tư vùng được tổ chức.",
     ["Lãnh đạo {b} và {a} ký kết hợp tác.", "{b} cam kết tạo điều kiện cho nhà đầu tư."], ["{a}", "{b}"]),
]

# (surface written in articles, gazetteer name) -- aliases, prefixes and other spellings included
PROVINCE_SURFACES = [
    ("Hà Nam", "Hà Nam"), ("Nam Định", "Nam Định"), ("Ninh Bình", "Ninh Bình"), ("TP.HCM", "Hồ Chí Minh"),
    ("Thành phố Hồ Chí Minh", "Hồ Chí Minh"), ("Đắk Lắk", "Đắk Lắk"), ("Đăk Lăk", "Đắk Lắk"),
    ("Thanh Hoá", "Thanh Hóa"), ("Khánh Hòa", "Khánh Hòa"), ("Bà Rịa - Vũng Tàu", "Bà Rịa - Vũng Tàu"),
    ("Thừa Thiên Huế", "Thừa Thiên Huế"), ("Huế", "Thừa Thiên Huế"), ("Hòa Bình", "Hòa Bình"),
    ("Thái Bình", "Thái Bình"), ("Quảng Nam", "Quảng Nam"), ("Đà Nẵng", "Đà Nẵng"), ("Cần Thơ", "Cần Thơ"),
    ("Bắc Kạn", "Bắc Kạn"), ("Lào Cai", "Lào Cai"), ("Kon Tum", "Kon Tum"), ("An Giang", "An Giang"),
    ("Kiên Giang", "Kiên Giang"), ("Hải Phòng", "Hải Phòng"), ("Hà Nội", "Hà Nội"), ("Sơn La", "Sơn La"),
]


def province_articles(seed: int = 11) -> list[tuple[str, str, list[str], set[str]]]:
    rng = random.Random(seed)
    cases = []
    for number in range(150):
        title, lead, body, tagged = PROVINCE_TEMPLATES[number % len(PROVINCE_TEMPLATES)]
        (a, a_name), (b, b_name) = rng.sample(PROVINCE_SURFACES, 2)
        names = {"{a}": a_name, "{b}": b_name}
        filled = [text.replace("{a}", a).replace("{b}", b) for text in (title, lead, *body)]
        cases.append((filled[0], filled[1], filled[2:], {names[t] for t in tagged}))
    return cases
