"""`vnnews sites`: the sites vnnews knows (crawler.sites.SITES), what extracts them and where a crawl starts.

Everything printed is read from the site modules: the parser names of their templates, their discovery entry
points, and how they are known (the first paragraph of the module's docstring and a tally of its evidence
tags such as [V-code] or [I], see the sites research notes (news-sites.md) §0). Does not import Scrapy.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import re
from collections import Counter
from dataclasses import fields
from types import ModuleType
from typing import Any

import crawler.sites
from crawler.sites import SITES
from crawler.sites.base import Discovery, Site

# The confidence tags of the research notes, as the site modules cite them: "[V-code]", "[I, same CMS]",
# "[V-code 2025]", "[report, unverified]".
EVIDENCE_TAG = re.compile(r"\[(V-measured|V-code|V-pages|I|Legacy|report)\b[^\]]*\]")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vnnews sites", description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="one JSON object per site, one per line")
    return parser


def site_module(site: Site) -> ModuleType | None:
    """The module of crawler/sites/ declaring `site` as its SITE."""
    for info in pkgutil.iter_modules(crawler.sites.__path__, f"{crawler.sites.__name__}."):
        module = importlib.import_module(info.name)
        if getattr(module, "SITE", None) is site:
            return module
    return None


def evidence(module: ModuleType | None) -> dict[str, Any]:
    doc = (module.__doc__ if module else None) or ""
    summary = " ".join(doc.strip().split("\n\n")[0].split())
    return {"module": module.__name__ if module else None, "summary": summary,
            "tags": dict(Counter(EVIDENCE_TAG.findall(doc)).most_common())}


def entry_points(discovery: Discovery) -> dict[str, list[Any]]:
    """Every URL field of the Discovery by its name (start_urls, sitemap_urls, feeds, ...: whatever the
    dataclass declares), and its listings as their first-page URL and number of slugs."""
    points: dict[str, list[Any]] = {}
    for field in fields(discovery):
        value = getattr(discovery, field.name)
        if field.name == "listings":
            points["listings"] = [{"page_url": listing.page_url, "slugs": len(listing.slugs)} for listing in value]
        elif isinstance(value, str):  # one URL template, e.g. a monthly sitemap
            points[field.name] = [value] if value else []
        elif isinstance(value, tuple):
            points[field.name] = list(value)
    return points


def describe(site: Site) -> dict[str, Any]:
    return {
        "key": site.key,
        "domain": site.domain,
        "hosts": sorted(site.hosts),
        "templates": [template.parser for template in site.templates],
        "discovery": entry_points(site.discovery),
        "evidence": evidence(site_module(site)),
    }


def readable(entry: dict[str, Any]) -> str:
    tags = ", ".join(f"{tag} {count}" for tag, count in entry["evidence"]["tags"].items())
    rows = {"hosts": entry["hosts"], "templates": entry["templates"]}
    for name, values in entry["discovery"].items():
        rows[name] = [f"{value['page_url']} ({value['slugs']} slugs)" if name == "listings" else value
                      for value in values]
    width = max(map(len, rows))
    lines = [f"{entry['key']}  {entry['domain']}"]
    lines += [f"  {name.ljust(width)}  {', '.join(values) or '-'}" for name, values in rows.items()]
    lines.append(f"  {'evidence'.ljust(width)}  {entry['evidence']['summary']}" + (f" [{tags}]" if tags else ""))
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv[1:])
    entries = [describe(site) for site in SITES]
    if args.json:
        print("\n".join(json.dumps(entry, ensure_ascii=False) for entry in entries))
    else:
        print("\n\n".join(map(readable, entries)))
    return 0
