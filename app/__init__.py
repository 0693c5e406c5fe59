"""gladshare: a self-hosted employee ambassador platform built on voluntariness.

The package map is in README.md; each subpackage says what it owns in its own docstring.
"""
