"""The mock HubSpot: what HubSpot keeps, answers and checks for one widget. Pure: no aiohttp, no asyncio."""
