-- Issue 11: decision records stored compact. A record's record_format says how it is stored and hashed:
--   1  request_json and response_json as text; the hash covers the texts (every record written before V4)
--   2  body: the request and response texts compressed together (zstd with the fixed dictionary
--      audit/record-dictionary-1.txt, see RecordCodec); request_json and response_json are NULL, and the
--      hash covers the stored bytes of body, not the texts
-- Older records are left as they are: they read and verify as format 1, and the chain runs on through both.
ALTER TABLE decision_record ADD COLUMN record_format SMALLINT DEFAULT 1 NOT NULL;
ALTER TABLE decision_record ADD COLUMN body BYTEA;
ALTER TABLE decision_record ALTER COLUMN request_json DROP NOT NULL;
ALTER TABLE decision_record ALTER COLUMN response_json DROP NOT NULL;
