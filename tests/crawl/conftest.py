"""Crawls run as `vnnews crawl` in a child process (Twisted's reactor cannot restart inside pytest),
with their own data directory (spool) and their items written to a JSON-lines feed."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SUMMARY = re.compile(
    r"pages (?P<pages>\d+), articles (?P<articles>\d+), indexed (?P<indexed>\d+), spooled (?P<spooled>\d+), "
    r"dead-lettered (?P<dead_lettered>\d+), dropped (?P<dropped>\d+)"
)
STAT = re.compile(r"^[{ ]'([^']+)': (\d+)[,}]?$", re.MULTILINE)


@dataclass
class CrawlResult:
    returncode: int
    stdout: str
    stderr: str
    items: list[dict[str, Any]] = field(default_factory=list)

    @property
    def summary(self) -> dict[str, int]:
        match = SUMMARY.search(self.stdout)
        assert match, f"no summary line in:\n{self.stdout}\n{self.stderr[-3000:]}"
        return {name: int(value) for name, value in match.groupdict().items()}

    @property
    def stats(self) -> dict[str, int]:
        """The integer crawl stats Scrapy dumps to the log at the end."""
        return {name: int(value) for name, value in STAT.findall(self.stderr)}

    @property
    def urls(self) -> set[str]:
        return {item["url"] for item in self.items}


class Crawl:
    """Runs `vnnews crawl bkto ARGS` with a private VNNEWS_DATA; extra environment per call."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.data_dir = tmp_path / "data"
        self.runs = 0

    def __call__(self, *args: str, env: dict[str, str] | None = None, timeout: float = 240) -> CrawlResult:
        return self.finish(self.start(*args, env=env), timeout)

    def start(self, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
        self.runs += 1
        feed = self.feed()
        feeds = json.dumps({feed.as_uri(): {"format": "jsonlines", "encoding": "utf-8"}})
        command = [sys.executable, "-m", "search_cli.main", "crawl", "bkto", *args, "-s", f"FEEDS={feeds}"]
        return subprocess.Popen(command, cwd=ROOT, env=self.environment(env), text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def finish(self, process: subprocess.Popen[str], timeout: float = 240) -> CrawlResult:
        stdout, stderr = process.communicate(timeout=timeout)
        feed = self.feed()
        items = [json.loads(line) for line in feed.read_text().splitlines()] if feed.exists() else []
        return CrawlResult(process.returncode, stdout, stderr, items)

    def feed(self) -> Path:
        return self.tmp_path / f"items-{self.runs}.jsonl"

    def environment(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        return {**os.environ, "PYTHONPATH": str(ROOT), "VNNEWS_DATA": str(self.data_dir), **(extra or {})}


@pytest.fixture
def crawl(tmp_path: Path) -> Crawl:
    return Crawl(tmp_path)
