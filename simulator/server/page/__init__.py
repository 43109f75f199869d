"""The record page: its views, its socket, the page's session (the adapter of the conversation), the session
registry and what the page shows.
"""
