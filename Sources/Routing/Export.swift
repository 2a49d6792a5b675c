import Foundation

extension RoadGraph {
    /// Writes `nodes.csv` (`id,lat,lon`) and `edges.csv` (`src,dst,seconds,meters`) into `directory`.
    public func exportCSV(directory: URL) throws {
        do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
            throw RoutingError.cannotRead(path: directory.path, reason: "cannot create directory")
        }
        var nodes = "id,lat,lon\n"
        nodes.reserveCapacity(nodeCount * 32)
        for v in 0..<nodeCount {
            nodes += "\(v),\(Self.fixed7(lat[v])),\(Self.fixed7(lon[v]))\n"
        }
        var edges = "src,dst,seconds,meters\n"
        edges.reserveCapacity(edgeCount * 32)
        for e in 0..<edgeCount {
            edges += "\(edgeTail[e]),\(head[e]),\(Self.decimal(Int64(weight[e]), 3)),\(Self.decimal(Int64((Double(length[e]) * 100).rounded()), 2))\n"
        }
        for (name, text) in [("nodes.csv", nodes), ("edges.csv", edges)] {
            let url = directory.appendingPathComponent(name)
            do { try Data(text.utf8).write(to: url) } catch {
                throw RoutingError.cannotRead(path: url.path, reason: "cannot write")
            }
        }
    }

    static func fixed7(_ v: Int32) -> String { decimal(Int64(v), 7) }

    /// Exact decimal rendering of `value / 10^places`.
    static func decimal(_ value: Int64, _ places: Int) -> String {
        var p: Int64 = 1
        for _ in 0..<places { p *= 10 }
        let sign = value < 0 ? "-" : ""
        let a = abs(value)
        let frac = String(a % p)
        return "\(sign)\(a / p).\(String(repeating: "0", count: places - frac.count))\(frac)"
    }
}
