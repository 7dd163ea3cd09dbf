"""Vietnamese text normalisation shared by the crawler pipelines and the search CLI (stdlib only)."""

from crawler.normalise.text import clean_text, fold, has_diacritics, normalize_text, strip_tones

__all__ = ["clean_text", "fold", "has_diacritics", "normalize_text", "strip_tones"]
