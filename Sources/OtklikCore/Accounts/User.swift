import Foundation

/// A person who signs in to the web app. Customers never have accounts.
public struct User: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<User>

    public var id: ID
    /// The sign-in name, stored lower-cased; unique.
    public var email: String
    public var name: String
    public var role: Role
    /// bcrypt hash ("$2b$…"); the password itself is never stored.
    public var passwordHash: String
    /// Staff: the employee whose scores and comments they see.
    public var employeeId: Employee.ID?
    /// Managers: the locations (with everything under them) they see.
    public var locationIds: [Location.ID]
    public var locale: LocalizedText.Locale
    /// Failed sign-ins since the last success; `lockedUntil` is set when it reaches the limit.
    public var failedLogins: Int
    public var lockedUntil: Date?
    public var createdAt: Date

    public init(
        id: ID, email: String, name: String, role: Role, passwordHash: String, employeeId: Employee.ID? = nil,
        locationIds: [Location.ID] = [], locale: LocalizedText.Locale = .ru, failedLogins: Int = 0,
        lockedUntil: Date? = nil, createdAt: Date = Date()
    ) {
        self.id = id
        self.email = User.normalise(email: email)
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.employeeId = employeeId
        self.locationIds = locationIds
        self.locale = locale
        self.failedLogins = failedLogins
        self.lockedUntil = lockedUntil
        self.createdAt = createdAt
    }

    /// E-mail addresses compare case-insensitively and without surrounding spaces.
    public static func normalise(email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// Which responses this user may see, as a restriction on every metric and list query.
    public var scope: DataScope {
        switch role {
        case .owner, .analyst: return .everything
        case .manager: return .locations(Set(locationIds))
        case .staff: return employeeId.map { .employee($0) } ?? .nothing
        }
    }

    /// Limits of sign-in and passwords, in one place.
    public enum Policy {
        /// This many wrong passwords in a row lock the account for `lockout`.
        public static let maxFailedLogins = 5
        public static let lockout: TimeInterval = 15 * 60
        public static let minPasswordLength = 8
        public static let maxPasswordLength = 72  // bcrypt reads at most 72 bytes
    }

    /// Why a password cannot be used, or nil.
    public static func passwordProblem(_ password: String) -> FieldProblem? {
        if password.count < Policy.minPasswordLength {
            return FieldProblem(
                field: "password", code: "too_short",
                message: "at least \(Policy.minPasswordLength) characters")
        }
        if password.utf8.count > Policy.maxPasswordLength {
            return FieldProblem(
                field: "password", code: "too_long",
                message: "at most \(Policy.maxPasswordLength) bytes")
        }
        return nil
    }

    /// Why an e-mail address cannot be used, or nil. Deliberately loose: one @ with text on both sides.
    public static func emailProblem(_ email: String) -> FieldProblem? {
        let parts = normalise(email: email).split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
            !parts[1].hasSuffix("."), !email.contains(" ")
        else {
            return FieldProblem(field: "email", code: "invalid_email", message: "not an e-mail address")
        }
        return nil
    }
}

/// What a user may do. Every web route names the permission it needs.
public enum Role: String, Hashable, Sendable, Codable, CaseIterable {
    /// Everything, including users and API tokens.
    case owner
    /// Reads everything, designs surveys, keeps reference data.
    case analyst
    /// Reads the locations they are responsible for; calls customers back.
    case manager
    /// Reads their own scores and comments.
    case staff

    public func allows(_ permission: Permission) -> Bool {
        switch permission {
        case .readDashboard: return true
        // A manager edits journey maps about their own locations only (checked against the map).
        // A manager sees the customers of their locations (checked by the scope); staff see no customers.
        case .callCustomers, .printSurveyLinks, .editJourneys, .readCustomerValue: return self != .staff
        case .editSurveys, .editReferenceData: return self == .owner || self == .analyst
        case .manageUsers, .manageTokens, .editOrganisation: return self == .owner
        }
    }
}

public enum Permission: String, Hashable, Sendable, CaseIterable {
    case readDashboard, callCustomers, printSurveyLinks, editSurveys, editReferenceData, manageUsers, manageTokens, editOrganisation
    case editJourneys
    /// Customer value: orders, Pareto, RFM, the loyalty ladder, retention.
    case readCustomerValue
}

/// A signed-in browser. The cookie holds a random secret; the store keeps only its SHA-256.
public struct WebSession: Hashable, Sendable, Codable {
    public var tokenHash: String
    public var userId: User.ID
    /// Sent back in every form as `_csrf`; a POST without it is refused.
    public var csrfToken: String
    public var createdAt: Date
    public var expiresAt: Date

    public init(tokenHash: String, userId: User.ID, csrfToken: String, createdAt: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.userId = userId
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }

    /// How long a session lives without a new sign-in.
    public static let lifetime: TimeInterval = 14 * 24 * 3600
}
