"""Owns the public /s/{code} path: plain ASGI before routing, lookup, click counts, codes.

Must not import: routers, dependencies, sharing, people, consent; of web only rate_limits.
"""
