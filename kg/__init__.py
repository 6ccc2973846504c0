"""geokg: a knowledge-graph builder for international relations."""

__version__ = "0.1.0"
