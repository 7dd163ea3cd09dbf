"""Run records and `vnnews crawl status`: a healthy site, then the same site after its article template
changed (the profile no longer recognises its pages, generic extraction takes over) turns `--check` red."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import bkto_sitegen as sitegen
import pytest
from crawl_runner import ROOT, Crawl
from elasticsearch import Elasticsearch

from crawler.replay.archive import Exchange, write_archive
from index import config, crawl_runs, lifecycle

ARTICLES = 12


def status(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "search_cli.main", "crawl", "status", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def relaunched(exchange: Exchange) -> Exchange:
    """The page with the article markup of a redesign the profile does not know."""
    body = exchange.body.replace(b"post-detail", b"story-view").replace(b"c-detail-head", b"story-head")
    return dataclasses.replace(exchange, body=body)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("warc")
    exchanges = sitegen.site_exchanges([sitegen.generated_article(n) for n in range(ARTICLES)])
    before, after = folder / "before.warc.gz", folder / "after.warc.gz"
    write_archive(before, exchanges)
    write_archive(after, [relaunched(exchange) for exchange in exchanges])
    return before, after


def test_a_changed_template_turns_the_check_red(
    crawl: Crawl, sites: tuple[Path, Path], index_names: config.IndexNames, es: Elasticsearch
) -> None:
    before, after = sites
    lifecycle.create(es, index_names)
    assert crawl("--replay", str(before)).returncode == 0
    es.indices.refresh(index=crawl_runs.alias(index_names))
    healthy = status("--check")
    assert healthy.returncode == 0, healthy.stderr
    shown = status()
    assert shown.returncode == 0 and shown.stdout.startswith("bkto ") and "█" in shown.stdout

    crawl("--replay", str(after))
    es.indices.refresh(index=crawl_runs.alias(index_names))
    red = status("--check")
    assert red.returncode == 13, red.stderr
    assert red.stdout.splitlines() == [line for line in red.stdout.splitlines() if line.startswith("bkto: template")]
    report = json.loads(status("--json").stdout)
    assert [site["site"] for site in report] == ["bkto"]
    assert report[0]["generic_rate_last_run"] > 0.3 and report[0]["problems"]
