import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore

/// The ledger's one write path and its scope rule. A record is written once by its phone-made id
/// (a resend answers the stored one), with its audit record in the same transaction.
package struct FieldRecordStore {
    package let db: any Database

    /// The records `caller` may see: an officer those of the unit they are on shift with; everyone
    /// else those of units of stations in their subtree (a station commander the station's, the
    /// command centre and the county patrol office the county's).
    package func visible(to caller: Caller) async throws -> QueryBuilder<FieldRecordModel> {
        let q = FieldRecordModel.query(on: db)
        if caller.role == .patrolOfficer {
            return q.filter(\.$unitID ~~ Array(try await UnitStore(db: db).crewUnits(of: caller.userID)))
        }
        return q.filter(\.$stationPath =~ caller.scopePath)
    }

    /// The record `id` if `caller` sees it; otherwise the same 404 as an unknown id.
    package func record(_ id: UUID, for caller: Caller) async throws -> FieldRecordModel {
        guard let m = try await visible(to: caller).filter(\.$id == id).first() else { throw DomainError.notFound("现场记录") }
        return m
    }

    /// What a write left: the record as stored and whether this request stored it.
    package struct Written {
        package var model: FieldRecordModel
        package var created: Bool
    }

    /// Stores `model` (its id the phone's). The same id again from the same officer, unit and kind
    /// answers the stored record; from anything else it is `duplicate_id`.
    package func write(_ model: FieldRecordModel, by caller: Caller, now: Date) async throws -> Written {
        let id = try model.requireID()
        if let same = try await FieldRecordModel.find(id, on: db) { return Written(model: try Self.resend(same, of: model), created: false) }
        do {
            try await db.writeTransaction { tx in
                try await model.create(on: tx)
                try await AuditLog.record(on: tx, at: now, actor: caller, action: "field_record.create", entityType: "field_record", entityID: id,
                                          before: Nothing?.none, after: Self.auditView(model))
            }
            return Written(model: model, created: true)
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            // A resend racing its first copy: the first one stands.
            guard let same = try await FieldRecordModel.find(id, on: db) else { throw error }
            return Written(model: try Self.resend(same, of: model), created: false)
        }
    }

    static func resend(_ stored: FieldRecordModel, of sent: FieldRecordModel) throws -> FieldRecordModel {
        guard stored.unitID == sent.unitID, stored.officerID == sent.officerID, stored.kind == sent.kind else {
            throw DomainError.duplicateID(try sent.requireID())
        }
        return stored
    }

    /// The audit's view: the kind and its fields with the ID number masked (the log is read by
    /// administrators, who have no more need of it than the ledger).
    static func auditView(_ m: FieldRecordModel) -> [String: String] {
        var out = ["kind": m.kind, "unit": m.unitID.uuidString, "at": ISO8601DateFormatter().string(from: m.at), "details": m.details]
        if let number = m.idNumber { out["idNumber"] = Masking.idNumber(number) }
        if let incident = m.incidentID { out["incident"] = incident.uuidString }
        return out
    }

    package static func details(of m: FieldRecordModel) throws -> FieldRecordDetails {
        var d = try StoredJSON.decoder.decode(FieldRecordDetails.self, from: Data(m.details.utf8))
        d.idNumber = m.idNumber
        return d
    }

    /// The details as stored: everything but the ID number, which has its own column.
    package static func encode(_ details: FieldRecordDetails) throws -> String {
        var d = details
        d.idNumber = nil
        return String(decoding: try StoredJSON.encoder.encode(d), as: UTF8.self)
    }

    package init(db: any Database) { self.db = db }
}
