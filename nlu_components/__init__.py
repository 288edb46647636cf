"""Custom components for Rasa's NLU pipeline (config.yml). Loaded by Rasa only."""
