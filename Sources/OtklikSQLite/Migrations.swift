import GRDB
import OtklikStore

/// The schema, as numbered migrations. Append only: a released migration is never edited
/// (docs/architecture.md, principle 3). Raw SQL with explicit names, so the schema reads the same in any
/// SQLite shell.
enum Migrations {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("001 reference data, surveys, responses, tokens") { db in
            try db.execute(
                sql: """
                    CREATE TABLE organisation (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        name TEXT NOT NULL,
                        default_locale TEXT NOT NULL DEFAULT 'ru',
                        time_zone TEXT NOT NULL DEFAULT 'Europe/Moscow'
                    );
                    INSERT INTO organisation (id, name) VALUES (1, 'Otklik');

                    CREATE TABLE locations (
                        id INTEGER PRIMARY KEY CHECK (id BETWEEN 1 AND 65535),
                        name TEXT NOT NULL,
                        kind TEXT NOT NULL CHECK (kind IN ('company', 'city', 'branch')),
                        parent_id INTEGER REFERENCES locations(id),
                        address TEXT
                    );
                    CREATE TABLE channels (
                        id INTEGER PRIMARY KEY CHECK (id BETWEEN 1 AND 65535),
                        code TEXT NOT NULL UNIQUE,
                        name TEXT NOT NULL
                    );
                    CREATE TABLE employees (
                        id INTEGER PRIMARY KEY CHECK (id BETWEEN 1 AND 65535),
                        name TEXT NOT NULL,
                        position TEXT,
                        location_id INTEGER REFERENCES locations(id),
                        active INTEGER NOT NULL DEFAULT 1
                    );
                    CREATE TABLE touchpoints (
                        id INTEGER PRIMARY KEY CHECK (id BETWEEN 1 AND 65535),
                        name TEXT NOT NULL,
                        channel_id INTEGER REFERENCES channels(id),
                        stage TEXT NOT NULL,
                        owner_id INTEGER REFERENCES employees(id),
                        location_id INTEGER REFERENCES locations(id)
                    );
                    CREATE TABLE segments (
                        id INTEGER PRIMARY KEY CHECK (id BETWEEN 1 AND 65535),
                        name TEXT NOT NULL
                    );
                    CREATE TABLE customers (
                        id INTEGER PRIMARY KEY,
                        external_id TEXT UNIQUE,
                        name TEXT,
                        email TEXT,
                        phone TEXT,
                        consent_contact INTEGER NOT NULL DEFAULT 0,
                        consent_marketing INTEGER NOT NULL DEFAULT 0,
                        segment_id INTEGER REFERENCES segments(id)
                    );
                    CREATE TABLE surveys (
                        id INTEGER PRIMARY KEY CHECK (id BETWEEN 1 AND 65535),
                        title TEXT NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('draft', 'live', 'closed')),
                        questions TEXT NOT NULL,
                        code TEXT NOT NULL UNIQUE,
                        one_per_screen INTEGER NOT NULL DEFAULT 0
                    );
                    -- One row per response. The first question of each metric kind is copied into
                    -- nps/csat/ces/ladder/stars so that the analytics index loads without parsing answers.
                    CREATE TABLE responses (
                        id INTEGER PRIMARY KEY,
                        survey_id INTEGER NOT NULL REFERENCES surveys(id),
                        submitted_at INTEGER NOT NULL,
                        received_at INTEGER NOT NULL,
                        answers TEXT NOT NULL,
                        comment TEXT,
                        touchpoint_id INTEGER REFERENCES touchpoints(id),
                        location_id INTEGER REFERENCES locations(id),
                        employee_id INTEGER REFERENCES employees(id),
                        channel_id INTEGER REFERENCES channels(id),
                        customer_id INTEGER REFERENCES customers(id),
                        segment_id INTEGER REFERENCES segments(id),
                        order_id TEXT,
                        tags TEXT,
                        source TEXT NOT NULL,
                        idempotency_key TEXT,
                        nps INTEGER, csat INTEGER, ces INTEGER, ladder INTEGER, stars INTEGER
                    );
                    CREATE UNIQUE INDEX responses_idempotency ON responses(survey_id, idempotency_key)
                        WHERE idempotency_key IS NOT NULL;
                    CREATE INDEX responses_survey_time ON responses(survey_id, submitted_at);

                    CREATE TABLE api_tokens (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL,
                        scopes TEXT NOT NULL,
                        secret_hash TEXT NOT NULL UNIQUE,
                        prefix TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        revoked_at INTEGER
                    );

                    INSERT INTO channels (id, code, name) VALUES
                        (1, 'website', '{"ru":"Сайт","en":"Website"}'),
                        (2, 'mobile_app', '{"ru":"Приложение","en":"Mobile app"}'),
                        (3, 'phone', '{"ru":"Телефон","en":"Phone"}'),
                        (4, 'email', '{"ru":"E-mail","en":"E-mail"}'),
                        (5, 'sms', '{"ru":"SMS","en":"SMS"}'),
                        (6, 'messenger', '{"ru":"Мессенджер","en":"Messenger"}'),
                        (7, 'in_person', '{"ru":"Лично","en":"In person"}'),
                        (8, 'social', '{"ru":"Соцсети","en":"Social media"}');
                    """)
        }

        migrator.registerMigration("002 web accounts, sessions, secrets, survey templates") { db in
            try db.execute(
                sql: """
                    CREATE TABLE users (
                        id INTEGER PRIMARY KEY,
                        email TEXT NOT NULL UNIQUE,
                        name TEXT NOT NULL,
                        role TEXT NOT NULL CHECK (role IN ('owner', 'analyst', 'manager', 'staff')),
                        password_hash TEXT NOT NULL,
                        employee_id INTEGER REFERENCES employees(id),
                        location_ids TEXT NOT NULL DEFAULT '[]',
                        locale TEXT NOT NULL DEFAULT 'ru',
                        failed_logins INTEGER NOT NULL DEFAULT 0,
                        locked_until INTEGER,
                        created_at INTEGER NOT NULL
                    );
                    -- A signed-in browser: the cookie's secret is kept only as its SHA-256.
                    CREATE TABLE web_sessions (
                        token_hash TEXT PRIMARY KEY,
                        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        csrf_token TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        expires_at INTEGER NOT NULL
                    );
                    CREATE INDEX web_sessions_user ON web_sessions(user_id);
                    -- Server secrets (the key that signs survey forms), made once at first start.
                    CREATE TABLE secrets (
                        name TEXT PRIMARY KEY,
                        value BLOB NOT NULL
                    );
                    -- Which template a survey was made from ("maturity" has a result page of its own).
                    ALTER TABLE surveys ADD COLUMN template TEXT;
                    """)
        }

        migrator.registerMigration("003 response lists come from the analytics index") { db in
            // `AnalyticsIndex.responseIDs` finds a list's rows by survey and time (and every other filter);
            // this index only slowed every insert (~12% of SQLite's time per row in bench/sqlite_ceiling.sh).
            try db.execute(sql: "DROP INDEX responses_survey_time")
        }

        migrator.registerMigration("004 audit log of personal data") { db in
            try db.execute(
                sql: """
                    CREATE TABLE audit_log (
                        id INTEGER PRIMARY KEY,
                        at INTEGER NOT NULL,
                        actor TEXT NOT NULL,
                        action TEXT NOT NULL CHECK (action IN ('viewed', 'exported', 'erased')),
                        subject TEXT NOT NULL
                    );
                    -- A customer's responses, for erasure on request.
                    CREATE INDEX responses_customer ON responses(customer_id) WHERE customer_id IS NOT NULL;
                    """)
        }

        migrator.registerMigration("005 contact requests and consent proof") { db in
            try db.execute(
                sql: """
                    -- Proof of a customer's consent (152-FZ): what they agreed to, the exact text and its version
                    -- as shown, the language, when, and on which survey and response. No personal data here: the
                    -- proof stays after the customer's data is erased on request.
                    CREATE TABLE consents (
                        id INTEGER PRIMARY KEY,
                        customer_id INTEGER REFERENCES customers(id),
                        purpose TEXT NOT NULL CHECK (purpose IN ('contact_about_feedback')),
                        text TEXT NOT NULL,
                        version TEXT NOT NULL,
                        locale TEXT NOT NULL,
                        given_at INTEGER NOT NULL,
                        survey_id INTEGER NOT NULL,
                        response_id INTEGER NOT NULL
                    );
                    CREATE INDEX consents_customer ON consents(customer_id) WHERE customer_id IS NOT NULL;
                    -- A customer's request to be contacted about a response: work, from new to resolved.
                    -- location_id and employee_id are the response's (which never change), for scoping.
                    CREATE TABLE contact_requests (
                        id INTEGER PRIMARY KEY,
                        response_id INTEGER NOT NULL UNIQUE REFERENCES responses(id) ON DELETE CASCADE,
                        survey_id INTEGER NOT NULL,
                        customer_id INTEGER REFERENCES customers(id),
                        location_id INTEGER,
                        employee_id INTEGER,
                        status TEXT NOT NULL CHECK (status IN ('new', 'contacted', 'resolved')),
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL,
                        name TEXT,
                        contact TEXT,
                        contact_kind TEXT NOT NULL CHECK (contact_kind IN ('email', 'phone')),
                        consent_id INTEGER NOT NULL REFERENCES consents(id),
                        erased_at INTEGER
                    );
                    CREATE INDEX contact_requests_status ON contact_requests(status, created_at);
                    CREATE INDEX contact_requests_customer ON contact_requests(customer_id) WHERE customer_id IS NOT NULL;
                    -- Every status change: who and when (the history of a case).
                    CREATE TABLE contact_request_events (
                        id INTEGER PRIMARY KEY,
                        request_id INTEGER NOT NULL REFERENCES contact_requests(id) ON DELETE CASCADE,
                        from_status TEXT,
                        to_status TEXT NOT NULL,
                        at INTEGER NOT NULL,
                        user_id INTEGER,
                        actor TEXT NOT NULL,
                        note TEXT
                    );
                    CREATE INDEX contact_request_events_request ON contact_request_events(request_id);
                    """)
        }
        migrator.registerMigration("006 survey progress: partial answers and drop-off") { db in
            // One row per survey form (its signed key) answered one question per screen: how far the customer
            // got and what they had answered. A form that ends in a response is marked complete; the rest are
            // the partial answers the drop-off is counted from. They never become responses or metrics.
            try db.execute(
                sql: """
                    CREATE TABLE survey_progress (
                        form_key TEXT PRIMARY KEY,
                        survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
                        reached TEXT NOT NULL,
                        answers TEXT NOT NULL,
                        complete INTEGER NOT NULL DEFAULT 0,
                        updated_at INTEGER NOT NULL
                    );
                    CREATE INDEX survey_progress_survey ON survey_progress(survey_id, complete);
                    """)
        }
        migrator.registerMigration("007 a mark that moves when responses change") { db in
            // Bumped in the same transaction as every write that changes responses (once per transaction),
            // so that a server can tell another process's import or erasure (rebuild the index) from its
            // token or user added on the command line (reload the catalog only).
            try db.execute(
                sql: """
                    CREATE TABLE store_marks (id INTEGER PRIMARY KEY CHECK (id = 1), responses INTEGER NOT NULL);
                    INSERT INTO store_marks (id, responses) VALUES (1, 0);
                    """)
        }
        migrator.registerMigration("008 personas and customer journey maps") { db in
            // A map's stages, lanes, cells and validations are one JSON document, read and written whole under
            // the writer's lock: edits are applied to the stored document (JourneyMap.applying) in the same
            // transaction that bumps the version, so concurrent editors merge instead of overwriting.
            try db.execute(
                sql: """
                    CREATE TABLE personas (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL,
                        segment_id INTEGER REFERENCES segments(id) ON DELETE SET NULL,
                        portrait TEXT NOT NULL,
                        needs TEXT NOT NULL,
                        behaviour TEXT NOT NULL,
                        quote TEXT NOT NULL
                    );
                    CREATE TABLE journey_maps (
                        id INTEGER PRIMARY KEY,
                        persona_id INTEGER NOT NULL REFERENCES personas(id),
                        title TEXT NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('draft', 'validated')),
                        version INTEGER NOT NULL,
                        document TEXT NOT NULL,
                        updated_at REAL NOT NULL
                    );
                    CREATE INDEX journey_maps_persona ON journey_maps(persona_id);
                    -- Every saved version: who, when, what it touched (JSON list).
                    CREATE TABLE journey_changes (
                        map_id INTEGER NOT NULL REFERENCES journey_maps(id) ON DELETE CASCADE,
                        version INTEGER NOT NULL,
                        at REAL NOT NULL,
                        user_id INTEGER,
                        actor TEXT NOT NULL,
                        what TEXT NOT NULL,
                        PRIMARY KEY (map_id, version)
                    );
                    -- Remarks on a cell (stage and lane ids of the map's document), beside its text.
                    CREATE TABLE journey_comments (
                        id INTEGER PRIMARY KEY,
                        map_id INTEGER NOT NULL REFERENCES journey_maps(id) ON DELETE CASCADE,
                        stage TEXT NOT NULL,
                        lane TEXT NOT NULL,
                        text TEXT NOT NULL,
                        at REAL NOT NULL,
                        user_id INTEGER,
                        actor TEXT NOT NULL
                    );
                    CREATE INDEX journey_comments_map ON journey_comments(map_id, id);
                    """)
        }
        migrator.registerMigration("009 how deep a touchpoint goes") { db in
            // Contact, interaction or engagement (Touchpoint.Depth); NULL until someone says.
            try db.execute(
                sql: """
                    ALTER TABLE touchpoints ADD COLUMN depth TEXT CHECK (depth IN ('contact', 'interaction', 'engagement'));
                    """)
        }
        migrator.registerMigration("010 orders, customer marks and value settings") { db in
            // An order is a file's lines of one order id summed (CustomerOrder); amounts in minor units. An
            // erased customer keeps their orders under the anonymised id: the business's revenue stays whole.
            try db.execute(
                sql: """
                    CREATE TABLE orders (
                        order_id TEXT PRIMARY KEY,
                        customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
                        placed_at REAL NOT NULL,
                        amount INTEGER NOT NULL,
                        cost INTEGER,
                        cancellation INTEGER NOT NULL CHECK (cancellation IN (0, 1)),
                        lines INTEGER NOT NULL,
                        location_id INTEGER REFERENCES locations(id) ON DELETE SET NULL,
                        channel_id INTEGER REFERENCES channels(id) ON DELETE SET NULL
                    );
                    CREATE INDEX orders_customer ON orders(customer_id);
                    CREATE TABLE customer_marks (
                        customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
                        mark TEXT NOT NULL CHECK (mark IN ('image', 'referrer', 'thanked')),
                        PRIMARY KEY (customer_id, mark)
                    ) WITHOUT ROWID;
                    CREATE TABLE value_settings (id INTEGER PRIMARY KEY CHECK (id = 1), document TEXT NOT NULL);
                    ALTER TABLE store_marks ADD COLUMN value INTEGER NOT NULL DEFAULT 0;
                    -- A customer's answers naming one of their orders (those naming them: responses_customer).
                    CREATE INDEX responses_order ON responses(order_id) WHERE order_id IS NOT NULL;
                    """)
        }
        migrator.registerMigration("011 a snapshot of the orders as the value analysis reads them") { db in
            // `OrderFactsSnapshot`: every order's facts in one blob, written by each import in its transaction, so
            // that the analysis after an import reads one row instead of every order. Any other change of an order
            // (a location or customer removed: ON DELETE SET NULL) drops it, and the analysis reads the orders.
            try db.execute(
                sql: """
                    CREATE TABLE order_facts (id INTEGER PRIMARY KEY CHECK (id = 1), facts BLOB NOT NULL);
                    CREATE TRIGGER order_facts_stale_after_update AFTER UPDATE ON orders BEGIN DELETE FROM order_facts; END;
                    CREATE TRIGGER order_facts_stale_after_delete AFTER DELETE ON orders BEGIN DELETE FROM order_facts; END;
                    """)
        }
        migrator.registerMigration("012 what a snapshot of the responses' facts may trust") { db in
            // `ResponseFactsSnapshot`: the facts the index is built from, in a file, read at start instead of every
            // row. `responses_rewritten` moves with every write that changes a stored response or stores one under
            // an id its writer chose (not with an append); `facts_snapshot` names the file this database trusts.
            try db.execute(
                sql: """
                    ALTER TABLE store_marks ADD COLUMN responses_rewritten INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE store_marks ADD COLUMN facts_snapshot TEXT;
                    """)
        }
    }
}
