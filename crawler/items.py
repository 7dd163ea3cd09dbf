"""The Article item the crawler produces (the contract is the table in docs/architecture.md).

A plain dataclass: Scrapy accepts it as an item through itemadapter, and importing it does not import
Scrapy, so `vnnews extract` and the tests stay fast.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, TypedDict


class Image(TypedDict):
    url: str
    caption: str | None
    credit: str | None


@dataclass
class Article:
    """One news article. Fields a page does not provide stay None (or empty lists): the validation
    pipeline, not the extractor, decides whether the item is complete enough to index."""

    url: str
    canonical_url: str
    site: str
    agency_prefix: str | None = None
    title: str | None = None
    lead: str | None = None
    body: list[str] = field(default_factory=list)
    author: str | None = None
    category: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    published_at: str | None = None
    updated_at: str | None = None
    language: str = "vi"
    parser: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
