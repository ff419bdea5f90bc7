-- Version 3: a version (meta.version, a weak ETag) of any length. Core's have 20 characters, but a
-- restored dump keeps the versions it carries, and another server's may be longer than the 64
-- characters version 1 allowed (a quoted SHA-256 is 68): such a dump stopped the restore.
ALTER TABLE scim_resource ALTER COLUMN version SET DATA TYPE VARCHAR(1000000);
