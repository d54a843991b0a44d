import Foundation
import OtklikCore
import Testing

@testable import OtklikServer

/// The demo must read like life: grammatical Russian (numbers agree with their nouns, words with the
/// device, sentences start with a capital), thousands of different comments, answers spread over the
/// working day at a believable volume, scores and comments that agree with each other, and a story (one
/// touchpoint falling at the demo manager's branch) that the dashboard can tell.
@Suite("Demo realism")
struct DemoRealismTests {
    static let endDay = CivilDay.parse("2026-11-30")!
    static let data = RepairChainDemo.generate(endingOn: endDay)
    static var comments: [String] { data.responses.compactMap(\.comment) }

    @Test func numbersAgreeWithTheirNouns() throws {
        let ru = Strings(.ru)
        let en = Strings(.en)
        let nouns: [(String, CountNoun, Strings)] = [
            ("день|дня|дней", .day, ru), ("час|часа|часов", .hour, ru), ("минута|минуты|минут|минуту", .minute, ru),
            ("days?", .day, en), ("hours?", .hour, en), ("minutes?", .minute, en),
        ]
        var checked = 0
        for comment in Self.comments {
            for (pattern, noun, words) in nouns {
                let regex = try Regex("(\\d+) (\(pattern))\\b")
                for match in comment.matches(of: regex) {
                    let number = Int(match.output[1].substring!)!
                    let word = String(match.output[2].substring!)
                    #expect(word == words.form(number, noun), "«\(comment)»")
                    checked += 1
                }
            }
        }
        #expect(checked > 100)
    }

    @Test func sentencesStartWithACapitalAndWordsAgreeWithTheDevice() throws {
        for comment in Self.comments {
            #expect(comment.first?.isUppercase == true || comment.hasPrefix("iP"), "«\(comment)»")
            for match in comment.matches(of: try Regex("[.!?] (\\p{Ll}\\p{L}*)")) {
                let word = String(match.output[1].substring!)
                #expect(word.dropFirst().contains { $0.isUppercase }, "a lowercase sentence start in «\(comment)»")
            }
            #expect(!comment.contains("{") && !comment.contains("}"), "an unfilled slot in «\(comment)»")
        }
        let agreement = ["видеокарта как новый", "Видеокарта как новый", "с ноутбук", "приставка снова сломался", "наушники работает"]
        #expect(!Self.comments.contains { comment in agreement.contains { comment.contains($0) } })
        #expect(DemoComments.agreeing("{g:новый/новая/новое/новые}", with: .feminine) == "новая")
        #expect(DemoComments.capitalisingSentences("готово. iPhone работает! да") == "Готово. iPhone работает! Да")
    }

    @Test func thousandsOfDifferentComments() {
        let counts = Dictionary(Self.comments.map { ($0, 1) }, uniquingKeysWith: +)
        #expect(counts.count >= 2_000, "\(counts.count) distinct of \(Self.comments.count)")
        #expect((counts.values.max() ?? 0) <= 20, "\(counts.max { $0.value < $1.value }!)")
    }

    @Test func answersArriveOverTheWorkingDayAtABelievableVolume() {
        var converter = LocalDayConverter(timeZone: TimeZone(identifier: RepairChainDemo.timeZone)!)
        var minutes: [Int: Int] = [:]
        var perBranchDay: [Int64: [Int: Int]] = [:]
        for response in Self.data.responses {
            let seconds = Int64(response.submittedAt.timeIntervalSince1970)
            let day = converter.day(ofUnixSeconds: seconds)
            let minute = Int(seconds - converter.startOfDay(day)) / 60
            minutes[minute, default: 0] += 1
            #expect((9 * 60)..<(23 * 60) ~= minute, "an answer at \(minute / 60):\(minute % 60)")
            perBranchDay[response.context.locationId!.rawValue, default: [:]][day, default: 0] += 1
        }
        let total = Self.data.responses.count
        #expect(Double(minutes.values.max()!) / Double(total) < 0.01, "no minute of the day stands out")
        for (branch, days) in perBranchDay {
            let mean = Double(days.values.reduce(0, +)) / Double(RepairChainDemo.days)
            #expect((3...15).contains(mean), "branch \(branch): \(mean) answers a day")
        }
    }

    @Test func scoresAndCommentsOfOneAnswerAgree() {
        let angry = ["Больше не приду", "Очень неприятно", "разочарован", "Won't come back"]
        let happy = ["Буду рекомендовать", "Спасибо команде", "Так держать", "Will recommend"]
        for response in Self.data.responses {
            let nps = response.answers["nps"]?.score
            let csat = response.answers["csat"]?.score
            let ladder = response.answers["ladder"]?.score
            if response.surveyId.rawValue == 1, let nps {
                if nps <= 6 { #expect((csat ?? 0) <= 3 && ladder != 2, "\(response.answers)") }
                if nps >= 9 { #expect((csat ?? 5) >= 4 && ladder != 0, "\(response.answers)") }
            }
            guard let comment = response.comment, let nps else { continue }
            if angry.contains(where: comment.contains) { #expect(nps <= 6, "«\(comment)» with NPS \(nps)") }
            if happy.contains(where: comment.contains) {
                // After a support contact the mood is the CSAT's ("excellent"), which allows a passive NPS.
                let support = response.surveyId.rawValue == 2
                #expect(support ? csat == 3 && nps >= 7 : nps >= 9, "«\(comment)» with NPS \(nps)")
            }
        }
    }

    /// The demo manager's branch is where pickup falls: the dashboard's "what changed" shows it to them.
    @Test func theDemoManagerSeesTheFallAtTheirBranch() async throws {
        let manager = try #require(DemoAccounts.accounts.first { $0.role == .manager })
        let services = try await Services.open(ServerConfig(dataDirectory: nil))
        #expect(try await DemoLoader.loadIfEmpty(services.store, endingOn: Self.endDay) > 0)
        try await services.live.referenceDataChanged()
        try await services.live.rebuildIndex()
        let user = User(
            id: Identifier(99), email: manager.email, name: manager.name, role: .manager, passwordHash: "",
            locationIds: manager.locations.map(Identifier.init))
        let model = try await DashboardModel.build(
            filter: DashboardFilter(), user: user, metrics: services.metrics, responses: services.responses,
            strings: Strings(.ru), today: Self.endDay)
        let pickup = try #require(model.changes.first { $0.dimension == .touchpoint && $0.id == RepairChainDemo.worsening })
        #expect(pickup.difference < -20)
        #expect(manager.locations == [5], "Бауманская, where pickup falls most")
    }
}
