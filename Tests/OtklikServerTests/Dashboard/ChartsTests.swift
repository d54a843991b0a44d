import Foundation
import Testing

@testable import OtklikServer

/// The charts are markup, so they are checked as markup: each is an accessible `<svg>` named by its
/// title and description, escapes whatever the caller's labels contain, links exactly the marks that
/// have links, and draws what the data has (no line across a missing period, no cell for no data).
@Suite("Charts")
struct ChartsTests {
    static let evil = "<script>alert(1)</script>"
    static let title = "NPS & trends"
    static let description = "Weekly NPS <with> 95% intervals"

    static func point(_ label: String, _ value: Double?, link: String? = nil) -> Charts.TrendPoint {
        Charts.TrendPoint(
            label: label, value: value, low: value.map { $0 - 10 }, high: value.map { $0 + 10 },
            link: link, lowSample: value == 30, valueText: value.map { "\($0)" } ?? "–")
    }

    /// Five weeks with a gap in the middle; every point links, but the empty week has no mark to link.
    static let trend = Charts.trend(
        id: "trend", title: title, description: description,
        points: [
            point(evil, 10, link: "/r?w=1&x=2"), point("w2", 20, link: "/r?w=2"), point("w3", nil, link: "/r?w=3"),
            point("w4", 30, link: "/r?w=4"), point("w5", 40, link: "/r?w=5"),
        ],
        yDomain: -20...80, yTicks: [(-20, "−20"), (0, "0"), (40, "40"), (80, "80")])

    /// Three rows by four columns with two empty cells; one row label and three cells link.
    static let heatmap = Charts.heatmap(
        id: "heat", title: title, description: description,
        rows: [(evil, "/loc/1"), ("Location with a label far longer than twenty-eight characters", nil), ("Short", nil)],
        columns: ["W1", "W2", "W3", "W4"],
        cells: [
            [cell(-80, link: "/c/1"), cell(-10), nil, cell(0)],
            [cell(25, low: true), cell(50, link: "/c/2"), cell(75), cell(100)],
            [nil, cell(-100), cell(5, link: "/c/3"), cell(40)],
        ])

    static func cell(_ value: Double, link: String? = nil, low: Bool = false) -> Charts.HeatCell {
        Charts.HeatCell(value: value, text: "\(Int(value))", tooltip: "NPS \(Int(value))", link: link, lowSample: low)
    }

    /// Two of three segments link.
    static let stackedBar = Charts.stackedBar(
        id: "mix", title: title, description: description,
        segments: [(evil, 0.2, .bad, "/r?band=d"), ("Passives 30%", 0.3, .neutral, nil), ("Promoters 50%", 0.5, .good, "/r?band=p")])

    /// Scores 0…10; every score but 5 links.
    static let histogram = Charts.histogram(
        id: "scores", title: title, description: description,
        bars: (0...10).map(bar))

    static func bar(_ score: Int) -> (label: String, count: Int, tone: Charts.Tone, link: String?, countText: String) {
        let tone: Charts.Tone = score <= 6 ? .bad : score <= 8 ? .neutral : .good
        return (score == 0 ? evil : "\(score)", score * 3, tone, score == 5 ? nil : "/r?score=\(score)", "\(score * 3)")
    }

    /// Three touchpoints; two link.
    static let rankedBars = Charts.rankedBars(
        id: "pain", title: title, description: description,
        rows: [(evil, 120, "120", "/t/1"), ("Delivery", 60, "60", nil), ("Parking", 0, "0", "/t/3")])

    /// Each chart by name, with the id it was given and how many of its marks link.
    static let all: [(name: String, id: String, svg: String, links: Int)] = [
        ("trend", "trend", trend.rendered, 4), ("heatmap", "heat", heatmap.rendered, 4),
        ("stackedBar", "mix", stackedBar.rendered, 2), ("histogram", "scores", histogram.rendered, 10),
        ("rankedBars", "pain", rankedBars.rendered, 2),
    ]

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test("is an accessible svg named by its escaped title and description", arguments: all.map(\.name))
    func accessibleFrame(name: String) throws {
        let chart = try #require(Self.all.first { $0.name == name })
        let svg = chart.svg
        #expect(svg.hasPrefix("<div class=\"chart\"><svg") && svg.hasSuffix("</svg></div>"), "an svg in its scrolling box")
        #expect(svg.contains("style=\"min-width:"), "keeps a readable size on a narrow screen")
        #expect(svg.contains("role=\"img\""))
        #expect(svg.contains("viewBox=\"0 0 "))
        #expect(svg.contains("aria-labelledby=\"\(chart.id)-title \(chart.id)-desc\""))
        #expect(svg.contains("<title id=\"\(chart.id)-title\">") && svg.contains("<desc id=\"\(chart.id)-desc\">"))
        #expect(svg.contains(">NPS &amp; trends</title>"))
        #expect(svg.contains(">Weekly NPS &lt;with&gt; 95% intervals</desc>"))
        #expect(!svg.contains("<script"))
    }

    @Test("escapes labels", arguments: all.map(\.name))
    func escapesLabels(name: String) throws {
        let svg = try #require(Self.all.first { $0.name == name }).svg
        #expect(!svg.contains(Self.evil))
        #expect(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    }

    @Test("links each linked mark once", arguments: all.map(\.name))
    func linksEachMark(name: String) throws {
        let chart = try #require(Self.all.first { $0.name == name })
        #expect(Self.count("<a href=", in: chart.svg) == chart.links)
    }

    @Test func linksAreEscapedAttributes() {
        #expect(Self.trend.rendered.contains("href=\"/r?w=1&amp;x=2\""))
    }

    @Test func trendBreaksTheLineAtAMissingValue() throws {
        let svg = Self.trend.rendered
        let start = try #require(svg.range(of: "<path d=\""))
        let d = svg[start.upperBound...].prefix { $0 != "\"" }
        #expect(d.filter { $0 == "M" }.count == 2)
        #expect(Self.count("<polygon", in: svg) == 2)
        #expect(Self.count("<circle", in: svg) == 8)  // a dot and a hit target per value
    }

    @Test func trendWithoutGapsIsOneLine() throws {
        let svg = Charts.trend(
            id: "t", title: "T", description: "D",
            points: (1...20).map { Self.point("w\($0)", Double($0)) },
            yDomain: 0...30, yTicks: []
        ).rendered
        let start = try #require(svg.range(of: "<path d=\""))
        #expect(svg[start.upperBound...].prefix { $0 != "\"" }.filter { $0 == "M" }.count == 1)
        #expect(Self.count("text-anchor=\"middle\"", in: svg) <= 8)  // x labels thinned
    }

    @Test func heatmapDrawsOneRectPerCell() {
        let svg = Self.heatmap.rendered
        #expect(Self.count("<rect", in: svg) == 10)
        #expect(svg.contains("stroke-dasharray"))  // the low-sample cell
        #expect(svg.contains("<title>Location with a label far longer than twenty-eight characters</title>"))
        #expect(svg.contains("far l…</text>"))
    }

    @Test func stackedBarPercentagesAddUpToAHundred() {
        #expect(Charts.wholePercents([1.0 / 3, 1.0 / 3, 1.0 / 3]).reduce(0, +) == 100)
        #expect(Charts.wholePercents([0.236, 0.305, 0.459]) == [24, 30, 46])
        #expect(Self.stackedBar.rendered.contains(">20%</text>"))
    }

    @Test func emptyChartsStillRender() {
        for svg in [
            Charts.trend(id: "a", title: "T", description: "D", points: [], yDomain: 0...1, yTicks: []),
            Charts.heatmap(id: "b", title: "T", description: "D", rows: [], columns: [], cells: []),
            Charts.stackedBar(id: "c", title: "T", description: "D", segments: []),
            Charts.histogram(id: "d", title: "T", description: "D", bars: []),
            Charts.rankedBars(id: "e", title: "T", description: "D", rows: []),
        ] {
            #expect(svg.rendered.hasPrefix("<div class=\"chart\"><svg") && svg.rendered.hasSuffix("</svg></div>"))
            #expect(!svg.rendered.contains("nan") && !svg.rendered.contains("inf"))
        }
    }
}
