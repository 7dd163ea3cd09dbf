"""The generic site spider bound to the tapchicongsan spec (crawler.sites.tapchicongsan)."""

from crawler.sites import tapchicongsan
from crawler.spiders.site import SiteSpider


class TapchicongsanSpider(SiteSpider):
    name = "tapchicongsan"
    site = tapchicongsan.SITE
