import OtklikCore

/// A settings form described as fields, rendered in one way everywhere: a label, the control, the
/// message next to it when it was refused.
struct SettingsField {
    enum Control {
        case text(String, type: String = "text")
        case select([(String, String)], selected: String?, allowNone: Bool)
        case multiSelect([(String, String)], selected: Set<String>)
        case checkbox(Bool)
        case checkboxes([(String, String)], selected: Set<String>)
    }

    var name: String
    var label: String
    var control: Control

    func render(_ page: PageContext, problems: [FieldProblem]) -> HTML {
        let s = page.strings
        let invalid = Layout.invalidAttributes(problems, name)
        let error = Layout.fieldError(problems, name, s)
        switch control {
        case .text(let value, let type):
            return FormField.input(page, name, label, type: type, value: value, problems: problems)
        case .select(let options, let selected, let allowNone):
            return Layout.select(
                id: name, name: name, label: label, options: options, selected: selected,
                none: allowNone ? s[.none] : nil, problems: problems, strings: s)
        case .multiSelect(let options, let selected):
            let choices = options.map { value, title -> HTML in
                "<option value=\"\(value)\"\(selected.contains(value) ? " selected" as HTML : .empty)>\(title)</option>"
            }
            return """
                <div class="field"><label for="\(name)">\(label)</label><select id="\(name)" name="\(name)" multiple size="\(min(8, max(3, options.count)))"\(invalid)>\(choices)</select>\(error)</div>
                """
        case .checkbox(let checked):
            return
                "<div class=\"field check\"><label><input type=\"checkbox\" name=\"\(name)\" value=\"1\"\(checked ? " checked" as HTML : .empty)> \(label)</label></div>"
        case .checkboxes(let options, let selected):
            let boxes = options.map { value, title -> HTML in
                "<label><input type=\"checkbox\" name=\"\(name)\" value=\"\(value)\"\(selected.contains(value) ? " checked" as HTML : .empty)> \(title)</label> "
            }
            return "<fieldset class=\"field check\"\(invalid)><legend>\(label)</legend>\(boxes)\(error)</fieldset>"
        }
    }
}

extension Strings {
    func stage(_ stage: JourneyStage) -> String {
        switch stage {
        case .awareness: return self[.stageAwareness]
        case .search: return self[.stageSearch]
        case .choice: return self[.stageChoice]
        case .purchase: return self[.stagePurchase]
        case .use: return self[.stageUse]
        case .recommendation: return self[.stageRecommendation]
        }
    }

    func depth(_ depth: Touchpoint.Depth) -> String {
        switch depth {
        case .contact: self[.depthContact]
        case .interaction: self[.depthInteraction]
        case .engagement: self[.depthEngagement]
        }
    }

    func locationKind(_ kind: Location.Kind) -> String {
        switch kind {
        case .company: return self[.kindCompany]
        case .city: return self[.kindCity]
        case .branch: return self[.kindBranch]
        }
    }
}
