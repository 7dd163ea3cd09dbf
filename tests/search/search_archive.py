"""The small Vietnamese archive the search tests index, and helpers shared by the test modules."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timedelta

from index.vietnamese import VIETNAM
from index.writer import document_id

NOW = datetime.now(VIETNAM).replace(microsecond=0)


def _article(slug: str, title: str, published: str, body: list[str], **fields: object) -> dict:
    url = f"https://baokiemtoan.vn/tin-tuc/{slug}.html"
    return {
        "url": url,
        "canonical_url": url,
        "site": "baokiemtoan.vn",
        "title": title,
        "lead": None,
        # every article carries "bản tin lưu trữ", so one query can match the whole archive
        "body": [*body, f"Bản tin lưu trữ {slug}."],
        "author": None,
        "category": ["Tin tức"],
        "published_at": published,
        "language": "vi",
        "parser": "test.v1",
        **fields,
    }


ARTICLES = {
    "thi-dua": _article(
        "thi-dua", "Phát động phong trào thi đua ái quốc năm 2023", "2023-04-30T23:30:00+07:00",
        ["Kiểm toán nhà nước phát động phong trào thi đua ái quốc trong toàn ngành."],
        category=["Thi đua - Khen thưởng"], author="Nguyễn Văn Hùng",
        lead="Phong trào thi đua ái quốc được phát động tại Hà Nội.",
    ),
    "khong-dau": _article(
        "khong-dau", "Ban tin thi dua ai quoc viet khong dau", "2023-05-01T00:30:00+07:00",
        ["Noi dung thi dua ai quoc duoc go khong dau."],
        site="baochinhphu.vn", category=["Thời sự"],
    ),
    "hoa-binh": _article(
        "hoa-binh", "Hòa bình và hợp tác trong khu vực", "2023-06-15T09:00:00+07:00",
        ["Các nước cam kết giữ gìn hòa bình."], site="quochoi.vn", category=["Đối ngoại"],
    ),
    "hoa-hong": _article(
        "hoa-hong", "Hoa hồng nở rộ ở vùng cao", "2023-06-20T09:00:00+07:00",
        ["Mùa hoa hồng thu hút khách du lịch."], category=["Đời sống"],
    ),
    "ktnn": _article(
        "ktnn", "Kiểm toán nhà nước công bố kết quả kiểm toán ngân sách", "2024-01-10T08:00:00+07:00",
        ["Kiểm toán nhà nước đã công bố kết quả kiểm toán năm 2023."],
        category=["Kiểm toán", "Kết quả kiểm toán"], author="Trần Thị Mai",
    ),
    "noi-bo": _article(
        "noi-bo", "Nhà nước khuyến khích kiểm toán nội bộ", "2024-01-12T08:00:00+07:00",
        ["Kết quả cho thấy doanh nghiệp nhà nước cần tăng cường kiểm toán nội bộ."], category=["Kiểm toán"],
    ),
    "covid": _article(
        "covid", "Kiểm toán chi phòng chống covid", "2024-02-01T08:00:00+07:00",
        ["KTNN kiểm toán các khoản chi phòng chống dịch covid."], category=["Kiểm toán"],
    ),
    "ha-noi": _article(
        "ha-noi", "Hà Nội tổ chức lễ hội mùa thu", "2024-09-02T08:00:00+07:00", ["Lễ hội diễn ra ở Hồ Gươm."],
        category=["Văn hóa"],
    ),
    "da-nang": _article(
        "da-nang", "Đà Nẵng đón khách du lịch quốc tế", "2024-09-03T08:00:00+07:00",
        ["Lượng khách đến Đà Nẵng tăng mạnh."], category=["Du lịch"],
    ),
    "recent": _article(
        "recent", "Tin mới về cải cách hành chính", (NOW - timedelta(days=2)).isoformat(),
        ["Cải cách hành chính được đẩy mạnh."], category=["Thời sự"],
    ),
    "last-month": _article(
        "last-month", "Tổng kết cải cách hành chính", (NOW - timedelta(days=40)).isoformat(),
        ["Cải cách hành chính đạt nhiều kết quả."], category=["Thời sự"],
    ),
}


def article_id(slug: str) -> str:
    return document_id(ARTICLES[slug]["canonical_url"])


SLUG_BY_ID = {article_id(slug): slug for slug in ARTICLES}


class FakeTerminal(io.StringIO):
    """Standard output as a terminal would present it (isatty), to test colour decisions."""

    def isatty(self) -> bool:
        return True


@dataclass
class Run:
    code: int
    out: str
    err: str


