-- Runs once, when the postgres volume is first created: the lake's catalog gets its own database,
-- beside Prefect's, on the same server.
CREATE DATABASE newsclaims;
