"""Regulators' work: search, alerts, deadlines, registers, dashboards, summaries, indicators, review."""
