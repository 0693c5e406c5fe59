"""Owns Standard Webhooks: endpoints, targets (SSRF rules), signing, the outbox, delivery.

Must not import: routers, dependencies, consent, content, sharing, people; of web only pagination.
"""
