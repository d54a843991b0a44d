import OtklikCore
import OtklikStore

/// Sign-in accounts of the demo, one per role, so that a visitor can see the app as each role sees it.
public enum DemoAccounts {
    /// Demo only: one known password for every demo account (printed by `otklik demo`).
    public static let password = "otklik-demo"

    public static let accounts: [(email: String, name: String, role: Role, employee: Int64?, locations: [Int64])] = [
        ("owner@demo.otklik", "Георгий Макаров", .owner, nil, []),
        ("analyst@demo.otklik", "Юлия Тарасова", .analyst, nil, []),
        // The manager of the branch where pickup goes wrong: the story the dashboard has to tell them.
        ("manager@demo.otklik", "Наталья Павлова", .manager, nil, [5]),
        ("staff@demo.otklik", "Андрей Соколов", .staff, 1, []),
    ]

    /// Creates the demo accounts that do not exist yet.
    public static func createIfAbsent(_ accounts: AccountService, store: any Store) async throws {
        for account in Self.accounts where try await store.user(email: account.email) == nil {
            _ = try await accounts.createUser(
                email: account.email, name: account.name, role: account.role, password: password,
                employeeId: account.employee.map(Identifier.init), locationIds: account.locations.map(Identifier.init))
        }
    }
}
