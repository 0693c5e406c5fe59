"""Owns the formats and rules several domains share: host names (IDNA), language tags (BCP 47)
and the addresses gladshare may connect to on someone else's say-so (the SSRF rules).

Must not import: db, models, web, routers, consent, content, sharing, short_links, people, webhooks.
"""
