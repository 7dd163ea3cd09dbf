"""Scrapy extensions of the crawl: run records (runs) and progress (progress)."""
