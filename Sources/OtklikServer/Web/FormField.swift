import OtklikCore

/// Form controls every page's forms share.
enum FormField {
    /// A labelled input with its hint and error message, wired for screen readers.
    static func input(
        _ page: PageContext, _ name: String, _ label: String, type: String = "text", value: String? = nil,
        problems: [FieldProblem], autocomplete: String? = nil, hint: String? = nil
    ) -> HTML {
        """
        <div class="field"><label for="\(name)">\(label)</label>
        \(hint.map { "<small id=\"\(name)-hint\">\($0)</small>" as HTML })
        <input id="\(name)" name="\(name)" type="\(type)" value="\(type == "password" ? "" : (value ?? ""))"\(autocomplete.map { " autocomplete=\"\($0)\"" as HTML })\(Layout.invalidAttributes(problems, name))>
        \(Layout.fieldError(problems, name, page.strings))</div>
        """
    }
}
