"""The rules of gladshare: plain, keyword-only functions that know nothing of HTTP."""
