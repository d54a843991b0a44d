import Testing

@testable import OtklikCore

@Suite("Validation of answers and survey definitions")
struct ValidationTests {
    static func text(_ ru: String) -> LocalizedText { LocalizedText(ru: ru) }

    static let options = [
        Question.Option(id: "hall", text: text("Зал")), Question.Option(id: "cash", text: text("Касса")),
        Question.Option(id: "site", text: text("Сайт")),
    ]

    static func survey(status: Survey.Status = .live) -> Survey {
        Survey(
            id: Survey.ID(7), title: LocalizedText(ru: "После оплаты", en: "After payment"), status: status,
            questions: [
                Question(id: "nps", kind: .nps, text: text("Порекомендуете ли вы нас?"), required: true),
                Question(id: "csat", kind: .csat, text: text("Довольны ли вы?")),
                Question(id: "csat3", kind: .csat, text: text("Как вас обслужили?"), csatScale: .threeOptionWeighted),
                Question(id: "ces", kind: .ces, text: text("Легко ли было?")),
                Question(id: "ladder", kind: .ladder, text: text("Оправдали ли мы ожидания?")),
                Question(id: "stars", kind: .stars, text: text("Оценка")),
                Question(id: "where", kind: .singleChoice, text: text("Где?"), options: options),
                Question(id: "what", kind: .multipleChoice, text: text("Что понравилось?"), options: options),
                Question(id: "why", kind: .text, text: text("Почему?")),
            ],
            code: "pay1")
    }

    /// (field, code) pairs: what the API reports.
    static func problems(
        _ answers: [String: AnswerValue], comment: String? = nil, status: Survey.Status = .live
    )
        -> [String]
    {
        survey(status: status).problems(with: answers, comment: comment).map { "\($0.field) \($0.code)" }
    }

    @Test func aFullValidResponseHasNoProblems() {
        let answers: [String: AnswerValue] = [
            "nps": .score(10), "csat": .score(5), "csat3": .score(3), "ces": .score(7), "ladder": .score(2),
            "stars": .score(1), "where": .text("hall"), "what": .choices(["hall", "site"]), "why": .text("Быстро"),
        ]
        #expect(Self.problems(answers, comment: "Спасибо!") == [])
        #expect(Self.survey().definitionProblems == [])
    }

    @Test func skippedOptionalQuestionsAreFine() {
        #expect(Self.problems(["nps": .score(0)]) == [])
        #expect(Self.problems(["nps": .score(7)], comment: nil) == [])
        #expect(Self.problems(["nps": .score(7)], comment: "") == [])
    }

    @Test func requiredMissing() {
        #expect(Self.problems([:]) == ["answers/nps required"])
        #expect(Self.problems(["csat": .score(4)]) == ["answers/nps required"])
    }

    @Test func unknownQuestion() {
        #expect(
            Self.problems(["nps": .score(9), "zzz": .score(1), "aaa": .text("x")])
                == ["answers/aaa unknown_question", "answers/zzz unknown_question"])
    }

    @Test(arguments: [
        ("nps", 11), ("nps", -1), ("csat", 0), ("csat", 6), ("csat3", 4), ("ces", 0), ("ces", 8), ("ladder", 3),
        ("ladder", -1), ("stars", 0), ("stars", 6),
    ])
    func outOfRange(question: String, score: Int) {
        var answers: [String: AnswerValue] = ["nps": .score(8)]
        answers[question] = .score(score)
        #expect(Self.problems(answers) == ["answers/\(question) out_of_range"])
    }

    @Test(arguments: [
        ("nps", 0), ("nps", 10), ("csat", 1), ("csat", 5), ("csat3", 1), ("csat3", 3), ("ces", 1),
        ("ces", 7), ("ladder", 0), ("ladder", 2), ("stars", 1), ("stars", 5),
    ])
    func scaleEndsAreAccepted(question: String, score: Int) {
        var answers: [String: AnswerValue] = ["nps": .score(8)]
        answers[question] = .score(score)
        #expect(Self.problems(answers) == [])
    }

    @Test func wrongType() {
        #expect(Self.problems(["nps": .text("10")]) == ["answers/nps wrong_type"])
        #expect(Self.problems(["nps": .choices(["10"])]) == ["answers/nps wrong_type"])
        #expect(Self.problems(["nps": .score(9), "csat": .text("5")]) == ["answers/csat wrong_type"])
        #expect(Self.problems(["nps": .score(9), "where": .score(1)]) == ["answers/where wrong_type"])
        #expect(Self.problems(["nps": .score(9), "where": .choices(["hall"])]) == ["answers/where wrong_type"])
        #expect(Self.problems(["nps": .score(9), "what": .text("hall")]) == ["answers/what wrong_type"])
        #expect(Self.problems(["nps": .score(9), "why": .score(3)]) == ["answers/why wrong_type"])
    }

    @Test func choices() {
        #expect(Self.problems(["nps": .score(9), "where": .text("roof")]) == ["answers/where unknown_option"])
        #expect(Self.problems(["nps": .score(9), "what": .choices(["hall", "roof"])]) == ["answers/what unknown_option"])
        #expect(Self.problems(["nps": .score(9), "what": .choices(["hall", "hall"])]) == ["answers/what duplicate_option"])
        #expect(Self.problems(["nps": .score(9), "what": .choices([])]) == [])
    }

    @Test func closedAndDraftSurveysRefuseAnswers() {
        let valid: [String: AnswerValue] = ["nps": .score(9)]
        #expect(Self.problems(valid, status: .closed) == ["survey_id survey_closed"])
        #expect(Self.problems(valid, status: .draft) == ["survey_id survey_draft"])
        // Every other problem is still reported with it.
        #expect(Self.problems(["nps": .score(11)], status: .closed) == ["survey_id survey_closed", "answers/nps out_of_range"])
    }

    @Test func commentLength() {
        let limit = Survey.maxCommentBytes
        #expect(limit == 10_000)
        #expect(Self.problems(["nps": .score(9)], comment: String(repeating: "a", count: limit)) == [])
        #expect(Self.problems(["nps": .score(9)], comment: String(repeating: "a", count: limit + 1)) == ["comment too_long"])
        // Bytes, not characters: 5001 Cyrillic letters are 10 002 bytes.
        #expect(Self.problems(["nps": .score(9)], comment: String(repeating: "я", count: 5001)) == ["comment too_long"])
        #expect(Self.problems(["nps": .score(9)], comment: String(repeating: "я", count: 5000)) == [])
        #expect(
            Self.problems(["nps": .score(9), "why": .text(String(repeating: "b", count: limit + 1))])
                == ["answers/why too_long"])
    }

    @Test func everyProblemIsReportedAtOnce() {
        let found = Self.problems(
            ["nps": .text("x"), "csat": .score(0), "ghost": .score(1), "where": .text("roof")],
            comment: String(repeating: "c", count: 10_001), status: .draft)
        #expect(
            found == [
                "survey_id survey_draft", "answers/ghost unknown_question", "answers/nps wrong_type",
                "answers/csat out_of_range", "answers/where unknown_option", "comment too_long",
            ])
        let details = Self.survey(status: .draft).problems(with: ["nps": .score(11)], comment: nil)
        #expect(details.allSatisfy { !$0.message.isEmpty })
    }

    // MARK: definitions

    static func definition(_ questions: [Question], title: LocalizedText = LocalizedText(ru: "Опрос")) -> [String] {
        Survey(id: Survey.ID(1), title: title, questions: questions, code: "c").definitionProblems
            .map { "\($0.field) \($0.code)" }
    }

    @Test func duplicateQuestionIds() {
        #expect(
            Self.definition([
                Question(id: "q", kind: .nps, text: Self.text("а")),
                Question(id: "q", kind: .text, text: Self.text("б")),
            ])
                == ["questions/1/id duplicate"])
    }

    @Test func choiceWithoutOptions() {
        #expect(Self.definition([Question(id: "c", kind: .singleChoice, text: Self.text("а"))]) == ["questions/0/options required"])
        #expect(
            Self.definition([Question(id: "c", kind: .multipleChoice, text: Self.text("а"), options: [])])
                == ["questions/0/options required"])
        #expect(
            Self.definition([Question(id: "c", kind: .singleChoice, text: Self.text("а"), options: [Self.options[0]])])
                == ["questions/0/options required"])
        #expect(
            Self.definition([
                Question(
                    id: "c", kind: .singleChoice, text: Self.text("а"),
                    options: [Self.options[0], Self.options[0]])
            ])
                == ["questions/0/options duplicate"])
    }

    @Test func csatScales() {
        func csat(_ scale: CSATScale) -> [String] {
            Self.definition([Question(id: "c", kind: .csat, text: Self.text("а"), csatScale: scale)])
        }
        #expect(csat(CSATScale(points: 3, convention: .weights, weights: [2, 3])) == ["questions/0/csat_scale invalid"])
        #expect(csat(CSATScale(points: 3, convention: .weights, weights: [2, 3, 5, 7])) == ["questions/0/csat_scale invalid"])
        #expect(csat(CSATScale(points: 3, convention: .weights)) == ["questions/0/csat_scale invalid"])
        #expect(csat(CSATScale(points: 3, convention: .weights, weights: [2, .nan, 5])) == ["questions/0/csat_scale invalid"])
        #expect(csat(CSATScale(points: 11, convention: .mean)) == ["questions/0/csat_scale invalid"])
        #expect(csat(CSATScale(points: 1, convention: .mean)) == ["questions/0/csat_scale invalid"])
        #expect(csat(CSATScale(points: 2, convention: .topTwoBox)) == ["questions/0/csat_scale invalid"])
        #expect(csat(.threeOptionWeighted) == [])
        #expect(csat(.fivePointMean) == [])
        #expect(csat(CSATScale(points: 10, convention: .topTwoBox)) == [])
        // A CSAT question without a scale gets the five-point top-2-box default.
        #expect(Question(id: "c", kind: .csat, text: Self.text("а")).csatScale == .fivePointTopTwoBox)
        #expect(Question(id: "c", kind: .csat, text: Self.text("а"), csatScale: .threeOptionWeighted).scoreRange == 1...3)
    }

    @Test func otherDefinitionProblems() {
        #expect(Self.definition([]) == ["questions required"])
        #expect(
            Self.definition([Question(id: "q", kind: .nps, text: Self.text("а"))], title: LocalizedText(ru: ""))
                == ["title required"])
        #expect(Self.definition([Question(id: "q", kind: .nps, text: LocalizedText(ru: ""))]) == ["questions/0/text required"])
        #expect(Self.definition([Question(id: "q", kind: .nps, text: LocalizedText(ru: "", en: "Recommend?"))]) == [])
        for bad in ["", "вопрос", "q 1", "q.1", String(repeating: "q", count: 65)] {
            #expect(
                Self.definition([Question(id: bad, kind: .nps, text: Self.text("а"))]) == ["questions/0/id invalid"],
                "\"\(bad)\"")
        }
        for good in ["q", "Q_1", "nps-2", String(repeating: "q", count: 64)] {
            #expect(Self.definition([Question(id: good, kind: .nps, text: Self.text("а"))]) == [], "\"\(good)\"")
        }
    }

    @Test func indexedQuestionIsTheFirstOfItsKind() {
        let survey = Self.survey()
        #expect(survey.indexedQuestion(for: .csat)?.id == "csat")
        #expect(survey.indexedQuestion(for: .nps)?.id == "nps")
        #expect(survey.question("csat3")?.scoreRange == 1...3)
        #expect(survey.question("nope") == nil)
    }
}
