import Crypto
import Dispatch
import Foundation
import HummingbirdBcrypt
import OtklikCore
import OtklikStore
import Synchronization

/// Web accounts: creating users, signing in (bcrypt, lock-out after repeated failures), sessions
/// (random secrets in a cookie, only their SHA-256 in the store), password changes.
public struct AccountService: Sendable {
    let store: any Store
    /// bcrypt's cost factor: 12 in production (~0.25 s a hash here); tests lower it.
    let passwordCost: UInt8

    public init(store: any Store, passwordCost: UInt8) {
        self.store = store
        self.passwordCost = passwordCost
    }

    public enum Failure: Error, Sendable, Equatable {
        case invalid([FieldProblem])
        case wrongCredentials
        case locked(until: Date)
    }

    /// No account exists yet: the first-run page may create the owner.
    public func needsSetup() async throws -> Bool { try await store.users().isEmpty }

    /// Creates an account after checking every field; the password is stored only as a bcrypt hash.
    /// `otherProblems` (from fields of the same form that are not the account's) are reported together
    /// with the account's own, so a form shows every mistake at once.
    public func createUser(
        email: String, name: String, role: Role, password: String, employeeId: Employee.ID? = nil,
        locationIds: [Location.ID] = [], locale: LocalizedText.Locale = .ru,
        now: Date = Date(), otherProblems: [FieldProblem] = []
    ) async throws -> User {
        var problems = otherProblems
        if let problem = User.emailProblem(email) { problems.append(problem) }
        var name = name
        NameRule.check(&name, field: "name", into: &problems)
        if let problem = User.passwordProblem(password) { problems.append(problem) }
        if role == .staff && employeeId == nil {
            problems.append(FieldProblem(field: "employee_id", code: "required", message: "a staff account needs its employee"))
        }
        if role == .manager && locationIds.isEmpty {
            problems.append(FieldProblem(field: "location_ids", code: "required", message: "a manager needs at least one location"))
        }
        if User.emailProblem(email) == nil, try await store.user(email: email) != nil {
            problems.append(FieldProblem(field: "email", code: "taken", message: "an account with this e-mail exists"))
        }
        guard problems.isEmpty else { throw Failure.invalid(problems) }
        let hash = await hashPassword(password)
        do {
            return try await store.saveUser(
                User(
                    id: Identifier(0), email: email, name: name, role: role,
                    passwordHash: hash, employeeId: role == .staff ? employeeId : nil,
                    locationIds: role == .manager ? locationIds : [], locale: locale, createdAt: now))
        } catch StoreError.duplicate {
            throw Failure.invalid([FieldProblem(field: "email", code: "taken", message: "an account with this e-mail exists")])
        }
    }

    /// Checks the password and starts a session. Returns the user, the session and the cookie's secret.
    /// A wrong password counts towards the lock-out; an unknown e-mail costs the same time as a known
    /// one, so response times do not tell which addresses have accounts.
    public func signIn(
        email: String, password: String, now: Date = Date()
    ) async throws
        -> (user: User, session: WebSession, secret: String)
    {
        guard var user = try await store.user(email: email) else {
            _ = await verify(password, hash: await decoyHash())
            throw Failure.wrongCredentials
        }
        if let until = user.lockedUntil, until > now { throw Failure.locked(until: until) }
        guard await verify(password, hash: user.passwordHash) else {
            user.failedLogins += 1
            if user.failedLogins >= User.Policy.maxFailedLogins {
                user.lockedUntil = now.addingTimeInterval(User.Policy.lockout)
                user.failedLogins = 0
                _ = try await store.saveUser(user)
                throw Failure.locked(until: user.lockedUntil!)
            }
            _ = try await store.saveUser(user)
            throw Failure.wrongCredentials
        }
        if user.failedLogins != 0 || user.lockedUntil != nil {
            user.failedLogins = 0
            user.lockedUntil = nil
            user = try await store.saveUser(user)
        }
        let (session, secret) = try await startSession(for: user, now: now)
        return (user, session, secret)
    }

    func startSession(for user: User, now: Date) async throws -> (WebSession, String) {
        let secret = Self.randomToken()
        let session = WebSession(
            tokenHash: Self.hash(secret), userId: user.id, csrfToken: Self.randomToken(),
            createdAt: now, expiresAt: now.addingTimeInterval(WebSession.lifetime))
        try await store.saveSession(session)
        return (session, secret)
    }

    /// The signed-in user for a session cookie's secret, or nil when it is unknown or expired.
    public func session(secret: String, now: Date = Date()) async throws -> SignedIn? {
        guard secret.count <= 128, let (session, user) = try await store.session(tokenHash: Self.hash(secret), now: now)
        else { return nil }
        return SignedIn(user: user, session: session)
    }

    public func signOut(_ signedIn: SignedIn) async throws {
        try await store.deleteSession(tokenHash: signedIn.session.tokenHash)
    }

    /// Changes the password after checking the current one; every other session of the user ends.
    public func changePassword(_ signedIn: SignedIn, current: String, new: String) async throws {
        guard await verify(current, hash: signedIn.user.passwordHash) else {
            throw Failure.invalid([FieldProblem(field: "current_password", code: "wrong_password", message: "wrong password")])
        }
        if let problem = User.passwordProblem(new) {
            throw Failure.invalid([FieldProblem(field: "new_password", code: problem.code, message: problem.message)])
        }
        var user = signedIn.user
        user.passwordHash = await hashPassword(new)
        _ = try await store.saveUser(user)
        try await store.deleteSessions(userId: user.id, keeping: signedIn.session.tokenHash)
    }

    /// Sets a new password for another user (an owner's reset) and ends all of that user's sessions.
    public func resetPassword(of user: User, to password: String) async throws -> User {
        if let problem = User.passwordProblem(password) { throw Failure.invalid([problem]) }
        var user = user
        user.passwordHash = await hashPassword(password)
        user.failedLogins = 0
        user.lockedUntil = nil
        let saved = try await store.saveUser(user)
        try await store.deleteSessions(userId: user.id, keeping: nil)
        return saved
    }

    // MARK: Hashing, off the cooperative thread pool (bcrypt is slow on purpose)

    func hashPassword(_ password: String) async -> String {
        let cost = passwordCost
        return await Self.offPool { Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, hash: String) async -> Bool {
        await Self.offPool { Bcrypt.verify(password, hash: hash) }
    }

    private static func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: work()) }
        }
    }

    /// A valid bcrypt hash of a random password at this service's cost, verified against when the e-mail
    /// is unknown (so that it takes as long as a wrong password). Made on first use, not at start-up.
    private func decoyHash() async -> String {
        if let hash = Self.decoys.withLock({ $0[passwordCost] }) { return hash }
        let hash = await hashPassword(Self.randomToken())
        Self.decoys.withLock { $0[passwordCost] = hash }
        return hash
    }
    private static let decoys = Mutex<[UInt8: String]>([:])

    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return hex((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    static func hash(_ secret: String) -> String { hex(Array(SHA256.hash(data: Data(secret.utf8)))) }
}
