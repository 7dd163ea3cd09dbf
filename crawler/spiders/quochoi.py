"""The generic site spider bound to the quochoi spec (crawler.sites.quochoi)."""

from crawler.sites import quochoi
from crawler.spiders.site import SiteSpider


class QuochoiSpider(SiteSpider):
    name = "quochoi"
    site = quochoi.SITE
