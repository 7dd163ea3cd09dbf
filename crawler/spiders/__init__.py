"""Spiders: one generic SiteSpider (crawler.spiders.site) and one small subclass per site."""
