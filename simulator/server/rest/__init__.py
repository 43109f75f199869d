"""HubSpot's REST API as callsim serves it: the CRM objects APIs (calls, contacts, companies) and their errors."""
