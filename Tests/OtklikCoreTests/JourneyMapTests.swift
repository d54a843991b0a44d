import Foundation
import PropertyBased
import Testing

@testable import OtklikCore

/// The rules of a journey map: edits, blind spots, gaps, the emotion the scores suggest, comment words.
@Suite("Journey maps")
struct JourneyMapTests {
    static func map() -> JourneyMap {
        JourneyTemplate.repairCentre.map(
            id: Identifier(1), personaId: Identifier(1),
            touchpoints: [
                Touchpoint(id: Identifier(10), name: "Сайт", stage: .search),
                Touchpoint(id: Identifier(11), name: "Приёмка", stage: .purchase),
                Touchpoint(id: Identifier(12), name: "Выдача", stage: .use),
            ])
    }

    static func nps(promoters: Int, passives: Int, detractors: Int) -> MetricSummary {
        MetricSummary(
            .nps,
            counts: ScoreCounts(
                scores: Array(repeating: 10, count: promoters) + Array(repeating: 8, count: passives)
                    + Array(repeating: 3, count: detractors)))
    }

    @Test func stagesAreTheSourcesSixLinkedToTheirTouchpoints() {
        let map = Self.map()
        #expect(map.stages.map(\.id) == JourneyStage.allCases.map(\.rawValue))
        #expect(map.stages.map(\.name).first == "Осознание потребности")
        #expect(map.stage("search")?.touchpointIds == [Identifier(10)])
        #expect(map.stage("purchase")?.touchpointIds == [Identifier(11)])
        #expect(map.problems().isEmpty)
        for template in JourneyTemplate.all {
            let map = template.map(id: Identifier(1), personaId: Identifier(1), touchpoints: [])
            #expect(map.problems().isEmpty, "\(template.id)")
            #expect(map.stages.allSatisfy { $0.cells.count == 4 && $0.emotion != nil && $0.desiredEmotion != nil }, "\(template.id)")
        }
    }

    @Test func stagesAreAddedSplitMovedAndRemovedByTheirIDs() throws {
        var map = Self.map()
        map = try map.applying([
            .addStage(after: nil, name: "До всего"), .splitStage(stage: "use", newName: "Гарантия"),
            .moveStage(stage: "recommendation", toIndex: 1), .renameStage(stage: "choice", name: "Сравнение"),
        ])
        #expect(
            map.stages.map(\.name) == [
                "До всего", "Рекомендация", "Осознание потребности", "Поиск информации", "Сравнение", "Покупка", "Использование",
                "Гарантия",
            ])
        // The split-off stage keeps the touchpoints and emotions; ids stay unique.
        let split = try #require(map.stages.last)
        #expect(split.touchpointIds == [Identifier(12)] && split.emotion == map.stage("use")?.emotion)
        #expect(Set(map.stages.map(\.id)).count == map.stages.count)
        map.validations = [JourneyMap.Validation(customer: "И. П.", day: "2026-11-30", agreement: ["choice": true, "use": false])]
        map = try map.applying([.removeStage(stage: "use")])
        #expect(map.stage("use") == nil && map.validations[0].agreement == ["choice": true])
        #expect(throws: JourneyEditProblem.self) { try map.applying([.renameStage(stage: "use", name: "x")]) }
        #expect(throws: JourneyEditProblem.self) { try map.applying([.renameStage(stage: "choice", name: " ")]) }
        #expect(throws: JourneyEditProblem.self) {
            try map.applying([.addAction(stage: "choice", JourneyMap.CompanyAction(id: "", text: "Звонить", due: "31.12.2026"))])
        }
    }

    @Test func aCellEditSaysWhatItsAuthorSaw() throws {
        let map = Self.map()
        let seen = map.stage("choice")?.cells["barriers"]
        let changed = try map.applying([.setCell(stage: "choice", lane: "barriers", cell: .init("Новый"), expected: seen)])
        // The same edit again, made from the old page: refused as a conflict, naming the cell.
        do {
            _ = try changed.applying([.setCell(stage: "choice", lane: "barriers", cell: .init("Другой"), expected: seen)])
            Issue.record("an overwrite was accepted")
        } catch {
            #expect(error.isConflict && error.problem.field == "cells/choice/barriers")
        }
        // Clearing a cell removes it; an empty cell counts as what was seen when it was empty.
        let cleared = try changed.applying([.setCell(stage: "choice", lane: "barriers", cell: .init(""), expected: .init("Новый"))])
        #expect(cleared.stage("choice")?.cells["barriers"] == nil)
        #expect(throws: Never.self) {
            try cleared.applying([.setCell(stage: "choice", lane: "barriers", cell: .init("x"), expected: .init(""))])
        }
        #expect(throws: JourneyEditProblem.self) {
            try map.applying([.setCell(stage: "choice", lane: "nope", cell: .init("x"), expected: nil)])
        }
    }

    @Test func blindSpotsFormTheResearchPlan() throws {
        var map = try Self.map().applying([
            .addStage(after: "use", name: "Сервис через год"),
            .addAction(stage: "use", JourneyMap.CompanyAction(id: "", text: "Звонить при сдвиге срока")),
            .addAction(stage: "purchase", JourneyMap.CompanyAction(id: "", text: "Памятка о данных", ownerId: Identifier(3))),
        ])
        map.stages[0].cells["goals"]?.basis = .evidence
        let measures = [
            "search": StageMeasure(responses: 40, answersByTouchpoint: [Identifier(10): 40]),
            "purchase": StageMeasure(responses: 0, answersByTouchpoint: [:]),
            "use": StageMeasure(responses: 12, answersByTouchpoint: [Identifier(12): 12]),
        ]
        let spots = map.blindSpots(measures)
        func stages(_ kind: BlindSpot.Kind) -> [String] { spots.filter { $0.kind == kind }.map(\.stage) }
        #expect(stages(.noTouchpoint) == ["awareness", "choice", "stage-7", "recommendation"])
        #expect(spots.filter { $0.kind == .silentTouchpoint }.map(\.subject) == ["11"])
        // Barriers written down with no action: every template stage but purchase and use, which have one.
        #expect(stages(.barrierWithoutAction) == ["awareness", "search", "choice", "recommendation"])
        #expect(spots.filter { $0.kind == .actionWithoutOwner }.map(\.stage) == ["use"])
        // Assumptions where no answer speaks: the evidence cell is not one of them; search and use have data.
        let unbacked = spots.filter { $0.kind == .unbackedAssumption }
        #expect(Set(unbacked.map(\.stage)) == ["awareness", "choice", "purchase", "recommendation"])
        #expect(!unbacked.contains { $0.stage == "awareness" && $0.subject == "goals" })
    }

    @Test func theToDoListIsSortedByTheGap() throws {
        let map = try Self.map().applying([
            .setEmotion(stage: "choice", emotion: -2, desired: 2, expected: nil),
            .setEmotion(stage: "use", emotion: 2, desired: 1, expected: nil),
            .setEmotion(stage: "search", emotion: nil, desired: 2, expected: nil),
        ])
        let gaps = map.gaps
        #expect(gaps.map(\.stage.id) == ["choice", "awareness", "purchase", "recommendation"])
        #expect(gaps.map(\.gap) == [4, 1, 1, 1])
    }

    @Test func scoresSuggestAnEmotion() {
        func emotion(_ p: Int, _ a: Int, _ d: Int) -> Int? {
            StageMeasure(responses: p + a + d, nps: Self.nps(promoters: p, passives: a, detractors: d)).proposedEmotion(minimumSample: 10)
        }
        #expect(emotion(60, 40, 0) == 2)  // NPS 60
        #expect(emotion(50, 30, 20) == 1)  // 30
        #expect(emotion(30, 40, 30) == 0)  // 0
        #expect(emotion(20, 20, 60) == -1)  // −40
        #expect(emotion(10, 20, 70) == -2)  // −60
        #expect(emotion(5, 2, 1) == nil)  // 8 answers: too few
        let csat = MetricSummary(.csat, counts: ScoreCounts(scores: Array(repeating: 5, count: 16) + Array(repeating: 2, count: 4)))
        #expect(StageMeasure(responses: 20, csat: csat).proposedEmotion(minimumSample: 10) == 1)  // 80% top-2-box
    }

    @Test func commentWordsAreCountedOncePerComment() {
        let words = CommentWords.top(
            ["Долго ждали, очень долго!", "Мастер вежливый, но долго", "Вежливый мастер", "It was very slow, slow slow"], limit: 3)
        #expect(words.map(\.word) == ["вежливый", "долго", "мастер"])  // ties alphabetically
        #expect(words.map(\.count) == [2, 2, 2])
        #expect(CommentWords.top([]).isEmpty)
    }

    /// Comments in ASCII and the Russian alphabet are split byte by byte (`CommentWords.plainWords`); the words
    /// and counts must be those of the general rule, which reads any other comment: random comments of
    /// letters of both alphabets in both cases (Ё among them), digits, punctuation, line breaks, stop words, and
    /// now and then a character of another kind (a Cyrillic letter outside the Russian alphabet, a combining
    /// mark, an accented Latin letter, an emoji, a Cyrillic sign that is not a letter).
    @Test func commentWordsReadByteByByteAreTheGeneralRulesWords() async {
        let plain = Array("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙЯabcdexyzABCXYZ   ,.!?-0123456789\r\n")
        let other: [Character] = ["ѐ", "і", "\u{0306}", "é", "e\u{0301}", "😀", "\u{0482}", "Ђ", "ß", "İ"]
        let stopWords = Array(CommentWords.stopWords)
        func reference(_ comments: [String]) -> [String: Int] {
            var counts: [String: Int] = [:]
            for comment in comments {
                var words = Set<String>()
                for word in comment.lowercased().split(whereSeparator: { !$0.isLetter }) where word.count >= 4 {
                    if !CommentWords.stopWords.contains(String(word)) { words.insert(String(word)) }
                }
                for word in words { counts[word, default: 0] += 1 }
            }
            return counts
        }
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = SplitMix(seed: UInt64(seed))
            let comments = (0..<Int.random(in: 0...12, using: &random)).map { _ in
                let mixed = Bool.random(using: &random)
                var text = ""
                for _ in 0..<Int.random(in: 0...60, using: &random) {
                    switch Int.random(in: 0..<20, using: &random) {
                    case 0: text += " " + stopWords.randomElement(using: &random)!.uppercased() + " "
                    case 1 where mixed: text.append(other.randomElement(using: &random)!)
                    default: text.append(plain.randomElement(using: &random)!)
                    }
                }
                return text
            }
            let top = CommentWords.top(comments, limit: 10_000)
            let expected = reference(comments)
            #expect(Dictionary(uniqueKeysWithValues: top.map { ($0.word, $0.count) }) == expected, "\(comments)")
            #expect(top.map(\.count) == top.map(\.count).sorted(by: >))
        }
    }
}
