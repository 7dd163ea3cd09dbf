"""Only for scrapyd-deploy, which builds the project's egg with `setup.py bdist_egg`; the metadata (and the
`scrapy` entry point naming the settings module) is in pyproject.toml."""

from setuptools import setup

setup()
