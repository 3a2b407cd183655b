"""A module that raises ImportError while it is being imported."""

raise ImportError("raised on purpose while importing")
