"""crawler.extract.generic: site naming, agency prefixes, dates, table rows, not-an-article pages, the
validation drop and `vnnews extract` on any site, on small pages. The full layouts are golden tests
(test_generic_golden.py)."""

from __future__ import annotations

import json

import pytest

from crawler.extract import extract_article
from crawler.extract.generic import NOT_ARTICLE, PARSER, generic_site, split_agency
from crawler.extract.generic_score import best_container, measure
from crawler.extract.page import load_page
from crawler.pipelines.validate import rejection_reason
from crawler.sites import site_for_url
from search_cli import main as vnnews

URL = "https://www.tinhuy.example.vn/tin-tuc/hoi-nghi-a123.html"
PARAGRAPHS = "".join(
    f"<p>Đoạn {n}: hội nghị đã thảo luận, thống nhất nhiều giải pháp về phát triển kinh tế, xã hội của tỉnh.</p>"
    for n in range(1, 4)
)


def page(head: str = "", meta_line: str = "", body: str = PARAGRAPHS, after: str = "") -> str:
    return f"""<html><head>{head}</head><body>
      <header><div class="today">Thứ Bảy, 05/12/2026</div></header>
      <div class="detail"><h1>Hội nghị Tỉnh ủy lần thứ 20</h1>{meta_line}
      <div class="detail-content">{body}</div></div>{after}</body></html>"""


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.vnexpress.net/a.html", "vnexpress.net"),
        ("https://m.baodanang.vn/a.html", "baodanang.vn"),
        ("http://www2.hanoi.gov.vn/a", "hanoi.gov.vn"),
        ("https://stttt.thaibinh.gov.vn/a", "stttt.thaibinh.gov.vn"),
    ],
)
def test_unknown_site_is_its_host_without_www_or_m(url: str, domain: str) -> None:
    assert generic_site(url).domain == domain
    article = extract_article(page(), url)
    assert article.site == domain
    assert article.canonical_url == f"https://{domain}/{url.split('/', 3)[3]}"


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        ("(BKTO) - Kiểm toán nhà nước công bố.", ("Kiểm toán nhà nước công bố.", "BKTO")),
        ("(Chinhphu.vn) - Thủ tướng chỉ đạo.", ("Thủ tướng chỉ đạo.", "Chinhphu.vn")),
        ("QĐND - Sáng 12/5, bộ đội giúp dân.", ("Sáng 12/5, bộ đội giúp dân.", "QĐND")),
        ("TTXVN - Tổng cục Thuế cho biết.", ("Tổng cục Thuế cho biết.", "TTXVN")),
        ("(ĐTCK) Nhiều doanh nghiệp báo lãi.", ("Nhiều doanh nghiệp báo lãi.", "ĐTCK")),
        ("Vietnamplus.vn - Tin nhanh.", ("Tin nhanh.", "Vietnamplus.vn")),
        ("HÀ NỘI - Sáng nay, Quốc hội khai mạc.", ("HÀ NỘI - Sáng nay, Quốc hội khai mạc.", None)),
        ("Hà Nội - Sáng nay, Quốc hội khai mạc.", ("Hà Nội - Sáng nay, Quốc hội khai mạc.", None)),
        ("Năm 2024 - năm bản lề của kế hoạch.", ("Năm 2024 - năm bản lề của kế hoạch.", None)),
    ],
)
def test_agency_prefix_is_split_off_generally(lead: str, expected: tuple[str, str | None]) -> None:
    assert split_agency(lead, generic_site(URL)) == expected


# --- dates -------------------------------------------------------------------------------------------


def test_utc_metadata_is_vietnam_time_and_beats_the_visible_date() -> None:
    head = '<meta property="article:published_time" content="2024-03-02T01:05:00Z">'
    article = extract_article(page(head, '<p class="date">02/03/2024 09:00</p>'), URL)
    assert article.published_at == "2024-03-02T08:05:00+07:00"


def test_date_only_visible_value_takes_the_time_of_the_metadata_of_its_day() -> None:
    ld = '{"@type": "NewsArticle", "datePublished": "2024-07-16T02:00:00+07:00"}'
    head = f'<script type="application/ld+json">{ld}</script><meta name="pubdate" content="2024-07-15T09:40:00+07:00">'
    article = extract_article(page(head, '<span class="date">Ngày 15/07/2024</span>'), URL)
    assert article.published_at == "2024-07-15T09:40:00+07:00"


def test_visible_day_first_date_when_nothing_is_structured() -> None:
    article = extract_article(page(meta_line='<div class="time">14h30, 03/06/2024</div>'), URL)
    assert article.published_at == "2024-06-03T14:30:00+07:00"


def test_header_today_sidebar_times_comments_and_related_microdata_never_give_the_date() -> None:
    related = """<div class="sidebar"><div itemscope itemtype="https://schema.org/NewsArticle">
      <meta itemprop="datePublished" content="2024-01-01T08:00:00+07:00"><a href="/b.html">Tin khác</a>
      <span>01/01/2024 08:00</span></div></div>"""
    article = extract_article(page(meta_line="<!-- 09/01/2024 07:00 -->", after=related), URL)
    assert article.published_at is None


# --- body --------------------------------------------------------------------------------------------


def test_table_rows_are_one_paragraph_each_on_the_profile_path_too() -> None:
    table = "<table><tr><th>Chỉ tiêu</th><th>Kết quả</th></tr><tr><td>Thu ngân sách</td><td>9.126</td></tr></table>"
    legacy = f"""<html><body><h1 class="c-detail-head__title">Tiêu đề</h1>
      <div class="content-main-normal"><p>Mở đầu.</p>{table}</div></body></html>"""
    article = extract_article(legacy, "https://baokiemtoan.vn/a-24550.html")
    assert article.parser == "bkto.legacy.v1"
    assert article.body == ["Mở đầu.", "Chỉ tiêu | Kết quả", "Thu ngân sách | 9.126"]


def test_layout_table_holding_the_article_keeps_its_paragraphs() -> None:
    long_cell = f"<table><tr><td>{PARAGRAPHS * 3}</td></tr></table>"
    article = extract_article(page(body=long_cell), URL)
    assert len(article.body) == 9


def test_known_site_page_no_template_recognises_is_extracted_generically() -> None:
    article = extract_article(page(), "https://baokiemtoan.vn/vi/bai-viet/hoi-nghi")
    assert (article.parser, article.site, article.title) == (PARSER, "baokiemtoan.vn", "Hội nghị Tỉnh ủy lần thứ 20")
    assert article.lead is None and len(article.body) == 3


def test_deep_nesting_is_scored_without_recursion() -> None:
    deep = "<div>" * 1500 + PARAGRAPHS + "</div>" * 1500  # deeper than Python's recursion limit
    root = load_page(f"<html><body>{deep}</body></html>", URL).selector.root
    assert best_container(root, None, measure(root)) is not None


# --- not an article ------------------------------------------------------------------------------------


def test_list_of_articles_is_not_an_article_and_validation_drops_it() -> None:
    items = "".join(
        f'<div class="item"><h3><a href="/a{n}.html">Tin số {n} về hội nghị</a></h3><p>{"Mô tả ngắn. " * 6}</p></div>'
        for n in range(4)
    )
    article = extract_article(page(body=items), URL)
    assert article.parser == NOT_ARTICLE
    assert rejection_reason(article.to_dict(), is_listing_url=False) == "not_article"
    assert site_for_url(URL) is None


def test_cli_extracts_a_page_of_any_site(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    saved = tmp_path / "page.html"
    saved.write_text(page(), "utf-8")
    assert vnnews.main(["extract", str(saved), "--url", URL]) == 0
    output = json.loads(capsys.readouterr().out)
    assert (output["parser"], output["site"]) == (PARSER, "tinhuy.example.vn")
    assert output["title"] == "Hội nghị Tỉnh ủy lần thứ 20"


def test_linked_headline_cards_inside_the_body_are_dropped_with_their_description() -> None:
    cards = "".join(
        f'<div class="it"><h3><a href="/x{n}.html">Bài viết khác số {n} rất đáng đọc</a></h3>'
        f"<p>Mô tả ngắn của bài viết khác số {n}, dài hơn bốn mươi ký tự.</p></div>"
        for n in range(2)
    )
    body = PARAGRAPHS + f'<div class="inline-box">{cards}</div><h3>Tiêu đề phụ của bài viết</h3>' + PARAGRAPHS
    article = extract_article(page(body=body), URL)
    assert article.parser == PARSER
    assert len(article.body) == 7 and "Tiêu đề phụ của bài viết" in article.body
    assert not any("Bài viết khác" in text or "Mô tả ngắn" in text for text in article.body)


def test_caption_keeps_no_separator_left_by_its_credit() -> None:
    figure = '<figure><img src="/a.jpg"><figcaption>Thủ tướng phát biểu - Ảnh: VGP/Nhật Bắc</figcaption></figure>'
    article = extract_article(page(body=PARAGRAPHS + figure), URL)
    assert article.images == [
        {"url": "https://www.tinhuy.example.vn/a.jpg", "caption": "Thủ tướng phát biểu", "credit": "VGP/Nhật Bắc"}
    ]


@pytest.mark.parametrize(
    ("url", "is_article"),
    [
        ("https://tinhuy.example.vn/chuyen-muc/thoi-su/hoi-nghi-tinh-uy-24102.html", True),
        ("https://tinhuy.example.vn/category/kinh-te/hoi-nghi-post812345.html", True),
        ("https://tinhuy.example.vn/chuyen-muc/thoi-su", False),
        ("https://tinhuy.example.vn/tag/kiem-toan-t55.html", False),
        ("https://tinhuy.example.vn/tim-kiem?q=ngan+sach", False),
        ("https://tinhuy.example.vn/", False),
    ],
)
def test_listing_urls_without_metadata_are_not_articles_but_article_ids_win(url: str, is_article: bool) -> None:
    assert (extract_article(page(), url).parser == PARSER) is is_article
