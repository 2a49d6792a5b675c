import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import Vapor

/// 现场记录台帐: the ledger as a desk page, for station commanders and the command centre: the
/// period's counts by kind, the filters, the records (ID numbers masked, revealed one at a time
/// and audited by `field-record-ledger.js`), 50 a page, and the CSV of the same filters.
enum FieldRecordPage {
    struct Option: Encodable { var value: String; var label: String; var selected: Bool }
    struct Row: Encodable {
        var id: String, at: String, kindLabel: String, subkindLabel: String, text: String, maskedId: String
        var callSign: String, stationName: String, officerName: String, place: String, incidentNumber: String, note: String
    }
    struct Count: Encodable { var label: String; var count: Int }
    struct Model: Encodable {
        var kinds: [Option], stations: [Option], from: String, to: String
        var rows: [Row], total: Int, shownFrom: Int, shownTo: Int
        var previous: String, next: String, exportLink: String
        var counts: [Count], canReveal: Bool
    }

    static func ledger(req: Request) async throws -> Response {
        let caller = try req.caller()
        let cal = PinganCalendar.shanghai
        // The form's days are Beijing days, `to` included.
        let fromDay = req.query[String.self, at: "from"].flatMap(LocalDate.init)
        let toDay = req.query[String.self, at: "to"].flatMap(LocalDate.init)
        let period = (fromDay?.start(in: cal), toDay?.adding(days: 1).start(in: cal))
        let page = try PageRequest(req)
        let list = try await FieldRecordController.ledger(req, period: period).pagedRows(page) { try await FieldRecordController.dtos($0, on: req.db) }
        let rows = list.items.map { r -> Row in
            var plain = r.details
            plain.idNumber = nil
            return Row(id: r.id.uuidString, at: PageFormat.dateTime(r.at), kindLabel: r.kindLabel, subkindLabel: r.subkindLabel ?? "",
                       text: FieldRecordKind(rawValue: r.kind).map { plain.summary(for: $0) } ?? r.summary, maskedId: r.details.idNumber ?? "",
                       callSign: r.callSign, stationName: r.stationName, officerName: r.officerName,
                       place: r.placeLabel ?? String(format: "%.5f, %.5f", r.lat, r.lon), incidentNumber: r.incidentNumber ?? "", note: r.note ?? "")
        }
        let chosenKinds = Set((req.query[String.self, at: "kind"] ?? "").split(separator: ",").map(String.init))
        let kinds = FieldRecordKind.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: chosenKinds.contains($0.rawValue)) }
        let chosenStation = req.query[String.self, at: "station"] ?? ""
        let stations = try await OrgUnitModel.query(on: req.db).filter(\.$kind == OrgUnitKind.policeStation.rawValue)
            .filter(\.$path =~ caller.scopePath).sort(\.$code).all()
            .map { Option(value: $0.id?.uuidString ?? "", label: $0.name, selected: $0.id?.uuidString == chosenStation) }
        // The links keep the filters and move the offset.
        var kept = URLComponents()
        kept.queryItems = ["kind", "subkind", "station", "unit", "from", "to", "incident"].compactMap { name in
            req.query[String.self, at: name].flatMap { $0.isEmpty ? nil : URLQueryItem(name: name, value: $0) }
        }
        func link(offset: Int) -> String {
            var c = kept
            c.queryItems = (c.queryItems ?? []) + [URLQueryItem(name: "offset", value: String(offset))]
            return FieldRecordRoutes.ledgerPage.link() + "?" + (c.percentEncodedQuery ?? "")
        }
        // The CSV reads the API's from/to: the same Beijing days as instants.
        var csv = URLComponents()
        csv.queryItems = (kept.queryItems ?? []).filter { $0.name != "from" && $0.name != "to" }
            + [period.0.map { URLQueryItem(name: "from", value: ISO8601DateFormatter().string(from: $0)) },
               period.1.map { URLQueryItem(name: "to", value: ISO8601DateFormatter().string(from: $0)) }].compactMap { $0 }
        let summary = try await periodCounts(req, period: period)
        let model = Model(kinds: kinds, stations: stations, from: fromDay?.description ?? "", to: toDay?.description ?? "",
                          rows: rows, total: list.total, shownFrom: list.total == 0 ? 0 : page.offset + 1, shownTo: page.offset + rows.count,
                          previous: page.offset > 0 ? link(offset: max(0, page.offset - page.limit)) : "",
                          next: page.offset + rows.count < list.total ? link(offset: page.offset + page.limit) : "",
                          exportLink: FieldRecordRoutes.exportCSV.link() + ((csv.queryItems ?? []).isEmpty ? "" : "?" + (csv.percentEncodedQuery ?? "")),
                          counts: summary, canReveal: FieldRecordRoutes.revealers.contains(caller.role))
        return try await PageController().render(req, "patrol/field-records", title: "现场记录台帐", actor: caller,
                                                 current: FieldRecordRoutes.ledgerPage.path, model)
    }

    /// The filtered records' counts by kind (all of them, not only this page's).
    static func periodCounts(_ req: Request, period: (Date?, Date?)) async throws -> [Count] {
        let rows = try await FieldRecordController.ledger(req, period: period).field(\.$id).field(\.$kind).all()
        var byKind: [String: Int] = [:]
        for r in rows { byKind[r.kind, default: 0] += 1 }
        return FieldRecordKind.allCases.compactMap { k in byKind[k.rawValue].map { Count(label: k.label, count: $0) } }
    }
}
