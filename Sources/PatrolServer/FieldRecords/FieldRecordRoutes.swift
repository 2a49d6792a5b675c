import PatrolDomain
import PinganDomain
import ServerCore
import Vapor

/// The routes of field records from the phone (P10, P11), with who may call each (justice-side roles get 404).
/// An officer records for the unit they are on shift with (the unit in the path, cut like their
/// other writes); the ledger is the station's subtree for a station commander, the county for the
/// command centre and the county patrol office, and the own unit's records for an officer.
package enum FieldRecordRoutes {
    private static func policy(_ roles: [Role], _ scope: AccessPolicy.Scope = .none) -> AccessPolicy {
        AccessPolicy(.roles(Set(roles)), scope: scope, refusal: .notFound)
    }
    /// Who reads full ID numbers (audited): the commanders who answer for the ledger, not the video
    /// desk and not the officer (who typed it and needs it no more).
    package static let revealers: [Role] = PatrolRoutes.deviceManagers

    /// Every sub-kind a record may carry (violations, venues, assistances; `other` once), for the `subkind` filter.
    package static let subkinds: [String] = (TrafficViolationKind.allCases.map(\.rawValue) + VenueKind.allCases.map(\.rawValue)
        + AssistanceKind.allCases.map(\.rawValue)).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }

    package static let ledgerQuery: [QueryParameter] = [
        .anyOf("kind", FieldRecordKind.allCases.map(\.rawValue)), .uuid("station"), .uuid("unit"), .dateTime("from"), .dateTime("to"), .uuid("incident"),
        .anyOf("subkind", subkinds),
    ]

    package static let list = Endpoint(.GET, "/api/v1/field-records",
                                       summary: "现场记录台帐（盘查、抓获、救助、交通违法、场所检查；身份证号脱敏）/ The ledger of field records in scope, ID numbers masked",
                                       tag: "field-records", query: QueryParameter.paging + ledgerQuery, response: "FieldRecord", list: true,
                                       policy: policy(PatrolRoutes.police, .listInSubtree("fieldRecord")))
    package static let record = Endpoint(.POST, "/api/v1/units/{id}/field-records",
                                         summary: "民警在岗时为本单元登记现场记录（经手机离线队列；幂等：客户端生成 id）/ An officer on the unit's shift records a field record (idempotent by client id)",
                                         tag: "field-records", body: "FieldRecordInput", response: "FieldRecord", status: 201,
                                         policy: policy([.patrolOfficer], .recordInSubtree("patrolUnit")))
    package static let show = Endpoint(.GET, "/api/v1/field-records/{id}", summary: "现场记录（身份证号脱敏）/ One field record, ID number masked",
                                       tag: "field-records", response: "FieldRecord", policy: policy(PatrolRoutes.police, .recordInSubtree("fieldRecord")))
    package static let reveal = Endpoint(.POST, "/api/v1/field-records/{id}/reveal",
                                         summary: "查看完整身份证号（留痕）/ Reveal the record's ID number (audited)",
                                         tag: "field-records", response: "FieldRecordReveal", policy: policy(revealers, .recordInSubtree("fieldRecord")))
    package static let summary = Endpoint(.GET, "/api/v1/field-records/summary",
                                          summary: "现场记录分类统计（按种类及违法、场所、求助类别）/ Counts of field records by kind (and violation, venue, assistance) in a period",
                                          tag: "field-records", query: [.dateTime("from"), .dateTime("to"), .uuid("station")], response: "FieldRecordSummary",
                                          policy: policy(PatrolRoutes.police, .listInSubtree("fieldRecord")))
    package static let exportCSV = Endpoint(.GET, "/api/v1/field-records/export.csv",
                                            summary: "导出现场记录台帐 CSV（身份证号脱敏）/ The ledger as CSV, ID numbers masked",
                                            tag: "field-records", query: ledgerQuery, response: "CSV",
                                            policy: policy(PatrolRoutes.police, .listInSubtree("fieldRecord")))
    /// 现场记录台帐: the desk page of the ledger, for the commanders.
    package static let ledgerPage = Endpoint.page("/patrol/field-records", query: QueryParameter.paging + ledgerQuery,
                                                  policy: policy(PatrolRoutes.commanders, .listInSubtree("fieldRecord")))

    package static let all: [Endpoint] = [list, record, show, reveal, summary, exportCSV, ledgerPage]
    /// Schemas its operations name, for the API document.
    package static var schemas: [String: Any] { OpenAPIDocument.fieldRecordSchemas }
    /// Menu entries for a role.
    package static func menu(for role: Role) -> [MenuItem] {
        PatrolRoutes.commanders.contains(role) && role.works(in: .police) ? [MenuItem(ledgerPage.link(), "现场记录台帐")] : []
    }
}
