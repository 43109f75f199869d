"""callsim: a local stand-in for HubSpot's calling host (Calling Extensions SDK)."""

__version__ = "0.1.0"
