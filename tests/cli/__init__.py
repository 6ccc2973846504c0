"""The command line as a whole: exit codes, help, hostile input, the README's example."""
