-- Issue 15. Both tables sit beside the hash-chained decision_record rather than in it: a new column there
-- would change what every record's hash covers, and the records already chained (and the baselines that
-- replay them) must verify as they are.

-- The correlation id (X-Request-Id) of the request that recorded each decision, written in the same
-- transaction as the record. Not covered by the chain: it is the caller's label, not part of the decision.
CREATE TABLE decision_request (
    decision_id VARCHAR(64)  NOT NULL PRIMARY KEY,
    request_id  VARCHAR(200) NOT NULL
);
CREATE INDEX decision_request_by_request ON decision_request (request_id);

-- Idempotency-Key (IETF draft-ietf-httpapi-idempotency-key-header): the first request with a key inserts
-- its row (the primary key lets exactly one of two concurrent requests win, on any number of replicas);
-- the winner stores its response once its decisions are recorded. A row whose response is still missing
-- after locked_until (its replica died mid-request) may be taken over; every row goes at expires_at.
CREATE TABLE idempotency_key (
    idempotency_key VARCHAR(255)                NOT NULL PRIMARY KEY,
    fingerprint     VARCHAR(80)                 NOT NULL,
    request_id      VARCHAR(200)                NOT NULL,
    created_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    locked_until    TIMESTAMP(6) WITH TIME ZONE,
    response_json   VARCHAR
);
CREATE INDEX idempotency_key_by_expiry ON idempotency_key (expires_at);
