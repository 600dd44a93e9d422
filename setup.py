"""Kept for ``scrapyd-deploy`` (scrapyd-client), which builds its egg with ``python setup.py bdist_egg``
and would otherwise write a setup.py of its own; everything is declared in pyproject.toml, including
the ``scrapy`` entry point (``settings = crawler.settings``) that Scrapyd reads from the egg."""

from setuptools import setup

setup()
