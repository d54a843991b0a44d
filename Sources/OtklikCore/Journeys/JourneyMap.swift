import Foundation

/// A generalised member of a segment, whom a journey map follows (docs/domain.md, "Customer journey map").
public struct Persona: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<Persona>

    public var id: ID
    public var name: String
    /// The segment the persona stands for; a map's data is not limited to it (touchpoints are shared).
    public var segmentId: Segment.ID?
    /// Who they are, in a few sentences.
    public var portrait: String
    public var needs: String
    public var behaviour: String
    /// Something they would say, in their words.
    public var quote: String

    public init(
        id: ID, name: String, segmentId: Segment.ID? = nil, portrait: String = "", needs: String = "",
        behaviour: String = "", quote: String = ""
    ) {
        (self.id, self.name, self.segmentId, self.portrait) = (id, name, segmentId, portrait)
        (self.needs, self.behaviour, self.quote) = (needs, behaviour, quote)
    }

    public func problems() -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if case .failure(let problem) = NameRule.check(name, field: "name") { problems.append(problem) }
        for (field, text) in [("portrait", portrait), ("needs", needs), ("behaviour", behaviour), ("quote", quote)] {
            if let problem = JourneyMap.tooLong(field, text, JourneyMap.maxTextLength) { problems.append(problem) }
        }
        return problems
    }
}

/// One persona's way through the company, stage by stage, with what the team believes (lanes of text, an
/// emotion as it is and as it should be) beside what customers said at each stage's touchpoints. The stages
/// are the map's own: they start as the six of the sources and are renamed, split, reordered; each names the
/// touchpoints its data comes from, so the data follows the map, not a fixed stage code.
public struct JourneyMap: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<JourneyMap>

    public var id: ID
    public var title: String
    public var personaId: Persona.ID
    public var status: Status
    /// The locations the map is about: a manager of one of them may edit it. Empty: the whole company.
    public var locationIds: [Location.ID]
    public var lanes: [Lane]
    public var stages: [Stage]
    /// Customers of the segment who reviewed the map, oldest first.
    public var validations: [Validation]
    /// Counts saved changes: every change a person saves makes the next version.
    public var version: Int
    public var updatedAt: Date

    /// Limits in characters (Unicode scalars, as JSON Schema counts them): a cell, a persona's texts; an
    /// action; a validation's note. Titles and names follow `NameRule`.
    public static let maxTextLength = 2_000
    public static let maxActionLength = 500
    public static let maxNoteLength = 1_000
    public static let maxStages = 20
    public static let maxLanes = 20
    /// The sources advise having about ten customers of the segment review a map.
    public static let advisedValidations = 10

    public enum Status: String, Hashable, Sendable, Codable, CaseIterable {
        case draft, validated
    }

    /// A row of the map: what is written for every stage.
    public struct Lane: Hashable, Sendable, Codable, Identifiable {
        /// Stable within the map ("doing", "custom-2"); cells refer to it.
        public var id: String
        public var kind: Kind
        /// The lane's heading when it is custom; the standard lanes are named in the reader's language.
        public var title: String?

        public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
            /// What the persona does.
            case doing
            case goals
            /// In the first person: "I heard that…".
            case thoughts
            /// Channels and places besides the linked touchpoints: word of mouth, media, mailings.
            case channels
            /// What stops the move to the next stage.
            case barriers
            /// What research has found or should find out.
            case research
            case custom
        }

        public init(id: String, kind: Kind, title: String? = nil) { (self.id, self.kind, self.title) = (id, kind, title) }
    }

    /// A lane's text at one stage, and whether it rests on data or is the team's belief.
    public struct Cell: Hashable, Sendable, Codable {
        public var text: String
        public var basis: Basis

        public enum Basis: String, Hashable, Sendable, Codable, CaseIterable {
            case assumption, evidence
        }

        public init(_ text: String, basis: Basis = .assumption) { (self.text, self.basis) = (text, basis) }
    }

    public struct Stage: Hashable, Sendable, Codable, Identifiable {
        /// Stable within the map ("search", "stage-7"): edits and cells refer to it, whatever its name.
        public var id: String
        public var name: String
        /// The touchpoints whose answers are this stage's data.
        public var touchpointIds: [Touchpoint.ID]
        /// The persona's emotion here as it is and as the company wants it, −2 … +2.
        public var emotion: Int?
        public var desiredEmotion: Int?
        /// The NPS the company aims at here, compared with the measured one.
        public var targetNPS: Int?
        /// Lane id → text.
        public var cells: [String: Cell]
        /// What the company does about this stage's barriers.
        public var actions: [CompanyAction]

        public init(
            id: String, name: String, touchpointIds: [Touchpoint.ID] = [], emotion: Int? = nil, desiredEmotion: Int? = nil,
            targetNPS: Int? = nil, cells: [String: Cell] = [:], actions: [CompanyAction] = []
        ) {
            (self.id, self.name, self.touchpointIds, self.emotion) = (id, name, touchpointIds, emotion)
            (self.desiredEmotion, self.targetNPS, self.cells, self.actions) = (desiredEmotion, targetNPS, cells, actions)
        }

        /// `targetNps` in JSON: snake_case readers turn "target_nps" into that, not into "targetNPS".
        private enum CodingKeys: String, CodingKey {
            case id, name, touchpointIds, emotion, desiredEmotion, cells, actions
            case targetNPS = "targetNps"
        }

        /// The gap between the wanted and the present emotion: what the to-do list is sorted by.
        public var emotionGap: Int? {
            guard let emotion, let desiredEmotion else { return nil }
            return desiredEmotion - emotion
        }
    }

    /// Something the company does to remove a barrier, with the person who owns it and a date.
    public struct CompanyAction: Hashable, Sendable, Codable, Identifiable {
        public var id: String
        public var text: String
        public var ownerId: User.ID?
        /// An ISO date ("2026-12-31").
        public var due: String?
        public var done: Bool

        public init(id: String, text: String, ownerId: User.ID? = nil, due: String? = nil, done: Bool = false) {
            (self.id, self.text, self.ownerId, self.due, self.done) = (id, text, ownerId, due, done)
        }
    }

    /// A customer of the segment who went through the map: when, which stages rang true, what they said.
    public struct Validation: Hashable, Sendable, Codable {
        /// A name or an initial, as the customer agreed to be recorded.
        public var customer: String
        /// An ISO date.
        public var day: String
        /// Stage id → whether the customer recognised it.
        public var agreement: [String: Bool]
        public var note: String

        public init(customer: String, day: String, agreement: [String: Bool] = [:], note: String = "") {
            (self.customer, self.day, self.agreement, self.note) = (customer, day, agreement, note)
        }
    }

    public init(
        id: ID, title: String, personaId: Persona.ID, status: Status = .draft, locationIds: [Location.ID] = [],
        lanes: [Lane] = JourneyMap.standardLanes, stages: [Stage] = JourneyMap.standardStages(), validations: [Validation] = [],
        version: Int = 1, updatedAt: Date = Date(timeIntervalSince1970: 0)
    ) {
        (self.id, self.title, self.personaId, self.status, self.locationIds) = (id, title, personaId, status, locationIds)
        (self.lanes, self.stages, self.validations, self.version, self.updatedAt) = (lanes, stages, validations, version, updatedAt)
    }

    /// The lanes every map starts with.
    public static let standardLanes: [Lane] = [
        Lane(id: "doing", kind: .doing), Lane(id: "goals", kind: .goals), Lane(id: "thoughts", kind: .thoughts),
        Lane(id: "channels", kind: .channels), Lane(id: "barriers", kind: .barriers), Lane(id: "research", kind: .research),
    ]

    /// The six stages of the sources (awareness of need → … → recommendation), named by `name` (in Russian
    /// unless told otherwise); each starts with the touchpoints of that stage when they are given.
    public static func standardStages(
        touchpoints: [Touchpoint] = [], name: (JourneyStage) -> String = { $0.russianName }
    ) -> [Stage] {
        JourneyStage.allCases.map { stage in
            Stage(
                id: stage.rawValue, name: name(stage),
                touchpointIds: touchpoints.filter { $0.stage == stage }.map(\.id))
        }
    }

    public func stage(_ id: String) -> Stage? { stages.first { $0.id == id } }
    public func lane(_ id: String) -> Lane? { lanes.first { $0.id == id } }

    /// Everything wrong with the map as a whole (an import, a new map): each problem names its field.
    public func problems() -> [FieldProblem] {
        var problems: [FieldProblem] = []
        func add(_ field: String, _ code: String, _ message: String) {
            problems.append(FieldProblem(field: field, code: code, message: message))
        }
        func limit(_ field: String, _ text: String, _ most: Int) {
            if let problem = Self.tooLong(field, text, most) { problems.append(problem) }
        }
        /// Titles and names follow the product's one rule for names (`NameRule`).
        func name(_ field: String, _ text: String) {
            if case .failure(let problem) = NameRule.check(text, field: field) { problems.append(problem) }
        }
        name("title", title)
        if stages.isEmpty { add("stages", "required", "a map needs at least one stage") }
        if stages.count > Self.maxStages { add("stages", "too_many", "at most \(Self.maxStages) stages") }
        if lanes.count > Self.maxLanes { add("lanes", "too_many", "at most \(Self.maxLanes) lanes") }
        if Set(stages.map(\.id)).count != stages.count { add("stages", "duplicate", "two stages have the same id") }
        for (field, id) in stages.map({ ("stages", $0.id) }) + lanes.map({ ("lanes", $0.id) }) where !Self.isValidID(id) {
            add(field, "invalid_id", "an id is 1–40 small Latin letters, digits and hyphens: \"\(id)\" is not")
        }
        if Set(lanes.map(\.id)).count != lanes.count { add("lanes", "duplicate", "two lanes have the same id") }
        for (i, lane) in lanes.enumerated() where lane.kind == .custom || lane.title != nil { name("lanes/\(i)/title", lane.title ?? "") }
        let laneIDs = Set(lanes.map(\.id))
        for (i, stage) in stages.enumerated() {
            let field = "stages/\(i)"
            name("\(field)/name", stage.name)
            for (key, value) in [("emotion", stage.emotion), ("desired_emotion", stage.desiredEmotion)] {
                if let value, !Self.emotions.contains(value) { add("\(field)/\(key)", "out_of_range", "an emotion is −2 … +2") }
            }
            if let target = stage.targetNPS, !(-100...100).contains(target) {
                add("\(field)/target_nps", "out_of_range", "an NPS is −100 … 100")
            }
            for (lane, cell) in stage.cells {
                if !laneIDs.contains(lane) { add("\(field)/cells/\(lane)", "unknown_lane", "no lane \"\(lane)\" in the map") }
                limit("\(field)/cells/\(lane)", cell.text, Self.maxTextLength)
            }
            for (j, action) in stage.actions.enumerated() {
                if action.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    add("\(field)/actions/\(j)/text", "required", "an action needs a text")
                }
                limit("\(field)/actions/\(j)/text", action.text, Self.maxActionLength)
                if let due = action.due, CivilDay.parse(Substring(due)) == nil {
                    add("\(field)/actions/\(j)/due", "invalid_date", "a date is written 2026-12-31")
                }
            }
        }
        for (i, validation) in validations.enumerated() {
            if CivilDay.parse(Substring(validation.day)) == nil {
                add("validations/\(i)/day", "invalid_date", "a date is written 2026-12-31")
            }
            name("validations/\(i)/customer", validation.customer)
            limit("validations/\(i)/note", validation.note, Self.maxNoteLength)
        }
        return problems
    }

    public static let emotions = -2...2

    /// A "too_long" problem when `text` has more than `most` Unicode scalars.
    static func tooLong(_ field: String, _ text: String, _ most: Int) -> FieldProblem? {
        text.unicodeScalars.count > most ? FieldProblem(field: field, code: "too_long", message: "at most \(most) characters") : nil
    }

    /// Ids of stages, lanes and actions: "search", "stage-7" (kept as they are by every JSON convention).
    public static func isValidID(_ id: String) -> Bool {
        (1...40).contains(id.count) && id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}

extension JourneyStage {
    /// The stage's name in the sources' words, the default name of a map's stage.
    public var russianName: String {
        switch self {
        case .awareness: "Осознание потребности"
        case .search: "Поиск информации"
        case .choice: "Выбор"
        case .purchase: "Покупка"
        case .use: "Использование"
        case .recommendation: "Рекомендация"
        }
    }
}
