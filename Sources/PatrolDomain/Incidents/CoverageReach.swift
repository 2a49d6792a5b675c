import Foundation
import Routing

extension CoverageLayer {
    /// A stretch of one road piece, `from`…`to` as fractions along the piece's edge, that `owner`
    /// (a unit index) reaches first and within the limit.
    struct Part {
        var edge: Int32
        var from: Double
        var to: Double
        var owner: Int32
    }

    /// Where drive time along a piece starts from: a point `at` (fraction along the edge) reached at
    /// `ms` by `owner`, from which time grows forward along the edge (`rises`) and/or back along the
    /// twin (`falls`).
    struct Origin {
        var at: Double
        var ms: Double
        var owner: Int32
        var rises: Bool
        var falls: Bool

        @inline(__always) func arrival(_ x: Double, _ we: Double, _ wt: Double) -> Double {
            if x >= at && rises { return ms + (x - at) * we }
            if x <= at && falls { return ms + (at - x) * wt }
            return .infinity
        }
    }

    /// The reached parts of the piece `e` (with twin `t`, or -1) when its tail is reached at `du` by
    /// `ownerU` and its head at `dv` by `ownerV` (nil: not within the limit), and no unit stands on it.
    ///
    /// A point at fraction x is reached from the tail at du + x·we and from the head at dv + (1 − x)·wt;
    /// every unit's own arrival there is one of these two or later, so the earlier of the two is the
    /// network Voronoi owner, and the two meet at the one x where they are equal.
    @inline(__always)
    static func reach(piece e: Int32, twin t: Int32, we: Double, wt: Double, du: Double?, ownerU: Int32,
                      dv: Double?, ownerV: Int32, limit: Double, into parts: inout [Part]) {
        var a = -1.0   // reached from the tail up to a
        if let du { a = we > 0 ? min(1, (limit - du) / we) : 1 }
        var b = 2.0    // reached from the head down to b
        if t >= 0, let dv { b = wt > 0 ? max(0, 1 - (limit - dv) / wt) : 0 }
        switch (a >= 0, b <= 1) {
        case (false, false): return
        case (true, false): if a > 0 { parts.append(Part(edge: e, from: 0, to: a, owner: ownerU)) }
        case (false, true): if b < 1 { parts.append(Part(edge: e, from: b, to: 1, owner: ownerV)) }
        case (true, true):
            let du = du!, dv = dv!
            let split = we + wt > 0 ? min(1, max(0, (dv + wt - du) / (we + wt))) : (du <= dv ? 1 : 0)
            let tailEnd = min(a, split), headStart = max(b, split)
            if ownerU == ownerV && tailEnd >= headStart {
                parts.append(Part(edge: e, from: 0, to: 1, owner: ownerU))
                return
            }
            if tailEnd > 0 { parts.append(Part(edge: e, from: 0, to: tailEnd, owner: ownerU)) }
            if headStart < 1 { parts.append(Part(edge: e, from: headStart, to: 1, owner: ownerV)) }
        }
    }

    /// The same for a piece some unit stands on: each unit is one more origin, at its fraction, at 0 ms.
    /// The earliest arrival is then the lower envelope of a few lines; between consecutive breakpoints
    /// (origins, where a line crosses the limit, where a rising line meets a falling one) the earliest
    /// origin does not change, so one look at each stretch's midpoint settles it.
    static func reach(piece e: Int32, twin t: Int32, we: Double, wt: Double, origins: [Origin], limit: Double,
                      into parts: inout [Part]) {
        var cuts: [Double] = [0, 1]
        for o in origins {
            cuts.append(o.at)
            if o.rises && we > 0 { cuts.append(o.at + (limit - o.ms) / we) }
            if o.falls && wt > 0 { cuts.append(o.at - (limit - o.ms) / wt) }
        }
        if we + wt > 0 {
            for r in origins where r.rises {
                for f in origins where f.falls { cuts.append((f.ms - r.ms + f.at * wt + r.at * we) / (we + wt)) }
            }
        }
        cuts = cuts.filter { $0 >= 0 && $0 <= 1 }.sorted()
        var lo = cuts[0]
        for hi in cuts.dropFirst() where hi > lo {
            defer { lo = hi }
            let mid = (lo + hi) / 2
            var best = Double.infinity, owner: Int32 = -1
            for o in origins {
                let m = o.arrival(mid, we, wt)
                if m < best || (m == best && o.owner < owner) { best = m; owner = o.owner }
            }
            guard best <= limit else { continue }
            if let last = parts.last, last.edge == e, last.owner == owner, last.to == lo {
                parts[parts.count - 1].to = hi
            } else {
                parts.append(Part(edge: e, from: lo, to: hi, owner: owner))
            }
        }
    }
}
