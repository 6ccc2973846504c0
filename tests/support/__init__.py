"""Helpers the tests share: projects to test on, servers, expected answers. Imported, never collected."""
