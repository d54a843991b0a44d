import Foundation

/// One change a person makes to a map. Edits are applied to the map as it is stored at that moment, so two
/// people editing different cells both keep their work; an edit that says what its author saw (`expected`)
/// is refused when someone else changed that same thing in between, instead of overwriting it.
public enum JourneyEdit: Hashable, Sendable {
    case setTitle(String)
    case setStatus(JourneyMap.Status)
    /// The locations the map is about (who of the managers may edit it).
    case setLocations([Location.ID])
    /// A lane's text at a stage (empty text clears it).
    case setCell(stage: String, lane: String, cell: JourneyMap.Cell, expected: JourneyMap.Cell?)
    case setEmotion(stage: String, emotion: Int?, desired: Int?, expected: EmotionPair?)
    case setTargetNPS(stage: String, Int?)
    case renameStage(stage: String, name: String)
    /// A new empty stage after `after` (first when nil).
    case addStage(after: String?, name: String)
    /// A stage into two: the new one, after it, takes the given name and the same touchpoints.
    case splitStage(stage: String, newName: String)
    case moveStage(stage: String, toIndex: Int)
    case removeStage(stage: String)
    case setTouchpoints(stage: String, [Touchpoint.ID])
    case addLane(title: String)
    case addAction(stage: String, JourneyMap.CompanyAction)
    case setAction(stage: String, JourneyMap.CompanyAction)
    case setActionDone(stage: String, action: String, done: Bool)
    case removeAction(stage: String, action: String)
    case addValidation(JourneyMap.Validation)

    public struct EmotionPair: Hashable, Sendable {
        public var emotion: Int?
        public var desired: Int?
        public init(emotion: Int?, desired: Int?) { (self.emotion, self.desired) = (emotion, desired) }
    }

    /// What the change touched, for the history: a kind and the stage and lane it was at.
    public var summary: JourneyChange.What {
        switch self {
        case .setTitle: JourneyChange.What(kind: "title")
        case .setStatus(let status): JourneyChange.What(kind: "status", detail: status.rawValue)
        case .setLocations: JourneyChange.What(kind: "locations")
        case .setCell(let stage, let lane, _, _): JourneyChange.What(kind: "cell", stage: stage, lane: lane)
        case .setEmotion(let stage, _, _, _): JourneyChange.What(kind: "emotion", stage: stage)
        case .setTargetNPS(let stage, _): JourneyChange.What(kind: "target", stage: stage)
        case .renameStage(let stage, _): JourneyChange.What(kind: "stage_renamed", stage: stage)
        case .addStage(_, let name): JourneyChange.What(kind: "stage_added", detail: name)
        case .splitStage(let stage, _): JourneyChange.What(kind: "stage_split", stage: stage)
        case .moveStage(let stage, _): JourneyChange.What(kind: "stage_moved", stage: stage)
        case .removeStage(let stage): JourneyChange.What(kind: "stage_removed", stage: stage)
        case .setTouchpoints(let stage, _): JourneyChange.What(kind: "touchpoints", stage: stage)
        case .addLane(let title): JourneyChange.What(kind: "lane_added", detail: title)
        case .addAction(let stage, _), .setAction(let stage, _), .setActionDone(let stage, _, _), .removeAction(let stage, _):
            JourneyChange.What(kind: "action", stage: stage)
        case .addValidation(let validation): JourneyChange.What(kind: "validation", detail: validation.customer)
        }
    }
}

/// A saved change: who made which version, when, and what it touched.
public struct JourneyChange: Hashable, Sendable, Codable {
    public var version: Int
    public var at: Date
    public var userId: User.ID?
    /// The account's name at the time (kept if the account goes).
    public var actor: String
    public var what: [What]

    public struct What: Hashable, Sendable, Codable {
        /// "cell", "emotion", "stage_added" …
        public var kind: String
        public var stage: String?
        public var lane: String?
        public var detail: String?

        public init(kind: String, stage: String? = nil, lane: String? = nil, detail: String? = nil) {
            (self.kind, self.stage, self.lane, self.detail) = (kind, stage, lane, detail)
        }
    }

    public init(version: Int, at: Date, userId: User.ID?, actor: String, what: [What]) {
        (self.version, self.at, self.userId, self.actor, self.what) = (version, at, userId, actor, what)
    }
}

/// A colleague's remark on a cell (a stage's lane) of a map: a discussion beside the text, not part of it.
public struct JourneyComment: Hashable, Sendable, Codable {
    public var stage: String
    public var lane: String
    public var text: String
    public var at: Date
    public var userId: User.ID?
    public var actor: String

    public static let maxLength = 1_000

    public init(stage: String, lane: String, text: String, at: Date, userId: User.ID?, actor: String) {
        (self.stage, self.lane, self.text, self.at, self.userId, self.actor) = (stage, lane, text, at, userId, actor)
    }
}

/// Why an edit was refused.
public struct JourneyEditProblem: Error, Hashable, Sendable {
    public var problem: FieldProblem
    /// Someone else changed the same thing since the author saw it: nothing was saved.
    public var isConflict: Bool { problem.code == "conflict" }

    init(_ field: String, _ code: String, _ message: String) { problem = FieldProblem(field: field, code: code, message: message) }

    /// Someone else's change came first.
    public static func conflict(_ field: String, _ message: String) -> Self { Self(field, "conflict", message) }
}

extension JourneyMap {
    /// The map with the edits made, all or none; the version and time are the store's to set.
    public func applying(_ edits: [JourneyEdit]) throws(JourneyEditProblem) -> JourneyMap {
        var map = self
        for edit in edits { try map.apply(edit) }
        if let problem = map.problems().first { throw JourneyEditProblem(problem.field, problem.code, problem.message) }
        return map
    }

    private func index(of stage: String) throws(JourneyEditProblem) -> Int {
        guard let i = stages.firstIndex(where: { $0.id == stage }) else {
            throw JourneyEditProblem("stage", "not_found", "no stage \"\(stage)\" in the map (removed by someone?)")
        }
        return i
    }

    /// The stage and the position in it of an action.
    private func index(of action: String, at stage: String) throws(JourneyEditProblem) -> (Int, Int) {
        let i = try index(of: stage)
        guard let j = stages[i].actions.firstIndex(where: { $0.id == action }) else {
            throw JourneyEditProblem("action", "not_found", "no action \"\(action)\" at this stage")
        }
        return (i, j)
    }

    /// An id not used yet in `taken`: "stage-1", "stage-2" …
    private static func freshID(_ prefix: String, _ taken: [String]) -> String {
        let used = Set(taken)
        var n = taken.count + 1
        while used.contains("\(prefix)-\(n)") { n += 1 }
        return "\(prefix)-\(n)"
    }

    private mutating func apply(_ edit: JourneyEdit) throws(JourneyEditProblem) {
        switch edit {
        case .setTitle(let title):
            self.title = title
        case .setStatus(let status):
            self.status = status
        case .setLocations(let locations):
            var seen = Set<Location.ID>()
            locationIds = locations.filter { seen.insert($0).inserted }
        case .setCell(let stage, let lane, let cell, let expected):
            let i = try index(of: stage)
            guard self.lane(lane) != nil else { throw JourneyEditProblem("lane", "not_found", "no lane \"\(lane)\" in the map") }
            let current = stages[i].cells[lane]
            // What the author saw is compared by its text and basis; an empty cell reads as nil.
            if let expected, (current ?? Cell("")) != expected {
                throw JourneyEditProblem.conflict(
                    "cells/\(stage)/\(lane)", "someone else changed this cell since you opened it: \"\(current?.text ?? "")\"")
            }
            stages[i].cells[lane] = cell.text.isEmpty ? nil : cell
        case .setEmotion(let stage, let emotion, let desired, let expected):
            let i = try index(of: stage)
            if let expected, expected != JourneyEdit.EmotionPair(emotion: stages[i].emotion, desired: stages[i].desiredEmotion) {
                throw JourneyEditProblem.conflict("emotion/\(stage)", "someone else changed this emotion since you opened it")
            }
            (stages[i].emotion, stages[i].desiredEmotion) = (emotion, desired)
        case .setTargetNPS(let stage, let target):
            stages[try index(of: stage)].targetNPS = target
        case .renameStage(let stage, let name):
            stages[try index(of: stage)].name = name
        case .addStage(let after, let name):
            let position = try after.map { (id: String) throws(JourneyEditProblem) in try index(of: id) + 1 } ?? 0
            stages.insert(Stage(id: Self.freshID("stage", stages.map(\.id)), name: name), at: position)
        case .splitStage(let stage, let newName):
            let i = try index(of: stage)
            let second = Stage(
                id: Self.freshID("stage", stages.map(\.id)), name: newName, touchpointIds: stages[i].touchpointIds,
                emotion: stages[i].emotion, desiredEmotion: stages[i].desiredEmotion)
            stages.insert(second, at: i + 1)
        case .moveStage(let stage, let target):
            let i = try index(of: stage)
            let moved = stages.remove(at: i)
            stages.insert(moved, at: min(max(target, 0), stages.count))
        case .removeStage(let stage):
            stages.remove(at: try index(of: stage))
            for v in validations.indices { validations[v].agreement[stage] = nil }
        case .setTouchpoints(let stage, let touchpoints):
            var seen = Set<Touchpoint.ID>()
            stages[try index(of: stage)].touchpointIds = touchpoints.filter { seen.insert($0).inserted }
        case .addLane(let title):
            // Its title is held to NameRule with the map's other names (`problems`).
            lanes.append(Lane(id: Self.freshID("custom", lanes.map(\.id)), kind: .custom, title: title))
        case .addAction(let stage, var action):
            let i = try index(of: stage)
            action.id = Self.freshID("action", stages.flatMap(\.actions).map(\.id))
            stages[i].actions.append(action)
        case .setAction(let stage, let action):
            let (i, j) = try index(of: action.id, at: stage)
            stages[i].actions[j] = action
        case .setActionDone(let stage, let action, let done):
            let (i, j) = try index(of: action, at: stage)
            stages[i].actions[j].done = done
        case .removeAction(let stage, let action):
            let i = try index(of: stage)
            stages[i].actions.removeAll { $0.id == action }
        case .addValidation(let validation):
            validations.append(validation)
        }
    }
}
