"""Persistence: the SQL store for conversations, messages, analytics and knowledge entries."""
