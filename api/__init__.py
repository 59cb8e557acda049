"""The HTTP API: FastAPI routers that translate requests into canned queries (queries/)."""
