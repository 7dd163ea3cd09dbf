"""The article index schema, as data: analysis settings, index settings and the mapping.

Field meanings and which sub-field to query for what: docs/index-contract.md. The analyzers come from
the vnnews analysis plugin (index/analysis-plugin); the server itself provides only `standard`,
`lowercase`, `stop` and `shingle`. Bump SCHEMA_VERSION for any change here, then run `vnnews index migrate`.
"""

from typing import Any

SCHEMA_VERSION = 3

# The plugin's analyzers are registered under their names and need no declaration. A keyword normalizer
# cannot use the plugin's char filter (the server refuses stable-API char filters in normalizers), so
# title.kw uses the built-in `lowercase` normalizer: titles arrive normalised by the crawler's pipelines,
# and a caller normalises its lookup value the same way (crawler.normalise).
SETTINGS: dict[str, Any] = {
    "number_of_shards": 1,
    "number_of_replicas": 0,
    "refresh_interval": "5s",
}

# A crawl's syndication lookups search the index while it writes, and with Elasticsearch's default (a
# refresh every second of a searched index) every second of a replay crawl made a small segment: 12-16
# refreshes and often a merge per 2,000 articles, and lookups three times slower across the segments
# (docs/benchmarks.md, crawl section). Five seconds is nothing beside the writer's batches at a polite
# crawl's pace, and a crawl, a migration and the demo refresh at their end anyway. Added in schema version 3.
#
# The defaults above suit one node: a replica could never be placed there (the index would stay yellow),
# and one shard holds tens of millions of articles (docs/scaling.md). On a cluster of three or more
# nodes create with `--replicas 1` (every shard survives the loss of one node) and one shard per 10-50 GB
# of expected index size, so that each node carries several shards and a lost one recovers quickly.
DEFAULT_SHARDS = SETTINGS["number_of_shards"]
DEFAULT_REPLICAS = SETTINGS["number_of_replicas"]

# Phrases and two-syllable compounds must never join the end of one paragraph (or array value) to the
# start of the next; 100 positions is far beyond any phrase slop the query builder uses.
VALUE_GAP = 100

# title, lead and body together, unaccented words and compounds: the recall gate of the search query
# matches once here rather than in three fields (the same matches, 2-4x cheaper at 100,000 articles;
# docs/benchmarks.md). Filled by copy_to; not in _source. Added in schema version 2.
ALL_TEXT = {
    "type": "text",
    "analyzer": "vi_folded",
    "search_analyzer": "vi_folded_search",
    "position_increment_gap": VALUE_GAP,
    "fields": {
        "fcompound": {"type": "text", "analyzer": "vi_folded_compound", "index_options": "freqs"},
    },
}

# title, lead, body and image captions: accented words, unaccented words, tone-less words, compounds.
ARTICLE_TEXT = {
    "type": "text",
    "analyzer": "vi_exact",
    "search_analyzer": "vi_exact_search",
    "position_increment_gap": VALUE_GAP,
    "copy_to": "all_text",
    "fields": {
        "folded": {
            "type": "text",
            "analyzer": "vi_folded",
            "search_analyzer": "vi_folded_search",
            "position_increment_gap": VALUE_GAP,
        },
        "notone": {"type": "text", "analyzer": "vi_notone", "position_increment_gap": VALUE_GAP},
        # compounds only score (term frequencies), they are never used for phrases: no positions
        "compound": {"type": "text", "analyzer": "vi_compound", "index_options": "freqs"},
        "fcompound": {"type": "text", "analyzer": "vi_folded_compound", "index_options": "freqs"},
    },
}

# site, category, tags, author: exact values for filters and facets, folded words for free-text matching.
FACET_KEYWORD = {
    "type": "keyword",
    "fields": {
        "folded": {"type": "text", "analyzer": "vi_folded", "position_increment_gap": VALUE_GAP},
    },
}

KEYWORD = {"type": "keyword"}

# Stored with the +07:00 offset; aggregate with time_zone Asia/Ho_Chi_Minh.
DATE = {"type": "date", "format": "strict_date_optional_time"}

MAPPINGS = {
    "dynamic": "strict",
    "_meta": {"schema_version": SCHEMA_VERSION},
    "properties": {
        "url": KEYWORD,
        "canonical_url": KEYWORD,
        "site": FACET_KEYWORD,
        "agency_prefix": KEYWORD,
        "title": {
            **ARTICLE_TEXT,
            "fields": {
                **ARTICLE_TEXT["fields"],
                "kw": {"type": "keyword", "normalizer": "lowercase", "ignore_above": 1024},
            },
        },
        "lead": ARTICLE_TEXT,
        "body": ARTICLE_TEXT,
        "all_text": ALL_TEXT,
        "author": FACET_KEYWORD,
        "category": FACET_KEYWORD,
        "tags": FACET_KEYWORD,
        "images": {
            "properties": {
                "url": KEYWORD,
                "caption": {
                    "type": "text",
                    "analyzer": "vi_exact",
                    "search_analyzer": "vi_exact_search",
                    "fields": {
                        "folded": {"type": "text", "analyzer": "vi_folded", "search_analyzer": "vi_folded_search"},
                    },
                },
                "credit": KEYWORD,
            },
        },
        "published_at": DATE,
        "updated_at": DATE,
        "first_seen": DATE,
        "last_seen": DATE,
        "language": KEYWORD,
        "parser": KEYWORD,
        "content_hash": KEYWORD,
        "version": {"type": "integer"},
        # set by the crawler's enrich pipeline from index.references and index.provinces
        "doc_refs": KEYWORD,
        "doc_keys": KEYWORD,
        "doc_types": KEYWORD,
        "doc_issuers": KEYWORD,
        "provinces": KEYWORD,
        "province_new": KEYWORD,
        # set by the crawler's syndicate pipeline (index.copies, index.syndication)
        "syndication_group": KEYWORD,
        "group_leader": {"type": "boolean"},
        "syndication_bands": KEYWORD,
        "syndication_sig": {"type": "long", "index": False, "doc_values": False},
    },
}
