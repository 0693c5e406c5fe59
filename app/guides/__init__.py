"""Owns the guides to the social networks: Markdown in app/guides/<language>/, rendered safely.

Must not import: db, models, routers; of web only i18n.
"""
