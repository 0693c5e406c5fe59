"""Owns the comms studio's pages and fragments (role comms), one module per page group.

Must not import: routers.api, routers.ui; the studio calls the domain packages, as the pages do.
"""
