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

# Official bodies, actions, subjects and places; articles draw them with Zipf-distributed frequencies (a
# few are everywhere, most are rare), so that a query matches a few per cent of the articles, as in a real
# archive, rather than nearly all of them.
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
    "Bộ Y tế",
    "Bộ Giáo dục và Đào tạo",
    "Bộ Công Thương",
    "Bộ Xây dựng",
    "Bộ Giao thông vận tải",
    "Bộ Nông nghiệp và Phát triển nông thôn",
    "Bộ Tài nguyên và Môi trường",
    "Bộ Nội vụ",
    "Bộ Tư pháp",
    "Bộ Lao động - Thương binh và Xã hội",
    "Bộ Thông tin và Truyền thông",
    "Bộ Khoa học và Công nghệ",
    "Bộ Văn hóa, Thể thao và Du lịch",
    "Tổng cục Thuế",
    "Tổng cục Hải quan",
    "Kho bạc Nhà nước",
    "Ủy ban Kinh tế của Quốc hội",
    "Ủy ban Tài chính, Ngân sách",
    "Mặt trận Tổ quốc Việt Nam",
    "Tòa án nhân dân tối cao",
    "Viện kiểm sát nhân dân tối cao",
    "Sở Tài chính",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Ban Quản lý dự án",
]

ACTIONS = [
    "chủ trì hội nghị về",
    "công bố kết quả",
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
    "sơ kết",
    "rà soát",
    "giám sát",
    "tháo gỡ vướng mắc trong",
    "đề xuất giải pháp về",
]

# Subjects: a head (what) and a complement (of what); their combinations make the many topics of an archive.
TOPIC_HEADS = [
    "kiểm toán ngân sách",
    "quản lý",
    "quyết toán",
    "đầu tư",
    "phòng, chống tham nhũng trong",
    "thi đua ái quốc về",
    "chuyển đổi số",
    "cải cách thủ tục hành chính về",
    "thực hành tiết kiệm trong",
    "thu hồi vốn",
    "bảo vệ",
    "phát triển",
    "nâng cao chất lượng",
    "huy động nguồn lực cho",
    "giải ngân vốn",
    "sắp xếp, đổi mới",
    "thanh tra",
    "hiện đại hóa",
    "xã hội hóa",
    "phân cấp",
    "ứng dụng công nghệ trong",
    "đào tạo nhân lực",
    "sử dụng kinh phí",
    "minh bạch hóa",
    "hoàn thiện thể chế về",
]

TOPIC_COMPLEMENTS = [
    "ngân sách địa phương",
    "tài sản công",
    "nợ công",
    "đầu tư công",
    "các dự án giao thông trọng điểm",
    "chương trình mục tiêu quốc gia",
    "doanh nghiệp nhà nước",
    "y tế cơ sở",
    "cơ sở y tế",
    "giáo dục phổ thông",
    "học sinh vùng cao",
    "sinh học ứng dụng",
    "đất đai",
    "khoáng sản",
    "thủy lợi",
    "phòng chống thiên tai",
    "môi trường",
    "rừng phòng hộ",
    "nhà ở xã hội",
    "bảo hiểm xã hội",
    "bảo hiểm y tế",
    "hải quan",
    "thuế thu nhập doanh nghiệp",
    "ngân hàng thương mại",
    "thị trường chứng khoán",
    "trái phiếu chính phủ",
    "nông thôn mới",
    "du lịch",
    "văn hóa cơ sở",
    "công tác cán bộ",
    "khu công nghiệp",
    "năng lượng tái tạo",
    "an ninh mạng",
    "dữ liệu dân cư",
    "quy hoạch đô thị",
    "nhà nước pháp quyền",
    "biên giới",
    "xuất khẩu nông sản",
    "cảng biển",
    "đường sắt tốc độ cao",
]

PLACES = [
    "Hà Nội", "TP.HCM", "Đà Nẵng", "Hải Phòng", "Cần Thơ", "Hòa Bình", "Thừa Thiên Huế", "Quảng Ninh",
    "Nghệ An", "Thanh Hóa", "Khánh Hòa", "Lâm Đồng", "Bắc Ninh", "Đồng Nai", "An Giang", "Lào Cai",
    "Hà Giang", "Cao Bằng", "Lạng Sơn", "Điện Biên", "Sơn La", "Yên Bái", "Tuyên Quang", "Thái Nguyên",
    "Phú Thọ", "Vĩnh Phúc", "Hưng Yên", "Hải Dương", "Thái Bình", "Nam Định", "Ninh Bình", "Hà Tĩnh",
    "Quảng Bình", "Quảng Trị", "Quảng Nam", "Quảng Ngãi", "Bình Định", "Phú Yên", "Ninh Thuận",
    "Bình Thuận", "Kon Tum", "Gia Lai", "Đắk Lắk", "Đắk Nông", "Bình Phước", "Tây Ninh", "Bình Dương",
    "Bà Rịa - Vũng Tàu", "Long An", "Tiền Giang", "Bến Tre", "Trà Vinh", "Vĩnh Long", "Đồng Tháp",
    "Kiên Giang", "Hậu Giang", "Sóc Trăng", "Bạc Liêu", "Cà Mau",
]

# Generic newsroom sentences: only the drawn slots carry the article's subject.
SENTENCE_TEMPLATES = [
    "{agency} {action} {topic} tại {place}.",
    "Theo báo cáo, năm {year} {agency} đã chỉ ra {amount} tồn tại liên quan đến {topic}.",
    "Phát biểu tại buổi làm việc, đại diện {agency} nhấn mạnh yêu cầu {topic} phải đúng quy định.",
    "Đoàn công tác đến {place}. Bộ trưởng phát biểu, hội nghị kết thúc lúc {hour} giờ.",
    "Các đơn vị cần {action} {topic}, bảo đảm công khai, minh bạch và hiệu quả.",
    "Kết quả cho thấy nhiều tồn tại trong {topic} tại {place} giai đoạn {year}-{next_year}.",
    "{agency} đề nghị {agency2} tiếp tục {action} {topic} trong thời gian tới.",
    "Hội nghị đã thống nhất các giải pháp nhằm {action} {topic}; đồng thời rà soát các văn bản liên quan.",
    "Theo Nghị định số {number}/{year}/NĐ-CP, việc {topic} được thực hiện theo lộ trình đến năm {next_year}.",
    "Tại phiên họp, đại biểu đoàn {place} đã nêu ý kiến về {topic}.",
]

LEAD_TEMPLATES = [
    "Ngày {day}/{month}, tại {place}, {agency} {action} {topic}.",
    "Sáng {day}/{month}/{year}, {agency} tổ chức hội nghị {topic} với sự tham dự của đại diện {agency2}.",
    "Chiều nay, {agency} đã {action} {topic}, với tổng kinh phí {amount} tỷ đồng.",
]

CAPTIONS = [
    "Quang cảnh hội nghị tại {place}",
    "Đại diện {agency} phát biểu",
    "Toàn cảnh phiên làm việc",
    "Lãnh đạo {agency} trao đổi với phóng viên",
]

ZIPF_EXPONENT = 1.1


def _zipf_cumulative(count: int) -> list[float]:
    """Cumulative weights rank^-s for `random.choices`: the first entry is the most frequent."""
    total, cumulative = 0.0, []
    for rank in range(1, count + 1):
        total += rank**-ZIPF_EXPONENT
        cumulative.append(total)
    return cumulative


def _topics() -> list[str]:
    """Every head with every complement, in a fixed shuffled order of frequency."""
    topics = [f"{head} {complement}" for head in TOPIC_HEADS for complement in TOPIC_COMPLEMENTS]
    random.Random(7).shuffle(topics)
    return topics


TOPICS = _topics()
ZIPF = {name: (values, _zipf_cumulative(len(values))) for name, values in
        {"agency": AGENCIES, "action": ACTIONS, "topic": TOPICS, "place": PLACES}.items()}


def _zipf_draw(rng: random.Random, name: str) -> str:
    values, cumulative = ZIPF[name]
    return rng.choices(values, cum_weights=cumulative)[0]


class _Subject:
    """What one article is about: its topic (and a related one), place and agency, used by its sentences."""

    def __init__(self, rng: random.Random) -> None:
        self.topic, self.place, self.agency = (_zipf_draw(rng, name) for name in ("topic", "place", "agency"))
        self.other_topic = _zipf_draw(rng, "topic")


# placeholder -> how to draw its value from (rng, year, subject)
DRAWS = {
    "agency": lambda rng, year, subject: subject.agency if rng.random() < 0.9 else _zipf_draw(rng, "agency"),
    "agency2": lambda rng, year, subject: _zipf_draw(rng, "agency"),
    "action": lambda rng, year, subject: _zipf_draw(rng, "action"),
    "topic": lambda rng, year, subject: subject.topic if rng.random() < 0.85 else subject.other_topic,
    "place": lambda rng, year, subject: subject.place if rng.random() < 0.97 else _zipf_draw(rng, "place"),
    "year": lambda rng, year, subject: year,
    "next_year": lambda rng, year, subject: year + rng.randint(1, 5),
    "amount": lambda rng, year, subject: rng.randint(1, 9_999),
    "hour": lambda rng, year, subject: rng.randint(8, 18),
    "number": lambda rng, year, subject: rng.randint(1, 199),
    "day": lambda rng, year, subject: rng.randint(1, 28),
    "month": lambda rng, year, subject: rng.randint(1, 12),
}


class _Slots(dict):
    """Draws a value for a template placeholder only when the template uses it (generation speed)."""

    def __init__(self, rng: random.Random, year: int, subject: _Subject) -> None:
        super().__init__()
        self.rng, self.year, self.subject = rng, year, subject

    def __missing__(self, key: str) -> object:
        return DRAWS[key](self.rng, self.year, self.subject)


def _fill(template: str, rng: random.Random, year: int, subject: _Subject) -> str:
    return template.format_map(_Slots(rng, year, subject))


def _paragraph(rng: random.Random, year: int, subject: _Subject) -> str:
    return " ".join(_fill(rng.choice(SENTENCE_TEMPLATES), rng, year, subject) for _ in range(rng.randint(2, 5)))


def _title(rng: random.Random, subject: _Subject) -> str:
    return f"{subject.agency} {_zipf_draw(rng, 'action')} {subject.topic} tại {subject.place}"


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _article(number: int, rng: random.Random) -> dict:
    site = rng.choice(list(SITES))
    prefix, section, parser = SITES[site]
    published = FIRST_DAY + timedelta(seconds=rng.randrange(SPAN_SECONDS))
    year = published.year
    subject = _Subject(rng)
    title = _title(rng, subject)
    lead = _fill(rng.choice(LEAD_TEMPLATES), rng, year, subject)
    body = [_paragraph(rng, year, subject) for _ in range(rng.randint(3, 10))]
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
                "caption": _fill(rng.choice(CAPTIONS), rng, year, subject),
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


COPY_EVERY = 10  # site_stories: one article in ten republishes an earlier one
COPY_DISTANCE = 5


def site_stories(n: int, seed: int = 0) -> list[tuple[str, str, list[str]]]:
    """(title, lead, paragraphs) of `n` articles of one site, for tests/crawl/bkto_sitegen.py: distinct stories
    in this corpus' vocabulary, except that every COPY_EVERY-th republishes the story COPY_DISTANCE before
    it (a syndicated copy, so that copies are found and leaders demoted at a plausible rate)."""
    stories = [(article["title"], article["lead"], article["body"]) for article in generate_articles(n, seed)]
    return [stories[number - COPY_DISTANCE] if number % COPY_EVERY == COPY_EVERY - 1 else story
            for number, story in enumerate(stories)]
