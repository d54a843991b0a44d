import ArgumentParser
import Foundation
import OtklikCore
import OtklikServer
import OtklikStore

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage web accounts.", subcommands: [Add.self, List.self, Password.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a web account.",
            discussion: "The password is read from standard input (one line), so it stays out of the shell history.")
        @OptionGroup var data: DataOptions
        @Option(help: "Sign-in e-mail.") var email: String
        @Option(help: "Full name.") var name: String
        @Option(help: "owner, analyst, manager or staff.") var role: String
        @Option(help: "Managers: the location ids they see (comma-separated; a city covers its branches).")
        var locations: String?
        @Option(help: "Staff: the employee id whose answers they see.") var employee: Int64?

        func run() async throws {
            guard let role = Role(rawValue: role) else {
                throw CLIError("--role \(self.role): use owner, analyst, manager or staff")
            }
            var locationIds: [Location.ID] = []
            for part in (locations ?? "").split(separator: ",") {
                guard let id = Int64(part.trimmingCharacters(in: .whitespaces)), id > 0 else {
                    throw CLIError("--locations: \"\(part)\" is not a location id")
                }
                locationIds.append(Identifier(id))
            }
            let password = try readPassword()
            let services = try await Services.open(data.config(), store: openStore(data), loadIndex: false)
            for id in locationIds where services.catalog.snapshot.locations[id] == nil {
                throw CLIError("--locations: there is no location \(id)")
            }
            if let employee, services.catalog.snapshot.employees[Identifier(employee)] == nil {
                throw CLIError("--employee: there is no employee \(employee)")
            }
            do {
                let user = try await services.accounts.createUser(
                    email: email, name: name, role: role, password: password,
                    employeeId: employee.map(Identifier.init), locationIds: locationIds)
                print("created user \(user.id) \(user.email) (\(user.role.rawValue))")
            } catch AccountService.Failure.invalid(let problems) {
                throw CLIError(
                    problems.map { "--\($0.field.replacingOccurrences(of: "_", with: "-")): \($0.message)" }
                        .joined(separator: "; "))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List web accounts.")
        @OptionGroup var data: DataOptions

        func run() async throws {
            for user in try await openStore(data).users() {
                let locked = user.lockedUntil.map { $0 > Date() ? "\tlocked" : "" } ?? ""
                print("\(user.id)\t\(user.email)\t\(user.role.rawValue)\t\(user.name)\(locked)")
            }
        }
    }

    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a new password for an account (read from standard input) and end its sessions.")
        @OptionGroup var data: DataOptions
        @Option(help: "The account's e-mail.") var email: String

        func run() async throws {
            let password = try readPassword()
            let store = try openStore(data)
            guard let user = try await store.user(email: email) else { throw CLIError("no account with e-mail \(email)") }
            do {
                _ = try await AccountService(store: store, passwordCost: ServerConfig().passwordCost)
                    .resetPassword(of: user, to: password)
                print("password changed for \(user.email)")
            } catch AccountService.Failure.invalid(let problems) {
                throw CLIError(problems.map(\.message).joined(separator: "; "))
            }
        }
    }
}

private func openStore(_ data: DataOptions) throws -> any Store {
    try data.openStore()
}

/// One line from standard input (a prompt only when it is a terminal).
private func readPassword() throws -> String {
    if isatty(0) == 1 { FileHandle.standardError.write(Data("Password: ".utf8)) }
    guard let line = readLine(strippingNewline: true), !line.isEmpty else {
        throw CLIError("no password on standard input")
    }
    return line
}
