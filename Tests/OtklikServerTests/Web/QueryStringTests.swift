import Foundation
import Hummingbird
import HummingbirdTesting
import OtklikCore
import Testing

@testable import OtklikServer

/// A GET form writes a space as `+` (application/x-www-form-urlencoded); every page and API query reads it
/// back as a space, so searches with two words find what they should and a table «Окно 2» stays «Окно 2».
struct QueryStringTests {
    /// «мастер нагрубил» the way a browser's search form sends it.
    static let search = ["мастер", "нагрубил"]
        .map { $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }.joined(separator: "+")

    @Test func plusIsASpaceAndBrokenEscapesStayAsTyped() {
        let query = FormData(encoded: "q=a+b%2Bc&r=100%&s=%zz%D0%BE&t=%")
        #expect(query.raw("q") == "a b+c")
        #expect(query.raw("r") == "100%")
        #expect(query.raw("s") == "%zzо")
        #expect(query.raw("t") == "%")
    }

    @Test func pairsSplitAtTheFirstEqualsSignAndEmptyPartsAreSkipped() {
        let query = FormData(encoded: "&a=1=2&&b&=x&c=&é=ж&")
        #expect(query.pairs.map(\.0) == ["a", "b", "", "c", "é"])
        #expect(query.pairs.map(\.1) == ["1=2", "", "x", "", "ж"])
    }

    @Test func aTwoWordSearchFindsItsCommentOnPagesAndInTheAPI() async throws {
        let app = try await WebTestApp.make()
        try await app.answer(nps: 2, touchpoint: 1, location: 3, employee: 1, comment: "Мастер нагрубил на приёмке")
        try await app.answer(nps: 9, touchpoint: 1, location: 3, employee: 1, comment: "Всё отлично")
        let reader = try await app.services.tokens.create(name: "read", scopes: [.read]).secret
        try await app.test { client in
            let list = try await client.page(.get, "/app/responses?q=\(Self.search)", session: app.sessions[.owner])
            #expect(list.body.contains("Мастер нагрубил на приёмке"))
            #expect(!list.body.contains("Всё отлично"))
            #expect(list.body.contains("value=\"мастер нагрубил\""), "the search box shows what was typed")
            let api = try await client.call(.get, "/api/v1/export/responses.csv?q=\(Self.search)", token: reader)
            let csv = String(decoding: api.2, as: UTF8.self)
            #expect(csv.contains("Мастер нагрубил на приёмке"))
            #expect(!csv.contains("Всё отлично"))
        }
    }

    @Test func aTableNameKeepsItsSpaceInTheLink() async throws {
        let app = try await WebTestApp.make()
        let table = "Окно".addingPercentEncoding(withAllowedCharacters: .alphanumerics)! + "+2"
        try await app.test { client in
            let links = try await client.page(.get, "/app/surveys/1/links?table=\(table)", session: app.sessions[.owner])
            #expect(links.body.contains("value=\"Окно 2\""))
            #expect(!links.body.contains("Окно+2"))
        }
    }
}
