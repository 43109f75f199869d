"""The mock CRM: one portal's records, phone numbers and the fixtures file that seeds them."""
