"""Owns the images we serve for content items: re-encoded with Pillow, stored as files under
VAR_DIR/images named by their content's hash, and fetched once from an item's image_url.

Must not import: routers, dependencies, sharing, people, consent, content, demo; of web only i18n.
"""
