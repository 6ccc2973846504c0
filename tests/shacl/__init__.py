"""Tests of kg.shacl."""
