/// What one hour's count did to a grid's spike watch (P6): an alert raised (a spike has begun) or
/// cleared (the grid is back to its usual level). Hours that change neither give no event.
public enum SpikeEvent: String, Sendable, Codable, Equatable {
    case raised
    case cleared
}
