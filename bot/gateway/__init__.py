"""The gateway: the one front door for every channel (web chat, API, Telegram, console)."""
