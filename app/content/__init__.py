"""Owns content items comms offers: link, language and share-text rules, asks, API schemas.

Must not import: routers, dependencies, sharing, people; of web only pagination, etags, timestamps.
"""
