import Foundation
import Hummingbird
import HummingbirdTesting
import OtklikCore
import OtklikStore
import Testing

@testable import OtklikServer

@Suite struct PublicSurveyTests {
    private func stored(_ app: WebTestApp) async throws -> [OtklikCore.Response] {
        try await app.services.store.responses(ResponseFilter(), after: nil, limit: 100)
    }

    @Test func answeringFromALinkStoresTheAnswersWithTheLinksContextOnce() async throws {
        let app = try await WebTestApp.make()
        try await app.test { client in
            let link = "/s/after-repair?l=3&t=1&e=1&table=12&via=qr"
            let form = try await client.page(.get, link, headers: [.acceptLanguage: "en-GB,en;q=0.9"])
            #expect(form.status == .ok && form.body.contains("lang=\"en\"") && form.body.contains("Recommend?"))
            #expect(form.body.utf8.count < 50_000, "page weight")
            #expect(setCookie(form, PageContext.csrfCookie) == nil, "the public page sets no cookie")
            let key = try #require(inputValue(form.body, name: "k"))
            let answers = [
                ("k", key), ("q_nps", "4"), ("q_csat", "2"), ("q_why", "speed"), ("q_why", "price"),
                ("comment", "Долго <b>ждал</b>"), ("website", ""),
            ]
            let sent = try await client.page(.post, link, form: answers)
            #expect(sent.status == .seeOther)
            let thanks = try #require(sent.location)
            #expect(thanks.hasPrefix("/s/after-repair/thanks?r="))
            // A double tap, a reload, a retry: the same form key never makes a second response.
            let again = try await client.page(.post, link, form: answers)
            #expect(again.location == thanks)
            let responses = try await stored(app)
            #expect(responses.count == 1)
            let response = try #require(responses.first)
            #expect(response.answers == ["nps": .score(4), "csat": .score(2), "why": .choices(["speed", "price"])])
            #expect(response.comment == "Долго <b>ждал</b>")
            #expect(
                response.context.locationId == Identifier(3) && response.context.touchpointId == Identifier(1)
                    && response.context.employeeId == Identifier(1) && response.context.tags == ["table:12"])
            #expect(response.source == .qr)
            #expect(app.services.index.count == 1, "the dashboard sees it at once")

            // A low score: the thank-you page offers a callback, with explicit consent.
            let page = try await client.page(.get, thanks)
            #expect(page.body.contains("name=\"consent\""))
            let signed = try #require(inputValue(page.body, name: "r"))
            let noConsent = try await client.page(.post, "/s/after-repair/contact", form: [("r", signed), ("contact", "+7 900 000-00-00")])
            #expect(noConsent.status == .unprocessableContent && noConsent.body.contains("consent-error"))
            let forged = try await client.page(
                .post, "/s/after-repair/contact", form: [("r", "\(response.id.rawValue).00"), ("consent", "yes"), ("contact", "x")])
            #expect(forged.status == .notFound, "a response id without our signature")
            let consented = try await client.page(
                .post, "/s/after-repair/contact",
                form: [
                    ("r", signed), ("consent", "yes"), ("contact", "+7 900 000-00-00"), ("name", "Олег"),
                ])
            #expect(consented.status == .seeOther)
            let customerId = try #require(try await app.services.store.response(id: response.id)?.context.customerId)
            let customer = try #require(try await app.services.store.find(Customer.self, id: customerId.rawValue))
            #expect(customer.consentContact && customer.phone == "+7 900 000-00-00" && customer.name == "Олег")
            #expect(try await client.page(.get, consented.location!).body.contains("Спасибо, мы свяжемся"))
        }
    }

    @Test func aHappyCustomerIsNotAskedForAContact() async throws {
        let app = try await WebTestApp.make()
        try await app.test { client in
            let key = try #require(inputValue(try await client.page(.get, "/s/after-repair").body, name: "k"))
            let sent = try await client.page(.post, "/s/after-repair", form: [("k", key), ("q_nps", "10"), ("q_ladder", "2")])
            let thanks = try await client.page(.get, try #require(sent.location))
            #expect(thanks.status == .ok && !thanks.body.contains("name=\"consent\""))
        }
    }

    @Test func badSubmissionsAreShownNextToTheQuestionAndStoreNothing() async throws {
        let app = try await WebTestApp.make()
        try await app.test { client in
            let key = try #require(inputValue(try await client.page(.get, "/s/after-repair").body, name: "k"))
            let missing = try await client.page(.post, "/s/after-repair", form: [("k", key), ("q_csat", "5"), ("comment", "без оценки")])
            #expect(missing.status == .unprocessableContent)
            #expect(missing.body.contains("q_nps-error") && missing.body.contains("Ответьте, пожалуйста"))
            #expect(missing.body.contains("без оценки"), "the comment is kept")
            let outOfRange = try await client.page(.post, "/s/after-repair", form: [("k", key), ("q_nps", "11")])
            #expect(outOfRange.status == .unprocessableContent)
            let unsigned = try await client.page(.post, "/s/after-repair", form: [("k", "made-up.key"), ("q_nps", "9")])
            #expect(unsigned.status == .badRequest)
            let bot = try await client.page(.post, "/s/after-repair", form: [("k", key), ("q_nps", "9"), ("website", "http://spam")])
            #expect(bot.status == .seeOther, "the bot is thanked")
            #expect(try await stored(app).isEmpty)
        }
    }

    @Test func onePerScreenCarriesTheAnswersToTheLastScreen() async throws {
        let app = try await WebTestApp.make(onePerScreen: true)
        try await app.test { client in
            let first = try await client.page(.get, "/s/after-repair?t=2")
            #expect(first.body.contains("Вопрос 1 из 4") && first.body.contains("q_nps-0") && !first.body.contains("q_csat-1"))
            let key = try #require(inputValue(first.body, name: "k"))
            let skipped = try await client.page(.post, "/s/after-repair?t=2", form: [("k", key), ("step", "0"), ("go", "next")])
            #expect(skipped.status == .unprocessableContent, "a required question cannot be skipped")
            let second = try await client.page(
                .post, "/s/after-repair?t=2", form: [("k", key), ("step", "0"), ("go", "next"), ("q_nps", "8")])
            #expect(second.body.contains("Вопрос 2 из 4") && second.body.contains("name=\"q_nps\" value=\"8\""))
            let back = try await client.page(
                .post, "/s/after-repair?t=2", form: [("k", key), ("step", "1"), ("go", "back"), ("q_nps", "8")])
            #expect(back.body.contains("Вопрос 1 из 4") && back.body.contains("value=\"8\" checked"))
            let last = try await client.page(
                .post, "/s/after-repair?t=2",
                form: [
                    ("k", key), ("step", "3"), ("go", "submit"), ("q_nps", "8"), ("q_ladder", "1"), ("comment", "ok"),
                ])
            #expect(last.status == .seeOther)
            let response = try #require(try await stored(app).first)
            #expect(response.answers == ["nps": .score(8), "ladder": .score(1)] && response.context.touchpointId == Identifier(2))
            #expect(response.context.locationId == Identifier(4), "the touchpoint's location when the link names none")
        }
    }

    @Test func aClosedSurveySaysSoPolitely() async throws {
        let app = try await WebTestApp.make()
        let key = app.services.formSigner.freshKey()
        var survey = WebTestApp.survey
        survey.status = .closed
        _ = try await app.services.store.save(survey)
        try await app.services.live.referenceDataChanged()
        try await app.test { client in
            let page = try await client.page(.get, "/s/after-repair")
            #expect(page.status == .gone && page.body.contains("Опрос завершён"))
            let post = try await client.page(.post, "/s/after-repair", form: [("k", key), ("q_nps", "9")])
            #expect(post.status == .gone)
        }
        #expect(try await stored(app).isEmpty)
    }

    @Test func aDraftSurveyIsNotPublic() async throws {
        let app = try await WebTestApp.make()
        var survey = WebTestApp.survey
        survey.status = .draft
        _ = try await app.services.store.save(survey)
        try await app.services.live.referenceDataChanged()
        try await app.test { client in
            let page = try await client.page(.get, "/s/after-repair")
            #expect(page.status == .notFound)
        }
    }

    @Test func submissionsArePerIPRateLimited() async throws {
        let app = try await WebTestApp.make(surveysPerMinute: 3)
        try await app.test { client in
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<5 {
                let key = app.services.formSigner.freshKey()
                statuses.append(try await client.page(.post, "/s/after-repair", form: [("k", key), ("q_nps", "9")]).status)
            }
            #expect(statuses.prefix(3).allSatisfy { $0 == .seeOther })
            #expect(statuses.suffix(2).allSatisfy { $0 == .tooManyRequests })
        }
        #expect(try await stored(app).count == 3)
    }

    @Test func theMaturityDiagnosisShowsItsLevel() async throws {
        let app = try await WebTestApp.make()
        var survey = MaturityDiagnosis.template.makeSurvey(code: "maturity")
        survey.id = Identifier(2)
        survey.status = .live
        _ = try await app.services.store.save(survey)
        try await app.services.live.referenceDataChanged()
        let questions = survey.questions
        try await app.test { client in
            var form: [(String, String)] = [("k", app.services.formSigner.freshKey()), ("step", "7"), ("go", "submit")]
            for (index, question) in questions.enumerated() {
                form.append(("q_" + question.id, index < 5 ? "regulated" : "cultural"))
            }
            let sent = try await client.page(.post, "/s/maturity", form: form)
            let result = try await client.page(.get, try #require(sent.location))
            #expect(result.body.contains("Ваш уровень клиентоориентированности: Регламентированный"))
            #expect(result.body.contains("Сделайте стандарты ценностями"))
        }
    }
}
