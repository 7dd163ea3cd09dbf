"""A deterministic stand-in for baokiemtoan.vn: articles of both templates, sitemaps, home, and the
listings of both families (relaunch and old template), each with its AJAX "Xem thêm" pages.

Used to build the bundled demo archive (`crawler/replay/bkto-demo.warc.gz`: the article fixtures of
tests/fixtures/bkto/articles plus generated articles), the archives of the crawl tests, and the
benchmark archives. Pages follow the templates of `crawler.sites.bkto` (the site spec is the source of
the listing URLs, so the generated site always matches what the spider expects; the markup is written
here, so a selector that drifts from it fails the crawl tests). The same inputs give the same bytes.

    python tests/crawl/bkto_sitegen.py demo            # rebuild crawler/replay/bkto-demo.warc.gz
    python tests/crawl/bkto_sitegen.py generated N OUT # an archive of N generated articles
"""

from __future__ import annotations

import html
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script, or imported by bench/
    sys.path.insert(0, str(ROOT))

from crawler.extract import extract_article  # noqa: E402
from crawler.normalise.dates import parse_structured_date  # noqa: E402
from crawler.replay import DEMO_ARCHIVE  # noqa: E402
from crawler.replay.archive import Exchange, write_archive  # noqa: E402
from crawler.sites.base import Listing  # noqa: E402
from crawler.sites.bkto import LEGACY_LISTING, PORTAL_LISTING  # noqa: E402
from index.vietnamese import VIETNAM, fold  # noqa: E402

ORIGIN = "https://baokiemtoan.vn"
OLD_ORIGIN = "https://baokiemtoannhanuoc.vn"
FIXTURES = ROOT / "tests" / "fixtures" / "bkto"
SITE_FIXTURES = FIXTURES / "site"
ARTICLE_FIXTURES = FIXTURES / "articles"
# A fixed archive date keeps rebuilt archives byte-identical.
ARCHIVED_AT = "2024-06-01T00:00:00Z"
FIRST_PUBLISHED = datetime(2023, 1, 2, 8, 0, tzinfo=VIETNAM)
PER_PAGE = 10  # items per listing page, the first and every "Xem thêm" page
HTML = (("Content-Type", "text/html; charset=utf-8"),)
XML = (("Content-Type", "application/xml; charset=utf-8"),)
TEXT = (("Content-Type", "text/plain; charset=utf-8"),)

# New-template category slug -> (its name, the old-template section it replaced).
CATEGORIES = {
    "ket-qua-kiem-toan": ("Kết quả kiểm toán", "kiem-toan/ket-qua-kiem-toan"),
    "hoat-dong-cua-nganh": ("Hoạt động của ngành", "kiem-toan/hoat-dong-cua-nganh"),
    "tai-chinh": ("Tài chính", "kinh-te/tai-chinh"),
    "dia-phuong": ("Địa phương", "kinh-te/dia-phuong"),
    "phong-chong-tham-nhung": ("Phòng, chống tham nhũng", "phap-luat"),
}
PROVINCES = (
    "Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Thanh Hóa", "Nghệ An", "Quảng Ninh", "Bắc Ninh",
    "Khánh Hòa", "Lâm Đồng", "Đồng Nai", "Bình Dương", "Thừa Thiên Huế", "Quảng Nam", "Hà Tĩnh",
)
REPORTERS = ("Minh Anh", "Thu Hà", "Quang Huy", "Ngọc Lan", "Đức Thắng", "Hoàng Yến")
# (category slug, title, lead, paragraphs): {p} province, {y} year, {n} serial, {a} amount, {k} count.
TOPICS = (
    (
        "ket-qua-kiem-toan",
        "Kiểm toán ngân sách địa phương năm {y} tại {p}: kiến nghị xử lý tài chính {a} tỷ đồng",
        "Kiểm toán nhà nước vừa công bố kết quả kiểm toán ngân sách địa phương năm {y} của tỉnh {p}, "
        "kiến nghị xử lý tài chính {a} tỷ đồng và chấn chỉnh công tác lập, giao dự toán.",
        (
            "Theo Báo cáo kiểm toán số {n}/BC-KTNN, việc lập và giao dự toán thu ngân sách tại {p} còn "
            "chưa sát thực tế; một số khoản thu tiền sử dụng đất chưa được đôn đốc kịp thời.",
            "Đoàn kiểm toán phát hiện việc quản lý, sử dụng kinh phí chi thường xuyên tại một số sở, ngành "
            "chưa chặt chẽ, chi sai chế độ và chuyển nguồn không đúng quy định.",
            "Kiểm toán nhà nước kiến nghị UBND tỉnh {p} chỉ đạo thu hồi nộp ngân sách nhà nước, giảm chi "
            "và giảm thanh toán tổng cộng {a} tỷ đồng; đồng thời rà soát trách nhiệm tập thể, cá nhân.",
            "Kết quả kiểm toán ngân sách năm {y} góp phần nâng cao kỷ luật tài chính, công khai, minh bạch "
            "trong quản lý tài chính công của địa phương./.",
        ),
    ),
    (
        "dia-phuong",
        "{p} tổng kết phong trào thi đua ái quốc, khen thưởng {k} tập thể xuất sắc",
        "UBND tỉnh {p} tổ chức hội nghị tổng kết phong trào thi đua ái quốc năm {y}, biểu dương {k} "
        "tập thể và nhiều cá nhân có thành tích xuất sắc.",
        (
            "Phát biểu tại hội nghị, Chủ tịch UBND tỉnh {p} nhấn mạnh phong trào thi đua yêu nước đã trở "
            "thành động lực quan trọng để hoàn thành các chỉ tiêu phát triển kinh tế - xã hội năm {y}.",
            "Các phong trào thi đua theo chuyên đề tập trung vào cải cách hành chính, chuyển đổi số và xây "
            "dựng nông thôn mới, với nhiều mô hình hay được nhân rộng.",
            "Dịp này, tỉnh {p} trao Cờ thi đua cho {k} tập thể dẫn đầu và Bằng khen cho các cá nhân tiêu "
            "biểu theo Quyết định số {n}/QĐ-UBND./.",
        ),
    ),
    (
        "hoat-dong-cua-nganh",
        "Kiểm toán nhà nước khu vực {k} triển khai kế hoạch kiểm toán năm {y} tại {p}",
        "Kiểm toán nhà nước khu vực {k} tổ chức hội nghị triển khai kế hoạch kiểm toán năm {y}, tập "
        "trung vào các lĩnh vực có nhiều rủi ro như đầu tư công, đất đai và tài nguyên.",
        (
            "Theo kế hoạch số {n}/KH-KTNN, năm {y} đơn vị thực hiện kiểm toán ngân sách địa phương và "
            "các dự án đầu tư xây dựng trên địa bàn {p}.",
            "Lãnh đạo đơn vị yêu cầu các đoàn kiểm toán tuân thủ chuẩn mực, quy trình kiểm toán, giữ gìn "
            "đạo đức nghề nghiệp và ứng dụng công nghệ thông tin trong hoạt động kiểm toán.",
            "Hội nghị cũng quán triệt các quy định về phòng, chống tham nhũng, lãng phí và kiểm soát chất "
            "lượng kiểm toán ở tất cả các cấp./.",
        ),
    ),
    (
        "tai-chinh",
        "Thu ngân sách nhà nước năm {y} tại {p} ước đạt {k}% dự toán",
        "Tổng thu ngân sách nhà nước trên địa bàn {p} năm {y} ước đạt {a} tỷ đồng, bằng {k}% dự toán "
        "được giao, trong đó thu nội địa tăng khá so với cùng kỳ.",
        (
            "Theo Cục Thuế tỉnh {p}, nhiều khoản thu lớn đạt khá như thu từ doanh nghiệp ngoài quốc doanh, "
            "thuế thu nhập cá nhân và lệ phí trước bạ.",
            "Tuy nhiên, thu tiền sử dụng đất giảm mạnh do thị trường bất động sản trầm lắng; nợ đọng thuế "
            "còn cao tại một số doanh nghiệp.",
            "Ngành tài chính {p} đề ra {n} giải pháp chống thất thu, đẩy mạnh hóa đơn điện tử và tăng "
            "cường kiểm tra, giám sát việc chấp hành pháp luật ngân sách./.",
        ),
    ),
    (
        "phong-chong-tham-nhung",
        "Phòng, chống tham nhũng, lãng phí trong quản lý đầu tư công tại {p}",
        "Việc công khai kết quả kiểm toán các dự án đầu tư công tại {p} góp phần phòng ngừa tham "
        "nhũng, lãng phí và nâng cao hiệu quả sử dụng vốn ngân sách năm {y}.",
        (
            "Qua kiểm toán {k} dự án đầu tư công tại {p}, Kiểm toán nhà nước chỉ ra tình trạng chậm giải "
            "ngân, điều chỉnh chủ trương đầu tư nhiều lần và thất thoát trong khâu nghiệm thu.",
            "Các sai phạm có dấu hiệu vi phạm pháp luật được chuyển cơ quan điều tra theo quy định; hồ sơ "
            "số {n} đang được xem xét, xử lý.",
            "Các chuyên gia cho rằng cần tăng cường phối hợp giữa Kiểm toán nhà nước với thanh tra, kiểm "
            "tra để ngăn chặn lãng phí ngay từ khâu lập dự án./.",
        ),
    ),
)


Story = tuple[str, str, list[str]]  # title, lead, paragraphs


@dataclass(frozen=True)
class SiteArticle:
    """An article page of the stand-in site and what its listings show about it."""

    url: str
    title: str
    published: datetime
    category: str  # new-template category slug
    legacy: bool  # old "c-detail-head" template (URL `<slug>-<id>.html`)
    html: str


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def _fill(text: str, n: int) -> str:
    province = PROVINCES[n % len(PROVINCES)]
    values = {"p": province, "y": 2020 + n % 4, "n": 1000 + n, "a": f"{(n * 37) % 900 + 12:,}".replace(",", "."),
              "k": 3 + n % 60}
    return text.format(**values)


def topic_story(n: int) -> Story:
    """Story n from TOPICS: five templates, so articles five apart are near-copies (groups of count/5)."""
    _, title, lead, paragraphs = TOPICS[n % len(TOPICS)]
    return _fill(title, n), _fill(lead, n), [_fill(p, n) for p in paragraphs]


def generated_article(n: int, story: Callable[[int], Story] = topic_story) -> SiteArticle:
    """Article number n (0, 1, 2, …) telling `story(n)`: every third one on the old template, seven hours
    apart."""
    slug_of_category = TOPICS[n % len(TOPICS)][0]
    title, lead, paragraphs = story(n)
    title = f"{title} (kỳ {n + 1})"
    published = FIRST_PUBLISHED + timedelta(hours=7 * n, minutes=(13 * n) % 60)
    legacy = n % 3 == 0
    path = f"/{slugify(title)}-{30000 + n}.html" if legacy else f"/vi/bai-viet/{slugify(title)}"
    url = ORIGIN + path
    render = _legacy_page if legacy else _portal_page
    page = render(url, title, lead, paragraphs, published, slug_of_category, REPORTERS[n % len(REPORTERS)])
    return SiteArticle(url, title, published, slug_of_category, legacy, page)


def _paragraphs(paragraphs: list[str]) -> str:
    return "\n".join(f"<p>{html.escape(text)}</p>" for text in paragraphs)


def _portal_page(url: str, title: str, lead: str, paragraphs: list[str], published: datetime, category: str,
                 author: str) -> str:
    name = CATEGORIES[category][0]
    iso = published.isoformat(timespec="seconds")
    shown = f"Ngày {published.day} tháng {published.month} năm {published.year} - {published:%H:%M}"
    t = html.escape(title)
    image = f"{ORIGIN}/uploads/{published:%Y/%m}/{slugify(title)[:40]}.jpg"
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{t} - Báo Kiểm toán</title>
<link rel="canonical" href="{url}"><meta property="og:type" content="article">
<meta property="og:title" content="{t}"><meta property="article:published_time" content="{iso}">
</head><body>
<header class="site-header"><a href="/vi">Báo Kiểm toán</a></header>
<nav class="breadcrumb"><ol><li><a href="/vi/chuyen-muc/{category}">{html.escape(name)}</a></li></ol></nav>
<main><article class="post-detail">
<h1 class="post-title">{t}</h1>
<div class="post-meta"><time class="post-date" datetime="{iso}">{shown}</time>
<span class="post-author">{html.escape(author)}</span></div>
<div class="post-sapo">(BKTO) - {html.escape(lead)}</div>
<div class="post-share"><a href="https://www.facebook.com/sharer/sharer.php">Chia sẻ</a></div>
<div class="post-content">
{_paragraphs(paragraphs[:1])}
<figure><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="{image}" alt="">
<figcaption>Quang cảnh hội nghị. Ảnh: {html.escape(author)}</figcaption></figure>
{_paragraphs(paragraphs[1:])}
</div>
<div class="post-tags"><a href="/vi/tag/kiem-toan">kiểm toán</a>
<a href="/vi/tag/{category}">{html.escape(name)}</a></div>
</article>
<section class="post-same-category"><h3>Cùng chuyên mục</h3><a href="/vi/chuyen-muc/{category}">Xem thêm</a></section>
</main><footer>Báo Kiểm toán - Cơ quan của Kiểm toán nhà nước</footer></body></html>
"""


def _legacy_page(url: str, title: str, lead: str, paragraphs: list[str], published: datetime, category: str,
                 author: str) -> str:
    name = CATEGORIES[category][0]
    section = CATEGORIES[category][1]
    t = html.escape(title)
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{t} - Báo Kiểm toán</title>
<link rel="canonical" href="{url.replace("https://", "http://")}">
<meta property="og:title" content="{t}"></head>
<body class="page-detail"><header class="c-header"><a href="/">Báo Kiểm toán</a></header>
<main class="c-detail-page"><div class="container"><div class="c-detail-head">
<div class="c-detail-head__row"><ul class="c-breadcrumb"><li><a href="/">Trang chủ</a></li>
<li><a href="/{section}">{html.escape(name)}</a></li></ul></div>
<h1 class="c-detail-head__title">{t}</h1>
<div class="c-detail-head__row"><span class="c-detail-head__time">{published:%d/%m/%Y | %H:%M}</span>
<span class="c-detail-head__author">({html.escape(author)})</span></div></div>
<div class="c-detail-body"><p class="desc">(BKTO) - {html.escape(lead)}</p>
<div class="content-main-normal">
{_paragraphs(paragraphs)}
<p style="text-align:right"><strong>{html.escape(author)}</strong></p>
</div>
<div class="c-tags"><ul><li><a href="/kiem-toan-ptag.html">kiểm toán</a></li></ul></div></div>
<div class="c-box"><h3 class="c-box__title">Cùng chuyên mục</h3>
<ul class="clearfix"><li><a href="/">Trang chủ</a></li></ul></div>
</div></main><footer class="c-footer">BÁO KIỂM TOÁN</footer></body></html>
"""


def fixture_articles() -> list[SiteArticle]:
    """The hand-written article fixtures, at the URL their canonical link (or og:url) names."""
    articles = []
    for path in sorted(ARTICLE_FIXTURES.glob("*.html")):
        page = path.read_text(encoding="utf-8")
        legacy = path.name.startswith("legacy-")
        url = extract_article(page, ORIGIN + "/").canonical_url
        if urlpath(url) == "/":
            raise ValueError(f"{path.name}: an article fixture needs a canonical link or og:url")
        article = extract_article(page, url)
        published = parse_structured_date(article.published_at) if article.published_at else FIRST_PUBLISHED
        category = _category_of(article.category)
        articles.append(SiteArticle(url, article.title or url, published, category, legacy, page))
    return articles


def urlpath(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _category_of(breadcrumb: list[str]) -> str:
    folded = {fold(name): slug for slug, (name, _) in CATEGORIES.items()}
    return next((folded[fold(name)] for name in reversed(breadcrumb) if fold(name) in folded), "dia-phuong")


# Site pages


def _exchange(url: str, body: str | bytes, headers: tuple[tuple[str, str], ...] = HTML, status: int = 200) -> Exchange:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return Exchange(url, status, headers, data, date=ARCHIVED_AT)


def _newest_first(articles: Iterable[SiteArticle]) -> list[SiteArticle]:
    return sorted(articles, key=lambda article: article.published, reverse=True)


def _portal_item(article: SiteArticle) -> str:
    iso = article.published.isoformat(timespec="seconds")
    return (f'<li class="post-item"><a class="post-link" href="{urlpath(article.url)}">{html.escape(article.title)}</a>'
            f' <time datetime="{iso}">{article.published:%d/%m/%Y %H:%M}</time></li>')


def _legacy_item(article: SiteArticle) -> str:
    return (f'<li class="loadArticle"><div class="b-grid__img"><a href="{urlpath(article.url)}">'
            f'<img src="/uploads/thumb.jpg" alt=""></a></div>'
            f'<h3 class="b-grid__title"><a href="{urlpath(article.url)}">{html.escape(article.title)}</a></h3>'
            f'<span class="b-grid__time">{article.published:%d/%m/%Y %H:%M}</span></li>')


def home_page(articles: list[SiteArticle], extra_links: Iterable[str] = ()) -> str:
    menu = "".join(f'<li><a href="/vi/chuyen-muc/{slug}">{html.escape(name)}</a></li>'
                   for slug, (name, _) in CATEGORIES.items())
    sections = "".join(f'<li><a href="/{section}">{html.escape(name)} (lưu trữ)</a></li>'
                       for name, section in CATEGORIES.values())
    latest = "".join(_portal_item(article) for article in _newest_first(articles)[:PER_PAGE])
    extra = "".join(f'<li><a href="{url}">Bài viết</a></li>' for url in extra_links)
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Báo Kiểm toán - Cơ quan của Kiểm toán nhà nước</title></head>
<body><header><nav class="main-menu"><ul>{menu}</ul></nav><ul class="archive-menu">{sections}</ul>
<form action="/tim-kiem"><input name="q"></form></header>
<main><h2>Tin mới</h2><ul class="post-list">{latest}{extra}</ul></main>
<footer><a href="/tim-kiem?q=kiem-toan">Tìm kiếm</a></footer></body></html>
"""


def _portal_listing_page(slug: str, name: str, items: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{html.escape(name)} - Báo Kiểm toán</title></head>
<body><main><h1 class="category-title">{html.escape(name)}</h1><ul class="post-list" data-slug="{slug}">{items}</ul>
<button class="btn-more" data-page="2">Xem thêm</button></main></body></html>
"""


def _legacy_listing_page(slug: str, name: str, items: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{html.escape(name)} - Báo Kiểm toán</title></head>
<body><main><h1>{html.escape(name)}</h1><ul class="clearfix loadAjax" data-cat="{slug}">{items}</ul>
<a class="btn-more" href="javascript:void(0)">Xem thêm</a></main></body></html>
"""


# Listing family -> (its first page, one of its items).
LAYOUTS = {
    PORTAL_LISTING: (_portal_listing_page, _portal_item),
    LEGACY_LISTING: (_legacy_listing_page, _legacy_item),
}


def category_listings(articles: list[SiteArticle]) -> Iterator[tuple[Listing, str, str, list[SiteArticle]]]:
    """Every listing of the stand-in site as (family, slug, name, its articles newest first): each
    category has a relaunch listing of its new-template articles and an old-template section listing
    of its old-template ones."""
    ordered = _newest_first(articles)
    for slug, (name, section) in CATEGORIES.items():
        yield PORTAL_LISTING, slug, name, [a for a in ordered if a.category == slug and not a.legacy]
        yield LEGACY_LISTING, section, name, [a for a in ordered if a.category == slug and a.legacy]


def listing_chunks(articles: list[SiteArticle], per_page: int = PER_PAGE) -> list[list[SiteArticle]]:
    """The articles of each page of a listing: page 1 first, then each "Xem thêm" page."""
    return [articles[start:start + per_page] for start in range(0, len(articles), per_page)] or [[]]


def listing_pages(listing: Listing, slug: str, name: str, articles: list[SiteArticle],
                  per_page: int = PER_PAGE) -> Iterator[Exchange]:
    """A listing's first page and its "Xem thêm" pages (HTML fragments of items, as AJAX endpoints return)."""
    first_page, item = LAYOUTS[listing]
    chunks = listing_chunks(articles, per_page)
    yield _exchange(listing.page_url.format(slug=slug), first_page(slug, name, "".join(map(item, chunks[0]))))
    for page, chunk in enumerate(chunks[1:], start=2):
        yield _exchange(listing.more_url.format(slug=slug, page=page), "".join(map(item, chunk)))


def sitemaps(articles: list[SiteArticle]) -> Iterator[Exchange]:
    by_day: dict[str, list[SiteArticle]] = defaultdict(list)
    for article in articles:
        by_day[f"{article.published:%Y-%m-%d}"].append(article)
    entries = []
    for day in sorted(by_day, reverse=True):
        day_articles = _newest_first(by_day[day])
        lastmod = day_articles[0].published.isoformat(timespec="seconds")
        url = f"{ORIGIN}/sitemap-article-{day}.xml"
        entries.append(f"<sitemap><loc>{url}</loc><lastmod>{lastmod}</lastmod></sitemap>")
        yield _exchange(url, _urlset(day_articles), XML)
    yield _exchange(f"{ORIGIN}/sitemap.xml", '<?xml version="1.0" encoding="UTF-8"?>\n'
                    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                    + "".join(entries) + "</sitemapindex>\n", XML)
    yield _exchange(f"{ORIGIN}/sitemap-news.xml", _urlset(_newest_first(articles)[:PER_PAGE]), XML)


def _urlset(articles: list[SiteArticle]) -> str:
    urls = "".join(f"<url><loc>{html.escape(article.url)}</loc>"
                   f"<lastmod>{article.published.isoformat(timespec='seconds')}</lastmod></url>"
                   for article in articles)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + urls + "</urlset>\n")


def old_domain_redirect(article: SiteArticle) -> Exchange:
    """The old domain answers every path with a permanent redirect to the same path on the new one."""
    old = OLD_ORIGIN + urlpath(article.url)
    return _exchange(old, b"", (("Location", article.url), ("Content-Length", "0")), status=301)


def site_exchanges(articles: list[SiteArticle], robots: str | None = None, per_page: int = PER_PAGE) -> list[Exchange]:
    """Every page of a stand-in site serving `articles`, `per_page` items per listing page. The newest
    legacy article is linked from the home page through the old domain, so a crawl exercises the redirect."""
    ordered = _newest_first(articles)
    legacy = [article for article in ordered if article.legacy]
    redirected = legacy[:1]
    exchanges = [
        _exchange(f"{ORIGIN}/robots.txt", robots or (SITE_FIXTURES / "robots.txt").read_text(), TEXT),
        _exchange(f"{ORIGIN}/", home_page([a for a in ordered if not a.legacy],
                                         [OLD_ORIGIN + urlpath(a.url) for a in redirected])),
        *sitemaps(ordered),
        *map(old_domain_redirect, redirected),
    ]
    for listing, slug, name, listed in category_listings(ordered):
        exchanges += listing_pages(listing, slug, name, listed, per_page)
    exchanges += [_exchange(article.url, article.html) for article in ordered]
    return exchanges


def demo_articles() -> list[SiteArticle]:
    """The demo: every article fixture plus generated articles, 14 at least."""
    fixtures = fixture_articles()
    return fixtures + [generated_article(n) for n in range(max(14 - len(fixtures), 10))]


def build_demo_archive(path: Path = DEMO_ARCHIVE) -> int:
    return write_archive(path, site_exchanges(demo_articles()))


def build_generated_archive(path: Path, count: int, story: Callable[[int], Story] = topic_story) -> list[SiteArticle]:
    articles = [generated_article(n, story) for n in range(count)]
    write_archive(path, site_exchanges(articles))
    return articles


if __name__ == "__main__":
    if sys.argv[1:2] == ["demo"]:
        print(f"{build_demo_archive()} exchanges -> {DEMO_ARCHIVE}")
    elif sys.argv[1:2] == ["generated"] and len(sys.argv) == 4:
        build_generated_archive(Path(sys.argv[3]), int(sys.argv[2]))
    else:
        sys.exit(__doc__)
