import Foundation
import OtklikCore

/// The map's emotion curves as SVG: one column per stage, −2 … +2 from bottom to top; the emotion as it
/// is (solid line), as it should be (dashed) and as the scores suggest (dots). Inline on the map page and,
/// standalone, the SVG export. Words come in localised; everything is escaped by `HTML`.
enum JourneyChart {
    struct Column {
        var name: String
        var emotion: Int?
        var desired: Int?
        var measured: Int?
    }

    static let columnWidth = 140.0

    /// A column per stage of the map: its emotions and the one its data suggests.
    static func columns(_ map: JourneyMap, _ measures: [String: StageMeasure], minimumSample: Int) -> [Column] {
        map.stages.map { stage in
            Column(
                name: stage.name, emotion: stage.emotion, desired: stage.desiredEmotion,
                measured: measures[stage.id]?.proposedEmotion(minimumSample: minimumSample))
        }
    }

    static func emotionCurves(_ columns: [Column], strings s: Strings, standalone: Bool = false) -> HTML {
        let (left, top, plotHeight, labels) = (40.0, 16.0, 160.0, 54.0)
        let width = left + columnWidth * Double(max(columns.count, 1)) + 8
        let height = top + plotHeight + labels
        func x(_ i: Int) -> Double { left + columnWidth * (Double(i) + 0.5) }
        func y(_ emotion: Int) -> Double { top + plotHeight * Double(2 - emotion) / 4 }
        func format(_ value: Double) -> String { String(format: "%.1f", value) }

        var parts: [HTML] = []
        for emotion in JourneyMap.emotions {
            let label = s.emotion(emotion)
            parts.append(
                """
                <line x1="\(format(left))" x2="\(format(width - 8))" y1="\(format(y(emotion)))" y2="\(format(y(emotion)))" class="grid\(emotion == 0 ? " zero" : "")" stroke="\(emotion == 0 ? "#8a94a6" : "#d9dee7")"/>\
                <text x="\(format(left - 8))" y="\(format(y(emotion) + 4))" text-anchor="end" font-size="12" fill="#4a5468">\(label)</text>
                """)
        }
        /// A line through the stages that have a value, broken where one has none.
        func line(_ values: [Int?], dashed: Bool, colour: String) -> HTML {
            var runs: [[(Int, Int)]] = [[]]
            for (i, value) in values.enumerated() {
                if let value { runs[runs.count - 1].append((i, value)) } else if !runs[runs.count - 1].isEmpty { runs.append([]) }
            }
            return runs.filter { !$0.isEmpty }.map { run -> HTML in
                let points = run.map { "\(format(x($0.0))),\(format(y($0.1)))" }.joined(separator: " ")
                let dots = run.map { "<circle cx=\"\(format(x($0.0)))\" cy=\"\(format(y($0.1)))\" r=\"4\" fill=\"\(colour)\"/>" }.joined()
                return HTML(
                    trusted: "<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"3\""
                        + (dashed ? " stroke-dasharray=\"8 6\"" : "") + "/>" + dots)
            }.joined()
        }
        parts.append(line(columns.map(\.desired), dashed: true, colour: "#2f7d4f"))
        parts.append(line(columns.map(\.emotion), dashed: false, colour: "#1f5fbf"))
        for (i, column) in columns.enumerated() {
            if let measured = column.measured {
                parts.append(
                    HTML(
                        trusted:
                            "<rect x=\"\(format(x(i) - 6))\" y=\"\(format(y(measured) - 6))\" width=\"12\" height=\"12\" fill=\"#d9822b\" transform=\"rotate(45 \(format(x(i))) \(format(y(measured))))\"/>"
                    ))
            }
            let lines = wrapped(column.name, width: 18, lines: 2).enumerated().map { n, line -> HTML in
                "<tspan x=\"\(format(x(i)))\" dy=\"\(n == 0 ? "0" : "14")\">\(line)</tspan>"
            }.joined()
            parts.append(
                """
                <text x="\(format(x(i)))" y="\(format(top + plotHeight + 18))" text-anchor="middle" font-size="12" fill="#1c2333">\(lines)</text>
                """)
        }
        let legend: HTML = """
            <text x="\(format(left))" y="\(format(height - 6))" font-size="11" fill="#4a5468">— \(s[.emotionNow])   - - \(s[.emotionGoal])   ◆ \(s[.emotionMeasured])</text>
            """
        let namespace = standalone ? " xmlns=\"http://www.w3.org/2000/svg\" font-family=\"sans-serif\"" : ""
        return """
            \(HTML(trusted: "<svg\(namespace) viewBox=\"0 0 \(format(width)) \(format(height))\" width=\"\(standalone ? format(width) : "100%")\" role=\"img\" aria-labelledby=\"emotion-title emotion-desc\" class=\"emotion-chart\" style=\"min-width:\(Int(60 * Double(columns.count)))px\">"))\
            <title id="emotion-title">\(s[.emotionChartTitle])</title><desc id="emotion-desc">\(s[.emotionChartDescription])</desc>\
            \(parts)\(legend)</svg>
            """
    }

    /// A stage name in at most `lines` lines of about `width` characters, broken between words; the last
    /// line cut with "…" when the name is longer.
    static func wrapped(_ text: String, width: Int, lines: Int) -> [String] {
        var result: [String] = [""]
        for word in text.split(separator: " ") {
            let candidate = result[result.count - 1].isEmpty ? String(word) : result[result.count - 1] + " " + word
            if candidate.count <= width || result[result.count - 1].isEmpty {
                result[result.count - 1] = candidate
            } else if result.count < lines {
                result.append(String(word))
            } else {
                result[result.count - 1] += " " + word
            }
        }
        return result.map { $0.count > width ? String($0.prefix(width - 1)) + "…" : $0 }
    }
}
