"""Scrapy settings of the vnnews crawler (`scrapy.cfg` points here; `vnnews crawl` loads them too).

vnnews-specific settings (override with `-s NAME=VALUE`):
  VNNEWS_REPLAY     path of a .warc.gz: answer every request from it, never touch the network
  VNNEWS_RECORD     path of a .warc.gz: archive every response fetched (with its request)
  VNNEWS_REPLAY_ALLOW_PARTIAL  True: replay the readable part of a damaged archive (`--allow-partial`)
  VNNEWS_INDEXING   False: run every pipeline but do not write to Elasticsearch
  VNNEWS_BULK_SIZE  documents per bulk request to Elasticsearch
  VNNEWS_BULK_RETRIES  retries of a failed bulk request before its documents go to the spool
  VNNEWS_RETRY_AFTER_MAX  longest Retry-After pause (seconds) waited for; a longer one leaves the host's
                    pages to the next run
  VNNEWS_SITEMAP_MAXSIZE  bytes a sitemap may take, downloaded or decompressed (pages: DOWNLOAD_MAXSIZE)
  VNNEWS_CRAWL_STATE  True: incremental crawls over the crawl state shared in Elasticsearch (crawler.state)
  VNNEWS_RUN_RECORDS  False: no run record in the crawl-runs index (`vnnews crawl status` reads them)
  VNNEWS_PROGRESS_INTERVAL  seconds between progress log lines off a terminal (0: none; on a terminal a
                    live line instead)
  VNNEWS_STATE_CLAIM_SECONDS, VNNEWS_STATE_BATCH  how long a claim on a page holds; outcomes per bulk write
  VNNEWS_PAGE_MAX_BYTES, VNNEWS_PAGE_MAX_SECONDS  extraction budget of one article page: past it the page
                    is dropped as `too_large` / `too_slow` (crawler.extract.budget)
"""

BOT_NAME = "vnnews"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = "vnnews/0.1 (+https://github.com/vnnews/vnnews)"
ROBOTSTXT_OBEY = True
# Scrapy's default parser, also giving the spider the `Sitemap:` lines of the robots.txt it fetched.
ROBOTSTXT_PARSER = "crawler.middlewares.robots.SitemapRobotParser"

# Official sites sit behind touchy firewalls: few parallel requests, adaptive delay.
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 45.0

# Scrapy starts this many tasks for every response, whatever it yields; a page yields one article or a
# list of links, so the default (100) cost a replay crawl about a tenth of its time in task bookkeeping.
CONCURRENT_ITEMS = 8

# A stalled fetch is cut short and retried rather than holding one of the few slots for Scrapy's 180 s.
DOWNLOAD_TIMEOUT = 30
# One more than Scrapy's 2: firewall pages (crawler.middlewares.firewall) spend retries too.
RETRY_TIMES = 3
# A news page is a few hundred KB: far larger is hostile or broken, and would only cost memory (the
# limit holds for decompressed bodies too). The crawl counts such pages as vnnews/failed/too_large.
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
# The sitemap protocol's own limit.
VNNEWS_SITEMAP_MAXSIZE = 50 * 1024 * 1024
VNNEWS_RETRY_AFTER_MAX = 60

DOWNLOADER_MIDDLEWARES = {
    # First: a page a resumed crawl already handled costs nothing, not even a robots.txt check.
    "crawler.middlewares.resume.ResumeMiddleware": 50,
    "crawler.state.middleware.StateDownloaderMiddleware": 60,
    # Scrapy's retries, honouring Retry-After, in the place of its RetryMiddleware.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.retry.RetryAfterMiddleware": 550,
    # Below HttpCompression (590), so it reads the decompressed page.
    "crawler.middlewares.firewall.FirewallPageMiddleware": 585,
    # Next to the downloader: they see raw responses and every other middleware sees theirs.
    "crawler.middlewares.record.RecordMiddleware": 940,
    "crawler.middlewares.replay.ReplayMiddleware": 950,
}

SPIDER_MIDDLEWARES = {
    # Below accounting: it filters the article requests of each callback as one batch.
    "crawler.state.middleware.StateSpiderMiddleware": 900,
    # Next to the spider: it sees every item and every exception of the callbacks first.
    "crawler.middlewares.accounting.AccountingMiddleware": 1000,
}

EXTENSIONS = {
    "crawler.middlewares.resume.JobDirGuard": 0,
    "crawler.extensions.runs.RunRecorder": 500,
    "crawler.extensions.progress.Progress": 510,
    "crawler.extensions.collector.FreezeStartup": 520,
}

ITEM_PIPELINES = {
    "crawler.pipelines.normalise.NormalisePipeline": 100,
    "crawler.pipelines.validate.ValidatePipeline": 200,
    "crawler.pipelines.enrich.EnrichPipeline": 250,
    "crawler.pipelines.dedupe.DedupePipeline": 300,
    "crawler.pipelines.syndicate.SyndicatePipeline": 350,
    "crawler.pipelines.index.IndexPipeline": 400,
}

VNNEWS_REPLAY = ""
VNNEWS_RECORD = ""
VNNEWS_REPLAY_ALLOW_PARTIAL = False
VNNEWS_INDEXING = True
VNNEWS_BULK_SIZE = 200
VNNEWS_BULK_RETRIES = 3
VNNEWS_CRAWL_STATE = False
VNNEWS_RUN_RECORDS = True
VNNEWS_PROGRESS_INTERVAL = 60
VNNEWS_STATE_CLAIM_SECONDS = 3600
VNNEWS_STATE_BATCH = 200
VNNEWS_PAGE_MAX_BYTES = 10 * 1024 * 1024
VNNEWS_PAGE_MAX_SECONDS = 2.0

# Scrapy's default, stated because IndexPipeline runs the writer through the asyncio event loop.
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"
LOG_FORMATTER = "crawler.pipelines.QuietDropFormatter"
