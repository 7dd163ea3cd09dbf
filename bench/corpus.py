"""Synthetic Vietnamese official-news articles for benchmarks and relevance experiments.

`generate_articles(n, seed)` yields Article documents valid for the vnnews index schema (the fields of
docs/architecture.md plus `content_hash`, `first_seen`, `last_seen`, `version`). The text is assembled
from phrases typical of official news (agencies, abbreviations such as UBND/HĐND/TP.HCM, place names with
diacritics), so analysis costs and index sizes resemble real data. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta

from crawler.normalise.article import content_hash
from index.vietnamese import VIETNAM

FIRST_DAY = datetime(2015, 1, 1, tzinfo=VIETNAM)
SPAN_SECONDS = int((datetime(2026, 12, 31, tzinfo=VIETNAM) - FIRST_DAY).total_seconds())

# site -> (agency prefix of the lead or None, URL section, parser version)
SITES: dict[str, tuple[str | None, str, str]] = {
    "baokiemtoan.vn": ("BKTO", "tin-tuc", "bkto.v1"),
    "baochinhphu.vn": ("Chinhphu.vn", "thoi-su", "baochinhphu.v1"),
    "quochoi.vn": (None, "tin-tuc-su-kien", "quochoi.v1"),
    "mof.gov.vn": ("MOF", "tin-tai-chinh", "mof.v1"),
    "sav.gov.vn": ("KTNN", "hoat-dong", "sav.v1"),
}

CATEGORIES = [
    ["Kiểm toán", "Kết quả kiểm toán"],
    ["Kiểm toán", "Hoạt động kiểm toán"],
    ["Thời sự", "Chính trị"],
    ["Thời sự", "Xã hội"],
    ["Kinh tế", "Tài chính - Ngân hàng"],
    ["Kinh tế", "Đầu tư"],
    ["Quốc hội", "Hoạt động của Quốc hội"],
    ["Địa phương"],
    ["Pháp luật", "Văn bản mới"],
    ["Quốc tế"],
]

AUTHORS = [
    "Nguyễn Văn Hùng",
    "Trần Thị Thu Hà",
    "Lê Minh Tuấn",
    "Phạm Thị Hoà",
    "Hoàng Đức Anh",
    "Vũ Thị Ngọc Ánh",
    "Đặng Quốc Huy",
    "Bùi Thanh Thủy",
    "Đỗ Mạnh Cường",
    "Ngô Thị Lan",
]

TAGS = [
    "Kiểm toán nhà nước",
    "ngân sách nhà nước",
    "đầu tư công",
    "phòng chống tham nhũng",
    "Quốc hội",
    "chuyển đổi số",
    "thi đua ái quốc",
    "cải cách hành chính",
    "tài sản công",
    "nợ công",
    "Hà Nội",
    "TP.HCM",
    "Đà Nẵng",
    "thuế",
    "doanh nghiệp nhà nước",
]

AGENCIES = [
    "Kiểm toán nhà nước",
    "Tổng Kiểm toán nhà nước",
    "Bộ Tài chính",
    "Thủ tướng Chính phủ",
    "Ủy ban Thường vụ Quốc hội",
    "UBND TP. Hà Nội",
    "Ủy ban nhân dân TP.HCM",
    "HĐND tỉnh Hòa Bình",
    "Hội đồng nhân dân thành phố Đà Nẵng",
    "Bộ Kế hoạch và Đầu tư",
    "Thanh tra Chính phủ",
    "Ngân hàng Nhà nước Việt Nam",
    "Kiểm toán nhà nước khu vực I",
    "Đoàn kiểm toán",
    "Phó Thủ tướng",
]

ACTIONS = [
    "chủ trì hội nghị về",
    "công bố kết quả kiểm toán",
    "triển khai kế hoạch",
    "tổng kết công tác",
    "đẩy mạnh",
    "ban hành hướng dẫn về",
    "kiến nghị xử lý tài chính đối với",
    "làm việc với lãnh đạo về",
    "phát động phong trào",
    "thông qua nghị quyết về",
    "chất vấn về",
    "đánh giá tình hình",
    "tăng cường kiểm tra",
    "góp ý dự thảo luật về",
    "ký kết quy chế phối hợp về",
]

TOPICS = [
    "quản lý ngân sách nhà nước",
    "đầu tư công",
    "phòng, chống tham nhũng, lãng phí",
    "thi đua ái quốc",
    "chuyển đổi số",
    "quyết toán ngân sách địa phương năm 2023",
    "quản lý tài sản công",
    "cải cách thủ tục hành chính",
    "phát triển kinh tế - xã hội",
    "thực hành tiết kiệm, chống lãng phí",
    "quản lý nợ công",
    "các dự án giao thông trọng điểm",
    "chương trình mục tiêu quốc gia",
    "hoạt động kiểm toán chuyên đề",
    "thu hồi vốn nhà nước tại doanh nghiệp",
    "công tác cán bộ",
    "bảo vệ môi trường",
    "thủy lợi và phòng chống thiên tai",
    "y tế cơ sở",
    "giáo dục và đào tạo",
]

PLACES = [
    "Hà Nội",
    "TP.HCM",
    "Đà Nẵng",
    "Hải Phòng",
    "Cần Thơ",
    "Hòa Bình",
    "Thừa Thiên Huế",
    "Quảng Ninh",
    "Nghệ An",
    "Thanh Hóa",
    "Khánh Hòa",
    "Lâm Đồng",
    "Bắc Ninh",
    "Đồng Nai",
    "An Giang",
]

SENTENCE_TEMPLATES = [
    "{agency} {action} {topic} tại {place}.",
    "Theo báo cáo, năm {year} {agency} đã kiến nghị xử lý tài chính {amount} tỷ đồng liên quan đến {topic}.",
    "Phát biểu tại buổi làm việc, đại diện {agency} nhấn mạnh yêu cầu {topic} phải đúng quy định.",
    "Đoàn công tác đến {place}. Bộ trưởng phát biểu, hội nghị kết thúc lúc {hour} giờ.",
    "Các đơn vị cần {action} {topic}, bảo đảm công khai, minh bạch và hiệu quả.",
    "Kết quả kiểm toán cho thấy nhiều tồn tại trong {topic} tại {place} giai đoạn {year}-{next_year}.",
    "{agency} đề nghị {agency2} tiếp tục {action} {topic} trong thời gian tới.",
    "Hội nghị đã thống nhất các giải pháp nhằm {action} {topic}; đồng thời rà soát các văn bản liên quan.",
    "Theo Nghị định số {number}/{year}/NĐ-CP, việc {topic} được thực hiện theo lộ trình đến năm {next_year}.",
    "Tại phiên họp, đại biểu Quốc hội đoàn {place} đã chất vấn về {topic}.",
]

LEAD_TEMPLATES = [
    "Ngày {day}/{month}, tại {place}, {agency} {action} {topic}.",
    "Sáng {day}/{month}/{year}, {agency} tổ chức hội nghị {topic} với sự tham dự của đại diện {agency2}.",
    "Chiều nay, {agency} đã {action} {topic}, kiến nghị xử lý {amount} tỷ đồng.",
]

CAPTIONS = [
    "Quang cảnh hội nghị tại {place}",
    "Đại diện {agency} phát biểu",
    "Toàn cảnh phiên làm việc",
    "Lãnh đạo {agency} trao đổi với phóng viên",
]


# placeholder -> how to draw its value from (rng, year)
DRAWS = {
    "agency": lambda rng, year: rng.choice(AGENCIES),
    "agency2": lambda rng, year: rng.choice(AGENCIES),
    "action": lambda rng, year: rng.choice(ACTIONS),
    "topic": lambda rng, year: rng.choice(TOPICS),
    "place": lambda rng, year: rng.choice(PLACES),
    "year": lambda rng, year: year,
    "next_year": lambda rng, year: year + rng.randint(1, 5),
    "amount": lambda rng, year: rng.randint(1, 9_999),
    "hour": lambda rng, year: rng.randint(8, 18),
    "number": lambda rng, year: rng.randint(1, 199),
    "day": lambda rng, year: rng.randint(1, 28),
    "month": lambda rng, year: rng.randint(1, 12),
}


class _Slots(dict):
    """Draws a value for a template placeholder only when the template uses it (generation speed)."""

    def __init__(self, rng: random.Random, year: int) -> None:
        super().__init__()
        self.rng, self.year = rng, year

    def __missing__(self, key: str) -> object:
        return DRAWS[key](self.rng, self.year)


def _fill(template: str, rng: random.Random, year: int) -> str:
    return template.format_map(_Slots(rng, year))


def _paragraph(rng: random.Random, year: int) -> str:
    return " ".join(_fill(rng.choice(SENTENCE_TEMPLATES), rng, year) for _ in range(rng.randint(2, 5)))


def _title(rng: random.Random) -> str:
    return f"{rng.choice(AGENCIES)} {rng.choice(ACTIONS)} {rng.choice(TOPICS)} tại {rng.choice(PLACES)}"


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _article(number: int, rng: random.Random) -> dict:
    site = rng.choice(list(SITES))
    prefix, section, parser = SITES[site]
    published = FIRST_DAY + timedelta(seconds=rng.randrange(SPAN_SECONDS))
    year = published.year
    title = _title(rng)
    lead = _fill(rng.choice(LEAD_TEMPLATES), rng, year)
    body = [_paragraph(rng, year) for _ in range(rng.randint(3, 10))]
    url = f"https://{site}/{section}/{number:08d}-{rng.getrandbits(32):08x}.html"
    seen = _iso(published + timedelta(hours=rng.randint(1, 72)))
    updated = published + timedelta(hours=rng.randint(1, 48)) if rng.random() < 0.3 else None
    return {
        "url": url,
        "canonical_url": url,
        "site": site,
        "agency_prefix": prefix,
        "title": title,
        "lead": lead,
        "body": body,
        "author": rng.choice(AUTHORS) if rng.random() < 0.8 else None,
        "category": rng.choice(CATEGORIES),
        "tags": rng.sample(TAGS, rng.randint(0, 4)),
        "images": [
            {
                "url": f"https://{site}/uploads/{year}/{rng.getrandbits(40):010x}.jpg",
                "caption": _fill(rng.choice(CAPTIONS), rng, year),
                "credit": rng.choice(AUTHORS),
            }
            for _ in range(rng.randint(0, 3))
        ],
        "published_at": _iso(published),
        "updated_at": _iso(updated) if updated else None,
        "language": "vi",
        "parser": parser,
        "content_hash": content_hash({"title": title, "lead": lead, "body": body}),
        "first_seen": seen,
        "last_seen": seen,
        "version": 1,
    }


def generate_articles(n: int, seed: int = 0) -> Iterator[dict]:
    """Yield `n` realistic Article documents; the same (n, seed) always yields the same documents."""
    rng = random.Random(seed)
    for number in range(n):
        yield _article(number, rng)
