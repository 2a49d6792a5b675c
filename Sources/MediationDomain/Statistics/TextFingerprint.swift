import Foundation

/// A 64-bit SimHash of a dispute's description, kept at write time so near-identical texts across
/// cases are found by bucket rather than by comparing every pair. Texts differing in a few
/// characters differ in a few bits; unrelated texts differ in about 32.
public enum TextFingerprint {
    /// Whitespace and punctuation removed, full-width folded, Latin lower-cased: copy-pasted
    /// texts with a changed comma or space still look alike.
    public static func normalise(_ text: String) -> String {
        let half = text.applyingTransform(.fullwidthToHalfwidth, reverse: false) ?? text
        return String(half.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init)).lowercased()
    }

    /// SimHash over character trigrams (bigrams for very short texts) hashed with FNV-1a 64. Nil
    /// when the normalised text is too short to say anything (fewer than 8 characters).
    public static func simHash(_ text: String) -> UInt64? {
        let chars = Array(normalise(text))
        guard chars.count >= 8 else { return nil }
        var weights = [Int](repeating: 0, count: 64)
        for i in 0...(chars.count - 3) {
            let h = fnv1a(String(chars[i..<(i + 3)]))
            for bit in 0..<64 { weights[bit] += (h >> UInt64(bit)) & 1 == 1 ? 1 : -1 }
        }
        var out: UInt64 = 0
        for bit in 0..<64 where weights[bit] > 0 { out |= 1 << UInt64(bit) }
        return out
    }

    /// FNV-1a, 64-bit: stable across runs and machines (Swift's `Hasher` is seeded per process).
    static func fnv1a(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }

    public static func distance(_ a: UInt64, _ b: UInt64) -> Int { (a ^ b).nonzeroBitCount }

    /// The four 16-bit bands: two fingerprints within 3 bits of each other share at least one band
    /// exactly (pigeonhole), so candidates are the pairs sharing a band.
    public static func bands(_ h: UInt64) -> [UInt16] { (0..<4).map { UInt16(truncatingIfNeeded: h >> UInt64($0 * 16)) } }

    /// The fingerprint as the database's signed 64-bit integer, and back.
    public static func stored(_ h: UInt64) -> Int64 { Int64(bitPattern: h) }
    public static func loaded(_ v: Int64) -> UInt64 { UInt64(bitPattern: v) }

    /// Groups of near-identical texts among `items` (id, fingerprint): pairs within `maxDistance`
    /// bits found through shared bands, joined into groups. Only groups of two or more.
    public static func nearDuplicates<ID: Hashable & Comparable>(_ items: [(ID, UInt64)], maxDistance: Int = 3) -> [[ID]] {
        var parent: [ID: ID] = [:]
        var linked = Set<ID>()
        func root(_ x: ID) -> ID { var x = x; while let p = parent[x], p != x { x = p }; return x }
        for band in 0..<4 {
            var buckets: [UInt16: [(ID, UInt64)]] = [:]
            for item in items { buckets[bands(item.1)[band], default: []].append(item) }
            for bucket in buckets.values where bucket.count > 1 {
                for i in 0..<bucket.count {
                    for j in (i + 1)..<bucket.count where distance(bucket[i].1, bucket[j].1) <= maxDistance {
                        let a = root(bucket[i].0), b = root(bucket[j].0)
                        if a != b { parent[max(a, b)] = min(a, b) }
                        linked.insert(bucket[i].0); linked.insert(bucket[j].0)
                    }
                }
            }
        }
        var groups: [ID: [ID]] = [:]
        for (id, _) in items where linked.contains(id) { groups[root(id), default: []].append(id) }
        return groups.values.map { $0.sorted() }.filter { $0.count > 1 }.sorted { $0[0] < $1[0] }
    }
}
