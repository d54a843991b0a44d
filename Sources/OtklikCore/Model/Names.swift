/// The one rule for a name people give a thing (an organisation, location, touchpoint, employee, segment,
/// channel, survey title, account, token), used by the API, the web forms and `otklik user add` alike: 1…`maxLength`
/// characters once the surrounding white space is trimmed, and no control characters. A name is shown
/// in lists, pages, CSV files and terminals, where a control character or a bidi override would hide
/// or reorder what a reader sees.
public enum NameRule {
    public static let maxLength = 200

    /// The name trimmed, or what is wrong with it (the problem names `field`).
    public static func check(_ name: String, field: String, maxLength: Int = maxLength) -> Result<String, FieldProblem> {
        let trimmed = name.trimmingWhiteSpace()
        if trimmed.isEmpty || trimmed.count > maxLength {
            return .failure(
                FieldProblem(
                    field: field, code: trimmed.isEmpty ? "required" : "too_long",
                    message: "a name has 1–\(maxLength) characters"))
        }
        if let bad = trimmed.unicodeScalars.first(where: isRefused) {
            return .failure(
                FieldProblem(
                    field: field, code: "control_character",
                    message: "a name may not contain control characters (U+\(hex(bad)))"))
        }
        return .success(trimmed)
    }

    /// Checks `name` in place: trimmed when it passes, its problem added to `problems` when not (for forms
    /// that gather every problem before answering).
    public static func check(_ name: inout String, field: String, maxLength: Int = maxLength, into problems: inout [FieldProblem]) {
        switch check(name, field: field, maxLength: maxLength) {
        case .success(let trimmed): name = trimmed
        case .failure(let problem): problems.append(problem)
        }
    }

    /// Checks a product text (ru/en) in place: at least one language given, and each given one a name.
    public static func check(_ text: inout LocalizedText, field: String, into problems: inout [FieldProblem]) {
        var ru = text.ru.trimmingWhiteSpace()
        var en = text.en.trimmingWhiteSpace()
        if ru.isEmpty && en.isEmpty {
            problems.append(FieldProblem(field: field, code: "required", message: "a name has 1–\(maxLength) characters"))
            return
        }
        if !ru.isEmpty { check(&ru, field: "\(field)/ru", into: &problems) }
        if !en.isEmpty { check(&en, field: "\(field)/en", into: &problems) }
        text.ru = ru
        text.en = en
    }

    /// C0 and C1 controls (tab and newline included: a name is one line), DEL, the line and paragraph
    /// separators, and the bidi embeddings, overrides and isolates (U+202A–202E, U+2066–2069).
    static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    private static func hex(_ scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

extension String {
    /// Without leading and trailing white space (Unicode's, as Character.isWhitespace sees it).
    func trimmingWhiteSpace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else {
            return ""
        }
        return String(self[first...last])
    }
}

/// A thing with names a person typed: `normalizeNames` trims them and returns what breaks `NameRule`, so
/// every way in (API, web form, import) stores the same clean names.
public protocol Named {
    mutating func normalizeNames() -> [FieldProblem]
}

extension Location: Named {
    public mutating func normalizeNames() -> [FieldProblem] {
        var problems: [FieldProblem] = []
        NameRule.check(&name, field: "name", into: &problems)
        return problems
    }
}

extension Touchpoint: Named {
    public mutating func normalizeNames() -> [FieldProblem] {
        var problems: [FieldProblem] = []
        NameRule.check(&name, field: "name", into: &problems)
        return problems
    }
}

extension Employee: Named {
    public mutating func normalizeNames() -> [FieldProblem] {
        var problems: [FieldProblem] = []
        NameRule.check(&name, field: "name", into: &problems)
        return problems
    }
}

extension Segment: Named {
    public mutating func normalizeNames() -> [FieldProblem] {
        var problems: [FieldProblem] = []
        NameRule.check(&name, field: "name", into: &problems)
        return problems
    }
}

extension Channel: Named {
    public mutating func normalizeNames() -> [FieldProblem] {
        var problems: [FieldProblem] = []
        NameRule.check(&name, field: "name", into: &problems)
        return problems
    }
}

extension Survey: Named {
    public mutating func normalizeNames() -> [FieldProblem] {
        var problems: [FieldProblem] = []
        NameRule.check(&title, field: "title", into: &problems)
        return problems
    }
}

extension Organisation: Named {
    public mutating func normalizeNames() -> [FieldProblem] {
        var problems: [FieldProblem] = []
        NameRule.check(&name, field: "name", into: &problems)
        return problems
    }
}
