"""Owns people: HR's employee record, profiles, my own data, sign-in and web sessions.

Must not import: routers, dependencies; of web only i18n, pagination, timestamps.
"""
