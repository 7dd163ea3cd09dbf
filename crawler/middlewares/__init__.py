"""Downloader middlewares: WARC replay and recording, and the firewall-page detector."""
