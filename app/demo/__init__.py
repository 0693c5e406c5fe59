"""Owns the demo organisation (people, content, consent texts) and the demo sign-in.

Must not import: routers, dependencies; of web only i18n.
"""
