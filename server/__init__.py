"""Serving the app: gunicorn with a worker process per core, and the queue worker beside it."""
