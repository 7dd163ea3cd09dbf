"""What the search commands accept (facet and sort names, date forms, the deepest page), for their argument
parsers and help texts. It imports nothing, so that `vnnews search --help` loads only this module and
argparse: the query builder, date parsing and output formatting load when a command runs."""

DATE_FACETS = ("day", "week", "month", "year")
TERM_FACETS = ("site", "category")
# facet name -> the keyword field the enrich pipeline fills (docs/index-contract.md)
ANALYST_FACETS = {"doc": "doc_refs", "doctype": "doc_types", "province": "provinces"}
AUTO_DATE_FACET = "date"  # a histogram whose interval fits the range of the matches
FACETS = (AUTO_DATE_FACET, *DATE_FACETS, *TERM_FACETS, *ANALYST_FACETS)
SORT_ORDERS = ("relevance", "newest", "oldest")  # the keys of search_cli.query.SORTS
# Elasticsearch refuses from + size beyond index.max_result_window; deeper reads belong to export.
MAX_WINDOW = 10_000

DATE_FORMS = "2023-04-27, 27/04/2023, 2023-04 or 04/2023 (a whole month), 2023 (a whole year)"
SINCE_FORMS = "a number and a unit: 24h, 7d, 2w, 3m (months), 1y"
