import Foundation

/// What an import did, for the command line and logs.
public struct ImportReport: Sendable, Codable, Equatable {
    public var osmNodes = 0
    public var osmWays = 0
    public var highwayWays = 0
    public var drivableWays = 0
    /// Vertices before keeping the largest strongly connected component.
    public var verticesBeforeSCC = 0
    /// Directed edges before collapsing parallels and dropping self-loops.
    public var edgesBeforeCollapse = 0
    public var parallelEdgesCollapsed = 0
    public var selfLoopsDropped = 0
    public var missingNodeRefs = 0
    /// Strongly connected components other than the largest (dropped).
    public var droppedComponents = 0
    public var droppedVertices = 0
    public var vertices = 0
    public var edges = 0
    public var seconds = 0.0
    public init() {}
}

/// A directed edge given to ``RoadGraph/build(coordinates:edges:)``.
public struct RawEdge: Sendable, Hashable {
    public var source: Int
    public var target: Int
    /// Travel time in milliseconds.
    public var milliseconds: UInt32
    public var meters: Double
    public init(source: Int, target: Int, milliseconds: UInt32, meters: Double) {
        self.source = source; self.target = target; self.milliseconds = milliseconds; self.meters = meters
    }
}

extension RoadGraph {
    /// Builds a graph directly from vertices and edges (no geometry), e.g. for tests and synthetic networks.
    /// Edges are kept as given (no collapsing, no component filtering); their order becomes edge ids
    /// after a stable sort by source.
    public static func build(coordinates: [GeoPoint], edges: [RawEdge]) throws -> RoadGraph {
        let n = coordinates.count
        for e in edges where e.source < 0 || e.source >= n || e.target < 0 || e.target >= n || e.milliseconds > maxWeight {
            throw RoutingError.invalidArgument("edge \(e.source)->\(e.target) out of range")
        }
        let order = edges.indices.sorted { (edges[$0].source, $0) < (edges[$1].source, $1) }
        var firstOut = [UInt32](repeating: 0, count: n + 1)
        for e in edges { firstOut[e.source + 1] += 1 }
        for v in 0..<n { firstOut[v + 1] += firstOut[v] }
        return RoadGraph(firstOut: firstOut, head: order.map { UInt32(edges[$0].target) },
                         weight: order.map { edges[$0].milliseconds }, length: order.map { Float(edges[$0].meters) },
                         geomFirst: [UInt32](repeating: 0, count: edges.count + 1),
                         lat: coordinates.map { Fixed.encode($0.lat) }, lon: coordinates.map { Fixed.encode($0.lon) },
                         osmId: [Int64](repeating: 0, count: n), shapeLat: [], shapeLon: [])
    }
}

/// Imports OpenStreetMap `.osm.pbf`, `.osm` and `.osm.gz` files into a ``RoadGraph``.
public enum OSMImporter {
    /// Import stages reported to the progress callback.
    public enum Stage: String, Sendable { case reading, parsing, building }

    /// Reads and imports `path` (format detected from the content).
    /// - Parameter progress: called with a stage and 0...1 progress within it.
    public static func importGraph(path: String, profile: SpeedProfile = .standard,
                                   progress: (Stage, Double) -> Void = { _, _ in }) throws -> (RoadGraph, ImportReport) {
        let start = Date()
        progress(.reading, 0)
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) } catch {
            throw RoutingError.cannotRead(path: path, reason: (error as NSError).localizedDescription)
        }
        progress(.reading, 1)
        var (graph, report) = try importGraph(data: data, path: path, profile: profile) { progress($0, $1) }
        report.seconds = Date().timeIntervalSince(start)
        _ = graph
        return (graph, report)
    }

    /// Imports from bytes already in memory; `path` is used in error messages.
    public static func importGraph(data: Data, path: String, profile: SpeedProfile = .standard,
                                   progress: (Stage, Double) -> Void = { _, _ in }) throws -> (RoadGraph, ImportReport) {
        guard !data.isEmpty else { throw RoutingError.emptyFile(path: path) }
        let sink = OSMCollector(profile: profile)
        var bytes = data
        if data.count >= 2 && data[data.startIndex] == 0x1f && data[data.startIndex + 1] == 0x8b {
            guard let inflated = Zlib.gunzip(data) else { throw RoutingError.corrupt(path: path, offset: 0, reason: "gzip stream does not inflate (truncated?)") }
            guard !inflated.isEmpty else { throw RoutingError.emptyFile(path: path) }
            bytes = inflated
        }
        let first = bytes.first { ![0x20, 0x09, 0x0a, 0x0d, 0xef, 0xbb, 0xbf].contains($0) }
        if first == UInt8(ascii: "<") {
            try OSMXMLReader.read(bytes, path: path, into: sink) { progress(.parsing, $0) }
        } else if bytes.count < 4 && first == nil {
            throw RoutingError.emptyFile(path: path)
        } else {
            try PBFReader.read(bytes, path: path, into: sink) { progress(.parsing, $0) }
        }
        progress(.building, 0)
        return try GraphBuilder.build(sink, path: path) { progress(.building, $0) }
    }
}

enum GraphBuilder {
    static func build(_ osm: OSMCollector, path: String, progress: (Double) -> Void) throws -> (RoadGraph, ImportReport) {
        var report = ImportReport()
        report.osmNodes = osm.nodeIds.count
        report.osmWays = osm.ways
        report.highwayWays = osm.highwayWays
        report.drivableWays = osm.waySpeed.count
        // 1. node lookup by id (sorted ids)
        var ids = osm.nodeIds, nlat = osm.nodeLat, nlon = osm.nodeLon
        if !osm.nodesSorted {
            let order = ids.indices.sorted { ids[$0] < ids[$1] }
            ids = order.map { osm.nodeIds[$0] }; nlat = order.map { osm.nodeLat[$0] }; nlon = order.map { osm.nodeLon[$0] }
        }
        func index(of id: Int64) -> Int32 {
            var lo = 0, hi = ids.count
            while lo < hi {
                let mid = (lo + hi) >> 1
                if ids[mid] < id { lo = mid + 1 } else { hi = mid }
            }
            return lo < ids.count && ids[lo] == id ? Int32(lo) : -1
        }
        // 2. map refs to node indices; a missing node splits the way
        var refIdx = [Int32](repeating: -1, count: osm.wayRefs.count)
        for i in 0..<refIdx.count { refIdx[i] = index(of: osm.wayRefs[i]) }
        report.missingNodeRefs = refIdx.reduce(0) { $0 + ($1 < 0 ? 1 : 0) }
        // 3. vertices: nodes used twice or more (across ways, or twice in one way) and way ends
        var uses = [UInt8](repeating: 0, count: ids.count)
        var isVertex = [Bool](repeating: false, count: ids.count)
        for w in 0..<osm.waySpeed.count {
            let range = osm.wayStart[w]..<osm.wayStart[w + 1]
            for i in range {
                let v = refIdx[i]
                guard v >= 0 else { continue }
                if uses[Int(v)] < 2 { uses[Int(v)] += 1 }
                let end = i == range.lowerBound || i == range.upperBound - 1 || refIdx[i - 1] < 0 || refIdx[i + 1] < 0
                if end { isVertex[Int(v)] = true }
            }
        }
        var vertexOf = [Int32](repeating: -1, count: ids.count)
        var vertexNode: [Int32] = []
        for i in 0..<ids.count where isVertex[i] || uses[i] >= 2 {
            vertexOf[i] = Int32(vertexNode.count)
            vertexNode.append(Int32(i))
        }
        progress(0.2)
        // 4. segments between consecutive vertices along each way
        var eSrc: [UInt32] = [], eDst: [UInt32] = [], eMs: [UInt32] = [], eLen: [Float] = []
        var eShapeStart: [UInt32] = [], eShapeCount: [UInt32] = [], eReversed: [Bool] = []
        var shapeNodes: [Int32] = []
        for w in 0..<osm.waySpeed.count {
            let range = osm.wayStart[w]..<osm.wayStart[w + 1]
            let speed = osm.waySpeed[w]
            var from: Int32 = -1
            var meters = 0.0
            var shapeStart = shapeNodes.count
            var prev: Int32 = -1
            for i in range {
                let node = refIdx[i]
                if node < 0 { from = -1; prev = -1; continue }
                if prev >= 0 {
                    meters += Geo.distance(Fixed.decode(nlat[Int(prev)]), Fixed.decode(nlon[Int(prev)]),
                                           Fixed.decode(nlat[Int(node)]), Fixed.decode(nlon[Int(node)]))
                }
                prev = node
                let v = vertexOf[Int(node)]
                if v < 0 { if from >= 0 { shapeNodes.append(node) }; continue }
                if from >= 0 {
                    let count = shapeNodes.count - shapeStart
                    if from == v {
                        report.selfLoopsDropped += (osm.wayForward[w] ? 1 : 0) + (osm.wayBackward[w] ? 1 : 0)
                    } else {
                        let ms = UInt32(min(Double(RoadGraph.maxWeight), max(1, (meters * 3600 / speed).rounded())))
                        for (ok, a, b, rev) in [(osm.wayForward[w], from, v, false), (osm.wayBackward[w], v, from, true)] where ok {
                            eSrc.append(UInt32(a)); eDst.append(UInt32(b)); eMs.append(ms); eLen.append(Float(meters))
                            eShapeStart.append(UInt32(shapeStart)); eShapeCount.append(UInt32(count)); eReversed.append(rev)
                        }
                    }
                }
                from = v
                meters = 0
                shapeStart = shapeNodes.count
            }
        }
        report.edgesBeforeCollapse = eSrc.count + report.selfLoopsDropped
        progress(0.4)
        // 5. collapse parallel edges: keep the fastest per (source, target)
        var order = Array(0..<eSrc.count)
        order.sort { (eSrc[$0], eDst[$0], eMs[$0], $0) < (eSrc[$1], eDst[$1], eMs[$1], $1) }
        var kept: [Int] = []
        kept.reserveCapacity(order.count)
        for (k, e) in order.enumerated() where k == 0 || eSrc[order[k - 1]] != eSrc[e] || eDst[order[k - 1]] != eDst[e] {
            kept.append(e)
        }
        report.parallelEdgesCollapsed = eSrc.count - kept.count
        report.verticesBeforeSCC = vertexNode.count
        progress(0.5)
        // 6. largest strongly connected component
        let n0 = vertexNode.count
        var first0 = [Int](repeating: 0, count: n0 + 1)
        for e in kept { first0[Int(eSrc[e]) + 1] += 1 }
        for v in 0..<n0 { first0[v + 1] += first0[v] }
        let adj0 = kept.map { Int(eDst[$0]) } // kept is sorted by source
        let comp = SCC.components(n: n0, first: first0, adj: adj0)
        var sizes = [Int](repeating: 0, count: comp.count)
        for c in comp.label { sizes[c] += 1 }
        guard let big = sizes.indices.max(by: { sizes[$0] < sizes[$1] }), sizes[big] >= 2 else {
            throw RoutingError.noRoads(path: path)
        }
        report.droppedComponents = comp.count - 1
        report.droppedVertices = n0 - sizes[big]
        progress(0.7)
        // 7. renumber kept vertices in a space-filling (Morton) order for memory locality
        var keptVertices = (0..<n0).filter { comp.label[$0] == big }
        let keys = keptVertices.map { v -> UInt64 in
            let node = Int(vertexNode[v])
            return Morton.key(lat: nlat[node], lon: nlon[node])
        }
        let perm = keptVertices.indices.sorted { (keys[$0], $0) < (keys[$1], $1) }
        keptVertices = perm.map { keptVertices[$0] }
        var newId = [Int32](repeating: -1, count: n0)
        for (i, v) in keptVertices.enumerated() { newId[v] = Int32(i) }
        let finalEdges = kept.filter { newId[Int(eSrc[$0])] >= 0 && newId[Int(eDst[$0])] >= 0 }
            .sorted { (newId[Int(eSrc[$0])], newId[Int(eDst[$0])]) < (newId[Int(eSrc[$1])], newId[Int(eDst[$1])]) }
        // 8. CSR
        let n = keptVertices.count
        var firstOut = [UInt32](repeating: 0, count: n + 1)
        var head: [UInt32] = [], weight: [UInt32] = [], length: [Float] = [], geomFirst: [UInt32] = [0]
        var shapeLat: [Int32] = [], shapeLon: [Int32] = []
        for e in finalEdges {
            firstOut[Int(newId[Int(eSrc[e])]) + 1] += 1
            head.append(UInt32(newId[Int(eDst[e])])); weight.append(eMs[e]); length.append(eLen[e])
            let s = Int(eShapeStart[e]), c = Int(eShapeCount[e])
            let shapeRange = eReversed[e] ? Array((s..<s + c).reversed()) : Array(s..<s + c)
            for i in shapeRange {
                let node = Int(shapeNodes[i])
                shapeLat.append(nlat[node]); shapeLon.append(nlon[node])
            }
            geomFirst.append(UInt32(shapeLat.count))
        }
        for v in 0..<n { firstOut[v + 1] += firstOut[v] }
        let lat = keptVertices.map { nlat[Int(vertexNode[$0])] }, lon = keptVertices.map { nlon[Int(vertexNode[$0])] }
        let osmId = keptVertices.map { ids[Int(vertexNode[$0])] }
        progress(0.9)
        let graph = RoadGraph(firstOut: firstOut, head: head, weight: weight, length: length, geomFirst: geomFirst,
                              lat: lat, lon: lon, osmId: osmId, shapeLat: shapeLat, shapeLon: shapeLon)
        report.vertices = graph.nodeCount
        report.edges = graph.edgeCount
        progress(1)
        return (graph, report)
    }
}

enum Morton {
    static func key(lat: Int32, lon: Int32) -> UInt64 {
        let x = UInt32(bitPattern: lon &+ Int32.min), y = UInt32(bitPattern: lat &+ Int32.min)
        func spread(_ v: UInt32) -> UInt64 {
            var x = UInt64(v)
            x = (x | (x << 16)) & 0x0000_FFFF_0000_FFFF
            x = (x | (x << 8)) & 0x00FF_00FF_00FF_00FF
            x = (x | (x << 4)) & 0x0F0F_0F0F_0F0F_0F0F
            x = (x | (x << 2)) & 0x3333_3333_3333_3333
            x = (x | (x << 1)) & 0x5555_5555_5555_5555
            return x
        }
        return spread(x) | (spread(y) << 1)
    }
}

/// Tarjan's strongly connected components, iterative (no recursion depth limits).
enum SCC {
    static func components(n: Int, first: [Int], adj: [Int]) -> (label: [Int], count: Int) {
        var index = [Int](repeating: -1, count: n), low = [Int](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n), label = [Int](repeating: -1, count: n)
        var stack: [Int] = [], call: [(v: Int, next: Int)] = []
        var counter = 0, count = 0
        for root in 0..<n where index[root] < 0 {
            call.append((root, first[root]))
            index[root] = counter; low[root] = counter; counter += 1
            stack.append(root); onStack[root] = true
            while let top = call.last {
                let v = top.v
                if top.next < first[v + 1] {
                    call[call.count - 1].next += 1
                    let w = adj[top.next]
                    if index[w] < 0 {
                        index[w] = counter; low[w] = counter; counter += 1
                        stack.append(w); onStack[w] = true
                        call.append((w, first[w]))
                    } else if onStack[w] {
                        low[v] = min(low[v], index[w])
                    }
                } else {
                    call.removeLast()
                    if let parent = call.last { low[parent.v] = min(low[parent.v], low[v]) }
                    if low[v] == index[v] {
                        while let w = stack.popLast() {
                            onStack[w] = false
                            label[w] = count
                            if w == v { break }
                        }
                        count += 1
                    }
                }
            }
        }
        return (label, count)
    }
}
