"""Render layer: plain data in, bytes out (HJ 1276 label PDFs and PNGs, transfer slip PDFs)."""
