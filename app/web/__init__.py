"""Owns what every HTTP entry point shares: sessions, CSRF, keys, OIDC, problems, pages.

Must not import: routers, demo, sharing, content, webhooks, consent.
"""
