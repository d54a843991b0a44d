import OtklikCore

/// The map page's forms, read into edits: each form posts `op` and its fields to `/app/journeys/{id}/edit`.
/// Forms that change something a colleague may have changed too (a cell, an emotion) carry what the page
/// showed (`expected_…`), so a second save over the same thing is refused instead of overwriting it.
enum JourneyForm {
    static func edit(_ form: FormData) throws(FieldProblem) -> JourneyEdit {
        func text(_ key: String, required: Bool = false, limit: Int = JourneyMap.maxTextLength) throws(FieldProblem) -> String {
            let value = (form[key] ?? "").replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            if required && value.isEmpty { throw FieldProblem(field: key, code: "required", message: "required") }
            if value.count > limit { throw FieldProblem(field: key, code: "too_long", message: "at most \(limit) characters") }
            return value
        }
        func emotion(_ key: String) throws(FieldProblem) -> Int? {
            guard let raw = form[key], !raw.isEmpty else { return nil }
            guard let value = Int(raw.replacingOccurrences(of: "−", with: "-")), JourneyMap.emotions.contains(value) else {
                throw FieldProblem(field: key, code: "out_of_range", message: "an emotion is −2 … +2")
            }
            return value
        }
        let stage = form["stage"] ?? ""
        switch form["op"] ?? "" {
        case "title":
            return .setTitle(try text("title", required: true, limit: 200))
        case "locations":
            return .setLocations(form.all("location").compactMap(Int64.init).map(Identifier.init))
        case "status":
            guard let status = form["status"].flatMap(JourneyMap.Status.init(rawValue:)) else {
                throw FieldProblem(field: "status", code: "invalid", message: "draft or validated")
            }
            return .setStatus(status)
        case "cell":
            let basis = form["basis"].flatMap(JourneyMap.Cell.Basis.init(rawValue:)) ?? .assumption
            let expected = JourneyMap.Cell(
                (form["expected_text"] ?? "").replacingOccurrences(of: "\r\n", with: "\n"),
                basis: form["expected_basis"].flatMap(JourneyMap.Cell.Basis.init(rawValue:)) ?? .assumption)
            return .setCell(
                stage: stage, lane: form["lane"] ?? "", cell: JourneyMap.Cell(try text("text"), basis: basis), expected: expected)
        case "emotion":
            let expected = JourneyEdit.EmotionPair(emotion: try emotion("expected_emotion"), desired: try emotion("expected_desired"))
            return .setEmotion(stage: stage, emotion: try emotion("emotion"), desired: try emotion("desired"), expected: expected)
        case "target":
            let raw = form["target_nps"] ?? ""
            guard raw.isEmpty || Int(raw).map({ (-100...100).contains($0) }) == true else {
                throw FieldProblem(field: "target_nps", code: "out_of_range", message: "an NPS is −100 … 100")
            }
            return .setTargetNPS(stage: stage, Int(raw))
        case "rename":
            return .renameStage(stage: stage, name: try text("name", required: true, limit: 200))
        case "add_stage":
            return .addStage(after: form["after"].flatMap { $0.isEmpty ? nil : $0 }, name: try text("name", required: true, limit: 200))
        case "split":
            return .splitStage(stage: stage, newName: try text("name", required: true, limit: 200))
        case "move":
            guard let index = form["to"].flatMap(Int.init) else { throw FieldProblem(field: "to", code: "invalid", message: "a position") }
            return .moveStage(stage: stage, toIndex: index)
        case "remove_stage":
            return .removeStage(stage: stage)
        case "touchpoints":
            return .setTouchpoints(stage: stage, form.all("touchpoint").compactMap(Int64.init).map(Identifier.init))
        case "add_lane":
            return .addLane(title: try text("title", required: true, limit: 200))
        case "action_add", "action_set":
            let due = try text("due", limit: 10)
            if !due.isEmpty, CivilDay.parse(Substring(due)) == nil {
                throw FieldProblem(field: "due", code: "invalid_date", message: "a date is written 2026-12-31")
            }
            let action = JourneyMap.CompanyAction(
                id: form["action"] ?? "", text: try text("text", required: true, limit: JourneyMap.maxActionLength),
                ownerId: form["owner"].flatMap(Int64.init).map(Identifier.init), due: due.isEmpty ? nil : due, done: form["done"] == "true")
            return form["op"] == "action_add" ? .addAction(stage: stage, action) : .setAction(stage: stage, action)
        case "action_done":
            return .setActionDone(stage: stage, action: form["action"] ?? "", done: form["done"] == "true")
        case "action_remove":
            return .removeAction(stage: stage, action: form["action"] ?? "")
        case "validation":
            let day = try text("day", required: true, limit: 10)
            guard CivilDay.parse(Substring(day)) != nil else {
                throw FieldProblem(field: "day", code: "invalid_date", message: "a date is written 2026-12-31")
            }
            let stages = form.all("stages")
            let agreed = Set(form.all("agreed"))
            return .addValidation(
                JourneyMap.Validation(
                    customer: try text("customer", required: true, limit: 200), day: day,
                    agreement: Dictionary(stages.map { ($0, agreed.contains($0)) }, uniquingKeysWith: { a, _ in a }),
                    note: try text("note", limit: 1000)))
        default:
            throw FieldProblem(field: "op", code: "invalid", message: "unknown change")
        }
    }
}
