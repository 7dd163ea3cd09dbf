"""Dates of a page no template knows: every source collected, then cross-checked.

Structured values (JSON-LD, article:* meta, microdata of the article, `time[datetime]` in the article
header) beat visible text; the visible date of the article header (the elements around the <h1>, never
the site header, a sidebar or a related list: the caller passes only the header zone) picks, among
structured values that disagree, the one of its day, and stands alone when nothing structured has a
time. HTML comments are gone before this runs. No date stays None.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from lxml.html import HtmlElement

from crawler.extract import generic_rules as rules
from crawler.extract.fields import element_text
from crawler.extract.page import Page
from crawler.normalise.dates import parse_date, parse_structured_date, to_iso
from index.vietnamese import VIETNAM

# Microdata of the page itself: an itemprop with no itemscope around it (head meta, meta.cms-date).
_PAGE_MICRODATA = '//*[@itemprop="{key}"][not(ancestor::*[@itemscope])]'



@dataclass(frozen=True)
class Found:
    moment: datetime
    has_time: bool


def published_at(page: Page, heading: HtmlElement | None, zone: list[HtmlElement]) -> str | None:
    structured = _structured(page, heading, "datePublished", rules.PUBLISHED_META) + _zone_machine(zone)
    timed_days = {found.moment.date() for found in structured if found.has_time}
    # Visible text only decides when nothing structured has a time or timed values disagree on the day.
    visible = _visible(zone) if len(timed_days) != 1 else None
    chosen = _cross_check(structured, visible)
    return to_iso(chosen) if chosen else None


def updated_at(page: Page, heading: HtmlElement | None) -> str | None:
    found = _structured(page, heading, "dateModified", rules.MODIFIED_META)
    return to_iso(found[0].moment) if found else None


def _structured(page: Page, heading: HtmlElement | None, ld_key: str, meta_keys: tuple[str, ...]) -> list[Found]:
    values = [page.ld_article.get(ld_key)]
    values += [value for key in meta_keys if key != ld_key.lower() for value in page.meta.get(key, ())]
    elements = page.selector.root.xpath(_PAGE_MICRODATA.format(key=ld_key))
    elements += _article_microdata(heading, ld_key)
    values += [element.get("content") or element.get("datetime") for element in elements]
    return [found for value in values if isinstance(value, str) and (found := _machine(value))]


def _article_microdata(heading: HtmlElement | None, key: str) -> list[HtmlElement]:
    """The article's itemprops: those whose nearest itemscope is the one around the headline. Related-list
    items, typed NewsArticle too, carry their own itemscope and are skipped."""
    scope = _nearest_scope(heading) if heading is not None else None
    if scope is None:
        return []
    return [element for element in scope.iter() if element.get("itemprop") == key and _nearest_scope(element) is scope]


def _nearest_scope(element: HtmlElement) -> HtmlElement | None:
    return next((node for node in element.iterancestors() if node.get("itemscope") is not None), None)


def _zone_machine(zone: list[HtmlElement]) -> list[Found]:
    values = (element.get("datetime") for element in zone if element.tag == "time")
    return [found for value in values if value and (found := _machine(value))]


def _machine(value: str) -> Found | None:
    moment = parse_structured_date(value)
    if moment is None or not _plausible(moment):
        return None
    return Found(moment, "T" in value or " " in value.strip())


def _plausible(moment: datetime) -> bool:
    """Not a placeholder (0001-01-01, 1970) nor a date in the future: the bounds of `parse_date`."""
    return moment.year >= rules.EARLIEST_YEAR and moment <= datetime.now(VIETNAM) + timedelta(days=1)


def _visible(zone: list[HtmlElement]) -> Found | None:
    for element in zone:
        if any(isinstance(child.tag, str) and child.tag not in {"span", "b", "strong", "i", "em", "a", "time"}
               for child in element):
            continue
        text = element_text(element)
        if len(text) > rules.VISIBLE_DATE_MAX_CHARS or not rules.DATE_LIKE.search(text):
            continue
        if moment := parse_date(text):
            return Found(moment, bool(rules.VISIBLE_TIME.search(text)))
    return None


def _cross_check(structured: list[Found], visible: Found | None) -> datetime | None:
    timed = [found for found in structured if found.has_time]
    if timed:
        if visible is not None:
            same_day = [found for found in timed if found.moment.date() == visible.moment.date()]
            if same_day:
                return same_day[0].moment
        return timed[0].moment
    if visible is not None and visible.has_time:
        return visible.moment
    if structured:
        return structured[0].moment
    return visible.moment if visible is not None else None
