import PatrolDomain
import PinganDomain
import ServerCore
import Vapor

/// 网格化巡控's routes, written once, with who may call each. Justice-side roles get 404 on every
/// one of them: the police side's existence is none of their business. Positions come from a
/// device's token, not a user's.
package enum PatrolRoutes {
    // MARK: Who
    /// The police branch (and administrators).
    package static let police: [Role] = Role.allCases.filter { $0.works(in: .police) }
    /// The command map's users: everyone on the police side but the officer, who has the phone page.
    package static let commanders: [Role] = police.filter { $0 != .patrolOfficer }
    /// Who changes units (status taps, devices): the video-patrol officer watches and reports, and
    /// does not move units or hand out tokens.
    package static let operators: [Role] = police.filter { $0 != .videoPatrolOfficer }
    /// Who revokes devices: the operators but the officer (who may only get a phone token).
    package static let deviceManagers: [Role] = operators.filter { $0 != .patrolOfficer }

    /// Who takes calls and sends units: the operators but the officer on the street.
    package static let dispatchers: [Role] = deviceManagers

    private static func policy(_ roles: [Role], _ scope: AccessPolicy.Scope = .none) -> AccessPolicy {
        AccessPolicy(.roles(Set(roles)), scope: scope, refusal: .notFound)
    }
    private static var inUnit: AccessPolicy { policy(police, .recordInSubtree("patrolUnit")) }

    package static let unitQuery: [QueryParameter] = [
        .uuid("grid"), .uuid("station"), .anyOf("kind", PatrolUnitKind.allCases.map(\.rawValue)),
        .anyOf("status", PatrolUnitStatus.allCases.map(\.rawValue)), .flag("stale"),
    ]

    // MARK: Units (P1, P2)
    package static let units = Endpoint(.GET, "/api/v1/units", summary: "巡逻单元及实时位置 / Patrol units in scope, with live positions",
                                        tag: "patrol", query: QueryParameter.paging + unitQuery, response: "PatrolUnit", list: true,
                                        policy: policy(police, .listInSubtree("patrolUnit")))
    package static let unit = Endpoint(.GET, "/api/v1/units/{id}", summary: "巡逻单元 / One patrol unit", tag: "patrol",
                                       response: "PatrolUnit", policy: inUnit)
    package static let changeStatus = Endpoint(.POST, "/api/v1/units/{id}/status",
                                               summary: "一键改状态（幂等：客户端生成 id）/ Change a unit's status (idempotent by client id)",
                                               tag: "patrol", body: "StatusChange", response: "PatrolUnit", policy: policy(operators, .recordInSubtree("patrolUnit")))
    package static let signOn = Endpoint(.POST, "/api/v1/units/{id}/sign-on",
                                         summary: "民警签到上岗（幂等：客户端生成 id）/ An officer signs on to the unit (idempotent by client id)",
                                         tag: "patrol", body: "SignOn", response: "Shift", status: 201,
                                         policy: policy([.patrolOfficer], .recordInSubtree("patrolUnitToJoin")))
    package static let signOff = Endpoint(.POST, "/api/v1/units/{id}/sign-off", summary: "民警签退 / The officer signs off the unit",
                                          tag: "patrol", body: "SignOff", response: "Shift", policy: policy([.patrolOfficer], .recordInSubtree("patrolUnit")))

    // MARK: Devices and positions (P3)
    package static let devices = Endpoint(.GET, "/api/v1/units/{id}/devices", summary: "单元的定位设备 / The unit's devices",
                                          tag: "patrol", response: "PatrolDevice", list: true, policy: inUnit)
    package static let issueDevice = Endpoint(.POST, "/api/v1/units/{id}/devices",
                                              summary: "发放设备令牌（只显示一次）/ Issue a device token (shown once)",
                                              tag: "patrol", body: "IssueDevice", response: "IssuedDevice", status: 201,
                                              policy: policy(operators, .recordInSubtree("patrolUnit")))
    package static let revokeDevice = Endpoint(.POST, "/api/v1/devices/{id}/revoke", summary: "吊销设备令牌 / Revoke a device token",
                                               tag: "patrol", response: "PatrolDevice", policy: policy(deviceManagers, .recordInSubtree("patrolDevice")))
    package static let positions = Endpoint(.POST, "/api/v1/positions",
                                            summary: "设备批量上报定位（提交后才应答；重发只存一次）/ A device's batch of fixes (answered once committed; resends stored once)",
                                            tag: "patrol", body: "FixBatch", response: "FixBatchResult", policy: .device)
    package static let track = Endpoint(.GET, "/api/v1/units/{id}/track", summary: "轨迹回放 / A unit's track between two times",
                                        tag: "patrol", query: [.dateTime("from"), .dateTime("to")], response: "Track", policy: inUnit)

    package static let live = Endpoint.webSocket("/api/v1/live",
                                                 summary: "实时推送（WebSocket）：先 hello，再每次位置、状态、上下岗各一条 JSON；只推送可见单元 / Live updates (WebSocket): a hello, then one JSON message per position, status or shift change of a unit in scope",
                                                 tag: "patrol", policy: policy(police, .listInSubtree("patrolUnit")))

    // MARK: Roads (P4, P5)
    package static let roadNetwork = Endpoint(.GET, "/api/v1/road-network",
                                              summary: "路网（GeoJSON，按缩放级别简化）及卡点 / The road network as GeoJSON, simplified by zoom, with checkpoint sites",
                                              tag: "patrol",
                                              query: [QueryParameter("zoom", .integer(minimum: RoadNetworkController.zoomRange.lowerBound,
                                                                                      maximum: RoadNetworkController.zoomRange.upperBound)),
                                                      QueryParameter("bbox", .string(pattern: RoadNetworkController.bboxPattern))],
                                              response: "RoadNetwork", policy: policy(police))

    // MARK: Incidents (P4)
    package static let incidentQuery: [QueryParameter] = [
        .anyOf("status", IncidentStatus.allCases.map(\.rawValue)), .anyOf("type", IncidentType.allCases.map(\.rawValue)),
        .flag("open"), .uuid("grid"), .dateTime("from"), .dateTime("to"), .uuid("orgUnit"),
    ]
    private static var inIncident: AccessPolicy { policy(police, .recordInSubtree("incident")) }
    package static let incidents = Endpoint(.GET, "/api/v1/incidents",
                                            summary: "警情列表（报警人脱敏）/ Incidents in scope, callers masked; an officer sees those of their own tasks",
                                            tag: "incidents", query: QueryParameter.paging + incidentQuery, response: "Incident", list: true,
                                            policy: policy(police, .listInSubtree("incident")))
    package static let reportIncident = Endpoint(.POST, "/api/v1/incidents",
                                                 summary: "接警登记（幂等：客户端生成 id）/ Record an incident (idempotent by client id)",
                                                 tag: "incidents", body: "IncidentIntake", response: "Incident", status: 201,
                                                 policy: policy(dispatchers))
    package static let incident = Endpoint(.GET, "/api/v1/incidents/{id}", summary: "警情详情 / One incident with its units' tasks",
                                           tag: "incidents", response: "Incident", policy: inIncident)
    package static let incidentEvents = Endpoint(.GET, "/api/v1/incidents/{id}/events", summary: "警情时间线 / The incident's timeline",
                                                 tag: "incidents", response: "IncidentEvent", list: true, policy: inIncident)
    package static let appendIncidentEvent = Endpoint(.POST, "/api/v1/incidents/{id}/events",
                                                      summary: "记录一步（确认、出发、到场、处置完毕、再次来电、合并……；幂等，旧版本 409）/ Append a step (idempotent by client id; a stale version is 409)",
                                                      tag: "incidents", body: "IncidentEventInput", response: "Incident", status: 201,
                                                      policy: policy(operators, .recordInSubtree("incident")))
    package static let recommendation = Endpoint(.GET, "/api/v1/incidents/{id}/recommendation",
                                                 summary: "按实际行车时间推荐最近的可派单元 / The nearest dispatchable units by drive time",
                                                 tag: "incidents", query: [QueryParameter("limit", .integer(minimum: 1, maximum: 1000))],
                                                 response: "Recommendation", policy: policy(dispatchers, .recordInSubtree("incident")))
    package static let dispatch = Endpoint(.POST, "/api/v1/incidents/{id}/dispatch",
                                           summary: "派警（一个或多个单元；改派须填理由）/ Send one or more units (a busy one only with a reason)",
                                           tag: "incidents", body: "Dispatch", response: "Incident", status: 201,
                                           policy: policy(dispatchers, .recordInSubtree("incident"))).answeringResends()

    package static let incidentRoute = Endpoint(.GET, "/api/v1/incidents/{id}/route",
                                                summary: "单元赶赴现场的行车路线与预计时间（民警看本单元）/ A unit's drive route and ETA to the scene (an officer's own unit)",
                                                tag: "incidents", query: [.uuid("unitId")], response: "IncidentRoute",
                                                policy: policy(police, .recordInSubtree("incident")))

    // MARK: X1: the dispatch card's disputes and 警调对接
    package static let incidentDisputes = Endpoint(.GET, "/api/v1/incidents/{id}/disputes",
                                                   summary: "关联纠纷（级别、风险、阶段、调委会、最近一步；不含当事人信息）/ Disputes the incident is linked to or matches (no party details)",
                                                   tag: "incidents", response: "BridgedDispute", list: true, policy: policy(police, .recordInSubtree("incident")))
    package static let handOverToMediation = Endpoint(.POST, "/api/v1/incidents/{id}/mediation-handover",
                                                      summary: "警调对接：移交调解，在现场所在村登记纠纷（公安移交；重发只移交一次）/ Hand the incident over to mediation as a dispute (once)",
                                                      tag: "incidents", body: "MediationHandover", response: "BridgedDispute", status: 201,
                                                      policy: policy(dispatchers, .recordInSubtree("incident"))).answeringResends()

    package static let disputePlaces = Endpoint(.GET, "/api/v1/dispute-places",
                                                summary: "在办橙色、红色纠纷的地点（仅地点与风险，不含当事人）/ Places of open orange and red disputes (place and risk only)",
                                                tag: "incidents", response: "DisputePlace", list: true, policy: policy(commanders))

    // MARK: Shift handover (P4)
    package static let handovers = Endpoint(.GET, "/api/v1/handovers", summary: "交接班记录 / Shift handovers in scope",
                                            tag: "incidents", query: QueryParameter.paging + [.flag("pending")], response: "Handover", list: true,
                                            policy: policy(dispatchers, .listInSubtree("handover")))
    package static let handOver = Endpoint(.POST, "/api/v1/handovers",
                                           summary: "交班：移交未办结警情并留言（幂等：客户端生成 id）/ Hand the open incidents over with a note (idempotent by client id)",
                                           tag: "incidents", body: "HandoverInput", response: "Handover", status: 201, policy: policy(dispatchers))
    package static let acknowledgeHandover = Endpoint(.POST, "/api/v1/handovers/{id}/acknowledge",
                                                      summary: "接班确认 / The dispatcher coming on acknowledges the handover",
                                                      tag: "incidents", response: "Handover", policy: policy(dispatchers, .recordInSubtree("handover")))

    // MARK: Containment (P5)
    /// Who starts and lifts a containment order: the command centre (启动封控 is its call).
    package static let commandCentre: [Role] = [.admin, .dispatcher]
    package static let containmentOrders = Endpoint(.GET, "/api/v1/containment-orders",
                                                    summary: "封控指令与演练 / Containment orders and drills in scope",
                                                    tag: "containment", query: QueryParameter.paging + [.flag("drill"), .flag("open")],
                                                    response: "ContainmentOrder", list: true, policy: policy(police, .listInSubtree("containmentOrder")))
    package static let startContainment = Endpoint(.POST, "/api/v1/containment-orders",
                                                   summary: "启动封控（3/5/10 分钟圈）或实战演练（幂等：客户端生成 id）/ Start a containment order or a drill (idempotent by client id)",
                                                   tag: "containment", body: "ContainmentStart", response: "ContainmentOrder", status: 201,
                                                   policy: policy(commandCentre))
    package static let containmentOrder = Endpoint(.GET, "/api/v1/containment-orders/{id}",
                                                   summary: "封控指令：各卡点计划与实际到达、演练报告 / An order: each task's planned and actual arrival, the drill report",
                                                   tag: "containment", response: "ContainmentOrder", policy: policy(police, .recordInSubtree("containmentOrder")))
    package static let liftContainment = Endpoint(.POST, "/api/v1/containment-orders/{id}/lift", summary: "解除封控 / Lift the order",
                                                  tag: "containment", response: "ContainmentOrder",
                                                  policy: policy(commandCentre, .recordInSubtree("containmentOrder")))

    // MARK: Standing figures (P4, P5)
    package static let coverage = Endpoint(.GET, "/api/v1/coverage",
                                           summary: "常态覆盖：可派单元 3 分钟可达路段（按单元着色）、覆盖率、低于阈值的网格 / Standing coverage: roads within reach of a unit standing by, the covered share, the grids below a share",
                                           tag: "coverage",
                                           query: [QueryParameter("seconds", .integer(minimum: 30, maximum: 1800)), QueryParameter("below", .integer(minimum: 0, maximum: 100)),
                                                   .flag("lines")],
                                           response: "Coverage", policy: policy(commanders, .listInSubtree("patrolUnit")))
    package static let responseTimes = Endpoint(.GET, "/api/v1/response-times",
                                                summary: "出警时效：接警→派警、派警→到场、接警→到场的中位数与 P90，按网格与小时 / Response intervals: median and P90 by grid and hour",
                                                tag: "coverage", query: [.dateTime("from"), .dateTime("to"), .uuid("grid")],
                                                response: "ResponseTimes", policy: policy(commanders, .listInSubtree("incident")))

    // MARK: Patrol quality (P3)
    package static let patrolQuality = Endpoint(.GET, "/api/v1/patrol-quality",
                                                summary: "巡防质态：各单元一日的巡逻里程与时长、在本网格时长、热点到访与驻留（Koper 10–15 分钟），按网格汇总 / One day's patrol quality per unit and grid, from the tracks",
                                                tag: "patrol", query: [QueryParameter("day", .string(format: "date")), .uuid("station")],
                                                response: "PatrolQuality", policy: policy(commanders, .listInSubtree("patrolUnit")))
    package static let patrolQualityCSV = Endpoint(.GET, "/api/v1/patrol-quality/export.csv", summary: "导出巡防质态 CSV / One day's patrol quality per unit as CSV",
                                                   tag: "patrol", query: [QueryParameter("day", .string(format: "date")), .uuid("station")],
                                                   response: "CSV", policy: policy(commanders, .listInSubtree("patrolUnit")))

    // MARK: Reinforcement on spikes (P6)
    package static let reinforcementAlerts = Endpoint(.GET, "/api/v1/reinforcement-alerts",
                                                      summary: "发案激增提示与增援建议（每小时 Poisson CUSUM；民警看本单元被调派的）/ Spike alerts of the grids in scope with their proposals (an officer: those their unit was moved for)",
                                                      tag: "reinforcement",
                                                      query: QueryParameter.paging + [.flag("open"), .oneOf("status", ReinforcementDecision.allCases.map(\.rawValue)), .uuid("grid")],
                                                      response: "ReinforcementAlert", list: true, policy: policy(police, .listInSubtree("reinforcementAlert")))
    package static let reinforcementAlert = Endpoint(.GET, "/api/v1/reinforcement-alerts/{id}",
                                                     summary: "增援提示（民警看本单元被调派的）/ One spike alert (an officer: one their unit was moved for)",
                                                     tag: "reinforcement", response: "ReinforcementAlert",
                                                     policy: policy(police, .recordInSubtree("reinforcementAlert")))
    package static let acceptReinforcement = Endpoint(.POST, "/api/v1/reinforcement-alerts/{id}/accept",
                                                      summary: "采纳增援建议：调动单元成为任务 / Accept the proposal: its moves become tasks",
                                                      tag: "reinforcement", body: "ReinforcementDecision", response: "ReinforcementAlert",
                                                      policy: policy(commandCentre, .recordInSubtree("reinforcementAlert")))
    package static let rejectReinforcement = Endpoint(.POST, "/api/v1/reinforcement-alerts/{id}/reject",
                                                      summary: "不采纳增援建议（须填理由）/ Reject the proposal, with a reason",
                                                      tag: "reinforcement", body: "ReinforcementRejection", response: "ReinforcementAlert",
                                                      policy: policy(commandCentre, .recordInSubtree("reinforcementAlert")))

    // MARK: Pages
    /// The command map: dispatchers, station commanders and administrators.
    package static let commandPage = Endpoint.page("/patrol/command", policy: policy(commanders, .listInSubtree("patrolUnit")))
    package static let trackPage = Endpoint.page("/patrol/units/{id}/track", query: [QueryParameter("day", .string(pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))],
                                                 policy: policy(commanders, .recordInSubtree("patrolUnit")))
    /// 巡逻勤务: the officer's phone page (sign on, one-tap status, positions while open). It lists the
    /// station's units to join, so it is cut to the officer's station like `signOn`.
    package static let phonePage = Endpoint.page("/patrol/phone", policy: policy([.patrolOfficer], .listInSubtree("patrolUnitToJoin")))
    /// 巡防质态: the day's patrol quality, for the station commander and the county patrol office.
    package static let qualityPage = Endpoint.page("/patrol/quality", query: [QueryParameter("day", .string(format: "date")), .uuid("station")],
                                                   policy: policy(commanders, .listInSubtree("patrolUnit")))
    package static let pages: [Endpoint] = [commandPage, trackPage, phonePage, qualityPage]

    package static let api: [Endpoint] = [units, unit, changeStatus, signOn, signOff, devices, issueDevice, revokeDevice, positions, track, live, roadNetwork,
                                          incidents, reportIncident, incident, incidentEvents, appendIncidentEvent, recommendation, dispatch, incidentRoute,
                                          incidentDisputes, handOverToMediation, disputePlaces,
                                          handovers, handOver, acknowledgeHandover,
                                          containmentOrders, startContainment, containmentOrder, liftContainment, coverage, responseTimes,
                                          patrolQuality, patrolQualityCSV,
                                          reinforcementAlerts, reinforcementAlert, acceptReinforcement, rejectReinforcement]
    package static let all: [Endpoint] = api + pages
}
