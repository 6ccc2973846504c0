"""Tests of kg.query."""
