"""Reading documents: loaders, cleaning, structure, chunking, catalog, indexing."""
