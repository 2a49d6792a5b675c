import Vapor

/// A signed-in page session ends after `Settings.sessionIdleMinutes` without a request: a browser
/// left open at a village office must not stay signed in overnight. The session keeps the time of
/// its last request (`seen`, seconds since 1970, from the app's clock); a request after a longer
/// pause finds the session emptied and is sent to the login page. Vapor writes the session back
/// on every answer anyway, so keeping `seen` costs no extra write. Bearer tokens are not sessions:
/// they keep their fixed `expiresAt` (`PINGAN_TOKEN_DAYS`) and end at logout.
package enum SessionIdle {
    static let seenKey = "seen"

    /// Marks the session used now (at login and on every signed-in request).
    package static func markUsed(_ request: Request) {
        request.session.data[seenKey] = String(Int(request.now.timeIntervalSince1970))
    }

    /// Whether the signed-in session is still live; an idle one is emptied (its user and form token
    /// gone, so the old cookie signs no one in), a live one is marked used. Emptied rather than
    /// destroyed: the login page this request is sent to keeps its new form token in the same
    /// session, which a destroyed one would drop. A session from before this rule (no `seen`)
    /// counts as used now.
    package static func stillLive(_ request: Request) -> Bool {
        let limit = Double(request.application.settings.sessionIdleMinutes) * 60
        if let raw = request.session.data[seenKey], let last = Double(raw),
           request.now.timeIntervalSince1970 - last > limit {
            request.session.data = SessionData()
            return false
        }
        markUsed(request)
        return true
    }
}
