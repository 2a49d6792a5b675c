import PatrolDomain
import PinganDomain
import ServerCore
import Vapor

/// The routes of plans and their activation (P9), with who may call each (justice-side roles get 404).
package enum PlanRoutes {
    /// Who writes and activates plans: the command centre county-wide, a station commander within
    /// the station's subtree (the plan's org unit decides).
    package static let planners: [Role] = [.admin, .dispatcher, .stationCommander]

    private static func policy(_ roles: [Role], _ scope: AccessPolicy.Scope = .none) -> AccessPolicy {
        AccessPolicy(.roles(Set(roles)), scope: scope, refusal: .notFound)
    }

    package static let plans = Endpoint(.GET, "/api/v1/plans", summary: "预案列表（重点部位、巡逻路线、卡点部署）/ Plans in scope: key sites, patrol routes, posts",
                                        tag: "plans", query: QueryParameter.paging + [.oneOf("kind", PlanKind.allCases.map(\.rawValue)), .flag("active")],
                                        response: "Plan", list: true, policy: policy(PatrolRoutes.commanders, .listInSubtree("plan")))
    package static let createPlan = Endpoint(.POST, "/api/v1/plans", summary: "新建预案（幂等：客户端生成 id）/ Create a plan (idempotent by client id)",
                                             tag: "plans", body: "PlanInput", response: "Plan", status: 201, policy: policy(planners))
    package static let plan = Endpoint(.GET, "/api/v1/plans/{id}", summary: "预案 / One plan", tag: "plans", response: "Plan",
                                       policy: policy(PatrolRoutes.commanders, .recordInSubtree("plan")))
    package static let updatePlan = Endpoint(.PATCH, "/api/v1/plans/{id}",
                                             summary: "修改预案（整体替换；旧版本 409）/ Replace a plan's content (a stale baseVersion is 409)",
                                             tag: "plans", body: "PlanUpdate", response: "Plan", policy: policy(planners, .recordInSubtree("plan")))
    package static let retirePlan = Endpoint(.POST, "/api/v1/plans/{id}/retire", summary: "删除（停用）预案；启动中的不能删除 / Retire a plan (not while active)",
                                             tag: "plans", response: "Plan", policy: policy(planners, .recordInSubtree("plan")))
    package static let activatePlan = Endpoint(.POST, "/api/v1/plans/{id}/activate",
                                               summary: "启动预案：一步生成各岗位任务（幂等：客户端生成 id；已启动 409）/ Activate: one task per post in one step (idempotent by client id; already active is 409)",
                                               tag: "plans", body: "PlanActivate", response: "PlanActivation", status: 201,
                                               policy: policy(planners, .recordInSubtree("plan")))
    package static let activations = Endpoint(.GET, "/api/v1/plan-activations",
                                              summary: "预案启动记录与各岗位到位情况（民警看本单元的任务）/ Activations in scope with each post's arrival (an officer: their unit's tasks)",
                                              tag: "plans", query: QueryParameter.paging + [.flag("open"), .uuid("plan"), .anyOf("kind", PlanKind.allCases.map(\.rawValue)),
                                                                              .dateTime("from"), .dateTime("to"), .uuid("orgUnit")],
                                              response: "PlanActivation", list: true, policy: policy(PatrolRoutes.police, .listInSubtree("planActivation")))
    package static let activation = Endpoint(.GET, "/api/v1/plan-activations/{id}",
                                             summary: "预案启动：各岗位单元、计划与实际到达、是否按时 / An activation: each post's unit, planned and actual arrival, within target",
                                             tag: "plans", response: "PlanActivation", policy: policy(PatrolRoutes.police, .recordInSubtree("planActivation")))
    package static let deactivate = Endpoint(.POST, "/api/v1/plan-activations/{id}/deactivate",
                                             summary: "解除预案：结束任务，单元恢复巡逻 / Deactivate: end the tasks and free the units",
                                             tag: "plans", response: "PlanActivation", policy: policy(planners, .recordInSubtree("planActivation")))
    /// 预案管理: the list, a plan's map, create and edit.
    package static let plansPage = Endpoint.page("/patrol/plans", policy: policy(PatrolRoutes.commanders, .listInSubtree("plan")))

    package static let all: [Endpoint] = [plans, createPlan, plan, updatePlan, retirePlan, activatePlan, activations, activation, deactivate, plansPage]

    /// Schemas its operations name, for the API document.
    package static var schemas: [String: Any] { OpenAPIDocument.planSchemas }

    /// Menu entries for a role.
    package static func menu(for role: Role) -> [MenuItem] {
        PatrolRoutes.commanders.contains(role) && role.works(in: .police) ? [MenuItem(plansPage.link(), "预案管理")] : []
    }
}

/// Registers the routes of plans and their activation (P9).
struct PlanController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(PlanRoutes.plans, use: PlanAPI.list)
        routes.on(PlanRoutes.createPlan, use: PlanAPI.create)
        routes.on(PlanRoutes.plan, use: PlanAPI.show)
        routes.on(PlanRoutes.updatePlan, use: PlanAPI.update)
        routes.on(PlanRoutes.retirePlan, use: PlanAPI.retire)
        routes.on(PlanRoutes.activatePlan, use: PlanAPI.activate)
        routes.on(PlanRoutes.activations, use: PlanAPI.activations)
        routes.on(PlanRoutes.activation, use: PlanAPI.activation)
        routes.on(PlanRoutes.deactivate, use: PlanAPI.deactivate)
        routes.on(PlanRoutes.plansPage, use: PlanPage.render)
    }
}
