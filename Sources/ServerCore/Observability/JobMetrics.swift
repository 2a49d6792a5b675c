/// The runs of the repeating jobs (the deadline sweep, the spike watch, track upkeep, the nightly
/// backup, notice delivery …), by job name and outcome, and how long they took. Job names are the
/// constants the jobs are made with, so the series stay few.
extension AppMetrics {
    package static let jobRuns = "pingan_job_runs_total"
    package static let jobDuration = "pingan_job_duration_seconds"
    /// A run is 10 ms (nothing due) to minutes (a nightly backup of a large county).
    static let jobBuckets: [Double] = [0.01, 0.1, 1, 10, 60, 300]

    package func jobRan(_ job: String, failed: Bool, since start: ContinuousClock.Instant) {
        let took = ContinuousClock.now - start
        counter(Self.jobRuns, help: "Runs of the server's repeating jobs, by job and outcome",
                labels: [("job", job), ("outcome", failed ? "failed" : "ok")]).increment()
        histogram(Self.jobDuration, help: "Time a repeating job's run took, by job", labels: [("job", job)], buckets: Self.jobBuckets)
            .record(took.inSeconds)
    }
}
