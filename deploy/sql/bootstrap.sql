-- Bootstrap run once per database before any service migration (idempotent).
-- PostGIS lives in its own extension objects in `public`; our tables live in the service schemas.
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE SCHEMA IF NOT EXISTS profiles;
CREATE SCHEMA IF NOT EXISTS geo;
CREATE SCHEMA IF NOT EXISTS toolbox;
CREATE SCHEMA IF NOT EXISTS identity;
-- Trigram similarity (toolbox-api's search: names and typos); its operators live in `public`.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
