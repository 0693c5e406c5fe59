"""Owns the comms studio's pages and fragments (role comms), one module per page group.

Must not import: routers.api, routers.ui; the studio calls the domain packages, as the pages do.
"""

from starlette.convertors import StringConvertor, register_url_convertor

# The studio's own words beside an item's id: /studio/content/new and /import are pages of
# their own, so a method they do not answer is 405, never "the item called new".
STUDIO_WORDS = ("new", "import")


class ItemIdConvertor(StringConvertor):
    """An item's id in a studio path: any path segment but the studio's own words."""

    regex = rf"(?!(?:{'|'.join(STUDIO_WORDS)})(?:/|$))[^/]+"


register_url_convertor("item", ItemIdConvertor())
