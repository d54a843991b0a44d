import Foundation
import Testing

@testable import OtklikCore

/// The rules that live in Core: the metric table, the data scope, the follow-up rule.
@Suite("Rules")
struct RulesTests {
    @Test(arguments: MetricKind.allCases)
    func theMetricTableIsConsistent(metric: MetricKind) {
        let definition = metric.definition
        #expect(definition.question.metric == metric, "the question kind feeds the metric back")
        for band in definition.bands {
            #expect(metric.scoreRange.contains(band.range.lowerBound) && metric.scoreRange.contains(band.range.upperBound))
            #expect(ScoreBand(code: ScoreBand(metric, band.range).code) == ScoreBand(metric, band.range), "a band's code reads back")
        }
        #expect(metric.scoreRange.contains(definition.followUpCeiling))
        #expect(Question(id: "q", kind: definition.question, text: LocalizedText(ru: "?")).scoreRange != nil)
    }

    @Test func referenceDataRules() {
        let locations: [Location.ID: Location] = [
            Identifier(1): Location(id: Identifier(1), name: "Сеть", kind: .company),
            Identifier(2): Location(id: Identifier(2), name: "Москва", kind: .city, parentId: Identifier(1)),
            Identifier(3): Location(id: Identifier(3), name: "Тверская", kind: .branch, parentId: Identifier(2)),
        ]
        let rules = ReferenceDataRules(locations: locations, employees: [Identifier(1)], channels: [Identifier(1)], segments: [])
        func codes<E>(_ entity: E) -> [String] {
            var entity = entity
            return rules.check(&entity).map { "\($0.field):\($0.code)" }
        }
        #expect(codes(Location(id: Identifier(2), name: "Москва", kind: .city, parentId: Identifier(3))) == ["parent_id:cycle"])
        #expect(codes(Location(id: Identifier(2), name: "Москва", kind: .city, parentId: Identifier(2))) == ["parent_id:cycle"])
        #expect(codes(Location(id: Identifier(3), name: "Тверская", kind: .branch, parentId: Identifier(1))).isEmpty, "moving up is fine")
        #expect(
            codes(Location(id: Identifier(0), name: "Новая", kind: .branch, parentId: Identifier(9))) == ["parent_id:unknown_reference"])
        #expect(codes(Employee(id: Identifier(0), name: "Ира", locationId: Identifier(8))) == ["location_id:unknown_reference"])
        #expect(
            codes(Touchpoint(id: Identifier(0), name: "Касса", channelId: Identifier(2), stage: .purchase, ownerId: Identifier(1)))
                == ["channel_id:unknown_reference"])
        #expect(codes(Customer(id: Identifier(0), segmentId: Identifier(4))) == ["segment_id:unknown_reference"])
        #expect(codes(Organisation(name: "Сеть", timeZone: "Mars/Olympus")) == ["time_zone:invalid_time_zone"])
        #expect(codes(Organisation(name: "  ", timeZone: "Europe/Moscow")).map { $0.hasPrefix("name:") } == [true])
        var trimmed = Segment(id: Identifier(0), name: "  VIP  ")
        #expect(rules.check(&trimmed).isEmpty && trimmed.name == "VIP", "names are tidied as they are checked")
    }

    @Test func columnsAreTheKindsInOrder() {
        #expect(MetricKind.allCases.map(\.column) == Array(0..<MetricKind.allCases.count))
    }

    @Test func scoreBandsWithOneEndRunToTheEndOfTheScale() {
        #expect(ScoreBand(.nps, low: nil, high: 6) == ScoreBand(.nps, 0...6))
        #expect(ScoreBand(.ces, low: 5, high: nil) == ScoreBand(.ces, 5...7))
        #expect(ScoreBand(.nps, low: 9, high: 12) == ScoreBand(.nps, 9...10))
        #expect(ScoreBand(.nps, low: 8, high: 3) == nil)
        #expect(ScoreBand(code: "nps:9-12") == nil && ScoreBand(code: "speed:1-2") == nil && ScoreBand(code: "nps") == nil)
    }

    /// The parameter is cut at its first ".." on the bytes; this reads it the plain way — split there, each end
    /// a whole number on the scale or empty — and both must agree on random texts of digits, dots and signs.
    @Test func scoreBandParametersReadAsTheirPartsSay() {
        func reference(_ metric: MetricKind, _ text: String) -> ScoreBand? {
            let ends = text.split(separator: "..", maxSplits: 1, omittingEmptySubsequences: false)
            func end(_ part: Substring) -> Int?? {
                if part.isEmpty { return .some(nil) }
                guard let value = Int(part), metric.scoreRange.contains(value) else { return nil }
                return .some(value)
            }
            guard case .some(let low) = end(ends[0]), case .some(let high) = end(ends.count == 2 ? ends[1] : ends[0]) else { return nil }
            if ends.count == 1 && low == nil { return nil }
            return ScoreBand(metric, low: low, high: high)
        }
        var random = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789.....-+ a")
        for _ in 0..<5_000 {
            let text = String((0..<Int.random(in: 0...7, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
            for metric in MetricKind.allCases {
                #expect(ScoreBand(metric, parameter: text) == reference(metric, text), "\(metric.rawValue)=\(text)")
            }
        }
        #expect(ScoreBand(.nps, parameter: "0..6") == ScoreBand(.nps, 0...6) && ScoreBand(.nps, parameter: "9") == ScoreBand(.nps, 9...9))
        #expect(
            ScoreBand(.csat, parameter: "4..") == ScoreBand(.csat, 4...10) && ScoreBand(.ces, parameter: "..3") == ScoreBand(.ces, 1...3))
    }

    @Test func followUpIsAskedForByTheBottomOfEveryScale() {
        let survey = Survey(
            id: Identifier(1), title: LocalizedText(ru: "О"), status: .live,
            questions: [
                Question(id: "nps", kind: .nps, text: LocalizedText(ru: "?")),
                Question(id: "csat3", kind: .csat, text: LocalizedText(ru: "?"), csatScale: CSATScale(points: 3, convention: .mean)),
                Question(id: "csat5", kind: .csat, text: LocalizedText(ru: "?")),
                Question(id: "ces", kind: .ces, text: LocalizedText(ru: "?")),
                Question(id: "ladder", kind: .ladder, text: LocalizedText(ru: "?")),
                Question(id: "stars", kind: .stars, text: LocalizedText(ru: "?")),
            ], code: "s")
        func asks(_ question: String, _ score: Int) -> Bool {
            let response = Response(id: Identifier(1), surveyId: Identifier(1), submittedAt: Date(), answers: [question: .score(score)])
            return FollowUpRule.asksForFollowUp(response, survey: survey)
        }
        let expected: [(String, Int, Bool)] = [
            ("nps", 6, true), ("nps", 7, false), ("csat3", 1, true), ("csat3", 2, false), ("csat5", 2, true), ("csat5", 3, false),
            ("ces", 3, true), ("ces", 4, false), ("ladder", 0, true), ("ladder", 1, false), ("stars", 2, true), ("stars", 3, false),
        ]
        for (question, score, follow) in expected {
            #expect(asks(question, score) == follow, "\(question) \(score)")
        }
    }

    /// A random tree of locations; `admits` and `restrict` agree with walking up the tree by hand.
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func scopesAgreeWithTheTree(seed: UInt64) {
        var generator = SplitMix(seed: seed)
        var parent: [Int64: Int64] = [:]
        for id in Int64(2)...30 { parent[id] = Int64.random(in: 1..<id, using: &generator) }
        func isWithin(_ location: Int64, _ ancestor: Int64) -> Bool {
            var current: Int64? = location
            while let id = current {
                if id == ancestor { return true }
                current = parent[id]
            }
            return false
        }
        func subtree(_ id: Location.ID) -> Set<Int64> { Set((1...30).filter { isWithin($0, id.rawValue) }) }
        let managed: Set<Location.ID> = [
            Identifier(Int64.random(in: 1...30, using: &generator)), Identifier(Int64.random(in: 1...30, using: &generator)),
        ]
        let scope = DataScope.locations(managed)
        for location in Int64(1)...30 {
            let inside = managed.contains { isWithin(location, $0.rawValue) }
            #expect(scope.admits(location: Identifier(location), employee: nil, subtree: subtree) == inside)
            var filters: [ContextDimension: Set<Int64>] = [.location: [location]]
            scope.restrict(&filters, subtree: subtree)
            #expect(filters[.location] == (inside ? [location] : []), "asking for \(location) narrows to what is admitted")
        }
        var unfiltered: [ContextDimension: Set<Int64>] = [:]
        scope.restrict(&unfiltered, subtree: subtree)
        #expect(unfiltered[.location] == Set((1...30).filter { location in managed.contains { isWithin(location, $0.rawValue) } }))
        #expect(!scope.admits(location: nil, employee: nil, subtree: subtree), "an answer with no place is outside a manager's scope")
        #expect(DataScope.employee(Identifier(3)).admits(location: Identifier(1), employee: Identifier(3), subtree: subtree))
        #expect(!DataScope.employee(Identifier(3)).admits(location: Identifier(1), employee: Identifier(4), subtree: subtree))
        var nothing: [ContextDimension: Set<Int64>] = [:]
        DataScope.nothing.restrict(&nothing, subtree: subtree)
        #expect(nothing[.survey] == [], "no scope admits no survey at all")
    }
}

/// A small seeded generator for the tests (SplitMix64).
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
