"""API schemas: what clients send and receive, one model family per entity."""
