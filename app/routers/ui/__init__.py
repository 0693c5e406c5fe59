"""Owns the HTML pages and HTMX fragments, one module per page group.

Must not import: routers.api; pages call the domain packages, not the API.
"""
