import PatrolDomain
import PinganDomain
import ServerCore
import Vapor

/// The routes of video patrol: cameras and notices (P7), with who may call each (justice-side roles get 404).
package enum VideoPatrolRoutes {
    private static func policy(_ roles: [Role], _ scope: AccessPolicy.Scope = .none) -> AccessPolicy {
        AccessPolicy(.roles(Set(roles)), scope: scope, refusal: .notFound)
    }
    /// Who raises a notice and turns one into an incident: the video-patrol officer who watches the
    /// cameras and the command centre.
    package static let raisers: [Role] = [.admin, .dispatcher, .videoPatrolOfficer]
    /// Who keeps the camera register.
    package static let cameraKeepers: [Role] = PatrolRoutes.commandCentre

    // MARK: Cameras (雪亮工程)
    package static let cameras = Endpoint(.GET, "/api/v1/cameras", summary: "视频监控点位（雪亮工程）/ Cameras in scope",
                                          tag: "video", query: QueryParameter.paging + [.anyOf("kind", CameraKind.allCases.map(\.rawValue)), .uuid("grid")],
                                          response: "Camera", list: true, policy: policy(PatrolRoutes.police, .listInSubtree("camera")))
    package static let addCamera = Endpoint(.POST, "/api/v1/cameras", summary: "登记监控点位（网格按位置自动确定，或指定）/ Register a camera (its grid found from its place, or given)",
                                            tag: "video", body: "CameraInput", response: "Camera", status: 201, policy: policy(cameraKeepers))
    package static let editCamera = Endpoint(.PATCH, "/api/v1/cameras/{id}", summary: "修改监控点位 / Edit a camera",
                                             tag: "video", body: "CameraUpdate", response: "Camera", policy: policy(cameraKeepers, .recordInSubtree("camera")))

    // MARK: Notices (视频通报)
    package static let notices = Endpoint(.GET, "/api/v1/video-notices",
                                          summary: "视频通报（民警看发给本单元的；open=true 仅未全部签收的）/ Video notices in scope (an officer: those sent to their unit; open: not yet acknowledged by all)",
                                          tag: "video", query: QueryParameter.paging + [.flag("open"), .anyOf("kind", VideoNoticeKind.allCases.map(\.rawValue)), .uuid("incident")],
                                          response: "VideoNotice", list: true, policy: policy(PatrolRoutes.police, .listInSubtree("videoNotice")))
    package static let raiseNotice = Endpoint(.POST, "/api/v1/video-notices",
                                              summary: "发布视频通报（嫌疑人/车辆特征、照片、地点、时间、目标网格；发给其在岗单元；幂等：客户端生成 id）/ Raise a notice to the units on duty in the chosen grids (idempotent by client id)",
                                              tag: "video", body: "VideoNoticeInput", response: "VideoNotice", status: 201, policy: policy(raisers))
    package static let notice = Endpoint(.GET, "/api/v1/video-notices/{id}", summary: "视频通报及各单元签收情况 / One notice with who has acknowledged it",
                                         tag: "video", response: "VideoNotice", policy: policy(PatrolRoutes.police, .recordInSubtree("videoNotice")))
    package static let acknowledgeNotice = Endpoint(.POST, "/api/v1/video-notices/{id}/acknowledge",
                                                    summary: "单元签收通报（幂等）/ The officer's unit acknowledges the notice (idempotent)",
                                                    tag: "video", body: "VideoNoticeAcknowledgement", response: "VideoNotice",
                                                    policy: policy([.patrolOfficer], .recordInSubtree("videoNotice")))
    package static let convertNotice = Endpoint(.POST, "/api/v1/video-notices/{id}/incident",
                                                summary: "通报转为警情（仅一次，再转 409）/ Turn the notice into an incident (once; again is 409)",
                                                tag: "video", body: "VideoNoticeConversion", response: "VideoNotice", status: 201,
                                                policy: policy(raisers, .recordInSubtree("videoNotice")))
    /// The notice's photo as the image itself (JPEG or PNG), for an `<img>`: served like a page
    /// (a signed-out caller is sent to log in), not a JSON operation.
    package static let noticePhoto = Endpoint.page("/patrol/video-notices/{id}/photo", policy: policy(PatrolRoutes.police, .recordInSubtree("videoNotice")))

    package static let all: [Endpoint] = [cameras, addCamera, editCamera, notices, raiseNotice, notice, acknowledgeNotice, convertNotice, noticePhoto]
    /// Schemas its operations name, for the API document.
    package static var schemas: [String: Any] { OpenAPIDocument.videoPatrolSchemas }
    /// Menu entries for a role: none; the command map and the phone page carry it.
    package static func menu(for role: Role) -> [MenuItem] { [] }
}

/// Registers the routes of video patrol: cameras and notices (P7).
struct VideoPatrolController: RouteCollection {
    /// A notice's body carries its photo as base64 (at most `NoticePhoto.maxBase64Length`) and the
    /// text around it; anything bigger is refused by Vapor with 413 before it is read.
    static let noticeBodyLimit: ByteCount = "4mb"

    func boot(routes: any RoutesBuilder) throws {
        let cameras = CameraController(), notices = VideoNoticeController()
        routes.on(VideoPatrolRoutes.cameras, use: cameras.list)
        routes.on(VideoPatrolRoutes.addCamera, use: cameras.create)
        routes.on(VideoPatrolRoutes.editCamera, use: cameras.edit)
        routes.on(VideoPatrolRoutes.notices, use: notices.list)
        routes.on(VideoPatrolRoutes.raiseNotice, body: .collect(maxSize: Self.noticeBodyLimit), use: notices.raise)
        routes.on(VideoPatrolRoutes.notice, use: notices.show)
        routes.on(VideoPatrolRoutes.acknowledgeNotice, use: notices.acknowledge)
        routes.on(VideoPatrolRoutes.convertNotice, use: notices.convert)
        routes.on(VideoPatrolRoutes.noticePhoto, use: notices.photo)
    }
}
