import Foundation
import PinganDomain

/// A table as a county official takes it away: a title, typed columns with Chinese headers and
/// widths, and rows. Every table and ledger that exports builds one of these; `csv()` and
/// `xlsx()` write it, and `ExportFormat.response` answers with the file the caller asked for.
package struct ExportTable: Sendable {
    /// How a column's cells are shown in a spreadsheet.
    package enum Kind: Sendable, Equatable {
        case text
        /// Whole numbers with a thousands separator (#,##0).
        case integer
        /// Decimals with `places` digits.
        case decimal(places: Int)
        /// A share between 0 and 1, shown as a percentage with one decimal (0.0%).
        case percent
        /// A date (yyyy-mm-dd), in China time.
        case date
        /// A date and time (yyyy-mm-dd hh:mm), in China time.
        case dateTime
    }

    package struct Column: Sendable {
        package var header: String
        package var kind: Kind
        /// Width in characters (a Chinese character counts about 2); nil: from the header.
        package var width: Double?

        package init(_ header: String, _ kind: Kind = .text, width: Double? = nil) {
            self.header = header; self.kind = kind; self.width = width
        }
    }

    package enum Cell: Sendable, Equatable {
        case text(String)
        case integer(Int)
        case number(Double)
        case date(Date)
        case empty
    }

    /// The sheet's name (at most 31 characters in a workbook) and the file's title row.
    package var title: String
    package var columns: [Column]
    package var rows: [[Cell]]

    package init(title: String, columns: [Column], rows: [[Cell]] = []) {
        self.title = title; self.columns = columns; self.rows = rows
    }

    /// China time for dates: the county's day, whatever the server's zone.
    static var chinaCalendar: Calendar { PinganCalendar.shanghai }
}

extension ExportTable.Cell: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    package init(stringLiteral value: String) { self = .text(value) }
    package init(integerLiteral value: Int) { self = .integer(value) }
    package init(_ value: String?) { self = value.map(Self.text) ?? .empty }
    package init(_ value: Int?) { self = value.map(Self.integer) ?? .empty }
    package init(_ value: Double?) { self = value.map(Self.number) ?? .empty }
    package init(_ value: Date?) { self = value.map(Self.date) ?? .empty }
}
