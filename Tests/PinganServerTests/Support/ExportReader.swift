import Foundation

/// Reads an export the way a county's own tools would: CSV with Python's `csv` module, `.xlsx` with
/// openpyxl (PyPI; `.ci/run` installs it). Each gives the rows as text, so a test compares every
/// Chinese field exactly. Also the cells' number formats and the header's font, for the `.xlsx`.
enum ExportReader {
    struct Failure: Error, CustomStringConvertible { var description: String }

    /// The CSV's rows, read with `csv.reader` after stripping the UTF-8 BOM (utf-8-sig); fails if
    /// the BOM is missing.
    static func csvRows(_ data: Data) async throws -> [[String]] {
        guard data.starts(with: [0xEF, 0xBB, 0xBF]) else { throw Failure(description: "no UTF-8 BOM") }
        return try await run(data, suffix: "csv", """
            import csv, json, sys
            with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:
                print(json.dumps(list(csv.reader(f)), ensure_ascii=False))
            """).rows
    }

    /// The first sheet of the workbook: each cell's value as text (numbers as Python prints them,
    /// dates as yyyy-mm-dd[ hh:mm]), plus each column's number format on the first data row and
    /// whether the header row is bold.
    static func xlsx(_ data: Data) async throws -> (rows: [[String]], formats: [String], boldHeader: Bool, sheet: String) {
        let out = try await run(data, suffix: "xlsx", """
            import json, sys, datetime, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            ws = wb.worksheets[0]
            def text(v):
                if v is None: return ''
                if isinstance(v, datetime.datetime):
                    return v.strftime('%Y-%m-%d %H:%M') if (v.hour, v.minute) != (0, 0) else v.strftime('%Y-%m-%d')
                if isinstance(v, float) and v.is_integer(): return str(int(v))
                return str(v)
            rows = [[text(c.value) for c in r] for r in ws.iter_rows()]
            formats = [c.number_format for c in ws[2]] if ws.max_row >= 2 else []
            bold = all(c.font.b for c in ws[1])
            print(json.dumps({'rows': rows, 'formats': formats, 'bold': bold, 'sheet': ws.title}, ensure_ascii=False))
            """)
        return (out.rows, out.formats ?? [], out.bold ?? false, out.sheet ?? "")
    }

    private struct Output: Decodable {
        var rows: [[String]]
        var formats: [String]?
        var bold: Bool?
        var sheet: String?
    }

    /// Python on a thread of its own, never blocking one of Swift's cooperative threads.
    private static func run(_ data: Data, suffix: String, _ script: String) async throws -> Output {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Output, any Error>) in
            Thread { done.resume(with: Result { try blockingRun(data, suffix: suffix, script) }) }.start()
        }
    }

    private static func blockingRun(_ data: Data, suffix: String, _ script: String) throws -> Output {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pingan-export-\(UUID()).\(suffix)")
        try data.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, file.path]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let bytes = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw Failure(description: "python3: " + String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        }
        if let rows = try? JSONDecoder().decode([[String]].self, from: bytes) { return Output(rows: rows) }
        return try JSONDecoder().decode(Output.self, from: bytes)
    }
}
