"""Human advocates: consent, the queue, and handing conversations back to the bot."""
