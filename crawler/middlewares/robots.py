"""The robots.txt parser of the crawl (setting ROBOTSTXT_PARSER): Scrapy's default one, which also
lists the file's `Sitemap:` lines.

Scrapy's RobotsTxtMiddleware fetches each host's robots.txt once and announces the parser with the
`robots_parsed` signal; the spider reads the sitemaps from it instead of downloading the file again.
"""

from __future__ import annotations

from scrapy.robotstxt import ProtegoRobotParser


class SitemapRobotParser(ProtegoRobotParser):
    @property
    def sitemaps(self) -> list[str]:
        """The `Sitemap:` URLs as written in the file (possibly relative to it)."""
        return list(self.rp.sitemaps)
