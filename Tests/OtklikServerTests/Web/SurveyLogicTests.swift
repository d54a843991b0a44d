import Foundation
import Hummingbird
import HummingbirdTesting
import OtklikCore
import OtklikStore
import Testing

@testable import OtklikServer

/// Survey logic: «что нам исправить?» only after a low score. The condition holds on every path — the
/// public page (one question per screen, no JavaScript), the API, the builder — and a question the logic
/// hid counts in no denominator.
struct SurveyLogicTests {
    /// NPS, then a follow-up for detractors, then «why» for promoters only if they chose a reason …
    static let survey = Survey(
        id: Identifier(1), title: LocalizedText(ru: "После ремонта", en: "After the repair"), status: .live,
        questions: [
            Question(id: "nps", kind: .nps, text: LocalizedText(ru: "Порекомендуете?", en: "Recommend?"), required: true),
            Question(
                id: "fix", kind: .text, text: LocalizedText(ru: "Что нам исправить?", en: "What should we fix?"), required: true,
                showIf: DisplayCondition(question: "nps", scores: 0...6)),
            Question(
                id: "why", kind: .singleChoice, text: LocalizedText(ru: "Что понравилось?", en: "What did you like?"),
                options: [.init(id: "speed", text: LocalizedText(ru: "Скорость")), .init(id: "price", text: LocalizedText(ru: "Цена"))],
                showIf: DisplayCondition(question: "nps", scores: 9...10)),
            Question(
                id: "csat", kind: .csat, text: LocalizedText(ru: "Скорость устроила?", en: "Was the speed fine?"),
                showIf: DisplayCondition(question: "why", options: ["speed"])),
        ], code: "after-repair")

    @Test func conditionsChainAndLookOnlyBack() {
        let s = Self.survey
        func shown(_ answers: [String: AnswerValue]) -> [String] { s.shownQuestions(given: answers).map(\.id) }
        #expect(shown([:]) == ["nps"])
        #expect(shown(["nps": .score(3)]) == ["nps", "fix"])
        #expect(shown(["nps": .score(8)]) == ["nps"])
        #expect(shown(["nps": .score(10), "why": .text("speed")]) == ["nps", "why", "csat"])
        #expect(shown(["nps": .score(3), "why": .text("speed")]) == ["nps", "fix"], "a hidden answer shows nothing")
        #expect(s.definitionProblems.isEmpty)
        var backwards = s
        backwards.questions.swapAt(0, 1)
        #expect(backwards.definitionProblems.contains { $0.field == "questions/0/show_if" })
        var badBand = s
        badBand.questions[1].showIf = DisplayCondition(question: "nps", scores: 5...12)
        #expect(badBand.definitionProblems.contains { $0.field == "questions/1/show_if" })
    }

    @Test func hiddenQuestionsAreNotRequiredAndCannotBeAnswered() {
        let s = Self.survey
        #expect(s.problems(with: ["nps": .score(9)], comment: nil).isEmpty, "the detractors' required follow-up is not asked")
        #expect(s.problems(with: ["nps": .score(3)], comment: nil).map(\.field) == ["answers/fix"])
        let hidden = s.problems(with: ["nps": .score(9), "fix": .text("всё")], comment: nil)
        #expect(hidden.map(\.code) == ["hidden_by_logic"] && hidden.map(\.field) == ["answers/fix"])
    }

    private func app() async throws -> WebTestApp {
        let app = try await WebTestApp.make()
        _ = try await app.services.store.save(Self.survey)
        try await app.services.live.referenceDataChanged()
        return app
    }

    @Test func theAPIRefusesAnAnswerTheLogicHides() async throws {
        let app = try await app()
        let ingest = try await app.services.tokens.create(name: "i", scopes: [.ingest]).secret
        try await app.test { client in
            let hidden = try await client.call(
                .post, "/api/v1/surveys/1/responses", token: ingest,
                json: ["answers": ["nps": 10, "fix": "ничего"]])
            #expect(hidden.0 == .unprocessableContent)
            #expect(String(decoding: hidden.2, as: UTF8.self).contains("hidden_by_logic"))
            let asked = try await client.call(
                .post, "/api/v1/surveys/1/responses", token: ingest,
                json: ["answers": ["nps": 2, "fix": "сроки"]])
            #expect(asked.0 == .created)
        }
    }

    /// Without JavaScript: each screen posts, the server decides the next question.
    @Test func thePublicPageAsksTheFollowUpOnlyAfterALowScore() async throws {
        let app = try await app()
        try await app.test { client in
            for (score, expected) in [(3, "Что нам исправить?"), (10, "Что понравилось?"), (8, nil)] {
                let first = try await client.page(.get, "/s/after-repair")
                #expect(first.body.contains("Порекомендуете?") && !first.body.contains("Что нам исправить?"))
                let key = try #require(inputValue(first.body, name: "k"))
                let next = try await client.page(
                    .post, "/s/after-repair",
                    form: [
                        ("k", key), ("step", "0"), ("go", "next"), ("q_nps", String(score)),
                    ])
                if let expected {
                    #expect(next.status == .ok && next.body.contains(expected), "NPS \(score)")
                    #expect(!next.body.contains(expected == "Что нам исправить?" ? "Что понравилось?" : "Что нам исправить?"))
                } else {
                    #expect(next.status == .seeOther || next.status == .found, "a passive has nothing more to answer: \(next.status)")
                }
            }
        }
        let stored = try await app.services.store.responses(ResponseFilter(), after: nil, limit: 10)
        #expect(stored.count == 1 && stored[0].answers == ["nps": .score(8)])
    }

    /// Random answers that follow the logic: the CSAT asked only of promoters who chose speed is averaged
    /// over exactly them (brute force), never over everyone.
    @Test func aQuestionTheLogicHidCountsInNoDenominator() async throws {
        let app = try await app()
        var random = SystemRandomNumberGenerator()
        var expected = (n: 0, satisfied: 0)
        var submissions: [ResponseSubmission] = []
        for i in 0..<300 {
            var answers: [String: AnswerValue] = ["nps": .score(Int.random(in: 0...10, using: &random))]
            if case .score(let nps) = answers["nps"]!, nps >= 9, Bool.random(using: &random) {
                answers["why"] = .text(Bool.random(using: &random) ? "speed" : "price")
            }
            if case .score(let nps) = answers["nps"]!, nps <= 6 { answers["fix"] = .text("сроки") }
            if answers["why"] == .text("speed") {
                let csat = Int.random(in: 1...5, using: &random)
                answers["csat"] = .score(csat)
                expected.n += 1
                expected.satisfied += csat >= 4 ? 1 : 0
            }
            submissions.append(ResponseSubmission(answers: answers, idempotencyKey: "l\(i)"))
        }
        _ = try await app.services.ingest.ingest(submissions, survey: Identifier(1)).get()
        let report = try await app.services.metrics.report(["metric": "csat", "survey": "1"], scope: .everything)
        let csat = try #require(report.total["csat"])
        #expect(csat.n == expected.n)
        if expected.n > 0 { #expect(abs(csat.value! - 100 * Double(expected.satisfied) / Double(expected.n)) < 1e-9) }
    }

    @Test func theBuilderOffersConditionsInWordsAndSavesThem() async throws {
        let choices = SurveyEditorForm.conditionChoices(earlier: Array(Self.survey.questions.prefix(3)))
        #expect(choices.map(\.value).contains("nps|s:0-6") && choices.map(\.value).contains("why|o:speed"))
        #expect(choices.first { $0.value == "nps|s:0-6" }!.label(Strings(.ru)) == "0–6 (критики)")
        #expect(SurveyEditorForm.condition("nps|s:0-6") == DisplayCondition(question: "nps", scores: 0...6))
        #expect(SurveyEditorForm.condition("why|o:speed,price") == DisplayCondition(question: "why", options: ["speed", "price"]))
        #expect(SurveyEditorForm.condition("nps|s:6-0") == nil && SurveyEditorForm.condition("junk") == nil)
        let app = try await app()
        try await app.test { client in
            let editor = try await client.page(.get, "/app/surveys/1", session: app.sessions[.owner])
            #expect(editor.body.contains("<option value=\"nps|s:0-6\" selected>"))
            #expect(editor.body.contains("если ответ на «Порекомендуете?» — 0–6 (критики)"))
        }
    }
}

/// The scales the sources use that were missing: the verbal CES and the employee NPS survey.
struct MissingScalesTests {
    @Test func theVerbalCESTakesItsFourAnswersOnTheSevenPointLine() async throws {
        let question = Question(id: "ces", kind: .ces, text: LocalizedText(ru: "Сложно ли было?"), cesVerbal: true)
        #expect(Question.verbalCESScores.allSatisfy { question.problem(with: .score($0)) == nil })
        #expect(question.problem(with: .score(4))?.code == "out_of_range")
        let survey = Survey(id: Identifier(1), title: LocalizedText(ru: "После покупки"), status: .live, questions: [question], code: "buy")
        let app = try await WebTestApp.make()
        _ = try await app.services.store.save(survey)
        try await app.services.live.referenceDataChanged()
        let answers = [1, 3, 5, 7, 7, 5, 3, 7]
        let submissions = answers.enumerated().map {
            ResponseSubmission(answers: ["ces": .score($0.element)], idempotencyKey: "c\($0.offset)")
        }
        _ = try await app.services.ingest.ingest(submissions, survey: Identifier(1)).get()
        let ces = try #require(try await app.services.metrics.report(["metric": "ces", "survey": "1"], scope: .everything).total["ces"])
        #expect(ces.n == 8 && ces.value == 62.5, "the two easy answers are “easy” (5–7): 5 of 8")
        try await app.test { client in
            let page = try await client.page(.get, "/s/buy")
            for words in ["Очень трудно", "Не очень просто", "Совсем несложно", "Проще некуда"] { #expect(page.body.contains(words)) }
            #expect(page.body.contains("value=\"7\"") && !page.body.contains("value=\"6\""))
        }
    }

    @Test func anEmployeeNPSTemplateAsksDetractorsWhatToChange() throws {
        let template = try #require(SurveyTemplate.find("employee_nps"))
        let survey = template.makeSurvey(code: "staff")
        #expect(survey.definitionProblems.isEmpty)
        #expect(survey.shownQuestions(given: ["enps": .score(4)]).map(\.id).contains("change"))
        #expect(!survey.shownQuestions(given: ["enps": .score(9)]).map(\.id).contains("change"))
        #expect(SurveyTemplate.find("after_purchase")?.questions.first { $0.kind == .ces }?.cesVerbal == true)
    }
}
