"""From files to an index: loading, cleaning, chunking, the catalog, incremental indexing, uploads,
the progress of a build and the BM25 preview a staged start serves from."""
