import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import Vapor

/// `/api/v1/field-records` (P10, P11): an officer records from the phone for the unit they are on
/// shift with; the ledger lists, counts and exports the records in scope with ID numbers masked;
/// a commander reveals one, audited.
struct FieldRecordController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(FieldRecordRoutes.list, use: list)
        routes.on(FieldRecordRoutes.record, use: record)
        routes.on(FieldRecordRoutes.show, use: show)
        routes.on(FieldRecordRoutes.reveal, use: reveal)
        routes.on(FieldRecordRoutes.summary, use: summary)
        routes.on(FieldRecordRoutes.exportCSV, use: exportCSV)
        routes.on(FieldRecordRoutes.ledgerPage, use: FieldRecordPage.ledger)
    }

    func list(req: Request) async throws -> ListPage<FieldRecordDTO> {
        try await Self.ledger(req).pagedRows(try PageRequest(req)) { try await Self.dtos($0, on: req.db) }
    }

    /// The ledger's query for the caller with the request's filters (kind, station, unit, from/to, incident), newest first.
    /// The page gives its own period (days of Beijing time); the API reads `from` and `to`.
    static func ledger(_ req: Request, period: (from: Date?, to: Date?)? = nil) async throws -> QueryBuilder<FieldRecordModel> {
        let q = try await FieldRecordStore(db: req.db).visible(to: try req.caller())
        if let kinds = try Check.choices(req, "kind", FieldRecordKind.self) { q.filter(\.$kind ~~ kinds.map(\.rawValue)) }
        if let raw = req.query[String.self, at: "subkind"], !raw.isEmpty {
            let subkinds = raw.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if let bad = subkinds.first(where: { !FieldRecordRoutes.subkinds.contains($0) }) {
                throw APIError.badRequest("subkind=\(bad) 无效 / invalid subkind", code: "invalid_query")
            }
            q.filter(\.$subkind ~~ subkinds)
        }
        try await Self.station(req, q)
        if let unit = try Check.uuid(req, "unit") { q.filter(\.$unitID == unit) }
        let period = try period ?? (try Check.date(req, "from"), try Check.date(req, "to"))
        if let from = period.from { q.filter(\.$at >= from) }
        if let to = period.to { q.filter(\.$at < to) }
        if let incident = try Check.uuid(req, "incident") { q.filter(\.$incidentID == incident) }
        return q.sort(\.$at, .descending).sort(\.$id)
    }

    /// `station`: the records of that org unit's subtree (an unknown one has none); the scope cut stays.
    static func station(_ req: Request, _ q: QueryBuilder<FieldRecordModel>) async throws {
        guard let station = try Check.uuid(req, "station") else { return }
        if let unit = try await OrgUnitModel.find(station, on: req.db) { q.filter(\.$stationPath =~ unit.path) } else { q.filter(\.$id ~~ [UUID]()) }
    }

    /// Records one field record for the unit in the path. The unit is found only while the officer
    /// is on its shift; the body is checked before a resend is answered, so a bad one is refused
    /// even with a known id.
    func record(req: Request) async throws -> Response {
        let caller = try req.caller()
        let unit = try await UnitStore(db: req.db).unit(try req.uuidParameter(what: "巡逻单元"), for: caller)
        let body = try req.content.decode(FieldRecordInput.self)
        guard (-90...90).contains(body.lat), (-180...180).contains(body.lon) else {
            throw DomainError.invalid("invalid_place", "the place is not a WGS84 coordinate", "现场位置坐标无效")
        }
        let details = try FieldRecordDetails(
            personName: try Check.optionalText(body.personName, "personName", max: FieldRecordDetails.nameMaxLength),
            idNumber: try Check.optionalText(body.idNumber, "idNumber", max: 18),
            plate: body.plate,   // as sent, not trimmed: the plate's pattern is the whole rule
            reason: try Check.optionalText(body.reason, "reason", max: FieldRecordDetails.reasonMaxLength),
            detentionDays: body.detentionDays, assistance: body.assistance, peopleHelped: body.peopleHelped, violation: body.violation,
            bloodAlcohol: body.bloodAlcohol, venueKind: body.venueKind,
            venueName: try Check.optionalText(body.venueName, "venueName", max: FieldRecordDetails.venueNameMaxLength), logistics: body.logistics
        ).validated(for: body.kind)
        let m = try FieldRecordModel(id: body.id, kind: body.kind, details: details, unit: unit, officerID: caller.userID, officerName: caller.displayName,
                                     at: QueuedWriteTime.clamped(body.at, now: req.now), recordedAt: req.now, lat: body.lat, lon: body.lon)
        m.placeLabel = try Check.optionalText(body.placeLabel, "placeLabel", max: 200)
        m.note = try Check.optionalText(body.note, "note", max: 500)
        if let incidentID = body.incidentId {
            // Only an incident the officer's unit works on (the incidents the officer sees); any other is as if unknown.
            guard let incident = try await IncidentModel.find(incidentID, on: req.db),
                  try await IncidentStore.sees(caller, record: incidentID, at: incident.scopePath, tasks: IncidentTaskModel.schema, key: "incident_id", on: req.db)
            else {
                throw DomainError(code: "unknown_incident", message: "no incident your unit works on has this id",
                                  messageZh: "关联的警情不存在或不是本单元处置的警情", kind: .refused)
            }
            m.incidentID = incidentID
        }
        let done = try await FieldRecordStore(db: req.db).write(m, by: caller, now: req.now)
        return try await Self.dtos([done.model], on: req.db)[0].encodeResponse(status: done.created ? .created : .ok, for: req)
    }

    func show(req: Request) async throws -> FieldRecordDTO {
        let m = try await FieldRecordStore(db: req.db).record(try req.uuidParameter(what: "现场记录"), for: try req.caller())
        return try await Self.dtos([m], on: req.db)[0]
    }

    /// The full ID number of one record, for the commander who must act on it; each reveal is in the audit log.
    func reveal(req: Request) async throws -> FieldRecordRevealDTO {
        let caller = try req.caller()
        let m = try await FieldRecordStore(db: req.db).record(try req.uuidParameter(what: "现场记录"), for: caller)
        guard let number = m.idNumber else {
            throw DomainError(code: "no_id_number", message: "this record has no ID number", messageZh: "该记录没有身份证号", kind: .conflict)
        }
        let details = try FieldRecordStore.details(of: m)
        try await AuditLog.record(on: req.db, at: req.now, actor: caller, action: "reveal", entityType: "field_record", entityID: m.id,
                                  before: Nothing?.none, after: ["kind": m.kind, "person": details.personName ?? "", "fields": "idNumber"])
        return FieldRecordRevealDTO(id: try m.requireID(), idNumber: number)
    }

    func summary(req: Request) async throws -> FieldRecordSummaryDTO {
        try await Self.summarise(req)
    }

    /// Counts of the records in scope in [from, to) (default: the 30 days to now), by kind and
    /// within kinds, and the logistics inspections' "三个100%" items not met.
    static func summarise(_ req: Request) async throws -> FieldRecordSummaryDTO {
        let to = try Check.date(req, "to") ?? req.now
        let from = try Check.date(req, "from") ?? to.addingTimeInterval(-30 * 86_400)
        let q = try await FieldRecordStore(db: req.db).visible(to: try req.caller())
        try await station(req, q)
        let rows = try await q.filter(\.$at >= from).filter(\.$at < to).field(\.$id).field(\.$kind).field(\.$subkind).all()
        var byKind: [String: Int] = [:], bySub: [String: Int] = [:]
        for r in rows { byKind[r.kind, default: 0] += 1; if let s = r.subkind { bySub[r.kind + "/" + s, default: 0] += 1 } }
        func counts<E: RawRepresentable & CaseIterable & Labelled>(_: E.Type, in kind: FieldRecordKind) -> [FieldRecordSummaryDTO.Count] where E.RawValue == String {
            E.allCases.compactMap { e in bySub[kind.rawValue + "/" + e.rawValue].map { .init(key: e.rawValue, label: e.label, count: $0) } }
        }
        // The logistics inspections' items, read from their details (a few hundred a year at most).
        let logisticsIDs = rows.filter { $0.kind == FieldRecordKind.venueInspection.rawValue && $0.subkind == VenueKind.logistics.rawValue }.compactMap(\.id)
        let checks = logisticsIDs.isEmpty ? [] : try await FieldRecordModel.query(on: req.db).filter(\.$id ~~ logisticsIDs).all()
            .compactMap { try FieldRecordStore.details(of: $0).logistics }
        let unmet = ["先验视后封箱", "寄递实名制", "X光机安检"].enumerated().map { i, label in
            FieldRecordSummaryDTO.Count(key: ["inspect_before_sealing", "real_name_registration", "x_ray_screening"][i], label: label,
                                        count: checks.filter { !$0.items[i].met }.count)
        }
        return FieldRecordSummaryDTO(
            from: from, to: to, stationId: try Check.uuid(req, "station"), total: rows.count,
            kinds: FieldRecordKind.allCases.map { .init(key: $0.rawValue, label: $0.label, count: byKind[$0.rawValue] ?? 0) },
            violations: counts(TrafficViolationKind.self, in: .trafficViolation), venues: counts(VenueKind.self, in: .venueInspection),
            assistances: counts(AssistanceKind.self, in: .publicAssistance),
            logistics: .init(inspections: checks.count, allMet: checks.filter(\.allMet).count, unmet: unmet))
    }

    /// The ledger as CSV for a spreadsheet (UTF-8 with a byte-order mark, so Excel reads the Chinese), ID numbers masked.
    func exportCSV(req: Request) async throws -> Response {
        let rows = try await Self.dtos(try await Self.ledger(req).limit(50_000).all(), on: req.db)
        var csv = "\u{FEFF}时间,种类,类别,内容,单元,派出所,民警,地点,纬度,经度,关联警情,备注\r\n"
        for r in rows {
            let fields = [PageFormat.dateTime(r.at), r.kindLabel, r.subkindLabel ?? "", r.summary, r.callSign, r.stationName, r.officerName,
                          r.placeLabel ?? "", String(format: "%.6f", r.lat), String(format: "%.6f", r.lon), r.incidentNumber ?? "", r.note ?? ""]
            csv += fields.map(AuditController.csvField).joined(separator: ",") + "\r\n"
        }
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: "pingan-field-records.csv")
        return Response(status: .ok, headers: headers, body: .init(string: csv))
    }

    static func dtos(_ rows: [FieldRecordModel], on db: any Database) async throws -> [FieldRecordDTO] {
        let signs = try await IncidentController.callSigns(Set(rows.map(\.unitID)), on: db)
        let stations = try await UnitNames.load(rows.map(\.stationOrgUnitID), on: db)
        let incidentIDs = Array(Set(rows.compactMap(\.incidentID)))
        let numbers = incidentIDs.isEmpty ? [:]
            : Dictionary(uniqueKeysWithValues: try await IncidentModel.query(on: db).filter(\.$id ~~ incidentIDs).all().map { ($0.id!, $0.number) })
        return try rows.map { m in
            let details = try FieldRecordStore.details(of: m)
            let kind = FieldRecordKind(rawValue: m.kind)
            return FieldRecordDTO(
                id: try m.requireID(), kind: m.kind, kindLabel: kind?.label ?? m.kind, subkind: m.subkind,
                subkindLabel: details.violation?.label ?? details.venueKind?.label ?? details.assistance?.label,
                unitId: m.unitID, callSign: signs[m.unitID] ?? "", stationId: m.stationOrgUnitID, stationName: stations[m.stationOrgUnitID] ?? "",
                officerName: m.officerName, at: m.at, recordedAt: m.recordedAt, lat: m.lat, lon: m.lon, placeLabel: m.placeLabel,
                incidentId: m.incidentID, incidentNumber: m.incidentID.flatMap { numbers[$0] }, note: m.note,
                summary: kind.map { details.summary(for: $0) } ?? "", details: details.masked, hasIdNumber: m.idNumber != nil)
        }
    }
}
