-- Stale candidates: a candidate is the serving ruleset of its upload (based_on, since V2) with some files
-- replaced. Approving it later must not undo what was approved meanwhile, so it records, for each file it
-- replaces, the SHA-256 of that file in its base (a JSON object path -> hash; null where the base had no such
-- file): when the serving ruleset's file is no longer that one, the table changed since and approval is
-- refused. A candidate whose replaced files did not change but whose base no longer serves is validated again
-- on the serving ruleset and, when valid, that rebased ruleset serves: activated_version names it (the
-- candidate's own version when it was approved on its own base). Rows written before V5 have no base_files:
-- their base is read from the ruleset archive instead. Written for both H2 (MODE=PostgreSQL) and PostgreSQL.
ALTER TABLE ruleset_candidate ADD COLUMN base_files VARCHAR;
ALTER TABLE ruleset_candidate ADD COLUMN activated_version VARCHAR(80);
