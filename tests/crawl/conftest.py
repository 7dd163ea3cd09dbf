"""Crawls run as `vnnews crawl` in a child process (crawl_runner), with their own data directory (spool)
and their items written to a JSON-lines feed."""

from __future__ import annotations

from pathlib import Path

import pytest
from crawl_runner import ROOT, Crawl, CrawlResult

__all__ = ["ROOT", "Crawl", "CrawlResult"]


@pytest.fixture
def crawl(tmp_path: Path) -> Crawl:
    return Crawl(tmp_path)
