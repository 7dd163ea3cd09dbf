"""The pure rules of scheduled crawls: when a page is due again (crawler.state) and when a site is
unhealthy (crawler.status_cli)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from crawler.state import is_due, next_visit, stamp
from crawler.status_cli import bar, problems

NOW = datetime(2026, 12, 6, 12, tzinfo=UTC)


def run(articles: int = 10, pages: int = 20, failed: int = 0, robots: int = 0, generic: int = 0) -> dict:
    return {"articles": articles, "pages": pages, "failed": {"http_503": failed} if failed else {},
            "robots_forbidden": robots, "parsers": {"bkto.portal.v1": articles - generic, "generic.v1": generic}}


def test_fresh_articles_come_back_within_hours_old_ones_rarely() -> None:
    assert next_visit(NOW, NOW - timedelta(minutes=5)) == NOW + timedelta(hours=1)
    assert next_visit(NOW, NOW - timedelta(days=8)) == NOW + timedelta(days=2)
    assert next_visit(NOW, None) == NOW + timedelta(days=1)


def test_a_page_is_due_when_not_done_past_due_or_its_lastmod_moved() -> None:
    done = {"status": "article", "next_due": stamp(NOW + timedelta(hours=3)), "last_fetch": stamp(NOW)}
    assert not is_due(done, None, NOW)
    assert is_due(done, NOW + timedelta(minutes=1), NOW)
    assert is_due(done, None, NOW + timedelta(hours=4))
    assert is_due({"status": "fetched", "next_due": stamp(NOW + timedelta(days=1))}, None, NOW)
    sitemap = {"status": "sitemap", "last_fetch": stamp(NOW)}
    assert not is_due(sitemap, NOW - timedelta(days=1), NOW)
    assert is_due(sitemap, NOW + timedelta(seconds=1), NOW)
    assert is_due(sitemap, None, NOW)


def test_each_health_rule() -> None:
    assert problems("bkto", [run(), run()]) == []
    assert problems("bkto", [run(), run(articles=0)])[0].startswith("no_articles")
    assert problems("bkto", [run(generic=4)])[0].startswith("template")
    assert problems("unknown-site", [run(generic=10)]) == []
    assert problems("bkto", [run(failed=10)] * 3)[0].startswith("fetch_errors")
    assert problems("bkto", [run(), run(failed=10), run(failed=10)]) == []
    assert problems("bkto", [run(robots=2)])[0].startswith("robots")


def test_the_bar_scales_to_the_busiest_day() -> None:
    assert bar([0, 1, 8]) == " ▁█"
    assert bar([0, 0]) == "  "
