"""Scripts that tests run in a separate process (``python -m tests.helpers.<name>``)."""
