import PinganDomain
import ServerCore
import Vapor

/// The routes of ledgers of department rooms and professional committees (M10), enterprise disputes (M14) and quality-based evaluation (M12), with who may call each.
/// Police and governance roles get 404: these records are none of their business (X1).
package enum LedgerRoutes {
    /// A ledger is kept by the room's or committee's own staff and read by the bureau.
    package static let ledgerKeepers: [Role] = [.admin, .justiceBureauStaff, .mediationRoomStaff, .mediator]
    /// Enterprise disputes and 法律进企业 visits: justice staff (lawyers go on visits but do not record them).
    package static let enterpriseStaff: [Role] = MediationRoutes.staff
    /// Ratings are the bureau's and the township judicial offices' tool, never the rated's.
    package static let evaluators: [Role] = [.admin, .justiceBureauStaff, .judicialOfficeStaff]

    private static func policy(_ roles: [Role], _ scope: AccessPolicy.Scope) -> AccessPolicy {
        AccessPolicy(.roles(Set(roles)), scope: scope, refusal: .notFound)
    }

    // MARK: Ledgers (M10)
    package static let ledgers = Endpoint(.GET, "/api/v1/ledgers", summary: "台帐单位（部门调解室、专业调委会）/ Units keeping a ledger",
                                          tag: "ledgers", query: QueryParameter.paging, response: "LedgerUnit", list: true, policy: policy(ledgerKeepers, .listInSubtree("ledgerUnit")))
    package static let ledger = Endpoint(.GET, "/api/v1/ledgers/{id}",
                                         summary: "台帐：受理纠纷、法定时限与超期 / A unit's ledger with its statutory time limits",
                                         tag: "ledgers", query: [.dateTime("from"), .dateTime("to")], response: "Ledger",
                                         policy: policy(ledgerKeepers, .recordInSubtree("ledgerUnit")))
    package static let ledgerExport = Endpoint(.GET, "/api/v1/ledgers/{id}/export", summary: "导出台帐（CSV 或 Excel）/ Export the ledger",
                                               tag: "ledgers", query: [.dateTime("from"), .dateTime("to"), ExportFormat.parameter], response: "Export",
                                               policy: policy(ledgerKeepers, .recordInSubtree("ledgerUnit")))

    // MARK: Enterprise disputes (M14)
    package static let enterprises = Endpoint(.GET, "/api/v1/enterprises", summary: "涉企纠纷的企业及其纠纷、走访 / Enterprises with their disputes and visits",
                                              tag: "ledgers", query: QueryParameter.paging, response: "Enterprise", list: true,
                                              policy: policy(enterpriseStaff, .listInSubtree("enterprise")))
    package static let enterprise = Endpoint(.GET, "/api/v1/enterprises/{id}", summary: "企业详情：涉企纠纷与法律进企业走访 / One enterprise",
                                             tag: "ledgers", response: "EnterpriseDetail", policy: policy(enterpriseStaff, .recordInSubtree("enterprise")))
    package static let recordVisit = Endpoint(.POST, "/api/v1/enterprises/{id}/visits",
                                              summary: "记录法律进企业走访（幂等：客户端生成 id）/ Record a visit (idempotent by client id)",
                                              tag: "ledgers", body: "EnterpriseVisitInput", response: "EnterpriseVisit", status: 201,
                                              policy: policy(enterpriseStaff, .recordInSubtree("enterprise")))
    package static let flagDispute = Endpoint(.PUT, "/api/v1/disputes/{id}/enterprise",
                                              summary: "标记涉企纠纷并写明企业（留痕）/ Flag a dispute as enterprise-related (audited)",
                                              tag: "ledgers", body: "EnterpriseFlagInput", response: "EnterpriseFlag",
                                              policy: policy(enterpriseStaff, .recordInSubtree("dispute")))
    package static let unflagDispute = Endpoint(.DELETE, "/api/v1/disputes/{id}/enterprise", summary: "取消涉企标记（留痕）/ Clear the flag (audited)",
                                                tag: "ledgers", response: "EnterpriseFlag", policy: policy(enterpriseStaff, .recordInSubtree("dispute")))

    // MARK: Evaluation (M12)
    package static let evaluation = Endpoint(.GET, "/api/v1/evaluation",
                                             summary: "调解质量评价（不按件数排名）与金牌调解员、品牌调解室候选 / Quality ratings and candidates, never by volume",
                                             tag: "ledgers", query: [.uuid("orgUnit"), .dateTime("from"), .dateTime("to")], response: "Evaluation",
                                             policy: policy(evaluators, .listInSubtree("dispute")))

    // MARK: Pages
    package static let ledgersPage = Endpoint.page("/ledgers", policy: policy(ledgerKeepers, .listInSubtree("ledgerUnit")))
    package static let ledgerPage = Endpoint.page("/ledgers/{id}", query: [.dateTime("from"), .dateTime("to")],
                                                  policy: policy(ledgerKeepers, .recordInSubtree("ledgerUnit")))
    package static let enterprisesPage = Endpoint.page("/enterprises", policy: policy(enterpriseStaff, .listInSubtree("enterprise")))
    package static let evaluationPage = Endpoint.page("/evaluation", query: [.uuid("orgUnit"), .dateTime("from"), .dateTime("to")],
                                                      policy: policy(evaluators, .listInSubtree("dispute")))

    package static let all: [Endpoint] = [
        ledgers, ledger, ledgerExport, enterprises, enterprise, recordVisit, flagDispute, unflagDispute, evaluation,
        ledgersPage, ledgerPage, enterprisesPage, evaluationPage,
    ]

    /// Schemas its operations name, for the API document.
    package static var schemas: [String: Any] { LedgerSchemas.all }

    /// Menu entries for a role.
    package static func menu(for role: Role) -> [MenuItem] {
        var items: [MenuItem] = []
        if ledgerKeepers.contains(role) { items.append(MenuItem(ledgersPage.link(), "台帐")) }
        if enterpriseStaff.contains(role) { items.append(MenuItem(enterprisesPage.link(), "涉企纠纷")) }
        if evaluators.contains(role) { items.append(MenuItem(evaluationPage.link(), "质量评价")) }
        return items
    }
}

/// Registers the routes of ledgers of department rooms and professional committees (M10), enterprise disputes (M14) and quality-based evaluation (M12).
struct LedgerController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(LedgerRoutes.ledgers, use: LedgerAPI.units)
        routes.on(LedgerRoutes.ledger, use: LedgerAPI.ledger)
        routes.on(LedgerRoutes.ledgerExport, use: LedgerAPI.export)
        routes.on(LedgerRoutes.enterprises, use: EnterpriseAPI.list)
        routes.on(LedgerRoutes.enterprise, use: EnterpriseAPI.detail)
        routes.on(LedgerRoutes.recordVisit, use: EnterpriseAPI.recordVisit)
        routes.on(LedgerRoutes.flagDispute, use: EnterpriseAPI.flag)
        routes.on(LedgerRoutes.unflagDispute, use: EnterpriseAPI.unflag)
        routes.on(LedgerRoutes.evaluation, use: EvaluationAPI.show)
        routes.on(LedgerRoutes.ledgersPage, use: LedgerPages.units)
        routes.on(LedgerRoutes.ledgerPage, use: LedgerPages.ledger)
        routes.on(LedgerRoutes.enterprisesPage, use: EnterprisePage.show)
        routes.on(LedgerRoutes.evaluationPage, use: LedgerPages.evaluation)
    }
}
