import Foundation
import PinganDomain
import Vapor

/// A user as the API shows it (never the password hash).
struct UserDTO: Content, Equatable {
    var id: UUID
    var username: String
    var displayName: String
    var role: String
    var roleLabel: String
    var orgUnitId: UUID
    var active: Bool

    init(_ m: UserModel) {
        id = m.id!
        username = m.username
        displayName = m.displayName
        role = m.role
        roleLabel = Role(rawValue: m.role)?.label ?? m.role
        orgUnitId = m.orgUnitID
        active = m.active
    }
}

struct CreateUserRequest: Content {
    var username: String
    var password: String
    var displayName: String
    var role: String
    var orgUnitId: UUID
}

struct UpdateUserRequest: Content {
    var displayName: String?
    var role: String?
    var orgUnitId: UUID?
    var active: Bool?
    var password: String?
}

struct LoginRequest: Content {
    var username: String
    var password: String
}

struct LoginResponse: Content {
    var token: String
    var expiresAt: Date
    var user: UserDTO
    var scopeUnitId: UUID
}
