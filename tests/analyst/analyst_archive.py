"""The small archive of the analyst tests: articles citing documents and about provinces, enriched the
way the crawler's enrich pipeline does it."""

from __future__ import annotations

from dataclasses import dataclass

from crawler.pipelines.enrich import EnrichPipeline
from index.writer import document_id


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def article(slug: str, title: str, published: str, body: list[str], lead: str | None = None,
            site: str = "baochinhphu.vn") -> dict:
    url = f"https://{site}/{slug}.htm"
    item = {"url": url, "canonical_url": url, "site": site, "title": title, "lead": lead, "body": body,
            "category": ["Thời sự"], "published_at": published, "language": "vi", "parser": "test.v1"}
    return EnrichPipeline().process_item(item)


ARTICLES = {
    "nd123": article(
        "nd123", "Hướng dẫn thi hành Nghị định 123/2020/NĐ-CP về hóa đơn điện tử", "2024-03-01T08:00:00+07:00",
        ["Bộ Tài chính hướng dẫn Nghị định số 123/2020/NĐ-CP quy định về hóa đơn, chứng từ.",
         "Văn bản cũng dẫn Thông tư 78/2021/TT-BTC."]),
    "nd123-variant": article(
        "nd123-variant", "Doanh nghiệp hỏi về hóa đơn", "2024-03-05T08:00:00+07:00",
        ["Theo nghị định 123 / 2020 / nđ - cp, doanh nghiệp phải dùng hóa đơn điện tử."]),
    "nd124": article(
        "nd124", "Nghị định 124/2020/NĐ-CP về khiếu nại", "2024-03-10T08:00:00+07:00",
        ["Nghị định 124/2020/NĐ-CP quy định chi tiết Luật Khiếu nại; hóa đơn không liên quan."]),
    "nq57": article(
        "nq57", "Quán triệt Nghị quyết 57-NQ/TW tại Hà Nam", "2025-02-01T08:00:00+07:00",
        ["Tỉnh ủy Hà Nam quán triệt Nghị quyết số 57-NQ/TW của Bộ Chính trị về khoa học công nghệ."],
        lead="Sáng 1/2, tỉnh Hà Nam tổ chức hội nghị."),
    "ninh-binh": article(
        "ninh-binh", "Ninh Bình sau hợp nhất bắt đầu vận hành", "2025-07-02T08:00:00+07:00",
        ["Tỉnh Ninh Bình mới gồm Hà Nam, Nam Định và Ninh Bình cũ.", "Một đoàn từ Đà Nẵng đến thăm."]),
    "hcm": article(
        "hcm", "TP.HCM triển khai Quyết định số 1006/QĐ-UBND", "2025-07-20T08:00:00+07:00",
        ["UBND TP.HCM ban hành Quyết định số 1006/QĐ-UBND.", "Học tập tư tưởng Hồ Chí Minh."]),
}

SLUG_BY_ID = {document_id(doc["canonical_url"]): slug for slug, doc in ARTICLES.items()}
