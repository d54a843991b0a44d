import Foundation

/// One access to personal data (a customer's name, contacts, what they wrote): who, what, when. Kept so
/// that an owner can answer "who has seen this customer's data?" — the law's question, and a customer's.
public struct AuditEntry: Hashable, Sendable, Codable {
    public var id: Int64
    public var at: Date
    /// Who: "user 3 <owner@example.ru>", "token 5 (pos-terminal)", "cli".
    public var actor: String
    public var action: Action
    /// What: "customer 12", "customers", "responses".
    public var subject: String

    public enum Action: String, Hashable, Sendable, Codable, CaseIterable {
        /// Read through the API or a page.
        case viewed
        /// Written to a file (an export, a customer's data on request).
        case exported
        /// Removed on the customer's request.
        case erased
    }

    public init(id: Int64 = 0, at: Date, actor: String, action: Action, subject: String) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
    }
}
