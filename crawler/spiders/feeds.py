"""RSS 2.0 and Atom feeds: each item's article link and date.

Feed dates come in three shapes: RFC 822 (`Sat, 14 Sep 2026 18:44:00 +0700`, RSS), ISO 8601 (Atom), and
the en-US form of .NET's default DateTime text (`9/14/2026 6:44:00 PM`, baochinhphu.vn: month first,
no zone). The AM/PM marker tells the .NET form apart from a Vietnamese day-first date. A value without
a zone is Vietnam time; an empty or unreadable value is unknown, never "now".
"""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime

from lxml import etree

from crawler.normalise.dates import parse_date, parse_structured_date
from index.vietnamese import VIETNAM

_ITEM = "//*[local-name()='item' or local-name()='entry']"
_DATE_ELEMENTS = ("pubDate", "published", "updated", "date")
_US_DATE_TIME = re.compile(
    r"^(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})\s+(?P<hour>\d{1,2}):(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2}))?\s*(?P<meridiem>[AP]M)$",
    re.IGNORECASE,
)
_PARSER = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)


def feed_items(body: bytes) -> list[tuple[str, datetime | None]]:
    """(link, date) of every item of an RSS or Atom feed, in feed order; [] when it is not a feed."""
    try:
        root = etree.fromstring(body, _PARSER)
    except etree.XMLSyntaxError:  # an empty body: recovery has nothing to build on
        return []
    if root is None:
        return []
    found = []
    for item in root.xpath(_ITEM):
        if link := _item_link(item):
            found.append((link, feed_date(_child_text(item, _DATE_ELEMENTS))))
    return found


def feed_date(text: str | None) -> datetime | None:
    text = " ".join((text or "").split())
    if not text:
        return None
    if match := _US_DATE_TIME.match(text):
        return _us_moment(match)
    if re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return parse_structured_date(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return parse_date(text)
    return moment.replace(tzinfo=VIETNAM) if moment.tzinfo is None else moment.astimezone(VIETNAM)


def _us_moment(match: re.Match[str]) -> datetime | None:
    hour = int(match["hour"]) % 12 + (12 if match["meridiem"].upper() == "PM" else 0)
    try:
        return datetime(
            int(match["year"]), int(match["month"]), int(match["day"]), hour, int(match["minute"]),
            int(match["second"] or 0), tzinfo=VIETNAM,
        )  # fmt: skip
    except ValueError:
        return None


def _item_link(item: etree._Element) -> str | None:
    """RSS `<link>` text, Atom `<link rel="alternate" href>`, else a permalink `<guid>`."""
    for link in item.xpath("*[local-name()='link']"):
        href = link.get("href") if link.get("href") is not None else link.text
        if href and href.strip() and link.get("rel", "alternate") == "alternate":
            return href.strip()
    guid = item.xpath("*[local-name()='guid' and not(@isPermaLink='false')]/text()")
    return guid[0].strip() if guid and guid[0].strip().startswith("http") else None


def _child_text(item: etree._Element, names: tuple[str, ...]) -> str | None:
    for name in names:
        values = item.xpath(f"*[local-name()='{name}']/text()")
        if values and values[0].strip():
            return str(values[0])
    return None
