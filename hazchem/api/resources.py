"""API resources: registry and catalogue endpoints."""

from __future__ import annotations
