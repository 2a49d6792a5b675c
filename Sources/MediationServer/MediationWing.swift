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
        let api = routes.grouped("api", "v1")
        try api.register(collection: DisputeBoardController())
        try api.register(collection: DisputeController())
        try api.register(collection: MajorReportController())
        try api.register(collection: InstructionController())
        try api.register(collection: SupervisionOrderController())
        try api.register(collection: AccountabilityController())
        try api.register(collection: DiscussionController())
        try api.register(collection: LawyerController())
        try api.register(collection: ScreeningReportController())
        try api.register(collection: StatisticsController())
        try routes.register(collection: MediationPages())
        try routes.register(collection: StatisticsPage())
    }

    package var operations: [OpenAPIDocument.Operation] {
        OpenAPIDocument.disputeOperations + OpenAPIDocument.directivesOperations
    }

    package var schemas: [String: Any] {
        OpenAPIDocument.disputeSchemas.merging(OpenAPIDocument.directivesSchemas) { a, _ in a }
    }

    package func menu(for role: Role) -> [MenuItem] {
        guard role.works(in: .justice) else { return [] }
        var items: [MenuItem] = []
        if role != .lawyer { items.append(MenuItem("/disputes/new", "纠纷登记")) }
        items.append(MenuItem("/disputes", "纠纷列表"))
        if [.judicialOfficeStaff, .justiceBureauStaff, .admin].contains(role) { items.append(MenuItem("/board", "每日看板")) }
        if ![.lawyer, .mediationRoomStaff].contains(role) { items.append(MenuItem("/screening", "月度排查")) }
        if role != .lawyer { items.append(MenuItem("/directives", "指令督办")) }
        items.append(MenuItem("/statistics", "统计"))
        return items
    }

    package func homeCards(for role: Role) -> [HomeCard] {
        switch role {
        case .mediator, .judicialOfficeStaff, .justiceBureauStaff, .mediationRoomStaff, .lawyer:
            [HomeCard(href: "/disputes", title: "民调通", text: "纠纷登记与调处")]
        default: []
        }
    }

    package func homePanels(for caller: Caller, on db: any Database) async throws -> [HomePanel] {
        guard caller.role == .lawyer else { return [] }
        let asked = try await LawyerConsultations.list(for: caller, on: db)
        return [HomePanel(id: "consultations", title: "请我咨询的纠纷（\(asked.count)）",
                          items: asked.map { .init(href: "/disputes/\($0.disputeId)", title: $0.summary, note: $0.askedText, detail: $0.question) },
                          emptyText: "还没有咨询。")]
    }

    package func seedDemo(on app: Application, log: (String) -> Void) async throws {
        try await LawyerSeed.run(on: app, log: log)
    }
}
