"""The aiohttp edge: the record page, its WebSocket, the control and REST APIs, live reload."""
