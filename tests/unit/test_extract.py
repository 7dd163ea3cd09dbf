"""crawler.extract: template choice, field precedence and cleaning rules, on small pages and fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.extract import UnknownSite, extract_article
from crawler.extract.body import split_credit
from crawler.extract.generic import NOT_ARTICLE
from search_cli import main as vnnews

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bkto" / "articles"
LEGACY_URL = "https://baokiemtoan.vn/kiem-toan-ngan-sach-tinh-son-la-24550.html"
PORTAL_URL = "https://baokiemtoan.vn/vi/bai-viet/kiem-toan-ngan-sach-tinh-son-la"


def legacy_page(head: str = "", time: str = "Thứ Năm, 27/04/2023 | 14:35", body: str = "<p>Nội dung.</p>") -> str:
    return f"""<html><head>{head}</head><body>
      <h1 class="c-detail-head__title">Kiểm toán ngân sách tỉnh Sơn La</h1>
      <span class="c-detail-head__time">{time}</span>
      <p class="desc">(BKTO) - Kiểm toán nhà nước khu vực VII công bố kết quả kiểm toán.</p>
      <div class="content-main-normal">{body}</div></body></html>"""


def portal_page(time: str, head: str = "") -> str:
    return f"""<html><head>{head}</head><body><article class="post-detail">
      <h1 class="post-title">Kiểm toán ngân sách tỉnh Sơn La</h1>{time}
      <div class="post-content"><p>Nội dung.</p></div></article></body></html>"""


def fixture(name: str):
    page = FIXTURES / f"{name}.html"
    return extract_article(page.read_bytes(), json.loads(page.with_suffix(".json").read_text("utf-8"))["url"])


# --- template choice ---------------------------------------------------------------------------------


def test_probe_chooses_the_template_of_each_layout() -> None:
    assert extract_article(legacy_page(), LEGACY_URL).parser == "bkto.legacy.v1"
    assert extract_article(portal_page(""), PORTAL_URL).parser == "bkto.portal.v1"


def test_listing_page_of_a_known_site_is_marked_not_an_article() -> None:
    listing = "<html><head><meta property='og:title' content='Kết quả kiểm toán'></head><body><ul></ul></body></html>"
    article = extract_article(listing, "https://baokiemtoan.vn/vi/chuyen-muc/ket-qua-kiem-toan")
    assert article.parser == NOT_ARTICLE
    assert (article.title, article.body, article.published_at) == (None, [], None)
    assert article.site == "baokiemtoan.vn"


def test_unknown_host_is_extracted_generically() -> None:
    body = "<p>Đoàn kiểm toán đã làm việc với Sở Tài chính tỉnh về dự toán, quyết toán ngân sách năm 2022.</p>" * 3
    article = extract_article(legacy_page(body=body), "https://www.example.com/a-1.html")
    assert (article.parser, article.site) == ("generic.v1", "example.com")
    assert article.title == "Kiểm toán ngân sách tỉnh Sơn La"
    assert article.published_at == "2023-04-27T14:35:00+07:00"


def test_url_without_host_raises_unknown_site() -> None:
    with pytest.raises(UnknownSite):
        extract_article(legacy_page(), "page.html")


def test_old_domain_is_the_same_site() -> None:
    article = extract_article(legacy_page(), "http://baokiemtoannhanuoc.vn/kiem-toan-son-la-24550.html")
    assert article.site == "baokiemtoan.vn"
    assert article.canonical_url == "https://baokiemtoan.vn/kiem-toan-son-la-24550.html"


@pytest.mark.parametrize(
    "url",
    [
        "https://baokiemtoan.vn/kiem-toan-son-la-24550.html",
        "http://www.baokiemtoan.vn/kiem-toan-son-la-24550.html",
        "https://www.baokiemtoannhanuoc.vn/kiem-toan-son-la-24550.html",
        "http://BaoKiemToanNhaNuoc.vn/kiem-toan-son-la-24550.html",
    ],
)
def test_every_host_of_the_site_gives_one_canonical_url(url: str) -> None:
    assert extract_article(legacy_page(), url).canonical_url == "https://baokiemtoan.vn/kiem-toan-son-la-24550.html"


def test_canonical_link_to_another_host_of_the_site_is_rewritten_but_a_foreign_host_kept() -> None:
    www = '<link rel="canonical" href="http://www.baokiemtoan.vn/kiem-toan-son-la-24550.html">'
    assert extract_article(legacy_page(head=www), LEGACY_URL).canonical_url == (
        "https://baokiemtoan.vn/kiem-toan-son-la-24550.html"
    )
    foreign = '<link rel="canonical" href="http://Example.com/kiem-toan-son-la.html">'
    assert extract_article(legacy_page(head=foreign), LEGACY_URL).canonical_url == (
        "https://example.com/kiem-toan-son-la.html"
    )


# --- dates -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("visible", "expected"),
    [
        ("Thứ Năm, 27/04/2023 | 14:35", "2023-04-27T14:35:00+07:00"),
        ("14:35 27/4/2023 |", "2023-04-27T14:35:00+07:00"),
        ("27-04-2023 14:35 (GMT+7)", "2023-04-27T14:35:00+07:00"),
    ],
)
def test_visible_legacy_date_forms(visible: str, expected: str) -> None:
    assert extract_article(legacy_page(time=visible), LEGACY_URL).published_at == expected


def test_structured_date_beats_visible_text() -> None:
    head = '<meta property="article:published_time" content="2023-04-27T07:35:00Z">'
    article = extract_article(legacy_page(head=head, time="Thứ Năm, 27/04/2023 | 09:00"), LEGACY_URL)
    assert article.published_at == "2023-04-27T14:35:00+07:00"


def test_json_ld_date_beats_visible_text() -> None:
    ld = '{"@type": "NewsArticle", "datePublished": "2023-04-27T14:35:42+07:00"}'
    head = f'<script type="application/ld+json">{ld}</script>'
    assert extract_article(legacy_page(head=head), LEGACY_URL).published_at == "2023-04-27T14:35:42+07:00"


def test_time_datetime_outside_the_article_does_not_beat_the_template_date() -> None:
    related = """<div class="more"><h3>Tin khác</h3><ul><li><a href="/b-1.html">Bài khác</a>
                 <time datetime="2021-01-02T08:00:00+07:00">02/01/2021</time></li></ul></div>"""
    page = legacy_page().replace("</body>", related + "</body>")
    assert extract_article(page, LEGACY_URL).published_at == "2023-04-27T14:35:00+07:00"


def test_time_datetime_inside_the_article_is_the_last_resort() -> None:
    inside = '<p>Nội dung.</p><p><time datetime="2023-04-26T17:02:00+07:00">hôm qua</time></p>'
    assert extract_article(legacy_page(time="", body=inside), LEGACY_URL).published_at == "2023-04-26T17:02:00+07:00"
    # The template's visible date comes first.
    assert extract_article(legacy_page(body=inside), LEGACY_URL).published_at == "2023-04-27T14:35:00+07:00"
    outside = legacy_page(time="").replace("</body>", '<time datetime="2021-01-02T08:00:00+07:00"></time></body>')
    assert extract_article(outside, LEGACY_URL).published_at is None


def test_time_datetime_in_the_article_element_around_the_probe_counts() -> None:
    time = '<div class="meta"><time datetime="2025-06-27T10:05:00+07:00">26/06/2025</time></div>'
    assert extract_article(portal_page(time), PORTAL_URL).published_at == "2025-06-27T10:05:00+07:00"


def test_time_datetime_attribute_beats_its_text() -> None:
    time = '<time class="post-date" datetime="2025-06-27T10:05:00+07:00">ngày 26 tháng 6 năm 2025</time>'
    assert extract_article(portal_page(time), PORTAL_URL).published_at == "2025-06-27T10:05:00+07:00"


def test_worded_visible_date_when_nothing_structured() -> None:
    time = '<time class="post-date">Thứ Năm, ngày 27 tháng 4 năm 2023 - 14:35</time>'
    assert extract_article(portal_page(time), PORTAL_URL).published_at == "2023-04-27T14:35:00+07:00"


def test_date_only_inside_a_comment_is_ignored() -> None:
    time = "<!-- Thứ Tư, 26/04/2023 | 17:02 --><!-- <meta property='article:published_time' content='2023-04-26'> -->"
    assert extract_article(legacy_page(time=time), LEGACY_URL).published_at is None


def test_comment_date_does_not_compete_with_the_visible_one() -> None:
    article = fixture("legacy-kiem-toan-ngan-sach-hoa-binh")  # its date span holds a commented-out date
    assert article.published_at == "2023-05-05T08:20:00+07:00"


def test_missing_date_stays_none() -> None:
    article = extract_article(legacy_page(time=""), LEGACY_URL)
    assert (article.published_at, article.updated_at) == (None, None)


def test_updated_at_from_json_ld_in_utc_is_vietnam_time() -> None:
    assert fixture("portal-kiem-toan-von-dau-tu-cong-graph").updated_at == "2025-11-12T10:45:00+07:00"


# --- lead, images, captions, body cleaning -----------------------------------------------------------


def test_agency_prefix_is_removed_from_the_lead() -> None:
    article = extract_article(legacy_page(), LEGACY_URL)
    assert article.agency_prefix == "BKTO"
    assert article.lead == "Kiểm toán nhà nước khu vực VII công bố kết quả kiểm toán."


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("Trao Cờ Thi đua cho các đơn vị. Ảnh: hanoi.gov.vn", ("Trao Cờ Thi đua cho các đơn vị.", "hanoi.gov.vn")),
        ("Đoàn kiểm toán làm việc (Ảnh: Quang Huy)", ("Đoàn kiểm toán làm việc", "Quang Huy")),
        ("Thi công cao tốc. Nguồn: Ban QLDA Thăng Long", ("Thi công cao tốc.", "Ban QLDA Thăng Long")),
        ("Ảnh minh họa", ("Ảnh minh họa", None)),
        ("Ảnh: TTXVN", (None, "TTXVN")),
        (None, (None, None)),
    ],
)
def test_caption_and_credit_split(caption: str | None, expected: tuple[str | None, str | None]) -> None:
    assert split_credit(caption) == expected


def test_lazy_image_source_wins_and_placeholders_and_icons_are_skipped() -> None:
    body = """<p><img src="data:image/gif;base64,R0lG" data-src="/uploads/a.jpg"></p>
              <p><img src="/assets/icons/icon-zalo.png">Đoạn văn có biểu tượng.</p>
              <p><img src="data:image/gif;base64,R0lG"></p><p>Nội dung.</p>"""
    article = extract_article(legacy_page(body=body), LEGACY_URL)
    assert [image["url"] for image in article.images] == ["https://baokiemtoan.vn/uploads/a.jpg"]
    assert article.body == ["Đoạn văn có biểu tượng.", "Nội dung."]


@pytest.mark.parametrize("name", sorted(page.stem for page in FIXTURES.glob("*.html")))
def test_body_holds_no_caption_related_share_or_author_text(name: str) -> None:
    article = fixture(name)
    text = "\n".join(article.body)
    unwanted = ["Ảnh:", "Nguồn:", "Cùng chuyên mục", "Tin liên quan", "Đọc thêm", "Chia sẻ", "Tags", "Quảng cáo"]
    unwanted += [image["caption"] for image in article.images if image["caption"]]
    assert not [piece for piece in unwanted if piece in text]
    assert article.author and article.author not in article.body
    assert article.body and article.title and article.published_at


def test_author_only_as_last_right_aligned_paragraph_is_popped() -> None:
    body = '<p>Kết quả kiểm toán được công bố.</p><p style="text-align: right;"><strong>Hoàng Thủy</strong></p>'
    article = extract_article(legacy_page(body=body), LEGACY_URL)
    assert (article.author, article.body) == ("Hoàng Thủy", ["Kết quả kiểm toán được công bố."])


def test_last_sentence_is_not_mistaken_for_a_byline() -> None:
    body = '<p>Mở đầu.</p><p style="text-align: right;">Hội nghị kết thúc lúc 17 giờ cùng ngày.</p>'
    article = extract_article(legacy_page(body=body), LEGACY_URL)
    assert article.author is None
    assert article.body[-1] == "Hội nghị kết thúc lúc 17 giờ cùng ngày."


def test_text_written_straight_into_the_body_next_to_paragraphs_is_kept() -> None:
    body = "Đoạn mở đầu.<br>Dòng hai.<p>Đoạn một.</p>Đoạn <em>giữa</em>.<div>Khối.<p>Đoạn hai.</p></div>"
    assert extract_article(legacy_page(body=body), LEGACY_URL).body == [
        "Đoạn mở đầu. Dòng hai.",
        "Đoạn một.",
        "Đoạn giữa.",
        "Khối.",
        "Đoạn hai.",
    ]


def test_layout_table_with_an_image_keeps_its_text() -> None:
    long_text = "Kiểm toán nhà nước kiến nghị xử lý tài chính. " * 12
    body = f"""<table><tr><td><p><img src="/uploads/a.jpg"></p><p><em>Đoàn kiểm toán làm việc</em></p></td>
               <td><p>{long_text}</p></td></tr><tr><td><p><img src="/uploads/b.jpg"></p></td>
               <td><p>Đoạn cuối.</p></td></tr></table>"""
    article = extract_article(legacy_page(body=body), LEGACY_URL)
    assert article.body == [" ".join(long_text.split()), "Đoạn cuối."]
    assert [(image["url"], image["caption"]) for image in article.images] == [
        ("https://baokiemtoan.vn/uploads/a.jpg", "Đoàn kiểm toán làm việc"),
        ("https://baokiemtoan.vn/uploads/b.jpg", None),
    ]


def test_caption_table_is_taken_whole_as_an_image() -> None:
    body = """<p>Đoạn một.</p><table class="image"><tr><td><img src="/uploads/a.jpg"></td></tr>
              <tr><td class="image_desc">Đoàn kiểm toán làm việc. Ảnh: Quang Huy</td></tr></table><p>Đoạn hai.</p>"""
    article = extract_article(legacy_page(body=body), LEGACY_URL)
    assert article.body == ["Đoạn một.", "Đoạn hai."]
    assert article.images == [
        {"url": "https://baokiemtoan.vn/uploads/a.jpg", "caption": "Đoàn kiểm toán làm việc.", "credit": "Quang Huy"}
    ]


def test_related_box_inside_the_body_is_dropped_with_its_links() -> None:
    body = """<p>Đoạn một.</p><p><strong>Tin liên quan</strong></p>
              <ul><li><a href="/a-1.html">Bài liên quan một</a></li></ul><p>Đoạn hai.</p>"""
    assert extract_article(legacy_page(body=body), LEGACY_URL).body == ["Đoạn một.", "Đoạn hai."]


def test_category_from_breadcrumb_top_first_and_json_ld_fallback() -> None:
    assert fixture("legacy-ha-noi-thi-dua-ai-quoc").category == ["Kinh tế", "Địa phương"]
    # No breadcrumb in the HTML, a BreadcrumbList with positions out of order in JSON-LD.
    assert fixture("portal-phong-chong-tham-nhung-visible-date").category == ["Phòng, chống tham nhũng"]


def test_canonical_url_is_https_without_fragment_or_tracking() -> None:
    assert fixture("legacy-ha-noi-thi-dua-ai-quoc").canonical_url.startswith("https://baokiemtoan.vn/ha-noi-")
    assert "#" not in fixture("legacy-ha-noi-thi-dua-ai-quoc").canonical_url
    assert "utm_" not in fixture("portal-phong-chong-tham-nhung-visible-date").canonical_url


def test_nfd_and_old_style_text_is_matched_and_extracted() -> None:
    article = fixture("legacy-kiem-toan-ngan-sach-hoa-binh")  # NFD title, "Hoà", "thuỷ", NBSPs
    assert article.title == "Kiểm toán ngân sách tỉnh Hoà Bình: Kiến nghị xử lý tài chính hơn 126 tỷ đồng"
    assert article.images[0]["credit"] == "Quang Huy"


# --- vnnews extract ----------------------------------------------------------------------------------


def test_cli_prints_the_normalised_article(capsys: pytest.CaptureFixture[str]) -> None:
    page = FIXTURES / "legacy-kiem-toan-ngan-sach-hoa-binh.html"
    golden = json.loads(page.with_suffix(".json").read_text("utf-8"))
    assert vnnews.main(["extract", str(page), "--url", golden["url"]]) == 0
    output = capsys.readouterr().out
    assert json.loads(output) == golden
    assert "Hòa Bình" in output  # ensure_ascii=False, normalised tones


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["/nonexistent/page.html", "--url", LEGACY_URL], "cannot read"),
        ([str(FIXTURES / "legacy-ha-noi-thi-dua-ai-quoc.html"), "--url", "a.html"], "with a host"),
    ],
)
def test_cli_bad_input_exits_9_with_one_line(
    arguments: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert vnnews.main(["extract", *arguments]) == 9
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and message in captured.err


def test_cli_usage_error_exits_2_like_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        vnnews.main(["extract", str(FIXTURES / "legacy-ha-noi-thi-dua-ai-quoc.html")])
    assert raised.value.code == 2
    assert "--url" in capsys.readouterr().err
