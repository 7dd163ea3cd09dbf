"""Builds the bundled multi-site demo archive, crawler/replay/demo.warc.gz, from the fixture pages.

- every registered site (crawler.sites.SITES) with article fixtures in tests/fixtures/<key>/articles: each
  fixture article at the URL its golden JSON names, a sitemap listing them, and a robots.txt on every host
  the site's spider asks (its discovery entry points and the articles' hosts) naming that sitemap. BKTO
  brings its whole stand-in site instead (tests/crawl/bkto_sitegen.py: home, listings, sitemaps, redirects).
  Every other entry point of the spider gets an answer with nothing new in it (`nothing_new`), so the
  demo crawl meets no 404;
- the syndication pages (tests/fixtures/syndication/pages.json: a story citing documents, its edited copy on
  another site, and a story about one province quoting it) in the sitemaps of the sites they belong to;
- pages of sites no profile covers (`UNKNOWN_LAYOUTS`, from tests/fixtures/generic: layouts the generic
  extraction reads, and a category page it must drop), each with a robots.txt on its host. `vnnews demo`
  fetches them as `vnnews crawl --url` would.

Fixture pages are archived as they are (Content-Type without a charset: the extractor decodes them as it
decodes a saved page). The same fixtures give the same bytes. Re-run after adding a site or its fixtures:

    python tests/crawl/multisite_gen.py
"""

from __future__ import annotations

import html
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
for path in (ROOT, ROOT / "tests" / "crawl"):  # run as a script, or imported by the tests
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import bkto_sitegen  # noqa: E402

from crawler.replay import MULTISITE_DEMO  # noqa: E402
from crawler.replay.archive import Exchange, write_archive  # noqa: E402
from crawler.sites import SITES  # noqa: E402
from crawler.sites.base import Site  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
GENERIC_FIXTURES = FIXTURES / "generic"
SYNDICATION_FIXTURES = FIXTURES / "syndication"
# Pages of layouts no profile covers: a WordPress-like party site, a .gov.vn portal with a table layout,
# a SharePoint-like council portal, and a category page (not an article: dropped).
UNKNOWN_LAYOUTS = ("wordpress-graph-utc", "table-portal-visible-date", "sharepoint-like-comments",
                   "not-article-category")
# Sites whose stand-in is a whole generated site rather than their fixtures and a sitemap.
WHOLE_SITES = {"bkto": lambda: bkto_sitegen.site_exchanges(bkto_sitegen.demo_articles())}
SITEMAP_PATH = "/vnnews-demo-sitemap.xml"
ARCHIVED_AT = bkto_sitegen.ARCHIVED_AT
PAGE = (("Content-Type", "text/html"),)
XML = (("Content-Type", "application/xml; charset=utf-8"),)
TEXT = (("Content-Type", "text/plain; charset=utf-8"),)
EMPTY_PAGE = '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"></head><body><main></main></body></html>\n'
EMPTY_SITEMAP = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>\n'
EMPTY_FEED = '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>-</title></channel></rss>\n'


def golden(page: Path) -> dict[str, Any]:
    return json.loads(page.with_suffix(".json").read_text("utf-8"))


def is_article(expected: dict[str, Any]) -> bool:
    """Profile goldens give a title to articles only; generic goldens say `article` outright."""
    return bool(expected.get("article", expected.get("title")))


def fixture_articles(site: Site) -> list[tuple[dict[str, Any], Path]]:
    """(golden, page) of each article fixture of the site."""
    pages = sorted((FIXTURES / site.key / "articles").glob("*.html"))
    return [(expected, page) for page in pages if is_article(expected := golden(page))]


def syndication_pages(site: Site) -> list[tuple[dict[str, Any], Path]]:
    """({url}, page) of each syndication fixture page the site serves (their dates are in the pages)."""
    pages = json.loads((SYNDICATION_FIXTURES / "pages.json").read_text("utf-8"))["pages"]
    return [({"url": url}, SYNDICATION_FIXTURES / name) for name, url in pages.items() if site.serves(url)]


def sites_with_fixtures() -> list[Site]:
    return [site for site in SITES if fixture_articles(site)]


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def exchange(url: str, body: bytes | str, headers: tuple[tuple[str, str], ...]) -> Exchange:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return Exchange(url, 200, headers, data, date=ARCHIVED_AT)


def robots(host_origin: str, sitemap: str | None = None) -> Exchange:
    lines = ["User-agent: *", "Disallow:", *([f"Sitemap: {sitemap}"] if sitemap else [])]
    return exchange(f"{host_origin}/robots.txt", "\n".join(lines) + "\n", TEXT)


def sitemap(url: str, articles: list[dict[str, Any]]) -> Exchange:
    entries = "".join(
        f"<url><loc>{html.escape(article['url'])}</loc>"
        + (f"<lastmod>{article['published_at']}</lastmod>" if article.get("published_at") else "")
        + "</url>"
        for article in articles
    )
    return exchange(url, '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/'
                    f'schemas/sitemap/0.9">{entries}</urlset>\n', XML)


def discovery_urls(site: Site) -> list[str]:
    discovery = site.discovery
    listings = [listing.page_url.format(slug=slug) for listing in discovery.listings for slug in listing.slugs]
    return [*discovery.start_urls, *discovery.sitemap_urls, *discovery.feeds, *listings]


def pages_after_last(site: Site, archived: set[str]) -> Iterator[str]:
    """The first "Xem thêm" page missing from each listing the stand-in serves."""
    for listing in site.discovery.listings:
        served = [slug for slug in listing.slugs if listing.page_url.format(slug=slug) in archived]
        for slug in served if listing.more_url else ():
            page = 2
            while listing.more_url.format(slug=slug, page=page) in archived:
                page += 1
            yield listing.more_url.format(slug=slug, page=page)


def nothing_new(site: Site, archived: set[str]) -> Iterator[Exchange]:
    """An answer for each entry point of the site's spider the stand-in has no page for, so the demo crawl
    meets no 404: sitemaps and feeds without entries, start and listing pages without items, and the
    "Xem thêm" page after the last one of each listing (an empty fragment, which ends the listing)."""
    discovery = site.discovery
    empty = {
        **{url: (EMPTY_PAGE, PAGE) for url in discovery_urls(site)},
        **{url: (EMPTY_SITEMAP, XML) for url in discovery.sitemap_urls},
        **{url: (EMPTY_FEED, XML) for url in discovery.feeds},
        **{url: ("", PAGE) for url in pages_after_last(site, archived)},
    }
    for url, (body, headers) in empty.items():
        if url not in archived:
            yield exchange(url, body, headers)


def site_pages(site: Site) -> Iterator[Exchange]:
    articles = fixture_articles(site) + syndication_pages(site)
    sitemap_url = origin(articles[0][0]["url"]) + SITEMAP_PATH
    hosts = dict.fromkeys(origin(url) for url in [*discovery_urls(site), *(g["url"] for g, _ in articles)])
    for host_origin in hosts:
        yield robots(host_origin, sitemap_url)
    yield sitemap(sitemap_url, [expected for expected, _ in articles])
    for expected, page in articles:
        yield exchange(expected["url"], page.read_bytes(), PAGE)


def unknown_layout_pages() -> Iterator[Exchange]:
    pages = [GENERIC_FIXTURES / f"{name}.html" for name in UNKNOWN_LAYOUTS]
    for host_origin in dict.fromkeys(origin(golden(page)["url"]) for page in pages):
        yield robots(host_origin)
    for page in pages:
        yield exchange(golden(page)["url"], page.read_bytes(), PAGE)


def demo_exchanges() -> list[Exchange]:
    exchanges: list[Exchange] = []
    for site in sites_with_fixtures():
        pages = list(WHOLE_SITES[site.key]() if site.key in WHOLE_SITES else site_pages(site))
        exchanges += pages + list(nothing_new(site, {page.url for page in pages}))
    return exchanges + list(unknown_layout_pages())


def build(path: Path = MULTISITE_DEMO) -> int:
    return write_archive(path, demo_exchanges())


if __name__ == "__main__":
    print(f"{build()} exchanges -> {MULTISITE_DEMO}")
