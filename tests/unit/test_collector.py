"""The collector extension: what a crawl builds before its engine starts is frozen out of the garbage
collector's scans, and the youngest generation is collected less often; cyclic garbage made during the
crawl is still collected."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from scrapy import signals
from scrapy.utils.test import get_crawler

from crawler import settings
from crawler.extensions.collector import GEN0_THRESHOLD, FreezeStartup


@pytest.fixture
def restored_collector() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_a_crawl_freezes_what_it_built_at_engine_start(restored_collector: None) -> None:
    crawler = get_crawler(settings_dict={"EXTENSIONS": {"crawler.extensions.collector.FreezeStartup": 0}})
    FreezeStartup.from_crawler(crawler)
    older = gc.get_threshold()[1:]

    crawler.signals.send_catch_log(signals.engine_started)

    assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == (GEN0_THRESHOLD, *older)


def test_cyclic_garbage_made_during_the_crawl_is_still_collected(restored_collector: None) -> None:
    FreezeStartup().engine_started()
    cycle: list = []
    cycle.append(cycle)
    del cycle
    assert gc.collect() >= 1


def test_the_project_enables_it() -> None:
    assert "crawler.extensions.collector.FreezeStartup" in settings.EXTENSIONS
