import Testing

@testable import OtklikCore

/// One rule for every name: trimmed, 1–200 characters, no control characters or bidi overrides.
@Suite struct NameRuleTests {
    @Test(arguments: ["Тверская", "  Тверская ", "O'Hara & Sons", "Café — «Отклик»", "٣ فرع", String(repeating: "я", count: 200)])
    func goodNamesPassTrimmed(name: String) throws {
        let checked = try NameRule.check(name, field: "name").get()
        #expect(checked == name.trimmingWhiteSpace())
        #expect(checked.first?.isWhitespace == false && checked.last?.isWhitespace == false)
    }

    @Test(arguments: [
        ("", "required"), ("   ", "required"), ("\n\t", "required"), (String(repeating: "я", count: 201), "too_long"),
        ("a\u{0}b", "control_character"), ("a\u{7}b", "control_character"), ("a\tb", "control_character"),
        ("a\u{7F}b", "control_character"), ("a\u{85}b", "control_character"), ("a\u{9B}b", "control_character"),
        ("\u{202E}abc", "control_character"), ("a\u{202A}b", "control_character"), ("a\u{2066}b", "control_character"),
        ("a\u{2069}", "control_character"), ("a\u{2028}b", "control_character"),
    ])
    func badNamesAreRefused(name: String, code: String) {
        guard case .failure(let problem) = NameRule.check(name, field: "title/ru") else {
            Issue.record("\(name.unicodeScalars.map(\.value)) passed")
            return
        }
        #expect(problem.code == code && problem.field == "title/ru")
    }

    @Test func entitiesNormalizeTheirNames() {
        var location = Location(id: Identifier(1), name: " Тверская ", kind: .branch)
        #expect(location.normalizeNames().isEmpty && location.name == "Тверская")
        var channel = Channel(id: Identifier(1), code: "phone", name: LocalizedText(ru: "", en: "  "))
        #expect(channel.normalizeNames().map(\.field) == ["name"])
        var organisation = Organisation(name: "Техно\u{202E}Пульс")
        #expect(organisation.normalizeNames().map(\.code) == ["control_character"])
        let survey = Survey(
            id: Identifier(1), title: LocalizedText(ru: "Опрос\u{1B}"),
            questions: [Question(id: "nps", kind: .nps, text: LocalizedText(ru: "?"))], code: "x")
        #expect(survey.definitionProblems.map(\.field) == ["title/ru"])
    }
}
