import Foundation
import PinganDomain
import Vapor

/// A user as the API shows it (never the password hash).
package struct UserDTO: Content, Equatable {
    package var id: UUID
    package var username: String
    package var displayName: String
    package var role: String
    package var roleLabel: String
    package var orgUnitId: UUID
    package var active: Bool

    package init(_ m: UserModel) {
        id = m.id!
        username = m.username
        displayName = m.displayName
        role = m.role
        roleLabel = Role(rawValue: m.role)?.label ?? m.role
        orgUnitId = m.orgUnitID
        active = m.active
    }

    /// The signed-in user from the request's caller (loaded only for an active user).
    package init(_ c: Caller) {
        id = c.userID
        username = c.username
        displayName = c.displayName
        role = c.role.rawValue
        roleLabel = c.role.label
        orgUnitId = c.orgUnitID
        active = true
    }
}

package struct CreateUserRequest: Content {
    package var username: String
    package var password: String
    package var displayName: String
    package var role: String
    package var orgUnitId: UUID

    package init(username: String, password: String, displayName: String, role: String, orgUnitId: UUID) {
        self.username = username
        self.password = password
        self.displayName = displayName
        self.role = role
        self.orgUnitId = orgUnitId
    }
}

package struct UpdateUserRequest: Content {
    package var displayName: String?
    package var role: String?
    package var orgUnitId: UUID?
    package var active: Bool?
    package var password: String?

    package init(displayName: String? = nil, role: String? = nil, orgUnitId: UUID? = nil, active: Bool? = nil, password: String? = nil) {
        self.displayName = displayName
        self.role = role
        self.orgUnitId = orgUnitId
        self.active = active
        self.password = password
    }
}

package struct LoginRequest: Content {
    package var username: String
    package var password: String

    package init(username: String, password: String) {
        self.username = username
        self.password = password
    }
}

package struct LoginResponse: Content {
    package var token: String
    package var expiresAt: Date
    package var user: UserDTO
    package var scopeUnitId: UUID

    package init(token: String, expiresAt: Date, user: UserDTO, scopeUnitId: UUID) {
        self.token = token
        self.expiresAt = expiresAt
        self.user = user
        self.scopeUnitId = scopeUnitId
    }
}
