import Foundation
import OtklikCore
import Testing

@testable import OtklikServer

/// What a reader sees for one answer and for the settings that shape it: the scale is part of a score,
/// the ladder and stars are words and symbols (no «LADDER 0» or «STARS» in a Russian page), the time zone
/// is chosen from a list.
struct ReadableAnswersTests {
    let ru = Strings(.ru), en = Strings(.en)

    @Test func aScoreCarriesItsScale() {
        let five = Question(id: "c5", kind: .csat, text: LocalizedText(ru: "?", en: "?"))
        let three = Question(
            id: "c3", kind: .csat, text: LocalizedText(ru: "?", en: "?"),
            csatScale: CSATScale(points: 3, convention: .topTwoBox))
        #expect(MetricFormat.answer(five, score: 3, ru) == "CSAT 3/5")
        #expect(MetricFormat.answer(three, score: 3, ru) == "CSAT 3/3")
        #expect(MetricFormat.answer(Question(id: "e", kind: .ces, text: LocalizedText(ru: "?", en: "?")), score: 6, en) == "CES 6/7")
        #expect(MetricFormat.answer(Question(id: "n", kind: .nps, text: LocalizedText(ru: "?", en: "?")), score: 9, ru) == "NPS 9")
    }

    @Test func theLadderAndStarsAreWordsAndSymbols() {
        let ladder = Question(id: "l", kind: .ladder, text: LocalizedText(ru: "?", en: "?"))
        #expect([0, 1, 2].map { MetricFormat.answer(ladder, score: $0, ru) } == ["Разочарование", "Как ожидали", "«Ах!»"])
        #expect(MetricFormat.answer(ladder, score: 2, en) == "“Wow”")
        let stars = Question(id: "s", kind: .stars, text: LocalizedText(ru: "?", en: "?"))
        #expect(MetricFormat.answer(stars, score: 4, ru) == "★★★★☆")
        #expect(MetricFormat.name(.stars, ru) == "Звёзды" && MetricFormat.name(.ladder, ru) == "Лестница ожиданий")
    }

    @Test func theTimeZoneIsChosenFromAListThatKeepsTheCurrentOne() {
        let choices = SettingsPage.timeZoneChoices(keeping: "Etc/Unknown-For-Test")
        #expect(choices.contains { $0.0 == "Europe/Moscow" && $0.1.hasPrefix("UTC+03:00 · Europe/Moscow") })
        #expect(choices.contains { $0.0 == "Etc/Unknown-For-Test" })
        let moscow = choices.firstIndex { $0.0 == "Europe/Moscow" }!
        let london = choices.firstIndex { $0.0 == "Europe/London" }!
        #expect(moscow < london, "east first")
    }
}

/// The builder shows options as text only; the ids stored answers refer to survive edits unseen.
struct BuilderOptionIdsTests {
    let existing = [
        Question.Option(id: "fast", text: LocalizedText(ru: "Скорость", en: "Speed")),
        Question.Option(id: "price", text: LocalizedText(ru: "Цена", en: "Price")),
        Question.Option(id: "o3", text: LocalizedText(ru: "Вежливость", en: "Politeness")),
    ]

    @Test func theTextShowsNoIds() {
        #expect(SurveyEditorForm.optionsText(existing) == "Скорость | Speed\nЦена | Price\nВежливость | Politeness")
    }

    @Test func reorderedRenamedAndNewLinesKeepOrGetIds() {
        let edited = SurveyEditorForm.options("Цена | Price\nСкорость\nВежливостъ | Politeness\nГарантия | Warranty", existing: existing)
        #expect(edited.map(\.id) == ["price", "fast", "o3", "o1"], "reordered keep, a typo fix keeps, a new line gets a fresh id")
        #expect(edited[2].text.ru == "Вежливостъ" && edited[3].text.en == "Warranty")
        let explicit = SurveyEditorForm.options("a: Один\na: Два\nТри")
        #expect(explicit.map(\.id) == ["a", "o1", "o2"], "an id given twice is not reused")
    }
}
