"""Tests of the library API: the kg facade and docs/python-api.md."""
