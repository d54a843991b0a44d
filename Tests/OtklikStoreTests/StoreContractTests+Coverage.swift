import Foundation
import OtklikCore
import Synchronization
import Testing

@testable import OtklikAnalytics
@testable import OtklikSQLite
@testable import OtklikStore

/// Every requirement of the store contract (the protocols of Sources/OtklikStore) and the contract test
/// that holds each implementation to it. `everyRequirementHasATest` reads the protocols and fails when a
/// requirement is added without a line here: a new backend is checked against all of them, or the suite
/// says which it is not.
extension StoreContractTests {
    static let coverage: [String: String] = [
        // ReferenceDataStore
        "organisation": "referenceDataRoundTrip", "saveOrganisation": "referenceDataRoundTrip",
        "all": "referenceDataRoundTrip", "find": "referenceDataRoundTrip", "save": "referenceDataRoundTrip",
        "delete": "referenceDataRoundTrip",
        // ResponseStore
        "insert": "responsesIdempotencyGroupsAndPaging", "response": "responsesIdempotencyGroupsAndPaging",
        "responses": "responsesIdempotencyGroupsAndPaging", "deleteResponse": "responsesIdempotencyGroupsAndPaging",
        "insertAll": "bulkInsertIsAllOrNothing", "responseIDs": "commentSearchByIDsAndText",
        "saveContact": "aContactIsSavedWithItsResponseOnce", "forEachResponseFacts": "factsStreamInIDOrderAsStored",
        "insertBlocking": "blockingWriterMatchesTheAsyncInsert",
        // ContactRequestStore
        "requestContact": "contactRequestsMoveAndKeepTheirHistory", "contactRequests": "contactRequestsMoveAndKeepTheirHistory",
        "countContactRequests": "contactRequestsMoveAndKeepTheirHistory",
        "contactRequest": "contactRequestsMoveAndKeepTheirHistory",
        "changeContactRequest": "contactRequestsMoveAndKeepTheirHistory",
        // TokenStore
        "saveToken": "tokensAreFoundByHashAndRevoked", "token": "tokensAreFoundByHashAndRevoked",
        "tokens": "tokensAreFoundByHashAndRevoked", "revokeToken": "tokensAreFoundByHashAndRevoked",
        // AccountStore
        "saveUser": "accountsSessionsAndSecrets", "user": "accountsSessionsAndSecrets", "users": "accountsSessionsAndSecrets",
        "deleteUser": "accountsSessionsAndSecrets", "saveSession": "accountsSessionsAndSecrets",
        "session": "accountsSessionsAndSecrets", "deleteSession": "accountsSessionsAndSecrets",
        "deleteSessions": "accountsSessionsAndSecrets",
        // PersonalDataStore
        "eraseCustomer": "erasureKeepsScoresAndRemovesWhatTheCustomerWrote",
        "customerSegments": "erasureKeepsScoresAndRemovesWhatTheCustomerWrote",
        "appendAudit": "auditEntriesNewestFirst", "auditEntries": "auditEntriesNewestFirst",
        // SurveyProgressStore
        "recordProgress": "dropOffCountsWhereUnfinishedFormsStopped",
        "completeProgress": "dropOffCountsWhereUnfinishedFormsStopped",
        "dropOff": "dropOffCountsWhereUnfinishedFormsStopped",
        // JourneyStore (its own suite: JourneyStoreContractTests)
        "personas": "personasAndMapsRoundTrip", "persona": "personasAndMapsRoundTrip", "savePersona": "personasAndMapsRoundTrip",
        "deletePersona": "personasAndMapsRoundTrip", "journeyMaps": "personasAndMapsRoundTrip",
        "journeyMap": "personasAndMapsRoundTrip", "createJourneyMap": "personasAndMapsRoundTrip",
        "deleteJourneyMap": "personasAndMapsRoundTrip", "editJourneyMap": "editsMakeVersionsWithHistory",
        "journeyHistory": "editsMakeVersionsWithHistory",
        "commentJourneyMap": "editsMakeVersionsWithHistory", "journeyComments": "editsMakeVersionsWithHistory",
        "replaceJourneyMap": "twoEditorsNeverOverwriteEachOther",
        // ValueStore (its own suite: ValueStoreContractTests)
        "importOrders": "importFindsCustomersOnceAndReplacesOrders", "allOrders": "ordersRoundTripEveryField",
        "orderFacts": "ordersRoundTripEveryField",
        "orders": "ordersRoundTripEveryField", "customerSignals": "customerSignalsFromMarksAnswersAndContacts",
        "customers": "customersByIdsAndByPage", "setMark": "marksGoOnAndOff", "valueSettings": "settingsDefaultRoundTripAndRefusal",
        "saveValueSettings": "settingsDefaultRoundTripAndRefusal", "valueMark": "theMarkMovesOnEveryWriteAndNotOnReads",
        "responseCustomers": "customerSignalsFromMarksAnswersAndContacts",
        // SecretStore, StoreFaults, StoreMaintenance
        "secret": "accountsSessionsAndSecrets", "isOutOfSpace": "maintenanceAndFaults",
        "location": "maintenanceAndFaults", "appliedMigrations": "maintenanceAndFaults", "storageSummary": "maintenanceAndFaults",
        "compact": "maintenanceAndFaults",
        "externalWriteMark": "anotherProcessesWritesMoveTheMark",
        "responsesMark": "anotherProcessesWritesMoveTheMark",
    ]

    /// The requirement names declared in the contract's protocols, read from their source.
    static func contractRequirements() throws -> Set<String> {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/OtklikStore").standardized
        var names = Set<String>()
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            var inProtocol = false
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("public protocol ") && line.hasSuffix("{") && !line.contains("StoredEntity") {
                    inProtocol = true
                } else if line == "}" {
                    inProtocol = false
                } else if inProtocol, let match = line.firstMatch(of: /^    (?:func|var) ([A-Za-z]+)/) {
                    names.insert(String(match.1))
                }
            }
        }
        return names
    }

    @Test func everyRequirementHasATest() throws {
        let requirements = try Self.contractRequirements()
        #expect(requirements.count >= 40, "read \(requirements.count) requirement names (overloads count once)")
        for name in requirements.sorted() { #expect(Self.coverage[name] != nil, "\(name) has no contract test") }
        for name in Self.coverage.keys.sorted() { #expect(requirements.contains(name), "\(name) is not a requirement any more") }
    }

    /// A store with the test survey and two stored responses (one with a comment).
    static func seeded(_ kind: Kind) async throws -> (any Store, URL?, [InsertedResponse]) {
        let (store, directory) = try make(kind)
        _ = try await store.save(survey)
        var tagged = response("k1", nps: 3, comment: "Долго ЖДАЛ мастера")
        tagged.context.tags = ["vip", "table:3"]
        var untagged = response("k2", nps: 10)
        untagged.context.tags = []
        let inserted = try await store.insert([[tagged, untagged]], indexed: indexed)[0].get()
        return (store, directory, inserted)
    }

    @Test(arguments: Kind.allCases)
    func bulkInsertIsAllOrNothing(kind: Kind) async throws {
        let (store, directory) = try Self.make(kind)
        defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
        _ = try await store.save(Self.survey)
        let (inserted, replayed) = try await store.insertAll { emit in
            try emit((0..<30).map { Self.response("b\($0)") })
            try emit((25..<40).map { Self.response("b\($0)") })  // five keys again: replays
        }
        #expect(inserted == 40 && replayed == 5)
        await #expect(throws: (any Error).self) {
            _ = try await store.insertAll { emit in
                try emit((100..<120).map { Self.response("c\($0)") })
                throw StoreError.invalid([])
            }
        }
        #expect(try await store.responses(ResponseFilter(), after: nil, limit: 1000).count == 40, "the failed import left nothing")
    }

    /// A bulk insert checks its references once, at its end, instead of by SQLite's foreign keys row by row
    /// (turned off around it): a response that refers to no entity still fails the whole insert, with the
    /// foreign key's own problem, and the foreign keys are on again afterwards, for every other write.
    @Test(arguments: Kind.allCases)
    func bulkInsertRefusesUnknownReferences(kind: Kind) async throws {
        let (store, directory) = try Self.make(kind)
        defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
        _ = try await store.save(Self.survey)
        let touchpoint = try await store.save(Touchpoint(id: Identifier(0), name: "Касса", stage: .purchase))
        var unknownSurvey = Self.response("s1")
        unknownSurvey.surveyId = Identifier(77)
        var unknownSegment = Self.response("g1")
        unknownSegment.context.segmentId = Identifier(5)
        for stray in [Self.response("t1", touchpoint: 999), unknownSurvey, unknownSegment] {
            await #expect(
                throws: StoreError.invalid([
                    FieldProblem(field: "responses", code: "unknown_reference", message: "refers to an entity that does not exist")
                ])
            ) {
                _ = try await store.insertAll { emit in
                    // Many good rows around it, over several chunks: the check is of the distinct ids, in slices.
                    try emit((0..<700).map { Self.response("ok\($0)", touchpoint: touchpoint.id.rawValue) })
                    try emit([stray])
                    try emit((700..<1_400).map { Self.response("ok\($0)") })
                }
            }
        }
        #expect(try await store.responses(ResponseFilter(), after: nil, limit: 10).isEmpty, "nothing of the failed inserts")
        let (inserted, _) = try await store.insertAll { emit in
            try emit([Self.response("fine", touchpoint: touchpoint.id.rawValue)])
        }
        #expect(inserted == 1)
        // Foreign keys on again: a group insert of the same stray row fails on its own.
        let result = try await store.insert([[Self.response("t2", touchpoint: 999)]], indexed: Self.indexed)
        #expect(throws: StoreError.self) { try result[0].get() }
        #expect(try await store.responses(ResponseFilter(), after: nil, limit: 10).count == 1)
    }

    @Test(arguments: Kind.allCases)
    func commentSearchByIDsAndText(kind: Kind) async throws {
        let (store, directory, inserted) = try await Self.seeded(kind)
        defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
        #expect(try await store.responseIDs(commentContaining: "ждал") == [UInt32(inserted[0].id.rawValue)], "any case, Cyrillic")
        #expect(try await store.responseIDs(commentContaining: "нет такого").isEmpty)
        let ids = [inserted[1].id, Identifier(999), inserted[0].id]
        #expect(
            try await store.responses(ids: ids, commentContaining: nil).map(\.id) == [inserted[1].id, inserted[0].id],
            "in the order given, unknown ids left out")
        #expect(try await store.responses(ids: ids, commentContaining: "МАСТЕР").map(\.id) == [inserted[0].id])
    }

    @Test(arguments: Kind.allCases)
    func factsStreamInIDOrderAsStored(kind: Kind) async throws {
        let (store, directory, inserted) = try await Self.seeded(kind)
        defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
        let zone = TimeZone(identifier: "Asia/Vladivostok")!
        let facts = Mutex<[ResponseFacts]>([])
        let tags = Mutex<[ResponseTags]>([])
        try await store.forEachResponseFacts(timeZone: zone) { batch, batchTags in
            facts.withLock { $0 += batch }
            tags.withLock { $0 += batchTags }
        }
        let streamed = facts.withLock { $0 }
        var days = LocalDayConverter(timeZone: zone)
        var expected: [ResponseFacts] = []
        for item in inserted {
            let stored = try #require(try await store.response(id: item.id))
            expected.append(Self.indexed.facts(of: stored, day: days.day(ofUnixSeconds: Int64(stored.submittedAt.timeIntervalSince1970))))
        }
        #expect(streamed == expected)
        // Tags stream beside the facts, only for tagged responses.
        #expect(tags.withLock { $0 } == [ResponseTags(responseId: UInt32(inserted[0].id.rawValue), tags: ["vip", "table:3"])])
        #expect(streamed.map { $0.scores[.nps] } == [3, 10] && streamed.map(\.hasComment) == [true, false])
        #expect(streamed.allSatisfy { $0.scores[.csat] == ResponseFacts.skipped })
    }

    @Test(arguments: Kind.allCases)
    func blockingWriterMatchesTheAsyncInsert(kind: Kind) async throws {
        let (store, directory) = try Self.make(kind)
        defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
        _ = try await store.save(Self.survey)
        let blocking = try #require(store as? any BlockingResponseWriter, "SQLite commits on the caller's thread")
        let groups = [[Self.response("w1"), Self.response("w1")].map { EncodedResponse($0, indexed: Self.indexed) }]
        let results = try blocking.insertBlocking(groups)
        #expect(try results[0].get().map(\.replayed) == [false, true])
        let again = try await store.insert([[Self.response("w1")]], indexed: Self.indexed)
        #expect(try again[0].get()[0] == InsertedResponse(id: try results[0].get()[0].id, replayed: true))
    }

    @Test(arguments: Kind.allCases)
    func contactRequestsMoveAndKeepTheirHistory(kind: Kind) async throws {
        let (store, directory, inserted) = try await Self.seeded(kind)
        defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
        let now = Date(timeIntervalSince1970: 1_750_000_000)
        func consent(_ response: InsertedResponse) -> ConsentProof {
            ConsentProof(
                purpose: .contactAboutFeedback, text: "Согласна", version: "v1", locale: .ru, givenAt: now,
                surveyId: Identifier(1), responseId: response.id)
        }
        let first = try await store.requestContact(
            Customer(id: Identifier(0), name: "Анна", phone: "+7 900 111-22-33", consentContact: true),
            contact: "+7 900 111-22-33", consent: consent(inserted[0]))
        #expect(first.status == .new && first.responseId == inserted[0].id && first.contact == "+7 900 111-22-33")
        await #expect(throws: StoreError.self, "a response keeps its first customer") {
            _ = try await store.requestContact(
                Customer(id: Identifier(0), name: "Другой"), contact: "x@example.ru", consent: consent(inserted[0]))
        }
        let second = try await store.requestContact(
            Customer(id: Identifier(0), name: "Борис", email: "b@example.ru", consentContact: true),
            contact: "b@example.ru", consent: consent(inserted[1]))
        #expect(try await store.contactRequests(ContactRequestFilter()).map(\.id) == [second.id, first.id], "newest first")
        #expect(try await store.countContactRequests(ContactRequestFilter(status: .new)) == 2)

        let contacted = try await store.changeContactRequest(
            id: first.id, to: .contacted, by: nil, actor: "Ира", note: "Перезвонила",
            at: now.addingTimeInterval(60))
        #expect(contacted.status == .contacted)
        await #expect(throws: StoreError.self, "contacted → new is not a move") {
            _ = try await store.changeContactRequest(id: first.id, to: .new, by: nil, actor: "Ира", note: nil, at: now)
        }
        await #expect(throws: StoreError.notFound(entity: "contact_requests", id: 999)) {
            _ = try await store.changeContactRequest(id: Identifier(999), to: .resolved, by: nil, actor: "Ира", note: nil, at: now)
        }
        let byID = try #require(try await store.contactRequest(id: first.id))
        #expect(byID.history.map(\.to) == [.new, .contacted] && byID.history.last?.note == "Перезвонила")
        #expect(try await store.contactRequest(response: inserted[0].id)?.id == first.id)
        #expect(try await store.contactRequest(response: Identifier(999)) == nil)
        #expect(try await store.countContactRequests(ContactRequestFilter(status: .new)) == 1)
        #expect(try await store.contactRequests(ContactRequestFilter(status: .contacted)).map(\.id) == [first.id])
    }

    @Test(arguments: Kind.allCases)
    func erasureKeepsScoresAndRemovesWhatTheCustomerWrote(kind: Kind) async throws {
        let (store, directory, inserted) = try await Self.seeded(kind)
        defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
        let customer = try await store.saveContact(
            Customer(id: Identifier(0), name: "Анна", phone: "+7 900", consentContact: true),
            forResponse: inserted[0].id)
        #expect(try await store.responses(customer: customer.id).map(\.id) == [inserted[0].id])
        #expect(try await store.eraseCustomer(id: customer.id, freeTextQuestions: [Identifier(1): ["text"]]) == 1)
        let erased = try #require(try await store.response(id: inserted[0].id))
        #expect(erased.answers["nps"] == .score(3), "the score stays: metrics do not change")
        #expect(erased.answers["text"] == nil && erased.comment == nil && erased.context.orderId == nil)
        let person = try await store.find(Customer.self, id: customer.id.rawValue)
        #expect(person?.name == nil && person?.phone == nil)
        // What the catalog reads of customers: each one's segment, an erased customer's too.
        let segment = try await store.save(Segment(id: Identifier(0), name: "B2B"))
        let segmented = try await store.save(Customer(id: Identifier(0), name: "Борис", segmentId: segment.id))
        let segments = try await store.customerSegments()
        #expect(segments[segmented.id] == .some(segment.id) && segments[customer.id] == .some(nil))
        #expect(segments == Dictionary(uniqueKeysWithValues: try await store.all(Customer.self).map { ($0.id, $0.segmentId) }))
        #expect(try await store.eraseCustomer(id: Identifier(999), freeTextQuestions: [:]) == nil)
        #expect(try await store.response(id: inserted[1].id)?.comment == nil, "another response is untouched (it had no comment)")
    }

    @Test(arguments: Kind.allCases)
    func auditEntriesNewestFirst(kind: Kind) async throws {
        let (store, directory) = try Self.make(kind)
        defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
        for (offset, action) in [AuditEntry.Action.viewed, .exported, .erased].enumerated() {
            try await store.appendAudit(
                AuditEntry(
                    at: Date(timeIntervalSince1970: 1_750_000_000 + Double(offset)), actor: "cli",
                    action: action, subject: "customer \(offset)"))
        }
        let entries = try await store.auditEntries(limit: 2)
        #expect(entries.map(\.action) == [.erased, .exported] && entries.map(\.subject) == ["customer 2", "customer 1"])
    }

    @Test(arguments: Kind.allCases)
    func dropOffCountsWhereUnfinishedFormsStopped(kind: Kind) async throws {
        let (store, directory) = try Self.make(kind)
        defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
        let survey = try await store.save(Self.survey)
        let at = Date(timeIntervalSince1970: 1_750_000_000)
        try await store.recordProgress(formKey: "a", survey: survey.id, reached: "nps", answers: ["nps": .score(9)], at: at)
        try await store.recordProgress(formKey: "a", survey: survey.id, reached: "why", answers: ["nps": .score(9)], at: at)
        try await store.recordProgress(formKey: "b", survey: survey.id, reached: "nps", answers: ["nps": .score(2)], at: at)
        try await store.recordProgress(formKey: "c", survey: survey.id, reached: "nps", answers: [:], at: at)
        try await store.completeProgress(formKey: "c", survey: survey.id, at: at)
        try await store.recordProgress(formKey: "c", survey: survey.id, reached: "why", answers: [:], at: at)
        let dropOff = try await store.dropOff(survey: survey.id)
        #expect(
            dropOff == SurveyDropOff(started: 3, completed: 1, leftAfter: ["why": 1, "nps": 1]),
            "the latest screen wins; complete stays complete")
    }

    @Test(arguments: Kind.allCases)
    func maintenanceAndFaults(kind: Kind) async throws {
        let (store, directory) = try Self.make(kind)
        defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
        let maintained = try #require(store as? any StoreMaintenance)
        #expect(try maintained.appliedMigrations().count >= 6)
        #expect(try maintained.storageSummary().contains("MB"))
        #expect(kind == .memory ? maintained.location.contains("memory") : maintained.location.hasSuffix("otklik.sqlite"))
        // Compacting keeps every response and, for a file, leaves no log behind.
        _ = try await store.save(Self.survey)
        _ = try await store.insertAll { emit in try emit((0..<1_000).map { Self.response("compact\($0)") }) }
        let bytes = try await maintained.compact()
        #expect(bytes > 0)
        #expect(try await store.responses(ResponseFilter(), after: nil, limit: 1000).count == 1_000)
        if kind == .file {
            let log = try FileManager.default.attributesOfItem(atPath: maintained.location + "-wal")[.size] as? Int
            #expect(log == 0, "the log is truncated")
        }
        #expect(!store.isOutOfSpace(StoreError.invalid([])), "a refused value is not a full disk")
    }

    /// Two stores on one file stand for two processes: a write through one moves the other's mark, its own
    /// writes do not.
    @Test func anotherProcessesWritesMoveTheMark() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("otklik-mark-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = SQLiteStore(try AppDatabase.open(directory: directory))
        let start = try await server.externalWriteMark()
        _ = try await server.save(Segment(id: Identifier(0), name: "Свои"))
        #expect(try await server.externalWriteMark() == start, "its own write")
        let cli = SQLiteStore(try AppDatabase.open(directory: directory))
        let responses = try await server.responsesMark()
        _ = try await cli.save(Segment(id: Identifier(0), name: "Из командной строки"))
        #expect(try await server.externalWriteMark() != start, "another connection's write")
        #expect(try await server.responsesMark() == responses, "a segment is not a response: no index rebuild")
        // Responses added, replayed, deleted, erased: the responses mark moves exactly when they change.
        _ = try await cli.save(Self.survey)
        _ = try await cli.insertAll { emit in try emit((0..<3).map { Self.response("mark\($0)") }) }
        let afterImport = try await server.responsesMark()
        #expect(afterImport != responses, "an import")
        _ = try await cli.insertAll { emit in try emit((0..<3).map { Self.response("mark\($0)") }) }
        #expect(try await server.responsesMark() == afterImport, "replays change nothing")
        let stored = try await cli.responses(ResponseFilter(), after: nil, limit: 1)
        #expect(try await cli.deleteResponse(id: stored[0].id))
        #expect(try await server.responsesMark() != afterImport, "a deletion")
    }
}
