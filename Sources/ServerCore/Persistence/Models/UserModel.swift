import Fluent
import Foundation
import PinganDomain
import Vapor

/// A person with one role bound to one org unit (X2).
package final class UserModel: Model, @unchecked Sendable {
    package static let schema = "users"

    @ID(key: .id) package var id: UUID?
    @Field(key: "username") package var username: String
    @Field(key: "password_hash") package var passwordHash: String
    @Field(key: "display_name") package var displayName: String
    @Field(key: "role") package var role: String
    @Field(key: "org_unit_id") package var orgUnitID: UUID
    @Field(key: "active") package var active: Bool
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    package init() {}

    package init(id: UUID = UUID(), username: String, passwordHash: String, displayName: String, role: Role, orgUnitID: UUID) {
        self.id = id
        self.username = username
        self.passwordHash = passwordHash
        self.displayName = displayName
        self.role = role.rawValue
        self.orgUnitID = orgUnitID
        self.active = true
    }
}

/// A bearer token for the API and phones. Only its SHA-256 is stored, so a leaked database
/// does not hand out working tokens.
package final class UserTokenModel: Model, @unchecked Sendable {
    package static let schema = "user_tokens"

    @ID(key: .id) package var id: UUID?
    @Field(key: "token_hash") package var tokenHash: String
    @Field(key: "user_id") package var userID: UUID
    @Field(key: "expires_at") package var expiresAt: Date
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?

    package init() {}

    package init(tokenHash: String, userID: UUID, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.userID = userID
        self.expiresAt = expiresAt
    }

    /// The start of every user's bearer token; a device's starts with `devicePrefix`. A token's
    /// prefix says where to look it up, so a device's batch never costs a user-token query.
    package static let userPrefix = "pa_"
    package static let devicePrefix = "pd_"

    /// The stored form of a token: SHA-256 in lower-case hex (every request with a token pays it).
    package static func hash(_ token: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex = [UInt8]()
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(token.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// Mints a user's bearer token valid until `expiresAt` and stores its hash; the token itself is
    /// returned once (a login's answer, a simulated officer's session).
    package static func issue(for user: UserModel, expiresAt: Date, on db: any Database) async throws -> String {
        let token = mint(prefix: userPrefix)
        try await UserTokenModel(tokenHash: hash(token), userID: user.requireID(), expiresAt: expiresAt).create(on: db)
        return token
    }

    /// A new bearer token: `prefix` (`userPrefix` or `devicePrefix`) and 32 random bytes in
    /// URL-safe base64. Only its `hash` is ever stored.
    package static func mint(prefix: String) -> String {
        var raw = [UInt8](repeating: 0, count: 32)
        for i in raw.indices { raw[i] = UInt8.random(in: 0...255) }
        return prefix + Data(raw).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
