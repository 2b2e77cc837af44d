"""From files to an index: loading, cleaning, chunking, the catalog, incremental indexing and uploads."""
