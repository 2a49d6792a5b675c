import Foundation

/// An immutable road graph in flat arrays (CSR), shared read-only by all queries.
///
/// Vertices are intersections and way ends; edge `e` runs `tail → head[e]`, with its travel time in
/// milliseconds (`weight`), its length in metres and its interior shape points. A reverse CSR
/// (`firstIn`, `tail`, `revWeight`, `revEdge`) serves backward searches. Coordinates are 1e-7 degree
/// fixed point. The buffers are allocated once and never mutated, hence `@unchecked Sendable`.
public final class RoadGraph: @unchecked Sendable {
    /// Number of vertices.
    public let nodeCount: Int
    /// Number of directed edges.
    public let edgeCount: Int
    /// Number of interior shape points over all edges.
    public let shapeCount: Int

    let firstOut: UnsafeMutableBufferPointer<UInt32>
    let head: UnsafeMutableBufferPointer<UInt32>
    let weight: UnsafeMutableBufferPointer<UInt32>
    let length: UnsafeMutableBufferPointer<Float>
    let geomFirst: UnsafeMutableBufferPointer<UInt32>
    let lat: UnsafeMutableBufferPointer<Int32>
    let lon: UnsafeMutableBufferPointer<Int32>
    let osmId: UnsafeMutableBufferPointer<Int64>
    let shapeLat: UnsafeMutableBufferPointer<Int32>
    let shapeLon: UnsafeMutableBufferPointer<Int32>
    // derived at construction
    let firstIn: UnsafeMutableBufferPointer<UInt32>
    let tail: UnsafeMutableBufferPointer<UInt32>
    let revWeight: UnsafeMutableBufferPointer<UInt32>
    let revEdge: UnsafeMutableBufferPointer<UInt32>
    let edgeTail: UnsafeMutableBufferPointer<UInt32>
    let twin: UnsafeMutableBufferPointer<UInt32>
    /// Sum of all directed edge lengths, metres.
    public let totalMeters: Double
    private var spatialStorage: SpatialIndex?
    private let spatialLock = NSLock()
    /// The snapping index, built on first use (so loading stays a flat copy).
    var spatial: SpatialIndex {
        spatialLock.lock()
        defer { spatialLock.unlock() }
        if let s = spatialStorage { return s }
        let s = SpatialIndex()
        s.build(self)
        spatialStorage = s
        return s
    }

    /// Builds the snapping index now instead of on the first ``snap(_:maxMeters:)``.
    public func prepareSpatialIndex() { _ = spatial }

    static let none = UInt32.max

    /// Builds a graph from arrays. `firstOut` has `nodeCount + 1` entries; `geomFirst` has `edgeCount + 1`.
    init(firstOut: [UInt32], head: [UInt32], weight: [UInt32], length: [Float], geomFirst: [UInt32],
         lat: [Int32], lon: [Int32], osmId: [Int64], shapeLat: [Int32], shapeLon: [Int32]) {
        nodeCount = lat.count
        edgeCount = head.count
        shapeCount = shapeLat.count
        self.firstOut = .copy(firstOut)
        self.head = .copy(head)
        self.weight = .copy(weight)
        self.length = .copy(length)
        self.geomFirst = .copy(geomFirst)
        self.lat = .copy(lat)
        self.lon = .copy(lon)
        self.osmId = .copy(osmId)
        self.shapeLat = .copy(shapeLat)
        self.shapeLon = .copy(shapeLon)
        let n = nodeCount, m = edgeCount
        edgeTail = .allocate(capacity: m)
        for u in 0..<n { for e in Int(self.firstOut[u])..<Int(self.firstOut[u + 1]) { edgeTail[e] = UInt32(u) } }
        // reverse CSR by counting sort on head
        firstIn = .allocate(capacity: n + 1)
        firstIn.initialize(repeating: 0)
        for e in 0..<m { firstIn[Int(self.head[e]) + 1] += 1 }
        for v in 0..<n { firstIn[v + 1] += firstIn[v] }
        tail = .allocate(capacity: m)
        revWeight = .allocate(capacity: m)
        revEdge = .allocate(capacity: m)
        var fill = Array(firstIn[0..<n])
        for e in 0..<m {
            let v = Int(self.head[e])
            let slot = Int(fill[v])
            fill[v] += 1
            tail[slot] = edgeTail[e]
            revWeight[slot] = self.weight[e]
            revEdge[slot] = UInt32(e)
        }
        // twin: the opposite edge with the same geometry (same length)
        twin = .allocate(capacity: m)
        twin.initialize(repeating: RoadGraph.none)
        for e in 0..<m {
            let u = edgeTail[e], v = Int(self.head[e])
            for f in Int(self.firstOut[v])..<Int(self.firstOut[v + 1]) where self.head[f] == u {
                if abs(self.length[f] - self.length[e]) <= 0.5 + 1e-3 * self.length[e] { twin[e] = UInt32(f) }
            }
        }
        var total = 0.0
        for e in 0..<m { total += Double(self.length[e]) }
        totalMeters = total
        spatialStorage = nil
    }

    deinit {
        for b in [firstOut, head, weight, geomFirst, firstIn, tail, revWeight, revEdge, edgeTail, twin] { b.deallocate() }
        length.deallocate(); lat.deallocate(); lon.deallocate(); osmId.deallocate()
        shapeLat.deallocate(); shapeLon.deallocate()
    }

    // MARK: public accessors

    /// Position of vertex `v`.
    public func coordinate(ofVertex v: Int) -> GeoPoint {
        GeoPoint(lat: Fixed.decode(lat[v]), lon: Fixed.decode(lon[v]))
    }
    /// OSM node id of vertex `v` (0 for graphs not built from OSM).
    public func osmNodeId(ofVertex v: Int) -> Int64 { osmId[v] }
    /// Tail (start vertex) of edge `e`.
    public func edgeSource(_ e: Int) -> Int { Int(edgeTail[e]) }
    /// Head (end vertex) of edge `e`.
    public func edgeTarget(_ e: Int) -> Int { Int(head[e]) }
    /// Travel time of edge `e` in seconds.
    public func edgeSeconds(_ e: Int) -> Double { Double(weight[e]) / 1000 }
    /// Travel time of edge `e` in milliseconds (the exact integer the searches use).
    public func edgeMilliseconds(_ e: Int) -> UInt32 { weight[e] }
    /// Length of edge `e` in metres.
    public func edgeMeters(_ e: Int) -> Double { Double(length[e]) }
    /// Out-edges of vertex `v`.
    public func outEdges(_ v: Int) -> Range<Int> { Int(firstOut[v])..<Int(firstOut[v + 1]) }
    /// The opposite edge over the same road piece, if the road is two-way.
    public func twinEdge(_ e: Int) -> Int? { twin[e] == RoadGraph.none ? nil : Int(twin[e]) }

    /// Full polyline of edge `e` (tail, interior shape points, head).
    public func geometry(ofEdge e: Int) -> [GeoPoint] {
        var pts = [coordinate(ofVertex: Int(edgeTail[e]))]
        for s in Int(geomFirst[e])..<Int(geomFirst[e + 1]) {
            pts.append(GeoPoint(lat: Fixed.decode(shapeLat[s]), lon: Fixed.decode(shapeLon[s])))
        }
        pts.append(coordinate(ofVertex: Int(head[e])))
        return pts
    }

    /// The part of edge `e` between fractions `from` and `to` (by length) of its polyline.
    public func geometry(ofEdge e: Int, from: Double, to: Double) -> [GeoPoint] {
        let pts = geometry(ofEdge: e)
        if from <= 0 && to >= 1 { return pts }
        var cum = [0.0]
        for i in 1..<pts.count { cum.append(cum[i - 1] + Geo.distance(pts[i - 1].lat, pts[i - 1].lon, pts[i].lat, pts[i].lon)) }
        let total = cum.last ?? 0
        func at(_ f: Double) -> GeoPoint {
            let target = f * total
            for i in 1..<pts.count where cum[i] >= target || i == pts.count - 1 {
                let seg = cum[i] - cum[i - 1]
                let t = seg > 0 ? min(1, max(0, (target - cum[i - 1]) / seg)) : 0
                return GeoPoint(lat: pts[i - 1].lat + t * (pts[i].lat - pts[i - 1].lat),
                                  lon: pts[i - 1].lon + t * (pts[i].lon - pts[i - 1].lon))
            }
            return pts[0]
        }
        var out = [at(from)]
        for i in 1..<pts.count - 1 where cum[i] > from * total && cum[i] < to * total { out.append(pts[i]) }
        out.append(at(to))
        return out
    }

    /// Read-only view of the forward CSR arrays, for exporting or handing to other code (e.g. a C benchmark).
    public struct CSRView {
        /// `nodeCount + 1` offsets into `head`/`weight`.
        public let firstOut: UnsafeBufferPointer<UInt32>
        public let head: UnsafeBufferPointer<UInt32>
        /// Milliseconds.
        public let weight: UnsafeBufferPointer<UInt32>
        /// Metres.
        public let length: UnsafeBufferPointer<Float>
        /// Reverse CSR: `firstIn` offsets into `tail`/`revWeight`.
        public let firstIn: UnsafeBufferPointer<UInt32>
        public let tail: UnsafeBufferPointer<UInt32>
        public let revWeight: UnsafeBufferPointer<UInt32>
    }

    /// Calls `body` with the CSR arrays; the pointers are valid only inside `body`.
    public func withCSR<R>(_ body: (CSRView) throws -> R) rethrows -> R {
        try withExtendedLifetime(self) {
            try body(CSRView(firstOut: UnsafeBufferPointer(firstOut), head: UnsafeBufferPointer(head),
                             weight: UnsafeBufferPointer(weight), length: UnsafeBufferPointer(length),
                             firstIn: UnsafeBufferPointer(firstIn), tail: UnsafeBufferPointer(tail),
                             revWeight: UnsafeBufferPointer(revWeight)))
        }
    }
}

extension UnsafeMutableBufferPointer {
    static func copy(_ array: [Element]) -> UnsafeMutableBufferPointer<Element> {
        let b = UnsafeMutableBufferPointer<Element>.allocate(capacity: Swift.max(array.count, 1))
        _ = b.initialize(from: array)
        return UnsafeMutableBufferPointer(rebasing: b[0..<array.count])
    }
}
