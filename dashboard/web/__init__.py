"""The Dash and Flask app: the only code that sees a request or a thread. Every plain address is in routes.py."""
