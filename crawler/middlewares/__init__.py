"""Downloader middlewares: WARC replay and recording, the firewall-page detector, and the robots.txt parser."""
