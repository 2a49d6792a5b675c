import Fluent
import ServerCore

/// The tables of video patrol: cameras and notices (P7), with each notice's grids, recipients
/// and photo (bytes in the database, so SQLite and PostgreSQL keep it alike).
package struct M022CreateVideoPatrol: AsyncMigration {
    package var name: String { "022_CreateVideoPatrol" }

    package func prepare(on database: Database) async throws {
        try await database.schema(CameraModel.schema)
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("lat", .double, .required)
            .field("lon", .double, .required)
            .field("grid_org_unit_id", .uuid, .references(OrgUnitModel.schema, "id"))
            .field("scope_path", .string, .required)
            .field("illustrative", .bool, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "code")
            .create()
        try await createIndex(on: database, "cameras_scope", table: CameraModel.schema, columns: ["scope_path"])
        try await database.schema(VideoNoticeModel.schema)
            .id()
            .field("kind", .string, .required)
            .field("description", .string, .required)
            .field("plate", .string)
            .field("photo_type", .string)
            .field("lat", .double, .required)
            .field("lon", .double, .required)
            .field("place_label", .string, .required)
            .field("seen_at", .datetime, .required)
            .field("camera_id", .uuid, .references(CameraModel.schema, "id", onDelete: .setNull))
            .field("raised_by", .uuid, .required, .references(UserModel.schema, "id"))
            .field("raised_name", .string, .required)
            .field("raised_at", .datetime, .required)
            .field("scope_path", .string, .required)
            .field("incident_id", .uuid)
            .field("converted_name", .string)
            .field("converted_at", .datetime)
            .create()
        try await createIndex(on: database, "video_notices_raised", table: VideoNoticeModel.schema, columns: ["raised_at"])
        try await database.schema(VideoNoticeGridModel.schema)
            .id()
            .field("notice_id", .uuid, .required, .references(VideoNoticeModel.schema, "id", onDelete: .cascade))
            .field("grid_org_unit_id", .uuid, .required, .references(OrgUnitModel.schema, "id"))
            .field("grid_path", .string, .required)
            .unique(on: "notice_id", "grid_org_unit_id")
            .create()
        try await createIndex(on: database, "video_notice_grids_path", table: VideoNoticeGridModel.schema, columns: ["grid_path"])
        try await database.schema(VideoNoticeRecipientModel.schema)
            .id()
            .field("notice_id", .uuid, .required, .references(VideoNoticeModel.schema, "id", onDelete: .cascade))
            .field("unit_id", .uuid, .required, .references(PatrolUnitModel.schema, "id", onDelete: .cascade))
            .field("grid_org_unit_id", .uuid, .required)
            .field("station_path", .string, .required)
            .field("acknowledged_at", .datetime)
            .field("acknowledged_by", .uuid, .references(UserModel.schema, "id"))
            .field("acknowledged_name", .string)
            .unique(on: "notice_id", "unit_id")
            .create()
        try await createIndex(on: database, "video_notice_recipients_unit", table: VideoNoticeRecipientModel.schema, columns: ["unit_id"])
        try await database.schema(VideoNoticePhotoModel.schema)
            .id()
            .field("content_type", .string, .required)
            .field("bytes", .data, .required)
            .foreignKey("id", references: VideoNoticeModel.schema, "id", onDelete: .cascade)
            .create()
    }

    package func revert(on database: Database) async throws {
        try await database.schema(VideoNoticePhotoModel.schema).delete()
        try await database.schema(VideoNoticeRecipientModel.schema).delete()
        try await database.schema(VideoNoticeGridModel.schema).delete()
        try await database.schema(VideoNoticeModel.schema).delete()
        try await database.schema(CameraModel.schema).delete()
    }

    package init() {}
}
