"""The generic site spider bound to the sbv spec (crawler.sites.sbv)."""

from crawler.sites import sbv
from crawler.spiders.site import SiteSpider


class SbvSpider(SiteSpider):
    name = "sbv"
    site = sbv.SITE
