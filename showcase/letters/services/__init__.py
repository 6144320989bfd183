"""The rules of visa letters: requests, decisions and numbers, retention."""
