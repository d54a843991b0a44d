import Foundation
import OtklikCore

/// A customer's personal data on their request (export, erasure) and the audit log of who saw what.
public protocol PersonalDataStore: Sendable {
    /// Erases a customer on their request: their name, contacts and external id, from their responses
    /// the comment, the order id and the answers to `freeTextQuestions` (what they wrote), and from their
    /// contact requests the name, the contact and the notes of status changes. Scores, choices, context,
    /// the requests' statuses and the proof of consent (no personal data in it) stay, so metrics do not change. Returns the number of responses changed, or nil when
    /// there is no such customer. One transaction.
    func eraseCustomer(id: Customer.ID, freeTextQuestions: [Survey.ID: Set<String>]) async throws -> Int?
    /// Every response linked to the customer, oldest first (their data, on their request).
    func responses(customer: Customer.ID) async throws -> [Response]
    func appendAudit(_ entry: AuditEntry) async throws
    /// The newest entries first.
    func auditEntries(limit: Int) async throws -> [AuditEntry]
}
