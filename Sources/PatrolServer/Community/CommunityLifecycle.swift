import ServerCore
import Vapor

/// What the community groups need beside the requests (the outbound webhook's delivery), started
/// once at boot.
enum CommunityLifecycle {
    static func boot(_ app: Application) throws {}
}
