"""The staff console: sign-in, the advocates' queue and conversations, commissioners' dashboard."""
