import PatrolDomain
import PinganDomain
import ServerCore
import Vapor

/// The routes of community groups, their webhooks and tips (P8), with who may call each (justice-side roles get 404).
package enum CommunityRoutes {
    /// Who keeps the groups and sends notices: the command centre and station commanders (and
    /// administrators), each within their own subtree; they also decide leads.
    package static let staff: [Role] = PatrolRoutes.dispatchers
    private static func policy(_ roles: [Role], _ scope: AccessPolicy.Scope = .none) -> AccessPolicy {
        AccessPolicy(.roles(Set(roles)), scope: scope, refusal: .notFound)
    }
    private static var inGroup: AccessPolicy { policy(staff, .recordInSubtree("communityGroup")) }

    // MARK: Groups
    package static let groups = Endpoint(.GET, "/api/v1/community-groups",
                                         summary: "四进四联群组（成员电话脱敏）/ Community groups in scope, members' phones masked",
                                         tag: "community",
                                         query: QueryParameter.paging + [.oneOf("kind", CommunityGroupKind.allCases.map(\.rawValue)), .uuid("area"), .flag("archived")],
                                         response: "CommunityGroup", list: true, policy: policy(staff, .listInSubtree("communityGroup")))
    package static let createGroup = Endpoint(.POST, "/api/v1/community-groups",
                                              summary: "新建群组（幂等：客户端生成 id）/ Create a group with its members (idempotent by client id)",
                                              tag: "community", body: "CommunityGroupInput", response: "CommunityGroup", status: 201, policy: policy(staff))
    package static let group = Endpoint(.GET, "/api/v1/community-groups/{id}", summary: "群组及成员（电话脱敏）/ One group with its members, phones masked",
                                        tag: "community", response: "CommunityGroup", policy: inGroup)
    package static let updateGroup = Endpoint(.PUT, "/api/v1/community-groups/{id}",
                                              summary: "修改群组与成员（已有成员不填电话则保留原号码）/ Change a group and its members (an existing member without a phone keeps theirs)",
                                              tag: "community", body: "CommunityGroupUpdate", response: "CommunityGroup", policy: inGroup)
    package static let archiveGroup = Endpoint(.POST, "/api/v1/community-groups/{id}/archive",
                                               summary: "停用群组（保留已发通知的记录）/ Archive a group (notices sent to it keep naming it)",
                                               tag: "community", response: "CommunityGroup", policy: inGroup)

    // MARK: Notices out
    package static let notices = Endpoint(.GET, "/api/v1/community-notices",
                                          summary: "群组通知及其向短信网关的投递状态 / Notices to groups in scope with their delivery to the messaging gateway",
                                          tag: "community", query: QueryParameter.paging, response: "CommunityNotice", list: true,
                                          policy: policy(staff, .listInSubtree("communityNotice")))
    package static let sendNotice = Endpoint(.POST, "/api/v1/community-notices",
                                             summary: "向一个或多个群组发通知：与投递记录同一事务写入，经签名 webhook 发往短信网关，失败退避重试（幂等：客户端生成 id）/ Send a notice: stored with its outbox row in one transaction, sent to the gateway by a signed webhook, retried with backoff (idempotent by client id)",
                                             tag: "community", body: "CommunityNoticeInput", response: "CommunityNotice", status: 201, policy: policy(staff))
    package static let notice = Endpoint(.GET, "/api/v1/community-notices/{id}", summary: "一条通知及每次投递尝试 / One notice with each delivery attempt",
                                         tag: "community", response: "CommunityNotice", policy: policy(staff, .recordInSubtree("communityNotice")))

    // MARK: Tips in
    package static let tips = Endpoint(.POST, "/api/v1/community-tips",
                                       summary: "短信网关回传的群众线索（签名 webhook：X-Pingan-Timestamp 为 Unix 秒，X-Pingan-Signature 为 sha256=HMAC-SHA256(密钥, 时间戳 + \".\" + 原始请求体) 的十六进制；无签名、伪造或时间偏差超过 5 分钟为 401；同一 id 重发只存一次）/ A tip from the messaging gateway (signed webhook: X-Pingan-Timestamp in Unix seconds, X-Pingan-Signature sha256=hex HMAC-SHA256 over timestamp + \".\" + raw body; unsigned, forged or more than 5 minutes off is 401; a resent id is stored once)",
                                       tag: "community", body: "CommunityTip", response: "CommunityTipReceipt", status: 201, policy: .signature)

    // MARK: Leads
    package static let leads = Endpoint(.GET, "/api/v1/community-leads", summary: "群众线索 / Leads from community tips in scope",
                                        tag: "community",
                                        query: QueryParameter.paging + [.oneOf("status", CommunityLeadStatus.allCases.map(\.rawValue))],
                                        response: "CommunityLead", list: true, policy: policy(PatrolRoutes.commanders, .listInSubtree("communityLead")))
    package static let lead = Endpoint(.GET, "/api/v1/community-leads/{id}", summary: "一条线索 / One lead", tag: "community",
                                       response: "CommunityLead", policy: policy(PatrolRoutes.commanders, .recordInSubtree("communityLead")))
    package static let promoteLead = Endpoint(.POST, "/api/v1/community-leads/{id}/incident",
                                              summary: "线索转警情（只能一次，再转 409）/ Turn the lead into an incident (once: a second try is 409)",
                                              tag: "community", body: "CommunityLeadPromotion", response: "CommunityLead", status: 201,
                                              policy: policy(staff, .recordInSubtree("communityLead")))
    package static let dismissLead = Endpoint(.POST, "/api/v1/community-leads/{id}/dismiss", summary: "排除线索（须填理由）/ Dismiss the lead, with a reason",
                                              tag: "community", body: "CommunityLeadDismissal", response: "CommunityLead",
                                              policy: policy(staff, .recordInSubtree("communityLead")))

    // MARK: Page
    package static let page = Endpoint.page("/patrol/community", policy: policy(staff, .listInSubtree("communityGroup")))

    package static let all: [Endpoint] = [groups, createGroup, group, updateGroup, archiveGroup, notices, sendNotice, notice, tips,
                                          leads, lead, promoteLead, dismissLead, page]

    /// Schemas its operations name, for the API document.
    package static var schemas: [String: Any] { OpenAPIDocument.communitySchemas }

    /// Menu entries for a role.
    package static func menu(for role: Role) -> [MenuItem] {
        staff.contains(role) && role.works(in: .police) ? [MenuItem(page.link(), "四进四联")] : []
    }
}

/// Registers the routes of community groups, their webhooks and tips (P8).
struct CommunityController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let groups = CommunityGroupController(), notices = CommunityNoticeController(), leads = CommunityLeadController()
        routes.on(CommunityRoutes.groups, use: groups.list)
        routes.on(CommunityRoutes.createGroup, use: groups.create)
        routes.on(CommunityRoutes.group, use: groups.show)
        routes.on(CommunityRoutes.updateGroup, use: groups.update)
        routes.on(CommunityRoutes.archiveGroup, use: groups.archive)
        routes.on(CommunityRoutes.notices, use: notices.list)
        routes.on(CommunityRoutes.sendNotice, use: notices.send)
        routes.on(CommunityRoutes.notice, use: notices.show)
        routes.on(CommunityRoutes.leads, use: leads.list)
        routes.on(CommunityRoutes.lead, use: leads.show)
        routes.on(CommunityRoutes.promoteLead, use: leads.promote)
        routes.on(CommunityRoutes.dismissLead, use: leads.dismiss)
        // The gateway's tips: the raw body, collected whole by the default strategy, is what was signed.
        routes.on(CommunityRoutes.tips, use: CommunityTipController().receive)
        routes.on(CommunityRoutes.page, use: CommunityPage().render)
    }
}
