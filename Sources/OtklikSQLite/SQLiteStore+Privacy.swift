import Foundation
import GRDB
import OtklikCore
import OtklikStore

extension SQLiteStore {
    public func eraseCustomer(id: Customer.ID, freeTextQuestions: [Survey.ID: Set<String>]) async throws -> Int? {
        try await writer.write { db in
            guard try Int64.fetchOne(db, sql: "SELECT id FROM customers WHERE id = ?", arguments: [id.rawValue]) != nil
            else { return nil }
            try db.execute(
                sql: """
                    UPDATE customers SET external_id = NULL, name = NULL, email = NULL, phone = NULL,
                        consent_contact = 0, consent_marketing = 0 WHERE id = ?
                    """, arguments: [id.rawValue])
            let rows = try Row.fetchAll(
                db, sql: "SELECT id, survey_id, answers FROM responses WHERE customer_id = ?",
                arguments: [id.rawValue])
            for row in rows {
                let written = freeTextQuestions[Identifier(row["survey_id"] as Int64)] ?? []
                // Answers kept in the score columns alone (stored as nothing) hold no written text.
                let stored = row["answers"] as String
                let kept = stored.isEmpty ? stored : AnswersCoding.encode(AnswersCoding.decode(stored).filter { !written.contains($0.key) })
                try db.execute(
                    sql: "UPDATE responses SET comment = NULL, order_id = NULL, answers = ? WHERE id = ?",
                    arguments: [kept, row["id"] as Int64])
            }
            if !rows.isEmpty { try Self.markResponsesChanged(db, rewritten: true) }
            try Self.eraseContactRequests(customer: id.rawValue, at: Date(), db)
            return rows.count
        }
    }

    public func responses(customer: Customer.ID) async throws -> [Response] {
        try await writer.read { db in
            try Self.fetchResponses(
                db, sql: "SELECT \(ResponseColumn.selection) FROM responses WHERE customer_id = ? ORDER BY id",
                arguments: [customer.rawValue])
        }
    }

    public func appendAudit(_ entry: AuditEntry) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "INSERT INTO audit_log (at, actor, action, subject) VALUES (?, ?, ?, ?)",
                arguments: [
                    Int64(entry.at.timeIntervalSince1970.rounded(.down)), entry.actor,
                    entry.action.rawValue, entry.subject,
                ])
        }
    }

    public func auditEntries(limit: Int) async throws -> [AuditEntry] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", arguments: [limit]).map { row in
                AuditEntry(
                    id: row["id"], at: Date(timeIntervalSince1970: TimeInterval(row["at"] as Int64)),
                    actor: row["actor"], action: AuditEntry.Action(rawValue: row["action"]) ?? .viewed,
                    subject: row["subject"])
            }
        }
    }
}
