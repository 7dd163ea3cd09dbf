"""Which provinces an article is about, from the gazetteer `index/provinces.json` (the 63 provinces and
cities before the 1 July 2025 merger, the 34 after it, and which old ones each new one absorbed).

Shared by the crawler (tags each article, see docs/index-contract.md) and the search CLI (resolves the
name given to `--province`, diacritics optional, old or new).

A mention in the title counts 3, in the lead 2, in the body 1 each; a province is tagged from 2 up, so
a single passing mention in the body does not make an article about it. Names are matched as written
(capitalised): `Hòa Bình` the province is not `hòa bình`, peace.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources

from index.vietnamese import fold, normalize_text

# Read as a package resource: inside a zipped egg (scrapyd) there is no file path.
GAZETTEER = resources.files("index") / "provinces.json"
FIELD_WEIGHTS = (3, 2, 1)  # title, lead, each body paragraph
TAG_THRESHOLD = 2
PREFIX_LOOKBACK = 12  # characters before a name searched for `tỉnh`, `thành phố`, `TP.`...


@dataclass(frozen=True)
class Province:
    name: str  # the pre-2025 name, e.g. `Hà Nam`
    new: str  # the post-2025 province it belongs to, e.g. `Ninh Bình`


@dataclass(frozen=True)
class Gazetteer:
    pattern: re.Pattern[str]  # any surface form
    by_surface: dict[str, dict]  # surface form -> its old entry
    by_folded: dict[str, Province]  # folded name, alias or new name -> the province it names
    prefixes: tuple[str, ...]

    def province(self, entry: dict) -> Province:
        return Province(entry["name"], entry["new"])


@cache
def gazetteer() -> Gazetteer:
    data = json.loads(GAZETTEER.read_text(encoding="utf-8"))
    by_surface: dict[str, dict] = {}
    by_folded: dict[str, Province] = {}
    for entry in data["old"]:
        entry = {**entry, "name": normalize_text(entry["name"]), "new": normalize_text(entry["new"])}
        for surface in (entry["name"], *map(normalize_text, entry["aliases"])):
            by_surface[surface] = entry
            by_folded[fold(surface)] = Province(entry["name"], entry["new"])
    for entry in data["new"]:
        name = normalize_text(entry["name"])
        by_folded.setdefault(fold(name), Province(name, name))
    prefixes = tuple(map(normalize_text, data["prefixes"]))
    surfaces = "|".join(map(re.escape, sorted(by_surface, key=len, reverse=True)))
    # every name starts with a capital (A-Z or Đ): the lookahead skips the other positions cheaply
    pattern = re.compile(rf"(?<!\w)(?=[A-ZĐ])(?:{surfaces})(?!\w)")
    return Gazetteer(pattern, by_surface, by_folded, prefixes)


def _after_prefix(text: str, start: int) -> bool:
    return text[max(0, start - PREFIX_LOOKBACK) : start].rstrip().endswith(gazetteer().prefixes)


def _mentions(text: str) -> list[Province]:
    table = gazetteer()
    found = []
    for match in table.pattern.finditer(text):
        entry = table.by_surface[match.group()]
        if entry["needs_prefix"] and match.group() == entry["name"] and not _after_prefix(text, match.start()):
            continue
        following = match.string[match.end() :].split(maxsplit=1)
        if following and following[0] in entry["not_followed_by"]:
            continue
        found.append(table.province(entry))
    return found


def article_provinces(title: str | None, lead: str | None, body: list[str]) -> dict[str, list[str]]:
    """The index fields for an article's provinces (docs/index-contract.md), most weighted first:
    `provinces` the pre-2025 names, `province_new` the post-2025 provinces they belong to. The texts are
    normalised already (index.vietnamese.clean_text, as the crawler's normalise pipeline leaves them)."""
    scores: Counter[Province] = Counter()
    for text, weight in ((title, FIELD_WEIGHTS[0]), (lead, FIELD_WEIGHTS[1])):
        for province in _mentions(text or ""):
            scores[province] += weight
    for paragraph in body:
        for province in _mentions(paragraph):
            scores[province] += FIELD_WEIGHTS[2]
    tagged = [province for province, score in scores.most_common() if score >= TAG_THRESHOLD]
    return {
        "provinces": [province.name for province in tagged],
        "province_new": list(dict.fromkeys(province.new for province in tagged)),
    }


def resolve_province(name: str) -> Province | None:
    """The province a user means by `name`: old or new name or an alias, any case, diacritics and
    prefix optional (`tp hcm`, `tinh ha nam`, `Huế`); None when the gazetteer has no such name."""
    table = gazetteer()
    folded = " ".join(fold(name).split())
    if folded in table.by_folded:
        return table.by_folded[folded]
    for prefix in sorted(map(fold, table.prefixes), key=len, reverse=True):
        if folded.startswith(prefix) and (rest := folded[len(prefix) :].strip()) in table.by_folded:
            return table.by_folded[rest]
    return None

