/// A value with a Chinese display label (e.g. `"婚姻家庭"`).
public protocol Labelled {
    /// Chinese display label.
    var label: String { get }
}
