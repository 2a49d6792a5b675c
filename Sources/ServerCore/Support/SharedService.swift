import Vapor

extension Application {
    /// The one lock under which our services are made and stored (see `sharedService`).
    private struct SharedServiceLock: LockKey {}

    /// The app's one `Key.Value`, made by `make` on first use.
    ///
    /// Vapor's `storage` is a value: reading it copies it and writing replaces it whole. Two first
    /// uses of different keys at once (a request making the login throttle while the community
    /// delivery job makes its state) can therefore each write back a copy without the other's
    /// service, and a later use makes a second one: a second live hub that half the subscribers
    /// listen to, a second writer of tracks. So every service is made under one lock, and the wings
    /// make theirs at boot (before anything runs concurrently) by calling their getters once.
    package func sharedService<Key: StorageKey>(_ key: Key.Type, make: () -> Key.Value) -> Key.Value {
        if let existing = storage[Key.self] { return existing }
        return locks.lock(for: SharedServiceLock.self).withLock {
            if let existing = storage[Key.self] { return existing }
            let made = make()
            storage[Key.self] = made
            return made
        }
    }
}
