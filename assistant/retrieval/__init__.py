"""Finding passages: embedders, the Chroma store, BM25, hybrid fusion and the answerer's sentence vectors."""
