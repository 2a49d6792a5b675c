import Foundation

/// The demo organisation tree of Ci County (M1, P1): real township and village names and codes,
/// the county's bodies as the seed names them, and plausible filler where the seed gives only a
/// count (marked `plausibleFiller`). Township, grid and village geometry is an illustrative
/// layout (示意范围): a Voronoi split of the real county boundary around guessed seat points.
public enum CiCountyPlan {
    /// Guessed township seat points, west of the county seat in the hills, east on the
    /// plain. No source we hold has them; they only anchor the illustrative layout.
    static let seatGuesses: [String: GeoPoint] = [
        "磁州镇": GeoPoint(lat: 36.365, lon: 114.373),
        "讲武城镇": GeoPoint(lat: 36.290, lon: 114.405),
        "岳城镇": GeoPoint(lat: 36.300, lon: 114.255),
        "观台镇": GeoPoint(lat: 36.320, lon: 114.100),
        "白土镇": GeoPoint(lat: 36.385, lon: 114.175),
        "黄沙镇": GeoPoint(lat: 36.440, lon: 114.120),
        "路村营乡": GeoPoint(lat: 36.420, lon: 114.300),
        "时村营乡": GeoPoint(lat: 36.345, lon: 114.305),
        "陶泉乡": GeoPoint(lat: 36.380, lon: 114.040),
        "都党乡": GeoPoint(lat: 36.450, lon: 113.985),
        "北贾壁乡": GeoPoint(lat: 36.330, lon: 113.950),
    ]

    /// The seven departments the seed names; the other thirty are plausible county departments.
    static let seedDepartments = ["县教育局", "县公安局", "县人力资源和社会保障局", "县卫生健康局", "县国土资源局", "县民政局", "县市场监督管理局（原工商局）"]
    static let fillerDepartments = [
        "县财政局", "县住房和城乡建设局", "县交通运输局", "县水利局", "县农业农村局", "县林业局", "县商务局",
        "县文化广电和旅游局", "县应急管理局", "县生态环境分局", "县发展和改革局", "县审计局", "县统计局",
        "县退役军人事务局", "县医疗保障局", "县信访局", "县城市管理综合行政执法局", "县行政审批局",
        "县科学技术和工业信息化局", "县供销合作社", "县总工会", "团县委", "县妇女联合会", "县残疾人联合会",
        "县税务局", "县住房公积金管理中心", "县供电公司", "县畜牧兽医局", "县粮食和物资储备局", "县民族宗教事务局",
    ]

    /// Police stations outside the county seat are named after their township; the seat has three.
    static let seatStations = ["城关派出所", "城南派出所", "开发区派出所"]

    public static func build(source: CountySource, boundary: GeoPolygon) -> [PlannedUnit] {
        var units: [PlannedUnit] = []
        let c = source.county.code12
        let seatPoint = GeoPoint(lat: source.county.seat.lonlat_wgs84[1], lon: source.county.seat.lonlat_wgs84[0])
        units.append(PlannedUnit(code: c, name: source.county.name, kind: .county, parentCode: nil, geometry: .polygon(boundary)))

        // Justice branch.
        let bureau = "\(c)-SFJ"
        units.append(PlannedUnit(code: bureau, name: "县司法局", kind: .justiceBureau, parentCode: c, jurisdictionCode: c))
        units.append(PlannedUnit(code: "\(c)-TWH", name: "县人民调解委员会", kind: .mediationCommittee, parentCode: c, jurisdictionCode: c))
        for (suffix, name) in [("JT", "县道路交通事故损害赔偿纠纷人民调解委员会"), ("LD", "县劳动争议调解委员会"), ("YL", "县医疗纠纷人民调解委员会")] {
            units.append(PlannedUnit(code: "\(c)-ZY-\(suffix)", name: name, kind: .professionalCommittee, parentCode: bureau))
        }

        // 一委三中心.
        let mass = "\(c)-QGW"
        units.append(PlannedUnit(code: mass, name: "县群众工作委员会", kind: .massWorkCommittee, parentCode: c, jurisdictionCode: c))
        units.append(PlannedUnit(code: "\(c)-QGZX", name: "县群众工作中心", kind: .massWorkCenter, parentCode: mass, jurisdictionCode: c))
        units.append(PlannedUnit(code: "\(c)-MDZX", name: "县矛盾纠纷排查调处中心", kind: .disputeCenter, parentCode: mass, jurisdictionCode: c))
        units.append(PlannedUnit(code: "\(c)-ZZZX", name: "县综治中心", kind: .governanceCenter, parentCode: mass, jurisdictionCode: c))

        // Townships, their committees, judicial offices and villages.
        let seats = source.townships.map { t in inside(seatGuesses[t.name] ?? boundary.centroid, boundary) }
        let cells = VoronoiSplit.cells(of: boundary, sites: seats)
        var rng = SplitMix64(seed: 0x5A_4E_C1)
        for (i, t) in source.townships.enumerated() {
            units.append(PlannedUnit(code: t.code12, name: t.name, kind: .township, parentCode: c,
                                     geometry: .polygon(cells[i]), geometryIllustrative: true))
            units.append(PlannedUnit(code: "\(t.code12)-TWH", name: "\(t.name)人民调解委员会", kind: .mediationCommittee,
                                     parentCode: t.code12, jurisdictionCode: t.code12))
            units.append(PlannedUnit(code: "\(t.code12)-SFS", name: "\(shortName(t.name))司法所", kind: .judicialOffice,
                                     parentCode: bureau, jurisdictionCode: t.code12))
            var nextCommunity = 1, nextVillage = 201
            for v in t.villages {
                let isCommunity = v.hasSuffix("社区")
                let serial: Int
                if isCommunity { serial = nextCommunity; nextCommunity += 1 } else { serial = nextVillage; nextVillage += 1 }
                let code = t.code9 + String(format: "%03d", serial)
                // Communities cluster near the seat they belong to; villages spread over the cell.
                let spread = isCommunity ? 0.012 : 1.0
                let p = randomPoint(in: cells[i], near: seats[i], spread: spread, rng: &rng)
                units.append(PlannedUnit(code: code, name: v, kind: isCommunity ? .community : .village, parentCode: t.code12,
                                         geometry: .point(p), geometryIllustrative: true))
                units.append(PlannedUnit(code: "\(code)-TWH", name: "\(v)人民调解委员会", kind: .mediationCommittee,
                                         parentCode: code, jurisdictionCode: code))
            }
        }

        // County departments with their mediation rooms (M10).
        for (i, name) in (seedDepartments + fillerDepartments).enumerated() {
            let code = "\(c)-BM\(String(format: "%02d", i + 1))"
            let filler = i >= seedDepartments.count
            units.append(PlannedUnit(code: code, name: name, kind: .department, parentCode: c, plausibleFiller: filler))
            units.append(PlannedUnit(code: "\(code)-TJS", name: "\(name)调解室", kind: .mediationRoom, parentCode: code, plausibleFiller: filler))
        }

        // Police branch (P1): command centre, 7 urban grids, 13 stations each with its grid.
        let psb = "\(c)-GAJ"
        let command = "\(psb)-ZHZX"
        units.append(PlannedUnit(code: psb, name: "县公安局（治安防控）", kind: .publicSecurityBureau, parentCode: c, jurisdictionCode: c))
        units.append(PlannedUnit(code: command, name: "县公安局指挥中心", kind: .commandCenter, parentCode: psb, jurisdictionCode: c))
        // 巡控办: the county patrol office that runs the patrol system beside the command centre.
        units.append(PlannedUnit(code: "\(psb)-XKB", name: "县公安局巡控办", kind: .patrolOffice, parentCode: psb, jurisdictionCode: c))
        let seatIndex = source.townships.firstIndex { $0.name.hasPrefix("磁州") } ?? 0
        let seatCell = cells[seatIndex]
        let urbanArea = clipBox(seatCell, around: seatPoint, dLon: urbanHalfWidth.lon, dLat: urbanHalfWidth.lat)
        let urbanSites = ringSites(around: seatPoint, count: 7, radiusLon: 0.02, radiusLat: 0.016)
        for (i, cell) in VoronoiSplit.cells(of: urbanArea, sites: urbanSites).enumerated() {
            units.append(PlannedUnit(code: "\(command)-WG\(i + 1)", name: "城区第\(chineseNumeral(i + 1))网格", kind: .patrolGrid,
                                     parentCode: command, geometry: .polygon(cell), geometryIllustrative: true))
        }
        let seatStationSites = ringSites(around: seatPoint, count: 3, radiusLon: 0.03, radiusLat: 0.03)
        let seatStationCells = VoronoiSplit.cells(of: seatCell, sites: seatStationSites)
        var stations: [(name: String, point: GeoPoint, cell: GeoPolygon)] = seatStations.indices.map {
            (seatStations[$0], seatStationSites[$0], seatStationCells[$0])
        }
        for (i, t) in source.townships.enumerated() where i != seatIndex {
            stations.append(("\(shortName(t.name))派出所", seats[i], cells[i]))
        }
        for (i, s) in stations.enumerated() {
            let code = "\(psb)-PCS\(String(format: "%02d", i + 1))"
            units.append(PlannedUnit(code: code, name: s.name, kind: .policeStation, parentCode: psb,
                                     geometry: .point(s.point), geometryIllustrative: true))
            // The county seat's stations patrol their cell outside the urban area, which the 7 urban
            // grids cover: grids partition the county, every point in exactly one.
            let pieces = i < seatStations.count ? outsideBox(s.cell, around: seatPoint, dLon: urbanHalfWidth.lon, dLat: urbanHalfWidth.lat) : [s.cell]
            let geometry: UnitGeometry = pieces.count == 1 ? .polygon(pieces[0]) : .multiPolygon(pieces)
            units.append(PlannedUnit(code: "\(code)-WG", name: "\(s.name)巡控网格", kind: .patrolGrid, parentCode: code,
                                     geometry: geometry, geometryIllustrative: true))
        }
        return units
    }

    /// "磁州镇" → "磁州", "路村营乡" → "路村营": the short form used in office names.
    static func shortName(_ township: String) -> String {
        township.hasSuffix("镇") || township.hasSuffix("乡") ? String(township.dropLast()) : township
    }

    static func chineseNumeral(_ n: Int) -> String {
        ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"][min(n, 10)]
    }

    /// Moves a guessed point towards the polygon's centroid until it lies inside.
    static func inside(_ p: GeoPoint, _ poly: GeoPolygon) -> GeoPoint {
        var q = p
        let c = poly.centroid
        var step = 0
        while !poly.contains(q) && step < 20 {
            q = GeoPoint(lat: (q.lat + c.lat) / 2, lon: (q.lon + c.lon) / 2)
            step += 1
        }
        return q
    }

    /// One site at the centre and the rest on an ellipse around it.
    static func ringSites(around c: GeoPoint, count: Int, radiusLon: Double, radiusLat: Double) -> [GeoPoint] {
        let ring = count == 7 ? 6 : count
        var sites = count == 7 ? [c] : []
        for k in 0..<ring {
            let a = 2 * Double.pi * Double(k) / Double(ring) + 0.3
            sites.append(GeoPoint(lat: c.lat + radiusLat * sin(a), lon: c.lon + radiusLon * cos(a)))
        }
        return sites
    }

    /// Half the urban area's width and height, degrees: about 6 × 6 km around the county seat.
    static let urbanHalfWidth = (lon: 0.035, lat: 0.028)

    /// `poly` outside the box `clipBox` keeps: up to four pieces (west, east, and south and north
    /// of the box between them), each a clip by half-planes, so their union and the box's part
    /// of `poly` cover it without overlap.
    static func outsideBox(_ poly: GeoPolygon, around c: GeoPoint, dLon: Double, dLat: Double) -> [GeoPolygon] {
        let w = c.lon - dLon, e = c.lon + dLon, s = c.lat - dLat, n = c.lat + dLat
        func vertical(_ lon: Double) -> (GeoPoint, GeoPoint) { (GeoPoint(lat: 0, lon: lon), GeoPoint(lat: 1, lon: lon)) }
        func horizontal(_ lat: Double) -> (GeoPoint, GeoPoint) { (GeoPoint(lat: lat, lon: 0), GeoPoint(lat: lat, lon: 1)) }
        let west = poly.clipped(toHalfPlaneOf: vertical(w).0, vertical(w).1, keeping: GeoPoint(lat: c.lat, lon: w - 1))
        let east = poly.clipped(toHalfPlaneOf: vertical(e).0, vertical(e).1, keeping: GeoPoint(lat: c.lat, lon: e + 1))
        let band = poly.clipped(toHalfPlaneOf: vertical(w).0, vertical(w).1, keeping: c)
            .clipped(toHalfPlaneOf: vertical(e).0, vertical(e).1, keeping: c)
        let south = band.clipped(toHalfPlaneOf: horizontal(s).0, horizontal(s).1, keeping: GeoPoint(lat: s - 1, lon: c.lon))
        let north = band.clipped(toHalfPlaneOf: horizontal(n).0, horizontal(n).1, keeping: GeoPoint(lat: n + 1, lon: c.lon))
        return [west, east, south, north].filter { !$0.isEmpty && abs($0.signedArea) > 1e-9 }
    }

    static func clipBox(_ poly: GeoPolygon, around c: GeoPoint, dLon: Double, dLat: Double) -> GeoPolygon {
        let w = c.lon - dLon, e = c.lon + dLon, s = c.lat - dLat, n = c.lat + dLat
        return poly
            .clipped(toHalfPlaneOf: GeoPoint(lat: 0, lon: w), GeoPoint(lat: 1, lon: w), keeping: c)
            .clipped(toHalfPlaneOf: GeoPoint(lat: 0, lon: e), GeoPoint(lat: 1, lon: e), keeping: c)
            .clipped(toHalfPlaneOf: GeoPoint(lat: s, lon: 0), GeoPoint(lat: s, lon: 1), keeping: c)
            .clipped(toHalfPlaneOf: GeoPoint(lat: n, lon: 0), GeoPoint(lat: n, lon: 1), keeping: c)
    }

    /// A deterministic point inside `cell`: near `center` (within `spread` degrees) when small,
    /// anywhere in the cell's box otherwise; rejection-sampled against the cell.
    static func randomPoint(in cell: GeoPolygon, near center: GeoPoint, spread: Double, rng: inout SplitMix64) -> GeoPoint {
        let b = cell.bounds
        for _ in 0..<500 {
            let lon = max(b.min.lon, center.lon - spread) + rng.unit() * (min(b.max.lon, center.lon + spread) - max(b.min.lon, center.lon - spread))
            let lat = max(b.min.lat, center.lat - spread) + rng.unit() * (min(b.max.lat, center.lat + spread) - max(b.min.lat, center.lat - spread))
            let p = GeoPoint(lat: lat, lon: lon)
            if cell.contains(p) { return p }
        }
        return center
    }
}
