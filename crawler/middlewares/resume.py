"""Crash-safe resume: rerunning the same crawl after any stop, kill -9 included, reaches every article and
fetches again only what is not durably handled yet.

Discovery pages (robots.txt, sitemaps, home, listings) are always fetched again; an article page the
journal (crawler.journal) lists is skipped (`vnnews/resume/skipped`). The journal learns of an article
page when its item is durable (the index pipeline's `articles_durable` signal: safely in the spool) or
dropped with a reason; an item still in memory is never journaled, so a kill loses nothing. A
redirected article is journaled under its final URL: its old URL is fetched again, and the redirect
then skipped. The journal is forgotten when a crawl finishes (finish reason `finished`). Without
indexing (VNNEWS_INDEXING off) nothing is durable, so there is no journal.

`JobDirGuard`: Scrapy's JOBDIR (graceful pause and resume) only survives a graceful stop. After an
unclean one its request queue is lost while its seen-requests file lists every request, so a resume
would fetch nothing. A marker file present for the length of the crawl tells; such a job directory is
cleared (one warning) and the crawl starts again from discovery, the journal skipping what is done. A
finished crawl clears its job directory too: the same command next time is a new crawl, not an empty
resume.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response

from crawler.journal import CrawlState, Journal, journal_file
from crawler.pipelines import ItemDropped
from crawler.pipelines.index import articles_durable
from index.errors import SpoolUnwritable

logger = logging.getLogger(__name__)

JOBDIR_MARKER = "vnnews-running"
JOBDIR_STATE = ("requests.seen", "requests.queue", "spider.state")


class AlreadyHandled(IgnoreRequest):
    """An article page an interrupted run of this crawl already dealt with."""


class ResumeMiddleware:
    def __init__(self, crawler: Crawler, state: CrawlState) -> None:
        self.crawler = crawler
        self.state = state

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ResumeMiddleware:
        if not crawler.settings.getbool("VNNEWS_INDEXING"):
            raise NotConfigured("without indexing nothing is durable")
        assert crawler.spidercls is not None
        journal = open_journal(crawler.spidercls.name)
        middleware = cls(crawler, journal)
        crawler.signals.connect(middleware.articles_durable, signal=articles_durable)
        crawler.signals.connect(middleware.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        if len(journal):
            logger.info("Resuming: %d article pages already handled by an unfinished run", len(journal))
        return middleware

    def process_request(self, request: Request) -> None:
        if self.state.handled(request.url):
            self.crawler.stats.inc_value("vnnews/resume/skipped")
            raise AlreadyHandled(f"already handled: {request.url}")

    def articles_durable(self, articles: list[dict[str, Any]]) -> None:
        self.state.record(article["url"] for article in articles)

    def item_dropped(self, item: Any, response: Response, exception: BaseException, spider: Spider) -> None:
        """Only our pipelines' drops are decisions about the article; another DropItem proves nothing."""
        if isinstance(exception, ItemDropped):
            self.state.record([ItemAdapter(item)["url"]])

    def spider_closed(self, reason: str) -> None:
        self.state.close(finished=reason == "finished")


def open_journal(spider: str) -> Journal:
    try:
        return Journal.for_spider(spider)
    except OSError as error:
        raise SpoolUnwritable(f"cannot write the resume journal {journal_file(spider)}: {error.strerror}") from None


class JobDirGuard:
    """Extension: built before the scheduler reads JOBDIR, so an unclean one is cleared in time."""

    def __init__(self, jobdir: Path) -> None:
        self.jobdir = jobdir
        self.marker = jobdir / JOBDIR_MARKER
        self.finished = False
        if self.marker.exists():
            logger.warning("The job directory %s was not closed cleanly (killed?): its queue is lost, so the crawl "
                           "starts again from discovery and skips the articles already handled", jobdir)
            clear_job_state(jobdir)
        jobdir.mkdir(parents=True, exist_ok=True)
        self.marker.touch()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JobDirGuard:
        jobdir = crawler.settings.get("JOBDIR")
        if not jobdir:
            raise NotConfigured
        guard = cls(Path(jobdir))
        crawler.signals.connect(guard.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(guard.engine_stopped, signal=signals.engine_stopped)
        return guard

    def spider_closed(self, reason: str) -> None:
        self.finished = reason == "finished"

    def engine_stopped(self) -> None:
        """The scheduler and the spider state are saved by now: the job directory is consistent."""
        if self.finished:
            clear_job_state(self.jobdir)
        self.marker.unlink(missing_ok=True)


def clear_job_state(jobdir: Path) -> None:
    for name in JOBDIR_STATE:
        path = jobdir / name
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
