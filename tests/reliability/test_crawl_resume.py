"""kill -9 of a crawl at any point, then the same command again: every article reaches the index exactly
once (issue 12, item 2), and the rerun fetches only the article pages the killed run had not made durable.

A loopback crawl of a generated site of 500 articles, with a JOBDIR as the README used to document for
resuming, is SIGKILLed early, in the middle, and during the final flush (the whole crawl in one batch,
written at close); the rerun must finish with exit 0, and the index then holds each article once.
"""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from crawl_support import FAST, Crawl, LoopbackWeb, indexed_urls, site_routes, sitegen
from elasticsearch import Elasticsearch

from crawler.journal import Journal
from index import config, lifecycle

ARTICLES = 500


@pytest.fixture(scope="module")
def articles() -> list[sitegen.SiteArticle]:
    return [sitegen.generated_article(n) for n in range(ARTICLES)]


def served_articles(web: LoopbackWeb, urls: set[str]) -> int:
    return sum(1 for url in urls if web.hits[url])


def closing(crawl: Crawl) -> bool:
    """The spider is closing: the pipelines are flushing what they hold."""
    return "Closing spider (finished)" in crawl.output("stderr").read_text()


def kill_when(crawl: Crawl, command: tuple[str, ...], web: LoopbackWeb, moment: Callable[[], bool]) -> None:
    """Start the crawl and SIGKILL it as soon as `moment()` is true."""
    running = start_until(crawl, command, web, moment)
    running.kill()
    assert running.wait(timeout=30) == -9


def start_until(crawl: Crawl, command: tuple[str, ...], web: LoopbackWeb,
                moment: Callable[[], bool]) -> subprocess.Popen[str]:
    """Start the crawl and return once `moment()` is true, the crawl still running."""
    running = crawl.start(*command, env=web.proxy_env())
    deadline = time.monotonic() + 120
    while not moment():
        assert running.poll() is None, f"the crawl ended before the kill:\n{crawl.output('stderr').read_text()}"
        assert time.monotonic() < deadline, "the crawl is too slow to reach the kill point"
        time.sleep(0.01)
    return running


def journal_lines(crawl: Crawl) -> set[str]:
    """The complete lines of the resume journal (none before it existed)."""
    path = crawl.data_dir / "crawl" / "bkto.journal"
    data = path.read_bytes() if path.exists() else b""
    return set(data[: data.rfind(b"\n") + 1].decode().splitlines())


@pytest.mark.parametrize(
    ("moment", "bulk_size"),
    [("early", 20), ("middle", 20), ("final flush", 10_000)],
)
def test_kill_9_then_the_same_command_indexes_every_article_once(
    moment: str, bulk_size: int, articles: list[sitegen.SiteArticle],
    es: Elasticsearch, index_names: config.IndexNames, tmp_path: Path,
) -> None:
    lifecycle.create(es, index_names)
    crawl = Crawl(tmp_path)
    command = (*FAST, "-s", f"JOBDIR={tmp_path / 'job'}", "-s", f"VNNEWS_BULK_SIZE={bulk_size}")
    urls = {article.url for article in articles}
    with LoopbackWeb(site_routes(articles)) as web:
        kill_when(crawl, command, web, {
            "early": lambda: served_articles(web, urls) >= 25,
            "middle": lambda: served_articles(web, urls) >= ARTICLES // 2,
            "final flush": lambda: closing(crawl),
        }[moment])
        indexed_at_kill = len(indexed_urls(es, index_names.read_alias))
        journaled = journal_lines(crawl)
        hits_before = {url: web.hits[url] for url in urls}
        rerun = crawl(*command, env=web.proxy_env())
        fetched_again = {url for url in urls if web.hits[url] > hits_before[url]}

    print(f"killed {moment}: {indexed_at_kill} indexed and {len(journaled)} journaled at the kill; "
          f"rerun fetched {len(fetched_again)} articles; {rerun.stdout.strip()}")
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr[-3000:]
    found = indexed_urls(es, index_names.read_alias)
    assert len(found) == ARTICLES, f"killed {moment}: {ARTICLES - len(set(found))} articles lost"
    assert set(found) == urls
    # The rerun fetched exactly the article pages the journal did not hold, and said so.
    assert journaled <= urls
    assert fetched_again == urls - journaled
    if journaled:
        assert f"already done {len(journaled)}" in rerun.stdout
    assert not (crawl.data_dir / "crawl" / "bkto.journal").exists(), "a finished crawl forgets its journal"


def test_a_torn_last_line_of_the_journal_is_ignored_and_cut_off(tmp_path: Path) -> None:
    path = tmp_path / "bkto.journal"
    path.write_bytes(b"https://baokiemtoan.vn/a\nhttps://baokiemtoan.vn/b\nhttps://baokiemtoan.vn/c-longer-ur")
    journal = Journal(path)
    assert journal.handled("https://baokiemtoan.vn/b")
    assert not journal.handled("https://baokiemtoan.vn/c-longer-ur")
    journal.record(["https://baokiemtoan.vn/d"])
    journal.close(finished=False)
    assert path.read_text().splitlines() == [f"https://baokiemtoan.vn/{name}" for name in "abd"]
    Journal(path).close(finished=True)
    assert not path.exists()


def test_jobdir_still_pauses_and_resumes_a_crawl_stopped_gracefully(
    articles: list[sitegen.SiteArticle], es: Elasticsearch, index_names: config.IndexNames, tmp_path: Path,
) -> None:
    lifecycle.create(es, index_names)
    crawl = Crawl(tmp_path)
    command = (*FAST, "-s", f"JOBDIR={tmp_path / 'job'}", "-s", "VNNEWS_BULK_SIZE=20")
    urls = {article.url for article in articles}
    with LoopbackWeb(site_routes(articles)) as web:
        running = start_until(crawl, command, web, lambda: served_articles(web, urls) >= ARTICLES // 2)
        running.send_signal(signal.SIGINT)  # one Ctrl-C: Scrapy stops gracefully and saves the job
        paused = crawl.finish(running, timeout=60)
        rerun = crawl(*command, env=web.proxy_env())
    print(f"paused: {paused.stdout.strip()}\nresumed: {rerun.stdout.strip()}")
    assert "(shutdown)" in paused.stderr
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr[-3000:]
    assert "not closed cleanly" not in rerun.stderr
    assert not (tmp_path / "job" / "requests.seen").exists(), "a finished crawl leaves no job to resume"
    assert paused.summary["articles"] + rerun.summary["articles"] == ARTICLES
    found = indexed_urls(es, index_names.read_alias)
    assert len(found) == ARTICLES and set(found) == urls
