import MediationDomain
import PinganDomain
import ServerCore
import Vapor

/// 民调通's routes, written once: every `/api/v1/...` operation of the wing and every page, with
/// who may call each. Controllers register from these, the API document is built from them and
/// the wing's links are made with `link(...)`.
package enum MediationRoutes {
    // MARK: Who
    /// The justice branch: everyone who works on disputes. Police and governance roles get 403.
    package static let justice: [Role] = Role.allCases.filter { $0.works(in: .justice) }
    /// The justice branch without lawyers, who only consult on disputes they are asked about.
    package static let staff: [Role] = justice.filter { $0 != .lawyer }
    /// Instructions, supervision orders and lawyers' departments come from the bureau (and admins).
    package static let issuers: [Role] = [.admin, .justiceBureauStaff]
    /// Collective discussions are convened by the bureau or a township judicial office.
    package static let conveners: [Role] = [.admin, .justiceBureauStaff, .judicialOfficeStaff]

    private static func inDispute(_ roles: [Role] = justice) -> AccessPolicy { .only(roles, scope: .recordInSubtree("dispute")) }
    private static func listing(_ kind: String, _ roles: [Role] = justice) -> AccessPolicy { .only(roles, scope: .listInSubtree(kind)) }
    private static func record(_ kind: String, _ roles: [Role] = justice) -> AccessPolicy { .only(roles, scope: .recordInSubtree(kind)) }

    // MARK: Query parameters, as the handlers check them
    package static let disputeQuery: [QueryParameter] = [
        .uuid("orgUnit"), .anyOf("stage", DisputeStage.allCases.map(\.rawValue)), .anyOf("risk", RiskLevel.allCases.map(\.rawValue)),
        .anyOf("category", DisputeCategory.allCases.map(\.rawValue)), .anyOf("level", MediationLevel.allCases.map(\.rawValue)),
        .dateTime("from"), .dateTime("to"), .text("q", maxLength: 50), .flag("overdue"), .flag("dueSoon"), .flag("open"),
        .dateTime("changedSince"),
    ]
    package static let commandQuery: [QueryParameter] = [.uuid("orgUnit"), .dateTime("from"), .dateTime("to")]
    package static let month = QueryParameter("month", .string(pattern: "^[0-9]{4}-(0[1-9]|1[0-2])$"))

    // MARK: Disputes (M1–M7, M13)
    package static let disputes = Endpoint(.GET, "/api/v1/disputes", summary: "纠纷列表 / Disputes in scope", tag: "disputes",
                                           query: QueryParameter.paging + disputeQuery, response: "DisputeListItem", list: true, policy: listing("dispute"))
    package static let registerDispute = Endpoint(.POST, "/api/v1/disputes",
                                                  summary: "登记纠纷（幂等：客户端生成 id）/ Register a dispute (idempotent by client id)",
                                                  tag: "disputes", body: "RegisterDispute", response: "DisputeDetail", status: 201,
                                                  policy: .only(staff))
    package static let duplicates = Endpoint(.POST, "/api/v1/disputes/duplicates", summary: "保存前查重 / Possible duplicates of an intake",
                                             tag: "disputes", body: "RegisterDispute", response: "DuplicateList",
                                             policy: listing("dispute"))
    package static let dispute = Endpoint(.GET, "/api/v1/disputes/{id}", summary: "纠纷详情（证件号、电话已遮蔽）/ One dispute, masked",
                                          tag: "disputes", response: "DisputeDetail", policy: inDispute())
    package static let disputeEvents = Endpoint(.GET, "/api/v1/disputes/{id}/events", summary: "纠纷事件记录 / The dispute's event history",
                                                tag: "disputes", response: "EventList", policy: inDispute())
    package static let appendEvent = Endpoint(.POST, "/api/v1/disputes/{id}/events",
                                              summary: "追加事件（幂等：客户端生成 id；baseVersion 过期返回 409）/ Append an event (idempotent; stale baseVersion is 409)",
                                              tag: "disputes", body: "AppendEvent", response: "DisputeDetail", status: 201, policy: inDispute())
    package static let reveal = Endpoint(.POST, "/api/v1/disputes/{id}/reveal",
                                         summary: "查看完整证件号与电话（留痕）/ Reveal ID numbers and phones (audited)",
                                         tag: "disputes", response: "Object", policy: inDispute(staff))
    package static let board = Endpoint(.GET, "/api/v1/disputes/board", summary: "司法所每日看板 / Township daily board (M7)",
                                        tag: "disputes", query: [.uuid("orgUnit")], response: "Board", policy: listing("dispute"))
    package static let majorReports = Endpoint(.GET, "/api/v1/major-reports", summary: "重大纠纷报告 / Major-dispute reports in scope",
                                               tag: "disputes", query: QueryParameter.paging + [.flag("acknowledged")], response: "MajorReport", list: true,
                                               policy: listing("majorReport"))
    package static let acknowledgeReport = Endpoint(.POST, "/api/v1/major-reports/{id}/acknowledge", summary: "签收报告 / Acknowledge a report",
                                                    tag: "disputes", response: "MajorReport", policy: record("majorReport"))
    package static let statistics = Endpoint(.GET, "/api/v1/statistics",
                                             summary: "调解统计（由记录计算）/ Mediation statistics computed from the records (M13)",
                                             tag: "disputes", query: commandQuery, response: "Statistics", policy: listing("dispute"))

    // MARK: X1: police calls, follow-up tasks, 警调对接
    package static let followUpTasks = Endpoint(.GET, "/api/v1/follow-up-tasks",
                                                summary: "跟进任务（同一当事人再次报警或报警称有暴力时派给承办调委会）/ Follow-up tasks raised by repeated or violent police calls",
                                                tag: "disputes", query: QueryParameter.paging + [.flag("open")], response: "FollowUpTask", list: true,
                                                policy: listing("followUpTask", staff))
    package static let followUpTask = Endpoint(.GET, "/api/v1/follow-up-tasks/{id}", summary: "跟进任务 / One follow-up task",
                                               tag: "disputes", response: "FollowUpTask", policy: record("followUpTask", staff))
    package static let acknowledgeFollowUpTask = Endpoint(.POST, "/api/v1/follow-up-tasks/{id}/acknowledge", summary: "签收跟进任务 / Acknowledge a follow-up task",
                                                          tag: "disputes", response: "FollowUpTask", policy: record("followUpTask", staff))
    package static let closeFollowUpTask = Endpoint(.POST, "/api/v1/follow-up-tasks/{id}/close",
                                                    summary: "办结跟进任务（须填情况）/ Close a follow-up task with a note",
                                                    tag: "disputes", body: "FollowUpClose", response: "FollowUpTask", policy: record("followUpTask", staff))
    package static let policeHandovers = Endpoint(.GET, "/api/v1/police-handovers",
                                                  summary: "公安移交的纠纷（警调对接）/ Incidents the police handed over to mediation",
                                                  tag: "disputes", query: QueryParameter.paging + [.flag("pending")], response: "PoliceHandover", list: true,
                                                  policy: listing("policeHandover", staff))
    package static let acknowledgePoliceHandover = Endpoint(.POST, "/api/v1/police-handovers/{id}/acknowledge",
                                                            summary: "接收公安移交（乡镇司法所或县司法局）/ Take receipt of a handover (township or bureau)",
                                                            tag: "disputes", response: "PoliceHandover",
                                                            policy: record("policeHandover", conveners))
    package static let disputePoliceLinks = Endpoint(.GET, "/api/v1/disputes/{id}/police-links",
                                                     summary: "纠纷关联的警情（编号、时间、地点，不含警情内容）与跟进任务 / The dispute's police links (number, time, place; not the police record) and follow-up tasks",
                                                     tag: "disputes", response: "PoliceLinks", policy: inDispute())

    // MARK: 指令督办 and the county command side (M8, M9, M11)
    package static let instructions = Endpoint(.GET, "/api/v1/instructions", summary: "工作指令列表 / Work instructions in scope (M8)",
                                               tag: "directives", query: QueryParameter.paging + commandQuery + [.oneOf("status", ["open", "replied"])],
                                               response: "Instruction", list: true, policy: listing("instruction"))
    package static let issueInstruction = Endpoint(.POST, "/api/v1/instructions",
                                                   summary: "下达工作指令（县司法局；幂等：客户端生成 id）/ Issue a work instruction (bureau; idempotent by client id)",
                                                   tag: "directives", body: "CreateInstruction", response: "Instruction", status: 201,
                                                   policy: .only(issuers))
    package static let instruction = Endpoint(.GET, "/api/v1/instructions/{id}",
                                              summary: "工作指令详情（含未签收、未回复单位）/ One instruction with who has not answered",
                                              tag: "directives", response: "Instruction", policy: record("instruction"))
    package static let acknowledgeInstruction = Endpoint(.POST, "/api/v1/instructions/{id}/acknowledge",
                                                         summary: "接收单位签收 / A recipient unit acknowledges", tag: "directives",
                                                         body: "InstructionAcknowledgement", response: "Instruction", policy: record("instruction"))
    package static let replyInstruction = Endpoint(.POST, "/api/v1/instructions/{id}/reply", summary: "接收单位回复 / A recipient unit replies",
                                                   tag: "directives", body: "InstructionReply", response: "Instruction", policy: record("instruction"))
    package static let supervisionOrders = Endpoint(.GET, "/api/v1/supervision-orders", summary: "督办单列表 / Supervision orders in scope (M8)",
                                                    tag: "directives",
                                                    query: QueryParameter.paging + commandQuery + [.oneOf("status", ["open", "answered", "overdue"]), .uuid("disputeId")],
                                                    response: "SupervisionOrder", list: true, policy: listing("supervisionOrder"))
    package static let placeSupervision = Endpoint(.POST, "/api/v1/supervision-orders",
                                                   summary: "督办纠纷（县司法局；记入纠纷事件）/ Place a supervision order on a dispute (bureau; recorded as a dispute event)",
                                                   tag: "directives", body: "CreateSupervisionOrder", response: "SupervisionOrder", status: 201,
                                                   policy: .only(issuers))
    package static let supervisionOrder = Endpoint(.GET, "/api/v1/supervision-orders/{id}", summary: "督办单详情 / One supervision order",
                                                   tag: "directives", response: "SupervisionOrder", policy: record("supervisionOrder"))
    package static let answerSupervision = Endpoint(.POST, "/api/v1/supervision-orders/{id}/answer", summary: "承办单位回复督办 / The assignee unit answers",
                                                    tag: "directives", body: "SupervisionAnswer", response: "SupervisionOrder",
                                                    policy: record("supervisionOrder"))
    package static let accountability = Endpoint(.GET, "/api/v1/accountability-records",
                                                 summary: "责任追究记录（督办逾期）/ Accountability records for missed supervision deadlines",
                                                 tag: "directives", query: QueryParameter.paging + commandQuery, response: "AccountabilityRecord", list: true,
                                                 policy: listing("accountabilityRecord"))
    package static let discussions = Endpoint(.GET, "/api/v1/discussions", summary: "集体讨论列表 / Collective discussions of difficult disputes (M9)",
                                              tag: "directives", query: QueryParameter.paging + commandQuery + [.oneOf("status", ["scheduled", "held"]), .uuid("disputeId")],
                                              response: "Discussion", list: true, policy: listing("discussion"))
    package static let scheduleDiscussion = Endpoint(.POST, "/api/v1/discussions", summary: "安排集体讨论 / Schedule a collective discussion",
                                                     tag: "directives", body: "CreateDiscussion", response: "Discussion", status: 201,
                                                     policy: .only(conveners))
    package static let discussion = Endpoint(.GET, "/api/v1/discussions/{id}", summary: "集体讨论详情 / One discussion", tag: "directives",
                                             response: "Discussion", policy: record("discussion"))
    package static let holdDiscussion = Endpoint(.POST, "/api/v1/discussions/{id}/hold", summary: "记录会议纪要 / Record that it was held, with minutes",
                                                 tag: "directives", body: "HoldDiscussion", response: "Discussion", policy: record("discussion", conveners))
    package static let decideDiscussion = Endpoint(.POST, "/api/v1/discussions/{id}/decide",
                                                   summary: "作出决定（附于纠纷：comment_added「集体讨论决定：…」）/ Record the decision (attached to the dispute as a comment)",
                                                   tag: "directives", body: "DecideDiscussion", response: "Discussion", policy: record("discussion", conveners))
    package static let lawyers = Endpoint(.GET, "/api/v1/lawyers", summary: "律师及分包部门 / Lawyers and their departments (M11)", tag: "directives",
                                          query: QueryParameter.paging + [.uuid("orgUnit")], response: "Lawyer", list: true, policy: .only(justice))
    /// Lawyers serve the whole county, so any justice role may look one up.
    package static let lawyer = Endpoint(.GET, "/api/v1/lawyers/{id}", summary: "律师详情 / One lawyer", tag: "directives", response: "Lawyer",
                                         policy: .only(justice))
    package static let assignLawyerDepartment = Endpoint(.POST, "/api/v1/lawyers/{id}/departments",
                                                         summary: "分包部门给该律师（县司法局）/ Assign a department to this lawyer (bureau)",
                                                         tag: "directives", body: "AssignLawyerDepartment", response: "Lawyer", policy: .only(issuers))
    package static let consultLawyer = Endpoint(.POST, "/api/v1/lawyers/{id}/consultations",
                                                summary: "请律师会诊纠纷（记为 assigned 事件）/ Ask the lawyer to consult on a dispute (an assigned event)",
                                                tag: "directives", body: "CreateConsultation", response: "Consultation", status: 201, policy: .only(staff))
    package static let screeningReports = Endpoint(.GET, "/api/v1/screening-reports", summary: "每月排查报告 / Monthly screening reports in scope (M9)",
                                                   tag: "directives", query: QueryParameter.paging + commandQuery + [month], response: "ScreeningReport", list: true,
                                                   policy: listing("screeningReport"))
    package static let submitScreening = Endpoint(.POST, "/api/v1/screening-reports",
                                                  summary: "村调解员报送本村月度排查（零报告：foundCount 0）/ A village mediator reports the month (nil report: foundCount 0)",
                                                  tag: "directives", body: "SubmitScreeningReport", response: "ScreeningReport", status: 201,
                                                  policy: .only([.mediator]))
    package static let missingScreening = Endpoint(.GET, "/api/v1/screening-reports/missing",
                                                   summary: "未报送的村 / Villages in scope without a report for the month",
                                                   tag: "directives", query: QueryParameter.paging + [.uuid("orgUnit"), month], response: "MissingScreening",
                                                   policy: listing("orgUnit"))
    package static let screeningReport = Endpoint(.GET, "/api/v1/screening-reports/{id}", summary: "排查报告详情 / One screening report",
                                                  tag: "directives", response: "ScreeningReport", policy: record("screeningReport"))
    package static let correctScreening = Endpoint(.PATCH, "/api/v1/screening-reports/{id}", summary: "更正排查报告（留痕）/ Correct a report (audited)",
                                                   tag: "directives", body: "CorrectScreeningReport", response: "ScreeningReport",
                                                   policy: record("screeningReport", [.mediator]))

    // MARK: Pages
    package static let disputeListPage = Endpoint.page("/disputes", query: disputeQuery + QueryParameter.paging, policy: listing("dispute"))
    package static let intakePage = Endpoint.page("/disputes/new", policy: .only(staff))
    package static let disputePage = Endpoint.page("/disputes/{id}", policy: inDispute())
    package static let caseFilePage = Endpoint.page("/disputes/{id}/file", policy: inDispute())
    /// `{doc}` is one of `CaseFileModel.Doc`; an unknown one is 404.
    package static let caseFileDocPage = Endpoint.page("/disputes/{id}/file/{doc}", policy: inDispute())
    package static let boardPage = Endpoint.page("/board", query: [.uuid("orgUnit")], policy: listing("dispute"))
    package static let screeningPage = Endpoint.page("/screening", query: [month], policy: .only(staff, scope: .listInSubtree("screeningReport")))
    package static let directivesPage = Endpoint.page("/directives", policy: .only(staff, scope: .listInSubtree("instruction")))
    /// The old address of 指令督办, kept so bookmarks still work: it redirects anyone to `directivesPage`
    /// (which has the gate), since the redirect itself tells nothing.
    package static let commandPage = Endpoint.page("/command", policy: .anyone)
    package static let statisticsPage = Endpoint.page("/statistics", query: commandQuery, policy: listing("dispute"))

    package static let api: [Endpoint] = [
        disputes, registerDispute, duplicates, dispute, disputeEvents, appendEvent, reveal, board, majorReports, acknowledgeReport,
        statistics, instructions, issueInstruction, instruction, acknowledgeInstruction, replyInstruction, supervisionOrders,
        placeSupervision, supervisionOrder, answerSupervision, accountability, discussions, scheduleDiscussion, discussion,
        holdDiscussion, decideDiscussion, lawyers, lawyer, assignLawyerDepartment, consultLawyer, screeningReports, submitScreening,
        missingScreening, screeningReport, correctScreening,
        followUpTasks, followUpTask, acknowledgeFollowUpTask, closeFollowUpTask, policeHandovers, acknowledgePoliceHandover, disputePoliceLinks,
    ]
    package static let pages: [Endpoint] = [
        disputeListPage, intakePage, disputePage, caseFilePage, caseFileDocPage, boardPage, screeningPage, directivesPage, commandPage,
        statisticsPage,
    ]
    package static let all: [Endpoint] = api + pages
}
