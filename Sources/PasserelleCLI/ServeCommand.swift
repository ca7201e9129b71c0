import ArgumentParser
import Foundation
import Synchronization
import PasserelleApp
import PasserelleServer

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API (for applicant-tracking systems) and the counsellors' web page.",
        discussion: HelpExamples.discussion("""
        Loads the model once and answers POST /rank (a CV as JSON text, multipart or a raw .txt/.md/.html/.docx/.pdf \
        body), GET /postings/{id}/similar, POST /batch (JSON Lines in and out), GET/POST /postings, DELETE \
        /postings/{id} (changes written to the model file atomically), GET /model, GET /health, and the page at /; \
        the API is described at /openapi.json (docs/SERVER.md). Binds to 127.0.0.1 unless --host says otherwise. \
        CV texts are never logged or stored. Stops on Ctrl-C (SIGINT) or SIGTERM.
        """, command: "serve")
    )

    @OptionGroup var modelOption: ModelOption

    @Option(name: .long, help: ArgumentHelp("Address to listen on (127.0.0.1: this machine only; 0.0.0.0: every interface).", valueName: "address"))
    var host = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on (0: any free port, printed at start).")
    var port = 8080

    @Option(name: .customLong("max-upload-size"), help: ArgumentHelp("Largest CV upload, in bytes (1…1073741824).", valueName: "bytes"))
    var maxUploadSize = ServerLimits().maxUploadBytes

    @Option(name: .customLong("timeout"), help: ArgumentHelp("Seconds allowed to one request (1…3600; POST /batch: 20 × that, at most 1 hour).", valueName: "seconds"))
    var timeout: Double = ServerLimits().requestSeconds

    @Option(name: .long, help: ArgumentHelp("API keys: one `read KEY` or `write KEY` a line (also PASSERELLE_API_KEYS=read:KEY,write:KEY). Needed to listen beyond this machine.", valueName: "file"))
    var keys: String?

    @Option(name: .customLong("allow-host"), help: ArgumentHelp("A host name clients use to reach the server (its Host header), besides this machine's names and --host; repeatable; * for any.", valueName: "name"))
    var allowHost: [String] = []

    @Option(name: .customLong("cors-origin"), help: ArgumentHelp("An origin (https://ats.example) whose web pages may call the API; repeatable; off by default.", valueName: "origin"))
    var corsOrigin: [String] = []

    func validate() throws {
        guard (0 ... 65_535).contains(port) else { throw ValidationError("--port must be in 0…65535 (got \(port))") }
        guard !host.isEmpty else { throw ValidationError("--host needs an address") }
        guard (1 ... (1 << 30)).contains(maxUploadSize) else { throw ValidationError("--max-upload-size must be in 1…1073741824 (got \(maxUploadSize))") }
        guard timeout.isFinite, (1 ... 3600).contains(timeout) else { throw ValidationError("--timeout must be in 1…3600 seconds (got \(timeout))") }
    }

    func run() throws {
        try reportingErrors {
            var limits = ServerLimits()
            limits.maxUploadBytes = maxUploadSize
            limits.requestSeconds = timeout
            limits.batchSeconds = min(3600, timeout * 20)
            var apiKeys = try keys.map { try APIKeys.read(file: $0) } ?? APIKeys()
            if let env = ProcessInfo.processInfo.environment["PASSERELLE_API_KEYS"], !env.isEmpty { try apiKeys.add(environment: env) }
            let access = AccessPolicy(keys: apiKeys, allowedHosts: allowHost, corsOrigins: corsOrigin, boundHost: host)
            let configuration = ServerConfiguration(host: host, port: port, modelPath: modelOption.model, limits: limits, access: access)
            try configuration.validate()
            let host = self.host
            // The root command is synchronous (ArgumentParser runs it so): the server runs in a task and this
            // thread waits for it to end (SIGINT, SIGTERM, or a failure to start).
            let failure = Mutex<(any Error)?>(nil)
            let finished = DispatchSemaphore(value: 0)
            Task.detached {
                do {
                    try await ServerApp.run(configuration, notice: Console.notice) { port in
                        let shown = host.contains(":") ? "[\(host)]" : host
                        Console.info("passerelle: serving on http://\(shown):\(port)/ (API: /openapi.json; Ctrl-C stops)")
                    }
                } catch {
                    failure.withLock { $0 = error }
                }
                finished.signal()
            }
            finished.wait()
            if let error = failure.withLock({ $0 }) { throw error }
        }
    }
}
