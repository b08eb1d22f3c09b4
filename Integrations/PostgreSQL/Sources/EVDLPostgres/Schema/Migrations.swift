import Foundation

/// One version of the schema: statements run in one transaction.
struct Migration: Sendable {
    var version: Int
    var description: String
    var statements: [String]
}

/// The schema's versions. A released migration is never edited: a change is a new version.
enum Migrations {
    /// The newest version this code knows.
    static let latest = 4

    /// Every migration for `schema`, oldest first.
    static func all(_ schema: PostgresSchema) -> [Migration] {
        let s = schema.name
        return [
            Migration(version: 1, description: "event store", statements: eventStore(s, channel: schema.channel)),
            Migration(version: 2, description: "outbox (Debezium outbox event router shape)", statements: outbox(s)),
            Migration(version: 3, description: "read models, checkpoints, snapshots", statements: runtimeStores(s)),
            Migration(version: 4, description: "appends of several callers in one transaction", statements: appendBatch(s)),
        ]
    }

    /// Events, streams, command ids, the head position and the append function.
    ///
    /// Positions are dense and in commit order: `head` is one row that every append updates (and so locks until it
    /// commits) to take its positions, so a transaction that takes positions after another's can only commit after
    /// it. A reader of "everything after P" therefore never sees position P+2 while P+1 is still to come; a rolled
    /// back append rolls back its positions too, so there are no gaps. See the package README for why.
    static func eventStore(_ s: String, channel: String) -> [String] {
        [
            "CREATE TABLE \(s).head (id boolean PRIMARY KEY DEFAULT true CHECK (id), position bigint NOT NULL)",
            "INSERT INTO \(s).head (id, position) VALUES (true, 0)",
            "CREATE TABLE \(s).streams (stream_id text PRIMARY KEY, version bigint NOT NULL)",
            """
            CREATE TABLE \(s).events (
                global_position bigint PRIMARY KEY,
                stream_id text NOT NULL,
                stream_version bigint NOT NULL,
                event_id uuid NOT NULL,
                type text NOT NULL,
                schema_version integer NOT NULL,
                occurred_at timestamptz NOT NULL,
                command_id uuid,
                causation_id uuid,
                correlation_id uuid,
                metadata jsonb NOT NULL,
                payload bytea NOT NULL,
                recorded_at timestamptz NOT NULL DEFAULT now(),
                UNIQUE (stream_id, stream_version)
            )
            """,
            "CREATE INDEX events_command_id ON \(s).events (command_id) WHERE command_id IS NOT NULL",
            "CREATE TABLE \(s).commands (command_id uuid PRIMARY KEY, stream_id text NOT NULL)",
            """
            CREATE FUNCTION \(s).append(
                p_stream text, p_expected bigint,
                p_event_ids uuid[], p_types text[], p_schema_versions integer[], p_occurred_ms bigint[],
                p_command_ids text[], p_causation_ids text[], p_correlation_ids text[], p_metadata text[], p_payloads bytea[],
                p_outbox_events integer[], p_outbox_topics text[]
            ) RETURNS TABLE (stream_version bigint, first_position bigint)
            LANGUAGE plpgsql AS $fn$
            #variable_conflict use_column
            DECLARE
                v_count integer := coalesce(array_length(p_event_ids, 1), 0);
                v_current bigint;
                v_first bigint;
                v_commands uuid[];
                v_inserted integer;
                v_duplicate uuid;
            BEGIN
                -- p_expected: -1 any, otherwise the exact version (0: the stream must not exist).
                SELECT s.version INTO v_current FROM \(s).streams s WHERE s.stream_id = p_stream FOR UPDATE;
                IF NOT FOUND AND v_count > 0 THEN
                    -- Create the row (or wait for a concurrent creator to commit), then lock it.
                    INSERT INTO \(s).streams (stream_id, version) VALUES (p_stream, 0) ON CONFLICT DO NOTHING;
                    SELECT s.version INTO v_current FROM \(s).streams s WHERE s.stream_id = p_stream FOR UPDATE;
                END IF;
                v_current := coalesce(v_current, 0);
                IF p_expected >= 0 AND v_current <> p_expected THEN
                    RAISE EXCEPTION USING ERRCODE = 'EV001', MESSAGE = 'wrong expected version', DETAIL = v_current::text;
                END IF;
                IF v_count = 0 THEN
                    RETURN QUERY SELECT v_current, 0::bigint;
                    RETURN;
                END IF;
                SELECT array_agg(DISTINCT c::uuid) INTO v_commands FROM unnest(p_command_ids) AS c WHERE c <> '';
                IF v_commands IS NOT NULL THEN
                    INSERT INTO \(s).commands (command_id, stream_id) SELECT c, p_stream FROM unnest(v_commands) AS c ON CONFLICT DO NOTHING;
                    GET DIAGNOSTICS v_inserted = ROW_COUNT;
                    IF v_inserted < array_length(v_commands, 1) THEN
                        SELECT c INTO v_duplicate FROM unnest(v_commands) AS c
                            WHERE EXISTS (SELECT 1 FROM \(s).events e WHERE e.command_id = c) LIMIT 1;
                        RAISE EXCEPTION USING ERRCODE = 'EV002', MESSAGE = 'duplicate command', DETAIL = coalesce(v_duplicate::text, '');
                    END IF;
                END IF;
                -- Taken last: the head row stays locked until this transaction ends.
                UPDATE \(s).head SET position = position + v_count RETURNING position - v_count + 1 INTO v_first;
                INSERT INTO \(s).events (global_position, stream_id, stream_version, event_id, type, schema_version, occurred_at,
                                         command_id, causation_id, correlation_id, metadata, payload)
                SELECT v_first + e.n - 1, p_stream, v_current + e.n, e.event_id, e.type, e.schema_version,
                       timestamptz 'epoch' + e.occurred_ms * interval '1 millisecond',
                       nullif(e.command_id, '')::uuid, nullif(e.causation_id, '')::uuid, nullif(e.correlation_id, '')::uuid,
                       e.metadata::jsonb, e.payload
                FROM unnest(p_event_ids, p_types, p_schema_versions, p_occurred_ms, p_command_ids, p_causation_ids,
                            p_correlation_ids, p_metadata, p_payloads)
                     WITH ORDINALITY AS e(event_id, type, schema_version, occurred_ms, command_id, causation_id, correlation_id, metadata, payload, n);
                UPDATE \(s).streams SET version = v_current + v_count WHERE stream_id = p_stream;
                IF coalesce(array_length(p_outbox_events, 1), 0) > 0 THEN
                    PERFORM \(s).write_outbox(p_stream, v_current, v_first, p_event_ids, p_types, p_schema_versions, p_occurred_ms,
                                              p_causation_ids, p_correlation_ids, p_metadata, p_payloads, p_outbox_events, p_outbox_topics);
                END IF;
                PERFORM pg_notify('\(channel)', (v_first + v_count - 1)::text);
                RETURN QUERY SELECT v_current + v_count, v_first;
            END
            $fn$
            """,
            // Replaced by migration 2; here so that the append function compiles against version 1 alone.
            """
            CREATE FUNCTION \(s).write_outbox(
                p_stream text, p_version bigint, p_first bigint, p_event_ids uuid[], p_types text[], p_schema_versions integer[],
                p_occurred_ms bigint[], p_causation_ids text[], p_correlation_ids text[], p_metadata text[], p_payloads bytea[],
                p_outbox_events integer[], p_outbox_topics text[]
            ) RETURNS void LANGUAGE plpgsql AS $fn$
            BEGIN
                RAISE EXCEPTION USING ERRCODE = 'EV003', MESSAGE = 'the outbox table is created by migration 2';
            END
            $fn$
            """,
        ]
    }

    /// The outbox in the column shape of Debezium's outbox event router (`id`, `aggregatetype`, `aggregateid`,
    /// `type`, `payload`) plus header columns; written by the append function in the append's transaction.
    static func outbox(_ s: String) -> [String] {
        [
            """
            CREATE TABLE \(s).outbox (
                id uuid NOT NULL,
                aggregatetype text NOT NULL,
                aggregateid text NOT NULL,
                type text NOT NULL,
                payload json NOT NULL,
                topic text NOT NULL,
                event_position bigint NOT NULL,
                stream_version bigint NOT NULL,
                schema_version integer NOT NULL,
                occurred_at timestamptz NOT NULL,
                causation_id uuid,
                correlation_id uuid,
                metadata jsonb NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now(),
                delivered_at timestamptz,
                PRIMARY KEY (event_position, topic)
            )
            """,
            "CREATE INDEX outbox_pending ON \(s).outbox (event_position) WHERE delivered_at IS NULL",
            """
            CREATE OR REPLACE FUNCTION \(s).write_outbox(
                p_stream text, p_version bigint, p_first bigint, p_event_ids uuid[], p_types text[], p_schema_versions integer[],
                p_occurred_ms bigint[], p_causation_ids text[], p_correlation_ids text[], p_metadata text[], p_payloads bytea[],
                p_outbox_events integer[], p_outbox_topics text[]
            ) RETURNS void LANGUAGE plpgsql AS $fn$
            BEGIN
                INSERT INTO \(s).outbox (id, aggregatetype, aggregateid, type, payload, topic, event_position, stream_version,
                                         schema_version, occurred_at, causation_id, correlation_id, metadata)
                SELECT p_event_ids[o.i], split_part(p_stream, '-', 1), p_stream, p_types[o.i],
                       convert_from(p_payloads[o.i], 'UTF8')::json, o.topic, p_first + o.i - 1, p_version + o.i,
                       p_schema_versions[o.i], timestamptz 'epoch' + p_occurred_ms[o.i] * interval '1 millisecond',
                       nullif(p_causation_ids[o.i], '')::uuid, nullif(p_correlation_ids[o.i], '')::uuid, p_metadata[o.i]::jsonb
                FROM unnest(p_outbox_events, p_outbox_topics) AS o(i, topic);
            END
            $fn$
            """,
        ]
    }

    /// Read-model rows, checkpoints and snapshots.
    static func runtimeStores(_ s: String) -> [String] {
        [
            "CREATE SEQUENCE \(s).read_model_order",
            """
            CREATE TABLE \(s).read_models (
                projection text NOT NULL,
                key text NOT NULL,
                row jsonb NOT NULL,
                inserted bigint NOT NULL DEFAULT nextval('\(s).read_model_order'),
                updated_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (projection, key)
            )
            """,
            "CREATE INDEX read_models_order ON \(s).read_models (projection, inserted)",
            "CREATE TABLE \(s).checkpoints (name text PRIMARY KEY, position bigint NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())",
            """
            CREATE TABLE \(s).snapshots (
                stream_id text PRIMARY KEY,
                version bigint NOT NULL,
                state_fingerprint text NOT NULL,
                state bytea NOT NULL,
                taken_at timestamptz NOT NULL
            )
            """,
        ]
    }

    /// `append_batch`: the appends of several concurrent callers in one transaction (one commit, one `fsync`), each
    /// in a subtransaction of its own, so that one refused append (a version conflict, a duplicate command, a
    /// payload the outbox cannot hold) refuses only itself. Returns one row per append: its version and first
    /// position, or the SQLSTATE and detail of its refusal. The events of all appends come as flat arrays;
    /// `p_counts` says how many belong to each, and outbox routes index the flat arrays.
    static func appendBatch(_ s: String) -> [String] {
        [
            """
            CREATE FUNCTION \(s).append_batch(
                p_streams text[], p_expected bigint[], p_counts integer[],
                p_event_ids uuid[], p_types text[], p_schema_versions integer[], p_occurred_ms bigint[],
                p_command_ids text[], p_causation_ids text[], p_correlation_ids text[], p_metadata text[], p_payloads bytea[],
                p_outbox_events integer[], p_outbox_topics text[]
            ) RETURNS TABLE (n integer, out_version bigint, out_first bigint, refused text, detail text)
            LANGUAGE plpgsql AS $fn$
            DECLARE
                v_offset integer := 0;
                v_low integer;
                v_high integer;
                v_outbox_events integer[];
                v_outbox_topics text[];
            BEGIN
                -- Lock every stream the batch writes, in one order, before any append takes the head row: an append
                -- elsewhere that holds one of these streams and waits for the head must not wait on this
                -- transaction while it waits for that stream (a deadlock). A refused append leaves its stream's row
                -- at version 0, which reads as no stream.
                INSERT INTO \(s).streams (stream_id, version)
                    SELECT DISTINCT t.stream, 0::bigint FROM unnest(p_streams, p_counts) AS t(stream, count) WHERE t.count > 0 ORDER BY 1
                    ON CONFLICT DO NOTHING;
                PERFORM 1 FROM \(s).streams WHERE stream_id = ANY(p_streams) ORDER BY stream_id FOR UPDATE;
                FOR i IN 1..coalesce(array_length(p_streams, 1), 0) LOOP
                    v_low := v_offset + 1;
                    v_high := v_offset + p_counts[i];
                    v_offset := v_high;
                    SELECT coalesce(array_agg(p_outbox_events[j] - v_low + 1 ORDER BY j), '{}'), coalesce(array_agg(p_outbox_topics[j] ORDER BY j), '{}')
                        INTO v_outbox_events, v_outbox_topics
                        FROM generate_subscripts(p_outbox_events, 1) AS j WHERE p_outbox_events[j] BETWEEN v_low AND v_high;
                    n := i;
                    BEGIN
                        SELECT a.stream_version, a.first_position INTO out_version, out_first FROM \(s).append(
                            p_streams[i], p_expected[i], p_event_ids[v_low:v_high], p_types[v_low:v_high],
                            p_schema_versions[v_low:v_high], p_occurred_ms[v_low:v_high], p_command_ids[v_low:v_high],
                            p_causation_ids[v_low:v_high], p_correlation_ids[v_low:v_high], p_metadata[v_low:v_high],
                            p_payloads[v_low:v_high], v_outbox_events, v_outbox_topics) AS a;
                        refused := NULL;
                        detail := NULL;
                    EXCEPTION WHEN SQLSTATE 'EV001' OR SQLSTATE 'EV002' OR invalid_text_representation OR untranslatable_character
                                   OR character_not_in_repertoire THEN
                        GET STACKED DIAGNOSTICS refused = RETURNED_SQLSTATE, detail = PG_EXCEPTION_DETAIL;
                        out_version := NULL;
                        out_first := NULL;
                    END;
                    RETURN NEXT;
                END LOOP;
            END
            $fn$
            """,
        ]
    }
}
