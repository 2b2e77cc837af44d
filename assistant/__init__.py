"""Advisory assistant over Dutch documents about municipal ICT."""

__version__ = "0.1.0"
