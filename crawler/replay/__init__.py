"""Web archives (WARC) the crawler replays and records, and the bundled demo archive."""

from pathlib import Path

DEMO_ARCHIVE = Path(__file__).with_name("bkto-demo.warc.gz")
