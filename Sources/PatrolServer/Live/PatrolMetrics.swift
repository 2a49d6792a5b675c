import Fluent
import PatrolDomain
import ServerCore
import Vapor

/// The patrol side's figures on `/metrics`: fixes stored, and at each scrape the live subscribers
/// of this instance, the device batches waiting for the track writer, and the community notices
/// not yet delivered to the messaging gateway.
package enum PatrolMetrics {
    package static let fixesIngested = "pingan_fixes_ingested_total"
    package static let liveSubscribers = "pingan_live_subscribers"
    package static let trackWriterQueue = "pingan_track_writer_queued_batches"
    package static let noticesUndelivered = "pingan_community_deliveries_undelivered"

    /// Counts the fixes a device batch stored (new ones: not duplicates, not off duty).
    package static func ingested(_ app: Application, fixes: Int) {
        app.metrics.increment(fixesIngested, help: "GPS fixes stored from device batches (new, on duty)", by: fixes)
    }

    /// The samplers, registered once when the wing boots.
    package static func register(_ app: Application) {
        app.metrics.sample(liveSubscribers, help: "WebSocket subscribers of this instance's live feed") { app in
            Double(await app.liveFeed.hub.count)
        }
        app.metrics.sample(trackWriterQueue, help: "Device batches of this instance waiting for the track writer's next commit") { app in
            Double(await app.fixWriter.queued)
        }
        app.metrics.sample(noticesUndelivered, help: "Community notice deliveries not yet accepted by the gateway (pending or retrying)") { app in
            Double(try await CommunityDeliveryModel.query(on: app.db).filter(\.$status != DeliveryStatus.delivered.rawValue).count())
        }
    }
}
