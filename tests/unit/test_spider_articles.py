"""SiteSpider.parse_article on single responses: the crawl decodes a page exactly as `vnnews extract` does,
and `since` drops older articles."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.extract import extract_article
from crawler.spiders.registered import SPIDERS
from crawler.spiders.site import SiteSpider, since_day

URL = "https://baokiemtoan.vn/kiem-toan-nha-nuoc-24550.html"
TITLE = "Kiểm toán nhà nước"


def page(charset: str, title: str = TITLE, paragraph: str = "Công bố kết quả kiểm toán năm 2023.") -> str:
    return f"""<html><head><meta charset="{charset}"></head><body>
      <h1 class="c-detail-head__title">{title}</h1><span class="c-detail-head__time">27/04/2023 | 14:35</span>
      <div class="content-main-normal"><p>{paragraph}</p></div></body></html>"""


def spider(since: str | None = None) -> SiteSpider:
    crawler: Crawler = get_crawler(SPIDERS["bkto"])
    crawler.spider = crawler._create_spider(since=since)
    return crawler.spider


def crawled(body: bytes, content_type: str = "text/html") -> list:
    response = HtmlResponse(URL, body=body, headers={"Content-Type": content_type}, request=Request(URL))
    return list(spider().parse_article(response))


@pytest.mark.parametrize("content_type", ["text/html", "text/html; charset=iso-8859-1"])
def test_utf8_page_declaring_latin1_is_read_as_utf8_like_vnnews_extract(content_type: str) -> None:
    body = page("iso-8859-1").encode()
    (article,) = crawled(body, content_type)
    assert article.title == TITLE
    assert article == extract_article(body, URL)


def test_charset_of_the_http_header_beats_the_meta_tag() -> None:
    # Letters Windows-1258 holds precomposed, so that the bytes are simple to write here.
    body = page("utf-8", title="Tài chính công", paragraph="Báo cáo tài chính.").encode("cp1258")
    (article,) = crawled(body, "text/html; charset=windows-1258")
    assert article.title == "Tài chính công"
    assert article == extract_article(body, URL, declared="windows-1258")


def test_since_drops_articles_published_before_that_day() -> None:
    response = HtmlResponse(URL, body=page("utf-8").encode(), request=Request(URL))
    assert [a.published_at for a in spider(since="2023-04-27").parse_article(response)] == [
        "2023-04-27T14:35:00+07:00"
    ]
    assert list(spider(since="2023-04-28").parse_article(response)) == []


def test_since_day_is_a_calendar_day() -> None:
    assert str(since_day("2023-04-27")) == "2023-04-27"
    assert since_day(None) is None
    with pytest.raises(ValueError):
        since_day("27/04/2023")
