import Foundation
import Vapor

/// What an export endpoint answers with, chosen by `?format=` (`csv` when absent).
package enum ExportFormat: String, CaseIterable, Sendable {
    case csv, xlsx

    package static let xlsxMediaType = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    /// The query parameter every export endpoint declares.
    package static let parameter = QueryParameter.oneOf("format", allCases.map(\.rawValue))

    /// The caller's choice; anything else is 400 `invalid_query` naming the parameter.
    package static func of(_ req: Request) throws -> ExportFormat {
        guard let raw = req.query[String.self, at: "format"], !raw.isEmpty else { return .csv }
        guard let format = ExportFormat(rawValue: raw) else {
            throw APIError(status: .badRequest, code: "invalid_query",
                           message: "format 只能是 csv 或 xlsx / format must be csv or xlsx")
        }
        return format
    }
}

extension ExportTable {
    /// The file in the caller's format, named `filename` (without extension; Chinese is kept, sent
    /// as RFC 5987 `filename*` beside an ASCII fallback).
    package func response(_ req: Request, filename: String) throws -> Response {
        let format = try ExportFormat.of(req)
        var headers = HTTPHeaders()
        let body: Data
        switch format {
        case .csv:
            headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
            body = csv()
        case .xlsx:
            headers.contentType = ExportFormat.xlsxMediaType
            body = try xlsx()
        }
        let name = filename + "." + format.rawValue
        let ascii = String(name.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: ".-_"))) ?? ascii
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)")
        return Response(status: .ok, headers: headers, body: .init(data: body))
    }
}
