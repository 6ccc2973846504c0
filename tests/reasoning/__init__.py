"""Tests of kg.reasoning."""
