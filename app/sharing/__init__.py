"""Owns sharing: shares and the networks' dialogs, the feed, the share panel and ratings.

Must not import: routers, dependencies; of web only i18n, pagination, timestamps.
"""
