"""What every feature shares: database helpers, time and language, tokens, roles and errors."""
