"""Add what analysts filter and aggregate on: the legal documents an article cites (index.references)
and the provinces it is about (index.provinces). The rules live in `index/` so that the search CLI reads
a query the same way."""

from __future__ import annotations

from typing import Any

from index.provinces import article_provinces
from index.references import article_references


class EnrichPipeline:
    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        texts = (item.get("title"), item.get("lead"), item.get("body") or [])
        item.update(article_references(*texts))
        item.update(article_provinces(*texts))
        return item
