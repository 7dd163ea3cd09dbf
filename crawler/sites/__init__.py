"""Registry of the sites vnnews knows: one declarative module per site (see crawler/sites/base.py)."""

from __future__ import annotations

from crawler.sites import (
    bkto,
    chinhphu,
    hanoigov,
    hanoimoi,
    moh,
    nhandan,
    qdnd,
    quochoi,
    sbv,
    tapchicongsan,
    vietnamplus,
)
from crawler.sites.base import Discovery, Listing, Site, Template

SITES: tuple[Site, ...] = (
    bkto.SITE,
    chinhphu.SITE,
    hanoigov.SITE,
    hanoimoi.SITE,
    nhandan.SITE,
    vietnamplus.SITE,
    qdnd.SITE,
    quochoi.SITE,
    tapchicongsan.SITE,
    sbv.SITE,
    moh.SITE,
)


def site_for_url(url: str) -> Site | None:
    """The site serving `url`, by host (old domains included), or None."""
    return next((site for site in SITES if site.serves(url)), None)


__all__ = ["SITES", "Discovery", "Listing", "Site", "Template", "site_for_url"]
