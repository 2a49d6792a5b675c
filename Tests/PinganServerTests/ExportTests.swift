import Foundation
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// The one export path every table and ledger uses (#12, "Exports"): CSV with a UTF-8 BOM and
/// `.xlsx`, read back by Python's `csv` and by openpyxl, each giving every Chinese field exactly.
@Suite("Exports: CSV and .xlsx")
struct ExportTests {
    static let day = ISO8601DateFormatter().date(from: "2026-03-01T02:30:00Z")!  // 10:30 in China

    /// Text that breaks naive writers: Chinese, quotes, commas, line breaks, a leading formula
    /// character, XML's special characters, a control character, and an empty cell.
    static var table: ExportTable {
        ExportTable(title: "调解统计表:2026/第一季度", columns: [
            .init("单位"), .init("受理数", .integer), .init("调解成功率", .percent), .init("平均用时（天）", .decimal(places: 2)),
            .init("登记日期", .date), .init("处警时间", .dateTime), .init("备注"),
        ], rows: [
            ["城关镇", 1_793, .number(0.9731), .number(3.25), .date(day), .date(day), .text("张三、李四\"宅基地\"纠纷，已履行")],
            ["=HYPERLINK(\"x\")", 0, .number(1), .number(0), .date(day), .date(day), .text("第一行\n第二行 <a&b> '引号'\u{0007}")],
            [.text("讲武城镇"), .integer(12), .empty, .number(0.5), .empty, .empty, .empty],
        ])
    }

    @Test("CSV: a UTF-8 BOM, and Python's csv module gives back every field exactly; a formula is kept as text")
    func csvRoundTrip() async throws {
        let rows = try await ExportReader.csvRows(Self.table.csv())
        #expect(rows.count == 4)
        #expect(rows[0] == ["单位", "受理数", "调解成功率", "平均用时（天）", "登记日期", "处警时间", "备注"])
        #expect(rows[1] == ["城关镇", "1793", "0.9731", "3.25", "2026-03-01", "2026-03-01 10:30", "张三、李四\"宅基地\"纠纷，已履行"])
        #expect(rows[2][0] == "'=HYPERLINK(\"x\")", "a leading = is defused")
        #expect(rows[2][6] == "第一行\n第二行 <a&b> '引号'\u{0007}")
        #expect(rows[3] == ["讲武城镇", "12", "", "0.50", "", "", ""])
    }

    @Test(".xlsx: openpyxl reads every Chinese field exactly, the formats by column, a bold header and a valid sheet name")
    func xlsxRoundTrip() async throws {
        let book = try await ExportReader.xlsx(Self.table.xlsx())
        #expect(book.sheet == "调解统计表_2026_第一季度", "':' and '/' are not allowed in a sheet name")
        #expect(book.boldHeader)
        #expect(book.rows.count == 4)
        #expect(book.rows[0] == ["单位", "受理数", "调解成功率", "平均用时（天）", "登记日期", "处警时间", "备注"])
        #expect(book.rows[1] == ["城关镇", "1793", "0.9731", "3.25", "2026-03-01 10:30", "2026-03-01 10:30", "张三、李四\"宅基地\"纠纷，已履行"])
        #expect(book.rows[2][0] == "=HYPERLINK(\"x\")", "text in a cell is never a formula, so it is kept as typed")
        #expect(book.rows[2][6] == "第一行\n第二行 <a&b> '引号'", "the control character XML forbids is dropped, the rest kept")
        #expect(book.rows[3] == ["讲武城镇", "12", "", "0.5", "", "", ""])
        #expect(book.formats == ["General", "#,##0", "0.0%", "#,##0.00", "yyyy-mm-dd", "yyyy-mm-dd hh:mm", "General"])
    }

    @Test("An export endpoint answers ?format=csv or xlsx with its type and a Chinese file name; another format is 400")
    func response() async throws {
        try await withApp(.sqlite, seed: false) { app in
            app.get("api", "v1", "export-probe") { req in try Self.table.response(req, filename: "调解统计-2026") }
            let csv = try await app.sendRequest(.GET, "api/v1/export-probe")
            #expect(csv.status == .ok && csv.headers.contentType?.subType == "csv")
            #expect(csv.headers.first(name: .contentDisposition)?.contains("filename*=UTF-8''%E8%B0%83") == true)
            let xlsx = try await app.sendRequest(.GET, "api/v1/export-probe?format=xlsx")
            #expect(xlsx.headers.contentType == ExportFormat.xlsxMediaType)
            #expect(try await ExportReader.xlsx(Data(buffer: xlsx.body)).rows.count == 4)
            let bad = try await app.sendRequest(.GET, "api/v1/export-probe?format=pdf")
            #expect(bad.status == .badRequest && bad.body.string.contains("invalid_query"))
        }
    }
}
