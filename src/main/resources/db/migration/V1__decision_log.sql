-- The decision log (issue 3). Written for both H2 (embedded default, MODE=PostgreSQL) and PostgreSQL.
-- Append-only: rows are only ever inserted. Every column of a record is covered by its hash, and the hash
-- chains to the previous record's, so an altered or removed row is found by verify.
CREATE TABLE decision_record (
    seq             BIGINT                   NOT NULL PRIMARY KEY,
    decision_id     VARCHAR(64)              NOT NULL UNIQUE,
    evaluated_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    recorded_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    ruleset_version VARCHAR(80)              NOT NULL,
    community_id    VARCHAR(200)             NOT NULL,
    as_of           DATE                     NOT NULL,
    request_json    VARCHAR                  NOT NULL,
    response_json   VARCHAR                  NOT NULL,
    prev_hash       VARCHAR(80)              NOT NULL,
    hash            VARCHAR(80)              NOT NULL
);

CREATE INDEX decision_record_by_community ON decision_record (community_id, evaluated_at);
CREATE INDEX decision_record_by_time ON decision_record (evaluated_at);

-- The end of the chain, updated in the same transaction as the records it follows: it is what lets
-- verify notice that the newest records were removed, and its row lock serialises writers.
CREATE TABLE decision_chain_head (
    id   INT         NOT NULL PRIMARY KEY,
    seq  BIGINT      NOT NULL,
    hash VARCHAR(80) NOT NULL
);
INSERT INTO decision_chain_head (id, seq, hash)
VALUES (1, 0, 'sha256:0000000000000000000000000000000000000000000000000000000000000000');

-- Every ruleset that served, by its version (the content hash of its files), so that a decision can be
-- replayed on the exact rules and tables it was made with after they changed.
CREATE TABLE ruleset_archive (
    version     VARCHAR(80)              NOT NULL PRIMARY KEY,
    archived_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    location    VARCHAR(1000)
);

CREATE TABLE ruleset_archive_file (
    version  VARCHAR(80)  NOT NULL REFERENCES ruleset_archive (version),
    -- the order the files were compiled in: rules of equal salience fire in load order, so the order is
    -- part of what makes a replay's trace the same (the version hash, over sorted paths, does not see it)
    position INT          NOT NULL,
    path     VARCHAR(500) NOT NULL,
    sha256  VARCHAR(64)  NOT NULL,
    content BYTEA        NOT NULL,
    PRIMARY KEY (version, path)
);
