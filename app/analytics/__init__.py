"""Owns analytics: the daily roll-up of shares, clicks and previews, k-anonymous reports on it.

Must not import: routers, dependencies, sharing, short_links, people, content; of web only i18n.
"""
