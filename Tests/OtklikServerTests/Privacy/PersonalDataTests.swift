import Foundation
import Hummingbird
import HummingbirdTesting
import OtklikCore
import OtklikStore
import Testing

@testable import OtklikServer

/// A customer asks for their data, then asks to be forgotten: they get everything stored about them,
/// then their name, contacts and words are gone (from responses and from search) while every metric stays
/// the same; and the audit log says who saw what.
@Suite struct PersonalDataTests {
    static let survey = Survey(
        id: Identifier(1), title: LocalizedText(ru: "Опрос"), status: .live,
        questions: [
            Question(id: "nps", kind: .nps, text: LocalizedText(ru: "NPS")),
            Question(
                id: "where", kind: .singleChoice, text: LocalizedText(ru: "Где"),
                options: [.init(id: "shop", text: LocalizedText(ru: "Магазин"))]),
            Question(id: "note", kind: .text, text: LocalizedText(ru: "Заметка")),
        ],
        code: "privacy")

    @Test func exportThenEraseKeepsMetricsAndLogsEveryAccess() async throws {
        let services = try await Services.open(ServerConfig(dataDirectory: nil))
        _ = try await services.store.save(Self.survey)
        let anna = try await services.store.save(
            Customer(
                id: Identifier(0), externalId: "crm-77", name: "Анна Петрова",
                email: "anna@example.ru", phone: "+7 999 000-11-22", consentContact: true))
        try await services.live.referenceDataChanged()
        let submissions = [
            ResponseSubmission(
                answers: ["nps": .score(2), "where": .text("shop"), "note": .text("Анна, звоните +7 999 000-11-22")],
                comment: "Мастер нагрубил Анне", customerId: anna.id, orderId: "A-77"),
            ResponseSubmission(answers: ["nps": .score(10)], comment: "Спасибо", customerId: anna.id),
            ResponseSubmission(answers: ["nps": .score(9)], comment: "Другой клиент нагрубил нам"),
        ]
        _ = try await services.ingest.ingest(submissions, survey: Self.survey.id).get()
        // Another customer asked to be contacted about the third response: the request keeps the contact until erasure.
        let unlinked = try #require(
            try await services.store.responses(ResponseFilter(), after: nil, limit: 10)
                .first { $0.context.customerId == nil })
        let request = try await services.store.requestContact(
            Customer(id: Identifier(0), name: "Анна Петрова", phone: "+7 999 000-11-22", consentContact: true),
            contact: "+7 999 000-11-22",
            consent: ConsentProof(
                purpose: .contactAboutFeedback, text: "Я согласна", version: "v1",
                locale: .ru, givenAt: Date(), surveyId: Self.survey.id,
                responseId: unlinked.id))
        let asker = try #require(request.customerId)
        _ = try await services.store.changeContactRequest(
            id: request.id, to: .contacted, by: nil, actor: "manager",
            note: "Анна просила звонить после 18:00", at: Date())
        let admin = try await services.tokens.create(name: "dpo", scopes: [.admin]).secret
        let reader = try await services.tokens.create(name: "analyst-bi", scopes: [.read]).secret

        try await buildApplication(services: services).test(.router) { client in
            func nps() async throws -> [String: Any] {
                object(try await client.call(.get, "/api/v1/metrics?metric=nps", token: reader).2)
            }
            let before = try await nps()
            #expect((before["total"] as? [String: Any])?["nps"] != nil)
            #expect(try await client.call(.get, "/api/v1/customers/\(anna.id)", token: reader).0 == .ok)

            // A read token may neither export nor erase.
            #expect(try await client.call(.get, "/api/v1/customers/\(anna.id)/personal-data", token: reader).0 == .forbidden)
            #expect(try await client.call(.post, "/api/v1/customers/\(anna.id)/erase", token: reader).0 == .forbidden)

            let export = try await client.call(.get, "/api/v1/customers/\(anna.id)/personal-data", token: admin)
            #expect(export.0 == .ok)
            let exported = object(export.2)
            #expect((exported["customer"] as? [String: Any])?["email"] as? String == "anna@example.ru")
            #expect((exported["responses"] as? [Any])?.count == 2)

            let erased = try await client.call(.post, "/api/v1/customers/\(anna.id)/erase", token: admin)
            #expect(erased.0 == .ok)
            #expect(object(erased.2)["responses_changed"] as? Int == 2)
            #expect(try await client.call(.post, "/api/v1/customers/999/erase", token: admin).0 == .notFound)

            // The scores stay: every metric is the same.
            let after = try await nps()
            #expect(
                NSDictionary(dictionary: before["total"] as? [String: Any] ?? [:])
                    == NSDictionary(dictionary: after["total"] as? [String: Any] ?? [:]))
            // Their words are gone from search and from the comment filter; the other customer's stay.
            let search = object(
                try await client.call(
                    .get, "/api/v1/responses?q=%D0%BD%D0%B0%D0%B3%D1%80%D1%83%D0%B1%D0%B8%D0%BB",
                    token: reader
                ).2)
            #expect((search["items"] as? [[String: Any]])?.count == 1)
            let commented = object(try await client.call(.get, "/api/v1/responses?has_comment=true", token: reader).2)
            #expect((commented["items"] as? [[String: Any]])?.count == 1)

            let audit = try await client.call(.get, "/api/v1/audit-log", token: admin)
            let entries = ((try? JSONSerialization.jsonObject(with: audit.2)) as? [[String: Any]]) ?? []
            let lines = entries.map { "\($0["actor"] ?? "") \($0["action"] ?? "") \($0["subject"] ?? "")" }
            #expect(lines.contains { $0.contains("(analyst-bi) viewed customer \(anna.id)") }, "\(lines)")
            #expect(lines.contains { $0.contains("(dpo) exported customer \(anna.id)") }, "\(lines)")
            #expect(lines.contains { $0.contains("(dpo) erased customer \(anna.id)") }, "\(lines)")
            #expect(try await client.call(.get, "/api/v1/audit-log", token: reader).0 == .forbidden)
        }

        let customer = try #require(try await services.store.find(Customer.self, id: anna.id.rawValue))
        #expect(customer.name == nil && customer.email == nil && customer.phone == nil && customer.externalId == nil)
        #expect(!customer.consentContact)
        for response in try await services.store.responses(customer: anna.id) {
            #expect(response.comment == nil && response.context.orderId == nil)
            #expect(response.answers["note"] == nil)
            #expect(response.answers["nps"] != nil)
        }
        #expect(try await services.store.responses(customer: anna.id).first?.answers["where"] == .text("shop"))

        // Erasing the customer who asked to be contacted takes the contact from the request and the notes
        // from its history; the request, its statuses and the proof of consent (no personal data) stay.
        let erasure = try await PersonalData(services: services).erase(asker, actor: "test")
        #expect(erasure != nil)
        let erased = try #require(try await services.store.contactRequest(id: request.id))
        #expect(erased.name == nil && erased.contact == nil && erased.erasedAt != nil)
        #expect(erased.history.allSatisfy { $0.note == nil })
        #expect(erased.status == .contacted && erased.history.map(\.to) == [.new, .contacted])
        #expect(erased.consent.text == "Я согласна" && erased.consent.version == "v1" && erased.consent.responseId == unlinked.id)
    }
}
