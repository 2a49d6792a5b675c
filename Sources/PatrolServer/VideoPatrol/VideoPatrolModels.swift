import Fluent
import Foundation
import ServerCore

/// A camera of the county's video network (雪亮工程): its place, the patrol grid it watches and
/// its kind. `scopePath` is the grid's org path (or, off every grid, the county's), so "the
/// cameras a station commander sees" is one prefix test, as for every scoped record.
package final class CameraModel: Model, @unchecked Sendable {
    package static let schema = "cameras"

    @ID(key: .id) package var id: UUID?
    /// The county's own number for the camera, unique ("XL-0001").
    @Field(key: "code") package var code: String
    @Field(key: "name") package var name: String
    /// `CameraKind`.
    @Field(key: "kind") package var kind: String
    @Field(key: "lat") package var lat: Double
    @Field(key: "lon") package var lon: Double
    @OptionalField(key: "grid_org_unit_id") package var gridOrgUnitID: UUID?
    @Field(key: "scope_path") package var scopePath: String
    /// A camera the demo made up (示意), not the county's register.
    @Field(key: "illustrative") package var illustrative: Bool
    @Field(key: "created_at") package var createdAt: Date
    @Field(key: "updated_at") package var updatedAt: Date

    package init() {}
}

/// A video notice (视频通报, P7): a suspect or vehicle seen on camera, pushed to the units on duty
/// in the chosen grids, each of which must acknowledge. Its id is the client's, so a resend is
/// stored once. The photo is kept in its own table, so lists never read it.
package final class VideoNoticeModel: Model, @unchecked Sendable {
    package static let schema = "video_notices"

    @ID(key: .id) package var id: UUID?
    /// `VideoNoticeKind`.
    @Field(key: "kind") package var kind: String
    @Field(key: "description") package var description: String
    @OptionalField(key: "plate") package var plate: String?
    /// image/jpeg or image/png when a photo is stored.
    @OptionalField(key: "photo_type") package var photoType: String?
    @Field(key: "lat") package var lat: Double
    @Field(key: "lon") package var lon: Double
    @Field(key: "place_label") package var placeLabel: String
    @Field(key: "seen_at") package var seenAt: Date
    @OptionalField(key: "camera_id") package var cameraID: UUID?
    @Field(key: "raised_by") package var raisedBy: UUID
    @Field(key: "raised_name") package var raisedName: String
    @Field(key: "raised_at") package var raisedAt: Date
    /// The raiser's scope: the command centre sees what it raised even beyond the grids' paths.
    @Field(key: "scope_path") package var scopePath: String
    /// The incident it became (转为警情), once.
    @OptionalField(key: "incident_id") package var incidentID: UUID?
    @OptionalField(key: "converted_name") package var convertedName: String?
    @OptionalField(key: "converted_at") package var convertedAt: Date?

    package init() {}
}

/// A grid a notice was sent to; `gridPath` makes "notices sent to my station's grids" a prefix test.
package final class VideoNoticeGridModel: Model, @unchecked Sendable {
    package static let schema = "video_notice_grids"

    @ID(key: .id) package var id: UUID?
    @Field(key: "notice_id") package var noticeID: UUID
    @Field(key: "grid_org_unit_id") package var gridOrgUnitID: UUID
    @Field(key: "grid_path") package var gridPath: String

    package init() {}
}

/// A unit a notice reached: on duty in one of its grids when it was raised. Each acknowledges once.
package final class VideoNoticeRecipientModel: Model, @unchecked Sendable {
    package static let schema = "video_notice_recipients"

    @ID(key: .id) package var id: UUID?
    @Field(key: "notice_id") package var noticeID: UUID
    @Field(key: "unit_id") package var unitID: UUID
    @Field(key: "grid_org_unit_id") package var gridOrgUnitID: UUID
    @Field(key: "station_path") package var stationPath: String
    @OptionalField(key: "acknowledged_at") package var acknowledgedAt: Date?
    @OptionalField(key: "acknowledged_by") package var acknowledgedBy: UUID?
    @OptionalField(key: "acknowledged_name") package var acknowledgedName: String?

    package init() {}
}

/// A notice's photo, the image's bytes as uploaded (JPEG or PNG, checked by its first bytes).
package final class VideoNoticePhotoModel: Model, @unchecked Sendable {
    package static let schema = "video_notice_photos"

    /// The notice's id.
    @ID(key: .id) package var id: UUID?
    @Field(key: "content_type") package var contentType: String
    @Field(key: "bytes") package var bytes: Data

    package init() {}
}
