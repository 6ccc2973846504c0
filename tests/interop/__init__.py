"""Tests of kg.interop."""
