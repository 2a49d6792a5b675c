import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import SQLKit

/// Who sees a video notice, and who it reaches. An officer sees the notices sent to a unit they
/// are signed on to; everyone else those sent to a grid in their subtree (a station commander:
/// their station's grid) and those raised within it (the command centre's own).
struct VideoNoticeStore {
    let db: any Database

    /// The notices `caller` may see, as a query to filter and page further.
    func visible(to caller: Caller) async throws -> QueryBuilder<VideoNoticeModel> {
        let q = VideoNoticeModel.query(on: db)
        if caller.role == .patrolOfficer {
            let crew = try await UnitStore(db: db).crewUnits(of: caller.userID)
            guard !crew.isEmpty else { return q.filter(\.$id ~~ [UUID]()) }
            return q.filter(.sql(embed: "EXISTS (SELECT 1 FROM \(ident: VideoNoticeRecipientModel.schema) r WHERE r.notice_id = \(ident: VideoNoticeModel.schema).id AND r.unit_id IN (\(binds: Array(crew))))"))
        }
        let like = caller.scopePath + "%"
        return q.group(.or) {
            $0.filter(\.$scopePath =~ caller.scopePath)
                .filter(.sql(embed: "EXISTS (SELECT 1 FROM \(ident: VideoNoticeGridModel.schema) g WHERE g.notice_id = \(ident: VideoNoticeModel.schema).id AND g.grid_path LIKE \(bind: like))"))
        }
    }

    /// The notice `id` if `caller` sees it; otherwise the same 404 as an unknown id.
    func notice(_ id: UUID, for caller: Caller) async throws -> VideoNoticeModel {
        guard let m = try await visible(to: caller).filter(\.$id == id).first() else { throw APIError.notFound("视频通报") }
        return m
    }

    /// Only the notices some recipient has still to acknowledge (or that reached nobody); for an
    /// officer, those their own unit has still to acknowledge.
    func unacknowledged(_ q: QueryBuilder<VideoNoticeModel>, by caller: Caller) async throws {
        let notice = SQLIdentifier(VideoNoticeModel.schema), recipients = SQLIdentifier(VideoNoticeRecipientModel.schema)
        if caller.role == .patrolOfficer {
            let crew = Array(try await UnitStore(db: db).crewUnits(of: caller.userID))
            guard !crew.isEmpty else { q.filter(\.$id ~~ [UUID]()); return }
            q.filter(.sql(embed: "EXISTS (SELECT 1 FROM \(recipients) r WHERE r.notice_id = \(notice).id AND r.acknowledged_at IS NULL AND r.unit_id IN (\(binds: crew)))"))
            return
        }
        q.filter(.sql(embed: "(EXISTS (SELECT 1 FROM \(recipients) r WHERE r.notice_id = \(notice).id AND r.acknowledged_at IS NULL) OR NOT EXISTS (SELECT 1 FROM \(recipients) r2 WHERE r2.notice_id = \(notice).id))"))
    }

    /// The units a notice to `grids` reaches: those standing on duty there now (any status but
    /// off duty), by their home grid.
    func recipients(in grids: [UUID]) async throws -> [PatrolUnitModel] {
        try await PatrolUnitModel.query(on: db).filter(\.$homeGridOrgUnitID ~~ grids)
            .filter(\.$status != PatrolUnitStatus.offDuty.rawValue).sort(\.$callSign).all()
    }

    /// The answers for `rows`, with grids, recipients and camera names read once for the page.
    func dtos(_ rows: [VideoNoticeModel]) async throws -> [VideoNoticeDTO] {
        let ids = rows.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let grids = try await VideoNoticeGridModel.query(on: db).filter(\.$noticeID ~~ ids).all()
        let recipients = try await VideoNoticeRecipientModel.query(on: db).filter(\.$noticeID ~~ ids).all()
        let names = try await UnitNames.load(grids.map(\.gridOrgUnitID) + recipients.map(\.gridOrgUnitID), on: db)
        let signs = try await IncidentController.callSigns(Set(recipients.map(\.unitID)), on: db)
        let cameraIDs = rows.compactMap(\.cameraID)
        let cameras = cameraIDs.isEmpty ? [:]
            : Dictionary(uniqueKeysWithValues: try await CameraModel.query(on: db).filter(\.$id ~~ cameraIDs).all().map { ($0.id!, $0.name) })
        return try rows.map { m in
            let id = try m.requireID()
            let mine = recipients.filter { $0.noticeID == id }
                .map { VideoNoticeDTO.Recipient(unitId: $0.unitID, callSign: signs[$0.unitID] ?? "", gridName: names[$0.gridOrgUnitID] ?? "",
                                                acknowledgedAt: $0.acknowledgedAt, acknowledgedBy: $0.acknowledgedName) }
                .sorted { $0.callSign < $1.callSign }
            let tally = NoticeAcknowledgement(recipients: mine.count, acknowledged: mine.filter { $0.acknowledgedAt != nil }.count)
            return VideoNoticeDTO(
                id: id, kind: m.kind, kindLabel: VideoNoticeKind(rawValue: m.kind)?.label ?? m.kind, description: m.description, plate: m.plate,
                hasPhoto: m.photoType != nil, photoUrl: m.photoType == nil ? nil : VideoPatrolRoutes.noticePhoto.link(id),
                place: .init(lat: m.lat, lon: m.lon, label: m.placeLabel), seenAt: m.seenAt, cameraId: m.cameraID,
                cameraName: m.cameraID.flatMap { cameras[$0] }, raisedBy: m.raisedName, raisedAt: m.raisedAt,
                grids: grids.filter { $0.noticeID == id }.map { .init(id: $0.gridOrgUnitID, name: names[$0.gridOrgUnitID] ?? "") }.sorted { $0.name < $1.name },
                recipients: mine, recipientCount: tally.recipients, acknowledgedCount: tally.acknowledged, complete: tally.complete,
                incidentId: m.incidentID, convertedBy: m.convertedName, convertedAt: m.convertedAt)
        }
    }
}
