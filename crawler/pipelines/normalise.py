"""Turn an Article into the normalised dict the rest of the pipeline and the index writer take."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter

from crawler.normalise.article import normalise_article


class NormalisePipeline:
    def process_item(self, item: Any) -> dict[str, Any]:
        return normalise_article(ItemAdapter(item).asdict())
