"""The benchmark runs and its synthetic projects."""
