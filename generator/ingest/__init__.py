"""Ingest stage: raw seeds (text dumps, HTML) → Markdown briefs."""
