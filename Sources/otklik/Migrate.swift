import ArgumentParser
import Foundation
import OtklikStore

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every page of the database, then create or upgrade it (every start also upgrades it).")

    @OptionGroup var data: DataOptions

    func run() async throws {
        // An upgrade is the moment to find damage, before building on it; a start does not check every page.
        let store = try data.openStore(quickCheck: true)
        let applied = try store.appliedMigrations()
        print("\(store.location): schema up to date (\(applied.count) migrations: \(applied.joined(separator: "; ")))")
    }
}

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every page of the database (SQLite's quick_check); exit code 1 when it is damaged.",
        discussion: """
            Every start checks that the file is an SQLite database with Otklik's schema and reads every response while
            building the analytics index, which finds damage there; this also reads every index and free page.
            """)

    @OptionGroup var data: DataOptions

    func run() async throws {
        let started = ContinuousClock.now
        let store = try data.openStore(quickCheck: true)
        print("\(store.location): ok (\(try store.storageSummary()), checked in \(ContinuousClock.now - started))")
    }
}
