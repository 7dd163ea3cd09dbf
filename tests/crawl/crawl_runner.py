"""Run `vnnews crawl bkto` in a child process (Twisted's reactor cannot restart inside pytest) with its
own data directory (spool, journal) and its items written to a JSON-lines feed. Used by tests/crawl and
tests/reliability."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SUMMARY = re.compile(
    r"pages (?P<pages>\d+), articles (?P<articles>\d+), indexed (?P<indexed>\d+), spooled (?P<spooled>\d+), "
    r"dead-lettered (?P<dead_lettered>\d+), dropped (?P<dropped>\d+)(?: \([^)]*\))?, failed (?P<failed>\d+)"
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
        self.tmp_path.mkdir(parents=True, exist_ok=True)  # a crawler of its own directory (another machine)
        feed = self.feed()
        feeds = json.dumps({feed.as_uri(): {"format": "jsonlines", "encoding": "utf-8"}})
        command = [sys.executable, "-m", "search_cli.main", "crawl", "bkto", *args, "-s", f"FEEDS={feeds}"]
        # Files, not pipes: a test that waits for a moment to kill the crawl does not read its output, and
        # a full pipe would stall the crawl.
        with self.output("stdout").open("w") as stdout, self.output("stderr").open("w") as stderr:
            return subprocess.Popen(command, cwd=ROOT, env=self.environment(env), text=True,
                                    stdout=stdout, stderr=stderr)

    def finish(self, process: subprocess.Popen[str], timeout: float = 240) -> CrawlResult:
        process.wait(timeout=timeout)
        feed = self.feed()
        items = [json.loads(line) for line in feed.read_text().splitlines()] if feed.exists() else []
        return CrawlResult(process.returncode, self.output("stdout").read_text(), self.output("stderr").read_text(),
                           items)

    def feed(self) -> Path:
        return self.tmp_path / f"items-{self.runs}.jsonl"

    def output(self, stream: str) -> Path:
        return self.tmp_path / f"{stream}-{self.runs}.txt"

    def environment(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        return {**os.environ, "PYTHONPATH": str(ROOT), "VNNEWS_DATA": str(self.data_dir), **(extra or {})}
