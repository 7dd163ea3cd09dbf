"""One spider per registered site (`crawler.sites.SITES`), named by the site's key: a new site needs its
module in `crawler/sites/` and nothing here."""

from __future__ import annotations

from crawler.sites import SITES
from crawler.sites.base import Site
from crawler.spiders.site import SiteSpider


def spider_class(site: Site) -> type[SiteSpider]:
    """The generic site spider bound to `site`, defined in this module so that Scrapy's loader lists it."""
    namespace = {"name": site.key, "site": site, "__module__": __name__, "__doc__": f"{site.domain}: {site.key}"}
    return type(f"{site.key.capitalize()}Spider", (SiteSpider,), namespace)


SPIDERS: dict[str, type[SiteSpider]] = {site.key: spider_class(site) for site in SITES}
globals().update({spider.__name__: spider for spider in SPIDERS.values()})
