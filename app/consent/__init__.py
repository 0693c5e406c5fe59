"""Owns the consent ledger: versioned texts, append-only events, HR's view and audited proof.

Must not import: routers, dependencies, sharing, content; of web only i18n, pagination.
"""
