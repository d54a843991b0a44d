import Foundation
import Synchronization

/// A token bucket per key (an IP address): `burst` requests at once, refilled at `perMinute`. Keeps
/// memory bounded by forgetting full buckets once the table grows.
public final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Double
    }
    private let buckets = Mutex<[String: Bucket]>([:])
    private let burst: Double
    private let perSecond: Double

    public init(burst: Int, perMinute: Int) {
        self.burst = Double(burst)
        self.perSecond = Double(perMinute) / 60
    }

    /// Takes one token for `key`; false when the bucket is empty (the caller answers 429).
    public func allow(_ key: String, now: Date = Date()) -> Bool {
        let time = now.timeIntervalSince1970
        return buckets.withLock { buckets in
            if buckets.count > 50_000 {
                buckets = buckets.filter { min(burst, $0.value.tokens + (time - $0.value.updated) * perSecond) < burst }
            }
            var bucket = buckets[key] ?? Bucket(tokens: burst, updated: time)
            bucket.tokens = min(burst, bucket.tokens + (time - bucket.updated) * perSecond)
            bucket.updated = time
            guard bucket.tokens >= 1 else {
                buckets[key] = bucket
                return false
            }
            bucket.tokens -= 1
            buckets[key] = bucket
            return true
        }
    }
}
