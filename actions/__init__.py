"""Custom actions run by the rasa_sdk action server (`.venv-rasa`). One module per concern."""
