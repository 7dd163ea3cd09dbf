"""ValidatePipeline and DedupePipeline on items, without a crawl."""

from __future__ import annotations

from typing import Any

import pytest
from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

from crawler.middlewares.firewall import looks_like_firewall_page
from crawler.pipelines import ItemDropped
from crawler.pipelines.dedupe import DedupePipeline, content_hash
from crawler.pipelines.validate import ValidatePipeline
from crawler.spiders.registered import SPIDERS

URL = "https://baokiemtoan.vn/vi/bai-viet/kiem-toan-ngan-sach-2023"


@pytest.fixture
def crawler() -> Crawler:
    crawler = get_crawler(SPIDERS["bkto"])
    crawler.spider = crawler._create_spider()
    return crawler


def article(**changes: Any) -> dict[str, Any]:
    fields = {"url": URL, "canonical_url": URL, "site": "baokiemtoan.vn", "title": "Kiểm toán ngân sách 2023",
              "lead": "Kiểm toán nhà nước công bố kết quả.", "body": ["Đoạn một.", "Đoạn hai."],
              "parser": "bkto.portal.v1"}
    return fields | changes


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"title": "Request Rejected", "body": ["The requested URL was rejected. Your support ID is: 1318"]},
         "firewall"),
        ({"parser": None, "title": None, "body": []}, "no_template"),
        ({"title": None}, "no_title"),
        ({"title": "  "}, "no_title"),
        ({"body": []}, "no_body"),
        ({"body": ["", " "]}, "no_body"),
        ({"url": "https://baokiemtoan.vn/vi/chuyen-muc/tai-chinh"}, "listing"),
        ({"url": "https://baokiemtoan.vn/kinh-te/tai-chinh"}, "listing"),
    ],
)
def test_validate_drops_non_articles_with_a_reason_and_a_stat(crawler: Crawler, changes: dict, reason: str) -> None:
    with pytest.raises(ItemDropped) as dropped:
        ValidatePipeline(crawler).process_item(article(**changes))
    assert dropped.value.reason == reason
    assert crawler.stats.get_value(f"vnnews/dropped/{reason}") == 1


def test_validate_passes_an_article(crawler: Crawler) -> None:
    item = article()
    assert ValidatePipeline(crawler).process_item(item) is item
    assert not any(key.startswith("vnnews/dropped") for key in crawler.stats.get_stats())


def test_firewall_detection_needs_a_small_page_with_a_marker() -> None:
    assert looks_like_firewall_page("<html><title>Request Rejected</title>Your support ID is: 42</html>")
    assert not looks_like_firewall_page("<p>Tin tức kiểm toán</p>")
    # An article that merely quotes the phrase is long: not a firewall page.
    assert not looks_like_firewall_page("Request Rejected " + "nội dung bài viết " * 400)


def test_content_hash_covers_title_lead_and_body_only() -> None:
    base = content_hash(article())
    assert len(base) == 64
    assert content_hash(article(url="https://baokiemtoan.vn/khac-1.html", author="Minh Anh")) == base
    assert content_hash(article(title="Khác")) != base
    assert content_hash(article(lead=None)) != base
    assert content_hash(article(body=["Đoạn một.", "Đoạn ba."])) != base
    # Paragraph boundaries count: the same words split differently are a different text.
    assert content_hash(article(body=["Đoạn một. Đoạn hai."])) != base


def test_dedupe_drops_repeated_urls_and_repeated_text(crawler: Crawler) -> None:
    dedupe = DedupePipeline(crawler)
    first = dedupe.process_item(article())
    assert first["content_hash"] == content_hash(article())
    with pytest.raises(ItemDropped) as same_url:
        dedupe.process_item(article(body=["Bản cập nhật."]))
    assert same_url.value.reason == "duplicate_url"
    mirror = "https://baokiemtoan.vn/kiem-toan-ngan-sach-2023-24001.html"
    with pytest.raises(ItemDropped) as same_text:
        dedupe.process_item(article(url=mirror, canonical_url=mirror))
    assert same_text.value.reason == "duplicate_content"
    other = "https://baokiemtoan.vn/vi/bai-viet/khac"
    dedupe.process_item(article(url=other, canonical_url=other, title="Bài khác"))
    stats = crawler.stats.get_stats()
    assert stats["vnnews/dropped/duplicate_url"] == 1
    assert stats["vnnews/dropped/duplicate_content"] == 1
