import Foundation

/// Server-rendered SVG charts for the dashboard: no JavaScript, so every chart is a finished inline
/// `<svg>` that scales to its card (`width="100%"` and a `viewBox`), is named by its own `<title>` and
/// `<desc>` for screen readers, and carries drill-down links and hover text on its marks.
///
/// All words come in as parameters (the caller localises them) and are escaped by `HTML`; numbers shown
/// to people come pre-formatted too (Russian writes a decimal comma), so the only numbers written here
/// are coordinates and whole percentages.
enum Charts {
    /// Traffic-light meaning of a mark: the same red, amber and green as the NPS groups elsewhere.
    enum Tone: String, Sendable { case bad, neutral, good }

    /// One period of a trend: its value with a 95% interval, or `nil` values where nothing was measured.
    struct TrendPoint: Sendable {
        var label: String
        var value: Double?
        var low: Double? = nil
        var high: Double? = nil
        var link: String? = nil
        /// Too few responses to trust: drawn as a hollow point.
        var lowSample: Bool = false
        /// `value` as the reader should see it, e.g. "42,5", for the point's hover text.
        var valueText: String
    }

    /// One heat-map cell: an NPS (−100…100), the text written in it and its hover text.
    struct HeatCell: Sendable {
        var value: Double
        var text: String
        var tooltip: String
        var link: String? = nil
        var lowSample: Bool = false
    }

    // MARK: - Trend

    /// A line of a metric over periods (evenly spaced, oldest first) inside its translucent 95% band.
    /// The line breaks where a period has no value rather than inventing one; low-sample points are
    /// hollow, so a dip on five answers doesn't read like a dip on five hundred. Grid lines sit at the
    /// caller's ticks, zero is emphasised, and at most about eight period labels are written.
    static func trend(
        id: String, title: String, description: String, points: [TrendPoint],
        yDomain: ClosedRange<Double>, yTicks: [(value: Double, label: String)]
    ) -> HTML {
        let width = 720.0
        let height = 260.0
        let left = 48.0
        let right = 16.0
        let top = 12.0
        let bottom = 32.0
        let inset = 18.0
        let plotBottom = height - bottom
        let span = max(yDomain.upperBound - yDomain.lowerBound, .ulpOfOne)
        func x(_ i: Int) -> Double {
            points.count < 2
                ? (left + width - right) / 2
                : left + inset + (width - left - right - 2 * inset) * Double(i) / Double(points.count - 1)
        }
        func y(_ v: Double) -> Double { top + (plotBottom - top) * (1 - (yDomain.clamp(v) - yDomain.lowerBound) / span) }

        var parts: [HTML] = []
        for tick in yTicks where yDomain.contains(tick.value) {
            let ty = y(tick.value)
            parts.append(
                """
                <line x1="\(left)" x2="\(width - right)" y1="\(ty)" y2="\(ty)" stroke="#e3e6ea"/>\
                <text x="\(left - 8)" y="\(ty + 4)" text-anchor="end" fill="#4a5563">\(tick.label)</text>
                """)
        }
        if yDomain.contains(0) {
            parts.append(
                "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(y(0))\" y2=\"\(y(0))\" stroke=\"#6b7480\" stroke-width=\"1.5\"/>")
        }
        // The interval: a polygon per unbroken run, a whisker for a lone point.
        for run in runs(points.map { $0.low != nil && $0.high != nil }) {
            if run.count == 1, let low = points[run.lowerBound].low, let high = points[run.lowerBound].high {
                let px = x(run.lowerBound)
                parts.append(
                    "<line x1=\"\(px)\" x2=\"\(px)\" y1=\"\(y(low))\" y2=\"\(y(high))\" stroke=\"\(lineColour)\" stroke-opacity=\"0.3\" stroke-width=\"6\"/>"
                )
            } else {
                let upper = run.map { "\(number(x($0))),\(number(y(points[$0].high!)))" }
                let lower = run.reversed().map { "\(number(x($0))),\(number(y(points[$0].low!)))" }
                parts.append("<polygon points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(lineColour)\" fill-opacity=\"0.14\"/>")
            }
        }
        // The line: one `M` per unbroken run of values, so a missing period is a visible gap.
        let line = runs(points.map { $0.value != nil }).filter { $0.count > 1 }.map { run in
            run.map { "\($0 == run.lowerBound ? "M" : "L")\(number(x($0))),\(number(y(points[$0].value!)))" }.joined(separator: " ")
        }
        if !line.isEmpty {
            parts.append(
                "<path d=\"\(line.joined(separator: " "))\" fill=\"none\" stroke=\"\(lineColour)\" stroke-width=\"2.5\" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>"
            )
        }
        for (i, point) in points.enumerated() {
            if let value = point.value {
                let (px, py) = (x(i), y(value))
                let dot: HTML =
                    point.lowSample
                    ? "<circle cx=\"\(px)\" cy=\"\(py)\" r=\"4\" fill=\"#fff\" stroke=\"\(lineColour)\" stroke-width=\"2\"/>"
                    : "<circle cx=\"\(px)\" cy=\"\(py)\" r=\"4\" fill=\"\(lineColour)\" stroke=\"#fff\" stroke-width=\"1.5\"/>"
                let target: HTML = "<circle cx=\"\(px)\" cy=\"\(py)\" r=\"11\" fill=\"#fff\" fill-opacity=\"0\"/>"
                parts.append(mark(link: point.link, tooltip: "\(point.label): \(point.valueText)", target + dot))
            }
            // Labels thinned to about eight, counted back from the newest period so it is always named.
            if (points.count - 1 - i) % max(1, Int((Double(points.count) / 8).rounded(.up))) == 0 {
                parts.append("<text x=\"\(x(i))\" y=\"\(height - 10)\" text-anchor=\"middle\" fill=\"#4a5563\">\(point.label)</text>")
            }
        }
        return frame(id: id, title: title, description: description, width: width, height: height, parts)
    }

    // MARK: - Heat map

    /// NPS by row (e.g. location) and column (e.g. week) as coloured cells on a diverging scale: red
    /// below zero, a light warm grey at zero, green above, with the score written in each cell in
    /// whichever ink reads best on it. Low-sample cells are paler and dash-outlined; empty cells are
    /// only a faint outline. Cells keep at least 38 units wide (room for «+100»), so many columns widen the chart rather
    /// than crush it, and column labels turn 45° when they would not fit flat.
    static func heatmap(
        id: String, title: String, description: String, rows: [(label: String, link: String?)],
        columns: [String], cells: [[HeatCell?]]
    ) -> HTML {
        let labelWidth = min(236, max(60, (rows.map { textWidth(truncated($0.label), size: 12) }.max() ?? 0) + 18))
        let cellWidth = max(38, (720 - labelWidth) / Double(max(columns.count, 1)))
        let cellHeight = 26.0
        let longest = columns.map { textWidth($0, size: 11) }.max() ?? 0
        let rotated = longest > cellWidth - 6
        let header = rotated ? longest * 0.71 + 16 : 22
        let width = labelWidth + cellWidth * Double(columns.count) + (rotated ? longest * 0.71 : 4)
        let height = header + cellHeight * Double(rows.count) + 4

        var parts: [HTML] = []
        for (j, column) in columns.enumerated() {
            let cx = labelWidth + cellWidth * (Double(j) + 0.5)
            parts.append(
                rotated
                    ? "<text transform=\"translate(\(cx - 3),\(header - 8)) rotate(-45)\" font-size=\"11\" fill=\"#4a5563\">\(column)</text>"
                    : "<text x=\"\(cx)\" y=\"\(header - 8)\" text-anchor=\"middle\" font-size=\"11\" fill=\"#4a5563\">\(column)</text>")
        }
        var empty: [String] = []
        for (i, row) in rows.enumerated() {
            let top = header + cellHeight * Double(i)
            let short = truncated(row.label)
            let label: HTML =
                "<text x=\"\(labelWidth - 10)\" y=\"\(top + cellHeight / 2 + 4)\" text-anchor=\"end\" fill=\"\(row.link == nil ? "#1f2933" : "#1f5f8b")\">\(short)</text>"
            parts.append(row.link != nil || short != row.label ? mark(link: row.link, tooltip: row.label, label) : label)
            for j in columns.indices {
                let left = labelWidth + cellWidth * Double(j)
                guard i < cells.count, j < cells[i].count, let cell = cells[i][j] else {
                    empty.append(
                        "M\(number(left + 1.5)),\(number(top + 1.5))h\(number(cellWidth - 3))v\(number(cellHeight - 3))h\(number(3 - cellWidth))z"
                    )
                    continue
                }
                let fill = cell.lowSample ? heatColour(cell.value).mixed(with: .white, 0.55) : heatColour(cell.value)
                let outline: HTML = cell.lowSample ? " stroke=\"#6b7480\" stroke-dasharray=\"3 2\"" : ""
                parts.append(
                    mark(
                        link: cell.link, tooltip: cell.tooltip,
                        """
                        <rect x="\(left + 1.5)" y="\(top + 1.5)" width="\(cellWidth - 3)" height="\(cellHeight - 3)" rx="3" fill="\(fill.hex)"\(outline)/>\
                        <text x="\(left + cellWidth / 2)" y="\(top + cellHeight / 2 + 4)" text-anchor="middle" font-size="\(cell.text.count >= 4 ? 10 : 11)" fill="\(ink(on: fill).hex)">\(cell.text)</text>
                        """))
            }
        }
        if !empty.isEmpty {
            parts.append("<path d=\"\(empty.joined())\" fill=\"none\" stroke=\"#d0d5db\"/>")
        }
        return frame(id: id, title: title, description: description, width: width, height: height, parts)
    }

    // MARK: - Stacked bar

    /// One 100% bar split into shares (e.g. detractors, passives, promoters) in traffic-light tones,
    /// with whole percentages inside the segments that have room for them and a legend of the caller's
    /// labels underneath, wrapping onto more lines when they don't fit on one.
    static func stackedBar(
        id: String, title: String, description: String,
        segments: [(label: String, share: Double, tone: Tone, link: String?)]
    ) -> HTML {
        let width = 720.0
        let barHeight = 34.0
        let total = segments.reduce(0) { $0 + max($1.share, 0) }
        let percents = wholePercents(segments.map { total > 0 ? max($0.share, 0) / total : 0 })

        var bar: [HTML] = []
        var legend: [HTML] = []
        var x = 0.0
        var legendX = 0.0
        var legendY = barHeight + 20
        for (i, segment) in segments.enumerated() {
            let w = total > 0 ? width * max(segment.share, 0) / total : 0
            if w > 0 {
                let text: HTML =
                    w >= 36
                    ? "<text x=\"\(x + w / 2)\" y=\"\(barHeight / 2 + 5)\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"600\" fill=\"\(ink(on: segment.tone.colour).hex)\">\(percents[i])%</text>"
                    : .empty
                bar.append(
                    mark(
                        link: segment.link, tooltip: segment.label,
                        """
                        <rect x="\(x)" y="0" width="\(w)" height="\(barHeight)" fill="\(segment.tone.colour.hex)" stroke="#fff" stroke-width="1.5"/>\(text)
                        """))
                x += w
            }
            let itemWidth = 18 + textWidth(segment.label, size: 12) + 22
            if legendX > 0, legendX + itemWidth > width { (legendX, legendY) = (0, legendY + 22) }
            legend.append(
                """
                <rect x="\(legendX)" y="\(legendY - 10)" width="12" height="12" rx="2" fill="\(segment.tone.colour.hex)"/>\
                <text x="\(legendX + 18)" y="\(legendY)" fill="\(Colour.text.hex)">\(segment.label)</text>
                """)
            legendX += itemWidth
        }
        let clip = id + "-clip"
        let parts: [HTML] =
            [
                "<clipPath id=\"\(clip)\"><rect width=\"\(width)\" height=\"\(barHeight)\" rx=\"5\"/></clipPath>",
                "<g clip-path=\"url(#\(clip))\">\(bar)</g>",
            ] + legend
        return frame(id: id, title: title, description: description, width: width, height: legendY + 8, parts)
    }

    // MARK: - Histogram

    /// Vertical bars of counts (e.g. answers per score 0…10), coloured by tone, with the caller's count
    /// text above each bar and its label below. A linked bar is clickable over its whole column, so
    /// even an empty score can be opened.
    static func histogram(
        id: String, title: String, description: String,
        bars: [(label: String, count: Int, tone: Tone, link: String?, countText: String)]
    ) -> HTML {
        let width = 720.0
        let height = 220.0
        let top = 22.0
        let bottom = 26.0
        let side = 6.0
        let slot = (width - 2 * side) / Double(max(bars.count, 1))
        let barWidth = min(slot * 0.72, 72)
        let base = height - bottom
        let highest = Double(max(bars.map(\.count).max() ?? 0, 1))

        var parts: [HTML] = []
        for (i, bar) in bars.enumerated() {
            let centre = side + slot * (Double(i) + 0.5)
            let h = (base - top) * Double(max(bar.count, 0)) / highest
            let target: HTML =
                bar.link == nil
                ? .empty
                : "<rect x=\"\(centre - slot / 2)\" y=\"0\" width=\"\(slot)\" height=\"\(height)\" fill=\"#fff\" fill-opacity=\"0\"/>"
            parts.append(
                mark(
                    link: bar.link, tooltip: "\(bar.label): \(bar.countText)",
                    """
                    \(target)<rect x="\(centre - barWidth / 2)" y="\(base - h)" width="\(barWidth)" height="\(h)" rx="2" fill="\(bar.tone.colour.hex)"/>\
                    <text x="\(centre)" y="\(base - h - 6)" text-anchor="middle" fill="\(Colour.text.hex)">\(bar.countText)</text>\
                    <text x="\(centre)" y="\(height - 8)" text-anchor="middle" fill="#4a5563">\(bar.label)</text>
                    """))
        }
        parts.append("<line x1=\"\(side)\" x2=\"\(width - side)\" y1=\"\(base + 0.5)\" y2=\"\(base + 0.5)\" stroke=\"#8a94a0\"/>")
        return frame(id: id, title: title, description: description, width: width, height: height, parts)
    }

    // MARK: - Ranked bars

    /// Horizontal bars in the caller's order (e.g. touchpoints ranked by pain: detractors × volume),
    /// the largest value spanning the track, label on the left and value text just past the bar's end.
    /// The chart grows 26 units per row.
    static func rankedBars(
        id: String, title: String, description: String,
        rows: [(label: String, value: Double, valueText: String, link: String?)]
    ) -> HTML {
        // The label column fits the longest (truncated) label, so no label is cut at the left edge.
        let labelWidth = min(300, max(80, (rows.map { textWidth(truncated($0.label), size: 12) }.max() ?? 0) + 18))
        let width = 720.0
        let rowHeight = 26.0
        let valueWidth = 72.0
        let track = width - labelWidth - valueWidth
        let largest = rows.map(\.value).max() ?? 0

        var parts: [HTML] = []
        for (i, row) in rows.enumerated() {
            let top = 4 + rowHeight * Double(i)
            let w = largest > 0 ? track * max(row.value, 0) / largest : 0
            parts.append(
                mark(
                    link: row.link, tooltip: "\(row.label): \(row.valueText)",
                    """
                    <text x="\(labelWidth - 10)" y="\(top + rowHeight / 2 + 4)" text-anchor="end" fill="\(row.link == nil ? "#1f2933" : "#1f5f8b")">\(truncated(row.label))</text>\
                    <rect x="\(labelWidth)" y="\(top + 4)" width="\(w)" height="\(rowHeight - 8)" rx="2" fill="\(Tone.bad.colour.hex)"/>\
                    <text x="\(labelWidth + w + 6)" y="\(top + rowHeight / 2 + 4)" fill="\(Colour.text.hex)">\(row.valueText)</text>
                    """))
        }
        parts.append(
            "<line x1=\"\(labelWidth - 0.5)\" x2=\"\(labelWidth - 0.5)\" y1=\"2\" y2=\"\(rowHeight * Double(rows.count) + 6)\" stroke=\"#8a94a0\"/>"
        )
        return frame(id: id, title: title, description: description, width: width, height: rowHeight * Double(rows.count) + 8, parts)
    }

    // MARK: - Shared parts

    static let lineColour = "#1f5f8b"

    /// The `<svg>` every chart shares: responsive width, and named by its title and description.
    private static func frame(id: String, title: String, description: String, width: Double, height: Double, _ parts: [HTML]) -> HTML {
        let titleID = id + "-title"
        let descID = id + "-desc"
        // On a narrow screen the chart keeps at least 85% of its drawn size (text stays ≥10 px) and scrolls
        // sideways in its box instead of shrinking to unreadable text.
        return """
            <div class="chart"><svg xmlns="http://www.w3.org/2000/svg" role="img" width="100%" viewBox="0 0 \(width) \(height)" \
            preserveAspectRatio="xMidYMid meet" aria-labelledby="\(titleID) \(descID)" font-size="12" style="min-width:\(Int(width * 0.85))px">\
            <title id="\(titleID)">\(title)</title><desc id="\(descID)">\(description)</desc>\(parts)</svg></div>
            """
    }

    /// A mark with its hover text (also its accessible name), inside a link when it has one.
    private static func mark(link: String?, tooltip: String, _ content: HTML) -> HTML {
        if let link { return "<a href=\"\(link)\"><title>\(tooltip)</title>\(content)</a>" }
        return "<g><title>\(tooltip)</title>\(content)</g>"
    }

    /// The unbroken runs of `true`, as index ranges.
    private static func runs(_ included: [Bool]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start: Int?
        for (i, flag) in (included + [false]).enumerated() {
            if flag, start == nil { start = i }
            if !flag, let s = start {
                result.append(s..<i)
                start = nil
            }
        }
        return result
    }

    /// Shares as whole percentages that add up to exactly 100 (largest remainder), so a legend never
    /// says 33% + 33% + 33%.
    static func wholePercents(_ shares: [Double]) -> [Int] {
        let raw = shares.map { $0 * 100 }
        var whole = raw.map { Int($0.rounded(.down)) }
        guard raw.reduce(0, +) > 99.5 else { return raw.map { Int($0.rounded()) } }
        let order = raw.indices.sorted { raw[$0] - Double(whole[$0]) > raw[$1] - Double(whole[$1]) }
        for i in order.prefix(max(0, 100 - whole.reduce(0, +))) { whole[i] += 1 }
        return whole
    }

    /// A coordinate for SVG: at most one decimal and always a dot, whatever the locale.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// A rough width of text in the page's sans-serif, enough to lay out labels without measuring.
    /// (0.64 em a character: wide enough for Cyrillic in DejaVu Sans, the widest common fallback.)
    private static func textWidth(_ text: String, size: Double) -> Double { Double(text.count) * size * 0.64 }

    /// Long labels cut to `limit` characters with an ellipsis; the caller keeps the full one in a title.
    private static func truncated(_ text: String, limit: Int = 28) -> String {
        text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
    }

    /// The diverging NPS scale: −100 dark red, 0 a light warm grey, +100 dark green.
    private static func heatColour(_ nps: Double) -> Colour {
        let t = min(max(nps / 100, -1), 1)
        return t < 0 ? Colour.neutral.mixed(with: Colour(0xa32020), -t) : Colour.neutral.mixed(with: Colour(0x1b6b43), t)
    }

    /// Text colour for a fill: white, the body text colour or black, whichever first reaches 4.5:1.
    private static func ink(on fill: Colour) -> Colour {
        [Colour.white, .text, .black].first { $0.contrast(with: fill) >= 4.5 } ?? .black
    }

    /// An sRGB colour, for mixing the heat-map scale and checking contrast.
    struct Colour: Equatable {
        var r, g, b: Double

        init(_ hex: UInt32) { (r, g, b) = (Double(hex >> 16 & 0xff), Double(hex >> 8 & 0xff), Double(hex & 0xff)) }
        init(r: Double, g: Double, b: Double) { (self.r, self.g, self.b) = (r, g, b) }

        static let white = Colour(0xffffff), black = Colour(0x000000), text = Colour(0x1f2933), neutral = Colour(0xf1eee2)

        /// `#rrggbb` by the tokens' hex writer (`String(format:)` was a thirtieth of the dashboard's time).
        var hex: String { "#" + OtklikServer.hex([r, g, b].map { UInt8(min(max(Int($0.rounded()), 0), 255)) }) }

        func mixed(with other: Colour, _ t: Double) -> Colour {
            Colour(r: r + (other.r - r) * t, g: g + (other.g - g) * t, b: b + (other.b - b) * t)
        }

        /// WCAG relative luminance.
        var luminance: Double {
            func linear(_ c: Double) -> Double {
                let c = c / 255
                return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
            }
            return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
        }

        func contrast(with other: Colour) -> Double {
            let (a, b) = (luminance, other.luminance)
            return (max(a, b) + 0.05) / (min(a, b) + 0.05)
        }
    }
}

extension Charts.Tone {
    /// Red, amber and green that reach 3:1 against white (so the marks are visible to everyone) and
    /// carry legible text (white on red and green, dark on amber).
    var colour: Charts.Colour {
        switch self {
        case .bad: Charts.Colour(0xc62828)
        case .neutral: Charts.Colour(0xc2891f)
        case .good: Charts.Colour(0x2e7d4f)
        }
    }
}

extension ClosedRange where Bound == Double {
    fileprivate func clamp(_ value: Double) -> Double { Swift.min(Swift.max(value, lowerBound), upperBound) }
}

extension HTML.Interpolation {
    /// Coordinates, via `Charts.number`.
    fileprivate mutating func appendInterpolation(_ value: Double) { appendLiteral(Charts.number(value)) }
}
