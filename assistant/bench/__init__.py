"""assistant bench: speed, memory and scale, each phase measured in a fresh process."""
