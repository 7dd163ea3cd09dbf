"""The project on a real scrapyd (started here, on loopback): deployed with scrapyd-client, a scheduled job
crawls a replay archive into the index, with the `since` and `max_pages` spider arguments."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.request import urlopen

import bkto_sitegen as sitegen
import pytest
from crawl_runner import ROOT
from elasticsearch import Elasticsearch

from crawler.replay.archive import write_archive
from index import config, lifecycle

ARTICLES = 12
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get_json(url: str) -> dict:
    with urlopen(url, timeout=5) as answer:
        return json.load(answer)


@pytest.fixture
def scrapyd(tmp_path: Path, index_names: config.IndexNames) -> Iterator[tuple[str, dict[str, str]]]:
    """A scrapyd on a free loopback port, its eggs, logs and queues in tmp_path; the scrapyd-client target
    `test` pointing at it (a scrapy.cfg in XDG_CONFIG_HOME)."""
    port = free_port()
    home = tmp_path / "scrapyd"
    home.mkdir()
    (home / "scrapyd.conf").write_text(
        f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\neggs_dir = {home / 'eggs'}\n"
        f"logs_dir = {home / 'logs'}\ndbs_dir = {home / 'dbs'}\nitems_dir =\npoll_interval = 0.5\n")
    (tmp_path / "scrapy.cfg").write_text(f"[deploy:test]\nurl = http://127.0.0.1:{port}\nproject = vnnews\n")
    env = {**os.environ, "VNNEWS_DATA": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path)}
    server = subprocess.Popen([BIN / "scrapyd"], cwd=home, env=env, stdout=subprocess.DEVNULL,
                              stderr=(home / "scrapyd.err").open("w"))
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                get_json(f"{url}/daemonstatus.json")
                break
            except OSError:
                assert time.monotonic() < deadline, (home / "scrapyd.err").read_text()[-2000:]
                time.sleep(0.3)
        yield url, env
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_scheduled_scrapyd_job_indexes_a_replayed_site(
    scrapyd: tuple[str, dict[str, str]], tmp_path: Path, index_names: config.IndexNames, es: Elasticsearch
) -> None:
    url, env = scrapyd
    archive = tmp_path / "site.warc.gz"
    write_archive(archive, sitegen.site_exchanges([sitegen.generated_article(n) for n in range(ARTICLES)]))
    lifecycle.create(es, index_names)
    run = {"cwd": ROOT, "env": env, "capture_output": True, "text": True, "timeout": 120}
    deployed = subprocess.run([BIN / "scrapyd-deploy", "test"], **run)
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    settings = [f"setting=VNNEWS_REPLAY={archive}", "setting=DOWNLOAD_DELAY=0", "setting=AUTOTHROTTLE_ENABLED=False"]
    scheduled = subprocess.run([BIN / "scrapyd-client", "schedule", "-t", "test", "-p", "vnnews", "bkto",
                                "--arg", "since=2000-01-01", "--arg", "max_pages=1000",
                                *(part for setting in settings for part in ("--arg", setting))], **run)
    assert scheduled.returncode == 0, scheduled.stdout + scheduled.stderr
    deadline = time.monotonic() + 120
    while not (jobs := get_json(f"{url}/listjobs.json?project=vnnews"))["finished"]:
        assert time.monotonic() < deadline, jobs
        time.sleep(0.5)
    es.indices.refresh(index=index_names.read_alias)
    assert es.count(index=index_names.read_alias)["count"] == ARTICLES, jobs
