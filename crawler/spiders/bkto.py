"""baokiemtoan.vn (Báo Kiểm toán): the generic site spider bound to the BKTO spec."""

from crawler.sites import bkto
from crawler.spiders.site import SiteSpider


class BktoSpider(SiteSpider):
    name = "bkto"
    site = bkto.SITE
