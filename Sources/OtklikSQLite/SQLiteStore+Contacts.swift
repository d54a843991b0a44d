import Foundation
import GRDB
import OtklikCore
import OtklikStore

extension SQLiteStore {
    public func requestContact(_ customer: Customer, contact: String, consent: ConsentProof) async throws -> ContactRequest {
        try await writer.write { db in
            let responseID = consent.responseId.rawValue
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT customer_id, location_id, employee_id FROM responses WHERE id = ?",
                    arguments: [responseID])
            else { throw StoreError.notFound(entity: "responses", id: responseID) }
            guard (row["customer_id"] as Int64?) == nil else {
                throw StoreError.duplicate(field: "customer_id", value: String(responseID))
            }
            var customer = customer
            customer.id = Identifier(0)
            customer = try Self.save(customer, db)
            try db.execute(sql: "UPDATE responses SET customer_id = ? WHERE id = ?", arguments: [customer.id.rawValue, responseID])
            let at = Self.seconds(consent.givenAt)
            try db.execute(
                sql: """
                    INSERT INTO consents (customer_id, purpose, text, version, locale, given_at, survey_id, response_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    customer.id.rawValue, consent.purpose.rawValue, consent.text, consent.version,
                    consent.locale.rawValue, at, consent.surveyId.rawValue, responseID,
                ])
            let consentID = db.lastInsertedRowID
            let kind = ContactRequest.kind(of: contact)
            try db.execute(
                sql: """
                    INSERT INTO contact_requests (response_id, survey_id, customer_id, location_id, employee_id, status,
                        created_at, updated_at, name, contact, contact_kind, consent_id)
                    VALUES (?, ?, ?, ?, ?, 'new', ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    responseID, consent.surveyId.rawValue, customer.id.rawValue, row["location_id"] as Int64?,
                    row["employee_id"] as Int64?, at, at, customer.name, contact, kind.rawValue, consentID,
                ])
            let requestID = db.lastInsertedRowID
            try db.execute(
                sql: """
                    INSERT INTO contact_request_events (request_id, from_status, to_status, at, user_id, actor)
                    VALUES (?, NULL, 'new', ?, NULL, 'customer')
                    """, arguments: [requestID, at])
            guard let stored = try Self.contactRequest(db, where: "cr.id = ?", [requestID]) else {
                throw StoreError.notFound(entity: "contact_requests", id: requestID)
            }
            return stored
        }
    }

    public func contactRequests(_ filter: ContactRequestFilter) async throws -> [ContactRequest] {
        try await writer.read { db in
            let (clause, arguments) = Self.whereClause(filter)
            return try Row.fetchAll(
                db, sql: Self.selectRequests + clause + " ORDER BY cr.created_at DESC, cr.id DESC LIMIT ?",
                arguments: StatementArguments(arguments + [filter.limit])
            )
            .map(Self.contactRequest(from:))
        }
    }

    public func countContactRequests(_ filter: ContactRequestFilter) async throws -> Int {
        try await writer.read { db in
            let (clause, arguments) = Self.whereClause(filter)
            return try Int.fetchOne(
                db, sql: "SELECT count(*) FROM contact_requests cr" + clause,
                arguments: StatementArguments(arguments)) ?? 0
        }
    }

    public func contactRequest(id: ContactRequest.ID) async throws -> ContactRequest? {
        try await writer.read { db in try Self.contactRequest(db, where: "cr.id = ?", [id.rawValue]) }
    }

    public func contactRequest(response: Response.ID) async throws -> ContactRequest? {
        try await writer.read { db in try Self.contactRequest(db, where: "cr.response_id = ?", [response.rawValue]) }
    }

    public func changeContactRequest(
        id: ContactRequest.ID, to status: ContactRequest.Status, by userId: User.ID?,
        actor: String, note: String?, at: Date
    ) async throws -> ContactRequest {
        try await writer.write { db in
            guard
                let current = try String.fetchOne(
                    db, sql: "SELECT status FROM contact_requests WHERE id = ?",
                    arguments: [id.rawValue]
                ).flatMap(ContactRequest.Status.init(rawValue:))
            else { throw StoreError.notFound(entity: "contact_requests", id: id.rawValue) }
            guard current.canMove(to: status) else {
                throw StoreError.invalid([
                    FieldProblem(
                        field: "status", code: "invalid_transition",
                        message: "a \(current.rawValue) request cannot become \(status.rawValue)")
                ])
            }
            let seconds = Self.seconds(at)
            try db.execute(
                sql: "UPDATE contact_requests SET status = ?, updated_at = ? WHERE id = ?",
                arguments: [status.rawValue, seconds, id.rawValue])
            try db.execute(
                sql: """
                    INSERT INTO contact_request_events (request_id, from_status, to_status, at, user_id, actor, note)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    id.rawValue, current.rawValue, status.rawValue, seconds, userId?.rawValue, actor,
                    note.flatMap { $0.isEmpty ? nil : String($0.prefix(ContactRequest.maxNoteLength)) },
                ])
            guard let stored = try Self.contactRequest(db, where: "cr.id = ?", [id.rawValue]) else {
                throw StoreError.notFound(entity: "contact_requests", id: id.rawValue)
            }
            return stored
        }
    }

    /// Called inside `eraseCustomer`'s transaction: the request stays (its status and history are facts
    /// about the work, not about the person), the name, the contact and free-text notes go.
    static func eraseContactRequests(customer: Int64, at: Date, _ db: Database) throws {
        try db.execute(
            sql: """
                UPDATE contact_request_events SET note = NULL
                WHERE request_id IN (SELECT id FROM contact_requests WHERE customer_id = ?)
                """, arguments: [customer])
        try db.execute(
            sql: """
                UPDATE contact_requests SET name = NULL, contact = NULL, erased_at = coalesce(erased_at, ?) WHERE customer_id = ?
                """, arguments: [seconds(at), customer])
    }

    // MARK: Rows

    private static let selectRequests = """
        SELECT cr.*, c.purpose, c.text AS consent_text, c.version AS consent_version, c.locale AS consent_locale,
               c.given_at AS consent_given_at, c.survey_id AS consent_survey_id, c.response_id AS consent_response_id
        FROM contact_requests cr JOIN consents c ON c.id = cr.consent_id
        """

    private static func whereClause(_ filter: ContactRequestFilter) -> (String, [(any DatabaseValueConvertible)?]) {
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        if let status = filter.status {
            conditions.append("cr.status = ?")
            arguments.append(status.rawValue)
        }
        if let locations = filter.locationIds {
            // Ids are integers from the catalog: safe to inline, and one statement serves any number of them.
            conditions.append(locations.isEmpty ? "0" : "cr.location_id IN (\(locations.sorted().map(String.init).joined(separator: ",")))")
        }
        if let employee = filter.employeeId {
            conditions.append("cr.employee_id = ?")
            arguments.append(employee.rawValue)
        }
        if let customer = filter.customerId {
            conditions.append("cr.customer_id = ?")
            arguments.append(customer.rawValue)
        }
        if let before = filter.before {
            // After that request in the list's order (newest first, then by id).
            conditions.append(
                """
                (cr.created_at, cr.id) < (SELECT created_at, id FROM contact_requests WHERE id = ?)
                """)
            arguments.append(before.rawValue)
        }
        if let responses = filter.responseIds {
            conditions.append(
                responses.isEmpty ? "0" : "cr.response_id IN (\(responses.map { String($0.rawValue) }.joined(separator: ",")))")
        }
        return (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "), arguments)
    }

    private static func contactRequest(_ db: Database, where condition: String, _ arguments: StatementArguments) throws -> ContactRequest? {
        guard let row = try Row.fetchOne(db, sql: selectRequests + " WHERE " + condition, arguments: arguments) else { return nil }
        var request = contactRequest(from: row)
        request.history = try Row.fetchAll(
            db, sql: "SELECT * FROM contact_request_events WHERE request_id = ? ORDER BY id",
            arguments: [request.id.rawValue]
        ).map { event in
            ContactRequest.Event(
                from: (event["from_status"] as String?).flatMap(ContactRequest.Status.init(rawValue:)),
                to: ContactRequest.Status(rawValue: event["to_status"]) ?? .new, at: date(event["at"]),
                userId: (event["user_id"] as Int64?).map(Identifier.init), actor: event["actor"], note: event["note"])
        }
        return request
    }

    private static func contactRequest(from row: Row) -> ContactRequest {
        func id<T>(_ column: String) -> Identifier<T>? { (row[column] as Int64?).map(Identifier.init) }
        return ContactRequest(
            id: Identifier(row["id"]), responseId: Identifier(row["response_id"]), surveyId: Identifier(row["survey_id"]),
            customerId: id("customer_id"), locationId: id("location_id"), employeeId: id("employee_id"),
            status: ContactRequest.Status(rawValue: row["status"]) ?? .new, createdAt: date(row["created_at"]),
            updatedAt: date(row["updated_at"]), name: row["name"], contact: row["contact"],
            contactKind: ContactRequest.ContactKind(rawValue: row["contact_kind"]) ?? .phone,
            consent: ConsentProof(
                purpose: ConsentProof.Purpose(rawValue: row["purpose"]) ?? .contactAboutFeedback, text: row["consent_text"],
                version: row["consent_version"], locale: LocalizedText.Locale(rawValue: row["consent_locale"]) ?? .ru,
                givenAt: date(row["consent_given_at"]), surveyId: Identifier(row["consent_survey_id"]),
                responseId: Identifier(row["consent_response_id"])),
            erasedAt: (row["erased_at"] as Int64?).map { Date(timeIntervalSince1970: TimeInterval($0)) })
    }

    static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }
    private static func date(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }
}
