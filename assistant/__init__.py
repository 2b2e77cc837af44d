"""Advisory assistant over Dutch documents about municipal ICT (RAG with citations)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("assistant")  # the one place is pyproject.toml
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"
