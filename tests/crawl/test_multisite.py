"""One crawl over many sites, given pages and unknown sites: `vnnews crawl SITE... | --all | --url | --start`,
`vnnews sites`, and the bundled multi-site demo archive (crawler/replay/demo.warc.gz).

Crawls run as `vnnews crawl` in a child process (Twisted's reactor cannot restart inside pytest), their
items written to a JSON-lines feed per spider (`%(name)s` in the FEEDS URI: crawlers of one process must
not share a file)."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import bkto_sitegen
import multisite_gen
import pytest
from crawl_runner import ROOT, CrawlResult
from elasticsearch import Elasticsearch
from loopback import Answer, LoopbackWeb, Route

from crawler.replay import MULTISITE_DEMO
from crawler.replay.archive import read_exchanges
from crawler.sites import SITES, Site
from index import lifecycle
from index.config import IndexNames
from search_cli import main as dispatcher

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"]
# A summary line of one crawl of several, after its label (site key, or "total").
SITE_LINE = re.compile(r"^(?P<label>[\w.-]+)\s+pages (?P<pages>\d+), articles (?P<articles>\d+), "
                       r"indexed (?P<indexed>\d+), .*\bdropped (?P<dropped>\d+)", re.MULTILINE)


def run_crawl(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> CrawlResult:
    """`vnnews crawl ARGS`; items of every spider of the process in `result.items`."""
    feeds = json.dumps({(tmp_path / "items-%(name)s.jsonl").as_uri(): {"format": "jsonlines", "encoding": "utf-8"}})
    command = [sys.executable, "-m", "search_cli.main", "crawl", *args, "-s", f"FEEDS={feeds}"]
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "VNNEWS_DATA": str(tmp_path / "data"), **(env or {})}
    process = subprocess.run(command, cwd=ROOT, env=environment, text=True, capture_output=True, timeout=240)
    feeds = sorted(tmp_path.glob("items-*.jsonl"))
    items = [json.loads(line) for feed in feeds for line in feed.read_text().splitlines()]
    return CrawlResult(process.returncode, process.stdout, process.stderr, items)


def site_lines(stdout: str) -> dict[str, dict[str, int]]:
    return {match["label"]: {name: int(match[name]) for name in ("pages", "articles", "indexed", "dropped")}
            for match in SITE_LINE.finditer(stdout)}


def expected_articles() -> dict[str, int]:
    """Articles per site domain the demo archive holds (BKTO: its whole stand-in site)."""
    counts = {
        site.domain: len(multisite_gen.fixture_articles(site)) + len(multisite_gen.syndication_pages(site))
        for site in multisite_gen.sites_with_fixtures()
    }
    return counts | {"baokiemtoan.vn": len(bkto_sitegen.demo_articles())}


# One process, every site, a private index; facets and --site across sites


def test_all_sites_in_one_process_into_one_index_then_faceted_by_site(
    tmp_path: Path, es: Elasticsearch, index_names: IndexNames, capsys: pytest.CaptureFixture[str]
) -> None:
    lifecycle.create(es, index_names)
    result = run_crawl(tmp_path, "--all", "--replay", str(MULTISITE_DEMO))
    assert result.returncode == 0, result.stderr[-3000:]
    lines = site_lines(result.stdout)
    assert list(lines) == [*(site.key for site in SITES), "total"]
    by_key = {site.key: site.domain for site in SITES}
    expected = expected_articles()
    for key, domain in by_key.items():
        assert lines[key]["articles"] == lines[key]["indexed"] == expected.get(domain, 0), (key, result.stdout)
    assert lines["total"]["indexed"] == sum(expected.values())
    assert lines["total"]["pages"] == sum(line["pages"] for key, line in lines.items() if key != "total")
    assert {item["site"] for item in result.items} == set(expected)
    assert len({site.key for site in multisite_gen.sites_with_fixtures()}) >= 3

    es.indices.refresh(index=index_names.read_alias)
    assert dispatcher.main(["facets", "--facet", "site", "--json"]) == 0
    facets = json.loads(capsys.readouterr().out)["facets"]["site"]
    assert {bucket["key"]: bucket["count"] for bucket in facets} == expected

    two = sorted(expected)[:2]
    assert dispatcher.main(["facets", "--facet", "site", "--json", *(f"--site={site}" for site in two)]) == 0
    facets = json.loads(capsys.readouterr().out)["facets"]["site"]
    assert {bucket["key"]: bucket["count"] for bucket in facets} == {site: expected[site] for site in two}

    # The story on baochinhphu.vn and its copy on nhandan.vn, crawled side by side: one group, one leader
    story = es.search(index=index_names.read_alias, query={"match_phrase": {"title": "xây dựng pháp luật"}},
                      source=["site", "syndication_group", "group_leader"])["hits"]["hits"]
    copies = {hit["_source"]["site"]: hit["_source"] for hit in story}
    assert set(copies) == {"baochinhphu.vn", "nhandan.vn"}
    assert len({copy["syndication_group"] for copy in copies.values()}) == 1
    assert sorted(copy["group_leader"] for copy in copies.values()) == [False, True]


def test_several_sites_print_a_line_each_and_a_total(tmp_path: Path) -> None:
    result = run_crawl(tmp_path, "hanoimoi", "sbv", "--replay", str(MULTISITE_DEMO), "--no-index")
    assert result.returncode == 0, result.stderr[-3000:]
    lines = site_lines(result.stdout)
    assert list(lines) == ["hanoimoi", "sbv", "total"]
    assert lines["hanoimoi"]["articles"] == lines["sbv"]["articles"] == 5
    assert lines["total"]["articles"] == 10
    assert {item["site"] for item in result.items} == {"hanoimoi.vn", "sbv.gov.vn"}


def test_several_sites_keep_a_job_directory_each(tmp_path: Path) -> None:
    jobdir = tmp_path / "job"
    result = run_crawl(tmp_path, "hanoimoi", "sbv", "--replay", str(MULTISITE_DEMO), "--no-index",
                       "-s", f"JOBDIR={jobdir}")
    assert result.returncode == 0, result.stderr[-3000:]
    assert {path.name for path in jobdir.iterdir()} == {"hanoimoi", "sbv"}
    # each crawl finished, so each cleared its own state (crawler.middlewares.resume)
    assert not any((jobdir / key / "requests.seen").exists() for key in ("hanoimoi", "sbv"))


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["bkto", "nope"], 9, "unknown site 'nope' (known: bkto, "),
        ([], 2, "give SITE..., --all, --url URL... or --start URL"),
        (["bkto", "--all"], 2, "(one of them)"),
        (["--url", "baokiemtoan.vn/vi/bai-viet/x"], 9, "expects an http(s) URL"),
        (["--start", "https://example.vn/", "--since", "2024-01-01"], 2, "--since applies to site crawls only"),
        (["bkto", "sbv", "--record", "several.warc.gz"], 9, "record one site at a time"),
    ],
)
def test_bad_crawl_arguments_are_one_line(tmp_path: Path, args: list[str], code: int, message: str) -> None:
    result = run_crawl(tmp_path, *args)
    assert result.returncode == code
    assert message in result.stderr and "Traceback" not in result.stderr


# --url: pages of a known and of an unknown site

HANOIMOI = "https://hanoimoi.vn/ha-noi-giai-ngan-von-dau-tu-cong-dat-72-ke-hoach-713452.html"
WORDPRESS = "https://tinhuyhaiduong.vn/2024/10/hai-duong-day-nhanh-giai-ngan-von-dau-tu-cong/"
CATEGORY = "https://baotinh.example.vn/chuyen-muc/thoi-su"
MISSING = "https://hanoimoi.vn/khong-co-bai-nay-999999.html"


def test_url_fetches_pages_of_known_and_unknown_sites_and_reports_each(tmp_path: Path) -> None:
    result = run_crawl(tmp_path, "--url", HANOIMOI, WORDPRESS, CATEGORY, MISSING, "--replay", str(MULTISITE_DEMO),
                       "--no-index")
    outcomes = dict(line.split("  ", 1) for line in result.stdout.splitlines() if line.startswith("http"))
    assert outcomes[HANOIMOI].startswith("article: hanoimoi.vn: Hà Nội giải ngân vốn đầu tư công")
    assert outcomes[WORDPRESS].startswith("article: tinhuyhaiduong.vn: Hải Dương đẩy nhanh giải ngân")
    assert outcomes[CATEGORY] == "dropped: not_article"
    assert outcomes[MISSING] == "failed: HTTP 404"
    assert {item["parser"] for item in result.items} == {"hanoimoi.article.v1", "generic.v1"}
    assert result.returncode == 9
    assert "2 of 4 pages gave no article" in result.stderr


# --start: an unknown site served by the loopback web

ORIGIN = "http://tinhdemo.example.vn"
HTML = (("Content-Type", "text/html; charset=utf-8"),)
XML = (("Content-Type", "application/xml"),)
TOPICS = ("Tỉnh đẩy nhanh giải ngân vốn đầu tư công", "Hội nghị tổng kết công tác cải cách hành chính",
          "Khởi công dự án đường ven biển", "Nông dân thu hoạch lúa đông xuân được mùa",
          "Trường học chuyển đổi số trong quản lý", "Lễ hội văn hóa các dân tộc miền núi")
# Article paths of the styles ARTICLE_PATHS recognises; the first two only through the sitemaps.
ARTICLE_PATHS = ("/kinh-te/tinh-day-nhanh-giai-ngan-von-dau-tu-cong-10231.html",
                 "/2024/05/hoi-nghi-tong-ket-cong-tac-cai-cach-hanh-chinh/",
                 "/xa-hoi/khoi-cong-du-an-duong-ven-bien-10240.htm",
                 "/bai-viet/nong-dan-thu-hoach-lua-dong-xuan-duoc-mua",
                 "/giao-duc/202405/truong-hoc-chuyen-doi-so-trong-quan-ly",
                 "/noi-bo/le-hoi-van-hoa-cac-dan-toc-mien-nui-10255.html")
DISALLOWED = ARTICLE_PATHS[-1]
NOT_ARTICLES = ("/chuyen-muc/thoi-su", "/tag/dau-tu-cong", "/lien-he", "/tim-kiem?q=lua", "/")
OUTSIDE = "http://baokhac.example.vn/kinh-te/mot-bai-bao-cua-trang-khac-10001.html"


def article_page(title: str, day: int) -> bytes:
    body = "".join(
        f"<p>{html.escape(title)}: đoạn {n} của bài viết, với nội dung đủ dài để là một đoạn văn của bài báo, "
        f"nói về kết quả, khó khăn và nhiệm vụ trong thời gian tới của địa phương.</p>" for n in range(1, 5)
    )
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{html.escape(title)} | Tin Demo</title>
<meta property="og:type" content="article">
<meta property="article:published_time" content="2024-05-{day:02d}T08:30:00+07:00">
</head><body><header><a href="/">Tin Demo</a> <a href="/chuyen-muc/thoi-su">Thời sự</a></header>
<main><article><h1>{html.escape(title)}</h1><p class="date">{day:02d}/05/2024 08:30</p>
<div class="content">{body}</div></article>
<aside><h3>Tin liên quan</h3><a href="/chuyen-muc/thoi-su">Thời sự</a></aside></main>
<footer>Cổng thông tin Tin Demo</footer></body></html>""".encode()


def unknown_site_routes() -> dict[str, Route]:
    def served(body: bytes | str, headers: tuple[tuple[str, str], ...] = HTML) -> Route:
        data = body.encode() if isinstance(body, str) else body
        return lambda hit: Answer(200, headers, data)

    def urlset(paths: tuple[str, ...]) -> str:
        locs = "".join(f"<url><loc>{ORIGIN}{path}</loc></url>" for path in paths)
        return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'

    links = "".join(f'<li><a href="{path}">{path}</a></li>' for path in (*ARTICLE_PATHS[2:], *NOT_ARTICLES))
    routes = {
        f"{ORIGIN}/robots.txt": served("User-agent: *\nDisallow: /noi-bo/\nSitemap: /sitemap-news.xml\n",
                                       (("Content-Type", "text/plain"),)),
        f"{ORIGIN}/sitemap.xml": served('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                        f"<sitemap><loc>{ORIGIN}/sitemap-1.xml</loc></sitemap></sitemapindex>", XML),
        f"{ORIGIN}/sitemap-1.xml": served(urlset(ARTICLE_PATHS[:1]), XML),
        f"{ORIGIN}/sitemap-news.xml": served(urlset(ARTICLE_PATHS[1:2]), XML),
        f"{ORIGIN}/": served(f'<html><body><ul>{links}<li><a href="{OUTSIDE}">Trang khác</a></li></ul></body></html>'),
    }
    for day, (path, title) in enumerate(zip(ARTICLE_PATHS, TOPICS, strict=True), start=1):
        routes[ORIGIN + path] = served(article_page(title, day))
    for path in NOT_ARTICLES[:-1]:
        routes[ORIGIN + path] = served("<html><body><h1>Danh mục</h1></body></html>")
    routes[OUTSIDE] = served(article_page("Bài của trang khác", 9))
    return routes


def test_start_crawls_an_unknown_site_from_its_sitemaps_and_article_links(tmp_path: Path) -> None:
    with LoopbackWeb(unknown_site_routes()) as web:
        result = run_crawl(tmp_path, "--start", f"{ORIGIN}/", "--no-index", *FAST, env=web.proxy_env())
    assert result.returncode == 0, result.stderr[-3000:]
    fetched = {url for url, hits in web.hits.items() if hits}
    allowed = {ORIGIN + path for path in ARTICLE_PATHS if path != DISALLOWED}
    assert allowed <= fetched
    assert not {ORIGIN + path for path in (*NOT_ARTICLES[:-1], DISALLOWED)} & fetched
    assert OUTSIDE not in fetched
    assert {item["url"] for item in result.items} == allowed
    assert {item["site"] for item in result.items} == {"tinhdemo.example.vn"}
    assert {item["title"] for item in result.items} == set(TOPICS[:-1])
    assert result.summary["articles"] == len(allowed)


def test_start_stops_at_the_page_budget(tmp_path: Path) -> None:
    with LoopbackWeb(unknown_site_routes()) as web:
        result = run_crawl(tmp_path, "--start", f"{ORIGIN}/", "--max-pages", "2", "--no-index", *FAST,
                           "-s", "CONCURRENT_REQUESTS=1", env=web.proxy_env())
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.summary["pages"] <= 3  # the budget, and the one request already in flight at most
    assert len(result.items) < len(ARTICLE_PATHS) - 1


def test_url_obeys_robots_txt(tmp_path: Path) -> None:
    with LoopbackWeb(unknown_site_routes()) as web:
        result = run_crawl(tmp_path, "--url", ORIGIN + DISALLOWED, "--no-index", *FAST, env=web.proxy_env())
    assert web.hits[ORIGIN + DISALLOWED] == 0
    assert f"{ORIGIN + DISALLOWED}  failed: Forbidden by robots.txt" in result.stdout
    assert result.returncode == 9


# vnnews sites


def vnnews_sites(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert dispatcher.main(["sites", *args]) == 0
    return capsys.readouterr().out


def test_sites_lists_every_registered_site(capsys: pytest.CaptureFixture[str]) -> None:
    out = vnnews_sites(capsys)
    for site in SITES:
        assert re.search(rf"^{site.key}  {re.escape(site.domain)}$", out, re.MULTILINE)
        assert ", ".join(template.parser for template in site.templates) in out


def test_sites_json_is_one_object_per_site(capsys: pytest.CaptureFixture[str]) -> None:
    entries = [json.loads(line) for line in vnnews_sites(capsys, "--json").splitlines()]
    assert [entry["key"] for entry in entries] == [site.key for site in SITES]
    for entry, site in zip(entries, SITES, strict=True):
        assert entry["hosts"] == sorted(site.hosts)
        assert entry["templates"] == [template.parser for template in site.templates]
        assert entry["discovery"]["start_urls"] == list(site.discovery.start_urls)
        assert [listing["slugs"] for listing in entry["discovery"]["listings"]] == [
            len(listing.slugs) for listing in site.discovery.listings]
        assert entry["evidence"]["summary"].startswith(site.domain)
        assert entry["evidence"]["module"].startswith("crawler.sites.")


def test_sites_does_not_import_scrapy() -> None:
    code = "import sys; from search_cli.main import main; main(['sites']); print('scrapy' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.stdout.splitlines()[-1] == "False", run.stderr


# The demo archive


def archived_urls() -> set[str]:
    return {exchange.url for exchange in read_exchanges(MULTISITE_DEMO)}


@pytest.mark.parametrize("site", multisite_gen.sites_with_fixtures(), ids=lambda site: site.key)
def test_demo_archive_holds_every_fixture_article_of_every_site(site: Site) -> None:
    archived = archived_urls()
    # BKTO's stand-in site serves its fixtures at their canonical URL, the others at the URL fetched.
    missing = {expected["url"] for expected, _ in multisite_gen.fixture_articles(site)
               if not {expected["url"], expected["canonical_url"]} & archived}
    assert not missing, f"{site.key} has fixtures missing from {MULTISITE_DEMO.name}: run tests/crawl/multisite_gen.py"


def test_demo_archive_holds_pages_of_unknown_sites_and_is_up_to_date(tmp_path: Path) -> None:
    assert sum(1 for url in archived_urls() if not any(site.serves(url) for site in SITES)
               and not url.endswith("/robots.txt")) >= 2
    rebuilt = tmp_path / "demo.warc.gz"
    multisite_gen.build(rebuilt)
    assert rebuilt.read_bytes() == MULTISITE_DEMO.read_bytes(), (
        f"{MULTISITE_DEMO} is stale: run `python tests/crawl/multisite_gen.py`"
    )


def test_all_sites_with_crawl_state_fetch_no_article_again(tmp_path: Path, es: Elasticsearch,
                                                           index_names: IndexNames) -> None:
    """`--all` with the shared crawl state: each site's spider keeps its own entries in the one state index,
    so the second run over the same archive fetches no article page of any site and indexes nothing."""
    lifecycle.create(es, index_names)
    state = ("-s", "VNNEWS_CRAWL_STATE=True")
    first = run_crawl(tmp_path / "first", "--all", "--replay", str(MULTISITE_DEMO), *state)
    assert first.returncode == 0, first.stderr[-3000:]
    again = run_crawl(tmp_path / "again", "--all", "--replay", str(MULTISITE_DEMO), *state)
    assert again.returncode == 0, again.stderr[-3000:]
    total, total_again = site_lines(first.stdout)["total"], site_lines(again.stdout)["total"]
    assert total["indexed"] == sum(expected_articles().values())
    assert (total_again["articles"], total_again["indexed"]) == (0, 0)  # the rest are entry points
    assert total_again["pages"] < total["pages"]
