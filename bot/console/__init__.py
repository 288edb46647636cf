"""The staff console: sign-in, the advocates' queue and conversations, the commissioners' dashboard."""
