-- Version 2: the value rows of one resource are found by (resource_pk, path, elem), not only by
-- (resource_pk, path). A value path (emails[value sw "a1"]) tests each element's sub-attributes
-- in that element, and a sort takes the value of one element (the first primary one, else the
-- first); with elem in the index each of those is one look-up. Without it, each was a walk over
-- every value of that path in the resource: for one user with 20,000 emails, 20,000 walks of
-- 20,000 rows (minutes). The new index replaces the old one, which it covers, so a value row
-- still writes the same number of B-trees.
CREATE INDEX IF NOT EXISTS scim_value_element ON scim_value (resource_pk, path, elem);
DROP INDEX IF EXISTS scim_value_resource;
