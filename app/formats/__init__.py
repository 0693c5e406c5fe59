"""Owns the formats several domains accept: host names (IDNA) and language tags (BCP 47).

Must not import: db, models, web, routers, consent, content, sharing, short_links, people, webhooks.
"""
