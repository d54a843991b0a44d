import Foundation
import Hummingbird
import HummingbirdTesting
import OtklikCore
import OtklikStore
import Testing

@testable import OtklikServer

/// A survey's results page: each question's distribution over the respondents it was asked of, choices
/// with intervals, text answers searchable, within the viewer's scope.
struct SurveyResultsTests {
    @Test func everyQuestionIsSummarisedOverThoseAskedIt() async throws {
        let app = try await WebTestApp.make()
        _ = try await app.services.store.save(SurveyLogicTests.survey)
        try await app.services.live.referenceDataChanged()
        let answers: [([String: AnswerValue], Int64)] = [
            (["nps": .score(2), "fix": .text("Сроки сорвали")], 3), (["nps": .score(5), "fix": .text("Грубый приёмщик")], 4),
            (["nps": .score(10), "why": .text("speed"), "csat": .score(5)], 3), (["nps": .score(9), "why": .text("price")], 3),
            (["nps": .score(8)], 3),
        ]
        let submissions = answers.enumerated().map { index, item in
            ResponseSubmission(answers: item.0, locationId: Identifier(item.1), idempotencyKey: "r\(index)")
        }
        _ = try await app.services.ingest.ingest(submissions, survey: Identifier(1)).get()
        let results = SurveyResults.summarise(
            SurveyLogicTests.survey,
            responses: try await app.services.store.responses(ResponseFilter(), after: nil, limit: 10),
            textSearch: nil, truncated: false)
        let byID = Dictionary(uniqueKeysWithValues: results.questions.map { ($0.question.id, $0) })
        #expect(byID["nps"]?.asked == 5 && byID["nps"]?.answered == 5)
        #expect(byID["fix"]?.asked == 2 && byID["fix"]?.answered == 2, "asked only of the two detractors")
        #expect(byID["why"]?.asked == 2 && byID["csat"]?.asked == 1)
        guard case .choices(let options) = byID["why"]?.detail else {
            Issue.record("choices")
            return
        }
        #expect(options.map(\.count) == [1, 1] && options.allSatisfy { $0.share == 50 && $0.interval != nil })
        try await app.test { client in
            let owner = try await client.page(.get, "/app/surveys/1/results", session: app.sessions[.owner])
            #expect(owner.status == .ok && owner.body.contains("Сроки сорвали") && owner.body.contains("Грубый приёмщик"))
            #expect(owner.body.contains("Ответили 2 из 2"))
            let searched = try await client.page(
                .get, "/app/surveys/1/results?text=%D0%B3%D1%80%D1%83%D0%B1", session: app.sessions[.owner])
            #expect(searched.body.contains("Грубый приёмщик") && !searched.body.contains("Сроки сорвали"))
            // The manager of Тверская (3) does not see Бауманская's (4) answer.
            let manager = try await client.page(.get, "/app/surveys/1/results", session: app.sessions[.manager])
            #expect(manager.status == .ok && manager.body.contains("Сроки сорвали") && !manager.body.contains("Грубый приёмщик"))
        }
    }

    /// Forms left half-way are kept as partial answers: counted in the drop-off per question, never as
    /// responses or in a metric.
    @Test func theDropOffCountsWhereUnfinishedFormsStopped() async throws {
        let app = try await WebTestApp.make()
        _ = try await app.services.store.save(SurveyLogicTests.survey)
        try await app.services.live.referenceDataChanged()
        try await app.test { client in
            func start() async throws -> String {
                try #require(inputValue(try await client.page(.get, "/s/after-repair").body, name: "k"))
            }
            let left = try await start()
            _ = try await client.page(.post, "/s/after-repair", form: [("k", left), ("step", "0"), ("go", "next"), ("q_nps", "3")])
            let done = try await start()
            let submitted = try await client.page(
                .post, "/s/after-repair", form: [("k", done), ("step", "0"), ("go", "next"), ("q_nps", "8")])
            #expect(submitted.status != .ok, "a passive's form is complete after the first screen")
            let later = try await start()
            _ = try await client.page(.post, "/s/after-repair", form: [("k", later), ("step", "0"), ("go", "next"), ("q_nps", "10")])
            let third = try await client.page(
                .post, "/s/after-repair", form: [("k", later), ("step", "2"), ("go", "next"), ("q_nps", "10"), ("q_why", "speed")])
            #expect(third.body.contains("Скорость устроила?"))
            let page = try await client.page(.get, "/app/surveys/1/results", session: app.sessions[.owner])
            #expect(page.body.contains("Где бросают опрос"))
        }
        let dropOff = try await app.services.store.dropOff(survey: Identifier(1))
        #expect(dropOff == SurveyDropOff(started: 3, completed: 1, leftAfter: ["nps": 1, "why": 1]))
        #expect(try await app.services.store.responses(ResponseFilter(), after: nil, limit: 10).count == 1, "partials are not responses")
    }
}
