import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import SQLKit
import Vapor

/// `/api/v1/video-notices` (P7, 视频通报): the video-patrol officer or the command centre raises a
/// notice of a suspect or a vehicle seen on camera, with its photo, to the grids it may reach;
/// every unit on duty there receives it and acknowledges it from the phone; a notice may become
/// an incident once. Raise, acknowledgement and conversion are in the audit log.
struct VideoNoticeController {
    func list(req: Request) async throws -> ListPage<VideoNoticeDTO> {
        let caller = try req.caller()
        let store = VideoNoticeStore(db: req.db)
        let q = try await store.visible(to: caller)
        if try Check.bool(req, "open") == true { try await store.unacknowledged(q, by: caller) }
        if let kinds = try Check.choices(req, "kind", VideoNoticeKind.self) { q.filter(\.$kind ~~ kinds.map(\.rawValue)) }
        if let incident = try Check.uuid(req, "incident") { q.filter(\.$incidentID == incident) }
        q.sort(\.$raisedAt, .descending).sort(\.$id)
        return try await q.pagedRows(try PageRequest(req)) { try await store.dtos($0) }
    }

    func show(req: Request) async throws -> VideoNoticeDTO {
        let store = VideoNoticeStore(db: req.db)
        return try await store.dtos([try await store.notice(try req.uuidParameter(what: "视频通报"), for: try req.caller())])[0]
    }

    /// The photo's bytes with their type, for an `<img>`; a notice without one is 404.
    func photo(req: Request) async throws -> Response {
        let m = try await VideoNoticeStore(db: req.db).notice(try req.uuidParameter(what: "视频通报"), for: try req.caller())
        guard let photo = try await VideoNoticePhotoModel.find(try m.requireID(), on: req.db) else { throw APIError.notFound("通报照片") }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: photo.contentType)
        headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=86400")
        return Response(status: .ok, headers: headers, body: .init(data: photo.bytes))
    }

    func raise(req: Request) async throws -> Response {
        let caller = try req.caller()
        let body = try req.content.decode(VideoNoticeInput.self)
        // Every check before a resend is answered: a bad body is refused even with a known id.
        let description = try Check.text(body.description, "description", max: VideoPatrolChecks.descriptionMax)
        let plate = try Check.optionalText(body.plate, "plate", max: VideoPatrolChecks.plateMax)
        let point = try VideoPatrolChecks.place(lat: body.place.lat, lon: body.place.lon)
        let label = try Check.optionalText(body.place.label, "place.label", max: 200) ?? ""
        let gridIDs = Array(Set(body.gridIds))
        guard (1...VideoPatrolChecks.gridsMax).contains(body.gridIds.count) else {
            throw DomainError.invalid("invalid_grids", "send to 1 to \(VideoPatrolChecks.gridsMax) grids", "目标网格须为 1 至 \(VideoPatrolChecks.gridsMax) 个")
        }
        let photo = try body.photo.map(Self.checkPhoto)
        if let stored = try await VideoNoticeModel.find(body.id, on: req.db) {
            guard stored.raisedBy == caller.userID else { throw APIError.idTaken(body.id) }
            return try await VideoNoticeStore(db: req.db).dtos([stored])[0].encodeResponse(status: .ok, for: req)
        }
        let grids = try await OrgUnitModel.query(on: req.db).filter(\.$id ~~ gridIDs).all()
        guard grids.count == gridIDs.count, grids.allSatisfy({ $0.kind == OrgUnitKind.patrolGrid.rawValue && caller.canSee($0) }) else {
            throw APIError.notFound("目标网格")
        }
        if let camera = body.cameraId {
            guard let c = try await CameraModel.find(camera, on: req.db), caller.canSee(path: c.scopePath) else { throw APIError.notFound("监控点位") }
        }
        let store = VideoNoticeStore(db: req.db)
        let units = try await store.recipients(in: gridIDs)
        let now = req.now
        let m = VideoNoticeModel()
        m.id = body.id
        m.kind = body.kind.rawValue; m.description = description; m.plate = plate; m.photoType = photo?.type.rawValue
        m.lat = point.lat; m.lon = point.lon; m.placeLabel = label
        m.seenAt = QueuedWriteTime.clamped(body.seenAt, now: now)
        m.cameraID = body.cameraId
        m.raisedBy = caller.userID; m.raisedName = caller.displayName; m.raisedAt = now
        m.scopePath = caller.scopePath
        let gridRows = try grids.map { g in
            let r = VideoNoticeGridModel(); r.noticeID = body.id; r.gridOrgUnitID = try g.requireID(); r.gridPath = g.path; return r
        }
        let recipientRows = try units.map { u in
            let r = VideoNoticeRecipientModel()
            r.noticeID = body.id; r.unitID = try u.requireID(); r.gridOrgUnitID = u.homeGridOrgUnitID!; r.stationPath = u.stationPath
            return r
        }
        let photoRow = photo.map { p in let r = VideoNoticePhotoModel(); r.id = body.id; r.contentType = p.type.rawValue; r.bytes = p.bytes; return r }
        let logged = ["kind": m.kind, "description": description, "plate": plate ?? "", "grids": grids.map(\.name).sorted().joined(separator: "、"),
                      "recipients": units.map(\.callSign).joined(separator: "、"), "photoBytes": String(photo?.bytes.count ?? 0)]
        let (saved, created) = try await IdempotentCreate.run(write: {
            try await req.db.writeTransaction { tx in
                try await m.create(on: tx)
                for r in gridRows { try await r.create(on: tx) }
                for r in recipientRows { try await r.create(on: tx) }
                if let photoRow { try await photoRow.create(on: tx) }
                try await AuditLog.record(on: tx, at: now, actor: caller, action: "video_notice.raised", entityType: "video_notice",
                                          entityID: body.id, before: Nothing?.none, after: logged)
            }
            return m
        }, stored: { try await VideoNoticeModel.find(body.id, on: req.db) })
        return try await store.dtos([saved]).first!.encodeResponse(status: created ? .created : .ok, for: req)
    }

    /// The photo's bytes and type, or the error the API document names: 413, 422 or 415.
    static func checkPhoto(_ text: String) throws -> (bytes: Data, type: NoticePhoto.ImageType) {
        do { return try NoticePhoto.check(base64: text) } catch {
            switch error {
            case .tooLarge:
                throw APIError(status: .payloadTooLarge, code: "photo_too_large",
                               message: "照片超过 \(NoticePhoto.maxBytes / 1024) KB / the photo is over \(NoticePhoto.maxBytes) bytes")
            case .notBase64:
                throw APIError(status: .unprocessableEntity, code: "invalid_photo", message: "照片不是有效的 base64 / the photo is not base64")
            case .unsupportedType:
                throw APIError(status: .unsupportedMediaType, code: "unsupported_photo_type",
                               message: "照片只能是 JPEG 或 PNG / the photo must be a JPEG or a PNG")
            }
        }
    }

    /// The officer's unit acknowledges: each of their crew's units the notice reached and that has
    /// not yet done so (or the one named). Acknowledging again changes nothing.
    func acknowledge(req: Request) async throws -> VideoNoticeDTO {
        let caller = try req.caller()
        let store = VideoNoticeStore(db: req.db)
        let m = try await store.notice(try req.uuidParameter(what: "视频通报"), for: caller)
        let body = try req.content.decode(VideoNoticeAcknowledgementInput.self)
        let id = try m.requireID()
        let crew = try await UnitStore(db: req.db).crewUnits(of: caller.userID)
        var rows = try await VideoNoticeRecipientModel.query(on: req.db).filter(\.$noticeID == id).all().filter { crew.contains($0.unitID) }
        if let unit = body.unitId {
            rows = rows.filter { $0.unitID == unit }
            guard !rows.isEmpty else { throw APIError.notFound("本单元的通报") }
        }
        let pending = rows.filter { $0.acknowledgedAt == nil }
        let at = QueuedWriteTime.clamped(body.at, now: req.now), now = req.now
        if !pending.isEmpty {
            let signs = try await IncidentController.callSigns(Set(pending.map(\.unitID)), on: req.db)
            try await req.db.writeTransaction { tx in
                for r in pending {
                    // Only if still unacknowledged: of two taps at once (two officers of one car), the first stands.
                    guard let sql = tx as? any SQLDatabase else { continue }
                    let won = try await sql.raw("""
                        UPDATE \(ident: VideoNoticeRecipientModel.schema) SET "acknowledged_at" = \(bind: at), "acknowledged_by" = \(bind: caller.userID),
                        "acknowledged_name" = \(bind: caller.displayName) WHERE "id" = \(bind: try r.requireID()) AND "acknowledged_at" IS NULL RETURNING "id"
                        """).all()
                    guard !won.isEmpty else { continue }
                    try await AuditLog.record(on: tx, at: now, actor: caller, action: "video_notice.acknowledged", entityType: "video_notice",
                                              entityID: id, before: Nothing?.none,
                                              after: ["unit": signs[r.unitID] ?? r.unitID.uuidString, "at": ISO8601DateFormatter().string(from: at)])
                }
            }
        }
        return try await store.dtos([m])[0]
    }

    /// 转为警情: records an incident at the notice's place through the incident store's intake
    /// (numbered, gridded and audited as any), and links the two. Once: a second conversion with
    /// another id is 409; a resend with the same id answers the same.
    func convert(req: Request) async throws -> Response {
        let caller = try req.caller()
        let store = VideoNoticeStore(db: req.db)
        let m = try await store.notice(try req.uuidParameter(what: "视频通报"), for: caller)
        let body = try req.content.decode(VideoNoticeConversionInput.self)
        let noticeID = try m.requireID(), now = req.now
        if let done = m.incidentID, done != body.id { throw Self.alreadyConverted(m) }
        let resend = m.incidentID == body.id
        // A resend finds its incident made; only a conversion cut short (claimed, not yet made) makes it now.
        if resend, try await IncidentModel.find(body.id, on: req.db) != nil {
            return try await store.dtos([m])[0].encodeResponse(status: .ok, for: req)
        }
        if !resend {
            try await req.db.writeTransaction { tx in
                guard let sql = tx as? any SQLDatabase else { return }
                let won = try await sql.raw("""
                    UPDATE \(ident: VideoNoticeModel.schema) SET "incident_id" = \(bind: body.id), "converted_name" = \(bind: caller.displayName),
                    "converted_at" = \(bind: now) WHERE "id" = \(bind: noticeID) AND "incident_id" IS NULL RETURNING "id"
                    """).all()
                guard !won.isEmpty else {
                    let current = try await VideoNoticeModel.find(noticeID, on: tx)
                    if current?.incidentID == body.id { return }
                    throw Self.alreadyConverted(current ?? m)
                }
                try await AuditLog.record(on: tx, at: now, actor: caller, action: "video_notice.converted", entityType: "video_notice",
                                          entityID: noticeID, before: ["incident": ""], after: ["incident": body.id.uuidString])
            }
        }
        let kind = VideoNoticeKind(rawValue: m.kind) ?? .other
        let text = "【视频通报转警情】\(kind.label)：\(m.description)" + (m.plate.map { "（车牌 \($0)）" } ?? "")
        let intake = IncidentIntake(type: body.type ?? kind.incidentType, priority: body.priority ?? .high,
                                    place: IncidentPlace(lat: m.lat, lon: m.lon, label: m.placeLabel), description: String(text.prefix(2000)),
                                    call: IncidentCall(callerName: String("视频巡逻·\(m.raisedName)".prefix(50)), callerPhone: "", at: now,
                                                       note: "视频通报 \(noticeID.uuidString)"))
        do {
            let done = try await IncidentStore(db: req.db).register(id: body.id, intake: intake, by: caller, now: now)
            if done.created {
                try await req.db.writeTransaction { tx in
                    try await AuditLog.record(on: tx, at: now, actor: caller, action: "incident.from_video_notice", entityType: "incident",
                                              entityID: body.id, before: Nothing?.none, after: ["videoNotice": noticeID.uuidString])
                }
            }
        } catch {
            // The incident was refused (its id already another's): the notice is free to convert again.
            if !resend {
                try await (req.db as? any SQLDatabase)?.raw("""
                    UPDATE \(ident: VideoNoticeModel.schema) SET "incident_id" = NULL, "converted_name" = NULL, "converted_at" = NULL
                    WHERE "id" = \(bind: noticeID) AND "incident_id" = \(bind: body.id)
                    """).run()
            }
            throw error
        }
        guard let fresh = try await VideoNoticeModel.find(noticeID, on: req.db) else { throw APIError.notFound("视频通报") }
        return try await store.dtos([fresh])[0].encodeResponse(status: resend ? .ok : .created, for: req)
    }

    static func alreadyConverted(_ m: VideoNoticeModel) -> APIError {
        APIError.conflict("该通报已由\(m.convertedName ?? "他人")转为警情 / the notice was already turned into an incident", code: "already_converted")
    }
}
