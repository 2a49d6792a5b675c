import Foundation
import Routing

extension CoverageLayer {
    /// Polylines per owner from the reached parts: parts that meet end to end at a vertex where no
    /// third part meets, and that the same unit owns, are drawn as one line, so a stretch of road a
    /// unit covers is one line on the map rather than one per intersection-to-intersection edge.
    static func lines(_ parts: [Part], graph: RoadGraph, owners: Int) -> [[[GeoPoint]]] {
        // The vertex at each end of each part, or -1 where a part stops inside its edge.
        let n = parts.count
        var startVertex = [Int32](repeating: -1, count: n), endVertex = [Int32](repeating: -1, count: n)
        // Per vertex: how many part ends meet there and (for the two that matter) which parts. Flat
        // arrays over all vertices: zeroing them costs less than hashing every part end.
        var count = [Int32](repeating: 0, count: graph.nodeCount)
        var endA = [Int32](repeating: -1, count: graph.nodeCount), endB = endA
        func meet(_ v: Int32, _ i: Int32) {
            let k = Int(v)
            if count[k] == 0 { endA[k] = i } else if count[k] == 1 { endB[k] = i }
            count[k] += 1
        }
        for (i, p) in parts.enumerated() {
            if p.from == 0 { startVertex[i] = Int32(graph.edgeSource(Int(p.edge))); meet(startVertex[i], Int32(i)) }
            if p.to == 1 { endVertex[i] = Int32(graph.edgeTarget(Int(p.edge))); meet(endVertex[i], Int32(i)) }
        }
        /// The part that continues part `i` through vertex `v`, if the line may run on there.
        func next(_ i: Int, through v: Int32) -> Int? {
            guard v >= 0, count[Int(v)] == 2, endA[Int(v)] != endB[Int(v)] else { return nil }
            let j = Int(endA[Int(v)] == Int32(i) ? endB[Int(v)] : endA[Int(v)])
            return parts[j].owner == parts[i].owner ? j : nil
        }
        var used = [Bool](repeating: false, count: n)
        var out = [[[GeoPoint]]](repeating: [], count: owners)
        func walk(from first: Int, forward startsForward: Bool) {
            var line: [GeoPoint] = []
            var i = first, forward = startsForward
            while !used[i] {
                used[i] = true
                let p = parts[i]
                var pts = graph.geometry(ofEdge: Int(p.edge), from: p.from, to: p.to)
                if !forward { pts.reverse() }
                line.append(contentsOf: line.isEmpty ? pts[...] : pts.dropFirst())
                let exit = forward ? endVertex[i] : startVertex[i]
                guard let j = next(i, through: exit) else { break }
                forward = startVertex[j] == exit
                i = j
            }
            out[Int(parts[first].owner)].append(line)
        }
        // Lines start at a part end that cannot continue; what is left are closed loops.
        for i in 0..<n where !used[i] {
            if next(i, through: startVertex[i]) == nil { walk(from: i, forward: true) }
            else if next(i, through: endVertex[i]) == nil { walk(from: i, forward: false) }
        }
        for i in 0..<n where !used[i] { walk(from: i, forward: true) }
        return out
    }
}
