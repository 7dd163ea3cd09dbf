"""The generic site spider bound to the moh spec (crawler.sites.moh)."""

from crawler.sites import moh
from crawler.spiders.site import SiteSpider


class MohSpider(SiteSpider):
    name = "moh"
    site = moh.SITE
