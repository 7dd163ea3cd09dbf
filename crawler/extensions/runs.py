"""Extension: every crawl run with indexing writes one record into the crawl-runs index
(index.crawl_runs), read by `vnnews crawl status`: site, start, end, pages, articles, what became of them,
drops and failures by reason, HTTP statuses, parsers used, pages robots.txt forbade, and the exit code
`vnnews crawl` gives the run. Setting VNNEWS_RUN_RECORDS (on by default; off without indexing).

A record that cannot be written (Elasticsearch gone) is a warning: the run itself went as it went.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from index import config, crawl_runs
from index.errors import CliError

logger = logging.getLogger(__name__)

RECORD_TIMEOUT = 10


def counts(stats: dict[str, Any], prefix: str) -> dict[str, int]:
    return {key.removeprefix(prefix): value for key, value in stats.items() if key.startswith(prefix)}


def exit_code(stats: dict[str, Any]) -> int:
    from crawler.cli import check_outcome  # the CLI builds on the crawl, not the other way round

    try:
        check_outcome(stats, indexing=True)
    except CliError as error:
        return error.exit_code
    return 0


def run_record(site: str, stats: dict[str, Any]) -> dict[str, Any]:
    started = stats.get("start_time") or datetime.now(UTC)
    return {
        "site": site,
        "started": started.astimezone(UTC).isoformat(timespec="seconds"),
        "ended": datetime.now(UTC).isoformat(timespec="seconds"),
        "finish_reason": stats.get("finish_reason"),
        "exit_code": exit_code(stats),
        "pages": stats.get("response_received_count", 0),
        "articles": stats.get("vnnews/articles", 0),
        "indexed": stats.get("vnnews/indexed", 0),
        # With the crawl state: article pages new to it, changed since their last fetch, and unchanged (not
        # fetched again, answered 304, or the same body).
        "new": stats.get("vnnews/state/pages_new", 0),
        "updated": stats.get("vnnews/state/pages_changed", 0),
        "unchanged": sum(stats.get(f"vnnews/state/{key}", 0) for key in ("skipped", "not_modified", "pages_same")),
        "spooled": stats.get("vnnews/spooled", 0),
        "dead_lettered": stats.get("vnnews/dead_lettered", 0),
        "robots_forbidden": stats.get("robotstxt/forbidden", 0),
        "dropped": counts(stats, "vnnews/dropped/"),
        "failed": counts(stats, "vnnews/failed/"),
        "http_status": counts(stats, "downloader/response_status_count/"),
        "parsers": counts(stats, "vnnews/parser/"),
    }


class RunRecorder:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunRecorder:
        if not (crawler.settings.getbool("VNNEWS_RUN_RECORDS") and crawler.settings.getbool("VNNEWS_INDEXING")):
            raise NotConfigured
        recorder = cls(crawler)
        crawler.signals.connect(recorder.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        return recorder

    def item_scraped(self, item: Any) -> None:
        if parser := ItemAdapter(item).get("parser"):
            self.crawler.stats.inc_value(f"vnnews/parser/{parser}")

    def spider_closed(self, reason: str) -> None:
        assert self.crawler.spidercls is not None
        record = run_record(self.crawler.spidercls.name, self.crawler.stats.get_stats())
        try:
            client = config.es_client().options(request_timeout=RECORD_TIMEOUT, max_retries=0)
            client.index(index=crawl_runs.ensure(client, config.index_names()), document=record)
        except Exception as error:  # whatever the client raises: the run is not to fail for its record
            logger.warning("The run record of %s could not be written: %s", record["site"], config.redact(str(error)))
