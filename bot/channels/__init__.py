"""Channel bridges that feed the gateway (Telegram)."""
