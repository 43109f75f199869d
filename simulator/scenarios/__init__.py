"""Scenario files and their engine: model, parser, matching, runner, reports. Pure: no aiohttp."""
