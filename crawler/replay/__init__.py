"""Web archives (WARC) the crawler replays and records, and the bundled demo archives."""

from pathlib import Path

# BKTO's stand-in site (tests/crawl/bkto_sitegen.py), replayed by the crawl tests.
DEMO_ARCHIVE = Path(__file__).with_name("bkto-demo.warc.gz")
# Every profile with fixtures and pages of unknown sites (tests/crawl/multisite_gen.py): `vnnews demo`.
MULTISITE_DEMO = Path(__file__).with_name("demo.warc.gz")
