import MediationDomain
import MediationServer
import ServerCore
import Fluent
import PinganDomain
import Vapor

/// `pingan users add|passwd|list`: manage accounts from the county server's console.
struct UsersCommand: AsyncCommandGroup {
    var help: String { "Manage user accounts: add, passwd, list. 管理账号。" }
    var commands: [String: any AnyAsyncCommand] { ["add": Add(), "passwd": Passwd(), "list": List()] }
    var defaultCommand: (any AnyAsyncCommand)? { List() }

    struct Add: AsyncCommand {
        struct Signature: CommandSignature {
            @Argument(name: "username", help: "Login name (3–32 of a-z 0-9 . _ -).") var username: String
            @Option(name: "role", help: "Role code: " + Role.allCases.map(\.rawValue).joined(separator: ", ")) var role: String?
            @Option(name: "unit", help: "Org unit code the user belongs to, e.g. 130427100000-SFS.") var unit: String?
            @Option(name: "name", help: "Display name (defaults to the username).") var name: String?
            @Option(name: "password", help: "Password (10+ characters, two kinds of characters, not the username); asked for when omitted.") var password: String?
        }
        var help: String { "Add a user: pingan users add NAME --role ROLE --unit CODE [--name 姓名] [--password …]" }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            guard let role = signature.role, let code = signature.unit else {
                throw APIError.validation("--role and --unit are required")
            }
            guard let unit = try await OrgUnitStore(db: app.db).byCode(code) else { throw APIError.validation("no org unit with code \(code)") }
            let password = signature.password ?? context.console.ask("Password:", isSecure: true)
            let user = try await UserStore(db: app.db).create(
                CreateUserRequest(username: signature.username, password: password, displayName: signature.name ?? signature.username,
                                  role: role, orgUnitId: try unit.requireID()),
                by: nil, at: app.clock.now(), hasher: app.password.async, actorName: "cli")
            context.console.print("已创建 \(user.username)（\(Role(rawValue: user.role)?.label ?? user.role) · \(unit.name)）")
        }
    }

    struct Passwd: AsyncCommand {
        struct Signature: CommandSignature {
            @Argument(name: "username", help: "The account whose password to set.") var username: String
            @Option(name: "password", help: "New password; asked for when omitted.") var password: String?
        }
        var help: String { "Set a user's password and end their open tokens." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            guard let user = try await UserModel.query(on: app.db).filter(\.$username == signature.username.lowercased()).first() else {
                throw APIError.notFound("用户")
            }
            let password = try Check.password(signature.password ?? context.console.ask("New password:", isSecure: true), username: signature.username)
            user.passwordHash = try await app.password.async.hash(password)
            let now = app.clock.now()
            try await app.db.writeTransaction { db in
                try await user.update(on: db)
                try await UserTokenModel.query(on: db).filter(\.$userID == user.requireID()).delete()
                try await AuditLog.record(on: db, at: now, actor: nil, actorName: "cli", action: "update+password", entityType: "user",
                                          entityID: user.id, before: Nothing?.none, after: UserDTO(user))
            }
            context.console.print("已更新 \(user.username) 的密码")
        }
    }

    struct List: AsyncCommand {
        struct Signature: CommandSignature {}
        var help: String { "List all accounts with role and unit." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            let users = try await UserModel.query(on: app.db).sort(\.$username).all()
            let units = try await OrgUnitModel.query(on: app.db).filter(\.$id ~~ Set(users.map(\.orgUnitID))).all()
            let names = Dictionary(uniqueKeysWithValues: units.compactMap { u in u.id.map { ($0, "\(u.name) [\(u.code)]") } })
            for u in users {
                context.console.print("\(u.username)\t\(u.displayName)\t\(u.role)\t\(names[u.orgUnitID] ?? "?")\t\(u.active ? "active" : "inactive")")
            }
            context.console.print("共 \(users.count) 个账号")
        }
    }
}
