"""The generic site spider bound to the hanoimoi spec (crawler.sites.hanoimoi)."""

from crawler.sites import hanoimoi
from crawler.spiders.site import SiteSpider


class HanoimoiSpider(SiteSpider):
    name = "hanoimoi"
    site = hanoimoi.SITE
