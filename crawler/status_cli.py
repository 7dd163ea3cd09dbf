"""`vnnews crawl status [--json] [--check]`: per site, from the run records (index.crawl_runs): the last run
and the last success, articles per day over 7 and 30 days, drop and generic-fallback rates, and a bar of
articles per day over the last fortnight.

`--check` prints one line per unhealthy site and exits 13 (Unhealthy) when there is one, for cron mail or
a monitoring probe. A site is unhealthy when:
  no_articles      its last run found no article, while a run of the last 30 days found some;
  template         more than GENERIC_ALARM of its last run's articles were extracted generically (parser
                   `generic.…`) although the site has a profile: its layout changed;
  fetch_errors     its last REPEATED runs each failed on at least half of their pages;
  robots           robots.txt forbade pages of its last run.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

from crawler.sites import SITES
from index import config, crawl_runs
from index.errors import Unhealthy

GENERIC_ALARM = 0.3
REPEATED = 3
CHART_DAYS = 14
WINDOW = 30
BARS = " ▁▂▃▄▅▆▇█"


def parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(prog="vnnews crawl status", description="Per-site health of the crawls.")
    cli.add_argument("--json", action="store_true", help="one JSON object per site, for monitoring systems")
    cli.add_argument("--check", action="store_true", help="exit 13 with one line per unhealthy site")
    return cli


def recent_runs() -> list[dict[str, Any]]:
    """The run records of the last WINDOW days, oldest first."""
    client = config.es_client()
    since = (datetime.now(UTC) - timedelta(days=WINDOW)).isoformat(timespec="seconds")
    with config.elasticsearch_errors():
        answer = client.options(ignore_status=404).search(
            index=crawl_runs.alias(config.index_names()), size=10_000, sort=[{"started": "asc"}],
            query={"range": {"started": {"gte": since}}})
    if answer.meta.status == 404:
        return []
    return [hit["_source"] for hit in answer["hits"]["hits"]]


def day_of(stamp: str) -> date:
    return datetime.fromisoformat(stamp).astimezone(UTC).date()


def generic_share(run: dict[str, Any]) -> float:
    parsers = run.get("parsers") or {}
    total = sum(parsers.values())
    return sum(n for name, n in parsers.items() if name.startswith("generic.")) / total if total else 0.0


def drop_rate(runs: list[dict[str, Any]]) -> float:
    dropped = sum(sum((run.get("dropped") or {}).values()) for run in runs)
    articles = sum(run["articles"] for run in runs)
    return dropped / articles if articles else 0.0


def problems(site: str, runs: list[dict[str, Any]]) -> list[str]:
    last = runs[-1]
    found = []
    if last["articles"] == 0 and any(run["articles"] for run in runs):
        found.append("no_articles: the last run found no article, earlier runs did")
    profiled = site in {profile.key for profile in SITES}
    if profiled and last["articles"] and generic_share(last) > GENERIC_ALARM:
        found.append(f"template: {generic_share(last):.0%} of the last run's articles extracted generically "
                     "(its layout changed?)")
    failing = runs[-REPEATED:]
    if len(failing) == REPEATED and all(run["pages"] and sum((run.get("failed") or {}).values()) * 2 >= run["pages"]
                                        for run in failing):
        found.append(f"fetch_errors: the last {REPEATED} runs failed on half their pages or more")
    if last.get("robots_forbidden"):
        found.append(f"robots: robots.txt forbade {last['robots_forbidden']} pages of the last run")
    return found


def per_day(runs: list[dict[str, Any]], days: int, today: date) -> list[int]:
    counts: dict[date, int] = defaultdict(int)
    for run in runs:
        counts[day_of(run["started"])] += run["articles"]
    return [counts[today - timedelta(days=back)] for back in range(days - 1, -1, -1)]


def site_status(site: str, runs: list[dict[str, Any]], today: date) -> dict[str, Any]:
    successes = [run for run in runs if run["exit_code"] == 0]
    week = [run for run in runs if day_of(run["started"]) > today - timedelta(days=7)]
    return {
        "site": site,
        "last_run": runs[-1]["ended"],
        "last_exit_code": runs[-1]["exit_code"],
        "last_success": successes[-1]["ended"] if successes else None,
        "articles_per_day_7d": round(sum(run["articles"] for run in week) / 7, 1),
        "articles_per_day_30d": round(sum(run["articles"] for run in runs) / WINDOW, 1),
        "drop_rate_7d": round(drop_rate(week), 3),
        "generic_rate_last_run": round(generic_share(runs[-1]), 3),
        "articles_per_day": per_day(runs, CHART_DAYS, today),
        "problems": problems(site, runs),
    }


def bar(counts: list[int]) -> str:
    top = max(counts) or 1
    return "".join(BARS[0 if not n else max(1, round(n / top * (len(BARS) - 1)))] for n in counts)


def line(status: dict[str, Any]) -> str:
    success = status["last_success"] or "never"
    return (f"{status['site']:14} last run {status['last_run']} (exit {status['last_exit_code']}), "
            f"last success {success}; articles/day {status['articles_per_day_7d']} (7d) "
            f"{status['articles_per_day_30d']} (30d); drops {status['drop_rate_7d']:.0%}, generic "
            f"{status['generic_rate_last_run']:.0%}  |{bar(status['articles_per_day'])}|")


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    by_site: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for run in recent_runs():
        by_site[run["site"]].append(run)
    today = datetime.now(UTC).date()
    statuses = [site_status(site, runs, today) for site, runs in sorted(by_site.items())]
    if args.json:
        print(json.dumps(statuses, ensure_ascii=False, indent=1))
    elif not args.check:
        print("\n".join(map(line, statuses)) if statuses else "no crawl run recorded in the last 30 days")
    unhealthy = [status for status in statuses if status["problems"]]
    if args.check:
        for status in unhealthy:
            print(f"{status['site']}: {'; '.join(status['problems'])}")
        if unhealthy:
            raise Unhealthy(f"{len(unhealthy)} of {len(statuses)} sites unhealthy")
    return 0
