"""Whole crawls of profiled sites against a loopback web (tests/crawl/loopback.py) serving their saved
pages at their real URLs: `vnnews crawl <key>` finds the articles through the site's own entry points (the
baochinhphu.vn feed with month-first dates and the category timeline paged by zone id; nhandan.vn's JSON
"more news" API and monthly sitemaps) and extracts them with the site's templates."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from loopback import Answer, LoopbackWeb, Route

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
FAST = ["--no-index", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_TIMES=0"]
ROBOTS = b"User-agent: *\nDisallow: /tim-kiem\n"


def served(body: bytes, content_type: str) -> Route:
    return lambda hit: Answer(200, (("Content-Type", content_type),), body)


def html(path: Path) -> Route:
    return served(path.read_bytes(), "text/html; charset=utf-8")


def article_routes(key: str) -> dict[str, Route]:
    """Every golden article page of the site at its URL."""
    routes = {}
    for page in (FIXTURES / key / "articles").glob("*.html"):
        expected = json.loads(page.with_suffix(".json").read_text("utf-8"))
        if not page.stem.startswith("listing-"):
            routes[expected["url"]] = html(page)
    return routes


def run_crawl(key: str, web: LoopbackWeb, tmp_path: Path, *args: str) -> list[dict]:
    feed = tmp_path / "items.jsonl"
    feeds = json.dumps({feed.as_uri(): {"format": "jsonlines", "encoding": "utf-8"}})
    command = [sys.executable, "-m", "search_cli.main", "crawl", key, *FAST, *args, "-s", f"FEEDS={feeds}"]
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "VNNEWS_DATA": str(tmp_path / "data"), **web.proxy_env()}
    result = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return [json.loads(line) for line in feed.read_text("utf-8").splitlines()] if feed.exists() else []


def test_chinhphu_crawl_follows_its_feed_and_its_zone_timeline(tmp_path: Path) -> None:
    discovery = FIXTURES / "chinhphu" / "discovery"
    routes = {
        "https://baochinhphu.vn/robots.txt": served(ROBOTS, "text/plain"),
        "https://baochinhphu.vn/home.rss": served((discovery / "home.rss").read_bytes(), "application/rss+xml"),
        "https://baochinhphu.vn/kinh-te.htm": html(FIXTURES / "chinhphu" / "articles" / "listing-kinh-te.html"),
        "https://baochinhphu.vn/timelinelist/1027/2.htm": html(discovery / "timelinelist-1027-2.htm"),
        "https://baochinhphu.vn/timelinelist/1027/3.htm": served(b"", "text/html; charset=utf-8"),
        **article_routes("chinhphu"),
    }
    with LoopbackWeb(routes) as web:
        items = run_crawl("chinhphu", web, tmp_path)
        assert web.hits["https://baochinhphu.vn/timelinelist/1027/3.htm"] == 1  # paged to the end
    assert {item["url"]: item["parser"] for item in items} == {
        # from the feed
        "https://baochinhphu.vn/bo-y-te-yeu-cau-cac-dia-phuong-kiem-tra-gia-thuoc-cuoi-nam-102260914184400217.htm":
            "chinhphu.article.v1",
        # from the category page
        "https://baochinhphu.vn/giai-ngan-von-dau-tu-cong-11-thang-dat-gan-70-phan-tram-102261201163000512.htm":
            "chinhphu.article.v1",
        "https://baochinhphu.vn/tin-dung-toan-nen-kinh-te-tang-hon-12-phan-tram-102261002201500431.htm":
            "chinhphu.article.v1",
    }  # fmt: skip
    assert all(item["agency_prefix"] == "Chinhphu.vn" for item in items)


def test_nhandan_crawl_pages_the_json_api_and_reads_the_monthly_sitemaps(tmp_path: Path) -> None:
    discovery = FIXTURES / "nhandan" / "discovery"
    routes = {
        "https://nhandan.vn/robots.txt": served(ROBOTS, "text/plain"),
        "https://nhandan.vn/api/morenews-zone-1171-1.html?phrase=": served(
            (discovery / "morenews-zone-1171-2.json").read_bytes(), "application/json; charset=utf-8"
        ),
        "https://nhandan.vn/sitemaps/news-2025-11.xml": served(
            (discovery / "news-2025-11.xml").read_bytes(), "application/xml"
        ),
        **article_routes("nhandan"),
    }
    with LoopbackWeb(routes) as web:
        items = run_crawl("nhandan", web, tmp_path, "--since", "2025-11-01")
        assert web.hits["https://nhandan.vn/api/morenews-zone-1171-2.html?phrase="] == 1
    assert sorted(item["url"] for item in items) == [
        "https://nhandan.vn/ha-noi-khanh-thanh-cong-vien-ven-song-to-lich-post873390.html",
        "https://nhandan.vn/xuat-khau-nong-lam-thuy-san-11-thang-dat-ky-luc-post874210.html",
    ]
    assert {item["parser"] for item in items} == {"nhandan.article.v1"}


def redirected_to_itself_first(url: str, body: bytes, content_type: str) -> Route:
    """qdnd.vn's feeds: a cookieless request is redirected to the same URL, setting the cookie."""

    def answer(hit: int) -> Answer:
        if hit == 1:
            return Answer(302, (("Location", url), ("Set-Cookie", "ASP.NET_SessionId=loopback; path=/")), b"")
        return Answer(200, (("Content-Type", content_type),), body)

    return answer


def test_qdnd_crawl_reads_a_feed_behind_its_cookie_redirect_and_pages_a_section(tmp_path: Path) -> None:
    discovery = FIXTURES / "qdnd" / "discovery"
    feed = "https://www.qdnd.vn/rss/cate/tin-tuc-moi-nhat.rss"
    routes = {
        "https://www.qdnd.vn/robots.txt": served(ROBOTS, "text/plain"),
        feed: redirected_to_itself_first(feed, (discovery / "tin-tuc-moi-nhat.rss").read_bytes(), "application/xml"),
        "https://www.qdnd.vn/chinh-tri/tin-tuc": html(
            FIXTURES / "qdnd" / "articles" / "listing-chinh-tri-tin-tuc.html"
        ),
        **article_routes("qdnd"),
    }
    with LoopbackWeb(routes) as web:
        items = run_crawl("qdnd", web, tmp_path)
        assert web.hits[feed] == 2
        assert web.hits["https://www.qdnd.vn/chinh-tri/tin-tuc/p/2"] == 1
    assert {item["url"] for item in items} >= {
        "https://www.qdnd.vn/xa-hoi/tin-tuc/trao-tang-nha-dong-doi-cho-quan-nhan-kho-khan-1065110",
        "https://www.qdnd.vn/quoc-phong-an-ninh/tin-tuc/quan-khu-4-dien-tap-phong-chong-thien-tai-1063210",
        "https://www.qdnd.vn/chinh-tri/tin-tuc/dai-tuong-phan-van-giang-tiep-bo-truong-quoc-phong-lao-1052548",
    }
