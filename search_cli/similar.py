"""`vnnews similar ID|URL`: the articles most like one article, by Elasticsearch's `more_like_this`
over the folded title, lead and body (so spelling with or without diacritics does not matter). Its
syndicated copies are left out: they are the same article, listed by `vnnews show`."""

from __future__ import annotations

import argparse
import sys

from index.config import elasticsearch_errors, es_client, index_names
from index.errors import NotFound
from search_cli import output
from search_cli.cli import article_query
from search_cli.query import SUMMARY_SOURCE
from search_cli.results import result_from

SIMILAR_FIELDS = ["title.folded", "lead.folded", "body.folded"]
# Words of the article that characterise it: frequent in it, not everywhere in the archive.
MAX_QUERY_TERMS = 40
MIN_DOC_FREQ = 1


def similar_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vnnews similar",
        description="Articles about the same thing as one article, most similar first.",
        epilog="examples:\n  vnnews similar 3f1c…e9\n"
               "  vnnews similar https://baochinhphu.vn/some-article.htm --json\n\n"
               "exit codes:\n  0 success   2 bad option   5 Elasticsearch unreachable   6 article index missing\n"
               "  8 article not found",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("article", metavar="ID|URL", help="the article id, or its URL or canonical URL")
    parser.add_argument("--size", type=int, default=10, help="how many similar articles (default 10)")
    parser.add_argument("--json", dest="format", action="store_const", const="json",
                        help="one JSON object {total, took, hits, facets}")
    return parser


def similar_body(index: str, article_id: str, group: str | None, size: int) -> dict:
    """The articles most like the stored article `article_id` of `index`, the article itself and the
    copies of its syndication `group` left out."""
    copies = [{"term": {"syndication_group": group}}] if group else []
    return {
        "query": {"bool": {"must_not": copies, "must": {
            "more_like_this": {
                "fields": SIMILAR_FIELDS,
                "like": [{"_index": index, "_id": article_id}],
                "max_query_terms": MAX_QUERY_TERMS,
                "min_term_freq": 1,
                "min_doc_freq": MIN_DOC_FREQ,
                "minimum_should_match": "30%",
            }
        }}},
        "size": size,
        "_source": SUMMARY_SOURCE,
        "track_total_hits": True,
    }


def main(argv: list[str]) -> int:
    args = similar_parser().parse_args(argv[1:])
    key = args.article.strip()
    es, alias = es_client(), index_names().read_alias
    with elasticsearch_errors():
        found = es.search(index=alias, query=article_query(key), size=1,
                          source=["syndication_group"])["hits"]["hits"]
        if not found:
            raise NotFound(f"no article with id or URL {key!r}")
        article = found[0]
        group = article["_source"].get("syndication_group")
        response = es.search(index=alias, body=similar_body(article["_index"], article["_id"], group, args.size))
    result = result_from(response.body, None)
    if args.format == "json":
        output.write_json(result.record(), sys.stdout)
    else:
        style = output.Style(output.use_colour(sys.stdout))
        print(output.render_hits(result, 1, args.size, style, output.terminal_width()))
    return 0
