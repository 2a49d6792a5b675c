import Foundation

extension ExportTable {
    /// The table as CSV (RFC 4180, CRLF) with a UTF-8 byte-order mark, so Excel and WPS open the
    /// Chinese text correctly. Numbers are written plainly (a percentage as its share, e.g. 0.973),
    /// dates in China time.
    package func csv() -> Data {
        var out = "\u{FEFF}" + columns.map { Self.csvField($0.header) }.joined(separator: ",") + "\r\n"
        for row in rows {
            out += columns.indices.map { i in
                Self.csvField(i < row.count ? Self.plainText(row[i], kind: columns[i].kind) : "")
            }.joined(separator: ",") + "\r\n"
        }
        return Data(out.utf8)
    }

    /// Quotes a CSV field, and defuses a leading formula character for spreadsheet users
    /// (a party's name typed as "=HYPERLINK(…)" must stay text).
    package static func csvField(_ s: String) -> String {
        var v = s
        if let f = v.first, "=+-@".contains(f), Double(v) == nil { v = "'" + v }
        return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A cell as text: what CSV writes, and what a spreadsheet's text cells hold.
    static func plainText(_ cell: Cell, kind: Kind) -> String {
        switch cell {
        case .text(let s): return s
        case .integer(let n): return String(n)
        case .number(let x):
            if case .decimal(let places) = kind { return String(format: "%.\(places)f", x) }
            return String(x)
        case .date(let d):
            let c = chinaCalendar.dateComponents([.year, .month, .day, .hour, .minute], from: d)
            let day = String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
            return kind == .dateTime ? day + String(format: " %02d:%02d", c.hour ?? 0, c.minute ?? 0) : day
        case .empty: return ""
        }
    }
}
