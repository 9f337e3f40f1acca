-- powderkeg DuckDB schema. One row per document; one row per record in the table of its kind.
-- Every record table keeps the full record as JSON (`record`) beside the columns analysts filter on.
CREATE TABLE IF NOT EXISTS documents (
    doc_id        VARCHAR PRIMARY KEY,
    title         VARCHAR,
    date          DATE,          -- publication date
    url           VARCHAR,
    source        VARCHAR,
    path          VARCHAR,       -- where it was read from (file, or file:line)
    content_hash  VARCHAR,       -- sha256 prefix of the text: same hash, same document
    text          VARCHAR,       -- the document text every span points into
    n_sentences   INTEGER,
    powderkeg_version VARCHAR,   -- the powderkeg version that analysed it
    coder_hash    VARCHAR,       -- hash of version, lexicons, knowledge base and model that produced its records
    ingested_at   TIMESTAMP DEFAULT current_timestamp
);
CREATE TABLE IF NOT EXISTS events (
    id VARCHAR PRIMARY KEY, doc_id VARCHAR, type VARCHAR, mode VARCHAR,
    source_countries VARCHAR[], target_countries VARCHAR[], source_names VARCHAR[], target_names VARCHAR[],
    negated BOOLEAN, hypothetical BOOLEAN, date DATE, location_name VARCHAR, location_country VARCHAR,
    lat DOUBLE, lon DOUBLE, cameo VARCHAR, goldstein DOUBLE, quad INTEGER, plover_score DOUBLE,
    confidence DOUBLE, sentence_index INTEGER, span_start INTEGER, span_end INTEGER, record JSON
);
CREATE TABLE IF NOT EXISTS figures (
    id VARCHAR PRIMARY KEY, doc_id VARCHAR, quantity VARCHAR, value DOUBLE, qualifier VARCHAR,
    location_name VARCHAR, location_country VARCHAR, date DATE, sentence_index INTEGER, record JSON
);
CREATE TABLE IF NOT EXISTS stances (
    id VARCHAR PRIMARY KEY, doc_id VARCHAR, actor_country VARCHAR, actor_name VARCHAR, issue VARCHAR,
    stance VARCHAR, date DATE, sentence_index INTEGER, record JSON
);
CREATE TABLE IF NOT EXISTS relations (
    id VARCHAR PRIMARY KEY, doc_id VARCHAR, subject_country VARCHAR, subject_name VARCHAR, relation VARCHAR,
    object_country VARCHAR, object_name VARCHAR, sentence_index INTEGER, record JSON
);
CREATE TABLE IF NOT EXISTS flags (
    id VARCHAR PRIMARY KEY, doc_id VARCHAR, severity VARCHAR, message VARCHAR, sentence_index INTEGER, record JSON
);
-- When and where (issue 12): how precisely the date and place are known and where they came from.
-- Added as columns after `record` so stores written before them are upgraded in place.
ALTER TABLE events ADD COLUMN IF NOT EXISTS date_precision VARCHAR;   -- day | week | month | year
ALTER TABLE events ADD COLUMN IF NOT EXISTS date_source VARCHAR;      -- explicit | relative | publication
ALTER TABLE events ADD COLUMN IF NOT EXISTS date_end DATE;            -- end of a range
ALTER TABLE events ADD COLUMN IF NOT EXISTS location_admin1 VARCHAR;  -- GeoNames admin1 code or US state
ALTER TABLE events ADD COLUMN IF NOT EXISTS geonames_id BIGINT;
ALTER TABLE events ADD COLUMN IF NOT EXISTS geo_precision INTEGER;    -- 1 point, 2 region, 3 country
ALTER TABLE events ADD COLUMN IF NOT EXISTS location_source VARCHAR;  -- clause | target | governing
ALTER TABLE figures ADD COLUMN IF NOT EXISTS victims VARCHAR;         -- civilians | soldiers | militants | ...
ALTER TABLE figures ADD COLUMN IF NOT EXISTS date_precision VARCHAR;
ALTER TABLE figures ADD COLUMN IF NOT EXISTS geo_precision INTEGER;
-- Incidents: the same event told by several articles, counted once (src/powderkeg/store/incidents.py).
-- Maintained on ingest, one article at a time. No PRIMARY KEY: DuckDB checks keys eagerly on UPDATE
-- inside a transaction; incident_id is unique by construction ("i:" + the id of its first event, "~2", "~3" after it
-- when a changed article starts an incident under an id its earlier version's incident still holds).
CREATE TABLE IF NOT EXISTS incidents (
    incident_id VARCHAR, type VARCHAR, source_countries VARCHAR[], target_countries VARCHAR[],
    date DATE,            -- earliest day-precise event date (else the earliest; an undated event takes its publication date)
    date_last DATE,       -- latest day an event may stand for ("last week": the end of that week)
    location_name VARCHAR, location_country VARCHAR, lat DOUBLE, lon DOUBLE,
    n_articles INTEGER, n_mentions INTEGER, n_events INTEGER, doc_ids VARCHAR[], event_ids VARCHAR[],
    first_report DATE, last_report DATE,   -- publication dates of the earliest and latest article
    goldstein DOUBLE, plover_score DOUBLE, quad INTEGER,
    casualties JSON,      -- [{figure_id, doc_id, quantity, value, value_max, qualifier, value_text, claimed_by, text}]
    source_url VARCHAR,   -- the first report's url
    source_keys VARCHAR[], -- who acted, as the merge rule compares actors ('S:<country>' or 'N:<name>')
    trigger_stems VARCHAR[] -- first four letters of its triggers' first words ("kill")
);
CREATE TABLE IF NOT EXISTS event_incidents (event_id VARCHAR, incident_id VARCHAR, doc_id VARCHAR);
CREATE INDEX IF NOT EXISTS event_incidents_doc ON event_incidents (doc_id);
