import Foundation
import Hummingbird
import HummingbirdTesting
import OtklikCore
import OtklikStore
import PropertyBased
import Testing

@testable import OtklikServer

/// What a hostile tester found, each case as it was reported: an open redirect after sign-in, a revoked
/// token still working, spreadsheet formulas in CSV exports, a manager crediting another branch's
/// employee, staff menus listing every branch.
@Suite struct HostileInputRegressionTests {
    // MARK: Sign-in redirect

    @Test(arguments: [
        "/\t/evil.example", "/\r\n/evil.example", "/\n/evil.example", "//evil.example", "/\\evil.example",
        "/ /evil.example", "https://evil.example", "evil.example", "/\u{2028}/evil.example",
        "/\u{200B}/evil.example", "/login?next=//evil.example", "",
    ])
    func signInNeverLeavesTheSite(next: String) {
        #expect(AccountsController.safeNext(next) == "/app")
    }

    @Test func signInKeepsAPageAndItsQuery() {
        #expect(AccountsController.safeNext("/app/responses?q=%D0%BC&location=3") == "/app/responses?q=%D0%BC&location=3")
        #expect(AccountsController.safeNext("/app/responses?q=мастер") == "/app/responses?q=%D0%BC%D0%B0%D1%81%D1%82%D0%B5%D1%80")
    }

    @Test func thePageThatAskedForSignInGetsItsFiltersBack() async throws {
        let app = try await WebTestApp.make()
        try await app.test { client in
            let asked = try await client.page(.get, "/app/responses?q=%D0%BC%D0%B0&location=3")
            #expect(asked.status == .seeOther)
            let login = try #require(asked.location)
            #expect(login.hasPrefix("/login?next="))
            // The sign-in form carries the whole target; posting it returns there.
            let form = try await client.page(.get, login)
            let next = try #require(inputValue(form.body, name: "next"))
            #expect(next.contains("location=3"), "\(next)")
            let csrf = try #require(setCookie(form, PageContext.csrfCookie))
            let signedIn = try await client.page(
                .post, "/login",
                form: [
                    ("_csrf", csrf), ("email", "owner@test.otklik"), ("password", WebTestApp.password),
                    ("next", next.replacingOccurrences(of: "&amp;", with: "&")),
                ], cookies: [PageContext.csrfCookie: csrf])
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.location == "/app/responses?q=%D0%BC%D0%B0&location=3")
        }
    }

    // MARK: Token revocation

    @Test func aTokenRevokedByAnotherProcessStopsWorkingWithinItsFreshness() async throws {
        let app = try await TestApp.make()
        // The server's token service, and the CLI's (`otklik token revoke`) on the same database.
        let server = TokenService(store: app.services.store, freshness: .milliseconds(100))
        let cli = TokenService(store: app.services.store)
        let (token, secret) = try await server.create(name: "pos", scopes: [.ingest])
        #expect(try await server.authenticate(secret)?.id == token.id)
        #expect(server.cachedToken(secret)?.id == token.id)
        try await cli.revoke(id: token.id)
        try await Task.sleep(for: .milliseconds(150))
        #expect(server.cachedToken(secret) == nil, "the fast lane must not trust a stale entry")
        #expect(try await server.authenticate(secret) == nil)
    }

    // MARK: CSV formulas

    static let formula = "=HYPERLINK(\"http://evil.example\",\"open\")"

    @Test func noExportedCellStartsAFormula() async throws {
        let app = try await WebTestApp.make()
        let store = app.services.store
        _ = try await store.save(Employee(id: Identifier(1), name: "@SUM(1+1)", locationId: Identifier(3)))
        _ = try await store.save(Touchpoint(id: Identifier(1), name: "+cmd|' /C calc'!A0", stage: .purchase))
        _ = try await store.save(Location(id: Identifier(3), name: "-2+3", kind: .branch, parentId: Identifier(2)))
        try await app.services.live.referenceDataChanged()
        let submission = ResponseSubmission(
            answers: ["nps": .score(3)], comment: "\tcomment", touchpointId: Identifier(1), locationId: Identifier(3),
            employeeId: Identifier(1), orderId: Self.formula, tags: ["=cmd", "ok"])
        _ = try await app.services.ingest.ingest([submission], survey: Identifier(1)).get()
        let reader = try await app.services.tokens.create(name: "read", scopes: [.read]).secret
        try await app.test { client in
            let api = try await client.call(.get, "/api/v1/export/responses.csv", token: reader)
            let web = try await client.page(.get, "/app/responses.csv", session: app.sessions[.owner])
            for (name, csv) in [("api", String(decoding: api.2, as: UTF8.self)), ("web", web.body)] {
                let cells = try Self.cells(csv)
                #expect(cells.count > 30, "\(name)")
                for cell in cells {
                    #expect(
                        !(cell.first.map { "=+-@\t\r".contains($0) } ?? false) || Double(cell) != nil,
                        "\(name): \(cell)")
                }
                #expect(cells.contains("'" + Self.formula), "\(name)")
                #expect(cells.contains("'=cmd|ok"), "\(name)")
            }
        }
    }

    private static func cells(_ csv: String) throws -> [String] {
        var cells: [String] = []
        let bytes = Array(csv.utf8.drop { $0 == 0xEF || $0 == 0xBB || $0 == 0xBF })
        try RFC4180Reader(utf8: bytes).forEachRecord { cells += $0.fields }
        return cells
    }

    /// A cell with a line break (CRLF included, which Swift sees as one character), a quote or a comma is
    /// quoted, and reads back as itself.
    @Test func cellsWithLineBreaksAndQuotesReadBackWhole() throws {
        let texts = ["a\r\nb", "a\nb", "a\rb", "say \"hi\"", "1,5", "plain", "\r\n"]
        let csv = CSVField.row(texts) + CSVField.row(["next"])
        var records: [[String]] = []
        try RFC4180Reader(utf8: Array(csv.utf8)).forEachRecord { records.append($0.fields.map(CSVField.restored)) }
        #expect(records == [texts, ["next"]])
    }

    @Test func neutralisingIsUndoneExactly() async {
        let alphabet = Array("=+-@'\t\r a1.,\"ё|")
        await propertyCheck(count: 500, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = SeededRandom(seed: UInt64(seed))
            let text = String((0..<Int(random.next() % 6)).map { _ in random.pick(alphabet) })
            #expect(CSVField.restored(CSVField.neutralised(text)) == text, "\(text.debugDescription)")
            let written = CSVField.neutralised(text)
            #expect(
                !(written.first.map { "=+-@\t\r".contains($0) } ?? false)
                    || Double(written.replacingOccurrences(of: ",", with: ".")) != nil,
                "\(written.debugDescription)")
        }
    }

    /// Exports write cells straight into bytes, most of them as they are (`CSVField.isWrittenAsItIs`): each
    /// comes out as `CSVField.cell` writes it, whatever it starts with or holds.
    @Test func cellsWrittenIntoBytesAreTheCellsCSVFieldWrites() async {
        let alphabet = Array("=+-@'\t\r\n a1.,\"ё|\r\nж😀")
        await propertyCheck(count: 1_000, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = SeededRandom(seed: UInt64(seed))
            let text = String((0..<Int(random.next() % 7)).map { _ in random.pick(alphabet) })
            var out = OutputBytes()
            out.csv(text)
            #expect(String(decoding: out.bytes, as: UTF8.self) == CSVField.cell(text), "\(text.debugDescription)")
        }
    }

    // MARK: HTML

    /// `HTML.escape` reads bytes; the rule it keeps, written over Unicode scalars: random text of markup,
    /// controls (C0 and C1), bidi embeddings and isolates opened and closed in any order, Cyrillic, emoji.
    @Test func escapingByBytesKeepsTheRuleOfScalars() async {
        func reference(_ text: String) -> String {
            var out = ""
            var embeddings = 0
            var isolates = 0
            for scalar in text.unicodeScalars {
                switch scalar {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&quot;"
                case "'": out += "&#39;"
                case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
                case "\u{00}"..."\u{1F}", "\u{7F}"..."\u{9F}": continue
                case "\u{202C}", "\u{2069}":
                    if scalar == "\u{202C}" ? embeddings > 0 : isolates > 0 {
                        if scalar == "\u{202C}" { embeddings -= 1 } else { isolates -= 1 }
                        out.unicodeScalars.append(scalar)
                    }
                case "\u{202A}"..."\u{202E}":
                    embeddings += 1
                    out.unicodeScalars.append(scalar)
                case "\u{2066}"..."\u{2068}":
                    isolates += 1
                    out.unicodeScalars.append(scalar)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + String(repeating: "\u{202C}", count: embeddings) + String(repeating: "\u{2069}", count: isolates)
        }
        let alphabet: [String] = [
            "a", "ж", "😀", "&", "<", ">", "\"", "'", "\t", "\n", "\r", "\r\n", "\u{0}", "\u{1b}", "\u{7f}", "\u{80}", "\u{85}",
            "\u{9f}", "\u{a0}", "\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}", "\u{2066}", "\u{2067}", "\u{2068}",
            "\u{2069}", "\u{2028}", "\u{2013}", "\u{20AC}", "/", "=", "?",
        ]
        await propertyCheck(count: 2_000, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = SeededRandom(seed: UInt64(seed))
            let text = (0..<Int(random.next() % 10)).map { _ in random.pick(alphabet) }.joined()
            #expect(HTML.escaped(text) == reference(text), "\(text.debugDescription)")
        }
    }

    @Test func escapingDropsControlCharactersAndClosesBidiOverrides() {
        #expect(HTML.escaped("a\u{0}b\u{7}c\u{1B}d\te\nf") == "abcd\te\nf")
        #expect(HTML.escaped("\u{202E}gnp.exe") == "\u{202E}gnp.exe\u{202C}")
        #expect(HTML.escaped("\u{2067}x\u{2069}\u{2069}\u{202C}") == "\u{2067}x\u{2069}", "unmatched closers are dropped")
        #expect(HTML.escaped("Мастер — <b>") == "Мастер — &lt;b&gt;")
    }

    // MARK: Employees and branches

    @Test func theAPIRefusesAnEmployeeOfAnotherBranch() async throws {
        let app = try await WebTestApp.make()
        let ingest = try await app.services.tokens.create(name: "ingest", scopes: [.ingest]).secret
        try await app.test { client in
            // Employee 2 works at branch 4, not 3.
            let wrong = try await client.call(
                .post, "/api/v1/surveys/1/responses", token: ingest,
                json: ["answers": ["nps": 9], "location_id": 3, "employee_id": 2])
            #expect(wrong.0 == .unprocessableContent)
            #expect(String(decoding: wrong.2, as: UTF8.self).contains("\"field\":\"employee_id\""))
            // Their own branch, and the city above it, are fine.
            for location in [4, 2] {
                let right = try await client.call(
                    .post, "/api/v1/surveys/1/responses", token: ingest,
                    json: ["answers": ["nps": 9], "location_id": location, "employee_id": 2])
                #expect(right.0 == .created, "location \(location)")
            }
        }
    }

    @Test func aManagerCannotCreditAnotherBranchsEmployeeOnACall() async throws {
        let app = try await WebTestApp.make()
        try await app.test { client in
            let session = try #require(app.sessions[.manager])
            let call = try await client.page(.get, "/app/calls/1", session: session)
            #expect(!call.body.contains("Максим Гусев"), "the other branch's employee is not offered")
            let key = try #require(inputValue(call.body, name: "k"))
            let posted = try await client.page(
                .post, "/app/calls/1", session: session,
                form: [
                    ("_csrf", session.csrf), ("k", key), ("location", "3"), ("employee", "2"), ("nps", "2"),
                ])
            #expect(posted.status == .unprocessableContent)
            #expect(posted.body.contains("id=\"employee-error\""))
        }
        let stored = try await app.services.store.responses(ResponseFilter(), after: nil, limit: 10)
        #expect(stored.isEmpty)
    }

    /// A manager prints links for their own branch only: another branch, or its employee, asked for in the
    /// query is left out of the link, the QR code and the card.
    @Test func aManagerPrintsLinksOnlyForTheirOwnBranch() async throws {
        let app = try await WebTestApp.make()
        try await app.test { client in
            let session = try #require(app.sessions[.manager])
            for path in ["/app/surveys/1/links", "/app/surveys/1/card"] {
                let other = try await client.page(.get, path + "?l=4&e=2", session: session)
                #expect(other.status == .ok)
                #expect(!other.body.contains("l=4") && !other.body.contains("e=2"), "\(path)")
                let own = try await client.page(.get, path + "?l=3&e=1", session: session)
                #expect(own.body.contains("l=3") && own.body.contains("e=1"), "\(path)")
            }
            let owner = try await client.page(.get, "/app/surveys/1/links?l=4&e=2", session: app.sessions[.owner])
            #expect(owner.body.contains("l=4") && owner.body.contains("e=2"))
        }
    }

    /// A printed QR code must keep taking answers: an employee who moved branches is left out, not the
    /// customer's answer; a table name becomes a valid tag whatever was printed.
    @Test func aSurveyLinkNeverMakesTheCustomersAnswerInvalid() async throws {
        let app = try await WebTestApp.make()
        let snapshot = app.services.catalog.snapshot
        let link = SurveyLinkContext(
            locationId: Identifier(3), employeeId: Identifier(2),
            table: "Окно|2 " + String(repeating: "очень длинное имя ", count: 10))
        let submission = SurveyForm.submission(
            answers: ["nps": .score(9)], comment: "", context: link,
            key: "k1", snapshot: snapshot)
        #expect(submission.employeeId == nil)
        #expect(submission.locationId == Identifier(3))
        let tag = try #require(submission.tags?.first)
        #expect(tag.hasPrefix("table:Окно/2") && tag.utf8.count <= 64)
        guard case .success = snapshot.prepare(submission, pathSurvey: Identifier(1), now: Date()) else {
            Issue.record("the link's answer was refused")
            return
        }
    }

    @Test func staffMenusOfferOnlyTheirOwnBranch() async throws {
        let app = try await WebTestApp.make()
        try await app.test { client in
            let dashboard = try await client.page(.get, "/app", session: app.sessions[.staff])
            #expect(dashboard.status == .ok)
            #expect(dashboard.body.contains("Тверская"))
            #expect(!dashboard.body.contains("Бауманская"))
        }
    }
}
