import Foundation

/// A questionnaire. Its questions are answered in a `Response`; any question may be skipped unless it is
/// required, and a skipped question counts in no metric's denominator.
public struct Survey: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<Survey>
    public enum Status: String, Hashable, Sendable, Codable, CaseIterable {
        /// Being written; answers are refused.
        case draft
        /// Collecting answers.
        case live
        /// Finished; answers are refused with a polite message.
        case closed
    }

    public var id: ID
    public var title: LocalizedText
    public var status: Status
    public var questions: [Question]
    /// The short public code used in survey links (`/s/{code}`).
    public var code: String
    /// One question per screen (phones) or all questions on one page.
    public var onePerScreen: Bool
    /// The template the survey was made from, if any (`SurveyTemplate.ID`); the maturity self-diagnosis
    /// shows a result page of its own.
    public var template: String?

    public init(
        id: ID, title: LocalizedText, status: Status = .draft, questions: [Question], code: String,
        onePerScreen: Bool = false, template: String? = nil
    ) {
        self.template = template
        self.id = id
        self.title = title
        self.status = status
        self.questions = questions
        self.code = code
        self.onePerScreen = onePerScreen
    }

    public func question(_ id: String) -> Question? { questions.first { $0.id == id } }

    /// The question whose answers feed a metric in the analytics index: the first question of that kind.
    /// Later questions of the same kind are stored and exported but not indexed.
    public func indexedQuestion(for metric: MetricKind) -> Question? {
        questions.first { $0.kind.metric == metric }
    }
}

/// One question of a survey.
public struct Question: Hashable, Sendable, Codable, Identifiable {
    /// Short key, unique within the survey ("nps", "q2"). Answers refer to it.
    public var id: String
    public var kind: Kind
    public var text: LocalizedText
    public var required: Bool
    /// CSAT only: the number of points and how they are scored.
    public var csatScale: CSATScale?
    /// Single and multiple choice only.
    public var options: [Option]?
    /// Asked only when an earlier answer fits (survey logic); nil: always asked.
    public var showIf: DisplayCondition?
    /// CES only: in words (four answers) instead of the 1–7 agreement scale.
    public var cesVerbal: Bool?

    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case nps, csat, ces, ladder, stars
        case singleChoice = "single_choice"
        case multipleChoice = "multiple_choice"
        case text

        /// The metric this kind of question feeds, if any.
        public var metric: MetricKind? {
            switch self {
            case .nps: return .nps
            case .csat: return .csat
            case .ces: return .ces
            case .ladder: return .ladder
            case .stars: return .stars
            case .singleChoice, .multipleChoice, .text: return nil
            }
        }
    }

    public struct Option: Hashable, Sendable, Codable {
        public var id: String
        public var text: LocalizedText
        public init(id: String, text: LocalizedText) {
            self.id = id
            self.text = text
        }
    }

    public init(
        id: String, kind: Kind, text: LocalizedText, required: Bool = false, csatScale: CSATScale? = nil,
        options: [Option]? = nil, showIf: DisplayCondition? = nil, cesVerbal: Bool? = nil
    ) {
        self.id = id
        self.kind = kind
        self.text = text
        self.required = required
        self.csatScale = kind == .csat ? (csatScale ?? .fivePointTopTwoBox) : csatScale
        self.options = options
        self.showIf = showIf
        self.cesVerbal = cesVerbal
    }

    /// The valid range of a score answer, for scored kinds.
    public var scoreRange: ClosedRange<Int>? {
        guard let metric = kind.metric else { return nil }
        return metric == .csat ? 1...(csatScale ?? .fivePointTopTwoBox).points : metric.scoreRange
    }

    /// The scores of this question that ask for a follow-up (`MetricKind.followUpRange`).
    public var followUpRange: ClosedRange<Int>? {
        kind.metric.map { $0.followUpRange(points: csatScale?.points) }
    }

    /// The verbal CES of the sources («трудно … проще некуда»): four answers stored on the 1–7 scale at 1, 3,
    /// 5 and 7, so that "% easy" (5–7) means the two easy answers and verbal and numeric CES questions add up
    /// in one metric; the mean reads on the same 1–7 line.
    public static let verbalCESScores = [1, 3, 5, 7]
}

/// How a CSAT question is scored (docs/domain.md §1.2): top-2-box share, mean score, or custom weights
/// per option such as 5 / 3 / 2 for "excellent / satisfactory / poor".
public struct CSATScale: Hashable, Sendable, Codable {
    public enum Convention: String, Hashable, Sendable, Codable, CaseIterable {
        /// Share of the two highest points (4–5 on 1–5), in percent.
        case topTwoBox = "top2box"
        /// Mean of the points.
        case mean
        /// Mean of `weights[point - 1]`.
        case weights
    }

    /// Number of points; answers are 1...points, the lowest is the worst.
    public var points: Int
    public var convention: Convention
    /// For `.weights`: one weight per point, lowest point first (poor, satisfactory, excellent → 2, 3, 5).
    public var weights: [Double]?

    public init(points: Int, convention: Convention, weights: [Double]? = nil) {
        self.points = points
        self.convention = convention
        self.weights = weights
    }

    public static let fivePointTopTwoBox = CSATScale(points: 5, convention: .topTwoBox)
    public static let fivePointMean = CSATScale(points: 5, convention: .mean)
    /// The sources' three-option scale "poor / satisfactory / excellent" scored 2 / 3 / 5.
    public static let threeOptionWeighted = CSATScale(points: 3, convention: .weights, weights: [2, 3, 5])

    /// Whether this scale is internally consistent; returns a reason when it is not.
    public var problem: String? {
        guard (2...10).contains(points) else { return "points must be between 2 and 10" }
        if convention == .weights {
            guard let weights, weights.count == points else { return "weights must have one value per point" }
            guard weights.allSatisfy(\.isFinite) else { return "weights must be finite numbers" }
        }
        if convention == .topTwoBox, points < 3 { return "top-2-box needs at least 3 points" }
        return nil
    }
}
