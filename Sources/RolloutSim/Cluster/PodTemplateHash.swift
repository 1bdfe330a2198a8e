/// The `rollouts-pod-template-hash` of a pod template, in the shape Kubernetes and Argo give it.
///
/// Upstream (`k8s.io/kubernetes/pkg/controller.ComputeHash`, used by Argo's
/// `controller.ComputeHash`): FNV-32a over the template printed deterministically, then the
/// collision count's 4 little-endian bytes when there is one, then
/// `rand.SafeEncodeString(fmt.Sprint(sum32))`: each byte of the decimal digits mapped to
/// `alphanums[byte % 27]`. So the hash is 1–10 characters (9 or 10 for all but a few sums) from the
/// alphabet "bcdfghjklmnpqrstvwxz2456789". We hash our canonical text instead of Go's spew output,
/// so our hashes have the right shape but are not the values a real cluster would print.
public enum PodTemplateHash {
    /// `k8s.io/apimachinery/pkg/util/rand.alphanums`: no vowels, no 0/1/3, to avoid words.
    static let alphanums = Array("bcdfghjklmnpqrstvwxz2456789".utf8)

    public static let labelKey = "rollouts-pod-template-hash"

    /// The hash of a canonical template text.
    ///
    /// - Complexity: O(length of the text)
    public static func compute(canonical: String, collisionCount: Int32? = nil) -> String {
        var hash = fnv32a(canonical.utf8)
        if let collisionCount {
            let bits = UInt32(bitPattern: collisionCount)
            hash = fnv32a((0..<4).map { UInt8(truncatingIfNeeded: bits >> UInt32(8 * $0)) }, startingAt: hash)
        }
        return safeEncode(String(hash))
    }

    /// FNV-1a, 32-bit (offset basis 2166136261, prime 16777619), as Go's `hash/fnv.New32a`.
    static func fnv32a<Bytes: Sequence>(_ bytes: Bytes, startingAt start: UInt32 = 2_166_136_261) -> UInt32
    where Bytes.Element == UInt8 {
        var hash = start
        for byte in bytes {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return hash
    }

    /// `rand.SafeEncodeString`: every byte replaced by `alphanums[byte % len(alphanums)]`.
    static func safeEncode(_ text: String) -> String {
        String(decoding: text.utf8.map { alphanums[Int($0) % alphanums.count] }, as: UTF8.self)
    }

    /// The 5-character random suffix of a generated name (`names.SimpleNameGenerator`:
    /// `utilrand.String(5)` over the same alphabet).
    static func randomSuffix(using random: inout SimRandom) -> String {
        String(decoding: (0..<5).map { _ in alphanums[Int(random.nextInt(below: UInt64(alphanums.count)))] }, as: UTF8.self)
    }
}
