"""WSGI entry point for gunicorn: `gunicorn wsgi:app`."""

from hazchem import create_app

app = create_app()
