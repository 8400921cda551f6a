"""The FHIR R4 booking API under /fhir: directory, free slots and appointments for the NHS
systems around the service, reached by API clients with OAuth 2.0 client credentials."""
