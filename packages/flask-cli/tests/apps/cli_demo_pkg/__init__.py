"""Package of example applications for the CLI tests."""
