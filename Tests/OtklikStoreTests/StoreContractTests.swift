import Foundation
import OtklikCore
import OtklikSQLite
import Testing

@testable import OtklikAnalytics
@testable import OtklikSQLite
@testable import OtklikStore

/// What every `Store` must do, run against each implementation: SQLite in memory and in a file.
@Suite("Store contract")
struct StoreContractTests {
    enum Kind: String, CaseIterable, Sendable { case memory, file }

    static func make(_ kind: Kind) throws -> (any Store, URL?) {
        switch kind {
        case .memory: return (SQLiteStore(try AppDatabase.inMemory()), nil)
        case .file:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("otklik-store-\(UUID().uuidString)")
            return (SQLiteStore(try AppDatabase.open(directory: directory)), directory)
        }
    }

    static let survey = Survey(
        id: Identifier(0), title: LocalizedText(ru: "Опрос", en: "Survey"), status: .live,
        questions: [
            Question(id: "nps", kind: .nps, text: LocalizedText(ru: "NPS"), required: true),
            Question(
                id: "why", kind: .singleChoice, text: LocalizedText(ru: "Почему?"),
                options: [.init(id: "a", text: LocalizedText(ru: "А")), .init(id: "b", text: LocalizedText(ru: "Б"))]),
            Question(
                id: "many", kind: .multipleChoice, text: LocalizedText(ru: "Что ещё?"),
                options: [.init(id: "x", text: LocalizedText(ru: "X")), .init(id: "y", text: LocalizedText(ru: "Y"))]),
            Question(id: "text", kind: .text, text: LocalizedText(ru: "Комментарий")),
        ], code: "s1")

    /// Which question feeds which score column, for the survey as stored (id 1).
    static let indexed: IndexedQuestions = {
        var stored = survey
        stored.id = Identifier(1)
        return IndexedQuestions(surveys: [stored])
    }()

    static func response(
        _ key: String?, nps: Int = 9, comment: String? = nil, touchpoint: Int64? = nil,
        at seconds: Int = 1_740_000_000
    ) -> Response {
        Response(
            id: Identifier(0), surveyId: Identifier(1), submittedAt: Date(timeIntervalSince1970: TimeInterval(seconds)),
            answers: ["nps": .score(nps), "why": .text("a"), "many": .choices(["x", "y"]), "text": .text("ок \"да\"\nнет")],
            comment: comment, context: ResponseContext(touchpointId: touchpoint.map(Identifier.init), orderId: "A-1", tags: ["vip", "ё"]),
            source: .api, idempotencyKey: key)
    }

    @Test(arguments: Kind.allCases)
    func referenceDataRoundTrip(kind: Kind) async throws {
        let (store, directory) = try Self.make(kind)
        defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
        #expect(try await store.all(Channel.self).count == 8)  // seeded by the first migration
        let city = try await store.save(Location(id: Identifier(0), name: "Казань", kind: .city))
        let branch = try await store.save(Location(id: Identifier(0), name: "Баумана", kind: .branch, parentId: city.id))
        #expect(city.id == Identifier(1) && branch.id == Identifier(2))
        #expect(try await store.find(Location.self, id: 2)?.parentId == city.id)
        var organisation = try await store.organisation()
        organisation.name = "ТехноПульс"
        organisation.timeZone = "Asia/Yekaterinburg"
        try await store.saveOrganisation(organisation)
        #expect(try await store.organisation() == organisation)
        let survey = try await store.save(Self.survey)
        #expect(try await store.find(Survey.self, id: survey.id.rawValue) == survey)
        await #expect(throws: StoreError.self) { _ = try await store.save(Location(id: Identifier(70_000), name: "x", kind: .branch)) }
        await #expect(throws: StoreError.self) { try await store.delete(Segment.self, id: 9) }
        try await store.delete(Location.self, id: 2)
        #expect(try await store.all(Location.self).map(\.name) == ["Казань"])
    }

    @Test(arguments: Kind.allCases)
    func responsesIdempotencyGroupsAndPaging(kind: Kind) async throws {
        let (store, directory) = try Self.make(kind)
        defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
        _ = try await store.save(Self.survey)
        _ = try await store.save(Touchpoint(id: Identifier(1), name: "Приёмка", stage: .purchase))
        let results = try await store.insert(
            [
                [Self.response("a", comment: "Долго ЖДАЛ"), Self.response("b", nps: 3), Self.response("a")],  // a twice in a group
                [Self.response("c"), Self.response("d", touchpoint: 99)],  // unknown touchpoint: this group fails alone
                [Self.response("e", touchpoint: 1, at: 1_740_100_000)],
            ], indexed: Self.indexed)
        let first = try results[0].get()
        #expect(first.map(\.replayed) == [false, false, true])
        #expect(first[2].id == first[0].id)
        if case .success = results[1] { Issue.record("a group with a bad reference must fail") }
        #expect(try results[2].get().count == 1)
        // Retried later: the same id, nothing new.
        let retry = try await store.insert([[Self.response("a")]], indexed: Self.indexed)
        #expect(try retry[0].get() == [InsertedResponse(id: first[0].id, replayed: true)])

        let stored = try await store.response(id: first[0].id)
        #expect(stored?.answers == Self.response("a").answers)
        #expect(stored?.context.tags == ["vip", "ё"] && stored?.comment == "Долго ЖДАЛ")

        var all: [Response] = []
        var cursor: Response.ID?
        repeat {
            let page = try await store.responses(ResponseFilter(), after: cursor, limit: 1)
            all += page
            cursor = page.count == 1 ? page.last?.id : nil
        } while cursor != nil
        #expect(all.map(\.idempotencyKey) == ["e", "b", "a"])  // newest first, each once, nothing of the failed group
        #expect(try await store.responses(ResponseFilter(search: "ждал"), after: nil, limit: 10).count == 1)
        #expect(try await store.responses(ResponseFilter(dimensions: [.touchpoint: [0]]), after: nil, limit: 10).count == 2)
        #expect(try await store.responses(ResponseFilter(hasComment: true), after: nil, limit: 10).count == 1)
        #expect(
            try await store.responses(ResponseFilter(scoreBands: [.init(metric: .nps, range: 0...6)]), after: nil, limit: 10)
                .map(\.idempotencyKey) == ["b"])
        #expect(
            try await store.responses(ResponseFilter(from: Date(timeIntervalSince1970: 1_740_050_000)), after: nil, limit: 10)
                .map(\.idempotencyKey) == ["e"])
        await #expect(throws: StoreError.self) { try await store.delete(Touchpoint.self, id: 1) }  // in use
        #expect(try await store.deleteResponse(id: first[0].id))
        #expect(try await store.response(id: first[0].id) == nil)
    }

    /// Responses are read by column position (`ResponseColumn`): each field, set to a value of its own, reads back
    /// in its place by every way of reading a response.
    @Test(arguments: Kind.allCases)
    func everyFieldReadsBackInItsPlace(kind: Kind) async throws {
        let (store, directory) = try Self.make(kind)
        defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
        let survey = try await store.save(Self.survey)
        let location = try await store.save(Location(id: Identifier(0), name: "Казань", kind: .city))
        _ = try await store.save(Location(id: Identifier(0), name: "Баумана", kind: .branch, parentId: location.id))
        let touchpoint = try await store.save(Touchpoint(id: Identifier(0), name: "Приёмка", stage: .purchase))
        for name in ["Анна", "Борис", "Вера"] { _ = try await store.save(Employee(id: Identifier(0), name: name)) }
        for name in ["A", "B", "C", "D"] { _ = try await store.save(Segment(id: Identifier(0), name: name)) }
        var written = Response(
            id: Identifier(0), surveyId: survey.id, submittedAt: Date(timeIntervalSince1970: 1_740_000_123),
            answers: ["nps": .score(3), "why": .text("b"), "text": .text("долго")], comment: "Ждал «час»",
            context: ResponseContext(
                touchpointId: touchpoint.id, locationId: Identifier(2), employeeId: Identifier(3), channelId: Identifier(5),
                segmentId: Identifier(4), orderId: "A-17", tags: ["vip", "стол:2"]),
            source: .email, idempotencyKey: "every-field")
        written.id = try await store.insert([[written]], indexed: Self.indexed)[0].get()[0].id
        let customer = try await store.saveContact(Customer(id: Identifier(0), name: "Вера"), forResponse: written.id)
        written.context.customerId = customer.id

        #expect(try await store.response(id: written.id) == written)
        #expect(try await store.responses(ResponseFilter(), after: nil, limit: 10) == [written])
        #expect(try await store.responses(ids: [written.id], commentContaining: "ЧАС") == [written])
        #expect(try await store.responses(customer: customer.id) == [written])
    }

    /// Answers that are exactly their scores under their metrics' names are stored as nothing and read back
    /// from the score columns; any others as JSON. Either way a response reads back as it was written: random
    /// answers to every metric kind under its name and under another id, out-of-scale scores, scores given
    /// as text, written answers.
    @Test(arguments: Kind.allCases)
    func answersHeldByTheScoreColumnsReadBackAsWritten(kind: Kind) async throws {
        let (store, directory) = try Self.make(kind)
        defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
        let kinds: [(id: String, kind: Question.Kind)] = [
            ("nps", .nps), ("csat", .csat), ("ces", .ces), ("ladder", .ladder), ("stars", .stars), ("nps2", .nps), ("text", .text),
        ]
        let survey = try await store.save(
            Survey(
                id: Identifier(0), title: LocalizedText(ru: "Все шкалы"), status: .live,
                questions: kinds.map { Question(id: $0.id, kind: $0.kind, text: LocalizedText(ru: $0.id)) }, code: "all"))
        let indexed = IndexedQuestions(surveys: [survey])
        var random = SystemRandomNumberGenerator()
        let responses = (0..<300).map { i in
            var answers: [String: AnswerValue] = [:]
            for (id, _) in kinds where Int.random(in: 0..<3, using: &random) > 0 {
                switch Int.random(in: 0..<10, using: &random) {
                case 0: answers[id] = .text(String(Int.random(in: 0...10, using: &random)))
                case 1: answers[id] = .choices(["a"])
                case 2: answers[id] = .score(Int.random(in: -2...300, using: &random))
                default: answers[id] = .score(Int.random(in: 0...10, using: &random))
                }
            }
            if i % 3 == 0 { answers = answers.filter { ["nps", "csat", "ces"].contains($0.key) && $0.value.score != nil } }
            return Response(
                id: Identifier(0), surveyId: survey.id, submittedAt: Date(timeIntervalSince1970: 1_740_000_000 + TimeInterval(i)),
                answers: answers, source: .import, idempotencyKey: "k\(i)")
        }
        let inserted = try await store.insert([responses], indexed: indexed)[0].get()
        for (response, row) in zip(responses, inserted) {
            #expect(try await store.response(id: row.id)?.answers == response.answers, "\(response.answers)")
        }
        let held = responses.indices.filter {
            AnswersCoding.encode(responses[$0].answers, scores: indexed.scores(of: responses[$0])).isEmpty
        }
        #expect(held.count >= 60 && held.count < responses.count, "both ways are taken: \(held.count)")
        // Erasing the customer who gave answers held by the score columns keeps them: they hold nothing written.
        let first = try #require(held.first)
        let customer = try await store.saveContact(Customer(id: Identifier(0), name: "Вера"), forResponse: inserted[first].id)
        #expect(try await store.eraseCustomer(id: customer.id, freeTextQuestions: [survey.id: ["text"]]) == 1)
        #expect(try await store.response(id: inserted[first].id)?.answers == responses[first].answers)
    }

    @Test func committedDataSurvivesReopening() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("otklik-reopen-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            let store = SQLiteStore(try AppDatabase.open(directory: directory))
            _ = try await store.save(Self.survey)
            _ = try await store.insert([(0..<100).map { Self.response("k\($0)") }], indexed: Self.indexed)
        }
        let reopened = SQLiteStore(try AppDatabase.open(directory: directory))
        #expect(try await reopened.responses(ResponseFilter(), after: nil, limit: 1000).count == 100)
        // A transaction that fails part-way leaves nothing.
        await #expect(throws: (any Error).self) {
            _ = try await reopened.insertAll { emit in
                try emit((0..<50).map { Self.response("x\($0)") })
                throw StoreError.invalid([])
            }
        }
        #expect(try await reopened.responses(ResponseFilter(), after: nil, limit: 1000).count == 100)
    }

    @Test(arguments: Kind.allCases)
    func tokensAreFoundByHashAndRevoked(kind: Kind) async throws {
        let (store, directory) = try Self.make(kind)
        defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
        let token = try await store.saveToken(
            APIToken(
                id: Identifier(0), name: "ci", scopes: [.ingest, .read], secretHash: "abc",
                prefix: "otk_12", createdAt: Date(timeIntervalSince1970: 1_700_000_000)))
        #expect(try await store.token(hash: "abc") == token)
        #expect(try await store.token(hash: "nope") == nil)
        try await store.revokeToken(id: token.id)
        #expect(try await store.token(hash: "abc")?.revokedAt != nil)
        #expect(try await store.token(hash: "abc")?.allows(.read) == false)
        let second = try await store.saveToken(
            APIToken(
                id: Identifier(0), name: "pos", scopes: [.ingest], secretHash: "def",
                prefix: "otk_34", createdAt: Date(timeIntervalSince1970: 1_700_000_100)))
        #expect(try await store.tokens().map(\.name) == ["ci", "pos"] && second.id != token.id, "every token, oldest first")
        await #expect(throws: StoreError.self) { try await store.revokeToken(id: Identifier(999)) }
    }

    @Test(arguments: Kind.allCases)
    func accountsSessionsAndSecrets(kind: Kind) async throws {
        let (store, directory) = try Self.make(kind)
        defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
        _ = try await store.save(Location(id: Identifier(1), name: "Тверская", kind: .branch))
        let user = try await store.saveUser(
            User(
                id: Identifier(0), email: " Ira@Example.RU ", name: "Ира", role: .manager,
                passwordHash: "$2b$04$x", locationIds: [Identifier(1)], createdAt: Date(timeIntervalSince1970: 1_000)))
        #expect(user.id == Identifier(1) && user.email == "ira@example.ru")
        #expect(try await store.user(email: "IRA@example.ru") == user)
        #expect(try await store.user(id: user.id) == user)
        #expect(try await store.user(id: Identifier(99)) == nil)
        await #expect(throws: StoreError.duplicate(field: "email", value: "ira@example.ru")) {
            _ = try await store.saveUser(User(id: Identifier(0), email: "ira@example.ru", name: "Другая", role: .owner, passwordHash: "h"))
        }
        let now = Date(timeIntervalSince1970: 2_000_000)
        let session = WebSession(
            tokenHash: "abc", userId: user.id, csrfToken: "csrf", createdAt: now, expiresAt: now.addingTimeInterval(60))
        try await store.saveSession(session)
        try await store.saveSession(
            WebSession(tokenHash: "other", userId: user.id, csrfToken: "c2", createdAt: now, expiresAt: now.addingTimeInterval(60)))
        #expect(try await store.session(tokenHash: "abc", now: now)?.1 == user)
        #expect(try await store.session(tokenHash: "abc", now: now.addingTimeInterval(61)) == nil, "expired")
        try await store.deleteSessions(userId: user.id, keeping: "abc")
        #expect(try await store.session(tokenHash: "other", now: now) == nil)
        #expect(try await store.session(tokenHash: "abc", now: now) != nil)
        try await store.deleteSession(tokenHash: "abc")
        #expect(try await store.session(tokenHash: "abc", now: now) == nil, "signed out")
        try await store.saveSession(session)
        try await store.deleteUser(id: user.id)
        #expect(try await store.session(tokenHash: "abc", now: now) == nil, "a deleted user's sessions go with them")
        #expect(try await store.users().isEmpty)

        let secret = try await store.secret(named: "form-signing", bytes: 32)
        #expect(secret.count == 32)
        #expect(try await store.secret(named: "form-signing", bytes: 32) == secret, "made once, kept")
        #expect(try await store.secret(named: "another", bytes: 32) != secret)
    }

    @Test(arguments: Kind.allCases)
    func aContactIsSavedWithItsResponseOnce(kind: Kind) async throws {
        let (store, directory) = try Self.make(kind)
        defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
        _ = try await store.save(Self.survey)
        let inserted = try await store.insert([[Self.response("k1")]], indexed: Self.indexed)[0].get()[0]
        let customer = try await store.saveContact(
            Customer(id: Identifier(0), phone: "+7 900", consentContact: true), forResponse: inserted.id)
        #expect(try await store.response(id: inserted.id)?.context.customerId == customer.id)
        #expect(try await store.find(Customer.self, id: customer.id.rawValue)?.consentContact == true)
        await #expect(throws: StoreError.self) {
            _ = try await store.saveContact(Customer(id: Identifier(0), phone: "+7 901"), forResponse: inserted.id)
        }
        #expect(try await store.all(Customer.self).count == 1, "the second contact was not stored")
    }
}
