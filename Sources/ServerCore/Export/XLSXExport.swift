import Foundation
import ZIPFoundation

/// The table as an Excel workbook (.xlsx): SpreadsheetML parts in a zip written by ZIPFoundation.
/// One sheet: a bold header row that stays in view, the columns' widths, and number formats by
/// column kind (#,##0, 0.00, 0.0%, yyyy-mm-dd). Text goes in inline strings, so no shared-string
/// table is needed; dates are Excel serial days in China time.
extension ExportTable {
    package func xlsx() throws -> Data {
        let archive = try Archive(accessMode: .create)
        let parts: [(String, String)] = [
            ("[Content_Types].xml", Self.contentTypes),
            ("_rels/.rels", Self.packageRels),
            ("xl/workbook.xml", workbookXML),
            ("xl/_rels/workbook.xml.rels", Self.workbookRels),
            ("xl/styles.xml", Self.stylesXML),
            ("xl/worksheets/sheet1.xml", sheetXML),
        ]
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    /// A sheet name Excel accepts: at most 31 characters, none of : \ / ? * [ ].
    var sheetName: String {
        let cleaned = String(title.map { ":\\/?*[]".contains($0) ? "_" : $0 }.prefix(31))
        return cleaned.isEmpty ? "Sheet1" : cleaned
    }

    var workbookXML: String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
        <sheets><sheet name="\(Self.escape(sheetName))" sheetId="1" r:id="rId1"/></sheets></workbook>
        """
    }

    var sheetXML: String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            <sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>\
            <cols>
            """
        for (i, c) in columns.enumerated() {
            xml += #"<col min="\#(i + 1)" max="\#(i + 1)" width="\#(String(format: "%.1f", width(of: c)))" customWidth="1"/>"#
        }
        xml += "</cols><sheetData><row r=\"1\">"
        for (i, c) in columns.enumerated() {
            xml += #"<c r="\#(Self.reference(column: i, row: 1))" s="\#(Style.header.rawValue)" t="inlineStr"><is><t>\#(Self.escape(c.header))</t></is></c>"#
        }
        xml += "</row>"
        for (r, row) in rows.enumerated() {
            let rowNumber = r + 2
            xml += "<row r=\"\(rowNumber)\">"
            for (i, column) in columns.enumerated() where i < row.count {
                let ref = Self.reference(column: i, row: rowNumber)
                switch row[i] {
                case .empty: continue
                case .text(let s):
                    xml += #"<c r="\#(ref)" t="inlineStr"><is><t xml:space="preserve">\#(Self.escape(s))</t></is></c>"#
                case .integer(let n):
                    xml += #"<c r="\#(ref)" s="\#(Style.of(column.kind).rawValue)"><v>\#(n)</v></c>"#
                case .number(let x):
                    xml += #"<c r="\#(ref)" s="\#(Style.of(column.kind).rawValue)"><v>\#(x.isFinite ? String(x) : "0")</v></c>"#
                case .date(let d):
                    xml += #"<c r="\#(ref)" s="\#(Style.of(column.kind).rawValue)"><v>\#(Self.serialDay(d))</v></c>"#
                }
            }
            xml += "</row>"
        }
        return xml + "</sheetData></worksheet>"
    }

    /// The column's width: as given, or wide enough for the header and the longest cell (a
    /// character outside ASCII counts 2), between 8 and 60.
    func width(of column: Column) -> Double {
        if let w = column.width { return w }
        guard let index = columns.firstIndex(where: { $0.header == column.header }) else { return 10 }
        func len(_ s: String) -> Int { s.unicodeScalars.reduce(0) { $0 + ($1.isASCII ? 1 : 2) } }
        var longest = len(column.header)
        for row in rows.prefix(500) where index < row.count {
            longest = max(longest, len(Self.plainText(row[index], kind: column.kind)))
        }
        return min(60, max(8, Double(longest) + 2))
    }

    /// The cell styles in `stylesXML`, by their index there.
    enum Style: Int {
        case plain = 0, header, integer, decimal2, percent, date, dateTime, decimal1
        static func of(_ kind: Kind) -> Style {
            switch kind {
            case .text: .plain
            case .integer: .integer
            case .decimal(let places): places <= 1 ? .decimal1 : .decimal2
            case .percent: .percent
            case .date: .date
            case .dateTime: .dateTime
            }
        }
    }

    /// Days since 1899-12-30 (Excel's day 0) of `date` in China time, with the time as a fraction.
    static func serialDay(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970 + Double(chinaCalendar.timeZone.secondsFromGMT(for: date))
        return String(format: "%.6f", seconds / 86_400 + 25_569)
    }

    /// "A1"-style reference of a zero-based column and a one-based row.
    static func reference(column: Int, row: Int) -> String {
        var n = column + 1, letters = ""
        while n > 0 {
            let r = (n - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + r))) + letters
            n = (n - 1) / 26
        }
        return letters + String(row)
    }

    /// Text for XML: the five entities escaped, and the control characters XML 1.0 forbids dropped.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
        <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
        <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
        </Types>
        """

    static let packageRels = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
        </Relationships>
        """

    static let workbookRels = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
        </Relationships>
        """

    /// Fonts: plain and bold; a grey fill for the header; number formats 3 (#,##0), 4 (#,##0.00)
    /// and our own 164–167. The `cellXfs` order is `Style`'s.
    static let stylesXML = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <numFmts count="4"><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd"/>\
        <numFmt numFmtId="166" formatCode="yyyy-mm-dd hh:mm"/><numFmt numFmtId="167" formatCode="#,##0.0"/></numFmts>\
        <fonts count="2"><font><sz val="11"/><name val="宋体"/></font><font><b/><sz val="11"/><name val="宋体"/></font></fonts>\
        <fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>\
        <fill><patternFill patternType="solid"><fgColor rgb="FFE8ECEF"/><bgColor indexed="64"/></patternFill></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="8">\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>\
        <xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        </cellXfs></styleSheet>
        """
}
