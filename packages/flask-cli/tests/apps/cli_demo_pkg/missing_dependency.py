"""A module that imports something that does not exist."""

import cli_demo_dependency_that_does_not_exist  # noqa: F401
