"""The shipped ontology, shapes and data, read against the articles."""
