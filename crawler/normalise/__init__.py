"""Normalisation of crawled articles: dates, legacy encodings, whole articles. The Vietnamese text rules
themselves live in `index.vietnamese`, shared with the index and the search CLI."""
