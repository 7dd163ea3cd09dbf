"""Content scoring: which element of a page holds the article body.

Each paragraph with enough text votes for its parent (fully), grandparent (half) and great-grandparent
(a third), weighted by its length and commas and discounted by the share of its text inside links.
A candidate's votes are then weighted by its own link density, its class/id hints, the longest run of
paragraphs among its children, and its position after the headline. Text lengths are measured once,
children before parents, so the whole pass is linear in the page and never recurses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from lxml.html import HtmlElement

from crawler.extract import generic_rules as rules

_CAMEL_CASE = re.compile(r"([a-z])([A-Z])")


@dataclass
class Lengths:
    """Characters of text under each element, and of that inside links; the elements in document order."""

    text: dict[HtmlElement, int] = field(default_factory=dict)
    linked: dict[HtmlElement, int] = field(default_factory=dict)
    teasers: dict[HtmlElement, int] = field(default_factory=dict)  # linked headings: items of a list
    elements: list[HtmlElement] = field(default_factory=list)
    order: dict[HtmlElement, int] = field(default_factory=dict)

    def link_density(self, element: HtmlElement) -> float:
        total = self.text.get(element, 0)
        return self.linked.get(element, 0) / total if total else 0.0


def measure(root: HtmlElement) -> Lengths:
    elements = [element for element in root.iter() if isinstance(element.tag, str)]
    lengths = Lengths(elements=elements, order={element: index for index, element in enumerate(elements)})
    text, linked, teasers = lengths.text, lengths.linked, lengths.teasers
    for element in reversed(elements):  # children before parents: one pass, no recursion
        total = len((element.text or "").strip())
        inside_links = inside_teasers = 0
        for child in element:
            total += len((child.tail or "").strip()) + text.get(child, 0)
            inside_links += linked.get(child, 0)
            inside_teasers += teasers.get(child, 0)
        text[element] = total
        linked[element] = total if element.tag == "a" else inside_links
        teasers[element] = max(inside_teasers, 1) if _is_linked_heading(element, lengths) else inside_teasers
    return lengths


def _is_linked_heading(element: HtmlElement, lengths: Lengths) -> bool:
    """A heading holding a headline-long link, or a headline-long link wrapping a heading."""
    if lengths.linked[element] < rules.HEADLINE_MIN_CHARS:
        return False
    if element.tag in rules.TEASER_HEADINGS:
        return True
    return element.tag == "a" and any(child.tag in rules.TEASER_HEADINGS for child in element.iterdescendants())


def hint(element: HtmlElement, pattern: re.Pattern[str]) -> bool:
    """Whether one token of the element's class or id matches `pattern`; camelCase tokens are split
    ("sapoNews" is "sapo-News")."""
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    return bool(names.strip()) and _names_match(names, pattern)


@lru_cache(maxsize=4096)
def _names_match(names: str, pattern: re.Pattern[str]) -> bool:
    """Cached: a page repeats the same class names on many elements, and so do the pages of a site."""
    return any(pattern.search(token) for token in _CAMEL_CASE.sub(r"\1-\2", names).split())


def is_noise(element: HtmlElement) -> bool:
    return hint(element, rules.NEGATIVE_HINT) and not hint(element, rules.POSITIVE_HINT)


def best_container(root: HtmlElement, title: HtmlElement | None, lengths: Lengths) -> HtmlElement | None:
    order = lengths.order
    votes = _votes(root, lengths)
    title_index = order.get(title, -1) if title is not None else -1
    scored = {
        candidate: score * _weight(candidate, lengths, order, title_index)
        for candidate, score in votes.items()
        if candidate.tag in rules.CONTAINER_TAGS
    }
    if not scored:
        return None
    best = max(scored, key=scored.__getitem__)
    return _below_title(best, scored, title) if title is not None and _contains(best, title) else best


def _below_title(best: HtmlElement, scored: dict[HtmlElement, float], title: HtmlElement) -> HtmlElement:
    """A winner holding the headline is the whole article block (header, meta line, sapo, body): the
    body is its best descendant not holding the headline, when that one carries at least half its score."""
    floor = rules.INNER_BODY_SHARE * scored[best]
    inner = [
        candidate
        for candidate, score in scored.items()
        if score >= floor and _contains(best, candidate) and not _contains(candidate, title)
    ]
    return max(inner, key=scored.__getitem__) if inner else best


def _contains(ancestor: HtmlElement, element: HtmlElement) -> bool:
    return element is not ancestor and any(node is ancestor for node in element.iterancestors())


def paragraph_text_length(element: HtmlElement, lengths: Lengths) -> int:
    """Characters written in the element itself and its inline children (not in its block children)."""
    if element.tag == "p":
        return lengths.text.get(element, 0)
    inline = (lengths.text.get(child, 0) for child in element if child.tag in rules.INLINE_TAGS)
    return _own_length(element) + sum(inline)


def _own_length(element: HtmlElement) -> int:
    """Characters of the element's own text and its children's tails, indentation not counted."""
    return len((element.text or "").strip()) + sum(len((child.tail or "").strip()) for child in element)


def _votes(root: HtmlElement, lengths: Lengths) -> dict[HtmlElement, float]:
    votes: dict[HtmlElement, float] = {}
    for paragraph in root.iter(*rules.PARAGRAPH_TAGS):
        size = paragraph_text_length(paragraph, lengths)
        if size < rules.MIN_PARAGRAPH_CHARS:
            continue
        text = "".join(paragraph.itertext())
        value = (1 + text.count(",") + min(size / 100, 3)) * (1 - lengths.link_density(paragraph))
        # A leaf block is one paragraph of its parent; a block mixing text and blocks is itself a body.
        ancestor = paragraph if _holds_blocks(paragraph) else paragraph.getparent()
        for divisor in (1, 2, 3):
            if ancestor is None:
                break
            votes[ancestor] = votes.get(ancestor, 0.0) + value / divisor
            ancestor = ancestor.getparent()
    return votes


def _holds_blocks(element: HtmlElement) -> bool:
    return element.tag != "p" and any(child.tag in rules.BLOCK_CHILD_TAGS for child in element.iterdescendants())


def _weight(candidate: HtmlElement, lengths: Lengths, order: dict[HtmlElement, int], title_index: int) -> float:
    weight = (1 - lengths.link_density(candidate)) * (1 + 0.1 * min(_longest_run(candidate, lengths), 10))
    if hint(candidate, rules.POSITIVE_HINT):
        weight *= rules.POSITIVE_WEIGHT
    if is_noise(candidate):
        weight *= rules.NEGATIVE_WEIGHT
    if title_index >= 0 and _last_index(candidate, order) < title_index:
        weight *= rules.BEFORE_TITLE_WEIGHT
    # Article bodies hold no list of linked headlines; a block that does is a teaser list.
    return weight * min(1.0, 2 / (1 + lengths.teasers.get(candidate, 0)))


def _longest_run(candidate: HtmlElement, lengths: Lengths) -> int:
    """The longest run of paragraph children (<p>, or text blocks holding no block): article bodies are
    runs of paragraphs. Children without text (spacers, images) neither count nor break a run."""
    longest = run = 0
    for child in candidate:
        if not isinstance(child.tag, str) or not lengths.text.get(child, 0):
            continue
        is_paragraph = child.tag == "p" or (child.tag == "div" and not _holds_blocks(child))
        run = run + 1 if is_paragraph and lengths.text[child] >= rules.MIN_PARAGRAPH_CHARS else 0
        longest = max(longest, run)
    return longest


def _last_index(element: HtmlElement, order: dict[HtmlElement, int]) -> int:
    last = element
    while len(last):
        last = last[-1]
    return order.get(last, order.get(element, 0))
