"""Ingest: files to cleaned chunks, vectors and BM25."""
