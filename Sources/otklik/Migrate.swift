import ArgumentParser
import Foundation
import OtklikStore

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create or upgrade the database (this also happens on every start).")

    @OptionGroup var data: DataOptions

    func run() async throws {
        guard let directory = data.config().dataDirectory else { throw CLIError("no data directory") }
        let database = try AppDatabase.open(directory: directory)
        let applied = try database.appliedMigrations()
        print("\(directory.path): schema up to date (\(applied.count) migrations: \(applied.joined(separator: "; ")))")
    }
}
