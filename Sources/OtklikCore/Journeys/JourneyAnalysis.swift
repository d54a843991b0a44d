import Foundation

/// What customers said at one stage's touchpoints in a period: the measured side of the map.
public struct StageMeasure: Sendable {
    /// Answers at the stage's touchpoints (each response once).
    public var responses: Int
    public var nps: MetricSummary?
    public var csat: MetricSummary?
    public var ces: MetricSummary?
    /// Answers per linked touchpoint (0 for one with none).
    public var answersByTouchpoint: [Touchpoint.ID: Int]
    /// The most frequent words of the comments, most frequent first.
    public var words: [(word: String, count: Int)]

    public init(
        responses: Int, nps: MetricSummary? = nil, csat: MetricSummary? = nil, ces: MetricSummary? = nil,
        answersByTouchpoint: [Touchpoint.ID: Int] = [:], words: [(word: String, count: Int)] = []
    ) {
        (self.responses, self.nps, self.csat, self.ces) = (responses, nps, csat, ces)
        (self.answersByTouchpoint, self.words) = (answersByTouchpoint, words)
    }

    /// The emotion the stage's scores suggest (`emotion(nps:csat:minimumSample:)`).
    public func proposedEmotion(minimumSample: Int) -> Int? { Self.emotion(nps: nps, csat: csat, minimumSample: minimumSample) }

    /// The emotion scores suggest, −2 … +2: from NPS when there is one (≥50 delighted, ≥20 pleased,
    /// ≥−10 neutral, ≥−40 annoyed, below angry), else from CSAT's top-2-box share (≥90, ≥75, ≥60, ≥40 %).
    /// Nil below `minimumSample` answers: too few to say.
    public static func emotion(nps: MetricSummary?, csat: MetricSummary?, minimumSample: Int) -> Int? {
        if let nps, nps.n >= minimumSample, let value = nps.value {
            return Self.step(value, [50, 20, -10, -40])
        }
        if let csat, csat.n >= minimumSample, let value = csat.value {
            return Self.step(value, [90, 75, 60, 40])
        }
        return nil
    }

    private static func step(_ value: Double, _ thresholds: [Double]) -> Int {
        for (i, threshold) in thresholds.enumerated() where value >= threshold { return 2 - i }
        return -2
    }
}

/// Something the map does not know or nobody looks after: together they are the research plan.
public struct BlindSpot: Hashable, Sendable {
    public var kind: Kind
    public var stage: String
    /// The touchpoint, lane or action it is about.
    public var subject: String?

    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// The company is absent: no touchpoint linked to the stage.
        case noTouchpoint
        /// A linked touchpoint with no answer in the period.
        case silentTouchpoint
        /// A barrier written down and no action against it.
        case barrierWithoutAction
        /// An action that nobody owns.
        case actionWithoutOwner
        /// A belief (an assumption cell) where no answer in the period backs or refutes it.
        case unbackedAssumption
    }

    public init(_ kind: Kind, stage: String, subject: String? = nil) { (self.kind, self.stage, self.subject) = (kind, stage, subject) }
}

extension JourneyMap {
    /// Every blind spot, stage by stage in the map's order. `measures` is the period's data per stage id.
    public func blindSpots(_ measures: [String: StageMeasure]) -> [BlindSpot] {
        var spots: [BlindSpot] = []
        for stage in stages {
            let measure = measures[stage.id]
            if stage.touchpointIds.isEmpty {
                spots.append(BlindSpot(.noTouchpoint, stage: stage.id))
            }
            for touchpoint in stage.touchpointIds where (measure?.answersByTouchpoint[touchpoint] ?? 0) == 0 {
                spots.append(BlindSpot(.silentTouchpoint, stage: stage.id, subject: String(touchpoint.rawValue)))
            }
            let barriers = lanes.filter { $0.kind == .barriers }.compactMap { stage.cells[$0.id] }
            if barriers.contains(where: { !$0.text.isEmpty }) && stage.actions.isEmpty {
                spots.append(BlindSpot(.barrierWithoutAction, stage: stage.id))
            }
            for action in stage.actions where action.ownerId == nil {
                spots.append(BlindSpot(.actionWithoutOwner, stage: stage.id, subject: action.id))
            }
            if (measure?.responses ?? 0) == 0 {
                for lane in lanes {
                    if let cell = stage.cells[lane.id], cell.basis == .assumption, !cell.text.isEmpty {
                        spots.append(BlindSpot(.unbackedAssumption, stage: stage.id, subject: lane.id))
                    }
                }
            }
        }
        return spots
    }

    /// The stages where the wanted emotion is above the present one, the widest gap first (then in the map's
    /// order), with their open actions: the to-do list.
    public var gaps: [(stage: Stage, gap: Int, openActions: [CompanyAction])] {
        stages.enumerated()
            .compactMap { i, stage in stage.emotionGap.flatMap { $0 > 0 ? (i, stage, $0) : nil } }
            .sorted { ($0.2, -$0.0) > ($1.2, -$1.0) }
            .map { ($0.1, $0.2, $0.1.actions.filter { !$0.done }) }
    }

    /// A stage's measured NPS against its target, when both are known: measured − target.
    public static func npsGap(_ stage: Stage, _ measure: StageMeasure?) -> Double? {
        guard let target = stage.targetNPS, let value = measure?.nps?.value else { return nil }
        return value - Double(target)
    }
}

/// The most frequent words of comments: lower-cased letters, short and common words left out (Russian and
/// English), counted once per comment. A simple count until text analytics gives topics.
public enum CommentWords {
    public static func top(_ comments: [String], limit: Int = 5) -> [(word: String, count: Int)] {
        var counts: [String: Int] = [:]
        var words = Set<String>()
        for comment in comments {
            words.removeAll(keepingCapacity: true)
            if !plainWords(comment, into: &words) {
                words.removeAll(keepingCapacity: true)
                for word in comment.lowercased().split(whereSeparator: { !$0.isLetter }) where word.count >= 4 {
                    let word = String(word)
                    if !stopWords.contains(word) { words.insert(word) }
                }
            }
            for word in words { counts[word, default: 0] += 1 }
        }
        return counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(limit).map { ($0.key, $0.value) }
    }

    /// The words of a comment written in ASCII and the Russian alphabet only, read byte by byte: the same
    /// words `Character.isLetter` and `lowercased()` give for such text, without looking each character's
    /// properties up (that was most of the journey map page). False, with `words` partly filled, for any other
    /// text, which the general rule reads.
    static func plainWords(_ comment: String, into words: inout Set<String>) -> Bool {
        var comment = comment
        return comment.withUTF8 { bytes in
            var word: [UInt8] = []
            var letters = 0
            func endWord() {
                if letters >= 4 {
                    let text = String(decoding: word, as: UTF8.self)
                    if !stopWords.contains(text) { words.insert(text) }
                }
                word.removeAll(keepingCapacity: true)
                letters = 0
            }
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                if byte < 0x80 {
                    i += 1
                    switch byte {
                    case UInt8(ascii: "A")...UInt8(ascii: "Z"): word.append(byte + 0x20)
                    case UInt8(ascii: "a")...UInt8(ascii: "z"): word.append(byte)
                    default:
                        endWord()
                        continue
                    }
                } else if byte == 0xD0 || byte == 0xD1 {
                    // A two-byte scalar U+0400…U+047F (valid UTF-8: the next byte continues it).
                    let scalar = UInt32(byte & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
                    let lower: UInt32
                    switch scalar {
                    case 0x0410...0x042F: lower = scalar + 0x20  // А…Я
                    case 0x0430...0x044F, 0x0451: lower = scalar  // а…я, ё
                    case 0x0401: lower = 0x0451  // Ё
                    default: return false
                    }
                    word.append(0xC0 | UInt8(lower >> 6))
                    word.append(0x80 | UInt8(lower & 0x3F))
                    i += 2
                } else {
                    return false
                }
                letters += 1
            }
            endWord()
            return true
        }
    }

    static let stopWords: Set<String> = [
        "было", "быть", "были", "была", "этот", "этого", "этом", "эти", "очень", "если", "когда", "только", "всё", "все",
        "меня", "мне", "вас", "нас", "они", "она", "оно", "него", "неё", "чтобы", "потому", "тоже", "также", "есть",
        "ещё", "еще", "уже", "даже", "будет", "может", "можно", "нужно", "надо", "там", "тут", "здесь", "какой", "который",
        "которые", "свой", "свою", "своё", "так", "как", "что", "это", "того", "тому", "при", "без", "для", "про", "после",
        "with", "that", "this", "have", "were", "they", "them", "their", "there", "from", "very", "what", "when", "would",
        "could", "should", "been", "about", "your", "just", "will", "more", "than", "then", "also", "into", "only",
    ]
}
