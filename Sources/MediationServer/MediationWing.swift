import Fluent
import MediationDomain
import PinganDomain
import ServerCore
import Vapor

/// 民调通 as the shared frame sees it: its migrations, routes, menu, home panels and demo year.
package struct MediationWing: Wing {
    package init() {}

    package var migrations: [any Migration] { MediationMigrations.all }

    package func register(_ routes: any RoutesBuilder) throws {
        let collections: [any RouteCollection] = [
            DisputeBoardController(), DisputeController(), MajorReportController(), InstructionController(), SupervisionOrderController(),
            AccountabilityController(), DiscussionController(), LawyerController(), ScreeningReportController(), StatisticsController(),
            PoliceLinkController(), MediationPages(), StatisticsPage(),
            CountyStatisticsController(), AnalysisReportController(), LedgerController(),
        ]
        for c in collections { try routes.register(collection: c) }
    }

    package var endpoints: [Endpoint] { MediationRoutes.all + CountyStatisticsRoutes.all + AnalysisReportRoutes.all + LedgerRoutes.all }

    package var schemas: [String: Any] {
        OpenAPIDocument.disputeSchemas.merging(OpenAPIDocument.directivesSchemas) { a, _ in a }.merging(OpenAPIDocument.policeLinkSchemas) { a, _ in a }
            .merging(CountyStatisticsRoutes.schemas) { a, _ in a }.merging(AnalysisReportRoutes.schemas) { a, _ in a }.merging(LedgerRoutes.schemas) { a, _ in a }
    }

    package func menu(for role: Role) -> [MenuItem] {
        guard role.works(in: .justice) else { return [] }
        var items: [MenuItem] = []
        if role != .lawyer { items.append(MenuItem(MediationRoutes.intakePage.link(), "纠纷登记")) }
        items.append(MenuItem(MediationRoutes.disputeListPage.link(), "纠纷列表"))
        if [.judicialOfficeStaff, .justiceBureauStaff, .admin].contains(role) { items.append(MenuItem(MediationRoutes.boardPage.link(), "每日看板")) }
        if ![.lawyer, .mediationRoomStaff].contains(role) { items.append(MenuItem(MediationRoutes.screeningPage.link(), "月度排查")) }
        if role != .lawyer { items.append(MenuItem(MediationRoutes.directivesPage.link(), "指令督办")) }
        items.append(MenuItem(MediationRoutes.statisticsPage.link(), "统计"))
        return items + CountyStatisticsRoutes.menu(for: role) + AnalysisReportRoutes.menu(for: role) + LedgerRoutes.menu(for: role)
    }

    package func homeCards(for role: Role) -> [HomeCard] {
        switch role {
        case .mediator, .judicialOfficeStaff, .justiceBureauStaff, .mediationRoomStaff, .lawyer:
            [HomeCard(href: MediationRoutes.disputeListPage.link(), title: "民调通", text: "纠纷登记与调处")]
        default: []
        }
    }

    package func homePanels(for caller: Caller, on db: any Database) async throws -> [HomePanel] {
        if MediationRoutes.staff.contains(caller.role) && caller.role.works(in: .justice) {
            return [try await FollowUpTasks(db: db).homePanel(for: caller)]
        }
        guard caller.role == .lawyer else { return [] }
        let asked = try await LawyerConsultations.list(for: caller, on: db)
        return [HomePanel(id: "consultations", title: "请我咨询的纠纷（\(asked.count)）",
                          items: asked.map { .init(href: MediationRoutes.disputePage.link($0.disputeId), title: $0.summary, note: $0.askedText, detail: $0.question) },
                          emptyText: "还没有咨询。")]
    }

    package func seedDemo(on app: Application, log: (String) -> Void) async throws {
        try await LawyerSeed.run(on: app, log: log)
    }

    /// X1: the police side reads disputes through this.
    package func boot(_ app: Application) throws {
        app.mediationBridge = MediationSideOfBridge()
    }
}
