"""Owns every HTTP entry point under FastAPI: thin, they parse, authorise, call a domain, render.

Must not import: cli, worker, models.base; rules and queries live in the domain packages.
"""
