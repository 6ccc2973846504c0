"""Tests of kg.validation."""
