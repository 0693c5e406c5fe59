"""Owns Standard Webhooks: endpoints, https targets, signing, the outbox, delivery.

Must not import: routers, dependencies, consent, content, sharing, people; of web only pagination.
"""
