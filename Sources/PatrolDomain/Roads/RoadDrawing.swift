import Foundation
import Routing

/// The roads of a graph as lines to draw: runs of edges joined through vertices where nothing
/// branches (same class, same one-way-ness), each drawn once whichever way it is driven. Built
/// once per graph; `lines(zoom:bbox:)` filters and simplifies them per request.
public struct RoadDrawing: Sendable {
    public struct Line: Sendable, Equatable {
        public var roadClass: RoadClass
        /// Drawn in the one direction it may be driven.
        public var oneway: Bool
        public var points: [GeoPoint]
    }

    /// A box in degrees.
    public struct Box: Sendable, Equatable {
        public var minLon, minLat, maxLon, maxLat: Double
        public init(minLon: Double, minLat: Double, maxLon: Double, maxLat: Double) {
            self.minLon = min(minLon, maxLon); self.maxLon = max(minLon, maxLon)
            self.minLat = min(minLat, maxLat); self.maxLat = max(minLat, maxLat)
        }
        func intersects(_ o: Box) -> Bool { minLon <= o.maxLon && o.minLon <= maxLon && minLat <= o.maxLat && o.minLat <= maxLat }
    }

    public let lines: [Line]
    let boxes: [Box]

    public init(graph: RoadGraph, classes: [RoadClass]) {
        // One piece per road stretch: a two-way edge and its twin are one piece.
        var pieceOf = [Int](repeating: -1, count: graph.edgeCount)
        var pieces: [Int] = []
        for e in 0..<graph.edgeCount where pieceOf[e] < 0 {
            pieceOf[e] = pieces.count
            if let t = graph.twinEdge(e), pieceOf[t] < 0 { pieceOf[t] = pieces.count }
            pieces.append(e)
        }
        // Pieces at each vertex, to see where a run may continue.
        var at = [[Int]](repeating: [], count: graph.nodeCount)
        for (p, e) in pieces.enumerated() {
            at[graph.edgeSource(e)].append(p)
            at[graph.edgeTarget(e)].append(p)
        }
        func oneway(_ p: Int) -> Bool { graph.twinEdge(pieces[p]) == nil }
        var used = [Bool](repeating: false, count: pieces.count)
        var lines: [Line] = []
        // Continues a run from vertex `v` after piece `p`, when exactly one other piece of the same
        // kind meets there (and a one-way one leaves where the run arrives).
        func next(after p: Int, at v: Int) -> Int? {
            guard at[v].count == 2 else { return nil }
            let q = at[v][0] == p ? at[v][1] : at[v][0]
            guard q != p, !used[q], classes[pieces[q]] == classes[pieces[p]], oneway(q) == oneway(p) else { return nil }
            if oneway(q) && graph.edgeSource(pieces[q]) != v { return nil }
            return q
        }
        func previous(before p: Int, at v: Int) -> Int? {
            guard at[v].count == 2 else { return nil }
            let q = at[v][0] == p ? at[v][1] : at[v][0]
            guard q != p, !used[q], classes[pieces[q]] == classes[pieces[p]], oneway(q) == oneway(p) else { return nil }
            if oneway(q) && graph.edgeTarget(pieces[q]) != v { return nil }
            return q
        }
        for start in pieces.indices where !used[start] {
            used[start] = true
            var pts = graph.geometry(ofEdge: pieces[start])
            // forward
            var v = graph.edgeTarget(pieces[start]), p = start
            while let q = next(after: p, at: v) {
                used[q] = true
                let e = pieces[q]
                let g = graph.edgeSource(e) == v ? graph.geometry(ofEdge: e) : graph.geometry(ofEdge: e).reversed()
                pts.append(contentsOf: g.dropFirst())
                v = graph.edgeSource(e) == v ? graph.edgeTarget(e) : graph.edgeSource(e)
                p = q
            }
            // backward
            v = graph.edgeSource(pieces[start]); p = start
            while let q = previous(before: p, at: v) {
                used[q] = true
                let e = pieces[q]
                let g = graph.edgeTarget(e) == v ? graph.geometry(ofEdge: e) : graph.geometry(ofEdge: e).reversed()
                pts.insert(contentsOf: g.dropLast(), at: 0)
                v = graph.edgeTarget(e) == v ? graph.edgeSource(e) : graph.edgeTarget(e)
                p = q
            }
            lines.append(Line(roadClass: classes[pieces[start]], oneway: oneway(start), points: pts))
        }
        self.lines = lines
        boxes = lines.map { l in
            Box(minLon: l.points.map(\.lon).min()!, minLat: l.points.map(\.lat).min()!,
                maxLon: l.points.map(\.lon).max()!, maxLat: l.points.map(\.lat).max()!)
        }
    }

    /// The lines to draw at `zoom` (nil: every line, unsimplified) within `box` (nil: all):
    /// classes too minor for the zoom are left out and each line is simplified (Douglas–Peucker)
    /// to about a pixel of a 256-pixel tile.
    public func lines(zoom: Int?, box: Box?) -> [Line] {
        var out: [Line] = []
        let tolerance = zoom.map { 360 / (256 * pow(2, Double($0))) } ?? 0
        for (i, l) in lines.enumerated() {
            if let zoom, l.roadClass.minZoom > zoom { continue }
            if let box, !boxes[i].intersects(box) { continue }
            var s = l
            if tolerance > 0 { s.points = Self.simplified(l.points, tolerance: tolerance) }
            out.append(s)
        }
        return out
    }

    /// Douglas–Peucker in degrees (longitude scaled by cos latitude); keeps both ends.
    static func simplified(_ pts: [GeoPoint], tolerance: Double) -> [GeoPoint] {
        guard pts.count > 2 else { return pts }
        let k = cos(pts[0].lat * .pi / 180)
        var keep = [Bool](repeating: false, count: pts.count)
        keep[0] = true; keep[pts.count - 1] = true
        var stack = [(0, pts.count - 1)]
        while let (a, b) = stack.popLast() {
            guard b > a + 1 else { continue }
            let ax = pts[a].lon * k, ay = pts[a].lat, dx = pts[b].lon * k - ax, dy = pts[b].lat - ay
            let len = (dx * dx + dy * dy).squareRoot()
            var far = -1, farD = 0.0
            for i in (a + 1)..<b {
                let px = pts[i].lon * k - ax, py = pts[i].lat - ay
                let d = len > 0 ? abs(px * dy - py * dx) / len : (px * px + py * py).squareRoot()
                if d > farD { far = i; farD = d }
            }
            if far >= 0 && farD > tolerance {
                keep[far] = true
                stack.append((a, far)); stack.append((far, b))
            }
        }
        return pts.indices.filter { keep[$0] }.map { pts[$0] }
    }
}
