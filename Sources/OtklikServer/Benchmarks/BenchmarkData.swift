import Foundation
import OtklikAnalytics
import OtklikCore
import OtklikStore

/// Synthetic data for the benchmarks (scripts/bench, BENCHMARKS.md): the demo's chain grown to a size, a
/// database of the reference shape (20 surveys, 200 touchpoints), an index filled without a database.
/// Deterministic: the same seed gives the same data.
public enum BenchmarkData {
    /// Fills an empty database with the demo's reference data and synthetic answers up to `rows` in all,
    /// over the demo's 26 weeks ending on `endDay`. Returns the responses stored (0 when it was not empty).
    public static func fillPagesData(_ store: any Store, rows: Int, endDay: Int) async throws -> Int {
        let loaded = try await DemoLoader.loadIfEmpty(store, endingOn: endDay)
        guard loaded > 0 else { return 0 }
        let touchpoints = try await store.all(Touchpoint.self)
        let extra = max(0, rows - loaded)
        let comments = ["Быстро и вежливо", "Долго ждал выдачи", "Мастер всё объяснил", "Дорого, но качественно", "Не перезвонили"]
        let (inserted, _) = try await store.insertAll { emit in
            var random = SeededRandom(seed: 11)
            let end = CivilDay.dayNumber(year: 1970, month: 1, day: 1) + endDay + 1
            let start = end - 26 * 7
            for chunkStart in stride(from: 0, to: extra, by: 50_000) {
                var chunk: [Response] = []
                for i in chunkStart..<min(chunkStart + 50_000, extra) {
                    let seconds = (start * 86_400) + Int(Double(26 * 7 * 86_400) * Double(i) / Double(max(extra, 1)))
                    let touchpoint = touchpoints[Int.random(in: 0..<touchpoints.count, using: &random)]
                    let survey = Int64.random(in: 1...3, using: &random)
                    var answers: [String: AnswerValue] = [
                        "nps": .score(min(10, Int.random(in: 0...10, using: &random) + Int.random(in: 0...2, using: &random)))
                    ]
                    if survey == 1 {
                        answers["csat"] = .score(Int.random(in: 2...5, using: &random))
                        answers["ladder"] = .score(Int.random(in: 0...2, using: &random))
                    } else if survey == 2 {
                        answers["csat"] = .score(Int.random(in: 1...3, using: &random))
                        answers["ces"] = .score(Int.random(in: 2...7, using: &random))
                    }
                    let location = touchpoint.locationId ?? Identifier(Int64.random(in: 4...7, using: &random))
                    chunk.append(
                        Response(
                            id: Identifier(0), surveyId: Identifier(survey),
                            submittedAt: Date(timeIntervalSince1970: TimeInterval(seconds)),
                            answers: answers, comment: i % 4 == 0 ? comments[i % comments.count] : nil,
                            context: ResponseContext(
                                touchpointId: touchpoint.id, locationId: location,
                                employeeId: Identifier(Int64.random(in: 1...24, using: &random))),
                            source: .import, idempotencyKey: "bench-\(i)"))
                }
                try emit(chunk)
            }
        }
        return loaded + inserted
    }

    /// Fills a database without surveys with `rows` synthetic responses of the reference shape (20 surveys,
    /// 200 touchpoints, NPS always, CSAT every other answer, a comment every third) over 2023–2024.
    /// Returns the responses stored (0 when the database already had surveys).
    public static func fillReferenceShape(_ store: any Store, rows: Int) async throws -> Int {
        guard try await store.all(Survey.self).isEmpty else { return 0 }
        let questions = [
            Question(id: "nps", kind: .nps, text: LocalizedText(ru: "NPS")),
            Question(id: "csat", kind: .csat, text: LocalizedText(ru: "CSAT")),
        ]
        for id in 1...20 {
            _ = try await store.save(
                Survey(
                    id: Identifier(Int64(id)), title: LocalizedText(ru: "Опрос \(id)"),
                    status: .live, questions: questions, code: "s\(id)"))
        }
        for id in 1...200 { _ = try await store.save(Touchpoint(id: Identifier(Int64(id)), name: "Точка \(id)", stage: .use)) }
        let (inserted, _) = try await store.insertAll { emit in
            var random = SeededRandom(seed: 7)
            let start = 1_672_531_200
            let end = 1_735_689_600
            for chunkStart in stride(from: 0, to: rows, by: 50_000) {
                var chunk: [Response] = []
                chunk.reserveCapacity(50_000)
                for i in chunkStart..<min(chunkStart + 50_000, rows) {
                    let t = start + Int(Double(end - start) * Double(i) / Double(rows))
                    var answers: [String: AnswerValue] = ["nps": .score(Int.random(in: 0...10, using: &random))]
                    if Bool.random(using: &random) { answers["csat"] = .score(Int.random(in: 1...5, using: &random)) }
                    chunk.append(
                        Response(
                            id: Identifier(0), surveyId: Identifier(Int64.random(in: 1...20, using: &random)),
                            submittedAt: Date(timeIntervalSince1970: TimeInterval(t)), answers: answers,
                            comment: i % 3 == 0 ? "Быстро и вежливо" : nil,
                            context: ResponseContext(touchpointId: Identifier(Int64.random(in: 1...200, using: &random))),
                            source: .import, idempotencyKey: "fill-\(i)"))
                }
                try emit(chunk)
            }
        }
        return inserted
    }

    /// The last moment of the synthetic index's period (the start of 2025, UTC).
    public static let syntheticEnd = 1_735_689_600

    /// An analytics index of `rows` synthetic responses of the reference shape (200 touchpoints, 2,000
    /// employees, 50 segments, 8 channels) over 2023–2024, built without a database.
    public static func syntheticIndex(rows: Int) -> AnalyticsIndex {
        let index = AnalyticsIndex()
        var random = SeededRandom(seed: 20_240_601)
        let start = 1_672_531_200
        let end = syntheticEnd
        var batch: [ResponseFacts] = []
        batch.reserveCapacity(65_536)
        for i in 0..<rows {
            let t = start + Int(Double(end - start) * Double(i) / Double(rows))
            // (Drawn in this order so that the data stays what earlier runs measured.)
            let survey = UInt16.random(in: 1...20, using: &random)
            let touchpoint = UInt16.random(in: 1...200, using: &random)
            let employee = UInt16.random(in: 1...2000, using: &random)
            let segment = UInt16.random(in: 1...50, using: &random)
            let channel = UInt16.random(in: 1...8, using: &random)
            var scores = MetricScores([.nps: Int.random(in: 0...10, using: &random)])
            if Bool.random(using: &random) { scores[.csat] = UInt8(Int.random(in: 1...5, using: &random)) }
            batch.append(
                ResponseFacts(
                    responseId: UInt32(i + 1), submittedAt: UInt32(t), day: UInt16(t / 86_400), survey: survey, location: 0,
                    touchpoint: touchpoint, employee: employee, segment: segment, channel: channel, scores: scores, hasComment: false))
            if batch.count == 65_536 {
                index.append(contentsOf: batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        index.append(contentsOf: batch)
        return index
    }
}

/// Timing for the benchmarks.
public enum Timing {
    /// The warm median of `runs` timed calls (after two untimed warm-up calls), and the last result. Never
    /// inlined: inlined into `ReferenceQueries.run`'s loop, it crashed Swift 6.3.1's optimiser (splitting the
    /// coroutine).
    @inline(never)
    public static func medianMilliseconds<T>(runs: Int, _ body: () async throws -> T) async rethrows -> (Double, T) {
        var result = try await body()
        result = try await body()
        var times: [Double] = []
        for _ in 0..<runs {
            let started = ContinuousClock.now
            result = try await body()
            times.append(seconds(ContinuousClock.now - started) * 1000)
        }
        return (times.sorted()[times.count / 2], result)
    }

    public static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
