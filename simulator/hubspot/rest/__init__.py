"""The rules and shapes of HubSpot's REST APIs, with no HTTP: objects, search, transcripts, inbound calls, calling
settings.
"""
