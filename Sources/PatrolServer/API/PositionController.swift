import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import Vapor

/// Positions in and tracks out (P3). A device posts its batch with its own token; the answer is
/// 2xx only once the batch is committed. A track is read for one unit between two times.
package struct PositionController: RouteCollection {
    /// A batch holds at most this many fixes: a phone that was offline for an hour at one fix per
    /// 10 s sends 360 in two batches, and no request holds the database long.
    package static let maxBatch = 500
    /// A track answer covers at most this long a time: a month's playback.
    package static let maxTrackSpan: TimeInterval = 31 * 86_400

    package func boot(routes: any RoutesBuilder) throws {
        routes.on(PatrolRoutes.positions, use: ingest)
        routes.on(PatrolRoutes.track, use: track)
    }

    package func ingest(req: Request) async throws -> FixBatchResult {
        // The device's token, never a user's: a user token finds no device and is 401 like any other.
        guard let token = req.headers.bearerAuthorization?.token else { throw APIError.unauthorized }
        let ingest = PositionIngest(db: req.db, live: req.application.livePositions, writer: req.application.fixWriter)
        guard let unit = try await ingest.unit(forToken: token) else { throw APIError.unauthorized }
        let body = try Self.batch(of: req)
        guard (1...Self.maxBatch).contains(body.fixes.count) else {
            throw APIError.validation("一批定位须有 1–\(Self.maxBatch) 个点 / a batch holds 1…\(Self.maxBatch) fixes")
        }
        // Every fix is checked before anything else, so a malformed batch is refused even from a
        // unit off duty (whose fixes are counted, not stored).
        let rules = FixRules()
        for f in body.fixes { try rules.validate(f, now: req.now) }
        let appended = try await ingest.accept(body.fixes, from: unit, for: body.unitId, now: req.now)
        PatrolMetrics.ingested(req.application, fixes: appended.stored)
        if appended.movedLive, let newest = appended.newest {
            await req.publishLive(.position(unit: unit.id, stationPath: unit.stationPath, PositionDTO(newest), origin: req.application.liveFeed.origin, at: req.now))
        }
        return FixBatchResult(stored: appended.stored, duplicates: appended.duplicates, offDuty: appended.offDuty)
    }

    /// The request's batch: the fast reader for a device's usual JSON, `JSONDecoder` for anything else.
    static func batch(of req: Request) throws -> FixBatchRequest {
        if req.headers.contentType == .json, let body = req.body.data,
           let batch = body.withUnsafeReadableBytes(FixBatchJSON.decode) {
            return batch
        }
        return try req.content.decode(FixBatchRequest.self)
    }

    package func track(req: Request) async throws -> TrackDTO {
        let caller = try req.caller()
        let unit = try await UnitStore(db: req.db).unit(try req.uuidParameter(what: "巡逻单元"), for: caller)
        let to = try Check.date(req, "to") ?? req.now
        // A longer span is cut to its last 31 days, and the answer says which times it covers;
        // `from` after `to` is an empty track.
        let from = max(try Check.date(req, "from") ?? to.addingTimeInterval(-86_400), to.addingTimeInterval(-Self.maxTrackSpan))
        let fixes = try await FixStore(db: req.db).track(unit: try unit.requireID(), from: from, to: to)
        return TrackDTO(unitId: try unit.requireID(), from: from, to: to, fixes: fixes.map { PositionDTO(fix: $0.fix, flags: $0.flags) })
    }
}
