/// Called for each vertex as it is settled (popped with its final distance); return false to stop.
protocol SearchVisitor {
    mutating func settle(_ v: Int, _ d: UInt32) -> Bool
}

struct NoVisitor: SearchVisitor {
    @inline(__always) func settle(_ v: Int, _ d: UInt32) -> Bool { true }
}

/// Search direction: forward over out-edges, backward over in-edges (for "who reaches X").
public enum SearchDirection: Sendable { case forward, backward }

/// Per-query Dijkstra scratch over one ``RoadGraph``: distances, parents, origins, an indexed 4-ary heap
/// and a touched list, all in preallocated unsafe buffers. Reset costs O(vertices touched).
/// Not thread-safe: use one per thread or task.
final class SearchSpace {
    static let infinity = UInt32.max
    static let none = UInt32.max

    let graph: RoadGraph
    let n: Int
    let dist: UnsafeMutablePointer<UInt32>
    let parent: UnsafeMutablePointer<UInt32>   // edge index in the CSR used (forward id or reverse slot), or none
    let origin: UnsafeMutablePointer<UInt32>   // tag of the seed the vertex was reached from
    let pos: UnsafeMutablePointer<UInt32>      // position in heap, or none
    let heap: UnsafeMutablePointer<UInt64>     // (distance << 32) | vertex
    let touched: UnsafeMutablePointer<UInt32>
    var heapSize = 0
    var touchedCount = 0
    private(set) var direction: SearchDirection = .forward

    init(graph: RoadGraph) {
        self.graph = graph
        n = graph.nodeCount
        let cap = max(n, 1)
        dist = .allocate(capacity: cap); dist.initialize(repeating: SearchSpace.infinity, count: cap)
        parent = .allocate(capacity: cap); parent.initialize(repeating: SearchSpace.none, count: cap)
        origin = .allocate(capacity: cap); origin.initialize(repeating: SearchSpace.none, count: cap)
        pos = .allocate(capacity: cap); pos.initialize(repeating: SearchSpace.none, count: cap)
        heap = .allocate(capacity: cap); heap.initialize(repeating: 0, count: cap)
        touched = .allocate(capacity: cap); touched.initialize(repeating: 0, count: cap)
    }

    deinit {
        dist.deallocate(); parent.deallocate(); origin.deallocate()
        pos.deallocate(); heap.deallocate(); touched.deallocate()
    }

    /// Clears what the previous search touched and sets the direction of the next one.
    func reset(_ direction: SearchDirection) {
        let t = touched, d = dist, p = pos
        for i in 0..<touchedCount {
            let v = Int(t[i])
            d[v] = SearchSpace.infinity
            p[v] = SearchSpace.none
        }
        touchedCount = 0
        heapSize = 0
        self.direction = direction
    }

    /// Adds a source (forward) or target (backward) vertex with an initial cost and a tag.
    func seed(_ v: Int, cost: UInt32, tag: UInt32) {
        guard cost < dist[v] else { return }
        if dist[v] == SearchSpace.infinity {
            touched[touchedCount] = UInt32(v); touchedCount += 1
            pos[v] = UInt32(heapSize); heapSize += 1
        }
        dist[v] = cost
        parent[v] = SearchSpace.none
        origin[v] = tag
        SearchSpace.siftUp(heap, pos, Int(pos[v]), (UInt64(cost) << 32) | UInt64(v))
    }

    /// Distance of `v` in the last search (infinity if not reached).
    @inline(__always) func distance(_ v: Int) -> UInt32 { dist[v] }

    @inline(__always)
    static func siftUp(_ heap: UnsafeMutablePointer<UInt64>, _ pos: UnsafeMutablePointer<UInt32>, _ start: Int, _ entry: UInt64) {
        var i = start
        while i > 0 {
            let p = (i - 1) >> 2
            let pe = heap[p]
            if pe <= entry { break }
            heap[i] = pe
            pos[Int(UInt32(truncatingIfNeeded: pe))] = UInt32(truncatingIfNeeded: i)
            i = p
        }
        heap[i] = entry
        pos[Int(UInt32(truncatingIfNeeded: entry))] = UInt32(truncatingIfNeeded: i)
    }

    @inline(__always)
    static func siftDown(_ heap: UnsafeMutablePointer<UInt64>, _ pos: UnsafeMutablePointer<UInt32>, _ size: Int, _ entry: UInt64) {
        var i = 0
        while true {
            let c = (i << 2) + 1
            if c >= size { break }
            var best = c
            var bestEntry = heap[c]
            let end = min(c + 4, size)
            var j = c + 1
            while j < end {
                let x = heap[j]
                if x < bestEntry { bestEntry = x; best = j }
                j += 1
            }
            if bestEntry >= entry { break }
            heap[i] = bestEntry
            pos[Int(UInt32(truncatingIfNeeded: bestEntry))] = UInt32(truncatingIfNeeded: i)
            i = best
        }
        heap[i] = entry
        pos[Int(UInt32(truncatingIfNeeded: entry))] = UInt32(truncatingIfNeeded: i)
    }

    /// Runs Dijkstra from the seeds until the heap is empty, the next distance exceeds `limit`,
    /// or the visitor says stop. Every vertex with distance ≤ limit is settled when it returns
    /// normally. Returns the number of settled vertices.
    @discardableResult
    func run<V: SearchVisitor>(limit: UInt32, visitor: inout V) -> Int {
        let g = graph
        let first: UnsafeMutablePointer<UInt32>, adj: UnsafeMutablePointer<UInt32>, w: UnsafeMutablePointer<UInt32>
        switch direction {
        case .forward: first = g.firstOut.baseAddress!; adj = g.head.baseAddress!; w = g.weight.baseAddress!
        case .backward: first = g.firstIn.baseAddress!; adj = g.tail.baseAddress!; w = g.revWeight.baseAddress!
        }
        let dist = self.dist, parent = self.parent, origin = self.origin, pos = self.pos, heap = self.heap, touched = self.touched
        var size = heapSize
        var touchedCount = self.touchedCount
        var settled = 0
        let limit = min(limit, UInt32.max - RoadGraph.maxWeight - 1)
        while size > 0 {
            let top = heap[0]
            let d = UInt32(truncatingIfNeeded: top >> 32)
            if d > limit { break }
            let u = Int(UInt32(truncatingIfNeeded: top))
            size -= 1
            pos[u] = SearchSpace.none
            if size > 0 { SearchSpace.siftDown(heap, pos, size, heap[size]) }
            settled += 1
            if !visitor.settle(u, d) { break }
            let tagU = origin[u]
            var e = Int(first[u])
            let end = Int(first[u + 1])
            while e < end {
                let v = Int(adj[e])
                let nd = d &+ w[e]
                let old = dist[v]
                if nd < old {
                    let entry = (UInt64(nd) << 32) | UInt64(v)
                    if old == SearchSpace.infinity {
                        touched[touchedCount] = UInt32(truncatingIfNeeded: v)
                        touchedCount += 1
                        SearchSpace.siftUp(heap, pos, size, entry)
                        size += 1
                    } else {
                        SearchSpace.siftUp(heap, pos, Int(pos[v]), entry)
                    }
                    dist[v] = nd
                    parent[v] = UInt32(truncatingIfNeeded: e)
                    origin[v] = tagU
                }
                e += 1
            }
        }
        heapSize = size
        self.touchedCount = touchedCount
        return settled
    }

    /// Convenience: bounded search without a visitor.
    @discardableResult
    func run(limit: UInt32) -> Int {
        var v = NoVisitor()
        return run(limit: limit, visitor: &v)
    }

    /// Forward edge id used to reach `v` (forward: the edge into v; backward: the edge out of v), or nil at a seed.
    func parentEdge(_ v: Int) -> Int? {
        let p = parent[v]
        if p == SearchSpace.none { return nil }
        return direction == .forward ? Int(p) : Int(graph.revEdge[Int(p)])
    }
}
